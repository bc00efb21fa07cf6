"""The stack summary every report carries: what the project is built of, read off the facts.

Languages come from the product's files only (docs, tests, tooling and vendored files are
left out by discovery); frameworks, datastores and deploy targets from the facts the
manifest parsers and scanners record, each with the file that shows it. Pure: facts in,
records out. The table is data: a new framework is one line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from stackcheck.facts import Evidence, Fact
from stackcheck.judge.conditions import SortedKeys

MAX_EVIDENCE = 2

# (name shown, fact patterns: a trailing "*" matches any rest of the key)
FRAMEWORKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Django", ("py.dep.django", "django.manage_py", "django.settings")),
    ("Django REST framework", ("py.dep.djangorestframework",)),
    ("Django Channels", ("py.dep.channels",)),
    ("django-ninja", ("py.dep.django-ninja",)),
    ("Wagtail", ("py.dep.wagtail",)),
    ("django CMS", ("py.dep.django-cms",)),
    ("Flask", ("py.dep.flask", "py.import.flask")),
    ("FastAPI", ("py.dep.fastapi", "py.import.fastapi")),
    ("Starlette", ("py.dep.starlette",)),
    ("aiohttp", ("py.dep.aiohttp",)),
    ("Tornado", ("py.dep.tornado",)),
    ("Graphene", ("py.dep.graphene", "py.dep.graphene-django")),
    ("Express", ("npm.dep.express",)),
    ("Koa", ("npm.dep.koa",)),
    ("Fastify", ("npm.dep.fastify",)),
    ("NestJS", ("npm.dep.@nestjs/core",)),
    ("hapi", ("npm.dep.@hapi/hapi", "npm.dep.hapi")),
    ("Hono", ("npm.dep.hono", "deno.dep.hono", "deno.dep.@hono/hono")),
    ("Elysia", ("npm.dep.elysia",)),
    ("Encore", ("npm.dep.encore.dev",)),
    ("Next.js", ("npm.dep.next",)),
    ("Nuxt", ("npm.dep.nuxt",)),
    ("SvelteKit", ("npm.dep.@sveltejs/kit", "npm.devdep.@sveltejs/kit")),
    ("Remix", ("npm.dep.@remix-run/node",)),
    ("React", ("npm.dep.react",)),
    ("Vue", ("npm.dep.vue",)),
    (
        "Socket.IO",
        (
            "npm.dep.socket.io",
            "py.dep.python-socketio",
            "maven.dep.com.corundumstudio.socketio:netty-socketio",
            "gradle.dep.com.corundumstudio.socketio:netty-socketio",
        ),
    ),
    ("ws", ("npm.dep.ws",)),
    ("Faye", ("npm.dep.faye",)),
    ("Ruby on Rails", ("gem.dep.rails",)),
    ("Sinatra", ("gem.dep.sinatra",)),
    ("Mojolicious", ("perl.framework.mojolicious",)),
    ("Dancer", ("perl.framework.dancer2", "perl.framework.dancer")),
    ("Catalyst", ("perl.framework.catalyst",)),
    ("Laravel", ("composer.dep.laravel/framework",)),
    ("Symfony", ("composer.dep.symfony/framework-bundle", "composer.dep.symfony/symfony")),
    ("Lumen", ("composer.dep.laravel/lumen-framework",)),
    ("CodeIgniter", ("composer.dep.codeigniter4/framework", "composer.dep.codeigniter/framework")),
    ("CakePHP", ("composer.dep.cakephp/cakephp",)),
    ("Slim", ("composer.dep.slim/slim",)),
    ("Yii", ("composer.dep.yiisoft/yii2",)),
    ("Fat-Free", ("composer.dep.bcosca/fatfree*",)),
    ("Flight", ("composer.dep.mikecao/flight", "composer.dep.flightphp/core")),
    ("Leaf", ("composer.dep.leafs/leaf",)),
    ("Phalcon", ("composer.dep.phalcon/*",)),
    ("Nette", ("composer.dep.nette/application",)),
    (
        "Laminas",
        (
            "composer.dep.laminas/laminas-mvc",
            "composer.dep.zendframework/zendframework*",
            "composer.dep.zendframework/zend-mvc",
        ),
    ),
    ("PHP", ("php.web_pages",)),
    (
        "Spring Boot",
        (
            "maven.dep.org.springframework.boot:*",
            "gradle.dep.org.springframework.boot:*",
            "maven.parent.org.springframework.boot:*",
        ),
    ),
    ("Quarkus", ("maven.dep.io.quarkus:*",)),
    ("ASP.NET Core", ("nuget.dep.microsoft.aspnetcore*", "dotnet.sdk.microsoft.net.sdk.web")),
    ("Gin", ("go.dep.github.com/gin-gonic/gin",)),
    ("Echo", ("go.dep.github.com/labstack/echo*",)),
    ("Fiber", ("go.dep.github.com/gofiber/fiber*",)),
    ("gorilla/websocket", ("go.dep.github.com/gorilla/websocket",)),
    ("Actix Web", ("cargo.dep.actix-web",)),
    ("Vapor", ("spm.dep.vapor",)),
    ("Hummingbird", ("spm.dep.hummingbird",)),
    ("Crow", ("native.web.crow",)),
    ("Drogon", ("native.web.drogon",)),
    ("Pistache", ("native.web.pistache",)),
    ("Oat++", ("native.web.oatpp",)),
    ("Axum", ("cargo.dep.axum",)),
    ("Rocket", ("cargo.dep.rocket",)),
    ("Tungstenite", ("cargo.dep.tokio-tungstenite", "cargo.dep.tungstenite")),
    ("Phoenix", ("mix.dep.phoenix",)),
    ("Strapi", ("npm.dep.@strapi/strapi", "npm.dep.strapi")),
    ("Payload", ("npm.dep.payload",)),
    ("Jekyll", ("ssg.jekyll", "gem.dep.jekyll", "gem.dep.github-pages")),
    ("Hugo", ("ssg.hugo",)),
    ("Eleventy", ("ssg.eleventy", "npm.dep.@11ty/eleventy", "npm.devdep.@11ty/eleventy")),
    ("Zola", ("ssg.zola",)),
    ("Pelican", ("ssg.pelican", "py.dep.pelican")),
    ("MkDocs", ("ssg.mkdocs", "py.dep.mkdocs")),
    ("Docusaurus", ("ssg.docusaurus", "npm.dep.@docusaurus/core")),
    ("Astro", ("ssg.astro", "npm.dep.astro")),
    ("Gatsby", ("ssg.gatsby", "npm.dep.gatsby")),
    ("VitePress", ("ssg.vitepress", "npm.devdep.vitepress", "npm.dep.vitepress")),
    ("VuePress", ("ssg.vuepress", "npm.devdep.vuepress", "npm.dep.vuepress")),
    ("Lektor", ("ssg.lektor",)),
    ("Bridgetown", ("ssg.bridgetown", "gem.dep.bridgetown")),
    ("Middleman", ("ssg.middleman", "gem.dep.middleman")),
    ("Hakyll", ("ssg.hakyll", "cabal.dep.hakyll")),
    ("Cryogen", ("ssg.cryogen", "clj.dep.cryogen-core")),
    ("Sculpin", ("ssg.sculpin", "composer.dep.sculpin/sculpin")),
    ("Jigsaw", ("ssg.jigsaw", "composer.dep.tightenco/jigsaw")),
    ("Serum", ("ssg.serum", "mix.dep.serum")),
    ("Hexo", ("ssg.hexo", "npm.dep.hexo")),
    ("Nikola", ("ssg.nikola", "py.dep.nikola")),
    ("JBake", ("ssg.jbake",)),
    ("GitBook", ("ssg.gitbook", "ssg.gitbook.docs")),
    ("mdBook", ("ssg.mdbook", "ssg.mdbook.docs")),
    ("Sphinx", ("ssg.sphinx", "py.dep.sphinx")),
    ("QuickFIX", ("go.dep.github.com/quickfixgo/*", "nuget.dep.quickfixn*")),
    ("scikit-learn", ("py.dep.scikit-learn",)),
    ("PyTorch", ("py.dep.torch",)),
    ("TensorFlow", ("py.dep.tensorflow",)),
    (
        "Stripe",
        ("py.dep.stripe", "npm.dep.stripe", "gem.dep.stripe", "composer.dep.stripe/stripe-php"),
    ),
    ("Celery", ("py.dep.celery",)),
    ("Arduino", ("firmware.framework.arduino",)),
)

DATASTORES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "PostgreSQL",
        (
            "py.dep.psycopg*",
            "deploy.service.postgres*",
            "npm.dep.pg",
            "maven.dep.org.postgresql:*",
            "gem.dep.pg",
            "docker.base.postgres",
        ),
    ),
    (
        "MySQL",
        (
            "py.dep.mysqlclient",
            "py.dep.pymysql",
            "deploy.service.mysql*",
            "npm.dep.mysql*",
            "maven.dep.com.mysql:*",
            "gem.dep.mysql2",
            "php.mysql",
        ),
    ),
    (
        "SQLite",
        ("py.dep.aiosqlite", "npm.dep.sqlite3", "npm.dep.better-sqlite3", "web.sqlite_file"),
    ),
    ("MongoDB", ("py.dep.pymongo", "npm.dep.mongoose", "npm.dep.mongodb", "deploy.service.mongo*")),
    (
        "Redis",
        (
            "py.dep.redis",
            "py.dep.django-redis",
            "npm.dep.redis",
            "npm.dep.ioredis",
            "deploy.service.redis*",
            "npm.dep.faye-redis",
        ),
    ),
    ("Elasticsearch", ("py.dep.elasticsearch*", "deploy.service.elasticsearch*")),
    ("Kafka", ("deploy.service.kafka*", "py.dep.kafka-python", "npm.dep.kafkajs")),
    ("RabbitMQ", ("deploy.service.rabbitmq*", "py.dep.pika")),
    ("H2", ("maven.dep.com.h2database:*",)),
)

DEPLOY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Docker", ("manifest.dockerfile",)),
    ("Docker Compose", ("manifest.compose",)),
    ("Procfile", ("deploy.procfile.*",)),
    ("gunicorn", ("deploy.cmd.gunicorn",)),
    ("uvicorn", ("deploy.cmd.uvicorn",)),
    ("Daphne", ("deploy.cmd.daphne",)),
    ("Heroku", ("deploy.heroku*",)),
    ("Fly.io", ("deploy.fly",)),
    ("Google App Engine", ("deploy.gae",)),
    ("Render", ("deploy.render.*",)),
    ("Vercel", ("deploy.vercel",)),
    ("Netlify", ("deploy.netlify*",)),
    ("GitHub Pages", ("deploy.pages",)),
    ("a static host", ("deploy.static_host",)),
    ("nginx", ("deploy.reverse_proxy", "deploy.static_server")),
    ("serverless functions", ("deploy.serverless_functions",)),
)

_VERSION = re.compile(r"(?:[=~^<>!]=?|\s|\")v?(\d+(?:\.\d+){0,3}[\w.+-]*)")


class Language(NamedTuple):
    name: str
    files: int
    bytes: int
    share: float


class Named(NamedTuple):
    name: str
    version: str | None
    evidence: tuple[Evidence, ...]


class Stack(NamedTuple):
    languages: tuple[Language, ...]
    frameworks: tuple[Named, ...]
    datastores: tuple[Named, ...]
    deploy: tuple[Named, ...]


CODE_LANGUAGES = frozenset(
    {
        "python",
        "go",
        "rust",
        "cpp",
        "c",
        "java",
        "kotlin",
        "scala",
        "csharp",
        "ruby",
        "php",
        "asp",
        "elixir",
        "erlang",
        "clojure",
        "perl",
        "swift",
        "typescript",
        "javascript",
        "vue",
        "svelte",
        "html",
        "css",
        "markdown",
        "rst",
        "template",
        "astro",
        "notebook",
        "shell",
        "sql",
        # the less common languages languages.py recognises, so that a project written in
        # one shows it (an R package is not "markdown 100%")
        "r",
        "rmarkdown",
        "julia",
        "dart",
        "haskell",
        "ocaml",
        "fsharp",
        "crystal",
        "nim",
        "zig",
        "d",
        "groovy",
        "gleam",
        "objective-c",
        "lua",
        "coffeescript",
    }
)


def summarise(facts: Mapping[str, Fact]) -> Stack:
    keys = SortedKeys(facts)
    return Stack(
        _languages(facts),
        _named(facts, FRAMEWORKS, keys),
        _named(facts, DATASTORES, keys),
        _named(facts, DEPLOY, keys),
    )


def _languages(facts: Mapping[str, Fact]) -> tuple[Language, ...]:
    found = []
    for key, f in facts.items():
        if key.startswith("lang.files."):
            name = key[len("lang.files.") :]
            if name in CODE_LANGUAGES:
                size = facts.get(f"lang.bytes.{name}")
                found.append((name, int(f.value), int(size.value) if size else 0))
    total = sum(size for _, _, size in found) or 1
    return tuple(
        Language(name, files, size, round(size / total, 3))
        for name, files, size in sorted(found, key=lambda t: (-t[2], t[0]))
    )


def _named(
    facts: Mapping[str, Fact], table: tuple[tuple[str, tuple[str, ...]], ...], keys: SortedKeys
) -> tuple[Named, ...]:
    found = []
    for name, patterns in table:
        hits = [f for f in _matching(facts, patterns, keys) if f.value > 0]
        if not hits:
            continue
        evidence = tuple(e for f in hits for e in f.evidence)[:MAX_EVIDENCE]
        found.append(Named(name, _version(evidence), evidence))
    return tuple(found)


def _matching(facts: Mapping[str, Fact], patterns: tuple[str, ...], keys: SortedKeys) -> list[Fact]:
    hits = []
    for pattern in patterns:
        if pattern.endswith("*"):
            hits += [facts[k] for k in keys.matching(pattern)]
        elif pattern in facts:
            hits.append(facts[pattern])
    return hits


def _version(evidence: tuple[Evidence, ...]) -> str | None:
    """The version a manifest line names (`django>=4.2`, `express ~4.9.0`), if any."""
    for e in evidence:
        match = _VERSION.search(e.detail)
        if match and "." in match.group(1):
            return match.group(1)
    return None
