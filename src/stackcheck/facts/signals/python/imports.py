"""A file's import statements read without parsing it, for files that give nothing else.

Most Python files of a project open no analyzer's gate: all they can give is their imports.
`ast.parse` of such a file costs about half of a cold scan; its import statements can be
read for a tenth of that. `import` is a keyword, so outside strings and comments every
occurrence of it as a word belongs to an import statement: `import a.b as c, d`, or the
end of the `from .a import` clause before it. The word is found with `str.find`, the
strings and comments before it are stepped over by one pattern (only as far as the last
such word), and each statement is read with the patterns below.

The statements come back as the `ast.Import` / `ast.ImportFrom` nodes the parser would
have made (names, level, line), so everything downstream treats both ways alike. For a
file that is valid Python the answer is the parser's (tests/signals/test_python_imports.py
compares them over generated code, test_python_parity.py over the fixtures). For text that
is not valid Python the reading still finds what looks like imports, where the parser
would have refused the whole file.

Whatever this reading does not recognise goes to the parser (`None`): text with a bare
carriage return or a NUL byte, an `import` word in a place no statement is written this
way (`f"{d["import"]}"`).
"""

from __future__ import annotations

import ast
import re
import unicodedata

# Spaces and line continuations between the tokens of one statement.
_GAP = r"(?:[ \t\f]|\\\r?\n)*"
_NAME = r"[^\W\d]\w*"
_DOTTED = rf"{_NAME}(?:{_GAP}\.{_GAP}{_NAME})*"
_ALIASED = rf"{_DOTTED}(?:{_GAP}as{_GAP}{_NAME})?"

# Strings (a prefix does not change where a string ends; triple quotes first) and comments.
# An unterminated string matches nothing and is read as code.
_SKIPPED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|#[^\n]*",
    re.DOTALL,
)
_IMPORT = re.compile(
    rf"import{_GAP}(?:(?P<star>\*)|\((?P<grouped>(?:[^()#]|#[^\n]*)*)\)"
    rf"|(?P<names>{_ALIASED}(?:{_GAP},{_GAP}{_ALIASED})*))"
)
_FROM_WORD = re.compile(r"(?<![\w.])from(?!\w)")
_FROM_CLAUSE = re.compile(rf"from{_GAP}(?P<dots>(?:\.{_GAP})*)(?P<module>{_DOTTED})?{_GAP}")
_GROUPED = re.compile(rf"{_NAME}(?: as {_NAME})?(?: ?, ?{_NAME}(?: as {_NAME})?)* ?,?")
_SPACE = re.compile(r"(?:\s|\\\r?\n|#[^\n]*)+")


def _squeezed(text: str, between: str) -> str:
    """`text` with each run of spaces, line joins and comments made `between`, and none at
    either end. Without a backslash or a comment that is splitting on white space (the same
    characters as the pattern's `\\s`), a tenth of the pattern's cost on the many short
    pieces of every import statement."""
    if "\\" in text or "#" in text:
        return _SPACE.sub(between, text).strip()
    return between.join(text.split())


_WORD_CHAR = re.compile(r"[\w.]")


def import_statements(text: str) -> list[ast.Import | ast.ImportFrom] | None:
    """Every import statement in file order, as the parser's nodes; None when the text
    needs the parser (see the module docstring)."""
    read = _read(text)
    return None if read is None else [node for _, node in read]


def top_level_imports(text: str) -> list[ast.Import | ast.ImportFrom] | None:
    """import_statements when each of them begins its logical line, so is a statement of
    the module itself (no block, no `if x:` or `;` before it on its line; nested blocks are
    indented); None when one does not, or the text needs the parser."""
    read = _read(text)
    if read is None or any(start != _logical_line_start(text, start) for start, _ in read):
        return None
    return [node for _, node in read]


def _read(text: str) -> list[tuple[int, ast.Import | ast.ImportFrom]] | None:
    """import_statements, each with where it starts."""
    if "\0" in text or ("\r" in text and text.count("\r") != text.count("\r\n")):
        return None
    found: list[tuple[int, ast.Import | ast.ImportFrom]] = []
    skipped = _SKIPPED.finditer(text)
    span = next(skipped, None)  # the first string or comment not yet stepped over
    done = 0  # where the last statement read ends
    line, counted = 1, 0
    for keyword in word_starts(text, "import"):
        if keyword < done:
            continue
        while span is not None and span.end() <= keyword:
            span = next(skipped, None)
        if span is not None and span.start() <= keyword:
            continue  # the word is inside a string or a comment
        read = _statement(text, keyword)
        if read is None:
            return None
        start, node, done = read
        line += text.count("\n", counted, start)
        counted = start
        node.lineno = line
        found.append((start, node))
    return found


def word_starts(text: str, word: str) -> list[int]:
    """Where `word` stands as a word of its own (`str.find` is far faster here than a
    pattern with look-arounds tried at every character)."""
    found = []
    at = text.find(word)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(word) : at + len(word) + 1] or " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            found.append(at)
        at = text.find(word, at + len(word))
    return found


# Most statements are one line of plain ASCII names: `import a.b as c, d` or `from ..a
# import b, c as d`, alone on their line (a comment may follow). They are read by this one
# pattern from the line's start; anything else (parentheses, a star, line joins, `;`, other
# statements before it on the line, non-ASCII names) goes the general way below.
_ASCII_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_ASCII_DOTTED = rf"{_ASCII_NAME}(?:\.{_ASCII_NAME})*"
_SIMPLE = re.compile(
    rf"[ \t]*(?:from[ \t]+(?P<dots>\.*)(?P<module>{_ASCII_DOTTED})?[ \t]+)?"
    r"(?P<keyword>)import[ \t]+"
    rf"(?P<names>{_ASCII_DOTTED}(?:[ \t]+as[ \t]+{_ASCII_NAME})?"
    rf"(?:[ \t]*,[ \t]*{_ASCII_DOTTED}(?:[ \t]+as[ \t]+{_ASCII_NAME})?)*)"
    r"[ \t]*(?:#[^\n]*)?(?=\n|\Z)"
)


def _simple_statement(
    text: str, keyword: int
) -> tuple[int, ast.Import | ast.ImportFrom, int] | None:
    """_statement for a statement _SIMPLE reads; None for any other."""
    begin = text.rfind("\n", 0, keyword) + 1
    if _logical_line_start(text, keyword) != begin:
        return None  # the line before continues into this one
    found = _SIMPLE.match(text, begin)
    if found is None or found.start("keyword") != keyword:
        return None
    names = found.group("names")
    aliases = [_simple_alias(part) for part in names.split(",")]
    if found.group("dots") is None:
        return keyword, ast.Import(names=aliases, lineno=0, col_offset=0), found.end("names")
    if "." in names or (found.group("module") is None and not found.group("dots")):
        return None  # `from a import b.c`, `from import x`: not Python
    node = ast.ImportFrom(
        module=found.group("module"),
        names=aliases,
        level=len(found.group("dots")),
        lineno=0,
        col_offset=0,
    )
    return text.index("from", begin), node, found.end("names")


def _simple_alias(part: str) -> ast.alias:
    words = part.split()
    return ast.alias(name=words[0], asname=words[2] if len(words) == 3 else None)


def _statement(text: str, keyword: int) -> tuple[int, ast.Import | ast.ImportFrom, int] | None:
    """The statement whose `import` word is at `keyword`: where it starts, its node (line
    not set yet) and where it ends; None when it is not written in a way this reads."""
    simple = _simple_statement(text, keyword)
    if simple is not None:
        return simple
    names = _IMPORT.match(text, keyword)
    if names is None:
        return None
    begin = _logical_line_start(text, keyword)
    head = _squeezed(text[begin:keyword], "")
    if not head or head[-1] in ";:":
        listed = names.group("names")
        if listed is None:
            return None
        aliases = [_alias(part) for part in listed.split(",")]
        return keyword, ast.Import(names=aliases, lineno=0, col_offset=0), names.end()
    if not _WORD_CHAR.match(head[-1]):
        return None
    starts = [word.start() for word in _FROM_WORD.finditer(text, begin, keyword)]
    clause = _FROM_CLAUSE.match(text, starts[-1], keyword) if starts else None
    if clause is None or clause.end() != keyword:
        return None
    if names.group("star"):
        parts = ["*"]
    elif names.group("grouped") is not None:
        grouped = _squeezed(names.group("grouped"), " ")
        if not _GROUPED.fullmatch(grouped):
            return None
        parts = [part for part in grouped.split(",") if part.strip()]
    else:
        parts = names.group("names").split(",")
        if any("." in _squeezed(part, "") for part in parts):
            return None  # `from a import b.c` is not Python
    module = clause.group("module")
    node = ast.ImportFrom(
        module=_dotted(module) if module else None,
        names=[_alias(part) for part in parts],
        level=clause.group("dots").count("."),
        lineno=0,
        col_offset=0,
    )
    return starts[-1], node, names.end()


def _logical_line_start(text: str, at: int) -> int:
    """The start of the physical line holding `at`, moved back over the lines that end in
    a backslash (they continue into this one)."""
    start = text.rfind("\n", 0, at) + 1
    while start and text[max(start - 3, 0) : start - 1].endswith(("\\", "\\\r")):
        start = text.rfind("\n", 0, start - 1) + 1
    return start


def _alias(part: str) -> ast.alias:
    name, _, asname = _squeezed(part, " ").partition(" as ")
    return ast.alias(name=_dotted(name), asname=_dotted(asname) if asname else None)


def _dotted(name: str) -> str:
    joined = _squeezed(name, "")
    # The parser reads identifiers in their NFKC form.
    return joined if joined.isascii() else unicodedata.normalize("NFKC", joined)
