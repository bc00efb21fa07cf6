"""Findings to a verdict: pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stackcheck.evaluate import Finding

SUITS = "suits"
AVOID = "avoid"
NOT_APPLICABLE = "not-applicable"


@dataclass(frozen=True)
class Policy:
    min_confidence: float = 0.0  # findings below this are not reported at all
    low_confidence: float = 0.6  # a tripped case below this only warns when use cases match
    reported: frozenset[str] | None = None  # rule IDs to report; None: all
    demoted: frozenset[str] = frozenset()  # "when not to use" rules that only warn


@dataclass(frozen=True)
class Verdict:
    verdict: str
    use_cases: tuple[Finding, ...]
    avoid: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    low_confidence_avoid: tuple[Finding, ...]
    context: tuple[Finding, ...] = ()  # context rules that matched (e.g. DJ001 web-app)


def reported(findings: Sequence[Finding], policy: Policy) -> list[Finding]:
    """The findings the policy lets through: selected, and confident enough."""
    return [
        f
        for f in findings
        if f.confidence >= policy.min_confidence
        and (policy.reported is None or f.rule.id in policy.reported)
    ]


def decide(findings: Sequence[Finding], policy: Policy = Policy()) -> Verdict:
    kept = reported(findings, policy)
    use_cases = _best_first(f for f in kept if f.rule.kind == "use-case")
    tripped = _best_first(f for f in kept if f.rule.kind == "avoid")
    warnings = tuple(sorted((f for f in kept if f.rule.kind == "warning"), key=lambda f: f.rule.id))
    context = tuple(f for f in findings if f.rule.kind == "context")
    strong = tuple(
        f
        for f in tripped
        if f.confidence >= policy.low_confidence and f.rule.id not in policy.demoted
    )
    weak = tuple(f for f in tripped if f not in strong)
    if strong or (weak and not use_cases and not all(f.rule.id in policy.demoted for f in weak)):
        return Verdict(AVOID, use_cases, tripped, warnings, (), context)
    if use_cases:
        return Verdict(SUITS, use_cases, (), warnings, weak, context)
    return Verdict(NOT_APPLICABLE, (), (), warnings, weak, context)


def _best_first(findings: object) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (-f.confidence, f.rule.id)))  # type: ignore[call-overload]
