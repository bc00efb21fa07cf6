"""Rules over facts: pure, no disk, no git."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from stackcheck.conditions import holds
from stackcheck.facts import Evidence, Fact
from stackcheck.rules import Rule

MAX_EVIDENCE = 30


class Finding(NamedTuple):
    rule: Rule
    confidence: float
    reasons: tuple[str, ...]  # the `because` of each signal that held, strongest first
    evidence: tuple[Evidence, ...]


def evaluate(rules: Sequence[Rule], facts: Mapping[str, Fact]) -> tuple[Finding, ...]:
    """Every matched rule, in rule order; rules must come in dependency order."""
    matched: dict[str, bool] = {}
    findings = []
    for rule in rules:
        finding = evaluate_rule(rule, facts, matched)
        matched[rule.id] = finding is not None
        if finding is not None:
            findings.append(finding)
    return tuple(findings)


def evaluate_rule(
    rule: Rule, facts: Mapping[str, Fact], matched: Mapping[str, bool]
) -> Finding | None:
    if rule.require is not None and not holds(rule.require, facts, matched)[0]:
        return None
    if rule.exclude is not None and holds(rule.exclude, facts, matched)[0]:
        return None
    score = 0.0
    held = []
    for signal in rule.signals:
        ok, seen = holds(signal.when, facts, matched)
        if ok:
            score += signal.weight
            held.append((signal, seen))
    confidence = round(min(1.0, max(0.0, score)), 2)
    if confidence < rule.threshold:
        return None
    held.sort(key=lambda item: -item[0].weight)
    positive = [(s, ev) for s, ev in held if s.weight > 0]
    shown: list[Evidence] = []
    for _, items in positive:
        shown.extend(e for e in items if e not in shown)
    return Finding(
        rule,
        confidence,
        tuple(s.because for s, _ in held),
        tuple(shown[:MAX_EVIDENCE]),
    )
