"""The modules `stackcheck --version` and a scan import, recorded to compare two commits.

    python benchmarks/imports.py OUT.json
    python benchmarks/imports.py --compare BEFORE.json AFTER.json

Recording runs `stackcheck --version`, then scans every fixture under tests/fixtures/ (built
into real git repositories in a temporary folder) in one process, each run in a fresh
interpreter, and writes the modules in sys.modules afterwards with the file each came from.

`--compare` fails (exit 1) when the later list grows: a module from outside stackcheck that
was not imported before, or a stackcheck module whose code was not imported before. A
stackcheck module counts as the same code when git's rename detection maps it to a module
imported before, or it was moved into a package under the same folder and file name
(formats/text.py), or nearly all its lines come from modules imported before (code split
out of a module), or it is a package's `__init__.py` without code of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import FIXTURES, make_repo  # noqa: E402

SPLIT_SHARE = 0.8  # of a new module's lines that must come from code imported before

PROBE = r"""
import contextlib, io, json, os, sys
from stackcheck.console import main

repos = json.loads(sys.argv[1])

def run(*args):
    sys.argv = ["stackcheck", *args]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main()
        except SystemExit:
            pass

for repo in repos:
    run("scan", "--format", "json", repo)
    run("scan", "--format", "json", "--no-cache", repo)
    run("scan", "--format", "json", "--staged", repo)
    run("scan", "--format", "json", "--rev", "HEAD", repo)
if not repos:
    run("--version")
found = {n: getattr(m, "__file__", None) for n, m in sorted(sys.modules.items())}
print(json.dumps(found))
"""


def modules(repos: list[str], cache: Path) -> dict[str, str | None]:
    env = {**os.environ, "STACKCHECK_CACHE_DIR": str(cache)}
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(repos)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    found: dict[str, str | None] = json.loads(done.stdout)
    src = str(ROOT / "src") + os.sep
    return {
        name: (file.removeprefix(src) if file and file.startswith(src) else None)
        for name, file in found.items()
    }


def record(out: Path) -> int:
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="imports-") as tmp:
        folder = Path(tmp)
        fixtures = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
        repos = [str(make_repo(folder / f, f)) for f in fixtures]
        data = {
            "commit": commit,
            "version": modules([], folder / "cache"),
            "scan": modules(repos, folder / "cache"),
        }
    out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for run in ("version", "scan"):
        own = [m for m in data[run] if m.split(".")[0] == "stackcheck"]
        print(f"{run}: {len(data[run])} modules, {len(own)} of them stackcheck's")
    return 0


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def _renamed(before: str, after: str) -> dict[str, str]:
    """New path -> old path, for the files git sees as renamed between the commits."""
    out = _git("diff", "--name-status", "-M30%", before, after, "--", "src/stackcheck")
    found = {}
    for line in out.splitlines():
        status, *paths = line.split("\t")
        if status.startswith("R"):
            found[paths[1].removeprefix("src/")] = paths[0].removeprefix("src/")
    return found


def _moved(file: str, old_files: set[str]) -> bool:
    """A module moved into a package keeps its folder and file name (formats/text.py)."""
    tail = "/".join(file.split("/")[-2:])
    return file.count("/") > 1 and any(f.endswith("/" + tail) for f in old_files)


def _code_lines(text: str) -> list[str]:
    return [s for s in (line.strip() for line in text.splitlines()) if s]


def _has_code(text: str) -> bool:
    import ast

    body = ast.parse(text).body
    return any(
        not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
        and not isinstance(node, ast.ImportFrom | ast.Import)
        for node in body
    )


def compare(first: Path, second: Path) -> int:
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    renamed = _renamed(before["commit"], after["commit"])
    grew = 0
    for run in ("version", "scan"):
        old, new = before[run], after[run]
        old_files = {f for f in old.values() if f}
        old_lines: set[str] = set()
        for file in sorted(old_files):
            old_lines.update(_code_lines(_git("show", f"{before['commit']}:src/{file}")))
        for name in sorted(set(new) - set(old)):
            file = new[name]
            if name.split(".")[0] != "stackcheck" or not file:
                print(f"{run}: new module from outside stackcheck: {name}")
                grew += 1
                continue
            if renamed.get(file) in old_files or file in old_files or _moved(file, old_files):
                continue
            text = (ROOT / "src" / file).read_text(encoding="utf-8")
            lines = _code_lines(text)
            share = sum(line in old_lines for line in lines) / max(len(lines), 1)
            if file.endswith("__init__.py") and not _has_code(text):
                print(f"{run}: {name}: a package without code of its own")
            elif share >= SPLIT_SHARE:
                print(f"{run}: {name}: split out of code imported before ({share:.0%})")
            else:
                print(f"{run}: new code: {name} ({share:.0%} of its lines imported before)")
                grew += 1
        for name in sorted(set(old) - set(new)):
            if name.split(".")[0] != "stackcheck":
                print(f"{run}: no longer imported: {name}")
        own_old = sum(1 for m in old if m.split(".")[0] == "stackcheck")
        own_new = sum(1 for m in new if m.split(".")[0] == "stackcheck")
        other_old, other_new = len(old) - own_old, len(new) - own_new
        print(f"{run}: other modules {other_old} -> {other_new}, stackcheck {own_old} -> {own_new}")
    print("the import set did not grow" if not grew else f"{grew} modules more")
    return 1 if grew else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        parser.error("give OUT.json, or --compare BEFORE.json AFTER.json")
    return record(args.out)


if __name__ == "__main__":
    sys.exit(main())
