"""Reading a settings or rule file that someone else may have written, in bounded work.

A scanned repository's config file, the user-level one, a `--config` file and the rule
files of a rule pack are all TOML that may have been built to exhaust stackcheck. Each is
read only when it is a regular file no larger than its bound, parsed only when its dotted
keys are cheap (facts/_toml.py), and then walked once, iteratively, to bound how many
entries it holds and how deeply they nest, before anything validates it. Validation then
reports the first unknown key (with a did-you-mean) and counts the others, so no work grows
with the number of unknown keys times the number of known ones, and no hint is sought for
a key far longer than any known key.

Every problem is a StackcheckError naming the file and the key: exit 2, one line.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from stackcheck.errors import StackcheckError

KEY_SHOWN_CHARS = 80  # a key from the file, in a message
HINT_MAX_CHARS = 64  # longer keys are never close to a known one (difflib's 0.6 cutoff)


def read_toml(path: Path, what: str, max_bytes: int) -> dict[str, Any]:
    """The table a TOML file holds. `what` names the file in messages ("config",
    "rule file"); a file that is not regular, larger than max_bytes, not UTF-8, not TOML,
    nested too deeply for the parser or too costly to parse is the user's error."""
    from stackcheck.source.worktree import read_regular

    try:
        # Never a FIFO or a device, and never more than max_bytes + 1 bytes read.
        raw = read_regular(path, max_bytes)
    except OSError as exc:
        raise StackcheckError(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    return parse_toml(raw, str(path), what)


def parse_toml(raw: bytes, source: str, what: str) -> dict[str, Any]:
    """The table of a file's bytes, as read_toml gives it."""
    from stackcheck.facts._toml import TOMLDecodeError, TooComplex, loads

    try:
        return loads(raw.decode("utf-8"))
    except TooComplex as exc:
        raise StackcheckError(f"{source}: {what} not parsed: {exc}") from exc
    except (TOMLDecodeError, UnicodeDecodeError) as exc:
        raise StackcheckError(f"{source}: invalid TOML: {exc}") from exc
    except RecursionError as exc:
        raise StackcheckError(f"{source}: invalid TOML: nested too deeply") from exc


def check_shape(
    table: Mapping[str, Any], source: str, prefix: str, max_entries: int, max_depth: int
) -> None:
    """Refuse a parsed table holding more than max_entries keys and array items in all, or
    a table or array more than max_depth levels below it. One iterative walk that stops at
    the first excess: its cost is bounded by max_entries, however large the table."""
    entries = 0
    stack: list[tuple[Any, int, str]] = [(table, 0, "")]
    while stack:
        value, depth, top = stack.pop()
        if isinstance(value, Mapping):
            children: Iterable[tuple[str, Any]] = value.items()
        elif isinstance(value, list):
            children = ((top, item) for item in value)
        else:
            continue
        if depth > max_depth:
            raise StackcheckError(
                f"{source}: {prefix}{shown_key(top)}: nested deeper than {max_depth} levels"
            )
        for key, child in children:
            entries += 1
            if entries > max_entries:
                named = f"{prefix.rstrip('.')}: " if prefix else ""
                raise StackcheckError(
                    f"{source}: {named}more than {max_entries} keys and array items"
                )
            stack.append((child, depth + 1, str(key) if depth == 0 else top))


def unknown_keys(
    data: Mapping[str, Any], known: Collection[str], where: str, expected: str = ""
) -> None:
    """Refuse the table if it has a key not in known: the first one (in sorted order) is
    named, with a did-you-mean hint or the expected keys, and the rest are counted."""
    unknown = [key for key in data if key not in known]
    if not unknown:
        return
    first = min(unknown)
    hint = did_you_mean(first, known) or expected
    more = f" and {len(unknown) - 1} more unknown keys" if len(unknown) > 1 else ""
    raise StackcheckError(f"{where}{shown_key(first)}: unknown key{hint}{more}")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''. One difflib call per message,
    never over a word longer than any choice could be close to."""
    if len(word) > HINT_MAX_CHARS:
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def shown_key(key: str) -> str:
    """A key from a file as a message shows it: cut to KEY_SHOWN_CHARS."""
    return key if len(key) <= KEY_SHOWN_CHARS else key[: KEY_SHOWN_CHARS - 1] + "…"
