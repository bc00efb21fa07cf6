"""Every setting that hides a finding says so: --ignore and `ignore` (with its reason or
"no reason given"), a severity set to off, --select, --min-confidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import RepoFactory
from stackcheck.cli import cli
from stackcheck.config import Settings
from stackcheck.hidden import hidden
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.rules import builtin_rules_dir, load_rules
from stackcheck.judge.verdict import Policy
from stackcheck.pipeline import policy_for

# DJ101 fullstack at 1.00 and DJ107 fintech at 0.70.
FIXTURE = "verdict-django-trading-dashboard"


def scan(root: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(cli, ["scan", str(root), "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout), result.stderr


def item(setting: str, rule: str | None, findings: list[str], reason: str) -> dict[str, Any]:
    return {
        "setting": setting,
        "rule": rule,
        "count": len(findings),
        "findings": findings,
        "reason": reason,
    }


def test_nothing_hidden(repo: RepoFactory) -> None:
    code, report, _ = scan(repo(FIXTURE))
    assert code == 0
    assert [u["id"] for u in report["use_cases"]] == ["DJ101", "DJ107"]
    assert report["hidden"] == []


@pytest.mark.parametrize(
    ("args", "config", "expected"),
    [
        pytest.param(
            ("--ignore", "dj107"),
            "",
            [item("ignore", "DJ107", ["DJ107"], "ignored DJ107: no reason given")],
            id="bare-ignore",
        ),
        pytest.param(
            (),
            '[[ignore]]\nrule = "DJ1"\nreason = "we know, see ADR-9"\n',
            [item("ignore", "DJ1", ["DJ101", "DJ107"], "ignored DJ1: we know, see ADR-9")],
            id="ignore-with-reason",
        ),
        pytest.param(
            (),
            'severity = {DJ107 = "off"}\n',
            [item("severity", "DJ107", ["DJ107"], "severity DJ107 = off")],
            id="severity-off",
        ),
        pytest.param(
            ("--select", "DJ107"),
            "",
            [item("select", None, ["DJ101"], "not selected: select DJ107")],
            id="select",
        ),
        pytest.param(
            ("--min-confidence", "0.8"),
            "",
            [item("min-confidence", None, ["DJ107"], "confidence below min-confidence 0.80")],
            id="min-confidence",
        ),
        pytest.param(
            ("--ignore", "DJ101", "--min-confidence", "0.8"),
            "",
            [
                item("ignore", "DJ101", ["DJ101"], "ignored DJ101: no reason given"),
                item("min-confidence", None, ["DJ107"], "confidence below min-confidence 0.80"),
            ],
            id="two-settings",
        ),
    ],
)
def test_each_setting_that_hides_is_listed(
    repo: RepoFactory,
    user_config: Path,
    args: tuple[str, ...],
    config: str,
    expected: list[dict[str, Any]],
) -> None:
    user_config.write_text(config, encoding="utf-8")
    code, report, err = scan(repo(FIXTURE), *args)
    assert (code, err) == (0, "")
    assert report["hidden"] == expected
    shown = {u["id"] for u in report["use_cases"]}
    assert shown.isdisjoint(rid for h in expected for rid in h["findings"])


def test_the_repositorys_own_settings_are_listed_too(repo: RepoFactory) -> None:
    root = repo(FIXTURE, files={".stackcheck.toml": 'severity = {DJ1 = "off"}\n'})
    result = CliRunner().invoke(cli, ["scan", str(root)])
    lines = result.stdout.splitlines()
    assert "hidden: 2 findings (severity DJ1 = off): DJ101, DJ107" in lines
    assert any(line.startswith("the repository's config hid 2 findings") for line in lines)


def test_a_diff_shows_what_is_hidden_at_head(repo: RepoFactory) -> None:
    root = repo(FIXTURE)
    result = CliRunner().invoke(cli, ["diff", "HEAD", str(root), "--ignore", "DJ107"])
    assert "hidden: 1 finding (ignored DJ107: no reason given): DJ107" in result.stdout


def test_one_setting_is_credited_for_each_finding_in_order() -> None:
    """An ignore before a severity before a selection before the confidence floor."""
    rules = {r.id: r for r in load_rules([builtin_rules_dir()])}
    findings = [Finding(rules[rid], 0.3, (), ()) for rid in ("DJ101", "DJ107", "DJ901", "DJ001")]
    settings = Settings(
        select=("DJ9",),
        ignore=("DJ1",),
        severity=(("DJ10", "off"), ("DJ9", "off")),
        min_confidence=0.5,
    )
    policy = policy_for(settings, tuple(rules.values()))
    assert [(h.setting, h.rule, h.findings) for h in hidden(settings, findings, policy)] == [
        ("ignore", "DJ1", ("DJ101", "DJ107")),
        ("severity", "DJ9", ("DJ901",)),
    ]  # DJ001 is a context rule: never reported, never hidden
    assert hidden(settings, findings, Policy()) == ()  # a policy that reports everything
