from __future__ import annotations

import json

from stackcheck.report import Report, to_dict
from stackcheck.report.formats import RenderOptions


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(to_dict(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
