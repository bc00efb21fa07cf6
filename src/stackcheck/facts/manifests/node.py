"""JavaScript / TypeScript manifests: package.json, npm / yarn / pnpm lock files, deno.json.

Facts produced:
    manifest.<kind>              one per file read: package-json, package-lock, yarn-lock,
                                 pnpm-lock, deno-json
    npm.dep.<name>               runtime dependency (dependencies, peer-, optionalDependencies)
    npm.devdep.<name>            devDependencies
    npm.bin                      "bin" declared: the package ships a command-line tool
    npm.script.<name>            a start / serve / dev / develop script, its command in the detail
    npm.script_runs.<tool>       scripts whose command runs <tool> (node, next, vite, ...)
    ssg.next_export              a script that runs `next export` (a static Next.js build)
    npm.workspaces               number of workspace patterns (a monorepo root)
    npm.private                  "private": true (an application, not published)
    npm.library_entry            "main" / "module" entry point declared (or, without
                                 them, "exports") by a package that says what it publishes
                                 and has a version (npm publishes nothing without one)
    npm.site_theme               a published theme for a site generator (VitePress, Gatsby,
                                 Hexo, Astro ...): it says it is a theme and needs the generator
    npm.addon                    a plug-in another program loads: Node-RED nodes (the
                                 `node-red` section), a Homebridge plugin (`engines.homebridge`)
    npm.type.<module|commonjs>   the package's module system
    mobile.react_native          react-native or expo among the runtime dependencies: an app
                                 for phones (Expo's managed apps have no android/ or ios/)
    npm.lock.<name>              a package pinned in a lock file (one fact per name)
    npm.lockdev.<name>           pinned, and the lock file marks every copy dev-only
    npm.copied_package           a published package's package.json inside the folder of files a
                                 site serves (`public/plugins/chosen/package.json`): a front-end
                                 library copied in with its manifest, whose dependencies and
                                 entry points are its own, not the project's
    deno.dep.<name>              an import-map entry of deno.json (npm:, jsr:, URL)
    deno.task.<name>             a deno task, its command in the detail
Names are lower-cased; scoped names keep their scope (npm.dep.@nestjs/core).
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from stackcheck.facts import Fact, fact
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests._docs import is_docs_path

DEPENDENCY_SECTIONS = (
    ("dependencies", "npm.dep", "runtime"),
    ("peerDependencies", "npm.dep", "peer"),
    ("optionalDependencies", "npm.dep", "optional"),
    ("devDependencies", "npm.devdep", "dev"),
)
# Scripts that say how the project is run; "develop" is Gatsby's name for "dev".
SERVE_SCRIPTS = frozenset({"start", "serve", "dev", "develop"})
SCRIPT_TOOLS = frozenset(
    {
        "node", "next", "nuxt", "vite", "astro", "gatsby", "eleventy", "hugo", "docusaurus",
        "http-server", "serve", "nodemon", "ts-node", "react-scripts", "webpack", "jest",
        "vitest", "nest", "tsx", "remix", "ng", "vue-cli-service", "electron", "expo",
    }
)  # fmt: skip
# Packages run through npx whose command has another name.
TOOL_PACKAGES = {"@11ty/eleventy": "eleventy", "@nestjs/cli": "nest", "@angular/cli": "ng"}
# Words that run the next word: the tool is what comes after them.
COMMAND_WRAPPERS = frozenset(
    {"npx", "pnpx", "bunx", "cross-env", "env", "dotenv", "yarn", "pnpm", "exec", "dlx", "--"}
)
MAX_DETAIL = 120
MAX_NAME = 214  # npm's own limit on package names
MAX_YAML_DEPTH = 100  # machine-written lock files nest about 5 levels
# Key-path depth for evidence lines in a v1 package-lock tree; deeper copies get no line.
MAX_LOCK_TREE_DEPTH = 64


# --- shared helpers ---------------------------------------------------------------------


class LineIndex(NamedTuple):
    """Offsets of line starts, to turn a character offset into a 1-based line number."""

    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> LineIndex:
        return cls((0, *(m.end() for m in re.finditer("\n", text))))

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


class LockEntry(NamedTuple):
    name: str
    version: str
    line: int | None
    dev: bool = False


def _npm_name(raw: object) -> str | None:
    """The fact-key form of a package name, or None for something no registry would hold."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_NAME:
        return None
    if any(c.isspace() or not c.isprintable() for c in raw):
        return None
    return raw.lower()


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1] + "…"


def _spec_name(spec: str) -> str:
    """The package in "name@range" / "@scope/name@range" (the first @ after a scope's)."""
    at = spec.find("@", 1)
    return spec if at == -1 else spec[:at]


def _load_json(text: str, what: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise MalformedManifest("nested too deeply") from exc
    except ValueError as exc:
        raise MalformedManifest(f"invalid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise MalformedManifest(f"{what} is not a JSON object")
    return data


def _load_yaml(text: str, what: str) -> dict[Any, Any]:
    from stackcheck.facts import safeyaml

    # Bounded loading: deep nesting, alias bombs and oversized text are refused (safeyaml).
    data = safeyaml.load(text, limits=safeyaml.YAMLLimits(max_depth=MAX_YAML_DEPTH))
    if not isinstance(data, dict):
        raise MalformedManifest(f"{what} is not a YAML mapping")
    return data


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]')


def _json_key_lines(text: str, max_depth: int) -> dict[tuple[str, ...], int]:
    """The line of each object key, by its path of keys, in JSON that json.loads accepted.

    The json module keeps no positions and evidence wants lines, so the tokens are walked
    once more. Keys inside arrays have no path and are left out; the first of a repeated
    key wins.
    """
    lines = LineIndex.of(text)
    found: dict[tuple[str, ...], int] = {}
    frames: list[tuple[str, ...] | None] = []  # each open container's path; None: unaddressed
    string: re.Match[str] | None = None  # the last string token, a key if ':' follows
    key: str | None = None  # the key whose value comes next
    for token in _JSON_TOKEN.finditer(text):
        char = token.group()[0]
        if char == '"':
            string = token
        elif char == ":":
            key = None
            top = frames[-1] if frames else None
            if string is not None and top is not None and len(top) < max_depth:
                key = _json_string(string.group())
                found.setdefault((*top, key), lines.line(string.start()))
            string = None
        elif char == "{":
            frames.append(_object_path(frames, key))
            key = None
        elif char == "[":
            frames.append(None)
            key = None
        elif char in "}]":
            if frames:
                frames.pop()
            key = None
        else:  # ','
            key = None
            string = None
    return found


def _object_path(frames: list[tuple[str, ...] | None], key: str | None) -> tuple[str, ...] | None:
    """The path of an object being opened: the root, a key's value, or unaddressed."""
    if not frames:
        return ()
    parent = frames[-1]
    return None if parent is None or key is None else (*parent, key)


def _json_string(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    decoded = json.loads(token)
    return decoded if isinstance(decoded, str) else token[1:-1]


def _yaml_block_keys(text: str, parent: str | None) -> dict[str, int]:
    """The line of each mapping key at the top level, or directly under top-level `parent:`.

    YAML loaders keep no positions either; lock files are machine-written block YAML with
    one key per line, so reading keys from the line starts finds them exactly.
    """
    found: dict[str, int] = {}
    inside = parent is None
    indent: int | None = 0 if parent is None else None
    for number, raw in enumerate(text.split("\n"), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(raw) - len(raw.lstrip(" "))
        if parent is not None and depth == 0:
            inside = stripped == f"{parent}:"
            continue
        if not inside:
            continue
        if indent is None:
            indent = depth
        if depth == indent:
            key = _yaml_line_key(stripped)
            if key is not None:
                found.setdefault(key, number)
    return found


def _yaml_line_key(line: str) -> str | None:
    if line[0] in "'\"":
        end = line.find(line[0], 1)
        if end == -1 or not line[end + 1 :].startswith(":"):
            return None
        return line[1:end]
    colon = line.find(": ")
    if colon != -1:
        return line[:colon]
    return line[:-1] if line.endswith(":") else None


def _lock_facts(path: str, entries: Iterable[LockEntry]) -> tuple[Fact, ...]:
    """One fact per package name, however many copies and versions are locked."""
    first: dict[str, LockEntry] = {}
    versions: dict[str, set[str]] = {}
    dev_only: dict[str, bool] = {}
    for entry in entries:
        key = _npm_name(entry.name)
        if key is None:
            continue
        if key not in first or _earlier(entry.line, first[key].line):
            first[key] = entry
        versions.setdefault(key, set()).update([entry.version] if entry.version else [])
        dev_only[key] = dev_only.get(key, True) and entry.dev
    facts = []
    for key, entry in sorted(first.items()):
        locked = ", ".join(sorted(versions[key])) or "(no version)"
        namespace, label = (
            ("npm.lockdev", "locked (dev)") if dev_only[key] else ("npm.lock", "locked")
        )
        facts.append(
            fact(f"{namespace}.{key}", path, entry.line, f"{label}: {entry.name} {locked}")
        )
    return tuple(facts)


def _earlier(line: int | None, than: int | None) -> bool:
    return line is not None and (than is None or line < than)


def _manifest(kind: str, path: str, detail: str) -> Fact:
    return fact(f"manifest.{kind}", path, None, detail)


# --- package.json -----------------------------------------------------------------------


def parse_package_json(path: str, text: str) -> Parsed:
    text = text.removeprefix("\ufeff")
    data = _load_json(text, "package.json")
    copied_into = _served_folder(path)
    if copied_into is not None and data.get("private") is not True:
        return _copied_package(path, data, copied_into)
    lines = _json_key_lines(text, 2)
    facts: list[Fact] = []
    names: set[str] = set()
    for section, namespace, label in DEPENDENCY_SECTIONS:
        for raw, spec, line in _dependencies(data, section, lines):
            key = raw.lower()
            names.add(key)
            facts.append(fact(f"{namespace}.{key}", path, line, f"{raw} {spec} ({label})"))
    facts.extend(_scripts(path, data, lines))
    facts.extend(_package_shape(path, data, lines))
    facts.extend(_native_app(path, data, lines))
    name = data.get("name")
    described = f"package.json of {name}" if isinstance(name, str) and name else "package.json"
    facts.append(_manifest("package-json", path, described))
    return Parsed("package-json", tuple(facts), dependencies=len(names))


# An app that runs on phones: React Native, or Expo's managed workflow (no android/ or ios/
# folder of its own). A library for such apps names react-native as a peer dependency.
_NATIVE_APP_DEPENDENCIES = ("react-native", "expo")


def _native_app(
    path: str, data: Mapping[str, Any], lines: Mapping[tuple[str, ...], int]
) -> Iterator[Fact]:
    table = data.get("dependencies")
    if not isinstance(table, dict):
        return
    for name in _NATIVE_APP_DEPENDENCIES:
        if name in table:
            detail = f"a React Native app: {name} in dependencies"
            yield fact("mobile.react_native", path, lines.get(("dependencies", name)), detail)
            return


def _copied_package(path: str, data: Mapping[str, Any], folder: str) -> Parsed:
    name = data.get("name")
    shown = name if isinstance(name, str) and name else "a package"
    detail = _short(f"package.json of {shown}, copied into {folder}")
    copied = fact("npm.copied_package", path, None, detail)
    return Parsed("package-json", (_manifest("package-json", path, detail), copied))


# The folders whose files a site serves as they are. A published package's manifest one
# folder or more inside one (`public/plugins/chosen/`, `wwwroot/lib/jquery/`, `static/
# bootstrap3/`) came with the library's files, copied from npm or a download; the project's
# own front-end build keeps its package.json at the folder's top (`assets/package.json` of a
# Phoenix app), and a demo of its own inside one is "private".
_SERVED_FOLDERS = frozenset({"public", "static", "wwwroot", "assets", "htdocs", "www"})


def _served_folder(path: str) -> str | None:
    parts = path.split("/")
    for index, part in enumerate(parts[:-2]):
        if part in _SERVED_FOLDERS:
            return "/".join(parts[: index + 1]) + "/"
    return None


def _dependencies(
    data: Mapping[str, Any], section: str, lines: Mapping[tuple[str, ...], int]
) -> Iterator[tuple[str, str, int | None]]:
    table = data.get(section)
    if not isinstance(table, dict):
        return
    for raw, spec in sorted(table.items()):
        if _npm_name(raw) is not None:
            shown = _short(spec) if isinstance(spec, str) and spec.strip() else "*"
            yield raw, shown, lines.get((section, raw))


def _scripts(
    path: str, data: Mapping[str, Any], lines: Mapping[tuple[str, ...], int]
) -> Iterator[Fact]:
    scripts = data.get("scripts")
    if not isinstance(scripts, dict):
        return
    for name, command in sorted(scripts.items()):
        if not isinstance(command, str):
            continue
        line = lines.get(("scripts", name))
        detail = _short(f'"{name}": {command}')
        if name == "start" and _only_builds(command, scripts):
            yield fact("npm.script.start_builds", path, line, detail)
        elif name in SERVE_SCRIPTS:
            yield fact(f"npm.script.{name}", path, line, detail)
        for tool in sorted(script_tools(command)):
            yield fact(f"npm.script_runs.{tool}", path, line, detail)
        if _NEXT_EXPORT.search(command):
            key = "ssg.next_export.docs" if is_docs_path(path) else "ssg.next_export"
            yield fact(key, path, line, f"{detail} (Next.js's static export)")


# Next.js before 13.3 exported a static build with its own command (`next build && next
# export`), as later versions do with `output: 'export'` in the config (static_site.py).
_NEXT_EXPORT = re.compile(r"\bnext\s+export\b")


# Programs that compile or bundle a package's assets. A `start` script that only runs them
# (`webpack --watch`, `tsc -w`, `gulp`) rebuilds the front end while someone develops: it
# starts no server, unless the bundler is told to serve.
BUILD_PROGRAMS = frozenset(
    {
        "webpack", "rollup", "tsc", "gulp", "grunt", "sass", "node-sass", "babel", "esbuild",
        "tsup", "microbundle", "storybook", "start-storybook", "npm-watch", "onchange",
        "chokidar", "postcss", "uglifyjs", "terser", "lessc", "stylus",
        # WordPress's scripts: `wp-scripts start` is webpack watching a plugin's blocks
        "wp-scripts",
    }
)  # fmt: skip
_RUNNERS = frozenset({"npm", "yarn", "pnpm"})
_MAX_SCRIPT_DEPTH = 4  # `start` runs `build`, which runs `build:js` ...
_MAX_COMMANDS = 64  # commands looked at in all for one script


def _only_builds(
    command: str, scripts: Mapping[str, Any], depth: int = 0, budget: list[int] | None = None
) -> bool:
    """Whether every command only compiles or bundles, following `npm run <script>` into the
    package's own scripts (a watcher that reruns `npm run build:js` builds too), and the
    commands a runner of several starts (`concurrently "npm run watch:js" "sass -w ..."`,
    `npm-run-all build:*`). `budget`: how many commands may still be looked at, so scripts
    that run each other many at a time cannot make the walk grow without bound."""
    budget = [_MAX_COMMANDS] if budget is None else budget
    commands = _simple_commands(command)
    for words in commands:
        budget[0] -= 1
        if budget[0] < 0:
            return False
        program = _program(words)
        if program in _RUNNERS and depth < _MAX_SCRIPT_DEPTH:
            named = _script_run(words, scripts)
            if named is not None and _only_builds(named, scripts, depth + 1, budget):
                continue
            return False
        if program in _MANY_RUNNERS and depth < _MAX_SCRIPT_DEPTH:
            started = _started_by(program, words, scripts)
            if started and all(_only_builds(c, scripts, depth + 1, budget) for c in started):
                continue
            return False
        if program is None or program not in BUILD_PROGRAMS or "serve" in words:
            return False
    return bool(commands)


# Runners of several commands at once: concurrently takes commands (or `npm:NAME`), the
# others the names of the package's scripts, `*` standing for any part of one.
_MANY_RUNNERS = frozenset({"concurrently", "npm-run-all", "run-p", "run-s"})
# Their options that take a value (`concurrently -n js,css -c blue,green ...`).
_VALUED_OPTIONS = frozenset(
    {"-n", "--names", "-c", "--prefix-colors", "-p", "--prefix", "-s", "--success", "-m"}
    | {"--max-processes", "-t", "--timestamp-format", "--restart-tries", "--npm-path"}
)


def _started_by(program: str, words: list[str], scripts: Mapping[str, Any]) -> list[str]:
    """The commands a runner of several starts; [] when one of them is not known."""
    at = next(i for i, word in enumerate(words) if _program_name(word) == program) + 1
    arguments: list[str] = []
    skip = False
    for word in words[at:]:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = program == "concurrently" and word in _VALUED_OPTIONS
        else:
            arguments.append(word)
    started: list[str] = []
    for argument in arguments:
        if program == "concurrently" and not argument.startswith("npm:"):
            started.append(argument)
            continue
        name = argument.removeprefix("npm:")
        pattern = re.compile(re.escape(name).replace(r"\*", "[^:]*") + r"\Z")
        named = [c for n, c in scripts.items() if pattern.match(n) and isinstance(c, str)]
        if not named:
            return []
        started.extend(named)
    return started


def _script_run(words: list[str], scripts: Mapping[str, Any]) -> str | None:
    """The command of the package's script `npm run NAME` (or `yarn NAME`) runs."""
    rest = [w for w in words[1:] if not w.startswith("-")]
    if rest and rest[0] == "run":
        rest = rest[1:]
    command = scripts.get(rest[0]) if rest else None
    return command if isinstance(command, str) else None


def _program(words: list[str]) -> str | None:
    for word in words:
        name, equals, _ = word.partition("=")
        if (equals and name.isidentifier()) or word in COMMAND_WRAPPERS or word.startswith("-"):
            continue
        return _program_name(word)
    return None


def script_tools(command: str) -> set[str]:
    """The known tools a script command runs, in every command of a && / ; / | chain."""
    return {tool for words in _simple_commands(command) if (tool := _tool(words)) is not None}


def _simple_commands(command: str) -> list[list[str]]:
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:  # unbalanced quotes: npm would pass it to the shell and fail there too
        words = command.split()
    commands: list[list[str]] = [[]]
    for word in words:
        if word and all(c in lexer.punctuation_chars for c in word):
            commands.append([])
        else:
            commands[-1].append(word)
    return [c for c in commands if c]


def _tool(words: list[str]) -> str | None:
    """The program a simple command runs, past env assignments, wrappers and their options."""
    program = _program(words)
    if program is None:
        return None
    program = TOOL_PACKAGES.get(program, program)
    return program if program in SCRIPT_TOOLS else None


def _program_name(word: str) -> str:
    """Drop a path (./node_modules/.bin/next) and a version (http-server@14) from a word."""
    if not word.startswith("@"):
        word = word.rsplit("/", 1)[-1]
    return _spec_name(word).lower()


# A monorepo's shared tool configurations, kept as packages its apps install (`packages/eslint-
# config-custom`, `@acme/tsconfig`, `stylelint-config-custom`): settings for the linters and
# the compiler, published or not, not a library whose entry point code imports. (One at the
# repository's root is the repository's product, published as such.)
_SHARED_CONFIG = re.compile(
    r"(?:^|/|-)(?:eslint-config|stylelint-config|prettier-config|tsconfig|tailwind-config"
    r"|commitlint-config|jest-config|vitest-config)(?:$|[-/])"
)


def _shared_config(name: object) -> bool:
    return isinstance(name, str) and _SHARED_CONFIG.search(name.lower()) is not None


def _package_shape(
    path: str, data: Mapping[str, Any], lines: Mapping[tuple[str, ...], int]
) -> Iterator[Fact]:
    """What kind of package this is: a tool, a library, an application, a monorepo root."""
    # `cdk init` names a CDK app's entry as its `bin`: the program CDK runs to deploy, not a
    # command anyone installs.
    cdk = any(
        isinstance(data.get(section), dict) and CDK_LIBRARIES & set(data[section])
        for section in ("dependencies", "devDependencies")
    )
    bin_names = [] if cdk else _bin_names(data.get("bin"))
    if bin_names:
        yield fact("npm.bin", path, lines.get(("bin",)), _short("bin: " + ", ".join(bin_names)))
    patterns = _workspace_patterns(data.get("workspaces"))
    if patterns:
        detail = _short("workspaces: " + ", ".join(patterns))
        yield fact("npm.workspaces", path, lines.get(("workspaces",)), detail, float(len(patterns)))
    if data.get("private") is True:
        yield fact("npm.private", path, lines.get(("private",)), '"private": true')
    # `npm init` writes "main" into every package.json, applications included; a package is
    # meant for publishing when it also says what to publish or how to import it, and has the
    # version npm will not publish without (a monorepo's internal packages, imported by their
    # siblings as `workspace:*`, often have none).
    # `bun init` writes "module" too, naming the app's TypeScript source to run (`"module":
    # "src/index.ts"`); a published package's "module" names its build (`dist/index.mjs`).
    source_module = _runs_source(data.get("module"))
    published = (
        not ("/" in path and _shared_config(data.get("name")))
        and data.get("private") is not True
        and "version" in data
        and any(key in data for key in PUBLISHING_KEYS if key != "module" or not source_module)
    )
    entries = 0
    for field in ("main", "module") if published else ():
        if field == "module" and source_module:
            continue
        entry = data.get(field)
        if isinstance(entry, str) and entry.strip():
            entries += 1
            yield fact("npm.library_entry", path, lines.get((field,)), _short(f"{field}: {entry}"))
    # Packages written since Node 12 often declare only "exports" (its map is the entry).
    exported = _export_names(data.get("exports")) if published and not entries else []
    if exported:
        detail = _short("exports: " + ", ".join(exported))
        yield fact("npm.library_entry", path, lines.get(("exports",)), detail)
    yield from _host_addon(path, data, lines)
    if entries or exported:
        yield from _site_theme(path, data, lines)
    kind = data.get("type")
    if kind in ("module", "commonjs"):
        yield fact(f"npm.type.{kind}", path, lines.get(("type",)), f'"type": "{kind}"')


def _host_addon(
    path: str, data: Mapping[str, Any], lines: Mapping[tuple[str, ...], int]
) -> Iterator[Fact]:
    """A package another program loads as a plug-in: Node-RED's nodes (its `node-red`
    section names them), a Homebridge plugin (the Homebridge version it needs, in
    `engines`)."""
    nodes = data.get("node-red")
    if isinstance(nodes, dict) and isinstance(nodes.get("nodes"), dict) and nodes["nodes"]:
        names = ", ".join(str(name) for name in list(nodes["nodes"])[:4])
        detail = _short(f"Node-RED nodes: {names}")
        yield fact("npm.addon", path, lines.get(("node-red",)), detail)
        return
    engines = data.get("engines")
    if isinstance(engines, dict) and "homebridge" in engines:
        yield fact("npm.addon", path, lines.get(("engines",)), "a Homebridge plugin")


def _site_theme(
    path: str, data: Mapping[str, Any], lines: Mapping[tuple[str, ...], int]
) -> Iterator[Fact]:
    """A published theme for a site generator: it says it is a theme (its name or its
    description) and needs the generator to run (`vitepress`, `gatsby`, `hexo` in its
    dependencies or peer dependencies), whose build renders its layouts and components."""
    name = data.get("name") if isinstance(data.get("name"), str) else ""
    description = data.get("description") if isinstance(data.get("description"), str) else ""
    if "theme" not in f"{name} {description}".lower():
        return
    for section in ("dependencies", "peerDependencies"):
        needed = data.get(section)
        if not isinstance(needed, dict):
            continue
        generators = sorted(SITE_GENERATORS.intersection(str(k).lower() for k in needed))
        if generators:
            detail = _short(f"a {generators[0]} theme: {name or description}")
            yield fact("npm.site_theme", path, lines.get((section,)), detail)
            return


# The site generators a theme package is written for: its layouts run in their build only.
SITE_GENERATORS = frozenset(
    {
        "vitepress",
        "vuepress",
        "@vuepress/core",
        "@vuepress/client",
        "gatsby",
        "hexo",
        "@11ty/eleventy",
        "astro",
        "@docusaurus/core",
        "@docusaurus/theme-common",
        "gridsome",
    }
)
CDK_LIBRARIES = frozenset({"aws-cdk-lib", "@aws-cdk/core", "aws-cdk"})
# (A package that names the host it plugs into, `peerDependencies`, is installed into
# another project: an application does not ask its installer for its own framework.)
PUBLISHING_KEYS = (
    "files", "exports", "types", "typings", "publishConfig", "module", "peerDependencies",
)  # fmt: skip


def _runs_source(module: object) -> bool:
    """A "module" entry naming TypeScript source (not its declarations)."""
    return (
        isinstance(module, str)
        and module.endswith((".ts", ".tsx", ".mts"))
        and not module.endswith((".d.ts", ".d.mts"))
    )


def _bin_names(value: object) -> list[str]:
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, dict):
        return sorted(str(k) for k, v in value.items() if isinstance(v, str) and v.strip())
    return []


def _export_names(value: object) -> list[str]:
    """What an "exports" field offers: its target, its subpaths, or its conditions' names."""
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, dict):
        return [str(k) for k, v in value.items() if v is not None]
    return []


def _workspace_patterns(value: object) -> list[str]:
    if isinstance(value, dict):  # the {"packages": [...], "nohoist": [...]} form
        value = value.get("packages")
    if not isinstance(value, list):
        return []
    return [p for p in value if isinstance(p, str) and p.strip()]


# --- package-lock.json ------------------------------------------------------------------


def parse_package_lock(path: str, text: str) -> Parsed:
    text = text.removeprefix("\ufeff")
    data = _load_json(text, "package-lock.json")
    packages = data.get("packages")
    if isinstance(packages, dict):  # lockfileVersion 2 and 3; 2 also has the v1 tree
        lines = _packages_lines(text, packages) or _json_key_lines(text, 2)
        entries = list(_lock_packages(packages, lines))
    else:
        lines = _json_key_lines(text, MAX_LOCK_TREE_DEPTH)
        entries = list(_lock_tree(data.get("dependencies"), lines))
    facts = _lock_facts(path, entries)
    version = data.get("lockfileVersion")
    described = f"npm lock file (lockfileVersion {version})" if version else "npm lock file"
    return Parsed(
        "package-lock",
        (*facts, _manifest("package-lock", path, described)),
        dependencies=len(facts),
    )


def _packages_lines(text: str, packages: Mapping[str, Any]) -> dict[tuple[str, ...], int]:
    """The line of each key of `packages` as npm writes the file (one indent a level, kept
    from the file: the section opened by `  "packages": {` and closed by `  }`, its keys
    two indents in), read from those lines alone; or nothing, when the keys read there are
    not exactly the section's keys in their order (a file written some other way), and
    every token is walked instead (`_json_key_lines`, a tenth of a second on an 800 KB
    lock)."""
    opened = _PACKAGES_START.search(text)
    if opened is None:
        return {}
    indent = opened.group(1)
    closed = re.compile(f"^{indent}\\}}", re.MULTILINE).search(text, opened.end())
    key = re.compile(f'^{indent}{indent}("(?:[^"\\\\\\n]|\\\\.)*"): ', re.MULTILINE)
    keys = key.finditer(text, opened.end(), closed.start() if closed else len(text))
    lines = LineIndex.of(text)
    found: dict[tuple[str, ...], int] = {
        ("packages", _json_string(m.group(1))): lines.line(m.start(1)) for m in keys
    }
    return found if [path[1] for path in found] == list(packages) else {}


# (npm keeps the file's indent: two spaces, four, or a tab)
_PACKAGES_START = re.compile(r'^( {2}| {4}|\t)"packages": \{\n', re.MULTILINE)


def _lock_packages(
    packages: Mapping[str, Any], lines: Mapping[tuple[str, ...], int]
) -> Iterator[LockEntry]:
    """v2/v3: a flat map from install path to package; the last node_modules/ names it."""
    for where, entry in packages.items():
        # "" is the project itself; paths without node_modules/ are workspace folders, and
        # link entries point at them: neither is a third-party package.
        if "node_modules/" not in where or not isinstance(entry, dict) or entry.get("link"):
            continue
        name = where.rsplit("node_modules/", 1)[1]
        version = entry.get("version")
        yield LockEntry(
            name,
            version if isinstance(version, str) else "",
            lines.get(("packages", where)),
            entry.get("dev") is True,
        )


def _lock_tree(dependencies: object, lines: Mapping[tuple[str, ...], int]) -> Iterator[LockEntry]:
    """v1: nested "dependencies" maps, walked without recursion (depth is the file's choice)."""
    pending: list[tuple[tuple[str, ...], object]] = [(("dependencies",), dependencies)]
    while pending:
        where, table = pending.pop()
        if not isinstance(table, dict):
            continue
        for name, entry in table.items():
            if not isinstance(entry, dict):
                continue
            version = entry.get("version")
            yield LockEntry(
                name,
                version if isinstance(version, str) else "",
                lines.get((*where, name)),
                entry.get("dev") is True,
            )
            pending.append(((*where, name, "dependencies"), entry.get("dependencies")))


# --- yarn.lock --------------------------------------------------------------------------


def parse_yarn_lock(path: str, text: str) -> Parsed:
    text = text.removeprefix("\ufeff")
    berry = "\n__metadata:" in "\n" + text
    entries = _yarn_berry(text) if berry else _yarn_classic(text)
    facts = _lock_facts(path, entries)
    described = "yarn lock file (berry)" if berry else "yarn lock file (classic)"
    return Parsed(
        "yarn-lock", (*facts, _manifest("yarn-lock", path, described)), dependencies=len(facts)
    )


def _yarn_classic(text: str) -> list[LockEntry]:
    """Yarn 1's own format: `"a@^1", a@~1.2:` headers at column 0, then indented fields."""
    entries: list[LockEntry] = []
    names: list[str] = []
    header = 0
    version = ""
    for number, raw in enumerate(text.split("\n"), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not raw[0].isspace():
            entries.extend(LockEntry(n, version, header) for n in names)
            names, header, version = _yarn_header(raw.rstrip(), number), number, ""
        elif raw.startswith("  version ") and not raw.startswith("   ") and names:
            version = stripped[len("version ") :].strip().strip('"')
    entries.extend(LockEntry(n, version, header) for n in names)
    return entries


def _yarn_header(line: str, number: int) -> list[str]:
    if not line.endswith(":"):
        raise MalformedManifest(f"line {number}: expected an entry like `name@range:`")
    specs = [s.strip().strip('"') for s in line[:-1].split(",")]
    names = sorted({_spec_name(s) for s in specs if s})
    if not names:
        raise MalformedManifest(f"line {number}: entry without a package name")
    return names


def _yarn_berry(text: str) -> list[LockEntry]:
    """Yarn 2+: YAML whose keys are `"a@npm:^1, a@npm:^1.2"` descriptor lists."""
    data = _berry_entries(text)
    lines = _yaml_block_keys(text, None)
    entries: list[LockEntry] = []
    for key, entry in data.items():
        if key == "__metadata" or not isinstance(entry, dict):
            continue
        # Soft links are the project's own workspaces and portal:/link: folders.
        if entry.get("linkType") == "soft" or "@workspace:" in str(entry.get("resolution")):
            continue
        version = entry.get("version")
        names = {_spec_name(s.strip()) for s in str(key).split(",") if s.strip()}
        entries.extend(
            LockEntry(n, str(version) if version is not None else "", lines.get(str(key)))
            for n in sorted(names)
        )
    return entries


def _berry_entries(text: str) -> dict[Any, Any]:
    """The lock's YAML with each entry's three fields read here and nothing of the rest
    (its dependencies, checksums, conditions: two thirds of the lines), which costs half of
    composing the whole file in Python (babel's 690 KB lock: 0.38 s). Yarn writes an
    entry's key at the start of a line and its fields two spaces in, each on one line;
    where a field is written otherwise (its value on the lines below) or the lines kept do
    not parse, the whole text is read."""
    kept = [
        line
        for line in text.split("\n")
        if not line.startswith(" ") or line.startswith(_BERRY_FIELDS)
    ]
    one_line = "<<:" not in text and not any(  # (a merge key: no lock is written with one)
        line.startswith(_BERRY_FIELDS) and line.rstrip().endswith(":") for line in kept
    )
    if one_line and len(kept) < text.count("\n") + 1:
        with contextlib.suppress(MalformedManifest):
            return _load_yaml("\n".join(kept), "yarn.lock")
    return _load_yaml(text, "yarn.lock")


_BERRY_FIELDS = ("  version:", "  resolution:", "  linkType:")


# --- pnpm-lock.yaml ---------------------------------------------------------------------


def parse_pnpm_lock(path: str, text: str) -> Parsed:
    data = _load_yaml(text.removeprefix("\ufeff"), "pnpm-lock.yaml")
    major = _pnpm_major(data.get("lockfileVersion"))
    packages = data.get("packages") or {}
    if not isinstance(packages, dict):
        raise MalformedManifest("pnpm-lock.yaml: packages is not a mapping")
    lines = _yaml_block_keys(text, "packages")
    entries = []
    for key, entry in packages.items():
        found = _pnpm_package(str(key), entry, major)
        if found is not None:
            # v5/v6 mark dev-only packages; v9 does not, so there everything is npm.lock.
            dev = isinstance(entry, dict) and entry.get("dev") is True
            entries.append(LockEntry(found[0], found[1], lines.get(str(key)), dev))
    facts = _lock_facts(path, entries)
    described = f"pnpm lock file (lockfileVersion {data.get('lockfileVersion')})"
    return Parsed(
        "pnpm-lock", (*facts, _manifest("pnpm-lock", path, described)), dependencies=len(facts)
    )


def _pnpm_major(version: object) -> int:
    try:
        return int(str(version).split(".", 1)[0])
    except ValueError as exc:
        raise MalformedManifest(f"pnpm-lock.yaml: no usable lockfileVersion ({version!r})") from exc


def _pnpm_package(key: str, entry: object, major: int) -> tuple[str, str] | None:
    """(name, version) from a packages key: /a/1.0.0_peer (v5), /a@1.0.0(peer) (v6), a@1.0.0."""
    if isinstance(entry, dict) and isinstance(entry.get("name"), str):
        # git, tarball and file packages carry their name: their key is a URL or a path.
        version = entry.get("version")
        return entry["name"], str(version) if version is not None else ""
    if major < 9:
        if not key.startswith("/"):
            return None
        key = key[1:]
    key = key.split("(", 1)[0]
    if major >= 6:
        name = _spec_name(key)
        return name, key[len(name) + 1 :]
    parts = key.split("/")
    cut = 2 if parts[0].startswith("@") else 1
    if len(parts) <= cut:
        return None
    return "/".join(parts[:cut]), parts[cut].split("_", 1)[0]


# --- deno.json --------------------------------------------------------------------------

_JSONC_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_JSONC_TRAILING_COMMA = re.compile(r'"(?:[^"\\\n]|\\.)*"|,(?=\s*[}\]])')
_NOT_NEWLINE = re.compile(r"[^\n]")
CDN_HOSTS = {"esm.sh": "", "unpkg.com": "", "cdn.skypack.dev": "", "cdn.jsdelivr.net": "npm/"}


def parse_deno_json(path: str, text: str) -> Parsed:
    clean = strip_jsonc(text.removeprefix("\ufeff"))
    data = _load_json(clean, "deno.json")
    lines = _json_key_lines(clean, 2)
    facts: list[Fact] = []
    dependencies = 0
    imports = data.get("imports")
    for alias, target in sorted(imports.items()) if isinstance(imports, dict) else ():
        if not isinstance(target, str):
            continue
        line = lines.get(("imports", alias))
        detail = _short(f"{alias}: {target}")
        name = _deno_package(alias, target)
        if name is not None:
            dependencies += 1
            facts.append(fact(f"deno.dep.{name}", path, line, detail))
            if target.startswith("npm:"):
                facts.append(fact(f"npm.dep.{name}", path, line, detail + " (runtime)"))
    tasks = data.get("tasks")
    for task, command in sorted(tasks.items()) if isinstance(tasks, dict) else ():
        if isinstance(command, dict):  # Deno 2: {"command": ..., "description": ...}
            command = command.get("command", "")
        key = _npm_name(task)
        if key is not None and isinstance(command, str):
            facts.append(
                fact(
                    f"deno.task.{key}",
                    path,
                    lines.get(("tasks", task)),
                    _short(f'"{task}": {command}'),
                )
            )
    facts.append(_manifest("deno-json", path, "Deno configuration"))
    return Parsed("deno-json", tuple(facts), dependencies=dependencies)


def strip_jsonc(text: str) -> str:
    """JSON with comments and trailing commas to plain JSON, every newline kept in place."""

    def blank(match: re.Match[str]) -> str:
        token = match.group()
        return token if token[0] == '"' else _NOT_NEWLINE.sub(" ", token)

    return _JSONC_TRAILING_COMMA.sub(blank, _JSONC_COMMENT.sub(blank, text))


def _deno_package(alias: str, target: str) -> str | None:
    """The package an import-map entry names; a local path names none."""
    for scheme in ("npm:", "jsr:"):
        if target.startswith(scheme):
            return _npm_name(_package_path_name(target[len(scheme) :].removeprefix("/")))
    if target.startswith(("https://", "http://")):
        return _npm_name(_url_package(target) or alias.rstrip("/"))
    return None


def _package_path_name(spec: str) -> str:
    """The package in "name@1/sub/path" or "@scope/name@1/sub/path"."""
    parts = spec.split("/")
    cut = 2 if parts[0].startswith("@") else 1
    return _spec_name("/".join(parts[:cut]))


def _url_package(url: str) -> str | None:
    """The package a well-known registry or CDN URL serves (deno.land/x/oak@v12/mod.ts)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return None
    where = parts.path.lstrip("/")
    if host == "deno.land":
        if where.startswith("x/"):
            return _package_path_name(where[2:])
        return "std" if where.split("@", 1)[0].split("/", 1)[0] == "std" else None
    prefix = CDN_HOSTS.get(host)
    if prefix is not None and where.startswith(prefix) and where[len(prefix) :]:
        return _package_path_name(where[len(prefix) :])
    return None
