from __future__ import annotations

from collections.abc import Callable

import pytest

from stackcheck.facts import Fact
from stackcheck.facts.manifests import MalformedManifest, Parsed, parser_for
from stackcheck.facts.manifests.python.locks import (
    parse_pdm_lock,
    parse_pipfile_lock,
    parse_poetry_lock,
    parse_pylock,
    parse_uv_lock,
)

Parser = Callable[[str, str], Parsed]


def values(parsed: Parsed) -> dict[str, float]:
    return {f.key: f.value for f in parsed.facts if not f.key.startswith("manifest.")}


def by_key(parsed: Parsed) -> dict[str, Fact]:
    return {f.key: f for f in parsed.facts}


POETRY1 = """\
[[package]]
name = "django"
version = "4.2.7"
description = "A high-level Python web framework"
category = "main"
optional = false
python-versions = ">=3.8"

[[package]]
name = "pytest"
version = "7.4.3"
category = "dev"
optional = false
python-versions = ">=3.7"

[metadata]
lock-version = "1.1"
"""

POETRY2 = """\
[[package]]
name = "asgiref"
version = "3.7.2"
groups = ["main"]

[[package]]
name = "ruff"
version = "0.1.6"
groups = ["dev", "lint"]

[[package]]
name = "colorama"
version = "0.4.6"
groups = ["main", "dev"]
"""

PDM = """\
[metadata]
groups = ["default", "dev"]
lock_version = "4.4"

[[package]]
name = "django"
version = "5.0"
groups = ["default"]

[[package]]
name = "mypy"
version = "1.7.1"
groups = ["dev"]
"""

UV = """\
version = 1
requires-python = ">=3.11"

[[package]]
name = "asgiref"
version = "3.7.2"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "django"
version = "5.0.1"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "asgiref" },
    { name = "sqlparse" },
]

[[package]]
name = "iniconfig"
version = "2.0.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "newsroom"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "django" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
    { name = "sqlparse" },
]

[[package]]
name = "pytest"
version = "7.4.4"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "iniconfig" },
]

[[package]]
name = "sqlparse"
version = "0.4.4"
source = { registry = "https://pypi.org/simple" }
"""

PYLOCK = """\
lock-version = "1.0"
requires-python = ">=3.11"
dependency-groups = ["dev"]
default-groups = []
created-by = "pip"

[[packages]]
name = "django"
version = "5.0"

[[packages]]
name = "newsroom"
directory = { path = ".", editable = true }

[[packages]]
name = "pytest"
version = "8.0.0"
marker = "'dev' in dependency_groups"
"""

PIPFILE_LOCK = """\
{
    "_meta": {"hash": {"sha256": "abc"}, "pipfile-spec": 6},
    "default": {
        "django": {"hashes": ["sha256:aa"], "version": "==4.2.7"},
        "sqlparse": {"version": "==0.4.4"}
    },
    "develop": {
        "newsroom": {"editable": true, "path": "."},
        "pytest": {"version": "==7.4.3"},
        "sqlparse": {"version": "==0.4.4"}
    }
}
"""


@pytest.mark.parametrize(
    ("parser", "text", "expected"),
    [
        pytest.param(parse_poetry_lock, "", {}, id="poetry-empty"),
        pytest.param(parse_uv_lock, "version = 1\n", {}, id="uv-no-packages"),
        pytest.param(parse_pipfile_lock, "{}", {}, id="pipfile-lock-empty-object"),
        pytest.param(
            parse_poetry_lock,
            POETRY1,
            {"py.lock.django": 1.0, "py.lockdev.pytest": 1.0},
            id="poetry-1-category",
        ),
        pytest.param(
            parse_poetry_lock,
            POETRY2,
            {"py.lock.asgiref": 1.0, "py.lockdev.ruff": 1.0, "py.lock.colorama": 1.0},
            id="poetry-2-groups",
        ),
        pytest.param(
            parse_pdm_lock, PDM, {"py.lock.django": 1.0, "py.lockdev.mypy": 1.0}, id="pdm"
        ),
        pytest.param(
            parse_uv_lock,
            UV,
            {
                "py.lock.django": 1.0,
                "py.lock.asgiref": 1.0,
                "py.lock.sqlparse": 1.0,
                "py.lockdev.pytest": 1.0,
                "py.lockdev.iniconfig": 1.0,
            },
            id="uv-dev-only-by-reachability",
        ),
        pytest.param(
            parse_pylock, PYLOCK, {"py.lock.django": 1.0, "py.lockdev.pytest": 1.0}, id="pylock"
        ),
        pytest.param(
            parse_pipfile_lock,
            PIPFILE_LOCK,
            {"py.lock.django": 1.0, "py.lock.sqlparse": 1.0, "py.lockdev.pytest": 1.0},
            id="pipfile-lock",
        ),
    ],
)
def test_lock_facts(parser: Parser, text: str, expected: dict[str, float]) -> None:
    parsed = parser("lockfile", text)
    assert values(parsed) == expected
    assert not any(key.startswith(("py.dep.", "py.module.")) for key in values(parsed))


@pytest.mark.parametrize(
    ("parser", "text", "key", "line", "detail"),
    [
        pytest.param(
            parse_poetry_lock,
            POETRY1,
            "py.lockdev.pytest",
            10,
            "locked (dev): pytest 7.4.3",
            id="poetry",
        ),
        pytest.param(parse_uv_lock, UV, "py.lock.sqlparse", 46, "locked: sqlparse 0.4.4", id="uv"),
        pytest.param(
            parse_pipfile_lock,
            PIPFILE_LOCK,
            "py.lock.django",
            4,
            "locked: django 4.2.7",
            id="pipfile-lock",
        ),
        pytest.param(parse_pylock, PYLOCK, "py.lock.django", 8, "locked: django 5.0", id="pylock"),
    ],
)
def test_lock_evidence(parser: Parser, text: str, key: str, line: int, detail: str) -> None:
    evidence = by_key(parser("lockfile", text))[key].evidence
    assert [(e.line, e.detail) for e in evidence] == [(line, detail)]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        pytest.param("poetry.lock", "poetry-lock", id="poetry"),
        pytest.param("Pipfile.lock", "pipfile-lock", id="pipfile"),
        pytest.param("uv.lock", "uv-lock", id="uv"),
        pytest.param("pdm.lock", "pdm-lock", id="pdm"),
        pytest.param("pylock.toml", "pylock", id="pylock"),
        pytest.param("sub/pylock.prod.toml", "pylock", id="named-pylock"),
    ],
)
def test_lock_files_are_registered(path: str, kind: str) -> None:
    parser = parser_for(path)
    assert parser is not None
    text = "{}" if path.endswith(".lock") and "Pipfile" in path else ""
    parsed = parser(path, text)
    assert parsed.kind == kind
    assert {f.key for f in parsed.facts} == {f"manifest.{kind}"}


@pytest.mark.parametrize(
    ("parser", "text"),
    [
        pytest.param(parse_poetry_lock, "[[package]\nname = 'x'\n", id="poetry-bad-toml"),
        pytest.param(parse_uv_lock, bytes(range(128, 256)).decode("latin-1"), id="uv-binary"),
        pytest.param(parse_pdm_lock, "[[package]]\nname = \n", id="pdm-bad-toml"),
        pytest.param(parse_pylock, "lock-version = 1.0.0\n", id="pylock-bad-toml"),
        pytest.param(parse_pipfile_lock, '{"default": {', id="pipfile-lock-truncated"),
        pytest.param(parse_pipfile_lock, "[1, 2]", id="pipfile-lock-not-an-object"),
        pytest.param(parse_pipfile_lock, "[" * 100_000, id="pipfile-lock-deeply-nested"),
    ],
)
def test_lock_malformed(parser: Parser, text: str) -> None:
    with pytest.raises(MalformedManifest):
        parser("lockfile", text)


# --- artifact lists left out before parsing -------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from stackcheck.facts.manifests.python import locks  # noqa: E402

_NAMES = st.sampled_from(["django", "celery", "redis", "pytest", "ruff", "requests", "idna"])


def _uv_package(name: str, wheels: int, deps: list[str], project: bool) -> str:
    source = '{ editable = "." }' if project else '{ registry = "https://pypi.org/simple" }'
    lines = ["[[package]]", f'name = "{name}"', 'version = "1.0"', f"source = {source}"]
    if deps:
        lines.append("dependencies = [")
        lines.extend(f'    {{ name = "{dep}" }},' for dep in deps)
        lines.append("]")
    if not project:
        url = f"https://files.example/{name}-1.0"
        lines.append(f'sdist = {{ url = "{url}.tar.gz", hash = "sha256:00", size = 10 }}')
        if wheels:
            lines.append("wheels = [")
            lines.extend(
                f'    {{ url = "{url}-{n}.whl", hash = "sha256:{n:02}", size = {n} }},'
                for n in range(wheels)
            )
            lines.append("]")
    if project and deps:
        lines += ["", "[package.dev-dependencies]", f'dev = [{{ name = "{deps[-1]}" }}]']
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(_NAMES, st.integers(0, 3), st.lists(_NAMES, max_size=3)),
        min_size=1,
        max_size=6,
        unique_by=lambda item: item[0],
    )
)
def test_a_uv_lock_reads_the_same_without_its_artifact_lists(
    packages: list[tuple[str, int, list[str]]],
) -> None:
    text = "version = 1\n\n" + "\n".join(
        _uv_package(name, wheels, deps, project=(i == 0))
        for i, (name, wheels, deps) in enumerate(packages)
    )
    trimmed = locks._without_artifacts(text, ("sdist", "wheels"))
    assert "sdist" not in trimmed and "wheels" not in trimmed
    whole = locks._toml_packages(locks.load_toml(text), "package")
    kept = [{k: v for k, v in p.items() if k not in ("sdist", "wheels")} for p in whole]
    assert locks._toml_packages(locks.load_lock(text, ("sdist", "wheels")), "package") == kept


def test_artifact_lists_written_another_way_are_read_as_they_are() -> None:
    """A one-line array, or items that are not indented: the trimmed text either leaves the
    value alone or does not parse, and then the whole text is parsed."""
    one_line = _uv_package("celery", 0, [], False) + 'wheels = [{ url = "u", size = 1 }]\n'
    flat = '[[package]]\nname = "idna"\nversion = "3.7"\nwheels = [\n{ url = "u" },\n]\n'
    for text in (one_line, flat):
        whole = locks._toml_packages(locks.load_toml(text), "package")
        names = [
            p["name"] for p in locks._toml_packages(locks.load_lock(text, ("wheels",)), "package")
        ]
        assert names == [p["name"] for p in whole]
    # An array never closed stops being skipped at the next table's header, which is read.
    unclosed = (
        '[[package]]\nname = "a"\nwheels = [\n    { url = "u" },\n'
        '[[package]]\nname = "b"\nversion = "1"\n'
    )
    read = locks._toml_packages(locks.load_lock(unclosed, ("wheels",)), "package")
    assert [p["name"] for p in read] == ["a", "b"]


def test_poetry_s_old_files_table_is_left_out() -> None:
    text = POETRY1 + (
        "\n[metadata.files]\ndjango = [\n"
        '    {file = "Django-4.2.7.tar.gz", hash = "sha256:00"},\n]\npytest = []\n'
    )
    trimmed = locks._without_artifacts(text, ("files",), "metadata.files")
    assert "[metadata.files]" not in trimmed and "Django-4.2.7.tar.gz" not in trimmed
    assert 'lock-version = "1.1"' in trimmed
    assert parse_poetry_lock("poetry.lock", text) == parse_poetry_lock("poetry.lock", POETRY1)
