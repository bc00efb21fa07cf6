"""stackcheck scan: run the pipeline, render the report, decide the exit code."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from stackcheck import fastpath
from stackcheck.commands.options import (
    check_rule_ids,
    settings_for,
    split_ids,
    want_color,
    warn,
)
from stackcheck.config import Settings, check_excludes
from stackcheck.errors import StackcheckError
from stackcheck.fastpath import TreeKey
from stackcheck.pipeline import fails, rules_for, scan
from stackcheck.report import Report
from stackcheck.report.formats import FORMATS, TARGET_FORMATS, RenderOptions, renderer

if TYPE_CHECKING:
    from stackcheck.source.remote import Lookup

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
    rules = rules_for(settings)
    check_rule_ids(options, rules)
    trees: list[TreeKey] | None = [] if fastpath.is_recording() else None
    # The formats that link to the forge ask git where the repository lives while it is
    # scanned (two git processes on the other core), not after.
    lookup: AbstractContextManager[Lookup | None] = nullcontext(None)
    if {fmt, *(extra for extra, _ in extra_outputs)} & TARGET_FORMATS:
        from stackcheck.source.remote import looking_up

        lookup = looking_up(path)
    with (
        _progress(enabled=_is_terminal(sys.stderr) and not options.get("quiet")) as shown,
        lookup as origin,
    ):
        report = scan(
            path,
            settings,
            rev=options.get("rev"),
            staged=options.get("staged", False),
            rules=rules,
            trees=trees,
        )
        if origin is not None:
            report = replace(report, origin=origin.result())
    output: Path | None = options["output"]
    color = want_color(options["color"], output)
    for extra_fmt, extra_file in extra_outputs:
        _write(extra_file, renderer(extra_fmt)(report, RenderOptions(verbose=options["verbose"])))
    text = renderer(fmt)(report, RenderOptions(verbose=options["verbose"], color=color))
    if options.get("quiet") and fmt == "text":
        text = verdict_line(text)
    if output is not None:
        _write(output, text)
    else:
        # click would strip the colours from a pipe; they were asked for (want_color).
        click.echo(_for_log(text, fmt), nl=False, color=color)
    code = 1 if fails(report, settings.fail_on) else 0
    if trees is not None:
        _offer(trees, code, report, settings, shown.is_set())
    return code


def _offer(
    trees: list[TreeKey], code: int, report: Report, settings: Settings, progress: bool
) -> None:
    """Let fastpath.py store this answer, when the next identical scan may repeat it."""
    from stackcheck.userdirs import user_config_path

    fastpath.offer(
        trees,
        code,
        complete=report.facts.complete,
        from_cache=report.facts.from_cache,
        progress_shown=progress,
        cache_folder=settings.cache_folder(),
        user_config=user_config_path(),
        own_rules=bool(settings.rules_dirs),
    )


def _for_log(text: str, fmt: str) -> str:
    """The report as standard output shows it: formats escape the repository's text, and
    here no line of a human-readable report is a workflow command (an indented path
    `::error::...` in a text report would be one, in a CI log). Data formats stay exact:
    their lines start with their own syntax."""
    from stackcheck.report.formats.safe import no_workflow_commands

    return no_workflow_commands(text) if fmt in ("text", "markdown") else text


def verdict_line(text: str) -> str:
    """The text report cut to its first line, the verdict (-q): the contract keeps the
    verdict first in text output, and the exit code is the same either way."""
    return text.partition("\n")[0] + "\n"


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
    repository) is replaced, never followed; a device or FIFO (/dev/stdout) is written to.
    A new file gets the mode the umask leaves (0644 under umask 022), as a shell's `>`
    would give it; a file that is replaced keeps its permission bits."""
    import stat

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
        keep = stat.S_IMODE(info.st_mode) & 0o777 if info and stat.S_ISREG(info.st_mode) else None
        _replace_whole(output, text.encode("utf-8"), keep)
    except OSError as exc:
        raise StackcheckError(f"{output}: cannot write report: {exc.strerror}") from exc


def _replace_whole(output: Path, data: bytes, mode: int | None) -> None:
    """Write data to a new file beside output, then rename it over output: a reader never
    sees half a report, and a link at output is replaced, not followed. The new file is
    created with mode 0666 for the kernel to apply the umask to (tempfile's would be 0600)."""
    import errno
    import secrets

    folder = output.parent if str(output.parent) else Path(".")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        temporary = folder / f".{output.name}.{secrets.token_hex(4)}"
        try:
            fd = os.open(temporary, flags, 0o666)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no free name for a temporary file beside it")
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
        os.replace(temporary, output)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextmanager
def _progress(enabled: bool) -> Iterator[threading.Event]:
    """Say on stderr that a scan is running, but only once it has taken a while; the
    event tells whether it was said."""
    shown = threading.Event()
    if not enabled:
        yield shown
        return

    def show() -> None:
        shown.set()
        sys.stderr.write("stackcheck: scanning…")
        sys.stderr.flush()

    timer = threading.Timer(PROGRESS_AFTER_SECONDS, show)
    timer.daemon = True
    timer.start()
    try:
        yield shown
    finally:
        timer.cancel()
        if shown.is_set():
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
