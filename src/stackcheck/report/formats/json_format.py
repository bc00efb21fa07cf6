"""JSON: the report as its contract shape ("stackcheck.report/1", report.to_dict), a diff
and a history each in their own stable schema.

The diff, "stackcheck.diff/1":

schema        "stackcheck.diff/1"
tool          {"name": "stackcheck", "version": "..."}
target        "the scanned path"
base, head    {"label": "main", "rev": "<commit or null>", "verdict": "suits",
               "complete": true (false when that scan's time budget ran out)}
verdict_changed  true | false
threshold     the smallest confidence move listed in `moved`
tripped       [ {id, slug, title, confidence, reasons, evidence, alternative} ]  at head
cleared       [ the same, as they were at base ]
gained, lost  [ {id, slug, title, confidence, reasons, evidence} ]  use cases
new_warnings, resolved_warnings  [ {id, slug, message, evidence} ]
moved         [ {id, slug, kind, before, after, delta} ]
files_added, files_removed  [ {path, evidence: [{path, line, detail}]} ]
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from stackcheck import __version__
from stackcheck.report import Report, avoid_dict, evidence_dict, to_dict, use_case_dict, warnings
from stackcheck.report.formats import RenderOptions

if TYPE_CHECKING:
    from stackcheck.report.changes import FileChange, ReportDiff, Side
    from stackcheck.report.history import History, Step


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(to_dict(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# The diff of two reports.

SCHEMA = "stackcheck.diff/1"


def render_diff(diff: ReportDiff, options: RenderOptions) -> str:
    return json.dumps(diff_to_dict(diff), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def diff_to_dict(diff: ReportDiff) -> dict[str, Any]:
    from stackcheck.report.changes import new_findings

    resolved = _resolved_warnings(diff)
    return {
        "schema": SCHEMA,
        "tool": {"name": "stackcheck", "version": __version__},
        "target": diff.head_report.target,
        "base": _side(diff.base, diff.base_report),
        "head": _side(diff.head, diff.head_report),
        "verdict_changed": diff.verdict_changed,
        "threshold": diff.threshold,
        "tripped": [avoid_dict(f) for f in diff.tripped],
        "cleared": [avoid_dict(f) for f in diff.cleared],
        "gained": [use_case_dict(f) for f in diff.gained],
        "lost": [use_case_dict(f) for f in diff.lost],
        "new_warnings": warnings(new_findings(diff)),
        "resolved_warnings": resolved,
        "moved": [
            {
                "id": m.rule_id,
                "slug": m.after.rule.slug,
                "kind": m.after.rule.kind,
                "before": m.before.confidence,
                "after": m.after.confidence,
                "delta": m.delta,
            }
            for m in diff.moved
        ],
        "files_added": [_file(c) for c in diff.files_added],
        "files_removed": [_file(c) for c in diff.files_removed],
    }


def _side(side: Side, report: Report) -> dict[str, Any]:
    return {
        "label": side.label,
        "rev": side.rev,
        "verdict": side.verdict,
        "complete": report.facts.complete,
    }


def _file(change: FileChange) -> dict[str, Any]:
    return {"path": change.path, "evidence": [evidence_dict(e) for e in change.evidence]}


def _resolved_warnings(diff: ReportDiff) -> list[dict[str, Any]]:
    """The base's warnings that are gone, worded as the base report words them."""
    gone = {f.rule.id for f in diff.resolved_warnings}
    return [w for w in warnings(diff.base_report) if w["id"] in gone]


# The verdict along history.

HISTORY_SCHEMA = "stackcheck.history/1"


def render_history(history: History, options: RenderOptions) -> str:
    from stackcheck.report.history import rule_ids

    data = {
        "schema": HISTORY_SCHEMA,
        "tool": {"name": "stackcheck", "version": __version__},
        "target": {"path": history.target, "rev": history.start},
        "rules": rule_ids(history),
        "commits": [step_dict(s) for s in history.steps],
        "shallow_boundary": history.boundary,
        "complete": history.complete,
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def step_dict(step: Step) -> dict[str, Any]:
    from stackcheck.report.history import confidences

    change = step.change
    item: dict[str, Any] = {
        "commit": step.commit.commit,
        "date": step.commit.date,
        "subject": step.commit.subject,
        "verdict": step.report.verdict.verdict,
        "confidence": confidences(step.report),
        "verdict_changed": step.verdict_changed,
        "previous_verdict": change.base.verdict if change is not None else None,
        "scan_complete": step.report.facts.complete,  # false: the time budget ran out
    }
    for field in ("tripped", "cleared", "gained", "lost"):
        found = getattr(change, field) if change is not None else ()
        item[field] = [f.rule.id for f in found]
    return item
