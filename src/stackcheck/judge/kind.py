"""What the project is, decided before it is judged: the contract's `stack.kind`.

The rubric (LABELS.md) asks its questions in an order: is the product a trading system, is it
the persistent connection, would only static files run, is it a web application or service,
and otherwise what it is instead. Rules say which kind their match shows (`project-kind`);
this module asks those questions over the rules that matched, in that order, and keeps the
reasons of the one that answered. Pure: findings in, a kind out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from stackcheck.facts import Evidence
from stackcheck.judge.evaluate import Finding

# The rubric's questions, in order; a kind that answers one of them decides.
ASKED_IN_ORDER = ("trading-system", "realtime-server", "static-site", "web-app")
WEB_APP = "web-app"
OTHER = "other"
MAX_REASONS = 3


class Kind(NamedTuple):
    name: str
    reasons: tuple[Evidence, ...]  # the strongest observations behind it, in plain words
    finding: Finding | None = None  # the rule match that decided it, if any


NOTHING_FOUND = Kind(
    OTHER,
    (Evidence(".", None, "no web application, static site, trading system or socket server"),),
)


def decide_kind(findings: Iterable[Finding], passed_over: Sequence[str] = ()) -> Kind:
    """The project's kind from the rule matches that say one.

    `passed_over` are kinds whose answer must not decide (a "when not" case the policy
    demoted or that tripped too weakly): the next question is asked instead.
    """
    best: dict[str, Finding] = {}
    for f in findings:
        kind = f.rule.project_kind
        if (
            kind
            and kind not in passed_over
            and (kind not in best or f.confidence > best[kind].confidence)
        ):
            best[kind] = f
    for kind in ASKED_IN_ORDER:
        if kind in best:
            return _kind(kind, best[kind])
    others = sorted(
        (f for k, f in best.items() if k not in ASKED_IN_ORDER),
        key=lambda f: (-f.confidence, f.rule.id),
    )
    return _kind(others[0].rule.project_kind, others[0]) if others else NOTHING_FOUND


def _kind(name: str, finding: Finding) -> Kind:
    reasons = tuple(Evidence(".", None, r) for r in finding.reasons[:MAX_REASONS])
    shown = tuple(finding.evidence[:MAX_REASONS])
    return Kind(name, reasons + shown, finding)


def rubric_rank(kind: str) -> int:
    """Where a kind's question stands in the rubric (unknown kinds last)."""
    return ASKED_IN_ORDER.index(kind) if kind in ASKED_IN_ORDER else len(ASKED_IN_ORDER)
