from __future__ import annotations

import pytest

from stackcheck.facts import Fact
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.python.project import parse_pyproject


def values(parsed: Parsed) -> dict[str, float]:
    return {f.key: f.value for f in parsed.facts if not f.key.startswith("manifest.")}


def by_key(parsed: Parsed) -> dict[str, Fact]:
    return {f.key: f for f in parsed.facts}


PEP621 = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "shopfront"
description = "Django is mentioned here but is not a dependency line"
dependencies = [
  "Django>=4.2,<5",
  "djangorestframework>=3.14",
  'channels[daphne]>=4',
]

[project.optional-dependencies]
test = ["pytest-django>=4.7", "shopfront[s3]"]
s3 = ["django-storages[s3]"]
Docs = ["sphinx"]

[project.scripts]
shopfront = "shopfront.cli:main"
shopfront-admin = "shopfront.admin:main"

[project.gui-scripts]
shopfront-gui = "shopfront.gui:main"
"""

POETRY = """\
[tool.poetry]
name = "ledger"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.11"
Django = "^4.2"
stripe = { version = "^7.0", optional = true }
django-money = { git = "https://github.com/example/django-money.git" }

[tool.poetry.dev-dependencies]
black = "*"

[tool.poetry.group.test.dependencies]
pytest-django = "^4.7"

[tool.poetry.group.main.dependencies]
celery = "^5.3"

[tool.poetry.scripts]
ledger = "ledger.cli:run"
"""

BUILD_SYSTEM = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'

GROUPS_AND_TOOLS = """\
[build-system]
requires = ["setuptools"]

[project]
name = "portal"
dependencies = []

[dependency-groups]
lint = ["ruff"]
test = ["pytest", {include-group = "lint"}]
loop-a = [{include-group = "loop-b"}, "mypy"]
loop-b = [{include-group = "loop-a"}]

[tool.pdm.dev-dependencies]
docs = ["mkdocs>=1.5"]

[tool.uv]
dev-dependencies = ["pytest-cov"]

[tool.hatch.envs.default]
dependencies = ["coverage[toml]"]
extra-dependencies = ["ipdb"]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", {}, id="empty"),
        pytest.param("[tool.ruff]\nline-length = 100\n", {}, id="tool-config-only"),
        pytest.param(
            '[project]\nname = "x"\ndependencies = "Django"\n' + BUILD_SYSTEM,
            {"py.package": 1.0},
            id="wrong-types-ignored",
        ),
        pytest.param(
            '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = ["flask"]\n',
            {"py.dep.flask": 1.0, "py.module.flask": 1.0},
            id="no-build-system-an-application",
        ),
        pytest.param(
            '[project]\nname = "app"\n' + BUILD_SYSTEM + "[tool.uv]\npackage = false\n",
            {},
            id="uv-package-false",
        ),
        pytest.param(
            '[project]\nname = "app"\n[tool.uv]\npackage = true\n',
            {"py.package": 1.0},
            id="uv-package-true",
        ),
        pytest.param(
            '[project]\nname = "django-shop"\n[tool.setuptools.packages.find]\nwhere = ["."]\n',
            {"py.package": 1.0},
            id="setuptools-told-what-to-build",
        ),
        pytest.param(
            '[project]\nname = "app"\n[tool.setuptools_scm]\nwrite_to = "v.py"\n',
            {},
            id="another-setuptools-tool-is-no-build",
        ),
        pytest.param(
            '[project]\nname = "app"\n' + BUILD_SYSTEM + "[tool.pdm]\ndistribution = false\n",
            {},
            id="pdm-distribution-false",
        ),
        pytest.param(
            '[tool.poetry]\nname = "scripts"\npackage-mode = false\n',
            {},
            id="poetry-non-package-mode",
        ),
        pytest.param(
            '[tool.poetry]\nname = "bot"\nclassifiers = ["Private :: Do Not Upload"]\n',
            {},
            id="poetry-private-classifier",
        ),
        pytest.param(
            '[project]\nname = "app"\nclassifiers = ["Private :: Do Not Upload"]\n' + BUILD_SYSTEM,
            {},
            id="pep621-private-classifier",
        ),
        pytest.param(
            PEP621,
            {
                "py.package": 1.0,
                "py.console_script": 3.0,
                "py.dep.django": 1.0,
                "py.dep.djangorestframework": 1.0,
                "py.dep.channels": 1.0,
                "py.dep.django-storages": 1.0,
                "py.devdep.pytest-django": 1.0,
                "py.devdep.sphinx": 1.0,
                "py.module.django": 1.0,
                "py.module.rest_framework": 1.0,
                "py.module.channels": 1.0,
                "py.module.storages": 1.0,
            },
            id="pep621",
        ),
        pytest.param(
            POETRY,
            {
                "py.package": 1.0,
                "py.console_script": 1.0,
                "py.dep.django": 1.0,
                "py.dep.stripe": 1.0,
                "py.dep.django-money": 1.0,
                "py.dep.celery": 1.0,
                "py.devdep.black": 1.0,
                "py.devdep.pytest-django": 1.0,
                "py.module.django": 1.0,
                "py.module.stripe": 1.0,
                "py.module.djmoney": 1.0,
                "py.module.celery": 1.0,
            },
            id="poetry",
        ),
        pytest.param(
            GROUPS_AND_TOOLS,
            {
                "py.package": 1.0,
                "py.devdep.ruff": 1.0,
                "py.devdep.pytest": 1.0,
                "py.devdep.mypy": 1.0,
                "py.devdep.mkdocs": 1.0,
                "py.devdep.pytest-cov": 1.0,
                "py.devdep.coverage": 1.0,
                "py.devdep.ipdb": 1.0,
            },
            id="dependency-groups-pdm-uv-hatch",
        ),
    ],
)
def test_pyproject_facts(text: str, expected: dict[str, float]) -> None:
    assert values(parse_pyproject("pyproject.toml", text)) == expected


def test_a_theme_registered_with_a_site_generator() -> None:
    text = (
        '[build-system]\nrequires = ["hatchling"]\n[project]\nname = "mkdocs-terminal"\n'
        '[project.entry-points."mkdocs.plugins"]\nmd-to-html = "terminal.plugins:Plugin"\n'
        '[project.entry-points."mkdocs.themes"]\nterminal = "terminal"\n'
    )
    facts = by_key(parse_pyproject("pyproject.toml", text))
    assert facts["py.site_theme"].evidence[0].line == 8
    assert facts["py.site_theme"].evidence[0].detail == "MkDocs theme terminal"
    poetry = (
        '[tool.poetry]\nname = "furo-ish"\n[tool.poetry.plugins."sphinx.html_themes"]\n'
        'ish = "ish"\n'
    )
    assert "py.site_theme" in by_key(parse_pyproject("pyproject.toml", poetry))
    plugins_only = '[project]\nname = "x"\n[project.entry-points."mkdocs.plugins"]\nx = "x:P"\n'
    assert "py.site_theme" not in by_key(parse_pyproject("pyproject.toml", plugins_only))


def test_pyproject_evidence_lines_and_details() -> None:
    parsed = parse_pyproject("pyproject.toml", PEP621)
    facts = by_key(parsed)
    django = facts["py.dep.django"].evidence
    assert [(e.line, e.detail) for e in django] == [(9, "Django>=4.2,<5 (runtime)")]
    assert facts["py.dep.channels"].evidence[0].line == 11
    assert facts["py.devdep.pytest-django"].evidence[0].detail == (
        "pytest-django>=4.7 (dev, extra test)"
    )
    assert facts["py.package"].evidence[0].line == 6
    scripts = facts["py.console_script"].evidence
    assert [e.line for e in scripts] == [20, 21, 24]
    assert parsed.kind == "pyproject"
    assert parsed.dependencies == 6


def test_poetry_evidence_finds_the_key_in_its_table() -> None:
    facts = by_key(parse_pyproject("pyproject.toml", POETRY))
    assert [(e.line, e.detail) for e in facts["py.dep.django"].evidence] == [
        (7, "Django ^4.2 (runtime)")
    ]
    assert facts["py.devdep.pytest-django"].evidence[0].line == 15
    assert "(git https://github.com" in facts["py.dep.django-money"].evidence[0].detail


def test_dependency_groups_resolve_includes() -> None:
    facts = by_key(parse_pyproject("pyproject.toml", GROUPS_AND_TOOLS))
    ruff = {e.detail for e in facts["py.devdep.ruff"].evidence}
    assert ruff == {"ruff (dev, group lint)", "ruff (dev, group test)"}


@pytest.mark.parametrize(
    ("text", "includes"),
    [
        pytest.param('[project]\nname = "x"\n', (), id="none"),
        pytest.param(
            '[tool.setuptools.dynamic]\ndependencies = {file = ["requirements/base.in"]}\n'
            'optional-dependencies.dev = {file = "requirements/dev.in"}\n',
            ("app/requirements/base.in", "app/requirements/dev.in"),
            id="setuptools-dynamic",
        ),
    ],
)
def test_pyproject_includes(text: str, includes: tuple[str, ...]) -> None:
    assert parse_pyproject("app/pyproject.toml", text).includes == includes


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[project\nname = 'x'\n", id="unclosed-table"),
        pytest.param('[project]\nname = "x"\nname = "y"\n', id="duplicate-key"),
        pytest.param(bytes(range(128, 256)).decode("latin-1"), id="binary-latin-1"),
        pytest.param("a = " + "[" * 5000 + "]" * 5000 + "\n", id="deeply-nested"),
    ],
)
def test_pyproject_malformed(text: str) -> None:
    with pytest.raises(MalformedManifest):
        parse_pyproject("pyproject.toml", text)
