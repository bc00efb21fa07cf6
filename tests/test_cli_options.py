"""The command line as a new user meets it: colour, -q, usage errors in one line, rule IDs
that exist, report files with the usual permissions, and what a warm scan says it read."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import RepoFactory
from stackcheck.cli import cli

SITE = {
    "index.html": "<html><body><h1>Hi</h1></body></html>\n",
    "about.html": "<html><body><h1>About</h1></body></html>\n",
}
APP = {"manage.py": "import django\n", "shop/templates/shop/index.html": "<h1>{{ x }}</h1>\n"}
SRC = Path(__file__).resolve().parents[1] / "src"
# The variables that choose colour, unset unless a test sets them.
NO_COLOR_ENV: dict[str, str | None] = {"NO_COLOR": None, "FORCE_COLOR": None}
ESC = "\x1b["


def invoke(*args: str, env: Mapping[str, str | None] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={**NO_COLOR_ENV, **(env or {})})
    return result.exit_code, result.stdout, result.stderr


# --- colour -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        pytest.param((), {}, False, id="auto-not-a-terminal"),
        pytest.param(("--color=auto",), {}, False, id="auto-given"),
        pytest.param(("--color=never",), {}, False, id="never"),
        pytest.param(("--no-color",), {}, False, id="no-color"),
        pytest.param(("--color",), {}, True, id="bare-color-is-always"),
        pytest.param(("--color=always",), {}, True, id="always"),
        pytest.param(("--color", "--no-color"), {}, False, id="last-wins-never"),
        pytest.param(("--no-color", "--color"), {}, True, id="last-wins-always"),
        pytest.param((), {"NO_COLOR": "1"}, False, id="no-color-env"),
        pytest.param((), {"NO_COLOR": ""}, False, id="empty-no-color-env-is-unset"),
        pytest.param((), {"FORCE_COLOR": "1"}, True, id="force-color-env"),
        pytest.param((), {"FORCE_COLOR": "0"}, False, id="force-color-zero"),
        pytest.param((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, id="no-color-beats-force"),
        pytest.param(("--color=auto",), {"FORCE_COLOR": "1"}, True, id="auto-reads-force"),
        pytest.param(("--color",), {"NO_COLOR": "1"}, True, id="command-line-beats-no-color"),
        pytest.param(("--no-color",), {"FORCE_COLOR": "1"}, False, id="command-line-beats-force"),
    ],
)
def test_colour_follows_the_command_line_then_no_color_then_force_color(
    repo: RepoFactory, args: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    root = repo(files=SITE)
    code, out, _ = invoke("scan", *args, str(root), env=env)
    assert code == 1
    assert (ESC in out) is coloured
    assert out.splitlines()[0].removeprefix(f"{ESC}31m").startswith("stackcheck: avoid")


def test_a_bare_color_before_the_path_does_not_take_the_path_as_its_value(
    repo: RepoFactory,
) -> None:
    code, out, err = invoke("scan", "--color", str(repo(files=SITE)))
    assert (code, err) == (1, "")
    assert out.startswith(f"{ESC}31mstackcheck: avoid{ESC}0m — DJ901 ")


def test_an_option_value_that_looks_like_color_stays_a_value(repo: RepoFactory) -> None:
    root = repo(files={**SITE, "--color": "<p>a file of that name</p>\n"})
    code, out, _ = invoke("scan", str(root), "--exclude", "--color", "-v")
    assert code == 1
    assert ESC not in out  # --color was --exclude's pattern, not the colour option


def test_color_when_is_checked_with_a_hint(repo: RepoFactory) -> None:
    code, out, err = invoke("scan", "--color=allways", str(repo(files=SITE)))
    assert (code, out) == (2, "")
    assert err == (
        "stackcheck: error: --color: 'allways' is not one of 'auto', 'always', 'never'; "
        "did you mean 'always'? (see 'stackcheck scan --help')\n"
    )


def test_color_reaches_a_real_pipe(repo: RepoFactory) -> None:
    """click strips colour from output that is not a terminal unless told it was asked for."""
    root = repo(files=SITE)
    env = {k: v for k, v in os.environ.items() if k not in NO_COLOR_ENV}
    for args, coloured in ((["--color"], True), ([], False)):
        done = subprocess.run(
            [sys.executable, "-m", "stackcheck", "scan", *args, str(root)],
            env={**env, "PYTHONPATH": str(SRC)},
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert (ESC in done.stdout) is coloured


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        pytest.param((), {"FORCE_COLOR": "1"}, False, id="force-color-is-for-the-log"),
        pytest.param(("--color",), {}, True, id="asked-for"),
    ],
)
def test_a_report_file_is_coloured_only_when_asked(
    repo: RepoFactory, tmp_path: Path, args: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    out = tmp_path / "report.txt"
    code, _, _ = invoke("scan", str(repo(files=SITE)), *args, "-o", str(out), env=env)
    assert code == 1
    assert (ESC in out.read_text(encoding="utf-8")) is coloured


def test_diff_takes_the_same_colour_options(repo: RepoFactory) -> None:
    root = repo(files=SITE)
    code, out, _ = invoke("diff", "HEAD", str(root), "--color")
    assert code == 0
    assert out.startswith(f"{ESC}31mstackcheck diff: ")
    assert ESC not in invoke("diff", "HEAD", str(root), "--color=never")[1]


# --- -q ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "code"), [pytest.param(SITE, 1, id="avoid"), pytest.param(APP, 0, id="suits")]
)
def test_quiet_prints_the_verdict_line_only_with_the_same_exit_code(
    repo: RepoFactory, files: dict[str, str], code: int
) -> None:
    root = repo(files=files)
    full_code, full, _ = invoke("scan", str(root))
    quiet_code, quiet, _ = invoke("scan", "-q", str(root))
    assert quiet_code == full_code == code
    assert quiet == full.splitlines()[0] + "\n"
    assert invoke("scan", "--quiet", str(root))[1] == quiet


def test_quiet_leaves_the_data_formats_whole(repo: RepoFactory) -> None:
    root = repo(files=SITE)
    quiet = json.loads(invoke("scan", "-q", "--format", "json", str(root))[1])
    full = json.loads(invoke("scan", "--format", "json", str(root))[1])
    for report in (quiet, full):
        del report["stats"]  # how long it took, and what the cache saved
    assert quiet == full


def test_quiet_diff_is_its_headline(repo: RepoFactory) -> None:
    root = repo(files=SITE)
    code, out, _ = invoke("diff", "HEAD", str(root), "-q")
    assert code == 0
    assert out == "stackcheck diff: avoid, unchanged: no rule changed state\n"


# --- usage errors: one line, naming the option, with a hint -----------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        pytest.param(
            ("scan", "--format", "jsn"),
            "--format: 'jsn' is not one of 'text', 'json', 'sarif', 'github', 'gitlab', "
            "'junit', 'markdown', 'json-lines', 'html', 'badge', 'badge-json'; did you mean "
            "'json'? "
            "(see 'stackcheck scan --help')",
            id="choice",
        ),
        pytest.param(
            ("scan", "--formt", "json"),
            "--formt: no such option; did you mean --format or --output-format? "
            "(see 'stackcheck scan --help')",
            id="option",
        ),
        pytest.param(
            ("scna",),
            "No such command 'scna'. Did you mean 'scan'? (see 'stackcheck --help')",
            id="command",
        ),
        pytest.param(
            ("scan", "--min-confidence", "2"),
            "--min-confidence: 2.0 is not in the range 0<=x<=1 (see 'stackcheck scan --help')",
            id="range",
        ),
        pytest.param(
            ("explain",),
            "Missing argument 'RULE_ID' (see 'stackcheck explain --help')",
            id="missing-argument",
        ),
        pytest.param(
            ("history", "--format", "sarif"),
            "--format: 'sarif' is not one of 'text', 'json', 'markdown', 'json-lines', 'html' "
            "(see 'stackcheck history --help')",
            id="history-format",
        ),
        pytest.param(
            ("scan", "--exclude"),
            "Option '--exclude' requires an argument",
            id="no-value",
        ),
    ],
)
def test_usage_errors_are_one_line_naming_the_option(args: tuple[str, ...], line: str) -> None:
    code, out, err = invoke(*args)
    assert (code, out) == (2, "")
    assert err == f"stackcheck: error: {line}\n"


def test_usage_errors_through_the_real_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stackcheck", "scan", "--fail-on", "nevr"],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "stackcheck: error: --fail-on: 'nevr' is not one of 'avoid', 'warning', 'never'; "
        "did you mean 'never'? (see 'stackcheck scan --help')\n"
    )


@pytest.mark.parametrize(
    "args", [("--format", "x\x1b[31m\n::error::y"), ("--formt\x1b[31m\n::error::y",)]
)
def test_what_the_user_typed_is_escaped_in_the_error(args: tuple[str, ...]) -> None:
    code, _, err = invoke("scan", *args)
    assert code == 2
    assert err.count("\n") == 1
    assert "\x1b" not in err
    assert "\\x1b[31m" in err


def test_help_and_the_bare_group_still_print_help() -> None:
    code, out, _ = invoke("scan", "--help")
    assert code == 0
    assert "--color[=WHEN], --no-color" in out
    assert "-q, --quiet" in out
    code, out, err = invoke()
    assert code in (0, 2)  # click 8.2 exits 2 after the help, older versions 0
    assert "Commands:" in out + err


# --- --select / --ignore name rules that exist ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        pytest.param(
            ("--select", "DJ9O1"),
            "--select: 'DJ9O1' is not a rule ID or the start of one; did you mean 'DJ901'?",
            id="typo",
        ),
        pytest.param(
            ("--ignore", "DJ1,static-site"),
            "--ignore: 'STATIC-SITE' is not a rule ID or the start of one; did you mean 'DJ901'?",
            id="a-slug",
        ),
        pytest.param(
            ("--extend-select", "ACME1"),
            "--extend-select: 'ACME1' is not a rule ID or the start of one",
            id="nothing-close",
        ),
    ],
)
def test_an_unknown_rule_prefix_is_an_error_with_a_hint(
    repo: RepoFactory, args: tuple[str, ...], line: str
) -> None:
    code, out, err = invoke("scan", str(repo(files=SITE)), *args)
    assert (code, out) == (2, "")
    assert err == f"stackcheck: error: {line} (stackcheck rules lists them)\n"


@pytest.mark.parametrize("command", [("diff", "HEAD"), ("history",)])
def test_diff_and_history_check_rule_prefixes_too(repo: RepoFactory, command: tuple[str]) -> None:
    root = repo(files=SITE)
    code, _, err = invoke(*command, str(root), "--ignore", "DJ99")
    assert code == 2
    assert err.startswith("stackcheck: error: --ignore: 'DJ99' is not a rule ID")


@pytest.mark.parametrize("value", ["DJ", "dj9", "DJ901", "DJ1,DJ901"])
def test_known_ids_and_prefixes_are_accepted(repo: RepoFactory, value: str) -> None:
    code, _, err = invoke("scan", str(repo(files=SITE)), "--ignore", value)
    assert code in (0, 1)
    assert err == ""


# --- report files: the umask's mode, links replaced --------------------------------------------


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.usefixtures("umask")
def test_report_files_get_the_mode_the_umask_leaves(repo: RepoFactory, tmp_path: Path) -> None:
    root = repo(files=SITE)
    text, sarif = tmp_path / "report.txt", tmp_path / "out.sarif"
    invoke("scan", str(root), "-o", str(text), "--output-format", f"sarif={sarif}")
    assert (mode(text), mode(sarif)) == (0o644, 0o644)
    os.umask(0o077)
    private = tmp_path / "private.txt"
    invoke("scan", str(root), "-o", str(private))
    assert mode(private) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.usefixtures("umask")
def test_a_replaced_report_keeps_its_mode_and_a_link_is_replaced_not_followed(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root = repo(files=SITE)
    kept = tmp_path / "kept.txt"
    kept.write_text("old report\n")
    kept.chmod(0o640)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    victim.chmod(0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(victim)
    invoke("scan", str(root), "-o", str(kept), "--output-format", f"text={link}")
    assert mode(kept) == 0o640
    assert kept.read_text().startswith("stackcheck: avoid")
    assert victim.read_text() == "precious"
    assert not link.is_symlink()
    assert (mode(link), link.read_text().startswith("stackcheck: avoid")) == (0o644, True)


# --- a warm scan says where its answer came from ---------------------------------------------


def test_a_warm_scan_says_from_cache(repo: RepoFactory) -> None:
    root = repo(files=APP)
    cold = invoke("scan", str(root))[1].splitlines()[-1]
    warm = invoke("scan", str(root))[1].splitlines()[-1]
    assert cold.startswith("2 files, 2 read (")
    assert warm.startswith("2 files, from cache, 0 skipped, in ")
    assert "from cache" in invoke("scan", str(root), "--rev", "HEAD")[1].splitlines()[-1]
    markdown = invoke("scan", str(root), "--format", "markdown")[1].splitlines()[-1]
    assert markdown.startswith("<sub>stackcheck: 2 files, from cache, 0 skipped, in ")
    diff = invoke("diff", "HEAD", str(root))[1].splitlines()[-1]
    assert diff.startswith("base 2 files, head 2 files, from cache, in ")


def test_without_a_cache_every_scan_says_what_it_read(repo: RepoFactory) -> None:
    root = repo(files=APP)
    for _ in range(2):
        last = invoke("scan", str(root), "--no-cache")[1].splitlines()[-1]
        assert last.startswith("2 files, 2 read (")
