"""Real-time share: server-side WebSocket handlers against HTTP route handlers, per language.

A chat or game server is mostly persistent-connection handlers; a REST API that pushes a
notification over Socket.IO is mostly HTTP routes with one socket event. Counting both,
in JavaScript/TypeScript (and CoffeeScript's Faye channels), Go, Rust, Elixir, C#, Ruby and
Java/Kotlin, gives the share that tells
them apart. Comments are blanked first (string contents stay: event names and paths live
in them). Client code is counted separately: a browser calling `io()` or `new WebSocket(`
is not a server.

Facts (counts; evidence is the file and line of each):
    rt.ws_handlers      server WebSocket / persistent-connection handlers
    rt.http_handlers    HTTP route handlers
    rt.listen           places where the server is started or a socket endpoint mounted
    rt.file_routes      JS routes whose handler only sends a file (a page's HTML)
    rt.socket_client    client-side socket connections (never handlers)
    rt.ws_module.<m>    handlers in module <m> that neither listens nor is wired by a
                        framework convention (value: its handler count)
    rt.package_serves.<m>  Go files of package <m> that register routes or listen
    rt.imports_module.<m>  files importing a relative (JS) or non-stdlib (Go) module <m>;
                        in JS also through a local alias (`@/lib/m`, `~/m`, `#m`)
    rt.imports_aliased.<s>.<m>  JS files importing `@<s>/.../<m>`: a package of an npm
                        scope, or a module of the project when a tsconfig maps `@<s>/*`
    js.path_alias.<s>   a tsconfig or jsconfig maps `@<s>/*` to the project's own files
    rt.ws_entry         handlers in files that listen or are wired by convention
    web.mailer_file     JS files that load a mail library (nodemailer, @sendgrid/mail ...)
    iot.mqtt            MQTT subscribe and publish calls of a server-side script that loads
                        an MQTT client (as the Python scanner reads paho's)
    desktop.local_server  an Electron main process (it opens a BrowserWindow) that starts
                        a server itself (`.listen(`) or forks the script that does: the
                        desktop app's own back end, on the user's machine
    go.import.<path>    Go files importing a package outside the standard library
    nim.import.<m>      Nim files importing a server framework (Jester, Prologue, HappyX,
                        Mummy): an app run without a .nimble file names it only there
    rails.routes_empty  a Rails routes file whose block holds no line of code
Derived (see `realtime_summary`): rt.ws_wired, rt.ws_unwired, rt.dead_socket_helper,
rt.handlers_total and rt.share.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, FileScanner, NotAnalysable, browser
from stackcheck.facts.signals.derived import (  # noqa: F401  (realtime_summary re-exported)
    CLIENT,
    HTTP,
    LISTEN,
    PY_HTTP_KEYS,
    PY_WS_KEYS,
    WS,
    realtime_summary,
)
from stackcheck.facts.signals.led import JS_SERVER_LISTEN, any_match, js_imports_of, led
from stackcheck.facts.signals.needles import any_needle
from stackcheck.facts.signals.tokens import (
    C_LIKE,
    COFFEESCRIPT,
    CSHARP,
    ELIXIR,
    ERLANG,
    GO,
    HASKELL,
    HUB_WORDS,
    JAVA,
    JAVASCRIPT,
    LUA,
    PERL,
    PYTHON,
    RUBY,
    RUST,
    Lines,
    Syntax,
    ident,
    strip_both,
)

REST = "api.rest_controllers"  # Spring REST controllers, whatever maps their routes
FILE_ROUTE = "rt.file_routes"  # routes that only send a file or a fixed answer (_file_routes)
# An endpoint module in a `pages/` folder (Astro's `src/pages/feed.json.js` exporting GET) or
# a route handler of Next.js's app router (`app/rss.xml/route.ts`): a static build runs it
# once and writes its answer to a file; only a server-rendered build serves it
# (derived.page_endpoints decides which).
PAGE_ENDPOINT = "web.page_endpoints"
PACKAGE_SERVES = "rt.package_serves."  # + a Go package that registers routes or listens


class Hit(NamedTuple):
    key: str
    offset: int
    detail: str


class Found(NamedTuple):
    """What one file contributes; `module` is None when the file is wired by convention."""

    hits: tuple[Hit, ...]
    module: str | None = None
    imports: tuple[str, ...] = ()


class Pattern(NamedTuple):
    """A pattern and its gate, compiled on first use: a scan that meets no file of a
    language does not pay for that language's patterns (all of them: about 10 ms)."""

    key: str
    source: str
    label: str  # the evidence detail; {m} is the matched text, {1} its first group
    flags: int = 0
    gate_source: str | None = None  # matches wherever `source` does; cheap to search
    gate_flags: int = 0

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.source, self.flags)

    @property
    def gate(self) -> re.Pattern[str] | None:
        return None if self.gate_source is None else _compiled(self.gate_source, self.gate_flags)


@functools.cache
def _compiled(source: str, flags: int) -> re.Pattern[str]:
    return re.compile(source, flags)


# A pattern that begins with `\b` or a look-behind cannot use the regex engine's fast scan
# for a leading literal, and costs a try at every position of the file. Its gate is the same
# pattern without that leading assertion (so it matches wherever the pattern does) and, when
# what remains starts with a literal, is searched at memchr speed first.
_LEADING_ASSERTION = re.compile(r"^(?:\\b|\(\?<!(?:\[[^\]]*\]|[^()])*\))")


def _gate_for(regex: str) -> str | None:
    rest = _LEADING_ASSERTION.sub("", regex, count=1)
    if rest != regex and rest[:1].isalnum():
        return rest
    return None


def _p(
    key: str, regex: str, label: str = "{m}", flags: int = 0, gate: str | None = None
) -> Pattern:
    if gate is not None:
        return Pattern(key, regex, label, flags, gate, flags)
    return Pattern(key, regex, label, flags, _gate_for(regex))


class Source(NamedTuple):
    """Two views of one file: comments blanked (`code`), and string contents blanked too."""

    code: str
    blank: str

    def in_code(self, offset: int) -> bool:
        """False where the offset lies inside a string literal: `"app.get('/x')"` is text."""
        return self.code[offset] == self.blank[offset]


def _views(text: str, syntax: Syntax) -> Source:
    blank, code = strip_both(text, syntax)
    return Source(code, blank)


def _hits(patterns: Iterable[Pattern], src: Source) -> list[Hit]:
    found = []
    for pattern in patterns:
        if pattern.gate is not None and pattern.gate.search(src.code) is None:
            continue
        for match in pattern.regex.finditer(src.code):
            if src.in_code(match.start()):
                found.append(Hit(pattern.key, match.start(), _label(pattern.label, match)))
    return found


def _label(template: str, match: re.Match[str]) -> str:
    text = " ".join(match.group(0).split())
    group = next((g for g in match.groups() if g), "") if match.re.groups else ""
    detail = template.replace("{m}", text).replace("{1}", " ".join(group.split()))
    return detail if len(detail) <= 90 else detail[:87] + "..."


# --- JavaScript / TypeScript -------------------------------------------------------------

JS_EXTENSIONS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx")

_Q = r"""['"`]"""
# Whole-file questions, asked of every JavaScript file: each alternative begins with its
# literal (led.py), so a file holding none of them is passed over at memchr speed.
_JS_SOCKET_SERVER = (
    *js_imports_of(
        r"socket\.io|ws|uWebSockets\.js|express-ws|@nestjs/websockets|@fastify/websocket"
        r"|@hono/node-ws|sockjs|net|node:net|websocket|websocket-server|faye-websocket"
        r"|engine\.io|primus|sse|express-sse|sse-channel"
    ),
    led(r"WebSocketServer\b", word=True),
    led(r"WebSocket\s*\.\s*Server\b", word=True),
    led(r"Deno\.upgradeWebSocket"),
    led(r"acceptWebSocket\b", word=True),  # Deno's standard library before Deno.upgradeWebSocket
)
# A module that sends mail: what a contact form's handler does (web.mailer_file).
_JS_MAILER = js_imports_of(
    r"nodemailer|@sendgrid/mail|mailgun\.js|mailgun-js|postmark|resend|@emailjs/[\w-]+|emailjs"
)
_JS_MAILER_WORDS = ("mail", "resend")  # (a script that loads postmark speaks of mail)
# A module that talks MQTT (`mqtt.connect(url)`, `client.subscribe("sensors/#")`): a service
# taking devices' readings or sending their commands. In the browser's folders the same calls
# are a dashboard's, talking to the broker itself.
_JS_MQTT = js_imports_of(r"mqtt|async-mqtt|precompiled-mqtt|mqtt/[\w./-]+")
_JS_MQTT_CALL = re.compile(r"\.\s*(?:subscribe|publish)(?:Async)?\s*\(")
_JS_SOCKET_CLIENT_IMPORT = js_imports_of(
    r"socket\.io-client|sockjs-client|ngx-socket-io|@microsoft/signalr"
)
_JS_DOM = browser.DOM
# A module loading a server framework or Node's servers serves, whatever its folder is called
# (an API's routers kept under `src/public/api/`).
_JS_SERVER_IMPORT = js_imports_of(
    r"node:(?:https?|net)|https?|net|express|koa|fastify|hono|elysia|socket\.io|ws|@nestjs/[\w-]+"
)
# ... and one that reads Node's files or environment runs in Node, not in a page.
_JS_SERVER_MARKER = (
    *_JS_SERVER_IMPORT,
    *js_imports_of(r"node:[\w/]+|fs|path"),
    led(r"process\.env\b", word=True),
    led(r"__dirname\b", word=True),
)
# Node's EventEmitter: `addListener` is `on` under its older name, `prependListener` puts the
# handler first; servers written before `on` was usual (and their connections) use them.
_JS_ON = r"(?:on|once|addListener|prependListener|prependOnceListener)"
# An event named by a constant instead of a string: `EventTypes.NEW_USER`, `JOIN_ROOM`, or
# a member of an enum-like object (`SocketEvents.logout`, its name capitalised).
_JS_EVENT_CONSTANT = (
    r"""[A-Za-z_$][\w$]*\s*\.\s*[A-Z_$][\w$]*|[A-Z][\w$]*\s*\.\s*[a-z][\w$]*|[A-Z][A-Z0-9_]{2,}"""
)
_JS_CONNECTION = re.compile(
    rf"""(?<![\w$])(?P<recv>[\w$]+(?:\s*\.\s*of\s*\([^)\n]{{0,200}}\))?)\s*\.\s*{_JS_ON}\s*\(\s*"""
    rf"""(?:{_Q}(?:connection|connect){_Q}|(?:[\w$]+\s*\.\s*)?(?:CONNECTION|CONNECT|[Cc]onnection|[Cc]onnect)\b)"""
    r"""\s*,\s*(?:async\s+)?(?:function\b\s*[\w$]*\s*)?\(?\s*(?P<param>[\w$]+)"""
)
_JS_EVENT = re.compile(
    rf"""(?<![\w$])(?P<recv>[\w$]+)\s*\.\s*{_JS_ON}\s*\(\s*"""
    rf"""(?:(?P<q>{_Q})(?P<event>[^'"`\n]{{1,80}})(?P=q)|(?P<constant>{_JS_EVENT_CONSTANT})\s*,)"""
)
_JS_SOCKET_NAME = re.compile(r"^(?:ws|\w*[Ss]ocket\w*)$")
# In a module that loads a socket server's library (its types too: `import type WebSocket
# from 'ws'`), a connection kept under that name (`this.connection.on('message', ...)`, a
# game's per-player `Connection` class) is a client's socket: its messages are handled here.
_JS_CONNECTION_NAME = re.compile(r"^(?:conn|connection|client|peer)$")
_JS_CONNECTION_EVENTS = frozenset({"message", "close", "data", "end"})
# (a WebSocket library's: a `net` client's connection is a dialled one as often)
_JS_WS_LIBRARY = js_imports_of(r"ws|socket\.io|uWebSockets\.js|@fastify/websocket|websocket")
# A socket the file opens itself (`this.ws = new WebSocket(url)`): a client of another
# server (an exchange's stream), whose `open`, `message` and `close` events are the client's;
# a server's sockets come to it in its `connection` events.
_JS_CLIENT_SOCKET = re.compile(
    r"(?<![\w$.])(?:this\s*\.\s*)?(?P<name>[\w$]+)\s*=\s*new\s+(?:Reconnecting)?WebSocket\s*\("
)
# A UDP socket (`dgram.createSocket("udp4")`) keeps no connection: its events are datagrams.
_JS_DATAGRAM_SOCKET = re.compile(
    r"(?<![\w$.])(?:this\s*\.\s*)?(?P<name>[\w$]+)\s*=\s*(?:[\w$]+\s*\.\s*)?createSocket\s*\("
)
_JS_EVENT_NAME = rf"""(?P<q>{_Q})(?P<event>[^'"`\n]{{1,80}})(?P=q)"""
# A helper that registers its first argument as a socket's event, wrapping each handler (in
# error handling, say): `const safe = (name, handler) => socket.on(name, ...)`. Each call
# `safe("send_message", ...)` is then an event handler.
_JS_EVENT_WRAPPER = re.compile(
    r"""(?:\b(?:const|let|var)\s+(?P<arrow>[\w$]+)\s*=\s*(?:async\s*)?\(\s*(?P<arrow_event>[\w$]+)"""
    r"""\s*,[^)\n]*\)\s*=>|\bfunction\s+(?P<function>[\w$]+)\s*\(\s*(?P<function_event>[\w$]+)"""
    rf"""\s*,[^)\n]*\)\s*\{{)\s*\{{?\s*(?:return\s+)?(?P<recv>[\w$]+)\s*\.\s*{_JS_ON}\s*\("""
    r"""\s*(?P<event>[\w$]+)\s*,"""
)
# In a module that loads a socket server library and accepts connections (a `connection`
# handler, or WebSocket-Node's `request.accept(...)`), its connections too (`connection`,
# `this._conn`): what receives events there is a client's socket. A module that only opens
# one (`new WebSocket(url)` with `ws`, a client script) accepts none.
_JS_SERVER_SOCKET_NAME = re.compile(r"^_*(?:conn|connection|\w*Connection|\w*_connection)$")
_JS_ACCEPT = re.compile(r"\.\s*accept\s*\(")
_JS_WS_RECEIVERS = re.compile(r"^(?:io|wss|nsp|namespace|\w*[Ss]ocket\w*)$")
_JS_ROUTE_RECEIVER = (
    r"(?:app|router|api|server|fastify|hono|routes?|r|v\d+|[\w$]*Router|[\w$]*App|[\w$]*Api)"
)
# A route declared on its receiver: `.get("/path"`, `.post('*'`, ...
_JS_ROUTE_METHODS = r"(?:get|post|put|patch|delete|del|all|options|head)"
_JS_ROUTE_CALL = rf"\s*\.\s*{_JS_ROUTE_METHODS}\s*\(\s*{_Q}[/*][^'\"`\n]{{0,200}}{_Q}"
# Server-Sent Events, in any language: a handler that answers with `text/event-stream` holds
# the response open per subscriber, as a socket is held.
# (Not a client asking for one: `Accept: "text/event-stream"` in a request to a model's API.)
EVENT_STREAM = _p(
    WS,
    r"(?<!ccept:)(?<!ccept: )(?<!ccept\":)(?<!ccept\": )(?<!ccept':)(?<!ccept': )"
    r"(?<!ccept\", )(?<!ccept', )[\"'`]text/event-stream[\"'`]",
    "Server-Sent Events stream",
    gate=r"text/event-stream",
)
_JS_PATTERNS = (
    _p(
        WS,
        rf"(?<![\w$])[\w$]+(?:\(\s*\))?\s*\.\s*ws\s*\(\s*{_Q}[^'\"`\n]{{0,200}}{_Q}",
        "{m}, ...)",
        gate=r"\.\s*ws\s*\(",
    ),
    _p(WS, r"@SubscribeMessage\s*\(\s*([^)\n]*)\)", "@SubscribeMessage({1})"),
    # NestJS's Server-Sent Events route: the response is held open per subscriber.
    _p(WS, r"@Sse\s*\(\s*([^)\n]*)\)", "Server-Sent Events @Sse({1})"),
    _p(WS, r"\bDeno\.upgradeWebSocket\s*\(", "Deno.upgradeWebSocket(...)"),
    # Deno's standard library before 1.12: `serve({ port })` iterated for requests, each
    # WebSocket accepted with `acceptWebSocket(...)`.
    # (Not a Durable Object's `this.state.acceptWebSocket(ws)`, its sockets' hibernation.)
    _p(WS, r"(?<![\w$.])acceptWebSocket\s*\(", "acceptWebSocket(...)"),
    _p(LISTEN, r"(?<![\w$.])serve\s*\(\s*\{\s*(?:port|hostname)\b", "{m}...})"),
    # (Not the webpack dev server's own app, `devServer.app.get("/health", ...)`: a build
    # plugin's routes answer the developer's browser, never the deployed site's visitors.)
    _p(
        HTTP,
        rf"(?<![\w$])(?<!devServer\.)(?:this\s*\.\s*)?{_JS_ROUTE_RECEIVER}{_JS_ROUTE_CALL}",
        "{m}, ...)",
        gate=rf"\.\s*{_JS_ROUTE_METHODS}\s*\(\s*{_Q}[/*]",
    ),
    # Routes chained one after another on the app (`app.use(log)\n.post('/login', login)\n
    # .get('/user/:id', auth, get)`), each after the call before it, its handlers after the path;
    # in a file that loads Express (a test's `request(app).get('/x')` names no handler).
    _p(
        HTTP,
        rf"\)\s*(\.\s*{_JS_ROUTE_METHODS}\s*\(\s*{_Q}/[^'\"`\n]{{0,200}}{_Q})\s*,",
        "{1}, ...)",
        gate=r"""(?:require\s*\(|from)\s*['"]express['"]""",
    ),
    _p(
        HTTP,
        rf"(?<![\w$])(?:this\s*\.\s*)?{_JS_ROUTE_RECEIVER}\s*\.\s*route\s*\(\s*(?:{_Q}/|\{{)",
        "{m}...)",
        gate=r"\.\s*route\s*\(",
    ),
    _p(HTTP, r"@(?:Get|Post|Put|Patch|Delete|All|Options|Head)\s*\([^)\n]*\)", "{m}"),
    # ts-rest's NestJS handlers: a route of the contract the decorator names
    # (`@TsRestHandler(contract.sendMessage)`), its method and path written in the contract.
    _p(HTTP, r"@TsRest(?:Handler)?\s*\([^)\n]*\)", "{m}", gate="@TsRest"),
    # Fastify's routes, typed (`fastify.post<Route>("", ...)`) and relative to the prefix the
    # plugin is registered under (an empty path is the prefix itself).
    _p(
        HTTP,
        rf"(?<![\w$.])fastify\s*\.\s*{_JS_ROUTE_METHODS}\s*(?:<[^<>()\n]{{1,100}}>)?\s*\(\s*"
        rf"{_Q}(?:[/*][^'\"`\n]{{0,200}})?{_Q}",
        "{m}, ...)",
        gate=r"fastify\s*\.",
    ),
    # tRPC's procedures: a query or a mutation resolved by the server, each an endpoint its
    # client calls over HTTP (`publicProcedure.input(schema).query(async ({ input }) => ...)`).
    # (A subscription is its WebSocket side.)
    _p(
        HTTP,
        r"\.\s*(?:query|mutation)\s*\(\s*(?:async\s+)?(?:\(|[\w$]+\s*=>|function\b)",
        ".{m}...)",
        # (a router names its procedures, `t.procedure` or `publicProcedure`: a literal the
        # regex engine skips to, where a class of letters first is tried at every position)
        gate=r"rocedure",
    ),
    # Meteor's server methods and publications: the app's API, which its clients call over
    # Meteor's own protocol (`Meteor.methods({ "genes.find"(...) {...} })`), and its
    # handlers mounted on the web server (`WebApp.connectHandlers.use("/api", ...)`).
    _p(
        HTTP,
        r"\bMeteor\s*\.\s*(?:methods|publish)\s*\(|\bWebApp\s*\.\s*(?:raw)?[cC]onnectHandlers"
        r"\s*\.\s*use\s*\(",
        "{m}...)",
        gate=r"Meteor|WebApp",
    ),
    # A router written by hand (Node's `http.createServer`, a Worker's `fetch`): a branch on
    # the request's method and its path, in either order:
    # `if (req.method === "GET" && req.url === "/api/users")`. (Written so, with one space at
    # most before the comparison: the needles ".method ==" and ".method==" then find every
    # file that has one, and a variable or a property set called `method` opens no file.)
    _p(
        HTTP,
        rf"\b(?:req|request)\.method ?===?\s*{_Q}(?:GET|POST|PUT|PATCH|DELETE){_Q}"
        rf"\s*&&\s*(?:[\w$]+\s*\.\s*)*(?:url|pathname|path)\s*===?\s*{_Q}/[^'\"`\n]{{0,200}}{_Q}",
        "{m}",
        gate=r"method ?===?",  # (led by a word: a gate led by `.` is tried at every dot)
    ),
    _p(
        HTTP,
        # (from the path's own name: a receiver before it, tried at every position of a large
        # file, cost more than the rest of the file's patterns together)
        rf"\b(?:url|pathname|path)\s*===?\s*{_Q}/[^'\"`\n]{{0,200}}{_Q}"
        rf"\s*&&\s*(?:req|request)\.method ?===?\s*{_Q}(?:GET|POST|PUT|PATCH|DELETE){_Q}",
        "{m}",
        gate=r"method ?===?",  # (led by a word: a gate led by `.` is tried at every dot)
    ),
    # Midway's serverless functions: `@ServerlessTrigger(TriggerType.HTTP, { path, method })`.
    _p(HTTP, r"@ServerlessTrigger\s*\(\s*(?:Serverless)?TriggerType\s*\.\s*HTTP\b", "{m}, ...)"),
    _p(
        HTTP,
        r"\bexport\s+(?:async\s+)?function\s+(GET|POST|PUT|PATCH|DELETE)\s*\(",
        "route handler export {1}",
    ),
    # (not a client's `listen(query)`: Sanity's and other clients subscribe to changes so)
    _p(
        LISTEN,
        r"(?<![\w$])(?![\w$]*[Cc]lient\b)[\w$]+\s*" + JS_SERVER_LISTEN,
        "{m}...)",
        gate=r"\.\s*listen\s*\(",
    ),
    _p(LISTEN, r"\)\s*" + JS_SERVER_LISTEN, "(...).listen(...)", gate=r"\.\s*listen\s*\("),
    _p(LISTEN, r"(?<![\w$])io\s*\.\s*attach\s*\(", "io.attach(...)"),
    _p(LISTEN, r"\bnew\s+(?:[\w$]+\.)?Server\s*\(\s*[\w$]*(?:[Ss]erver|app)\b", "{m})"),
    # A server given its port: Socket.IO's `new Server(process.env.PORT || 8080, {...})`.
    _p(
        LISTEN,
        r"\bnew\s+(?:[\w$]+\.)?Server\s*\(\s*(?:\d{2,5}\b|process\.env\.[\w$]*PORT\b|[\w$]*(?:PORT|[Pp]ort)\b)",
        "{m}...)",
    ),
    _p(LISTEN, r"""require\s*\(\s*['"]socket\.io['"]\s*\)\s*\(\s*[\w$]+""", "{m})"),
    _p(
        LISTEN,
        r"\bnew\s+(?:WebSocket\s*\.\s*Server|WebSocketServer|WSServer)\s*\(\s*\{[^)]{0,300}?\b(?:port|server)\b",
        "{m}...)",
    ),
    _p(
        LISTEN,
        r"\b(?:Bun|Deno)\s*\.\s*serve\s*(?:<[^>\n]{0,200}>\s*)?\(",
        "{m}...)",
        gate=r"serve\s*[(<]",
    ),
    # Faye: a Bayeux pub/sub server mounted on an HTTP server.
    _p(WS, r"\bnew\s+Faye\s*\.\s*NodeAdapter\s*\(", "Faye pub/sub server {m}...)"),
    # An MQTT broker embedded in the server (Aedes, Mosca): every client keeps a connection
    # it subscribes and publishes on.
    _p(
        WS,
        r"""(?:require\s*\(\s*|from\s+)['"](?:aedes|mosca)['"]""",
        "MQTT broker {m}",
        gate=r"aedes|mosca",
    ),
    _p(LISTEN, r"\bnew\s+mosca\s*\.\s*Server\s*\(", "{m}...)", gate=r"mosca"),
    # Cloudflare Workers: a WebSocket accepted from a pair, and a Durable Object's handlers
    # of the hibernation API (`async webSocketMessage(ws, message)`).
    _p(WS, r"\bnew\s+WebSocketPair\s*\(", "{m})", gate="WebSocketPair"),
    _p(
        WS,
        r"(?<![\w$.])webSocket(?:Message|Close|Error)\s*\(\s*[\w$]+\s*[:,)]",
        "{m}...)",
        gate=r"webSocket(?:Message|Close|Error)",
    ),
    # Colyseus: a room's message handlers, and its clients joining and leaving (a room
    # extends `Room` or `colyseus.Room`); its Arena or tools entry's `listen(config)`.
    _p(
        WS,
        rf"(?<![\w$])this\s*\.\s*onMessage\s*\(\s*(?:{_Q}|\*|[\w$.]+\s*,)",
        "{m}...)",
        gate=r"extends\s+(?:[\w$]+\s*\.\s*)?Room\b",
    ),
    _p(
        WS,
        r"^[ \t]*(?:(?:public|protected|override|async)[ \t]+)*"
        r"on(?:Join|Leave)\s*\(\s*[\w$]+\s*[:,)]",
        "{m}...)",
        re.MULTILINE,
        gate=r"extends\s+(?:[\w$]+\s*\.\s*)?Room\b",
    ),
    # A module Worker (and Bun's default export): the runtime calls its fetch handler.
    _p(
        LISTEN,
        r"\bexport\s+default\s*\{[^{}]{0,300}?(?<![\w$.])(?:async\s+)?fetch\s*\(\s*[\w$]+",
        "export default { fetch(...) }",
        gate=r"export\s+default\s*\{",
    ),
    EVENT_STREAM,
    _p(
        LISTEN,
        r"(?<![\w$])[\w$]+\s*\.\s*attach\s*\(\s*[\w$]*[Ss]erver\b",
        "{m})",
        gate=r"attach\s*\(",
    ),
)
_JS_CLIENT_PATTERNS = (
    _p(CLIENT, r"(?<![\w$.])io\s*(?:\.\s*connect\s*)?\(", "socket.io client {m}...)"),
    _p(CLIENT, r"\bnew\s+(?:Reconnecting)?WebSocket\s*\(", "{m}...)"),
    _p(CLIENT, r"\bnew\s+SockJS\s*\(", "{m}...)"),
    _p(CLIENT, r"\bnew\s+(?:signalR\.)?HubConnectionBuilder\s*\(", "{m})"),
)
# `\b` is checked by hand (_relative_imports): a pattern led by it gives the regex engine no
# first character to skip to, and this one runs over every JavaScript file.
# Besides `./x` and `../x`, the specifiers a bundler or tsconfig resolves in the project:
# `@/x` and `~/x` (the usual aliases of the source folder), `#x` (package.json `imports`),
# and `@scope/x`, which names an npm package unless a tsconfig maps the scope (judged once
# the tree's facts are merged: `js.path_alias.<scope>`).
_JS_RELATIVE_IMPORT = re.compile(
    r"""(?:require\s*\(|import\s*\(|from|import)\s*(['"])"""
    r"""(\.{1,2}(?:/[^'"\n]*)?|[@~#][^'"\n]*)\1"""
)
_JS_MODULE_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx", ".json")


# Text that every JS pattern above needs (as formatters write it: `app.get(`, not
# `app . get (`; routes aligned by hand, `app.post   ('/login', ...)`, too). A file with none
# of them only contributes its relative imports, read without blanking comments: most
# modules of a large front-end or library are such files.
_JS_WORTH_STRIPPING = (
    *(".on(", ".once(", ".ws(", "listen(", "io(", "io.connect", "attach(", ".route("),
    *(".get(", ".post(", ".put(", ".patch(", ".delete(", ".del(", ".all(", ".options("),
    *(".get ", ".post ", ".put ", ".patch ", ".delete "),
    *(".head(", "WebSocket", "SockJS", "HubConnectionBuilder", "@Get", "@Post", "@Put"),
    *(".addListener(", ".prependListener(", ".prependOnceListener("),
    *("@Patch", "@Delete", "@All", "@Options", "@Head", "@SubscribeMessage", "function GET"),
    "@Sse",
    "@TsRest",
    *("function POST", "function PUT", "function PATCH", "function DELETE", ".serve("),
    *("upgradeWebSocket", "Server(", "socket.io", "NodeAdapter", ".onmessage", "websocket:"),
    *("webSocket", ".onMessage(", "extends Room", "export default {", "text/event-stream"),
    "@ServerlessTrigger",
    "export const prerender",  # an Astro endpoint served on demand (_ON_DEMAND_ENDPOINT)
    "addService",  # a gRPC server's service (_GRPC_PATTERNS)
    "SocketCluster",
    "@hocuspocus/server",
    "postToConnection",
    "aws-lambda-ws-server",
    "connectionId",  # an API Gateway WebSocket route's function (_API_GATEWAY_CONNECTION)
    ".method ==",
    ".method==",
    "serve({",
    "Meteor.methods",
    "Meteor.publish",
    "connectHandlers",
    "fastify.",  # (a typed route, `fastify.post<Route>(`, has no `.post(`)
    "encore.dev",  # an Encore.ts service's endpoints (_ENCORE_ENDPOINT)
    "rocedure",  # (a tRPC router's procedures: `.query(`, `.mutation(`, as their gate has it)
)


_js_worth_stripping = any_needle(_JS_WORTH_STRIPPING)


def _relative_imports(text: str) -> Iterator[re.Match[str]]:
    """What `\b` + _JS_RELATIVE_IMPORT finds: a match whose keyword continues a longer word
    (`xfrom "./a"`) does not count, and the search goes on from the next character."""
    pos = 0
    while (match := _JS_RELATIVE_IMPORT.search(text, pos)) is not None:
        start = match.start()
        before = text[start - 1] if start else ""
        if before and (before.isalnum() or before == "_"):
            pos = start + 1
            continue
        yield match
        pos = match.end()


# Frameworks that make a module an endpoint by where it lies: Next.js's pages router serves
# each module under `pages/api/` by its default export, Nuxt's server (Nitro) each handler
# under `server/api/` or `server/routes/` (`defineEventHandler`), and SvelteKit's `+server.ts`
# and Next's app-router `route.ts` export their methods as functions (a pattern above) or as
# constants. (Astro's endpoints do too, anywhere under src/pages/, and are mostly
# prerendered feeds: not counted.)
_EXPORTED_METHOD = re.compile(
    r"\bexport\s+const\s+(?:GET|POST|PUT|PATCH|DELETE)\s*(?::\s*[\w$.<>]+\s*)?="
)
_NITRO_HANDLER = re.compile(r"\bdefine(?:Cached)?EventHandler\s*\(")
# A serverless function (Netlify's, Lambda's through a functions folder, Firebase's,
# Cloudflare Pages' `onRequestGet`/`onRequestPost` per method): each module in the folder
# answers requests through the handler it exports.
_FUNCTION_HANDLER = re.compile(
    r"\b(?:module\s*\.\s*)?exports\s*\.\s*handler\s*="
    # (the handler defined first, then exported by name: `module.exports = { handler }`)
    r"|\bmodule\s*\.\s*exports\s*=\s*\{[^{}]{0,200}?\bhandler\b"
    r"|\bexport\s*\{[^{}]{0,200}?\bhandler\b"
    r"|\bexport\s+(?:const|let|var|async\s+function|function)\s+handler\b"
    r"|\bexport\s+(?:const|let|async\s+function|function)\s+onRequest"
    r"(?:Get|Post|Put|Patch|Delete|Head|Options)?\b"
    r"|\bexport\s+default\s+async\s+(?:function\b|\()"
    r"|\.\s*https\s*\.\s*onRequest\s*\("
)
# A Remix (or React Router framework) route module's `loader` and `action`: the server code
# that reads and changes the page's data.
_REMIX_DATA = re.compile(
    r"\bexport\s+(?:async\s+function|function|const|let)\s+(?:loader|action)\b"
)
_ROUTE_PLACES = (
    ("/pages/api/", re.compile(r"\bexport\s+default\b"), "Next.js API route (default export)"),
    ("/app/routes/", _REMIX_DATA, "Remix route module's loader or action"),
    ("/+server.", _EXPORTED_METHOD, "route handler exported as a constant"),
    ("/route.", _EXPORTED_METHOD, "route handler exported as a constant"),
    ("/server/api/", _NITRO_HANDLER, "Nitro route handler"),
    ("/server/routes/", _NITRO_HANDLER, "Nitro route handler"),
    ("/functions/", _FUNCTION_HANDLER, "serverless function handler"),
    ("/lambdas/", _FUNCTION_HANDLER, "serverless function handler"),
    ("/lambda/", _FUNCTION_HANDLER, "serverless function handler"),
)
# Wherever it lies, a Lambda function typed by API Gateway's event answers HTTP requests.
_API_GATEWAY = "APIGateway"
_API_GATEWAY_ROUTE = (_FUNCTION_HANDLER, "API Gateway Lambda handler")


# Vercel's functions: each module in the `api/` folder at the project's root is an endpoint,
# its default export (or `module.exports`) the handler: `export default function handler(req,
# res)`. (Not any `api/` folder: a front end's `src/api/` holds the client's calls.)
_VERCEL_FOLDER = "api/"
_VERCEL_HANDLER = re.compile(
    r"\bexport\s+default\s+(?:async\s+)?(?:function\b|\()"
    r"|\bmodule\s*\.\s*exports\s*=\s*(?:async\s+)?(?:function\b|\()"
)
_VERCEL_ROUTE = (_VERCEL_HANDLER, "Vercel function (default export of api/)")


# Sapper's endpoints (and SvelteKit's before its 1.0): a script in `src/routes/` exporting
# its methods in lower case (`export async function get(req, res)`, `del` for DELETE). A
# file or folder whose name starts with `_` is no route, and SvelteKit's `+` modules are
# read above. Page endpoints: SvelteKit's adapter-static runs them once, at build.
_SAPPER_ROUTES = "src/routes/"
_SAPPER_METHOD = re.compile(
    r"\bexport\s+(?:async\s+function|function|const|let)\s+(?:get|post|put|patch|del)\b"
)
_SAPPER_ENDPOINT = (_SAPPER_METHOD, "Sapper endpoint (exported method)")


def _sapper_endpoint(path: str) -> bool:
    head, found, rest = path.partition(_SAPPER_ROUTES)
    return (
        bool(found)
        and (not head or head.endswith("/"))
        and not any(part.startswith(("_", "+")) for part in rest.split("/"))
    )


def _route_place(path: str) -> tuple[re.Pattern[str], str] | None:
    """How a module is an endpoint where it lies (_ROUTE_PLACES), or None."""
    if path.startswith(_VERCEL_FOLDER):
        return _VERCEL_ROUTE
    if _sapper_endpoint(path):
        return _SAPPER_ENDPOINT
    where = f"/{path}"
    for place, pattern, detail in _ROUTE_PLACES:
        if place in where:
            return pattern, detail
    return None


def _placed_route(route: tuple[re.Pattern[str], str], src: Source) -> list[Hit]:
    found = route[0].search(src.code)
    if found is None:
        return []
    # (a Sapper or early SvelteKit endpoint is the meta-framework's: a static export or
    # adapter writes it to a file once, derived.page_endpoints decides)
    key = PAGE_ENDPOINT if route is _SAPPER_ENDPOINT else HTTP
    return [Hit(key, found.start(), route[1])]


# Encore.ts: a service's endpoints are the functions it declares with `api(...)` from
# `encore.dev/api` (`export const get = api({ method: "GET", path: "/files/:id", expose:
# true }, handler)`); Encore's runtime serves them, with no listen of the app's own. Its
# streaming endpoints (`api.streamIn`, `api.streamOut`, `api.streamInOut`) hold a socket.
_ENCORE_ENDPOINTS = (
    _p(HTTP, r"(?<![\w$.])api(?:\s*\.\s*raw)?\s*\(\s*\{", "Encore endpoint {m}...})"),
    _p(
        WS,
        r"(?<![\w$.])api\s*\.\s*stream(?:In|Out|InOut)\s*(?:<[^>\n]{0,120}>)?\s*\(",
        "Encore stream {m}...)",
    ),
)


# Hocuspocus: a collaborative-editing (Yjs) server; every editor keeps a WebSocket to it
# while it syncs and stores the documents. Its server is made or configured in a module that
# loads it (`Server.configure({...})`, `new Hocuspocus(...)`).
_HOCUSPOCUS = "@hocuspocus/server"
_HOCUSPOCUS_PATTERNS = (
    _p(
        WS,
        r"""(?:require\s*\(\s*|from\s+)['"]@hocuspocus/server['"]""",
        "Hocuspocus collaboration server {m}",
    ),
    _p(LISTEN, r"\b(?:Server\s*\.\s*configure|new\s+(?:Server|Hocuspocus))\s*\(", "{m}...)"),
)
# API Gateway's WebSocket API: a Lambda function that answers each connection's events and
# pushes to a connection by its id (`postToConnection`), or that aws-lambda-ws-server wraps.
_API_GATEWAY_WEBSOCKET = (
    _p(WS, r"\.\s*postToConnection\s*\(", "API Gateway WebSocket {m}...)"),
    _p(
        WS,
        r"""(?:require\s*\(\s*|from\s+)['"]aws-lambda-ws-server['"]""",
        "API Gateway WebSocket {m}",
    ),
)
_API_GATEWAY_CONNECTION = re.compile(r"\brequestContext\s*\??\.\s*connectionId\b")
# Colyseus' Arena and tools entry: `listen(config)`, imported from `@colyseus/arena` or
# `@colyseus/tools` (a bare `listen(...)` means nothing in another module).
_COLYSEUS_ENTRY = re.compile(r"@colyseus/(?:arena|tools)")
_COLYSEUS_LISTEN = _p(LISTEN, r"(?<![\w$.])listen\s*\(\s*[\w$]+", "{m}...)")


# SocketCluster starts its socket server from options (`new SocketCluster({...})`) and runs
# the module a path in them names (`workerController: __dirname + "/worker.js"`) in each
# worker process: that module's socket handlers are wired by the path, as by an import.
_SOCKETCLUSTER = _p(LISTEN, r"\bnew\s+SocketCluster\s*\(", "{m}...)")
_SOCKETCLUSTER_CONTROLLER = re.compile(
    r"\b(?:workerController|brokerController)\s*:\s*[^,\n]*?['\"`]([^'\"`\n]+)['\"`]"
)


def _socketcluster_controllers(code: str) -> Iterator[str]:
    for match in _SOCKETCLUSTER_CONTROLLER.finditer(code):
        name = _js_import_name(match.group(1))
        if name is not None:
            yield name


# A router made in the file under any name (`var users = express.Router()`,
# `const auth = Router()`, `const r = new Router()`): its method calls are routes, as an
# `app.get` or `router.get` is.
_JS_ROUTER_MADE = re.compile(
    r"\b(?:const|let|var)\s+([\w$]+)\s*=\s*(?:new\s+)?(?:express\s*\.\s*)?Router\s*\("
)


def _named_router_routes(src: Source) -> list[Hit]:
    """The routes of routers whose names the receivers of _JS_PATTERNS do not cover."""
    names = {
        m.group(1)
        for m in _JS_ROUTER_MADE.finditer(src.code)
        if not re.fullmatch(_JS_ROUTE_RECEIVER, m.group(1))
    }
    if not names:
        return []
    receivers = "|".join(re.escape(name) for name in sorted(names))
    route = _p(HTTP, rf"(?<![\w$.])(?:{receivers}){_JS_ROUTE_CALL}", "{m}, ...)")
    return _hits([route], src)


# A React Server Functions module (`"use server"` as its first statement: Next.js's server
# actions): each function it exports runs on the server when a form or a component calls
# it, an endpoint as an app-router route handler is (derived.page_endpoints counts them
# unless a static export, which has no server to run them, is the only build).
_USE_SERVER = re.compile(r"""(?:\s|//[^\n]*\n|/\*.*?\*/)*(['"])use server\1""", re.DOTALL)
_SERVER_FUNCTION = re.compile(
    r"^export\s+(?:default\s+)?(?:async\s+function\s*\*?\s*(\w*)|const\s+(\w+)\s*=\s*async\b)",
    re.MULTILINE,
)


def _server_functions(text: str) -> list[Hit]:
    if "use server" not in text[:2048] or _USE_SERVER.match(text) is None:
        return []
    return [
        Hit(PAGE_ENDPOINT, m.start(), f"server function {m.group(1) or m.group(2) or 'default'}")
        for m in _SERVER_FUNCTION.finditer(text)
    ]


# SvelteKit's server modules beside a page (`+page.server.ts`, `+layout.server.ts`): the
# form `actions` they export and their `load` run on the server per request, as a route
# handler does (derived.page_endpoints counts them unless the only adapter is the static
# one, which runs `load` once at build time).
_KIT_SERVER_MODULE = re.compile(r"\+(?:page|layout)\.server\.[cm]?[jt]s$")
_KIT_EXPORT = re.compile(
    r"^export\s+(?:const\s+(actions|load)\b|(?:async\s+)?function\s+(load)\b)", re.MULTILINE
)


def _kit_server_exports(path: str, text: str) -> list[Hit]:
    if _KIT_SERVER_MODULE.search(path) is None:
        return []
    return [
        Hit(PAGE_ENDPOINT, m.start(), f"SvelteKit server {m.group(1) or m.group(2)}")
        for m in _KIT_EXPORT.finditer(text)
    ]


# An Electron app's main process that starts the server its windows talk to: a desktop
# app's local back end (a point-of-sale or inventory app packaged with its Express API),
# not a web application anyone deploys.
_ELECTRON_MAIN = re.compile(r"""\brequire\(\s*['"]electron['"]|\bfrom\s+['"]electron['"]""")
_STARTS_SERVER = re.compile(r"\.listen\s*\(|\bfork\s*\(")


def _electron_local_server(path: str, text: str) -> Iterator[Fact]:
    if "BrowserWindow" not in text or _ELECTRON_MAIN.search(text) is None:
        return
    started = _STARTS_SERVER.search(text)
    if started is not None:
        line = text.count("\n", 0, started.start()) + 1
        detail = "the desktop app's main process starts its server"
        yield fact("desktop.local_server", path, line, detail)


def _mqtt_calls(path: str, text: str) -> Iterator[Fact]:
    lines = Lines(text)
    for call in _JS_MQTT_CALL.finditer(text):
        line = lines.number(call.start())
        yield fact("iot.mqtt", path, line, lines.text(line))


# TanStack Start's server routes and functions: a file route's `server: { handlers: { GET,
# POST ... } }` (or the older `createServerFileRoute(...).methods({...})` and
# `createAPIFileRoute(...)({...})`), each method an endpoint, and `createServerFn(...)`, an
# RPC the client calls as Next.js's server actions are (derived.page_endpoints counts both
# unless a static build is the only one).
_TANSTACK_SERVER_ROUTE = re.compile(
    r"\bserver\s*:\s*\{\s*handlers\s*:|\bcreateServerFileRoute\s*\(|\bcreateAPIFileRoute\s*\("
)
_TANSTACK_ROUTE_WORDS = ("handlers", "createServerFileRoute", "createAPIFileRoute")
_TANSTACK_METHOD = re.compile(r"(?<![\w$.])(GET|POST|PUT|PATCH|DELETE)\s*[:(]")
_TANSTACK_SERVER_FN = re.compile(r"(?<![\w$.])createServerFn\s*\(")


def _tanstack_endpoints(text: str) -> list[Hit]:
    found = []
    if "createServerFn" in text:
        found = [
            Hit(PAGE_ENDPOINT, m.start(), "TanStack Start server function")
            for m in _TANSTACK_SERVER_FN.finditer(text)
        ]
    # (the route's pattern is led by `\b`, tried at every character: its words are looked
    # for first, in the file routes (`createFileRoute`) alone)
    if "Route" not in text or not any(word in text for word in _TANSTACK_ROUTE_WORDS):
        return found
    route = _TANSTACK_SERVER_ROUTE.search(text)
    if route is not None:
        found.extend(
            Hit(PAGE_ENDPOINT, m.start(), f"TanStack Start server route {m.group(1)}")
            for m in _TANSTACK_METHOD.finditer(text, route.start())
        )
    return found


def scan_js(path: str, text: str) -> Iterator[Fact]:
    if any(word in text for word in _JS_MAILER_WORDS) and any_match(_JS_MAILER, text):
        yield fact("web.mailer_file", path, None, "sends mail")
    if "mqtt" in text and any_match(_JS_MQTT, text) and not browser.in_client_folder(path):
        yield from _mqtt_calls(path, text)
    if "electron" in text:
        yield from _electron_local_server(path, text)
    endpoints = (
        _server_functions(text) or _kit_server_exports(path, text) or _tanstack_endpoints(text)
    )
    if endpoints:
        imports = tuple(_js_imports(text))
        yield from _facts(path, text, Found(tuple(endpoints), _js_module_name(path), imports))
        return
    api_route = _route_place(path)
    if api_route is None and _API_GATEWAY in text:
        api_route = _API_GATEWAY_ROUTE
    if api_route is None and not _js_worth_stripping(text):
        imports = tuple(_js_imports(text))
        yield from _facts(path, text, Found((), _js_module_name(path), imports))
        return
    src = _views(text, JAVASCRIPT)
    code = src.code
    imports = tuple(_js_imports(code))
    hits = _hits(_JS_CLIENT_PATTERNS, src)
    if "SocketCluster" in code:
        hits.extend(_hits([_SOCKETCLUSTER], src))
        imports += tuple(_socketcluster_controllers(code))
    wired_by_platform = False
    if not _js_is_client(path, src):
        routes = [h for h in _hits(_JS_PATTERNS, src) if not _called_for_its_value(code, h)]
        if "Router" in code:
            routes.extend(_named_router_routes(src))
        if ("elysia" in code or "hono" in code) and any_match(_JS_CHAINING_FRAMEWORK, code):
            routes.extend(_hits([_JS_CHAINED_ROUTE], src))
        if _COLYSEUS_ENTRY.search(code):
            routes.extend(_hits([_COLYSEUS_LISTEN], src))
        if _HOCUSPOCUS in code:
            routes.extend(_hits(_HOCUSPOCUS_PATTERNS, src))
        if "encore.dev" in text and "api" in code:
            routes.extend(_hits(_ENCORE_ENDPOINTS, src))
        if "postToConnection" in code or "aws-lambda-ws-server" in code:
            pushed = _hits(_API_GATEWAY_WEBSOCKET, src)
            hits.extend(pushed)
            # (the platform invokes the function for each connection's events: wired)
            wired_by_platform = bool(pushed)
        elif "connectionId" in code and _FUNCTION_HANDLER.search(code):
            # (a route's function that reads its connection's id: `$connect`'s, `$disconnect`'s)
            route = _API_GATEWAY_CONNECTION.search(code)
            if route is not None:
                hits.append(
                    Hit(WS, route.start(), "API Gateway WebSocket route (its connection's id)")
                )
                wired_by_platform = True
                if api_route is _API_GATEWAY_ROUTE:
                    api_route = None  # (typed by API Gateway's event: its WebSocket API's)
        hits.extend(_file_routes(routes, src))
        hits.extend(_runtime_file_server(hits, code))
        hits.extend(_js_socket_events(src))
        hits.extend(_js_socket_properties(src, hits))
        if "addService" in code:
            hits.extend(_hits([_GRPC_PATTERNS["js"]], src))
        if api_route is not None:
            hits.extend(_placed_route(api_route, src))
        if _in_pages(path) and "prerender" in code and _ON_DEMAND.search(code):
            # An Astro endpoint served on demand: its methods exported as constants
            # (`export const POST: APIRoute = ...`) answer requests.
            hits.extend(_placed_route(_ON_DEMAND_ENDPOINT, src))
        endpoint = (api_route is None and _in_pages(path)) or _app_route(path)
        if endpoint and not _ON_DEMAND.search(code):
            hits = [Hit(PAGE_ENDPOINT, h.offset, h.detail) if _exported(h) else h for h in hits]
    elif api_route is not None and api_route[0] is _REMIX_DATA:
        # (a Remix route module is a component too: its loader still runs on the server)
        hits.extend(_placed_route(api_route, src))
    module = None if wired_by_platform else _js_module_name(path)
    yield from _facts(path, text, Found(tuple(hits), module, imports))


# An Astro page or endpoint that opts out of prerendering is served on demand whatever the
# build's output: an HTTP handler even in a static site (which has a few: a cron hook, a
# form's action).
_ON_DEMAND = re.compile(r"\bexport\s+const\s+prerender\s*(?::\s*boolean\s*)?=\s*false\b")
_ON_DEMAND_ENDPOINT = (_EXPORTED_METHOD, "on-demand endpoint (prerender = false)")


def _in_pages(path: str) -> bool:
    return "pages" in path.split("/")[:-1]


def _app_route(path: str) -> bool:
    """A route handler of Next.js's app router (`app/rss.xml/route.ts`) or SvelteKit's
    (`src/routes/rss.xml/+server.js`): served by the framework's server, written once to a
    file by a static build (a Next.js export, adapter-static: derived.page_endpoints
    decides)."""
    parts = path.split("/")
    name = parts[-1]
    return ("app" in parts[:-1] and name.startswith("route.")) or name.startswith("+server.")


def _exported(hit: Hit) -> bool:
    return hit.key == HTTP and hit.detail.startswith("route handler export")


# A route whose handler only sends a file (`res.sendFile(__dirname + "/home.html")`): the
# server is a file server for pages (rt.file_routes), not an application's endpoint.
_SENDS_A_FILE = re.compile(r"\.\s*sendFile\s*\(", re.IGNORECASE)
_DOES_MORE = re.compile(
    r"\.\s*(?:json|send|render|write|end|redirect|status)\s*\(|\bawait\b|\breq\s*\.\s*body\b"
)
_HANDLER_REACH = 400  # characters of a handler read after its route's start


# A route that opens a socket: its path names one (`/ws`, `/start_web_socket`) or its handler
# upgrades the request (Oak's `ctx.upgrade()`, Bun's `server.upgrade(req)`). It mounts the
# persistent connection, as Go's `/ws` route does: not an HTTP endpoint.
_SOCKET_PATH = re.compile(
    r"""['"`][^'"`\n]*/(?:[\w-]*[_-])?(?:ws|wss|websockets?|web_?sockets?|sockets?)"""
    r"""(?:[/?:'"`]|$)""",
    re.IGNORECASE,
)
_UPGRADES = re.compile(r"\.\s*upgrade\s*\(|\bupgradeWebSocket\s*\(")
# A Deno or Bun server with no routes whose handler reads files from disk and answers with
# them (`Deno.readFile(...)`, `Bun.file(...)`, std's `serveDir`): a file server for the
# pages, as nginx would be, unless it also reads what a request sends, calls out, writes or
# opens a socket.
_RUNTIME_SERVE = re.compile(r"\b(?:Deno|Bun)\s*\.\s*serve\s*\(")
_READS_FILES = re.compile(
    r"\bDeno\s*\.\s*(?:readFile|readTextFile|open)\s*\(|\bBun\s*\.\s*file\s*\("
    r"|\bserve(?:Dir|File)\s*\("
)
_SERVES_MORE = re.compile(
    r"\b(?:req|request|ctx)\s*\.\s*(?:json|formData|text|arrayBuffer|body)\b"
    r"|\bDeno\s*\.\s*(?:openKv|writeFile|writeTextFile|connect)\b|\bBun\s*\.\s*write\b"
    r"|\bfetch\s*\(|\bupgrade(?:WebSocket)?\s*\("
)


# A server with no routes of its own that mounts a folder of files (`app.use(express.
# static("dist"))`, serve-static, koa-static, sirv): a preview of the pages. Sapper's stock
# server is one too: sirv for the static folder, then `sapper.middleware()`, which renders the
# pages and answers only the endpoints the routes folder holds (_SAPPER_ENDPOINT), each an
# HTTP handler of its own.
_STATIC_MIDDLEWARE = re.compile(
    r"\bexpress\s*\.\s*static\s*\(|\bserveStatic\s*\(|(?<![\w$.])(?:koaStatic|serve)\s*\(\s*"
    r"(?:path\s*\.\s*(?:join|resolve)\s*\(|__dirname|['\"`][./\w-]+['\"`]\s*\))"
    r"|(?<![\w$.])sirv\s*\(\s*['\"`][./\w-]+['\"`]"
)


# Node's own server written as a file server: its one handler opens the file the request's
# path names (`path.join(root, url.parse(req.url).pathname)`, then `fs.createReadStream(...)`
# piped to the response, a table of MIME types beside it), as nginx would.
_NODE_SERVE = re.compile(r"\bcreateServer\s*\(")
_NODE_READS_FILES = re.compile(r"\b(?:createReadStream|readFileSync|readFile)\s*\(")
_REQUEST_PATH = re.compile(r"\b(?:req|request)\s*\.\s*url\b")
_READS_THE_BODY = re.compile(r"""\.\s*on\s*\(\s*['"]data['"]""")


# Vite's dev server mounted in a server of the project's own (`app.use(vite.middlewares)`),
# which sends the front end's files as it builds them: a file server for the pages while
# someone develops, unless it renders them on the server (`ssrLoadModule`).
_VITE_MIDDLEWARES = re.compile(r"\.\s*use\s*\(\s*[\w$]+\s*\.\s*middlewares\s*\)")
_VITE_IMPORT = re.compile(r"""(?:from\s+|require\s*\(\s*)['"]vite['"]""")


def _runtime_file_server(hits: list[Hit], code: str) -> list[Hit]:
    """A server with no routes that only sends files: a Deno or Bun handler reading them
    from disk (see _READS_FILES), Node's own server opening the file a request names, or a
    Node server mounting a static folder."""
    # (Literal tests first: most modules serve nothing, and the patterns are slower.)
    if not any(h.key == LISTEN for h in hits) or any(h.key in (HTTP, WS, FILE_ROUTE) for h in hits):
        return []
    found = None
    if "Deno" in code or "Bun" in code:
        served = _RUNTIME_SERVE.search(code)
        if served is not None and _READS_FILES.search(code) is not None:
            found = Hit(FILE_ROUTE, served.start(), f"{served.group(0)}...) sends files from disk")
    if found is None and "createServer" in code:
        served = _NODE_SERVE.search(code)
        if (
            served is not None
            and _NODE_READS_FILES.search(code) is not None
            and _REQUEST_PATH.search(code) is not None
            and _READS_THE_BODY.search(code) is None
        ):
            detail = f"{served.group(0)}...) sends the files the requests name"
            found = Hit(FILE_ROUTE, served.start(), detail)
    if found is None and "middlewares" in code and "ssrLoadModule" not in code:
        mounted = _VITE_MIDDLEWARES.search(code)
        if mounted is not None and _VITE_IMPORT.search(code) is not None:
            found = Hit(FILE_ROUTE, mounted.start(), "Vite's dev server mounted: the pages' files")
    if found is None and ("tatic" in code or "serve" in code or "sirv" in code):
        mounted = _STATIC_MIDDLEWARE.search(code)
        if mounted is not None:
            detail = f"{mounted.group(0)}...) serves a folder of files"
            found = Hit(FILE_ROUTE, mounted.start(), detail)
    return [] if found is None or _SERVES_MORE.search(code) else [found]


def _file_routes(hits: list[Hit], src: Source) -> list[Hit]:
    """HTTP routes that only send a file or a fixed answer, or that mount a socket, told
    apart (FILE_ROUTE, LISTEN) from the application's endpoints."""
    starts = sorted(h.offset for h in hits if h.key == HTTP)
    found = []
    for hit in hits:
        if hit.key == HTTP:
            body = _handler_body(src.code, starts, hit.offset)
            at = hit.offset
            named = _named_handler(src.code, body)
            if named is not None:
                at, body = named
            if _SOCKET_PATH.search(hit.detail) or _UPGRADES.search(body):
                hit = Hit(LISTEN, hit.offset, f"socket endpoint mounted: {hit.detail}")
            elif _SENDS_A_FILE.search(body) and not _DOES_MORE.search(body):
                hit = Hit(FILE_ROUTE, hit.offset, hit.detail)
            elif _answers_the_same(body, src.blank[at : at + len(body)], int(named is None)):
                hit = Hit(FILE_ROUTE, hit.offset, f"{hit.detail} answers a fixed text or page")
        found.append(hit)
    return found


# A handler whose one answer is written out in it: `res.send('respond with a resource')`,
# `res.render('index', { title: 'Express' })` (express-generator's scaffold, a placeholder
# backend). It sends the same bytes to everyone, as a file would be sent.
_FIXED_ANSWER = re.compile(
    r"""\.\s*(?:send|end)\s*\(\s*(?P<q>['"`])(?:(?!(?P=q)|\$\{)[^\n]){0,500}(?P=q)\s*\)"""
    r"""|\.\s*render\s*\(\s*(?P<v>['"])[\w./-]{1,100}(?P=v)\s*"""
    r"""(?:,\s*\{(?:\s*[\w$]+\s*:\s*(?:'[^'\n]*'|"[^"\n]*"|\d+|true|false)\s*,?)*\s*\})?\s*\)"""
    # (a redirect to a path written out: `res.redirect("/tools")`, to the files beside it)
    r"""|\.\s*redirect\s*\(\s*(?P<r>['"`])[\w./#?=&-]{0,200}(?P=r)\s*\)"""
    # (Koa's answer, set as the context's body: `ctx.body = 'API for core exchange v1'`)
    r"""|\bctx\s*\.\s*body\s*=\s*(?P<b>['"`])(?:(?!(?P=b)|\$\{)[^\n]){0,500}(?P=b)"""
)
# A handler that reads its request answers each request its own way.
_READS_THE_REQUEST = re.compile(r"\breq(?:uest)?\s*\.|\bctx\s*\.\s*request\b")
# A call (`db.save(`, `res.status(`); with `function ` before it, a function's declaration.
_CALL = re.compile(r"(?<![\w$])(function\s+)?(?!async\b)[\w$]+\s*\(")  # (`async (ctx) =>` is none)


def _answers_the_same(body: str, blank: str, own_calls: int = 1) -> bool:
    """A route whose handler only answers a fixed text or renders a view with fixed values:
    within the route's call, its one answer and no other call than the route's own (none
    when `body` is a handler defined apart from its route). `blank` is the same span with
    string contents blanked, so their brackets and calls count for nothing."""
    end = _call_end(blank)
    answers = list(_FIXED_ANSWER.finditer(body, 0, end))
    if len(answers) != 1:
        return False
    answer = answers[0]
    gap = " " * (answer.end() - answer.start())
    rest = blank[: answer.start()] + gap + blank[answer.end() : end]
    calls = [m for m in _CALL.finditer(rest) if m.group(1) is None]
    return len(calls) == own_calls and not _READS_THE_REQUEST.search(rest) and "await" not in rest


def _call_end(flat: str) -> int:
    """Where the call that opens first in `flat` closes (its end if it never does)."""
    depth = 0
    for index in range(max(flat.find("("), 0), len(flat)):
        char = flat[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(flat)


# A route given its handler by name (`app.get("/*", serveIndex)`, `SERVER.static`): the
# handler's code is where the file defines it (`function serveIndex(req, res) {`,
# `static: function (req, res) {`, `const serveIndex = (req, res) =>`).
_NAMED_HANDLER = re.compile(
    r"""\A[^\n]*?['"`][^'"`\n]*['"`]\s*,\s*(?:[A-Za-z_$][\w$]*\s*\.\s*)?([A-Za-z_$][\w$]*)\s*\)"""
)


def _named_handler(code: str, route: str) -> tuple[int, str] | None:
    """Where the handler a route names is defined in the file, and its code."""
    named = _NAMED_HANDLER.match(route)
    if named is None:
        return None
    name = re.escape(named.group(1))
    defined = re.search(
        rf"\bfunction\s+{name}\s*\(|(?<![\w$.]){name}\s*[:=]\s*(?:async\s+)?"
        r"(?:function\b|\([^()]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)",
        code,
    )
    if defined is None:
        return None
    return defined.start(), _braced(code[defined.start() : defined.start() + _HANDLER_REACH])


def _braced(text: str) -> str:
    """The text up to the close of its first brace's block (a function's body), or to the end
    of its first line when no brace opens there (an arrow function's expression)."""
    opened = text.find("{")
    if opened == -1 or "\n" in text[:opened]:
        return text.partition("\n")[0]
    depth = 0
    for index in range(opened, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[: index + 1]
    return text


def _handler_body(code: str, starts: list[int], offset: int) -> str:
    """The code of the route handler starting at `offset`: up to the next route (`starts`,
    sorted) or _HANDLER_REACH characters, whichever comes first."""
    following = bisect_right(starts, offset)
    end = starts[following] if following < len(starts) else len(code)
    return code[offset : min(end, offset + _HANDLER_REACH)]


# What comes before a call whose answer is used: `await api.post("/login", form)`,
# `return api.get("/user")`, `(token) => api.post(...)`, `const r = api.get(...)`, an
# argument. A route is registered by a statement of its own, and an HTTP client's request
# reads the same otherwise.
_VALUE_USED = re.compile(r"(?:\bawait|\breturn|\byield|=>|[=(\[,:?])\s*\Z")
_LOOK_BACK = 40


def _called_for_its_value(code: str, hit: Hit) -> bool:
    if hit.key != HTTP or "==" in hit.detail:  # (a hand-written router's test is no call)
        return False
    before = code[max(0, hit.offset - _LOOK_BACK) : hit.offset]
    return _VALUE_USED.search(before) is not None and not before.rstrip().endswith("==")


# A server accepting connections (`wss.on("connection", ...)`, `this.webSocketServer.on(...)`):
# no browser does, whatever the folder's name (an API client's `Client/` folder in a server).
_SERVER_ACCEPTS = re.compile(
    rf"""(?<![\w$])(?:wss|[\w$]*[Ss]erver[\w$]*)\s*\.\s*on\s*\(\s*{_Q}connection{_Q}"""
)


# Routes chained on the app's builder (`new Elysia().get("/", ...).post("/signup", ...)`,
# Hono's `new Hono().get(...)`), each after the `)` of the call before it: read in modules
# that load such a framework (a client's chained `api().get("/users")` loads none).
_JS_CHAINING_FRAMEWORK = js_imports_of(
    r"elysia|hono|hono/[\w/-]+|npm:hono[@\w.^-]*|jsr:@hono/hono[@\w.^-]*"
)
_JS_CHAINED_ROUTE = _p(
    HTTP, rf"\){_JS_ROUTE_CALL}", "{m}, ...)", gate=rf"\)\s*\.\s*{_JS_ROUTE_METHODS}\s*\("
)


def _js_is_client(path: str, src: Source) -> bool:
    # In the browser's folders a socket call is a client's, unless the code accepts
    # connections on a server or loads one.
    if (
        browser.in_client_folder(path)
        and not _SERVER_ACCEPTS.search(src.code)
        and not any_match(_JS_SERVER_IMPORT, src.code)
    ):
        return True
    if path.endswith(".tsx"):
        return True
    if any_match(_JS_SOCKET_CLIENT_IMPORT, src.code):
        return True
    # A component (it uses the page or imports a UI framework) calls the API it talks to
    # with `api.post("/register", form)`: the same shape as a route, on the other side.
    browser_side = any_match(_JS_DOM, src.blank) or any_match(browser.UI_FRAMEWORK_IMPORT, src.code)
    return browser_side and not any_match(_JS_SERVER_MARKER, src.code)


_JS_ON_GATE = re.compile(rf"\.\s*{_JS_ON}\s*\(")


# A server's socket handlers set as properties (`socket.onmessage = ...`, as Deno's and the
# browser-style WebSocket API take them), on a socket-named receiver, in a file that opens
# no connection itself (a client sets the same properties).
# Searched from the `.` (a literal the regex engine skips to), the receiver read backwards: a
# pattern led by the receiver's name would be tried at every position of every script.
_JS_ON_PROPERTY = re.compile(r"\.\s*on(?P<event>message|open|close|error)\s*=(?!=)")
# Plain substrings say whether either kind of handler can be there (found at memchr speed;
# a regex of both alternatives took ten times as long over a large tree's scripts).
_ON_PROPERTIES = (".onmessage", ".onopen", ".onclose", ".onerror")
_RECEIVER_BEFORE = re.compile(r"(?<![\w$])([\w$]+)\s*\Z")
# Bun's server takes its socket handlers in a `websocket: { open(ws) {...}, message(...) }`.
_BUN_WEBSOCKET = re.compile(r"\bwebsocket\s*:\s*\{")
_BUN_HANDLER = re.compile(
    r"\b(?P<event>open|message|close|drain)\s*(?:\(|:\s*(?:async\s*)?(?:function\s*)?\()"
)
_BUN_REACH = 4000  # characters of the handlers object read


def _js_socket_properties(src: Source, hits: list[Hit]) -> list[Hit]:
    code = src.code
    found: list[Hit] = []
    if "websocket" in code and "Bun" in code:
        for block in _BUN_WEBSOCKET.finditer(code):
            window = code[block.end() : block.end() + _BUN_REACH]
            depth = 1
            for index, char in enumerate(window):
                depth += (char == "{") - (char == "}")
                if depth == 0:
                    window = window[:index]
                    break
            for match in _BUN_HANDLER.finditer(window):
                offset = block.end() + match.start()
                if src.in_code(offset):
                    found.append(Hit(WS, offset, f"Bun websocket {match.group('event')}(...)"))
    if any(name in code for name in _ON_PROPERTIES) and not any(h.key == CLIENT for h in hits):
        for match in _JS_ON_PROPERTY.finditer(code):
            before = _RECEIVER_BEFORE.search(code, max(0, match.start() - 80), match.start())
            if before is None:
                continue
            recv = before.group(1)
            if _JS_SOCKET_NAME.match(recv) and src.in_code(before.start()):
                found.append(Hit(WS, before.start(), f"{recv}.on{match.group('event')} = ..."))
    return found


def _js_socket_events(src: Source) -> list[Hit]:
    """`io.on("connection")` and each `socket.on("<event>")` of a server socket; in a module
    that loads a socket server library, its connections' events and the HTTP server's
    `upgrade` (where a request becomes a persistent connection)."""
    if _JS_ON_GATE.search(src.code) is None:
        return []  # no `.on(` / `.once(` ... anywhere: neither pattern below can match
    server = any_match(_JS_SOCKET_SERVER, src.code)
    receivers: set[str] = set()
    hits = []
    for match in _JS_CONNECTION.finditer(src.code):
        if not src.in_code(match.start()):
            continue
        recv = match.group("recv").split(".")[0].strip()
        if server or _JS_WS_RECEIVERS.match(recv):
            receivers.add(match.group("param"))
            hits.append(Hit(WS, match.start(), f'{recv}.on("connection", ...)'))
    accepts = server and (bool(hits) or _JS_ACCEPT.search(src.code) is not None)
    # (sockets whose events hold no client of this server: datagrams, and its own clients)
    unserved = (
        {m.group("name") for m in _JS_DATAGRAM_SOCKET.finditer(src.code)}
        if "createSocket" in src.code
        else set()
    )
    if "WebSocket" in src.code:
        unserved |= {m.group("name") for m in _JS_CLIENT_SOCKET.finditer(src.code)} - receivers
    for match in _JS_EVENT.finditer(src.code):
        recv, event = match.group("recv"), match.group("event") or match.group("constant")
        named = event.rpartition(".")[2].strip().lower()
        if named in ("connection", "connect") or not src.in_code(match.start()):
            continue
        if recv in unserved:
            continue
        if (
            recv in receivers
            or _JS_SOCKET_NAME.match(recv)
            or (server and event == "upgrade")
            or (
                server
                and named in _JS_CONNECTION_EVENTS
                and _JS_CONNECTION_NAME.match(recv)
                and any_match(_JS_WS_LIBRARY, src.code)
            )
            or (accepts and _JS_SERVER_SOCKET_NAME.match(recv))
        ):
            hits.append(Hit(WS, match.start(), f'{recv}.on("{event}", ...)'))
    wrappers = _JS_EVENT_WRAPPER.finditer(src.code) if server or hits else ()
    for wrapper in wrappers:
        name = wrapper.group("arrow") or wrapper.group("function")
        event = wrapper.group("arrow_event") or wrapper.group("function_event")
        recv = wrapper.group("recv")
        if wrapper.group("event") != event or not (
            recv in receivers or _JS_SOCKET_NAME.match(recv)
        ):
            continue
        calls = re.compile(rf"(?<![\w$.]){re.escape(name)}\s*\(\s*" + _JS_EVENT_NAME)
        for call in calls.finditer(src.code, wrapper.end()):
            if src.in_code(call.start()):
                detail = f'{name}("{call.group("event")}", ...) registers {recv}.on'
                hits.append(Hit(WS, call.start(), detail))
    return hits


def _js_module_name(path: str) -> str:
    """The name other files use to import this one: its stem, or its folder for index.*."""
    parts = path.split("/")
    stem = _strip_suffix(parts[-1], _JS_MODULE_SUFFIXES)
    if stem == "index" and len(parts) > 1:
        stem = parts[-2]
    return _key_part(stem)


def _js_imports(code: str) -> Iterator[str]:
    """What each import of a module of the project names: `<m>` for a relative or locally
    aliased module, `<scope>.<m>` for `@scope/.../m` (see _JS_RELATIVE_IMPORT)."""
    for match in _relative_imports(code):
        spec = match.group(2)
        scope = ""
        if spec[0] == "@" and spec[1:2] != "/":
            head, slash, spec = spec.partition("/")
            if not slash or not spec:
                continue  # `@types`: a whole alias or an unscoped name, not a module path
            scope = _key_part(head[1:])
        elif spec[0] != ".":
            spec = spec.lstrip("@~#")
        name = _js_import_name(spec)
        if name is not None:
            yield f"{scope}.{name}" if scope else name


def _js_import_name(spec: str) -> str | None:
    parts = [p for p in spec.split("/") if p not in ("", ".")]
    if not parts or parts[-1] == "..":
        return None
    last = _strip_suffix(parts[-1], _JS_MODULE_SUFFIXES)
    if last == "index" and len(parts) > 1 and parts[-2] != "..":
        last = parts[-2]
    return _key_part(last)


# Where TypeScript (and a bundler reading jsconfig) is told to resolve `@scope/...` in the
# project: `compilerOptions.paths` keys such as `"@chat/*"`.
TS_CONFIG_NAMES = frozenset({"tsconfig.json", "tsconfig.base.json", "jsconfig.json"})
_ALIAS_SCOPE = re.compile(r"@([^/@*]+)/")


def scan_tsconfig(path: str, text: str) -> Iterator[Fact]:
    """js.path_alias.<scope> for each `@scope/*` the configuration maps to the project."""
    import json

    from stackcheck.facts.manifests.node import strip_jsonc

    try:
        data = json.loads(strip_jsonc(text.removeprefix("\ufeff")))
    except ValueError as exc:
        raise NotAnalysable("not JSON (with comments)") from exc
    options = data.get("compilerOptions") if isinstance(data, dict) else None
    paths = options.get("paths") if isinstance(options, dict) else None
    if not isinstance(paths, dict):
        return
    lines = Lines(text)
    for key in sorted(paths):
        found = _ALIAS_SCOPE.match(key)
        if found is None:
            continue
        at = text.find(f'"{key}"')
        line = lines.number(at) if at >= 0 else None
        scope = _key_part(found.group(1))
        yield fact(f"js.path_alias.{scope}", path, line, f"{key} is a path of the project")


# --- Go ----------------------------------------------------------------------------------

# WebSocket packages, and the hubs built on them (a package whose path names sockets:
# `.../redisocket`, `.../go-socket`, socket.io servers).
_GO_WS_IMPORT = re.compile(r"socket|gobwas/ws|olahol/melody|centrifug")
_GO_IMPORT_BLOCK = re.compile(r"^import\s*\((.*?)^\)", re.MULTILINE | re.DOTALL)
_GO_IMPORT_LINE = re.compile(r'^import\s+(?:([\w.]+)\s+)?"([^"]+)"', re.MULTILINE)
_GO_IMPORT_PATH = re.compile(r'(?:([\w.]+)[ \t]+)?"([^"\n]+)"')
_GO_PACKAGE = re.compile(r"^package\s+(\w+)", re.MULTILINE)
_GO_SERVER_WS = (
    _p(WS, r"(?<![\w.])[\w.]+\s*\.\s*Upgrade\s*\(", "{m}...)"),
    _p(WS, r"\bwebsocket\s*\.\s*Accept\s*\(", "{m}...)"),
    _p(WS, r"\bwebsocket\s*\.\s*Handler\s*\(", "{m}...)"),
    _p(WS, r"\bws\s*\.\s*UpgradeHTTP\s*\(", "{m}...)"),
    _p(
        WS,
        r"(?<![\w.])[\w.]+\s*\.\s*(?:HandleMessage|HandleConnect|OnEvent|OnConnect)\s*\(",
        "{m}...)",
    ),
)
# Fiber's WebSocket middleware wraps the handler that holds the connection:
# `app.Get("/ws", websocket.New(handler.Websocket))`; only where Fiber's package is imported
# (a project's own `websocket` package may offer a `New(ctx, url)` that dials out).
_GO_FIBER_WS_IMPORT = re.compile(r"gofiber/(?:contrib/)?websocket")
_GO_FIBER_WS = _p(WS, r"\bwebsocket\s*\.\s*New\s*\(", "{m}...)")
_GO_READ_LOOPS = (
    _p(
        WS, r"(?<![\w.])[\w.]+\s*\.\s*(?:ReadMessage|ReadJSON|NextReader)\s*\(", "read loop {m}...)"
    ),
    _p(WS, r"\bwsjson\s*\.\s*Read\s*\(", "read loop {m}...)"),
    # gobwas/ws: the server reads what a client sends with wsutil.
    _p(
        WS,
        r"\bwsutil\s*\.\s*Read(?:Client|Server)(?:Data|Text|Binary|Message)\s*\(",
        "read loop {m}...)",
    ),
)
# Server-Sent Events: a stream held open per subscriber, as a socket is. A server of an SSE
# library, or a handler that answers with `text/event-stream` (EVENT_STREAM).
_GO_SSE_IMPORT = re.compile(r"tmaxmax/go-sse|r3labs/sse|alexandrevicenzi/go-sse|antage/eventsource")
_GO_SSE = (
    _p(WS, r"&\s*sse\s*\.\s*Server\s*\{|\bsse\s*\.\s*New(?:Server)?\s*\(", "SSE server {m}..."),
)
# (the router may be configured on the way: gorilla/mux's `r.StrictSlash(true).HandleFunc(...)`)
_GO_ROUTE = re.compile(
    r"(?<![\w.])(?P<recv>[\w.]+(?:\([^()\n]{0,40}\)(?:\s*\.\s*\w+)*)*)\s*\.\s*(?P<verb>HandleFunc|Handle|GET|POST|PUT|PATCH|DELETE|Any|Get"
    r'|Post|Put|Patch|Delete)\s*\(\s*"(?P<path>[^"\n]{0,200})"\s*,?\s*(?P<handler>[\w.]*)'
)
# What a handler written in the route's call does to hold the connection instead of
# answering: `websocket.Server{Handler: ...}.ServeHTTP(w, req)`, `upgrader.Upgrade(w, r, nil)`.
_GO_UPGRADE = re.compile(
    r"\bwebsocket\s*\.\s*(?:Handler|Server|Accept)\b|\.\s*Upgrade(?:HTTP)?\s*\(\s*w\b"
)
_SOCKET_NAMED = re.compile(ident("ws") + "|" + ident("websocket") + "|" + ident("socket"))
_GO_LISTEN = (
    _p(LISTEN, r"(?<![\w])(?:[\w.]+\s*\.\s*)?ListenAndServe(?:TLS)?\s*\(", "{m}...)"),
    _p(LISTEN, r"\bhttp\s*\.\s*Serve\s*\(", "{m}...)"),
)
# `r.Run()` starts a server only in a file of a web framework's (gin, echo, fiber, iris ...).
_GO_WEB_IMPORT = re.compile(
    r"gin-gonic|labstack/echo|gofiber|kataras/iris|go-chi|gorilla/mux|beego"
)
_GO_FRAMEWORK_LISTEN = _p(
    LISTEN,
    r"\b(?:r|router|engine|e|app|g|srv)\s*\.\s*(?:Run|Start|Listen)\s*\(\s*(?:\"|\))",
    "{m}...)",
)
# A plain TCP server: a listener whose accept loop serves each connection. It is a
# persistent-connection server (a chat or pub/sub hub) when its code broadcasts or keeps
# subscriptions; a proxy or a database speaks TCP too, and does neither.
# (The network may be named by a constant: `net.Listen(Protocol, Port)`; TLS's listener is
# the same server: `tls.Listen("tcp", addr, config)`.)
_GO_TCP_LISTEN = _p(
    LISTEN, r"\b(?:net|tls)\s*\.\s*Listen\s*\(\s*(?:\"tcp[46]?\"|[A-Za-z_]\w*\s*,)", "{m}...)"
)
_GO_ACCEPT = _p(WS, r"(?<![\w.])[\w.]+\s*\.\s*Accept\s*\(\s*\)", "accept loop {m}")
# A gRPC method the server streams its answers from (`returns (stream Notification)`): its
# implementation takes the stream as a named parameter typed `<Service>_<Method>Server` and
# holds it open, sending, as a socket handler does. (The generated code's unimplemented stub
# names no parameter.)
_GO_GRPC_STREAM = _p(
    WS,
    r"^func\s*\([^)\n]*\)\s*(\w+)\s*\([^)\n]*\b\w+\s+(?:\w+\.)?\w+_\w+Server\s*\)\s*error\b",
    "gRPC stream {1}",
    re.MULTILINE,
    gate=r"_\w+Server\s*\)",
)
_GO_GRPC_UNARY = _p(
    HTTP,
    r"^func\s*\([^)\n]*\)\s*(\w+)\s*\(\s*\w+\s+context\.Context\s*,\s*\w+\s+\*(?:\w+\.)?\w+\s*\)"
    r"\s*\(\s*\*(?:\w+\.)?\w+\s*,\s*error\s*\)",
    "gRPC method {1}",
    re.MULTILINE,
)
_GO_CONN_READ = _p(
    WS,
    r"(?<![\w.])[\w.]*(?:[Cc]onn|[Rr]eader|[Ss]canner|[Dd]ecoder|dec)\s*\.\s*"
    r"(?:Read(?:String|Bytes|Line)?|Scan|Decode)\s*\(",
    "connection read loop {m}...)",
)
_HUB_WORDS = re.compile(rf"(?i:\b\w*(?:{HUB_WORDS})\w*\b)")
_HUB_NEEDLES = tuple(HUB_WORDS.split("|"))  # (plain substrings first: the regex is slower)
TCP_SERVE = "rt.tcp_serve"
HUB_CODE = "rt.hub_code"
# A hub's fan-out loop (gorilla's chat pattern, and every room server after it): a `select`
# whose cases receive connections joining and leaving and messages to broadcast to them.
_GO_HUB_CASE = _p(
    WS,
    r"\bcase\s+(?:[\w$]+\s*(?:,\s*[\w$]+\s*)?:?=\s*)?<-\s*(?:[\w]+\.)*"
    r"(?:register|unregister|broadcast|subscribe|unsubscribe|join|leave)\w*\b",
    "hub loop {m}",
)
# (A dialer kept in a variable of its own first: `dialer := *websocket.DefaultDialer`.)
_GO_CLIENT = _p(
    CLIENT,
    r"\bwebsocket\s*\.\s*(?:DefaultDialer\b|Dial(?:Context)?\s*\()"
    r"|[\w.]*[Dd]ialer\s*\.\s*Dial(?:Context)?\s*\(",
    "{m}...)",
)


# A gRPC server's service registered on it: an RPC API the project serves, as routes are an
# HTTP one's. Go's `pb.RegisterUsersServer(s, &server{})` (not the generated code's `func
# RegisterUsersServer`), Java's and Node's `server.addService(...)` beside the server they
# build, .NET's `app.MapGrpcService<Greeter>()`. (Python's: python/web.py.)
GRPC = "rt.grpc_services"
_GRPC_PATTERNS = {
    "go": _p(
        GRPC,
        r"(?<!func )(?<![\w.])(?:\w+\s*\.\s*)?Register\w+Server\s*\(\s*[\w.&*()]+\s*,",
        "{m} ...)",
        gate=r"\bgrpc\b",
    ),
    "java": _p(
        GRPC,
        r"\.\s*addService\s*\(",
        "{m}...)",
        gate=r"\b(?:Netty)?ServerBuilder\b|\bGrpcService\b",
    ),
    "js": _p(GRPC, r"\.\s*addService\s*\(", "{m}...)", gate=r"\bnew\s+(?:\w+\s*\.\s*)?Server\s*\("),
    "cs": _p(GRPC, r"\bMapGrpcService\s*<\s*[\w.]+\s*>\s*\(", "{m})"),
}


def scan_go(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, GO)
    code = src.code
    imported = _go_imports(code)
    import_paths = [p for _, p in imported]
    ws_package = any(_GO_WS_IMPORT.search(p) for p in import_paths)
    hits: list[Hit] = []
    if ws_package:
        hits.extend(_hits(_GO_SERVER_WS, src))
        if any(_GO_FIBER_WS_IMPORT.search(p) for p in import_paths):
            hits.extend(_hits([_GO_FIBER_WS], src))
        if hits or not _GO_CLIENT.regex.search(code):  # a client's read loop is no handler
            hits.extend(_hits(_GO_READ_LOOPS, src))
        hits.extend(_hits([_GO_CLIENT], src))
    hits.extend(_hits(_GO_LISTEN, src))
    if any(_GO_SSE_IMPORT.search(p) for p in import_paths):
        hits.extend(_hits(_GO_SSE, src))
    hits.extend(_hits([EVENT_STREAM], src))
    if any(_GO_WEB_IMPORT.search(p) for p in import_paths):
        hits.extend(_hits([_GO_FRAMEWORK_LISTEN], src))
    tcp = _tcp_hub(src, _GO_TCP_LISTEN, (_GO_ACCEPT, _GO_CONN_READ))
    if not any(hit.key == LISTEN for hit in tcp) and "Accept" in code:
        # A listener's accept loop in a file of its own (`l.listener.Accept()` in
        # `server/client.go`, `net.Listen` in `server/init.go`): its loop, waiting for the
        # file that keeps the hub (rt.hub_code), as when both are in the listener's file.
        tcp.extend(hit._replace(key=TCP_SERVE) for hit in _hits([_GO_ACCEPT], src))
    hits.extend(tcp)
    if "grpc" in code:
        hits.extend(_hits([_GRPC_PATTERNS["go"]], src))
    if "Server)" in code:
        streams = _hits([_GO_GRPC_STREAM], src)
        if streams:
            # (the same server's request-and-answer methods answer as HTTP routes do)
            hits.extend((*streams, *_hits([_GO_GRPC_UNARY], src)))
    hits.extend(_go_routes(src))
    if path.startswith(_VERCEL_FOLDER):
        hits.extend(_hits([_GO_VERCEL_HANDLER], src))
    if "<-" in code:
        hits.extend(_hits([_GO_HUB_CASE], src))
    package = _GO_PACKAGE.search(code)
    name = package.group(1) if package else "main"
    module = None if name == "main" else _key_part(name)
    # Packages outside the standard library (their path starts with a host name, or with a
    # module's own name: `go-push-service/internal/ws`). One is known by its path's last
    # part, or by the name it is imported as (`ws_routes ".../ws/routes"`), which is the name
    # its own `package` clause gives.
    outside = [(alias, p) for alias, p in imported if _outside_stdlib(p)]
    imports = tuple(
        _key_part(known)
        for alias, p in outside
        for known in (_go_import_name(p), alias)
        if known and known not in ("_", ".")
    )
    yield from _facts(path, text, Found(tuple(hits), module, imports))
    if "ExecuteTemplate" in code or "ParseFiles" in code:
        yield from _go_page_templates(path, text, src)
    served = next((h for h in hits if h.key in (HTTP, LISTEN)), None)
    if module is not None and served is not None:
        # A package's files see each other's functions without an import: a socket handler
        # in one is wired by the routes another file of its package registers.
        line = Lines(text).number(served.offset)
        yield fact(f"{PACKAGE_SERVES}{module}", path, line, f"package {name} serves requests")
    for import_path in sorted({p.lower() for _, p in outside}):
        yield fact(f"go.import.{import_path}", path, None, f"imports {import_path}")


def _tcp_hub(
    src: Source, listen: Pattern, serve: tuple[Pattern, ...], words: re.Pattern[str] | None = None
) -> list[Hit]:
    """A plain TCP server's listener, and its accept and read loops as persistent-connection
    handlers where its code broadcasts or keeps subscribers or rooms (_HUB_WORDS): a proxy
    or a database speaks TCP too, and does neither.

    A server split over files (the listener in `conn/listener.go`, the topics or channels
    its clients subscribe to in `broker/`) is seen whole by the derivation `tcp_hub`: a
    listener's loops without those words in its file are `rt.tcp_serve`, and a file of the
    same languages that keeps them, with no listener, is `rt.hub_code`."""
    hits = _hits([listen], src)
    if hits:
        hits.extend(_hub_loops(src, _hits(serve, src), words or _HUB_WORDS))
    elif words is None:
        hits.extend(_hub_code(src, _HUB_WORDS, _HUB_NEEDLES, src.blank.lower()))
    return hits


def _hub_loops(src: Source, loops: list[Hit], words: re.Pattern[str] = _HUB_WORDS) -> list[Hit]:
    """A listener's accept and read loops: a hub's handlers where its file has the hub's
    words, else `rt.tcp_serve`, waiting for the file that keeps them (rt.hub_code)."""
    if words.search(src.blank):
        return loops
    return [hit._replace(key=TCP_SERVE) for hit in loops]


def _hub_code(
    src: Source, words: re.Pattern[str], needles: tuple[str, ...], searched: str
) -> list[Hit]:
    """`rt.hub_code` for a file with no listener that keeps what a hub keeps (topics, rooms,
    subscribers): `needles`, plain substrings tried in `searched` first, then `words`."""
    if not any(needle in searched for needle in needles):
        return []
    found = words.search(src.blank)
    return [] if found is None else [Hit(HUB_CODE, found.start(), f"keeps {found.group(0)}")]


# The standard library's top-level packages: an import path that begins with none of them
# (and has no host name) is the module's own (`go mod init shop` makes `shop/internal/ws`).
GO_STDLIB_ROOTS = frozenset(
    {
        "archive", "bufio", "builtin", "bytes", "cmp", "compress", "container", "context",
        "crypto", "database", "debug", "embed", "encoding", "errors", "expvar", "flag", "fmt",
        "go", "hash", "html", "image", "index", "internal", "io", "iter", "log", "maps", "math",
        "mime", "net", "os", "path", "plugin", "reflect", "regexp", "runtime", "slices", "sort",
        "strconv", "strings", "structs", "sync", "syscall", "testing", "text", "time",
        "unicode", "unique", "unsafe", "vendor", "weak", "C",
    }
)  # fmt: skip


def _outside_stdlib(import_path: str) -> bool:
    root = import_path.split("/")[0]
    return "." in root or root not in GO_STDLIB_ROOTS


def _go_imports(code: str) -> list[tuple[str, str]]:
    """(alias or "", import path) of each import."""
    found = [(m.group(1) or "", m.group(2)) for m in _GO_IMPORT_LINE.finditer(code)]
    for block in _GO_IMPORT_BLOCK.finditer(code):
        found.extend(
            (m.group(1) or "", m.group(2)) for m in _GO_IMPORT_PATH.finditer(block.group(1))
        )
    return found


def _go_import_name(import_path: str) -> str:
    parts = import_path.split("/")
    if len(parts) > 1 and re.fullmatch(r"v\d+", parts[-1]):
        return parts[-2]
    return parts[-1]


_GO_FUNC = re.compile(r"^func\s+(?:\([^)\n]*\)\s*)?(\w+)\s*\(", re.MULTILINE)


# Pages html/template renders, named where the handler renders or parses them
# (`tpl.ExecuteTemplate(w, "admin_login.html", data)`, `template.ParseFiles("views/a.html")`):
# server-side views kept as `.html` files, which their path alone does not tell from a static
# site's pages (a `.gohtml` or `.tmpl` is counted by its name, layout.py).
_GO_RENDERED = re.compile(
    r'\bExecuteTemplate\s*\(\s*[\w.]+\s*,\s*"([^"\n]{1,200}\.html)"'
    r'|\bParseFiles\s*\(\s*"([^"\n]{1,200}\.html)"'
)
TEMPLATES = "web.templates"
# ... or named apart from the call, in a file that renders (`homeHTMLBase = filepath.Join(
# "views/home/base.html")`, then `template.ParseFiles(homeHTMLBase, homeHTMLHome)`).
_GO_RENDERS = re.compile(
    r"\bParseFiles\s*\(\s*[A-Za-z_][\w.]*\s*[,)]"
    r"|\bExecuteTemplate\s*\(\s*[\w.]+\s*,\s*[A-Za-z_][\w.]*\s*,"
)
_GO_PAGE_NAME = re.compile(r'"([^"\n]{1,200}\.html)"')


def _go_page_templates(path: str, text: str, src: Source) -> Iterator[Fact]:
    seen: set[str] = set()
    lines = Lines(text)
    named = _GO_RENDERS.search(src.code) is not None
    for match in (_GO_PAGE_NAME if named else _GO_RENDERED).finditer(src.code):
        name = match.group(1) or match.group(2)
        page = name.rsplit("/", 1)[-1]  # (`views/a.html` parsed is `a.html` executed)
        if page in seen:
            continue
        seen.add(page)
        line = lines.number(match.start())
        yield fact(TEMPLATES, path, line, f"page template {name} rendered by html/template")


def _go_stream_handlers(src: Source) -> set[str]:
    """The functions of the file that answer with a Server-Sent Events stream."""
    if "text/event-stream" not in src.code:
        return set()
    starts = list(_GO_FUNC.finditer(src.code))
    ends = [m.start() for m in starts[1:]] + [len(src.code)]
    return {
        m.group(1)
        for m, end in zip(starts, ends, strict=True)
        if "text/event-stream" in src.code[m.end() : end]
    }


# `http.Handle("/", r)` where the file made `r` a router (`mux.NewRouter()`, chi's,
# `http.NewServeMux()`): the router is mounted, its own routes are counted where they are
# added. `http.Handle("/static/", http.FileServer(...))` (or through `http.StripPrefix`)
# serves a folder's files: a file route, as JavaScript's `express.static` is; so does a name
# the file made a file server (`fs := http.FileServer(...)`, then `http.Handle("/", fs)`).
_GO_ROUTER_MADE = r"\b{}\s*:?=\s*(?:&?\s*[\w.]+\.)?(?:NewRouter|NewServeMux|ServeMux\s*\{{)"
_GO_FILE_SERVER = re.compile(r"\bFileServer(?:FS)?\s*\(")
_GO_FILE_SERVER_MADE = (
    r"\b{}\s*:?=\s*(?:[\w.]+\.)?(?:StripPrefix\s*\([^;\n]*)?FileServer(?:FS)?\s*\("
)


def _rest_of_call(code: str, start: int, reach: int = 400) -> str:
    """The text from `start` to the `)` that closes the call it is in (or `reach` chars)."""
    depth = 0
    for at in range(start, min(len(code), start + reach)):
        char = code[at]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return code[start:at]
    return code[start : start + reach]


# Vercel's Go runtime: an exported function of a file in the root's `api/` folder that takes
# (http.ResponseWriter, *http.Request) answers that file's path, with no router to register it.
_GO_VERCEL_HANDLER = _p(
    HTTP,
    r"^func\s+[A-Z]\w*\s*\(\s*\w+\s+http\.ResponseWriter\s*,\s*\w+\s+\*\s*http\.Request\s*\)",
    "Vercel Go function {m}",
    flags=re.MULTILINE,
)


# Go's own handlers for the process (`pprof.Profile`, `expvar.Handler()`,
# `promhttp.Handler()`): its profiler's and metrics' routes, mounted under any prefix. The
# evidence says so, and derived.py counts them with the health routes beside a socket server.
_GO_RUNTIME_HANDLER = re.compile(r"\b(?:pprof|expvar|promhttp)\s*\.")
RUNTIME_ANSWER = " (the runtime's profiler or metrics)"


def _go_routes(src: Source) -> list[Hit]:
    """HTTP routes; the one mounting the WebSocket endpoint (/ws, serveWs) or a Server-Sent
    Events stream (its handler answers `text/event-stream`) is not HTTP, a mounted router
    is no route of its own, and a file server's route is a file route."""
    hits = []
    streams = _go_stream_handlers(src)
    made: dict[str, str | None] = {}  # what the file made each handler's name (_go_made)
    for match in _GO_ROUTE.finditer(src.code):
        if not src.in_code(match.start()):
            continue
        path, handler = match.group("path"), match.group("handler")
        verb = match.group("verb")
        if verb not in ("HandleFunc", "Handle") and not path.startswith("/"):
            continue  # http.Get("https://...") is a client call, not a route
        if _SOCKET_NAMED.search(path) or _SOCKET_NAMED.search(handler):
            continue
        if handler.rpartition(".")[2] in streams:
            continue
        detail = f'{match.group("recv")}.{verb}("{path}", ...)'
        rest = _rest_of_call(src.code, match.end("path"))
        if handler in ("", "func") and _GO_UPGRADE.search(rest):
            continue  # a handler written in place that upgrades the connection: the socket's
        kind = None
        if verb == "Handle" and handler.isidentifier():
            if handler not in made:
                made[handler] = _go_made(handler, src.code)
            kind = made[handler]
        if verb == "Handle" and (kind == "files" or _GO_FILE_SERVER.search(rest)):
            hits.append(Hit(FILE_ROUTE, match.start(), detail))
            continue
        if _GO_RUNTIME_HANDLER.search(rest):
            detail += RUNTIME_ANSWER
        if kind == "router":
            continue
        hits.append(Hit(HTTP, match.start(), detail))
    return hits


def _go_made(name: str, code: str) -> str | None:
    """What the file made a handler's name: a router ("router"), a file server ("files"),
    or neither (None)."""
    if re.search(_GO_ROUTER_MADE.format(name), code) is not None:
        return "router"
    if re.search(_GO_FILE_SERVER_MADE.format(name), code) is not None:
        return "files"
    return None


# --- Elixir, C#, Ruby, Java/Kotlin: frameworks wire handlers by convention ------------

_ELIXIR_PATTERNS = (
    # (`channel "room:*", RoomChannel`, or with parentheses: `channel("game", GameChannel)`)
    _p(WS, r'^\s*channel(?:\s+|\s*\(\s*)"([^"\n]+)"\s*,', 'channel "{1}"', re.MULTILINE),
    _p(WS, r"^\s*def\s+(?:handle_in|join)\s*\(", "{m}...)", re.MULTILINE),
    _p(LISTEN, r"\buse\s+Phoenix\.Endpoint\b", "{m}"),
    _p(
        LISTEN,
        r'^\s*socket(?:\s+|\s*\(\s*)"(/[^"\n]*)"\s*,',
        'socket "{1}" mounted',
        re.MULTILINE,
    ),
    _p(LISTEN, r"\{\s*(?:Plug\.Cowboy|Bandit)\s*,", "{m}...}"),
    _p(LISTEN, r"\bPlug\.(?:Adapters\.)?Cowboy2?\.(?:child_spec|http|https)\s*\(", "{m}...)"),
    _p(LISTEN, r":cowboy\.start_(?:clear|tls)\s*\(", "{m}...)"),
    # Cowboy's WebSocket callbacks (`@behaviour :cowboy_websocket`), one per clause.
    _p(WS, r"^\s*def\s+websocket_(?:init|handle|info)\s*\(", "{m}...)", re.MULTILINE),
)
# A plain TCP server (`:gen_tcp`), as in Go: a persistent-connection server when its code
# broadcasts, keeps subscriptions or rooms (_HUB_WORDS).
_ELIXIR_TCP_LISTEN = _p(LISTEN, r":gen_tcp\.listen\s*\(", "{m}...)")
_ELIXIR_TCP_SERVE = (
    _p(WS, r":gen_tcp\.accept\s*\(", "accept loop {m}...)"),
    _p(WS, r":gen_tcp\.recv\s*\(", "connection read loop {m}...)"),
)
_ELIXIR_ROUTES = _p(
    HTTP,
    # (`live "/notes", NotesLive`: a LiveView is a page of the app, rendered then kept live)
    # (also written as calls, as `mix format` may leave them: `get("/health", Health, :index)`)
    r'^\s*(?:get|post|put|patch|delete|options|head|resources|live)(?:\s+|\s*\(\s*)"/[^"\n]*"',
    "{m}",
    re.MULTILINE,
)
# A scope of a Phoenix router piped through the `:api` pipeline (the generator's JSON one:
# `plug :accepts, ["json"]`): its routes serve data. A new app's router defines that
# pipeline and leaves the scope using it commented out.
_ELIXIR_API_SCOPE = _p(REST, r"^\s*pipe_through\s+\[?\s*:api\b", "{m}", re.MULTILINE)
_ELIXIR_CHANNEL = re.compile(r"\buse\s+Phoenix\.Channel\b|\buse\s+\w+(?:\.\w+)*,\s*:channel\b")
_ELIXIR_ROUTER = re.compile(
    r"\bPhoenix\.Router\b|\buse\s+Plug\.Router\b|\buse\s+\w+(?:\.\w+)*,\s*:router\b"
)


# Phoenix pushing a change to the pages that show it (`Phoenix.PubSub.broadcast(App.PubSub,
# "posts", {:created, post})`, `AppWeb.Endpoint.broadcast(...)`): live updates, each
# LiveView or channel subscribed re-rendered (rt.live_broadcasts, DJ108).
LIVE_BROADCASTS = "rt.live_broadcasts"
_ELIXIR_BROADCAST = _p(
    LIVE_BROADCASTS,
    r"\b(?:Phoenix\.PubSub|(?:[A-Z]\w*\.)*Endpoint)\s*\.\s*broadcast(?:_from)?!?\s*\(",
    "{m}...)",
    gate=r"broadcast",
)


def scan_elixir(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, ELIXIR)
    patterns = list(_ELIXIR_PATTERNS)
    if not _ELIXIR_CHANNEL.search(src.blank):
        patterns.pop(1)  # join/handle_in only mean socket handlers in a channel module
    if _ELIXIR_ROUTER.search(src.blank):
        patterns.extend((_ELIXIR_ROUTES, _ELIXIR_API_SCOPE))
    if "broadcast" in src.code:
        patterns.append(_ELIXIR_BROADCAST)
    hits = _hits(patterns, src)
    if "scope" in src.code:
        hits = _phoenix_scoped(hits, src.code)
    hits.extend(_tcp_hub(src, _ELIXIR_TCP_LISTEN, _ELIXIR_TCP_SERVE))
    yield from _facts(path, text, Found(tuple(hits)))


# A Phoenix router's scopes (`scope "/auth", AppWeb do ... end`) prefix the paths of the
# routes inside them: a route is known by its whole path (`get "/auth/:provider"`, a
# sign-in's), as the requests that reach it name it.
_PHOENIX_SCOPE = re.compile(r'^([ \t]*)scope(?:\s+|\s*\(\s*)"(/[^"\n]*)"', re.MULTILINE)
_PHOENIX_END = re.compile(r"^([ \t]*)end\b", re.MULTILINE)
_ROUTE_PATH_QUOTED = re.compile(r'"(/[^"\n]*)"')


def _phoenix_scoped(hits: list[Hit], code: str) -> list[Hit]:
    """The route hits with their scopes' paths before their own (scopes nest by indent)."""
    marks = sorted(
        [(m.start(), len(m.group(1)), m.group(2)) for m in _PHOENIX_SCOPE.finditer(code)]
        + [(m.start(), len(m.group(1)), None) for m in _PHOENIX_END.finditer(code)]
    )
    if not any(prefix for _, _, prefix in marks):
        return hits
    scoped = []
    for hit in hits:
        stack: list[tuple[int, str]] = []  # (indent, path) of the scopes open at the hit
        for offset, indent, prefix in marks:
            if offset >= hit.offset:
                break
            if prefix is not None:
                stack.append((indent, prefix))
            elif stack and indent <= stack[-1][0]:
                stack.pop()
        path = "".join(p.rstrip("/") for _, p in stack)
        own = _ROUTE_PATH_QUOTED.search(hit.detail) if hit.key == HTTP and path else None
        if own is not None:
            whole = path + (own.group(1) if own.group(1) != "/" else "")
            hit = hit._replace(
                detail=f'{hit.detail[: own.start()]}"{whole}"{hit.detail[own.end() :]}'
            )
        scoped.append(hit)
    return scoped


# Erlang's Cowboy: its WebSocket callbacks, the replies of its HTTP handlers, the routes of
# its router (`{"/api/devices/[:id]", devices_handler, []}`) and the listener it starts. A
# callback is written as many clauses as the messages it matches: a module's socket
# handlers are its callbacks, each counted once, as a Node handler's `switch` is one handler.
_ERLANG_PATTERNS = (
    _p(WS, r"^websocket_(?:init|handle|info)\s*\(", "{m}...)", re.MULTILINE),
    _p(HTTP, r"\bcowboy_req:reply\s*\(", "{m}...)"),
    _p(LISTEN, r"\bcowboy:start_(?:clear|tls|http|https)\s*\(", "{m}...)"),
)
# A route, its path and its handler module: `cowboy_static` sends files (a file route); a
# module or path that names a socket (`{"/websocket", ws_handler, []}`) is the socket's mount,
# its callbacks the handlers.
_ERLANG_ROUTE = re.compile(r'\{\s*"(/[^"\n]{0,200})"\s*,\s*([a-z]\w*)\s*[,}]')
# A plain TCP server on gen_tcp (an IRC daemon, a chat): a hub where its code keeps rooms,
# channels or subscribers, as Elixir's is.
_ERLANG_TCP_LISTEN = _p(LISTEN, r"\bgen_tcp:listen\s*\(", "{m}...)")
_ERLANG_TCP_SERVE = (
    _p(WS, r"\bgen_tcp:accept\s*\(", "accept loop {m}...)"),
    _p(WS, r"\bgen_tcp:recv\s*\(", "connection read loop {m}...)"),
)


def scan_erlang(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, ERLANG)
    seen: set[str] = set()
    hits = []
    for hit in _hits(_ERLANG_PATTERNS, src):
        if hit.key == WS:
            callback = hit.detail.split("(")[0].strip()
            if callback in seen:
                continue
            seen.add(callback)
        hits.append(hit)
    if "cowboy_router" in src.code:
        hits.extend(_cowboy_routes(src))
    hits.extend(_tcp_hub(src, _ERLANG_TCP_LISTEN, _ERLANG_TCP_SERVE))
    yield from _facts(path, text, Found(tuple(hits)))


def _cowboy_routes(src: Source) -> Iterator[Hit]:
    for route in _ERLANG_ROUTE.finditer(src.code):
        path, handler = route.group(1), route.group(2)
        if not src.in_code(route.start()) or _SOCKET_NAMED.search(path + " " + handler):
            continue
        key = FILE_ROUTE if handler == "cowboy_static" else HTTP
        yield Hit(key, route.start(), _label("route {m}", route))


def _pattern_facts(
    path: str, text: str, syntax: Syntax, patterns: Iterable[Pattern]
) -> Iterator[Fact]:
    """The facts of a language read by its patterns alone (no module wiring)."""
    yield from _facts(path, text, Found(tuple(_hits(patterns, _views(text, syntax)))))


_CS_HUB = re.compile(r"\bclass\s+(\w+)\s*(?:<[^>]*>\s*)?:\s*Hub\b(?:<[^>\n]*>)?")
_CS_HUB_METHOD = re.compile(
    r"\bpublic\s+(?:async\s+)?(?:override\s+)?(?:Task|ValueTask|void|IAsyncEnumerable)"
    r"(?:<[^>\n]*>)?\s+(\w+)\s*\("
)
_CS_PATTERNS = (
    _p(WS, r"\.AcceptWebSocketAsync\s*\(", "{m}...)"),
    _p(HTTP, r"\[\s*Http(?:Get|Post|Put|Patch|Delete)\b[^\]\n]*\]", "{m}"),
    _p(HTTP, r"\.Map(?:Get|Post|Put|Patch|Delete)\s*\(\s*\"[^\"\n]*\"", "{m}, ...)"),
    _p(HTTP, r"\.MapControllerRoute\s*\(", "{m}...)"),
    # A Razor Page's handlers: its PageModel's OnGet, OnPostAsync, OnPostDelete ...
    _p(
        HTTP,
        r"\bpublic\s+(?:async\s+)?[\w<>]+\s+On(?:Get|Post|Put|Patch|Delete)\w*\s*\(",
        "{m}...)",
    ),
    _p(LISTEN, r"\.MapHub\s*<\s*(\w+)\s*>", "MapHub<{1}> mounted"),
    _p(LISTEN, r"\b(?:app|host)\s*\.\s*Run(?:Async)?\s*\(\s*(?:\"[^\"\n]*\"\s*)?\)", "{m}"),
    _p(LISTEN, r"\.Build\s*\(\s*\)\s*\.\s*Run(?:Async)?\s*\(", "{m})"),
    _p(CLIENT, r"\bnew\s+(?:HubConnectionBuilder|ClientWebSocket)\s*\(", "{m})"),
    # websocket-sharp's and Fleck's servers, and the services websocket-sharp mounts on one.
    _p(LISTEN, r"\bnew\s+WebSocketServer\s*\(", "{m}...)"),
    _p(LISTEN, r"\.\s*AddWebSocketService\b", "{m}(...)"),
)
# A websocket-sharp service: a class on WebSocketBehavior, whose overridden OnOpen,
# OnMessage, OnClose and OnError are its socket handlers.
_CS_BEHAVIOR = re.compile(r"\bclass\s+(\w+)\s*:\s*(?:WebSocketSharp\.Server\.)?WebSocketBehavior\b")
_CS_BEHAVIOR_EVENT = re.compile(
    r"\boverride\s+(?:async\s+)?void\s+(On(?:Open|Message|Close|Error))\s*\("
)
# Fleck hands each connection to a callback that sets its handlers: `socket.OnMessage = ...`
# (in a file that uses Fleck: other libraries' clients have such properties too).
_CS_FLECK_EVENT = _p(WS, r"\b\w+\s*\.\s*On(?:Open|Message|BinaryMessage|Close)\s*=(?!=)", "{m} ...")


# A TCP server on .NET's sockets (a Unity game's server, a chat room): its accept callbacks
# are the persistent-connection handlers where it keeps clients or rooms (_tcp_hub).
_CS_TCP_LISTEN = _p(LISTEN, r"\bnew\s+TcpListener\s*\(", "{m}...)", gate="TcpListener")
_CS_TCP_SERVE = (
    _p(WS, r"\.\s*(?:Begin)?Accept(?:Tcp)?(?:Client|Socket)(?:Async)?\s*\(", "accept {m}...)"),
)
# ... or on a stream socket of its own (`new Socket(..., SocketType.Stream, ...)`, then
# `Listen(backlog)`), accepting with `BeginAccept`, `AcceptAsync` or `Accept`. (Kestrel's
# `options.Listen(...)` takes an address, and its file makes no stream socket.)
_CS_SOCKET_LISTEN = _p(
    LISTEN,
    r"\.\s*Listen\s*\(\s*[\w.]*\s*\)",
    "stream socket {m}",
    gate=r"SocketType\s*\.\s*Stream",
)
# (a game lobby on its own stream socket keeps its players, as a chat keeps its clients)
_CS_SOCKET_HUB_WORDS = re.compile(rf"(?i:\b\w*(?:{HUB_WORDS}|lobby|player)\w*\b)")
_CS_SOCKET_SERVE = (
    *_CS_TCP_SERVE,
    _p(WS, r"\.\s*(?:BeginAccept|AcceptAsync|Accept)\s*\(", "accept {m}...)"),
)


# A controller routed by convention (ASP.NET MVC's and Web API's default route, Core's
# `MapControllerRoute`), with no `[HttpGet]` on its actions: each public action is an
# endpoint, an MVC action by what it returns (`ActionResult`, `IHttpActionResult` ...), a
# Web API action by its verb's name (`public IEnumerable<Dress> Get()`).
_CS_CONTROLLER = re.compile(
    r"\bclass\s+(\w+Controller)\s*:\s*(?:[\w.]+\.)?(Api)?Controller(?:Base)?\b"
)
_CS_ACTION = re.compile(
    r"^[ \t]*public\s+(?:async\s+)?(?:virtual\s+)?(?:Task\s*<\s*)?(?:[\w.]+\.)?"
    r"(?:I?HttpActionResult|IActionResult|ActionResult|HttpResponseMessage|JsonResult|ViewResult"
    r"|PartialViewResult|RedirectResult|RedirectToRouteResult|ContentResult|FileResult)\b"
    r"[^(\n=;]*?\b(\w+)\s*\(",
    re.MULTILINE,
)
_CS_VERB_ACTION = re.compile(
    r"^[ \t]*public\s+(?:async\s+)?[\w<>\[\],. ]+?\s((?:Get|Post|Put|Patch|Delete)\w*)\s*\(",
    re.MULTILINE,
)


def _conventional_actions(src: Source) -> list[Hit]:
    """The actions of the controllers a file declares, routed by convention: each
    controller's up to the next one's declaration."""
    controllers = list(_CS_CONTROLLER.finditer(src.blank))
    ends = [c.start() for c in controllers[1:]] + [len(src.blank)]
    hits = []
    for controller, end in zip(controllers, ends, strict=True):
        name, api = controller.group(1), controller.group(2)
        starts: set[int] = set()  # (an action both patterns find is one action)
        for pattern in (_CS_ACTION, _CS_VERB_ACTION) if api else (_CS_ACTION,):
            for action in pattern.finditer(src.blank, controller.end(), end):
                if action.start(1) not in starts:
                    starts.add(action.start(1))
                    detail = f"{name}.{action.group(1)}(...) action routed by convention"
                    hits.append(Hit(HTTP, action.start(1), detail))
    return sorted(hits, key=lambda hit: hit.offset)


def scan_csharp(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, CSHARP)
    hits = _hits(_CS_PATTERNS, src)
    if "Controller" in text and not any(h.key == HTTP for h in hits):
        hits.extend(_conventional_actions(src))
    hits.extend(_tcp_hub(src, _CS_TCP_LISTEN, _CS_TCP_SERVE))
    if not any(h.key == LISTEN for h in hits):
        hits.extend(_tcp_hub(src, _CS_SOCKET_LISTEN, _CS_SOCKET_SERVE, _CS_SOCKET_HUB_WORDS))
    for hub in _CS_HUB.finditer(src.blank):
        methods = list(_CS_HUB_METHOD.finditer(src.blank, hub.end()))
        for method in methods or [hub]:
            name = method.group(1)
            detail = f"{hub.group(1)}.{name}(...) on a SignalR Hub" if methods else hub.group(0)
            hits.append(Hit(WS, method.start(), detail))
    for behavior in _CS_BEHAVIOR.finditer(src.blank):
        for event in _CS_BEHAVIOR_EVENT.finditer(src.blank, behavior.end()):
            detail = f"{behavior.group(1)}.{event.group(1)}(...) on a WebSocketBehavior"
            hits.append(Hit(WS, event.start(), detail))
    if "Fleck" in text:
        hits.extend(_hits((_CS_FLECK_EVENT,), src))
    if "MapGrpcService" in text:
        hits.extend(_hits((_GRPC_PATTERNS["cs"],), src))
    yield from _facts(path, text, Found(tuple(hits)))


_RB_CHANNEL = re.compile(r"\bclass\s+([\w:]+)\s*<\s*ApplicationCable::Channel\b")
_RB_DEF = re.compile(r"^\s*def\s+(\w+)", re.MULTILINE)
_RB_PRIVATE = re.compile(r"^\s*(?:private|protected)\s*$", re.MULTILINE)
_RB_ROUTES = _p(
    HTTP,
    r"""^\s*(?:get|post|put|patch|delete|match|root|resources|resource)\b\s*\(?\s*(?:['":]|to:)""",
    "{m}...",
    re.MULTILINE,
)
# Routes declared with a block, outside a routes file: Sinatra's and Padrino's
# `get '/posts/:id' do`, Grape's `post ':id' do` and `get do`, Roda's `r.get "posts" do`.
_RB_BLOCK_ROUTES = _p(
    HTTP,
    r"""^[ \t]*(?:r\.)?(?:get|post|put|patch|delete)\b[ \t]*\(?[ \t]*"""
    r"""(?:(?:['"][^'"\n]*['"]|:\w+|%r\{[^}\n]*\}|/[^/\n]*/)[^\n]*?)?[ \t]+do\b""",
    "{m}...",
    re.MULTILINE,
)
_RB_PATTERNS = (
    _p(LISTEN, r"\bmount\s+ActionCable\.server\b", "{m}"),
    _p(LISTEN, r"^\s*run\s+[\w:.]+", "{m}", re.MULTILINE),
)


# Faye's Bayeux pub/sub server mounted in a Rack app (`Faye::RackAdapter.new(mount: "/faye")`),
# as its Node adapter is (_JS_PATTERNS).
_RB_FAYE = _p(WS, r"\bFaye::RackAdapter\s*\.\s*new\b", "Faye pub/sub server {m}")


# A Sinatra route whose block only sends a file from disk (Octopress's config.ru serves the
# generated `public/` folder so): a file server for the pages, as JavaScript's `sendFile`
# routes are (FILE_ROUTE), unless the block also renders, answers data or reads a form.
_RB_SENDS_A_FILE = re.compile(r"\bsend_\w*file\b")
_RB_KEEPS_OPEN = re.compile(r"\bstream\s*\(?\s*:keep_open\b")
_RB_DOES_MORE = re.compile(
    r"\b(?:erb|haml|slim|json|to_json|redirect|params|session|halt|body|stream)\b"
    r"|\.(?:save|create)\b"
)


# EventMachine's WebSocket server (em-websocket: `EM::WebSocket.run(host:, port:) do |ws|`)
# and a Rack app's faye-websocket sockets (`Faye::WebSocket.new(env)`): each `ws.onmessage`
# block, or `ws.on :message`, is a socket handler, as a Node server's `socket.on(...)` is.
_RB_SOCKET_SERVER = _p(
    LISTEN,
    r"\b(?:EM|EventMachine)::WebSocket\s*\.\s*(?:run|start)\b|\bFaye::WebSocket\s*\.\s*new\b",
    "{m}",
)
_RB_SOCKET_HANDLERS = (
    _p(WS, r"\.\s*on(?:open|message|close|error)\b[ \t]*(?:do\b|\{)", "{m}"),
    _p(WS, r"\.\s*on[ \t]*\(?[ \t]*:(?:open|message|close|error)\b", "{m}"),
)


def scan_ruby(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, RUBY)
    hits = _hits((_RB_PATTERNS[0], _RB_FAYE), src)
    if "WebSocket" in text:
        server = _hits((_RB_SOCKET_SERVER,), src)
        if server:
            hits.extend(server)
            hits.extend(_hits(_RB_SOCKET_HANDLERS, src))
    if path.rsplit("/", 1)[-1] == "config.ru":
        hits.extend(_hits(_RB_PATTERNS[1:], src))
    if path == "config/routes.rb" or path.endswith("/config/routes.rb"):
        hits.extend(_hits([_RB_ROUTES], src))
        hits.extend(_devise_routes(src))
        if _draws_nothing(src.code):
            yield fact("rails.routes_empty", path, 1, "the routes file draws no route")
    else:
        hits.extend(_ruby_file_routes(_hits([_RB_BLOCK_ROUTES], src), src.code))
    for channel in _RB_CHANNEL.finditer(src.blank):
        private = _RB_PRIVATE.search(src.blank, channel.end())
        stop = private.start() if private else len(src.blank)
        actions = list(_RB_DEF.finditer(src.blank, channel.end(), stop))
        for action in actions or [channel]:
            name = action.group(1)
            detail = f"{channel.group(1)}#{name} (Action Cable)" if actions else channel.group(0)
            hits.append(Hit(WS, action.start(), detail))
    yield from _facts(path, text, Found(tuple(hits)))


def _draws_nothing(code: str) -> bool:
    """A Rails routes file whose block holds no line of code (`rails new`'s, left as it was):
    the application answers no request, whatever runs it."""
    lines = [line.strip() for line in code.splitlines() if line.strip()]
    return len(lines) == 2 and lines[0].endswith("draw do") and lines[1] == "end"


# Devise's `devise_for :users` draws the sign-in, sign-up and password resources (its
# sessions, registrations and passwords controllers): three declarations, as `resources` is one.
# devise_token_auth's `mount_devise_token_auth_for 'User', at: 'auth'` draws the same three
# for an API's tokens.
_RB_DEVISE_FOR = re.compile(
    r"""^\s*(?:devise_for\b\s*\(?\s*:\w+|mount_devise_token_auth_for\b\s*\(?\s*['"]\w+['"])""",
    re.MULTILINE,
)
DEVISE_RESOURCES = ("sessions", "registrations", "passwords")


def _devise_routes(src: Source) -> list[Hit]:
    if "devise_" not in src.code:
        return []
    return [
        Hit(HTTP, match.start(), f"{' '.join(match.group(0).split())} ({resource})")
        for match in _RB_DEVISE_FOR.finditer(src.code)
        if src.in_code(match.start())
        for resource in DEVISE_RESOURCES
    ]


def _ruby_file_routes(routes: list[Hit], code: str) -> list[Hit]:
    """Sinatra's routes as what their bodies do: one that only sends a file serves the built
    pages (FILE_ROUTE); one that keeps its response stream open (`stream(:keep_open)`, the
    Server-Sent Events idiom) holds a connection per subscriber, as a socket does (WS)."""
    sends, streams = "send_" in code, "keep_open" in code
    if not (sends or streams):  # (most route files do neither: no body needs reading)
        return routes
    starts = sorted(h.offset for h in routes)
    found = []
    for hit in routes:
        body = _handler_body(code, starts, hit.offset)
        if streams and _RB_KEEPS_OPEN.search(body):
            hit = Hit(WS, hit.offset, f"{hit.detail} keeps its stream open")
        elif sends and _RB_SENDS_A_FILE.search(body) and not _RB_DOES_MORE.search(body):
            hit = Hit(FILE_ROUTE, hit.offset, hit.detail)
        found.append(hit)
    return found


# Crystal's Kemal (and Grip, Spider-Gazelle's Sinatra-like DSLs): `get "/" do |env|` routes
# as Sinatra writes them, a `ws "/chat" do |socket|` route that holds a connection, and
# the socket's `on_message`/`on_close` blocks inside it; `Kemal.run` starts the server.
_CR_PATTERNS = (
    _RB_BLOCK_ROUTES,
    _p(WS, r"""^[ \t]*ws\b[ \t]*\(?[ \t]*"[^"\n]*"[^\n]*?[ \t]+do\b""", "{m}...", re.MULTILINE),
    _p(WS, r"\b\w+\s*\.\s*on_(?:message|binary|close)\b\s*do\b", "{m}..."),
    _p(LISTEN, r"\bKemal\s*\.\s*run\b", "{m}"),
)


def scan_crystal(path: str, text: str) -> Iterator[Fact]:
    yield from _facts(path, text, Found(tuple(_hits(_CR_PATTERNS, _views(text, RUBY)))))


# Haskell's servers: Scotty's routes (`get "/posts/:id" $ do`, `post (capture "/x") $`),
# the websockets package's server (`WS.runServer host port app`, or Wai's `websocketsOr`)
# and each pending connection it accepts (`WS.acceptRequest pending`: the handler that holds
# it), and Warp or Scotty started on a port.
_HS_PATTERNS = (
    _p(
        HTTP,
        r"^[ \t]*(?:\w+\.)?(?:get|post|put|patch|delete)[ \t]+"
        r'(?:\(?[ \t]*(?:capture|literal)[ \t]+)?"/[^"\n]*"',
        "Scotty {m}",
        re.MULTILINE,
    ),
    _p(WS, r"\b(?:WS\.)?acceptRequest(?:With)?\b", "websockets {m}"),
    _p(LISTEN, r"\b(?:WS\.)?runServer(?:With)?\b|\bwebsocketsOr\b", "websockets {m}"),
    _p(
        LISTEN,
        r"\b(?:Warp\.)?run(?:Settings|TLS)?[ \t]+\w+[ \t]+\$?[ \t]*\w*\b|\bscotty[ \t]+\w+",
        "{m}",
    ),
)
_HS_SERVES = re.compile(
    r"\bimport\s+(?:qualified\s+)?(?:Web\.Scotty|Network\.WebSockets|Network\.Wai)"
)


def scan_haskell(path: str, text: str) -> Iterator[Fact]:
    if _HS_SERVES.search(text) is None:  # (Scotty, websockets or Wai: the server libraries)
        return
    yield from _pattern_facts(path, text, HASKELL, _HS_PATTERNS)


# Nim's servers: Jester's `routes:` block (it builds and runs the server) and its
# `get "/":` routes, Prologue's `newApp(...)` and its `pattern("/", view)` or
# `app.addRoute("/", view)` routes, Mummy's `newServer(router)` and `router.get("/", h)`.
_NIM_FRAMEWORKS = ("prologue", "jester", "happyx", "mummy")
_NIM_IMPORT = re.compile(
    r"^(?:import|from|include)\b[ \t]*\n?((?:[^\n]*,[ \t]*\n)*[^\n]*)", re.MULTILINE
)
_NIM_PATTERNS = (
    _p(HTTP, r'^[ \t]*(?:get|post|put|patch|delete)[ \t]+"/[^"\n]*"[ \t]*:', "{m}", re.MULTILINE),
    _p(HTTP, r'\b(?:pattern|addRoute)\s*\(\s*"/[^"\n]*"', "{m}...)"),
    _p(LISTEN, r"^routes[ \t]*:", "Jester {m}", re.MULTILINE),
    _p(LISTEN, r"\bnewApp\s*\(", "Prologue {m}...)"),
    _p(LISTEN, r"\bnewServer\s*\(", "{m}...)"),
)
_NIM_ROUTER_ROUTE = _p(
    HTTP, r'\brouter\s*\.\s*(?:get|post|put|patch|delete)\s*\(\s*"/[^"\n]*"', "{m}...)"
)


def _nim_frameworks(code: str) -> list[str]:
    found = set()
    for statement in _NIM_IMPORT.finditer(code):
        for part in re.split(r"[,\s\[\]]+", statement.group(1)):
            top = part.split("/", 1)[0]
            if top in _NIM_FRAMEWORKS:
                found.add(top)
    return sorted(found)


def scan_nim(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, PYTHON)  # (`#` comments and triple-quoted strings, as Nim has them)
    frameworks = _nim_frameworks(src.code)
    for name in frameworks:
        yield fact(f"nim.import.{name}", path, None, f"imports {name}")
    if not frameworks:
        return  # (another program's `get "/x":` is nothing of a server's)
    hits = _hits(_NIM_PATTERNS, src)
    if "mummy" in frameworks:
        hits.extend(_hits([_NIM_ROUTER_ROUTE], src))
    yield from _facts(path, text, Found(tuple(hits)))


# Scala's servers: a Play action that accepts a WebSocket (`WebSocket.accept[In, Out]`, the
# Java API's `WebSocket.Text.accept(...)` too), an Akka HTTP route that handles WebSocket
# messages, and Akka HTTP's server binding.
_PLAY_WEBSOCKET = _p(
    WS,
    r"\bWebSocket\s*\.\s*(?:(?:Text|Json|Binary)\s*\.\s*)?accept(?:OrResult)?\s*[\[(]",
    "Play {m}...",
)
_SCALA_PATTERNS = (
    _PLAY_WEBSOCKET,
    # (given its flow in parentheses or, Scala's other call syntax, in a block)
    _p(WS, r"\bhandleWebSocketMessages(?:ForProtocol)?\s*[({]", "Akka HTTP {m}...)"),
    _p(
        LISTEN,
        r"\bHttp\s*\(\s*\)\s*\.\s*(?:newServerAt|bindAndHandle\w*|bindFlow)\s*\(",
        "Akka HTTP {m}...)",
    ),
)


def scan_scala(path: str, text: str) -> Iterator[Fact]:
    yield from _facts(path, text, Found(tuple(_hits(_SCALA_PATTERNS, _views(text, JAVA)))))


# Dart's servers: shelf's `webSocketHandler((WebSocketChannel ws) {...})` holds connections,
# `shelf_io.serve(handler, host, port)` listens, and in a file that imports shelf_router,
# `router.get('/x', handler)` is a route (elsewhere `dio.get('/users')` is a Flutter app's
# client call); a Dart Frog route is a file under `routes/` exporting `onRequest`.
_DART_PATTERNS = (
    _p(WS, r"\bwebSocketHandler\s*\(", "{m}...)"),
    _p(LISTEN, r"\b(?:shelf_io|io)\s*\.\s*serve\s*\(", "{m}...)"),
)
_DART_ROUTE = _p(
    HTTP,
    r"""\.\s*(?:get|post|put|patch|delete|all|mount)\s*\(\s*['"]/[^'"\n]*['"]""",
    "{m}, ...)",
)
_DART_FROG_ROUTE = _p(HTTP, r"\bonRequest\s*\(\s*RequestContext\b", "{m} ...)")


def scan_dart(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, JAVA)
    hits = _hits(_DART_PATTERNS, src)
    if "package:shelf_router/" in text:
        hits.extend(_hits((_DART_ROUTE,), src))
    if "routes" in path.split("/")[:-1]:
        hits.extend(_hits((_DART_FROG_ROUTE,), src))
    yield from _facts(path, text, Found(tuple(hits)))


# Perl's web frameworks: Mojolicious::Lite's and Dancer's `get '/x' => sub {...}`, a full
# Mojolicious app's `$r->get('/x')->to(...)`, Catalyst's actions (`sub view :Local`); a
# `websocket '/ws' => sub` (Mojolicious) holds a connection. A PSGI file is the app a server
# runs, as Mojolicious' `app->start` and Dancer's `dance` start one.
_PL_PATTERNS = (
    _p(
        HTTP,
        r"""^[ \t]*(?:get|post|put|patch|del|any|options|under)\b[ \t]*\(?[ \t]*"""
        r"""(?:\[[^\]\n]*\][ \t]*=>[ \t]*)?['"]/[^'"\n]*['"][ \t]*(?:=>|,)""",
        "{m}...",
        re.MULTILINE,
    ),
    _p(
        HTTP,
        r"""->\s*(?:get|post|put|patch|delete|any|options)\s*\(\s*['"]/[^'"\n]*['"]""",
        "{m}...)",
        gate=r"->\s*(?:get|post|put|patch|delete|any|options)\s*\(",
    ),
    _p(
        HTTP,
        r"\bsub\s+\w+\s*:\s*(?:Path|Local|Global|Chained|Regex|LocalRegex)\b",
        "{m}",
        gate=r"\bsub\s+\w+\s*:",
    ),
    _p(
        WS,
        r"""(?:^[ \t]*|->\s*)websocket\b\s*\(?\s*['"]/[^'"\n]*['"]""",
        "{m}...",
        re.MULTILINE,
        gate=r"websocket",
    ),
    _p(LISTEN, r"\bapp\s*->\s*start\b|->\s*to_app\b|^[ \t]*dance\s*;", "{m}", re.MULTILINE),
    # A Mojolicious controller: its actions answer the routes the app's router (or a config
    # of routes) sends to it.
    _p(
        HTTP,
        r"""^[ \t]*use[ \t]+(?:Mojo::Base|parent|base)[ \t]+(?:-norequire[ \t]*,[ \t]*)?"""
        r"""['"]?Mojolicious::Controller['"]?""",
        "{m}",
        re.MULTILINE,
        gate=r"Mojolicious::Controller",
    ),
)
# What the project's code `use`s of Perl's web frameworks (`perl.framework.*`).
# (The application's class itself: `Mojolicious::Command` and `Mojolicious::Plugin`
# subclasses are a command-line tool's commands and a plugin, not an application.)
_PL_FRAMEWORKS = re.compile(
    r"^[ \t]*use[ \t]+(?:(Mojolicious)(?:::Lite)?(?![\w:])|(Dancer2?)(?![\w:])"
    r"|(Catalyst)(?:[ \t;]|::Runtime)|Mojo::Base[ \t]+['\"]?(Mojolicious)(?![\w:])"
    r"|(?:Mojo::Base|parent|base)[ \t]+(?:-norequire[ \t]*,[ \t]*)?['\"]?(Mojolicious)"
    r"::Controller(?![\w:]))",
    re.MULTILINE,
)


# A CGI script: the web server runs it once per request, and its query comes from CGI.pm or
# from the environment the server sets. Each such script is one page or endpoint.
_PL_CGI = re.compile(
    r"""^[ \t]*use[ \t]+CGI(?:::Carp)?\b(?!::)|\$ENV\{\s*['"]?(?:QUERY_STRING|REQUEST_METHOD)\b"""
    r"|\bCGI(?:::Session)?[ \t]*->[ \t]*(?:new|load)\b|\bnew[ \t]+CGI\b",
    re.MULTILINE,
)


def scan_perl(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, PERL)
    hits = _hits(_PL_PATTERNS, src)
    if path.endswith(".psgi"):
        hits.append(Hit(LISTEN, 0, "PSGI application"))
    lines = Lines(text)
    cgi = _PL_CGI.search(src.code)
    if cgi is not None:
        detail = f"CGI script ({_label('{m}', cgi)})"
        hits.append(Hit(HTTP, cgi.start(), detail))
        yield fact("perl.cgi_scripts", path, lines.number(cgi.start()), detail)
    seen: set[str] = set()
    for match in _PL_FRAMEWORKS.finditer(src.code):
        name = next(g for g in match.groups() if g).lower()
        if name not in seen:
            seen.add(name)
            line = lines.number(match.start())
            yield fact(f"perl.framework.{name}", path, line, " ".join(match.group(0).split()))
    yield from _facts(path, text, Found(tuple(hits)))


# Lua's web frameworks: Lapis's and Lor's routes (`app:get("/x", ...)`, Lapis's named
# `app:match("login", "/login", ...)`), in files that require the framework: another Lua
# program's `client:get("/x")` is a request it makes, not a route. OpenResty's own handlers
# are the nginx config's (`web.lua_handlers`); Lor's `app:run()` starts a server.
_LUA_FRAMEWORK = re.compile(r"""\brequire\s*\(?\s*['"](lapis|lor)[.'"]""")
_LUA_PATTERNS = (
    _p(
        HTTP,
        r"""\b\w+\s*:\s*(?:get|post|put|patch|delete|match)\s*\(\s*"""
        r"""(?:['"][\w.-]+['"]\s*,\s*)?['"]/[^'"\n]*['"]""",
        "{m}...)",
    ),
    _p(LISTEN, r"\bapp\s*:\s*run\s*\(", "Lor {m})"),
)


def scan_lua(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, LUA)
    if _LUA_FRAMEWORK.search(src.code) is None:
        return
    yield from _facts(path, text, Found(tuple(_hits(_LUA_PATTERNS, src))))


# R's plumber: an API's routes are annotations in comments (`#* @get /predict`), served by
# `pr_run()` or `plumb("api.R")$run(...)`; `library(plumber)` names the framework
# (`r.framework.plumber`).
_R_ROUTE = re.compile(r"^#\*\s*@(?:get|post|put|delete|patch|head|options)\s+/\S*", re.MULTILINE)
_R_LISTEN = re.compile(r"\bpr_run\s*\(|\$\s*run\s*\(")
_R_PLUMBER = re.compile(r"\blibrary\s*\(\s*plumber\s*\)|\bplumber::")
# A plumber API's model: read from its saved file (`readRDS("model.rds")`, readr's
# `read_rds`, `load("model.RData")`, xgboost's and keras's loaders) and run with `predict()`
# in the file that declares the routes: the rubric's model served behind endpoints.
_R_MODEL_LOAD = re.compile(
    r"\b(?:readRDS|read_rds|load|xgb\.load|load_model_hdf5|load_model_tf)\s*\(\s*(?:\w+\s*=\s*)?"
    r"(?:here::here\s*\(\s*)?['\"][^'\"\n]+\.(?:rds|RDS|Rds|rda|RData|rdata|model|h5|json|ubj)['\"]"
)
_R_PREDICT = re.compile(r"\bpredict\s*\(")


# R's Shiny: an app whose server function renders its pages' outputs per session, run by
# `shinyApp(ui, server)`, `runApp()` or a folder's `server.R` beside its `ui.R`
# (`r.framework.shiny`): a web app its own R process serves, as a Streamlit app is Python's.
_R_SHINY = re.compile(r"\blibrary\s*\(\s*['\"]?shiny['\"]?\s*\)|\bshiny::")
_R_SHINY_APP = re.compile(
    r"\b(?:shiny::)?(?:shinyApp|shinyServer|runApp)\s*\(|\bfunction\s*\(\s*input\s*,\s*output\b"
)


def scan_r(path: str, text: str) -> Iterator[Fact]:
    # (read in the raw text: the routes are comments)
    hits = [Hit(HTTP, m.start(), m.group(0)) for m in _R_ROUTE.finditer(text)]
    hits += [Hit(LISTEN, m.start(), m.group(0) + "...") for m in _R_LISTEN.finditer(text)]
    plumber = _R_PLUMBER.search(text)
    if plumber is not None:
        line = Lines(text).number(plumber.start())
        yield fact("r.framework.plumber", path, line, plumber.group(0))
    served = _R_PREDICT.search(text) if hits and "predict" in text else None
    loaded = _R_MODEL_LOAD.search(text) if served is not None else None
    if served is not None and loaded is not None:
        lines = Lines(text)
        yield fact("ml.model_load", path, lines.number(loaded.start()), loaded.group(0) + ")")
        detail = "a plumber API's routes run a saved model's predict()"
        yield fact("ml.in_views", path, lines.number(served.start()), detail)
    shiny = _R_SHINY.search(text) if "shiny" in text else None
    if shiny is not None:
        line = Lines(text).number(shiny.start())
        yield fact("r.framework.shiny", path, line, shiny.group(0))
    if "input" in text or "App" in text or "Server" in text:
        hits += [
            Hit(LISTEN, m.start(), f"Shiny {m.group(0)}...") for m in _R_SHINY_APP.finditer(text)
        ]
    yield from _facts(path, text, Found(tuple(hits)))


_JAVA_PATTERNS = (
    _p(WS, r"@(?:MessageMapping|SubscribeMapping)\b(?:\s*\([^)\n]*\))?", "{m}"),
    _p(WS, r"@On(?:Message|Open)\b", "{m}"),
    # Spring's STOMP broker, in memory or relayed: it holds every subscriber's connection and
    # fans each topic's messages out to them, a pub/sub hub of its own (the app's
    # `@MessageMapping` methods, when there are any, are handlers beside it).
    _p(WS, r"\.\s*enable(?:SimpleBroker|StompBrokerRelay)\s*\(", "STOMP broker {m}...)"),
    _p(
        WS,
        r"\b(?:void|fun)\s+(?:handleTextMessage|handleBinaryMessage|handleMessage"
        r"|afterConnectionEstablished)\s*\(",
        "{m}...)",
    ),
    _p(WS, r"(?<![\w.])webSocket\s*\(\s*\"[^\"\n]*\"", "{m})"),
    # Spring WebFlux's reactive WebSocketHandler: its `handle(session)` holds the connection
    # (Java's `handle(WebSocketSession session)`, Kotlin's `handle(session: WebSocketSession)`).
    _p(
        WS,
        r"\bhandle\s*\(\s*(?:final\s+)?(?:WebSocketSession\s+\w+|\w+\s*:\s*WebSocketSession)\b",
        "WebFlux {m})",
        gate=r"WebSocketSession",
    ),
    # Vert.x: a SockJS handler (its event-bus bridge or socket handler holds each browser's
    # connection) and an HTTP server's WebSocket handler; its MQTT server's endpoint handler
    # holds each device's connection (a broker).
    _p(WS, r"\bSockJSHandler\s*\.\s*create\s*\(", "Vert.x {m}...)"),
    _p(WS, r"\.\s*endpointHandler\s*\(", "Vert.x MQTT server {m}...)", gate=r"\bMqttServer\b"),
    _p(WS, r"\.\s*webSocketHandler\s*\(", "Vert.x {m}...)"),
    _p(HTTP, r"@(?:Get|Post|Put|Delete|Patch)Mapping\b(?:\s*\([^)\n]*\))?", "{m}"),
    # A controller implementing an interface generated from an OpenAPI spec carries no
    # mapping annotations of its own: its methods are the interface's overrides.
    _p(REST, r"@RestController\b", "{m}"),
    # Vaadin's views: `@Route("login")` on a view class the server renders and runs (its
    # events come back over HTTP), a page of the app as a controller's template is.
    _p(HTTP, r"@Route\s*\([^)\n]*\)", "Vaadin view {m}", gate=r"\bcom\.vaadin\.flow\.router\b"),
    # (Its arguments often span lines: `value = "/{id}",` then `method = RequestMethod.GET`.)
    # (its evidence quotes the first path, so a route's kind can be told: `/login`, `/health`)
    _p(
        HTTP,
        r"""@RequestMapping\s*\((?:[^)"]{0,400}?("[^"\n]*"))?[^)]{0,400}?\bmethod\s*=""",
        "@RequestMapping({1} ... method = ...)",
        gate=r"@RequestMapping\b",
    ),
    _p(HTTP, r"@(?:GET|POST|PUT|DELETE|PATCH)\b", "{m}"),
    _p(
        HTTP,
        r"(?<![\w.])(?:[\w.]+\s*\.\s*)?(?:get|post|put|delete|patch)\s*\(\s*\"/[^\"\n]*\"",
        "{m}, ...)",
    ),
    # Ktor's typed routes (the Locations and Resources plugins): `get<PlayerInfoRequest> {`,
    # each a route whose path the class's `@Location`/`@Resource` annotation gives.
    _p(
        HTTP,
        r"^[ \t]*(?:get|post|put|patch|delete)\s*<\s*[\w.]+\s*>\s*(?:\([^)\n]*\)\s*)?\{",
        "Ktor {m}...}",
        re.MULTILINE,
        gate=r"\bio\.ktor\.(?:locations|resources|server\.resources|server\.locations)\b",
    ),
    # Micronaut's controllers: `@Controller("/students")` and its `@Get`, `@Post(...)`
    # methods (its declarative HTTP clients use the same verbs, under `@Client`).
    _p(
        HTTP,
        r"@(?:Get|Post|Put|Delete|Patch)\b(?!\s*\.)(?:\s*\([^)\n]*\))?",
        "{m}",
        gate=r"@Controller\b",
    ),
    _p(LISTEN, r"\bSpringApplication\s*\.\s*run\s*\(|\brunApplication\s*<", "{m}...)"),
    _p(LISTEN, r"\bMicronaut\s*\.\s*run\s*\(", "{m}...)"),
    # Servlets: a mapped servlet, and each request method it answers.
    _p(HTTP, r"@WebServlet\b(?:\s*\([^)\n]*\))?", "{m}"),
    _p(HTTP, r"\bvoid\s+do(?:Get|Post|Put|Delete)\s*\(\s*HttpServletRequest\b", "{m}...)"),
    _p(LISTEN, r"\.(?:addHandler|addEndpoint)\s*\(", "WebSocket endpoint {m}...)"),
    _p(LISTEN, r"@ServerEndpoint\b(?:\s*\([^)\n]*\))?", "{m}"),
    _p(LISTEN, r"\bembeddedServer\s*\(", "{m}...)"),
    _p(CLIENT, r"\bnew\s+(?:StandardWebSocketClient|WebSocketStompClient)\s*\(", "{m})"),
    _p(CLIENT, r"\bnewWebSocketBuilder\s*\(", "{m})"),
)


# Netty wires handlers into a pipeline by hand: a server is a ServerBootstrap, and a
# handler's `channelRead` serves a persistent connection where the module speaks WebSocket
# frames, upgrades to them, or keeps its connections in a group to broadcast to (a chat
# server's); an HTTP codec's handler alone is not one.
_NETTY = re.compile(r"\bio\.netty\b")
_NETTY_LISTEN = _p(LISTEN, r"\bnew\s+ServerBootstrap\s*\(", "{m})")
_NETTY_PERSISTENT = re.compile(
    r"\b(?:\w*WebSocketFrame|WebSocketServerHandshaker\w*|WebSocketServerProtocolHandler"
    r"|ChannelGroup)\b"
)
# A handler that follows each connection's life (it opens, it closes) and reads no HTTP
# request keeps its clients connected: a chat or game server's, over TCP or behind a
# WebSocket codec another file sets up.
_NETTY_CONNECTION = re.compile(
    r"\bvoid\s+(?:channelActive|channelInactive|handlerAdded|handlerRemoved)\s*\("
)
_NETTY_HTTP = re.compile(r"\b(?:Full)?HttpRequest\b|\bHttpObject\b")
# Each of a connection's events the handler answers: a message read, the connection opening
# and closing, an idle timeout (as a JavaScript socket's `on("close")` counts).
_NETTY_READ = _p(
    WS,
    r"\bvoid\s+(?:channelRead0?|messageReceived|channelActive|channelInactive|userEventTriggered)"
    r"\s*\(",
    "{m}...)",
)


# Java-WebSocket's server: a WebSocketServer subclass and the connection events it answers.
_JAVA_WEBSOCKET_SERVER = re.compile(r"\bextends\s+WebSocketServer\b")
_JAVA_WEBSOCKET_PATTERNS = (
    _p(LISTEN, r"\bextends\s+WebSocketServer\b", "{m}"),
    _p(WS, r"\bvoid\s+on(?:Open|Message|Close)\s*\(\s*(?:final\s+)?WebSocket\b", "{m}...)"),
)
# netty-socketio, a Socket.IO server for the JVM: the server, and each event and connection
# listener added to it (`server.addEventListener("chat message", String.class, ...)`).
_JAVA_SOCKET_IO = re.compile(r"\bSocketIOServer\b")
_JAVA_SOCKET_IO_PATTERNS = (
    _p(LISTEN, r"\bnew\s+SocketIOServer\s*\(", "{m}...)"),
    _p(WS, r"\.\s*add(?:Event|Connect|Disconnect)Listener\s*\(", "Socket.IO {m}...)"),
)
# Its annotated listeners, in a class of their own handed to `server.addListeners(...)`:
# `@OnEvent("chat")`, `@OnConnect`, `@OnDisconnect`, imported from the library's package.
_JAVA_SOCKET_IO_ANNOTATIONS = "com.corundumstudio.socketio"
_JAVA_SOCKET_IO_LISTENERS = _p(WS, r"@On(?:Event|Connect|Disconnect)\b", "Socket.IO {m}")
# The Socket.IO project's own Java server (io.socket:socket.io-server): a namespace's
# `ns.on("connection", ...)` and each socket's `socket.on(EVENT, args -> ...)`.
_JAVA_SOCKET_IO_SERVER = re.compile(r"\bSocketIo(?:Server|Socket|Namespace)\b")
_JAVA_SOCKET_IO_SERVER_PATTERNS = (
    _p(LISTEN, r"\bnew\s+SocketIoServer\s*\(", "{m}...)"),
    _p(WS, r"(?<![\w.])\w+\s*\.\s*on\s*\(\s*[\w.\"]", "Socket.IO {m}...)"),
)


# A plain TCP server (`new ServerSocket(port)` and its accept loop), as in Go: a persistent-
# connection server when its code broadcasts or keeps rooms (_HUB_WORDS).
# (a blocking ServerSocket, or NIO's server channel, selector-driven or asynchronous)
_JAVA_TCP_LISTEN = _p(
    LISTEN,
    r"\bnew\s+ServerSocket\s*\(|\b(?:Asynchronous)?ServerSocketChannel\s*\.\s*open\s*\(",
    "{m}...)",
)
_JAVA_TCP_SERVE = (_p(WS, r"(?<![\w.])[\w.]+\s*\.\s*accept\s*\(\s*\)", "accept loop {m}"),)
# ... or the accept loop of a listener made in another file, handed over as a ServerSocket
# (`private final ServerSocket clientConnectionAcceptor;`).
_JAVA_SERVER_SOCKET_HELD = re.compile(r"\bServerSocket(?:Channel)?\s+\w+\s*[;,)=]")


# A Micronaut controller whose routes its interface declares (`@Controller class
# ArticleController implements ArticleOperations`, the verbs on the interface's methods, shared
# with the declarative client): the controller serves them, as a Spring @RestController does.
_MICRONAUT_HTTP = "io.micronaut.http"
_MICRONAUT_CONTROLLER = _p(HTTP, r"@Controller\b(?:\s*\([^)\n]*\))?", "Micronaut {m}")
# A Micronaut controller answers with what its methods return, as JSON, unless a method names
# a view to render (micronaut-views' `@View("home")`): a REST controller, as Spring's
# @RestController is.
_MICRONAUT_REST = _p(REST, r"@Controller\b", "Micronaut {m}")
_MICRONAUT_VIEW = re.compile(r"@View\b")


# A Ktor plugin (`createApplicationPlugin(name = "Kodex") { ... }`, or the older API's
# `companion object Plugin : BaseApplicationPlugin<Application, Config, Kodex>`): what an
# application installs into its server, as a Spring Boot starter's auto-configuration is
# (ktor.plugin; DJ003 reads it with a release to Maven Central: an app keeps its own plugins
# unpublished).
_KTOR_PLUGIN = re.compile(
    r"\bcreate(?:Application|RouteScoped)Plugin\s*(?:<[^<>\n]{0,100}>)?\s*\("
    r"|:\s*(?:Base)?(?:Application|RouteScoped)Plugin\s*<"
)


def scan_ktor_plugins(path: str, text: str) -> Iterator[Fact]:
    match = _KTOR_PLUGIN.search(text)
    if match is not None:
        lines = Lines(text)
        line = lines.number(match.start())
        yield fact("ktor.plugin", path, line, lines.text(line))


def scan_java(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, JAVA)
    hits = _hits(_JAVA_PATTERNS, src)
    if _MICRONAUT_HTTP in text:
        if not any(h.key == HTTP for h in hits):
            hits.extend(_hits([_MICRONAUT_CONTROLLER], src))
        if "@Controller" in src.code and _MICRONAUT_VIEW.search(src.code) is None:
            hits.extend(_hits([_MICRONAUT_REST], src))
    if "Socket" in src.code:
        # (the listener's file, or a file of its sessions that keeps the clients or rooms:
        # rt.hub_code, joined to the listener's loops by the derivation tcp_hub)
        found = _tcp_hub(src, _JAVA_TCP_LISTEN, _JAVA_TCP_SERVE)
        if not any(h.key == LISTEN for h in found) and _JAVA_SERVER_SOCKET_HELD.search(src.code):
            found.extend(_hub_loops(src, _hits(_JAVA_TCP_SERVE, src)))
        hits.extend(found)
    if _JAVA_SOCKET_IO.search(src.code):
        hits.extend(_hits(_JAVA_SOCKET_IO_PATTERNS, src))
    if _JAVA_SOCKET_IO_ANNOTATIONS in src.code:
        hits.extend(_hits([_JAVA_SOCKET_IO_LISTENERS], src))
    if _JAVA_SOCKET_IO_SERVER.search(src.code):
        hits.extend(_hits(_JAVA_SOCKET_IO_SERVER_PATTERNS, src))
    if _JAVA_WEBSOCKET_SERVER.search(src.code):
        hits.extend(_hits(_JAVA_WEBSOCKET_PATTERNS, src))
    if "WebSocket." in src.code:
        hits.extend(_hits([_PLAY_WEBSOCKET], src))
    if "addService" in src.code:
        hits.extend(_hits([_GRPC_PATTERNS["java"]], src))
    if _NETTY.search(src.code):
        hits.extend(_hits([_NETTY_LISTEN], src))
        connected = _NETTY_CONNECTION.search(src.code) and not _NETTY_HTTP.search(src.code)
        if _NETTY_PERSISTENT.search(src.code) or connected:
            hits.extend(_hits([_NETTY_READ], src))
    yield from _facts(path, text, Found(tuple(hits)))


# --- CoffeeScript (Faye channels) --------------------------------------------------------

_FAYE = re.compile(r"(?i:\bfaye\b)")
_COFFEE_SUBSCRIBE = _p(WS, r"(?<![\w$])@?[\w$.]*\bsubscribe\b\s*\(?\s*[\w$@'\"/]", "{m}...")


def scan_coffee(path: str, text: str) -> Iterator[Fact]:
    """Server-side CoffeeScript: the subscriptions of a Faye pub/sub server's channels."""
    src = _views(text, COFFEESCRIPT)
    if _FAYE.search(src.code) is None:
        yield from _facts(path, text, Found((), _js_module_name(path)))
        return
    hits = _hits((_COFFEE_SUBSCRIBE,), src)
    yield from _facts(path, text, Found(tuple(hits), _js_module_name(path)))


# --- Rust ----------------------------------------------------------------------------------

_RUST_PATTERNS = (
    _p(WS, r"\b(?:tokio_tungstenite::)?accept(?:_hdr)?_async(?:_with_config)?\s*\(", "{m}...)"),
    _p(WS, r"\btungstenite::accept(?:_hdr)?\s*\(", "{m}...)"),
    _p(WS, r"\bWebSocketUpgrade\b", "axum {m}"),
    _p(WS, r"\bws::start(?:_with_addr|_with_protocols)?\s*\(", "actix {m}...)"),
    # (an actix WebSocket actor's context, which its stream handler runs in: each actor is a
    # connection's handler, however the module names what it imports)
    _p(
        WS,
        r"\btype\s+Context\s*=\s*(?:\w+::)*WebsocketContext\s*<",
        "actix WebSocket actor {m}...>",
    ),
    _p(WS, r"\bwarp::ws\s*\(\s*\)", "{m}"),
    _p(HTTP, r"\.route\s*\(\s*\"/[^\"\n]{0,200}\"", "{m}, ...)"),
    _p(HTTP, r"#\[\s*(?:get|post|put|patch|delete)\s*\(\s*\"[^\"\n]{0,200}\"", "{m}"),
    _p(HTTP, r"\bweb::resource\s*\(\s*\"[^\"\n]{0,200}\"", "{m})"),
    # Tide's `app.at("/login").post(login)` and Poem's `.at("/users", get(list))`.
    _p(
        HTTP,
        r"\.at\s*\(\s*\"/[^\"\n]{0,200}\"\s*(?:\)\s*\.\s*(?:get|post|put|patch|delete|all)\s*\(|,)",
        "{m}...)",
    ),
    # An HTTP server written on a TcpListener, dispatching on the request line
    # (`r if r.starts_with("POST /api/users") => ...`): each method and path is a route.
    _p(
        HTTP,
        r'\.starts_with\s*\(\s*"(?:GET|POST|PUT|PATCH|DELETE) /[^"\s]{0,200}',
        'request line {m}...")',
        gate=r'"(?:GET|POST|PUT|PATCH|DELETE) /',
    ),
    _p(LISTEN, r"(?<![\w.])app\s*\.\s*listen\s*\(", "Tide {m}...)"),
    _p(LISTEN, r"\bTcpListener::bind\s*\(", "{m}...)"),
    # A QUIC server (quinn): connections that stay open, as a TCP listener's do.
    _p(LISTEN, r"\b(?:quinn::)?Endpoint::server\s*\(", "QUIC {m}...)"),
    _p(LISTEN, r"\b(?:axum|warp|hyper)::(?:serve|Server::bind)\s*\(", "{m}...)"),
    _p(LISTEN, r"\bHttpServer::new\s*\(", "{m}...)"),
    _p(CLIENT, r"\bconnect_async\s*\(", "{m}...)"),
)


# The loop that reads a socket's messages: a handler of its own, as a Go read loop is.
_RUST_READ_LOOP = _p(
    WS,
    r"\bwhile\s+let\s+Some\s*\(\s*(?:Ok\s*\(\s*)?\w+\s*\)?\s*\)\s*=\s*[\w.]+\s*\.\s*next\s*\(\s*\)\s*\.await",
    "message loop {m}",
)


_RUST_ACCEPT = _p(WS, r"(?<![\w.])[\w.]+\s*\.\s*accept\s*\(\s*\)", "accept loop {m}")

# A UDP game or chat server: a socket bound to a port, read datagram by datagram and answered
# to the players or clients it keeps (a syslog or DNS receiver keeps none, and a client binds
# only to send). Its listener, and each datagram loop as a persistent-connection handler.
_UDP_HUB_WORDS = re.compile(r"(?i:\b\w*(?:broadcast|chat|room|lobby|player|clients)\w*\b)")
_RUST_UDP_BIND = _p(LISTEN, r"\bUdpSocket::bind\s*\(", "UDP {m}...)")
_RUST_UDP_READ = _p(WS, r"\.\s*recv_from\s*\(", "datagram loop {m}...)")
_RUST_LINES_LOOP = _p(
    WS,
    r"\bwhile\s+let\s+(?:Some|Ok)\s*\(.{0,80}?\)\s*=\s*[\w.]+\s*\.\s*(?:next_line|read_line|next)\s*\(",
    "message loop {m}",
)


# --- C and C++: the WebSocket server libraries' callbacks and routes ----------------------

_NATIVE_PATTERNS = (
    # libwebsockets: the callback's server-side cases (a client's are LWS_CALLBACK_CLIENT_*).
    _p(
        WS,
        r"\bcase\s+LWS_CALLBACK_(?:ESTABLISHED|RECEIVE|CLOSED|SERVER_WRITEABLE)\s*:",
        "libwebsockets {m}",
    ),
    _p(HTTP, r"\bcase\s+LWS_CALLBACK_HTTP\s*:", "libwebsockets {m}"),
    _p(LISTEN, r"\b(?:lws|libwebsocket)_create_context\s*\(", "{m}...)"),
    # Mongoose (Cesanta): events of a listening connection.
    _p(WS, r"\bMG_EV_WS_(?:MSG|OPEN)\b", "Mongoose {m}"),
    _p(HTTP, r"\bMG_EV_HTTP_MSG\b", "Mongoose {m}"),
    _p(LISTEN, r"\bmg_(?:http_)?listen\s*\(", "{m}...)"),
    # uWebSockets, Crow, websocketpp, Boost.Beast.
    _p(WS, r"\.\s*ws\s*<[^>\n]{0,200}>\s*\(\s*\"[^\"\n]*\"", "uWebSockets {m}, ...)"),
    _p(WS, r"\bCROW_WEBSOCKET_ROUTE\s*\(", "{m}...)"),
    _p(HTTP, r"\bCROW_ROUTE\s*\(\s*\w+\s*,\s*\"[^\"\n]*\"", "{m})"),
    # Crow's app started on its port (`app.port(18080).multithreaded().run()`), Drogon's.
    _p(
        LISTEN,
        r"\.\s*port\s*\(\s*[\w:]+\s*\)(?:\s*\.\s*\w+\s*\(\s*\))*\s*\.\s*run(?:_async)?\s*\(",
        "{m}...)",
        gate=r"\.\s*port\s*\(",
    ),
    _p(LISTEN, r"\bdrogon\s*::\s*app\s*\(\s*\)[^;]{0,300}?\.\s*run\s*\(", "{m}...)", gate="drogon"),
    _p(WS, r"\.\s*set_(?:message|open)_handler\s*\(", "websocketpp {m}...)"),
    _p(
        WS,
        r"\bwebsocket::stream\s*<[^;{}\n]{0,200}>[^;{}\n]{0,200};[^}]{0,400}?\.\s*accept\s*\(",
        "Boost.Beast websocket accept",
    ),
    # A WebSocket handshake written by hand: the server answers with the accept header
    # (`"Sec-WebSocket-Accept: " + key`, `setHeader("sec-websocket-accept", key)`); a client
    # only reads it.
    _p(
        WS,
        r"\"(?i:sec-websocket-accept)(?::[ \t]*|\"\s*,)",
        "WebSocket handshake answered by hand",
        gate=r"(?i:sec-websocket-accept)",
    ),
)
# A server on the sockets API: `listen(fd, SOMAXCONN)` after a `bind`; with rooms, channels
# or clients it keeps (an IRC or chat server), its `accept` takes connections it holds.
_NATIVE_TCP_LISTEN = _p(
    LISTEN, r"(?<![\w.>])(?:::)?listen\s*\(\s*[\w.>\[\]-]+\s*,\s*\w+\s*\)", "{m}"
)
_NATIVE_BIND = re.compile(r"\bbind\s*\(")
_NATIVE_TCP_SERVE = (
    _p(WS, r"(?<![\w.>])(?:::)?accept4?\s*\(\s*\w+", "accept loop {m}...)"),
    # (Winsock's overlapped accept, posted for the completion port's loop: `AcceptEx(...)`)
    _p(WS, r"(?<![\w.>])AcceptEx\s*\(\s*\w+", "overlapped accept {m}...)"),
    # Windows' I/O completion ports: the worker loop that takes each connection's completed
    # reads (its accepts come by AcceptEx, often in another file).
    _p(WS, r"\bGetQueuedCompletionStatus(?:Ex)?\s*\(", "completion loop {m}...)"),
)
# What a C or C++ server says of the connections it holds: rooms, channels, a chat, players
# in a lobby, messages broadcast. A gateway or daemon publishes to a broker and serves
# clients too, and keeps none of these.
# (or the collection of its clients it keeps them in: `clients_list.push_back(client)`,
# `clients[fd] = ...`; a function named for clients, `accept_clients(...)`, keeps none)
_NATIVE_HUB_WORDS = re.compile(
    r"(?i:\b\w*(?:broadcast|chat|room|channel|lobby|player)\w*\b)"
    r"|\b\w*clients(?:_list|_set|_map|_vec)?\s*(?:\.\s*(?:push_back|insert|emplace\w*|add"
    r"|remove|erase)\s*\(|\[)"
)
# What a server's other files keep, beside its listener (rt.hub_code): its rooms, chat or
# lobby (not channels or players alone: audio and media code names those too).
_NATIVE_HUB_CODE = re.compile(r"(?i:\b\w*(?:chat|room|lobby)\w*\b)")
_NATIVE_HUB_NEEDLES = ("chat", "Chat", "room", "Room", "lobby", "Lobby")


# C and C++ have no dependency file to read: a web framework and a database client are
# known by the headers the code includes (`#include "crow.h"`, `<mysql/mysql.h>`), as Go's
# modules are by their imports where there is no go.mod.
_NATIVE_INCLUDE = re.compile(
    r"^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"\n]{1,200})[>\"]", re.MULTILINE
)


def _header(pattern: str) -> re.Pattern[str]:
    """A header path's pattern, tried from the start of each of its folders and its name
    (`"./Crow/include/crow.h"`, `<mysql/mysql.h>`)."""
    return re.compile(rf"(?:^|/)(?:{pattern})")


_NATIVE_WEB_HEADERS = (
    ("crow", _header(r"crow(?:_all)?\.h(?:pp)?$|crow/")),
    ("drogon", _header(r"drogon/")),
    ("pistache", _header(r"pistache/")),
    ("oatpp", _header(r"oatpp/web/server/")),
    ("cpprestsdk", _header(r"cpprest/http_listener\.h")),
    ("restbed", _header(r"restbed(?:\.hpp)?$|corvusoft/restbed/")),
    ("civetweb", _header(r"civetweb\.h$|CivetServer\.h$")),
)
_NATIVE_DATABASE_HEADERS = (
    ("mysql", _header(r"mysql\.h$|mysqlx/|cppconn/|mysql_driver\.h$")),
    ("postgresql", _header(r"libpq-fe\.h$|pqxx/")),
    ("sqlite", _header(r"sqlite3\.h$|SQLiteCpp/")),
    ("mongodb", _header(r"mongocxx/|mongoc\.h$|mongoc/")),
    ("soci", _header(r"soci/|soci\.h$")),
)
# The plain substrings one of the headers above holds (the scanner's needles).
NATIVE_LIBRARY_NEEDLES = (
    *(b"crow", b"Crow", b"drogon/", b"pistache/", b"oatpp/web", b"cpprest/", b"restbed"),
    *(b"civetweb", b"CivetServer", b"mysql", b"cppconn/", b"libpq-fe", b"pqxx/", b"sqlite3.h"),
    *(b"SQLiteCpp/", b"mongocxx/", b"mongoc", b"soci"),
)


def _native_libraries(path: str, text: str) -> Iterator[Fact]:
    """native.web.NAME and native.db.NAME: the headers of web frameworks and database clients
    the file includes."""
    found: dict[str, int] = {}
    for match in _NATIVE_INCLUDE.finditer(text):
        header = match.group(1).strip()
        for kind, table in (("web", _NATIVE_WEB_HEADERS), ("db", _NATIVE_DATABASE_HEADERS)):
            for name, pattern in table:
                key = f"{kind}.{name}"
                if key not in found and pattern.search(header):
                    found[key] = match.start()
    if found:
        lines = Lines(text)
        for key, offset in sorted(found.items()):
            line = lines.number(offset)
            yield fact(f"native.{key}", path, line, lines.text(line))


# Boost.Asio's (or standalone Asio's) server: an acceptor, and the accept it posts again for
# each connection (`acceptor_.async_accept(socket_, ...)`), its sessions' reads after it. A
# Beast server answers HTTP requests over the same acceptor: it keeps no clients.
_ASIO_LISTEN = _p(LISTEN, r"\btcp\s*::\s*acceptor\s+\w+|\.\s*async_accept\s*\(", "Asio {m}...")
_ASIO_SERVE = (
    _p(WS, r"\.\s*async_accept\s*\(", "accept loop {m}...)"),
    _p(WS, r"\basync_read(?:_some|_until)?\s*\(", "connection read loop {m}...)"),
)


def scan_native(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, C_LIKE)
    hits = _hits(_NATIVE_PATTERNS, src)
    if _NATIVE_BIND.search(src.code):  # (a `listen(x, y)` elsewhere is some other call)
        # (a web server in C writes its status lines: it serves requests, it keeps no clients)
        serve: tuple[Pattern, ...] = () if "HTTP/1." in src.code else _NATIVE_TCP_SERVE
        hits.extend(_tcp_hub(src, _NATIVE_TCP_LISTEN, serve, _NATIVE_HUB_WORDS))
    elif "async_accept" in src.code or "acceptor" in src.code:
        serve = () if "beast" in src.code or "http::" in src.code else _ASIO_SERVE
        hits.extend(_tcp_hub(src, _ASIO_LISTEN, serve, _NATIVE_HUB_WORDS))
    else:
        hits.extend(_hub_code(src, _NATIVE_HUB_CODE, _NATIVE_HUB_NEEDLES, src.blank))
    yield from _facts(path, text, Found(tuple(hits)))


# hyper serving each accepted connection: an HTTP server (a proxy, an API), not a socket hub.
_RUST_HTTP_CONNECTION = re.compile(r"\bserve_connection\s*\(|\bservice_fn\s*\(")


# The `ws` crate (ws-rs): a `Handler` implemented for each connection, whose `on_open`,
# `on_message` and `on_close` hold it, and the server that `ws::listen(addr, ...)` or
# `WebSocket::new(factory)?.listen(addr)` starts.
_RUST_WS_RS = (
    _p(
        WS,
        r"\bfn\s+on_(?:open|message|close)\s*\(",
        "ws-rs {m}...)",
        gate=r"\bimpl\s+(?:ws::)?Handler\s+for\b",
    ),
    _p(LISTEN, r"\bws::(?:listen|Builder::new)\s*\(|\bWebSocket::new\s*\(", "ws-rs {m}...)"),
)
_RUST_USES_WS_RS = re.compile(r"\b(?:use|extern\s+crate)\s+ws\b")


def scan_rust(path: str, text: str) -> Iterator[Fact]:
    src = _views(text, RUST)
    hits = _hits(_RUST_PATTERNS, src)
    if _RUST_USES_WS_RS.search(src.code):
        hits.extend(_hits(_RUST_WS_RS, src))
    if any(h.key == WS for h in hits):
        hits.extend(_hits((_RUST_READ_LOOP,), src))
    elif (
        not any(h.key == HTTP for h in hits)
        and any("TcpListener" in h.detail or "QUIC" in h.detail for h in hits)
        and not _RUST_HTTP_CONNECTION.search(src.code)
    ):
        # A plain TCP (or QUIC) hub: the accept loop and each connection's read loop are its
        # handlers. Without a hub's words in the listener's file, its loops wait for another
        # module that keeps the topics or rooms (rt.tcp_serve, joined by the derivation
        # tcp_hub), as in Go, Java and C++.
        hits.extend(_hub_loops(src, _hits((_RUST_ACCEPT, _RUST_LINES_LOOP), src)))
    elif not hits:
        hits.extend(_hub_code(src, _HUB_WORDS, _HUB_NEEDLES, src.blank.lower()))
    udp = all(word in src.code for word in ("UdpSocket", "recv_from", "send_to"))
    if udp and _UDP_HUB_WORDS.search(src.blank):
        bound = _hits((_RUST_UDP_BIND,), src)
        if bound:
            hits.extend((*bound, *_hits((_RUST_UDP_READ,), src)))
    # A binary's main.rs is where a Rust server is wired; other modules are named by file
    # (a folder's mod.rs by its folder), and imported by `mod name;` or `use crate::name`.
    parts = path.rsplit("/", 2)
    name = parts[-2] if parts[-1] == "mod.rs" and len(parts) > 1 else parts[-1][: -len(".rs")]
    module = None if path.endswith(("main.rs", "/bin.rs")) or "/bin/" in path else _key_part(name)
    imports = tuple(
        _key_part(m.group(1) or m.group(2)) for m in _RUST_MODULE_IMPORT.finditer(src.code)
    )
    yield from _facts(path, text, Found(tuple(hits), module, imports))


_RUST_MODULE_IMPORT = re.compile(
    r"^[ \t]*(?:pub(?:\([\w:]+\))?[ \t]+)?mod[ \t]+(\w+)[ \t]*;"
    r"|\buse[ \t]+(?:crate|super|self)(?:::super)*::(\w+)",
    re.MULTILINE,
)


# --- facts from hits ---------------------------------------------------------------------


def _facts(path: str, text: str, found: Found) -> Iterator[Fact]:
    lines = Lines(text) if found.hits else None
    ws = 0
    listens = False
    for hit in sorted(found.hits, key=lambda h: (h.offset, h.key)):
        assert lines is not None
        yield fact(hit.key, path, lines.number(hit.offset), hit.detail)
        ws += hit.key == WS
        listens = listens or hit.key == LISTEN
    for name in sorted(set(found.imports)):
        scope, dot, module = name.rpartition(".")
        if dot:
            detail = f"imports module {module} of @{scope}"
            yield fact(f"rt.imports_aliased.{name}", path, None, detail)
        else:
            yield fact(f"rt.imports_module.{name}", path, None, f"imports module {name}")
    if not ws:
        return
    yield fact("rt.ws_file", path, None, f"{ws} socket handlers")
    if listens or found.module is None:
        why = "starts the server" if listens else "wired by convention (framework or main package)"
        yield fact("rt.ws_entry", path, None, f"{ws} socket handlers, {why}", value=float(ws))
    else:
        detail = f"{ws} socket handlers in module {found.module}, which does not listen"
        yield fact(f"rt.ws_module.{found.module}", path, None, detail, value=float(ws))


def _strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _key_part(name: str) -> str:
    """A fact-key segment: lower-case, no dots or odd characters (keys are dotted)."""
    return re.sub(r"[^a-z0-9_-]+", "_", name.lower()).strip("_") or "_"


# --- derivation --------------------------------------------------------------------------


# --- registration ------------------------------------------------------------------------


def _wants(extensions: tuple[str, ...], names: tuple[str, ...] = ()) -> Callable[[str], bool]:
    def wants(path: str) -> bool:
        name = path.rsplit("/", 1)[-1]
        if name.endswith((".min.js", ".d.ts")):
            return False  # (docs and tests never reach a scanner: the collector skips them)
        return name in names or name.lower().endswith(extensions)

    return wants


def _by_ending(
    name: str,
    extensions: tuple[str, ...],
    scan: Callable[[str, str], Iterator[Fact]],
    needles: tuple[bytes, ...],
) -> FileScanner:
    return FileScanner(name, _wants(extensions), scan, needles, endings=extensions)


FILE_SCANNERS.extend(
    [
        _by_ending(
            "realtime-js",
            JS_EXTENSIONS,
            scan_js,
            (
                b"import",  # the common ones first: `any` stops at the first found
                b"export",
                b"require",
                b".on(",
                b".ws(",
                b"listen",
                b"WebSocket",
                b"io(",
                b"@Get",
                b"@Post",
                b".get(",
                b".post(",
                b"Subscribe",
                b"serve(",  # Deno.serve, Bun.serve in a script that imports nothing
                b"use server",  # a module of server functions (_USE_SERVER)
                b"createServerFn",  # TanStack Start's (_tanstack_endpoints; its routes import)
                b"Meteor.",  # Meteor's methods and publications
                b"connectHandlers",
            ),
        ),
        FileScanner(
            "realtime-aliases",
            _wants((), tuple(TS_CONFIG_NAMES)),
            scan_tsconfig,
            (b'"paths"',),
            endings=(".json",),
        ),
        _by_ending("realtime-coffee", (".coffee",), scan_coffee, (b"aye",)),
        _by_ending(
            "native-libraries",
            (".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx"),
            _native_libraries,
            NATIVE_LIBRARY_NEEDLES,
        ),
        _by_ending(
            "realtime-native",
            (".c", ".cc", ".cpp", ".cxx"),
            scan_native,
            (
                b"LWS_CALLBACK",
                b"_create_context",
                b"MG_EV_",
                b"mg_http_listen",
                b"mg_listen",
                b"CROW_",
                b".ws<",
                b"set_message_handler",
                b"set_open_handler",
                b"websocket::",
                b"ebsocket-accept",
                b"ebSocket-Accept",
                b"EBSOCKET-ACCEPT",
                b"listen",
                b"acceptor",  # Asio's (_ASIO_LISTEN)
                b"async_accept",
                # what a TCP server's other files keep (rt.hub_code)
                *(b"chat", b"Chat", b"room", b"Room", b"lobby", b"Lobby"),
            ),
        ),
        _by_ending(
            "realtime-rust",
            (".rs",),
            scan_rust,
            (
                b"accept",
                b"WebSocket",
                b"ws::",
                b"warp",
                b".route(",
                b".at(",  # (Tide's and Poem's routes)
                b"#[",
                b"web::",
                b"bind",
                b"Endpoint::server",
                b"WebsocketContext",
                b"mod ",  # (a folder's mod.rs that declares the modules its handlers are in)
                *(b'"GET /', b'"POST /', b'"PUT /', b'"PATCH /', b'"DELETE /'),  # request lines
                # what a TCP server's other modules keep (rt.hub_code)
                *(b"ubscribe", b"ublish", b"roadcast", b"chat", b"Chat", b"room", b"Room"),
                *(b"clients", b"Clients", b"pubsub", b"PubSub", b"pub_sub"),
            ),
        ),
        _by_ending(
            "realtime-go",
            (".go",),
            scan_go,
            (
                b"Register",  # a gRPC service registered on its server
                b"Server) error",  # (a gRPC method that streams: _GO_GRPC_STREAM)
                b"websocket",
                b"Handle",
                b"ListenAndServe",
                b".GET(",
                b".Get(",
                b".POST(",
                b".Post(",
                b"gobwas",
                b"melody",
                b"socket",
                b".Run(",
                b".Start(",
                b".Listen(",
                b"register",  # a hub's loop (_GO_HUB_CASE)
                b"text/event-stream",  # a handler that streams events (EVENT_STREAM)
                b"ExecuteTemplate",  # the pages it renders (_go_page_templates)
                b"ParseFiles",
                b"broadcast",
                b"subscribe",
                # what a hub keeps, in a file of its own beside the listener (rt.hub_code)
                *(b"Broadcast", b"Subscribe", b"ublish", b"ubSub", b"ubsub", b"pub_sub"),
                *(b"chat", b"Chat", b"room", b"Room", b"clients", b"Clients"),
            ),
        ),
        _by_ending(
            "realtime-elixir",
            (".ex", ".exs"),
            scan_elixir,
            (
                b"Phoenix",
                b"channel",
                b"Cowboy",
                b"cowboy",
                b"Bandit",
                b"websocket_",
                b"Plug.Router",
                b":router",  # `use MyAppWeb, :router`
                b"gen_tcp",
            ),
        ),
        _by_ending(
            "realtime-erlang",
            (".erl",),
            scan_erlang,
            # (and what a hub keeps, in a module beside its listener: rt.hub_code)
            (b"websocket_", b"cowboy", b"gen_tcp", *(w.encode() for w in HUB_WORDS.split("|"))),
        ),
        _by_ending(
            "realtime-csharp",
            (".cs",),
            scan_csharp,
            (
                b"Hub",
                b"[Http",
                b".Map",
                b"WebSocket",
                b".Run",
                b" OnGet",
                b" OnPost",
                b"Controller",  # (a controller routed by convention: _CS_CONTROLLER)
                b"TcpListener",
                b"SocketType",  # (a stream socket of its own: _CS_SOCKET_LISTEN)
                # what a TCP server's other classes keep (rt.hub_code): its clients, rooms
                *(b"clients", b"Clients", b"room", b"Room", b"chat", b"Chat", b"ubscribe"),
            ),
        ),
        _by_ending(
            "realtime-r",
            (".r",),
            scan_r,
            (b"#*", b"plumb", b"shiny", b"runApp", b"function(input"),
        ),
        _by_ending("realtime-lua", (".lua",), scan_lua, (b"lapis", b"lor")),
        _by_ending(
            "realtime-nim", (".nim",), scan_nim, (b"prologue", b"jester", b"happyx", b"mummy")
        ),
        _by_ending(
            "realtime-haskell",
            (".hs",),
            scan_haskell,
            (b"Web.Scotty", b"Network.WebSockets", b"Network.Wai"),
        ),
        _by_ending(
            "realtime-crystal",
            (".cr",),
            scan_crystal,
            (b"get ", b"post ", b"put ", b"patch ", b"delete ", b"ws ", b"on_", b"Kemal"),
        ),
        _by_ending(
            "realtime-scala",
            (".scala",),
            scan_scala,
            (
                b"WebSocket",
                b"handleWebSocketMessages",
                b"newServerAt",
                b"bindAndHandle",
                b"bindFlow",
            ),
        ),
        _by_ending(
            "realtime-dart",
            (".dart",),
            scan_dart,
            (b"webSocketHandler", b"serve", b"onRequest"),
        ),
        _by_ending(
            "realtime-perl",
            (".pl", ".pm", ".psgi", ".cgi"),
            scan_perl,
            (
                b"QUERY_STRING",
                b"REQUEST_METHOD",
                b"CGI",
                b"get ",
                b"post ",
                b"get(",
                b"post(",
                b"->get",
                b"->post",
                b"->any",
                b"sub ",
                b"websocket",
                b"use ",
                b"app->start",
                b"to_app",
                b"dance",
            ),
        ),
        _by_ending(
            "realtime-ruby",
            (".rb", ".ru"),
            scan_ruby,
            (
                b"ApplicationCable",
                b"ActionCable",
                b"Faye",
                b"WebSocket",
                b"routes",
                b"run ",
                b"get ",
                b"post ",
                b"put ",
                b"patch ",
                b"delete ",
            ),
        ),
        _by_ending(
            "ktor-plugins",
            (".kt",),
            scan_ktor_plugins,
            (b"ApplicationPlugin", b"RouteScopedPlugin"),
        ),
        _by_ending(
            "realtime-java",
            (".java", ".kt"),
            scan_java,
            (
                b"addService",  # (gRPC)
                b"SockJSHandler",
                b"webSocketHandler",
                b"MqttServer",
                b"Mapping",
                b"RestController",
                b"@Route",  # (Vaadin's views)
                b"WebSocket",
                b"@On",
                b"@GET",
                b"@POST",
                b"@PUT",
                b"@DELETE",
                b"SpringApplication",
                b"runApplication",
                b"webSocket",
                b"embeddedServer",
                b"Endpoint",
                b"ServerBootstrap",
                b"ChannelGroup",
                b"channelActive",
                b"handlerAdded",
                b'("/',
                b"Servlet",
                b"SocketIOServer",
                b"SocketIo",
                b"ServerSocket",
                # a TCP server's sessions, which keep its clients or rooms (rt.hub_code)
                b"SocketChannel",
                b"java.net.Socket",
                b"@Controller",
                b"Micronaut",
                b"io.ktor.locations",  # (Ktor's typed routes: `get<Request> {`)
                b"io.ktor.resources",
                b"io.ktor.server.resources",
                b"io.ktor.server.locations",
            ),
        ),
    ]
)
