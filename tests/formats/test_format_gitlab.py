from __future__ import annotations

import json
from typing import Any

import pytest
from sample_reports import STATIC, avoid_report, empty_report, finding, report, suits_report

from stackcheck.report import Report
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.gitlab import render

SEVERITIES = {"blocker", "critical", "major", "minor", "info"}


def issues(built: Report) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(render(built, RenderOptions()))
    return data


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        pytest.param(empty_report, [], id="nothing-found"),
        pytest.param(avoid_report, [("DJ901-static-site", "major", "index.html", 1)], id="avoid"),
        pytest.param(
            suits_report,
            [
                ("DJ201-not-django-yet", "minor", "app.py", 1),
                ("DJ903-pure-realtime", "minor", "chat/consumers.py", 5),
                ("DJ101-fullstack", "info", "requirements.txt", 3),
            ],
            id="warnings-and-use-case",
        ),
    ],
)
def test_one_issue_per_finding(built: Any, expected: list[tuple[str, str, str, int]]) -> None:
    found = issues(built())
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
        for i in found
    ] == expected
    for issue in found:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in SEVERITIES
        assert len(issue["fingerprint"]) == 64


def test_description_and_unique_fingerprints() -> None:
    found = issues(suits_report())
    assert found[-1]["description"] == (
        "DJ101 fullstack: Server-rendered web app (confidence 0.85). Why: a reason."
    )
    assert len({i["fingerprint"] for i in found}) == len(found)


@pytest.mark.parametrize(
    ("target", "path"),
    [pytest.param(".", ".", id="root"), pytest.param("site", "site", id="relative-target")],
)
def test_a_finding_about_the_whole_tree_is_placed_at_its_root(target: str, path: str) -> None:
    built = report("avoid", avoid=[finding(STATIC, 0.9, (".", None, "all static"))], target=target)
    assert issues(built)[0]["location"] == {"path": path, "lines": {"begin": 1}}
