"""The least a resident hook server could answer the hook after one edit in, measured.

    python benchmarks/resident.py [--runs 7] REPO [REPO ...]

The hook after one staged edit is the target no process that starts for each commit has
reached (limits.py's `patched` row bounds it). The design left is a resident process: one
that has loaded stackcheck once and answers each commit from memory (the dmypy or eslint_d
shape), forking a child per request so no request sees another's state. This script
measures that design's best cases before anyone builds it, in one long-lived Python process
that plays the server:

  git check     limits.py's frozen git check, run as its own process (the target's base)
  resident      `stackcheck scan --staged --format json` run in a fork of this process after
                it has loaded everything a scan loads and scanned the tree once: a server
                that keeps the code loaded and scans the tree again per request
  resident+     the git check's commands and the edited file's scanners, in a fork of the
                same process: a server that also keeps the last scan's facts and only
                patches them (no listing, merging, judging or output counted)
  client        a fresh `python -S` that connects to a Unix socket and reads one byte: what
                the command a hook runs would add to either

Each run appends a line to the product Python file run.py's hook case edits, in a local
clone, stages it, then times the three; medians are printed with resident / check and
(resident+ + client) / check against the hook's 1.5 target.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from limits import GIT_CHECK_COMMANDS, GIT_CHECK_SCRIPT, PATCHED_SCRIPT
from run import compile_bytecode, edited_file, measure
from synthetic import settle_index

CLIENT_SCRIPT = r"""
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.recv(1)
"""


def in_fork(work: Callable[[], None]) -> float:
    """Seconds from the fork to the child's exit, the child running `work` with its output
    thrown away."""
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        code = 0
        try:
            work()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 0
        except BaseException:
            code = 3
        sys.stdout.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"the forked scan failed ({os.waitstatus_to_exitcode(status)})")
    return elapsed


def scan_in_process(argv: list[str]) -> None:
    from stackcheck.console import main

    sys.argv = ["stackcheck", *argv]
    main()


def warm_up(tree: Path) -> None:
    """Load everything a scan loads (and compile its patterns) in this process."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        scan_in_process(["scan", str(tree), "--format", "json", "--no-cache"])


def patched(root: str, commands: str, database: str, edited: str) -> Callable[[], None]:
    def work() -> None:
        sys.argv = ["patched", root, commands, database, edited]
        exec(PATCHED_SCRIPT, {"__name__": "__patched__"})

    return work


class OneByteServer:
    """A Unix socket that answers each connection with one byte: the client's cost alone."""

    def __init__(self, path: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.bind(path)
        self.sock.listen(8)
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            conn, _ = self.sock.accept()
            conn.sendall(b"\0")
            conn.close()


def run_tree(tree: Path, runs: int, work: Path, server: str) -> dict[str, float]:
    clone = work / f"resident-{tree.name}"
    subprocess.run(["git", "clone", "-q", "--local", str(tree), str(clone)], check=True)
    name = edited_file(clone) or "edited_by_benchmark.py"
    edited = clone / name
    if not edited.exists():
        edited.write_text("import os\n")
    settle_index(clone)
    commands = json.dumps([list(c) for c in GIT_CHECK_COMMANDS])
    database = str(work / "lookup.sqlite3")
    check = [sys.executable, "-c", GIT_CHECK_SCRIPT, str(clone), commands, database]
    hook = ["scan", str(clone), "--staged", "--format", "json"]
    for _ in range(2):  # prime the content cache as run.py does
        in_fork(lambda: scan_in_process(hook))
    samples: dict[str, list[float]] = {"check": [], "resident": [], "patched": [], "client": []}
    for count in range(runs):
        with edited.open("a", encoding="utf-8") as f:
            f.write(f"# benchmark edit {count}\n")
        subprocess.run(["git", "add", "--", str(edited)], cwd=clone, check=True)
        samples["patched"].append(in_fork(patched(str(clone), commands, database, name)))
        samples["resident"].append(in_fork(lambda: scan_in_process(hook)))
        samples["check"].append(measure(check).seconds)
        client = [sys.executable, "-S", "-c", CLIENT_SCRIPT, server]
        samples["client"].append(measure(client).seconds)
    return {k: statistics.median(v) for k, v in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repos", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="stackcheck-resident-"))
    os.environ["STACKCHECK_CACHE_DIR"] = str(work / "cache")
    server = str(work / "server.sock")
    OneByteServer(server)
    warm_up(args.repos[0].resolve())
    header = (
        f"{'tree':<12} {'check s':>8} {'resident s':>10} {'resident/check':>14} "
        f"{'resident+ s':>11} {'client s':>8} {'(resident+ + client)/check':>26}"
    )
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; {args.runs} runs, medians")
    print(header)
    print("-" * len(header))
    try:
        rows = [(repo, run_tree(repo.resolve(), args.runs, work, server)) for repo in args.repos]
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the clones the edits were made in
    for repo, m in rows:
        both = (m["patched"] + m["client"]) / m["check"]
        print(
            f"{repo.name[:12]:<12} {m['check']:8.3f} {m['resident']:10.3f} "
            f"{m['resident'] / m['check']:14.2f} {m['patched']:11.3f} {m['client']:8.3f} "
            f"{both:26.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
