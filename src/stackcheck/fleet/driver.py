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

On Dask, small tasks travel several to a submission (a batch): the worker keeps each one
within the timeout itself and reports which one hung, so a batch ends as its tasks would
have alone, and its lines are written one per source as before. A batch the executor lost,
or one past the bound of all its tasks' timeouts together, says nothing about which task
was to blame: its tasks are run again one to a submission, each charged only for itself.
Batches shrink as the fleet's end nears, so no worker is left with a long last batch while
the others idle.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from stackcheck.fleet.executors import Runner, WorkerLost
from stackcheck.fleet.results import Line, ResultsFile
from stackcheck.fleet.worker import Task, failure_line


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
    tasks: tuple[Task, ...]
    deadline: float | None
    alone: bool  # run as its own submission: a lost worker is this task's own doing


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
    singles: deque[Task] = deque()  # from a batch that was lost: one to a submission
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

    def submit(tasks: tuple[Task, ...], alone: bool) -> None:
        deadline = None
        if limits.timeout:
            # A runner that keeps each task within the timeout itself needs this bound only
            # for a worker that stopped answering; one timeout more allows for the wait
            # behind the worker's current submission.
            allowed = len(tasks) + 1 if runner.keeps_deadlines else 1
            deadline = time.monotonic() + limits.timeout * allowed
        running[runner.submit(tasks, limits.timeout)] = _Running(tasks, deadline, alone)

    def next_batch() -> tuple[Task, ...]:
        in_flight = runner.slots + runner.waiting
        size = max(1, min(runner.batch, len(pending) // in_flight))
        return tuple(pending.popleft() for _ in range(min(size, len(pending))))

    while pending or suspects or singles or later or running:
        now = time.monotonic()
        while later and later[0][0] <= now:
            pending.append(heapq.heappop(later)[2])
        if suspects:
            if not running:
                submit((suspects.popleft(),), alone=True)
        else:
            while (singles or pending) and len(running) < runner.slots + runner.waiting:
                if singles:
                    submit((singles.popleft(),), alone=runner.isolates_crashes)
                else:
                    submit(next_batch(), alone=runner.isolates_crashes)
        if not running:
            time.sleep(max(0.0, later[0][0] - now) if later else 0.0)
            continue
        wake = [r.deadline for r in running.values() if r.deadline is not None]
        if later:
            wake.append(later[0][0])
        timeout = max(0.0, min(wake) - now) if wake else None
        for handle in runner.wait(list(running), timeout):
            entry = running.pop(handle)
            try:
                found = runner.outcomes(handle)
            except WorkerLost as lost:
                if len(entry.tasks) > 1:
                    singles.extend(entry.tasks)  # whose doing it was, each alone will tell
                    continue
                (task,) = entry.tasks
                if not entry.alone:
                    suspects.append(task)
                elif task.attempt <= limits.retries:
                    again(task, time.monotonic())
                else:
                    why = f"{lost} (tried {task.attempt} times)"
                    finish(task, failure_line(task, "crash", why))
                continue
            for task, outcome in zip(entry.tasks, found, strict=False):  # fewer found: one hung
                if outcome["status"] == "unchanged":
                    finish(task, None)
                    continue
                line = outcome["line"]
                error = line.get("error")
                if error and error.get("transient") and task.attempt <= limits.retries:
                    again(task, time.monotonic())
                else:
                    finish(task, line)
            pending.extendleft(reversed(entry.tasks[len(found) :]))  # the ones not run
        now = time.monotonic()
        for handle, entry in list(running.items()):
            if entry.deadline is not None and now >= entry.deadline and handle in running:
                del running[handle]
                for other in runner.stop(handle, [handle, *running]):
                    pending.extendleft(reversed(running.pop(other).tasks))  # again
                if len(entry.tasks) > 1:
                    singles.extend(entry.tasks)
                    continue
                message = f"no result after {limits.timeout:g} s; its worker was stopped"
                finish(entry.tasks[0], failure_line(entry.tasks[0], "timeout", message))
    return outcomes
