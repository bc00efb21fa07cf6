"""Static-site generator configs: Jekyll, Hugo, Zola, Eleventy, MkDocs, Sphinx, Docusaurus,
VitePress, VuePress, Astro, Gatsby, Next.js (static export), Pelican, Nikola, Hexo, Jupyter
Book, GitBook and mdBook.

A generator's config at the product root says the product is a static site; the same
config under docs/, website/, examples/ or a test-fixture folder is the documentation (or a
sample) of something else, so it gets a `.docs` key the rules weigh differently. Python
configs are read with `ast`, JavaScript configs at the token level; nothing is executed.

Facts:
    manifest.<kind>       one per config read (jekyll-config, hugo-config, hugo-theme,
                          zola-config, zola-theme,
                          eleventy-config, mkdocs, sphinx-conf, docusaurus-config,
                          vitepress-config, vuepress-config, astro-config, gatsby-config,
                          next-config, pelican-conf, hexo-config, jupyter-book-config,
                          lektor-project, bridgetown-config, nikola-conf,
                          jbake-properties, book-summary, gitbook-config, mdbook-config)
    nuxt.client_only      a Nuxt config that turns server rendering off (`ssr: false`)
    ssg.<name>            the generator's config at the product root (jekyll, hugo, zola,
                          eleventy, docusaurus, vitepress, vuepress, astro, gatsby,
                          pelican, hexo, jupyter_book, lektor, bridgetown, nikola, jbake,
                          gitbook, mdbook)
    ssg.<name>.docs       ... in a docs / examples / fixtures folder: not the product; and
                          a Jekyll config that only picks a GitHub Pages theme (the README
                          rendered as the repository's page)
    ssg.mkdocs.docs  ssg.sphinx.docs   always: these generators build project documentation
    ssg.astro.ssr         Astro with `output: 'server'|'hybrid'`, or an adapter without
                          `output: 'static'` (server rendering)
    ssg.next_export       Next.js with `output: 'export'` (a static build)
    ssg.nuxt_generate     Nuxt with `target: 'static'` or a static Nitro preset
    web.next              any other next.config: a Next.js server app
"""

from __future__ import annotations

import ast
import itertools
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from stackcheck.facts import fact
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests._docs import is_docs_path
from stackcheck.facts.manifests.deploy import (
    load_toml,
    load_yaml,
    manifest_fact,
    short,
    text_key_line,
    yaml_key_lines,
)

MAX_KEYS_IN_DETAIL = 3

UNRECOGNIZED = Parsed("unrecognized", ())


def ssg_key(name: str, path: str) -> str:
    return f"ssg.{name}.docs" if is_docs_path(path) else f"ssg.{name}"


def _found_keys(data: Mapping[Any, Any], wanted: Iterable[str]) -> list[str]:
    """Keys of `data` (as written, in file order) whose lower-case form is wanted."""
    lowered = {w.lower() for w in wanted}
    return [str(k) for k in data if str(k).lower() in lowered]


def _keys_detail(label: str, keys: Sequence[str]) -> str:
    return f"{label} ({', '.join(keys[:MAX_KEYS_IN_DETAIL])})" if keys else label


def _config_facts(
    kind: str, name: str, path: str, text: str, label: str, keys: Sequence[str]
) -> Parsed:
    line = text_key_line(text, *keys) if keys else None
    facts = (
        manifest_fact(kind, path, label),
        fact(ssg_key(name, path), path, line, _keys_detail(label, keys)),
    )
    return Parsed(kind, facts)


# ---------------------------------------------------------------------------------------
# _config.yml: Jekyll, or Hexo / Jupyter Book which use the same file name

JEKYLL_KEYS = (
    "title",
    "baseurl",
    "url",
    "theme",
    "remote_theme",
    "plugins",
    "gems",
    "collections",
    "permalink",
    "markdown",
    "kramdown",
    "highlighter",
    "defaults",
    "exclude",
    "include",
    "sass",
    "paginate",
    "paginate_path",
    "jekyll-archives",
    "github",
    "author",
)
HEXO_KEYS = (
    "new_post_name",
    "source_dir",
    "public_dir",
    "post_asset_folder",
    "archive_dir",
    "category_dir",
    "tag_dir",
    "default_layout",
)
# Octopress's Jekyll config has these two too: beside Jekyll's keys, only Hexo's own
# (`new_post_name`, `source_dir` ...) say Hexo.
_HEXO_KEYS_OCTOPRESS_HAS = frozenset({"category_dir", "tag_dir"})
JUPYTER_BOOK_KEYS = ("execute", "launch_buttons", "bibtex_bibfiles", "sphinx", "parse", "latex")


def parse_jekyll(path: str, text: str) -> Parsed:
    data, _ = load_yaml(text)
    if data is None:  # Jekyll builds with an empty config; no other tool ships one empty
        return _config_facts("jekyll-config", "jekyll", path, text, "Jekyll config (empty)", ())
    if not isinstance(data, dict):
        raise MalformedManifest(f"_config.yml is not a mapping (got {type(data).__name__})")
    hexo = _found_keys(data, HEXO_KEYS)
    own = [k for k in hexo if k.lower() not in _HEXO_KEYS_OCTOPRESS_HAS]
    if own or (hexo and not _found_keys(data, JEKYLL_KEYS)):
        return _config_facts("hexo-config", "hexo", path, text, "Hexo config", hexo)
    jupyter_book = _found_keys(data, JUPYTER_BOOK_KEYS)
    if jupyter_book:
        label = "Jupyter Book config"
        return _config_facts("jupyter-book-config", "jupyter_book", path, text, label, jupyter_book)
    jekyll = _found_keys(data, JEKYLL_KEYS)
    if jekyll and _pages_theme_only(data):
        label = "GitHub Pages theme only (the README as a page)"
        line = text_key_line(text, "theme")
        return Parsed(
            "jekyll-config",
            (
                manifest_fact("jekyll-config", path, label),
                fact("ssg.jekyll.docs", path, line, label),
            ),
        )
    if jekyll:
        return _config_facts("jekyll-config", "jekyll", path, text, "Jekyll config", jekyll)
    return UNRECOGNIZED


# What GitHub's Pages theme chooser writes (`theme: jekyll-theme-cayman`), with at most the
# settings those themes document added (a title, a description, a logo, the download
# buttons, an analytics id): Pages then renders the README with that theme. Such a site is
# the repository's front page, documentation of whatever the repository holds, not a site
# built as the product.
_THEME_CHOOSER_KEYS = frozenset(
    {"theme", "title", "description", "logo", "show_downloads", "google_analytics"}
)


def _pages_theme_only(data: Mapping[Any, Any]) -> bool:
    theme = data.get("theme")
    return (
        isinstance(theme, str)
        and theme.startswith("jekyll-theme-")
        and all(str(k).lower() in _THEME_CHOOSER_KEYS for k in data)
    )


# ---------------------------------------------------------------------------------------
# Hugo and Zola

# Hugo reads its keys case-insensitively; these are compared lower-cased.
HUGO_STRONG_KEYS = (
    "baseURL",
    "languageCode",
    "paginate",
    "pagination",
    "taxonomies",
    "defaultContentLanguage",
    "enableRobotsTXT",
    "enableEmoji",
    "publishDir",
    "summaryLength",
    "buildFuture",
    "buildDrafts",
    "hasCJKLanguage",
    "disableKinds",
    "canonifyURLs",
    "relativeURLs",
    "enableGitInfo",
    "googleAnalytics",
    "outputFormats",
    "permalinks",
)
HUGO_WEAK_KEYS = ("theme", "params", "menu", "menus", "markup", "module", "outputs", "languages")
ZOLA_KEYS = (
    "base_url",
    "compile_sass",
    "build_search_index",
    "generate_feed",
    "generate_feeds",
    "markdown",
    "extra",
    "taxonomies",
    "default_language",
)


def parse_hugo(path: str, text: str) -> Parsed:
    """hugo.* is Hugo's own name: always Hugo, the keys only make the evidence specific."""
    data = _load_any(path, text)
    keys = _found_keys(data, (*HUGO_STRONG_KEYS, *HUGO_WEAK_KEYS, "title"))
    return _config_facts("hugo-config", "hugo", path, text, "Hugo config", keys)


# A theme's descriptor (`theme.toml`), which Hugo's and Zola's theme galleries read: the
# repository is a theme for one of them. Hugo's names a licence link, a demo site, tags or
# features; Zola's a `demo` and an `[extra]` table.
THEME_KEYS = ("name", "license", "licenselink", "min_version", "homepage", "description")
HUGO_THEME_KEYS = ("licenselink", "demosite", "tags", "features")
ZOLA_THEME_KEYS = ("demo", "extra")


def parse_theme_toml(path: str, text: str) -> Parsed:
    data = _load_any(path, text)
    keys = _found_keys(data, THEME_KEYS)
    if "name" not in keys or len(keys) < 2:
        return UNRECOGNIZED  # (another tool's theme file: a terminal's colours)
    if _found_keys(data, ZOLA_THEME_KEYS) and not _found_keys(data, HUGO_THEME_KEYS):
        return _config_facts("zola-theme", "zola", path, text, "Zola theme", keys)
    return _config_facts("hugo-theme", "hugo", path, text, "Hugo theme", keys)


def parse_generic_config(path: str, text: str) -> Parsed:
    """config.* belongs to many tools: Zola (base_url), Hugo (its keys), else nobody here."""
    data = _load_any(path, text)
    if "base_url" in data:
        keys = _found_keys(data, ZOLA_KEYS)
        return _config_facts("zola-config", "zola", path, text, "Zola config", keys)
    strong = _found_keys(data, HUGO_STRONG_KEYS)
    weak = _found_keys(data, HUGO_WEAK_KEYS)
    if strong or len(weak) >= 2:
        keys = _found_keys(data, (*HUGO_STRONG_KEYS, *HUGO_WEAK_KEYS))
        return _config_facts("hugo-config", "hugo", path, text, "Hugo config", keys)
    return UNRECOGNIZED


def _load_any(path: str, text: str) -> dict[Any, Any]:
    if path.endswith(".toml"):
        return load_toml(text)
    if path.endswith(".json"):
        import json

        try:
            data = json.loads(text)
        except ValueError as exc:
            raise MalformedManifest(f"invalid JSON: {exc}") from exc
    else:
        data, _ = load_yaml(text)
        if data is None:
            return {}
    if not isinstance(data, dict):
        raise MalformedManifest(f"config is not a mapping (got {type(data).__name__})")
    return data


# ---------------------------------------------------------------------------------------
# MkDocs


def parse_mkdocs(path: str, text: str) -> Parsed:
    """MkDocs builds project documentation: always `.docs`; rules weigh a docs-only repo."""
    data, node = load_yaml(text, tolerant=True)  # `!!python/name:` and `!ENV`
    if not isinstance(data, dict):
        raise MalformedManifest(f"mkdocs.yml is not a mapping (got {type(data).__name__})")
    name = data.get("site_name")
    theme = data.get("theme")
    theme_name = theme.get("name") if isinstance(theme, dict) else theme
    shown = [f"site_name {name}" if isinstance(name, str) else ""]
    shown.append(f"theme {theme_name}" if isinstance(theme_name, str) else "")
    detail = _keys_detail("MkDocs config", [s for s in shown if s])
    line = yaml_key_lines(node).get("site_name")
    facts = (
        manifest_fact("mkdocs", path, "MkDocs config"),
        fact("ssg.mkdocs.docs", path, line, short(detail)),
    )
    return Parsed("mkdocs", facts)


# ---------------------------------------------------------------------------------------
# Python configs: Sphinx conf.py, Pelican pelicanconf.py

SPHINX_NAMES = frozenset(
    {
        "extensions",
        "html_theme",
        "master_doc",
        "root_doc",
        "source_suffix",
        "templates_path",
        "html_static_path",
        "exclude_patterns",
        "autodoc_default_options",
        "intersphinx_mapping",
    }
)
PELICAN_NAMES = frozenset({"SITENAME", "SITEURL", "THEME", "PATH", "TIMEZONE", "ARTICLE_PATHS"})
# Nikola's conf.py, the same file name as Sphinx's: a blog's title and the posts and pages
# it renders.
NIKOLA_NAMES = frozenset({"BLOG_TITLE", "BLOG_AUTHOR", "SITE_URL", "POSTS", "PAGES"})


class _Assignment(NamedTuple):
    name: str
    line: int


def parse_sphinx(path: str, text: str) -> Parsed:
    """A conf.py: Sphinx's, or Nikola's (see parse_nikola)."""
    if "BLOG_TITLE" in text:
        nikola = parse_nikola(path, text)
        if nikola is not UNRECOGNIZED:
            return nikola
    if not any(needle in text for needle in ("sphinx", "extensions", "html_theme")):
        return UNRECOGNIZED  # another tool's conf.py
    assigned = _top_level_assignments(text)
    if assigned is None:  # not valid Python 3: judge by the text alone
        if "html_theme" not in text and "sphinx" not in text:
            return UNRECOGNIZED
        found: list[_Assignment] = []
    else:
        found = [a for a in assigned if a.name in SPHINX_NAMES]
        if not found and "import sphinx" not in text and "from sphinx" not in text:
            return UNRECOGNIZED
    names = sorted({a.name for a in found}, key=[a.name for a in found].index)
    detail = _keys_detail("Sphinx conf.py", names)
    facts = (
        manifest_fact("sphinx-conf", path, "Sphinx conf.py"),
        fact("ssg.sphinx.docs", path, found[0].line if found else None, detail),
    )
    return Parsed("sphinx-conf", facts)


def parse_nikola(path: str, text: str) -> Parsed:
    """Nikola's conf.py: at least three of its site names assigned at the top level."""
    assigned = _top_level_assignments(text) or []
    found = [a for a in assigned if a.name in NIKOLA_NAMES]
    names = sorted({a.name for a in found}, key=[a.name for a in found].index)
    if len(names) < 3:
        return UNRECOGNIZED
    facts = (
        manifest_fact("nikola-conf", path, "Nikola conf.py"),
        fact(ssg_key("nikola", path), path, found[0].line, _keys_detail("Nikola conf.py", names)),
    )
    return Parsed("nikola-conf", facts)


def parse_pelican(path: str, text: str) -> Parsed:
    assigned = _top_level_assignments(text) or []
    found = [a for a in assigned if a.name in PELICAN_NAMES]
    names = sorted({a.name for a in found}, key=[a.name for a in found].index)
    facts = (
        manifest_fact("pelican-conf", path, "Pelican config"),
        fact(
            ssg_key("pelican", path),
            path,
            found[0].line if found else None,
            _keys_detail("Pelican config", names),
        ),
    )
    return Parsed("pelican-conf", facts)


# pelican-quickstart writes publishconf.py beside pelicanconf.py, and it begins by importing
# it. A site that keeps its pelicanconf.py out of git (committing an example copy, made
# local by a setup script) still commits publishconf.py.
_PUBLISH_IMPORT = re.compile(r"^from\s+pelicanconf\s+import\b", re.MULTILINE)


def parse_pelican_publish(path: str, text: str) -> Parsed:
    found = _PUBLISH_IMPORT.search(text)
    if found is None:
        return UNRECOGNIZED
    line = text.count("\n", 0, found.start()) + 1
    facts = (
        manifest_fact("pelican-conf", path, "Pelican publish config"),
        fact(ssg_key("pelican", path), path, line, "Pelican publish config imports pelicanconf"),
    )
    return Parsed("pelican-conf", facts)


def _top_level_assignments(text: str) -> list[_Assignment] | None:
    """Names assigned at module level, in order; None if the file is not valid Python."""
    try:
        with warnings.catch_warnings():  # a scanned file's odd literals are not our warnings
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except SyntaxError:
        from stackcheck.facts.signals.python.newer import newer_syntax  # Python newer than ours

        newer = newer_syntax(text)
        if newer is None:
            return None
        tree = newer
    except ValueError:  # NUL bytes in the source
        return None
    found: list[_Assignment] = []
    for statement in tree.body:
        targets: list[ast.expr] = []
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
            targets = [statement.target]
        found.extend(
            _Assignment(t.id, statement.lineno) for t in targets if isinstance(t, ast.Name)
        )
    return found


# ---------------------------------------------------------------------------------------
# JavaScript configs, read at the token level


class JsToken(NamedTuple):
    kind: str  # "name", "number", "string", "punct"
    value: str
    line: int


def js_tokens(text: str) -> Iterator[JsToken]:
    """Names, string literals and punctuation; comments, template literals, regexes skipped.

    Tolerant by design: an unterminated literal ends at the end of its line (or file), so
    no input makes this raise.
    """
    i, line, n = 0, 1, len(text)
    previous: JsToken | None = None
    while i < n:
        c = text[i]
        start_line = line
        if c == "\n":
            line, i = line + 1, i + 1
            continue
        if c.isspace():
            i += 1
            continue
        token: JsToken | None = None
        if text.startswith("//", i):
            i = _line_end(text, i)
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            line += text.count("\n", i, end)
            i = end
        elif c in "\"'":
            end, value = _js_string(text, i)
            token = JsToken("string", value, start_line)
            i = end
        elif c == "`":
            end = _template_end(text, i)
            line += text.count("\n", i, end)
            token = JsToken("string", text[i + 1 : end - 1], start_line)
            i = end
        elif c == "/" and _regex_allowed(previous):
            i = _regex_end(text, i)
        elif c.isalnum() or c in "_$":
            extra = "_$." if c.isdigit() else "_$"  # 1.5e3 is one number, a.b three tokens
            end = i + 1
            while end < n and (text[end].isalnum() or text[end] in extra):
                end += 1
            token = JsToken("number" if c.isdigit() else "name", text[i:end], start_line)
            i = end
        else:
            token = JsToken("punct", c, start_line)
            i += 1
        if token is not None:
            previous = token
            yield token


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end == -1 else end


def _js_string(text: str, i: int) -> tuple[int, str]:
    quote, j, parts = text[i], i + 1, []
    while j < len(text) and text[j] != quote and text[j] != "\n":
        if text[j] == "\\" and j + 1 < len(text):
            parts.append(text[j + 1])
            j += 2
            continue
        parts.append(text[j])
        j += 1
    return (j + 1 if j < len(text) and text[j] == quote else j), "".join(parts)


def _template_end(text: str, i: int) -> int:
    """End of a template literal, skipping `${ ... }` expressions (nested braces counted)."""
    j, depth = i + 1, 0
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if depth == 0 and c == "`":
            return j + 1
        if c == "$" and text.startswith("${", j):
            depth += 1
            j += 2
            continue
        if depth and c == "{":
            depth += 1
        elif depth and c == "}":
            depth -= 1
        j += 1
    return len(text)


def _regex_allowed(previous: JsToken | None) -> bool:
    """A `/` starts a regex literal where an expression may start, not after a value."""
    if previous is None:
        return True
    if previous.kind == "punct":
        return previous.value not in ")]}"
    return previous.kind == "name" and previous.value in ("return", "typeof", "case", "in")


def _regex_end(text: str, i: int) -> int:
    j, in_class = i + 1, False
    while j < len(text) and text[j] != "\n":
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif c == "/" and not in_class:
            return j + 1
        j += 1
    return j


def js_option(tokens: Sequence[JsToken], name: str) -> list[JsToken]:
    """String values in `name: <expression>` properties, up to the next `,` or closing brace."""
    found = []
    for i, token in enumerate(tokens[:-1]):
        if token.kind not in ("name", "string") or token.value != name:
            continue
        if not _is_colon(tokens[i + 1]):
            continue
        depth = 0
        for value in tokens[i + 2 :]:
            if value.kind == "punct" and value.value in "([{":
                depth += 1
            elif value.kind == "punct" and value.value in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif value.kind == "punct" and value.value == "," and depth == 0:
                break
            elif value.kind == "string":
                found.append(value)
    return found


def _js_false(tokens: Sequence[JsToken], name: str) -> JsToken | None:
    """The `name` property's token when its value is the literal `false`."""
    for token, colon, value in zip(tokens, tokens[1:], tokens[2:], strict=False):
        named = token.kind in ("name", "string") and token.value == name
        if named and _is_colon(colon) and value.kind == "name" and value.value == "false":
            return token
    return None


def js_has_property(tokens: Sequence[JsToken], name: str) -> JsToken | None:
    for token, following in itertools.pairwise(tokens):
        if token.kind == "name" and token.value == name and _is_colon(following):
            return token
    return None


def _is_colon(token: JsToken) -> bool:
    return token.kind == "punct" and token.value == ":"


def _js_config(kind: str, key: str, path: str, detail: str, line: int | None = None) -> Parsed:
    return Parsed(
        kind, (manifest_fact(kind, path, detail.split(" (")[0]), fact(key, path, line, detail))
    )


JS_CONFIG_EXTENSIONS = ("js", "cjs", "mjs", "ts", "cts", "mts")


def _names(*stems: str) -> tuple[str, ...]:
    return tuple(f"{stem}.{ext}" for stem in stems for ext in JS_CONFIG_EXTENSIONS)


def parse_jbake(path: str, text: str) -> Parsed:
    """JBake's `jbake.properties` (a Java site generator, baked by its Gradle or Maven
    plugin): its presence makes the folder a JBake site."""
    return _js_config("jbake-properties", ssg_key("jbake", path), path, "JBake properties")


def parse_sculpin(path: str, text: str) -> Parsed:
    """Sculpin's files (a PHP site generator): its kernel and site configs in app/config/
    (YAML) and its own package file, `sculpin.json`; any of them makes the folder a Sculpin
    site. Each is read as plain data, so a broken one is reported as such."""
    from stackcheck.facts.manifests.ecosystems.common import load_json_object, load_yaml_mapping

    if path.endswith(".json"):
        load_json_object(text)
    else:
        load_yaml_mapping(text, empty=True)
    return _js_config("sculpin-config", ssg_key("sculpin", path), path, "Sculpin config")


def parse_lektor(path: str, text: str) -> Parsed:
    """A Lektor project file (`site.lektorproject`, INI): its presence makes the folder a
    Lektor site; `[project]` holds the name."""
    line = next(
        (n for n, raw in enumerate(text.splitlines(), 1) if raw.strip() == "[project]"), None
    )
    return _js_config("lektor-project", ssg_key("lektor", path), path, "Lektor project", line)


# A book's table of contents (GitBook's `SUMMARY.md`): the Markdown pages it lists are the
# site GitBook renders. mdBook keeps its own in `src/`, beside the `book.toml` that says so.
_SUMMARY_LINK = re.compile(r"^[ \t]*[*+-][ \t]+\[[^\]\n]+\]\([^)\n]+\.md(?:#[^)\n]*)?\)", re.M)
MIN_SUMMARY_LINKS = 3


def parse_book_summary(path: str, text: str) -> Parsed:
    """Read for its links alone: no Markdown is malformed, and a `SUMMARY.md` that lists no
    pages is a summary in prose."""
    links = len(_SUMMARY_LINK.findall(text))
    folder = path.rpartition("/")[0]
    if links < MIN_SUMMARY_LINKS or folder.rpartition("/")[2] == "src":
        return Parsed("book-summary", (manifest_fact("book-summary", path, "SUMMARY.md"),))
    detail = f"GitBook table of contents ({links} pages)"
    return _js_config("book-summary", ssg_key("gitbook", path), path, detail)


def parse_gitbook(path: str, text: str) -> Parsed:
    return _yaml_config("gitbook-config", "gitbook", path, text, "GitBook config")


def parse_mdbook(path: str, text: str) -> Parsed:
    data = load_toml(text)
    if not isinstance(data.get("book"), dict):
        return Parsed("mdbook-config", ())
    return _js_config("mdbook-config", ssg_key("mdbook", path), path, "mdBook config")


def parse_bridgetown(path: str, text: str) -> Parsed:
    return _yaml_config("bridgetown-config", "bridgetown", path, text, "Bridgetown config")


def _yaml_config(kind: str, name: str, path: str, text: str, detail: str) -> Parsed:
    """A generator's YAML config whose presence makes the site: read only to be sure it is
    a mapping."""
    data, _ = load_yaml(text)
    if data is not None and not isinstance(data, dict):
        raise MalformedManifest(f"{path} is not a mapping (got {type(data).__name__})")
    return _js_config(kind, ssg_key(name, path), path, detail)


def parse_eleventy(path: str, text: str) -> Parsed:
    return _js_config("eleventy-config", ssg_key("eleventy", path), path, "Eleventy config")


def parse_docusaurus(path: str, text: str) -> Parsed:
    return _js_config("docusaurus-config", ssg_key("docusaurus", path), path, "Docusaurus config")


def parse_vitepress(path: str, text: str) -> Parsed:
    return _js_config("vitepress-config", ssg_key("vitepress", path), path, "VitePress config")


def parse_vuepress(path: str, text: str) -> Parsed:
    return _js_config("vuepress-config", ssg_key("vuepress", path), path, "VuePress config")


def parse_gatsby(path: str, text: str) -> Parsed:
    return _js_config("gatsby-config", ssg_key("gatsby", path), path, "Gatsby config")


ASTRO_SERVER_OUTPUTS = frozenset({"server", "hybrid"})


def parse_astro(path: str, text: str) -> Parsed:
    tokens = list(js_tokens(text))
    options = list(js_option(tokens, "output"))
    outputs = [t for t in options if t.value in ASTRO_SERVER_OUTPUTS]
    adapter = js_has_property(tokens, "adapter")
    if outputs:
        name, line, detail = (
            "astro.ssr",
            outputs[0].line,
            f"Astro config (output: '{outputs[0].value}')",
        )
    elif any(t.value == "static" for t in options):
        # A static build prerenders every page; an adapter then serves only the pages that
        # opt out (`prerender = false`), which the code scanner counts as handlers.
        name, line, detail = "astro", options[0].line, "Astro config (output: 'static')"
    elif adapter is not None:
        name, line, detail = "astro.ssr", adapter.line, "Astro config (SSR adapter)"
    else:
        name, line, detail = "astro", None, "Astro config"
    return _js_config("astro-config", ssg_key(name, path), path, detail, line)


# Nitro's presets that write files for a static host instead of a server (Nuxt 3).
NUXT_STATIC_PRESETS = frozenset(
    {"static", "github-pages", "github_pages", "netlify-static", "netlify_static",
     "vercel-static", "vercel_static", "cloudflare-pages-static", "cloudflare_pages_static"}
)  # fmt: skip


def parse_nuxt(path: str, text: str) -> Parsed:
    """Nuxt generates a static site with `target: 'static'` (Nuxt 2) or a static Nitro
    preset (Nuxt 3: `nitro: { preset: 'static' }`); otherwise its server renders the pages
    (nothing here: the `nuxt` dependency says that)."""
    tokens = list(js_tokens(text))
    static = [t for t in js_option(tokens, "target") if t.value == "static"]
    static += [t for t in js_option(tokens, "preset") if t.value in NUXT_STATIC_PRESETS]
    if not static:
        found = [manifest_fact("nuxt-config", path, "Nuxt config")]
        # `ssr: false`: the pages render in the browser, whatever the build serves them from;
        # a database library the app depends on is then the browser's client of a hosted
        # back end (Supabase, Firebase), not a server of its own.
        client_only = _js_false(tokens, "ssr")
        if client_only is not None:
            detail = "Nuxt config (ssr: false: pages rendered in the browser)"
            found.append(fact("nuxt.client_only", path, client_only.line, detail))
        return Parsed("nuxt-config", tuple(found))
    detail = f"Nuxt config ({static[0].value!r}: a generated site)"
    return _js_config("nuxt-config", ssg_key("nuxt_generate", path), path, detail, static[0].line)


def parse_next(path: str, text: str) -> Parsed:
    tokens = list(js_tokens(text))
    export = [t for t in js_option(tokens, "output") if t.value == "export"]
    if export:
        key, line, detail = (
            ssg_key("next_export", path),
            export[0].line,
            "Next.js config (output: 'export')",
        )
    else:
        key = "web.next.docs" if is_docs_path(path) else "web.next"
        line, detail = None, "Next.js config"
    return _js_config("next-config", key, path, detail, line)
