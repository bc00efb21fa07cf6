"""Helpers forked before a very large work tree is listed, and the tasks sent to them.

A helper forked after the listing shares every page of it with the caller, and each page
the caller touches afterwards (every file's record, as it merges the results in job
order) is then held twice: tens of megabytes on a 200,000-file tree. Forked ahead, a
helper holds only what the caller held before listing, and is sent its tasks as one
message: the work tree's root, the limits, and each job's path, size, parser and scanner
modules, packed (each task's paths joined and compressed, numbers in arrays) and decoded
one task at a time as the helper claims it. Nothing in the message is run: it names files
to read and, by index into tables the message carries, which of stackcheck's own parsers
and scanners to run.

Only a work tree's files are read this way (a helper opens them as the caller would,
`source.worktree.WorktreeReader`); another source, or a tree small enough for the caller
alone, releases the helpers unused.
"""

from __future__ import annotations

import json
import os
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stackcheck.facts import manifests
from stackcheck.source.listing import RepoFile, RepoFiles
from stackcheck.source.worktree import WorktreeReader

if TYPE_CHECKING:
    from stackcheck.facts.collect import Job, Limits
    from stackcheck.facts.parallel import Part, TaskShare


@contextmanager
def helpers_ahead(root: Path) -> Iterator[TaskShare | None]:
    """Helpers forked now, for the collector to hand tasks to (collect's `ahead`), when the
    work tree at root has a large index (gitstate.LARGE_INDEX_BYTES: the size at which git's
    own listings are no longer run all at once) and this machine has cores to spare; None
    otherwise. None of them outlives the block."""
    from stackcheck.facts.collect import helper_count
    from stackcheck.source import gitstate

    large = gitstate.large_index(gitstate.index_bytes(root.resolve()))
    helpers = helper_count() if large else 0
    if not helpers:
        yield None
        return
    from stackcheck.facts.parallel import TaskShare

    try:
        share = TaskShare.ahead(_prepare, helpers)
    except (OSError, ImportError):  # no shared lock here (a container without /dev/shm)
        yield None
        return
    with share:
        yield share


def hand_over(
    share: TaskShare,
    repo: RepoFiles,
    tasks: list[list[Job]],
    work: Callable[[Any], Any],
    limits: Limits,
    give_up_at: float | None,
) -> bool:
    """Send the helpers their tasks; False (and the helpers released) when they cannot
    read this tree's files as the caller does."""
    if not isinstance(repo.read, WorktreeReader):
        share.release()
        return False
    share.hand_over(encode(repo.read.root, limits, tasks), tasks, work, give_up_at)
    return True


def encode(root: Path, limits: Limits, tasks: Sequence[Sequence[Job]]) -> list[Part]:
    """The message a helper's `_prepare` reads, in parts: a JSON head (padded to a multiple
    of 8 bytes), then one number per job in each of three arrays, widest first so each
    starts aligned and the helper reads them in place (its size, 8 bytes; its scanner
    modules' index in the head's table, 4 bytes; its parser's, 2 bytes), then each task's
    paths, joined with NUL (no path holds one) and compressed: paths in path order repeat
    their folders, and zlib's fastest level takes them to a fraction of their size in less
    time than any coding of them in Python."""
    import zlib

    parsers: dict[manifests.ParserRef, int] = {}
    module_sets: dict[tuple[str, ...], int] = {}
    # (arrays, not lists: a list's numbers would be objects left behind in the heap)
    sizes, modules_of, parser_of = array("q"), array("i"), array("h")
    paths = bytearray()
    bounds = [0]
    offsets = [0]  # where each task's compressed paths begin
    for task in tasks:
        # (each column a task at a time: a list of some 64 numbers, freed at once)
        sizes.extend([job.file.size for job in task])
        modules_of.extend([module_sets.setdefault(job.modules, len(module_sets)) for job in task])
        parser_of.extend([_index_of(job.parser, parsers) for job in task])
        joined = "\0".join([job.file.path for job in task])
        paths += zlib.compress(joined.encode("utf-8", "surrogatepass"), 1)  # (any str)
        bounds.append(len(sizes))
        offsets.append(len(paths))
    head = json.dumps(
        {
            "root": os.fsencode(root).decode("latin-1"),
            "limits": [
                limits.max_file_bytes,
                limits.time_budget,
                limits.deadline,
                limits.content_ids,
            ],
            "parsers": [list(p) for p in parsers],
            "modules": [list(m) for m in module_sets],
            "tasks": bounds,
            "offsets": offsets,
        }
    ).encode()
    head += b" " * (-len(head) % 8)
    return [array("q", [len(head)]), head, sizes, modules_of, parser_of, paths]


def _index_of(parser: manifests.ParserRef | None, table: dict[manifests.ParserRef, int]) -> int:
    return -1 if parser is None else table.setdefault(parser, len(table))


class SentTasks(Sequence[list[Any]]):
    """The tasks of a message, each decoded when asked for (the helper holds the packed
    message, read in place, not a record per file)."""

    def __init__(self, message: bytearray) -> None:
        from stackcheck.facts.collect import Limits

        view = memoryview(message)
        (head_size,) = view[:8].cast("q")
        head = json.loads(message[8 : 8 + head_size])
        self.root = Path(os.fsdecode(head["root"].encode("latin-1")))
        max_file_bytes, time_budget, deadline, content_ids = head["limits"]
        self.limits = Limits(max_file_bytes, time_budget, deadline, content_ids)
        self._parsers = [manifests.ParserRef(*p) for p in head["parsers"]]
        self._modules = [tuple(m) for m in head["modules"]]
        self._bounds: list[int] = head["tasks"]
        self._offsets: list[int] = head["offsets"]
        jobs = self._bounds[-1]
        at = 8 + head_size
        arrays = []
        for code in ("q", "i", "h"):
            width = array(code).itemsize
            arrays.append(view[at : at + width * jobs].cast(code))
            at += width * jobs
        self._sizes, self._modules_of, self._parser_of = arrays
        self._paths = view[at:]

    def __len__(self) -> int:
        return len(self._bounds) - 1

    def __getitem__(self, index: Any) -> Any:
        from stackcheck.facts.collect import Job

        if not isinstance(index, int):
            raise TypeError("one task at a time")
        import zlib

        first, last = self._bounds[index], self._bounds[index + 1]
        if first == last:
            return []
        start, end = self._offsets[index], self._offsets[index + 1]
        joined = zlib.decompress(self._paths[start:end]).decode("utf-8", "surrogatepass")
        jobs = []
        for j, path in enumerate(joined.split("\0"), first):
            parser = self._parsers[self._parser_of[j]] if self._parser_of[j] >= 0 else None
            file = RepoFile(path, self._sizes[j])
            jobs.append(Job(file, parser, self._modules[self._modules_of[j]]))
        return jobs


def _prepare(message: bytearray) -> tuple[Sequence[Any], Callable[[Any], Any]]:
    """In a helper forked ahead: its tasks and the work on each, from the caller's message."""
    from stackcheck.facts.collect import analyse_in_helper, install_alarm

    tasks = SentTasks(message)
    install_alarm()
    repo = RepoFiles(tasks.root, None, (), (), 0, WorktreeReader(tasks.root), is_git=True)
    limits = tasks.limits
    return tasks, lambda jobs: analyse_in_helper(repo, limits, jobs)
