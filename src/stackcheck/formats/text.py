"""The format a person reads first: verdict on top, then why, then what was skipped."""

from __future__ import annotations

from collections.abc import Sequence

from stackcheck.evaluate import Finding
from stackcheck.facts import Evidence
from stackcheck.formats import RenderOptions
from stackcheck.formats.safe import printable
from stackcheck.report import Report, influence_summary, warnings

TOP_EVIDENCE = 3
TOP_SKIPPED = 10
COLORS = {"suits": "32", "avoid": "31", "not-applicable": "33", "dim": "2", "bold": "1"}


def render(report: Report, options: RenderOptions) -> str:
    def paint(text: str, color: str) -> str:
        return f"\x1b[{COLORS[color]}m{text}\x1b[0m" if options.color else text

    verdict = report.verdict
    lines = [paint(f"stackcheck: {verdict.verdict}", verdict.verdict) + " — " + _headline(report)]
    if report.repo_influence:
        # First, so the reader knows what the repository chose before what it shows.
        lines += ["", paint(influence_summary(report.repo_influence), "bold")]
        lines += [f"  {i.source}: {i.setting}: {i.effect}" for i in report.repo_influence]
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
    if any(f.rule.id == "DJ001" for f in verdict.context):
        return "a server-side application was found, but no Django use case matched clearly"
    return "no web application or service found"


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
        f"{stats.files} files, {stats.files_read} read ({_size(stats.bytes_read)}), "
        f"{len(stats.skipped)} skipped, in {report.seconds:.2f}s"
    )


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GiB"
