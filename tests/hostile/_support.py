"""Helpers shared by the hostile-input tests: scans in-process and through the real CLI."""

from __future__ import annotations

import faulthandler
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from click.testing import CliRunner

from stackcheck.cli import cli
from stackcheck.facts import Facts, signals
from stackcheck.facts.collect import Limits, collect
from stackcheck.facts.manifests import REGISTRY, ParserRef
from stackcheck.source.discover import Exclusions, discover, filter_listing
from stackcheck.source.listing import Entry, Listing, RepoFiles

SRC = Path(__file__).resolve().parents[2] / "src"
HANG_GUARD_SECONDS = 60


def scan(root: Path, limits: Limits | None = None, rev: str | None = None) -> Facts:
    """discover + collect, in-process, without a cache."""
    return collect(discover(root, rev=rev), limits or Limits())


def reasons(facts: Facts) -> dict[str, str]:
    """path -> reason of every skipped entry (the last one when a path has several)."""
    return {s.path: s.reason for s in facts.skipped}


def invoke(*args: str) -> tuple[int, str, str]:
    """The CLI in-process (click's runner): exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def real_cli(
    *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m stackcheck ...` in a fresh process, as a user runs it."""
    full_env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "stackcheck", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=300,
        check=False,
    )


def assert_one_line_error(stderr: str, *needles: str) -> None:
    """A user error: one line on stderr, naming what is wrong, and no traceback."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("stackcheck: error: "), stderr
    assert "Traceback" not in stderr
    for needle in needles:
        assert needle in lines[0], (needle, stderr)


def exit_code_for(verdict: str) -> int:
    """The default policy (CONTRACT.md): only `avoid` fails the run."""
    return 1 if verdict == "avoid" else 0


def sample_path(how: str, pattern: str) -> str:
    """A concrete path that a REGISTRY row matches: `requirements*.txt` -> `requirements-x.txt`."""
    if how == "name":
        return pattern
    return pattern.replace("*", "x").replace("requirementsx", "requirements-x")


def registry_rows() -> list[tuple[str, ParserRef]]:
    """Every REGISTRY row as (a path it matches, its parser)."""
    return [(sample_path(how, p), ParserRef(m, f)) for how, p, m, f in REGISTRY]


def parsers() -> list[ParserRef]:
    """Every distinct registered parser, in table order."""
    seen: dict[ParserRef, None] = {}
    for _how, _pattern, module, function in REGISTRY:
        seen.setdefault(ParserRef(module, function), None)
    return list(seen)


def memory_repo(files: Mapping[str, bytes]) -> RepoFiles:
    """A tree held in memory, through discovery's own filters (vendored, docs, tests):
    collect runs on it without touching the disk."""
    data = dict(files)

    def read(path: str, limit: int) -> bytes:
        if path not in data:
            raise FileNotFoundError(path)
        return data[path][: limit + 1]

    entries = [Entry(path, len(content)) for path, content in sorted(data.items())]
    return filter_listing(Listing(Path("/nonexistent"), entries, [], read), Exclusions())


@contextmanager
def hang_guard(seconds: float = HANG_GUARD_SECONDS) -> Iterator[None]:
    """End the whole test run with a traceback if the body hangs. A watchdog thread, not
    SIGALRM: the collector's own time budget owns that signal."""
    faulthandler.dump_traceback_later(seconds, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def sparse_file(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no disk space (a hole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@contextmanager
def extra_scanner(scanner: signals.FileScanner, ending: str) -> Iterator[None]:
    """Route files ending in `ending` to one more file scanner, inside the block only."""
    module = f"hostile_{scanner.name}"
    signals.ROUTES[module] = signals.Route((ending,))
    signals._by_module[module] = (scanner,)
    signals._routed.cache_clear()
    try:
        yield
    finally:
        del signals.ROUTES[module], signals._by_module[module]
        signals._routed.cache_clear()


@contextmanager
def executed_lines(counted: Callable[[str], bool]) -> Iterator[list[int]]:
    """Count the lines Python executes, while the block runs, in the files whose name
    `counted` accepts: a measure of work that does not depend on the machine's load."""
    count = [0]

    def trace(frame: FrameType, event: str, _arg: object) -> Any:
        if not counted(frame.f_code.co_filename):
            return None
        if event == "line":
            count[0] += 1
        return trace

    sys.settrace(trace)
    try:
        yield count
    finally:
        sys.settrace(None)
