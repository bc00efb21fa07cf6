"""Run the manifest parsers and code-signal scanners over a discovered tree.

Each file is read at most once, and only when a parser or a scanner wants it; a scanner
with a gate or needles sees the file only if its gate passes the bytes and one of its
needles occurs in them. What a file
contributed is cached by path and content (see cache.py), so an unchanged file is neither
parsed nor, when git already knows its blob id, even read. Every problem with a file
becomes a `Skipped` entry and the scan goes on.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from stackcheck import memory
from stackcheck.cache import Cache, blob_id, key
from stackcheck.facts import (
    INCOMPLETE,
    OUT_OF_TIME,
    Evidence,
    Fact,
    Facts,
    Manifest,
    Merger,
    Skipped,
    manifests,
    signals,
)
from stackcheck.facts.manifests import MalformedManifest
from stackcheck.facts.manifests._docs import is_docs_path
from stackcheck.facts.runs import Runs
from stackcheck.facts.signals.needles import SHORT_BYTES, holds_needle
from stackcheck.facts.stored import (
    MALFORMED,
    encode_facts,
    facts_or_none,
    stored_fact,
    stored_int,
    stored_str,
)
from stackcheck.source.discover import SITE_CONFIGS
from stackcheck.source.listing import RepoFile, RepoFiles
from stackcheck.source.textio import NotText, decode

if TYPE_CHECKING:
    from stackcheck.facts.parallel import TaskShare

MAX_FILE_BYTES = 2 * 1024 * 1024


TIME_BUDGET_SECONDS = 5.0


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = MAX_FILE_BYTES
    time_budget: float = TIME_BUDGET_SECONDS  # per file and collector; 0 disables it
    # The whole scan's budget: a time.monotonic() value after which no file is analysed
    # (None: no limit). An absolute time on the system's monotonic clock, so forked helpers,
    # threads and the caller all read the same deadline.
    deadline: float | None = None
    # Whether a file's result carries its content's blob id: the cache's key, of no use to
    # a scan without one (hashing every file read costs as much as reading a small one).
    content_ids: bool = True

    def expired(self) -> bool:
        return self.deadline is not None and clock() >= self.deadline


clock = time.monotonic  # the one clock deadlines are read on


def deadline_after(seconds: float) -> float | None:
    """The deadline of a budget starting now; 0 or less means no budget."""
    return clock() + seconds if seconds > 0 else None


class OverBudget(Exception):
    """One collector spent longer than the time budget on one file."""


class _OutOfTime(Exception):
    """The scan's deadline came while a file was being analysed."""


def _expire(signum: int, frame: object) -> None:
    raise OverBudget


_alarm_installed = False


@contextmanager
def _alarm() -> Iterator[None]:
    """SIGALRM raises OverBudget for the length of a scan (Unix, main thread only): installed
    once, since installing a handler per file and collector costs more than many scanners."""
    global _alarm_installed
    if _alarm_installed:
        yield
        return
    installed, previous = install_alarm()
    if not installed:
        yield
        return
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _alarm_installed = False


def install_alarm() -> tuple[bool, Any]:
    """Set SIGALRM's handler to raise OverBudget: whether it was set (not without setitimer,
    nor outside the main thread) and the handler it replaced. A helper forked ahead of the
    scan's alarm installs it for the rest of its life."""
    global _alarm_installed
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        return False, None
    previous = signal.signal(signal.SIGALRM, _expire)
    _alarm_installed = True
    return True, previous


@contextmanager
def _budget(limits: Limits) -> Iterator[None]:
    """Interrupt a parser or scanner stuck on one file, after the per-file budget or when the
    scan's deadline comes, whichever is first. Without the alarm (Windows, a thread other
    than the main one, a worker process of a pool that is not ours) one file is never
    interrupted: every parser is linear and the file size is capped, so one file's cost is
    bounded, and the scan's deadline is checked between files."""
    seconds = limits.time_budget
    if limits.deadline is not None:
        left = max(limits.deadline - clock(), 0.001)
        seconds = min(seconds, left) if seconds > 0 else left
    if seconds <= 0 or not _alarm_installed:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


class FileResult(NamedTuple):
    """Everything one file contributed; what the cache stores."""

    facts: tuple[Fact, ...] = ()
    manifest: tuple[str, int] | None = None  # (kind, dependency count)
    skipped: tuple[str, ...] = ()  # reasons
    includes: tuple[str, ...] = ()
    read: bool = False


def _out_of_time() -> Analysed:
    return FileResult(skipped=(OUT_OF_TIME,)), None


class Job(NamedTuple):
    file: RepoFile
    parser: manifests.ParserRef | None
    modules: tuple[str, ...]  # file-scanner modules that may want the file


# Decoded results by (path, blob), for callers that collect many trees with one cache.
Memo = dict[tuple[str, str], FileResult]


def collect(
    repo: RepoFiles,
    limits: Limits = Limits(),
    cache: Cache | None = None,
    also_key: str | None = None,
    memo: Memo | None = None,
    ahead: TaskShare | None = None,
) -> Facts:
    """The facts of a tree. With a cache, they are stored under the tree's own key and under
    `also_key` (a key the caller found for the same tree before listing it). `memo`, used
    only with a cache, holds what the cache holds already decoded: a file many trees share
    is decoded once, not once per tree. `ahead`: helpers forked before the tree was listed
    (ahead.py), handed their tasks or released here."""
    tree = _tree_key(repo, limits) if cache is not None else None
    if cache is None:
        return _collect(repo, replace(limits, content_ids=False), cache, ahead=ahead)[0]
    known = cached_facts(cache, tree) if tree is not None else None
    if known is not None:
        if also_key is not None:
            cache.put_many({also_key: encode_facts(known)})
        if ahead is not None:
            ahead.release()
        return known
    if memo is None:
        memo = memory.results  # a resident server's (memory.py), or None
    facts, as_listed = _collect(repo, limits, cache, memo, ahead)
    keys = [k for k in (tree, also_key) if k is not None]
    if as_listed and keys:
        encoded = encode_facts(facts)  # (once: both keys name the same facts)
        cache.put_many(dict.fromkeys(keys, encoded))
    return facts


def cached_facts(cache: Cache, tree: str) -> Facts | None:
    known = cache.get_many([tree]).get(tree)
    return facts_or_none(known) if known is not None else None


def _tree_key(repo: RepoFiles, limits: Limits) -> str | None:
    """A key for the whole tree when git names every file's content (a clean work tree, a
    revision, the index): the same tree then gives the same facts without a look at any file.
    Hashed a column at a time (paths, blobs, sizes, roles), each joined or packed in one call:
    a line formatted per file took 20 ms of a 27,000-file tree's pre-commit hook."""
    if not repo.files:
        return None
    paths, sizes, documentation, blobs, tests = zip(*repo.files, strict=True)
    if None in blobs:
        return None
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(f"tree\0{limits.max_file_bytes}\0{len(paths)}\0".encode())
    digest.update("\0".join(paths).encode("utf-8", "surrogateescape"))
    digest.update("\0".join(blobs).encode())
    digest.update(array("q", sizes).tobytes())
    digest.update(bytes(documentation) + bytes(tests))
    for skip in repo.skipped:
        digest.update(f"{skip.path}\0{skip.reason}\n".encode("utf-8", "surrogateescape"))
    return key("<tree>", digest.hexdigest())


def _scan_tree(merger: Merger, repo: RepoFiles) -> None:
    kept = memory.layouts  # a resident server's (memory.py), or None
    shape = _shape_key(repo.files) if kept is not None else None
    for scanner in signals.TREE_SCANNERS:
        if kept is None or scanner not in signals.SIZE_BLIND:
            merger.add_all(scanner(repo.files))
            continue
        known = (scanner.__module__, scanner.__qualname__, shape)
        facts = kept.get(known)
        if facts is None:
            facts = tuple(scanner(repo.files))
            kept.put(known, facts)
        merger.add_all(facts)


def _shape_key(files: Sequence[RepoFile]) -> str:
    """A digest of the files' paths and roles: what a SIZE_BLIND scanner's facts depend on
    (the pre-commit hook after an edit lists the same paths with one size changed)."""
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update("\0".join(f.path for f in files).encode("utf-8", "surrogateescape"))
    digest.update(bytes(f.documentation for f in files) + bytes(f.test for f in files))
    return digest.hexdigest()


def _collect(
    repo: RepoFiles,
    limits: Limits,
    cache: Cache | None,
    memo: Memo | None = None,
    ahead: TaskShare | None = None,
) -> tuple[Facts, bool]:
    """The facts, and whether every file read held the content git listed for it."""
    signals.load_always()
    merger = Merger()
    jobs = list(_jobs(repo.files))
    # Runs of files whose merged facts the cache holds are merged whole (runs.py).
    runs = Runs([(j.file.path, j.file.blob) for j in jobs], cache) if cache is not None else None
    unknown = jobs if runs is None else [jobs[i] for i in runs.unknown()]
    cached = _cached_results(unknown, cache, memo)
    fresh: dict[str, Any] = {}
    manifests_read: list[Manifest] = []
    skipped: list[Skipped] = list(repo.skipped)
    files_read = bytes_read = 0
    parsed = {j.file.path for j in jobs if j.parser is not None}
    as_listed = True
    by_path: dict[str, RepoFile] | None = None
    todo = [j for j in unknown if j.file.path not in cached]
    del unknown
    out_of_time = 0
    scan_tree = partial(_scan_tree, merger, repo)  # (the tree's facts are merged first)
    with _alarm(), _in_parallel(repo, todo, limits, scan_tree, ahead) as precomputed:
        index = 0
        while index < len(jobs):  # (the list grows when a file includes another)
            known = runs.known_at(index) if runs is not None else None
            if known is not None:
                run, index = known
                merger.add_all(run.values.values())
                skipped.extend(run.skipped)
                manifests_read.extend(run.manifests)
                continue
            job = jobs[index]
            index += 1
            result = cached.get(job.file.path)
            keepable = True  # whether the result may go into its run's entry
            if result is None:
                done = precomputed(job.file.path)
                result, content_id = done if done is not None else _within(repo, job, limits)
                out_of_time += OUT_OF_TIME in result.skipped
                if cache is not None and content_id is not None:
                    fresh[key(job.file.path, content_id)] = encode(result)
                    if memo is not None:
                        memo[job.file.path, content_id] = result._replace(read=False)
                keepable = content_id == job.file.blob and OUT_OF_TIME not in result.skipped
                as_listed = as_listed and content_id in (None, job.file.blob)
            elif result.read:
                result = result._replace(read=False)  # answered from the cache, not read now
            if result.read:
                files_read += 1
                bytes_read += job.file.size
            merger.add_all(result.facts)
            skip = manifest = None
            if result.skipped:  # one entry per file, its reasons in the order they arose
                skipped.append(skip := Skipped(job.file.path, "; ".join(result.skipped)))
            if result.manifest is not None:
                manifests_read.append(manifest := Manifest(job.file.path, *result.manifest))
            if runs is not None:
                keepable = keepable and not result.includes
                runs.add(index - 1, result.facts, manifest, skip, keepable)
            for include in result.includes:
                if by_path is None:  # (a table of every path only when a file includes one)
                    by_path = {f.path: f for f in repo.files}
                if include not in by_path:
                    skipped.append(Skipped(include, f"included from {job.file.path}, not found"))
                elif include not in parsed:
                    # `-r common.txt`: a file with no parser of its own is read as its
                    # includer is.
                    parsed.add(include)
                    jobs.append(Job(by_path[include], job.parser, ()))
    if cache is not None:
        cache.put_many({**fresh, **(runs.new if runs is not None and not out_of_time else {})})

    merged = merger.merged()
    if out_of_time:
        merged[INCOMPLETE] = _incomplete_fact(out_of_time)
        as_listed = False  # an incomplete scan's facts are never stored for the tree
    if repo.role_attributes:
        merged[ROLE_ATTRIBUTES] = _role_attributes_fact(repo.role_attributes)
    for derive in signals.DERIVATIONS:
        merged.update({f.key: f for f in derive(merged)})
    facts = Facts(
        values=merged,
        manifests=tuple(sorted(manifests_read)),
        skipped=tuple(sorted(set(skipped))),
        files=len(repo.files),
        files_read=files_read,
        bytes_read=bytes_read,
    )
    return facts, as_listed


def _incomplete_fact(files: int) -> Fact:
    detail = f"{files} file{'s' if files != 1 else ''} {OUT_OF_TIME}"
    return Fact(INCOMPLETE, float(files), (Evidence("", None, detail),))


ROLE_ATTRIBUTES = "repo.role_attributes"
_ROLE_DETAIL = "{attr}: {n} file{s}"


def _role_attributes_fact(counts: tuple[tuple[str, int], ...]) -> Fact:
    """The roles the repository's .gitattributes set: one evidence item per attribute."""
    evidence = tuple(
        Evidence(".gitattributes", None, _ROLE_DETAIL.format(attr=a, n=n, s="s" if n != 1 else ""))
        for a, n in counts
    )
    return Fact(ROLE_ATTRIBUTES, float(sum(n for _, n in counts)), evidence)


def role_attributes(facts: Facts) -> tuple[tuple[str, str, str], ...]:
    """(source, attribute, "N files") for each role attribute the facts record, read back
    from the fact _role_attributes_fact wrote (facts may come from the cache)."""
    found = facts.values.get(ROLE_ATTRIBUTES)
    if found is None:
        return ()
    read_back = []
    for e in found.evidence:
        attr, _, files = e.detail.partition(": ")
        read_back.append((e.path, attr, files))
    return tuple(read_back)


# Below this much to analyse, forking helper processes costs more than it saves.
PARALLEL_MIN_FILES = 2000
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
# Jobs per task a process claims: small enough that results stream back while the
# collector merges them (memory stays flat), large enough that the hand-over is cheap.
CHUNK = 64
# A file this large may take a process a while (a lock file's YAML, a long module): each is a
# task of its own, handed out first, so no core is left with one at the end while the
# others wait (jobs are in path order, and `yarn.lock` sorts last).
HEAVY_BYTES = 128 * 1024
# How long after the scan's deadline a helper may take to send what it has: its files are
# interrupted at the deadline, so one still silent then is stuck (in a C extension) and is
# stopped; what it left is listed as not analysed.
HELPER_GRACE = 2.0
# What every task needs, inherited at the fork: the tree's reader and the limits.
_WORK: tuple[RepoFiles, Limits] | None = None

Analysed = tuple[FileResult, "str | None"]


@contextmanager
def _in_parallel(
    repo: RepoFiles,
    jobs: list[Job],
    limits: Limits,
    scan_tree: Callable[[], None],
    ahead: TaskShare | None = None,
) -> Iterator[Callable[[str], Analysed | None]]:
    """Analyse many files on every core: this process and one helper per further core take
    the jobs task by task (parallel.py), and the caller merges the results in job order.
    The helpers are forked here, or were forked `ahead` of the listing (ahead.py).
    Yields a lookup that gives the result of the next job by path, or None where the caller
    analyses the file itself (few files, one core, no fork, or a job not handed out).
    `scan_tree`, the caller's walk of every file's record, runs before yielding: while
    helpers forked ahead work (they share none of the listing's pages), otherwise before
    any fork (a helper forked then would have each page the walk touches copied)."""
    small = len(jobs) < PARALLEL_MIN_FILES and sum(j.file.size for j in jobs) < PARALLEL_MIN_BYTES
    helpers = 0 if small else helper_count()
    give_up_at = limits.deadline + HELPER_GRACE if limits.deadline is not None else None
    if ahead is not None:
        from stackcheck.facts.ahead import hand_over

        tasks = list(_tasks(jobs)) if helpers else []
        if tasks:
            # glibc keeps freed pages: what the listing freed is given back before the
            # message is built, and the message's megabytes once it is sent.
            return_freed_memory()
            if hand_over(ahead, repo, tasks, _analyse_jobs, limits, give_up_at):
                return_freed_memory()
                scan_tree()
                with _work_of(repo, limits):
                    yield _taken_in_order(ahead, jobs)
                return
        ahead.release()
    scan_tree()
    if not helpers:
        yield lambda path: None
        return
    from stackcheck.facts.parallel import TaskShare

    try:
        share = TaskShare(list(_tasks(jobs)), _analyse_jobs, helpers, give_up_at)
    except (OSError, ImportError):  # no shared lock here (a container without /dev/shm)
        yield lambda path: None
        return
    with _work_of(repo, limits):
        return_freed_memory()
        with share:
            yield _taken_in_order(share, jobs)


def helper_count() -> int:
    """How many helper processes a large tree's analysis forks: one per further core (at
    most 8 cores), none where this process may not fork."""
    cores = min(os.cpu_count() or 1, 8)
    return cores - 1 if cores >= 2 and _can_fork() else 0


@contextmanager
def _work_of(repo: RepoFiles, limits: Limits) -> Iterator[None]:
    """What every task this process does needs: the tree's reader and the limits (and,
    for helpers forked here, inherited at the fork)."""
    global _WORK
    _WORK = (repo, limits)
    try:
        yield
    finally:
        _WORK = None


def _taken_in_order(share: TaskShare, jobs: list[Job]) -> Callable[[str], Analysed | None]:
    pending = (item for _, chunk in share.results() for item in chunk)
    turn = 0  # the caller asks for the jobs handed out in their order
    early: dict[str, Analysed] = {}  # results that came before their turn

    def take(path: str) -> Analysed | None:
        nonlocal turn
        if turn == len(jobs) or jobs[turn].file.path != path:
            return None  # a job added since (an included file)
        turn += 1
        while path not in early:
            done_path, result, content_id = next(pending)
            early[done_path] = (result, content_id)
        return early.pop(path)

    return take


def return_freed_memory() -> None:
    """Give the C heap's free pages back to the system before forking (glibc's malloc_trim,
    as Dask's workers do): git's listings of a large tree (megabytes of output, read whole)
    are freed by now, but glibc keeps the pages, which every helper would then share and
    copy as it allocates into them. Elsewhere (musl, macOS, Windows) nothing is done."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):
        return
    trim(0)


def _tasks(jobs: list[Job]) -> Iterator[list[Job]]:
    """The jobs as tasks are claimed: the heavy files first, largest first and one per
    task, then the rest in path order (so results mostly arrive in the order the collector
    merges them), CHUNK at a time."""
    heavy = sorted(
        (j for j in jobs if j.file.size >= HEAVY_BYTES), key=lambda j: j.file.size, reverse=True
    )
    for job in heavy:
        yield [job]
    rest = [j for j in jobs if j.file.size < HEAVY_BYTES]
    for start in range(0, len(rest), CHUNK):
        yield rest[start : start + CHUNK]


def _can_fork() -> bool:
    import multiprocessing  # only for trees large enough to need it

    # A process some pool started (a fleet worker, a Dask worker) shares the cores with its
    # siblings already, and may be daemonic, which cannot have children: analyse in-process.
    if multiprocessing.parent_process() is not None:
        return False
    return "fork" in multiprocessing.get_all_start_methods()


def _analyse_jobs(jobs: list[Job]) -> list[tuple[str, FileResult, str | None]]:
    assert _WORK is not None
    return analyse_in_helper(*_WORK, jobs)


def analyse_in_helper(
    repo: RepoFiles, limits: Limits, jobs: list[Job]
) -> list[tuple[str, FileResult, str | None]]:
    """One task's results, as a helper sends them (and this process, doing one itself)."""
    done = [(job.file.path, *_within(repo, job, limits)) for job in jobs]
    if any(job.file.size >= HEAVY_BYTES for job in jobs):
        # A heavy file's parse (a lock file's YAML: megabytes of nodes) is freed by now;
        # glibc would keep the pages for the rest of the process's life.
        return_freed_memory()
    return done


def _jobs(files: Sequence[RepoFile]) -> Iterator[Job]:
    for file in files:
        if not file.product:
            # Docs and tests describe the product; they are not it. A documentation site's
            # config is read by its parser alone, for what it says of the repository.
            if _documentation_site_config(file):
                parser = manifests.parser_ref(file.path)
                if parser is not None:
                    yield Job(file, parser, ())
            continue
        parser = manifests.parser_ref(file.path)
        modules = signals.modules_for(file.path)
        if parser is not None or modules:
            yield Job(file, parser, modules)


# VuePress and VitePress keep their config in a dot-folder of the docs (`docs/.vuepress/
# config.js`), under a name too common to know it by.
DOT_SITE_FOLDERS = (".vuepress", ".vitepress")


def _documentation_site_config(file: RepoFile) -> bool:
    """The generator config that made its folder a documentation site (`website/` with a
    docusaurus.config.js, `docs/.vuepress/config.js`): read, with the `.docs` key a docs
    folder's config gets, so a repository that is nothing but its documentation site is
    known as one."""
    if not file.documentation:
        return False
    folder, _, name = file.path.rpartition("/")
    in_dot_folder = folder.rpartition("/")[2] in DOT_SITE_FOLDERS and name.startswith("config.")
    return (name in SITE_CONFIGS or in_dot_folder) and is_docs_path(file.path)


def _cached_results(
    jobs: Sequence[Job], cache: Cache | None, memo: Memo | None = None
) -> dict[str, FileResult]:
    """Results for files whose blob id is known without reading them."""
    if cache is None:
        return {}
    memo = {} if memo is None else memo
    results = {}
    keys = {}
    for job in jobs:
        path, blob = job.file.path, job.file.blob
        if blob and (path, blob) in memo:
            results[path] = memo[path, blob]
        elif blob:
            keys[key(path, blob)] = (path, blob)
    for cache_key, raw in cache.get_many(keys).items():
        try:
            result = decode_result(raw)
        except MALFORMED:
            continue  # an entry of another shape is a miss
        results[keys[cache_key][0]] = memo[keys[cache_key]] = result._replace(read=False)
    return results


# A large JavaScript or CSS file whose lines average this long is minified or bundled build
# output (as linguist's generated.rb judges it): generated, so no code signal reads it.
MINIFIED_ENDINGS = (".js", ".mjs", ".cjs", ".css")
MINIFIED_MIN_BYTES = 20_000
MINIFIED_LINE_BYTES = 500


def minified(path: str, data: bytes) -> bool:
    return (
        path.lower().endswith(MINIFIED_ENDINGS)
        and len(data) >= MINIFIED_MIN_BYTES
        and len(data) > MINIFIED_LINE_BYTES * (data.count(b"\n") + 1)
    )


def _within(repo: RepoFiles, job: Job, limits: Limits) -> Analysed:
    """_analyse, unless the scan's deadline has come before or during it: then the file is
    listed as not analysed, with nothing half-done kept or cached."""
    if limits.expired():
        return _out_of_time()
    try:
        return _analyse(repo, job, limits)
    except _OutOfTime:
        return _out_of_time()


def scanners_wanting(modules: tuple[str, ...], path: str, data: bytes) -> list[signals.FileScanner]:
    """The file scanners of these modules that want this file: its path, then its content
    (gate and needles; each a test any of them may fail, so the cheaper goes first)."""
    # A short file's needles are one search (holds_needle), cheaper than a gate's passes,
    # and most short files hold none; a long file's gate spares it the needles' passes.
    short = len(data) < SHORT_BYTES
    first, then = (_needles_hold, _gate_opens) if short else (_gate_opens, _needles_hold)
    return [
        s
        for s in signals.candidates(modules, signals.ending_of(path))
        if s.wants(path) and first(s, data) and then(s, data)
    ]


def _needles_hold(scanner: signals.FileScanner, data: bytes) -> bool:
    return not scanner.needles or holds_needle(scanner.needles, data)


def _gate_opens(scanner: signals.FileScanner, data: bytes) -> bool:
    return scanner.gate is None or scanner.gate(data)


def _analyse(repo: RepoFiles, job: Job, limits: Limits) -> tuple[FileResult, str | None]:
    """Read, decode, parse and scan one file; the content id is None when nothing was read
    (or the limits ask for none)."""
    path = job.file.path
    if job.file.size > limits.max_file_bytes:
        return FileResult(skipped=(f"larger than {limits.max_file_bytes} bytes",)), None
    try:
        data = repo.read(path, limits.max_file_bytes)
    except FileNotFoundError:
        return FileResult(skipped=("deleted while scanning",)), None
    except OSError as exc:
        return FileResult(skipped=(f"unreadable: {exc.strerror or exc}",)), None
    if len(data) > limits.max_file_bytes:
        return FileResult(skipped=(f"larger than {limits.max_file_bytes} bytes",)), None
    # The key is what was read, not what git listed: a file changed in between must not
    # store its new facts under the old content's id.
    content_id = blob_id(data) if limits.content_ids else None
    scanners = scanners_wanting(job.modules, path, data)
    if job.parser is None and (not scanners or minified(path, data)):
        return FileResult(read=True), content_id
    try:
        text = decode(data)
    except NotText as exc:
        return FileResult(skipped=(str(exc),), read=True), content_id
    facts: list[Fact] = []
    reasons: list[str] = []
    manifest = None
    includes: tuple[str, ...] = ()
    if job.parser is not None:
        parsed = _parse(job.parser, path, text, reasons, limits)
        if parsed is not None:
            facts.extend(parsed.facts)
            manifest = (parsed.kind, parsed.dependencies)
            includes = parsed.includes
    for scanner in scanners:
        facts.extend(_scan(scanner, path, text, reasons, limits))
    return FileResult(tuple(facts), manifest, tuple(reasons), includes, True), content_id


def _parse(
    parser: manifests.ParserRef, path: str, text: str, reasons: list[str], limits: Limits
) -> manifests.Parsed | None:
    function = parser.load()
    try:
        with _budget(limits):
            return function(path, text)
    except OverBudget:
        _raise_if_out_of_time(limits)
        reasons.append(f"took longer than {limits.time_budget:g} s to parse")
    except MalformedManifest as exc:
        reasons.append(f"malformed: {exc}")
        ours = conflict_side(text)
        if ours is not None:
            # A merge conflict committed unresolved: the side the branch had (`<<<<<<< HEAD`)
            # is a whole manifest, the project's as it stood before the merge.
            parsed = _parse(parser, path, ours, [], limits)
            if parsed is not None:
                reasons[-1] += "; read the first side of its unresolved merge conflict"
                return parsed
    except RecursionError:
        reasons.append("malformed: nested too deeply")
    except MemoryError:
        reasons.append("malformed: too large to parse")
    except Exception as exc:  # a parser bug must not cost the user the whole scan
        reasons.append(f"parser error ({type(exc).__name__}: {exc}); please report")
    return None


_CONFLICT_START, _CONFLICT_BASE, _CONFLICT_SPLIT, _CONFLICT_END = (
    "<<<<<<<",
    "|||||||",
    "=======",
    ">>>>>>>",
)


def conflict_side(text: str) -> str | None:
    """The text with each merge conflict replaced by its first side (what `<<<<<<<` opens,
    up to `|||||||` or `=======`), or None when it holds no whole conflict."""
    if _CONFLICT_START not in text:
        return None
    kept: list[str] = []
    state = "outside"  # -> "ours" -> ("base") -> "theirs" -> "outside"
    conflicts = 0
    for line in text.splitlines(keepends=True):
        marker = line[:7]
        if state == "outside" and marker == _CONFLICT_START:
            state = "ours"
        elif state == "ours" and marker in (_CONFLICT_BASE, _CONFLICT_SPLIT):
            state = "base" if marker == _CONFLICT_BASE else "theirs"
        elif state == "base" and marker == _CONFLICT_SPLIT:
            state = "theirs"
        elif state == "theirs" and marker == _CONFLICT_END:
            state, conflicts = "outside", conflicts + 1
        elif state in ("outside", "ours"):
            kept.append(line)
    return "".join(kept) if conflicts and state == "outside" else None


def _scan(
    scanner: signals.FileScanner, path: str, text: str, reasons: list[str], limits: Limits
) -> list[Fact]:
    try:
        with _budget(limits):
            return list(scanner.scan(path, text))
    except OverBudget:
        _raise_if_out_of_time(limits)
        reasons.append(f"{scanner.name}: took longer than {limits.time_budget:g} s to analyse")
    except signals.NotAnalysable as exc:
        reasons.append(f"{scanner.name}: {exc}")
    except (RecursionError, MemoryError):
        reasons.append(f"{scanner.name}: too deeply nested to analyse")
    except Exception as exc:  # a scanner bug must not cost the user the whole scan
        reasons.append(f"{scanner.name} error ({type(exc).__name__}: {exc}); please report")
    return []


def _raise_if_out_of_time(limits: Limits) -> None:
    """An interrupt that came from the scan's deadline, not the file's own budget."""
    if limits.expired():
        raise _OutOfTime


def encode(result: FileResult) -> dict[str, Any]:
    return {
        "f": [[f.key, f.value, [list(e) for e in f.evidence]] for f in result.facts],
        "m": list(result.manifest) if result.manifest else None,
        "s": list(result.skipped),
        "i": list(result.includes),
        "r": result.read,
    }


def decode_result(raw: dict[str, Any]) -> FileResult:
    return FileResult(
        facts=tuple(stored_fact(item) for item in raw["f"]),
        manifest=(stored_str(raw["m"][0]), stored_int(raw["m"][1])) if raw["m"] else None,
        skipped=tuple(stored_str(reason) for reason in raw["s"]),
        includes=tuple(stored_str(path) for path in raw["i"]),
        read=bool(raw["r"]),
    )
