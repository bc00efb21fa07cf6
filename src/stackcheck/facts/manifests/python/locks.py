"""Python lock files: poetry.lock, Pipfile.lock, uv.lock, pdm.lock, pylock.toml (PEP 751).

A lock lists everything installed, transitive packages included, so it is the weakest
evidence: py.lock.<dist> (1 per lock file), or py.lockdev.<dist> when the lock marks the
package as needed only for development. No py.module.* facts: a transitive package says
nothing about what the project itself uses.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from packaging.utils import canonicalize_name

from stackcheck.facts import Evidence, Fact, _toml, fact
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.line_index import LineIndex
from stackcheck.facts.manifests.python.project import (
    load_toml,
    plural,
    strings,
    table,
    valid_name,
)


class Locked(NamedTuple):
    name: str
    version: str
    dev: bool
    line: int | None


def build_lock(kind: str, path: str, packages: Iterable[Locked]) -> Parsed:
    """manifest.<kind> plus one py.lock / py.lockdev fact per package name."""
    grouped: dict[str, set[Evidence]] = {}
    names = set()
    for package in packages:
        if not valid_name(package.name):
            continue
        canonical = canonicalize_name(package.name)
        names.add(canonical)
        key = f"py.{'lockdev' if package.dev else 'lock'}.{canonical}"
        role = "locked (dev)" if package.dev else "locked"
        detail = f"{role}: {canonical} {package.version}".rstrip()
        grouped.setdefault(key, set()).add(Evidence(path, package.line, detail))
    summary = f"{kind} lock file, {plural(len(names), 'package', 'packages')}"
    found = [fact(f"manifest.{kind}", path, None, summary)]
    found.extend(
        Fact(key, 1.0, tuple(sorted(evidence, key=lambda e: (e.line or 0, e.detail))))
        for key, evidence in sorted(grouped.items())
    )
    return Parsed(kind, tuple(sorted(found, key=lambda f: f.key)), dependencies=len(names))


def load_lock(text: str, artifacts: tuple[str, ...], table: str = "") -> Mapping[str, object]:
    """The lock's TOML without its artifact lists, which no reader here looks at and which
    are most of its bytes (uv's `sdist` and `wheels`, Poetry's and PDM's `files`, and the
    `[metadata.files]` table of Poetry before 1.2: a URL, a hash and a size per file; a
    tenth of a 650 KB uv.lock is left). TOML is parsed in Python, so they would cost more
    than the rest of a Django tree's manifests together. Where the text left does not parse
    (an artifact list written some other way), the whole text is parsed as it is."""
    trimmed = _without_artifacts(text, artifacts, table)
    if trimmed is not text:
        try:
            return _toml.loads(trimmed)
        except (_toml.TOMLDecodeError, RecursionError):
            pass
    return load_toml(text)


def _without_artifacts(text: str, artifacts: tuple[str, ...], table: str = "") -> str:
    """`text` without the lines of the keys named, each written at the start of a line: a
    one-line value (`sdist = { url = ... }`), or an array opened on that line whose items are
    indented until the `]` that starts a line closes it (anything else ends the skipping);
    and without the table named (`[metadata.files]`), up to the next table's header."""
    starts = tuple(f"{key} = " for key in artifacts)
    header = f"[{table}]" if table else ""
    if not any(f"\n{start}" in text for start in starts) and not (header and f"\n{header}" in text):
        return text
    kept: list[str] = []
    skipping = in_table = False
    for line in text.split("\n"):
        if in_table:
            if not line.startswith("["):
                continue
            in_table = False
        if header and line.rstrip() == header:
            in_table = True
            continue
        if skipping:
            if line.startswith((" ", "\t")):
                continue
            skipping = False
            if line.startswith("]"):
                continue
        if line.startswith(starts):
            value = line.partition(" = ")[2].rstrip()
            skipping = value == "["
            continue
        kept.append(line)
    return "\n".join(kept)


def _toml_packages(data: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    """The tables of a [[package]] array that have a string name."""
    items = data.get(key)
    if not isinstance(items, list):
        return []
    return [item for item in items if isinstance(item, dict) and isinstance(item.get("name"), str)]


def _version(package: Mapping[str, object]) -> str:
    version = package.get("version")
    return version if isinstance(version, str) else ""


def _name_lines(text: str, packages: list[Mapping[str, object]]) -> list[int | None]:
    """Each package's own `name = "x"` line (not a `{ name = "x" }` dependency entry);
    [[package]] tables appear in list order."""
    lines = LineIndex.of(text)
    found: list[int | None] = []
    at = 1
    for package in packages:
        line = lines.exact(f'name = "{package["name"]}"', at)
        found.append(line)
        at = line + 1 if line is not None else at
    return found


# --------------------------------------------------------------------------- poetry, pdm


def parse_poetry_lock(path: str, text: str) -> Parsed:
    packages = _toml_packages(load_lock(text, ("files",), "metadata.files"), "package")
    locked = []
    for package, line in zip(packages, _name_lines(text, packages), strict=True):
        name = str(package["name"])
        # Poetry 1 writes category = "dev"; Poetry 2 writes groups = ["main", "dev"].
        groups = strings(package.get("groups"))
        dev = package.get("category") == "dev" or bool(groups and "main" not in groups)
        locked.append(Locked(name, _version(package), dev, line))
    return build_lock("poetry-lock", path, locked)


def parse_pdm_lock(path: str, text: str) -> Parsed:
    packages = _toml_packages(load_lock(text, ("files",)), "package")
    locked = []
    for package, line in zip(packages, _name_lines(text, packages), strict=True):
        groups = strings(package.get("groups"))
        dev = bool(groups and "default" not in groups)
        locked.append(Locked(str(package["name"]), _version(package), dev, line))
    return build_lock("pdm-lock", path, locked)


# --------------------------------------------------------------------------- uv


def parse_uv_lock(path: str, text: str) -> Parsed:
    packages = _toml_packages(load_lock(text, ("sdist", "wheels")), "package")
    dev_only = _uv_dev_only(packages)
    locked = []
    for package, line in zip(packages, _name_lines(text, packages), strict=True):
        name = str(package["name"])
        if _uv_is_project(package):
            continue  # the project (or a workspace member) itself
        locked.append(Locked(name, _version(package), canonicalize_name(name) in dev_only, line))
    return build_lock("uv-lock", path, locked)


def _uv_is_project(package: Mapping[str, object]) -> bool:
    source = table(package.get("source"))
    return "editable" in source or "virtual" in source


def _uv_dev_only(packages: list[Mapping[str, object]]) -> set[str]:
    """Packages reached only through the projects' dev-dependencies (uv marks no package)."""
    edges: dict[str, set[str]] = {}
    dev_roots: set[str] = set()
    roots: set[str] = set()
    for package in packages:
        name = canonicalize_name(str(package["name"]))
        edges.setdefault(name, set()).update(_uv_names(package.get("dependencies")))
        for extra in table(package.get("optional-dependencies")).values():
            edges[name].update(_uv_names(extra))
        if _uv_is_project(package):
            roots.add(name)
            for group in table(package.get("dev-dependencies")).values():
                dev_roots.update(_uv_names(group))
    runtime = _closure(roots, edges)
    return _closure(dev_roots, edges) - runtime


def _uv_names(items: object) -> Iterator[str]:
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                yield canonicalize_name(item["name"])


def _closure(start: Iterable[str], edges: Mapping[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(start)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(edges.get(name, ()))
    return seen


# --------------------------------------------------------------------------- pylock (PEP 751)


def parse_pylock(path: str, text: str) -> Parsed:
    data = load_toml(text)
    groups = set(strings(data.get("dependency-groups")))
    default = set(strings(data.get("default-groups")))
    packages = _toml_packages(data, "packages")
    locked = []
    for package, line in zip(packages, _name_lines(text, packages), strict=True):
        if table(package.get("directory")).get("path") == ".":
            continue  # the project itself
        marker = package.get("marker")
        dev = isinstance(marker, str) and _pylock_dev_only(marker, groups, default)
        locked.append(Locked(str(package["name"]), _version(package), dev, line))
    return build_lock("pylock", path, locked)


def _pylock_dev_only(marker: str, groups: set[str], default: set[str]) -> bool:
    """A marker such as `'dev' in dependency_groups` naming only non-default groups."""
    if "dependency_groups" not in marker:
        return False
    named = {g for g in groups if f"'{g}'" in marker or f'"{g}"' in marker}
    return bool(named) and not named & default


# --------------------------------------------------------------------------- Pipfile.lock


def parse_pipfile_lock(path: str, text: str) -> Parsed:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedManifest(f"invalid JSON: {exc.msg} (line {exc.lineno})") from exc
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        raise MalformedManifest(f"invalid JSON: {exc}") from exc
    except RecursionError as exc:
        raise MalformedManifest("nested too deeply") from exc
    if not isinstance(data, dict):
        raise MalformedManifest("a Pipfile.lock is a JSON object")
    keys = _json_key_lines(text)
    lines = LineIndex.of(text)
    default = table(data.get("default"))
    locked = list(_pipfile_section(default, keys, lines.string("default"), dev=False))
    develop = {k: v for k, v in table(data.get("develop")).items() if k not in default}
    locked.extend(_pipfile_section(develop, keys, lines.string("develop"), dev=True))
    return build_lock("pipfile-lock", path, locked)


def _json_key_lines(text: str) -> dict[str, list[int]]:
    """Lines opening an object under a key (`"django": {`), in one pass over the text."""
    found: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        end = stripped.find('"', 1)
        rest = stripped[end + 1 :].lstrip()
        if (
            stripped.startswith('"')
            and end > 0
            and rest[:1] == ":"
            and rest[1:].lstrip()[:1] == "{"
        ):
            found.setdefault(stripped[1:end], []).append(number)
    return found


def _pipfile_section(
    section: Mapping[str, object], keys: Mapping[str, list[int]], start: int | None, dev: bool
) -> Iterator[Locked]:
    for name, body in sorted(section.items()):
        entry = table(body)
        if entry.get("editable") is True:
            continue  # the project itself (`-e .`), not a locked dependency
        version = entry.get("version")
        text = version.lstrip("=") if isinstance(version, str) else ""
        line = next((n for n in keys.get(name, ()) if start and n > start), None)
        yield Locked(name, text, dev, line)
