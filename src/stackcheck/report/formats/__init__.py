"""Output formats: one module per format, each rendering every kind of report it supports.

A format module has `render(report, options)` for a scan and `render_diff(diff, options)`
for a diff (report/changes.py); a format that renders history (report/history.py) also
has `render_history(history, options)`. Adding a format is one module and one line in
FORMATS below (and its name in cli.py's choices, which stay importable without this).
A scan loads none of the diff and history code: the format modules import it inside the
functions that render a diff or a history.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from stackcheck.report import Report
    from stackcheck.report.changes import ReportDiff
    from stackcheck.report.history import History


class RenderOptions(NamedTuple):
    verbose: bool = False
    color: bool = False


class Format(NamedTuple):
    module: str  # in stackcheck.report.formats
    history: bool = False  # whether the module renders a history too (render_history)
    diff: bool = True  # whether the module renders a diff (render_diff)


Renderer = Callable[["Report", RenderOptions], str]
DiffRenderer = Callable[["ReportDiff", RenderOptions], str]
HistoryRenderer = Callable[["History", RenderOptions], str]

# name -> the module that renders it
FORMATS: dict[str, Format] = {
    "text": Format("text", history=True),
    "json": Format("json_format", history=True),
    "sarif": Format("sarif"),
    "github": Format("github"),
    "gitlab": Format("gitlab"),
    "junit": Format("junit"),
    "markdown": Format("markdown", history=True),
    "json-lines": Format("json_lines", history=True),
    "html": Format("html", history=True),
    "badge": Format("badge", diff=False),
    "badge-json": Format("badge_json", diff=False),
}

HISTORY_FORMATS = tuple(name for name, found in FORMATS.items() if found.history)
DIFF_FORMATS = tuple(name for name, found in FORMATS.items() if found.diff)

# Formats whose output is JSON: their data is kept exact (see formats/safe.py).
JSON_FORMATS = frozenset({"json", "json-lines", "sarif", "gitlab", "badge-json"})
# Formats that show where the repository lives (target.remote, links to the forge): a scan
# looks its origin up (two git commands) only when one of them is asked for.
TARGET_FORMATS = frozenset({"json", "json-lines", "html"})
# Formats that embed the JSON report and escape what they show themselves (html).
EXACT_FORMATS = JSON_FORMATS | {"html"}


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"stackcheck.report.formats.{FORMATS[name].module}")


def renderer(name: str) -> Renderer:
    """The format's renderer, fed a report whose repository text is already made safe."""
    from stackcheck.report.formats.safe import safe_report

    render: Renderer = _module(name).render
    escape, finish = _safety(name)
    return lambda report, options: finish(render(safe_report(report, escape), options))


def diff_renderer(name: str) -> DiffRenderer:
    """The format's diff renderer, fed a diff whose repository text is already made safe
    (any name git can store: bytes that are not UTF-8, bidi controls)."""
    from stackcheck.report.formats.safe import safe_diff

    render: DiffRenderer = _module(name).render_diff
    escape, finish = _safety(name)
    return lambda diff, options: finish(render(safe_diff(diff, escape), options))


def _safety(name: str) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """How a format's repository text is made safe, and what is done to its output: JSON
    formats keep text exact and escape the whole document (json_text); other exact formats
    keep text exact; human-readable ones get it printable."""
    from stackcheck.report.formats.safe import encodable, json_text, printable

    if name in JSON_FORMATS:
        return encodable, json_text
    if name in EXACT_FORMATS:
        return encodable, _unchanged
    return printable, _unchanged


def _unchanged(text: str) -> str:
    return text


def history_renderer(name: str) -> HistoryRenderer:
    render: HistoryRenderer = _module(name).render_history
    return render
