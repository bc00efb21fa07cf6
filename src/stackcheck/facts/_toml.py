"""tomllib on 3.11+, tomli before; every TOML stackcheck reads goes through `loads` here.

tomllib's time grows with the square of a dotted key's length (`[a.a.a…b]`: 50,000 parts
take 13 s, and several GB for longer ones), and a scanned repository chooses its manifests'
keys. `loads` refuses a key of more than MAX_KEY_PARTS parts before tomllib sees the text,
in one linear pass over the lines; real files use fewer than ten (`tool.poetry.group.dev.
dependencies` has five). What remains is linear in the text, whose size the callers cap.
"""

from __future__ import annotations

import sys
from typing import Any

if sys.version_info >= (3, 11):
    from tomllib import TOMLDecodeError
    from tomllib import loads as _loads
else:  # pragma: no cover
    from tomli import TOMLDecodeError
    from tomli import loads as _loads

MAX_KEY_PARTS = 32

__all__ = ["MAX_KEY_PARTS", "TOMLDecodeError", "TooComplex", "loads"]


class TooComplex(TOMLDecodeError):
    """A TOML text refused before parsing: a key longer than any real file has."""

    def __init__(self, message: str) -> None:
        ValueError.__init__(self, message)  # TOMLDecodeError's own fields need a position


def loads(text: str) -> dict[str, Any]:
    line = _long_key_line(text)
    if line is not None:
        raise TooComplex(f"a dotted key with more than {MAX_KEY_PARTS} parts (line {line})")
    return _loads(text)


def _long_key_line(text: str) -> int | None:
    """The first line whose key (a `[table]` header, or what comes before `=`) has more
    than MAX_KEY_PARTS parts. Dots inside quoted keys count too: a bound, not a parser."""
    if text.count(".") < MAX_KEY_PARTS:
        return None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        if stripped.startswith("["):
            key = stripped
        else:
            key, equals, _ = stripped.partition("=")
            if not equals:
                continue
        if key.count(".") >= MAX_KEY_PARTS:
            return number
    return None
