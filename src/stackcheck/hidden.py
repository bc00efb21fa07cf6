"""Which findings the settings kept out of a report, and which setting kept each: the
report's `hidden` list, so that no suppression is invisible.

Pure. A finding the rules made but the policy does not report is credited to one setting,
asked in this order: an ignore (--ignore, `ignore`) naming its rule or a prefix of it, with
the suppression's reason or "no reason given"; a severity set to off; a selection
(--select, `select`, `extend-select`) that leaves it out; the confidence floor
(--min-confidence, `min-confidence`).
"""

from __future__ import annotations

from collections.abc import Sequence

from stackcheck.config import Settings
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.verdict import Policy, reported
from stackcheck.report import Hidden

REPORTED_KINDS = ("use-case", "avoid", "warning")  # context rules are never reported
ORDER = ("ignore", "severity", "select", "min-confidence")


def hidden(settings: Settings, findings: Sequence[Finding], policy: Policy) -> tuple[Hidden, ...]:
    shown = {f.rule.id for f in reported(findings, policy)}
    by_cause: dict[tuple[str, str | None], list[str]] = {}
    for finding in findings:
        if finding.rule.kind not in REPORTED_KINDS or finding.rule.id in shown:
            continue
        cause = _cause(finding, settings)
        if cause is not None:
            by_cause.setdefault(cause, []).append(finding.rule.id)
    ordered = sorted(by_cause, key=lambda c: (ORDER.index(c[0]), c[1] or ""))
    return tuple(
        Hidden(
            setting, rule, tuple(sorted(by_cause[setting, rule])), _reason(setting, rule, settings)
        )
        for setting, rule in ordered
    )


def _cause(finding: Finding, settings: Settings) -> tuple[str, str | None] | None:
    rid = finding.rule.id
    ignored = [p for p in settings.ignore if rid.startswith(p)]
    if ignored:
        return "ignore", ignored[0]
    off = [p for p, level in settings.severity if level == "off" and rid.startswith(p)]
    if off:
        return "severity", max(off, key=len)
    selection = (*settings.select, *settings.extend_select)
    if settings.select and not any(rid.startswith(p) for p in selection):
        return "select", None
    if finding.confidence < settings.min_confidence:
        return "min-confidence", None
    return None


def _reason(setting: str, rule: str | None, settings: Settings) -> str:
    if setting == "ignore":
        given = [s.reason for s in settings.suppressions if s.rule == rule]
        return f"ignored {rule}: {given[0] if given else 'no reason given'}"
    if setting == "severity":
        return f"severity {rule} = off"
    if setting == "select":
        return f"not selected: select {', '.join((*settings.select, *settings.extend_select))}"
    return f"confidence below min-confidence {settings.min_confidence:.2f}"
