"""Markdown for $GITHUB_STEP_SUMMARY or a pull-request comment.

Text from the scanned repository (file names, evidence details, skip reasons) only ever
appears inside code spans, which Markdown renders literally: no links, HTML, mentions or
emphasis. Link targets are percent-encoded and start with "./", so they stay relative.
Text from rule files is backslash-escaped. Neither can break out of a table cell.

A diff as Markdown for a pull-request comment: the outcome on top, tables, then evidence.

Written to be read in a PR: the first line says whether the change trips a "when not to
use Django" case, so a reviewer needs nothing else when it does not. Escaping is the scan
report's (above): repository text in code spans, rule text escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from stackcheck.facts import Evidence
from stackcheck.judge.evaluate import Finding
from stackcheck.report import Report, influence_summary, read_count, stack_lines
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.json_lines import AVOID, USE_CASE, WARNING, Entry, ci_path, entries
from stackcheck.report.formats.safe import printable

if TYPE_CHECKING:
    from stackcheck.report.changes import FileChange, ReportDiff, Side
    from stackcheck.report.history import History

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
    lines += [f"- **{label}**: {escape(text)}" for label, text in stack_lines(report)] + [""]
    lines += _influence(report)
    lines += _hidden(report)
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


def _hidden(report: Report) -> list[str]:
    """What the settings kept out of the report, as report.hidden_line words it; the why
    may quote a config file (a suppression's reason), so it is a code span."""
    if not report.hidden:
        return []
    lines = ["### Hidden findings", ""]
    for item in report.hidden:
        s = "s" if item.count != 1 else ""
        why, ids = code(item.reason), ", ".join(escape(rid) for rid in item.findings)
        lines.append(f"- hidden: {item.count} finding{s} \\({why}\\): {ids}")
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
        f"<sub>stackcheck: {facts.files} files, {read_count(facts)}, "
        f"{len(facts.skipped)} skipped, in {report.seconds:.2f}s</sub>"
    )


# The diff of two reports.

TOP_FILES = 20


def render_diff(diff: ReportDiff, options: RenderOptions) -> str:
    lines = [f"## stackcheck: {_outcome(diff)}", "", _verdicts(diff), ""]
    lines += _hidden(diff.head_report)
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
    lines.append(_diff_stats(diff))
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
    from stackcheck.report.formats.diff_common import SHORT

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


def _diff_stats(diff: ReportDiff) -> str:
    base, head = diff.base_report, diff.head_report
    seconds = base.seconds + head.seconds
    return (
        f"<sub>stackcheck diff: base {base.facts.files} files, head {head.facts.files} files, "
        f"{read_count(base.facts, head.facts)}, in {seconds:.2f}s</sub>"
    )


# The verdict along history.


def render_history(history: History, options: RenderOptions) -> str:
    """A table of verdicts and confidences, newest first, then each commit's subject and
    what changed. Commit ids are hex and dates git's YYYY-MM-DD; the subjects, repository
    text, stay out of the table, in code spans."""
    from stackcheck.report.formats.diff_common import SHORT, history_end, notes, step_note
    from stackcheck.report.history import confidences, rule_ids

    count = len(history.steps)
    columns = rule_ids(history)
    lines = [
        f"## stackcheck history: {count} commit{'s' if count != 1 else ''} from "
        f"`{history.start[:SHORT]}`, newest first",
        "",
    ]
    if history.steps:
        lines.append("| Commit | Date | Verdict | " + " | ".join(escape(c) for c in columns) + " |")
        lines.append("| --- | --- | --- | " + " | ".join("---:" for _ in columns) + " |")
        for step in history.steps:
            values = confidences(step.report)
            cells = [f"{values[c]:.2f}" if c in values else "\\-" for c in columns]
            verdict = f"`{step.report.verdict.verdict}`"
            if step.verdict_changed:
                verdict = f"**{verdict}** \\(changed\\)"
            lines.append(
                f"| `{step.commit.commit[:SHORT]}` | {printable(step.commit.date)} | {verdict} | "
                + " | ".join(cells)
                + " |"
            )
        lines.append("")
        for step in history.steps:
            line = f"- `{step.commit.commit[:SHORT]}` {code(step.commit.subject)}"
            if step.change is not None and (step.verdict_changed or notes(step.change)):
                line += f": {escape(step_note(step.change))}"
            lines.append(line)
        lines.append("")
    lines.append(escape(history_end(history)))
    return "\n".join(lines) + "\n"
