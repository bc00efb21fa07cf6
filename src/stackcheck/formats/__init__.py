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

# name -> module in stackcheck.formats with a `render(report, options) -> str`
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


def renderer(name: str) -> Renderer:
    module = importlib.import_module(f"stackcheck.formats.{FORMATS[name]}")
    render: Renderer = module.render
    return render
