"""What any scan in this design must pay before its own work, measured beside the floors.

    python benchmarks/limits.py [--runs 5] REPO [REPO ...]

For each repository (a clone with a work tree) it runs, interleaved and several times:

  floor        as in run.py: `git ls-files -z`, read every file, one import regex
  manifests    as in run.py: `git ls-files -z`, read only the manifests
  imports      a fresh Python importing exactly the modules a cold scan of this tree loads,
               and nothing else: the part of a cold scan no analysis can avoid
  cold         a cold scan as run.py times it (`--no-cache`, whole process)
  unparsed     a cold scan (`--no-cache`, whole process) whose Python files give their
               imports, read without the parser, and nothing else: every other part of the
               scan as it is, the Python analyzers' work taken out. No design of the
               analyzers can make a cold scan faster than this
  peer         stack-analyser, as in run.py (only when STACK_ANALYSER_DIR is set)
  patched      the least an incremental hook must do after one edit (a design that keeps the
               last scan's state and patches it with the index's changes, instead of
               listing, merging and judging the tree again): the git check below, then
               stackcheck's file scanners run on the one product Python file run.py's hook
               case edits, in the same process; no merging, judging or output. Shown as
               patched / git check against the hook's 1.5 target
  git check    a Python script that runs the git commands a warm scan needs to know the work
               tree is unchanged (the index with blob ids, changed files, untracked files,
               at once: GIT_CHECK_COMMANDS below) and looks one key up in SQLite: a warm scan
               with nothing else to do

and prints medians with imports / floor, unparsed / floor, peer / unparsed, git check /
manifests and patched / git check: the lowest cold, warm and hook ratios these designs can
reach on that tree.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (
    FLOOR_SCRIPT,
    Sample,
    compile_bytecode,
    edited_file,
    measure,
    median,
    peer_command,
    stackcheck,
)
from synthetic import settle_index

# The git-check floor's commands, frozen as `WORKTREE_COMMANDS` (source/gitstate.py) stood
# on 2026-12-04 (copied, not imported): changing stackcheck's own commands cannot move the
# floor its warm scans are measured against.
GIT_CHECK_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("rev-parse", "--is-bare-repository", "--is-inside-work-tree"),
    ("ls-files", "-z", "-s"),
    ("ls-files", "-z", "--others", "--exclude-standard"),
    ("diff-files", "-z", "--name-only", "--relative"),
)

# Run a cold scan in-process and print the modules it loaded.
MODULES_SCRIPT = r"""
import contextlib, io, json, sys
sys.argv = ["stackcheck", "scan", sys.argv[1], "--format", "json", "--no-cache"]
from stackcheck.console import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""

IMPORTS_SCRIPT = r"""
import importlib, json, sys
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except Exception:
        pass
"""

# A cold scan with the Python analyzers' work taken out: each Python file gives the imports
# read without the parser (what the scanner gives a file no analyzer's gate opens on).
UNPARSED_SCRIPT = r"""
import sys
from stackcheck.facts.signals.python import code

def imports_only(path, text):
    read = code._imports_unparsed(text)
    return [] if read is None else list(code.import_facts(path, code.first_imports(read)))

code._scan = imports_only
sys.argv = ["stackcheck", "scan", sys.argv[1], "--format", "json", "--no-cache", "-o", "/dev/null"]
from stackcheck.console import main
try:
    main()
except SystemExit:
    pass
"""

GIT_CHECK_SCRIPT = r"""
import hashlib, json, sqlite3, subprocess, sys
root, commands, database = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
running = [subprocess.Popen(["git", *c], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE) for c in commands]
digest = hashlib.sha1(usedforsecurity=False)
for proc in running:
    digest.update(proc.communicate()[0])
db = sqlite3.connect(database)
db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value TEXT)")
db.execute("SELECT value FROM facts WHERE key = ?", (digest.hexdigest(),)).fetchone()
"""

# The git check, then the one edited file's facts as collect.py finds them (the scanners its
# name routes to, each whose gate and needles open on the content).
PATCHED_SCRIPT = (
    GIT_CHECK_SCRIPT
    + r"""
from stackcheck.facts import signals
path = sys.argv[4]
with open(f"{root}/{path}", "rb") as f:
    data = f.read()
text = data.decode("utf-8", "replace")
ending = signals.ending_of(path)
facts = [
    fact
    for module in signals.modules_for(path)
    for scanner in signals.scanners_for(module, ending)
    if scanner.wants(path)
    and (scanner.gate is None or scanner.gate(data))
    and (not scanner.needles or any(n in data for n in scanner.needles))
    for fact in scanner.scan(path, text)
]
"""
)


def loaded_modules(tree: Path) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", MODULES_SCRIPT, str(tree)], capture_output=True, check=True
    ).stdout
    names: list[str] = json.loads(out.splitlines()[-1])
    # Modules imported only by worker processes (on large trees) are not in this list: the
    # figure stays a lower bound. `__main__` modules would run a program when imported.
    return [n for n in names if n != "__main__" and not n.endswith(".__main__")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repos", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_bytecode()
    database = Path(tempfile.mkdtemp(prefix="stackcheck-limits-")) / "lookup.sqlite3"
    commands = json.dumps([list(c) for c in GIT_CHECK_COMMANDS])
    header = (
        f"{'tree':<28} {'floor s':>8} {'imports s':>9} {'imports/floor':>13} "
        f"{'cold s':>7} {'unparsed s':>10} {'unparsed/floor':>14} "
        f"{'peer s':>7} {'peer/unparsed':>13} "
        f"{'manifests s':>11} {'git check s':>11} {'check/manifests':>15} "
        f"{'patched s':>9} {'patched/check':>13}"
    )
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; {args.runs} runs, medians")
    print(header)
    print("-" * len(header))
    for repo in args.repos:
        tree = repo.resolve()
        settle_index(tree)
        modules = json.dumps(loaded_modules(tree))
        runs = {
            "floor": [sys.executable, "-c", FLOOR_SCRIPT, str(tree), "all"],
            "manifests": [sys.executable, "-c", FLOOR_SCRIPT, str(tree), "manifests"],
            "imports": [sys.executable, "-c", IMPORTS_SCRIPT, modules],
            "cold": stackcheck("scan", str(tree), "--format", "json", "--no-cache"),
            "unparsed": [sys.executable, "-c", UNPARSED_SCRIPT, str(tree)],
            "check": [sys.executable, "-c", GIT_CHECK_SCRIPT, str(tree), commands, str(database)],
        }
        edited = edited_file(tree)
        if edited is not None:
            runs["patched"] = [*runs["check"][:2], PATCHED_SCRIPT, *runs["check"][3:], edited]
        peer = peer_command(tree)
        if peer is not None:
            runs["peer"] = peer
        samples: dict[str, list[Sample]] = {k: [] for k in runs}
        for _ in range(args.runs):
            for label, argv in runs.items():
                samples[label].append(measure(argv))
        m = {k: median(v).seconds for k, v in samples.items()}
        peer_s, peer_ratio = "n/a", "n/a"
        if "peer" in m:
            peer_s, peer_ratio = f"{m['peer']:.2f}", f"{m['peer'] / m['unparsed']:.2f}"
        patched_s, patched_ratio = "n/a", "n/a"
        if "patched" in m:
            patched_s, patched_ratio = f"{m['patched']:.3f}", f"{m['patched'] / m['check']:.2f}"
        print(
            f"{tree.name[:28]:<28} {m['floor']:8.3f} {m['imports']:9.3f} "
            f"{m['imports'] / m['floor']:13.2f} {m['cold']:7.3f} {m['unparsed']:10.3f} "
            f"{m['unparsed'] / m['floor']:14.2f} {peer_s:>7} {peer_ratio:>13} "
            f"{m['manifests']:11.3f} {m['check']:11.3f} {m['check'] / m['manifests']:15.2f} "
            f"{patched_s:>9} {patched_ratio:>13}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
