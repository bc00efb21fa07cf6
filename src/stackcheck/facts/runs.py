"""Runs of a tree's files whose merged facts are kept in the content cache as one entry.

A scan after an edit (the pre-commit hook) finds every other file's result in the cache, but
fetching, decoding and merging each of them (saleor: 2,216 entries) is a fifth of what that
scan costs. So collect.py also keeps, per run of about RUN_FILES consecutive files, what the
run contributed: its files' facts merged, its manifests and its skipped entries. The runs are
cut where a path's hash says (content-defined, as rsync and restic cut their chunks), so an
added or removed file changes the run it falls in, not every run after it; a run is keyed by
the cache keys of its files (path, blob and the collectors' code), so an edit changes the key
of its own run only, and the next scan fetches that run's files one by one and every other
run whole.

Merging a run's merged facts gives what merging its files' facts gives (merge() keeps each
key's first MAX_EVIDENCE_PER_FACT evidence items in a fixed order, so the first ones of the
union of the runs are the first ones of all; keys keep the order they first appeared in) as
long as adding up the totals in another grouping gives the same sums: so only a run whose
every value is a whole number is kept. A run with a file that includes another (whose job is
added at the end of the list) or whose content was not the listed blob is not kept either.

A resident server (memory.py) also keeps, in memory only, the merged facts of the chunks of
about CHUNK_FILES files that the runs it had to build again are cut into (at the paths whose
hash is 0 modulo CHUNK_FILES, a finer cut of the same kind): a run of hundreds of files that
holds the file a developer keeps editing is then merged from its chunks, all but the edited
one's whole. Chunks are kept, keyed and merged by the same rules as runs.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

from stackcheck import memory
from stackcheck.cache import key
from stackcheck.facts import Fact, Facts, Manifest, Merger, Skipped
from stackcheck.facts.stored import encode_facts, facts_or_none
from stackcheck.source.listing import Store

# The expected number of files in a run: runs of saleor's 2,217 files with a parser or a
# scanner are about 35 entries, fetched in one query.
RUN_FILES = 64


# The expected number of files in a chunk of a run a resident server builds again.
CHUNK_FILES = 8


def bounds(paths: Sequence[str], size: int | None = None) -> list[tuple[int, int]]:
    """[start, end) of each run: a run ends after a path whose hash is 0 modulo RUN_FILES
    (or `size`)."""
    size = RUN_FILES if size is None else size
    runs = []
    start = 0
    for index, path in enumerate(paths):
        if zlib.crc32(path.encode("utf-8", "surrogateescape")) % size == 0:
            runs.append((start, index + 1))
            start = index + 1
    if start < len(paths):
        runs.append((start, len(paths)))
    return runs


def run_key(files: Sequence[tuple[str, str | None]]) -> str | None:
    """The key of a run of (path, blob) files; None when a file's blob is not known."""
    digest = hashlib.sha1(usedforsecurity=False)
    for path, blob in files:
        if not blob:
            return None
        digest.update(key(path, blob).encode())
    return key("<run>", digest.hexdigest())


class RunBuilder:
    """Collects one run's results as the collector merges them; `done()` gives the entry to
    keep, or None when the run cannot be kept (see the module's docstring)."""

    def __init__(self) -> None:
        self.merger = Merger()
        self.manifests: list[Manifest] = []
        self.skipped: list[Skipped] = []
        self.keepable = True
        self.files = 0

    def add(
        self,
        facts: Sequence[Fact],
        manifest: Manifest | None,
        skipped: Skipped | None,
        keepable: bool,
    ) -> None:
        if not self.keepable:
            return
        if not keepable or not all(float(f.value).is_integer() for f in facts):
            self.keepable = False
            return
        self.files += 1
        self.merger.add_all(facts)
        if manifest is not None:
            self.manifests.append(manifest)
        if skipped is not None:
            self.skipped.append(skipped)

    def done(self) -> Facts | None:
        """The run's merged facts, manifests and skipped entries (kept as a whole tree's are:
        stored.encode_facts), or None when it cannot be kept."""
        if not self.keepable:
            return None
        return Facts(
            values=self.merger.merged(),
            manifests=tuple(self.manifests),
            skipped=tuple(self.skipped),
            files=self.files,
        )


class Runs:
    """A tree's runs of files (each (path, blob), in the collector's order): those the cache
    holds, and for the others a builder per run as the collector goes through its files."""

    def __init__(self, files: Sequence[tuple[str, str | None]], store: Store) -> None:
        runs = [
            (start, end, run_key(files[start:end])) for start, end in bounds([p for p, _ in files])
        ]
        stored = store.get_many([run for _, _, run in runs if run is not None])
        self._known: dict[int, tuple[Facts, int]] = {}
        # Where each run the cache does not hold ends, and its key (None: it cannot be kept).
        self._ends: dict[int, tuple[int, str | None]] = {}
        for start, end, run in runs:
            facts = _decoded(run, stored[run]) if run in stored else None
            if facts is not None and facts.files == end - start:
                self._known[start] = (facts, end)
            else:
                self._ends[start] = (end, run)
        self._building: RunBuilder | None = None
        self._building_end = -1
        self._building_key = ""
        self.new: dict[str, Any] = {}  # the runs to keep: key -> entry
        # A resident server's chunks of the runs to build again (the module's docstring).
        self._chunks: dict[int, tuple[Facts, int]] = {}
        self._chunk_ends: dict[int, tuple[int, str]] = {}
        self._chunk: RunBuilder | None = None
        self._chunk_end, self._chunk_key = -1, ""
        if memory.decoded is not None:
            self._find_chunks(files, memory.decoded)

    def _find_chunks(self, files: Sequence[tuple[str, str | None]], kept: memory.Table) -> None:
        for start, (end, run) in self._ends.items():
            if run is None:
                continue  # (a file with no blob: nothing to key its chunk by)
            for first, last in bounds([p for p, _ in files[start:end]], CHUNK_FILES):
                chunk = run_key(files[start + first : start + last])
                assert chunk is not None
                facts: Facts | None = kept.get(chunk)
                if facts is not None and facts.files == last - first:
                    self._chunks[start + first] = (facts, start + last)
                else:
                    self._chunk_ends[start + first] = (start + last, chunk)

    def known_at(self, index: int) -> tuple[Facts, int] | None:
        """The merged facts of the run (or kept chunk) that starts at this file and the
        index after it, when the cache (or the server's memory) holds them. A run merged
        from kept chunks gets no cache entry of its own: the server holds its chunks, and
        building the entry would cost the edit what the chunks saved (a fresh process
        builds it when it next needs it)."""
        found = self._known.get(index)
        if found is None and (found := self._chunks.get(index)) is not None:
            self._building = None
        return found

    def unknown(self) -> Iterator[int]:
        """The indexes of the files in runs the cache does not hold (and in no kept chunk)."""
        for start, (end, _) in self._ends.items():
            index = start
            while index < end:
                chunk = self._chunks.get(index)
                if chunk is not None:
                    index = chunk[1]
                    continue
                yield index
                index += 1

    def add(
        self,
        index: int,
        facts: Sequence[Fact],
        manifest: Manifest | None,
        skipped: Skipped | None,
        keepable: bool,
    ) -> None:
        """What file `index` (in a run the cache does not hold) contributed."""
        self._start_run(index)
        if index in self._chunk_ends:
            self._chunk = RunBuilder()
            self._chunk_end, self._chunk_key = self._chunk_ends[index]
        if self._chunk is not None and index < self._chunk_end:
            self._chunk.add(facts, manifest, skipped, keepable)
            if index + 1 == self._chunk_end:
                done = self._chunk.done()
                if done is not None and memory.decoded is not None:
                    memory.decoded.put(self._chunk_key, done)
                self._chunk = None
        if self._building is None or index >= self._building_end:
            return  # (or a file added after the listed ones: an included file)
        self._building.add(facts, manifest, skipped, keepable)
        self._end_run(index)

    def _start_run(self, index: int) -> None:
        if index in self._ends:
            end, run = self._ends[index]
            # (a run with a file git names no blob for has no key: nothing to build)
            self._building = RunBuilder() if run is not None else None
            self._building_end, self._building_key = end, run or ""

    def _end_run(self, last: int) -> None:
        """The run being built, stored when `last` is its last file."""
        if self._building is not None and last + 1 == self._building_end:
            done = self._building.done()
            if done is not None:
                self.new[self._building_key] = encode_facts(done)
            self._building = None


def _decoded(run: str, raw: Any) -> Facts | None:
    """The run's stored facts decoded; a resident server keeps them decoded (memory.py): a
    run's merged facts are only read after they are decoded, never changed."""
    kept = memory.decoded
    if kept is None:
        return facts_or_none(raw)
    facts: Facts | None = kept.get(run)
    if facts is None:
        facts = facts_or_none(raw)
        if facts is not None:
            kept.put(run, facts)
    return facts
