"""stackcheck rules: the table of rules, or `--check DIR` to validate a rule pack."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from stackcheck.commands.options import settings_here, warn
from stackcheck.facts import Facts
from stackcheck.judge.evaluate import evaluate
from stackcheck.judge.rules import Rule, builtin_rules_dir, load_rules
from stackcheck.pipeline import rules_for
from stackcheck.report.formats.safe import message


def run(options: dict[str, Any]) -> int:
    check_dir: Path | None = options["check_dir"]
    if check_dir is not None:
        return check(check_dir)
    settings = settings_here(options["config_file"])
    warn(settings)
    rules = rules_for(settings)
    if options["fmt"] == "json":
        rows = [
            {
                "id": r.id,
                "slug": r.slug,
                "kind": r.kind,
                "title": r.title,
                "alternative": r.alternative or None,
                "source": r.source,
            }
            for r in sorted(rules, key=lambda r: r.id)
        ]
        click.echo(json.dumps(rows, indent=2, sort_keys=True))
        return 0
    click.echo(f"{'ID':<7} {'slug':<24} {'kind':<9} title")
    for rule in sorted(rules, key=lambda r: r.id):
        # A rule pack's slug and title are text from its files: escaped.
        click.echo(message(f"{rule.id:<7} {rule.slug:<24} {rule.kind:<9} {rule.title}"))
    return 0


def check(folder: Path) -> int:
    """Load the pack beside the built-in rules and run every example; exit 1 on a failure."""
    pack = load_rules([folder]) if folder.resolve() == builtin_rules_dir().resolve() else None
    rules = pack if pack is not None else load_rules([builtin_rules_dir(), folder])
    own = [r for r in rules if Path(r.source).parent.resolve() == folder.resolve()]
    failures = run_examples(rules, own)
    for line in failures:
        click.echo(message(line), err=True)
    examples = sum(len(r.examples) for r in own)
    click.echo(f"{len(own)} rules, {examples} examples, {len(failures)} failed")
    return 1 if failures else 0


def run_examples(rules: tuple[Rule, ...], which: list[Rule]) -> list[str]:
    """Each rule's examples, evaluated over the rule and the rules it refers to: the same
    outcome as evaluating every rule, without work in the pack's size times its examples."""
    failures = []
    by_id = {r.id: r for r in rules}
    position = {r.id: i for i, r in enumerate(rules)}
    for rule in which:
        needed = with_dependencies(rule, by_id, position)
        for example in rule.examples:
            matched = {f.rule.id for f in evaluate(needed, Facts.from_values(example.facts).values)}
            if (rule.id in matched) != example.expect_match:
                want = "match" if example.expect_match else "not match"
                failures.append(f"{rule.source}: example {example.name!r}: expected to {want}")
    return failures


def with_dependencies(
    rule: Rule, by_id: dict[str, Rule], position: dict[str, int]
) -> tuple[Rule, ...]:
    """rule and every rule its conditions refer to, directly or not, in the loaded rules'
    order (`position`), which is dependency order."""
    found = {rule.id}
    pending = [rule]
    while pending:
        for ref in pending.pop().referenced():
            if ref not in found:
                found.add(ref)
                pending.append(by_id[ref])
    return tuple(by_id[i] for i in sorted(found, key=position.__getitem__))
