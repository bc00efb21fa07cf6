"""What every diff renderer shares, and how a format name finds its diff renderer.

FORMATS (formats/__init__.py) stays the one registry: the diff renderer of format `name`
is the `render` function of `stackcheck.report.formats.diff_<FORMATS[name]>`, so adding a format
means one module for the report and one for the diff, and a test checks that both exist.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from stackcheck.judge.evaluate import Finding
from stackcheck.report.changes import ReportDiff, Side
from stackcheck.report.formats import FORMATS, RenderOptions
from stackcheck.report.formats.safe import printable

DiffRenderer = Callable[[ReportDiff, RenderOptions], str]
SHORT = 12


def diff_renderer(name: str) -> DiffRenderer:
    module = importlib.import_module(f"stackcheck.report.formats.diff_{FORMATS[name]}")
    render: DiffRenderer = module.render
    return render


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
