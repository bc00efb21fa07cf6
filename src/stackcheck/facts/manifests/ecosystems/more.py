"""Manifests of smaller server ecosystems, each read line by line (none is executed):

    conf/routes                  Play Framework's routes file (`GET /posts controllers.Posts.list`)
    config/routes[.yesodroutes]  Yesod's routes file (`/posts PostsR GET POST`)
    .meteor/packages             a Meteor application's packages (`meteor-base`, `mongo`)
    main.wasp                    a Wasp application's declaration (`app X { wasp: ... }`)
    cpanfile                     Perl's dependencies (`requires 'Mojolicious';`)
    rebar.config                 Erlang's dependencies (`{deps, [{cowboy, "2.9.0"}]}`)

Facts:
    web.routes_file        a framework's routes file, one per route it declares; its routes
                           are HTTP handlers too (rt.http_handlers), but for Play's assets
                           controller's, which send files (rt.file_routes)
    meteor.app             a Meteor application (its server runs the app)
    wasp.app               a Wasp application (a full-stack app: Wasp generates its Node
                           server); its `api` and `action` declarations are HTTP handlers
    meteor.package.<name>  the Meteor packages it uses
    cpan.dep.<name>        a Perl distribution required (`::` written as `-`, lower case)
    rebar.dep.<name>       an Erlang application the build depends on
"""

from __future__ import annotations

import itertools
import re

from stackcheck.facts import fact
from stackcheck.facts.manifests import Parsed
from stackcheck.facts.manifests.ecosystems.common import manifest_fact
from stackcheck.facts.signals.tokens import Lines

_HTTP = "rt.http_handlers"
_FILE_ROUTE = "rt.file_routes"
_MAX_FACTS = 2000  # a crafted file's entries beyond these say nothing more

# --- routes files ------------------------------------------------------------------------

_PLAY_ROUTE = re.compile(r"^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|\*)\s+(/\S*)\s+\S")
_YESOD_ROUTE = re.compile(r"^\s*(/\S*)\s+[A-Z]\w*R\b")


def parse_play_routes(path: str, text: str) -> Parsed:
    return _routes("play-routes", path, text, _PLAY_ROUTE, r"Play route \1 \2")


def parse_yesod_routes(path: str, text: str) -> Parsed:
    return _routes("yesod-routes", path, text, _YESOD_ROUTE, r"Yesod route \1")


# Play's own controller for the public folder's files (`controllers.Assets.versioned(...)`):
# a route that sends a file, as a static file server does (rt.file_routes).
_PLAY_ASSETS = re.compile(r"\bcontrollers\.Assets\.")
# A route whose path or action names a socket (`GET /chatSocket controllers.Chat.socket`): a
# WebSocket's mount, which Play declares as a GET; its action's `WebSocket.accept` is the
# handler (rt.ws_handlers), not an HTTP endpoint.
_SOCKET_MOUNT = re.compile(r"(?i:websocket|socket|(?<![a-z])ws(?![a-z]))")


def _routes(kind: str, path: str, text: str, pattern: re.Pattern[str], label: str) -> Parsed:
    facts = [manifest_fact(kind, path)]
    for number, line in enumerate(text.splitlines()[:_MAX_FACTS], 1):
        found = pattern.match(line)
        if found is None:
            continue
        detail = found.expand(label)
        facts.append(fact("web.routes_file", path, number, detail))
        if _SOCKET_MOUNT.search(line):
            continue
        handler = _FILE_ROUTE if _PLAY_ASSETS.search(line) else _HTTP
        facts.append(fact(handler, path, number, detail))
    return Parsed(kind, tuple(facts))


# --- .meteor/packages --------------------------------------------------------------------

_METEOR_PACKAGE = re.compile(r"^\s*([a-z0-9][\w:.-]*)(?:@\S*)?\s*(?:#.*)?$", re.IGNORECASE)


def parse_meteor_packages(path: str, text: str) -> Parsed:
    facts = [manifest_fact("meteor-packages", path), fact("meteor.app", path, None, "Meteor app")]
    packages = 0
    for number, line in enumerate(text.splitlines()[:_MAX_FACTS], 1):
        found = _METEOR_PACKAGE.match(line)
        if found is not None:
            name = found.group(1).lower()
            facts.append(fact(f"meteor.package.{name}", path, number, f"Meteor package {name}"))
            packages += 1
    return Parsed("meteor-packages", tuple(facts), packages)


# --- main.wasp ---------------------------------------------------------------------------

# `app Name {` with its `wasp: { version: ... }`; the server's operations are declared
# `action name {`, `query name {` and `api name {` (each answers a request).
_WASP_APP = re.compile(r"^app\s+(\w+)\s*\{", re.MULTILINE)
_WASP_OPERATION = re.compile(r"^(action|query|api)\s+(\w+)\s*\{", re.MULTILINE)


def parse_wasp(path: str, text: str) -> Parsed:
    app = _WASP_APP.search(text)
    if app is None or "wasp" not in text:
        return Parsed("unrecognized", ())
    lines = Lines(text)
    facts = [
        manifest_fact("wasp", path),
        fact("wasp.app", path, lines.number(app.start()), f"Wasp app {app.group(1)}"),
    ]
    for found in itertools.islice(_WASP_OPERATION.finditer(text), _MAX_FACTS):
        line = lines.number(found.start())
        facts.append(fact(_HTTP, path, line, f"Wasp {found.group(1)} {found.group(2)}"))
    return Parsed("wasp", tuple(facts))


# --- cpanfile ----------------------------------------------------------------------------

_CPAN_REQUIRES = re.compile(
    r"""^\s*(requires|recommends|test_requires|build_requires)\s*\(?\s*['"]([\w:]+)['"]"""
)
_CPAN_TEST_BLOCK = re.compile(r"on\s+['\"]?(?:test|develop)['\"]?\s*=>")


def parse_cpanfile(path: str, text: str) -> Parsed:
    facts = [manifest_fact("cpanfile", path)]
    deps = 0
    test_block = False
    for number, line in enumerate(text.splitlines()[:_MAX_FACTS], 1):
        stripped = line.strip()
        if _CPAN_TEST_BLOCK.match(stripped):
            test_block = True
        elif stripped.startswith("};"):
            test_block = False
        found = _CPAN_REQUIRES.match(line)
        if found is None:
            continue
        verb, module = found.groups()
        name = module.replace("::", "-").lower()
        role = "cpan.devdep" if test_block or verb == "test_requires" else "cpan.dep"
        facts.append(fact(f"{role}.{name}", path, number, f"{verb} {module}"))
        deps += 1
    return Parsed("cpanfile", tuple(facts), deps)


# --- rebar.config ------------------------------------------------------------------------

_REBAR_DEPS = re.compile(r"\{\s*deps\s*,\s*\[")


def parse_rebar_config(path: str, text: str) -> Parsed:
    """The applications in the top-level `{deps, [...]}` list (a profile's deps, such as the
    test profile's, come later in the file and are read as development dependencies)."""
    facts = [manifest_fact("rebar-config", path)]
    deps = 0
    read_to = 0  # each list is read once: a `{deps, [` inside one already read is skipped
    role = "rebar.dep"  # the first list; the profiles' come after it
    for start in _REBAR_DEPS.finditer(text):
        if start.start() < read_to:
            continue
        body = _bracketed(text, start.end())
        read_to = start.end() + len(body)
        line = text.count("\n", 0, start.start()) + 1
        for name in _top_level_names(body)[:_MAX_FACTS]:
            facts.append(fact(f"{role}.{name}", path, line, f"{{deps, [{name} ...]}}"))
            deps += role == "rebar.dep"
        role = "rebar.devdep"
    return Parsed("rebar-config", tuple(facts), deps)


def _bracketed(text: str, start: int) -> str:
    """The text from start to the `]` that closes the list opened just before it."""
    depth = 1
    for position in range(start, len(text)):
        char = text[position]
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return text[start:position]
    return text[start:]


def _top_level_names(body: str) -> list[str]:
    """The atom that begins each element of the list: `{cowboy, "2.9.0"}` or `cowboy`."""
    names = []
    depth = 0
    first = True  # the next atom begins an element
    for match in _REBAR_TOKEN.finditer(body):
        token = match.group(0)
        if token in "[{":
            depth += 1
            first = depth == 1 and token == "{"
        elif token in "]}":
            depth -= 1
            first = False
        elif token == ",":
            first = depth == 0
        else:
            if first and token[0].isalpha():
                names.append(token)
            first = False
    return list(dict.fromkeys(names))


_REBAR_TOKEN = re.compile(r"[\[{\]},]|[a-z]\w*|\"[^\"]*\"|'[^']*'|[^\s\[{\]},]+")
