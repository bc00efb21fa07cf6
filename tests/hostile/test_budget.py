"""Issue item 6: the whole scan has a time budget that also holds off the main thread and in
worker processes. What it cuts off is listed as skipped, the scan is marked incomplete
(`stats.complete` false, warning DJ203 "scan incomplete") and the default policy fails it.

No test here waits for a wall clock: the budget is either already spent when the files are
reached (a deadline in the past) or spent by a clock the test advances itself."""

from __future__ import annotations

import itertools
import json
import threading
from pathlib import Path

import pytest
from tests.conftest import RepoFactory
from tests.hostile._support import invoke, reasons

from stackcheck.config import Settings
from stackcheck.facts import collect as collect_module
from stackcheck.facts.collect import OUT_OF_TIME, Limits, collect
from stackcheck.pipeline import scan as pipeline_scan
from stackcheck.report.formats import FORMATS
from stackcheck.source.discover import discover

SPENT = "0.000001"  # seconds: gone before the first file is reached

FLASK_APP = {
    "requirements.txt": "flask==3.0\n",
    "app.py": "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef i():\n"
    "    return 'hi'\n",
    "models.py": "import sqlalchemy\n",
}


def test_a_spent_budget_lists_every_file_left_and_fails_the_default_policy(
    repo: RepoFactory,
) -> None:
    root = repo(files=FLASK_APP)
    code, out, _ = invoke("scan", str(root), "--format", "json", "--timeout", SPENT)
    report = json.loads(out)
    assert report["stats"]["complete"] is False
    assert [w["id"] for w in report["warnings"] if w["slug"] == "scan-incomplete"] == ["DJ203"]
    left = {s["path"] for s in report["skipped"] if s["reason"] == OUT_OF_TIME}
    assert left == set(FLASK_APP)
    assert code == 1  # a gate never passes on a scan that did not finish


def test_the_same_scan_with_time_to_spare_is_complete_and_passes(repo: RepoFactory) -> None:
    root = repo(files=FLASK_APP)
    code, out, _ = invoke("scan", str(root), "--format", "json", "--timeout", "600")
    report = json.loads(out)
    assert report["stats"]["complete"] is True
    assert not any(w["id"] == "DJ203" for w in report["warnings"])
    assert code == 0


@pytest.mark.parametrize("policy", [("--fail-on", "never"), ("--exit-zero",)])
def test_only_the_never_policy_lets_an_incomplete_scan_pass(
    repo: RepoFactory, policy: tuple[str, ...]
) -> None:
    root = repo(files=FLASK_APP)
    code, _, _ = invoke("scan", str(root), "--timeout", SPENT, *policy)
    assert code == 0


def test_the_repository_cannot_hide_an_incomplete_scan_from_the_gate(repo: RepoFactory) -> None:
    root = repo(
        files={**FLASK_APP, ".stackcheck.toml": 'severity = {DJ203 = "off"}\ntimeout = 0\n'}
    )
    code, out, err = invoke("scan", str(root), "--format", "json", "--timeout", SPENT)
    report = json.loads(out)
    assert report["stats"]["complete"] is False
    assert code == 1
    assert "timeout: ignored" in err  # a resource limit is the person's, not the repository's


def test_every_format_says_the_scan_is_incomplete(repo: RepoFactory) -> None:
    root = repo(files=FLASK_APP)
    for fmt in FORMATS:
        code, out, _ = invoke("scan", str(root), "--format", fmt, "--timeout", SPENT)
        assert code == 1, fmt
        said = out.lower()
        assert (
            "scan incomplete" in said
            or '"complete": false' in said
            or '"executionsuccessful": false' in said
        ), fmt


def test_an_incomplete_scan_is_never_cached(repo: RepoFactory) -> None:
    root = repo(files=FLASK_APP)
    invoke("scan", str(root), "--format", "json", "--timeout", SPENT)
    _, out, _ = invoke("scan", str(root), "--format", "json")
    report = json.loads(out)
    assert report["stats"]["complete"] is True
    assert report["stats"]["files_read"] == len(FLASK_APP)
    assert not report["skipped"]


def test_the_budget_holds_off_the_main_thread(repo: RepoFactory) -> None:
    """No SIGALRM there: the deadline is checked between files."""
    root = repo(files=FLASK_APP)
    found = {}

    def run() -> None:
        found["report"] = pipeline_scan(root, Settings(cache=False, timeout=0.000001))

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    assert not found["report"].facts.complete
    assert set(reasons(found["report"].facts)) == set(FLASK_APP)


def test_the_budget_holds_in_worker_processes(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked workers read the same deadline (an absolute time on the monotonic clock)."""
    files = {f"pkg/m{i}.py": "import flask\n" for i in range(12)}
    root = repo(files=files)
    monkeypatch.setattr(collect_module, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(collect_module, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(collect_module.os, "cpu_count", lambda: 2)
    facts = collect(discover(root), Limits(deadline=0.0))
    assert not facts.complete
    assert set(reasons(facts).values()) == {OUT_OF_TIME}
    assert set(reasons(facts)) == set(files)


def test_a_budget_that_runs_out_midway_keeps_what_was_analysed(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clock that moves one second per look: the first files are analysed, the rest are
    listed as left, and the facts found before the deadline stay."""
    files = {f"m{i}.py": "import flask\n" for i in range(6)}
    root = repo(files={**files, "requirements.txt": "flask==3.0\n"})
    listed = discover(root)
    ticks = itertools.count()
    monkeypatch.setattr(collect_module, "clock", lambda: float(next(ticks)))
    facts = collect(listed, Limits(deadline=4.0, time_budget=0))
    left = {p for p, r in reasons(facts).items() if r == OUT_OF_TIME}
    assert 0 < len(left) < len(files) + 1
    assert facts.value("scan.incomplete") == len(left)
    assert facts.files_read == len(files) + 1 - len(left)


def test_the_timeout_setting_is_the_users_alone(
    repo: RepoFactory, user_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo(files=FLASK_APP)
    user_config.write_text(f"timeout = {SPENT}\n", encoding="utf-8")
    _, out, _ = invoke("scan", str(root), "--format", "json")
    assert json.loads(out)["stats"]["complete"] is False
    user_config.write_text("", encoding="utf-8")
    monkeypatch.setenv("STACKCHECK_TIMEOUT", SPENT)
    _, out, _ = invoke("scan", str(root), "--format", "json")
    assert json.loads(out)["stats"]["complete"] is False


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "soon"])
def test_a_bad_timeout_is_one_line(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("STACKCHECK_TIMEOUT", value)
    code, _, err = invoke("scan", ".")
    assert code == 2
    assert "STACKCHECK_TIMEOUT" in err and len(err.strip().splitlines()) == 1


def test_history_shares_one_budget(repo: RepoFactory) -> None:
    root = repo(files=FLASK_APP)
    _, out, _ = invoke("history", str(root), "--format", "json", "--timeout", SPENT)
    [commit] = json.loads(out)["commits"]
    assert commit["scan_complete"] is False
    assert "DJ203" in commit["confidence"]
    _, out, _ = invoke("history", str(root), "--format", "json")
    [commit] = json.loads(out)["commits"]
    assert commit["scan_complete"] is True


def test_diff_fails_when_a_side_did_not_finish(repo: RepoFactory) -> None:
    root = repo(files=FLASK_APP)
    code, out, _ = invoke("diff", "HEAD", str(root), "--format", "json", "--timeout", SPENT)
    report = json.loads(out)
    assert (report["base"]["complete"], report["head"]["complete"]) == (False, False)
    assert code == 1
    code, out, _ = invoke("diff", "HEAD", str(root), "--format", "json")
    assert json.loads(out)["head"]["complete"] is True
    assert code == 0
