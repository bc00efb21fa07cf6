"""The fleet report as one JSON object (`stackcheck.fleet-report/1`), keys sorted."""

from __future__ import annotations

import json
from typing import Any

from stackcheck.fleet.summary import FleetReport, Group
from stackcheck.report.formats.safe import encodable, json_text

SCHEMA = "stackcheck.fleet-report/1"


def render(report: FleetReport) -> str:
    text = json.dumps(_safe(to_dict(report)), ensure_ascii=False, sort_keys=True, indent=2)
    return json_text(text) + "\n"


def to_dict(report: FleetReport) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "files": list(report.files),
        "repositories": report.total,
        "counts": {
            **{g.name: g.count for g in report.verdicts},
            "failed": len(report.failed),
        },
        "verdicts": [_group(g) for g in report.verdicts],
        "cases": [_group(g) for g in report.cases],
        "use_cases": [_group(g) for g in report.use_cases],
        "kinds": [_group(g) for g in report.kinds],
        "frameworks": [_group(g) for g in report.frameworks],
        "failed": [
            {"source": f.source, "kind": f.kind, "message": f.message, "attempts": f.attempts}
            for f in report.failed
        ],
        "notes": list(report.notes),
        "results": list(report.results),
    }


def _group(group: Group) -> dict[str, Any]:
    found: dict[str, Any] = {"name": group.name, "count": group.count}
    if group.label:
        found["label"] = group.label
    found["repositories"] = list(group.sources)
    return found


def _safe(value: Any) -> Any:
    """Every string `encodable` (a lone surrogate from a folder name is escaped)."""
    if isinstance(value, str):
        return encodable(value)
    if isinstance(value, dict):
        return {_safe(k): _safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe(v) for v in value]
    return value
