"""stackcheck history: the verdict along first-parent history, in real repositories."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import RepoFactory, git
from stackcheck.cache import Cache
from stackcheck.cli import cli
from stackcheck.commands import history
from stackcheck.commands.history import scan_commits
from stackcheck.config import Settings
from stackcheck.judge import evaluate
from stackcheck.pipeline import scan
from stackcheck.report import Report, Suppression, to_dict
from stackcheck.source.discover import Exclusions, filter_listing
from stackcheck.source.git import revision_listing
from stackcheck.source.revisions import listings
from test_diff import DJANGO_APP, PAGES, commit_tree
from test_revisions import commit, shaped_history, write


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["history", *args])
    return result.exit_code, result.stdout, result.stderr


def history_json(*args: str) -> dict[str, Any]:
    code, out, err = run_cli("--format", "json", *args)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def three_states_repo(repo: RepoFactory) -> Path:
    """app -> static pages -> app again -> the app with a comment (no verdict change)."""
    root = repo(files=DJANGO_APP)
    commit_tree(root, PAGES, "replace the app with static pages")
    commit_tree(root, DJANGO_APP, "bring the app back")
    (root / "blog" / "views.py").write_text(DJANGO_APP["blog/views.py"] + "# tidy\n")
    git(root, "commit", "-qam", "tidy a view")
    return root


@pytest.fixture
def three_states(repo: RepoFactory) -> Path:
    return three_states_repo(repo)


def commits(root: Path, *args: str) -> list[str]:
    return git(root, "rev-list", "--first-parent", *args, "HEAD").split()


def test_json_marks_the_commits_where_the_verdict_changed(three_states: Path) -> None:
    data = history_json(str(three_states))
    assert data["schema"] == "stackcheck.history/1"
    assert data["target"] == {
        "path": str(three_states),
        "rev": commits(three_states)[0],
        "remote": None,
    }
    rows = data["commits"]
    assert [r["commit"] for r in rows] == commits(three_states)
    assert [r["subject"] for r in rows] == [
        "tidy a view",
        "bring the app back",
        "replace the app with static pages",
        "fixture",
    ]
    assert [r["verdict"] for r in rows] == ["suits", "suits", "avoid", "suits"]
    assert [r["verdict_changed"] for r in rows] == [False, True, True, False]
    assert [r["previous_verdict"] for r in rows] == ["suits", "avoid", "suits", None]
    assert (rows[2]["tripped"], rows[2]["lost"]) == (["DJ901"], ["DJ101"])
    assert (rows[1]["cleared"], rows[1]["gained"]) == (["DJ901"], ["DJ101"])
    assert rows[0]["tripped"] == rows[0]["cleared"] == []
    assert rows[2]["confidence"] == {"DJ901": 0.7}
    assert set(rows[0]["confidence"]) == {"DJ101"}
    assert data["rules"] == ["DJ101", "DJ901"]
    assert (data["complete"], data["shallow_boundary"]) == (True, None)


def test_text_table_marks_and_explains_changes(three_states: Path) -> None:
    code, out, _ = run_cli(str(three_states))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("stackcheck history: 4 commits from ")
    header = lines[2].split()
    assert header == ["commit", "date", "verdict", "DJ101", "DJ901", "subject"]
    marked = [line.split()[4:] for line in lines if line.startswith("* ")]
    # the confidence cells of DJ101 and DJ901, then the subject
    assert marked == [
        ["0.85", "-", "bring", "the", "app", "back"],
        ["-", "0.70", "replace", "the", "app", "with", "static", "pages"],
    ]
    assert "      ↳ avoid → suits: DJ901 static-site cleared; DJ101 fullstack gained" in lines
    assert "      ↳ suits → avoid: DJ901 static-site tripped; DJ101 fullstack lost" in lines
    assert lines[-1] == "Reached the first commit."


def test_markdown_table_and_what_changed(three_states: Path) -> None:
    code, out, _ = run_cli("--format", "markdown", str(three_states))
    assert code == 0
    lines = out.splitlines()
    shas = [c[:12] for c in commits(three_states)]
    assert lines[0] == f"## stackcheck history: 4 commits from `{shas[0]}`, newest first"
    assert lines[2:4] == [
        "| Commit | Date | Verdict | DJ101 | DJ901 |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    assert [line.split(" | ")[2:] for line in lines[4:8]] == [
        ["`suits`", "0.85", "\\- |"],
        ["**`suits`** \\(changed\\)", "0.85", "\\- |"],
        ["**`avoid`** \\(changed\\)", "\\-", "0.70 |"],
        ["`suits`", "0.85", "\\- |"],
    ]
    assert lines[11] == (
        f"- `{shas[2]}` ` replace the app with static pages `: suits → avoid\\: DJ901 "
        "static\\-site tripped\\; DJ101 fullstack lost"
    )
    assert lines[-1] == "Reached the first commit\\."


def test_json_lines_one_line_per_commit_then_a_summary(three_states: Path) -> None:
    code, out, _ = run_cli("--format", "json-lines", str(three_states))
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["type"] for r in rows] == ["commit"] * 4 + ["summary"]
    assert [r["commit"] for r in rows[:4]] == commits(three_states)
    assert [r["verdict_changed"] for r in rows[:4]] == [False, True, True, False]
    assert {k: v for k, v in history_json(str(three_states))["commits"][2].items()} == {
        k: v for k, v in rows[2].items() if k != "type"
    }
    assert rows[4]["schema"] == "stackcheck.history/1"
    assert (rows[4]["rules"], rows[4]["complete"]) == (["DJ101", "DJ901"], True)


@pytest.mark.parametrize(
    ("args", "subjects", "ending"),
    [
        pytest.param(["--since", "2090-01-01"], [], "No commits in that range.", id="since"),
        pytest.param(
            ["--max-count", "2"],
            ["tidy a view", "bring the app back"],
            "Older commits not shown (--max-count, --since).",
            id="max-count",
        ),
        pytest.param(
            ["HEAD~2"],
            ["replace the app with static pages", "fixture"],
            "Reached the first commit.",
            id="from-a-revision",
        ),
    ],
)
def test_range_options(
    three_states: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    subjects: list[str],
    ending: str,
) -> None:
    monkeypatch.chdir(three_states)
    data = history_json(*args)
    assert [r["subject"] for r in data["commits"]] == subjects
    assert run_cli(*args)[1].splitlines()[-1] == ending


def test_follows_the_first_parent_only(repo: RepoFactory) -> None:
    root = repo(files=DJANGO_APP)
    git(root, "checkout", "-qb", "feature")
    commit_tree(root, PAGES, "side branch: static pages")
    git(root, "checkout", "-q", "main")
    (root / "README.md").write_text("# Blog\n")
    git(root, "add", "README.md")
    git(root, "commit", "-qm", "readme on main")
    git(root, "merge", "-q", "--no-ff", "-s", "ours", "-m", "merge feature", "feature")
    data = history_json(str(root))
    assert [r["subject"] for r in data["commits"]] == ["merge feature", "readme on main", "fixture"]
    assert {r["verdict"] for r in data["commits"]} == {"suits"}


def test_bare_clone(three_states: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(three_states), str(bare)], check=True)
    data = history_json(str(bare))
    assert [r["verdict"] for r in data["commits"]] == ["suits", "suits", "avoid", "suits"]
    assert data["complete"] is True


def test_shallow_clone_stops_at_the_boundary(three_states: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{three_states}", str(shallow)],
        check=True,
    )
    data = history_json(str(shallow))
    assert [r["subject"] for r in data["commits"]] == ["tidy a view", "bring the app back"]
    assert data["shallow_boundary"] == commits(shallow)[-1]
    assert data["complete"] is False
    last = run_cli(str(shallow))[1].splitlines()[-1]
    assert last.startswith(f"History stops at {commits(shallow)[-1][:12]}, the boundary of this")


def test_detached_head(three_states: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(three_states, "checkout", "-q", "--detach", "HEAD~1")
    monkeypatch.chdir(three_states)
    data = history_json()
    assert data["commits"][0]["subject"] == "bring the app back"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["mian"], "REV mian: unknown revision (did you mean 'main'?)", id="unknown"),
        pytest.param(["main", ".", "x"], "too many arguments", id="too-many"),
    ],
)
def test_bad_arguments(
    three_states: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(three_states)
    code, _, err = run_cli(*args)
    assert code == 2
    assert err.startswith(f"stackcheck: error: {message}")


def test_empty_repository_and_plain_folder(repo: RepoFactory, tmp_path: Path) -> None:
    empty = repo(commit=False)
    assert run_cli(str(empty))[2] == (
        "stackcheck: error: empty repository: there are no commits yet\n"
    )
    plain = tmp_path / "plain"
    plain.mkdir()
    assert run_cli(str(plain))[2] == f"stackcheck: error: {plain}: not a git repository\n"


def context_history(repo: RepoFactory) -> Path:
    """Commits that change how unchanged files are judged: a documentation site's config
    comes and goes (the files beside it become documentation, then product again), a second
    top-level folder ends the one-folder-down project (its scripts/ were tooling), a
    project marker makes a folder a project root, and files arrive in a site that exists."""
    root = repo(
        files={
            "proj/app/views.py": "from django.http import HttpResponse\n",
            "proj/scripts/build.py": "import subprocess\n",
            "proj/website/page.py": "import flask\n",
        }
    )
    write(root, "proj/website/mkdocs.yml", "site_name: x\n")
    commit(root, "a documentation site")
    write(root, "proj/website/more.py", "import flask\n")
    write(root, "other/tools/run.py", "import click\n")
    commit(root, "a file in the site; a second top-level folder")
    write(root, "other/pyproject.toml", "[project]\nname = 'other'\n")
    commit(root, "a project marker")
    write(root, "proj/website/extra.py", "import flask\n")
    write(root, "proj/scripts/deploy.py", "import subprocess\n")
    (root / "proj/website/page.py").unlink()  # (history goes newest first: files that
    (root / "proj/scripts/build.py").unlink()  # leave are the ones it meets anew)
    commit(root, "files come and go in the site and in scripts/, nothing else changes")
    (root / "proj/website/mkdocs.yml").unlink()
    commit(root, "no documentation site")
    return root


@pytest.fixture(params=["three-states", "shaped", "sub-folder", "shallow", "context"])
def history_target(request: pytest.FixtureRequest, repo: RepoFactory, tmp_path: Path) -> Path:
    """Histories with every kind of change, scanned whole, in a sub-folder, and shallow; and
    one whose commits change how the files they leave alone are judged."""
    if request.param == "three-states":
        return three_states_repo(repo)
    if request.param == "context":
        return context_history(repo)
    shaped = shaped_history(repo)
    if request.param == "shaped":
        return shaped
    if request.param == "sub-folder":
        return shaped / "shop"
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "6", f"file://{shaped}", str(shallow)], check=True
    )
    return shallow


def comparable(report: Report, *drop: str) -> dict[str, Any]:
    data = to_dict(report)
    for stat in ("seconds", *drop):
        del data["stats"][stat]
    return data


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param(Settings(cache=False), id="defaults"),
        pytest.param(
            Settings(
                ignore=("DJ9",),
                suppressions=(Suppression("DJ9", "static pages are fine here"),),
                exclude=("docs/",),
                cache=False,
            ),
            id="options",
        ),
    ],
)
def test_scan_commits_reports_what_pipeline_scan_does(
    history_target: Path, tmp_path: Path, settings: Settings
) -> None:
    """history prepares once what commits share and skips what neighbours share; the reports
    must not drift from a plain scan's."""
    revs = commits(history_target)
    fast = scan_commits(history_target, settings, revs, Cache(tmp_path / "fast"))
    one_by_one = Cache(tmp_path / "one-by-one")
    for rev, report in zip(revs, fast, strict=True):
        # Exactly what scanning the commits one by one with one shared cache reports ...
        cached = scan(history_target, settings, rev=rev, cache=one_by_one)
        assert comparable(report) == comparable(cached)
        assert report.facts == cached.facts
        # ... and, what the cache answered instead of reading aside, what a lone scan does.
        alone = scan(history_target, settings, rev=rev)
        read = ("files_read", "bytes_read", "from_cache")
        assert comparable(report, *read) == comparable(alone, *read)
        assert report.facts.values == alone.facts.values


@pytest.mark.parametrize(
    "exclusions",
    [
        pytest.param(Exclusions(), id="defaults"),
        pytest.param(Exclusions(exclude=("docs/", "!docs/keep.md")), id="excludes"),
        pytest.param(Exclusions(include_vendored=True), id="vendored"),
    ],
)
def test_refiltering_judges_as_filter_listing_does(
    history_target: Path, exclusions: Exclusions
) -> None:
    refilter = history._Refilter(exclusions)
    revs = commits(history_target)
    for rev, listing in zip(revs, listings(history_target, revs), strict=True):
        mine = replace(refilter(listing), read=None)
        theirs = replace(
            filter_listing(revision_listing(history_target, rev), exclusions), read=None
        )
        assert mine == theirs


def test_neighbouring_commits_share_work(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = shaped_history(repo)
    calls: list[str] = []

    def counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(history, "collect", counted("collect", history.collect))
    monkeypatch.setattr(
        history, "decide_with_advice", counted("decide", history.decide_with_advice)
    )
    monkeypatch.setattr(evaluate, "evaluate_rule", counted("rule", evaluate.evaluate_rule))
    revs = commits(root, "--max-count=3")
    reports = scan_commits(root, Settings(), revs, Cache(root.parent / "c"))
    # Newest first: the commit before the newest has other files (a test changed) but the
    # same facts; the one before that differs only in vendored code, so the same files.
    assert calls == ["collect", *["rule"] * len(reports[0].rules), "decide", "collect"]
    assert reports[0].facts.files_read > 0
    assert [r.facts.files_read for r in reports[1:]] == [0, 0]
    assert reports[2].verdict is reports[1].verdict is reports[0].verdict


def test_one_walk_lists_every_tree(three_states: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(target: Path, rev: str) -> None:
        raise AssertionError(f"listed {rev} on its own")

    monkeypatch.setattr("stackcheck.source.revisions.revision_listing", refuse)
    assert (
        len(
            scan_commits(
                three_states, Settings(), commits(three_states), Cache(three_states.parent / "c")
            )
        )
        == 4
    )


def test_one_cache_for_all_commits(three_states: Path, tmp_path: Path) -> None:
    revs = commits(three_states)
    reports = scan_commits(three_states, Settings(), list(reversed(revs)), Cache(tmp_path / "c"))
    # oldest first: the app, the pages, the app again (all cached), one edited view
    assert [r.facts.files_read for r in reports] == [len(DJANGO_APP), len(PAGES), 0, 1]


def test_history_leaves_what_it_learned_in_the_cache(three_states: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache-here"
    assert run_cli(str(three_states), "--cache-dir", str(folder))[0] == 0
    for rev in commits(three_states):
        assert scan(three_states, Settings(), rev=rev, cache=Cache(folder)).facts.files_read == 0


SUBJECT = "Ünïcode → arrows, 中文 and 😀"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_terminal_that_cannot_show_a_subject_gets_escapes_not_an_error(
    repo: RepoFactory, fmt: str
) -> None:
    """A Windows console in cp1252: what it cannot encode is escaped as \\uXXXX, which JSON
    reads back as the very same text."""
    root = repo(files=DJANGO_APP)
    git(root, "commit", "-q", "--allow-empty", "-m", SUBJECT)
    src = Path(__file__).resolve().parents[1] / "src"
    done = subprocess.run(
        [sys.executable, "-m", "stackcheck", "history", "--format", fmt, str(root)],
        env={**os.environ, "PYTHONPATH": str(src), "PYTHONIOENCODING": "cp1252"},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("cp1252")
    if fmt == "json":
        assert json.loads(out)["commits"][0]["subject"] == SUBJECT
    else:
        row = out.splitlines()[3]
        assert row.endswith("Ünïcode \\u2192 arrows, \\u4e2d\\u6587 and \\ud83d\\ude00")
