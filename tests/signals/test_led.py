"""Literal-led searches answer exactly what the alternations they replace answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stackcheck.facts.signals import latency
from stackcheck.facts.signals.led import any_match

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# The alternations as they were written before being split (latency.py).
DOMAIN = re.compile(
    r"order_?book|matching_?engine|match_?orders?\b|price_?levels?|(?<![a-z])(?:bids|asks)(?![a-z])"
    r"|(?<![a-z])(?:itch|ouch|fix[45]\d?)(?![a-z])|quickfix|feed_?handler|market_?data|new_?order"
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
]


@pytest.mark.parametrize(("data", "passes"), GATE_TEXTS)
def test_bytes_gate(data: bytes, passes: bool) -> None:
    assert latency.may_be_trading_bytes(data) is passes


def test_bytes_gate_passes_every_text_the_domain_look_accepts() -> None:
    """The gate only spares the look files it would refuse: every snippet and fixture file
    _may_be_trading accepts passes it."""
    datas = [p.values[0] for p in GATE_TEXTS]
    datas += [text.encode() for p in TEXTS for text in p.values]
    datas += [
        path.read_bytes()
        for path in sorted(FIXTURES.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]
    accepted = 0
    for data in datas:
        text = data.decode("utf-8", "replace")
        if latency._may_be_trading(text, text.lower()):
            accepted += 1
            assert latency.may_be_trading_bytes(data), data[:80]
    assert accepted > 5


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
