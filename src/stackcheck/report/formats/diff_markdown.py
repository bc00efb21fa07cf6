"""The diff as Markdown for a pull-request comment: the outcome on top, tables, then evidence.

Written to be read in a PR: the first line says whether the change trips a "when not to
use Django" case, so a reviewer needs nothing else when it does not. Escaping is the scan
report's (formats/markdown.py): repository text in code spans, rule text escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from stackcheck.judge.evaluate import Finding
from stackcheck.report import Report
from stackcheck.report.changes import FileChange, ReportDiff, Side
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.diff_common import SHORT
from stackcheck.report.formats.markdown import code, escape, link

TOP_EVIDENCE = 3
TOP_FILES = 20


def render(diff: ReportDiff, options: RenderOptions) -> str:
    lines = [f"## stackcheck: {_outcome(diff)}", "", _verdicts(diff), ""]
    lines += _avoid_table("Newly tripped", diff.tripped, "Confidence")
    lines += _avoid_table("Cleared", diff.cleared, "Was")
    lines += _use_cases(diff)
    lines += _warnings(diff)
    lines += _moved(diff)
    shown = (*diff.tripped, *diff.new_warnings, *diff.gained)
    lines += _evidence(diff.head_report, shown, options.verbose)
    lines += _files("Files with evidence added", diff.head_report, diff.files_added, True)
    lines += _files("Files with evidence removed", diff.base_report, diff.files_removed, False)
    if diff.unchanged:
        lines += ["Nothing changed that the rules look at.", ""]
    lines.append(_stats(diff))
    return "\n".join(lines) + "\n"


def _outcome(diff: ReportDiff) -> str:
    if diff.tripped:
        ids = ", ".join(f"{f.rule.id} {f.rule.slug}" for f in diff.tripped)
        return f'❌ This change trips a "when not to use Django" case \\({escape(ids)}\\)'
    if diff.head.verdict == "avoid" and diff.base.verdict != "avoid":
        return "❌ This change makes the verdict `avoid`"
    if diff.cleared:
        return '✅ This change clears a "when not to use Django" case'
    return '✅ No new "when not to use Django" case'


def _verdicts(diff: ReportDiff) -> str:
    base = f"`{diff.base.verdict}`"
    head = f"`{diff.head.verdict}`"
    change = f"{base} → {head}" if diff.verdict_changed else f"{head} \\(unchanged\\)"
    return f"Verdict {change}; base {_side(diff.base)}, head {_side(diff.head)}."


def _side(side: Side) -> str:
    label = code(side.label)
    if side.rev is None or side.rev.startswith(side.label):
        return label if side.rev is None else code(side.rev[:SHORT])
    return f"{label} \\({code(side.rev[:SHORT])}\\)"


def _avoid_table(title: str, found: Sequence[Finding], column: str) -> list[str]:
    if not found:
        return []
    lines = [
        f"### {title}",
        "",
        f"| ID | Rule | Title | {column} | Use instead |",
        "| --- | --- | --- | ---: | --- |",
    ]
    for f in found:
        r = f.rule
        cells = [r.id, r.slug, r.title]
        lines.append(
            "| "
            + " | ".join(escape(c) for c in cells)
            + f" | {f.confidence:.2f} | {escape(r.alternative)} |"
        )
    return [*lines, ""]


def _use_cases(diff: ReportDiff) -> list[str]:
    rows = [(f, "—", f"{f.confidence:.2f}", "gained") for f in diff.gained]
    rows += [(f, f"{f.confidence:.2f}", "—", "lost") for f in diff.lost]
    if not rows:
        return []
    lines = [
        "### Use cases",
        "",
        "| ID | Rule | Title | Before | After | |",
        "| --- | --- | --- | ---: | ---: | --- |",
    ]
    for f, before, after, what in rows:
        r = f.rule
        lines.append(
            f"| {escape(r.id)} | {escape(r.slug)} | {escape(r.title)} | {before} | {after} "
            f"| {what} |"
        )
    return [*lines, ""]


def _warnings(diff: ReportDiff) -> list[str]:
    rows = [(f, "new") for f in diff.new_warnings]
    rows += [(f, "resolved") for f in diff.resolved_warnings]
    if not rows:
        return []
    lines = ["### Warnings", "", "| ID | Rule | Confidence | |", "| --- | --- | ---: | --- |"]
    for f, what in rows:
        lines.append(
            f"| {escape(f.rule.id)} | {escape(f.rule.slug)} | {f.confidence:.2f} | {what} |"
        )
    return [*lines, ""]


def _moved(diff: ReportDiff) -> list[str]:
    if not diff.moved:
        return []
    lines = [
        "### Confidence moved",
        "",
        "| ID | Rule | Before | After | Change |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for m in diff.moved:
        lines.append(
            f"| {escape(m.rule_id)} | {escape(m.after.rule.slug)} | {m.before.confidence:.2f} "
            f"| {m.after.confidence:.2f} | {m.delta:+.2f} |"
        )
    return [*lines, ""]


def _evidence(report: Report, found: Sequence[Finding], verbose: bool) -> list[str]:
    shown = [f for f in found if f.evidence]
    if not shown:
        return []
    lines = ["### Evidence", ""]
    for f in shown:
        reasons = ": " + escape("; ".join(f.reasons)) if f.reasons else ""
        lines += [f"**{escape(f.rule.id)} {escape(f.rule.slug)}**{reasons}", ""]
        items = f.evidence if verbose else f.evidence[:TOP_EVIDENCE]
        for item in items:
            where = link(report, item) if item.path and item.path != "." else "the whole tree"
            lines.append(f"- {where}: {code(item.detail)}")
        if len(items) < len(f.evidence):
            lines.append(f"- … and {len(f.evidence) - len(items)} more")
        lines.append("")
    return lines


def _files(title: str, report: Report, files: Sequence[FileChange], linked: bool) -> list[str]:
    """Added files link into the head tree; removed ones are gone from it, so no link."""
    if not files:
        return []
    lines = ["<details>", f"<summary>{title} ({len(files)})</summary>", ""]
    for change in files[:TOP_FILES]:
        first = change.evidence[0]
        where = link(report, first) if linked else code(change.path)
        lines.append(f"- {where}: {code(first.detail)}")
    if len(files) > TOP_FILES:
        lines.append(f"- … and {len(files) - TOP_FILES} more")
    return [*lines, "", "</details>", ""]


def _stats(diff: ReportDiff) -> str:
    base, head = diff.base_report, diff.head_report
    seconds = base.seconds + head.seconds
    return (
        f"<sub>stackcheck diff: base {base.facts.files} files, head {head.facts.files} files, "
        f"{base.facts.files_read + head.facts.files_read} read, in {seconds:.2f}s</sub>"
    )
