"""Repositories in bad shape: not a repository, bare, empty, corrupt or missing objects, huge
blobs in history, ownership git refuses, partial clones. A broken object is a skipped file;
a target that cannot be scanned as asked is one line and exit 2; never exit 3."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import RepoFactory, git, make_repo
from hostile._support import (
    SRC,
    assert_one_line_error,
    exit_code_for,
    hang_guard,
    invoke,
    real_cli,
    reasons,
    scan,
    sparse_file,
)
from stackcheck.cache import Cache
from stackcheck.config import Settings
from stackcheck.facts.collect import MAX_FILE_BYTES
from stackcheck.pipeline import scan as pipeline_scan
from stackcheck.report import to_dict

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
    assert report["target"] == {
        "path": str(tmp_path),
        "rev": None,
        "remote": None,
        "commit": None,
        "subdir": None,
    }


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


def partial_clone(repo: RepoFactory, tmp_path: Path) -> Path:
    """A blobless clone of a small repository, which would fetch a missing blob on demand."""
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
    return clone


def test_a_partial_clone_is_scanned_without_fetching(repo: RepoFactory, tmp_path: Path) -> None:
    clone = partial_clone(repo, tmp_path)
    before = sorted(p.name for p in (clone / ".git/objects").rglob("*"))
    real_cli("scan", str(clone), "--rev", "HEAD", "--no-cache")
    after = sorted(p.name for p in (clone / ".git/objects").rglob("*"))
    assert after == before


# --- programs named by the repository's own git config never run --------------------------

SITE = {
    "index.html": "<html><body><h1>Home</h1></body></html>\n",
    "about.html": "<html><body><h1>About</h1></body></html>\n",
    "notes.txt": "plain text\n",
    "odd.txt": "a file whose filter has an odd name\n",
    "dots.txt": "and one whose filter name has dots\n",
}
TRAPS = (
    "fsmonitor",
    "filter",
    "filter-odd",
    "filter-dots",
    "diff-external",
    "textconv",
    "diff-command",
    "gpg",
    "pager",
    "hook",
    "editor",
    "ssh",
    "askpass",
)
HOOKS = ("post-index-change", "post-checkout", "pre-auto-gc", "reference-transaction")


def trap(folder: Path, name: str, log: Path) -> Path:
    """A program that notes its name in `log` when something runs it."""
    script = folder / f"trap-{name}"
    script.write_text(f"#!/bin/sh\necho {name} >> '{log}'\nexit 0\n")
    script.chmod(0o755)
    return script


def forge_signature(root: Path) -> None:
    """Give HEAD a (bogus) PGP signature, so that showing it runs gpg.program."""
    raw = subprocess.run(
        ["git", "cat-file", "commit", "HEAD"], cwd=root, capture_output=True, check=True
    ).stdout
    headers, _, message = raw.partition(b"\n\n")
    signature = (
        b"gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAd\n -----END PGP SIGNATURE-----"
    )
    forged = headers + b"\n" + signature + b"\n\n" + message
    oid = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=root,
        input=forged,
        capture_output=True,
        check=True,
    ).stdout.strip()
    git(root, "update-ref", "HEAD", oid.decode())


@pytest.fixture
def armed(repo: RepoFactory, tmp_path: Path) -> tuple[Path, Path]:
    """A static site whose .git/config names a program for every place git looks for one,
    and a log file each of them writes to when it runs."""
    root = repo(files=SITE)
    (root / "index.html").write_text(SITE["index.html"] + "<p>second commit</p>\n")
    (root / ".gitattributes").write_text(
        "* filter=evil diff=evil\nodd.txt filter=odd=name\ndots.txt filter=a.b.c\n"
        "notes.txt diff\n"  # no driver: diff.external shows it
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "attributes")
    forge_signature(root)
    bin_dir, log = tmp_path / "traps", tmp_path / "ran.log"
    bin_dir.mkdir()
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in HOOKS:
        for folder in (hooks, root / ".git" / "hooks"):
            (folder / hook).write_text(f"#!/bin/sh\necho hook >> '{log}'\n")
            (folder / hook).chmod(0o755)
    t = {name: str(trap(bin_dir, name, log)) for name in TRAPS}
    settings = {
        "core.fsmonitor": t["fsmonitor"],
        "core.hooksPath": str(hooks),
        "core.pager": t["pager"],
        "core.editor": t["editor"],
        "core.sshCommand": t["ssh"],
        "core.askPass": t["askpass"],
        "filter.evil.clean": t["filter"],
        "filter.evil.smudge": t["filter"],
        "filter.evil.required": "true",
        "filter.odd=name.clean": t["filter-odd"],
        "filter.odd=name.process": t["filter-odd"],
        "filter.a.b.c.clean": t["filter-dots"],
        "filter.a.b.c.required": "true",
        "diff.external": t["diff-external"],
        "diff.evil.textconv": t["textconv"],
        "diff.evil.command": t["diff-command"],
        "log.showSignature": "true",
        "gpg.program": t["gpg"],
        "pager.log": t["pager"],
    }
    config = root / ".git" / "config"
    with config.open("a") as handle:  # written directly: `git config` cannot take odd=name
        for key, value in settings.items():
            section, _, rest = key.partition(".")
            name, _, variable = rest.rpartition(".")
            head = f'[{section} "{name}"]' if name else f"[{section}]"
            handle.write(f"{head}\n\t{variable} = {value}\n")
    (root / "notes.txt").write_text("changed in the work tree\n")  # for `git diff`
    # An index older than every file makes each entry "racily clean": git hashes the file,
    # through its clean filter, to learn whether it changed.
    os.utime(root / ".git" / "index", (1, 1))  # (0 would mean "no timestamp")
    return root, log


def ran(log: Path) -> set[str]:
    return set(log.read_text().split()) if log.exists() else set()


def test_the_traps_are_armed(armed: tuple[Path, Path]) -> None:
    """Plain git runs each of them: what the next test sees is stackcheck's doing."""
    root, log = armed

    def plain(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)

    plain("ls-files")
    plain("diff-files", "--name-only")
    plain("diff", "--", "notes.txt")
    plain("cat-file", "--textconv", "HEAD:index.html")
    plain("log", "-1", "--format=%H")
    assert ran(log) >= {"fsmonitor", "filter", "filter-odd", "filter-dots", "diff-external"}
    assert {"textconv", "gpg"} <= ran(log)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(("scan", "."), id="scan"),
        pytest.param(("scan", ".", "--staged"), id="scan-staged"),
        pytest.param(("scan", ".", "--rev", "HEAD"), id="scan-rev"),
        pytest.param(("diff", "HEAD~1"), id="diff-work-tree"),
        pytest.param(("diff", "HEAD~1", "HEAD"), id="diff-revisions"),
        pytest.param(("diff", "HEAD~1", "--staged"), id="diff-staged"),
        pytest.param(("history",), id="history"),
        pytest.param(("history", "--format", "json"), id="history-json"),
    ],
)
def test_no_program_the_repository_names_runs(
    armed: tuple[Path, Path], command: tuple[str, ...]
) -> None:
    root, log = armed
    done = real_cli(*command, "--no-cache", cwd=root)
    assert done.returncode in (0, 1), done.stderr
    assert ran(log) == set(), done.stderr
    assert done.stdout  # the command did its work


def test_a_warm_scan_runs_none_of_them_either(armed: tuple[Path, Path], tmp_path: Path) -> None:
    root, log = armed
    env = {"STACKCHECK_CACHE_DIR": str(tmp_path / "cache")}
    for args in ((), ("--staged",), ("--rev", "HEAD")):
        for _ in range(2):  # cold, then warm
            done = real_cli("scan", ".", *args, cwd=root, env=env)
            assert done.returncode in (0, 1), done.stderr
    assert ran(log) == set()


def test_the_work_tree_is_still_read_right(armed: tuple[Path, Path]) -> None:
    """Blanked filters and drivers change nothing a scan needs."""
    root, _ = armed
    for where in ((), ("--staged",), ("--rev", "HEAD")):
        code, report, _ = json_scan(str(root), *where)
        assert (code, report["verdict"]) == (1, "avoid")  # a static site
        assert report["skipped"] == []
        assert report["stats"]["files"] == len(SITE) + 1  # type: ignore[index]


def test_a_lazy_fetch_cannot_run_the_remote_the_repository_names(
    repo: RepoFactory, tmp_path: Path
) -> None:
    """A partial clone whose promisor remote is an `ext::` command, allowed by its own
    `protocol.ext.allow`: plain git runs it to fetch a missing blob; a scan does not."""
    clone = partial_clone(repo, tmp_path)
    log = tmp_path / "ran.log"
    fetcher = trap(tmp_path, "fetch", log)
    git(clone, "config", "remote.origin.url", f"ext::{fetcher}")
    git(clone, "config", "protocol.ext.allow", "always")
    blob = git(clone, "rev-parse", "HEAD:requirements.txt").strip()
    subprocess.run(["git", "cat-file", "-p", blob], cwd=clone, capture_output=True, check=False)
    assert ran(log) == {"fetch"}  # armed
    log.unlink()
    for args in (("--rev", "HEAD"), ("--staged",), ()):
        done = real_cli("scan", str(clone), *args, "--no-cache", "--format", "json")
        assert done.returncode != 3, done.stderr
        assert ran(log) == set(), done.stderr


def test_every_git_command_is_the_hardened_one(
    armed: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever runs git, in-process: each command line carries the overrides, each diff-like
    command refuses external programs, and GitPython is never asked to run anything."""
    from stackcheck.source import safegit

    root, log = armed
    monkeypatch.chdir(root)
    seen: list[list[str]] = []
    real_popen = subprocess.Popen.__init__

    def record(self: subprocess.Popen[bytes], args: Any, *rest: Any, **kw: Any) -> None:
        seen.append([str(a) for a in args])
        real_popen(self, args, *rest, **kw)

    monkeypatch.setattr(subprocess.Popen, "__init__", record)
    for command in (
        ("scan", ".", "--no-cache"),
        ("scan", ".", "--staged", "--no-cache"),
        ("scan", ".", "--rev", "HEAD", "--no-cache"),
        ("diff", "HEAD~1", "--no-cache"),
        ("history", "--no-cache"),
    ):
        code, _, err = invoke(*command)
        assert code in (0, 1), err
    assert ran(log) == set()
    assert len(seen) > 10
    hardening = safegit._argv([])
    for argv in seen:
        assert argv[: len(hardening)] == hardening, argv
        sub = next(a for a in argv[len(hardening) :] if not a.startswith("-"))
        if sub in safegit.DIFF_LIKE:
            assert argv[argv.index(sub) + 1 : argv.index(sub) + 3] == [
                "--no-ext-diff",
                "--no-textconv",
            ]


def test_gitpython_is_not_imported_by_a_scan(armed: tuple[Path, Path]) -> None:
    root, _ = armed
    code = (
        "import sys\nfrom stackcheck.cli import cli\n"
        "for args in (['--rev', 'HEAD'], ['--staged'], []):\n"
        "    try:\n        cli(['scan', '.', '--no-cache', *args])\n"
        "    except SystemExit:\n        pass\n"
        "print('GitPython imported:', 'git' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.rstrip().endswith("GitPython imported: False"), done.stderr


# --- every git command has a time limit -----------------------------------------------------


@pytest.fixture
def stuck_object(repo: RepoFactory, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A repository with a FIFO where a loose object should be: git reading it waits for
    ever. The time limit is made short for the test."""
    from stackcheck.source import safegit

    root = repo(files=FILES)
    blob = git(root, "rev-parse", "HEAD:pyproject.toml").strip()
    path = object_file(root, "HEAD:pyproject.toml")
    path.unlink()
    os.mkfifo(path)
    monkeypatch.setattr(safegit, "TIMEOUT_SECONDS", 1.0)
    return root, blob


@pytest.mark.parametrize("where", [("--rev", "HEAD"), ("--staged",)], ids=["rev", "index"])
def test_a_git_command_that_hangs_is_stopped(
    stuck_object: tuple[Path, str], where: tuple[str, ...]
) -> None:
    root, _ = stuck_object
    with hang_guard():
        code, _, err = invoke("scan", str(root), *where, "--no-cache")
    assert code == 2
    assert_one_line_error(err, "git timed out after 1 s")


def test_a_blob_request_that_hangs_is_stopped(stuck_object: tuple[Path, str]) -> None:
    from stackcheck.source.git import BlobBatch, locate

    root, blob = stuck_object
    other = git(root, "rev-parse", "HEAD:requirements.txt").strip()
    batch = BlobBatch(locate(root))
    with hang_guard():
        with pytest.raises(OSError):
            batch.read(blob)
        assert batch.read(other) == FILES["requirements.txt"].encode()  # a new process


def test_a_config_git_cannot_finish_reading_stops_nothing(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`.git/config` is a FIFO: every git command waits on it. The work tree is scanned as
    a plain folder and says why; a revision cannot be read, and says so in one line."""
    from stackcheck.source import safegit

    root = repo(files=FILES)
    (root / ".git" / "config").unlink()
    os.mkfifo(root / ".git" / "config")
    monkeypatch.setattr(safegit, "TIMEOUT_SECONDS", 1.0)
    with hang_guard():
        code, out, err = invoke("scan", str(root), "--no-cache", "--format", "json")
        assert code == 0, err
        report = json.loads(out)
        assert report["skipped"] == [
            {"path": ".", "reason": "git timed out after 1 s: scanned as a plain directory"}
        ]
        assert report["stats"]["files_read"] == len(FILES)
        code, _, err = invoke("scan", str(root), "--rev", "HEAD", "--no-cache")
    assert code == 2
    assert_one_line_error(err, "git timed out after 1 s")


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param({}, id="git-defaults"),
        pytest.param({"core.trustctime": "false"}, id="trustctime-false"),
        pytest.param({"core.checkStat": "minimal"}, id="checkstat-minimal"),
    ],
)
def test_a_repository_that_trusts_less_stat_data_gets_no_stale_warm_scan(
    repo: RepoFactory, tmp_path: Path, settings: dict[str, str]
) -> None:
    # An edit that keeps the size and the modification time changes only the inode's ctime:
    # git sees it only when it trusts all of its stat data, which the repository switched off.
    root = repo(files={"main.py": "import nopes\n", "README.md": "# app\n"})
    past = 1_600_000_000
    os.utime(root / "main.py", (past, past))
    git(root, "update-index", "--refresh")  # the index records the old stamp
    for key, value in settings.items():
        git(root, "config", key, value)
    env = {**os.environ, "STACKCHECK_CACHE_DIR": str(tmp_path / "cache")}

    def frameworks() -> list[str]:
        done = real_cli("scan", str(root), "--format", "json", "--exit-zero", env=env)
        return [f["name"] for f in json.loads(done.stdout)["stack"]["frameworks"]]

    assert frameworks() == []
    time.sleep(1.1)  # git keeps whole seconds of ctime: the edit must land in a later one
    (root / "main.py").write_text("import flask\n")  # the same size
    os.utime(root / "main.py", (past, past))  # and the same modification time
    assert frameworks() == ["Flask"]


# Entries git is told not to compare with the work tree: git never reports them as changed,
# so the scan checks their content against the index itself.
FLAGGED_SITE = {
    "index.html": '<html><body><h1>Hi</h1><script src="site.js"></script></body></html>\n',
    "about.html": "<html><body>About</body></html>\n",
    "style.css": "body { color: red; }\n",
    "site.js": 'document.title = "hi";\n',
    "menu.js": 'document.body.className = "menu";\n',
}
FLAGS = {"site.js": "--assume-unchanged", "menu.js": "--skip-worktree"}
NODE_SERVER = (
    'const http = require("http");\nhttp.createServer((req, res) => res.end("hi")).listen(3000);\n'
)


def flagged_site(repo: RepoFactory) -> Path:
    root = repo(files=FLAGGED_SITE)
    for path, flag in FLAGS.items():
        git(root, "update-index", flag, path)
    return root


def report_of(root: Path, cache: Cache | None) -> dict[str, Any]:
    """The JSON report of an in-process scan, without what changes from run to run."""
    found = to_dict(pipeline_scan(root, Settings(cache=cache is not None), cache=cache))
    return {**found, "stats": {"files": found["stats"]["files"]}}


@pytest.mark.parametrize("path", [pytest.param(p, id=flag[2:]) for p, flag in FLAGS.items()])
def test_an_edit_to_an_entry_git_does_not_check_reaches_a_warm_scan(
    repo: RepoFactory, tmp_path: Path, path: str
) -> None:
    root = flagged_site(repo)
    cache = Cache(tmp_path / "cache")
    assert report_of(root, cache)["verdict"] == "avoid"  # a static site
    (root / path).write_text(NODE_SERVER)  # now it runs a server
    assert git(root, "diff-files", "--name-only") == ""  # git does not see the edit
    warm = pipeline_scan(root, Settings(), cache=cache)
    assert warm.facts.files_read == 1  # the edited file, and only it
    assert to_dict(warm)["verdict"] != "avoid"
    assert report_of(root, cache) == report_of(root, None)


_opened: list[str] | None = None  # while recording: every path the process opens


def _record_opens(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], str | bytes | Path):
        _opened.append(os.path.realpath(os.fsdecode(args[0])))


@contextmanager
def opened_under(root: Path) -> Iterator[list[str]]:
    """The files under root this process opens inside the block (an audit hook: it sees
    every open, os.open and io.open alike)."""
    global _opened
    if not getattr(_record_opens, "installed", False):
        sys.addaudithook(_record_opens)  # hooks stay for the process; this one idles
        _record_opens.installed = True  # type: ignore[attr-defined]
    found: list[str] = []
    _opened = found
    try:
        yield found
    finally:
        _opened = None
        inside = [p for p in found if Path(p).is_relative_to(root.resolve())]
        found[:] = sorted(os.path.relpath(p, root.resolve()) for p in inside)


@pytest.mark.parametrize("flagged", [pytest.param(False, id="none"), pytest.param(True, id="two")])
def test_a_warm_scan_reads_only_the_flagged_entries(
    repo: RepoFactory, tmp_path: Path, flagged: bool
) -> None:
    root = flagged_site(repo) if flagged else repo(files=FLAGGED_SITE)
    cache = Cache(tmp_path / "cache")
    assert pipeline_scan(root, Settings(), cache=cache).facts.files_read > 0
    with opened_under(root) as opened:
        warm = pipeline_scan(root, Settings(), cache=cache)
    assert warm.facts.files_read == 0
    assert opened == (sorted(FLAGS) if flagged else [])
