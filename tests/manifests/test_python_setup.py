from __future__ import annotations

import pytest

from stackcheck.facts import Fact
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.python.project import parse_setup_cfg, parse_setup_py


def values(parsed: Parsed) -> dict[str, float]:
    return {f.key: f.value for f in parsed.facts if not f.key.startswith("manifest.")}


def by_key(parsed: Parsed) -> dict[str, Fact]:
    return {f.key: f for f in parsed.facts}


SETUP_LITERAL = """\
from setuptools import find_packages, setup

setup(
    name="bookings",
    packages=find_packages(),
    install_requires=[
        "Django>=4.2",
        "psycopg2-binary",
    ],
    extras_require={
        "test": ["pytest-django"],
        "s3:python_version>='3.8'": ["boto3"],
    },
    tests_require=["factory-boy"],
    entry_points={"console_scripts": ["bookings = bookings.cli:main"]},
)
"""

SETUP_NAMES = """\
import setuptools

REQUIRES = ["wagtail>=5", "django-allauth"]
EXTRA = ["stripe"]
DEV: list[str] = ["black"]
KWARGS = dict(
    name=NAME_FROM_ELSEWHERE,
    entry_points='''
        [console_scripts]
        cms-admin = cms_site.cli:main
    ''',
)

if __name__ == "__main__":
    setuptools.setup(
        install_requires=REQUIRES + EXTRA,
        extras_require={"dev": DEV},
        **KWARGS,
    )
"""

SETUP_UNREADABLE = """\
from setuptools import setup

with open("requirements.txt") as handle:
    REQUIRES = handle.read().splitlines()

setup(name="tool", install_requires=REQUIRES, setup_requires=["setuptools_scm"])
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", {}, id="empty"),
        pytest.param("import setuptools\n", {}, id="no-setup-call"),
        pytest.param("from setuptools import setup\nsetup()\n", {}, id="bare-setup-call"),
        pytest.param(SETUP_UNREADABLE, {"py.package": 1.0}, id="computed-requirements-ignored"),
        pytest.param(
            SETUP_LITERAL,
            {
                "py.package": 1.0,
                "py.console_script": 1.0,
                "py.dep.django": 1.0,
                "py.dep.psycopg2-binary": 1.0,
                "py.dep.boto3": 1.0,
                "py.devdep.pytest-django": 1.0,
                "py.devdep.factory-boy": 1.0,
                "py.module.django": 1.0,
                "py.module.psycopg2": 1.0,
                "py.module.boto3": 1.0,
            },
            id="literals",
        ),
        pytest.param(
            SETUP_NAMES,
            {
                "py.package": 1.0,
                "py.console_script": 1.0,
                "py.dep.wagtail": 1.0,
                "py.dep.django-allauth": 1.0,
                "py.dep.stripe": 1.0,
                "py.devdep.black": 1.0,
                "py.module.wagtail": 1.0,
                "py.module.allauth": 1.0,
                "py.module.stripe": 1.0,
            },
            id="module-names-concatenation-kwargs",
        ),
    ],
)
def test_setup_py_facts(text: str, expected: dict[str, float]) -> None:
    assert values(parse_setup_py("setup.py", text)) == expected


def test_setup_py_theme_entry_point() -> None:
    text = (
        "from setuptools import setup\n"
        "setup(name='sphinx-ish', entry_points={\n"
        "    'sphinx.html_themes': ['ish = ish'],\n"
        "    'console_scripts': ['ish-build = ish.cli:main'],\n})\n"
    )
    parsed = parse_setup_py("setup.py", text)
    themes = [f for f in parsed.facts if f.key == "py.site_theme"]
    assert [e.detail for f in themes for e in f.evidence] == ["Sphinx theme ish"]


def test_setup_py_evidence() -> None:
    facts = by_key(parse_setup_py("setup.py", SETUP_LITERAL))
    assert [(e.line, e.detail) for e in facts["py.dep.django"].evidence] == [
        (7, "Django>=4.2 (runtime)")
    ]
    assert facts["py.dep.boto3"].evidence[0].detail == "boto3 (runtime, extra s3)"
    assert facts["py.console_script"].evidence[0].detail == (
        "console script bookings = bookings.cli:main"
    )
    assert facts["py.package"].evidence[0].detail == "package bookings"
    names = by_key(parse_setup_py("setup.py", SETUP_NAMES))
    assert names["py.dep.wagtail"].evidence[0].line == 3


PYTHON2_SETUP = """\
import sys
from setuptools import setup

name = 'django-badges'
install_requires = ['Django', 'requests']

if sys.argv[-1] == 'publish':
    print "Tag the version now:"
    print "  git tag -a %s" % name
    sys.exit()

setup(name=name, packages=['badges'], install_requires=install_requires)
"""


def test_an_old_package_s_python_2_setup_py_is_read() -> None:
    """A reusable app's setup.py from before Python 3 (a `print` statement in its publish
    helper) still names the package it publishes and what it requires."""
    facts = by_key(parse_setup_py("setup.py", PYTHON2_SETUP))
    assert facts["py.package"].evidence[0].detail == "package django-badges"
    assert {"py.dep.django", "py.dep.requests"} <= facts.keys()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("setup(name='x',\n", id="syntax-error"),
        pytest.param("print 'x'\nsetup(name='x',\n", id="python-2-and-a-syntax-error"),
        pytest.param("setup(name='x')\x00\n", id="nul-byte"),
        pytest.param(bytes(range(128, 256)).decode("latin-1"), id="binary-latin-1"),
        pytest.param("{% if x %}\nsetup(name='x',\n", id="a-template-broken-without-its-tags"),
        pytest.param("setup(name='x')\n{% if x\n", id="a-tag-never-closed"),
    ],
)
def test_setup_py_malformed(text: str) -> None:
    with pytest.raises(MalformedManifest):
        parse_setup_py("setup.py", text)


SETUP_CFG = """\
[metadata]
name = fleet-monitor

[options]
packages = find:
install_requires =
    Django>=4.2
    paho-mqtt>=1.6  # device feed
    # a comment line
    influxdb-client
tests_require =
    pytest

[options.extras_require]
docs = sphinx
ml =
    scikit-learn

[options.entry_points]
console_scripts =
    fleet = fleet.cli:main
    fleet-ingest = fleet.ingest:main

[flake8]
max-line-length = 100
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", {}, id="empty"),
        pytest.param("[flake8]\nmax-line-length = 100\n", {}, id="tool-config-only"),
        pytest.param(
            SETUP_CFG,
            {
                "py.package": 1.0,
                "py.console_script": 2.0,
                "py.dep.django": 1.0,
                "py.dep.paho-mqtt": 1.0,
                "py.dep.influxdb-client": 1.0,
                "py.dep.scikit-learn": 1.0,
                "py.devdep.pytest": 1.0,
                "py.devdep.sphinx": 1.0,
                "py.module.django": 1.0,
                "py.module.paho": 1.0,
                "py.module.influxdb_client": 1.0,
                "py.module.sklearn": 1.0,
            },
            id="full",
        ),
    ],
)
def test_setup_cfg_facts(text: str, expected: dict[str, float]) -> None:
    assert values(parse_setup_cfg("setup.cfg", text)) == expected


def test_setup_cfg_evidence_and_includes() -> None:
    facts = by_key(parse_setup_cfg("setup.cfg", SETUP_CFG))
    assert [e.line for e in facts["py.dep.paho-mqtt"].evidence] == [8]
    assert [e.line for e in facts["py.console_script"].evidence] == [21, 22]
    assert facts["py.package"].evidence[0].line == 2
    text = "[options]\ninstall_requires = file: requirements.in, extra.txt\n"
    parsed = parse_setup_cfg("pkg/setup.cfg", text)
    assert parsed.includes == ("pkg/extra.txt", "pkg/requirements.in")
    assert parsed.dependencies == 0


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("install_requires = Django\n", id="no-section-header"),
        pytest.param("[options\ninstall_requires = x\n", id="broken-header"),
        pytest.param(bytes(range(128, 256)).decode("latin-1"), id="binary-latin-1"),
    ],
)
def test_setup_cfg_malformed(text: str) -> None:
    with pytest.raises(MalformedManifest):
        parse_setup_cfg("setup.cfg", text)


TEMPLATED_SETUP = """\
from setuptools import setup
{%- set classifiers = {
    'MIT': 'License :: OSI Approved :: MIT License',
} %}

setup(
    name='{{ cookiecutter.repo_name }}',
    packages=['{{ cookiecutter.app_name }}'],
{%- if cookiecutter.license in classifiers %}
    license="{{ cookiecutter.license }}",
{%- endif %}
    install_requires=["Django>=4.2"],
)
"""


def test_a_project_template_s_setup_py_is_read_without_its_jinja_statements() -> None:
    facts = by_key(parse_setup_py("{{cookiecutter.repo_name}}/setup.py", TEMPLATED_SETUP))
    assert facts["py.package"].evidence[0].detail == "package {{ cookiecutter.repo_name }}"
    assert facts["py.dep.django"].evidence[0].line == 12  # lines kept where the tags were


@pytest.mark.parametrize(("name", "published"), [("src", False), ("SRC", False), ("srcery", True)])
def test_the_data_science_template_s_src_package_is_not_for_publishing(
    name: str, published: bool
) -> None:
    text = f"import setuptools\nsetuptools.setup(name='{name}', packages=['x'])\n"
    assert ("py.package" in values(parse_setup_py("setup.py", text))) is published
