"""Advice that fits the project: "use instead" never names what the project already uses.

A tripped case's alternative is the rule's text. When the project's stack already holds the
alternative (an Eleventy site told to use a static site generator, a Rust engine told to use
Rust), the advice says the choice is already right instead. Which names count as the
alternative is data in the rule (`already = [...]`), matched against the stack summary's
frameworks and its main product language. Pure: a verdict and a stack in, a verdict out.
"""

from __future__ import annotations

import dataclasses

from stackcheck.judge.evaluate import Finding
from stackcheck.judge.stack import Stack
from stackcheck.judge.verdict import Verdict

# A language leads the product when it holds at least this share of its code bytes.
LEADING_SHARE = 0.5
LANGUAGE_NAMES = {"cpp": "C++", "c": "C", "go": "Go", "rust": "Rust", "elixir": "Elixir"}


def fit_advice(verdict: Verdict, stack: Stack) -> Verdict:
    if not verdict.avoid and not verdict.low_confidence_avoid:
        return verdict
    return dataclasses.replace(
        verdict,
        avoid=tuple(_fitted(f, stack) for f in verdict.avoid),
        low_confidence_avoid=tuple(_fitted(f, stack) for f in verdict.low_confidence_avoid),
    )


def already_used(names: tuple[str, ...], stack: Stack) -> str | None:
    """The first of `names` the project already uses: a framework, or its leading language."""
    held = {f.name.lower(): f.name for f in stack.frameworks}
    leading = [lang.name for lang in stack.languages if lang.share >= LEADING_SHARE]
    for name in names:
        if name.lower() in held:
            return held[name.lower()]
        if name.lower() in leading:
            return LANGUAGE_NAMES.get(name.lower(), name)
    return None


def _fitted(finding: Finding, stack: Stack) -> Finding:
    rule = finding.rule
    found = already_used(rule.already, stack)
    if found is None:
        return finding
    advice = f"{found}, as it already does: the choice is right, keep it"
    return finding._replace(rule=dataclasses.replace(rule, alternative=advice))
