"""Mobile-app markers: AndroidManifest.xml, Xcode project files and Flutter's pubspec.yaml.

(CocoaPods' Podfile shares the Ruby lexer and lives in `ruby.py`; the Android
Gradle plugin is recognised in `jvm.py`.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TypeAlias

from stackcheck.facts import Fact, fact
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.ecosystems.common import (
    load_yaml_mapping,
    local_name,
    manifest_fact,
    parse_xml,
)
from stackcheck.facts.manifests.line_index import LineIndex

# --- AndroidManifest.xml ----------------------------------------------------------------------


def parse_android_manifest(path: str, text: str) -> Parsed:
    root = parse_xml(text)
    if local_name(root.tag) != "manifest":
        raise MalformedManifest(f"root element is <{local_name(root.tag)}>, not <manifest>")
    package = root.get("package")
    detail = f'<manifest package="{package}">' if package else "Android app manifest"
    facts = (
        manifest_fact("android-manifest", path),
        fact("mobile.android", path, LineIndex(text).containing("<manifest"), detail),
    )
    return Parsed("android-manifest", facts)


# --- *.xcodeproj/project.pbxproj --------------------------------------------------------------

# The OpenStep ("old-style") property list that Xcode writes: dictionaries, arrays,
# quoted and bare strings, hex data, C comments.
_PLIST_TOKEN = re.compile(
    r"""(?P<ws>\s+)
    | (?P<comment>//[^\n]*|/\*.*?\*/)
    | "(?P<quoted>(?:[^"\\]|\\.)*)"
    | (?P<word>[A-Za-z0-9_$/:.+-]+)
    | (?P<data><[0-9a-fA-F\s]*>)
    | (?P<punct>[{}();=,])
    """,
    re.VERBOSE | re.DOTALL,
)
_MAX_DEPTH = 64

Plist: TypeAlias = "str | list[Plist] | dict[str, Plist]"


def plist_tokens(text: str) -> list[str]:
    """Tokens of an old-style plist; punctuation stays as one-character tokens."""
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        match = _PLIST_TOKEN.match(text, pos)
        if match is None:
            line = text.count("\n", 0, pos) + 1
            raise MalformedManifest(f"line {line}: unexpected {text[pos]!r} in property list")
        pos = match.end()
        kind = match.lastgroup
        if kind == "quoted":
            tokens.append("\0" + match.group("quoted"))  # marks a string, even "{" or ";"
        elif kind in ("word", "data"):
            tokens.append("\0" + match.group())
        elif kind == "punct":
            tokens.append(match.group())
    return tokens


def parse_plist(tokens: list[str]) -> Plist:
    value, end = _plist_value(tokens, 0, 0)
    if end != len(tokens):
        raise MalformedManifest("text after the property list")
    return value


def _plist_value(tokens: list[str], index: int, depth: int) -> tuple[Plist, int]:
    if depth > _MAX_DEPTH:
        raise MalformedManifest("property list nested too deeply")
    if index >= len(tokens):
        raise MalformedManifest("property list ends early")
    token = tokens[index]
    if token.startswith("\0"):
        return token[1:], index + 1
    if token == "{":
        return _plist_dict(tokens, index + 1, depth)
    if token == "(":
        return _plist_array(tokens, index + 1, depth)
    raise MalformedManifest(f"unexpected {token!r} in property list")


def _plist_dict(tokens: list[str], index: int, depth: int) -> tuple[Plist, int]:
    found: dict[str, Plist] = {}
    while _peek(tokens, index) != "}":
        key = _peek(tokens, index)
        if not key.startswith("\0") or _peek(tokens, index + 1) != "=":
            raise MalformedManifest("expected 'key =' in property list")
        found[key[1:]], index = _plist_value(tokens, index + 2, depth + 1)
        if _peek(tokens, index) != ";":
            raise MalformedManifest("expected ';' in property list")
        index += 1
    return found, index + 1


def _plist_array(tokens: list[str], index: int, depth: int) -> tuple[Plist, int]:
    found: list[Plist] = []
    while _peek(tokens, index) != ")":
        value, index = _plist_value(tokens, index, depth + 1)
        found.append(value)
        if _peek(tokens, index) == ",":
            index += 1
        elif _peek(tokens, index) != ")":
            raise MalformedManifest("expected ',' or ')' in property list")
    return found, index + 1


def _peek(tokens: list[str], index: int) -> str:
    if index >= len(tokens):
        raise MalformedManifest("property list ends early")
    return tokens[index]


def parse_pbxproj(path: str, text: str) -> Parsed:
    root = parse_plist(plist_tokens(text))
    objects = root.get("objects") if isinstance(root, dict) else None
    if not isinstance(objects, dict):
        raise MalformedManifest("no objects table (not an Xcode project)")
    lines = LineIndex(text)
    facts = [manifest_fact("xcodeproj", path)]
    platforms: dict[str, str] = {}
    # One fact per platform, shown by its plainest setting: SDKROOT when there is one.
    for sdk, setting in sorted(set(_sdk_platforms(objects)), key=_sdkroot_first):
        platforms.setdefault(sdk, setting)
    for sdk, setting in sorted(platforms.items()):
        facts.append(fact(f"xcode.platform.{sdk}", path, lines.assignment(setting), setting))
    if "iphoneos" in platforms:
        setting = platforms["iphoneos"]
        line = lines.assignment(setting)
        facts.append(fact("mobile.ios", path, line, f"Xcode project: {setting}"))
    return Parsed("xcodeproj", tuple(facts))


def _sdkroot_first(item: tuple[str, str]) -> tuple[bool, str, str]:
    return (not item[1].startswith("SDKROOT"), *item)


def _sdk_platforms(objects: Mapping[str, Plist]) -> Iterator[tuple[str, str]]:
    """(sdk, "SETTING = value") for every platform the build configurations target."""
    for entry in objects.values():
        if not isinstance(entry, dict) or entry.get("isa") != "XCBuildConfiguration":
            continue
        settings = entry.get("buildSettings")
        if not isinstance(settings, dict):
            continue
        sdk = settings.get("SDKROOT")
        if isinstance(sdk, str) and sdk not in ("", "auto"):
            yield sdk.lower(), f"SDKROOT = {sdk}"
        supported = settings.get("SUPPORTED_PLATFORMS")
        if isinstance(supported, str):
            for name in supported.split():
                if not name.endswith("simulator"):
                    yield name.lower(), f"SUPPORTED_PLATFORMS = {supported}"
        if "IPHONEOS_DEPLOYMENT_TARGET" in settings:
            target = settings["IPHONEOS_DEPLOYMENT_TARGET"]
            yield "iphoneos", f"IPHONEOS_DEPLOYMENT_TARGET = {target}"


# --- pubspec.yaml -----------------------------------------------------------------------------


def parse_pubspec(path: str, text: str) -> Parsed:
    data = load_yaml_mapping(text)
    lines = LineIndex(text)
    facts = [manifest_fact("pubspec", path)]
    deps = 0
    flutter: Fact | None = None
    for section, role in (("dependencies", "dep"), ("dev_dependencies", "devdep")):
        entries = data.get(section) or {}
        if not isinstance(entries, dict):
            raise MalformedManifest(f"{section} is not a mapping")
        for name, spec in sorted(entries.items(), key=lambda item: str(item[0])):
            line = lines.yaml_key(str(name))
            if isinstance(spec, dict) and "sdk" in spec:
                if name == "flutter" and role == "dep":
                    flutter = fact("mobile.flutter", path, line, "dependencies: flutter (sdk)")
                continue  # SDK packages come with the toolchain
            facts.append(
                fact(
                    f"pub.{role}.{str(name).lower()}",
                    path,
                    line,
                    f"{name}: {_pub_spec(spec)} ({section})",
                )
            )
            deps += role == "dep"
    if flutter is None and isinstance(data.get("flutter"), dict):
        flutter = fact("mobile.flutter", path, lines.yaml_key("flutter"), "flutter: section")
    if flutter is not None:
        facts.append(flutter)
    return Parsed("pubspec", tuple(facts), deps)


def _pub_spec(spec: object) -> str:
    if isinstance(spec, dict):
        return next(
            (f"{k} {v}" for k, v in spec.items() if k in ("path", "git", "hosted")), "{...}"
        )
    return "any" if spec is None else str(spec)
