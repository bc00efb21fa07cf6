from __future__ import annotations

import pytest

from stackcheck.facts.manifests import MalformedManifest, Parsed, parser_for
from stackcheck.facts.manifests.python.project import parse_requirements


def values(parsed: Parsed) -> dict[str, float]:
    return {f.key: f.value for f in parsed.facts if not f.key.startswith("manifest.")}


def lines(parsed: Parsed, key: str) -> list[int | None]:
    found = {f.key: f for f in parsed.facts}[key]
    return [e.line for e in found.evidence]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("README.txt", False, id="not-a-requirements-file"),
        pytest.param("docs/index.txt", False, id="docs-text"),
        pytest.param("requirements.txt", True, id="plain"),
        pytest.param("requirements-dev.txt", True, id="dash-suffix"),
        pytest.param("dev-requirements.txt", True, id="dash-prefix"),
        pytest.param("requirements.in", True, id="pip-tools-input"),
        pytest.param("requirements/base.txt", True, id="folder"),
        pytest.param("backend/requirements/prod.txt", True, id="nested-folder"),
        pytest.param("constraints.txt", True, id="constraints"),
    ],
)
def test_requirements_file_names_are_registered(path: str, expected: bool) -> None:
    assert (parser_for(path) is parse_requirements) is expected


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param("requirements.txt", "", {}, id="empty"),
        pytest.param("requirements.txt", "# nothing yet\n\n   \n", {}, id="only-comments"),
        pytest.param(
            "requirements.txt",
            "--index-url https://pypi.example.org/simple\n--pre\n-e .\n",
            {},
            id="only-options-and-the-project-itself",
        ),
        pytest.param(
            "constraints.txt", "Django==4.2.7\nasgiref==3.7.2\n", {}, id="constraints-give-no-deps"
        ),
        pytest.param(
            "requirements.txt",
            "Django>=4.2,<5\n",
            {"py.dep.django": 1.0, "py.module.django": 1.0},
            id="runtime",
        ),
        pytest.param(
            "requirements-dev.txt",
            "pytest-django==4.7\n",
            {"py.devdep.pytest-django": 1.0},
            id="dev-by-suffix",
        ),
        pytest.param(
            "requirements/test_ci.txt",
            "coverage\n",
            {"py.devdep.coverage": 1.0},
            id="dev-by-folder-file-words",
        ),
        pytest.param(
            "docs/requirements.txt", "Sphinx>=7\n", {"py.devdep.sphinx": 1.0}, id="docs-folder"
        ),
        pytest.param(
            "requirements/production.txt",
            "gunicorn==21.2\n",
            {"py.dep.gunicorn": 1.0, "py.module.gunicorn": 1.0},
            id="production-is-runtime",
        ),
        pytest.param(
            "requirements.txt",
            "djangorestframework==3.14\nPillow\n",
            {
                "py.dep.djangorestframework": 1.0,
                "py.dep.pillow": 1.0,
                "py.module.rest_framework": 1.0,
                "py.module.pil": 1.0,
            },
            id="import-names-from-the-table",
        ),
        pytest.param(
            "requirements.txt",
            "django[argon2,bcrypt]==4.2 ; python_version >= '3.10'\nDjango>=4\n",
            {"py.dep.django": 1.0, "py.module.django": 1.0},
            id="extras-markers-and-repeats-count-once",
        ),
        pytest.param(
            "requirements.txt",
            "channels==4.0 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\n",
            {"py.dep.channels": 1.0, "py.module.channels": 1.0},
            id="hashes-and-continuations",
        ),
        pytest.param(
            "requirements.txt",
            "-e git+https://github.com/example/django-widgets.git@v2#egg=django-widgets\n",
            {"py.dep.django-widgets": 1.0, "py.module.django_widgets": 1.0},
            id="editable-vcs-egg",
        ),
        pytest.param(
            "requirements.txt",
            "stripe @ https://files.example.org/stripe-7.0.0.tar.gz\n"
            "https://files.example.org/paho_mqtt-1.6.1-py3-none-any.whl\n"
            "git+https://github.com/example/celery.git#egg=celery\n",
            {
                "py.dep.stripe": 1.0,
                "py.dep.paho-mqtt": 1.0,
                "py.dep.celery": 1.0,
                "py.module.stripe": 1.0,
                "py.module.paho": 1.0,
                "py.module.celery": 1.0,
            },
            id="urls",
        ),
        pytest.param(
            "requirements.txt",
            "Django>=1.8.x\nthis is not a requirement\n",
            {"py.dep.django": 1.0, "py.module.django": 1.0},
            id="legacy-version-kept-bad-line-skipped",
        ),
    ],
)
def test_requirements_facts(path: str, text: str, expected: dict[str, float]) -> None:
    assert values(parse_requirements(path, text)) == expected


def test_requirements_evidence_has_lines_and_details() -> None:
    text = "# web\nDjango>=4.2,<5  # LTS\n\nchannels==4.0 \\\n  --hash=sha256:aa\n"
    parsed = parse_requirements("requirements.txt", text)
    found = {f.key: f for f in parsed.facts}
    assert found["py.dep.django"].evidence[0].detail == "Django>=4.2,<5 (runtime)"
    assert lines(parsed, "py.dep.django") == [2]
    assert lines(parsed, "py.dep.channels") == [4]
    assert parsed.kind == "requirements"
    assert parsed.dependencies == 2
    assert found["manifest.requirements"].value == 1.0


@pytest.mark.parametrize(
    ("path", "text", "includes"),
    [
        pytest.param("requirements.txt", "Django\n", (), id="none"),
        pytest.param(
            "requirements.txt", "-r https://example.org/base.txt\n", (), id="url-not-followed"
        ),
        pytest.param(
            "requirements/dev.txt",
            "-r base.txt\n--requirement=./ci.txt\n-c ../constraints.txt\n",
            ("constraints.txt", "requirements/base.txt", "requirements/ci.txt"),
            id="relative-to-the-file",
        ),
        pytest.param(
            "requirements-dev.txt",
            "-rrequirements.txt\n--constraint pins/constraints.txt\n",
            ("pins/constraints.txt", "requirements.txt"),
            id="glued-and-long-forms",
        ),
        pytest.param(
            "requirements.txt", "-r ../../outside.txt\n", (), id="outside-the-root-dropped"
        ),
    ],
)
def test_requirements_includes(path: str, text: str, includes: tuple[str, ...]) -> None:
    assert parse_requirements(path, text).includes == includes


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("!!! not @@ requirements ###\n%%%\n", id="nothing-parses"),
        pytest.param(
            bytes(range(128, 256)).decode("latin-1") + "\n\x01\x02\x03ÿþ\n", id="binary-latin-1"
        ),
        pytest.param("--no-such-option value\n", id="unknown-option-only"),
    ],
)
def test_requirements_malformed(text: str) -> None:
    with pytest.raises(MalformedManifest):
        parse_requirements("requirements.txt", text)


PIP_COMPILE = """\
anyio==3.7.1
    # via
    #   starlette
bottle==0.12.25
    # via platformio
click==8.1.7
    # via
    #   -r requirements.in
    #   platformio
flask==3.0  # via -r requirements.in
platformio==6.1
    # via -r requirements.in
starlette==0.27.0  # via platformio
requests==2.31
"""


def test_a_pip_compile_lock_lists_only_what_the_project_asked_for() -> None:
    found = {k for k in values(parse_requirements("requirements.txt", PIP_COMPILE))}
    deps = {k for k in found if k.startswith("py.dep.")}
    # pulled in only by other packages: anyio, bottle, starlette
    assert deps == {"py.dep.click", "py.dep.flask", "py.dep.platformio", "py.dep.requests"}
