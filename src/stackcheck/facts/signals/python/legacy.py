"""Python 2, read for what the signals need.

Old projects are still Python 2: a Tornado chat server or a Django 1.x site from 2014 is as
much a product as a new one, and `ast.parse` refuses all of it for a `print "x"` in one
handler. The signals need imports, classes and their bases, decorators, calls and names,
which Python 2 writes as Python 3 does; only a few statements differ. `python2_tree`
rewrites those on the same lines, from the tokens (so nothing inside a string or a comment
is touched), and parses the result:

- `print x, y` and `exec code` become calls (`print >>f, x` drops the `>>`);
- `except E, e:` becomes `except E as e:`, `raise E, msg` becomes `raise E(msg)`;
- `0777` becomes `0o777`, `10L` becomes `10`, `ur"x"` becomes `r"x"`, `<>` becomes `!=`,
  and backquotes (`repr`) become parentheses;
- tabs in indentation are expanded to Python 2's 8-column stops (Python 3 refuses a mix).

A file that still does not parse is not Python we can read, and the caller says so as
before. The rewrite is one pass of the standard tokenizer plus one edit per changed token,
linear in the file's length.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings

STATEMENT_STARTS = frozenset({tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT})
OCTAL_DIGITS = re.compile(r"[0-7]+\Z")
LONG = re.compile(r"(?:0[xX][0-9a-fA-F]+|\d+)\Z")

Edit = tuple[int, int, int, str]  # (row, start column, end column, replacement)


def python2_tree(text: str, path: str) -> ast.Module | None:
    """The syntax tree of a Python 2 file rewritten as Python 3, or None when the file is
    not Python 2 either (or cannot be tokenized)."""
    source = _expand_indentation(text)
    try:
        edits = _edits(source)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    if not edits and source == text:
        return None  # nothing Python 2 here: the parser's error was of another kind
    # (with no statement to rewrite, the indentation alone may have been Python 2's: tabs
    # mixed with spaces, which Python 3 refuses)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(_apply(source, edits), filename=path)
    except (SyntaxError, ValueError):
        return None


def _expand_indentation(text: str) -> str:
    if "\t" not in text:
        return text
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        body = line.lstrip(" \t")
        indent = line[: len(line) - len(body)]
        if "\t" in indent:
            lines[i] = indent.expandtabs(8) + body
    return "".join(lines)


class _Statement:
    """A print/exec/raise statement being rewritten: where it started, how deep it is."""

    def __init__(self, keyword: str, depth: int) -> None:
        self.keyword = keyword
        self.depth = depth


def _edits(source: str) -> list[Edit]:
    edits: list[Edit] = []
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    depth = 0
    previous: tokenize.TokenInfo | None = None
    open_call: _Statement | None = None  # a print/exec/raise whose ")" is still to come
    in_except = False  # after `except` on this logical line, before its ":"
    backquote_open = False
    for i, tok in enumerate(tokens):
        kind, value, (row, col), (end_row, end_col), _ = tok
        starts = (
            previous is None
            or previous.type in STATEMENT_STARTS
            or (previous.type == tokenize.OP and previous.string in (";", ":") and depth == 0)
        )
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            open_call is not None
            and depth == open_call.depth
            and (
                kind in (tokenize.NEWLINE, tokenize.COMMENT, tokenize.ENDMARKER)
                or (kind == tokenize.OP and value == ";")
            )
        ):
            edits.append((row, col, col, ")"))
            open_call = None
        if kind == tokenize.NAME and starts and value in ("print", "exec"):
            if following is not None and not _ends_name_use(following):
                if following.string == ">>":  # print >>stream, x
                    edits.append((row, end_col, following.end[1], "("))
                else:
                    edits.append((row, end_col, end_col, "("))
                open_call = _Statement(value, depth)
        elif kind == tokenize.NAME and starts and value == "except":
            in_except = True
        elif kind == tokenize.NAME and starts and value == "raise":
            open_call = None
            raised = _Statement("raise", depth)
            comma = _top_level_comma(tokens, i + 1, depth)
            if comma is not None:
                c_row, c_col = tokens[comma].start
                edits.append((c_row, c_col, tokens[comma].end[1], "("))
                open_call = raised
        elif kind == tokenize.OP and value == "," and in_except and depth == 0:
            edits.append((row, col, end_col, " as "))
            in_except = False
        elif (
            kind == tokenize.NUMBER
            and value == "0"
            and following is not None
            and following.type == tokenize.NUMBER
            and following.start == (end_row, end_col)
            and OCTAL_DIGITS.match(following.string)
        ):
            edits.append((row, col, end_col, "0o"))  # `0755` arrives as `0` then `755`
        elif (
            kind == tokenize.NAME
            and value in ("L", "l")
            and previous is not None
            and previous.type == tokenize.NUMBER
            and previous.end == (row, col)
            and LONG.match(previous.string)
        ):
            edits.append((row, col, end_col, ""))
        elif kind == tokenize.NAME and value.lower() == "ur" and following is not None:
            if following.type == tokenize.STRING and following.start == (end_row, end_col):
                edits.append((row, col, end_col, value[1]))
        elif (
            kind == tokenize.OP
            and value == "<"
            and following is not None
            and following.string == ">"
            and following.start == (end_row, end_col)
        ):
            edits.append((row, col, following.end[1], "!="))
        elif kind == tokenize.ERRORTOKEN and value == "`":
            edits.append((row, col, end_col, ")" if backquote_open else "repr("))
            backquote_open = not backquote_open
        if kind == tokenize.OP and value in "([{":
            depth += 1
        elif kind == tokenize.OP and value in ")]}":
            depth = max(depth - 1, 0)
        elif kind == tokenize.OP and value == ":" and depth == 0:
            in_except = False
        if kind == tokenize.NEWLINE:
            in_except = False
        # Comments and the line breaks inside a statement do not change what came before.
        inside = kind == tokenize.COMMENT or (
            kind == tokenize.NL and previous is not None and previous.type not in STATEMENT_STARTS
        )
        if not inside:
            previous = tok
    return edits


def _ends_name_use(following: tokenize.TokenInfo) -> bool:
    """Whether `print` is used as a name (Python 3's function, or a variable), not as
    Python 2's statement: `print(x)`, `print = f`, `print.x`, `print` alone."""
    if following.type in (tokenize.NEWLINE, tokenize.ENDMARKER, tokenize.COMMENT):
        return False  # a bare `print` statement: becomes `print()`
    return following.type == tokenize.OP and following.string in (
        "(",
        "=",
        ".",
        "[",
        ",",
        ")",
        ":",
        ";",
        "+=",
        "==",
        "!=",
        "]",
        "}",
    )


def _top_level_comma(tokens: list[tokenize.TokenInfo], start: int, depth: int) -> int | None:
    """The index of the first comma at the statement's own depth before it ends."""
    level = depth
    for j in range(start, len(tokens)):
        tok = tokens[j]
        if tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            return None
        if tok.type == tokenize.OP:
            if tok.string in "([{":
                level += 1
            elif tok.string in ")]}":
                level -= 1
            elif tok.string == ";" and level == depth:
                return None
            elif tok.string == "," and level == depth:
                return j
    return None


def _apply(source: str, edits: list[Edit]) -> str:
    lines = source.splitlines(keepends=True)
    # Right to left, so earlier columns stay valid; of two edits at one place, the later
    # one first, so that they end up in the order they were made (`print` + "(" + ")").
    ordered = sorted(enumerate(edits), key=lambda item: (*item[1][:3], item[0]), reverse=True)
    for _, (row, start, end, piece) in ordered:
        if 1 <= row <= len(lines):
            line = lines[row - 1]
            lines[row - 1] = line[:start] + piece + line[end:]
    return "".join(lines)
