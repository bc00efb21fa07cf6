"""Peak memory of a process tree: the sum of PSS over a process and all its descendants.

PSS (proportional set size, `/proc/PID/smaps_rollup`) charges each process its share of
pages it shares with others, so forked workers are not counted twice for the pages they
inherit, and git processes started along the way are counted while they run. Sampled every
10 ms; the peak of the sums is reported. Linux only.

A child caught between vfork() and exec() (subprocess starts git that way) still runs in
its parent's address space, and its rollup is the parent's again: it is not counted.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

PROC = Path("/proc")
INTERVAL = 0.010


def _parents() -> dict[int, int]:
    """pid -> parent pid for every process visible now."""
    found = {}
    for entry in os.scandir(PROC):
        if not entry.name.isdigit():
            continue
        try:
            stat = (PROC / entry.name / "stat").read_text()
        except OSError:
            continue  # ended while we looked
        # The command name (field 2) is in parentheses and may hold spaces and parentheses.
        fields = stat[stat.rfind(")") + 2 :].split()
        found[int(entry.name)] = int(fields[1])
    return found


def descendants(root: int) -> list[int]:
    return list(_tree(root))


def _tree(root: int) -> dict[int, int]:
    """root and every descendant of it -> its parent."""
    children: dict[int, list[int]] = {}
    parents = _parents()
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        found[pid] = parents.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return found


_FIELDS = ("Rss:", "Pss:", "Private_Dirty:")


def rollup(pid: int) -> dict[str, int]:
    """Rss, Pss and Private_Dirty in KiB (all 0 once the process has ended)."""
    found = dict.fromkeys((f[:-1] for f in _FIELDS), 0)
    try:
        with open(PROC / str(pid) / "smaps_rollup") as lines:
            for line in lines:
                if line.startswith(_FIELDS):
                    name, value = line.split()[:2]
                    found[name[:-1]] = int(value)
    except (OSError, ValueError):
        pass  # ended, or a zombie without mappings
    return found


def pss_kib(pid: int) -> int:
    return rollup(pid)["Pss"]


def same_memory(child: dict[str, int], parent: dict[str, int]) -> bool:
    """Whether two rollups read one address space: a forked child shares its parent's pages
    (and each is charged half), but a vfork()ed one uses its parent's own, private pages
    and all."""
    return (
        child["Private_Dirty"] > 0
        and child["Rss"] == parent["Rss"]
        and child["Private_Dirty"] == parent["Private_Dirty"]
    )


def summed_pss_kib(root: int) -> int:
    tree = _tree(root)
    rollups = {pid: rollup(pid) for pid in tree}
    return sum(
        found["Pss"]
        for pid, found in rollups.items()
        if tree[pid] not in rollups or not same_memory(found, rollups[tree[pid]])
    )


def peak_pss_mib(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Run argv to its end and return the peak summed PSS of its process tree, in MiB."""
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, summed_pss_kib(proc.pid))
        time.sleep(INTERVAL)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode})")
    return peak / 1024
