"""Python 3 newer than the interpreter stackcheck runs on, read all the same.

A project may be written for a newer Python than the one running the scan: PEP 695 generics
(`def f[T](x: T)`, `class Box[T]`, `type Alias = ...`, 3.12), PEP 701 f-strings (`f"{d["k"]}"`,
backslashes and comments inside the braces, 3.12), PEP 696 type parameter defaults (3.13),
PEP 750 t-strings (3.14), and on Python 3.10 `except*` and PEP 646 stars (`tuple[*Ts]`, 3.11).
`ast.parse` refuses such a file, though it is not Python 2. When it does, `newer_syntax`
reads it in two steps, both linear in the file's length:

1. **A rewrite on the same lines.** A small tokenizer of its own (`tokenize` follows the
   running version's grammar, and reads new f-strings wrongly) finds each newer construct
   and writes it as the running parser reads it, keeping every line where it was:
   type parameter lists are blanked; `type X[T] = v` becomes `(X := v)`, which binds the
   name and holds the value as 3.12's `TypeAlias` does, and like it is none of the node
   kinds the Python index sorts (an assignment would be); an f-string (or t-string) becomes
   a call of a marker function with its pieces, turned back into the `JoinedStr` node after
   parsing; `except*` loses its star and `[*Ts]` becomes `[(*Ts,)]`. When the rewritten file
   parses, its tree is the newer parser's for everything the signals read: the same imports,
   classes, bases, decorators, calls, names and strings, on the same lines. Only the type
   parameters themselves (with their bounds and defaults) are gone.
2. **Statement by statement**, when the rewritten file still does not parse: each top-level
   statement is parsed alone, and one that fails again with its newer f-strings emptied
   (their pieces are lost, the rest of the statement is kept). A
   statement that fails even so has an error of another kind (Python 2, a typo, not Python
   at all): the file is not read, and the caller reports the running parser's error as
   before. So a file is read only when what the running parser refuses in it is syntax
   this module knows to be newer.

Syntax newer than this module knows (after 3.14) is not recognised, and such files are still
"not Python 3". `except A, B:` (PEP 758, 3.14) is read as `except (A, B):` in a file that has
other newer syntax, but it alone does not make a file newer: Python 2 wrote `except E, e:`.

A file read this way is analysed like any other and is not listed as skipped. Every step is
bounded: each tokenizer pass reads the text once (a string once more per f-string it is
nested in, nesting capped), and the text handed to `ast.parse` is at most a fixed multiple
of the file's length (`Work` counts both, and stops a reading past its bound).
"""

from __future__ import annotations

import ast
import bisect
import functools
import keyword
import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

Version = tuple[int, int]
RUNNING: Version = (sys.version_info[0], sys.version_info[1])

# Marker functions of the rewrite; their calls are turned back into f-string nodes.
STRING_MARK = "__stackcheck_fstring__"
FIELD_MARK = "__stackcheck_field__"
MAX_NESTING = 8  # f-strings inside f-strings; Python itself stops at about 150
# Statements parsed together before they are tried one by one.
BATCH = 64
# Safety bounds on the work, per character: of the scans (a string's body is read once per
# f-string it is nested in, and once more by the older grammar), and of the parses (the
# rewritten text whole, in batches of statements, one by one, and with newer f-strings
# emptied).
SCAN_FACTOR = 4 * (MAX_NESTING + 2)
PARSE_FACTOR = 8


class Work:
    """Characters scanned and handed to `ast.parse` while reading one file, and the bound
    past which the reading stops (the file is then "not Python 3", as before)."""

    def __init__(self) -> None:
        self.chars = 0
        self.limit = 0
        self.stopped = False

    @classmethod
    def unbounded(cls) -> Work:
        work = cls()
        work.limit = sys.maxsize
        return work

    def charge(self, chars: int) -> None:
        self.chars += chars
        if self.chars > self.limit:
            self.stopped = True
            raise _Unreadable


def newer_syntax(
    text: str, filename: str = "<unknown>", version: Version = RUNNING, work: Work | None = None
) -> ast.Module | None:
    """The tree of a file that holds Python newer than `version`; None when what the running
    parser refuses is not that. Never raises for any text (RecursionError included)."""
    if not _maybe_newer(version).search(text):
        return None
    work = work or Work()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the scanned file's warnings are not the user's
            return _Reader(text, filename, version, work).read()
    except (_Unreadable, RecursionError, MemoryError):
        return None


@functools.lru_cache(maxsize=4)
def _maybe_newer(version: Version) -> re.Pattern[str]:
    """A cheap first look: a file with none of these holds nothing newer than `version`."""
    signs = []
    if version < (3, 14):  # f-strings (3.12), t-strings (3.14)
        signs.append(r"""(?<![\w])(?:[fFtT][rR]?|[rR][fFtT])['"]""")
    if version < (3, 13):  # type parameters (3.12, defaults 3.13), type aliases
        signs.append(r"\b(?:def|class)[\s\\]+\w+[\s\\]*\[")
        signs.append(r"(?:^|[;:])[ \t]*type[ \t\\]+\w+[ \t\\]*[=\[]")
    if version < (3, 11):  # except*, PEP 646 stars
        signs.append(r"\bexcept[\s\\]*\*|[\[,:][\s\\]*\*")
    return re.compile("|".join(signs) or "(?!)", re.MULTILINE)


class _Unreadable(Exception):
    """Nesting beyond the caps, or more work than the bound allows."""


# --- tokens ------------------------------------------------------------------------------

NAME, NUMBER, STRING, OP, NEWLINE, OTHER = range(6)

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\f]+)
    |(?P<cont>\\(?:\r\n|\r|\n))
    |(?P<comment>\#[^\r\n]*)
    |(?P<nl>\r\n|\r|\n)
    |(?P<number>0[xXoObB][\w]*|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJlL]?)
    |(?P<name>\w+)
    |(?P<quote>['"])
    |(?P<op>\*\*=|//=|>>=|<<=|\.\.\.|->|:=|!=|==|<=|>=|\*\*|//|<<|>>|[-+*/%&|^@]=
        |[-+*/%&|^@~<>()\[\]{},:;.=!])
    |(?P<other>[\s\S])
    """,
    re.VERBOSE,
)
_PREFIXES = frozenset({"r", "u", "b", "br", "rb", "f", "fr", "rf", "t", "tr", "rt"})
_OPENS = frozenset("([{")
_CLOSES = frozenset(")]}")
_KEYWORDS = frozenset(keyword.kwlist) | {"match", "case"}
_FORMATTED = frozenset("ft")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_SPACES = re.compile(r"(?:[ \t\f\r\n]+|#[^\r\n]*)*")  # and comments
_COMMENT = re.compile(r"#[^\r\n]*")
_WORD = re.compile(r"\w+")


@dataclass(eq=False)
class Literal:
    value: str


@dataclass(eq=False)
class Field:
    expr_start: int
    expr_end: int
    groups: list[Group]  # strings inside the expression
    debug: str | None  # `{x = }`: the text shown before the value
    conversion: int  # -1, or ord("r" | "s" | "a")
    spec: list[Literal | Field] | None


@dataclass(eq=False, slots=True)
class Token:
    kind: int
    start: int
    end: int
    depth: int = 0  # brackets open before it
    prefix: str = ""  # strings: lower-case prefix
    parts: list[Literal | Field] | None = None  # f- and t-strings that scanned cleanly
    newer: bool = False  # a construct the running parser does not know


@dataclass(eq=False)
class Group:
    """Strings written side by side: one constant (or one f-string) for the parser."""

    tokens: list[Token]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


@functools.cache  # compiled on first use: most files this module reads need few of them
def _string_pattern(quote: str, formatted: bool, raw: bool, spec: bool) -> re.Pattern[str]:
    """What ends a run of plain characters inside a string body."""
    alternatives = []
    if formatted and not raw:
        alternatives.append(r"\\N\{[^}\r\n]*\}")
    if formatted:
        alternatives.append(r"\\(?:\r\n|[^{}])")  # a backslash never hides a brace
        alternatives.append(r"[{}]" if spec else r"\{\{|\}\}|[{}]")
    else:
        alternatives.append(r"\\(?:\r\n|[\s\S])")
    alternatives.append(re.escape(quote))
    if len(quote) == 1:
        alternatives.append(r"\r\n|\r|\n")
    return re.compile("|".join(alternatives))


_ESCAPE = re.compile(
    r"\\(?:N\{[^}\n]*\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])"
)


def _unescape(text: str, raw: bool) -> str:
    """The value of a literal piece of an f-string, as the parser computes it."""
    text = _NEWLINE.sub("\n", text)
    if raw or "\\" not in text:
        return text
    return _ESCAPE.sub(_one_escape, text)


def _one_escape(match: re.Match[str]) -> str:
    escape = match.group()
    if not escape[1].isascii():
        return escape
    try:
        return escape.encode("ascii").decode("unicode_escape")
    except UnicodeDecodeError:
        raise _BadString from None


class _BadString(Exception):
    """An f-string the scanner cannot read; it is left as it is."""


class _Scanner:
    """Tokens of a text, strings (f-strings with their pieces) included; linear."""

    def __init__(self, text: str, version: Version, work: Work) -> None:
        self.text = text
        self.version = version
        self.work = work
        self.charge = work.charge
        self.comments: list[tuple[int, int]] = []  # inside f-string fields (3.12)

    def tokens(self, pos: int = 0, field_level: int = 0) -> tuple[list[Token], int]:
        """From `pos` to the end; inside an f-string field (level > 0), up to the character
        that ends the expression (`}`, `!`, `:` or `=` outside brackets), whose offset is
        returned."""
        text, n = self.text, len(self.text)
        found: list[Token] = []
        depth = 0
        match = _TOKEN.match
        start = pos
        while pos < n:
            m = match(text, pos)
            assert m is not None  # the last alternative takes any character
            kind, end = m.lastgroup, m.end()
            if kind in ("ws", "cont", "comment"):
                if field_level and kind == "comment":
                    self.comments.append((pos, end))
                pos = end
                continue
            if kind == "nl":
                if not field_level and depth == 0 and found and found[-1].kind != NEWLINE:
                    found.append(Token(NEWLINE, pos, end))
                pos = end
                continue
            if kind == "name" and end < n and text[end] in "'\"":
                prefix = text[pos:end].lower()
                if prefix in _PREFIXES:
                    token = self.string(pos, end, prefix, field_level)
                    token.depth = depth
                    found.append(token)
                    pos = token.end
                    continue
            if kind == "quote":
                token = self.string(pos, pos, "", field_level)
                token.depth = depth
                found.append(token)
                pos = token.end
                continue
            if kind == "op":
                op = m.group()
                if field_level and depth == 0 and (op in ("}", "!", "=") or op[0] == ":"):
                    self.charge(pos - start)
                    return found, pos
                if op in _OPENS:
                    found.append(Token(OP, pos, end, depth))
                    depth += 1
                    pos = end
                    continue
                if op in _CLOSES:
                    depth = max(0, depth - 1)
            token_kind = {"name": NAME, "number": NUMBER, "op": OP}.get(kind or "", OTHER)
            found.append(Token(token_kind, pos, end, depth))
            pos = end
        self.charge(pos - start)
        return found, pos

    def plain_end(self, body: int, quote: str) -> tuple[int, bool]:
        """Where a string of the older grammar ends (f-strings included): offset, closed."""
        text, pattern, pos = self.text, _string_pattern(quote, False, False, False), body
        while True:
            m = pattern.search(text, pos)
            if m is None:
                end = len(text)
                break
            if m.group()[0] == "\\":
                pos = m.end()
                continue
            if m.group() == quote:
                self.charge(m.end() - body)
                return m.end(), True
            end = m.start()  # a line break in a one-line string
            break
        self.charge(end - body)
        return end, False

    def string(self, start: int, quote_at: int, prefix: str, level: int) -> Token:
        text = self.text
        quote = text[quote_at]
        if text.startswith(quote * 3, quote_at):
            quote *= 3
        body = quote_at + len(quote)
        old_end, closed = self.plain_end(body, quote)
        if "f" not in prefix and "t" not in prefix:
            return Token(STRING if closed else OTHER, start, old_end, prefix=prefix)
        if level >= MAX_NESTING:
            raise _Unreadable
        try:
            parts, end, newer = self.formatted(body, quote, "r" in prefix, level + 1)
        except _BadString:
            return Token(STRING if closed else OTHER, start, old_end, prefix=prefix)
        if "t" in prefix:
            newer = self.version < (3, 14)
        elif self.version >= (3, 12):
            newer = False
        else:
            newer = newer or end != old_end
        return Token(STRING, start, end, prefix=prefix, parts=parts, newer=newer)

    def formatted(
        self, pos: int, quote: str, raw: bool, level: int, spec: bool = False
    ) -> tuple[list[Literal | Field], int, bool]:
        """The pieces of an f-string body (or of a format spec, up to its `}`), where it
        ends, and whether it needs the newer grammar."""
        text = self.text
        pattern = _string_pattern(quote, True, raw, spec)
        parts: list[Literal | Field] = []
        pending: list[str] = []
        newer = False
        while True:
            m = pattern.search(text, pos)
            if m is None:
                raise _BadString
            found = m.group()
            pending.append(text[pos : m.start()])
            self.charge(m.end() - pos)
            pos = m.end()
            if found[0] == "\\":
                pending.append(found)
            elif found in ("{{", "}}"):
                pending.append(found[0])
            elif found == "{":
                if pending:
                    parts.append(Literal(_unescape("".join(pending), raw)))
                    pending = []
                part, pos, deeper = self.field(pos, quote, raw, level)
                parts.append(part)
                newer = newer or deeper
            elif found == "}":
                if not spec:
                    raise _BadString  # a single "}"
                pos = m.start()
                break
            elif found == quote and not spec:
                break
            else:  # the closing quote inside a field, or a line break in a one-line string
                raise _BadString
        if pending:
            parts.append(Literal(_unescape("".join(pending), raw)))
        return parts, pos, newer

    def field(self, pos: int, quote: str, raw: bool, level: int) -> tuple[Field, int, bool]:
        text, n = self.text, len(self.text)
        expr_start = pos
        comments = len(self.comments)
        found, pos = self.tokens(pos, level)
        if pos >= n or not found:
            raise _BadString
        region = text[expr_start:pos]
        newer = (
            "\\" in region
            or "#" in region
            or (len(quote) == 1 and ("\n" in region or "\r" in region))
            or any(token.newer for token in found)
        )
        debug = None
        conversion = -1
        spec = None
        expr_end = pos
        if text[pos] == "=":
            after = _SPACES.match(text, pos + 1)
            assert after is not None
            # The text shown is the expression's, without its comments.
            pieces, start = [], expr_start
            for comment_start, comment_end in self.comments[comments:]:
                pieces.append(text[start:comment_start])
                start = comment_end
            pieces.append(text[start : pos + 1])
            pieces.append(_COMMENT.sub("", text[pos + 1 : after.end()]))
            debug = "".join(pieces)
            pos = after.end()
        if pos < n and text[pos] == "!":
            name = _WORD.match(text, pos + 1)
            if name is None or name.group() not in ("r", "s", "a"):
                raise _BadString
            conversion = ord(name.group())
            after = _SPACES.match(text, name.end())
            assert after is not None
            pos = after.end()
        if pos < n and text[pos] == ":":
            spec, pos, deeper = self.formatted(pos + 1, quote, raw, level, spec=True)
            newer = newer or deeper
        if pos >= n or text[pos] != "}":
            raise _BadString
        if debug is not None and conversion == -1 and spec is None:
            conversion = ord("r")
        return Field(expr_start, expr_end, _groups(found), debug, conversion, spec), pos + 1, newer


def _groups(tokens: list[Token]) -> list[Group]:
    """Runs of strings side by side (a line's end outside brackets parts them)."""
    groups: list[Group] = []
    run: list[Token] = []
    for token in tokens:
        if token.kind == STRING:
            run.append(token)
            continue
        if run:
            groups.append(Group(run))
            run = []
    if run:
        groups.append(Group(run))
    return groups


# --- the rewrite -------------------------------------------------------------------------


class _Lines:
    """Line numbers of offsets (1-based), counting line breaks as the parser does."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    def of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def start(self, line: int) -> int:
        return self.starts[line - 1]


@dataclass(order=True)
class _Edit:
    start: int
    end: int
    write: Callable[[_Writer], None] = field(compare=False)


class _Writer:
    """Builds the rewritten text; `sync` adds the line breaks that keep every piece of code
    on its original line (they fall inside brackets the rewrite opened)."""

    def __init__(self, text: str, lines: _Lines, version: Version, empty_newer: bool) -> None:
        self.text = text
        self.lines = lines
        self.version = version
        self.empty_newer = empty_newer
        self.out: list[str] = []
        self.line = 1

    def sync(self, offset: int) -> None:
        target = self.lines.of(offset)
        if target > self.line:
            self.out.append("\n" * (target - self.line))
            self.line = target

    def copy(self, start: int, end: int) -> None:
        self.sync(start)
        self.out.append(self.text[start:end])
        self.line = self.lines.of(end)

    def region(self, start: int, end: int, groups: list[Group]) -> None:
        for group in groups:
            self.copy(start, group.start)
            self.group(group)
            start = group.end
        self.copy(start, end)

    def group(self, group: Group) -> None:
        if not _rewritten(group, self.version):
            self.copy(group.start, group.end)
            return
        self.sync(group.start)
        self.out.append(STRING_MARK + "(")
        for token in group.tokens:
            if token.parts is None:
                self.copy(token.start, token.end)
                self.out.append(", ")
            elif not (self.empty_newer and token.newer):
                self.pieces(token.parts, group.start, token.start)
        self.sync(group.end)
        self.out.append(")")

    def pieces(self, parts: list[Literal | Field], group: int, token: int) -> None:
        """A marker call's arguments: literals, and for each field the marker call of the
        field with its expression, conversion, format spec and the spec's position (older
        parsers place a spec at the start of its f-string, not of the whole run of strings)."""
        for part in parts:
            if isinstance(part, Literal):
                self.out.append(repr(part.value) + ", ")
                continue
            if part.debug is not None:
                self.out.append(repr(part.debug) + ", ")
            self.out.append(FIELD_MARK + "((")
            self.region(part.expr_start, part.expr_end, part.groups)
            self.out.append(f"), {max(part.conversion, 0)}, ")  # 0: none
            if part.spec is None:
                self.out.append("None")
            else:
                self.out.append(STRING_MARK + "(")
                self.pieces(part.spec, group, token)
                line = self.lines.of(token)
                column = len(self.text[self.lines.start(line) : token].encode())
                self.out.append(f"), {line - self.lines.of(group)}, {column}")
            self.out.append("), ")


def _apply(
    text: str, lines: _Lines, edits: list[_Edit], version: Version, empty_newer: bool = False
) -> str:
    """The text with the edits made; with empty_newer, newer f-strings are left out of the
    strings they are part of (an f-string of newer syntax alone becomes an empty one)."""
    writer = _Writer(text, lines, version, empty_newer)
    pos = 0
    for edit in sorted(edits):
        if edit.start < pos:
            continue  # inside an earlier edit (a string in a blanked type parameter list)
        writer.copy(pos, edit.start)
        edit.write(writer)
        writer.line = lines.of(edit.end)
        pos = edit.end
    writer.copy(pos, len(text))
    return "".join(writer.out)


def _rewritten(group: Group, version: Version) -> bool:
    """Whether a run of strings is written as a marker call: it holds an f-string the
    running parser may not read (a t-string before 3.14), and every piece scanned cleanly."""
    needed = any(
        token.parts is not None
        and (version < (3, 12) or ("t" in token.prefix and version < (3, 14)))
        for token in group.tokens
    )
    return needed and all(
        token.kind == STRING
        and "b" not in token.prefix
        and (token.parts is not None or not _FORMATTED & set(token.prefix))
        for token in group.tokens
    )


def _write(group: Group, writer: _Writer) -> None:
    writer.group(group)


def _blank(text: str) -> str:
    """Spaces for the characters of a span, its line breaks kept as continuation lines."""
    return _NEWLINE.sub(lambda m: "\\" + m.group(), re.sub(r"[^\r\n]", " ", text))


class _Rewrite:
    """The edits that make a file's newer constructs readable by an older parser."""

    def __init__(self, source: str, tokens: list[Token], version: Version) -> None:
        self.source = source
        self.tokens = tokens
        self.version = version
        self.edits: list[_Edit] = []
        self.newer = 0  # constructs found that need a newer parser
        self.pairs = _pairs(source, tokens)

    def text(self, i: int) -> str:
        if i >= len(self.tokens):
            return ""
        token = self.tokens[i]
        return self.source[token.start : token.end]

    def op(self, i: int, text: str) -> bool:
        return i < len(self.tokens) and self.tokens[i].kind == OP and self.text(i) == text

    def name(self, i: int) -> bool:
        return i < len(self.tokens) and self.tokens[i].kind == NAME

    def write(self, start: int, end: int, piece: str) -> None:
        def write(writer: _Writer) -> None:
            writer.out.append(piece)

        self.edits.append(_Edit(start, end, write))

    def blank(self, open_at: int, close_at: int) -> None:
        start, end = self.tokens[open_at].start, self.tokens[close_at].end
        self.write(start, end, _blank(self.source[start:end]))

    def run(self) -> None:
        tokens = self.tokens
        older_than_311 = self.version < (3, 11)
        stars: list[list[int]] = []  # open brackets: [index, at an element's start, starred]
        statement_start = True
        header: str | None = ""  # first word of the logical line; None once past its `:`
        for i, token in enumerate(tokens):
            word = self.text(i)
            at_start = statement_start
            statement_start = token.kind == NEWLINE or (
                token.kind == OP and token.depth == 0 and word == ";"
            )
            if token.kind == NEWLINE:
                header = ""
                continue
            if header == "":
                header = word
            elif header in _HEADERS and token.depth == 0 and word == ":" and token.kind == OP:
                header = None
                statement_start = True  # a body on the header's line
            if token.kind == NAME:
                if word in ("def", "class"):
                    self.generic(i)
                elif word == "type" and at_start:
                    self.alias(i)
                elif word == "except" and at_start:
                    self.except_list(i)
            if older_than_311:
                self.stars(i, stars)
        for group in _groups(tokens):
            if any(token.newer for token in group.tokens):
                self.newer += 1
            if _rewritten(group, self.version):
                self.edits.append(_Edit(group.start, group.end, functools.partial(_write, group)))

    def generic(self, i: int) -> None:
        """PEP 695 type parameters, `def f[T]` and `class C[T]`: blanked (3.13 defaults too)."""
        if not (self.name(i + 1) and self.op(i + 2, "[") and i + 2 in self.pairs):
            return
        close = self.pairs[i + 2]
        if self.version < (3, 12) or (self.version < (3, 13) and self.defaults(i + 2, close)):
            self.blank(i + 2, close)
            self.newer += 1

    def alias(self, i: int) -> None:
        """PEP 695 `type X[T] = value`: `(X := value)`."""
        if not self.name(i + 1) or keyword.iskeyword(self.text(i + 1)):
            return
        j, params = i + 2, None
        if self.op(j, "[") and j in self.pairs:
            params, j = (j, self.pairs[j]), self.pairs[j] + 1
        if not self.op(j, "="):
            return
        last = self.statement_last(j)
        if last == j:
            return
        if self.version < (3, 12):
            start, end = self.tokens[i].start, self.tokens[j].end
            breaks = "\n" * len(_NEWLINE.findall(self.source, start, end))
            self.write(start, end, f"({self.text(i + 1)}{breaks} :=")
            self.write(self.tokens[last].end, self.tokens[last].end, ")")
            self.newer += 1
        elif params and self.version < (3, 13) and self.defaults(*params):
            self.blank(*params)
            self.newer += 1

    def except_list(self, i: int) -> None:
        """`except*` before 3.11 loses its star; PEP 758 `except A, B:` (3.14) becomes
        `except (A, B):`, which is not counted as newer: Python 2 wrote `except E, e:`."""
        j = i + 1
        if self.op(j, "*"):
            if self.version < (3, 11):
                self.write(self.tokens[j].start, self.tokens[j].end, " ")
                self.newer += 1
            j += 1
        if self.version >= (3, 14):
            return
        depth = self.tokens[i].depth
        comma = False
        k = j
        while k < len(self.tokens) and self.tokens[k].kind != NEWLINE:
            token = self.tokens[k]
            if token.depth == depth and token.kind == OP and self.text(k) == ":":
                break
            if token.depth == depth and (self.text(k) == "as" or token.kind == STRING):
                return
            comma = comma or (token.depth == depth and self.op(k, ","))
            k += 1
        if comma and k > j and self.op(k, ":"):
            self.write(self.tokens[j].start, self.tokens[j].start, "(")
            self.write(self.tokens[k].start, self.tokens[k].start, ")")

    def stars(self, i: int, stars: list[list[int]]) -> None:
        """PEP 646 before 3.11: `x[*Ts]` becomes `x[(*Ts,)]`, `*args: *Ts` loses the star."""
        token, word = self.tokens[i], self.text(i)
        if (
            word == "*"
            and self.name(i + 1)
            and self.op(i + 2, ":")
            and self.op(i + 3, "*")
            and token.kind == OP
        ):
            star = self.tokens[i + 3]
            self.write(star.start, star.end, " ")
            self.newer += 1
        if stars and stars[-1][1] and token.kind == OP and word == "*":
            stars[-1][2] = 1
        if stars:
            stars[-1][1] = 0
        if token.kind != OP:
            return
        if word in _OPENS:
            stars.append([i, 1, 0])
        elif word in _CLOSES and stars:
            opened, _, starred = stars.pop()
            if starred and self.text(opened) == "[" and self.subscript(opened):
                after_open = self.tokens[opened].end
                self.write(after_open, after_open, "(")
                self.write(token.start, token.start, ")" if self.op(i - 1, ",") else ",)")
                self.newer += 1
        elif word == "," and stars:
            stars[-1][1] = 1

    def subscript(self, opened: int) -> bool:
        """Whether the `[` at this index subscripts what comes before it."""
        if opened == 0:
            return False
        before, word = self.tokens[opened - 1], self.text(opened - 1)
        if before.kind == NAME:
            return word not in _KEYWORDS
        return before.kind == STRING or (before.kind == OP and word in (")", "]"))

    def defaults(self, open_at: int, close_at: int) -> bool:
        """A PEP 696 default (`T = int`) among the type parameters in these brackets."""
        inner = self.tokens[open_at].depth + 1
        return any(
            self.tokens[k].depth == inner and self.op(k, "=") for k in range(open_at + 1, close_at)
        )

    def statement_last(self, i: int) -> int:
        """Index of the last token of the simple statement token `i` is in."""
        depth, last = self.tokens[i].depth, i
        for k in range(i + 1, len(self.tokens)):
            token = self.tokens[k]
            if token.kind == NEWLINE or (token.depth == depth and self.op(k, ";")):
                break
            last = k
        return last


# Compound statements whose body may follow their header's `:` on the same line.
_HEADERS = frozenset(
    {"if", "elif", "else", "for", "while", "with", "try", "except", "finally", "def", "class"}
)


def _pairs(source: str, tokens: list[Token]) -> dict[int, int]:
    """Index of each opening bracket -> index of its closing one."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for i, token in enumerate(tokens):
        if token.kind != OP or token.end - token.start != 1:
            continue
        char = source[token.start]
        if char in _OPENS:
            stack.append(i)
        elif char in _CLOSES and stack:
            pairs[stack.pop()] = i
    return pairs


# --- marker calls back into f-string nodes ----------------------------------------------


def _marked(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name


def _restore(tree: ast.AST) -> None:
    """Turn every marker call of the rewrite back into the JoinedStr it stands for."""
    todo: list[ast.AST] = [tree]
    pop, push, node_type, call = todo.pop, todo.append, ast.AST, ast.Call
    while todo:
        node = pop()
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for k, item in enumerate(value):
                    if type(item) is call and _marked(item, STRING_MARK):
                        item = value[k] = _joined(item)
                    if isinstance(item, node_type):
                        push(item)
            elif isinstance(value, node_type):
                if type(value) is call and _marked(value, STRING_MARK):
                    value = _joined(value)
                    setattr(node, name, value)
                push(value)


def _joined(
    call: ast.AST,
    outer: ast.Call | None = None,
    kind: str | None = None,
    where: tuple[int, int] | None = None,
) -> ast.JoinedStr:
    """The JoinedStr of a marker call, its nodes placed as older parsers place them: its
    pieces at the whole f-string's position with the kind ("u") of the first string
    written, except a format spec (`where`: at its own f-string's start) and the literal
    that ends the spec."""
    assert isinstance(call, ast.Call)
    if outer is None:
        outer = call
        first = call.args[0] if call.args else None
        kind = "u" if isinstance(first, ast.Constant) and first.kind == "u" else None
    values: list[ast.expr] = []
    for arg in call.args:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            if arg.value == "":
                continue
            last = values[-1] if values else None
            if isinstance(last, ast.Constant) and isinstance(last.value, str):
                last.value += arg.value
            else:
                values.append(ast.Constant(value=arg.value, kind=kind))
        elif _marked(arg, FIELD_MARK):
            assert isinstance(arg, ast.Call)
            values.append(_formatted(arg, outer, kind))
    joined = ast.JoinedStr(values=values)
    for node in (joined, *values):
        ast.copy_location(node, outer)
    if where is not None:
        joined.lineno, joined.col_offset = where
        last = values[-1] if values else None
        if isinstance(last, ast.Constant):
            last.lineno, last.col_offset, last.kind = *where, None
    return joined


def _formatted(call: ast.Call, outer: ast.Call, kind: str | None) -> ast.FormattedValue:
    """The FormattedValue of a field's marker call: (expression), conversion, spec, and the
    spec's line (from the whole f-string's) and column."""
    args = call.args
    value = args[0] if args else ast.Constant(value=None)
    code = _number(args[1]) if len(args) > 1 else None
    format_spec = None
    if len(args) > 2 and _marked(args[2], STRING_MARK):
        line, column = (_number(arg) for arg in (*args[3:5], None, None)[:2])
        where = (
            (outer.lineno, outer.col_offset)
            if line is None or column is None
            else (outer.lineno + line, column)
        )
        format_spec = _joined(args[2], outer, kind, where)
    return ast.FormattedValue(value=value, conversion=code if code else -1, format_spec=format_spec)


def _number(node: ast.AST | None) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


# --- reading a file ----------------------------------------------------------------------

_CLAUSES = frozenset({"elif", "else", "except", "finally"})


def rewrite(text: str, version: Version = RUNNING, empty_newer: bool = False) -> str:
    """The text as the rewrite writes it for a parser of `version` (for tests and for
    looking at what was read); `restore` turns the marker calls of its tree back."""
    tokens, _ = _Scanner(text, version, Work.unbounded()).tokens()
    edits = _Rewrite(text, tokens, version)
    edits.run()
    return _apply(text, _Lines(text), edits.edits, version, empty_newer)


def restore(tree: ast.AST) -> None:
    """Marker calls of the rewrite back into the f-string nodes they stand for."""
    _restore(tree)


class _Reader:
    def __init__(self, text: str, filename: str, version: Version, work: Work) -> None:
        self.text = text
        self.filename = filename
        self.version = version
        self.work = work

    def read(self) -> ast.Module | None:
        work, text = self.work, self.text
        work.limit = work.chars + SCAN_FACTOR * (len(text) + 64)
        tokens, _ = _Scanner(text, self.version, work).tokens()
        rewrite = _Rewrite(text, tokens, self.version)
        rewrite.run()
        edits = rewrite.edits
        if not rewrite.newer:
            return None  # nothing newer: the running parser's error stands
        lines = _Lines(text)
        rewritten = _apply(text, lines, edits, self.version)
        work.limit = work.chars + (SCAN_FACTOR + PARSE_FACTOR) * (len(rewritten) + 64)
        tree = self.parse(rewritten)
        if tree is None:
            emptied = _apply(text, lines, edits, self.version, empty_newer=True)
            body = self.statements(rewritten, emptied)
            if body is None:
                return None
            tree = ast.Module(body=body, type_ignores=[])
        if STRING_MARK in rewritten:
            _restore(tree)
        return tree

    def parse(self, text: str, first_line: int = 1) -> ast.Module | None:
        self.work.charge(len(text))
        try:
            tree = ast.parse(text, filename=self.filename)
        except (SyntaxError, ValueError):
            return None
        if first_line > 1:
            ast.increment_lineno(tree, first_line - 1)
        return tree

    def statements(self, rewritten: str, emptied: str) -> list[ast.stmt] | None:
        """The top-level statements, each from the rewritten text or else from the one with
        newer f-strings emptied; None when one is refused both ways."""
        ends = _statement_lines(rewritten, _Scanner(rewritten, RUNNING, self.work).tokens()[0])
        lines = (_Lines(rewritten), _Lines(emptied))
        texts = (rewritten, emptied)

        def piece(which: int, first: int, last: int) -> ast.Module | None:
            start = lines[which].start(first)
            end = lines[which].start(last + 1) if last < len(lines[which].starts) else None
            return self.parse(texts[which][start:end], first)

        body: list[ast.stmt] = []
        for k in range(0, len(ends), BATCH):
            batch = ends[k : k + BATCH]
            whole = piece(0, batch[0][0], batch[-1][1])
            if whole is not None:
                body.extend(whole.body)
                continue
            for first, last in batch:
                one = piece(0, first, last) if len(batch) > 1 else None
                if one is None:
                    one = piece(1, first, last)
                if one is None:
                    return None
                body.extend(one.body)
        return body


def _statement_lines(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """First and last line of each top-level statement: a line that starts at the left
    margin starts one, unless it continues a decorator's or a block's clauses."""
    lines = _Lines(text)
    found: list[tuple[int, int]] = []
    continues = False  # the previous logical line was a decorator
    i = 0
    while i < len(tokens):
        if tokens[i].kind == NEWLINE:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].kind != NEWLINE:
            j += 1
        first, last = lines.of(tokens[i].start), lines.of(max(tokens[j].end - 1, tokens[j].start))
        word = text[tokens[i].start : tokens[i].end]
        margin = tokens[i].start == lines.start(first)
        if found and (continues or not margin or word in _CLAUSES):
            found[-1] = (found[-1][0], last)
        else:
            found.append((first, last))
        continues = margin and word == "@"
        i = j + 1
    return found
