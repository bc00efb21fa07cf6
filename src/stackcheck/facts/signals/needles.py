"""Whether any of many literal needles occurs in a text, faster than trying each one.

`any(n in text for n in needles)` costs one pass over the text per needle, and one regex
alternation of them all costs a try at every position (the engine has no literal to skip
to). Needles that share a first character behind which the rest differ — `.get(`, `.post(`,
`.on(` — become one regex led by that literal, which the engine finds at memchr speed; the
others stay plain substring tests. The answer is exactly `any(n in text ...)`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

# A literal lead worth a regex of its own: rarer in code than letters are.
_LEADS = frozenset(".@")


# Below this many bytes, one alternation of a scanner's needles (a try at every position of
# a short text) beats a pass per needle; above it, the passes win (memchr-fast each).
SHORT_BYTES = 256
_ALTERNATIONS: dict[tuple[bytes, ...], re.Pattern[bytes]] = {}


def holds_needle(needles: tuple[bytes, ...], data: bytes) -> bool:
    """`any(n in data for n in needles)`, the faster way for the data's length: a file of a
    few lines (an `__init__.py`, a re-export) is tried against a file scanner's tens of
    needles in one search."""
    if len(data) >= SHORT_BYTES:
        return any(needle in data for needle in needles)
    pattern = _ALTERNATIONS.get(needles)
    if pattern is None:
        pattern = re.compile(b"|".join(map(re.escape, needles)))
        _ALTERNATIONS[needles] = pattern
    return pattern.search(data) is not None


def any_needle(needles: Iterable[str]) -> Callable[[str], bool]:
    """A test that a text holds at least one of the needles."""
    grouped: dict[str, list[str]] = defaultdict(list)
    plain: list[str] = []
    for needle in dict.fromkeys(needles):
        if len(needle) > 1 and needle[0] in _LEADS:
            grouped[needle[0]].append(needle[1:])
        else:
            plain.append(needle)
    led = tuple(
        re.compile(re.escape(lead) + "(?:" + "|".join(map(re.escape, sorted(rests))) + ")")
        for lead, rests in sorted(grouped.items())
    )
    words = tuple(plain)

    def holds(text: str) -> bool:
        return any(word in text for word in words) or any(
            pattern.search(text) is not None for pattern in led
        )

    return holds
