"""The diff as GitHub Actions workflow commands: an annotation for each newly tripped case
and new warning (an old, known state is not annotated again), then one summary line."""

from __future__ import annotations

from stackcheck.report.changes import ReportDiff, new_findings
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.diff_common import headline
from stackcheck.report.formats.github import render as render_report
from stackcheck.report.formats.safe import printable


def render(diff: ReportDiff, options: RenderOptions) -> str:
    # The scan renderer escapes every command; its last line is its own summary, replaced
    # here by the diff's.
    commands = render_report(new_findings(diff, use_cases=False), options).splitlines()[:-1]
    return "\n".join([*commands, _summary(diff)]) + "\n"


def _summary(diff: ReportDiff) -> str:
    counts = (
        f"{len(diff.tripped)} newly tripped, {len(diff.cleared)} cleared, "
        f"{len(diff.new_warnings)} new warnings, {len(diff.gained)} use cases gained, "
        f"{len(diff.lost)} lost"
    )
    line = printable(f"stackcheck diff: {headline(diff)} ({counts})")
    # Never a `::` command (it starts with our own text), and no legacy `##[` marker.
    return line.replace("##[", "# #[")
