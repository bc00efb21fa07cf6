"""Language and file-type breakdown of the tree, from file names alone (identify's tags).

Produces lang.files.<lang> / lang.bytes.<lang> for every recognised language, and the
product's make-up in three groups, over the product's files only (documentation, tests and
tooling left out):
    content.bytes.static   markup, styles, prose and SSG templates
    content.bytes.script   JavaScript / TypeScript (client or server: the code decides)
    content.bytes.server   languages that only run on a server or a machine
plus content.share.static / content.share.server, fractions of their sum.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from stackcheck.facts import Evidence, Fact
from stackcheck.facts.signals import DERIVATIONS, TREE_SCANNERS
from stackcheck.facts.signals.static_tree import in_data_set
from stackcheck.source.listing import RepoFile

# identify tag -> (language name, group); the first tag found in this order wins.
LANGUAGES: tuple[tuple[str, str, str], ...] = (
    ("python", "python", "server"),
    ("cython", "python", "server"),
    ("jupyter", "notebook", "other"),
    ("go", "go", "server"),
    ("rust", "rust", "server"),
    ("c++", "cpp", "server"),
    ("c", "c", "server"),
    ("java", "java", "server"),
    ("kotlin", "kotlin", "server"),
    ("scala", "scala", "server"),
    ("c#", "csharp", "server"),
    ("ruby", "ruby", "server"),
    ("php", "php", "server"),
    ("elixir", "elixir", "server"),
    ("erlang", "erlang", "server"),
    ("swift", "swift", "server"),
    ("dart", "dart", "server"),
    ("objective-c", "objective-c", "server"),
    ("ocaml", "ocaml", "server"),
    ("f#", "fsharp", "server"),
    ("haskell", "haskell", "server"),
    ("clojure", "clojure", "server"),
    ("perl", "perl", "server"),
    ("crystal", "crystal", "server"),
    ("nim", "nim", "server"),
    ("zig", "zig", "server"),
    # Lua is as often a document filter (Pandoc's, Quarto's), an editor's or a game's
    # scripting as a server's code (OpenResty, Lapis: known by their dependencies).
    ("lua", "lua", "other"),
    ("groovy", "groovy", "server"),
    ("gleam", "gleam", "server"),
    ("julia", "julia", "server"),
    ("r", "r", "server"),
    ("ts", "typescript", "script"),
    ("tsx", "typescript", "script"),
    ("javascript", "javascript", "script"),
    ("jsx", "javascript", "script"),
    ("coffee", "coffeescript", "script"),
    ("vue", "vue", "script"),
    ("svelte", "svelte", "script"),
    ("html", "html", "static"),
    ("css", "css", "static"),
    ("scss", "css", "static"),
    ("sass", "css", "static"),
    ("less", "css", "static"),
    ("markdown", "markdown", "static"),
    ("asciidoc", "markdown", "static"),
    ("rst", "rst", "static"),
    ("liquid", "template", "static"),
    ("nunjucks", "template", "static"),
    ("jinja", "template", "static"),
    ("handlebars", "template", "static"),
    ("mustache", "template", "static"),
    ("shell", "shell", "other"),
    ("powershell", "powershell", "other"),
    ("terraform", "terraform", "other"),
    ("hcl", "hcl", "other"),
    ("dockerfile", "dockerfile", "other"),
    ("sql", "sql", "other"),
    ("json", "json", "data"),
    ("yaml", "yaml", "data"),
    ("toml", "toml", "data"),
    ("xml", "xml", "data"),
    ("image", "image", "asset"),
    ("font", "font", "asset"),
)
EXTRA_EXTENSIONS = {
    ".psgi": ("perl", "server"),
    ".asp": ("asp", "server"),  # classic ASP: VBScript pages IIS runs
    # A web server's CGI programs: Perl's by tradition (a Python or shell one is read as Perl
    # and gives nothing, so it only counts toward the language share).
    ".cgi": ("perl", "server"),
    ".moon": ("moonscript", "server"),
    # D (a dub package's `source/`), which identify does not tag; a compiler's dependency
    # files of the same ending sit in the build folders discovery leaves out.
    ".d": ("d", "server"),
    ".di": ("d", "server"),
    ".ecr": ("template", "static"),
    ".etlua": ("template", "static"),
    ".astro": ("astro", "static"),
    ".mdx": ("markdown", "static"),
    ".njk": ("template", "static"),
    ".hbs": ("template", "static"),
    ".ejs": ("template", "static"),
    ".pug": ("template", "static"),
    # R Markdown: an analysis or a report written around R code, as a notebook is.
    ".rmd": ("rmarkdown", "other"),
    # Windows automation, as PowerShell is: VBScript run by wscript or a terminal emulator's
    # macro host, and Office's VBA modules exported as files.
    ".vbs": ("vbscript", "other"),
    ".vba": ("vba", "other"),
}


# Manifests and build files written in a language (a Gemfile is Ruby, setup.py is Python):
# they declare or build the product, they are not its code.
MANIFEST_NAMES = frozenset(
    {
        "Gemfile",
        "Rakefile",
        "Podfile",
        "Vagrantfile",
        "Brewfile",
        "Dangerfile",
        "Guardfile",
        "Fastfile",
        "Appfile",
        "Berksfile",
        "Capfile",
        "setup.py",
        "conanfile.py",
        "noxfile.py",
        "build.gradle",
        "settings.gradle",
        "build.gradle.kts",
        "settings.gradle.kts",
        "Jenkinsfile",
        "gulpfile.js",
        "Gruntfile.js",
        # A site generator's settings, though written in Python: Sphinx's conf.py (and
        # gunicorn's), Pelican's pelicanconf.py and publishconf.py.
        "conf.py",
        "pelicanconf.py",
        "publishconf.py",
    }
)


# The settings of a JavaScript build or lint tool, written as a module (`vite.config.ts`,
# `tailwind.config.js`, `.eslintrc.cjs`): they build or check the product, they are not it.
_TOOL_CONFIG = re.compile(
    r"(?:(?:vite|vitest|postcss|tailwind|eslint|babel|jest|webpack|rollup|svelte|prettier"
    r"|playwright|tsup|metro|karma|stylelint|commitlint|lint-staged|vue|quasar|drizzle|uno"
    r"|windi|cypress|nodemon|craco|esbuild|turbo)\.config|\.(?:eslintrc|prettierrc|babelrc"
    r"|stylelintrc|commitlintrc|lintstagedrc))\.(?:js|cjs|mjs|ts|cts|mts)"
)


@lru_cache(maxsize=4096)
def classify(name: str) -> tuple[str, str] | None:
    """(language, group) for a file's base name, or None."""
    from identify import identify

    if name in MANIFEST_NAMES or _TOOL_CONFIG.fullmatch(name) or name.endswith(".gradle"):
        return None  # (a Gradle script, whatever its name, builds the product)
    dot = name.rfind(".")
    if dot > 0 and name[dot:].lower() in EXTRA_EXTENSIONS:
        return EXTRA_EXTENSIONS[name[dot:].lower()]
    tags = identify.tags_from_filename(name)
    for tag, language, group in LANGUAGES:
        if tag in tags:
            return language, group
    return None


# Written to be read: a repository of nothing else (beside its licence) is documentation.
PROSE = frozenset({"markdown", "rst"})
# Files that only tell git or an editor how to treat the others: beside prose they describe
# nothing, so the prose is still all there is. (Not .gitmodules: the code it names is the
# product, kept in repositories of its own.)
REPOSITORY_METADATA = frozenset({".gitignore", ".gitattributes", ".editorconfig", ".mailmap"})


def language_breakdown(files: Sequence[RepoFile]) -> Iterable[Fact]:
    counts: dict[str, int] = {}
    sizes: dict[str, int] = {}
    groups: dict[str, int] = {}
    docs = 0
    code_files = 0
    prose = other = 0  # the product's files of prose (PROSE), and all its others
    for file in files:
        if file.documentation:
            docs += 1
        if not file.product:
            continue  # docs, tests and tooling describe or serve the product; they are not it
        name = file.path.rsplit("/", 1)[-1]
        found = classify(name)
        if found is not None and found[0] in PROSE:
            prose += 1
        elif name not in REPOSITORY_METADATA:
            other += 1
        if found is None:
            continue
        language, group = found
        code_files += group in ("server", "script")
        counts[language] = counts.get(language, 0) + 1
        sizes[language] = sizes.get(language, 0) + file.size
        if group != "static" or not in_data_set(file.path):
            groups[group] = groups.get(group, 0) + file.size  # (a data set's prose is no page)
    for language in sorted(counts):
        detail = f"{counts[language]} {language} files, {sizes[language]} bytes"
        yield Fact(f"lang.files.{language}", counts[language], (Evidence(".", None, detail),))
        yield Fact(f"lang.bytes.{language}", sizes[language])
    for group in ("static", "script", "server"):
        yield Fact(f"content.bytes.{group}", groups.get(group, 0))
    yield Fact("repo.files", len(files))
    yield Fact("repo.code_files", code_files)
    yield Fact("repo.docs_files", docs)
    if prose and not other:
        detail = f"all {prose} of the product's files are prose"
        yield Fact("repo.prose_only", prose, (Evidence(".", None, detail),))


def content_shares(facts: Mapping[str, Fact]) -> Iterable[Fact]:
    parts = {
        g: facts[f"content.bytes.{g}"].value if f"content.bytes.{g}" in facts else 0.0
        for g in ("static", "script", "server")
    }
    total = sum(parts.values())
    if not total:
        return
    for group in ("static", "server", "script"):
        share = round(parts[group] / total, 3)
        detail = f"{share:.0%} of the product's code and content bytes are {group}"
        yield Fact(f"content.share.{group}", share, (Evidence(".", None, detail),))


TREE_SCANNERS.append(language_breakdown)
DERIVATIONS.append(content_shares)
