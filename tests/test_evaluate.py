"""evaluate_again: the findings evaluate gives, from the previous facts' findings."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pytest

from stackcheck.facts import Evidence, Fact, Facts
from stackcheck.judge.evaluate import Finding, evaluate, evaluate_again, looks
from stackcheck.judge.rules import builtin_rules_dir, load_rules

RULES = load_rules([builtin_rules_dir()])
LOOKED = {rule.id: looks(rule) for rule in RULES}
# Every shipped rule's example facts: trees that match some rules and not others.
EXAMPLES = {
    f"{rule.id}:{example.name}": Facts.from_values(example.facts).values
    for rule in RULES
    for example in rule.examples
}


def again(
    before: Mapping[str, Fact],
    after: Mapping[str, Fact],
    found_before: tuple[Finding, ...] | None = None,
    found_after: tuple[Finding, ...] | None = None,
) -> None:
    """evaluate_again from `before` to `after` gives evaluate's answer for `after` (either
    answer passed in when it is known already: evaluate's answers are read, never changed)."""
    if found_before is None:
        found_before = evaluate(RULES, before)
    if found_after is None:
        found_after = evaluate(RULES, after)
    assert evaluate_again(RULES, after, before, found_before, LOOKED) == found_after


_FOUND: dict[str, tuple[Finding, ...]] = {}


def found(name: str) -> tuple[Finding, ...]:
    """evaluate's answer for an example, once per run."""
    if name not in _FOUND:
        _FOUND[name] = evaluate(RULES, EXAMPLES[name])
    return _FOUND[name]


def test_looks_names_patterns_and_rules() -> None:
    look = LOOKED["DJ901"]
    assert "content.share.static" in look.keys
    assert all("*" in p for p in look.wildcards)
    assert {r for rule in RULES for r in rule.referenced()} == {
        r for look in LOOKED.values() for r in look.rules
    }


# Every example against every other is quadratic in the examples (250 of them: 62,000
# evaluations). Each is tried against its own rule's examples and a fifth of the others,
# a different fifth for each (the one its position starts), so every other example's rule
# is met from some side and the suite stays in step as rules gain examples.
NAMES = sorted(EXAMPLES)
STRIDE = 5


def _others(position: int, rule_id: str) -> list[str]:
    sample = NAMES[position % STRIDE :: STRIDE]
    own = [n for n in NAMES if n.startswith(f"{rule_id}:")]
    return sorted({*sample, *own})


@pytest.mark.parametrize("position", range(len(NAMES)), ids=NAMES)
def test_from_each_example_to_others(position: int) -> None:
    name = NAMES[position]
    for other in _others(position, name.partition(":")[0]):
        again(EXAMPLES[name], EXAMPLES[other], found(name), found(other))


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
    """Added to (and taken from) the examples of every rule that looks at the pattern, and a
    fifth of the others."""
    key = pattern.replace("*", "x")
    looking = {rule_id for rule_id, look in LOOKED.items() if pattern in look.wildcards}
    position = WILDCARDS.index(pattern)
    names = {n for n in NAMES if n.partition(":")[0] in looking}
    names.update(NAMES[position % STRIDE :: STRIDE])
    for name in sorted(names):
        facts = EXAMPLES[name]
        added = {**facts, key: Fact(key, 5.0, (Evidence("x", 1, "x"),))}
        found_added = evaluate(RULES, added)
        again(facts, added, found(name), found_added)
        again(added, facts, found_added, found(name))
