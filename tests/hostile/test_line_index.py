"""Manifests crafted with many entries, against the evidence-line look-ups: each parser once
searched the text from the top for every entry it found, so N entries cost N² line visits
(8,000 took a minute). The work must now grow linearly, counted in the lines Python executes
in stackcheck's own code at N, 2N and 4N entries, never in seconds; the lines found must be
the entries' own; and the index must answer as a plain search of its lines would."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.utils import canonicalize_name

from hostile._support import executed_lines as counted_lines
from stackcheck.facts.manifests import MalformedManifest, Parsed, parser_for
from stackcheck.facts.manifests.line_index import LineIndex

SRC = str(Path(__file__).resolve().parents[2] / "src" / "stackcheck")


def executed_lines() -> AbstractContextManager[list[int]]:
    """Count the lines Python executes in stackcheck's modules (and in this file) while the
    block runs; the libraries they call (tomllib, json, yaml ...) are linear in their input
    and left out, which keeps the count quick to take."""
    return counted_lines(lambda filename: filename.startswith(SRC) or filename == __file__)


def work(parse: Callable[[str, str], object], path: str, text: str) -> int:
    with executed_lines() as count, suppress(MalformedManifest):
        parse(path, text)
    return count[0]


def rows(line: str, n: int) -> str:
    return "".join(line.format(i=i) for i in range(n))


def pom(body: str) -> str:
    return f"<project><modelVersion>4.0.0</modelVersion>\n{body}</project>\n"


def shape(head: str, row: str, tail: str = "") -> Callable[[int], str]:
    """A manifest of n entries: `row` formatted with i = 0 .. n-1 between head and tail."""
    return lambda n: head + rows(row, n) + tail


POM_DEPENDENCY = (
    "<dependency><groupId>org.acme</groupId><artifactId>a{i}</artifactId>"
    "<version>1.0</version></dependency>\n"
)
XCODE_CONFIGURATION = (
    "C{i} = {{ isa = XCBuildConfiguration; buildSettings = {{ SDKROOT = sdk{i}; }}; }};\n"
)

# Every manifest kind whose look-ups were quadratic, with the shape that made them so.
CRAFTED = [
    pytest.param("pyproject.toml", shape('[project]\nname = "a"\ndependencies = [\n',
                                         '  "dep{i}>=1",\n', "]\n"), id="pyproject-dependencies"),
    pytest.param("pyproject.toml", shape('[tool.poetry]\nname = "a"\n[tool.poetry.dependencies]\n',
                                         'dep{i} = "^1"\n'), id="pyproject-poetry"),
    pytest.param("pyproject.toml", shape("[project.optional-dependencies]\n", 'x{i} = ["d{i}"]\n'),
                 id="pyproject-extras"),
    pytest.param("pyproject.toml", shape("[dependency-groups]\n", 'g{i} = ["d{i}"]\n'),
                 id="pyproject-groups"),
    pytest.param("pyproject.toml", shape("[project.scripts]\n", 's{i} = "app:f{i}"\n'),
                 id="pyproject-scripts"),
    pytest.param("pyproject.toml", shape("", '[tool.hatch.envs.e{i}]\ndependencies = ["d{i}"]\n'),
                 id="pyproject-hatch-envs"),
    pytest.param("setup.cfg", shape("[options]\ninstall_requires =\n", "    dep{i}>=1\n"),
                 id="setup-cfg-requires"),
    pytest.param("setup.cfg", shape("[options.extras_require]\n", "x{i} = dep{i}\n"),
                 id="setup-cfg-extras"),
    pytest.param("setup.cfg", shape("[options.entry_points]\nconsole_scripts =\n",
                                    "    s{i} = app:f{i}\n"), id="setup-cfg-scripts"),
    pytest.param("Pipfile", shape("[packages]\n", 'dep{i} = "*"\n'), id="pipfile"),
    # A name line written otherwise than `name = "x"` is not found; each such miss once
    # searched on to the end of the file.
    pytest.param("poetry.lock", shape("", "[[package]]\nname = 'd{i}'\nversion = '1'\n"),
                 id="poetry-lock-misses"),
    pytest.param("pdm.lock", shape("", "[[package]]\nname = 'd{i}'\nversion = '1'\n"),
                 id="pdm-lock-misses"),
    pytest.param("uv.lock", shape("", "[[package]]\nname = 'd{i}'\nversion = '1'\n"),
                 id="uv-lock-misses"),
    pytest.param("pylock.toml", shape("", "[[packages]]\nname = 'd{i}'\nversion = '1'\n"),
                 id="pylock-misses"),
    pytest.param("Cargo.toml", shape("[dependencies]\n", 'dep{i} = "1"\n'),
                 id="cargo-dependencies"),
    pytest.param("Cargo.toml", shape("", "[target.'cfg(t{i})'.dependencies]\nd{i} = \"1\"\n"),
                 id="cargo-target-tables"),
    pytest.param("composer.json", lambda n: json.dumps(
        {"require": {f"acme/dep{i}": "^1" for i in range(n)}}, indent=1), id="composer-json"),
    pytest.param("fly.toml", shape("[processes]\n", 'p{i} = "gunicorn app:w{i}"\n'),
                 id="fly-processes"),
    pytest.param("render.yaml", shape("databases:\n", "  - name: d{i}\n"), id="render-databases"),
    pytest.param("pom.xml", lambda n: pom("<dependencies>\n" + rows(POM_DEPENDENCY, n)
                                           + "</dependencies>\n"), id="pom-dependencies"),
    pytest.param("pom.xml", lambda n: pom("<modules>\n" + rows("<module>m{i}</module>\n", n)
                                           + "</modules>\n"), id="pom-modules"),
    pytest.param("libs.versions.toml", lambda n: "[libraries]\n" + rows('l{i} = "g:l{i}:1"\n', n)
                 + "[plugins]\n" + rows('p{i} = "org.p{i}:1"\n', n), id="gradle-catalog"),
    pytest.param("conanfile.txt", shape("[requires]\n", "dep{i}/1.0\n"), id="conanfile"),
    pytest.param("vcpkg.json", lambda n: json.dumps({"dependencies": [f"d{i}" for i in range(n)]},
                                                    indent=1), id="vcpkg-json"),
    pytest.param("platformio.ini", shape("[env:x]\nplatform = espressif32\nlib_deps =\n",
                                         "  acme/dep{i} @ ^1\n"), id="platformio-libs"),
    pytest.param("platformio.ini", shape("", "[env:e{i}]\nplatform = p{i}\n"),
                 id="platformio-envs"),
    pytest.param("pubspec.yaml", shape("name: app\ndependencies:\n", "  dep{i}: ^1.0.0\n"),
                 id="pubspec"),
    pytest.param("Web.csproj", shape('<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup>\n',
                                     '<PackageReference Include="Acme.P{i}" Version="1.0" />\n',
                                     "</ItemGroup></Project>\n"), id="csproj-packages"),
    pytest.param("packages.config", shape("<packages>\n", '<package id="P{i}" version="1" />\n',
                                          "</packages>\n"), id="packages-config"),
    pytest.param("app.xcodeproj/project.pbxproj",
                 shape("{ objects = {\n", XCODE_CONFIGURATION, "}; }\n"), id="xcode-platforms"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "make"), CRAFTED)
def test_crafted_manifests_take_linear_work(path: str, make: Callable[[int], str]) -> None:
    parse = parser_for(path)
    assert parse is not None
    parsed = parse(path, make(8))
    assert isinstance(parsed, Parsed), parsed
    assert sum(len(f.evidence) for f in parsed.facts) > 8, parsed  # every entry is read
    small, middle, large = (work(parse, path, make(n)) for n in (150, 300, 600))
    # Quadratic work would be 4 times at each doubling; linear work is about twice.
    assert middle < 2.2 * small and large < 2.2 * middle, (small, middle, large)


def naive_lines(needles: list[str], text: str) -> list[int | None]:
    """Each needle's line by a search from the top, as the parsers did."""
    lines = text.splitlines()
    return [next((n for n, ln in enumerate(lines, 1) if needle in ln), None) for needle in needles]


def test_the_measure_tells_a_search_per_entry_from_one_index() -> None:
    """The count can fail: a search from the top for every entry is caught, the index not."""

    def text(n: int) -> str:
        return rows("dep{i} = 1\n", n)

    def searched(n: int) -> int:
        with executed_lines() as count:
            naive_lines([f"dep{i} =" for i in range(n)], text(n))
        return count[0]

    def indexed(n: int) -> int:
        with executed_lines() as count:
            index = LineIndex(text(n))
            assert [index.toml_key(f"dep{i}") for i in range(n)] == list(range(1, n + 1))
        return count[0]

    assert searched(600) > 3.5 * searched(300)
    assert indexed(600) < 2.2 * indexed(300)


# --- the lines found ---------------------------------------------------------------------------


def evidence_lines(path: str, text: str) -> dict[str, list[int | None]]:
    parse = parser_for(path)
    assert parse is not None
    found: dict[str, list[int | None]] = {}
    for item in parse(path, text).facts:
        found.setdefault(item.key, []).extend(e.line for e in item.evidence)
    return found


PYPROJECT = """\
[project]
name = "shop"
dependencies = [
  "django-ninja",
  "requests",
  "django>=4.2",
]
[project.optional-dependencies]
test = ["pytest", "requests"]
[tool.poetry.dependencies]
python = "^3.11"
celery = "^5"
[tool.poetry.group.dev.dependencies]
celery = "^5"
[build-system]
requires = ["setuptools"]
"""
SETUP_CFG = """\
[metadata]
name = shop
[options]
install_requires =
    django-ninja
    requests  # http
    django>=4.2
[options.extras_require]
test =
    pytest
    requests
[options.entry_points]
console_scripts =
    shop = shop.cli:main
"""
PIPFILE = """\
[[source]]
url = "https://pypi.org/simple"
[packages]
django = "*"
"requests" = "*"
[dev-packages]
requests = "*"
pytest = "*"
"""
POETRY_LOCK = """\
[[package]]
name = "django"
version = "4.2"
dependencies = [{ name = "requests" }]

[[package]]
name = 'requests'
version = "2.0"

[[package]]
name = "django"
version = "5.0"
"""
CARGO = """\
[package]
name = "shop"
[dependencies]
serde_json = "1"
serde = "1"
tokio = { version = "1", features = ["full"] }
[dependencies.axum]
version = "0.7"
[dev-dependencies]
serde = "1"
"""
COMPOSER = """\
{
  "name": "acme/shop",
  "type": "project",
  "require": {
    "php": ">=8.1",
    "laravel/framework": "^10.0",
    "guzzlehttp/guzzle": "^7.0"
  },
  "require-dev": {
    "phpunit/phpunit": "^10"
  }
}
"""
FLY = """\
app = "shop"
[processes]
web = "gunicorn shop.wsgi"
worker = "celery -A shop worker"
[experimental]
cmd = ["uvicorn", "shop.asgi:app"]
"""
RENDER = """\
services:
  - type: web
    name: shop
databases:
  - name: main
  - name: replica
"""
POM = pom("""\
<modules>
  <module>core</module>
  <module>core-api</module>
</modules>
<dependencyManagement><dependencies>
  <dependency><groupId>org.acme</groupId><artifactId>core-api</artifactId></dependency>
</dependencies></dependencyManagement>
<dependencies>
  <dependency><groupId>org.acme</groupId><artifactId>core</artifactId></dependency>
  <dependency>
    <groupId>org.springframework</groupId>
    <artifactId>spring-web</artifactId>
  </dependency>
  <dependency><groupId>org.acme</groupId><artifactId>core-api</artifactId></dependency>
</dependencies>
""")
CONANFILE = """\
# fmt/10.1.1 is the one we ship
[requires]
fmt/10.1.1
zlib/1.3
[tool_requires]
cmake/3.27.0
"""
VCPKG = """\
{
  "name": "shop",
  "dependencies": [
    "fmt-extra",
    "fmt",
    { "name": "boost-asio", "host": true }
  ]
}
"""
PLATFORMIO = """\
[env:uno]
; ArduinoJson is pinned below
platform = atmelavr
lib_deps =
  bblanchon/ArduinoJson @ ^6
  Wire
[env:esp32]
platform = espressif32
framework = arduino
lib_deps = Wire, knolleary/PubSubClient  ; mqtt
"""
PUBSPEC = """\
name: app
dependencies:
  flutter:
    sdk: flutter
  http_parser: ^4.0.0
  http: ^1.0.0
dev_dependencies:
  lints: ^3.0.0
"""
PBXPROJ = """\
{ objects = {
A = { isa = XCBuildConfiguration; buildSettings = { SDKROOT = macosx14; }; };
B = { isa = XCBuildConfiguration; buildSettings = { SDKROOT = macosx; }; };
C = { isa = XCBuildConfiguration; buildSettings = { SDKROOT = iphoneos; }; };
}; }
"""
CATALOG = """\
[versions]
spring = "3.2"
[libraries]
spring-web = { module = "org.springframework:spring-web", version.ref = "spring" }
junit = "junit:junit:4.13"
[plugins]
android = { id = "com.android.application", version = "8" }
"""

# (path, text, fact key -> evidence lines): the first and the last entry, a name that is the
# start of another (`django` and `django-ninja`), one that appears twice, one in a later
# table with the name of an entry in an earlier one, one mentioned first in a comment.
CSPROJ = """\
<Project Sdk="Microsoft.NET.Sdk.Web">
  <ItemGroup>
    <!-- Acme.Core is below; this line names it only as a prefix -->
    <PackageReference Include="Acme.Core.Api" Version="2.0" />
    <PackageReference Include="Acme.Core" Version="2.0" />
  </ItemGroup>
</Project>
"""

LINES = [
    pytest.param("pyproject.toml", PYPROJECT, {
        "py.dep.django-ninja": [4], "py.dep.requests": [5], "py.dep.django": [6],
        "py.devdep.pytest": [9], "py.devdep.requests": [9],
        "py.dep.celery": [12], "py.devdep.celery": [14], "py.package": [2]},
        id="pyproject"),
    pytest.param("setup.cfg", SETUP_CFG, {
        "py.dep.django-ninja": [5], "py.dep.requests": [6], "py.dep.django": [7],
        "py.devdep.pytest": [10], "py.devdep.requests": [11], "py.console_script": [14],
        "py.package": [2]}, id="setup-cfg"),
    pytest.param("Pipfile", PIPFILE, {
        "py.dep.django": [4], "py.dep.requests": [5], "py.devdep.requests": [7],
        "py.devdep.pytest": [8]}, id="pipfile"),
    pytest.param("poetry.lock", POETRY_LOCK, {
        "py.lock.django": [2, 11], "py.lock.requests": [None]}, id="poetry-lock"),
    # Cargo's look-up is not per table: a key's line is the first that sets it.
    pytest.param("Cargo.toml", CARGO, {
        "cargo.dep.serde_json": [4], "cargo.dep.serde": [5], "cargo.dep.tokio": [6],
        "cargo.dep.axum": [7], "cargo.devdep.serde": [5], "cargo.package": [1]}, id="cargo"),
    pytest.param("composer.json", COMPOSER, {
        "composer.type.project": [3], "composer.dep.laravel/framework": [6],
        "composer.dep.guzzlehttp/guzzle": [7], "composer.devdep.phpunit/phpunit": [10]},
        id="composer-json"),
    pytest.param("fly.toml", FLY, {
        "deploy.fly": [1], "deploy.cmd.gunicorn": [3], "deploy.cmd.celery": [4],
        "deploy.cmd.uvicorn": [6]}, id="fly"),
    pytest.param("render.yaml", RENDER, {"deploy.render.database": [4, 4]}, id="render"),
    pytest.param("pom.xml", POM, {
        "maven.module": [3, 4], "maven.managed.org.acme:core-api": [7],
        "maven.dep.org.acme:core": [10], "maven.dep.org.springframework:spring-web": [13],
        "maven.dep.org.acme:core-api": [7]}, id="pom"),
    pytest.param("conanfile.txt", CONANFILE, {
        "conan.dep.fmt": [3], "conan.dep.zlib": [4], "conan.devdep.cmake": [6]}, id="conanfile"),
    pytest.param("vcpkg.json", VCPKG, {
        "vcpkg.dep.fmt-extra": [4], "vcpkg.dep.fmt": [5], "vcpkg.devdep.boost-asio": [6]},
        id="vcpkg"),
    pytest.param("platformio.ini", PLATFORMIO, {
        "firmware.platform.atmelavr": [3], "firmware.lib.arduinojson": [5],
        "firmware.lib.wire": [6, 10], "firmware.platform.espressif32": [8],
        "firmware.framework.arduino": [9], "firmware.lib.pubsubclient": [10],
        "firmware.platformio": [1, 7]}, id="platformio"),
    pytest.param("pubspec.yaml", PUBSPEC, {
        "mobile.flutter": [3], "pub.dep.http_parser": [5], "pub.dep.http": [6],
        "pub.devdep.lints": [8]}, id="pubspec"),
    pytest.param("Web.csproj", CSPROJ, {
        "nuget.dep.acme.core.api": [4], "nuget.dep.acme.core": [5]}, id="csproj"),
    pytest.param("app.xcodeproj/project.pbxproj", PBXPROJ, {
        "xcode.platform.macosx14": [2], "xcode.platform.macosx": [3],
        "xcode.platform.iphoneos": [4], "mobile.ios": [4]}, id="pbxproj"),
    pytest.param("gradle/libs.versions.toml", CATALOG, {
        "gradle.dep.org.springframework:spring-web": [4], "gradle.dep.junit:junit": [5],
        "gradle.plugin.com.android.application": [7]}, id="gradle-catalog"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "text", "expected"), LINES)
def test_each_entry_gets_its_own_line(
    path: str, text: str, expected: dict[str, list[int | None]]
) -> None:
    found = evidence_lines(path, text)
    assert {key: sorted(found.get(key, []), key=str) for key in expected} == {
        key: sorted(lines, key=str) for key, lines in expected.items()
    }


def test_the_last_of_thousands_of_entries_gets_its_line() -> None:
    text = "[packages]\n" + rows('dep{i} = "*"\n', 4000)
    found = evidence_lines("Pipfile", text)
    assert found["py.dep.dep0"] == [2] and found["py.dep.dep3999"] == [4001]


# --- the index against a plain search of its lines -----------------------------------------------

# Lines built from pieces that make keys, headers, quotes, elements, items and comments.
PIECES = ["a", "b", "a-b", "a_b", "A", "a.b", " ", "=", ":", ".", ",", '"', "'", "[", "]",
          "#", ";", "<a>", "</a>", "<b>", " = ", "\t"]  # fmt: skip
NAMES = ["a", "b", "a-b", "a_b", "A", "a.b", "b.a", ""]
pieces = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
# Half the lines are shaped like keys, headers or items around the names looked up.
shaped = st.tuples(
    st.sampled_from(["", " ", "=", ":", "[", '"', "'", "#", "a."]),
    st.sampled_from(NAMES),
    st.sampled_from(["", " ", '"', "'", "]", "\t"]),
    st.sampled_from(["=", ":", ".", " = ", ": ", ",", ", ", ""]),
    st.one_of(pieces, st.sampled_from(NAMES), st.sampled_from(NAMES).map(" {}".format)),
).map("".join)
texts = st.lists(st.one_of(pieces, shaped), max_size=12).map("\n".join)
starts = st.one_of(st.none(), st.integers(-1, 14))


def plain(lines: list[str], start: int | None, test: Callable[[str], bool]) -> int | None:
    begin = max(start or 1, 1)
    return next((n for n, line in enumerate(lines, 1) if n >= begin and test(line)), None)


def plain_header(lines: list[str], name: str) -> int | None:
    def bare(header: str) -> str:
        return header.replace(" ", "").replace('"', "").replace("'", "")

    def test(line: str) -> bool:
        stripped = line.strip()
        return stripped.startswith("[") and bare(stripped[: stripped.rfind("]") + 1]) == bare(
            f"[{name}]"
        )

    return plain(lines, 1, test)


def plain_toml_key(lines: list[str], key: str, section: str) -> int | None:
    start = (plain_header(lines, section) or 0) if section else 0

    def test(line: str) -> bool:
        stripped = line.strip()
        for form in (key, f'"{key}"'):
            if stripped.startswith(form) and stripped[len(form) :].lstrip()[:1] in ("=", "."):
                return True
        return stripped.startswith("[") and stripped.rstrip("]").endswith(f".{key}")

    return plain(lines, start + 1, test)


def plain_key(lines: list[str], key: str, start: int | None) -> int | None:
    if start is None:
        return None
    for number in range(start + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped.startswith("["):
            return None
        cut = min((i for i in (stripped.find("="), stripped.find(":")) if i > 0), default=-1)
        if cut > 0 and canonicalize_name(stripped[:cut].strip().strip("\"'")) == canonicalize_name(
            key
        ):
            return number
    return None


def plain_setting(lines: list[str], key: str, section: str | None) -> int | None:
    start = 1
    if section is not None:
        header = plain(lines, 1, lambda line: line.strip() == f"[{section}]")
        start = header + 1 if header is not None else 1

    def test(line: str) -> bool:
        stripped = line.strip()
        for quote in ('"', "'"):
            if stripped.startswith(quote):
                stripped = stripped[1:].replace(quote, "", 1)
                break
        head = stripped.split("=", 1)[0].split(":", 1)[0]
        return head.strip().lower() == key.lower() and len(head) < len(stripped)

    return plain(lines, start, test)


@settings(max_examples=300, deadline=None)
@given(text=texts, name=st.sampled_from(NAMES), other=st.sampled_from(NAMES), start=starts)
def test_the_index_answers_as_a_search_of_its_lines(
    text: str, name: str, other: str, start: int | None
) -> None:
    index = LineIndex(text)
    lines = text.splitlines()
    assert index.exact(name, start) == plain(lines, start, lambda line: line.strip() == name)
    assert index.string(name, start) == plain(lines, start, lambda line: f'"{name}"' in line)
    quoted = plain(lines, start, lambda line: f'"{name}"' in line or f"'{name}'" in line)
    assert index.quoted(name, start) == (
        quoted or plain(lines, 1, lambda line: f'"{name}"' in line or f"'{name}'" in line)
    )
    assert index.header(name) == plain_header(lines, name)
    table = None if start is None else max(start, 1)  # a table starts at its header line
    assert index.key(name, table) == plain_key(lines, name, table)
    assert index.toml_key(name, other) == plain_toml_key(lines, name, other)
    assert index.yaml_key(name) == plain(lines, 1, lambda line: line.strip().startswith(f"{name}:"))
    assert index.setting(name, section=other or None) == plain_setting(lines, name, other or None)
    element = f"<a>{name}</a>"
    assert index.element("a", name) == plain(lines, 1, lambda line: element in line)
    assert index.containing(name) == plain(lines, 1, lambda line: name in line)


def holds_item(line: str, name: str) -> bool:
    """A line without comments whose text, or value after its first `=` or `:`, is the
    name or has it as one of its comma-separated parts."""
    stripped = line.strip()
    if "#" in stripped or ";" in stripped:
        return False
    cuts = [i for i in (stripped.find("="), stripped.find(":")) if i >= 0]
    forms = [stripped, stripped[min(cuts) + 1 :]] if cuts else [stripped]
    return any(part.strip() == name for form in forms for part in [form, *form.split(",")])


@settings(max_examples=300, deadline=None)
@given(text=texts, name=st.sampled_from(NAMES[:-1]), start=starts)
def test_an_item_is_found_on_its_own_line_not_inside_a_longer_one(
    text: str, name: str, start: int | None
) -> None:
    """The line found holds the name, and a line that holds it as an item is never passed
    over for a later one."""
    index = LineIndex(text)
    lines = text.splitlines()
    found = index.item(name, start)
    if found is not None:
        assert found >= max(start or 1, 1) and name in lines[found - 1]
    first = plain(lines, start, lambda line: holds_item(line, name))
    assert first is None or (found is not None and found <= first)
