"""Class bases read without the parser (python/classes.py): never fewer than the outline's,
for any text the parser reads; None where the reading cannot be trusted."""

from __future__ import annotations

import ast

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from signals.test_python_outline import corpus
from stackcheck.facts.signals.python.classes import class_bases
from stackcheck.facts.signals.python.syntax import import_table, outline


def read(source: str) -> frozenset[str] | None:
    aliases, _ = import_table(
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
    )
    return class_bases(source, aliases)


def outline_bases(source: str) -> frozenset[str]:
    return outline(ast.parse(source)).bases


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("class A: pass\n", frozenset(), id="no-bases"),
        pytest.param("class A(B): pass\n", {"B"}, id="one"),
        pytest.param("from django.db import models\nclass A(models.Model): pass\n", {"Model"},
                     id="qualified"),
        pytest.param("from x import Model as M\nclass A(M): pass\n", {"Model"}, id="aliased"),
        pytest.param("class A(\n    B,\n    c.D,  \n):\n    pass\n", {"B", "D"}, id="lines"),
        pytest.param("class A(Generic[T], metaclass=abc.ABCMeta): pass\n",
                     {"Generic", "T", "metaclass", "ABCMeta"}, id="more-than-bases"),
        pytest.param("class A(make(B)()): pass\n", {"make", "B"}, id="a-call"),
        pytest.param("x = 'the class is'\n", frozenset(), id="prose"),
        pytest.param("subclass(A)\nklass(B)\nx.class_(C)\n", frozenset(), id="other-words"),
        pytest.param("def f():\n    class A(B): pass\n", {"B"}, id="nested"),
    ],
)  # fmt: skip
def test_what_is_read(source: str, expected: frozenset[str]) -> None:
    assert read(source) == frozenset(expected)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("class Ä(B): pass\n", id="non-ascii"),
        pytest.param("class \\\n  A(B): pass\n", id="join-after-class"),
        pytest.param("class A \\\n  (B): pass\n", id="join-after-the-name"),
        pytest.param("class A(B, \\\n C): pass\n", id="join-inside"),
        pytest.param("class A(B,  # C)\n  D): pass\n", id="comment-inside"),
        pytest.param("class A(B, metaclass=m(')')): pass\n", id="quote-inside"),
        pytest.param("x = 'class A('\n", id="left-open"),
    ],
)
def test_what_is_not_read(source: str) -> None:
    assert class_bases(source, {}) is None


def test_type_parameters_are_not_read() -> None:
    # `class A[T](B)` is Python 3.12; the reading leaves it to the parser of any version.
    assert class_bases("class A[T](B): pass\n", {}) is None


def test_never_fewer_than_the_outline_over_the_corpus() -> None:
    read_some = 0
    for _, source in corpus():
        try:
            expected = outline_bases(source)
        except SyntaxError:
            continue
        found = read(source)
        if found is not None:
            assert expected <= found, source
            read_some += bool(expected)
    assert read_some > 50


PIECES = st.sampled_from(
    [
        "import abc\n",
        "from django.db import models\n",
        "from x import Model as M\n",
        "class A: pass\n",
        "class B(M): pass\n",
        "class C(models.Model, abc.ABC):\n    x = 1\n",
        "class D(\n    Generic[T],\n    metaclass=abc.ABCMeta,\n):\n    pass\n",
        "class E(make(B)(), **kw): pass\n",
        "def f():\n    class F(models.Model): pass\n",
        "if x:\n    class G(M): pass\nelse:\n    class G(N): pass\n",
        "@dec(class_=1)\nclass H(M): pass\n",
        "s = 'class I(J): pass'\n",
        "# class K(L)\n",
        "x = klass(models.Model)\n",
        "class N (  M  ) :\n    pass\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=8))
def test_never_fewer_than_the_outline(pieces: list[str]) -> None:
    source = "".join(pieces)
    try:
        expected = outline_bases(source)
    except SyntaxError:
        assume(False)
        return
    found = read(source)
    assert found is not None
    assert expected <= found
