"""JSON Lines: one object per finding, then a summary line; and the flat view CI formats share.

Every CI format (SARIF, GitHub workflow commands, GitLab Code Quality, JUnit, Markdown)
needs the same thing from a report: each finding once, with its severity, a stable
fingerprint and paths that CI can resolve. `entries` and `ci_path` give them that, so the
formats agree with each other and with this one.

Each finding's line has two keys that look alike and are not: `type` is what the line is
and how CI weighs it (`avoid`, `warning`, `use_case`; the last line's is `summary`), and
`kind` is the rule's own kind as its rule file gives it (`avoid`, `warning`, `use-case`).
They differ for a "when not to use" case tripped with low confidence, which is reported as
a warning: `type` "warning", `kind` "avoid". Both stay: consumers read either.

A diff as JSON Lines: the head report's findings that are new in it.

A finding the base already had is not reported again, so a pull request's checks show
only what the change brought in; the verdict is the head's.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, NamedTuple

from stackcheck import __version__
from stackcheck.facts import Evidence
from stackcheck.judge.evaluate import Finding
from stackcheck.report import Report, evidence_dict, to_dict
from stackcheck.report.formats import RenderOptions

if TYPE_CHECKING:
    from stackcheck.report.changes import ReportDiff
    from stackcheck.report.history import History

AVOID = "avoid"
WARNING = "warning"
USE_CASE = "use_case"
ROOT = "."  # the evidence path of whole-tree facts (language breakdown, shares)


class Entry(NamedTuple):
    """One finding as CI sees it: `type` decides its severity everywhere."""

    type: str  # AVOID | WARNING | USE_CASE
    finding: Finding
    message: str  # one line, without evidence

    @property
    def rule_id(self) -> str:
        return self.finding.rule.id

    def files(self) -> tuple[Evidence, ...]:
        """Evidence that points at a file (not the whole tree), first seen first."""
        return tuple(e for e in self.finding.evidence if e.path and e.path != ROOT)


def entries(report: Report) -> tuple[Entry, ...]:
    """Tripped cases, then warnings (low-confidence cases and warning rules), then use cases."""
    verdict = report.verdict
    found = [Entry(AVOID, f, _avoid_message(f)) for f in verdict.avoid]
    weak = [Entry(WARNING, f, _weak_message(f)) for f in verdict.low_confidence_avoid]
    notes = [Entry(WARNING, f, _warning_message(f)) for f in verdict.warnings]
    found += sorted(weak + notes, key=lambda e: e.rule_id)
    found += [Entry(USE_CASE, f, _use_case_message(f)) for f in verdict.use_cases]
    return tuple(found)


def _why(finding: Finding) -> str:
    return f" Why: {'; '.join(finding.reasons)}." if finding.reasons else ""


def _avoid_message(f: Finding) -> str:
    return (
        f"{f.rule.id} {f.rule.slug}: {f.rule.title} (confidence {f.confidence:.2f}).{_why(f)}"
        f" Use instead: {f.rule.alternative}."
    )


def _weak_message(f: Finding) -> str:
    return (
        f"{f.rule.id} {f.rule.slug}: {f.rule.title}, tripped with low confidence "
        f"{f.confidence:.2f}.{_why(f)} Consider {f.rule.alternative}."
    )


def _warning_message(f: Finding) -> str:
    return f"{f.rule.id} {f.rule.slug}: {f.rule.message} (confidence {f.confidence:.2f}).{_why(f)}"


def _use_case_message(f: Finding) -> str:
    return f"{f.rule.id} {f.rule.slug}: {f.rule.title} (confidence {f.confidence:.2f}).{_why(f)}"


def fingerprint(entry: Entry) -> str:
    """Stable across runs and unrelated edits: the rule and the set of files behind it."""
    paths = sorted({e.path for e in entry.finding.evidence})
    return hashlib.sha256("\0".join([entry.rule_id, *paths]).encode("utf-8")).hexdigest()


def ci_path(report: Report, path: str) -> str:
    """A path as CI resolves it: evidence paths are relative to the scanned folder, CI
    tools resolve them from the checkout root, so a relative target is put in front."""
    target = report.target
    if not target or PurePath(target).is_absolute():
        return path
    base = posixpath.normpath(PurePath(target).as_posix())
    if base == ".":
        return path
    return posixpath.join(base, path) if path != ROOT else base


def render(report: Report, options: RenderOptions) -> str:
    lines = [_entry_dict(e) for e in entries(report)]
    lines.append(_summary(report))
    return "".join(json.dumps(line, sort_keys=True) + "\n" for line in lines)


def _entry_dict(entry: Entry) -> dict[str, Any]:
    f = entry.finding
    item: dict[str, Any] = {
        "type": entry.type,  # the line's type and severity; the summary line's is "summary"
        "id": f.rule.id,
        "slug": f.rule.slug,
        "title": f.rule.title,
        "kind": f.rule.kind,  # the rule's kind: "avoid" for a weak case reported as a warning
        "confidence": f.confidence,
        "message": entry.message,
        "reasons": list(f.reasons),
        "evidence": [evidence_dict(e) for e in f.evidence],
        "fingerprint": fingerprint(entry),
    }
    if f.rule.alternative:
        item["alternative"] = f.rule.alternative
    return item


def _summary(report: Report) -> dict[str, Any]:
    full = to_dict(report)
    return {
        "type": "summary",
        "tool": full["tool"],
        "target": full["target"],
        "verdict": full["verdict"],
        "counts": {
            "avoid": len(full["avoid"]),
            "use_cases": len(full["use_cases"]),
            "warnings": len(full["warnings"]),
            "skipped": len(full["skipped"]),
            "hidden": sum(h["count"] for h in full["hidden"]),
        },
        "skipped": full["skipped"],
        "stats": full["stats"],
        "repo_influence": full["repo_influence"],
        "hidden": full["hidden"],
    }


def count(items: Iterable[Entry], kind: str) -> int:
    return sum(1 for e in items if e.type == kind)


# The diff of two reports.


def render_diff(diff: ReportDiff, options: RenderOptions) -> str:
    from stackcheck.report.changes import new_findings

    return render(new_findings(diff), options)


# The verdict along history.


def render_history(history: History, options: RenderOptions) -> str:
    """One line per commit, newest first (the json format's commit objects), then a summary."""
    from stackcheck.report.formats.json_format import HISTORY_SCHEMA, history_target, step_dict
    from stackcheck.report.history import rule_details, rule_ids

    lines = [{"type": "commit", **step_dict(step)} for step in history.steps]
    lines.append(
        {
            "type": "summary",
            "schema": HISTORY_SCHEMA,
            "tool": {"name": "stackcheck", "version": __version__},
            "target": history_target(history),
            "rules": rule_ids(history),
            "rule_details": rule_details(history),
            "shallow_boundary": history.boundary,
            "complete": history.complete,
        }
    )
    return "".join(json.dumps(line, sort_keys=True) + "\n" for line in lines)
