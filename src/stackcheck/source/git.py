"""Listing files from git: the work tree, any revision, or the index.

The work tree is listed with plain `git` subprocesses (cheap to start, raw bytes for odd
file names); revisions and the index are read straight from git objects, so no checkout is
needed and a bare repository works. Every git command runs through safegit, hardened
against the scanned repository's own git configuration.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import stat
import subprocess
from collections.abc import Generator, Iterator
from functools import partial
from pathlib import Path
from typing import NamedTuple

from stackcheck import memory
from stackcheck.errors import StackcheckError
from stackcheck.invocation import folder_and_parents
from stackcheck.source.gitstate import (
    STAT_DATA_COMMAND,
    SUBMODULE_MODE,
    SYMLINK_MODE,
    WorktreeState,
    _index_lines,
    _split_z,
    foreign_git_dir,
    path_text,
    read_worktree,
    stat_data_affordable,
)
from stackcheck.source.index_file import entry_sizes, index_of
from stackcheck.source.listing import Entry, Listing, Reader, Skipped, Store
from stackcheck.source.safegit import Batch, run
from stackcheck.source.safegit import GitUnavailable as GitUnavailable  # where callers import it
from stackcheck.source.worktree import stat_entry, worktree_reader

SUBMODULE_SKIPPED = "submodule (not entered)"
MISSING_OBJECT = "object missing from the repository (partial clone?)"
SHALLOW_SKIPPED = Skipped(".", "shallow clone: history before the shallow boundary is missing")


def run_git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """git's output, run hardened (safegit.py); a failure raises CalledProcessError."""
    return run(cwd, *args, stdin=stdin)


_CANNOT_OPEN = re.compile(r"could not open directory '(.+?)/?': (.+)$")
_CANNOT_OPEN_CUT = re.compile(r"could not open directory '(.+)$")


def _unreadable_folders(lines: list[str]) -> list[Skipped]:
    """`git ls-files --others` only warns about a folder it cannot open; say so. A warning
    about a path too long for git's message buffer (4 KiB) is cut before the reason: the
    deepest folder it names whole is listed instead."""
    found = []
    for line in lines:
        match = _CANNOT_OPEN.search(line)
        if match:
            found.append(Skipped(match.group(1), f"unreadable folder: {match.group(2)}"))
            continue
        cut = _CANNOT_OPEN_CUT.search(line)
        if cut:
            folder = cut.group(1).rpartition("/")[0] or "."
            found.append(
                Skipped(folder, "unreadable folder: a folder inside it has a path too long to list")
            )
    return found


def worktree_listing(target: Path, recurse_submodules: bool = False) -> Listing | None:
    """Tracked plus untracked-not-ignored files under target; None outside a git work tree.
    Submodules are listed as skipped, or entered with recurse_submodules."""
    found = read_worktree(target, stat_data=True)
    if not isinstance(found, WorktreeState):
        return found
    return listing_from_state(found, recurse_submodules)


def listing_from_state(
    state: WorktreeState, recurse_submodules: bool = False, hashed: dict[str, str] | None = None
) -> Listing:
    """The listing git's output describes. `hashed` gives content ids for changed and untracked
    files whose bytes were already hashed, so the collector can check it reads those bytes."""
    listing = tracked_listing(state, recurse_submodules, hashed)
    return with_untracked(listing, state, hashed)


def tracked_listing(
    state: WorktreeState,
    recurse_submodules: bool = False,
    hashed: dict[str, str] | None = None,
    content_ids: bool = True,
) -> Listing:
    """The tracked files' part of listing_from_state. Without `content_ids` no entry keeps
    its blob id: they key the content cache, and a scan without one has no use for them
    (on a 200,000-file tree they are 17 MB of strings a forked helper would share)."""
    root = Path(state.root)
    hashed = hashed or {}
    # Content git's listing does not vouch for: changed since staged, or flagged.
    dirty = {*_split_z(state.dirty), *(path for _, _, path in _index_lines(state.flagged))}
    under = os.path.join(root, "")
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    previous = None
    with IndexSizes(state) as sizes:
        for mode, blob, path in _index_lines(state.tracked):
            size = sizes.next(path)  # (every record, in the index's order, unmerged ones too)
            if path == previous:
                continue  # an unmerged path has one record per stage, one after the other
            previous = path
            if mode == SUBMODULE_MODE:
                if recurse_submodules:
                    _enter_submodule(root, path, entries, skipped)
                else:
                    skipped.append(Skipped(path, SUBMODULE_SKIPPED))
                continue
            # A link's own blob is the name it points to; the content read through it is the
            # target's, known only when the snapshot pinned it down.
            known = None
            if content_ids:
                known = hashed.get(path) if path in dirty or mode == SYMLINK_MODE else blob
            if size and mode in REGULAR_MODES and path not in dirty:
                entries.append(Entry(path, size, known))
            else:  # (size 0: git smudged a racily clean entry, or the file is empty: ask the disk)
                _add(entries, skipped, stat_entry(root, path, known, under))
    return Listing(root, entries, skipped, worktree_reader(root), is_git=True)


def with_untracked(
    listing: Listing, state: WorktreeState, hashed: dict[str, str] | None = None
) -> Listing:
    """A tracked listing with the untracked files and the folders git could not open."""
    hashed = hashed or {}
    for path in _split_z(state.untracked):
        _add(listing.entries, listing.skipped, stat_entry(listing.root, path, hashed.get(path)))
    listing.skipped.extend(_unreadable_folders(list(state.problems)))
    return listing


REGULAR_MODES = frozenset({"100644", "100755"})
# One entry of `git ls-files -z --debug`: the path, then five lines of the stat data the
# index keeps for it (git's own layout since 2007: ctime, mtime, dev/ino, uid/gid, size/flags).
_STAT_RECORD = re.compile(
    rb"([^\0]+)\0  ctime: [^\n]*\n  mtime: [^\n]*\n  dev: [^\n]*\n  uid: [^\n]*\n"
    rb"  size: ([0-9]+)\tflags: [0-9a-f]+\n"
)


class IndexSizes:
    """Each tracked file's size as the index records it, read in the index's order beside
    the tracked records (no table of a large tree's paths is built); None for every file
    once the stat data is not in the layout expected or names another path (the index
    changed between two readings of it): the listing then asks the file system.

    A tracked regular file that `diff-files` does not list as changed (and that is not
    flagged, see WorktreeState.flagged) matched the index's stat data, size included, with
    the stat checks safegit pins (core.checkStat, core.trustctime): its size is the
    index's, and the lstat a listing would spend on each of a large tree's files is not
    needed. The stat data is git's (`ls-files --debug`) when the state came with it; else
    the index file is read a piece at a time as the records are asked for (index_file.py)
    when git is plainly using that file, or git is asked, for an index small enough to hold
    its output whole (gitstate.MAX_STAT_DATA_INDEX_BYTES). git keeps only the low 32 bits
    of a size; a file of 4 GiB or more is read with the size limit all the same, and found
    too large there. Use as a context manager: leaving it closes the index file."""

    def __init__(self, state: WorktreeState) -> None:
        self._records: Generator[tuple[bytes, int], None, None] | None = None
        data = state.stat_data
        if data is None:
            found = index_of(state.root)
            first = next(_index_lines(state.tracked), None)
            if found is not None and first is not None:
                self._records = entry_sizes(*found, hash_bytes=len(first[1]) // 2)
                return
            if stat_data_affordable(state.root):
                try:
                    data = run(state.root, *STAT_DATA_COMMAND)
                except (GitUnavailable, subprocess.CalledProcessError):
                    data = None
        if data:
            self._records = _stat_records(data)

    def next(self, path: str) -> int | None:
        """The size of the next record, which must be `path`'s."""
        if self._records is None:
            return None
        found = next(self._records, None)
        if found is None or path_text(found[0]) != path:
            self.close()
            return None
        return found[1]

    def close(self) -> None:
        if self._records is not None:
            self._records.close()  # (the index file's, when it is read)
            self._records = None

    def __enter__(self) -> IndexSizes:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stat_records(data: bytes) -> Generator[tuple[bytes, int], None, None]:
    """(path, size) of each record of `ls-files -z --debug` output, one after the other
    with nothing between them; ends at the first stretch that is not one."""
    at = 0
    while (match := _STAT_RECORD.match(data, at)) is not None:
        at = match.end()
        yield match.group(1), int(match.group(2))


def _enter_submodule(root: Path, path: str, entries: list[Entry], skipped: list[Skipped]) -> None:
    """The submodule's own work-tree files, under its path."""
    inner = root / path
    listing = None
    if inner.is_symlink() or not inner.resolve().is_relative_to(root):
        # Checked out as a link (or under one): it may lead anywhere on the machine.
        skipped.append(Skipped(path, "submodule path is a symbolic link (not followed)"))
        return
    if (inner / ".git").exists():
        try:
            listing = worktree_listing(inner, recurse_submodules=True)
        except StackcheckError as exc:
            skipped.append(Skipped(path, f"submodule not readable: {exc}"))
            return
    if listing is None:
        skipped.append(Skipped(path, "submodule not checked out"))
        return
    entries.extend(e._replace(path=f"{path}/{e.path}") for e in listing.entries)
    skipped.extend(s._replace(path=f"{path}/{s.path}") for s in listing.skipped)


def _add(entries: list[Entry], skipped: list[Skipped], found: Entry | Skipped | None) -> None:
    if isinstance(found, Skipped):
        skipped.append(found)
    elif found is not None:
        entries.append(found)


class GitDir(NamedTuple):
    git_dir: Path
    work_tree: Path | None  # None for a bare repository


def locate(target: Path) -> GitDir:
    """The repository holding target. A folder that is itself a git directory is bare, even
    without a config file (as snapshots and mirrors often are)."""
    resolved = target.resolve()
    if (resolved / "HEAD").is_file() and (resolved / "objects").is_dir():
        return GitDir(resolved, None)
    if not resolved.is_dir():
        raise StackcheckError(f"{target}: not a git repository")
    kept = memory.locations
    mark = _location_mark(str(resolved)) if kept is not None else None
    if kept is not None and mark is not None:
        known: GitDir | None = kept.get(mark)
        if known is not None:
            return known  # a resident server's (memory.py): the same repository as before
    found = _locate(target, resolved)
    if kept is not None and mark is not None:
        kept.put(mark, found)
    return found


# What git reads to find a work tree's repository besides its folders.
_LOCATION_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES")


def _location_mark(folder: str) -> tuple[object, ...] | None:
    """What locate's answer for folder depends on, for a resident server to know it again:
    the folder, the `.git` folder above it (its inode: a repository made again in the same
    place is another), that repository's config file as it stands (core.worktree, say) and
    the environment git reads. None when `.git` is a file (a linked work tree, a submodule)
    or missing: those are asked of git each time."""
    for where in folder_and_parents(folder):
        dot = os.path.join(where, ".git")
        try:
            info = os.lstat(dot)
        except FileNotFoundError:
            continue
        except OSError:
            return None
        if not stat.S_ISDIR(info.st_mode):
            return None
        try:
            config = os.stat(os.path.join(dot, "config"))
        except OSError:
            return None
        config_mark = (config.st_ino, config.st_size, config.st_mtime_ns)
        env = tuple(os.environ.get(name) for name in _LOCATION_ENV)
        return (folder, info.st_dev, info.st_ino, config_mark, env)
    return None


def _locate(target: Path, resolved: Path) -> GitDir:
    foreign = foreign_git_dir(resolved)
    if foreign is not None:
        raise StackcheckError(
            f"{foreign}; not read (scan the work tree without --rev or --staged, as a plain "
            "folder, or give the repository itself)"
        )
    try:
        out = run(
            resolved,
            "rev-parse",
            "--absolute-git-dir",
            "--is-bare-repository",
            "--is-inside-work-tree",
            "--show-cdup",
        )
    except GitUnavailable as exc:
        raise StackcheckError("git is not installed; --rev and --staged need it") from exc
    except subprocess.CalledProcessError as exc:
        found = _dot_git(resolved) if "dubious ownership" in str(exc.stderr) else None
        if found is not None:
            return found  # read through --git-dir, which git allows (and runs hardened)
        if "not a git repository" in str(exc.stderr):
            raise StackcheckError(f"{target}: not a git repository") from exc
        raise _refused(resolved, exc, "the repository") from exc
    git_dir, bare, inside, cdup, *_ = [*os.fsdecode(out).split("\n"), "", "", ""]
    work_tree = (resolved / cdup).resolve() if inside == "true" and bare != "true" else None
    return GitDir(Path(git_dir).resolve(), work_tree)


def _dot_git(folder: Path) -> GitDir | None:
    """The repository above folder found the way git finds it, for one git will not open
    (safe.directory): a `.git` folder, or a `.git` file naming one (`gitdir: ...`)."""
    for where in (folder, *folder.parents):
        dot = where / ".git"
        if dot.is_dir():
            return GitDir(dot.resolve(), where)
        if dot.is_file():
            try:
                text = dot.read_text(encoding="utf-8", errors="surrogateescape")
            except OSError:
                return None
            line = text.splitlines()[0] if text else ""
            if line.startswith("gitdir:"):
                return GitDir((where / line[len("gitdir:") :].strip()).resolve(), where)
            return None
    return None


def _git_dir_run(where: GitDir, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        return run_git(where.git_dir, f"--git-dir={where.git_dir}", *args, stdin=stdin)
    except GitUnavailable as exc:
        raise StackcheckError("git is not installed; --rev and --staged need it") from exc


def _refused(
    where: GitDir | Path, exc: subprocess.CalledProcessError, what: str
) -> StackcheckError:
    """git could not read what it needs: a damaged repository, or one git refuses."""
    first = (str(exc.stderr or "").strip().splitlines() or ["git failed"])[0]
    hint = ""
    if "dubious ownership" in str(exc.stderr):
        hint = " (mark it safe with `git config --global --add safe.directory PATH`)"
    place = where.git_dir if isinstance(where, GitDir) else where
    return StackcheckError(f"{place}: git cannot read {what}: {first}{hint}")


def resolve_commit(where: GitDir, rev: str) -> str:
    try:
        out = _git_dir_run(
            where, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
        )
        return out.decode().strip()
    except subprocess.CalledProcessError:
        pass
    refs = (
        _git_dir_run(where, "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags")
        .decode()
        .split()
    )
    close = difflib.get_close_matches(rev, refs, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    if not refs:
        hint = " (the repository has no commits yet)"
    raise StackcheckError(f"--rev {rev}: unknown revision{hint}")


def _prefix(where: GitDir, target: Path) -> str:
    if where.work_tree is None:
        return ""
    rel = target.resolve().relative_to(where.work_tree).as_posix()
    return "" if rel == "." else rel + "/"


def revision_listing(target: Path, rev: str) -> Listing:
    where = locate(target)
    commit = resolve_commit(where, rev)
    prefix = _prefix(where, target)
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    blobs: dict[str, str] = {}
    links: dict[str, str] = {}
    try:
        records = list(tree_records(where, commit, prefix))
    except subprocess.CalledProcessError as exc:
        raise _refused(where, exc, f"revision {rev}") from exc
    for path, mode, blob, size in records:
        if mode == SUBMODULE_MODE:
            skipped.append(Skipped(path, SUBMODULE_SKIPPED))
        elif mode == SYMLINK_MODE:
            links[path] = blob
        elif size is None:
            skipped.append(Skipped(path, MISSING_OBJECT))
        else:
            entries.append(Entry(path, size, blob))
            blobs[path] = blob
    if (where.git_dir / "shallow").exists():
        skipped.append(SHALLOW_SKIPPED)
    batch = BlobBatch(where)
    reader = object_reader(batch, blobs)
    _follow_links(links, entries, skipped, blobs, batch)
    root = (where.work_tree or where.git_dir) / prefix
    return Listing(root, entries, skipped, reader, commit, True)


def tree_records(
    where: GitDir, commit: str, prefix: str
) -> Iterator[tuple[str, str, str, int | None]]:
    """`git ls-tree -r --long` of a commit under prefix: (path relative to prefix, mode,
    blob id, size); a submodule's mode is SUBMODULE_MODE, and size is None for a blob the
    repository lacks (git prints "BAD")."""
    args = ["ls-tree", "-r", "-z", "--long", "--full-tree", commit]
    if prefix:
        args += ["--", prefix]
    for record in _git_dir_run(where, *args).split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, blob, size = meta.decode().split()
        path = os.fsdecode(raw_path)[len(prefix) :]
        yield (
            path,
            SUBMODULE_MODE if kind == "commit" else mode,
            blob,
            (int(size) if size.isdigit() else None),
        )


def _follow_links(
    links: dict[str, str],
    entries: list[Entry],
    skipped: list[Skipped],
    blobs: dict[str, str],
    batch: BlobBatch,
) -> None:
    """A symbolic link stored in git is followed to the file it names, never out of the tree."""
    by_path = {e.path: e for e in entries}
    for path, blob in sorted(links.items()):
        try:
            target = os.fsdecode(batch.read(blob))
        except OSError:
            skipped.append(Skipped(path, MISSING_OBJECT))
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        if target.startswith("/") or resolved == ".." or resolved.startswith("../"):
            skipped.append(
                Skipped(path, "symbolic link points outside the repository (not followed)")
            )
        elif resolved in by_path:
            entries.append(Entry(path, by_path[resolved].size, by_path[resolved].blob))
            blobs[path] = blobs[resolved]
        else:
            skipped.append(
                Skipped(path, "symbolic link to a folder or a missing file (not followed)")
            )


def index_listing(target: Path, store: Store | None = None, listed: bytes | None = None) -> Listing:
    """The index's files (what `--staged` scans); `store`, the content cache, may hold the
    sizes of the blobs this index listed before (staged_sizes.py); `listed`, the index's
    `ls-files -z -s` records under target as the caller read them already."""
    where = locate(target)
    if where.work_tree is None:
        raise StackcheckError(f"{target}: a bare repository has no index; use --rev")
    prefix = _prefix(where, target)
    root = where.work_tree / prefix if prefix else where.work_tree
    if listed is not None and root != target.resolve():
        listed = None  # (read from another folder: its paths would not be relative to root)
    try:
        records = list(_index_lines(listed or run_git(root, "ls-files", "-z", "-s")))
    except subprocess.CalledProcessError as exc:
        raise _refused(root, exc, "the index") from exc
    skipped = [Skipped(p, SUBMODULE_SKIPPED) for m, _, p in records if m == SUBMODULE_MODE]
    links = {p: b for m, b, p in records if m == SYMLINK_MODE}
    wanted = {p: b for m, b, p in records if m not in (SUBMODULE_MODE, SYMLINK_MODE)}
    batch = BlobBatch(where)
    try:
        if store is None:
            sizes = _blob_sizes(where, sorted(set(wanted.values())))
        else:
            from stackcheck.source.staged_sizes import remembered_sizes

            sizes = remembered_sizes(where.git_dir, wanted, store, partial(_few_sizes, batch))
    except subprocess.CalledProcessError as exc:
        raise _refused(root, exc, "the index's objects") from exc
    entries: list[Entry] = []
    blobs = {}
    for path, blob in wanted.items():
        if blob in sizes:
            entries.append(Entry(path, sizes[blob], blob))
            blobs[path] = blob
        else:
            skipped.append(Skipped(path, "object missing from the repository"))
    reader = object_reader(batch, blobs)
    _follow_links(links, entries, skipped, blobs, batch)
    return Listing(root, entries, skipped, reader, None, True)


# Up to this many blobs whose sizes are not known yet (the hook after an edit: the staged
# files), the sizes come with the contents from the one `cat-file --batch` process that
# reads the files anyway, one git process fewer than asking `--batch-check` first.
FEW_BLOBS = 8
# ... and a blob larger than this is not sent: its size alone is asked for.
KEPT_BYTES = 1 << 20


def _few_sizes(batch: BlobBatch, blobs: list[str]) -> dict[str, int]:
    """`_blob_sizes`, through `batch` when there are few (FEW_BLOBS) and each is small."""
    sizes = batch.sizes_reading(blobs, KEPT_BYTES) if len(blobs) <= FEW_BLOBS else {}
    rest = [b for b in blobs if b not in sizes]
    if rest:
        sizes.update(_blob_sizes(batch.where, rest))
    return sizes


def _blob_sizes(where: GitDir, blobs: list[str]) -> dict[str, int]:
    if not blobs:
        return {}
    out = _git_dir_run(where, "cat-file", "--batch-check", stdin="\n".join(blobs).encode() + b"\n")
    sizes = {}
    for line in out.decode().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            sizes[parts[0]] = int(parts[2])
    return sizes


def object_reader(batch: BlobBatch, blobs: dict[str, str]) -> Reader:
    """Read blobs through one long-lived `git cat-file --batch` process."""

    def read(path: str, limit: int) -> bytes:
        blob = blobs.get(path)
        if blob is None:
            raise FileNotFoundError(path)
        return batch.read(blob)[: limit + 1]

    return read


class BlobBatch:
    def __init__(self, where: GitDir) -> None:
        self.where = where
        self.git: Batch | None = None
        self.pid = os.getpid()
        self.kept: dict[str, bytes] = {}  # read by sizes_reading, not by `read` yet

    def _start(self) -> Batch:
        if self.pid != os.getpid():  # a forked worker: the parent's pipes are not ours
            self.git, self.pid = None, os.getpid()
        if self.git is None or self.git.proc.poll() is not None:
            try:
                self.git = Batch(
                    self.where.git_dir, f"--git-dir={self.where.git_dir}", "cat-file", "--batch"
                )
            except subprocess.CalledProcessError as exc:
                raise OSError(f"git cannot read objects: {exc.stderr}") from exc
        return self.git

    def sizes_reading(self, blobs: list[str], largest: int) -> dict[str, int]:
        """The sizes of the blobs git has, read with their contents, which `read` then
        gives without asking git again. Each is asked for alone, so one larger than
        `largest` is not sent: the process is stopped instead (the next read starts
        another), and that blob and the ones after it are left out, as are any git lacks
        and all after a failure."""
        sizes: dict[str, int] = {}
        for blob in blobs:
            try:
                found = self._ask(self._start(), blob, largest)
            except OSError:
                return sizes
            if self.git is None:  # stopped rather than made to send a large object
                return sizes
            if found is not None and found[0] == b"blob":
                sizes[blob] = len(found[1])
                self.kept[blob] = found[1]
        return sizes

    def read(self, blob: str) -> bytes:
        kept = self.kept.pop(blob, None)
        if kept is not None:
            return kept
        found = self._ask(self._start(), blob)
        if found is None:
            raise OSError(f"git object {blob[:12]} is missing")
        return found[1]

    def _ask(self, git: Batch, blob: str, largest: int | None = None) -> tuple[bytes, bytes] | None:
        """One object of the batch process: its type and content; None when git lacks it,
        or when it is larger than `largest` (then the process is stopped, not made to send
        it). OSError when the process ended or failed."""
        with git.request() as proc:
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(blob.encode() + b"\n")
                proc.stdin.flush()
                header = proc.stdout.readline().split()
                if not header:  # the process ended: stopped for taking too long, or failed
                    self.git = None
                    raise OSError(f"git stopped while reading object {blob[:12]}")
                if len(header) != 3:
                    return None
                size = int(header[2])
                if largest is not None and size > largest:
                    git.kill()
                    self.git = None
                    return None
                data = proc.stdout.read(size)
                proc.stdout.read(1)  # the newline after the content
            except (BrokenPipeError, ValueError) as exc:
                self.git = None
                raise OSError(f"cannot read git object {blob[:12]}") from exc
        if len(data) != size:
            self.git = None
            raise OSError(f"git object {blob[:12]} was cut short")
        return header[1], data
