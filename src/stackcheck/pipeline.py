"""discover -> collect -> evaluate -> decide: one scan, from a folder to a report."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from stackcheck import fastpath
from stackcheck.cache import Cache
from stackcheck.config import Settings
from stackcheck.facts import Facts
from stackcheck.facts.collect import Limits, cached_facts, collect, deadline_after
from stackcheck.fastpath import TreeKey
from stackcheck.hidden import hidden
from stackcheck.influence import View, measure
from stackcheck.judge.evaluate import Finding, evaluate
from stackcheck.judge.rules import Rule, builtin_rules_dir, load_rules, select_rules
from stackcheck.judge.verdict import Policy, Verdict, decide
from stackcheck.report import Influence, Report, Suppression
from stackcheck.source.discover import Exclusions, check_target, discover
from stackcheck.source.listing import Listing
from stackcheck.source.worktree import walk_listing

if TYPE_CHECKING:
    from stackcheck.facts.parallel import TaskShare
    from stackcheck.source.snapshot import Snapshot


def rules_for(settings: Settings) -> tuple[Rule, ...]:
    dirs = [builtin_rules_dir(), *settings.rules_dirs]
    folder = settings.cache_folder()
    if folder is None:
        return load_rules(dirs)
    from stackcheck.judge.rule_cache import load_rules_cached

    return load_rules_cached(dirs, folder)


def open_cache(settings: Settings) -> Cache | None:
    folder = settings.cache_folder()
    return Cache(folder) if folder is not None else None


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
    trees: list[TreeKey] | None = None,
) -> Report:
    """One scan. `rules` and `cache` may be shared by callers that scan many trees;
    `trees`, when given, receives how each tree read was known again (fastpath.py).

    When the scanned repository's config narrowed the settings, the scan is also judged
    with the person's own settings alone: that verdict is the report's `gate` (when it
    differs), and what each of the repository's settings changed is its `repo_influence`.
    A repository that changed which files are scanned has its tree scanned both ways."""
    started = time.perf_counter()
    deadline = deadline_after(settings.timeout)
    rules = rules_for(settings) if rules is None else rules
    own = settings.repository.own if settings.repository is not None else None
    own_cache = cache is None
    cache = open_cache(settings) if own_cache else cache
    try:
        found_rev, facts = _facts(target, settings, rev, staged, cache, deadline, trees)
        own_facts = facts
        if own is not None and _listing_shape(own) != _listing_shape(settings):
            own_facts = _facts(target, own, rev, staged, cache, deadline, trees)[1]
    finally:
        if own_cache and cache is not None:
            cache.close()
    findings = evaluate(rules, facts.values)
    policy = policy_for(settings, rules)
    verdict = decide_with_advice(findings, facts, policy)
    gate: Verdict | None = None
    influence: tuple[Influence, ...] = ()
    if own is not None:
        own_findings = findings if own_facts is facts else evaluate(rules, own_facts.values)
        own_policy = policy_for(own, rules)
        own_verdict = decide_with_advice(own_findings, own_facts, own_policy)
        gate = own_verdict if own_verdict != verdict else None
        influence = measure(
            settings,
            View(policy, findings, facts.files),
            View(own_policy, own_findings, own_facts.files),
        )
    return Report(
        target=str(target),
        rev=found_rev,
        verdict=verdict,
        facts=facts,
        # As the JSON report keeps it, so a report rendered later shows the same time.
        seconds=round(time.perf_counter() - started, 3),
        rules=rules,
        suppressions=suppressions_for(settings, rules),
        repo_influence=influence + role_influence(facts),
        gate=gate,
        hidden=hidden(settings, findings, policy),
    )


def role_influence(facts: Facts) -> tuple[Influence, ...]:
    """The file roles the repository set itself in .gitattributes: they decide what counts
    as the product, so they can change the verdict."""
    from stackcheck.facts.collect import role_attributes

    return tuple(
        Influence(source, attr, f"set the role of {files}", "roles", (f"{files} ({attr})",))
        for source, attr, files in role_attributes(facts)
    )


def decide_with_advice(findings: Sequence[Finding], facts: Facts, policy: Policy) -> Verdict:
    """The verdict, with each tripped case's advice fitted to the stack the facts show."""
    from stackcheck.judge.advice import fit_advice
    from stackcheck.judge.stack import summarise

    return fit_advice(decide(findings, policy), summarise(facts.values))


def _facts(
    target: Path,
    settings: Settings,
    rev: str | None,
    staged: bool,
    cache: Cache | None,
    deadline: float | None = None,
    trees: list[TreeKey] | None = None,
) -> tuple[str | None, Facts]:
    """The commit scanned (None for the work tree) and the facts of the tree."""
    # A very large work tree's helpers are forked before it is listed (ahead.py); a
    # revision's or the index's files are read through git's objects, which they do not read.
    helpers: AbstractContextManager[TaskShare | None] = nullcontext()
    if rev is None and not staged:
        from stackcheck.facts.ahead import helpers_ahead

        helpers = helpers_ahead(target)
    with helpers as ahead:
        return _listed_facts(target, settings, rev, staged, cache, deadline, trees, ahead)


def _listed_facts(
    target: Path,
    settings: Settings,
    rev: str | None,
    staged: bool,
    cache: Cache | None,
    deadline: float | None,
    trees: list[TreeKey] | None,
    ahead: TaskShare | None,
) -> tuple[str | None, Facts]:
    make_listing: Callable[[], Listing] | None = None
    known: Snapshot | None = None
    also_key = None
    if rev is None and cache is not None:
        # A tree git pins down is known again before it is listed (snapshot.py).
        check_target(target)
        if staged:
            known, make_listing = _staged(target, settings, cache)
        else:
            known, make_listing = _worktree(target, settings)
        also_key = known.key if known is not None else None
        hit = cached_facts(cache, also_key) if also_key is not None else None
        if hit is not None:
            _note(trees, settings, staged, known)
            return None, hit
    listing = make_listing() if make_listing is not None else None
    del make_listing  # it holds git's raw listing
    exclusions = Exclusions(settings.exclude, settings.include_vendored)
    repo = discover(
        target,
        exclusions,
        rev,
        staged,
        settings.recurse_submodules,
        listing,
        store=cache,
        content_ids=cache is not None,  # they key the cache; no use for them without one
    )
    del listing  # a large tree's listing is not kept while its files are analysed
    if any(s.reason.startswith("object missing") for s in repo.skipped):
        also_key = known = None  # a partial clone may fetch it later: the index does not say
    _note(trees, settings, staged, known)
    limits = Limits(settings.max_file_bytes, deadline=deadline)
    return repo.rev, collect(repo, limits, cache, also_key, ahead=ahead)


def _note(
    trees: list[TreeKey] | None, settings: Settings, staged: bool, known: Snapshot | None
) -> None:
    """How a tree was known again (None: it was not), for an answer stored by fastpath.py."""
    if trees is not None:
        shape, limit = _listing_shape(settings), settings.max_file_bytes
        digest = known.digest if known is not None else None
        trees.append(TreeKey(staged, shape, limit, settings.recurse_submodules, digest))


def _staged(
    target: Path, settings: Settings, cache: Cache
) -> tuple[Snapshot | None, Callable[[], Listing] | None]:
    """The index's snapshot and how to list it, both from one read of the index (a `git add`
    between two reads would otherwise store one index's facts under the other's key)."""
    from stackcheck.source import git as gitsource
    from stackcheck.source.snapshot import index_output, staged_snapshot

    index = fastpath.take_read(fastpath.INDEX_READ, target)
    if index is None:
        index = index_output(target)
    if index is None:
        return None, None
    known = staged_snapshot(index, _listing_shape(settings), settings.max_file_bytes)
    return known, lambda: gitsource.index_listing(target, cache, index)


def _worktree(target: Path, settings: Settings) -> tuple[Snapshot | None, Callable[[], Listing]]:
    """The work tree's snapshot, when git's listing pins the tree down, and how to list it
    (an lstat per file: done only when the key has no cached answer)."""
    from stackcheck.source import git as gitsource
    from stackcheck.source.gitstate import WorktreeState, read_worktree
    from stackcheck.source.snapshot import snapshot

    state = fastpath.take_read(fastpath.WORKTREE_READ, target)
    if state is None:
        state = read_worktree(target)
    if not isinstance(state, WorktreeState):
        plain = state or walk_listing(target.resolve())
        return None, lambda: plain
    known = snapshot(
        state, _listing_shape(settings), settings.max_file_bytes, settings.recurse_submodules
    )
    hashed = known.hashed if known is not None else None
    return known, lambda: gitsource.listing_from_state(state, settings.recurse_submodules, hashed)


def _listing_shape(settings: Settings) -> str:
    """The settings that change which files a work tree lists, and how they are judged."""
    return (
        f"exclude={list(settings.exclude)!r} vendored={settings.include_vendored:d} "
        f"submodules={settings.recurse_submodules:d}"
    )


def suppressions_for(settings: Settings, rules: tuple[Rule, ...]) -> tuple[Suppression, ...]:
    """The configured suppressions that name a loaded rule (by ID or prefix)."""
    return tuple(s for s in settings.suppressions if _matches_any(s.rule, rules))


def _matches_any(prefix: str, rules: tuple[Rule, ...]) -> bool:
    return any(r.id.startswith(prefix) for r in rules)


def fails(report: Report, fail_on: str) -> bool:
    """Whether the policy fails this report (exit 1): the verdict shown, or the one the
    person's own settings give (the repository's config may not make the gate laxer). A
    scan that did not finish fails every policy but `never`: a gate never passes on it."""
    if fail_on != "never" and not report.facts.complete:
        return True
    return _fails(report.verdict, fail_on) or (
        report.gate is not None and _fails(report.gate, fail_on)
    )


def _fails(verdict: Verdict, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    if verdict.verdict == "avoid":
        return True
    if fail_on == "warning":
        return bool(verdict.warnings or verdict.low_confidence_avoid)
    return False


def worktree_key(target: Path, settings: Settings) -> str | None:
    """The key a warm scan knows this work tree by (snapshot.py), or None when git's listing
    does not pin the tree down (a plain folder, a tree with special files): what a fleet
    compares to tell whether a work tree changed since its last result."""
    known = _worktree(target, settings)[0]
    return known.key if known is not None else None
