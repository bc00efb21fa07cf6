"""A repeated scan answered before the command line is loaded.

A warm scan (nothing changed since the last one: the pre-commit hook's everyday case) costs
what git's listing costs plus what loading the command line, the settings, the rules and
the formats costs; the second part is most of it. So `stackcheck scan` first looks here for
the answer a scan with the same inputs gave, and writes it back byte for byte, with the same
exit code, when every input is as it was:

- the invocation: stackcheck's version and files (size and modification time of every
  module and rule file), the Python version running it, the full argument list, the current folder,
  every environment variable the settings, the formats or the output encoding read (ENV,
  and every STACKCHECK_*), whether standard output and error are terminals and their
  encodings;
- the settings files: the user-level config file, and every file the search for the
  repository's config looks at (each folder from the scanned one up to the work tree's
  root), by their bytes, whether git lists them or not;
- the tree: its snapshot digest (source/snapshot.py), computed by the same git commands and
  the same code as the ordinary warm path, with the listing settings that scan used.

The first two groups key the entry (one entry per way of running a scan, replaced when the
tree changes); the entry holds the tree digests to check, the output and the exit code. Anything
this module does not understand takes the ordinary path: only `scan` with the options in
FLAGS and VALUED is answered here (no output files, no --config, --rev or cache options),
only for a git work tree or its index, only with the cache on and its folder outside the
scanned tree, and only when a stored answer exists. An answer is stored by the ordinary
path (`record`, then `offer` from the scan command) only when its scan was complete, came
whole from the content cache (so its report says "from cache", as a replay's must), printed
no progress line, loaded no rule pack of the user's own, and ended with exit code 0 or 1.
A replayed report repeats that scan's own time (`in 0.05s`, JSON's `stats.seconds`).

Entries live in the content cache's SQLite file (cache.py), in the folder the person running
the scan chose, never inside the scanned tree; they are JSON holding base64 bytes, read by a
strict decoder: a missing, damaged or foreign entry is a miss, and nothing in one is run.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from stackcheck.invocation import (
    cache_folder,
    folder_and_parents,
    is_within,
    read_small,
    scan_target,
)

# Every run imports this module, and a warm answer imports little else: neither `typing`
# nor `pathlib` (a tenth of a warm answer's time between them) is imported to give one.
# Paths are strings here; records are declared with records.NamedTuple.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import IO, Any, NamedTuple
else:
    from stackcheck.records import NamedTuple

SCHEMA = 1
TABLE = "answers"
CACHE_FILE = "stackcheck-cache-v1.sqlite3"  # cache.FILE_NAME: the content cache's file
CONFIG_FILES = (".stackcheck.toml", "stackcheck.toml", "pyproject.toml")  # config.CONFIG_FILES
MAX_ENTRY_BYTES = 16 * 1024 * 1024
MAX_ENTRIES = 256

# Environment variables that change the settings, the output or its encoding (besides every
# STACKCHECK_*): colour, the CI defaults, the user folders, the encoding of the streams.
ENV = (
    "NO_COLOR",
    "FORCE_COLOR",
    "GITHUB_ACTIONS",
    "GITLAB_CI",
    "CI",
    "TERM",
    "COLUMNS",
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "APPDATA",
    "LOCALAPPDATA",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
)


class Invocation(NamedTuple):
    argv: tuple[str, ...]
    target: str  # PATH as given
    staged: bool


class TreeKey(NamedTuple):
    """How the ordinary path knew a tree again (pipeline._facts): a stored answer holds for
    a tree that gives the same digest (snapshot.py) with the same listing settings."""

    staged: bool
    shape: str
    max_file_bytes: int
    submodules: bool
    digest: str | None


def read_invocation(argv: Sequence[str]) -> Invocation | None:
    """The scanned path and --staged of a `scan` this module may answer, or None."""
    found = scan_target(argv)
    return Invocation(tuple(argv), *found) if found is not None else None


class Pending:
    """One scan this module may answer: its key, where answers live, and (while the
    ordinary path runs) what it wrote."""

    def __init__(self, invocation: Invocation, folder: str, user_config: str, key: str):
        self.invocation = invocation
        self.folder = folder
        self.user_config = user_config
        self.key = key
        self.written: list[tuple[int, bytes]] = []
        self.offered: tuple[list[TreeKey], int] | None = None

    # --- answering --------------------------------------------------------------------------

    def answer(self) -> int | None:
        """replay, with a reader that went away and ^C ending it as they end the ordinary
        path (cli.main)."""
        try:
            return self.replay()
        except BrokenPipeError:
            sys.stderr.close()
            return 1
        except KeyboardInterrupt:
            sys.stderr.write("stackcheck: interrupted\n")
            return 130

    def replay(self) -> int | None:
        """Write the stored answer and return its exit code; None when there is none that
        holds for the tree as it is now."""
        entry = _decode(_read_entry(os.path.join(self.folder, CACHE_FILE), self.key))
        if entry is None:
            return None
        trees, code, chunks = entry
        if not _trees_unchanged(self.invocation.target, trees):
            return None
        _write_chunks(chunks)
        return code

    # --- storing ----------------------------------------------------------------------------

    @contextmanager
    def recording(self) -> Iterator[None]:
        """Run the ordinary path with standard output and error copied here, and store the
        answer when it exits, if the scan command offered it (`offer`)."""
        global _recording
        originals = sys.stdout, sys.stderr
        copies = [_copy(originals[0], 1, self.written), _copy(originals[1], 2, self.written)]
        sys.stdout, sys.stderr = copies
        _recording = self
        code: object = None
        try:
            yield
        except SystemExit as exc:
            code = exc.code
            raise
        finally:
            _recording = None
            for copy, original in zip(copies, originals, strict=True):
                if copy.closed:
                    original.close()  # (the ordinary path closes stderr on a broken pipe)
                else:
                    copy.flush()
            sys.stdout, sys.stderr = originals
            if isinstance(code, int) and self.offered is not None and self.offered[1] == code:
                self._store(self.offered[0], code)

    def _store(self, trees: list[TreeKey], code: int) -> None:
        if self.key != _key(self.invocation, self.folder, self.user_config):
            return  # a settings file changed while the scan ran
        import binascii
        import json
        import sqlite3

        document = {
            "schema": SCHEMA,
            "trees": [list(tree) for tree in trees],
            "code": code,
            "output": [
                [number, binascii.b2a_base64(data, newline=False).decode("ascii")]
                for number, data in _joined(self.written)
            ],
        }
        value = json.dumps(document, separators=(",", ":"))
        if len(value) > MAX_ENTRY_BYTES:
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            database = os.path.join(self.folder, CACHE_FILE)
            db = sqlite3.connect(database, timeout=10, isolation_level=None)
            try:
                db.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, value TEXT)")
                db.execute(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?)", (self.key, value))
                # One entry per way of running a scan; those not stored for a while go (a
                # replaced entry takes a new rowid, so the oldest come first).
                db.execute(
                    f"DELETE FROM {TABLE} WHERE rowid <= "
                    f"(SELECT max(rowid) FROM {TABLE}) - {MAX_ENTRIES}"
                )
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            return  # an answer not stored is the next scan's miss


_recording: Pending | None = None


def prepare(argv: Sequence[str]) -> Pending | None:
    """The scan this argument list asks for, when this module may answer it; None sends it
    straight to the ordinary path."""
    invocation = read_invocation(argv)
    if invocation is None or not _streams_usable():
        return None
    from stackcheck.userdirs import user_config_file

    try:
        user_config = user_config_file()
        folder = cache_folder(user_config)
        if folder is None:
            return None
        key = _key(invocation, folder, user_config)
    except (OSError, ValueError, UnicodeError):
        return None
    if key is None:
        return None
    return Pending(invocation, folder, user_config, key)


def is_recording() -> bool:
    """Whether the ordinary path runs for a scan whose answer may be stored."""
    return _recording is not None


def offer(
    trees: list[TreeKey],
    code: int,
    *,
    complete: bool,
    from_cache: bool,
    progress_shown: bool,
    cache_folder: Path | None,
    user_config: Path,
    own_rules: bool,
) -> None:
    """The scan command's word that its answer may be stored: every tree it scanned was
    known by its key, the scan was complete and whole from the cache, and it used the
    cache folder and user config file this module looked at."""
    pending = _recording
    if pending is None:
        return
    if not (complete and from_cache) or progress_shown or own_rules or not trees:
        return
    if any(tree.digest is None for tree in trees) or cache_folder is None:
        return
    from pathlib import Path  # (the ordinary path has it loaded)

    if cache_folder.resolve() != Path(pending.folder).resolve():
        return
    if user_config != Path(pending.user_config):
        return
    pending.offered = (trees, code)


# --- the key ----------------------------------------------------------------------------------


def _key(invocation: Invocation, folder: str, user_config: str) -> str | None:
    """A digest of every input but the tree itself; None when the target is not a folder
    inside a git work tree, or the cache folder lies inside that tree."""
    import hashlib

    if not os.path.isdir(invocation.target):
        return None
    searched = _config_search(os.path.realpath(invocation.target))
    if searched is None:
        return None
    root, files = searched
    if is_within(os.path.realpath(folder), root):
        return None
    digest = hashlib.sha256()
    parts: list[object] = [
        SCHEMA,
        tool_signature(),
        sys.version,
        list(invocation.argv),
        os.getcwd(),
        sorted((k, v) for k, v in os.environ.items() if k in ENV or k.startswith("STACKCHECK_")),
        [_stream_shape(sys.stdout), _stream_shape(sys.stderr)],
        _file_print(user_config),
        str(folder),
    ]
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogateescape") + b"\0")
    for print_ in files:
        digest.update(print_)
    return digest.hexdigest()


def _config_search(folder: str) -> tuple[str, list[bytes]] | None:
    """The work tree's root and what each file the repository's config is searched for holds
    (config.find_config: every name in each folder from the scanned one up to the first with
    a `.git`), whether git lists it or not, and the repository's own git config. None outside
    a work tree, and for a work tree whose `.git` is a file."""
    found = []
    for where in folder_and_parents(folder):
        for name in CONFIG_FILES:
            found.append(_file_print(os.path.join(where, name)))
        dot = os.path.join(where, ".git")
        if os.path.exists(dot):  # as config.find_config and config.tree_root stop
            if not os.path.isdir(dot):
                return None  # a linked work tree or submodule: its config lies elsewhere
            # The origin remote (`target.remote` in json, json-lines and html) lives here.
            found.append(_file_print(os.path.join(dot, "config")))
            return where, found
    return None


def _file_print(path: str) -> bytes:
    """What a settings file is: absent, a link and where to, and its bytes' digest."""
    import hashlib

    parts = [os.fsencode(path)]
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return b"\0".join([*parts, b"absent"]) + b"\n"
    if os.path.islink(path):
        parts.append(b"link:" + os.fsencode(os.readlink(path)))
    try:
        parts.append(hashlib.sha256(read_small(path)).hexdigest().encode())
    except OSError as exc:
        parts.append(b"unreadable:%d:%d" % (exc.errno or 0, info.st_mode))
    return b"\0".join(parts) + b"\n"


def tool_signature() -> list[tuple[str, int, int]]:
    """stackcheck's own modules and built-in rules as they stand on disk: a new version, an
    edit or a reinstall changes the key. Read once per process: for the key, and for the
    resident server and its client to tell whether they run the same code (server/wire.py)."""
    global _signature
    if _signature is None:
        _signature = files_on_disk()
    return _signature


def files_on_disk() -> list[tuple[str, int, int]]:
    """tool_signature as the files stand now, read again."""
    package = os.path.dirname(os.path.realpath(__file__))
    found: list[tuple[str, int, int]] = []
    _walk(package, ".py", found)
    _walk(_builtin_rules_dir(package), ".toml", found)
    return sorted(found)


_signature: list[tuple[str, int, int]] | None = None


def _builtin_rules_dir(package: str) -> str:
    """judge.rules.builtin_rules_dir, without importing the rule loader."""
    packaged = os.path.join(package, "rules")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(package)), "rules")


def _walk(folder: str, suffix: str, found: list[tuple[str, int, int]]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    _walk(entry.path, suffix, found)
            elif entry.name.endswith(suffix):
                info = entry.stat()
                found.append((entry.path, info.st_size, info.st_mtime_ns))


def _stream_shape(stream: Any) -> tuple[bool, str, str]:
    return (_is_terminal(stream), str(stream.encoding), str(stream.errors))


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _streams_usable() -> bool:
    """Standard output and error are real streams whose bytes can be copied and written."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "buffer") or stream.closed:
            return False
    return True


# --- settings the lookup needs: the cache folder, and the user config file ----------------


# --- the tree ---------------------------------------------------------------------------------


def _trees_unchanged(target: str, trees: list[TreeKey]) -> bool:
    """Whether every tree the stored scan read gives the digest it gave then, computed as the
    ordinary path computes it (pipeline._facts and _worktree, snapshot.py)."""
    from stackcheck.source.gitstate import WorktreeState, read_worktree
    from stackcheck.source.snapshot import index_digest_of, index_output, worktree_digest

    # The trees of one stored answer are all the index's or all the work tree's (one
    # invocation); each is read once, and kept for the scan that follows a miss.
    kinds = {tree.staged for tree in trees}
    index = index_output(target) if True in kinds else None
    _keep_read(INDEX_READ, target, index)
    state = read_worktree(target) if False in kinds else None
    if isinstance(state, WorktreeState):  # (a plain folder's listing is not kept)
        _keep_read(WORKTREE_READ, target, state)
    for tree in trees:
        now: str | None
        if tree.staged:
            if index is None:
                return False
            now = index_digest_of(index, tree.shape, tree.max_file_bytes)
        else:
            if not isinstance(state, WorktreeState):
                return False
            found = worktree_digest(state, tree.shape, tree.max_file_bytes, tree.submodules)
            now = found[0] if found is not None else None
        if now is None or now != tree.digest:
            return False
    return True


# What a lookup that found no answer read of the tree: the ordinary path takes it over
# (`take_read`) instead of asking git again. A miss after an edit is the pre-commit hook's
# case, and on a large work tree git's three listings are most of a warm check's time.
INDEX_READ = "index"  # snapshot.index_output: `git ls-files -z -s`
WORKTREE_READ = "worktree"  # gitstate.read_worktree, without stat data
_reads: dict[tuple[str, str], object] = {}


def _keep_read(kind: str, target: str, read: object) -> None:
    if read is not None:
        _reads[kind, os.path.realpath(target)] = read


def forget_reads() -> None:
    """Drop what a lookup kept and no scan took (a long-lived process, between scans)."""
    _reads.clear()


def take_read(kind: str, target: str | os.PathLike[str]) -> Any:
    """What the lookup read of this tree in this way, once; None when it read nothing. The
    same read then keys and lists the tree, as one read of git's listing does on the
    ordinary path (pipeline._staged, _worktree)."""
    return _reads.pop((kind, os.path.realpath(target)), None)


# --- entries ------------------------------------------------------------------------------------


def _read_entry(database: str, key: str) -> str | None:
    import sqlite3

    if not os.path.isfile(database):
        return None
    try:
        db = sqlite3.connect(_file_uri(database) + "?mode=ro", uri=True, timeout=10)
        try:
            row = db.execute(f"SELECT value FROM {TABLE} WHERE key = ?", (key,)).fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return row[0] if row and isinstance(row[0], str) else None


# Bytes a file URI's path keeps as they are (Path.as_uri keeps these too); the rest are %XX.
_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")


def _file_uri(path: str) -> str:
    """`file://` and the absolute path, percent-encoded (Path.as_uri, without urllib)."""
    raw = os.fsencode(os.path.abspath(path))
    return "file://" + "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in raw)


def _decode(value: str | None) -> tuple[list[TreeKey], int, list[tuple[int, bytes]]] | None:
    """A stored answer, checked field by field; anything else is a miss."""
    if value is None or len(value) > MAX_ENTRY_BYTES:
        return None
    import binascii
    import json

    try:
        document = json.loads(value)
        if not isinstance(document, dict) or document.get("schema") != SCHEMA:
            return None
        trees = [_tree(raw) for raw in document["trees"]]
        code = document["code"]
        chunks = [
            (number, binascii.a2b_base64(text))
            for number, text in document["output"]
            if number in (1, 2) and isinstance(text, str)
        ]
        if type(code) is not int or code not in (0, 1) or len(chunks) != len(document["output"]):
            return None
    except (ValueError, TypeError, KeyError, binascii.Error, RecursionError, _Damaged):
        return None
    return (trees, code, chunks) if trees else None


class _Damaged(Exception):
    """An entry that is not what this module writes."""


def _tree(raw: object) -> TreeKey:
    if not isinstance(raw, list) or len(raw) != 5:
        raise _Damaged
    staged, shape, most, submodules, digest = raw
    if not (
        isinstance(staged, bool)
        and isinstance(shape, str)
        and type(most) is int
        and isinstance(submodules, bool)
        and isinstance(digest, str)
    ):
        raise _Damaged
    return TreeKey(staged, shape, most, submodules, digest)


# --- the streams --------------------------------------------------------------------------------


def _copy(stream: Any, number: int, written: list[tuple[int, bytes]]) -> Any:
    """A text stream like `stream` (encoding, errors, buffering, terminal or not) that
    writes through to it and keeps a copy of every byte, tagged with the stream's number."""
    stream.flush()
    return io.TextIOWrapper(
        _Tee(stream.buffer, number, written),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=getattr(stream, "line_buffering", False),
        write_through=True,
    )


def _joined(written: list[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
    """Consecutive writes to one stream as one chunk."""
    joined: list[tuple[int, bytes]] = []
    for number, data in written:
        if joined and joined[-1][0] == number:
            joined[-1] = (number, joined[-1][1] + data)
        else:
            joined.append((number, data))
    return joined


def _write_chunks(chunks: list[tuple[int, bytes]]) -> None:
    """The stored output, in the order it was written, each chunk flushed as click does."""
    streams = {1: sys.stdout, 2: sys.stderr}
    for number, data in chunks:
        stream = streams[number]
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()


class _Tee(io.RawIOBase):
    def __init__(self, target: IO[bytes], number: int, written: list[tuple[int, bytes]]):
        super().__init__()
        self.target = target
        self.number = number
        self.written = written

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.target.write(chunk)
        self.written.append((self.number, chunk))
        return len(chunk)

    def flush(self) -> None:
        if not self.closed:
            self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    def close(self) -> None:
        if not self.closed:
            self.target.flush()
        super().close()  # the stream it copies to stays open
