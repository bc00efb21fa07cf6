"""Stage 4, the report: the verdict with its evidence, and how it is written out.

Takes the verdict, the facts and the rules; gives the `Report` every output format renders
(below, with its contract JSON shape), the change between two reports (changes.py), the
verdict along history (history.py), and text in each format (formats/).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from stackcheck import __version__
from stackcheck.facts import Evidence, Facts
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.rules import Rule
from stackcheck.judge.verdict import Verdict

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

    @property
    def name(self) -> str:
        return self.verdict.verdict


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
    """Warning rules plus tripped cases too weak to decide the verdict."""
    found = [
        {
            "id": f.rule.id,
            "slug": f.rule.slug,
            "message": f.rule.message,
            "evidence": [evidence_dict(e) for e in f.evidence],
        }
        for f in report.verdict.warnings
    ]
    found.extend(
        {
            "id": f.rule.id,
            "slug": f.rule.slug,
            "message": f"{f.rule.title}: tripped with low confidence {f.confidence:.2f}; "
            f"consider {f.rule.alternative}",
            "evidence": [evidence_dict(e) for e in f.evidence],
        }
        for f in report.verdict.low_confidence_avoid
    )
    return sorted(found, key=lambda w: w["id"])


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


def influence_dict(item: Influence) -> dict[str, Any]:
    return {"source": item.source, "setting": item.setting, "effect": item.effect}


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


def to_dict(report: Report) -> dict[str, Any]:
    facts = report.facts
    return {
        "schema": SCHEMA,
        "tool": {"name": "stackcheck", "version": __version__},
        "target": {"path": report.target, "rev": report.rev},
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
        "stack": stack_dict(report),
        "stats": {
            "files": facts.files,
            "files_read": facts.files_read,
            "bytes_read": facts.bytes_read,
            "seconds": round(report.seconds, 3),
            "complete": facts.complete,
        },
    }
