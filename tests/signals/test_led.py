"""Literal-led searches answer exactly what the alternations they replace answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stackcheck.facts.signals import latency, realtime, static_content
from stackcheck.facts.signals import led as led_module
from stackcheck.facts.signals.led import any_match, first_match

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# The alternations as they were written before being split (latency.py).
DOMAIN = re.compile(
    r"order_?book|matching_?engine|match_?orders?\b|price_?levels?|(?<![a-z])(?:bids|asks)(?![a-z])"
    r"|(?<![a-z])(?:itch|ouch|fix[45]\d?)(?![a-z])|quickfix|feed_?handler|market_?data|new_?order"
    r"|limit_?book(?![a-z])|(?:sender|target)_?comp_?id|fix(?:\.[45]\.\d|t\.1\.1)|match_?engine"
)


def word(*words: str) -> re.Pattern[str]:
    forms = "|".join(f"(?<![A-Za-z]){w}|{w.capitalize()}|{w.upper()}" for w in words)
    return re.compile(f"(?:{forms})(?![a-z])")


BUY = word("bid", "bids", "buy")
SELL = word("ask", "asks", "sell", "offer")

TEXTS = [
    pytest.param("", id="empty"),
    pytest.param("a task to mask the flask", id="ask-inside-words"),
    pytest.param("ask", id="at-the-start"),
    pytest.param("xask ask", id="refused-then-found"),
    pytest.param("orderBid = best_ask", id="camel-and-snake"),
    pytest.param("BIDS and OFFERs", id="upper-and-plural"),
    pytest.param("bidding buyer seller", id="followed-by-letters"),
    pytest.param("fix45a fix4 fix5x fix44", id="fix-versions"),
    pytest.param("switch pitch itch_ ouch1", id="itch-ouch"),
    pytest.param("bidsasks bids_asks", id="bids-asks"),
    pytest.param("match_orders matchorder match_orderss", id="match-orders"),
    pytest.param("order_book orderbook price_levels pricelevel", id="books-and-levels"),
    pytest.param("feed_handler marketdata new_order quickfix", id="more-words"),
    pytest.param("matching_engine é_bids ßask", id="non-ascii-before"),
    pytest.param("limitbooks limit_book sendercompid target_comp_id", id="books-and-ids"),
    pytest.param("fix.4.4 fixt.1.1 fix.1.2 fix.44", id="begin-strings"),
]


@pytest.mark.parametrize("text", TEXTS)
def test_domain_hints_as_the_alternation(text: str) -> None:
    lower = text.lower()
    assert any_match(latency._DOMAIN_HINTS, lower) == (DOMAIN.search(lower) is not None)


@pytest.mark.parametrize("text", TEXTS)
def test_book_sides_as_the_alternation(text: str) -> None:
    assert any_match(latency._BUY_SIDE, text) == (BUY.search(text) is not None)
    assert any_match(latency._SELL_SIDE, text) == (SELL.search(text) is not None)


def test_every_fixture_file_as_the_alternation() -> None:
    checked = 0
    for path in sorted(FIXTURES.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        lower = text.lower()
        assert any_match(latency._DOMAIN_HINTS, lower) == (DOMAIN.search(lower) is not None), path
        assert any_match(latency._BUY_SIDE, text) == (BUY.search(text) is not None), path
        assert any_match(latency._SELL_SIDE, text) == (SELL.search(text) is not None), path
        checked += 1
    assert checked > 100


# What a Python or C# file's bytes must hold for the trading-domain look to accept it.
GATE_TEXTS = [
    pytest.param(b"", False, id="empty"),
    pytest.param(b"qs.order_by('name')\n", False, id="order-by-alone"),
    pytest.param(b"order = Order(price=1)\n", True, id="order-and-price"),
    pytest.param(b"ORDER_BOOK = {}\n", True, id="upper-order-book"),
    pytest.param(b"def match_orders(): pass\n", True, id="match-orders"),
    pytest.param(b"NewOrder()\n", True, id="new-order-camel"),
    pytest.param(b"class FeedHandler: pass\n", True, id="feed"),
    pytest.param(b"tasks = []\n", False, id="asks-inside-a-word"),
    pytest.param(b"vouchers = []\n", False, id="ouch-inside-a-word"),
    pytest.param(b"best_bids = []\n", True, id="bids-after-an-underscore"),
    pytest.param(b"log_level = 1\n", False, id="level-alone"),
    pytest.param(b"PRICE_LEVEL = 1\n", True, id="price-level-upper"),
    pytest.param("price = 'é' # order\n".encode(), True, id="not-ascii-left-to-the-scan"),
    pytest.param(b"val book = LimitBook(side)\n", True, id="limit-book"),
    pytest.param(b"limitBooks = 10\n", True, id="limit-books-left-to-the-scan"),
    pytest.param(b"SenderCompID = 49\n", True, id="sender-comp-id"),
    pytest.param(b'version = "FIX.4.2"\n', True, id="begin-string"),
    pytest.param(b"component_id = 1\n", False, id="component-id"),
]


@pytest.mark.parametrize(("data", "passes"), GATE_TEXTS)
def test_bytes_gate(data: bytes, passes: bool) -> None:
    assert latency.may_be_trading_bytes(data) is passes


def snippets_and_fixture_files() -> list[bytes]:
    """Every gate text and snippet here, and every fixture file's bytes."""
    datas = [p.values[0] for p in GATE_TEXTS]
    datas += [text.encode() for p in TEXTS for text in p.values]
    datas += [
        path.read_bytes()
        for path in sorted(FIXTURES.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]
    return datas


def test_bytes_gate_passes_every_text_the_domain_look_accepts() -> None:
    """The gate only spares the look files it would refuse: every snippet and fixture file
    _may_be_trading accepts passes it."""
    accepted = 0
    for data in snippets_and_fixture_files():
        text = data.decode("utf-8", "replace")
        if latency._may_be_trading(text, text.lower()):
            accepted += 1
            assert latency.may_be_trading_bytes(data), data[:80]
    assert accepted > 5


def test_the_script_gate_passes_every_script_the_scan_reads() -> None:
    """A JavaScript or TypeScript file the bytes gate refuses gives no fact when scanned:
    the gate is the scan's own test on orders, then the domain look's gate."""
    datas = snippets_and_fixture_files()
    datas += [spelling.encode() for spelling in ("Order", "ORDER", "oRdEr", "bids asks")]
    datas += [
        b"const header = { [tags.SenderCompID]: this.senderCompId };\n",
        b'export const BEGIN_STRING = "FIX.4.4";\nclass FIXSession {}\n',
    ]
    found = 0
    for data in datas:
        text = data.decode("utf-8", "replace")
        facts = list(latency.scan_source("src/book.ts", text))
        found += bool(facts)
        if not latency.may_be_trading_script_bytes(data):
            assert not facts, data[:80]
    assert found > 3


def test_the_lisp_gate_passes_every_clojure_file_the_scan_reads() -> None:
    """A Clojure file the bytes gate refuses gives no fact when scanned: the gate reads its
    kebab-case names as the scan does."""
    datas = snippets_and_fixture_files()
    datas += [
        spelling.replace("_", "-").encode()
        for spelling in (*HINT_SPELLINGS, "sender_comp_id", "order-book", "limit-book")
    ]
    datas += [b"(defn match-orders [order-book] (:bids order-book))", b"(- price-level 1)"]
    found = 0
    for data in datas:
        text = data.decode("utf-8", "replace")
        facts = list(latency.scan_source("src/book.clj", text))
        found += bool(facts)
        if not latency.may_be_trading_lisp_bytes(data):
            assert not facts, data[:80]
    assert found > 3


# A spelling of each domain hint, alone on a line.
HINT_SPELLINGS = [
    "order_book",
    "orderbook",
    "matching_engine",
    "matchingengine",
    "match_orders",
    "matchorder",
    "price_levels",
    "pricelevel",
    "bids",
    "asks",
    "itch",
    "ouch",
    "fix4",
    "fix5",
    "fix44",
    "quickfix",
    "feed_handler",
    "feedhandler",
    "market_data",
    "marketdata",
    "new_order",
    "neworder",
    "limit_book",
    "limitbook",
    "match_engine",
    "matchengine",
    "matching.newengine",
    "match.engine",
    "sender_comp_id",
    "targetcompid",
    "fix.4.4",
    "fixt.1.1",
]


def test_bytes_gate_passes_every_spelling_of_a_domain_hint() -> None:
    for spelling in HINT_SPELLINGS:
        text = f"x = 1\n{spelling}\n"
        assert latency._may_be_trading(text, text.lower()), spelling
        assert latency.may_be_trading_bytes(text.encode()), spelling
        assert latency.may_be_trading_bytes(text.upper().encode()), spelling


def test_every_domain_hint_has_a_spelling_here() -> None:
    """A hint added to the domain look without a spelling above fails here, as a reminder
    that the bytes gate must let it through too."""
    for hint in latency._DOMAIN_HINTS:
        assert any(hint.pattern.search(s) for s in HINT_SPELLINGS), hint.pattern.pattern


# --- the JavaScript whole-file questions (realtime.py, static_content.py) ----------------

# As written before being split into literal-led alternatives.
JS_BEFORE = {
    "socket-server": re.compile(
        r"""(?:require\s*\(\s*|from\s+|import\s+)['"](?:socket\.io|ws|uWebSockets\.js|express-ws"""
        r"""|@nestjs/websockets|@fastify/websocket|@hono/node-ws|sockjs|net|node:net)['"]"""
        r"""|\bWebSocketServer\b|\bWebSocket\s*\.\s*Server\b|Deno\.upgradeWebSocket"""
    ),
    "socket-client-import": re.compile(
        r"""(?:require\s*\(\s*|from\s+|import\s+)['"](?:socket\.io-client|sockjs-client"""
        r"""|ngx-socket-io|@microsoft/signalr)['"]"""
    ),
    "dom": re.compile(r"(?<![\w$.])(?:document|window|navigator|localStorage)\s*\."),
    "server-marker": re.compile(
        r"""(?:require\s*\(\s*|from\s+|import\s+)['"](?:node:[\w/]+|https?|net|fs|path|express"""
        r"""|koa|fastify|hono|socket\.io|ws|@nestjs/[\w-]+)['"]|\bprocess\.env\b|\b__dirname\b"""
    ),
    "server-js": re.compile(
        r"""(?:require\s*\(\s*|from\s+|import\s+)['"](?:node:[\w/]+|https?|net|fs|path|os"""
        r"""|child_process|express|koa|fastify|hono|socket\.io|ws|@nestjs/[\w-]+)['"]"""
        r"""|\bprocess\s*\.\s*(?:env|argv|exit)\b|\b__dirname\b|\.\s*listen\s*\("""
    ),
}
DOM_BEFORE = re.compile(
    r"(?<![\w$.])(?:document|window|navigator|localStorage|sessionStorage)\s*\.\s*[\w$]+"
)
ENTRY_BEFORE = re.compile(r"(?<![\w$])[\w$)]*\s*\.\s*listen\s*\(|\b(?:Bun|Deno)\s*\.\s*serve\s*\(")


def _js_split() -> dict[str, tuple[led_module.Led, ...]]:
    return {
        "socket-server": realtime._JS_SOCKET_SERVER,
        "socket-client-import": realtime._JS_SOCKET_CLIENT_IMPORT,
        "dom": realtime._JS_DOM,
        "server-marker": realtime._JS_SERVER_MARKER,
        "server-js": static_content._SERVER_JS,
    }


JS_TEXTS = [
    "",
    "const io = require('socket.io')(server)",
    'import x from "ws"; new WebSocket.Server({ port })',
    "xfrom 'fs' ximport 'net'",
    "document.title; $document.x; .window.x; é_window.x; _navigator.y; localStorage .z",
    "window\n  .addEventListener",
    "process.env.PORT; myprocess.env; __dirname; a__dirname",
    "process . argv; process.exitCode",
    "app.listen(3000); server\n  .listen (8080); (a).listen(1)",
    "Bun.serve({}); xDeno.serve(); Deno . serve (x)",
    "preserve(x); listener(); reserved",
    "sessionStorage.getItem('k'); ßlocalStorage.x",
    "Deno.upgradeWebSocket(req); WebSocketServer; MyWebSocketServer",
    # Only refused forms: each alternative's look-behind alone decides.
    "myprocess.env",
    "a__dirname",
    "_process . argv",
    "$document.title",
    ".window.x",
    "_navigator.y",
    "ßlocalStorage.x",
    "xWebSocketServer",
    "x_WebSocket.Server",
    "2sessionStorage.k",
]


def _js_corpus() -> list[str]:
    texts = list(JS_TEXTS)
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file() and not path.is_symlink():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return texts


def _same_js_answers(text: str) -> None:
    for name, split in _js_split().items():
        assert any_match(split, text) == (JS_BEFORE[name].search(text) is not None), name
    found, before = first_match(static_content._DOM, text), DOM_BEFORE.search(text)
    assert (found and (found.start(), found.group(0))) == (
        before and (before.start(), before.group(0))
    )
    entry, before = static_content._JS_ENTRY.search(text), ENTRY_BEFORE.search(text)
    assert (entry and entry.span()) == (before and before.span())


def test_js_questions_as_the_alternations_over_snippets_and_fixtures() -> None:
    for text in _js_corpus():
        _same_js_answers(text)


JS_PIECES = [
    *("document", "window", "navigator", "localStorage", "sessionStorage", "process", "env"),
    *("argv", "__dirname", "listen", "serve", "Bun", "Deno", "require", "from", "import"),
    *("WebSocket", "Server", "WebSocketServer", "upgradeWebSocket", "attach", "io", "app"),
    *("'socket.io'", '"ws"', "'fs'", "'node:net'", "'socket.io-client'", "'@nestjs/core'"),
    *(".", "(", ")", " ", "\n", "$", "_", "x", "é", "ß", "1", ";"),
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(JS_PIECES), max_size=24).map("".join))
def test_js_questions_as_the_alternations_on_any_text(text: str) -> None:
    _same_js_answers(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(JS_PIECES), max_size=24).map("".join))
def test_every_realtime_gate_matches_wherever_its_pattern_does(text: str) -> None:
    for pattern in _realtime_patterns():
        if pattern.regex.search(text) is not None and pattern.gate is not None:
            assert pattern.gate.search(text) is not None, pattern.source


def test_every_realtime_gate_holds_over_the_fixtures() -> None:
    texts = _js_corpus()
    for pattern in _realtime_patterns():
        if pattern.gate is None:
            continue
        for text in texts:
            if pattern.regex.search(text) is not None:
                assert pattern.gate.search(text) is not None, pattern.source


def _realtime_patterns() -> list[realtime.Pattern]:
    return [
        value
        for table in vars(realtime).values()
        if isinstance(table, tuple)
        for value in table
        if isinstance(value, realtime.Pattern)
    ]


def test_the_js_patterns_that_ran_at_every_position_have_gates() -> None:
    """A pattern led by an identifier of any spelling or by an alternation is tried at every
    position of every JavaScript file unless a gate passes over the files without it."""
    sources = {p.source: p for p in realtime._JS_PATTERNS}
    for source in (
        r"\b(?:Bun|Deno)\s*\.\s*serve\s*(?:<[^>\n]{0,200}>\s*)?\(",
        r"(?<![\w$])[\w$]+\s*\.\s*attach\s*\(\s*[\w$]*[Ss]erver\b",
    ):
        assert sources[source].gate is not None
