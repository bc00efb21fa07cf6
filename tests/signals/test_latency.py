"""Low-latency trading idioms: one family per table row, comments and strings never count."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import RepoFactory
from stackcheck.facts import Facts, merge
from stackcheck.facts.collect import collect
from stackcheck.facts.signals import latency
from stackcheck.source.discover import discover


def families(path: str, source: str) -> set[str]:
    text = textwrap.dedent(source)
    scanner = latency.scan_build if latency._wants_build(path) else latency.scan_source
    found = {key.removeprefix("hft.") for key in merge(scanner(path, text))}
    return found - {"domain_file"}  # the per-file summary of the domain families


NOTHING = [
    pytest.param("src/main.cpp", "int main() { return 0; }\n", id="plain-cpp"),
    pytest.param(
        "src/net.cpp",
        """
        // Kernel bypass with DPDK: rte_eal_init(), rte_eth_rx_burst(); ef_vi later.
        /* MAP_HUGETLB arenas, io_uring logging, _mm_pause() spin, __rdtsc() stamps */
        void start() {}
        """,
        id="cpp-idioms-only-in-comments",
    ),
    pytest.param(
        "src/log.cpp",
        """
        void log() {
          puts("OrderBook MatchingEngine rte_eth_rx_burst MAP_HUGETLB memory_order_acquire");
        }
        """,
        id="cpp-idioms-only-in-strings",
    ),
    pytest.param(
        "src/ui/switch.c",
        """
        void touch(int itchy) {
          switch (itchy) { default: break; }
          int SWITCH_MODE = 1, TOUCH_SCREEN = 2;
        }
        """,
        id="switch-and-touch-are-no-itch-or-ouch",
    ),
    pytest.param(
        "src/lib.rs",
        """
        use std::sync::mpsc;
        use std::time::Instant;
        fn f<'a>(x: &'a str) -> &'a str { x }
        """,
        id="rust-channels-and-lifetimes",
    ),
    pytest.param(
        "CMakeLists.txt",
        """
        # set(CMAKE_CXX_FLAGS "-O3 -march=native")  # disabled: binaries must be portable
        set(CMAKE_CXX_FLAGS_RELEASE "-O2")
        """,
        id="cmake-flag-commented-out",
    ),
    pytest.param(
        "scripts/deploy.sh",
        "#!/bin/sh\n# pin with taskset later\nrsync -a build/ host:/opt/app/\n",
        id="shell-taskset-in-comment",
    ),
    pytest.param(
        "auctions/models.py",
        """
        class Listing:
            def __init__(self, price):
                self.price = price  # the starting bid; buyers bid, the seller sells
                self.bids = []
                self.orders = []
        """,
        id="an-auction-keeps-its-bids-in-a-list",
    ),
    pytest.param(
        "src/Shop.java",
        "class Shop {\n  private PriorityQueue<Order> orders = new PriorityQueue<>();\n}\n",
        id="java-priority-queue-of-shop-orders",
    ),
    pytest.param(
        "src/main.cpp",
        "#include <SinricProSwitch.h>\n#include <ESP8266WiFi.h>\nvoid setup() {}\n",
        id="a-switch-header-is-no-itch-feed",
    ),
    pytest.param(
        "src/render.rs",
        "fn update_depth(node: &mut Node) { node.depth = parent.depth + 1; }\n"
        "let asks_total = HashMap::new();\n",
        id="a-tree-s-depth-and-a-count-of-asks",
    ),
    pytest.param(
        "shop/ProductRepository.java",
        '@Query("SELECT p FROM Product p ORDER BY p.price ASC, p.name ASC")\n'
        "List<Product> cheapestFirst();\n",
        id="a-shop-s-products-cheapest-first",
    ),
    pytest.param(
        "components/mavlink/common/mavlink_msg_command_long.h",
        "typedef struct { uint8_t target_sysid; uint8_t target_compid; } fmav_command_long_t;\n"
        "_msg->target_compid = 0; // the order of fields on the wire\n",
        id="mavlink-target-component-is-no-fix-header",
    ),
    pytest.param("config.toml", 'rustflags = ["-C", "target-cpu=native"]\n', id="not-cargo-config"),
    pytest.param("Cargo.toml", "[package\nname = broken\n", id="cargo-malformed"),
    pytest.param(
        "Cargo.toml",
        '[package]\nname = "web"\n\n[dependencies]\nserde = "1"\naxum = "0.7"\n',
        id="cargo-web-crates",
    ),
]


@pytest.mark.parametrize(("path", "source"), NOTHING)
def test_nothing_found(path: str, source: str) -> None:
    assert families(path, source) == set()


FOUND = [
    pytest.param(
        "include/book.hpp",
        """
        class LimitOrderBook {
          std::map<Price, Level, std::greater<Price>> bids_;
        };
        """,
        {"order_book"},
        id="order-book-class",
    ),
    pytest.param(
        "book/book.go",
        "package book\n\ntype Book struct {\n\tBids map[int64]*Level\n}\n",
        {"order_book"},
        id="go-bid-price-level-map",
    ),
    pytest.param(
        "src/Exchange.java",
        "class Exchange {\n  private PriorityQueue<SellOrder> sells = new PriorityQueue<>();\n}\n",
        {"order_book"},
        id="java-priority-queue-of-one-side",
    ),
    pytest.param(
        "Book.js",
        """
        class Book {
          constructor() {
            this._bids = new FibonacciHeap(bidComparator); // buy orders by price
            this._asks = new FibonacciHeap(askComparator); // sell orders by price
          }
        }
        """,
        {"order_book"},
        id="js-asks-in-a-heap",
    ),
    pytest.param(
        "book.py",
        """
        import heapq
        class Book:
            def add(self, order):
                if order.side == "buy":
                    heapq.heappush(self.bids, (-order.price, order))
                else:
                    heapq.heappush(self.sells, (order.price, order))
        """,
        {"order_book"},
        id="python-heap-of-bids",
    ),
    pytest.param(
        "engine/backtest_engine.py",
        """
        class BacktestEngine:
            def _process_tick(self, tick):
                for order in self.orders:
                    if order.side == "buy" and tick.ask <= order.price:
                        self.fill(order, tick.ask)
                    elif order.side == "sell" and tick.bid >= order.price:
                        self.fill(order, tick.bid)
        """,
        {"strategy", "tick_data"},
        id="tick-by-tick-backtest",
    ),
    pytest.param(
        "include/core/backtest_engine.hpp",
        """
        namespace backtester {
        class BacktestEngine {
        public:
            void run(EventQueue& queue) {
                while (auto event = queue.pop()) {
                    if (event->type() == EventType::Quote) {
                        on_quote(static_cast<const QuoteEvent&>(*event));
                    }
                }
            }
        };
        }
        """,
        {"strategy", "tick_data"},
        id="a-backtest-replaying-quotes",
    ),
    pytest.param(
        "hal/can/ccan.h",
        "typedef enum {\n  CCAN_LOOPBACK_TEST_MODE = 1 << 4,\n  CCAN_NORMAL_MODE = 0\n} "
        "CCAN_MODE_T;\nint loopback_test(void);\n",
        set(),
        id="a-loopback-test-is-no-backtest",
    ),
    pytest.param(
        "engine/run.go",
        "package engine\n\nfunc dealSellLimit(order *Order, book *orderBook) {\n"
        "\thead := book.getHeadBuyOrder()\n\tmatchTrade(head, order, book)\n}\n",
        {"matching_engine", "order_book"},
        id="go-match-trade",
    ),
    pytest.param(
        "apps/engine/src/core/orderbook-service.ts",
        "export class OrderBookService {\n  process(order: Order) {\n"
        "    return order.side === 'buy' ? this.matchBid(order) : this.matchAsk(order);\n"
        "  }\n  private matchBid(order: Order) {}\n}\n",
        {"matching_engine", "order_book"},
        id="ts-match-per-side",
    ),
    pytest.param(
        "src/handlers/FIXSession.ts",
        "export class FIXSession {\n  logon() {\n"
        "    this.send({ [keyvals.SenderCompID]: this.senderCompID, [keyvals.MsgType]: 'A' });\n"
        "  }\n}\n",
        {"feed_handler"},
        id="ts-fix-session-that-never-says-order",
    ),
    pytest.param(
        "engine/book.py",
        "def match_asks(asks, order):\n    while asks and asks[0].price <= order.price:\n"
        "        fill(asks.pop(0), order)\n",
        {"matching_engine"},
        id="python-match-asks",
    ),
    pytest.param(
        "src/engine.rs",
        "pub struct MatchingEngine;\nimpl MatchingEngine { pub fn match_order(&mut self) {} }\n",
        {"matching_engine"},
        id="rust-matching-engine",
    ),
    pytest.param(
        "src/itch.cpp",
        "struct ItchAddOrder {};\nvoid on_mold_udp64_packet(const char* p);\n",
        {"feed_handler"},
        id="itch-and-moldudp",
    ),
    pytest.param(
        "include/nasdaq/add_order_messages.h",
        "struct [[gnu::packed]] AddOrderMessage {\n  char message_type;\n"
        "  LocateCode stock_locate;\n  Price4 price;\n};\n",
        {"feed_handler"},
        id="itch-message-named-by-its-locate-code",
    ),
    pytest.param(
        "src/parse/man_scan.rs",
        "impl BookTickerParser for ManualScanParser {\n"
        "    fn parse(&self, raw: &Bytes) -> Result<TopOfBookUpdate> { todo!() }\n}\n",
        {"feed_handler"},
        id="a-venue-s-best-bid-and-offer",
    ),
    pytest.param(
        "pkg/parser/depth.go",
        "type DepthUpdateMessage struct {\n\tEventType string\n}\n",
        {"feed_handler"},
        id="a-depth-update-of-a-venue-s-feed",
    ),
    pytest.param(
        "src/main.rs",
        "type BookSide = BTreeMap<OrderedFloat<f64>, f64>;\n"
        "fn run() {\n    let mut asks: BookSide = BTreeMap::new();\n}\n",
        {"order_book"},
        id="a-side-made-a-sorted-map-where-it-is-made",
    ),
    pytest.param(
        "service/trade/TradeOrderRepository.java",
        'public interface TradeOrderRepository {\n  @Query("SELECT o FROM TradeOrder o WHERE '
        'o.price <= :buyPrice ORDER BY o.price ASC, o.registeredDateTime ASC")\n'
        "  List<TradeOrder> findLimitBuyOrders(BigDecimal buyPrice);\n}\n",
        {"order_book"},
        id="a-book-read-from-the-database-in-price-time-priority",
    ),
    pytest.param(
        "order-service/OrderService.java",
        "class OrderService {\n"
        "  void processMatchedOrder(OrderEntity created, OrderEntity o) {}\n}\n",
        {"matching_engine"},
        id="a-matched-order-processed",
    ),
    pytest.param(
        "src/fix.cpp",
        """
        #include "quickfix/Application.h"
        static const char* kNewOrder = "8=FIX.4.4\\x01" "35=D\\x01";
        """,
        {"feed_handler"},
        id="fix-include-and-tag-string",
    ),
    pytest.param(
        "src/session.c",
        "void logon(msg_t* m) { set(m, target_comp_id); set(m, TargetCompId); }\n"
        "/* the order of fields */\n",
        {"feed_handler"},
        id="fix-target-comp-id-spellings",
    ),
    pytest.param(
        "src/mm.cpp", "class MarketMaker { void quote(); };\n", {"strategy"}, id="market-maker"
    ),
    pytest.param(
        "src/ring.hpp",
        "head_.store(next, std::memory_order_release);\n",
        {"lockfree"},
        id="acquire-release-atomics",
    ),
    pytest.param(
        "src/Main.java",
        "import com.lmax.disruptor.RingBuffer;\nlong t = System.nanoTime();\n",
        {"lockfree", "nanos"},
        id="java-disruptor-and-nanotime",
    ),
    pytest.param(
        "src/spin.rs",
        "loop { if ready() { break; } std::hint::spin_loop(); }\n",
        {"busy_poll"},
        id="rust-spin-loop",
    ),
    pytest.param(
        "src/pause.c",
        'static inline void relax(void) { __asm__ volatile("pause"); }\n',
        {"busy_poll"},
        id="inline-asm-pause",
    ),
    pytest.param(
        "src/pin.c",
        "sched_setaffinity(0, sizeof(set), &set);\n",
        {"cpu_pinning"},
        id="sched-setaffinity",
    ),
    pytest.param(
        "scripts/run.sh",
        "#!/bin/sh\nexec taskset -c 2 ./engine\n",
        {"cpu_pinning"},
        id="shell-taskset",
    ),
    pytest.param(
        "src/tsc.c",
        'uint64_t t() { uint32_t lo, hi; asm volatile("rdtsc" : "=a"(lo), "=d"(hi)); }\n',
        {"rdtsc"},
        id="inline-asm-rdtsc",
    ),
    pytest.param(
        "src/arena.c",
        "void* p = mmap(0, n, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);\n",
        {"hugepages"},
        id="map-hugetlb",
    ),
    pytest.param(
        "src/rx.c",
        "#include <rte_ethdev.h>\nuint16_t n = rte_eth_rx_burst(port, 0, bufs, 32);\n",
        {"kernel_bypass"},
        id="dpdk",
    ),
    pytest.param(
        "src/rx.c",
        '#include "etherfabric/ef_vi.h"\n',
        {"kernel_bypass"},
        id="ef-vi-quoted-include",
    ),
    pytest.param(
        "meson.build",
        "dpdk = dependency('libdpdk')\nexecutable('rx', 'rx.c', dependencies: dpdk)\n",
        {"kernel_bypass"},
        id="meson-dpdk",
    ),
    pytest.param(
        ".cargo/config.toml",
        '[build]\nrustflags = ["-C", "target-cpu=native"]\n',
        {"native_flags"},
        id="cargo-target-cpu-native",
    ),
    pytest.param(
        "build.rs",
        'fn main() { cc::Build::new().file("x.c").flag("-march=native").compile("x"); }\n',
        {"native_flags"},
        id="build-rs-flag-in-a-string",
    ),
    pytest.param(
        "Makefile",
        "CXXFLAGS += -O3 -march=native\n",
        {"native_flags"},
        id="makefile-flags",
    ),
    pytest.param(
        "bench/b.cpp",
        "auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d);\n",
        {"nanos"},
        id="chrono-nanoseconds",
    ),
    pytest.param(
        "src/pad.rs",
        "#[repr(align(64))]\nstruct Padded(AtomicUsize);\n",
        {"cache_align"},
        id="rust-cache-line-alignment",
    ),
    pytest.param(
        "Cargo.toml",
        textwrap.dedent(
            """
            [package]
            name = "feed"

            [dependencies]
            core_affinity = "0.8"
            crossbeam-queue = "0.3"
            io-uring = { version = "0.6" }

            [dev-dependencies]
            hdrhistogram = "7"
            """
        ),
        {"cpu_pinning", "lockfree", "kernel_bypass", "nanos"},
        id="cargo-crates",
    ),
]


FOUND += [
    pytest.param(
        "src/main/scala/org/fix/FixSchema.scala",
        """
        val header = List(
          FieldDef(49, 'SenderCompID, "", mandatory = true),
          FieldDef(56, 'TargetCompID, "", mandatory = true))
        """,
        {"feed_handler"},
        id="scala-fix-session-header",
    ),
    pytest.param(
        "src/Session.java",
        "class Session {\n  String senderCompId;\n  String TARGET_COMP_ID;\n}\n",
        {"feed_handler"},
        id="java-fix-company-ids",
    ),
    pytest.param(
        "client/fix.py",
        'LOGON = {"8": "FIX.4.4", "35": "A"}\n',
        {"feed_handler"},
        id="begin-string-written-out",
    ),
    pytest.param(
        "src/fix_engine/session.clj",
        """
        (ns fix-engine.session)
        ; a logon message
        (defn logon [session]
          {:begin-string "FIX.4.4" :sender-comp-id (:sender session)})
        """,
        {"feed_handler"},
        id="clojure-kebab-case-fix-session",
    ),
    pytest.param(
        "src/exchange/book.cljs",
        "(defn add-to-order-book [order-book order]\n  (update order-book :bids conj order))\n",
        {"order_book"},
        id="clojurescript-kebab-case-order-book",
    ),
    pytest.param(
        "src/main/kotlin/book/Books.kt",
        "data class Books(val buyLimitBook: LimitBook, val sellLimitBook: LimitBook)\n",
        {"order_book"},
        id="kotlin-limit-book",
    ),
    pytest.param(
        "src/main/java/com/acme/ome/core/MatchEngine.java",
        "public class MatchEngine {\n"
        "  public List<Trade> match(Order incoming) { return trades; }\n}\n",
        {"matching_engine"},
        id="java-match-engine",
    ),
    pytest.param(
        "internal/core/symbols.go",
        'package core\n\nimport "example.com/x/pkg/matching"\n\n'
        "func start(ctx context.Context, symbol string) *matching.Engine {\n"
        "\treturn matching.NewEngine(ctx, symbol)\n}\n",
        {"matching_engine"},
        id="go-engine-named-by-its-matching-package",
    ),
    pytest.param(
        "src/MatchingEngine.js",
        'import { sparqlAsk } from "@foerderfunke/sem-ops-utils"\n'
        "export class MatchingEngine {\n"
        "  async init(lang) { this.store = storeFromTurtles(this.defs) }\n"
        "  eligible(profile) { return sparqlAsk(QUERY_ELIGIBILITY, profile) }\n}\n",
        set(),
        id="an-engine-that-matches-people-to-benefits-names-no-order",
    ),
    pytest.param(
        "exchange/service.py",
        "import matching\n\nENGINE = matching.Engine(symbol='BTC-USD')\n",
        {"matching_engine"},
        id="python-engine-named-by-its-matching-module",
    ),
    pytest.param(
        "src/Book/PriceLevel.cs",
        "public class PriceLevel {\n  public decimal Price { get; set; }\n"
        "  public Queue<Order> Orders { get; } = new();\n}\n",
        {"order_book"},
        id="a-price-level-of-orders",
    ),
    pytest.param(
        "ViewModels/PriceLevelsViewModel.cs",
        "public partial class PriceLevelsViewModel {\n"
        "  public List<PriceLevel> PriceLevels { get; set; }\n"
        "  public void Alert(Coin coin) { }\n}\n",
        set(),
        id="a-tracker-s-price-alerts-name-no-order-or-side",
    ),
]

FOUND += [
    pytest.param(
        "common/src/main/java/fix/FIXMessage.java",
        "package fix;\n\npublic class FIXMessage {\n    private FIXPrice price;\n}\n",
        {"feed_handler"},
        id="java-fix-message-types-of-its-own",
    ),
    pytest.param(
        "core/src/main/java/sim/FixRequest.java",
        'public class FixRequest {\n  private String soh = "\\u0001";\n'
        '  ByteBuffer toBuffer() {\n    out.append("49=" + getSenderId() + soh);\n  }\n}\n',
        {"feed_handler"},
        id="a-fix-header-written-by-its-tags",
    ),
    pytest.param(
        "main.cpp",
        '#include "OUCHParser.h"\n\nint main() { Parser p; p.run(packets); }\n',
        {"feed_handler"},
        id="a-program-on-a-header-named-for-ouch",
    ),
]

NOTHING += [
    pytest.param(
        "src/todo/Notes.java",
        "class Notes {\n    void FIXMe() {}\n    int FIXED_SIZE = 3;\n    int FIXTURE = 1;\n}\n",
        id="fixme-and-capitals-name-no-fix-type",
    ),
    pytest.param(
        "src/screen.cpp",
        '#include "Touch.h"\n#include "SinricProSwitch.h"\nvoid draw() { touch.read(); }\n',
        id="headers-that-only-contain-the-letters",
    ),
    pytest.param(
        "src/shop/Catalog.kt",
        "fun page(limitBooks: Int, order: String) = repo.findAll(limitBooks, order)\n",
        id="a-limit-on-books-is-no-limit-book",
    ),
    pytest.param(
        "src/parse.clj",
        "(defn compile-ids [x] (- x 1)) ; sender-comp-id in a comment\n",
        id="clojure-comment-and-subtraction",
    ),
]


@pytest.mark.parametrize(("path", "source", "expected"), FOUND)
def test_found(path: str, source: str, expected: set[str]) -> None:
    assert families(path, source) == expected


def test_evidence_is_the_line_seen() -> None:
    found = merge(latency.scan_source("src/a.cpp", "// x\n\nclass OrderBook {};\n"))
    assert found["hft.order_book"].evidence[0][1:] == (3, "class OrderBook {};")


def test_native_flags_detail_names_optimisation() -> None:
    found = merge(latency.scan_build("CMakeLists.txt", 'set(F "-O3 -march=native")\n'))
    detail = found["hft.native_flags"].evidence[0].detail
    assert detail == 'optimised for the build machine: set(F "-O3 -march=native")'


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param({}, None, id="nothing"),
        pytest.param({"hft.order_book": 0}, None, id="zero-is-absent"),
        pytest.param({"hft.order_book": 3, "hft.lockfree": 1}, 2, id="distinct-families"),
        pytest.param({f"hft.{name}": 1 for name in latency.FAMILY_NAMES}, 14, id="all-fourteen"),
    ],
)
def test_score(values: dict[str, float], expected: int | None) -> None:
    found = {f.key: f.value for f in latency.hft_score(Facts.from_values(values).values)}
    assert found.get("hft.score") == expected


@pytest.mark.parametrize(
    ("path", "wanted"),
    [
        pytest.param("README.md", False, id="readme"),
        pytest.param("static/js/book.js", True, id="javascript"),
        pytest.param("src/book.ts", True, id="typescript"),
        pytest.param("src/Book.tsx", False, id="component"),
        pytest.param("app/matching.py", True, id="python"),
        pytest.param("Engine/Book.cs", True, id="csharp"),
        pytest.param("src/book.cpp", True, id="cpp"),
        pytest.param("engine/src/lib.rs", True, id="rust"),
    ],
)
def test_wants_source(path: str, wanted: bool) -> None:
    assert latency._wants_source(path) is wanted


def scan_fixture(repo: RepoFactory, name: str) -> Facts:
    return collect(discover(Path(repo(name))))


def test_cpp_order_book_fixture(repo: RepoFactory) -> None:
    facts = scan_fixture(repo, "signals-cpp-orderbook")
    present = {k.removeprefix("hft.") for k in facts.values if k.startswith("hft.")}
    assert present >= {
        "order_book",
        "matching_engine",
        "lockfree",
        "busy_poll",
        "cpu_pinning",
        "rdtsc",
        "native_flags",
        "nanos",
        "cache_align",
    }
    # Mentioned only in the README, a comment and a string literal: not in the code.
    assert not present & {"kernel_bypass", "hugepages"}
    assert facts.value("hft.score") == 9
    assert facts.values["hft.native_flags"].evidence[0].path == "CMakeLists.txt"


def test_django_trading_dashboard_is_no_hft(repo: RepoFactory) -> None:
    # Its models keep order-book snapshots: domain code, but a small part of a web app, and
    # none of the low-latency families beside it.
    facts = scan_fixture(repo, "signals-django-trading")
    assert facts.value("hft.domain_share") < 0.3
    assert facts.value("hft.domain_file") <= 3
    assert facts.value("hft.score") <= 1
    assert facts.value("server.entry") >= 1


DOMAIN = [
    pytest.param("book.py", "class Level:\n    price = 0\n", None, id="a price alone"),
    pytest.param(
        "shop/cart.py",
        "def add(order, price, qty):\n    return order.total + price * qty\n",
        None,
        id="a shop's order, price and quantity",
    ),
    pytest.param(
        "axob.py",
        """
        class Node:
            def __init__(self, price, qty):
                self.price, self.qty = price, qty

        class Book:
            def on_limit_order(self, order, side):
                levels = self.bid_levels if side == BUY else self.ask_levels
                self.cancel(order.seq) if order.ioc else self.insert(levels, order)

            def trade(self, bid_qty, ask_qty, symbol):
                return min(bid_qty, ask_qty)
        """,
        "trading vocabulary",
        id="python-book-in-vocabulary",
    ),
    pytest.param(
        "main.py",
        """
        class Order:
            def __init__(self, command):
                kind, self.side, price, qty = command.split()
                self.type = "market" if kind == "market" else "limit"
                self.price, self.qty = int(price), int(qty)

        class Ledger:
            def execute(self, order):
                book = self.sell if order.side == "buy" else self.buy
                return [o for o in book if o.price <= order.price]
        """,
        "trading vocabulary",
        id="order-types-and-sides-written-as-strings",
    ),
    pytest.param(
        "shop/checkout.py",
        """
        def checkout(order, price, qty):
            print("Thank you for your order, we will sell you the best price")
            return order.total + price * qty
        """,
        None,
        id="a-shop-s-messages-are-prose-not-order-types",
    ),
    pytest.param(
        "src/Engine.cs",
        "public class MatchingEngine { void MatchOrders() {} }\n",
        "trading-domain code: matching engine",
        id="csharp-matching-engine",
    ),
    pytest.param(
        "src/engine.ts",
        "export class MatchingEngine {\n  matchOrders(): void {}\n}\n",
        "trading-domain code: matching engine",
        id="typescript-matching-engine",
    ),
    pytest.param(
        "lib/book.js",
        "const orderBook = { bids: [], asks: [] };\nmodule.exports = orderBook;\n",
        "trading-domain code: order book",
        id="javascript-order-book",
    ),
    pytest.param(
        "src/useBook.ts",
        'import { useState } from "react";\nexport class OrderBook { bids = []; asks = []; }\n',
        None,
        id="a module of a React front end",
    ),
    pytest.param(
        "src/feed.js",
        'const Vue = require("vue");\nconst orderBook = { bids: [], asks: [] };\n',
        None,
        id="a module requiring Vue",
    ),
    pytest.param(
        "src/core/matching_engine.zig",
        'const OrderBook = @import("order_book.zig").OrderBook;\n'
        "pub const MatchingEngine = struct { book: OrderBook };\n",
        "trading-domain code: order book, matching engine",
        id="zig-matching-engine",
    ),
    pytest.param(
        "domain/OrderBook.scala",
        "class OrderBook(instrumentId: String) {\n"
        "  val bids = mutable.TreeMap[BigDecimal, Order]()\n}\n",
        "trading-domain code: order book",
        id="scala-order-book",
    ),
    pytest.param(
        "src/Exchange/Book.hs",
        """
        -- the book: each side's resting orders, best price first
        data Book a b = Book { bids :: [Order.Maker a b], asks :: [Order.Maker a b] }

        newOrder :: Order.Maker a b -> Book a b -> Book a b
        newOrder order book
          | Order.isBid order = book {bids = List.insertBy (comparing priceOf) order (bids book)}
          | otherwise = book {asks = List.insertBy (comparing priceOf) order (asks book)}

        trade :: Order.Taker a b -> Book a b -> ([Trade a b], Book a b)
        trade taker book = fill (Order.qty taker) (Order.limitPrice taker) (asks book)
          where fill quantity price makers = (matchOrders quantity price makers, book)
        """,
        "trading-domain code: matching engine",
        id="haskell-order-book-and-matching",
    ),
    pytest.param(
        "app/models/order.rb",
        "class Order < ApplicationRecord\n  def total = price * quantity\nend\n",
        None,
        id="a shop's order in ruby",
    ),
    pytest.param(
        "src/cart.ts",
        "export function total(order: Order, price: number, qty: number) {\n"
        "  return order.total + price * qty;\n}\n",
        None,
        id="a shop's order in typescript",
    ),
]


@pytest.mark.parametrize(("path", "source", "detail"), DOMAIN)
def test_domain_file(path: str, source: str, detail: str | None) -> None:
    found = merge(latency.scan_source(path, textwrap.dedent(source)))
    if detail is None:
        assert "hft.domain_file" not in found
    else:
        assert found["hft.domain_file"].evidence[0].detail.startswith(detail)


@pytest.mark.parametrize(
    ("values", "share"),
    [
        pytest.param({"hft.domain_file": 3}, None, id="no-code-count"),
        pytest.param({"hft.domain_file": 3, "repo.code_files": 12}, 0.25, id="a-quarter"),
        pytest.param({"hft.domain_file": 9, "repo.code_files": 6}, 1.0, id="clamped"),
    ],
)
def test_domain_share(values: dict[str, float], share: float | None) -> None:
    from stackcheck.facts.signals.derived import trading_share

    found = {f.key: f.value for f in trading_share(Facts.from_values(values).values)}
    assert found.get("hft.domain_share") == share


def test_documentation_never_reaches_the_scanner(repo: RepoFactory) -> None:
    # Discovery flags docs/ and the collector skips it, so a scanner's wants() need not.
    code = "class OrderBook { std::atomic<int> x; void f() { _mm_pause(); } };\n"
    facts = scan_fixture_files(repo, {"docs/arch/ring.cpp": code, "src/app.cpp": "int x;\n"})
    assert not [k for k in facts.values if k.startswith("hft.")]


def scan_fixture_files(repo: RepoFactory, files: dict[str, str]) -> Facts:
    return collect(discover(Path(repo(files=files))))


@pytest.mark.parametrize(
    ("values", "named"),
    [
        pytest.param({}, False, id="nothing"),
        pytest.param({"go.module": ("go.mod", "github.com/acme/shop")}, False, id="a shop"),
        pytest.param({"go.module": ("go.mod", "github.com/x/matching_engine")}, True, id="go"),
        pytest.param({"cargo.package": ("Cargo.toml", "package orderbook-rs")}, True, id="crate"),
        pytest.param(
            {"cmake.project": ("CMakeLists.txt", "project(BacktestingEngine)")},
            True,
            id="a-cmake-project",
        ),
        pytest.param({"py.package": ("setup.py", "package lobster")}, False, id="not-a-word"),
        pytest.param(
            {"maven.project": ("pom.xml", "artifact ordermatchingengine")}, True, id="maven"
        ),
        pytest.param(
            {"manifest.package-json": ("package.json", "package.json of limitOrder")},
            True,
            id="npm",
        ),
        pytest.param(
            {"manifest.package-json": ("package.json", "package.json of storefront")},
            False,
            id="npm-shop",
        ),
        pytest.param(
            {"cmake.project": ("CMakeLists.txt", "project(NASDAQ_ITCH_PARSER LANGUAGES CXX)")},
            True,
            id="an-itch-parser",
        ),
        pytest.param(
            {"cargo.package": ("Cargo.toml", "package switch-kitchen")}, False, id="not-itch"
        ),
        pytest.param(
            {"cmake.executable": ("CMakeLists.txt", "add_executable(BacktestEngine ${MAIN})")},
            True,
            id="a-cmake-program-s-name",
        ),
        pytest.param(
            {"cmake.executable": ("CMakeLists.txt", "add_executable(shop order_book.cpp)")},
            False,
            id="a-program-s-source-names-nothing",
        ),
    ],
)
def test_trading_named(values: dict[str, tuple[str, str]], named: bool) -> None:
    from stackcheck.facts import Evidence, Fact
    from stackcheck.facts.signals.derived import trading_named

    facts = {k: Fact(k, 1, (Evidence(path, 1, detail),)) for k, (path, detail) in values.items()}
    assert bool(list(trading_named(facts))) is named


@pytest.mark.parametrize(
    ("key", "found"),
    [
        ("gradle.dep.io.aeron:aeron-all", True),
        ("maven.dep.net.openhft:chronicle-queue", True),
        ("maven.dep.com.lmax:disruptor", True),
        ("maven.dep.org.springframework.boot:spring-boot-starter-web", False),
    ],
)
def test_a_low_latency_transport_the_build_depends_on(key: str, found: bool) -> None:
    from stackcheck.facts import Evidence, Fact
    from stackcheck.facts.signals.derived import trading_transport

    facts = {key: Fact(key, 1, (Evidence("build.gradle", 3, key),))}
    assert [f.key for f in trading_transport(facts)] == (["hft.transport"] if found else [])


def test_a_match_on_a_hinted_line_has_its_hint_in_the_code_of_that_line() -> None:
    """A family is searched on the lines where one of its hint words stands in the code
    (comments and strings blanked), not in the whole text: every match on a line with a
    hint anywhere must have one in the code of that line too."""
    from stackcheck.facts.signals.tokens import strip_both, syntax_for

    fixtures = Path(__file__).parent.parent / "fixtures"
    sources = [(str(p), p.read_text(encoding="utf-8", errors="replace"))
               for p in sorted(fixtures.rglob("*")) if p.is_file()]  # fmt: skip
    for table in (NOTHING, FOUND, DOMAIN):
        sources += [(param.values[0], textwrap.dedent(param.values[1])) for param in table]
    matched = 0
    for path, source in sources:
        syntax = syntax_for(path)
        if syntax is None:
            continue
        code, _ = strip_both(source, syntax)
        for line, code_line in zip(source.split("\n"), code.split("\n"), strict=True):
            for family, pattern in latency._CODE:
                hints = latency.HINTS[family]
                if any(hint in line.lower() for hint in hints) and latency._compiled(
                    pattern
                ).search(code_line):
                    assert any(hint in code_line.lower() for hint in hints), (path, family)
                    matched += 1
    assert matched > 30


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "impl Book {\n    pub fn fill_orders(&mut self, order: &Order) {\n"
            "        for i in 0..self.asks.len() {\n"
            "            let match_qty = self.asks[i].quantity.min(order.quantity);\n"
            "        }\n    }\n}\nstruct OrderBook { bids: Vec<Level>, asks: Vec<Level> }\n",
            {"order_book", "matching_engine"},
            id="a-book-that-crosses-orders",
        ),
        pytest.param(
            "struct Position { match_qty: u64 }\n",
            set(),
            id="a-matched-quantity-without-a-book",
        ),
        pytest.param(
            "struct OrderBook { bids: Vec<Level>, asks: Vec<Level> }\n"
            "impl OrderBook {\n    pub fn place(&mut self, incoming_order: Order) -> Vec<Trade> {\n"
            "        Vec::new()\n    }\n}\n",
            {"order_book", "matching_engine"},
            id="a-book-that-crosses-the-incoming-order-into-trades",
        ),
        pytest.param(
            "class OrderBook:\n    def apply_order(self, order):\n"
            "        taker_order = BookOrder.from_order(order)\n"
            "        for maker_order in self.asks:\n            pass\n",
            {"order_book", "matching_engine"},
            id="a-book-that-crosses-a-taker-with-makers",
        ),
        pytest.param(
            "struct OrderBook { levels: BTreeMap<Price, Vec<Order>> }\n"
            "impl OrderBook {\n    pub fn place(&mut self, order: Order) -> Option<Order> {\n"
            "        let counterpart = self.remove_matching(&order);\n        counterpart\n"
            "    }\n}\n",
            {"order_book", "matching_engine"},
            id="a-book-that-takes-the-resting-order-an-incoming-one-crosses",
        ),
        pytest.param(
            "struct OrderBook { bids: Vec<Level>, asks: Vec<Level> }\n"
            "fn last_trades(book: &OrderBook) -> usize { 0 }\n",
            {"order_book"},
            id="a-book-that-makes-no-trades",
        ),
    ],
)
def test_a_book_that_keeps_the_quantity_matched_is_a_matching_engine(
    source: str, expected: set[str]
) -> None:
    assert families("src/trade/book.rs", source) >= expected
    if not expected:
        assert "matching_engine" not in families("src/trade/book.rs", source)


def _first_by_alternation(patterns, text: str, lower: str) -> dict[str, int]:
    """`latency._first` as the alternation of each family's hint words finds the lines: the
    reference the substring searches must agree with."""
    seen: dict[str, int] = {}
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    for family, pattern in patterns:
        hits = latency._HINT_RES[family].finditer(lower)
        first = next(hits, None)
        if first is None:
            continue
        found = latency._search_lines(latency._compiled(pattern), text, first.start(), hits, starts)
        if found is not None and (family not in seen or found < seen[family]):
            seen[family] = found
    return seen


_HINT_WORDS = sorted({w for words in latency.HINTS.values() for w in words})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_HINT_WORDS),
            st.sampled_from(
                ["order_book", "OrderBook", "match_engine", "on_tick", "spsc", "FIX.4.4"]
            ),
            st.sampled_from(["\n", " ", "(", ")", ".", "_", "x", "Bid", "ASK", "= 3;"]),
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz_ (\n", max_size=8),
        ),
        max_size=60,
    )
)
def test_a_family_s_first_hint_is_where_its_alternation_finds_it(parts: list[str]) -> None:
    text = "".join(parts)
    lower = text.lower()
    seen: dict[str, int] = {}
    latency._first(latency._CODE, text, seen, lower)
    assert seen == _first_by_alternation(latency._CODE, text, lower)


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        pytest.param(
            "src/main/java/io/shop/orderbook/backend/menu/MenuController.java",
            "package io.shop.orderbook.backend.menu;\n\n"
            "import io.shop.orderbook.backend.order.TableOrder;\nimport java.util.List;\n\n"
            "public class MenuController {\n"
            "    public List<TableOrder> open() { return null; }\n}\n",
            set(),
            id="a-package-named-orderbook-is-the-project-s-name",
        ),
        pytest.param(
            "src/main/java/com/acme/orderbook/Book.java",
            "package com.acme.orderbook;\n\npublic class Book {\n"
            "    private final OrderBook orderBook = new OrderBook();\n}\n",
            {"order_book"},
            id="the-code-beyond-it-keeps-its-book",
        ),
        pytest.param(
            "quickfix/field/MsgType.java",
            "package quickfix.field;\n\nimport quickfix.StringField;\n\n"
            "public class MsgType extends StringField {\n}\n",
            {"feed_handler"},
            id="the-fix-engine-s-own-package-is-still-fix",
        ),
        pytest.param(
            "src/Shop/OrderBook/Menu.cs",
            "namespace Shop.OrderBook.Menu\n{\n    using Shop.OrderBook.Orders;\n"
            "    public class Menu { }\n}\n",
            set(),
            id="a-csharp-namespace-is-the-project-s-name",
        ),
    ],
)
def test_declarations_name_the_project_not_the_code(
    path: str, source: str, expected: set[str]
) -> None:
    assert families(path, source) & {"order_book", "matching_engine", "feed_handler"} == expected


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        pytest.param(
            "src/Exchange/Book.hs",
            "module Exchange.Book (Book(..)) where\n"
            "data Book = Book\n  { bids :: [Order]\n  , asks :: [Order]\n  } deriving (Show)\n",
            {"order_book"},
            id="a-haskell-record-of-both-sides",
        ),
        pytest.param(
            "src/book.rs",
            "pub struct Book {\n    bids: Vec<Order>,\n    asks: Vec<Order>,\n}\n",
            {"order_book"},
            id="a-rust-struct-of-both-sides",
        ),
        pytest.param(
            "src/main/java/app/Auction.java",
            "class Auction {\n    private List<Bid> bids;\n    private Item item;\n}\n",
            set(),
            id="an-auction-s-bids-are-no-book",
        ),
    ],
)
def test_the_sell_side_declared_as_orders_is_a_book(
    path: str, source: str, expected: set[str]
) -> None:
    assert families(path, source) & {"order_book"} == expected
