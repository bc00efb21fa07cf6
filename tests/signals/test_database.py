"""Whether the project keeps its data in a database (web.database, derived)."""

from __future__ import annotations

import pytest

from stackcheck.facts import Evidence, Fact
from stackcheck.facts.signals import derived


def database(*keys: str) -> Fact | None:
    facts = {k: Fact(k, 1, (Evidence("manifest", 3, k),)) for k in keys}
    found = list(derived.database(facts))
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param(("py.orm_models",), id="orm-models"),
        pytest.param(("web.schema_models",), id="models-declared-in-code"),
        pytest.param(("web.migrations", "web.models"), id="migrations"),
        pytest.param(("gem.dep.rails", "web.models"), id="rails-models-are-tables"),
        pytest.param(("npm.dep.mongoose",), id="mongoose"),
        pytest.param(("nuget.dep.npgsql.entityframeworkcore.postgresql",), id="a-provider-package"),
        pytest.param(("go.dep.gorm.io/gorm",), id="gorm"),
        pytest.param(
            ("maven.dep.org.springframework.boot:spring-boot-starter-data-jpa",), id="spring-data"
        ),
        pytest.param(("cargo.dep.sqlx",), id="sqlx"),
        pytest.param(("mix.dep.ecto_sql",), id="ecto"),
    ],
)
def test_kept_in_a_database(keys: tuple[str, ...]) -> None:
    found = database(*keys)
    assert found is not None
    assert found.key == "web.database"
    assert found.evidence[0].detail in keys


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param((), id="nothing"),
        pytest.param(("web.models", "web.templates"), id="model-classes-by-folder-alone"),
        pytest.param(("npm.dep.express", "npm.dep.socket.io"), id="a-socket-server"),
        pytest.param(("py.dep.motorcycle", "npm.dep.pgn-parser"), id="near-names"),
    ],
)
def test_no_database(keys: tuple[str, ...]) -> None:
    assert database(*keys) is None
