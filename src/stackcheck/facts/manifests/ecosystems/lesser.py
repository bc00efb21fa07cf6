"""Dependency manifests of the less common server languages, each read as text or plain data
(none is evaluated: an sbt build and a Clojure project file are programs, read here only for
the dependency literals they hold):

    build.sbt                  Scala: `"org.http4s" %% "http4s-dsl" % v`, `enablePlugins(PlayScala)`
    *.cabal, package.yaml      Haskell: `build-depends:` fields, hpack's `dependencies:` lists
    dune, dune-project, *.opam OCaml: `(libraries dream caqti)`, `(depends dream)`, `depends: [...]`
    deps.edn, project.clj      Clojure: `{:deps {ring/ring-core {...}}}`,
                               `:dependencies [[compojure "1.7"]]`
    shard.yml                  Crystal: `dependencies:` (and `development_dependencies:`)
    *.nimble                   Nim: `requires "prologue >= 0.6"`
    *.rockspec                 Lua: `dependencies = { "lapis >= 1.9" }`
    Package.swift              Swift: `.package(url: "https://github.com/vapor/vapor.git", ...)`
    build.zig.zon              Zig: the names in `.dependencies = .{ .zap = .{ ... } }`
    paket.dependencies         .NET (F#'s Paket): `nuget Saturn`
    DESCRIPTION                R: a package's `Package:`, `Imports:` and `Depends:` fields
    Project.toml               Julia: Pkg's `[deps]` (names mapped to UUIDs) and `[extras]`

Facts (names lower-case, a Scala artifact without its `_2.13` suffix, a Clojure library by
its artifact: `ring/ring-core` -> `ring-core`):
    sbt.dep.<artifact>  cabal.dep.<package>  opam.dep.<package>  clj.dep.<artifact>
    shard.dep.<shard>  nimble.dep.<package>  rock.dep.<rock>  zig.dep.<name>
    nuget.dep.<package> (Paket's, as an MSBuild project's are named)
    r.package (an R package, published to CRAN or installed from its repository)  r.dep.<package>
    julia.dep.<package>
    spm.dep.<repository> (SwiftPM's, named by the repository)  spm.library (library products,
    no executable)
    cabal.library (a Haskell library whose only programs are its examples)
    *.devdep.* for the development and test sections that say so
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from stackcheck.facts import fact
from stackcheck.facts.manifests import Parsed
from stackcheck.facts.manifests.ecosystems.common import load_yaml_mapping, manifest_fact
from stackcheck.facts.signals.tokens import Lines

_MAX_FACTS = 2000  # a crafted file's entries beyond these say nothing more


def _facts(kind: str, path: str, text: str, found: Iterable[tuple[str, str, int, str]]) -> Parsed:
    """Parsed from (role, name, offset, detail): one fact per name and role, first place."""
    facts = [manifest_fact(kind, path)]
    lines = Lines(text)
    seen: set[str] = set()
    deps = 0
    for role, name, offset, detail in found:
        key = f"{role}.{name.lower()}"
        if key in seen or not name:
            continue
        seen.add(key)
        facts.append(fact(key, path, lines.number(offset), detail))
        deps += role.endswith(".dep")
        if len(seen) >= _MAX_FACTS:
            break
    return Parsed(kind, tuple(facts), deps)


# --- Scala: build.sbt ----------------------------------------------------------------------

_SBT_DEP = re.compile(r'"([\w.\-]+)"\s*%%?%?\s*"([\w.\-]+)"\s*%\s*[^\n,)]*')
_SBT_TEST = re.compile(r'%\s*(?:"(?:test|it)"|Test\b|IntegrationTest\b)')
_SBT_PLAY = re.compile(r"\benablePlugins\s*\([^)]*\bPlay(?:Scala|Java|Minimal\w*)\b")
_SCALA_SUFFIX = re.compile(r"_(?:2\.1[0-3]|3)$|_sjs\d.*$|_native\d.*$")


def parse_build_sbt(path: str, text: str) -> Parsed:
    def found() -> Iterator[tuple[str, str, int, str]]:
        for match in _SBT_DEP.finditer(text):
            role = "sbt.devdep" if _SBT_TEST.search(match.group(0)) else "sbt.dep"
            artifact = _SCALA_SUFFIX.sub("", match.group(2))
            yield role, artifact, match.start(), f"{match.group(1)} % {match.group(2)}"
        play = _SBT_PLAY.search(text)
        if play is not None:
            yield "sbt.dep", "play", play.start(), "enablePlugins(Play...)"

    return _facts("build-sbt", path, text, found())


# --- Haskell: *.cabal and hpack's package.yaml ---------------------------------------------

# A `build-depends:` field runs until the next line indented no deeper than its own; the
# section it is in is the last header at the start of a line before it.
_CABAL_FIELD = re.compile(r"^([ \t]*)build-depends[ \t]*:", re.MULTILINE | re.IGNORECASE)
_CABAL_NAME = re.compile(r"(?:^|,)\s*([A-Za-z][\w-]*)")
_CABAL_SECTION = re.compile(
    r"^(library|executable|test-suite|benchmark|foreign-library|common)\b[ \t]*([^\n]{0,200})",
    re.MULTILINE | re.IGNORECASE,
)
_CABAL_SOURCE_DIRS = re.compile(r"^[ \t]+hs-source-dirs[ \t]*:[ \t]*([^\n]{0,200})", re.MULTILINE)
# A package's example programs (`executable yesod-paginator-example`, its sources in
# `example/`): what the library is shown with, whose dependencies are the examples'.
_EXAMPLE_FOLDERS = frozenset({"example", "examples", "demo", "demos", "sample", "samples"})
_EXAMPLE_NAME = re.compile(r"(?i).*[-_](?:example|examples|demo|sample)s?$|(?:example|demo)s?$")


def _example_program(name: str, folders: Iterable[str]) -> bool:
    listed = [f.strip().strip("./").split("/")[0] for f in folders if f.strip()]
    return _EXAMPLE_NAME.match(name) is not None or (
        bool(listed) and all(f.lower() in _EXAMPLE_FOLDERS for f in listed)
    )


def parse_cabal(path: str, text: str) -> Parsed:
    headers = list(_CABAL_SECTION.finditer(text))
    sections = []  # (offset, kind): an example program's section reads as a test's
    programs = 0
    for index, header in enumerate(headers):
        kind = header.group(1).lower()
        if kind == "executable":
            stop = headers[index + 1].start() if index + 1 < len(headers) else len(text)
            dirs = _CABAL_SOURCE_DIRS.findall(text, header.end(), stop)
            folders = [f for line in dirs for f in re.split(r"[,\s]+", line)]
            if _example_program(header.group(2).strip(), folders):
                kind = "example"
            else:
                programs += 1
        sections.append((header.start(), kind))
    library = next((at for at, kind in sections if kind == "library"), None)

    def found() -> Iterator[tuple[str, str, int, str]]:
        if library is not None and not programs:
            yield "cabal", "library", library, "library: no program of its own"
        for field in _CABAL_FIELD.finditer(text):
            indent = _indent(field.group(1))
            first, *rest = text[field.end() :].split("\n")
            body = [first]
            for line in rest:
                stripped = line.strip()
                if stripped.startswith("--"):
                    continue
                if stripped and _indent(line) <= indent:
                    break
                body.append(line)
            section = next((name for at, name in reversed(sections) if at < field.start()), "")
            devdep = section in ("test-suite", "benchmark", "example")
            role = "cabal.devdep" if devdep else "cabal.dep"
            for name in _CABAL_NAME.findall(" ".join(body)):
                if name.lower() != "base":
                    yield role, name, field.start(), f"build-depends: {name}"

    return _facts("cabal", path, text, found())


def _indent(line: str) -> int:
    expanded = line.expandtabs()
    return len(expanded) - len(expanded.lstrip())


# A dependency written with its version range: `aeson >= 2.0`, `base>=4.7 && <5`.
_HPACK_NAME = re.compile(r"[^\s<>=]+")


def parse_hpack(path: str, text: str) -> Parsed:
    data = load_yaml_mapping(text, empty=True)

    def names(value: object) -> Iterator[str]:
        for item in list(value) if isinstance(value, (list, dict)) else [value]:
            name = _HPACK_NAME.match(item.strip()) if isinstance(item, str) else None
            if name is not None:
                yield name.group(0)

    def found() -> Iterator[tuple[str, str, int, str]]:
        sections: list[tuple[str, object]] = [("cabal.dep", data.get("dependencies"))]
        programs = 0
        for key, role in (
            ("library", "cabal.dep"),
            ("executables", "cabal.dep"),
            ("tests", "cabal.devdep"),
            ("benchmarks", "cabal.devdep"),
        ):
            section = data.get(key)
            if key == "library":
                components = [("", section)]
            else:
                components = list(section.items()) if isinstance(section, dict) else []
            for name, component in components:
                if not isinstance(component, dict):
                    continue
                dirs = component.get("source-dirs")
                folders = (
                    [dirs] if isinstance(dirs, str) else dirs if isinstance(dirs, list) else []
                )
                example = key == "executables" and _example_program(
                    str(name), [f for f in folders if isinstance(f, str)]
                )
                programs += key == "executables" and not example
                sections.append(
                    ("cabal.devdep" if example else role, component.get("dependencies"))
                )
        if "library" in data and not programs:
            yield "cabal", "library", max(text.find("library"), 0), "library: no program of its own"
        for role, value in sections:
            for name in names(value):
                if name.lower() != "base":
                    offset = max(text.find(name), 0)
                    yield role, name, offset, f"dependencies: {name}"

    return _facts("hpack", path, text, found())


# --- OCaml: dune, dune-project, *.opam -----------------------------------------------------

_DUNE_LIBRARIES = re.compile(r"\(\s*libraries\b([^()]*)\)")
_DUNE_DEPENDS = re.compile(r"\(\s*depends\b")
_OPAM_DEPENDS = re.compile(r"^depends\s*:\s*\[", re.MULTILINE)
_OCAML_NAME = re.compile(r"[a-z][\w.-]*")
_OPAM_NAME = re.compile(r"\"([a-z][\w-]*)\"")
_DUNE_DEPEND = re.compile(r"(?:^|[\s(])([a-z][\w-]*)")
_OCAML_TOOLCHAIN = frozenset({"ocaml", "dune", "odoc", "ocamlfind"})


def parse_dune(path: str, text: str) -> Parsed:
    """A dune file's `(libraries ...)` and a dune-project's `(depends ...)`."""

    def found() -> Iterator[tuple[str, str, int, str]]:
        for match in _DUNE_LIBRARIES.finditer(text):
            for name in _OCAML_NAME.findall(match.group(1)):
                library = name.split(".")[0]
                yield "opam.dep", library, match.start(), f"(libraries {library})"
        for match in _DUNE_DEPENDS.finditer(text):
            body = _enclosed(text, match.start(), "(", ")")
            # `(depends ocaml (dream (>= 1.0)) caqti)`: the names at the list's top level,
            # and the first word of each nested list.
            for name in _DUNE_DEPEND.findall(body, len("(depends")):
                if name not in _OCAML_TOOLCHAIN and name not in ("and", "or", "with-test"):
                    yield "opam.dep", name, match.start(), f"(depends {name})"

    return _facts("dune", path, text, found())


def parse_opam(path: str, text: str) -> Parsed:
    def found() -> Iterator[tuple[str, str, int, str]]:
        for match in _OPAM_DEPENDS.finditer(text):
            body = _enclosed(text, match.end() - 1, "[", "]")
            for name in _OPAM_NAME.findall(body):
                if name not in _OCAML_TOOLCHAIN:
                    yield "opam.dep", name, match.start(), f'depends: "{name}"'

    return _facts("opam", path, text, found())


# --- Clojure: deps.edn and project.clj ------------------------------------------------------

_CLJ_COORD = re.compile(r"([A-Za-z][\w.\-]*(?:/[A-Za-z][\w.\-]*)?)\s+(?=\{|\")")
_CLJ_DEPS_KEY = re.compile(r":(?:deps|dependencies)\s*([\[{])")
_CLJ_DEV = re.compile(r":(?:dev|test)\b")
_CLJ_DELIMITERS = frozenset('[]{}()";')


def parse_clojure_deps(path: str, text: str) -> Parsed:
    """The coordinates of a `:deps` map (deps.edn) or a `:dependencies` vector (project.clj),
    in the order written; those under a `:dev` or `:test` alias or profile are dev ones."""

    def found() -> Iterator[tuple[str, str, int, str]]:
        for match in _CLJ_DEPS_KEY.finditer(text):
            close = "]" if match.group(1) == "[" else "}"
            body = _enclosed(text, match.end() - 1, match.group(1), close, comment=";")
            dev = _CLJ_DEV.search(text[max(0, match.start() - 200) : match.start()]) is not None
            role = "clj.devdep" if dev else "clj.dep"
            depth = 0
            index = 1
            while index < len(body):
                char = body[index]
                if char == '"':
                    # (a string, `{:local/root "./shared"}`: its brackets and words are text)
                    index = _string_end(body, index + 1, len(body)) + 1
                    continue
                if char == ";":  # a comment, to the end of its line
                    index = _line_end(body, index)
                    continue
                if char in "[{(":
                    depth += 1
                elif char in "]})":
                    depth -= 1
                elif depth <= 1 and char.isalpha():
                    coord = _CLJ_COORD.match(body, index)
                    if coord is not None and depth == (1 if close == "]" else 0):
                        name = coord.group(1).rsplit("/", 1)[-1]
                        if name != "clojure":
                            yield role, name, match.start(), coord.group(1)
                        index = coord.end()
                        continue
                    while index < len(body) and not body[index].isspace():
                        if body[index] in _CLJ_DELIMITERS:
                            break  # (a symbol ends at a bracket, `ring/ring-core]`)
                        index += 1
                    continue
                index += 1

    return _facts("clojure-deps", path, text, found())


def _enclosed(
    text: str, start: int, opener: str, close: str, limit: int = 50000, comment: str = ""
) -> str:
    """The bracketed form opening at `start` (through its closing bracket, or the rest up to
    `limit` characters when it never closes); brackets inside double-quoted strings, and in
    line comments when `comment` names their opening character, do not count."""
    depth = 0
    index = start
    end = min(len(text), start + limit)
    while index < end:
        char = text[index]
        if char == '"':
            index = _string_end(text, index + 1, end)
        elif comment and char == comment:
            index = _line_end(text, index) - 1
        elif char == opener:
            depth += 1
        elif char == close:
            depth -= 1
            if depth == 0:
                return text[start : index + 1]
        index += 1
    return text[start:end]


def _line_end(text: str, index: int) -> int:
    """The offset of the newline ending the line `index` is on (or the text's length)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found


def _string_end(text: str, index: int, end: int) -> int:
    """The offset of the quote closing a string whose body starts at `index`."""
    while index < end and text[index] != '"':
        index += 2 if text[index] == "\\" else 1
    return index


# --- Crystal: shard.yml ---------------------------------------------------------------------


def parse_shard_yml(path: str, text: str) -> Parsed:
    data = load_yaml_mapping(text, empty=True)

    def found() -> Iterator[tuple[str, str, int, str]]:
        for section, role in (
            ("dependencies", "shard.dep"),
            ("development_dependencies", "shard.devdep"),
        ):
            entries = data.get(section)
            if isinstance(entries, dict):
                for name in entries:
                    offset = max(text.find(f"{name}:"), 0)
                    yield role, str(name), offset, f"{section}: {name}"

    return _facts("shard-yml", path, text, found())


# --- Nim: *.nimble --------------------------------------------------------------------------

_NIMBLE_REQUIRES = re.compile(r"^\s*requires\b(.*)$", re.MULTILINE)
_NIMBLE_NAME = re.compile(r"\"\s*([A-Za-z][\w-]*)")


def parse_nimble(path: str, text: str) -> Parsed:
    def found() -> Iterator[tuple[str, str, int, str]]:
        for match in _NIMBLE_REQUIRES.finditer(text):
            for name in _NIMBLE_NAME.findall(match.group(1)):
                if name.lower() != "nim":
                    yield "nimble.dep", name, match.start(), f'requires "{name}"'

    return _facts("nimble", path, text, found())


# --- Lua: *.rockspec ------------------------------------------------------------------------

_ROCK_DEPENDENCIES = re.compile(r"^\s*(dependencies|test_dependencies)\s*=\s*\{", re.MULTILINE)
_ROCK_NAME = re.compile(r"[\"']\s*([A-Za-z][\w.-]*)")


def parse_rockspec(path: str, text: str) -> Parsed:
    def found() -> Iterator[tuple[str, str, int, str]]:
        for match in _ROCK_DEPENDENCIES.finditer(text):
            body = _enclosed(text, match.end() - 1, "{", "}")
            role = "rock.devdep" if match.group(1) == "test_dependencies" else "rock.dep"
            for name in _ROCK_NAME.findall(body):
                if name.lower() not in ("lua", "luajit"):
                    yield role, name, match.start(), f"{match.group(1)}: {name}"

    return _facts("rockspec", path, text, found())


# --- Swift: Package.swift ------------------------------------------------------------------

# SwiftPM's manifest is Swift code; its dependencies are `.package(url: ".../vapor.git", ...)`
# calls, named by the repository (`spm.dep.vapor`). A package whose products are libraries and
# which builds no executable is one for other packages to depend on (`spm.library`).
_SPM_PACKAGE = re.compile(
    r"\.package\s*\(\s*(?:name\s*:\s*\"[^\"\n]{0,100}\"\s*,\s*)?url\s*:\s*\"([^\"\n]{1,300})\""
)
_SPM_LIBRARY = re.compile(r"\.library\s*\(")
_SPM_EXECUTABLE = re.compile(r"\.executable(?:Target)?\s*\(")


def parse_package_swift(path: str, text: str) -> Parsed:
    def found() -> Iterator[tuple[str, str, int, str]]:
        for match in _SPM_PACKAGE.finditer(text):
            url = match.group(1).rstrip("/")
            name = url.rpartition("/")[2].removesuffix(".git")
            if name:
                yield "spm.dep", name, match.start(), f".package(url: {_short_url(url)})"
        library = _SPM_LIBRARY.search(text)
        if library is not None and _SPM_EXECUTABLE.search(text) is None:
            yield "spm", "library", library.start(), ".library(...) and no executable"

    return _facts("package-swift", path, text, found())


def _short_url(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."


# --- Zig: build.zig.zon ---------------------------------------------------------------------

_ZON_DEPENDENCIES = re.compile(r"\.dependencies\s*=\s*\.\{")
_ZON_ENTRY = re.compile(r"\.(@\"[^\"\n]{1,80}\"|[A-Za-z_][\w]*)\s*=\s*\.\{")


def parse_build_zig_zon(path: str, text: str) -> Parsed:
    def found() -> Iterator[tuple[str, str, int, str]]:
        for match in _ZON_DEPENDENCIES.finditer(text):
            body = _enclosed(text, match.end() - 1, "{", "}")
            depth = 0
            for index, char in enumerate(body):
                if char == "{":
                    depth += 1
                elif char == "}":
                    depth -= 1
                elif char == "." and depth == 1:
                    entry = _ZON_ENTRY.match(body, index)
                    if entry is not None:
                        name = entry.group(1).removeprefix('@"').removesuffix('"')
                        yield "zig.dep", name, match.start(), f".dependencies: .{name}"

    return _facts("build-zig-zon", path, text, found())


# --- .NET: Paket's paket.dependencies -------------------------------------------------------

_PAKET_NUGET = re.compile(r"^[ \t]*nuget[ \t]+([A-Za-z][\w.\-]*)", re.MULTILINE)
_PAKET_GROUP = re.compile(r"^[ \t]*group[ \t]+(\S+)", re.MULTILINE)


def parse_paket_dependencies(path: str, text: str) -> Parsed:
    """Its NuGet packages; a group named for tests or the build (FAKE) holds dev ones."""
    groups = [(m.start(), m.group(1).lower()) for m in _PAKET_GROUP.finditer(text)]

    def found() -> Iterator[tuple[str, str, int, str]]:
        for match in _PAKET_NUGET.finditer(text):
            group = next((g for start, g in reversed(groups) if start < match.start()), "main")
            dev = group != "main" and any(w in group for w in ("test", "build", "fake", "docs"))
            role = "nuget.devdep" if dev else "nuget.dep"
            yield role, match.group(1), match.start(), f"nuget {match.group(1)}"

    return _facts("paket-dependencies", path, text, found())


# --- R: a package's DESCRIPTION -------------------------------------------------------------

# Debian control format: `Field: value`, continued on indented lines. A DESCRIPTION without a
# `Package:` field is some other project's prose file of that name: read, and nothing found.
_DCF_FIELD = re.compile(r"^([A-Za-z][\w.]*)[ \t]*:(.*(?:\n[ \t]+.*)*)", re.MULTILINE)
_R_DEP_FIELDS = {"depends": "r.dep", "imports": "r.dep", "linkingto": "r.dep"}
_R_DEV_FIELDS = {"suggests": "r.devdep"}
_R_NAME = re.compile(r"([A-Za-z][\w.]*)\s*(?:\([^)]*\))?\s*(?:,|$)")


def parse_r_description(path: str, text: str) -> Parsed:
    """An R package: `r.package` (its `Package:` name) and its Depends, Imports and
    LinkingTo packages as `r.dep.<name>` (Suggests as `r.devdep.<name>`); R itself is no
    dependency."""
    fields = [(m.group(1).lower(), m.group(2), m.start()) for m in _DCF_FIELD.finditer(text)]
    package = next(((value.strip(), at) for key, value, at in fields if key == "package"), None)
    if package is None or not re.fullmatch(r"[A-Za-z][\w.]*", package[0]):
        return Parsed("unrecognized", ())

    def found() -> Iterator[tuple[str, str, int, str]]:
        for key, value, at in fields:
            role = _R_DEP_FIELDS.get(key) or _R_DEV_FIELDS.get(key)
            if role is None:
                continue
            for name in _R_NAME.findall(" ".join(value.split())):
                if name != "R":
                    yield role, name, at, f"{key.capitalize()}: {name}"

    parsed = _facts("r-description", path, text, found())
    line = Lines(text).number(package[1])
    named = fact("r.package", path, line, f"Package: {package[0]}")
    return parsed._replace(facts=(parsed.facts[0], named, *parsed.facts[1:]))


# --- Julia: Project.toml --------------------------------------------------------------------

# Only Pkg's own file is read: a Project.toml whose `[deps]` maps names to UUIDs.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def parse_julia_project(path: str, text: str) -> Parsed:
    """A Julia project's `[deps]` (`julia.dep.<name>`) and `[extras]` (`julia.devdep.<name>`,
    the test-only packages); a Project.toml of another tool is passed over."""
    from stackcheck.facts.manifests.deploy import load_toml

    data = load_toml(text)
    tables = {key: data.get(key) for key in ("deps", "extras")}
    if not any(
        isinstance(t, dict) and any(isinstance(v, str) and _UUID.fullmatch(v) for v in t.values())
        for t in tables.values()
    ):
        return Parsed("unrecognized", ())

    def found() -> Iterator[tuple[str, str, int, str]]:
        for key, role in (("deps", "julia.dep"), ("extras", "julia.devdep")):
            table = tables[key]
            if isinstance(table, dict):
                for name in table:
                    offset = max(text.find(f"{name} ="), text.find(f"{name}="), 0)
                    yield role, str(name), offset, f"[{key}] {name}"

    return _facts("julia-project", path, text, found())
