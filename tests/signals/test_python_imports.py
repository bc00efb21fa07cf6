"""Import statements read without the parser (python/imports.py): for any text the parser
reads, the same statements as the parser's, or None (the caller then parses); never a
statement the parser would not have seen."""

from __future__ import annotations

import ast
import warnings

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from stackcheck.facts.signals.python.imports import import_statements

Shape = tuple[str, str | None, int, tuple[tuple[str, str | None], ...], int]


def shapes(nodes: list[ast.Import | ast.ImportFrom]) -> list[Shape]:
    return [
        (
            type(node).__name__,
            getattr(node, "module", None),
            getattr(node, "level", 0),
            tuple((alias.name, alias.asname) for alias in node.names),
            node.lineno,
        )
        for node in nodes
    ]


def parsed(text: str) -> list[Shape] | None:
    """The parser's import statements in file order, or None when it refuses the text."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    nodes = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    return shapes(sorted(nodes, key=lambda n: (n.lineno, n.col_offset)))


def read(text: str) -> list[Shape] | None:
    found = import_statements(text)
    return None if found is None else shapes(found)


SAME_AS_PARSER = [
    pytest.param("import os\n", id="plain"),
    pytest.param("import os.path as p, sys as s\n", id="aliased"),
    pytest.param("from django.db.models import *\n", id="star"),
    pytest.param("from . import views\nfrom ..models import Order as O\n", id="relative"),
    pytest.param("from .import views\nfrom ... import x\nfrom . mod import y\n", id="dots"),
    pytest.param(
        "from django.db import (\n    models,  # the ORM (fields)\n    connection,\n)\n",
        id="grouped-with-comment",
    ),
    pytest.param("from a import (b as c, d,)\n", id="grouped-trailing-comma"),
    pytest.param("from a import (b,  # (c\n d)\n", id="parenthesis-in-a-grouped-comment"),
    pytest.param("import os; import sys\nx = 1; from a import b\n", id="semicolons"),
    pytest.param("try: import ujson as json\nexcept ImportError: import json\n", id="one-liners"),
    pytest.param("if x:\n    import a\nelse:\n    from b import c\n", id="nested"),
    pytest.param("def f():\n    from a.b import c\n    return c\n", id="in-a-function"),
    pytest.param("import a, \\\n    b\nfrom c \\\n  import d\n", id="continuations"),
    pytest.param('"""\nimport nothing\nfrom x import y\n"""\nimport real\n', id="docstring"),
    pytest.param("x = 'import os'\ny = \"from a import b\"\n# import c\nimport d\n", id="strings"),
    pytest.param("s = '''it's \"\"\" here\nimport x'''\nimport y\n", id="quotes-in-triple"),
    pytest.param('s = "a \\" import b"\nimport c\n', id="escaped-quote"),
    pytest.param("def g():\n    yield from h()\n    raise E from e\nimport i\n", id="other-from"),
    pytest.param("important = 1\nfrom_ = 2\nx.import_ = 3\n__import__('os')\n", id="not-words"),
    pytest.param("import ｄjango\nfrom ｄjango.db import ｍodels\n", id="nfkc-identifiers"),
    pytest.param("import os\r\nfrom a import b\r\n", id="crlf"),
    pytest.param("from c \\\r\n  import d  # f\r\nimport e\r\n", id="continuation-crlf"),
    pytest.param("# café\nimport os  # naïve\n", id="non-ascii-comments"),
    pytest.param("", id="empty"),
    pytest.param("x = 1\n", id="no-imports"),
    pytest.param("from __future__ import annotations\nimport os\n", id="future"),
    pytest.param("r = rb'import x'\nf = f'{1}import'\nimport z\n", id="prefixed-strings"),
]


@pytest.mark.parametrize("text", SAME_AS_PARSER)
def test_the_statements_are_the_parsers(text: str) -> None:
    expected = parsed(text)
    assert expected is not None
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("import os\rimport sys\n", id="bare-carriage-return"),
        pytest.param("import os\n\0\n", id="nul"),
        pytest.param('x = f"{d["import"]}"\n', id="keyword-in-a-nested-f-string"),
        pytest.param("from a import (b, 'c')\n", id="string-in-a-grouped-list"),
        pytest.param("from {{ app }} import models\n", id="template"),
        pytest.param("x = '#'; import os\n", id="hash-in-a-string-before-it"),
        pytest.param("from a import b.c\n", id="dotted-name-from-a-module"),
    ],
)
def test_what_it_does_not_read_goes_to_the_parser(text: str) -> None:
    assert import_statements(text) is None


def test_text_that_is_not_python_still_gives_what_looks_like_imports() -> None:
    text = "import os\nprint 'hello'\nfrom a import b\nclass (:\n"
    assert parsed(text) is None
    assert read(text) == [("Import", None, 0, (("os", None),), 1),
                          ("ImportFrom", "a", 0, (("b", None),), 3)]  # fmt: skip


PIECES = st.sampled_from(
    [
        "import os\n",
        "import a.b as c, d\n",
        "from x.y import (p,\n  q as r,  # note\n)\n",
        "from . import z\n",
        "from .. m import *\n",
        "x = 1; import json\n",
        "if t: import u\n",
        "def f():\n    import v\n    yield from w\n",
        "raise E from e\n",
        '"""\nimport doc\n"""\n',
        "'''from q import r'''\n",
        "s = 'import s' + \"from t import u\"\n",
        "# import c\n",
        "t = f'{x!r:>10} import'\n",
        "n = important_from_import\n",
        "import p, \\\n  q\n",
        "from c \\\n  import d  # e\n",
        "x = (\n  'import y'\n)\n",
        "u = r'\\' import'\n",
        "b = b'\\x00 import'\n",
        "\n",
        "    \n",
        "import é\n",
        "import ﬁle\n",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_any_mix_reads_as_the_parser_does(pieces: list[str], newline: str) -> None:
    text = "".join(pieces).replace("\n", newline)
    expected = parsed(text)
    assume(expected is not None)
    found = read(text)
    assert found is None or found == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("imports fa.b,()\\\n#'\"*;:x_ é")), max_size=80))
def test_noise_never_gives_statements_the_parser_does_not_see(text: str) -> None:
    expected = parsed(text)
    found = read(text)
    if expected is not None and found is not None:
        assert found == expected
