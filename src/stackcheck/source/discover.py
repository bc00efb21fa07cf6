"""Which files exist in the target, and which of them are vendored, generated or docs.

In a git work tree the list is what git tracks plus untracked files it does not ignore;
in a plain directory it is a walk that honours every .gitignore on the way. Vendored and
generated content is left out (defaults, `.gitattributes` linguist-* attributes, config
excludes); documentation stays in the list but is flagged, so a docs site inside an
application is not mistaken for the product.
"""

from __future__ import annotations

import functools
import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from stackcheck.errors import StackcheckError
from stackcheck.source import git as gitsource
from stackcheck.source.listing import (
    Entry,
    Listing,
    Reader,
    RepoFile,
    RepoFiles,
    Skipped,
    Store,
)
from stackcheck.source.patterns import MAX_STARS, MAX_WILDCARD_PATTERNS, PatternList
from stackcheck.source.worktree import walk_listing

# Directory and file patterns (gitignore syntax) that are never the project's own code.
VENDORED_PATTERNS = (
    "node_modules/",
    "bower_components/",
    "jspm_packages/",
    # Snowpack's (formerly @pika/web's) install target: the browser builds of the packages
    # the pages import, as node_modules holds them for Node.
    "web_modules/",
    # Yarn 2+'s own folder: its release, plugins, cache and the editor SDKs it generates
    # (`.yarn/sdks/typescript/package.json` is TypeScript's shim, not a package of the
    # project's), and Plug'n'Play's generated loader.
    ".yarn/",
    ".pnp.cjs",
    ".pnp.loader.mjs",
    # MLflow's tracking store: each run's parameters, metrics and artifacts (a logged model's
    # requirements.txt, its results as HTML tables), written by the experiments that ran.
    "mlruns/",
    "vendor/",
    "third_party/",
    "vendors/",
    "third-party/",
    "thirdparty/",
    "3rdparty/",
    "external/",
    "site-packages/",
    ".venv/",
    "venv/",
    "env/",
    ".env/",
    "virtualenv/",
    ".tox/",
    ".nox/",
    "__pycache__/",
    ".mypy_cache/",
    ".pytest_cache/",
    ".ruff_cache/",
    ".git/",
    ".hg/",
    ".svn/",
    "*.egg-info/",
    ".eggs/",
    "build/",
    "dist/",
    "_build/",
    ".next/",
    ".nuxt/",
    # Vercel's and Netlify's command-line tools' own folders: the project's link and the
    # build they wrote there (`vercel build` writes `.vercel/output/`, its functions bundled
    # with their own package.json), not sources.
    ".vercel/",
    ".netlify/",
    ".svelte-kit/",
    ".cache/",
    ".parcel-cache/",
    "coverage/",
    "htmlcov/",
    # Istanbul's (nyc, Jest) HTML coverage report, wherever its output folder was put, and
    # Stryker's sandboxes of the code it mutates.
    "lcov-report/",
    ".stryker-tmp/",
    "target/",
    # Gradle's and Maven's folder for the sources a code generator writes (SBE's codecs,
    # jOOQ's tables, protobuf's classes), committed beside the hand-written `src/main/`.
    "src/generated/",
    # Go's module cache (GOPATH's `pkg/mod/`, committed with a project): each module's source
    # in a folder named for its version (`sonic@v1.8.0/`), beside the download cache.
    "*@v[0-9]*/",
    "pkg/mod/cache/",
    "pkg/sumdb/",
    "Pods/",
    # A Unity project's third-party code: the plugins imported into `Assets/Plugins/`
    # (Zenject, Odin, a SignalR client's DLLs and sources) and the package manager's cache.
    "Assets/Plugins/",
    "Library/PackageCache/",
    "*.min.js",
    "*.min.css",
    "*.bundle.js",
    "*.map",
    "*.pyc",
    "*.pyo",
    # Another project's source as GitHub's "Download ZIP" unpacks it (`Name-master/`,
    # `Name-main/`), kept somewhere inside the product (`misc/strategies/Tool-master/`): a copy,
    # with its own manifest and commands. (A repository whose top folder is one holds its own
    # product there: the pattern needs a folder above it.)
    "*/**/*-master/",
    "*/**/*-main/",
)

# Documentation trees (linguist's documentation.yml, trimmed to the common cases), examples
# and demo projects, a docs website. Generic words are anchored at the root:
# `org/springframework/samples/` and `com/example/` are Java packages, `demo/` a common name
# for an app. The project and app templates a framework's start command copies out
# (Django's `project_template/` with its `manage.py-tpl`) are examples of what users build,
# not the package's own deployment.
DOCUMENTATION_PATTERNS = (
    "docs/",
    "doc/",
    "Documentation/",
    "documentation/",
    "/man/",
    "examples/",
    "/example/",
    # (the same names capitalised, as linguist's documentation.yml reads them)
    "Examples/",
    "/Example/",
    # (Go's tools pass over folders whose names begin with `_`: a library's `_examples/`
    # holds programs that use it, never part of what it ships)
    "_examples/",
    "_example/",
    "/samples/",
    "/sample/",
    "/demo/",
    "/Samples/",
    "/Sample/",
    "/Demo/",
    "/sandbox/",
    # (a folder that says it is an example app or project: a package's `example_app/`)
    "example_app/",
    "example-app/",
    "example_project/",
    "example-project/",
    "project_template/",
    "app_template/",
    # (giter8's templates, which `sbt new` and `g8Scaffold` copy out: `src/main/g8/`, `.g8/`)
    "src/main/g8/",
    ".g8/",
    # (a Maven archetype's template project: what `mvn archetype:generate` writes for its users)
    "archetype-resources/",
    "docs-*/",
    "*-docs/",
    "docs_*/",
    "*_docs/",
    # (the README's pictures and notes: `readme_resources/`, `README-assets/`)
    "readme_*/",
    "readme-*/",
    "README_*/",
    "README-*/",
    "CHANGELOG*",
    "CHANGES*",
    "HISTORY*",
    "NEWS*",
    "CONTRIBUTING*",
    "LICENSE*",
    "COPYING*",
    # (a repository's community files, GitHub's health files among them: about the project,
    # never of it)
    "CODE_OF_CONDUCT*",
    "SECURITY*",
    "SUPPORT*",
    "GOVERNANCE*",
    "CITATION*",
    "AUTHORS*",
    "MAINTAINERS*",
)

# Code that is not the product: tests, benchmarks, CI and build tooling, helper scripts at the
# root of the tree. Listed (it is the project's code) but neither parsed nor scanned for
# signals, and left out of the product's language make-up: a helper script never decides
# what the project is.
TEST_PATTERNS = (
    "tests/",
    "test/",
    "testing/",
    "spec/",
    "__tests__/",
    "__mocks__/",
    # How the product is packaged for others' installers (an npm wrapper that downloads the
    # built binary, Homebrew and Debian recipes): distribution, not the product's code.
    "/packaging/",
    # A front end's stand-in for its backend while developing: never deployed.
    "mock/",
    "mocks/",
    "mock-server/",
    "mock_server/",
    "mock-api/",
    "mock_api/",
    "fake-server/",
    "fake_server/",
    "fake-api/",
    "fake_api/",
    "stub-server/",
    "stub_server/",
    "dev-server/",
    "e2e/",
    "cypress/",
    "fixtures/",
    "bench/",
    "benchmarks/",
    "benchmark/",
    ".github/actions/",
    ".devcontainer/",
    "/ci/",
    "/scripts/",
    "/script/",
    "/bin/",
    "/tools/",
    "fabfile.py",
    "noxfile.py",
    "dodo.py",
    "test_*.py",
    "*_test.py",
    "tests.py",
    "runtests.py",
    "conftest.py",
    "*_test.go",
    "*.test.js",
    "*.test.ts",
    "*.test.tsx",
    "*.spec.js",
    "*.spec.ts",
    "*.spec.tsx",
    "*_spec.rb",
    "*Test.java",
    "*Tests.cs",
)

# Code and prose in a hidden folder (`.agents/`, `.claude/`, `.github/scripts/`, `.husky/`,
# issue templates, an agent's skill files) serve the people working on the project (editor
# and agent tooling, CI helpers), whatever they say: tooling, neither code nor pages of the
# product. Its other files stay as they are (`.github/workflows/` and `.platform/` say how
# the product is deployed). The folders of a site generator's own configuration and theme code,
# and a site's served `.well-known/`, are the product's.
HIDDEN_PRODUCT_FOLDERS = frozenset({".vitepress", ".vuepress", ".well-known"})
CODE_SUFFIXES = (
    *(".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx", ".go", ".rb"),
    *(".php", ".rs", ".java", ".kt", ".cs", ".c", ".cc", ".cpp", ".h", ".hpp", ".ex"),
    *(".exs", ".sh", ".bash", ".ps1", ".pl", ".lua", ".swift", ".scala", ".coffee", ".dart"),
)
HIDDEN_TOOLING_SUFFIXES = (*CODE_SUFFIXES, ".md", ".mdx", ".markdown", ".rst", ".txt", ".html")

LINGUIST_ATTRIBUTES = ("linguist-vendored", "linguist-generated", "linguist-documentation")
# `stackcheck-role=<role>` in .gitattributes sets a file's role outright (the last line that
# matches wins, as in git); a repository corrects what the default patterns got wrong.
ROLE_ATTRIBUTE = "stackcheck-role"
ROLE_VALUES = ("product", "docs", "tests", "tooling", "vendored")


@dataclass(frozen=True)
class Exclusions:
    """User-chosen extra patterns on top of the defaults."""

    exclude: Sequence[str] = ()
    include_vendored: bool = False


def discover(
    target: Path,
    exclusions: Exclusions = Exclusions(),
    rev: str | None = None,
    staged: bool = False,
    recurse_submodules: bool = False,
    listing: Listing | None = None,
    store: Store | None = None,
    content_ids: bool = True,
) -> RepoFiles:
    """The filtered tree; `listing` is the source's listing when the caller has it already;
    `store`, the content cache, may hold the filtering's answer for the same paths. Without
    `content_ids` a work tree's files carry no blob id (a scan with no cache to key)."""
    check_target(target)
    if listing is None:
        if rev is not None:
            listing = gitsource.revision_listing(target, rev)
        elif staged:
            listing = gitsource.index_listing(target, store)
        else:
            return _worktree_files(target, exclusions, recurse_submodules, store, content_ids)
    return filter_listing(listing, exclusions, store=store)


def _worktree_files(
    target: Path,
    exclusions: Exclusions,
    recurse_submodules: bool,
    store: Store | None,
    content_ids: bool = True,
) -> RepoFiles:
    """The work tree's filtered files. git's walk for untracked files is the slowest of its
    listings on a large tree; the tracked files are listed and filtered while it runs, and
    that is the answer when it finds nothing (a clean checkout, as CI has). Otherwise the
    untracked files join the tracked ones and the whole listing is filtered again: an
    untracked file may be a project's manifest or an attribute file, which changes how the
    others are judged."""
    from stackcheck.source.gitstate import WorktreeReading, WorktreeState, start_reading

    # The index's stat data is read once the tracked files are listed (git.IndexSizes), as
    # a scan with the cache reads it: one git process fewer holding a large index at once.
    reading = start_reading(target, hold_untracked=True)
    if not isinstance(reading, WorktreeReading):
        return filter_listing(reading or walk_listing(target.resolve()), exclusions, store=store)
    with reading:
        state = reading.tracked()
        tracked = early = None
        if isinstance(state, WorktreeState):
            tracked = gitsource.tracked_listing(state, recurse_submodules, None, content_ids)
            state = None
            reading.forget_tracked()  # (not held while the files are filtered)
            early = filter_listing(tracked, exclusions, store=store)
        whole = reading.whole()
    if not isinstance(whole, WorktreeState):
        return filter_listing(whole or walk_listing(target.resolve()), exclusions, store=store)
    assert tracked is not None  # (the whole view is the tracked one with the untracked files)
    if early is not None and not whole.untracked and not whole.problems:
        return early
    early = None  # a large tree's files are not held twice while they are filtered again
    return filter_listing(gitsource.with_untracked(tracked, whole), exclusions, store=store)


def check_target(target: Path) -> None:
    """A scan needs a folder that exists."""
    if not target.exists():
        raise StackcheckError(f"{target}: no such file or directory")
    if not target.is_dir():
        raise StackcheckError(f"{target}: not a directory; give the repository or a folder in it")


# A folder-name glob after this matches a folder below the top folder only.
_BELOW_THE_TOP = "*/**/"


class NamePatterns:
    """The built-in patterns, matched without a gitignore engine: they are only folder names
    ("node_modules/"), folder-name globs ("*.egg-info/"), folder-name globs below the top
    folder ("*/**/*-master/") and file-name globs ("*.min.js"). Matching a path is a set
    lookup per folder plus one regex on the name."""

    def __init__(self, patterns: Sequence[str]) -> None:
        import fnmatch
        import re

        folders = [p[:-1] for p in patterns if p.endswith("/")]
        below = [f[len(_BELOW_THE_TOP) :] for f in folders if f.startswith(_BELOW_THE_TOP)]
        folders = [f for f in folders if not f.startswith(_BELOW_THE_TOP)]
        self.folder_names = frozenset(f for f in folders if "*" not in f and "/" not in f)
        self.anchored = tuple(f[1:] + "/" for f in folders if f.startswith("/"))
        nested = [f for f in folders if "/" in f and not f.startswith("/")]
        self.nested = tuple(f + "/" for f in nested)
        below_globs = [fnmatch.translate(f) for f in below]
        self.below_glob = re.compile("|".join(below_globs)) if below_globs else None
        globs = [fnmatch.translate(f) for f in folders if "*" in f]
        names = [fnmatch.translate(p) for p in patterns if not p.endswith("/")]
        self.folder_glob = re.compile("|".join(globs)) if globs else None
        self.name_glob = re.compile("|".join(names)) if names else None

    def match(self, path: str) -> bool:
        folder, _, name = path.rpartition("/")
        return self.folder_match(folder) or self.name_match(name)

    def folder_match(self, folder: str, roots: frozenset[str] = frozenset()) -> bool:
        """Whether a pattern matches the folder a file is in ("" for the root). Anchored
        patterns ("/scripts/") match at the root of the repository and at the root of each
        project in it (`roots`: folders that hold a project's manifest or site config), so a
        project moved one folder down keeps its tooling where it was."""
        if not folder:
            return False
        folders = folder.split("/")
        if self.folder_names.intersection(folders):
            return True
        if self.nested and any(f"/{n}" in f"/{folder}/" for n in self.nested):
            return True
        if self.anchored and f"{folder}/".startswith(self.anchored):
            return True
        if self.anchored and roots:
            for depth in range(1, len(folders)):
                if "/".join(folders[:depth]) + "/" in roots and (
                    "/".join(folders[depth:]) + "/"
                ).startswith(self.anchored):
                    return True
        if self.below_glob is not None and any(self.below_glob.match(f) for f in folders[1:]):
            return True
        return self.folder_glob is not None and any(self.folder_glob.match(f) for f in folders)

    def folder_match_below(
        self, parent_matched: bool, folder: str, roots: frozenset[str] = frozenset()
    ) -> bool:
        """folder_match of a folder, given folder_match of the folder holding it: a match
        never ends going down (each kind of pattern that matches a folder matches every
        folder below it), so only a match ending at this folder's own name is looked for,
        and a tree's folders are judged in one look each instead of one per level."""
        if parent_matched:
            return True
        if not folder:
            return False
        above, _, name = folder.rpartition("/")
        if name in self.folder_names:
            return True
        if self.folder_glob is not None and self.folder_glob.match(name):
            return True
        if above and self.below_glob is not None and self.below_glob.match(name):
            return True
        if not (self.nested or self.anchored):
            return False
        here = f"/{folder}/"
        if any(here.endswith(f"/{n}") for n in self.nested):
            return True
        for anchored in self.anchored:
            # An anchored pattern now matching ends here: it is all of the folder's path
            # below the repository's root or below one project root.
            if here.endswith(f"/{anchored}"):
                above = here[1 : -len(anchored)]
                if not above or above in roots:
                    return True
        return False

    def name_match(self, name: str) -> bool:
        return self.name_glob is not None and self.name_glob.match(name) is not None


_DEFAULTS: dict[str, NamePatterns] = {}


def _defaults(name: str, patterns: Sequence[str]) -> NamePatterns:
    if name not in _DEFAULTS:
        _DEFAULTS[name] = NamePatterns(patterns)
    return _DEFAULTS[name]


def filter_listing(
    listing: Listing,
    exclusions: Exclusions,
    context: TreeContext | None = None,
    store: Store | None = None,
) -> RepoFiles:
    """Drop vendored and generated files, flag documentation and tests. `context`: the
    documentation sites and project roots of the whole tree, when the listing holds only
    part of it (its attribute files must be in the listing). `store`: the content cache,
    where the answer for a tree with the same paths may be kept (filter_memo.py)."""
    entries = _sorted_unique(listing.entries)
    memo = None
    if store is not None and context is None:
        from stackcheck.source import filter_memo

        memo = filter_memo.memo_key(entries, (exclusions.exclude, exclusions.include_vendored))
        if memo is not None:
            known = filter_memo.decode(store.get_many([memo]).get(memo), entries, listing)
            if known is not None:
                return known
    repo = _filter(listing, entries, exclusions, context)
    if memo is not None and store is not None:
        store.put_many({memo: filter_memo.encode(entries, listing, repo)})
    return repo


def _filter(
    listing: Listing, entries: list[Entry], exclusions: Exclusions, context: TreeContext | None
) -> RepoFiles:
    vendored = _defaults("vendored", VENDORED_PATTERNS)
    documentation = _defaults("documentation", DOCUMENTATION_PATTERNS)
    tests = _defaults("tests", TEST_PATTERNS)
    user = _user_excludes(exclusions.exclude)
    attributes, attribute_skips = _linguist_attributes(listing.read, [e.path for e in entries])
    if context is None:
        demo_product = _demo_product(entries)
        doc_sites = _documentation_sites(entries, demo_product)
        roots = _project_roots(entries)
    else:
        doc_sites, roots = context.documentation_sites, context.project_roots
        demo_product = context.demo_product
    files: list[RepoFile] = []
    excluded = 0
    # File names repeat (`__init__.py`, `index.js`, a test suite's `input.js`): each name
    # is matched against each default's patterns once per listing.
    vendored_name = functools.cache(vendored.name_match)
    documentation_name = functools.cache(documentation.name_match)
    test_name = functools.cache(tests.name_match)
    # Files share folders: judge each folder once, then only the file name per file.
    by_folder: dict[str, tuple[bool, bool, bool, bool]] = {"": (False, False, False, False)}

    def folder_flags(folder: str) -> tuple[bool, bool, bool, bool]:
        """(vendored, documentation, tests, hidden) for a folder, from its parent's: up to
        the nearest folder judged already, then back down (a loop: paths may nest deeply)."""
        pending = []
        while folder not in by_folder:
            pending.append(folder)
            folder = folder.rpartition("/")[0]
        above = by_folder[folder]
        for current in reversed(pending):
            above = by_folder[current] = (
                vendored.folder_match_below(above[0], current),
                documentation.folder_match_below(above[1], current) and current != demo_product,
                above[2]
                or (
                    tests.folder_match_below(False, current, roots)
                    and not _in_package_tree(current)
                ),
                above[3] or _hidden_tooling_folder(current.rpartition("/")[2]),
            )
        return above

    for entry in entries:
        path = entry.path
        folder, _, name = path.rpartition("/")
        flags = by_folder.get(folder) or folder_flags(folder)
        attrs = attributes.get(path) if attributes else None
        role = _role_attribute(attrs)
        if role == "vendored" or (
            role is None
            and (
                (attrs and ("linguist-vendored" in attrs or "linguist-generated" in attrs))
                or (not exclusions.include_vendored and (flags[0] or vendored_name(name)))
            )
        ):
            excluded += 1
            continue
        if user is not None and user.ignored(path):
            excluded += 1
            continue
        if role is not None:
            is_doc, is_test = role == "docs", role in ("tests", "tooling")
            files.append(RepoFile(path, entry.size, is_doc, entry.blob, is_test))
            continue
        is_doc = bool(attrs and "linguist-documentation" in attrs) or (
            flags[1]
            or documentation_name(name)
            or (bool(doc_sites) and _under_any(path, doc_sites))
        )
        is_test = not is_doc and (
            (flags[2] and not _server_start_script(folder, name))
            or test_name(name)
            or (flags[3] and name.endswith(HIDDEN_TOOLING_SUFFIXES))
        )
        files.append(RepoFile(path, entry.size, is_doc, entry.blob, is_test))
    return RepoFiles(
        root=listing.root,
        rev=listing.rev,
        files=tuple(files),
        skipped=tuple(sorted({*listing.skipped, *attribute_skips, *_exclude_skips(user)})),
        excluded=excluded,
        read=listing.read,
        is_git=listing.is_git,
        role_attributes=_attribute_counts(attributes),
    )


# A JVM source tree names its folders after the packages' reverse domain names
# (`src/main/java/com/acme/...`, Eclipse's `src/com/acme/...`): below such a root a folder
# called `test` is the package `com.test`, not tests (those live in `src/test/java/`).
SOURCE_ROOTS = frozenset({"src", "java", "kotlin", "scala", "groovy"})
REVERSE_DOMAINS = frozenset(
    {"com", "org", "net", "io", "edu", "gov", "dev", "me", "co", "de", "fr", "uk", "nl", "br"}
)


def _in_package_tree(folder: str) -> bool:
    parts = folder.split("/")
    return any(
        parts[i] in REVERSE_DOMAINS and parts[i - 1] in SOURCE_ROOTS
        for i in range(1, len(parts) - 1)
    )


# Express's application generator starts the server from `bin/www`, and a Dart package's
# programs are its `bin/*.dart` (what `dart run` starts): the product's entry points,
# though the folder holds helper scripts in other projects.
SERVER_START_SCRIPTS = frozenset({"www", "www.js", "www.mjs", "www.cjs", "www.ts"})


def _server_start_script(folder: str, name: str) -> bool:
    in_bin = folder.rpartition("/")[2] == "bin"
    return in_bin and (name in SERVER_START_SCRIPTS or name.endswith(".dart"))


def _hidden_tooling_folder(name: str) -> bool:
    return name.startswith(".") and name not in HIDDEN_PRODUCT_FOLDERS


# A `website/` folder is a documentation site when a site generator is configured in it (a
# Django project package may be called `website` too, and is no documentation).
SITE_FOLDERS = frozenset({"website", "site", "www-docs"})
SITE_CONFIGS = frozenset(
    {
        "docusaurus.config.js",
        "docusaurus.config.ts",
        "mkdocs.yml",
        "conf.py",
        "_config.yml",
        "hugo.toml",
        "astro.config.mjs",
        "eleventy.config.js",
        ".eleventy.js",
    }
)


# An example or demo project inside a library (the rubric's `example/`, `demo/`, `sandbox/`
# with their own manage.py, or in a folder of its own below one: `demos/dashboard/manage.py`)
# is documentation at any depth; without a manage.py the singular names stay product below
# the root (`com/example/` is a Java package, `demo/` an app).
DEMO_FOLDERS = frozenset({"example", "examples", "demo", "demos", "sandbox"})
# ... unless that folder holds everything: a repository whose only top-level folder is
# `demo/` (Spring Initializr's default name) or `sample/`, with no project file or code at the
# root, ships what is in it, there being nothing beside it for it to demonstrate. A plural
# name (`examples/`) holding everything is a collection of examples, and stays documentation.
DEMO_NAMED_PRODUCTS = frozenset({"demo", "example", "sample", "samples", "sandbox"})
ROOT_CODE_SUFFIXES = (
    *(".py", ".js", ".mjs", ".ts", ".go", ".rs", ".java", ".kt", ".rb", ".php"),
    *(".c", ".cc", ".cpp", ".h", ".cs", ".swift", ".ex", ".html", ".gradle"),
)


def _demo_product(entries: Sequence[Entry]) -> str:
    """The demo-named folder (DEMO_NAMED_PRODUCTS) that is the product, or ""."""
    whole = _whole_tree_folder(entries)
    if whole not in DEMO_NAMED_PRODUCTS:
        return ""
    for entry in entries:
        if "/" not in entry.path and (
            entry.path in PROJECT_MARKERS or entry.path.endswith(ROOT_CODE_SUFFIXES)
        ):
            return ""
    return whole


DEMO_MARKERS = frozenset({"manage.py"})
# ... or, in a demo-named folder, its settings module, when its manage.py is one folder up
# (a package's `sandbox/` settings, run by the manage.py at the package's root)
DEMO_SETTINGS = "settings.py"
# Whatever its folder's name (`project/`, `testproject/`): a Django project one folder down,
# in a tree whose root publishes a Python distribution with a Django app package of its own
# at the top (`silk/apps.py` beside `project/manage.py`; an app written before app configs
# has its `models.py`, `admin.py` or `templatetags/` instead), is the harness that app is
# tried in (the app may sit in a src layout's `src/`). A deployed project keeps its apps
# inside the folder of its manage.py, or at the root beside it.
PYTHON_DISTRIBUTION_FILES = frozenset({"pyproject.toml", "setup.py", "setup.cfg"})
DJANGO_APP_MARKERS = frozenset({"apps.py", "models.py", "admin.py"})
DJANGO_APP_FOLDER = "templatetags"
# A Laravel package's `workbench/` beside Orchestra Testbench's config is the Laravel app the
# package is tried in while it is developed (`composer serve`), not what it ships.
TESTBENCH_CONFIGS = frozenset({"testbench.yaml", "testbench.yaml.dist"})
TESTBENCH_APP = "workbench/"
# A generator's project templates (`templates/express-mongo/package.json`, what a
# `create-*` command copies out): a folder called so that holds a project's manifest below it
# is the projects the tool writes, documentation of its output, as Django's
# `project_template/` is. (A site's or chart's `templates/` holds pages, no manifest.)
PROJECT_TEMPLATE_FOLDERS = frozenset({"templates", "template"})
PROJECT_TEMPLATE_MANIFESTS = frozenset(
    {
        *("package.json", "requirements.txt", "pyproject.toml", "Cargo.toml", "go.mod"),
        *("composer.json", "Gemfile", "pom.xml", "build.gradle", "build.gradle.kts"),
    }
)
# MkDocs writes its site into `site/` beside its config (its `site_dir` by default): a build
# of the documentation, committed or not, whatever scripts it carries (search, themes).
MKDOCS_CONFIGS = frozenset({"mkdocs.yml", "mkdocs.yaml"})
MKDOCS_BUILD = "site/"
# A course kept as numbered lessons (`01-intro/`, `week-3/`, `lesson_12/`, a capstone's
# `project_07/`, `assignment-2/`, a hundred days' `001-flask/`, `W7/`): four top-level folders or
# more named so, half of them at
# least, hold the course's exercises and their solutions (the rubric's courses),
# documentation of what it teaches, not a product; so do the folders beside them
# (`midterm/`, `capstone/`).
LESSON_FOLDER = re.compile(
    r"(?i)(?:\d{1,3}[-_. ][a-z]"
    r"|(?:week|lesson|module|chapter|lab|day|unit|session|part|lecture|ch|project|assignment"
    r"|homework|hw|exercise|ex|task)[-_ ]?\d{1,3}(?!\d)"
    # (a week written short, the whole name: `W1/` ... `W11/`, `wk-3/`)
    r"|wk?[-_ ]?\d{1,2}$)"
)
MIN_LESSONS = 4
# ... or kept by the kind of material: a workshop's `course/`, `labs/` and `cheatsheets/`, a
# class's `lectures/`, `assignments/` and `solutions/` (two or more, half of the folders).
COURSE_FOLDERS = frozenset(
    {
        *("course", "labs", "lab", "lectures", "lecture", "exercises", "assignments"),
        *("homework", "homeworks", "solutions", "cheatsheets", "slides", "workshop"),
    }
)
MIN_COURSE_FOLDERS = 2
# ... or written for JetBrains' EduTools (JetBrains Academy): `course-info.yaml` at the root,
# a `lesson-info.yaml` in each lesson's folder, whatever the lessons are called.
EDU_COURSE = "course-info.yaml"
EDU_LESSON = "/lesson-info.yaml"
# ... or kept as a collection of projects: two dozen folders or more, none inside another,
# each with a build or dependency file (or a .NET solution) of its own and nothing at the
# root to build them together (a bootcamp's student submissions, a hundred Spring
# exercises, a framework's samples), whatever the folders are called. No deployed product
# in the field tests was kept so; the largest kept 22 (a microservice monorepo builds from a
# file at its root).
COLLECTION_MARKERS = frozenset(
    {
        *("package.json", "pyproject.toml", "setup.py", "requirements.txt", "manage.py"),
        *("go.mod", "Cargo.toml", "Gemfile", "composer.json", "pom.xml", "build.gradle"),
        *("build.gradle.kts", "mix.exs"),
    }
)
MIN_COLLECTION_PROJECTS = 24
# ... or kept as a study collection, a folder per language feature or standard module
# (`dict/`, `decorator/`, `enum/`, `asyncio/`, `socket/`, `goroutines/`): ten such folders
# or more, two thirds of the folders at least, each a few sample files (no product's
# folders are named so: its apps are named for what they do, `orders/`, `accounts/`).
TOPIC_WORDS = frozenset(
    {
        *("variable", "function", "lambda", "closure", "decorator", "generator", "iterator"),
        *("comprehension", "exception", "error", "loop", "condition", "operator", "recursion"),
        *("list", "dict", "dictionary", "set", "tuple", "namedtuple", "str", "byte", "int"),
        *("float", "bool", "array", "map", "slice", "struct", "interface", "pointer", "enum"),
        *("object", "inheritance", "polymorphism", "encapsulation", "abstraction", "thread"),
        *("promise", "callback", "goroutine", "channel", "coroutine", "sort", "sorting"),
        *("algorithm", "module", "package", "input", "output", "print", "scope", "type"),
    }
)


@functools.cache
def _topic_names() -> frozenset[str]:
    """TOPIC_WORDS, Python's keywords and its standard modules: built when a tree has enough
    folders to be asked, not when every scan imports this module."""
    import keyword

    return TOPIC_WORDS | set(sys.stdlib_module_names) | {w.lower() for w in keyword.kwlist}


MIN_TOPIC_FOLDERS = 10
MAX_TOPIC_FILES = 8  # files in the median topic folder
_COLLECTION_ENDINGS = (*(f"/{name}" for name in sorted(COLLECTION_MARKERS)), ".sln")
MAX_COURSE_DEPTH = 3  # folders the whole course may be kept down


def _project_templates(folder: str) -> str:
    """The templates folder (`tools/templates/`) a manifest's folder lies below, or ""."""
    parts = folder.split("/")
    for at, part in enumerate(parts[:-1]):
        if part in PROJECT_TEMPLATE_FOLDERS:
            return "/".join(parts[: at + 1]) + "/"
    return ""


def _documentation_sites(entries: Sequence[Entry], demo_product: str) -> tuple[str, ...]:
    """The folders that document the product (`demo_product`: _demo_product's answer)."""
    found = set()
    distribution = False
    top_apps: set[str] = set()
    top_projects: set[str] = set()
    workspaces: dict[str, list[str]] = {}  # (a workspace's packages: _workspace_demos)
    for entry in entries:
        folder, _, name = entry.path.rpartition("/")
        parent = folder.rpartition("/")[2]
        if name == "package.json":
            workspace, _, package = folder.rpartition("/")
            if workspace.rpartition("/")[2] == WORKSPACE_FOLDER:
                workspaces.setdefault(workspace, []).append(package)
        if (name in SITE_CONFIGS and parent in SITE_FOLDERS) or (
            (name in DEMO_MARKERS or name == DEMO_SETTINGS)
            and not DEMO_FOLDERS.isdisjoint(folder.split("/"))  # `demos/dashboard/manage.py`
            and folder != demo_product
        ):
            found.add(folder + "/")
        if name in TESTBENCH_CONFIGS:
            found.add(f"{folder}/{TESTBENCH_APP}" if folder else TESTBENCH_APP)
        if name in PROJECT_TEMPLATE_MANIFESTS and folder:
            templates = _project_templates(folder)
            if templates:
                found.add(templates)
        if name in MKDOCS_CONFIGS:
            found.add(f"{folder}/{MKDOCS_BUILD}" if folder else MKDOCS_BUILD)
        if not folder:
            distribution = distribution or name in PYTHON_DISTRIBUTION_FILES
        elif "/" not in folder:
            if name in DJANGO_APP_MARKERS:
                top_apps.add(folder)
            elif name in DEMO_MARKERS:
                top_projects.add(folder)
        elif name in DJANGO_APP_MARKERS and folder.startswith("src/") and folder.count("/") == 1:
            top_apps.add(folder)  # the src layout: `src/silk/apps.py`
        elif folder.count("/") == 1 and parent == DJANGO_APP_FOLDER:
            top_apps.add(folder.partition("/")[0])
    if distribution:
        found.update(f"{project}/" for project in top_projects if top_apps - {project})
    found.update(_lessons(entries))
    found.update(_workspace_demos(workspaces))
    return tuple(sorted(found))


# A workspace of packages (`packages/*/package.json`) keeps its demo site or server as one
# more package, named for what it is (`packages/demo-web/`, `packages/docs-demo/`): what the
# published packages are shown with, as a library's `demo/` folder is.
WORKSPACE_FOLDER = "packages"
_WORKSPACE_DEMO = re.compile(r"(?:demo|example|examples)(?:[-_].*)?|.*[-_](?:demo|example)")
MIN_WORKSPACE_PACKAGES = 3  # (the demo's and two published ones, at least)


def _workspace_demos(packages: dict[str, list[str]]) -> list[str]:
    """The demo-named packages (`{workspace: [package folder names]}`) of workspaces of
    MIN_WORKSPACE_PACKAGES or more."""
    return [
        f"{workspace}/{name}/"
        for workspace, names in sorted(packages.items())
        if len(names) >= MIN_WORKSPACE_PACKAGES
        for name in sorted(names)
        if _WORKSPACE_DEMO.fullmatch(name)
    ]


def _lessons(entries: Sequence[Entry]) -> list[str]:
    """The top-level folders of a course kept as numbered lessons (or as labs, lectures and
    exercises), all of them, or none."""
    tops, lessons = course_lessons(entry.path for entry in entries)
    return [f"{top}/" for top in sorted(tops)] if lessons else []


def course_lessons(paths: Iterable[str]) -> tuple[set[str], list[str]]:
    """The course's folders (the tree's top-level ones, or those of the one folder that holds
    everything but its notes, tests and tooling: a course kept a folder or two down), and its
    lessons (LESSON_FOLDER) when it is a course kept as numbered lessons (otherwise none).
    Each is a path from the root."""
    listed = list(paths)
    built_at_root = not COLLECTION_MARKERS.isdisjoint(listed)
    # (sorted: a folder's paths are one slice of them, found by bisection: _under)
    paths = sorted(path for path in listed if "/" in path and path[0] != ".")
    tops = {path.partition("/")[0] for path in paths}
    if EDU_COURSE in listed:
        lessons = sorted({p.rpartition("/")[0] for p in paths if p.endswith(EDU_LESSON)})
        if len(lessons) >= MIN_COURSE_FOLDERS:
            return tops, lessons
    # (beside the folder: the course's notes site, `docs/` with an mkdocs.yml at the root, and
    # its tests and helper scripts)
    kept = _material_folders(tops, paths)
    for _ in range(MAX_COURSE_DEPTH):
        if len(kept) != 1:
            break
        (top,) = kept
        paths = _under(paths, f"{top}/")
        tops = {
            f"{top}/{rest.partition('/')[0]}"
            for path in paths
            if "/" in (rest := path[len(top) + 1 :])
        }
        kept = _material_folders(tops, paths)  # (its own notes site and tests beside them too)
    lessons = sorted(top for top in tops if _lesson_folder(top.rpartition("/")[2]))
    if len(lessons) >= MIN_LESSONS and 2 * len(lessons) >= len(tops):
        return tops, lessons
    lessons = _course_parts(tops, paths)
    if lessons:
        return tops, lessons
    kinds = sorted(top for top in tops if top.rpartition("/")[2].lower() in COURSE_FOLDERS)
    material = [top for top in tops if not _beside_the_product(top)]  # (not its docs, demos)
    if len(kinds) >= MIN_COURSE_FOLDERS and 2 * len(kinds) >= len(material):
        return tops, kinds
    topics = [] if built_at_root else _topic_folders(tops, paths)
    if topics:
        return tops, topics
    projects = [] if built_at_root else _collected_projects(paths)
    # (a solution at the root builds them together, as a root manifest does)
    if projects and not any("/" not in path and path.endswith(".sln") for path in listed):
        return tops, projects
    return tops, []


def _topic_folders(tops: set[str], paths: Sequence[str]) -> list[str]:
    """The folders of a study collection (_topic_names), all of them, or none."""
    material = [top for top in tops if not _beside_the_product(top.rpartition("/")[2])]
    if len(material) < MIN_TOPIC_FOLDERS:
        return []
    topics = [top for top in material if _topic_name(top.rpartition("/")[2])]
    if 3 * len(topics) < 2 * len(material):
        return []
    sizes = dict.fromkeys(material, 0)
    for path in paths:
        top = path.rpartition("/")[0]
        while top and top not in sizes:
            top = top.rpartition("/")[0]
        if top:
            sizes[top] += 1
    if sorted(sizes.values())[len(sizes) // 2] > MAX_TOPIC_FILES:
        return []
    return sorted(topics)


def _topic_name(name: str) -> bool:
    """A folder named for a language feature or a standard module, in any case, singular or
    plural (`Decorators/`, `dicts/`)."""
    name, names = name.lower(), _topic_names()
    return name in names or (name.endswith("s") and name[:-1] in names)


def _lesson_folder(name: str) -> bool:
    """A lesson's folder: LESSON_FOLDER, or numbered only (`1/`, `07/`; a year's `2024/`
    is no lesson)."""
    return LESSON_FOLDER.match(name) is not None or (
        len(name) <= 2 and name.isascii() and name.isdigit()
    )


# A course kept in parts, each a folder of numbered lessons (`basics/1..5/` beside
# `web/1..5/`): two to MAX_COURSE_PARTS folders, every one of them such a part. A course's
# material is a few hundred files; a tree of more than MAX_COURSE_FILES is not looked at so
# (the pass reads every path, 20 ms on a tree of 27,000).
MAX_COURSE_PARTS = 4
MAX_COURSE_FILES = 10_000


def _course_parts(tops: set[str], paths: Sequence[str]) -> list[str]:
    """The lessons of a course kept in parts (MAX_COURSE_PARTS), all of them, or none."""
    if len(paths) > MAX_COURSE_FILES:
        return []
    material = [top for top in tops if not _beside_the_product(top.rpartition("/")[2])]
    if not 2 <= len(material) <= MAX_COURSE_PARTS:
        return []
    children = {top: _subfolders(paths, top) for top in material}
    lessons: list[str] = []
    for top, names in sorted(children.items()):
        numbered = [name for name in names if _lesson_folder(name)]
        if len(numbered) < MIN_LESSONS or 2 * len(numbered) < len(names):
            return []
        lessons.extend(f"{top}/{name}" for name in sorted(numbered))
    return lessons


def _material_folders(folders: Iterable[str], paths: Sequence[str]) -> set[str]:
    """The folders that are not documentation, tests or tooling beside the product, each
    judged by its own name (`app/docs` as `docs`), nor only pictures (`assets/screenshots`,
    the README's images) beside one other folder (the only case the descent asks about)."""
    named = {f for f in folders if not _beside_the_product(f.rpartition("/")[2])}
    if not 2 <= len(named) <= 3:
        return named
    return {
        folder
        for folder in named
        if any(not p.lower().endswith(PICTURE_ENDINGS) for p in _under(paths, f"{folder}/"))
    }


def _subfolders(paths: Sequence[str], folder: str) -> set[str]:
    """The names of the folders directly in `folder` that hold a file, of sorted `paths`:
    one step per such folder (bisected past its paths: "0" follows "/"), not one per path."""
    names: set[str] = set()
    inside = _under(paths, f"{folder}/")
    at, start = 0, len(folder) + 1
    while at < len(inside):
        name, slash, _ = inside[at][start:].partition("/")
        if slash:
            names.add(name)
            at = bisect_left(inside, f"{folder}/{name}0", at)
        else:
            at += 1
    return names


PICTURE_ENDINGS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".bmp", ".avif")


def _collected_projects(paths: Sequence[str]) -> list[str]:
    """The projects of a collection (COLLECTION_MARKERS), or none: the folders holding a
    build or dependency file that are inside no other such folder."""
    vendored = _defaults("vendored", VENDORED_PATTERNS)  # (a committed vendor/ is no project)
    # (one C-level suffix test per path: the file names themselves are few)
    folders = {
        path.rpartition("/")[0]
        for path in paths
        if path.endswith(_COLLECTION_ENDINGS) and not vendored.match(path)
    }
    if len(folders) < MIN_COLLECTION_PROJECTS:
        return []
    projects = sorted(f for f in folders if not any(a in folders for a in _ancestors(f)))
    return projects if len(projects) >= MIN_COLLECTION_PROJECTS else []


def _ancestors(folder: str) -> Iterator[str]:
    """`a/b/c`'s `a/b` and `a`."""
    while "/" in folder:
        folder = folder.rpartition("/")[0]
        yield folder


def _beside_the_product(folder: str) -> bool:
    """A top-level folder of documentation, tests or tooling (or a docs website)."""
    return _documents_it(folder) or _defaults("tests", TEST_PATTERNS).folder_match(folder)


# A folder holding one of these is a project's root: its own `scripts/`, `tools/`, `bin/` and
# `ci/` are tooling there as at the repository's root (a project kept one folder down, or
# one package of a monorepo).
PROJECT_MARKERS = frozenset(
    {
        "package.json",
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "requirements.txt",
        "manage.py",
        "go.mod",
        "Cargo.toml",
        "Gemfile",
        "composer.json",
        "pom.xml",
        "build.gradle",
        "build.gradle.kts",
        "mix.exs",
        "hugo.toml",
        "hugo.yaml",
        "config.toml",
        "_config.yml",
        "mkdocs.yml",
        "astro.config.mjs",
        ".eleventy.js",
        "eleventy.config.js",
        "docusaurus.config.js",
        "gatsby-config.js",
        "index.html",
    }
)


def _project_roots(entries: Sequence[Entry]) -> frozenset[str]:
    """The folders below the repository's root that hold a project marker, each with "/",
    and the one top-level folder that holds everything when there is only one."""
    found = {
        folder + "/"
        for folder, _, name in (entry.path.rpartition("/") for entry in entries)
        if folder and name in PROJECT_MARKERS
    }
    whole = _whole_tree_folder(entries, beside=_documents_it)
    if whole and not any(entry.path in ROOT_MANIFESTS for entry in entries):
        found.add(whole + "/")
    return frozenset(found)


def _documents_it(top: str) -> bool:
    """A top-level folder of documentation (`docs/`, a docs website): beside a project kept one
    folder down, its docs site, built from the root, does not make the root the project."""
    return top in SITE_FOLDERS or _defaults("documentation", DOCUMENTATION_PATTERNS).folder_match(
        top
    )


# A manifest at the root makes the root the project, and its one folder the package it builds
# (`setup.py` beside `tracker/`, whose `tracker/scripts/` is a module its console script runs).
ROOT_MANIFESTS = frozenset(
    {
        *("package.json", "pyproject.toml", "setup.py", "setup.cfg", "go.mod", "Cargo.toml"),
        *("Gemfile", "composer.json", "pom.xml", "build.gradle", "build.gradle.kts", "mix.exs"),
    }
)


def _whole_tree_folder(
    entries: Sequence[Entry], beside: Callable[[str], bool] = lambda top: False
) -> str:
    """The one top-level folder that holds everything, when there is only one (a project kept
    one folder down, beside nothing but dot-folders and files at the root, and the folders
    `beside` accepts), else ""."""
    tops = set()
    passed: set[str] = set()
    for entry in entries:
        top, slash, _ = entry.path.partition("/")
        if slash and not top.startswith(".") and top not in tops and top not in passed:
            if beside(top):
                passed.add(top)
                continue
            tops.add(top)
            if len(tops) > 1:
                return ""
    return tops.pop() if tops else ""


class TreeContext(NamedTuple):
    """What filter_listing's answer for one entry depends on besides the entry itself: the
    tree's attribute files (their patterns), its documentation sites and its project roots
    (a site config or a project marker changes how the files around it are judged)."""

    attribute_files: frozenset[Entry]
    documentation_sites: tuple[str, ...]
    project_roots: frozenset[str]
    demo_product: str = ""


def tree_context(entries: Sequence[Entry]) -> TreeContext:
    attribute_files = frozenset(e for e in entries if e.path.rpartition("/")[2] == ".gitattributes")
    demo_product = _demo_product(entries)
    return TreeContext(
        attribute_files,
        _documentation_sites(entries, demo_product),
        _project_roots(entries),
        demo_product,
    )


def _under_any(path: str, folders: tuple[str, ...]) -> bool:
    return any(path.startswith(folder) for folder in folders)


def _sorted_unique(entries: list[Entry]) -> list[Entry]:
    """The entries sorted, each once (without building a set of a large tree's entries)."""
    ordered = sorted(entries)
    return [e for i, e in enumerate(ordered) if i == 0 or e != ordered[i - 1]]


def _user_excludes(patterns: Sequence[str]) -> PatternList | None:
    """The exclude setting's patterns have full gitignore semantics (negation and all)."""
    if not patterns:
        return None
    return PatternList(patterns)


def _exclude_skips(user: PatternList | None) -> list[Skipped]:
    if user is None or not user.over_limit:
        return []
    return [Skipped(".", f"exclude: {_over_limit(user.over_limit)}")]


def _over_limit(count: int) -> str:
    return (
        f"{count} wildcard pattern(s) past the first {MAX_WILDCARD_PATTERNS}, or with more "
        f"than {MAX_STARS} `*` runs, were ignored"
    )


MAX_GITATTRIBUTES_BYTES = 256 * 1024
# The attribute files of a tree together judge at most this many paths per path listed
# (plus a floor), so a chain of nested .gitattributes files cannot make the work quadratic.
ATTRIBUTE_WORK_PER_PATH = 8
ATTRIBUTE_WORK_FLOOR = 100_000
ATTRIBUTE_NAMES = (*LINGUIST_ATTRIBUTES, ROLE_ATTRIBUTE)

# One .gitattributes line: its pattern, and per attribute the value it gives (None: unset).
AttributeLine = tuple[str, dict[str, "str | None"]]


def _linguist_attributes(
    read: Reader, paths: Sequence[str]
) -> tuple[dict[str, set[str]], list[Skipped]]:
    """linguist-* and role attributes set in any .gitattributes in the tree (root and
    nested), per path; and the attribute files, or their patterns, left out by the bounds.
    `paths` is sorted. As in git, a deeper file's lines override a shallower one's, and a
    later line overrides an earlier one, attribute by attribute."""
    result: dict[str, set[str]] = {}
    skipped: list[Skipped] = []
    budget = ATTRIBUTE_WORK_PER_PATH * len(paths) + ATTRIBUTE_WORK_FLOOR
    attr_files = [p for p in paths if p.rpartition("/")[2] == ".gitattributes"]
    for attr_file in sorted(attr_files, key=lambda p: (p.count("/"), p)):
        try:
            text = read(attr_file, MAX_GITATTRIBUTES_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue
        lines = _parse_gitattributes(text)
        if not lines:
            continue
        base = attr_file[: -len(".gitattributes")]
        under = _under(paths, base)
        budget -= len(under)
        if budget < 0:
            skipped.append(Skipped(attr_file, ATTRIBUTES_NOT_APPLIED))
            continue
        matchers = _attribute_matchers(lines)
        over = sum(m.over_limit for m in matchers.values())
        if over:
            skipped.append(Skipped(attr_file, _over_limit(over)))
        for path in _reachable(under, base, lines, matchers):
            _apply(result, path, path[len(base) :], lines, matchers)
    return result, skipped


def _reachable(
    under: Sequence[str],
    base: str,
    lines: Sequence[AttributeLine],
    matchers: dict[str, PatternList],
) -> Sequence[str]:
    """The paths of `under` that the attribute file's patterns can match: all of them, or,
    when every pattern that sets an attribute is anchored (`/.yarn/** linguist-vendored`,
    `docs/*.md ...`), those that begin with one of their literal beginnings, found by
    bisection (a tree of 27,000 files and one such line: no pattern tried on the rest)."""
    beginnings = set()
    for index, (pattern, _) in enumerate(lines):
        if all(m.include[index] is None for m in matchers.values()):
            continue  # (the line sets none of the attributes read here)
        anchored = pattern.lstrip("/") if "/" in pattern.rstrip("/") else None
        if not anchored or "\\" in anchored:
            return under
        literal = _GLOB.split(anchored, 1)[0]
        if not literal:
            return under
        beginnings.add(base + literal)
    # (one beginning may hold another: `docs/` and `docs/api/`)
    return sorted({path for beginning in beginnings for path in _under(under, beginning)})


_GLOB = re.compile(r"[*?\[]")


ATTRIBUTES_NOT_APPLIED = (
    ".gitattributes not applied: the tree's attribute files together cover too many paths"
)


def _under(paths: Sequence[str], base: str) -> Sequence[str]:
    """The sorted paths that start with `base` (a folder ending in "/", a path's beginning,
    or ""): those from `base` up to the first string past every one that begins so."""
    if not base:
        return paths
    start = bisect_left(paths, base)
    end = bisect_left(paths, base[:-1] + chr(ord(base[-1]) + 1), start)
    return paths[start:end]


def _attribute_matchers(lines: Sequence[AttributeLine]) -> dict[str, PatternList]:
    """Per attribute, the lines' patterns compiled once; a line that does not mention the
    attribute, or whose pattern is negative (not allowed in .gitattributes), is no pattern."""
    matchers = {}
    for name in ATTRIBUTE_NAMES:
        patterns = [
            pattern if name in values and not pattern.startswith("!") else None
            for pattern, values in lines
        ]
        if any(p is not None for p in patterns):
            matchers[name] = PatternList(patterns)
    return matchers


def _apply(
    result: dict[str, set[str]],
    path: str,
    relative: str,
    lines: Sequence[AttributeLine],
    matchers: dict[str, PatternList],
) -> None:
    """Set or unset each attribute on `path` as the last line matching it says."""
    current = None
    for name, matcher in matchers.items():
        index = max(matcher.last(relative))
        if index < 0:
            continue
        if current is None:
            current = result.setdefault(path, set())
        value = lines[index][1][name]
        if name == ROLE_ATTRIBUTE:
            current.difference_update([a for a in current if a.startswith(ROLE_ATTRIBUTE)])
            current.add(f"{ROLE_ATTRIBUTE}={value}")
        elif value is None:
            current.discard(name)
        else:
            current.add(name)


def role_attributes(listing: Listing) -> tuple[tuple[str, int], ...]:
    """The role attributes a listing's .gitattributes files set, and how many files each
    applies to (what filter_listing records in RepoFiles.role_attributes)."""
    paths = sorted({e.path for e in listing.entries})
    if not any(p.rpartition("/")[2] == ".gitattributes" for p in paths):
        return ()
    return _attribute_counts(_linguist_attributes(listing.read, paths)[0])


def pattern_skips(listing: Listing, exclusions: Exclusions) -> tuple[Skipped, ...]:
    """The skipped entries filter_listing adds to a listing's own: patterns and attribute
    files its bounds left out."""
    paths = sorted({e.path for e in listing.entries})
    skipped = _exclude_skips(_user_excludes(exclusions.exclude))
    if any(p.rpartition("/")[2] == ".gitattributes" for p in paths):
        skipped.extend(_linguist_attributes(listing.read, paths)[1])
    return tuple(skipped)


def _attribute_counts(attributes: dict[str, set[str]]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for attrs in attributes.values():
        for attr in attrs:
            counts[attr] = counts.get(attr, 0) + 1
    return tuple(sorted(counts.items()))


def _role_attribute(attrs: set[str] | None) -> str | None:
    if not attrs:
        return None
    for attr in attrs:
        if attr.startswith(ROLE_ATTRIBUTE + "="):
            return attr.partition("=")[2]
    return None


def _parse_gitattributes(text: str) -> list[AttributeLine]:
    """The lines that set or unset a linguist-* or role attribute. Within a line, as in git,
    a later mention of an attribute overrides an earlier one."""
    rules: list[AttributeLine] = []
    for raw in text.splitlines():
        parts = raw.split()
        if not parts or parts[0].startswith("#"):
            continue
        values: dict[str, str | None] = {}
        for attr in parts[1:]:
            name, _, value = attr.lstrip("-!").partition("=")
            if name == ROLE_ATTRIBUTE and value in ROLE_VALUES and attr[0] not in "-!":
                values[ROLE_ATTRIBUTE] = value
            elif name in LINGUIST_ATTRIBUTES:
                unset = attr.startswith(("-", "!")) or value.lower() == "false"
                values[name] = None if unset else "set"
        if values:
            rules.append((parts[0], values))
    return rules
