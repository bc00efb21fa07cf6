"""Validated rules kept between runs: parsing and checking the TOML of every rule file costs
more than a warm scan of a whole repository.

The entry is keyed by the rule files' names and bytes and by stackcheck's own code, so an
edited rule pack or a new stackcheck is loaded afresh (and validated, with its errors, as
always). One file per set of rule folders, written atomically; a missing, stale or damaged
file is simply a miss. The file lives in the user's own cache folder, next to the content
cache, and holds only what this code wrote there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

from stackcheck.cache import signature
from stackcheck.judge.rules import Rule, load_rules


def load_rules_cached(dirs: Sequence[Path], folder: Path) -> tuple[Rule, ...]:
    digest = _digest(dirs)
    if digest is None:
        return load_rules(dirs)  # a folder is missing or empty: let the loader say so
    entry = folder / f"stackcheck-rules-{_name(dirs)}.pickle"
    cached = _read(entry, digest)
    if cached is not None:
        return cached
    rules = load_rules(dirs)
    _write(entry, digest, rules)
    return rules


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
        for path in files:
            try:
                data = path.read_bytes()
            except OSError:
                return None
            digest.update(b"%s\0%d\0" % (path.name.encode("utf-8", "surrogateescape"), len(data)))
            digest.update(data)
    return digest.hexdigest()


def _read(entry: Path, digest: str) -> tuple[Rule, ...] | None:
    try:
        stored_digest, rules = pickle.loads(entry.read_bytes())
    except Exception:  # missing, truncated, or written by another version: a miss
        return None
    if stored_digest != digest or not isinstance(rules, tuple):
        return None
    if not all(isinstance(rule, Rule) for rule in rules):
        return None
    return rules


def _write(entry: Path, digest: str, rules: tuple[Rule, ...]) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=entry.parent, prefix=".stackcheck-rules-", suffix=".tmp"
        )
        with os.fdopen(handle, "wb") as out:
            out.write(pickle.dumps((digest, rules), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, entry)  # concurrent runs: each rename is whole
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(temporary)
