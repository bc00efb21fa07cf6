"""Command line: parses, dispatches, and is the only place that prints or exits.

Exit codes (CONTRACT.md): 0 clean, 1 policy failed, 2 the user's own input is wrong,
3 internal error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from stackcheck import __version__
from stackcheck.usage import Choice, ColorCommand, ColorOption, Group

EXIT_OK, EXIT_POLICY, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# The format names (report/formats/__init__.py's FORMATS), here so --help imports no formats.
FORMAT_CHOICES = (
    "text",
    "json",
    "sarif",
    "github",
    "gitlab",
    "junit",
    "markdown",
    "json-lines",
    "html",
    "badge",
    "badge-json",
)
HISTORY_FORMAT_CHOICES = ("text", "json", "markdown", "json-lines", "html")
COLOR_WHEN = ("auto", "always", "never")
F = TypeVar("F", bound=Callable[..., Any])


# --color on every command that can print the text format.
COLOR_OPTION = click.option(
    "--color",
    type=Choice(COLOR_WHEN),
    cls=ColorOption,
    help="Colour the text output: always (a bare --color), never (--no-color) or auto "
    "(the default: NO_COLOR, then FORCE_COLOR, then whether the output is a terminal).",
)


def narrowing_options(isolated_help: str) -> Callable[[F], F]:
    """The options that narrow what a scan reports, and which config it reads: the same on
    every command that scans (scan, diff, fleet scan); only what --isolated leaves out differs."""
    options = (
        click.option(
            "--select",
            multiple=True,
            metavar="ID",
            help="Report only these rule IDs or prefixes (repeatable, or comma-separated).",
        ),
        click.option(
            "--ignore",
            multiple=True,
            metavar="ID",
            help="Do not report these rule IDs or prefixes.",
        ),
        click.option(
            "--extend-select",
            multiple=True,
            metavar="ID",
            help="Add rule IDs or prefixes to the selection.",
        ),
        click.option(
            "--exclude",
            multiple=True,
            metavar="PATTERN",
            help="Extra gitignore-style patterns to leave out.",
        ),
        click.option(
            "--min-confidence",
            type=click.FloatRange(0, 1),
            help="Drop findings below this confidence.",
        ),
        click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Config file (default: nearest .stackcheck.toml, stackcheck.toml or "
            "pyproject.toml with [tool.stackcheck]). Outside the scanned tree it is your own; "
            "inside it, the repository's (docs/security.md).",
        ),
        click.option("--isolated", is_flag=True, help=isolated_help),
    )

    def apply(command: F) -> F:
        for option in reversed(options):  # click lists options in decorator order, top down
            command = option(command)
        return command

    return apply


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="stackcheck")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Does the Django web framework suit this repository? Answers with evidence."""
    ctx.obj = {"debug": debug}


@cli.command(cls=ColorCommand)
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=Choice(FORMAT_CHOICES), help="Output format.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
@click.option(
    "--output-format",
    "output_formats",
    multiple=True,
    metavar="FORMAT=FILE",
    help="Also write the report in FORMAT to FILE (repeatable), e.g. "
    "sarif=stackcheck.sarif; standard output still gets --format.",
)
@click.option(
    "--fail-on",
    type=Choice(["avoid", "warning", "never"]),
    help="What fails the run (exit 1). Default: avoid.",
)
@click.option("--exit-zero", is_flag=True, help="Always exit 0 when the scan ran.")
@narrowing_options(
    "Ignore the scanned repository's config (your own config file and "
    "STACKCHECK_* variables still apply)."
)
@click.option(
    "--rev",
    metavar="REV",
    help="Scan a commit, branch or tag straight from git objects (no checkout).",
)
@click.option("--staged", is_flag=True, help="Scan the git index: what would be committed.")
@click.option(
    "--recurse-submodules",
    is_flag=True,
    default=None,
    help="Enter submodules' work trees (default: list them as skipped).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, 86_400),
    metavar="SECONDS",
    help="Time budget for the whole scan (default 60; 0: none). Files left when it runs out "
    "are listed as skipped and the scan fails as incomplete.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the content cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the caches live (default: the user cache folder; never inside the scanned tree).",
)
@click.option("-v", "--verbose", is_flag=True, help="Full evidence, manifests read, all skips.")
@click.option("-q", "--quiet", is_flag=True, help="Text format: print the verdict line only.")
@COLOR_OPTION
@click.pass_context
def scan(ctx: click.Context, /, path: Path, **options: Any) -> None:
    """Scan PATH (default: the current directory) and print the verdict."""
    from stackcheck.commands.scan import run

    _finish(ctx, lambda: run(path, options))


@cli.command("rules")
@click.option("--format", "fmt", type=Choice(["text", "json"]), default="text")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--check",
    "check_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Validate the rule pack in DIR and run its examples.",
)
@click.pass_context
def rules_command(ctx: click.Context, /, **options: Any) -> None:
    """List the rules, or check a rule pack."""
    from stackcheck.commands.rules import run

    _finish(ctx, lambda: run(options))


@cli.command()
@click.argument("rule_id")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def explain(ctx: click.Context, rule_id: str, config_file: Path | None) -> None:
    """Show one rule's documentation: `stackcheck explain DJ901` or `explain static-site`."""
    from stackcheck.commands.explain import run

    _finish(ctx, lambda: run(rule_id, config_file))


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--file",
    "separate_file",
    is_flag=True,
    help="Write .stackcheck.toml instead of a [tool.stackcheck] table in pyproject.toml.",
)
@click.pass_context
def init(ctx: click.Context, folder: Path, separate_file: bool) -> None:
    """Write a starter configuration and print pre-commit and GitHub Actions snippets."""
    from stackcheck.commands.init import run

    _finish(ctx, lambda: run(folder, separate_file))


@cli.command(cls=ColorCommand)
@click.argument("base")
@click.argument("head_and_path", nargs=-1, metavar="[HEAD] [PATH]")
@click.option("--staged", is_flag=True, help="Compare the git index (not the work tree) with BASE.")
@click.option("--format", "fmt", type=Choice(FORMAT_CHOICES), help="Output format.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
@click.option(
    "--output-format", "output_formats", multiple=True, metavar="FORMAT=FILE", help="As scan's."
)
@click.option(
    "--fail-on",
    type=Choice(["avoid", "warning", "never"]),
    help="What change fails the run (exit 1). Default: avoid.",
)
@click.option("--exit-zero", is_flag=True, help="Always exit 0 when the scans ran.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    help="Smallest confidence move to list (default 0.1).",
)
@narrowing_options("Ignore the scanned repository's config.")
@click.option(
    "--timeout",
    type=click.FloatRange(0, 86_400),
    metavar="SECONDS",
    help="Time budget for each scan (default 60; 0: none). Files left when it runs out "
    "are listed as skipped and the scan fails as incomplete.",
)
@click.option("--no-cache", is_flag=True, help="Leave the user's content cache alone.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Full evidence and every file.")
@click.option("-q", "--quiet", is_flag=True, help="Text format: print the verdict line only.")
@COLOR_OPTION
@click.pass_context
def diff(ctx: click.Context, /, base: str, head_and_path: tuple[str, ...], **options: Any) -> None:
    """What changed from BASE to HEAD (default: the work tree) in PATH (default: .).

    Exit 1 only when the change makes things worse: a newly tripped "when not to use" case
    or a verdict turning to avoid (with --fail-on warning, also a new warning).
    """
    from stackcheck.commands.diff import run

    _finish(ctx, lambda: run(base, head_and_path, options))


@cli.command()
@click.argument("rev_and_path", nargs=-1, metavar="[REV] [PATH]")
@click.option("-n", "--max-count", type=click.IntRange(min=1), help="Commits to show (50).")
@click.option("--since", metavar="DATE", help="Only commits after DATE, as git log reads it.")
@click.option("--format", "fmt", type=Choice(HISTORY_FORMAT_CHOICES), default="text")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--output-format", "output_formats", multiple=True, metavar="FORMAT=FILE", help="As scan's."
)
@click.option("--select", multiple=True, metavar="ID")
@click.option("--ignore", multiple=True, metavar="ID")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--isolated", is_flag=True, help="Ignore the scanned repository's config.")
@click.option(
    "--timeout",
    type=click.FloatRange(0, 86_400),
    metavar="SECONDS",
    help="Time budget for the whole history (default 60; 0: none). Files left when it runs out "
    "are listed as skipped and the scan fails as incomplete.",
)
@click.option("--no-cache", is_flag=True, help="Leave the user's content cache alone.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def history(ctx: click.Context, /, rev_and_path: tuple[str, ...], **options: Any) -> None:
    """The verdict and each rule's confidence along first-parent history from REV (HEAD)."""
    from stackcheck.commands.history import run

    _finish(ctx, lambda: run(rev_and_path, options))


@cli.command(cls=ColorCommand)
@click.argument("report", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMAT_CHOICES), required=True, help="Output format."
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Your config file, for the rule packs SARIF and JUnit list (rules-dirs).",
)
@click.option("-v", "--verbose", is_flag=True, help="Full evidence, manifests read, all skips.")
@COLOR_OPTION
@click.pass_context
def render(ctx: click.Context, /, report: Path, **options: Any) -> None:
    """Render a saved JSON report (scan, diff or history; - reads standard input) in
    another format, as the command that made it would have printed it."""
    from stackcheck.commands.render import run

    _finish(ctx, lambda: run(report, options))


@cli.group()
def cache() -> None:
    """Manage the content cache."""


@cache.command("clear")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def cache_clear(ctx: click.Context, cache_dir: Path | None) -> None:
    """Remove the cached analysis of files."""
    from stackcheck.commands.cache import clear

    _finish(ctx, lambda: clear(cache_dir))


@cli.group()
def server() -> None:
    """A resident server that answers this user's scans (the pre-commit hook) from memory."""


IDLE_OPTION = click.option(
    "--idle-timeout",
    type=click.FloatRange(min=1),
    default=3600.0,
    show_default=True,
    help="Seconds without a scan after which the server exits.",
)


@server.command("start")
@IDLE_OPTION
@click.pass_context
def server_start(ctx: click.Context, idle_timeout: float) -> None:
    """Start the server in the background; scans find it by themselves."""
    from stackcheck.commands.server import start

    _finish(ctx, lambda: start(idle_timeout))


@server.command("run")
@IDLE_OPTION
@click.option("--detached", is_flag=True, hidden=True)
@click.pass_context
def server_run(ctx: click.Context, idle_timeout: float, detached: bool) -> None:
    """Run the server in the foreground (under a service manager, say)."""
    from stackcheck.commands.server import run

    _finish(ctx, lambda: run(idle_timeout, detached))


@server.command("stop")
@click.pass_context
def server_stop(ctx: click.Context) -> None:
    """Stop the server; scans then run by themselves."""
    from stackcheck.commands.server import stop

    _finish(ctx, stop)


@server.command("status")
@click.pass_context
def server_status(ctx: click.Context) -> None:
    """Whether the server runs (exit 0) or not (exit 1)."""
    from stackcheck.commands.server import status

    _finish(ctx, status)


FLEET_REPORT_FORMATS = ("table", "json", "csv", "markdown", "html")


@cli.group()
def fleet() -> None:
    """Many repositories at once: scan them into a results file, then report on it."""


@fleet.command("scan")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The results file: one JSON line per repository, appended; run again to resume.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Repositories at once (default: CPU count)."
)
@click.option(
    "--executor",
    type=click.Choice(["pool", "dask"]),
    default="pool",
    show_default=True,
    help="A local process pool, or Dask distributed (pip install 'stackcheck[dask]').",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="The Dask scheduler (default: a LocalCluster of --jobs workers on this machine).",
)
@click.option("--shard", metavar="I/N", help="Only the I-th of N stable parts of the sources.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=600.0,
    show_default=True,
    help="Seconds per repository, fetch included, after which its worker is ended; 0 for "
    "no limit. (Each scan also has its own budget, the `timeout` setting.)",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="More attempts after a transient fetch failure or a lost worker.",
)
@click.option(
    "--retry-delay",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Seconds before the first retry; doubled each time.",
)
@click.option(
    "--retry-failed", is_flag=True, help="Scan again the sources whose last result is a failure."
)
@click.option(
    "--fail-on",
    type=click.Choice(["avoid", "warning", "never"]),
    help="What fails the run (exit 1), over all results. Default: avoid.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 whatever the verdicts.")
@click.option(
    "--allow-failures",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Repositories that may fail to scan before the run fails (exit 1).",
)
@narrowing_options("Ignore each repository's own config.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the content cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the content cache and the clones live (default: the user cache folder).",
)
@click.option(
    "--progress/--no-progress", default=None, help="A progress bar (default: on a terminal)."
)
@click.pass_context
def fleet_scan(ctx: click.Context, /, sources: tuple[str, ...], **options: Any) -> None:
    """Scan every repository in SOURCES: folders, folders of repositories, bare repositories,
    clone URLs, or text files listing them (one a line, # comments, optional @rev)."""
    from stackcheck.commands.fleet_scan import run

    _finish(ctx, lambda: run(sources, options))


@fleet.command("report")
@click.argument("results", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FLEET_REPORT_FORMATS), default="table", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def fleet_report(
    ctx: click.Context, results: tuple[Path, ...], fmt: str, output: Path | None
) -> None:
    """Join result files (shards, runs) into one report: counts by verdict, case, kind and
    framework, the repositories in each, and the ones that failed and why."""
    from stackcheck.commands.fleet_report import run

    _finish(ctx, lambda: run(results, fmt, output))


def _finish(ctx: click.Context, action: Any) -> NoReturn:
    from stackcheck.errors import StackcheckError
    from stackcheck.report.formats.safe import message

    try:
        code = action()
    except StackcheckError as exc:
        # The message may quote the scanned repository (a config key, a path): escaped.
        click.echo(f"stackcheck: error: {message(str(exc))}", err=True)
        ctx.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        raise
    except Exception as exc:
        if ctx.obj and ctx.obj.get("debug"):
            raise
        click.echo(
            f"stackcheck: internal error: {type(exc).__name__}: {message(str(exc))}. "
            "This is a bug; please "
            "report it with the command you ran (add --debug for the traceback).",
            err=True,
        )
        ctx.exit(EXIT_INTERNAL)
    ctx.exit(code)


def main() -> None:
    _escape_what_the_output_cannot_encode()
    try:
        cli(prog_name="stackcheck")
    except BrokenPipeError:
        # The reader of our output went away (`stackcheck scan | head`): not an error.
        sys.stderr.close()
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("stackcheck: interrupted", err=True)
        sys.exit(130)


ESCAPE_UNENCODABLE = "stackcheck-escape"


def _escape_what_the_output_cannot_encode() -> None:
    """A terminal whose encoding cannot show every character (cp1252 on Windows, a commit
    subject in Chinese) gets an escape for each one it cannot show, instead of an error."""
    import codecs

    codecs.register_error(ESCAPE_UNENCODABLE, _json_escape)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = getattr(stream, "encoding", None)
        if reconfigure is None or not encoding:
            continue
        try:
            if codecs.lookup(encoding).name != "utf-8":
                reconfigure(errors=ESCAPE_UNENCODABLE)
        except (LookupError, ValueError, OSError):
            continue


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """backslashreplace, always in the \\uXXXX form (a surrogate pair beyond U+FFFF): inside
    a JSON string that is the same character, so a JSON report stays valid and exact."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escaped = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end
