"""Deployment manifests: Dockerfile, compose, Procfile, platform configs, workflows, nginx."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stackcheck.facts import Evidence, Manifest, manifests
from stackcheck.facts.collect import collect
from stackcheck.facts.manifests import MalformedManifest, Parsed, deploy
from stackcheck.source.discover import discover

Parser = Callable[[str, str], Parsed]
RepoFactory = Callable[..., Path]  # the `repo` fixture of tests/conftest.py


def values(parsed: Parsed) -> dict[str, float]:
    """Fact key -> summed value, leaving out the manifest.<kind> bookkeeping fact."""
    found: dict[str, float] = {}
    for item in parsed.facts:
        if not item.key.startswith("manifest."):
            found[item.key] = found.get(item.key, 0.0) + item.value
    return found


def evidence(parsed: Parsed, key: str) -> list[Evidence]:
    return [e for f in parsed.facts if f.key == key for e in f.evidence]


# --- commands ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        pytest.param("", [], id="empty"),
        pytest.param("python", [], id="bare-interpreter"),
        pytest.param("/docker-entrypoint.sh", [], id="unknown-script"),
        pytest.param("bash start.sh", [], id="shell-script-file"),
        pytest.param("python manage.py migrate", [], id="one-shot-management-command"),
        pytest.param("echo 'gunicorn is not started here'", [], id="server-name-as-argument"),
        pytest.param("gunicorn shop.wsgi:application -w 4", ["gunicorn"], id="gunicorn"),
        pytest.param("/usr/local/bin/uvicorn main:app --port 80", ["uvicorn"], id="full-path"),
        pytest.param(["daphne", "-b", "0.0.0.0", "chat.asgi:application"], ["daphne"], id="argv"),
        pytest.param("python manage.py runserver 0.0.0.0:8000", ["runserver"], id="runserver"),
        pytest.param("python3.12 -u manage.py runserver_plus", ["runserver"], id="runserver-plus"),
        pytest.param("django-admin runserver", ["runserver"], id="django-admin"),
        pytest.param("python -m django runserver", ["runserver"], id="python-m-django"),
        pytest.param(
            "python manage.py migrate && gunicorn shop.wsgi", ["gunicorn"], id="migrate-then-serve"
        ),
        pytest.param(
            "sh -c 'python manage.py collectstatic --noinput; exec hypercorn app:app'",
            ["hypercorn"],
            id="sh-c-script",
        ),
        pytest.param(["tini", "--", "uwsgi", "--ini", "uwsgi.ini"], ["uwsgi"], id="tini-wrapper"),
        pytest.param("gosu app celery -A proj worker -l info", ["celery"], id="gosu-user"),
        pytest.param("poetry run python -m uvicorn api:app", ["uvicorn"], id="poetry-run"),
        pytest.param("pipenv run waitress-serve --port=8080 app:app", ["waitress"], id="pipenv"),
        pytest.param("ddtrace-run gunicorn app.wsgi", ["gunicorn"], id="tracer-wrapper"),
        pytest.param("PORT=3000 NODE_ENV=production node dist/server.js", ["node"], id="env-vars"),
        pytest.param("npm start", ["npm"], id="npm"),
        pytest.param("npx serve -s build -l 3000", ["serve"], id="npx-serve"),
        pytest.param("python -m http.server 8000", ["http-server"], id="python-http-server"),
        pytest.param("python app.py", ["python"], id="python-script"),
        pytest.param("nginx -g 'daemon off;'", ["nginx"], id="nginx"),
        pytest.param("httpd-foreground", ["httpd"], id="httpd"),
        pytest.param("java -jar target/app.jar", ["java"], id="java"),
        pytest.param("caddy run --config /etc/caddy/Caddyfile", ["caddy"], id="caddy"),
        pytest.param("gunicorn 'unterminated", ["gunicorn"], id="bad-quoting-still-read"),
    ],
)
def test_servers_in(command: str | list[str], expected: list[str]) -> None:
    assert deploy.servers_in(command) == expected


# --- Dockerfile -------------------------------------------------------------------------

DOCKERFILE_MULTI_STAGE = """\
# syntax=docker/dockerfile:1.7
ARG PYTHON_VERSION=3.12
FROM --platform=$BUILDPLATFORM python:${PYTHON_VERSION}-slim AS build
RUN pip wheel -w /wheels gunicorn \\
    # comment lines inside a continuation are dropped
    django
RUN <<EOF
FROM ubuntu:22.04
CMD ["not", "an", "instruction"]
EOF

FROM build AS runtime
EXPOSE 8000/tcp
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "shop.wsgi"]
"""

DOCKERFILE_SPA = """\
FROM node:20-alpine AS assets
WORKDIR /src
COPY package*.json ./
RUN npm ci && npm run build

FROM docker.io/library/nginx:1.27-alpine@sha256:0123456789abcdef
COPY --from=assets /src/dist /usr/share/nginx/html
EXPOSE 80
"""

DOCKERFILE_SHELL_ENTRYPOINT = """\
FROM registry.example.com:5000/team/base-python:2024.1
ENTRYPOINT exec uvicorn api.main:app --host 0.0.0.0
CMD ["ignored", "by", "shell-form", "entrypoint"]
"""

DOCKERFILE_WINDOWS_ESCAPE = """\
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command `
    Install-WindowsFeature Web-Server
CMD ["C:\\\\ServiceMonitor.exe", "w3svc"]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("FROM scratch\nCOPY app /app\n", {"docker.base.scratch": 1}, id="no-command"),
        pytest.param(
            'FROM python:3.12\nCMD ["python"]\n', {"docker.base.python": 1}, id="bare-python"
        ),
        pytest.param(
            "FROM node:20\nRUN npm install -g serve\nCMD node server.js\nRUN echo gunicorn\n",
            {"docker.base.node": 1, "deploy.cmd.node": 1},
            id="run-is-ignored",
        ),
        pytest.param(
            DOCKERFILE_MULTI_STAGE,
            {"docker.base.python": 1, "deploy.expose": 1, "deploy.cmd.gunicorn": 1},
            id="multi-stage-entrypoint-script",
        ),
        pytest.param(
            DOCKERFILE_SPA,
            {
                "docker.base.node": 1,
                "docker.base.nginx": 1,
                "deploy.expose": 1,
                "deploy.cmd.nginx": 1,
            },
            id="static-build-served-by-nginx-default-cmd",
        ),
        pytest.param(
            DOCKERFILE_SHELL_ENTRYPOINT,
            {"docker.base.team/base-python": 1, "deploy.cmd.uvicorn": 1},
            id="registry-with-port-and-shell-entrypoint",
        ),
        pytest.param(
            DOCKERFILE_WINDOWS_ESCAPE,
            {"docker.base.windows/servercore": 1},
            id="escape-directive",
        ),
        pytest.param(
            "from python:3.11\nworkdir /app\ncmd python manage.py runserver 0.0.0.0:8000\n",
            {"docker.base.python": 1, "deploy.cmd.runserver": 1},
            id="lower-case-instructions",
        ),
        pytest.param(
            'ARG BASE\nFROM $BASE\nCMD ["daphne", "app.asgi:application"]\n',
            {"deploy.cmd.daphne": 1},
            id="unresolved-base-image",
        ),
        pytest.param(
            "FROM elixir:1.17\nCOPY . /app\nRUN MIX_ENV=prod mix deps.get && mix release\n"
            'EXPOSE 4000\nCMD ["./entrypoint.sh"]\n',
            {"docker.base.elixir": 1, "deploy.expose": 1, "deploy.release": 1},
            id="an-elixir-release-built-into-the-image",
        ),
    ],
)
def test_dockerfile(text: str, expected: dict[str, float]) -> None:
    parsed = deploy.parse_dockerfile("Dockerfile", text)
    assert parsed.kind == "dockerfile"
    assert values(parsed) == expected
    assert [f.key for f in parsed.facts if f.key.startswith("manifest.")] == ["manifest.dockerfile"]


def test_dockerfile_evidence_names_lines_and_commands() -> None:
    parsed = deploy.parse_dockerfile("deploy/Dockerfile", DOCKERFILE_MULTI_STAGE)
    assert evidence(parsed, "docker.base.python") == [
        Evidence("deploy/Dockerfile", 3, "FROM python:${PYTHON_VERSION}-slim")
    ]
    assert evidence(parsed, "deploy.cmd.gunicorn") == [
        Evidence("deploy/Dockerfile", 15, "CMD gunicorn --bind 0.0.0.0:8000 shop.wsgi")
    ]
    assert evidence(parsed, "deploy.expose") == [
        Evidence("deploy/Dockerfile", 13, "EXPOSE 8000/tcp")
    ]


def test_dockerfile_default_command_evidence() -> None:
    parsed = deploy.parse_dockerfile("Dockerfile", DOCKERFILE_SPA)
    assert evidence(parsed, "deploy.cmd.nginx") == [
        Evidence(
            "Dockerfile",
            6,
            "FROM docker.io/library/nginx:1.27-alpine@sha256:0123456789abcdef"
            " (the image's default command)",
        )
    ]


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        pytest.param("${IMAGE}", None, id="unresolved"),
        pytest.param("python", "python", id="plain"),
        pytest.param("Python:3.12-slim", "python", id="tag-and-case"),
        pytest.param("library/httpd:2.4", "httpd", id="library"),
        pytest.param("public.ecr.aws/docker/library/caddy:2", "caddy", id="ecr-mirror"),
        pytest.param("ghcr.io/acme/api@sha256:abc", "acme/api", id="registry-digest"),
        pytest.param("localhost/dev-image", "dev-image", id="localhost"),
        pytest.param("tiangolo/uvicorn-gunicorn:python3.11", "tiangolo/uvicorn-gunicorn", id="org"),
    ],
)
def test_image_name(reference: str, expected: str | None) -> None:
    assert deploy.image_name(reference) == expected


# --- compose ----------------------------------------------------------------------------

COMPOSE_IOT = """\
version: "3.9"
x-defaults: &defaults
  restart: unless-stopped

services:
  broker:
    <<: *defaults
    image: eclipse-mosquitto:2.0
  influx:
    image: influxdb:2.7
  db:
    image: "postgres:${PG_VERSION:-16}"
  cache:
    image: ${CACHE_IMAGE:-redis:7-alpine}
  web:
    build:
      context: .
    command: gunicorn iot.wsgi:application --bind 0.0.0.0:8000
  worker:
    build: .
    command: ["celery", "-A", "iot", "worker", "-l", "info"]
  admin-ui:
    image: ghcr.io/acme/dashboard:1.4
"""

COMPOSE_V1 = """\
web:
  build: .
  command: python manage.py runserver 0.0.0.0:8000
  links: [db]
db:
  image: mysql:8
"""

COMPOSE_ENTRYPOINT = """\
services:
  app:
    image: python:3.12
    entrypoint: ["/bin/sh", "-c"]
    command: ["exec daphne -b 0.0.0.0 chat.asgi:application"]
  kafka:
    image: confluentinc/cp-kafka:7.6.0
  zk:
    image: confluentinc/cp-zookeeper:7.6.0
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("services: {}\n", {}, id="no-services"),
        pytest.param("name: demo\nvolumes:\n  data: {}\n", {}, id="only-volumes"),
        pytest.param("services:\n  x:\n", {}, id="null-service"),
        pytest.param(
            COMPOSE_IOT,
            {
                "deploy.service.mosquitto": 1,
                "deploy.service.influxdb": 1,
                "deploy.service.postgres": 1,
                "deploy.service.redis": 1,
                "deploy.service.app": 1,
                "deploy.service.celery": 1,
                "deploy.cmd.gunicorn": 1,
                "deploy.cmd.celery": 1,
                "deploy.image_service": 5,  # all but the two built from source
            },
            id="iot-stack",
        ),
        pytest.param(
            COMPOSE_V1,
            {
                "deploy.service.app": 1,
                "deploy.service.mysql": 1,
                "deploy.cmd.runserver": 1,
                "deploy.image_service": 1,
            },
            id="format-v1-top-level-services",
        ),
        pytest.param(
            COMPOSE_ENTRYPOINT,
            {
                "deploy.service.kafka": 1,
                "deploy.service.zookeeper": 1,
                "deploy.cmd.daphne": 1,
                "deploy.image_service": 3,
            },
            id="entrypoint-plus-command",
        ),
        pytest.param(
            'services:\n  web:\n    build: .\n    command: >\n      sh -c "python'
            ' tests/manage.py migrate && python tests/manage.py runserver 0.0.0.0:8000"\n'
            "  db:\n    image: postgres:16\n",
            {"deploy.test_harness": 1, "deploy.service.postgres": 1, "deploy.image_service": 1},
            id="an-add-ons-test-project-in-a-container",
        ),
        pytest.param(
            "services:\n  app:\n    build: .\n    working_dir: /app/spec/dummy\n"
            "    command: bundle exec rails s -b 0.0.0.0\n  db:\n    image: mariadb\n",
            {"deploy.test_harness": 1, "deploy.service.mariadb": 1, "deploy.image_service": 1},
            id="an-engine-s-dummy-app-in-a-container",
        ),
        pytest.param(
            "services:\n  app:\n    build: .\n    working_dir: /srv/specter\n"
            "    command: bundle exec rails s\n",
            {"deploy.service.app": 1, "deploy.cmd.rails": 1},
            id="a-working-folder-whose-name-only-contains-spec",
        ),
        pytest.param(
            "services:\n  web:\n    build: .\n    command: python manage.py runserver\n",
            {"deploy.service.app": 1, "deploy.cmd.runserver": 1},
            id="the-project-itself",
        ),
        pytest.param(
            "services:\n  app:\n    build: .\n    environment:\n"
            "      - DJANGO_SETTINGS_MODULE=example.settings\n      - SECRET_KEY=x\n"
            "  db:\n    image: postgres:16.0\n",
            {"deploy.test_harness": 1, "deploy.service.postgres": 1, "deploy.image_service": 1},
            id="an-add-ons-example-project-named-by-its-settings",
        ),
        pytest.param(
            "services:\n  app:\n    build: .\n    environment:\n"
            "      DJANGO_SETTINGS_MODULE: testproject.settings.dev\n",
            {"deploy.test_harness": 1},
            id="a-test-project-s-settings-as-a-mapping",
        ),
        pytest.param(
            "services:\n  web:\n    build: .\n    environment:\n"
            "      - DJANGO_SETTINGS_MODULE=config.settings.production\n",
            {"deploy.service.app": 1},
            id="a-site-s-own-settings",
        ),
        pytest.param(
            "services:\n  mysql:\n    build:\n      context: .\n"
            "      dockerfile: docker/mysql/Dockerfile\n"
            "  composer:\n    build: .\n    entrypoint: /usr/bin/composer\n"
            "  phpunit:\n    build: .\n    entrypoint: vendor/bin/phpunit\n",
            {"deploy.service.mysql": 1, "deploy.test_harness": 2},
            id="a-package-s-database-test-runner-and-composer",
        ),
        pytest.param(
            "services:\n  tests:\n    build: .\n    command: [pytest, -x, tests]\n",
            {"deploy.test_harness": 1},
            id="a-test-suite-in-exec-form",
        ),
        pytest.param(
            'services:\n  unit-tests:\n    build: .\n    command: >\n      sh -c "py.test"\n',
            {"deploy.test_harness": 1},
            id="a-test-suite-a-shell-runs",
        ),
        pytest.param(
            "services:\n  env:\n    build:\n      context: .\n      dockerfile: env.Dockerfile\n"
            "    volumes:\n      - .:/app\n    stdin_open: true\n    tty: true\n",
            {"deploy.test_harness": 1},
            id="an-interactive-shell-to-develop-a-package-in",
        ),
        pytest.param(
            "services:\n  web:\n    build: .\n    command: bin/rails server -b 0.0.0.0\n"
            "    stdin_open: true\n    tty: true\n",
            {"deploy.service.app": 1, "deploy.cmd.rails": 1},
            id="an-interactive-container-that-starts-the-app",
        ),
        pytest.param(
            "services:\n  nginx:\n    build: ./frontend\n"
            "  api:\n    build: .\n    command: npm start\n",
            {"deploy.service.app": 2, "deploy.cmd.npm": 1},
            id="a-web-server-built-with-the-front-end-stays-the-app",
        ),
        pytest.param(
            "services:\n  web:\n    build: .\n    command: pytest-watch-server --serve\n",
            {"deploy.service.app": 1},
            id="a-program-whose-name-only-begins-like-a-test-runner",
        ),
    ],
)
def test_compose(text: str, expected: dict[str, float]) -> None:
    parsed = deploy.parse_compose("docker-compose.yml", text)
    assert parsed.kind == "compose"
    assert values(parsed) == expected


def test_compose_evidence_names_service_and_line() -> None:
    parsed = deploy.parse_compose("compose.yaml", COMPOSE_IOT)
    assert evidence(parsed, "deploy.service.mosquitto") == [
        Evidence("compose.yaml", 6, "service broker: image eclipse-mosquitto:2.0")
    ]
    assert evidence(parsed, "deploy.cmd.gunicorn") == [
        Evidence(
            "compose.yaml",
            15,
            "service web: command gunicorn iot.wsgi:application --bind 0.0.0.0:8000",
        )
    ]


# --- Procfile ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", {}, id="empty"),
        pytest.param("# no processes yet\n\n", {}, id="comments-only"),
        pytest.param(
            "web: gunicorn shop.wsgi --log-file -\n"
            "worker: celery -A shop worker --beat\n"
            "release: python manage.py migrate --noinput\n",
            {
                "deploy.procfile.web": 1,
                "deploy.procfile.worker": 1,
                "deploy.procfile.release": 1,
                "deploy.cmd.gunicorn": 1,
                "deploy.cmd.celery": 1,
            },
            id="heroku-django",
        ),
        pytest.param(
            "web: bin/start-nginx bundle exec puma -C config/puma.rb\n",
            {"deploy.procfile.web": 1},
            id="unknown-launcher",
        ),
        pytest.param(
            "web: npm start\nnot a process line\n",
            {"deploy.procfile.web": 1, "deploy.cmd.npm": 1},
            id="invalid-line-skipped",
        ),
    ],
)
def test_procfile(text: str, expected: dict[str, float]) -> None:
    parsed = deploy.parse_procfile("Procfile", text)
    assert values(parsed) == expected


def test_procfile_evidence() -> None:
    parsed = deploy.parse_procfile("Procfile", "\nweb: daphne chat.asgi:application -p $PORT\n")
    assert evidence(parsed, "deploy.cmd.daphne") == [
        Evidence("Procfile", 2, "web: daphne chat.asgi:application -p $PORT")
    ]


# --- platform configs -------------------------------------------------------------------

APP_YAML_STATIC = """\
runtime: python39
handlers:
- url: /
  static_files: www/index.html
  upload: www/index.html
- url: /(.*)
  static_files: www/\\1
  upload: www/(.*)
"""

APP_YAML_APP = """\
runtime: python312
entrypoint: gunicorn -b :$PORT main.wsgi
handlers:
- url: /static
  static_dir: static/
- url: /.*
  script: auto
"""

FLY_TOML = """\
app = "shop-api"
primary_region = "ams"

[build]
  dockerfile = "Dockerfile"

[processes]
  app = "gunicorn shop.wsgi --bind :8000"
  worker = "celery -A shop worker"

[http_service]
  internal_port = 8000
  force_https = true
"""

RENDER_YAML = """\
services:
  - type: web
    name: shop
    runtime: python
    buildCommand: pip install -r requirements.txt
    startCommand: gunicorn shop.wsgi:application
  - type: worker
    name: jobs
    runtime: python
    startCommand: celery -A shop worker
  - type: web
    name: landing
    runtime: static
    staticPublishPath: ./public
databases:
  - name: shop-db
"""

VERCEL_STATIC = """\
{
  "$schema": "https://openapi.vercel.sh/vercel.json",
  "cleanUrls": true,
  "outputDirectory": "dist"
}
"""

VERCEL_FUNCTIONS = """\
{
  "functions": {"api/*.py": {"maxDuration": 10}},
  "rewrites": [{"source": "/(.*)", "destination": "/api/index"}]
}
"""

NETLIFY_TOML = """\
[build]
  command = "hugo --gc --minify"
  publish = "public"

[functions]
  directory = "netlify/functions"

[[redirects]]
  from = "/old"
  to = "/new"
"""


@pytest.mark.parametrize(
    ("parser", "path", "text", "expected"),
    [
        pytest.param(
            deploy.parse_app_engine,
            "app.yaml",
            "name: not-app-engine\nreplicas: 2\n",
            {},
            id="app-yaml-of-another-tool",
        ),
        pytest.param(
            deploy.parse_app_engine,
            "app.yaml",
            APP_YAML_STATIC,
            {"deploy.gae": 1, "deploy.static_only_handlers": 1},
            id="app-engine-static-site",
        ),
        pytest.param(
            deploy.parse_app_engine,
            "app.yaml",
            APP_YAML_APP,
            {"deploy.gae": 1, "deploy.cmd.gunicorn": 1},
            id="app-engine-app",
        ),
        pytest.param(deploy.parse_fly, "fly.toml", "", {"deploy.fly": 1}, id="fly-empty"),
        pytest.param(
            deploy.parse_fly,
            "fly.toml",
            FLY_TOML,
            {"deploy.fly": 1, "deploy.cmd.gunicorn": 1, "deploy.cmd.celery": 1},
            id="fly-processes",
        ),
        pytest.param(
            deploy.parse_fly,
            "fly.toml",
            '[experimental]\n  cmd = ["./start.sh"]\n',
            {"deploy.fly": 1},
            id="fly-experimental-unknown-cmd",
        ),
        pytest.param(deploy.parse_render, "render.yaml", "previews: {}\n", {}, id="render-empty"),
        pytest.param(
            deploy.parse_render,
            "render.yaml",
            RENDER_YAML,
            {
                "deploy.render.web": 1,
                "deploy.render.worker": 1,
                "deploy.render.static": 1,
                "deploy.render.database": 1,
                "deploy.cmd.gunicorn": 1,
                "deploy.cmd.celery": 1,
            },
            id="render-blueprint",
        ),
        pytest.param(
            deploy.parse_vercel, "vercel.json", "{}", {"deploy.vercel": 1}, id="vercel-bare"
        ),
        pytest.param(
            deploy.parse_vercel,
            "vercel.json",
            VERCEL_STATIC,
            {"deploy.vercel": 1, "deploy.static_host": 1},
            id="vercel-static",
        ),
        pytest.param(
            deploy.parse_vercel,
            "vercel.json",
            VERCEL_FUNCTIONS,
            {"deploy.vercel": 1, "deploy.serverless_functions": 1},
            id="vercel-functions",
        ),
        pytest.param(
            deploy.parse_vercel,
            "vercel.json",
            '{"builds": [{"src": "index.html", "use": "@vercel/static"},'
            ' {"src": "api/app.py", "use": "@vercel/python"}]}',
            {"deploy.vercel": 1, "deploy.static_host": 1, "deploy.serverless_functions": 1},
            id="vercel-legacy-builds",
        ),
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            '[[redirects]]\nfrom = "/a"\nto = "/b"\n',
            {"deploy.netlify": 1},
            id="netlify-redirects-only",
        ),
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            NETLIFY_TOML,
            {"deploy.netlify": 1, "deploy.static_host": 1, "deploy.serverless_functions": 1},
            id="netlify-site-with-functions",
        ),
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            '[build]\npublish = "docs/.vitepress/dist"\ncommand = "pnpm docs-build"\n',
            {"deploy.netlify": 1, "deploy.static_host.docs": 1},
            id="netlify-docs-site",
        ),
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            '[build]\nbase = "website"\npublish = "build"\n',
            {"deploy.netlify": 1, "deploy.static_host.docs": 1},
            id="netlify-docs-site-in-base-folder",
        ),
        pytest.param(
            deploy.parse_netlify,
            "docs/netlify.toml",
            '[build]\npublish = "_site"\n',
            {"deploy.netlify": 1, "deploy.static_host.docs": 1},
            id="netlify-config-in-docs-folder",
        ),
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            '[build]\npublish = "./dist/"\n',
            {"deploy.netlify": 1, "deploy.static_host": 1},
            id="netlify-product-site",
        ),
        # A workspace's demo package, built: the library's showcase (a word beside "demo").
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            '[build]\npublish = "dist/demo-web/"\n',
            {"deploy.netlify": 1, "deploy.static_host.docs": 1},
            id="netlify-a-demo-package-s-build",
        ),
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            '[build]\npublish = "demolition-crew/"\n',
            {"deploy.netlify": 1, "deploy.static_host": 1},
            id="netlify-demo-inside-another-word-is-no-demo",
        ),
        # The build command runs a documentation generator: what it publishes is the docs.
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            '[build]\npublish = "site"\ncommand = """\npip install uv &&\n'
            'uv run mkdocs build\n"""\n',
            {"deploy.netlify": 1, "deploy.static_host.docs": 1},
            id="netlify-mkdocs-build-command",
        ),
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            '[build]\npublish = "out"\ncommand = "make -C docs html && cp -r docs/_build out"\n',
            {"deploy.netlify": 1, "deploy.static_host.docs": 1},
            id="netlify-sphinx-make-in-the-docs-folder",
        ),
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            '[build]\npublish = "site"\ncommand = "npm run build"\n',
            {"deploy.netlify": 1, "deploy.static_host": 1},
            id="netlify-product-build-command",
        ),
        pytest.param(
            deploy.parse_vercel,
            "vercel.json",
            '{"outputDirectory": "public", "buildCommand": "sphinx-build -b html src public"}',
            {"deploy.vercel": 1, "deploy.static_host.docs": 1},
            id="vercel-sphinx-build-command",
        ),
        pytest.param(
            deploy.parse_vercel,
            "vercel.json",
            '{"outputDirectory": "documentation/out"}',
            {"deploy.vercel": 1, "deploy.static_host.docs": 1},
            id="vercel-docs-site",
        ),
        pytest.param(
            deploy.parse_staticfile,
            "Staticfile",
            "",
            {"deploy.static_host": 1},
            id="staticfile-empty",
        ),
        pytest.param(
            deploy.parse_staticfile,
            "Staticfile",
            "root: public\npushstate: enabled\n",
            {"deploy.static_host": 1},
            id="staticfile-options",
        ),
        pytest.param(
            deploy.parse_serverless,
            "serverless.yml",
            "service: shop\nprovider:\n  name: aws\n  role: !GetAtt LambdaRole.Arn\n"
            "functions:\n  list:\n    handler: src/list.handler\n    events:\n"
            "      - httpApi: GET /items\n  create:\n    handler: src/create.handler\n"
            "    events:\n      - http:\n          path: items\n          method: post\n"
            "  nightly:\n    handler: src/prune.handler\n    events:\n"
            "      - schedule: rate(1 day)\n",
            {"deploy.serverless_functions": 1, "rt.http_handlers": 2, "deploy.event_functions": 1},
            id="serverless-framework-http-functions",
        ),
        pytest.param(
            deploy.parse_serverless,
            "serverless.yml",
            "service: tools\nprovider:\n  name: aws\n",
            {},
            id="serverless-framework-no-functions",
        ),
        pytest.param(
            deploy.parse_serverless,
            "serverless.yml",
            "service: chat\nprovider:\n  name: aws\nfunctions:\n  connect:\n"
            "    handler: src/ws.connect\n    events:\n      - websocket:\n"
            "          route: $connect\n"
            "  message:\n    handler: src/ws.message\n    events:\n"
            "      - websocket: $default\n"
            "  history:\n    handler: src/history.list\n    events:\n"
            "      - httpApi: GET /history\n",
            {
                "deploy.serverless_functions": 1,
                "rt.ws_handlers": 2,
                "rt.http_handlers": 1,
                "deploy.event_functions": 2,
            },
            id="serverless-framework-websocket-api",
        ),
        pytest.param(
            deploy.parse_sam_template,
            "template.yaml",
            "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"
            "Resources:\n  Notes:\n    Type: AWS::Serverless::SimpleTable\n"
            "  ListNotes:\n    Type: AWS::Serverless::Function\n    Properties:\n"
            "      Handler: list.handler\n      Events:\n        Get:\n          Type: Api\n"
            "          Properties:\n            RestApiId: !Ref NotesApi\n"
            "            Path: /notes\n"
            "  SaveNote:\n    Type: AWS::Serverless::Function\n    Properties:\n"
            "      Events:\n        Post:\n          Type: HttpApi\n"
            "  Prune:\n    Type: AWS::Serverless::Function\n    Properties:\n"
            "      Events:\n        Nightly:\n          Type: Schedule\n",
            {"deploy.serverless_functions": 1, "rt.http_handlers": 2},
            id="sam-template-api-functions",
        ),
        pytest.param(
            deploy.parse_sam_template,
            "template.yaml",
            "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
            {},
            id="plain-cloudformation-is-not-sam",
        ),
        pytest.param(
            deploy.parse_sam_template,
            "template.yml",
            "name: scaffold\nsteps: [build, test]\n",
            {},
            id="another-tool-s-template-yml",
        ),
    ],
)
def test_platform_configs(parser: Parser, path: str, text: str, expected: dict[str, float]) -> None:
    assert values(parser(path, text)) == expected


@pytest.mark.parametrize(
    ("parser", "path", "text", "key", "expected"),
    [
        pytest.param(
            deploy.parse_app_engine,
            "app.yaml",
            APP_YAML_STATIC,
            "deploy.static_only_handlers",
            Evidence("app.yaml", 2, "all 2 handlers serve static files"),
            id="gae-handlers",
        ),
        pytest.param(
            deploy.parse_fly,
            "fly.toml",
            FLY_TOML,
            "deploy.cmd.celery",
            Evidence("fly.toml", 9, "process worker: celery -A shop worker"),
            id="fly-process",
        ),
        pytest.param(
            deploy.parse_render,
            "render.yaml",
            RENDER_YAML,
            "deploy.render.static",
            Evidence("render.yaml", 11, "service landing: static"),
            id="render-static",
        ),
        pytest.param(
            deploy.parse_vercel,
            "vercel.json",
            VERCEL_STATIC,
            "deploy.static_host",
            Evidence("vercel.json", 3, "Vercel static output (outputDirectory, cleanUrls)"),
            id="vercel-static",
        ),
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            NETLIFY_TOML,
            "deploy.serverless_functions",
            Evidence("netlify.toml", 6, "Netlify functions directory = netlify/functions"),
            id="netlify-functions",
        ),
        pytest.param(
            deploy.parse_staticfile,
            "Staticfile",
            "root: public\n",
            "deploy.static_host",
            Evidence("Staticfile", None, "Cloud Foundry Staticfile (root: public)"),
            id="staticfile",
        ),
    ],
)
def test_platform_evidence(
    parser: Parser, path: str, text: str, key: str, expected: Evidence
) -> None:
    assert evidence(parser(path, text), key) == [expected]


# --- GitHub workflows -------------------------------------------------------------------

WORKFLOW_PAGES = """\
name: Deploy site
on:
  push:
    branches: [main]
permissions:
  pages: write
  id-token: write
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: peaceiris/actions-hugo@v3
      - run: hugo --minify
      - uses: actions/upload-pages-artifact@v3
        with:
          path: ./public
  deploy:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

WORKFLOW_CI = """\
name: CI
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
      - run: python -m pytest
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(WORKFLOW_CI, {}, id="ci-only"),
        pytest.param(WORKFLOW_PAGES, {"deploy.pages": 2}, id="pages-artifact-and-deploy"),
        pytest.param(
            "on: push\njobs:\n  d:\n    steps:\n"
            "      - uses: JamesIves/github-pages-deploy-action@v4\n",
            {"deploy.pages": 1},
            id="mixed-case-owner",
        ),
        pytest.param(
            "on: push\njobs:\n  d:\n    steps:\n      - uses: peaceiris/actions-gh-pages@v4\n",
            {"deploy.pages": 1},
            id="peaceiris",
        ),
    ],
)
def test_workflow(text: str, expected: dict[str, float]) -> None:
    parsed = deploy.parse_workflow(".github/workflows/site.yml", text)
    assert parsed.kind == "github-workflow"
    assert values(parsed) == expected


@pytest.mark.parametrize(
    ("path", "text"),
    [
        pytest.param(
            ".github/workflows/pages.yml",
            "on: push\njobs:\n  d:\n    steps:\n      - run: npm run docs:build\n"
            "      - uses: peaceiris/actions-gh-pages@v4\n",
            id="a-docs-task-in-a-step",
        ),
        pytest.param(
            ".github/workflows/pages.yml",
            "on: push\njobs:\n  d:\n    steps:\n      - run: uv run poe build-docs\n"
            "      - uses: actions/deploy-pages@v4\n",
            id="a-build-docs-task",
        ),
        pytest.param(
            ".github/workflows/pages.yml",
            "name: Build docs\non: push\njobs:\n  d:\n    steps:\n"
            "      - uses: actions/deploy-pages@v4\n",
            id="named-for-the-docs",
        ),
        pytest.param(
            ".github/workflows/pages.yml",
            "on: push\njobs:\n  d:\n    steps:\n      - uses: actions/upload-pages-artifact@v3\n"
            "        with:\n          path: ./docs/_build/html\n",
            id="a-docs-folder-uploaded",
        ),
    ],
)
def test_a_workflow_that_publishes_documentation(path: str, text: str) -> None:
    assert values(deploy.parse_workflow(path, text)) == {"deploy.pages.docs": 1}


def test_a_site_s_build_is_no_documentation() -> None:
    text = WORKFLOW_PAGES.replace("hugo --minify", "npm run build && echo documented")
    assert values(deploy.parse_workflow(".github/workflows/site.yml", text)) == {"deploy.pages": 2}


def test_workflow_evidence() -> None:
    parsed = deploy.parse_workflow(".github/workflows/site.yml", WORKFLOW_PAGES)
    assert evidence(parsed, "deploy.pages") == [
        Evidence(".github/workflows/site.yml", 15, "uses actions/upload-pages-artifact@v3"),
        Evidence(".github/workflows/site.yml", 23, "uses actions/deploy-pages@v4"),
    ]


# --- nginx ------------------------------------------------------------------------------

NGINX_DJANGO = """\
# Django behind nginx: static files from disk, the rest to gunicorn
upstream app_server { server web:8000 fail_timeout=0; }

server {
    listen 80;
    server_name shop.example.org;   # a comment after a directive

    location /static/ {
        alias /srv/shop/staticfiles/;
    }
    location / {
        proxy_set_header Host $host;
        add_header X-Note "not; a {directive}";
        proxy_pass http://app_server;
    }
}
"""

NGINX_STATIC = """\
server {
    listen 80;
    root /usr/share/nginx/html;
    index index.html;
    location / {
        try_files $uri $uri/ /index.html;
    }
    # proxy_pass http://old-backend;
}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", {}, id="empty"),
        pytest.param("events { worker_connections 1024; }\n", {}, id="no-serving-directives"),
        pytest.param(NGINX_STATIC, {"deploy.static_server": 1}, id="static-site"),
        pytest.param(
            NGINX_DJANGO, {"deploy.static_server": 1, "deploy.reverse_proxy": 1}, id="django-proxy"
        ),
        pytest.param(
            "location /api/ { uwsgi_pass unix:///run/app.sock; include uwsgi_params; }\n",
            {"deploy.reverse_proxy": 1},
            id="uwsgi-pass",
        ),
        pytest.param(
            "location /api/ { content_by_lua_file app/api.lua; }\n"
            "location /health { content_by_lua_block { ngx.say('ok') } }\n"
            "location / { root html; }\n",
            {"web.lua_handlers": 2, "deploy.static_server": 1},
            id="openresty-lua-handlers",
        ),
        pytest.param(
            'map $http_upgrade ${connection_upgrade} { default upgrade; "" close; }\n',
            {},
            id="braced-variable-and-empty-string",
        ),
        pytest.param(
            "worker_processes ${{NUM_WORKERS}};\nhttp { server { listen ${{PORT}};\n"
            "location / { content_by_lua_block { require('lapis').serve('app') } } } }\n",
            {"web.lua_handlers": 1},
            id="lapis-config-template",
        ),
    ],
)
def test_nginx(text: str, expected: dict[str, float]) -> None:
    assert values(deploy.parse_nginx("nginx/site.conf", text)) == expected


def test_nginx_evidence_names_location() -> None:
    parsed = deploy.parse_nginx("nginx.conf", NGINX_DJANGO)
    assert evidence(parsed, "deploy.static_server") == [
        Evidence("nginx.conf", 9, "location /static/: alias /srv/shop/staticfiles/")
    ]
    assert evidence(parsed, "deploy.reverse_proxy") == [
        Evidence("nginx.conf", 14, "location /: proxy_pass http://app_server")
    ]


# --- malformed input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parser", "path", "text", "reason"),
    [
        pytest.param(deploy.parse_dockerfile, "Dockerfile", "", "no FROM", id="dockerfile-empty"),
        pytest.param(
            deploy.parse_dockerfile,
            "Dockerfile",
            "\x7fELF\x02\x01\x01garbage\xff\xfe",
            "no FROM",
            id="dockerfile-binary-junk",
        ),
        pytest.param(
            deploy.parse_dockerfile,
            "Dockerfile.j2",
            "{% if x %}\nRUN make\n",
            "no FROM",
            id="dockerfile-template",
        ),
        pytest.param(
            deploy.parse_compose,
            "docker-compose.yml",
            "services: [web, db\n",
            "invalid YAML",
            id="compose-bad-yaml",
        ),
        pytest.param(
            deploy.parse_compose,
            "docker-compose.yml",
            "just a string\n",
            "not a mapping",
            id="compose-scalar",
        ),
        pytest.param(
            deploy.parse_compose, "docker-compose.yml", "", "not a mapping", id="compose-empty"
        ),
        pytest.param(
            deploy.parse_compose,
            "docker-compose.yml",
            "services:\n  - web\n",
            "'services'",
            id="compose-services-list",
        ),
        pytest.param(
            deploy.parse_compose,
            "compose.yaml",
            "a: 1\n---\nb: 2\n",
            "invalid YAML",
            id="compose-two-documents",
        ),
        pytest.param(
            deploy.parse_compose,
            "compose.yaml",
            "x: !!python/object:os.system [ls]\n",
            "invalid YAML",
            id="compose-unsafe-tag",
        ),
        pytest.param(
            deploy.parse_procfile,
            "Procfile",
            "this is not a procfile\n",
            "no 'type: command'",
            id="procfile-prose",
        ),
        pytest.param(
            deploy.parse_app_engine,
            "app.yaml",
            "- runtime: python39\n",
            "not a mapping",
            id="app-yaml-list",
        ),
        pytest.param(deploy.parse_fly, "fly.toml", "app = \n", "invalid TOML", id="fly-bad-toml"),
        pytest.param(
            deploy.parse_render,
            "render.yaml",
            "services: [\n",
            "invalid YAML",
            id="render-bad-yaml",
        ),
        pytest.param(
            deploy.parse_vercel,
            "vercel.json",
            '{"cleanUrls": true,}',
            "invalid JSON",
            id="vercel-trailing-comma",
        ),
        pytest.param(
            deploy.parse_vercel,
            "vercel.json",
            '["not", "an", "object"]',
            "not an object",
            id="vercel-array",
        ),
        pytest.param(
            deploy.parse_netlify,
            "netlify.toml",
            "[build\npublish = 1\n",
            "invalid TOML",
            id="netlify-bad-toml",
        ),
        pytest.param(
            deploy.parse_workflow,
            ".github/workflows/ci.yml",
            "on: [push\n",
            "invalid YAML",
            id="workflow-bad-yaml",
        ),
        pytest.param(
            deploy.parse_workflow,
            ".github/workflows/ci.yml",
            "42\n",
            "not a mapping",
            id="workflow-scalar",
        ),
        pytest.param(
            deploy.parse_nginx,
            "nginx.conf",
            "server { listen 80;\n",
            "missing '}'",
            id="nginx-unclosed-block",
        ),
        pytest.param(
            deploy.parse_nginx,
            "nginx.conf",
            "listen 80; }\n",
            "unexpected '}'",
            id="nginx-stray-brace",
        ),
        pytest.param(
            deploy.parse_nginx,
            "nginx.conf",
            'add_header X "open;\n',
            "unterminated string",
            id="nginx-unterminated-quote",
        ),
    ],
)
def test_malformed(parser: Parser, path: str, text: str, reason: str) -> None:
    with pytest.raises(MalformedManifest, match=reason):
        parser(path, text)


def test_dockerignore_next_to_dockerfile_is_not_a_build() -> None:
    parsed = deploy.parse_dockerfile("Dockerfile.dockerignore", "node_modules\n*.log\n")
    assert parsed.facts == ()


DEPLOY_PARSERS: Sequence[tuple[Parser, str]] = (
    (deploy.parse_dockerfile, "Dockerfile"),
    (deploy.parse_compose, "docker-compose.yml"),
    (deploy.parse_procfile, "Procfile"),
    (deploy.parse_app_engine, "app.yaml"),
    (deploy.parse_fly, "fly.toml"),
    (deploy.parse_render, "render.yaml"),
    (deploy.parse_vercel, "vercel.json"),
    (deploy.parse_netlify, "netlify.toml"),
    (deploy.parse_staticfile, "Staticfile"),
    (deploy.parse_workflow, ".github/workflows/ci.yml"),
    (deploy.parse_nginx, "nginx.conf"),
)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_no_input_raises_anything_but_malformed(text: str) -> None:
    for parser, path in DEPLOY_PARSERS:
        try:
            parsed = parser(path, text)
        except MalformedManifest:
            continue
        assert all(f.key == f.key.lower() for f in parsed.facts)


# --- registry ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("docs/nginx.md", None, id="not-a-config"),
        pytest.param("src/app.yaml.txt", None, id="suffixed"),
        pytest.param(".github/ISSUE_TEMPLATE/bug.yml", None, id="non-workflow-yaml"),
        pytest.param("Dockerfile", deploy.parse_dockerfile, id="dockerfile"),
        pytest.param("docker/api.Dockerfile", deploy.parse_dockerfile, id="named-dockerfile"),
        pytest.param("Dockerfile.prod", deploy.parse_dockerfile, id="dockerfile-suffix"),
        pytest.param("docker-compose.override.yml", deploy.parse_compose, id="compose-override"),
        pytest.param("compose.yaml", deploy.parse_compose, id="compose-spec-name"),
        pytest.param("Procfile", deploy.parse_procfile, id="procfile"),
        pytest.param("app.yaml", deploy.parse_app_engine, id="app-engine"),
        pytest.param("fly.toml", deploy.parse_fly, id="fly"),
        pytest.param("render.yaml", deploy.parse_render, id="render"),
        pytest.param("web/vercel.json", deploy.parse_vercel, id="vercel"),
        pytest.param("netlify.toml", deploy.parse_netlify, id="netlify"),
        pytest.param("Staticfile", deploy.parse_staticfile, id="staticfile"),
        pytest.param(".github/workflows/pages.yaml", deploy.parse_workflow, id="workflow"),
        pytest.param("nginx.conf", deploy.parse_nginx, id="nginx-conf"),
        pytest.param("deploy/site.nginx.conf", deploy.parse_nginx, id="nginx-suffix"),
        pytest.param("nginx/conf.d/default.conf", deploy.parse_nginx, id="nginx-folder"),
        pytest.param("ops/nginx/app.conf", deploy.parse_nginx, id="nested-nginx-folder"),
    ],
)
def test_registered(path: str, expected: Parser | None) -> None:
    assert manifests.parser_for(path) is expected


# --- through the pipeline ---------------------------------------------------------------


def test_compose_with_mosquitto_and_django(repo: RepoFactory) -> None:
    facts = collect(discover(repo("manifests-deploy-compose-mqtt")))
    assert Manifest("docker-compose.yml", "compose", 0) in facts.manifests
    assert facts.value("deploy.service.mosquitto") == 1
    assert facts.value("deploy.service.timescaledb") == 1
    assert facts.value("deploy.service.app") == 2  # web and ingest are built from source
    assert facts.value("deploy.cmd.gunicorn") == 1
    assert facts.value("deploy.cmd.runserver") == 0  # `manage.py ingest_mqtt` is not a server
    assert facts.values["deploy.cmd.gunicorn"].evidence[0].line == 10  # the service's line
    assert not [s for s in facts.skipped if s.path == "docker-compose.yml"]


def test_dockerfile_running_daphne(repo: RepoFactory) -> None:
    facts = collect(discover(repo("manifests-deploy-daphne")))
    assert Manifest("Dockerfile", "dockerfile", 0) in facts.manifests
    assert facts.value("deploy.cmd.daphne") == 1
    assert facts.value("docker.base.python") == 2  # both stages start from the python image
    assert facts.value("deploy.expose") == 1
    assert facts.values["deploy.cmd.daphne"].evidence == (
        Evidence("Dockerfile", 16, "CMD daphne -b 0.0.0.0 -p 8000 chat.asgi:application"),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "[app:main]\nuse = egg:RandoPony\n\n[server:main]\nuse = egg:waitress#main\n",
            {"deploy.paste_app": 1},
            id="pyramid-production-ini",
        ),
        pytest.param(
            "[pipeline:main]\npipeline =\n    tm\n    shop\n\n[app:shop]\nuse = egg:shop\n",
            {"deploy.paste_app": 1},
            id="a-pipeline",
        ),
        pytest.param("[flake8]\nmax-line-length = 100\n", {}, id="another-tool-s-ini"),
        pytest.param("[app:main]\ndebug = true\n", {}, id="no-application-named"),
    ],
)
def test_paste_deploy_settings(text: str, expected: dict[str, float]) -> None:
    parsed = deploy.parse_paste_ini("production.ini", text)
    assert values(parsed) == expected
    assert parsed.kind == ("paste-ini" if expected else "unrecognized")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "import sys\nsys.path.insert(0, '/srv/site')\n"
            "from site_app.web import app as application\n",
            {"deploy.wsgi_script": 1},
            id="imported-as-application",
        ),
        pytest.param(
            "from myproject import create_app\napplication = create_app()\n",
            {"deploy.wsgi_script": 1},
            id="assigned",
        ),
        pytest.param(
            "def application(environ, start_response):\n    start_response('200 OK', [])\n",
            {"deploy.wsgi_script": 1},
            id="a-function",
        ),
        pytest.param("# notes on how to deploy\napp = None\n", {}, id="no-application-bound"),
        pytest.param(
            "def wrapper():\n    application = make()\n", {}, id="bound-inside-a-function"
        ),
    ],
)
def test_mod_wsgi_script(text: str, expected: dict[str, float]) -> None:
    parsed = deploy.parse_wsgi_script("site.wsgi", text)
    assert values(parsed) == expected
    assert parsed.kind == ("wsgi-script" if expected else "unrecognized")


SCHEDULED = """\
name: Update stats
on:
  schedule:
    - cron: '0 * * * *'
  workflow_dispatch:
jobs:
  update:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt
      - name: Fetch
        run: |
          python fetch_stats.py --all
          node ./scripts/build-index.mjs && git commit -am "stats"
"""


def test_a_scheduled_workflow_s_scripts() -> None:
    parsed = deploy.parse_workflow(".github/workflows/update.yml", SCHEDULED)
    assert [e.detail for e in evidence(parsed, "ci.scheduled_script")] == [
        "a scheduled workflow runs fetch_stats.py",
        "a scheduled workflow runs scripts/build-index.mjs",
    ]


@pytest.mark.parametrize(
    "trigger",
    ["on: [push, pull_request]", "on: push", "on:\n  push:\n    branches: [main]"],
)
def test_a_workflow_on_pushes_runs_no_scheduled_job(trigger: str) -> None:
    text = SCHEDULED.replace(
        "on:\n  schedule:\n    - cron: '0 * * * *'\n  workflow_dispatch:", trigger
    )
    assert "ci.scheduled_script" not in values(deploy.parse_workflow("ci.yml", text))


def test_a_template_yaml_that_is_not_yaml_is_reported_malformed() -> None:
    """Read as plain data like every YAML manifest: a Jinja-templated file is not YAML, and
    the report says so rather than passing over it in silence."""
    with pytest.raises(MalformedManifest):
        deploy.parse_sam_template("template.yaml", "name: {{ project_name }}\n")


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param(
            "wrangler.toml",
            'name = "crud"\nmain = "src/index.ts"\ncompatibility_date = "2024-01-01"\n\n'
            '[[d1_databases]]\nbinding = "DB"\ndatabase_name = "crud"\n',
            {"manifest.wrangler": 1, "deploy.worker": 1, "deploy.worker_storage": 1},
            id="a-worker-with-a-d1-database",
        ),
        pytest.param(
            "wrangler.toml",
            'name = "old"\ntype = "webpack"\naccount_id = "x"\n',
            {"manifest.wrangler": 1, "deploy.worker": 1},
            id="a-legacy-webpack-worker",
        ),
        pytest.param(
            "wrangler.jsonc",
            '{\n  // the built site\n  "name": "docs",\n  "assets": { "directory": "./dist" }\n}\n',
            {"manifest.wrangler": 1, "deploy.static_host": 1},
            id="static-assets-only",
        ),
        pytest.param(
            "wrangler.toml",
            'name = "blog"\ntype = "webpack"\n[site]\nbucket = "./public"\n',
            {"manifest.wrangler": 1, "deploy.static_host": 1},
            id="a-workers-sites-bucket",
        ),
        pytest.param(
            "wrangler.toml",
            'name = "shop"\npages_build_output_dir = "./dist"\n',
            {"manifest.wrangler": 1, "deploy.serverless_functions": 1},
            id="a-pages-project-and-its-functions",
        ),
        pytest.param(
            "wrangler.toml",
            'name = "shop"\n\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "shop"\n',
            {"manifest.wrangler": 1, "deploy.worker_storage": 1, "deploy.serverless_functions": 1},
            id="bindings-with-no-script-of-its-own-are-a-pages-project-s",
        ),
    ],
)
def test_wrangler_configs(path: str, text: str, expected: dict[str, float]) -> None:
    found = deploy.parse_wrangler(path, text)
    assert {f.key: f.value for f in found.facts} == expected
