"""The built-in rules, validated once and shipped beside their TOML files.

Parsing and checking the 25 built-in rule files is the largest part of a scan's start-up
when no cache is at hand (`--no-cache`, a CI job's first run): about 30 ms, against 3 ms to
read the same rules back from the JSON the rule cache writes. So the built-in folder holds
that JSON too, `validated-rules.json`, written by

    python -m stackcheck.judge.rule_snapshot

It is used only while it matches: its key is the rule files' names and bytes and the code
that turns them into rules and writes them out (rules.py, conditions.py, rule_cache.py).
An edited rule file or loader makes it stale, and the rules are read from their TOML as
before, with every check; `tests/test_rule_snapshot.py` fails until it is written again.
It is part of stackcheck itself, never of a scanned repository, and is read by the rule
cache's strict decoder all the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from stackcheck.judge.rules import Rule

FILE_NAME = "validated-rules.json"
# The code whose output the snapshot holds: a change to any of them makes it stale.
LOADER_SOURCES = ("rules.py", "conditions.py", "rule_cache.py")


def load(folder: Path, files: Sequence[Path]) -> tuple[Rule, ...] | None:
    """The rules of these files of the built-in folder, from a snapshot that matches them;
    None when there is none, or it is stale or damaged."""
    from stackcheck.judge import rule_cache

    try:
        rules = rule_cache.read_entry(folder / FILE_NAME, digest(files))
    except OSError:
        return None  # a rule file it cannot read: the loader says why
    if rules is None or sorted(r.source for r in rules) != sorted(p.name for p in files):
        return None
    return tuple(replace(rule, source=str(folder / rule.source)) for rule in rules)


def write(folder: Path) -> Path:
    """Validate the folder's rule files from their TOML and write their snapshot."""
    from stackcheck.judge import rule_cache
    from stackcheck.judge.rules import load_rule_file

    files = sorted(folder.glob("*.toml"))
    # Sources by file name: the folder is wherever stackcheck is installed.
    rules = [replace(r, source=Path(r.source).name) for r in map(load_rule_file, files)]
    document = rule_cache.entry_document(digest(files), rules)
    target = folder / FILE_NAME
    target.write_text(json.dumps(document, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return target


def digest(files: Sequence[Path]) -> str:
    """The snapshot's key: the loader's code, and each rule file's name and bytes."""
    from stackcheck.judge import rule_cache

    key = hashlib.sha1(usedforsecurity=False)
    judge = Path(__file__).resolve().parent
    for name in LOADER_SOURCES:
        key.update(name.encode() + b"\0" + (judge / name).read_bytes())
    rule_cache.add_rule_files(key, files)
    return key.hexdigest()


if __name__ == "__main__":
    from stackcheck.judge.rules import builtin_rules_dir

    print(write(builtin_rules_dir()))
