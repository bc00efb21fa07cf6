"""Tasks shared between this process and forked helpers (facts/parallel.py): every task's
result exactly once, this process working too, and nothing a helper does (dying, hanging,
dying while holding the counter's lock) able to lose a task or hang the caller."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import process_alive
from stackcheck.facts import parallel
from stackcheck.facts.parallel import TaskShare

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="helpers are forked")

PARENT = os.getpid()


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """A caller left waiting forever fails the test instead of hanging the suite."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the caller hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _run(share: TaskShare) -> dict[int, Any]:
    found: dict[int, Any] = {}
    with share:
        for index, result in share.results():
            assert index not in found  # each task once
            found[index] = result
    return found


@pytest.mark.parametrize("helpers", [0, 1, 3])
def test_every_task_once_and_the_caller_works_too(helpers: int) -> None:
    def work(task: int) -> tuple[int, int]:
        time.sleep(0.01)  # long enough for every helper to claim some
        return task * task, os.getpid()

    found = _run(TaskShare(list(range(40)), work, helpers))
    assert {i: r[0] for i, r in found.items()} == {i: i * i for i in range(40)}
    workers = {pid for _, pid in found.values()}
    assert PARENT in workers
    assert len(workers) == helpers + 1
    assert not any(process_alive(pid) for pid in workers - {PARENT})  # reaped, not zombies


def test_a_large_result_arrives_whole() -> None:
    big = bytes(range(256)) * 12_000  # 3 MB: more than a pipe holds

    def work(task: int) -> bytes:
        if os.getpid() == PARENT:
            time.sleep(0.05)  # the helper claims some meanwhile
            return b""
        return big

    found = _run(TaskShare(list(range(6)), work, 1))
    assert any(result == big for result in found.values())
    assert all(result in (big, b"") for result in found.values())


def test_a_helper_goes_on_while_the_caller_is_busy_and_not_reading(tmp_path: Path) -> None:
    """Results beyond what a pipe holds wait in the helper, which takes its next task
    instead of blocking until the caller reads."""
    block = bytes(400_000)
    busy = tmp_path / "caller-busy"

    def work(task: int) -> tuple[int, float, bytes]:
        if os.getpid() == PARENT:
            busy.touch()
            time.sleep(1.5)  # one long task here; the helper does all the others meanwhile
            return os.getpid(), time.monotonic(), b""
        # On a loaded machine a helper could take every task before the caller takes one:
        # it waits until the caller is busy with its own.
        deadline = time.monotonic() + 10
        while not busy.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        return os.getpid(), time.monotonic(), block

    found = _run(TaskShare(list(range(12)), work, 1))
    here = [done for pid, done, _ in found.values() if pid == PARENT]
    helped = [done for pid, done, _ in found.values() if pid != PARENT]
    assert len(here) == 1 and len(helped) == 11  # 4.4 MB of results: more than a pipe holds
    assert max(helped) < here[0]


def test_with_no_process_to_spare_the_caller_does_every_task(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel.os, "fork", refused)
    found = _run(TaskShare(list(range(5)), lambda task: (task, os.getpid()), 2))
    assert found == {i: (i, PARENT) for i in range(5)}


def test_the_tasks_of_a_helper_that_dies_are_done_here() -> None:
    def work(task: int) -> tuple[int, int]:
        if os.getpid() != PARENT:
            os._exit(3)  # killed, crashed: nothing delivered
        return task, os.getpid()

    found = _run(TaskShare(list(range(12)), work, 2))
    assert sorted(found) == list(range(12))
    assert {pid for _, pid in found.values()} == {PARENT}


def test_a_helper_that_raises_leaves_its_task_to_the_caller() -> None:
    def work(task: int) -> int:
        if os.getpid() != PARENT and task % 2:
            raise ValueError("a bug in one task")
        return task

    found = _run(TaskShare(list(range(10)), work, 1))
    assert found == {i: i for i in range(10)}


def test_a_hung_helper_is_stopped_when_it_is_time_to_give_up() -> None:
    helper_pids: list[int] = []

    def work(task: int) -> int:
        if os.getpid() != PARENT:
            time.sleep(60)  # stuck where no alarm reaches
        time.sleep(0.1)  # the helper claims one meanwhile
        return task

    started = time.monotonic()
    share = TaskShare(list(range(4)), work, 1, give_up_at=time.monotonic() + 0.5)
    with share:
        helper_pids = [h.pid for h in share._helpers]
        found = dict(share.results())
    assert found == {i: i for i in range(4)}
    assert time.monotonic() - started < 20
    assert not any(process_alive(pid) for pid in helper_pids)


def test_a_lock_left_held_by_a_dead_helper_does_not_hang_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "LOCK_SECONDS", 0.3)
    holder: list[TaskShare] = []

    def work(task: int) -> int:
        if os.getpid() != PARENT:
            holder[0]._lock.acquire()
            os._exit(0)  # dies holding it
        time.sleep(0.05)
        return task

    share = TaskShare(list(range(8)), work, 1)
    holder.append(share)
    started = time.monotonic()
    found = _run(share)
    assert found == {i: i for i in range(8)}
    assert time.monotonic() - started < 2.0  # the lock is waited for once, not per task


def test_no_helper_outlives_a_caller_that_fails() -> None:
    def work(task: int) -> int:
        time.sleep(0.02)
        return os.getpid()

    share = TaskShare(list(range(50)), work, 2)
    with pytest.raises(RuntimeError), share:
        pids = [h.pid for h in share._helpers]
        for _ in share.results():
            raise RuntimeError("the caller failed")
    assert pids and not any(process_alive(pid) for pid in pids)


# Helpers forked ahead of their tasks (TaskShare.ahead): module-level, as a helper builds
# its work from the message alone.
def _prepared(message: bytearray) -> tuple[list[int], Any]:
    count, scale = (int(x) for x in bytes(message).split(b","))
    return list(range(count)), lambda task: (task * scale, os.getpid())


def test_helpers_forked_ahead_build_their_tasks_from_the_message_they_are_sent() -> None:
    from array import array

    share = TaskShare.ahead(_prepared, 2)
    found: dict[int, Any] = {}
    with share:
        pids = [h.pid for h in share._helpers]
        # Created after the fork: the helpers know these tasks from the message only. The
        # message comes in parts, one of them an array (its length counts bytes, not items).
        tasks = list(range(40))
        wide = array("H")
        wide.frombytes(b"0,")  # one item of two bytes
        parts = [b"4", wide, b"3"]

        def work(task: int) -> tuple[int, int]:
            time.sleep(0.01)
            return task * 3, os.getpid()

        share.hand_over(parts, tasks, work)
        for index, result in share.results():
            assert index not in found
            found[index] = result
    assert {i: r[0] for i, r in found.items()} == {i: i * 3 for i in range(40)}
    helped = {pid for _, pid in found.values()} - {PARENT}
    assert helped and helped <= set(pids)  # the helpers did some, from the message
    assert not any(process_alive(pid) for pid in pids)


def test_helpers_forked_ahead_and_released_end_without_work() -> None:
    share = TaskShare.ahead(_prepared, 2)
    with share:
        pids = [h.pid for h in share._helpers]
        assert all(process_alive(pid) for pid in pids)  # waiting for a message
        share.release()
        for pid in pids:
            _, status = os.waitpid(pid, 0)
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        share._helpers = []  # (reaped here)


def test_a_helper_forked_ahead_that_cannot_read_its_message_leaves_every_task_here() -> None:
    share = TaskShare.ahead(_prepared, 1)
    with share:
        share.hand_over([b"not,numbers"], list(range(6)), lambda task: (task, os.getpid()))
        found = dict(share.results())
    assert found == {i: (i, PARENT) for i in range(6)}


def test_a_helper_forked_ahead_that_died_before_its_message_leaves_every_task_here() -> None:
    share = TaskShare.ahead(_prepared, 1)
    with share:
        os.kill(share._helpers[0].pid, signal.SIGKILL)
        time.sleep(0.1)
        share.hand_over([b"6,1"], list(range(6)), lambda task: (task, os.getpid()))
        found = dict(share.results())
    assert found == {i: (i, PARENT) for i in range(6)}
