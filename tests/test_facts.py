"""Merging facts: totals, and the first evidence items kept, however many arrive."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

import stackcheck.facts
from stackcheck.facts import MAX_EVIDENCE_PER_FACT, Evidence, Fact, Merger, merge


def naive_merge(facts: list[Fact]) -> dict[str, Fact]:
    """The definition: add the values, keep the first evidence items in path/line order."""
    totals: dict[str, float] = {}
    evidence: dict[str, set[Evidence]] = {}
    for item in facts:
        totals[item.key] = totals.get(item.key, 0.0) + item.value
        evidence.setdefault(item.key, set()).update(item.evidence)
    return {
        key: Fact(
            key,
            total,
            tuple(sorted(evidence[key], key=lambda e: (e.path, e.line or 0, e.detail)))[
                :MAX_EVIDENCE_PER_FACT
            ],
        )
        for key, total in totals.items()
    }


EVIDENCE = st.builds(
    Evidence,
    st.sampled_from([f"app{n}/views.py" for n in range(40)]),
    st.integers(min_value=1, max_value=400),
    st.sampled_from(["import x", "class A(Model)"]),
)
FACTS = st.lists(
    st.builds(
        Fact,
        st.sampled_from(["py.import.django", "django.models", "lang.files.python"]),
        st.sampled_from([1.0, 2.0, 0.5]),
        st.lists(EVIDENCE, max_size=3).map(tuple),
    ),
    max_size=150,
)


@settings(max_examples=80, deadline=None)
@given(FACTS)
def test_streamed_merge_equals_the_definition(facts: list[Fact]) -> None:
    # Pruning early makes every example exercise it.
    with patch.object(stackcheck.facts, "_PRUNE_AT", MAX_EVIDENCE_PER_FACT + 3):
        assert merge(facts) == naive_merge(facts)


def test_many_evidence_items_are_pruned_to_the_first_ones() -> None:
    facts = [Fact("k", 1.0, (Evidence(f"f{n:05d}.py", n, "seen"),)) for n in range(5000, 0, -1)]
    merger = Merger()
    for item in facts:
        merger.add_all([item])
    merged = merger.merged()["k"]
    assert merged.value == 5000.0
    assert [e.path for e in merged.evidence] == [f"f{n:05d}.py" for n in range(1, 26)]
