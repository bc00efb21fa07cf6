"""Validated rules kept between runs: parsing and checking the TOML of every rule file costs
more than a warm scan of a whole repository.

The entry is plain JSON: the validated rules written out as lists and strings, read back by
a strict decoder that builds nothing but the rule records, so reading an entry cannot run
code (no pickle), and an entry of the wrong shape is a miss. It is keyed by stackcheck's
own version and code and by the rule files' names and bytes, so an edited rule pack or a
new stackcheck is loaded afresh (and validated, with its errors, as always). One file per
set of rule folders, written atomically; a missing, stale, damaged or oversized file is
simply a miss. The file lives in the folder the person running the scan chose for caches,
never in the scanned tree (Settings.cache_folder).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stackcheck import memory
from stackcheck.cache import signature
from stackcheck.judge.conditions import Condition, FactCond, Group, RuleCond
from stackcheck.judge.rules import (
    RULE_FILE_MAX_BYTES,
    Docs,
    Example,
    Rule,
    Signal,
    load_rules,
)
from stackcheck.source.worktree import read_regular

SCHEMA = 1
MAX_ENTRY_BYTES = 8 * 1024 * 1024
GROUPS = ("any", "all", "none")


def load_rules_cached(dirs: Sequence[Path], folder: Path) -> tuple[Rule, ...]:
    digest = _digest(dirs)
    if digest is None:
        return load_rules(dirs)  # a folder is missing or empty: let the loader say so
    kept = memory.rules
    known: tuple[Rule, ...] | None = kept.get(digest) if kept is not None else None
    if known is not None:
        return known  # a resident server's (memory.py): the same files' bytes, loaded
    entry = folder / f"stackcheck-rules-{_name(dirs)}.json"
    cached = read_entry(entry, digest)
    if cached is None:
        cached = load_rules(dirs)
        _write(entry, digest, cached)
    if kept is not None:
        kept.put(digest, cached)
    return cached


def _name(dirs: Sequence[Path]) -> str:
    joined = "\0".join(str(d.resolve()) for d in dirs)
    return hashlib.sha1(
        joined.encode("utf-8", "surrogateescape"), usedforsecurity=False
    ).hexdigest()[:16]


def _digest(dirs: Sequence[Path]) -> str | None:
    digest = hashlib.sha1(signature().encode(), usedforsecurity=False)
    for folder in dirs:
        try:
            files = sorted(folder.glob("*.toml"))
        except OSError:
            return None
        if not files:
            return None
        digest.update(str(folder.resolve()).encode("utf-8", "surrogateescape") + b"\0")
        try:
            add_rule_files(digest, files)
        except OSError:
            return None
    return digest.hexdigest()


def add_rule_files(digest: Any, files: Sequence[Path]) -> None:
    """Each rule file's name and bytes into the digest, read as the loader reads them; a
    file it refuses raises OSError (no key: the loader then says why)."""
    for path in files:
        data = read_regular(path, RULE_FILE_MAX_BYTES)
        digest.update(b"%s\0%d\0" % (path.name.encode("utf-8", "surrogateescape"), len(data)))
        digest.update(data)


class _Damaged(Exception):
    """An entry that is not what this code writes."""


def read_entry(entry: Path, digest: str) -> tuple[Rule, ...] | None:
    """The rules an entry holds, if it is whole and was written for this digest."""
    data = _read_regular(entry)
    if data is None:
        return None
    try:
        document = json.loads(data)
        if not isinstance(document, dict) or document.get("schema") != SCHEMA:
            return None
        if document.get("digest") != digest:
            return None
        return tuple(decode_rule(raw) for raw in _list(document.get("rules")))
    except (ValueError, RecursionError, _Damaged):  # ValueError: not JSON, or not UTF-8
        return None


def _read_regular(entry: Path) -> bytes | None:
    """The file's bytes, if it is a regular file of a sane size (never a FIFO's wait)."""
    try:
        handle = os.open(entry, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(handle)


def _write(entry: Path, digest: str, rules: tuple[Rule, ...]) -> None:
    import tempfile  # only a miss writes; a warm scan never loads it

    document = entry_document(digest, rules)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=entry.parent, prefix=".stackcheck-rules-", suffix=".tmp"
        )
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, separators=(",", ":"))
        os.replace(temporary, entry)  # concurrent runs: each rename is whole
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(temporary)


def entry_document(digest: str, rules: Sequence[Rule]) -> dict[str, Any]:
    return {"schema": SCHEMA, "digest": digest, "rules": [encode_rule(r) for r in rules]}


# --- rules as plain data, and back --------------------------------------------------------


def encode_rule(rule: Rule) -> dict[str, Any]:
    docs = rule.docs
    return {
        "id": rule.id,
        "slug": rule.slug,
        "title": rule.title,
        "kind": rule.kind,
        "source": rule.source,
        "alternative": rule.alternative,
        "message": rule.message,
        "threshold": rule.threshold,
        "require": encode_condition(rule.require) if rule.require is not None else None,
        "exclude": encode_condition(rule.exclude) if rule.exclude is not None else None,
        "signals": [
            [encode_condition(s.when), s.weight, s.because, s.defines] for s in rule.signals
        ],
        "docs": [docs.detects, docs.why, docs.example, docs.instead, list(docs.references)],
        "examples": [[e.name, e.expect_match, dict(e.facts)] for e in rule.examples],
        "project_kind": rule.project_kind,
        "already": list(rule.already),
    }


def encode_condition(cond: Condition) -> list[Any]:
    if isinstance(cond, FactCond):
        return ["fact", cond.pattern, cond.min, cond.max]
    if isinstance(cond, RuleCond):
        return ["rule", cond.rule]
    return [cond.op, [encode_condition(item) for item in cond.items]]


def decode_rule(raw: object) -> Rule:
    if not isinstance(raw, dict):
        raise _Damaged
    require, exclude = raw.get("require"), raw.get("exclude")
    detects, why, example, instead, references = _list(raw.get("docs"), 5)
    return Rule(
        id=_str(raw.get("id")),
        slug=_str(raw.get("slug")),
        title=_str(raw.get("title")),
        kind=_str(raw.get("kind")),
        signals=tuple(_signal(item) for item in _list(raw.get("signals"))),
        docs=Docs(
            _str(detects),
            _str(why),
            _str(example),
            _str(instead),
            tuple(_str(r) for r in _list(references)),
        ),
        examples=tuple(_example(item) for item in _list(raw.get("examples"))),
        source=_str(raw.get("source")),
        alternative=_str(raw.get("alternative")),
        message=_str(raw.get("message")),
        threshold=_num(raw.get("threshold")),
        require=decode_condition(require) if require is not None else None,
        exclude=decode_condition(exclude) if exclude is not None else None,
        project_kind=_str(raw.get("project_kind")),
        already=tuple(_str(name) for name in _list(raw.get("already"))),
    )


def decode_condition(raw: object) -> Condition:
    if type(raw) is not list:
        raise _Damaged
    size, head = len(raw), raw[0] if raw else None
    if size == 2 and head in GROUPS and type(raw[1]) is list:
        return Group(head, tuple([decode_condition(item) for item in raw[1]]))
    if size == 4 and head == "fact":
        return FactCond(_str(raw[1]), _optional_num(raw[2]), _optional_num(raw[3]))
    if size == 2 and head == "rule":
        return RuleCond(_str(raw[1]))
    raise _Damaged


def _signal(raw: object) -> Signal:
    when, weight, because, defines = _list(raw, 4)
    if not isinstance(defines, bool):
        raise _Damaged
    return Signal(decode_condition(when), _num(weight), _str(because), defines)


def _example(raw: object) -> Example:
    name, expect_match, facts = _list(raw, 3)
    if not isinstance(expect_match, bool) or not isinstance(facts, dict):
        raise _Damaged
    return Example(_str(name), expect_match, {_str(k): _num(v) for k, v in facts.items()})


def _list(raw: object, length: int | None = None) -> list[Any]:
    if not isinstance(raw, list) or (length is not None and len(raw) != length):
        raise _Damaged
    return raw


def _str(raw: object) -> str:
    if not isinstance(raw, str):
        raise _Damaged
    return raw


def _num(raw: object) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise _Damaged
    return float(raw)


def _optional_num(raw: object) -> float | None:
    if raw is None or type(raw) is float:
        return raw
    return _num(raw)
