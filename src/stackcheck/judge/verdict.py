"""Findings to a verdict: pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stackcheck.judge.evaluate import Finding
from stackcheck.judge.kind import WEB_APP, Kind, decide_kind, rubric_rank

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
    kind: Kind | None = None  # what the project is; None only in reports built by hand


def reported(findings: Sequence[Finding], policy: Policy) -> list[Finding]:
    """The findings the policy lets through: selected, and confident enough."""
    return [
        f
        for f in findings
        if f.confidence >= policy.min_confidence
        and (policy.reported is None or f.rule.id in policy.reported)
    ]


def decide(findings: Sequence[Finding], policy: Policy = Policy()) -> Verdict:
    """The project's kind first, then the verdict it implies.

    A tripped "when not" case decides when it is strong; a weak one (or one the policy
    demoted to a warning) only warns, and the rubric's next question is asked. A web
    application that trips nothing is `suits`, whether or not a use case stands out.
    """
    kept = reported(findings, policy)
    use_cases = _best_first(f for f in kept if f.rule.kind == "use-case")
    tripped = _in_rubric_order(f for f in kept if f.rule.kind == "avoid")
    warnings = tuple(sorted((f for f in kept if f.rule.kind == "warning"), key=lambda f: f.rule.id))
    context = tuple(f for f in findings if f.rule.kind == "context")
    strong = tuple(
        f
        for f in tripped
        if f.confidence >= policy.low_confidence and f.rule.id not in policy.demoted
    )
    weak = tuple(f for f in tripped if f not in strong)
    web_app = any(f.rule.project_kind == WEB_APP for f in context)
    undemoted_weak = [f for f in weak if f.rule.id not in policy.demoted]
    if strong or (undemoted_weak and not use_cases and not web_app):
        decisive = strong or tuple(undemoted_weak)
        kind = decide_kind((*decisive, *context))
        return Verdict(AVOID, use_cases, tripped, warnings, (), context, kind)
    kind = decide_kind(context)
    if kind.name == WEB_APP or use_cases:
        return Verdict(SUITS, use_cases, (), warnings, weak, context, kind)
    return Verdict(NOT_APPLICABLE, (), (), warnings, weak, context, kind)


def _in_rubric_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Tripped cases in the order the rubric asks about them, then strongest first."""
    return tuple(
        sorted(findings, key=lambda f: (rubric_rank(f.rule.project_kind), -f.confidence, f.rule.id))
    )


def _best_first(findings: object) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (-f.confidence, f.rule.id)))  # type: ignore[call-overload]
