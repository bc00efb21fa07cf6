"""The sizes of the index's blobs, remembered from the last time this index was listed.

`--staged` lists the index, whose records name each file's blob but not its size; git tells
the sizes through `cat-file --batch-check`, one object look-up per blob (babel's 27,674:
about 60 ms, a tenth of the pre-commit hook's time after an edit). Between two commits the
index changes in a few blobs. So the sizes are kept in the content cache, in the index's
order, keyed by the repository and its paths; the next listing of the same paths takes a
size only where its blob id is the one stored beside it (a blob's size never changes), and
asks git for the rest.

A stored entry of another shape is a miss; nothing in one is run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from stackcheck import memory
from stackcheck.source.listing import Store

SCHEMA = 1


def remembered_sizes(
    git_dir: object,
    blobs: Mapping[str, str],
    store: Store,
    ask_git: Callable[[list[str]], dict[str, int]],
) -> dict[str, int]:
    """Each blob's size (blobs: path -> blob id, in the index's order), from the stored
    sizes where the blob is the one stored for its path, from `ask_git` for the others."""
    kept = memory.sizes
    if kept is not None:
        # A resident server's (memory.py): a blob's size never changes, so each is asked once.
        held: dict[str, int] = {
            b: size for b in blobs.values() if (size := kept.get(b)) is not None
        }
        missing = sorted({b for b in blobs.values() if b not in held})
        if missing:
            for blob, size in ask_git(missing).items():
                kept.put(blob, size)
                held[blob] = size
        return held
    from stackcheck.cache import key

    digest = hashlib.sha1(
        f"{SCHEMA}\0{git_dir}\0".encode(errors="surrogateescape"), usedforsecurity=False
    )
    digest.update("\0".join(blobs).encode(errors="surrogateescape"))
    memo = key("<staged sizes>", digest.hexdigest())
    known = _decode(store.get_many([memo]).get(memo), len(blobs))
    sizes: dict[str, int] = {}
    width = len(next(iter(blobs.values()), ""))  # one hash function per repository
    if known is not None and len(known[0]) == width * len(blobs):
        stored_blobs, stored_sizes = known
        for index, (blob, size) in enumerate(zip(blobs.values(), stored_sizes, strict=True)):
            if len(blob) == width and stored_blobs.startswith(blob, index * width):
                sizes[blob] = size
    missing = sorted({b for b in blobs.values() if b not in sizes})
    if missing:
        sizes.update(ask_git(missing))
        if all(b in sizes for b in blobs.values()):  # (a blob git lacks: nothing is kept)
            store.put_many(
                {
                    memo: {
                        "blobs": "".join(blobs.values()),
                        "sizes": [sizes[b] for b in blobs.values()],
                    }
                }
            )
    return sizes


def _decode(stored: Any, count: int) -> tuple[str, list[int]] | None:
    if not isinstance(stored, dict):
        return None
    blobs, sizes = stored.get("blobs"), stored.get("sizes")
    if not isinstance(blobs, str) or not isinstance(sizes, list) or len(sizes) != count:
        return None
    if not all(type(size) is int and size >= 0 for size in sizes):
        return None
    return blobs, sizes
