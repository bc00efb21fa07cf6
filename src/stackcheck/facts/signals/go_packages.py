"""Which of a Go module's packages are programs.

A Go program is the package `main` (what `go build` links into an executable); a module whose
product code declares no such package is imported by other programs: a library, whatever
web or socket package it builds on (a client of a WebSocket server, a router's middleware).

Facts (one per file):
    go.main_package   a Go file of the `main` package
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, FileScanner
from stackcheck.facts.signals.tokens import Lines

# The package clause opens a line; a comment or a string holding these words does not.
_MAIN = re.compile(r"^package[ \t]+main\b", re.MULTILINE)


def scan_go(path: str, text: str) -> Iterator[Fact]:
    found = _MAIN.search(text)
    if found is not None:
        line = Lines(text).number(found.start())
        yield fact("go.main_package", path, line, "package main: a program")


def _wants(path: str) -> bool:
    return path.endswith(".go")


FILE_SCANNERS.append(FileScanner("go-main", _wants, scan_go, (b"package main",), (".go",)))
