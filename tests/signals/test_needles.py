"""Fast literal tests that must answer exactly as their slow definitions do."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stackcheck.facts.signals.needles import any_needle, holds_needle
from stackcheck.facts.signals.realtime import _JS_WORTH_STRIPPING, _relative_imports

NEEDLES = (".on(", ".get(", "@Get", "@Post", "listen(", "io(", "WebSocket", ".", "@")
# The definition the hand-checked word boundary must agree with.
SLOW_RELATIVE_IMPORT = re.compile(
    r"""(?:\brequire\s*\(|\bimport\s*\(|\bfrom|\bimport)\s*(['"])(\.{1,2}(?:/[^'"\n]*)?)\1"""
)
FRAGMENTS = st.sampled_from(
    ["from", "import", "require", "(", " ", "'", '"', ".", "..", "/", "a", "_", "é", "\n", "x"]
)


@pytest.mark.parametrize(
    ("needles", "text", "expected"),
    [
        pytest.param((".get(",), "", False, id="empty-text"),
        pytest.param((".get(", "@Get"), "app.post(x)", False, id="none"),
        pytest.param((".get(", ".post("), "app.post(x)", True, id="dot-led"),
        pytest.param(("@Get",), "@Get()", True, id="at-led"),
        pytest.param(("listen(",), "server.listen(3000)", True, id="plain"),
        pytest.param((".",), "a.b", True, id="lone-lead-is-plain"),
    ],
)
def test_any_needle_table(needles: tuple[str, ...], text: str, expected: bool) -> None:
    assert any_needle(needles)(text) is expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*NEEDLES, "get", "on(", "x"]), max_size=12).map("".join))
def test_any_needle_is_any_in(text: str) -> None:
    assert any_needle(NEEDLES)(text) == any(n in text for n in NEEDLES)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from((*_JS_WORTH_STRIPPING, "x", "(", ".")), max_size=6).map("".join))
def test_worth_stripping_gate_is_any_in(text: str) -> None:
    gate = any_needle(_JS_WORTH_STRIPPING)
    assert gate(text) == any(n in text for n in _JS_WORTH_STRIPPING)


@settings(max_examples=500, deadline=None)
@given(st.lists(FRAGMENTS, max_size=20).map("".join))
def test_relative_imports_match_the_word_bounded_regex(text: str) -> None:
    fast = [(m.span(), m.group(2)) for m in _relative_imports(text)]
    slow = [(m.span(), m.group(2)) for m in SLOW_RELATIVE_IMPORT.finditer(text)]
    assert fast == slow


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('import x from "react";', [], id="package"),
        pytest.param('import { a } from "./a";', ["./a"], id="from"),
        pytest.param("const b = require('../b/c');", ["../b/c"], id="require"),
        pytest.param('xfrom "./a"; import("./d")', ["./d"], id="word-continues"),
        pytest.param('_import "./a" from"./e"', ["./e"], id="underscore-is-a-word"),
    ],
)
def test_relative_imports_table(text: str, expected: list[str]) -> None:
    assert [m.group(2) for m in _relative_imports(text)] == expected


BYTE_NEEDLES = st.lists(
    st.binary(min_size=1, max_size=4).filter(lambda b: b"\0" not in b), min_size=1, max_size=12
).map(tuple)


@settings(max_examples=400, deadline=None)
@given(needles=BYTE_NEEDLES, data=st.binary(max_size=40), padding=st.sampled_from([0, 300]))
def test_holds_needle_is_any_needle_in_the_bytes(
    needles: tuple[bytes, ...], data: bytes, padding: int
) -> None:
    """Short data (one search of an alternation) and long data (a pass per needle) alike."""
    data = b"\0" * padding + data
    assert holds_needle(needles, data) == any(n in data for n in needles)


def test_every_file_scanners_needles_answer_as_passes_do() -> None:
    from stackcheck.facts import signals

    signals.load_all()
    texts = [b"", b"x = 1\n", b"import os\nfrom flask import Flask\n", b"order_book.match(", b"@"]
    for scanner in signals.FILE_SCANNERS:
        if scanner.needles:
            for text in texts + [n + b"\n" for n in scanner.needles]:
                assert holds_needle(scanner.needles, text) == any(
                    n in text for n in scanner.needles
                ), scanner.name
