"""JUnit XML, for CI systems that show test reports: one test case per rule evaluated.

A tripped "when not to use" case is a failure; warnings and low-confidence cases pass
with their message in <system-out>; each skipped file is a skipped test case.
xml.etree escapes markup; characters XML cannot carry at all are escaped here.

A diff as JUnit XML: the head report's findings that are new in it.

A finding the base already had is not reported again, so a pull request's checks show
only what the change brought in; the verdict is the head's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from stackcheck.facts import Evidence
from stackcheck.judge.rules import Rule
from stackcheck.report import Hidden, Influence, Report, hidden_line, influence_summary
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.json_lines import (
    AVOID,
    USE_CASE,
    WARNING,
    Entry,
    ci_path,
    entries,
)
from stackcheck.report.formats.safe import printable

if TYPE_CHECKING:
    from stackcheck.report.changes import ReportDiff

SUITE = "stackcheck"
TOP_EVIDENCE = 10
# Anything outside XML 1.0's Char production makes the document unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report, options: RenderOptions) -> str:
    by_rule = {e.rule_id: e for e in entries(report)}
    hid = {rid: h for h in report.hidden for rid in h.findings}
    cases = [
        _rule_case(report, rule, by_rule.get(rule.id), hid.get(rule.id))
        for rule in sorted(report.rules, key=lambda r: r.id)
    ]
    cases += [_skipped_case(ci_path(report, s.path), s.reason) for s in report.facts.skipped]
    cases += [_influence_case(i) for i in report.repo_influence]
    failures = sum(1 for e in by_rule.values() if e.type == AVOID)
    # A rule whose finding a setting hid is a skipped case, as a skipped file is.
    hidden_cases = sum(1 for r in report.rules if r.id in hid and r.id not in by_rule)
    skipped = len(report.facts.skipped) + hidden_cases
    counts = {
        "tests": str(len(cases)),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
        "time": f"{report.seconds:.3f}",
    }
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "verdict", "value": report.verdict.verdict})
    ET.SubElement(props, "property", {"name": "target", "value": _text(report.target)})
    if report.repo_influence:
        summary = influence_summary(report.repo_influence)
        ET.SubElement(props, "property", {"name": "repo_influence", "value": _text(summary)})
    for item in report.hidden:
        ET.SubElement(props, "property", {"name": "hidden", "value": _text(hidden_line(item))})
    suite.extend(cases)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _rule_case(
    report: Report, rule: Rule, entry: Entry | None, hidden: Hidden | None
) -> ET.Element:
    case = ET.Element(
        "testcase", {"classname": f"{SUITE}.{rule.kind}", "name": f"{rule.id} {rule.slug}"}
    )
    if entry is None and hidden is not None:
        ET.SubElement(case, "skipped", {"message": _text(hidden_line(hidden))})
    if entry is None:
        return case
    body = _text("\n".join([entry.message, *_evidence(report, entry.finding.evidence)]))
    if entry.type == AVOID:
        failure = ET.SubElement(case, "failure", {"type": "avoid", "message": _text(entry.message)})
        failure.text = body
    elif entry.type in (WARNING, USE_CASE):
        ET.SubElement(case, "system-out").text = body
    return case


def _influence_case(item: Influence) -> ET.Element:
    """A setting of the repository's own config: a passing case whose output says what
    it did (the exit code, not this case, carries the gate)."""
    case = ET.Element(
        "testcase",
        {"classname": f"{SUITE}.repo-influence", "name": _text(f"{item.source}: {item.setting}")},
    )
    ET.SubElement(case, "system-out").text = _text(item.effect)
    return case


def _skipped_case(path: str, reason: str) -> ET.Element:
    case = ET.Element("testcase", {"classname": f"{SUITE}.skipped", "name": _text(printable(path))})
    ET.SubElement(case, "skipped", {"message": _text(printable(reason))})
    return case


def _evidence(report: Report, items: tuple[Evidence, ...]) -> list[str]:
    """Evidence with its paths as the other CI formats give them (json_lines.ci_path)."""
    lines = [
        f"  {printable(ci_path(report, e.path))}{f':{e.line}' if e.line else ''}  "
        f"{printable(e.detail)}"
        for e in items[:TOP_EVIDENCE]
    ]
    if len(items) > TOP_EVIDENCE:
        lines.append(f"  … and {len(items) - TOP_EVIDENCE} more")
    return lines


def _text(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# The diff of two reports.


def render_diff(diff: ReportDiff, options: RenderOptions) -> str:
    from stackcheck.report.changes import new_findings

    return render(new_findings(diff), options)
