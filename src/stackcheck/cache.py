"""What a file contributed, cached by content: a blob never has to be parsed twice.

The key is the file's path plus its git blob id (known without reading for clean tracked
files, computed from the bytes otherwise) plus a signature of the collectors' own code, so a
new stackcheck never trusts an old answer. One SQLite file in the user cache directory: safe
under concurrent runs (WAL, busy timeout), and a corrupt or truncated file is ignored and
replaced rather than trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping
from functools import lru_cache

from stackcheck import memory

# A warm scan's check of the tree imports this module (for blob_id): neither `pathlib` nor
# `typing` is imported to run it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

SCHEMA = 1
FILE_NAME = "stackcheck-cache-v1.sqlite3"
BATCH = 500


def default_dir() -> Path:
    from pathlib import Path

    env = os.environ.get("STACKCHECK_CACHE_DIR")
    if env:
        return Path(env)
    from stackcheck.userdirs import cache_dir

    return cache_dir()


def blob_id(data: bytes) -> str:
    """git's object id for a blob with this content (sha1 of the header and bytes)."""
    digest = hashlib.sha1(b"blob %d\0" % len(data), usedforsecurity=False)
    digest.update(data)
    return digest.hexdigest()


# Code that only dispatches or renders: a change to it (a new output format, say) must not
# throw away the users' caches. tests/test_architecture.py pins what is in and out.
UNSIGNED = ("commands/", "report/formats/", "fleet/")


def signed_sources() -> list[str]:
    """The modules the signature covers, relative to the package: everything that turns
    bytes into facts (and the rules the rule cache keeps), not the commands and formats."""
    from pathlib import Path

    package = Path(__file__).resolve().parent
    found = (source.relative_to(package).as_posix() for source in package.rglob("*.py"))
    return sorted(relative for relative in found if not relative.startswith(UNSIGNED))


@lru_cache(maxsize=1)
def signature() -> str:
    """Changes whenever the code that turns bytes into facts changes."""
    from pathlib import Path

    from stackcheck import __version__

    package = Path(__file__).resolve().parent
    digest = hashlib.sha1(f"{SCHEMA}:{__version__}".encode(), usedforsecurity=False)
    for relative in signed_sources():
        digest.update(relative.encode())
        digest.update((package / relative).read_bytes())
    return digest.hexdigest()


def key(path: str, blob: str) -> str:
    kept = memory.keys
    known: str | None = kept.get((path, blob)) if kept is not None else None
    if known is not None:
        return known  # a resident server's (memory.py)
    # A file name that is not UTF-8 arrives as surrogate escapes (os.fsdecode): keep its bytes.
    raw = f"{signature()}\0{path}\0{blob}".encode("utf-8", "surrogateescape")
    found = hashlib.sha1(raw, usedforsecurity=False).hexdigest()
    if kept is not None:
        kept.put((path, blob), found)
    return found


class Cache:
    """A key -> JSON value store; every failure degrades to a cache miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        self._opened = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._opened:
            return self._db
        self._opened = True
        path = self.folder / FILE_NAME
        for attempt in (1, 2):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=10, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT)")
                db.execute("SELECT count(*) FROM facts WHERE key = ''").fetchone()
                self._db = db
                return db
            except sqlite3.DatabaseError:
                if attempt == 1:
                    _discard(path)  # corrupt or not a database: start again, once
            except OSError:
                break
        return None

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        wanted = list(keys)
        kept = memory.entries
        if kept is None or not wanted:
            return self._fetch(wanted)
        # A resident server's scans (memory.py): what an earlier scan fetched is not fetched
        # and decoded from SQLite again.
        folder = str(self.folder)
        found = {}
        for k in wanted:
            value = kept.get((folder, k))
            if value is not None:
                found[k] = value
        missing = [k for k in wanted if k not in found]
        if missing:
            fetched = self._fetch(missing)
            for k, value in fetched.items():
                kept.put((folder, k), value)
            found.update(fetched)
        return found

    def _fetch(self, wanted: list[str]) -> dict[str, Any]:
        db = self._connect()
        found: dict[str, Any] = {}
        if db is None or not wanted:
            return found
        try:
            for start in range(0, len(wanted), BATCH):
                chunk = wanted[start : start + BATCH]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT key, value FROM facts WHERE key IN ({marks})", chunk)
                for row_key, value in rows:
                    try:
                        found[row_key] = json.loads(value)
                    except (ValueError, TypeError, RecursionError):
                        continue  # a damaged row is a miss
        except sqlite3.Error:
            return found
        return found

    def put_many(self, items: Mapping[str, Any]) -> None:
        kept = memory.entries
        if kept is not None and items:
            # A resident server's (memory.py): kept now, written once the caller has its answer.
            folder = str(self.folder)
            for k, value in items.items():
                kept.put((folder, k), value)
            memory.write_later(folder, items)
            return
        self.write(items)

    def write(self, items: Mapping[str, Any]) -> None:
        """Store the items in the SQLite file now."""
        db = self._connect()
        if db is None or not items:
            return
        rows = [(k, json.dumps(v, separators=(",", ":"))) for k, v in items.items()]
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO facts (key, value) VALUES (?, ?)", rows)
            db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class SharedCache(Cache):
    """The content cache with an in-process layer in front: a blob that many trees share is
    fetched and decoded once per run, not once per tree. Without a folder it lives in
    memory only, so --no-cache leaves the user's cache alone and still shares the work.
    New entries reach the folder in one transaction when the cache is closed, not in two
    per tree (history writes for hundreds of trees)."""

    def __init__(self, folder: Path | None) -> None:
        from pathlib import Path

        super().__init__(folder or Path())
        self.persist = folder is not None
        self.memo: dict[str, Any] = {}
        self.pending: dict[str, Any] = {}

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        wanted = list(keys)
        found = {k: self.memo[k] for k in wanted if k in self.memo}
        missing = [k for k in wanted if k not in found]
        if missing and self.persist:
            fetched = super().get_many(missing)
            self.memo.update(fetched)
            found.update(fetched)
        return found

    def put_many(self, items: Mapping[str, Any]) -> None:
        self.memo.update(items)
        if self.persist:
            self.pending.update(items)

    def close(self) -> None:
        if self.pending:
            super().put_many(self.pending)
            self.pending = {}
        super().close()


def clear(folder: Path) -> int:
    """Remove the cache files (the content cache and the validated rules); return how many
    were removed."""
    removed = 0
    paths = [folder / (FILE_NAME + suffix) for suffix in ("", "-wal", "-shm")]
    if folder.is_dir():
        # (.pickle: what older versions wrote; never read, only removed)
        paths += sorted(folder.glob("stackcheck-rules-*.json"))
        paths += sorted(folder.glob("stackcheck-rules-*.pickle"))
    for path in paths:
        if path.exists():
            path.unlink()
            removed += 1
    return removed


def _discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(os.fspath(path) + suffix)
