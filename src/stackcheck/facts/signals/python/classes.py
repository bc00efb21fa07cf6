"""The bases of a file's classes read without the parser, for the gates (gate.py).

What comes back is a superset of the bases the outline finds (syntax.outline): every name
written between the parentheses after `class Name` (keyword arguments, subscripts and calls
included), qualified through the file's imports, its last part kept. A gate judged on more
bases opens at least as wide, so a file whose gates stay closed on these needs no parse. A
`class` inside a string or a comment only adds names, which only widens.

Text this reading cannot follow safely gives None (the caller then parses): non-ASCII text
(the parser reads names in their NFKC form), a line join after `class` or its name, type
parameters (`class A[T]`), a quote, comment or backslash inside the parentheses (a `)` in
them would end the bases early), and parentheses left open.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from stackcheck.facts.signals.python.imports import word_starts
from stackcheck.facts.signals.python.syntax import last, qualified_text

_NAME = re.compile(r"[ \t\f]*([A-Za-z_][A-Za-z0-9_]*)?[ \t\f]*")
_BRACKET_OR_UNSAFE = re.compile(r"[()\[\]{}'\"#\\]")
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*")


def class_bases(text: str, aliases: Mapping[str, str]) -> frozenset[str] | None:
    """The last parts of every name in every class's parentheses, as qualified by
    `aliases` (syntax.Module.imports of the same file); None when the text is not read."""
    if not text.isascii():
        return None
    found: set[str] = set()
    for start in word_starts(text, "class"):
        spaced = _NAME.match(text, start + len("class"))
        assert spaced is not None  # every part of the pattern may be empty
        follows = text[spaced.end() : spaced.end() + 1]
        if follows == "\\" or (follows == "[" and spaced.group(1)):
            return None  # a line join, or type parameters
        if spaced.group(1) is None or follows != "(":
            continue  # no bases (`class A:`), or prose
        close = _closing(text, spaced.end())
        if close is None:
            return None
        for name in _DOTTED.findall(text, spaced.end() + 1, close):
            found.add(last(qualified_text(aliases, "".join(name.split()))))
    return frozenset(found)


def _closing(text: str, opening: int) -> int | None:
    """Where the parenthesis at `opening` closes; None when it does not, or when a quote,
    comment or backslash comes first."""
    depth = 0
    for bracket in _BRACKET_OR_UNSAFE.finditer(text, opening):
        char = bracket.group()
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return bracket.start()
        else:
            return None
    return None
