"""Whether a regex alternation matches, searched one literal-led alternative at a time.

Python's engine finds a pattern that begins with a literal at memchr speed, but an
alternation of several (`bids|order_?book|...`), or a pattern behind a look-behind, is
tried at every position of the text. Each alternative here begins with its literal, and
the look-behind that stood in front of it becomes a test of the one character before the
match, so `any_match` answers exactly what `search(...) is not None` over the original
alternation answers, in a fraction of the time on files that hold none of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
LETTERS = LOWER | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class Led(NamedTuple):
    pattern: re.Pattern[str]  # begins with a literal
    not_after: frozenset[str] = frozenset()  # the look-behind `(?<![...])` it stood behind


def led(source: str, not_after: Iterable[str] = ()) -> Led:
    return Led(re.compile(source), frozenset(not_after))


def any_match(alternatives: Sequence[Led], text: str) -> bool:
    for alternative in alternatives:
        search, excluded = alternative.pattern.search, alternative.not_after
        found = search(text)
        while found is not None:
            start = found.start()
            if not excluded or start == 0 or text[start - 1] not in excluded:
                return True
            found = search(text, start + 1)  # a match may begin inside the refused one
    return False


def word_forms(*words: str) -> tuple[Led, ...]:
    """A word as an identifier part — `bid`, `bid_qty`, `bidQty`, `orderBid`, `BID`, not
    `task` — as the alternation `(?:(?<![A-Za-z])bid|Bid|BID|...)(?![a-z])` has it."""
    return tuple(
        led(re.escape(form) + "(?![a-z])", LETTERS if form == word else ())
        for word in words
        for form in (word, word.capitalize(), word.upper())
    )
