"""Whether a regex alternation matches, searched one literal-led alternative at a time.

Python's engine finds a pattern that begins with a literal at memchr speed, but an
alternation of several (`bids|order_?book|...`), or a pattern behind a look-behind, is
tried at every position of the text. Each alternative here begins with its literal, and
the look-behind that stood in front of it becomes a test of the one character before the
match, so `any_match` answers exactly what `search(...) is not None` over the original
alternation answers (and `first_match` finds the match it finds first), in a fraction of
the time on files that hold none of it. A pattern that cannot be split so is `Gated`.
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
    not_after_word: bool = False  # the look-behind held `\w` too (or was `\b`)

    def refuses(self, text: str, start: int) -> bool:
        if start == 0:
            return False
        before = text[start - 1]
        # `\w` in a str pattern is what str.isalnum() says, and the underscore.
        return before in self.not_after or (
            self.not_after_word and (before.isalnum() or before == "_")
        )


def led(source: str, not_after: Iterable[str] = (), word: bool = False) -> Led:
    return Led(re.compile(source), frozenset(not_after), word)


def any_match(alternatives: Sequence[Led], text: str) -> bool:
    return any(_first(alternative, text) is not None for alternative in alternatives)


def first_match(alternatives: Sequence[Led], text: str) -> re.Match[str] | None:
    """The match the alternation finds first: the leftmost, when no alternative's literal
    begins another's (two alternatives then never match at one place)."""
    found = [m for a in alternatives if (m := _first(a, text)) is not None]
    return min(found, key=lambda m: m.start(), default=None)


def _first(alternative: Led, text: str) -> re.Match[str] | None:
    search = alternative.pattern.search
    found = search(text)
    while found is not None and alternative.refuses(text, found.start()):
        found = search(text, found.start() + 1)  # a match may begin inside the refused one
    return found


class Gated(NamedTuple):
    """A pattern that cannot begin with a literal, searched only in a text where `gate`
    occurs: a pattern every match of it contains, led by literals, so a text without it is
    passed over at memchr speed."""

    pattern: re.Pattern[str]
    gate: re.Pattern[str]

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.gate.search(text) is not None else None


# What follows `.listen(` when a server listens: a port or its options, not an observer's
# callback (Google's `isSignedIn.listen(onChange)`, `onChange.listen((user) => ...)`), nor
# nothing at all (a GUI control's `.listen()`, which redraws when its value changes).
JS_SERVER_LISTEN = (
    r"\.\s*listen\s*\((?!\s*(?:[\w$]*(?:[Ll]istener|[Cc]allback|[Hh]andler)\b"
    r"|function\b|async\b|\([^()\n]*\)\s*=>|[\w$]+\s*=>|\)))"
)


def gated(source: str, gate: str) -> Gated:
    return Gated(re.compile(source), re.compile(gate))


def js_imports_of(modules: str) -> tuple[Led, ...]:
    r"""A JavaScript file loading one of `modules` (an alternation): `require("m")`,
    `from "m"` or `import "m"`, as `(?:require\s*\(\s*|from\s+|import\s+)['"](?:m)['"]`."""
    quoted = rf"""['"](?:{modules})['"]"""
    return (led(rf"require\s*\(\s*{quoted}"), led(rf"from\s+{quoted}"), led(rf"import\s+{quoted}"))


def word_forms(*words: str) -> tuple[Led, ...]:
    """A word as an identifier part — `bid`, `bid_qty`, `bidQty`, `orderBid`, `BID`, not
    `task` — as the alternation `(?:(?<![A-Za-z])bid|Bid|BID|...)(?![a-z])` has it."""
    return tuple(
        led(re.escape(form) + "(?![a-z])", LETTERS if form == word else ())
        for word in words
        for form in (word, word.capitalize(), word.upper())
    )
