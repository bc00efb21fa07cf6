"""The trees of a run of first-parent commits, from one pass over git's history.

`git.revision_listing` costs three git processes per commit. Along first-parent
history neighbouring trees share almost everything, so the newest tree is listed once
(`git ls-tree`), every commit's changes against its first parent come from one
`git log --raw`, and each older tree is the newer one with those changes undone. The sizes
of blobs that only older trees hold come from one `git cat-file --batch-check`. Each
listing holds the same entries and skipped files as `revision_listing` gives for that
commit (tests/test_revisions.py checks it); where the walk cannot be used (git cannot read
a tree, a partial clone lacks a blob's size) `revision_listing` itself answers.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from stackcheck.source.git import (
    MISSING_OBJECT,
    SHALLOW_SKIPPED,
    SUBMODULE_SKIPPED,
    BlobBatch,
    GitDir,
    _blob_sizes,
    _follow_links,
    _git_dir_run,
    _prefix,
    locate,
    object_reader,
    resolve_commit,
    revision_listing,
    tree_records,
)
from stackcheck.source.gitstate import SUBMODULE_MODE, SYMLINK_MODE
from stackcheck.source.listing import Entry, Listing, Skipped

ABSENT_MODE = "000000"

# Commits in first-parent order, each with its raw diff against that first parent (merges
# included), recursive, renames split into deletions and additions, full object ids.
# Signatures and colour are off whatever the user's configuration says; no pathspec, so
# no history simplification and no log.follow.
LOG_ARGS = (
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--raw",
    "-z",
    "--no-renames",
    "--no-abbrev",
    "--no-color",
    "--no-show-signature",
    "--format=%H",
)


class Change(NamedTuple):
    """One path a commit changed, as its first parent had it (mode 000000: absent)."""

    path: str  # relative to the scanned folder
    old_mode: str
    old_blob: str


class Revision(NamedTuple):
    commit: str
    changes: tuple[Change, ...]  # against the first parent


def listings(target: Path, commits: Sequence[str]) -> Iterator[Listing]:
    """`revision_listing(target, c)` for each commit, in the order given. A run of commits
    that follow each other along first parents (newest first, as `git log` lists them) is
    read in one walk; a commit off that line starts a new walk."""
    where = locate(target)
    walker = _Walker(where, _prefix(where, target), target)
    done = 0
    while done < len(commits):
        for listing in walker.walk(commits[done:]):
            yield listing
            done += 1


@dataclass
class _Walker:
    where: GitDir
    prefix: str
    target: Path
    # One `git cat-file --batch` serves every commit's reader; link targets are read once.
    batch: BlobBatch = field(init=False)
    link_targets: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.batch = BlobBatch(self.where)

    def walk(self, commits: Sequence[str]) -> Iterator[Listing]:
        """Listings for the leading commits that lie on commits[0]'s first-parent line (at
        least commits[0] itself)."""
        start = resolve_commit(self.where, commits[0])
        try:
            tree = self._newest_tree(start)
            revisions = self._revisions(start, len(commits))
            revisions = revisions[: _matching(revisions, commits)]
            tree.sizes.update(self._sizes(tree, revisions[:-1]))
        except subprocess.CalledProcessError:
            revisions = []
        if not revisions:
            # git cannot read part of this history (a damaged tree, a partial clone that
            # lacks a blob): revision_listing says what it says about this one commit.
            yield revision_listing(self.target, commits[0])
            return
        for index, revision in enumerate(revisions):
            if index:
                tree.undo(revisions[index - 1].changes)
            yield self._listing(tree, revision.commit)

    def _newest_tree(self, commit: str) -> _Tree:
        tree = _Tree()
        records = list(tree_records(self.where, commit, self.prefix))
        tree.sizes.update((blob, size) for _, _, blob, size in records if size is not None)
        for path, mode, blob, _size in records:
            tree.put(path, mode, blob)
        return tree

    def _revisions(self, start: str, count: int) -> list[Revision]:
        out = _git_dir_run(
            self.where, *LOG_ARGS, f"--max-count={count}", "--end-of-options", start, "--"
        )
        return parse_log(out, self.prefix)

    def _sizes(self, tree: _Tree, revisions: Sequence[Revision]) -> dict[str, int]:
        """Sizes of the blobs older trees bring back, in one `git cat-file --batch-check`;
        a blob the repository lacks gets none."""
        wanted = {
            c.old_blob
            for r in revisions
            for c in r.changes
            if c.old_mode not in (ABSENT_MODE, SUBMODULE_MODE, SYMLINK_MODE)
            and c.old_blob not in tree.sizes
        }
        return _blob_sizes(self.where, sorted(wanted))

    def _listing(self, tree: _Tree, commit: str) -> Listing:
        entries, skipped, blobs, links = tree.contents()
        if (self.where.git_dir / "shallow").exists():
            skipped.append(SHALLOW_SKIPPED)
        reader = object_reader(self.batch, blobs)
        _follow_links(links, entries, skipped, blobs, _Remembered(self.batch, self.link_targets))
        root = (self.where.work_tree or self.where.git_dir) / self.prefix
        return Listing(root, entries, skipped, reader, commit, True)


class _Tree:
    """One commit's tree under the scanned folder, kept in the shape a listing takes, so
    that an older tree costs only its commit's few changes."""

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}  # by blob; every blob put must be here (or missing)
        self.entries: dict[str, Entry] = {}
        self.blobs: dict[str, str] = {}  # the entries' blobs, for the reader
        self.skipped: dict[str, Skipped] = {}
        self.links: dict[str, str] = {}

    def put(self, path: str, mode: str, blob: str) -> None:
        if mode == SUBMODULE_MODE:
            self.skipped[path] = Skipped(path, SUBMODULE_SKIPPED)
        elif mode == SYMLINK_MODE:
            self.links[path] = blob
        elif blob in self.sizes:
            self.entries[path] = Entry(path, self.sizes[blob], blob)
            self.blobs[path] = blob
        else:
            self.skipped[path] = Skipped(path, MISSING_OBJECT)

    def undo(self, changes: Sequence[Change]) -> None:
        """From a commit's tree to its first parent's: added paths go, the rest get back
        the mode and blob they had."""
        for change in changes:
            for place in (self.entries, self.blobs, self.skipped, self.links):
                place.pop(change.path, None)
            if change.old_mode != ABSENT_MODE:
                self.put(change.path, change.old_mode, change.old_blob)

    def contents(self) -> tuple[list[Entry], list[Skipped], dict[str, str], dict[str, str]]:
        """Entries, skipped paths, path -> blob of the entries, and symbolic links: copies,
        which the listing's reader and link following may extend."""
        return (
            list(self.entries.values()),
            list(self.skipped.values()),
            dict(self.blobs),
            dict(self.links),
        )


class _Remembered(BlobBatch):
    """A link's target is read once per history, not once per commit that holds it."""

    def __init__(self, batch: BlobBatch, known: dict[str, bytes]) -> None:
        super().__init__(batch.where)
        self.inner = batch
        self.known = known

    def read(self, blob: str) -> bytes:
        if blob not in self.known:
            self.known[blob] = self.inner.read(blob)
        return self.known[blob]


def parse_log(out: bytes, prefix: str = "") -> list[Revision]:
    """`git log --format=%H --raw -z` output: each commit id, then its records
    `:oldmode newmode oldblob newblob status NUL path NUL`. Paths outside prefix are
    dropped, the others made relative to it."""
    revisions: list[Revision] = []
    tokens = iter(out.split(b"\0"))
    changes: list[Change] = []
    commit = None
    for token in tokens:
        token = token.lstrip(b"\n")
        if token.startswith(b":"):
            old_mode, _new_mode, old_blob, _new_blob, _status = token[1:].decode().split()
            path = os.fsdecode(next(tokens))
            if path.startswith(prefix):
                changes.append(Change(path[len(prefix) :], old_mode, old_blob))
        elif token:
            if commit is not None:
                revisions.append(Revision(commit, tuple(changes)))
            commit, changes = token.decode(), []
    if commit is not None:
        revisions.append(Revision(commit, tuple(changes)))
    return revisions


def _matching(revisions: Sequence[Revision], commits: Sequence[str]) -> int:
    """How many leading commits the walk covers: the first (git started there), then each
    that is the one git listed at that place."""
    run = min(1, len(revisions))
    while run < min(len(commits), len(revisions)) and revisions[run].commit == commits[run]:
        run += 1
    return run
