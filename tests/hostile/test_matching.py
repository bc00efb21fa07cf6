"""Crafted files that made the work grow faster than the input: thousands of .gitattributes
and exclude patterns (each pattern tried on each path), Gradle scripts whose calls nest
(each statement's arguments scanned again for every statement inside them). The outcome
must be right, what a bound leaves out listed as skipped, and the work linear: counted in
regex calls and table look-ups, or in the parser's executed lines, never in seconds."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from typing import Any

import pytest

from conftest import RepoFactory
from hostile._support import executed_lines as counted_lines
from hostile._support import hang_guard, invoke
from stackcheck.facts.manifests import MalformedManifest
from stackcheck.facts.manifests.ecosystems import elixir, jvm, ruby
from stackcheck.source.discover import (
    _attribute_matchers,
    _parse_gitattributes,
    discover,
)
from stackcheck.source.patterns import MAX_WILDCARD_PATTERNS, PatternList

# A small tree: two packages, generated code, a vendored copy, docs.
TREE = {
    "requirements.txt": "Django>=4.2\n",
    "manage.py": "import django\n",
    **{f"shop/views{i}.py": "from django.shortcuts import render\n" for i in range(20)},
    **{f"api/gen/schema{i}.py": "x = 1\n" for i in range(10)},
    **{f"third/lib{i}.js": "var x;\n" for i in range(10)},
    **{f"guide/page{i}.html": "<p>x</p>\n" for i in range(5)},
}


def gitattributes(patterns: int) -> str:
    """`patterns` lines that match nothing in TREE, of every tabled shape and past the
    wildcard cap, around the lines that do."""
    shapes = ("only{i}/** linguist-vendored", "*.ext{i} linguist-generated",
              "pkg/mod{i}.py linguist-documentation", "*w{i}* linguist-generated")  # fmt: skip
    noise = [shapes[i % 4].format(i=i) for i in range(patterns)]
    return "\n".join(
        [
            "api/gen/*.py linguist-generated",  # a wildcard, within the cap
            "third/** linguist-vendored",
            *noise[: patterns // 2],
            "api/gen/schema3.py -linguist-generated",  # a later line overrides
            *noise[patterns // 2 :],
            "guide/** stackcheck-role=docs",
            "",
        ]
    )


@pytest.mark.parametrize("patterns", [2000, 4000])
def test_many_gitattributes_patterns_give_the_right_roles(repo: RepoFactory, patterns: int) -> None:
    root = repo(files={**TREE, ".gitattributes": gitattributes(patterns)})
    with hang_guard(120):
        found = discover(root)
    files = {f.path: f for f in found.files}
    left_out = sorted(p for p in TREE if p.startswith(("third/", "api/gen/")) and p not in files)
    assert len(left_out) == 19 and "api/gen/schema3.py" in files  # vendored, generated
    assert files["guide/page0.html"].documentation
    assert files["shop/views0.py"].product
    # A quarter of the noise is wildcards (`*w{i}*`): 99 are kept beside api/gen/*.py.
    over = patterns // 4 + 1 - MAX_WILDCARD_PATTERNS
    assert [s for s in found.skipped if s.path == ".gitattributes"] == [
        (".gitattributes", f"{over} wildcard pattern(s) past the first 100, or with more "
         "than 4 `*` runs, were ignored")
    ]  # fmt: skip


def attribute_work(patterns: int) -> tuple[int, int]:
    """(regex calls, table look-ups) to judge TREE's paths under so many patterns."""
    matchers = _attribute_matchers(_parse_gitattributes(gitattributes(patterns)))
    for path in TREE:
        for matcher in matchers.values():
            matcher.last(path)
    return (
        sum(m.regex_calls for m in matchers.values()),
        sum(m.lookups for m in matchers.values()),
    )


def test_gitattributes_work_does_not_grow_with_the_patterns() -> None:
    assert attribute_work(2000) == attribute_work(4000) == attribute_work(8000)


def excludes(patterns: int) -> list[str]:
    shapes = ("old{i}/", "*.bak{i}", "/top{i}", "*x{i}*.py")
    noise = [shapes[i % 4].format(i=i) for i in range(patterns)]
    return ["third/", *noise, "api/gen/", "!api/gen/schema3.py"]  # fmt: skip


@pytest.mark.parametrize("patterns", [2000, 4000])
def test_many_exclude_patterns_exclude_the_right_files(repo: RepoFactory, patterns: int) -> None:
    setting = "exclude = " + json.dumps(excludes(patterns)) + "\n"
    root = repo(files={**TREE, ".stackcheck.toml": setting})
    with hang_guard(120):
        code, out, err = invoke("scan", "--format", "json", "--no-cache", str(root))
    report = json.loads(out)
    assert code == 0, err
    # 48 files; third/ (10) and api/gen/ (10 but one re-included) are left out.
    assert report["stats"]["files"] == len(TREE) + 1 - 10 - 9
    over = patterns // 4 - MAX_WILDCARD_PATTERNS
    assert {"path": ".", "reason": f"exclude: {over} wildcard pattern(s) past the first 100, "
            "or with more than 4 `*` runs, were ignored"} in report["skipped"]  # fmt: skip


def exclude_work(patterns: int) -> tuple[int, int]:
    matcher = PatternList(excludes(patterns))
    kept = [p for p in TREE if not matcher.ignored(p)]
    assert len(kept) == len(TREE) - 19
    return matcher.regex_calls, matcher.lookups


def test_exclude_work_does_not_grow_with_the_patterns() -> None:
    assert exclude_work(2000) == exclude_work(4000) == exclude_work(8000)


# --- Gradle ----------------------------------------------------------------------------------


def executed_lines(function: Callable[..., Any]) -> AbstractContextManager[list[int]]:
    """Count the lines Python executes in `function`'s module while the block runs."""
    filename = function.__code__.co_filename
    return counted_lines(lambda name: name == filename)


def gradle_work(text: str) -> int:
    with executed_lines(jvm.parse_gradle) as count, suppress(MalformedManifest):
        jvm.parse_gradle("build.gradle", text)
    return count[0]


CRAFTED_GRADLE = [
    pytest.param(lambda n: "dependencies {\n" + "implementation(\n" * n + ")\n" * n + "}\n",
                 id="nested-calls"),
    pytest.param(lambda n: "dependencies {\n" + "implementation(\n" * n, id="calls-never-closed"),
    pytest.param(lambda n: "x" + ") {\n}\n" * n, id="stray-parentheses-before-blocks"),
    pytest.param(lambda n: "dependencies {\n" + "api 'a:b:1' (\n" * n + ")" * n + "\n}\n",
                 id="nested-declarations"),
]  # fmt: skip


@pytest.mark.parametrize("make", CRAFTED_GRADLE)
def test_crafted_gradle_scripts_take_linear_work(make: Callable[[int], str]) -> None:
    small, large = gradle_work(make(500)), gradle_work(make(1000))
    assert large < 2.2 * small, (small, large)  # quadratic work would be 4 times


def parser_work(parse: Callable[[str, str], object], path: str, text: str) -> int:
    with executed_lines(parse) as count, suppress(MalformedManifest):
        parse(path, text)
    return count[0]


# The other hand-written walks, on what made them scan the same tokens again and again.
CRAFTED_OTHERS = [
    pytest.param(ruby.parse_gemfile, "Gemfile", lambda n: "group(" * n + "\n", id="gemfile-groups"),
    pytest.param(ruby.parse_gemfile, "Gemfile", lambda n: "def f(" * n + "\n", id="gemfile-defs"),
    pytest.param(ruby.parse_podfile, "Podfile", lambda n: "group(" * n + "\n", id="podfile-groups"),
    pytest.param(elixir.parse_mix_exs, "mix.exs",
                 lambda n: "defp deps do\n[" + "{:a, deps: [" * n + "]}" * n + "]\nend\n",
                 id="mix-nested-deps-lists"),
]  # fmt: skip


@pytest.mark.parametrize(("parse", "path", "make"), CRAFTED_OTHERS)
def test_other_crafted_manifests_take_linear_work(
    parse: Callable[[str, str], object], path: str, make: Callable[[int], str]
) -> None:
    small, large = parser_work(parse, path, make(500)), parser_work(parse, path, make(1000))
    assert large < 2.2 * small, (small, large)


def test_nested_gradle_calls_still_give_their_dependencies() -> None:
    text = "dependencies {\n" + "implementation(\n" * 50 + "'org.acme:core:1.0'\n" + ")\n" * 50
    parsed = jvm.parse_gradle("build.gradle", text + "testImplementation 'junit:junit:4'\n}\n")
    keys = sorted({f.key for f in parsed.facts})
    assert keys == ["gradle.dep.org.acme:core", "gradle.devdep.junit:junit", "manifest.gradle"]
