"""Repositories in bad shape: not a repository, bare, empty, corrupt or missing objects, huge
blobs in history, ownership git refuses, partial clones. A broken object is a skipped file;
a target that cannot be scanned as asked is one line and exit 2; never exit 3."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import RepoFactory, git, make_repo
from hostile._support import (
    assert_one_line_error,
    exit_code_for,
    invoke,
    real_cli,
    reasons,
    scan,
    sparse_file,
)
from stackcheck.facts.collect import MAX_FILE_BYTES

FILES = {
    "requirements.txt": "Django>=4.2\n",
    "pyproject.toml": '[project]\nname = "shop"\ndependencies = ["stripe"]\n',
    "shop/views.py": "from django.shortcuts import render\n",
}


def json_scan(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, object], str]:
    done = real_cli("scan", *args, "--format", "json", "--no-cache", env=env)
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout) if done.stdout else {}, done.stderr


def object_file(root: Path, spec: str) -> Path:
    """The loose object file holding `spec` (e.g. HEAD:requirements.txt)."""
    oid = git(root, "rev-parse", spec).strip()
    return root / ".git" / "objects" / oid[:2] / oid[2:]


def overwrite(path: Path, data: bytes) -> None:
    os.chmod(path, 0o644)  # git writes objects read-only
    path.write_bytes(data)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        pytest.param(("--rev", "HEAD"), "not a git repository", id="rev"),
        pytest.param(("--staged",), "not a git repository", id="staged"),
    ],
)
def test_git_options_outside_a_repository_are_user_errors(
    tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    (tmp_path / "requirements.txt").write_text("Django\n")
    code, _, err = invoke("scan", str(tmp_path), *args)
    assert code == 2
    assert_one_line_error(err, str(tmp_path), needle)


def test_a_plain_folder_is_scanned_without_git(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("Django\n")
    code, report, _ = json_scan(str(tmp_path))
    assert code == exit_code_for(str(report["verdict"]))
    assert report["target"] == {"path": str(tmp_path), "rev": None}


@pytest.fixture
def bare(repo: RepoFactory, tmp_path: Path) -> Path:
    source = repo(files=FILES)
    target = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(source), str(target))
    return target


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        pytest.param((), "--rev", id="work-tree"),
        pytest.param(("--staged",), "--rev", id="index"),
    ],
)
def test_a_bare_repository_needs_rev(bare: Path, args: tuple[str, ...], needle: str) -> None:
    code, _, err = invoke("scan", str(bare), *args)
    assert code == 2
    assert_one_line_error(err, "bare repository", needle)


@pytest.mark.parametrize("keep_config", [True, False], ids=["bare", "snapshot-without-config"])
def test_a_bare_repository_is_scanned_with_rev(bare: Path, keep_config: bool) -> None:
    if not keep_config:
        (bare / "config").unlink()
    code, report, _ = json_scan(str(bare), "--rev", "HEAD")
    assert code == exit_code_for(str(report["verdict"]))
    assert report["skipped"] == []
    assert report["stats"]["files_read"] == len(FILES)  # type: ignore[index]


def test_an_empty_repository(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "empty", commit=False)
    code, report, _ = json_scan(str(root))
    assert code == 0
    assert report["verdict"] == "not-applicable"
    code, _, err = invoke("scan", str(root), "--rev", "HEAD")
    assert code == 2
    assert_one_line_error(err, "--rev HEAD", "no commits yet")


@pytest.mark.parametrize("where", [("--rev", "HEAD"), ("--staged",)], ids=["rev", "index"])
@pytest.mark.parametrize("damage", ["corrupt", "missing"])
def test_a_damaged_blob_is_skipped(repo: RepoFactory, where: tuple[str, ...], damage: str) -> None:
    root = repo(files=FILES)
    blob = object_file(root, "HEAD:pyproject.toml")
    if damage == "corrupt":
        overwrite(blob, b"not a zlib stream")
    else:
        blob.unlink()
    code, report, _ = json_scan(str(root), *where)
    assert code == exit_code_for(str(report["verdict"]))
    skipped = {s["path"]: s["reason"] for s in report["skipped"]}  # type: ignore[attr-defined]
    assert "object missing" in skipped["pyproject.toml"]
    assert "requirements.txt" not in skipped  # the intact files are still read


def test_a_corrupt_tree_is_one_line_not_an_internal_error(repo: RepoFactory) -> None:
    root = repo(files=FILES)
    overwrite(object_file(root, "HEAD^{tree}"), b"not a zlib stream")
    code, _, err = invoke("scan", str(root), "--rev", "HEAD")
    assert code == 2
    assert_one_line_error(err, "HEAD")


def test_a_corrupt_object_does_not_matter_to_a_work_tree_scan(repo: RepoFactory) -> None:
    root = repo(files=FILES)
    overwrite(object_file(root, "HEAD:pyproject.toml"), b"not a zlib stream")
    facts = scan(root)
    assert facts.skipped == ()
    assert "py.dep.stripe" in facts.values  # read from the file, not the object


def test_a_huge_blob_in_history_is_skipped_by_size(repo: RepoFactory) -> None:
    root = repo(files=FILES)
    sparse_file(root / "shop/generated.py", 100 * 1024 * 1024)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "a huge generated module")
    git(root, "rm", "-q", "shop/generated.py")
    git(root, "commit", "-q", "-m", "and gone again")
    facts = scan(root, rev="HEAD~1")
    assert reasons(facts) == {"shop/generated.py": f"larger than {MAX_FILE_BYTES} bytes"}
    assert facts.bytes_read < 1024
    assert "py.dep.django" in facts.values
    assert reasons(scan(root, rev="HEAD")) == {}


@pytest.fixture
def foreign(repo: RepoFactory, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A repository owned by another user, and a global git config with no safe.directory."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("giving the repository to another user needs root")
    root = repo(files=FILES)
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            os.lchown(os.path.join(folder, name), 65534, 65534)
    os.chown(root, 65534, 65534)
    config = tmp_path / "gitconfig"
    config.write_text("")
    env = {"GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}
    refused = subprocess.run(
        ["git", "status"], cwd=root, env={**os.environ, **env}, capture_output=True, text=True
    )
    if "dubious ownership" not in refused.stderr:
        pytest.skip("this git does not check ownership (safe.directory)")
    return root, env


def test_safe_directory_refusal_falls_back_to_a_plain_scan(
    foreign: tuple[Path, dict[str, str]],
) -> None:
    root, env = foreign
    code, report, _ = json_scan(str(root), env=env)
    assert code == exit_code_for(str(report["verdict"]))
    skipped = {s["path"]: s["reason"] for s in report["skipped"]}  # type: ignore[attr-defined]
    assert "safe.directory" in skipped["."]
    assert report["stats"]["files_read"] == len(FILES)  # type: ignore[index]


def test_safe_directory_refusal_does_not_stop_rev(foreign: tuple[Path, dict[str, str]]) -> None:
    root, env = foreign
    code, report, _ = json_scan(str(root), "--rev", "HEAD", env=env)
    assert code == exit_code_for(str(report["verdict"]))
    assert report["stats"]["files_read"] == len(FILES)  # type: ignore[index]


def test_safe_directory_refusal_with_staged_is_not_an_internal_error(
    foreign: tuple[Path, dict[str, str]],
) -> None:
    root, env = foreign
    done = real_cli("scan", str(root), "--staged", "--no-cache", env=env)
    assert done.returncode != 3, done.stderr
    assert done.returncode in (0, 1) or len(done.stderr.strip().splitlines()) == 1


def test_a_partial_clone_is_scanned_without_fetching(repo: RepoFactory, tmp_path: Path) -> None:
    origin = repo(files=FILES)
    git(origin, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "partial"
    git(
        tmp_path,
        "clone",
        "-q",
        "--filter=blob:none",
        "--no-checkout",
        f"file://{origin}",
        str(clone),
    )
    before = sorted(p.name for p in (clone / ".git/objects").rglob("*"))
    real_cli("scan", str(clone), "--rev", "HEAD", "--no-cache")
    after = sorted(p.name for p in (clone / ".git/objects").rglob("*"))
    assert after == before
