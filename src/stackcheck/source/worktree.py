"""Listing and reading a folder from the file system: a plain folder's walk, a work-tree
file's entry, and the reader that never follows a link out of the tree.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from stackcheck.source.listing import Entry, Listing, Reader, Skipped


def stat_entry(
    root: Path, path: str, blob: str | None = None, under: str | None = None
) -> Entry | Skipped | None:
    """A work-tree file's entry, why it cannot be read, or None when it is silently gone.
    `under`: root as a string ending in a separator, for a caller that stats many files."""
    try:
        # Per file on every scan: no pathlib here, and no join of a Path for each file.
        info = os.lstat(under + path if under is not None else os.path.join(root, path))
    except FileNotFoundError:
        return None  # tracked but deleted in the work tree
    except OSError as exc:
        return Skipped(path, f"cannot stat: {exc.strerror or exc}")
    if stat.S_ISLNK(info.st_mode):
        return _symlink_entry(root, path, blob)
    if stat.S_ISDIR(info.st_mode):
        return None  # a submodule or nested repository: listed by git as a folder
    if not stat.S_ISREG(info.st_mode):
        return Skipped(path, "not a regular file")
    return Entry(path, info.st_size, blob)


def _symlink_entry(root: Path, path: str, blob: str | None = None) -> Entry | Skipped:
    """A link followed to the file it names inside root; `blob` is that file's content id
    when the caller knows it."""
    full = root / path
    try:
        resolved = full.resolve(strict=True)
    except (OSError, RuntimeError):
        return Skipped(path, "broken or looping symbolic link")
    if not resolved.is_relative_to(root):
        return Skipped(path, "symbolic link points outside the repository (not followed)")
    if not resolved.is_file():
        return Skipped(path, "symbolic link to a directory (not followed)")
    return Entry(path, resolved.stat().st_size, blob)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# O_NONBLOCK: a FIFO swapped in after listing must not hang the scan.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)


def worktree_reader(root: Path) -> Reader:
    return WorktreeReader(root)


class WorktreeReader:
    """Reads a work tree's files, never through a link out of `root`. A helper process given
    the same root reads the same files the same way (facts/collect.py sends it the root)."""

    __slots__ = ("_base", "root")

    def __init__(self, root: Path) -> None:
        self.root = root
        self._base = str(root)

    def __call__(self, path: str, limit: int) -> bytes:
        base, root = self._base, self.root
        # Per file on every cold scan: plain os calls, and the link check only for links.
        full = os.path.join(base, path)
        try:
            if not _NOFOLLOW and os.path.islink(full):
                raise OSError(errno.ELOOP, "symbolic link")
            fd = os.open(full, _READ_FLAGS | _NOFOLLOW)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            if not Path(full).resolve().is_relative_to(root):
                raise PermissionError("symbolic link points outside the repository") from None
            fd = os.open(full, _READ_FLAGS)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise IsADirectoryError("not a regular file")
            return _read_fd(fd, limit + 1, info.st_size)
        finally:
            os.close(fd)


SMALL_FILE_BYTES = 1024 * 1024  # a .gitignore, a config file: far larger is an attack


def read_regular(path: str | os.PathLike[str], limit: int = SMALL_FILE_BYTES) -> bytes:
    """A whole small file the scan reads outside its listing (a .gitignore, a config file,
    a `.git` file). Opened without waiting (a FIFO would block an open for ever), refused
    unless it is a regular file (a link to /dev/zero never ends), and read to at most
    `limit` bytes: anything larger is an OSError, as an unreadable file is."""
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(path))
        data = _read_fd(fd, limit + 1, info.st_size)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit} bytes", os.fspath(path))
    return data


def _read_fd(fd: int, most: int, size: int) -> bytes:
    """Up to `most` bytes. Asking for one byte more than the file's size lets a single read
    say it reached the end (most files are small); a file growing meanwhile reads on."""
    chunks = []
    want = min(most, size + 1)
    while most > 0:
        chunk = os.read(fd, want)
        chunks.append(chunk)
        most -= len(chunk)
        if len(chunk) < want:
            break
        want = min(most, 1 << 20)
    return b"".join(chunks)


def walk_listing(root: Path, skipped: Iterable[Skipped] = ()) -> Listing:
    """Every regular file under root, honouring .gitignore files on the way down."""
    entries: list[Entry] = []
    problems: list[Skipped] = list(skipped)
    specs: list[tuple[str, Any]] = []

    def on_error(exc: OSError) -> None:
        rel = Path(exc.filename).relative_to(root).as_posix() if exc.filename else "."
        problems.append(Skipped(rel, f"unreadable folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=on_error):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        unread = None  # a .gitignore that could not be read is listed once, saying so
        if ".gitignore" in filenames:
            spec, unread = _read_spec(root, rel_dir + ".gitignore")
            specs.append((rel_dir, spec))
        kept = []
        for d in sorted(dirnames):
            if d == ".git" or _ignored(specs, rel_dir + d + "/"):
                continue
            if os.path.islink(os.path.join(dirpath, d)):  # os.walk lists it, never enters it
                problems.append(_symlink_entry(root, rel_dir + d))  # type: ignore[arg-type]
                continue
            kept.append(d)
        dirnames[:] = kept
        for name in filenames:
            rel = rel_dir + name
            if _ignored(specs, rel):
                continue
            entry = unread if unread is not None and name == ".gitignore" else stat_entry(root, rel)
            if isinstance(entry, Skipped):
                problems.append(entry)
            elif entry is not None:
                entries.append(entry)
    return Listing(root, entries, problems, worktree_reader(root))


def _read_spec(root: Path, rel: str) -> tuple[Any, Skipped | None]:
    """The patterns of a .gitignore, and why it could not be read (a FIFO, a device, a link
    out of the tree or to a folder, too large): then nothing is ignored by it."""
    import pathspec

    path = root / rel
    problem = None
    try:
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            raise OSError(errno.EACCES, "symbolic link points outside the tree (not followed)")
        lines = read_regular(path).decode("utf-8", errors="replace").splitlines()
    except (OSError, RuntimeError) as exc:
        lines = []
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        problem = Skipped(rel, f".gitignore not read: {reason}")
    return pathspec.GitIgnoreSpec.from_lines(lines), problem


def _ignored(specs: Iterable[tuple[str, Any]], rel: str) -> bool:
    return any(rel.startswith(base) and spec.match_file(rel[len(base) :]) for base, spec in specs)
