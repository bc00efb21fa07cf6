"""GitLab Code Quality report: a JSON list of issues for the merge-request widget.

A diff as GitLab Code Quality: the head report's findings that are new in it.

A finding the base already had is not reported again, so a pull request's checks show
only what the change brought in; the verdict is the head's.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from stackcheck.report import Hidden, Influence, Report, hidden_line
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

# blocker and critical are left to tools that find defects; a verdict about fit is "major".
SEVERITIES = {AVOID: "major", WARNING: "minor", USE_CASE: "info"}


def render(report: Report, options: RenderOptions) -> str:
    issues = [_issue(report, e) for e in entries(report)]
    issues += [_influence(report, i) for i in report.repo_influence]
    issues += [_hidden(report, h) for h in report.hidden]
    return json.dumps(issues, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _influence(report: Report, item: Influence) -> dict[str, Any]:
    """A setting of the repository's own config, as an issue on that file."""
    key = "\0".join(["repo_influence", item.source, item.setting])
    return {
        "description": f"The repository's config: {item.setting}: {item.effect}",
        "check_name": "stackcheck-repo-influence",
        "fingerprint": hashlib.sha256(key.encode("utf-8", "replace")).hexdigest(),
        "severity": "info" if item.kind == "none" else "minor",
        "location": {"path": ci_path(report, item.source), "lines": {"begin": 1}},
    }


def _hidden(report: Report, item: Hidden) -> dict[str, Any]:
    """Findings a setting kept out, as an issue at the root of the scanned tree."""
    key = "\0".join(["hidden", item.setting, item.rule or "", *item.findings])
    return {
        "description": hidden_line(item),
        "check_name": "stackcheck-hidden",
        "fingerprint": hashlib.sha256(key.encode("utf-8", "replace")).hexdigest(),
        "severity": "info",
        "location": {"path": ci_path(report, "."), "lines": {"begin": 1}},
    }


def _issue(report: Report, entry: Entry) -> dict[str, Any]:
    files = entry.files()
    # GitLab needs a path for every issue; a finding about the whole tree gets its root.
    path = ci_path(report, files[0].path) if files else ci_path(report, ".")
    line = files[0].line if files and files[0].line else 1
    return {
        "description": entry.message,
        "check_name": f"{entry.rule_id}-{entry.finding.rule.slug}",
        "fingerprint": fingerprint(entry),
        "severity": SEVERITIES[entry.type],
        "location": {"path": path, "lines": {"begin": line}},
    }


# The diff of two reports.


def render_diff(diff: ReportDiff, options: RenderOptions) -> str:
    from stackcheck.report.changes import new_findings

    return render(new_findings(diff), options)
