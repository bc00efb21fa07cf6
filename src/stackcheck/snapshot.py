"""Knowing a work tree again without listing it: one key for the whole tree.

A warm scan of an unchanged work tree should cost what git's own listing costs. git names
every tracked file's content (`ls-files -s` gives each blob id) and says which tracked files
changed since (`diff-files`) and which untracked files exist (`ls-files --others`); the bytes
of those few changed and untracked files are hashed here. Together, with the settings that
shape the listing, they determine the facts, so the facts can be cached under a digest of
them and the per-file listing (an lstat, the vendored and docs filters, a cache row per file)
is skipped entirely on a hit.

Anything whose content git's output does not pin down gives no key and takes the full path:
tracked symbolic links (their target may be an ignored file), entered submodules, untracked
links or special files, warnings from git, or more changed files than are worth hashing.
"""

from __future__ import annotations

import hashlib
import os
import stat
from typing import NamedTuple

from stackcheck.cache import blob_id, key
from stackcheck.gitsource import SUBMODULE_MODE, SYMLINK_MODE, WorktreeState, _split_z

# Hashing more changed bytes than this costs more than listing the tree the ordinary way.
MAX_CHANGED_FILES = 500
MAX_CHANGED_BYTES = 16 * 1024 * 1024


class Snapshot(NamedTuple):
    key: str
    hashed: dict[str, str]  # content ids of the changed and untracked files, by path


def snapshot(state: WorktreeState, shape: str, max_file_bytes: int) -> Snapshot | None:
    """The key of this work tree as git lists it, or None when git's output is not enough.
    `shape` names the settings that change which files are listed and how they are read."""
    if state.problems or _has_mode(state.tracked, SYMLINK_MODE):
        return None
    if _has_mode(state.tracked, SUBMODULE_MODE) and "submodules=1" in shape:
        return None
    changed = sorted({*_split_z(state.dirty), *_split_z(state.untracked)})
    if len(changed) > MAX_CHANGED_FILES:
        return None
    hashed: dict[str, str] = {}
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"worktree\0{shape}\0{max_file_bytes}\0".encode())
    for part in (state.tracked, state.untracked, state.dirty):
        digest.update(b"%d\0" % len(part))
        digest.update(part)
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
