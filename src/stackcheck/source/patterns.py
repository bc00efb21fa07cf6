"""Many gitignore-style patterns matched against many paths, at a cost per path that does not
grow with the number of patterns.

A repository's .gitattributes and the `exclude` setting may hold thousands of patterns; trying
each pattern on each path makes a scan quadratic. Here the common shapes (`name`, `a/b`,
`*.ext`, `prefix*`, `dir/*`, `dir/**`, `**/dir/**`, `*`) go into hash tables, so a path
costs a few dictionary look-ups per folder level and per distinct suffix length; every
other pattern becomes one alternative of a single compiled regex, tried once per path (and
once per folder), whose alternatives are ordered so that the first one that matches is the
last pattern. Those wildcard patterns are capped: past the cap they are ignored and the
caller lists them as skipped.

Matching follows pathspec's GitIgnoreSpec: a pattern matches a path itself ("file level")
or a folder the path is in ("folder level"); among the patterns that match, the last one at
file level decides, and a folder-level match only counts when none matches at file level.
The wildcard patterns' regexes are pathspec's own translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

# Wildcard patterns (those no hash table takes) per list; past this they are ignored.
MAX_WILDCARD_PATTERNS = 100
# `*` runs in one wildcard pattern: each is a regex loop, and loops multiply backtracking.
MAX_STARS = 4
# Up to this many patterns, all go into the one regex (a short alternation costs less per
# path than the table look-ups); past it, the shapes the tables know go there. When every
# pattern has such a shape, the tables take them whatever their number: no regex is then
# needed, nor pathspec's translation, whose import costs more than matching a large tree.
TABLES_FROM = 16

_NONE = -1


class _Shape(NamedTuple):
    kind: str  # exact, name, suffix, prefix, children, under, under_name, all, any_folder
    key: str
    folder_only: bool  # the pattern ended in "/": it matches folders, never a file itself


class PatternList:
    """Gitignore patterns, numbered in order; `last(path)` answers which is the last one that
    matches the path itself and which the last one that matches a folder it is in."""

    def __init__(
        self,
        patterns: Sequence[str | None],
        limit: int = MAX_WILDCARD_PATTERNS,
        tables_from: int | None = TABLES_FROM,
    ):
        """`tables_from`: past this many patterns the shapes go into tables (0: always;
        None: never, every pattern into the regex)."""
        # key -> (last pattern matching a path at file level, last one of any kind)
        self._tables: dict[str, dict[str, tuple[int, int]]] = {}
        self._lengths: dict[str, set[int]] = {"suffix": set(), "prefix": set()}
        self._all = _NONE
        self._any_folder = _NONE
        self.include: list[bool | None] = []
        self.over_limit = 0  # wildcard patterns past the cap, or with too many `*` runs
        self.lookups = 0  # table look-ups made, for tests that count work
        self.regex_calls = 0
        wildcards: list[tuple[int, str]] = []
        texts = [_normalise(line) for line in patterns]
        shapes = [None if text is None else _shape(text) for text, _ in texts]
        given = [shape for (text, _), shape in zip(texts, shapes, strict=True) if text is not None]
        # A few patterns are cheapest as one short regex; tables pay off past that.
        tabled = tables_from is not None and (
            len(given) > tables_from or all(shape is not None for shape in given)
        )
        for index, (text, include) in enumerate(texts):
            self.include.append(include)
            if text is None:
                continue
            shape = shapes[index] if tabled else None
            if shape is not None:
                self._add(index, shape)
            elif len(wildcards) < limit and _stars(text) <= MAX_STARS:
                wildcards.append((index, patterns[index] or ""))
            else:
                self.over_limit += 1
        self._file_regex, self._folder_regex = _compile_wildcards(wildcards, self.include)
        self._folders: dict[str, tuple[int, int]] = {"": (_NONE, _NONE)}

    def _add(self, index: int, shape: _Shape) -> None:
        if shape.kind == "all":
            self._all = index
            return
        if shape.kind == "any_folder":
            self._any_folder = index
            return
        table = self._tables.setdefault(shape.kind, {})
        file_level = table.get(shape.key, (_NONE, _NONE))[0]
        table[shape.key] = (file_level if shape.folder_only else index, index)
        if shape.kind in self._lengths:
            self._lengths[shape.kind].add(len(shape.key))

    def last(self, path: str) -> tuple[int, int]:
        """(the last pattern matching `path` itself, the last matching a folder it is in),
        -1 for none."""
        folder, _, name = path.rpartition("/")
        folder_level, under = self._folder(folder)
        file_level = max(self._all, under, self._full(folder, name, file_level=True))
        if self._file_regex is not None:
            self.regex_calls += 1
            found = self._file_regex.match(path)
            if found is not None:
                file_level = max(file_level, _index(found))
        return file_level, folder_level

    def matches(self, path: str) -> bool:
        """Whether any pattern matches the path, at either level (gitattributes' use)."""
        return max(self.last(path)) >= 0

    def ignored(self, path: str) -> bool:
        """Whether the patterns, read as a .gitignore, leave the path out (negation and all):
        the last file-level match decides, else the last folder-level one."""
        file_level, folder_level = self.last(path)
        index = file_level if file_level >= 0 else folder_level
        return index >= 0 and bool(self.include[index])

    def _folder(self, folder: str) -> tuple[int, int]:
        """(the last pattern matching this folder or one above it, the last `dir/**`-like
        pattern that takes everything below one of them), remembered per folder."""
        known = self._folders.get(folder)
        if known is not None:
            return known
        # Walk up to the nearest folder already known, then fill in the way back down.
        pending = [folder]
        parent = folder.rpartition("/")[0]
        while parent not in self._folders:
            pending.append(parent)
            parent = parent.rpartition("/")[0]
        for current in reversed(pending):
            above, under = self._folders[current.rpartition("/")[0]]
            parent_path, _, name = current.rpartition("/")
            matched = max(self._any_folder, self._full(parent_path, name, file_level=False))
            under = max(under, self._get("under", current)[0])
            under = max(under, self._get("under_name", name)[0])
            if self._folder_regex is not None:
                self.regex_calls += 1
                found = self._folder_regex.match(current + "/")
                if found is not None:
                    matched = max(matched, _index(found))
            self._folders[current] = (max(above, matched), under)
        return self._folders[folder]

    def _full(self, folder: str, name: str, file_level: bool) -> int:
        """The last tabled pattern that matches `folder/name` as a whole."""
        best = _NONE
        if not self._tables:  # the common case of a few patterns: nothing to look up
            return best
        level = 0 if file_level else 1
        for kind, key in (("exact", f"{folder}/{name}" if folder else name), ("name", name),
                          ("children", folder)):  # fmt: skip
            table = self._tables.get(kind)
            if table is not None:
                self.lookups += 1
                found = table.get(key)
                if found is not None and found[level] > best:
                    best = found[level]
        for kind, lengths in self._lengths.items():
            for size in lengths:
                if size <= len(name):
                    part = name[len(name) - size :] if kind == "suffix" else name[:size]
                    best = max(best, self._get(kind, part)[level])
        return best

    def _get(self, kind: str, key: str) -> tuple[int, int]:
        table = self._tables.get(kind)
        if table is None:
            return (_NONE, _NONE)
        self.lookups += 1
        return table.get(key, (_NONE, _NONE))


def _normalise(line: str | None) -> tuple[str | None, bool | None]:
    """The pattern text without negation, and whether a match includes (True) or
    re-includes (False); (None, None) for blank lines, comments and no-ops. As pathspec reads
    a line: trailing spaces go unless escaped, `#` starts a comment, `!` negates."""
    if line is None:
        return None, None
    text = line if line.endswith("\\ ") else line.rstrip()
    if not text or text.startswith("#") or text == "/":
        return None, None
    include = not text.startswith("!")
    text = text if include else text[1:]
    return (text or None), (include if text else None)


def _shape(text: str) -> _Shape | None:
    """Which table a pattern goes into, or None when only a regex can match it."""
    if any(c in text for c in "\\[?") or "//" in text:
        return None
    folder_only = text.endswith("/")
    segments = (text[:-1] if folder_only else text).split("/")
    anchored = len(segments) > 1
    if segments[0] == "":
        segments = segments[1:]
    floating = False
    while len(segments) > 1 and segments[0] == "**":  # `**/x` is `x` at any depth
        segments, floating, anchored = segments[1:], True, False
    if not segments or any(not s for s in segments):
        return None
    if segments == ["**"] or (segments == ["*"] and not anchored):
        return _Shape("any_folder" if folder_only else "all", "", False)
    if segments[-1] == "**" and not folder_only:
        rest = segments[:-1]
        if any("*" in s for s in rest):
            return None
        if floating and len(rest) == 1:
            return _Shape("under_name", rest[0], False)
        return _Shape("under", "/".join(rest), False) if not floating else None
    if floating and len(segments) > 1:
        return None
    if any("*" in s for s in segments[:-1]):
        return None
    last = segments[-1]
    if "*" not in last:
        if anchored:
            return _Shape("exact", "/".join(segments), folder_only)
        return _Shape("name", last, folder_only)
    if last == "*" and anchored:
        return _Shape("children", "/".join(segments[:-1]), folder_only)
    if anchored or last.count("*") != 1 or len(last) < 2:
        return None
    if last.startswith("*"):
        return _Shape("suffix", last[1:], folder_only)
    if last.endswith("*"):
        return _Shape("prefix", last[:-1], folder_only)
    return None


def _stars(text: str) -> int:
    return len(re.findall(r"\*+", text))


_DIR_MARK = "(?P<ps_d>"


def _compile_wildcards(
    wildcards: list[tuple[int, str]], include: list[bool | None]
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Two regexes over the wildcard patterns, last pattern first: one that matches a path
    a pattern matches at file level, one that matches `folder/` when a pattern matches the
    folder or one above it. Group `f<i>` says which pattern matched."""
    if not wildcards:
        return None, None
    import warnings

    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    # A pattern such as `[[a]` makes re warn (FutureWarning) about syntax it may read
    # differently one day; Python would print that, quoting the repository's text, on stderr.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _compile_quietly(wildcards, include, GitIgnoreSpecPattern.pattern_to_regex)


def _compile_quietly(
    wildcards: list[tuple[int, str]],
    include: list[bool | None],
    to_regex: Callable[[str], tuple[str | None, bool | None]],
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    file_parts: list[str] = []
    folder_parts: list[str] = []
    for index, line in reversed(wildcards):
        try:
            regex, included = to_regex(line)
            if regex is None:
                include[index] = None  # pathspec discards it (e.g. an invalid range)
                continue
            compiled = re.compile(regex)
        except (ValueError, re.error):  # GitIgnorePatternError is a ValueError
            include[index] = None  # git ignores a pattern it cannot read; so do we
            continue
        include[index] = included
        if not regex.startswith("^"):
            regex = r"[\s\S]*?" + regex  # pathspec searches; the combined regex matches
        if "ps_d" in compiled.groupindex:
            at = regex.rindex(_DIR_MARK)
            renamed = f"{regex[:at]}(?P<d{index}>{regex[at + len(_DIR_MARK) :]}"
            file_parts.append(f"(?P<f{index}>{renamed})(?(d{index})(?!))")
            folder_parts.append(f"(?P<f{index}>{renamed})(?(d{index})|(?!))")
        else:
            file_parts.append(f"(?P<f{index}>{regex})")
    return _alternation(file_parts), _alternation(folder_parts)


def _alternation(parts: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None


def _index(found: re.Match[str]) -> int:
    """The pattern whose alternative matched: the outer group closes last."""
    name = found.lastgroup
    assert name is not None and name.startswith("f")
    return int(name[1:])
