"""The fleet report as Markdown (a job summary, a wiki page, an issue): tables of counts,
then the repositories in collapsible lists. Repository text is in code spans or escaped."""

from __future__ import annotations

from stackcheck.fleet.results import line_id
from stackcheck.fleet.summary import FleetReport, Group
from stackcheck.report.formats.markdown import code, escape


def render(report: FleetReport) -> str:
    s = "y" if report.total == 1 else "ies"
    lines = [f"## stackcheck fleet: {report.total} repositor{s}", ""]
    lines += ["| verdict | repositories |", "| --- | ---: |"]
    lines += [f"| {escape(g.name)} | {g.count} |" for g in report.verdicts]
    lines += [f"| failed | {len(report.failed)} |", ""]
    lines += _table("When not to use Django", "case", report.cases)
    lines += _table("Django use cases", "use case", report.use_cases)
    lines += _table("Kinds", "kind", report.kinds)
    lines += _table("Frameworks", "framework", report.frameworks)
    by_id = {line_id(r): r for r in report.results}
    for group in report.verdicts:
        if not group.sources:
            continue
        lines += [f"<details><summary>{escape(group.name)} ({group.count})</summary>", ""]
        for source in group.sources:
            ids = [c["id"] for c in by_id[source].get("cases") or []]
            kind = by_id[source].get("kind") or ""
            lines.append(f"- {code(source)} {escape(' '.join([*ids, kind]).strip())}".rstrip())
        lines += ["", "</details>", ""]
    if report.failed:
        lines += [f"### Failed ({len(report.failed)})", "", "| repository | why |", "| --- | --- |"]
        for failure in report.failed:
            lines.append(
                f"| {escape(failure.source)} | {escape(failure.kind)}: {escape(failure.message)} |"
            )
        lines.append("")
    lines += [f"> {escape(note)}" for note in report.notes]
    return "\n".join(lines).rstrip() + "\n"


def _table(title: str, column: str, groups: tuple[Group, ...]) -> list[str]:
    if not groups:
        return []
    rows = [f"### {title}", "", f"| {column} | repositories |", "| --- | ---: |"]
    for group in groups:
        name = f"{group.name} {group.label}".strip()
        rows.append(f"| {escape(name)} | {group.count} |")
    return [*rows, ""]
