"""evaluate_again: the findings evaluate gives, from the previous facts' findings."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pytest

from stackcheck.facts import Evidence, Fact, Facts
from stackcheck.judge.evaluate import evaluate, evaluate_again, looks
from stackcheck.judge.rules import builtin_rules_dir, load_rules

RULES = load_rules([builtin_rules_dir()])
LOOKED = {rule.id: looks(rule) for rule in RULES}
# Every shipped rule's example facts: trees that match some rules and not others.
EXAMPLES = {
    f"{rule.id}:{example.name}": Facts.from_values(example.facts).values
    for rule in RULES
    for example in rule.examples
}


def again(before: Mapping[str, Fact], after: Mapping[str, Fact]) -> None:
    found = evaluate(RULES, before)
    assert evaluate_again(RULES, after, before, found, LOOKED) == evaluate(RULES, after)


def test_looks_names_patterns_and_rules() -> None:
    look = LOOKED["DJ901"]
    assert "content.share.static" in look.keys
    assert all("*" in p for p in look.wildcards)
    assert {r for rule in RULES for r in rule.referenced()} == {
        r for look in LOOKED.values() for r in look.rules
    }


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_from_each_example_to_every_other(name: str) -> None:
    for other in EXAMPLES.values():
        again(EXAMPLES[name], other)


@pytest.mark.parametrize(
    ("first", "second"), list(itertools.combinations(sorted(EXAMPLES), 2))[::37]
)
def test_from_one_example_to_both(first: str, second: str) -> None:
    """Facts added to a tree: rules that depend on other rules' outcomes flip too."""
    both = {**EXAMPLES[first], **EXAMPLES[second]}
    again(EXAMPLES[first], both)
    again(both, EXAMPLES[second])


def test_only_evidence_changed() -> None:
    before = dict(next(iter(EXAMPLES.values())))
    after = {k: Fact(k, f.value, (Evidence("moved.py", 3, "seen"),)) for k, f in before.items()}
    again(before, after)
    again(before, before)
    again({}, before)
    again(before, {})


WILDCARDS = sorted({p for look in LOOKED.values() for p in look.wildcards})


@pytest.mark.parametrize("pattern", WILDCARDS)
def test_a_fact_only_a_wildcard_matches(pattern: str) -> None:
    key = pattern.replace("*", "x")
    for facts in EXAMPLES.values():
        added = {**facts, key: Fact(key, 5.0, (Evidence("x", 1, "x"),))}
        again(facts, added)
        again(added, facts)
