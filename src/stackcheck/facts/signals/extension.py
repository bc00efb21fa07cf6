"""Browser extensions: a `manifest.json` (or a browser's or version's variant of it,
`manifest.v3.json`) with a `manifest_version` (WebExtensions, Chrome,
Firefox, Edge). Its popup and options pages are HTML the browser installs with it, not a
site anyone serves; a web app's `manifest.json` (a PWA's) has no `manifest_version`.

Facts:
    ext.browser     a browser extension's manifest (evidence: its name and version)
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import (
    EXTENSION_MANIFESTS,
    FILE_SCANNERS,
    FileScanner,
    NotAnalysable,
)
from stackcheck.facts.signals.tokens import Lines

# What an extension declares besides its name: the parts of the browser it adds to.
EXTENSION_KEYS = frozenset(
    {
        "background",
        "content_scripts",
        "action",
        "browser_action",
        "page_action",
        "permissions",
        "host_permissions",
        "options_page",
        "options_ui",
        "devtools_page",
        "chrome_url_overrides",
        "side_panel",
    }
)


def scan_manifest(path: str, text: str) -> Iterator[Fact]:
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except ValueError as exc:
        raise NotAnalysable("not JSON") from exc
    if not isinstance(data, dict):
        return
    version = data.get("manifest_version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in (1, 2, 3):
        return
    if not any(_declares(key, data[key]) for key in EXTENSION_KEYS.intersection(data)):
        return
    at = text.find('"manifest_version"')
    line = Lines(text).number(at) if at >= 0 else None
    name = data.get("name")
    detail = f"browser extension (manifest version {version})"
    if isinstance(name, str) and name and not name.startswith("__MSG_"):
        detail = f"{detail}: {name[:60]}"
    yield fact("ext.browser", path, line, detail)


# A toolbar button is one even when empty (its click goes to the background script); the
# other parts add nothing when left empty, as a web app's manifest copied from an
# extension's leaves them (`"background": {}`, `"permissions": []` beside `start_url`).
BUTTON_KEYS = frozenset({"action", "browser_action", "page_action"})


def _declares(key: str, value: object) -> bool:
    return key in BUTTON_KEYS or value not in (None, "", [], {})


def _wants(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in EXTENSION_MANIFESTS


FILE_SCANNERS.append(
    FileScanner(
        "browser-extension",
        _wants,
        scan_manifest,
        (b'"manifest_version"',),
        endings=(".json",),
    )
)
