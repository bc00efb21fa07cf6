from __future__ import annotations

import json
from typing import Any

import pytest
from sample_reports import avoid_report, empty_report, suits_report

from stackcheck.report import Report
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.json_lines import ci_path, render


def lines(built: Report) -> list[dict[str, Any]]:
    text = render(built, RenderOptions())
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize(
    ("built", "types"),
    [
        pytest.param(empty_report, [("summary", None)], id="nothing-found"),
        pytest.param(avoid_report, [("avoid", "DJ901"), ("summary", None)], id="avoid"),
        pytest.param(
            suits_report,
            [("warning", "DJ201"), ("warning", "DJ903"), ("use_case", "DJ101"), ("summary", None)],
            id="suits",
        ),
    ],
)
def test_one_line_per_finding_then_summary(built: Any, types: list[tuple[str, Any]]) -> None:
    assert [(line["type"], line.get("id")) for line in lines(built())] == types


def test_finding_line_content() -> None:
    [avoid, summary] = lines(avoid_report())
    assert avoid["alternative"] == "a static site generator"
    assert avoid["confidence"] == 0.9
    assert avoid["evidence"][0] == {
        "path": "index.html",
        "line": None,
        "detail": "hand-written HTML page",
    }
    assert avoid["reasons"] == ["hand-written HTML pages", "almost all of it"]
    assert summary["verdict"] == "avoid"
    assert summary["stats"] == {
        "files": 7,
        "files_read": 5,
        "bytes_read": 1234,
        "seconds": 0.25,
        "complete": True,
        "from_cache": False,
    }
    assert summary["counts"] == {
        "avoid": 1,
        "use_cases": 0,
        "warnings": 0,
        "skipped": 1,
        "hidden": 0,
    }
    assert summary["hidden"] == []
    assert summary["skipped"] == [{"path": "broken/package.json", "reason": "invalid JSON"}]


def test_warning_line_carries_the_rule_message() -> None:
    warning = lines(suits_report())[0]
    assert warning["message"] == (
        "DJ201 not-django-yet: Another framework is in use (confidence 0.70). Why: a reason."
    )


@pytest.mark.parametrize(
    ("target", "path", "expected"),
    [
        pytest.param(".", "a/b.py", "a/b.py", id="root"),
        pytest.param("./", ".", ".", id="root-itself"),
        pytest.param("site", "a/b.py", "site/a/b.py", id="relative"),
        pytest.param("site/./", ".", "site", id="relative-root"),
        pytest.param("/abs/site", "a/b.py", "a/b.py", id="absolute-left-alone"),
    ],
)
def test_ci_path(target: str, path: str, expected: str) -> None:
    assert ci_path(avoid_report(target=target), path) == expected


def test_type_is_the_lines_severity_and_kind_the_rules_kind() -> None:
    """The two differ for a weak "when not to use" case, reported as a warning."""
    found = {line.get("id"): line for line in lines(suits_report())}
    assert {rid: (line["type"], line.get("kind")) for rid, line in found.items()} == {
        "DJ201": ("warning", "warning"),
        "DJ903": ("warning", "avoid"),
        "DJ101": ("use_case", "use-case"),
        None: ("summary", None),
    }
