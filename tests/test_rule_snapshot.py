"""The built-in rules' shipped snapshot (judge/rule_snapshot.py): used only while it matches
the rule files and the loader, and then the same rules as their TOML gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stackcheck.judge import rule_snapshot, rules
from stackcheck.judge.rules import builtin_rules_dir, load_rule_file, load_rules, order_rules


def from_toml(folder: Path) -> tuple[rules.Rule, ...]:
    return order_rules({r.id: r for r in map(load_rule_file, sorted(folder.glob("*.toml")))})


def test_the_shipped_snapshot_is_current_and_gives_the_rules_of_the_toml() -> None:
    folder = builtin_rules_dir()
    files = sorted(folder.glob("*.toml"))
    snapshot = rule_snapshot.load(folder, files)
    assert snapshot is not None, "stale: run python -m stackcheck.judge.rule_snapshot"
    assert order_rules({r.id: r for r in snapshot}) == from_toml(folder)
    assert load_rules([folder]) == from_toml(folder)


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built-in folder, snapshot included, standing in for it."""
    copy = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), copy)
    monkeypatch.setattr(rules, "builtin_rules_dir", lambda: copy)
    return copy


def test_an_edited_rule_file_makes_the_snapshot_stale(pack: Path) -> None:
    edited = next(pack.glob("DJ101-*.toml"))
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("threshold = ", "threshold = 0.1 #", 1), encoding="utf-8")
    assert rule_snapshot.load(pack, sorted(pack.glob("*.toml"))) is None
    loaded = {r.id: r for r in load_rules([pack])}
    assert loaded == {r.id: r for r in from_toml(pack)}
    assert loaded["DJ101"].threshold == 0.1


def test_a_rule_file_added_makes_the_snapshot_stale(pack: Path) -> None:
    text = (pack / "DJ101-fullstack.toml").read_text(encoding="utf-8")
    added = text.replace('id = "DJ101"', 'id = "DJ199"', 1)
    (pack / "DJ199-fullstack.toml").write_text(added, encoding="utf-8")
    assert rule_snapshot.load(pack, sorted(pack.glob("*.toml"))) is None
    assert "DJ199" in {r.id for r in load_rules([pack])}


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"{", id="not-json"),
        pytest.param(b'{"digest": 1, "rules": []}', id="wrong-digest"),
        pytest.param(b"[]", id="not-an-object"),
    ],
)
def test_a_damaged_snapshot_is_passed_over(pack: Path, damage: bytes) -> None:
    (pack / rule_snapshot.FILE_NAME).write_bytes(damage)
    assert rule_snapshot.load(pack, sorted(pack.glob("*.toml"))) is None
    assert load_rules([pack]) == from_toml(pack)


def test_a_snapshot_whose_rules_do_not_match_its_files_is_passed_over(pack: Path) -> None:
    # A matching digest but a rule list that lost one: refused on its own, not trusted.
    import json

    target = pack / rule_snapshot.FILE_NAME
    document = json.loads(target.read_text(encoding="utf-8"))
    document["rules"] = document["rules"][1:]
    target.write_text(json.dumps(document), encoding="utf-8")
    assert rule_snapshot.load(pack, sorted(pack.glob("*.toml"))) is None


def test_other_rule_folders_never_use_a_snapshot(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    shutil.copytree(builtin_rules_dir(), mine)
    files = sorted(mine.glob("*.toml"))
    assert rule_snapshot.load(mine, files) is not None  # it would match
    assert rules._built_in_snapshot(mine, files) is None  # but only the built-in folder's is read
