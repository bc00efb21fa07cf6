"""The file system fights back: symbolic links, permissions, files that change under the scan,
FIFOs and devices, odd names, deep and wide trees. Nothing outside the tree is read, nothing
hangs, and what could not be read is listed with a reason."""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RepoFactory, git, make_repo
from hostile._support import SRC, hang_guard, invoke, reasons, scan
from stackcheck.cache import Cache
from stackcheck.facts.collect import collect
from stackcheck.source.discover import discover

OUTSIDE_REQUIREMENTS = "evil-outside-package\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
DROP_READ_BYPASS = (
    "setpriv",
    "--bounding-set",
    "-dac_override,-dac_read_search",
    "--inh-caps",
    "-dac_override,-dac_read_search",
)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the repository, with a manifest that must never be read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "requirements.txt").write_text(OUTSIDE_REQUIREMENTS)
    return folder


LINKS = {
    # link name -> (target, reason in a work tree, reason in a revision)
    "loop-a.txt": ("loop-b.txt", "broken or looping", "missing file"),
    "loop-b.txt": ("loop-a.txt", "broken or looping", "missing file"),
    "dangling.py": ("nowhere.py", "broken or looping", "missing file"),
    "requirements-outside.txt": ("{outside}/requirements.txt", "outside", "outside"),
    "escape-relative.txt": ("../outside/requirements.txt", "outside", "outside"),
    "outside-dir": ("{outside}", "outside", "outside"),
    "etc-passwd.txt": ("/etc/passwd", "outside", "outside"),
    "pkg/up": ("..", "directory", "folder"),
}


def make_links(root: Path, outside: Path) -> None:
    for name, (target, _, _) in LINKS.items():
        link = root / name
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target.format(outside=outside), link)


@pytest.mark.parametrize("where", ["worktree", "revision", "index"])
def test_symbolic_links_never_lead_out_of_the_tree(
    repo: RepoFactory, outside: Path, where: str
) -> None:
    root = repo(files={"requirements.txt": "Django\n", "pkg/__init__.py": ""}, commit=False)
    assert root.parent == outside.parent  # so "../outside" from the root is outside
    make_links(root, outside)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "links")
    facts = {
        "worktree": lambda: scan(root),
        "revision": lambda: scan(root, rev="HEAD"),
        "index": lambda: collect(discover(root, staged=True)),
    }[where]()
    column = 1 if where == "worktree" else 2
    for name, row in LINKS.items():
        assert row[column] in reasons(facts)[name], (name, reasons(facts).get(name))
    assert "py.dep.evil-outside-package" not in facts.values
    assert "py.dep.django" in facts.values


def test_symbolic_links_in_a_plain_folder_never_lead_out(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    (root / "requirements.txt").write_text("Django\n")
    make_links(root, outside)
    facts = scan(root)
    for name in ("loop-a.txt", "dangling.py", "requirements-outside.txt", "etc-passwd.txt"):
        assert name in reasons(facts)
    assert "py.dep.evil-outside-package" not in facts.values
    assert "py.dep.django" in facts.values


def test_a_link_to_a_folder_in_a_plain_folder_is_listed(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    os.symlink(outside, root / "outside-dir")
    assert "outside-dir" in reasons(scan(root))


def unprivileged_scan(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real CLI with permission bits enforced: as root, without the capabilities that let
    root read anything (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""
    prefix: tuple[str, ...] = ()
    if IS_ROOT:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root, and setpriv is not there to drop the read bypass")
        probe = subprocess.run([*DROP_READ_BYPASS, "true"], capture_output=True, check=False)
        if probe.returncode != 0:
            pytest.skip("running as root, and this container cannot drop capabilities")
    prefix = DROP_READ_BYPASS if IS_ROOT else ()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [*prefix, sys.executable, "-m", "stackcheck", "scan", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def locked_repo(repo: RepoFactory) -> Path:
    root = repo(
        files={
            "requirements.txt": "Django\n",
            "secret/package.json": '{"dependencies": {"express": "4"}}',
            "locked/requirements.txt": "flask\n",
        }
    )
    os.chmod(root / "secret/package.json", 0)
    os.chmod(root / "locked", 0)
    return root


def test_unreadable_files_and_folders_are_skipped(repo: RepoFactory) -> None:
    import json

    root = locked_repo(repo)
    try:
        done = unprivileged_scan(root, "--format", "json", "--no-cache")
    finally:
        os.chmod(root / "locked", 0o755)
    assert done.returncode == 0, done.stderr
    skipped = {s["path"]: s["reason"] for s in json.loads(done.stdout)["skipped"]}
    assert skipped["secret/package.json"] == "unreadable: Permission denied"
    assert skipped["locked/requirements.txt"] == "cannot stat: Permission denied"


def test_an_unreadable_untracked_folder_is_listed_as_skipped(repo: RepoFactory) -> None:
    import json

    root = repo(files={"requirements.txt": "Django\n"})
    (root / "new").mkdir()
    (root / "new/requirements.txt").write_text("flask\n")
    os.chmod(root / "new", 0)
    try:
        done = unprivileged_scan(root, "--format", "json", "--no-cache")
    finally:
        os.chmod(root / "new", 0o755)
    skipped = {s["path"] for s in json.loads(done.stdout)["skipped"]}
    assert "new" in skipped or "new/requirements.txt" in skipped


def test_an_unreadable_folder_in_a_plain_folder_is_skipped(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    (root / "locked").mkdir(parents=True)
    (root / "locked/requirements.txt").write_text("flask\n")
    (root / "requirements.txt").write_text("Django\n")
    os.chmod(root / "locked", 0)
    try:
        done = unprivileged_scan(root, "--no-cache")
    finally:
        os.chmod(root / "locked", 0o755)
    assert done.returncode == 0, done.stderr
    assert "locked: unreadable folder: Permission denied" in done.stdout


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        pytest.param(FileNotFoundError(2, "No such file"), "deleted while scanning", id="gone"),
        pytest.param(PermissionError(13, "Permission denied"), "unreadable: Permission denied"),
        pytest.param(IsADirectoryError(21, "Is a directory"), "unreadable: Is a directory"),
        pytest.param(OSError(5, "Input/output error"), "unreadable: Input/output error", id="eio"),
    ],
)
def test_a_read_that_fails_after_listing_is_skipped(
    repo: RepoFactory, error: OSError, reason: str
) -> None:
    root = repo(files={"package.json": "{}", "requirements.txt": "Django\n"})
    listed = discover(root)

    def read(path: str, limit: int) -> bytes:
        if path == "package.json":
            raise error
        return listed.read(path, limit)

    facts = collect(dataclasses.replace(listed, read=read))
    assert reasons(facts) == {"package.json": reason}
    assert "py.dep.django" in facts.values


def test_files_deleted_or_replaced_after_listing_are_skipped(repo: RepoFactory) -> None:
    root = repo(
        files={
            "requirements.txt": "Django\n",
            "package.json": '{"dependencies": {"express": "4"}}',
            "setup.py": "from setuptools import setup\nsetup(install_requires=['flask'])\n",
            "Pipfile": "[packages]\nrequests = '*'\n",
        }
    )
    listed = discover(root)
    (root / "package.json").unlink()
    os.mkfifo(root / "package.json")  # a FIFO must not block the read
    (root / "setup.py").unlink()
    shutil.rmtree(root / ".git")  # the scan reads the work tree, not git
    with hang_guard():
        facts = collect(listed)
    assert reasons(facts) == {
        "package.json": "unreadable: not a regular file",
        "setup.py": "deleted while scanning",
    }
    assert {"py.dep.django", "py.dep.requests"} <= set(facts.values)


def test_a_file_changed_after_listing_cannot_poison_the_cache(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root = repo(files={"requirements.txt": "flask\n"})
    cache = Cache(tmp_path / "cache")
    listed = discover(root)

    def changed(path: str, limit: int) -> bytes:
        return b"django\n"  # what the file held by the time it was read

    collect(dataclasses.replace(listed, read=changed), cache=cache)
    facts = collect(discover(root), cache=cache)  # the file holds "flask" again
    cache.close()
    assert "py.dep.flask" in facts.values
    assert "py.dep.django" not in facts.values


def test_fifos_and_devices_are_never_opened(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "requirements.txt").write_text("Django\n")
    os.mkfifo(plain / "requirements-fifo.txt")
    expected = {"requirements-fifo.txt"}
    try:
        os.mknod(plain / "package.json", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
        expected.add("package.json")
    except (PermissionError, AttributeError):
        pass  # no CAP_MKNOD here: the FIFO still makes the point
    repo_root = make_repo(tmp_path / "repo", files={"requirements.txt": "Django\n"})
    os.mkfifo(repo_root / "requirements-fifo.txt")
    with hang_guard():
        in_plain, in_repo = scan(plain), scan(repo_root)
    assert {p for p, r in reasons(in_plain).items() if r == "not a regular file"} == expected
    assert "requirements-fifo.txt" not in {f.path for f in discover(repo_root).files}
    assert "py.dep.django" in in_plain.values
    assert "py.dep.django" in in_repo.values


NAMES = [
    "with space/requirements.txt",
    "new\nline/requirements.txt",
    "-rf/requirements.txt",
    "--help/requirements.txt",
    "tab\there/requirements.txt",
    "ünïcödé/requirements.txt",
    "quote\"'/requirements.txt",
    "*glob?[x]/requirements.txt",
]
BAD_BYTES = os.fsdecode(b"bytes-\xff\xfe")


@pytest.mark.parametrize("where", ["worktree", "revision", "plain"])
def test_odd_file_names_are_read(tmp_path: Path, where: str) -> None:
    files = {name: f"pkg{i}\n" for i, name in enumerate([*NAMES, f"{BAD_BYTES}/requirements.txt"])}
    root = tmp_path / "odd"
    if where == "plain":
        for name, content in files.items():
            (root / name).parent.mkdir(parents=True)
            (root / name).write_text(content)
        facts = scan(root)
    else:
        make_repo(root, files=files)
        facts = scan(root, rev="HEAD" if where == "revision" else None)
    assert facts.skipped == ()
    for i, name in enumerate(files):
        assert [e.path for e in facts.values[f"py.dep.pkg{i}"].evidence] == [name]


def test_a_file_name_that_is_not_utf8_does_not_end_the_scan(repo: RepoFactory) -> None:
    root = repo(files={f"{BAD_BYTES}.py": "import django\n", "requirements.txt": "Django\n"})
    code, _, err = invoke("scan", str(root))
    assert code in (0, 1), err


@pytest.mark.parametrize("where", ["worktree", "revision", "plain"])
def test_a_tree_200_levels_deep_is_scanned(tmp_path: Path, where: str) -> None:
    deep = "/".join(["d"] * 200)
    files = {f"{deep}/requirements.txt": "flask\n", f"{deep}/views.py": "import flask\n"}
    root = make_repo(tmp_path / "deep", files=files, commit=where == "revision")
    if where == "plain":
        shutil.rmtree(root / ".git")
    facts = scan(root, rev="HEAD" if where == "revision" else None)
    assert facts.skipped == ()
    assert [e.path for e in facts.values["py.dep.flask"].evidence] == [f"{deep}/requirements.txt"]
    assert [e.path for e in facts.values["py.import.flask"].evidence] == [f"{deep}/views.py"]


def test_twenty_thousand_files_are_listed(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "wide", files={"requirements.txt": "Django\n"}, commit=False)
    for folder in range(100):
        (root / f"pkg{folder}").mkdir()
        for i in range(200):
            (root / f"pkg{folder}/data{i}.txt").write_bytes(b"x")
    with hang_guard():
        facts = scan(root)
    assert facts.files == 20_001
    assert facts.files_read == 1  # no collector wants the data files
    assert "py.dep.django" in facts.values
