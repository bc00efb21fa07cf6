from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sample_reports import (
    FULLSTACK,
    STATIC,
    avoid_report,
    crafted_report,
    empty_report,
    finding,
    influenced_report,
    report,
    suits_report,
)

from stackcheck.report import Report
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.sarif import render

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared" / "data" / "sarif-schema-2.1.0.json"


def sarif(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(report, RenderOptions()))
    return data


def results(report: Report) -> dict[str, dict[str, Any]]:
    return {r["ruleId"]: r for r in sarif(report)["runs"][0]["results"]}


@pytest.fixture(scope="module")
def validator() -> Any:
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF 2.1.0 schema not found at {SCHEMA} (../shared/data from the repo root)")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


@pytest.mark.parametrize(
    "built",
    [
        pytest.param(empty_report, id="not-applicable"),
        pytest.param(avoid_report, id="avoid-with-skipped"),
        pytest.param(suits_report, id="suits-with-warnings"),
        pytest.param(lambda: crafted_report("a b/#x%.html", "détail\n::x"), id="odd-path"),
        pytest.param(lambda: avoid_report(target="site"), id="relative-target"),
        pytest.param(influenced_report, id="repo-influence"),
    ],
)
def test_validates_against_the_sarif_schema(validator: Any, built: Any) -> None:
    errors = sorted(validator.iter_errors(sarif(built())), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_driver_lists_every_rule_with_its_docs() -> None:
    driver = sarif(suits_report())["runs"][0]["tool"]["driver"]
    assert driver["name"] == "stackcheck"
    assert driver["informationUri"] == "https://github.com/stackcheck/stackcheck"
    rules = {r["id"]: r for r in driver["rules"]}
    assert sorted(rules) == ["DJ001", "DJ101", "DJ201", "DJ901", "DJ903"]
    static = rules["DJ901"]
    assert static["name"] == "static-site"
    assert static["shortDescription"] == {"text": "Only static pages"}
    assert static["fullDescription"] == {"text": "What the rule detects."}
    assert static["helpUri"] == (
        "https://github.com/stackcheck/stackcheck/blob/main/rules/DJ901-static-site.toml"
    )
    assert "## Why it matters\n\nWhy it matters." in static["help"]["markdown"]
    assert "Use instead\nWhat to use instead." in static["help"]["text"]
    assert "a static site generator" in static["help"]["text"]
    assert static["properties"] == {"kind": "avoid", "tags": ["avoid", "django"]}
    assert static["defaultConfiguration"] == {"level": "error"}


def test_a_users_own_rule_gets_no_help_uri() -> None:
    custom = replace(FULLSTACK, source="/elsewhere/DJ101-fullstack.toml")
    built = replace(report("suits", use_cases=[finding(custom, 0.9)]), rules=(custom,))
    [descriptor] = sarif(built)["runs"][0]["tool"]["driver"]["rules"]
    assert descriptor["id"] == "DJ101"
    assert "helpUri" not in descriptor


@pytest.mark.parametrize(
    ("built", "levels"),
    [
        pytest.param(empty_report, {}, id="nothing-found"),
        pytest.param(avoid_report, {"DJ901": "error"}, id="avoid-is-error"),
        pytest.param(
            suits_report,
            {"DJ101": "note", "DJ201": "warning", "DJ903": "warning"},
            id="use-case-note-low-confidence-and-warning-rule-warn",
        ),
    ],
)
def test_levels(built: Any, levels: dict[str, str]) -> None:
    assert {k: r["level"] for k, r in results(built()).items()} == levels


def test_locations_come_from_file_evidence_with_lines() -> None:
    found = results(suits_report())["DJ101"]
    locations = [
        (
            loc["physicalLocation"]["artifactLocation"],
            loc["physicalLocation"].get("region"),
            loc["message"]["text"],
        )
        for loc in found["locations"]
    ]
    assert locations == [
        (
            {"uri": "requirements.txt", "uriBaseId": "%SRCROOT%"},
            {"startLine": 3},
            "Django>=4.2 (runtime)",
        ),
        (
            {"uri": "app/views.py", "uriBaseId": "%SRCROOT%"},
            {"startLine": 12},
            "class PostList(ListView)",
        ),
    ]
    assert found["properties"]["confidence"] == 0.85
    assert found["message"]["text"] == (
        "DJ101 fullstack: Server-rendered web app (confidence 0.85). Why: a reason."
    )


def test_tree_evidence_is_not_a_location_and_no_region_without_a_line() -> None:
    found = results(avoid_report())["DJ901"]
    assert [loc["physicalLocation"] for loc in found["locations"]] == [
        {"artifactLocation": {"uri": "index.html", "uriBaseId": "%SRCROOT%"}}
    ]


@pytest.mark.parametrize(
    ("target", "uri"),
    [
        pytest.param(".", ".", id="root"),
        pytest.param("site", "site/", id="relative-target"),
    ],
)
def test_a_finding_without_file_evidence_points_at_the_root(target: str, uri: str) -> None:
    built = report("avoid", avoid=[finding(STATIC, 0.9, (".", None, "all static"))], target=target)
    location = results(built)["DJ901"]["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}


def test_uris_are_relative_and_percent_encoded() -> None:
    assert _first_uri(crafted_report("a b/#x%.html")) == "a%20b/%23x%25.html"
    assert _first_uri(avoid_report(target="./site/")) == "site/index.html"
    assert _first_uri(avoid_report(target="/abs/site")) == "index.html"


def _first_uri(built: Report) -> str:
    loc = results(built)["DJ901"]["locations"][0]
    uri: str = loc["physicalLocation"]["artifactLocation"]["uri"]
    return uri


def test_fingerprints_are_stable_and_depend_on_rule_and_paths_only() -> None:
    first = results(avoid_report())["DJ901"]["partialFingerprints"]
    again = results(avoid_report())["DJ901"]["partialFingerprints"]
    expected = hashlib.sha256(b"DJ901\0.\0index.html").hexdigest()
    assert first == again == {"stackcheck/v1": expected}
    moved_line = report(
        "avoid", avoid=[finding(STATIC, 0.5, ("index.html", 9, "other"), (".", None, "x"))]
    )
    assert results(moved_line)["DJ901"]["partialFingerprints"] == first
    other_file = report("avoid", avoid=[finding(STATIC, 0.9, ("about.html", None, "x"))])
    assert results(other_file)["DJ901"]["partialFingerprints"] != first


def test_invocation_reports_skipped_files_as_notifications() -> None:
    invocation = sarif(avoid_report())["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["message"]["text"] == "skipped broken/package.json: invalid JSON"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "broken/package.json"
    )
    assert "toolExecutionNotifications" not in sarif(empty_report())["runs"][0]["invocations"][0]


def test_output_is_deterministic() -> None:
    assert render(suits_report(), RenderOptions()) == render(suits_report(), RenderOptions())
