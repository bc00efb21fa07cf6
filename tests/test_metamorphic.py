"""Metamorphic tests: what real repositories accumulate beside their product (a helper script,
a docs site, CI, housekeeping files, the project one folder down …) never changes the verdict
or the "when not" case it trips.

Every fixture is scanned once as it is (its baseline); then a copy gets one change (the grid,
each transform in its canonical form) or two or three composed changes in forms hypothesis
draws (the property test) before it becomes a git repository, and its verdict and first
tripped case must be the baseline's. The changes live in metamorphic.py.

KNOWN_CHANGES lists what changes the verdict today. Each entry is a strict xfail (in the grid,
or in test_known_composition for a composition), so it stays a visible to-do and turns the
suite red once it holds: then delete its line. Until then the property test does not draw it.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, git
from metamorphic import (
    EXAMPLES,
    FIRST,
    NODE_SCRIPTS,
    PY_SCRIPTS,
    TESTS,
    TRANSFORMS,
    Draw,
    Transform,
)
from stackcheck.config import Settings
from stackcheck.pipeline import rules_for, scan
from stackcheck.report import to_dict

FIXTURE_NAMES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
BY_NAME = {t.name: t for t in TRANSFORMS}
SETTINGS = Settings(cache=False)

# (fixture, transforms in the order applied) -> how the verdict changes today and why. Empty:
# every change and composition found so far keeps every fixture's verdict.
KNOWN_CHANGES: dict[tuple[str, tuple[str, ...]], str] = {}

assert all(
    fixture in FIXTURE_NAMES and all(name in BY_NAME for name in names)
    for fixture, names in KNOWN_CHANGES
), "KNOWN_CHANGES names a fixture or transform that no longer exists"


# --- scanning -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    verdict: str
    tripped: str | None  # the first "when not" case in the report, if any
    detail: str  # what the report says, for failure messages

    @property
    def key(self) -> tuple[str, str | None]:
        return self.verdict, self.tripped

    def __str__(self) -> str:
        return f"{self.verdict} ({self.tripped or 'nothing tripped'})"


@cache
def _rules() -> Any:
    return rules_for(SETTINGS)


def _finding(kind: str, f: dict[str, Any]) -> str:
    return f"{kind} {f['id']} {f['confidence']:.2f}: " + "; ".join(f.get("reasons", []))


def outcome(root: Path) -> Outcome:
    found = scan(root, SETTINGS, rules=_rules())
    report = to_dict(found)
    lines = [f"verdict {report['verdict']}"]
    stack = report.get("stack")
    if isinstance(stack, dict):
        lines.append(f"kind {stack.get('kind')}: {stack.get('reasons')}")
    lines += [
        f"context {f.rule.id}: " + "; ".join(f.reasons)
        for f in getattr(found.verdict, "context", ())
    ]
    lines += [_finding("avoid", f) for f in report["avoid"]]
    lines += [_finding("use case", f) for f in report["use_cases"]]
    lines += [f"warning {w['id']}: {w['message']}" for w in report["warnings"]]
    tripped = report["avoid"][0]["id"] if report["avoid"] else None
    return Outcome(report["verdict"], tripped, "\n  ".join(lines))


@pytest.fixture(scope="session")
def empty_git(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `git init` makes, made once: copying it costs a tenth of running git."""
    folder = tmp_path_factory.mktemp("empty-repo")
    git(folder, "init", "-q", "--template=")  # no sample hooks
    return folder / ".git"


def build(
    dest: Path,
    fixture: str,
    changes: tuple[Transform, ...],
    draw: Draw,
    git_dir: Path,
    commit: bool,
) -> Path:
    """A copy of the fixture with the changes applied, in a fresh git work tree: committed, or
    all untracked (git lists the same files either way; a commit costs two git runs)."""
    shutil.copytree(FIXTURES / fixture, dest)
    for change in changes:
        change.apply(dest, draw)
    shutil.copytree(git_dir, dest / ".git")
    if commit:
        git(dest, "add", "-A")
        git(dest, "commit", "-q", "--allow-empty", "-m", "fixture")
    return dest


class Baseline(Protocol):
    def __call__(self, fixture: str, commit: bool) -> Outcome: ...


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory, empty_git: Path) -> Baseline:
    """baseline(fixture, commit): the unchanged fixture's outcome, scanned once per session."""

    @cache
    def of(fixture: str, commit: bool) -> Outcome:
        dest = tmp_path_factory.mktemp("baseline") / fixture
        return outcome(build(dest, fixture, (), FIRST, empty_git, commit))

    return of


def check(before: Outcome, after: Outcome, fixture: str, changes: str) -> None:
    assert after.key == before.key, (
        f"{fixture} + {changes}: {before} -> {after}\n"
        f"before:\n  {before.detail}\nafter:\n  {after.detail}"
    )


# --- one change at a time -------------------------------------------------------------------------


def _params(cases: list[tuple[str, tuple[str, ...]]]) -> list[Any]:
    params = []
    for fixture, names in cases:
        why = KNOWN_CHANGES.get((fixture, names))
        marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
        params.append(pytest.param(fixture, names, marks=marks, id=f"{fixture}:{'+'.join(names)}"))
    return params


@pytest.mark.parametrize(
    ("fixture", "names"),
    _params([(f, (t.name,)) for f in FIXTURE_NAMES for t in TRANSFORMS]),
)
def test_one_change_keeps_the_verdict(
    fixture: str, names: tuple[str, ...], baseline: Baseline, empty_git: Path, tmp_path: Path
) -> None:
    changes = tuple(BY_NAME[n] for n in names)
    after = outcome(build(tmp_path / fixture, fixture, changes, FIRST, empty_git, commit=False))
    check(baseline(fixture, False), after, fixture, "+".join(names))


@pytest.mark.parametrize(
    ("fixture", "names"),
    _params([key for key in KNOWN_CHANGES if len(key[1]) > 1])
    or [pytest.param("", (), marks=pytest.mark.skip(reason="no known composition"))],
)
def test_known_composition(
    fixture: str, names: tuple[str, ...], baseline: Baseline, empty_git: Path, tmp_path: Path
) -> None:
    """Compositions that change the verdict although each change alone does not."""
    changes = tuple(BY_NAME[n] for n in names)
    after = outcome(build(tmp_path / fixture, fixture, changes, FIRST, empty_git, commit=False))
    check(baseline(fixture, False), after, fixture, "+".join(names))


# --- composed changes, drawn ------------------------------------------------------------------


class HypothesisDraw:
    def __init__(self, data: st.DataObject) -> None:
        self._data = data

    def choice(self, options: Any) -> Any:
        return self._data.draw(st.sampled_from(options))

    def integer(self, low: int, high: int) -> int:
        return self._data.draw(st.integers(low, high))


def _known_within(fixture: str, names: tuple[str, ...]) -> bool:
    """Whether a known change is among these, in the same order."""
    return any(f == fixture and _in_order(known, names) for (f, known) in KNOWN_CHANGES)


def _in_order(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    rest = iter(whole)
    return all(name in rest for name in part)


@pytest.mark.parametrize("fixture", FIXTURE_NAMES)
# The autouse cache fixture is function-scoped; these scans do not use the cache at all.
# METAMORPHIC_EXAMPLES=150 hunts further (about seven minutes for all fixtures).
@settings(
    max_examples=int(os.environ.get("METAMORPHIC_EXAMPLES", "4")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_composed_changes_keep_the_verdict(
    fixture: str,
    data: st.DataObject,
    baseline: Baseline,
    empty_git: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    allowed = [t.name for t in TRANSFORMS if not _known_within(fixture, (t.name,))]
    names = tuple(
        data.draw(st.lists(st.sampled_from(allowed), min_size=2, max_size=3, unique=True))
    )
    assume(not _known_within(fixture, names))
    changes = tuple(BY_NAME[n] for n in names)
    dest = tmp_path_factory.mktemp("composed") / fixture
    after = outcome(build(dest, fixture, changes, HypothesisDraw(data), empty_git, commit=True))
    check(baseline(fixture, True), after, fixture, " + ".join(names))


# --- the changes themselves ---------------------------------------------------------------------


def test_every_form_of_a_change_parses(tmp_path: Path) -> None:
    """A change that wrote broken Python or JSON would test the error path, not the verdict."""
    import textwrap

    for name, text in {**PY_SCRIPTS, **dict([EXAMPLES["python"], TESTS["python"]])}.items():
        ast.parse(textwrap.dedent(text), name)
    for transform in TRANSFORMS:
        dest = tmp_path / transform.name
        shutil.copytree(FIXTURES / "verdict-dj101-blog", dest)
        transform.apply(dest, FIRST)
        for path in dest.rglob("*.py"):
            ast.parse(path.read_text(encoding="utf-8"), str(path))
        for path in dest.rglob("*.json"):
            json.loads(path.read_text(encoding="utf-8"))
    node = shutil.which("node")
    scripts = {**NODE_SCRIPTS, **dict([EXAMPLES["node"], TESTS["node"]])}
    for n, (name, text) in enumerate(scripts.items()):
        path = tmp_path / "node" / f"{n}{Path(name).suffix}"
        path.parent.mkdir(exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        if node is not None:
            done = subprocess.run([node, "--check", path], capture_output=True, text=True)
            assert done.returncode == 0, f"{name}: {done.stderr}"


@pytest.mark.parametrize(
    "fixture", ["verdict-na-library", "verdict-django-with-mkdocs", "signals-django-trading"]
)
def test_every_change_changes_the_tree(fixture: str, tmp_path: Path) -> None:
    """Also where the tree already has docs, tests or a Makefile: no change is a no-op."""

    def contents(folder: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()
        }

    before = contents(FIXTURES / fixture)
    for transform in TRANSFORMS:
        dest = tmp_path / transform.name
        shutil.copytree(FIXTURES / fixture, dest)
        transform.apply(dest, FIRST)
        assert contents(dest) != before, transform.name


def test_moving_down_keeps_only_housekeeping_at_the_root(tmp_path: Path) -> None:
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURES / "verdict-dj901-hugo", dest)
    BY_NAME["readme-badges"].apply(dest, FIRST)
    BY_NAME["move-into-named"].apply(dest, FIRST)
    assert sorted(p.name for p in dest.iterdir()) == [".github", "README.md", "app"]
    assert (dest / "app" / "hugo.toml").is_file()
