"""Turning command-line options and config files into Settings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import click

from stackcheck.config import Settings, layered


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


def split_ids(values: Iterable[str]) -> tuple[str, ...]:
    """`--select DJ1,DJ901 --select DJ2` -> ("DJ1", "DJ901", "DJ2")."""
    return tuple(part.strip().upper() for v in values for part in v.split(",") if part.strip())
