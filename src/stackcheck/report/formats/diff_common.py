"""What the renderings of a diff share, in every format (and history's, which describes
the change from one commit to the next)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stackcheck.judge.evaluate import Finding
from stackcheck.report.formats.safe import printable

if TYPE_CHECKING:
    from stackcheck.report.changes import ReportDiff, Side
    from stackcheck.report.history import History

SHORT = 12


def describe(side: Side) -> str:
    """`main (3f2a9c1d0b4e)`, or the label alone when it is the commit or has none."""
    label = printable(side.label)
    if side.rev is None or side.rev.startswith(side.label):
        return label if side.rev is None else side.rev[:SHORT]
    return f"{label} ({side.rev[:SHORT]})"


def name(finding: Finding) -> str:
    return f"{finding.rule.id} {finding.rule.slug}"


def notes(diff: ReportDiff) -> list[str]:
    """One short phrase per rule that changed state, the ones that matter most first."""
    found = [f"{name(f)} tripped" for f in diff.tripped]
    found += [f"{name(f)} cleared" for f in diff.cleared]
    found += [f"{name(f)} lost" for f in diff.lost]
    found += [f"{name(f)} gained" for f in diff.gained]
    found += [f"{name(f)} new warning" for f in diff.new_warnings]
    found += [f"{name(f)} warning resolved" for f in diff.resolved_warnings]
    return found


def headline(diff: ReportDiff) -> str:
    """`suits → avoid: DJ901 static-site tripped` or `avoid, unchanged: no new case`."""
    if diff.verdict_changed:
        verdict = f"{diff.base.verdict} → {diff.head.verdict}"
    else:
        verdict = f"{diff.head.verdict}, unchanged"
    changed = notes(diff)
    if changed:
        return f"{verdict}: {'; '.join(changed)}"
    if diff.moved:
        return f"{verdict}: confidence moved for {', '.join(m.rule_id for m in diff.moved)}"
    return f"{verdict}: no rule changed state"


def step_note(change: ReportDiff) -> str:
    """What changed from the commit before: `suits → avoid: DJ901 static-site tripped`."""
    verdict = (
        f"{change.base.verdict} → {change.head.verdict}"
        if change.verdict_changed
        else f"still {change.head.verdict}"
    )
    found = notes(change)
    return f"{verdict}: {'; '.join(found)}" if found else verdict


def history_end(history: History) -> str:
    """Why the history stops where it does."""
    if not history.steps:
        return "No commits in that range."
    if history.boundary is not None:
        return (
            f"History stops at {history.boundary[:SHORT]}, the boundary of this shallow clone: "
            "earlier commits are not here (git fetch --unshallow fetches them)."
        )
    if history.complete:
        return "Reached the first commit."
    return "Older commits not shown (--max-count, --since)."
