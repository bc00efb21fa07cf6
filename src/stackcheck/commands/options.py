"""Turning command-line options and config files into Settings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from stackcheck.config import Settings, find_config, load_settings
from stackcheck.errors import StackcheckError


def settings_for(start: Path, config_file: Path | None, isolated: bool = False) -> Settings:
    if isolated:
        return Settings()
    if config_file is not None:
        if not config_file.is_file():
            raise StackcheckError(f"{config_file}: config file not found")
        return load_settings(config_file)
    folder = start if start.is_dir() else start.parent
    return load_settings(find_config(folder.resolve()))


def split_ids(values: Iterable[str]) -> tuple[str, ...]:
    """`--select DJ1,DJ901 --select DJ2` -> ("DJ1", "DJ901", "DJ2")."""
    return tuple(part.strip().upper() for v in values for part in v.split(",") if part.strip())
