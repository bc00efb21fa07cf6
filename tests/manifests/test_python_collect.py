"""The Python parsers inside the real pipeline: discover, collect, merge."""

from __future__ import annotations

from conftest import RepoFactory
from stackcheck.facts import Manifest, Skipped
from stackcheck.facts.collect import collect
from stackcheck.source.discover import discover


def test_layered_requirements_and_pyproject_merge(repo: RepoFactory) -> None:
    facts = collect(discover(repo("manifests-python-layered")))

    assert facts.manifests == (
        Manifest("pyproject.toml", "pyproject", 2),
        Manifest("requirements/base.txt", "requirements", 3),
        Manifest("requirements/dev.txt", "requirements", 2),
    )
    assert Skipped("requirements/lint.in", "included from requirements/dev.txt, not found") in (
        facts.skipped
    )
    # Django is declared in two manifests: presence adds up, evidence from both.
    assert facts.value("py.dep.django") == 2.0
    assert [(e.path, e.line) for e in facts.values["py.dep.django"].evidence] == [
        ("pyproject.toml", 6),
        ("requirements/base.txt", 2),
    ]
    assert facts.value("py.module.django") == 2.0
    assert facts.value("py.module.rest_framework") == 1.0
    assert facts.value("py.module.psycopg2") == 1.0
    assert facts.value("py.dep.stripe") == 1.0
    # dev.txt's own lines are dev dependencies; what it includes stays runtime.
    assert facts.value("py.devdep.pytest-django") == 1.0
    assert facts.value("py.devdep.factory-boy") == 1.0
    assert facts.value("py.devdep.django") == 0.0
    assert facts.value("py.module.pytest_django") == 0.0
    assert facts.value("py.console_script") == 1.0
    # A [project] table with no [build-system]: the application's manifest, not a package.
    assert facts.value("py.package") == 0.0
    assert facts.value("manifest.requirements") == 2.0
    assert facts.value("manifest.pyproject") == 1.0
