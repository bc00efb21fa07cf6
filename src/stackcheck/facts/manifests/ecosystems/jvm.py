"""JVM build manifests: Maven pom.xml, Gradle build scripts and Gradle version catalogs.

pom.xml goes through defusedxml (no DTDs, no entities). Gradle scripts are Groovy or Kotlin
programs, so they are read at the token level: dependency declarations inside
`dependencies { }` blocks, plugin ids inside `plugins { }`, and `apply plugin:` lines.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from stackcheck.facts import Fact, fact
from stackcheck.facts._toml import TOMLDecodeError, loads
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.ecosystems.common import (
    child_text,
    children,
    local_name,
    manifest_fact,
    parse_xml,
    skip_quoted,
)
from stackcheck.facts.manifests.line_index import LineIndex

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


# A Java web application's deployment descriptor (`WEB-INF/web.xml`): the servlets a
# container (Tomcat, Jetty) serves and the URL patterns mapped to them. A project with no
# build manifest at all (an IDE's project files, the jars in `WEB-INF/lib/`) says here
# that it is a web application.
def parse_web_xml(path: str, text: str) -> Parsed:
    """A servlet application's deployment descriptor, wherever it is kept: in WEB-INF/, or
    beside the sources for an Ant build to copy there. Outside WEB-INF/, a web.xml of
    another kind is another tool's file, passed over."""
    root = parse_xml(text)
    if local_name(root.tag) != "web-app":
        if "WEB-INF/" not in path:
            return Parsed("unrecognized", ())
        raise MalformedManifest(f"root element is <{local_name(root.tag)}>, not <web-app>")
    lines = LineIndex(text)
    patterns = [
        (pattern.text or "").strip()
        for mapping in children(root, "servlet-mapping")
        for pattern in children(mapping, "url-pattern")
    ]
    servlets = [child_text(servlet, "servlet-name") for servlet in children(root, "servlet")]
    shown = ", ".join(p for p in patterns[:3] if p)
    detail = f"{len(servlets)} servlets" + (f" ({shown})" if shown else "")
    facts = (
        manifest_fact("web-xml", path),
        fact("java.web_app", path, lines.containing("<web-app"), detail),
    )
    return Parsed("web-xml", facts)


def parse_pom_xml(path: str, text: str) -> Parsed:
    root = parse_xml(text)
    if local_name(root.tag) != "project":
        raise MalformedManifest(f"root element is <{local_name(root.tag)}>, not <project>")
    lines = LineIndex(text)
    properties = _pom_properties(root)
    facts = [manifest_fact("pom-xml", path)]
    for parent in children(root, "parent"):
        found = _coordinates(parent, properties)
        facts.append(_pom_fact("maven.parent", path, lines, found, "parent"))
    artifact = child_text(root, "artifactId")
    if artifact:
        # The project's own coordinates (its name: what the project says it is).
        name = child_text(root, "name")
        detail = f"artifact {artifact}" + (f" ({name})" if name and name != artifact else "")
        facts.append(fact("maven.project", path, lines.element("artifactId", artifact), detail))
    packaging = child_text(root, "packaging")
    if packaging:
        facts.append(
            fact(
                f"maven.packaging.{packaging.lower()}",
                path,
                lines.containing("<packaging>"),
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
            lines.element("module", module.text),
            f"module {module.text}",
        )
        for module in _nested(root, "modules", "module")
        if module.text
    )
    return Parsed("pom-xml", tuple(facts), deps)


def _pom_fact(prefix: str, path: str, lines: LineIndex, found: _Coordinates, role: str) -> Fact:
    version = f" {found.version}" if found.version else ""
    line = lines.element("artifactId", found.artifact)
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
    script = _Script(gradle_tokens(text))
    tokens = script.tokens
    facts = [manifest_fact("gradle", path)]
    deps = 0
    blocks: list[str] = []
    for index, token in enumerate(tokens):
        if token.kind == "op" and token.text == "{":
            blocks.append(script.block_name(index))
            if blocks == ["android"]:
                facts.append(fact("mobile.android", path, token.line, "android { } block"))
        elif token.kind == "op" and token.text == "}":
            if not blocks:
                raise MalformedManifest(f"line {token.line}: unexpected '}}'")
            blocks.pop()
        elif token.kind == "ident" and _starts_statement(tokens, index):
            found = _gradle_statement(path, script, index, blocks)
            facts.extend(found)
            deps += sum(f.key.startswith(("gradle.dep.", "gradle.devdep.")) for f in found)
    if blocks:
        raise MalformedManifest(f"{len(blocks)} block(s) not closed at end of file")
    facts.extend(_android_plugin(path, facts))
    return Parsed("gradle", tuple(facts), deps)


def _starts_statement(tokens: Sequence[_GTok], index: int) -> bool:
    return index == 0 or tokens[index - 1].kind == "nl" or tokens[index - 1].text in ("{", ";")


class _Args(NamedTuple):
    """A call's arguments: tokens[start:end] of the script, not copied."""

    start: int
    end: int


_NAMED_KEYS = ("plugin", "group", "name")


class _Script:
    """A Gradle script's tokens, with what the statement walk asks of them indexed once:
    matching parentheses, where argument lists stop, and where the strings, `key: 'value'`
    pairs and `kotlin("x")` calls are. A statement's arguments may run over the statements
    nested in its parentheses, so scanning them anew for every statement would be
    quadratic in the nesting; each question here is a look-up or a binary search."""

    def __init__(self, tokens: list[_GTok]) -> None:
        self.tokens = tokens
        self.closer: dict[int, int] = {}  # "(" -> its ")", or len(tokens) if never closed
        self.opener: dict[int, int] = {}  # ")" -> its "(", or -1 for a stray one
        self.stops: list[int] = []  # tokens that end an argument list outside parentheses
        self.strings: list[int] = []
        self.coordinates: list[int] = []  # strings that read as `group:artifact...`
        self.kotlin: list[int] = []  # `kotlin` followed two tokens on by a string
        self.named: dict[str, list[int]] = {key: [] for key in _NAMED_KEYS}
        stack: list[int] = []
        for index, token in enumerate(tokens):
            if token.kind == "op" and token.text == "(":
                stack.append(index)
                self.stops.append(index)
            elif token.kind == "op" and token.text == ")":
                self.opener[index] = stack.pop() if stack else -1
                if self.opener[index] >= 0:
                    self.closer[self.opener[index]] = index
                self.stops.append(index)
            elif token.kind == "nl" or token.text in ("{", "}", ";"):
                self.stops.append(index)
            if token.kind == "string":
                self.strings.append(index)
                if _coordinates_in(token.text) is not None:
                    self.coordinates.append(index)
            third = tokens[index + 2] if index + 2 < len(tokens) else None
            if third is not None and third.kind == "string":
                if token.kind == "ident" and token.text == "kotlin":
                    self.kotlin.append(index)
                if token.text in self.named and tokens[index + 1].text in (":", "="):
                    self.named[token.text].append(index)
        for index in stack:
            self.closer[index] = len(tokens)

    def arguments(self, index: int) -> _Args:
        """A call's argument tokens: `name(...)` or the rest of the line in `name 'x'`."""
        at = bisect_left(self.stops, index)
        if at == len(self.stops):
            return _Args(index, len(self.tokens))
        stop = self.stops[at]
        token = self.tokens[stop]
        if token.kind == "op" and token.text == "(":
            return _Args(index, min(self.closer[stop] + 1, len(self.tokens)))
        if token.kind == "op" and token.text == ")":
            return _Args(index, stop + 1)
        return _Args(index, stop)

    def block_name(self, index: int) -> str:
        """The name before `{`: `android {`, `dependencies {`, `foo(...) {`."""
        back = index - 1
        if back >= 0 and self.tokens[back].kind == "op" and self.tokens[back].text == ")":
            opener = self.opener[back]
            back = opener - 1 if opener >= 0 else -1
        token = self.tokens[back] if back >= 0 else None
        return token.text if token is not None and token.kind == "ident" else ""

    def first(self, positions: list[int], args: _Args, room: int = 0) -> int | None:
        """The first of `positions` inside the arguments, with `room` tokens after it there."""
        at = bisect_left(positions, args.start)
        if at < len(positions) and positions[at] + room < args.end:
            return positions[at]
        return None

    def named_value(self, args: _Args, key: str) -> list[str]:
        """The string given as `key: '...'` (Groovy maps) or `key = "..."` (Kotlin)."""
        found = self.first(self.named[key], args, room=2)
        return [] if found is None else [self.tokens[found + 2].text]


def _gradle_statement(path: str, script: _Script, index: int, blocks: Sequence[str]) -> list[Fact]:
    head = script.tokens[index]
    name = head.text
    args = script.arguments(index + 1)
    if name == "apply":
        return [
            _plugin(path, head.line, plugin_id, "apply plugin")
            for plugin_id in script.named_value(args, "plugin")[:1]
        ]
    if blocks and blocks[-1] == "plugins":
        return _plugins_entry(path, head, script, args)
    if "dependencies" not in blocks:
        return []
    role = _config_role(name)
    if role is None:
        return []
    return [
        fact(f"gradle.{role}.{coords.lower()}", path, head.line, f"{name} {shown}")
        for coords, shown in _dependency_coordinates(script, args)[:1]
    ]


def _config_role(name: str) -> str | None:
    if name == "classpath":
        return "classpath"
    if name not in _RUNTIME_CONFIGS and not name.endswith(_CONFIG_SUFFIXES):
        return None
    return "devdep" if name.startswith(_DEV_PREFIXES) else "dep"


def _coordinates_in(text: str) -> str | None:
    """`group:artifact` when a string reads as Maven coordinates."""
    parts = text.split(":")
    if len(parts) >= 2 and parts[0] and parts[1] and " " not in text:
        return f"{parts[0]}:{parts[1]}"
    return None


def _dependency_coordinates(script: _Script, args: _Args) -> list[tuple[str, str]]:
    """`group:artifact` and how the declaration wrote it, for the first dependency given."""
    group, artifact = script.named_value(args, "group"), script.named_value(args, "name")
    if group and artifact:
        coords = f"{group[0]}:{artifact[0]}"
        return [(coords, coords)]
    kotlin = script.first(script.kotlin, args, room=2)
    string = script.first(script.coordinates, args)
    if kotlin is not None and (string is None or kotlin < string):
        module = script.tokens[kotlin + 2].text
        return [(f"org.jetbrains.kotlin:kotlin-{module}", f'kotlin("{module}")')]
    if string is not None:
        text = script.tokens[string].text
        return [(str(_coordinates_in(text)), f'"{text}"')]
    return []


def _plugins_entry(path: str, head: _GTok, script: _Script, args: _Args) -> list[Fact]:
    """One line of a `plugins { }` block."""
    string = script.first(script.strings, args)
    first = script.tokens[args.start] if args.start < args.end else None
    if head.text == "id":
        ids = [] if string is None else [script.tokens[string].text]
    elif head.text == "kotlin":
        ids = [] if string is None else [f"org.jetbrains.kotlin.{script.tokens[string].text}"]
    elif head.text in ("alias", "version", "apply") or (
        first is not None and first.text in ("(", ".", "=")
    ):
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
    lines = LineIndex(text)
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
                    lines.toml_key(alias, "libraries"),
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
                    lines.toml_key(alias, "plugins"),
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
