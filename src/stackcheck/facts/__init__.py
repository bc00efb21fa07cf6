"""Stage 2, the facts: what a tree's files say, as dotted keys with numbers and evidence.

Takes a `RepoFiles` (stackcheck.source); gives `Facts` (below), made by collect.py from the
manifest parsers (manifests/) and the code-signal scanners (signals/). This module holds
the records that join the pipeline: evidence, facts, skipped files, manifests read.

Facts are the only seam between the collectors (which read files) and the rules (which
never do). A fact is a dotted key with a number: presence facts are 1.0 per place seen,
count facts add up, share facts are fractions in [0, 1] set once by a derivation.

Key namespaces (documented for rule authors in rules/README.md):
    py.dep.<dist>        runtime Python dependency (canonical distribution name)
    py.devdep.<dist>     dev/test/docs Python dependency
    py.import.<module>   Python files importing top-level module <module>
    npm.dep.<pkg>  npm.devdep.<pkg>  go.dep.<module>  cargo.dep.<crate>
    gem.dep.<gem>  composer.dep.<pkg>
    django.*  drf.*  channels.*      Django layout signals (counts)
    lang.files.<lang>  lang.bytes.<lang>  lang.share.<lang>
    repo.*                           whole-tree facts (file counts, entry points)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

# Skipped is the source's record; re-exported because the facts of a tree carry it too.
from stackcheck.source.listing import Skipped as Skipped

MAX_EVIDENCE_PER_FACT = 25


class Evidence(NamedTuple):
    path: str
    line: int | None
    detail: str


class Fact(NamedTuple):
    key: str
    value: float
    evidence: tuple[Evidence, ...] = ()


class Manifest(NamedTuple):
    path: str
    kind: str
    dependencies: int


def fact(key: str, path: str, line: int | None, detail: str, value: float = 1.0) -> Fact:
    """Shorthand for the common case: one observation at one place."""
    return Fact(key, value, (Evidence(path, line, detail),))


INCOMPLETE = "scan.incomplete"  # the fact naming the files a scan's time budget left


@dataclass(frozen=True)
class Facts:
    """Everything the collectors learned about one tree; the input of the rules."""

    values: Mapping[str, Fact]
    manifests: tuple[Manifest, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    files: int = 0
    files_read: int = 0
    bytes_read: int = 0
    extra: Mapping[str, object] = field(default_factory=dict)

    def value(self, key: str) -> float:
        found = self.values.get(key)
        return found.value if found else 0.0

    @property
    def complete(self) -> bool:
        """Whether every file was analysed: the scan's time budget did not run out (the
        collector records the files it left as the fact `scan.incomplete`)."""
        return INCOMPLETE not in self.values

    @classmethod
    def from_values(cls, values: Mapping[str, float]) -> Facts:
        """Facts with no evidence, as written in rule examples and tests."""
        return cls({k: Fact(k, float(v)) for k, v in values.items()})


def merge(facts: Iterable[Fact]) -> dict[str, Fact]:
    """Add up facts with the same key; keep a bounded, sorted list of evidence."""
    merger = Merger()
    merger.add_all(facts)
    return merger.merged()


class Merger:
    """merge() over a stream: totals in the order facts arrive, and for each key only the
    evidence that can still be among the first MAX_EVIDENCE_PER_FACT, so a tree of 200,000
    files does not hold 200,000 evidence items for one key."""

    def __init__(self) -> None:
        self._totals: dict[str, float] = {}
        self._evidence: dict[str, set[Evidence]] = {}

    def add_all(self, facts: Iterable[Fact]) -> None:
        totals, evidence = self._totals, self._evidence
        for item in facts:
            totals[item.key] = totals.get(item.key, 0.0) + item.value
            seen = evidence.get(item.key)
            if seen is None:
                seen = evidence[item.key] = set()
            seen.update(item.evidence)
            if len(seen) > _PRUNE_AT:
                evidence[item.key] = set(sorted(seen, key=_evidence_order)[:MAX_EVIDENCE_PER_FACT])

    def merged(self) -> dict[str, Fact]:
        merged = {}
        for key, total in self._totals.items():
            seen = sorted(self._evidence[key], key=_evidence_order)
            merged[key] = Fact(key, total, tuple(seen[:MAX_EVIDENCE_PER_FACT]))
        return merged


_PRUNE_AT = 8 * MAX_EVIDENCE_PER_FACT


def _evidence_order(item: Evidence) -> tuple[str, int, str]:
    return (item.path, item.line or 0, item.detail)
