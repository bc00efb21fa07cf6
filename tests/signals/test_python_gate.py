"""Gates of the Python analyzers: how needles are looked for, a file for each clue, and
that no analyzer finds anything in a file its gate keeps closed."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable, Iterable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signals.test_python_outline import corpus as outline_corpus
from signals.test_python_outline import parsed
from stackcheck.facts import Fact
from stackcheck.facts.signals.python import django as python_django
from stackcheck.facts.signals.python import usecases as python_usecases
from stackcheck.facts.signals.python import web as python_web
from stackcheck.facts.signals.python.gate import (
    AnyGate,
    Clue,
    Gate,
    Group,
    Source,
    based,
    called,
    clue,
    folded,
    gate,
    method_called,
    modules,
    named,
    part,
)
from stackcheck.facts.signals.python.syntax import Module, outline, parse


def opens(g: Clue | Group, source: str, path: str = "app/x.py", known: bool = True) -> bool:
    text = textwrap.dedent(source)
    return Source(path, text, outline(ast.parse(text)) if known else None).opens(gate(g))


def _views(path: str) -> bool:
    return path.endswith("views.py")


@pytest.mark.parametrize(
    ("needles", "source", "expected"),
    [
        pytest.param(named("request"), "def f(requests): pass\n", False, id="name-in-longer-word"),
        pytest.param(named("request"), "def f(req): return req.request_id\n", False, id="prefix"),
        pytest.param(named("request"), "def f(request): pass\n", True, id="name"),
        pytest.param(named("request"), "x = 'a request'\n", True, id="name-in-string"),
        pytest.param(named("request"), "def f(ｒｅｑｕｅｓｔ): pass\n", True, id="name-nfkc"),
        pytest.param(named("*View"), "class A(Viewer): pass\n", False, id="end-not-at-end"),
        pytest.param(named("*View"), "class A(ListView): pass\n", True, id="end"),
        pytest.param(named("*View"), "class A(View): pass\n", True, id="end-whole-word"),
        pytest.param(part("backend"), "E = 'django.db.backends.mysql'\n", True, id="part"),
        pytest.param(part("backend"), "E = 'django.db.back' 'ends.mysql'\n", False, id="split"),
        pytest.param(folded("websocket"), "WEBSOCKET_URLS = []\n", True, id="folded"),
        pytest.param(named("websocket"), "WEBSOCKET_URLS = []\n", False, id="not-folded"),
        pytest.param(modules("django"), "# import django\n", False, id="module-in-comment"),
        pytest.param(modules("django"), "from django.db import models\n", True, id="module"),
        pytest.param(modules("django"), "from .django import x\n", False, id="module-relative"),
        pytest.param(modules("django"), "def f():\n    import django\n", True, id="module-local"),
        pytest.param(based("Model"), "class A(B):\n    m = Model\n", False, id="base-elsewhere"),
        pytest.param(based("Model"), "class A(models.Model): pass\n", True, id="base"),
        pytest.param(
            based("Model"),
            "from django.db.models import Model as M\nclass A(M): pass\n",
            True,
            id="base-aliased",
        ),
        pytest.param(based("*Model"), "class A(Generic[T], TimeModel): pass\n", True, id="ends"),
        pytest.param(
            based("Model"), "def f():\n    class A(Model): pass\n", True, id="base-nested"
        ),
        pytest.param(
            clue(named("run"), named("app")), "app = 1\n", False, id="clue-needs-every-group"
        ),
        pytest.param(clue(named("run"), named("app")), "app.run()\n", True, id="clue"),
        pytest.param(
            clue(named("Model"), unless=["django"]),
            "import django\nModel\n",
            False,
            id="unless",
        ),
        pytest.param(clue(named("x"), where=_views), "x\n", False, id="where"),
        pytest.param(called("render"), "render(r)\n", True, id="called"),
        pytest.param(called("render"), "x = shortcuts.render (r)\n", True, id="called-attr"),
        pytest.param(called("render"), "(render)(r)\n", True, id="called-parenthesized"),
        pytest.param(called("render"), "f(render  # why\n  (r))\n", True, id="called-comment"),
        pytest.param(called("render"), "x = render \\\n  (r)\n", True, id="called-joined"),
        pytest.param(called("render"), "ｒｅｎｄｅｒ(r)\n", True, id="called-nfkc"),
        pytest.param(called("render"), "x = render\n", False, id="not-called"),
        pytest.param(called("render"), "pre_render(r)\n", False, id="called-longer-name"),
        pytest.param(called("render"), "render_all(r)\n", False, id="called-prefix"),
        pytest.param(called("render"), "def render(self): pass\n", False, id="defined"),
        pytest.param(
            called("render"), "class A:\n  async def render(s): pass\n", False, id="async-def"
        ),
        pytest.param(
            called("render"), "def render(self): return render(self)\n", True, id="def-and-call"
        ),
        pytest.param(called("render"), "# def\nrender(r)\n", True, id="def-on-the-line-before"),
        pytest.param(method_called(["app"], ["run"]), "app.run()\n", True, id="method"),
        pytest.param(
            method_called(["app"], ["run"]), "(app) . \\\n run ()\n", True, id="method-spaced"
        ),
        pytest.param(method_called(["app"], ["run"]), "self.app.run()\n", False, id="not-plain"),
        pytest.param(method_called(["app"], ["run"]), "app.run\n", False, id="method-not-called"),
        pytest.param(method_called(["app"], ["run"]), "myapp.run()\n", False, id="other-name"),
    ],
)
def test_needles(needles: Clue | Group, source: str, expected: bool) -> None:
    assert opens(needles, source) is expected


@pytest.mark.parametrize(
    ("needles", "source"),
    [
        pytest.param(modules("django"), "# django\n", id="module-as-word"),
        pytest.param(based("Model"), "x = Model\n", id="base-as-word"),
        pytest.param(clue(named("x"), unless=["django"]), "import django\nx\n", id="no-unless"),
    ],
)
def test_without_outline_modules_and_bases_are_words(needles: Clue | Group, source: str) -> None:
    # Very long files have no exact outline: the gates open wider, never narrower.
    assert opens(needles, source, known=False)


def case(analyzer: str, source: str, path: str = "app/x.py", *, id: str) -> object:
    return pytest.param(analyzer, path, source, id=id)


# One file per clue of every gate, found through that clue alone.
CLUES = [
    case("settings", "INSTALLED_APPS = ['blog']\n", id="settings-apps"),
    case("settings", "DATABASES = {'default': 'postgres://db/x'}\n", id="settings-url"),
    case("settings", "E = 'django.db.backends.postgresql'\n", id="settings-engine"),
    case("settings", "E = 'mysql.connector.django'\n", id="settings-engine-module"),
    case("settings", "E = 'sql_server.pyodbc'\n", id="settings-engine-pyodbc"),
    case("models", "from django.db import models\nclass A(models.Model): pass\n", id="models"),
    case("models", "from wagtail.models import Page\nclass A(Page): pass\n", id="models-page"),
    case(
        "models",
        "from django.contrib.auth.models import AbstractUser as U\nclass A(U): pass\n",
        id="models-aliased-base",
    ),
    case("admin", "import django\nadmin.site.register(Order)\n", id="admin-register"),
    case(
        "admin",
        "from django.contrib import admin\n@admin.register(Order)\nclass A(Base): pass\n",
        id="admin-register-decorator",
    ),
    case(
        "admin",
        "from django.contrib import admin\nclass A(admin.TabularInline): pass\n",
        id="admin-inline",
    ),
    case("urls", "urlpatterns = []\n", id="urls"),
    case("views", "import django\ndef index(request): pass\n", "shop/views.py", id="views-def"),
    case(
        "views",
        "from django.views import generic\nclass A(generic.ListView): pass\n",
        id="views-class",
    ),
    case(
        "render",
        "from django.shortcuts import render\ndef f(r): return render(r, 'a.html')\n",
        id="render",
    ),
    case("forms", "from django import forms\nclass A(forms.ModelForm): pass\n", id="forms"),
    case(
        "forms",
        "from allauth.account.forms import SignupForm\nclass A(SignupForm): pass\n",
        id="forms-signup",
    ),
    case(
        "auth",
        "from django.contrib.auth.decorators import login_required\n"
        "@login_required\ndef f(): pass\n",
        id="auth-decorator",
    ),
    case("auth", "u = include('django.contrib.auth.urls')\n", id="auth-urls"),
    case(
        "uploads",
        "from django.db import models\nclass A:\n    f = models.FileField()\n",
        id="uploads-field",
    ),
    case("uploads", "def f(request):\n    return request.FILES\n", id="uploads-files"),
    case(
        "permissions",
        "from django.contrib.auth.models import Group\nGroup.objects.all()\n",
        id="permissions-models",
    ),
    case("permissions", "def f(user): return user.has_perm('x')\n", id="permissions-has-perm"),
    case("permissions", "class A:\n    permission_required = 'x'\n", id="permissions-attr"),
    case(
        "drf",
        "from rest_framework import serializers as s\nclass A(s.ModelSerializer): pass\n",
        id="drf-serializer",
    ),
    case(
        "drf",
        "from rest_framework import generics\nclass A(generics.ListCreateAPIView): pass\n",
        id="drf-generics",
    ),
    case(
        "drf",
        "from rest_framework.decorators import api_view\n@api_view(['GET'])\ndef f(r): pass\n",
        id="drf-api-view",
    ),
    case(
        "drf",
        "from rest_framework import routers\nr = routers.DefaultRouter()\n",
        id="drf-router",
    ),
    case(
        "drf",
        "import rest_framework\nclass A:\n    permission_classes = []\n",
        id="drf-permission-classes",
    ),
    case("ninja", "from ninja import NinjaAPI\napi = NinjaAPI()\n", id="ninja"),
    case(
        "openapi",
        "import drf_spectacular.views as v\nx = v.SpectacularAPIView.as_view()\n",
        id="openapi-call",
    ),
    case("openapi", "S = 'drf_spectacular.openapi.AutoSchema'\n", id="openapi-string"),
    case(
        "channels",
        "from channels.generic.websocket import WebsocketConsumer\n"
        "class A(WebsocketConsumer): pass\n",
        id="channels-consumer",
    ),
    case(
        "channels",
        "from channels.routing import ProtocolTypeRouter\napp = ProtocolTypeRouter({})\n",
        id="channels-router",
    ),
    case(
        "channels",
        "import channels\nWS_ROUTES = [path('ws/', C.as_asgi())]\n",
        id="channels-ws-list",
    ),
    case(
        "channels",
        "from django.urls import re_path\n"
        "websocket_urlpatterns = [re_path(r'ws/chat/$', consumers.Chat.as_asgi())]\n",
        "chat/routing.py",
        id="channels-routing-module",
    ),
    case("channels", "def f(layer): layer.group_send('g', {})\n", id="channels-group-send"),
    case("routes", "@app.route('/')\ndef f(): pass\n", id="routes-route"),
    case("routes", "@app.websocket('/ws')\nasync def f(ws): pass\n", id="routes-websocket"),
    case("routes", "from fastapi import FastAPI\n@app.get('/')\ndef f(): pass\n", id="routes-get"),
    case(
        "templates",
        "from flask import render_template\ndef f(): return render_template('a.html')\n",
        id="templates",
    ),
    case(
        "websocket_routes",
        "from starlette.routing import WebSocketRoute\nr = WebSocketRoute('/ws', f)\n",
        id="websocket-routes-call",
    ),
    case(
        "websocket_routes",
        "from starlette.endpoints import WebSocketEndpoint\nclass A(WebSocketEndpoint): pass\n",
        id="websocket-routes-endpoint",
    ),
    case("ws_servers", "import websockets\nwebsockets.serve(h, 'x', 1)\n", id="ws-servers-call"),
    case(
        "ws_servers",
        "from tornado.websocket import WebSocketHandler\nclass A(WebSocketHandler): pass\n",
        id="ws-servers-tornado",
    ),
    case(
        "socket_events",
        "from flask_socketio import emit\n@socketio.on('message')\ndef m(data): emit('x', data)\n",
        id="socket-events-on",
    ),
    case("socket_events", "import socketio\n@sio.event\ndef connect(sid): pass\n", id="sio-event"),
    case(
        "apigateway_socket_routes",
        "def lambda_handler(event, context):\n"
        "    return store(event['requestContext']['connectionId'])\n",
        id="api-gateway-websocket-route",
    ),
    case(
        "app_factory",
        "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
        id="app-factory-flask",
    ),
    case(
        "socket_hubs",
        "import socket\ns = socket.socket()\ns.bind(('', 9000))\ns.listen()\n"
        "while True:\n    conn, _ = s.accept()\n    rooms.join(conn)\n",
        id="socket-hubs-accept",
    ),
    case(
        "asyncio_hubs",
        "import asyncio\nclients = []\nclass Chat(asyncio.Protocol):\n"
        "    def data_received(self, data):\n        for c in clients: c.write(data)\n"
        "loop.create_server(Chat, '', 9)\n",
        id="asyncio-protocol-hub",
    ),
    case(
        "dash_callbacks",
        "from dash import Input, Output, callback\n"
        "@callback(Output('a', 'children'), Input('b', 'value'))\ndef f(v): return v\n",
        id="dash-callback",
    ),
    case("http_servers", "import uvicorn\nuvicorn.run(app)\n", id="http-servers-call"),
    case("http_servers", "s.serve_forever()\n", id="http-servers-serve-forever"),
    case(
        "grpc_servers",
        "import users_pb2_grpc\nusers_pb2_grpc.add_UsersServicer_to_server(Users(), server)\n",
        id="grpc-servers",
    ),
    case(
        "http_servers",
        "from flask import Flask\nweb = Flask(__name__)\nweb.run()\n",
        id="http-servers-app",
    ),
    case("http_servers", "app.run()\n", id="http-servers-app-name"),
    case("cli", "import argparse\np = argparse.ArgumentParser()\n", id="cli-call"),
    case("cli", "import click\n@click.command()\ndef f(): pass\n", id="cli-click"),
    case("cli", "import typer\n@app.command()\ndef f(): pass\n", id="cli-command"),
    case("main_guard", "if __name__ == '__main__':\n    pass\n", id="main-guard"),
    case(
        "manage_py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tests.settings')\n",
        "manage.py",
        id="manage-py",
    ),
    case(
        "class_views",
        "from flask.views import MethodView\nclass Index(MethodView): pass\n",
        id="flask-class-view",
    ),
    case(
        "resource_routes",
        "from flask_restx import Namespace, Resource\n@ns.route('/u')\nclass U(Resource): pass\n",
        id="restx-resource",
    ),
    case(
        "resource_routes",
        "import flask_restful\napi.add_resource(Users, '/users')\n",
        id="restful-add-resource",
    ),
    case(
        "other_routes",
        "from litestar import get\n@get('/')\nasync def index() -> str: ...\n",
        id="litestar-route",
    ),
    case(
        "other_routes",
        "from starlette.routing import Route\nroutes = [Route('/todo/', create)]\n",
        id="starlette-route",
    ),
    case(
        "other_routes",
        "import web\nclass index:\n    def GET(self):\n        return 'hi'\n",
        id="webpy-handler",
    ),
    case(
        "other_routes",
        "from pylons import request\nfrom app.lib.base import BaseController\n"
        "class LogController(BaseController):\n    def index(self):\n        return 'x'\n",
        id="pylons-controller",
    ),
    case(
        "app_module",
        "from app import create_app\napplication = create_app()\n",
        "wsgi.py",
        id="app-module",
    ),
    case(
        "app_module",
        "from fastapi import FastAPI\napp = FastAPI()\n",
        "main.py",
        id="app-module-main",
    ),
    case("ml", "import sklearn\nmodel.predict(x)\n", id="ml-inference"),
    case("ml", "import joblib\nm = joblib.load('m.pkl')\n", id="ml-load"),
    case("ml", "m = AutoModel.from_pretrained('x')\n", id="ml-pretrained"),
    case("ml", "m = keras.models.load_model('m.h5')\n", id="ml-keras"),
    case("ml", "import pickle\nm = pickle.load(open('model.pkl', 'rb'))\n", id="ml-pickle"),
    case("payments", "import stripe\nstripe.Charge.create()\n", id="payments"),
    case(
        "decimal_amounts",
        "from django.db import models\nclass A:\n    unitPrice = models.DecimalField()\n",
        id="decimal-field",
    ),
    case("decimal_amounts", "class A:\n    amount = Column(Numeric)\n", id="decimal-column"),
    case(
        "decimal_amounts",
        "class A(Base):\n    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))\n",
        id="decimal-mapped-column",
    ),
    case("mqtt", "import paho.mqtt.client as m\nc = m.Client()\n", id="mqtt"),
    case("coap", "import aiocoap\naiocoap.Context.create_client_context()\n", id="coap"),
    case("timeseries", "import influxdb_client as i\nc = i.InfluxDBClient()\n", id="ts-call"),
    case("timeseries", "class A(TimescaleModel): pass\n", id="ts-model"),
    case("timeseries", "SQL = 'SELECT CREATE_HYPERTABLE(x)'\n", id="ts-sql"),
    case("enterprise_auth", "import ldap\n", id="enterprise-import"),
    case("enterprise_auth", "import django\nimport rules\n", id="enterprise-rules"),
    case(
        "enterprise_auth",
        "AUTHENTICATION_BACKENDS = ['guardian.backends.ObjectPermissionBackend']\n",
        id="enterprise-setting",
    ),
    case("cms", "from wagtail.models import Page\nclass A(Page): pass\n", id="cms-page"),
    case("cms", "from wagtail.fields import StreamField\nb = StreamField([])\n", id="cms-field"),
    case("mvp_kits", "import allauth\n", id="mvp-import"),
    case("mvp_kits", "APPS = ['crispy_bootstrap5']\n", id="mvp-string"),
    case("mvp_kits", "CRISPY_TEMPLATE_PACK = 'bootstrap5'\n", id="mvp-setting"),
    case(
        "model_names",
        "from django.db import models\nclass Payment(models.Model): pass\n",
        id="model-names-django",
    ),
    case("model_names", "class Payment(db.Model): pass\n", id="model-names-orm"),
    case(
        "model_names",
        "from peewee import Model as M\nclass Payment(M): pass\n",
        id="model-names-peewee",
    ),
    case(
        "model_names",
        "class Payment(Base):\n    __tablename__ = 'p'\n",
        id="model-names-tablename",
    ),
    case(
        "model_names",
        "class Payment(SQLModel, table=True): pass\n",
        id="model-names-sqlmodel",
    ),
    case("orm", "class A(db.Model): pass\n", id="orm-db-model"),
    case("orm", "from peewee import Model as M\nclass A(M): pass\n", id="orm-base"),
    case("orm", "class A(Base):\n    __tablename__ = 'a'\n", id="orm-tablename"),
    case("orm", "class A(SQLModel, table=True): pass\n", id="orm-sqlmodel"),
]


def call_cases(analyzer: str, qualified: Iterable[str]) -> list[object]:
    """A case per qualified name of an analyzer's table: `import http.server` and a call of
    `http.server.HTTPServer`."""
    return [
        case(analyzer, f"import {q.rpartition('.')[0]}\n{q}(model)\n", id=f"{analyzer}-{q}")
        for q in sorted(qualified)
    ]


def written_out(analyzer: str, qualified: Iterable[str]) -> list[object]:
    """A call of each qualified name written out, its first part imported from nowhere:
    the analyzer compares the text as it stands."""
    return [
        case(analyzer, f"{q}(model)\n", id=f"{analyzer}-{q}-unimported") for q in sorted(qualified)
    ]


def aliased(analyzer: str, qualified: Iterable[str]) -> list[object]:
    """Each name imported under another name and called by it: no call of its last part."""
    return [
        case(
            analyzer,
            f"from {q.rpartition('.')[0]} import {q.rpartition('.')[2]} as other\nother(model)\n",
            id=f"{analyzer}-{q}-aliased",
        )
        for q in sorted(qualified)
    ]


CLUES += [
    *written_out("http_servers", python_web.HTTP_SERVER_CALLS),
    *written_out("cli", python_web.CLI_CALLS),
    *written_out("ml", python_usecases.MODEL_LOAD_CALLS | python_usecases.PICKLE_LOADS),
    *aliased("http_servers", python_web.HTTP_SERVER_CALLS),
    *aliased("cli", python_web.CLI_CALLS),
    *aliased("ml", python_usecases.MODEL_LOAD_CALLS | python_usecases.PICKLE_LOADS),
    *call_cases("http_servers", python_web.HTTP_SERVER_CALLS),
    *call_cases("cli", python_web.CLI_CALLS),
    *call_cases("ml", python_usecases.MODEL_LOAD_CALLS | python_usecases.PICKLE_LOADS),
    *(
        case("ws_servers", f"import {top}\n{top}.{name}(x)\n", id=f"ws-servers-{top}.{name}")
        for top, names in sorted(python_web.WS_SERVER_CALLS.items())
        for name in sorted(names)
    ),
    *(
        case("cli", f"@{q}()\ndef f(): pass\n", id=f"cli-{q}")
        for q in sorted(python_web.CLICK_DECORATORS)
    ),
]


def corpus() -> Iterator[tuple[str, str]]:
    """The outline tests' corpus, and a file for each clue."""
    for param in CLUES:
        _, path, source = param.values  # type: ignore[attr-defined]
        yield path, source
    yield from outline_corpus()


PARSED = parsed(corpus())


# --- soundness: a closed gate means no facts ----------------------------------------------

Analyzer = Callable[[Module], Iterator[Fact]]


def all_gates() -> list[tuple[str, Analyzer, Gate]]:
    found: list[tuple[str, Analyzer, Gate]] = []
    for module in (python_django, python_web):
        found += [(a.__name__, a, g) for a, g in module.GATES.items()]
    for analyzer, g in python_usecases.GATES.items():

        def run(m: Module, analyzer: Callable[..., Iterator[Fact]] = analyzer) -> Iterator[Fact]:
            if analyzer is python_usecases.ml:
                return analyzer(m, frozenset())
            return analyzer(m)

        found.append((analyzer.__name__, run, g))
    return found


GATES = all_gates()


def test_every_analyzer_has_a_gate() -> None:
    assert set(python_django.GATES) == set(python_django.ANALYZERS)
    assert set(python_web.GATES) == set(python_web.ANALYZERS)
    assert set(python_usecases.GATES) == {python_usecases.ml, *python_usecases.ANALYZERS}


@pytest.mark.parametrize(("analyzer", "g"), [pytest.param(a, g, id=n) for n, a, g in GATES])
def test_a_closed_gate_means_nothing_found(analyzer: Analyzer, g: Gate) -> None:
    found_somewhere = closed_somewhere = False
    for text, m in PARSED:
        source = Source(m.path, text, outline(ast.parse(text)))
        facts = list(analyzer(m))
        if not source.opens(g):
            closed_somewhere = True
            assert facts == [], m.path
        found_somewhere = found_somewhere or bool(facts)
    # The corpus shows the analyzer at work, and files the gate keeps it away from.
    assert found_somewhere
    assert closed_somewhere


BY_NAME = {name: (analyzer, g) for name, analyzer, g in GATES}


@pytest.mark.parametrize(("name", "path", "source"), CLUES)
def test_each_clue_lets_its_analyzer_through(name: str, path: str, source: str) -> None:
    analyzer, g = BY_NAME[name]
    assert list(analyzer(parse(path, source)))
    assert Source(path, source, outline(ast.parse(source))).opens(g)


def test_a_table_column_without_a_numeric_type_keeps_the_money_gate_closed() -> None:
    """django-tables2's `total = tables.Column()` is no amount of money: nothing to parse."""
    analyzer, g = BY_NAME["decimal_amounts"]
    source = (
        "import django_tables2 as tables\nclass T(tables.Table):\n    total = tables.Column()\n"
    )
    assert not Source("app/tables.py", source, outline(ast.parse(source))).opens(g)
    assert list(analyzer(parse("app/tables.py", source))) == []
    money = source.replace("Column()", "Column(Decimal)")
    assert Source("app/tables.py", money, outline(ast.parse(money))).opens(g)


def test_every_clue_has_a_case() -> None:
    """Each clue of each gate is the only one open for some file in CLUES."""
    alone: set[tuple[str, int]] = set()
    for param in CLUES:
        name, path, source = param.values  # type: ignore[attr-defined]
        _, g = BY_NAME[name]
        source_ = Source(path, source, outline(ast.parse(source)))
        held = [i for i, c in enumerate(g) if source_.opens((c,))]
        if len(held) == 1:
            alone.add((name, held[0]))
    missing = [(name, i) for name, _, g in GATES for i in range(len(g)) if (name, i) not in alone]
    assert missing == []


@pytest.mark.parametrize(("analyzer", "g"), [pytest.param(a, g, id=n) for n, a, g in GATES])
def test_needles_are_words(analyzer: Analyzer, g: Gate) -> None:
    """Word needles hold letters, digits and underscores only: words never hold others."""
    for c in g:
        for group in c.groups:
            for needle in (*group.names, *group.parts, *group.folded):
                assert needle.replace(b"_", b"").isalnum(), needle
            for needle in group.ends:
                assert needle.endswith(b" ") and needle[:-1].replace(b"_", b"").isalnum()


# --- call needles: every call the parser sees is found, however it is written ---------------

# Between tokens: what the tokenizer skips on a line, and inside brackets more (newlines,
# comments).
_ON_LINE = st.sampled_from(["", " ", "  ", "\t", "\f", " \\\n "])
_IN_BRACKETS = st.sampled_from(["", " ", "\n", "\n    ", "  # a ## (comment\n", " \\\n"])


@st.composite
def _callee(draw: st.DrawFn, name: str, gap: st.SearchStrategy[str]) -> str:
    receiver = draw(st.sampled_from(["", "x.", "app.", "shortcuts.", "a.b."]))
    if receiver:
        receiver = receiver[:-1] + draw(gap) + "." + draw(gap)
    text = receiver + name
    for _ in range(draw(st.integers(0, 2))):
        text = f"({draw(_IN_BRACKETS)}{text}{draw(_IN_BRACKETS)})"
    return text


@st.composite
def _statement(draw: st.DrawFn, name: str) -> str:
    inside = draw(st.booleans())
    gap = _IN_BRACKETS if inside else _ON_LINE
    callee = draw(_callee(name, gap))
    call = f"{callee}{draw(gap)}({draw(st.sampled_from(['', 'r', 'r, 1']))})"
    return draw(
        st.sampled_from(
            [
                f"[{draw(_IN_BRACKETS)}{call}{draw(_IN_BRACKETS)}]\n" if inside else f"{call}\n",
                f"def {name}(self):\n    return 1\n",
                f"class {name}(Base):\n    pass\n",
                f"y = ({callee})\n" if inside else f"y = {name}\n",
                f"@{name}\ndef f(): pass\n",
                f"s = '{name}(x)'\n",
            ]
        )
    )


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["render", "run"]).flatmap(lambda n: st.lists(_statement(n), max_size=5)))
def test_call_needles_find_every_call(statements: list[str]) -> None:
    source = "".join(statements)
    tree = ast.parse(source)
    text_of = Source("app/x.py", source, outline(tree))
    for call in _calls(tree):
        func = call.func
        last_name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if last_name in ("render", "run"):
            assert text_of.opens(gate(called("render", "run"))), source
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "app"
            and func.attr == "run"
        ):
            assert text_of.opens(gate(method_called(["app"], ["run"]))), source


# --- many gates at once: the same answer as asking each ---------------------------------------

ALL_GATES = [g for _, _, g in GATES]
ANY_GATE = AnyGate(ALL_GATES)


def _needle_words() -> list[str]:
    found: set[str] = set()
    for g in ALL_GATES:
        for c in g:
            for group in c.groups:
                texts = (*group.names, *group.parts, *group.folded, *group.ends)
                found.update(t.decode().strip() for t in texts)
                found.update(group.modules | group.bases | set(group.base_ends))
    return sorted(found)


def _firm(c: Clue) -> bool:
    """A clue no outline can close: it asks for no module, no base, no absent import."""
    return not c.unless and not any(g.modules or g.bases or g.base_ends for g in c.groups)


def _firmly(source: Source) -> bool:
    return any(source.holds(c) for g in ALL_GATES for c in g if _firm(c))


def test_any_gate_is_each_gate_asked_over_the_corpus() -> None:
    checked = opened = firmly = 0
    for path, source in corpus():
        words = Source(path, source)
        expected = any(words.opens(g) for g in ALL_GATES)
        assert ANY_GATE.opens(Source(path, source)) is expected, path
        assert ANY_GATE.opens(Source(path, source), firmly=True) is _firmly(words), path
        checked += 1
        opened += expected
        firmly += _firmly(words)
    assert checked > 200 and 0 < firmly < opened < checked


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(_needle_words()) | st.sampled_from(["x", "Model", "app", "def", "#"]),
        max_size=8,
    ),
    st.lists(st.sampled_from([" ", ".", "(", ")\n", "_", "\n    ", ", "]), min_size=8, max_size=8),
    st.sampled_from(["app/x.py", "app/views.py", "app/models.py", "settings.py"]),
)
def test_any_gate_is_each_gate_asked(words: list[str], gaps: list[str], path: str) -> None:
    text = "".join(word + gap for word, gap in zip(words, gaps, strict=False))
    expected = any(Source(path, text).opens(g) for g in ALL_GATES)
    assert ANY_GATE.opens(Source(path, text)) is expected
    assert ANY_GATE.opens(Source(path, text), firmly=True) is _firmly(Source(path, text))


def test_any_gate_refuses_an_outlined_file() -> None:
    # With an outline, modules and bases are no longer words: the index would not hold.
    with pytest.raises(ValueError):
        ANY_GATE.opens(Source("app/x.py", "import os\n", outline(ast.parse("import os\n"))))
