"""Static-only signals visible from paths alone: SSG folders, helper scripts, public
folders, a bundler's committed output and named server entry points (wsgi.py, manage.py,
config.ru ...).

Kept apart from static_content.py (which reads files) so that a scan answered from the cache
runs these without loading the content scanners.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from stackcheck.facts import MAX_EVIDENCE_PER_FACT, Evidence, Fact
from stackcheck.facts.signals import TREE_SCANNERS
from stackcheck.facts.signals.tokens import is_documentation
from stackcheck.source.listing import PER_PATH_CACHE, RepoFile, per_path

MAX_EVIDENCE = 10
HELPER_MAX_BYTES = 8 * 1024
TEST_FOLDERS = frozenset({"test", "tests", "spec", "specs", "__tests__", "fixtures", "testdata"})
PUBLIC_FOLDERS = frozenset({"public", "static"})
# (Not manage.py: Django's starts a site, but other projects name their own command line so;
# the Python analyzer tells them apart by the code, django.manage_py.)
NAMED_ENTRIES = {
    "wsgi.py": "WSGI application module",
    "asgi.py": "ASGI application module",
    "config.ru": "Rack application (config.ru)",
}
# File names whose content static_content.py checks for a listening server (ENTRY_PATTERNS).
ENTRY_NAMES = frozenset(
    {
        "app.js",
        "app.mjs",
        "app.ts",
        "index.js",
        "index.mjs",
        "index.ts",
        "main.go",
        "main.rs",
        "Program.cs",
        "endpoint.ex",
        "main.js",
        "main.ts",
        "server.cjs",
        "server.js",
        "server.mjs",
        "server.ts",
    }
)

# A data set kept at the root (`data/`: the pages a scraper saved, notes it fetched, a
# corpus): its Markdown and HTML are what the project collected, not pages of a site.
# (Hugo's and Middleman's own `data/` hold data files, not pages, too.)
DATA_FOLDER = "data/"


def in_data_set(path: str) -> bool:
    return path.startswith(DATA_FOLDER)


# --- the tree: SSG folders, helper scripts, public folders, named entry points -----------


class _Place(NamedTuple):
    key: str
    path: str
    detail: str


SSG_FOLDERS = {
    "_layouts": "Jekyll layout",
    "_includes": "SSG include",
    "_posts": "Jekyll post",
    "_data": "SSG data file",
    "archetypes": "Hugo archetype",
}
SSG_TEMPLATE_EXTENSIONS = (
    ".html",
    ".htm",
    ".liquid",
    ".njk",
    ".hbs",
    ".md",
    ".markdown",
    ".xml",
    ".toml",
    ".yml",
    ".yaml",
    ".json",
)
# (Not .php: a PHP file is a page the server runs, the php scanner says which.)
SCRIPT_EXTENSIONS = (".py", ".rb", ".sh", ".bash", ".pl")
JS_SCRIPT_EXTENSIONS = (".js", ".mjs", ".cjs", ".ts")
SCRIPT_NAMES = frozenset({"Rakefile", "Gruntfile.js", "gulpfile.js"})
SCRIPT_FOLDERS = frozenset({"scripts", "script", "bin", "tools", "_plugins"})
# What a bundler writes: scripts and styles named with their content's hash
# (`static/js/main.68eac0ea.js`, `2.a1b2c3d4.chunk.js`, Vite's `assets/index-4f3a2b1c.js`), and
# Create React App's `asset-manifest.json`. Committed, they are a built site.
_BUNDLE_OUTPUT = re.compile(
    r"[\w-]+[.-][0-9a-f]{8,20}(?:\.chunk)?\.(?:js|css)|[\w-]+-(?=\w{0,7}\d)\w{8}\.(?:js|css)"
)
BUNDLE_MANIFEST = "asset-manifest.json"


def static_tree(files: Sequence[RepoFile]) -> Iterable[Fact]:
    places_of = per_path(_places, len(files))
    places: dict[str, list[_Place]] = {}
    for file in files:
        for place in places_of(file):
            places.setdefault(place.key, []).append(place)
    for place in _ghost_theme(files):
        places.setdefault(place.key, []).append(place)
    for key in sorted(places):
        found = places[key]
        evidence = tuple(Evidence(p.path, None, p.detail) for p in found[:MAX_EVIDENCE])
        yield Fact(key, len(found), evidence)
    exports = list(_notebook_exports(files))
    if exports:
        # (every one a fact keeps: derived.notebook_exports takes each out of the pages)
        kept = exports[:MAX_EVIDENCE_PER_FACT]
        evidence = tuple(Evidence(p.path, None, p.detail) for p in kept)
        yield Fact("static.notebook_exports", len(exports), evidence)


# A Ghost theme: the two templates Ghost requires of one (`index.hbs`, `post.hbs`) in one
# folder, with its layout, its other templates and its `partials/`. Ghost's own server renders
# them; what the repository ships is a theme's files, as a site generator's theme is.
GHOST_REQUIRED = ("index.hbs", "post.hbs")


def _ghost_theme(files: Sequence[RepoFile]) -> Iterator[_Place]:
    templates = [f.path for f in files if f.path.endswith(".hbs") and f.product]
    if len(templates) < len(GHOST_REQUIRED):
        return
    held: dict[str, set[str]] = {}
    for path in templates:
        folder, _, name = path.rpartition("/")
        if name in GHOST_REQUIRED:
            held.setdefault(folder, set()).add(name)
    themes = {
        folder
        for folder, names in held.items()
        if len(names) == len(GHOST_REQUIRED) and not _folder(folder).server_templates
    }
    for path in templates:
        folder = path.rpartition("/")[0]
        parent, _, last = folder.rpartition("/")
        if folder in themes or (last == "partials" and parent in themes):
            yield _Place("static.ssg_layout", path, "Ghost theme template")


# A notebook's (or an R Markdown or Quarto document's) export beside it: nbconvert's
# `analysis.html` and `analysis.slides.html`, knitr's `report.html`. A report of the analysis,
# not a page of a site (derived.notebook_exports takes them out of static.html_pages).
NOTEBOOK_ENDINGS = (".ipynb", ".Rmd", ".rmd", ".qmd")
_EXPORT_ENDINGS = (".slides.html", ".nbconvert.html", ".html", ".htm")


def _notebook_exports(files: Sequence[RepoFile]) -> Iterator[_Place]:
    # (one `endswith` a path: a large tree's listing is passed over twice)
    notebooks = {f.path.rpartition(".")[0] for f in files if f.path.endswith(NOTEBOOK_ENDINGS)}
    if not notebooks:
        return
    for file in files:
        if not file.path.endswith((".html", ".htm")):
            continue
        ending = next(e for e in _EXPORT_ENDINGS if file.path.endswith(e))
        if file.path[: -len(ending)] in notebooks:
            yield _Place("static.notebook_exports", file.path, "a notebook's export beside it")


# history and diff scan many trees that share most files: each is judged once per run.
@lru_cache(maxsize=PER_PATH_CACHE)
def _places(file: RepoFile) -> tuple[_Place, ...]:
    if not file.product:
        return ()  # docs and tests describe the product; they are not it
    folder, _, name = file.path.rpartition("/")
    where = _folder(folder)
    if where.documentation:
        return ()
    return tuple(_classify(file, name, where))


class _Folder(NamedTuple):
    """What a folder's path says, whichever of its files is asked about."""

    folders: tuple[str, ...]  # its parts, lower case
    documentation: bool
    ssg: str | None  # what the first part that is an SSG folder holds
    server_templates: bool  # views/ or templates/ among its parts
    public: bool
    assets: bool  # public, static or assets
    test: bool
    data_set: bool  # in_data_set


# Most of a tree's files share their folder with many others.
@lru_cache(maxsize=PER_PATH_CACHE)
def _folder(folder: str) -> _Folder:
    folders = tuple(p.lower() for p in folder.split("/")) if folder else ()
    present = set(folders)
    return _Folder(
        folders=folders,
        documentation=is_documentation(folder + "/"),  # (asked of a path in the folder)
        ssg=next((SSG_FOLDERS[f] for f in folders if f in SSG_FOLDERS), None),
        server_templates=bool({"views", "templates"} & present),
        public=bool(present & PUBLIC_FOLDERS),
        assets=bool(present & (PUBLIC_FOLDERS | {"assets"})),
        test=bool(present & TEST_FOLDERS),
        data_set=in_data_set(folder + "/"),
    )


def _classify(file: RepoFile, name: str, where: _Folder) -> Iterator[_Place]:
    ssg = _ssg_folder(where, name.lower())
    if ssg is not None:
        yield _Place("static.ssg_layout", file.path, ssg)
    if where.public:
        yield _Place("static.public_dir", file.path, "served as-is from a public/static folder")
    if name == BUNDLE_MANIFEST or (where.assets and _BUNDLE_OUTPUT.fullmatch(name)):
        yield _Place("static.bundle_output", file.path, "a bundler's output, committed")
    if _is_helper_script(file, name, where):
        yield _Place("static.helper_scripts", file.path, f"small script ({file.size} bytes)")
    if name in NAMED_ENTRIES and not where.test:
        yield _Place("server.entry", file.path, NAMED_ENTRIES[name])


def _ssg_folder(where: _Folder, name: str) -> str | None:
    if where.server_templates or where.data_set:
        return None  # a server app's template folder (express-handlebars views/layouts/)
    if where.ssg is not None:
        return where.ssg
    folders = where.folders
    if not name.endswith(SSG_TEMPLATE_EXTENSIONS):
        if "pages" in folders and name.endswith(".astro"):
            return "Astro page"  # (in `src/pages/`, or a `pages/` its srcDir names)
        return None
    if "layouts" in folders or "themes" in folders:
        return "SSG layout" if "layouts" in folders else "SSG theme file"
    if folders[:2] == ("src", "pages") and name.endswith((".md", ".markdown")):
        return "Astro page"
    return None


def _is_helper_script(file: RepoFile, name: str, where: _Folder) -> bool:
    if not 0 < file.size <= HELPER_MAX_BYTES or where.assets:
        return False
    if name in NAMED_ENTRIES or name in ENTRY_NAMES or name in ("__init__.py", "manage.py"):
        return False  # a server's entry point, a project's command line, a package marker
    if name in SCRIPT_NAMES or name.lower().endswith(SCRIPT_EXTENSIONS):
        return True
    # JavaScript elsewhere is as likely browser code (static.client_js tells) as a tool.
    folders = where.folders
    return bool(folders) and folders[-1] in SCRIPT_FOLDERS and name.endswith(JS_SCRIPT_EXTENSIONS)


TREE_SCANNERS.append(static_tree)
