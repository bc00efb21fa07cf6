"""The fleet report: result files (shards, earlier runs) joined into counts and groups.

Each source's result is its latest line (by the time it finished; among equals, the last
one read), so a re-scan appended to a file, or a later run's file, replaces what an earlier
one said. Repositories are grouped by verdict, by tripped case, by kind and by framework,
and the ones that failed are listed with why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from stackcheck.fleet.results import Line, line_id

VERDICTS = ("suits", "avoid", "not-applicable")


@dataclass(frozen=True)
class Group:
    name: str  # "avoid", "DJ901", "web-app", "Django"
    label: str  # what a reader sees beside it: "static-site", ""
    sources: tuple[str, ...]  # the source ids, sorted

    @property
    def count(self) -> int:
        return len(self.sources)


@dataclass(frozen=True)
class Failure:
    source: str
    kind: str
    message: str
    attempts: int


@dataclass(frozen=True)
class FleetReport:
    files: tuple[str, ...]
    results: tuple[Line, ...]  # one per source, the latest, sorted by source id
    verdicts: tuple[Group, ...]  # in VERDICTS order, empty groups kept
    cases: tuple[Group, ...]  # tripped "when not to use" cases, most frequent first
    use_cases: tuple[Group, ...]
    kinds: tuple[Group, ...]
    frameworks: tuple[Group, ...]
    failed: tuple[Failure, ...]
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return len(self.results)


def latest(lines: Iterable[Line]) -> list[Line]:
    """One line per source: the one that finished last."""
    chosen: dict[str, tuple[str, int, Line]] = {}
    for order, line in enumerate(lines):
        ident = line_id(line)
        stamp = str(line.get("finished") or "")
        if ident not in chosen or (stamp, order) >= chosen[ident][:2]:
            chosen[ident] = (stamp, order, line)
    return [chosen[ident][2] for ident in sorted(chosen)]


def summarise(
    lines: Iterable[Line], files: Sequence[str], notes: Sequence[str] = ()
) -> FleetReport:
    results = latest(lines)
    scanned = [r for r in results if r.get("error") is None]
    verdicts = tuple(
        Group(v, "", tuple(line_id(r) for r in scanned if r.get("verdict") == v)) for v in VERDICTS
    )
    return FleetReport(
        files=tuple(files),
        results=tuple(results),
        verdicts=verdicts,
        cases=_groups(scanned, lambda r: [(c["id"], c["slug"]) for c in r.get("cases") or []]),
        use_cases=_groups(
            scanned, lambda r: [(c["id"], c["slug"]) for c in r.get("use_cases") or []]
        ),
        kinds=_groups(scanned, lambda r: [(str(r["kind"]), "")] if r.get("kind") else []),
        frameworks=_groups(
            scanned,
            lambda r: [(str(f["name"]), "") for f in (r.get("stack") or {}).get("frameworks", [])],
        ),
        failed=tuple(
            Failure(
                line_id(r),
                str(r["error"].get("kind", "")),
                str(r["error"].get("message", "")),
                int(r.get("attempts") or 1),
            )
            for r in results
            if r.get("error") is not None
        ),
        notes=tuple(notes),
    )


def _groups(
    results: Iterable[Line], names: Callable[[Line], list[tuple[str, str]]]
) -> tuple[Group, ...]:
    members: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for result in results:
        for name, label in names(result):
            members.setdefault(name, set()).add(line_id(result))
            labels.setdefault(name, label)
    groups = [Group(n, labels[n], tuple(sorted(m))) for n, m in members.items()]
    return tuple(sorted(groups, key=lambda g: (-g.count, g.name)))
