"""The shields.io endpoint JSON for a README badge (https://shields.io/badges/endpoint-badge):
publish the file where shields.io can fetch it, and the badge reads "django | suits".
Scan reports only, as the SVG badge (badge.py)."""

from __future__ import annotations

import json

from stackcheck.report import Report
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.badge import badge


def render(report: Report, options: RenderOptions) -> str:
    found = badge(report)
    data = {
        "schemaVersion": 1,
        "label": found.label,
        "message": found.message,
        "color": found.color,
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
