"""Real-time share: socket handlers against HTTP handlers, wiring, and the decoy repos."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import RepoFactory
from stackcheck.facts import Evidence, Fact, Facts, merge
from stackcheck.facts.collect import collect
from stackcheck.facts.signals import derived, realtime
from stackcheck.source.discover import discover

COUNTED = (
    "rt.ws_handlers", "rt.http_handlers", "rt.listen", "rt.socket_client", "rt.live_broadcasts",
)  # fmt: skip
SCANNERS = {
    ".js": realtime.scan_js,
    ".mjs": realtime.scan_js,
    ".ts": realtime.scan_js,
    ".tsx": realtime.scan_js,
    ".go": realtime.scan_go,
    ".ex": realtime.scan_elixir,
    ".exs": realtime.scan_elixir,
    ".cs": realtime.scan_csharp,
    ".rb": realtime.scan_ruby,
    ".ru": realtime.scan_ruby,
    ".java": realtime.scan_java,
    ".kt": realtime.scan_java,
    ".rs": realtime.scan_rust,
    ".coffee": realtime.scan_coffee,
    ".pl": realtime.scan_perl,
    ".cpp": realtime.scan_native,
    ".R": realtime.scan_r,
    ".pm": realtime.scan_perl,
    ".psgi": realtime.scan_perl,
    ".cgi": realtime.scan_perl,
    ".cr": realtime.scan_crystal,
    ".hs": realtime.scan_haskell,
    ".dart": realtime.scan_dart,
    ".scala": realtime.scan_scala,
    ".lua": realtime.scan_lua,
}


def scan(path: str, source: str) -> dict[str, Fact]:
    scanner = SCANNERS["." + path.rsplit(".", 1)[-1]]
    return merge(scanner(path, textwrap.dedent(source)))


def counts(path: str, source: str) -> dict[str, float]:
    return {k: f.value for k, f in scan(path, source).items() if k in COUNTED}


NOTHING = [
    pytest.param("src/util.js", "export const add = (a, b) => a + b;\n", id="js-plain-module"),
    pytest.param(
        "scripts/smoke.js",
        "const express = require('express');\nrequest(app).get('/users').expect(200);\n",
        id="js-a-request-chained-on-a-call-names-no-handler",
    ),
    pytest.param(
        "server.js",
        """
        // io.on("connection", (socket) => { socket.on("join", f) });
        /* app.get("/users", list); server.listen(3000); */
        """,
        id="js-handlers-in-comments",
    ),
    pytest.param(
        "src/redis.js",
        """
        const client = redis.createClient();
        client.on("error", (err) => log(err));
        process.on("SIGINT", stop);
        req.on("data", (chunk) => body.push(chunk));
        """,
        id="js-event-emitters-are-no-sockets",
    ),
    pytest.param(
        "src/config.js",
        """
        const env = app.get("env");
        const port = settings.get("/not-a-router");
        cache.get("/users");
        """,
        id="js-getters-are-no-routes",
    ),
    pytest.param(
        "src/api/users.ts",
        """
        export class UsersService {
          constructor(private http: HttpClient) {}
          list() { return this.http.get("/api/users"); }
        }
        """,
        id="ts-angular-http-client",
    ),
    pytest.param(
        "internal/feed/consumer.go",
        """
        package feed

        import "github.com/confluentinc/confluent-kafka-go/kafka"

        func run(c *kafka.Consumer) {
            for {
                msg, _ := c.ReadMessage(-1)
                _ = msg
            }
        }
        """,
        id="go-kafka-read-loop-is-no-websocket",
    ),
    pytest.param(
        "cmd/fetch/main.go",
        """
        package main

        import "net/http"

        func main() {
            resp, _ := http.Get("https://example.com/feed")
            _ = resp
            // http.ListenAndServe(":8080", nil)
        }
        """,
        id="go-http-client",
    ),
    pytest.param(
        "app/channels/room_channel.rb",
        """
        # class RoomChannel < ApplicationCable::Channel
        class Room < ApplicationRecord
          def speak; end
        end
        """,
        id="ruby-channel-in-comment",
    ),
    pytest.param(
        "lib/routes.rb",
        "get 'ignored' # not a Rails config/routes.rb\n",
        id="ruby-routes-elsewhere",
    ),
    pytest.param(
        "lib/app/room.ex",
        """
        defmodule App.Room do
          def join(a, b), do: {a, b}
          def handle_in(a, b, c), do: {a, b, c}
        end
        """,
        id="elixir-join-outside-a-channel",
    ),
    pytest.param(
        "Hubs/Notes.cs",
        """
        // public class ChatHub : Hub { }
        var s = "[HttpGet] app.MapGet(";
        """,
        id="csharp-in-comment-and-string",
    ),
    pytest.param(
        "src/main/java/app/Util.java",
        """
        /** @MessageMapping("/chat") and @GetMapping are documented here. */
        class Util {}
        """,
        id="java-annotations-in-javadoc",
    ),
    pytest.param(
        "lib/db.js",
        """
        const mysql = require("mysql");
        const connection = mysql.createConnection(config);
        connection.on("error", reconnect);
        connection.addListener("end", reconnect);
        proxyServer.on("upgrade", (req, socket, head) => proxy.ws(req, socket, head));
        """,
        id="js-database-connection-and-upgrade-without-a-socket-library",
    ),
]


@pytest.mark.parametrize(("path", "source"), NOTHING)
def test_nothing_found(path: str, source: str) -> None:
    assert counts(path, source) == {}


FOUND = [
    pytest.param(
        "server.js",
        """
        const { Server } = require("socket.io");
        const io = new Server(httpServer);
        io.on("connection", (socket) => {
          socket.on("join", (room) => socket.join(room));
          socket.once("leave", leave);
        });
        httpServer.listen(3000);
        """,
        {"rt.ws_handlers": 3, "rt.listen": 2},
        id="js-socket-io-server",
    ),
    pytest.param(
        "src/chat.js",
        """
        io.of("/chat").on("connection", (client) => {
          client.on("say", say);
        });
        """,
        {"rt.ws_handlers": 2},
        id="js-socket-io-namespace",
    ),
    pytest.param(
        "server.js",
        """
        var SSE = require('sse');
        server.listen(8080, function() {
          var sse = new SSE(server);
          sse.on('connection', function(stream) { clients.push(stream); });
        });
        """,
        {"rt.ws_handlers": 1, "rt.listen": 1},
        id="js-server-sent-events-server",
    ),
    pytest.param(
        "app.js",
        """
        const express = require('express');
        const app = express();
        app
        .use(log.logging())
        .post('/user/login', user.login)
        .get('/user/:uid', auth.ensureAuth('user'), user.get)
        .put('/notice/update', auth.ensureAuth('admin'), notice.update)
        const server = app.listen(3000);
        """,
        {"rt.http_handlers": 3, "rt.listen": 1},
        id="js-express-routes-chained-on-the-app",
    ),
    pytest.param(
        "src/handlers/chat.js",
        """
        module.exports = (io, socket) => {
          socket.on("chat:message", (m) => io.emit("chat:message", m));
          socket.on("chat:typing", () => {});
        };
        """,
        {"rt.ws_handlers": 2},
        id="js-registered-handler-module",
    ),
    pytest.param(
        "src/socket-server.ts",
        """
        this.io.sockets.on(SocketEvents.connection, async (socket) => {
          socket.on(SocketEvents.logout, () => this.logout(socket));
          socket.on(SocketEvents.privateMessage, (m) => this.send(m));
        });
        """,
        {"rt.ws_handlers": 3},
        id="js-events-named-by-an-enum-s-members",
    ),
    pytest.param(
        "api/src/main/kotlin/chat/ChatWebSocketHandler.kt",
        """
        class ChatWebSocketHandler(private val chat: ChatService) : WebSocketHandler {
            override fun handle(session: WebSocketSession): Mono<Void> =
                session.send(chat.messages().map(session::textMessage))
        }
        """,
        {"rt.ws_handlers": 1},
        id="kotlin-webflux-websocket-handler",
    ),
    pytest.param(
        "src/main/java/chat/FeedHandler.java",
        """
        public class FeedHandler implements WebSocketHandler {
            public Mono<Void> handle(WebSocketSession session) { return session.send(feed); }
        }
        """,
        {"rt.ws_handlers": 1},
        id="java-webflux-websocket-handler",
    ),
    pytest.param(
        "ws-server.mjs",
        """
        import { WebSocketServer } from "ws";
        const wss = new WebSocketServer({ port: 8080 });
        wss.on("connection", function connection(ws) {
          ws.on("message", (data) => ws.send(data));
        });
        """,
        {"rt.ws_handlers": 2, "rt.listen": 1},
        id="js-ws-library",
    ),
    pytest.param(
        "app.js",
        """
        const uWS = require("uWebSockets.js");
        uWS.App().ws("/*", { message: (ws, m) => ws.send(m) }).listen(9001, () => {});
        """,
        {"rt.ws_handlers": 1, "rt.listen": 1},
        id="js-uwebsockets",
    ),
    pytest.param(
        "routes/users.js",
        """
        const router = express.Router();
        router.get("/", list);
        router.post("/", create);
        router.delete("/:id", remove);
        router.route("/:id/avatar");
        module.exports = router;
        """,
        {"rt.http_handlers": 4},
        id="js-express-router",
    ),
    pytest.param(
        "src/users.controller.ts",
        """
        @Controller("users")
        export class UsersController {
          @Get() list() {}
          @Post(":id") update() {}
        }
        @WebSocketGateway()
        export class EventsGateway {
          @SubscribeMessage("events") onEvent() {}
        }
        """,
        {"rt.http_handlers": 2, "rt.ws_handlers": 1},
        id="ts-nestjs-controller-and-gateway",
    ),
    pytest.param(
        "src/app.controller.ts",
        """
        @Controller()
        export class AppController {
          @Sse("sse")
          stream(@Query("channel") channel: string): Observable<MessageEvent> {}
          @Get("channels") list() {}
        }
        """,
        {"rt.http_handlers": 1, "rt.ws_handlers": 1},
        id="ts-nestjs-server-sent-events",
    ),
    pytest.param(
        "src/controllers/message.controller.ts",
        """
        import { TsRestHandler, tsRestHandler } from "@ts-rest/nest";
        @Controller()
        export class MessageController {
          @TsRestHandler(messageContract.sendMessage)
          async sendMessage() { return tsRestHandler(messageContract.sendMessage, send); }
          @TsRestHandler(messageContract.getMessages)
          async getMessages() { return tsRestHandler(messageContract.getMessages, list); }
        }
        """,
        {"rt.http_handlers": 2},
        id="ts-rest-handlers-in-a-nestjs-controller",
    ),
    pytest.param(
        "api/src/public/api/routers/game.router.ts",
        """
        import { Router } from "express";
        export const gameRoutes = () => {
          const router = Router();
          router.post("/search", auth, async (req, res) => res.sendStatus(202));
          router.delete("/search", auth, async (req, res) => res.sendStatus(204));
          return router;
        };
        """,
        {"rt.http_handlers": 2},
        id="ts-express-routers-kept-under-a-public-folder",
    ),
    pytest.param(
        "src/index.ts",
        """
        import { Elysia, t } from "elysia";
        const app = new Elysia()
          .use(swagger())
          .get("/", () => ({ users: readUsers() }))
          .post("/signup", ({ body }) => auth.createUser(body), { body: "auth" })
          .listen(3000);
        """,
        {"rt.http_handlers": 2, "rt.listen": 1},
        id="ts-elysia-routes-chained-on-the-app",
    ),
    pytest.param(
        "src/api.ts",
        """
        import axios from "axios";
        export const users = () => client().get("/users").then((r) => r.data);
        """,
        {},
        id="ts-a-client-s-chained-request-is-no-route",
    ),
    pytest.param(
        "public/js/api.js",
        """
        const api = axios.create({ baseURL: "/api" });
        api.post("/search", { q: query });
        """,
        {},
        id="js-browser-api-calls-in-a-public-folder",
    ),
    pytest.param(
        "public/js/chat.js",
        """
        const socket = io();
        socket.on("message", (m) => render(m));
        const feed = new WebSocket("wss://example.com/feed");
        """,
        {"rt.socket_client": 2},
        id="js-browser-client-is-no-handler",
    ),
    pytest.param(
        "src/components/Chat.tsx",
        """
        import { io } from "socket.io-client";
        const socket = io(URL);
        socket.on("message", onMessage);
        """,
        {"rt.socket_client": 1},
        id="tsx-socket-io-client",
    ),
    pytest.param(
        "internal/ws/client.go",
        """
        package ws

        import (
            "net/http"

            "github.com/gorilla/websocket"
        )

        var upgrader = websocket.Upgrader{}

        func serveWs(w http.ResponseWriter, r *http.Request) {
            conn, _ := upgrader.Upgrade(w, r, nil)
            for {
                _, msg, err := conn.ReadMessage()
                if err != nil { return }
                _ = msg
            }
        }
        """,
        {"rt.ws_handlers": 2},
        id="go-gorilla-upgrade-and-read-loop",
    ),
    pytest.param(
        "internal/ws/client.go",
        """
        package ws

        import (
            "net/http"

            "github.com/gorilla/websocket"
        )

        var upgrader = websocket.Upgrader{}

        func serveWs(hub *Hub, w http.ResponseWriter, r *http.Request) {
            conn, _ := upgrader.Upgrade(w, r, nil)
            client := &Client{hub: hub, conn: conn}
            go client.readPump()
        }

        func (c *Client) readPump() {
            for {
                _, msg, err := c.conn.ReadMessage()
                if err != nil { return }
                c.hub.broadcast <- msg
            }
        }
        """,
        {"rt.ws_handlers": 2},
        id="go-gorilla-upgrade-and-a-client-read-pump",
    ),
    pytest.param(
        "src/main/java/hotels/HotelController.java",
        """
        @RestController
        @RequestMapping(value = "/v1/hotels")
        public class HotelController {
            @RequestMapping(value = "",
                    method = RequestMethod.POST,
                    consumes = {"application/json"})
            public void create(@RequestBody Hotel hotel) { service.create(hotel); }

            @RequestMapping(value = "/{id}", method = RequestMethod.GET)
            public Hotel find(@PathVariable Long id) { return service.find(id); }
        }
        """,
        {"rt.http_handlers": 2},
        id="java-request-mappings-over-several-lines",
    ),
    pytest.param(
        "src/main/java/edu/roster/StudentController.java",
        """
        @Controller("/students")
        public class StudentController {
            @Get("/{id}")
            public Student find(Long id) { return repository.findById(id).orElseThrow(); }

            @Post
            public Student add(@Body Student student) { return repository.save(student); }
        }
        """,
        {"rt.http_handlers": 2},
        id="java-micronaut-controller",
    ),
    pytest.param(
        "src/main/java/game/Player.java",
        """
        import io.socket.socketio.server.SocketIoSocket;

        public class Player {
            Player(SocketIoSocket socket) {
                socket.on(Events.JOIN_ROOM, args -> join(args));
                socket.on("move", args -> move(args));
            }
        }
        """,
        {"rt.ws_handlers": 2},
        id="java-socket-io-server-socket-events",
    ),
    pytest.param(
        "src/main/java/edu/roster/AuthClient.java",
        """
        @Client("${auth.url}")
        public interface AuthClient {
            @Post("/login")
            Token login(@Body Credentials credentials);
        }
        """,
        {},
        id="java-micronaut-declarative-client",
    ),
    pytest.param(
        "service/src/main/java/realworld/web/ArticleController.java",
        """
        import io.micronaut.http.annotation.Controller;
        import realworld.api.ArticleOperations;

        @Controller
        public class ArticleController implements ArticleOperations {
            @Override
            public ArticleDto create(ArticleCreateRequest r) { return articles.create(r); }
        }
        """,
        {"rt.http_handlers": 1},
        id="java-micronaut-controller-whose-interface-declares-the-routes",
    ),
    pytest.param(
        "src/main/java/shop/web/PageController.java",
        """
        import org.springframework.stereotype.Controller;

        @Controller
        public class PageController {
            private final Catalog catalog;
        }
        """,
        {},
        id="java-a-spring-controller-with-no-mapping-maps-nothing",
    ),
    pytest.param(
        "main.ts",
        """
        import { serve } from "https://deno.land/std@0.98.0/http/server.ts";
        import { acceptWebSocket } from "https://deno.land/std@0.98.0/ws/mod.ts";

        for await (const req of serve({ port: 8080 })) {
          const socket = await acceptWebSocket({ conn: req.conn, bufReader: req.r,
            bufWriter: req.w, headers: req.headers });
          rooms.join(socket);
        }
        """,
        {"rt.ws_handlers": 1, "rt.listen": 1},
        id="deno-std-accept-websocket",
    ),
    pytest.param(
        "plugins/health/endpoints.js",
        """
        function setupHealth(devServer, plugin) {
          devServer.app.get("/health", (req, res) => res.json(plugin.status()));
          devServer.app.post("/edit-file", (req, res) => res.json({ ok: true }));
        }
        module.exports = setupHealth;
        """,
        {},
        id="js-webpack-dev-server-routes-are-the-build-s",
    ),
    pytest.param(
        "internal/app.go",
        """
        package internal

        import (
            "github.com/gofiber/fiber/v2"
            "github.com/gofiber/websocket/v2"
        )

        func Register(app *fiber.App, h *Handler) {
            app.Get("/ws", websocket.New(h.Relay))
        }
        """,
        {"rt.ws_handlers": 1},
        id="go-fiber-websocket-middleware",
    ),
    pytest.param(
        "push/connect.go",
        """
        package push

        import (
            "net/http"

            "example.com/acme/hubsocket"
        )

        func Connect(hub *hubsocket.Hub) http.HandlerFunc {
            return func(w http.ResponseWriter, r *http.Request) {
                session, err := hub.Upgrade(w, r, nil, r.URL.Query().Get("user"))
                if err != nil { return }
                session.Listen()
            }
        }
        """,
        {"rt.ws_handlers": 1},
        id="go-a-socket-hub-package-s-upgrade",
    ),
    pytest.param(
        "main.go",
        """
        package main

        import "net/http"

        func main() {
            http.HandleFunc("/", serveHome)
            http.HandleFunc("/ws", serveWs)
            mux.HandleFunc("GET /api/scores", scores)
            r.GET("/health", health)
            http.ListenAndServe(":8080", nil)
        }
        """,
        {"rt.http_handlers": 3, "rt.listen": 1},
        id="go-routes-ws-mount-not-http",
    ),
    pytest.param(
        "markets/websocket.ts",
        """
        import WebSocket from "ws";

        export class MarketStream {
          private ws?: WebSocket;
          connect(): void {
            this.ws = new WebSocket("wss://stream.exchange.example/v5/public");
            this.ws.on("open", () => this.subscribe());
            this.ws.on("message", (data: Buffer) => this.handle(JSON.parse(data.toString())));
            this.ws.on("close", () => this.reconnect());
          }
        }
        """,
        {"rt.socket_client": 1},
        id="node-ws-client-of-an-exchange-stream",
    ),
    pytest.param(
        "src/server.rs",
        """
        use ws::{Handler, Handshake, Message, Result, Sender};

        struct Peer { out: Sender }

        impl Handler for Peer {
            fn on_open(&mut self, shake: Handshake) -> Result<()> { Ok(()) }
            fn on_message(&mut self, msg: Message) -> Result<()> { self.out.broadcast(msg) }
            fn on_close(&mut self, code: ws::CloseCode, reason: &str) {}
        }

        pub fn run(addr: &str) {
            ws::listen(addr, |out| Peer { out }).unwrap();
        }
        """,
        {"rt.ws_handlers": 3, "rt.listen": 1},
        id="rust-ws-rs-handler",
    ),
    pytest.param(
        "backend/src/handlers.rs",
        """
        pub fn route(request: &str) -> (String, String) {
            match request {
                r if r.starts_with("POST /api/users") => create(r),
                r if r.starts_with("GET /api/users/") => show(r),
                r if r.starts_with("DELETE /api/users/") => delete(r),
                _ => (NOT_FOUND.to_string(), "404 not found".to_string()),
            }
        }
        """,
        {"rt.http_handlers": 3},
        id="rust-request-line-dispatch",
    ),
    pytest.param(
        "server/Server.hs",
        """
        import qualified Network.WebSockets as WS

        application :: MVar ServerState -> WS.ServerApp
        application state pending = do
            conn <- WS.acceptRequest pending
            WS.forkPingThread conn 30
            talk conn state

        main :: IO ()
        main = WS.runServer "0.0.0.0" 9160 (application state)
        """,
        {"rt.ws_handlers": 1, "rt.listen": 1},
        id="haskell-websockets-server",
    ),
    pytest.param(
        "app/WebApp.hs",
        """
        import qualified Web.Scotty as S

        main = S.scotty port $ do
          S.get "/user/:handle/balance" $ do
            S.json =<< liftIO (balances conn)
          S.post "/order" $ do
            S.json =<< liftIO (placeOrder conn)
        """,
        {"rt.http_handlers": 2, "rt.listen": 1},
        id="haskell-scotty-routes",
    ),
    pytest.param(
        "main.go",
        """
        package main

        import (
            "net/http"
            "golang.org/x/net/websocket"
        )

        func main() {
            http.HandleFunc("/matchmaking", func(w http.ResponseWriter, req *http.Request) {
                websocket.Server{Handler: websocket.Handler(connect(queue))}.ServeHTTP(w, req)
            })
            http.HandleFunc("/stats", func(w http.ResponseWriter, req *http.Request) {
                json.NewEncoder(w).Encode(queue.Stats())
            })
            http.ListenAndServe(":8000", nil)
        }
        """,
        {"rt.ws_handlers": 1, "rt.http_handlers": 1, "rt.listen": 1},
        id="go-a-route-written-in-place-that-upgrades-is-the-socket-s-mount",
    ),
    pytest.param(
        "cmd/bot/main.go",
        """
        package main

        import "github.com/gorilla/websocket"

        func main() {
            c, _, _ := websocket.DefaultDialer.Dial("wss://exchange.example/ws", nil)
            for { c.ReadMessage() }
        }
        """,
        {"rt.socket_client": 1},
        id="go-dialing-client",
    ),
    pytest.param(
        "client/websockets.go",
        """
        package sockclient

        import "github.com/gorilla/websocket"

        func (w *Client) Open() {
            dialer := *websocket.DefaultDialer
            ws, _, _ := dialer.Dial(w.Address, w.Headers)
            for { _, data, _ := ws.ReadMessage(); w.Inbound <- data }
        }
        """,
        {"rt.socket_client": 2},  # the dialer taken, and its dial
        id="go-a-dialer-kept-in-a-variable-reads-as-a-client",
    ),
    pytest.param(
        "internal/api/ripple/connection.go",
        """
        package ripple

        import "github.com/acme/wallet/internal/infrastructure/network/websocket"

        func Connect(url string) (*websocket.WS, error) {
            return websocket.New(context.Background(), url)
        }
        """,
        {},
        id="go-a-project-s-own-websocket-package-new-is-no-fiber-handler",
    ),
    pytest.param(
        "lib/app_web/channels/user_socket.ex",
        """
        defmodule AppWeb.UserSocket do
          use Phoenix.Socket
          channel "room:*", AppWeb.RoomChannel
          channel "game:*", AppWeb.GameChannel
        end
        """,
        {"rt.ws_handlers": 2},
        id="elixir-phoenix-socket",
    ),
    pytest.param(
        "lib/app_web/channels/room_channel.ex",
        """
        defmodule AppWeb.RoomChannel do
          use Phoenix.Channel
          def join("room:" <> _id, _params, socket), do: {:ok, socket}
          def handle_in("new_msg", %{"body" => body}, socket), do: {:noreply, socket}
          def handle_in("typing", _, socket), do: {:noreply, socket}
        end
        """,
        {"rt.ws_handlers": 3},
        id="elixir-phoenix-channel",
    ),
    pytest.param(
        "lib/app/timeline.ex",
        """
        defmodule App.Timeline do
          def create_post(attrs), do: %Post{} |> Repo.insert() |> broadcast(:post_created)
          defp broadcast({:ok, post}, event) do
            Phoenix.PubSub.broadcast(App.PubSub, "posts", {event, post})
          end
          # AppWeb.Endpoint.broadcast("users_socket", "disconnect", %{}) in a comment
        end
        """,
        {"rt.live_broadcasts": 1},
        id="elixir-pubsub-broadcast",
    ),
    pytest.param(
        "lib/app_web/router.ex",
        """
        defmodule AppWeb.Router do
          use AppWeb, :router
          get "/", PageController, :home
          resources "/users", UserController
        end
        """,
        {"rt.http_handlers": 2},
        id="elixir-phoenix-router",
    ),
    pytest.param(
        "lib/app_web/endpoint.ex",
        """
        defmodule AppWeb.Endpoint do
          use Phoenix.Endpoint, otp_app: :app
          socket "/socket", AppWeb.UserSocket, websocket: true
        end
        """,
        {"rt.listen": 2},
        id="elixir-endpoint-mounts-socket",
    ),
    pytest.param(
        "lib/chat/web/socket_handler.ex",
        """
        defmodule Chat.Web.SocketHandler do
          @behaviour :cowboy_websocket
          def init(req, state), do: {:cowboy_websocket, req, state}
          def websocket_init(state), do: {:ok, state}
          def websocket_handle({:text, json}, state), do: {:reply, {:text, json}, state}
          def websocket_handle(_frame, state), do: {:ok, state}
          def websocket_info(message, state), do: {:reply, {:text, message}, state}
        end
        """,
        {"rt.ws_handlers": 4},
        id="elixir-cowboy-websocket-callbacks",
    ),
    pytest.param(
        "lib/chat/web/router.ex",
        """
        defmodule Chat.Web.Router do
          use Plug.Router
          plug :match
          plug :dispatch
          post "/users" do
            send_resp(conn, 201, "")
          end
          match _ do
            send_resp(conn, 404, "Not Found")
          end
        end
        """,
        {"rt.http_handlers": 1},
        id="elixir-plug-router",
    ),
    pytest.param(
        "lib/chat/application.ex",
        """
        defmodule Chat.Application do
          def init(:ok) do
            options = [port: 4000]
            children = [Plug.Cowboy.child_spec(scheme: :http, plug: Chat.Router, options: options)]
            Supervisor.init(children, strategy: :one_for_one)
          end
        end
        """,
        {"rt.listen": 1},
        id="elixir-plug-cowboy-child-spec",
    ),
    pytest.param(
        "lib/chat/connections/tcp.ex",
        """
        defmodule Chat.Connections.TCP do
          def accept(port) do
            {:ok, socket} = :gen_tcp.listen(port, [:binary, packet: :line, active: false])
            loop_acceptor(socket)
          end
          defp loop_acceptor(socket) do
            {:ok, client} = :gen_tcp.accept(socket)
            Task.start(fn -> serve(client) end)
            loop_acceptor(socket)
          end
          defp serve(socket) do
            {:ok, line} = :gen_tcp.recv(socket, 0)
            Chat.Rooms.broadcast(line)
            serve(socket)
          end
        end
        """,
        {"rt.listen": 1, "rt.ws_handlers": 2},
        id="elixir-tcp-chat-server",
    ),
    pytest.param(
        "lib/proxy/tcp.ex",
        """
        defmodule Proxy.TCP do
          def start(port) do
            {:ok, socket} = :gen_tcp.listen(port, [:binary, active: false])
            {:ok, client} = :gen_tcp.accept(socket)
            {:ok, data} = :gen_tcp.recv(client, 0)
            forward(data)
          end
        end
        """,
        {"rt.listen": 1},
        id="elixir-tcp-server-that-keeps-no-subscribers",
    ),
    pytest.param(
        "Hubs/ChatHub.cs",
        """
        public class ChatHub : Hub
        {
            public async Task SendMessage(string user, string message) { }
            public Task Join(string room) => Task.CompletedTask;
        }
        """,
        {"rt.ws_handlers": 2},
        id="csharp-signalr-hub-methods",
    ),
    pytest.param(
        "Program.cs",
        """
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/orders", () => "[]");
        app.MapHub<ChatHub>("/chat");
        app.Run();
        """,
        {"rt.http_handlers": 1, "rt.listen": 2},
        id="csharp-minimal-api",
    ),
    pytest.param(
        "Controllers/OrdersController.cs",
        """
        public class OrdersController : ControllerBase
        {
            [HttpGet] public IActionResult List() => Ok();
            [HttpPost("{id}")] public IActionResult Create() => Ok();
        }
        """,
        {"rt.http_handlers": 2},
        id="csharp-controller",
    ),
    pytest.param(
        "Controllers/DressController.cs",
        """
        public class DressController : ApiController
        {
            private readonly IDressManager _manager;
            public DressController() { }
            public IEnumerable<DressDto> Get() => _manager.All();
            //[HttpPost]
            public IHttpActionResult AddObj(DressDto obj) => Ok();
            public IHttpActionResult DeleteObjById(int id) => Ok();
            private void Audit() { }
        }
        """,
        {"rt.http_handlers": 3},
        id="csharp-web-api-controller-routed-by-convention",
    ),
    pytest.param(
        "Controllers/HomeController.cs",
        """
        public class HomeController : Controller
        {
            public ActionResult Index() { return View(); }
            public async Task<ActionResult> About() { return View(); }
            public string Helper() { return ""; }
        }
        """,
        {"rt.http_handlers": 2},
        id="csharp-mvc-controller-routed-by-convention",
    ),
    pytest.param(
        "app/channels/chat_channel.rb",
        """
        class ChatChannel < ApplicationCable::Channel
          def subscribed
            stream_from "chat"
          end

          def speak(data); end

          private

          def helper; end
        end
        """,
        {"rt.ws_handlers": 2},
        id="ruby-action-cable-public-actions",
    ),
    pytest.param(
        "config/routes.rb",
        """
        Rails.application.routes.draw do
          root to: "home#index"
          resources :orders
          get "/status", to: "status#show"
          mount ActionCable.server => "/cable"
        end
        """,
        {"rt.http_handlers": 3, "rt.listen": 1},
        id="ruby-rails-routes",
    ),
    pytest.param(
        "src/main/java/app/ChatController.java",
        """
        @Controller
        public class ChatController {
            @MessageMapping("/chat.send")
            public Message send(Message m) { return m; }
            @GetMapping("/history")
            public List<Message> history() { return List.of(); }
        }
        """,
        {"rt.ws_handlers": 1, "rt.http_handlers": 1},
        id="java-spring-stomp-and-rest",
    ),
    pytest.param(
        "src/main/java/app/config/BrokerConfig.java",
        """
        @Configuration
        @EnableWebSocketMessageBroker
        public class BrokerConfig extends AbstractWebSocketMessageBrokerConfigurer {
            @Override
            public void registerStompEndpoints(StompEndpointRegistry registry) {
                registry.addEndpoint("/stomp").withSockJS();
            }
            @Override
            public void configureMessageBroker(MessageBrokerRegistry config) {
                config.enableSimpleBroker("/topic");
            }
        }
        """,
        {"rt.ws_handlers": 1, "rt.listen": 1},
        id="java-spring-stomp-broker",
    ),
    pytest.param(
        "src/main/kotlin/app/Echo.kt",
        """
        class EchoHandler : TextWebSocketHandler() {
            override fun handleTextMessage(session: WebSocketSession, message: TextMessage) {}
        }
        """,
        {"rt.ws_handlers": 1},
        id="kotlin-spring-websocket-handler",
    ),
    pytest.param(
        "src/app/http/controller/AccountController.kt",
        """
        import io.ktor.locations.*
        import io.ktor.routing.*

        internal fun Route.accountController(service: AccountService) {
            get<PlayerInfoRequest> {
                call.respond(service.fetchPlayerInfo(call.playerId))
            }
            put<ChangePasswordRequest> {
                call.respond(service.changePassword(call.receive()))
            }
        }
        """,
        {"rt.http_handlers": 2},
        id="kotlin-ktor-typed-routes",
    ),
    pytest.param(
        "src/pages/api/articles/[slug].ts",
        """
        import { NextApiRequest, NextApiResponse } from "next";
        export default async function handler(req: NextApiRequest, res: NextApiResponse) {
          res.status(200).json(await articles.find(req.query.slug));
        }
        """,
        {"rt.http_handlers": 1},
        id="next-pages-api-route",
    ),
    pytest.param(
        "src/lib/Core/Client/RatesServer.ts",
        """
        export class RatesServer extends Core.WebSocketServer {
          public stream(): void {
            this.webSocketServer.on("connection", ws => new RatesService(ws).start());
          }
        }
        """,
        {"rt.ws_handlers": 1},
        id="a-server-in-a-folder-named-client",
    ),
    pytest.param(
        "client/src/chat.js",
        """
        const socket = io();
        socket.on("connect", () => render());
        socket.on("message", (m) => append(m));
        """,
        {"rt.socket_client": 1},
        id="a-browser-client-in-its-folder",
    ),
    pytest.param(
        "server/handler/aws.js",
        """
        import { ApiGatewayManagementApi } from "@aws-sdk/client-apigatewaymanagementapi";
        export const handler = async (event) => {
          const id = event.requestContext.connectionId;
          await api.postToConnection({ ConnectionId: id, Data: "hi" });
          return { statusCode: 200 };
        };
        """,
        {"rt.ws_handlers": 1},
        id="api-gateway-websocket-lambda",
    ),
    pytest.param(
        "app/controllers/ChatController.scala",
        """
        import play.api.mvc.WebSocket
        class ChatController extends BaseController {
          def start(roomId: String) = WebSocket.accept[JsValue, JsValue] { request => flow(roomId) }
          def index() = Action { Ok(views.html.index()) }
        }
        """,
        {"rt.ws_handlers": 1},
        id="play-scala-websocket-action",
    ),
    pytest.param(
        "src/main/scala/Server.scala",
        """
        val route = path("ws") { handleWebSocketMessages(chatFlow) }
        Http().newServerAt("0.0.0.0", 8080).bind(route)
        """,
        {"rt.ws_handlers": 1, "rt.listen": 1},
        id="akka-http-websocket-server",
    ),
    pytest.param(
        "src/main/scala/ws/OutboundWebSocket.scala",
        """
        def outboundWebSocket(args: OutSocketArgs): Route =
          handleWebSocketMessages {
            Flow.fromSinkAndSourceCoupled(Sink.ignore, records(args))
          }
        """,
        {"rt.ws_handlers": 1},
        id="akka-http-websocket-flow-given-in-a-block",
    ),
    pytest.param(
        "app/controllers/Feed.java",
        """
        public class Feed extends Controller {
          public WebSocket socket() { return WebSocket.Text.accept(request -> flow()); }
        }
        """,
        {"rt.ws_handlers": 1},
        id="play-java-websocket-action",
    ),
    pytest.param(
        "studio/lib/mutations.js",
        """
        import client from "./client";
        const subscription = client.listen(query, params).subscribe((update) => refresh(update));
        const other = sanityClient.listen("*[_type == 'post']");
        """,
        {},
        id="a-client-s-listen-subscribes-to-changes",
    ),
    pytest.param(
        "src/index.ts",
        """
        import { Server } from "@hocuspocus/server";
        const server = Server.configure({ port: 1234, onStoreDocument: store });
        server.listen();
        """,
        {"rt.ws_handlers": 1, "rt.listen": 1},
        id="hocuspocus-collaboration-server",
    ),
    pytest.param(
        "src/editor.ts",
        """
        import { HocuspocusProvider } from "@hocuspocus/provider";
        const provider = new HocuspocusProvider({ url: "ws://127.0.0.1:1234", name: "doc" });
        """,
        {},
        id="hocuspocus-provider-is-a-client",
    ),
    pytest.param(
        "src/pages/api/auth/logout.ts",
        """
        import type { APIRoute } from "astro";
        export const prerender = false;
        export const POST: APIRoute = ({ cookies }) => Response.json({ ok: true });
        """,
        {"rt.http_handlers": 1},
        id="astro-endpoint-served-on-demand",
    ),
    pytest.param(
        "src/pages/api/feed.json.ts",
        """
        import type { APIRoute } from "astro";
        export const GET: APIRoute = () => Response.json(posts);
        """,
        {},
        id="astro-endpoint-prerendered-into-a-file",
    ),
    pytest.param(
        "api/subscribe.js",
        """
        export default async function handler(req, res) {
          res.status(201).json(await save(req.body));
        }
        """,
        {"rt.http_handlers": 1},
        id="vercel-function-at-the-root",
    ),
    pytest.param(
        "src/api/users.js",
        """
        export default function getUsers() { return fetch("/api/users"); }
        """,
        {},
        id="a-front-end-s-api-folder-holds-client-calls",
    ),
    pytest.param(
        "api/v1/push.go",
        """
        package handler

        import "net/http"

        func HandlePush(w http.ResponseWriter, r *http.Request) {
            w.WriteHeader(http.StatusAccepted)
        }

        func helper(w http.ResponseWriter, r *http.Request) {}
        """,
        {"rt.http_handlers": 1},
        id="vercel-go-function-at-the-root",
    ),
    pytest.param(
        "internal/api/push.go",
        """
        package api

        import "net/http"

        func HandlePush(w http.ResponseWriter, r *http.Request) {}
        """,
        {},
        id="a-go-package-s-handler-that-nothing-registers",
    ),
    pytest.param(
        "src/pages/rss.xml.ts",
        "export const GET = () => rss({ title: 'Notes', items: [] });\n",
        {},
        id="astro-feed-endpoint-is-prerendered",
    ),
    pytest.param(
        "server/api/items/index.get.ts",
        "export default defineEventHandler(async () => prisma.item.findMany());\n",
        {"rt.http_handlers": 1},
        id="nuxt-server-route",
    ),
    pytest.param(
        "src/pages/articles/index.tsx",
        "export default function Articles() { return null; }\n",
        {},
        id="next-page-is-no-route",
    ),
    pytest.param(
        "src/main/java/chat/FrameHandler.java",
        """
        import io.netty.channel.ChannelHandlerContext;
        import io.netty.channel.SimpleChannelInboundHandler;
        import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

        public class FrameHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                ctx.channel().writeAndFlush(new TextWebSocketFrame(frame.text()));
            }
        }
        """,
        {"rt.ws_handlers": 1},
        id="java-netty-websocket-frames",
    ),
    pytest.param(
        "src/main/java/chat/ChatServer.java",
        """
        import io.netty.bootstrap.ServerBootstrap;
        import io.netty.channel.group.ChannelGroup;

        public class ChatServer {
            static ChannelGroup members;
            public void run() throws Exception {
                ServerBootstrap b = new ServerBootstrap();
                b.bind(8080).sync();
            }
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                members.writeAndFlush(msg);
            }
        }
        """,
        {"rt.listen": 1, "rt.ws_handlers": 1},
        id="java-netty-server-broadcasting-to-its-group",
    ),
    pytest.param(
        "src/main/java/http/PageHandler.java",
        """
        import io.netty.channel.ChannelInboundHandlerAdapter;
        import io.netty.handler.codec.http.FullHttpRequest;

        public class PageHandler extends ChannelInboundHandlerAdapter {
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(page((FullHttpRequest) msg));
            }
        }
        """,
        {},
        id="java-netty-http-handler-is-no-socket",
    ),
    pytest.param(
        "server/socket.js",
        """
        var Accepting = require("websocket").server;
        var http = require("http");
        function Hub(port) {
          this.http = http.createServer();
          this.sockets = new Accepting({ httpServer: this.http });
          this.sockets.addListener("request", function (request) {
            new Peer(request.accept("chat", request.origin));
          });
          this.http.on("upgrade", function (request, sock, head) { check(request); });
          this.http.listen(port);
        }
        function Peer(conn) {
          this._connection = conn;
          this._connection.on("message", function (m) { route(m); });
          this._connection.prependListener("close", function () { leave(); });
        }
        """,
        {"rt.ws_handlers": 4, "rt.listen": 1},
        id="js-websocket-node-server-with-connection-objects",
    ),
    pytest.param(
        "tools/tail.js",
        """
        const WebSocket = require("ws");
        const connection = new WebSocket(process.argv[2]);
        connection.on("message", (data) => console.log(String(data)));
        connection.on("close", () => process.exit(0));
        """,
        {"rt.socket_client": 1},
        id="js-ws-client-script-opens-a-connection-it-did-not-accept",
    ),
    pytest.param(
        "src/hub.js",
        """
        import { Server } from "socket.io";
        io.addListener("connection", (client) => {
          client.prependOnceListener("hello", greet);
        });
        """,
        {"rt.ws_handlers": 2},
        id="js-event-emitter-aliases",
    ),
]


@pytest.mark.parametrize(("path", "source", "expected"), FOUND)
def test_found(path: str, source: str, expected: dict[str, float]) -> None:
    assert counts(path, source) == expected


NEW_STACKS = [
    # Rust: nothing, a client, a chat server, an axum API
    pytest.param("src/lib.rs", "pub fn add(a: u8, b: u8) -> u8 { a + b }\n", {}, id="rust-nothing"),
    pytest.param(
        "src/main.rs",
        "let (ws, _) = connect_async(url).await?;\n",
        {"rt.socket_client": 1},
        id="rust-client",
    ),
    pytest.param(
        "src/main.rs",
        """
        let listener = TcpListener::bind("0.0.0.0:9001").await?;
        let ws = accept_async(stream).await?;
        while let Some(Ok(msg)) = rx.next().await { tx.send(msg)?; }
        """,
        {"rt.ws_handlers": 2, "rt.listen": 1},
        id="rust-chat-server",
    ),
    pytest.param(
        "src/main.rs",
        """
        let app = Router::new().route("/users", get(list)).route("/users/:id", get(show));
        axum::serve(listener, app).await?;
        // accept_async( in a comment is no socket
        """,
        {"rt.http_handlers": 2, "rt.listen": 1},
        id="rust-axum-api",
    ),
    pytest.param(
        "src/main.rs",
        'while let Some(Ok(line)) = lines.next().await { println!("{line}"); }\n',
        {},
        id="rust-read-loop-without-a-socket",
    ),
    # Plain TCP servers: a hub (it broadcasts) holds persistent connections, a proxy does not
    pytest.param(
        "server.go",
        """
        func serve(clients map[net.Conn]bool) {
            ln, _ := net.Listen("tcp", ":7000")
            for {
                conn, _ := ln.Accept()
                go func() {
                    reader := bufio.NewReader(conn)
                    line, _ := reader.ReadString('\\n')
                    broadcast(clients, line)
                }()
            }
        }
        """,
        {"rt.listen": 1, "rt.ws_handlers": 2},
        id="go-tcp-pubsub-hub",
    ),
    pytest.param(
        "proxy.go",
        """
        ln, _ := net.Listen("tcp", ":7000")
        for { conn, _ := ln.Accept(); go io.Copy(upstream, conn) }
        """,
        {"rt.listen": 1},
        id="go-tcp-proxy",
    ),
    pytest.param(
        "server/server.go",
        """
        func Run(address string, ps *PubSub) {
            l, _ := net.Listen("tcp4", address)
            for {
                conn, _ := l.Accept()
                go ps.Serve(conn)
            }
        }
        """,
        {"rt.listen": 1, "rt.ws_handlers": 1},
        id="go-tcp-server-of-a-pubsub-engine",
    ),
    pytest.param(
        "server/backend.go",
        """
        func (b *Backend) Start(r *mux.Router) {
            s := r.PathPrefix("/debug/pprof").Subrouter()
            s.HandleFunc("/profile", b.check(pprof.Profile))
            s.HandleFunc("/trace", b.check(pprof.Trace))
            r.Handle("/metrics", promhttp.Handler())
            r.HandleFunc("/room/{roomid}", b.roomHandler)
        }
        """,
        {"rt.http_handlers": 4},
        id="go-profiler-and-metrics-routes",
    ),
    pytest.param(
        "main.go",
        """
        func listen(clients map[string]*Client, config *tls.Config) {
            sock, _ := tls.Listen("tcp", addr, config)
            for {
                conn, _ := sock.Accept()
                go subscribe(clients, conn)
            }
        }
        """,
        {"rt.listen": 1, "rt.ws_handlers": 1},
        id="go-tls-tcp-server-of-push-clients",
    ),
    pytest.param(
        "main.go",
        "func main() { r := newRunner(); r.Run() }\n",
        {},
        id="go-run-without-a-web-framework",
    ),
    pytest.param(
        "src/main.rs",
        """
        let server = TcpListener::bind("0.0.0.0:8080").await?;
        loop {
            let (socket, _) = server.accept().await?;
            let room = rooms.join("lobby");
            tokio::spawn(async move { room.broadcast(socket).await });
        }
        """,
        {"rt.listen": 1, "rt.ws_handlers": 1},
        id="rust-tcp-chat-hub",
    ),
    # CoffeeScript: Faye channel subscriptions count, other CoffeeScript does not
    pytest.param(
        "channels/chat.coffee",
        """
        class Chat
          constructor: (@faye) ->
          attach: ->
            @faye.subscribe '/chat/send', @onMessage
            @faye.subscribe '/chat/join', @onJoin
        """,
        {"rt.ws_handlers": 2},
        id="coffee-faye-channel",
    ),
    pytest.param(
        "models/log.coffee",
        "class Log\n  subscribe: (x) -> x\n",
        {},
        id="coffee-without-faye",
    ),
    # JavaScript: a Faye server mounted on an HTTP server
    pytest.param(
        "bootstrap.js",
        """
        var bayeux = new Faye.NodeAdapter({mount: '/faye'});
        bayeux.attach(server);
        """,
        {"rt.ws_handlers": 1, "rt.listen": 1},
        id="js-faye-server",
    ),
]


@pytest.mark.parametrize(("path", "source", "expected"), NEW_STACKS)
def test_rust_coffee_and_faye(path: str, source: str, expected: dict[str, float]) -> None:
    assert counts(path, source) == expected


def test_evidence_names_file_line_and_event() -> None:
    found = scan("server.js", 'io.on("connection", (s) => {\n  s.on("join", f);\n});\n')
    details = [(e.path, e.line, e.detail) for e in found["rt.ws_handlers"].evidence]
    assert details == [
        ("server.js", 1, 'io.on("connection", ...)'),
        ("server.js", 2, 's.on("join", ...)'),
    ]


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        pytest.param("src/a.js", "export const x = 1;\n", {}, id="no-imports-no-handlers"),
        pytest.param(
            "server.js",
            'const chat = require("./handlers/chat");\nimport rooms from "../rooms/index.js";\n',
            {"rt.imports_module.chat": 1, "rt.imports_module.rooms": 1},
            id="js-relative-imports",
        ),
        pytest.param(
            "src/server.ts",
            'import { chat } from "@/sockets/chat";\nimport rooms from "~/rooms";\n'
            'const db = require("#lib/db.js");\n',
            {"rt.imports_module.chat": 1, "rt.imports_module.rooms": 1, "rt.imports_module.db": 1},
            id="js-local-aliases",
        ),
        pytest.param(
            "src/server.ts",
            'import { ChatSocket } from "@chat/chat.socket";\n'
            'import { Module } from "@nestjs/common";\nimport env from "@env";\n',
            {"rt.imports_aliased.chat.chat_socket": 1, "rt.imports_aliased.nestjs.common": 1},
            id="js-scoped-imports-kept-apart",
        ),
        pytest.param(
            "src/handlers/index.js",
            'socket.on("ping", pong);\n',
            {"rt.ws_module.handlers": 1},
            id="js-index-module-is-its-folder",
        ),
        pytest.param(
            "server.js",
            'socket.on("ping", pong);\nserver.listen(80);\n',
            {"rt.ws_entry": 1},
            id="js-handlers-in-a-listening-file",
        ),
        pytest.param(
            "internal/hub/hub.go",
            'package hub\n\nimport "github.com/gorilla/websocket"\n\n'
            "func f() { upgrader.Upgrade(w, r, nil) }\n",
            {"rt.ws_module.hub": 1, "rt.imports_module.websocket": 1},
            id="go-package-module",
        ),
        pytest.param(
            "cmd/server/main.go",
            'package main\n\nimport (\n\tws_routes "example.com/chat/internal/ws/routes"\n'
            '\t_ "example.com/chat/internal/db"\n)\n',
            {
                "rt.imports_module.routes": 1,
                "rt.imports_module.ws_routes": 1,
                "rt.imports_module.db": 1,
            },
            id="go-package-imported-under-its-own-name",
        ),
        pytest.param(
            "src/main.rs",
            "mod broker;\npub mod websocket;\nuse crate::handlers::publish;\nuse std::sync::Arc;\n",
            {
                "rt.imports_module.broker": 1,
                "rt.imports_module.websocket": 1,
                "rt.imports_module.handlers": 1,
            },
            id="rust-modules-declared-and-used",
        ),
        pytest.param(
            "src/ws/mod.rs",
            "pub async fn handler(ws: WebSocketUpgrade) -> Response { ws.on_upgrade(serve) }\n",
            {"rt.ws_module.ws": 1},
            id="rust-folder-module-is-its-folder",
        ),
    ],
)
def test_wiring_bookkeeping(path: str, source: str, expected: dict[str, float]) -> None:
    found = scan(path, source)
    wiring = ("rt.ws_module.", "rt.imports_module.", "rt.imports_aliased.", "rt.ws_entry")
    assert {k: f.value for k, f in found.items() if k.startswith(wiring)} == expected


def summary(values: dict[str, float]) -> dict[str, float]:
    facts = Facts.from_values(values).values
    return {f.key: f.value for f in realtime.realtime_summary(facts)}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param({}, {}, id="no-handlers"),
        pytest.param({"lang.files.go": 3}, {}, id="unrelated-facts"),
        pytest.param(
            {"rt.ws_handlers": 9, "rt.http_handlers": 1, "rt.ws_entry": 9},
            {"rt.share": 0.9, "rt.handlers_total": 10, "rt.ws_wired": 9, "rt.ws_unwired": 0}
            | {"rt.work_routes": 1},
            id="chat-server",
        ),
        pytest.param(
            {"rt.ws_handlers": 1, "rt.http_handlers": 19},
            {"rt.share": 0.05, "rt.handlers_total": 20, "rt.work_routes": 19},
            id="rest-api-with-a-push",
        ),
        pytest.param(
            {
                "channels.consumers": 2,
                "channels.ws_routes": 2,
                "django.views": 12,
                "django.routes": 12,
                "drf.viewsets": 4,
            },
            {"rt.share": 0.125, "rt.handlers_total": 32, "rt.work_routes": 28},
            id="python-keys-count-on-both-sides",
        ),
        pytest.param(
            {"py.ws_server": 3, "fastapi.websocket_routes": 1, "fastapi.routes": 1},
            # (the FastAPI route is wired by its decorator)
            {"rt.share": 0.8, "rt.handlers_total": 5, "rt.ws_wired": 1, "rt.ws_unwired": 0}
            | {"rt.work_routes": 1},
            id="python-websocket-service",
        ),
        pytest.param(
            {
                "rt.ws_handlers": 6,
                "rt.http_handlers": 4,
                "rt.ws_module.legacy": 4,
                "rt.ws_module.chat": 2,
                "rt.imports_module.chat": 1,
            },
            {
                "rt.share": 0.333,
                "rt.handlers_total": 6,
                "rt.work_routes": 4,
                "rt.ws_wired": 2,
                "rt.ws_unwired": 4,
                "rt.dead_socket_helper": 1,
            },
            id="dead-helper-left-out-of-the-share",
        ),
        pytest.param(
            {"py.ws_server": 1, "py.socket_events": 4, "flask.routes": 2},
            {"rt.share": 0.714, "rt.handlers_total": 7, "rt.ws_wired": 4, "rt.ws_unwired": 0}
            | {"rt.work_routes": 2},
            id="python-socketio-handlers-wired-to-their-server",
        ),
        pytest.param(
            {"py.socket_events": 3, "flask.routes": 1},
            {"rt.share": 0.75, "rt.handlers_total": 4, "rt.work_routes": 1},
            id="python-socketio-handlers-without-a-server",
        ),
    ],
)
def test_summary(values: dict[str, float], expected: dict[str, float]) -> None:
    assert summary(values) == expected


def _pages(*paths: str) -> Fact:
    evidence = tuple(Evidence(p, 2, "handles a request: session_start(") for p in paths)
    return Fact("php.web_pages", float(len(paths)), evidence)


RATCHET = {"rt.ws_handlers": 4, "rt.ws_entry": 4, "rt.listen": 1}


@pytest.mark.parametrize(
    ("pages", "share"),
    [
        pytest.param(
            ("login.php", "logout.php", "register.php", "match.php", "chat.php", "api/like.php"),
            0.571,
            id="a-site-s-own-pages-beside-its-chat-socket",
        ),
        pytest.param(("index.php", "auth/login.php", "health.php"), 1.0, id="only-doors"),
        pytest.param((), 1.0, id="no-pages"),
    ],
)
def test_plain_php_pages_are_http_routes_beside_a_socket_server(
    pages: tuple[str, ...], share: float
) -> None:
    """A PHP site's pages that handle requests are its routes: beside a Ratchet server's four
    handlers, a dating site's match and chat pages do the application's work; the home page
    and signing in are the sockets' door, as a framework's routes of those kinds are."""
    facts = Facts.from_values(RATCHET).values
    if pages:
        facts["php.web_pages"] = _pages(*pages)
    found = {f.key: f.value for f in realtime.realtime_summary(facts)}
    assert found["rt.share"] == share


def test_php_pages_do_not_make_a_share_where_there_are_no_sockets() -> None:
    facts = {"php.web_pages": _pages("index.php", "orders.php")}
    assert list(realtime.realtime_summary(facts)) == []


@pytest.mark.parametrize(
    ("imports", "board"),
    [
        pytest.param(("network", "ujson", "json"), True, id="wifi-and-a-micro-module"),
        pytest.param(("machine", "utime"), True, id="pins-and-time"),
        pytest.param(("network", "json"), False, id="a-module-of-its-own-named-network"),
        pytest.param(("ujson", "usocket", "ure"), False, id="a-dual-use-library-alone"),
    ],
)
def test_a_micropython_script_is_firmware(imports: tuple[str, ...], board: bool) -> None:
    """MicroPython's board modules and one more of its own: the script runs on a board."""
    facts = Facts.from_values({f"py.import.{m}": 1 for m in imports}).values
    found = [f.key for f in derived.micropython(facts)]
    assert found == (["firmware.micropython"] if board else [])


TANSTACK_ROUTE = """
import { createFileRoute } from '@tanstack/react-router'
import { createServerFn } from '@tanstack/react-start'

export const listPlanets = createServerFn({ method: 'GET' }).handler(async () => db.query())

export const Route = createFileRoute('/api/planets')({
  server: {
    handlers: {
      GET: async () => Response.json(await listPlanets()),
      POST: async ({ request }) => Response.json(await save(await request.json())),
    },
  },
})
"""


SAPPER_ENDPOINT = """import { posts } from './_posts.js';

export async function get(req, res) {
  res.end(JSON.stringify(posts.find((p) => p.slug === req.params.slug)));
}
"""


@pytest.mark.parametrize(
    ("path", "found"),
    [
        pytest.param("src/routes/blog/[slug].json.js", True, id="a-route"),
        pytest.param("web/src/routes/api/posts.ts", True, id="one-folder-down"),
        pytest.param("src/routes/_blog/[slug].json.js", False, id="an-underscored-folder"),
        pytest.param("src/routes/blog/_posts.js", False, id="an-underscored-file"),
        pytest.param("lib/src/routes2/posts.js", False, id="no-routes-folder"),
    ],
)
def test_sapper_endpoints_are_page_endpoints(path: str, found: bool) -> None:
    """Sapper's (and SvelteKit's before 1.0) endpoints export their methods in lower case;
    page endpoints, so a static adapter's build makes them files (derived.page_endpoints)."""
    facts = merge(realtime.scan_js(path, SAPPER_ENDPOINT))
    assert ("web.page_endpoints" in facts) is found
    assert "rt.http_handlers" not in facts


def test_tanstack_start_server_routes_and_functions_are_endpoints() -> None:
    found = merge(realtime.scan_js("src/routes/api.planets.ts", TANSTACK_ROUTE))
    endpoints = found["web.page_endpoints"]
    assert endpoints.value == 3
    assert [e.detail for e in endpoints.evidence] == [
        "TanStack Start server function",
        "TanStack Start server route GET",
        "TanStack Start server route POST",
    ]
    page = TANSTACK_ROUTE.replace("server: {\n    handlers", "loader: {\n    handlers").replace(
        "createServerFn", "createClientOnlyFn"
    )
    assert "web.page_endpoints" not in merge(realtime.scan_js("src/routes/index.tsx", page))


@pytest.mark.parametrize(
    ("keys", "kit"),
    [
        pytest.param(("gem.dep.devise",), True, id="devise"),
        pytest.param(("nuget.dep.microsoft.aspnetcore.identity.ui",), True, id="identity"),
        pytest.param(("composer.devdep.laravel/breeze",), True, id="breeze-as-a-dev-dependency"),
        pytest.param(("npm.dep.passport",), False, id="passport-without-a-strategy-of-its-own"),
        pytest.param(("npm.dep.express",), False, id="no-kit"),
    ],
)
def test_each_stack_s_sign_in_kit_is_an_auth_kit(keys: tuple[str, ...], kit: bool) -> None:
    facts = Facts.from_values(dict.fromkeys(keys, 1)).values
    assert [f.key for f in derived.auth_kit(facts)] == (["mvp.auth_kit"] if kit else [])


VAADIN_VIEW = """
package com.example.views;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Route;

@Route(value = "nearby", layout = MainLayout.class)
public class NearbyView extends VerticalLayout {
}
"""


def test_a_vaadin_view_is_a_page_the_server_answers() -> None:
    found = merge(
        realtime.scan_java("src/main/java/com/example/views/NearbyView.java", VAADIN_VIEW)
    )
    assert found["rt.http_handlers"].evidence[0].line == 7
    # (another framework's `@Route`, without Vaadin's router: not counted so)
    other = VAADIN_VIEW.replace("com.vaadin.flow.router.Route", "io.other.Route")
    assert "rt.http_handlers" not in merge(realtime.scan_java("NearbyView.java", other))


def test_vaadin_views_count_beside_a_stomp_chat_in_a_repo(repo: RepoFactory) -> None:
    """Views are files with no mapping annotation of Spring's: the scanner reads them."""
    views = {
        f"src/main/java/app/views/{name}View.java": VAADIN_VIEW.replace("nearby", name.lower())
        for name in ("Nearby", "Profile", "Dogs", "Settings")
    }
    chat = (
        "package app;\nimport org.springframework.messaging.handler.annotation.MessageMapping;\n"
        '@Controller\npublic class Chat {\n  @MessageMapping("/chat")\n  public void send() {}\n}\n'
    )
    root = repo(files={**views, "src/main/java/app/Chat.java": chat})
    facts = collect(discover(root))
    assert facts.value("rt.http_handlers") == 4
    assert facts.value("rt.share") == 0.2


def test_a_rust_socket_module_declared_by_its_folder_s_mod_rs_is_wired(repo: RepoFactory) -> None:
    """main.rs names the handler by its path (`ws::handler::ws_handler`); the folder's mod.rs,
    which holds no server word, declares the module (`pub mod handler;`)."""
    main = (
        "mod ws;\nuse actix_web::{App, HttpServer, web};\n#[actix_web::main]\n"
        "async fn main() -> std::io::Result<()> {\n"
        '    HttpServer::new(|| App::new().route("/ws", web::get().to(ws::handler::ws_handler)))\n'
        '        .bind(("0.0.0.0", 8080))?.run().await\n}\n'
    )
    handler = (
        "use actix_web::{HttpRequest, HttpResponse, web, Error};\nuse actix_web_actors::ws;\n"
        "pub async fn ws_handler(req: HttpRequest, stream: web::Payload)"
        " -> Result<HttpResponse, Error> {\n    ws::start(Session::default(), &req, stream)\n}\n"
    )
    root = repo(
        files={
            "src/main.rs": main,
            "src/ws/mod.rs": "pub mod handler;\npub mod session;\n",
            "src/ws/handler.rs": handler,
        }
    )
    facts = collect(discover(root))
    assert facts.value("rt.ws_wired") == 1
    assert facts.value("rt.ws_unwired") == 0


def test_an_actix_websocket_actor_is_a_connection_s_handler() -> None:
    """The actor's context names it, however the module renames what it imports."""
    source = (
        "use actix::{Actor, StreamHandler as ReceiveHandler};\n"
        "use actix_web_actors::ws::{Message as WsMessage, ProtocolError, WebsocketContext};\n"
        "pub struct ClientActor;\nimpl Actor for ClientActor {\n"
        "    type Context = WebsocketContext<Self>;\n}\n"
        "impl ReceiveHandler<Result<WsMessage, ProtocolError>> for ClientActor {\n"
        "    fn handle(&mut self, m: Result<WsMessage, ProtocolError>, c: &mut Self::Context)"
        " {}\n}\n"
    )
    found = merge(realtime.scan_rust("src/ws_handlers/client_handler.rs", source))
    assert found["rt.ws_handlers"].value == 1
    assert found["rt.ws_handlers"].evidence[0].line == 5


def test_a_csharp_tcp_server_whose_clients_are_kept_in_another_class(repo: RepoFactory) -> None:
    """The listener's accept loop in one file, the clients it keeps in another that names no
    server word: the class is read for what a hub keeps."""
    server = (
        "using System.Net;\nusing System.Net.Sockets;\nnamespace GameServer {\n"
        "  class ServerTCP {\n"
        "    static TcpListener serverSocket = new TcpListener(IPAddress.Any, 443);\n"
        "    public static void Start() {\n      serverSocket.Start();\n"
        "      serverSocket.BeginAcceptTcpClient(new AsyncCallback(OnConnect), null);\n    }\n"
        "  }\n}\n"
    )
    manager = (
        "using System.Collections.Generic;\nnamespace GameServer {\n"
        "  public static class ClientManager {\n"
        "    public static Dictionary<int, Client> clients = new Dictionary<int, Client>();\n"
        "  }\n}\n"
    )
    root = repo(files={"GameServer/ServerTCP.cs": server, "GameServer/ClientManager.cs": manager})
    facts = collect(discover(root))
    assert facts.value("rt.hub_code") == 1
    assert facts.value("rt.ws_handlers") >= 1


GRPC_HANDLER = """\
package notificationservice

func (h *Handler) Watch(req *pb.WatchRequest, stream pb.Notes_WatchServer) error {
	for msg := range h.sub.Channel() {
		stream.Send(&pb.Notification{Body: msg.Payload})
	}
	return nil
}
"""


@pytest.mark.parametrize(("unary", "ws", "http"), [(0, 1, 0), (3, 1, 3)])
def test_a_go_grpc_method_that_streams_holds_its_stream(unary: int, ws: int, http: int) -> None:
    """A server-streaming method's implementation takes the stream as a parameter; the same
    server's request-and-answer methods count as routes."""
    methods = "".join(
        f"\nfunc (h *Handler) Get{n}(ctx context.Context, req *pb.GetRequest)"
        " (*pb.GetReply, error) {\n\treturn nil, nil\n}\n"
        for n in range(unary)
    )
    found = merge(realtime.scan_go("notificationservice/handler.go", GRPC_HANDLER + methods))
    assert found["rt.ws_handlers"].value == ws
    assert found["rt.ws_handlers"].evidence[0].detail == "gRPC stream Watch"
    assert found.get("rt.http_handlers", Fact("", 0)).value == http
    stub = "func (UnimplementedNotesServer) Watch(*WatchRequest, Notes_WatchServer) error {\n"
    assert "rt.ws_handlers" not in merge(realtime.scan_go("pb/service_grpc.pb.go", stub))


SERVERLESS_CHAT = """\
service: chat
provider:
  name: aws
functions:
  connect:
    handler: functions/connect.handler
    events:
      - websocket:
          route: $connect
  send:
    handler: functions/send.handler
    events:
      - stream:
          type: dynamodb
  history:
    handler: functions/history.handler
    events:
      - httpApi: GET /history
"""


def test_a_serverless_function_called_only_on_other_events_is_no_http_handler(
    repo: RepoFactory,
) -> None:
    """Each function's module exports `handler` in `functions/`, which alone reads as an HTTP
    function; the service file says which of them a request calls."""
    handler = "exports.handler = async (event) => ({ statusCode: 200 });\n"
    root = repo(
        files={
            "serverless.yml": SERVERLESS_CHAT,
            **{f"functions/{name}.js": handler for name in ("connect", "send", "history")},
        }
    )
    facts = collect(discover(root))
    places = {e.path for e in facts.values["rt.http_handlers"].evidence}
    assert places == {"serverless.yml", "functions/history.js"}
    assert facts.value("rt.ws_handlers") == 1


def _routes(*items: tuple[str, str]) -> Fact:
    evidence = tuple(Evidence(path, 8, detail) for path, detail in items)
    return Fact("rt.http_handlers", float(len(items)), evidence)


def test_a_game_server_s_sign_in_routers_and_icon_do_no_application_work() -> None:
    """An MMO's login and register routers answer at their own root (`loginRouter.post('/')`,
    `router.post('/')` in `api/register/`), and the browser asks for `/favicon.ico`: the
    sockets' door, not the application's work."""

    def beside_four_socket_handlers(*routes: tuple[str, str]) -> dict[str, float]:
        facts = Facts.from_values({"rt.ws_handlers": 4, "rt.ws_entry": 4}).values
        facts["rt.http_handlers"] = _routes(*routes)
        return {f.key: f.value for f in realtime.realtime_summary(facts)}

    found = beside_four_socket_handlers(
        ("server/src/api/login/index.js", "loginRouter.post('/', ...)"),
        ("server/src/api/register/index.js", "router.post('/', ...)"),
        ("server/src/server.js", "app.get('/favicon.ico', ...)"),
    )
    assert found["rt.share"] == 1.0
    assert "rt.work_routes" not in found
    found = beside_four_socket_handlers(
        ("server/src/api/items/index.js", "router.post('/', ...)"),
        ("server/src/api/deposits/index.js", "depositRouter.post('/', ...)"),
        ("server/src/api/login/index.js", "loginRouter.post('/', ...)"),
    )
    assert found["rt.work_routes"] == 2


GO_BROKER_ACCEPT = """
package broker

import "github.com/acme/mqtt/internal/server"

func Serve(listener server.Listener) {
	for {
		conn, err := listener.Accept()
		if err != nil {
			continue
		}
		go handle(conn)
	}
}
"""


def test_a_go_listener_s_accept_loop_in_a_file_of_its_own_waits_for_the_hub() -> None:
    found = merge(realtime.scan_go("internal/broker/serve.go", GO_BROKER_ACCEPT))
    assert found["rt.tcp_serve"].evidence[0].line == 8
    assert "rt.ws_handlers" not in found  # (a hub's only with rt.hub_code: derived.tcp_hub)


TIDE_APP = """
#[async_std::main]
async fn main() -> tide::Result<()> {
    let mut app = tide::with_state(state);
    app.at("/").get(routes::home::root);
    app.at("/polls/:id/edit").post(routes::polls::edit);
    app.listen("127.0.0.1:8080").await?;
    Ok(())
}
"""


def test_tide_routes_and_its_listener() -> None:
    found = merge(realtime.scan_rust("src/main.rs", TIDE_APP))
    assert found["rt.http_handlers"].value == 2
    assert found["rt.listen"].evidence[0].line == 7


CS_LOBBY = """
using System.Net;
using System.Net.Sockets;

public partial class LobbyForm : Form
{
    static Socket server = new Socket(InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    static List<Player> players = new List<Player>();

    void Start()
    {
        server.Bind(new IPEndPoint(IPAddress.Any, 9000));
        server.Listen(3);
        while (true)
        {
            players.Add(new Player(server.Accept()));
        }
    }
}
"""


def test_a_csharp_lobby_on_a_stream_socket_of_its_own_holds_its_players(
    repo: RepoFactory,
) -> None:
    """Read in a real scan (its file holds none of the framework words the scanner looked
    for before), and its players are what a chat's clients are."""
    root = repo(files={"Server/LobbyForm.cs": CS_LOBBY})
    facts = collect(discover(root))
    assert facts.value("rt.ws_handlers") == 1
    assert facts.value("rt.listen") == 1
    quiet = CS_LOBBY.replace("Player", "Worker").replace("players", "workers")
    quiet = quiet.replace("LobbyForm", "QueueForm")
    found = collect(discover(repo(files={"Server/QueueForm.cs": quiet})))
    assert found.value("rt.ws_handlers") == 0


def test_share_evidence_names_places() -> None:
    source = 'io.on("connection", (s) => {\n  s.on("a", f);\n});\nserver.listen(80);\n'
    facts = merge(realtime.scan_js("server.js", source))
    facts.update(Facts.from_values({"rt.http_handlers": 2}).values)
    share = {f.key: f for f in realtime.realtime_summary(facts)}["rt.share"]
    assert share.evidence[0].detail == (
        "2 of 4 server handlers are real-time (server.js:1, server.js:2)"
    )


def test_dead_socket_helper_in_a_repo(repo: RepoFactory) -> None:
    root = repo(
        files={
            "server.js": textwrap.dedent(
                """
                const registerChat = require("./sockets/chat");
                io.on("connection", (socket) => registerChat(io, socket));
                server.listen(3000);
                """
            ),
            "sockets/chat.js": 'module.exports = (io, socket) => { socket.on("say", f); };\n',
            "sockets/old-presence.js": textwrap.dedent(
                """
                // Left over from the first version; nothing requires it any more.
                module.exports = (io, socket) => {
                  socket.on("presence:join", f);
                  socket.on("presence:leave", f);
                };
                """
            ),
        }
    )
    facts = collect(discover(root))
    assert facts.value("rt.ws_handlers") == 4
    assert facts.value("rt.ws_wired") == 2
    assert facts.value("rt.ws_unwired") == 2
    assert facts.value("rt.dead_socket_helper") == 1
    assert [e.path for e in facts.values["rt.dead_socket_helper"].evidence] == [
        "sockets/old-presence.js"
    ]
    assert facts.value("rt.share") == 1.0  # 2 live handlers, no HTTP routes


GO_LISTENER = """\
package conn

import "net"

func Serve(address string, handle func(net.Conn)) {
\tln, _ := net.Listen("tcp", address)
\tfor {
\t\tc, _ := ln.Accept()
\t\tgo handle(c)
\t}
}
"""
GO_TOPICS = """\
package broker

type Broker struct{ topics map[string][]Subscriber }

func (b *Broker) Publish(topic string, payload []byte) {
\tfor _, s := range b.topics[topic] {
\t\ts.Send(payload)
\t}
}
"""
GO_PROXY = """\
package proxy

import "io"

func Pipe(upstream, client io.ReadWriter) {
\tgo io.Copy(upstream, client)
\tio.Copy(client, upstream)
}
"""


@pytest.mark.parametrize(
    ("second", "hub"),
    [
        pytest.param(("broker/broker.go", GO_TOPICS), True, id="topics-kept-in-another-package"),
        pytest.param(("proxy/pipe.go", GO_PROXY), False, id="a-proxy-keeps-none"),
    ],
)
def test_a_tcp_server_split_over_files_is_a_hub_where_another_file_keeps_topics(
    repo: RepoFactory, second: tuple[str, str], hub: bool
) -> None:
    """The listener's file has no hub words; the file that keeps subscribers does."""
    root = repo(
        files={"go.mod": "module mqttd\n", "conn/listener.go": GO_LISTENER, second[0]: second[1]}
    )
    facts = collect(discover(root))
    assert facts.value("rt.tcp_serve") == 1
    assert facts.value("rt.listen") == 1
    if hub:
        assert [e.path for e in facts.values["rt.hub_code"].evidence] == ["broker/broker.go"]
        assert facts.value("rt.ws_handlers") == 1
        assert facts.value("rt.ws_wired") == 1
        assert facts.value("rt.share") == 1.0
    else:
        assert "rt.hub_code" not in facts.values
        assert "rt.ws_handlers" not in facts.values
        assert "rt.share" not in facts.values


def socket_server_behind_an_alias(tsconfig: str | None) -> dict[str, str]:
    """A Socket.IO server whose socket module the entry point imports as `@chat/...`."""
    files = {
        "package.json": '{"dependencies": {"express": "4", "socket.io": "4"}}\n',
        "bin/www.ts": textwrap.dedent(
            """
            import { Server } from "socket.io";
            import { ChatSocket } from "@chat/chat.socket";
            const io = new Server(server);
            new ChatSocket(io);
            server.listen(3000);
            """
        ),
        "src/chat/chat.socket.ts": textwrap.dedent(
            """
            export class ChatSocket {
              constructor(io) {
                io.on("connection", (socket) => {
                  socket.on("join", (room) => socket.join(room));
                  socket.on("say", (m) => io.to(m.room).emit("said", m));
                });
              }
            }
            """
        ),
    }
    if tsconfig is not None:
        files["tsconfig.json"] = tsconfig
    return files


TS_PATHS = """{
  // the project's own folders
  "compilerOptions": {
    "baseUrl": "./",
    "paths": {
      "@chat/*": ["./src/chat/*"],
      "@env": ["./src/environment"],
    },
  },
}
"""


@pytest.mark.parametrize(
    ("tsconfig", "wired"),
    [
        pytest.param(TS_PATHS, 3, id="scope-mapped-by-tsconfig-paths"),
        pytest.param(None, 0, id="no-tsconfig-an-npm-scope"),
        pytest.param('{"compilerOptions": {"paths": {"@lib/*": ["./lib/*"]}}}', 0, id="other"),
    ],
)
def test_socket_module_imported_through_a_path_alias(
    repo: RepoFactory, tsconfig: str | None, wired: int
) -> None:
    facts = collect(discover(repo(files=socket_server_behind_an_alias(tsconfig))))
    assert facts.value("rt.ws_handlers") == 3
    assert facts.value("rt.ws_wired") == wired
    assert facts.value("rt.ws_unwired") == 3 - wired


SOCKETCLUSTER_WORKER = """module.exports.run = function (worker) {
  var scServer = worker.scServer;
  scServer.on('connection', function (socket) {
    socket.on('subscribe', function (channel) {});
    socket.on('disconnect', function () {});
  });
};
"""


@pytest.mark.parametrize(
    ("controller", "wired"),
    [
        pytest.param("path.normalize(__dirname + '/worker.js')", 2, id="worker-by-path"),
        pytest.param("require.resolve('./worker')", 2, id="worker-resolved"),
        pytest.param("__dirname + '/other.js'", 0, id="another-module"),
    ],
)
def test_a_socketcluster_worker_is_wired_by_the_path_its_options_name(
    repo: RepoFactory, controller: str, wired: int
) -> None:
    index = (
        "var SocketCluster = require('socketcluster').SocketCluster;\n"
        f"var sc = new SocketCluster({{ port: 8000, workerController: {controller} }});\n"
    )
    root = repo(files={"index.js": index, "worker.js": SOCKETCLUSTER_WORKER})
    facts = collect(discover(root))
    assert facts.value("rt.ws_handlers") == 2  # the socket's events
    assert facts.value("rt.listen") == 1
    assert facts.value("rt.ws_wired") == wired


def test_tsconfig_aliases_and_a_broken_one() -> None:
    found = merge(realtime.scan_tsconfig("tsconfig.json", TS_PATHS))
    assert sorted(found) == ["js.path_alias.chat"]
    assert found["js.path_alias.chat"].evidence[0].line == 6
    with pytest.raises(realtime.NotAnalysable):
        list(realtime.scan_tsconfig("tsconfig.json", '{"compilerOptions": {"paths": '))
    assert not list(realtime.scan_tsconfig("tsconfig.json", '["paths"]'))


def scan_fixture(repo: RepoFactory, name: str) -> Facts:
    return collect(discover(Path(repo(name))))


def test_express_api_that_pushes_notifications(repo: RepoFactory) -> None:
    facts = scan_fixture(repo, "signals-express-notify")
    assert facts.value("rt.http_handlers") >= 10
    assert facts.value("rt.ws_handlers") == 2  # the connection and one "subscribe" event
    assert facts.value("rt.share") < 0.2
    assert facts.value("rt.listen") >= 1
    assert facts.value("rt.ws_unwired") == 0


def test_socket_io_chat_server(repo: RepoFactory) -> None:
    facts = scan_fixture(repo, "signals-socketio-chat")
    assert facts.value("rt.ws_handlers") >= 8
    # (its one HTTP route, a health check answering "ok", answers everyone the same)
    assert facts.value("rt.http_handlers") == 0
    assert facts.value("rt.file_routes") == 1
    assert facts.value("rt.share") > 0.8
    assert facts.value("rt.socket_client") >= 1  # the browser client, never a handler
    assert facts.value("rt.ws_unwired") == 0
    assert facts.value("rt.ws_wired") == facts.value("rt.ws_handlers")
    assert "public/js/chat.js" not in {e.path for e in facts.values["rt.ws_handlers"].evidence}


def test_go_gorilla_game_server(repo: RepoFactory) -> None:
    facts = scan_fixture(repo, "signals-go-game")
    assert facts.value("rt.ws_handlers") >= 2
    assert facts.value("rt.http_handlers") == 1  # "/" only; "/ws" mounts the socket
    assert facts.value("rt.listen") == 1
    assert facts.value("rt.share") >= 0.6
    assert facts.value("rt.ws_unwired") == 0
    assert not [k for k in facts.values if k.startswith("hft.")]


GO_PACKAGE_HANDLERS = """package hub

import "github.com/gorilla/websocket"

var upgrader = websocket.Upgrader{}

func serveWs(w http.ResponseWriter, r *http.Request) {
	conn, _ := upgrader.Upgrade(w, r, nil)
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		broadcast(msg)
	}
}
"""


@pytest.mark.parametrize(("router", "wired"), [(True, True), (False, False)])
def test_a_go_package_s_routes_wire_its_socket_handlers(
    repo: RepoFactory, router: bool, wired: bool
) -> None:
    """Files of one Go package call each other without an import: the handlers in
    hub/ws.go are wired by the routes hub/routes.go registers, and by nothing when the
    package registers none."""
    files = {"go.mod": "module example.com/app\n", "hub/ws.go": GO_PACKAGE_HANDLERS}
    if router:
        files["hub/routes.go"] = (
            'package hub\n\nimport "github.com/gin-gonic/gin"\n\n'
            'func Routes(r *gin.Engine) {\n\tr.GET("/topics", topics)\n}\n'
        )
    facts = collect(discover(repo(files=files)))
    assert facts.value("rt.ws_handlers") >= 1
    assert (facts.value("rt.ws_wired") > 0) is wired
    assert (facts.value("rt.ws_unwired") == 0) is wired


@pytest.mark.parametrize("module", ["example.com/push", "push-service"])
def test_a_go_module_s_own_packages_are_imported_by_its_name(
    repo: RepoFactory, module: str
) -> None:
    """`go mod init push-service` names the module without a host: its main package's
    import of `push-service/internal/ws` still wires the handlers there."""
    main = (
        f'package main\n\nimport (\n\t"net/http"\n\t"{module}/internal/ws"\n)\n\n'
        'func main() {\n\thttp.HandleFunc("/ws", ws.ServeWs)\n'
        '\thttp.ListenAndServe(":8080", nil)\n}\n'
    )
    files = {
        "go.mod": f"module {module}\n",
        "internal/ws/handler.go": GO_PACKAGE_HANDLERS.replace("package hub", "package ws"),
        "cmd/server/main.go": main,
    }
    facts = collect(discover(repo(files=files)))
    assert facts.value("rt.ws_wired") > 0
    assert facts.value("rt.ws_unwired") == 0


def test_the_standard_library_is_not_a_module_s_own() -> None:
    assert not realtime._outside_stdlib("net/http")
    assert not realtime._outside_stdlib("encoding/json")
    assert realtime._outside_stdlib("push-service/internal/ws")
    assert realtime._outside_stdlib("github.com/gorilla/websocket")


def socket_counts(path: str, source: str) -> dict[str, float]:
    keys = (realtime.WS, realtime.HTTP, realtime.LISTEN, realtime.FILE_ROUTE)
    return {k: f.value for k, f in scan(path, source).items() if k in keys}


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        pytest.param(
            "src/rooms/GameRoom.ts",
            'import { Room, Client } from "colyseus";\n'
            "export class GameRoom extends Room<State> {\n"
            "  onCreate() {\n"
            '    this.onMessage("move", (client, data) => this.move(client, data));\n'
            "    this.onMessage(MessageType.SHOOT, (client) => this.shoot(client));\n"
            "  }\n"
            "  onJoin(client: Client) { this.state.add(client); }\n"
            "  onLeave(client) { this.state.remove(client); }\n"
            "}\n",
            {"rt.ws_handlers": 4},
            id="a-colyseus-room",
        ),
        pytest.param(
            "src/chat.ts",
            'class Panel { show() { this.onMessage("x", f); } }\nfunction onJoin(a) {}\n',
            {},
            id="on-message-outside-a-room",
        ),
        pytest.param(
            "src/room-do.ts",
            "export class RoomDO {\n"
            "  async fetch(request: Request) {\n"
            "    const { 0: client, 1: server } = new WebSocketPair();\n"
            "    this.state.acceptWebSocket(server);\n"
            "    return new Response(null, { status: 101, webSocket: client });\n"
            "  }\n"
            "  async webSocketMessage(ws: WebSocket, message: string) {\n"
            "    this.relay(ws, message);\n  }\n"
            "  webSocketClose(ws, code) {}\n"
            "}\n",
            {"rt.ws_handlers": 3},
            id="a-durable-object-s-sockets",
        ),
        pytest.param(
            "src/index.ts",
            "export default {\n  async fetch(request: Request, env: Env) {\n"
            '    return new Response("ok");\n  },\n};\n',
            {"rt.listen": 1},
            id="a-module-worker",
        ),
        pytest.param(
            "src/component.ts",
            "export default {\n  data() { return {}; },\n  async fetch() { this.x = 1; },\n};\n",
            {},
            id="a-component-s-fetch-hook",
        ),
        pytest.param(
            "src/function/fund.ts",
            "@Provide()\nexport class FundHTTPService {\n"
            "  @ServerlessTrigger(ServerlessTriggerType.HTTP, { path: '/fund', method: 'post' })\n"
            "  async create() {}\n"
            "  @ServerlessTrigger(TriggerType.HTTP, { path: '/fund', method: 'get' })\n"
            "  async list() {}\n"
            "  @ServerlessTrigger(TriggerType.TIMER, { type: 'cron', value: '0 0 * * *' })\n"
            "  async nightly() {}\n}\n",
            {"rt.http_handlers": 2},
            id="midway-http-triggers",
        ),
        pytest.param(
            "server/events.js",
            'app.get("/events", (req, res) => {\n'
            '  res.writeHead(200, { "Content-Type": "text/event-stream" });\n'
            "  subscribers.add(res);\n});\n",
            {"rt.http_handlers": 1, "rt.ws_handlers": 1},
            id="a-server-sent-events-stream",
        ),
    ],
)
def test_persistent_connections_of_other_runtimes(
    path: str, source: str, expected: dict[str, float]
) -> None:
    assert socket_counts(path, source) == expected


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        pytest.param(
            "app.rb",
            "require 'sinatra'\n"
            "get '/' do\n  erb :index\nend\n"
            'post "/posts/:id" do |id|\nend\n'
            "delete %r{/posts/\\d+} do\nend\n",
            {"rt.http_handlers": 3},
            id="sinatra-routes",
        ),
        pytest.param(
            "api/users.rb",
            "class Users < Grape::API\n  resource :users do\n    get do\n    end\n"
            "    post ':id/follow' do\n    end\n  end\nend\n",
            {"rt.http_handlers": 2},
            id="grape-routes",
        ),
        pytest.param(
            "app.rb",
            "route do |r|\n  r.get 'posts' do\n  end\nend\n",
            {"rt.http_handlers": 1},
            id="roda-routes",
        ),
        pytest.param(
            "lib/client.rb",
            "http.get(url) do |response|\nend\nget '/x'\n",
            {},
            id="ruby-calls-that-are-not-routes",
        ),
        pytest.param(
            "Pages/Students/Edit.cshtml.cs",
            "public class EditModel : PageModel {\n"
            "    public async Task<IActionResult> OnGetAsync(int id) { return Page(); }\n"
            "    public IActionResult OnPostDelete(int id) { return RedirectToPage(); }\n}\n",
            {"rt.http_handlers": 2},
            id="razor-page-handlers",
        ),
        pytest.param(
            "lib/app_web/router.ex",
            "defmodule AppWeb.Router do\n  use AppWeb, :router\n"
            '  scope "/api", AppWeb do\n    pipe_through :api\n'
            '    get "/items", ItemController, :index\n  end\nend\n',
            {"rt.http_handlers": 1},
            id="phoenix-router-named-by-its-app",
        ),
        pytest.param(
            "lib/app_web/router.ex",
            "defmodule AppWeb.Router do\n  use AppWeb, :router\n"
            '  live "/notes", NotesLive\n  live "/notes/:id", NotesLive.Show\nend\n',
            {"rt.http_handlers": 2},
            id="phoenix-liveview-pages",
        ),
        pytest.param(
            "lib/bank_web/router.ex",
            "defmodule BankWeb.Router do\n  use Phoenix.Router\n"
            '  scope "/api", BankWeb do\n    pipe_through(:api)\n'
            '    get("/health", HealthController, :index)\n'
            '    post("/auth/login", AuthController, :login)\n  end\nend\n',
            {"rt.http_handlers": 2},
            id="phoenix-routes-written-as-calls",
        ),
        pytest.param(
            "main.go",
            'package main\nimport "net/http"\n'
            "func eventsHandler(w http.ResponseWriter, r *http.Request) {\n"
            '\tw.Header().Set("Content-Type", "text/event-stream")\n}\n'
            "func health(w http.ResponseWriter, r *http.Request) {}\n"
            "func main() {\n"
            '\thttp.HandleFunc("/events", eventsHandler)\n'
            '\thttp.HandleFunc("/health", health)\n'
            '\thttp.ListenAndServe(":8001", nil)\n}\n',
            {"rt.http_handlers": 1, "rt.ws_handlers": 1, "rt.listen": 1},
            id="go-route-mounting-an-event-stream",
        ),
        pytest.param(
            "functions/create-todo.js",
            "const sendQuery = require('./utils/send-query');\n"
            "exports.handler = async (event) => {\n  return { statusCode: 200 };\n};\n",
            {"rt.http_handlers": 1},
            id="a-netlify-function",
        ),
        pytest.param(
            "functions/readTodo.js",
            "const handler = async (event) => {\n  return { statusCode: 200 };\n};\n"
            "module.exports = { handler };\n",
            {"rt.http_handlers": 1},
            id="a-netlify-function-exported-by-name",
        ),
        pytest.param(
            "netlify/functions/list.ts",
            "const handler: Handler = async () => ({ statusCode: 200 });\nexport { handler };\n",
            {"rt.http_handlers": 1},
            id="a-typescript-function-exported-by-name",
        ),
        pytest.param(
            "functions/api/orders.ts",
            """
        export async function onRequestGet(context: { env: Env }): Promise<Response> {
          const rows = await context.env.DB.prepare("SELECT * FROM orders").all();
          return Response.json(rows.results);
        }
        export const onRequestPost = createOrder;
        """,
            {"rt.http_handlers": 1},
            id="a-cloudflare-pages-function",
        ),
        pytest.param(
            "config.ru",
            "require 'faye'\nbayeux = Faye::RackAdapter.new(mount: '/faye', timeout: 25)\n"
            "run bayeux\n",
            {"rt.ws_handlers": 1, "rt.listen": 1},
            id="a-ruby-faye-server",
        ),
        pytest.param(
            "game-server.rb",
            "require 'em-websocket'\nEM.run do\n"
            "  EM::WebSocket.run(:host => '0.0.0.0', :port => 8080) do |ws|\n"
            "    ws.onopen { |handshake| CLIENTS << ws }\n"
            "    ws.onclose { CLIENTS.delete(ws) }\n"
            "    ws.onmessage do |msg|\n      CLIENTS.each { |c| c.send msg }\n    end\n"
            "  end\nend\n",
            {"rt.ws_handlers": 3, "rt.listen": 1},
            id="an-eventmachine-websocket-server",
        ),
        pytest.param(
            "src/server.js",
            "const http = require('http');\n"
            "http.createServer((req, res) => {\n"
            "  if (req.method === 'GET' && req.url === '/api/users') { return listUsers(res); }\n"
            "  if (req.url === '/api/users' && req.method === 'POST') { return add(req, res); }\n"
            '  if (request.method == "DELETE" && url.pathname === `/api/users/${id}`) {}\n'
            "}).listen(3000);\n",
            {"rt.http_handlers": 3, "rt.listen": 1},
            id="a-router-written-by-hand",
        ),
        pytest.param(
            "src/api.js",
            "const ok = req.method === 'GET' && isCached(req);\n"
            "if (location.pathname === '/about') { showAbout(); }\n",
            {},
            id="a-method-test-without-a-path-or-a-path-without-a-method",
        ),
        pytest.param(
            "Host/Listeners/ChatListener.cs",
            "using System.Net.Sockets;\npublic class ChatListener {\n"
            "  private readonly ConcurrentDictionary<string, ClientInfo> _connectedClients;\n"
            "  public void Start() {\n"
            "    var listener = new Socket(ep.AddressFamily, SocketType.Stream, Tcp);\n"
            "    listener.Bind(ep);\n    listener.Listen(100);\n"
            "    listener.BeginAccept(new AsyncCallback(OnAccept), listener);\n  }\n}\n",
            {"rt.ws_handlers": 1, "rt.listen": 1},
            id="csharp-a-stream-socket-server-that-keeps-clients",
        ),
        pytest.param(
            "Client/ConsoleClient.cs",
            "var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);\n"
            "socket.Connect(endPoint);\nsocket.Receive(buffer);\n",
            {},
            id="csharp-a-socket-client",
        ),
        pytest.param(
            "Program.cs",
            "builder.WebHost.ConfigureKestrel(o => { o.Listen(IPAddress.Any, 5000); });\n"
            "var clients = new List<string>();\n",
            {},
            id="csharp-kestrel-listen-is-no-socket-server",
        ),
        pytest.param(
            "main.go",
            'package main\nimport (\n\t"net/http"\n\t"github.com/gorilla/mux"\n)\n'
            "func main() {\n\tr := mux.NewRouter()\n"
            '\tr.HandleFunc("/messages", postMessage).Methods(http.MethodPost)\n'
            '\thttp.Handle("/", r)\n'
            '\thttp.Handle("/static/", http.StripPrefix("/static/",\n'
            '\t\thttp.FileServer(http.Dir("web"))))\n'
            '\thttp.Handle("/index/", http.FileServer(http.Dir("web/")))\n'
            '\thttp.Handle("/metrics", promhttp.Handler())\n'
            '\thttp.ListenAndServe(":8080", nil)\n}\n',
            {"rt.http_handlers": 2, "rt.file_routes": 2, "rt.listen": 1},
            id="go-a-mounted-router-and-file-servers-are-no-routes-of-their-own",
        ),
        pytest.param(
            "index.js",
            "const express = require('express');\n"
            "const SERVER = {\n  app: express(),\n"
            "  static: function (req, res) { res.sendFile('/build/index.html'); },\n};\n"
            "function saveScore(req, res) { db.insert(req.body); res.json({ ok: true }); }\n"
            "SERVER.app.use(express.static('build'));\n"
            "SERVER.app.post('/scores', saveScore);\n"
            "SERVER.app.get('/*', SERVER.static);\n"
            "SERVER.app.listen(3000);\n",
            {"rt.http_handlers": 1, "rt.file_routes": 1, "rt.listen": 1},
            id="node-a-route-given-its-handler-by-name-is-read-where-it-is-defined",
        ),
        pytest.param(
            "src/app/index.ts",
            "import Koa from 'koa';\nimport Router from 'koa-router';\nconst app = new Koa();\n"
            "const router = new Router();\n"
            "router.get('/', async (ctx: Koa.Context) => {\n"
            "  ctx.body = 'API for core exchange v1';\n});\n"
            "app.use(router.routes());\napp.listen(3000);\n",
            {"rt.file_routes": 1, "rt.listen": 1},
            id="koa-a-route-whose-body-is-a-literal-is-a-fixed-answer",
        ),
        pytest.param(
            "app.js",
            'const app = require("express")();\n'
            'app.get("/", (req, res) => {\n  res.redirect("/tools");\n});\n'
            'app.use("/tools", express.static("."));\napp.listen(3000);\n',
            {"rt.file_routes": 1, "rt.listen": 1},
            id="node-a-redirect-to-the-files-beside-it-is-a-fixed-answer",
        ),
        pytest.param(
            "cmd/chat/main.go",
            'package main\nimport "net/http"\n'
            "func main() {\n"
            '\tfs := http.FileServer(http.Dir("./static"))\n\thttp.Handle("/", fs)\n'
            '\tassets := http.StripPrefix("/a/", http.FileServer(http.Dir("a")))\n'
            '\thttp.Handle("/a/", assets)\n'
            '\tapi := newAPI()\n\thttp.Handle("/api/", api)\n'
            '\thttp.ListenAndServe(":8080", nil)\n}\n',
            {"rt.http_handlers": 1, "rt.file_routes": 2, "rt.listen": 1},
            id="go-a-file-server-kept-in-a-name-is-a-file-route",
        ),
        pytest.param(
            "app.rb",
            "App = lambda do |env|\n  if Faye::WebSocket.websocket?(env)\n"
            "    ws = Faye::WebSocket.new(env)\n    ws.on :message do |event|\n"
            "      ws.send(event.data)\n    end\n    ws.on(:close) { ws = nil }\n"
            "    ws.rack_response\n  end\nend\n",
            {"rt.ws_handlers": 2, "rt.listen": 1},
            id="a-faye-websocket-rack-app",
        ),
        pytest.param(
            "lib/client.rb",
            "ws = WebSocket::Client::Simple.connect('ws://example.com')\n"
            "ws.on :message do |msg|\n  puts msg.data\nend\n",
            {},
            id="a-ruby-websocket-client-is-no-server",
        ),
        pytest.param(
            "src/google-api/index.js",
            "export const listenForSignIn = (listener) =>\n"
            "  GoogleAuth.isSignedIn.listen(listener);\n"
            "auth.onChange.listen((user) => render(user));\n",
            {},
            id="an-observer-s-listen-is-no-server",
        ),
        pytest.param(
            "src/scripts/slide.js",
            "folder\n  .add(this.uniforms.uProgress, 'value', 0, 1, 0.1)\n  .listen();\n"
            "gui.add(params, 'speed').listen();\n",
            {},
            id="a-gui-control-s-listen-is-no-server",
        ),
        pytest.param(
            "app.pl",
            "#!/usr/bin/env perl\nuse Mojolicious::Lite -signatures;\n\n"
            "get '/' => sub ($c) { $c->render(template => 'index') };\n"
            "post '/login' => sub ($c) { $c->redirect_to('/') };\n"
            "# get '/old' => sub { }  (a comment)\n"
            "websocket '/echo' => sub ($c) { $c->on(message => sub { }) };\n"
            "app->start;\n",
            {"rt.http_handlers": 2, "rt.ws_handlers": 1, "rt.listen": 1},
            id="a-mojolicious-lite-app",
        ),
        pytest.param(
            "lib/Shop.pm",
            "package Shop;\nuse Mojo::Base 'Mojolicious', -signatures;\n"
            "sub startup ($self) {\n  my $r = $self->routes;\n"
            "  $r->get('/')->to('root#index');\n  $r->post('/cart')->to('cart#add');\n}\n1;\n",
            {"rt.http_handlers": 2},
            id="a-mojolicious-app-s-router",
        ),
        pytest.param(
            "lib/Controll/Staff.pm",
            "package Controll::Staff;\nuse Mojo::Base 'Mojolicious::Controller';\n"
            "sub index { my $c = shift; $c->render('staff/index') }\n1;\n",
            {"rt.http_handlers": 1},
            id="a-mojolicious-controller",
        ),
        pytest.param(
            "lib/CRM/Controller/Contact.pm",
            "package CRM::Controller::Contact;\nuse Moose;\n"
            "sub list :Local :Args(0) { my ($self, $c) = @_; }\n"
            "sub view :Path('/contact') { }\nsub helper { }\n",
            {"rt.http_handlers": 2},
            id="catalyst-actions",
        ),
        pytest.param(
            "app.psgi",
            "use Dancer2;\nget '/' => sub { template 'index' };\ndance;\n",
            {"rt.http_handlers": 1, "rt.listen": 1},
            id="a-dancer-psgi-app",
        ),
        pytest.param(
            "app.lua",
            'local lapis = require("lapis")\nlocal app = lapis.Application()\n'
            'app:enable("etlua")\n'
            'app:get("/", function(self) return { render = "home" } end)\n'
            'app:match("login", "/login", respond_to({}))\n'
            '-- app:post("/old", function() end)\n'
            '--[[ app:post("/older", function() end) ]]\n'
            'app:post("/challenge", function(self) end)\n'
            "return app\n",
            {"rt.http_handlers": 3},
            id="a-lapis-app-s-routes",
        ),
        pytest.param(
            "main.lua",
            "local lor = require('lor.index')\nlocal app = lor()\n"
            "app:get('/items', function(req, res, next) res:json({}) end)\napp:run()\n",
            {"rt.http_handlers": 1, "rt.listen": 1},
            id="a-lor-app",
        ),
        pytest.param(
            "fetch.lua",
            'local http = require("socket.http")\nlocal client = Client()\nclient:get("/status")\n',
            {},
            id="a-lua-client-s-request-is-no-route",
        ),
        pytest.param(
            "script/report.pl",
            "use strict;\nmy %get = ();\nprint \"get '/' => sub\\n\";\nsub report { }\n",
            {},
            id="a-perl-script-is-no-server",
        ),
        pytest.param(
            "backend/lambdas/getDevices/getDevices.ts",
            "import { APIGatewayEvent, APIGatewayProxyResult } from 'aws-lambda';\n"
            "export const handler = async (event: APIGatewayEvent): "
            "Promise<APIGatewayProxyResult> => ({ statusCode: 200, body: '[]' });\n",
            {"rt.http_handlers": 1},
            id="a-lambda-behind-api-gateway",
        ),
        pytest.param(
            "src/handlers/report.ts",
            "import type { APIGatewayProxyHandler } from 'aws-lambda';\n"
            "export const handler: APIGatewayProxyHandler = async () =>\n"
            "  ({ statusCode: 204, body: '' });\n",
            {"rt.http_handlers": 1},
            id="a-lambda-typed-by-api-gateway-anywhere",
        ),
        pytest.param(
            "src/jobs/nightly.ts",
            "import type { ScheduledHandler } from 'aws-lambda';\n"
            "export const handler: ScheduledHandler = async () => { await prune(); };\n",
            {},
            id="a-scheduled-lambda-answers-no-request",
        ),
        pytest.param(
            "src/rooms/MyRoom.js",
            "const colyseus = require('colyseus');\n"
            "exports.MyRoom = class extends colyseus.Room {\n"
            "  onCreate (options) {\n    this.onMessage('type', (client, message) => {});\n  }\n"
            "  onJoin (client, options) {}\n}\n",
            {"rt.ws_handlers": 2},
            id="a-colyseus-room-extending-the-qualified-base",
        ),
        pytest.param(
            "src/server/rooms.ts",
            'import { Room, Client } from "colyseus";\nexport class GameRoom extends Room {\n'
            "    override onJoin(client: Client, options?: JoinOptions): void {}\n"
            "    override async onLeave(client: Client, consented?: boolean): Promise<any> {}\n}\n",
            {"rt.ws_handlers": 2},
            id="colyseus-room-callbacks-marked-override",
        ),
        pytest.param(
            "src/index.js",
            'const { listen } = require("@colyseus/arena");\n'
            'const arenaConfig = require("./arena.config");\nlisten(arenaConfig);\n',
            {"rt.listen": 1},
            id="colyseus-arena-s-listen",
        ),
        pytest.param(
            "src/http/Handler.cpp",
            "bool Handler::handshake(Ctx& ctx, Parser* req) {\n"
            '  const auto key = req->getHeader("sec-websocket-key") + WS_MAGIC;\n'
            "  Response resp;\n  resp.setStatus(101);\n"
            '  resp.setHeader("sec-websocket-accept", base64(sha1(key)));\n'
            "  return true;\n}\n",
            {"rt.ws_handlers": 1},
            id="a-websocket-handshake-answered-by-hand",
        ),
        pytest.param(
            "src/client.cpp",
            'void Client::verify(Response& r) { check(r.getHeader("sec-websocket-accept")); }\n',
            {},
            id="a-client-only-reads-the-accept-header",
        ),
        pytest.param(
            "src/Server.cpp",
            "int fd = socket(AF_INET, SOCK_STREAM, 0);\nbind(fd, (sockaddr*)&a, sizeof a);\n"
            "if (listen(fd, SOMAXCONN) == -1) return;\n",
            {"rt.listen": 1},
            id="a-server-on-the-sockets-api",
        ),
        pytest.param(
            "Server.cpp",
            "void Server::run() {\n  bind(fd, addr, len);\n  listen(listenfd, SOMAXCONN);\n"
            "  int cfd = accept(listenfd, (sockaddr*)&ss, &slen);\n"
            "  clients[cfd] = Client(cfd);\n  channels[name].join(cfd);\n}\n",
            {"rt.listen": 1, "rt.ws_handlers": 1},
            id="an-irc-server-keeps-its-clients",
        ),
        pytest.param(
            "src/gateway.cpp",
            "void Gateway::run() {\n  bind(fd, addr, len);\n  listen(fd, 8);\n"
            "  accept_clients(accept(fd, NULL, NULL));\n  mqtt.publish(topic, registers);\n}\n",
            {"rt.listen": 1},
            id="a-modbus-gateway-publishing-to-a-broker-keeps-no-room",
        ),
        pytest.param(
            "server.cpp",
            "int main() {\n  bind(fd, addr, len);\n  listen(fd, 16);\n"
            "  int c = accept(fd, NULL, NULL);\n  handle_clients(c);\n"
            '  write(c, "HTTP/1.1 200 OK\\r\\n", 17);\n}\n',
            {"rt.listen": 1},
            id="a-web-server-in-c-keeps-no-clients",
        ),
        pytest.param(
            "GameServer/Server.cs",
            "class Server {\n  public static Dictionary<int, Client> clients = new();\n"
            "  static TcpListener tcpListener;\n  public static void Start(int port) {\n"
            "    tcpListener = new TcpListener(IPAddress.Any, port);\n    tcpListener.Start();\n"
            "    tcpListener.BeginAcceptTcpClient(OnConnect, null);\n  }\n}\n",
            {"rt.listen": 1, "rt.ws_handlers": 1},
            id="a-dotnet-tcp-game-server",
        ),
        pytest.param(
            "lib/server_web/channels/game_socket.ex",
            "defmodule ServerWeb.GameSocket do\n  use Phoenix.Socket\n"
            '  channel("game", ServerWeb.GameChannel)\nend\n',
            {"rt.ws_handlers": 1},
            id="a-phoenix-channel-declared-with-parentheses",
        ),
        pytest.param(
            "app.js",
            "var mosca = require('mosca');\nvar server = new mosca.Server({ port: 1883 });\n"
            "server.on('clientConnected', function (client) {});\n",
            {"rt.ws_handlers": 1, "rt.listen": 1},
            id="a-mosca-broker",
        ),
        pytest.param(
            "internal/server/websocket.go",
            'package server\n\nimport (\n\t"github.com/gobwas/ws"\n'
            '\t"github.com/gobwas/ws/wsutil"\n)\n\n'
            "func handle(conn net.Conn) {\n\tfor {\n"
            "\t\t_, _, err := wsutil.ReadClientData(conn)\n"
            "\t\tif err != nil {\n\t\t\treturn\n\t\t}\n"
            "\t}\n}\n",
            {"rt.ws_handlers": 1},
            id="a-gobwas-read-loop",
        ),
        pytest.param(
            "R/api.R",
            "library(plumber)\nmodel <- readRDS('model.rds')\n\n"
            "#* Predict from the posted body\n#* @post /getprediction\n"
            "function(req) predict(model, req$body)\n\n#* @get /performance\nfunction() perf\n",
            {"rt.http_handlers": 2},
            id="r-plumber-routes",
        ),
        pytest.param(
            "R/run.R",
            "pr <- plumber::plumb('R/api.R')\npr$run(host = '0.0.0.0', port = 8000)\n"
            "plumb('api.R') |> pr_run(port = 8000)\n",
            {"rt.listen": 2},
            id="r-plumber-served",
        ),
        pytest.param(
            "app.R",
            "library(shiny)\nui <- fluidPage(plotOutput('p'))\n"
            "server <- function(input, output, session) {\n  output$p <- renderPlot(plot(d))\n}\n"
            "shinyApp(ui = ui, server = server)\n",
            {"rt.listen": 2},
            id="r-shiny-app",
        ),
        pytest.param(
            "analysis/model.R",
            "# fit the model\nfit <- lm(y ~ x, data = d)\n#* not an annotation\n",
            {},
            id="an-r-script-serves-nothing",
        ),
        pytest.param(
            "routes/users.js",
            "var express = require('express');\nvar users = express.Router();\n"
            "users.post('/register', function (req, res) { db.insert(req.body); });\n"
            "users.get('/:id', auth, function (req, res) { res.json({}); });\n"
            "other.get('/not-a-router', h);\nmodule.exports = users;\n",
            {"rt.http_handlers": 2},
            id="an-express-router-under-any-name",
        ),
        pytest.param(
            "broker.js",
            "const aedes = require('aedes')()\n"
            "const server = require('net').createServer(aedes.handle)\n"
            "server.listen(1883)\n",
            {"rt.ws_handlers": 1, "rt.listen": 1},
            id="an-embedded-mqtt-broker",
        ),
        pytest.param(
            "server.js",
            "require('http').createServer(handler).listen(process.env.PORT);\n",
            {"rt.listen": 1},
            id="a-chained-listen-on-a-port",
        ),
        pytest.param(
            "src/main/java/chat/ChatServer.java",
            "import org.java_websocket.server.WebSocketServer;\n"
            "public class ChatServer extends WebSocketServer {\n"
            "  public void onOpen(WebSocket conn, ClientHandshake h) {}\n"
            "  public void onMessage(WebSocket conn, String message) {}\n}\n",
            {"rt.listen": 1, "rt.ws_handlers": 2},
            id="a-java-websocket-server",
        ),
        pytest.param(
            "src/main/java/sgs/RoomServer.java",
            "import java.net.ServerSocket;\nclass RoomServer {\n  void run() throws Exception {\n"
            "    ServerSocket server = new ServerSocket(port);\n"
            "    while (true) { Socket c = server.accept(); rooms.join(c); }\n  }\n}\n",
            {"rt.listen": 1, "rt.ws_handlers": 1},
            id="a-java-tcp-room-server",
        ),
        pytest.param(
            "src/main.rs",
            "use hyper::service::service_fn;\n"
            "let listener = TcpListener::bind(addr).await?;\nlet clients = pool();\n"
            "loop {\n  let (stream, _) = listener.accept().await?;\n"
            "  http1::Builder::new().serve_connection(io, service_fn(proxy)).await;\n}\n",
            {"rt.listen": 1},
            id="a-rust-http-proxy-is-no-socket-hub",
        ),
        pytest.param(
            "src/functions/format.js",
            "export function formatDate(d) {\n  return d.toISOString();\n}\n",
            {},
            id="a-folder-of-helper-functions",
        ),
        pytest.param(
            "server.go",
            'package main\nimport "net"\nconst Protocol = "tcp"\n'
            "func main() {\n  clients := map[net.Conn]string{}\n"
            '  listener, _ := net.Listen(Protocol, ":8080")\n'
            "  for { conn, _ := listener.Accept(); go handle(conn, clients) }\n}\n",
            {"rt.listen": 1, "rt.ws_handlers": 1},
            id="go-tcp-hub-listening-on-a-named-network",
        ),
        pytest.param(
            "src/network.rs",
            "let (endpoint, mut incoming) = quinn::Endpoint::server(config, addr)?;\n"
            "while let Some(conn) = incoming.next().await {\n    CLIENTS.insert(conn);\n}\n",
            {"rt.listen": 1, "rt.ws_handlers": 1},
            id="rust-quic-game-server",
        ),
        pytest.param(
            "app.js",
            'import { Server } from "socket.io";\n'
            "const io = new Server(process.env.PORT || 8080, { cors: {} });\n"
            'io.on("connection", (socket) => {\n'
            '  socket.on("send-fire", (room) => {});\n});\n',
            {"rt.listen": 1, "rt.ws_handlers": 2},
            id="socket-io-server-given-its-port",
        ),
        pytest.param(
            "src/server.js",
            'import { Server } from "socket.io";\n'
            'io.on("connection", (socket) => {\n'
            "  const safe = (name, handler) => socket.on(name, async (...args) => {\n"
            "    try { await handler(...args); } catch (e) {}\n  });\n"
            "  safe('login', async () => {});\n  safe('send_message', async () => {});\n"
            "  function unrelated(x) { return x; }\n  unrelated('not an event');\n});\n",
            {"rt.ws_handlers": 3},
            id="socket-events-registered-through-a-wrapper",
        ),
        pytest.param(
            "p2p-network.js",
            'const dgram = require("dgram");\n'
            'this.discoverySocket = dgram.createSocket({ type: "udp4" });\n'
            'this.discoverySocket.on("message", (msg) => {});\n',
            {},
            id="a-udp-socket-keeps-no-connection",
        ),
        pytest.param(
            "app.js",
            "async function handler(req) {\n"
            "  const file = await Deno.readFile(`${Deno.cwd()}${new URL(req.url).pathname}`);\n"
            "  return new Response(file);\n}\nDeno.serve({ port: 8000 }, handler);\n",
            {"rt.file_routes": 1, "rt.listen": 1},
            id="a-deno-server-that-sends-files",
        ),
        pytest.param(
            "app.js",
            "Deno.serve(async (req) => {\n  const body = await req.json();\n"
            "  return new Response(await Deno.readFile('index.html'));\n});\n",
            {"rt.listen": 1},
            id="a-deno-server-that-reads-requests",
        ),
        pytest.param(
            "server.js",
            "const express = require('express');\nconst app = express();\n"
            "app.use(express.static('./dist'));\napp.listen(3000);\n",
            {"rt.file_routes": 1, "rt.listen": 1},
            id="an-express-server-that-mounts-a-folder-of-files",
        ),
        pytest.param(
            "server.js",
            "const express = require('express');\nconst app = express();\n"
            "app.use(express.static('./dist'));\napp.get('/api/items', list);\napp.listen(3000);\n",
            {"rt.http_handlers": 1, "rt.listen": 1},
            id="a-folder-of-files-beside-the-app-s-routes",
        ),
        pytest.param(
            "index.js",
            "var http = require('http');\nvar fs = require('fs');\nvar path = require('path');\n"
            "var types = { html: 'text/html', css: 'text/css' };\n"
            "http.createServer((req, res) => {\n"
            "  var name = path.join(process.cwd(), new URL(req.url, 'http://x').pathname);\n"
            "  res.writeHead(200, { 'Content-Type': types[path.extname(name).slice(1)] });\n"
            "  fs.createReadStream(name).pipe(res);\n"
            "}).listen(process.env.PORT || 3000);\n",
            {"rt.file_routes": 1, "rt.listen": 1},
            id="node-s-own-server-written-as-a-file-server",
        ),
        pytest.param(
            "index.js",
            "var http = require('http');\nvar fs = require('fs');\nvar path = require('path');\n"
            "var types = { html: 'text/html', css: 'text/css' };\n"
            "http.createServer((req, res) => {\n"
            "  var name = path.join(process.cwd(), new URL(req.url, 'http://x').pathname);\n"
            "  let body = '';\n  req.on('data', (chunk) => { body += chunk; });\n"
            "  req.on('end', () => { fs.appendFileSync('log.txt', body); res.end('ok'); });\n"
            "  fs.createReadStream(name).pipe(res);\n"
            "}).listen(3000);\n",
            {"rt.listen": 1},
            id="node-s-own-server-that-also-reads-what-is-posted",
        ),
        pytest.param(
            "src/main/java/chat/ChatServer.java",
            "import com.corundumstudio.socketio.SocketIOServer;\n"
            "class ChatServer {\n  void start() {\n"
            "    SocketIOServer server = new SocketIOServer(config);\n"
            "    server.addConnectListener(client -> {});\n"
            '    server.addEventListener("chat message", String.class, (c, m, a) -> {});\n'
            "    server.start();\n  }\n}\n",
            {"rt.listen": 1, "rt.ws_handlers": 2},
            id="netty-socketio-server",
        ),
        pytest.param(
            "src/main/java/chat/ChatListeners.java",
            "import com.corundumstudio.socketio.SocketIOClient;\n"
            "import com.corundumstudio.socketio.annotation.OnConnect;\n"
            "import com.corundumstudio.socketio.annotation.OnEvent;\n"
            "class ChatListeners {\n"
            "  @OnConnect\n  public void joined(SocketIOClient client) {}\n"
            '  @OnEvent("chat")\n  public void chat(SocketIOClient client, String text) {}\n'
            "}\n",
            {"rt.ws_handlers": 2},
            id="netty-socketio-annotated-listeners",
        ),
        pytest.param(
            "app/routes/notes.$id.tsx",
            'import { json } from "@remix-run/node";\n'
            "export async function loader({ params }) {\n"
            "  return json(await getNote(params.id));\n}\n"
            "export const action = async ({ request }) => redirect('/notes');\n"
            "export default function Note() {\n  return <article />;\n}\n",
            {"rt.http_handlers": 1},
            id="a-remix-route-module-with-its-loader",
        ),
        pytest.param(
            "app/routes/dashboard/index.js",
            "import MainCard from '../../ui/MainCard';\n"
            "export default function Dashboard() {\n  return <MainCard />;\n}\n",
            {},
            id="a-remix-route-module-that-only-renders",
        ),
        pytest.param(
            "imports/api/genes/methods.js",
            'import { Meteor } from "meteor/meteor";\n'
            "Meteor.methods({\n  'genes.update'({ id, attrs }) { Genes.update(id, attrs); },\n});\n"
            "Meteor.publish('genes', function () { return Genes.find(); });\n"
            "WebApp.connectHandlers.use('/api/genes', (req, res) => res.end());\n",
            {"rt.http_handlers": 3},
            id="meteor-methods-publications-and-a-connect-handler",
        ),
        pytest.param(
            "client/main.js",
            'import { Meteor } from "meteor/meteor";\n'
            "Meteor.startup(() => render(<App />, document.getElementById('app')));\n"
            "Meteor.call('genes.update', { id, attrs });\n",
            {},
            id="a-meteor-client-calls-a-method",
        ),
        pytest.param(
            "src/main/java/app/Events.java",
            "import org.example.events.OnEvent;\n"
            "class Events {\n  @OnEvent\n  public void saved(Order order) {}\n}\n",
            {},
            id="an-annotation-of-another-library-named-on-event",
        ),
        pytest.param(
            "Websocket/Behaviours/ChatBehaviour.cs",
            "using WebSocketSharp.Server;\nclass ChatBehaviour : WebSocketBehavior {\n"
            "  protected override void OnOpen() { }\n"
            "  protected override void OnMessage(MessageEventArgs e) {\n"
            "    Sessions.Broadcast(e.Data);\n  }\n"
            "}\n",
            {"rt.ws_handlers": 2},
            id="a-websocket-sharp-service",
        ),
        pytest.param(
            "Server.cs",
            'var server = new WebSocketServer("ws://0.0.0.0:4649");\n'
            'server.AddWebSocketService<ChatBehaviour>("/chat");\nserver.Start();\n',
            {"rt.listen": 2},
            id="websocket-sharp-mounts-its-service",
        ),
        pytest.param(
            "Program.cs",
            'using Fleck;\nvar server = new WebSocketServer("ws://0.0.0.0:8181");\n'
            "server.Start(socket => {\n  socket.OnOpen = () => all.Add(socket);\n"
            "  socket.OnMessage = message => all.ForEach(s => s.Send(message));\n"
            "  if (socket.OnClose == null) { }\n});\n",
            {"rt.listen": 1, "rt.ws_handlers": 2},
            id="a-fleck-server",
        ),
        pytest.param(
            "Client.cs",
            "using WebSocketSharp;\nvar ws = new WebSocket(url);\n"
            "ws.OnMessage += (sender, e) => Console.WriteLine(e.Data);\nws.Connect();\n",
            {},
            id="a-websocket-sharp-client-handles-no-connections",
        ),
        pytest.param(
            "backend/config/routes.js",
            "module.exports = (app) => {\n  app.post   ('/user/login', login.fn);\n"
            "  app.get    ('/room', checkAuth, rooms.fn);\n};\n",
            {"rt.http_handlers": 2},
            id="express-routes-aligned-by-hand",
        ),
        pytest.param(
            "src/simple-chat.cr",
            'require "kemal"\n\nget "/" do\n  render "public/index.ecr"\nend\n\n'
            'ws "/chat" do |socket|\n  SOCKETS << socket\n'
            "  socket.on_message do |message|\n    SOCKETS.each &.send(message)\n  end\n"
            "  socket.on_close do |_|\n    SOCKETS.delete(socket)\n  end\nend\n\nKemal.run\n",
            {"rt.http_handlers": 1, "rt.ws_handlers": 3, "rt.listen": 1},
            id="a-kemal-chat",
        ),
        pytest.param(
            "bin/server.dart",
            "import 'package:shelf/shelf_io.dart' as shelf_io;\n"
            "import 'package:shelf_web_socket/shelf_web_socket.dart';\n"
            "void main() {\n  var handler = webSocketHandler((webSocket) {\n"
            "    webSocket.stream.listen((m) => webSocket.sink.add(m));\n  });\n"
            "  shelf_io.serve(handler, 'localhost', 8080);\n}\n",
            {"rt.ws_handlers": 1, "rt.listen": 1},
            id="a-shelf-websocket-relay",
        ),
        pytest.param(
            "lib/api.dart",
            "import 'package:shelf_router/shelf_router.dart';\n"
            "Router get router => Router()\n  ..get('/recipes', list)\n"
            "  ..post('/recipes', create);\n",
            {"rt.http_handlers": 2},
            id="shelf-router-routes",
        ),
        pytest.param(
            "lib/data/users.dart",
            "final users = await dio.get('/users');\nawait dio.post('/users', data: user);\n",
            {},
            id="a-flutter-app-s-client-calls-are-no-routes",
        ),
        pytest.param(
            "routes/api/users/index.dart",
            "Future<Response> onRequest(RequestContext context) async {\n"
            "  return Response.json(body: await context.read<Users>().all());\n}\n",
            {"rt.http_handlers": 1},
            id="a-dart-frog-route",
        ),
    ],
)
def test_routes_and_servers_of_other_shapes(
    path: str, source: str, expected: dict[str, float]
) -> None:
    found = {k: v for k, v in socket_counts(path, source).items() if v}
    assert found == expected


NETTY_HANDLER = """
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

public class ChatHandler extends SimpleChannelInboundHandler<Proto> {
    @Override
    public void channelActive(ChannelHandlerContext ctx) { sessions.add(ctx.channel()); }

    @Override
    protected void messageReceived(ChannelHandlerContext ctx, Proto msg) { relay(msg); }
}
"""


def test_a_netty_handler_that_follows_its_connections_holds_them() -> None:
    """A handler that opens and closes with each connection and reads no HTTP request is a
    persistent connection's, whatever codec another file sets up; one that reads HTTP
    requests is an HTTP server's. Each connection event it answers counts (the connection
    opening and each message read), as a socket's events do in JavaScript."""
    found = scan("ChatHandler.java", NETTY_HANDLER)[realtime.WS]
    assert [e.detail for e in found.evidence] == [
        "void channelActive(...)",
        "void messageReceived(...)",
    ]
    http = NETTY_HANDLER.replace("Proto msg", "FullHttpRequest msg")
    assert realtime.WS not in scan("ChatHandler.java", http)


def test_a_go_server_sent_events_hub() -> None:
    source = textwrap.dedent(
        """
        package main

        import (
            "net/http"

            "github.com/tmaxmax/go-sse"
        )

        func main() {
            server := &sse.Server{}
            mux := http.NewServeMux()
            mux.Handle(eventsPath, server)
            http.ListenAndServe(":8080", mux)
        }
        """
    )
    found = scan("main.go", source)
    assert found[realtime.WS].value == 1
    assert found[realtime.LISTEN].value == 1


def test_a_route_that_opens_a_socket_mounts_it() -> None:
    source = textwrap.dedent(
        """
        router.get("/start_web_socket", async (ctx) => {
          const socket = await ctx.upgrade();
          socket.onopen = () => broadcast_usernames();
          socket.onmessage = async (m) => broadcast(m.data);
          socket.onclose = () => clients.delete(socket.username);
        });
        router.get("/rooms", (ctx) => { ctx.response.body = rooms; });
        app.listen({ port: 8080 });
        """
    )
    assert socket_counts("server.js", source) == {
        "rt.listen": 2,
        "rt.ws_handlers": 3,
        "rt.http_handlers": 1,
    }


def test_socket_properties_of_a_client_are_not_handlers() -> None:
    source = 'const ws = new WebSocket("wss://example.com");\nws.onmessage = (e) => log(e.data);\n'
    assert socket_counts("bot.js", source) == {}
    assert socket_counts("check.js", "if (socket.onmessage === null) { warn(); }\n") == {}


def test_bun_s_websocket_handlers() -> None:
    source = textwrap.dedent(
        """
        const server = Bun.serve<Data>({
          port: 8080,
          fetch(req, server) {
            if (server.upgrade(req, { data: {} })) return;
            return new Response("ok");
          },
          websocket: {
            open(ws) { rooms.join(ws); },
            message(ws, message) { rooms.broadcast(ws, message); },
            close: (ws) => rooms.leave(ws),
          },
        });
        function open(x) { return x; }
        """
    )
    assert socket_counts("src/index.ts", source) == {"rt.listen": 1, "rt.ws_handlers": 3}


def test_a_go_hub_s_fan_out_loop() -> None:
    source = textwrap.dedent(
        """
        package main

        func (h *Hub) run() {
            for {
                select {
                case client := <-h.register:
                    h.clients[client] = true
                case client := <-h.unregister:
                    delete(h.clients, client)
                case message := <-h.broadcast:
                    for client := range h.clients {
                        client.send <- message
                    }
                case <-ticker.C:
                    h.sweep()
                }
            }
        }
        """
    )
    assert socket_counts("hub.go", source) == {"rt.ws_handlers": 3}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("use Mojolicious::Lite;\n", {"perl.framework.mojolicious"}, id="lite"),
        pytest.param(
            "package App;\nuse Mojo::Base 'Mojolicious';\n",
            {"perl.framework.mojolicious"},
            id="app",
        ),
        pytest.param("use Dancer2;\nuse Dancer2::Plugin::Auth;\n", {"perl.framework.dancer2"}),
        pytest.param("use Catalyst qw/-Debug/;\n", {"perl.framework.catalyst"}, id="catalyst"),
        pytest.param(
            "use Mojo::Base 'Mojolicious::Controller', -signatures;\n",
            {"perl.framework.mojolicious"},
            id="a-controller",
        ),
        pytest.param("use parent 'Mojolicious::Controller';\n", {"perl.framework.mojolicious"}),
        pytest.param("# use Dancer2;\nmy $last = $#items;\n", set(), id="comments-only"),
        pytest.param("use Mojo::UserAgent;\n", set(), id="an-http-client"),
        pytest.param(
            "package Patched::Command::deploy;\nuse Mojo::Base 'Mojolicious::Command';\n",
            set(),
            id="a-command-line-tool-s-command",
        ),
        pytest.param(
            "package My::Plugin;\nuse Mojo::Base 'Mojolicious::Plugin';\n", set(), id="a-plugin"
        ),
        pytest.param("use Mojolicious::Commands;\n", set(), id="the-commands-module"),
    ],
)
def test_perl_web_frameworks_a_module_uses(source: str, expected: set[str]) -> None:
    found = {k for k in scan("lib/App.pm", source) if k.startswith("perl.")}
    assert found == expected


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        pytest.param(
            "add.cgi",
            "#!/usr/bin/perl\nuse DBI;\nuse CGI;\nmy $q = CGI->new;\nprint $q->header;\n",
            1,
            id="cgi-pm",
        ),
        pytest.param(
            "cgi-bin/item/add.pl",
            "#!/usr/bin/perl\n"
            "if ($ENV{'REQUEST_METHOD'} eq 'GET') { $b = $ENV{'QUERY_STRING'}; }\n",
            1,
            id="the-environment-the-server-sets",
        ),
        pytest.param(
            "cgi-bin/admin.cgi",
            "use UTILS::Admin;\nmy $cgi = CGI->new();\nmy $s = CGI::Session->load($cgi);\n",
            1,
            id="cgi-pm-through-the-project-s-own-module",
        ),
        pytest.param("lib/App/Util.pm", "use CGI::Util qw(escape);\n", 0, id="cgi-s-helpers"),
        pytest.param("tool.pl", "# use CGI;\nprint 'hello';\n", 0, id="in-a-comment"),
        pytest.param("tool.pl", "print 'use CGI; for pages';\n", 0, id="in-a-string"),
    ],
)
def test_a_perl_cgi_script_is_one_handler(path: str, source: str, expected: int) -> None:
    found = scan(path, source)
    cgi = found.get("perl.cgi_scripts")
    assert (cgi.value if cgi is not None else 0) == expected
    assert counts(path, source).get("rt.http_handlers", 0) == expected


SINATRA_FILES = """
require 'sinatra/base'

class Pages < Sinatra::Base
  get(/.+/) do
    deliver_file(request.path) { 404 }
  end

  def deliver_file(path)
    file = File.join(__dir__, 'public', path)
    File.exist?(file) ? send_file(file) : yield
  end
end

run Pages
"""


@pytest.mark.parametrize(
    ("route", "file_route"),
    [
        pytest.param(
            "get(/.+/) do\n    send_file(File.join('public', request.path))", True, id="sends"
        ),
        pytest.param(
            "get '/notes/:id' do\n    send_file(notes_pdf(params[:id]))", False, id="reads"
        ),
        pytest.param("get '/' do\n    erb :index", False, id="renders"),
    ],
)
def test_a_sinatra_route_that_only_sends_files_serves_the_pages(
    route: str, file_route: bool
) -> None:
    """Octopress's config.ru serves the generated folder with a Sinatra route that sends
    its files: a file server, as nginx would be; a route that reads a request's parameters
    or renders a view is the app's."""
    source = SINATRA_FILES.replace("get(/.+/) do\n    deliver_file(request.path) { 404 }", route)
    found = {k: f.value for k, f in scan("config.ru", source).items()}
    assert found.get("rt.file_routes", 0) == (1 if file_route else 0)
    assert found.get("rt.http_handlers", 0) == (0 if file_route else 1)
    assert found["rt.listen"] == 1


def test_a_sinatra_route_that_keeps_its_stream_open_holds_a_connection() -> None:
    """Server-Sent Events in Sinatra: each subscriber's response stream is kept open and
    written to as events arrive, a connection per subscriber as a socket's."""
    source = (
        "require 'sinatra/base'\n\nclass Streamer < Sinatra::Base\n"
        "  get '/subscribe/raw' do\n    stream(:keep_open) do |out|\n"
        "      connections << out\n      out.callback { connections.delete(out) }\n"
        "    end\n  end\n\n  get '/subscribe/eps' do\n    stream :keep_open do |out|\n"
        "      streams << out\n    end\n  end\n\n"
        "  get '/status.json' do\n    content_type :json\n    {ok: true}.to_json\n  end\nend\n"
    )
    found = {k: f.value for k, f in scan("lib/web_stream.rb", source).items()}
    assert found["rt.ws_handlers"] == 2
    assert found["rt.http_handlers"] == 1


UDP_GAME_SERVER = """
use tokio::net::UdpSocket;

pub async fn start_server(port: u16) {
    let socket = UdpSocket::bind(("0.0.0.0", port)).await.unwrap();
    let mut players = HashMap::new();
    loop {
        let (len, from) = socket.recv_from(&mut buf).await.unwrap();
        players.insert(from, decode(&buf[..len]));
        for player in players.keys() {
            socket.send_to(&state(&players), player).await.unwrap();
        }
    }
}
"""


def test_a_udp_server_that_answers_the_players_it_keeps_holds_them() -> None:
    found = {k: f.value for k, f in scan("src/server.rs", UDP_GAME_SERVER).items()}
    assert found["rt.listen"] == 1
    assert found["rt.ws_handlers"] == 1


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            UDP_GAME_SERVER.replace("players", "records").replace("player", "record"),
            id="a-receiver-that-keeps-no-clients",
        ),
        pytest.param(
            'let socket = UdpSocket::bind("0.0.0.0:0")?;\n'
            'socket.send_to(b"ping", server)?;\nlet player = load_player();\n',
            id="a-client-binds-only-to-send",
        ),
    ],
)
def test_other_udp_sockets_hold_no_connection(source: str) -> None:
    found = {k: f.value for k, f in scan("src/net.rs", source).items()}
    assert "rt.ws_handlers" not in found and "rt.listen" not in found


@pytest.mark.parametrize(
    ("source", "functions"),
    [
        pytest.param(
            '"use server";\n\nimport { cookies } from "next/headers";\n\n'
            "export async function login(form: FormData) {\n  cookies().set('token', '1');\n}\n"
            "export const logout = async () => { cookies().delete('token'); };\n"
            "async function helper() {}\n",
            ["server function login", "server function logout"],
            id="a-server-actions-module",
        ),
        pytest.param(
            "// the checkout's actions\n'use server'\nexport default async function pay() {}\n",
            ["server function pay"],
            id="after-a-comment-single-quotes",
        ),
        pytest.param(
            "import x from 'y';\n'use server';\nexport async function notReally() {}\n",
            [],
            id="the-directive-only-counts-first",
        ),
        pytest.param('"use client";\nexport async function load() {}\n', [], id="a-client-module"),
    ],
)
def test_server_functions_are_page_endpoints(source: str, functions: list[str]) -> None:
    """A `"use server"` module's exported functions run on a server when a page calls them:
    endpoints, counted as an app-router route handler's are."""
    found = merge(realtime.scan_js("src/app/account/actions.ts", source))
    endpoints = found.get("web.page_endpoints")
    assert ([e.detail for e in endpoints.evidence] if endpoints else []) == functions


@pytest.mark.parametrize(
    ("path", "source", "services"),
    [
        pytest.param(
            "internal/server/register.go",
            'import "google.golang.org/grpc"\n\nfunc Serve(db *gorm.DB) {\n'
            "\ts := grpc.NewServer()\n\tpb.RegisterUserServiceServer(s, &server{db: db})\n"
            "\ts.Serve(lis)\n}\n",
            1,
            id="go",
        ),
        pytest.param(
            "pb/user_grpc.pb.go",
            'import grpc "google.golang.org/grpc"\n\n'
            "func RegisterUserServiceServer(s grpc.ServiceRegistrar, srv UserServiceServer) {\n"
            "\ts.RegisterService(&UserService_ServiceDesc, srv)\n}\n",
            0,
            id="go-generated-code-defines-it",
        ),
        pytest.param(
            "src/main/java/shop/App.java",
            "Server server = ServerBuilder.forPort(9090)\n"
            "    .addService(new OrderService())\n    .addService(new StockService())\n"
            "    .build().start();\n",
            2,
            id="java",
        ),
        pytest.param(
            "server.js",
            "const grpc = require('@grpc/grpc-js');\nconst server = new grpc.Server();\n"
            "server.addService(proto.Greeter.service, { sayHello });\n"
            "server.bindAsync('0.0.0.0:50051', creds, () => {});\n",
            1,
            id="node",
        ),
        pytest.param(
            "Program.cs",
            "var app = builder.Build();\napp.MapGrpcService<GreeterService>();\napp.Run();\n",
            1,
            id="dotnet",
        ),
        pytest.param(
            "client.go",
            'import "google.golang.org/grpc"\n\nfunc main() {\n'
            "\tconn, _ := grpc.Dial(addr)\n\tc := pb.NewUserServiceClient(conn)\n}\n",
            0,
            id="go-client",
        ),
    ],
)
def test_a_grpc_server_s_registered_services(path: str, source: str, services: int) -> None:
    found = scan(path, source)
    assert (found["rt.grpc_services"].value if "rt.grpc_services" in found else 0) == services


@pytest.mark.parametrize(
    ("path", "source", "exports"),
    [
        pytest.param(
            "src/routes/login/+page.server.ts",
            "import { fail } from '@sveltejs/kit';\n\n"
            "export const load = async ({ locals }) => ({});\n\n"
            "export const actions = {\n  default: async ({ request }) => {}\n};\n",
            ["SvelteKit server load", "SvelteKit server actions"],
            id="page-server-module",
        ),
        pytest.param(
            "src/routes/+layout.server.js",
            "export async function load({ cookies }) {\n  return { user: cookies.get('u') };\n}\n",
            ["SvelteKit server load"],
            id="layout-server-module",
        ),
        pytest.param(
            "src/routes/+page.ts",
            "export const load = async ({ fetch }) => ({});\n",
            [],
            id="a-universal-load-runs-in-the-browser-too",
        ),
    ],
)
def test_sveltekit_server_modules_exports_are_page_endpoints(
    path: str, source: str, exports: list[str]
) -> None:
    found = merge(realtime.scan_js(path, source))
    endpoints = found.get("web.page_endpoints")
    assert ([e.detail for e in endpoints.evidence] if endpoints else []) == exports


@pytest.mark.parametrize(
    ("adapter", "counted"),
    [("adapter-node", 3), ("adapter-static", 0), ("adapter-auto", 3)],
)
def test_sveltekit_server_loads_run_per_request_unless_the_adapter_is_static(
    adapter: str, counted: int
) -> None:
    from stackcheck.facts.signals import derived

    facts = Facts.from_values(
        {
            "web.page_endpoints": 3,
            f"npm.devdep.@sveltejs/{adapter}": 1,
            "npm.devdep.@sveltejs/kit": 1,
        }
    ).values
    found = {f.key: f.value for f in derived.page_endpoints(facts)}
    assert found.get("rt.http_handlers", 0) == counted


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "Router router = Router.router(vertx);\n"
            "SockJSHandler sockJS = SockJSHandler.create(vertx);\n"
            'router.route("/eventbus/*").handler(sockJS);\n'
            "router.route().handler(StaticHandler.create());\n",
            {"rt.ws_handlers": 1},
            id="vertx-sockjs-bridge",
        ),
        pytest.param(
            "vertx.createHttpServer()\n"
            "    .webSocketHandler(ws -> ws.handler(ws::write)).listen(8080);\n",
            {"rt.ws_handlers": 1},
            id="vertx-websocket-server",
        ),
        pytest.param(
            "MqttServer mqttServer = MqttServer.create(vertx, opts);\n"
            "mqttServer.endpointHandler(endpoint -> {\n  endpoint.accept(false);\n})"
            ".listen(1883);\n",
            {"rt.ws_handlers": 1},
            id="vertx-mqtt-broker",
        ),
        pytest.param(
            "Router router = Router.router(vertx);\n"
            'router.get("/api/items").handler(this::list);\n',
            {"rt.http_handlers": 1},
            id="vertx-rest-route",
        ),
    ],
)
def test_vertx_sockets(source: str, expected: dict[str, float]) -> None:
    found = counts("src/main/java/app/Server.java", source)
    assert {k: v for k, v in found.items() if k != "rt.listen"} == expected


@pytest.mark.parametrize(
    ("handler", "fixed"),
    [
        pytest.param("res.send('respond with a resource');", True, id="express-generator-users"),
        pytest.param("res.render('index', { title: 'Express' });", True, id="a-fixed-page"),
        pytest.param('res.end("ok");', True, id="a-fixed-text-ended"),
        pytest.param("res.send(`Hello ${req.query.name}`);", False, id="a-template-of-the-request"),
        pytest.param("res.send('Hello ' + req.params.name);", False, id="reads-the-request"),
        pytest.param("res.render('index', { user: req.user });", False, id="renders-the-user"),
        pytest.param("res.render('list', { items });", False, id="renders-its-data"),
        pytest.param("db.save(1);\n  res.send('saved');", False, id="does-work-first"),
        pytest.param("res.status(201).send('created');", False, id="answers-a-status"),
        pytest.param("res.send('a');\n  res.send('b');", False, id="two-answers"),
    ],
)
def test_a_route_that_answers_the_same_to_everyone_is_a_file_route(
    handler: str, fixed: bool
) -> None:
    """A placeholder backend (`app.get('/backend', (req, res) => res.send('...'))`) or
    express-generator's scaffold sends the same bytes to every request, as a file server
    does; a handler that reads the request or does any other work is the app's."""
    source = (
        "const express = require('express');\nconst app = express();\n"
        f"app.get('/backend', (req, res) => {{\n  {handler}\n}});\n"
        "app.listen(3000, () => console.log('up'));\n"
    )
    found = {k: f.value for k, f in scan("server.js", source).items()}
    assert found.get("rt.file_routes", 0) == (1 if fixed else 0)
    assert found.get("rt.http_handlers", 0) == (0 if fixed else 1)


JAVA_NIO_CORE = """\
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.Selector;
class ServerCore {
  void launch() throws Exception {
    ServerSocketChannel ssc = ServerSocketChannel.open();
    ssc.bind(address);
    while (true) {
      selector.select();
      SocketChannel accepted = ssc.accept();
    }
  }
}
"""
JAVA_NIO_SESSION = """\
import java.nio.channels.SocketChannel;
class ServerSession {
  void relay(Message message) { broadcastToClients(message); }
}
"""
JAVA_NIO_CODEC = """\
import java.nio.channels.SocketChannel;
class FrameCodec {
  byte[] encode(Frame frame) { return frame.bytes(); }
}
"""
RUST_LISTENER = """\
use tokio::net::TcpListener;
#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("0.0.0.0:1883").await?;
    loop {
        let (stream, addr) = listener.accept().await?;
        tokio::spawn(client::run(stream, addr));
    }
}
"""
RUST_BROKER = """\
pub struct Broker { topics: Tree }
impl Broker {
    pub fn publish(&mut self, topic: &str, payload: Bytes) { self.topics.send(topic, payload) }
}
"""
RUST_CODEC = """\
pub fn decode(bytes: &[u8]) -> Option<Frame> { Frame::parse(bytes) }
"""
CPP_IOCP_NETWORK = """\
#include <winsock2.h>
bool Network::Start() {
    bind(mListenSocket, (SOCKADDR*)&addr, sizeof(addr));
    listen(mListenSocket, 5);
    while (true) {
        GetQueuedCompletionStatus(mIOCPHandle, &bytes, &key, &overlapped, INFINITE);
        WSARecv(client, &buf, 1, &recv, &flags, overlapped, NULL);
    }
}
"""
# The listener posts overlapped accepts; the completion loop is in a file of its own.
CPP_IOCP_ACCEPT = """\
#include <winsock2.h>
#include <mswsock.h>
void ServerCore::Accept() {
    bind(_listen_socket, (SOCKADDR*)&addr, sizeof(addr));
    listen(_listen_socket, SOMAXCONN);
    AcceptEx(_listen_socket, _accept_socket, _buffer, 0, 32, 32, &bytes, &_overlapped);
}
"""
CPP_ROOMS = """\
#include "Room.h"
void RoomManager::Enter(ChatUser* user, int roomNumber) { mRooms[roomNumber].Add(user); }
"""
CPP_AUDIO = """\
#include "Mixer.h"
void Mixer::Mix(Channel* channels, int count) { for (int i = 0; i < count; ++i) add(channels[i]); }
"""


@pytest.mark.parametrize(
    ("listener", "second", "hub"),
    [
        pytest.param(
            ("server/ServerCore.java", JAVA_NIO_CORE),
            ("server/ServerSession.java", JAVA_NIO_SESSION),
            True,
            id="java-nio-server-whose-sessions-keep-the-clients",
        ),
        pytest.param(
            ("server/ServerCore.java", JAVA_NIO_CORE),
            ("server/FrameCodec.java", JAVA_NIO_CODEC),
            False,
            id="java-nio-server-of-no-hub",
        ),
        pytest.param(
            ("src/main.rs", RUST_LISTENER),
            ("src/broker.rs", RUST_BROKER),
            True,
            id="rust-tcp-server-whose-broker-keeps-the-topics",
        ),
        pytest.param(
            ("src/main.rs", RUST_LISTENER),
            ("src/codec.rs", RUST_CODEC),
            False,
            id="rust-tcp-server-of-no-hub",
        ),
        pytest.param(
            ("net/Network.cpp", CPP_IOCP_NETWORK),
            ("chat/RoomManager.cpp", CPP_ROOMS),
            True,
            id="cpp-iocp-server-whose-rooms-are-kept-elsewhere",
        ),
        pytest.param(
            ("net/Network.cpp", CPP_IOCP_NETWORK),
            ("audio/Mixer.cpp", CPP_AUDIO),
            False,
            id="cpp-iocp-server-beside-audio-channels",
        ),
        pytest.param(
            ("net/ServerCore.cpp", CPP_IOCP_ACCEPT),
            ("chat/RoomManager.cpp", CPP_ROOMS),
            True,
            id="cpp-overlapped-accepts-whose-rooms-are-kept-elsewhere",
        ),
        pytest.param(
            ("net/ServerCore.cpp", CPP_IOCP_ACCEPT),
            ("audio/Mixer.cpp", CPP_AUDIO),
            False,
            id="cpp-overlapped-accepts-beside-audio-channels",
        ),
    ],
)
def test_a_tcp_server_in_java_rust_or_cpp_split_over_files(
    repo: RepoFactory, listener: tuple[str, str], second: tuple[str, str], hub: bool
) -> None:
    """NIO's server channel, tokio's listener and Windows' completion ports are listeners and
    their loops; the file that keeps the clients, rooms, topics or chat makes them a hub's."""
    root = repo(files=dict([listener, second]))
    facts = collect(discover(root))
    assert facts.value("rt.listen") == 1
    assert facts.value("rt.tcp_serve") >= 1
    if hub:
        assert [e.path for e in facts.values["rt.hub_code"].evidence] == [second[0]]
        assert facts.value("rt.ws_wired") >= 1
        assert facts.value("rt.share") == 1.0
    else:
        assert "rt.hub_code" not in facts.values
        assert "rt.share" not in facts.values


def test_an_api_gateway_websocket_function_is_wired_by_the_platform(repo: RepoFactory) -> None:
    """No module of the project imports a Lambda function or makes it listen: API Gateway
    invokes it for each connection's events, so its socket handlers are wired."""
    source = (
        "import ws from 'aws-lambda-ws-server';\n"
        "export const handler = ws(ws.handler({\n"
        "  async connect({ id }) { return { statusCode: 200 }; },\n"
        "  async default({ id, message, context }) {\n"
        "    await context.postToConnection(message, id);\n  },\n"
        "}));\n"
    )
    facts = collect(discover(repo(files={"server/handler/aws.js": source})))
    assert facts.value("rt.ws_handlers") == 2
    assert facts.value("rt.ws_wired") == 2
    assert facts.value("rt.share") == 1.0


@pytest.mark.parametrize(
    ("source", "found"),
    [
        pytest.param(
            "const api = require('./server/app');\napi.listen(3000, '127.0.0.1');\n"
            "const { app, BrowserWindow } = require('electron');\n"
            "app.whenReady().then(() => new BrowserWindow({}));\n",
            True,
            id="main-process-listens",
        ),
        pytest.param(
            "import { app, BrowserWindow } from 'electron';\n"
            "import { fork } from 'child_process';\n"
            "const api = fork(path.join(__dirname, 'api/index.js'));\n"
            "app.on('ready', () => new BrowserWindow({}));\n",
            True,
            id="main-process-forks-the-api",
        ),
        pytest.param(
            "const { app, BrowserWindow } = require('electron');\n"
            "app.on('ready', () => new BrowserWindow({}));\n",
            False,
            id="a-shell-with-no-server",
        ),
        pytest.param(
            "const express = require('express');\nconst app = express();\n"
            "// opened in an electron BrowserWindow elsewhere\napp.listen(3000);\n",
            False,
            id="a-server-that-is-not-the-main-process",
        ),
    ],
)
def test_an_electron_main_process_that_starts_its_server(source: str, found: bool) -> None:
    facts = {f.key for f in realtime.scan_js("main.js", source)}
    assert ("desktop.local_server" in facts) is found


def _placed(key: str, *paths: str) -> Fact:
    return Fact(key, float(len(paths)), tuple(Evidence(p, 1, key) for p in paths))


@pytest.mark.parametrize(
    ("tauri", "served", "found"),
    [
        pytest.param(
            "src-tauri/Cargo.toml", ("src-tauri/src/api/mod.rs",), True, id="in-the-crate"
        ),
        pytest.param("Cargo.toml", ("src/server.rs",), True, id="a-crate-at-the-root"),
        pytest.param(
            "src-tauri/Cargo.toml",
            ("src-tauri/src/api/mod.rs", "server/index.js"),
            False,
            id="a-server-beside-the-app",
        ),
        pytest.param("Cargo.toml", ("server/index.js",), False, id="a-node-server-beside-it"),
        pytest.param(None, ("src-tauri/src/api/mod.rs",), False, id="no-tauri"),
    ],
)
def test_a_tauri_crate_that_starts_its_server_is_the_app_s_back_end(
    tauri: str | None, served: tuple[str, ...], found: bool
) -> None:
    facts = {
        "rt.listen": _placed("rt.listen", served[0]),
        "rt.http_handlers": _placed("rt.http_handlers", *served),
    }
    if tauri is not None:
        facts["cargo.dep.tauri"] = _placed("cargo.dep.tauri", tauri)
    made = [f.key for f in derived.tauri_local_server(facts)]
    assert made == (["desktop.local_server"] if found else [])


@pytest.mark.parametrize(
    ("path", "source", "calls"),
    [
        pytest.param(
            "backend/src/mqtt.js",
            'const mqtt = require("mqtt");\nconst c = mqtt.connect(url);\n'
            'c.on("connect", () => c.subscribe("sensors/+/temp"));\nc.publish("led/set", "ON");\n',
            2,
            id="a-service-subscribes-and-publishes",
        ),
        pytest.param(
            "src/ingest.ts",
            'import { connectAsync } from "mqtt";\nconst c = await connectAsync(url);\n'
            'await c.subscribeAsync("plant/#");\n',
            1,
            id="the-promise-api",
        ),
        pytest.param(
            "frontend/src/components/Monitor.js",
            'import mqtt from "mqtt";\nconst c = mqtt.connect(ws);\nc.subscribe("plant/#");\n',
            0,
            id="a-dashboard-in-the-browser-talks-to-the-broker-itself",
        ),
        pytest.param(
            "src/events.js",
            'const bus = require("./bus");\n// mqtt later\nbus.subscribe("x");\n',
            0,
            id="an-event-bus-is-no-mqtt-client",
        ),
    ],
)
def test_mqtt_calls_of_a_server_script(path: str, source: str, calls: int) -> None:
    found = merge(realtime.scan_js(path, source))
    assert found.get("iot.mqtt", Fact("iot.mqtt", 0)).value == calls


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            'import jester, strutils\n\nroutes:\n  get "/":\n    resp "hi"\n'
            '  post "/login":\n    redirect "/"\n',
            {"nim.import.jester": 1, "rt.listen": 1, "rt.http_handlers": 2},
            id="jester-routes",
        ),
        pytest.param(
            "import\n  prologue,\n  prologue/middlewares/staticfile\n\n"
            'let app = newApp(settings)\napp.addRoute("/", index)\n'
            'const urls = @[pattern("/login", login, @[HttpGet, HttpPost])]\napp.run()\n',
            {"nim.import.prologue": 1, "rt.listen": 1, "rt.http_handlers": 2},
            id="prologue-app",
        ),
        pytest.param(
            "import mummy, mummy/routers\nvar router: Router\n"
            'router.get("/", indexHandler)\nlet server = newServer(router)\n'
            "server.serve(Port(8080))\n",
            {"nim.import.mummy": 1, "rt.listen": 1, "rt.http_handlers": 1},
            id="mummy-router",
        ),
        pytest.param(
            'import httpclient\n# import jester\nlet c = newHttpClient()\necho c.getContent("/x")\n'
            'routes:\n  get "/":\n    discard\n',
            {},
            id="a-client-and-a-commented-import-serve-nothing",
        ),
    ],
)
def test_nim_servers(source: str, expected: dict[str, float]) -> None:
    found = merge(realtime.scan_nim("src/app.nim", source))
    assert {k: f.value for k, f in found.items()} == expected


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        pytest.param(
            "src/router/user/sign-up/index.ts",
            'import { FastifyPluginAsync } from "fastify";\n'
            "const signUp: FastifyPluginAsync = async (fastify) => {\n"
            '  fastify.post<Route>(\n    "",\n    { schema },\n    handler\n  );\n'
            '  fastify.get<Alerts>("/alerts/:id", list);\n};\nexport default signUp;\n',
            {"rt.http_handlers": 2},
            id="typed-fastify-routes-under-a-prefix",
        ),
        pytest.param(
            "server/routers.ts",
            'import { router, protectedProcedure } from "./_core/trpc";\n'
            "export const appRouter = router({\n"
            "  list: protectedProcedure.query(async ({ ctx }) => db.list(ctx.user)),\n"
            "  add: protectedProcedure\n    .input(z.object({ name: z.string() }))\n"
            "    .mutation(({ input }) => db.add(input)),\n});\n",
            {"rt.http_handlers": 2, "rt.imports_module.trpc": 1},
            id="trpc-procedures",
        ),
        pytest.param(
            "server/db.ts",
            'import { Procedure } from "./types";\nconst rows = await client.query("SELECT 1");\n'
            "const todos = trpc.todos.list.useQuery();\n",
            {"rt.imports_module.types": 1},
            id="a-sql-query-and-a-trpc-client-call-are-no-procedures",
        ),
        pytest.param(
            "server/providers/gemini.ts",
            "export async function stream(url: string) {\n"
            '  const res = await fetch(url, { headers: { Accept: "text/event-stream" } });\n'
            '  req.headers.set("Accept", "text/event-stream");\n  return res.body;\n}\n',
            {},
            id="a-client-asking-for-an-event-stream-serves-none",
        ),
    ],
)
def test_routes_a_server_declares(path: str, source: str, expected: dict[str, float]) -> None:
    found = merge(realtime.scan_js(path, source))
    assert {k: f.value for k, f in found.items()} == expected


def test_a_shiny_app_names_its_framework() -> None:
    found = merge(realtime.scan_r("shiny_app/global.R", "library(shiny)\nlibrary(dplyr)\n"))
    assert found["r.framework.shiny"].evidence[0].line == 1
    assert "r.framework.shiny" not in merge(realtime.scan_r("R/fit.R", "fit <- lm(y ~ x)\n"))


def test_devise_draws_three_resources() -> None:
    source = (
        "Rails.application.routes.draw do\n"
        "  devise_for :users, path: '', controllers: { sessions: 'users/sessions' }\n"
        "  # devise_for :admins\n"
        '  get "/dashboards" => "dashboards#index"\nend\n'
    )
    found = merge(realtime.scan_ruby("config/routes.rb", source))
    assert found["rt.http_handlers"].value == 4


@pytest.mark.parametrize(
    ("body", "empty"),
    [
        pytest.param("  # For details on the DSL, see the guide\n", True, id="rails-new-s-file"),
        pytest.param("  mount Sidekiq::Web => '/sidekiq'\n", False, id="a-mount"),
        pytest.param("  draw(:api)\n", False, id="routes-drawn-from-another-file"),
    ],
)
def test_a_rails_routes_file_that_draws_nothing(body: str, empty: bool) -> None:
    source = f"Rails.application.routes.draw do\n{body}end\n"
    found = merge(realtime.scan_ruby("config/routes.rb", source))
    assert ("rails.routes_empty" in found) is empty


def test_devise_token_auth_draws_the_same_three_resources() -> None:
    source = (
        "Rails.application.routes.draw do\n"
        "  mount_devise_token_auth_for 'User', at: 'auth'\n"
        "  resources :chat_rooms do\n    resources :posts\n  end\nend\n"
    )
    found = merge(realtime.scan_ruby("config/routes.rb", source))
    assert found["rt.http_handlers"].value == 5


@pytest.mark.parametrize(
    ("adapter", "handlers"),
    [("adapter-node", 1), ("adapter-auto", 1), ("adapter-static", 0)],
)
def test_a_sveltekit_endpoint_answers_requests_unless_the_build_is_static(
    adapter: str, handlers: int
) -> None:
    """An endpoint exported as a constant (`export const POST: RequestHandler`) answers
    requests where an adapter runs a server; adapter-static runs it once at build time."""
    from stackcheck.facts.signals import derived

    source = (
        'import type { RequestHandler } from "./$types";\n'
        "export const POST: RequestHandler = async () => new Response(null, { status: 204 });\n"
    )
    found = dict(merge(realtime.scan_js("src/routes/auth/login/+server.ts", source)))
    assert found["web.page_endpoints"].value == 1
    found[f"npm.devdep.@sveltejs/{adapter}"] = Fact(f"npm.devdep.@sveltejs/{adapter}", 1)
    served = {f.key: f.value for f in derived.page_endpoints(found)}
    assert served.get("rt.http_handlers", 0) == handlers


def test_go_routes_to_the_runtime_s_profiler_say_so() -> None:
    code = (
        "func start(r *mux.Router) {\n"
        '    s := r.PathPrefix("/debug/pprof").Subrouter()\n'
        '    s.HandleFunc("/profile", check(pprof.Profile))\n'
        '    r.HandleFunc("/room/{roomid}", roomHandler)\n'
        "}\n"
    )
    routes = [f for f in realtime.scan_go("server/backend.go", code) if f.key == "rt.http_handlers"]
    details = [e.detail for f in routes for e in f.evidence]
    assert details == [
        's.HandleFunc("/profile", ...)' + realtime.RUNTIME_ANSWER,
        'r.HandleFunc("/room/{roomid}", ...)',
    ]


def test_a_go_handler_that_streams_events_is_read_whatever_else_its_file_holds(
    repo: RepoFactory,
) -> None:
    """A ServeHTTP method that switches on the path registers no route: the file is read for
    the stream it answers, as git's prefilter is told."""
    server = (
        'package main\n\nimport "net/http"\n\ntype handler struct{}\n\n'
        "func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {\n"
        '\tif r.URL.Path == "/api/stream" {\n\t\th.stream(w, r)\n\t}\n}\n\n'
        "func (h *handler) stream(w http.ResponseWriter, r *http.Request) {\n"
        '\tw.Header().Set("Content-Type", "text/event-stream")\n}\n'
    )
    main = (
        'package main\n\nimport "net/http"\n\nfunc main() {\n'
        '\thttp.ListenAndServe(":8080", &handler{})\n}\n'
    )
    facts = collect(discover(repo(files={"server.go": server, "main.go": main})))
    assert facts.value("rt.ws_handlers") == 1
    assert facts.value("rt.share") == 1


def test_the_pages_a_go_handler_renders_with_html_template_are_its_views() -> None:
    """Named once each, where a handler renders them or the server parses them."""
    source = """package handlers

func AdminLogin(w http.ResponseWriter, r *http.Request) {
    tpl.ExecuteTemplate(w, "admin_login.html", nil)
}

func Dashboard(w http.ResponseWriter, r *http.Request) {
    tpl.ExecuteTemplate(w, "admin_dashboard.html", stats())
}

func Retry(w http.ResponseWriter, r *http.Request) {
    tpl.ExecuteTemplate(w, "admin_login.html", "try again")
}

var home = template.Must(template.ParseFiles("views/home.html", "views/base.html"))
"""
    found = scan("handlers/admin.go", source)
    assert found["web.templates"].value == 3
    assert [e.line for e in found["web.templates"].evidence] == [4, 8, 15]


def test_go_page_templates_named_apart_from_the_call_that_parses_them() -> None:
    """The paths kept in variables (`filepath.Join("views", "chat", "room.html")` too) of a
    file that parses its templates with them; a file that parses none names no page."""
    source = """package handlers

var (
    homeBase = filepath.Join("views/home/base.html")
    homePage = filepath.Join("views/home/index.html")
    roomPage = filepath.Join("views", "chat", "room.html")
)

func Home(w http.ResponseWriter, r *http.Request) {
    tmpl, _ := template.ParseFiles(homeBase, homePage)
    tmpl.Execute(w, nil)
}
"""
    found = scan("handlers/home.go", source)
    assert found["web.templates"].value == 3
    assert [e.line for e in found["web.templates"].evidence] == [4, 5, 6]
    served = source.replace("template.ParseFiles(homeBase, homePage)", "serve(homeBase)")
    assert "web.templates" not in scan("handlers/home.go", served)


GO_BOT = {
    "go.mod": (
        "module example.com/gridbot\n\ngo 1.22\n\nrequire github.com/gorilla/websocket v1.5.3\n"
    ),
    "cmd/bot/main.go": (
        'package main\n\nimport "example.com/gridbot/internal/bot"\n\n'
        "func main() { bot.New().Run() }\n"
    ),
    "internal/exchange/stream.go": (
        'package exchange\n\nimport "github.com/gorilla/websocket"\n\n'
        "func Open(url string) (*websocket.Conn, error) {\n"
        "    conn, _, err := websocket.DefaultDialer.Dial(url, nil)\n    return conn, err\n}\n"
    ),
    "internal/bot/bot.go": (
        'package bot\n\nimport "github.com/gorilla/websocket"\n\n'
        "type Bot struct{ conn *websocket.Conn }\n\n"
        "func (b *Bot) loop() {\n    for {\n        _, msg, err := b.conn.ReadMessage()\n"
        "        if err != nil { return }\n        b.handle(msg)\n    }\n}\n"
    ),
}


def test_a_program_that_only_dials_has_no_socket_handler_of_its_own(repo: RepoFactory) -> None:
    """A bot's read loop on the stream it dialled (the dial in another file) reads what the
    exchange sends: no socket server, no web app. With a listener, the loop is a server's."""
    from stackcheck.config import Settings
    from stackcheck.pipeline import scan

    root = repo(files=GO_BOT)
    report = scan(root, Settings())
    assert report.facts.value("rt.ws_handlers") == 0
    assert report.facts.value("rt.ws_wired") == 0
    assert report.verdict.verdict == "not-applicable"
    served = {
        **GO_BOT,
        "cmd/bot/main.go": (
            'package main\n\nimport (\n    "net/http"\n\n'
            '    "example.com/gridbot/internal/bot"\n)\n\n'
            'func main() {\n    go bot.New().Run()\n    http.ListenAndServe(":8080", nil)\n}\n'
        ),
    }
    facts = collect(discover(repo(files=served)))
    assert facts.value("rt.listen") >= 1
    assert facts.value("rt.ws_handlers") == 1


@pytest.mark.parametrize(
    ("source", "served"),
    [
        ("model <- readRDS('model.rds')\n", True),
        ('model <- readr::read_rds(path = here::here("models/forest.Rds"))\n', True),
        ("model <- lm(y ~ x, data = d)\n", False),  # (fitted per request: no saved model)
    ],
)
def test_a_plumber_api_that_runs_a_saved_model_serves_it(source: str, served: bool) -> None:
    """The rubric's model served behind endpoints, in R: a plumber file that loads a saved
    model and runs `predict()` on what a route is sent."""
    api = f"library(plumber)\n{source}\n#* @post /predict\nfunction(req) predict(model, req$body)\n"
    found = scan("R/api.R", api)
    assert ("ml.in_views" in found) is served
    assert ("ml.model_load" in found) is served
    assert "ml.in_views" not in scan("R/model.R", f"{source}predict(model, newdata)\n")


def test_a_go_router_configured_on_the_way_to_its_route() -> None:
    """gorilla/mux's `r.StrictSlash(true).HandleFunc(...)`: a route as `r.HandleFunc` is."""
    source = """package main

func main() {
    r := mux.NewRouter()
    r.StrictSlash(true).HandleFunc("/login/", handlers.Login)
    r.StrictSlash(true).HandleFunc("/chat", handlers.Chat).Methods("GET")
    http.ListenAndServe(":8000", r)
}
"""
    found = scan("main.go", source)
    assert found["rt.http_handlers"].value == 2
    assert [e.line for e in found["rt.http_handlers"].evidence] == [5, 6]


VITE_DEV_SERVER = """import express from 'express'
import { createServer as createViteServer } from 'vite'

const app = express()
const vite = await createViteServer({ server: { middlewareMode: true }, appType: 'custom' })
app.use(vite.middlewares)
app.use('*', async (req, res) => {
  const html = await vite.transformIndexHtml(req.originalUrl, readFileSync('index.html', 'utf-8'))
  res.status(200).set({ 'Content-Type': 'text/html' }).end(html)
})
app.listen(3000)
"""


def test_vite_s_dev_server_mounted_in_express_sends_the_pages_files() -> None:
    found = merge(realtime.scan_js("server.js", VITE_DEV_SERVER))
    assert found["rt.file_routes"].evidence[0].detail.startswith("Vite's dev server")
    assert "rt.http_handlers" not in found
    rendered = VITE_DEV_SERVER.replace(
        "const html = await",
        "const { render } = await vite.ssrLoadModule('/src/entry.js')\n  const html = await",
    )
    assert "rt.file_routes" not in merge(realtime.scan_js("server.js", rendered))


@pytest.mark.parametrize(
    ("extra", "found"),
    [
        pytest.param({"npm.dep.vue": 1}, True, id="supabase-beside-the-pages-is-theirs"),
        pytest.param({}, False, id="supabase-in-a-server-alone"),
        pytest.param({"npm.dep.vue": 1, "npm.dep.pg": 1}, False, id="a-database-of-its-own"),
    ],
)
def test_a_file_server_beside_a_browser_s_supabase_client(
    extra: dict[str, float], found: bool
) -> None:
    facts = Facts.from_values(
        {"rt.file_routes": 1, "rt.listen": 1, "npm.dep.@supabase/supabase-js": 1, **extra}
    ).values
    assert bool(list(derived.file_server(facts))) is found


PLAYER_CONNECTION = """import type WebSocket from 'ws';
import Messages from '../shared/messages.ts';

export default class Connection {
  constructor(connection: WebSocket, server: Server) {
    this.connection = connection;
    this.connection.on('message', (message) => this.queue.push(Messages.decode(message)));
    this.connection.on('close', () => server.removeConnection(this.id));
  }
}
"""


def test_a_player_s_connection_class_handles_its_socket_s_messages() -> None:
    """The per-player class of a `ws` server: its connection's messages are socket events."""
    found = merge(realtime.scan_js("server/src/connection.ts", PLAYER_CONNECTION))
    assert found["rt.ws_handlers"].value == 2
    dialled = PLAYER_CONNECTION.replace("from 'ws'", "from 'node:net'")
    assert "rt.ws_handlers" not in merge(realtime.scan_js("client.ts", dialled))


JAVA_ACCEPTOR = """package chat.server;

import java.net.ServerSocket;
import java.net.Socket;

public class ClientConnectionEstablisher implements Runnable {
    private final ServerSocket clientConnectionAcceptor;

    public ClientConnectionEstablisher(ServerSocket acceptor) {
        this.clientConnectionAcceptor = acceptor;
    }

    public void run() {
        while (!Thread.interrupted()) {
            Socket client = clientConnectionAcceptor.accept();
            handlers.submit(new ClientConnectionHandler(client));
        }
    }
}
"""


def test_a_java_accept_loop_on_a_listener_made_in_another_file() -> None:
    """The ServerSocket handed over from the class that opened it: its accept loop is the
    hub's handler where the file keeps its clients, as the listener's own would be."""
    found = merge(realtime.scan_java("server/ClientConnectionEstablisher.java", JAVA_ACCEPTOR))
    assert found["rt.ws_handlers"].value == 1
    assert found["rt.ws_handlers"].evidence[0].detail.startswith("accept loop")
    held = JAVA_ACCEPTOR.replace("private final ServerSocket", "private final Object")
    held = held.replace("(ServerSocket acceptor)", "(Object acceptor)")
    assert "rt.ws_handlers" not in merge(realtime.scan_java("server/Other.java", held))


PHOENIX_ROUTER = """defmodule GameWeb.Router do
  use GameWeb, :router

  scope "/", GameWeb do
    pipe_through :browser
    get "/", PageController, :index

    scope "/auth" do
      get "/:provider", AuthController, :request
      get "/:provider/callback", AuthController, :callback
    end

    get "/leaderboard", LeaderboardController, :index
  end

  scope "/api/v1", GameWeb.Api do
    resources "/matches", MatchController
  end
end
"""


def test_a_phoenix_route_is_known_by_its_scopes_paths() -> None:
    found = merge(realtime.scan_elixir("lib/game_web/router.ex", PHOENIX_ROUTER))
    assert [e.detail for e in found["rt.http_handlers"].evidence] == [
        'get "/"',
        'get "/auth/:provider"',
        'get "/auth/:provider/callback"',
        'get "/leaderboard"',
        'resources "/api/v1/matches"',
    ]


def test_a_game_server_s_sign_in_and_home_routes_are_the_sockets_doors() -> None:
    """OAuth's request and callback, and the home page the sockets are opened from, do no
    application's work beside the channels."""
    routes = merge(realtime.scan_elixir("lib/game_web/router.ex", PHOENIX_ROUTER))
    facts = {
        **routes,
        "rt.ws_handlers": Fact("rt.ws_handlers", 6.0, (Evidence("lib/game_channel.ex", 3, "x"),)),
    }
    (_, total) = list(derived.realtime_summary(facts))[-2:]
    assert total.key == "rt.handlers_total"
    # (the leaderboard and the matches' API are the app's own work; the callback is a hook)
    assert total.evidence[0].detail == "6 real-time, 3 HTTP"


ENCORE_SERVICE = """import { api } from "encore.dev/api";
import { db } from "./data";

export const getFile = api(
  { method: "GET", path: "/files/:id", expose: true },
  async ({ id }: { id: string }) => db.file.findUnique({ where: { id } }),
);

export const upload = api.raw(
  { method: "POST", path: "/files", expose: true },
  async (req, res) => res.end(await save(req)),
);

export const progress = api.streamOut<Handshake, Progress>(
  { path: "/progress" },
  async (h, stream) => {
    for await (const step of steps(h.jobId)) await stream.send(step);
  },
);
"""


def test_an_encore_service_s_endpoints() -> None:
    """Encore.ts declares each endpoint with `api(...)`; its runtime serves them."""
    found = merge(realtime.scan_js("media/index.ts", ENCORE_SERVICE))
    assert found["rt.http_handlers"].value == 2
    assert found["rt.ws_handlers"].value == 1
    plain = ENCORE_SERVICE.replace('"encore.dev/api"', '"./client"')
    assert "rt.http_handlers" not in merge(realtime.scan_js("media/index.ts", plain))


WS_CONNECT_FUNCTION = """import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { presence } from '../services';

export const handler = async (event: WebSocketConnectEvent): Promise<APIGatewayProxyResultV2> => {
  await presence.register(event.requestContext.connectionId, event.queryStringParameters?.user);
  return { statusCode: 200 };
};
"""


def test_an_api_gateway_websocket_route_s_function_in_typescript() -> None:
    """Typed by API Gateway's event but reading its connection's id: a WebSocket route's
    function, not an HTTP one."""
    found = merge(realtime.scan_js("backend/src/handlers/chat/connect.ts", WS_CONNECT_FUNCTION))
    assert found["rt.ws_handlers"].value == 1
    assert "rt.http_handlers" not in found
    http = WS_CONNECT_FUNCTION.replace("event.requestContext.connectionId", "event.body")
    found = merge(realtime.scan_js("backend/src/handlers/users/color.ts", http))
    assert found["rt.http_handlers"].value == 1
    assert "rt.ws_handlers" not in found


ASIO_CHAT_SERVER = """#include "chat_server.h"

void chat_server::do_accept() {
    acceptor_.async_accept(socket_, [this](boost::system::error_code ec) {
        if (!ec) std::make_shared<chat_session>(std::move(socket_), room_)->start();
        do_accept();
    });
}

void chat_session::do_read_body() {
    boost::asio::async_read(socket_, boost::asio::buffer(msg_.body(), msg_.body_length()),
        [this](boost::system::error_code ec, std::size_t) {
            room_.deliver(msg_);
            do_read_header();
        });
}
"""


def test_a_boost_asio_chat_server_s_accept_and_read_loops() -> None:
    found = merge(realtime.scan_native("server/src/chat_server.cpp", ASIO_CHAT_SERVER))
    assert found["rt.listen"].value >= 1
    assert found["rt.ws_handlers"].value == 2
    beast = ASIO_CHAT_SERVER.replace("#include", "namespace http = boost::beast::http;\n#include")
    assert "rt.ws_handlers" not in merge(realtime.scan_native("server/src/http.cpp", beast))


EPOLL_RELAY = """#include <sys/epoll.h>
std::list<int> clients_list;

int main() {
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    bind(listener, (struct sockaddr *)&addr, sizeof(addr));
    listen(listener, 1);
    for (;;) {
        int client = accept(listener, (struct sockaddr *)&peer, &len);
        clients_list.push_back(client);
    }
}
"""


def test_a_tcp_server_that_keeps_its_clients_list_relays_to_them() -> None:
    found = merge(realtime.scan_native("server.cpp", EPOLL_RELAY))
    assert found["rt.ws_handlers"].value == 1
    alone = EPOLL_RELAY.replace("clients_list", "pending")
    assert "rt.ws_handlers" not in merge(realtime.scan_native("server.cpp", alone))


@pytest.mark.parametrize(
    ("served", "found"),
    [
        pytest.param(("Game/Assets/SDK/Util/Network.cs",), True, id="inside-the-unity-project"),
        pytest.param(
            ("Game/Assets/SDK/Util/Network.cs", "server/index.js"),
            False,
            id="a-game-server-beside-it",
        ),
    ],
)
def test_a_server_inside_a_unity_project_is_the_game_s_own(
    served: tuple[str, ...], found: bool
) -> None:
    facts = {
        "desktop.unity": _placed("desktop.unity", "Game/ProjectSettings/ProjectVersion.txt"),
        "rt.listen": _placed("rt.listen", served[0]),
        "rt.ws_handlers": _placed("rt.ws_handlers", *served),
    }
    made = [f.key for f in derived.unity_local_server(facts)]
    assert made == (["desktop.local_server"] if found else [])
