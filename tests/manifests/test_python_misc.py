"""Pipfile, conda environment files and the distribution-name table."""

from __future__ import annotations

import pytest

from stackcheck.facts import Fact
from stackcheck.facts.distnames import IMPORT_NAMES, dist_name, import_name
from stackcheck.facts.manifests import MalformedManifest, Parsed, parser_for
from stackcheck.facts.manifests.python.project import parse_conda_env, parse_pipfile


def values(parsed: Parsed) -> dict[str, float]:
    return {f.key: f.value for f in parsed.facts if not f.key.startswith("manifest.")}


def by_key(parsed: Parsed) -> dict[str, Fact]:
    return {f.key: f for f in parsed.facts}


PIPFILE = """\
[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
django = "==4.2.*"
channels = {version = ">=4", extras = ["daphne"]}
"django-cors-headers" = "*"

[dev-packages]
pytest-django = "*"

[requires]
python_version = "3.11"
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", {}, id="empty"),
        pytest.param('[requires]\npython_version = "3.11"\n', {}, id="no-packages"),
        pytest.param(
            PIPFILE,
            {
                "py.dep.django": 1.0,
                "py.dep.channels": 1.0,
                "py.dep.django-cors-headers": 1.0,
                "py.devdep.pytest-django": 1.0,
                "py.module.django": 1.0,
                "py.module.channels": 1.0,
                "py.module.corsheaders": 1.0,
            },
            id="packages-and-dev-packages",
        ),
    ],
)
def test_pipfile_facts(text: str, expected: dict[str, float]) -> None:
    assert values(parse_pipfile("Pipfile", text)) == expected


def test_pipfile_evidence() -> None:
    parsed = parse_pipfile("Pipfile", PIPFILE)
    facts = by_key(parsed)
    assert [(e.line, e.detail) for e in facts["py.dep.django"].evidence] == [
        (7, "django ==4.2.* (runtime)")
    ]
    assert facts["py.dep.django-cors-headers"].evidence[0].line == 9
    assert facts["py.devdep.pytest-django"].evidence[0].line == 12
    assert (parsed.kind, parsed.dependencies) == ("pipfile", 4)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[packages\ndjango = '*'\n", id="bad-toml"),
        pytest.param(bytes(range(128, 256)).decode("latin-1"), id="binary-latin-1"),
    ],
)
def test_pipfile_malformed(text: str) -> None:
    with pytest.raises(MalformedManifest):
        parse_pipfile("Pipfile", text)


CONDA = """\
name: vision
channels:
  - conda-forge
dependencies:
  - python>=3.10
  - pip
  - conda-forge::django=4.2
  - pytorch 2.1.0 py3.11_cpu_0
  - scikit-learn>=1.3
  - pip:
      - djangorestframework==3.14
      - not a requirement !!
      - -r requirements/ml.txt
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", {}, id="empty"),
        pytest.param("name: bare\nchannels: [defaults]\n", {}, id="no-dependencies"),
        pytest.param("dependencies: python=3.11\n", {}, id="dependencies-not-a-list"),
        pytest.param(
            CONDA,
            {
                "py.dep.django": 1.0,
                "py.dep.torch": 1.0,
                "py.dep.scikit-learn": 1.0,
                "py.dep.djangorestframework": 1.0,
                "py.module.django": 1.0,
                "py.module.torch": 1.0,
                "py.module.sklearn": 1.0,
                "py.module.rest_framework": 1.0,
            },
            id="conda-and-pip-specs",
        ),
    ],
)
def test_conda_facts(text: str, expected: dict[str, float]) -> None:
    assert values(parse_conda_env("environment.yml", text)) == expected


def test_conda_evidence_and_registration() -> None:
    facts = by_key(parse_conda_env("environment.yml", CONDA))
    assert [(e.line, e.detail) for e in facts["py.dep.django"].evidence] == [
        (7, "django=4.2 (runtime, conda)")
    ]
    assert facts["py.dep.djangorestframework"].evidence[0].line == 11
    assert parse_conda_env("envs/environment.yml", CONDA).includes == ("envs/requirements/ml.txt",)
    assert parser_for("environment.yaml") is parse_conda_env
    assert parser_for("envs/environment.yml") is parse_conda_env


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("dependencies: [django\n", id="bad-yaml"),
        pytest.param("- django\n- flask\n", id="top-level-list"),
        pytest.param("a: 1\n---\nb: 2\n", id="two-documents"),
        pytest.param("\x00\x01 binary junk: [\n", id="control-characters"),
    ],
)
def test_conda_malformed(text: str) -> None:
    with pytest.raises(MalformedManifest):
        parse_conda_env("environment.yml", text)


@pytest.mark.parametrize(
    ("dist", "module"),
    [
        pytest.param("requests", "requests", id="default-same-name"),
        pytest.param("django-extensions", "django_extensions", id="default-dash-to-underscore"),
        pytest.param("djangorestframework", "rest_framework", id="drf"),
        pytest.param("Pillow", "PIL", id="case-insensitive-input"),
        pytest.param("paho_mqtt", "paho", id="non-canonical-input"),
        pytest.param("scikit-learn", "sklearn", id="sklearn"),
        pytest.param("psycopg2-binary", "psycopg2", id="binary-variant"),
        pytest.param("opencv-python", "cv2", id="opencv"),
        pytest.param("python-socketio", "socketio", id="socketio"),
    ],
)
def test_import_name(dist: str, module: str) -> None:
    assert import_name(dist) == module


@pytest.mark.parametrize(
    ("module", "dist"),
    [
        pytest.param("no_such_module_here", None, id="unknown"),
        pytest.param("rest_framework", "djangorestframework", id="drf"),
        pytest.param("PIL.Image", "pillow", id="dotted-and-cased"),
        pytest.param("psycopg2", "psycopg2", id="first-listed-wins"),
        pytest.param("cv2", "opencv-python", id="opencv"),
        pytest.param("django", "django", id="identity"),
    ],
)
def test_dist_name(module: str, dist: str | None) -> None:
    assert dist_name(module) == dist


def test_table_is_canonical_and_round_trips() -> None:
    for dist, module in IMPORT_NAMES.items():
        assert dist == dist.lower().replace("_", "-").replace(".", "-"), dist
        assert dist_name(module) is not None
        assert import_name(dist_name(module) or "") == module
