"""What a change did to the verdict: two reports in, one ReportDiff out. Pure: no disk, no git.

A pull-request job should fail on what the change made worse, not on a state the base
branch already had. So the diff is by rule ID: a "when not to use" case is *tripped* when
it decides the head's verdict but did not decide the base's, *cleared* the other way round;
use cases are *gained* or *lost*; warnings (warning rules and low-confidence cases) are
*new* or *resolved*; and a rule found on both sides whose confidence moved by at least the
threshold is *moved*. Files that were added or removed between the two trees are listed when
they carry evidence, because those are the edits that moved the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from stackcheck.facts import Evidence
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.verdict import AVOID
from stackcheck.report import Report

DEFAULT_THRESHOLD = 0.1
MAX_EVIDENCE_PER_FILE = 5
# Confidences are rounded to two places; a move of exactly the threshold must count.
_EPSILON = 1e-9


class Side(NamedTuple):
    """One end of the comparison: what the user named, the commit (None for the work tree
    or the index), and the verdict there."""

    label: str
    rev: str | None
    verdict: str


class Move(NamedTuple):
    """A rule found on both sides whose confidence changed by at least the threshold."""

    before: Finding
    after: Finding

    @property
    def rule_id(self) -> str:
        return self.after.rule.id

    @property
    def delta(self) -> float:
        return round(self.after.confidence - self.before.confidence, 2)


class FileChange(NamedTuple):
    """A file present on one side only, with the evidence it carries there."""

    path: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ReportDiff:
    base: Side
    head: Side
    base_report: Report
    head_report: Report
    threshold: float
    tripped: tuple[Finding, ...]  # head's deciding cases the base did not have
    cleared: tuple[Finding, ...]  # base's deciding cases the head no longer has
    gained: tuple[Finding, ...]  # use cases matched at head only
    lost: tuple[Finding, ...]  # use cases matched at base only
    new_warnings: tuple[Finding, ...]  # warning rules and low-confidence cases, head only
    resolved_warnings: tuple[Finding, ...]
    moved: tuple[Move, ...]
    files_added: tuple[FileChange, ...]
    files_removed: tuple[FileChange, ...]

    @property
    def verdict_changed(self) -> bool:
        return self.base.verdict != self.head.verdict

    @property
    def unchanged(self) -> bool:
        """Nothing a reader of the diff would need to look at."""
        return not (
            self.verdict_changed
            or self.tripped
            or self.cleared
            or self.gained
            or self.lost
            or self.new_warnings
            or self.resolved_warnings
            or self.moved
            or self.files_added
            or self.files_removed
        )


def compare(
    base: Report,
    head: Report,
    *,
    base_label: str = "base",
    head_label: str = "head",
    base_files: Iterable[str] = (),
    head_files: Iterable[str] = (),
    threshold: float = DEFAULT_THRESHOLD,
) -> ReportDiff:
    """The change from base to head; *_files are the paths each tree lists."""
    before, after = base.verdict, head.verdict
    base_set, head_set = set(base_files), set(head_files)
    return ReportDiff(
        base=Side(base_label, base.rev, before.verdict),
        head=Side(head_label, head.rev, after.verdict),
        base_report=base,
        head_report=head,
        threshold=threshold,
        tripped=_only_in(after.avoid, before.avoid),
        cleared=_only_in(before.avoid, after.avoid),
        gained=_only_in(after.use_cases, before.use_cases),
        lost=_only_in(before.use_cases, after.use_cases),
        new_warnings=_only_in(_warnings(head), _warnings(base)),
        resolved_warnings=_only_in(_warnings(base), _warnings(head)),
        moved=_moves(base, head, threshold),
        files_added=_with_evidence(head_set - base_set, head),
        files_removed=_with_evidence(base_set - head_set, base),
    )


def _only_in(found: Iterable[Finding], other: Iterable[Finding]) -> tuple[Finding, ...]:
    known = {f.rule.id for f in other}
    return tuple(f for f in found if f.rule.id not in known)


def _warnings(report: Report) -> tuple[Finding, ...]:
    verdict = report.verdict
    return tuple(sorted((*verdict.warnings, *verdict.low_confidence_avoid), key=_rule_id))


def _rule_id(finding: Finding) -> str:
    return finding.rule.id


def reported(report: Report) -> dict[str, Finding]:
    """Every finding the report shows (use cases, tripped cases, warnings), by rule ID."""
    verdict = report.verdict
    found = (*verdict.use_cases, *verdict.avoid, *_warnings(report))
    return {f.rule.id: f for f in found}


def _moves(base: Report, head: Report, threshold: float) -> tuple[Move, ...]:
    before, after = reported(base), reported(head)
    moves = [
        Move(before[rule_id], after[rule_id])
        for rule_id in sorted(before.keys() & after.keys())
        if abs(after[rule_id].confidence - before[rule_id].confidence) >= threshold - _EPSILON
    ]
    return tuple(moves)


def evidence_by_path(report: Report) -> dict[str, list[Evidence]]:
    """What each file contributed, most telling first: what the findings show, then the
    facts' evidence that names a line, then the rest (a file's size, its kind)."""
    shown = [e for f in reported(report).values() for e in f.evidence]
    facts = sorted(
        (e for f in report.facts.values.values() for e in f.evidence),
        key=lambda e: (e.line is None, e.line or 0, e.detail),
    )
    found: dict[str, list[Evidence]] = {}
    for item in (*shown, *facts):
        bucket = found.setdefault(item.path, [])
        if item not in bucket:
            bucket.append(item)
    return found


def _with_evidence(paths: set[str], report: Report) -> tuple[FileChange, ...]:
    by_path = evidence_by_path(report)
    return tuple(
        FileChange(path, tuple(by_path[path][:MAX_EVIDENCE_PER_FILE]))
        for path in sorted(paths & by_path.keys())
    )


def worse(diff: ReportDiff, fail_on: str) -> bool:
    """Whether the change fails the policy: only what it made worse, never an old state;
    and a comparison with a scan that did not finish (its time budget ran out) always."""
    if fail_on == "never":
        return False
    if not (diff.base_report.facts.complete and diff.head_report.facts.complete):
        return True
    regressed = bool(diff.tripped) or (diff.head.verdict == AVOID and diff.base.verdict != AVOID)
    if fail_on == "warning":
        return regressed or bool(diff.new_warnings)
    return regressed


def new_findings(diff: ReportDiff, use_cases: bool = True) -> Report:
    """The head report cut down to what is new in it, for the formats that list findings
    (SARIF, GitLab, JUnit, JSON Lines, GitHub): each finding once, as the scan shows it."""
    head = diff.head_report
    warning_rules = {f.rule.id for f in head.verdict.warnings}
    verdict = replace(
        head.verdict,
        use_cases=diff.gained if use_cases else (),
        avoid=diff.tripped,
        warnings=tuple(f for f in diff.new_warnings if f.rule.id in warning_rules),
        low_confidence_avoid=tuple(f for f in diff.new_warnings if f.rule.id not in warning_rules),
    )
    return replace(head, verdict=verdict)
