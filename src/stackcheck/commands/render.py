"""stackcheck render REPORT.json --format F: a saved JSON report in another format.

The report's schema says what it is (a scan, a diff or a history); it is read back into the
objects its command rendered (report/load.py) and rendered by the same format code, so the
output is byte for byte what `scan`, `diff` or `history` printed with the same format
options. A format that does not render that kind of report is a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from stackcheck.commands.options import want_color
from stackcheck.commands.scan import _for_log, _write
from stackcheck.errors import StackcheckError
from stackcheck.report.formats import DIFF_FORMATS, HISTORY_FORMATS, RenderOptions


def run(source: Path, options: dict[str, Any]) -> int:
    from stackcheck.report import load

    fmt: str = options["fmt"]
    name = "standard input" if str(source) == "-" else str(source)
    try:
        kind, data = load.parse(_read(source, name))
    except load.NotAReport as exc:
        raise StackcheckError(f"{name}: {exc}") from exc
    supported = _supported(kind)
    if fmt not in supported:
        raise StackcheckError(f"--format {fmt}: a {kind} report renders as {', '.join(supported)}")
    output: Path | None = options.get("output")
    color = want_color(options.get("color"), output)
    render_options = RenderOptions(verbose=bool(options.get("verbose")), color=color)
    try:
        text = _render(kind, data, fmt, render_options, options.get("config_file"))
    except load.NotAReport as exc:
        raise StackcheckError(f"{name}: {exc}") from exc
    if output is not None:
        _write(output, text)
    else:
        # click would strip the colours from a pipe; they were asked for (want_color).
        click.echo(_for_log(text, fmt), nl=False, color=color)
    return 0


def _supported(kind: str) -> tuple[str, ...]:
    from stackcheck.report.formats import FORMATS
    from stackcheck.report.load import DIFF, HISTORY

    if kind == DIFF:
        return DIFF_FORMATS
    if kind == HISTORY:
        return HISTORY_FORMATS
    return tuple(FORMATS)


def _render(
    kind: str, data: dict[str, Any], fmt: str, options: RenderOptions, config: Path | None
) -> str:
    from stackcheck.report import load
    from stackcheck.report.formats import diff_renderer, history_renderer, renderer

    if kind == load.HISTORY:
        return history_renderer(fmt)(load.history_from_dict(data), options)
    rules = _rules(config)
    if kind == load.DIFF:
        return diff_renderer(fmt)(load.diff_from_dict(data, rules), options)
    return renderer(fmt)(load.report_from_dict(data, rules), options)


def _rules(config: Path | None) -> tuple[Any, ...]:
    """The rules as a scan by this person would load them: the built-in ones and their own
    rule packs (a repository's config cannot add rules, so none is read)."""
    from stackcheck.commands.options import settings_here
    from stackcheck.pipeline import rules_for

    return rules_for(settings_here(config))


def _read(source: Path, name: str) -> str:
    """The report's text, refusing one larger than any report before reading it all."""
    from stackcheck.report.load import MAX_BYTES

    try:
        if str(source) == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with source.open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise StackcheckError(f"{name}: cannot read: {exc.strerror}") from exc
    if len(raw) > MAX_BYTES:
        raise StackcheckError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MiB; not a report")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StackcheckError(f"{name}: not UTF-8 text; not a stackcheck JSON report") from exc
