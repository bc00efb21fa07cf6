"""What a project is, read from shapes every stack shares: model files named by convention,
endpoint modules a static build prerenders, pages a script of the project's own renders,
an HTTP client's calls that read like routes, socket events named by constants, a plugin's
header."""

from __future__ import annotations

import textwrap

import pytest

from conftest import RepoFactory
from stackcheck.facts import Evidence, Fact, Facts, manifests, merge
from stackcheck.facts.collect import collect
from stackcheck.facts.manifests.ecosystems import more
from stackcheck.facts.signals import derived, latency, php, realtime
from stackcheck.facts.signals.layout import model_name, project_layout
from stackcheck.facts.signals.model_names import name_categories
from stackcheck.source.discover import discover
from stackcheck.source.listing import RepoFile


def layout(*paths: str) -> dict[str, float]:
    return {f.key: f.value for f in project_layout([RepoFile(p, 10) for p in paths])}


# --- model files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "app/models/invoice.rb",
        "app/Models/Invoice.php",
        "src/main/java/com/acme/shop/entity/Invoice.java",
        "Shop.Web/Models/Invoice.cs",
        "internal/models/invoice.go",
        "src/invoices/invoice.entity.ts",
        "server/models/invoice.model.js",
    ],
)
def test_a_model_file_by_its_framework_s_convention(path: str) -> None:
    assert layout(path)["web.models"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "app/models/application_record.rb",
        "server/models/index.js",
        "client/src/models/invoice.ts",  # the shape of an API's answer, in the browser
        "frontend/src/user.model.ts",
        "src/models/invoice.d.ts",
        "spec/models/invoice_spec.rb",
        "shop/models.py",  # Python's models are read from the code
        "app/models/README.md",
    ],
)
def test_not_a_model_file(path: str) -> None:
    assert "web.models" not in layout(path)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("app/models/leave_request.rb", "leave_request"),
        ("src/ticket.entity.ts", "ticket"),
        ("Models/InvoiceEntity.cs", "Invoice"),
        ("app/Model/TaskModel.php", "Task"),
        ("app/Model/Model.php", "Model"),
    ],
)
def test_the_model_a_file_is_named_for(path: str, name: str) -> None:
    assert model_name(path) == name


def test_model_files_say_what_the_application_is_for() -> None:
    found = layout(
        "app/models/employee.rb",
        "app/models/department.rb",
        "app/models/leave_request.rb",
        "app/models/invoice.rb",
        "app/models/article.rb",
    )
    assert found["web.models"] == 5
    assert found["enterprise.models"] == 3
    assert found["fintech.money_models"] == 1
    assert found["cms.content_models"] == 1


def test_model_names_are_read_as_the_python_analyzers_read_classes() -> None:
    assert set(name_categories("LedgerEntry")) == {"fintech.money_models", "fintech.ledger_models"}
    assert set(name_categories("Subscription")) == {"fintech.money_models"}
    assert set(name_categories("FeePayment")) == {"fintech.money_models", "fintech.ledger_models"}
    assert set(name_categories("leave_request")) == {"enterprise.models", "enterprise.hr_models"}
    assert set(name_categories("Team")) == {"enterprise.models"}
    assert set(name_categories("Pet")) == set()

    # (project management's: a task, and the projects, boards and sprints that group tasks)
    task = {"enterprise.models", "enterprise.project_models", "enterprise.task_models"}
    assert set(name_categories("Task")) == task
    assert set(name_categories("TaskAssignment")) == task - {"enterprise.models"}
    assert set(name_categories("Board")) == {"enterprise.project_models"}
    assert set(name_categories("SprintBacklogItem")) == {"enterprise.project_models"}

    # (what editors write, by its whole name; a forum's or a report's post is no article)
    article = {"cms.content_models", "cms.article_models"}
    assert set(name_categories("BlogPost")) == article
    assert set(name_categories("news_article")) == article
    assert set(name_categories("posts")) == article
    assert set(name_categories("ForumPost")) == {"cms.content_models"}
    assert set(name_categories("PostReport")) == {"cms.content_models"}
    assert set(name_categories("Category")) == {"cms.content_models"}


# --- endpoints in a pages/ folder -------------------------------------------------------------

ENDPOINT = "export async function GET() {\n  return new Response(JSON.stringify(posts));\n}\n"


def test_an_app_router_route_handler_is_a_page_endpoint() -> None:
    """Next.js writes it to a file in a static export and serves it otherwise: which, the
    build config decides (derived.page_endpoints); a Pages API route is always served."""
    source = "export async function GET() {\n  return new Response(feed());\n}\n"
    assert set(merge(realtime.scan_js("src/app/rss.xml/route.ts", source))) == {
        "web.page_endpoints"
    }
    assert set(merge(realtime.scan_js("src/lib/route.ts", source))) == {"rt.http_handlers"}
    api = "export default function handler(req, res) {\n  res.json({});\n}\n"
    assert set(merge(realtime.scan_js("pages/api/user.ts", api))) == {"rt.http_handlers"}


def test_an_endpoint_module_in_pages_is_told_apart() -> None:
    found = merge(realtime.scan_js("src/pages/feed.json.js", ENDPOINT))
    assert set(found) == {"web.page_endpoints"}
    elsewhere = merge(realtime.scan_js("src/api/feed.js", ENDPOINT))
    assert set(elsewhere) == {"rt.http_handlers"}


@pytest.mark.parametrize(
    "opt_out",
    ["export const prerender = false;\n", "export const prerender: boolean = false\n"],
)
def test_an_endpoint_that_opts_out_of_prerendering_is_served(opt_out: str) -> None:
    """Astro serves such a module on demand whatever the build's output."""
    found = merge(realtime.scan_js("src/pages/hook.ts", opt_out + ENDPOINT))
    assert set(found) == {"rt.http_handlers"}
    kept = merge(
        realtime.scan_js("src/pages/hook.ts", "export const prerender = true;\n" + ENDPOINT)
    )
    assert set(kept) == {"web.page_endpoints"}


@pytest.mark.parametrize(
    ("config", "counted"),
    [
        pytest.param({}, 2.0, id="no-astro-config"),
        pytest.param({"ssg.astro": 1}, None, id="static-astro-prerenders"),
        pytest.param({"ssg.astro": 1, "ssg.astro.ssr": 1}, 2.0, id="server-rendered-astro"),
        pytest.param({"ssg.next_export": 1}, None, id="a-next-export-writes-them"),
        pytest.param({"web.next": 1}, 2.0, id="a-next-server-serves-them"),
    ],
)
def test_page_endpoints_count_unless_a_static_build_prerenders_them(
    config: dict[str, float], counted: float | None
) -> None:
    facts = Facts.from_values({"web.page_endpoints": 2, **config}).values
    found = {f.key: f.value for f in derived.page_endpoints(facts)}
    assert found.get("rt.http_handlers") == counted


def test_a_static_astro_blog_with_a_feed_endpoint_is_no_server(repo: RepoFactory) -> None:
    tree = repo(
        files={
            "astro.config.mjs": "import { defineConfig } from 'astro/config';\n"
            "export default defineConfig({ site: 'https://example.org' });\n",
            "src/pages/rss.xml.js": ENDPOINT,
            "src/pages/posts.json.js": ENDPOINT,
            "src/pages/index.astro": "---\n---\n<h1>Blog</h1>\n",
        }
    )
    values = collect(discover(tree)).values
    assert "rt.http_handlers" not in values
    assert values["web.page_endpoints"].value == 2


# --- an HTTP client's calls ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        'const res = await api.post("/login", form);\n',
        'export const signOut = (token) =>\n  api.post(\n    "/signout", {}\n  );\n',
        'function load() {\n  return api.get("/user/profiles", { headers });\n}\n',
        'Promise.all([api.get("/a", opts), api.get("/b", opts)]);\n',
    ],
)
def test_a_client_call_whose_answer_is_used_is_no_route(source: str) -> None:
    assert "rt.http_handlers" not in merge(realtime.scan_js("src/services/api.js", source))


def test_a_route_registered_by_a_statement_is_one() -> None:
    source = 'const api = express.Router();\napi.post("/login", (req, res) => res.json({}));\n'
    assert merge(realtime.scan_js("server/routes.js", source))["rt.http_handlers"].value == 1


def test_a_component_that_imports_react_calls_its_api() -> None:
    source = textwrap.dedent(
        """
        import { useState } from "react";
        import api from "../services/api";
        function Signup() {
          const submit = () => { api.post("/register", { name }); };
          return null;
        }
        """
    )
    assert "rt.http_handlers" not in merge(realtime.scan_js("src/features/Signup.js", source))


# --- socket events named by constants -----------------------------------------------------------


def test_socket_events_named_by_constants() -> None:
    source = textwrap.dedent(
        """
        import { Server } from "socket.io";
        const io = new Server(httpServer);
        io.on(EventTypes.CONNECT, (socket) => {
          socket.on(EventTypes.NEW_USER, (msg) => io.emit(EventTypes.SYNC_USERS, msg));
          socket.on(JOIN_ROOM, ({ roomId }) => socket.join(roomId));
          socket.on("typing", () => {});
        });
        """
    )
    found = merge(realtime.scan_js("src/app.ts", source))
    assert found["rt.ws_handlers"].value == 4  # the connection and three events


def test_a_lowercase_variable_is_no_event_name() -> None:
    source = 'import { Server } from "socket.io";\nsocket.on(handler, f);\n'
    assert "rt.ws_handlers" not in merge(realtime.scan_js("src/app.ts", source))


# --- a site built by a script of its own --------------------------------------------------------

SITE_SCRIPT = {
    "py.import.jinja2": 1,
    "py.import.markdown": 1,
    "django.templates": 4,
    "py.dep.jinja2": 1,
}


@pytest.mark.parametrize(
    ("extra", "found"),
    [
        pytest.param({}, True, id="templates-rendered-by-a-script"),
        pytest.param({"py.import.flask": 1}, False, id="a-flask-app-renders-them"),
        pytest.param({"rt.http_handlers": 3}, False, id="handlers-serve-requests"),
        pytest.param({"deploy.cmd.gunicorn": 1}, False, id="deployed-as-a-server"),
        pytest.param({"django.manage_py": 1}, False, id="a-django-project"),
        pytest.param(
            {"deploy.cmd.nginx": 1, "deploy.static_server": 1}, True, id="nginx-serves-the-files"
        ),
        pytest.param(
            {"deploy.cmd.nginx": 1, "deploy.reverse_proxy": 1}, False, id="nginx-proxies-an-app"
        ),
    ],
)
def test_a_site_script(extra: dict[str, float], found: bool) -> None:
    facts = Facts.from_values({**SITE_SCRIPT, **extra}).values
    assert bool(list(derived.site_script(facts))) is found


@pytest.mark.parametrize(
    ("extra", "found"),
    [
        pytest.param({"deploy.pages": 1}, True, id="its-pages-published-to-github-pages"),
        pytest.param({}, False, id="a-tool-s-report-templates"),
        pytest.param({"deploy.pages": 1, "py.import.flask": 1}, False, id="a-flask-app"),
    ],
)
def test_a_renderer_named_only_in_the_requirements(extra: dict[str, float], found: bool) -> None:
    """The scripts that import Jinja are kept apart from the product (`scripts/`): the
    requirements name it, and a workflow publishes what they write."""
    facts = Facts.from_values({"py.dep.jinja2": 1, "django.templates": 18, **extra}).values
    assert bool(list(derived.site_script(facts))) is found


def test_staticjinja_renders_a_site() -> None:
    facts = Facts.from_values({"py.import.staticjinja": 1, "django.templates": 5}).values
    assert [f.key for f in derived.site_script(facts)] == ["static.site_script"]


def test_a_site_script_needs_pages() -> None:
    facts = Facts.from_values({"py.import.jinja2": 1}).values
    assert list(derived.site_script(facts)) == []


PAGE_AND_SCRIPT = {"static.html_pages": 1, "static.client_js": 1, "repo.code_files": 1}


@pytest.mark.parametrize(
    ("extra", "found"),
    [
        pytest.param({}, True, id="a-page-and-its-browser-script"),
        pytest.param({"repo.code_files": 2}, False, id="another-script-that-is-no-page-s"),
        pytest.param(
            {"repo.code_files": 23, "static.page_scripts": 23},
            True,
            id="the-page-loads-every-script-though-few-touch-it",
        ),
        pytest.param(
            {"repo.code_files": 23, "static.page_scripts": 5},
            False,
            id="the-page-loads-a-few-of-many-scripts",
        ),
        pytest.param({"rt.listen": 1}, False, id="a-server-listens"),
        pytest.param({"content.bytes.server": 300}, False, id="server-code"),
        pytest.param({"npm.dep.electron": 1}, False, id="a-desktop-app-s-window"),
    ],
)
def test_pages_whose_scripts_only_run_in_the_browser(extra: dict[str, float], found: bool) -> None:
    facts = Facts.from_values({**PAGE_AND_SCRIPT, **extra}).values
    assert bool(list(derived.browser_scripts(facts))) is found


def _with_places(values: dict[str, tuple[str, ...]]) -> dict[str, Fact]:
    return {
        key: Fact(key, float(len(paths)), tuple(Evidence(p, 1, key) for p in paths))
        for key, paths in values.items()
    }


@pytest.mark.parametrize(
    ("listening", "found"),
    [
        pytest.param(("serve.py",), True, id="the-file-server-listens"),
        pytest.param(("serve.py", "api.py"), False, id="another-file-listens-too"),
    ],
)
def test_a_preview_file_server_beside_browser_scripts_is_a_static_host(
    listening: tuple[str, ...], found: bool
) -> None:
    facts = {
        **Facts.from_values({**PAGE_AND_SCRIPT, "repo.code_files": 2}).values,
        **Facts.from_values({"content.bytes.server": 300, "web.file_server": 1}).values,
        **_with_places({"rt.file_routes": ("serve.py",), "rt.listen": listening}),
    }
    assert bool(list(derived.browser_scripts(facts))) is found
    del facts["web.file_server"]
    assert list(derived.browser_scripts(facts)) == []


@pytest.mark.parametrize(
    ("values", "found"),
    [
        pytest.param({"dotnet.sdk.microsoft.net.sdk.blazorwebassembly": 1}, True, id="blazor-wasm"),
        pytest.param({"cargo.dep.yew": 1, "rt.listen": 1}, True, id="yew"),
        pytest.param(
            {
                "dotnet.sdk.microsoft.net.sdk.blazorwebassembly": 1,
                "dotnet.sdk.microsoft.net.sdk.web": 1,
            },
            False,
            id="a-hosted-blazor-app-has-its-server",
        ),
        pytest.param({"cargo.dep.yew": 1, "cargo.dep.axum": 1}, False, id="yew-served-by-axum"),
        pytest.param({"cargo.dep.yew": 1, "rt.http_handlers": 2}, False, id="routes-of-its-own"),
    ],
)
def test_a_front_end_compiled_to_webassembly(values: dict[str, float], found: bool) -> None:
    made = [f.key for f in derived.wasm_app(Facts.from_values(values).values)]
    assert made == (["web.wasm_app", "web.browser_app"] if found else [])


@pytest.mark.parametrize(
    ("values", "found"),
    [
        pytest.param({"npm.dep.next": 1}, True, id="next-with-no-config-file"),
        pytest.param({"npm.dep.next": 1, "web.next": 1}, False, id="its-config-said-so"),
        pytest.param({"npm.dep.next": 1, "ssg.next_export": 1}, False, id="a-static-export"),
        pytest.param({"npm.dep.react": 1}, False, id="no-next"),
    ],
)
def test_a_next_app_needs_no_config_file(values: dict[str, float], found: bool) -> None:
    made = [f.key for f in derived.next_app(Facts.from_values(values).values)]
    assert made == (["web.next"] if found else [])


def test_a_non_django_manage_py_starts_nothing(repo: RepoFactory) -> None:
    tree = repo(
        files={
            "manage.py": "import sys\nimport utils\n\nif sys.argv[1] == 'build':\n"
            "    utils.build()\n",
            "utils.py": "from jinja2 import Environment, FileSystemLoader\n\n"
            "def build():\n    Environment(loader=FileSystemLoader('templates'))\n",
            "templates/base.html": "<html>{% block body %}{% endblock %}</html>\n",
        }
    )
    values = collect(discover(tree)).values
    assert "server.entry" not in values
    assert "static.site_script" in values


# --- an order book kept as sorted lists ---------------------------------------------------------


def test_an_order_book_kept_as_sorted_lists() -> None:
    source = textwrap.dedent(
        """
        class Book:
            def snapshot(self, data):
                self.bids = sorted(data["bids"], reverse=True)
                self.asks = sorted(data["asks"])
        """
    )
    found = merge(latency.scan_source("bot.py", source))
    assert "hft.order_book" in found


def test_a_fix_message_read_by_its_tag_numbers() -> None:
    source = (
        "void on_message(Msg& fixMsg) {\n  auto type = fixMsg[35];\n  auto from = fixMsg[49];\n}\n"
    )
    assert "hft.feed_handler" in merge(latency.scan_source("src/session.cpp", source))
    other = "void f(int* keys) {\n  auto one = keys[49];\n}\n"
    assert "hft.feed_handler" not in merge(latency.scan_source("src/input.cpp", other))


def test_a_backtester_that_matches_orders() -> None:
    body = "        for price, qty in self.bids:\n            fill(order, price, qty)\n"
    source = f"class Market:\n    def _simulate_agent_order_matching(self, order):\n{body}"
    assert "hft.matching_engine" in merge(latency.scan_source("market/market.py", source))
    doc = '    """Order matching, in a docstring."""\n'
    prose = f"class Market:\n{doc}    def step(self, order):\n{body}"
    assert "hft.matching_engine" not in merge(latency.scan_source("market/market.py", prose))


# --- a WordPress plugin's header ----------------------------------------------------------------

PLUGIN = "<?php\n/**\n * Plugin Name: Slides\n * Version: 1.0\n */\nadd_action('init', 'f');\n"


@pytest.mark.parametrize(
    ("path", "found"),
    [
        pytest.param("slides.php", True, id="at-the-root"),
        pytest.param("slides/slides.php", True, id="one-folder-down"),
        pytest.param("wp-content/plugins/slides/slides.php", False, id="inside-a-whole-site"),
    ],
)
def test_a_wordpress_plugin_header(path: str, found: bool) -> None:
    facts = merge(php.scan_php(path, PLUGIN))
    assert ("php.wordpress_plugin" in facts) is found
    if found:
        assert facts["php.wordpress_plugin"].evidence[0].line == 3


# --- WebSocket servers in C and C++ -----------------------------------------------------------

LIBWEBSOCKETS = """\
#include <libwebsockets.h>

static int callback_bridge(struct lws *wsi, enum lws_callback_reasons reason,
                           void *user, void *in, size_t len) {
    switch (reason) {
    case LWS_CALLBACK_ESTABLISHED:
        subscribe(wsi);
        break;
    case LWS_CALLBACK_RECEIVE:
        publish(in, len);  /* case LWS_CALLBACK_CLOSED: in a comment */
        break;
    case LWS_CALLBACK_CLIENT_RECEIVE:
        break;
    default:
        break;
    }
    return 0;
}

int main(void) {
    struct lws_context *context = lws_create_context(&info);
}
"""


def test_a_libwebsockets_server() -> None:
    found = merge(realtime.scan_native("src/bridge.c", LIBWEBSOCKETS))
    assert found["rt.ws_handlers"].value == 2  # not the client's case, not the comment
    assert found["rt.listen"].value == 1
    assert found["rt.ws_handlers"].evidence[0].line == 6


@pytest.mark.parametrize(
    ("source", "key"),
    [
        pytest.param(
            "void fn(struct mg_connection *c, int ev, void *d) {\n"
            "  if (ev == MG_EV_WS_MSG) mg_ws_send(c, d, 1, WEBSOCKET_OP_TEXT);\n}\n",
            "rt.ws_handlers",
            id="mongoose",
        ),
        pytest.param(
            'CROW_WEBSOCKET_ROUTE(app, "/ws").onmessage([](auto& c, auto& d, bool b) {});\n',
            "rt.ws_handlers",
            id="crow",
        ),
        pytest.param(
            'app.ws<PerSocketData>("/*", {.message = on_message}).listen(9001, cb);\n',
            "rt.ws_handlers",
            id="uwebsockets",
        ),
        pytest.param(
            'CROW_ROUTE(app, "/health")([] { return "ok"; });\n',
            "rt.http_handlers",
            id="crow-route",
        ),
    ],
)
def test_native_websocket_libraries(source: str, key: str) -> None:
    assert key in merge(realtime.scan_native("src/server.cpp", source))


def test_a_plain_c_program_has_no_handlers() -> None:
    source = "int main(void) {\n  switch (x) { case 1: break; }\n  return 0;\n}\n"
    assert merge(realtime.scan_native("src/main.c", source)) == {}


# --- smaller server ecosystems: routes files, Meteor, Perl, Erlang, servlets ---------------------


def test_a_play_routes_file_declares_its_handlers() -> None:
    text = "# Routes\nGET  /  controllers.Home.index()\nPOST /posts controllers.Posts.create\n"
    parsed = more.parse_play_routes("conf/routes", text)
    found = merge(parsed.facts)
    assert found["web.routes_file"].value == 2
    assert found["rt.http_handlers"].evidence[0].line == 2


def test_a_play_route_to_the_assets_controller_sends_files() -> None:
    text = (
        'GET  /assets/*file  controllers.Assets.versioned(path="/public", file: Asset)\n'
        "GET  /chat/:room    controllers.Chat.start(room)\n"
    )
    found = merge(more.parse_play_routes("conf/routes", text).facts)
    assert found["web.routes_file"].value == 2
    assert found["rt.file_routes"].value == 1
    assert found["rt.http_handlers"].value == 1
    assert found["rt.http_handlers"].evidence[0].line == 2


def test_a_play_route_that_mounts_a_socket_is_no_http_handler() -> None:
    """Play declares a WebSocket as a GET route; the action's `WebSocket.accept` is the
    handler, counted where it is written."""
    text = (
        "GET  /            controllers.HomeController.index()\n"
        "GET  /chatSocket  controllers.ChatController.socket\n"
        "GET  /ws/:room    controllers.Rooms.join(room)\n"
    )
    found = merge(more.parse_play_routes("conf/routes", text).facts)
    assert found["web.routes_file"].value == 3
    assert found["rt.http_handlers"].value == 1


def test_a_yesod_routes_file() -> None:
    text = "/static StaticR Static appStatic\n/ HomeR GET\n/scores/#ScoreId ScoreR GET PUT\n"
    assert merge(more.parse_yesod_routes("config/routes", text).facts)["web.routes_file"].value == 3


def test_meteor_packages() -> None:
    parsed = more.parse_meteor_packages(".meteor/packages", "# comment\nmeteor-base@1.4\nmongo\n")
    assert set(merge(parsed.facts)) == {
        "manifest.meteor-packages",
        "meteor.app",
        "meteor.package.meteor-base",
        "meteor.package.mongo",
    }


def test_a_cpanfile() -> None:
    text = "requires 'Mojolicious', '9.0';\non 'test' => sub {\n  requires 'Test::More';\n};\n"
    assert set(merge(more.parse_cpanfile("cpanfile", text).facts)) == {
        "manifest.cpanfile",
        "cpan.dep.mojolicious",
        "cpan.devdep.test-more",
    }


def test_a_rebar_config_s_dependencies() -> None:
    text = (
        '{deps, [\n  {cowboy, "2.9.0"},\n  jsx,\n'
        '  {epgsql, {git, "https://example.org/epgsql.git", {tag, "4.6.0"}}}\n]}.\n'
        '{profiles, [{test, [{deps, [{meck, "0.9.2"}]}]}]}.\n'
    )
    assert set(merge(more.parse_rebar_config("rebar.config", text).facts)) == {
        "manifest.rebar-config",
        "rebar.dep.cowboy",
        "rebar.dep.jsx",
        "rebar.dep.epgsql",
        "rebar.devdep.meck",
    }


@pytest.mark.parametrize(
    ("path", "parser"),
    [
        ("conf/routes", "parse_play_routes"),
        ("app/conf/routes", "parse_play_routes"),
        ("config/routes", "parse_yesod_routes"),
        ("config/routes.yesodroutes", "parse_yesod_routes"),
        (".meteor/packages", "parse_meteor_packages"),
        ("cpanfile", "parse_cpanfile"),
        ("rebar.config", "parse_rebar_config"),
    ],
)
def test_the_small_ecosystems_are_registered(path: str, parser: str) -> None:
    assert manifests.parser_for(path) is getattr(more, parser)


def test_config_routes_rb_is_rails_not_yesod() -> None:
    assert manifests.parser_for("config/routes.rb") is None


ERLANG_HUB = """\
-module(ws_handler).
-behaviour(cowboy_websocket).
%% websocket_handle(ignored, in, a, comment) ->
init(Req, State) ->
    {cowboy_websocket, Req, State}.
websocket_init(State) ->
    {ok, State}.
websocket_handle({text, Msg}, State) ->
    {reply, {text, Msg}, State};
websocket_handle(_Frame, State) ->
    {ok, State}.
"""


def test_cowboy_websocket_callbacks_count_once_however_many_clauses() -> None:
    """websocket_init and websocket_handle: two callbacks, the second written as two
    clauses (the commented-out one is not code)."""
    found = merge(realtime.scan_erlang("src/ws_handler.erl", ERLANG_HUB))
    assert found["rt.ws_handlers"].value == 2
    assert [e.line for e in found["rt.ws_handlers"].evidence] == [6, 8]


ERLANG_ROUTER = """\
-module(api_router).
routes() ->
    cowboy_router:compile([{'_', [
        {"/api/devices/[:id]", device_handler, []},
        {"/api/gateways/[:mac]", db_record, [gateways]},
        {"/ws", feed_handler, []},
        {"/[...]", cowboy_static, {priv_dir, app, "www"}}
    ]}]).
"""


def test_a_cowboy_router_s_routes_are_http_handlers() -> None:
    """...but for the socket's mount (`/ws`), whose callbacks are the handlers, and
    cowboy_static's files."""
    found = merge(realtime.scan_erlang("src/api_router.erl", ERLANG_ROUTER))
    assert found["rt.http_handlers"].value == 2
    assert found["rt.file_routes"].value == 1
    assert found["rt.http_handlers"].evidence[0].detail.startswith('route {"/api/devices/[:id]"')
    elsewhere = merge(
        realtime.scan_erlang(
            "src/x.erl", ERLANG_ROUTER.replace("cowboy_router:compile", "lists:flatten")
        )
    )
    assert "rt.http_handlers" not in elsewhere


def test_a_servlet_s_request_methods() -> None:
    source = textwrap.dedent(
        """
        @WebServlet(urlPatterns = {"/admin/users"})
        public class UserController extends HttpServlet {
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {}
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) {}
        }
        """
    )
    found = merge(realtime.scan_java("src/main/java/controller/UserController.java", source))
    assert found["rt.http_handlers"].value == 3


def test_a_frozen_flask_app_is_built_to_files() -> None:
    facts = Facts.from_values({"py.import.flask_frozen": 1, "flask.routes": 3}).values
    assert [f.key for f in derived.frozen_app(facts)] == ["static.frozen_app"]
    assert list(derived.frozen_app(Facts.from_values({"flask.routes": 3}).values)) == []


@pytest.mark.parametrize(("http", "wired"), [(0, 1.0), (5, 1.0)])
def test_fastapi_websocket_routes_are_wired_by_their_decorator(http: int, wired: float) -> None:
    values: dict[str, float] = {"fastapi.websocket_routes": 1}
    if http:
        values["fastapi.routes"] = http
    facts = Facts.from_values(values).values
    found = {f.key: f.value for f in derived.realtime_summary(facts)}
    assert found["rt.ws_wired"] == wired
    assert found["rt.share"] == (1.0 if not http else round(1 / (1 + http), 3))


def test_middleman_is_known_by_its_gem() -> None:
    facts = Facts.from_values({"gem.dep.middleman": 1, "gem.dep.middleman-blog": 1}).values
    assert [f.key for f in derived.gem_generators(facts)] == ["ssg.middleman"]
    assert list(derived.gem_generators(Facts.from_values({"gem.dep.rails": 1}).values)) == []
    jigsaw = Facts.from_values({"composer.dep.tightenco/jigsaw": 1}).values
    assert [f.key for f in derived.gem_generators(jigsaw)] == ["ssg.jigsaw"]
    serum = Facts.from_values({"mix.dep.serum": 1, "mix.dep.serum_theme_essence": 1}).values
    assert [f.key for f in derived.gem_generators(serum)] == ["ssg.serum"]


@pytest.mark.parametrize(
    ("extra", "found"),
    [
        pytest.param({"deploy.static_host": 1}, True, id="published-by-a-static-host"),
        pytest.param({}, True, id="no-route-of-its-own"),
        pytest.param({"deploy.procfile.web": 1}, False, id="started-by-a-procfile"),
        pytest.param(
            {"deploy.static_host": 1, "rt.http_handlers": 3}, False, id="routes-of-its-own"
        ),
        pytest.param(
            {"deploy.static_host": 1, "deploy.cmd.puma": 1}, False, id="deployed-as-a-server"
        ),
    ],
)
def test_a_ruby_site_generator_s_rack_file_previews_the_pages(
    extra: dict[str, float], found: bool
) -> None:
    rack = (Evidence("config.ru", 6, "run RodaApp.freeze.app"),)
    facts = dict(Facts.from_values({"ssg.bridgetown": 1, **extra}).values)
    facts["server.entry"] = Fact("server.entry", 1, (Evidence("config.ru", None, "Rack"),))
    facts["rt.listen"] = Fact("rt.listen", 1, rack)
    keys = [f.key for f in derived.preview_server(facts)]
    assert keys == (["static.preview_server"] if found else [])


def _summary(routes: tuple[Evidence, ...], sockets: int) -> dict[str, float]:
    """realtime_summary over these HTTP routes and `sockets` socket handlers."""
    facts = {"rt.http_handlers": Fact("rt.http_handlers", len(routes), routes)}
    if sockets:
        upgrade = (Evidence("ws.go", 9, "upgrade"),)
        facts["rt.ws_handlers"] = Fact("rt.ws_handlers", sockets, upgrade)
    return {f.key: f.value for f in derived.realtime_summary(facts)}


def test_health_and_push_routes_do_not_make_a_socket_server_a_web_app() -> None:
    """The rubric's pure real-time product has HTTP routes that "only serve a home page,
    health checks or push messages into sockets": those routes are the connection's."""
    routes = (
        Evidence("route.go", 6, 'router.GET("/get/token", GetToken)'),
        Evidence("route.go", 7, 'router.GET("/heartbeat", HeartBeatHandle)'),
        Evidence("route.go", 8, 'router.POST("/push/new/score/message", PushNewScoreMessage)'),
    )
    found = _summary(routes, sockets=2)
    assert found["rt.share"] == 0.75  # 2 socket handlers and the push route, against the token
    # With no socket handler at all, every route is an HTTP route.
    alone = _summary(routes, sockets=0)
    assert "rt.share" not in alone or alone["rt.share"] == 0.0


def test_debugging_and_internal_routes_serve_no_one_s_work() -> None:
    routes = (
        Evidence(
            "src/index.ts", 9, 'url.pathname === "/debug/ws-recent" && request.method === "GET"'
        ),
        Evidence(
            "src/room.ts", 4, 'url.pathname === "/__internal/edge" && request.method === "POST"'
        ),
        Evidence(
            "src/index.ts", 12, 'url.pathname === "/token/issue" && request.method === "POST"'
        ),
        Evidence("src/index.ts", 15, 'app.get("/debugger-notes", ...)'),
    )
    found = _summary(routes, sockets=2)
    assert found["rt.share"] == 0.5  # the two sockets against the token and the notes routes


def test_a_go_1_22_route_s_method_does_not_hide_its_path() -> None:
    """`mux.HandleFunc("GET /healthz", ...)` is a health route, its method written first."""
    routes = (
        Evidence("cmd.go", 65, 'r.HandleFunc("GET /healthz", ...)'),
        Evidence("cmd.go", 66, 'r.HandleFunc("GET /readyz", ...)'),
        Evidence("cmd.go", 67, 'r.HandleFunc("POST /v1/publish", ...)'),
        Evidence("cmd.go", 68, 'r.HandleFunc("GET /v1/apps", ...)'),
    )
    found = _summary(routes, sockets=1)
    assert found["rt.share"] == round(2 / 3, 3)  # the socket and the publish route, to /v1/apps


def test_the_socket_s_door_and_home_page_are_the_connection_s() -> None:
    """A price broadcaster's home page that opens the socket, the route that upgrades to it
    and a server's own status or version are no application's work beside the sockets."""
    routes = (
        Evidence("main.py", 120, '@app.get("/") def serve_index'),
        Evidence("main.py", 126, '@app.get("/price") def get_latest_price'),
        Evidence("Controllers/WebSocketController.cs", 12, '[HttpGet("/ws")]'),
        Evidence("http/handler.go", 33, 'r.GET("/_version", ...)'),
        Evidence("http/handler.go", 34, 'r.GET("/status", ...)'),
    )
    found = _summary(routes, sockets=1)
    assert found["rt.share"] == 0.5  # the socket against the price snapshot
    assert found["rt.handlers_total"] == 2
    # An order's status and a second page are an application's routes.
    pages = (
        Evidence("app.go", 3, 'r.GET("/status/{order}", ...)'),
        Evidence("app.go", 4, 'r.GET("/", ...)'),
        Evidence("app.go", 5, 'r.GET("/about", ...)'),
    )
    assert _summary(pages, sockets=1)["rt.share"] == round(1 / 3, 3)  # (one home page only)
    # A blueprint's `/` lists its items under the blueprint's prefix: no home page.
    listing = (
        Evidence("video/__init__.py", 62, "@api.route('/', methods=['GET'])"),
        Evidence("video/__init__.py", 95, "@api.route('/download', methods=['GET'])"),
    )
    assert _summary(listing, sockets=2)["rt.share"] == 0.5
    # Nor is a `/` whose function the evidence names for other work than a page.
    search = (Evidence("app.py", 7, '@app.route("/") def search'),)
    assert _summary(search, sockets=1)["rt.share"] == 0.5
    index = (Evidence("app.py", 7, '@app.route("/") def index'),)
    assert _summary(index, sockets=1)["rt.share"] == 1.0


def test_the_runtime_s_profiler_serves_no_one_s_work() -> None:
    """Go's pprof handlers mounted under a prefix (`s.HandleFunc("/profile", pprof.Profile)`)
    are the process's, as its health routes are."""
    routes = (
        Evidence(
            "server/backend.go",
            5,
            's.HandleFunc("/profile", ...) (the runtime\'s profiler or metrics)',
        ),
        Evidence(
            "server/backend.go",
            6,
            's.HandleFunc("/trace", ...) (the runtime\'s profiler or metrics)',
        ),
        Evidence("server/backend.go", 8, 'r.HandleFunc("/room/{roomid}", ...)'),
    )
    assert _summary(routes, sockets=1)["rt.share"] == 0.5


def test_attribute_routes_without_their_first_slash_are_read_alike() -> None:
    """ASP.NET's `[HttpPost("login")]` signs a user in as `/login` does; a topic published
    to (`/pub/{topic}`) is a push into the sockets."""
    routes = (
        Evidence("Controllers/AuthenticationController.cs", 31, '[HttpPost("register-account")]'),
        Evidence("Controllers/AuthenticationController.cs", 52, '[HttpPost("login")]'),
        Evidence("http/handler.go", 31, 'r.POST("/pub/{topic}", ...)'),
        Evidence("Controllers/GamesController.cs", 20, '[HttpGet("games/{id}")]'),
    )
    found = _summary(routes, sockets=2)
    assert found["rt.share"] == 0.75  # two sockets and the push, against the games route


def _routes(*paths: str) -> Facts:
    evidence = tuple(Evidence("app.py", n, f'Route("{p}", ...)') for n, p in enumerate(paths))
    return Facts({"py.routes": Fact("py.routes", len(paths), evidence)})


@pytest.mark.parametrize(
    ("paths", "count"),
    [
        pytest.param(("/bot", "/healthcheck"), None, id="a-bot-s-webhook-and-health"),
        pytest.param(("/hook", "/show-fsm"), 1, id="a-bot-s-hook-and-a-page-of-its-own"),
        pytest.param(("/hooks-admin", "/hookah/menu"), 2, id="words-that-begin-with-hook"),
        pytest.param(("/webhook", "/metrics", "/submit"), 1, id="one-route-of-its-own"),
        pytest.param(("/api/orders", "/api/users", "/ping"), 2, id="an-api"),
        pytest.param(("/robots.txt", "/bottles"), 2, id="words-that-only-begin-alike"),
        pytest.param(
            ("/patreon/webhook", "/api/stripe/webhooks", "/patreon/pledges"),
            1,
            id="another-service-s-webhooks",
        ),
        pytest.param(("/callback",), None, id="a-tool-s-sign-in-loopback"),
        pytest.param(
            ("/auth/spotify/callback", "/oauth2callback", "/playlists"),
            1,
            id="sign-in-providers-redirects",
        ),
        pytest.param(("/callbacks/retry", "/payment-callbacks"), 2, id="pages-about-callbacks"),
        pytest.param(("/webhooks-admin/rules", "/orders/webhook-log"), 2, id="pages-about-hooks"),
    ],
)
def test_the_routes_that_do_an_application_s_work(
    paths: tuple[str, ...], count: int | None
) -> None:
    found = [f.value for f in derived.app_routes(_routes(*paths).values)]
    assert found == ([] if count is None else [count])


def test_an_erlang_tcp_server_whose_modules_keep_its_channels_is_a_hub(repo: RepoFactory) -> None:
    """An IRC daemon: its listener module accepts and reads; the channels its users join are
    kept in another module."""
    from stackcheck.facts.collect import collect
    from stackcheck.source.discover import discover

    root = repo(
        files={
            "rebar.config": "{deps, []}.\n",
            "src/irc_server.erl": (
                "-module(irc_server).\nstart(Port) ->\n"
                "    {ok, L} = gen_tcp:listen(Port, [binary, {active, false}]),\n    loop(L).\n"
                "loop(L) ->\n    {ok, S} = gen_tcp:accept(L),\n    spawn(fun() -> serve(S) end),\n"
                "    loop(L).\nserve(S) ->\n    {ok, Line} = gen_tcp:recv(S, 0),\n"
                "    irc_router:route(Line), serve(S).\n"
            ),
            "src/irc_router.erl": (
                "-module(irc_router).\nroute(Line) -> broadcast(channel_of(Line), Line).\n"
                "broadcast(Channel, Line) -> [send(C, Line) || C <- clients(Channel)].\n"
            ),
        }
    )
    facts = collect(discover(root))
    assert facts.value("rt.tcp_serve") == 2
    assert facts.value("rt.ws_handlers") == 2
    assert facts.value("rt.share") == 1.0


# --- a monorepo's shared packages -------------------------------------------------------------


def _facts(**found: tuple[str, ...]) -> dict[str, Fact]:
    return {
        key.replace("_", ".", 1): Fact(
            key.replace("_", ".", 1), len(paths), tuple(Evidence(p, 1, "x") for p in paths)
        )
        for key, paths in found.items()
    }


@pytest.mark.parametrize(
    ("entries", "served", "shared"),
    [
        (("packages/core/package.json",), ("apps/server/src/routes.ts",), True),
        (("libs/ui/package.json", "packages/api/package.json"), ("services/api/app.js",), True),
        (("package.json",), ("apps/server/src/routes.ts",), False),  # the root publishes
        (("packages/core/package.json",), ("examples/server.js",), False),  # no app serves
        (("packages/core/package.json",), (), False),
    ],
)
def test_packages_a_monorepo_s_server_app_shares(
    entries: tuple[str, ...], served: tuple[str, ...], shared: bool
) -> None:
    found = _facts(npm_library_entry=entries)
    if served:
        found.update(_facts(rt_http_handlers=served))
    keys = {f.key for f in derived.workspace_packages(found)}
    assert ("npm.workspace_packages" in keys) is shared


@pytest.mark.parametrize(
    ("path", "found"),
    [
        ("autoconfigure/src/main/resources/META-INF/spring.factories", True),
        ("src/main/resources/META-INF/spring/x.AutoConfiguration.imports", True),
        ("src/main/resources/spring.factories", False),  # not where Spring Boot looks
    ],
)
def test_a_spring_boot_starter_s_auto_configuration(path: str, found: bool) -> None:
    assert ("java.autoconfiguration" in layout(path)) is found


@pytest.mark.parametrize(
    ("listening", "found"),
    [
        pytest.param(("app.go",), True, id="only-a-file-server-listens"),
        pytest.param(("app.go", "api/main.go"), False, id="another-server-listens"),
    ],
)
def test_a_vue_front_end_served_by_a_go_file_server(
    listening: tuple[str, ...], found: bool
) -> None:
    """Components compiled in the browser (http-vue-loader), and a Go `http.FileServer` on
    the folder: what a static host would serve."""
    facts = {
        **Facts.from_values(
            {
                "npm.dep.vue": 1,
                "npm.dep.http-vue-loader": 1,
                "static.html_pages": 1,
                "content.bytes.server": 214,
                "content.share.server": 0.04,
                "web.file_server": 1,
            }
        ).values,
        **_with_places({"rt.file_routes": ("app.go",), "rt.listen": listening}),
    }
    assert bool(list(derived.browser_app(facts))) is found
