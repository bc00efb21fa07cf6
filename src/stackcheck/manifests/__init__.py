"""Manifest parsers: one module per format family, registered here by file name.

A parser takes the file's path and text and returns a `Parsed`; it never reads other
files (an include is returned for the collector to resolve) and never executes anything.
A malformed file raises `MalformedManifest`, which the collector turns into a skipped entry.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from typing import NamedTuple

from stackcheck.facts import Fact


class Parsed(NamedTuple):
    kind: str
    facts: tuple[Fact, ...]
    dependencies: int = 0
    includes: tuple[str, ...] = ()  # other files this one pulls in (paths relative to the root)


class MalformedManifest(ValueError):
    """The file has a manifest's name but cannot be parsed as one."""


Parser = Callable[[str, str], Parsed]

# Exact base names first, then glob patterns on the base name, then on the whole path.
PARSERS: dict[str, Parser] = {}
PATTERN_PARSERS: list[tuple[str, Parser]] = []
PATH_PATTERN_PARSERS: list[tuple[str, Parser]] = []


def register(*names: str, patterns: tuple[str, ...] = (), path_patterns: tuple[str, ...] = ()
             ) -> Callable[[Parser], Parser]:
    def decorate(parser: Parser) -> Parser:
        for name in names:
            PARSERS[name] = parser
        PATTERN_PARSERS.extend((pattern, parser) for pattern in patterns)
        PATH_PATTERN_PARSERS.extend((pattern, parser) for pattern in path_patterns)
        return parser

    return decorate


def parser_for(path: str) -> Parser | None:
    _load_all()
    name = path.rsplit("/", 1)[-1]
    found = PARSERS.get(name)
    if found is not None:
        return found
    for pattern, parser in PATTERN_PARSERS:
        if fnmatch.fnmatchcase(name, pattern):
            return parser
    for pattern, parser in PATH_PATTERN_PARSERS:
        if fnmatch.fnmatchcase(path, pattern):
            return parser
    return None


_LOADED = False


def _load_all() -> None:
    """Import the parser modules on first use so start-up stays cheap."""
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    import importlib

    for module in MODULES:
        importlib.import_module(f"stackcheck.manifests.{module}")


# One line per format family module.
MODULES: tuple[str, ...] = (
    "python",
    "python_locks",
    "node",
    "ecosystems",
    "deploy",
    "static_site",
    "ecosystems_elixir",
    "ecosystems_ruby",
    "ecosystems_jvm",
    "ecosystems_native",
    "ecosystems_mobile",
)
