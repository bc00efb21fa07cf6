"""Benchmark stackcheck against the cost of reading the bytes, in one run.

    python benchmarks/run.py [--runs 5] [--large] [--huge] [REPO ...]

For every tree (synthetic ones generated here, plus any real repositories given) it runs,
interleaved and several times each:

  floor        `git ls-files -z`, read every file's bytes, one import regex over .py/.js/.ts
  manifests    `git ls-files -z` and read only the manifests (the floor of a warm scan)
  cold         `stackcheck scan --no-cache`
  warm         `stackcheck scan` with a primed cache
  peer         `@specfy/stack-analyser` (only when STACK_ANALYSER_DIR points at it)

and prints medians, the ratios the targets are stated in, and each process's peak RSS. It
also compares `stackcheck --version` with `python -c pass`. Each tree's index is refreshed
first (`git update-index --refresh`, as `git status` does): in a fresh clone every entry is
racily clean and git re-reads every file on each status.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import TREES, build, settle_index  # noqa: E402

FLOOR_SCRIPT = r"""
import os, re, subprocess, sys
root = sys.argv[1]
only_manifests = sys.argv[2] == "manifests"
MANIFESTS = {"requirements.txt", "pyproject.toml", "setup.py", "setup.cfg", "Pipfile",
             "package.json", "go.mod", "Cargo.toml", "Gemfile", "composer.json", "Dockerfile",
             "docker-compose.yml", "Procfile"}
IMPORT = re.compile(rb"^\s*(?:import|from)\s+([\w.]+)|require\(['\"]([^'\"]+)", re.M)
paths = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True,
                       check=True).stdout.split(b"\0")
found = 0
for raw in paths:
    if not raw:
        continue
    path = os.fsdecode(raw)
    if only_manifests and path.rsplit("/", 1)[-1] not in MANIFESTS:
        continue
    try:
        with open(os.path.join(root, path), "rb") as f:
            data = f.read()
    except OSError:
        continue
    if not only_manifests and path.endswith((".py", ".js", ".ts")):
        found += len(IMPORT.findall(data))
print(found)
"""


class Sample(NamedTuple):
    seconds: float
    peak_mib: float


def measure(
    argv: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> Sample:
    """Wall time and peak RSS of one process (os.wait4 gives that child's own rusage)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err}")
    if proc.stderr:
        proc.stderr.close()
    rss_kib = usage.ru_maxrss  # KiB on Linux
    return Sample(elapsed, rss_kib / 1024)


def stackcheck(*args: str) -> list[str]:
    return [sys.executable, "-m", "stackcheck", *args]


PEER_SCRIPT = """
const [base, tree] = process.argv.slice(1);
const { analyser, FSProvider } = await import(`${base}/dist/index.js`);
await import(`${base}/dist/autoload.js`);
const result = await analyser({ provider: new FSProvider({ path: tree }) });
console.log(Object.keys(result.toJson().techs || {}).length);
"""


def peer_command(tree: Path) -> list[str] | None:
    """`@specfy/stack-analyser`'s library call through node, when it is installed: set
    STACK_ANALYSER_DIR to its package folder (e.g. after `npm install --prefix DIR
    @specfy/stack-analyser`, DIR/node_modules/@specfy/stack-analyser)."""
    node = shutil.which("node")
    base = os.environ.get("STACK_ANALYSER_DIR")
    if node is None or not base or not (Path(base) / "dist" / "index.js").exists():
        return None
    return [node, "--input-type=module", "-e", PEER_SCRIPT, base, str(tree)]


def run_tree(name: str, tree: Path, runs: int, cache_dir: Path) -> dict[str, list[Sample]]:
    env = {**os.environ, "STACKCHECK_CACHE_DIR": str(cache_dir)}
    commands: dict[str, Callable[[], Sample]] = {
        "floor": lambda: measure([sys.executable, "-c", FLOOR_SCRIPT, str(tree), "all"]),
        "manifests": lambda: measure([sys.executable, "-c", FLOOR_SCRIPT, str(tree), "manifests"]),
        "cold": lambda: measure(
            stackcheck("scan", str(tree), "--format", "json", "--no-cache"), env=env
        ),
        "warm": lambda: measure(stackcheck("scan", str(tree), "--format", "json"), env=env),
    }
    peer = peer_command(tree)
    if peer is not None:
        commands["peer"] = lambda: measure(peer)
    measure(stackcheck("scan", str(tree), "--format", "json"), env=env)  # prime the cache
    samples: dict[str, list[Sample]] = {k: [] for k in commands}
    for _ in range(runs):  # interleaved, so drift hits every command alike
        for label, command in commands.items():
            samples[label].append(command())
    return samples


def median(samples: list[Sample]) -> Sample:
    return Sample(statistics.median(s.seconds for s in samples), max(s.peak_mib for s in samples))


def file_count(tree: Path) -> int:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=tree, capture_output=True, check=True)
    return out.stdout.count(b"\0")


def startup(runs: int) -> tuple[float, float]:
    base = [measure([sys.executable, "-c", "pass"]).seconds for _ in range(runs)]
    ours = [measure(stackcheck("--version")).seconds for _ in range(runs)]
    return statistics.median(base), statistics.median(ours)


def compile_bytecode() -> None:
    """pip compiles an installed wheel's modules; an editable checkout under
    PYTHONDONTWRITEBYTECODE would compile every module on every run, and that is not what a
    user waits for."""
    import compileall

    import stackcheck

    compileall.compile_dir(Path(stackcheck.__file__).parent, quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repos", nargs="*", type=Path, help="extra real repositories")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large", action="store_true", help="add the 28,000-file monorepo")
    parser.add_argument("--huge", action="store_true", help="add the 200,000-file tree")
    parser.add_argument("--only-real", action="store_true", help="skip the synthetic trees")
    args = parser.parse_args(argv)

    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="stackcheck-bench-"))
    trees: list[tuple[str, Path]] = []
    if not args.only_real:
        for name, spec in TREES.items():
            wanted = {"medium": True, "large": args.large, "huge": args.huge}[spec.size]
            if not wanted:
                continue
            trees.append((name, build(name, work / name)))
    trees += [(repo.resolve().name, repo.resolve()) for repo in args.repos]
    for _, tree in trees:
        settle_index(tree)

    print(
        f"python {sys.version.split()[0]} on {os.cpu_count()} cores; {args.runs} runs each, "
        "medians; peak = max RSS over runs"
    )
    base, ours = startup(max(args.runs, 5))
    print(
        f"start-up: python -c pass {base * 1000:.0f} ms, stackcheck --version "
        f"{ours * 1000:.0f} ms ({ours / base:.1f}x, target <= 4x)\n"
    )
    header = (
        f"{'tree':<28} {'files':>7} {'floor s':>8} {'cold s':>8} {'cold/floor':>10} "
        f"{'files/s':>9} {'warm s':>7} {'warm/man':>8} {'peak MiB':>8} {'peer s':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, tree in trees:
        samples = run_tree(name, tree, args.runs, work / f"cache-{name}")
        m = {k: median(v) for k, v in samples.items()}
        count = file_count(tree)
        peer = f"{m['peer'].seconds:7.2f}" if "peer" in m else f"{'n/a':>7}"
        print(
            f"{name[:28]:<28} {count:>7} {m['floor'].seconds:8.3f} {m['cold'].seconds:8.3f} "
            f"{m['cold'].seconds / m['floor'].seconds:10.2f} "
            f"{count / m['cold'].seconds:9.0f} {m['warm'].seconds:7.3f} "
            f"{m['warm'].seconds / m['manifests'].seconds:8.2f} "
            f"{m['cold'].peak_mib:8.1f} {peer}"
        )
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
