"""A saved JSON report read back into the objects the formats render: `stackcheck render`.

A scan ("stackcheck.report/1"), a diff ("stackcheck.diff/1", which carries both scans) and
a history ("stackcheck.history/1") each carry what their formats show, so a report rendered
from its JSON reads byte for byte as the command that made it printed it. What the JSON
does not carry is the rule pack: SARIF and JUnit list every rule, and take them (with their
documentation) from the rules loaded where the report is rendered.

A saved report may come from anywhere: the text is bounded in size and nesting before it is
parsed, and every value is checked for its type; a wrong one is a one-line error naming it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from stackcheck.errors import StackcheckError
from stackcheck.facts import INCOMPLETE, OUT_OF_TIME, Evidence, Fact, Facts, Manifest, Skipped
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.rules import Docs, Rule
from stackcheck.report import SCHEMA, Hidden, Influence, Report, Suppression

if TYPE_CHECKING:
    from stackcheck.report.changes import ReportDiff
    from stackcheck.report.history import History

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32
SCAN, DIFF, HISTORY = "scan", "diff", "history"
KINDS = {SCHEMA: SCAN, "stackcheck.diff/1": DIFF, "stackcheck.history/1": HISTORY}
_NO_DOCS = Docs("", "", "", "", ())
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class NotAReport(StackcheckError):
    """The text is not a stackcheck JSON report this version can read."""


def parse(text: str) -> tuple[str, dict[str, Any]]:
    """The report kind (scan, diff, history) and its data, from the text of a JSON report."""
    if len(text) > MAX_BYTES:
        raise NotAReport(f"larger than {MAX_BYTES // (1024 * 1024)} MiB; not a report")
    _check_depth(text)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise NotAReport(f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise NotAReport("not a stackcheck report: the JSON is not an object")
    schema = data.get("schema")
    if schema not in KINDS:
        known = ", ".join(KINDS)
        raise NotAReport(f"unknown report kind {schema!r} (schema is one of {known})")
    return KINDS[schema], data


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than any report has, before a parser recurses into it."""
    depth = 0
    for match in _BRACKETS.finditer(_STRINGS.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            raise NotAReport(f"nested deeper than {MAX_DEPTH} levels; not a report")


# Typed access: a wrong type names the key.


def _get(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in data:
        raise NotAReport(f"{where}{key}: missing")
    value = data[key]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise NotAReport(f"{where}{key}: not the expected type")
    if not isinstance(value, kind):
        raise NotAReport(f"{where}{key}: not the expected type")
    return value


def _str(data: Mapping[str, Any], key: str, where: str = "") -> str:
    value: str = _get(data, key, str, where)
    return value


def _opt_str(data: Mapping[str, Any], key: str, where: str = "") -> str | None:
    if data.get(key) is None:
        return None
    return _str(data, key, where)


def _num(data: Mapping[str, Any], key: str, where: str = "") -> float:
    value = _get(data, key, (int, float), where)
    return value  # type: ignore[no-any-return]


def _int(data: Mapping[str, Any], key: str, where: str = "") -> int:
    value: int = _get(data, key, int, where)
    return value


def _list(data: Mapping[str, Any], key: str, where: str = "") -> list[Any]:
    value: list[Any] = _get(data, key, list, where)
    return value


def _obj(data: Mapping[str, Any], key: str, where: str = "") -> dict[str, Any]:
    value: dict[str, Any] = _get(data, key, dict, where)
    return value


def _items(data: Mapping[str, Any], key: str, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """The objects of a list, each with where it is for messages."""
    found = []
    for i, item in enumerate(_list(data, key, where)):
        if not isinstance(item, dict):
            raise NotAReport(f"{where}{key}[{i}]: not an object")
        found.append((f"{where}{key}[{i}].", item))
    return found


def _strs(data: Mapping[str, Any], key: str, where: str = "") -> tuple[str, ...]:
    values = _list(data, key, where)
    if not all(isinstance(v, str) for v in values):
        raise NotAReport(f"{where}{key}: not a list of strings")
    return tuple(values)


def _evidence(data: Mapping[str, Any], key: str, where: str) -> tuple[Evidence, ...]:
    found = []
    for at, item in _items(data, key, where):
        line = item.get("line")
        if line is not None and (isinstance(line, bool) or not isinstance(line, int)):
            raise NotAReport(f"{at}line: not a number")
        found.append(Evidence(_str(item, "path", at), line, _str(item, "detail", at)))
    return tuple(found)


# A scan.


def report_from_dict(
    data: Mapping[str, Any], rules: Sequence[Rule] = (), where: str = ""
) -> Report:
    """The Report a scan's JSON shows; `rules` are the loaded rules, by which the findings'
    rules are completed (their documentation, kind and message) and SARIF lists them."""
    from stackcheck.judge.kind import Kind
    from stackcheck.judge.verdict import Verdict
    from stackcheck.source.remote import Origin

    if data.get("schema") != SCHEMA:
        raise NotAReport(f"{where}schema: not {SCHEMA!r}")
    known = {rule.id: rule for rule in rules}
    target = _obj(data, "target", where)
    at = f"{where}target."
    remote, commit, subdir = (
        _opt_str(target, "remote", at),
        _opt_str(target, "commit", at),
        _opt_str(target, "subdir", at),
    )
    origin = Origin(remote, commit, subdir) if subdir is not None else None
    stack = _obj(data, "stack", where)
    kind = Kind(
        _str(stack, "kind", f"{where}stack."), _evidence(stack, "reasons", f"{where}stack.")
    )
    warnings = [
        _finding(at, w, known, _str(w, "kind", at)) for at, w in _items(data, "warnings", where)
    ]
    verdict = Verdict(
        verdict=_str(data, "verdict", where),
        use_cases=tuple(
            _finding(at, f, known, "use-case") for at, f in _items(data, "use_cases", where)
        ),
        avoid=tuple(_finding(at, f, known, "avoid") for at, f in _items(data, "avoid", where)),
        warnings=tuple(f for f in warnings if f.rule.kind != "avoid"),
        low_confidence_avoid=tuple(f for f in warnings if f.rule.kind == "avoid"),
        kind=kind,
    )
    stats = _obj(data, "stats", where)
    at = f"{where}stats."
    facts = Facts(
        values={},
        manifests=tuple(
            Manifest(_str(m, "path", at), _str(m, "kind", at), _int(m, "dependencies", at))
            for at, m in _items(data, "manifests", where)
        ),
        skipped=tuple(
            Skipped(_str(s, "path", at), _str(s, "reason", at))
            for at, s in _items(data, "skipped", where)
        ),
        files=_int(stats, "files", at),
        files_read=_int(stats, "files_read", at),
        bytes_read=_int(stats, "bytes_read", at),
        extra={"from_cache": True} if stats.get("from_cache") is True else {},
    )
    if stats.get("complete") is False:  # the facts say so by the fact the budget left
        left = sum(s.reason == OUT_OF_TIME for s in facts.skipped)
        facts = replace(facts, values={INCOMPLETE: Fact(INCOMPLETE, float(left), ())})
    return Report(
        target=_str(target, "path", f"{where}target."),
        rev=_opt_str(target, "rev", f"{where}target."),
        verdict=verdict,
        facts=facts,
        seconds=_num(stats, "seconds", at),
        rules=tuple(rules),
        suppressions=tuple(
            Suppression(_str(s, "rule", at), _str(s, "reason", at))
            for at, s in _items(data, "suppressions", where)
        ),
        repo_influence=tuple(
            Influence(
                _str(i, "source", at),
                _str(i, "setting", at),
                _str(i, "effect", at),
                _str(i, "kind", at),
                _strs(i, "items", at),
            )
            for at, i in _items(data, "repo_influence", where)
        ),
        origin=origin,
        saved_stack=stack,
        hidden=tuple(
            Hidden(
                _str(h, "setting", at),
                _opt_str(h, "rule", at),
                _strs(h, "findings", at),
                _str(h, "reason", at),
            )
            for at, h in _items(data, "hidden", where)
        )
        if "hidden" in data
        else (),
    )


def _finding(where: str, data: Mapping[str, Any], known: Mapping[str, Rule], kind: str) -> Finding:
    """A finding as the report shows it, on the loaded rule of that ID when there is one;
    the report's own words (slug, title, the advice fitted to the stack) win."""
    rule_id = _str(data, "id", where)
    base = known.get(rule_id)
    if base is None:
        base = Rule(rule_id, "", "", kind, (), _NO_DOCS, (), source="")
    rule = replace(
        base, slug=_str(data, "slug", where), title=_str(data, "title", where), kind=kind
    )
    if "alternative" in data:
        rule = replace(rule, alternative=_str(data, "alternative", where))
    if kind == "warning" and "message" in data:
        rule = replace(rule, message=_str(data, "message", where))
    return Finding(
        rule,
        _num(data, "confidence", where),
        _strs(data, "reasons", where),
        _evidence(data, "evidence", where),
    )


# A diff.


def diff_from_dict(data: Mapping[str, Any], rules: Sequence[Rule] = ()) -> ReportDiff:
    """The diff its JSON shows: the two scans it carries, compared again as the diff
    command compared them, with the files added and removed it lists."""
    from stackcheck.report.changes import FileChange, compare

    base = report_from_dict(_obj(data, "base_report"), rules, "base_report.")
    head = report_from_dict(_obj(data, "head_report"), rules, "head_report.")
    diff = compare(
        base,
        head,
        base_label=_str(_obj(data, "base"), "label", "base."),
        head_label=_str(_obj(data, "head"), "label", "head."),
        threshold=_num(data, "threshold"),
    )

    def files(key: str) -> tuple[FileChange, ...]:
        return tuple(
            FileChange(_str(f, "path", at), _evidence(f, "evidence", at))
            for at, f in _items(data, key)
        )

    return replace(diff, files_added=files("files_added"), files_removed=files("files_removed"))


# A history.


def history_from_dict(data: Mapping[str, Any]) -> History:
    """The history its JSON shows: each commit's verdict and confidences, and what changed
    from the commit before it, by rule."""
    from stackcheck.judge.verdict import Verdict
    from stackcheck.report.changes import ReportDiff, Side
    from stackcheck.report.history import Commit, History, Step

    target = _obj(data, "target")
    details = _obj(data, "rule_details")
    rules: dict[str, Rule] = {}
    for rule_id, detail in details.items():
        if not isinstance(detail, dict):
            raise NotAReport(f"rule_details.{rule_id}: not an object")
        at = f"rule_details.{rule_id}."
        rules[rule_id] = Rule(
            rule_id,
            _str(detail, "slug", at),
            _str(detail, "title", at),
            _str(detail, "kind", at),
            (),
            _NO_DOCS,
            (),
            source="",
        )

    def finding(rule_id: str, confidence: float, at: str) -> Finding:
        if rule_id not in rules:
            raise NotAReport(f"{at}: rule {rule_id!r} is not in rule_details")
        return Finding(rules[rule_id], confidence, (), ())

    path = _str(target, "path", "target.")
    start = _str(target, "rev", "target.")
    steps: list[Step] = []
    reports: list[Report] = []
    commits = _items(data, "commits")
    for at, item in commits:
        values = _obj(item, "confidence", at)
        found = []
        for rule_id, confidence in values.items():
            if isinstance(confidence, bool) or not isinstance(confidence, (int, float)):
                raise NotAReport(f"{at}confidence.{rule_id}: not a number")
            found.append(finding(rule_id, confidence, f"{at}confidence"))
        # The formats read a commit's findings by rule ID; which list holds them is moot.
        verdict = Verdict(_str(item, "verdict", at), tuple(found), (), (), ())
        reports.append(
            Report(
                target=path,
                rev=_str(item, "commit", at),
                verdict=verdict,
                facts=Facts(
                    {INCOMPLETE: Fact(INCOMPLETE, 1.0, ())}
                    if item.get("scan_complete") is False
                    else {}
                ),
                seconds=0.0,
            )
        )
    for index, (at, item) in enumerate(commits):
        report = reports[index]
        commit = Commit(_str(item, "commit", at), _str(item, "date", at), _str(item, "subject", at))
        previous = _opt_str(item, "previous_verdict", at)
        change = None
        if previous is not None:
            older = reports[index + 1] if index + 1 < len(reports) else report

            def changed(key: str, item: dict[str, Any] = item, at: str = at) -> tuple[Finding, ...]:
                # The formats name what changed; its confidence is in the commit's columns.
                return tuple(finding(i, 0.0, at + key) for i in _strs(item, key, at))

            change = ReportDiff(
                base=Side("", older.rev, previous),
                head=Side("", report.rev, report.verdict.verdict),
                base_report=older,
                head_report=report,
                threshold=0.0,
                tripped=changed("tripped"),
                cleared=changed("cleared"),
                gained=changed("gained"),
                lost=changed("lost"),
                new_warnings=changed("new_warnings"),
                resolved_warnings=changed("resolved_warnings"),
                moved=(),
                files_added=(),
                files_removed=(),
            )
        steps.append(Step(commit, report, change))
    boundary = _opt_str(data, "shallow_boundary")
    complete = _get(data, "complete", bool, "")
    return History(
        target=path,
        start=start,
        steps=tuple(steps),
        boundary=boundary,
        complete=complete,
        remote=_opt_str(target, "remote", "target."),
    )
