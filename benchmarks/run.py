"""Benchmark stackcheck against what any correct scan must pay, and against its peer, in one run.

    python benchmarks/run.py [--runs 5] [--large] [--huge] [--only-real] [REPO ...]

For every tree (synthetic ones generated here, plus any real repositories given) it runs,
interleaved and several times each:

  floor        `git ls-files -z`, read every file's bytes, one import regex over .py/.js/.ts
  git check    the git commands a warm scan needs to know the work tree is unchanged, and
               one SQLite lookup (limits.py; its command list is frozen there)
  cold         `stackcheck scan --format json --no-cache`
  warm         `stackcheck scan --format json` with a primed cache, run twice before (the
               second run, whole from the cache, stores the answer a repeat replays)
  hook         `stackcheck scan --staged --format json` (the pre-commit hook) after one
               Python file was changed and staged, in a local clone of the tree
  served       the same hook with a resident server up (`stackcheck server start`, for
               this tree's cache folder): the command a hook runs hands the scan to it
  peer         `@specfy/stack-analyser` (only when STACK_ANALYSER_DIR points at it)

then, once per tree, the peak memory of a cold scan: the sum of PSS over stackcheck and
every process it starts, sampled every 10 ms (memory.py). It prints medians, the ratios
the targets are stated in (issue 17), and which of them hold. It also compares
`stackcheck --version` with `python -c pass`. Each tree's index is refreshed first
(`git update-index --refresh`, as `git status` does): in a fresh clone every entry is racily
clean and git re-reads every file on each status.
"""

from __future__ import annotations

import argparse
import json
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

from memory import peak_pss_mib  # noqa: E402
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


def hook_tree(tree: Path, work: Path) -> tuple[Path, Path]:
    """A local clone of the tree for the hook case (the benchmark never edits the tree it is
    given) and the product Python file each hook run changes and stages."""
    clone = work / f"hook-{tree.name}"
    subprocess.run(["git", "clone", "-q", "--local", str(tree), str(clone)], check=True)
    edited = clone / (edited_file(clone) or "edited_by_benchmark.py")
    if not edited.exists():
        edited.write_text("import os\n")
    settle_index(clone)
    return clone, edited


def edited_file(tree: Path) -> str | None:
    """The product Python file the hook case edits: the first one git lists outside tests,
    docs and hidden folders."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", "*.py"], cwd=tree, capture_output=True, check=True
    ).stdout.split(b"\0")
    for p in listed:
        parts = p.split(b"/")
        if p and not any(q in (b"tests", b"test", b"docs") or q.startswith(b".") for q in parts):
            return os.fsdecode(p)
    return None


class HookRun:
    """Each call appends a new line to one Python file, stages it, and times the hook: the
    cache holds every other blob, and this content was never seen."""

    def __init__(self, clone: Path, edited: Path, env: dict[str, str], count_from: int = 0) -> None:
        self.clone, self.edited, self.env, self.count = clone, edited, env, count_from

    def __call__(self) -> Sample:
        self.count += 1
        with self.edited.open("a", encoding="utf-8") as f:
            f.write(f"# benchmark edit {self.count}\n")
        subprocess.run(["git", "add", "--", str(self.edited)], cwd=self.clone, check=True)
        return measure(
            stackcheck("scan", str(self.clone), "--staged", "--format", "json"), env=self.env
        )


def run_tree(tree: Path, runs: int, work: Path) -> dict[str, list[Sample]]:
    from limits import GIT_CHECK_COMMANDS, GIT_CHECK_SCRIPT

    cache_dir = work / f"cache-{tree.name}"
    served = {**os.environ, "STACKCHECK_CACHE_DIR": str(cache_dir)}
    env = {**served, "STACKCHECK_SERVER": "0"}  # (every case but `served` scans by itself)
    check = json.dumps([list(c) for c in GIT_CHECK_COMMANDS])
    lookup = str(work / "lookup.sqlite3")
    clone, edited = hook_tree(tree, work)
    commands: dict[str, Callable[[], Sample]] = {
        "floor": lambda: measure([sys.executable, "-c", FLOOR_SCRIPT, str(tree), "all"]),
        "check": lambda: measure(
            [sys.executable, "-c", GIT_CHECK_SCRIPT, str(tree), check, lookup]
        ),
        "cold": lambda: measure(
            stackcheck("scan", str(tree), "--format", "json", "--no-cache"), env=env
        ),
        "warm": lambda: measure(stackcheck("scan", str(tree), "--format", "json"), env=env),
        "hook": HookRun(clone, edited, env),
        "served": HookRun(clone, edited, served, count_from=1_000_000),
    }
    peer = peer_command(tree)
    if peer is not None:
        commands["peer"] = lambda: measure(peer)
    for _ in range(2):  # prime the cache; the second run stores the answer (fastpath.py)
        measure(stackcheck("scan", str(tree), "--format", "json"), env=env)
    measure(stackcheck("scan", str(clone), "--staged", "--format", "json"), env=env)
    subprocess.run(stackcheck("server", "start"), env=served, check=True, capture_output=True)
    try:
        for _ in range(2):  # the server's first scans of this tree load what it keeps
            commands["served"]()
        samples: dict[str, list[Sample]] = {k: [] for k in commands}
        for _ in range(runs):  # interleaved, so drift hits every command alike
            for label, command in commands.items():
                samples[label].append(command())
    finally:
        subprocess.run(stackcheck("server", "stop"), env=served, capture_output=True)
    shutil.rmtree(clone, ignore_errors=True)
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


COLD_TARGET_FLOOR = 0.15


def targets(name: str, count: int, m: dict[str, float], mib: float, real: bool) -> list[str]:
    """Each target of issue 17 that applies to this tree, and whether it holds. The cold
    targets hold for every real repository, and for a synthetic tree whose floor is at least
    COLD_TARGET_FLOOR seconds (below that, starting Python is most of any scan)."""
    found = []

    def target(what: str, value: float, limit: float, holds: bool) -> None:
        found.append(
            f"  {'met   ' if holds else 'NOT met'} {name}: {what} {value:.2f} (target {limit:g})"
        )

    cold = m["cold"] / m["floor"]
    cold_targets = real or m["floor"] >= COLD_TARGET_FLOOR
    if count >= 150_000:
        target("cold / floor", cold, 2.5, cold <= 2.5)
        target("peak MiB", mib, 100, mib <= 100)
    elif cold_targets:
        target("cold / floor", cold, 2.0, cold <= 2.0)
    if "peer" in m and cold_targets:
        target("stack-analyser / cold", m["peer"] / m["cold"], 2.0, m["peer"] >= 2 * m["cold"])
    target("warm / git check", m["warm"] / m["check"], 1.3, m["warm"] <= 1.3 * m["check"])
    target("hook / git check", m["hook"] / m["check"], 1.5, m["hook"] <= 1.5 * m["check"])
    served = m["served"] / m["check"]
    target("hook with the server / git check", served, 1.5, m["served"] <= 1.5 * m["check"])
    if name == "babel":
        target("peak MiB", mib, 60, mib <= 60)
    return found


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


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
    trees: list[tuple[str, Path, bool]] = []  # name, folder, whether a real repository
    if not args.only_real:
        for name, spec in TREES.items():
            wanted = {"medium": True, "large": args.large, "huge": args.huge}[spec.size]
            if not wanted:
                continue
            trees.append((name, build(name, work / name), False))
    trees += [(repo.resolve().name, repo.resolve(), True) for repo in args.repos]
    for _, tree, _ in trees:
        settle_index(tree)

    print(
        f"python {sys.version.split()[0]} on {os.cpu_count()} cores, load {load()}; "
        f"{args.runs} runs each, interleaved, medians; memory = peak summed PSS of a cold "
        "scan's process tree"
    )
    base, ours = startup(max(args.runs, 5))
    print(
        f"start-up: python -c pass {base * 1000:.0f} ms, stackcheck --version "
        f"{ours * 1000:.0f} ms ({ours / base:.1f}x, target <= 4x)\n"
    )
    header = (
        f"{'tree':<26} {'files':>7} {'floor s':>7} {'cold s':>7} {'cold/fl':>7} {'peer s':>7} "
        f"{'peer/cold':>9} {'check s':>7} {'warm s':>7} {'warm/chk':>8} {'hook s':>7} "
        f"{'hook/chk':>8} {'served s':>8} {'srv/chk':>7} {'MiB':>6}"
    )
    print(header)
    print("-" * len(header))
    verdicts: list[str] = []
    for name, tree, real in trees:
        samples = run_tree(tree, args.runs, work)
        m = {k: median(v).seconds for k, v in samples.items()}
        mib = peak_pss_mib(
            stackcheck("scan", str(tree), "--format", "json", "--no-cache"),
            env={**os.environ, "STACKCHECK_CACHE_DIR": str(work / "cache-memory")},
        )
        count = file_count(tree)
        peer = f"{m['peer']:7.2f}" if "peer" in m else f"{'n/a':>7}"
        peer_ratio = f"{m['peer'] / m['cold']:9.2f}" if "peer" in m else f"{'n/a':>9}"
        print(
            f"{name[:26]:<26} {count:>7} {m['floor']:7.3f} {m['cold']:7.3f} "
            f"{m['cold'] / m['floor']:7.2f} {peer} {peer_ratio} {m['check']:7.3f} "
            f"{m['warm']:7.3f} {m['warm'] / m['check']:8.2f} {m['hook']:7.3f} "
            f"{m['hook'] / m['check']:8.2f} {m['served']:8.3f} "
            f"{m['served'] / m['check']:7.2f} {mib:6.1f}",
            flush=True,
        )
        verdicts += targets(name, count, m, mib, real)
    print("\ntargets (issue 17), each in this run:")
    print("\n".join(verdicts))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
