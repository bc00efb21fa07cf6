"""Static-only content against server entry points.

A static site is pages with front matter, SSG layout folders, plain HTML and browser
scripts, perhaps one helper script; a web application has a server entry point. These
facts let rules tell them apart, and tell a real page from generated API documentation
(Doxygen, Sphinx, Javadoc output committed to the tree) or from a server app's public/
folder. Documentation folders are left out throughout: a docs site belongs to the product
it documents.

Facts (counts; evidence names the files):
    static.front_matter     Markdown/HTML files opening with a YAML (---) or TOML (+++) block
    static.ssg_layout       files in SSG folders (_layouts/, _includes/, _posts/, _data/,
                            layouts/, archetypes/, themes/, src/pages/, content/ with front matter),
                            and a Ghost theme's templates (index.hbs and post.hbs in one folder)
    static.html_pages       .html pages outside template folders, not generated documentation,
                            and not a fragment of script blocks and templates (a Node-RED
                            node's editor panel)
    static.page_scripts     scripts of the project's own that such a page loads (`<script
                            src="models/board.js">`, each once; one named in a comment counts:
                            it was written for the page)
    static.template_pages   whole pages written in Pug or Nunjucks outside template folders,
                            which the project's own build renders to HTML (a theme whose
                            committed build output is left out has no other page)
    static.generated_docs   .html pages written by a documentation generator
    static.client_js        JavaScript files that only touch the DOM
    static.helper_scripts   small script files (Python, Ruby, shell, a root-level JS tool ...)
    static.public_dir       files under public/ or static/ (rules discount them in a server app)
    server.entry            a server entry point (server.js with listen, main.go with
                            ListenAndServe, wsgi.py, asgi.py, manage.py, config.ru, main.rs
                            with an HTTP server, Program.cs with WebApplication, ...)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import NamedTuple

from stackcheck.facts import Evidence, Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, FileScanner
from stackcheck.facts.signals.led import (
    JS_SERVER_LISTEN,
    Gated,
    any_match,
    first_match,
    gated,
    js_imports_of,
    led,
)
from stackcheck.facts.signals.static_tree import (  # noqa: F401  (static_tree re-exported)
    MAX_EVIDENCE,
    NAMED_ENTRIES,
    PUBLIC_FOLDERS,
    TEST_FOLDERS,
    in_data_set,
    static_tree,
)
from stackcheck.facts.signals.tokens import JAVASCRIPT, Lines, is_documentation, strip, strip_path

# Page templates rendered to HTML when a site is built. Not Handlebars or EJS, which are
# mostly a server's views (and not `views/`, a template folder, for Pug either).
TEMPLATE_PAGE_EXTENSIONS = (".pug", ".jade", ".njk")
PAGE_EXTENSIONS = (".md", ".markdown", ".mdx", ".html", ".htm", *TEMPLATE_PAGE_EXTENSIONS)
HTML_EXTENSIONS = (".html", ".htm")
# A whole page, not a partial: Pug's doctype, root element or `extends` of a layout on a line
# of its own; Nunjucks' `{% extends %}` or an HTML document's start.
_PUG_PAGE = re.compile(r"^[ \t]*(?:doctype\b|html\b|extends[ \t])", re.MULTILINE)
_NUNJUCKS_PAGE = re.compile(r"\{%-?\s*extends\b|<!doctype\s|<html\b", re.IGNORECASE)
TEMPLATE_FOLDERS = frozenset(
    {
        "templates",
        "template",
        "views",
        "layouts",
        "_layouts",
        "_includes",
        "includes",
        "partials",
        "components",
    }
)
CLIENT_FOLDERS = frozenset({"public", "static", "assets", "dist", "js", "scripts"})
DOC_GENERATORS = (
    "doxygen",
    "docutils",
    "sphinx",
    "javadoc",
    "rustdoc",
    "mkdocs",
    "typedoc",
    "pdoc",
    "jsdoc",
    "epydoc",
    "docfx",
    "asciidoctor",
    "gitbook",
    "docusaurus",
    "vuepress",
    "yard",
    "rdoc",
    # (a data set's profile report: generated, not a page of a site)
    "pandas profiling",
    "pandas-profiling",
    "ydata-profiling",
)
_TEMPLATE_SYNTAX = re.compile(r"\{%-?\s*(?:extends|load|block|csrf_token|url)\b|<%[=-]?\s")


# --- pages and front matter --------------------------------------------------------------


class FrontMatter(NamedTuple):
    kind: str  # "YAML" or "TOML"
    keys: tuple[str, ...]
    lines: int  # how many lines the block takes, delimiters included


def front_matter(text: str) -> FrontMatter | None:
    """The front matter block at the very start of a page, parsed; None if there is none."""
    lines = text.split("\n", 400)
    fence = lines[0].rstrip()
    if fence not in ("---", "+++"):
        return None
    closers = ("---", "...") if fence == "---" else ("+++",)
    for index, line in enumerate(lines[1:400], start=1):
        if line.rstrip() in closers:
            block = "\n".join(lines[1:index])
            keys = _yaml_keys(block) if fence == "---" else _toml_keys(block)
            if keys is None:
                return None
            return FrontMatter("YAML" if fence == "---" else "TOML", keys, index + 1)
    return None


def _yaml_keys(block: str) -> tuple[str, ...] | None:
    from stackcheck.facts import safeyaml

    try:
        data = safeyaml.load(block)  # bounded: a merge-key bomb is refused, not expanded
    except (safeyaml.BadYAML, RecursionError):
        return None
    if data is None:
        return ()
    return tuple(str(k) for k in data) if isinstance(data, dict) else None


def _toml_keys(block: str) -> tuple[str, ...] | None:
    from stackcheck.facts._toml import TOMLDecodeError, loads

    try:
        return tuple(loads(block))
    except TOMLDecodeError:
        return None


class _HeadReader(HTMLParser):
    """Collects generator names from <meta name="generator"> and leading comments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.generators: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta" and values.get("name", "").lower() == "generator":
            self.generators.append(values.get("content", ""))
        if tag == "script" and "documentation_options.js" in values.get("src", ""):
            self.generators.append("Sphinx")

    def handle_comment(self, data: str) -> None:
        if "generated by" in data.lower():
            self.generators.append(data.strip())


# Reports a test tool writes, known by what their head holds rather than by a generator tag:
# Stryker's mutation report (its web component's script inlined) and Istanbul's coverage
# report (nyc, Jest) wherever its output folder was put.
_REPORT_MARKERS = (
    ("mutationtestelements", "Stryker (mutation testing report)"),
    ("<title>code coverage report for", "Istanbul (code coverage report)"),
    # (nbconvert's JupyterLab template sets the editor's colours in the head: a notebook's
    # analysis exported to HTML, a report beside the notebook, not a site's page)
    ("--jp-mirror-editor-", "Jupyter nbconvert (a notebook exported to HTML)"),
)


def doc_generator(text: str) -> str | None:
    """The documentation generator (or test report tool) that wrote this HTML page, if any."""
    head = text[:16384].lower()
    for marker, tool in _REPORT_MARKERS:
        if marker in head:
            return tool
    if "documentation_options.js" not in head and not any(n in head for n in DOC_GENERATORS):
        return None  # nothing in the head can name a generator: no need to parse it
    reader = _HeadReader()
    try:
        reader.feed(text[:16384])  # generators sign the head; the body is not needed
        reader.close()
    except AssertionError:  # html.parser's answer to a malformed marked section
        pass
    for generator in reader.generators:
        lowered = generator.lower()
        for name in DOC_GENERATORS:
            if name in lowered:
                return generator.split(",")[0].strip()[:60]
    return None


def scan_page(path: str, text: str) -> Iterator[Fact]:
    if in_data_set(path):
        return  # a data set's documents, not the site's pages
    found = front_matter(text)
    folders = {p.lower() for p in path.split("/")[:-1]}
    if found is not None:
        keys = f" ({', '.join(found.keys[:4])})" if found.keys else ""
        yield fact("static.front_matter", path, 1, f"{found.kind} front matter{keys}")
        if "content" in folders:
            yield fact("static.ssg_layout", path, 1, "content page with front matter")
    lowered = path.lower()
    if lowered.endswith(TEMPLATE_PAGE_EXTENSIONS):
        yield from _template_page(path, text, folders)
        return
    if not lowered.endswith(HTML_EXTENSIONS):
        return
    generator = doc_generator(text)
    if generator is not None:
        yield fact("static.generated_docs", path, None, f"generated by {generator}")
    elif folders & TEMPLATE_FOLDERS or path.lower().endswith(".component.html"):
        return
    elif found is None and _TEMPLATE_SYNTAX.search(text):
        return  # a server-side template kept outside a templates/ folder
    elif _TEST_RUNNER.search(text):
        return  # the page a browser test framework runs the tests in: no one visits it
    elif found is None and _SCRIPT_FRAGMENT.match(text) and _DOCUMENT.search(text) is None:
        return  # script blocks and templates for a program to take in, no page of its own
    else:
        yield fact("static.html_pages", path, None, "HTML page")
        yield from _page_scripts(path, text)


# A file that begins (after comments) with a script block or a template and has none of a
# document's parts is a fragment a program takes in, as a Node-RED node's editor panel is
# (`<script type="text/javascript">RED.nodes.registerType(...)` and `<script
# type="text/html">` templates): no one visits it. A page whose first tag is a heading is
# still a page, however little of a document it has.
# (A comment's body is read up to its first `-->` and no further: a lazy `.*?` under the
# repetition may end any comment at any later `-->`, and a page of many comments took
# seconds to be told it does not begin so.)
_SCRIPT_FRAGMENT = re.compile(
    r"(?:\s|<!--(?:[^-]|-(?!->))*-->)*<(?:script|template)\b", re.IGNORECASE
)
_DOCUMENT = re.compile(r"<(?:!doctype|html|head|body|title|meta)\b", re.IGNORECASE)
# A page that loads a browser test framework (Mocha's, Jasmine's or QUnit's runner page).
_TEST_RUNNER = re.compile(
    r"<script\b[^>]{0,500}?\bsrc\s*=\s*[\"']?[^\"'\s>]{0,300}?\b(?:mocha|jasmine|qunit)"
    r"(?:[-.][\w.-]*)?\.js\b",
    re.IGNORECASE,
)
# A script element's source in the project itself (not `https://`, `//cdn...` or `data:`).
_SCRIPT_SRC = re.compile(
    r"<script\b[^>]{0,500}?\bsrc\s*=\s*[\"']?(?![a-z][\w+.-]*:|//)([^\"'\s>]{1,300})", re.IGNORECASE
)


def _page_scripts(path: str, text: str) -> Iterator[Fact]:
    sources: dict[str, int] = {}
    for found in _SCRIPT_SRC.finditer(text):
        sources.setdefault(found.group(1).split("?")[0], found.start())
    if sources:
        line = Lines(text).number(next(iter(sources.values())))  # (the first, in order)
        detail = f"the page loads {len(sources)} script(s) of its own"
        yield Fact("static.page_scripts", len(sources), (Evidence(path, line, detail),))


def _template_page(path: str, text: str, folders: set[str]) -> Iterator[Fact]:
    name = path.rsplit("/", 1)[-1]
    if folders & TEMPLATE_FOLDERS or name.startswith("_"):
        return  # layouts, includes, partials (`_nav.pug`) and a server's views
    page = _NUNJUCKS_PAGE if path.lower().endswith(".njk") else _PUG_PAGE
    found = page.search(text)
    if found is not None:
        lines = Lines(text)
        line = lines.number(found.start())
        language = "Nunjucks" if page is _NUNJUCKS_PAGE else "Pug"
        yield fact("static.template_pages", path, line, f"{language} page: {lines.text(line, 60)}")


# --- browser scripts ---------------------------------------------------------------------

# Each alternative begins with its literal (led.py): every JavaScript file is asked.
_DOM = tuple(
    led(rf"{name}\s*\.\s*[\w$]+", "$.", word=True)
    for name in ("document", "window", "navigator", "localStorage", "sessionStorage")
)
_SERVER_JS = (
    *js_imports_of(
        r"node:[\w/]+|https?|net|fs|path|os|child_process|express|koa|fastify|hono|elysia"
        r"|socket\.io"
        r"|ws|@nestjs/[\w-]+"
    ),
    led(r"process\s*\.\s*(?:env|argv|exit)\b", word=True),
    led(r"__dirname\b", word=True),
    led(r"\.\s*listen\s*\("),
)
_JS_TOOL_NAMES = re.compile(
    r"(?:^|[./])(?:config|conf|gulpfile|gruntfile|webpack|rollup|vite|babel|eslint|prettier"
    r"|postcss|tailwind|jest|karma|\.eleventy)\.[cm]?js$",
    re.IGNORECASE,
)


def scan_client_js(path: str, text: str) -> Iterator[Fact]:
    if _JS_TOOL_NAMES.search(path.rsplit("/", 1)[-1]):
        return
    code = strip(text, JAVASCRIPT, strings=True)
    dom = first_match(_DOM, code)
    if dom is None or any_match(_SERVER_JS, strip(text, JAVASCRIPT)):
        return
    lines = Lines(text)
    line = lines.number(dom.start())
    yield fact("static.client_js", path, line, f"browser script: {dom.group(0)}")


# --- server entry points -----------------------------------------------------------------

# Searched only where a `listen(` or `serve(` is: the pattern begins with a word of any
# spelling, so the regex engine would otherwise try it at every position of the file.
_JS_ENTRY = gated(
    r"(?<![\w$])[\w$)]*\s*" + JS_SERVER_LISTEN + r"|\b(?:Bun|Deno)\s*\.\s*serve\s*\(",
    r"listen\s*\(|serve\s*\(",
)
ENTRY_PATTERNS: dict[str, re.Pattern[str] | Gated] = {
    **dict.fromkeys(
        (
            "server.js",
            "app.js",
            "index.js",
            "main.js",
            "server.mjs",
            "app.mjs",
            "index.mjs",
            "server.cjs",
            "server.ts",
            "app.ts",
            "main.ts",
            "index.ts",
        ),
        _JS_ENTRY,
    ),
    # HTTP servers only: a plain TCP listener (a chat hub, a proxy, a database) is no web
    # server, and `r.Run()` starts one only in a web framework's file (_FRAMEWORK_GUARDS).
    "main.go": re.compile(
        r"\bListenAndServe(?:TLS)?\s*\(|\bhttp\s*\.\s*Serve\s*\("
        r"|\b(?:r|router|engine|e|app|srv|server|g)\s*\.\s*(?:Run|Start|Listen)\s*\(\s*(?:\"|\))"
    ),
    "main.rs": re.compile(
        r"\bHttpServer\s*::\s*new\b|\baxum\s*::\s*(?:serve|Server)\b|\bServer\s*::\s*bind\b"
        r"|\bwarp\s*::\s*serve\b|\brocket\s*::\s*build\b|#\[\s*(?:launch|rocket::main)\s*\]"
        r"|\btide\s*::\s*new\b|\bpoem\s*::\s*Server\b"
    ),
    "Program.cs": re.compile(
        r"\bWebApplication\s*\.\s*Create(?:Builder|SlimBuilder)?\s*\(|\.UseStartup\s*<"
        r"|\bConfigureWebHostDefaults\b|\bWebHost\s*\.\s*CreateDefaultBuilder\b"
    ),
    "endpoint.ex": re.compile(r"\buse\s+Phoenix\.Endpoint\b"),
}
# (or the annotation on the class whose main method runs it, however that method is written)
_SPRING_ENTRY = re.compile(
    r"\bSpringApplication\s*\.\s*run\s*\(|\brunApplication\s*<|@SpringBootApplication\b"
)


# A match that starts a server only where the file imports one of these frameworks.
_FRAMEWORK_GUARDS = {
    "main.go": (
        re.compile(r"\.\s*(?:Run|Start|Listen)\s*\("),
        re.compile(r"gin-gonic|labstack/echo|gofiber|kataras/iris|go-chi|gorilla/mux|beego"),
    ),
}


def _entry_pattern(name: str) -> re.Pattern[str] | Gated | None:
    if name in ENTRY_PATTERNS:
        return ENTRY_PATTERNS[name]
    if name.endswith((".java", ".kt")):
        # (Spring Boot's main class is named for the project, `MSVApp.java` as often as
        # `ShopApplication.java`; the scanner's needles pass over the other files unread.)
        return _SPRING_ENTRY
    return None


def scan_entry(path: str, text: str) -> Iterator[Fact]:
    name = path.rsplit("/", 1)[-1]
    pattern = _entry_pattern(name)
    if pattern is None:
        return
    if (
        pattern is _SPRING_ENTRY
        and "SpringApplication" not in text
        and "SpringBootApplication" not in text
        and "runApplication" not in text
    ):
        return  # (most of a JVM project's files: nothing to blank comments in)
    code = strip_path(path, text, strings=True)
    found = pattern.search(code)
    guard = _FRAMEWORK_GUARDS.get(name)
    if found is not None and guard is not None and guard[0].search(found.group(0)):
        found = found if guard[1].search(text) else None
    if found is not None:
        lines = Lines(text)
        line = lines.number(found.start())
        yield fact("server.entry", path, line, f"{name}: {lines.text(line, 70)}")


# --- registration ------------------------------------------------------------------------


def _wants_page(path: str) -> bool:
    return path.lower().endswith(PAGE_EXTENSIONS) and not is_documentation(path)


def _wants_client_js(path: str) -> bool:
    lowered = path.lower()
    return (
        lowered.endswith((".js", ".mjs"))
        and not lowered.endswith(".min.js")
        and not is_documentation(path)
    )


def _wants_entry(path: str) -> bool:
    folders = {p.lower() for p in path.split("/")[:-1]}
    name = path.rsplit("/", 1)[-1]
    if is_documentation(path) or folders & (TEST_FOLDERS | CLIENT_FOLDERS):
        return False
    return _entry_pattern(name) is not None


FILE_SCANNERS.extend(
    [
        FileScanner("static-pages", _wants_page, scan_page),
        FileScanner(
            "static-client-js",
            _wants_client_js,
            scan_client_js,
            (b"document", b"window", b"navigator", b"localStorage", b"sessionStorage"),
        ),
        FileScanner(
            "server-entry",
            _wants_entry,
            scan_entry,
            (
                b"listen",
                b"serve",
                b"Serve",
                b"Listen",
                b".Run(",
                b".Start(",
                b"Server",
                b"WebApplication",
                b"UseStartup",
                b"WebHost",
                b"SpringApplication",
                b"SpringBootApplication",
                b"runApplication",
                b"Phoenix.Endpoint",
                b"launch",
                b"bind",
                b"tide",
            ),
        ),
    ]
)
