"""The composite GitHub Action (action.yml at the repository root)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return data


def step(action: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [s for s in action["runs"]["steps"] if s.get("name") == name]
    return found


def test_inputs_and_their_defaults(action: dict[str, Any]) -> None:
    assert action["runs"]["using"] == "composite"
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    assert defaults["path"] == "."
    assert defaults["fail-on"] == "avoid"
    assert defaults["args"] == ""
    assert all("description" in spec for spec in action["inputs"].values())


def test_steps_install_from_the_action_and_upload_sarif_always(action: dict[str, Any]) -> None:
    uses = [s.get("uses", "") for s in action["runs"]["steps"]]
    assert uses[0].startswith("actions/setup-python@")
    assert "$GITHUB_ACTION_PATH" in step(action, "Install stackcheck")["run"]
    scan = step(action, "Scan")["run"]
    for part in ("--format github", '"markdown=$GITHUB_STEP_SUMMARY"', "sarif=stackcheck.sarif"):
        assert part in scan
    upload = step(action, "Upload SARIF")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"].startswith("always()")
    assert upload["with"]["sarif_file"] == "stackcheck.sarif"


def test_no_input_is_spliced_into_a_script(action: dict[str, Any]) -> None:
    for item in action["runs"]["steps"]:
        assert "${{" not in item.get("run", ""), item["name"]


@pytest.mark.parametrize(
    ("fail_on", "exit_code"),
    [pytest.param("never", 0, id="never"), pytest.param("avoid", 1, id="avoid-fails")],
)
def test_the_scan_step_runs_as_written(
    action: dict[str, Any], repo: Any, tmp_path: Path, fail_on: str, exit_code: int
) -> None:
    """The step's bash script itself, with the env GitHub would give it."""
    target = repo(files={"shop/templates/shop/index.html": "<h1>x</h1>\n", "manage.py": ""})
    summary = tmp_path / "summary.md"
    pack = Path(__file__).parent / "rules"
    (tmp_path / "ci.toml").write_text(f"rules-dirs = [{json.dumps(str(pack))}]\n", "utf-8")
    scan = step(action, "Scan")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(summary),
        "INPUT_PATH": target.name,
        "INPUT_FAIL_ON": fail_on,
        "INPUT_ARGS": f"--config {tmp_path / 'ci.toml'} --select ZZ",
    }
    assert set(scan["env"]) == {"INPUT_PATH", "INPUT_FAIL_ON", "INPUT_ARGS"}
    done = subprocess.run(
        ["bash", "-e", "-c", scan["run"]],
        cwd=target.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == exit_code, done.stderr
    assert done.stdout.startswith(f"::error file={target.name}/shop/templates/shop/index.html,")
    assert summary.read_text(encoding="utf-8").startswith("## stackcheck: ❌ Avoid Django here")
    sarif = json.loads((target.parent / "stackcheck.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "ZZ901"
