"""Role checks in the other stacks' code (access.py)."""

from __future__ import annotations

import pytest

from stackcheck.facts.signals import access


def role_checks(path: str, text: str) -> float:
    total = 0.0
    for scanner in (s for s in access.FILE_SCANNERS if s.name.startswith("access-")):
        if scanner.wants(path) and any(n in text.encode() for n in scanner.needles):
            total += sum(f.value for f in scanner.scan(path, text))
    return total


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param(
            "Controllers/LeaveTypesController.cs",
            "[Authorize(Roles = Roles.Administrator)]\npublic class LeaveTypesController {\n"
            '  bool admin = User.IsInRole("Admin");\n}\n',
            2,
            id="aspnet",
        ),
        pytest.param(
            "src/main/java/app/UserController.java",
            "@PreAuthorize(\"hasRole('ADMIN')\")\npublic void delete() {}\n"
            '@Secured("ROLE_MANAGER")\npublic void approve() {}\n'
            '@PreAuthorize("isAuthenticated()")\npublic void me() {}\n',
            2,
            id="spring",
        ),
        pytest.param(
            "routes/web.php",
            "Route::middleware(['role:admin'])->group(function () {});\n"
            "if ($user->hasRole('manager')) {}\n",
            2,
            id="laravel-permission",
        ),
        pytest.param(
            "app/controllers/tickets_controller.rb",
            "class TicketsController < ApplicationController\n"
            "  load_and_authorize_resource\n  def update\n    authorize @ticket\n  end\nend\n",
            2,
            id="rails-cancancan-pundit",
        ),
        pytest.param(
            "src/routes/admin.ts",
            "router.delete('/users/:id', authorizeRoles('admin'), remove);\n"
            "@Roles(Role.Admin)\nrouter.get('/x', restrictTo('admin', 'lead'), list);\n",
            3,
            id="node-middleware-and-nest",
        ),
        pytest.param(
            "src/components/Menu.ts",
            "const roles = user.roles;\nconsole.log(hasRole);\nsetRoles(roles);\n",
            0,
            id="roles-named-but-not-checked",
        ),
    ],
)
def test_role_checks(path: str, text: str, expected: float) -> None:
    assert role_checks(path, text) == expected
