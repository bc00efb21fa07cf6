from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Fixture Author",
    "GIT_AUTHOR_EMAIL": "fixture@example.invalid",
    "GIT_COMMITTER_NAME": "Fixture Author",
    "GIT_COMMITTER_EMAIL": "fixture@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(cwd)}
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def make_repo(
    dest: Path,
    fixture: str | None = None,
    files: Mapping[str, str | bytes] | None = None,
    commit: bool = True,
) -> Path:
    """A real git repository at dest from tests/fixtures/<fixture> and/or inline files."""
    dest.mkdir(parents=True, exist_ok=True)
    if fixture is not None:
        shutil.copytree(FIXTURES / fixture, dest, dirs_exist_ok=True)
    for rel, content in (files or {}).items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    git(dest, "init", "-q")
    if commit:
        git(dest, "add", "-A")
        git(dest, "commit", "-q", "--allow-empty", "-m", "fixture")
    return dest


def two_commits(tmp_path: Path, fixture: str) -> Path:
    """The fixture as a repository of two commits: every other file, then all of them (a
    diff and a history with something in them)."""
    root = make_repo(tmp_path / "repo", fixture, commit=False)
    files = sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)
    held = tmp_path / "held"
    for path in files[1::2]:
        aside = held / path.relative_to(root)
        aside.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, aside)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "half of it")
    shutil.copytree(held, root, dirs_exist_ok=True)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "all of it")
    return root


RepoFactory = Callable[..., Path]
USER_ONLY_ENV = (
    "STACKCHECK_CACHE",
    "STACKCHECK_FORMAT",
    "STACKCHECK_MAX_FILE_BYTES",
    "STACKCHECK_RECURSE_SUBMODULES",
    "STACKCHECK_RULES_DIRS",
    "STACKCHECK_TIMEOUT",
)


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Tests never touch the user's cache folder, nor read the user's own config file or
    STACKCHECK_* variables."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("STACKCHECK_CACHE_DIR", str(folder))
    user = tmp_path_factory.mktemp("user-config") / "config.toml"
    monkeypatch.setenv("STACKCHECK_USER_CONFIG", str(user))
    for name in USER_ONLY_ENV:
        monkeypatch.delenv(name, raising=False)
    # The suite itself may run in GitHub Actions, where the default format changes.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return folder


@pytest.fixture
def user_config() -> Path:
    """The user-level config file a test may write (the person running the scan's own)."""
    return Path(os.environ["STACKCHECK_USER_CONFIG"])


@pytest.fixture
def repo(tmp_path: Path) -> RepoFactory:
    """repo("fixture-name") or repo(files={...}): a fresh git repository in tmp_path."""
    counter = iter(range(1000))

    def factory(
        fixture: str | None = None,
        files: Mapping[str, str | bytes] | None = None,
        commit: bool = True,
    ) -> Path:
        name = fixture or f"repo{next(counter)}"
        return make_repo(tmp_path / name.replace("/", "_"), fixture, files, commit)

    return factory


def process_alive(pid: int) -> bool:
    """Whether a process (a forked helper) still exists, reaped or not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
