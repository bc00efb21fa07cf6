"""The stack summary: languages by product share, frameworks with versions, datastores and
deploy targets, each with the file that shows it."""

from __future__ import annotations

from stackcheck.facts import Evidence, Fact
from stackcheck.judge.stack import summarise


def facts(*items: tuple[str, float, str]) -> dict[str, Fact]:
    found = {}
    for key, value, detail in items:
        evidence = (Evidence("manifest", 3, detail),) if detail else ()
        found[key] = Fact(key, value, evidence)
    return found


def test_nothing_known() -> None:
    stack = summarise({})
    assert stack == ((), (), (), ())


def test_languages_are_largest_first_with_shares() -> None:
    stack = summarise(
        facts(
            ("lang.files.python", 10, ""),
            ("lang.bytes.python", 3000, ""),
            ("lang.files.html", 4, ""),
            ("lang.bytes.html", 1000, ""),
            ("lang.files.yaml", 3, ""),  # data, not a language of the product
            ("lang.bytes.yaml", 9000, ""),
        )
    )
    assert [(lang.name, lang.files, lang.share) for lang in stack.languages] == [
        ("python", 10, 0.75),
        ("html", 4, 0.25),
    ]


def test_frameworks_carry_version_and_evidence() -> None:
    stack = summarise(
        facts(
            ("py.dep.django", 1, "Django>=4.2.9 (runtime)"),
            ("npm.dep.express", 1, "express ~4.9.0 (runtime)"),
            ("cargo.dep.axum", 1, 'axum "0.8" [dependencies]'),
            ("py.dep.flask", 0, "Flask"),  # absent: value 0
        )
    )
    found = {f.name: f.version for f in stack.frameworks}
    assert found == {"Django": "4.2.9", "Express": "4.9.0", "Axum": "0.8"}
    assert stack.frameworks[0].evidence[0].path == "manifest"


def test_datastores_and_deploy() -> None:
    stack = summarise(
        facts(
            ("deploy.service.postgres", 1, "service db: image postgres:16"),
            ("manifest.dockerfile", 1, "Dockerfile"),
            ("deploy.procfile.web", 1, "web: gunicorn app:app"),
        )
    )
    assert [d.name for d in stack.datastores] == ["PostgreSQL"]
    assert [d.name for d in stack.deploy] == ["Docker", "Procfile"]
