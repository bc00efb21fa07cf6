"""Compare two installed stackcheck executables on the same trees, interleaved.

    python benchmarks/ab.py OLD NEW TREE [TREE ...] [--runs 10] [--warm]

OLD and NEW are `stackcheck` executables (say `/tmp/old-venv/bin/stackcheck` and
`.venv/bin/stackcheck`). For each tree it runs `scan TREE --format json --no-cache
--exit-zero` (or, with `--warm`, a cache of each one's own primed by two runs, the second
storing the answer a repeat replays) with OLD and NEW taking turns, `--runs` times each, so
that whatever else the machine does hits both alike, and prints both medians and NEW / OLD,
for the wall time and for the CPU time of the process tree. Each tree's index is refreshed
first (`git status` leaves it so); the load average is printed before and after, as a run
on a busy machine is worth less.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import settle_index


def one_run(exe: str, tree: Path, cache: Path | None) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the process and every child it waited for (workers,
    git): the CPU figure moves far less than the wall time when the machine is busy."""
    argv = [exe, "scan", str(tree), "--format", "json", "--exit-zero"]
    env = dict(os.environ)
    if cache is None:
        argv.append("--no-cache")
    else:
        env["STACKCHECK_CACHE_DIR"] = str(cache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{exe} on {tree} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed, cpu


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warm", action="store_true", help="with a primed cache each")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="stackcheck-ab-"))
    exes = {"old": args.old, "new": args.new}
    print(f"{args.runs} runs each, interleaved, medians; load before: {load()}")
    print(
        f"{'tree':<34} {'old s':>7} {'new s':>7} {'new/old':>8} "
        f"{'old cpu s':>9} {'new cpu s':>9} {'new/old':>8}"
    )
    for tree in (t.resolve() for t in args.trees):
        if (tree / ".git").exists():
            settle_index(tree)
        caches = {k: (work / f"{k}-{tree.name}" if args.warm else None) for k in exes}
        if args.warm:  # twice: the second run, whole from the cache, stores its answer
            for k, exe in [*exes.items(), *exes.items()]:
                one_run(exe, tree, caches[k])
        times: dict[str, list[float]] = {k: [] for k in exes}
        cpus: dict[str, list[float]] = {k: [] for k in exes}
        for i in range(args.runs):
            order = list(exes) if i % 2 == 0 else list(reversed(exes))
            for k in order:
                wall, cpu = one_run(exes[k], tree, caches[k])
                times[k].append(wall)
                cpus[k].append(cpu)
        old, new = statistics.median(times["old"]), statistics.median(times["new"])
        old_cpu, new_cpu = statistics.median(cpus["old"]), statistics.median(cpus["new"])
        print(
            f"{tree.name[:34]:<34} {old:7.3f} {new:7.3f} {new / old:8.2f} "
            f"{old_cpu:9.3f} {new_cpu:9.3f} {new_cpu / old_cpu:8.2f}",
            flush=True,
        )
    print(f"load after: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
