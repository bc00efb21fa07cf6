"""Markdown for $GITHUB_STEP_SUMMARY or a pull-request comment.

Text from the scanned repository (file names, evidence details, skip reasons) only ever
appears inside code spans, which Markdown renders literally: no links, HTML, mentions or
emphasis. Link targets are percent-encoded and start with "./", so they stay relative.
Text from rule files is backslash-escaped. Neither can break out of a table cell.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from stackcheck.facts import Evidence
from stackcheck.formats import RenderOptions
from stackcheck.formats.json_lines import AVOID, USE_CASE, WARNING, Entry, ci_path, entries
from stackcheck.formats.safe import printable
from stackcheck.report import Report, influence_summary

TOP_EVIDENCE = 3
HEADINGS = {
    "suits": "✅ Django suits this project",
    "avoid": "❌ Avoid Django here",
    "not-applicable": "➖ No web application or service found",
}
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def escape(text: str) -> str:
    """Rule text as literal Markdown: one line, every punctuation character escaped."""
    return _PUNCTUATION.sub(r"\\\1", printable(text))


def code(text: str) -> str:
    """Repository text as a code span: a fence longer than any backtick run inside it.

    Never used in a table: GFM splits cells on "|" even inside code spans."""
    text = printable(text)
    if not text:
        return "(empty)"
    runs = [len(run) for run in re.findall("`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    return f"{fence} {text} {fence}"


def link(report: Report, item: Evidence) -> str:
    path = ci_path(report, item.path)
    target = "./" + quote(path, safe="/") + (f"#L{item.line}" if item.line else "")
    label = path + (f":{item.line}" if item.line else "")
    return f"[{code(label)}]({target})"


def render(report: Report, options: RenderOptions) -> str:
    found = entries(report)
    verdict = report.verdict.verdict
    lines = [f"## stackcheck: {HEADINGS.get(verdict, escape(verdict))}", ""]
    lines += [f"Verdict `{verdict}` for {code(report.target)}.", ""]
    lines += _influence(report)
    lines += _table("When not to use Django", [e for e in found if e.type == AVOID], True)
    lines += _table("Warnings", [e for e in found if e.type == WARNING], True)
    lines += _table("Django use cases matched", [e for e in found if e.type == USE_CASE], False)
    lines += _evidence_section(report, found, options.verbose)
    lines += _skipped(report)
    lines.append(_stats(report))
    return "\n".join(lines) + "\n"


def _influence(report: Report) -> list[str]:
    """What the repository's own config chose: before the findings it may have hidden."""
    if not report.repo_influence:
        return []
    lines = ["### Repository config", "", escape(influence_summary(report.repo_influence)), ""]
    lines += [
        f"- {code(i.source)}: {code(i.setting)}: {escape(i.effect)}" for i in report.repo_influence
    ]
    return [*lines, ""]


def _table(title: str, rows: list[Entry], alternative: bool) -> list[str]:
    if not rows:
        return []
    head = "| ID | Rule | Title | Confidence |" + (" Use instead |" if alternative else "")
    rule = "| --- | --- | --- | ---: |" + (" --- |" if alternative else "")
    lines = [f"### {title}", "", head, rule]
    for entry in rows:
        r = entry.finding.rule
        cells = [escape(r.id), escape(r.slug), escape(r.title), f"{entry.finding.confidence:.2f}"]
        if alternative:
            cells.append(escape(r.alternative) if r.alternative else "")
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _evidence_section(report: Report, found: tuple[Entry, ...], verbose: bool) -> list[str]:
    shown = [e for e in found if e.finding.evidence]
    if not shown:
        return []
    lines = ["### Evidence", ""]
    for entry in shown:
        r = entry.finding.rule
        lines.append(f"**{escape(r.id)} {escape(r.slug)}**" + _reasons(entry))
        lines.append("")
        evidence = entry.finding.evidence
        for item in evidence if verbose else evidence[:TOP_EVIDENCE]:
            where = link(report, item) if item.path and item.path != "." else "the whole tree"
            lines.append(f"- {where}: {code(item.detail)}")
        if not verbose and len(evidence) > TOP_EVIDENCE:
            lines.append(f"- … and {len(evidence) - TOP_EVIDENCE} more")
        lines.append("")
    return lines


def _reasons(entry: Entry) -> str:
    reasons = entry.finding.reasons
    return ": " + escape("; ".join(reasons)) if reasons else ""


def _skipped(report: Report) -> list[str]:
    skipped = report.facts.skipped
    if not skipped:
        return []
    lines = ["<details>", f"<summary>Skipped files ({len(skipped)})</summary>", ""]
    lines += [f"- {code(s.path)}: {code(s.reason)}" for s in skipped]
    return [*lines, "", "</details>", ""]


def _stats(report: Report) -> str:
    facts = report.facts
    return (
        f"<sub>stackcheck: {facts.files} files, {facts.files_read} read, "
        f"{len(facts.skipped)} skipped, in {report.seconds:.2f}s</sub>"
    )
