"""Output formats: one module per format, registered here by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from stackcheck.report import Report


class RenderOptions(NamedTuple):
    verbose: bool = False
    color: bool = False


Renderer = Callable[["Report", RenderOptions], str]

# name -> module in stackcheck.report.formats with a `render(report, options) -> str`
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
    "markdown": "markdown",
    "json-lines": "json_lines",
}


# Formats whose output is JSON: their data is kept exact (see formats/safe.py).
JSON_FORMATS = frozenset({"json", "json-lines", "sarif", "gitlab"})


def renderer(name: str) -> Renderer:
    """The format's renderer, fed a report whose repository text is already made safe."""
    from stackcheck.report.formats.safe import encodable, json_text, printable, safe_report

    module = importlib.import_module(f"stackcheck.report.formats.{FORMATS[name]}")
    render: Renderer = module.render

    def render_safely(report: Report, options: RenderOptions) -> str:
        if name in JSON_FORMATS:
            return json_text(render(safe_report(report, encodable), options))
        return render(safe_report(report, printable), options)

    return render_safely
