"""docs/field-tests.toml: the labelled public repositories the field tests scan."""

from __future__ import annotations

from pathlib import Path

from stackcheck.facts._toml import loads

FIELD_TESTS = Path(__file__).resolve().parents[1] / "docs" / "field-tests.toml"
VERDICTS = {"suits", "avoid", "not-applicable"}
CASES = {"DJ901", "DJ902", "DJ903"}


def test_every_entry_names_a_repository_once_with_a_verdict_the_contract_knows() -> None:
    entries = loads(FIELD_TESTS.read_text(encoding="utf-8"))["repo"]
    names = [e["name"] for e in entries]
    assert len(names) == len(set(names))
    for entry in entries:
        owner, _, name = entry["name"].partition("/")
        assert owner and name and "/" not in name, entry["name"]
        assert entry["expect"] in VERDICTS, entry["name"]
        case = entry.get("case")
        # (a "when not" case only where the verdict is avoid, and then one of the three)
        assert case is None or (entry["expect"] == "avoid" and case in CASES), entry["name"]
        assert isinstance(entry.get("ambiguous", False), bool)
