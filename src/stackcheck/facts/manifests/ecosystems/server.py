"""Manifests of server-side ecosystems other than Python and Node: Go, Rust and PHP.

Elixir, Ruby, the JVM, native (C/C++/firmware) and mobile manifests live in the sibling
modules of this folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from stackcheck.facts import Fact, fact
from stackcheck.facts._toml import TOMLDecodeError, loads
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.ecosystems.common import load_json_object, manifest_fact
from stackcheck.facts.manifests.line_index import LineIndex

# --- go.mod -----------------------------------------------------------------------------

# One go.mod line: words (module paths hold single slashes), quoted or raw strings,
# parentheses for blocks, and a trailing // comment (which carries "indirect").
_GO_TOKEN = re.compile(
    r"""[ \t\r\f\v]+
    | //(?P<comment>.*)
    | "(?P<dq>(?:[^"\\\n]|\\.)*)"
    | `(?P<bq>[^`\n]*)`
    | (?P<word>(?:[^\s"`()/]|/(?!/))+)
    | (?P<paren>[()])
    """,
    re.VERBOSE,
)
# Directives are lower-case words; ones this parser does not know (a newer Go's) are
# skipped like `replace` and `exclude`, but anything else in that place is not a go.mod.
_GO_VERB_SHAPE = re.compile(r"[a-z][a-z_]*")


class _GoLine(NamedTuple):
    number: int
    tokens: tuple[str, ...]
    comment: str


def _go_lines(text: str) -> Iterator[_GoLine]:
    for number, line in enumerate(text.splitlines(), start=1):
        tokens: list[str] = []
        comment = ""
        pos = 0
        while pos < len(line):
            match = _GO_TOKEN.match(line, pos)
            if match is None:
                raise MalformedManifest(f"line {number}: unexpected {line[pos]!r}")
            pos = match.end()
            if match.group("comment") is not None:
                comment = match.group("comment").strip()
                break
            for group in ("dq", "bq", "word", "paren"):
                value = match.group(group)
                if value is not None:
                    tokens.append(_go_unquote(value) if group == "dq" else value)
        if tokens:
            yield _GoLine(number, tuple(tokens), comment)


def _go_unquote(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def parse_go_mod(path: str, text: str) -> Parsed:
    facts = [manifest_fact("go-mod", path)]
    block: str | None = None
    requires = 0
    for line in _go_lines(text):
        if block is not None:
            if line.tokens == (")",):
                block = None
                continue
            facts.extend(_go_directive(path, block, line, line.tokens))
            requires += block == "require"
            continue
        verb = line.tokens[0]
        if not _GO_VERB_SHAPE.fullmatch(verb):
            raise MalformedManifest(f"line {line.number}: unknown directive {verb[:40]!r}")
        args = line.tokens[1:]
        if args == ("(",):
            block = verb
        elif args == ("(", ")"):
            continue
        else:
            facts.extend(_go_directive(path, verb, line, args))
            requires += verb == "require"
    if block is not None:
        raise MalformedManifest(f"{block} ( block not closed")
    return Parsed("go-mod", tuple(facts), requires)


def _go_directive(path: str, verb: str, line: _GoLine, args: tuple[str, ...]) -> list[Fact]:
    if "(" in args or ")" in args:
        raise MalformedManifest(f"line {line.number}: unexpected parenthesis")
    if verb == "module":
        if len(args) != 1:
            raise MalformedManifest(f"line {line.number}: module takes one path")
        return [fact("go.module", path, line.number, args[0])]
    if verb == "require":
        if len(args) != 2:
            raise MalformedManifest(f"line {line.number}: require takes a module path and version")
        module, version = args
        project = _go_project(module)
        if _go_indirect(line.comment):
            return [
                fact(
                    f"go.indirect.{project}",
                    path,
                    line.number,
                    f"{module} {version} // indirect",
                )
            ]
        return [fact(f"go.dep.{project}", path, line.number, f"{module} {version}")]
    # replace, exclude, retract, go, toolchain and unknown future directives say nothing
    # about what the module is built from.
    return []


# Go's semantic import versioning: from v2 on, a module's path ends with its major version
# (`github.com/labstack/echo/v4`). Every major version is the same project, so the fact is
# keyed by the path without it, and a rule naming a framework holds for its next major
# version too; the evidence keeps the path as written.
_GO_MAJOR_SUFFIX = re.compile(r"/v(?:[2-9]|[1-9][0-9]+)$")


def _go_project(module: str) -> str:
    return _GO_MAJOR_SUFFIX.sub("", module.lower())


def _go_indirect(comment: str) -> bool:
    # cmd/go marks the dependency with exactly "// indirect", possibly followed by "; ...".
    return comment == "indirect" or comment.startswith("indirect;")


# --- Cargo.toml ---------------------------------------------------------------------------

_CARGO_SECTIONS = (
    ("dependencies", "dep"),
    ("dev-dependencies", "devdep"),
    ("dev_dependencies", "devdep"),
    ("build-dependencies", "builddep"),
    ("build_dependencies", "builddep"),
)


class _CargoTable(NamedTuple):
    label: str
    role: str
    table: Mapping[str, object]


def parse_cargo_toml(path: str, text: str) -> Parsed:
    data = _load_toml(text)
    index = LineIndex(text)
    lines = index.lines
    facts = [manifest_fact("cargo-toml", path)]
    deps = 0
    for table in _cargo_tables(data):
        for key, spec in sorted(table.table.items()):
            if not isinstance(spec, (str, dict)):
                continue
            crate = spec.get("package", key) if isinstance(spec, dict) else key
            detail = f"{key} {_cargo_spec(spec)} [{table.label}]"
            line = index.toml_key(key)
            facts.append(fact(f"cargo.{table.role}.{str(crate).lower()}", path, line, detail))
            deps += 1
    facts.extend(_cargo_targets(path, lines, data))
    facts.extend(_cargo_profile(path, lines, data))
    return Parsed("cargo-toml", tuple(facts), deps)


def _load_toml(text: str) -> dict[str, object]:
    try:
        data: dict[str, object] = loads(text)
    except TOMLDecodeError as exc:
        raise MalformedManifest(f"invalid TOML: {exc}") from exc
    return data


def _table(data: Mapping[str, object], key: str, where: str) -> Mapping[str, object]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MalformedManifest(f"{where}{key} is not a table")
    return value


def _cargo_tables(data: Mapping[str, object]) -> Iterator[_CargoTable]:
    for key, role in _CARGO_SECTIONS:
        yield _CargoTable(key, role, _table(data, key, ""))
    for cfg, target in sorted(_table(data, "target", "").items()):
        if not isinstance(target, dict):
            raise MalformedManifest(f"target.{cfg} is not a table")
        for key, role in _CARGO_SECTIONS:
            yield _CargoTable(f"target.{cfg}.{key}", role, _table(target, key, f"target.{cfg}."))
    workspace = _table(data, "workspace", "")
    yield _CargoTable(
        "workspace.dependencies", "dep", _table(workspace, "dependencies", "workspace.")
    )


def _cargo_spec(spec: object) -> str:
    if isinstance(spec, str):
        return f'"{spec}"'
    if not isinstance(spec, dict):
        return "?"
    for field in ("version", "path", "git"):
        if isinstance(spec.get(field), str):
            return f'{field} "{spec[field]}"' if field != "version" else f'"{spec[field]}"'
    if spec.get("workspace") is True:
        return "(workspace)"
    return "{...}"


def _cargo_targets(path: str, lines: list[str], data: Mapping[str, object]) -> Iterator[Fact]:
    package = _table(data, "package", "")
    if isinstance(package.get("name"), str):
        yield fact(
            "cargo.package", path, _header_line(lines, "[package]"), f"package {package['name']}"
        )
    workspace = _table(data, "workspace", "")
    if workspace:
        members = workspace.get("members", [])
        count = len(members) if isinstance(members, list) else 0
        yield fact(
            "cargo.workspace",
            path,
            _header_line(lines, "[workspace]"),
            f"workspace with {count} members",
        )
    # Tauri 2's template gives the app a `[lib]` too: the entry point its mobile builds link,
    # not a library anyone depends on. Nor is a crate that says it is never published
    # (`publish = false`: SeaORM's `migration` crate, which the app's binary links).
    publish = package.get("publish")
    unpublished = publish is False or publish == []
    if "lib" in data and "tauri" not in _table(data, "dependencies", "") and not unpublished:
        detail = "[lib] target" + _lib_kind(_table(data, "lib", ""))
        line = _header_line(lines, "[lib]")
        yield fact("cargo.lib", path, line, detail)
        # (`cargo publish` refuses a crate with neither a description nor a licence: one that
        # has neither is no crate anyone publishes, but an application's code split for tests,
        # unless it names a registry of its own, whose rules are its own.)
        if not isinstance(publish, list) and not any(
            key in package for key in ("description", "license", "license-file")
        ):
            yield fact("cargo.unpublishable_lib", path, line, "no description or licence")
    bins = data.get("bin", [])
    if isinstance(bins, list):
        headers = [n for n, line in enumerate(lines, start=1) if line.strip() == "[[bin]]"]
        for index, entry in enumerate(bins):
            name = entry.get("name", "?") if isinstance(entry, dict) else "?"
            line = headers[index] if index < len(headers) else None
            yield fact("cargo.bin", path, line, f"[[bin]] {name}")


def _cargo_profile(path: str, lines: list[str], data: Mapping[str, object]) -> Iterator[Fact]:
    release = _table(_table(data, "profile", ""), "release", "profile.")
    line = _header_line(lines, "[profile.release]")
    opt = release.get("opt-level")
    if opt == 3 or opt == "3":
        yield fact("cargo.profile.opt3", path, line, "[profile.release] opt-level = 3")
    lto = release.get("lto")
    if lto is True or lto in ("fat", "thin"):
        yield fact("cargo.profile.lto", path, line, f"[profile.release] lto = {lto!r}")


def _header_line(lines: list[str], header: str) -> int | None:
    for number, line in enumerate(lines, start=1):
        if line.strip().replace(" ", "") == header:
            return number
    return None


# --- composer.json / composer.lock --------------------------------------------------------

# Requirements on the platform, not on packages.
_COMPOSER_PLATFORM = frozenset(
    {
        "php",
        "php-64bit",
        "php-ipv6",
        "php-zts",
        "php-debug",
        "hhvm",
        "composer",
        "composer-plugin-api",
        "composer-runtime-api",
    }
)


# Package types of an add-on installed into someone else's site or framework (a WordPress
# plugin, a Drupal module, a Symfony bundle): composer.addon, which DJ003 reads. The
# installers name them `<host>-<kind>` (composer/installers: `silverstripe-vendormodule`,
# `craft-plugin`, `typo3-cms-extension`, `kirby-plugin`, `prestashop-module`), so the kind
# says it whatever the host.
COMPOSER_ADDON_KINDS = frozenset(
    {
        "plugin",
        "muplugin",
        "module",
        "vendormodule",
        "extension",
        "bundle",
        "theme",
        "skin",
        "addon",
        "widget",
    }
)


def _composer_addon_type(kind: str) -> bool:
    host, dash, what = kind.rpartition("-")
    return bool(dash and host) and what in COMPOSER_ADDON_KINDS


def parse_composer_json(path: str, text: str) -> Parsed:
    data = load_json_object(text)
    lines = LineIndex(text)
    facts = [manifest_fact("composer-json", path)]
    deps = 0
    for section, role in (("require", "dep"), ("require-dev", "devdep")):
        for name, constraint in sorted(_table(data, section, "").items()):
            lowered = name.lower()
            if lowered in _COMPOSER_PLATFORM or lowered.startswith(("ext-", "lib-")):
                continue
            facts.append(
                fact(
                    f"composer.{role}.{lowered}",
                    path,
                    lines.string(name),
                    f"{name} {constraint} ({section})",
                )
            )
            deps += 1
    kind = data.get("type")
    if isinstance(kind, str) and kind:
        line = lines.string("type")
        facts.append(fact(f"composer.type.{kind.lower()}", path, line, f'"type": "{kind}"'))
        if _composer_addon_type(kind.lower()):
            facts.append(fact("composer.addon", path, line, f'an add-on: "type": "{kind}"'))
    if data.get("bin"):
        facts.append(fact("composer.bin", path, lines.string("bin"), '"bin" declared'))
    if _laravel_package(data) and not any(f.key == "composer.addon" for f in facts):
        line = lines.string("providers")
        detail = "a Laravel package: apps that install it discover its service providers"
        facts.append(fact("composer.addon", path, line, detail))
    return Parsed("composer-json", tuple(facts), deps)


def _laravel_package(data: Mapping[str, Any]) -> bool:
    """Service providers declared for Laravel's package discovery (`extra.laravel.providers`)
    by a package, not a project: what the apps that require it load."""
    if str(data.get("type", "")).lower() == "project":
        return False
    extra = data.get("extra")
    laravel = extra.get("laravel") if isinstance(extra, dict) else None
    providers = laravel.get("providers") if isinstance(laravel, dict) else None
    return isinstance(providers, list) and bool(providers)


def parse_composer_lock(path: str, text: str) -> Parsed:
    data = load_json_object(text)
    name_lines = _name_lines(text.splitlines())
    facts = [manifest_fact("composer-lock", path)]
    for section in ("packages", "packages-dev"):
        packages = data.get(section, [])
        if not isinstance(packages, list):
            raise MalformedManifest(f"{section} is not a list")
        for package in packages:
            if not isinstance(package, dict) or not isinstance(package.get("name"), str):
                continue
            name = package["name"]
            detail = f"{name} {package.get('version', '?')}"
            if section == "packages-dev":
                detail += " (dev)"
            line = name_lines.get(name)
            facts.append(fact(f"composer.lock.{name.lower()}", path, line, detail))
    return Parsed("composer-lock", tuple(facts), len(facts) - 1)


def _name_lines(lines: list[str]) -> dict[str, int]:
    """Value -> first line of each `"name": "value"` pair; one pass, as lock files are long."""
    found: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        _, key, rest = line.partition('"name"')
        parts = rest.split('"')
        if key and len(parts) >= 3:
            found.setdefault(parts[1], number)
    return found


def _lib_kind(lib: Mapping[str, object]) -> str:
    """What a `[lib]` builds, when it is not a library other crates link by name: a
    procedural-macro crate (the workspace's own macros), or a C-ABI library (`cdylib`, what
    wasm-pack builds for a web page)."""
    if lib.get("proc-macro") is True:
        return " (proc-macro)"
    types = lib.get("crate-type")
    if isinstance(types, list) and "cdylib" in types:
        return " (cdylib)"
    return ""
