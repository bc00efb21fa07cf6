"""The benchmark's memory measure (benchmarks/memory.py): the summed PSS of a process tree
charges shared pages once, and a child that runs in its parent's address space (between
vfork() and exec()) is not counted a second time."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/smaps_rollup").exists(), reason="PSS is read from Linux's /proc"
)

MEMORY = Path(__file__).resolve().parents[1] / "benchmarks" / "memory.py"


@pytest.fixture(scope="module")
def memory() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_memory", MEMORY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_one_address_space_read_twice_is_known(memory: ModuleType) -> None:
    """What a vfork()ed child's rollup is: its parent's, private pages and all."""
    held = bytearray(8 * 1024 * 1024)  # private, written pages
    me = os.getpid()
    assert memory.same_memory(memory.rollup(me), memory.rollup(me))
    assert memory.rollup(me)["Private_Dirty"] >= 8 * 1024
    assert held


PARENT_AND_FORKED_CHILD = """
import os, sys, time
held = bytearray(os.urandom(16 * 1024 * 1024))  # pages the child shares and never writes
pid = os.fork()
if pid == 0:
    time.sleep(60)
    os._exit(0)
print(pid, flush=True)
sys.stdin.read()
os.kill(pid, 9)
os.waitpid(pid, 0)
"""


def test_a_forked_child_is_counted_for_its_share_only(memory: ModuleType) -> None:
    """A process tree of its own (the test run's other children are not in it)."""
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT_AND_FORKED_CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        mine, its = memory.rollup(parent.pid), memory.rollup(child)
        assert not memory.same_memory(its, mine)
        assert child in memory.descendants(parent.pid)
        # The 16 MiB are shared by the two: charged half to each, once in all.
        assert its["Pss"] >= 6 * 1024
        assert memory.summed_pss_kib(parent.pid) < mine["Rss"] + 4 * 1024
    finally:
        parent.communicate("")
