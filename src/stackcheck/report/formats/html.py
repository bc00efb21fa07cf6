"""One self-contained HTML page per report, for people who never open a terminal.

The page is made from the report's JSON (the `json` format's data, so `stackcheck render`
makes the same page from a saved report), with Jinja2 and autoescaping on; text from the
scanned repository is also made `printable`, so no bidi override or control character
reaches the reader. Everything is inline: CSS, SVG charts and icons, a few lines of script
that only sort and filter tables, and the report JSON itself in a
`<script type="application/json">` escaped so that no `</script>` or `<!--` ends it. A
Content-Security-Policy forbids every request. The page reads the same with JavaScript
off, in dark mode (`prefers-color-scheme`), printed, and on a phone.

Templates live in formats/templates/ (one per report kind, sections as macros in
parts.html.j2), so a new section is one macro and one line in the page that shows it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from stackcheck.report import KIND_WORDS, Report, to_dict
from stackcheck.report.formats import RenderOptions
from stackcheck.report.formats.safe import json_text, printable

if TYPE_CHECKING:
    import jinja2

    from stackcheck.report.changes import ReportDiff
    from stackcheck.report.history import History

VERDICT_WORDS = {
    "suits": "Django suits this project",
    "avoid": "Avoid Django here",
    "not-applicable": "Not a web application: Django does not apply",
}
SHORT = 12
CHART_WIDTH, CHART_HEIGHT = 720, 260


def render(report: Report, options: RenderOptions) -> str:
    data = to_dict(report)
    return page("scan.html.j2", scan_view(data), data)


def render_diff(diff: ReportDiff, options: RenderOptions) -> str:
    from stackcheck.report.formats.json_format import diff_to_dict

    data = diff_to_dict(diff)
    return page("diff.html.j2", diff_view(data), data)


def render_history(history: History, options: RenderOptions) -> str:
    from stackcheck.report.formats.json_format import history_to_dict

    data = history_to_dict(history)
    return page("history.html.j2", history_view(data), data)


# The page.


def page(template: str, view: dict[str, Any], data: dict[str, Any]) -> str:
    env = _environment()
    script = _asset("page.js")
    style = _asset("page.css")
    html = env.get_template(template).render(
        view=view,
        style=style,
        script=script,
        csp=_csp(style, script),
        report_json=embedded_json(data),
    )
    return html if html.endswith("\n") else html + "\n"


def embedded_json(data: dict[str, Any]) -> str:
    """The report JSON as the `json` format writes it, safe inside a <script> element:
    `<`, `>` and `&` as JSON escapes (so neither `</script>` nor `<!--` can appear), and
    every character json_text escapes."""
    text = json_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _csp(style: str, script: str) -> str:
    """No request of any kind; only this page's own style and script run."""

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    return (
        f"default-src 'none'; style-src {digest(style)}; script-src {digest(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


@cache
def _asset(name: str) -> str:
    return (files("stackcheck.report.formats") / "templates" / name).read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_source),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["shown"] = printable
    env.filters["num"] = lambda value: f"{value:.2f}"
    return env


def _template_source(name: str) -> tuple[str, str, Any] | None:
    try:
        return _asset(name), name, lambda: True
    except FileNotFoundError:
        return None


# What each page shows, from the report's JSON.


def scan_view(data: dict[str, Any]) -> dict[str, Any]:
    from stackcheck.report import influence_summary

    target = data["target"]
    verdict = data["verdict"]
    stack = data["stack"]
    influences = _influences(data["repo_influence"])
    return {
        "title": f"stackcheck: {verdict} — {target['path']}",
        "target": target,
        "verdict": verdict,
        "verdict_words": VERDICT_WORDS.get(verdict, verdict),
        "headline": _headline(data),
        "stack": _stack_rows(stack),
        "kind_reasons": [_evidence(e, target) for e in stack["reasons"]],
        "use_cases": [_finding(f, target) for f in data["use_cases"]],
        "avoid": [_finding(f, target) for f in data["avoid"]],
        "warnings": [_finding(f, target) for f in data["warnings"]],
        "skipped": data["skipped"],
        "suppressions": data["suppressions"],
        "hidden": [_hidden_line(h) for h in data.get("hidden", [])],
        "hidden_count": sum(h["count"] for h in data.get("hidden", [])),
        "influence": data["repo_influence"],
        "influence_summary": influence_summary(influences) if influences else "",
        "manifests": data["manifests"],
        "stats": data["stats"],
        "tool": data["tool"],
    }


def _hidden_line(item: dict[str, Any]) -> str:
    """The words every format uses: 'hidden: 2 findings (why): DJ901, DJ903'."""
    from stackcheck.report import Hidden, hidden_line

    return hidden_line(
        Hidden(item["setting"], item["rule"], tuple(item["findings"]), item["reason"])
    )


def _headline(data: dict[str, Any]) -> str:
    if data["avoid"]:
        top = data["avoid"][0]
        return f"{top['id']} {top['title']}: use {top['alternative']} instead."
    if data["use_cases"]:
        names = ", ".join(f"{f['id']} {f['slug']}" for f in data["use_cases"][:3])
        return f"Django fits: {names}."
    if data["verdict"] == "suits":
        return "Django fits this web application; no specific use case stood out."
    kind = data["stack"]["kind"]
    return f"No web application here: {KIND_WORDS.get(kind, kind)}."


def _stack_rows(stack: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [("Kind", f"{stack['kind']} ({KIND_WORDS.get(stack['kind'], stack['kind'])})")]
    languages = [f"{x['name']} {x['share']:.0%}" for x in stack["languages"]]
    if languages:
        rows.append(("Languages", ", ".join(languages)))
    for key, label in (
        ("frameworks", "Frameworks"),
        ("datastores", "Datastores"),
        ("deploy", "Deploy"),
    ):
        names = [x["name"] + (f" {x['version']}" if x.get("version") else "") for x in stack[key]]
        if names:
            rows.append((label, ", ".join(names)))
    return rows


def _finding(finding: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    return {**finding, "evidence": [_evidence(e, target) for e in finding["evidence"]]}


def _evidence(item: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    from stackcheck.report.forge import file_url

    path, line = item["path"], item["line"]
    url = file_url(target.get("remote"), target.get("commit"), target.get("subdir"), path, line)
    where = "the whole tree" if path in ("", ".") else path + (f":{line}" if line else "")
    return {**item, "where": where, "url": url}


def _influences(items: list[dict[str, Any]]) -> tuple[Any, ...]:
    from stackcheck.report import Influence

    return tuple(
        Influence(i["source"], i["setting"], i["effect"], i["kind"], tuple(i["items"]))
        for i in items
    )


def diff_view(data: dict[str, Any]) -> dict[str, Any]:
    head_target = data["head_report"]["target"]
    base, head = data["base"], data["head"]
    return {
        "title": f"stackcheck diff: {base['verdict']} → {head['verdict']} — {data['target']}",
        "target": data["target"],
        "base": {**base, "name": _side(base), "report": scan_view(data["base_report"])},
        "head": {**head, "name": _side(head), "report": scan_view(data["head_report"])},
        "verdict_changed": data["verdict_changed"],
        "worse": bool(data["tripped"]) or (head["verdict"] == "avoid" != base["verdict"]),
        "tripped": [_finding(f, head_target) for f in data["tripped"]],
        "cleared": data["cleared"],
        "gained": [_finding(f, head_target) for f in data["gained"]],
        "lost": data["lost"],
        "new_warnings": [_finding(f, head_target) for f in data["new_warnings"]],
        "resolved_warnings": data["resolved_warnings"],
        "moved": data["moved"],
        "threshold": data["threshold"],
        "files_added": [_file(f, head_target) for f in data["files_added"]],
        "files_removed": [_file(f, None) for f in data["files_removed"]],  # gone: no link
        "tool": data["tool"],
    }


def _side(side: dict[str, Any]) -> str:
    label: str = side["label"]
    rev: str | None = side["rev"]
    if rev is None:
        return label
    return rev[:SHORT] if rev.startswith(label) else f"{label} ({rev[:SHORT]})"


def _file(change: dict[str, Any], target: dict[str, Any] | None) -> dict[str, Any]:
    """A file added (linked into the head commit) or removed (gone: no link)."""
    first = change["evidence"][0] if change["evidence"] else None
    item = {"path": change["path"], "line": None, "detail": ""} if first is None else first
    shown = _evidence(item, target if target is not None else {})
    return {"path": change["path"], "first": shown, "more": max(0, len(change["evidence"]) - 1)}


def history_view(data: dict[str, Any]) -> dict[str, Any]:
    from stackcheck.report.formats.history_chart import chart

    commits = data["commits"]
    details = data["rule_details"]
    count = len(commits)
    return {
        "title": f"stackcheck history: {count} commit{'s' if count != 1 else ''} — "
        f"{data['target']['path']}",
        "target": data["target"],
        "rules": [{"id": r, **details.get(r, {})} for r in data["rules"]],
        "commits": [
            {**c, "short": c["commit"][:SHORT], "notes": _notes(c, details)} for c in commits
        ],
        "chart": chart(commits, details, CHART_WIDTH, CHART_HEIGHT),
        "end": _history_end(data),
        "tool": data["tool"],
    }


def _notes(commit: dict[str, Any], details: dict[str, Any]) -> list[str]:
    words = (
        ("tripped", "tripped"),
        ("cleared", "cleared"),
        ("lost", "lost"),
        ("gained", "gained"),
        ("new_warnings", "new warning"),
        ("resolved_warnings", "warning resolved"),
    )
    return [
        f"{rule_id} {details.get(rule_id, {}).get('slug', '')} {word}"
        for key, word in words
        for rule_id in commit.get(key, [])
    ]


def _history_end(data: dict[str, Any]) -> str:
    if not data["commits"]:
        return "No commits in that range."
    if data["shallow_boundary"]:
        return (
            f"History stops at {data['shallow_boundary'][:SHORT]}, the boundary of this shallow "
            "clone: earlier commits are not here."
        )
    if data["complete"]:
        return "Reached the first commit."
    return "Older commits not shown (--max-count, --since)."
