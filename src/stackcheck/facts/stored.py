"""What the content cache keeps of facts, and the strict decoding that reads it back: an
entry of another shape, or with a value of another type (a list where text belongs), raises
TypeError, KeyError, ValueError or IndexError, which every caller takes as a miss. Nothing in
an entry is run."""

from __future__ import annotations

from typing import Any

from stackcheck.facts import Evidence, Fact, Facts, Manifest, Skipped

# What the strict decoding raises for an entry of another shape: a miss.
MALFORMED = (KeyError, TypeError, ValueError, IndexError)


def encode_facts(facts: Facts) -> dict[str, Any]:
    return {
        "f": [[f.key, f.value, [list(e) for e in f.evidence]] for f in facts.values.values()],
        "m": [list(m) for m in facts.manifests],
        "s": [list(s) for s in facts.skipped],
        "n": facts.files,
    }


def decode_facts(raw: dict[str, Any]) -> Facts:
    """Facts of a whole tree (or of a run of its files: runs.py) from the cache: nothing was
    read this time."""
    values = {fact.key: fact for fact in (stored_fact(item) for item in raw["f"])}
    return Facts(
        values=values,
        manifests=tuple(
            Manifest(stored_str(p), stored_str(kind), stored_int(n)) for p, kind, n in raw["m"]
        ),
        skipped=tuple(Skipped(stored_str(p), stored_str(reason)) for p, reason in raw["s"]),
        files=stored_int(raw["n"]),
        extra={"from_cache": True},
    )


def facts_or_none(raw: Any) -> Facts | None:
    """decode_facts, or None for an entry of another shape."""
    try:
        return decode_facts(raw)
    except MALFORMED:
        return None


def stored_fact(item: Any) -> Fact:
    key, value, evidence = item
    return Fact(
        stored_str(key),
        float(value),
        tuple(
            Evidence(stored_str(p), None if line is None else stored_int(line), stored_str(d))
            for p, line, d in evidence
        ),
    )


def stored_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def stored_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, found {type(value).__name__}")
    return value
