"""What a long-lived process keeps between scans: the resident server (server/daemon.py).

A process that scans once keeps nothing here: every table is None until `keep()` turns
them on, and the code that consults one (the content cache, the runs of cached facts, the
rule cache, the index's records) does what it always does when it is off. A server that
scans the same repository after each commit keeps, in memory, what the last scan fetched
from SQLite and decoded, so the scan after an edit decodes only what the edit changed.

Every table is keyed by content, never by a name that can mean two things over time: a
cache entry by its key (path, blob and the collectors' code, or a digest of such keys), a
rule set by the digest of its files' bytes, an index record by its bytes; the one answer
that is not content, where a folder's repository is (git.locate), by the `.git` folder's
inode, its config file's inode, size and time and the environment git reads. A value kept
here is therefore the value that key stands for, whoever wrote the SQLite file since. Each table
is bounded: when it reaches its limit it is emptied and fills again from the next scan,
so a server's memory stays bounded whatever it is asked to scan.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

# Entries each table holds before it is emptied. A cache value is one file's or one run's
# facts (a few hundred bytes to a few kB); saleor's hook after an edit asks for about 50
# runs and 60 files, and its index has 4,673 records: these hold the hook's working set of
# a few trees of babel's size (27,674 files), and cost a server some tens of MiB at most.
LIMITS = {
    "entries": 20_000,
    "decoded": 4_000,
    "rules": 8,
    "records": 100_000,
    "sizes": 100_000,
    "keys": 100_000,
    "results": 20_000,
    "locations": 1_000,
    "layouts": 64,
}


class Table(dict):  # type: ignore[type-arg]
    """A dict that empties itself when full: bounded, and consulted at a dict's own speed
    (`get` is dict.get: a scan after an edit asks tens of thousands of times)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: Any, value: Any) -> None:
        if len(self) >= self.limit and key not in self:
            self.clear()
        super().__setitem__(key, value)

    def put(self, key: Any, value: Any) -> None:
        self[key] = value


entries: Table | None = None  # content cache values, by (cache folder, key)
decoded: Table | None = None  # decoded runs of facts (facts/runs.py), by cache key
rules: Table | None = None  # loaded rule sets, by the digest of their files
records: Table | None = None  # `git ls-files -s -z` records, by their bytes
sizes: Table | None = None  # blob sizes, by blob id
keys: Table | None = None  # content cache keys (cache.key), by path and blob
results: Table | None = None  # one file's decoded results (collect.py's memo), by path and blob
locations: Table | None = None  # git.locate's answers, by what they depend on (_location_mark)
# The facts of the tree scanners that read only paths and roles (signals.SIZE_BLIND), by
# scanner and a digest of the tree's paths and roles: an edit leaves them as they were.
layouts: Table | None = None


# Cache entries a scan stored, by cache folder: written to SQLite after the scan's answer
# is sent (`write_pending`), so the caller does not wait for the database.
_pending: dict[str, dict[str, Any]] = {}


def write_later(folder: str, items: Mapping[str, Any]) -> None:
    _pending.setdefault(folder, {}).update(items)


def write_pending() -> None:
    """Store what the scans since the last call stored, each folder's in one transaction."""
    from pathlib import Path

    from stackcheck.cache import Cache

    while _pending:
        folder, items = _pending.popitem()
        cache = Cache(Path(folder))
        try:
            cache.write(items)
        finally:
            cache.close()


def keep() -> None:
    """Keep what scans fetch and decode, from now on in this process."""
    global entries, decoded, rules, records, sizes, keys, results, locations, layouts
    layouts = Table(LIMITS["layouts"])
    locations = Table(LIMITS["locations"])
    results = Table(LIMITS["results"])
    entries = Table(LIMITS["entries"])
    decoded = Table(LIMITS["decoded"])
    rules = Table(LIMITS["rules"])
    records = Table(LIMITS["records"])
    sizes = Table(LIMITS["sizes"])
    keys = Table(LIMITS["keys"])


def forget() -> None:
    """Keep nothing (as a process that scans once)."""
    global entries, decoded, rules, records, sizes, keys, results, locations, layouts
    entries = decoded = rules = records = sizes = keys = results = locations = layouts = None
