"""Every example in every shipped rule file, one test per rule ID (semgrep-rules style)."""

from __future__ import annotations

import pytest

from stackcheck.commands.rules import run_examples
from stackcheck.judge.rules import builtin_rules_dir, load_rules

RULES = load_rules([builtin_rules_dir()])
CONTRACT_IDS = {f"DJ{n}" for n in (*range(101, 111), 901, 902, 903)}


def test_every_contract_rule_ships() -> None:
    assert {r.id for r in RULES} >= CONTRACT_IDS


def test_contract_slugs() -> None:
    slugs = {r.id: r.slug for r in RULES}
    assert slugs["DJ101"] == "fullstack"
    assert slugs["DJ108"] == "realtime"
    assert slugs["DJ901"] == "static-site"
    assert slugs["DJ902"] == "high-frequency-trading"
    assert slugs["DJ903"] == "pure-realtime"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule: object) -> None:
    assert run_examples(RULES, [rule]) == []  # type: ignore[list-item]


@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.kind == "avoid"], ids=[r.id for r in RULES if r.kind == "avoid"]
)
def test_avoid_rules_name_an_alternative(rule: object) -> None:
    assert rule.alternative  # type: ignore[attr-defined]
