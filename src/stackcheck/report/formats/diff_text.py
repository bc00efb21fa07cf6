"""The diff a person reads: what the change did to the verdict, then why, then which files."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from stackcheck.facts import Evidence
from stackcheck.judge.evaluate import Finding
from stackcheck.report.changes import FileChange, ReportDiff
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.diff_common import describe, headline
from stackcheck.report.formats.safe import printable
from stackcheck.report.formats.text import COLORS

TOP_EVIDENCE = 3
TOP_FILES = 10
# A worse change is red whatever the verdict; a better one green.
SECTION_COLORS = {"tripped": "avoid", "cleared": "suits", "lost": "avoid", "gained": "suits"}

Paint = Callable[[str, str], str]


def render(diff: ReportDiff, options: RenderOptions) -> str:
    def paint(text: str, color: str) -> str:
        return f"\x1b[{COLORS[color]}m{text}\x1b[0m" if options.color else text

    color = "avoid" if diff.tripped else diff.head.verdict
    lines = [
        paint(f"stackcheck diff: {printable(headline(diff))}", color),
        f"  base {describe(diff.base)}: {diff.base.verdict}",
        f"  head {describe(diff.head)}: {diff.head.verdict}",
    ]
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
    lines += ["", paint(_summary(diff), "dim")]
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


def _summary(diff: ReportDiff) -> str:
    base, head = diff.base_report, diff.head_report
    read = base.facts.files_read + head.facts.files_read
    seconds = base.seconds + head.seconds
    return (
        f"base {base.facts.files} files, head {head.facts.files} files, "
        f"{read} read, in {seconds:.2f}s"
    )
