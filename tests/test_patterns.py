"""The compiled pattern matcher (source/patterns.py) against the straightforward reference:
pathspec, one pattern at a time, on random patterns and paths."""

from __future__ import annotations

import re
import subprocess
import sys

import pathspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stackcheck.source.patterns import MAX_STARS, MAX_WILDCARD_PATTERNS, PatternList

SEGMENTS = ("a", "b", "ab", "a.py", "b.py", "x.min.js", "build", "docs", ".github")
GLOB_PARTS = ("a", "b", ".py", "*", "**", "?", "[ab]", "[!a]", "x", ".", "build", "\\*")

segment_globs = st.lists(st.sampled_from(GLOB_PARTS), min_size=1, max_size=3).map("".join)
patterns = st.builds(
    lambda negate, lead, segs, trail: negate + lead + "/".join(segs) + trail,
    st.sampled_from(("", "", "!")),
    st.sampled_from(("", "", "/", "**/")),
    st.lists(segment_globs, min_size=1, max_size=3),
    st.sampled_from(("", "", "/", "/**", "/*")),
)
paths = st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=5).map("/".join)
QUICK = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def valid(pattern: str) -> bool:
    """What the exclude setting accepts (config.check_excludes): pathspec compiles it; and
    within the matcher's bound on `*` runs per pattern (past it a pattern is ignored)."""
    if len(re.findall(r"\*+", pattern)) > MAX_STARS:
        return False
    try:
        pathspec.GitIgnoreSpec.from_lines([pattern])
    except Exception:  # re.error or pathspec's own pattern error
        return False
    return True


def reference_any_match(lines: list[str], path: str) -> int:
    """The last pattern whose pathspec regex finds the path, as .gitattributes reads them."""
    last = -1
    for index, line in enumerate(lines):
        if line.startswith("!"):
            continue
        for compiled in pathspec.GitIgnoreSpec.from_lines([line]).patterns:
            if compiled.include and compiled.match_file(path) is not None:
                last = index
    return last


@QUICK
@given(st.lists(patterns, min_size=1, max_size=8).map(lambda ps: [p for p in ps if valid(p)]),
       st.lists(paths, min_size=1, max_size=12))  # fmt: skip
def test_ignored_is_what_gitignorespec_says(lines: list[str], tree: list[str]) -> None:
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    tables, regex = PatternList(lines, tables_from=0), PatternList(lines, tables_from=None)
    chosen = PatternList(lines)  # either way, as the patterns' number and shapes decide
    for path in tree:
        expected = spec.match_file(path)
        assert tables.ignored(path) == regex.ignored(path) == chosen.ignored(path) == expected


@QUICK
@given(st.lists(patterns, min_size=1, max_size=8).map(lambda ps: [p for p in ps if valid(p)]),
       st.lists(paths, min_size=1, max_size=12))  # fmt: skip
def test_the_last_match_is_the_last_pattern_that_matches(lines: list[str], tree: list[str]) -> None:
    positive = [None if line.startswith("!") else line for line in lines]
    tables = PatternList(positive, tables_from=0)
    regex = PatternList(positive, tables_from=None)
    chosen = PatternList(positive)
    for path in tree:
        expected = reference_any_match(lines, path)
        found = (max(tables.last(path)), max(regex.last(path)), max(chosen.last(path)))
        assert found == (expected,) * 3, (lines, path)


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        pytest.param("*.py", "a/b.py", True, id="suffix"),
        pytest.param("*.py", "a.py/b", True, id="suffix-on-a-folder"),
        pytest.param("*.py/", "b.py", False, id="folder-only-suffix-not-a-file"),
        pytest.param("docs", "a/docs/x.md", True, id="name-on-a-folder"),
        pytest.param("/docs", "a/docs/x.md", False, id="anchored"),
        pytest.param("a/b", "a/b/c", True, id="exact-folder"),
        pytest.param("a/*", "a/b", True, id="children"),
        pytest.param("a/*", "a", False, id="children-not-the-folder"),
        pytest.param("a/**", "a/b/c", True, id="under"),
        pytest.param("**/b/**", "a/b/c", True, id="under-a-name"),
        pytest.param("**/b/**", "b", False, id="under-a-name-not-itself"),
        pytest.param("CHANGE*", "CHANGES.md", True, id="prefix"),
        pytest.param("*", "a/b", True, id="all"),
        pytest.param("*/", "a", False, id="any-folder-not-a-root-file"),
        pytest.param("*/", "a/b", True, id="any-folder"),
        pytest.param("a*b.py", "x/ab.py", True, id="wildcard"),
        pytest.param("a/**/b.py", "a/x/y/b.py", True, id="inner-double-star"),
        pytest.param("[z-a]", "z", False, id="invalid-range-matches-nothing"),
    ],
)
def test_shapes(pattern: str, path: str, expected: bool) -> None:
    assert PatternList([pattern], tables_from=0).matches(path) is expected
    assert PatternList([pattern], tables_from=None).matches(path) is expected
    assert PatternList([pattern]).matches(path) is expected


def test_a_pattern_with_too_many_stars_is_ignored_and_counted() -> None:
    matcher = PatternList(["*a*b*c*d*e", "a*"], tables_from=0)
    assert matcher.over_limit == 1
    assert not matcher.matches("xaxbxcxdxe")


def test_wildcard_patterns_past_the_cap_are_ignored_and_counted() -> None:
    lines = [f"*_{i}_*.py" for i in range(MAX_WILDCARD_PATTERNS + 5)]
    matcher = PatternList(lines)
    assert matcher.over_limit == 5
    assert matcher.matches(f"x_{MAX_WILDCARD_PATTERNS - 1}_y.py")
    assert not matcher.matches(f"x_{MAX_WILDCARD_PATTERNS + 4}_y.py")


@pytest.mark.parametrize(
    ("lines", "imported"),
    [
        pytest.param(["*.lock", "/.yarn/**", "package-lock.json", "docs/"], False, id="shapes"),
        pytest.param(["*.lock", "*_auto_*.py"], True, id="a-wildcard"),
    ],
)
def test_patterns_the_tables_take_need_no_translation(lines: list[str], imported: bool) -> None:
    """A short list whose patterns all fit the tables is matched without a regex, and so
    without importing pathspec (which costs more than matching the whole tree)."""
    script = (
        "import sys\n"
        "from stackcheck.source.patterns import PatternList\n"
        f"matcher = PatternList({lines!r})\n"
        "assert matcher.matches('a/b.lock') and not matcher.matches('a/b.py')\n"
        "print('pathspec' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(imported)


@pytest.mark.parametrize("count", [500, 1000, 2000])
def test_work_per_path_does_not_grow_with_the_patterns(count: int) -> None:
    """A path costs the same look-ups and regex calls at P and 2P patterns."""
    lines = [f"dir{i}/" for i in range(count)] + [f"*.ext{i}" for i in range(count)]
    lines += [f"name{i}" for i in range(count)] + [f"f{i}*[0-9]" for i in range(count)]
    matcher = PatternList(lines)
    tree = [f"src/pkg{i % 7}/mod{i}.py" for i in range(200)]
    for path in tree:
        matcher.last(path)
    # 3 folders of 2 levels are looked up once each; every file once more.
    assert matcher.regex_calls == len(tree) + 1 + 7
    assert matcher.lookups < 12 * len(tree)
