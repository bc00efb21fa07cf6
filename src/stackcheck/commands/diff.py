"""stackcheck diff BASE [HEAD] [PATH]: what a change did to the verdict.

Both trees are scanned with one content cache, so a blob the two sides share is analysed
once (and not at all when an earlier run saw it). The run fails (exit 1) only when the
change makes things worse under the policy, so a pull-request job fails on regressions,
not on a state the base branch already had.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from stackcheck.cache import SharedCache
from stackcheck.commands.options import settings_for, split_ids, warn
from stackcheck.commands.scan import (
    _default_format,
    _for_log,
    _is_terminal,
    _output_formats,
    _progress,
    _write,
)
from stackcheck.config import Settings, check_excludes
from stackcheck.errors import StackcheckError
from stackcheck.pipeline import open_cache, scan
from stackcheck.report import Report, own_view
from stackcheck.report.changes import DEFAULT_THRESHOLD, compare, worse
from stackcheck.report.formats import FORMATS, RenderOptions, diff_renderer
from stackcheck.source.discover import Exclusions, discover
from stackcheck.source.git import GitDir, GitUnavailable, locate, resolve_commit, run_git

WORK_TREE = "work tree"
INDEX = "index"


def run(base: str, rest: tuple[str, ...], options: dict[str, Any]) -> int:
    head, path = revision_and_path(rest, "diff BASE [HEAD] [PATH]")
    staged: bool = options.get("staged", False)
    if staged and head is not None:
        raise StackcheckError(f"--staged compares the index with BASE; drop HEAD ({head})")
    if not path.exists():
        raise StackcheckError(f"{path}: no such file or directory")
    settings = _settings(path, options)
    fmt = settings.format or _default_format(options.get("output"))
    if fmt not in FORMATS:
        raise StackcheckError(f"{settings.source}: format: unknown format {fmt!r}")
    extra_outputs = _output_formats(options.get("output_formats", ()))
    warn(settings)
    where = locate(path)
    base_commit = resolve(where, base, "BASE")
    head_commit = resolve(where, head, "HEAD") if head is not None else None
    if head_commit is None and not staged and where.work_tree is None:
        raise StackcheckError(
            f"{path}: a bare repository has no work tree; give HEAD too (stackcheck diff BASE HEAD)"
        )
    exclusions = Exclusions(settings.exclude, settings.include_vendored)
    with _progress(enabled=_is_terminal(sys.stderr)), shared_cache(settings) as cache:
        before = scan(path, settings, rev=base_commit, cache=cache)
        after = scan(path, settings, rev=head_commit, staged=staged, cache=cache)
    base_files = discover(path, exclusions, rev=base_commit).files
    head_files = discover(path, exclusions, rev=head_commit, staged=staged).files
    threshold = options.get("threshold")
    diff = compare(
        before,
        after,
        base_label=base,
        head_label=head or (INDEX if staged else WORK_TREE),
        base_files=[f.path for f in base_files],
        head_files=[f.path for f in head_files],
        threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
    )
    verbose = bool(options.get("verbose"))
    for extra_fmt, extra_file in extra_outputs:
        _write(extra_file, diff_renderer(extra_fmt)(diff, RenderOptions(verbose=verbose)))
    output: Path | None = options.get("output")
    color = options.get("color")
    if color is None:
        color = output is None and _is_terminal(sys.stdout) and "NO_COLOR" not in os.environ
    text = diff_renderer(fmt)(diff, RenderOptions(verbose=verbose, color=color))
    if output is not None:
        _write(output, text)
    else:
        click.echo(_for_log(text, fmt), nl=False)
    return 1 if worse(diff, settings.fail_on) or worse_own(before, after, settings) else 0


def worse_own(before: Report, after: Report, settings: Settings) -> bool:
    """Whether the change fails the policy as the person's own settings see the two scans:
    a change to the repository's config (a new suppression) cannot hide what it brings."""
    if before.gate is None and after.gate is None:
        return False
    return worse(compare(own_view(before), own_view(after)), settings.fail_on)


def _settings(path: Path, options: dict[str, Any]) -> Settings:
    settings = settings_for(path, options.get("config_file"), options.get("isolated", False))
    return settings.with_options(
        select=split_ids(options.get("select", ())),
        ignore=split_ids(options.get("ignore", ())),
        extend_select=split_ids(options.get("extend_select", ())),
        exclude=check_excludes(tuple(options.get("exclude", ())), "--exclude"),
        fail_on="never" if options.get("exit_zero") else options.get("fail_on"),
        min_confidence=options.get("min_confidence"),
        format=options.get("fmt"),
        cache=False if options.get("no_cache") else None,
        cache_dir=options.get("cache_dir"),
        timeout=options.get("timeout"),
    )


@contextmanager
def shared_cache(settings: Settings) -> Iterator[SharedCache]:
    """One cache for every tree the command scans."""
    on_disk = open_cache(settings)
    cache = SharedCache(on_disk.folder if on_disk is not None else None)
    try:
        yield cache
    finally:
        cache.close()


def resolve(where: GitDir, rev: str, what: str) -> str:
    """The commit `rev` names, or a one-line error that says which argument was wrong."""
    try:
        return resolve_commit(where, rev)
    except StackcheckError as exc:
        message = str(exc).removeprefix(f"--rev {rev}: ")
        if "no commits yet" in message:
            raise StackcheckError("empty repository: there are no commits yet") from exc
        raise StackcheckError(f"{what} {rev}: {message}") from exc


def revision_and_path(args: tuple[str, ...], usage: str) -> tuple[str | None, Path]:
    """`[REV] [PATH]`: with one argument, an existing folder is the PATH, anything else the
    REV; a name that is both (a branch called `docs` beside a docs/ folder) is an error."""
    if len(args) > 2:
        raise StackcheckError(f"too many arguments: stackcheck {usage}")
    if len(args) == 2:
        return args[0], Path(args[1])
    if not args:
        return None, Path(".")
    only = args[0]
    if not Path(only).is_dir():
        return only, Path(".")
    if _names_a_commit(Path("."), only):
        raise StackcheckError(
            f"{only!r} is both a revision and a folder: write ./{only} for the folder, "
            f"or give both (stackcheck {usage})"
        )
    return None, Path(only)


def _names_a_commit(folder: Path, rev: str) -> bool:
    try:
        where = locate(folder)
        run_git(
            where.git_dir,
            f"--git-dir={where.git_dir}",
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{rev}^{{commit}}",
        )
    except (StackcheckError, GitUnavailable, subprocess.CalledProcessError):
        return False
    return True
