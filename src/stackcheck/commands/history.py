"""stackcheck history [REV] [PATH]: the verdict along first-parent history, newest first.

Every commit is scanned straight from git objects: one git walk lists all the trees
(revisions.py), one shared content cache means a blob is analysed once however many
commits hold it, and neighbouring commits share the rest of the work (filtering, facts,
evaluation). On a 2-core VM (Python 3.11, git 2.39, other work running), 200 commits of a
300-file tree take about 1.1 s with a cold cache, against 0.3 s for the newest commit alone
and 14 s for 200 separate scans (benchmarks/README.md). A commit whose verdict differs
from the commit before it is marked, with the rules that tripped, cleared, were gained or
lost. In a shallow clone the history stops at the boundary, and the output says so.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

import click

from stackcheck.cache import Cache
from stackcheck.commands.diff import resolve, revision_and_path, shared_cache
from stackcheck.commands.options import check_rule_ids, settings_for, split_ids, warn
from stackcheck.commands.scan import _for_log, _is_terminal, _output_formats, _progress, _write
from stackcheck.config import Settings
from stackcheck.errors import StackcheckError
from stackcheck.facts.collect import Limits, Memo, collect, deadline_after
from stackcheck.hidden import hidden
from stackcheck.judge.evaluate import Finding, Looks, evaluate, evaluate_again, looks
from stackcheck.judge.rules import Rule
from stackcheck.judge.verdict import Policy
from stackcheck.pipeline import (
    decide_with_advice,
    policy_for,
    role_influence,
    rules_for,
    suppressions_for,
)
from stackcheck.report import Report, Suppression
from stackcheck.report.changes import compare
from stackcheck.report.formats import HISTORY_FORMATS, RenderOptions, history_renderer
from stackcheck.report.history import Commit, History, Step
from stackcheck.source.discover import (
    Exclusions,
    TreeContext,
    check_target,
    filter_listing,
    pattern_skips,
    role_attributes,
    tree_context,
)
from stackcheck.source.git import GitDir, GitUnavailable, locate, run_git
from stackcheck.source.listing import Entry, Listing, RepoFile, RepoFiles, Skipped
from stackcheck.source.remote import origin
from stackcheck.source.revisions import listings

DEFAULT_MAX_COUNT = 50


def run(args: tuple[str, ...], options: dict[str, Any]) -> int:
    rev, path = revision_and_path(args, "history [REV] [PATH]")
    if not path.exists():
        raise StackcheckError(f"{path}: no such file or directory")
    settings = settings_for(path, options.get("config_file"), options.get("isolated", False))
    settings = settings.with_options(
        select=split_ids(options.get("select", ())),
        ignore=split_ids(options.get("ignore", ())),
        cache=False if options.get("no_cache") else None,
        cache_dir=options.get("cache_dir"),
        timeout=options.get("timeout"),
    )
    extra_outputs = _output_formats(options.get("output_formats", ()))
    for name, _ in extra_outputs:
        if name not in HISTORY_FORMATS:
            raise StackcheckError(
                f"--output-format: history renders as {', '.join(HISTORY_FORMATS)}, not {name}"
            )
    warn(settings)
    rules = rules_for(settings)
    check_rule_ids(options, rules)
    where = locate(path)
    start = resolve(where, rev or "HEAD", "REV")
    max_count = options.get("max_count") or DEFAULT_MAX_COUNT
    commits = first_parent(where, start, max_count, options.get("since"))
    with _progress(enabled=_is_terminal(sys.stderr)), shared_cache(settings) as cache:
        reports = scan_commits(path, settings, [c.commit for c in commits], cache, rules)
    boundary = _boundary(where, commits)
    history = History(
        target=str(path),
        start=start,
        steps=_steps(commits, reports),
        boundary=boundary,
        # A boundary commit has no parents git can see either, but it is not the first.
        complete=bool(commits) and boundary is None and not _parents(where, commits[-1].commit),
        remote=_remote(path),
    )
    for extra_fmt, extra_file in extra_outputs:
        _write(extra_file, history_renderer(extra_fmt)(history, RenderOptions()))
    text = history_renderer(options.get("fmt") or "text")(history, RenderOptions())
    output: Path | None = options.get("output")
    if output is not None:
        _write(output, text)
    else:
        click.echo(_for_log(text, options.get("fmt") or "text"), nl=False)
    return 0


def scan_commits(
    target: Path,
    settings: Settings,
    commits: list[str],
    cache: Cache,
    rules: tuple[Rule, ...] | None = None,
) -> list[Report]:
    """What `pipeline.scan(target, settings, rev=c, cache=cache)` reports for each commit c,
    in order, for little more than one scan plus the blobs that changed (tests/test_history.py
    checks both). What does not change between commits is prepared once: the rules, the
    policy, one git walk for every tree (revisions.py), each cached file result decoded once.
    Neighbouring commits share most of their work: only the entries that changed are
    filtered again, the same files give the same facts, and only the rules that look at a
    fact that changed are evaluated again."""
    check_target(target)
    rules = rules_for(settings) if rules is None else rules
    shared = _Shared(
        target=str(target),
        rules=rules,
        looked={rule.id: looks(rule) for rule in rules},
        policy=policy_for(settings, rules),
        suppressions=suppressions_for(settings, rules),
        # One budget for the whole history: every commit's scan draws on it.
        limits=Limits(settings.max_file_bytes, deadline=deadline_after(settings.timeout)),
        cache=cache,
        memo={},
        settings=settings,
    )
    refilter = _Refilter(Exclusions(settings.exclude, settings.include_vendored))
    scanned: list[_Scanned] = []
    started = time.perf_counter()
    for listing in listings(target, commits):
        scanned.append(_scan(shared, refilter(listing), scanned[-1] if scanned else None, started))
        started = time.perf_counter()
    return [s.report for s in scanned]


class _Shared(NamedTuple):
    """What every commit's scan shares."""

    target: str
    rules: tuple[Rule, ...]
    looked: dict[str, Looks]  # what each rule looks at, by rule ID
    policy: Policy
    suppressions: tuple[Suppression, ...]
    limits: Limits
    cache: Cache
    memo: Memo
    settings: Settings  # what hid which findings (hidden.py)


class _Scanned(NamedTuple):
    """One commit's scan, and what the next commit's may reuse of it."""

    repo: RepoFiles
    findings: tuple[Finding, ...]
    report: Report


def _scan(shared: _Shared, repo: RepoFiles, previous: _Scanned | None, started: float) -> _Scanned:
    if previous is not None and _same_files(repo, previous.repo):
        # collect would answer from the whole-tree entry the previous commit left in the
        # cache, reading nothing.
        facts = replace(
            previous.report.facts, files_read=0, bytes_read=0, extra={"from_cache": True}
        )
    else:
        facts = collect(repo, shared.limits, shared.cache, memo=shared.memo)
    if previous is None:
        findings = evaluate(shared.rules, facts.values)
    else:
        before, found = previous.report.facts.values, previous.findings
        findings = evaluate_again(shared.rules, facts.values, before, found, shared.looked)
    if (
        previous is not None
        and findings == previous.findings
        and facts.values == previous.report.facts.values
    ):
        verdict = previous.report.verdict  # the same findings over the same stack
    else:
        verdict = decide_with_advice(findings, facts, shared.policy)
    report = Report(
        target=shared.target,
        rev=repo.rev,
        verdict=verdict,
        facts=facts,
        seconds=time.perf_counter() - started,
        rules=shared.rules,
        suppressions=shared.suppressions,
        repo_influence=role_influence(facts),
        hidden=hidden(shared.settings, findings, shared.policy),
    )
    return _Scanned(repo, findings, report)


def _same_files(repo: RepoFiles, other: RepoFiles) -> bool:
    """Whether collect sees the same tree: what its whole-tree cache key is made of."""
    return (
        repo.files == other.files
        and repo.skipped == other.skipped
        and repo.role_attributes == other.role_attributes
    )


class _Refilter:
    """filter_listing for one listing after another, judging only the entries that differ
    from the previous listing's. What filter_listing decides for an entry depends on the
    entry and on the tree's context (discover.tree_context: its .gitattributes files, its
    documentation sites, its project roots); when that changes, it judges the whole listing
    again."""

    def __init__(self, exclusions: Exclusions) -> None:
        self.exclusions = exclusions
        self.context: TreeContext | None = None
        self.judged: dict[Entry, RepoFile | None] = {}  # None: excluded
        self.skipped: tuple[Skipped, ...] = ()  # what the pattern bounds left out

    def __call__(self, listing: Listing) -> RepoFiles:
        entries = set(listing.entries)
        context = tree_context(listing.entries)
        attributes = context.attribute_files
        if context != self.context:
            self.context, self.judged = context, {}
            self.skipped = pattern_skips(listing, self.exclusions)
        new = [e for e in entries if e not in self.judged]
        if new:
            # The attribute files come along so that their patterns apply to the new entries.
            part = filter_listing(
                replace(listing, entries=[*new, *attributes]), self.exclusions, context
            )
            kept = {f.path: f for f in part.files}
            self.judged.update({e: kept.get(e.path) for e in new})
        self.judged = {e: self.judged[e] for e in entries}
        files = tuple(sorted(f for f in self.judged.values() if f is not None))
        return RepoFiles(
            root=listing.root,
            rev=listing.rev,
            files=files,
            skipped=tuple(sorted({*listing.skipped, *self.skipped})),
            excluded=len(entries) - len(files),
            read=listing.read,
            is_git=listing.is_git,
            role_attributes=role_attributes(listing) if attributes else (),
        )


def _steps(commits: list[Commit], reports: list[Report]) -> tuple[Step, ...]:
    steps = []
    for index, (commit, report) in enumerate(zip(commits, reports, strict=True)):
        older = reports[index + 1] if index + 1 < len(reports) else None
        change = None if older is None else compare(older, report)
        steps.append(Step(commit, report, change))
    return tuple(steps)


def _remote(path: Path) -> str | None:
    found = origin(path)
    return found.remote if found is not None else None


def _git(where: GitDir, *args: str) -> str:
    try:
        out = run_git(where.git_dir, f"--git-dir={where.git_dir}", *args)
    except GitUnavailable as exc:
        raise StackcheckError("git is not installed; history needs it") from exc
    except subprocess.CalledProcessError as exc:
        raise StackcheckError(f"git {args[0]}: {exc.stderr or 'failed'}") from exc
    return out.decode("utf-8", "replace")


def first_parent(where: GitDir, start: str, max_count: int, since: str | None) -> list[Commit]:
    """The commits `git rev-list --first-parent` lists from start, newest first."""
    args = ["log", "--first-parent", "-z", "--format=%H%x1f%cs%x1f%s", f"--max-count={max_count}"]
    if since:
        args.append(f"--since={since}")
    found = []
    for record in _git(where, *args, "--end-of-options", start, "--").split("\0"):
        commit, _, rest = record.strip("\n").partition("\x1f")
        date, _, subject = rest.partition("\x1f")
        if commit:
            found.append(Commit(commit, date, subject))
    return found


def _parents(where: GitDir, commit: str) -> list[str]:
    """The parents git can see: none for a root commit and for a shallow boundary."""
    line = _git(where, "rev-list", "--parents", "-n", "1", commit).split()
    return line[1:]


def _boundary(where: GitDir, commits: list[Commit]) -> str | None:
    if not commits or _git(where, "rev-parse", "--is-shallow-repository").strip() != "true":
        return None
    shallow = Path(_git(where, "rev-parse", "--git-path", "shallow").strip())
    if not shallow.is_absolute():
        shallow = where.git_dir / shallow
    try:
        grafted = set(shallow.read_text(encoding="ascii").split())
    except OSError:
        return None
    oldest = commits[-1].commit
    return oldest if oldest in grafted else None
