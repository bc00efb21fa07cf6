"""Share a list of tasks between this process and helpers forked from it.

Every process, this one included, claims the next task from a counter they share, so no
process waits while another has work and none sits idle: on two cores one helper is
forked beside this process, not two workers beside an idle parent (one process fewer to
start and to hold in memory). A helper sends each task's result back through a pipe of
its own, which this process reads between its own pieces of work.

A helper reads the tasks it claims from the list it inherited. Reading an object writes
its reference count, so the page it lies on is copied; but this process goes over the
same tasks' objects after the fork anyway (the collector merges the results in job
order), so each such page is copied once, whether a helper reads it too or not. That
once is still a second copy of every page this process touches after the fork: for a
very large tree, helpers are forked ahead (`TaskShare.ahead`), before the tree is listed,
and sent their tasks as one message the caller encodes. The only pickles read are the
helpers' results, never anything read from a scanned tree.

Nothing a helper does can hang this process: a helper that dies leaves its claimed tasks
undelivered, and they are done here; past `give_up_at` (a time on the monotonic clock)
the helpers still running are stopped and the same happens.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from array import array
    from typing import TypeAlias

    # A part of the message a helper forked ahead is sent, written as it is.
    Part: TypeAlias = bytes | bytearray | array[int]

# What a helper forked ahead builds from the message it is sent: its tasks and its work.
Prepare = Callable[[bytearray], tuple[Sequence[Any], Callable[[Any], Any]]]
_LENGTH = struct.Struct("<Q")
_READ_SIZE = 1 << 20
# A pipe this large lets a helper run ahead while this process is busy with a large file
# (Linux: the most an unprivileged process may ask for; elsewhere the default stays).
_PIPE_BYTES = 1 << 20
# The counter's lock is held for a few instructions; one not had in this long was left
# held by a helper that died holding it.
LOCK_SECONDS = 5.0


class _Helper:
    def __init__(self, pid: int, fd: int, inbox: int = -1) -> None:
        self.pid = pid
        self.fd = fd  # -1 once it has ended (or was stopped)
        self.inbox = inbox  # a helper forked ahead: where its tasks are sent; -1 once sent
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
        prepare: Prepare | None = None,
    ) -> None:
        """With `prepare`, the helpers are forked ahead of their tasks (`ahead`)."""
        import multiprocessing

        self._tasks = tasks
        self._work = work
        self._prepare = prepare
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

    @classmethod
    def ahead(
        cls,
        prepare: Prepare,
        helpers: int,
    ) -> TaskShare:
        """Helpers forked before their tasks exist, so they share none of what this process
        builds afterwards (a large tree's listing: every page of it this process touches
        after a fork would be held twice). Once entered, `hand_over` sends each helper one
        message, from which `prepare` builds its tasks and its work, or `release` lets them
        end unused."""
        return cls((), _no_work, helpers, prepare=prepare)

    def hand_over(
        self,
        message: Sequence[Part],
        tasks: Sequence[Any],
        work: Callable[[Any], Any],
        give_up_at: float | None = None,
    ) -> None:
        """The tasks of helpers forked ahead: `message` (in parts, sent as one) for theirs,
        what `prepare` reads; `tasks` and `work` for this process's. Index i is the same
        task in both."""
        self._tasks, self._work, self._give_up_at = tasks, work, give_up_at
        length = _LENGTH.pack(sum(memoryview(part).nbytes for part in message))
        for helper in self._helpers:
            if helper.inbox < 0:
                continue
            try:
                for part in (length, *message):
                    _write_all(helper.inbox, part)
            except OSError:  # it died: what it would have claimed is done here
                self._stop(helper)
            finally:
                _close_inbox(helper)

    def release(self) -> None:
        """Let helpers forked ahead end without work (the tree was small, or not theirs to
        read): each reads the end of its inbox and exits."""
        for helper in self._helpers:
            _close_inbox(helper)

    def __enter__(self) -> TaskShare:
        # What exists at the fork is never walked by a cyclic collector while the share
        # runs, here or in a helper: its passes would write to every object's header, and
        # so copy every page the processes share.
        gc.freeze()
        try:
            self._fork_helpers()
        except BaseException:
            gc.unfreeze()
            raise
        return self

    def _fork_helpers(self) -> None:
        for _ in range(self._wanted):
            read_end, write_end = os.pipe()
            _widen(write_end)
            inbox_read, inbox = os.pipe() if self._prepare is not None else (-1, -1)
            try:
                pid = os.fork()
            except OSError:  # at the process limit: this process does what is left
                for fd in (read_end, write_end, inbox_read, inbox):
                    if fd >= 0:
                        os.close(fd)
                break
            if pid == 0:  # the helper: never returns
                os.close(read_end)
                for other in self._helpers:
                    os.close(other.fd)
                    if other.inbox >= 0:
                        os.close(other.inbox)
                self._helpers = []
                if inbox >= 0:
                    os.close(inbox)
                self._serve(write_end, inbox_read)
            os.close(write_end)
            if inbox_read >= 0:
                os.close(inbox_read)
            self._helpers.append(_Helper(pid, read_end, inbox))

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:  # interrupted or failed here: the helpers' work is moot
            self._stop_helpers()
        self.release()  # (helpers forked ahead and never handed their tasks)
        for helper in self._helpers:
            # Closed before the wait: a helper still writing gets a broken pipe, not a block.
            if helper.fd >= 0:
                os.close(helper.fd)
                helper.fd = -1
            _reap(helper.pid)
        self._helpers = []
        gc.unfreeze()

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
            self._stop(helper)

    def _stop(self, helper: _Helper) -> None:
        if helper.fd >= 0:
            _kill(helper.pid)
            os.close(helper.fd)
            helper.fd = -1
            helper.buffer.clear()

    def _serve(self, fd: int, inbox: int = -1) -> None:
        self._in_helper = True
        code = 0
        # What the pipe does not take yet waits here, and the helper goes on with its next
        # task: this process may be busy a while without reading (a large file of its own).
        unsent = bytearray()
        try:
            if inbox >= 0:  # forked ahead: its tasks come first, or the end of the inbox
                sent = _read_message(inbox)
                os.close(inbox)
                if sent is None or self._prepare is None:
                    os._exit(0)
                self._tasks, self._work = self._prepare(sent)
                del sent
            os.set_blocking(fd, False)
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


def _no_work(task: Any) -> Any:
    raise AssertionError("a share forked ahead has no tasks until hand_over")


def _close_inbox(helper: _Helper) -> None:
    if helper.inbox >= 0:
        os.close(helper.inbox)
        helper.inbox = -1


def _read_message(fd: int) -> bytearray | None:
    """One length-prefixed message, or None when the pipe ends first."""
    head = _read_exactly(fd, _LENGTH.size)
    if head is None:
        return None
    (length,) = _LENGTH.unpack(head)
    return _read_exactly(fd, length)


def _read_exactly(fd: int, size: int) -> bytearray | None:
    got = bytearray(size)  # (read in place: a message of megabytes is not held twice)
    view = memoryview(got)
    done = 0
    while done < size:
        count = os.readv(fd, [view[done : done + _READ_SIZE]])
        if not count:
            return None
        done += count
    view.release()
    return got


def _left(until: float | None) -> float | None:
    return None if until is None else max(until - time.monotonic(), 0.0)


def _widen(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _write_all(fd: int, data: Part) -> None:
    view = memoryview(data).cast("B")  # (os.write counts bytes, not an array's items)
    while view:
        view = view[os.write(fd, view) :]


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
