"""Low-latency trading: the code idioms of order books, feed handlers and tick-to-trade paths.

Each family is recognised from identifiers and code in C/C++, Rust, Go and Java sources
(and in Python, C#, JavaScript and TypeScript files that read as trading-domain code),
with comments and string contents blanked (a README or a comment that mentions DPDK is not
kernel bypass). A few things only live in literals or build files and are looked for
there: `#include` targets, inline assembly (`asm("rdtsc")`), FIX tag strings, compiler
flags in CMake/make/meson/Cargo/shell files, and Cargo dependencies (read with a TOML
parser).

Facts: hft.<family> (1.0 per file showing it; evidence is the first line seen), and the
derived hft.score, the number of distinct families present (0..14).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, ROUTES, SCRIPT_ENDINGS, FileScanner, browser
from stackcheck.facts.signals.derived import hft_score  # noqa: F401  (re-exported)
from stackcheck.facts.signals.led import LOWER, any_match, led, word_forms
from stackcheck.facts.signals.tokens import (
    SHELL,
    Lines,
    blank_spans,
    ident,
    strip,
    strip_both,
    syntax_for,
)


class Family(NamedTuple):
    name: str
    code: str = ""  # over code with comments and string contents blanked
    literal: str = ""  # over code with comments blanked, literals kept
    build: str = ""  # over build files and scripts, comments blanked


def _any(*patterns: str) -> str:
    return "|".join(f"(?:{p})" for p in patterns if p)


_INCLUDE = r"^[ \t]*#[ \t]*include[ \t]*[<\"][^>\"\n]*"
_ASM = r"\b(?:__)?asm(?:__)?\b[^;]{0,300}?\"[^\"\n]{0,200}"
_NATIVE = r"-march=native|-mtune=native|-mcpu=native|target-cpu=native"

FAMILIES: tuple[Family, ...] = (
    Family(
        "order_book",
        code=_any(
            ident("order", "book"),
            ident("price", "level"),
            # A limit order book by its other name (one, not a limit on books: `limitBooks`).
            r"(?<![A-Za-z])(?:[Ll]imit_?[Bb]ook|LIMIT_BOOK)(?![A-Za-z])",
            r"\b(?:std::)?(?:map|multimap|flat_map|btree_map|BTreeMap|TreeMap|SortedMap"
            r"|ConcurrentSkipListMap)\s*<[^;{}\n]{0,200}>\s*&?\s*(?:m_)?(?:bids?|asks?|bid_levels|ask_levels"
            r"|buy_levels|sell_levels)_?\b",
            r"(?i:\b(?:bids?|asks?)(?:_levels?|_side)?\s*:?\s*\*?(?:BTreeMap|TreeMap|map\s*\[|"
            r"redblacktree|btree\.|skiplist))",
            # A side made a sorted map where it is made (`let mut asks: BookSide =
            # BTreeMap::new()`, `self.bids = SortedDict()`, `bids = new TreeMap<>(...)`).
            r"\b_?(?:bids|asks)\b(?:[ \t]*:[ \t]*[\w<>:, ]{1,60}?)?[ \t]*=[ \t]*(?:new[ \t]+)?"
            r"(?:std::collections::|collections\.|sortedcontainers\.)?(?:BTreeMap|TreeMap|SortedDict"
            r"|SortedList|SortedMap|ConcurrentSkipListMap)\b",
            # A book kept as sorted lists of price levels (a bot's copy of an exchange's):
            # `self.bids = sorted(...)`, `asks.sort(...)`.
            r"\b(?:bids|asks)\s*(?:=\s*sorted\s*\(|\.\s*sort\s*\()",
            # Or as a container made for the sell side (an auction's list of bids is no book:
            # only a market has asks): `this._asks = new FibonacciHeap(...)`, `self.asks = {}`.
            r"\b_?asks\s*=\s*(?:new\s+[A-Za-z_][\w.]*|\[\s*\]|\{\s*\}"
            r"|(?:dict|list|defaultdict|deque|OrderedDict|SortedDict|SortedList)\s*\()",
            # A sorted container or heap of one side's orders: `PriorityQueue<SellOrder>`,
            # `TreeMap<Double, List<BuyOrder>>`, `heapq.heappush(self.bids, ...)`.
            r"\b(?:PriorityQueue|PriorityBlockingQueue|B?TreeMap|TreeSet|ConcurrentSkipListMap"
            r"|ConcurrentSkipListSet|SortedMap|SortedSet|SortedDictionary|SortedList|BinaryHeap"
            r"|MinHeap|MaxHeap)\s*<[^;{}\n]{0,80}?\b(?:(?:Buy|Sell)Orders?|(?:Bid|Ask)"
            r"(?:Order|Level|Entry)?s?)\b",
            r"\bheappush\s*\(\s*(?:self\.)?_?(?:bids|asks|buy_orders|sell_orders)\b",
            # The sell side declared as a collection of orders, in a record or a struct:
            # Haskell's `asks :: [Order]`, Rust's `asks: Vec<Order>`, Java's
            # `List<Order> asks`.
            r"\b_?asks\s*::?\s*(?:\[\s*\w*Order\w*\s*\]|(?:Vec|List|Array|Seq|Vector|VecDeque"
            r"|Deque|Queue)\s*<\s*\w*Order\w*\s*>)",
            r"\b(?:List|ArrayList|LinkedList|Vector|Deque|ArrayDeque|Queue)\s*<\s*\w*Order\w*\s*>"
            r"\s+_?asks\b",
        ),
        # A book kept in the database, read in price-time priority: the best price first
        # and, at one price, the oldest order (`ORDER BY o.price ASC, o.created_at ASC`).
        literal=r"(?i:order\s+by\s+[\w.]*price\s+(?:asc|desc)\s*,\s*[\w.]*"
        r"(?:time|date|created|timestamp|seq)\w*(?:\s+asc)?\b)",
    ),
    Family(
        "matching_engine",
        code=_any(
            ident("matching", "engine"),
            ident("match", "engine"),  # `MatchEngine`: an order match engine's usual name
            ident("match", "order"),
            ident("match", "orders"),
            ident("matched", "order"),  # `processMatchedOrder(created, matched)`
            ident("order", "matching"),  # a backtester's `_simulate_order_matching`
            ident("match", "trade"),  # an engine's `matchTrade(head, order, book)`
            # An engine's matcher per side of the book: `matchBid(order)`, `match_asks`.
            ident("match", "bid"),
            ident("match", "bids"),
            ident("match", "ask"),
            ident("match", "asks"),
            # ... or per side by its other name: `matchBuy(order)`, `match_sell_order`.
            ident("match", "buy"),
            ident("match", "sell"),
            # The engine named by its package: Go's `matching.NewEngine(ctx, symbol)`, a
            # `*matching.Engine`, Python's `matching.Engine(...)`.
            r"\bmatch(?:ing)?\.(?:New)?Engine\b",
        ),
    ),
    Family(
        "feed_handler",
        code=_any(
            ident("itch"),
            ident("ouch"),
            # ITCH's messages name the instrument by its locate code (`stock_locate`), which no
            # other protocol calls so.
            ident("stock", "locate"),
            r"(?i:\bmold_?udp)",
            r"\bsbe(?:::|_)|\bSBE\b|" + ident("simple", "binary", "encoding"),
            r"\bFIX(?:4[0-4]|5\d|T11)\b|\bFIX\s*::|(?i:quickfix)|\bhffix\b|(?i:\bfix8\b)",
            # The protocol's acronym leading a type's name: `FIXMessage`, `FIXParser`,
            # `FIXSession` (a FIX engine of one's own). `FIXME` is all capitals.
            r"(?<![A-Za-z0-9_])FIX(?!Me\b)[A-Z][a-z]",
            # The session header's company ids (tags 49 and 56) name FIX; MAVLink's messages
            # name their target component `target_compid` (its generated C headers), so the
            # target's id written all lower case and joined is not FIX's.
            r"(?<![A-Za-z])(?:[Ss]ender_?[Cc]omp_?(?:ID|Id|id)"
            r"|[Tt]arget_?(?:Comp_?(?:ID|Id|id)|comp_(?:ID|Id|id)|comp(?:ID|Id))"
            r"|(?:SENDER|TARGET)_?COMP_?ID)(?![a-z])",
            ident("fix", "engine"),
            ident("fix", "session"),
            # A FIX message read by its tag numbers: `fix['35']` (MsgType), `fixMsg[49]`
            # (SenderCompID), BeginString, BodyLength, MsgSeqNum, SendingTime, TargetCompID.
            r"(?i:\bfix\w*)\s*\[\s*['\"]?(?:8|9|34|35|49|52|56)['\"]?\s*\]",
            ident("new", "order", "single"),
            ident("feed", "handler"),
            # A venue's best bid and offer as its feed sends them: `TopOfBookUpdate`,
            # Binance's `bookTicker` stream.
            ident("top", "of", "book"),
            ident("book", "ticker"),
            # ... and the changes to its levels (`DepthUpdateMessage`, `market_depth`).
            ident("depth", "update"),
            ident("market", "depth"),
            ident("market", "data", "handler"),
            ident("market", "data", "feed"),
        ),
        literal=_any(
            r"\"[^\"\n]*(?:\b35=[0-9A-Za-z]|\b8=FIX[.T])",
            # A message's sender or target written out by its tag (`"49=" + senderId`): the
            # session header of FIX's own, fields joined by SOH.
            r"\"(?:49|56)=\"",
            # A BeginString value written out: "FIX.4.4", 'FIXT.1.1'.
            r"[\"']FIX(?:\.[45]\.\d|T\.1\.1)",
            # (a header named for ITCH or OUCH, in any case, not one that only contains the
            # letters: SinricProSwitch.h, Touch.h)
            _INCLUDE + r"(?:quickfix/|hffix|sbe/|(?<![A-Za-z])(?i:itch|ouch))",
        ),
    ),
    Family(
        "strategy",
        code=_any(
            ident("market", "maker"),
            ident("market", "making"),
            ident("tick", "to", "trade"),
            ident("hft"),
            # (a backtest, backtester or backtesting, not a loopback test: LOOPBACK_TEST_MODE)
            r"(?:(?<![A-Za-z0-9])back_?[tT]est|(?<![A-Z])(?:Back_?[tT]est|BACK_?TEST))",
        ),
    ),
    Family(
        # Replaying ticks one by one (`on_tick`, `process_tick`, a `Tick` record): with a
        # backtest, the rubric's tick-level backtester; a bar-by-bar one is not.
        "tick_data",
        code=_any(
            ident("on", "tick"),
            ident("process", "tick"),
            ident("handle", "tick"),
            ident("tick", "data"),
            ident("tick", "by", "tick"),
            r"\b(?:class|struct|record)\s+Tick\b",
            # A venue's quotes replayed as events (`QuoteEvent`, `on_quote`, `QuoteTick`):
            # the top of the book at every change, a tick stream by another name.
            ident("quote", "event"),
            ident("on", "quote"),
            ident("quote", "tick"),
        ),
    ),
    Family(
        "lockfree",
        code=_any(
            ident("spsc"),
            ident("lock", "free"),
            r"\bmemory_order_(?:acquire|release|acq_rel)\b",
            r"\bOrdering::(?:Acquire|Release|AcqRel)\b",
            ident("crossbeam"),
            ident("disruptor"),
            r"\bboost::lockfree\b|\bmoodycamel\b|\bProducerConsumerQueue\b",
            r"\b(?:OneToOne|ManyToOne)ConcurrentArrayQueue\b|\bjctools\b",
            r"\.(?:setRelease|getAcquire|lazySet)\s*\(",
        ),
    ),
    Family(
        "busy_poll",
        code=_any(
            r"\b_mm_pause\b|\b__builtin_ia32_pause\b|\bcpu_relax\b",
            r"\bspin_loop(?:_hint)?\b|\bThread\s*\.\s*onSpinWait\b",
            ident("busy", "spin"),
            ident("busy", "poll"),
            ident("busy", "wait"),
        ),
        literal=_ASM + r"\bpause\b",
    ),
    Family(
        "cpu_pinning",
        code=_any(
            r"(?i:\bsched_?set_?affinity\b)",
            r"\bpthread_setaffinity_np\b|\bSetThreadAffinityMask\b|\bhwloc_set_cpubind\b",
            r"\bCPU_SET\s*\(",
            ident("core", "affinity"),
            ident("thread", "affinity"),
            ident("affinity", "lock"),
        ),
        build=r"\btaskset\b|\bisolcpus\b|\bnumactl\b[^\n]*(?:--physcpubind|-C\b)|\bcset\s+shield\b",
    ),
    Family(
        "rdtsc",
        code=_any(ident("rdtsc"), ident("rdtscp"), r"(?i:\btsc_?clock\b)"),
        literal=_ASM + r"\b(?:rdtscp?|cntvct_el0)\b",
    ),
    Family(
        "hugepages",
        code=_any(
            ident("hugetlb"),
            r"\bhugetlbfs\b|\bMAP_HUGE_(?:2MB|1GB)\b",
            ident("huge", "page"),
        ),
        build=r"\bhugetlbfs\b|\bnr_hugepages\b|\bhugepages=|\bhugeadm\b|UseLargePages"
        r"|UseTransparentHugePages",
    ),
    Family(
        "kernel_bypass",
        code=_any(
            r"\brte_(?:eal|eth|mbuf|pktmbuf|ring|mempool|lcore|malloc|memcpy|prefetch|flow|ether"
            r"|hash|timer)\w*",
            r"\bRTE_(?:MAX|ETH|LCORE|MBUF|PKTMBUF)\w*",
            r"\bef_vi\w*|\bef_(?:driver|pd|memreg|eventq)_\w+|\bonload_\w+\s*\(",
            r"\bzf_(?:init|stack_alloc|attr|udp|tcp|muxer)\w*",
            ident("io", "uring") + r"|\bliburing\b|\btokio_uring\b|\bglommio\b|\bmonoio\b",
            r"\bAF_XDP\b|\bxsk_\w+",
            r"\bnm_open\b|\bnetmap_\w+|\bNIOCREGIF\b",
            r"\bibv_(?:post_send|post_recv|create_qp|reg_mr|poll_cq)\b",
        ),
        literal=_INCLUDE
        + r"(?:rte_\w+|etherfabric/|onload/|zf/|liburing|xdp/xsk|bpf/xsk|net/netmap"
        r"|infiniband/verbs)",
        build=r"(?i:\bdpdk\b)|-lrte_|-lef_vi|-lciul|-luring\b|\bliburing\b|-lxdp\b|\blibxdp\b"
        r"|^\s*onload\s",
    ),
    Family(
        "native_flags",
        literal=_NATIVE,
        build=_NATIVE,
    ),
    Family(
        "nanos",
        code=_any(
            r"\bchrono::nanoseconds\b|\bhigh_resolution_clock\b",
            r"\bduration_cast\s*<\s*(?:std::)?(?:chrono::)?nanoseconds\b",
            r"\bSystem\s*\.\s*nanoTime\s*\(|\bTimeUnit\s*\.\s*NANOSECONDS\b",
            r"\bBENCHMARK(?:_F|_DEFINE_F|_TEMPLATE)?\s*\(|\bbenchmark::State\b",
            ident("hdr", "histogram"),
            ident("latency", "histogram"),
            r"\.Nanoseconds\s*\(\s*\)",
        ),
    ),
    Family(
        "cache_align",
        code=_any(
            r"\balignas\s*\(\s*(?:64|128|(?:std::)?hardware_destructive_interference_size"
            r"|[\w:]*[Cc][Aa][Cc][Hh][Ee]_?[Ll][Ii][Nn][Ee]\w*)\s*\)",
            r"__attribute__\s*\(\(\s*(?:__)?aligned(?:__)?\s*\(\s*(?:64|128)\s*\)",
            r"\bhardware_(?:destructive|constructive)_interference_size\b",
            r"\brepr\s*\(\s*(?:C\s*,\s*)?align\s*\(\s*(?:64|128)\s*\)",
            ident("cache", "padded"),
            r"\b_{2,4}cacheline_aligned\w*|@Contended\b",
        ),
    ),
)
FAMILY_NAMES = tuple(f.name for f in FAMILIES)

# Lower-case words of which at least one occurs in every match of a family's patterns: a
# family whose words are all absent from a file is not searched at all. Most files of a
# large code base mention none of them, and the regexes (case-insensitive pieces, look-behinds
# before alternations) cost far more than one `in` test per word.
HINTS: Mapping[str, tuple[str, ...]] = {
    "order_book": ("order", "level", "bid", "ask", "limitbook", "limit_book"),
    "matching_engine": ("match",),
    "feed_handler": (
        "itch",
        "stock_locate",  # (not "locate": warehouses allocate)
        "stocklocate",
        "topofbook",
        "top_of_book",
        "bookticker",
        "book_ticker",
        "depthupdate",
        "depth_update",
        "marketdepth",
        "market_depth",
        "ouch",
        "mold",
        "sbe",
        "simple",
        "fix",
        "feed",
        "market",
        "new_order",
        "neworder",
        "35=",
        "49=",
        "56=",
        "8=fix",
        "compid",
        "comp_id",
    ),
    "strategy": ("market", "tick", "hft", "backtest", "back_test"),
    "tick_data": ("tick", "quote_event", "quoteevent", "on_quote", "onquote", "quote_tick"),
    "lockfree": (
        "spsc",
        "lock",
        "memory_order",
        "ordering::",
        "crossbeam",
        "disruptor",
        "moodycamel",
        "producerconsumer",
        "concurrentarrayqueue",
        "jctools",
        "setrelease",
        "getacquire",
        "lazyset",
    ),
    "busy_poll": ("pause", "cpu_relax", "spin", "busy"),
    "cpu_pinning": ("affinity", "cpu_set", "cpubind", "taskset", "isolcpus", "numactl", "cset"),
    "rdtsc": ("rdtsc", "tsc", "cntvct"),
    "hugepages": ("huge", "largepages"),
    "kernel_bypass": (
        "rte_",
        "ef_",
        "onload",
        "zf_",
        "uring",
        "glommio",
        "monoio",
        "xdp",
        "xsk",
        "netmap",
        "nm_open",
        "niocregif",
        "ibv_",
        "dpdk",
        "-lciul",
        "verbs",
        "etherfabric",
    ),
    "native_flags": ("native",),
    "nanos": ("nano", "high_resolution_clock", "benchmark", "histogram"),
    "cache_align": ("align", "interference_size", "padded", "cacheline", "contended"),
}

# Rust crates whose presence in Cargo.toml places the project in a family.
CARGO_CRATES: Mapping[str, str] = {
    "crossbeam": "lockfree",
    "crossbeam-queue": "lockfree",
    "crossbeam-channel": "lockfree",
    "crossbeam-utils": "lockfree",
    "disruptor": "lockfree",
    "rtrb": "lockfree",
    "ringbuf": "lockfree",
    "core-affinity": "cpu_pinning",
    "core-affinity-rs": "cpu_pinning",
    "affinity": "cpu_pinning",
    "hwloc": "cpu_pinning",
    "io-uring": "kernel_bypass",
    "tokio-uring": "kernel_bypass",
    "glommio": "kernel_bypass",
    "monoio": "kernel_bypass",
    "xsk-rs": "kernel_bypass",
    "afxdp": "kernel_bypass",
    "dpdk-sys": "kernel_bypass",
    "hdrhistogram": "nanos",
    "quanta": "rdtsc",
    "fefix": "feed_handler",
    "quickfix": "feed_handler",
}

SOURCE_EXTENSIONS = (
    *(".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".ipp", ".inl"),
    *(".rs", ".go", ".java", ".cs", ".py"),
    *SCRIPT_ENDINGS,  # read for the domain alone: below
)

# The trading domain's vocabulary, read off identifiers (order_book, OrderBook, bidQty): a file
# that names both sides of a book, orders, prices and quantities, among enough of the other
# words, is trading code whatever its data structures look like. Words, not phrases: they are
# the parts of identifiers split at '_' and case changes.
TRADING_WORDS = frozenset(
    {
        "bid",
        "bids",
        "ask",
        "asks",
        "offer",
        "offers",
        "buy",
        "sell",
        "order",
        "orders",
        "orderbook",
        "book",
        "limit",
        "market",
        "cancel",
        "cancelled",
        "canceled",
        "fill",
        "fills",
        "filled",
        "execution",
        "exec",
        "execute",
        "trade",
        "trades",
        "qty",
        "quantity",
        "price",
        "prices",
        "side",
        "symbol",
        "instrument",
        "tick",
        "ticks",
        "spread",
        "level",
        "levels",
        "match",
        "matching",
        "venue",
        "liquidity",
        "maker",
        "taker",
        "quote",
        "quotes",
        "transact",
        "security",
        "seq",
        "leaves",
        "cum",
        "ioc",
        "fok",
        "gtc",
        "amount",
        "volume",
    }
)
_SIDES = (frozenset({"bid", "bids", "buy"}), frozenset({"ask", "asks", "sell", "offer", "offers"}))
_ORDER_WORDS = frozenset({"order", "orders", "orderbook"})
_AMOUNT_WORDS = frozenset({"qty", "quantity", "amount", "volume"})
_PRICE_WORDS = frozenset({"price", "prices"})
MIN_TRADING_WORDS = 8
DOMAIN_FAMILIES = ("order_book", "matching_engine", "feed_handler")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{1,60}")
_WORD_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# The build files this module reads are the ones the routing table sends it.
BUILD_NAMES = ROUTES["latency"].names
BUILD_EXTENSIONS = (".cmake", ".mk", ".sh", ".bash")


def _sources(kind: str) -> tuple[tuple[str, str], ...]:
    return tuple((f.name, getattr(f, kind)) for f in FAMILIES if getattr(f, kind))


# Compiled on first use: most files hold no hint word of most families, and compiling all
# of them up front costs more than scanning a whole repository's build files.
_CODE = _sources("code")
_LITERAL = _sources("literal")
_BUILD = _sources("build")


@functools.cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.MULTILINE)


_OPTIMISE = re.compile(r"(?<![\w-])-O(?:3|fast)\b|opt-level\s*=\s*3")


def scan_source(path: str, text: str) -> Iterator[Fact]:
    syntax = syntax_for(path)
    if syntax is None:
        return
    if path.endswith(_LISP_ENDINGS):
        text = _KEBAB.sub("_", text)
    lower = text.lower()
    if path.endswith(DOMAIN_ONLY_ENDINGS):
        if path.endswith(SCRIPT_ENDINGS) and not _speaks_of_orders(text):
            return
        if not _may_be_trading(text, lower):  # which implies a hint word
            return
    elif not any(word in lower for words in HINTS.values() for word in words):
        return
    code, literal = strip_both(text, syntax)
    if path.endswith(SCRIPT_ENDINGS) and browser.presents(path, code, literal):
        return
    seen: dict[str, int] = {}
    # Code families are tried on the lines whose code holds a hint word (their matches do);
    # a hint inside a string or comment is no reason to try a line.
    _first(_CODE, code, seen)
    if path.endswith(_DECLARING_ENDINGS) and not seen.keys().isdisjoint(_NAMED_FAMILIES):
        _beyond_declarations(code, seen)
    _first(_LITERAL, literal, seen, lower)
    if "matching_engine" in seen and "order_book" not in seen and not _names_orders(code):
        del seen["matching_engine"]
    if "order_book" in seen and _BOOK_WORDS.isdisjoint(_trading_words(code)):
        del seen["order_book"]
    if "order_book" in seen and "matching_engine" not in seen:
        crossed = _BOOK_CROSSING.search(code)
        if crossed is not None:
            seen["matching_engine"] = crossed.start()
    yield from _facts(path, text, seen)
    domain = _domain(code, seen, literal)
    if domain is not None:
        lines = Lines(text)
        line = lines.number(domain[0]) if domain[0] >= 0 else None
        yield fact("hft.domain_file", path, line, domain[1])


# A Java, Kotlin, Scala, Groovy or C# file names its package, and the project's own packages
# it imports, in declarations (`package io.shop.orderbook.backend;`, `import
# io.shop.orderbook.backend.menu.Item;`): the project's name, which `hft.named` reads once,
# not what the file's code does. Every file of a restaurant's ordering API named `orderbook`
# would be an order book's otherwise, so the book and the engine are looked for in the code
# beyond them. (The FIX engine's own package, `quickfix.field`, and its imports say what the
# code is and uses: the feed handler's family still reads them.)
_DECLARING_ENDINGS = (".java", ".kt", ".kts", ".scala", ".groovy", ".cs")
_NAMED_FAMILIES = frozenset({"order_book", "matching_engine"})
_PACKAGE_DECLARATION = re.compile(r"^[ \t]*(?:package|namespace)[ \t]+([\w.]+)", re.MULTILINE)
_IMPORT_DECLARATION = re.compile(
    r"^[ \t]*(?:import|using)[ \t]+(?:static[ \t]+)?([\w.*]+)", re.MULTILINE
)


def _beyond_declarations(code: str, seen: dict[str, int]) -> None:
    """`seen`'s order book and matching engine, found again beyond the declarations."""
    blanked = _blank_declarations(code)
    if blanked is code:
        return
    again: dict[str, int] = {}
    _first(tuple((f, p) for f, p in _CODE if f in _NAMED_FAMILIES and f in seen), blanked, again)
    for family in _NAMED_FAMILIES & seen.keys():
        if family in again:
            seen[family] = again[family]
        else:
            del seen[family]


def _blank_declarations(code: str) -> str:
    """`code` with its package (or namespace) declaration blanked, and its imports of the
    project's own packages (those under the package's first two or three names), offsets
    kept; `code` itself when it declares no package."""
    declared = _PACKAGE_DECLARATION.search(code)
    if declared is None:
        return code
    names = declared.group(1).split(".")
    root = ".".join(names[: 3 if len(names) > 3 else 2])
    spans = [declared.span()]
    for imported in _IMPORT_DECLARATION.finditer(code):
        name = imported.group(1)
        if name == root or name.startswith(f"{root}."):
            spans.append(imported.span())
    return blank_spans(code, sorted(spans))


# An order book's own code that crosses an incoming order with the resting ones keeps the
# quantity matched at each level (`match_qty`, `matchedQuantity`): the book and the engine
# that matches against it, in one file, whatever the function is called (`fill_orders`).
# Not a filled size, which a bot's own order has too.
# So does one that crosses the incoming (taker) order with the resting (maker) ones
# (`incomingOrder`, `taker_order`) and collects the trades it makes (`[]Match`, `Vec<Trade>`,
# `List<Fill>`).
_BOOK_CROSSING = re.compile(
    _any(
        *(ident(verb, noun) for verb in ("match", "matched") for noun in ("qty", "quantity")),
        ident("incoming", "order"),
        # The resting orders an incoming one may cross: `removeMatching(order)`,
        # `findMatchingOrders`, `potentialMatches`.
        *(ident(verb, "matching") for verb in ("remove", "find", "get", "take")),
        ident("potential", "match"),
        ident("potential", "matches"),
        ident("taker", "order"),
        ident("maker", "order"),
        r"\[\]\s*\*?(?:\w+\.)?(?:Match|Trade|Fill)\b",
        r"\b(?:Vec|List|ArrayList|Array|Sequence)\s*<\s*(?:\w+(?:\.|::))?(?:Match|Trade|Fill)\s*>",
    )
)


# Python, C#, JavaScript and TypeScript are read for the trading domain, which is rare among
# their files: a cheap look at the lower-cased text spares blanking every web app's module.
# So are the other languages exchanges and FIX engines are written in (Scala, Kotlin, Ruby,
# Elixir, OCaml, Zig, Haskell), whose low-latency idioms the families do not know.
# An order book is one in TypeScript too; but a script that runs in the browser (browser.py)
# presents a market (a trading dashboard, fintech by the rubric), it does not run one.
_TYPED_DOMAIN_ENDINGS = (".py", ".cs", ".scala", ".kt", ".rb", ".ex", ".ml", ".zig", ".hs")
# Clojure too, whose kebab-case names (`order-book`, `:sender-comp-id`) are read as the
# snake_case ones the patterns know: a hyphen between a letter or digit and a letter becomes
# an underscore, which keeps every offset.
_LISP_ENDINGS = (".clj", ".cljs", ".cljc")
DOMAIN_ONLY_ENDINGS = (*_TYPED_DOMAIN_ENDINGS, *_LISP_ENDINGS, *SCRIPT_ENDINGS)
_KEBAB = re.compile(r"(?<=[A-Za-z0-9])-(?=[A-Za-z])")
_KEBAB_BYTES = re.compile(rb"(?<=[A-Za-z0-9])-(?=[A-Za-z])")
# Any of these in the lower-cased text (the alternation `order_?book|matching_?engine|...`,
# searched one literal-led alternative at a time: see led.py).
_DOMAIN_HINTS = (
    led(r"order_?book"),
    led(r"limit_?book(?![a-z])"),
    led(r"matching_?engine"),
    led(r"match_?engine"),
    led(r"match(?:ing)?\.(?:new)?engine"),
    led(r"match_?orders?\b"),
    led(r"price_?levels?"),
    *(led(word + r"(?![a-z])", LOWER) for word in ("bids", "asks", "itch", "ouch")),
    led(r"fix[45]\d?(?![a-z])", LOWER),
    led(r"quickfix"),
    led(r"feed_?handler"),
    led(r"market_?data"),
    led(r"new_?order"),
    led(r"(?:sender|target)_?comp_?id"),
    led(r"fix(?:\.[45]\.\d|t\.1\.1)"),
)
_BUY_SIDE = word_forms("bid", "bids", "buy")
_SELL_SIDE = word_forms("ask", "asks", "sell", "offer")


# Plain substrings every _DOMAIN_HINTS match contains: found at memchr speed, they spare the
# regex (whose alternatives and look-behinds are tried at every position) on most files.
_HINT_LITERALS = (
    "book",
    "match",
    "level",
    "bids",
    "asks",
    "itch",
    "ouch",
    "fix4",
    "fix5",
    "quickfix",
    "feed",
    "market",
    "new_order",
    "neworder",
    "compid",
    "comp_id",
    "fix.4",
    "fix.5",
    "fixt.1",
)


def _may_be_trading(text: str, lower: str) -> bool:
    if (
        "order" in lower
        and "price" in lower
        and ("bid" in lower or "buy" in lower)
        and ("ask" in lower or "sell" in lower or "offer" in lower)
        and any_match(_BUY_SIDE, text)
        and any_match(_SELL_SIDE, text)
    ):
        return True
    if not any(literal in lower for literal in _HINT_LITERALS):
        return False
    return any_match(_DOMAIN_HINTS, lower)


# What every text _may_be_trading accepts holds, lower-cased, besides "order" with "price"
# (its first test): one of the _DOMAIN_HINTS, each found from a word of it (the anchor) and
# what may stand before or after that word.
class _Phrase(NamedTuple):
    anchor: bytes
    before: tuple[bytes, ...] = ()
    after: tuple[bytes, ...] = ()


_PHRASES = (
    _Phrase(b"order", before=(b"match", b"match_", b"new", b"new_"), after=(b"book", b"_book")),
    _Phrase(b"level", before=(b"price", b"price_")),
    _Phrase(b"limit", after=(b"book", b"_book")),
    _Phrase(b"matching", after=(b"engine", b"_engine", b".engine", b".newengine")),
    _Phrase(b"match", after=(b"engine", b"_engine", b".engine", b".newengine")),
    _Phrase(b"feed", after=(b"handler", b"_handler")),
    _Phrase(b"market", after=(b"data", b"_data")),
)
# Words the hints want with no letter a-z right before or after them (vouchers and tasks
# are not bids and asks), and words they want anywhere.
_WHOLE_WORDS = (b"bids", b"asks", b"itch", b"ouch")
_PLAIN_WORDS = (b"fix4", b"fix5", b"quickfix", b"compid", b"comp_id", b"fix.4", b"fix.5", b"fixt.1")
_AZ = frozenset(b"abcdefghijklmnopqrstuvwxyz")


def may_be_trading_bytes(data: bytes) -> bool:
    """False only for a Python or C# file _may_be_trading refuses, looked at in the bytes
    with one pass per word. Most of a web app's modules hold none of these phrases, and the
    88 needles of the other sources take more passes over the ones that do not.

    ASCII bytes lower-case as their decoded text does (the decoder keeps ASCII as it is,
    and turning CR LF into LF makes no word); any other file is left to _may_be_trading."""
    if not data.isascii():
        return True
    lower = data.lower()
    return (
        (b"order" in lower and b"price" in lower)
        or any(_phrase_in(lower, phrase) for phrase in _PHRASES)
        or any(_whole_word_in(lower, word) for word in _WHOLE_WORDS)
        or any(word in lower for word in _PLAIN_WORDS)
    )


def _phrase_in(lower: bytes, phrase: _Phrase) -> bool:
    anchor, before, after = phrase
    reach = max(map(len, before), default=0)
    at = lower.find(anchor)
    while at >= 0:
        if (after and lower.startswith(after, at + len(anchor))) or (
            before and lower[max(0, at - reach) : at].endswith(before)
        ):
            return True
        at = lower.find(anchor, at + 1)
    return False


def _whole_word_in(lower: bytes, word: bytes) -> bool:
    at = lower.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or lower[at - 1] not in _AZ) and (end == len(lower) or lower[end] not in _AZ):
            return True
        at = lower.find(word, at + 1)
    return False


def _domain(code: str, seen: Mapping[str, int], literal: str) -> tuple[int, str] | None:
    """Whether the file is trading-domain code: one of the domain families, or the domain's
    vocabulary (both sides of a book, orders, prices, quantities and enough other words)."""
    found = [seen[f] for f in DOMAIN_FAMILIES if f in seen]
    if found:
        return min(found), "trading-domain code: " + ", ".join(
            f.replace("_", " ") for f in DOMAIN_FAMILIES if f in seen
        )
    words = _trading_words(code) | _enum_words(literal)
    if (
        len(words) >= MIN_TRADING_WORDS
        and all(words & side for side in _SIDES)
        and words & _ORDER_WORDS
        and words & _AMOUNT_WORDS
        and words & _PRICE_WORDS
    ):
        return -1, "trading vocabulary: " + ", ".join(sorted(words)[:8])
    return None


# Order types, times in force and sides are often written as strings (`if kind == "market"`,
# `side = "sell"`): a quoted word alone, not a message's prose.
_ENUM_WORDS = frozenset({"market", "limit", "ioc", "fok", "gtc", "bid", "ask", "buy", "sell"})
_QUOTED_WORD = re.compile(r"""(?<![\w])["']([A-Za-z]{3,6})["']""")


def _enum_words(literal: str) -> set[str]:
    return {low for word in _QUOTED_WORD.findall(literal) if (low := word.lower()) in _ENUM_WORDS}


# A matching engine matches orders (trades them, at prices, per symbol): one whose code
# names none of these matches something else, as a benefits-eligibility `MatchingEngine`
# matches people to programmes.
_MATCHED_WORDS = frozenset(
    {"order", "orders", "orderbook", "trade", "trades", "symbol", "instrument", "price", "qty"}
)


# A book holds orders on its two sides: a file whose code names neither orders nor a side
# keeps some other list of prices (a portfolio tracker's `PriceLevel` alerts).
_BOOK_WORDS = _ORDER_WORDS | _SIDES[0] | _SIDES[1]


def _names_orders(code: str) -> bool:
    return not _MATCHED_WORDS.isdisjoint(_trading_words(code))


def _trading_words(code: str) -> set[str]:
    words: set[str] = set()
    for name in set(_IDENTIFIER.findall(code)):
        for part in _WORD_PARTS.findall(name):
            low = part.lower()
            if low in TRADING_WORDS:
                words.add(low)
    return words


def scan_build(path: str, text: str) -> Iterator[Fact]:
    name = path.rsplit("/", 1)[-1]
    if name in ("config", "config.toml") and not path.endswith(".cargo/" + name):
        return  # only Cargo's .cargo/config(.toml) carries rustflags
    literal = strip(text, syntax_for(path) or SHELL)
    seen: dict[str, int] = {}
    _first(_BUILD, literal, seen)
    yield from _facts(path, text, seen)
    if name == "Cargo.toml":
        yield from _cargo_crates(path, text)


_HINT_RES = {
    family: re.compile("|".join(re.escape(w) for w in words)) for family, words in HINTS.items()
}
_NEWLINE = re.compile(r"\n")
# A family absent from a file whose every other line says "order" would otherwise cost a
# search per line; past this many candidate lines the family is given up for that file.
MAX_CANDIDATE_LINES = 400


def _first(
    patterns: Iterable[tuple[str, str]],
    text: str,
    seen: dict[str, int],
    lower: str | None = None,
) -> None:
    """The offset of the first match of each family not seen yet (or seen later).

    A family's pattern is only tried on the lines where one of its hint words occurs (the
    patterns match within a line), so the cost follows the few lines that matter rather
    than the size of the file. `lower` is the text lower-cased, same length and lines."""
    lower = text.lower() if lower is None else lower
    line_starts: list[int] | None = None
    found_at: dict[str, int] = {}  # each hint word's first offset (-1: absent)
    for family, pattern in patterns:
        # The first hint by plain substring searches: the alternation of a family's words
        # would be tried at every offset of a file that holds none of them.
        start = -1
        for word in HINTS[family]:
            at = found_at.get(word)
            if at is None:
                at = found_at[word] = lower.find(word)
            if at >= 0 and (start < 0 or at < start):
                start = at
        if start < 0:
            continue
        hits = _HINT_RES[family].finditer(lower, start)
        first = next(hits, None)
        if first is None:
            continue
        if line_starts is None:
            line_starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        found = _search_lines(_compiled(pattern), text, first.start(), hits, line_starts)
        if found is not None and (family not in seen or found < seen[family]):
            seen[family] = found


def _search_lines(
    pattern: re.Pattern[str],
    text: str,
    first: int,
    hits: Iterator[re.Match[str]],
    line_starts: list[int],
) -> int | None:
    searched = 0
    done = -1
    for hit in itertools.chain((first,), (m.start() for m in hits)):
        line = bisect.bisect_right(line_starts, hit) - 1
        if line <= done:
            continue
        done = line
        end = line_starts[line + 1] if line + 1 < len(line_starts) else len(text)
        found = pattern.search(text, line_starts[line], end)
        if found is not None:
            return found.start()
        searched += 1
        if searched >= MAX_CANDIDATE_LINES:
            return None
    return None


def _facts(path: str, text: str, seen: Mapping[str, int]) -> Iterator[Fact]:
    lines = Lines(text)
    for family in sorted(seen):
        line = lines.number(seen[family])
        detail = lines.text(line)
        if family == "native_flags" and _OPTIMISE.search(text):
            detail = f"optimised for the build machine: {detail}"
        yield fact(f"hft.{family}", path, line, detail)


def _cargo_crates(path: str, text: str) -> Iterator[Fact]:
    from stackcheck.facts._toml import TOMLDecodeError, loads

    try:
        data = loads(text)
    except TOMLDecodeError:
        return  # the Cargo manifest parser reports it; nothing to add here
    lines = Lines(text)
    for crate in sorted(_cargo_names(data)):
        family = CARGO_CRATES.get(crate.replace("_", "-"))
        if family is None:
            continue
        found = re.search(rf"^\s*\[?[\w.-]*?\b{re.escape(crate)}\b", text, re.MULTILINE)
        line = lines.number(found.start()) if found else None
        yield fact(f"hft.{family}", path, line, f"Rust crate {crate}")


def _cargo_names(data: Mapping[str, object]) -> set[str]:
    tables: list[object] = [data.get(k) for k in _CARGO_TABLES]
    workspace = data.get("workspace")
    if isinstance(workspace, dict):
        tables.append(workspace.get("dependencies"))
    target = data.get("target")
    if isinstance(target, dict):
        for spec in target.values():
            if isinstance(spec, dict):
                tables.extend(spec.get(k) for k in _CARGO_TABLES)
    names: set[str] = set()
    for table in tables:
        if isinstance(table, dict):
            for name, spec in table.items():
                renamed = spec.get("package") if isinstance(spec, dict) else None
                names.add((renamed if isinstance(renamed, str) else name).lower())
    return names


_CARGO_TABLES = ("dependencies", "dev-dependencies", "build-dependencies")


def _wants_source(path: str) -> bool:
    return path.lower().endswith(SOURCE_EXTENSIONS)


def _wants_other_source(path: str) -> bool:
    return _wants_source(path) and not path.endswith(DOMAIN_ONLY_ENDINGS)


def _wants_domain_source(path: str) -> bool:
    """Python, C# and the other _TYPED_DOMAIN_ENDINGS, which scan_source reads for the
    trading domain alone (by the same case-sensitive test: `X.PY` is read as the other
    sources are)."""
    return path.endswith(_TYPED_DOMAIN_ENDINGS)


def _wants_lisp_source(path: str) -> bool:
    return path.endswith(_LISP_ENDINGS)


def may_be_trading_lisp_bytes(data: bytes) -> bool:
    """may_be_trading_bytes of the text scan_source reads: kebab-case names as snake_case."""
    return may_be_trading_bytes(_KEBAB_BYTES.sub(b"_", data))


def _wants_domain_script(path: str) -> bool:
    """JavaScript and TypeScript, read for the trading domain alone, as Python is."""
    return path.endswith(SCRIPT_ENDINGS)


def may_be_trading_script_bytes(data: bytes) -> bool:
    """A script is read for the trading domain only where it speaks of orders: every order
    book, matching engine and feed handler does, and a large JavaScript tree holds tens of
    thousands of scripts, few of which say "order" (two searches each, against a dozen for
    may_be_trading_bytes). The same test as _speaks_of_orders: these letters are the same
    in the bytes and in the decoded text."""
    return (
        b"rder" in data or b"RDER" in data or any(mark in data for mark in _FIX_MARK_BYTES)
    ) and may_be_trading_bytes(data)


# A FIX engine's session code need not say "order": it speaks of the header's company ids
# and the protocol's version string instead.
_FIX_MARKS = ("CompID", "CompId", "FIX.4", "FIXT.1")
_FIX_MARK_BYTES = tuple(mark.encode() for mark in _FIX_MARKS)


def _speaks_of_orders(text: str) -> bool:
    return "rder" in text or "RDER" in text or any(mark in text for mark in _FIX_MARKS)


def _wants_build(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name in BUILD_NAMES or name.lower().endswith(BUILD_EXTENSIONS)


# Byte strings of which one occurs in every source file scan_source finds anything in.
_SOURCE_NEEDLES = (
    b"rder",
    b"atch",
    b"itch",
    b"Itch",
    b"ITCH",
    b"OUCH",
    b"Ouch",
    b"ouch",
    b"sbe",
    b"SBE",
    b"Mold",
    b"FIX",
    b"ix",
    b"eed",
    b"arket",
    b"HFT",
    b"hft",
    b"Hft",
    b"acktest",
    b"tick",
    b"Tick",
    b"TICK",
    b"rade",
    b"PSC",
    b"psc",
    b"ock_free",
    b"ockfree",
    b"ockFree",
    b"OCK_FREE",
    b"memory_order",
    b"Ordering::",
    b"rossbeam",
    b"isruptor",
    b"moodycamel",
    b"Queue",
    b"pause",
    b"spin",
    b"Spin",
    b"usy",
    b"USY",
    b"ffinity",
    b"CPU_SET",
    b"dtsc",
    b"DTSC",
    b"tsc",
    b"uge",
    b"UGE",
    b"rte_",
    b"RTE_",
    b"ef_",
    b"onload",
    b"zf_",
    b"uring",
    b"Uring",
    b"URING",
    b"glommio",
    b"monoio",
    b"XDP",
    b"xsk_",
    b"nm_open",
    b"netmap",
    b"NIOCREGIF",
    b"ibv_",
    b"native",
    b"nano",
    b"Nano",
    b"NANO",
    b"high_resolution",
    b"BENCHMARK",
    b"benchmark",
    b"istogram",
    b"align",
    b"Contended",
    b"added",
    b"acheline",
    b"Acquire",
    b"Release",
    b"lazySet",
    b"level",
    b"Level",
    b"bid",
    b"ask",
    b"Bid",
    b"Ask",
    b"BID",
    b"ASK",
    b"uy",
    b"ell",
    b"35=",
    b'"49="',
    b'"56="',
    b"8=FIX",
    b"asm",
    *(b"omp" + tail for tail in (b"ID", b"Id", b"id", b"_ID", b"_Id", b"_id")),
    b"OMPID",
    b"OMP_ID",
    *(b"imit" + tail for tail in (b"book", b"Book", b"_book", b"_Book")),
    b"IMIT_BOOK",
)


FILE_SCANNERS.extend(
    [
        FileScanner(
            "latency-code",
            _wants_other_source,
            scan_source,
            _SOURCE_NEEDLES,
            endings=SOURCE_EXTENSIONS,
        ),
        FileScanner(
            "latency-code",
            _wants_domain_source,
            scan_source,
            _SOURCE_NEEDLES,
            endings=_TYPED_DOMAIN_ENDINGS,
            gate=may_be_trading_bytes,
        ),
        FileScanner(
            "latency-code",
            _wants_lisp_source,
            scan_source,
            endings=_LISP_ENDINGS,
            gate=may_be_trading_lisp_bytes,
        ),
        FileScanner(
            "latency-code",
            _wants_domain_script,
            scan_source,
            endings=SCRIPT_ENDINGS,
            gate=may_be_trading_script_bytes,
        ),
        FileScanner(
            "latency-build",
            _wants_build,
            scan_build,
            (
                b"native",
                b"taskset",
                b"isolcpus",
                b"numactl",
                b"cset",
                b"huge",
                b"LargePages",
                b"dpdk",
                b"DPDK",
                b"rte_",
                b"ef_vi",
                b"ciul",
                b"uring",
                b"xdp",
                b"onload",
                *(crate.encode() for crate in CARGO_CRATES),
                *(crate.replace("-", "_").encode() for crate in CARGO_CRATES if "-" in crate),
            ),
        ),
    ]
)
