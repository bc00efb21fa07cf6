"""Stage 4, the report: the verdict with its evidence, and how it is written out.

Takes the verdict, the facts and the rules; gives the `Report` every output format renders
(below, with its contract JSON shape), the change between two reports (changes.py), the
verdict along history (history.py), and text in each format (formats/).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple

from stackcheck import __version__
from stackcheck.facts import Evidence, Facts
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.rules import Rule
from stackcheck.judge.verdict import Verdict

if TYPE_CHECKING:
    from pathlib import Path

    from stackcheck.source.remote import Origin

SCHEMA = "stackcheck.report/1"


class Suppression(NamedTuple):
    rule: str
    reason: str


class Influence(NamedTuple):
    """A setting the scanned repository's own config gave itself (or tried to), and what
    it did to the scan: CONTRACT.md's `repo_influence`."""

    source: str  # the config file, relative to the scanned folder
    setting: str  # as the file gives it: 'severity.DJ9 = "off"'
    effect: str  # what it did, or why it was ignored
    kind: str = "none"  # hid | demoted | added | files | roles | gate | refused | none
    items: tuple[str, ...] = ()  # what it hid, demoted or added ("DJ901 (off)"), or the key


@dataclass(frozen=True)
class Hidden:
    """Findings one setting kept out of the report: "hidden: 2 findings (why)". Every
    setting that hides counts, the person's and the repository's alike: --ignore and
    `ignore`, a severity set to off, --select, --min-confidence."""

    setting: str  # ignore | severity | select | min-confidence
    rule: str | None  # the ID or prefix an ignore or a severity names; None otherwise
    findings: tuple[str, ...]  # the rule IDs of the findings it hid
    reason: str  # why, in a few words: 'ignored DJ9: no reason given'

    @property
    def count(self) -> int:
        return len(self.findings)


@dataclass(frozen=True)
class Report:
    target: str
    rev: str | None
    verdict: Verdict
    facts: Facts
    seconds: float
    rules: tuple[Rule, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    repo_influence: tuple[Influence, ...] = ()
    gate: Verdict | None = None  # the verdict without the repository's settings, if different
    hidden: tuple[Hidden, ...] = ()  # the findings the settings kept out, by setting
    origin: Origin | None = None  # the repository's web URL and commit; None outside git
    # The stack summary as a saved report gives it (report/load.py), when the facts behind
    # it are not at hand; None: summarised from the facts.
    saved_stack: Mapping[str, Any] | None = None

    @property
    def name(self) -> str:
        return self.verdict.verdict


def with_origin(report: Report, target: Path) -> Report:
    """The report with the repository's web URL and commit (source/remote.py), for the
    formats that show them."""
    from stackcheck.source.remote import origin

    return replace(report, origin=origin(target))


def own_view(report: Report) -> Report:
    """The report as the person's own settings judge it (without the repository's)."""
    return replace(report, verdict=report.gate) if report.gate is not None else report


def evidence_dict(item: Evidence) -> dict[str, Any]:
    return {"path": item.path, "line": item.line, "detail": item.detail}


def use_case_dict(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.rule.id,
        "slug": finding.rule.slug,
        "title": finding.rule.title,
        "confidence": finding.confidence,
        "reasons": list(finding.reasons),
        "evidence": [evidence_dict(e) for e in finding.evidence],
    }


def avoid_dict(finding: Finding) -> dict[str, Any]:
    return {**use_case_dict(finding), "alternative": finding.rule.alternative}


def warnings(report: Report) -> list[dict[str, Any]]:
    """Warning rules plus tripped cases too weak to decide the verdict (their `kind` says
    which: "warning" or "avoid"), with what a format needs to show them as findings."""
    found = [_warning_dict(f, f.rule.message) for f in report.verdict.warnings]
    found.extend(
        _warning_dict(
            f,
            f"{f.rule.title}: tripped with low confidence {f.confidence:.2f}; "
            f"consider {f.rule.alternative}",
        )
        for f in report.verdict.low_confidence_avoid
    )
    return sorted(found, key=lambda w: w["id"])


def _warning_dict(finding: Finding, message: str) -> dict[str, Any]:
    return {
        "id": finding.rule.id,
        "slug": finding.rule.slug,
        "title": finding.rule.title,
        "kind": finding.rule.kind,
        "message": message,
        "alternative": finding.rule.alternative,
        "confidence": finding.confidence,
        "reasons": list(finding.reasons),
        "evidence": [evidence_dict(e) for e in finding.evidence],
    }


KIND_WORDS = {
    "web-app": "a web application or service",
    "static-site": "a static site",
    "trading-system": "a trading system",
    "realtime-server": "a real-time server whose product is persistent connections",
    "library": "a library",
    "cli": "a command-line tool",
    "notebooks": "notebooks or a course",
    "infrastructure": "infrastructure code",
    "firmware": "firmware",
    "other": "not a web application",
}
MAX_NAMES = 5


def not_applicable_reason(report: Report) -> str:
    """What a not-applicable project is instead, and the first reason."""
    kind = report.verdict.kind
    if kind is None:
        return "no web application or service found"
    why = next((r.detail for r in kind.reasons), "")
    what = KIND_WORDS.get(kind.name, kind.name)
    return f"no web application here: {what}" + (f" ({why})" if why else "")


def stack_lines(report: Report) -> list[tuple[str, str]]:
    """The stack summary as a few (label, text) lines: kind, languages, frameworks,
    datastores, deploy, for the formats a person reads; empty parts are left out."""
    stack = stack_dict(report)
    why = [r["detail"] for r in stack["reasons"] if r["path"] == "."][:2]
    lines = [("kind", stack["kind"] + (f" ({'; '.join(why)})" if why else ""))]
    languages = [f"{x['name']} {x['share']:.0%}" for x in stack["languages"][:MAX_NAMES]]
    if languages:
        lines.append(("languages", ", ".join(languages)))
    for key in ("frameworks", "datastores", "deploy"):
        names = [
            x["name"] + (f" {x['version']}" if x.get("version") else "")
            for x in stack[key][:MAX_NAMES]
        ]
        if names:
            more = len(stack[key]) - len(names)
            lines.append((key, ", ".join(names) + (f" (+{more} more)" if more else "")))
    return lines


def stack_dict(report: Report) -> dict[str, Any]:
    """The contract's `stack` object: what the project is, and what it is built of."""
    if report.saved_stack is not None:
        return dict(report.saved_stack)
    from stackcheck.judge.kind import NOTHING_FOUND
    from stackcheck.judge.stack import summarise

    kind = report.verdict.kind or NOTHING_FOUND
    stack = summarise(report.facts.values)
    return {
        "kind": kind.name,
        "reasons": [evidence_dict(e) for e in kind.reasons],
        "languages": [dict(language._asdict()) for language in stack.languages],
        "frameworks": [_named_dict(n, with_version=True) for n in stack.frameworks],
        "datastores": [_named_dict(n) for n in stack.datastores],
        "deploy": [_named_dict(n) for n in stack.deploy],
    }


def _named_dict(named: Any, with_version: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {"name": named.name}
    if with_version:
        found["version"] = named.version
    found["evidence"] = [evidence_dict(e) for e in named.evidence]
    return found


def read_count(*trees: Facts) -> str:
    """What a run read for one or more trees ("22 read"), or "from cache" when the cache
    answered for every tree and nothing was read."""
    if all(t.from_cache for t in trees):
        return "from cache"
    return f"{sum(t.files_read for t in trees)} read"


def hidden_dict(item: Hidden) -> dict[str, Any]:
    return {
        "setting": item.setting,
        "rule": item.rule,
        "count": item.count,
        "findings": list(item.findings),
        "reason": item.reason,
    }


def hidden_line(item: Hidden) -> str:
    """'hidden: 2 findings (ignored DJ9: no reason given): DJ901, DJ903'."""
    s = "s" if item.count != 1 else ""
    return f"hidden: {item.count} finding{s} ({item.reason}): {', '.join(item.findings)}"


def influence_dict(item: Influence) -> dict[str, Any]:
    return {
        "source": item.source,
        "setting": item.setting,
        "effect": item.effect,
        "kind": item.kind,
        "items": list(item.items),
    }


def influence_summary(influences: tuple[Influence, ...]) -> str:
    """One line: "the repository's config hid 1 finding: DJ901 (off); ignored 1 setting it
    may not give: cache-dir"."""
    phrases = {
        "hid": "hid {n} finding{s}: {items}, still counted by the gate",
        "added": "added {n} finding{s}: {items}",
        "demoted": "demoted {n} finding{s} to warnings: {items}",
        "files": "changed which files were scanned: {items}",
        "roles": "set the role of {items} in .gitattributes",
        "gate": "made the gate stricter: {items}",
        "refused": "ignored {n} setting{s} it may not give: {items}",
    }
    parts = []
    for kind, phrase in phrases.items():
        items = [item for i in influences if i.kind == kind for item in i.items]
        if items:
            s = "s" if len(items) != 1 else ""
            parts.append(phrase.format(n=len(items), s=s, items=", ".join(items)))
    if not parts:
        return f"the repository's config changed nothing in this scan ({_settings(influences)})"
    return "the repository's config " + "; ".join(parts)


def _settings(influences: tuple[Influence, ...]) -> str:
    n = len(influences)
    return f"{n} setting{'s' if n != 1 else ''}"


def target_dict(report: Report) -> dict[str, Any]:
    """What was scanned: the path and commit, and where the repository lives on the web
    (`remote`, credentials stripped), the commit its files link to (`commit`: HEAD for a
    work tree or the index) and the scanned folder inside it (`subdir`); null outside git."""
    origin = report.origin
    return {
        "path": report.target,
        "rev": report.rev,
        "remote": origin.remote if origin is not None else None,
        "commit": (report.rev or origin.commit) if origin is not None else report.rev,
        "subdir": origin.subdir if origin is not None else None,
    }


def to_dict(report: Report) -> dict[str, Any]:
    facts = report.facts
    return {
        "schema": SCHEMA,
        "tool": {"name": "stackcheck", "version": __version__},
        "target": target_dict(report),
        "verdict": report.verdict.verdict,
        "use_cases": [use_case_dict(f) for f in report.verdict.use_cases],
        "avoid": [avoid_dict(f) for f in report.verdict.avoid],
        "warnings": warnings(report),
        "skipped": [{"path": s.path, "reason": s.reason} for s in facts.skipped],
        "manifests": [
            {"path": m.path, "kind": m.kind, "dependencies": m.dependencies}
            for m in facts.manifests
        ],
        "suppressions": [{"rule": s.rule, "reason": s.reason} for s in report.suppressions],
        "repo_influence": [influence_dict(i) for i in report.repo_influence],
        "hidden": [hidden_dict(h) for h in report.hidden],
        "stack": stack_dict(report),
        "stats": {
            "files": facts.files,
            "files_read": facts.files_read,
            "bytes_read": facts.bytes_read,
            "seconds": round(report.seconds, 3),
            "complete": facts.complete,
            "from_cache": facts.from_cache,
        },
    }
