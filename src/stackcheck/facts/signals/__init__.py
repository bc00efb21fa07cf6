"""Code-signal scanners: one module per signal family, registered here.

A file scanner says which paths it wants (cheap, from the path alone), may name byte
strings of which at least one must occur for the file to be worth scanning, and turns the
file's text into facts. A tree scanner sees only the file list (paths and sizes). A
derivation turns the merged facts into ratios and summaries. None of them read files.

Modules of tree scanners and derivations are always loaded. A module of file scanners is
loaded only when a file it may want (by name or extension, the ROUTES below) has to be
analysed, which is never when every such file is answered from the cache.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from stackcheck.facts import Fact
from stackcheck.source.listing import PER_PATH_CACHE

if TYPE_CHECKING:
    from stackcheck.source.listing import RepoFile


class NotAnalysable(Exception):
    """A scanner cannot read this file (Python 2, a syntax error, nesting too deep ...); the
    message says why, and the collector lists the file as skipped with it."""


class FileScanner(NamedTuple):
    name: str
    wants: Callable[[str], bool]
    scan: Callable[[str, str], Iterable[Fact]]
    needles: tuple[bytes, ...] = ()  # empty: always scan a wanted file
    # Lower-case name endings ("." and what follows the last dot) `wants` can accept at all:
    # a pre-filter that spares calling it for other files. Empty: any file may be wanted.
    endings: tuple[str, ...] = ()
    # A cheap look at the raw bytes, tried before the needles: False only for a file in
    # which the scanner can find nothing. For a test the needles cannot say (several words
    # at once, in any casing) that rejects most files in fewer passes than they take.
    gate: Callable[[bytes], bool] | None = None


TreeScanner = Callable[[Sequence["RepoFile"]], Iterable[Fact]]
Derivation = Callable[[Mapping[str, Fact]], Iterable[Fact]]

FILE_SCANNERS: list[FileScanner] = []
TREE_SCANNERS: list[TreeScanner] = []
# The tree scanners whose facts depend on the files' paths and roles (documentation, tests)
# alone, never on their sizes or contents: the same for a tree after an edit to a file's
# content, so a resident server keeps them (collect.py).
SIZE_BLIND: set[TreeScanner] = set()
DERIVATIONS: list[Derivation] = []

# Tree scanners and derivations: loaded for every scan.
ALWAYS: tuple[str, ...] = (
    "languages",
    "layout",
    "static_tree",
    "derived",
)


class Route(NamedTuple):
    extensions: tuple[str, ...]  # lower-case file-name endings
    names: frozenset[str] = frozenset()  # exact file names


# JavaScript and TypeScript modules (not component files: `.tsx`, `.jsx`).
SCRIPT_ENDINGS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")
_JS = (*SCRIPT_ENDINGS, ".tsx")
_BUILD_SCRIPTS = (".cmake", ".mk", ".sh", ".bash")
_C_SOURCES = (".c", ".cc", ".cpp", ".cxx")
# A browser extension's manifest, and the variants a cross-browser build merges into it (a
# base manifest, one per browser or manifest version: `manifest.v3.json`).
EXTENSION_MANIFESTS = frozenset(
    {
        "manifest.json",
        *(
            f"manifest.{variant}.json"
            for variant in (
                *("base", "common", "v2", "v3", "mv2", "mv3", "chrome", "chromium"),
                *("firefox", "edge", "safari", "opera", "dev", "prod"),
            )
        ),
    }
)
_NATIVE = (*_C_SOURCES, ".h", ".hh", ".hpp", ".hxx", ".ipp", ".inl")

# File-scanner modules and the files they may want: a superset of their scanners' `wants`
# (tests/signals/test_routes.py checks that), so a module is never loaded for nothing.
ROUTES: dict[str, Route] = {
    "python.code": Route((".py", ".pyw")),
    "php": Route((".php", ".phtml")),
    "realtime": Route(
        (
            *_JS,
            ".coffee",
            ".go",
            ".erl",
            ".rs",
            ".ex",
            ".exs",
            ".cs",
            ".rb",
            ".ru",
            ".java",
            ".kt",
            ".pl",
            ".pm",
            ".psgi",
            ".cgi",
            ".r",
            ".lua",
            ".cr",
            ".hs",
            ".nim",
            ".dart",
            ".scala",
            *_NATIVE,
        ),
        frozenset({"tsconfig.json", "tsconfig.base.json", "jsconfig.json"}),
    ),
    "latency": Route(
        (
            *_NATIVE,
            *(".rs", ".go", ".java", ".cs", ".py", ".scala", ".kt", ".rb", ".ex", ".ml", ".zig"),
            *(".clj", ".cljs", ".cljc", ".hs"),
            *SCRIPT_ENDINGS,
            *_BUILD_SCRIPTS,
        ),
        frozenset(
            {
                "CMakeLists.txt",
                "Makefile",
                "makefile",
                "GNUmakefile",
                "meson.build",
                "Cargo.toml",
                "BUILD",
                "BUILD.bazel",
                ".bazelrc",
                "configure.ac",
                "config",
                "config.toml",
            }
        ),
    ),
    "static_content": Route(
        (
            ".md",
            ".markdown",
            ".mdx",
            ".html",
            ".htm",
            ".pug",
            ".jade",
            ".njk",
            *_JS,
            ".go",
            ".rs",
            ".cs",
            ".ex",
            ".py",
            ".ru",
            ".java",
            ".kt",
        ),
    ),
    "extension": Route((), EXTENSION_MANIFESTS),
    "asp": Route((".asp",)),
    "site_generator": Route((".py", ".js", ".mjs", ".cjs", ".ts", ".go", ".rs", ".rb")),
    "firmware": Route((*_C_SOURCES, ".h", ".hh", ".hpp", ".hxx")),
    "go_packages": Route((".go",)),
    "access": Route(
        (".cs", ".cshtml", ".razor", ".java", ".kt", ".groovy", ".php", ".rb", *SCRIPT_ENDINGS)
    ),
    "schemas": Route(
        (
            *(".prisma", ".cs", ".java", ".kt", ".groovy", *SCRIPT_ENDINGS, ".ex", ".exs"),
            *(".go", ".sql", ".py", ".php", ".rb", ".json"),
        )
    ),
}

# Every module, for tools that want all of them at once.
MODULES: tuple[str, ...] = (*ALWAYS, *ROUTES)

_by_module: dict[str, tuple[FileScanner, ...]] = {}
_always_loaded = False


def load_always() -> None:
    global _always_loaded
    if not _always_loaded:
        _always_loaded = True
        for module in ALWAYS:
            importlib.import_module(f"stackcheck.facts.signals.{module}")


def load_all() -> None:
    load_always()
    for module in ROUTES:
        scanners_in(module)


def scanners_in(module: str) -> tuple[FileScanner, ...]:
    """The file scanners a module registers, importing it on first use."""
    if module not in _by_module:
        name = f"stackcheck.facts.signals.{module}"
        importlib.import_module(name)
        _by_module[module] = tuple(s for s in FILE_SCANNERS if s.scan.__module__ == name)
    return _by_module[module]


@lru_cache(maxsize=4096)
def _routed(name: str, ending: str) -> tuple[str, ...]:
    return tuple(
        module
        for module, route in ROUTES.items()
        if name in route.names or (ending and ending in route.extensions)
    )


@lru_cache(maxsize=4096)
def scanners_for(module: str, ending: str) -> tuple[FileScanner, ...]:
    """The scanners of a module that may want a file with this name ending."""
    return tuple(s for s in scanners_in(module) if not s.endings or ending in s.endings)


@lru_cache(maxsize=4096)
def candidates(modules: tuple[str, ...], ending: str) -> tuple[FileScanner, ...]:
    """The scanners of these modules that may want a file with this name ending, in order."""
    return tuple(s for module in modules for s in scanners_for(module, ending))


def ending_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def modules_for(path: str) -> tuple[str, ...]:
    """The file-scanner modules that may want this file, judged by its name alone (kept by
    name: a large tree's paths are each asked once, and its names repeat)."""
    return _modules_named(path.rpartition("/")[2])


@lru_cache(maxsize=PER_PATH_CACHE)
def _modules_named(name: str) -> tuple[str, ...]:
    dot = name.rfind(".")
    return _routed(name, name[dot:].lower() if dot > 0 else "")
