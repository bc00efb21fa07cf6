"""The diff as JUnit XML: the head report's findings that are new in it.

A finding the base already had is not reported again, so a pull request's checks show
only what the change brought in; the verdict is the head's.
"""

from __future__ import annotations

from stackcheck.report.changes import ReportDiff, new_findings
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.junit import render as render_report


def render(diff: ReportDiff, options: RenderOptions) -> str:
    return render_report(new_findings(diff), options)
