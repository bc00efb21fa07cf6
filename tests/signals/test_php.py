"""Plain-PHP pages: request handling, forms, database access and logins, comments blanked."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stackcheck.facts import merge
from stackcheck.facts.signals import php
from stackcheck.facts.signals.tokens import PHP, strip


def keys(source: str) -> set[str]:
    return set(merge(php.scan_php("page.php", textwrap.dedent(source))))


CASES = [
    pytest.param("<?php\nfunction add($a, $b) { return $a + $b; }\n", set(), id="a function"),
    pytest.param(
        "<?php\n// $_POST['x'] and mysqli_query( only in a comment\n/* session_start(); */\n",
        set(),
        id="comments only",
    ),
    pytest.param(
        """
        <?php session_start();
        if (isset($_POST['name'])) { header('Location: done.php'); }
        ?>
        <form method="post"><input name="name"></form>
        """,
        {"php.web_pages", "php.forms"},
        id="a form page",
    ),
    pytest.param(
        "<?php\n$db = new mysqli('localhost', 'u', 'p', 'shop');\n$db->query('SELECT 1');\n",
        {"php.mysql", "php.db"},
        id="mysqli",
    ),
    pytest.param(
        "<?php\n$pdo = new PDO('mysql:host=db;dbname=app');\n$pdo->prepare('SELECT 1');\n",
        {"php.mysql", "php.db"},
        id="pdo-mysql",
    ),
    pytest.param(
        "<?php\nif (password_verify($_POST['p'], $hash)) { $_SESSION['user'] = 1; }\n",
        {"php.web_pages", "php.auth"},
        id="a login",
    ),
    pytest.param(
        "<?php\nparse_str($_SERVER['QUERY_STRING'], $data);\n",
        {"php.web_pages"},
        id="a device's reading read from the query string",
    ),
    pytest.param(
        "<?php\n$rows = fetch_rows();\nprint (json_encode($rows));\n",
        {"php.web_pages"},
        id="a JSON endpoint",
    ),
    pytest.param(
        "<?php\n$result = $conn->query('SELECT * FROM SensorData');\n"
        "while ($row = $result->fetch_assoc()) {\n"
        '    echo "<tr><td>" . $row["id"] . "</td></tr>";\n}\n',
        {"php.web_pages", "php.db"},
        id="a-page-that-shows-its-query-s-rows",
    ),
    pytest.param(
        '<?php\necho "<tr><td>" . $row["id"] . "</td></tr>";\n',
        set(),
        id="a-row-template-with-no-query-of-its-own",
    ),
    pytest.param(
        "<?php\n$config = json_encode($settings);\nfile_put_contents('c.json', $config);\n",
        set(),
        id="json-kept-in-a-file-is-no-answer",
    ),
    pytest.param(
        "<?php\nnamespace App\\Events;\n"
        "class OrderShipped implements ShouldBroadcast\n{\n    use Dispatchable;\n}\n",
        {"rt.live_broadcasts"},
        id="a broadcast event",
    ),
    pytest.param(
        "<?php\n// class Draft implements ShouldBroadcast, kept for later\nclass Draft {}\n",
        set(),
        id="a broadcast event in a comment",
    ),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_scan_php(source: str, expected: set[str]) -> None:
    assert keys(source) == expected


def test_evidence_is_the_first_line_seen() -> None:
    found = merge(php.scan_php("a.php", "<?php\n\n$name = $_GET['n'];\n$x = $_POST['y'];\n"))
    assert found["php.web_pages"].evidence[0][1:] == (3, "handles a request: $_GET")


@pytest.mark.parametrize(
    ("path", "wanted"),
    [("index.php", True), ("views/list.phtml", True), ("index.html", False), ("a.py", False)],
)
def test_wants(path: str, wanted: bool) -> None:
    assert php._wants(path) is wanted


SNIPPETS = [
    "<?php\n",
    "$name = $_POST['name'];\n",
    "session_start();\n",
    "header('Location: /done.php');\n",
    "<FORM method='post' action='save.php'>\n",
    "$db = new mysqli('h', 'u', 'p');\n",
    "$rows = mysqli_query($db, 'SELECT 1');\n",
    "$pdo = new PDO('mysql:host=db;dbname=x');\n",
    "$stmt->prepare('SELECT 1');\n",
    "if (password_verify($p, $hash)) { $_SESSION['user'] = $id; }\n",
    "mail('me@example.com', 'Hi', $_POST['message']);\n",
    "$m = new PHPMailer(true);\n",
    "// mail($to) and PHPMailer only in a comment\n",
    "// $_POST['commented'] and mysqli_query() in a comment\n",
    "/* new PDO() in a block comment */\n",
    "echo 'query and execute are only words here';\n",
    "function render($items) { return count($items); }\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SNIPPETS), max_size=8))
def test_the_needles_never_change_what_the_patterns_find(parts: list[str]) -> None:
    """The plain-substring look before the patterns only spares them work: every file gives
    the facts the patterns alone give it."""
    text = "".join(parts)
    found = {f.key for f in php.scan_php("page.php", text)}
    code = strip(text, PHP)
    expected = {key for key, pattern, _ in php._PATTERNS if pattern.search(code)}
    if "php.mail_forms" in found:  # a form's mailer is reported as such, not as a page
        expected = (expected - {"php.web_pages"}) | {"php.mail_forms", "web.mailer_file"}
    if php._MAILS.search(code):  # every file that sends mail, whatever else it does
        expected.add("php.mails")
    assert found == expected


RATCHET = """<?php
namespace Chat;

use Ratchet\\MessageComponentInterface;
use Ratchet\\ConnectionInterface;

class Chat implements MessageComponentInterface {
    public function onOpen(ConnectionInterface $conn) { $this->clients->attach($conn); }
    public function onMessage(ConnectionInterface $from, $msg) { $this->broadcast($msg); }
    public function onClose(ConnectionInterface $conn) { $this->clients->detach($conn); }
    public function onError(ConnectionInterface $conn, \\Exception $e) { $conn->close(); }
}
"""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(RATCHET, {"rt.ws_handlers": 4, "rt.ws_entry": 4}, id="a-ratchet-component"),
        pytest.param(
            "<?php\n$server = IoServer::factory(new HttpServer(new WsServer(new Chat())), 8080);\n"
            "$server->run();\n",
            {"rt.listen": 1},
            id="ratchet-s-server",
        ),
        pytest.param(
            "<?php\n$ws = new Swoole\\WebSocket\\Server('0.0.0.0', 9502);\n"
            "$ws->on('Open', function ($ws, $request) {});\n"
            "$ws->on('Message', function ($ws, $frame) { $ws->push($frame->fd, 'ok'); });\n",
            {"rt.listen": 1, "rt.ws_handlers": 2, "rt.ws_entry": 2},
            id="swoole",
        ),
        pytest.param(
            "<?php\n$worker = new Worker('websocket://0.0.0.0:2346');\n"
            "$worker->onMessage = function ($connection, $data) { $connection->send($data); };\n"
            "$worker->onClose = function ($connection) {};\nWorker::runAll();\n",
            {"rt.listen": 1, "rt.ws_handlers": 2, "rt.ws_entry": 2},
            id="workerman",
        ),
        pytest.param(
            "<?php\nuse Workerman\\Worker;\n"
            "$worker = new Worker($input->getArgument('socket'));\n"
            "$worker->onConnect = function ($connection) {};\n"
            "$worker->onMessage = function ($connection, $data) {};\nWorker::runAll();\n",
            {"rt.listen": 1, "rt.ws_handlers": 2, "rt.ws_entry": 2},
            id="workerman-address-given-at-run-time",
        ),
        pytest.param(
            "<?php\nuse React\\Socket\\SocketServer;\n$socket = new SocketServer($uri);\n"
            "$socket->on('connection', function ($conn) use ($broker) { $broker->add($conn); });\n",
            {"rt.listen": 1, "rt.ws_handlers": 1, "rt.ws_entry": 1},
            id="reactphp-tcp-server",
        ),
        pytest.param(
            "<?php\nuse React\\Http\\HttpServer;\nuse React\\Socket\\SocketServer;\n"
            "$http = new HttpServer(fn ($request) => Response::plaintext('hi'));\n"
            "$http->listen(new SocketServer('0.0.0.0:8080'));\n",
            {},
            id="reactphp-http-server",
        ),
        pytest.param(
            "<?php\nuse Workerman\\Worker;\n$task = new Worker($name);\nWorker::runAll();\n",
            {},
            id="a-workerman-worker-with-no-message-handler",
        ),
        pytest.param(
            "<?php\nuse \\GatewayWorker\\Gateway;\n"
            '$gateway = new Gateway("Websocket://0.0.0.0:7272");\n$gateway->count = 4;\n',
            {"rt.listen": 1},
            id="gatewayworker-s-gateway",
        ),
        pytest.param(
            "<?php\nuse \\GatewayWorker\\Lib\\Gateway;\nclass Events {\n"
            "  public static function onConnect($client_id) {}\n"
            "  public static function onMessage($client_id, $message) {\n"
            "    Gateway::sendToGroup($_SESSION['room_id'], $message);\n  }\n"
            "  public static function onClose($client_id) {}\n}\n",
            {"rt.ws_handlers": 3, "rt.ws_entry": 3},
            id="gatewayworker-s-events",
        ),
        pytest.param(
            "<?php\n$sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);\n"
            "socket_bind($sock, '0.0.0.0', 8090);\nsocket_listen($sock, 16);\n"
            "while (true) {\n  socket_select($read, $write, $except, null);\n"
            "  $client = socket_accept($sock);\n  $this->handshake($client);\n}\n",
            {"rt.listen": 1, "rt.ws_handlers": 1, "rt.ws_entry": 1},
            id="a-server-on-php-s-own-sockets",
        ),
        pytest.param(
            "<?php\n$fp = stream_socket_client('tcp://example.com:80');\n"
            'fwrite($fp, "GET / HTTP/1.0\\r\\n\\r\\n");\n',
            {},
            id="a-socket-client",
        ),
        pytest.param(
            "<?php\nclass Page { public function onOpen($x) {} }\n// WebSocket someday\n",
            {},
            id="an-onopen-method-of-no-socket-component",
        ),
    ],
)
def test_php_socket_servers(source: str, expected: dict[str, float]) -> None:
    found = merge(php.scan_php("src/chat.php", source))
    keys = ("rt.ws_handlers", "rt.ws_entry", "rt.listen")
    assert {k: f.value for k, f in found.items() if k in keys} == expected


@pytest.mark.parametrize(
    ("source", "routes"),
    [
        pytest.param(
            "<?php\nuse Illuminate\\Support\\Facades\\Route;\n"
            "Route::get('/', [HomeController::class, 'index']);\n"
            "Route::post('/orders', [OrderController::class, 'store']);\n"
            "Route::resource('photos', PhotoController::class);\n"
            "// Route::get('/old', 'Legacy@index');\n",
            ["Route::get('/'", "Route::post('/orders'", "Route::resource('photos'"],
            id="laravel",
        ),
        pytest.param(
            "<?php\n$routes->get('/', 'Home::index');\n"
            "$routes->post('login', 'Auth::attempt');\n"
            "$routes->get('api/messages', 'Chat::messages', ['filter' => 'auth']);\n",
            ["$routes->get('/'", "$routes->post('login'", "$routes->get('api/messages'"],
            id="codeigniter-4",
        ),
        pytest.param(
            "<?php\n$app->get('/hello/{name}', function ($request, $response, $args) {\n"
            "    return $response;\n});\n$db = $app->get('db');\n",
            ["$app->get('/hello/{name}'"],
            id="slim-and-its-container",
        ),
        pytest.param(
            "<?php\n$router->post('/jobs', 'JobController@store');\n",
            ["$router->post('/jobs'"],
            id="lumen",
        ),
        pytest.param(
            "<?php\nclass ItemController extends AbstractController\n{\n"
            "    #[Route('/items', name: 'items')]\n    public function list(): Response {}\n"
            "    #[Route(path: '/items/{id}')]\n    public function show(): Response {}\n}\n",
            ["#[Route('/items'", "#[Route(path: '/items/{id}'"],
            id="symfony-attributes",
        ),
        pytest.param(
            "<?php\n#[Controller]\nclass BlogController extends BaseController\n{\n"
            "    #[Route(HttpMethod::GET, 'api/blog-post/{id}')]\n    public function get() {}\n"
            "    #[Route(\\Router\\HttpMethod::PUT, 'api/blog-post/{id}')]\n"
            "    public function put() {}\n}\n",
            [
                "#[Route(HttpMethod::GET, 'api/blog-post/{id}'",
                "#[Route(\\Router\\HttpMethod::PUT, 'api/blog-post/{id}'",
            ],
            id="an-attribute-naming-the-method-first",
        ),
        pytest.param(
            "<?php\nclass ItemController extends Controller\n{\n    /**\n"
            '     * @Route("/items", name="items")\n     */\n    public function list() {}\n}\n',
            ['@Route("/items"'],
            id="symfony-annotation",
        ),
        pytest.param("<?php\n$cache->get('routes');\n$route->getName();\n", [], id="no-route"),
    ],
)
def test_route_declarations_are_http_handlers(source: str, routes: list[str]) -> None:
    """Each route a framework's routes file declares is an HTTP handler, as a Node or Go
    route is (a commented-out one is not); the evidence quotes its path."""
    found = [f for f in php.scan_php("routes/web.php", source) if f.key == "rt.http_handlers"]
    assert [e.detail.removesuffix(", ...)") for f in found for e in f.evidence] == routes


@pytest.mark.parametrize(
    ("source", "actions"),
    [
        pytest.param(
            "<?php\nnamespace app\\controllers;\nuse yii\\web\\Controller;\n"
            "class SiteController extends Controller\n{\n"
            "    public function behaviors() { return []; }\n"
            "    public function actionIndex() { return $this->render('index'); }\n"
            "    // public function actionOld() {}\n"
            "    public function actionLogin() {}\n"
            "    protected function actionHelper() {}\n}\n",
            ["public function actionIndex", "public function actionLogin"],
            id="yii",
        ),
        pytest.param(
            "<?php\nclass PostController extends \\yii\\rest\\ActiveController\n{\n"
            "    public function actionSearch() {}\n}\n",
            ["public function actionSearch"],
            id="yii-rest-controller",
        ),
        pytest.param(
            "<?php\nclass ReportController extends Model\n{\n"
            "    public function actionPlan() {}\n}\n",
            [],
            id="named-a-controller-but-not-one",
        ),
        pytest.param(
            "<?php\nclass Welcome extends CI_Controller {\n"
            "    public function __construct() { parent::__construct(); }\n"
            "    public function index() { $this->load->view('welcome'); }\n"
            "    public function _remap($method) {}\n"
            "    private function helper() {}\n"
            "    public function contact() {}\n}\n",
            ["public function index", "public function contact"],
            id="codeigniter-3",
        ),
        pytest.param(
            "<?php\nclass Report\n{\n    public function actionPlan() {}\n}\n",
            [],
            id="a-method-named-action-in-no-controller",
        ),
    ],
)
def test_a_controller_s_actions_routed_by_convention(source: str, actions: list[str]) -> None:
    found = list(php.scan_php("controllers/SiteController.php", source))
    handlers = [e.detail for f in found if f.key == "rt.http_handlers" for e in f.evidence]
    assert [d.removesuffix("(...), a controller's action") for d in handlers] == actions
    counted = sum(f.value for f in found if f.key == "php.controller_actions")
    assert counted == len(actions)
    assert sum(f.value for f in found if f.key == "php.controllers") == (1 if actions else 0)


@pytest.mark.parametrize(
    ("source", "module"),
    [
        pytest.param(
            "<?php\nif (!defined('_PS_VERSION_')) { exit; }\n"
            "class Parcelbox extends CarrierModule\n{\n    public function install() {}\n}\n",
            True,
            id="prestashop-carrier-module",
        ),
        pytest.param(
            "<?php\nclass Parcelbox extends CarrierModule {}\n", False, id="no-prestashop-guard"
        ),
        pytest.param(
            "<?php\nif (!defined('_PS_VERSION_')) { exit; }\nclass AdminGridController {}\n",
            False,
            id="a-module-s-other-file",
        ),
    ],
)
def test_a_prestashop_module_s_main_class(source: str, module: bool) -> None:
    found = [
        f for f in php.scan_php("parcelbox/parcelbox.php", source) if f.key == "php.host_module"
    ]
    assert bool(found) == module
    if module:
        assert found[0].evidence[0].line == 3


def test_a_glpi_plugin_s_setup_declares_its_version() -> None:
    source = (
        "<?php\ndefine('PLUGIN_X_VERSION', '1.0');\nfunction plugin_version_x() {\n"
        "  return [];\n}\n"
    )
    found = [f for f in php.scan_php("setup.php", source) if f.key == "php.host_module"]
    assert [e.line for f in found for e in f.evidence] == [3]
    elsewhere = [
        f for f in php.scan_php("inc/setup.php.bak.php", source) if f.key == "php.host_module"
    ]
    assert elsewhere == []
