"""tomllib on 3.11+, tomli before, behind a cheap check that keeps parsing linear.

tomllib records every prefix of a dotted key (`a.b.c = 1` records `a` and `a.b`) as a
tuple of its own, so one key of k parts costs time and memory in k²: a 60 KB line
`a.a.a…a = 1` takes 20 s and 3.5 GB. Before parsing, the dots on each line are counted
(k - 1 of them separate a key's parts, and a key never spans lines, so this bounds every
key from above, quoted parts and all) and a document whose lines' squared counts add up
past a budget proportional to its length is refused unparsed.
"""

from __future__ import annotations

import re
import sys
from operator import mul
from typing import Any

if sys.version_info >= (3, 11):
    from tomllib import TOMLDecodeError
    from tomllib import loads as _tomllib_loads
else:  # pragma: no cover
    from tomli import TOMLDecodeError
    from tomli import loads as _tomllib_loads

__all__ = ["DOTTED_MIN_BUDGET", "DOTTED_PER_CHAR", "TOMLDecodeError", "TooComplex", "loads"]

# A line's dots squared, summed over the document, may reach this much per character, and
# never less than the minimum. A lock file scores about 0.2 per character; each unit costs
# tomllib about 13 ns and 4 bytes, so the worst document allowed parses in linear time.
DOTTED_PER_CHAR = 16
DOTTED_MIN_BUDGET = 4_000_000  # one key of 2,000 parts: 50 ms, 16 MB


class TooComplex(TOMLDecodeError):  # type: ignore[misc]  # (Any where tomli is untyped)
    """A document refused before parsing: its dotted keys would cost tomllib quadratic time
    and memory. A TOMLDecodeError, so every parser that skips malformed TOML skips it."""

    def __init__(self, message: str) -> None:
        # Not TOMLDecodeError's own signature, which differs between versions.
        ValueError.__init__(self, message)


def loads(text: str) -> dict[str, Any]:
    check_dotted_keys(text)
    data: dict[str, Any] = _tomllib_loads(text)
    return data


# A basic string (escapes allowed) or a literal string on one line; linear to match.
ONE_LINE_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def check_dotted_keys(text: str) -> None:
    """Raise TooComplex when the document's dotted keys would be too costly to parse."""
    budget = max(DOTTED_MIN_BUDGET, DOTTED_PER_CHAR * len(text))
    dots = text.count(".")
    if dots * dots <= budget:
        return  # the sum of squares is at most the square of the sum
    counts = [line.count(".") for line in text.split("\n")]
    if sum(map(mul, counts, counts)) <= budget:
        return
    # Dots inside one-line strings are values, not key parts (`exclude = ["*.min.js", …]`
    # on one line): count again without them before refusing.
    counts = [line.count(".") for line in ONE_LINE_STRING.sub('""', text).split("\n")]
    if sum(map(mul, counts, counts)) <= budget:
        return
    worst = max(range(len(counts)), key=counts.__getitem__)
    raise TooComplex(
        f"keys with too many dotted parts to parse safely (line {worst + 1} alone has "
        f"{counts[worst]} dots)"
    )
