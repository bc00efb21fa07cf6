"""What a hostile repository can do to the person's terminal and CI log, and to the scan's
reach beyond its own tree: every message escaped, every link and pointer kept inside."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import RepoFactory, git, make_repo
from hostile._support import hang_guard, invoke, reasons, scan
from stackcheck.cli import cli
from stackcheck.report.formats import DIFF_FORMATS, FORMATS, JSON_FORMATS
from stackcheck.source.discover import discover
from stackcheck.source.gitstate import foreign_git_dir

# An ANSI escape, a C1 CSI, a bidi override, or a line GitHub Actions reads as a command.
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_log_safe(text: str) -> None:
    assert TERMINAL_UNSAFE.findall(text) == [], text
    for line in text.split("\n"):
        assert not line.strip().startswith("::"), line
        assert "##[" not in line, line


@pytest.mark.parametrize(
    ("files", "needle"),
    [
        pytest.param(
            {".stackcheck.toml": '"\\u001b[31mred\\n::error file=app.py::forged" = 1\n'},
            "unknown key",
            id="config-key-in-error",
        ),
        pytest.param(
            {".stackcheck.toml": '[severity]\n"::warning::x\\u202e" = "loud"\n'},
            "severity",
            id="severity-key-in-error",
        ),
        pytest.param(
            {"pyproject.toml": '[tool.stackcheck]\n"##[error]x\\u009b2J" = 1\n'},
            "unknown key",
            id="pyproject-key-in-error",
        ),
        pytest.param(
            {".stackcheck.toml": 'cache-dir = "/tmp"\n"\\u001b]0;t\\u0007\\n::notice::x" = 1\n'},
            "unknown key",
            id="key-after-user-only",
        ),
    ],
)
def test_repository_text_in_messages_reaches_stderr_escaped(
    repo: RepoFactory, files: dict[str, str], needle: str
) -> None:
    root = repo(files={"index.html": "<html></html>\n", **files})
    code, out, err = invoke("scan", str(root), "--no-cache")
    assert code == 2, err
    assert needle in err
    assert_log_safe(err)
    assert_log_safe(out)


def test_an_indented_path_in_a_text_report_is_no_workflow_command(repo: RepoFactory) -> None:
    root = repo(files={"::error file=a.py::forged/package.json": "{not json", "a.html": "x\n"})
    for fmt in ("text", "markdown"):
        code, out, err = invoke("scan", str(root), "--no-cache", "-v", "--format", fmt)
        assert code in (0, 1), err
        assert "forged" in out  # shown, defused
        assert_log_safe(out)


# --- files the scan reads beside its listing: never a FIFO, a device, or a link out -------


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(os.mkfifo, "not a regular file", id="fifo"),
        pytest.param(lambda p: os.symlink("/dev/zero", p), "outside the tree", id="dev-zero"),
        pytest.param(lambda p: p.write_bytes(b"x" * (2 << 20)), "larger than", id="too-large"),
    ],
)
def test_a_gitignore_that_is_no_small_file_is_skipped_in_a_plain_folder(
    tmp_path: Path, make: Callable[[Path], object], reason: str
) -> None:
    plain = tmp_path / "plain"
    (plain / "sub").mkdir(parents=True)
    (plain / "requirements.txt").write_text("Django\n")
    make(plain / "sub" / ".gitignore")
    with hang_guard():
        facts = scan(plain)
    assert reason in reasons(facts)["sub/.gitignore"]
    assert "py.dep.django" in facts.values


OUTSIDE_CONFIG = 'severity = {DJ9 = "off"}\nfail-on = "never"\n'


@pytest.fixture
def linked_config(repo: RepoFactory, tmp_path: Path) -> Path:
    """A static site whose .stackcheck.toml is a link to a file outside the repository."""
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(OUTSIDE_CONFIG)
    root = repo(files={"index.html": "<html><body><h1>Hi</h1></body></html>\n"}, commit=False)
    os.symlink(outside, root / ".stackcheck.toml")
    return root


def test_a_config_linked_from_outside_the_repository_is_not_read(linked_config: Path) -> None:
    code, out, err = invoke("scan", str(linked_config), "--no-cache", "--format", "json")
    assert "symbolic link to a file outside the scanned tree; not read" in err
    assert json.loads(out)["repo_influence"] == []
    given = linked_config / ".stackcheck.toml"
    code, out, err = invoke("scan", str(linked_config), "--no-cache", "--config", str(given))
    assert code == 2, err
    assert "symbolic link from inside the scanned tree" in err


@pytest.mark.parametrize(
    ("name", "args"),
    [
        pytest.param("pyproject.toml", (), id="pyproject"),
        pytest.param(".stackcheck.toml", ("--file",), id="separate-file"),
        pytest.param(".stackcheck.toml", ("--file", "dangling"), id="dangling"),
    ],
)
def test_init_does_not_write_through_a_symlinked_config(
    repo: RepoFactory, tmp_path: Path, name: str, args: tuple[str, ...]
) -> None:
    target = tmp_path / "victim.toml"
    if "dangling" not in args:
        target.write_text('[project]\nname = "victim"\n')
    before = target.read_bytes() if target.exists() else None
    root = repo(files={"app.py": "x = 1\n"})
    os.symlink(target, root / name)
    code, _, err = invoke("init", str(root), *(a for a in args if a != "dangling"))
    assert code == 2, err
    assert "a symbolic link; stackcheck init does not write through it" in err
    assert (target.read_bytes() if target.exists() else None) == before


# --- a `.git` that leads to another repository on the machine ------------------------------


@pytest.mark.parametrize("how", ["gitdir-file", "symlink"])
def test_a_dot_git_leading_to_another_repository_is_not_read(tmp_path: Path, how: str) -> None:
    private = make_repo(tmp_path / "private", files={"requirements.txt": "secret-package-name\n"})
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "index.html").write_text("<html><body>hi</body></html>\n")
    if how == "symlink":
        os.symlink(private / ".git", archive / ".git")
    else:
        (archive / ".git").write_text("gitdir: ../private/.git\n")
    code, out, err = invoke("scan", str(archive), "--no-cache", "--format", "json", "-v")
    assert code in (0, 1), err
    report = json.loads(out)
    assert "outside the scanned tree" in reasons_of(report)["."]
    assert "scanned as a plain directory" in reasons_of(report)["."]
    assert "secret-package-name" not in out
    assert report["target"]["rev"] is None
    for args in (("--rev", "HEAD"), ("--staged",)):
        code, out, err = invoke("scan", str(archive), "--no-cache", *args)
        assert code == 2, err
        assert "leads to a repository outside the scanned tree" in err
        assert "secret-package-name" not in out + err


def reasons_of(report: dict[str, object]) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in report["skipped"]}  # type: ignore[attr-defined]


def test_a_linked_work_tree_and_a_submodule_are_their_own(tmp_path: Path) -> None:
    main = make_repo(tmp_path / "main", files={"requirements.txt": "Django\n"})
    git(main, "worktree", "add", "-q", str(tmp_path / "linked"))
    sub = make_repo(tmp_path / "sub", files={"requirements.txt": "flask\n"})
    git(main, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "lib")
    for folder in (tmp_path / "linked", main / "lib"):
        assert foreign_git_dir(folder) is None, folder
        assert "py.dep" in " ".join(scan(folder).values), folder


# --- a repository git cannot fully read -----------------------------------------------------


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(b"DIRC\0\0\0\2garbage", id="truncated"),
        pytest.param(b"not an index at all, just text\n" * 4, id="bad-signature"),
    ],
)
def test_a_corrupt_index_falls_back_to_the_work_tree(repo: RepoFactory, index: bytes) -> None:
    root = repo(files={"requirements.txt": "Django\n"})
    (root / ".git" / "index").write_bytes(index)
    code, out, err = invoke("scan", str(root), "--no-cache", "--format", "json")
    assert code in (0, 1), err
    report = json.loads(out)
    assert "scanned as a plain directory" in reasons_of(report)["."]
    assert "index" in reasons_of(report)["."]
    assert any(f["name"] == "Django" for f in report["stack"]["frameworks"]), report["stack"]
    code, _, err = invoke("scan", str(root), "--no-cache", "--staged")
    assert code == 2, err
    assert "git cannot read the index" in err


@pytest.mark.parametrize("link", ["lib", "app"], ids=["submodule-path", "parent-folder"])
def test_recurse_submodules_does_not_follow_a_link_out_of_the_repository(
    tmp_path: Path, link: str
) -> None:
    outside = make_repo(tmp_path / "outside", files={"requirements.txt": "outside-secret\n"})
    sub = make_repo(tmp_path / "sub", files={"requirements.txt": "flask\n"})
    root = make_repo(tmp_path / "repo", files={"index.html": "<html></html>\n"})
    git(root, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "app/lib")
    git(root, "commit", "-qm", "submodule")
    target = root / "app" / "lib" if link == "lib" else root / "app"
    shutil.rmtree(target)
    if link == "lib":
        os.symlink(outside, target)
    else:
        os.symlink(tmp_path / "elsewhere", target)
        (tmp_path / "elsewhere").mkdir()
        os.symlink(outside, tmp_path / "elsewhere" / "lib")
    listed = discover(root, recurse_submodules=True)
    assert [f.path for f in listed.files if f.path.startswith("app/")] == []
    code, out, err = invoke(
        "scan", str(root), "--no-cache", "--recurse-submodules", "--format", "json", "-v"
    )
    assert code in (0, 1), err
    assert "symbolic link (not followed)" in reasons_of(json.loads(out))["app/lib"]


# --- any name git can store, in every format, scan and diff alike ---------------------------

ODD_NAMES = (os.fsdecode(b"pkg-\xff\xfe"), "x\u202egnp.sj", "tab\tnew\nline")


SHOWS_SKIPPED_NAMES = {("scan", "text"), ("scan", "json"), ("diff", "sarif"), ("diff", "junit")}


@pytest.fixture(scope="module")
def odd_names_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A commit, then one adding broken manifests under names that are not UTF-8, carry a
    bidi override, or hold control characters: each is listed as skipped, by name."""
    root = make_repo(tmp_path_factory.mktemp("odd") / "repo", files={"a.html": "<p>x</p>\n"})
    for name in ODD_NAMES:
        (root / name).mkdir()
        (root / name / "package.json").write_text("{broken")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "odd names")
    return root


@pytest.mark.parametrize(
    ("command", "fmt"),
    [("scan", fmt) for fmt in sorted(FORMATS)] + [("diff", fmt) for fmt in sorted(DIFF_FORMATS)],
)
def test_every_format_takes_any_name_git_can_store(
    odd_names_repo: Path, command: str, fmt: str
) -> None:
    args = ["diff", "HEAD~1", "HEAD", str(odd_names_repo)] if command == "diff" else ["scan"]
    if command == "scan":
        args.append(str(odd_names_repo))
    result = CliRunner().invoke(cli, [*args, "--no-cache", "-v", "--format", fmt])
    assert result.exit_code in (0, 1), result.output
    text = result.stdout_bytes.decode("utf-8")  # strict: every byte written is UTF-8
    assert TERMINAL_UNSAFE.findall(text) == [], fmt
    assert "\ufffd" not in text
    if (command, fmt) in SHOWS_SKIPPED_NAMES:  # the names are there, escaped
        assert "\\u202e" in text.lower() or "%e2%80%ae" in text.lower(), text
    if fmt in JSON_FORMATS:
        for line in text.splitlines() if fmt == "json-lines" else [text]:
            json.loads(line)


def deep_folders(root: Path, depth: int, name: str) -> str:
    """Folders `name/name/...` under root, deeper than PATH_MAX, made relative to each
    folder's descriptor; a requirements file at the bottom. Their path, relative to root."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        handle = os.open("requirements.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(handle, b"Django\n")
        os.close(handle)
    finally:
        os.close(fd)
    return "/".join([name] * depth)


@pytest.mark.parametrize("where", ["git", "plain"])
def test_an_untracked_folder_too_deep_to_list_is_skipped(tmp_path: Path, where: str) -> None:
    root = tmp_path / "repo"
    if where == "git":
        make_repo(root, files={"index.html": "<html></html>\n"})
    else:
        root.mkdir()
        (root / "index.html").write_text("<html></html>\n")
    deep = deep_folders(root, 18, "d" * 250)  # 4,517 bytes: past PATH_MAX (4,096)
    skipped = reasons(scan(root))
    found = [p for p, r in skipped.items() if r.startswith("unreadable folder")]
    assert len(found) == 1, skipped
    assert deep.startswith(found[0]), found


# --- the person's own cache, damaged ---------------------------------------------------------


@pytest.mark.parametrize("depth", [200_000, 900, 60])
@pytest.mark.parametrize("shape", ["list", "object", "inside-a-row"])
def test_a_deeply_nested_cache_row_is_a_miss(
    repo: RepoFactory, tmp_path: Path, depth: int, shape: str
) -> None:
    import sqlite3

    from stackcheck.cache import FILE_NAME

    root = repo("verdict-dj101-blog")
    cache_dir = tmp_path / "cache"
    args = ("scan", str(root), "--cache-dir", str(cache_dir), "--format", "json")
    code, out, err = invoke(*args)
    expected = (code, json.loads(out)["verdict"])
    nested = {
        "list": "[" * depth + "]" * depth,
        "object": '{"f":' * depth + "1" + "}" * depth,
        "inside-a-row": None,
    }[shape]
    with sqlite3.connect(cache_dir / FILE_NAME) as db:
        if nested is None:  # rows of the right shape whose strings are deep lists instead
            deep = "[" * depth + '"x"' + "]" * depth
            rows = list(db.execute("SELECT key, value FROM facts"))
            for key, value in rows:
                text = json.dumps(strings_to(json.loads(value), "\0DEEP\0"))
                db.execute(
                    "UPDATE facts SET value = ? WHERE key = ?",
                    (text.replace('"\\u0000DEEP\\u0000"', deep), key),
                )
        else:
            db.execute("UPDATE facts SET value = ?", (nested,))
    code, out, err = invoke(*args)
    assert "internal error" not in err, err
    assert (code, json.loads(out)["verdict"]) == expected


def strings_to(data: object, marker: str) -> object:
    """data with every string value (not the keys) replaced by marker."""
    if isinstance(data, str):
        return marker
    if isinstance(data, dict):
        return {k: strings_to(v, marker) for k, v in data.items()}
    if isinstance(data, list):
        return [strings_to(v, marker) for v in data]
    return data


HOSTILE_PACK_RULE = """\
id = "ACME101"
slug = "uses-celery"
kind = "use-case"
title = "Jobs \\u001b[2J\\u202e\\n::error file=app.py::forged"
require = {rule = "DJ001"}

[[signals]]
when = {fact = "py.dep.celery"}
weight = 0.6
because = "Celery \\u009b31m is a dependency\\n::warning::x"

[docs]
detects = "Celery.\\n::error::forged in the docs"
why = "\\u001b]0;title\\u0007"
example = "celery in requirements.txt"
instead = "Nothing."
references = []

[[examples]]
name = "celery"
expect = "match"
facts = {"py.dep.django" = 1, "py.dep.celery" = 1}

[[examples]]
name = "no celery"
expect = "no-match"
facts = {"py.dep.django" = 1}
"""


def test_a_rule_packs_text_reaches_the_terminal_escaped(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "ACME101-uses-celery.toml").write_text(HOSTILE_PACK_RULE)
    monkeypatch.setenv("STACKCHECK_RULES_DIRS", str(pack))
    root = repo(files={"requirements.txt": "django\ncelery\n", "app/views.py": "x = 1\n"})
    runs = [
        ("scan", str(root), "--no-cache", "-v", "--format", "text"),
        ("scan", str(root), "--no-cache", "-v", "--format", "markdown"),
        ("rules",),
        ("explain", "ACME101"),
    ]
    for args in runs:
        code, out, err = invoke(*args)
        assert code in (0, 1), (args, err)
        assert "forged" in out or args[-1] == "markdown", args  # shown, defused
        assert_log_safe(out)
        assert_log_safe(err)
