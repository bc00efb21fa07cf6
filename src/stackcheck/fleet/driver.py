"""Feeding a fleet's sources through an executor: as many in flight as it has slots, each
with a deadline; transient failures tried again after a growing pause; one line written per
source.

This is not a scheduler: the executor (a process pool, Dask) places and runs the work. The
driver only keeps a bounded number of tasks in flight, one per worker plus a few waiting
(so a deadline counts from about when a worker takes the task, and a fleet of 100,000
sources is not 100,000 futures), and decides what each outcome means:

- a result or a permanent failure: its line is appended to the results file;
- "unchanged": the line already in the file stands, nothing is written;
- a transient failure (a fetch that met a network or server error): submitted again after
  `retry_delay * 2**(attempt - 1)` seconds, up to `retries` more times, then written;
- a lost worker (killed, out of memory, crashed in native code): on Dask, which knows whose
  task it was and has already retried it, a failure; in the pool, which does not, every
  task that was in flight is run again alone, so only the task that kills a worker on its
  own is charged for it;
- past the deadline: a "timeout" failure is written and the executor ends the worker.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from stackcheck.fleet.executors import Runner, WorkerLost
from stackcheck.fleet.results import Line, ResultsFile
from stackcheck.fleet.worker import Task, line_start


@dataclass(frozen=True)
class Limits:
    timeout: float | None = 600.0  # seconds per repository; None: no limit
    retries: int = 2  # more attempts after a transient failure or a lost worker
    retry_delay: float = 2.0  # the first pause before trying again


@dataclass
class Outcome:
    """How one source ended in this run."""

    task: Task
    line: Line  # the line written now, or the one already in the file
    written: bool  # False: the result already in the file still stands


@dataclass
class _Running:
    task: Task
    deadline: float | None
    alone: bool  # run with nothing else in flight: a lost worker is its own doing


def drive(
    runner: Runner,
    tasks: Iterable[Task],
    results: ResultsFile,
    limits: Limits,
    on_outcome: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Run every task to an outcome; each is reported to on_outcome as it arrives."""
    pending: deque[Task] = deque(tasks)
    suspects: deque[Task] = deque()  # in flight when a pool worker died: run alone
    later: list[tuple[float, int, Task]] = []  # transient failures waiting to try again
    order = itertools.count()
    running: dict[Any, _Running] = {}
    outcomes: list[Outcome] = []

    def finish(task: Task, line: Line | None) -> None:
        if line is None:
            stored = results.latest(task.source.id)
            assert stored is not None, "unchanged means a line is there"
            outcome = Outcome(task, stored, written=False)
        else:
            results.append(line)
            outcome = Outcome(task, line, written=True)
        outcomes.append(outcome)
        on_outcome(outcome)

    def again(task: Task, now: float) -> None:
        pause = limits.retry_delay * 2 ** (task.attempt - 1)
        heapq.heappush(later, (now + pause, next(order), task._replace(attempt=task.attempt + 1)))

    def submit(task: Task, alone: bool) -> None:
        deadline = time.monotonic() + limits.timeout if limits.timeout else None
        running[runner.submit(task)] = _Running(task, deadline, alone)

    while pending or suspects or later or running:
        now = time.monotonic()
        while later and later[0][0] <= now:
            pending.append(heapq.heappop(later)[2])
        if suspects:
            if not running:
                submit(suspects.popleft(), alone=True)
        else:
            while pending and len(running) < runner.slots + runner.waiting:
                submit(pending.popleft(), alone=runner.isolates_crashes)
        if not running:
            time.sleep(max(0.0, later[0][0] - now) if later else 0.0)
            continue
        wake = [r.deadline for r in running.values() if r.deadline is not None]
        if later:
            wake.append(later[0][0])
        timeout = max(0.0, min(wake) - now) if wake else None
        for handle in runner.wait(list(running), timeout):
            entry = running.pop(handle)
            task = entry.task
            try:
                outcome = runner.outcome(handle)
            except WorkerLost as lost:
                if not entry.alone:
                    suspects.append(task)
                elif task.attempt <= limits.retries:
                    again(task, time.monotonic())
                else:
                    why = f"{lost} (tried {task.attempt} times)"
                    finish(task, failure_line(task, "crash", why))
                continue
            if outcome["status"] == "unchanged":
                finish(task, None)
                continue
            line = outcome["line"]
            error = line.get("error")
            if error and error.get("transient") and task.attempt <= limits.retries:
                again(task, time.monotonic())
            else:
                finish(task, line)
        now = time.monotonic()
        for handle, entry in list(running.items()):
            if entry.deadline is not None and now >= entry.deadline and handle in running:
                del running[handle]
                for other in runner.stop(handle, [handle, *running]):
                    pending.appendleft(running.pop(other).task)  # not their fault: again
                message = f"no result after {limits.timeout:g} s; its worker was stopped"
                finish(entry.task, failure_line(entry.task, "timeout", message))
    return outcomes


def failure_line(task: Task, kind: str, message: str) -> Line:
    """A failure the driver saw (the worker could not write its own line)."""
    from stackcheck.fleet.worker import one_line

    line = line_start(task)
    line["error"] = {"kind": kind, "message": one_line(message), "transient": False}
    line["finished"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return line
