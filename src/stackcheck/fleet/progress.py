"""A progress bar for a fleet scan on a terminal (rich, imported only when one is shown)."""

from __future__ import annotations

from collections import Counter
from types import TracebackType
from typing import Any

from stackcheck.fleet.results import Line


def tally_text(counts: Counter[str]) -> str:
    order = ("suits", "avoid", "not-applicable", "failed")
    return ", ".join(f"{counts[name]} {name}" for name in order if counts[name])


def outcome_name(line: Line) -> str:
    return "failed" if line.get("error") else str(line.get("verdict"))


class Progress:
    """One bar on standard error: repositories done of the total, the verdicts so far, the
    rate and the time left. Without a terminal it shows nothing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self.counts: Counter[str] = Counter()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn("stackcheck fleet"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=self.total)
        return self

    def advance(self, line: Line) -> None:
        self.counts[outcome_name(line)] += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=tally_text(self.counts))

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, value, traceback)
