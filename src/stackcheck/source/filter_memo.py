"""filter_listing's answer for a tree, remembered by the tree's paths.

What filter_listing decides (which files are vendored or excluded, which are documentation or
tests) depends on the paths listed, on the contents of the tree's attribute files, on the
exclusions and on its own code, never on any other file's content. An edit changes none of
these: the pre-commit hook after an edit, or a scan after one, lists the same paths as the
scan before it, and filtering a large tree again (its attribute patterns tried on every path)
is a good part of what such a scan costs. So the answer is kept in the content cache under a
key made of exactly those inputs (the code through cache.key's signature), as one letter per
entry, and the next scan with the same key builds its files from it.

An entry whose attribute file's content git does not name (a modified .gitattributes in the
work tree) has no key: that tree is filtered as before. A stored answer is checked before it
is used (one known letter per entry, skip reasons and counts of the right types); anything
else is a miss, and nothing in it is run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from stackcheck.source.listing import Entry, Listing, RepoFile, RepoFiles, Skipped

SCHEMA = 1
# What each entry became: excluded, product, documentation, tests.
EXCLUDED, PRODUCT, DOCUMENTATION, TESTS = "-", "p", "d", "t"


def memo_key(entries: Sequence[Entry], exclusions: tuple[Sequence[str], bool]) -> str | None:
    """The key of filter_listing's answer for these entries (sorted, each once), or None
    when it cannot be told without reading a file (an attribute file git names no blob for)
    or two entries share a path."""
    from stackcheck.cache import key

    digest = hashlib.sha1(usedforsecurity=False)
    exclude, include_vendored = exclusions
    digest.update(json.dumps([SCHEMA, list(exclude), include_vendored]).encode())
    previous = None
    for entry in entries:
        if entry.path == previous:
            return None
        previous = entry.path
        if entry.path.rpartition("/")[2] == ".gitattributes":
            if entry.blob is None:
                return None
            digest.update(
                f"\0attributes\0{entry.path}\0{entry.blob}\0".encode(errors="surrogateescape")
            )
    digest.update("\0".join(e.path for e in entries).encode(errors="surrogateescape"))
    return key("<filtered>", digest.hexdigest())


def encode(entries: Sequence[Entry], listing: Listing, repo: RepoFiles) -> dict[str, Any]:
    """What filter_listing answered, one letter per entry, and what it added to the
    listing's own skipped entries."""
    letters = []
    files = iter(repo.files)
    pending = next(files, None)
    for entry in entries:
        if pending is not None and pending.path == entry.path:
            letters.append(
                DOCUMENTATION if pending.documentation else TESTS if pending.test else PRODUCT
            )
            pending = next(files, None)
        else:
            letters.append(EXCLUDED)
    own = set(listing.skipped)
    return {
        "roles": "".join(letters),
        "skipped": [list(s) for s in repo.skipped if s not in own],
        "role_attributes": [list(a) for a in repo.role_attributes],
    }


def decode(stored: Any, entries: Sequence[Entry], listing: Listing) -> RepoFiles | None:
    """The filtered tree a stored answer gives for these entries; None for an entry of
    another shape."""
    if not isinstance(stored, dict):
        return None
    roles, skipped, attributes = (
        stored.get("roles"),
        stored.get("skipped"),
        stored.get("role_attributes"),
    )
    if not isinstance(roles, str) or len(roles) != len(entries):
        return None
    if not set(roles) <= {EXCLUDED, PRODUCT, DOCUMENTATION, TESTS}:
        return None
    if not isinstance(skipped, list) or not _pairs(skipped, str):
        return None
    if not isinstance(attributes, list) or not _pairs(attributes, int):
        return None
    files = tuple(
        RepoFile(e.path, e.size, role == DOCUMENTATION, e.blob, role == TESTS)
        for e, role in zip(entries, roles, strict=True)
        if role != EXCLUDED
    )
    return RepoFiles(
        root=listing.root,
        rev=listing.rev,
        files=files,
        skipped=tuple(sorted({*listing.skipped, *(Skipped(p, r) for p, r in skipped)})),
        excluded=len(entries) - len(files),
        read=listing.read,
        is_git=listing.is_git,
        role_attributes=tuple((a, n) for a, n in attributes),
    )


def _pairs(value: list[Any], second: type) -> bool:
    return all(
        isinstance(item, list)
        and len(item) == 2
        and isinstance(item[0], str)
        and isinstance(item[1], second)
        and not isinstance(item[1], bool)
        for item in value
    )
