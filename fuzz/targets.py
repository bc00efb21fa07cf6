"""What the fuzzer feeds, and to whom: every registered manifest parser and file scanner, and
Hypothesis strategies for their input.

A parser may return a `Parsed` or raise `MalformedManifest`; anything else it raises is a
crash. A scanner may return facts; anything it raises is a crash. Both must return facts
whose keys are lower-case dotted keys with a finite value and evidence in the scanned file.

The inputs mix four kinds, so both the front door (the syntax) and the rooms behind it (what
each parser does with a well-formed document) are reached:

- arbitrary text, and arbitrary bytes decoded the way the collector decodes them;
- documents in the file's own syntax (JSON, TOML, YAML, XML, INI, Python, line-based) built
  from the keys manifests use, with values of every type in every place;
- real-looking seed files (tests/fixtures, plus one small sample per format here), cut short,
  spliced with junk, or with lines duplicated and dropped;
- text stitched from the tokens code scanners look for.

This module is imported by fuzz/run.py and by tests/hostile/test_properties.py, so the test
suite runs a small budget of exactly what the fuzzer runs at length.
"""

from __future__ import annotations

import json
import math
import random
import warnings
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from hypothesis import strategies as st

from stackcheck.facts import Fact, signals
from stackcheck.facts.manifests import REGISTRY, MalformedManifest, ParserRef, parser_ref
from stackcheck.source.textio import NotText, decode

ROOT = Path(__file__).resolve().parents[1]


class Target(NamedTuple):
    kind: str  # "parser", "scanner" or "settings"
    name: str  # "node.parse_package_json" or "python-code"
    path: str  # a path the target reads
    run: Callable[[str, str], Iterable[Fact]]


class Crash(NamedTuple):
    kind: str  # the exception's type, or "odd fact"
    message: str

    @property
    def fatal(self) -> bool:
        """An exception (or a hang) is a crash. A fact that breaks the key contract is only
        odd: no rule pattern can name it, so it is lost, but the scan is not. A warning is
        odd too: Python prints it on the user's stderr, quoting the scanned file's line."""
        return self.kind not in ("odd fact", "warning")


# --- targets ---------------------------------------------------------------------------------


def sample_path(how: str, pattern: str) -> str:
    """A concrete path a REGISTRY row matches: `requirements*.txt` -> `requirements-x.txt`."""
    if how == "name":
        return pattern
    return pattern.replace("*", "x").replace("requirementsx", "requirements-x")


def parser_targets() -> list[Target]:
    found: dict[ParserRef, Target] = {}
    for how, pattern, module, function in REGISTRY:
        ref = ParserRef(module, function)
        if ref not in found:
            path = sample_path(how, pattern)

            def run(p: str, text: str, ref: ParserRef = ref) -> Iterable[Fact]:
                return ref.load()(p, text).facts

            found[ref] = Target("parser", f"{module}.{function}", path, run)
    return list(found.values())


# Paths to offer each file scanner; the first one a scanner wants is its target path.
SCANNER_PATHS = (
    "shop/views.py",
    "server.js",
    "src/app.ts",
    "main.go",
    "lib/app/channel.ex",
    "Hubs/ChatHub.cs",
    "app/channels/chat_channel.rb",
    "src/main/java/app/Socket.java",
    "src/main/kotlin/app/Plugin.kt",
    "src/engine.cpp",
    "src/hub.erl",
    "CMakeLists.txt",
    "index.html",
    "public/app.js",
    "content/post.md",
    "src/main.rs",
    "public/index.php",
    "board/post.asp",
    "channels/chat.coffee",
    "tsconfig.json",
    "manifest.json",
    "prisma/schema.prisma",
    "db/schema.sql",
    "grails-app/domain/app/Order.groovy",
    "helpdesk/helpdesk/doctype/hd_ticket/hd_ticket.json",
    "lib/App.pm",
    "R/api.R",
    "src/exchange/book.clj",
    "src/app.cr",
    "server/Server.hs",
    "src/app.nim",
    "app.lua",
    "bin/server.dart",
    "app/controllers/ChatController.scala",
)


def scanner_targets() -> list[Target]:
    signals.load_all()
    targets = []
    for scanner in signals.FILE_SCANNERS:
        path = next((p for p in SCANNER_PATHS if scanner.wants(p)), None)
        if path is None:
            raise LookupError(f"no sample path for file scanner {scanner.name}; add one")
        targets.append(Target("scanner", scanner.name, path, scanner.scan))
    return targets


# The source stage reads patterns from the repository too: a .gitattributes file, and the
# exclude setting of its config. Each target applies what it read to this small tree.
PATTERN_TREE = (
    *SCANNER_PATHS,
    "docs/index.md",
    "vendor/lib/x.js",
    "a/b/c/d/e.py",
    "build/out.min.js",
    "tests/test_app.py",
)


def _gitattributes(path: str, text: str) -> Iterable[Fact]:
    from stackcheck.source.discover import _linguist_attributes

    data = text.encode("utf-8", "surrogatepass")
    _linguist_attributes(lambda _p, limit: data[: limit + 1], sorted({*PATTERN_TREE, path}))
    return []


def _exclude(path: str, text: str) -> Iterable[Fact]:
    from stackcheck.source.patterns import PatternList

    patterns = PatternList(text.splitlines())
    for tree_path in PATTERN_TREE:
        patterns.ignored(tree_path)
    return []


def pattern_targets() -> list[Target]:
    return [
        Target("parser", "patterns.gitattributes", ".gitattributes", _gitattributes),
        Target("parser", "patterns.exclude", "exclude", _exclude),
    ]


# Settings and rule files are no manifests, but TOML that a scanned repository (its config) or
# a rule pack may have built to exhaust stackcheck: any input ends in settings or a rule, or in
# the user's error (StackcheckError), which the target reports as MalformedManifest.
SETTINGS_PATHS = {"config": ".stackcheck.toml", "rule-file": "XX101-demo.toml"}


def settings_targets() -> list[Target]:
    return [
        Target("settings", "config", SETTINGS_PATHS["config"], _settings),
        Target("settings", "rule-file", SETTINGS_PATHS["rule-file"], _rule_file),
    ]


def _settings(path: str, text: str) -> Iterable[Fact]:
    from stackcheck.config import parse_settings, settings_table
    from stackcheck.errors import StackcheckError
    from stackcheck.tomlfile import parse_toml

    try:
        data = parse_toml(text.encode("utf-8", "surrogatepass"), path, "config")
        table, prefix = settings_table(data, Path(path))
        parse_settings(table, path, prefix, Path("."))
    except StackcheckError as exc:
        raise MalformedManifest(str(exc)) from exc
    return ()


def _rule_file(path: str, text: str) -> Iterable[Fact]:
    from stackcheck.errors import StackcheckError
    from stackcheck.judge.rules import rule_from_table
    from stackcheck.tomlfile import parse_toml

    try:
        rule_from_table(
            parse_toml(text.encode("utf-8", "surrogatepass"), path, "rule file"), Path(path)
        )
    except StackcheckError as exc:
        raise MalformedManifest(str(exc)) from exc
    return ()


def settings_seeds(target: Target) -> tuple[str, ...]:
    """The shipped rule files for the rule-file target; sample configs for the config one."""
    if target.name == "rule-file":
        return tuple(p.read_text(encoding="utf-8") for p in sorted((ROOT / "rules").glob("*.toml")))
    return (
        'fail-on = "warning"\nmin-confidence = 0.3\nselect = ["DJ"]\nextend-select = ["ACME"]\n'
        'ignore = [{rule = "DJ903", reason = "one feature among many"}, "DJ1"]\n'
        'severity = {DJ902 = "warning", DJ9 = "off"}\nexclude = ["legacy/", "*.min.js"]\n'
        "include-vendored = false\n",
        'cache = false\ncache-dir = "/tmp/x"\nformat = "sarif"\nmax-file-bytes = 4096\n'
        'rules-dirs = ["rules"]\nrecurse-submodules = true\n',
    )


def all_targets() -> list[Target]:
    return parser_targets() + pattern_targets() + scanner_targets() + settings_targets()


def outcome(target: Target, text: str) -> Crash | None:
    """None when the target behaved; the crash otherwise."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        crash = _outcome(target, text)
    if crash is None and caught:
        first = caught[0]
        return Crash("warning", f"{first.category.__name__}: {first.message}")
    return crash


def _outcome(target: Target, text: str) -> Crash | None:
    try:
        facts = list(target.run(target.path, text))
    except MalformedManifest:
        if target.kind in ("parser", "settings"):
            return None
        return Crash("MalformedManifest", "a scanner raised MalformedManifest")
    except signals.NotAnalysable:
        if target.kind == "scanner":
            return None  # the scanner's way to have the file listed as skipped
        return Crash("NotAnalysable", "a parser raised a scanner's NotAnalysable")
    except Exception as exc:  # the point: every other exception is a finding
        return Crash(type(exc).__name__, str(exc).splitlines()[0][:200] if str(exc) else "")
    for item in facts:
        problem = fact_problem(item, target.path, text)
        if problem:
            return Crash("odd fact", problem)
    return None


def fact_problem(item: Fact, path: str, text: str) -> str:
    """What is wrong with a fact a target produced for `path`, or ""."""
    if not isinstance(item, Fact) or not isinstance(item.key, str) or not item.key:
        return f"not a Fact with a key: {item!r:.120}"
    if item.key != item.key.lower() or any(c.isspace() or not c.isprintable() for c in item.key):
        return f"key is not lower-case, printable and without spaces: {item.key!r:.120}"
    if not isinstance(item.value, (int, float)) or not math.isfinite(item.value):
        return f"{item.key}: value {item.value!r} is not a finite number"
    # str.splitlines also breaks at \x0b, \x0c, \x1c-\x1e, \x85, \u2028 and \u2029.
    lines = max(text.count("\n") + 1, len(text.splitlines()))
    for evidence in item.evidence:
        if evidence.path not in (path, "."):
            return f"{item.key}: evidence in another file {evidence.path!r:.80}"
        if evidence.line is not None and not 1 <= evidence.line <= lines:
            return f"{item.key}: evidence line {evidence.line} outside 1..{lines}"
    return ""


# --- seeds -----------------------------------------------------------------------------------

# One small, valid sample for every format the fixture repositories lack.
BUILT_IN_SEEDS: dict[str, str] = {
    "setup.py": "from setuptools import setup\nsetup(name='x', install_requires=['Django>=4.2',"
    " 'celery[redis]'], extras_require={'dev': ['pytest']}, entry_points={'console_scripts':"
    " ['x=x:main']})\n",
    "setup.cfg": "[metadata]\nname = x\n[options]\ninstall_requires =\n    Django>=4.2\n"
    "    channels\n[options.extras_require]\ntest = pytest\n",
    "Pipfile": '[packages]\ndjango = "*"\nrequests = {version = ">=2"}\n[dev-packages]\n'
    'pytest = "*"\n',
    "environment.yml": "name: x\ndependencies:\n  - python=3.11\n  - django\n  - pip:\n"
    "    - channels>=4\n    - -r requirements.txt\n",
    "poetry.lock": '[[package]]\nname = "django"\nversion = "5.0"\ncategory = "main"\n\n'
    '[package.dependencies]\nasgiref = ">=3.7"\n\n[metadata]\nlock-version = "2.0"\n',
    "pdm.lock": '[metadata]\ngroups = ["default", "dev"]\n\n[[package]]\nname = "django"\n'
    'version = "5.0"\ngroups = ["default"]\n',
    "uv.lock": 'version = 1\n\n[[package]]\nname = "django"\nversion = "5.0"\n'
    'source = { registry = "https://pypi.org/simple" }\n\n[[package]]\nname = "app"\n'
    'version = "0.1"\nsource = { editable = "." }\ndependencies = [{ name = "django" }]\n',
    "pylock.toml": 'lock-version = "1.0"\n[[packages]]\nname = "django"\nversion = "5.0"\n',
    "Pipfile.lock": '{"_meta": {"hash": {}}, "default": {"django": {"version": "==5.0"}},'
    ' "develop": {"pytest": {"version": "==8.0"}}}',
    "yarn.lock": '# yarn lockfile v1\n\nexpress@^4.18.0:\n  version "4.18.2"\n'
    '  dependencies:\n    accepts "~1.3.8"\n\n"@nestjs/core@^10":\n  version "10.0.0"\n',
    "pnpm-lock.yaml": "lockfileVersion: '6.0'\ndependencies:\n  express:\n"
    "    specifier: ^4.18.0\n    version: 4.18.2\npackages:\n  /express@4.18.2:\n"
    "    dev: false\n",
    "deno.json": '{"imports": {"oak": "jsr:@oak/oak@^14"}, "tasks": {"start": "deno run main.ts"}}',
    "app.yaml": "runtime: python312\nentrypoint: gunicorn -b :$PORT app:app\nhandlers:\n"
    "  - url: /static\n    static_dir: static\n",
    "fly.toml": 'app = "x"\n[build]\n[processes]\nweb = "gunicorn app.wsgi"\n'
    "[[services]]\ninternal_port = 8000\n",
    "render.yaml": "services:\n  - type: web\n    name: x\n    env: python\n"
    "    startCommand: gunicorn app.wsgi\n",
    "vercel.json": '{"builds": [{"src": "api/*.py", "use": "@vercel/python"}],'
    ' "routes": [{"src": "/(.*)", "dest": "/api/index.py"}]}',
    "netlify.toml": '[build]\npublish = "public"\ncommand = "hugo"\n[functions]\n'
    'directory = "netlify/functions"\n',
    "Staticfile": "root: public\n",
    "nginx.conf": "server {\n  listen 80;\n  location / { proxy_pass http://app:8000; }\n"
    "  location /static/ { alias /srv/static/; }\n}\n",
    "config.toml": 'baseURL = "https://example.org/"\ntitle = "x"\ntheme = "ananke"\n',
    "main.wasp": 'app Shop {\n  wasp: { version: "^0.18.0" },\n}\n'
    'action createOrder {\n  fn: import { createOrder } from "@src/orders",\n}\n',
    "theme.toml": 'name = "x"\nlicense = "MIT"\nlicenselink = "https://x"\nmin_version = "0.80"\n',
    "site.wsgi": "import sys\nsys.path.insert(0, '/srv')\n"
    "from site_app import app as application\n",
    "pelicanconf.py": "AUTHOR = 'x'\nSITENAME = 'x'\nTHEME = 'notmyidea'\n",
    "publishconf.py": "import os\nfrom pelicanconf import *\nSITEURL = 'https://x'\n",
    ".eleventy.js": "module.exports = function (eleventyConfig) {\n"
    "  eleventyConfig.addPassthroughCopy('css');\n  return { dir: { input: 'src' } };\n};\n",
    "docusaurus.config.js": "module.exports = { title: 'x', presets: [['classic', {}]] };\n",
    "gatsby-config.js": "module.exports = { plugins: ['gatsby-plugin-image'] };\n",
    "astro.config.mjs": "import { defineConfig } from 'astro/config';\n"
    "export default defineConfig({ output: 'server' });\n",
    "next.config.js": "module.exports = { output: 'export', images: { unoptimized: true } };\n",
    "conanfile.py": "from conan import ConanFile\nclass App(ConanFile):\n"
    "    requires = ['boost/1.83.0', 'fmt/10.1.1']\n",
    "gems.locked": "GEM\n  remote: https://rubygems.org/\n  specs:\n    rails (7.1.0)\n"
    "      actionpack (= 7.1.0)\n\nDEPENDENCIES\n  rails\n",
    "Dockerfile": "FROM python:3.12-slim\nRUN pip install -r requirements.txt\n"
    'EXPOSE 8000\nCMD ["gunicorn", "app.wsgi"]\n',
    "requirements.txt": "Django>=4.2\nchannels[daphne]==4.0\n-r common.txt\n",
}


PATTERN_SEEDS: dict[str, tuple[str, ...]] = {
    "patterns.gitattributes": (
        "* text=auto\n*.min.js linguist-generated\nvendor/** linguist-vendored\n"
        "docs/ linguist-documentation=false\n**/gen/** -linguist-generated\n"
        "a/*/c stackcheck-role=tests\n[ab]*.py linguist-vendored\n",
    ),
    "patterns.exclude": ("legacy/\n!legacy/keep.py\n*.min.*\n/build\n**/tmp/**\na/**/e.py\n",),
}


@lru_cache(maxsize=1)
def fixture_files() -> tuple[tuple[str, str], ...]:
    """(path inside its fixture repository, text) of every fixture file that decodes."""
    base = ROOT / "tests" / "fixtures"
    found = []
    for file in sorted(base.rglob("*")):
        parts = file.relative_to(base).parts
        if len(parts) < 2 or not file.is_file() or file.is_symlink():
            continue
        try:
            found.append(("/".join(parts[1:]), decode(file.read_bytes()[:200_000])))
        except (OSError, NotText):
            continue
    return tuple(found)


@cache
def seeds_for(target: Target) -> tuple[str, ...]:
    """Real-looking inputs for a target: fixture files it would read, and built-in samples."""
    found = []
    if target.kind == "settings":
        return settings_seeds(target)
    if target.name in PATTERN_SEEDS:
        found = list(PATTERN_SEEDS[target.name])
    elif target.kind == "parser":
        mine = parser_ref(target.path)
        for path, text in fixture_files():
            if parser_ref(path) == mine:
                found.append(text)
        for path, text in BUILT_IN_SEEDS.items():
            if parser_ref(path) == mine:
                found.append(text)
    else:
        scanner = next(s for s in signals.FILE_SCANNERS if s.name == target.name)
        found = [text for path, text in fixture_files() if scanner.wants(path)][:40]
    return tuple(found) or ("",)


# --- strategies ------------------------------------------------------------------------------

KEYS = (
    "dependencies", "devDependencies", "dev-dependencies", "optional-dependencies", "packages",
    "package", "name", "version", "require", "require-dev", "project", "tool", "poetry",
    "services", "image", "command", "entrypoint", "build", "plugins", "lockfileVersion",
    "importers", "specifiers", "default", "develop", "_meta", "__metadata", "resolution",
    "source", "groupId", "artifactId", "modules", "jobs", "steps", "uses", "run", "with",
    "handlers", "runtime", "extends", "workspaces", "scripts", "bin", "main", "site_name",
    "theme", "nav", "flutter", "sdk", "environment", "pip", "install_requires", "metadata",
    "options", "extras", "markers", "url", "path", "git", "hosted", "libraries", "versions",
    "deps", "lib_deps", "env", "platform", "framework", "x", "",
    # settings and rule files
    "select", "ignore", "extend-select", "exclude", "include-vendored", "fail-on",
    "min-confidence", "rules-dirs", "format", "max-file-bytes", "cache", "cache-dir",
    "severity", "recurse-submodules", "rule", "reason", "id", "slug", "title", "kind",
    "signals", "when", "weight", "because", "defines", "fact", "any", "all", "none", "min",
    "max", "docs", "examples", "expect", "facts", "threshold", "alternative", "project-kind",
)  # fmt: skip
WORDS = (
    "django", "Django>=4.2", "channels", "flask", "fastapi", "express", "socket.io", "ws",
    "@nestjs/core", "gunicorn app.wsgi", "daphne", "uvicorn", "rails", "laravel/framework",
    "github.com/gorilla/websocket", "org.springframework.boot:spring-boot-starter-web",
    "phoenix", "tokio", "*", "^1.2.3", "~=2.0", "==", ">=", "latest", "workspace:*",
    "file:../x", "git+https://x.invalid/y.git", "../..", "", " ", "\t", "\x00", "\ufeff",
    "é", "日本", "a" * 300,
)  # fmt: skip
CODE_TOKENS = (
    "import django\n", "from django.db import models\n", "class A(models.Model):\n",
    "    x = models.CharField(max_length=3)\n", "urlpatterns = [path('', v)]\n",
    "@app.route('/')\n", "def f(request):\n    return render(request, 'a.html')\n",
    "new WebSocket('ws://x')\n", "io.on('connection', s => {})\n", "require('ws')\n",
    "app.listen(3000)\n", "package main\n", 'import "github.com/gorilla/websocket"\n',
    "func main() {}\n", "use Phoenix.Channel\n", "class ChatHub : Hub {}\n",
    "ActionCable.server\n", "@ServerEndpoint(\"/ws\")\n", "#include <atomic>\n",
    "std::atomic<int> x;\n", "__builtin_expect(x, 1)\n", "DPDK rte_eth_rx_burst\n",
    "<html><body>", "<script src='a.js'></script>", "</body></html>", "---\n", "title: x\n",
    "{% block content %}", "{{ x }}", "/*", "*/", "//", "#", "'''", '"""', "`", "(", ")",
    "[", "]", "{", "}", "\n", "\r\n", " ", "\t", "\x00", "\\", "é", "\ud800",
)  # fmt: skip


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """A JSON-like value of any shape, drawn with plain `random` (Hypothesis's recursive
    strategies cost milliseconds per document; the fuzzer wants hundreds of thousands)."""
    roll = rng.random()
    if depth < 4 and roll < 0.2:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(5))]
    if depth < 4 and roll < 0.45:
        return {random_key(rng): random_value(rng, depth + 1) for _ in range(rng.randrange(5))}
    return rng.choice(
        (
            None,
            True,
            False,
            rng.randrange(-(2**70), 2**70),
            rng.randrange(-10, 10),
            rng.uniform(-1e6, 1e6),
            rng.choice(WORDS),
            rng.choice(WORDS) + rng.choice(WORDS),
            "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(8))),
        )
    )


def random_key(rng: random.Random) -> str:
    return rng.choice(KEYS) if rng.random() < 0.9 else rng.choice(WORDS)


def random_document(rng: random.Random) -> dict[str, Any]:
    return {random_key(rng): random_value(rng) for _ in range(rng.randrange(1, 7))}


def random_tokens(rng: random.Random) -> str:
    pool = CODE_TOKENS + WORDS
    return "".join(rng.choice(pool) for _ in range(rng.randrange(30)))


documents = st.randoms(use_true_random=True).map(random_document)


def syntax(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if name.endswith((".json", ".jsonc")) or name in ("Pipfile.lock", "composer.lock"):
        return "json"
    if name.endswith((".toml", ".lock")) or name == "Pipfile":
        return "toml"
    if name.endswith((".yml", ".yaml")):
        return "yaml"
    if name.endswith(".xml"):
        return "xml"
    if name.endswith((".cfg", ".ini")):
        return "ini"
    if name.endswith(".py"):
        return "python"
    return "lines"


def render(kind: str, document: dict[str, Any]) -> str:
    """A document in one syntax; values of any type wherever the keys put them."""
    if kind == "json":
        return json.dumps(document, ensure_ascii=False, default=str)
    if kind == "toml":
        return _toml(document)
    if kind == "yaml":
        import yaml

        return yaml.safe_dump(document, allow_unicode=True)
    if kind == "xml":
        return "<project>" + _xml(document) + "</project>\n"
    if kind == "ini":
        return "".join(
            f"[{k}]\n" + "".join(f"{kk} = {vv}\n" for kk, vv in _items(v))
            for k, v in document.items()
        )
    if kind == "python":
        args = ", ".join(f"{k or 'x'}={v!r}" for k, v in document.items() if k.isidentifier())
        return f"from setuptools import setup\nsetup({args})\n"
    return "".join(
        f"{k} {json.dumps(v, ensure_ascii=False, default=str)}\n" for k, v in document.items()
    )


def _items(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, dict) else [("value", value)]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    return json.dumps(str(value), ensure_ascii=False)


def _toml(document: dict[str, Any]) -> str:
    lines = []
    for key, value in document.items():
        if isinstance(value, dict):
            lines.append(f"[{json.dumps(key)}]")
            lines.extend(
                f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items() if v is not None
            )
        elif value is not None:
            lines.append(f"{json.dumps(key)} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _xml(value: Any) -> str:
    from xml.sax.saxutils import escape

    if isinstance(value, dict):
        return "".join(
            f"<{k}>{_xml(v)}</{k}>" if k.isidentifier() else _xml(v) for k, v in value.items()
        )
    if isinstance(value, list):
        return "".join(_xml(v) for v in value)
    return escape(str(value))


@st.composite
def mutated(draw: st.DrawFn, seeds: tuple[str, ...]) -> str:
    """A seed cut, spliced, or with lines dropped and repeated."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(0, 3))):
        how = draw(st.sampled_from(("cut", "splice", "drop", "repeat", "swap")))
        at = draw(st.integers(0, len(text)))
        if how == "cut":
            text = text[:at]
        elif how == "splice":
            text = text[:at] + draw(st.sampled_from(CODE_TOKENS) | st.text(max_size=10)) + text[at:]
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(0, len(lines) - 1))
                if how == "drop":
                    del lines[i]
                elif how == "repeat":
                    lines.insert(i, lines[i] * draw(st.integers(1, 5)))
                else:
                    j = draw(st.integers(0, len(lines) - 1))
                    lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    return text


def decoded(data: bytes) -> str:
    """Bytes as the collector turns them into text (binary content decodes as Latin-1 here,
    so the bytes still reach the target)."""
    try:
        return decode(data)
    except NotText:
        return data.decode("latin-1")


def texts(target: Target) -> st.SearchStrategy[str]:
    """Every kind of input for one target."""
    kinds = [
        st.text(),
        st.binary(max_size=400).map(decoded),
        mutated(seeds_for(target)),
        st.randoms(use_true_random=True).map(random_tokens),
    ]
    if target.kind in ("parser", "settings"):
        kinds.append(documents.map(lambda d: render(syntax(target.path), d)))
        kinds.append(
            st.tuples(documents, st.integers(0, 400), st.text(max_size=5)).map(
                lambda t: _splice(render(syntax(target.path), t[0]), t[1], t[2])
            )
        )
    return st.one_of(*kinds)


def _splice(text: str, at: int, junk: str) -> str:
    at = min(at, len(text))
    return text[:at] + junk + text[at:]
