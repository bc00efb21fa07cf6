"""What a long-lived process keeps between scans (memory.py) changes nothing a scan reports:
the same report with the tables on as with them off, after edits, additions and removals,
and the tables stay within their limits."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import RepoFactory, git
from stackcheck import memory
from stackcheck.config import Settings
from stackcheck.pipeline import scan
from stackcheck.report.formats import RenderOptions, renderer


@pytest.fixture
def kept() -> Iterator[None]:
    memory.keep()
    try:
        yield
    finally:
        memory.write_pending()
        memory.forget()


def report_json(target: Path, staged: bool) -> dict[str, object]:
    """The JSON report without what says how much work the scan did (its time, and how
    many files it read rather than found in the cache): the rest must not depend on it."""
    report = scan(target, Settings(), staged=staged)
    document = json.loads(renderer("json")(report, RenderOptions()))
    stats = document.pop("stats")
    document["files"] = stats["files"]
    return dict(document)


def test_a_table_empties_itself_when_full() -> None:
    table = memory.Table(3)
    for number in range(3):
        table.put(number, str(number))
    assert dict(table) == {0: "0", 1: "1", 2: "2"}
    table[1] = "one"  # a key it holds is replaced, not a new entry
    assert len(table) == 3
    table.put(3, "3")
    assert dict(table) == {3: "3"}
    assert table.get(0) is None


def test_the_tables_are_off_unless_a_server_turns_them_on() -> None:
    assert memory.entries is None and memory.results is None and memory.records is None


EDITS = [
    ("app/extra.py", "from rest_framework import serializers\n"),
    ("index.html", "<html><body><h1>Hello</h1></body></html>\n"),
    ("requirements.txt", "Django==4.2\nchannels==4.0\n"),
    ("server.js", "const io = require('socket.io')(3000);\nio.on('connection', () => {});\n"),
]


@pytest.mark.parametrize("staged", [True, False])
@pytest.mark.parametrize(
    "fixture", ["verdict-dj101-blog", "verdict-dj901-hugo", "verdict-dj903-chat"]
)
def test_a_scan_with_the_tables_on_reports_what_one_without_them_reports(
    repo: RepoFactory, kept: None, staged: bool, fixture: str
) -> None:
    root = repo(fixture)
    report_json(root, staged)  # what the tables then hold
    for path, text in EDITS:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
        git(root, "add", "-A")
        with_tables = report_json(root, staged)
        memory.write_pending()
        memory.forget()
        without = report_json(root, staged)
        memory.keep()
        assert with_tables == without, path
    git(root, "rm", "-q", "-r", "--cached", "app")  # a folder taken out of the index
    with_tables = report_json(root, staged=True)
    memory.write_pending()
    memory.forget()
    assert with_tables == report_json(root, staged=True)


def test_what_a_scan_stores_waits_for_write_pending(repo: RepoFactory, kept: None) -> None:
    root = repo("verdict-dj101-blog")
    scan(root, Settings(), staged=True)
    assert memory._pending, "the scan's cache writes wait"
    memory.write_pending()
    assert not memory._pending
    memory.forget()
    # A process with no tables finds the whole tree's facts where the server stored them.
    assert scan(root, Settings(), staged=True).facts.from_cache


def test_a_repository_made_again_in_the_same_folder_is_located_again(
    tmp_path: Path, kept: None
) -> None:
    from stackcheck.source.git import locate

    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    first = locate(root)
    assert locate(root) == first
    # The repository removed, made again in a subfolder and in the folder itself, then
    # made bare: each time the kept answer must not be the old one.
    shutil.rmtree(root / ".git")
    (root / "sub").mkdir()
    git(root / "sub", "init", "-q")
    assert locate(root / "sub").work_tree == (root / "sub").resolve()
    git(root, "init", "-q")
    assert locate(root).git_dir == (root / ".git").resolve()
    git(root, "config", "core.bare", "true")
    assert locate(root).work_tree is None  # its config changed: git is asked again


def test_a_tree_s_layout_is_found_again_only_when_its_paths_change(
    repo: RepoFactory, kept: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hook after an edit lists the same paths: the scanners that read only paths and
    roles (signals.SIZE_BLIND) are not run again; a file added is a new tree to them."""
    from stackcheck.facts import signals

    root = repo("verdict-dj101-blog")
    scan(root, Settings(), staged=True)
    (blind,) = signals.SIZE_BLIND
    runs: list[int] = []

    def counted(files: object) -> object:
        runs.append(1)
        return blind(files)  # type: ignore[arg-type]

    counted.__module__, counted.__qualname__ = blind.__module__, blind.__qualname__
    monkeypatch.setattr(
        signals, "TREE_SCANNERS", [counted if s is blind else s for s in signals.TREE_SCANNERS]
    )
    monkeypatch.setattr(signals, "SIZE_BLIND", {counted})
    product = next(p for p in root.rglob("*.py") if "test" not in p.name)
    for number in range(2):
        product.write_text(product.read_text() + f"# edit {number}\n")
        git(root, "add", "-A")
        edited = report_json(root, staged=True)
    assert runs == []
    (root / "notes.md").write_text("# Notes\n")
    git(root, "add", "-A")
    report_json(root, staged=True)
    assert runs == [1]
    memory.write_pending()
    memory.forget()
    (root / "notes.md").unlink()
    git(root, "add", "-A")
    assert report_json(root, staged=True) == edited
