"""Classic ASP pages: VBScript or JScript between `<%` and `%>` that IIS runs per request.

A classic ASP application has no manifest: its `.asp` files read the request (`Request.Form`,
`Request.QueryString`), keep sessions, redirect, and query a database through ADO. Only the
server code between the delimiters is read, so a page that only includes others is none.

Facts (one per file showing it; evidence is the first line seen):
    asp.web_pages   files whose server code handles a request (the request's fields, the
                    session, a redirect)
    asp.db          files whose server code opens an ADO connection or record set
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, FileScanner
from stackcheck.facts.signals.tokens import Lines

# Server code: `<% ... %>` (and `<%= ... %>`), up to a bounded length each.
_SERVER_CODE = re.compile(r"<%(?!@)(.{0,20000}?)%>", re.DOTALL)
_PATTERNS = (
    (
        "asp.web_pages",
        re.compile(
            r"\bRequest\s*(?:\.\s*(?:Form|QueryString|Cookies|ServerVariables)\b|\(\s*\")"
            r"|\bSession\s*\(\s*\"|\bResponse\s*\.\s*Redirect\b",
            re.IGNORECASE,
        ),
    ),
    (
        "asp.db",
        re.compile(r"Server\s*\.\s*CreateObject\s*\(\s*\"ADODB\.", re.IGNORECASE),
    ),
)


def scan_asp(path: str, text: str) -> Iterator[Fact]:
    lines: Lines | None = None
    blocks = list(_SERVER_CODE.finditer(text))  # (found once, read for each pattern)
    for key, pattern in _PATTERNS:
        for block in blocks:
            found = pattern.search(block.group(1))
            if found is not None:
                lines = lines or Lines(text)
                line = lines.number(block.start(1) + found.start())
                yield fact(key, path, line, lines.text(line, 80))
                break


def _wants(path: str) -> bool:
    return path.lower().endswith(".asp")


FILE_SCANNERS.append(FileScanner("asp-pages", _wants, scan_asp, (b"<%",), endings=(".asp",)))
