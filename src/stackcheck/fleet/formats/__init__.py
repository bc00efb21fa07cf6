"""The fleet report's formats: one module per format, each with `render(report) -> str`.

Adding one is a module here and a line in FORMATS (and its name in cli.py's
FLEET_REPORT_FORMATS, which stays importable without this; tests/test_architecture.py
checks the two agree). Text from the repositories (sources, framework names, failure
messages) is escaped by each format for its reader.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stackcheck.fleet.summary import FleetReport

# name -> the module in stackcheck.fleet.formats that renders it
FORMATS = {
    "table": "table",
    "json": "json_format",
    "csv": "csv_format",
    "markdown": "markdown",
    "html": "html",
}


def render(name: str, report: FleetReport) -> str:
    module = importlib.import_module(f"stackcheck.fleet.formats.{FORMATS[name]}")
    text: str = module.render(report)
    return text
