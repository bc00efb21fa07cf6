"""Native-code manifests: CMake, Conan, vcpkg and PlatformIO (firmware).

CMakeLists.txt is read with CMake's own command grammar (commands, quoted, bracket and
unquoted arguments, line and bracket comments); conanfile.py is parsed with `ast` and never
run; conanfile.txt and platformio.ini are INI files for configparser; vcpkg.json is JSON.
"""

from __future__ import annotations

import ast
import configparser
import re
import warnings
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from stackcheck.facts import Fact, fact
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.ecosystems.common import (
    load_json_object,
    manifest_fact,
    skip_quoted,
)
from stackcheck.facts.manifests.line_index import LineIndex

# --- CMakeLists.txt ---------------------------------------------------------------------------

_CMAKE_TOP = re.compile(
    r"""(?P<ws>\s+)
    | (?P<bracket_comment>\#\[(?P<eq>=*)\[)
    | (?P<comment>\#[^\n]*)
    | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)[ \t]*\(
    """,
    re.VERBOSE,
)
_CMAKE_ARG = re.compile(
    r"""(?P<ws>\s+)
    | (?P<bracket_comment>\#\[(?P<ceq>=*)\[)
    | (?P<comment>\#[^\n]*)
    | (?P<open>\()
    | (?P<close>\))
    | (?P<bracket>\[(?P<eq>=*)\[)
    | (?P<quoted>")
    | (?P<unquoted>(?:[^\s()#"\\]|\\.)+)
    """,
    re.VERBOSE | re.DOTALL,
)
# A compiler flag inside an argument: "-O3 -march=native", "$<$<CONFIG:Release>:-flto>".
_FLAG = re.compile(r"(?<![\w-])-[A-Za-z][\w=+.-]*")
_FLAG_KEYS = {
    "-O3": ("cmake.flag.o3",),
    "-Ofast": ("cmake.flag.o3", "cmake.flag.fast_math"),
    "-march=native": ("cmake.flag.march_native",),
    "-ffast-math": ("cmake.flag.fast_math",),
    "-flto": ("cmake.flag.lto",),
}
_IPO = frozenset({"INTERPROCEDURAL_OPTIMIZATION", "CMAKE_INTERPROCEDURAL_OPTIMIZATION"})
_TRUE = frozenset({"ON", "TRUE", "YES", "Y", "1"})


class Command(NamedTuple):
    name: str  # lower-cased: CMake command names are case-insensitive
    args: tuple[str, ...]
    line: int


def cmake_commands(text: str) -> Iterator[Command]:
    pos = 0
    line = 1
    while pos < len(text):
        match = _CMAKE_TOP.match(text, pos)
        if match is None:
            raise MalformedManifest(f"line {line}: expected a command, found {text[pos]!r}")
        start, pos = pos, match.end()
        if match.lastgroup == "bracket_comment":
            pos = _close_bracket(text, pos, match.group("eq"), line)
        elif match.lastgroup == "ident":
            command_line = line + text.count("\n", start, match.start("ident"))
            args, pos = _cmake_args(text, pos, command_line)
            yield Command(match.group("ident").lower(), tuple(args), command_line)
        line += text.count("\n", start, pos)


def _cmake_args(text: str, pos: int, line: int) -> tuple[list[str], int]:
    args: list[str] = []
    depth = 1
    while pos < len(text):
        match = _CMAKE_ARG.match(text, pos)
        if match is None:
            raise MalformedManifest(f"line {line}: unexpected {text[pos]!r} in arguments")
        kind, start, pos = match.lastgroup, pos, match.end()
        if kind == "close":
            depth -= 1
            if depth == 0:
                return args, pos
        elif kind == "open":
            depth += 1
        elif kind == "bracket_comment":
            pos = _close_bracket(text, pos, match.group("ceq"), line)
        elif kind == "bracket":
            pos = _close_bracket(text, pos, match.group("eq"), line)
            args.append(text[match.end() : pos - len(match.group("eq")) - 2])
        elif kind == "quoted":
            pos = skip_quoted(text, pos, '"', line, interpolation="")
            args.append(text[start + 1 : pos - 1])
        elif kind == "unquoted":
            args.append(match.group())
    raise MalformedManifest(f"line {line}: command not closed")


def _close_bracket(text: str, pos: int, equals: str, line: int) -> int:
    closing = f"]{equals}]"
    end = text.find(closing, pos)
    if end < 0:
        raise MalformedManifest(f"line {line}: bracket argument or comment not closed")
    return end + len(closing)


def parse_cmakelists(path: str, text: str) -> Parsed:
    facts = [manifest_fact("cmake", path)]
    packages = 0
    for command in cmake_commands(text):
        found = list(_cmake_command(path, command))
        facts.extend(found)
        packages += sum(f.key.startswith("cmake.package.") for f in found)
    return Parsed("cmake", tuple(facts), packages)


def _cmake_command(path: str, command: Command) -> Iterator[Fact]:
    name, args, line = command
    shown = f"{name}({' '.join(args[:3])}{' ...' if len(args) > 3 else ''})"
    if name == "project" and args:
        yield fact("cmake.project", path, line, shown)
    elif (
        name in ("add_executable", "add_library")
        and args
        and not ({"IMPORTED", "ALIAS"} & set(args[1:3]))
    ):
        key = "cmake.executable" if name == "add_executable" else "cmake.library"
        yield fact(key, path, line, shown)
    elif name == "find_package" and args:
        yield fact(f"cmake.package.{args[0].lower()}", path, line, shown)
    elif name == "fetchcontent_declare" and args:
        yield fact(f"cmake.fetch.{args[0].lower()}", path, line, shown)
    yield from _cmake_flags(path, command)


def _cmake_flags(path: str, command: Command) -> Iterator[Fact]:
    keys: dict[str, str] = {}
    for arg in command.args:
        for flag in _FLAG.findall(arg):
            base = "-flto" if flag.startswith("-flto=") else flag
            for key in _FLAG_KEYS.get(base, ()):
                keys.setdefault(key, flag)
    for index, arg in enumerate(command.args[:-1]):
        if arg in _IPO and command.args[index + 1].upper() in _TRUE:
            keys.setdefault("cmake.flag.lto", f"{arg} {command.args[index + 1]}")
    for key, flag in sorted(keys.items()):
        yield fact(key, path, command.line, f"{flag} in {command.name}()")


# --- Conan ------------------------------------------------------------------------------------

_CONAN_ROLES = {
    "requires": "dep",
    "tool_requires": "devdep",
    "build_requires": "devdep",
    "test_requires": "devdep",
}


def _read_ini(parser: configparser.ConfigParser, text: str) -> configparser.ConfigParser:
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        raise MalformedManifest(f"invalid INI: {str(exc).splitlines()[0][:80]}") from exc
    return parser


def parse_conanfile_txt(path: str, text: str) -> Parsed:
    # Conan reads each line of a section whole: a requirement such as "openssl/[>=3 <4]"
    # holds '=', so no delimiter may split it (NUL never occurs in a text file).
    ini = configparser.ConfigParser(
        interpolation=None,
        strict=False,
        allow_no_value=True,
        delimiters=("\0",),
        comment_prefixes=("#",),
        empty_lines_in_values=False,
    )
    ini.optionxform = str  # type: ignore[assignment,method-assign]
    # Conan strips every line; so do we, which also keeps configparser away from indented
    # continuation lines after a value-less key (it crashes on those: AttributeError).
    parser = _read_ini(ini, "\n".join(line.strip() for line in text.splitlines()))
    lines = LineIndex(text)
    facts = [manifest_fact("conanfile", path)]
    for section, role in _CONAN_ROLES.items():
        if not parser.has_section(section):
            continue
        for reference in parser.options(section):
            # The reference is its line, stripped (no delimiter splits it).
            facts.extend(_conan_fact(path, role, reference, lines.exact(reference)))
    return Parsed("conanfile", tuple(facts), len(facts) - 1)


def _conan_fact(path: str, role: str, reference: str, line: int | None) -> list[Fact]:
    name = reference.split("/", 1)[0].strip().lower()
    if not name:
        return []
    return [fact(f"conan.{role}.{name}", path, line, f"{reference.strip()} (conan {role})")]


def parse_conanfile_py(path: str, text: str) -> Parsed:
    try:
        with warnings.catch_warnings():  # the scanned file's warnings are not the user's concern
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        from stackcheck.facts.signals.python.newer import newer_syntax  # Python newer than ours

        newer = newer_syntax(text, path)
        if newer is None:
            raise MalformedManifest(f"not valid Python: {type(exc).__name__}") from exc
        tree = newer
    except (ValueError, RecursionError) as exc:
        raise MalformedManifest(f"not valid Python: {type(exc).__name__}") from exc
    facts = [manifest_fact("conanfile", path)]
    for node in ast.walk(tree):
        for attribute, value in _conan_declarations(node):
            for reference in _strings(value):
                role = _CONAN_ROLES[attribute]
                facts.extend(_conan_fact(path, role, reference, value.lineno))
    return Parsed("conanfile", tuple(facts), len(facts) - 1)


def _conan_declarations(node: ast.AST) -> Iterator[tuple[str, ast.expr]]:
    """`requires = ...` in a class body and `self.requires("x/1.0")` calls."""
    if isinstance(node, ast.ClassDef):
        for statement in node.body:
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name) and target.id in _CONAN_ROLES:
                        yield target.id, statement.value
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
        and node.func.attr in _CONAN_ROLES
        and node.args
    ):
        yield node.func.attr, node.args[0]


def _strings(value: ast.expr) -> list[str]:
    """Literal references: "a/1.0", ("a/1.0", "b/2.0"), "a/1.0, b/2.0", f"a/{v}"."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [part for part in value.value.split(",") if part.strip()]
    if isinstance(value, (ast.Tuple, ast.List)):
        return [found for element in value.elts for found in _strings(element)]
    if isinstance(value, ast.JoinedStr) and value.values:
        head = value.values[0]
        if isinstance(head, ast.Constant) and isinstance(head.value, str) and "/" in head.value:
            return [head.value + "{...}"]
    return []


# --- vcpkg.json -------------------------------------------------------------------------------


def parse_vcpkg_json(path: str, text: str) -> Parsed:
    data = load_json_object(text)
    dependencies = data.get("dependencies", [])
    if not isinstance(dependencies, list):
        raise MalformedManifest('"dependencies" is not a list')
    lines = LineIndex(text)
    facts = [manifest_fact("vcpkg-json", path)]
    for entry in dependencies:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if not isinstance(name, str) or not name:
            continue
        host = isinstance(entry, dict) and entry.get("host") is True
        role = "devdep" if host else "dep"
        detail = f"{name} (vcpkg{' host tool' if host else ''})"
        facts.append(fact(f"vcpkg.{role}.{name.lower()}", path, lines.string(name), detail))
    return Parsed("vcpkg-json", tuple(facts), len(facts) - 1)


# --- platformio.ini ---------------------------------------------------------------------------


def parse_platformio_ini(path: str, text: str) -> Parsed:
    # PlatformIO has its own ${section.key} references, so no configparser interpolation;
    # '#' only starts whole-line comments because URLs in lib_deps hold '#ref'.
    parser = _read_ini(
        configparser.ConfigParser(
            interpolation=None,
            strict=False,
            comment_prefixes=(";", "#"),
            inline_comment_prefixes=(";",),
        ),
        text,
    )
    lines = LineIndex(text)
    facts = [manifest_fact("platformio", path)]
    for section in parser.sections():
        if section != "env" and not section.startswith("env:"):
            continue
        env = parser[section]
        line = lines.header(section)
        if any(key in env for key in ("platform", "board", "framework")):
            shown = ", ".join(f"{k} = {env[k]}" for k in ("platform", "board") if k in env)
            facts.append(fact("firmware.platformio", path, line, f"[{section}] {shown}"))
        for key, prefix in (
            ("platform", "platform"),
            ("framework", "framework"),
            ("lib_deps", "lib"),
        ):
            for item in _ini_list(env.get(key, "")):
                name = _package_name(item)
                if name:
                    where = lines.item(item, (line or 0) + 1) or line
                    facts.append(fact(f"firmware.{prefix}.{name}", path, where, f"{key} = {item}"))
    deps = sum(f.key.startswith("firmware.lib.") for f in facts)
    return Parsed("platformio", tuple(facts), deps)


def _ini_list(value: str) -> Sequence[str]:
    """PlatformIO multi-values: one per line or comma-separated."""
    return [part.strip() for line in value.splitlines() for part in line.split(",") if part.strip()]


def _package_name(item: str) -> str:
    """`owner/Name @ ^1.0`, `Name`, a git URL, `symlink://...` -> lower-case name."""
    if item.startswith("${"):
        return ""  # a reference to another section's value
    if "://" in item or item.startswith("git@"):
        spec = item.split("#", 1)[0].rstrip("/").removesuffix(".git")
        name = spec.replace(":", "/").rsplit("/", 1)[-1]
    else:
        name = item.split("@", 1)[0].strip().rsplit("/", 1)[-1]
    return "-".join(name.lower().split())
