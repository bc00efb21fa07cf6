"""The engines a fleet runs on: a local process pool (concurrent.futures) or Dask distributed.

Both run `worker.run_task` (Dask through `worker.run_batch`) and sit behind the same few
calls, so the driver neither knows nor cares which one it feeds: `submit` tasks (one, or on
Dask a batch of several small ones), `wait` for some to finish, take their `outcomes`, and
`stop` one that went past its timeout. Stopping ends the worker process running it (and the
git it started): a thread cannot be stopped, and a stuck scan must not hold a slot for ever.
The pool's workers are spawned, and each leads its own process group.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from collections.abc import Collection, Sequence
from typing import Any, Protocol

from stackcheck.fleet.worker import (
    Task,
    end_this_dask_worker,
    prepare_pool_worker,
    run_batch,
    run_task,
)


class WorkerLost(Exception):
    """The worker process running a task ended before the task did (killed, out of memory,
    a crash in native code)."""


class Runner(Protocol):
    slots: int  # tasks that run at once
    waiting: int  # tasks kept waiting beside them, so a worker never idles for the next
    isolates_crashes: bool  # whether a lost worker is blamed on its own task only
    batch: int  # the most tasks one submission may carry
    keeps_deadlines: bool  # whether the runner keeps each task within its timeout itself
    startup_seconds: float

    def submit(self, tasks: Sequence[Task], timeout: float | None) -> Any:
        """Run the tasks, in order, as one unit of the executor's work (with more than one,
        the runner keeps each within `timeout` itself)."""

    def wait(self, handles: Collection[Any], timeout: float | None) -> set[Any]: ...

    def outcomes(self, handle: Any) -> list[dict[str, Any]]:
        """An outcome per task submitted, in order; fewer when a task hung and the ones after
        it were not run (the caller hands those out again)."""

    def stop(self, handle: Any, running: Collection[Any]) -> set[Any]: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class PoolRunner:
    """A local process pool of `jobs` workers. A worker that dies breaks the whole pool
    (concurrent.futures gives up on every task in flight), so the pool cannot say whose
    task it was: the driver runs those tasks again one at a time to find out. Stopping one
    task ends every worker; the other tasks in flight are handed back to run again."""

    isolates_crashes = False
    batch = 1  # a task costs the pool well under a millisecond: nothing to amortise
    keeps_deadlines = False
    waiting = 1  # a local pipe hands the next task over in well under a millisecond

    def __init__(self, jobs: int) -> None:
        self.slots = max(1, jobs)
        self.startup_seconds = 0.0
        self._pool: Any = None

    def _executor(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # Spawned, not forked: the driver may have a progress thread running, and a
            # fork server would keep the environment it started with for later pools.
            self._pool = ProcessPoolExecutor(
                self.slots,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=prepare_pool_worker,
            )
        return self._pool

    def submit(self, tasks: Sequence[Task], timeout: float | None) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        (task,) = tasks
        try:
            return self._executor().submit(run_task, task)
        except BrokenProcessPool:
            self._discard(kill=True)
            return self._executor().submit(run_task, task)

    def wait(self, handles: Collection[Any], timeout: float | None) -> set[Any]:
        from concurrent.futures import FIRST_COMPLETED, wait

        return set(wait(handles, timeout=timeout, return_when=FIRST_COMPLETED).done)

    def outcomes(self, handle: Any) -> list[dict[str, Any]]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            result: dict[str, Any] = handle.result()
        except BrokenProcessPool as exc:
            self._discard(kill=True)
            raise WorkerLost("the worker process running it ended abruptly") from exc
        return [result]

    def stop(self, handle: Any, running: Collection[Any]) -> set[Any]:
        self._discard(kill=True)
        return {h for h in running if h is not handle}

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def abort(self) -> None:
        self._discard(kill=True)

    def _discard(self, kill: bool) -> None:
        """Give up the current pool (a new one starts on the next submit); with kill, end
        its workers and everything they started."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:
            # concurrent.futures has no public way to end its workers before Python 3.14
            # (terminate_workers); its process table is the same in every version since 3.3.
            for pid in list(getattr(pool, "_processes", None) or {}):
                _kill_group(pid)
        pool.shutdown(wait=False, cancel_futures=True)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)  # the worker leads its group (prepare_pool_worker)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)  # in case it had not got that far


class DaskRunner:
    """Dask distributed: a scheduler at ADDRESS, or a LocalCluster of `jobs` single-threaded
    worker processes on this machine. Dask reschedules the task of a worker that died and
    gives up on a task that killed several (KilledWorker); `retries` re-runs a task that
    raised. A repository past its timeout is given up by the worker's own loop, and that
    worker ended; a task that gives no answer within the driver's bound is cancelled and its
    worker ended the same way. The nanny starts a new worker.

    Small repositories travel `batch` to a Dask task (worker.run_batch): each Dask task
    costs a few milliseconds of scheduler, client and nanny work, most of it in the driver's
    process on a LocalCluster, against a 50 to 100 ms scan of a small repository."""

    isolates_crashes = True
    keeps_deadlines = True  # worker.run_batch: a task waiting behind one is not charged

    def __init__(self, scheduler: str | None, jobs: int, retries: int, batch: int = 8) -> None:
        import dask
        from distributed import Client, LocalCluster

        started = time.perf_counter()
        self.cluster: Any = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            # The worker's statistical profiler samples every thread 100 times a second:
            # a scan's own time, on a machine with no core to spare.
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                self.cluster = LocalCluster(
                    n_workers=max(1, jobs),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            self.client = Client(self.cluster)
        self.client.wait_for_workers(1)
        self.startup_seconds = time.perf_counter() - started
        self.slots = max(1, sum(self.client.nthreads().values()))
        # A task handed over through the scheduler takes a few network round trips to
        # reach a worker: one more per worker keeps each busy meanwhile.
        self.waiting = self.slots
        self.retries = retries
        self.batch = max(1, batch)

    def submit(self, tasks: Sequence[Task], timeout: float | None) -> Any:
        key = f"stackcheck-scan-{uuid.uuid4().hex}"
        return self.client.submit(
            run_batch, tuple(tasks), timeout, key=key, pure=False, retries=self.retries
        )

    def wait(self, handles: Collection[Any], timeout: float | None) -> set[Any]:
        from distributed import wait

        with contextlib.suppress(TimeoutError):
            wait(list(handles), timeout=timeout, return_when="FIRST_COMPLETED")
        return {h for h in handles if h.done()}

    def outcomes(self, handle: Any) -> list[dict[str, Any]]:
        try:
            result: dict[str, Any] = handle.result()
        except Exception as exc:  # KilledWorker, or a result that could not travel back
            raise WorkerLost(f"{type(exc).__name__}: {exc}") from exc
        if result["stuck"]:
            handle.cancel()  # forgotten first, so the worker's end does not run it again
            self._end_worker(result["stuck"])  # a scan still runs there in a thread
        outcomes: list[dict[str, Any]] = result["outcomes"]
        return outcomes

    def stop(self, handle: Any, running: Collection[Any]) -> set[Any]:
        address = self.client.run_on_scheduler(_processing_on, key=handle.key)
        handle.cancel()
        if address:
            self._end_worker(address)
        return set()

    def _end_worker(self, address: str) -> None:
        with contextlib.suppress(Exception):  # the worker may have gone already
            self.client.run(end_this_dask_worker, workers=[address], wait=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


def _processing_on(dask_scheduler: Any, key: str) -> str | None:
    """(Run on the scheduler.) The address of the worker running the task, if any."""
    task = dask_scheduler.tasks.get(key)
    worker = getattr(task, "processing_on", None)
    return worker.address if worker is not None else None
