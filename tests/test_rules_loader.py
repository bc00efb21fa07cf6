from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from stackcheck.cli import cli
from stackcheck.judge.rules import builtin_rules_dir

GOOD = """\
id = "ACME101"
slug = "uses-celery"
kind = "use-case"
title = "Background jobs with Celery"
require = {rule = "DJ001"}

[[signals]]
when = {fact = "py.dep.celery"}
weight = 0.6
because = "Celery is a dependency"

[docs]
detects = "Celery."
why = "Django works well with Celery."
example = "celery in requirements.txt"
instead = "Nothing."
references = []

[[examples]]
name = "celery"
expect = "match"
facts = {"py.dep.django" = 1, "py.dep.celery" = 1}

[[examples]]
name = "no celery"
expect = "no-match"
facts = {"py.dep.django" = 1}
"""


def write_pack(tmp_path: Path, text: str, name: str = "ACME101-uses-celery.toml") -> Path:
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / name).write_text(text, encoding="utf-8")
    return pack


def check(pack: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["rules", "--check", str(pack)])
    return result.exit_code, result.output


def test_a_good_pack_passes_its_examples(tmp_path: Path) -> None:
    code, out = check(write_pack(tmp_path, GOOD))
    assert code == 0
    assert "1 rules, 2 examples, 0 failed" in out


def test_a_failing_example_fails_the_check(tmp_path: Path) -> None:
    code, out = check(write_pack(tmp_path, GOOD.replace('"py.dep.celery" = 1}', '"x" = 1}')))
    assert code == 1
    assert "example 'celery': expected to match" in out


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(
            ('kind = "use-case"', 'kind = "usecase"'),
            "kind: 'usecase' is not one of use-case, avoid, context, warning "
            "(did you mean 'use-case'?)",
            id="bad-kind",
        ),
        pytest.param(
            ("title =", "titel ="), "titel: unknown key (did you mean 'title'?)", id="unknown-key"
        ),
        pytest.param(
            ("weight = 0.6", 'weight = "high"'),
            "signals[0].weight: must be a number",
            id="weight-type",
        ),
        pytest.param(
            ("weight = 0.6", "weight = 7"),
            "signals[0].weight: must be in [-1, 1]",
            id="weight-range",
        ),
        pytest.param(
            ('{fact = "py.dep.celery"}', '{fact = "py.dep.(celery|rq)+"}'),
            "signals[0].when.fact: 'py.dep.(celery|rq)+' is not a fact pattern",
            id="regex-pattern",
        ),
        pytest.param(
            ('require = {rule = "DJ001"}', 'require = {rule = "DJ0001"}'),
            "refers to unknown rule DJ0001 (did you mean 'DJ001'?)",
            id="unknown-ref",
        ),
        pytest.param(("[docs]", "[docs]\nextra = 1"), "docs.extra: unknown key", id="docs-key"),
        pytest.param(
            ('expect = "no-match"', 'expect = "match"'),
            "examples: need at least one 'match' and one 'no-match' example",
            id="examples-one-sided",
        ),
        pytest.param(
            ('id = "ACME101"', 'id = "acme-101"'), "id: 'acme-101' is not a rule ID", id="bad-id"
        ),
        pytest.param(
            ('title = "Background', 'title = "Background\n'), "invalid TOML", id="invalid-toml"
        ),
    ],
)
def test_broken_rule_files_are_one_line_errors(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    code, out = check(write_pack(tmp_path, GOOD.replace(*edit)))
    assert code == 2
    lines = out.strip().splitlines()
    assert len(lines) == 1, out
    assert lines[0].startswith("stackcheck: error: ")
    assert "ACME101-uses-celery.toml: " in lines[0]
    assert message in lines[0]


def test_file_name_must_match_id_and_slug(tmp_path: Path) -> None:
    code, out = check(write_pack(tmp_path, GOOD, name="ACME101-celery.toml"))
    assert code == 2
    assert "file name must be ACME101-uses-celery.toml" in out


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path,
        GOOD.replace('"ACME101"', '"DJ101"').replace('"uses-celery"', '"fullstack"'),
        name="DJ101-fullstack.toml",
    )
    code, out = check(pack)
    assert code == 2
    assert "id: duplicate rule ID DJ101" in out
    assert str(builtin_rules_dir() / "DJ101-fullstack.toml") in out


def test_reference_cycles_are_reported(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, GOOD.replace('{rule = "DJ001"}', '{rule = "ACME102"}'))
    other = (
        GOOD.replace('"ACME101"', '"ACME102"')
        .replace('"uses-celery"', '"uses-rq"')
        .replace('{rule = "DJ001"}', '{rule = "ACME101"}')
    )
    (pack / "ACME102-uses-rq.toml").write_text(other, encoding="utf-8")
    code, out = check(pack)
    assert code == 2
    assert "conditions refer in a cycle (ACME101 -> ACME102 -> ACME101)" in out


def test_a_config_rule_pack_is_loaded_beside_the_builtin_rules(tmp_path: Path) -> None:
    write_pack(tmp_path, GOOD)
    (tmp_path / ".stackcheck.toml").write_text('rules-dirs = ["pack"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "--config", str(tmp_path / ".stackcheck.toml")])
    assert result.exit_code == 0
    assert "ACME101 uses-celery" in result.output
    assert "DJ901   static-site" in result.output
