"""One repository of a fleet: fetch it if it is a clone URL, scan it, and give its result line.

`run_task` is the function every executor runs, in a process-pool worker or on a Dask
worker, so it works where it cannot fork (a Dask worker is daemonic: the scan analyses its
files in-process there, facts/collect.py) and off the main thread (Dask runs tasks in
threads). It never raises: whatever goes wrong with one repository becomes an error object
in its line, and the fleet goes on. Before scanning, it tells whether a result the results
file already holds is still this source's: same commit (or the same work-tree state), same
stackcheck, rules and settings; then it answers "unchanged" and nothing is scanned.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from stackcheck.fleet.sources import Source

if TYPE_CHECKING:
    from stackcheck.config import Settings
    from stackcheck.judge.rules import Rule
    from stackcheck.report import Report

SCHEMA = "stackcheck.fleet/1"
POLICIES = ("avoid", "warning")  # the --fail-on levels a result can fail ("never" fails none)
MAX_MESSAGE = 300


@dataclass(frozen=True)
class ScanOptions:
    """The person's choices for every scan of the fleet (as `stackcheck scan` takes them)."""

    config_file: str | None = None
    isolated: bool = False
    overrides: tuple[tuple[str, Any], ...] = ()  # Settings.with_options keywords
    cache_dir: str | None = None  # the content cache and the clone cache live here
    retry_failed: bool = False


class Known(NamedTuple):
    """What identifies a result already written for a source."""

    commit: str | None
    state: str | None
    version: str
    rules: str
    settings: str
    failed: bool


class Task(NamedTuple):
    source: Source
    options: ScanOptions
    known: tuple[Known, ...] = ()
    attempt: int = 1


class Identity(NamedTuple):
    commit: str | None  # the commit scanned (None: a plain folder, or not known)
    state: str | None  # a work tree's snapshot key, when git pins it down


def run_task(task: Task) -> dict[str, Any]:
    """The task's outcome: {"status": "unchanged"}, or {"status": "done", "line": {...}}
    with a result line or an error line. Never raises."""
    _own_process_group()
    started = time.perf_counter()
    source = task.source
    base: dict[str, Any] = line_start(task)
    try:
        settings = settings_for_source(source, task.options)
        rules = _rules(settings)
        base.update(
            version=_version(), rules=rules_digest(rules), settings=settings_digest(settings)
        )
        if _failed_before(task, base):
            return {"status": "unchanged"}
        identity = _identity(source, settings, bool(task.known))
        base.update(commit=identity.commit, state=identity.state)
        if _unchanged(task, identity, base):
            return {"status": "unchanged"}
        fetch_seconds = 0.0
        target, rev = Path(source.location), identity.commit if _by_revision(source) else None
        if source.kind == "url":
            from stackcheck.fleet.clone import clone_root, fetch

            fetched = fetch(source, clone_root(_path(task.options.cache_dir)))
            fetch_seconds = time.perf_counter() - started
            target, rev = fetched.path, fetched.commit
            base.update(commit=fetched.commit)
        report = _scan(target, settings, rev, rules)
        line = {**base, **result_fields(report, settings)}
        line["seconds"] = _seconds(fetch_seconds, report.seconds, started)
    except Exception as exc:  # one repository's failure is its line, never the fleet's end
        line = {**base, "error": error_object(exc), "seconds": _seconds(0, 0, started)}
    line["finished"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"status": "done", "line": line}


def run_batch(tasks: tuple[Task, ...], timeout: float | None) -> dict[str, Any]:
    """Several repositories in one executor task, one after another, each within its own
    `timeout`: {"outcomes": [...], "stuck": address or None}, an outcome per task in order.

    A Dask task costs several scheduler messages (and a share of the driver's cores on a
    LocalCluster), which weigh against a small repository's 50 to 100 ms scan; a batch pays
    them once for all its repositories. Each repository runs in a thread of its own, so the
    loop can stop waiting for it at its deadline: it then gets a timeout line, the rest of
    the batch is not run (the outcomes stop there, and the driver hands those tasks out
    again), and "stuck" names this worker, which must be ended (a thread cannot be stopped;
    ending the process ends it, and the git it started)."""
    import threading

    _own_process_group()
    outcomes: list[dict[str, Any]] = []
    for task in tasks:
        if timeout is None:
            outcomes.append(run_task(task))
            continue
        found: list[dict[str, Any]] = []
        scan = threading.Thread(
            target=lambda task=task, found=found: found.append(run_task(task)),
            name=f"stackcheck-scan {task.source.id}",
            daemon=True,
        )
        scan.start()
        scan.join(timeout)
        if not found:
            message = f"no result after {timeout:g} s; its worker was stopped"
            outcomes.append({"status": "done", "line": failure_line(task, "timeout", message)})
            return {"outcomes": outcomes, "stuck": _dask_worker_address()}
        outcomes.append(found[0])
    return {"outcomes": outcomes, "stuck": None}


def _dask_worker_address() -> str | None:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):  # not on a Dask worker
        return None


def failure_line(task: Task, kind: str, message: str) -> dict[str, Any]:
    """A failure the task could not report itself (it hung, or its worker died)."""
    line = line_start(task)
    line["error"] = {"kind": kind, "message": one_line(message), "transient": False}
    line["finished"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return line


def line_start(task: Task) -> dict[str, Any]:
    source = task.source
    return {
        "schema": SCHEMA,
        "source": source.location,
        "rev": source.rev,
        "type": source.kind,
        "commit": None,
        "state": None,
        "version": _version(),
        "rules": None,
        "settings": None,
        "verdict": None,
        "kind": None,
        "cases": [],
        "use_cases": [],
        "warnings": [],
        "stack": None,
        "fails_on": [],
        "repo_fail_on": None,
        "files": None,
        "attempts": task.attempt,
        "error": None,
    }


def _by_revision(source: Source) -> bool:
    """Whether the source is scanned from git objects (a bare repository, an @rev) rather
    than from files on disk (a work tree, a plain folder)."""
    return source.kind == "bare" or (source.kind == "worktree" and source.rev is not None)


def settings_for_source(source: Source, options: ScanOptions) -> Settings:
    """The settings `stackcheck scan` would use for this source. A clone has no work tree,
    so its own config file is not read (as with `stackcheck scan --rev` on a bare repository),
    and nothing above the clone cache is taken for it."""
    from stackcheck.commands.options import settings_for

    if source.kind == "url":
        from stackcheck.fleet.clone import clone_path, clone_root

        start, isolated = clone_path(clone_root(_path(options.cache_dir)), source), True
    else:
        start, isolated = Path(source.location), options.isolated
    config = Path(options.config_file) if options.config_file else None
    settings = settings_for(start, config, isolated)
    return settings.with_options(**dict(options.overrides))


def _identity(source: Source, settings: Settings, needed: bool) -> Identity:
    """The commit and work-tree state this source has now. A clone URL is asked with
    `git ls-remote` only when a result may be reused (`needed`); the fetch tells it anyway."""
    if source.kind == "url":
        if not needed:
            return Identity(None, None)
        from stackcheck.fleet.clone import remote_commit

        return Identity(remote_commit(source), None)
    if source.kind == "folder":
        return Identity(None, None)
    from stackcheck.source.git import locate, resolve_commit

    path = Path(source.location)
    if _by_revision(source):
        return Identity(resolve_commit(locate(path), source.rev or "HEAD"), None)
    from stackcheck.pipeline import worktree_key

    return Identity(_head(path), worktree_key(path, settings))


def _head(worktree: Path) -> str | None:
    """The work tree's HEAD commit (one hardened git command); None with no commit yet, or
    a .git that is not this tree's own (the scan then reads it as a plain folder)."""
    import subprocess

    from stackcheck.source.git import run_git
    from stackcheck.source.gitstate import foreign_git_dir
    from stackcheck.source.safegit import GitUnavailable

    if foreign_git_dir(worktree.resolve()) is not None:
        return None
    try:
        out = run_git(worktree, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except (subprocess.CalledProcessError, GitUnavailable):
        return None
    return out.decode().strip() or None


def _same_scan(known: Known, line: dict[str, Any]) -> bool:
    return (known.version, known.rules, known.settings) == (
        line["version"],
        line["rules"],
        line["settings"],
    )


def _failed_before(task: Task, line: dict[str, Any]) -> bool:
    """Whether the source failed before at no known commit (say, its fetch): recorded once,
    and tried again only with --retry-failed; nothing is asked of the network to tell."""
    return not task.options.retry_failed and any(
        k.failed and k.commit is None and _same_scan(k, line) for k in task.known
    )


def _unchanged(task: Task, identity: Identity, line: dict[str, Any]) -> bool:
    """Whether a result already written still answers for this source. A failure is tried
    again only with --retry-failed, or when the source has moved to another commit."""
    for known in task.known:
        if not _same_scan(known, line):
            continue
        if known.failed:
            if not task.options.retry_failed and known.commit in (None, identity.commit):
                return True
            continue
        pinned = identity.commit is not None and (
            identity.state is not None or task.source.kind != "worktree"
        )
        if pinned and (known.commit, known.state) == identity:
            return True
    return False


def _scan(target: Path, settings: Settings, rev: str | None, rules: tuple[Rule, ...]) -> Report:
    from stackcheck.pipeline import scan

    return scan(target, settings, rev=rev, rules=rules)


def result_fields(report: Report, settings: Settings) -> dict[str, Any]:
    """The verdict part of a result line: verdict, tripped cases, use cases, kind and stack
    summary, and the --fail-on levels this result fails."""
    from stackcheck.pipeline import fails
    from stackcheck.report import stack_dict
    from stackcheck.report.formats.safe import encodable, safe_report

    report = safe_report(report, encodable)
    verdict = report.verdict
    stack = stack_dict(report)
    return {
        "verdict": verdict.verdict,
        "kind": stack["kind"],
        "cases": [_finding(f) for f in verdict.avoid],
        "use_cases": [_finding(f) for f in verdict.use_cases],
        "warnings": sorted({f.rule.id for f in (*verdict.warnings, *verdict.low_confidence_avoid)}),
        "stack": {
            "languages": [
                {"name": x["name"], "share": round(x["share"], 3)} for x in stack["languages"]
            ],
            "frameworks": [
                {"name": x["name"], "version": x["version"]} for x in stack["frameworks"]
            ],
            "datastores": [x["name"] for x in stack["datastores"]],
            "deploy": [x["name"] for x in stack["deploy"]],
        },
        "fails_on": [level for level in POLICIES if fails(report, level)],
        "repo_fail_on": settings.repository.fail_on if settings.repository else None,
        "files": report.facts.files,
    }


def _finding(finding: Any) -> dict[str, Any]:
    return {
        "id": finding.rule.id,
        "slug": finding.rule.slug,
        "confidence": round(finding.confidence, 3),
    }


def error_object(exc: BaseException) -> dict[str, Any]:
    """What went wrong, as the results file keeps it: the kind, one line, and whether a
    later attempt may succeed."""
    from stackcheck.errors import StackcheckError
    from stackcheck.fleet.clone import FetchFailed
    from stackcheck.fleet.sources import redact

    if isinstance(exc, FetchFailed):
        kind, text, transient = "fetch", str(exc), exc.transient
    elif isinstance(exc, StackcheckError):
        kind, text, transient = "scan", str(exc), False
    else:
        kind, text, transient = "crash", f"{type(exc).__name__}: {exc}", False
    return {"kind": kind, "message": one_line(redact(text)), "transient": transient}


def one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _seconds(fetch: float, scan: float, started: float) -> dict[str, float]:
    return {
        "fetch": round(fetch, 3),
        "scan": round(scan, 3),
        "total": round(time.perf_counter() - started, 3),
    }


# --- digests: what makes a result reusable ---------------------------------------------------

# The settings that change a result (not where caches live, nor the output format; the
# policy is applied by the driver to each line's fails_on, so it is not here either).
RESULT_SETTINGS = (
    "select",
    "ignore",
    "extend_select",
    "suppressions",
    "exclude",
    "include_vendored",
    "min_confidence",
    "max_file_bytes",
    "severity",
    "recurse_submodules",
    "timeout",  # the scan's own budget: a scan it cuts short is incomplete
)


def settings_digest(settings: Settings) -> str:
    """A digest of the person's own settings that change a result (the repository's own
    config is part of its tree, and so of its commit or work-tree state)."""
    own = settings.repository.own if settings.repository is not None else settings
    data = {name: getattr(own, name) for name in RESULT_SETTINGS}
    return _digest(json.dumps(data, sort_keys=True, default=list))


def rules_digest(rules: tuple[Rule, ...]) -> str:
    return _RULE_DIGESTS.setdefault(id(rules), _rules_digest(rules))


def _rules_digest(rules: tuple[Rule, ...]) -> str:
    from stackcheck.judge.rule_cache import encode_rule

    # A rule's file path is where it is installed, not what it says: left out, so machines
    # with stackcheck in different places agree.
    encoded = [{k: v for k, v in encode_rule(r).items() if k != "source"} for r in rules]
    return _digest(json.dumps(encoded, sort_keys=True))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


_RULES: dict[tuple[Any, ...], tuple[Rule, ...]] = {}
_RULE_DIGESTS: dict[int, str] = {}


def _rules(settings: Settings) -> tuple[Rule, ...]:
    """The rules, loaded once per worker process for each set of rule folders."""
    from stackcheck.pipeline import rules_for

    key = (settings.rules_dirs, settings.cache_folder())
    if key not in _RULES:
        _RULES[key] = rules_for(settings)
    return _RULES[key]


def _version() -> str:
    from stackcheck import __version__

    return __version__


def _path(text: str | None) -> Path | None:
    return Path(text) if text else None


# --- the worker process -----------------------------------------------------------------------


def prepare_pool_worker() -> None:
    """Each process-pool worker leads its own process group, so ending it on a timeout ends
    the git it started too; on Linux it also ends with the process that started it, so a
    killed fleet leaves no worker behind."""
    os.setpgid(0, 0)
    _die_with_parent()


def _own_process_group() -> None:
    """On a Dask worker (a process some pool started), lead a process group as the pool's
    workers do, so that ending a timed-out task ends what it started."""
    import multiprocessing

    if multiprocessing.parent_process() is None or not hasattr(os, "setpgid"):
        return
    if os.getpgid(0) != os.getpid():
        os.setpgid(0, 0)


def end_this_worker() -> None:
    """Kill this worker process and everything it started (its process group): a task stuck
    past its timeout. The executor starts a fresh worker in its place."""
    import signal

    if os.getpgid(0) == os.getpid():
        os.killpg(os.getpid(), signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


async def end_this_dask_worker() -> None:
    """end_this_worker, as Dask runs a function on a worker without waiting for an answer
    (a coroutine, in the worker's event loop: the thread running the stuck task is busy)."""
    end_this_worker()


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig, sigkill = 1, 9
        libc.prctl(pr_set_pdeathsig, sigkill, 0, 0, 0)
    except (OSError, AttributeError):
        return  # not Linux: a worker notices its parent's end when its queue closes
