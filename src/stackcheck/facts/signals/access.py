"""Role checks in the code of the other stacks: who may do what, decided by the user's role,
as an internal tool's staff pages are (Django's are read by the Python analyzers).

- ASP.NET: `[Authorize(Roles = "Admin")]`, `.RequireRole(...)`, `User.IsInRole(...)`;
- Spring and Jakarta: `@PreAuthorize("hasRole('ADMIN')")`, `@Secured`, `@RolesAllowed`,
  `.hasRole(...)` / `.hasAnyAuthority(...)` in a security configuration;
- Laravel: spatie/laravel-permission's `->hasRole(...)`, `->hasPermissionTo(...)` and
  `role:` / `permission:` middleware;
- Rails: Pundit's `authorize record`, CanCanCan's `load_and_authorize_resource`, Rolify's
  `has_role?`;
- Node: NestJS's `@Roles(...)`, and the middleware a project names for it (`authorizeRoles`,
  `requireRole`, `checkRole`, `restrictTo("admin")`).

Facts:
    enterprise.role_checks    one per role check
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, FileScanner
from stackcheck.facts.signals.tokens import Lines

MAX_CHECKS_PER_FILE = 200


class Checks(NamedTuple):
    name: str
    endings: tuple[str, ...]
    pattern: re.Pattern[str]
    needles: tuple[bytes, ...]


CHECKS = (
    Checks(
        "access-dotnet",
        (".cs", ".cshtml", ".razor"),
        re.compile(
            r"\[\s*Authorize\s*\(\s*Roles\s*=|\.\s*RequireRole\s*\(|\bIsInRole\s*\("
            r"|<AuthorizeView\s+Roles\s*="
        ),
        (b"Roles", b"RequireRole", b"IsInRole"),
    ),
    Checks(
        "access-jvm",
        (".java", ".kt", ".groovy"),
        re.compile(
            r"""@PreAuthorize\s*\(\s*["'][^"'\n]*\bhas(?:Any)?(?:Role|Authority)\b"""
            r"|@(?:Secured|RolesAllowed)\s*\(|\.\s*has(?:Any)?(?:Role|Authority)\s*\("
        ),
        (b"@PreAuthorize", b"@Secured", b"@RolesAllowed", b"Role(", b"Authority("),
    ),
    Checks(
        "access-php",
        (".php",),
        re.compile(
            r"->\s*(?:hasRole|hasAnyRole|hasPermissionTo|assignRole)\s*\("
            r"""|\bmiddleware\s*\(\s*\[?\s*['"](?:role|permission|role_or_permission):"""
        ),
        (b"Role(", b"PermissionTo(", b"role:", b"permission:"),
    ),
    Checks(
        "access-ruby",
        (".rb",),
        re.compile(
            r"^[ \t]*(?:authorize[ \t]+@?\w|load_and_authorize_resource\b|authorize_resource\b)"
            r"|\bhas_role\?\s*[(:]",
            re.MULTILINE,
        ),
        (b"authorize", b"has_role?"),
    ),
    Checks(
        "access-js",
        (".js", ".ts", ".mjs", ".cjs", ".mts"),
        re.compile(
            r"@Roles\s*\(|(?<![\w$.])(?:authorize|require|check|verify|ensure|has|is)"
            r"Roles?\s*\(\s*(?:\[\s*)?['\"`\w]"
            r"|(?<![\w$.])restrictTo\s*\(\s*['\"`]"
        ),
        (b"Role", b"restrictTo"),
    ),
)


def _scanner(checks: Checks) -> Callable[[str, str], Iterator[Fact]]:
    def scan_access(path: str, text: str) -> Iterator[Fact]:
        lines: Lines | None = None
        for count, match in enumerate(checks.pattern.finditer(text)):
            if count >= MAX_CHECKS_PER_FILE:
                return
            lines = lines or Lines(text)
            detail = match.group(0).strip()[:60] + "...)"
            yield fact("enterprise.role_checks", path, lines.number(match.start()), detail)

    return scan_access


def _wanted_by(checks: Checks) -> Callable[[str], bool]:
    def wants(path: str) -> bool:
        return path.lower().endswith(checks.endings) and not path.endswith(".d.ts")

    return wants


FILE_SCANNERS.extend(
    FileScanner(c.name, _wanted_by(c), _scanner(c), c.needles, endings=c.endings) for c in CHECKS
)
