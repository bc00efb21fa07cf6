"""Derivations: facts computed from the merged facts of the whole tree.

Kept apart from the scanners that read files, so that a scan answered from the cache runs
them without loading those scanners.

    rt.ws_wired / rt.ws_unwired / rt.dead_socket_helper   wiring of socket modules
    rt.share / rt.handlers_total   the real-time share of all server-side handlers
    rt.ws_handlers                 also a TCP server's accept and read loops (rt.tcp_serve)
                                   where another file keeps its topics or rooms (rt.hub_code)
                                   and none (0) when they are all read loops of a program
                                   that dials its sockets and listens nowhere (a bot's
                                   exchange stream); so rt.ws_file, rt.ws_entry, rt.ws_module.*
    web.database                   the project keeps its data in a database (tables it
                                   declares, migrations, an ORM or a driver it depends on)
    hft.score                      how many low-latency families are present (0..14)
    hft.domain_share               the trading-domain share of the product's code files
    hft.named                      the project's package name names the trading domain
    npm.workspace_packages         the npm packages with entry points are a monorepo's shared
                                   packages/ beside a server of its own in apps/
    cargo.publishable_lib          the [lib] crates with a description or a licence
    cargo.workspace_crates         every crate with a [lib] is a path dependency of a crate of
                                   the tree's own that serves requests
    hft.component                  a part built on its own (its manifest or Dockerfile) is
                                   named for the trading domain and holds its code
    django.project_manage_py       manage.py files that run a site, not a test harness
    repo.handouts                  files named by lesson or week, a quarter of the Markdown
    django.addon                   a distribution named as Django's add-ons are is a Django app
                                   package of its own migrations, templates or static files,
                                   and the settings a manage.py runs, if any, are another
                                   folder's: an add-on beside the project it is developed in
    web.form_mailer                the server side only handles a form (mails it, takes it)
    php.mail_forms                 also every request-handling PHP file of a small folder
                                   that mails a form and keeps nothing (php.web_pages less)
    web.file_server                the server's routes only send files or a fixed answer
    go.dep.<module>                also for a `// indirect` requirement the code imports
    web.browser_app                a front end a bundler builds into files for the browser,
                                   with nothing of its own that serves or installs it
    web.wasm_app                   a front end compiled to WebAssembly (Blazor WebAssembly, Yew
                                   ...) with no server of the project's own; web.browser_app too
    static.browser_scripts         hand-written pages whose every script only touches the
                                   page or is loaded by one, and nothing else runs
    enterprise.rbac                roles and permissions both kept as models or tables
    static.site_tooling            a generator's site whose code is only its helpers
    static.site_script             Python code of the project's own renders its pages from
                                   templates or Markdown, and nothing serves requests
    static.frozen_app              a Flask app frozen into files (Frozen-Flask)
    static.site_generator          code of the project's own renders Markdown or templates
                                   and writes HTML files, and nothing serves requests
    ssg.middleman, ssg.hakyll, ssg.cryogen, ssg.jigsaw, ssg.sculpin, ssg.serum
                                   site generators known by their package
    hft.transport                  the build depends on Aeron, Chronicle or the Disruptor
    static.preview_server          a site generator at the root whose only server is the
                                   standard library's, previewing the built pages, or its
                                   own config.ru while a static host publishes the build
    rt.http_handlers               without the function handlers a serverless.yml calls
                                   only on other events (deploy.event_functions); also
                                   counts the endpoint modules in a pages/ folder,
                                   Next.js's app-router route handlers and server functions
                                   (web.page_endpoints) unless a static Astro build or a
                                   Next.js export prerenders them
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from stackcheck.facts import Evidence, Fact
from stackcheck.facts.signals import DERIVATIONS

# The content shares (content.share.*) that many derivations below read are derived there:
# imported first, so their derivation runs first whichever module a caller imports first
# (a scanner module that imports this one, say, before the tree is collected).
from stackcheck.facts.signals import languages  # noqa: F401  isort: skip

WS = "rt.ws_handlers"
HTTP = "rt.http_handlers"
LISTEN = "rt.listen"
CLIENT = "rt.socket_client"
WS_MODULE = "rt.ws_module."  # (a socket module's handlers, by its name)

# Python keys from the ast scanners that count on either side of the share.
PY_WS_KEYS = (
    "py.socket_events",
    "channels.consumers",
    "channels.ws_routes",
    "fastapi.websocket_routes",
    "py.ws_server",
)
PY_HTTP_KEYS = (
    "django.views",
    "django.routes",
    "drf.viewsets",
    "drf.apiviews",
    "flask.routes",
    "fastapi.routes",
    "py.routes",
    "dash.callbacks",
)

# The low-latency families (see latency.FAMILIES, which must list the same names).
FAMILY_NAMES = (
    "order_book",
    "matching_engine",
    "feed_handler",
    "strategy",
    "tick_data",
    "lockfree",
    "busy_poll",
    "cpu_pinning",
    "rdtsc",
    "hugepages",
    "kernel_bypass",
    "native_flags",
    "nanos",
    "cache_align",
)


PAGE_ENDPOINTS = "web.page_endpoints"
# SvelteKit's adapters that run a server (or a platform's functions) per request.
SERVED_ADAPTERS = ("auto", "node", "vercel", "netlify", "cloudflare", "cloudflare-workers")
# Builds that write every page and endpoint to files: a static Astro site, a Next.js export.
STATIC_BUILDS = (
    "ssg.astro", "ssg.astro.docs", "ssg.next_export", "ssg.next_export.docs",
    "npm.dep.@sveltejs/adapter-static", "npm.devdep.@sveltejs/adapter-static",
)  # fmt: skip
SERVED_BUILDS = (
    "ssg.astro.ssr", "ssg.astro.ssr.docs", "web.next", "web.next.docs",
    *(f"npm.{r}.@sveltejs/adapter-{a}" for r in ("dep", "devdep") for a in SERVED_ADAPTERS),
)  # fmt: skip


def page_endpoints(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """Endpoint modules in a pages/ folder (Astro) and the app router's route handlers
    (Next.js) are HTTP handlers, unless the only build config writes a static site (a static
    Astro build, a Next.js export): its endpoints then run once at build time and write
    files."""
    found = facts.get(PAGE_ENDPOINTS)
    if found is None:
        return
    prerendered = any(k in facts for k in STATIC_BUILDS) and not any(
        k in facts for k in SERVED_BUILDS
    )
    if prerendered:
        return
    http = facts.get(HTTP, _NONE)
    yield Fact(HTTP, http.value + found.value, (*http.evidence, *found.evidence))


# A code file the realtime scanner read as a serverless function's HTTP handler (it lies in
# `functions/` and exports `handler`) is not one when the service file calls its function
# only on other events: a WebSocket API's `$connect`, a queue, a table's stream, a timer.
_FUNCTION_HANDLERS = frozenset({"serverless function handler", "API Gateway Lambda handler"})
_CODE_ENDING = re.compile(r"\.(?:[cm]?js|[cm]?ts|py)$")


def event_functions(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """rt.http_handlers without the function handlers that serverless.yml calls only on
    events that are not requests (deploy.event_functions); skipped when either's evidence
    was capped, since a handler left out of it could be any."""
    events, http = facts.get("deploy.event_functions"), facts.get(HTTP)
    if events is None or http is None or not (_whole(events) and _whole(http)):
        return
    modules = {e.detail.rpartition(" is ")[2] for e in events.evidence}
    kept = tuple(
        e
        for e in http.evidence
        if e.detail not in _FUNCTION_HANDLERS or _CODE_ENDING.sub("", e.path) not in modules
    )
    if len(kept) < len(http.evidence):
        yield Fact(HTTP, float(len(kept)), kept)


# (realtime.TCP_SERVE and HUB_CODE; not imported, as above)
TCP_SERVE = "rt.tcp_serve"
HUB_CODE = "rt.hub_code"


def tcp_hub(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """A plain TCP server whose accept and read loops are in one file and whose topics,
    subscribers or channels are kept in another (an MQTT broker's `connection/` and
    `broker/`, an IRC daemon's `conn/` and `core/`): its loops are persistent-connection
    handlers, as they are when one file holds both."""
    loops = facts.get(TCP_SERVE)
    hub = facts.get(HUB_CODE)
    if loops is None or hub is None:
        return
    ws = facts.get(WS, _NONE)
    yield Fact(WS, ws.value + loops.value, (*ws.evidence, *loops.evidence, *hub.evidence[:1]))
    # (the loops are in the file that listens: wired, as rt.ws_entry counts such handlers)
    entry = facts.get("rt.ws_entry", _NONE)
    yield Fact("rt.ws_entry", entry.value + loops.value, (*entry.evidence, *loops.evidence))


# How realtime.py describes a Go connection's read loop (`conn.ReadMessage()`).
READ_LOOP = "read loop "


def dialled_reads(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """A program that dials its sockets (rt.socket_client) and listens nowhere, whose socket
    handlers are all read loops: a bot's `conn.ReadMessage()` on the exchange's stream, in
    another file than the `Dial` that opened it. They read what the server it dialled
    sends, so it has no socket handler of its own."""
    ws = facts.get(WS)
    if ws is None or CLIENT not in facts or LISTEN in facts or not _whole(ws):
        return
    if not all(e.detail.startswith(READ_LOOP) for e in ws.evidence):
        return
    for key in (WS, "rt.ws_file", "rt.ws_entry", *(k for k in facts if k.startswith(WS_MODULE))):
        if key in facts:
            yield Fact(key, 0.0, ())


def realtime_summary(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """Wiring of socket modules, then the real-time share of all server handlers."""
    wired, unwired, dead = _wiring(facts)
    if wired or unwired:
        yield Fact("rt.ws_wired", wired, (Evidence(".", None, f"{wired:g} socket handlers wired"),))
        yield Fact("rt.ws_unwired", unwired, tuple(e for f in dead for e in f.evidence))
    if dead:
        files = sorted({e.path for f in dead for e in f.evidence})
        evidence = tuple(
            Evidence(p, None, "socket handlers no other file imports; never listens") for p in files
        )
        # A module seen without evidence (facts built by hand) still counts as one file.
        count = len(files) + sum(1 for f in dead if not f.evidence)
        yield Fact("rt.dead_socket_helper", count, evidence)
    ws = _sum(facts, (WS, *PY_WS_KEYS)) - unwired - _socketio_servers(facts)
    http = _sum(facts, (HTTP, *PY_HTTP_KEYS))
    if ws > 0:
        # The rubric's "HTTP endpoints [that] only serve ... health checks or push messages
        # into sockets": a server's health and metrics routes serve no one's work, and a
        # route that publishes into the sockets is the connection's feature.
        # Signing in to the sockets (`/auth/login`, `/register`, `/logout`) is the
        # connection's door, as the rubric's MMO server with login and register endpoints
        # shows; an application's own routes are what an HTTP side adds. So are the route
        # that opens the sockets and the home page they are opened from.
        kinds = _route_kinds(facts, (HTTP, *PY_HTTP_KEYS))
        http = max(0.0, http - kinds.ops - kinds.push - kinds.sign_in - kinds.doors - kinds.home)
        ws += kinds.push
        http += _php_pages_at_work(facts)
        if http > 0:
            # (the routes left: the application's own work beside the sockets; DJ903 reads
            # them with tables of the app's own as a web app around its sockets)
            detail = f"{http:g} HTTP routes beside the sockets do the application's work"
            yield Fact("rt.work_routes", http, (Evidence(".", None, detail),))
    total = ws + http
    if total <= 0:
        return
    share = round(ws / total, 3)
    places = _places(facts, (WS, *PY_WS_KEYS))
    where = f" ({places})" if places else ""
    left_out = f"; {unwired:g} in never-wired files left out" if unwired else ""
    detail = f"{ws:g} of {total:g} server handlers are real-time{where}{left_out}"
    yield Fact("rt.share", share, (Evidence(".", None, detail),))
    yield Fact(
        "rt.handlers_total", total, (Evidence(".", None, f"{ws:g} real-time, {http:g} HTTP"),)
    )


# A Socket.IO server object (`SocketIO(app)`, `socketio.AsyncServer()`) answers only the
# events handlers are registered for (`@socketio.on(...)`: py.socket_events), which count
# on their own: the object is no handler beside them. With none in the tree it answers
# nothing: a course template's `SocketIO()` set up for later is no real-time handler.
# (A `websockets.serve(handler)` names its handler; it still counts.)
_SOCKETIO_SERVER = re.compile(r"\b(?:flask_socketio\.SocketIO|socketio\.(?:Async)?Server)\(")


def _socketio_servers(facts: Mapping[str, Fact]) -> float:
    servers = facts.get("py.ws_server")
    if servers is None:
        return 0.0
    objects = sum(1 for e in servers.evidence if _SOCKETIO_SERVER.search(e.detail))
    return float(objects) if len(servers.evidence) == servers.value else 0.0  # (all seen)


# A route's path as its evidence quotes it, after the method a Go 1.22 pattern or a
# framework's route table may put first (`"GET /healthz"`); an attribute route may leave out
# the first slash (ASP.NET's `[HttpPost("login")]`).
_ROUTE_PATH = r"""["'`](?:(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ \t]+)?/?(?:api/)?(?:v\d+/)?"""
_OPS_ROUTE = re.compile(
    # (and its debugging routes, and the internal ones an underscore marks: `/__debug`,
    # `/_version`; a server's own status or version, not an order's `/status/<id>`)
    # (and the browser's own request for the site's icon, `/favicon.ico`)
    _ROUTE_PATH + r"(?:(?:health|healthz|healthcheck|heartbeat|ping|metrics|ready|readyz|live"
    r"|favicon\.ico"
    r"|livez|debug(?:[-_][a-z]+)?|_\w+)"
    r"""(?:["'`/?]|$)|(?:status|version)(?:["'`?]|$))""",
    re.IGNORECASE,
)
_PUSH_ROUTE = re.compile(
    _ROUTE_PATH + r"""(?:push|pub|publish|broadcast|notify|emit)(?:["'`/?_-]|$)""", re.IGNORECASE
)
# Where the sockets are opened (`/ws`, `/socket`, Action Cable's `/cable`): in a tree with
# socket handlers, the HTTP route that upgrades its request is the socket's own door.
_DOOR_ROUTE = re.compile(
    _ROUTE_PATH + r"""(?:ws|wss|websockets?|sockets?|socket\.io|sockjs|cable|sse)"""
    r"""(?:["'`/?]|$)""",
    re.IGNORECASE,
)
# The home page, which a socket server serves to open its sockets from (the rubric's
# "HTTP endpoints [that] only serve a home page"): `/` on the application itself, not on a
# router or blueprint mounted under a prefix (`@api.route("/")` lists a blueprint's items).
_HOME_ROUTE = re.compile(
    r"""(?:(?<![\w$.])(?:app|server|http|mux|e|r)\s*\.\s*(?:get|route|GET|HandleFunc|Handle)"""
    r"""\s*\(\s*|^get\s+)["'`](?:GET[ \t]+)?/["'`]"""
    # (where the evidence names the function, one named for the page: `def search` at `/`
    # does the application's work)
    r"""(?!.*\bdef\s+(?!\w*(?:index|home|root|page|html|client|frontend|static|main))\w+)"""
)
# The route a chat platform posts a bot's updates to (`/webhook`, `/bot`, `/telegram`), or
# another service its events (`/patreon/webhook`, `/stripe/webhooks`), or the route a sign-in
# provider redirects a browser back to (`/callback`, `/auth/spotify/callback`,
# `/oauth2callback`): a command-line tool's loopback listener for its login serves only that.
_WEBHOOK_ROUTE = re.compile(
    _ROUTE_PATH + r"""(?:(?:webhook|hook|bot|telegram|tg|discord|slack/events)(?:["'`/?_-]|$)"""
    r"""|[\w-]+/webhooks?(?:["'`/?]|$)"""
    r"""|(?:[\w:{}<>-]+/){0,2}(?:oauth2?)?callback(?:["'`?]|/?["'`]|$))""",
    re.IGNORECASE,
)


# A route that signs a user in or out, registers one or checks a token (`/auth/login`,
# `/api/v1/users/register`, `/auth/validate`).
_SIGN_IN_ROUTE = re.compile(
    _ROUTE_PATH + r"(?:(?:auth|users?|accounts?|session)/)?"
    r"(?:log_?in|log_?out|sign_?in|sign-in|sign_?out|sign-out|sign_?up|sign-up|register"
    r"|token|refresh|validate|verify"
    # (the request that sends a browser to a sign-in provider: `/auth/:provider`)
    r"|(?<=auth/)(?::provider|\{provider\}|<provider>|github|google|facebook|twitter|discord))"
    r"(?:[-_](?:account|user))?"
    r"""(?:["'`?]|/?["'`]|$)""",
    re.IGNORECASE,
)


# The mark python/web.py puts on a route that only returns a literal (web.FIXED_ANSWER; not
# imported: a scan answered from the cache derives without loading the scanners).
FIXED_ANSWER = " (a fixed answer)"
# ... and the mark realtime.py puts on a Go route whose handler is the runtime's profiler or
# metrics (realtime.RUNTIME_ANSWER).
RUNTIME_ANSWER = " (the runtime's profiler or metrics)"


class _RouteKinds(NamedTuple):
    ops: int  # a server's health or metrics routes, or those answering a fixed literal
    push: int  # routes that push into the sockets
    hooks: int  # a chat bot's webhook
    sign_in: int  # routes that sign a user in or out, or register one
    doors: int  # routes that open the sockets
    home: int  # the home page (one at most)


PHP_PAGES = "php.web_pages"
_PHP_HOME = frozenset({"index", "home", "default", "main"})
_NO_WORK = (_OPS_ROUTE, _PUSH_ROUTE, _WEBHOOK_ROUTE, _SIGN_IN_ROUTE, _DOOR_ROUTE)


def _php_pages_at_work(facts: Mapping[str, Fact]) -> float:
    """Plain PHP pages that handle a request (php.web_pages) are HTTP routes, each its own
    file's path, as a framework's routes are beside a Ratchet or Workerman socket server:
    counted less the same kinds that do no application's work (the home page the sockets
    open from, signing in, a health check, a push into the sockets), judged on the file's
    name. Pages past the evidence's cap count as work."""
    pages = facts.get(PHP_PAGES)
    if pages is None:
        return 0.0
    idle = 0
    for evidence in pages.evidence:
        name = evidence.path.rpartition("/")[2].partition(".")[0]
        route = f'"/{name}"'
        if name.lower() in _PHP_HOME or any(kind.search(route) for kind in _NO_WORK):
            idle += 1
    return max(0.0, pages.value - idle)


# A router's own root route (`loginRouter.post('/', ...)`, `router.post('/')` in
# `api/register/index.js`) answers where the router is mounted: signing in, when the router
# or its folder is named so.
_ROOT_ROUTE = re.compile(r"""^(?P<receiver>[\w$]+)\s*\.\s*\w+\s*\(\s*["'`]/["'`]""")
_SIGN_IN_NAME = re.compile(r"(?i)log_?in|log_?out|sign_?in|sign_?up|register|auth")


def _signs_in_where_mounted(evidence: Evidence) -> bool:
    root = _ROOT_ROUTE.match(evidence.detail)
    if root is None:
        return False
    folder = evidence.path.rpartition("/")[0].rpartition("/")[2]
    return bool(_SIGN_IN_NAME.search(root.group("receiver")) or _SIGN_IN_NAME.fullmatch(folder))


def _route_kinds(facts: Mapping[str, Fact], keys: Iterable[str]) -> _RouteKinds:
    """How many of the HTTP routes seen (their evidence, as merged) are of each kind that does
    no application's work, each route counted as the first kind it is."""
    ops = push = hooks = sign_in = doors = home = 0
    keys = tuple(keys)
    streams = _stream_doors(facts, keys)
    for key in keys:
        for evidence in facts[key].evidence if key in facts else ():
            if _OPS_ROUTE.search(evidence.detail) or evidence.detail.endswith(
                (FIXED_ANSWER, RUNTIME_ANSWER)
            ):
                ops += 1
            elif _PUSH_ROUTE.search(evidence.detail):
                push += 1
            elif _WEBHOOK_ROUTE.search(evidence.detail):
                hooks += 1
            elif _SIGN_IN_ROUTE.search(evidence.detail) or _signs_in_where_mounted(evidence):
                sign_in += 1
            elif _DOOR_ROUTE.search(evidence.detail) or (evidence.path, evidence.line) in streams:
                doors += 1
            elif _HOME_ROUTE.search(evidence.detail):
                home = 1
    return _RouteKinds(ops, push, hooks, sign_in, doors, home)


# A route whose handler answers with a Server-Sent Events stream (`app.get("/topic", ...)`
# writing `text/event-stream` a few lines on) opens that stream: the stream's door, counted
# once, as the stream, not again as an HTTP route beside it.
STREAM_REACH = 12  # lines from a route's registration to its handler's stream header
_STREAM = "Server-Sent Events stream"


def _stream_doors(facts: Mapping[str, Fact], keys: Iterable[str]) -> set[tuple[str, int]]:
    streams = [e for e in facts.get(WS, _NONE).evidence if e.detail == _STREAM and e.line]
    if not streams:
        return set()
    routes: dict[str, list[int]] = {}
    for key in keys:
        for evidence in facts[key].evidence if key in facts else ():
            if evidence.line:
                routes.setdefault(evidence.path, []).append(evidence.line)
    doors = set()
    for stream in streams:
        at = stream.line or 0
        before = [line for line in routes.get(stream.path, ()) if line <= at]
        if before and at - max(before) <= STREAM_REACH:
            doors.add((stream.path, max(before)))
    return doors


def app_routes(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """rt.app_routes: the HTTP routes seen that do an application's work: all but a server's
    health and metrics routes (or those answering a fixed literal), the routes that push into
    sockets and a bot's webhook. (Evidence lists are capped: past the cap every route counts.)"""
    keys = (HTTP, *PY_HTTP_KEYS)
    total = _sum(facts, keys)
    if total <= 0:
        return
    kinds = _route_kinds(facts, keys)
    count = total - kinds.ops - kinds.push - kinds.hooks
    if count > 0:
        detail = f"{count:g} of {total:g} HTTP routes do the application's work"
        yield Fact("rt.app_routes", count, (Evidence(".", None, detail),))


def _wiring(facts: Mapping[str, Fact]) -> tuple[float, float, list[Fact]]:
    wired = facts["rt.ws_entry"].value if "rt.ws_entry" in facts else 0.0
    # Python's Socket.IO handlers are decorators on the server object the project creates
    # (`socketio = SocketIO(app)`): wired wherever that server is.
    if "py.ws_server" in facts and "py.socket_events" in facts:
        wired += facts["py.socket_events"].value
    # FastAPI's and Starlette's WebSocket routes are registered on the application (or a
    # router of it) by the decorator or call that declares them.
    if "fastapi.websocket_routes" in facts:
        wired += facts["fastapi.websocket_routes"].value
    unwired = 0.0
    dead: list[Fact] = []
    # `@scope/.../name` imports a module of the project where a tsconfig maps the scope.
    aliased = {
        key.rpartition(".")[2]
        for key in facts
        if key.startswith("rt.imports_aliased.") and f"js.path_alias.{key.split('.')[2]}" in facts
    }
    for key in sorted(k for k in facts if k.startswith(WS_MODULE)):
        name = key[len(WS_MODULE) :]
        served = f"rt.package_serves.{name}" in facts  # (a Go package's own routes)
        if f"rt.imports_module.{name}" in facts or name in aliased or served:
            wired += facts[key].value
        else:
            unwired += facts[key].value
            dead.append(facts[key])
    return wired, unwired, dead


def _sum(facts: Mapping[str, Fact], keys: Iterable[str]) -> float:
    return sum(facts[k].value for k in keys if k in facts)


def _places(facts: Mapping[str, Fact], keys: Iterable[str], limit: int = 3) -> str:
    places = sorted({(e.path, e.line or 0) for k in keys if k in facts for e in facts[k].evidence})
    shown = [f"{path}:{line}" if line else path for path, line in places[:limit]]
    more = ", ..." if len(places) > limit else ""
    return ", ".join(shown) + more


def hft_score(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    present = [name for name in FAMILY_NAMES if facts.get(f"hft.{name}", _NONE).value > 0]
    if not present:
        return
    detail = f"{len(present)} of {len(FAMILY_NAMES)} low-latency families: {', '.join(present)}"
    yield Fact("hft.score", len(present), (Evidence(".", None, detail),))


_NONE = Fact("", 0.0)


def trading_share(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """How much of the product's code is trading-domain code (order books, matching, feed
    handlers, or files written in the domain's vocabulary): what the software does, not how
    fast it does it."""
    domain = facts.get("hft.domain_file", _NONE).value
    code = facts.get("repo.code_files", _NONE).value
    if domain <= 0 or code <= 0:
        return
    share = round(min(1.0, domain / code), 3)
    detail = f"{domain:g} of {code:g} product code files are trading-domain code"
    yield Fact("hft.domain_share", share, (Evidence(".", None, detail),))


# The project's own package names (a Go module path, a crate, a Python distribution, an npm
# package, a CMake project) that name the trading domain. A name can be wrong about what a
# repository holds, so rules only let it support trading code that is there.
NAME_FACTS = (
    "go.module",
    "cargo.package",
    "py.package",
    "maven.project",
    "manifest.package-json",
    "cmake.project",
)
_TRADING_NAME = re.compile(
    r"(?i)order[-_]?book|matching[-_]?engine|exchange[-_]?core|fix[-_]?engine|\bhft\b"
    r"|trading[-_]?(?:engine|system|bot)|back[-_]?test|limit[-_]?order|\blob\b"
    # (Nasdaq's market-data and order-entry protocols, by name: an ITCH parser is a feed
    # handler, whatever its code calls its messages)
    r"|(?<![a-z])(?:itch|ouch)(?![a-z])"
)


# Modules only MicroPython has: its board's pins and Wi-Fi (`machine`, `network`, `esp32`),
# and the "micro" standard library (`utime`, `ujson`, `usocket` ...). A script that imports
# the board's modules and one more of these runs on a microcontroller: firmware, whatever
# routes its on-device web page (Microdot, a raw socket) answers.
MICROPYTHON_BOARD = ("machine", "network", "esp", "esp32", "micropython")
MICROPYTHON_MODULES = (
    *MICROPYTHON_BOARD,
    *("utime", "uasyncio", "usocket", "urequests", "ujson", "umqtt", "ubinascii", "uos"),
    *("ustruct", "uselect", "ure", "uerrno"),
)


def micropython(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    board = [facts[f"py.import.{m}"] for m in MICROPYTHON_BOARD if f"py.import.{m}" in facts]
    used = [m for m in MICROPYTHON_MODULES if f"py.import.{m}" in facts]
    if board and len(used) >= 2:
        detail = f"MicroPython's own modules imported: {', '.join(used[:6])}"
        first = board[0].evidence[:1]
        where = first[0] if first else Evidence(".", None, "")
        yield Fact("firmware.micropython", 1, (Evidence(where.path, where.line, detail),))


# Ready-made sign-up and sign-in of each stack, taken as they come: Django's allauth (and
# Flask-Login), Rails' Devise, Laravel's starter kits, ASP.NET Core Identity, NextAuth,
# Passport's local strategy. (Keys ending in `*` match a prefix.)
AUTH_KITS = (
    "py.dep.django-allauth", "mvp.allauth", "django.app.allauth", "py.dep.flask-login",
    "py.dep.flask-security-too", "gem.dep.devise", "composer.dep.laravel/breeze",
    "composer.devdep.laravel/breeze", "composer.dep.laravel/jetstream", "composer.dep.laravel/ui",
    "composer.devdep.laravel/ui", "composer.dep.laravel/fortify",
    "nuget.dep.microsoft.aspnetcore.identity*", "npm.dep.next-auth", "npm.dep.@auth/*",
    "npm.dep.passport-local",
)  # fmt: skip


def auth_kit(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    for kit in AUTH_KITS:
        if kit.endswith("*"):
            found = next((facts[k] for k in facts if k.startswith(kit[:-1])), None)
        else:
            found = facts.get(kit)
        if found is not None:
            yield Fact("mvp.auth_kit", 1, found.evidence[:1])
            return


# A CMake build's programs are named as packages are (`add_executable(BacktestEngine ...)`,
# where the build declares no project()): the target's name, not its sources'.
TARGET_FACTS = ("cmake.executable",)


def trading_named(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    for key in (*NAME_FACTS, *TARGET_FACTS):
        for evidence in facts.get(key, _NONE).evidence:
            name = evidence.detail
            if key in TARGET_FACTS:
                name = name.partition("(")[2].split(" ", 1)[0].rstrip(")")
            if _TRADING_NAME.search(name):
                yield Fact("hft.named", 1, (evidence,))
                return


# The low-latency transports an exchange's engine takes its orders over, as the JVM build
# names them (`io.aeron:aeron-all`, `net.openhft:chronicle-queue`, `com.lmax:disruptor`).
_TRANSPORT_DEPS = tuple(
    f"{tool}.dep.{artifact}"
    for tool in ("maven", "gradle")
    for artifact in ("io.aeron:", "net.openhft:chronicle-", "com.lmax:disruptor")
)


def trading_transport(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """hft.transport: the build depends on a low-latency messaging library (Aeron, Chronicle,
    the LMAX Disruptor)."""
    found = next((facts[k] for k in facts if k.startswith(_TRANSPORT_DEPS)), None)
    if found is not None:
        yield Fact("hft.transport", 1, found.evidence[:1])


# A monorepo's own layout (Turborepo, Nx, npm workspaces): deployable apps in `apps/`, the
# code they share in `packages/` or `libs/`.
_APP_FOLDERS = ("apps/", "services/")
_SHARED_FOLDERS = ("packages/", "libs/")


def workspace_packages(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """npm.workspace_packages: every npm package with an entry point is in the monorepo's
    `packages/` (or `libs/`), and a server of its own answers requests from `apps/` (or
    `services/`): the apps' shared code (`@shop/core`), not what the repository publishes."""
    entries = facts.get("npm.library_entry")
    served = (*facts.get(HTTP, _NONE).evidence, *facts.get(LISTEN, _NONE).evidence)
    if entries is None or len(entries.evidence) != entries.value or not served:
        return
    if not all(e.path.startswith(_SHARED_FOLDERS) for e in entries.evidence):
        return
    app = next((e for e in served if e.path.startswith(_APP_FOLDERS)), None)
    if app is not None:
        detail = f"{entries.value:g} packages shared by the monorepo's apps ({app.path} serves)"
        yield Fact("npm.workspace_packages", entries.value, (Evidence(".", None, detail), app))


def _under(path: str, folder: str) -> bool:
    return not folder or path.startswith(folder + "/")


def publishable_libs(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """cargo.publishable_lib: the `[lib]` crates `cargo publish` would take, those with a
    description or a licence (all of them when the evidence does not list every one)."""
    libs = facts.get("cargo.lib")
    if libs is None:
        return
    unpublishable = facts.get("cargo.unpublishable_lib")
    if unpublishable is None or not _whole(unpublishable):
        yield Fact("cargo.publishable_lib", libs.value, libs.evidence)
        return
    paths = {e.path for e in unpublishable.evidence}
    rest = tuple(e for e in libs.evidence if e.path not in paths)
    if rest and _whole(libs):
        yield Fact("cargo.publishable_lib", len(rest), rest)


_PART_LIBS = (" (proc-macro)", " (cdylib)")


def workspace_crates(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """cargo.workspace_crates: every crate with a `[lib]` target is a path dependency of
    another crate in the tree that serves requests itself (a chat server's binary crate
    linking its own `message_gen` proc-macro crate), or, below the root, a procedural-macro
    crate or a `cdylib` (what wasm-pack builds for the web front end) beside a crate of the
    tree that serves requests: the server's parts, not what the repository publishes."""
    libs = facts.get("cargo.lib")
    served = (*facts.get(HTTP, _NONE).evidence, *facts.get(LISTEN, _NONE).evidence)
    if libs is None or len(libs.evidence) != libs.value or not served:
        return
    names = {
        _folder(e.path): e.detail.removeprefix("package ")
        for e in facts.get("cargo.package", _NONE).evidence
    }
    server = None
    for lib in libs.evidence:
        name = names.get(_folder(lib.path))
        if name is None:
            return
        if lib.detail.endswith(_PART_LIBS) and "/" in lib.path:
            # (served by another member crate, not by the root's: the root's crate is what
            # the repository publishes, its macros with it)
            members = [f for f in names if f and f != _folder(lib.path)]
            server = next((e for e in served if any(_under(e.path, m) for m in members)), None)
            if server is None:
                return
            continue
        # (not the root's crate: a crate at the root is what the repository publishes, as
        # an admin panel's crate serving its own routes with its macros' crate beside it)
        users = [
            _folder(e.path)
            for e in facts.get(f"cargo.dep.{name}", _NONE).evidence
            if ' path "' in e.detail and e.path != lib.path and "/" in e.path
        ]
        server = next((e for e in served if any(_under(e.path, u) for u in users)), None)
        if server is None:
            return
    if server is not None:
        detail = f"{libs.value:g} crates linked by the workspace's own server ({server.path})"
        yield Fact("cargo.workspace_crates", libs.value, (Evidence(".", None, detail), server))


# A service named for the exchange itself (`exchange/` beside `gateway/` and the front end):
# a trading component when its code is trading-domain code. (Not a package's name: a "book
# exchange" app is named so too, and holds no matching engine.)
_EXCHANGE_SERVICE = re.compile(r"(?i)(?:stock[-_]?)?exchange(?:[-_](?:service|server|engine))?")


def trading_component(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """hft.component: a part of the system built on its own (a folder with a manifest or a
    Dockerfile of its own) that is named for the trading domain and holds trading-domain
    code: a stock-trading system's `matching-engine/` service beside its API gateway, its
    front end and its database. The exchange's core is one of its services."""
    domain = facts.get("hft.domain_file")
    if domain is None:
        return
    folders = {e.path.rpartition("/")[0] for e in domain.evidence}
    for key, found in facts.items():
        if not key.startswith("manifest."):
            continue
        for evidence in found.evidence:
            folder = evidence.path.rpartition("/")[0]
            name = folder.rpartition("/")[2]
            if (
                name
                and (_TRADING_NAME.search(name) or _EXCHANGE_SERVICE.fullmatch(name))
                and any(f == folder or f.startswith(f"{folder}/") for f in folders)
            ):
                detail = f"{folder}/ is built on its own and holds trading-domain code"
                yield Fact("hft.component", 1, (Evidence(evidence.path, None, detail),))
                return


# A front end built for the browser: a UI framework a runtime dependency (or, with none,
# scripts that only touch the page's DOM: a bundled landing page) and a script that runs a
# bundler. What it builds is files a static host serves, unless something else in the tree
# serves or installs it: server code (DJ901 yields to DJ002 for a Node server), a library's
# entry points or commands, a phone or desktop shell.
UI_FRAMEWORKS = (
    "npm.dep.react-dom",
    "npm.dep.vue",
    "npm.dep.svelte",
    "npm.devdep.svelte",
    "npm.dep.@angular/core",
    "npm.dep.preact",
    "npm.dep.solid-js",
)
BUNDLERS = (
    "npm.script_runs.vite",
    "npm.script_runs.react-scripts",
    "npm.script_runs.webpack",
    "npm.script_runs.ng",
    "npm.script_runs.vue-cli-service",
    # Run under another name (`rollup -c`, a config's own script) or by a wrapper:
    "npm.devdep.vite",
    "npm.devdep.react-scripts",
    "npm.devdep.webpack",
    "npm.devdep.rollup",
    "npm.devdep.parcel",
    "npm.devdep.@angular/cli",
    "npm.devdep.@vue/cli-service",
    # Rspack and the builders on it, Umi, Snowpack:
    "npm.script_runs.rsbuild",
    "npm.devdep.@rsbuild/core",
    "npm.script_runs.rspack",
    "npm.devdep.@rspack/cli",
    "npm.script_runs.umi",
    "npm.script_runs.max",
    "npm.devdep.umi",
    "npm.devdep.@umijs/max",
    "npm.devdep.snowpack",
    "npm.devdep.parcel-bundler",
    # (a starter kit of the time kept its bundler among the runtime dependencies, its build
    # run from a script of its own: `node bin/compile`)
    "npm.dep.webpack",
    "npm.dep.parcel-bundler",
    # Create React App's scripts, a runtime dependency as its template writes them, and the
    # wrappers that run them with a config of the project's own:
    "npm.dep.react-scripts",
    "npm.script_runs.react-app-rewired",
    "npm.script_runs.craco",
    # (or no build at all: http-vue-loader compiles the `.vue` files in the browser, the
    # pages served as they are)
    "npm.dep.http-vue-loader",
    # Quasar's CLI builds a Vue front end with Vite or webpack (`quasar build`):
    "npm.script_runs.quasar",
    "npm.devdep.@quasar/app-vite",
    "npm.devdep.@quasar/app-webpack",
)
DOM_SCRIPTS = "static.client_js"
NOT_FOR_A_HOST = (
    "npm.library_entry",
    "npm.bin",
    "npm.dep.electron",
    "npm.devdep.electron",
    "npm.dep.react-native",
    "npm.dep.expo",
    "npm.dep.@capacitor/core",
    "npm.dep.@tauri-apps/api",
    "npm.devdep.@tauri-apps/cli",
)


# Frameworks that build their own front end (a UI framework and its bundler in one): an app
# of theirs with its own server routes, database or sign-in is a web application (DJ001,
# which DJ901 yields to); without, its pages are a front end a host can serve.
META_FRAMEWORKS = (
    "web.next",
    "npm.dep.nuxt",
    "npm.devdep.nuxt",
    "npm.dep.@sveltejs/kit",
    "npm.devdep.@sveltejs/kit",
)


# A database of the project's own: what a form's mailer does not have.
DATABASE_DEPS = tuple(
    f"npm.dep.{name}"
    for name in (
        "pg",
        "postgres",
        "mysql",
        "mysql2",
        "mongoose",
        "mongodb",
        "@prisma/client",
        "sequelize",
        "typeorm",
        "knex",
        "drizzle-orm",
        "better-sqlite3",
        "sqlite3",
        "redis",
        "ioredis",
        "firebase-admin",
        "@supabase/supabase-js",
        "@vercel/postgres",
    )
)


def form_mailer(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """web.form_mailer: the server side is a form's handler (a contact or quote form): at
    most two HTTP handlers (Node's, Flask's or FastAPI's), each in a script that sends mail or
    on a route a form posts to (`/api/contact`), and nothing keeps a database or a socket.
    The rubric's "a few dozen lines of serverless function for a contact form": not what
    makes a web application."""
    mailers = facts.get("web.mailer_file")
    handlers = [e for key in FORM_HANDLER_KEYS for e in facts.get(key, _NONE).evidence]
    if mailers is None and not handlers:
        return
    counted = sum(facts.get(key, _NONE).value for key in FORM_HANDLER_KEYS)
    places = {e.path for e in mailers.evidence} if mailers is not None else set()
    if len(handlers) < counted or len({_form_taken(e, n) for n, e in enumerate(handlers)}) > 2:
        return
    # (a function that only says the platform runs functions, beside the form's, is no more)
    forms = [e for e in handlers if not _check_function(e)]
    if mailers is None and not forms:
        return
    if not all(
        e.path in places or _FORM_ROUTE.search(e.detail) or _form_function(e) for e in forms
    ):
        return
    if facts.get(WS, _NONE).value:
        return
    if any(k in facts for k in (*DATABASE_DEPS, *PY_DATABASE_KEYS)) and not _keeps_only_the_form(
        facts
    ):
        return
    shown = ", ".join(sorted(places | {e.path for e in handlers})[:3])
    detail = f"the server side only handles a form ({shown})"
    yield Fact("web.form_mailer", 1, (Evidence(".", None, detail),))


# The models a form's handler may keep its submissions in (`models/contact.model.js`,
# `Message`): a contact form that also stores what it mailed is still a contact form.
MODEL_KEYS = ("web.models", "web.schema_models", "py.orm_models", "django.models")
_FORM_MODEL = re.compile(
    r"contact|message|enquir|inquir|subscri|newsletter|feedback|quote|lead|wait_?list",
    re.IGNORECASE,
)


def _keeps_only_the_form(facts: Mapping[str, Fact]) -> bool:
    """The database's one model is the form's submissions (its file or table is named so)."""
    models = [e for key in MODEL_KEYS for e in facts.get(key, _NONE).evidence]
    counted = sum(facts.get(key, _NONE).value for key in MODEL_KEYS)
    if counted != 1 or len(models) != 1:
        return False
    return bool(_FORM_MODEL.search(models[0].path.rpartition("/")[2] + " " + models[0].detail))


# A form's folder holds at most this many PHP files that handle a request: its page, its
# handler and their helpers, in one language or two.
MAIL_FOLDER_PAGES = 5
_KEEPS_STATE = ("php.db", "php.mysql", "php.auth")


def php_mail_folders(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """A contact form split over one folder's PHP files (the page that shows it and keeps
    its flash message in a session, the handler that mails what it posted, the functions
    they share) is a form's mailer as a single file doing all three is: when a file of the
    folder handles a request and mails it, and no file there keeps data (a database) or
    signs anyone in, every request-handling file of a folder with at most MAIL_FOLDER_PAGES
    of them counts as php.mail_forms, not php.web_pages. Skipped when the evidence was
    capped (MAX_EVIDENCE_PER_FACT), since a file left out could be the one keeping state."""
    pages, mails = facts.get("php.web_pages"), facts.get("php.mails")
    if pages is None or mails is None or not all(_whole(f) for f in (pages, mails)):
        return
    stateful: set[str] = set()
    for key in _KEEPS_STATE:
        kept = facts.get(key)
        if kept is not None:
            if not _whole(kept):
                return
            stateful.update(_folder(e.path) for e in kept.evidence)
    handling = {e.path for e in pages.evidence}
    folders = {_folder(e.path) for e in mails.evidence if e.path in handling} - stateful
    sizes: dict[str, int] = {}
    for e in pages.evidence:
        sizes[_folder(e.path)] = sizes.get(_folder(e.path), 0) + 1
    forms = {f for f in folders if sizes[f] <= MAIL_FOLDER_PAGES}
    moved = [e for e in pages.evidence if _folder(e.path) in forms]
    if not moved:
        return
    left = tuple(e for e in pages.evidence if _folder(e.path) not in forms)
    yield Fact("php.web_pages", float(len(left)), left)
    shown = tuple(Evidence(e.path, e.line, f"a mailed form's folder: {e.detail}") for e in moved)
    before = facts.get("php.mail_forms", _NONE)
    yield Fact("php.mail_forms", before.value + len(moved), (*before.evidence, *shown))
    sending = tuple(
        Evidence(e.path, None, "sends mail")
        for e in mails.evidence
        if e.path in handling and _folder(e.path) in forms
    )
    mailer = facts.get("web.mailer_file", _NONE)
    yield Fact("web.mailer_file", mailer.value + len(sending), (*mailer.evidence, *sending))


def _whole(found: Fact) -> bool:
    """Whether a one-per-file fact lists every file it counts."""
    return len(found.evidence) == found.value


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


# The handlers a form's server may have, and the routes forms post to.
FORM_HANDLER_KEYS = (HTTP, "flask.routes", "fastapi.routes", "py.routes")
_FORM_ROUTE = re.compile(
    r"""['"][^'"\n]*/(?:api/)?(?:contact|contact[-_]?us|contact[-_]?form|send[-_]?(?:mail|email|message)"""
    r"""|subscribe|newsletter|feedback|enquir\w*|inquir\w*|quote)/?['"]""",
    re.IGNORECASE,
)
# A function a host routes by its file (Vercel's or Netlify's `api/`, `functions/`, Next.js's
# `pages/api/` and `app/api/.../route.ts`), named for the form it takes: `api/email.ts` is
# the route `/api/email`, `app/api/waitlist/route.ts` the route `/api/waitlist`; a variant
# of it for another way of sending (`contact.discord.ts` beside `contact.ts`) is that form's
# too (group `form`: the form a function takes).
_FORM_FUNCTION = re.compile(
    r"(?:^|/)(?:api|functions)/(?:[\w-]+/)*?(?P<form>contact|contact[-_]?us|contact[-_]?form"
    r"|send[-_]?(?:e?mail|message)|e?mail|subscribe|newsletter|feedback|enquir\w*|inquir\w*"
    r"|quote|(?:join[-_]?)?wait[-_]?list)(?:\.[\w-]+)?(?:/index|/route)?"
    r"\.(?:js|cjs|mjs|ts|mts|py|go)$",
    re.IGNORECASE,
)


# ... and one named for a check that the platform runs functions at all (`functions/api/
# test.js`, Netlify's `hello-world.js`, a `health` or `ping` function).
_CHECK_FUNCTION = re.compile(
    r"(?:^|/)(?:api|functions)/(?:[\w-]+/)*?(?:test|ping|health|healthz|healthcheck|status"
    r"|version|hello(?:[-_]?world)?)(?:/index|/route)?\.(?:js|cjs|mjs|ts|mts|py|go)$",
    re.IGNORECASE,
)


def _form_function(found: Evidence) -> bool:
    return _routed_by_file(found) and bool(_FORM_FUNCTION.search(found.path))


def _form_taken(found: Evidence, number: int) -> tuple[str, str]:
    """What the `number`th handler counts as: the form a function takes, in its folder (the
    variants of one contact function are one form), or itself."""
    match = _FORM_FUNCTION.search(found.path) if _routed_by_file(found) else None
    if match is None:
        return ("", str(number))
    return (found.path[: match.start("form")], match.group("form").lower())


def _check_function(found: Evidence) -> bool:
    return _routed_by_file(found) and bool(_CHECK_FUNCTION.search(found.path))


def _routed_by_file(found: Evidence) -> bool:
    detail = found.detail.lower()
    return "function" in detail or "route handler" in detail


# A Python server's data of its own: an ORM's models or a database driver.
PY_DATABASE_KEYS = (
    "py.orm_models",
    *(
        f"py.dep.{name}"
        for name in (
            "sqlalchemy",
            "flask-sqlalchemy",
            "sqlmodel",
            "peewee",
            "tortoise-orm",
            "pymongo",
            "motor",
            "mongoengine",
            "flask-pymongo",
            "psycopg2",
            "psycopg2-binary",
            "psycopg",
            "asyncpg",
            "mysqlclient",
            "pymysql",
            "redis",
        )
    ),
)


# An app installed on the user's machine that starts a server itself: every listener, route
# and socket handler of the tree lies in the app's own folders. It runs the server on that
# machine, in the app, as an Electron main process does (DJ001 and DJ903 yield to DJ008).
def _app_server(
    facts: Mapping[str, Fact], folders: set[str], detail: str, ending: str = ""
) -> Iterable[Fact]:
    """desktop.local_server when every server of the tree lies in `folders` (in files whose
    names end with `ending`)."""
    listen = facts.get(LISTEN)
    if listen is None or "desktop.local_server" in facts:
        return
    served = [found for key in (LISTEN, HTTP, WS) if (found := facts.get(key)) is not None]
    if not all(_whole(found) for found in served):
        return

    def in_the_app(path: str) -> bool:
        return path.endswith(ending) and any(not f or path.startswith(f"{f}/") for f in folders)

    if all(in_the_app(e.path) for found in served for e in found.evidence):
        first = listen.evidence[0]
        yield Fact("desktop.local_server", 1, (Evidence(first.path, first.line, detail),))


# A Tauri app whose Rust side starts the server its window (or a till on the shop's network)
# talks to: in the Rust files of the crate that depends on Tauri.
def tauri_local_server(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    tauri = facts.get("cargo.dep.tauri")
    if tauri is not None:
        crates = {_folder(e.path) for e in tauri.evidence}
        yield from _app_server(
            facts, crates, "the desktop app's Rust side starts its server", ".rs"
        )


# Supabase's client is made for the browser: beside a UI framework, the pages' own client
# (they sign in and query from the browser), not a database the file server keeps.
_BROWSER_DATABASES = ("npm.dep.@supabase/supabase-js",)


def _server_databases(facts: Mapping[str, Fact]) -> tuple[str, ...]:
    if any(k in facts for k in UI_FRAMEWORKS):
        return tuple(k for k in DATABASE_DEPS if k not in _BROWSER_DATABASES)
    return DATABASE_DEPS


# A Unity project's servers (an SDK's debug listener among its assets, a game's LAN host):
# in the project's folder, the one holding its `ProjectSettings/ProjectVersion.txt`.
def unity_local_server(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    unity = facts.get("desktop.unity")
    if unity is not None:
        projects = {_folder(_folder(e.path)) for e in unity.evidence}
        yield from _app_server(facts, projects, "a server inside the Unity project: the game's own")


def file_server(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """web.file_server: the server's routes only send files or a fixed answer (rt.file_routes),
    and nothing keeps a database or a socket: a Node script that serves the pages, as nginx
    would, or a placeholder backend that answers every request the same."""
    routes = facts.get("rt.file_routes")
    if routes is None or facts.get(HTTP, _NONE).value > 0 or facts.get(WS, _NONE).value > 0:
        return
    if _sum(facts, PY_HTTP_KEYS) > _route_kinds(facts, PY_HTTP_KEYS).ops:
        return  # a Python route beside them does more than answer the same to everyone
    if any(k in facts for k in _server_databases(facts)):
        return
    detail = f"the server's {routes.value:g} routes only send files or a fixed answer"
    yield Fact("web.file_server", 1, (Evidence(".", None, detail), *routes.evidence[:2]))


# Hosts whose repositories are `host/owner/name`: a package of a module imported from one is
# `host/owner/name/sub/package`.
_GO_REPOSITORY_HOSTS = ("github.com/", "gitlab.com/", "bitbucket.org/", "golang.org/x/")


def go_imported_requirements(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """go.dep.<module> for a requirement go.mod marks `// indirect` that the code imports
    (itself or a package of it): a go.mod nobody tidied marks every requirement so, and
    the import is what makes a module a direct dependency. Code written before modules (no
    go.mod in the tree: GOPATH) declares its dependencies by importing them alone."""
    imported = [key[len("go.import.") :] for key in facts if key.startswith("go.import.")]
    if not imported:
        return
    if "go.module" not in facts:
        yield from _gopath_requirements(facts, imported)
    for key in sorted(k for k in facts if k.startswith("go.indirect.")):
        module = key[len("go.indirect.") :]
        if f"go.dep.{module}" in facts:
            continue
        within = module + "/"
        if any(path == module or path.startswith(within) for path in imported):
            listed = facts[key].evidence
            shown = tuple(
                Evidence(e.path, e.line, f"{e.detail}, imported by the code") for e in listed
            )
            yield Fact(f"go.dep.{module}", 1, shown[:1])


def _gopath_requirements(facts: Mapping[str, Fact], imported: list[str]) -> Iterable[Fact]:
    modules: dict[str, str] = {}
    for path in sorted(imported):
        host = next((h for h in _GO_REPOSITORY_HOSTS if path.startswith(h)), None)
        if host is None:
            continue  # (another host's module root is not known from a package's path)
        parts = path.split("/")
        depth = host.count("/") + (1 if host == "golang.org/x/" else 2)
        modules.setdefault("/".join(parts[:depth]), path)
    for module, path in sorted(modules.items()):
        if f"go.dep.{module}" not in facts:
            evidence = facts[f"go.import.{path}"].evidence[:1]
            shown = tuple(Evidence(e.path, e.line, f"imports {path} (no go.mod)") for e in evidence)
            yield Fact(f"go.dep.{module}", 1, shown)


def project_manage_py(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """The manage.py files that do not run a test project's settings (django.test_manage_py):
    a Django site's, where a package's test harness is not one."""
    manage = facts.get("django.manage_py")
    if manage is None:
        return
    tests = facts.get("django.test_manage_py")
    harnesses = {e.path for e in tests.evidence} if tests is not None else set()
    count = manage.value - (tests.value if tests is not None else 0)
    if count > 0:
        kept = tuple(e for e in manage.evidence if e.path not in harnesses)
        yield Fact("django.project_manage_py", count, kept)


# The names Django's add-ons are published under on PyPI (`django-ledger`,
# `wagtail-birdsong`, `djangocms-blog`, `drf-spectacular`), written as module names; Wagtail's
# are often one word (`wagtailmenus`, `wagtailmedia`), never Wagtail itself.
ADDON_PREFIXES = ("django_", "djangocms_", "wagtail_", "drf_", "dj_", "wagtail")


def course_handouts(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """repo.handouts: four files or more named by lesson or week (`hw/week1.md`), a quarter
    of the Markdown at least: a course's handouts. A wiki's or a blog's pages that happen to
    start with a number (`17-things-to-avoid.md`) are a few among thousands."""
    lessons = facts.get("repo.lesson_files")
    if lessons is None or lessons.value < 4:
        return
    if lessons.value * 4 >= facts.get("lang.files.markdown", _NONE).value:
        yield Fact("repo.handouts", lessons.value, lessons.evidence)


def django_addon(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """A reusable Django app published as a distribution under a name PyPI's add-ons go by
    (`django-ledger` is the package `django_ledger/`, `wagtail-birdsong` is `birdsong/`),
    whose migrations, templates or static files are that package's own, while the settings a
    manage.py runs, if any, are in another folder (`dev_env/`, `appointments/`): the
    rubric's add-on with a demo project. A site's apps sit inside the project that deploys
    them, or beside a settings package named for the site itself."""
    package = facts.get("py.package")
    if package is None:
        return
    owned = [e.path for key in _DJANGO_APP_PARTS for e in facts.get(key, _NONE).evidence]
    settings = facts.get("django.settings", _NONE).evidence
    for evidence in package.evidence:
        base = evidence.path.rpartition("/")[0]  # the project's folder: "" at the root
        base = f"{base}/" if base else ""
        name = re.sub(r"[-.]+", "_", evidence.detail.removeprefix("package ").strip().lower())
        prefix = next((p for p in ADDON_PREFIXES if name.startswith(p) and name != p), None)
        if prefix is None:
            continue  # (a site packaged under its app's name: `dashboard` is `dashboard/`)
        names = {name, name.removeprefix(prefix)}
        apps = {_app_folder(path[len(base) :]) for path in owned if path.startswith(base)}
        hosts = {
            e.path[len(base) :].removeprefix("src/").partition("/")[0]
            for e in settings
            if e.path.startswith(base)
        }
        for app in sorted((apps - {""}) & names):
            if app not in hosts:
                detail = f"{evidence.detail}: the Django app {app}/, hosted by settings elsewhere"
                yield Fact("django.addon", 1, (Evidence(evidence.path, evidence.line, detail),))
                return


# What a Django app's package holds of its own: `<app>/migrations/`, `<app>/templates/`,
# `<app>/static/`.
_DJANGO_APP_PARTS = ("django.migrations", "django.templates", "django.static_assets")


def _app_folder(path: str) -> str:
    """The top folder of a path inside a Django app's migrations, templates or static files
    (`src/` left out), or ""."""
    app, _, rest = path.removeprefix("src/").partition("/")
    return app if rest.startswith(("migrations/", "templates/", "static/")) else ""


# A site generator of the project's own: its Python renders templates or Markdown into
# pages (jinja2, markdown), the pages or templates are in the tree, and no code serves a
# request (no web framework imported, no handler, nothing deployed as a server).
SITE_RENDERERS = (
    "py.import.jinja2",
    "py.import.staticjinja",
    "py.import.markdown",
    "py.import.markdown2",
    "py.import.mistune",
    "py.import.markdown_it",
    "py.import.commonmark",
)
SITE_PAGES = ("django.templates", "static.html_pages", "static.template_pages")
PY_SERVER_IMPORTS = tuple(
    f"py.import.{name}"
    for name in (
        "django",
        "flask",
        "fastapi",
        "starlette",
        "aiohttp",
        "tornado",
        "sanic",
        "falcon",
        "pyramid",
        "bottle",
        "quart",
        "litestar",
        "websockets",
        "socketio",
        "flask_socketio",
        "http",
        "socketserver",
        "wsgiref",
        "cherrypy",
        "streamlit",
        "gradio",
        "dash",
    )
)
SERVES = (
    *PY_SERVER_IMPORTS,
    HTTP,
    WS,
    LISTEN,
    *PY_HTTP_KEYS,
    *PY_WS_KEYS,
    "py.http_server",
    "django.manage_py",
)


# A web server image's own command serves files, unless its config passes requests on to an
# application (the rubric: deploy files that only serve static files are not the product).
FILE_SERVER_COMMANDS = ("deploy.cmd.nginx", "deploy.cmd.httpd", "deploy.cmd.caddy")


def _serves_requests(facts: Mapping[str, Fact], allowing: tuple[str, ...] = ()) -> bool:
    """Whether code of the project serves requests (a web framework imported, a handler, a
    server started, a deployment as one), leaving out the keys in `allowing`."""
    if any(k in facts and k not in allowing for k in SERVES):
        return True
    proxied = "deploy.reverse_proxy" in facts
    return any(
        k.startswith(("deploy.cmd.", "deploy.procfile."))
        and (proxied or k not in FILE_SERVER_COMMANDS)
        for k in facts
    )


# Site generators known by their package alone: Middleman's config.rb is a name Compass and
# others use too, and a Hakyll or Cryogen site is a program built on the library.
GEM_GENERATORS = (
    ("gem.dep.middleman", "ssg.middleman"),
    ("cabal.dep.hakyll", "ssg.hakyll"),
    ("clj.dep.cryogen-core", "ssg.cryogen"),
    ("composer.dep.tightenco/jigsaw", "ssg.jigsaw"),
    ("composer.dep.sculpin/sculpin", "ssg.sculpin"),
    ("mix.dep.serum", "ssg.serum"),  # Elixir's Serum: a site built by `mix serum.build`
)


def gem_generators(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    for gem, key in GEM_GENERATORS:
        found = facts.get(gem)
        if found is not None and key not in facts:
            yield Fact(key, 1, found.evidence[:1])


# Markdown renderers and template engines of every ecosystem, as the manifests name them.
GENERATOR_RENDERERS = (
    *SITE_RENDERERS,
    "static.renders_templates",
    *(
        f"npm.dep.{name}"
        for name in (
            "marked",
            "markdown-it",
            "showdown",
            "remark",
            "unified",
            "micromark",
            "commonmark",
            "markdown",
            "gray-matter",
            "front-matter",
            "handlebars",
            "nunjucks",
            "ejs",
            "mustache",
            "pug",
            "liquidjs",
        )
    ),
    "go.dep.github.com/yuin/goldmark",
    "go.dep.github.com/russross/blackfriday",  # (any major version: go.dep drops `/vN`)
    "go.dep.github.com/gomarkdown/markdown",
    "go.dep.github.com/adrg/frontmatter",
    *(f"cargo.dep.{name}" for name in ("pulldown-cmark", "comrak", "markdown", "tera")),
    *(f"gem.dep.{name}" for name in ("kramdown", "redcarpet", "commonmarker", "liquid")),
)


def site_generator(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """static.site_generator: the project's own code renders Markdown or templates and writes
    `.html` files, and nothing of it serves a request but the standard library's preview of
    the output: it builds a site a static host serves (the rubric's static site generators, a
    personal one or a small tool)."""
    writes = facts.get("static.writes_html")
    renderer = next((facts[k] for k in GENERATOR_RENDERERS if k in facts), None)
    if writes is None or renderer is None or _serves_requests(facts, allowing=PREVIEW):
        return
    yield Fact("static.site_generator", 1, (*writes.evidence[:1], *renderer.evidence[:1]))


def frozen_app(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """A Flask app frozen into files (Frozen-Flask's Freezer): its routes run once, at build
    time, and a static host serves what they wrote."""
    found = facts.get("py.import.flask_frozen")
    if found is not None:
        yield Fact("static.frozen_app", 1, found.evidence[:1])


# ... or a renderer the requirements name, where the scripts that import it are kept apart
# (`scripts/build_static.py`, run by a `build.py`) and a workflow publishes the pages they
# write to GitHub Pages: the site is what is deployed.
SITE_RENDERER_DEPS = tuple(
    f"py.dep.{name}" for name in ("jinja2", "staticjinja", "markdown", "markdown2", "mistune")
)


def site_script(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    renderer = next((facts[k] for k in SITE_RENDERERS if k in facts), None)
    if renderer is None and "deploy.pages" in facts:
        renderer = next((facts[k] for k in SITE_RENDERER_DEPS if k in facts), None)
    pages = next((facts[k] for k in SITE_PAGES if k in facts), None)
    if renderer is None or pages is None or _serves_requests(facts):
        return
    yield Fact("static.site_script", 1, (*renderer.evidence[:1], *pages.evidence[:1]))


# A site generator at the product's root whose only server is the standard library's, started
# to preview the built pages (Pelican's tasks.py, a `python -m http.server` helper).
PREVIEW = ("py.import.http", "py.import.socketserver", "py.http_server")


def preview_server(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    generator = _generator_preview(facts)
    if generator is not None:
        yield Fact("static.preview_server", 1, generator)
        return
    roots = [
        k for k in facts if k.startswith("ssg.") and not k.endswith(".docs") and ".ssr" not in k
    ]
    if not roots:
        return
    server = facts.get("py.http_server")
    if server is None:
        server = _rack_preview(facts)
        if server is None or _serves_requests(facts, allowing=(LISTEN,)):
            return
    elif _serves_requests(facts, allowing=PREVIEW):
        return
    yield Fact("static.preview_server", 1, (*server.evidence[:1], *facts[roots[0]].evidence[:1]))


def _site_keys(facts: Mapping[str, Fact]) -> list[str]:
    """The site generators' facts (a docs site's too), sorted; not Astro asked to render on
    request (`ssg.astro.ssr`), which is a server."""
    return sorted(k for k in facts if k.startswith("ssg.") and ".ssr" not in k)


DOCS_SITE_SHARE = 0.5  # of the product's bytes in pages, for a docs generator's site alone


def site_tooling(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """static.site_tooling: a site generator's site whose every code file is a small helper
    (a script that fetches posts and runs the generator, a build hook, a page's script) or
    its preview, and nothing else serves requests: the scripts' bytes are not a server's.
    A docs site's generator counts when pages are most of the product (a docs-only
    repository); beside a larger product the docs site is the product's documentation."""
    sites = _site_keys(facts)
    code = facts.get("repo.code_files", _NONE).value
    if not sites or not code:
        return
    helpers = [facts[k] for k in ("static.helper_scripts", "static.client_js") if k in facts]
    if sum(f.value for f in helpers) < code:
        return
    if "static.preview_server" not in facts and _serves_requests(facts):
        return
    if all(k.endswith(".docs") for k in sites) and (
        facts.get("content.share.static", _NONE).value < DOCS_SITE_SHARE
    ):
        return
    shown = (*(e for f in helpers for e in f.evidence[:1]), *facts[sites[0]].evidence[:1])
    yield Fact("static.site_tooling", code, shown)


def role_based_access(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """enterprise.rbac: both roles and permissions kept as models or tables of their own (a
    role table beside a permission table, and what joins them): access granted through
    roles the app manages, not a role column or one table of roles a framework's security
    asks for."""
    access = facts.get("enterprise.access_models")
    if access is None:
        return
    roles = [e for e in access.evidence if "role" in e.detail.lower()]
    permissions = [e for e in access.evidence if "permission" in e.detail.lower()]
    if roles and permissions and {e.detail for e in roles} != {e.detail for e in permissions}:
        yield Fact("enterprise.rbac", 1, (roles[0], permissions[0]))


# A site generator's Python package, imported by a script of the site's own: it builds the
# pages, and a server beside the build in the same script previews them (a docs site's
# `serve.py` that runs MkDocs' build and a live-reloading Tornado server).
GENERATOR_PACKAGES = tuple(
    f"py.import.{name}" for name in ("mkdocs", "pelican", "sphinx", "nikola", "lektor")
)


def _generator_preview(facts: Mapping[str, Fact]) -> tuple[Evidence, ...] | None:
    """The evidence of a server whose every file also drives a site generator's build, beside
    that generator's config (a docs site's too), with no data or sockets of its own."""
    sites = _site_keys(facts)
    site = facts[sites[0]] if sites else None
    builds = [facts[k] for k in GENERATOR_PACKAGES if k in facts]
    serving = [facts[k] for k in SERVES if k in facts]
    if site is None or not builds or not serving or facts.get(WS, _NONE).value:
        return None
    if any(k in facts for k in (*DATABASE_DEPS, *PY_DATABASE_KEYS, "web.database")):
        return None
    building = {e.path for found in builds for e in found.evidence}
    if not all(_whole(f) and {e.path for e in f.evidence} <= building for f in serving):
        return None
    if _serves_requests(facts, allowing=SERVES):
        return None  # deployed as a running server
    return (serving[0].evidence[0], *site.evidence[:1])


# A Ruby site generator's `config.ru` (Bridgetown's Roda, Middleman's Rack app) serves the
# pages while they are written, or the built pages as they are: with no route of the
# project's own (`_serves_requests` looks for one), a static host could serve the same.
def _rack_preview(facts: Mapping[str, Fact]) -> Fact | None:
    found = [facts[k] for k in ("server.entry", LISTEN) if k in facts]
    places = [e.path.rpartition("/")[2] for f in found for e in f.evidence]
    if not places or any(place != "config.ru" for place in places):
        return None
    return found[0]


def notebook_exports(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """static.html_pages without the pages that are a notebook's export beside it (its
    report or slides): what is left are pages of a site. Skipped when either's evidence was
    capped, since a page or an export left out of it could be any."""
    pages, exports = facts.get("static.html_pages"), facts.get("static.notebook_exports")
    if pages is None or exports is None or not (_whole(pages) and _whole(exports)):
        return
    exported = {e.path for e in exports.evidence}
    left = tuple(e for e in pages.evidence if e.path not in exported)
    if len(left) < len(pages.evidence):
        yield Fact("static.html_pages", float(len(left)), left)


BROWSER_APP_HELPERS = 0.1  # the share of server-language bytes a browser app's helpers take


def browser_app(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    meta = next((facts[k] for k in META_FRAMEWORKS if k in facts), None)
    framework = meta or next((facts[k] for k in (*UI_FRAMEWORKS, DOM_SCRIPTS) if k in facts), None)
    bundler = meta or next((facts[k] for k in BUNDLERS if k in facts), None)
    if framework is None or bundler is None:
        return
    # A helper script or two in a server language (a sample program the app serves as an
    # asset, a script refreshing a table of MIME types) are no back end: one is code that
    # serves requests, or a tenth of the product.
    share = facts.get("content.share.server", _NONE).value
    server = facts.get("content.bytes.server", _NONE).value
    if share > BROWSER_APP_HELPERS or (
        server > 0 and _serves_requests(facts) and not _only_files_served(facts)
    ):
        return
    if any(k in facts for k in NOT_FOR_A_HOST) or any(k.startswith("mobile.") for k in facts):
        return
    shown = (framework,) if framework is bundler else (framework, bundler)
    yield Fact("web.browser_app", 1, tuple(e for f in shown for e in f.evidence[:1]))


# A front end written in a server language and compiled to WebAssembly (Blazor WebAssembly,
# Yew, Sycamore, Dioxus's web renderer, Seed): its C# or Rust runs in the browser.
WASM_UI = (
    "dotnet.sdk.microsoft.net.sdk.blazorwebassembly",
    "nuget.dep.microsoft.aspnetcore.components.webassembly",
    "cargo.dep.yew",
    "cargo.dep.sycamore",
    "cargo.dep.dioxus-web",
    "cargo.dep.seed",
)
# What serves it from a server of the project's own instead (a hosted Blazor app, a
# server-rendered Leptos or Dioxus app).
WASM_SERVERS = (
    "dotnet.sdk.microsoft.net.sdk.web",
    "cargo.dep.axum",
    "cargo.dep.actix-web",
    "cargo.dep.rocket",
    "cargo.dep.warp",
    "cargo.dep.poem",
    "cargo.dep.tide",
    "cargo.dep.leptos_axum",
    "cargo.dep.leptos_actix",
    "cargo.dep.dioxus-fullstack",
)


def wasm_app(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """web.wasm_app (and web.browser_app): a front end compiled to WebAssembly, with no
    server of the project's own: the language's bytes are the browser's."""
    ui = next((facts[k] for k in WASM_UI if k in facts), None)
    if ui is None or any(k in facts for k in WASM_SERVERS) or HTTP in facts:
        return
    if any(k in facts for k in NOT_FOR_A_HOST) or any(k.startswith("mobile.") for k in facts):
        return
    yield Fact("web.wasm_app", 1, ui.evidence[:1])
    if "web.browser_app" not in facts:
        yield Fact("web.browser_app", 1, ui.evidence[:1])


def browser_scripts(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """static.browser_scripts: hand-written pages whose every script only touches the page
    (no bundler needed): nothing of the product runs anywhere but in the browser."""
    dom, pages = facts.get(DOM_SCRIPTS), facts.get("static.html_pages")
    if dom is None or pages is None:
        return
    # A server that only sends the pages' files (a preview's `serve.py`, a Go file server) is
    # what a static host would be: its files are neither the product's server nor its tool.
    previews = _file_server_files(facts)
    if facts.get("content.bytes.server", _NONE).value > 0 and not previews:
        return
    # Every script touches the page, or the pages load as many scripts of their own as the
    # product has code files (a game whose models never touch the DOM is loaded by its page).
    loaded = facts.get("static.page_scripts", _NONE).value
    if max(dom.value, loaded) < facts.get("repo.code_files", _NONE).value - len(previews):
        return  # a script of another kind: a tool, a server
    listen = facts.get(LISTEN, _NONE)  # (its evidence whole, so a listener left out is none)
    if not _whole(listen) or not {e.path for e in listen.evidence} <= previews:
        return
    if any(k in facts for k in (HTTP, WS)) or any(k in facts for k in NOT_FOR_A_HOST):
        return
    yield Fact("static.browser_scripts", dom.value, (*pages.evidence[:1], *dom.evidence[:1]))


def _only_files_served(facts: Mapping[str, Fact]) -> bool:
    """Whether every server the tree starts only sends the pages' files (a Go
    `http.FileServer` on the folder, a preview's `serve.py`): what a static host would be."""
    previews = _file_server_files(facts)
    listen = facts.get(LISTEN, _NONE)
    return (
        bool(previews)
        and _whole(listen)
        and {e.path for e in listen.evidence} <= previews
        and not any(k in facts for k in (HTTP, WS))
    )


def _file_server_files(facts: Mapping[str, Fact]) -> set[str]:
    """The files of a server whose routes only send files (web.file_server), when its
    evidence names them all."""
    routes = facts.get("rt.file_routes")
    if "web.file_server" not in facts or routes is None or not _whole(routes):
        return set()
    return {e.path for e in routes.evidence}


def next_app(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """web.next for a Next.js app with no next.config (the file is optional): its pages are
    served by `next start` unless a config exports them (ssg.next_export)."""
    found = facts.get("npm.dep.next")
    if found is None or any(k in facts for k in ("web.next", "web.next.docs", *STATIC_BUILDS)):
        return
    yield Fact("web.next", 1, found.evidence[:1])


# What shows that the project keeps its data in a database: tables its code or schema
# declares, migrations, a framework whose models are tables (Rails, Laravel, Django,
# Ecto), or a database driver or ORM among its dependencies. Model classes known only by
# their folder (`web.models`: an ASP.NET app's `Models/` may hold view models) are not.
DATABASE_FACTS = (
    "deploy.worker_storage",  # a Worker's D1, KV, R2 or Durable Object bindings
    "py.orm_models",
    "django.models",
    "web.schema_models",
    "web.migrations",
    "django.migrations",
    "php.db",
    "py.dep.django",
    "gem.dep.rails",
    "gem.dep.activerecord",
    "composer.dep.laravel/framework",
    # (C and C++ database clients, known by the headers the code includes)
    *(f"native.db.{name}" for name in ("mysql", "postgresql", "sqlite", "mongodb", "soci")),
)
DATABASE_DEPENDENCIES = (
    *DATABASE_DEPS,  # npm's, as the form-mailer check reads them
    *PY_DATABASE_KEYS[1:],  # Python's drivers and ORMs
    *(f"npm.dep.{name}" for name in ("objection", "@mikro-orm/core")),
    *(f"py.dep.{name}" for name in ("pony", "aiomysql", "aiosqlite", "databases")),
    *(f"gem.dep.{name}" for name in ("pg", "mysql2", "sqlite3", "sequel", "mongoid")),
    *(f"composer.dep.{name}" for name in ("doctrine/orm", "illuminate/database")),
    "nuget.dep.microsoft.entityframeworkcore",
    "nuget.dep.entityframework",
    "nuget.dep.dapper",
    "nuget.dep.npgsql",
    "nuget.dep.mongodb.driver",
    "nuget.dep.system.data.sqlclient",
    "nuget.dep.microsoft.data.sqlclient",
    "nuget.dep.microsoft.data.sqlite",
    "maven.dep.org.springframework.boot:spring-boot-starter-data-",
    "gradle.dep.org.springframework.boot:spring-boot-starter-data-",
    "maven.dep.org.hibernate",
    "gradle.dep.org.hibernate",
    "maven.dep.org.postgresql:",
    "gradle.dep.org.postgresql:",
    "maven.dep.mysql:",
    "gradle.dep.mysql:",
    "maven.dep.com.mysql:",
    "gradle.dep.com.mysql:",
    "maven.dep.com.h2database:",
    "gradle.dep.com.h2database:",
    "maven.dep.org.mongodb:",
    "gradle.dep.org.mongodb:",
    *(
        f"go.dep.{name}"
        for name in (
            "gorm.io/gorm",
            "github.com/jinzhu/gorm",
            "github.com/jmoiron/sqlx",
            "github.com/lib/pq",
            "github.com/jackc/pgx",
            "go.mongodb.org/mongo-driver",
            "github.com/go-sql-driver/mysql",
            "github.com/mattn/go-sqlite3",
            "entgo.io/ent",
        )
    ),
    *(
        f"cargo.dep.{name}"
        for name in ("diesel", "sqlx", "sea-orm", "tokio-postgres", "postgres", "rusqlite")
    ),
    *(f"mix.dep.{name}" for name in ("ecto", "ecto_sql", "postgrex", "myxql")),
)


def database(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    """web.database: the facts above, or a dependency key that is one of
    DATABASE_DEPENDENCIES or continues one past a separator
    (`nuget.dep.npgsql.entityframeworkcore.postgresql`, not `npm.dep.pgn-parser`)."""
    found = next((facts[k] for k in DATABASE_FACTS if k in facts), None)
    if found is None:
        key = min(
            (k for k in facts if k.startswith(DATABASE_DEPENDENCIES) and _names_database(k)),
            default=None,
        )
        found = None if key is None else facts[key]
    if found is None:
        return
    evidence = found.evidence[:1] or (Evidence(".", None, found.key),)
    yield Fact("web.database", 1, evidence)


def _names_database(key: str) -> bool:
    for name in DATABASE_DEPENDENCIES:
        if key.startswith(name):
            rest = key[len(name) :]
            if not rest or name[-1] in "-.:/" or rest[0] in "-.:/":
                return True
    return False


DERIVATIONS.append(next_app)  # before page_endpoints and browser_app, which read web.next
DERIVATIONS.append(page_endpoints)  # first: the derivations below read rt.http_handlers
DERIVATIONS.append(event_functions)  # next: the derivations below read rt.http_handlers
DERIVATIONS.append(notebook_exports)  # before the derivations that read static.html_pages
DERIVATIONS.append(gem_generators)
DERIVATIONS.append(go_imported_requirements)
DERIVATIONS.append(project_manage_py)
DERIVATIONS.append(django_addon)
DERIVATIONS.append(course_handouts)
DERIVATIONS.append(php_mail_folders)  # before form_mailer, which reads web.mailer_file
DERIVATIONS.append(form_mailer)
DERIVATIONS.append(file_server)
DERIVATIONS.append(tauri_local_server)
DERIVATIONS.append(unity_local_server)
DERIVATIONS.append(browser_app)
DERIVATIONS.append(browser_scripts)
DERIVATIONS.append(wasm_app)
DERIVATIONS.append(site_script)
DERIVATIONS.append(frozen_app)
DERIVATIONS.append(site_generator)
DERIVATIONS.append(preview_server)
DERIVATIONS.append(site_tooling)  # after preview_server, which it reads
DERIVATIONS.append(role_based_access)
DERIVATIONS.append(database)
DERIVATIONS.append(dialled_reads)  # before tcp_hub, which adds a TCP server's loops
DERIVATIONS.append(tcp_hub)  # before realtime_summary, which reads rt.ws_handlers
DERIVATIONS.append(realtime_summary)
DERIVATIONS.append(app_routes)
DERIVATIONS.append(workspace_packages)
DERIVATIONS.append(workspace_crates)
DERIVATIONS.append(publishable_libs)
DERIVATIONS.append(trading_named)
DERIVATIONS.append(trading_transport)
DERIVATIONS.append(micropython)
DERIVATIONS.append(auth_kit)
DERIVATIONS.append(trading_component)
DERIVATIONS.append(trading_share)
DERIVATIONS.append(hft_score)
