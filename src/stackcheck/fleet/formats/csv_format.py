"""The fleet report as CSV: one row per repository, for a spreadsheet.

A cell that a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a
carriage return) gets a leading apostrophe, so a repository's name or a framework version
cannot run one.
"""

from __future__ import annotations

import csv
import io

from stackcheck.fleet.results import line_id
from stackcheck.fleet.summary import FleetReport
from stackcheck.report.formats.safe import encodable

COLUMNS = (
    "source",
    "commit",
    "verdict",
    "cases",
    "use_cases",
    "kind",
    "frameworks",
    "languages",
    "error",
    "seconds",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def render(report: FleetReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in report.results:
        stack = line.get("stack") or {}
        error = line.get("error")
        seconds = (line.get("seconds") or {}).get("total")
        row = [
            line_id(line),
            line.get("commit") or "",
            line.get("verdict") or "failed",
            " ".join(c["id"] for c in line.get("cases") or []),
            " ".join(c["id"] for c in line.get("use_cases") or []),
            line.get("kind") or "",
            "; ".join(_named(f) for f in stack.get("frameworks") or []),
            "; ".join(f"{x['name']} {x['share']:.0%}" for x in stack.get("languages") or []),
            f"{error['kind']}: {error['message']}" if error else "",
            "" if seconds is None else f"{seconds:.3f}",
        ]
        writer.writerow([_cell(str(value)) for value in row])
    return out.getvalue()


def _named(framework: dict[str, object]) -> str:
    version = framework.get("version")
    return f"{framework['name']} {version}" if version else str(framework["name"])


def _cell(text: str) -> str:
    text = encodable(text)
    return "'" + text if text.startswith(_FORMULA) else text
