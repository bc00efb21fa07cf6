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
