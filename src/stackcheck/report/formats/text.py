"""The format a person reads first: verdict on top, then why, then what was skipped.

The diff a person reads: what the change did to the verdict, then why, then which files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from stackcheck.facts import Evidence, Facts
from stackcheck.judge.evaluate import Finding
from stackcheck.report import (
    Report,
    hidden_line,
    influence_summary,
    not_applicable_reason,
    read_count,
    stack_lines,
    warnings,
)
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.safe import printable

if TYPE_CHECKING:
    from stackcheck.report.changes import FileChange, ReportDiff
    from stackcheck.report.history import History

TOP_EVIDENCE = 3
TOP_SKIPPED = 10
COLORS = {"suits": "32", "avoid": "31", "not-applicable": "33", "dim": "2", "bold": "1"}


def render(report: Report, options: RenderOptions) -> str:
    def paint(text: str, color: str) -> str:
        return f"\x1b[{COLORS[color]}m{text}\x1b[0m" if options.color else text

    verdict = report.verdict
    lines = [paint(f"stackcheck: {verdict.verdict}", verdict.verdict) + " — " + _headline(report)]
    lines += [f"  {label}: {printable(text)}" for label, text in stack_lines(report)]
    if report.repo_influence:
        # Before the findings, so the reader knows what the repository chose first.
        lines += ["", paint(influence_summary(report.repo_influence), "bold")]
        lines += [f"  {i.source}: {i.setting}: {i.effect}" for i in report.repo_influence]
    if report.hidden:
        # What the settings kept out, so that no suppression goes unseen.
        lines += ["", *(paint(hidden_line(h), "dim") for h in report.hidden)]
    if verdict.avoid:
        lines += ["", paint("When not to use Django:", "bold")]
        for f in verdict.avoid:
            lines += _finding(f, options, paint, f"use instead: {f.rule.alternative}")
    if verdict.use_cases:
        lines += ["", paint("Django use cases matched:", "bold")]
        for f in verdict.use_cases:
            lines += _finding(f, options, paint, "")
    notes = warnings(report)
    if notes:
        lines += ["", paint("Warnings:", "bold")]
        for w in notes:
            lines.append(f"  {w['id']} {w['slug']}: {printable(w['message'])}")
            shown = w["evidence"] if options.verbose else w["evidence"][:TOP_EVIDENCE]
            lines += [_evidence_line(Evidence(**e)) for e in shown]
    if report.suppressions:
        lines += ["", paint("Suppressed:", "bold")]
        lines += [f"  {s.rule}: {printable(s.reason)}" for s in report.suppressions]
    if options.verbose and report.facts.manifests:
        lines += ["", paint("Manifests read:", "bold")]
        lines += [
            f"  {printable(m.path)}  {m.kind}, {m.dependencies} dependencies"
            for m in report.facts.manifests
        ]
    skipped = report.facts.skipped
    if skipped:
        lines += ["", paint(f"Skipped ({len(skipped)}):", "bold")]
        shown_skipped = skipped if options.verbose else skipped[:TOP_SKIPPED]
        lines += [f"  {printable(s.path)}: {printable(s.reason)}" for s in shown_skipped]
        if len(shown_skipped) < len(skipped):
            lines.append(f"  … and {len(skipped) - len(shown_skipped)} more (-v lists all)")
    lines += ["", paint(_summary(report), "dim")]
    return "\n".join(lines) + "\n"


def _headline(report: Report) -> str:
    verdict = report.verdict
    if verdict.avoid:
        top = verdict.avoid[0]
        return f"{top.rule.id} {top.rule.title}; use {top.rule.alternative}"
    if verdict.use_cases:
        names = ", ".join(f"{f.rule.id} {f.rule.slug}" for f in verdict.use_cases[:3])
        more = len(verdict.use_cases) - 3
        return f"Django fits: {names}" + (f" (+{more} more)" if more > 0 else "")
    if verdict.verdict == "suits":
        return "Django fits this web application; no specific use case stood out"
    return not_applicable_reason(report)


def _finding(f: Finding, options: RenderOptions, paint: object, extra: str) -> list[str]:
    head = f"  {f.rule.id} {f.rule.slug:<24} {f.confidence:.2f}  {f.rule.title}"
    lines = [head]
    if f.reasons:
        lines.append(f"      why: {'; '.join(printable(r) for r in f.reasons[:4])}")
    if extra:
        lines.append(f"      {extra}")
    shown: Sequence[Evidence] = f.evidence if options.verbose else f.evidence[:TOP_EVIDENCE]
    lines += [_evidence_line(e) for e in shown]
    if len(shown) < len(f.evidence):
        lines.append(f"      … {len(f.evidence) - len(shown)} more (-v)")
    return lines


def _evidence_line(e: Evidence) -> str:
    where = printable(e.path) + (f":{e.line}" if e.line else "")
    return f"      {where}  {printable(e.detail)}"


def _summary(report: Report) -> str:
    stats = report.facts
    return (
        f"{stats.files} files, {_read(stats)}, "
        f"{len(stats.skipped)} skipped, in {report.seconds:.2f}s"
    )


def _read(stats: Facts) -> str:
    """What this run read: a warm scan reads nothing, and says where its answer came from."""
    if stats.from_cache:
        return "from cache"
    return f"{stats.files_read} read ({_size(stats.bytes_read)})"


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GiB"


# The diff of two reports.

TOP_FILES = 10
# A worse change is red whatever the verdict; a better one green.
SECTION_COLORS = {"tripped": "avoid", "cleared": "suits", "lost": "avoid", "gained": "suits"}

Paint = Callable[[str, str], str]


def render_diff(diff: ReportDiff, options: RenderOptions) -> str:
    from stackcheck.report.formats.diff_common import describe, headline

    def paint(text: str, color: str) -> str:
        return f"\x1b[{COLORS[color]}m{text}\x1b[0m" if options.color else text

    color = "avoid" if diff.tripped else diff.head.verdict
    lines = [
        paint(f"stackcheck diff: {printable(headline(diff))}", color),
        f"  base {describe(diff.base)}: {diff.base.verdict}",
        f"  head {describe(diff.head)}: {diff.head.verdict}",
    ]
    if diff.head_report.hidden:
        lines += ["", *(paint(hidden_line(h), "dim") for h in diff.head_report.hidden)]
    lines += _section("Newly tripped (when not to use Django):", diff.tripped, options, paint)
    lines += _section("Cleared:", diff.cleared, options, paint, was=True)
    lines += _section("Use cases lost:", diff.lost, options, paint, was=True)
    lines += _section("Use cases gained:", diff.gained, options, paint)
    lines += _section("New warnings:", diff.new_warnings, options, paint)
    lines += _section("Warnings resolved:", diff.resolved_warnings, options, paint, was=True)
    if diff.moved:
        lines += ["", paint(f"Confidence moved (by {diff.threshold:.2f} or more):", "bold")]
        lines += [
            f"  {m.rule_id} {m.after.rule.slug:<24} {m.before.confidence:.2f} → "
            f"{m.after.confidence:.2f}  ({m.delta:+.2f})"
            for m in diff.moved
        ]
    lines += _files("Files with evidence added", "+", diff.files_added, options, paint)
    lines += _files("Files with evidence removed", "-", diff.files_removed, options, paint)
    if diff.unchanged:
        lines += ["", "Nothing changed that the rules look at."]
    lines += ["", paint(_diff_summary(diff), "dim")]
    return "\n".join(lines) + "\n"


def _section(
    title: str,
    found: Sequence[Finding],
    options: RenderOptions,
    paint: Paint,
    was: bool = False,
) -> list[str]:
    if not found:
        return []
    lines = ["", paint(title, "bold")]
    for f in found:
        confidence = f"was {f.confidence:.2f}" if was else f"{f.confidence:.2f}"
        lines.append(f"  {f.rule.id} {f.rule.slug:<24} {confidence}  {f.rule.title}")
        if was:
            continue  # what is gone needs no evidence; it is in the base report
        if f.reasons:
            lines.append(f"      why: {'; '.join(printable(r) for r in f.reasons[:4])}")
        if f.rule.kind == "avoid":
            lines.append(f"      use instead: {f.rule.alternative}")
        shown = f.evidence if options.verbose else f.evidence[:TOP_EVIDENCE]
        lines += [f"      {_where(e)}  {printable(e.detail)}" for e in shown]
        if len(shown) < len(f.evidence):
            lines.append(f"      … {len(f.evidence) - len(shown)} more (-v)")
    return lines


def _files(
    title: str, sign: str, files: Sequence[FileChange], options: RenderOptions, paint: Paint
) -> list[str]:
    if not files:
        return []
    lines = ["", paint(f"{title} ({len(files)}):", "bold")]
    shown = files if options.verbose else files[:TOP_FILES]
    for change in shown:
        first = change.evidence[0]
        more = f" (+{len(change.evidence) - 1})" if len(change.evidence) > 1 else ""
        lines.append(f"  {sign} {_where(first)}  {printable(first.detail)}{more}")
    if len(shown) < len(files):
        lines.append(f"  … and {len(files) - len(shown)} more (-v lists all)")
    return lines


def _where(e: Evidence) -> str:
    return printable(e.path) + (f":{e.line}" if e.line else "")


def _diff_summary(diff: ReportDiff) -> str:
    base, head = diff.base_report, diff.head_report
    seconds = base.seconds + head.seconds
    return (
        f"base {base.facts.files} files, head {head.facts.files} files, "
        f"{read_count(base.facts, head.facts)}, in {seconds:.2f}s"
    )


# The verdict along history.

SUBJECT_WIDTH = 50


def render_history(history: History, options: RenderOptions) -> str:
    from stackcheck.report.formats.diff_common import SHORT, history_end, notes, step_note
    from stackcheck.report.history import confidences, rule_ids

    columns = rule_ids(history)
    count = len(history.steps)
    lines = [
        f"stackcheck history: {count} commit{'s' if count != 1 else ''} from "
        f"{history.start[:SHORT]}, newest first; * marks a verdict change",
        "",
        "  "
        + f"{'commit':<{SHORT}}  {'date':<10}  {'verdict':<14}"
        + "".join(f"  {c:>5}" for c in columns)
        + "  subject",
    ]
    for step in history.steps:
        values = confidences(step.report)
        mark = "*" if step.verdict_changed else " "
        cells = "".join(f"  {values[c]:5.2f}" if c in values else f"  {'-':>5}" for c in columns)
        subject = printable(step.commit.subject)
        if len(subject) > SUBJECT_WIDTH:
            subject = subject[: SUBJECT_WIDTH - 1] + "…"
        lines.append(
            f"{mark} {step.commit.commit[:SHORT]}  {step.commit.date:<10}  "
            f"{step.report.verdict.verdict:<14}{cells}  {subject}"
        )
        if step.change is not None and (step.verdict_changed or notes(step.change)):
            lines.append(f"      ↳ {step_note(step.change)}")
    lines += ["", history_end(history)]
    return "\n".join(lines) + "\n"
