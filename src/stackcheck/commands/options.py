"""Turning command-line options and config files into Settings."""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from stackcheck.config import Settings, layered
from stackcheck.errors import StackcheckError

if TYPE_CHECKING:
    from stackcheck.judge.rules import Rule


def settings_for(start: Path, config_file: Path | None, isolated: bool = False) -> Settings:
    """The person's own settings, narrowed by the scanned repository's config unless
    --isolated (config.layered)."""
    return layered(start, config_file, isolated)


def settings_here(config_file: Path | None) -> Settings:
    """The settings for a command that scans nothing (rules, explain): the current folder's
    config is still the repository's, but there is no scanned tree to keep the cache out of."""
    return replace(layered(Path.cwd(), config_file), tree=None)


def warn(settings: Settings) -> None:
    """The settings' warnings, one line each on stderr."""
    from stackcheck.report.formats.safe import message

    for notice in settings.warnings():
        click.echo(f"stackcheck: warning: {message(notice)}", err=True)


def check_rule_ids(options: Mapping[str, Any], rules: Sequence[Rule]) -> None:
    """Every ID or prefix given to --select, --extend-select and --ignore names a loaded
    rule: a typo would otherwise select nothing, or ignore nothing, without a word."""
    for option in ("select", "extend_select", "ignore"):
        for given in split_ids(options.get(option, ())):
            if not any(rule.id.startswith(given) for rule in rules):
                name = "--" + option.replace("_", "-")
                raise StackcheckError(
                    f"{name}: {given!r} is not a rule ID or the start of one"
                    f"{_closest(given, rules)} (stackcheck rules lists them)"
                )


def _closest(given: str, rules: Sequence[Rule]) -> str:
    """ "; did you mean 'DJ901'?" for DJ9O1, and for a slug (static-site) its rule's ID."""
    by_slug = {rule.slug.upper(): rule.id for rule in rules}
    if given in by_slug:
        return f"; did you mean {by_slug[given]!r}?"
    prefixes = sorted({rule.id[:n] for rule in rules for n in range(2, len(rule.id) + 1)})
    close = difflib.get_close_matches(given, prefixes, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def split_ids(values: Iterable[str]) -> tuple[str, ...]:
    """`--select DJ1,DJ901 --select DJ2` -> ("DJ1", "DJ901", "DJ2")."""
    return tuple(part.strip().upper() for v in values for part in v.split(",") if part.strip())


def want_color(when: str | None, output: Path | None) -> bool:
    """Whether the text report is coloured. The command line decides first (`--color`,
    `--color=always`, `--no-color`, `--color=never`); then NO_COLOR (no-color.org: set and
    not empty); then FORCE_COLOR (set and not empty; 0 or false means no colour), so a CI
    log that renders ANSI can have it; then whether standard output is a terminal. Only
    an explicit --color=always colours a file written with -o."""
    if when in ("always", "never"):
        return when == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if output is not None:
        return False
    force = os.environ.get("FORCE_COLOR", "")
    if force:
        return force.strip().lower() not in ("0", "false")
    try:
        return bool(sys.stdout.isatty())
    except (AttributeError, ValueError):
        return False
