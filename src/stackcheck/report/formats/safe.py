"""Text from scanned repositories made safe to show: no control characters reach a terminal.

Three kinds of character are never passed through as they are:

- control characters (C0, DEL, C1: ESC starts ANSI sequences, CR rewrites a line, U+009B is
  an 8-bit CSI) and the Unicode line and paragraph separators;
- bidirectional overrides, isolates and marks, and zero-width characters, which make text
  read differently from what it is ("Trojan Source") or hide in a file name;
- lone surrogates: a file name that is not valid UTF-8 reaches us with its bad bytes as
  U+DC80..U+DCFF (os.fsdecode's surrogateescape), which no UTF-8 output can encode.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stackcheck.facts import Evidence, Facts
    from stackcheck.judge.evaluate import Finding
    from stackcheck.judge.rules import Rule
    from stackcheck.report import Report
    from stackcheck.report.changes import ReportDiff

_C0 = "\x00-\x1f"  # json.dumps escapes these itself, and writes its own newlines raw
_UNSAFE_BEYOND_C0 = (
    "\x7f-\x9f"  # DEL, C1
    "\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"  # bidi marks, zero-width, BOM
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff"  # lone surrogates
)
_CONTROL = re.compile(f"[{_C0}{_UNSAFE_BEYOND_C0}]")
_JSON_UNSAFE = re.compile(f"[{_UNSAFE_BEYOND_C0}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def needs_escaping(text: str) -> bool:
    return _CONTROL.search(text) is not None


def printable(text: str) -> str:
    """Escape control, line-breaking, bidi, zero-width and surrogate characters: \\xNN / \\uNNNN.

    An undecodable byte of a file name shows as the byte it was (\\xff), as git shows it."""
    return _CONTROL.sub(_escape, text)


def for_terminal(text: str) -> str:
    """A message or human-readable output for a terminal or a CI log: each line `printable`,
    and no line a GitHub Actions workflow command. The runner reads a line whose trimmed
    text starts with `::` as a command, and a legacy `##[command]` anywhere in a line; the
    first colon is shown escaped (\\x3a) and the marker broken up (`# #[`)."""
    return "\n".join(_no_command(printable(line)) for line in text.split("\n"))


def message(text: str) -> str:
    """One line for stderr (an error, a warning): `printable`, so a newline in a key name
    cannot start a line of its own, and never a workflow command."""
    return _no_command(printable(text))


def no_workflow_commands(text: str) -> str:
    """Output that is already escaped (a text or Markdown report) with its lines kept from
    being read as workflow commands, as `for_terminal` does."""
    if "::" not in text and "##[" not in text:
        return text
    return "\n".join(_no_command(line) for line in text.split("\n"))


def _no_command(line: str) -> str:
    stripped = line.lstrip()
    if stripped.startswith("::"):
        line = line[: len(line) - len(stripped)] + "\\x3a" + stripped[1:]
    return line.replace("##[", "# #[")


def encodable(text: str) -> str:
    """Only the lone surrogates escaped (as printable does): for formats that must carry every
    other character exactly (JSON, SARIF), and so can be written as UTF-8."""
    return _SURROGATE.sub(_escape, text)


def json_text(serialized: str) -> str:
    """JSON (from json.dumps with ensure_ascii=False) with every unsafe character json.dumps
    leaves raw written as a \\uNNNN escape. They only occur inside strings, so the data is
    unchanged, and a terminal or log viewer showing the raw JSON sees no controls and no bidi
    overrides. Lone surrogates should be made `encodable` before serializing: their escape is
    valid JSON, but strict decoders reject it."""
    return _JSON_UNSAFE.sub(_json_escape, serialized)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte surrogateescape stood in for
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def safe_report(report: Report, escape: Callable[[str], str] = printable) -> Report:
    """The report with every text that came from the scanned repository (paths, details,
    skip reasons, its config's settings) passed through `escape` once, before a format
    sees it. Text formats use
    `printable`: no terminal escape, bidi override or lone surrogate survives. JSON formats
    use `encodable` and `json_text`, so their data stays exact and still shows safely."""
    verdict = report.verdict
    verdict = replace(
        verdict,
        use_cases=_findings(verdict.use_cases, escape),
        avoid=_findings(verdict.avoid, escape),
        warnings=_findings(verdict.warnings, escape),
        low_confidence_avoid=_findings(verdict.low_confidence_avoid, escape),
        context=_findings(verdict.context, escape),
    )
    influence = tuple(
        i._replace(
            source=escape(i.source),
            setting=escape(i.setting),
            effect=escape(i.effect),
            items=tuple(escape(item) for item in i.items),
        )
        for i in report.repo_influence
    )
    hidden = tuple(
        replace(
            h,
            rule=None if h.rule is None else escape(h.rule),
            findings=tuple(escape(rid) for rid in h.findings),
            reason=escape(h.reason),  # a suppression's reason, from a config file
        )
        for h in report.hidden
    )
    return replace(
        report,
        verdict=verdict,
        facts=_facts(report.facts, escape),
        repo_influence=influence,
        rules=tuple(_rule(r, escape) for r in report.rules),
        hidden=hidden,
    )


def _rule(rule: Rule, escape: Callable[[str], str]) -> Rule:
    """A rule's shown texts escaped: a rule pack is text from files too."""
    texts = (rule.slug, rule.title, rule.alternative, rule.message)
    if not any(needs_escaping(t) for t in texts):
        return rule
    return replace(
        rule,
        slug=escape(rule.slug),
        title=escape(rule.title),
        alternative=escape(rule.alternative),
        message=escape(rule.message),
    )


def _evidence(items: tuple[Evidence, ...], escape: Callable[[str], str]) -> tuple[Evidence, ...]:
    if not any(needs_escaping(e.path) or needs_escaping(e.detail) for e in items):
        return items
    return tuple(e._replace(path=escape(e.path), detail=escape(e.detail)) for e in items)


def _findings(findings: tuple[Finding, ...], escape: Callable[[str], str]) -> tuple[Finding, ...]:
    return tuple(
        f._replace(rule=_rule(f.rule, escape), evidence=_evidence(f.evidence, escape))
        for f in findings
    )


def _facts(facts: Facts, escape: Callable[[str], str]) -> Facts:
    from stackcheck.facts import Skipped

    # One search over every evidence text joined (a space is never escaped) tells whether
    # any needs escaping at all: almost never, and thousands of searches and copies of the
    # facts took a tenth of a hook's time.
    texts = " ".join(
        text for f in facts.values.values() for e in f.evidence for text in (e.path, e.detail)
    )
    values = (
        {k: f._replace(evidence=_evidence(f.evidence, escape)) for k, f in facts.values.items()}
        if needs_escaping(texts)
        else dict(facts.values)
    )
    return replace(
        facts,
        values=values,
        skipped=tuple(Skipped(escape(s.path), escape(s.reason)) for s in facts.skipped),
        manifests=tuple(m._replace(path=escape(m.path)) for m in facts.manifests),
    )


def safe_diff(diff: ReportDiff, escape: Callable[[str], str] = printable) -> ReportDiff:
    """The diff with every text from the scanned repository passed through `escape` once,
    as `safe_report` does for a report: both reports, the findings, the files added and
    removed, and the names the user gave the two sides."""

    def findings(items: tuple[Finding, ...]) -> tuple[Finding, ...]:
        return _findings(items, escape)

    return replace(
        diff,
        base=diff.base._replace(label=escape(diff.base.label)),
        head=diff.head._replace(label=escape(diff.head.label)),
        base_report=safe_report(diff.base_report, escape),
        head_report=safe_report(diff.head_report, escape),
        tripped=findings(diff.tripped),
        cleared=findings(diff.cleared),
        gained=findings(diff.gained),
        lost=findings(diff.lost),
        new_warnings=findings(diff.new_warnings),
        resolved_warnings=findings(diff.resolved_warnings),
        moved=tuple(
            m._replace(before=findings((m.before,))[0], after=findings((m.after,))[0])
            for m in diff.moved
        ),
        files_added=tuple(
            f._replace(path=escape(f.path), evidence=_evidence(f.evidence, escape))
            for f in diff.files_added
        ),
        files_removed=tuple(
            f._replace(path=escape(f.path), evidence=_evidence(f.evidence, escape))
            for f in diff.files_removed
        ),
    )
