"""Python web stacks other than Django, servers, and command-line entry points.

Route decorators are recognised by shape (`@<name>.route(...)`, `@<name>.get(...)`), and the
file's imports decide whose shape it is: `@router.get` means FastAPI only in a file that
imports fastapi.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Collection, Iterator, Sequence

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals.python.gate import (
    Gate,
    based,
    calls_of,
    clue,
    gate,
    lasts,
    method_called,
    modules,
    named,
    part,
)
from stackcheck.facts.signals.python.syntax import (
    Module,
    assigned_names,
    call_detail,
    callee,
    class_detail,
    decorator_detail,
    dotted,
    last,
    string_value,
    subclasses,
    under,
)
from stackcheck.facts.signals.tokens import HUB_WORDS, word_set

HTTP_METHODS = word_set("get post put delete patch options head api_route")
WEBSOCKET_DECORATORS = frozenset({"websocket", "websocket_route"})


# Flask's WebSocket extensions route a socket as Flask routes a page: `sock = Sock(app)`
# (flask-sock), `sockets = Sockets(app)` (Flask-Sockets), `ws = GeventWebSocket(app)`
# (Flask-uWSGI-WebSocket); `@sock.route("/echo")` is the socket's handler.
WS_EXTENSIONS = word_set(
    "flask_sock.Sock flask_sockets.Sockets flask_uwsgi_websocket.WebSocket "
    "flask_uwsgi_websocket.GeventWebSocket flask_uwsgi_websocket.AsyncioWebSocket"
)


def routes(m: Module) -> Iterator[Fact]:
    fastapi = m.imports_any("fastapi", "starlette")
    flask = m.imports_any("flask", "quart")
    sockets = _names_made_by(m, WS_EXTENSIONS) if flask else set()
    for function in m.functions:
        for decorator in function.decorator_list:
            if not isinstance(decorator, ast.Call) or not isinstance(decorator.func, ast.Attribute):
                continue
            key = _route_key(decorator.func.attr, fastapi, flask)
            receiver = decorator.func.value
            if key is not None and isinstance(receiver, ast.Name) and receiver.id in sockets:
                key = "py.ws_server"
            if key is not None:
                detail = decorator_detail(decorator, f"def {function.name}")
                if _sends_a_file(function):
                    key, detail = FILE_ROUTE, f"{detail} sends files from disk"
                elif _fixed_answer(function):
                    detail += FIXED_ANSWER
                elif key == "flask.routes" and _answers_json(function):
                    yield fact("flask.json_routes", m.path, decorator.lineno, detail)
                yield fact(key, m.path, decorator.lineno, detail)


# A Flask route that serves data: it answers JSON (`jsonify(...)`, a dict or list returned,
# a model's `.to_dict()`) or reads a JSON body (`request.get_json()`), the endpoints a
# single-page app or a phone calls, where a page's route renders a template.
JSON_ANSWERS = frozenset({"jsonify", "to_dict", "to_json", "model_dump", "serialize", "dumps"})
JSON_BODIES = frozenset({"get_json", "json"})


def _answers_json(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and last(dotted(node.func) or "") in JSON_ANSWERS:
            return True
        if (
            isinstance(node, ast.Attribute)
            and node.attr in JSON_BODIES
            and isinstance(node.value, ast.Name)
            and node.value.id == "request"
        ):
            return True
        if isinstance(node, ast.Return) and isinstance(node.value, (ast.Dict, ast.List)):
            return True
    return False


# A route whose only statement returns a literal (`return {"status": "ok"}`, a greeting)
# serves no one's work: a server's liveness answer, as a `/health` route is. Its evidence
# says so, and derived.py counts it with the health routes beside a socket server.
FIXED_ANSWER = " (a fixed answer)"


# A route whose work is to return a file from disk (`send_from_directory(STATIC, path)`,
# `send_file(...)`, Starlette's `FileResponse(...)`), after at most a log line: the built
# pages served as nginx would (rt.file_routes, as a Node server's `res.sendFile`), not an
# application's endpoint.
FILE_ROUTE = "rt.file_routes"
FILE_SENDERS = frozenset({"send_from_directory", "send_file", "send_static_file", "FileResponse"})


def _sends_a_file(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    *before, last_statement = function.body
    if not all(isinstance(s, ast.Expr) for s in before):
        return False  # (a docstring, `print(...)`, `logger.info(...)`: nothing decided)
    value = last_statement.value if isinstance(last_statement, ast.Return) else None
    if isinstance(value, ast.Tuple) and value.elts:  # `return send_file(...), 200`
        value = value.elts[0]
    return isinstance(value, ast.Call) and last(dotted(value.func) or "") in FILE_SENDERS


def _fixed_answer(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return False
    value = body[0].value
    if isinstance(value, ast.Dict):
        return all(isinstance(part, ast.Constant) for part in (*value.keys, *value.values))
    return isinstance(value, ast.Constant)


# Flask's (and Quart's) class-based views: each is registered as the view of a URL rule
# (`add_url_rule(..., view_func=X.as_view(...))`), often through a project's own helper.
VIEW_BASES = word_set(
    "flask.views.View flask.views.MethodView quart.views.View quart.views.MethodView"
)


def class_views(m: Module) -> Iterator[Fact]:
    for cls in subclasses(m, lambda q: q in VIEW_BASES):
        yield fact("flask.routes", m.path, cls.lineno, class_detail(cls))


# Flask's REST extensions route classes, not functions: a Resource whose get/post/...
# methods answer one URL, routed by a decorator on the class (`@ns.route("/users")` in
# Flask-RESTX and Flask-RESTPlus, `@blp.route("/")` in flask-smorest) or by
# `api.add_resource(Users, "/users")` (Flask-RESTful, and the others too).
RESOURCE_MODULES = ("flask_restx", "flask_restplus", "flask_restful", "flask_smorest")


def resource_routes(m: Module) -> Iterator[Fact]:
    if not m.imports_any(*RESOURCE_MODULES):
        return
    for cls in m.classes:
        for decorator in cls.decorator_list:
            func = decorator.func if isinstance(decorator, ast.Call) else None
            if isinstance(func, ast.Attribute) and func.attr == "route":
                detail = decorator_detail(decorator, f"class {cls.name}")
                yield fact("flask.routes", m.path, decorator.lineno, detail)
                break
    for call in m.calls:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "add_resource" and call.args:
            yield fact("flask.routes", m.path, call.lineno, call_detail(call))


# The other Python web frameworks' routes (py.routes), each read by its own shape:
# - a route decorator on an object, as Flask's: Sanic's, Bottle's, BlackSheep's, Robyn's
#   `@app.get("/")`, aiohttp's `@routes.get("/")` on a RouteTableDef;
# - a route decorator imported by itself: Litestar's (Starlite's) `@get("/")`, also on a
#   Controller's methods, and Bottle's `@route("/")`;
# - Pyramid's `@view_config(...)`;
# - a route added by a call: aiohttp's `router.add_get("/", handler)` and `web.get(...)`,
#   Falcon's `app.add_route("/things", Things())`;
# - Tornado's RequestHandler classes, each answering the URL it is mapped to.
SHAPED_ROUTE_MODULES = ("sanic", "bottle", "blacksheep", "robyn", "aiohttp")
IMPORTED_ROUTE_DECORATORS = word_set(
    "litestar.get litestar.post litestar.put litestar.patch litestar.delete litestar.head "
    "litestar.route starlite.get starlite.post starlite.put starlite.patch starlite.delete "
    "starlite.route bottle.route bottle.get bottle.post bottle.put bottle.delete "
    "pyramid.view.view_config frappe.whitelist"
)
ROUTE_ADDERS = word_set("add_get add_post add_put add_patch add_delete add_route")
AIOHTTP_ROUTES = word_set("aiohttp.web.get aiohttp.web.post aiohttp.web.put aiohttp.web.patch")
# Starlette's declarative routing: `Starlette(routes=[Route("/todo/", create, methods=[...])])`.
STARLETTE_ROUTES = word_set("starlette.routing.Route")
TORNADO_HANDLERS = word_set(
    "tornado.web.RequestHandler webapp2.RequestHandler google.appengine.ext.webapp.RequestHandler"
)
# (Frappe serves each `@frappe.whitelist()` function at /api/method/<module path>.)
OTHER_WEB_MODULES = (
    "litestar", "starlite", "pyramid", "falcon", "tornado", "webapp2", "frappe",
    *SHAPED_ROUTE_MODULES,
)  # fmt: skip
# The classic frameworks, whose handlers are classes: web.py's, with a method per HTTP verb
# written in capitals (`class index: def GET(self): ...`, mapped by the `urls` table that
# `web.application(urls, globals())` reads), and Pylons' controllers (each public method an
# action its Routes map reaches), derived from WSGIController or the project's
# BaseController.
WEBPY_METHODS = word_set("GET POST PUT DELETE PATCH")


def other_routes(m: Module) -> Iterator[Fact]:
    if next(ws_servers(m), None) is not None:
        # The routes of the module that serves a socket (aiohttp's WebSocketResponse, a
        # Tornado WebSocketHandler) mount it and serve the page that opens it: a chat
        # server's, not an application's endpoints.
        return
    shaped = m.imports_any(*SHAPED_ROUTE_MODULES)
    for function in m.functions:
        for decorator in function.decorator_list:
            func = decorator.func if isinstance(decorator, ast.Call) else decorator
            q = m.qualify(func) or ""
            by_shape = (
                shaped
                and isinstance(func, ast.Attribute)
                and (func.attr == "route" or func.attr in HTTP_METHODS)
                and not under(q, "litestar", "starlite")
            )
            if by_shape or _imported_decorator(q):
                detail = (
                    decorator_detail(decorator, f"def {function.name}")
                    if isinstance(decorator, ast.Call)
                    else f"@{dotted(func)} def {function.name}"
                )
                yield fact("py.routes", m.path, decorator.lineno, detail)
                break
    adds = m.imports_any("aiohttp", "falcon")
    for call in m.calls:
        func = call.func
        q = m.qualify(func) or ""
        added = adds and isinstance(func, ast.Attribute) and func.attr in ROUTE_ADDERS
        if (added or q in AIOHTTP_ROUTES or q in STARLETTE_ROUTES) and call.args:
            yield fact("py.routes", m.path, call.lineno, call_detail(call))
    for cls in subclasses(m, lambda q: q in TORNADO_HANDLERS):
        if _method_names(cls) & HTTP_METHODS:
            yield fact("py.routes", m.path, cls.lineno, class_detail(cls))
    yield from _classic_handlers(m)


def _classic_handlers(m: Module) -> Iterator[Fact]:
    webpy = m.imports_any("web")
    pylons = m.imports_any("pylons")
    if not (webpy or pylons):
        return
    controllers = (
        {id(c) for c in subclasses(m, lambda q: last(q).endswith("Controller"))}
        if pylons
        else set()
    )
    for cls in m.classes:
        methods = _method_names(cls)
        if (webpy and methods & WEBPY_METHODS) or (
            id(cls) in controllers and any(not name.startswith("_") for name in methods)
        ):
            yield fact("py.routes", m.path, cls.lineno, class_detail(cls))


def _method_names(cls: ast.ClassDef) -> set[str]:
    return {f.name for f in cls.body if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)}


def _imported_decorator(q: str) -> bool:
    # `litestar.handlers.get` and `litestar.get` are one decorator, as are pyramid.view's.
    return q in IMPORTED_ROUTE_DECORATORS or (
        under(q, "litestar", "starlite") and f"litestar.{last(q)}" in IMPORTED_ROUTE_DECORATORS
    )


def _route_key(method: str, fastapi: bool, flask: bool) -> str | None:
    if method == "route":
        return "fastapi.routes" if fastapi and not flask else "flask.routes"
    if method in HTTP_METHODS and (fastapi or flask):
        return "fastapi.routes" if fastapi else "flask.routes"
    if method in WEBSOCKET_DECORATORS:
        # Quart and Sanic spell WebSocket routes the same way as FastAPI.
        return "fastapi.websocket_routes" if fastapi else "py.ws_server"
    return None


def templates(m: Module) -> Iterator[Fact]:
    for call in m.calls:
        q = m.qualify(call.func) or ""
        if last(q) in ("render_template", "render_template_string") and under(q, "flask", "quart"):
            yield fact("flask.render_template", m.path, call.lineno, call_detail(call))


def websocket_routes(m: Module) -> Iterator[Fact]:
    if not m.imports_any("fastapi", "starlette"):
        return
    for call in m.calls:
        q = m.qualify(call.func) or ""
        is_route = last(q) == "WebSocketRoute" and under(q, "starlette", "fastapi")
        if is_route or last(q) in ("add_websocket_route", "add_api_websocket_route"):
            yield fact("fastapi.websocket_routes", m.path, call.lineno, call_detail(call))
    endpoint = subclasses(m, lambda q: last(q) == "WebSocketEndpoint" and under(q, "starlette"))
    for cls in endpoint:
        yield fact("fastapi.websocket_routes", m.path, cls.lineno, class_detail(cls))


WS_SERVER_CALLS = {
    "websockets": frozenset({"serve", "unix_serve"}),
    "aiohttp": frozenset({"WebSocketResponse"}),
    "socketio": frozenset({"AsyncServer", "Server"}),
    "flask_socketio": frozenset({"SocketIO"}),
}


def ws_servers(m: Module) -> Iterator[Fact]:
    for call in m.calls:
        q = m.qualify(call.func) or ""
        top = q.partition(".")[0]
        if last(q) in WS_SERVER_CALLS.get(top, ()):
            yield fact("py.ws_server", m.path, call.lineno, call_detail(call, q))
    handlers = subclasses(m, lambda q: last(q) == "WebSocketHandler" and under(q, "tornado"))
    for cls in handlers:
        yield fact("py.ws_server", m.path, cls.lineno, class_detail(cls))


# A plain TCP or UDP server on the standard library's sockets: a socket bound to a port,
# whose connections it accepts (TCP) or whose datagrams it reads (UDP). It is a persistent-
# connection server, as Go's and Java's are (realtime.py's _tcp_hub), where its code keeps
# rooms, clients or subscribers or broadcasts to them; a proxy, a syslog or DNS receiver
# speaks the same sockets and does neither. A module that connects and never listens is a
# client.
SOCKET_SERVE = frozenset({"accept", "recvfrom"})
HUB_WORD = re.compile(rf"(?i:{HUB_WORDS})")


def socket_hubs(m: Module) -> Iterator[Fact]:
    if not m.imports_any("socket"):
        return
    named = [(_method(call), call) for call in m.calls]
    methods = {method for method, _ in named}
    if "connect" in methods and not methods & {"listen", "accept"}:
        return  # a client that binds a port to hear the server's datagrams
    bound = [call for method, call in named if method == "bind"]
    serving = [call for method, call in named if method in SOCKET_SERVE]
    if not bound or not serving or not _speaks_of_a_hub(m):
        return
    loops = [
        (
            call.lineno,
            f"{'accept' if _method(call) == 'accept' else 'datagram'} loop {call_detail(call)}",
        )
        for call in serving
    ]
    yield from _hub_facts(m, bound[0].lineno, f"socket bound: {call_detail(bound[0])}", loops)


def _hub_facts(
    m: Module, listens: int, listening: str, handlers: Sequence[tuple[int, str]]
) -> Iterator[Fact]:
    """A socket hub's facts: where it listens, each connection's handler (line, detail) and
    the count its file starts (rt.ws_entry)."""
    yield fact("rt.listen", m.path, listens, listening)
    for line, detail in handlers:
        yield fact("rt.ws_handlers", m.path, line, detail)
    detail = f"{len(handlers)} socket handlers, starts the server"
    yield fact("rt.ws_entry", m.path, None, detail, value=float(len(handlers)))


def _method_of(cls: ast.ClassDef, name: str) -> ast.FunctionDef | ast.ClassDef:
    """The class's method of that name, or the class itself when it has none."""
    return next((f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == name), cls)


# asyncio's own servers: `loop.create_server(ChatProtocol, ...)` with an `asyncio.Protocol`
# per connection, or `asyncio.start_server(handle, ...)` with a coroutine per connection. A
# persistent-connection server where its code keeps clients, rooms or subscribers, as
# socket_hubs reads one on plain sockets.
ASYNCIO_SERVERS = frozenset({"start_server", "create_server", "start_unix_server"})
ASYNCIO_PROTOCOLS = word_set(
    "asyncio.Protocol asyncio.BufferedProtocol asyncio.StreamReaderProtocol"
)


def asyncio_hubs(m: Module) -> Iterator[Fact]:
    if not m.imports_any("asyncio"):
        return
    serving = [
        call
        for call in m.calls
        if _method(call) in ASYNCIO_SERVERS
        or (isinstance(call.func, ast.Name) and call.func.id in ASYNCIO_SERVERS)
    ]
    if not serving or not _speaks_of_a_hub(m):
        return
    handlers: list[tuple[int, str]] = []
    for cls in subclasses(m, lambda q: q in ASYNCIO_PROTOCOLS):
        received = _method_of(cls, "data_received")
        handlers.append((received.lineno, f"connection protocol {class_detail(cls)}"))
    callbacks = {arg.id for call in serving for arg in call.args[:1] if isinstance(arg, ast.Name)}
    for function in m.functions:
        if function.name in callbacks:
            handlers.append((function.lineno, f"connection handler def {function.name}"))
    if handlers:
        first = serving[0]
        listening = f"asyncio server: {call_detail(first)}"
        yield from _hub_facts(m, first.lineno, listening, sorted(handlers))


def _method(call: ast.Call) -> str | None:
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def _speaks_of_a_hub(m: Module) -> bool:
    words = (
        *(name.id for name in m.names),
        *(attribute.attr for attribute in m.attributes),
        *(function.name for function in m.functions),
        *(cls.name for cls in m.classes),
        *m.imports,
    )
    return any(HUB_WORD.search(word) for word in words)


# A Socket.IO server's event handlers: `@socketio.on("message")`, `@sio.event`,
# `@socketio.on_event(...)`, in a module that imports the server library (Flask-SocketIO,
# python-socketio). Each is what a WebSocket handler is to a Node server.
SOCKET_MODULES = ("flask_socketio", "socketio")
SOCKET_DECORATORS = frozenset({"on", "event", "on_event"})


def socket_events(m: Module) -> Iterator[Fact]:
    if not m.imports_any(*SOCKET_MODULES):
        return
    for function in m.functions:
        for decorator in function.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if (
                isinstance(target, ast.Attribute)
                and target.attr in SOCKET_DECORATORS
                and isinstance(target.value, ast.Name)
                and (target.attr != "event" or not isinstance(decorator, ast.Call))
            ):
                detail = decorator_detail(decorator, f"def {function.name}")
                yield fact("py.socket_events", m.path, decorator.lineno, detail)


# API Gateway's WebSocket API: a Lambda function per route (`$connect`, `$disconnect`, a
# message's action), each reading its connection's id from the event's request context
# (`event["requestContext"]["connectionId"]`) or pushing to connections by their ids
# (`apigw.post_to_connection(...)`). The platform holds the sockets; each function is what
# a WebSocket handler is to a Node server, wired by the API's routes.
LAMBDA_HANDLERS = frozenset({"lambda_handler", "handler"})
CONNECTION_ID = "connectionId"
PUSH_TO_CONNECTION = "post_to_connection"


def apigateway_socket_routes(m: Module) -> Iterator[Fact]:
    handlers = [f for f in m.functions if f.name in LAMBDA_HANDLERS and len(f.args.args) == 2]
    if not handlers:
        return
    pushes = any(a.attr == PUSH_TO_CONNECTION for a in m.attributes)
    if not pushes and not any(s.value == CONNECTION_ID for s in m.strings):
        return
    for function in handlers:
        detail = f"API Gateway WebSocket route def {function.name}"
        yield fact("py.socket_events", m.path, function.lineno, detail)


HTTP_SERVER_CALLS = word_set(
    "uvicorn.run aiohttp.web.run_app waitress.serve http.server.HTTPServer "
    "http.server.ThreadingHTTPServer socketserver.TCPServer "
    "socketserver.ThreadingTCPServer wsgiref.simple_server.make_server "
    "tornado.httpserver.HTTPServer gevent.pywsgi.WSGIServer "
    "hypercorn.asyncio.serve hypercorn.trio.serve werkzeug.serving.run_simple "
    "bjoern.run cheroot.wsgi.Server daphne.server.Server"
)
APP_CLASSES = word_set(
    "flask.Flask quart.Quart sanic.Sanic bottle.Bottle tornado.web.Application "
    "dash.Dash flask_socketio.SocketIO aiohttp.web.Application"
)
APP_NAMES = frozenset({"app", "application", "api", "server"})
SERVE_METHODS = frozenset({"run", "run_server", "listen"})


def grpc_servers(m: Module) -> Iterator[Fact]:
    """A gRPC service registered on the server the project runs:
    `users_pb2_grpc.add_UsersServicer_to_server(UsersService(), server)` (the generated
    module only defines that function)."""
    for call in m.calls:
        name = last(dotted(call.func) or "")
        if name.startswith("add_") and name.endswith("Servicer_to_server"):
            yield fact("rt.grpc_services", m.path, call.lineno, call_detail(call))


# Dash's callbacks (`@callback(Output(...), Input(...))`, `@app.callback(...)`): the page
# posts each one's inputs to the server, which answers with the outputs: an HTTP handler
# of the app's own, as a Flask view is (dash.callbacks; not an API for other clients).
DASH_DEPENDENCIES = frozenset({"Output", "Input", "State"})


def dash_callbacks(m: Module) -> Iterator[Fact]:
    if not m.imports_any("dash"):
        return
    for function in m.functions:
        for decorator in function.decorator_list:
            if not isinstance(decorator, ast.Call) or last(dotted(decorator.func) or "") != (
                "callback"
            ):
                continue
            if any(last(callee(arg) or "") in DASH_DEPENDENCIES for arg in _args_of(decorator)):
                detail = decorator_detail(decorator, f"def {function.name}")
                yield fact("dash.callbacks", m.path, decorator.lineno, detail)
                break


def _args_of(call: ast.Call) -> Iterator[ast.Call]:
    """The calls among a call's arguments, and in the lists it is given (`[Input(...)]`)."""
    for arg in (*call.args, *(k.value for k in call.keywords)):
        items = arg.elts if isinstance(arg, (ast.List, ast.Tuple)) else [arg]
        yield from (item for item in items if isinstance(item, ast.Call))


# socketserver's own request handlers, which read a raw byte stream or datagrams: a
# TCPServer serving one of them speaks a protocol of its own (MQTT packets, a chat's lines),
# not HTTP, as the same server with http.server's handler does.
RAW_REQUEST_HANDLERS = word_set(
    "socketserver.BaseRequestHandler socketserver.StreamRequestHandler "
    "socketserver.DatagramRequestHandler"
)
SOCKETSERVER_CALLS = frozenset(q for q in HTTP_SERVER_CALLS if q.startswith("socketserver."))


# Desktop toolkits: in a file that builds a window, `app = ExpenseApp(root)` and `app.run()`
# start the window's main loop, not a server.
GUI_TOOLKITS = (
    "tkinter",
    "customtkinter",
    "ttkbootstrap",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "PySide6",
    "wx",
    "kivy",
    "kivymd",
    "pygame",
    "gi",
    "dearpygui",
    "PySimpleGUI",
    "toga",
)


def http_servers(m: Module) -> Iterator[Fact]:
    apps = _names_made_by(m, APP_CLASSES)
    windows = _windows(m, apps)
    raw = _raw_handlers(m)
    raw_serving: list[ast.Call] = []
    found: list[Fact] = []
    for call in m.calls:
        q = m.qualify(call.func) or ""
        func = call.func
        if raw and (q in SOCKETSERVER_CALLS or _method(call) == "serve_forever"):
            raw_serving.append(call)
        elif q in HTTP_SERVER_CALLS:
            found.append(fact("py.http_server", m.path, call.lineno, call_detail(call, q)))
        elif isinstance(func, ast.Attribute) and _serves(func, apps, windows):
            found.append(fact("py.http_server", m.path, call.lineno, call_detail(call)))
    served = _file_handler_server(m, apps)
    if served is not None:
        detail = f"{call_detail(served)} sends the files of a folder (SimpleHTTPRequestHandler)"
        yield fact("rt.file_routes", m.path, served.lineno, detail)
    else:
        yield from found
    if raw_serving and _speaks_of_a_hub(m):
        yield from _raw_socket_hub(m, raw_serving[-1], raw)


# http.server's own file handler: a server given `SimpleHTTPRequestHandler` (by a name bound
# to it, through `functools.partial(..., directory=...)`, or as the base of a class that only
# adds headers, quiets the log or maps paths) sends the files of a folder, as nginx would: a
# preview of pages, not an application's routes (rt.file_routes).
FILE_HANDLER = "http.server.SimpleHTTPRequestHandler"
STDLIB_SERVERS = frozenset(
    q for q in HTTP_SERVER_CALLS if q.startswith(("http.server.", "socketserver."))
)
FILE_HANDLER_METHODS = frozenset(
    {"__init__", "end_headers", "log_message", "translate_path", "guess_type", "do_OPTIONS"}
)


def _file_handler_server(m: Module, apps: set[str]) -> ast.Call | None:
    """The module's first standard-library server call when every one it makes is given a
    file handler and it makes no application of a framework."""
    if apps or not m.imports_any("http"):
        return None
    servers = [call for call in m.calls if (m.qualify(call.func) or "") in STDLIB_SERVERS]
    handlers = [_handler_argument(call) for call in servers]
    if not servers or not all(h is not None and _sends_files(m, h, 4) for h in handlers):
        return None
    return servers[0]


def _handler_argument(call: ast.Call) -> ast.expr | None:
    named = next((k.value for k in call.keywords if k.arg == "RequestHandlerClass"), None)
    return named if named is not None else (call.args[1] if len(call.args) > 1 else None)


def _sends_files(m: Module, node: ast.expr, depth: int) -> bool:
    if m.qualify(node) == FILE_HANDLER:
        return True
    if depth == 0:
        return False
    if isinstance(node, ast.Call) and last(dotted(node.func) or "") == "partial" and node.args:
        return _sends_files(m, node.args[0], depth - 1)
    if not isinstance(node, ast.Name):
        return False
    for cls in m.classes:
        if cls.name == node.id:
            methods = {f.name for f in cls.body if isinstance(f, ast.FunctionDef)}
            return methods <= FILE_HANDLER_METHODS and any(
                _sends_files(m, base, depth - 1) for base in cls.bases
            )
    bound = [
        a.value
        for a in m.assigns
        if isinstance(a, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == node.id for t in a.targets)
    ]
    return len(bound) == 1 and _sends_files(m, bound[0], depth - 1)


def _raw_handlers(m: Module) -> list[ast.ClassDef]:
    """The module's socketserver handlers of a raw stream or datagrams, when it defines no
    HTTP one (http.server's handlers derive from socketserver's, but are not named so)."""
    raw = subclasses(m, lambda q: q in RAW_REQUEST_HANDLERS)
    if not raw or len(raw) != len(subclasses(m, lambda q: q.endswith("RequestHandler"))):
        return []
    return raw


def _raw_socket_hub(m: Module, serving: ast.Call, handlers: list[ast.ClassDef]) -> Iterator[Fact]:
    """A socketserver whose handlers keep clients or subscribers: a persistent-connection
    server, as socket_hubs reads one written on plain sockets."""
    streams = [
        (_method_of(cls, "handle").lineno, f"stream handler {class_detail(cls)}")
        for cls in handlers
    ]
    yield from _hub_facts(m, serving.lineno, f"socket server: {call_detail(serving)}", streams)


def _serves(func: ast.Attribute, apps: set[str], windows: set[str]) -> bool:
    if func.attr == "serve_forever":
        return True
    if not isinstance(func.value, ast.Name) or func.attr not in SERVE_METHODS:
        return False
    receiver = func.value.id
    return receiver in apps or (
        func.attr == "run" and receiver in APP_NAMES and receiver not in windows
    )


def _windows(m: Module, apps: set[str]) -> set[str]:
    """In a file that imports a desktop toolkit, the names bound to anything but a web
    application: the window's own class (`app = ExpenseApp(root)`)."""
    if not m.imports_any(*GUI_TOOLKITS):
        return set()
    names: set[str] = set()
    for node in m.assigns:
        if isinstance(node.value, ast.Call):
            names.update(assigned_names(node))
    return names - apps


def _names_made_by(m: Module, classes: frozenset[str]) -> set[str]:
    """Names bound to an object of one of these classes: a web application
    (`app = Flask(__name__)`, APP_CLASSES), a Flask WebSocket extension's (`sock = Sock(app)`,
    WS_EXTENSIONS)."""
    names: set[str] = set()
    for node in m.assigns:
        if isinstance(node.value, ast.Call) and m.qualify(node.value.func) in classes:
            names.update(assigned_names(node))
    return names


CLI_CALLS = word_set(
    "argparse.ArgumentParser optparse.OptionParser typer.Typer fire.Fire docopt.docopt click.Group"
)
CLICK_DECORATORS = frozenset({"click.command", "click.group", "click.decorators.command"})


def cli(m: Module) -> Iterator[Fact]:
    for call in m.calls:
        q = m.qualify(call.func) or ""
        if q in CLI_CALLS:
            yield fact("cli.parsers", m.path, call.lineno, call_detail(call, q))
    commands = m.imports_any("click", "typer")
    for function in m.functions:
        for decorator in function.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            q = m.qualify(target) or ""
            is_click = q in CLICK_DECORATORS
            is_command = (
                commands
                and isinstance(target, ast.Attribute)
                and target.attr in ("command", "group")
            )
            if is_click or is_command:
                detail = decorator_detail(decorator, f"def {function.name}")
                yield fact("cli.parsers", m.path, decorator.lineno, detail)


APP_MODULE_NAMES = ("wsgi.py", "asgi.py")
# The modules a server is pointed at by habit (`uvicorn app.main:app`, `flask --app app`):
# one that builds an application object named so at import is the project's application.
ENTRY_MODULE_NAMES = ("main.py", "app.py", "server.py")
ASGI_APP_CLASSES = APP_CLASSES | word_set("fastapi.FastAPI starlette.applications.Starlette")


def is_app_module_path(path: str) -> bool:
    return path.rpartition("/")[2] in APP_MODULE_NAMES + ENTRY_MODULE_NAMES


def app_module(m: Module) -> Iterator[Fact]:
    """py.app_module: a wsgi.py or asgi.py that builds the application object a server is
    pointed at (`application = get_wsgi_application()`, `app = create_app()`), as a deployed
    site has; or a main.py, app.py or server.py that builds one under an application's name
    (`app = FastAPI(...)`, `app = get_app()`). A module of that name inside a framework (an
    adapter, a middleware) defines classes and functions, and builds nothing at import; a
    library that offers an application builds it in a function the user calls."""
    if not is_app_module_path(m.path):
        return
    entry = m.file_name in ENTRY_MODULE_NAMES
    for node in m.assigns:
        # A statement of the module itself starts in the first column.
        if node.col_offset != 0 or not isinstance(node.value, ast.Call):
            continue
        callee = m.qualify(node.value.func) or ""
        makes_app = "app" in last(callee).lower()  # create_app, get_wsgi_application, get_app
        named_app = not APP_NAMES.isdisjoint(assigned_names(node))
        if entry:
            builds = named_app and (makes_app or callee in ASGI_APP_CLASSES)
        else:
            builds = makes_app or callee in APP_CLASSES or named_app
        if builds:
            detail = f"{m.file_name} builds the application: {call_detail(node.value)}"
            yield fact("py.app_module", m.path, node.lineno, detail)
            return


# A Flask or Quart application factory (`def create_app(config=None)` at a module's top
# level, what Flask's tutorial packages as `flaskr`): the project builds an application of
# its own. An extension for other people's apps offers `init_app(app)` instead.
APP_FACTORIES = frozenset({"create_app", "make_app"})


def app_factory(m: Module) -> Iterator[Fact]:
    if not m.imports_any("flask", "quart"):
        return
    for function in m.functions:
        if function.name in APP_FACTORIES and function.col_offset == 0:
            detail = f"def {function.name}(...): an application factory"
            yield fact("py.app_factory", m.path, function.lineno, detail)
            return


def main_guard(m: Module) -> Iterator[Fact]:
    for node in m.ifs:
        test = node.test
        if not isinstance(test, ast.Compare) or len(test.comparators) != 1:
            continue
        if not isinstance(test.ops[0], ast.Eq):
            continue
        sides = {dotted(test.left), dotted(test.comparators[0])}
        texts = {string_value(test.left), string_value(test.comparators[0])}
        if "__name__" in sides and "__main__" in texts:
            yield fact("py.main_guard", m.path, node.lineno, 'if __name__ == "__main__":')


ANALYZERS = (
    routes,
    class_views,
    resource_routes,
    other_routes,
    templates,
    websocket_routes,
    ws_servers,
    socket_events,
    apigateway_socket_routes,
    socket_hubs,
    asyncio_hubs,
    dash_callbacks,
    http_servers,
    grpc_servers,
    cli,
    app_module,
    app_factory,
    main_guard,
)

# Where each analyzer can find anything (see gate.py): the decorator or callee it
# compares, and the modules it resolves names through, are words of the file;
# `imports_any` asks for modules imported.
WEB_MODULES = ("fastapi", "starlette", "flask", "quart")
GATES: dict[Callable[[Module], Iterator[Fact]], Gate] = {
    routes: gate(
        named("route", *sorted(WEBSOCKET_DECORATORS)),
        clue(modules(*WEB_MODULES), named(*sorted(HTTP_METHODS))),
    ),
    class_views: gate(clue(modules("flask", "quart"), based("View", "MethodView"))),
    # (The extension's module name is a word of every file that imports it: no import
    # needs reading to close this gate.)
    resource_routes: gate(clue(named(*RESOURCE_MODULES), named("route", "add_resource"))),
    other_routes: gate(
        clue(
            named(*OTHER_WEB_MODULES),
            named(
                "route",
                "view_config",
                "RequestHandler",
                "whitelist",
                *sorted(HTTP_METHODS | ROUTE_ADDERS),
            ),
        ),
        clue(modules("starlette"), named("Route")),
        clue(modules("web"), named(*sorted(WEBPY_METHODS))),
        clue(modules("pylons"), based("*Controller")),
    ),
    templates: gate(
        clue(named("flask", "quart"), named("render_template", "render_template_string"))
    ),
    websocket_routes: gate(
        clue(
            modules("fastapi", "starlette"),
            named("WebSocketRoute", "add_websocket_route", "add_api_websocket_route")
            | based("WebSocketEndpoint"),
        )
    ),
    ws_servers: gate(
        *(
            clue(named(top), named(*sorted(calls)))
            for top, calls in sorted(WS_SERVER_CALLS.items())
        ),
        clue(named("tornado"), based("WebSocketHandler")),
    ),
    socket_events: gate(clue(modules(*SOCKET_MODULES), named(*sorted(SOCKET_DECORATORS)))),
    # (the id is a string the event's dictionary is indexed with: a whole word of the file)
    apigateway_socket_routes: gate(
        clue(named(*sorted(LAMBDA_HANDLERS)), named(CONNECTION_ID, PUSH_TO_CONNECTION))
    ),
    socket_hubs: gate(clue(modules("socket"), named("bind"), named(*sorted(SOCKET_SERVE)))),
    asyncio_hubs: gate(clue(modules("asyncio"), named(*sorted(ASYNCIO_SERVERS)))),
    dash_callbacks: gate(
        clue(modules("dash"), named("callback"), named(*sorted(DASH_DEPENDENCIES)))
    ),
    http_servers: gate(
        *calls_of(HTTP_SERVER_CALLS, calls=True),
        named("serve_forever"),
        clue(named(*sorted(SERVE_METHODS)), lasts(APP_CLASSES)),
        clue(named("run"), named(*sorted(APP_NAMES)), method_called(APP_NAMES, ["run"])),
    ),
    grpc_servers: gate(named("*Servicer_to_server")),
    cli: gate(
        *calls_of(CLI_CALLS, calls=True),
        *calls_of(CLICK_DECORATORS),  # `@click.command` need not be called
        clue(modules("click", "typer"), named("command", "group")),
    ),
    # `application = get_wsgi_application()`, `app = create_app()`: an assigned call.
    app_module: gate(clue(part("app"), where=is_app_module_path)),
    app_factory: gate(clue(modules("flask", "quart"), named(*sorted(APP_FACTORIES)))),
    # `__name__ == "__main__"`: a name and a string of one word.
    main_guard: gate(clue(named("__name__"), part("__main__"))),
}


def analyze(m: Module, only: Collection[object] | None = None) -> Iterator[Fact]:
    """The facts of every analyzer, or of those in `only`."""
    for analyzer in ANALYZERS:
        if only is None or analyzer in only:
            yield from analyzer(m)
