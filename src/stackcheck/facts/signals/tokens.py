"""Token-level views of source text for the code-signal scanners of languages without a parser.

`strip(text, syntax)` blanks comments (and, when asked, the contents of string literals)
with spaces, keeping every newline and every other character where it was, so offsets and
line numbers found in the stripped text are valid in the original. It is a lexer, not a
parser: it knows where comments and literals start and end, nothing more. Known limits,
accepted because the damage stays on one line: JavaScript regular-expression literals are
read as code, and a heredoc in shell or Ruby is read as code.

Also here: `ident(...)` builds a pattern matching a phrase as an identifier in any casing
(order_book, orderBook, OrderBook, ORDER_BOOK), and `is_documentation` mirrors discovery's
documentation folders for scanners that only see a path.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple


class Comment(NamedTuple):
    open: str  # regular expression for the opening token
    close: str | None  # literal closing text; None: the comment runs to the end of the line


class Quote(NamedTuple):
    open: str  # regular expression for the opening token
    close: str  # literal closing text
    escapes: bool = True  # a backslash escapes the next character
    multiline: bool = False  # may span lines; otherwise an unclosed literal ends with its line


class Syntax(NamedTuple):
    name: str
    comments: tuple[Comment, ...]
    quotes: tuple[Quote, ...]


# A character literal ('a', '\n', '\u{1F600}') as opposed to a Rust lifetime or a C++ digit
# separator: the lookahead only accepts a quote that closes right after one (escaped) char.
_CHAR = r"'(?=(?:\\[^\n][^'\n]{0,9}|[^'\\\n])')"
_C_COMMENTS = (Comment("//", None), Comment(r"/\*", "*/"))
_HASH_COMMENT = (Comment("#", None),)

C_LIKE = Syntax(
    "c", _C_COMMENTS, (Quote(r'R"\(', ')"', False, True), Quote('"', '"'), Quote(_CHAR, "'"))
)
JAVA = Syntax(
    "java", _C_COMMENTS, (Quote('"""', '"""', True, True), Quote('"', '"'), Quote(_CHAR, "'"))
)
CSHARP = Syntax(
    "csharp",
    _C_COMMENTS,
    (
        Quote('"""', '"""', False, True),
        Quote('[$]?@"', '"', False, True),
        Quote('"', '"'),
        Quote(_CHAR, "'"),
    ),
)
GO = Syntax("go", _C_COMMENTS, (Quote("`", "`", False, True), Quote('"', '"'), Quote(_CHAR, "'")))
RUST = Syntax(
    "rust",
    _C_COMMENTS,
    (
        Quote('b?r##"', '"##', False, True),
        Quote('b?r#"', '"#', False, True),
        Quote('b?r"', '"', False, True),
        Quote('"', '"', True, True),
        Quote(_CHAR, "'"),
    ),
)
JAVASCRIPT = Syntax(
    "javascript",
    _C_COMMENTS,
    (Quote("`", "`", True, True), Quote('"', '"'), Quote("'", "'")),
)
PYTHON = Syntax(
    "python",
    _HASH_COMMENT,
    (
        Quote('"""', '"""', True, True),
        Quote("'''", "'''", True, True),
        Quote('"', '"'),
        Quote("'", "'"),
    ),
)
RUBY = Syntax(
    "ruby",
    (Comment(r"^=begin\b", "\n=end"), *_HASH_COMMENT),
    (Quote('"', '"', True, True), Quote("'", "'", True, True)),
)
# PHP: C's comments and `#` ones (not PHP 8's `#[Attribute]`); both quotes delimit strings
# (`'http://...'` holds no comment). A double-quoted string may span lines (SQL often does);
# a single quote left open ends with its line, as an apostrophe in the HTML around the code
# would otherwise swallow what follows.
PHP = Syntax(
    "php",
    (*_C_COMMENTS, Comment(r"#(?!\[)", None)),
    (Quote('"', '"', True, True), Quote("'", "'")),
)
# Perl: `#` comments (not `$#array`), POD blocks from a `=head1` line to `=cut`.
PERL = Syntax(
    "perl",
    (Comment(r"^=[a-zA-Z]", "\n=cut"), Comment(r"(?<![$@\\])#", None)),
    (Quote('"', '"', True, True), Quote("'", "'", True, True)),
)
ERLANG = Syntax(
    "erlang",
    (Comment("%", None),),
    (Quote('"', '"', True, True), Quote("'", "'")),
)
ELIXIR = Syntax(
    "elixir",
    _HASH_COMMENT,
    (
        Quote('"""', '"""', True, True),
        Quote("'''", "'''", True, True),
        Quote('"', '"', True, True),
        Quote("'", "'"),
    ),
)
# Zig: line comments only; `\\\\` starts a line of a multiline string, read as one literal
# per line.
ZIG = Syntax(
    "zig", (Comment("//", None),), (Quote(r"\\\\", "\n", False), Quote('"', '"'), Quote(_CHAR, "'"))
)
# OCaml: `(* *)` comments (nested comments end at the first close: the damage stays small).
OCAML = Syntax("ocaml", (Comment(r"\(\*", "*)"),), (Quote('"', '"', True, True),))
# Haskell: `--` and `{- -}` comments (a pragma `{-# ... #-}` too); a quote after a name
# (`x'`) is part of the name, so only a closed one-character literal is a char.
HASKELL = Syntax(
    "haskell",
    (Comment(r"\{-", "-}"), Comment(r"--(?![!#$%&*+./<=>?@\\^|~:])", None)),
    (Quote('"', '"'), Quote(_CHAR, "'")),
)
# Clojure: `;` comments; strings may span lines; `\"` is the double-quote character, not a
# string's start.
CLOJURE = Syntax("clojure", (Comment(";", None),), (Quote(r'(?<!\\)"', '"', True, True),))
# Lua: `--[[ ]]` and `--` comments; long strings `[[ ]]` (a level's `=` signs not told apart).
LUA = Syntax(
    "lua",
    (Comment(r"--\[=*\[", "]]"), Comment("--", None)),
    (Quote(r"\[=*\[", "]]", False, True), Quote('"', '"'), Quote("'", "'")),
)
# Shell, make, CMake, TOML: a '#' only starts a comment at the start of a word (`${#x}`).
# Literals are read one line at a time: an apostrophe in a make recipe must not swallow the file.
COFFEESCRIPT = Syntax(
    "coffeescript",
    (Comment("###", "###"), *_HASH_COMMENT),
    (Quote('"""', '"""', True, True), Quote('"', '"', True, True), Quote("'", "'")),
)
SHELL = Syntax(
    "shell", (Comment(r"(?<![^\s;])#", None),), (Quote('"', '"'), Quote("'", "'", False))
)

_BY_EXTENSION = {
    ".c": C_LIKE,
    ".h": C_LIKE,
    ".cc": C_LIKE,
    ".cpp": C_LIKE,
    ".cxx": C_LIKE,
    ".hpp": C_LIKE,
    ".hh": C_LIKE,
    ".hxx": C_LIKE,
    ".ipp": C_LIKE,
    ".inl": C_LIKE,
    ".java": JAVA,
    ".kt": JAVA,
    ".kts": JAVA,
    ".scala": JAVA,
    ".cs": CSHARP,
    ".go": GO,
    ".rs": RUST,
    ".coffee": COFFEESCRIPT,
    ".js": JAVASCRIPT,
    ".mjs": JAVASCRIPT,
    ".cjs": JAVASCRIPT,
    ".jsx": JAVASCRIPT,
    ".ts": JAVASCRIPT,
    ".mts": JAVASCRIPT,
    ".cts": JAVASCRIPT,
    ".tsx": JAVASCRIPT,
    ".py": PYTHON,
    ".pyw": PYTHON,
    ".rb": RUBY,
    ".rake": RUBY,
    ".ru": RUBY,
    ".pl": PERL,
    ".pm": PERL,
    ".psgi": PERL,
    ".ex": ELIXIR,
    ".exs": ELIXIR,
    ".zig": ZIG,
    ".ml": OCAML,
    ".mli": OCAML,
    ".hs": HASKELL,
    ".lua": LUA,
    ".clj": CLOJURE,
    ".cljs": CLOJURE,
    ".cljc": CLOJURE,
    ".sh": SHELL,
    ".bash": SHELL,
    ".zsh": SHELL,
    ".mk": SHELL,
    ".cmake": SHELL,
    ".toml": SHELL,
    ".bazelrc": SHELL,
    ".ac": SHELL,
}
_BY_NAME = {
    "Makefile": SHELL,
    "makefile": SHELL,
    "GNUmakefile": SHELL,
    "CMakeLists.txt": SHELL,
    "meson.build": SHELL,
    "BUILD": SHELL,
    "BUILD.bazel": SHELL,
    "WORKSPACE": SHELL,
    "Rakefile": RUBY,
    "Gemfile": RUBY,
    "Dockerfile": SHELL,
    "config": SHELL,
}


def syntax_for(path: str) -> Syntax | None:
    """The comment and literal syntax for a file, from its name; None when unknown."""
    name = path.rsplit("/", 1)[-1]
    if name in _BY_NAME:
        return _BY_NAME[name]
    dot = name.rfind(".")
    return _BY_EXTENSION.get(name[dot:].lower()) if dot >= 0 else None


def strip(text: str, syntax: Syntax, strings: bool = False) -> str:
    """Blank comments (and string contents if `strings`), keeping offsets and line breaks.

    String delimiters stay, so `f("x")` becomes `f(" ")` and a call still looks like a call.
    """
    return _strip(text, syntax, (strings,))[0]


def strip_both(text: str, syntax: Syntax) -> tuple[str, str]:
    """`strip` with and without string contents, `(code, literal)`, from one pass over the
    text: where comments and literals are does not depend on what is blanked."""
    code, literal = _strip(text, syntax, (True, False))
    return code, literal


def _strip(text: str, syntax: Syntax, blank_strings: tuple[bool, ...]) -> list[str]:
    """One stripped text per entry of `blank_strings`.

    One search finds the next comment opener or whole literal (its body and closer are part
    of the pattern, see `_compiled`), so a literal costs no call of its own: a data module
    is tens of thousands of them. Only where to blank is recorded; each text is built once
    at the end."""
    opener, actions = _compiled(syntax)
    search = opener.search
    comments: list[tuple[int, int]] = []  # blanked in every text
    both: list[tuple[int, int]] = []  # comments and string contents, in order
    pos = 0
    end = len(text)
    while pos < end:
        found = search(text, pos)
        if found is None:
            break
        start = found.start()
        kind, index, body = actions[found.lastgroup or ""]
        if kind == "comment":
            stop = _comment_end(text, found.end(), syntax.comments[index])
            comments.append((start, stop))
            both.append((start, stop))
        else:
            opened = found.start(body)
            if found.start(body + 1) >= 0:
                stop, body_end = found.end(), found.end(body)
            else:  # unclosed: see _literal_end
                stop, body_end = _literal_end(text, opened, syntax.quotes[index])
            if body_end > opened:
                both.append((opened, body_end))
        if stop <= start:  # a zero-width opener must still move the scan forward
            stop = start + 1
        pos = stop
    return [blank_spans(text, both if strings else comments) for strings in blank_strings]


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each (start, stop) span, in order and not overlapping, blanked."""
    if not spans:
        return text
    parts: list[str] = []
    append = parts.append
    pos = 0
    for start, stop in spans:
        append(text[pos:start])
        append(_blank(text[start:stop]))
        pos = stop
    append(text[pos:])
    return "".join(parts)


def strip_path(path: str, text: str, strings: bool = False) -> str:
    """`strip` with the syntax chosen from the file name; text as-is when it is unknown."""
    syntax = syntax_for(path)
    return text if syntax is None else strip(text, syntax, strings)


class Lines:
    """Offset -> 1-based line number for one text, by binary search over line starts."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def number(self, offset: int) -> int:
        return bisect_right(self._starts, offset)

    def text(self, line: int, limit: int = 80) -> str:
        """The line's text, trimmed, cut to `limit` characters for evidence details."""
        begin = self._starts[line - 1]
        stop = self._text.find("\n", begin)
        found = self._text[begin : stop if stop >= 0 else len(self._text)].strip()
        return found if len(found) <= limit else found[: limit - 3].rstrip() + "..."


# The words of a persistent-connection hub's code (any language): it broadcasts, keeps
# subscribers, rooms or clients. A proxy or a database speaks the same sockets, and not these.
HUB_WORDS = "broadcast|subscribe|subscriber|publish|pubsub|pub_sub|chat|room|clients"


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one string, so long tables stay readable."""
    return frozenset(text.split())


def words(name: str) -> list[str]:
    """Lower-case words of an identifier: LedgerEntry -> [ledger, entry], unit_price -> ..."""
    return [w.lower() for w in _WORD.findall(name)]


# Splitting an identifier into words: CamelCase humps, runs of capitals, digits.
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def ident(*words: str) -> str:
    """A pattern for a phrase used as (part of) an identifier, in the usual casings.

    ident("order", "book") finds order_book, orderbook, orderBook, OrderBook, Orderbook,
    ORDER_BOOK, LimitOrderBook, order_books and order_book_t, and OCaml's module of
    order_book.ml, Order_book; but not reorderbook, and not "order book" in prose (which
    `strip` has removed from comments and strings anyway).
    """
    first, rest = words[0], words[1:]
    lower = "_?".join(re.escape(w.lower()) for w in words)
    camel = "_?".join([re.escape(first.lower()), *(re.escape(w.capitalize()) for w in rest)])
    pascal = "_?".join(re.escape(w.capitalize()) for w in words)
    # (capitalised, the rest in lower case: Orderbook, and OCaml's module of order_book.ml)
    joined = "_?".join([re.escape(first.capitalize()), *(re.escape(w.lower()) for w in rest)])
    upper = "_?".join(re.escape(w.upper()) for w in words)
    after = r"[sS]?(?![a-z])"
    return (
        rf"(?:(?<![A-Za-z0-9])(?:{lower}|{camel}){after}"
        rf"|(?<![A-Z])(?:{pascal}|{joined}|{upper}){after})"
    )


_DOC_FOLDERS = frozenset({"docs", "doc", "documentation", "man", "examples", "example", "samples"})


def is_documentation(path: str) -> bool:
    """Paths discovery flags as documentation (by folder); scanners only see the path."""
    return any(part.lower() in _DOC_FOLDERS for part in path.split("/")[:-1])


def _blank(chunk: str) -> str:
    """Spaces for every character but line breaks (this runs once per comment and literal)."""
    if "\n" not in chunk:
        return " " * len(chunk)
    return "\n".join(" " * len(part) for part in chunk.split("\n"))


def _comment_end(text: str, after: int, comment: Comment) -> int:
    if comment.close is None:
        stop = text.find("\n", after)
        return len(text) if stop < 0 else stop
    stop = text.find(comment.close, after)
    return len(text) if stop < 0 else stop + len(comment.close)


def _literal_end(text: str, after: int, quote: Quote) -> tuple[int, int]:
    """(offset after the closing delimiter, offset of the closing delimiter)."""
    body = _body_pattern(quote.close, quote.escapes, quote.multiline)
    found = body.match(text, after)
    if found is not None and text.startswith(quote.close, found.end()):
        return found.end() + len(quote.close), found.end()
    # Unclosed: a one-line literal ends with its line, a multi-line one with the text.
    if quote.multiline:
        return len(text), len(text)
    stop = text.find("\n", after)
    stop = len(text) if stop < 0 else stop
    return stop, stop


@lru_cache(maxsize=64)
def _body_pattern(close: str, escapes: bool, multiline: bool) -> re.Pattern[str]:
    """The literal's body: anything up to the closer, skipping escaped characters.

    Written as runs of plain characters between the few that need a look (an escape, the
    closer's first character where the rest of it does not follow): the engine takes a run
    in one step, not one alternation per character, which is most of the time of blanking
    a file whose text is mostly literals (a data module)."""
    excluded = ("" if multiline else r"\n") + (r"\\" if escapes else "")
    first = re.escape(close[0])
    run = rf"[^{first}{excluded}]*"
    special = [r"\\[\s\S]"] if escapes else []
    if len(close) > 1:  # (""", "#): the closer's first character, unless the closer starts here
        special.append(rf"{first}(?!{re.escape(close[1:])})")
    if not special:
        return re.compile(run)
    return re.compile(rf"{run}(?:(?:{'|'.join(special)}){run})*")


@lru_cache(maxsize=32)
def _compiled(syntax: Syntax) -> tuple[re.Pattern[str], dict[str, tuple[str, int, int]]]:
    """One pattern for the next comment opener or literal of a syntax, and what each named
    group means: (kind, index in the syntax, the body's group number for a literal). A
    literal's alternative is its opener, its body and, when it is there, its closer: the
    body never stops short of a closer, so the opener that wins is the one the opener alone
    would choose (the first alternative that matches at the leftmost place)."""
    parts: list[str] = []
    actions: dict[str, tuple[str, int, int]] = {}
    group = 0
    for index, comment in enumerate(syntax.comments):
        parts.append(f"(?P<c{index}>{comment.open})")
        group += 1
        actions[f"c{index}"] = ("comment", index, 0)
    for index, quote in enumerate(syntax.quotes):
        body = _body_pattern(quote.close, quote.escapes, quote.multiline).pattern
        parts.append(f"(?P<q{index}>(?:{quote.open})({body})({re.escape(quote.close)})?)")
        actions[f"q{index}"] = ("quote", index, group + 2)
        group += 3
    alternatives = "|".join(parts)
    starts = _first_characters([c.open for c in syntax.comments] + [q.open for q in syntax.quotes])
    if starts is not None:
        # Led by a look at one character of a set, the search skips plain code at memchr-like
        # speed instead of trying every alternative at every position (a third of the time).
        alternatives = f"(?=[{''.join(re.escape(c) for c in sorted(starts))}])(?:{alternatives})"
    return re.compile(alternatives, re.MULTILINE), actions


_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "s": " \t\n\r\f\v"}


def _first_characters(patterns: list[str]) -> frozenset[str] | None:
    """Every character a match of any of these patterns can begin with, and some it cannot
    (each character written in them, their look-arounds left out); None when a pattern may
    begin with a character it does not write (`.`, a negated set, a class like `\\w`)."""
    found: set[str] = set()
    for pattern in patterns:
        text = _without_lookarounds(pattern)
        if text is None or "." in text or "[^" in text:
            return None
        index = 0
        while index < len(text):
            char = text[index]
            if char == "\\" and index + 1 < len(text):
                escaped = text[index + 1]
                if escaped.isalnum() and escaped not in _ESCAPED and escaped != "b":
                    return None  # \w, \d, \S ...: a class of characters not written here
                found.update(_ESCAPED.get(escaped, escaped))
                index += 2
                continue
            if char == "[":  # a set: its ranges (`a-z`) stand for every character in them
                close = text.find("]", index + 2)
                if close < 0:
                    return None
                members = text[index + 1 : close]
                if "\\" in members:
                    return None
                for low, high in re.findall(r"(.)-(.)", members):
                    found.update(chr(c) for c in range(ord(low), ord(high) + 1))
                found.update(members)
                index = close + 1
                continue
            found.add(char)
            index += 1
    return frozenset(found)


def _without_lookarounds(pattern: str) -> str | None:
    """The pattern with its look-ahead and look-behind groups taken out (they match no
    character); None when their parentheses do not pair up."""
    kept: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), index):
            end = _group_end(pattern, index)
            if end is None:
                return None
            index = end
            continue
        if pattern[index] == "\\":
            kept.append(pattern[index : index + 2])
            index += 2
            continue
        kept.append(pattern[index])
        index += 1
    return "".join(kept)


def _group_end(pattern: str, start: int) -> int | None:
    """The index after the parenthesis closing the group opened at `start`."""
    depth = 0
    index = start
    in_set = False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
            if pattern.startswith("]", index + 1) or pattern.startswith("^]", index + 1):
                index += 2 if pattern[index + 1] == "]" else 3
                continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None
