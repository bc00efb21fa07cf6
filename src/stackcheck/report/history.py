"""The history report: the verdict at each commit along first-parent history, newest first,
and what changed from one commit to the next. Made by commands/history.py; rendered by the
formats that have `render_history` (report/formats/).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from stackcheck.report import Report
from stackcheck.report.changes import ReportDiff, reported


class Commit(NamedTuple):
    commit: str
    date: str  # committer date, YYYY-MM-DD
    subject: str


class Step(NamedTuple):
    """One commit: its report, and the change from the commit before it (None for the
    oldest one listed, which has nothing listed to compare with)."""

    commit: Commit
    report: Report
    change: ReportDiff | None

    @property
    def verdict_changed(self) -> bool:
        return self.change is not None and self.change.verdict_changed


@dataclass(frozen=True)
class History:
    target: str
    start: str  # the commit history was walked from
    steps: tuple[Step, ...]  # newest first
    boundary: str | None  # the shallow clone's boundary commit, when history stopped there
    complete: bool  # the oldest commit listed is the root: nothing was left out
    remote: str | None = None  # the repository's web URL (source/remote.py)


def rule_ids(history: History) -> list[str]:
    """Every rule any commit reports, in ID order: the table's columns."""
    return sorted({rule_id for s in history.steps for rule_id in reported(s.report)})


def confidences(report: Report) -> dict[str, float]:
    return {rule_id: f.confidence for rule_id, f in sorted(reported(report).items())}


def rule_details(history: History) -> dict[str, dict[str, str]]:
    """What each column's rule is: its slug, title and kind, as the commits report them."""
    found: dict[str, dict[str, str]] = {}
    for step in history.steps:
        for rule_id, finding in reported(step.report).items():
            rule = finding.rule
            found.setdefault(rule_id, {"slug": rule.slug, "title": rule.title, "kind": rule.kind})
    return dict(sorted(found.items()))
