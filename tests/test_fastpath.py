"""A repeated scan is answered before the command line loads (fastpath.py): the same bytes
and exit code as the scan it repeats, and never when any input that could change them did.

Every scan here runs in its own process, as a user runs it; a probe records whether the
command line was loaded (the ordinary path) or the stored answer was written."""

from __future__ import annotations

import ast
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import RepoFactory, git
from stackcheck import fastpath

DJANGO = {
    "manage.py": "import django\nfrom django.core.management import execute_from_command_line\n",
    "requirements.txt": "Django==4.2\n",
    "shop/views.py": "from django.shortcuts import render\n\n\ndef home(request):\n"
    "    return render(request, 'home.html')\n",
    "shop/templates/home.html": "<html><body>{{ title }}</body></html>\n",
}
SITE = {
    "index.html": "<html><body><h1>Hi</h1></body></html>\n",
    "style.css": "h1 { color: red; }\n",
}
PROBE = """
import os, sys
record, sys.argv = sys.argv[1], ["stackcheck", *sys.argv[2:]]
code = 0


def leave(code):  # a replayed answer ends with os._exit: the probe records first
    raise SystemExit(code)


os._exit = leave
try:
    from stackcheck.console import main
    main()
except SystemExit as exc:
    code = exc.code
finally:
    loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("click", "yaml"))
    with open(record, "w") as handle:
        handle.write(" ".join(["cli" if "stackcheck.cli" in sys.modules else "-", *loaded]))
sys.exit(code)
"""


class Run(NamedTuple):
    code: int
    out: bytes
    err: bytes
    answered: bool  # the stored answer was written; the command line never loaded
    loaded: str  # what the probe saw loaded


def scan(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    record = tmp_path / "probe-record"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(record), "scan", *args],
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, **(env or {})},
        check=False,
    )
    loaded = record.read_text()
    return Run(done.returncode, done.stdout, done.stderr, not loaded.startswith("cli"), loaded)


def primed(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """The scan run until its answer is stored: the first run fills the content cache, the
    second comes whole from it and stores its answer, the third is answered."""
    first, second = scan(tmp_path, *args, env=env), scan(tmp_path, *args, env=env)
    assert not first.answered and not second.answered
    third = scan(tmp_path, *args, env=env)
    assert third.answered, third
    assert third == second._replace(answered=True, loaded=third.loaded)
    return third


def timeless(out: bytes) -> bytes:
    """A text report without the seconds its scan took."""
    return re.sub(rb", in [\d.]+s\n$", b"", out)


def last_line(run: Run) -> str:
    return run.out.decode().splitlines(keepends=True)[-1]


def answers(cache: Path) -> list[str]:
    database = cache / fastpath.CACHE_FILE
    if not database.exists():
        return []
    with sqlite3.connect(database) as db:
        try:
            return [row[0] for row in db.execute(f"SELECT value FROM {fastpath.TABLE}")]
        except sqlite3.OperationalError:
            return []  # no table: nothing was ever stored


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_repeated_scan_is_answered_with_the_same_bytes_and_exit_code(
    repo: RepoFactory, tmp_path: Path, fmt: str
) -> None:
    root = repo(files=DJANGO)
    answered = primed(tmp_path, str(root), "--format", fmt)
    assert answered.code == 0
    assert answered.loaded == "-"  # neither click nor YAML was imported
    again = scan(tmp_path, str(root), "--format", fmt)
    assert again == answered
    plain = subprocess.run(
        [sys.executable, "-m", "stackcheck", "scan", str(root), "--format", fmt],
        capture_output=True,
        cwd=tmp_path,
        env=dict(os.environ),  # (what the suite set with putenv alone, COLUMNS, stays out)
        check=False,
    )
    assert (plain.returncode, plain.stdout, plain.stderr) == answered[:3]
    if fmt == "text":
        assert re.fullmatch(r"\d+ files, from cache, 0 skipped, in [\d.]+s\n", last_line(answered))


def test_warnings_and_a_failing_exit_code_are_replayed(repo: RepoFactory, tmp_path: Path) -> None:
    """A static site fails the gate (exit 1), and the repository's config sets a key only
    the person running the scan may set: its warning goes to stderr, every time."""
    root = repo(files={**SITE, ".stackcheck.toml": "timeout = 5\n"})
    answered = primed(tmp_path, str(root))
    assert answered.code == 1
    assert answered.err.startswith(b"stackcheck: warning: ")
    assert b"timeout" in answered.err


def test_the_staged_scan_of_the_hook_is_answered(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(files=DJANGO)
    primed(tmp_path, str(root), "--staged", "--format", "json")


def _edit_tracked(root: Path, **_: object) -> dict[str, str]:
    (root / "shop" / "views.py").write_text("import stripe\n", encoding="utf-8")
    return {}


def _add_untracked(root: Path, **_: object) -> dict[str, str]:
    (root / "static.html").write_text("<html></html>\n", encoding="utf-8")
    return {}


def _change_repository_config(root: Path, **_: object) -> dict[str, str]:
    (root / ".stackcheck.toml").write_text('select = ["DJ9"]\n', encoding="utf-8")
    git(root, "add", ".stackcheck.toml")
    git(root, "commit", "-q", "-m", "config")
    return {}


def _change_user_config(root: Path, user_config: Path, **_: object) -> dict[str, str]:
    user_config.write_text("min-confidence = 0.99\n", encoding="utf-8")
    return {}


def _set_no_color(root: Path, **_: object) -> dict[str, str]:
    return {"NO_COLOR": "1"}


def _set_timeout(root: Path, **_: object) -> dict[str, str]:
    return {"STACKCHECK_TIMEOUT": "30"}


def _set_origin(root: Path, **_: object) -> dict[str, str]:
    git(root, "remote", "add", "origin", "https://example.org/acme/shop.git")
    return {}


CHANGES: dict[str, Callable[..., dict[str, str]]] = {
    "set-the-origin-remote": _set_origin,
    "edit-a-tracked-file": _edit_tracked,
    "add-an-untracked-file": _add_untracked,
    "change-the-repository-config": _change_repository_config,
    "change-the-user-config": _change_user_config,
    "set-NO_COLOR": _set_no_color,
    "set-STACKCHECK_TIMEOUT": _set_timeout,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_to_any_input_is_not_answered(
    repo: RepoFactory, tmp_path: Path, user_config: Path, change: str
) -> None:
    root = repo(files=DJANGO)
    answered = primed(tmp_path, str(root))
    env = CHANGES[change](root, user_config=user_config)
    after = scan(tmp_path, str(root), env=env)
    assert not after.answered
    if change == "edit-a-tracked-file":
        assert after.out != answered.out  # Stripe is among the frameworks now
    # The new state is answered in its turn, once a scan of it came whole from the cache.
    scan(tmp_path, str(root), env=env)
    assert scan(tmp_path, str(root), env=env).answered


def test_an_ignored_config_file_is_an_input(repo: RepoFactory, tmp_path: Path) -> None:
    """git lists neither an ignored config file nor one above the scanned folder; the
    settings read both."""
    root = repo(files={**DJANGO, ".gitignore": ".stackcheck.toml\n"})
    primed(tmp_path, str(root))
    (root / ".stackcheck.toml").write_text('select = ["DJ9"]\n', encoding="utf-8")
    after = scan(tmp_path, str(root))
    assert not after.answered
    assert b"not selected" in after.out


def test_a_config_file_above_the_scanned_folder_is_an_input(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root = repo(files=DJANGO)
    primed(tmp_path, str(root / "shop"))
    (root / ".stackcheck.toml").write_text('select = ["DJ9"]\n', encoding="utf-8")
    assert not scan(tmp_path, str(root / "shop")).answered


def test_another_argument_list_is_another_answer(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(files=DJANGO)
    primed(tmp_path, str(root), "--format", "json")
    assert not scan(tmp_path, str(root), "--format", "sarif").answered
    assert not scan(tmp_path, str(root), "--format", "json", "-v").answered


def test_a_staged_change_is_not_answered(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(files=DJANGO)
    answered = primed(tmp_path, str(root), "--staged", "--format", "json")
    (root / "shop" / "views.py").write_text("import stripe\n", encoding="utf-8")
    assert scan(tmp_path, str(root), "--staged", "--format", "json").answered  # not staged
    git(root, "add", "shop/views.py")
    after = scan(tmp_path, str(root), "--staged", "--format", "json")
    assert not after.answered
    assert after.out != answered.out


# Counts the git processes a scan starts (subprocess.Popen wrapped, not replaced) and
# writes the argument lists of those that list the tree, one per line.
COUNTING = """
import subprocess, sys
record, sys.argv = sys.argv[1], ["stackcheck", *sys.argv[2:]]
started = []
real = subprocess.Popen.__init__


def counted(self, args, *rest, **options):
    if isinstance(args, (list, tuple)) and "ls-files" in args:
        started.append(" ".join(a for a in args[args.index("ls-files"):] if a != "-z"))
    real(self, args, *rest, **options)


subprocess.Popen.__init__ = counted
try:
    from stackcheck.console import main
    main()
finally:
    with open(record, "w") as handle:
        handle.write("\\n".join(started))
"""


def listings_started(tmp_path: Path, *args: str) -> tuple[list[str], bytes]:
    record = tmp_path / "listings"
    done = subprocess.run(
        [sys.executable, "-c", COUNTING, str(record), "scan", *args],
        capture_output=True,
        cwd=tmp_path,
        env=dict(os.environ),  # as `scan` runs them: the same settings, so the same key
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return record.read_text().splitlines(), done.stdout


@pytest.mark.parametrize("staged", [True, False])
def test_a_miss_hands_the_listing_it_read_to_the_scan(
    repo: RepoFactory, tmp_path: Path, staged: bool
) -> None:
    """The lookup that finds the stored answer stale has read git's listing already; the scan
    after it lists the tree from that read, not from a second one (on a large work tree git's
    listings are most of a warm check's time), and judges the tree as it now is."""
    root = repo(files=DJANGO)
    args = (str(root), *(["--staged"] if staged else []), "--format", "json")
    answered = primed(tmp_path, *args)
    (root / "shop" / "views.py").write_text("import stripe\nimport django\n", encoding="utf-8")
    if staged:
        git(root, "add", "shop/views.py")
    listings, out = listings_started(tmp_path, *args)
    tracked = [line for line in listings if line.startswith("ls-files -s")]
    assert len(tracked) == 1, listings
    if not staged:
        assert listings.count("ls-files --others --exclude-standard") == 1, listings
    assert out != answered.out
    fresh = subprocess.run(
        [sys.executable, "-m", "stackcheck", "scan", *args, "--no-cache"],
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    now, expected = json.loads(out), json.loads(fresh.stdout)
    for field in ("verdict", "use_cases", "stack", "avoid"):
        assert now[field] == expected[field], field


def test_a_damaged_answer_is_a_miss(repo: RepoFactory, tmp_path: Path, private_cache: Path) -> None:
    root = repo(files=DJANGO)
    answered = primed(tmp_path, str(root))
    for damage in ("not json", '{"schema": 1, "trees": "x", "code": 0, "output": []}'):
        with sqlite3.connect(private_cache / fastpath.CACHE_FILE) as db:
            db.execute(f"UPDATE {fastpath.TABLE} SET value = ?", (damage,))
        after = scan(tmp_path, str(root))
        assert not after.answered
        assert timeless(after.out) == timeless(answered.out) and after.code == answered.code
    assert scan(tmp_path, str(root)).answered  # the damaged entry was replaced


def test_a_forged_exit_code_is_a_miss(
    repo: RepoFactory, tmp_path: Path, private_cache: Path
) -> None:
    root = repo(files=DJANGO)
    primed(tmp_path, str(root))
    with sqlite3.connect(private_cache / fastpath.CACHE_FILE) as db:
        (value,) = db.execute(f"SELECT value FROM {fastpath.TABLE}").fetchone()
        document = json.loads(value)
        document["code"] = 3
        db.execute(f"UPDATE {fastpath.TABLE} SET value = ?", (json.dumps(document),))
    assert not scan(tmp_path, str(root)).answered


def test_clearing_the_cache_clears_the_answers(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(files=DJANGO)
    primed(tmp_path, str(root))
    cleared = subprocess.run(
        [sys.executable, "-m", "stackcheck", "cache", "clear"],
        capture_output=True,
        env=dict(os.environ),
        check=False,
    )
    assert cleared.returncode == 0, cleared.stderr
    assert not scan(tmp_path, str(root)).answered


def test_an_incomplete_scan_is_never_stored(
    repo: RepoFactory, tmp_path: Path, private_cache: Path
) -> None:
    root = repo(files=DJANGO)
    runs = [scan(tmp_path, str(root), "--timeout", "0.000001") for _ in range(3)]
    assert [run.answered for run in runs] == [False, False, False]
    assert answers(private_cache) == []


def test_no_cache_neither_reads_nor_writes_answers(
    repo: RepoFactory, tmp_path: Path, private_cache: Path
) -> None:
    root = repo(files=DJANGO)
    runs = [scan(tmp_path, str(root), "--no-cache") for _ in range(3)]
    assert [run.answered for run in runs] == [False, False, False]
    assert not (private_cache / fastpath.CACHE_FILE).exists()


@pytest.mark.parametrize(
    ("env", "user_file"),
    [
        pytest.param({"STACKCHECK_CACHE": "0"}, "", id="STACKCHECK_CACHE=0"),
        pytest.param({"STACKCHECK_CACHE": "false"}, "", id="STACKCHECK_CACHE=false"),
        pytest.param({}, "cache = false\n", id="user-config-cache-false"),
        pytest.param({}, "cache = [not toml\n", id="unreadable-user-config"),
    ],
)
def test_a_cache_switched_off_is_not_looked_at(
    repo: RepoFactory,
    user_config: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    user_file: str,
) -> None:
    root = repo(files=DJANGO)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if user_file:
        user_config.write_text(user_file, encoding="utf-8")
    assert fastpath.prepare(["scan", str(root)]) is None
    monkeypatch.delenv("STACKCHECK_CACHE", raising=False)
    user_config.write_text("cache = true\n", encoding="utf-8")
    assert fastpath.prepare(["scan", str(root)]) is not None


def test_a_cache_folder_inside_the_scanned_tree_is_never_used(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer planted in the scanned repository cannot be read: the cache is never
    inside it."""
    root = repo(files={**DJANGO, ".gitignore": "cache/\n"})
    assert fastpath.prepare(["scan", str(root)]) is not None
    monkeypatch.setenv("STACKCHECK_CACHE_DIR", str(root / "cache"))
    assert fastpath.prepare(["scan", str(root)]) is None
    runs = [scan(tmp_path, str(root)) for _ in range(3)]
    assert [run.answered for run in runs] == [False, False, False]
    assert not (root / "cache").exists()


def test_a_plain_folder_is_not_answered(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "index.html").write_text("<html></html>\n", encoding="utf-8")
    assert fastpath.prepare(["scan", str(folder)]) is None


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param([], None, id="nothing"),
        pytest.param(["rules"], None, id="another-command"),
        pytest.param(["--debug", "scan"], None, id="group-option"),
        pytest.param(["scan", "-o", "out.txt"], None, id="output-file"),
        pytest.param(["scan", "--output-format", "sarif=x.sarif"], None, id="output-format"),
        pytest.param(["scan", "--config", "c.toml"], None, id="config-file"),
        pytest.param(["scan", "--rev", "HEAD"], None, id="revision"),
        pytest.param(["scan", "--no-cache"], None, id="no-cache"),
        pytest.param(["scan", "--cache-dir", "x"], None, id="cache-dir"),
        pytest.param(["scan", "--help"], None, id="help"),
        pytest.param(["scan", "a", "b"], None, id="two-paths"),
        pytest.param(["scan", "-qv"], None, id="joined-short-flags"),
        pytest.param(["scan", "--format"], None, id="missing-value"),
        pytest.param(["scan", "--staged=yes"], None, id="flag-with-value"),
        pytest.param(["scan"], (".", False), id="plain"),
        pytest.param(["scan", "--staged"], (".", True), id="staged"),
        pytest.param(["scan", "--format", "json", "app"], ("app", False), id="format-then-path"),
        pytest.param(
            ["scan", "--exclude", "--staged", "app"], ("app", False), id="value-like-flag"
        ),
        pytest.param(["scan", "--color", "app"], ("app", False), id="bare-color-is-a-flag"),
        pytest.param(["scan", "--color=never", "-q"], (".", False), id="color-when"),
        pytest.param(["scan", "app", "--staged", "--fail-on=warning"], ("app", True), id="after"),
    ],
)
def test_only_scans_it_understands_are_looked_up(
    argv: list[str], expected: tuple[str, bool] | None
) -> None:
    found = fastpath.read_invocation(argv)
    assert (found.target, found.staged) == expected if found else expected is None


def test_looking_up_an_answer_loads_no_command_line_rules_or_formats() -> None:
    probe = (
        "import sys\n"
        "import stackcheck.fastpath, stackcheck.source.gitstate, stackcheck.source.snapshot\n"
        "print(sorted(sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(ast.literal_eval(done.stdout))
    heavy = {"click", "yaml", "platformdirs", "dataclasses", "tomllib", "stackcheck.cli"}
    # A tenth of a warm answer between them: the warm path's records and paths do without.
    heavy |= {"typing", "pathlib"}
    assert loaded & heavy == set()
    ours = sorted(name for name in loaded if name.startswith("stackcheck"))
    assert ours == [
        "stackcheck",
        "stackcheck.cache",
        "stackcheck.errors",
        "stackcheck.fastpath",
        "stackcheck.invocation",
        "stackcheck.memory",
        "stackcheck.records",
        "stackcheck.source",
        "stackcheck.source.gitstate",
        "stackcheck.source.safegit",
        "stackcheck.source.snapshot",
    ]
