"""End to end: `stackcheck scan` on a real git repository, in every format.

The scans use the test-only rule pack in tests/formats/rules (IDs ZZ...) and `--select ZZ`,
so these tests pin the formats, not the tuning of the built-in rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import pytest
from click.testing import CliRunner, Result

from stackcheck.cli import cli

PACK = Path(__file__).parent / "rules"
SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "data" / "sarif-schema-2.1.0.json"
FILES = {
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
    "shop/templates/shop/index.html": "<h1>{{ title }}</h1>\n",
    "README.md": "# shop\n",
}


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "pack.toml"
    path.write_text(f"rules-dirs = [{json.dumps(str(PACK))}]\n", encoding="utf-8")
    return path


def scan(
    target: Path, config: Path, *args: str, env: dict[str, str | None] | None = None
) -> Result:
    env = {"GITHUB_ACTIONS": None, "NO_COLOR": "1", **(env or {})}
    return CliRunner().invoke(
        cli, ["scan", str(target), "--config", str(config), "--select", "ZZ", *args], env=env
    )


def _sarif(out: str) -> None:
    run = json.loads(out)["runs"][0]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("ZZ901", "error"),
        ("ZZ101", "note"),
    ]
    uris = [
        loc["physicalLocation"]["artifactLocation"]["uri"] for loc in run["results"][0]["locations"]
    ]
    assert uris == ["repo/shop/templates/shop/index.html"]
    assert "ZZ901" in {r["id"] for r in run["tool"]["driver"]["rules"]}


def _github(out: str) -> None:
    lines = out.splitlines()
    assert lines[0].startswith(
        "::error file=repo/shop/templates/shop/index.html,title=stackcheck ZZ901 templates-seen::"
    )
    assert lines[1].startswith("::notice file=repo/manage.py,title=stackcheck ZZ101 layout-seen::")
    # --select ZZ hides the built-in rules' findings, and says so.
    assert lines[2] == (
        "::notice title=stackcheck%3A hidden findings::"
        "hidden: 1 finding (not selected: select ZZ): DJ202"
    )
    assert lines[3].startswith("stackcheck: avoid — ZZ901 Templates in a templates/ folder")


def _gitlab(out: str) -> None:
    found = json.loads(out)
    assert [(i["check_name"], i["severity"], i["location"]["path"]) for i in found] == [
        ("ZZ901-templates-seen", "major", "repo/shop/templates/shop/index.html"),
        ("ZZ101-layout-seen", "info", "repo/manage.py"),
        ("stackcheck-hidden", "info", "repo"),
    ]
    assert found[-1]["description"] == "hidden: 1 finding (not selected: select ZZ): DJ202"


def _junit(out: str) -> None:
    root = SafeET.fromstring(out)
    failed = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
    assert failed == ["ZZ901 templates-seen"]
    assert root.get("failures") == "1"
    [failure] = root.iter("failure")
    assert "\n  repo/shop/templates/shop/index.html  " in failure.text  # as SARIF's, GitLab's


def _markdown(out: str) -> None:
    assert out.startswith("## stackcheck: ❌ Avoid Django here\n")
    assert "| ZZ901 | templates\\-seen | Templates in a templates\\/ folder | 0.90 |" in out
    assert "[` repo/manage.py `](./repo/manage.py)" in out


def _json_lines(out: str) -> None:
    found = [json.loads(line) for line in out.splitlines()]
    assert [(f["type"], f.get("id")) for f in found] == [
        ("avoid", "ZZ901"),
        ("use_case", "ZZ101"),
        ("summary", None),
    ]
    assert found[-1]["stats"]["files"] == 3


def _json(out: str) -> None:
    data = json.loads(out)
    assert data["verdict"] == "avoid"
    assert [a["id"] for a in data["avoid"]] == ["ZZ901"]


def _text(out: str) -> None:
    assert out.startswith("stackcheck: avoid — ZZ901 Templates in a templates/ folder")


CHECKS: dict[str, Callable[[str], None]] = {
    "sarif": _sarif,
    "github": _github,
    "gitlab": _gitlab,
    "junit": _junit,
    "markdown": _markdown,
    "json-lines": _json_lines,
    "json": _json,
    "text": _text,
}


@pytest.mark.parametrize("fmt", [pytest.param(name, id=name) for name in CHECKS])
def test_every_format_end_to_end(
    repo: Any, config: Path, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo(files=FILES).rename(tmp_path / "repo")
    monkeypatch.chdir(tmp_path)  # CI formats show paths under the target as given: repo/...
    result = scan(Path("repo"), config, "--format", fmt)
    assert result.exit_code == 1, result.output  # avoid fails the default policy
    CHECKS[fmt](result.stdout)


def test_sarif_from_a_real_scan_validates(repo: Any, config: Path) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF 2.1.0 schema not found at {SCHEMA} (../shared/data from the repo root)")
    import jsonschema

    result = scan(repo(files=FILES), config, "--format", "sarif")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(json.loads(result.stdout)))
    assert not errors, [e.message for e in errors]


def test_several_outputs_in_one_run(repo: Any, config: Path, tmp_path: Path) -> None:
    sarif, summary = tmp_path / "out.sarif", tmp_path / "summary.md"
    result = scan(
        repo(files=FILES),
        config,
        "--format",
        "json-lines",
        "--output-format",
        f"sarif={sarif}",
        "--output-format",
        f"markdown={summary}",
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout.splitlines()[-1])["type"] == "summary"
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert summary.read_text(encoding="utf-8").startswith("## stackcheck: ❌ Avoid Django here")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("sarif", "'sarif' is not FORMAT=FILE", id="no-file"),
        pytest.param("sarif=", "'sarif=' is not FORMAT=FILE", id="empty-file"),
        pytest.param("yaml=out.yml", "unknown format 'yaml'", id="unknown-format"),
    ],
)
def test_bad_output_format_is_a_usage_error(
    repo: Any, config: Path, value: str, message: str
) -> None:
    result = scan(repo(files=FILES), config, "--output-format", value)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    ("env", "args", "config_format", "starts"),
    [
        pytest.param({}, [], None, "stackcheck: avoid", id="no-ci-text"),
        pytest.param({"GITHUB_ACTIONS": "false"}, [], None, "stackcheck: avoid", id="not-true"),
        pytest.param({"GITHUB_ACTIONS": "true"}, [], None, "::error ", id="actions-github"),
        pytest.param(
            {"GITHUB_ACTIONS": "true"},
            ["--format", "text"],
            None,
            "stackcheck: avoid",
            id="option-wins",
        ),
        pytest.param(
            {"GITHUB_ACTIONS": "true"}, [], "json-lines", '{"alternative"', id="config-wins"
        ),
    ],
)
def test_github_format_is_the_default_in_github_actions(
    repo: Any,
    tmp_path: Path,
    env: dict[str, str],
    args: list[str],
    config_format: str | None,
    starts: str,
) -> None:
    config = tmp_path / "ci.toml"
    lines = [f"rules-dirs = [{json.dumps(str(PACK))}]"]
    if config_format:
        lines.append(f'format = "{config_format}"')
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = scan(repo(files=FILES), config, *args, env=dict(env))
    assert result.stdout.startswith(starts), result.output


def test_a_report_file_stays_text_in_github_actions(
    repo: Any, config: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.txt"
    result = scan(repo(files=FILES), config, "-o", str(out), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8").startswith("stackcheck: avoid")
