"""Helpers shared by the parsers of other ecosystems: manifest facts, line lookup, safe XML.

Parsers built on tomllib, json, YAML or ElementTree get no positions back, so evidence lines
come from a best-effort search of the text for the name that was found.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from stackcheck.facts import Fact, fact
from stackcheck.facts.manifests import MalformedManifest

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


def manifest_fact(kind: str, path: str) -> Fact:
    """One `manifest.<kind>` fact per manifest read."""
    return fact(f"manifest.{kind}", path, None, f"{kind} manifest")


def line_of(lines: Sequence[str], *needles: str, after: int = 0) -> int | None:
    """1-based number of the first line past line `after` holding every needle, or None."""
    for number, line in enumerate(lines[after:], start=after + 1):
        if all(needle in line for needle in needles):
            return number
    return None


def parse_xml(text: str) -> Element:
    """Parse XML with DTDs, entity declarations and external references all refused.

    Manifests never need a DTD, so refusing it outright also stops entity bombs before
    any expansion happens.
    """
    import xml.etree.ElementTree as StdET

    import defusedxml
    import defusedxml.ElementTree as SafeET

    try:
        root: Element = SafeET.fromstring(
            text, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DTDForbidden as exc:
        raise MalformedManifest("DTD not allowed in a manifest") from exc
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as exc:
        raise MalformedManifest("entity declarations not allowed in a manifest") from exc
    except defusedxml.DefusedXmlException as exc:
        raise MalformedManifest(f"unsafe XML: {type(exc).__name__}") from exc
    except StdET.ParseError as exc:
        raise MalformedManifest(f"invalid XML: {exc}") from exc
    except ValueError as exc:  # expat refuses some str inputs (e.g. a conflicting encoding)
        raise MalformedManifest(f"invalid XML: {exc}") from exc
    return root


def local_name(tag: object) -> str:
    """`{namespace}name` -> `name`; comments and processing instructions have no str tag."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: Element, name: str) -> Iterator[Element]:
    """Direct children with the given local name, whatever their namespace."""
    return (child for child in element if local_name(child.tag) == name)


def child_text(element: Element, name: str) -> str:
    """Stripped text of the first direct child with that local name, or ''."""
    for child in children(element, name):
        return (child.text or "").strip()
    return ""


def toml_key_line(lines: Sequence[str], key: str, section: str = "") -> int | None:
    """Line of `key = ...`, `key.x = ...`, `"key" = ...` or a `[....key]` header.

    With a section name, the search starts at that `[section]` header.
    """
    start = 0
    if section:
        header = line_of(lines, f"[{section}]")
        start = header if header is not None else 0
    quoted = f'"{key}"'
    for number, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        for form in (key, quoted):
            rest = stripped[len(form) :].lstrip() if stripped.startswith(form) else None
            if rest is not None and rest[:1] in ("=", "."):
                return number
        if stripped.startswith("[") and stripped.rstrip("]").endswith(f".{key}"):
            return number
    return None


def json_key_line(lines: Sequence[str], key: str) -> int | None:
    """Line of the first `"key"` in a JSON text."""
    return line_of(lines, f'"{key}"')


def skip_quoted(
    text: str, pos: int, close: str, line: int, *, opener: str = "", interpolation: str = "#{"
) -> int:
    """Position just past the delimiter closing a literal whose body starts at `pos`.

    Backslash escapes are skipped; interpolation (`#{...}` in Ruby and Elixir, `${...}` in
    Groovy and Kotlin; "" for none) may hold quotes of its own; bracket delimiters nest
    (`%w[a [b]]`, `~w(a (b))`).
    """
    depth = 0  # interpolation nesting
    nesting = 0  # nested opener/close pairs in the literal itself
    while pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if depth == 0:
            if opener and char == opener:
                nesting += 1
            elif char == close:
                if nesting == 0:
                    return pos + 1
                nesting -= 1
            elif interpolation and text.startswith(interpolation, pos):
                depth = 1
                pos += len(interpolation)
                continue
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char in "\"'":
            inner = interpolation if char == '"' else ""
            pos = skip_quoted(text, pos + 1, char, line, interpolation=inner) - 1
        pos += 1
    raise MalformedManifest(f"line {line}: string not closed")


def load_json_object(text: str) -> dict[str, object]:
    """A JSON document whose top level is an object; MalformedManifest otherwise."""
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise MalformedManifest(f"invalid JSON: {str(exc)[:80]}") from exc
    if not isinstance(data, dict):
        raise MalformedManifest("top level is not a JSON object")
    return data
