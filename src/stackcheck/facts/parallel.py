"""Share a list of tasks between this process and helpers forked from it.

Every process, this one included, claims the next task from a counter they share, so no
process waits while another has work and none sits idle: on two cores one helper is
forked beside this process, not two workers beside an idle parent (one process fewer to
start and to hold in memory). A helper sends each task's result back through a pipe of
its own, which this process reads between its own pieces of work.

A helper reads the tasks it claims from the list it inherited. Reading an object writes
its reference count, so the page it lies on is copied; but this process goes over the
same tasks' objects after the fork anyway (the collector merges the results in job
order), so each such page is copied once, whether a helper reads it too or not. Sending
the tasks instead would hold a pickle of every task beside them. The only pickles read
are the helpers' results, never anything read from a scanned tree.

Nothing a helper does can hang this process: a helper that dies leaves its claimed tasks
undelivered, and they are done here; past `give_up_at` (a time on the monotonic clock)
the helpers still running are stopped and the same happens.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

_LENGTH = struct.Struct("<Q")
_READ_SIZE = 1 << 20
# A pipe this large lets a helper run ahead while this process is busy with a large file
# (Linux: the most an unprivileged process may ask for; elsewhere the default stays).
_PIPE_BYTES = 1 << 20
# The counter's lock is held for a few instructions; one not had in this long was left
# held by a helper that died holding it.
LOCK_SECONDS = 5.0


class _Helper:
    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd  # -1 once it has ended (or was stopped)
        self.buffer = bytearray()


class TaskShare:
    """Run `work` over `tasks` here and in `helpers` forked processes; `results()` gives
    each (task index, result) once, as they come, doing a task here whenever none is
    waiting. Use it as a context manager: no helper outlives the block."""

    def __init__(
        self,
        tasks: Sequence[Any],
        work: Callable[[Any], Any],
        helpers: int,
        give_up_at: float | None = None,
    ) -> None:
        import multiprocessing

        self._tasks = tasks
        self._work = work
        self._wanted = helpers
        self._give_up_at = give_up_at
        # The next task to claim, in memory every process shares, and its lock.
        context = multiprocessing.get_context("fork")
        self._next = context.RawValue("q", 0)
        self._lock = context.Lock()
        self._helpers: list[_Helper] = []
        self._in_helper = False
        self._alone = False  # the helpers were stopped: the counter is this process's own
        self._delivered: set[int] = set()
        self._done_here: set[int] = set()

    def __enter__(self) -> TaskShare:
        for _ in range(self._wanted):
            read_end, write_end = os.pipe()
            _widen(write_end)
            try:
                pid = os.fork()
            except OSError:  # at the process limit: this process does what is left
                os.close(read_end)
                os.close(write_end)
                break
            if pid == 0:  # the helper: never returns
                os.close(read_end)
                for other in self._helpers:
                    os.close(other.fd)
                self._helpers = []
                self._serve(write_end)
            os.close(write_end)
            self._helpers.append(_Helper(pid, read_end))
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:  # interrupted or failed here: the helpers' work is moot
            self._stop_helpers()
        for helper in self._helpers:
            # Closed before the wait: a helper still writing gets a broken pipe, not a block.
            if helper.fd >= 0:
                os.close(helper.fd)
                helper.fd = -1
            _reap(helper.pid)
        self._helpers = []

    def results(self) -> Iterator[tuple[int, Any]]:
        total = len(self._tasks)
        while len(self._delivered) + len(self._done_here) < total:
            arrived = self._receive(wait=False)
            if arrived:
                yield from arrived
                continue
            index = self._claim()
            if index is None:
                index = self._lost()
            if index is not None:
                self._done_here.add(index)
                yield index, self._work(self._tasks[index])
                continue
            yield from self._receive(wait=True)

    def _claim(self) -> int | None:
        locked = not self._alone and self._lock.acquire(timeout=LOCK_SECONDS)
        if not locked and not self._alone:
            if self._in_helper:
                raise TimeoutError("the task counter's lock was not released")
            self._stop_helpers()  # none is left to hold it, or to claim: go on alone
            self._alone = True
        try:
            index = int(self._next.value)
            if index >= len(self._tasks):
                return None
            self._next.value = index + 1
            return index
        finally:
            if locked:
                self._lock.release()

    def _lost(self) -> int | None:
        """A task a helper claimed and will never deliver, once no helper runs."""
        if any(h.fd >= 0 for h in self._helpers):
            return None
        for index in range(len(self._tasks)):
            if index not in self._delivered and index not in self._done_here:
                return index
        return None

    def _receive(self, wait: bool) -> list[tuple[int, Any]]:
        """The results that have arrived. With `wait`: blocks until one does, a helper
        ends, or it is time to give up on the helpers."""
        running = [h for h in self._helpers if h.fd >= 0]
        if not running:
            return []
        timeout = 0.0 if not wait else _left(self._give_up_at)
        ready, _, _ = select.select([h.fd for h in running], [], [], timeout)
        if wait and not ready:
            self._stop_helpers()
            return []
        arrived: list[tuple[int, Any]] = []
        for helper in running:
            if helper.fd not in ready:
                continue
            chunk = os.read(helper.fd, _READ_SIZE)
            if not chunk:  # it ended; a message it left half-written is lost
                os.close(helper.fd)
                helper.fd = -1
                continue
            helper.buffer += chunk
            arrived.extend(self._messages(helper))
        return arrived

    def _messages(self, helper: _Helper) -> Iterator[tuple[int, Any]]:
        buffer = helper.buffer
        start = 0
        while len(buffer) - start >= _LENGTH.size:
            (length,) = _LENGTH.unpack_from(buffer, start)
            end = start + _LENGTH.size + length
            if len(buffer) < end:
                break
            index, result = pickle.loads(buffer[start + _LENGTH.size : end])
            self._delivered.add(index)
            yield index, result
            start = end
        del buffer[:start]

    def _stop_helpers(self) -> None:
        for helper in self._helpers:
            if helper.fd >= 0:
                _kill(helper.pid)
                os.close(helper.fd)
                helper.fd = -1
                helper.buffer.clear()

    def _serve(self, fd: int) -> None:
        self._in_helper = True
        code = 0
        # What the pipe does not take yet waits here, and the helper goes on with its next
        # task: this process may be busy a while without reading (a large file of its own).
        unsent = bytearray()
        os.set_blocking(fd, False)
        try:
            while (index := self._claim()) is not None:
                result = self._work(self._tasks[index])
                message = pickle.dumps((index, result), pickle.HIGHEST_PROTOCOL)
                unsent += _LENGTH.pack(len(message))
                unsent += message
                with contextlib.suppress(BlockingIOError):
                    del unsent[: os.write(fd, unsent)]
            os.set_blocking(fd, True)
            _write_all(fd, unsent)
        except BaseException:  # the parent does what a helper leaves undone
            code = 1
        finally:
            os._exit(code)  # never the parent's exit handlers, nor its buffered output


def _left(until: float | None) -> float | None:
    return None if until is None else max(until - time.monotonic(), 0.0)


def _widen(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _write_all(fd: int, data: bytes | bytearray) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
