from __future__ import annotations

import defusedxml.ElementTree as SafeET
import pytest
from sample_reports import avoid_report, crafted_report, empty_report, suits_report

from stackcheck.report import Report
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.junit import render

RULE_CASES = [
    "DJ001 web-app",
    "DJ101 fullstack",
    "DJ201 not-django-yet",
    "DJ901 static-site",
    "DJ903 pure-realtime",
]


def parse(built: Report) -> object:
    return SafeET.fromstring(render(built, RenderOptions()))


def cases(built: Report) -> dict[str, object]:
    root = parse(built)
    return {c.get("name"): c for c in root.iter("testcase")}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("built", "counts", "names"),
    [
        pytest.param(empty_report, ("5", "0", "0"), RULE_CASES, id="nothing-found-all-pass"),
        pytest.param(
            avoid_report,
            ("6", "1", "1"),
            [*RULE_CASES, "broken/package.json"],
            id="avoid-fails-and-skips",
        ),
        pytest.param(suits_report, ("5", "0", "0"), RULE_CASES, id="suits-passes"),
    ],
)
def test_suite_counts_and_cases(
    built: object, counts: tuple[str, str, str], names: list[str]
) -> None:
    root = parse(built())  # type: ignore[operator]
    for element in (root, root.find("testsuite")):  # type: ignore[attr-defined]
        assert (element.get("tests"), element.get("failures"), element.get("skipped")) == counts
    assert [c.get("name") for c in root.iter("testcase")] == names  # type: ignore[attr-defined]


def test_tripped_case_is_a_failure_with_evidence() -> None:
    static = cases(avoid_report())["DJ901 static-site"]
    failure = static.find("failure")  # type: ignore[attr-defined]
    assert static.get("classname") == "stackcheck.avoid"  # type: ignore[attr-defined]
    assert failure.get("type") == "avoid"
    assert failure.get("message").startswith("DJ901 static-site: Only static pages")
    assert "  index.html  hand-written HTML page" in failure.text
    skipped = cases(avoid_report())["broken/package.json"].find("skipped")  # type: ignore[attr-defined]
    assert skipped.get("message") == "invalid JSON"


def test_warnings_and_use_cases_pass_with_system_out() -> None:
    found = cases(suits_report())
    for name in ("DJ201 not-django-yet", "DJ903 pure-realtime", "DJ101 fullstack"):
        assert found[name].find("failure") is None  # type: ignore[attr-defined]
    weak = found["DJ903 pure-realtime"].find("system-out").text  # type: ignore[attr-defined]
    assert "tripped with low confidence 0.40" in weak
    assert "chat/consumers.py:5  class Chat(WebsocketConsumer)" in weak
    assert found["DJ001 web-app"].find("system-out") is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        pytest.param("a<b>&\"c'.html", "a<b>&\"c'.html", id="markup"),
        pytest.param(
            "bell\x07\x00\ufffe.html",
            "bell\\x07\\x00\\ufffe.html",
            id="characters-xml-cannot-carry",
        ),
        pytest.param("]]><x/>.html", "]]><x/>.html", id="cdata-end"),
    ],
)
def test_any_file_name_gives_well_formed_xml(path: str, shown: str) -> None:
    found = cases(crafted_report(path, detail=path))
    assert sorted(found) == sorted([*RULE_CASES, shown])
    failure = found["DJ901 static-site"].find("failure")  # type: ignore[attr-defined]
    assert f"{shown}:2  {shown}" in failure.text


@pytest.mark.parametrize(
    ("target", "path"),
    [
        pytest.param(".", "index.html", id="the-folder-itself"),
        pytest.param("site", "site/index.html", id="a-relative-folder"),
        pytest.param("/abs/site", "index.html", id="an-absolute-folder"),
    ],
)
def test_paths_are_the_other_ci_formats_paths(target: str, path: str) -> None:
    """The path GitLab's issue, SARIF's location and GitHub's annotation give (ci_path)."""
    import json

    from stackcheck.report.formats import gitlab

    built = avoid_report(target=target)
    [issue] = json.loads(gitlab.render(built, RenderOptions()))
    assert issue["location"]["path"] == path
    found = cases(built)
    assert f"\n  {path}  hand-written HTML page" in found["DJ901 static-site"].find("failure").text  # type: ignore[attr-defined]
    skipped = path.removesuffix("index.html") + "broken/package.json"
    assert found[skipped].find("skipped").get("message") == "invalid JSON"  # type: ignore[attr-defined]
