"""Evidence lines for manifests read by libraries that keep no positions (TOML, JSON, INI, XML
and YAML loaded as data), found in work that grows linearly with the file.

A parser asks for the line of every name it found. Searching the text from the top for each
one made a manifest with N entries cost N² line visits (8,000 entries took a minute), so each
kind of look-up here builds its table once, on first use, in one pass over the lines: a
dictionary from what a line holds to the lines that hold it. A look-up is then a dictionary
access and a bisection, whatever the file's size.

A table holds *units* of lines, not every substring: the stripped line, the text between two
quotes, a key at the start of the line, an `<element>text</element>`, an INI item. Each
method says which. Where the old searches looked for a substring, the answer is now the
first line that holds the needle as such a unit, which is the same line unless the needle
first appeared inside something longer (a comment, a longer name).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from itertools import islice

# A key is found when it has fewer separators than this (`a.b.c` has two dots; YAML keys
# count colons): a line's table entries are then bounded by this many copies of the line.
MAX_KEY_SEPARATORS = 8

_TOML_SEPARATOR = re.compile(r"[=.]")
_ELEMENT = re.compile(r"<([^\s<>/]+)>[^<>]*</\1>")
# A property-list word, as the Xcode project reader tokenises it.
_WORD = r"[A-Za-z0-9_$/:.+-]"
_ASSIGNMENT = re.compile(rf"(?<!{_WORD})(?=({_WORD}+ = {_WORD}+)(?!{_WORD}))")
_HASH_COMMENT = re.compile(r"(?:^|\s)#")  # pip's rule: `#` at the start or after a space
_SEMICOLON_COMMENT = re.compile(r"\s;")  # configparser's inline comments, when enabled

Table = dict[str, list[int]]


class LineIndex:
    """The lines of one manifest's text and the look-up tables built over them.

    Line numbers are 1-based and count lines as `str.splitlines` does. `start` is the first
    line a look-up considers (None or less than 1: the first line).
    """

    __slots__ = ("_tables", "lines")

    def __init__(self, text: str) -> None:
        self.lines: list[str] = text.splitlines()
        self._tables: dict[str, Table] = {}

    @classmethod
    def of(cls, text: str) -> LineIndex:
        return cls(text)

    # --- whole lines -----------------------------------------------------------------------

    def exact(self, text: str, start: int | None = 1) -> int | None:
        """The first line from start that is text, leading and trailing spaces aside."""
        return _first(self._table("exact", _stripped).get(text), _from(start))

    def containing(self, needle: str) -> int | None:
        """The first line holding needle anywhere: a scan of the text, so only for the few
        fixed needles a parser looks for once per file, never once per entry."""
        return next((n for n, line in enumerate(self.lines, 1) if needle in line), None)

    # --- quoted strings --------------------------------------------------------------------

    def string(self, value: str, start: int | None = 1) -> int | None:
        """The first line from start holding "value" (a JSON key or string)."""
        if '"' in value:
            return None
        return _first(self._table("quoted", _quoted).get(f'"{value}'), _from(start))

    def quoted(self, value: str, start: int | None = 1) -> int | None:
        """The first line from start holding "value" or 'value'; else anywhere in the file."""
        table = self._table("quoted", _quoted)
        forms = [table.get(quote + value) for quote in "\"'" if quote not in value]
        for begin in (_from(start), 1):
            found = _earliest(_first(lines, begin) for lines in forms)
            if found is not None:
                return found
        return None

    # --- keys ------------------------------------------------------------------------------

    def header(self, name: str) -> int | None:
        """The line of a `[name]` table header (TOML or INI), spaces and quotes ignored."""
        wanted = _bare(f"[{name}]")
        return _first(self._table("[]", _header).get(wanted), 1)

    def key(self, key: str, start: int | None) -> int | None:
        """The line of `key = ...` (or `key: ...`) in the table whose header is on line
        start, names compared as Python distributions are (`Foo_Bar` is `foo-bar`)."""
        from packaging.utils import canonicalize_name

        if start is None:
            return None
        found = _first(self._table("key", _distribution_key).get(canonicalize_name(key)), start + 1)
        stop = _first(self._table("[", _bracketed).get(""), start + 1)
        return None if found is None or (stop is not None and stop < found) else found

    def toml_key(self, key: str, section: str = "") -> int | None:
        """The line of `key = ...`, `key.x = ...`, `"key" = ...` or a `[....key]` header,
        after the `[section]` header when one is named and found."""
        start = (self.header(section) or 0) if section else 0
        leading = self._table("toml", _toml_keys)
        return _earliest(
            [
                _first(leading.get(key), start + 1),
                _first(leading.get(f'"{key}"'), start + 1),
                _first(self._table("[.]", _header_ends).get(key), start + 1),
            ]
        )

    def yaml_key(self, key: str) -> int | None:
        """The first line that starts with `key:`, leading spaces aside."""
        return _first(self._table(":", _yaml_keys).get(key), 1)

    def setting(self, *keys: str, section: str | None = None) -> int | None:
        """The first line where one of the keys is set (TOML `k =`, YAML `k:`, JSON `"k":`),
        after the line that is `[section]` when one is named, keys compared lower-cased."""
        start = 1
        if section is not None:
            header = self.exact(f"[{section}]")
            start = header + 1 if header is not None else 1
        table = self._table("setting", _setting_key)
        return _earliest(_first(table.get(k.lower()), start) for k in keys)

    # --- items and elements ----------------------------------------------------------------

    def item(self, text: str, start: int | None = 1) -> int | None:
        """The first line from start holding text as an INI item: the line, its value after
        `=` or `:`, either without a `#` or `;` comment, or one of their comma-separated
        parts."""
        return _first(self._table("item", _ini_items).get(text), _from(start))

    def element(self, tag: str, text: str) -> int | None:
        """The first line holding `<tag>text</tag>`."""
        return _first(self._table("<>", _elements).get(f"<{tag}>{text}</{tag}>"), 1)

    def assignment(self, setting: str) -> int | None:
        """The first line holding `key = value` with both sides whole words, as an Xcode
        project's build settings are written."""
        return _first(self._table("=", _assignments).get(setting), 1)

    # --- the tables ------------------------------------------------------------------------

    def _table(self, kind: str, units: Callable[[str], Iterable[str]]) -> Table:
        """Unit -> the lines holding it, in order: built on the first look-up of its kind."""
        table = self._tables.get(kind)
        if table is None:
            table = {}
            for number, line in enumerate(self.lines, 1):
                for unit in units(line):
                    numbers = table.setdefault(unit, [])
                    if not numbers or numbers[-1] != number:
                        numbers.append(number)
            self._tables[kind] = table
        return table


def _from(start: int | None) -> int:
    return max(start or 1, 1)


def _first(numbers: Sequence[int] | None, start: int) -> int | None:
    """The first of the sorted line numbers at or after start."""
    if not numbers:
        return None
    at = bisect_left(numbers, start)
    return numbers[at] if at < len(numbers) else None


def _earliest(lines: Iterable[int | None]) -> int | None:
    return min((n for n in lines if n is not None), default=None)


def _bare(header: str) -> str:
    return header.replace(" ", "").replace('"', "").replace("'", "")


# --- what each kind of table holds of a line ---------------------------------------------------


def _stripped(line: str) -> tuple[str]:
    return (line.strip(),)


def _quoted(line: str) -> list[str]:
    """The text between each two consecutive double quotes, and each two single ones, led
    by its quote: "v" is in a line exactly when `"v` is one of these (for a v without
    double quotes)."""
    found: list[str] = []
    for quote in "\"'":
        if quote in line:
            found.extend(quote + between for between in line.split(quote)[1:-1])
    return found


def _header(line: str) -> tuple[str, ...]:
    stripped = line.strip()
    if not stripped.startswith("["):
        return ()
    return (_bare(stripped[: stripped.rfind("]") + 1]),)


def _bracketed(line: str) -> tuple[str, ...]:
    """Lines that start with `[`: a table header, where a table's keys end."""
    return ("",) if line.strip().startswith("[") else ()


def _distribution_key(line: str) -> tuple[str, ...]:
    from packaging.utils import canonicalize_name

    stripped = line.strip()
    if stripped.startswith("["):
        return ()
    # The first `=` or the first `:`, whichever comes first and is not the first character.
    equals, colon = stripped.find("="), stripped.find(":")
    cut = equals if equals > 0 and (colon <= 0 or equals < colon) else colon
    if cut <= 0:
        return ()
    return (canonicalize_name(stripped[:cut].strip().strip("\"'")),)


def _toml_keys(line: str) -> list[str]:
    """What a line can start a key with: the text before each `=` or `.`, trailing spaces
    aside (`a.b = 1` gives `a` and `a.b`)."""
    stripped = line.strip()
    separators = islice(_TOML_SEPARATOR.finditer(stripped), MAX_KEY_SEPARATORS)
    return [stripped[: m.start()].rstrip() for m in separators]


def _header_ends(line: str) -> list[str]:
    """The header's name after each of its last dots: `[target.x.dependencies.serde]` gives
    `serde`, `dependencies.serde`, ..."""
    stripped = line.strip()
    if not stripped.startswith("["):
        return []
    name = stripped.rstrip("]")
    ends = []
    dot = len(name)
    for _ in range(MAX_KEY_SEPARATORS):
        dot = name.rfind(".", 0, dot)
        if dot < 0:
            break
        ends.append(name[dot + 1 :])
    return ends


def _yaml_keys(line: str) -> list[str]:
    stripped = line.strip()
    found = []
    colon = -1
    for _ in range(MAX_KEY_SEPARATORS):
        colon = stripped.find(":", colon + 1)
        if colon < 0:
            break
        found.append(stripped[:colon])
    return found


def _setting_key(line: str) -> tuple[str, ...]:
    stripped = line.strip()
    for quote in ('"', "'"):
        if stripped.startswith(quote):
            stripped = stripped[1:].replace(quote, "", 1)
            break
    head = stripped.split("=", 1)[0].split(":", 1)[0]
    return (head.strip().lower(),) if len(head) < len(stripped) else ()


def _ini_items(line: str) -> set[str]:
    stripped = line.strip()
    if not stripped or stripped[0] in "#;":
        return set()
    forms = [stripped]
    equals, colon = stripped.find("="), stripped.find(":")
    cut = equals if colon < 0 or 0 <= equals < colon else colon
    if cut >= 0:
        forms.append(stripped[cut + 1 :])
    found = set()
    for form in forms:
        variants = [form]
        for mark, comment in (("#", _HASH_COMMENT), (";", _SEMICOLON_COMMENT)):
            match = comment.search(form) if mark in form else None
            if match is not None:
                variants.append(form[: match.start()])
        for variant in variants:
            found.add(variant.strip())
            if "," in variant:
                found.update(part.strip() for part in variant.split(","))
    found.discard("")
    return found


def _elements(line: str) -> list[str]:
    return [m.group() for m in _ELEMENT.finditer(line)] if "</" in line else []


def _assignments(line: str) -> list[str]:
    return [m.group(1) for m in _ASSIGNMENT.finditer(line)] if " = " in line else []
