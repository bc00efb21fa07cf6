"""The project kind: the rubric's questions asked in order over the rules that say a kind,
and the verdict it implies."""

from __future__ import annotations

import pytest

from stackcheck.facts import Evidence
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.kind import NOTHING_FOUND, decide_kind
from stackcheck.judge.rules import Rule, builtin_rules_dir, load_rules
from stackcheck.judge.verdict import Policy, decide

RULES = {r.id: r for r in load_rules([builtin_rules_dir()])}


def hit(rule_id: str, confidence: float = 0.8, because: str = "seen") -> Finding:
    rule: Rule = RULES[rule_id]
    return Finding(rule, confidence, (because,), (Evidence("a.txt", 1, "there"),))


@pytest.mark.parametrize(
    ("matched", "kind"),
    [
        pytest.param([], "other", id="nothing"),
        pytest.param(["DJ003"], "library", id="library"),
        pytest.param(["DJ003", "DJ004"], "library", id="best-of-the-others-by-confidence"),
        pytest.param(["DJ001", "DJ003"], "web-app", id="web-app-asked-before-library"),
        pytest.param(["DJ901", "DJ001"], "static-site", id="static-before-web-app"),
        pytest.param(["DJ903", "DJ901"], "realtime-server", id="realtime-before-static"),
        pytest.param(["DJ001", "DJ903", "DJ902"], "trading-system", id="trading-first"),
        pytest.param(["DJ101", "DJ201"], "other", id="use-cases-say-no-kind"),
    ],
)
def test_rubric_order(matched: list[str], kind: str) -> None:
    confidence = {"DJ003": 0.9, "DJ004": 0.6}
    found = decide_kind(hit(r, confidence.get(r, 0.8)) for r in matched)
    assert found.name == kind


def test_a_passed_over_kind_lets_the_next_question_answer() -> None:
    found = decide_kind([hit("DJ901"), hit("DJ001")], passed_over=("static-site",))
    assert found.name == "web-app"


def test_reasons_are_the_deciding_rules_own() -> None:
    found = decide_kind([hit("DJ005", because="Jupyter notebooks")])
    assert found.name == "notebooks"
    assert [r.detail for r in found.reasons] == ["Jupyter notebooks", "there"]
    assert NOTHING_FOUND.reasons, "even 'nothing found' says what was looked for"


@pytest.mark.parametrize(
    ("findings", "verdict", "kind"),
    [
        pytest.param(["DJ001"], "suits", "web-app", id="web-app-without-use-case-suits"),
        pytest.param(["DJ001", "DJ101"], "suits", "web-app", id="web-app-with-use-case"),
        pytest.param(["DJ003"], "not-applicable", "library", id="library"),
        pytest.param(["DJ901"], "avoid", "static-site", id="static-site"),
        pytest.param(["DJ001", "DJ101", "DJ902"], "avoid", "trading-system", id="trading-app"),
    ],
)
def test_verdict_follows_the_kind(findings: list[str], verdict: str, kind: str) -> None:
    decided = decide([hit(r) for r in findings])
    assert (decided.verdict, decided.kind and decided.kind.name) == (verdict, kind)


def test_a_weak_case_beside_a_web_app_only_warns() -> None:
    decided = decide([hit("DJ001"), hit("DJ903", confidence=0.5)], Policy(low_confidence=0.6))
    assert decided.verdict == "suits"
    assert [f.rule.id for f in decided.low_confidence_avoid] == ["DJ903"]
    assert decided.kind is not None and decided.kind.name == "web-app"


def test_tripped_cases_come_in_the_rubrics_order() -> None:
    decided = decide([hit("DJ901", 0.95), hit("DJ902", 0.7)])
    assert [f.rule.id for f in decided.avoid] == ["DJ902", "DJ901"]


def test_rules_say_only_known_kinds() -> None:
    kinds = {r.project_kind for r in RULES.values() if r.project_kind}
    assert kinds == {
        "web-app",
        "library",
        "cli",
        "notebooks",
        "infrastructure",
        "firmware",
        "other",
        "static-site",
        "trading-system",
        "realtime-server",
    }
