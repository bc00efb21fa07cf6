from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stackcheck.facts import Evidence, Fact, Facts
from stackcheck.judge.conditions import (
    ConditionError,
    SortedKeys,
    holds,
    matching_facts,
    parse,
    wildcard_match,
)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        pytest.param(
            "py.dep.django", "py.dep.djangorestframework", False, id="exact-is-not-prefix"
        ),
        pytest.param("npm.dep.*", "py.dep.express", False, id="other-namespace"),
        pytest.param("a*b", "acb-c", False, id="tail-must-match"),
        pytest.param("py.dep.django", "py.dep.django", True, id="exact"),
        pytest.param("npm.dep.*", "npm.dep.@nestjs/core", True, id="star-spans-scope"),
        pytest.param("django.app.wagtail*", "django.app.wagtail.admin", True, id="prefix"),
        pytest.param("*.share.*", "content.share.static", True, id="two-stars"),
        pytest.param("*", "", True, id="star-matches-empty"),
    ],
)
def test_wildcard_match(pattern: str, text: str, expected: bool) -> None:
    assert wildcard_match(pattern, text) is expected


def test_wildcard_match_is_not_exponential() -> None:
    started = time.perf_counter()
    assert not wildcard_match("*a" * 30 + "b", "a" * 3000)
    assert time.perf_counter() - started < 5  # a backtracking regex would never finish


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param([], "must be a table", id="not-a-table"),
        pytest.param({}, "expected one of fact, rule, any, all, none", id="empty"),
        pytest.param({"fact": "Py.Dep"}, "is not a fact pattern", id="upper-case"),
        pytest.param({"fact": "a(b)"}, "is not a fact pattern", id="regex-chars"),
        pytest.param({"fact": "a", "mn": 1}, "where.mn: unknown key", id="typo-key"),
        pytest.param({"fact": "a", "min": "3"}, "where.min: must be a number", id="min-string"),
        pytest.param({"any": []}, "where.any: must be a non-empty list", id="empty-any"),
        pytest.param({"any": [{"fact": "a"}], "fact": "b"}, "cannot be combined", id="mixed"),
        pytest.param({"rule": 3}, "'rule' takes a rule ID", id="rule-not-string"),
        pytest.param({"all": [{"fact": "a"}, {"nope": 1}]}, "where.all[1]", id="nested-path"),
    ],
)
def test_parse_errors_name_the_key(raw: object, message: str) -> None:
    with pytest.raises(ConditionError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse(raw, "where")


FACTS = Facts(
    {
        "django.models": Fact("django.models", 12, (Evidence("shop/models.py", 3, "class A"),)),
        "npm.dep.express": Fact("npm.dep.express", 1, (Evidence("package.json", 5, "express"),)),
        "npm.dep.ws": Fact("npm.dep.ws", 1),
        "rt.share": Fact("rt.share", 0.4),
    }
).values


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param({"fact": "py.dep.django"}, False, id="absent"),
        pytest.param({"fact": "django.models", "min": 13}, False, id="below-min"),
        pytest.param({"fact": "rt.share", "min": 0.5}, False, id="share-below"),
        pytest.param({"none": [{"fact": "npm.dep.*"}]}, False, id="none-fails"),
        pytest.param(
            {"all": [{"fact": "npm.dep.ws"}, {"fact": "py.dep.x"}]}, False, id="all-fails"
        ),
        pytest.param({"rule": "DJ999"}, False, id="rule-unmatched"),
        pytest.param({"fact": "django.models", "min": 12}, True, id="at-min"),
        pytest.param({"fact": "npm.dep.*", "min": 2}, True, id="pattern-sums"),
        pytest.param({"fact": "rt.share", "max": 0.5}, True, id="below-max"),
        pytest.param({"fact": "missing.fact", "max": 0}, True, id="absent-is-zero-for-max"),
        pytest.param({"any": [{"fact": "x"}, {"fact": "npm.dep.ws"}]}, True, id="any"),
        pytest.param({"rule": "DJ001"}, True, id="rule-matched"),
    ],
)
def test_holds(raw: object, expected: bool) -> None:
    ok, _ = holds(parse(raw, "t"), FACTS, {"DJ001": True})
    assert ok is expected


def test_holds_returns_evidence_of_the_facts_that_held() -> None:
    cond = parse({"any": [{"fact": "django.models"}, {"fact": "py.dep.nothing"}]}, "t")
    ok, evidence = holds(cond, FACTS, {})
    assert ok
    assert evidence == (Evidence("shop/models.py", 3, "class A"),)


KEY_PARTS = st.sampled_from(["py", "dep", "django", "dj", "a", "ab", ".", "*", "", "é"])


@settings(max_examples=300)
@given(
    keys=st.sets(st.lists(KEY_PARTS.filter(lambda p: p != "*"), max_size=5).map("".join)),
    pattern=st.lists(KEY_PARTS, min_size=1, max_size=6).map("".join),
)
def test_sorted_keys_match_what_trying_every_key_matches(keys: set[str], pattern: str) -> None:
    """The keys a pattern matches, found in the range its text before the first `*` opens,
    are those (in the same order) that trying the pattern on every key finds."""
    facts = {k: Fact(k, 1.0) for k in keys}
    every = [facts[k] for k in sorted(facts) if wildcard_match(pattern, k)]
    exact = [facts[pattern]] if pattern in facts else []
    assert matching_facts(pattern, facts, SortedKeys(facts)) == (every if "*" in pattern else exact)
    assert matching_facts(pattern, facts) == matching_facts(pattern, facts, SortedKeys(facts))
