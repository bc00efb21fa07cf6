"""The token-level helper: comments and literals blanked in place, identifiers in any casing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stackcheck.facts.signals import tokens
from stackcheck.facts.signals.tokens import Lines, ident, is_documentation, strip, syntax_for


@pytest.mark.parametrize(
    ("syntax", "source", "expected"),
    [
        pytest.param(tokens.C_LIKE, "int a = 1;\n", "int a = 1;\n", id="c-no-comment"),
        pytest.param(
            tokens.C_LIKE, "a(); // rte_eal_init\n", "a();                \n", id="c-line"
        ),
        pytest.param(tokens.C_LIKE, "a /* x\ny */ b", "a     \n     b", id="c-block-keeps-newline"),
        pytest.param(
            tokens.C_LIKE,
            'f("// not a comment"); // yes',
            'f("// not a comment");       ',
            id="c-comment-opener-inside-string",
        ),
        pytest.param(tokens.C_LIKE, "a /* never closed", "a                ", id="c-open-block"),
        pytest.param(
            tokens.PHP,
            "new Worker('websocket://0.0.0.0:2346'); // run\n",
            "new Worker('websocket://0.0.0.0:2346');       \n",
            id="php-single-quoted-url-holds-no-comment",
        ),
        pytest.param(
            tokens.PHP,
            "$a = 1; # note\n#[Route('/x')]\n",
            "$a = 1;       \n#[Route('/x')]\n",
            id="php-hash-comment-not-attribute",
        ),
        pytest.param(
            tokens.PHP,
            "<p>Don't panic</p>\n<?php // x\n",
            "<p>Don't panic</p>\n<?php     \n",
            id="php-an-apostrophe-ends-with-its-line",
        ),
        pytest.param(
            tokens.C_LIKE, "char q = '\"'; // x", "char q = '\"';     ", id="c-char-literal-quote"
        ),
        pytest.param(
            tokens.RUST,
            "fn f<'a>(x: &'a str) {} // c",
            "fn f<'a>(x: &'a str) {}     ",
            id="rust-lifetimes-are-no-literals",
        ),
        pytest.param(
            tokens.RUST, 'r#"a "quoted" // b"# // c', 'r#"a "quoted" // b"#     ', id="rust-raw"
        ),
        pytest.param(tokens.GO, "x := `a\n// b` // c", "x := `a\n// b`     ", id="go-raw-string"),
        pytest.param(
            tokens.JAVASCRIPT,
            "s = `a\n${b} // c`; // d",
            "s = `a\n${b} // c`;     ",
            id="js-template-literal",
        ),
        pytest.param(
            tokens.PYTHON,
            'x = "a#b"  # c\n"""\n# d\n"""',
            'x = "a#b"     \n"""\n# d\n"""',
            id="python-hash-in-strings",
        ),
        pytest.param(
            tokens.RUBY,
            "=begin\nsecret\n=end\nx = 1 # c",
            "      \n      \n    \nx = 1    ",
            id="ruby-begin-end",
        ),
        pytest.param(
            tokens.SHELL,
            "echo ${#x} a#b # c\nA='#x'",
            "echo ${#x} a#b    \nA='#x'",
            id="shell-hash-inside-words-and-quotes",
        ),
        pytest.param(
            tokens.ELIXIR, 'channel "room:*", Room # c', 'channel "room:*", Room    ', id="elixir"
        ),
        pytest.param(tokens.ZIG, 'const s = "a//b"; // c', 'const s = "a//b";     ', id="zig"),
        pytest.param(
            tokens.OCAML,
            'let x = (* a "b" *) "(*" in x',
            'let x =             "(*" in x',
            id="ocaml",
        ),
    ],
)
def test_strip_comments(syntax: tokens.Syntax, source: str, expected: str) -> None:
    assert strip(source, syntax) == expected


@pytest.mark.parametrize(
    ("syntax", "source", "expected"),
    [
        pytest.param(tokens.C_LIKE, "a = b;", "a = b;", id="no-literals"),
        pytest.param(tokens.C_LIKE, 'puts("DPDK");', 'puts("    ");', id="c-string"),
        pytest.param(tokens.C_LIKE, "c = '\\'';", "c = '  ';", id="c-escaped-char"),
        pytest.param(tokens.C_LIKE, 's = "a\\"b";', 's = "    ";', id="c-escaped-quote"),
        pytest.param(tokens.C_LIKE, 's = "open\nx = 1;', 's = "    \nx = 1;', id="c-unclosed"),
        pytest.param(tokens.PYTHON, "'''a\nb'''", "''' \n '''", id="python-triple"),
        pytest.param(tokens.CSHARP, 'x = @"a\\b";', 'x = @"   ";', id="csharp-verbatim"),
        pytest.param(
            tokens.JAVA, 's = """\n  rte_eal\n  """;', 's = """\n         \n  """;', id="java-block"
        ),
        pytest.param(
            tokens.ZIG,
            "const t =\n    \\\\ order book\n;",
            "const t =\n    \\\\           \n;",
            id="zig-multiline-line",
        ),
    ],
)
def test_strip_strings(syntax: tokens.Syntax, source: str, expected: str) -> None:
    assert strip(source, syntax, strings=True) == expected


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("", id="empty"),
        pytest.param('"' * 5001, id="many-quotes"),
        pytest.param("/*" * 3000 + "\n//\n'", id="openers-only"),
        pytest.param("x = '\\", id="escape-at-end"),
    ],
)
def test_strip_keeps_length_and_lines(source: str) -> None:
    for syntax in (
        *(tokens.C_LIKE, tokens.RUST, tokens.PYTHON, tokens.JAVASCRIPT, tokens.SHELL),
        *(tokens.ZIG, tokens.OCAML),
    ):
        for strings in (False, True):
            out = strip(source, syntax, strings)
            assert len(out) == len(source)
            assert [i for i, c in enumerate(out) if c == "\n"] == [
                i for i, c in enumerate(source) if c == "\n"
            ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("README", None, id="unknown"),
        pytest.param("notes.txt", None, id="text"),
        pytest.param("src/book.hpp", "c", id="cpp-header"),
        pytest.param("src/main.rs", "rust", id="rust"),
        pytest.param("web/app.TSX", "javascript", id="tsx-upper-case"),
        pytest.param("CMakeLists.txt", "shell", id="cmake"),
        pytest.param("Rakefile", "ruby", id="rakefile"),
        pytest.param("lib/chat/room_channel.ex", "elixir", id="elixir"),
        pytest.param("src/core/order_book.zig", "zig", id="zig"),
        pytest.param("src/engine.ml", "ocaml", id="ocaml"),
    ],
)
def test_syntax_for(path: str, expected: str | None) -> None:
    found = syntax_for(path)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("words", "text", "found"),
    [
        pytest.param(("order", "book"), "reorderbook", False, id="inside-a-word"),
        pytest.param(("order", "book"), "order", False, id="half"),
        pytest.param(("itch",), "switch (x)", False, id="switch-is-no-itch"),
        pytest.param(("itch",), "SWITCH_CASE", False, id="upper-switch"),
        pytest.param(("itch",), "itchy", False, id="longer-word"),
        pytest.param(("order", "book"), "order_book", True, id="snake"),
        pytest.param(("order", "book"), "orderbook", True, id="joined"),
        pytest.param(("order", "book"), "orderBook", True, id="camel"),
        pytest.param(("order", "book"), "LimitOrderBook", True, id="pascal-inside"),
        pytest.param(("order", "book"), "Orderbook", True, id="capitalised"),
        pytest.param(("order", "book"), "ORDER_BOOK_DEPTH", True, id="upper"),
        pytest.param(("order", "book"), "order_books", True, id="plural"),
        pytest.param(("order", "book"), "Order_book.best_ask b", True, id="ocaml-module"),
        pytest.param(("order", "book"), "Order_bookkeeping", False, id="ocaml-longer-word"),
        pytest.param(("itch",), "parse_itch_add", True, id="snake-part"),
        pytest.param(("itch",), "NasdaqItch50", True, id="pascal-part"),
    ],
)
def test_ident(words: tuple[str, ...], text: str, found: bool) -> None:
    assert bool(re.search(ident(*words), text)) is found


def test_lines_numbers_and_text() -> None:
    text = "first\n  second line  \nthird"
    lines = Lines(text)
    assert [lines.number(text.index(w)) for w in ("first", "second", "third")] == [1, 2, 3]
    assert lines.text(2) == "second line"
    assert Lines("x" * 200).text(1, limit=10) == "xxxxxxx..."


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("src/docs.c", False, id="file-named-docs"),
        pytest.param("server.js", False, id="root"),
        pytest.param("docs/index.md", True, id="docs"),
        pytest.param("api/Documentation/x.html", True, id="nested-documentation"),
        pytest.param("examples/chat/server.js", True, id="examples"),
    ],
)
def test_is_documentation(path: str, expected: bool) -> None:
    assert is_documentation(path) is expected


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

STRIP_BOTH_SOURCES = [
    pytest.param("", id="empty"),
    pytest.param('f("x") // c\ns = \'q\' /* b\nb */ "open', id="mixed"),
    pytest.param("'''a\nb''' # c\nr = r'\\d'", id="python"),
    pytest.param('"' * 7 + "/*" * 5 + "\n'", id="openers-only"),
]


@pytest.mark.parametrize("source", STRIP_BOTH_SOURCES)
def test_strip_both_is_strip_twice(source: str) -> None:
    """One pass gives what the two strips give (the scanners that want both views use it)."""
    for syntax in (tokens.C_LIKE, tokens.RUST, tokens.PYTHON, tokens.JAVASCRIPT, tokens.CSHARP):
        assert tokens.strip_both(source, syntax) == (
            strip(source, syntax, strings=True),
            strip(source, syntax),
        )


def test_strip_both_on_every_fixture_file() -> None:
    checked = 0
    for path in sorted(FIXTURES.rglob("*")):
        syntax = syntax_for(path.name)
        if syntax is None or not path.is_file() or path.is_symlink():
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        code, literal = tokens.strip_both(text, syntax)
        assert code == strip(text, syntax, strings=True), path
        assert literal == strip(text, syntax), path
        checked += 1
    assert checked > 50


def _reference_strip(text: str, syntax: tokens.Syntax, strings: bool) -> str:
    """What `strip` means, written the slow, obvious way: at each place, the first opener
    of the syntax that matches there (comments first) starts a comment or a literal."""
    openers = [("comment", i, re.compile(c.open, re.M)) for i, c in enumerate(syntax.comments)]
    openers += [("quote", i, re.compile(q.open, re.M)) for i, q in enumerate(syntax.quotes)]
    out: list[str] = []
    pos = 0
    while pos < len(text):
        first = next(
            ((kind, index, m) for kind, index, o in openers if (m := o.match(text, pos))), None
        )
        if first is None:
            out.append(text[pos])
            pos += 1
            continue
        kind, index, found = first
        opened = found.end()
        if kind == "comment":
            close = syntax.comments[index].close
            at = text.find("\n" if close is None else close, opened)
            stop = len(text) if at < 0 else at + (0 if close is None else len(close))
            blanked = [(pos, stop)]
        else:
            quote = syntax.quotes[index]
            at, closed = opened, False
            while at < len(text):
                if quote.escapes and text[at] == "\\":
                    if at + 1 == len(text):
                        break
                    at += 2
                elif text.startswith(quote.close, at):
                    closed = True
                    break
                elif text[at] == "\n" and not quote.multiline:
                    break
                else:
                    at += 1
            if closed:
                stop, body_end = at + len(quote.close), at
            elif quote.multiline:
                stop = body_end = len(text)
            else:
                line_end = text.find("\n", opened)
                stop = body_end = len(text) if line_end < 0 else line_end
            blanked = [(opened, body_end)] if strings else []
        if stop <= pos:
            out.append(text[pos])
            pos += 1
            continue
        start = pos
        for begin, end in blanked:
            out.append(text[start:begin])
            out.append("".join("\n" if c == "\n" else " " for c in text[begin:end]))
            start = end
        out.append(text[start:stop])
        pos = stop
    return "".join(out)


_SYNTAXES = sorted(
    {v for v in vars(tokens).values() if isinstance(v, tokens.Syntax)}, key=lambda s: s.name
)
# Every character an opener or closer writes, and a few others around them.
_ALPHABET = sorted(
    {
        c
        for syntax in _SYNTAXES
        for part in (*syntax.comments, *syntax.quotes)
        for c in part.open + (part.close or "")
    }
    | set("\n \\abrRx=")
)


@pytest.mark.parametrize("syntax", _SYNTAXES, ids=lambda s: s.name)
@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=40))
def test_strip_is_the_obvious_lexer(syntax: tokens.Syntax, text: str) -> None:
    """The one search (its look at the first character, each literal matched whole) finds
    the comments and literals the obvious lexer finds, for every syntax."""
    assert strip(text, syntax) == _reference_strip(text, syntax, strings=False)
    assert strip(text, syntax, strings=True) == _reference_strip(text, syntax, strings=True)


def test_every_syntax_leads_its_search_with_the_characters_its_openers_begin_with() -> None:
    for syntax in _SYNTAXES:
        pattern, _ = tokens._compiled(syntax)
        assert pattern.pattern.startswith("(?=["), syntax.name
    assert tokens._first_characters([r"(?<![$@\\])#", r"^=[a-c]"]) == frozenset("#^=abc-")
    assert tokens._first_characters([r"\w+"]) is None
    assert tokens._first_characters(["."]) is None
