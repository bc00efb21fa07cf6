"""PHP web pages, framework or not: request handling, sessions, forms and database access.

A plain-PHP application has no manifest that says "web app": its `.php` files read `$_POST`,
start sessions, redirect with `header("Location: ...")`, print forms and query MySQL through
mysqli or PDO. Comments are blanked first, so a commented-out query is not a database.

Facts (one per file showing it; evidence is the first line seen):
    php.web_pages     files that handle a request (superglobals, sessions, redirects)
    php.mail_forms    files whose handling of a request is mailing what a form posted (no
                      database, sign-in or session): a contact form's handler, not a page;
                      also (derived.php_mail_folders) every request-handling file of a
                      small folder that mails and keeps nothing: a form split into its page,
                      its handler and their helpers
    php.mails         files that send mail (mail(), PHPMailer, PHP Email Form, wp_mail)
    php.forms         files that print an HTML form
    php.mysql         files that talk to MySQL (mysqli, mysql_*, a PDO mysql DSN)
    php.db            files that query a database (mysqli, PDO, prepared statements)
    php.auth          files that log users in (password_verify, session login checks)
    rt.http_handlers  route declarations (Laravel's `Route::get`, CodeIgniter's `$routes->get`,
                      Lumen's `$router->post`, Slim's `$app->get('/path', ...)`, Symfony's
                      `#[Route('/path')]` attributes and `@Route("/path")` annotations), and
                      the actions of a Yii or CodeIgniter 3 controller, routed by convention
    php.controller_actions  those actions, counted per controller file
    php.controllers   the controller files that hold them
    php.host_module   a PrestaShop module's main class (it extends Module, CarrierModule or
                      PaymentModule, in a file that checks `_PS_VERSION_`), a GLPI plugin's
                      setup.php (`function plugin_version_<name>()`)
    php.wordpress_plugin  a WordPress plugin's main file (its `Plugin Name:` header) at the
                      root or one folder down: an add-on installed into someone's site
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, FileScanner
from stackcheck.facts.signals.tokens import PHP, Lines, strip

_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "php.web_pages",
        # (and the request's own query or method read from `$_SERVER`, and a JSON answer
        # printed: a device's data endpoint, `echo json_encode($rows);`)
        re.compile(
            r"\$_(?:POST|GET|REQUEST|SESSION|FILES|COOKIE)\b|\bsession_start\s*\("
            r"|\bheader\s*\(\s*['\"]Location\s*:"
            r"|\$_SERVER\s*\[\s*['\"](?:QUERY_STRING|REQUEST_METHOD|REQUEST_URI|PATH_INFO)['\"]"
            r"|\b(?:echo|print)\b\s*\(?\s*json_encode\s*\("
        ),
        "handles a request: {m}",
    ),
    ("php.forms", re.compile(r"<form\b[^>]{0,300}>", re.IGNORECASE), "HTML form"),
    (
        "php.mysql",
        re.compile(r"\bmysqli?_\w+\s*\(|\bnew\s+mysqli\s*\(|['\"]mysql:host=", re.IGNORECASE),
        "MySQL: {m}",
    ),
    (
        "php.db",
        re.compile(
            r"\bmysqli?_query\s*\(|\bnew\s+(?:mysqli|PDO)\s*\(|->\s*(?:prepare|query|execute)\s*\(",
        ),
        "database query: {m}",
    ),
    (
        "php.auth",
        re.compile(
            r"\bpassword_(?:verify|hash)\s*\(|\$_SESSION\s*\[\s*['\"](?:user|usuario|login)"
        ),
        "user login: {m}",
    ),
)


# Plain substrings each pattern's matches contain (in the lower-cased code for the patterns
# that ignore case): found at memchr speed, they spare the patterns, whose alternatives begin
# with `\b` and are tried at every position, on the files that cannot match (a vendored
# library's thousands of lines: 0.8 s over one tree's 225 PHP files before).
_NEEDLES: dict[str, tuple[tuple[str, ...], bool]] = {
    "php.web_pages": (("$_", "session_start", "header", "json_encode"), False),
    "php.forms": (("<form",), True),
    "php.mysql": (("mysql",), True),
    "php.db": (("mysql", "PDO", "prepare", "query", "execute"), False),
    "php.auth": (("password_", "$_SESSION"), False),
}

# A page that mails what a form posted (`mail(...)`, PHPMailer, a template's PHP Email Form)
# and does nothing else with the request: a contact form's handler (php.mail_forms).
_MAILS = re.compile(r"\bmail\s*\(|\bPHPMailer\b|\bPHP_Email_Form\b|\bwp_mail\s*\(")
_KEEPS_STATE = ("php.db", "php.mysql", "php.auth")
# Text every match of _MAILS holds: files without it are not searched (php.mails).
_MAIL_HINT = re.compile(r"mail\s*\(|PHPMailer|PHP_Email_Form")


# WordPress reads a plugin's name from the header comment of its main file.
_PLUGIN_HEADER = re.compile(r"^[ \t/*#]*Plugin Name:[ \t]*(\S[^\n]{0,80})", re.MULTILINE)
_HEADER_REACH = 8192  # WordPress reads the first 8 KB
# A GLPI plugin's setup.php declares its version and init hooks (`function
# plugin_version_fusioninventory()`): the host loads it from its plugins/ folder.
_GLPI_PLUGIN = re.compile(r"\bfunction\s+plugin_version_\w+\s*\(")
# A PrestaShop module's main class (`class Packetery extends CarrierModule`), in a file
# guarded, as every file of a module is, against running outside the shop (`_PS_VERSION_`):
# an add-on its host's back office installs, whose controllers answer the shop's requests.
_PRESTASHOP_MODULE = re.compile(r"\bclass\s+\w+\s+extends\s+(?:Carrier|Payment)?Module\b")


# PHP's socket servers: a Ratchet component (its onOpen/onMessage/onClose/onError handlers,
# run by the IoServer that wraps it), Swoole's WebSocket server and its `on("message")`
# callbacks, Workerman's `websocket://` worker and its onMessage. Each handler is what a
# Node server's `socket.on(...)` is, wired by the server that runs the component.
_SOCKET_WORDS = (
    "MessageComponentInterface",
    "IoServer",
    "WebSocket",
    "websocket://",
    "Websocket://",
    "GatewayWorker",
    "Workerman\\Worker",
    "React\\Socket",
    "socket_listen",
    "stream_socket_server",
)
_RATCHET_COMPONENT = re.compile(r"\bimplements\b[^{;]*\bMessageComponentInterface\b")
_RATCHET_HANDLER = re.compile(r"\bfunction\s+on(?:Open|Message|Close|Error)\s*\(")
_SWOOLE_SERVER = re.compile(
    r"\bnew\s+\\?(?:Swoole\\WebSocket\\Server|swoole_websocket_server)\s*\("
)
_SWOOLE_HANDLER = re.compile(r"->\s*on\s*\(\s*['\"](?:open|message|close)['\"]", re.IGNORECASE)
# (GatewayWorker, Workerman's distributed form, starts the socket side as a `Gateway` and
# spells the protocol either way.)
_WORKERMAN_SERVER = re.compile(
    r"\bnew\s+\\?(?:Workerman\\|GatewayWorker\\)?(?:Worker|Gateway)\s*\(\s*['\"](?i:websocket)://"
)
# GatewayWorker's business side: the static handlers of its `Events` class, which the
# BusinessWorker process calls for every client's connection, message and close.
_GATEWAY_EVENTS = re.compile(
    r"\bstatic\s+function\s+on(?:Connect|Message|Close|WebSocketConnect)\s*\("
)
_WORKERMAN_HANDLER = re.compile(r"->\s*on(?:Connect|Message|Close)\s*=")
# A worker whose address is given at run time (`new Worker($input->getArgument('socket'))`),
# in a module that loads Workerman's Worker and sets its message handler.
_WORKERMAN_IMPORT = re.compile(r"\buse\s+Workerman\\Worker\s*;")
_WORKERMAN_ANY_WORKER = re.compile(r"\bnew\s+Worker\s*\(\s*\$")
# ReactPHP's TCP server: a SocketServer whose `connection` handler keeps each client's stream
# (not ReactPHP's HTTP server, which listens on one too and registers no such handler).
_REACT_SERVER = re.compile(r"\bnew\s+\\?(?:React\\Socket\\)?(?:SocketServer|TcpServer)\s*\(")
_REACT_CONNECTION = re.compile(r"->\s*on\s*\(\s*['\"]connection['\"]")
_SOCKET_LISTEN = re.compile(r"\bIoServer\s*::\s*factory\s*\(")
# A server written on PHP's own sockets (`socket_listen`, `stream_socket_server`): each
# `socket_accept` takes a client whose connection the loop then keeps, as a Go or Java TCP
# hub's accept loop does.
_RAW_LISTEN = re.compile(r"\b(?:socket_listen|stream_socket_server)\s*\(")
_RAW_ACCEPT = re.compile(r"\b(?:socket_accept|stream_socket_accept)\s*\(")


def _workerman_at_run_time(code: str) -> re.Match[str] | None:
    """A Workerman worker made with an address known at run time, in a module that loads
    Worker and sets the worker's handlers."""
    if _WORKERMAN_IMPORT.search(code) is None or _WORKERMAN_HANDLER.search(code) is None:
        return None
    return _WORKERMAN_ANY_WORKER.search(code)


def _socket_server(path: str, code: str) -> Iterator[Fact]:
    lines = Lines(code)
    handlers: list[re.Match[str]] = []
    if _RATCHET_COMPONENT.search(code):
        handlers += _RATCHET_HANDLER.finditer(code)
    for server, handler in (
        (_SWOOLE_SERVER, _SWOOLE_HANDLER),
        (_WORKERMAN_SERVER, _WORKERMAN_HANDLER),
    ):
        started = server.search(code)
        if started is None and server is _WORKERMAN_SERVER:
            started = _workerman_at_run_time(code)
        if started is not None:
            handlers += handler.finditer(code)
            detail = " ".join(started.group(0).split()) + "...)"
            yield fact("rt.listen", path, lines.number(started.start()), detail)
    if "React\\Socket" in code and "React\\Http" not in code:
        react = _REACT_SERVER.search(code)
        if react is not None and _REACT_CONNECTION.search(code):
            handlers += _REACT_CONNECTION.finditer(code)
            detail = " ".join(react.group(0).split()) + "...)"
            yield fact("rt.listen", path, lines.number(react.start()), detail)
    if "GatewayWorker" in code:
        handlers += _GATEWAY_EVENTS.finditer(code)
    listen = _SOCKET_LISTEN.search(code)
    if listen is not None:
        yield fact("rt.listen", path, lines.number(listen.start()), "IoServer::factory(...)")
    raw = _RAW_LISTEN.search(code)
    if raw is not None:
        yield fact("rt.listen", path, lines.number(raw.start()), raw.group(0) + "...)")
    handlers += _RAW_ACCEPT.finditer(code)
    if not handlers:
        return
    for match in handlers:
        detail = " ".join(match.group(0).split())
        yield fact("rt.ws_handlers", path, lines.number(match.start()), detail)
    detail = f"{len(handlers)} socket handlers, wired by the server that runs them"
    yield fact("rt.ws_entry", path, None, detail, value=float(len(handlers)))


# A framework's route declarations, each an HTTP handler as a Node or Go route is: Laravel's
# `Route::get('/users', ...)`, CodeIgniter 4's `$routes->get('login', 'Auth::login')`,
# Lumen's `$router->post(...)`, Slim's and Silex's `$app->get('/hello', ...)` (whose
# container `$app` may be asked for a service by name: only a path counts there).
_ROUTE_DECLARATION = re.compile(
    r"(?:\bRoute\s*::|\$(?:routes|router)\s*->)\s*"
    r"(?:get|post|put|patch|delete|options|any|match|add|resource|apiResource|presenter|cli)"
    r"\s*\(\s*(?:\[[^\]\n]{0,200}\]\s*,\s*)?['\"][^'\"\n]{0,200}['\"]"
    r"|\$app\s*->\s*(?:get|post|put|patch|delete|options|any|map|match)\s*\(\s*['\"]/[^'\"\n]{0,200}['\"]"
)
# Symfony's routes on a controller's methods: the `#[Route('/path')]` attribute (PHP 8), or
# the `@Route("/path")` annotation in a docblock before it (read in the raw text: it is a
# comment).
# (Some routers name the method first, from an enum: `#[Route(HttpMethod::GET, 'api/blog')]`.)
_ROUTE_ATTRIBUTE = re.compile(
    r"#\[\s*Route\s*\(\s*(?:[\w\\]+::[A-Za-z]+\s*,\s*)?(?:path\s*:\s*)?['\"][^'\"\n]{0,200}['\"]"
)
_ROUTE_ANNOTATION = re.compile(r"^[ \t]*\*[ \t]*@Route\s*\(\s*\"[^\"\n]{0,200}\"", re.MULTILINE)
_ROUTE_WORDS = ("Route::", "$routes->", "$router->", "$app->", "Route(")
_MAX_ROUTES = 500  # per file: a generated routes file says no more past these


def _routes(path: str, code: str, text: str) -> Iterator[Fact]:
    lines = Lines(text)
    found = [*_ROUTE_DECLARATION.finditer(code), *_ROUTE_ATTRIBUTE.finditer(code)]
    if "@Route" in text:
        found.extend(_ROUTE_ANNOTATION.finditer(text))
    for match in sorted(found, key=lambda m: m.start())[:_MAX_ROUTES]:
        detail = " ".join(match.group(0).lstrip(" \t*").split()) + ", ...)"
        yield fact("rt.http_handlers", path, lines.number(match.start()), detail)


# Frameworks that route a request to a controller's method by convention, with no route
# declared: Yii's `actionIndex()` of a `SiteController` (`?r=site/index`), and every public
# method of a CodeIgniter 3 controller (`/welcome/index`). Each is an HTTP handler.
_YII_CONTROLLER = re.compile(r"\bclass\s+\w+Controller\s+extends\s+[\w\\]*Controller\b")
_YII_ACTION = re.compile(r"\bpublic\s+function\s+action[A-Z]\w*\s*\(")
_CI_CONTROLLER = re.compile(r"\bclass\s+\w+\s+extends\s+(?:CI|MY)_Controller\b")
_PUBLIC_METHOD = re.compile(r"\bpublic\s+function\s+[A-Za-z]\w*\s*\(")


def _controller_actions(path: str, code: str, text: str) -> Iterator[Fact]:
    if "function action" in code and _YII_CONTROLLER.search(code):
        found = list(_YII_ACTION.finditer(code))
    elif "_Controller" in code and _CI_CONTROLLER.search(code):
        found = list(_PUBLIC_METHOD.finditer(code))
    else:
        return
    lines = Lines(text)
    for match in found[:_MAX_ROUTES]:
        detail = " ".join(match.group(0).rstrip("( ").split()) + "(...), a controller's action"
        yield fact("rt.http_handlers", path, lines.number(match.start()), detail)
    if found:
        detail = f"{len(found)} actions a framework routes by convention"
        yield fact("php.controller_actions", path, None, detail, value=float(len(found)))
        yield fact("php.controllers", path, None, "a controller routed by convention")


def _host_module(path: str, text: str) -> Iterator[Fact]:
    """php.host_module: a GLPI plugin's setup.php, a PrestaShop module's main class."""
    for wanted, pattern, label in (
        (path.rpartition("/")[2] == "setup.php" and "plugin_version_" in text, _GLPI_PLUGIN,
         "GLPI plugin: {}...)"),
        ("_PS_VERSION_" in text and "Module" in text, _PRESTASHOP_MODULE,
         "PrestaShop module: {}"),
    ):  # fmt: skip
        found = pattern.search(text) if wanted else None
        if found is not None:
            line = text.count("\n", 0, found.start()) + 1
            yield fact(
                "php.host_module", path, line, label.format(" ".join(found.group(0).split()))
            )


def scan_php(path: str, text: str) -> Iterator[Fact]:
    # Comments are blanked once (tokens.PHP), for the socket servers, the routes and the
    # patterns below alike.
    code: str | None = None
    if any(word in text for word in _SOCKET_WORDS):
        code = strip(text, PHP)
        yield from _socket_server(path, code)
    if any(word in text for word in _ROUTE_WORDS):
        code = strip(text, PHP) if code is None else code
        yield from _routes(path, code, text)
    if "Controller" in text and ("function action" in text or "_Controller" in text):
        code = strip(text, PHP) if code is None else code
        yield from _controller_actions(path, code, text)
    yield from _host_module(path, text)
    if "ShouldBroadcast" in text:
        code = strip(text, PHP) if code is None else code
        yield from _broadcast_events(path, code)
    if path.count("/") <= 1 and "Plugin Name:" in text[:_HEADER_REACH]:
        header = _PLUGIN_HEADER.search(text, 0, _HEADER_REACH)
        if header is not None:
            line = text.count("\n", 0, header.start()) + 1
            name = header.group(1).strip()
            yield fact("php.wordpress_plugin", path, line, f"WordPress plugin header: {name}")
    raw_lower = text.lower()
    mail_hint = _MAIL_HINT.search(text) is not None
    if not mail_hint and not any(
        needle in (raw_lower if lowered else text)
        for needles, lowered in _NEEDLES.values()
        for needle in needles
    ):
        return  # (blanking comments only removes text: nothing could match after it)
    if code is None:
        code = strip(text, PHP)
    lower = code.lower()
    found: dict[str, re.Match[str]] = {}
    for key, pattern, _ in _PATTERNS:
        needles, lowered = _NEEDLES[key]
        if not any(needle in (lower if lowered else code) for needle in needles):
            continue
        match = pattern.search(code)
        if match is not None:
            found[key] = match
    sends = _MAILS.search(code) if mail_hint else None
    if sends is not None:
        detail = "sends mail: " + " ".join(sends.group(0).split())
        yield fact("php.mails", path, Lines(text).number(sends.start()), detail)
    mailer = (
        "php.web_pages" in found
        and not any(key in found for key in _KEEPS_STATE)
        and "session_start" not in code
        and sends is not None
    )
    if "php.db" in found and "php.web_pages" not in found:
        rows = _HTML_ROWS.search(code)
        if rows is not None:
            found["php.web_pages"] = rows  # (a page that shows what its query read)
    if not found:
        return
    lines = Lines(text)
    for key, _, label in _PATTERNS:
        match = found.get(key)
        if match is None:
            continue
        line = lines.number(match.start())
        detail = label.replace("{m}", " ".join(match.group(0).split())[:60])
        if key == "php.web_pages" and mailer:
            yield fact("php.mail_forms", path, line, f"mails a form: {detail}")
            yield fact("web.mailer_file", path, None, "sends mail")
            continue
        yield fact(key, path, line, detail)


# A page that writes what its query read into HTML (`echo "<tr><td>" . $row["id"]`): it
# answers a browser's request, as one that reads a form does; only with a query in the file.
_HTML_ROWS = re.compile(
    r"""\b(?:echo|print)\b\s*\(?\s*['"][^'"\n]{0,100}<(?:tr|td|li|div|p|table|option)\b"""
    r"""[^;\n]{0,200}\$\w+\s*\[""",
    re.IGNORECASE,
)


# A Laravel event broadcast to the pages that listen for it (`class OrderShipped implements
# ShouldBroadcast`), over Pusher, Reverb or a socket server: live updates (rt.live_broadcasts,
# DJ108).
_BROADCAST_EVENT = re.compile(r"\bimplements\s+[\w\\, \t\n]{0,200}?\bShouldBroadcast(?:Now)?\b")


def _broadcast_events(path: str, code: str) -> Iterator[Fact]:
    match = _BROADCAST_EVENT.search(code)
    if match is not None:
        line = code.count("\n", 0, match.start()) + 1
        yield fact(
            "rt.live_broadcasts", path, line, "an event broadcast to the pages (ShouldBroadcast)"
        )


def _wants(path: str) -> bool:
    return path.lower().endswith((".php", ".phtml"))


FILE_SCANNERS.append(
    FileScanner(
        "php",
        _wants,
        scan_php,
        (
            b"$_",
            b"session_start",
            b"header",
            b"json_encode",
            b"<form",
            b"<FORM",
            b"mysql",
            b"PDO",
            b"->",
            b"password_",
            b"Plugin Name:",
            b"MessageComponentInterface",
            b"IoServer",
            b"WebSocket",
            b"websocket://",
            b"Websocket://",
            b"GatewayWorker",
            b"mail",
            b"PHPMailer",
            b"PHP_Email_Form",
            b"ShouldBroadcast",
        ),
        endings=(".php", ".phtml"),
    )
)
