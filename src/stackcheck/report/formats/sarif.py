"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

GitHub rejects a whole upload when one result has no physical location, so a finding
without file evidence is placed at the root of the scanned tree.

A diff as SARIF 2.1.0 for code scanning: the head report's findings that are new in it.

A finding the base already had is not reported again, so a pull request's checks show
only what the change brought in; the verdict is the head's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from stackcheck import __version__
from stackcheck.facts import Evidence
from stackcheck.judge.rules import Rule, builtin_rules_dir
from stackcheck.report import Report, influence_dict
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.json_lines import (
    AVOID,
    USE_CASE,
    WARNING,
    Entry,
    ci_path,
    entries,
    fingerprint,
)

if TYPE_CHECKING:
    from stackcheck.report.changes import ReportDiff

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/stackcheck/stackcheck"
RULES_URI = "https://github.com/stackcheck/stackcheck/blob/main/rules/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "stackcheck/v1"
LEVELS = {AVOID: "error", WARNING: "warning", USE_CASE: "note"}
DEFAULT_LEVELS = {"avoid": "error", "warning": "warning", "use-case": "note", "context": "none"}
DOC_SECTIONS = (
    ("What it detects", "detects"),
    ("Why it matters", "why"),
    ("Example", "example"),
    ("Use instead", "instead"),
)


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(to_sarif(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_sarif(report: Report) -> dict[str, Any]:
    index = {rule.id: i for i, rule in enumerate(report.rules)}
    builtin = _builtin_dir()
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "stackcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule, builtin) for rule in report.rules],
                    }
                },
                "results": [_result(report, e, index) for e in entries(report)],
                "invocations": [_invocation(report)],
                "columnKind": "unicodeCodePoints",
                "properties": {
                    "verdict": report.verdict.verdict,
                    "suppressions": [
                        {"rule": s.rule, "reason": s.reason} for s in report.suppressions
                    ],
                    "repo_influence": [influence_dict(i) for i in report.repo_influence],
                },
            }
        ],
    }


def _builtin_dir() -> Path | None:
    try:
        return builtin_rules_dir().resolve()
    except OSError:
        return None


def _rule(rule: Rule, builtin: Path | None) -> dict[str, Any]:
    docs = rule.docs
    text = "\n\n".join(f"{head}\n{getattr(docs, attr)}" for head, attr in DOC_SECTIONS)
    markdown = "\n\n".join(f"## {head}\n\n{getattr(docs, attr)}" for head, attr in DOC_SECTIONS)
    if docs.references:
        text += "\n\nReferences\n" + "\n".join(f"- {ref}" for ref in docs.references)
        markdown += "\n\n## References\n\n" + "\n".join(f"- <{ref}>" for ref in docs.references)
    if rule.alternative:
        text = f"Alternative: {rule.alternative}\n\n{text}"
        markdown = f"**Alternative:** {rule.alternative}\n\n{markdown}"
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.slug,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": docs.detects},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": DEFAULT_LEVELS.get(rule.kind, "warning")},
        "properties": {"kind": rule.kind, "tags": sorted({"django", rule.kind})},
    }
    source = Path(rule.source)
    # Only the shipped rules have a page at the project's URL; a user's pack does not.
    if builtin is not None and source.parent.resolve() == builtin:
        descriptor["helpUri"] = RULES_URI + quote(source.name)
    return descriptor


def _result(report: Report, entry: Entry, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": entry.rule_id,
        "level": LEVELS[entry.type],
        "message": {"text": entry.message},
        "locations": _locations(report, entry),
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(entry)},
        "properties": {"confidence": entry.finding.confidence, "type": entry.type},
    }
    if entry.rule_id in index:
        result["ruleIndex"] = index[entry.rule_id]
    return result


def _locations(report: Report, entry: Entry) -> list[dict[str, Any]]:
    seen: dict[tuple[str, int | None], Evidence] = {}
    for item in entry.files():
        seen.setdefault((item.path, item.line), item)
    if not seen:
        return [{"physicalLocation": {"artifactLocation": _root(report)}}]
    return [_location(report, item) for item in seen.values()]


def _location(report: Report, item: Evidence) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(report, item.path)}
    if item.line is not None and item.line >= 1:
        physical["region"] = {"startLine": item.line}
    return {"physicalLocation": physical, "message": {"text": item.detail}}


def _artifact(report: Report, path: str) -> dict[str, str]:
    return {"uri": quote(ci_path(report, path), safe="/"), "uriBaseId": SRCROOT}


def _root(report: Report) -> dict[str, str]:
    root = ci_path(report, ".")
    # An empty uri is rejected by GitHub; "." is the root itself as a relative reference.
    return {"uri": "." if root == "." else quote(root, safe="/") + "/", "uriBaseId": SRCROOT}


def _invocation(report: Report) -> dict[str, Any]:
    notes = [
        {
            "level": "warning",
            "message": {"text": f"skipped {skipped.path}: {skipped.reason}"},
            "locations": [
                {"physicalLocation": {"artifactLocation": _artifact(report, skipped.path)}}
            ],
            "descriptor": {"id": "skipped"},
        }
        for skipped in report.facts.skipped
    ]
    # A scan whose time budget ran out did not finish: SARIF's own word for that.
    invocation: dict[str, Any] = {"executionSuccessful": report.facts.complete}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    if report.repo_influence:
        # What the scanned repository's config did: configuration notifications on its file.
        invocation["toolConfigurationNotifications"] = [
            {
                "level": "note" if item.kind == "none" else "warning",
                "message": {"text": f"{item.setting}: {item.effect}"},
                "locations": [
                    {"physicalLocation": {"artifactLocation": _artifact(report, item.source)}}
                ],
                "descriptor": {"id": "repo-influence"},
            }
            for item in report.repo_influence
        ]
    return invocation


# The diff of two reports.


def render_diff(diff: ReportDiff, options: RenderOptions) -> str:
    from stackcheck.report.changes import new_findings

    return render(new_findings(diff), options)
