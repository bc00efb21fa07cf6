"""Each entry's path and size, read from git's index file itself, a piece at a time.

A listing of a large tree needs every clean file's size. `git ls-files --debug` prints
them (some 220 bytes an entry), but on a large index it is one more git process holding
the whole index while the listing runs; reading the file in order, beside git's own
listing of it, costs neither. The format is git's `index-format.txt` (versions 2 to 4,
SHA-1 or SHA-256 object names). The file belongs to the scanned repository, so nothing
in it is trusted: it is opened without following a link, must be a regular file, is read
in bounded pieces, and reading stops at the first thing that is not as the format says.
The caller (git.IndexSizes) uses a size only when its entry names the very path git
listed in the same place.
"""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Generator, Iterator

from stackcheck.source.gitstate import work_tree_top

PIECE_BYTES = 1024 * 1024
# Longer than any entry git writes for a path it can check out: past this much without a
# whole entry, the file is not in the format expected.
MAX_ENTRY_BYTES = 64 * 1024
# Settings that make git read another index than the work tree's `.git/index`.
OTHER_INDEX_ENV = ("GIT_INDEX_FILE", "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")

# ctime, mtime (seconds, nanoseconds), dev, ino, mode, uid, gid: then the size.
_SIZE_AT = 36
_SIZE = struct.Struct(">I")
_FLAGS = struct.Struct(">H")
_HEADER = struct.Struct(">4sII")
_NAME_MASK = 0x0FFF
_EXTENDED = 0x4000


def index_of(root: str) -> tuple[str, bytes] | None:
    """The index file git uses for the work tree folder `root` (resolved), and the path of
    root inside its work tree as git's listing prefixes it (b"" at the top, else ending in
    "/"); None when that is not plain to see: git is told of another index or repository
    by the environment, or the `.git` found is a file or a link."""
    if any(name in os.environ for name in OTHER_INDEX_ENV):
        return None
    top = work_tree_top(root)
    if top is None:
        return None
    inside = os.path.relpath(root, top)
    prefix = b"" if inside == "." else os.fsencode(inside).replace(b"\\", b"/") + b"/"
    return os.path.join(top, ".git", "index"), prefix


def entry_sizes(
    index: str, prefix: bytes, hash_bytes: int
) -> Generator[tuple[bytes, int], None, None]:
    """(path, size) of each entry of the index file, in its order, for the entries under
    `prefix` (which is taken off their paths); `hash_bytes`: the length of an object name
    (20 for SHA-1, 32 for SHA-256). Ends early, without a word, on a file that cannot be
    read or is not in the format."""
    try:
        fd = os.open(index, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return  # (a FIFO or a device where the index should be)
        yield from _under(_entries(_pieces(fd), hash_bytes), prefix)
    finally:
        os.close(fd)


def _pieces(fd: int) -> Iterator[bytes]:
    while piece := os.read(fd, PIECE_BYTES):
        yield piece


def _under(entries: Iterator[tuple[bytes, int]], prefix: bytes) -> Iterator[tuple[bytes, int]]:
    """The entries under prefix, with it taken off: the index is sorted by path, so they
    come together."""
    if not prefix:
        yield from entries
        return
    cut = len(prefix)
    seen = False
    for path, size in entries:
        if path.startswith(prefix):
            seen = True
            yield path[cut:], size
        elif seen:
            return


def _entries(pieces: Iterator[bytes], hash_bytes: int) -> Iterator[tuple[bytes, int]]:
    """(path, size) of each entry of an index given in pieces of any size: the header, then
    the entries it counts (the extensions after them are not needed)."""
    held = b""
    at = 0

    def more() -> bool:
        nonlocal held, at
        piece = next(pieces, None)
        if piece is None:
            return False
        held, at = held[at:] + piece, 0
        return True

    while len(held) < _HEADER.size:
        if not more():
            return
    signature, version, count = _HEADER.unpack_from(held, 0)
    if signature != b"DIRC" or version not in (2, 3, 4):
        return
    at = _HEADER.size
    flags_at = 40 + hash_bytes
    previous = b""
    for _ in range(count):
        while (found := _entry(held, at, flags_at, version, previous)) is None:
            if len(held) - at > MAX_ENTRY_BYTES or not more():
                return
        if found is _BROKEN:
            return
        path, size, at = found
        if version == 4:
            previous = path
        yield path, size


_BROKEN = (b"", 0, 0)  # what _entry gives for an entry not in the format


def _entry(
    held: bytes, at: int, flags_at: int, version: int, previous: bytes
) -> tuple[bytes, int, int] | None:
    """The entry starting at `at`: (path, size, where the next begins); None when `held`
    does not hold all of it yet; _BROKEN when it is not in the format."""
    name_at = at + flags_at + 2
    if name_at > len(held):
        return None
    (flags,) = _FLAGS.unpack_from(held, at + flags_at)
    if flags & _EXTENDED:
        name_at += 2  # (version 3 and later: a second word of flags)
    if version == 4:
        strip, name_at = _varint(held, name_at)
        if strip is None:
            return None if name_at > len(held) else _BROKEN
        if strip > len(previous):
            return _BROKEN
        end = held.find(b"\0", name_at)
        if end == -1:
            return None
        path = previous[: len(previous) - strip] + held[name_at:end]
        after = end + 1
    else:
        length = flags & _NAME_MASK
        if length == _NAME_MASK:  # (as long as that or longer: ended by a NUL instead)
            end = held.find(b"\0", name_at)
            if end == -1:
                return None
            length = end - name_at
        # Padded with one to eight NULs to a multiple of eight bytes.
        after = at + ((name_at - at + length + 8) & ~7)
        if after > len(held):
            return None
        path = held[name_at : name_at + length]
    (size,) = _SIZE.unpack_from(held, at + _SIZE_AT)
    return path, size, after


def _varint(held: bytes, at: int) -> tuple[int | None, int]:
    """git's offset varint (varint.c) at `at`: (value, where it ends); (None, past the end)
    when `held` ends inside it, (None, at) when it overflows."""
    value = 0
    for count in range(10):
        if at + count >= len(held):
            return None, len(held) + 1
        byte = held[at + count]
        value = byte & 127 if count == 0 else ((value + 1) << 7) | (byte & 127)
        if not byte & 128:
            return value, at + count + 1
    return None, at
