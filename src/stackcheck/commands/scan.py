"""stackcheck scan: run the pipeline, render the report, decide the exit code."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from stackcheck.commands.options import settings_for, split_ids, warn
from stackcheck.config import check_excludes
from stackcheck.errors import StackcheckError
from stackcheck.pipeline import fails, scan
from stackcheck.report.formats import FORMATS, RenderOptions, renderer

PROGRESS_AFTER_SECONDS = 1.0


def run(path: Path, options: dict[str, Any]) -> int:
    if not path.exists():
        raise StackcheckError(f"{path}: no such file or directory")
    settings = settings_for(path, options["config_file"], options["isolated"])
    settings = settings.with_options(
        select=split_ids(options["select"]),
        ignore=split_ids(options["ignore"]),
        extend_select=split_ids(options["extend_select"]),
        exclude=check_excludes(tuple(options["exclude"]), "--exclude"),
        fail_on="never" if options["exit_zero"] else options["fail_on"],
        min_confidence=options["min_confidence"],
        format=options["fmt"],
        cache=False if options.get("no_cache") else None,
        recurse_submodules=True if options.get("recurse_submodules") else None,
        cache_dir=options.get("cache_dir"),
        timeout=options.get("timeout"),
    )
    if options.get("rev") and options.get("staged"):
        raise StackcheckError("--rev and --staged cannot be combined")
    fmt = settings.format or _default_format(options["output"])
    if fmt not in FORMATS:
        raise StackcheckError(f"{settings.source}: format: unknown format {fmt!r}")
    extra_outputs = _output_formats(options.get("output_formats", ()))
    warn(settings)
    with _progress(enabled=_is_terminal(sys.stderr)):
        report = scan(path, settings, rev=options.get("rev"), staged=options.get("staged", False))
    output: Path | None = options["output"]
    color = options["color"]
    if color is None:
        color = output is None and _is_terminal(sys.stdout) and "NO_COLOR" not in os.environ
    for extra_fmt, extra_file in extra_outputs:
        _write(extra_file, renderer(extra_fmt)(report, RenderOptions(verbose=options["verbose"])))
    text = renderer(fmt)(report, RenderOptions(verbose=options["verbose"], color=color))
    if output is not None:
        _write(output, text)
    else:
        click.echo(_for_log(text, fmt), nl=False)
    return 1 if fails(report, settings.fail_on) else 0


def _for_log(text: str, fmt: str) -> str:
    """The report as standard output shows it: formats escape the repository's text, and
    here no line of a human-readable report is a workflow command (an indented path
    `::error::...` in a text report would be one, in a CI log). Data formats stay exact:
    their lines start with their own syntax."""
    from stackcheck.report.formats.safe import no_workflow_commands

    return no_workflow_commands(text) if fmt in ("text", "markdown") else text


def _default_format(output: Path | None) -> str:
    # In GitHub Actions the log is read as annotations; a file asked for with -o stays text.
    if output is None and os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "text"


def _output_formats(values: tuple[str, ...]) -> list[tuple[str, Path]]:
    """`--output-format sarif=out.sarif` (repeatable) -> [("sarif", Path("out.sarif"))]."""
    found = []
    for value in values:
        name, sep, file = value.partition("=")
        if not sep or not file:
            raise StackcheckError(
                f"--output-format: {value!r} is not FORMAT=FILE (e.g. sarif=stackcheck.sarif)"
            )
        if name not in FORMATS:
            raise StackcheckError(
                f"--output-format: unknown format {name!r} (one of {', '.join(sorted(FORMATS))})"
            )
        found.append((name, Path(file)))
    return found


def _write(output: Path, text: str) -> None:
    """Write a report file whole. A symbolic link at that path (say, planted in the scanned
    repository) is replaced, never followed; a device or FIFO (/dev/stdout) is written to."""
    import stat
    import tempfile

    try:
        info = output.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise StackcheckError(f"{output}: cannot write report: {exc.strerror}") from exc
    try:
        if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
            output.write_text(text, encoding="utf-8")
            return
        folder = output.parent if str(output.parent) else Path(".")
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, prefix=f".{output.name}.", delete=False
        ) as handle:
            handle.write(text)
        os.replace(handle.name, output)
    except OSError as exc:
        raise StackcheckError(f"{output}: cannot write report: {exc.strerror}") from exc


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextmanager
def _progress(enabled: bool) -> Iterator[None]:
    """Say on stderr that a scan is running, but only once it has taken a while."""
    if not enabled:
        yield
        return
    shown = threading.Event()

    def show() -> None:
        shown.set()
        sys.stderr.write("stackcheck: scanning…")
        sys.stderr.flush()

    timer = threading.Timer(PROGRESS_AFTER_SECONDS, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        if shown.is_set():
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
