"""The quality gates run with the test suite, so the README's test command covers them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [d for d in ("src", "tests", "benchmarks", "fuzz") if (ROOT / d).is_dir()]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint() -> None:
    done = run("ruff", "check", *SOURCES)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format() -> None:
    done = run("ruff", "format", "--check", *SOURCES)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy() -> None:
    done = run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_control_characters_in_sources() -> None:
    """A `\\b` written into a regular expression through an ordinary string becomes a
    backspace, which no text holds: the pattern then silently never matches."""
    control = {c for c in range(32) if chr(c) not in "\t\n\r"}
    found = []
    for folder in ("src", "rules"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".toml", ".json", ".md") and path.is_file():
                data = path.read_bytes()
                if control.intersection(data):
                    found.append(str(path.relative_to(ROOT)))
    assert found == []
