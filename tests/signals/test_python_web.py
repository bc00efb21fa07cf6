"""Other Python web stacks, servers, command-line parsers and main guards."""

from __future__ import annotations

import textwrap

import pytest

from stackcheck.facts import Fact, merge
from stackcheck.facts.signals.python.code import scan

FAMILIES = ("flask.", "fastapi.", "py.ws_server", "py.http_server", "cli.", "py.main_guard")


def facts(source: str, path: str = "app/main.py") -> dict[str, Fact]:
    return merge(scan(path, textwrap.dedent(source)))


def family_counts(source: str) -> dict[str, float]:
    return {k: f.value for k, f in facts(source).items() if k.startswith(FAMILIES)}


NOTHING = [
    pytest.param(
        """
        import subprocess, asyncio
        subprocess.run(["ls"])
        asyncio.run(main())
        """,
        id="run-calls-that-are-not-servers",
    ),
    pytest.param(
        """
        import requests
        @cache.get("key")
        def f():
            return requests.get("https://example.com")
        """,
        id="get-decorator-without-a-web-framework",
    ),
    pytest.param(
        """
        import sys
        if __name__ != "__main__":
            pass
        if name == "__main__":
            pass
        """,
        id="not-a-main-guard",
    ),
    pytest.param(
        """
        from myproject import websockets
        websockets.connect("ws://localhost")
        """,
        id="websocket-client",
    ),
    pytest.param(
        """
        import click
        @click.option("--name")
        def f(name):
            pass
        """,
        id="click-option-alone",
    ),
    pytest.param(
        """
        import tkinter as tk
        from tracker_window import TrackerWindow
        root = tk.Tk()
        app = TrackerWindow(root)
        app.run()
        """,
        id="a-desktop-window-named-app",
    ),
]


@pytest.mark.parametrize("source", NOTHING)
def test_nothing_found(source: str) -> None:
    assert family_counts(source) == {}


FOUND = [
    pytest.param(
        """
        from flask import Blueprint, Flask, render_template

        app = Flask(__name__)
        bp = Blueprint("shop", __name__)

        @app.route("/")
        def index():
            return render_template("index.html")

        @bp.route("/cart", methods=["POST"])
        def cart():
            pass

        @app.get("/health")
        def health():
            pass

        if __name__ == "__main__":
            app.run(debug=True)
        """,
        {"flask.routes": 3, "flask.render_template": 1, "py.http_server": 1, "py.main_guard": 1},
        id="flask",
    ),
    pytest.param(
        """
        import uvicorn
        from fastapi import APIRouter, FastAPI, WebSocket

        app = FastAPI()
        router = APIRouter()

        @app.get("/items/{item_id}")
        async def read_item(item_id: int):
            pass

        @router.post("/items")
        async def create_item():
            pass

        @app.websocket("/ws")
        async def ws(websocket: WebSocket):
            pass

        if "__main__" == __name__:
            uvicorn.run(app, port=8000)
        """,
        {
            "fastapi.routes": 2,
            "fastapi.websocket_routes": 1,
            "py.http_server": 1,
            "py.main_guard": 1,
            "flask.routes": 0,
        },
        id="fastapi",
    ),
    pytest.param(
        """
        from starlette.applications import Starlette
        from starlette.endpoints import WebSocketEndpoint
        from starlette.routing import WebSocketRoute

        class Echo(WebSocketEndpoint):
            pass

        app = Starlette(routes=[WebSocketRoute("/ws", Echo)])
        """,
        {"fastapi.websocket_routes": 2},
        id="starlette-websocket-route",
    ),
    pytest.param(
        """
        import asyncio
        import websockets
        from websockets.server import serve

        async def main():
            async with websockets.serve(handler, "", 8765):
                await asyncio.Future()
            async with serve(handler, "", 8766):
                pass
        """,
        {"py.ws_server": 2},
        id="websockets-serve",
    ),
    pytest.param(
        """
        import socketio
        from aiohttp import web
        from tornado.websocket import WebSocketHandler
        from quart import Quart

        sio = socketio.AsyncServer(async_mode="aiohttp")

        async def handle(request):
            ws = web.WebSocketResponse()
            return ws

        class Echo(WebSocketHandler):
            pass

        app = Quart(__name__)

        @app.websocket("/ws")
        async def feed():
            pass

        web.run_app(web.Application())
        """,
        {"py.ws_server": 4, "py.http_server": 1, "fastapi.websocket_routes": 0},
        id="other-websocket-servers",
    ),
    pytest.param(
        """
        from http.server import HTTPServer, SimpleHTTPRequestHandler
        import tornado.web

        server = HTTPServer(("", 8000), SimpleHTTPRequestHandler)
        server.serve_forever()
        application = tornado.web.Application([])
        application.listen(8888)
        """,
        {"py.http_server": 3},
        id="http-servers",
    ),
    pytest.param(
        """
        import argparse
        import click
        import typer

        cli_app = typer.Typer()

        @click.group()
        def cli():
            pass

        @cli.command()
        def sync():
            pass

        @cli_app.command()
        def hello(name: str):
            pass

        def main():
            parser = argparse.ArgumentParser(description="tool")
            return parser.parse_args()
        """,
        {"cli.parsers": 5},
        id="cli-parsers",
    ),
]


@pytest.mark.parametrize(("source", "expected"), FOUND)
def test_found(source: str, expected: dict[str, float]) -> None:
    got = family_counts(source)
    assert {key: got.get(key, 0) for key in expected} == expected


@pytest.mark.parametrize(
    ("source", "sends_files"),
    [
        pytest.param(
            """
            import http.server
            import socketserver

            Handler = http.server.SimpleHTTPRequestHandler
            with socketserver.TCPServer(("", 8000), Handler) as httpd:
                httpd.serve_forever()
            """,
            True,
            id="a-name-bound-to-the-file-handler",
        ),
        pytest.param(
            """
            from functools import partial
            from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

            class NoCache(SimpleHTTPRequestHandler):
                def end_headers(self):
                    self.send_header("Cache-Control", "no-store")
                    super().end_headers()

            handler = partial(NoCache, directory="site")
            ThreadingHTTPServer(("", 8000), handler).serve_forever()
            """,
            True,
            id="a-subclass-that-adds-a-header-through-partial",
        ),
        pytest.param(
            """
            from http.server import HTTPServer, SimpleHTTPRequestHandler

            class Api(SimpleHTTPRequestHandler):
                def do_POST(self):
                    self.wfile.write(b"saved")

            HTTPServer(("", 8000), Api).serve_forever()
            """,
            False,
            id="a-handler-that-answers-posts-is-an-application",
        ),
        pytest.param(
            """
            from http.server import HTTPServer, SimpleHTTPRequestHandler, BaseHTTPRequestHandler

            class Api(BaseHTTPRequestHandler):
                def do_GET(self):
                    self.wfile.write(b"{}")

            HTTPServer(("", 8000), SimpleHTTPRequestHandler)
            HTTPServer(("", 8001), Api).serve_forever()
            """,
            False,
            id="a-file-server-beside-an-api-server",
        ),
    ],
)
def test_the_standard_library_s_file_handler_sends_files(source: str, sends_files: bool) -> None:
    found = facts(textwrap.dedent(source), "serve.py")
    assert ("rt.file_routes" in found) is sends_files
    assert ("py.http_server" in found) is not sends_files


def test_route_evidence() -> None:
    found = facts('import flask\n@app.route("/orders")\ndef orders():\n    pass\n')
    assert [(e.line, e.detail) for e in found["flask.routes"].evidence] == [
        (2, '@app.route("/orders") def orders')
    ]


@pytest.mark.parametrize(
    ("module", "cls"),
    [
        ("flask_sock", "Sock"),
        ("flask_sockets", "Sockets"),
        ("flask_uwsgi_websocket", "GeventWebSocket"),
    ],
)
def test_a_socket_routed_by_a_flask_extension_is_a_socket(module: str, cls: str) -> None:
    counts = family_counts(
        f"""
        from flask import Flask
        from {module} import {cls}

        app = Flask(__name__)
        sock = {cls}(app)

        @sock.route("/echo")
        def echo(ws):
            ws.send(ws.receive())

        @app.route("/history")
        def history():
            return load_history()
        """
    )
    assert counts == {"py.ws_server": 1, "flask.routes": 1}


def test_flask_class_based_views_are_routes() -> None:
    found = facts(
        """
        from flask.views import MethodView
        from flask import views

        class Index(MethodView):
            def get(self):
                return "hi"

        class Settings(views.View):
            pass

        class Base:
            pass

        class NotAView(Base):
            pass
        """,
        "forum/views.py",
    )
    assert found["flask.routes"].value == 2
    assert [e.line for e in found["flask.routes"].evidence] == [5, 9]


def test_flask_rest_resources_are_routes() -> None:
    """Flask-RESTX routes a Resource class by a decorator, Flask-RESTful by add_resource;
    a class routed so is one route whatever methods it answers, and a decorated class in a
    file that imports no REST extension is not."""
    found = facts(
        """
        from flask_restx import Namespace, Resource

        ns = Namespace("users")

        @ns.route("/users")
        @ns.doc(security="token")
        class Users(Resource):
            def get(self):
                return []

            def post(self):
                return {}

        @dataclass
        class Plain:
            pass

        api.add_resource(Users, "/v2/users")
        api.add_resource()
        """,
        "api/users.py",
    )
    assert found["flask.routes"].value == 2
    assert [(e.line, e.detail) for e in found["flask.routes"].evidence] == [
        (6, '@ns.route("/users") class Users'),
        (19, 'api.add_resource(Users, "/v2/users")'),
    ]
    other = facts('@router.route("/x")\nclass Users:\n    pass\n', "api/users.py")
    assert "flask.routes" not in other


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            """
            from litestar import Controller, get, post

            class Contacts(Controller):
                @get("/")
                async def index(self) -> list: ...

                @post("/")
                async def create(self) -> dict: ...

            @get
            async def health() -> str: ...
            """,
            ['@get("/") def index', '@post("/") def create', "@get def health"],
            id="litestar",
        ),
        pytest.param(
            """
            from sanic import Sanic, Blueprint

            @app.get("/")
            async def index(request): ...

            @bp.route("/items")
            async def items(request): ...
            """,
            ['@app.get("/") def index', '@bp.route("/items") def items'],
            id="sanic",
        ),
        pytest.param(
            """
            from aiohttp import web

            routes = web.RouteTableDef()

            @routes.get("/")
            async def index(request): ...

            app.router.add_post("/items", create)
            app.add_routes([web.get("/health", health)])
            """,
            [
                '@routes.get("/") def index',
                'app.router.add_post("/items", ...)',
                'web.get("/health", ...)',
            ],
            id="aiohttp",
        ),
        pytest.param(
            """
            from pyramid.view import view_config

            @view_config(route_name="home", renderer="home.jinja2")
            def home(request): ...
            """,
            ["@view_config(...) def home"],
            id="pyramid",
        ),
        pytest.param(
            """
            import frappe

            @frappe.whitelist()
            def assign_ticket(ticket: str, agent: str): ...

            @frappe.whitelist(allow_guest=True)
            def portal_config(): ...

            def helper(): ...
            """,
            ["@frappe.whitelist() def assign_ticket", "@frappe.whitelist(...) def portal_config"],
            id="frappe-whitelisted-functions",
        ),
        pytest.param(
            """
            import falcon

            app = falcon.App()
            app.add_route("/things", Things())
            """,
            ['app.add_route("/things", ...)'],
            id="falcon",
        ),
        pytest.param(
            """
            import tornado.web

            class Main(tornado.web.RequestHandler):
                def get(self): ...

            class Base(tornado.web.RequestHandler):
                pass
            """,
            ["class Main(tornado.web.RequestHandler)"],
            id="tornado",
        ),
        pytest.param(
            """
            import web

            urls = ("/", "index", "/users/(.*)", "user")

            class index:
                def GET(self):
                    return "hello"

            class user:
                def GET(self, name): ...
                def PUT(self, name): ...

            class helpers:
                def get(self): ...

            app = web.application(urls, globals())
            """,
            ["class index()", "class user()"],
            id="webpy",
        ),
        pytest.param(
            """
            from pylons import request, response
            from poab.lib.base import BaseController, render

            class TrackController(BaseController):
                def index(self):
                    return render("/track.mako")

            class OnlyPrivate(BaseController):
                def _helper(self): ...

            class Plain(object):
                def index(self): ...
            """,
            ["class TrackController(BaseController)"],
            id="pylons",
        ),
        pytest.param(
            """
            import webapp2

            class MainPage(webapp2.RequestHandler):
                def get(self):
                    self.response.write("Hello")
            """,
            ["class MainPage(webapp2.RequestHandler)"],
            id="webapp2",
        ),
        pytest.param(
            """
            import tornado.web
            import tornado.websocket

            class Page(tornado.web.RequestHandler):
                def get(self):
                    self.render("chat.html")

            class Chat(tornado.websocket.WebSocketHandler):
                def on_message(self, message): ...
            """,
            [],
            id="the-page-of-a-tornado-socket-server",
        ),
        pytest.param(
            """
            from bottle import route

            @route("/hello")
            def hello(): ...
            """,
            ['@route("/hello") def hello'],
            id="bottle",
        ),
        pytest.param(
            """
            from starlette.applications import Starlette
            from starlette.routing import Mount, Route

            app = Starlette(
                routes=[
                    Route("/todo/", create_todo, methods=["POST"]),
                    Route("/todo/{id:int}/", read_todo),
                    Mount("/static", app=files),
                ]
            )
            """,
            ['Route("/todo/", ...)', 'Route("/todo/{id:int}/", ...)'],
            id="starlette-declarative-routes",
        ),
        pytest.param(
            """
            from myproject.routing import Route

            ROUTES = [Route("/x", handler)]
            """,
            [],
            id="a-route-class-of-another-package",
        ),
        pytest.param(
            """
            import requests

            @cache.get("/")
            def cached(): ...

            router.add_route("/x", handler)
            """,
            [],
            id="the-same-shapes-without-a-framework",
        ),
    ],
)
def test_routes_of_other_python_frameworks(source: str, expected: list[str]) -> None:
    found = facts(source, "app/routes.py").get("py.routes")
    assert ([e.detail for e in found.evidence] if found else []) == expected


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        pytest.param(
            "wsgi.py",
            """
            import os
            from forum import create_app
            _base = os.path.dirname(os.path.abspath(__file__))
            forum = create_app(config="forum.cfg")
            """,
            "create_app(...)",
            id="flask-factory",
        ),
        pytest.param(
            "mysite/asgi.py",
            """
            import os
            from django.core.asgi import get_asgi_application
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
            application = get_asgi_application()
            """,
            "get_asgi_application()",
            id="django-project",
        ),
        pytest.param(
            "framework/middleware/wsgi.py",
            """
            import sys
            from framework.types import Scope

            class WSGIMiddleware:
                def __init__(self, app):
                    self.app = app
            """,
            None,
            id="a-framework-s-adapter-builds-nothing",
        ),
        pytest.param(
            "app/main.py",
            "from flask import Flask\napp = Flask(__name__)\n",
            "Flask(__name__)",
            id="main-builds-the-app",
        ),
        pytest.param(
            "service/main.py",
            "from fastapi import FastAPI\nfrom service.routers import items\n"
            "app = FastAPI(title='items')\napp.include_router(items.router)\n",
            "FastAPI(...)",
            id="main-builds-a-fastapi-app",
        ),
        pytest.param(
            "skeleton/main.py",
            "from skeleton.core import get_app\napp = get_app()\n",
            "get_app()",
            id="main-calls-its-factory",
        ),
        pytest.param(
            "lib/app.py",
            "from fastapi import FastAPI\n\ndef build_app(settings):\n"
            "    app = FastAPI()\n    return app\n",
            None,
            id="a-library-builds-its-app-when-called",
        ),
        pytest.param(
            "tool/main.py",
            "from tool.cli import create_parser\nparser = create_parser()\napps = load_apps()\n",
            None,
            id="main-builds-no-application",
        ),
    ],
)
def test_app_module(path: str, source: str, expected: str | None) -> None:
    found = facts(source, path).get("py.app_module")
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.evidence[0].detail.endswith(expected)


ROOM_SERVER = """
import socket
import threading

from lobby import Rooms


def serve(port, rooms: Rooms):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("0.0.0.0", port))
    listener.listen()
    while True:
        conn, address = listener.accept()
        threading.Thread(target=rooms.join, args=(conn,)).start()


def relay(port, rooms: Rooms):
    datagrams = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    datagrams.bind(("0.0.0.0", port))
    while True:
        data, address = datagrams.recvfrom(1024)
        rooms.broadcast(data, address)
"""


def socket_counts(source: str, path: str = "server.py") -> dict[str, float]:
    return {k: f.value for k, f in facts(source, path).items() if k.startswith("rt.")}


def test_a_standard_library_socket_server_that_keeps_rooms_holds_connections() -> None:
    """Go's and Java's plain TCP hubs have a Python twin: a bound socket whose connections
    it accepts and whose datagrams it reads, for rooms it broadcasts to."""
    assert socket_counts(ROOM_SERVER) == {"rt.listen": 1, "rt.ws_handlers": 2, "rt.ws_entry": 2}


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            ROOM_SERVER.replace("Rooms", "Cache")
            .replace("rooms", "cache")
            .replace("broadcast", "put"),
            id="a-proxy-that-keeps-no-rooms",
        ),
        pytest.param(
            ROOM_SERVER.replace("listener.listen()", "listener.connect(('game', 9000))").replace(
                "listener.accept()", "listener.recv(1024), None"
            ),
            id="a-client-that-connects-and-binds-a-port-for-datagrams",
        ),
    ],
)
def test_sockets_that_keep_no_rooms_or_only_connect_hold_no_connections(source: str) -> None:
    assert socket_counts(source) == {}


ASYNCIO_CHAT = """
import asyncio

clients = []


class ChatProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        clients.append(self)

    def data_received(self, data):
        for client in clients:
            client.transport.write(data)


async def serve_lines(reader, writer):
    clients.append(writer)


def main():
    loop = asyncio.get_event_loop()
    loop.run_until_complete(loop.create_server(ChatProtocol, "", 3333))
    loop.run_until_complete(asyncio.start_server(serve_lines, "", 3334))
"""


def test_an_asyncio_server_whose_connections_are_kept_as_clients_is_a_hub() -> None:
    found = facts(ASYNCIO_CHAT, "server.py")
    assert [e.line for e in found["rt.ws_handlers"].evidence] == [12, 17]
    assert found["rt.listen"].evidence[0].line == 23
    echo = ASYNCIO_CHAT.replace("clients", "cache").replace("ChatProtocol", "EchoProtocol")
    assert socket_counts(echo) == {}


DASH_PAGE = """
from dash import Dash, Input, Output, State, callback, html

app = Dash(__name__)


@callback(Output("greeting", "children"), Input("name", "value"))
def greet(name):
    return f"Hello {name}"


@app.callback([Output("saved", "children")], [Input("save", "n_clicks")], [State("note", "value")])
def save(clicks, note):
    return [note]


@app.callback
def not_a_dash_callback():
    pass


@cache.callback(timeout=5)
def nor_this():
    pass
"""


def test_dash_callbacks_are_the_page_s_http_handlers() -> None:
    """A Dash page posts each callback's inputs to its server: the callbacks are the app's
    HTTP handlers, counted beside its socket handlers (not an API: no py.routes)."""
    found = facts(DASH_PAGE, "app.py")
    assert [e.line for e in found["dash.callbacks"].evidence] == [7, 12]
    assert "py.routes" not in found
    assert "dash.callbacks" not in facts(DASH_PAGE.replace("from dash import", "from x import"))


TOPIC_BROKER = """
import socketserver


class Broker(socketserver.ThreadingTCPServer):
    def __init__(self, address, handler):
        super().__init__(address, handler)
        self.subscribers = {}


class Session(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            topic, _, payload = line.partition(b" ")
            for peer in self.server.subscribers.get(topic, ()):
                peer.sendall(payload)


if __name__ == "__main__":
    Broker(("", 1883), Session).serve_forever()
"""


def test_a_socketserver_with_a_raw_stream_handler_that_keeps_subscribers_holds_connections() -> (
    None
):
    """socketserver's TCPServer with its own stream handler speaks a protocol of its own (a
    broker's packets), not HTTP: the handler is a persistent connection's, as a plain
    socket's accept loop is."""
    found = socket_counts(TOPIC_BROKER, "broker.py")
    assert found == {"rt.listen": 1, "rt.ws_handlers": 1, "rt.ws_entry": 1}
    assert facts(TOPIC_BROKER, "broker.py")["rt.ws_handlers"].evidence[0].line == 12
    assert "py.http_server" not in facts(TOPIC_BROKER, "broker.py")


@pytest.mark.parametrize(
    ("source", "http", "hub"),
    [
        pytest.param(
            TOPIC_BROKER.replace("subscribers", "cache").replace("topic", "key"),
            0,
            False,
            id="a-raw-stream-server-that-keeps-no-subscribers",
        ),
        pytest.param(
            TOPIC_BROKER.replace(
                "socketserver.StreamRequestHandler", "http.server.BaseHTTPRequestHandler"
            ).replace("import socketserver", "import http.server\nimport socketserver"),
            1,
            False,
            id="the-same-server-with-an-http-handler",
        ),
        pytest.param(
            TOPIC_BROKER.replace(
                "class Session(",
                "class Page(http.server.SimpleHTTPRequestHandler):\n    pass\n\n\nclass Session(",
            ).replace("import socketserver", "import http.server\nimport socketserver"),
            1,
            False,
            id="a-module-with-an-http-handler-too",
        ),
    ],
)
def test_a_socketserver_is_http_unless_its_handlers_are_raw_streams_and_keep_a_hub(
    source: str, http: int, hub: bool
) -> None:
    found = facts(source, "broker.py")
    assert found.get("py.http_server", Fact("", 0.0, ())).value == http
    assert ("rt.ws_handlers" in found) is hub


@pytest.mark.parametrize(
    ("source", "found"),
    [
        pytest.param(
            "from flask import Flask\n\ndef create_app(config=None):\n    app = Flask(__name__)\n"
            "    return app\n",
            True,
            id="flask-factory",
        ),
        pytest.param(
            "from flask import Flask\n\nclass Tracker:\n    def init_app(self, app):\n"
            "        app.extensions['tracker'] = self\n",
            False,
            id="an-extension-s-init-app",
        ),
        pytest.param(
            "import flask\n\nclass Harness:\n    def create_app(self):\n"
            "        return flask.Flask(__name__)\n",
            False,
            id="a-method-named-create-app",
        ),
    ],
)
def test_a_flask_application_factory(source: str, found: bool) -> None:
    assert ("py.app_factory" in facts(source, "shop/__init__.py")) is found


@pytest.mark.parametrize(
    ("body", "fixed"),
    [
        ('    return {"status": "ok"}', True),
        ('    """Liveness."""\n    return "Chat server running"', True),
        ("    return 200", True),
        ("    return {'items': items}", False),  # a name: the route returns the app's data
        ('    log.info("hit")\n    return {"ok": True}', False),  # it does something first
        ("    return", False),
        ("    pass", False),
    ],
)
def test_a_route_that_only_returns_a_literal_says_so(body: str, fixed: bool) -> None:
    from stackcheck.facts.signals import derived
    from stackcheck.facts.signals.python import web

    source = f'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/")\ndef root():\n{body}\n'
    (evidence,) = facts(source)["fastapi.routes"].evidence
    assert evidence.detail.endswith(web.FIXED_ANSWER) is fixed
    assert derived.FIXED_ANSWER == web.FIXED_ANSWER  # the mark derived.py counts by


@pytest.mark.parametrize(
    ("body", "sends"),
    [
        ("    return send_from_directory(STATIC, path)", True),
        ('    print(f"serving {path}")\n    return flask.send_file(path)', True),
        ('    return send_from_directory(STATIC, "404.html"), 404', True),
        ("    return FileResponse(path)", True),
        ("    f = pick(path)\n    return send_file(f)", False),  # it decides what to send
        ("    return render_template('index.html')", False),
        ("    return jsonify(rows)", False),
    ],
)
def test_a_route_that_only_sends_a_file_is_a_file_route(body: str, sends: bool) -> None:
    source = (
        f'import flask\napp = flask.Flask(__name__)\n@app.route("/<p>")\ndef page(path):\n{body}\n'
    )
    found = facts(source)
    assert ("rt.file_routes" in found) is sends
    assert ("flask.routes" in found) is not sends


def test_pages_served_by_flask_files_and_a_fixed_answer_are_a_file_server() -> None:
    from stackcheck.facts.signals import derived

    source = """
    import flask
    app = flask.Flask(__name__)

    @app.route("/<path:path>")
    def pages(path):
        return flask.send_from_directory("../public", path)

    @app.route("/api/data")
    def data():
        return {"data": "from the backend"}
    """
    found = facts(source)
    assert [f.key for f in derived.file_server(found)] == ["web.file_server"]
    found["flask.routes"] = Fact(
        "flask.routes",
        2,
        (
            *found["flask.routes"].evidence,
            *facts('import flask\n@app.route("/rooms")\ndef rooms():\n    return list_rooms()\n')[
                "flask.routes"
            ].evidence,
        ),
    )
    assert list(derived.file_server(found)) == []  # a route that does work: an application


def test_a_fixed_answer_beside_one_socket_route_leaves_the_socket_the_product() -> None:
    from stackcheck.facts.signals import derived

    source = """
    from fastapi import FastAPI, WebSocket
    app = FastAPI()
    clients = []

    @app.get("/")
    def root():
        return {"status": "ok"}

    @app.websocket("/chat")
    async def chat(ws: WebSocket):
        await ws.accept()
        clients.append(ws)
        while True:
            msg = await ws.receive_text()
            for c in clients:
                await c.send_text(msg)
    """
    found = facts(source)
    summary = {f.key: f.value for f in derived.realtime_summary(found)}
    assert summary["rt.share"] == 1.0
    found["fastapi.routes"] = Fact(
        "fastapi.routes",
        2,
        (
            *found["fastapi.routes"].evidence,
            *facts('import flask\n@app.route("/rooms")\ndef rooms():\n    return list_rooms()\n')[
                "flask.routes"
            ].evidence,
        ),
    )
    summary = {f.key: f.value for f in derived.realtime_summary(found)}
    assert summary["rt.share"] == 0.5  # a route that does work still counts


def test_a_grpc_servicer_registered_on_a_server_and_not_the_generated_definition() -> None:
    served = facts(
        """
        import grpc
        import users_pb2_grpc

        server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        users_pb2_grpc.add_UsersServicer_to_server(UsersService(), server)
        server.start()
        """
    )
    assert [e.detail for e in served["rt.grpc_services"].evidence] == [
        "users_pb2_grpc.add_UsersServicer_to_server(...)"
    ]
    generated = facts(
        """
        def add_UsersServicer_to_server(servicer, server):
            handlers = {"Get": grpc.unary_unary_rpc_method_handler(servicer.Get)}
            generic = grpc.method_handlers_generic_handler("Users", handlers)
            server.add_generic_rpc_handlers((generic,))
        """
    )
    assert "rt.grpc_services" not in generated


def test_a_socketio_server_no_handler_is_registered_on_is_no_real_time_handler() -> None:
    from stackcheck.facts.signals import derived

    idle = """
    from flask import Flask
    from flask_socketio import SocketIO

    socketio = SocketIO()
    app = Flask(__name__)

    @app.route("/")
    def search():
        return run_search()
    """
    idle = textwrap.dedent(idle)
    summary = {f.key: f.value for f in derived.realtime_summary(facts(idle))}
    assert summary["rt.share"] == 0.0
    handled = (
        idle + '\n@socketio.on("message")\ndef message(data):\n    socketio.emit("message", data)\n'
    )
    summary = {f.key: f.value for f in derived.realtime_summary(facts(handled))}
    # its one event handler beside the one route: the server object is no handler beside it
    assert summary["rt.share"] == 0.5
    assert summary["rt.handlers_total"] == 2


def test_flask_routes_that_answer_json_are_counted_apart() -> None:
    found = facts(
        """
        from flask import Flask, jsonify, render_template, request

        app = Flask(__name__)

        @app.route("/")
        def home():
            return render_template("index.html")

        @app.route("/api/items")
        def items():
            return jsonify([item.to_dict() for item in Item.query.all()])

        @app.route("/api/items", methods=["POST"])
        def create():
            data = request.get_json()
            return {"id": save(data)}

        @app.route("/health")
        def health():
            return {"status": "ok"}
        """
    )
    assert found["flask.routes"].value == 4
    assert found["flask.json_routes"].value == 2
    assert [e.line for e in found["flask.json_routes"].evidence] == [10, 14]


CONNECT_LAMBDA = """
import os
import boto3

dynamodb = boto3.client("dynamodb")


def lambda_handler(event, context):
    connection_id = event["requestContext"]["connectionId"]
    dynamodb.put_item(TableName=os.environ["TABLE"], Item={"id": {"S": connection_id}})
    return {}
"""


@pytest.mark.parametrize(
    ("source", "found"),
    [
        pytest.param(CONNECT_LAMBDA, 1, id="reads-its-connection-s-id"),
        pytest.param(
            "import boto3\n\ndef handler(event, context):\n"
            "    api = boto3.client('apigatewaymanagementapi')\n"
            "    api.post_to_connection(ConnectionId=event['to'], Data=event['body'])\n",
            1,
            id="pushes-to-connections",
        ),
        pytest.param(
            CONNECT_LAMBDA.replace(
                '["requestContext"]["connectionId"]', '["pathParameters"]["id"]'
            ),
            0,
            id="an-http-route-s-function",
        ),
        pytest.param(
            CONNECT_LAMBDA.replace("def lambda_handler(event, context)", "def store(event)"),
            0,
            id="no-handler",
        ),
    ],
)
def test_an_api_gateway_websocket_route_s_lambda(source: str, found: int) -> None:
    """The platform holds the sockets; each route's function handles their events."""
    events = facts(source, "websocket-connect.py").get("py.socket_events")
    assert (events.value if events else 0) == found
