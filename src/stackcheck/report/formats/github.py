"""GitHub Actions workflow commands: one annotation per finding, then a summary line.

Everything in a command that came from the scanned repository is escaped by the
workflow-command rules, so a crafted file name cannot end the command early and start
another one (`a\n::error::pwned`) or add a property (`x,line=1::y`).

A diff as GitHub Actions workflow commands: an annotation for each newly tripped case
and new warning (an old, known state is not annotated again), then one summary line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stackcheck.report import (
    Hidden,
    Influence,
    Report,
    hidden_line,
    influence_summary,
    not_applicable_reason,
)
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.json_lines import (
    AVOID,
    USE_CASE,
    WARNING,
    Entry,
    ci_path,
    count,
    entries,
)
from stackcheck.report.formats.safe import printable

if TYPE_CHECKING:
    from stackcheck.report.changes import ReportDiff

COMMANDS = {AVOID: "error", WARNING: "warning", USE_CASE: "notice"}
TOP_EVIDENCE = 5


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions) -> str:
    found = entries(report)
    lines = [_command(report, e) for e in found]
    lines += [_influence(report, i) for i in report.repo_influence]
    lines += [_hidden(h) for h in report.hidden]
    lines.append(_summary(report, found))
    return "\n".join(lines) + "\n"


def _command(report: Report, entry: Entry) -> str:
    rule = entry.finding.rule
    props = []
    files = entry.files()
    if files:
        # The file name exactly as in the tree (escaped), so the annotation lands on it.
        props.append(f"file={escape_property(ci_path(report, files[0].path))}")
        if files[0].line:
            props.append(f"line={files[0].line}")
    props.append(f"title={escape_property(printable(f'stackcheck {rule.id} {rule.slug}'))}")
    return f"::{COMMANDS[entry.type]} {','.join(props)}::{escape_data(_message(report, entry))}"


def _influence(report: Report, item: Influence) -> str:
    """A setting of the repository's own config, annotated on that file: a warning when it
    changed the scan or was refused."""
    command = "notice" if item.kind == "none" else "warning"
    props = [
        f"file={escape_property(ci_path(report, item.source))}",
        f"title={escape_property('stackcheck: the repository config')}",
    ]
    return f"::{command} {','.join(props)}::{escape_data(f'{item.setting}: {item.effect}')}"


def _hidden(item: Hidden) -> str:
    """Findings a setting kept out: a notice, so the run's summary shows them."""
    title = escape_property("stackcheck: hidden findings")
    return f"::notice title={title}::{escape_data(printable(hidden_line(item)))}"


def _message(report: Report, entry: Entry) -> str:
    lines = [printable(entry.message)]
    evidence = entry.finding.evidence
    for item in evidence[:TOP_EVIDENCE]:
        where = printable(ci_path(report, item.path)) + (f":{item.line}" if item.line else "")
        lines.append(f"  {where}  {printable(item.detail)}")
    if len(evidence) > TOP_EVIDENCE:
        lines.append(f"  … and {len(evidence) - TOP_EVIDENCE} more")
    return "\n".join(lines)


def _summary(report: Report, found: tuple[Entry, ...]) -> str:
    verdict = report.verdict.verdict
    parts = [
        f"{count(found, AVOID)} tripped",
        f"{count(found, WARNING)} warnings",
        f"{count(found, USE_CASE)} use cases",
        f"{report.facts.files} files",
        f"{len(report.facts.skipped)} skipped",
    ]
    influence = f"; {influence_summary(report.repo_influence)}" if report.repo_influence else ""
    # One line that starts with our own text, so it is never a `::` command; the runner
    # also reads legacy `##[command]` anywhere in a line, so that marker is broken up.
    line = printable(
        f"stackcheck: {verdict} — {_headline(report, found)} ({', '.join(parts)}){influence}"
    )
    return line.replace("##[", "# #[")


def _headline(report: Report, found: tuple[Entry, ...]) -> str:
    tripped = [e for e in found if e.type == AVOID]
    if tripped:
        rule = tripped[0].finding.rule
        return f"{rule.id} {rule.title}; use {rule.alternative}"
    matched = [e.finding.rule for e in found if e.type == USE_CASE]
    if matched:
        return "Django fits: " + ", ".join(f"{r.id} {r.slug}" for r in matched[:3])
    if report.verdict.verdict == "suits":
        return "Django fits this web application; no specific use case stood out"
    return not_applicable_reason(report)


# The diff of two reports.


def render_diff(diff: ReportDiff, options: RenderOptions) -> str:
    # The scan renderer escapes every command; its last line is its own summary, replaced
    # here by the diff's.
    from stackcheck.report.changes import new_findings

    commands = render(new_findings(diff, use_cases=False), options).splitlines()[:-1]
    return "\n".join([*commands, _diff_summary(diff)]) + "\n"


def _diff_summary(diff: ReportDiff) -> str:
    from stackcheck.report.formats.diff_common import headline

    counts = (
        f"{len(diff.tripped)} newly tripped, {len(diff.cleared)} cleared, "
        f"{len(diff.new_warnings)} new warnings, {len(diff.gained)} use cases gained, "
        f"{len(diff.lost)} lost"
    )
    line = printable(f"stackcheck diff: {headline(diff)} ({counts})")
    # Never a `::` command (it starts with our own text), and no legacy `##[` marker.
    return line.replace("##[", "# #[")
