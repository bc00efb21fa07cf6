"""Fuzz every manifest parser and file scanner with Hypothesis; print inputs tried and crashes.

    python fuzz/run.py                          # every target, 1,000 inputs each
    python fuzz/run.py --examples 100000        # the recorded run (see fuzz/README.md)
    python fuzz/run.py --parser node            # targets whose name contains "node"
    python fuzz/run.py --scanner python-code --seed 7 --jobs 2

A crash is any exception other than MalformedManifest from a parser, any exception other
than NotAnalysable from a scanner, or an input that takes longer than --timeout seconds. An
odd fact is one whose key is not a lower-case dotted key (no rule pattern can name it), whose
value is not a finite number, or whose evidence points outside the file; a warning raised
while reading the input counts as odd too (Python prints it, with the scanned file's line,
on the user's stderr). The first few
inputs of each kind are written to fuzz/crashes/<target>/ so they can be replayed; the exit
status is 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src")]

import targets  # noqa: E402  (needs the path above)

CRASH_DIR = HERE / "crashes"
KEEP_CRASHES = 5


class Result(NamedTuple):
    target: str
    kind: str
    tried: int
    crashes: int
    odd: int
    kinds: dict[str, int]
    slowest: float
    seconds: float


class TooSlow(Exception):
    pass


def fuzz(target: targets.Target, examples: int, seed: int, timeout: float) -> Result:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fixed_seed

    tried = 0
    crashes: Counter[str] = Counter()
    slowest = 0.0
    started = time.perf_counter()

    def expire(signum: int, frame: object) -> None:
        raise TooSlow

    signal.signal(signal.SIGALRM, expire)

    @fixed_seed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(targets.texts(target))
    def body(text: str) -> None:
        nonlocal tried, slowest
        tried += 1
        began = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            crash = targets.outcome(target, text)
        except TooSlow:
            crash = targets.Crash("TooSlow", f"longer than {timeout:g} s")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        slowest = max(slowest, time.perf_counter() - began)
        if crash is not None:
            crashes[crash.kind] += 1
            if crashes[crash.kind] <= KEEP_CRASHES:
                keep(target, text, crash)

    body()
    odd = crashes.get("odd fact", 0) + crashes.get("warning", 0)
    return Result(
        target.name,
        target.kind,
        tried,
        sum(crashes.values()) - odd,
        odd,
        dict(crashes),
        slowest,
        time.perf_counter() - started,
    )


def keep(target: targets.Target, text: str, crash: targets.Crash) -> None:
    folder = CRASH_DIR / target.name
    folder.mkdir(parents=True, exist_ok=True)
    number = len(list(folder.glob("*.input")))
    (folder / f"{number:03d}.input").write_bytes(text.encode("utf-8", "surrogatepass"))
    note = f"{target.kind} {target.name} on {target.path}\n{crash.kind}: {crash.message}\n"
    (folder / f"{number:03d}.txt").write_text(note)


def _work(job: tuple[str, int, int, float]) -> Result:
    name, examples, seed, timeout = job
    target = next(t for t in targets.all_targets() if t.name == name)
    return fuzz(target, examples, seed, timeout)


def chosen(args: argparse.Namespace) -> list[targets.Target]:
    found = []
    for target in targets.all_targets():
        wanted = (args.parser is None and args.scanner is None) or (
            (
                args.parser is not None
                and target.kind in ("parser", "settings")
                and args.parser in target.name
            )
            or (
                args.scanner is not None
                and target.kind == "scanner"
                and args.scanner in target.name
            )
        )
        if wanted:
            found.append(target)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--examples", type=int, default=1000, help="inputs per target")
    parser.add_argument("--parser", metavar="NAME", help="only parsers whose name contains NAME")
    parser.add_argument("--scanner", metavar="NAME", help="only scanners whose name contains NAME")
    parser.add_argument("--seed", type=int, default=0, help="Hypothesis seed (reproducible)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--jobs", type=int, default=1, help="targets fuzzed in parallel")
    args = parser.parse_args(argv)
    selected = chosen(args)
    if not selected:
        print("no target matches", file=sys.stderr)
        return 2
    jobs = [(t.name, args.examples, args.seed, args.timeout) for t in selected]
    print(
        f"{'target':<40} {'kind':<8} {'inputs':>9} {'crashes':>8} {'odd':>6} "
        f"{'slowest':>9} {'time':>7}"
    )
    results: list[Result] = []
    if args.jobs > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            for result in pool.imap_unordered(_work, jobs):
                report(result)
                results.append(result)
    else:
        for job in jobs:
            result = _work(job)
            report(result)
            results.append(result)
    total_inputs = sum(r.tried for r in results)
    total_crashes = sum(r.crashes for r in results)
    total_odd = sum(r.odd for r in results)
    print(
        f"{len(results)} targets, {total_inputs} inputs, {total_crashes} crashes, "
        f"{total_odd} odd facts"
    )
    return 1 if total_crashes else 0


def report(result: Result) -> None:
    kinds = ", ".join(f"{k} x{n}" for k, n in sorted(result.kinds.items()))
    print(
        f"{result.target:<40} {result.kind:<8} {result.tried:>9} {result.crashes:>8} "
        f"{result.odd:>6} {result.slowest:>8.3f}s {result.seconds:>6.0f}s"
        + (f"  {kinds}" if kinds else ""),
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
