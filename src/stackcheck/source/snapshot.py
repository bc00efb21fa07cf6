"""Knowing a work tree again without listing it: one key for the whole tree.

A warm scan of an unchanged work tree should cost what git's own listing costs. git names
every tracked file's content (`ls-files -s` gives each blob id) and says which tracked files
changed since (`diff-files`) and which untracked files exist (`ls-files --others`); the bytes
of those few changed and untracked files are hashed here. Together, with the settings that
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
from pathlib import Path
from typing import NamedTuple

from stackcheck.cache import blob_id, key
from stackcheck.source.git import (
    SUBMODULE_MODE,
    SYMLINK_MODE,
    WorktreeState,
    _split_z,
    index_record,
)

# Hashing more changed bytes than this costs more than listing the tree the ordinary way.
MAX_CHANGED_FILES = 500
MAX_CHANGED_BYTES = 16 * 1024 * 1024


class Snapshot(NamedTuple):
    key: str
    hashed: dict[str, str]  # content ids of the changed and untracked files, by path


def snapshot(
    state: WorktreeState, shape: str, max_file_bytes: int, enter_submodules: bool = False
) -> Snapshot | None:
    """The key of this work tree as git lists it, or None when git's output is not enough.
    `shape` names the settings that change which files are listed and how they are read;
    an entered submodule's files are not in this repository's listing."""
    if state.problems:
        return None
    if enter_submodules and _has_mode(state.tracked, SUBMODULE_MODE):
        return None
    dirty = set(_split_z(state.dirty))
    changed = sorted({*dirty, *_split_z(state.untracked)})
    if len(changed) > MAX_CHANGED_FILES:
        return None
    hashed: dict[str, str] = {}
    links: dict[str, str] = {}
    if _has_mode(state.tracked, SYMLINK_MODE):
        found = _pinned_links(state, dirty)
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
    budget = MAX_CHANGED_BYTES
    for path in changed:
        content = _content_id(state, path, max_file_bytes)
        if content is None:
            return None
        ident, size = content
        budget -= size
        if budget < 0:
            return None
        if ident and not ident.startswith("size:"):
            hashed[path] = ident
        digest.update(f"{path}\0{ident}\n".encode("utf-8", "surrogateescape"))
    return Snapshot(key("<worktree>", digest.hexdigest()), hashed)


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
    """(blob id, path) of the `ls-files -s -z` records with this mode, found without parsing
    the others."""
    marker = mode.encode() + b" "
    found = []
    start = 0 if index.startswith(marker) else _next_record(index, marker, 0)
    while start != -1:
        end = index.find(b"\0", start)
        end = len(index) if end == -1 else end
        _mode, blob, path = index_record(index[start:end])
        found.append((blob, path))
        start = _next_record(index, marker, end)
    return found


def _next_record(index: bytes, marker: bytes, after: int) -> int:
    at = index.find(b"\0" + marker, after)
    return -1 if at == -1 else at + 1


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
    marker = mode.encode() + b" "
    return index.startswith(marker) or b"\0" + marker in index


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


def staged_snapshot(target: Path, shape: str, max_file_bytes: int) -> str | None:
    """The key of the index as `--staged` lists it under target: its records (modes, blob
    ids, paths) decide every file, link and submodule entry. None where git cannot list it
    (the ordinary path then says why)."""
    from stackcheck.source.git import GitUnavailable, foreign_git_dir, run_git

    if foreign_git_dir(target.resolve()) is not None:
        return None
    try:
        index = run_git(target.resolve(), "ls-files", "-z", "-s")
    except (GitUnavailable, subprocess.CalledProcessError):
        return None
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"staged\0{shape}\0{max_file_bytes}\0".encode())
    digest.update(index)
    return key("<index>", digest.hexdigest())
