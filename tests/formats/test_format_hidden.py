"""What the settings hid (`hidden`) reaches every format: "hidden: N findings (why)"."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Any

import pytest
from sample_reports import avoid_report

from stackcheck.report import Hidden, Report, to_dict
from stackcheck.report.formats import FORMATS, RenderOptions, renderer

HIDDEN = (
    Hidden("ignore", "DJ9", ("DJ902", "DJ903"), "ignored DJ9: no reason given"),
    Hidden("ignore", "DJ201", ("DJ201",), "ignored DJ201: Flask is the admin tool (ADR-3)"),
    Hidden("severity", "DJ110", ("DJ110",), "severity DJ110 = off"),
    Hidden("select", None, ("DJ105",), "not selected: select DJ1"),
    Hidden("min-confidence", None, ("DJ106",), "confidence below min-confidence 0.50"),
)
NO_HIDDEN = ("badge", "badge-json")  # a badge says the verdict alone
LINES = (
    "hidden: 2 findings (ignored DJ9: no reason given): DJ902, DJ903",
    "hidden: 1 finding (ignored DJ201: Flask is the admin tool (ADR-3)): DJ201",
    "hidden: 1 finding (severity DJ110 = off): DJ110",
    "hidden: 1 finding (not selected: select DJ1): DJ105",
    "hidden: 1 finding (confidence below min-confidence 0.50): DJ106",
)
JSON_ITEMS = [
    {
        "setting": h.setting,
        "rule": h.rule,
        "count": h.count,
        "findings": list(h.findings),
        "reason": h.reason,
    }
    for h in HIDDEN
]


def hidden_report() -> Report:
    return replace(avoid_report(), hidden=HIDDEN)


def render(fmt: str, report: Report | None = None) -> str:
    return renderer(fmt)(report or hidden_report(), RenderOptions(verbose=True))


def shown_lines(fmt: str, out: str) -> list[str]:
    """The "hidden: ..." lines a format shows, however it carries them."""
    if fmt == "json":
        return [h["reason"] for h in json.loads(out)["hidden"]]
    if fmt == "json-lines":
        return [h["reason"] for h in json.loads(out.splitlines()[-1])["hidden"]]
    if fmt == "sarif":
        notes = json.loads(out)["runs"][0]["invocations"][0].get("toolConfigurationNotifications")
        return [n["message"]["text"] for n in notes or () if n["descriptor"]["id"] == "hidden"]
    if fmt == "gitlab":
        issues = json.loads(out)
        return [i["description"] for i in issues if i["check_name"] == "stackcheck-hidden"]
    if fmt == "junit":
        root = ET.fromstring(out.split("\n", 1)[1])
        return [p.get("value", "") for p in root.iter("property") if p.get("name") == "hidden"]
    if fmt == "markdown":
        return [line for line in out.splitlines() if line.startswith("- hidden: ")]
    if fmt == "html":  # one list item each, as the page escapes text
        import html
        import re

        section = out.partition('<ul class="hidden-lines">')[2].partition("</ul>")[0]
        return [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", section)]
    if fmt in NO_HIDDEN:
        return []
    return [line.split("::")[-1] for line in out.splitlines() if "hidden: " in line]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_nothing_hidden_says_nothing(fmt: str) -> None:
    assert shown_lines(fmt, render(fmt, avoid_report())) == []


@pytest.mark.parametrize(
    "fmt", sorted(f for f in FORMATS if f not in ("json", "json-lines", *NO_HIDDEN))
)
def test_every_format_says_hidden_n_findings_and_why(fmt: str) -> None:
    found = shown_lines(fmt, render(fmt))
    if fmt == "markdown":  # the why in a code span, the IDs escaped
        assert found[0] == (
            "- hidden: 2 findings \\(` ignored DJ9: no reason given `\\): DJ902, DJ903"
        )
        assert len(found) == len(LINES)
    else:
        assert found == list(LINES)


@pytest.mark.parametrize("fmt", ["json", "json-lines", "sarif"])
def test_the_json_formats_carry_the_list(fmt: str) -> None:
    out = render(fmt)
    data: Any
    if fmt == "json":
        data = json.loads(out)["hidden"]
    elif fmt == "json-lines":
        summary = json.loads(out.splitlines()[-1])
        assert summary["counts"]["hidden"] == 6
        data = summary["hidden"]
    else:
        data = json.loads(out)["runs"][0]["properties"]["hidden"]
    assert data == JSON_ITEMS == to_dict(hidden_report())["hidden"]


def test_text_shows_them_before_the_findings() -> None:
    lines = render("text").splitlines()
    at = lines.index(LINES[0])
    assert lines[at - 1] == ""
    assert lines[at : at + len(LINES)] == list(LINES)
    assert lines.index("When not to use Django:") > at


def test_junit_skips_each_hidden_rules_case_with_the_reason() -> None:
    root = ET.fromstring(render("junit").split("\n", 1)[1])
    skipped = {
        case.get("name"): case.find("skipped").get("message")  # type: ignore[union-attr]
        for case in root.iter("testcase")
        if case.find("skipped") is not None
    }
    assert skipped == {
        "DJ201 not-django-yet": LINES[1],
        "DJ903 pure-realtime": LINES[0],
        "broken/package.json": "invalid JSON",
    }
    assert root.get("skipped") == "3"


def test_github_notices_carry_no_file_and_escape_the_reason() -> None:
    report = replace(
        avoid_report(), hidden=(Hidden("ignore", "DJ9", ("DJ901",), "ignored DJ9: a,b\nc"),)
    )
    [line] = [line for line in render("github", report).splitlines() if "hidden" in line]
    assert line == (
        "::notice title=stackcheck%3A hidden findings::"
        "hidden: 1 finding (ignored DJ9: a,b\\x0ac): DJ901"
    )
