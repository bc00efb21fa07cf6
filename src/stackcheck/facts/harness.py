"""The settings of a test or demo project: what an add-on is tried in, never a deployed site.

A Django add-on ships a project to run its tests or show it off (`tests.settings`,
`example.settings`, `testproject.settings`); a site's settings are not kept in such a package.
Read alike from a manage.py (django.test_manage_py) and from a container's environment (a
Compose service that sets DJANGO_SETTINGS_MODULE to one: deploy.test_harness).
"""

from __future__ import annotations

HARNESS_PACKAGES = frozenset({"test", "tests", "testing", "example", "examples", "sandbox"})
HARNESS_PREFIXES = (
    *("test_", "tests_", "testapp", "testproj", "testsite"),
    *("example_proj", "exampleproj", "demo_proj", "demoproj", "demo_site", "demosite"),
)


def is_harness_package(part: str) -> bool:
    """A test or demo project's package (`tests.app.settings`, `example.settings`): an
    add-on is tried in one, a site is not kept in one."""
    return part in HARNESS_PACKAGES or part.startswith(HARNESS_PREFIXES)


# A settings module named for the tests it runs, at an add-on's root beside its package
# (`testsettings.py`, `test_settings.py`, `settings_test.py`).
TEST_SETTINGS = frozenset(
    {"testsettings", "test_settings", "tests_settings", "settings_test", "settings_tests"}
)


def is_harness_settings(module: str) -> bool:
    """Whether a settings module (`example.settings`, `testsettings`) is a test or demo
    project's."""
    parts = module.strip().lower().split(".")
    return parts[-1] in TEST_SETTINGS or any(is_harness_package(part) for part in parts[:-1])
