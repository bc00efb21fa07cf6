"""Advice that fits: a project already using the alternative is told to keep it."""

from __future__ import annotations

import pytest

from stackcheck.judge.advice import already_used, fit_advice
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.rules import builtin_rules_dir, load_rules
from stackcheck.judge.stack import Language, Named, Stack
from stackcheck.judge.verdict import Verdict

RULES = {r.id: r for r in load_rules([builtin_rules_dir()])}


def stack(frameworks: tuple[str, ...] = (), language: str = "python") -> Stack:
    return Stack(
        (Language(language, 10, 1000, 1.0),),
        tuple(Named(name, None, ()) for name in frameworks),
        (),
        (),
    )


@pytest.mark.parametrize(
    ("rule_id", "held", "expected"),
    [
        pytest.param("DJ901", stack(), None, id="plain-html-site"),
        pytest.param("DJ901", stack(("Eleventy",)), "Eleventy", id="eleventy-site"),
        pytest.param("DJ902", stack(language="python"), None, id="python-engine"),
        pytest.param("DJ902", stack(language="rust"), "Rust", id="rust-engine"),
        pytest.param("DJ902", stack(language="cpp"), "C++", id="cpp-engine"),
        pytest.param("DJ903", stack(("Socket.IO",), "javascript"), "Socket.IO", id="socketio"),
        pytest.param("DJ903", stack(("Django",)), None, id="django-chat"),
    ],
)
def test_already_used(rule_id: str, held: Stack, expected: str | None) -> None:
    assert already_used(RULES[rule_id].already, held) == expected


def test_fitted_advice_keeps_the_choice_and_leaves_others() -> None:
    static = Finding(RULES["DJ901"], 0.9, ("pages",), ())
    verdict = Verdict("avoid", (), (static,), (), ())
    fitted = fit_advice(verdict, stack(("Hugo",)))
    assert (
        fitted.avoid[0].rule.alternative == "Hugo, as it already does: the choice is right, keep it"
    )
    assert "Hugo" in RULES["DJ901"].alternative  # the rule itself is unchanged
    assert fit_advice(verdict, stack()).avoid[0].rule.alternative == RULES["DJ901"].alternative
