from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import RepoFactory, git
from stackcheck import __version__
from stackcheck.cli import cli

SITE = {
    "index.html": "<html><body><h1>Hi</h1></body></html>\n",
    "about.html": "<html><body><h1>About</h1></body></html>\n",
    "style.css": "h1 { color: red; }\n",
}
LIBRARY = {
    "pyproject.toml": (
        '[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "lib"\nversion = "1"\n'
    ),
    "lib/__init__.py": "",
}


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0
    assert out.strip() == f"stackcheck, version {__version__}"


def test_text_report_starts_with_the_verdict_and_ends_with_a_summary(repo: RepoFactory) -> None:
    code, out, _ = invoke("scan", str(repo(files=SITE)))
    lines = out.splitlines()
    assert lines[0].startswith("stackcheck: avoid — DJ901 A site that is only static pages; use ")
    assert "When not to use Django:" in lines
    assert re.fullmatch(r"\d+ files, \d+ read \([\d.]+ \w+\), 0 skipped, in [\d.]+s", lines[-1])
    assert "\x1b[" not in out  # no colour when not on a terminal
    assert code == 1


def test_json_report_follows_the_contract(repo: RepoFactory) -> None:
    root = repo(files=SITE)
    code, out, _ = invoke("scan", str(root), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["schema"] == "stackcheck.report/1"
    assert report["tool"] == {"name": "stackcheck", "version": __version__}
    # A work tree: no revision; links point at HEAD's commit; no origin remote.
    assert report["target"] == {
        "path": str(root),
        "rev": None,
        "remote": None,
        "commit": git(root, "rev-parse", "HEAD").strip(),
        "subdir": "",
    }
    assert report["verdict"] == "avoid"
    assert {"use_cases", "avoid", "warnings", "skipped", "stats"} <= set(report)
    tripped = report["avoid"][0]
    assert tripped["id"] == "DJ901"
    assert tripped["slug"] == "static-site"
    assert tripped["alternative"].startswith("a static site generator")
    assert 0 < tripped["confidence"] <= 1
    for item in tripped["evidence"]:
        assert set(item) == {"path", "line", "detail"}
    assert set(report["stats"]) == {
        "files",
        "files_read",
        "bytes_read",
        "seconds",
        "complete",
        "from_cache",
    }
    assert report["stats"]["complete"] is True
    assert report["stats"]["files"] == 3
    assert out == json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param((), 1, id="default-fails-on-avoid"),
        pytest.param(("--exit-zero",), 0, id="exit-zero"),
        pytest.param(("--fail-on", "never"), 0, id="fail-on-never"),
        pytest.param(("--ignore", "DJ901"), 0, id="ignored-rule"),
        pytest.param(("--select", "DJ1"), 0, id="selected-away"),
        pytest.param(("--select", "DJ101,DJ9"), 1, id="comma-separated-select"),
    ],
)
def test_exit_codes_follow_the_policy(
    repo: RepoFactory, args: tuple[str, ...], expected: int
) -> None:
    code, _, _ = invoke("scan", str(repo(files=SITE)), *args)
    assert code == expected


def test_not_applicable_passes(repo: RepoFactory) -> None:
    code, out, _ = invoke("scan", str(repo(files=LIBRARY)))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "stackcheck: not-applicable — no web application here: a library "
        "(package metadata for publishing)"
    )
    assert lines[1] == "  kind: library (package metadata for publishing)"


def test_output_file(repo: RepoFactory, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = invoke("scan", str(repo(files=LIBRARY)), "--format", "json", "-o", str(target))
    assert code == 0
    assert out == ""
    assert json.loads(target.read_text())["verdict"] == "not-applicable"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("scan", "/no/such/dir"), "/no/such/dir: no such file or directory", id="missing-path"
        ),
        pytest.param(("explain", "DJ999"), "DJ999: no such rule", id="unknown-rule"),
        pytest.param(("explain", "DJ90"), "(did you mean DJ90", id="rule-hint"),
    ],
)
def test_user_errors_exit_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("stackcheck: error: ")
    assert message in err


def test_bad_option_exits_2(repo: RepoFactory) -> None:
    code, _, err = invoke("scan", str(repo(files=LIBRARY)), "--format", "yaml")
    assert code == 2
    assert err == (
        "stackcheck: error: --format: 'yaml' is not one of 'text', 'json', 'sarif', 'github', "
        "'gitlab', 'junit', 'markdown', 'json-lines', 'html', 'badge', 'badge-json' "
        "(see 'stackcheck scan --help')\n"
    )


def test_broken_config_exits_2_naming_file_and_key(repo: RepoFactory) -> None:
    root = repo(files={**LIBRARY, ".stackcheck.toml": 'fail_on = "never"\n'})
    code, _, err = invoke("scan", str(root))
    assert code == 2
    assert err.strip() == (
        f"stackcheck: error: {root / '.stackcheck.toml'}: fail_on: unknown key "
        "(did you mean 'fail-on'?)"
    )


def test_config_is_read_and_options_override_it(repo: RepoFactory, user_config: Path) -> None:
    user_config.write_text('fail-on = "never"\n')
    root = repo(files=SITE)
    assert invoke("scan", str(root))[0] == 0
    assert invoke("scan", str(root), "--fail-on", "avoid")[0] == 1


def test_a_repository_config_cannot_make_the_gate_laxer(repo: RepoFactory) -> None:
    root = repo(files={**SITE, "pyproject.toml": '[tool.stackcheck]\nfail-on = "never"\n'})
    code, out, _ = invoke("scan", str(root))
    assert code == 1
    assert 'tool.stackcheck.fail-on = "never": ignored: a repository may make the gate ' in out
    assert invoke("scan", str(root), "--fail-on", "never")[0] == 0  # the person may
    assert invoke("scan", str(root), "--isolated")[0] == 1


@pytest.mark.parametrize(
    ("where", "code"),
    [pytest.param("user", 0, id="the-users-own"), pytest.param("repository", 1, id="repository")],
)
def test_suppression_with_reason_is_listed(
    repo: RepoFactory, user_config: Path, where: str, code: int
) -> None:
    """Listed either way; only the person's own suppression passes the gate."""
    config = '[[ignore]]\nrule = "DJ901"\nreason = "landing page, decided in ADR-7"\n'
    if where == "user":
        user_config.write_text(config)
        root = repo(files=SITE)
    else:
        root = repo(files={**SITE, ".stackcheck.toml": config})
    exit_code, out, _ = invoke("scan", str(root))
    assert exit_code == code
    assert "Suppressed:\n  DJ901: landing page, decided in ADR-7" in out
    shown = "the repository's config hid 1 finding: DJ901 (ignore), still counted by the gate"
    assert (shown in out) is (where == "repository")


def test_internal_errors_exit_3_without_traceback(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("stackcheck.pipeline.collect", explode)
    code, _, err = invoke("scan", str(repo(files=LIBRARY)))
    assert code == 3
    assert "internal error: ZeroDivisionError: boom" in err
    assert "Traceback" not in err


def test_rules_and_explain(repo: RepoFactory) -> None:
    code, out, _ = invoke("rules")
    assert code == 0
    assert re.search(r"^DJ903\s+pure-realtime\s+avoid\s+", out, re.M)
    code, out, _ = invoke("explain", "dj901")
    assert code == 0
    assert out.startswith("DJ901 static-site (avoid)\n")
    for section in (
        "## What it detects",
        "## Why it matters",
        "## Example",
        "## Use instead",
        "## References",
    ):
        assert section in out


def test_python_dash_m_runs(repo: RepoFactory) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "stackcheck", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("stackcheck, version ")


@pytest.mark.parametrize("where", ["user", "repository"])
@pytest.mark.parametrize(
    ("severity", "code", "verdict", "warned"),
    [
        pytest.param('{DJ901 = "error"}', 1, "avoid", False, id="error-is-the-default"),
        pytest.param('{DJ901 = "warning"}', 0, "not-applicable", True, id="warning-only-warns"),
        pytest.param('{DJ9 = "warning", DJ901 = "error"}', 1, "avoid", False, id="longest-wins"),
        pytest.param('{DJ9 = "off"}', 0, "not-applicable", False, id="off"),
    ],
)
def test_per_rule_severity(
    repo: RepoFactory,
    user_config: Path,
    where: str,
    severity: str,
    code: int,
    verdict: str,
    warned: bool,
) -> None:
    """The report shows the severities wherever they come from; the gate obeys only the
    person's own (from the repository's config, the static site still fails)."""
    if where == "user":
        user_config.write_text(f"severity = {severity}\n")
        root = repo(files=SITE)
    else:
        root = repo(files={**SITE, ".stackcheck.toml": f"severity = {severity}\n"})
    exit_code, out, _ = invoke("scan", str(root), "--format", "json")
    report = json.loads(out)
    assert exit_code == (code if where == "user" else 1)
    assert report["verdict"] == verdict
    assert any(w["id"] == "DJ901" for w in report["warnings"]) is warned
    assert bool(report["repo_influence"]) is (where == "repository" and verdict != "avoid")


def test_bad_severity_is_a_config_error(repo: RepoFactory) -> None:
    root = repo(files={**SITE, ".stackcheck.toml": 'severity = {DJ901 = "fatal"}\n'})
    code, _, err = invoke("scan", str(root))
    assert code == 2
    assert "severity.DJ901: must be one of error, warning, off" in err


def test_version_imports_nothing_heavy() -> None:
    """`stackcheck --version` answers before click, git or the rule engine are imported."""
    import subprocess
    import sys

    probe = (
        "import sys; sys.argv = ['stackcheck', '--version']\n"
        "from stackcheck.console import main; main()\n"
        "heavy = {'click', 'git', 'yaml', 'stackcheck.cli', 'stackcheck.judge.rules'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    from stackcheck import __version__

    assert done.stdout.splitlines() == [f"stackcheck, version {__version__}", "[]"]


def test_roles_set_in_gitattributes_are_listed_as_repo_influence(repo: RepoFactory) -> None:
    root = repo(
        files={
            ".gitattributes": (
                "scripts/** stackcheck-role=product\nsite/** linguist-documentation\n"
            ),
            "index.html": "<p>hi</p>\n",
            "scripts/build.py": "print('built')\n",
            "site/a.html": "<p>a</p>\n",
            "site/b.html": "<p>b</p>\n",
        }
    )
    code, out, _ = invoke("scan", str(root), "--format", "json", "--exit-zero")
    assert code == 0
    assert json.loads(out)["repo_influence"] == [
        {
            "source": ".gitattributes",
            "setting": "linguist-documentation",
            "effect": "set the role of 2 files",
            "kind": "roles",
            "items": ["2 files (linguist-documentation)"],
        },
        {
            "source": ".gitattributes",
            "setting": "stackcheck-role=product",
            "effect": "set the role of 1 file",
            "kind": "roles",
            "items": ["1 file (stackcheck-role=product)"],
        },
    ]
    _, text, _ = invoke("scan", str(root), "--exit-zero")
    assert (
        "set the role of 2 files (linguist-documentation), 1 file (stackcheck-role=product)" in text
    )
