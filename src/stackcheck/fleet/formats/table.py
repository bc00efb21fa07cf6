"""The fleet report as plain text for a terminal: counts first, then every repository."""

from __future__ import annotations

from stackcheck.fleet.results import Line, line_id
from stackcheck.fleet.summary import FleetReport, Group
from stackcheck.report.formats.safe import for_terminal

WIDTH = 28


def render(report: FleetReport) -> str:
    counts = [f"{g.count} {g.name}" for g in report.verdicts] + [f"{len(report.failed)} failed"]
    s = "y" if report.total == 1 else "ies"
    lines = [
        f"stackcheck fleet: {report.total} repositor{s} from {_files(report)}",
        "  " + ", ".join(counts),
    ]
    lines += _counts("when not to use Django", report.cases)
    lines += _counts("Django use cases", report.use_cases)
    lines += _counts("kinds", report.kinds)
    lines += _counts("frameworks", report.frameworks)
    by_id = {line_id(r): r for r in report.results}
    for group in report.verdicts:
        if group.sources:
            lines += ["", f"{group.name} ({group.count})"]
            lines += [f"  {source}  {_detail(by_id[source])}".rstrip() for source in group.sources]
    if report.failed:
        lines += ["", f"failed ({len(report.failed)})"]
        for failure in report.failed:
            tries = f" ({failure.attempts} attempts)" if failure.attempts > 1 else ""
            lines.append(f"  {failure.source}  {failure.kind}: {failure.message}{tries}")
    lines += [f"note: {note}" for note in report.notes]
    return for_terminal("\n".join(lines)) + "\n"


def _files(report: FleetReport) -> str:
    if len(report.files) == 1:
        return report.files[0]
    return f"{len(report.files)} result files"


def _counts(title: str, groups: tuple[Group, ...]) -> list[str]:
    if not groups:
        return []
    rows = ["", title]
    for group in groups:
        name = f"{group.name} {group.label}".strip()
        rows.append(f"  {name:<{WIDTH}} {group.count:>5}")
    return rows


def _detail(line: Line) -> str:
    """What a repository is, in a few words: its tripped cases, else its kind and use cases."""
    cases = " ".join(f"{c['id']} {c['slug']}" for c in line.get("cases") or [])
    if cases:
        return cases
    uses = " ".join(c["id"] for c in line.get("use_cases") or [])
    return " ".join(part for part in (str(line.get("kind") or ""), uses) if part)
