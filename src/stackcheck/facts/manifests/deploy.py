"""Deployment manifests: how the project is built, started and served.

Dockerfiles, compose files, Procfiles, platform configs (App Engine, Fly.io, Render,
Vercel, Netlify, Cloud Foundry), GitHub Pages workflows and nginx configs say what runs in
production: an application server (gunicorn, daphne ...), a plain static host, or a
reverse proxy in front of an app. Nothing is executed; commands are split with shell
quoting rules only to find the program that serves requests.

Facts:
    manifest.<kind>              one per file read (dockerfile, compose, procfile, app-engine,
                                 fly-toml, render-yaml, vercel-json, netlify-toml, staticfile,
                                 github-workflow, nginx, serverless-yml, sam-template)
    docker.base.<image>          FROM <image> (tag, digest, registry host and library/ dropped)
    deploy.cmd.<server>          the program a container / process / service is started with
    deploy.expose                EXPOSE instruction
    deploy.release               a RUN that builds an Elixir release (`mix release`)
    deploy.service.<kind>        a compose service (postgres, redis, mosquitto, celery, app ...)
    deploy.image_service         a compose service run from an image as published (no `build`):
                                 someone else's software, configured here
    deploy.paste_app             a PasteDeploy settings file naming the WSGI app to serve
                                 (Pyramid's development.ini, production.ini)
    deploy.test_harness          a compose service that starts a test project (tests/manage.py,
                                 or a working folder in tests, spec, examples: a dummy app)
    deploy.wsgi_script           a mod_wsgi script (`site.wsgi`) that binds the `application`
                                 Apache serves
    deploy.procfile.<type>       a Procfile process type (web, worker, release ...)
    deploy.gae  deploy.fly  deploy.vercel  deploy.netlify  deploy.render.<type>
    deploy.static_only_handlers  App Engine handlers that only serve static files
    deploy.static_host           a static host is configured (publish dir, Staticfile ...)
    deploy.static_host.docs      ... whose publish folder is a docs / examples folder, or
                                 whose build command runs a documentation generator: the
                                 documentation of the product is hosted, not the product
    deploy.serverless_functions  serverless functions are configured beside the static files,
                                 or as a Serverless Framework service (serverless.yml) or an
                                 AWS SAM template (template.yaml): their functions an HTTP
                                 event calls count in rt.http_handlers
    deploy.event_functions       a Serverless Framework function called only by other events
                                 (a WebSocket route, a queue, a table's stream, a timer):
                                 "function NAME (EVENT event) is MODULE"
    deploy.pages                 a workflow step deploys to GitHub Pages
    ci.scheduled_script          a workflow on a timetable runs one of the repository's
                                 scripts (a job that refreshes data)
    deploy.pages.docs            ... from a workflow that builds the documentation (a docs
                                 generator or a docs build in its steps, a docs folder
                                 uploaded, or a workflow named for the docs)
    deploy.static_server         nginx serves files (root / alias)
    deploy.reverse_proxy         nginx passes requests to an application (proxy_pass ...)
    web.lua_handlers             OpenResty answers a location with the project's Lua
                                 (content_by_lua, content_by_lua_block, content_by_lua_file)
"""

from __future__ import annotations

import itertools
import json
import re
import shlex
import string
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from stackcheck.facts import Fact, _toml, fact
from stackcheck.facts.harness import is_harness_settings
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests._docs import is_docs_folder
from stackcheck.facts.manifests.line_index import LineIndex

if TYPE_CHECKING:
    import yaml

KEY_CHARS = frozenset(string.ascii_lowercase + string.digits + "._-/+")
MAX_DETAIL = 80
MAX_SHELL_DEPTH = 3

# ---------------------------------------------------------------------------------------
# Commands: which server does a command line start?

# Programs that serve requests (or run workers), by the name they are started with.
SERVERS: dict[str, str] = {
    "gunicorn": "gunicorn",
    "uvicorn": "uvicorn",
    "daphne": "daphne",
    "hypercorn": "hypercorn",
    "uwsgi": "uwsgi",
    "waitress-serve": "waitress",
    "granian": "granian",
    "celery": "celery",
    "flask": "flask",
    "node": "node",
    "nodejs": "node",
    "npm": "npm",
    "yarn": "yarn",
    "pnpm": "pnpm",
    "bun": "bun",
    "deno": "deno",
    "nginx": "nginx",
    "httpd": "httpd",
    "httpd-foreground": "httpd",
    "apachectl": "httpd",
    "apache2ctl": "httpd",
    "apache2": "httpd",
    "caddy": "caddy",
    "http-server": "http-server",
    "serve": "serve",
    "java": "java",
    "puma": "puma",
    "rails": "rails",
    "php-fpm": "php-fpm",
}

# `python -m <module>` for modules that are servers themselves.
PYTHON_MODULES: dict[str, str] = {
    "gunicorn": "gunicorn",
    "uvicorn": "uvicorn",
    "daphne": "daphne",
    "hypercorn": "hypercorn",
    "waitress": "waitress",
    "granian": "granian",
    "celery": "celery",
    "flask": "flask",
    "http.server": "http-server",  # a static file server, like npm's http-server
    "SimpleHTTPServer": "http-server",
}

DJANGO_DEV_SERVERS = frozenset({"runserver", "runserver_plus"})
SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
# Programs that run the rest of their command line as another program.
PASS_THROUGH = frozenset({"exec", "env", "nice", "nohup", "npx", "bunx"})
# ... and process supervisors and tracers that wrap the real server.
WRAPPERS = frozenset({"tini", "dumb-init", "catatonit", "ddtrace-run", "opentelemetry-instrument"})
# ... and those that first take one argument of their own (a user).
PASS_THROUGH_WITH_ARG = frozenset({"gosu", "su-exec"})
# Tool runners: `<tool> run <program> ...`.
RUNNERS: dict[str, frozenset[str]] = {
    "pipenv": frozenset({"run"}),
    "poetry": frozenset({"run"}),
    "uv": frozenset({"run"}),
    "pdm": frozenset({"run"}),
    "hatch": frozenset({"run"}),
    "rye": frozenset({"run"}),
    "bundle": frozenset({"exec"}),
    "newrelic-admin": frozenset({"run-program", "run-python"}),
}
PYTHON_FLAGS_WITH_VALUE = frozenset({"-X", "-W", "-Q"})


def servers_in(command: str | Sequence[str]) -> list[str]:
    """The known servers a command starts: shell strings may chain several commands."""
    return _servers_in(command, 0)


def _servers_in(command: str | Sequence[str], depth: int) -> list[str]:
    segments = _shell_segments(command) if isinstance(command, str) else [list(command)]
    found: list[str] = []
    for argv in segments:
        for server in _argv_servers(argv, depth):
            if server not in found:
                found.append(server)
    return found


def _shell_segments(text: str) -> list[list[str]]:
    """Split a shell command line into simple commands at &&, ||, ;, | and parentheses."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:  # unbalanced quotes: the words are still worth a look
        tokens = text.split()
    segments: list[list[str]] = [[]]
    for token in tokens:
        if token and all(c in "();<>|&" for c in token):
            segments.append([])
        else:
            segments[-1].append(token)
    return [s for s in segments if s]


def _argv_servers(argv: Sequence[str], depth: int) -> list[str]:
    i = 0
    while i < len(argv):
        word = argv[i]
        name = word.rsplit("/", 1)[-1].lower()
        if _is_assignment(word) or word == "--":
            i += 1
        elif name in SHELLS:
            return _shell_script(argv[i + 1 :], depth)
        elif name in PASS_THROUGH or name in WRAPPERS:
            i = _skip_flags(argv, i + 1)
        elif name in PASS_THROUGH_WITH_ARG:
            i += 2
        elif name in RUNNERS:
            if i + 1 >= len(argv) or argv[i + 1] not in RUNNERS[name]:
                return []
            i += 2
        elif _is_python(name):
            return _python_servers(argv[i + 1 :])
        elif name == "django-admin":
            return _django_command(argv[i + 1 :])
        else:
            server = SERVERS.get(name)
            return [server] if server else []
    return []


def _is_assignment(word: str) -> bool:
    name, sep, _ = word.partition("=")
    return bool(sep) and name.isidentifier()


def _skip_flags(argv: Sequence[str], i: int) -> int:
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        i += 1
    return i


def _shell_script(args: Sequence[str], depth: int) -> list[str]:
    """`sh -c "script"`: look into the script; `sh script.sh` tells nothing."""
    for i, arg in enumerate(args):
        if not arg.startswith("-"):
            return []
        if "c" in arg[1:] and i + 1 < len(args) and depth < MAX_SHELL_DEPTH:
            return _servers_in(args[i + 1], depth + 1)
    return []


def _is_python(name: str) -> bool:
    for prefix in ("python", "pypy"):
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            return all(c.isdigit() or c == "." for c in rest)
    return False


def _python_servers(args: Sequence[str]) -> list[str]:
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "-m":
            module = args[i + 1] if i + 1 < len(args) else ""
            if module == "django":
                return _django_command(args[i + 2 :])
            known = PYTHON_MODULES.get(module) or PYTHON_MODULES.get(module.split(".")[0])
            return [known] if known else (["python"] if module else [])
        if arg == "-c":
            return ["python"]
        if arg in PYTHON_FLAGS_WITH_VALUE:
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        if arg.rsplit("/", 1)[-1] == "manage.py":
            return _django_command(args[i + 1 :])
        return ["python"]
    return []  # a bare interpreter is a shell, not a server


def _django_command(args: Sequence[str]) -> list[str]:
    """manage.py / django-admin: only the development server serves requests."""
    words = [a for a in args if not a.startswith("-")]
    return ["runserver"] if words and words[0] in DJANGO_DEV_SERVERS else []


def _command_text(command: str | Sequence[str]) -> str:
    return command if isinstance(command, str) else " ".join(command)


def effective_servers(
    entrypoint: str | Sequence[str] | None, command: str | Sequence[str] | None
) -> tuple[list[str], str]:
    """Docker's rule: an exec-form entrypoint gets the command as arguments.

    Returns the servers and which of the two ("entrypoint" or "command") names them.
    """
    if entrypoint:
        if isinstance(entrypoint, str):
            return servers_in(entrypoint), "entrypoint"  # shell form ignores the command
        tail: list[str] = []
        if isinstance(command, str):
            tail = ["/bin/sh", "-c", command]
        elif command:
            tail = list(command)
        found = servers_in([*entrypoint, *tail])
        if found:
            return found, "entrypoint"
        # An entrypoint script usually ends in `exec "$@"`: the command is what runs.
    if command:
        return servers_in(command), "command"
    return [], "command"


# ---------------------------------------------------------------------------------------
# Shared helpers


def short(text: str, limit: int = MAX_DETAIL) -> str:
    """One line, at most `limit` characters: evidence details stay readable."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."


def key_part(text: str) -> str | None:
    """A fact-key segment from free text, or None when it has characters keys cannot hold."""
    lowered = text.strip().lower()
    if not lowered or set(lowered) - KEY_CHARS:
        return None
    return lowered


def manifest_fact(kind: str, path: str, detail: str) -> Fact:
    return fact(f"manifest.{kind}", path, None, detail)


def text_key_line(text: str, *keys: str, section: str | None = None) -> int | None:
    """First line where one of the keys is set (TOML `k =`, YAML `k:`, JSON `"k":`),
    after the `[section]` header line if one is named.

    Only for evidence line numbers: the values themselves come from the real parser. A
    parser that asks once per entry builds one `LineIndex` and asks it instead.
    """
    return LineIndex(text).setting(*keys, section=section)


def load_yaml(text: str, tolerant: bool = False) -> tuple[object, yaml.Node | None]:
    """One YAML document and its node tree (for line numbers); MalformedManifest if bad.

    Bounded in size, depth and alias expansion (see safeyaml); `tolerant` reads unknown tags
    as plain data."""
    from stackcheck.facts import safeyaml

    return safeyaml.load_with_node(text, tolerant=tolerant)


def yaml_mapping(text: str, what: str) -> tuple[dict[Any, Any], yaml.Node | None]:
    data, node = load_yaml(text)
    if not isinstance(data, dict):
        raise MalformedManifest(f"{what} is not a mapping (got {type(data).__name__})")
    return data, node


def yaml_key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Line of each key of a mapping node."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)
    }


def yaml_child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    found: yaml.Node | None = None
    for k, v in node.value:  # a key given twice: the last one is the data, as when loading
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            found = v
    return found


def load_toml(text: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        raise MalformedManifest(f"invalid TOML: {exc}") from exc
    return data


def as_command(value: object) -> str | list[str] | None:
    """A command as compose / platform configs write it: a string or a list of strings."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    return None


def cmd_facts(servers: Iterable[str], path: str, line: int | None, detail: str) -> list[Fact]:
    return [fact(f"deploy.cmd.{s}", path, line, detail) for s in servers]


# ---------------------------------------------------------------------------------------
# Dockerfile

HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
ARG_REFERENCE = re.compile(r"\$(?:\{([A-Za-z_]\w*)(?::?-([^}]*))?\}|([A-Za-z_]\w*))")
PARSER_DIRECTIVES = frozenset({"syntax", "escape", "check"})
# Images whose default command is a web server: a final stage with no CMD runs it.
DEFAULT_SERVER_IMAGES = {"nginx": "nginx", "httpd": "httpd", "caddy": "caddy"}


class Instruction(NamedTuple):
    line: int
    keyword: str  # upper-case
    args: str


class _Stage(NamedTuple):
    name: str | None
    base: str | None  # the image name, or None for an unresolved reference
    from_text: str
    from_line: int
    cmd: Instruction | None = None
    entrypoint: Instruction | None = None


def dockerfile_instructions(text: str) -> Iterator[Instruction]:
    """Logical instructions: continuations joined, comments and heredoc bodies dropped."""
    lines = text.splitlines()
    escape, i = _parser_directives(lines)
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i + 1
        logical, i = _logical_line(lines, i, escape)
        words = logical.split(None, 1)
        if not words:  # a lone line-continuation character
            continue
        keyword, args = words[0].upper(), (words[1] if len(words) > 1 else "")
        if keyword in HEREDOC_INSTRUCTIONS:
            i = _skip_heredocs(lines, i, args)
        yield Instruction(start, keyword, args.strip())


def _parser_directives(lines: Sequence[str]) -> tuple[str, int]:
    escape = "\\"
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        name, sep, value = stripped[1:].partition("=")
        if not stripped.startswith("#") or not sep or name.strip().lower() not in PARSER_DIRECTIVES:
            break
        if name.strip().lower() == "escape" and value.strip() in ("\\", "`"):
            escape = value.strip()
        i += 1
    return escape, i


def _logical_line(lines: Sequence[str], i: int, escape: str) -> tuple[str, int]:
    parts: list[str] = []
    while i < len(lines):
        body = lines[i].rstrip()
        i += 1
        if not body.endswith(escape):
            parts.append(body)
            break
        parts.append(body[: -len(escape)])
        # Comment and empty lines inside a continuation are dropped, as docker does.
        while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
            i += 1
    return "".join(parts), i


def _skip_heredocs(lines: Sequence[str], i: int, args: str) -> int:
    for match in HEREDOC.finditer(args):
        terminator = match.group(3)
        while i < len(lines) and lines[i].strip() != terminator:
            i += 1
        i += 1  # the terminator line itself
    return i


def exec_form(args: str) -> str | list[str]:
    """CMD/ENTRYPOINT arguments: a JSON array (exec form) or a shell command line."""
    if args.startswith("["):
        try:
            value = json.loads(args)
        except ValueError:
            return args  # docker runs an invalid JSON array as a shell command
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
    return args


def image_name(reference: str) -> str | None:
    """`docker.io/library/python:3.12-slim@sha256:...` -> `python`; None if unresolved."""
    ref = reference.strip().lower().split("@", 1)[0]
    parts = ref.split("/")
    parts[-1] = parts[-1].split(":", 1)[0]
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    if len(parts) > 2 and parts[:2] == ["docker", "library"]:
        parts = parts[2:]
    elif len(parts) > 1 and parts[0] == "library":
        parts = parts[1:]
    return key_part("/".join(parts))


def _substitute(reference: str, args: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(3)
        if name in args:
            return args[name]
        default = match.group(2)
        return default if default is not None else match.group(0)

    return ARG_REFERENCE.sub(replace, reference)


# An Elixir release built into the image (`mix release`): the application the image runs,
# which a Hex package published for other projects is not.
_MIX_RELEASE = re.compile(r"\bmix\s+release\b")


def parse_dockerfile(path: str, text: str) -> Parsed:
    if path.endswith(".dockerignore"):  # Dockerfile.dockerignore: an ignore list, not a build
        return Parsed("dockerignore", ())
    facts: list[Fact] = [manifest_fact("dockerfile", path, "Dockerfile")]
    stages: list[_Stage] = []
    global_args: dict[str, str] = {}
    for ins in dockerfile_instructions(text):
        if ins.keyword == "ARG" and not stages:
            global_args.update(_arg_defaults(ins.args))
        elif ins.keyword == "FROM":
            stage, inherited = _from_stage(ins, stages, global_args)
            stages.append(stage)
            if stage.base is not None and not inherited:
                facts.append(fact(f"docker.base.{stage.base}", path, ins.line, stage.from_text))
        elif ins.keyword in ("CMD", "ENTRYPOINT") and stages:
            if ins.keyword == "CMD":
                stages[-1] = stages[-1]._replace(cmd=ins)
            else:
                stages[-1] = stages[-1]._replace(entrypoint=ins)
        elif ins.keyword == "EXPOSE" and ins.args:
            facts.append(fact("deploy.expose", path, ins.line, short(f"EXPOSE {ins.args}")))
        elif ins.keyword == "RUN" and _MIX_RELEASE.search(ins.args):
            detail = short(f"RUN {ins.args}")
            facts.append(fact("deploy.release", path, ins.line, detail))
    if not stages:
        raise MalformedManifest("no FROM instruction")
    facts.extend(_final_command(path, stages[-1]))
    return Parsed("dockerfile", tuple(facts))


def _arg_defaults(args: str) -> dict[str, str]:
    found = {}
    for word in args.split():
        name, sep, value = word.partition("=")
        if sep and name.isidentifier():
            found[name] = value.strip("\"'")
    return found


def _from_stage(
    ins: Instruction, stages: Sequence[_Stage], args: Mapping[str, str]
) -> tuple[_Stage, bool]:
    """The new stage, and whether it builds on an earlier stage rather than an image."""
    words = [w for w in ins.args.split() if not w.startswith("--")]
    reference = _substitute(words[0], args) if words else ""
    alias = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
    text = short(f"FROM {' '.join(words[:1])}")
    parent = next((s for s in reversed(stages) if s.name == reference.lower()), None)
    if parent is not None:  # FROM an earlier stage inherits its image and command
        return parent._replace(name=alias, from_text=text, from_line=ins.line), True
    base = image_name(reference) if reference and "$" not in reference else None
    return _Stage(alias, base, text, ins.line), False


def _final_command(path: str, stage: _Stage) -> list[Fact]:
    entrypoint = exec_form(stage.entrypoint.args) if stage.entrypoint else None
    command = exec_form(stage.cmd.args) if stage.cmd else None
    if entrypoint is None and command is None:
        default = DEFAULT_SERVER_IMAGES.get(_image_kind(stage.base) or "")
        if default is None:
            return []
        detail = f"{stage.from_text} (the image's default command)"
        return cmd_facts([default], path, stage.from_line, detail)
    servers, source = effective_servers(entrypoint, command)
    ins = stage.entrypoint if source == "entrypoint" else stage.cmd
    if ins is None:
        return []
    detail = short(f"{ins.keyword} {_command_text(exec_form(ins.args))}")
    return cmd_facts(servers, path, ins.line, detail)


# ---------------------------------------------------------------------------------------
# Compose

# Service kinds by a word of the image's last path segment (`eclipse-mosquitto`, `cp-kafka`).
IMAGE_KINDS: dict[str, str] = {
    "postgres": "postgres",
    "postgresql": "postgres",
    "postgis": "postgres",
    "timescaledb": "timescaledb",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "redis": "redis",
    "valkey": "redis",
    "keydb": "redis",
    "mongo": "mongo",
    "mongodb": "mongo",
    "rabbitmq": "rabbitmq",
    "mosquitto": "mosquitto",
    "emqx": "emqx",
    "vernemq": "vernemq",
    "hivemq": "hivemq",
    "hivemq4": "hivemq",
    "influxdb": "influxdb",
    "questdb": "questdb",
    "clickhouse": "clickhouse",
    "cassandra": "cassandra",
    "neo4j": "neo4j",
    "elasticsearch": "elasticsearch",
    "opensearch": "opensearch",
    "nginx": "nginx",
    "httpd": "httpd",
    "caddy": "caddy",
    "traefik": "traefik",
    "haproxy": "haproxy",
    "memcached": "memcached",
    "kafka": "kafka",
    "redpanda": "kafka",
    "zookeeper": "zookeeper",
    "nats": "nats",
    "minio": "minio",
    "grafana": "grafana",
    "prometheus": "prometheus",
    "keycloak": "keycloak",
    "mailhog": "mailhog",
    "mailpit": "mailpit",
    "localstack": "localstack",
}


_WEB_SERVERS = frozenset({"nginx", "httpd", "caddy", "traefik", "haproxy"})


def _image_kind(image: str | None) -> str | None:
    if not image:
        return None
    last = image.rsplit("/", 1)[-1]
    if last in IMAGE_KINDS:
        return IMAGE_KINDS[last]
    for word in last.replace("_", "-").split("-"):
        if word in IMAGE_KINDS:
            return IMAGE_KINDS[word]
    return None


def parse_compose(path: str, text: str) -> Parsed:
    data, node = yaml_mapping(text, "compose file")
    services, services_node = data.get("services"), yaml_child(node, "services")
    if services is None and "services" not in data:
        # Compose file format 1: services at the top level.
        services = {k: v for k, v in data.items() if isinstance(v, dict) and _looks_like_service(v)}
        services_node = node
    if services is None:
        services = {}
    if not isinstance(services, dict):
        raise MalformedManifest("'services' is not a mapping")
    lines = yaml_key_lines(services_node)
    facts: list[Fact] = [manifest_fact("compose", path, "Compose file")]
    for name, service in sorted(services.items(), key=lambda item: str(item[0])):
        if isinstance(service, dict):
            facts.extend(_service_facts(path, str(name), service, lines.get(str(name))))
    return Parsed("compose", tuple(facts))


def _looks_like_service(value: Mapping[Any, Any]) -> bool:
    return "image" in value or "build" in value


def _service_facts(
    path: str, name: str, service: Mapping[Any, Any], line: int | None
) -> list[Fact]:
    image = service.get("image") if isinstance(service.get("image"), str) else None
    command = as_command(service.get("command"))
    entrypoint = as_command(service.get("entrypoint"))
    servers, source = effective_servers(entrypoint, command)
    started = command if source == "command" else entrypoint
    if started is not None and _TEST_PROJECT.search(_command_text(started)):
        # A Django add-on's test project (`python tests/manage.py runserver`) run in a
        # container to try the add-on with: a harness, not a deployment.
        text = short(f"service {name}: {source} {_command_text(started)}")
        return [fact("deploy.test_harness", path, line, text)]
    settings = _settings_module(service.get("environment"))
    if "build" in service and settings is not None and is_harness_settings(settings):
        # The add-on's demo or test project run from the source (`DJANGO_SETTINGS_MODULE=
        # example.settings`): the package tried in a container, not deployed.
        text = short(f"service {name}: runs the settings of a demo or test project, {settings}")
        return [fact("deploy.test_harness", path, line, text)]
    tool = _tool_run(started)
    if tool is not None:
        # A container that runs the test suite or a package manager (`entrypoint:
        # vendor/bin/phpunit`, `composer`): where a package is developed, not a deployment.
        text = short(f"service {name}: {source} runs {tool}")
        return [fact("deploy.test_harness", path, line, text)]
    if (
        "build" in service
        and started is None
        and service.get("stdin_open") is True
        and service.get("tty") is True
    ):
        # A container built from the source that starts nothing and keeps a terminal open
        # (`stdin_open: true`, `tty: true`, no command): a shell to develop and test a package
        # in, entered with `docker compose exec`, not a deployment.
        text = short(f"service {name}: an interactive shell built from the source, no command")
        return [fact("deploy.test_harness", path, line, text)]
    folder = service.get("working_dir")
    if started is not None and isinstance(folder, str) and _TEST_FOLDER.search(folder):
        # A Rails engine's dummy app (`working_dir: /app/spec/dummy`), an example project:
        # the package tried in a container, not deployed.
        text = short(f"service {name}: {source} {_command_text(started)} in {folder}")
        return [fact("deploy.test_harness", path, line, text)]
    facts: list[Fact] = []
    if image is not None and "build" not in service:
        facts.append(
            fact("deploy.image_service", path, line, short(f"service {name}: image {image}"))
        )
    kind, detail = _service_kind(name, image, service, servers, started)
    if kind is not None:
        facts.append(fact(f"deploy.service.{kind}", path, line, detail))
    if started is not None:
        text = short(f"service {name}: {source} {_command_text(started)}")
        facts.extend(cmd_facts(servers, path, line, text))
    return facts


def _settings_module(environment: object) -> str | None:
    """DJANGO_SETTINGS_MODULE as a service's `environment` sets it (a mapping or a list of
    `KEY=value`)."""
    if isinstance(environment, dict):
        value = environment.get("DJANGO_SETTINGS_MODULE")
        return value if isinstance(value, str) else None
    if isinstance(environment, list):
        for item in environment:
            if isinstance(item, str) and item.startswith("DJANGO_SETTINGS_MODULE="):
                return item.partition("=")[2].strip("\"'")
    return None


# Programs a container runs to test or build a package, never to serve it.
_TOOL_PROGRAMS = frozenset(
    {"phpunit", "pest", "paratest", "codecept", "behat", "composer", "pytest", "py.test"}
    | {"tox", "nox", "jest", "vitest", "mocha", "karma", "rspec"}
)


_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})


def _tool_run(started: str | Sequence[str] | None) -> str | None:
    """The test runner or package manager a service's command starts, if that is what it
    runs (`vendor/bin/phpunit`, `/usr/bin/composer install`), else None."""
    if started is None:
        return None
    words = started.split() if isinstance(started, str) else list(started)
    if len(words) > 2 and words[0].rsplit("/", 1)[-1] in _SHELLS and words[1] == "-c":
        # (`sh -c "py.test"`: the shell runs the command it is given)
        words = " ".join(words[2:]).strip("\"'").split()
    if not words:
        return None
    program = words[0].rsplit("/", 1)[-1]
    return program if program in _TOOL_PROGRAMS else None


_TEST_PROJECT = re.compile(r"(?:^|[\s/\"'=])(?:tests?|testing)/(?:[\w.-]+/)*manage\.py\b")
# A working folder inside the package's tests or examples.
_TEST_FOLDER = re.compile(r"(?:^|/)(?:tests?|testing|spec|examples?|demo|sandbox)(?:/|$)")


def _service_kind(
    name: str,
    image: str | None,
    service: Mapping[Any, Any],
    servers: Sequence[str],
    started: str | Sequence[str] | None,
) -> tuple[str | None, str]:
    if "celery" in servers and started is not None:
        return "celery", short(f"service {name}: command {_command_text(started)}")
    kind = _image_kind(image_name(_substitute(image, {}))) if image else None
    if kind is not None and image is not None:
        return kind, short(f"service {name}: image {image}")
    if "build" in service:
        # A database or broker built from a Dockerfile of its own (`FROM mysql:5.7` with its
        # settings) keeps its name: the service the app needs, not the app.
        # (A web server built so, `nginx` with the front end's build copied in, serves the
        # product's pages: that stays the app.)
        named = _image_kind(name)
        if named is not None and named not in _WEB_SERVERS:
            return named, short(f"service {name}: built from source, named for {named}")
        return "app", short(f"service {name}: built from source")
    return None, ""


# ---------------------------------------------------------------------------------------
# Procfile (Heroku, Dokku, Scalingo ...)

PROCESS_TYPE_CHARS = frozenset(string.ascii_letters + string.digits + "_-")


def parse_procfile(path: str, text: str) -> Parsed:
    facts: list[Fact] = [manifest_fact("procfile", path, "Procfile")]
    invalid = 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, sep, command = stripped.partition(":")
        name, command = name.strip(), command.strip()
        if not sep or not name or set(name) - PROCESS_TYPE_CHARS or not command:
            invalid += 1
            continue
        detail = short(f"{name}: {command}")
        facts.append(fact(f"deploy.procfile.{name.lower()}", path, number, detail))
        facts.extend(cmd_facts(servers_in(command), path, number, detail))
    if invalid and len(facts) == 1:
        raise MalformedManifest("no 'type: command' lines")
    return Parsed("procfile", tuple(facts))


# ---------------------------------------------------------------------------------------
# Platform configs


def parse_app_engine(path: str, text: str) -> Parsed:
    data, node = yaml_mapping(text, "app.yaml")
    if not isinstance(data.get("runtime"), str):  # another tool's app.yaml
        return Parsed("unrecognized", ())
    lines = yaml_key_lines(node)
    facts = [
        manifest_fact("app-engine", path, "App Engine app.yaml"),
        fact("deploy.gae", path, lines.get("runtime"), f"App Engine runtime {data['runtime']}"),
    ]
    entrypoint = as_command(data.get("entrypoint"))
    if entrypoint is not None:
        detail = short(f"entrypoint: {_command_text(entrypoint)}")
        facts.extend(cmd_facts(servers_in(entrypoint), path, lines.get("entrypoint"), detail))
    handlers = data.get("handlers")
    if isinstance(handlers, list) and handlers and all(_static_handler(h) for h in handlers):
        detail = f"all {len(handlers)} handlers serve static files"
        facts.append(fact("deploy.static_only_handlers", path, lines.get("handlers"), detail))
    return Parsed("app-engine", tuple(facts))


def _static_handler(handler: object) -> bool:
    return (
        isinstance(handler, dict)
        and "script" not in handler
        and bool({"static_dir", "static_files"} & set(handler))
    )


def parse_wrangler(path: str, text: str) -> Parsed:
    """Cloudflare's wrangler config: a Worker whose script (`main`, or a legacy `type` build
    with no `[site]` bucket) answers requests on Cloudflare's edge is `deploy.worker`; a
    config that only uploads a folder of files (`assets`, `[site]`) is a static host
    (`deploy.static_host`). Its D1, KV, R2, Hyperdrive and Durable Object bindings are the
    Worker's storage (`deploy.worker_storage`)."""
    if path.endswith(".toml"):
        data = load_toml(text)
    else:
        from stackcheck.facts.manifests.ecosystems.common import load_json_object
        from stackcheck.facts.manifests.node import strip_jsonc

        data = load_json_object(strip_jsonc(text))
    lines = LineIndex(text)
    name = data.get("name")
    label = f"Cloudflare Worker {name}" if isinstance(name, str) else "Cloudflare Worker"
    facts = [manifest_fact("wrangler", path, "Cloudflare wrangler config")]
    script = data.get("main")
    has_script = isinstance(script, str) and bool(script.strip())
    legacy = data.get("type") in ("javascript", "webpack", "rust") and "site" not in data
    if has_script or legacy:
        detail = short(f"{label} (main: {script})" if isinstance(script, str) else label)
        facts.append(fact("deploy.worker", path, lines.setting("main"), detail))
    elif "assets" in data or "site" in data:
        facts.append(fact("deploy.static_host", path, None, short(f"{label}: static assets")))
    stores = [k for k in WORKER_STORAGE if data.get(k)]
    if stores:
        detail = short(f"bindings: {', '.join(stores)}")
        facts.append(fact("deploy.worker_storage", path, lines.setting(stores[0]), detail))
    # A Pages project's config (its build folder, or no script of its own yet bindings for
    # the code to use): the modules of its `functions/` folder answer the site's requests.
    pages = data.get("pages_build_output_dir")
    if not has_script and (isinstance(pages, str) or stores):
        line = lines.setting("pages_build_output_dir") if isinstance(pages, str) else None
        detail = short(f"{label}: Pages Functions beside the site")
        facts.append(fact("deploy.serverless_functions", path, line, detail))
    return Parsed("wrangler", tuple(facts))


WORKER_STORAGE = ("d1_databases", "kv_namespaces", "r2_buckets", "hyperdrive", "durable_objects")


def parse_fly(path: str, text: str) -> Parsed:
    data = load_toml(text)
    app = data.get("app")
    label = f"Fly.io app {app}" if isinstance(app, str) else "Fly.io config"
    sections = [k for k in ("http_service", "services", "processes", "build") if k in data]
    if sections:
        label += f" ({', '.join(sections)})"
    lines = LineIndex(text)
    facts = [
        manifest_fact("fly-toml", path, "Fly.io fly.toml"),
        fact("deploy.fly", path, lines.setting("app"), short(label)),
    ]
    processes = data.get("processes")
    if isinstance(processes, dict):
        for name, command in sorted(processes.items()):
            cmd = as_command(command)
            if cmd is not None:
                detail = short(f"process {name}: {_command_text(cmd)}")
                line = lines.setting(name, section="processes")
                facts.extend(cmd_facts(servers_in(cmd), path, line, detail))
    experimental = data.get("experimental")
    if isinstance(experimental, dict):
        servers, source = effective_servers(
            as_command(experimental.get("entrypoint")), as_command(experimental.get("cmd"))
        )
        key = "cmd" if source == "command" else "entrypoint"
        detail = short(f"{key} {_command_text(as_command(experimental.get(key)) or '')}")
        facts.extend(cmd_facts(servers, path, lines.setting(key, section="experimental"), detail))
    return Parsed("fly-toml", tuple(facts))


def parse_render(path: str, text: str) -> Parsed:
    data, node = yaml_mapping(text, "render.yaml")
    facts = [manifest_fact("render-yaml", path, "Render blueprint")]
    services = data.get("services")
    import yaml

    services_node = yaml_child(node, "services")
    items = services_node.value if isinstance(services_node, yaml.SequenceNode) else []
    for i, service in enumerate(services if isinstance(services, list) else []):
        if not isinstance(service, dict):
            continue
        line = items[i].start_mark.line + 1 if i < len(items) else None
        facts.extend(_render_service(path, service, line))
    databases = data.get("databases")
    line = text_key_line(text, "databases") if databases else None
    for database in databases if isinstance(databases, list) else []:
        name = database.get("name", "?") if isinstance(database, dict) else "?"
        facts.append(fact("deploy.render.database", path, line, short(f"database {name}")))
    return Parsed("render-yaml", tuple(facts))


def _render_service(path: str, service: Mapping[Any, Any], line: int | None) -> list[Fact]:
    kind = str(service.get("type", "")).lower()
    runtime = str(service.get("runtime", service.get("env", ""))).lower()
    if kind == "web" and runtime == "static":  # static sites are web services on the static runtime
        kind = "static"
    key = key_part(kind)
    name = service.get("name", "?")
    facts = []
    if key is not None:
        facts.append(fact(f"deploy.render.{key}", path, line, short(f"service {name}: {kind}")))
    start = as_command(service.get("startCommand"))
    if start is not None:
        detail = short(f"service {name}: startCommand {_command_text(start)}")
        facts.extend(cmd_facts(servers_in(start), path, line, detail))
    return facts


VERCEL_STATIC_KEYS = ("outputDirectory", "cleanUrls", "trailingSlash")
VERCEL_STATIC_BUILDERS = frozenset({"@vercel/static", "@now/static", "@vercel/static-build"})


def parse_vercel(path: str, text: str) -> Parsed:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise MalformedManifest(f"invalid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise MalformedManifest(f"vercel.json is not an object (got {type(data).__name__})")
    facts = [
        manifest_fact("vercel-json", path, "Vercel config"),
        fact("deploy.vercel", path, None, "Vercel project config"),
    ]
    builds = (
        [b for b in data.get("builds", []) if isinstance(b, dict)]
        if isinstance(data.get("builds"), list)
        else []
    )
    builders = [str(b.get("use", "")) for b in builds]
    hints = [k for k in VERCEL_STATIC_KEYS if k in data]
    hints += sorted({b for b in builders if b in VERCEL_STATIC_BUILDERS})
    if hints:
        line = text_key_line(text, *VERCEL_STATIC_KEYS, "use")
        key = _static_host_key(path, data.get("outputDirectory"), data.get("buildCommand"))
        facts.append(fact(key, path, line, f"Vercel static output ({', '.join(hints)})"))
    functions = ["functions"] if "functions" in data else []
    functions += sorted({b for b in builders if b and b not in VERCEL_STATIC_BUILDERS})
    if functions:
        line = text_key_line(text, "functions", "use")
        detail = f"Vercel functions ({', '.join(functions)})"
        facts.append(fact("deploy.serverless_functions", path, line, short(detail)))
    return Parsed("vercel-json", tuple(facts))


# The events of a Serverless Framework function that call it with a request: API Gateway's
# REST and HTTP APIs, a load balancer, a function URL.
SERVERLESS_HTTP_EVENTS = frozenset({"http", "httpApi", "alb"})
# API Gateway's WebSocket API: a function called on `$connect`, `$disconnect` or a message
# route holds no connection itself, but the product it serves is the connection.
SERVERLESS_WS_EVENTS = frozenset({"websocket"})
MAX_SERVERLESS_FUNCTIONS = 500


def parse_serverless(path: str, text: str) -> Parsed:
    """The Serverless Framework's service file (`serverless.yml`): its functions, and each
    one an HTTP event calls, as a route file's routes are (`rt.http_handlers`). Its YAML
    carries CloudFormation tags (`!Ref`, `!GetAtt`), read as plain data."""
    data, node = load_yaml(text, tolerant=True)
    if not isinstance(data, dict):
        raise MalformedManifest(f"serverless.yml is not a mapping (got {type(data).__name__})")
    facts = [manifest_fact("serverless-yml", path, "Serverless Framework service")]
    functions = data.get("functions")
    if not isinstance(functions, dict) or not functions:
        return Parsed("serverless-yml", tuple(facts))
    lines = yaml_key_lines(node)
    detail = f"Serverless Framework: {len(functions)} functions"
    facts.append(fact("deploy.serverless_functions", path, lines.get("functions"), detail))
    for name, spec in itertools.islice(functions.items(), MAX_SERVERLESS_FUNCTIONS):
        events = spec.get("events") if isinstance(spec, dict) else None
        listed = events if isinstance(events, list) else []
        kinds = [kind for event in listed if isinstance(event, dict) for kind in event]
        called = [kind for kind in kinds if kind in SERVERLESS_HTTP_EVENTS]
        if called:
            route = f"function {name} ({called[0]} event)"
            facts.append(fact("rt.http_handlers", path, None, short(route)))
            continue
        if SERVERLESS_WS_EVENTS.intersection(kinds):
            route = f"function {name} (websocket event)"
            facts.append(fact("rt.ws_handlers", path, None, short(route)))
        module = _handler_module(path, spec.get("handler") if isinstance(spec, dict) else None)
        if kinds and module is not None:
            detail = f"function {name} ({kinds[0]} event) is {module}"
            facts.append(fact("deploy.event_functions", path, None, short(detail)))
    return Parsed("serverless-yml", tuple(facts))


def _handler_module(path: str, handler: object) -> str | None:
    """The module a function's `handler: functions/connect.handler` names, from the
    repository's root (`functions/connect`), or None."""
    if not isinstance(handler, str) or "." not in handler or len(handler) > 300:
        return None
    module = handler.rpartition(".")[0].strip("/")
    folder = path.rpartition("/")[0]
    return f"{folder}/{module}" if folder else module


# AWS SAM's template (`template.yaml`, what `sam init` writes): a CloudFormation template
# with the Serverless transform. Its functions an API event calls are the app's routes, as a
# Serverless Framework service's are. Other tools' files of that name are nobody's here.
SAM_TRANSFORM = "AWS::Serverless"
SAM_FUNCTION = "AWS::Serverless::Function"
SAM_HTTP_EVENTS = frozenset({"Api", "HttpApi"})


def parse_sam_template(path: str, text: str) -> Parsed:
    data, node = load_yaml(text, tolerant=True)
    if not isinstance(data, dict) or not _is_sam(data):
        return Parsed("unrecognized", ())
    facts = [manifest_fact("sam-template", path, "AWS SAM template")]
    resources = data.get("Resources")
    functions = [
        (str(name), spec.get("Properties"))
        for name, spec in (resources.items() if isinstance(resources, dict) else ())
        if isinstance(spec, dict) and spec.get("Type") == SAM_FUNCTION
    ][:MAX_SERVERLESS_FUNCTIONS]
    if not functions:
        return Parsed("sam-template", tuple(facts))
    line = yaml_key_lines(node).get("Resources")
    detail = f"AWS SAM: {len(functions)} functions"
    facts.append(fact("deploy.serverless_functions", path, line, detail))
    for name, properties in functions:
        events = properties.get("Events") if isinstance(properties, dict) else None
        kinds = [
            event.get("Type")
            for event in (events.values() if isinstance(events, dict) else ())
            if isinstance(event, dict)
        ]
        called = [kind for kind in kinds if kind in SAM_HTTP_EVENTS]
        if called:
            route = f"function {name} ({called[0]} event)"
            facts.append(fact("rt.http_handlers", path, None, short(route)))
    return Parsed("sam-template", tuple(facts))


def _is_sam(data: Mapping[Any, Any]) -> bool:
    transform = data.get("Transform")
    named = transform if isinstance(transform, list) else [transform]
    return any(isinstance(t, str) and t.startswith(SAM_TRANSFORM) for t in named)


def parse_netlify(path: str, text: str) -> Parsed:
    data = load_toml(text)
    build: dict[str, Any] = data["build"] if isinstance(data.get("build"), dict) else {}
    facts = [
        manifest_fact("netlify-toml", path, "Netlify config"),
        fact("deploy.netlify", path, None, "Netlify site config"),
    ]
    publish = build.get("publish")
    if isinstance(publish, str):
        line = text_key_line(text, "publish")
        # Netlify reads the publish folder relative to the base folder, when there is one.
        base = build.get("base")
        folder = f"{base}/{publish}" if isinstance(base, str) else publish
        key = _static_host_key(path, folder, build.get("command"))
        facts.append(fact(key, path, line, short(f"Netlify publish = {publish}")))
    functions = _netlify_functions(data, build)
    if functions is not None:
        line = text_key_line(text, "functions", "directory", "edge_functions")
        facts.append(fact("deploy.serverless_functions", path, line, short(functions)))
    return Parsed("netlify-toml", tuple(facts))


def _static_host_key(config: str, published: object, command: object = None) -> str:
    """`deploy.static_host`, or `deploy.static_host.docs` when the published folder (relative
    to the config file's folder) is a docs or examples folder, or the host's build command runs
    a documentation generator (`mkdocs build` publishes `site/`): a library's docs site."""
    if isinstance(command, str) and _DOCS_BUILD.search(command):
        return "deploy.static_host.docs"
    if not isinstance(published, str):
        return "deploy.static_host"
    folder = "/".join(p for p in (config.rpartition("/")[0], published) if p)
    return "deploy.static_host.docs" if is_docs_folder(folder) else "deploy.static_host"


# Generators whose output is a project's documentation (MkDocs, Sphinx, Jupyter Book, pdoc,
# mike's versioned MkDocs, Sphinx's `make html` in a docs folder).
_DOCS_BUILD = re.compile(
    r"\b(?:mkdocs\s+(?:build|gh-deploy)|sphinx-build|jupyter-book\s+build|pdoc\b|mike\s+deploy"
    r"|make\s+(?:-C\s+)?docs?\b)"
)


def _netlify_functions(data: Mapping[str, Any], build: Mapping[str, Any]) -> str | None:
    for key in ("functions", "edge_functions"):
        if isinstance(build.get(key), str):
            return f"Netlify {key} = {build[key]}"
    section = data.get("functions")
    if isinstance(section, dict) and isinstance(section.get("directory"), str):
        return f"Netlify functions directory = {section['directory']}"
    if data.get("edge_functions"):
        return "Netlify edge functions"
    return None


# PasteDeploy's settings (Pyramid, Pylons, TurboGears): `[app:main]` with `use = egg:App`
# names the WSGI application a server runs from this file.
_PASTE_APP = re.compile(r"^\[(?:app|pipeline|composite):[^\]\n]+\][ \t]*$", re.MULTILINE)
_PASTE_USE = re.compile(r"^use[ \t]*=[ \t]*(egg:[^\s#;]+|call:[^\s#;]+)", re.MULTILINE)


def parse_paste_ini(path: str, text: str) -> Parsed:
    """development.ini, production.ini ...: a deployment of a WSGI application when it
    declares one; another tool's .ini of the same name is nobody's here."""
    section = _PASTE_APP.search(text)
    use = _PASTE_USE.search(text, section.end()) if section else None
    if section is None or use is None:
        return Parsed("unrecognized", ())
    line = text.count("\n", 0, section.start()) + 1
    detail = short(f"PasteDeploy {section.group(0)} use = {use.group(1)}")
    facts = (manifest_fact("paste-ini", path, "PasteDeploy settings"),)
    return Parsed("paste-ini", (*facts, fact("deploy.paste_app", path, line, detail)))


# mod_wsgi's script file (`WSGIScriptAlias / /srv/site/site.wsgi`): a Python module Apache
# loads for the `application` it binds, which only a deployment of the project has.
_WSGI_APPLICATION = re.compile(
    r"^(?:application[ \t]*=|def[ \t]+application[ \t]*\(|from[ \t]+[\w.]+[ \t]+import"
    r"[^\n]*\bas[ \t]+application\b|import[^\n]*\bas[ \t]+application\b)",
    re.MULTILINE,
)


def parse_wsgi_script(path: str, text: str) -> Parsed:
    """*.wsgi: the script mod_wsgi serves, when it binds an `application`."""
    found = _WSGI_APPLICATION.search(text)
    if found is None:
        return Parsed("unrecognized", ())
    line = text.count("\n", 0, found.start()) + 1
    detail = short(f"mod_wsgi script: {found.group(0).strip()}")
    facts = (manifest_fact("wsgi-script", path, "mod_wsgi script"),)
    return Parsed("wsgi-script", (*facts, fact("deploy.wsgi_script", path, line, detail)))


def parse_staticfile(path: str, text: str) -> Parsed:
    """Cloud Foundry's static buildpack: the file's presence selects it; options are optional."""
    options = []
    for raw in text.splitlines():
        name, sep, value = raw.partition(":")
        if sep and name.strip() and not name.strip().startswith("#"):
            options.append(f"{name.strip()}: {value.strip()}")
    detail = "Cloud Foundry Staticfile" + (f" ({', '.join(options)})" if options else "")
    facts = (
        manifest_fact("staticfile", path, "Cloud Foundry Staticfile"),
        fact("deploy.static_host", path, None, short(detail)),
    )
    return Parsed("staticfile", facts)


# ---------------------------------------------------------------------------------------
# GitHub Actions workflows

PAGES_ACTIONS = frozenset(
    {
        "actions/deploy-pages",
        "actions/upload-pages-artifact",
        "peaceiris/actions-gh-pages",
        "jamesives/github-pages-deploy-action",
    }
)


def parse_workflow(path: str, text: str) -> Parsed:
    data, node = yaml_mapping(text, "workflow")
    facts = [manifest_fact("github-workflow", path, "GitHub Actions workflow")]
    values = _values(node)
    pages = "deploy.pages.docs" if _builds_docs(path, data, values) else "deploy.pages"
    uses = sorted({(v, line) for k, v, line in values if k == "uses"}, key=lambda i: (i[1], i[0]))
    for action_ref, line in uses:
        action = "/".join(action_ref.split("@", 1)[0].lower().split("/")[:2])
        if action in PAGES_ACTIONS:
            facts.append(fact(pages, path, line, short(f"uses {action_ref}")))
    if _scheduled(data):
        for key, command, line in values:
            if key != "run":
                continue
            for script in _RUNS_SCRIPT.findall(command):
                detail = short(f"a scheduled workflow runs {script}")
                facts.append(fact("ci.scheduled_script", path, line, detail))
    return Parsed("github-workflow", tuple(facts))


# A workflow on a timetable (`on: schedule: - cron: ...`) whose steps run a script of the
# repository: a job that refreshes data (a site's statistics, a scraper's files), run by CI
# and by nobody who visits the site. YAML 1.1 reads the key `on` as true.
_RUNS_SCRIPT = re.compile(
    r"(?:^|[\s;&|(])(?:python3?|node|ruby|php|bash|sh|deno\s+run(?:\s+-\S+)*|bun|tsx|ts-node)"
    r"\s+(?:-\S+\s+)*\.?/?([\w./-]{1,200}\.(?:py|js|mjs|cjs|ts|rb|php|sh))\b",
    re.MULTILINE,
)


def _scheduled(data: Mapping[Any, Any]) -> bool:
    trigger = data.get("on", data.get(True))
    if isinstance(trigger, (dict, list)):
        return "schedule" in trigger
    return bool(trigger == "schedule")


# What a workflow that publishes documentation says in its steps: a docs generator
# (_DOCS_BUILD), a task named for the docs (`poe docs-build`, `npm run docs:build`, `uv sync
# --group docs`), and in its name or file name.
_DOCS_STEP = re.compile(r"\bdocs?(?:[-_:]\w+|\b)|\bbuild[-_:]docs?\b|\bdocumentation\b", re.I)
_DOCS_NAME = re.compile(r"(?:^|[^a-z])(?:docs?|documentation)(?:[^a-z]|$)", re.I)
# The inputs through which the Pages actions name the folder they publish.
_PUBLISHED = frozenset({"path", "publish_dir", "folder"})


def _builds_docs(path: str, data: object, values: list[tuple[str, str, int]]) -> bool:
    name = data.get("name") if isinstance(data, dict) else None
    stem = path.rpartition("/")[2].rpartition(".")[0]
    if _DOCS_NAME.search(stem) or (isinstance(name, str) and _DOCS_NAME.search(name)):
        return True
    for key, value, _ in values:
        if key == "run" and (_DOCS_BUILD.search(value) or _DOCS_STEP.search(value)):
            return True
        if key in _PUBLISHED and is_docs_folder(value.strip("./")):
            return True
    return False


def _values(node: yaml.Node | None) -> list[tuple[str, str, int]]:
    """Every scalar `key: value` in the workflow with its line (steps, `with:` inputs and
    reusable workflows alike)."""
    import yaml

    found: list[tuple[str, str, int]] = []
    stack = [node] if node is not None else []
    seen: set[int] = set()  # aliases share nodes: visit each once, or `&a [*b, *b]` explodes
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode):
                    found.append((str(k.value), str(v.value), v.start_mark.line + 1))
                else:
                    stack.append(v)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return found


# ---------------------------------------------------------------------------------------
# nginx

STATIC_DIRECTIVES = frozenset({"root", "alias"})
# OpenResty answers a location with Lua (`content_by_lua_file app/main.lua;`, Lapis's
# `content_by_lua 'require("lapis").serve("app")'`): the project's own handlers.
LUA_HANDLER_DIRECTIVES = frozenset(
    {"content_by_lua", "content_by_lua_block", "content_by_lua_file"}
)
PROXY_DIRECTIVES = frozenset({"proxy_pass", "uwsgi_pass", "fastcgi_pass", "scgi_pass", "grpc_pass"})


class NginxDirective(NamedTuple):
    line: int
    name: str
    args: tuple[str, ...]
    blocks: tuple[str, ...]  # enclosing blocks, outermost first ("http", "server", "location /")


def parse_nginx(path: str, text: str) -> Parsed:
    facts = [manifest_fact("nginx", path, "nginx config")]
    for directive in nginx_directives(text):
        if directive.name in STATIC_DIRECTIVES:
            key = "deploy.static_server"
        elif directive.name in PROXY_DIRECTIVES:
            key = "deploy.reverse_proxy"
        elif directive.name in LUA_HANDLER_DIRECTIVES:
            key = "web.lua_handlers"
        else:
            continue
        where = next((b for b in reversed(directive.blocks) if b.startswith("location")), "")
        detail = " ".join((directive.name, *directive.args))
        facts.append(
            fact(key, path, directive.line, short(f"{where}: {detail}" if where else detail))
        )
    return Parsed("nginx", tuple(facts))


def nginx_directives(text: str) -> list[NginxDirective]:
    found: list[NginxDirective] = []
    blocks: list[str] = []
    words: list[str] = []
    start = 0
    for line, token, is_word in _nginx_tokens(text):
        if is_word:
            if not words:
                start = line
            words.append(token)
        elif token == ";":
            if words:
                found.append(NginxDirective(start, words[0], tuple(words[1:]), tuple(blocks)))
            words = []
        elif token == "{":
            if words and words[0].endswith("_by_lua_block"):
                # (a directive whose argument is a block of Lua code)
                found.append(NginxDirective(start, words[0], tuple(words[1:]), tuple(blocks)))
            blocks.append(" ".join(words) or "{")
            words = []
        else:  # "}"
            if not blocks:
                raise MalformedManifest(f"unexpected '}}' on line {line}")
            blocks.pop()
            words = []
    if blocks:
        raise MalformedManifest(f"missing '}}' for '{short(blocks[-1], 40)}'")
    return found


def _nginx_tokens(text: str) -> Iterator[tuple[int, str, bool]]:
    """(line, token, is_word): nginx's lexer - quotes, escapes, `#` comments at a token start."""
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c in ";{}":
            yield line, c, False
            i += 1
        elif c in "\"'":
            end = _quoted_end(text, i)
            yield line, text[i + 1 : end], True
            line += text.count("\n", i, end)
            i = end + 1
        else:
            start = i
            i = _word_end(text, i)
            yield line, text[start:i], True


def _quoted_end(text: str, i: int) -> int:
    quote, j = text[i], i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == quote:
            return j
        j += 1
    raise MalformedManifest(f"unterminated string on line {text.count(chr(10), 0, i) + 1}")


def _word_end(text: str, i: int) -> int:
    n = len(text)
    while i < n and not text[i].isspace() and text[i] not in ";{}":
        if text[i] == "\\":
            i += 2
        elif text[i] == "$" and i + 1 < n and text[i + 1] == "{":  # ${var} is one word
            # (Lapis writes its config as a template: `${{NUM_WORKERS}}` is one word too)
            end = "}}" if text.startswith("${{", i) else "}"
            close = text.find(end, i)
            i = close + len(end) if close != -1 else n
        else:
            i += 1
    return min(i, n)
