"""Reading each entry's path and size from git's index file: checked against git itself
(`ls-files --debug`) for every index version and object format, in pieces cut anywhere,
and against files that are not an index."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import git, make_repo
from stackcheck.source import index_file
from stackcheck.source.index_file import _entries, entry_sizes, index_of

_RECORD = re.compile(
    rb"([^\0]+)\0  ctime: [^\n]*\n  mtime: [^\n]*\n  dev: [^\n]*\n  uid: [^\n]*\n"
    rb"  size: ([0-9]+)\tflags: [0-9a-f]+\n"
)
KINDS = ("v2", "v3", "v4", "sha256")


def _gits_own(root: Path) -> list[tuple[bytes, int]]:
    out = subprocess.run(
        ["git", "ls-files", "-z", "--debug"], cwd=root, capture_output=True, check=True
    ).stdout
    return [(m.group(1), int(m.group(2))) for m in _RECORD.finditer(out)]


def _hash_bytes(root: Path) -> int:
    return len(git(root, "ls-files", "-s").split()[1]) // 2


def _index_repo(dest: Path, kind: str) -> Path:
    """A repository whose index has what the format allows: nested and long names, a name
    past the 4,095 bytes its length field holds, an entry with extended flags (v3), shared
    name prefixes (v4, which writes only what differs from the name before), SHA-256."""
    files: dict[str, str] = {"README.md": "hello\n", "é/ü.txt": "accents\n"}
    for i in range(1, 40):
        files[f"pkg/sub/module_{i:02d}.py"] = "x = 1\n" * i
        files[f"pkg/{'n' * (i * 5)}.txt"] = "y" * (i * 3)
    dest.mkdir(parents=True)
    if kind == "sha256":
        git(dest, "init", "-q", "--object-format=sha256")
    make_repo(dest, files=files, commit=False)
    git(dest, "add", "-A")
    blob = git(dest, "hash-object", "-w", "README.md").strip()
    long_name = "/".join(["d" * 250] * 18) + "/last.txt"  # 4,5xx bytes: no checkout needed
    git(dest, "update-index", "--add", "--cacheinfo", f"100644,{blob},{long_name}")
    git(dest, "commit", "-qm", "index")
    git(dest, "update-index", "--skip-worktree", "pkg/sub/module_03.py")  # extended flags
    if kind == "v4":
        git(dest, "update-index", "--index-version", "4")
    if kind == "v2":
        git(dest, "update-index", "--no-skip-worktree", "pkg/sub/module_03.py")
    return dest


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("indexes")
    return {kind: _index_repo(base / kind, kind) for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_every_entry_is_read_as_git_reads_it(indexes: dict[str, Path], kind: str) -> None:
    root = indexes[kind]
    data = (root / ".git" / "index").read_bytes()
    version = {"v2": 2, "v3": 3, "v4": 4, "sha256": 3}[kind]  # (skip-worktree: version 3)
    assert data[4:8] == version.to_bytes(4, "big")
    found = index_of(os.path.realpath(root))
    assert found is not None
    read = list(entry_sizes(*found, hash_bytes=_hash_bytes(root)))
    assert read == _gits_own(root)
    assert len(read) == 81 and max(len(path) for path, _ in read) > 4095


@pytest.mark.parametrize("kind", KINDS)
def test_a_subfolder_reads_the_entries_under_it_as_git_lists_them_there(
    indexes: dict[str, Path], kind: str
) -> None:
    root = indexes[kind]
    sub = os.path.realpath(root / "pkg" / "sub")
    found = index_of(sub)
    assert found is not None and found[1] == b"pkg/sub/"
    read = list(entry_sizes(*found, hash_bytes=_hash_bytes(root)))
    assert read == _gits_own(Path(sub)) and len(read) == 39


@given(kind=st.sampled_from(KINDS), cuts=st.lists(st.integers(1, 3000), max_size=20))
@settings(max_examples=80, deadline=None)
def test_pieces_cut_anywhere_read_the_same(
    indexes: dict[str, Path], kind: str, cuts: list[int]
) -> None:
    root = indexes[kind]
    data = (root / ".git" / "index").read_bytes()
    pieces, at = [], 0
    for size in cuts:
        pieces.append(data[at : at + size])
        at += size
    pieces.append(data[at:])
    assert list(_entries(iter(pieces), _hash_bytes(root))) == _gits_own(root)


@given(kind=st.sampled_from(KINDS), cut=st.integers(0, 20000), junk=st.binary(max_size=64))
@settings(max_examples=80, deadline=None)
def test_a_damaged_index_is_read_as_git_wrote_it_up_to_the_damage(
    indexes: dict[str, Path], kind: str, cut: int, junk: bytes
) -> None:
    """Cut short, or with bytes written over: the entries before the damage are git's, and
    reading ends without an error. (What follows the damage may be anything: the listing
    uses a size only for the path git lists in the same place.)"""
    root = indexes[kind]
    data = (root / ".git" / "index").read_bytes()
    hash_bytes = _hash_bytes(root)
    entries = _gits_own(root)
    damaged = data[:cut] + junk + data[cut + len(junk) :]
    read = list(_entries(iter((damaged[:cut], damaged[cut:])), hash_bytes))
    changed = next(
        (i for i, (a, b) in enumerate(zip(data, damaged, strict=False)) if a != b), len(data)
    )
    intact = len(list(_entries(iter((data[:changed],)), hash_bytes)))
    assert read[:intact] == entries[:intact]
    truncated = list(_entries(iter((data[:cut],)), hash_bytes))
    assert truncated == entries[: len(truncated)]
    if cut >= len(data):
        assert truncated == entries  # (nothing cut: the extensions after them are not read)


@pytest.mark.parametrize("kind", KINDS)
def test_an_index_cut_inside_its_last_entry_gives_all_the_others(
    indexes: dict[str, Path], kind: str
) -> None:
    root = indexes[kind]
    data = (root / ".git" / "index").read_bytes()
    entries = _gits_own(root)
    last = entries[-1][0]
    end = data.index(last + b"\0") + len(last)  # (the last entry's name, before its NULs)
    for cut in (end - 1, end - len(last)):
        assert list(_entries(iter((data[:cut],)), _hash_bytes(root))) == entries[:-1]


def test_what_is_not_an_index_gives_nothing(tmp_path: Path) -> None:
    for data in (
        b"",
        b"DIRC",
        b"DIRC\0\0\0\x05\0\0\0\x01",
        b"PACK\0\0\0\x02\0\0\0\x01" + b"\0" * 80,
    ):
        assert list(_entries(iter((data,)), 20)) == []
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert list(entry_sizes(str(fifo), b"", 20)) == []  # (not opened for reading: no wait)
    assert list(entry_sizes(str(tmp_path / "missing"), b"", 20)) == []


def test_an_index_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    outside = make_repo(tmp_path / "outside", files={"secret.txt": "s\n"})
    inside = make_repo(tmp_path / "inside", files={"secret.txt": "s\n"})
    (inside / ".git" / "index").unlink()
    (inside / ".git" / "index").symlink_to(outside / ".git" / "index")
    found = index_of(os.path.realpath(inside))
    assert found is not None
    assert list(entry_sizes(*found, hash_bytes=20)) == []
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / ".git").symlink_to(outside / ".git")
    assert index_of(os.path.realpath(tmp_path / "linked")) is None


def test_git_told_of_another_index_is_left_to_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hook runs with GIT_INDEX_FILE naming the index being committed: the work tree's own
    `.git/index` may hold other sizes for the same paths."""
    root = make_repo(tmp_path / "r", files={"a.txt": "a\n"})
    assert index_of(os.path.realpath(root)) is not None
    for name in index_file.OTHER_INDEX_ENV:
        with monkeypatch.context() as patch:
            patch.setenv(name, str(root / ".git" / "index.lock"))
            assert index_of(os.path.realpath(root)) is None
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / ".git").write_text(f"gitdir: {root / '.git'}\n")
    assert index_of(os.path.realpath(tmp_path / "w")) is None
