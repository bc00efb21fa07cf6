"""What the scanned repository's own config did to a scan: CONTRACT.md's `repo_influence`.

Pure. A scan whose settings the repository's config narrowed is judged twice: with the
merged settings (what the report shows) and with the person's own settings alone (what
the gate also counts). Comparing the findings each view reports, and the files each
scanned, credits every setting the repository gave with what it changed: the findings it
hid, demoted or added, the files it left out, the gate it made stricter. The settings it
may not give were refused when the settings were read (config.py) and are listed too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from stackcheck.config import STRICTNESS, RepoSetting, Settings
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.verdict import Policy, reported
from stackcheck.report import Influence

REPORTED_KINDS = ("use-case", "avoid", "warning")


class View(NamedTuple):
    """One way of judging the scan: its policy, its findings, how many files it scanned."""

    policy: Policy
    findings: Sequence[Finding]
    files: int


def measure(settings: Settings, shown: View, own: View) -> tuple[Influence, ...]:
    """Each setting the repository's config gave itself that changed the scan, with what
    it did; then those it tried to give and may not."""
    repository = settings.repository
    if repository is None:
        return ()
    seen = _reported(shown)
    own_seen = _reported(own)
    hidden = {rid: own_seen[rid] for rid in sorted(set(own_seen) - set(seen))}
    added = {rid: seen[rid] for rid in sorted(set(seen) - set(own_seen))}
    causes: dict[RepoSetting, list[tuple[str, Finding]]] = {s: [] for s in repository.given}
    for rid, finding in hidden.items():
        cause = _hid_by(rid, finding, repository.given, settings)
        if cause is not None:
            causes[cause].append(("hid", finding))
    for rid, finding in added.items():
        cause = _added_by(rid, finding, repository.given, settings, repository.own)
        if cause is not None:
            causes[cause].append(("added", finding))
    demoted = {
        rid: f
        for rid, f in seen.items()
        if f.rule.kind == "avoid" and rid in shown.policy.demoted and rid not in own.policy.demoted
    }
    for rid, finding in demoted.items():
        cause = _demoted_by(rid, repository.given)
        if cause is not None:
            causes[cause].append(("demoted", finding))
    found = [
        _effect(repository.source, given, causes[given], settings, shown, own)
        for given in repository.given
    ]
    return (*(i for i in found if i.kind != "none"), *repository.refused)


def _reported(view: View) -> dict[str, Finding]:
    return {
        f.rule.id: f for f in reported(view.findings, view.policy) if f.rule.kind in REPORTED_KINDS
    }


def _hid_by(
    rid: str, finding: Finding, given: tuple[RepoSetting, ...], settings: Settings
) -> RepoSetting | None:
    """The repository setting that kept a finding out of the report."""
    for entry in given:
        if entry.key == "ignore" and rid.startswith(entry.item.upper()):
            return entry
    for entry in given:
        if entry.key == "severity" and rid.startswith(entry.item) and _level(entry) == "off":
            return entry
    select = (*settings.select, *settings.extend_select)
    if settings.select and not any(rid.startswith(p) for p in select):
        return _first(given, "select")
    if finding.confidence < settings.min_confidence:
        return _first(given, "min-confidence")
    return _first(given, "exclude") or _first(given, "include-vendored")


def _added_by(
    rid: str, finding: Finding, given: tuple[RepoSetting, ...], settings: Settings, own: Settings
) -> RepoSetting | None:
    """The repository setting that brought a finding into the report."""
    if finding.confidence < own.min_confidence:
        return _first(given, "min-confidence")
    own_select = (*own.select, *own.extend_select)
    if own.select and not any(rid.startswith(p) for p in own_select):
        return _first(given, "select") or _first(given, "extend-select")
    return _first(given, "exclude") or _first(given, "include-vendored")


def _demoted_by(rid: str, given: tuple[RepoSetting, ...]) -> RepoSetting | None:
    matches = [
        e
        for e in given
        if e.key == "severity" and rid.startswith(e.item) and _level(e) == "warning"
    ]
    return max(matches, key=lambda e: len(e.item)) if matches else None


def _level(entry: RepoSetting) -> str:
    return entry.level


def _first(given: tuple[RepoSetting, ...], key: str) -> RepoSetting | None:
    return next((e for e in given if e.key == key), None)


def _effect(
    source: str,
    given: RepoSetting,
    changed: list[tuple[str, Finding]],
    settings: Settings,
    shown: View,
    own: View,
) -> Influence:
    if given.key == "fail-on":
        return _gate(source, given, settings)
    label = _label(given)
    hid = [f for how, f in changed if how == "hid"]
    added = [f for how, f in changed if how == "added"]
    demoted = [f for how, f in changed if how == "demoted"]
    phrases = []
    if given.key in ("exclude", "include-vendored") and shown.files != own.files:
        more = shown.files - own.files
        phrases.append(f"{'added' if more > 0 else 'left out'} {_count(abs(more), 'file')}")
    if hid:
        them = "them" if len(hid) > 1 else "it"
        phrases.append(f"hid {_names(hid)} from the report (the gate still counts {them})")
    if added:
        phrases.append(f"added {_names(added)} to the report")
    if demoted:
        phrases.append(f"turned {_names(demoted)} into a warning (the gate still counts it)")
    effect = "; ".join(phrases) or "changed nothing in this scan"
    if hid:
        return Influence(source, given.shown, effect, "hid", _items(hid, label))
    if added:
        return Influence(source, given.shown, effect, "added", _items(added, label))
    if demoted:
        return Influence(source, given.shown, effect, "demoted", _items(demoted, "warning"))
    if shown.files != own.files and given.key in ("exclude", "include-vendored"):
        return Influence(source, given.shown, effect, "files", (f"{phrases[0]} ({label})",))
    return Influence(source, given.shown, effect)


def _gate(source: str, given: RepoSetting, settings: Settings) -> Influence:
    """`fail-on` may make the gate stricter than the person's policy, never laxer."""
    repository = settings.repository
    assert repository is not None and repository.fail_on is not None
    asked, own, used = repository.fail_on, repository.own.fail_on, settings.fail_on
    if STRICTNESS[asked] < STRICTNESS[own]:
        effect = (
            "ignored: a repository may make the gate stricter, never laxer "
            f"(the policy stays fail-on {own})"
        )
        return Influence(source, given.shown, effect, "refused", ("fail-on",))
    if STRICTNESS[asked] > STRICTNESS[used]:
        effect = f"ignored: the command line sets the policy (fail-on {used})"
        return Influence(source, given.shown, effect, "refused", ("fail-on",))
    if asked == own:
        return Influence(source, given.shown, f"changed nothing: the policy is fail-on {own}")
    effect = f"made the gate stricter: fail-on {asked} instead of {own}"
    return Influence(source, given.shown, effect, "gate", (f"fail-on {asked}",))


def _label(given: RepoSetting) -> str:
    """How a finding's cause is named in the one-line summary: "DJ901 (off)"."""
    if given.key == "severity":
        return _level(given)
    return given.key


def _items(findings: list[Finding], label: str) -> tuple[str, ...]:
    return tuple(f"{f.rule.id} ({label})" for f in findings)


def _names(findings: list[Finding]) -> str:
    return ", ".join(f"{f.rule.id} {f.rule.slug}" for f in findings)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
