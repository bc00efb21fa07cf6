"""What the scanned repository's own config did (`repo_influence`) reaches every format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import markupsafe
import pytest
from sample_reports import avoid_report, influenced_report

from stackcheck.report import to_dict
from stackcheck.report.formats import FORMATS, RenderOptions, renderer

SETTINGS = ('fail-on = "never"', 'severity.DJ9 = "off"', "min-confidence = 0.1")
SUMMARY = (
    "the repository's config hid 1 finding: DJ901 (off), still counted by the gate; "
    "ignored 1 setting it may not give: fail-on"
)


def render(fmt: str, report: Any = None) -> str:
    return renderer(fmt)(report or influenced_report(), RenderOptions(verbose=True))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_report_without_repository_settings_says_nothing_of_them(fmt: str) -> None:
    out = render(fmt, avoid_report())
    assert "repository" not in out.lower().replace("repository_influence", "")
    assert "min-confidence" not in out


# A badge has room for the verdict only.
@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"badge", "badge-json"}))
def test_every_setting_is_in_every_format(fmt: str) -> None:
    out = render(fmt)
    for setting in SETTINGS:
        shown = setting
        if fmt in ("json", "sarif", "gitlab", "json-lines"):
            shown = json.dumps(setting)[1:-1]
        elif fmt == "junit":
            shown = setting.replace('"', "&quot;")  # in an attribute
        elif fmt == "html":
            shown = str(markupsafe.escape(setting))
        assert shown in out, (fmt, setting)


def test_json_carries_the_contract_fields() -> None:
    data = json.loads(render("json"))
    assert data["repo_influence"] == to_dict(influenced_report())["repo_influence"]
    assert data["repo_influence"][0] == {
        "source": ".stackcheck.toml",
        "setting": 'fail-on = "never"',
        "effect": "ignored: a repository may make the gate stricter, never laxer "
        "(the policy stays fail-on avoid)",
        "kind": "refused",
        "items": ["fail-on"],
    }


def test_json_lines_summary_carries_them() -> None:
    summary = json.loads(render("json-lines").splitlines()[-1])
    assert summary["type"] == "summary"
    assert [i["setting"] for i in summary["repo_influence"]] == list(SETTINGS)


def test_text_says_it_in_one_line_before_the_findings() -> None:
    lines = render("text").splitlines()
    assert lines[0].startswith("stackcheck: not-applicable")
    at = lines.index(SUMMARY)
    assert lines[at - 1] == ""
    assert lines[at + 1] == (
        '  .stackcheck.toml: fail-on = "never": ignored: a repository may make '
        "the gate stricter, never laxer (the policy stays fail-on avoid)"
    )
    assert all(not line.startswith(("When not to use", "Warnings:")) for line in lines[:at])


def test_markdown_has_its_own_section_with_settings_in_code_spans() -> None:
    out = render("markdown")
    assert "### Repository config" in out
    assert '- ` .stackcheck.toml `: ` severity.DJ9 = "off" `: hid DJ901 static\\-site' in out


def test_github_annotates_the_config_file_and_adds_the_summary() -> None:
    lines = render("github").splitlines()
    config = [line for line in lines if "file=.stackcheck.toml" in line]
    assert [line.split(" ", 1)[0] for line in config] == ["::warning", "::warning", "::notice"]
    assert lines[-1].endswith(SUMMARY)
    assert lines[-1].startswith("stackcheck: not-applicable")


def test_gitlab_has_one_issue_per_setting_on_the_config_file() -> None:
    issues = [
        i for i in json.loads(render("gitlab")) if i["check_name"] == "stackcheck-repo-influence"
    ]
    assert [i["severity"] for i in issues] == ["minor", "minor", "info"]
    assert {i["location"]["path"] for i in issues} == {".stackcheck.toml"}
    assert len({i["fingerprint"] for i in issues}) == 3


def test_sarif_has_configuration_notifications_and_the_data() -> None:
    run = json.loads(render("sarif"))["runs"][0]
    notes = run["invocations"][0]["toolConfigurationNotifications"]
    assert [n["level"] for n in notes] == ["warning", "warning", "note"]
    assert notes[1]["message"]["text"].startswith('severity.DJ9 = "off": hid DJ901')
    assert run["properties"]["repo_influence"] == to_dict(influenced_report())["repo_influence"]


def test_junit_lists_each_setting_as_a_case_and_the_summary_as_a_property() -> None:
    root = ET.fromstring(render("junit").split("\n", 1)[1])
    cases = root.findall(".//testcase[@classname='stackcheck.repo-influence']")
    assert [c.get("name") for c in cases] == [f".stackcheck.toml: {s}" for s in SETTINGS]
    assert root.find(".//property[@name='repo_influence']").get("value") == SUMMARY  # type: ignore[union-attr]
