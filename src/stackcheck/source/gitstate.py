"""git's view of a work tree, read with as little loaded as possible.

A warm scan needs to know the work tree again from git's own listing (snapshot.py), and a
repeated scan answered before the command line is loaded (fastpath.py) needs nothing else:
the four listing commands, run hardened (safegit.py), the index records they print, and
whether the `.git` found leads to another repository. Listing the files from that view
(git.py) and walking a plain folder (worktree.py) are imported only when they are needed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

from stackcheck import memory
from stackcheck.errors import StackcheckError
from stackcheck.invocation import folder_and_parents, is_within
from stackcheck.source.safegit import TIMED_OUT, GitUnavailable, Started, start_many

# A warm scan checks the tree with this module before it answers: neither `typing` nor
# `pathlib` is imported to run it (records.py); paths are strings here.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple

    from stackcheck.source.listing import Listing
else:
    from stackcheck.records import NamedTuple

SUBMODULE_MODE = "160000"
SYMLINK_MODE = "120000"


# os.fsdecode's codec, taken once: a large index's paths are decoded one by one, and the
# function's own type checks cost as much again as the decoding.
_PATH_CODEC = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()


def path_text(raw: bytes) -> str:
    """A path git printed, as os.fsdecode gives it."""
    return raw.decode(*_PATH_CODEC)


def _split_z(data: bytes) -> list[str]:
    return [path_text(p) for p in data.split(b"\0") if p]


class WorktreeState(NamedTuple):
    """What git says of a work tree, as it printed it: enough to list the tree, and to know
    the same tree again without looking at its files (see snapshot.py)."""

    root: str  # the work tree's folder, resolved
    # `git ls-files -z -s -v`: tag, mode, blob id, stage and path of every tracked file
    tracked: bytes
    untracked: bytes  # `git ls-files -z --others --exclude-standard`
    dirty: bytes  # `git diff-files -z --name-only --relative`: tracked, changed since staged
    problems: tuple[str, ...]  # git's warnings while listing (folders it could not open)
    # The `tracked` records of entries git never compares with the work tree, so never
    # reports as changed: marked assume-unchanged or skip-worktree. Their content is
    # checked against the index by the snapshot, or read by the collector.
    flagged: bytes = b""
    # `git ls-files -z --debug`, when the caller asked for it: each entry's stat data as the
    # index keeps it, whose sizes spare the listing an lstat per clean file (git.IndexSizes);
    # None: not asked for yet; b"" (for a non-empty index): not to be used.
    stat_data: bytes | None = None


WORKTREE_COMMANDS = (
    ("rev-parse", "--is-bare-repository", "--is-inside-work-tree"),
    ("ls-files", "-z", "-s", "-v"),  # -v: a tag per entry, telling the flagged ones
    ("ls-files", "-z", "--others", "--exclude-standard"),
    ("diff-files", "-z", "--name-only", "--relative"),
)
STAT_DATA_COMMAND = ("ls-files", "-z", "--debug")


def read_worktree(
    target: str | os.PathLike[str], stat_data: bool = False
) -> WorktreeState | Listing | None:
    """git's view of the work tree holding target; a plain-folder listing when git is missing
    or refuses the repository; None outside a git work tree. `stat_data`: also the index's
    stat data, for a caller that lists the files (a warm scan's check does not need it)."""
    reading = start_reading(target, stat_data)
    if not isinstance(reading, WorktreeReading):
        return reading
    with reading:
        return reading.whole()


def start_reading(
    target: str | os.PathLike[str], stat_data: bool = False, hold_untracked: bool = False
) -> WorktreeReading | Listing | None:
    """read_worktree in two steps: git's commands are started here, and the reading gives
    the tracked files' view first (`tracked`), then the whole view (`whole`) once the walk
    for untracked files, the slowest of them on a large tree, has ended. With
    `hold_untracked`, on a large index that walk starts once the other listings have
    ended: each git command holds the whole index, and a caller that lists the tracked
    files meanwhile (a cold scan; a warm one only checks them, and waits for all three)
    need not have three at once beside it."""
    root = os.path.realpath(target)
    foreign = foreign_git_dir(root)
    if foreign is not None:
        return _as_plain_folder(root, f"{foreign}: scanned as a plain directory")
    # Independent git processes: started together, they share the cores.
    size = index_bytes(root)
    stat_data = stat_data and _stat_data_affordable(size)
    commands = (*WORKTREE_COMMANDS, STAT_DATA_COMMAND) if stat_data else WORKTREE_COMMANDS
    later = (_UNTRACKED,) if hold_untracked and large_index(size) else ()
    try:
        return WorktreeReading(os.fspath(target), root, start_many(root, commands, later))
    except GitUnavailable:
        return _as_plain_folder(
            root, "git is not installed: scanned as a plain directory, .gitignore files honoured"
        )


_INFO, _TRACKED, _UNTRACKED, _DIRTY, _STAT_DATA = range(5)  # WORKTREE_COMMANDS' order
# `ls-files --debug` prints some 220 bytes per entry, read whole: above an index this large
# (some 45,000 files) it is not asked for beside the other listings, and the listing reads
# the sizes from the index file itself as it goes (git.IndexSizes, index_file.py).
MAX_STAT_DATA_INDEX_BYTES = 8 * 1024 * 1024


# An index this large (some 45,000 files) is held whole by each git command that reads it.
LARGE_INDEX_BYTES = MAX_STAT_DATA_INDEX_BYTES


def stat_data_affordable(root: str | os.PathLike[str]) -> bool:
    """Whether the index of the repository holding root is small enough to read its stat
    data whole."""
    return _stat_data_affordable(index_bytes(root))


def _stat_data_affordable(size: int | None) -> bool:
    return size is not None and size <= MAX_STAT_DATA_INDEX_BYTES


def large_index(size: int | None) -> bool:
    """Whether an index of this size (index_bytes) is above LARGE_INDEX_BYTES."""
    return size is not None and size > LARGE_INDEX_BYTES


def index_bytes(root: str | os.PathLike[str]) -> int | None:
    """The size of the index of the repository holding root (a resolved folder; found as
    git finds its `.git` folder); None when there is no such folder (a `.git` file: the
    index lies elsewhere) or no index."""
    top = work_tree_top(os.fspath(root))
    if top is None:
        return None
    try:
        return os.stat(os.path.join(top, ".git", "index")).st_size
    except OSError:
        return None


def work_tree_top(root: str) -> str | None:
    """The folder holding the `.git` folder git finds for root (a resolved folder), looking
    up from it as git does; None when there is none, or the `.git` found first is a file or
    a link (the repository then lies elsewhere)."""
    for where in folder_and_parents(root):
        dot = os.path.join(where, ".git")
        if os.path.isdir(dot) and not os.path.islink(dot):
            return where
        if os.path.lexists(dot):
            return None
    return None


class WorktreeReading:
    """git's view of a work tree while its commands run (start_reading); a context manager
    that stops whatever command is still running when it is left."""

    def __init__(self, target: str, root: str, started: Started) -> None:
        self.target, self.root, self.started = target, root, started
        self._tracked: WorktreeState | Listing | None = None
        self._read = False

    def __enter__(self) -> WorktreeReading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.started.__exit__(*exc)

    def tracked(self) -> WorktreeState | Listing | None:
        """The view without the untracked files (`untracked` empty, no `problems`), as soon
        as git has listed the index, the changed files and the stat data; what
        read_worktree would return instead of a view, when that is what it returns."""
        if not self._read:
            self._tracked = self._read_tracked()
            self._read = True
        return self._tracked

    def _read_tracked(self) -> WorktreeState | Listing | None:
        root, started = self.root, self.started
        info = started.result(_INFO)
        if isinstance(info, subprocess.CalledProcessError):
            if "dubious ownership" in str(info.stderr):
                return _as_plain_folder(
                    root,
                    "git refused the repository (safe.directory): scanned as a plain directory",
                )
            if info.returncode == TIMED_OUT:
                return _as_plain_folder(root, f"{info.stderr}: scanned as a plain directory")
            return None
        bare, inside = info[0].decode().split()[:2]
        if bare == "true":
            raise StackcheckError(
                f"{self.target}: a bare repository has no work tree; "
                "scan a revision with --rev HEAD"
            )
        if inside != "true":
            raise StackcheckError(
                f"{self.target}: inside a .git folder; give the work tree instead"
            )
        tracked = started.result(_TRACKED)
        dirty = started.result(_DIRTY)
        started.start(_UNTRACKED)  # (held back on a large index: two git commands at once)
        for done in (tracked, dirty):
            if isinstance(done, subprocess.CalledProcessError):
                return _git_failed(root, done)
        assert not isinstance(tracked, subprocess.CalledProcessError)
        assert not isinstance(dirty, subprocess.CalledProcessError)
        stats = None
        if len(started.commands) > _STAT_DATA:
            found = started.result(_STAT_DATA)
            stats = None if isinstance(found, subprocess.CalledProcessError) else found[0]
        if dirty[1].strip():
            # diff-files could not look at some file (`path: Permission denied`) and left it
            # out of the changed ones: no size of the index is vouched for (b"": ask the disk).
            stats = b""
        listed = tracked[0]
        return WorktreeState(root, listed, b"", dirty[0], (), flagged_records(listed), stats)

    def forget_tracked(self) -> None:
        """Let go of git's listing of the index (megabytes on a large tree) once the caller
        has made its own listing from it: the whole view then has `tracked` empty."""
        if isinstance(self._tracked, WorktreeState):
            self._tracked = self._tracked._replace(tracked=b"", flagged=b"")
        self.started.done[_TRACKED] = (b"", b"")

    def whole(self) -> WorktreeState | Listing | None:
        """The whole view: the tracked one with git's untracked files and its warnings."""
        state = self.tracked()
        if not isinstance(state, WorktreeState):
            return state
        untracked = self.started.result(_UNTRACKED)
        if isinstance(untracked, subprocess.CalledProcessError):
            return _git_failed(self.root, untracked)
        listed, warnings = untracked
        problems = tuple(warnings.decode("utf-8", "replace").splitlines())
        return state._replace(untracked=listed, problems=problems)


def _git_failed(root: str, done: subprocess.CalledProcessError) -> Listing:
    """A corrupt or foreign index (or a listing that timed out): the files are still on disk,
    and the scan goes on without git's view of them."""
    why = _git_message(done.stderr) or f"git {done.cmd[1]} failed"
    return _as_plain_folder(root, f"{why}: scanned as a plain directory")


# A record of `ls-files -s -v` whose tag is not H (an ordinary cached entry): S for
# skip-worktree, lower case for assume-unchanged, M for a conflict. One pass finds the first.
_NOT_H = re.compile(rb"\0[^H]")


def flagged_records(tracked: bytes) -> bytes:
    """The records of `ls-files -z -s -v` output whose entries git never compares with the
    work tree: tagged S (skip-worktree) or in lower case (assume-unchanged)."""
    if tracked[:1] in (b"", b"H") and _NOT_H.search(tracked) is None:
        return b""
    return b"".join(
        record + b"\0"
        for record in tracked.split(b"\0")
        if record[:1] == b"S" or record[:1].islower()
    )


def _git_message(stderr: bytes | str | None) -> str:
    """The last line git printed (its `fatal:` reason), cut to a readable length."""
    text = os.fsdecode(stderr) if isinstance(stderr, bytes) else stderr or ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def _as_plain_folder(root: str, reason: str) -> Listing:
    """The tree walked as a plain folder, with why git's view of it was not used."""
    from pathlib import Path

    from stackcheck.source.listing import Skipped
    from stackcheck.source.worktree import walk_listing

    return walk_listing(Path(root), [Skipped(".", reason)])


def _index_lines(data: bytes) -> Iterator[tuple[str, str, str]]:
    """`git ls-files -s -z` records: (mode, blob id, path), one at a time (a large index
    would otherwise be held twice, as bytes and as records)."""
    start = 0
    while (end := data.find(b"\0", start)) != -1:
        record = data[start:end]
        start = end + 1
        if record:
            yield index_record(record)


def index_record(record: bytes) -> tuple[str, str, str]:
    """One `git ls-files -s -z` record, tagged (`-v`) or not: (mode, blob id, path)."""
    kept = memory.records
    known: tuple[str, str, str] | None = kept.get(record) if kept is not None else None
    if known is not None:
        return known  # a resident server's (memory.py): the index changes a few records a commit
    meta, _, raw_path = record.partition(b"\t")
    *_tag, mode, blob, _stage = meta.decode().split()
    parsed = mode, blob, path_text(raw_path)
    if kept is not None:
        kept.put(record, parsed)
    return parsed


def foreign_git_dir(folder: str | os.PathLike[str]) -> str | None:
    """Why the repository git would use for folder is not the scanned tree's own: its `.git`
    is a file (or a link) leading out of the work tree to a repository that does not name
    this work tree back, as a linked work tree's (`gitdir` file) and a submodule's
    (`core.worktree`) do. An archive could otherwise make a scan list, read and report
    another repository on the machine. None when it is its own, or there is none. `folder`
    is resolved (a work tree's folder as start_reading resolves it)."""
    for where in folder_and_parents(os.fspath(folder)):
        dot = os.path.join(where, ".git")
        if not os.path.islink(dot) and os.path.isdir(dot):
            return None
        if not (os.path.islink(dot) or os.path.isfile(dot)):
            if os.path.exists(dot):
                return None
            continue
        git_dir = _git_dir_named(dot, where)
        if git_dir is None or is_within(git_dir, where) or _names_back(git_dir, dot, where):
            return None
        return f"{dot}: leads to a repository outside the scanned tree ({git_dir})"
    return None


def _git_dir_named(dot: str, where: str) -> str | None:
    if os.path.islink(dot):
        return os.path.realpath(dot)
    text = _small_text(dot)
    line = text.splitlines()[0] if text else ""
    if not line.startswith("gitdir:"):
        return None
    return os.path.realpath(os.path.join(where, line[len("gitdir:") :].strip()))


def _names_back(git_dir: str, dot: str, where: str) -> bool:
    """Whether the repository at git_dir names this work tree as its own."""
    # A linked work tree: <common>/worktrees/<name>/gitdir holds the path of its .git.
    back = _small_text(os.path.join(git_dir, "gitdir"))
    if back and os.path.realpath(os.path.join(git_dir, back.strip())) == os.path.realpath(dot):
        return True
    # A submodule: <super>/.git/modules/<name>/config sets core.worktree.
    match = _CORE_WORKTREE.search(_small_text(os.path.join(git_dir, "config")) or "")
    if match is None:
        return False
    named = os.path.realpath(os.path.join(git_dir, match.group(1).strip()))
    return named == os.path.realpath(where)


def _small_text(path: str) -> str | None:
    """A small regular file's text, or None when there is none to read."""
    from stackcheck.source.worktree import read_regular

    try:
        return read_regular(path).decode("utf-8", errors="surrogateescape")
    except OSError:
        return None


_CORE_WORKTREE = re.compile(r"^\s*worktree\s*=\s*(.+?)\s*$", re.MULTILINE)
