"""Hand-built reports for the format tests: records made directly, no scan involved.

Imported by the test modules beside it (pytest puts this folder on sys.path).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from stackcheck.facts import Evidence, Facts, Skipped
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.rules import Docs, Rule, builtin_rules_dir
from stackcheck.judge.verdict import Verdict
from stackcheck.report import Influence, Report

DOCS = Docs(
    detects="What the rule detects.",
    why="Why it matters.",
    example="An example project.",
    instead="What to use instead.",
    references=("https://example.invalid/ref",),
)


def rule(rule_id: str, slug: str, kind: str, **extra: str) -> Rule:
    return Rule(
        id=rule_id,
        slug=slug,
        title=extra.pop("title", f"Title of {slug}"),
        kind=kind,
        signals=(),
        docs=DOCS,
        examples=(),
        source=str(builtin_rules_dir() / f"{rule_id}-{slug}.toml"),
        **extra,
    )


WEB_APP = rule("DJ001", "web-app", "context")
FULLSTACK = rule("DJ101", "fullstack", "use-case", title="Server-rendered web app")
STATIC = rule(
    "DJ901",
    "static-site",
    "avoid",
    title="Only static pages",
    alternative="a static site generator",
)
REALTIME = rule(
    "DJ903", "pure-realtime", "avoid", title="WebSocket server", alternative="Node.js + Socket.io"
)
NOT_YET = rule("DJ201", "not-django-yet", "warning", message="Another framework is in use")
RULES = (WEB_APP, FULLSTACK, REALTIME, NOT_YET, STATIC)


def finding(
    r: Rule,
    confidence: float,
    *evidence: tuple[str, int | None, str],
    reasons: Sequence[str] = ("a reason",),
) -> Finding:
    return Finding(r, confidence, tuple(reasons), tuple(Evidence(*e) for e in evidence))


def report(
    verdict: str,
    *,
    use_cases: Sequence[Finding] = (),
    avoid: Sequence[Finding] = (),
    warnings: Sequence[Finding] = (),
    weak: Sequence[Finding] = (),
    skipped: Sequence[Skipped] = (),
    target: str = ".",
) -> Report:
    return Report(
        target=target,
        rev=None,
        verdict=Verdict(verdict, tuple(use_cases), tuple(avoid), tuple(warnings), tuple(weak)),
        facts=Facts({}, skipped=tuple(skipped), files=7, files_read=5, bytes_read=1234),
        seconds=0.25,
        rules=RULES,
    )


def avoid_report(target: str = ".") -> Report:
    """A static site: DJ901 tripped, with file evidence, tree evidence and a skipped file."""
    return report(
        "avoid",
        avoid=[
            finding(
                STATIC,
                0.9,
                ("index.html", None, "hand-written HTML page"),
                (".", None, "95% of the bytes are static"),
                reasons=["hand-written HTML pages", "almost all of it"],
            )
        ],
        skipped=[Skipped("broken/package.json", "invalid JSON")],
        target=target,
    )


def suits_report() -> Report:
    """A Django app with a warning and a low-confidence tripped case."""
    return report(
        "suits",
        use_cases=[
            finding(
                FULLSTACK,
                0.85,
                ("requirements.txt", 3, "Django>=4.2 (runtime)"),
                ("app/views.py", 12, "class PostList(ListView)"),
            )
        ],
        warnings=[finding(NOT_YET, 0.7, ("app.py", 1, "from flask import Flask"))],
        weak=[finding(REALTIME, 0.4, ("chat/consumers.py", 5, "class Chat(WebsocketConsumer)"))],
    )


def empty_report() -> Report:
    return report("not-applicable")


def crafted_report(path: str, detail: str = "crafted detail") -> Report:
    """A tripped case whose only evidence is a file with a hostile name."""
    return report(
        "avoid",
        avoid=[finding(STATIC, 0.9, (path, 2, detail))],
        skipped=[Skipped(path, f"unreadable {detail}")],
    )


def influenced_report() -> Report:
    """A static site whose own config hid DJ901 and asked for a laxer gate: the verdict
    shown is narrowed, the gate's is not."""
    shown = report("not-applicable")
    gate = avoid_report().verdict
    influence = (
        Influence(
            ".stackcheck.toml",
            'fail-on = "never"',
            "ignored: a repository may make the gate stricter, never laxer "
            "(the policy stays fail-on avoid)",
            "refused",
            ("fail-on",),
        ),
        Influence(
            ".stackcheck.toml",
            'severity.DJ9 = "off"',
            "hid DJ901 static-site from the report (the gate still counts it)",
            "hid",
            ("DJ901 (off)",),
        ),
        Influence(".stackcheck.toml", "min-confidence = 0.1", "changed nothing in this scan"),
    )
    return replace(shown, repo_influence=influence, gate=gate)
