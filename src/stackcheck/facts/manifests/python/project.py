"""Python manifests: requirements files, pyproject.toml, setup.py, setup.cfg, Pipfile, conda.

Each parser turns one file into facts: py.dep.<dist> / py.devdep.<dist> per declared
dependency (1 per manifest, evidence per place), py.module.<import name> per runtime
dependency so that manifest facts meet the import scanner's py.import.* facts,
py.console_script (count), py.package and manifest.<kind>. Nothing is imported or
executed: setup.py is read with `ast` only. Lock files live in locks.py.
"""

from __future__ import annotations

import ast
import configparser
import posixpath
import re
import string
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from stackcheck.facts import Evidence, Fact, _toml, fact
from stackcheck.facts.distnames import import_name
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.line_index import LineIndex

# Extras / groups / environments whose dependencies only serve development.
DEV_GROUPS = frozenset(
    [
        "test",
        "tests",
        "testing",
        "dev",
        "develop",
        "development",
        "lint",
        "linting",
        "docs",
        "doc",
        "typing",
        "types",
        "mypy",
        "coverage",
        "ci",
        "style",
        "qa",
    ]
)
# Words in a requirements file's name (or its folder's) that make it a dev file.
DEV_FILE_WORDS = DEV_GROUPS | {"local", "tox", "check", "checks", "format", "build", "bench"}
CONSTRAINT_WORDS = frozenset({"constraint", "constraints"})
MAX_SPEC_CHARS = 80
NAME_CHARS = frozenset(string.ascii_letters + string.digits + "._-")


# --------------------------------------------------------------------------- records


class Dep(NamedTuple):
    """One declared dependency, as written, and where."""

    name: str  # distribution name as written
    spec: str  # short text for the evidence: name, extras, version or source
    line: int | None
    dev: bool
    group: str = ""  # the extra / group / environment it was declared in


class Script(NamedTuple):
    name: str
    target: str
    line: int | None


class Package(NamedTuple):
    name: str
    line: int | None


class Theme(NamedTuple):
    """A theme registered under a site generator's entry-point group."""

    name: str
    generator: str
    line: int | None


# Entry-point groups through which a site generator loads a theme: a package registering one
# ships a theme, the rubric's static-site themes and starters, whatever else it holds.
SITE_THEME_GROUPS = {"mkdocs.themes": "MkDocs", "sphinx.html_themes": "Sphinx"}


# --------------------------------------------------------------------------- facts

# Names a project gives its own code to make it importable, never to publish it: the data
# science template's `setup(name="src", packages=find_packages())`.
_NOT_FOR_PUBLISHING = frozenset({"src"})


def build(
    kind: str,
    path: str,
    deps: Iterable[Dep],
    *,
    scripts: Iterable[Script] = (),
    package: Package | None = None,
    includes: Iterable[str] = (),
    themes: Iterable[Theme] = (),
) -> Parsed:
    """The Parsed record for one manifest: dependency, module, script and package facts."""
    deps = list(deps)
    scripts = list(scripts)
    names = {canonicalize_name(d.name) for d in deps}
    summary = f"{kind} manifest, {plural(len(names), 'dependency', 'dependencies')}"
    found = [fact(f"manifest.{kind}", path, None, summary)]
    found.extend(dependency_facts(path, deps))
    if scripts:
        evidence = tuple(
            Evidence(path, s.line, f"console script {s.name} = {s.target}") for s in scripts
        )
        found.append(Fact("py.console_script", float(len(scripts)), evidence))
    for theme in themes:
        detail = f"{theme.generator} theme {theme.name}"
        found.append(fact("py.site_theme", path, theme.line, detail))
    if package is not None and canonicalize_name(package.name) not in _NOT_FOR_PUBLISHING:
        found.append(fact("py.package", path, package.line, f"package {package.name}"))
    return Parsed(
        kind,
        tuple(sorted(found, key=lambda f: f.key)),
        dependencies=len(names),
        includes=tuple(sorted(set(includes))),
    )


def dependency_facts(path: str, deps: Iterable[Dep]) -> list[Fact]:
    """One fact per key, value 1 for this manifest however often it names the dependency."""
    grouped: dict[str, set[Evidence]] = {}
    for dep in deps:
        canonical = canonicalize_name(dep.name)
        role = "dev" if dep.dev else "runtime"
        where = f", {dep.group}" if dep.group else ""
        key = f"py.{'devdep' if dep.dev else 'dep'}.{canonical}"
        grouped.setdefault(key, set()).add(Evidence(path, dep.line, f"{dep.spec} ({role}{where})"))
        if not dep.dev:
            module = import_name(canonical)
            detail = f"{dep.name} provides module {module}"
            grouped.setdefault(f"py.module.{module.lower()}", set()).add(
                Evidence(path, dep.line, detail)
            )
    return [
        Fact(key, 1.0, tuple(sorted(evidence, key=lambda e: (e.line or 0, e.detail))))
        for key, evidence in sorted(grouped.items())
    ]


# --------------------------------------------------------------------------- shared helpers


def load_toml(text: str) -> Mapping[str, object]:
    try:
        data: Mapping[str, object] = _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        raise MalformedManifest(f"invalid TOML: {exc}") from exc
    except RecursionError as exc:
        raise MalformedManifest("nested too deeply") from exc
    return data


def table(value: object) -> Mapping[str, object]:
    """A TOML/JSON table, or an empty one when the file has something else there."""
    return value if isinstance(value, dict) else {}


def strings(value: object) -> list[str]:
    """The strings of a TOML/JSON array (anything else ignored)."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def valid_name(name: str) -> bool:
    try:
        return Requirement(name).name == name
    except InvalidRequirement:
        return False


def relative(path: str, target: str) -> str | None:
    """An included file's path relative to the root, or None if it lies outside it."""
    target = target.strip().replace("\\", "/")
    if not target or "://" in target or target.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
    if joined == ".." or joined.startswith("../"):
        return None
    return joined


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _short(text: str) -> str:
    return text if len(text) <= MAX_SPEC_CHARS else text[: MAX_SPEC_CHARS - 1] + "…"


def requirement(text: str, line: int | None, dev: bool, group: str = "") -> tuple[bool, Dep | None]:
    """A PEP 508 line (or a URL / archive naming its project): (understood, dependency)."""
    try:
        req = Requirement(text)
    except InvalidRequirement:
        if _is_location(text):
            name = name_from_location(text)
            return True, (Dep(name, f"{name} @ {_short(text)}", line, dev, group) if name else None)
        name = _salvage_name(text)
        if name is None:
            return False, None
        return True, Dep(name, _as_written(text), line, dev, group)
    spec = f"{req.name} @ {_short(req.url)}" if req.url else _as_written(text)
    return True, Dep(req.name, spec, line, dev, group)


def _as_written(text: str) -> str:
    """The requirement without its marker or spaces: `Django >= 4.2, < 5` -> `Django>=4.2,<5`."""
    return _short("".join(text.split(";", 1)[0].split()))


def _is_location(text: str) -> bool:
    lowered = text.lower()
    return (
        "://" in text
        or lowered.startswith(("git+", "hg+", "svn+", "bzr+", "file:", ".", "/", "~"))
        or lowered.endswith((".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2"))
    )


def name_from_location(text: str) -> str | None:
    """The project a URL or path names: its #egg= fragment, or a wheel / sdist file name."""
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    egg = parse_qs(parts.fragment).get("egg")
    if egg:
        name = egg[0].split("[", 1)[0].split("=", 1)[0].strip()
        return name if valid_name(name) else None
    filename = posixpath.basename(parts.path)
    try:
        return str(parse_wheel_filename(filename)[0])
    except InvalidWheelFilename:
        pass
    try:
        return str(parse_sdist_filename(filename)[0])
    except InvalidSdistFilename:
        return None


def _salvage_name(text: str) -> str | None:
    """The name of a line whose only fault is a legacy version (`Django>=1.8.x`)."""
    size = 0
    while size < len(text) and text[size] in NAME_CHARS:
        size += 1
    name, rest = text[:size], text[size:].lstrip()
    if not rest or rest[0] not in "<>=!~" or not (rest.isascii() and rest.isprintable()):
        return None
    return name if valid_name(name) else None


# --------------------------------------------------------------------------- requirements files

REQUIREMENT_OPTIONS = frozenset({"-r", "--requirement"})
CONSTRAINT_OPTIONS = frozenset({"-c", "--constraint"})
EDITABLE_OPTIONS = frozenset({"-e", "--editable"})
# pip's other requirements-file options: understood, and nothing to learn from them.
IGNORED_OPTIONS = frozenset(
    [
        "-i",
        "--index-url",
        "--extra-index-url",
        "--no-index",
        "-f",
        "--find-links",
        "--no-binary",
        "--only-binary",
        "--prefer-binary",
        "--require-hashes",
        "--pre",
        "--trusted-host",
        "--use-feature",
        "--config-settings",
        "--global-option",
        "--install-option",
        "--hash",
        "-Z",
        "--always-unzip",
    ]
)


class _Line(NamedTuple):
    understood: bool
    dep: Dep | None = None
    include: str | None = None


def parse_requirements(path: str, text: str) -> Parsed:
    words = _file_words(path)
    dev = not words.isdisjoint(DEV_FILE_WORDS)
    constraints = not words.isdisjoint(CONSTRAINT_WORDS)
    deps: list[Dep] = []
    includes: list[str] = []
    understood = not_understood = 0
    transitive = _pulled_in_by_others(text)
    for number, line in _logical_lines(text):
        parsed = _requirements_line(path, line, number, dev)
        understood += parsed.understood
        not_understood += not parsed.understood
        if parsed.dep is not None and not constraints and number not in transitive:
            deps.append(parsed.dep)
        if parsed.include is not None:
            includes.append(parsed.include)
    if not_understood and not understood:
        raise MalformedManifest("no line is a requirement or a pip option")
    return build("requirements", path, deps, includes=includes)


_VIA = re.compile(r"^\s*#\s*via\b\s*(.*)$")
_VIA_ITEM = re.compile(r"^\s*#\s+(\S.*)$")


def _pulled_in_by_others(text: str) -> set[int]:
    """Lines of a pip-compile (or uv) lock whose `# via` names only other packages: they are
    there because something else needs them, not because the project asked for them."""
    vias: dict[int, list[str]] = {}
    current: int | None = None
    listing = False
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            current, listing = (number if not raw[0].isspace() else current), False
            inline = _VIA.match(raw[raw.find("#") :]) if " #" in raw else None
            if inline and current is not None and inline.group(1):
                vias.setdefault(current, []).append(inline.group(1).strip())
            continue
        if current is None:
            continue
        via = _VIA.match(stripped)
        if via is not None:
            listing = not via.group(1)
            if via.group(1):
                vias.setdefault(current, []).append(via.group(1).strip())
        elif listing and (item := _VIA_ITEM.match(stripped)) is not None:
            vias.setdefault(current, []).append(item.group(1).strip())
        else:
            listing = False
    return {line for line, names in vias.items() if names and not any(map(_asked_for, names))}


def _asked_for(via: str) -> bool:
    """A `# via` entry that is the project's own input (`-r requirements.in`, pyproject)."""
    return via.startswith(("-r ", "-c ", "-e ")) or via.endswith(
        (".in", ".txt", "(pyproject.toml)", "(setup.py)", "(setup.cfg)", "pyproject.toml")
    )


def _file_words(path: str) -> frozenset[str]:
    """Words of the file name, plus its folder's name: docs/requirements.txt -> docs."""
    folder, _, name = path.lower().rpartition("/")
    for separator in "-_.":
        name = name.replace(separator, " ")
    return frozenset([*name.split(), folder.rpartition("/")[2]])


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Non-empty lines without comments, backslash continuations joined, with the first line."""
    pending: list[str] = []
    first = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw).rstrip()
        if not pending:
            first = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        joined = " ".join(pending).strip()
        pending = []
        if joined:
            yield first, joined
    if pending and " ".join(pending).strip():
        yield first, " ".join(pending).strip()


def _strip_comment(line: str) -> str:
    """pip's rule: '#' starts a comment at the line start or after whitespace (not #egg=)."""
    for index, char in enumerate(line):
        if char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index]
    return line


def _requirements_line(path: str, line: str, number: int, dev: bool) -> _Line:
    tokens = line.split()
    if not tokens:
        return _Line(True)
    if tokens[0].startswith("-"):
        return _option_line(path, tokens, number, dev)
    # As pip does: the requirement ends where per-requirement options (--hash=...) begin.
    words = []
    for token in tokens:
        if token.startswith("-"):
            break
        words.append(token)
    understood, dep = requirement(" ".join(words), number, dev)
    return _Line(understood, dep)


def _option_line(path: str, tokens: list[str], number: int, dev: bool) -> _Line:
    option, value = _split_option(tokens)
    if option in REQUIREMENT_OPTIONS or option in CONSTRAINT_OPTIONS:
        return _Line(value is not None, include=relative(path, value) if value else None)
    if option in EDITABLE_OPTIONS:
        if value is None:
            return _Line(False)
        # A local path is the project itself (-e .); a VCS URL names its project in #egg=.
        name = name_from_location(value)
        dep = Dep(name, f"{name} @ {_short(value)}", number, dev, "editable") if name else None
        return _Line(True, dep)
    return _Line(option in IGNORED_OPTIONS)


def _split_option(tokens: list[str]) -> tuple[str, str | None]:
    first = tokens[0]
    following = tokens[1].strip("\"'") if len(tokens) > 1 else None
    if first.startswith("--"):
        option, equals, value = first.partition("=")
        return option, value.strip("\"'") if equals else following
    return first[:2], first[2:].strip("\"'") or following


# --------------------------------------------------------------------------- pyproject.toml


def parse_pyproject(path: str, text: str) -> Parsed:
    data = load_toml(text)
    lines = LineIndex.of(text)
    project = table(data.get("project"))
    tool = table(data.get("tool"))
    poetry = table(tool.get("poetry"))
    packaged = _packaged(data, tool)
    package = _pyproject_package(project if packaged else {}, poetry, lines)
    deps = [
        *_pep621_deps(project, lines),
        *_dependency_groups(table(data.get("dependency-groups")), lines),
        *_poetry_deps(poetry, lines),
        *_pdm_uv_deps(tool, lines),
        *_hatch_deps(table(table(tool.get("hatch")).get("envs")), lines),
    ]
    if package is not None:
        # "myproject[test]" in an extra or group is the project itself, not a dependency.
        own = canonicalize_name(package.name)
        deps = [d for d in deps if canonicalize_name(d.name) != own]
    scripts = [*_pep621_scripts(project, lines), *_poetry_scripts(poetry, lines)]
    includes = _setuptools_dynamic(path, table(tool.get("setuptools")))
    themes = list(_pyproject_themes(project, poetry, lines))
    return build(
        "pyproject", path, deps, scripts=scripts, package=package, includes=includes, themes=themes
    )


def _pyproject_themes(
    project: Mapping[str, object], poetry: Mapping[str, object], lines: LineIndex
) -> Iterator[Theme]:
    """The themes registered under a generator's entry-point group (PEP 621's
    [project.entry-points."mkdocs.themes"], Poetry's [tool.poetry.plugins."mkdocs.themes"])."""
    for header, groups in (
        ("project.entry-points", table(project.get("entry-points"))),
        ("tool.poetry.plugins", table(poetry.get("plugins"))),
    ):
        for group, generator in SITE_THEME_GROUPS.items():
            start = lines.header(f'{header}."{group}"')
            for name in sorted(table(groups.get(group))):
                yield Theme(name, generator, lines.key(name, start))


def _packaged(data: Mapping[str, object], tool: Mapping[str, object]) -> bool:
    """Whether a [project] table describes a package to build and publish. Without a
    [build-system] table (what `uv init` writes for an application), or with uv's
    `package = false` or PDM's `distribution = false`, the project only declares what its
    code runs with: an application's dependencies, not a package. A [tool.setuptools] table
    that says which packages to build is one, [build-system] or not: setuptools is what
    builds a project that names no backend."""
    if table(tool.get("uv")).get("package") is False:
        return False
    if table(tool.get("pdm")).get("distribution") is False:
        return False
    setuptools = table(tool.get("setuptools"))
    builds = any(key in setuptools for key in ("packages", "py-modules", "package-dir"))
    return "build-system" in data or builds or table(tool.get("uv")).get("package") is True


# The classifier PyPI refuses every upload of: a project that says so is never published.
PRIVATE_CLASSIFIER = "Private :: Do Not Upload"


def _private(section: Mapping[str, object]) -> bool:
    classifiers = section.get("classifiers")
    return isinstance(classifiers, list) and any(
        isinstance(c, str) and c.strip() == PRIVATE_CLASSIFIER for c in classifiers
    )


def _pyproject_package(
    project: Mapping[str, object], poetry: Mapping[str, object], lines: LineIndex
) -> Package | None:
    if poetry.get("package-mode") is False:  # Poetry's "only manage dependencies" mode
        poetry = {}
    for header, section in (("project", project), ("tool.poetry", poetry)):
        if _private(section):
            continue
        name = section.get("name")
        if isinstance(name, str) and name:
            return Package(name, lines.key("name", lines.header(header)))
    return None


def _requirements_in(
    items: Iterable[str], lines: LineIndex, start: int | None, dev: bool, group: str = ""
) -> Iterator[Dep]:
    for text in items:
        _, dep = requirement(text, lines.quoted(text, start), dev, group)
        if dep is not None:
            yield dep


def _pep621_deps(project: Mapping[str, object], lines: LineIndex) -> Iterator[Dep]:
    start = lines.header("project")
    yield from _requirements_in(
        strings(project.get("dependencies")), lines, lines.key("dependencies", start), False
    )
    extras_start = lines.header("project.optional-dependencies")
    for extra, items in sorted(table(project.get("optional-dependencies")).items()):
        dev = canonicalize_name(extra) in DEV_GROUPS
        yield from _requirements_in(
            strings(items), lines, lines.key(extra, extras_start), dev, f"extra {extra}"
        )


def _dependency_groups(groups: Mapping[str, object], lines: LineIndex) -> Iterator[Dep]:
    """PEP 735 groups, with {include-group = "..."} entries resolved (cycles ignored)."""
    by_name: dict[str, object] = {canonicalize_name(k): v for k, v in groups.items()}

    def expand(group: str, seen: frozenset[str]) -> Iterator[str]:
        items = by_name.get(group)
        if group in seen or not isinstance(items, list):
            return
        for item in items:
            if isinstance(item, str):
                yield item
            elif isinstance(item, dict) and isinstance(item.get("include-group"), str):
                yield from expand(canonicalize_name(item["include-group"]), seen | {group})

    start = lines.header("dependency-groups")
    for name in sorted(groups):
        items = expand(canonicalize_name(name), frozenset())
        yield from _requirements_in(items, lines, lines.key(name, start), True, f"group {name}")


def _poetry_deps(poetry: Mapping[str, object], lines: LineIndex) -> Iterator[Dep]:
    sections: list[tuple[str, object, bool, str]] = [
        ("tool.poetry.dependencies", poetry.get("dependencies"), False, ""),
        ("tool.poetry.dev-dependencies", poetry.get("dev-dependencies"), True, ""),
    ]
    for group, body in sorted(table(poetry.get("group")).items()):
        # The "main" group is another spelling of [tool.poetry.dependencies].
        dev = group != "main"
        sections.append(
            (
                f"tool.poetry.group.{group}.dependencies",
                table(body).get("dependencies"),
                dev,
                f"group {group}",
            )
        )
    for header, body, dev, group in sections:
        start = lines.header(header)
        yield from _named_deps(table(body), lines, start, dev, group, _version_text)


def _named_deps(
    body: Mapping[str, object],
    lines: LineIndex,
    start: int | None,
    dev: bool,
    group: str,
    version: Callable[[object], str],
) -> Iterator[Dep]:
    """Dependencies written as `name = spec` keys (Poetry, Pipfile)."""
    for name, spec in sorted(body.items()):
        if name.lower() == "python" or not valid_name(name):
            continue
        text = version(spec)
        line = lines.key(name, start) or lines.quoted(name)
        yield Dep(name, _short(f"{name} {text}".strip()), line, dev, group)


def _version_text(spec: object) -> str:
    """Poetry / Pipfile specs: `^4.2`, {version = "^4.2"}, {git = "..."}, lists -> short text."""
    if isinstance(spec, list) and spec:
        spec = spec[0]
    body = table(spec)
    version = spec if isinstance(spec, str) else body.get("version")
    if isinstance(version, str):
        return "" if version.strip() == "*" else version.strip()
    for key in ("git", "path", "url", "file"):
        value = body.get(key)
        if isinstance(value, str):
            return f"({key} {value})"
    return ""


def _pdm_uv_deps(tool: Mapping[str, object], lines: LineIndex) -> Iterator[Dep]:
    pdm_start = lines.header("tool.pdm.dev-dependencies")
    for group, items in sorted(table(table(tool.get("pdm")).get("dev-dependencies")).items()):
        start = lines.key(group, pdm_start)
        yield from _requirements_in(strings(items), lines, start, True, f"pdm group {group}")
    uv_items = strings(table(tool.get("uv")).get("dev-dependencies"))
    start = lines.key("dev-dependencies", lines.header("tool.uv"))
    yield from _requirements_in(uv_items, lines, start, True, "uv dev")


def _hatch_deps(envs: Mapping[str, object], lines: LineIndex) -> Iterator[Dep]:
    for env, body in sorted(envs.items()):
        start = lines.header(f"tool.hatch.envs.{env}")
        for key in ("dependencies", "extra-dependencies"):
            items = strings(table(body).get(key))
            yield from _requirements_in(
                items, lines, lines.key(key, start), True, f"hatch env {env}"
            )


def _pep621_scripts(project: Mapping[str, object], lines: LineIndex) -> Iterator[Script]:
    sections = [
        ("project.scripts", project.get("scripts")),
        ("project.gui-scripts", project.get("gui-scripts")),
    ]
    entry_points = table(project.get("entry-points"))
    for group in ("console_scripts", "gui_scripts"):
        sections.append((f"project.entry-points.{group}", entry_points.get(group)))
    for header, body in sections:
        start = lines.header(header)
        for name, target in sorted(table(body).items()):
            if isinstance(target, str):
                yield Script(name, target, lines.key(name, start))


def _poetry_scripts(poetry: Mapping[str, object], lines: LineIndex) -> Iterator[Script]:
    start = lines.header("tool.poetry.scripts")
    for name, target in sorted(table(poetry.get("scripts")).items()):
        if isinstance(target, dict):
            target = target.get("reference") or target.get("callable")
        if isinstance(target, str):
            yield Script(name, target, lines.key(name, start))


def _setuptools_dynamic(path: str, setuptools: Mapping[str, object]) -> list[str]:
    """Files named by [tool.setuptools.dynamic] dependencies / optional-dependencies."""
    dynamic = table(setuptools.get("dynamic"))
    directives = [table(dynamic.get("dependencies"))]
    directives.extend(table(v) for v in table(dynamic.get("optional-dependencies")).values())
    found = []
    for directive in directives:
        files = directive.get("file")
        for name in [files] if isinstance(files, str) else strings(files):
            resolved = relative(path, name)
            if resolved is not None:
                found.append(resolved)
    return found


# --------------------------------------------------------------------------- setup.py


def _untemplated(text: str, path: str) -> ast.Module | None:
    """A project template's setup.py (cookiecutter's, Copier's) with its Jinja statements
    (`{%- if ... %}`, `{% set ... %}`) blanked, lines kept: the package it renders. Its
    `{{ cookiecutter.name }}` values sit in strings, or read as Python set displays."""
    if "{%" not in text:
        return None
    parts: list[str] = []
    at = 0
    while (start := text.find("{%", at)) >= 0:
        end = text.find("%}", start + 2)
        if end < 0:
            return None
        parts.append(text[at:start])
        parts.append("\n" * text.count("\n", start, end))
        at = end + 2
    parts.append(text[at:])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse("".join(parts), filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def parse_setup_py(path: str, text: str) -> Parsed:
    try:
        with warnings.catch_warnings():
            # The scanned file's SyntaxWarnings (invalid escapes ...) are not the user's output.
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        from stackcheck.facts.signals.python.legacy import python2_tree
        from stackcheck.facts.signals.python.newer import newer_syntax  # Python newer than ours

        # (an old package's setup.py is often Python 2: `print "..."` in its publish helper)
        newer = newer_syntax(text, path) or _untemplated(text, path) or python2_tree(text, path)
        if newer is None:
            raise MalformedManifest(f"not valid Python: {exc.msg} (line {exc.lineno})") from exc
        tree = newer
    except ValueError as exc:  # source with NUL bytes
        raise MalformedManifest(f"not valid Python: {exc}") from exc
    except (RecursionError, MemoryError) as exc:
        raise MalformedManifest("nested too deeply") from exc
    names = _module_assignments(tree)
    call = _setup_call(tree)
    if call is None:
        return build("setup-py", path, [])
    keywords = _call_keywords(call, names)
    deps = [
        *_setup_strings_deps(keywords.get("install_requires"), names, False, ""),
        *_setup_strings_deps(keywords.get("tests_require"), names, True, "tests_require"),
    ]
    for extra, node in _setup_mapping(keywords.get("extras_require"), names):
        extra = extra.split(":", 1)[0]  # "test:python_version<'3'" is the extra "test"
        dev = canonicalize_name(extra) in DEV_GROUPS
        deps.extend(_setup_strings_deps(node, names, dev, f"extra {extra}"))
    scripts = _setup_scripts(keywords.get("entry_points"), names)
    package = _setup_package(keywords.get("name"), names)
    themes = _setup_themes(keywords.get("entry_points"), names)
    return build("setup-py", path, deps, scripts=scripts, package=package, themes=themes)


def _module_assignments(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level `NAME = <expr>`: REQUIRES = [...]; setup(install_requires=REQUIRES)."""
    found: dict[str, ast.expr] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = statement.value
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.value is not None
        ):
            found[statement.target.id] = statement.value
    return found


def _setup_call(tree: ast.Module) -> ast.Call | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == "setup") or (
                isinstance(func, ast.Attribute) and func.attr == "setup"
            ):
                return node
    return None


def _resolve(
    node: ast.expr | None, names: Mapping[str, ast.expr], depth: int = 0
) -> ast.expr | None:
    while isinstance(node, ast.Name) and node.id in names and depth < 10:
        node, depth = names[node.id], depth + 1
    return node


def _call_keywords(call: ast.Call, names: Mapping[str, ast.expr]) -> dict[str, ast.expr]:
    """setup()'s keywords, including those of a `**kwargs` dict literal it is given."""
    found: dict[str, ast.expr] = {}
    for keyword in call.keywords:
        if keyword.arg is not None:
            found[keyword.arg] = keyword.value
            continue
        for key, value in _setup_mapping(keyword.value, names):
            found.setdefault(key, value)
    return found


def _setup_mapping(
    node: ast.expr | None, names: Mapping[str, ast.expr]
) -> list[tuple[str, ast.expr]]:
    """The str-keyed entries of a dict literal or a dict(...) call."""
    node = _resolve(node, names)
    if isinstance(node, ast.Dict):
        return [
            (key.value, value)
            for key, value in zip(node.keys, node.values, strict=True)
            if isinstance(key, ast.Constant) and isinstance(key.value, str)
        ]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return [(k.arg, k.value) for k in node.keywords if k.arg is not None]
    return []


def _setup_strings(
    node: ast.expr | None, names: Mapping[str, ast.expr], depth: int = 0
) -> list[tuple[str, int]]:
    """The literal strings of a list / tuple / multi-line string (+ concatenations), with lines."""
    node = _resolve(node, names)
    if node is None or depth > 8:  # bounded: `R = R + R` must not explode
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [
            (line.strip(), node.lineno + offset)
            for offset, line in enumerate(node.value.splitlines())
            if line.strip() and not line.strip().startswith("#")
        ]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [item for elt in node.elts for item in _setup_strings(elt, names, depth + 1)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _setup_strings(node.left, names, depth + 1) + _setup_strings(
            node.right, names, depth + 1
        )
    return []


def _setup_strings_deps(
    node: ast.expr | None, names: Mapping[str, ast.expr], dev: bool, group: str
) -> Iterator[Dep]:
    for text, line in _setup_strings(node, names):
        _, dep = requirement(text, line, dev, group)
        if dep is not None:
            yield dep


def _setup_scripts(node: ast.expr | None, names: Mapping[str, ast.expr]) -> list[Script]:
    resolved = _resolve(node, names)
    if isinstance(resolved, ast.Constant) and isinstance(resolved.value, str):
        return _ini_scripts(resolved.value, resolved.lineno)
    scripts = []
    for group, value in _setup_mapping(resolved, names):
        if group in ("console_scripts", "gui_scripts"):
            for text, line in _setup_strings(value, names):
                name, _, target = text.partition("=")
                scripts.append(Script(name.strip(), target.strip(), line))
    return scripts


def _setup_themes(node: ast.expr | None, names: Mapping[str, ast.expr]) -> list[Theme]:
    """setup(entry_points={"mkdocs.themes": ["terminal = terminal"]}): the themes registered."""
    themes = []
    for group, value in _setup_mapping(_resolve(node, names), names):
        if group in SITE_THEME_GROUPS:
            for text, line in _setup_strings(value, names):
                name = text.partition("=")[0].strip()
                if name:
                    themes.append(Theme(name, SITE_THEME_GROUPS[group], line))
    return themes


def _ini_scripts(text: str, line: int) -> list[Script]:
    """entry_points given as an INI string: [console_scripts] name = module:func."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    return [
        Script(name, target, line)
        for group in ("console_scripts", "gui_scripts")
        if parser.has_section(group)
        for name, target in parser.items(group)
    ]


def _setup_package(node: ast.expr | None, names: Mapping[str, ast.expr]) -> Package | None:
    if node is None:
        return None
    resolved = _resolve(node, names)
    if isinstance(resolved, ast.Constant) and isinstance(resolved.value, str):
        return Package(resolved.value, node.lineno)
    return Package("(name computed at build time)", node.lineno)


# --------------------------------------------------------------------------- setup.cfg


def parse_setup_cfg(path: str, text: str) -> Parsed:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text, source=path)
    except configparser.Error as exc:
        raise MalformedManifest(f"invalid INI: {exc.message.splitlines()[0]}") from exc
    lines = LineIndex.of(text)
    options = lines.header("options")
    deps: list[Dep] = []
    includes: list[str] = []
    for key, dev, group in (("install_requires", False, ""), ("tests_require", True, "tests")):
        value = parser.get("options", key, fallback="")
        if value.strip().startswith("file:"):
            includes.extend(_cfg_files(path, value))
        else:
            deps.extend(_cfg_deps(value, lines, lines.key(key, options), dev, group))
    extras = lines.header("options.extras_require")
    if parser.has_section("options.extras_require"):
        for extra, value in sorted(parser.items("options.extras_require")):
            dev = canonicalize_name(extra) in DEV_GROUPS
            start = lines.key(extra, extras)
            deps.extend(_cfg_deps(value, lines, start, dev, f"extra {extra}"))
    return build(
        "setup-cfg",
        path,
        deps,
        scripts=_cfg_scripts(parser, lines),
        package=_cfg_package(parser, lines),
        includes=includes,
    )


def _cfg_items(value: str) -> list[str]:
    items = (_strip_comment(line).strip() for line in value.splitlines())
    return [item for item in items if item]


def _cfg_deps(
    value: str, lines: LineIndex, start: int | None, dev: bool, group: str
) -> Iterator[Dep]:
    for text in _cfg_items(value):
        _, dep = requirement(text, lines.item(text, start) or lines.item(text), dev, group)
        if dep is not None:
            yield dep


def _cfg_files(path: str, value: str) -> Iterator[str]:
    for name in value.strip()[len("file:") :].split(","):
        resolved = relative(path, name)
        if resolved is not None:
            yield resolved


def _cfg_scripts(parser: configparser.ConfigParser, lines: LineIndex) -> list[Script]:
    section = "options.entry_points"
    if not parser.has_section(section):
        return []
    scripts = []
    start = lines.header(section)
    for group in ("console_scripts", "gui_scripts"):
        group_line = lines.key(group, start)
        for text in _cfg_items(parser.get(section, group, fallback="")):
            name, _, target = text.partition("=")
            line = lines.item(text, group_line) if group_line else None
            scripts.append(Script(name.strip(), target.strip(), line))
    return scripts


def _cfg_package(parser: configparser.ConfigParser, lines: LineIndex) -> Package | None:
    name = parser.get("metadata", "name", fallback="").strip()
    if not name:
        return None
    return Package(name, lines.key("name", lines.header("metadata")))


# --------------------------------------------------------------------------- Pipfile


def parse_pipfile(path: str, text: str) -> Parsed:
    data = load_toml(text)
    lines = LineIndex.of(text)
    deps = [
        *_named_deps(
            table(data.get("packages")), lines, lines.header("packages"), False, "", _version_text
        ),
        *_named_deps(
            table(data.get("dev-packages")),
            lines,
            lines.header("dev-packages"),
            True,
            "",
            _version_text,
        ),
    ]
    return build("pipfile", path, deps)


# --------------------------------------------------------------------------- conda


# conda-forge names that differ from the PyPI distribution they package.
CONDA_TO_PYPI = {
    "pytorch": "torch",
    "py-opencv": "opencv-python",
    "pytorch-cpu": "torch",
    "tensorflow-base": "tensorflow",
    "py-xgboost": "xgboost",
}
CONDA_SKIP = frozenset({"python", "pip"})


def parse_conda_env(path: str, text: str) -> Parsed:
    """A conda environment file, read with the bounded safe loader (nodes keep their lines)."""
    import yaml

    from stackcheck.facts import safeyaml

    root = safeyaml.compose(text)
    if root is None:
        return build("conda-env", path, [])
    if not isinstance(root, yaml.MappingNode):
        raise MalformedManifest("a conda environment file is a mapping")
    deps: list[Dep] = []
    includes: list[str] = []
    for item in _yaml_sequence(_yaml_get(root, "dependencies")):
        if isinstance(item, yaml.ScalarNode):
            dep = _conda_dep(str(item.value), item.start_mark.line + 1)
            deps.extend([dep] if dep else [])
        for pip_item in _yaml_sequence(_yaml_get(item, "pip")):
            if isinstance(pip_item, yaml.ScalarNode):
                # pip's own requirement lines: PEP 508, URLs, -r includes.
                parsed = _requirements_line(
                    path, str(pip_item.value), pip_item.start_mark.line + 1, False
                )
                deps.extend([parsed.dep] if parsed.dep else [])
                includes.extend([parsed.include] if parsed.include else [])
    return build("conda-env", path, deps, includes=includes)


def _yaml_get(node: object, key: str) -> object:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value_node
    return None


def _yaml_sequence(node: object) -> list[object]:
    import yaml

    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _conda_dep(spec: str, line: int) -> Dep | None:
    """`django=4.2`, `conda-forge::django>=4.2`, `django 4.2 py_0` -> the package."""
    spec = spec.strip().rsplit("::", 1)[-1]
    size = 0
    while size < len(spec) and spec[size] not in " =<>!~[":
        size += 1
    name = spec[:size]
    if not valid_name(name) or name.lower() in CONDA_SKIP:
        return None
    pypi = CONDA_TO_PYPI.get(name.lower(), name)
    return Dep(pypi, _short(spec), line, False, "conda")
