"""A work tree known again from git's own listing: the snapshot key and the warm scan."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import RepoFactory, git
from stackcheck.cache import Cache
from stackcheck.config import Settings
from stackcheck.pipeline import scan
from stackcheck.report import to_dict
from stackcheck.source.git import listing_from_state
from stackcheck.source.gitstate import WorktreeState, _index_lines, read_worktree
from stackcheck.source.snapshot import Snapshot, snapshot

APP = {
    "requirements.txt": "Django>=4.2\n",
    "manage.py": "import django\n",
    "shop/views.py": "from django.shortcuts import render\n",
}
SHAPE = "exclude=[] vendored=0 submodules=0"


def state_of(root: Path) -> WorktreeState:
    found = read_worktree(root)
    assert isinstance(found, WorktreeState)
    return found


def key_of(root: Path, shape: str = SHAPE, limit: int = 1 << 20) -> str | None:
    known = snapshot(state_of(root), shape, limit)
    return known.key if known is not None else None


def without_timing(report: dict[str, object]) -> dict[str, object]:
    stats = dict(report["stats"])  # type: ignore[call-overload]
    for name in ("seconds", "files_read", "bytes_read", "from_cache"):
        stats.pop(name)
    return {**report, "stats": stats}


def test_the_same_tree_gives_the_same_key(repo: RepoFactory) -> None:
    root = repo(files=APP)
    first = snapshot(state_of(root), SHAPE, 1 << 20)
    assert first is not None
    assert first == snapshot(state_of(root), SHAPE, 1 << 20)
    assert first.hashed == {}  # a clean tree: git names every blob


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda r: (r / "shop/views.py").write_text("import channels\n"), id="edit"),
        pytest.param(lambda r: (r / "shop/views.py").unlink(), id="delete"),
        pytest.param(lambda r: (r / "new.py").write_text("x = 1\n"), id="untracked-file"),
        pytest.param(lambda r: git(r, "rm", "-q", "--cached", "manage.py"), id="unstage"),
    ],
)
def test_any_change_gives_another_key(repo: RepoFactory, change: object) -> None:
    root = repo(files=APP)
    before = key_of(root)
    change(root)  # type: ignore[operator]
    after = key_of(root)
    assert before is not None and after is not None
    assert after != before


def test_changed_files_are_hashed_and_edits_of_the_same_size_count(repo: RepoFactory) -> None:
    root = repo(files=APP)
    (root / "manage.py").write_text("import channel\n")  # same length as before
    first = snapshot(state_of(root), SHAPE, 1 << 20)
    (root / "manage.py").write_text("import chanmel\n")
    second = snapshot(state_of(root), SHAPE, 1 << 20)
    assert first is not None and second is not None
    assert set(first.hashed) == {"manage.py"}
    assert first.key != second.key
    assert first.hashed["manage.py"] != second.hashed["manage.py"]


def test_settings_that_shape_the_listing_are_in_the_key(repo: RepoFactory) -> None:
    root = repo(files=APP)
    assert key_of(root) != key_of(root, shape="exclude=['shop/'] vendored=0 submodules=0")
    assert key_of(root, limit=100) != key_of(root, limit=200)


@pytest.mark.parametrize(
    "setup",
    [
        pytest.param(
            lambda r: (os.symlink("/etc/passwd", r / "passwd"), git(r, "add", "passwd")),
            id="tracked-link-out-of-the-tree",
        ),
        pytest.param(
            lambda r: (os.symlink("nowhere", r / "shop-link"), git(r, "add", "shop-link")),
            id="tracked-broken-link",
        ),
        pytest.param(
            lambda r: (
                (r / ".gitignore").write_text("secret.txt\n"),
                (r / "secret.txt").write_text("x\n"),
                os.symlink("secret.txt", r / "reqs.txt"),
                git(r, "add", ".gitignore", "reqs.txt"),
                git(r, "commit", "-qm", "link"),
            ),
            id="tracked-link-to-an-ignored-file",
        ),
        pytest.param(
            lambda r: (
                os.symlink("requirements.txt", r / "reqs.txt"),
                git(r, "add", "reqs.txt"),
                git(r, "commit", "-qm", "link"),
                (r / "requirements.txt").write_text("Django\nchannels\n"),
            ),
            id="tracked-link-to-a-changed-file",
        ),
        pytest.param(lambda r: os.symlink("/etc/passwd", r / "passwd"), id="untracked-symlink"),
        pytest.param(
            lambda r: ((r / "manage.py").unlink(), os.symlink("/etc/passwd", r / "manage.py")),
            id="tracked-file-now-a-link",
        ),
    ],
)
def test_trees_git_does_not_pin_down_give_no_key(repo: RepoFactory, setup: object) -> None:
    root = repo(files=APP)
    setup(root)  # type: ignore[operator]
    assert snapshot(state_of(root), SHAPE, 1 << 20) is None


def test_a_link_to_a_clean_tracked_file_is_pinned_to_its_blob(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root = repo(files=APP)
    os.symlink("../requirements.txt", root / "shop" / "requirements.txt")
    git(root, "add", "shop/requirements.txt")
    git(root, "commit", "-qm", "link")
    known = snapshot(state_of(root), SHAPE, 1 << 20)
    assert known is not None
    target = git(root, "rev-parse", "HEAD:requirements.txt").strip()
    assert known.hashed == {"shop/requirements.txt": target}
    cache = Cache(tmp_path / "c")
    cold = scan(root, Settings(cache=False))
    scan(root, Settings(), cache=cache)
    warm = scan(root, Settings(), cache=cache)
    assert warm.facts.files_read == 0
    assert warm.facts.values["py.dep.django"].value == 2
    assert without_timing(to_dict(warm)) == without_timing(to_dict(cold))


def test_a_link_to_a_tracked_folder_is_known_as_skipped(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(files=APP)
    os.symlink("shop", root / "shop-link")
    git(root, "add", "shop-link")
    git(root, "commit", "-qm", "link")
    known = snapshot(state_of(root), SHAPE, 1 << 20)
    assert known is not None and known.hashed == {}
    cache = Cache(tmp_path / "c")
    cold = scan(root, Settings(cache=False))
    assert ("shop-link", "symbolic link to a directory (not followed)") in cold.facts.skipped
    scan(root, Settings(), cache=cache)
    warm = scan(root, Settings(), cache=cache)
    assert warm.facts.files_read == 0
    assert without_timing(to_dict(warm)) == without_timing(to_dict(cold))
    # Every file of the folder deleted: the link is broken now, and the key says so.
    (root / "shop" / "views.py").unlink()
    assert snapshot(state_of(root), SHAPE, 1 << 20) is None


def test_too_many_changed_files_give_no_key(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stackcheck.source.snapshot

    root = repo(files=APP)
    for n in range(3):
        (root / f"extra{n}.py").write_text("")
    assert isinstance(snapshot(state_of(root), SHAPE, 1 << 20), Snapshot)
    monkeypatch.setattr(stackcheck.source.snapshot, "MAX_CHANGED_FILES", 2)
    assert snapshot(state_of(root), SHAPE, 1 << 20) is None


def test_a_warm_scan_is_answered_whole_and_equals_the_cold_one(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root = repo(files=APP)
    (root / "shop/consumers.py").write_text("from channels.generic.websocket import X\n")
    cache = Cache(tmp_path / "c")
    cold = scan(root, Settings(cache=False))
    first = scan(root, Settings(), cache=cache)
    warm = scan(root, Settings(), cache=cache)
    assert first.facts.files_read == 4
    assert (warm.facts.files_read, warm.facts.bytes_read) == (0, 0)
    assert without_timing(to_dict(warm)) == without_timing(to_dict(cold))
    # An edit after the warm scan is seen: the key changed, the edited file is read again.
    (root / "shop/consumers.py").write_text("import stripe\n")
    edited = scan(root, Settings(), cache=cache)
    assert edited.facts.files_read == 1
    assert "py.import.stripe" in edited.facts.values
    assert "py.import.channels" not in edited.facts.values
    assert without_timing(to_dict(edited)) == without_timing(
        to_dict(scan(root, Settings(cache=False)))
    )


def test_a_file_changed_between_hashing_and_reading_is_not_stored(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facts stored under a snapshot key are those of the bytes that were hashed."""
    import stackcheck.source.git

    root = repo(files=APP)
    (root / "manage.py").write_text("import channels\n")
    original = stackcheck.source.git.listing_from_state

    def edit_then_list(*args: object, **kwargs: object) -> object:
        (root / "manage.py").write_text("import stripe\n")  # after the snapshot hashed it
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stackcheck.source.git, "listing_from_state", edit_then_list)
    cache = Cache(tmp_path / "c")
    scan(root, Settings(), cache=cache)
    monkeypatch.setattr(stackcheck.source.git, "listing_from_state", original)
    (root / "manage.py").write_text("import channels\n")  # back to the hashed bytes
    again = scan(root, Settings(), cache=cache)
    assert "py.import.channels" in again.facts.values
    assert "py.import.stripe" not in again.facts.values


def test_a_file_staged_between_keying_and_listing_the_index_is_not_stored(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facts stored under the index's key are those of the index that was keyed: the
    listing reads the same `ls-files` output, not the index again."""
    import stackcheck.source.snapshot

    root = repo(files=APP)
    (root / "manage.py").write_text("import stripe\n")
    original = stackcheck.source.snapshot.index_output

    def read_then_stage(target: Path) -> bytes | None:
        index = original(target)
        git(root, "add", "manage.py")  # after the key was read
        return index

    monkeypatch.setattr(stackcheck.source.snapshot, "index_output", read_then_stage)
    cache = Cache(tmp_path / "c")
    first = scan(root, Settings(), staged=True, cache=cache)
    assert "py.import.stripe" not in first.facts.values
    monkeypatch.setattr(stackcheck.source.snapshot, "index_output", original)
    git(root, "checkout", "HEAD", "--", "manage.py")  # the index as it was keyed
    again = scan(root, Settings(), staged=True, cache=cache)
    assert again.facts.files_read == 0 and "py.import.stripe" not in again.facts.values


def test_a_staged_scan_is_known_again_from_the_index(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(files=APP)
    os.symlink("../requirements.txt", root / "shop" / "requirements.txt")
    git(root, "add", "shop/requirements.txt")
    cache = Cache(tmp_path / "c")
    cold = scan(root, Settings(cache=False), staged=True)
    scan(root, Settings(), staged=True, cache=cache)
    warm = scan(root, Settings(), staged=True, cache=cache)
    assert (warm.facts.files_read, warm.facts.bytes_read) == (0, 0)
    assert without_timing(to_dict(warm)) == without_timing(to_dict(cold))
    # The work tree does not count; the index does.
    (root / "manage.py").write_text("import stripe\n")
    assert "py.import.stripe" not in scan(root, Settings(), staged=True, cache=cache).facts.values
    git(root, "add", "manage.py")
    staged = scan(root, Settings(), staged=True, cache=cache)
    assert "py.import.stripe" in staged.facts.values
    assert staged.facts.files_read == 1


def test_entries_git_does_not_check_are_told_apart_and_listed_as_before(
    repo: RepoFactory,
) -> None:
    root = repo(files=APP)
    plain = listing_from_state(state_of(root)).entries
    git(root, "update-index", "--assume-unchanged", "manage.py")
    git(root, "update-index", "--skip-worktree", "shop/views.py")
    state = state_of(root)
    assert [path for _, _, path in _index_lines(state.flagged)] == ["manage.py", "shop/views.py"]
    known = snapshot(state, SHAPE, 1 << 20)
    assert known is not None
    assert listing_from_state(state, hashed=known.hashed).entries == plain


def test_an_entry_git_does_not_check_is_checked_against_the_index(repo: RepoFactory) -> None:
    root = repo(files=APP)
    git(root, "update-index", "--skip-worktree", "shop/views.py")
    first = snapshot(state_of(root), SHAPE, 1 << 20)
    assert first is not None
    assert first.hashed == {"shop/views.py": git(root, "rev-parse", ":shop/views.py").strip()}
    (root / "shop/views.py").write_text("import channels\n")
    edited = snapshot(state_of(root), SHAPE, 1 << 20)
    assert edited is not None and edited.key != first.key
    assert edited.hashed["shop/views.py"] != first.hashed["shop/views.py"]
    (root / "shop/views.py").write_text(APP["shop/views.py"])  # its bytes as staged again
    assert key_of(root) == first.key
    # Gone, as a sparse checkout leaves it: another key, and nothing to hash.
    (root / "shop/views.py").unlink()
    gone = snapshot(state_of(root), SHAPE, 1 << 20)
    assert gone is not None and gone.key not in (first.key, edited.key)
    assert gone.hashed == {}
