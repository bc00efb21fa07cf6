"""Scanning revisions and the index straight from git objects, and the content cache."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import RepoFactory, git
from stackcheck.cache import FILE_NAME, Cache
from stackcheck.cli import cli
from stackcheck.errors import StackcheckError
from stackcheck.facts.collect import collect
from stackcheck.source.discover import discover
from stackcheck.source.git import IndexSizes, listing_from_state
from stackcheck.source.gitstate import WorktreeState, read_worktree
from stackcheck.source.listing import Entry
from stackcheck.source.worktree import stat_entry

DJANGO = {"requirements.txt": "Django>=4.2\n", "manage.py": "import django\n"}


def scan_json(*args: str) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(cli, ["scan", "--format", "json", *args])
    return result.exit_code, (json.loads(result.stdout) if result.stdout else {}), result.stderr


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def test_rev_ignores_the_dirty_work_tree(repo: RepoFactory) -> None:
    root = repo(files=DJANGO)
    (root / "requirements.txt").write_text("flask\n")
    (root / "extra.py").write_text("import os\n")
    listed = discover(root, rev="HEAD")
    assert [f.path for f in listed.files] == ["manage.py", "requirements.txt"]
    assert listed.rev == head(root)
    facts = collect(listed)
    assert "py.dep.django" in facts.values
    assert "py.dep.flask" not in facts.values


def test_rev_target_holds_the_full_commit_id(repo: RepoFactory) -> None:
    root = repo(files=DJANGO)
    git(root, "tag", "v1")
    code, report, _ = scan_json(str(root), "--rev", "v1")
    assert code == 0
    assert report["target"] == {
        "path": str(root),
        "rev": head(root),
        "remote": None,
        "commit": head(root),
        "subdir": "",
    }


def test_rev_on_a_bare_repository(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(files=DJANGO)
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(root), str(bare)], check=True)
    listed = discover(bare, rev="main")
    assert [f.path for f in listed.files] == ["manage.py", "requirements.txt"]
    with pytest.raises(
        StackcheckError, match="a bare repository has no work tree; scan a revision with --rev HEAD"
    ):
        discover(bare)


def test_rev_of_a_sub_folder(repo: RepoFactory) -> None:
    root = repo(files={"backend/requirements.txt": "Django\n", "site/index.html": "<p>"})
    listed = discover(root / "backend", rev="HEAD")
    assert [f.path for f in listed.files] == ["requirements.txt"]


def test_unknown_revision_suggests_a_branch(repo: RepoFactory) -> None:
    root = repo(files=DJANGO)
    git(root, "branch", "feature-login")
    code, _, err = scan_json(str(root), "--rev", "feature-logn")
    assert code == 2
    assert err.strip() == (
        "stackcheck: error: --rev feature-logn: unknown revision (did you mean 'feature-login'?)"
    )


def test_empty_repository_has_no_revisions(repo: RepoFactory) -> None:
    root = repo(commit=False)
    code, _, err = scan_json(str(root), "--rev", "HEAD")
    assert code == 2
    assert "(the repository has no commits yet)" in err
    code, report, _ = scan_json(str(root))
    assert code == 0
    assert report["verdict"] == "not-applicable"


def test_staged_reads_the_index_not_the_work_tree(repo: RepoFactory) -> None:
    root = repo(files={"README.md": "hi\n"})
    (root / "requirements.txt").write_text("Django\n")
    git(root, "add", "requirements.txt")
    (root / "requirements.txt").write_text("flask\n")  # unstaged change
    (root / "Pipfile").write_text('[packages]\nfastapi = "*"\n')  # untracked
    facts = collect(discover(root, staged=True))
    assert "py.dep.fastapi" not in facts.values
    assert "py.dep.django" in facts.values
    assert "py.dep.flask" not in facts.values


def test_submodules_are_listed_not_entered(repo: RepoFactory, tmp_path: Path) -> None:
    inner = repo(files={"package.json": '{"dependencies": {"express": "4"}}'})
    root = repo(files={"app.py": ""})
    git(root, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "lib")
    git(root, "commit", "-qm", "submodule")
    for listed in (discover(root), discover(root, rev="HEAD")):
        assert "lib/package.json" not in [f.path for f in listed.files]
        assert ("lib", "submodule (not entered)") in listed.skipped


def test_shallow_clone_says_so(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(files=DJANGO)
    (root / "a.py").write_text("")
    git(root, "add", "a.py")
    git(root, "commit", "-qm", "second")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{root}", str(shallow)], check=True
    )
    listed = discover(shallow, rev="HEAD")
    assert any(s.reason.startswith("shallow clone") for s in listed.skipped)


def test_cache_answers_unchanged_blobs_without_reading(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(files=DJANGO)
    cache = Cache(tmp_path / "c")
    cold = collect(discover(root), cache=cache)
    warm = collect(discover(root), cache=cache)
    assert cold.files_read == 2
    assert warm.files_read == 0
    assert warm.values == cold.values
    assert warm.manifests == cold.manifests
    (root / "requirements.txt").write_text("Django\nchannels\n")  # dirty: read again
    changed = collect(discover(root), cache=cache)
    assert changed.files_read == 1
    assert "py.dep.channels" in changed.values


def test_corrupt_cache_is_ignored_and_replaced(repo: RepoFactory, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(b"SQLite format 3\0" + b"\xff" * 100)
    root = repo(files=DJANGO)
    facts = collect(discover(root), cache=Cache(folder))
    assert "py.dep.django" in facts.values
    again = collect(discover(root), cache=Cache(folder))
    assert again.files_read == 0


def test_cache_clear_and_no_cache(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(files=DJANGO)
    folder = tmp_path / "cache-here"
    CliRunner().invoke(cli, ["scan", str(root), "--cache-dir", str(folder)])
    assert (folder / FILE_NAME).exists()
    result = CliRunner().invoke(cli, ["cache", "clear", "--cache-dir", str(folder)])
    assert result.exit_code == 0
    assert not (folder / FILE_NAME).exists()
    CliRunner().invoke(cli, ["scan", str(root), "--cache-dir", str(folder), "--no-cache"])
    assert not (folder / FILE_NAME).exists()


def test_symlinks_in_revisions_are_followed_inside_the_tree_only(repo: RepoFactory) -> None:
    import os

    root = repo(files={"requirements.txt": "Django\n", "sub/.keep": ""})
    os.symlink("../requirements.txt", root / "sub" / "requirements.txt")
    os.symlink("/etc/passwd", root / "passwd.txt")
    os.symlink("sub", root / "folder-link")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "links")
    for listed in (discover(root, rev="HEAD"), discover(root, staged=True)):
        files = {f.path: f for f in listed.files}
        assert files["sub/requirements.txt"].blob == files["requirements.txt"].blob
        reasons = dict(listed.skipped)
        assert reasons["passwd.txt"] == "symbolic link points outside the repository (not followed)"
        assert reasons["folder-link"].startswith("symbolic link to a folder")
        facts = collect(listed)
        assert facts.values["py.dep.django"].value == 2


def test_an_unchanged_revision_is_answered_whole_from_the_cache(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root = repo(files={**DJANGO, "shop/views.py": "from django.shortcuts import render\n"})
    cache = Cache(tmp_path / "c")
    first = collect(discover(root, rev="HEAD"), cache=cache)
    again = collect(discover(root, rev="HEAD"), cache=cache)
    assert first.files_read == 3
    assert (again.files_read, again.bytes_read) == (0, 0)
    assert again.values == first.values
    assert (again.manifests, again.skipped, again.files) == (
        first.manifests,
        first.skipped,
        first.files,
    )
    (root / "shop" / "views.py").write_text("import channels\n")
    git(root, "commit", "-qam", "change")
    changed = collect(discover(root, rev="HEAD"), cache=cache)
    assert changed.files_read == 1  # only the changed blob
    assert "py.import.channels" in changed.values


def test_recurse_submodules_enters_their_work_trees(repo: RepoFactory) -> None:
    inner = repo(files={"package.json": '{"dependencies": {"express": "4"}}'})
    root = repo(files={"app.py": ""})
    git(root, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "lib")
    git(root, "commit", "-qm", "submodule")
    listed = discover(root, recurse_submodules=True)
    assert "lib/package.json" in [f.path for f in listed.files]
    assert "npm.dep.express" in collect(listed).values
    code, report, _ = scan_json(str(root), "--recurse-submodules")
    assert code == 0
    assert [m["path"] for m in report["manifests"]] == ["lib/package.json"]  # type: ignore[index]


def _disk_sizes(root: Path, paths: list[str]) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for path in paths:
        entry = stat_entry(root.resolve(), path)
        found[path] = entry.size if isinstance(entry, Entry) else None
    return found


def test_sizes_from_the_index_are_the_files_sizes(repo: RepoFactory) -> None:
    """A clean file's size comes from the index's stat data; every file git does not vouch
    for (changed, staged then changed, flagged, gone, a link, turned into a folder) is
    asked of the disk, so every size is the one on disk."""
    files = {f"pkg/m{i}.py": "x = 1\n" * i for i in range(1, 30)}
    root = repo(files={**files, "README.md": "hi\n", "empty.txt": "", "gone.txt": "bye\n"})
    (root / "pkg/m1.py").write_text("a much longer line than before\n")  # changed, unstaged
    (root / "pkg/m2.py").write_text("y = 22\n" * 9)
    git(root, "add", "pkg/m2.py")
    (root / "pkg/m2.py").write_text("z\n")  # staged, then changed again
    (root / "pkg/m3.py").write_text("q\n" * 50)
    git(root, "update-index", "--assume-unchanged", "pkg/m3.py")  # flagged: git never looks
    (root / "gone.txt").unlink()
    (root / "pkg/m4.py").unlink()
    (root / "pkg/m4.py").symlink_to("m5.py")
    (root / "pkg/m6.py").unlink()
    (root / "pkg/m6.py").mkdir()
    (root / "pkg/m6.py/inner.txt").write_text("inside\n")
    (root / "new.txt").write_text("untracked\n")
    state = read_worktree(root, stat_data=True)
    assert isinstance(state, WorktreeState)
    sizes = IndexSizes(state)
    assert [sizes.next(p) for p in ("README.md", "empty.txt", "gone.txt")] == [3, 0, 4]
    listing = listing_from_state(state)
    listed = {e.path: e.size for e in listing.entries}
    assert "gone.txt" not in listed and "pkg/m6.py" not in listed
    assert listed == {p: s for p, s in _disk_sizes(root, list(listed)).items()}
    assert listed["pkg/m1.py"] == len("a much longer line than before\n")
    assert listed["pkg/m2.py"] == 2
    assert listed["pkg/m3.py"] == 100
    assert listed["pkg/m4.py"] == len("x = 1\n" * 5)
    assert listed["new.txt"] == len("untracked\n")
    # And the same listing without the index's stat data (the disk asked for every file).
    plain = listing_from_state(state._replace(stat_data=b"not git's layout"))
    assert sorted(plain.entries) == sorted(listing.entries)


def _counting_lstat(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = os.lstat

    def counted(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        calls.append(os.fsdecode(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", counted)
    return calls


def test_a_clean_tree_is_listed_without_an_lstat_per_file(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo(files={f"src/m{i}.py": f"n = {i}\n" for i in range(1, 41)})
    state = read_worktree(root, stat_data=True)
    assert isinstance(state, WorktreeState)
    calls = _counting_lstat(monkeypatch)
    listing = listing_from_state(state)
    assert len(listing.entries) == 40
    # git may have smudged a racily clean entry's size to 0; those few are asked of the disk.
    assert len(calls) < 10, calls
    monkeypatch.undo()
    assert {e.path: e.size for e in listing.entries} == _disk_sizes(
        root, [e.path for e in listing.entries]
    )


def test_a_large_index_has_its_sizes_read_from_the_index_file_by_the_listing(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the bound, git's stat data (some 220 bytes per entry) is not read beside the
    other listings; the listing reads the index file a piece at a time as it goes, asks
    the disk for no clean file, runs no git command for it, and lists what it lists with
    git's stat data."""
    from stackcheck.source import git as gitsource
    from stackcheck.source import gitstate, index_file

    root = repo(files={f"m{i:02d}.py": "x\n" * i for i in range(1, 41)})
    small = read_worktree(root, stat_data=True)
    assert isinstance(small, WorktreeState) and small.stat_data
    index_size = (root / ".git" / "index").stat().st_size
    monkeypatch.setattr(gitstate, "MAX_STAT_DATA_INDEX_BYTES", index_size - 1)
    monkeypatch.setattr(index_file, "PIECE_BYTES", 100)  # entries cut across pieces
    large = read_worktree(root, stat_data=True)
    assert isinstance(large, WorktreeState) and large.stat_data is None
    commands: list[tuple[str, ...]] = []
    real_run = gitsource.run

    def counted_run(cwd: Any, *args: str, **kwargs: Any) -> bytes:
        commands.append(args)
        return real_run(cwd, *args, **kwargs)

    monkeypatch.setattr(gitsource, "run", counted_run)
    calls = _counting_lstat(monkeypatch)
    listing = listing_from_state(large)
    monkeypatch.undo()
    assert commands == []
    assert len(calls) < 10, calls  # (any entry git smudged as racily clean)
    assert sorted(listing.entries) == sorted(listing_from_state(small).entries)
    assert {e.path: e.size for e in listing.entries} == {
        f"m{i:02d}.py": 2 * i for i in range(1, 41)
    }


def test_with_another_index_named_the_listing_takes_that_indexs_sizes(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_INDEX_FILE names the index git lists (a commit hook's): the sizes are those git
    keeps in that index, not those of `.git/index`, which differ here."""
    root = repo(files={"a.txt": "short\n", "b.txt": "b\n"})
    monkeypatch.setenv("GIT_INDEX_FILE", str(root / ".git" / "other-index"))
    (root / "a.txt").write_text("a longer text than before\n")
    git(root, "add", "a.txt", "b.txt")  # (into the other index only)
    git(root, "update-index", "--refresh")
    state = read_worktree(root)
    assert isinstance(state, WorktreeState) and not state.dirty
    listing = listing_from_state(state)
    assert {e.path: e.size for e in listing.entries} == {
        "a.txt": len("a longer text than before\n"),
        "b.txt": 2,
    }


def test_a_listing_left_early_closes_the_index_file(repo: RepoFactory) -> None:
    """IndexSizes closes the index file when it is left, read to its end or not, and once a
    record names another path (it reads no further)."""
    root = repo(files={f"m{i:03d}.py": "x\n" for i in range(40)})
    state = read_worktree(root)
    assert isinstance(state, WorktreeState) and state.stat_data is None
    index = os.path.realpath(root / ".git" / "index")

    def open_on_index() -> int:
        return sum(
            os.path.realpath(f"/proc/self/fd/{fd}") == index for fd in os.listdir("/proc/self/fd")
        )

    with IndexSizes(state) as sizes:
        assert sizes.next("m000.py") == 2
        assert open_on_index() == 1
        assert sizes.next("not-the-next.py") is None
        assert open_on_index() == 0
        assert sizes.next("m002.py") is None  # (no longer in step: the disk is asked)
    with IndexSizes(state) as sizes:
        assert sizes.next("m000.py") == 2
    assert open_on_index() == 0


def test_the_index_sizes_stay_in_step_past_an_unmerged_path(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unmerged path has one record per stage in both of git's listings; the sizes are
    read beside the records, so the files after it still take theirs from the index."""
    files = {"a.txt": "base\n", **{f"z/m{i}.py": f"n = {i}\n" * i for i in range(1, 31)}}
    root = repo(files=files)
    git(root, "checkout", "-q", "-b", "other")
    (root / "a.txt").write_text("theirs\n")
    git(root, "commit", "-qam", "theirs")
    git(root, "checkout", "-q", "main")
    (root / "a.txt").write_text("ours, longer\n")
    git(root, "commit", "-qam", "ours")
    subprocess.run(["git", "merge", "-q", "other"], cwd=root, capture_output=True, check=False)
    # git's stat data, and the index file read by the listing itself
    for state in (read_worktree(root, stat_data=True), read_worktree(root)):
        assert isinstance(state, WorktreeState)
        assert state.tracked.count(b"\ta.txt\0") == 3  # three stages
        calls = _counting_lstat(monkeypatch)
        listing = listing_from_state(state)
        monkeypatch.undo()
        listed = {e.path: e.size for e in listing.entries}
        assert listed == _disk_sizes(root, list(listed))
        assert len(calls) < 10, calls  # the unmerged path, and any entry git smudged


def test_a_subfolder_takes_its_sizes_from_the_index_file_too(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scanning a folder of the work tree: git lists its files relative to it, and the index
    file's entries under it are read with the folder's path taken off."""
    files = {"top.txt": "t\n", **{f"app/core/m{i}.py": "x = 1\n" * i for i in range(1, 31)}}
    root = repo(files={**files, "zz/after.txt": "after\n"})
    state = read_worktree(root / "app")
    assert isinstance(state, WorktreeState) and state.stat_data is None
    calls = _counting_lstat(monkeypatch)
    listing = listing_from_state(state)
    monkeypatch.undo()
    assert {e.path: e.size for e in listing.entries} == {
        f"core/m{i}.py": 6 * i for i in range(1, 31)
    }
    assert len(calls) < 10, calls


def test_stat_data_that_names_another_path_is_not_used_from_there_on(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index changed between git's two listings: from the first record that names
    another path, every size is asked of the disk."""
    root = repo(files={f"m{i}.py": "x\n" * i for i in range(1, 21)})
    state = read_worktree(root, stat_data=True)
    assert isinstance(state, WorktreeState) and state.stat_data
    records = state.stat_data.split(b"m1.py\0")  # the first record names m1.py
    shifted = state._replace(stat_data=b"m0.py\0".join(records))
    calls = _counting_lstat(monkeypatch)
    listing = listing_from_state(shifted)
    monkeypatch.undo()
    assert len(calls) == 20
    assert {e.path: e.size for e in listing.entries} == {f"m{i}.py": 2 * i for i in range(1, 21)}


def test_on_a_large_index_a_cold_listing_walks_for_untracked_files_after_the_others(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each git command holds the whole index: a cold scan's listing of a large one runs
    two at once, not three, and lists what it lists otherwise."""
    from stackcheck.source import gitstate
    from stackcheck.source.gitstate import _UNTRACKED, WorktreeReading, start_reading

    root = repo("verdict-dj102-api")
    (root / "untracked.py").write_text("import django\n")
    (root / "manage.py").write_text("# changed\n")
    usual = read_worktree(root)
    listed = [f.path for f in discover(root).files]
    assert isinstance(usual, WorktreeState) and usual.untracked
    monkeypatch.setattr(gitstate, "LARGE_INDEX_BYTES", -1)
    warm = start_reading(root)  # a warm scan's check waits for all three: none held back
    assert isinstance(warm, WorktreeReading) and warm.started.procs[_UNTRACKED] is not None
    with warm:
        pass
    reading = start_reading(root, hold_untracked=True)
    assert isinstance(reading, WorktreeReading)
    with reading:
        assert reading.started.procs[_UNTRACKED] is None  # held back
        tracked = reading.tracked()
        assert reading.started.procs[_UNTRACKED] is not None  # the others have ended
        assert tracked == usual._replace(untracked=b"", problems=())
        reading.forget_tracked()
        whole = reading.whole()
    assert whole == usual._replace(tracked=b"", flagged=b"")
    assert [f.path for f in discover(root).files] == listed
