from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from stackcheck import __version__
from stackcheck.cli import cli
from stackcheck.commands.init import github_actions_snippet, precommit_snippet
from stackcheck.config import find_config, load_settings

ROOT = Path(__file__).resolve().parents[1]
PROJECT = '[project]\nname = "shop"\nversion = "1.0"\n'


def init(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["init", str(folder), *args])


@pytest.mark.parametrize(
    ("existing", "args", "written", "kept"),
    [
        pytest.param({}, [], "pyproject.toml", "", id="new-pyproject"),
        pytest.param(
            {"pyproject.toml": PROJECT}, [], "pyproject.toml", PROJECT, id="appended-to-pyproject"
        ),
        pytest.param(
            {"pyproject.toml": PROJECT.rstrip("\n")},
            [],
            "pyproject.toml",
            PROJECT.rstrip("\n"),
            id="pyproject-without-final-newline",
        ),
        pytest.param({}, ["--file"], ".stackcheck.toml", "", id="separate-file"),
        pytest.param(
            {"pyproject.toml": PROJECT},
            ["--file"],
            ".stackcheck.toml",
            "",
            id="separate-file-beside-pyproject",
        ),
    ],
)
def test_writes_a_config_that_loads(
    tmp_path: Path, existing: dict[str, str], args: list[str], written: str, kept: str
) -> None:
    for name, text in existing.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = init(tmp_path, *args)
    assert result.exit_code == 0, result.output
    path = tmp_path / written
    assert path.read_text(encoding="utf-8").startswith(kept)
    assert find_config(tmp_path) == path
    settings = load_settings(path)
    assert settings.fail_on == "avoid"
    assert settings.min_confidence == 0.0
    assert settings.source == str(path)
    assert f"Wrote a starter stackcheck configuration to {path}." in result.stdout


@pytest.mark.parametrize(
    ("existing", "args", "message"),
    [
        pytest.param(
            {"pyproject.toml": PROJECT + "\n[tool.stackcheck]\nfail-on = 'never'\n"},
            [],
            "tool.stackcheck: stackcheck is already configured here",
            id="table-exists",
        ),
        pytest.param(
            {"pyproject.toml": PROJECT + "\n[tool.stackcheck]\n"},
            ["--file"],
            "already configured here",
            id="table-exists-file-would-shadow-it",
        ),
        pytest.param(
            {".stackcheck.toml": "fail-on = 'never'\n"},
            [],
            "already configured",
            id="dot-file-exists",
        ),
        pytest.param(
            {"stackcheck.toml": ""}, ["--file"], "already configured", id="plain-file-exists"
        ),
        pytest.param(
            {"pyproject.toml": "[project\n"},
            [],
            "invalid TOML, fix it first",
            id="broken-pyproject",
        ),
        pytest.param(
            {"pyproject.toml": "tool = {black = {}}\n"},
            [],
            "cannot be appended here",
            id="inline-tool-table",
        ),
    ],
)
def test_refuses_and_changes_nothing(
    tmp_path: Path, existing: dict[str, str], args: list[str], message: str
) -> None:
    for name, text in existing.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = init(tmp_path, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(existing)
    for name, text in existing.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = init(tmp_path / "nope")
    assert result.exit_code == 2
    assert "nope" in result.output


def test_prints_both_snippets(tmp_path: Path) -> None:
    out = init(tmp_path).stdout
    assert precommit_snippet() in out
    assert github_actions_snippet() in out


def test_precommit_snippet_is_valid_yaml_naming_a_real_hook() -> None:
    data = yaml.safe_load(precommit_snippet())
    [repo] = data["repos"]
    assert repo["rev"] == f"v{__version__}"
    assert repo["repo"].startswith("https://")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in repo["hooks"]} <= {h["id"] for h in hooks}


def test_github_actions_snippet_is_valid_yaml_using_the_actions_inputs() -> None:
    data = yaml.safe_load(github_actions_snippet())
    assert data["permissions"]["security-events"] == "write"
    steps = data["jobs"]["stackcheck"]["steps"]
    [ours] = [s for s in steps if s["uses"].startswith("stackcheck/stackcheck@")]
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(ours["with"]) <= set(action["inputs"])
    assert ours["with"]["fail-on"] == "avoid"
