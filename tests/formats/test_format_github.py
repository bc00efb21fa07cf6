from __future__ import annotations

from typing import NamedTuple

import pytest
from sample_reports import avoid_report, crafted_report, empty_report, suits_report

from stackcheck.report import Report
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.github import escape_data, escape_property, render


class Command(NamedTuple):
    name: str
    properties: dict[str, str]
    data: str


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return _unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse(line: str) -> Command | None:
    """A workflow command line read the way the Actions runner reads it (`::cmd k=v,k=v::data`)."""
    if not line.startswith("::"):
        return None
    end = line.find("::", 2)
    if end < 0:
        return None
    info, data = line[2:end], line[end + 2 :]
    name, _, props = info.partition(" ")
    properties = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = _unescape_property(value)
    return Command(name, properties, _unescape_data(data))


def commands(report: Report) -> list[Command]:
    lines = render(report, RenderOptions()).splitlines()
    parsed = [parse(line) for line in lines]
    assert parsed[-1] is None, "the last line is the plain summary"
    assert all(c is not None for c in parsed[:-1]), lines
    return [c for c in parsed if c is not None]


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        pytest.param(empty_report, [], id="nothing-found"),
        pytest.param(
            avoid_report,
            [("error", {"file": "index.html", "title": "stackcheck DJ901 static-site"})],
            id="avoid-is-error",
        ),
        pytest.param(
            suits_report,
            [
                (
                    "warning",
                    {"file": "app.py", "line": "1", "title": "stackcheck DJ201 not-django-yet"},
                ),
                (
                    "warning",
                    {
                        "file": "chat/consumers.py",
                        "line": "5",
                        "title": "stackcheck DJ903 pure-realtime",
                    },
                ),
                (
                    "notice",
                    {
                        "file": "requirements.txt",
                        "line": "3",
                        "title": "stackcheck DJ101 fullstack",
                    },
                ),
            ],
            id="warnings-then-use-case-notices",
        ),
    ],
)
def test_one_command_per_finding(built: object, expected: list[tuple[str, dict[str, str]]]) -> None:
    assert [(c.name, c.properties) for c in commands(built())] == expected  # type: ignore[operator]


def test_message_carries_reasons_alternative_and_evidence_escaped() -> None:
    line = render(avoid_report(), RenderOptions()).splitlines()[0]
    assert line == (
        "::error file=index.html,title=stackcheck DJ901 static-site::"
        "DJ901 static-site: Only static pages (confidence 0.90). "
        "Why: hand-written HTML pages; almost all of it. Use instead: a static site generator."
        "%0A  index.html  hand-written HTML page%0A  .  95%25 of the bytes are static"
    )


@pytest.mark.parametrize(
    ("built", "summary"),
    [
        pytest.param(
            empty_report,
            "stackcheck: not-applicable — no web application or service "
            "found (0 tripped, 0 warnings, 0 use cases, 7 files, 0 skipped)",
            id="not-applicable",
        ),
        pytest.param(
            avoid_report,
            "stackcheck: avoid — DJ901 Only static pages; use a static "
            "site generator (1 tripped, 0 warnings, 0 use cases, 7 files, 1 skipped)",
            id="avoid",
        ),
        pytest.param(
            suits_report,
            "stackcheck: suits — Django fits: DJ101 fullstack "
            "(0 tripped, 2 warnings, 1 use cases, 7 files, 0 skipped)",
            id="suits",
        ),
    ],
)
def test_final_summary_line(built: object, summary: str) -> None:
    assert render(built(), RenderOptions()).splitlines()[-1] == summary  # type: ignore[operator]


def test_paths_are_prefixed_with_a_relative_target() -> None:
    [command] = commands(avoid_report(target="site"))
    assert command.properties["file"] == "site/index.html"


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("a\n::error::pwned", id="newline-then-command"),
        pytest.param("x,line=1::y", id="extra-property"),
        pytest.param("a\r\n::add-mask::secret", id="crlf-then-command"),
        pytest.param("100%0A::error::z", id="pre-escaped-percent"),
        pytest.param("t=1,title=owned.html", id="title-override"),
        pytest.param("##[error]legacy.html", id="legacy-command-marker"),
    ],
)
def test_crafted_file_names_cannot_inject_commands(path: str) -> None:
    text = render(crafted_report(path, detail=f"see {path}"), RenderOptions())
    lines = text.splitlines()
    assert len(lines) == 2, lines  # one command and the summary: no extra line was made
    [command] = commands(crafted_report(path, detail=f"see {path}"))
    assert command.name == "error"
    assert command.properties == {
        "file": path,
        "line": "2",
        "title": "stackcheck DJ901 static-site",
    }
    assert not lines[-1].startswith("::")
    assert "##[" not in lines[-1]


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        pytest.param("plain", "plain", "plain", id="nothing-to-escape"),
        pytest.param("50%", "50%25", "50%25", id="percent"),
        pytest.param("a\r\nb", "a%0D%0Ab", "a%0D%0Ab", id="line-breaks"),
        pytest.param("k:v,w", "k:v,w", "k%3Av%2Cw", id="colon-comma-in-properties-only"),
    ],
)
def test_escaping_rules(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop
