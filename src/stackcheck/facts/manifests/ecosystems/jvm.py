"""JVM build manifests: Maven pom.xml, Gradle build scripts and Gradle version catalogs.

pom.xml goes through defusedxml (no DTDs, no entities). Gradle scripts are Groovy or Kotlin
programs, so they are read at the token level: dependency declarations inside
`dependencies { }` blocks, plugin ids inside `plugins { }`, and `apply plugin:` lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from stackcheck.facts import Fact, fact
from stackcheck.facts._toml import TOMLDecodeError, loads
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.ecosystems.common import (
    child_text,
    children,
    line_of,
    local_name,
    manifest_fact,
    parse_xml,
    skip_quoted,
    toml_key_line,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# --- pom.xml --------------------------------------------------------------------------------

_PROPERTY = re.compile(r"\$\{([^}]+)\}")


class _Coordinates(NamedTuple):
    group: str
    artifact: str
    version: str
    scope: str

    @property
    def key(self) -> str:
        return f"{self.group}:{self.artifact}".lower()


def parse_pom_xml(path: str, text: str) -> Parsed:
    root = parse_xml(text)
    if local_name(root.tag) != "project":
        raise MalformedManifest(f"root element is <{local_name(root.tag)}>, not <project>")
    lines = text.splitlines()
    properties = _pom_properties(root)
    facts = [manifest_fact("pom-xml", path)]
    for parent in children(root, "parent"):
        found = _coordinates(parent, properties)
        facts.append(_pom_fact("maven.parent", path, lines, found, "parent"))
    packaging = child_text(root, "packaging")
    if packaging:
        facts.append(
            fact(
                f"maven.packaging.{packaging.lower()}",
                path,
                line_of(lines, "<packaging>"),
                f"<packaging>{packaging}</packaging>",
            )
        )
    deps = 0
    for dependency in _pom_dependencies(root):
        found = _coordinates(dependency, properties)
        if found.group and found.artifact:
            role = "maven.devdep" if found.scope == "test" else "maven.dep"
            facts.append(_pom_fact(role, path, lines, found, found.scope or "compile"))
            deps += 1
    for managed in _nested(root, "dependencyManagement", "dependencies", "dependency"):
        found = _coordinates(managed, properties)
        facts.append(_pom_fact("maven.managed", path, lines, found, "dependencyManagement"))
    for plugin in _nested(root, "build", "plugins", "plugin"):
        found = _coordinates(plugin, properties, default_group="org.apache.maven.plugins")
        facts.append(_pom_fact("maven.plugin", path, lines, found, "build plugin"))
    facts.extend(
        fact(
            "maven.module",
            path,
            line_of(lines, f"<module>{module.text}</module>"),
            f"module {module.text}",
        )
        for module in _nested(root, "modules", "module")
        if module.text
    )
    return Parsed("pom-xml", tuple(facts), deps)


def _pom_fact(prefix: str, path: str, lines: Sequence[str], found: _Coordinates, role: str) -> Fact:
    version = f" {found.version}" if found.version else ""
    line = line_of(lines, f"<artifactId>{found.artifact}</artifactId>")
    return fact(
        f"{prefix}.{found.key}", path, line, f"{found.group}:{found.artifact}{version} ({role})"
    )


def _nested(element: Element, *names: str) -> Iterator[Element]:
    """Elements reached through a path of local names (namespaces ignored)."""
    current = [element]
    for name in names:
        current = [child for parent in current for child in children(parent, name)]
    yield from current


def _pom_dependencies(root: Element) -> Iterator[Element]:
    yield from _nested(root, "dependencies", "dependency")
    yield from _nested(root, "profiles", "profile", "dependencies", "dependency")


def _pom_properties(root: Element) -> dict[str, str]:
    own = {
        local_name(p.tag): (p.text or "").strip()
        for block in children(root, "properties")
        for p in block
    }
    parent = next(children(root, "parent"), None)
    parent_group = child_text(parent, "groupId") if parent is not None else ""
    parent_version = child_text(parent, "version") if parent is not None else ""
    group = child_text(root, "groupId") or parent_group  # a module inherits its parent's
    version = child_text(root, "version") or parent_version
    return {
        **own,
        "project.parent.groupId": parent_group,
        "project.parent.version": parent_version,
        "project.groupId": group,
        "pom.groupId": group,
        "groupId": group,
        "project.version": version,
        "pom.version": version,
        "version": version,
        "project.artifactId": child_text(root, "artifactId"),
    }


def _coordinates(
    element: Element, properties: Mapping[str, str], default_group: str = ""
) -> _Coordinates:
    def resolved(name: str) -> str:
        value = child_text(element, name)
        for _ in range(5):  # properties may refer to properties; bounded, never a loop
            value = _PROPERTY.sub(lambda m: properties.get(m.group(1), m.group(0)), value)
        return value

    return _Coordinates(
        resolved("groupId") or default_group,
        resolved("artifactId"),
        resolved("version"),
        child_text(element, "scope").lower(),
    )


# --- Gradle build scripts ---------------------------------------------------------------------

_GRADLE_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r\f\v]+|\\\r?\n)
    | (?P<nl>\n)
    | (?P<comment>//[^\n]*)
    | (?P<block>/\*)
    | (?P<triple>\"\"\"|''')
    | (?P<string>["'])
    | (?P<ident>`[^`\n]+`|[A-Za-z_$][\w$]*)
    | (?P<num>\d[\w.]*)
    | (?P<op>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_RUNTIME_CONFIGS = frozenset(
    {
        "implementation",
        "api",
        "compile",
        "runtime",
        "compileOnly",
        "runtimeOnly",
        "compileOnlyApi",
        "kapt",
        "ksp",
        "annotationProcessor",
        "developmentOnly",
        "providedCompile",
        "providedRuntime",
    }
)
_CONFIG_SUFFIXES = ("Implementation", "Api", "CompileOnly", "RuntimeOnly")
_DEV_PREFIXES = ("test", "androidTest", "integrationTest", "functionalTest", "debug", "lint")


class _GTok(NamedTuple):
    kind: str  # nl, string, ident, num, op
    text: str
    line: int


def gradle_tokens(text: str) -> list[_GTok]:
    tokens: list[_GTok] = []
    pos = 0
    line = 1
    while pos < len(text):
        match = _GRADLE_TOKEN.match(text, pos)
        assert match is not None  # `op` matches any character
        kind = match.lastgroup or "op"
        start, pos = pos, match.end()
        if kind in ("block", "triple"):
            end = text.find("*/" if kind == "block" else match.group(), pos)
            if end < 0:
                raise MalformedManifest(f"line {line}: comment or string not closed")
            pos = end + (2 if kind == "block" else 3)
            if kind == "triple":
                tokens.append(_GTok("string", text[start + 3 : pos - 3], line))
        elif kind == "string":
            quote = match.group()
            # Groovy's '...' strings do not interpolate; Kotlin has no '...' strings.
            pos = skip_quoted(text, pos, quote, line, interpolation="${" if quote == '"' else "")
            tokens.append(_GTok("string", text[start + 1 : pos - 1], line))
        elif kind not in ("ws", "comment"):
            tokens.append(_GTok(kind, match.group().strip("`"), line))
        line += text.count("\n", start, pos)
    return tokens


def parse_gradle(path: str, text: str) -> Parsed:
    tokens = gradle_tokens(text)
    facts = [manifest_fact("gradle", path)]
    deps = 0
    blocks: list[str] = []
    for index, token in enumerate(tokens):
        if token.kind == "op" and token.text == "{":
            blocks.append(_block_name(tokens, index))
            if blocks == ["android"]:
                facts.append(fact("mobile.android", path, token.line, "android { } block"))
        elif token.kind == "op" and token.text == "}":
            if not blocks:
                raise MalformedManifest(f"line {token.line}: unexpected '}}'")
            blocks.pop()
        elif token.kind == "ident" and _starts_statement(tokens, index):
            found = _gradle_statement(path, tokens, index, blocks)
            facts.extend(found)
            deps += sum(f.key.startswith(("gradle.dep.", "gradle.devdep.")) for f in found)
    if blocks:
        raise MalformedManifest(f"{len(blocks)} block(s) not closed at end of file")
    facts.extend(_android_plugin(path, facts))
    return Parsed("gradle", tuple(facts), deps)


def _starts_statement(tokens: Sequence[_GTok], index: int) -> bool:
    return index == 0 or tokens[index - 1].kind == "nl" or tokens[index - 1].text in ("{", ";")


def _block_name(tokens: Sequence[_GTok], index: int) -> str:
    """The name before `{`: `android {`, `dependencies {`, `foo(...) {`."""
    back = index - 1
    if back >= 0 and tokens[back].text == ")":
        depth = 0
        while back >= 0:
            depth += {")": 1, "(": -1}.get(tokens[back].text, 0)
            if depth == 0:
                break
            back -= 1
        back -= 1
    return tokens[back].text if back >= 0 and tokens[back].kind == "ident" else ""


def _gradle_statement(
    path: str, tokens: Sequence[_GTok], index: int, blocks: Sequence[str]
) -> list[Fact]:
    name = tokens[index].text
    args = _arguments(tokens, index + 1)
    if name == "apply":
        return [
            _plugin(path, tokens[index].line, plugin_id, "apply plugin")
            for plugin_id in _named(args, "plugin")[:1]
        ]
    if blocks and blocks[-1] == "plugins":
        return _plugins_entry(path, tokens[index], args)
    if "dependencies" not in blocks:
        return []
    role = _config_role(name)
    if role is None:
        return []
    return [
        fact(f"gradle.{role}.{coords.lower()}", path, tokens[index].line, f"{name} {shown}")
        for coords, shown in _dependency_coordinates(args)[:1]
    ]


def _arguments(tokens: Sequence[_GTok], index: int) -> list[_GTok]:
    """A call's argument tokens: `name(...)` or the rest of the line in `name 'x'`."""
    found: list[_GTok] = []
    depth = 0
    for position in range(index, len(tokens)):  # no slicing: scripts can be long
        token = tokens[position]
        if token.kind == "op" and token.text == "(":
            depth += 1
        elif token.kind == "op" and token.text == ")":
            depth -= 1
            if depth <= 0:
                found.append(token)
                break
        elif depth == 0 and (token.kind == "nl" or token.text in ("{", "}", ";")):
            break
        found.append(token)
    return found


def _named(args: Sequence[_GTok], key: str) -> list[str]:
    """The string given as `key: '...'` (Groovy maps) or `key = "..."` (Kotlin)."""
    for index, token in enumerate(args[:-2]):
        if (
            token.text == key
            and args[index + 1].text in (":", "=")
            and args[index + 2].kind == "string"
        ):
            return [args[index + 2].text]
    return []


def _config_role(name: str) -> str | None:
    if name == "classpath":
        return "classpath"
    if name not in _RUNTIME_CONFIGS and not name.endswith(_CONFIG_SUFFIXES):
        return None
    return "devdep" if name.startswith(_DEV_PREFIXES) else "dep"


def _dependency_coordinates(args: Sequence[_GTok]) -> list[tuple[str, str]]:
    """`group:artifact` and how the declaration wrote it, for the first dependency given."""
    group, artifact = _named(args, "group"), _named(args, "name")
    if group and artifact:
        coords = f"{group[0]}:{artifact[0]}"
        return [(coords, coords)]
    for index, token in enumerate(args):
        if (
            token.kind == "ident"
            and token.text == "kotlin"
            and index + 2 < len(args)
            and args[index + 2].kind == "string"
        ):
            module = args[index + 2].text
            return [(f"org.jetbrains.kotlin:kotlin-{module}", f'kotlin("{module}")')]
        if token.kind == "string":
            parts = token.text.split(":")
            if len(parts) >= 2 and parts[0] and parts[1] and " " not in token.text:
                return [(f"{parts[0]}:{parts[1]}", f'"{token.text}"')]
    return []


def _plugins_entry(path: str, head: _GTok, args: Sequence[_GTok]) -> list[Fact]:
    """One line of a `plugins { }` block."""
    if head.text == "id":
        ids = [t.text for t in args if t.kind == "string"][:1]
    elif head.text == "kotlin":
        ids = [f"org.jetbrains.kotlin.{t.text}" for t in args if t.kind == "string"][:1]
    elif head.text in ("alias", "version", "apply") or (args and args[0].text in ("(", ".", "=")):
        ids = []
    else:
        ids = [head.text]  # a core plugin by name: `java`, `application`, `java-library`
    return [_plugin(path, head.line, plugin_id, "plugins { }") for plugin_id in ids]


def _plugin(path: str, line: int | None, plugin_id: str, where: str) -> Fact:
    return fact(f"gradle.plugin.{plugin_id.lower()}", path, line, f"{where}: {plugin_id}")


def _android_plugin(path: str, facts: Sequence[Fact]) -> Iterator[Fact]:
    """The Android Gradle plugin, applied or on the build classpath, means an Android app."""
    if any(f.key == "mobile.android" for f in facts):
        return
    for found in facts:
        if found.key.startswith(
            ("gradle.plugin.com.android.", "gradle.classpath.com.android.tools.build:gradle")
        ):
            yield fact("mobile.android", path, found.evidence[0].line, found.evidence[0].detail)
            return


# --- Gradle version catalog -----------------------------------------------------------------


def parse_version_catalog(path: str, text: str) -> Parsed:
    try:
        data = loads(text)
    except TOMLDecodeError as exc:
        raise MalformedManifest(f"invalid TOML: {exc}") from exc
    lines = text.splitlines()
    facts = [manifest_fact("gradle-catalog", path)]
    libraries = data.get("libraries", {})
    plugins = data.get("plugins", {})
    if not isinstance(libraries, dict) or not isinstance(plugins, dict):
        raise MalformedManifest("[libraries] and [plugins] must be tables")
    for alias, spec in sorted(libraries.items()):
        module = _catalog_module(spec)
        if module:
            facts.append(
                fact(
                    f"gradle.dep.{module.lower()}",
                    path,
                    toml_key_line(lines, alias, "plugins"),
                    f"{alias} = {module} (version catalog)",
                )
            )
    deps = len(facts) - 1
    for alias, spec in sorted(plugins.items()):
        plugin_id = spec.get("id") if isinstance(spec, dict) else str(spec).split(":")[0]
        if isinstance(plugin_id, str) and plugin_id:
            facts.append(
                _plugin(
                    path,
                    toml_key_line(lines, alias, "plugins"),
                    plugin_id,
                    f"version catalog {alias}",
                )
            )
    facts.extend(_android_plugin(path, facts))
    return Parsed("gradle-catalog", tuple(facts), deps)


def _catalog_module(spec: object) -> str:
    if isinstance(spec, str):
        parts = spec.split(":")
        return f"{parts[0]}:{parts[1]}" if len(parts) >= 2 else ""
    if not isinstance(spec, dict):
        return ""
    if isinstance(spec.get("module"), str):
        return _catalog_module(spec["module"])
    group, name = spec.get("group"), spec.get("name")
    return f"{group}:{name}" if isinstance(group, str) and isinstance(name, str) else ""
