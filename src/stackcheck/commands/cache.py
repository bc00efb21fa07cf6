"""stackcheck cache clear."""

from __future__ import annotations

from pathlib import Path

import click

from stackcheck import cache
from stackcheck.report.formats.safe import message


def clear(folder: Path | None) -> int:
    target = folder or cache.default_dir()
    removed = cache.clear(target)
    click.echo(message(f"stackcheck: removed {removed} cache file(s) from {target}"))
    return 0
