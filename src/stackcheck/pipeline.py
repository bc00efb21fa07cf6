"""discover -> collect -> evaluate -> decide: one scan, from a folder to a report."""

from __future__ import annotations

import time
from pathlib import Path

from stackcheck.cache import Cache, default_dir
from stackcheck.collect import Limits, collect
from stackcheck.config import Settings
from stackcheck.discover import Exclusions, discover
from stackcheck.evaluate import evaluate
from stackcheck.report import Report, Suppression
from stackcheck.rules import Rule, builtin_rules_dir, load_rules, select_rules
from stackcheck.verdict import Policy, decide


def rules_for(settings: Settings) -> tuple[Rule, ...]:
    return load_rules([builtin_rules_dir(), *settings.rules_dirs])


def open_cache(settings: Settings) -> Cache | None:
    if not settings.cache:
        return None
    return Cache(settings.cache_dir or default_dir())


def policy_for(settings: Settings, rules: tuple[Rule, ...]) -> Policy:
    """The selection, confidence floor and per-rule severities the settings ask for."""
    select = (*settings.select, *settings.extend_select) if settings.select else ()
    off = tuple(prefix for prefix, level in settings.severity if level == "off")
    reported = select_rules(rules, select, (*settings.ignore, *off))
    demoted = frozenset(r.id for r in rules if _level(r.id, settings.severity) == "warning")
    return Policy(settings.min_confidence, reported=frozenset(reported), demoted=demoted)


def _level(rule_id: str, severity: tuple[tuple[str, str], ...]) -> str | None:
    """The severity set for a rule; the longest matching ID or prefix wins."""
    matches = [(len(prefix), level) for prefix, level in severity if rule_id.startswith(prefix)]
    return max(matches)[1] if matches else None


def scan(
    target: Path,
    settings: Settings,
    rev: str | None = None,
    staged: bool = False,
    cache: Cache | None = None,
    rules: tuple[Rule, ...] | None = None,
) -> Report:
    """One scan. `rules` and `cache` may be shared by callers that scan many trees."""
    started = time.perf_counter()
    rules = rules_for(settings) if rules is None else rules
    repo = discover(
        target,
        Exclusions(settings.exclude, settings.include_vendored),
        rev,
        staged,
        settings.recurse_submodules,
    )
    own_cache = cache is None
    cache = open_cache(settings) if own_cache else cache
    try:
        facts = collect(repo, Limits(settings.max_file_bytes), cache)
    finally:
        if own_cache and cache is not None:
            cache.close()
    verdict = decide(evaluate(rules, facts.values), policy_for(settings, rules))
    return Report(
        target=str(target),
        rev=repo.rev,
        verdict=verdict,
        facts=facts,
        seconds=time.perf_counter() - started,
        rules=rules,
        suppressions=suppressions_for(settings, rules),
    )


def suppressions_for(settings: Settings, rules: tuple[Rule, ...]) -> tuple[Suppression, ...]:
    """The configured suppressions that name a loaded rule (by ID or prefix)."""
    return tuple(s for s in settings.suppressions if _matches_any(s.rule, rules))


def _matches_any(prefix: str, rules: tuple[Rule, ...]) -> bool:
    return any(r.id.startswith(prefix) for r in rules)


def fails(report: Report, fail_on: str) -> bool:
    """Whether the policy fails this report (exit 1)."""
    if fail_on == "never":
        return False
    if report.verdict.verdict == "avoid":
        return True
    if fail_on == "warning":
        return bool(report.verdict.warnings or report.verdict.low_confidence_avoid)
    return False
