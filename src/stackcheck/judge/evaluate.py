"""Rules over facts: pure, no disk, no git."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from stackcheck.facts import Evidence, Fact
from stackcheck.judge.conditions import SortedKeys, fact_patterns, holds, wildcard_match
from stackcheck.judge.rules import Rule

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
    keys = SortedKeys(facts)
    for rule in rules:
        finding = evaluate_rule(rule, facts, matched, keys)
        matched[rule.id] = finding is not None
        if finding is not None:
            findings.append(finding)
    return tuple(findings)


def evaluate_rule(
    rule: Rule,
    facts: Mapping[str, Fact],
    matched: Mapping[str, bool],
    keys: SortedKeys | None = None,
) -> Finding | None:
    """The rule's finding, or None; `keys`: the facts' keys sorted once for many rules."""
    keys = keys or SortedKeys(facts)
    if rule.require is not None and not holds(rule.require, facts, matched, keys)[0]:
        return None
    if rule.exclude is not None and holds(rule.exclude, facts, matched, keys)[0]:
        return None
    score = 0.0
    held = []
    for signal in rule.signals:
        ok, seen = holds(signal.when, facts, matched, keys)
        if ok:
            score += signal.weight
            held.append((signal, seen))
    confidence = round(min(1.0, max(0.0, score)), 2)
    if confidence < rule.threshold:
        return None
    if any(s.defines for s in rule.signals) and not any(s.defines for s, _ in held):
        return None  # only supporting evidence: the rule's own evidence is missing
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


class Looks(NamedTuple):
    """What a rule's outcome depends on: the facts its patterns match, the rules it names."""

    keys: frozenset[str]  # patterns without a wildcard
    wildcards: tuple[str, ...]
    rules: frozenset[str]


def looks(rule: Rule) -> Looks:
    patterns: set[str] = set().union(*(fact_patterns(c) for c in rule.conditions()))
    return Looks(
        frozenset(p for p in patterns if "*" not in p),
        tuple(sorted(p for p in patterns if "*" in p)),
        frozenset(rule.referenced()),
    )


def evaluate_again(
    rules: Sequence[Rule],
    facts: Mapping[str, Fact],
    before: Mapping[str, Fact],
    found: Sequence[Finding],
    looked: Mapping[str, Looks],
) -> tuple[Finding, ...]:
    """evaluate(rules, facts), given `found` = evaluate(rules, before) and each rule's
    `looks`: a rule that looks at no fact that changed and at no rule whose outcome changed
    keeps its outcome. Trees that differ in a few files differ in a few facts, and then
    most rules need no evaluation."""
    changed = {k for k in facts.keys() | before.keys() if facts.get(k) != before.get(k)}
    earlier = {f.rule.id: f for f in found}
    matched: dict[str, bool] = {}
    flipped: set[str] = set()
    findings = []
    keys: SortedKeys | None = None  # sorted once, if any rule is evaluated again
    for rule in rules:
        look = looked[rule.id]
        if _untouched(look, changed, flipped):
            finding = earlier.get(rule.id)
        else:
            keys = keys or SortedKeys(facts)
            finding = evaluate_rule(rule, facts, matched, keys)
        matched[rule.id] = finding is not None
        if matched[rule.id] != (rule.id in earlier):
            flipped.add(rule.id)
        if finding is not None:
            findings.append(finding)
    return tuple(findings)


def _untouched(look: Looks, changed: set[str], flipped: set[str]) -> bool:
    return (
        look.keys.isdisjoint(changed)
        and look.rules.isdisjoint(flipped)
        and not any(wildcard_match(p, k) for p in look.wildcards for k in changed)
    )
