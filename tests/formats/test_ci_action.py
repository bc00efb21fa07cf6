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


def test_outputs_are_wired_to_the_step_that_writes_them(action: dict[str, Any]) -> None:
    outputs = action["outputs"]
    assert set(outputs) == {"verdict", "use-cases", "cases"}
    for name, spec in outputs.items():
        assert spec["value"] == f"${{{{ steps.scan.outputs.{name} }}}}"
        assert spec["description"]
    scan = step(action, "Scan")
    assert scan["id"] == "scan"
    assert '>> "$GITHUB_OUTPUT"' in scan["run"]
    # Written before the step exits with the scan's status, so they exist when it fails.
    assert scan["run"].rstrip().endswith('exit "$status"')


def test_no_input_is_spliced_into_a_script(action: dict[str, Any]) -> None:
    for item in action["runs"]["steps"]:
        assert "${{" not in item.get("run", ""), item["name"]


def run_step(
    action: dict[str, Any], tmp_path: Path, target: Path, fail_on: str, args: str = ""
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """The Scan step's bash script itself, with the environment GitHub would give it (the
    shell GitHub runs it with: bash -e -o pipefail); its exit status and its outputs."""
    outputs, temp = tmp_path / "outputs.txt", tmp_path / "runner-temp"
    temp.mkdir(exist_ok=True)
    outputs.write_text("", encoding="utf-8")
    pack = Path(__file__).parent / "rules"
    (tmp_path / "ci.toml").write_text(f"rules-dirs = [{json.dumps(str(pack))}]\n", "utf-8")
    scan = step(action, "Scan")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(outputs),
        "RUNNER_TEMP": str(temp),
        "INPUT_PATH": target.name,
        "INPUT_FAIL_ON": fail_on,
        "INPUT_ARGS": f"--config {tmp_path / 'ci.toml'} --select ZZ {args}",
    }
    assert set(scan["env"]) == {"INPUT_PATH", "INPUT_FAIL_ON", "INPUT_ARGS"}
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", scan["run"]],
        cwd=target.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = outputs.read_text(encoding="utf-8").splitlines()
    return done, dict(line.split("=", 1) for line in lines)


# A Django project's manage.py: what makes the layout rule of the pack hold.
MANAGE_PY = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n"
TEMPLATES = {"shop/templates/shop/index.html": "<h1>x</h1>\n", "manage.py": MANAGE_PY}


@pytest.mark.parametrize(
    ("fail_on", "exit_code"),
    [pytest.param("never", 0, id="never"), pytest.param("avoid", 1, id="avoid-fails")],
)
def test_the_scan_step_runs_as_written(
    action: dict[str, Any], repo: Any, tmp_path: Path, fail_on: str, exit_code: int
) -> None:
    target = repo(files=TEMPLATES)
    done, outputs = run_step(action, tmp_path, target, fail_on)
    assert done.returncode == exit_code, done.stderr
    assert done.stdout.startswith(f"::error file={target.name}/shop/templates/shop/index.html,")
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## stackcheck: ❌ Avoid Django here")
    sarif = json.loads((target.parent / "stackcheck.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "ZZ901"
    # The outputs a later step branches on, written whether or not the gate failed.
    assert outputs == {"verdict": "avoid", "use-cases": "ZZ101", "cases": "ZZ901"}


def test_outputs_of_a_scan_that_trips_nothing(
    action: dict[str, Any], repo: Any, tmp_path: Path
) -> None:
    target = repo(files={"manage.py": MANAGE_PY})
    done, outputs = run_step(action, tmp_path, target, "avoid")
    assert done.returncode == 0, done.stderr
    assert outputs == {"verdict": "suits", "use-cases": "ZZ101", "cases": ""}


def test_no_outputs_when_the_scan_did_not_run(
    action: dict[str, Any], repo: Any, tmp_path: Path
) -> None:
    target = repo(files={"manage.py": ""})
    done, outputs = run_step(action, tmp_path, target, "avoid", args="--select ZZ9O1")
    assert done.returncode == 2
    assert "did you mean 'ZZ901'?" in done.stderr
    assert outputs == {}


@pytest.mark.parametrize(
    ("fail_on", "exit_code"),
    [
        pytest.param("avoid", 1, id="the-workflows-policy-holds"),
        pytest.param("never", 0, id="the-workflows-own-choice"),
        pytest.param("", 1, id="left-to-config-still-no-laxer"),
    ],
)
def test_the_gate_is_the_workflows_and_the_repository_cannot_loosen_it(
    action: dict[str, Any], repo: Any, tmp_path: Path, fail_on: str, exit_code: int
) -> None:
    target = repo(files={**TEMPLATES, ".stackcheck.toml": 'fail-on = "never"\n'})
    done, outputs = run_step(action, tmp_path, target, fail_on)
    assert done.returncode == exit_code, done.stderr
    assert outputs["verdict"] == "avoid"
