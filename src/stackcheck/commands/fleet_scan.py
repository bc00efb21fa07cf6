"""stackcheck fleet scan: every source through an executor, one result line each."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click

from stackcheck.commands.options import split_ids
from stackcheck.config import check_excludes, load_settings
from stackcheck.errors import StackcheckError
from stackcheck.fleet.driver import Limits, Outcome, drive
from stackcheck.fleet.policy import exit_code, own_policy
from stackcheck.fleet.progress import Progress, outcome_name, tally_text
from stackcheck.fleet.results import ResultsFile
from stackcheck.fleet.sources import in_shard, parse_arguments, parse_shard
from stackcheck.fleet.worker import ScanOptions, Task
from stackcheck.userdirs import user_config_path

MAX_FAILURES_SHOWN = 20


def run(arguments: tuple[str, ...], options: dict[str, Any]) -> int:
    if options["scheduler"] and options["executor"] != "dask":
        raise StackcheckError("--scheduler is for --executor dask")
    sources = parse_arguments(arguments, Path.cwd())
    if not sources:
        raise StackcheckError("no sources: name repository folders, clone URLs or list files")
    if options["shard"]:
        shard = parse_shard(options["shard"])
        sources = [s for s in sources if in_shard(s, shard)]
    config_file: Path | None = options["config_file"]
    _check_own_settings(config_file)
    policy = own_policy("never" if options["exit_zero"] else options["fail_on"], config_file)
    scan_options = ScanOptions(
        config_file=str(config_file.resolve()) if config_file else None,
        isolated=options["isolated"],
        overrides=_overrides(options),
        cache_dir=str(options["cache_dir"].resolve()) if options["cache_dir"] else None,
        retry_failed=options["retry_failed"],
    )
    limits = Limits(
        timeout=options["timeout"] or None,
        retries=options["retries"],
        retry_delay=options["retry_delay"],
    )
    results = ResultsFile.open(options["output"])
    started = time.perf_counter()
    try:
        tasks = [Task(s, scan_options, results.known_for(s.id)) for s in sources]
        outcomes = _run(tasks, results, limits, options)
    finally:
        results.close()
    lines = [o.line for o in outcomes]
    _print_failures(outcomes)
    click.echo(_summary(outcomes, time.perf_counter() - started), err=True)
    return exit_code(lines, policy, options["allow_failures"])


def _run(
    tasks: list[Task], results: ResultsFile, limits: Limits, options: dict[str, Any]
) -> list[Outcome]:
    runner = _runner(options)
    show = options["progress"]
    if show is None:
        show = _is_terminal(sys.stderr)
    try:
        with Progress(len(tasks), show) as progress:
            found = drive(runner, tasks, results, limits, lambda o: progress.advance(o.line))
    except BaseException:
        runner.abort()
        raise
    runner.close()
    return found


def _runner(options: dict[str, Any]) -> Any:
    jobs = options["jobs"] or os.cpu_count() or 1
    if options["executor"] == "dask":
        try:
            import distributed  # noqa: F401

            from stackcheck.fleet.executors import DaskRunner
        except ImportError as exc:
            raise StackcheckError(
                "--executor dask needs Dask distributed: pip install 'stackcheck[dask]'"
            ) from exc
        return DaskRunner(options["scheduler"], jobs, options["retries"])
    from stackcheck.fleet.executors import PoolRunner

    return PoolRunner(jobs)


def _check_own_settings(config_file: Path | None) -> None:
    """The person's own config files, read once here: a mistake in them is the person's
    (exit 2), not a failure of every repository."""
    user = user_config_path()
    if user.is_file():
        load_settings(user)
    if config_file is not None:
        if not config_file.is_file():
            raise StackcheckError(f"{config_file}: config file not found")
        load_settings(config_file)


def _overrides(options: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    given = {
        "select": split_ids(options["select"]),
        "ignore": split_ids(options["ignore"]),
        "extend_select": split_ids(options["extend_select"]),
        "exclude": check_excludes(tuple(options["exclude"]), "--exclude"),
        "min_confidence": options["min_confidence"],
        "cache": False if options["no_cache"] else None,
        "cache_dir": options["cache_dir"].resolve() if options["cache_dir"] else None,
    }
    return tuple((k, v) for k, v in given.items() if v is not None and v != ())


def _summary(outcomes: list[Outcome], seconds: float) -> str:
    counts = Counter(outcome_name(o.line) for o in outcomes)
    scanned = sum(1 for o in outcomes if o.written)
    unchanged = len(outcomes) - scanned
    rate = scanned / seconds if seconds > 0 else 0.0
    tally = tally_text(counts) or "nothing to do"
    s = "y" if len(outcomes) == 1 else "ies"
    return (
        f"stackcheck: fleet: {len(outcomes)} repositor{s}: {tally} "
        f"({scanned} scanned, {unchanged} unchanged) in {seconds:.1f} s, "
        f"{rate:.1f} scanned/s"
    )


def _print_failures(outcomes: list[Outcome]) -> None:
    from stackcheck.report.formats.safe import message

    failed = [o for o in outcomes if o.line.get("error") and o.written]
    for outcome in failed[:MAX_FAILURES_SHOWN]:
        error = outcome.line["error"]
        click.echo(
            f"stackcheck: failed: {message(outcome.task.source.id)}: "
            f"{error['kind']}: {message(error['message'])}",
            err=True,
        )
    if len(failed) > MAX_FAILURES_SHOWN:
        more = len(failed) - MAX_FAILURES_SHOWN
        click.echo(f"stackcheck: … and {more} more failures (stackcheck fleet report)", err=True)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
