"""The pre-commit hook, run by the real pre-commit on real commits.

pre-commit installs hooks from a git repository at a revision, so the current working
tree of this checkout (uncommitted changes included) is committed into a scratch
repository first. PRE_COMMIT_HOME points into tmp, so the user's cache is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GIT_ENV, git, make_repo

pytestmark = pytest.mark.precommit

ROOT = Path(__file__).resolve().parents[1]
HOOK_ID = "stackcheck"


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout's working tree as a one-commit repository: (path, revision)."""
    dest = tmp_path_factory.mktemp("stackcheck-source")
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for rel in filter(None, listed.split("\0")):
        source = ROOT / rel
        if source.is_file():  # a tracked file deleted in the work tree is left out
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "working tree under test")
    return dest, git(dest, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One cache for the module: the hook's environment is built once, not per test.
    return tmp_path_factory.mktemp("pre-commit-home")


def config(source: Path, rev: str) -> str:
    return f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n      - id: {HOOK_ID}\n"


def run(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **GIT_ENV,
        "HOME": str(cwd),
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("GITHUB_ACTIONS", None)  # the hook's own output format is not under test here
    return subprocess.run(
        list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def install(target: Path, source: tuple[Path, str], home: Path) -> None:
    (target / ".pre-commit-config.yaml").write_text(config(*source), encoding="utf-8")
    done = run(target, home, sys.executable, "-m", "pre_commit", "install")
    assert done.returncode == 0, done.stdout + done.stderr


def commit(target: Path, home: Path) -> subprocess.CompletedProcess[str]:
    run(target, home, "git", "add", "-A")
    return run(target, home, "git", "-c", "commit.gpgsign=false", "commit", "-m", "change")


def hook_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("stackcheck (")]
    assert len(lines) == 1, output
    return lines[0]


@pytest.mark.parametrize(
    ("fixture", "exit_code", "result", "verdict"),
    [
        pytest.param("precommit-static-site", 1, "Failed", "stackcheck: avoid", id="avoid-fails"),
        pytest.param("precommit-django", 0, "Passed", None, id="suits-passes"),
    ],
)
def test_hook_decides_the_commit(
    tmp_path: Path,
    hook_source: tuple[Path, str],
    pre_commit_home: Path,
    fixture: str,
    exit_code: int,
    result: str,
    verdict: str | None,
) -> None:
    target = make_repo(tmp_path / "project", fixture, commit=False)
    install(target, hook_source, pre_commit_home)
    done = commit(target, pre_commit_home)
    output = done.stdout + done.stderr
    assert done.returncode == exit_code, output
    assert hook_line(output).endswith(result)
    if verdict is not None:
        assert verdict in output  # the hook shows the report when it fails
    log = run(target, pre_commit_home, "git", "log", "--oneline").stdout
    assert bool(log.strip()) == (exit_code == 0)  # a failed hook stops the commit


def test_hook_is_skipped_when_no_relevant_file_changes(
    tmp_path: Path, hook_source: tuple[Path, str], pre_commit_home: Path
) -> None:
    target = make_repo(tmp_path / "project", "precommit-static-site")  # committed before hooks
    install(target, hook_source, pre_commit_home)
    run(target, pre_commit_home, "git", "add", ".pre-commit-config.yaml")
    run(target, pre_commit_home, "git", "commit", "-q", "--no-verify", "-m", "hooks")
    (target / "LICENSE").write_text("Permission is hereby granted...\n", encoding="utf-8")
    (target / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    done = commit(target, pre_commit_home)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert hook_line(output).endswith("(no files to check)Skipped")


LOCAL_HOOK = """repos:
  - repo: local
    hooks:
      - id: stackcheck
        name: stackcheck (does Django suit this project?)
        entry: {python} -m stackcheck scan --staged
        language: system
        pass_filenames: false
        require_serial: true
"""


def test_a_local_hook_is_answered_by_the_resident_server(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    """The README's hook for the resident server: pre-commit runs this installation's
    stackcheck, which hands the scan to the server started from it."""
    server = [sys.executable, "-m", "stackcheck", "server"]
    started = subprocess.run([*server, "start"], capture_output=True, text=True, check=False)
    assert started.returncode == 0, started.stderr
    try:
        for fixture, exit_code in (("precommit-static-site", 1), ("precommit-django", 0)):
            target = make_repo(tmp_path / fixture, fixture, commit=False)
            hooks = LOCAL_HOOK.format(python=sys.executable)
            (target / ".pre-commit-config.yaml").write_text(hooks, encoding="utf-8")
            done = run(target, pre_commit_home, sys.executable, "-m", "pre_commit", "install")
            assert done.returncode == 0, done.stdout + done.stderr
            done = commit(target, pre_commit_home)
            output = done.stdout + done.stderr
            assert done.returncode == exit_code, output
            assert ("stackcheck: avoid" in output) == (exit_code == 1)
        status = subprocess.run([*server, "status"], capture_output=True, text=True, check=False)
        assert " 2 scans" in status.stdout, status.stdout
    finally:
        subprocess.run([*server, "stop"], capture_output=True, check=False)
