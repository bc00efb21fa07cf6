"""Validated rules kept between runs, and never trusted over an edited rule file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import stackcheck.judge.rule_cache
from stackcheck.errors import StackcheckError
from stackcheck.judge.rule_cache import load_rules_cached
from stackcheck.judge.rules import builtin_rules_dir, load_rules


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts how often the rule files are really parsed."""
    calls: list[int] = []

    def counting(dirs: list[Path]) -> object:
        calls.append(1)
        return load_rules(dirs)

    monkeypatch.setattr(stackcheck.judge.rule_cache, "load_rules", counting)
    return calls


def test_second_load_comes_from_the_cache(pack: Path, tmp_path: Path, loads: list[int]) -> None:
    first = load_rules_cached([pack], tmp_path / "cache")
    again = load_rules_cached([pack], tmp_path / "cache")
    assert len(loads) == 1
    assert again == first == load_rules([pack])


def test_an_edited_rule_file_is_loaded_afresh(pack: Path, tmp_path: Path, loads: list[int]) -> None:
    load_rules_cached([pack], tmp_path / "cache")
    rule = next(pack.glob("DJ901-*.toml"))
    rule.write_text(rule.read_text().replace("threshold = ", "threshold = 0.9 #", 1))
    edited = {r.id: r for r in load_rules_cached([pack], tmp_path / "cache")}
    assert len(loads) == 2
    assert edited["DJ901"] == {r.id: r for r in load_rules([pack])}["DJ901"]


def test_a_broken_rule_file_is_an_error_even_after_a_cached_load(
    pack: Path, tmp_path: Path
) -> None:
    load_rules_cached([pack], tmp_path / "cache")
    rule = next(pack.glob("DJ901-*.toml"))
    rule.write_text(rule.read_text().replace("kind = ", "knd = ", 1))
    with pytest.raises(StackcheckError, match=r"DJ901-static-site.toml: .*knd"):
        load_rules_cached([pack], tmp_path / "cache")


def test_a_damaged_entry_is_a_miss_and_is_replaced(
    pack: Path, tmp_path: Path, loads: list[int]
) -> None:
    cache = tmp_path / "cache"
    load_rules_cached([pack], cache)
    (entry,) = cache.glob("stackcheck-rules-*.json")
    entry.write_bytes(b"{not json")
    assert load_rules_cached([pack], cache) == load_rules([pack])
    assert load_rules_cached([pack], cache) == load_rules([pack])
    assert len(loads) == 2  # the damaged entry once, then the rewritten one served


def test_missing_folder_is_still_the_loaders_error(tmp_path: Path) -> None:
    with pytest.raises(StackcheckError, match="rules folder not found"):
        load_rules_cached([tmp_path / "nowhere"], tmp_path / "cache")


def test_cache_clear_removes_the_rules_too(pack: Path, tmp_path: Path) -> None:
    from stackcheck.cache import clear

    cache = tmp_path / "cache"
    load_rules_cached([pack], cache)
    assert list(cache.glob("stackcheck-rules-*.json"))
    assert clear(cache) == 1
    assert not list(cache.glob("stackcheck-rules-*.json"))


def test_every_field_of_a_rule_is_kept() -> None:
    """A field added to the rule records must be added to the cache's plain form too."""
    from dataclasses import fields

    from stackcheck.judge.rule_cache import decode_rule, encode_rule
    from stackcheck.judge.rules import Rule

    rules = load_rules([builtin_rules_dir()])
    assert set(encode_rule(rules[0])) == {f.name for f in fields(Rule)}
    assert tuple(decode_rule(encode_rule(r)) for r in rules) == rules
