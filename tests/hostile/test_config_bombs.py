"""Config and rule files built to exhaust stackcheck: a 60 KB dotted key (20 s and 3.5 GB in
tomllib before it was bounded), nesting, huge arrays, thousands of unknown keys, a key as
long as the file, a file too large. Wherever such a file sits (the scanned repository's
config, the user's own, a rule pack) it is one line naming the file and exit 2, as any broken
config or rule file is; and the work stays bounded: tomllib never sees a file over a bound,
validation never sees a table over one, and a did-you-mean is sought once per message,
however many keys are unknown."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import RepoFactory
from hostile._support import assert_one_line_error, invoke
from hostile.test_user_input import GOOD_WHEN, pack, rule, write_rules
from stackcheck import config
from stackcheck.commands.rules import run_examples
from stackcheck.facts import _toml
from stackcheck.judge import evaluate as evaluate_module
from stackcheck.judge import rules as rules_module
from stackcheck.judge.rules import builtin_rules_dir, load_rules

__all__ = ["pack"]  # the rule-pack fixture, shared with test_user_input

DOTTED = "a." * 30_000 + "a = 1\n"  # one key of 30,001 parts: 60 KB


def unknown(n: int) -> str:
    return "".join(f"unknown-{i:05} = 1\n" for i in range(n))


def calls_to(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[tuple[Any, ...]]:
    """Record the arguments of each call to owner.name; the real one still runs."""
    seen: list[tuple[Any, ...]] = []
    real: Callable[..., Any] = getattr(owner, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        seen.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return seen


# (text, what the one line says, whether tomllib may see it, whether validation may see it)
CONFIG_BOMBS = [
    pytest.param(
        DOTTED, ("config not parsed", "line 1 alone has 30000 dots"), False, False, id="dotted-key"
    ),
    pytest.param(
        "select = " + "[" * 40 + "]" * 40 + "\n",
        ("select: nested deeper than 8 levels",),
        True,
        False,
        id="deep-nesting",
    ),
    pytest.param(
        "a = " + "[" * 100_000 + "\n",
        ("invalid TOML: nested too deeply",),
        True,
        False,
        id="deeper-than-the-parser",
    ),
    pytest.param(
        "exclude = [" + '"x/", ' * 10_001 + "]\n",
        ("more than 10000 keys and array items",),
        True,
        False,
        id="huge-array",
    ),
    pytest.param(
        unknown(3000),
        ("unknown-00000: unknown key and 2999 more unknown keys",),
        True,
        True,
        id="many-unknown-keys",
    ),
    pytest.param(
        "k" * 60_000 + " = 1\n", ("k" * 79 + "…: unknown key",), True, True, id="long-key"
    ),
    pytest.param(
        "# " + "x" * (1 << 20) + "\n",
        ("cannot read config: larger than 1048576 bytes",),
        False,
        False,
        id="oversized",
    ),
]


def refused(monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], text: str, parsed: bool) -> str:
    """Run the CLI on a config or rule bomb: exit 2, its stderr, and the documents tomllib
    was given. tomllib sees the bomb only when `parsed` says so."""
    parses = calls_to(monkeypatch, _toml, "_tomllib_loads")
    code, _, err = invoke(*args)
    assert code == 2, err
    assert ((text,) in parses) == parsed
    return err


@pytest.mark.parametrize(("text", "needles", "parsed", "validated"), CONFIG_BOMBS)
def test_a_repository_config_bomb_is_one_line_and_bounded_work(
    repo: RepoFactory,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    needles: tuple[str, ...],
    parsed: bool,
    validated: bool,
) -> None:
    root = repo(files={".stackcheck.toml": text, "requirements.txt": "Django\n"})
    validations = calls_to(monkeypatch, config, "parse_settings")
    err = refused(monkeypatch, ("scan", str(root)), text, parsed)
    assert_one_line_error(err, str(root / ".stackcheck.toml"), *needles)
    assert len(err) < 400  # a key as long as the file is cut in the message
    assert any(source == str(root / ".stackcheck.toml") for _, source, *_ in validations) == (
        validated
    )


@pytest.mark.parametrize(("text", "needles", "parsed", "validated"), CONFIG_BOMBS)
def test_a_user_config_bomb_is_one_line_and_bounded_work(
    repo: RepoFactory,
    user_config: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    needles: tuple[str, ...],
    parsed: bool,
    validated: bool,
) -> None:
    user_config.write_text(text)
    root = repo(files={"requirements.txt": "Django\n"})
    validations = calls_to(monkeypatch, config, "parse_settings")
    err = refused(monkeypatch, ("scan", str(root)), text, parsed)
    assert_one_line_error(err, str(user_config), *needles)
    assert any(source == str(user_config) for _, source, *_ in validations) == validated


def test_a_dotted_key_bomb_in_pyproject_is_refused_unparsed(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "[tool.stackcheck]\n" + DOTTED
    root = repo(files={"pyproject.toml": text})
    err = refused(monkeypatch, ("scan", str(root)), text, parsed=False)
    assert_one_line_error(err, "pyproject.toml", "config not parsed")


@pytest.mark.parametrize("count", [1000, 2000, 4000])
def test_did_you_mean_is_sought_once_however_many_keys_are_unknown(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    root = repo(files={".stackcheck.toml": unknown(count), "requirements.txt": "Django\n"})
    hints = calls_to(monkeypatch, difflib, "get_close_matches")
    code, _, err = invoke("scan", str(root))
    assert code == 2
    assert_one_line_error(err, f"and {count - 1} more unknown keys")
    assert [word for word, _known in hints] == ["unknown-00000"]


def test_an_overlong_environment_value_is_one_line(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STACKCHECK_RULES_DIRS", "rules:" * 20_000)
    root = repo(files={"requirements.txt": "Django\n"})
    code, _, err = invoke("scan", str(root))
    assert code == 2
    assert_one_line_error(err, "$STACKCHECK_RULES_DIRS", "longer than 65536 characters")


RULE_BOMBS = [
    pytest.param(DOTTED, ("rule file not parsed", "30000 dots"), False, False, id="dotted-key"),
    pytest.param(
        rule("{any = [" * 20 + GOOD_WHEN + "]}" * 20),
        ("signals: nested deeper than 32 levels",),
        True,
        False,
        id="deep-nesting",
    ),
    pytest.param(
        rule(extra="already = [" + '"x", ' * 10_001 + "]"),
        ("more than 10000 keys and array items",),
        True,
        False,
        id="huge-array",
    ),
    pytest.param(
        rule(extra=unknown(3000)),
        ("unknown-00000: unknown key and 2999 more unknown keys",),
        True,
        True,
        id="many-unknown-keys",
    ),
    pytest.param(
        "# " + "x" * (256 * 1024) + "\n",
        ("cannot read rule file: larger than 262144 bytes",),
        False,
        False,
        id="oversized",
    ),
]


@pytest.mark.parametrize(("text", "needles", "parsed", "validated"), RULE_BOMBS)
def test_a_rule_file_bomb_is_one_line_and_bounded_work(
    repo: RepoFactory,
    pack: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    needles: tuple[str, ...],
    parsed: bool,
    validated: bool,
) -> None:
    write_rules(pack, {"XX101-demo.toml": text})
    root = repo(files={"requirements.txt": "Django\n"})
    validations = calls_to(monkeypatch, rules_module, "_build_rule")
    err = refused(monkeypatch, ("scan", str(root), "--config", str(pack)), text, parsed)
    path = str(pack.parent / "rules" / "XX101-demo.toml")
    assert_one_line_error(err, path, *needles)
    assert any(source == path for _, source in validations) == validated


def test_a_rule_pack_of_too_many_files_is_refused_before_any_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    for n in range(rules_module.RULES_MAX_FILES + 1):
        (folder / f"XX{n:04}-r.toml").write_text("")
    reads = calls_to(monkeypatch, rules_module, "load_rule_file")
    code, _, err = invoke("rules", "--check", str(folder))
    assert code == 2
    assert_one_line_error(err, str(folder), f"more than {rules_module.RULES_MAX_FILES} rule files")
    assert [path for (path,) in reads if path.parent == folder] == []


def test_a_rule_packs_examples_are_evaluated_over_their_rules_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rules --check` runs every example: over the whole pack it would cost the number of
    rules times the number of examples."""
    folder = tmp_path / "rules"
    folder.mkdir()
    for n in range(40):
        text = rule().replace('"XX101"', f'"XX{n + 100:03}"').replace('"demo"', f'"demo{n}"')
        (folder / f"XX{n + 100:03}-demo{n}.toml").write_text(text)
    rules = load_rules([builtin_rules_dir(), folder])
    own = [r for r in rules if r.id.startswith("XX")]
    evaluated = calls_to(monkeypatch, evaluate_module, "evaluate_rule")
    assert run_examples(rules, own) == []
    assert len(evaluated) == sum(len(r.examples) for r in own)  # one rule per example
