"""Peak memory of a process tree: the sum of PSS over a process and all its descendants.

PSS (proportional set size, `/proc/PID/smaps_rollup`) charges each process its share of
pages it shares with others, so forked workers are not counted twice for the pages they
inherit, and git processes started along the way are counted while they run. Sampled every
10 ms; the peak of the sums is reported. Linux only.
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
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def pss_kib(pid: int) -> int:
    try:
        with open(PROC / str(pid) / "smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass  # ended, or a zombie without mappings
    return 0


def peak_pss_mib(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Run argv to its end and return the peak summed PSS of its process tree, in MiB."""
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(pss_kib(pid) for pid in descendants(proc.pid)))
        time.sleep(INTERVAL)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode})")
    return peak / 1024
