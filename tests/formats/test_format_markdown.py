from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from sample_reports import avoid_report, crafted_report, empty_report, suits_report

from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.markdown import code, escape, render

LINK = re.compile(r"\]\(([^)\s]*)\)")


def strip_code_spans(line: str) -> str:
    """The line with its code spans removed (CommonMark: a backtick run closed by an equal run)."""
    out, i = [], 0
    while i < len(line):
        if line[i] != "`":
            out.append(line[i])
            i += 1
            continue
        run = len(line[i:]) - len(line[i:].lstrip("`"))
        close = re.compile(rf"(?<!`)`{{{run}}}(?!`)").search(line, i + run)
        if close is None:
            out.append(line[i : i + run])
            i += run
        else:
            i = close.end()
    return "".join(out)


def test_nothing_found_is_a_heading_and_the_stats() -> None:
    assert render(empty_report(), RenderOptions()).splitlines() == [
        "## stackcheck: ➖ No web application or service found",
        "",
        "Verdict `not-applicable` for ` . `.",
        "",
        "- **kind**: other \\(no web application\\, static site\\, trading system"
        " or socket server\\)",
        "",
        "<sub>stackcheck: 7 files, 5 read, 0 skipped, in 0.25s</sub>",
    ]


def test_avoid_report_has_table_evidence_links_and_skipped_details() -> None:
    text = render(avoid_report(), RenderOptions())
    assert text.startswith("## stackcheck: ❌ Avoid Django here\n")
    assert (
        "### When not to use Django\n\n"
        "| ID | Rule | Title | Confidence | Use instead |\n"
        "| --- | --- | --- | ---: | --- |\n"
        "| DJ901 | static\\-site | Only static pages | 0.90 | a static site generator |\n"
    ) in text
    assert "- [` index.html `](./index.html): ` hand-written HTML page `" in text
    assert "- the whole tree: ` 95% of the bytes are static `" in text
    assert (
        "<details>\n<summary>Skipped files (1)</summary>\n\n"
        "- ` broken/package.json `: ` invalid JSON `\n\n</details>"
    ) in text


def test_suits_report_lists_use_cases_and_warnings_with_line_links() -> None:
    text = render(suits_report(), RenderOptions())
    assert text.startswith("## stackcheck: ✅ Django suits this project\n")
    assert "| DJ101 | fullstack | Server\\-rendered web app | 0.85 |\n" in text
    assert "### Warnings" in text
    assert (
        "| DJ903 | pure\\-realtime | WebSocket server | 0.40 | Node\\.js \\+ Socket\\.io |" in text
    )
    assert "- [` requirements.txt:3 `](./requirements.txt#L3): ` Django>=4.2 (runtime) `" in text
    assert "**DJ101 fullstack**: a reason" in text


def test_links_follow_a_relative_target() -> None:
    assert "(./site/index.html)" in render(avoid_report(target="site"), RenderOptions())


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("[x](https://evil.example/)", id="link"),
        pytest.param("<img src=x onerror=alert(1)>.html", id="html"),
        pytest.param("a|b|c.html", id="table-pipes"),
        pytest.param("``x` ```.md", id="backticks"),
        pytest.param("@octocat.md", id="mention"),
        pytest.param("a\n# Heading\n<script>x</script>", id="newlines"),
        pytest.param("javascript:alert(1)", id="scheme"),
        pytest.param("//evil.example/x", id="protocol-relative"),
        pytest.param("</details><b>x</b>", id="close-details"),
    ],
)
def test_crafted_names_stay_literal(path: str) -> None:
    text = render(crafted_report(path, detail=path), RenderOptions())
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("#")] == [
        "## stackcheck: ❌ Avoid Django here",
        "### When not to use Django",
        "### Evidence",
    ]
    for line in lines:
        outside = LINK.sub("](...)", strip_code_spans(line))  # targets are checked below
        for bad in ("evil.example", "<img", "<script", "<b>", "@octocat", "javascript:"):
            assert bad not in outside, line
        if line.startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 6, line  # the table's own pipes only
    assert lines.count("</details>") == 1
    targets = [t for line in lines for t in LINK.findall(strip_code_spans(line))]
    assert len(targets) == 1
    assert targets[0].startswith("./") and targets[0].endswith("#L2")
    assert not re.search(r"[\s()<>`|\[\]]", targets[0])
    base = "https://github.com/owner/repo/blob/main/"
    assert urljoin(base, targets[0]).startswith(base)


@pytest.mark.parametrize(
    ("raw", "span"),
    [
        pytest.param("", "(empty)", id="empty"),
        pytest.param("plain", "` plain `", id="plain"),
        pytest.param("a`b", "`` a`b ``", id="one-backtick"),
        pytest.param("x```y`", "```` x```y` ````", id="longest-run-wins"),
        pytest.param("a\nb", "` a\\x0ab `", id="newline-escaped"),
    ],
)
def test_code_spans(raw: str, span: str) -> None:
    assert code(raw) == span


def test_escape_makes_rule_text_literal() -> None:
    assert escape("*a* [b](c) <d> | e_f") == "\\*a\\* \\[b\\]\\(c\\) \\<d\\> \\| e\\_f"
