"""The HTML page from a hand-built report: repository text cannot break out of it."""

from __future__ import annotations

import json
import re

from sample_reports import avoid_report

from stackcheck.facts import Evidence
from stackcheck.report.formats import RenderOptions, renderer


def hostile_report():  # type: ignore[no-untyped-def]
    report = avoid_report()
    finding = report.verdict.avoid[0]
    evil = Evidence(
        "</script><script>alert(1)</script><!--\u202e.html", 2, '<img src=x onerror="x">'
    )
    finding = finding._replace(evidence=(evil, *finding.evidence))
    from dataclasses import replace

    return replace(report, verdict=replace(report.verdict, avoid=(finding,)))


def test_repository_text_is_escaped_and_the_json_stays_exact() -> None:
    page = renderer("html")(hostile_report(), RenderOptions())
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "\u202e" not in page  # a bidi override is shown as its escape, never raw
    # One data block, whose JSON holds the path exactly as the json format does.
    (block,) = re.findall(
        r'<script type="application/json" id="stackcheck-report">(.*?)</script>', page, re.S
    )
    assert "</" not in block and "<!--" not in block
    data = json.loads(block)
    assert data["avoid"][0]["evidence"][0]["path"].startswith("</script><script>")
    assert json.loads(renderer("json")(hostile_report(), RenderOptions())) == data


def test_the_page_makes_no_request_and_states_the_verdict_in_words() -> None:
    page = renderer("html")(avoid_report(), RenderOptions())
    assert '<html lang="en">' in page
    assert "default-src &#39;none&#39;" in page  # the attribute, escaped
    assert not re.search(r'(src|href)="(https?:)?//', page.split("<main", 1)[0])
    assert '<span class="word">avoid</span>' in page
    for landmark in ("<header>", "<main", "<footer>", "<nav"):
        assert landmark in page
