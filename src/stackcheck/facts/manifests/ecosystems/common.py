"""Helpers shared by the parsers of other ecosystems: manifest facts, safe XML, literals.

Parsers built on tomllib, json, YAML or ElementTree get no positions back: their evidence
lines come from `stackcheck.facts.manifests.line_index`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from stackcheck.facts import Fact, fact
from stackcheck.facts.manifests import MalformedManifest

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element


def manifest_fact(kind: str, path: str) -> Fact:
    """One `manifest.<kind>` fact per manifest read."""
    return fact(f"manifest.{kind}", path, None, f"{kind} manifest")


def load_yaml_mapping(text: str, *, empty: bool = False) -> dict[object, object]:
    """A YAML manifest's top-level mapping, read as plain data only (bounded in depth and
    alias expansion); with `empty`, a file holding nothing is an empty mapping."""
    from stackcheck.facts import safeyaml

    data = safeyaml.load(text)
    if data is None and empty:
        return {}
    if not isinstance(data, dict):
        raise MalformedManifest("top level is not a mapping")
    return data


# A document type declaration that only names a public DTD (`<!DOCTYPE web-app PUBLIC
# "-//Sun Microsystems, Inc.//DTD Web Application 2.3//EN" "http://...">`, as every servlet
# 2.2 and 2.3 descriptor begins): no declarations of its own, so nothing to expand. It is
# blanked (its lines kept) before parsing; one with an internal subset (`[ ... ]`, where
# entities are declared) is still refused.
# (Only the public form: a bare `SYSTEM` reference names nothing anyone publishes, and is
# refused with the rest.)
_EXTERNAL_DOCTYPE = re.compile(
    r"<!DOCTYPE\s+[\w:.-]+\s+PUBLIC\s+(?:\"[^\"<>\[]*\"|'[^'<>\[]*')\s*"
    r"(?:\"[^\"<>\[]*\"|'[^'<>\[]*')?\s*>"
)


def _without_external_doctype(text: str) -> str:
    head = text[:4096]
    found = _EXTERNAL_DOCTYPE.search(head) if "<!DOCTYPE" in head else None
    if found is None:
        return text
    blank = "\n" * found.group(0).count("\n")
    return text[: found.start()] + blank + text[found.end() :]


def parse_xml(text: str) -> Element:
    """Parse XML with DTDs, entity declarations and external references all refused.

    Manifests never need a DTD, so refusing it outright also stops entity bombs before
    any expansion happens. (A declaration that only names a public DTD is blanked first:
    it declares nothing.)
    """
    import xml.etree.ElementTree as StdET

    import defusedxml
    import defusedxml.ElementTree as SafeET

    text = _without_external_doctype(text)

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
