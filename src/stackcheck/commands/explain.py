"""stackcheck explain ID: a rule's documentation, in ruff's sections."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from stackcheck.commands.options import settings_here, warn
from stackcheck.errors import StackcheckError
from stackcheck.pipeline import rules_for
from stackcheck.report.formats.safe import for_terminal


def run(rule_id: str, config_file: Path | None) -> int:
    settings = settings_here(config_file)
    warn(settings)
    rules = {r.id: r for r in rules_for(settings)}
    by_slug = {r.slug: r for r in rules.values()}
    rule = rules.get(rule_id.upper()) or by_slug.get(rule_id.lower())
    if rule is None:
        close = difflib.get_close_matches(rule_id.upper(), list(rules), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise StackcheckError(f"{rule_id}: no such rule{hint}; `stackcheck rules` lists them")
    docs = rule.docs
    parts = [
        f"{rule.id} {rule.slug} ({rule.kind})",
        rule.title,
        "",
        "## What it detects",
        docs.detects,
        "",
        "## Why it matters",
        docs.why,
        "",
        "## Example",
        docs.example,
        "",
        "## Use instead",
        docs.instead,
        "",
        "## References",
        *(f"- {ref}" for ref in docs.references),
    ]
    click.echo(for_terminal("\n".join(parts)))
    return 0
