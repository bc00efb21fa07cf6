"""stackcheck fleet report: result files joined (the latest line per source wins), counted
by verdict, case, kind and framework, and rendered with the repositories' text escaped."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stackcheck.cli import cli
from stackcheck.fleet.formats import render
from stackcheck.fleet.results import encode
from stackcheck.fleet.summary import summarise
from stackcheck.fleet.worker import SCHEMA


def result(
    source: str, verdict: str | None, finished: str = "2026-01-01T00:00:00Z", **more: Any
) -> dict[str, Any]:
    line: dict[str, Any] = {
        "schema": SCHEMA,
        "source": source,
        "rev": None,
        "type": "url",
        "verdict": verdict,
        "kind": more.pop("kind", "web-app" if verdict else None),
        "cases": more.pop("cases", []),
        "use_cases": more.pop("use_cases", []),
        "stack": more.pop("stack", {"frameworks": [], "languages": []} if verdict else None),
        "error": more.pop("error", None),
        "finished": finished,
        "attempts": 1,
        "seconds": {"total": 0.5},
    }
    return {**line, **more}


DJ901 = {"id": "DJ901", "slug": "static-site", "confidence": 1.0}
DJ101 = {"id": "DJ101", "slug": "fullstack", "confidence": 1.0}
DJANGO = {"frameworks": [{"name": "Django", "version": "4.2"}], "languages": []}
LINES = [
    result("https://git.example/org/shop", "suits", use_cases=[DJ101], stack=DJANGO),
    result("https://git.example/org/site", "avoid", kind="static-site", cases=[DJ901]),
    result("https://git.example/org/lib", "not-applicable", kind="library"),
    result(
        "https://git.example/org/gone",
        None,
        error={"kind": "fetch", "message": "repository not found", "transient": False},
    ),
]


def test_counts_and_groups() -> None:
    report = summarise(LINES, ["a.jsonl"])
    assert [(g.name, g.count) for g in report.verdicts] == [
        ("suits", 1),
        ("avoid", 1),
        ("not-applicable", 1),
    ]
    assert [(g.name, g.label, g.sources) for g in report.cases] == [
        ("DJ901", "static-site", ("https://git.example/org/site",))
    ]
    assert [(g.name, g.count) for g in report.kinds] == [
        ("library", 1),
        ("static-site", 1),
        ("web-app", 1),
    ]
    assert [g.name for g in report.frameworks] == ["Django"]
    assert [(f.source, f.message) for f in report.failed] == [
        ("https://git.example/org/gone", "repository not found")
    ]


def test_the_latest_line_of_a_source_wins_across_files(tmp_path: Path) -> None:
    older = tmp_path / "monday.jsonl"
    newer = tmp_path / "friday.jsonl"
    site = "https://git.example/org/site"
    older.write_bytes(encode(result(site, "avoid", "2026-01-05T10:00:00Z", cases=[DJ901])))
    newer.write_bytes(encode(result(site, "suits", "2026-01-09T10:00:00Z")))
    for order in ([newer, older], [older, newer]):
        done = CliRunner().invoke(cli, ["fleet", "report", "--format", "json", *map(str, order)])
        assert done.exit_code == 0, done.stderr
        data = json.loads(done.stdout)
        assert data["repositories"] == 1
        assert data["counts"] == {"suits": 1, "avoid": 0, "not-applicable": 0, "failed": 0}


HOSTILE = result(
    "/srv/repos/<script>alert(1)</script>",
    "suits",
    stack={"frameworks": [{"name": '=HYPERLINK("http://evil")', "version": None}], "languages": []},
)


def test_html_is_self_contained_and_escaped() -> None:
    page = render("html", summarise([*LINES, HOSTILE], ["a.jsonl"]))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src 'none'" in page
    for request in ("src=", "href=", "<link", "url(", "@import", "<script", "<img"):
        assert request not in page  # nothing the page would fetch or run
    assert '<html lang="en">' in page
    assert page.count("<caption>") >= 3
    assert '<th scope="col">' in page


def test_csv_cells_cannot_be_formulas() -> None:
    text = render("csv", summarise([HOSTILE], ["a.jsonl"]))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["frameworks"] == '\'=HYPERLINK("http://evil")'


def test_markdown_escapes_repository_text() -> None:
    hostile = result("/srv/a|b", None, error={"kind": "scan", "message": "bad | `x` <b>"})
    text = render("markdown", summarise([*LINES, hostile], ["a.jsonl"]))
    failed = [line for line in text.splitlines() if "a\\|b" in line]
    assert failed == ["| \\/srv\\/a\\|b | scan: bad \\| \\`x\\` \\<b\\> |"]


def test_table_lists_every_repository_and_why_one_failed() -> None:
    text = render("table", summarise(LINES, ["a.jsonl"]))
    assert text.splitlines()[:2] == [
        "stackcheck fleet: 4 repositories from a.jsonl",
        "  1 suits, 1 avoid, 1 not-applicable, 1 failed",
    ]
    assert "  https://git.example/org/site  DJ901 static-site" in text
    assert "  https://git.example/org/gone  fetch: repository not found" in text


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_every_format_renders_an_empty_fleet(fmt: str) -> None:
    assert render(fmt, summarise([], ["empty.jsonl"]))


def test_a_missing_results_file_is_the_users_error(tmp_path: Path) -> None:
    done = CliRunner().invoke(cli, ["fleet", "report", str(tmp_path / "none.jsonl")])
    assert done.exit_code == 2
    assert done.stderr.startswith("stackcheck: error: ")
