"""The fleet report as one self-contained HTML page: no script, no request of any kind (a
Content-Security-Policy forbids them), made with Jinja2 with autoescaping on; text from the
repositories is also made `printable`, so no bidi override or control character reaches the
reader. Counts are tables with captions and header cells, the repositories of each group are
lists in <details>, and verdicts are told by words, not colour alone."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from stackcheck.fleet.results import line_id
from stackcheck.fleet.summary import FleetReport, Group
from stackcheck.report.formats.safe import printable

if TYPE_CHECKING:
    import jinja2

VERDICT_WORDS = {
    "suits": "Django suits",
    "avoid": "Avoid Django",
    "not-applicable": "Not a web application",
}


def render(report: FleetReport) -> str:
    return _environment().get_template("fleet.html.j2").render(view(report))


def view(report: FleetReport) -> dict[str, Any]:
    """What the template shows, every repository text already `printable`."""
    by_id = {line_id(r): r for r in report.results}
    return {
        "total": report.total,
        "files": [printable(f) for f in report.files],
        "verdicts": [
            {
                "name": g.name,
                "words": VERDICT_WORDS.get(g.name, g.name),
                "count": g.count,
                "repositories": [_repository(by_id[s]) for s in g.sources],
            }
            for g in report.verdicts
        ],
        "failed_count": len(report.failed),
        "groups": [
            ("When not to use Django", "Case", [_group(g) for g in report.cases]),
            ("Django use cases", "Use case", [_group(g) for g in report.use_cases]),
            ("Kinds", "Kind", [_group(g) for g in report.kinds]),
            ("Frameworks", "Framework", [_group(g) for g in report.frameworks]),
        ],
        "failed": [
            {
                "source": printable(f.source),
                "kind": printable(f.kind),
                "message": printable(f.message),
                "attempts": f.attempts,
            }
            for f in report.failed
        ],
        "notes": [printable(n) for n in report.notes],
    }


def _group(group: Group) -> dict[str, Any]:
    return {
        "name": printable(f"{group.name} {group.label}".strip()),
        "count": group.count,
        "repositories": [printable(s) for s in group.sources],
    }


def _repository(line: dict[str, Any]) -> dict[str, Any]:
    cases = [f"{c['id']} {c['slug']}" for c in line.get("cases") or []]
    uses = [c["id"] for c in line.get("use_cases") or []]
    frameworks = [f["name"] for f in (line.get("stack") or {}).get("frameworks") or []]
    return {
        "source": printable(line_id(line)),
        "kind": printable(str(line.get("kind") or "")),
        "detail": printable(", ".join(cases or uses)),
        "frameworks": printable(", ".join(frameworks)),
    }


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    folder = files("stackcheck.fleet.formats") / "templates"

    def load(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
