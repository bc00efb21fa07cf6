"""Knowing a work tree again without listing it: one key for the whole tree.

A warm scan of an unchanged work tree should cost what git's own listing costs. git names
every tracked file's content (`ls-files -s` gives each blob id) and says which tracked files
changed since (`diff-files`) and which untracked files exist (`ls-files --others`); the bytes
of those few changed and untracked files are hashed here. git never compares an entry marked
assume-unchanged or skip-worktree with the work tree (`ls-files -v` tags them), so those are
hashed too and count as changed when they differ from the index. Together, with the settings that
shape the listing, they determine the facts, so the facts can be cached under a digest of
them and the per-file listing (an lstat, the vendored and docs filters, a cache row per file)
is skipped entirely on a hit.

Anything whose content git's output does not pin down gives no key and takes the full path:
a tracked symbolic link to anything but a clean tracked file or folder (an ignored or
changed file, a path outside the tree, a broken link), entered submodules, untracked links or
special files, warnings from git, or more changed files than are worth hashing.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
import subprocess
from collections.abc import Iterator

from stackcheck.cache import blob_id, key
from stackcheck.source.gitstate import (
    SUBMODULE_MODE,
    SYMLINK_MODE,
    WorktreeState,
    _index_lines,
    _split_z,
    index_record,
)

# A warm scan checks the tree with this module before it answers: neither `typing` nor
# `pathlib` is imported to run it (records.py).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from stackcheck.records import NamedTuple

# Hashing more changed bytes than this costs more than listing the tree the ordinary way.
MAX_CHANGED_FILES = 500
MAX_CHANGED_BYTES = 16 * 1024 * 1024


class Snapshot(NamedTuple):
    key: str
    hashed: dict[str, str]  # content ids of the changed and untracked files, by path
    # The digest the key is made from, before stackcheck's code signature is added: what a
    # stored answer checks (fastpath.py keys its entries by stackcheck's files already).
    digest: str = ""


def snapshot(
    state: WorktreeState, shape: str, max_file_bytes: int, enter_submodules: bool = False
) -> Snapshot | None:
    """The key of this work tree as git lists it, or None when git's output is not enough.
    `shape` names the settings that change which files are listed and how they are read;
    an entered submodule's files are not in this repository's listing."""
    found = worktree_digest(state, shape, max_file_bytes, enter_submodules)
    if found is None:
        return None
    digest, hashed = found
    return Snapshot(key("<worktree>", digest), hashed, digest)


def worktree_digest(
    state: WorktreeState, shape: str, max_file_bytes: int, enter_submodules: bool = False
) -> tuple[str, dict[str, str]] | None:
    """snapshot's digest of the work tree, and the content ids it hashed."""
    if state.problems:
        return None
    if enter_submodules and _has_mode(state.tracked, SUBMODULE_MODE):
        return None
    dirty = set(_split_z(state.dirty))
    checked = _check_flagged(state, dirty, max_file_bytes)
    if checked is None:
        return None
    contents, gone = checked
    dirty.update(path for path, (_, _, changed) in contents.items() if changed)
    changed = sorted({*dirty, *_split_z(state.untracked)})
    if len(changed) > MAX_CHANGED_FILES:
        return None
    hashed = {path: ident for path, (ident, _, _) in contents.items() if _read(ident)}
    links: dict[str, str] = {}
    if _has_mode(state.tracked, SYMLINK_MODE):
        found = _pinned_links(state, dirty.union(gone))
        if found is None:
            return None
        links = found
        hashed.update((path, blob) for path, blob in links.items() if blob != FOLDER)
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"worktree\0{shape}\0{max_file_bytes}\0".encode())
    for part in (state.tracked, state.untracked, state.dirty):
        digest.update(b"%d\0" % len(part))
        digest.update(part)
    for path, target in sorted(links.items()):
        digest.update(f"link\0{path}\0{target}\n".encode("utf-8", "surrogateescape"))
    for path in gone:
        digest.update(f"gone\0{path}\n".encode("utf-8", "surrogateescape"))
    budget = MAX_CHANGED_BYTES - sum(size for _, size, _ in contents.values())
    for path in changed:
        if path in contents:
            ident = contents[path][0]  # hashed already, and counted in the budget
        else:
            content = _content_id(state, path, max_file_bytes)
            if content is None:
                return None
            ident, size = content
            budget -= size
        if budget < 0:
            return None
        if _read(ident):
            hashed[path] = ident
        digest.update(f"{path}\0{ident}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest(), hashed


def _read(ident: str) -> bool:
    """Whether a content id from _content_id names bytes that were read (not a file that is
    gone, nor one too large to read)."""
    return bool(ident) and not ident.startswith("size:")


def _check_flagged(
    state: WorktreeState, dirty: set[str], max_file_bytes: int
) -> tuple[dict[str, tuple[str, int, bool]], list[str]] | None:
    """The entries git never compares with the work tree (assume-unchanged, skip-worktree),
    checked here: each present one's content id (hashed as git would, from its bytes), size
    and whether it differs from the index's blob id, and the paths of those that are gone
    (a sparse checkout leaves most out: an lstat each, no hashing). None when one is not a
    regular file, or hashing them would cost more than the changed files may."""
    contents: dict[str, tuple[str, int, bool]] = {}
    gone: list[str] = []
    budget = MAX_CHANGED_BYTES
    for _mode, blob, path in _index_lines(state.flagged):
        if path in dirty or path in contents:
            continue  # (an unmerged path has one record per stage)
        content = _content_id(state, path, max_file_bytes)
        if content is None:
            return None
        ident, size = content
        if not ident:
            gone.append(path)
            continue
        budget -= size
        if budget < 0:
            return None
        contents[path] = (ident, size, ident != blob)
    return contents, gone


def _pinned_links(state: WorktreeState, dirty: set[str]) -> dict[str, str] | None:
    """What each clean tracked link reads through: the blob id of the clean tracked regular
    file it names inside the tree, or FOLDER for a tracked folder (listed as skipped). None
    when any link is something else (changed, absolute, leaving the tree, naming a link or
    an untracked file): the listing then judges it from the work tree, and the full path is
    taken."""
    pinned: dict[str, str] = {}
    for _link_blob, path in _records(state.tracked, SYMLINK_MODE):
        if path in dirty:
            return None
        try:
            target = os.readlink(os.path.join(state.root, path))
        except OSError:
            return None
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        if target.startswith("/") or resolved == ".." or resolved.startswith("../"):
            return None
        found = _record_of(state.tracked, resolved)
        if found is not None and found[0] in REGULAR_MODES and resolved not in dirty:
            pinned[path] = found[1]
        elif found is None and _holds_clean_file(state.tracked, resolved, dirty):
            pinned[path] = FOLDER
        else:
            return None
    return pinned


FOLDER = "folder"
REGULAR_MODES = ("100644", "100755")


def _records(index: bytes, mode: str) -> list[tuple[str, str]]:
    """(blob id, path) of the `ls-files -z -s -v` records with this mode, found without
    parsing the others."""
    found = []
    for start in _record_starts(index, mode):
        end = index.find(b"\0", start)
        _mode, blob, path = index_record(index[start : len(index) if end == -1 else end])
        found.append((blob, path))
    return found


def _record_starts(index: bytes, mode: str) -> Iterator[int]:
    """Where each `ls-files -z -s -v` record with this mode starts: a one-letter tag, a
    space, then the mode. The same bytes inside a path (anything but NUL) start nothing."""
    marker = b" " + mode.encode() + b" "
    at = index.find(marker)
    while at != -1:
        if at == 1 or (at > 1 and index[at - 2] == 0):
            yield at - 1
        at = index.find(marker, at + 1)


def _record_of(index: bytes, path: str) -> tuple[str, str] | None:
    """(mode, blob id) of the tracked path, or None when it is not tracked."""
    wanted = b"\t" + os.fsencode(path) + b"\0"
    at = index.find(wanted)
    while at != -1:
        start = index.rfind(b"\0", 0, at) + 1
        mode, blob, found = index_record(index[start : at + len(wanted) - 1])
        if found == path:
            return mode, blob
        at = index.find(wanted, at + 1)
    return None


def _holds_clean_file(index: bytes, folder: str, dirty: set[str]) -> bool:
    """Whether a tracked, unchanged file lies under folder (so the folder exists)."""
    wanted = b"\t" + os.fsencode(folder) + b"/"
    at = index.find(wanted)
    while at != -1:
        end = index.find(b"\0", at)
        path = os.fsdecode(index[at + 1 : end if end != -1 else len(index)])
        if path not in dirty:
            return True
        at = index.find(wanted, at + 1)
    return False


def _has_mode(index: bytes, mode: str) -> bool:
    return next(_record_starts(index, mode), None) is not None


def _content_id(state: WorktreeState, path: str, limit: int) -> tuple[str, int] | None:
    """(blob id, size) of a regular file; ("", 0) for a file that is gone; None for anything
    else (a link, a folder, a special file, an unreadable file): those take the full path."""
    full = os.path.join(state.root, path)
    try:
        info = os.lstat(full)
    except FileNotFoundError:
        return "", 0
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if info.st_size > limit:
        return f"size:{info.st_size}", 0  # never read: it is skipped as too large anyway
    try:
        with open(full, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None
    return blob_id(data), len(data)


def staged_snapshot(index: bytes, shape: str, max_file_bytes: int) -> Snapshot:
    """The key of the index as `--staged` lists it under target (`index`: index_output's
    records, modes, blob ids and paths, which decide every file, link and submodule
    entry)."""
    digest = index_digest_of(index, shape, max_file_bytes)
    return Snapshot(key("<index>", digest), {}, digest)


def index_output(target: str | os.PathLike[str]) -> bytes | None:
    """`git ls-files -z -s` under target: what the key of the index is made from, and what
    the listing of the index reads (git.index_listing), so both see the same index."""
    from stackcheck.source.gitstate import foreign_git_dir
    from stackcheck.source.safegit import GitUnavailable, run

    resolved = os.path.realpath(target)
    if foreign_git_dir(resolved) is not None:
        return None
    try:
        return run(resolved, "ls-files", "-z", "-s")
    except (GitUnavailable, subprocess.CalledProcessError):
        return None


def index_digest_of(index: bytes, shape: str, max_file_bytes: int) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"staged\0{shape}\0{max_file_bytes}\0".encode())
    digest.update(index)
    return digest.hexdigest()
