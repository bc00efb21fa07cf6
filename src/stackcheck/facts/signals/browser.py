"""JavaScript and TypeScript that runs in a browser: code that presents, not code that serves.

Two scanners must tell a front end from a server: the real-time scanner (a socket opened in
the browser is a client) and the trading-domain reading (an order book drawn in a page is a
dashboard, fintech by the rubric, not a trading system). Both take these signs from here.
"""

from __future__ import annotations

from stackcheck.facts.signals.led import any_match, js_imports_of, led

# Folders holding code that runs in the browser.
CLIENT_FOLDERS = frozenset({"public", "static", "dist", "assets", "client", "frontend", "www"})
# The page's globals, used as objects (`document.getElementById`, `window.location`).
DOM = tuple(
    led(rf"{name}\s*\.", "$.", word=True)
    for name in ("document", "window", "navigator", "localStorage")
)
# A browser UI framework loaded by the module (a component, a hook, a store of a front end).
UI_FRAMEWORK_IMPORT = js_imports_of(
    r"(?:react|react-dom|react-native|preact|vue|svelte|solid-js|lit|@angular/core)"
    r"(?:/[^'\"\n]*)?"
)


def in_client_folder(path: str) -> bool:
    return not {part.lower() for part in path.split("/")[:-1]}.isdisjoint(CLIENT_FOLDERS)


def presents(path: str, code: str, literal: str) -> bool:
    """A script kept with the browser's code, or one that loads a UI framework or uses the
    page. `code` has comments and string contents blanked, `literal` comments alone."""
    return (
        path.endswith((".tsx", ".jsx"))
        or in_client_folder(path)
        or any_match(UI_FRAMEWORK_IMPORT, literal)
        or any_match(DOM, code)
    )
