"""stackcheck fleet report: result files joined into one report in a format."""

from __future__ import annotations

from pathlib import Path

import click

from stackcheck.commands.scan import _write
from stackcheck.fleet.formats import render
from stackcheck.fleet.results import read_results
from stackcheck.fleet.summary import summarise


def run(paths: tuple[Path, ...], fmt: str, output: Path | None) -> int:
    from stackcheck.report.formats.safe import message

    loaded = read_results(paths)
    for note in loaded.notes:
        click.echo(f"stackcheck: warning: {message(note)}", err=True)
    report = summarise(loaded.lines, [str(p) for p in paths], loaded.notes)
    text = render(fmt, report)
    if output is not None:
        _write(output, text)
    else:
        click.echo(text, nl=False)
    return 0
