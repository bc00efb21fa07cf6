"""The outline of a Python file (its imports and class bases, from its statements alone)
agrees with the full index, over every snippet of the analyzers' tests and every fixture."""

from __future__ import annotations

import ast
import itertools
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from signals import test_python_django, test_python_usecases, test_python_web
from stackcheck.facts.signals import NotAnalysable
from stackcheck.facts.signals.python.syntax import (
    _NOT_NODES,
    ALL_NODES_CHARS,
    MAX_NODES,
    Module,
    base_node,
    breadth_first,
    dotted,
    last,
    nodes_down_to,
    outline,
    outline_is_exact,
    parse,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"


def corpus() -> Iterator[tuple[str, str]]:
    """(path, source) of every snippet in the analyzers' tests and every fixture file."""
    for table in (
        test_python_django.NOTHING,
        test_python_django.FOUND,
        test_python_django.DRF,
        test_python_django.CHANNELS,
        test_python_usecases.NOTHING,
        test_python_usecases.FOUND,
    ):
        for param in table:
            path, source = param.values[:2]
            assert isinstance(path, str) and isinstance(source, str)
            yield path, textwrap.dedent(source)
    for table in (test_python_web.NOTHING, test_python_web.FOUND):
        for param in table:
            source = param.values[0]
            assert isinstance(source, str)
            yield "app/main.py", textwrap.dedent(source)
    for file in sorted(FIXTURES.rglob("*.py")):
        yield str(file.relative_to(FIXTURES)), file.read_text(encoding="utf-8")


def parsed(sources: Iterator[tuple[str, str]]) -> list[tuple[str, Module]]:
    """(source, indexed module) of those that are Python 3."""
    found = []
    for path, source in sources:
        try:
            found.append((source, parse(path, source)))
        except NotAnalysable:
            continue
    return found


PARSED = parsed(corpus())


def test_corpus_is_large() -> None:
    assert len(PARSED) > 150


def test_outline_has_the_imports_and_bases_of_the_index() -> None:
    for source, m in PARSED:
        seen = outline(ast.parse(source))
        assert {k: ast.dump(v) for k, v in seen.imported.items()} == {
            k: ast.dump(v) for k, v in m.imported.items()
        }, m.path
        qualified = {
            last(m.qualify_text(text))
            for cls in m.classes
            for text in (dotted(base_node(b)) for b in cls.bases)
            if text is not None
        }
        assert seen.bases == qualified, m.path


# Constructs with the most nodes per character: each stays below two.
DENSE = [
    "x = " + "-" * 400 + "1\n",
    "x = a" + "-a" * 300 + "\n",
    "x = a" + "--a" * 200 + "\n",
    "-a;" * 300 + "\n",
    "a;" * 300 + "\n",
    "[" + "*a," * 200 + "]\n",
    "a" + "[a]" * 200 + "\n",
    "a" + "<a" * 300 + "\n",
    'f"' + "{-a}" * 100 + '"\n',
    "match a:\n case " + "-1|" * 100 + "1:pass\n",
    "a+=a;" * 100 + "\n",
]


@pytest.mark.parametrize("source", DENSE)
def test_a_file_has_at_most_two_nodes_per_character(source: str) -> None:
    # ALL_NODES_CHARS rests on this: up to that length the index's capped walk sees every
    # node, so the outline has the same imports.
    assert sum(1 for _ in ast.walk(ast.parse(source))) <= 2 * len(source) + 2
    assert 2 * ALL_NODES_CHARS + 2 < MAX_NODES


@pytest.mark.parametrize("limit", [MAX_NODES, 1, 2, 7, 50])
def test_the_index_walk_is_ast_walk_in_order(limit: int) -> None:
    # Calls, names, attributes and strings keep walk order in the index: the faster walk
    # must visit the same nodes, in the same order, up to the same cap.
    sources = [source for _, source in corpus()]
    assert len(sources) > 100
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        walked = itertools.islice(ast.walk(tree), limit)
        expected = [node for node in walked if not isinstance(node, ast.expr_context)]
        assert breadth_first(tree, limit) == expected


def test_the_fields_the_walk_skips_never_hold_a_node() -> None:
    # Each node class's signature (its docstring, from the grammar) types every field.
    def classes(kind: type) -> Iterator[type]:
        for sub in kind.__subclasses__():
            yield sub
            yield from classes(sub)

    checked = 0
    for kind in set(classes(ast.AST)):
        signature = re.match(r"\w+\((.*)\)$", (kind.__doc__ or "").split("\n")[0])
        if signature is None:
            continue
        for typed in filter(None, (part.strip() for part in signature.group(1).split(","))):
            grammar_type, _, field = typed.rpartition(" ")
            if field in _NOT_NODES or (kind is ast.Constant and field == "value"):
                assert grammar_type.rstrip("*?") in ("identifier", "int", "string", "constant")
                checked += 1
    assert checked > 20


def _levels(tree: ast.AST) -> list[list[ast.AST]]:
    """The tree's nodes level by level (the root alone on level 0), contexts included."""
    levels = [[tree]]
    while levels[-1]:
        levels.append([child for node in levels[-1] for child in ast.iter_child_nodes(node)])
    return levels[:-1]


def test_nodes_down_to_counts_what_the_walk_meets_level_by_level() -> None:
    checked = 0
    for _, source in corpus():
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        levels = _levels(tree)
        for depth in range(len(levels) + 1):
            expected = sum(len(level) for level in levels[: depth + 1])
            assert nodes_down_to(tree, depth, MAX_NODES) == expected
            if expected > 1:  # the count stops at the limit
                assert nodes_down_to(tree, depth, expected - 1) == expected - 1
        checked += 1
    assert checked > 200


def test_the_outline_knows_how_deep_the_imports_are() -> None:
    for _, source in corpus():
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        depths = [
            depth
            for depth, level in enumerate(_levels(tree))
            for node in level
            if isinstance(node, ast.Import | ast.ImportFrom)
        ]
        assert outline(tree).import_depth == max(depths, default=0)


@pytest.mark.parametrize(
    ("source", "exact"),
    [
        pytest.param("import os\n" + "x = 1\n" * (ALL_NODES_CHARS // 6), True, id="top-level"),
        pytest.param(
            "x = 1\n" * (ALL_NODES_CHARS // 6) + "def f():\n    import os\n", True, id="nested"
        ),
        # Level 1 holds MAX_NODES / 2 statements and level 2 as many names: the import in
        # the function, on level 2, may come after the cap.
        pytest.param(
            "a;" * (MAX_NODES // 2) + "\ndef f():\n    import os\n", False, id="past-the-cap"
        ),
        pytest.param("import os\n" + "a;" * (MAX_NODES // 2), True, id="past-the-cap-at-top"),
    ],
)
def test_a_long_files_outline_is_exact_when_the_walk_meets_its_imports(
    source: str, exact: bool
) -> None:
    assert len(source) > ALL_NODES_CHARS
    tree = ast.parse(source)
    assert outline_is_exact(tree, outline(tree), len(source)) is exact
    if exact:
        walked = breadth_first(tree, MAX_NODES)
        imports = [n for n in walked if isinstance(n, ast.Import | ast.ImportFrom)]
        assert len(imports) == len(outline(tree).imported)
