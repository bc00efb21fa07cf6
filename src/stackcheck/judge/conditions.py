"""The declarative condition language of rule files, and its evaluation over facts.

    {fact = "py.dep.django"}                   some fact matching the pattern is present
    {fact = "django.model", min = 5}           the matching facts add up to at least 5
    {fact = "lang.share.html", max = 0.2}      ... and to at most 0.2
    {rule = "DJ001"}                           another rule matched
    {any = [...]}  {all = [...]}  {none = [...]}

Fact patterns are dotted keys in which `*` stands for any run of characters. They are
matched by a plain wildcard matcher, never a regex engine, so no rule can make a scan hang.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from stackcheck.facts import Evidence, Fact

PATTERN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-*/@:+")


@dataclass(frozen=True)
class FactCond:
    pattern: str
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class RuleCond:
    rule: str


@dataclass(frozen=True)
class Group:
    op: str  # "any" | "all" | "none"
    items: tuple[Condition, ...]


Condition = FactCond | RuleCond | Group


class ConditionError(ValueError):
    """A condition table that does not follow the language; message names the key."""


def parse(raw: object, where: str) -> Condition:
    if not isinstance(raw, Mapping):
        raise ConditionError(f"{where}: a condition must be a table, got {type(raw).__name__}")
    keys = set(raw)
    groups = keys & {"any", "all", "none"}
    if groups:
        if len(keys) != 1:
            raise ConditionError(
                f"{where}: '{sorted(groups)[0]}' cannot be combined with "
                f"{sorted(keys - groups) or sorted(groups)[1:]}"
            )
        op = groups.pop()
        items = raw[op]
        if not isinstance(items, list) or not items:
            raise ConditionError(f"{where}.{op}: must be a non-empty list of conditions")
        return Group(op, tuple(parse(item, f"{where}.{op}[{i}]") for i, item in enumerate(items)))
    if "rule" in keys:
        if keys != {"rule"} or not isinstance(raw["rule"], str):
            raise ConditionError(f"{where}: 'rule' takes a rule ID and nothing beside it")
        return RuleCond(raw["rule"])
    if "fact" in keys:
        unknown = keys - {"fact", "min", "max"}
        if unknown:
            raise ConditionError(
                f"{where}.{sorted(unknown)[0]}: unknown key in a fact condition"
                " (expected fact, min, max)"
            )
        pattern = raw["fact"]
        if not isinstance(pattern, str) or not pattern or set(pattern) - PATTERN_CHARS:
            raise ConditionError(
                f"{where}.fact: {pattern!r} is not a fact pattern (lower-case "
                "dotted key; '*' is the only wildcard)"
            )
        bounds = {k: raw[k] for k in ("min", "max") if k in raw}
        for key, value in bounds.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConditionError(f"{where}.{key}: must be a number")
        return FactCond(pattern, _num(bounds.get("min")), _num(bounds.get("max")))
    raise ConditionError(
        f"{where}: expected one of fact, rule, any, all, none; got "
        f"{sorted(keys) or 'an empty table'}"
    )


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def wildcard_match(pattern: str, text: str) -> bool:
    """Glob match with '*' only, in O(len(pattern) * len(text)) at worst."""
    p = t = 0
    star = -1
    mark = 0
    while t < len(text):
        if p < len(pattern) and pattern[p] == text[t] and pattern[p] != "*":
            p += 1
            t += 1
        elif p < len(pattern) and pattern[p] == "*":
            star = p
            mark = t
            p += 1
        elif star != -1:
            p = star + 1
            mark += 1
            t = mark
        else:
            return False
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


class SortedKeys:
    """A tree's fact keys, sorted once: the keys a `*` pattern can match are the range that
    starts with the text before its first `*`, found by bisection, not by trying every key
    (a Django tree has thousands of keys, and the rules ask hundreds of patterns)."""

    def __init__(self, facts: Mapping[str, Fact]) -> None:
        self.keys = sorted(facts)

    def matching(self, pattern: str) -> list[str]:
        """The keys the pattern matches, sorted."""
        stem = pattern.partition("*")[0]
        found = []
        for index in range(bisect_left(self.keys, stem), len(self.keys)):
            key = self.keys[index]
            if not key.startswith(stem):
                break
            if wildcard_match(pattern, key):
                found.append(key)
        return found


def matching_facts(
    pattern: str, facts: Mapping[str, Fact], keys: SortedKeys | None = None
) -> list[Fact]:
    """The facts whose keys the pattern matches, in key order; `keys`: the facts' keys
    sorted once, for a caller that asks many patterns of the same facts."""
    if "*" not in pattern:
        found = facts.get(pattern)
        return [found] if found is not None else []
    keys = keys or SortedKeys(facts)
    return [facts[k] for k in keys.matching(pattern)]


def holds(
    cond: Condition,
    facts: Mapping[str, Fact],
    rules_matched: Mapping[str, bool],
    keys: SortedKeys | None = None,
) -> tuple[bool, tuple[Evidence, ...]]:
    """Whether the condition holds, and the evidence of the facts that made it hold."""
    if isinstance(cond, FactCond):
        found = matching_facts(cond.pattern, facts, keys)
        total = sum(f.value for f in found)
        if cond.min is None and cond.max is None:
            ok = total > 0
        else:
            ok = (cond.min is None or total >= cond.min) and (cond.max is None or total <= cond.max)
        evidence = tuple(e for f in found for e in f.evidence) if ok else ()
        return ok, evidence
    if isinstance(cond, RuleCond):
        return rules_matched.get(cond.rule, False), ()
    results = [holds(item, facts, rules_matched, keys) for item in cond.items]
    if cond.op == "all":
        ok = all(r[0] for r in results)
    elif cond.op == "any":
        ok = any(r[0] for r in results)
    else:
        return not any(r[0] for r in results), ()
    evidence = tuple(e for r in results if r[0] for e in r[1]) if ok else ()
    return ok, evidence


def referenced_rules(cond: Condition) -> set[str]:
    """Every rule the condition refers to."""
    return {leaf.rule for leaf in _leaves(cond) if isinstance(leaf, RuleCond)}


def fact_patterns(cond: Condition) -> set[str]:
    """Every fact pattern the condition looks at."""
    return {leaf.pattern for leaf in _leaves(cond) if isinstance(leaf, FactCond)}


def _leaves(cond: Condition) -> Iterator[FactCond | RuleCond]:
    if isinstance(cond, Group):
        for item in cond.items:
            yield from _leaves(item)
    else:
        yield cond
