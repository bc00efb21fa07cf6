"""The wheel carries the rules: build it, install it into a fresh venv, scan a fixture."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import RepoFactory

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.wheel
def test_installed_wheel_finds_every_rule_and_scans(tmp_path: Path, repo: RepoFactory) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("stackcheck-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )

    rules = subprocess.run(
        [str(bin_dir / "stackcheck"), "rules", "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    shipped = {row["id"] for row in json.loads(rules.stdout)}
    expected = {p.name.split("-", 1)[0] for p in (ROOT / "rules").glob("*.toml")}
    assert shipped == expected
    assert all("site-packages" in row["source"] for row in json.loads(rules.stdout))

    target = repo("verdict-dj901-plain-html")
    done = subprocess.run(
        [str(bin_dir / "stackcheck"), "scan", str(target), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["verdict"] == "avoid"

    # The HTML templates ship too: the installed wheel renders a page from its own files.
    page = subprocess.run(
        [str(bin_dir / "stackcheck"), "scan", str(target), "--format", "html"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert page.returncode == 1, page.stderr
    assert page.stdout.startswith("<!DOCTYPE html>")
    assert '<span class="word">avoid</span>' in page.stdout
