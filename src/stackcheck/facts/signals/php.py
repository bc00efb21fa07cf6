"""PHP web pages, framework or not: request handling, sessions, forms and database access.

A plain-PHP application has no manifest that says "web app": its `.php` files read `$_POST`,
start sessions, redirect with `header("Location: ...")`, print forms and query MySQL through
mysqli or PDO. Comments are blanked first, so a commented-out query is not a database.

Facts (one per file showing it; evidence is the first line seen):
    php.web_pages     files that handle a request (superglobals, sessions, redirects)
    php.forms         files that print an HTML form
    php.mysql         files that talk to MySQL (mysqli, mysql_*, a PDO mysql DSN)
    php.db            files that query a database (mysqli, PDO, prepared statements)
    php.auth          files that log users in (password_verify, session login checks)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, FileScanner
from stackcheck.facts.signals.tokens import C_LIKE, Lines, strip

_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "php.web_pages",
        re.compile(
            r"\$_(?:POST|GET|REQUEST|SESSION|FILES|COOKIE)\b|\bsession_start\s*\("
            r"|\bheader\s*\(\s*['\"]Location\s*:"
        ),
        "handles a request: {m}",
    ),
    ("php.forms", re.compile(r"<form\b[^>]{0,300}>", re.IGNORECASE), "HTML form"),
    (
        "php.mysql",
        re.compile(r"\bmysqli?_\w+\s*\(|\bnew\s+mysqli\s*\(|['\"]mysql:host=", re.IGNORECASE),
        "MySQL: {m}",
    ),
    (
        "php.db",
        re.compile(
            r"\bmysqli?_query\s*\(|\bnew\s+(?:mysqli|PDO)\s*\(|->\s*(?:prepare|query|execute)\s*\(",
        ),
        "database query: {m}",
    ),
    (
        "php.auth",
        re.compile(
            r"\bpassword_(?:verify|hash)\s*\(|\$_SESSION\s*\[\s*['\"](?:user|usuario|login)"
        ),
        "user login: {m}",
    ),
)


def scan_php(path: str, text: str) -> Iterator[Fact]:
    # C-like comments and strings cover PHP's `//`, `/* */` and quotes well enough to blank
    # comments; `#` comments are rare in application code and only cost a false hit.
    code = strip(text, C_LIKE)
    lines: Lines | None = None
    for key, pattern, label in _PATTERNS:
        match = pattern.search(code)
        if match is None:
            continue
        lines = lines or Lines(text)
        line = lines.number(match.start())
        detail = label.replace("{m}", " ".join(match.group(0).split())[:60])
        yield fact(key, path, line, detail)


def _wants(path: str) -> bool:
    return path.lower().endswith((".php", ".phtml"))


FILE_SCANNERS.append(
    FileScanner(
        "php",
        _wants,
        scan_php,
        (
            b"$_",
            b"session_start",
            b"header",
            b"<form",
            b"<FORM",
            b"mysql",
            b"PDO",
            b"->",
            b"password_",
        ),
        endings=(".php", ".phtml"),
    )
)
