"""Manifest parsers: one module per format family, registered here in one table.

A parser takes the file's path and text and returns a `Parsed`; it never reads other
files (an include is returned for the collector to resolve) and never executes anything.
A malformed file raises `MalformedManifest`, which the collector turns into a skipped entry.

The table names each parser by module and function, so deciding which files are manifests
imports no parser: a module is imported the first time a file of its kind needs parsing
(never, when every manifest is answered from the cache).
"""

from __future__ import annotations

import fnmatch
import importlib
import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from stackcheck.facts import Fact


class Parsed(NamedTuple):
    kind: str
    facts: tuple[Fact, ...]
    dependencies: int = 0
    includes: tuple[str, ...] = ()  # other files this one pulls in (paths relative to the root)


class MalformedManifest(ValueError):
    """The file has a manifest's name but cannot be parsed as one."""


Parser = Callable[[str, str], Parsed]


class ParserRef(NamedTuple):
    """A parser named by its module (in stackcheck.facts.manifests) and function."""

    module: str
    function: str

    def load(self) -> Parser:
        module = importlib.import_module(f"stackcheck.facts.manifests.{self.module}")
        parser: Parser = getattr(module, self.function)
        return parser


# (how, pattern, module, function): "name" is an exact file name, "glob" a pattern on the file
# name, "path" a pattern on the whole path. Exact names win, then globs, then paths, each in
# table order.
REGISTRY: tuple[tuple[str, str, str, str], ...] = (
    # python/project.py
    ("name", "pyproject.toml", "python.project", "parse_pyproject"),
    ("name", "setup.py", "python.project", "parse_setup_py"),
    ("name", "setup.cfg", "python.project", "parse_setup_cfg"),
    ("name", "Pipfile", "python.project", "parse_pipfile"),
    ("name", "environment.yml", "python.project", "parse_conda_env"),
    ("name", "environment.yaml", "python.project", "parse_conda_env"),
    ("glob", "requirements*.txt", "python.project", "parse_requirements"),
    ("glob", "*-requirements.txt", "python.project", "parse_requirements"),
    ("glob", "*_requirements.txt", "python.project", "parse_requirements"),
    ("glob", "requirements*.in", "python.project", "parse_requirements"),
    ("glob", "constraints*.txt", "python.project", "parse_requirements"),
    ("path", "requirements/*.txt", "python.project", "parse_requirements"),
    ("path", "*/requirements/*.txt", "python.project", "parse_requirements"),
    ("path", "requirements/*.in", "python.project", "parse_requirements"),
    ("path", "*/requirements/*.in", "python.project", "parse_requirements"),
    # python/locks.py
    ("name", "poetry.lock", "python.locks", "parse_poetry_lock"),
    ("name", "pdm.lock", "python.locks", "parse_pdm_lock"),
    ("name", "uv.lock", "python.locks", "parse_uv_lock"),
    ("name", "pylock.toml", "python.locks", "parse_pylock"),
    ("name", "Pipfile.lock", "python.locks", "parse_pipfile_lock"),
    ("glob", "pylock.*.toml", "python.locks", "parse_pylock"),
    # node.py
    ("name", "package.json", "node", "parse_package_json"),
    ("name", "package-lock.json", "node", "parse_package_lock"),
    ("name", "npm-shrinkwrap.json", "node", "parse_package_lock"),
    ("name", "yarn.lock", "node", "parse_yarn_lock"),
    ("name", "pnpm-lock.yaml", "node", "parse_pnpm_lock"),
    ("name", "deno.json", "node", "parse_deno_json"),
    ("name", "deno.jsonc", "node", "parse_deno_json"),
    # ecosystems/server.py
    ("name", "go.mod", "ecosystems.server", "parse_go_mod"),
    ("name", "Cargo.toml", "ecosystems.server", "parse_cargo_toml"),
    ("name", "composer.json", "ecosystems.server", "parse_composer_json"),
    ("name", "composer.lock", "ecosystems.server", "parse_composer_lock"),
    # deploy.py
    ("name", "Dockerfile", "deploy", "parse_dockerfile"),
    ("name", "Containerfile", "deploy", "parse_dockerfile"),
    ("name", "docker-compose.yml", "deploy", "parse_compose"),
    ("name", "docker-compose.yaml", "deploy", "parse_compose"),
    ("name", "compose.yml", "deploy", "parse_compose"),
    ("name", "compose.yaml", "deploy", "parse_compose"),
    ("name", "Procfile", "deploy", "parse_procfile"),
    ("name", "app.yaml", "deploy", "parse_app_engine"),
    ("name", "app.yml", "deploy", "parse_app_engine"),
    ("name", "fly.toml", "deploy", "parse_fly"),
    # (one app's config per environment or part: fly.staging.toml, fly-server.toml)
    ("glob", "fly.*.toml", "deploy", "parse_fly"),
    ("glob", "fly-*.toml", "deploy", "parse_fly"),
    ("name", "wrangler.toml", "deploy", "parse_wrangler"),
    ("name", "wrangler.json", "deploy", "parse_wrangler"),
    ("name", "wrangler.jsonc", "deploy", "parse_wrangler"),
    ("name", "render.yaml", "deploy", "parse_render"),
    ("name", "render.yml", "deploy", "parse_render"),
    ("name", "vercel.json", "deploy", "parse_vercel"),
    ("name", "now.json", "deploy", "parse_vercel"),
    ("name", "netlify.toml", "deploy", "parse_netlify"),
    ("name", "serverless.yml", "deploy", "parse_serverless"),
    ("name", "serverless.yaml", "deploy", "parse_serverless"),
    ("name", "template.yaml", "deploy", "parse_sam_template"),
    ("name", "template.yml", "deploy", "parse_sam_template"),
    ("name", "Staticfile", "deploy", "parse_staticfile"),
    ("name", "development.ini", "deploy", "parse_paste_ini"),
    ("name", "production.ini", "deploy", "parse_paste_ini"),
    ("name", "staging.ini", "deploy", "parse_paste_ini"),
    ("name", "deployment.ini", "deploy", "parse_paste_ini"),
    ("name", "nginx.conf", "deploy", "parse_nginx"),
    ("glob", "*.wsgi", "deploy", "parse_wsgi_script"),
    ("glob", "*.Dockerfile", "deploy", "parse_dockerfile"),
    ("glob", "*.dockerfile", "deploy", "parse_dockerfile"),
    ("glob", "Dockerfile.*", "deploy", "parse_dockerfile"),
    ("glob", "docker-compose*.yml", "deploy", "parse_compose"),
    ("glob", "docker-compose*.yaml", "deploy", "parse_compose"),
    ("glob", "compose.*.yml", "deploy", "parse_compose"),
    ("glob", "compose.*.yaml", "deploy", "parse_compose"),
    ("glob", "*.nginx.conf", "deploy", "parse_nginx"),
    ("glob", "nginx.conf.template", "deploy", "parse_nginx"),
    ("path", ".github/workflows/*.yml", "deploy", "parse_workflow"),
    ("path", ".github/workflows/*.yaml", "deploy", "parse_workflow"),
    ("path", "nginx/*.conf", "deploy", "parse_nginx"),
    ("path", "*/nginx/*.conf", "deploy", "parse_nginx"),
    ("path", "nginx/*.conf.template", "deploy", "parse_nginx"),
    ("path", "*/nginx/*.conf.template", "deploy", "parse_nginx"),
    # static_site.py
    ("name", "_config.yml", "static_site", "parse_jekyll"),
    ("name", "_config.yaml", "static_site", "parse_jekyll"),
    ("name", "hugo.toml", "static_site", "parse_hugo"),
    ("name", "hugo.yaml", "static_site", "parse_hugo"),
    ("name", "hugo.yml", "static_site", "parse_hugo"),
    ("name", "hugo.json", "static_site", "parse_hugo"),
    ("name", "config.toml", "static_site", "parse_generic_config"),
    ("name", "theme.toml", "static_site", "parse_theme_toml"),
    ("name", "config.yaml", "static_site", "parse_generic_config"),
    ("name", "config.yml", "static_site", "parse_generic_config"),
    ("name", "mkdocs.yml", "static_site", "parse_mkdocs"),
    ("name", "mkdocs.yaml", "static_site", "parse_mkdocs"),
    ("name", "conf.py", "static_site", "parse_sphinx"),
    ("name", "pelicanconf.py", "static_site", "parse_pelican"),
    ("name", "publishconf.py", "static_site", "parse_pelican_publish"),
    ("glob", "*.lektorproject", "static_site", "parse_lektor"),
    ("name", "jbake.properties", "static_site", "parse_jbake"),
    ("name", "sculpin_kernel.yml", "static_site", "parse_sculpin"),
    ("name", "sculpin_site.yml", "static_site", "parse_sculpin"),
    ("name", "sculpin.json", "static_site", "parse_sculpin"),
    ("name", "bridgetown.config.yml", "static_site", "parse_bridgetown"),
    ("name", "SUMMARY.md", "static_site", "parse_book_summary"),
    ("name", ".gitbook.yaml", "static_site", "parse_gitbook"),
    ("name", "book.toml", "static_site", "parse_mdbook"),
    ("name", ".eleventy.js", "static_site", "parse_eleventy"),
    ("name", ".eleventy.cjs", "static_site", "parse_eleventy"),
    ("name", ".eleventy.mjs", "static_site", "parse_eleventy"),
    ("name", ".eleventy.ts", "static_site", "parse_eleventy"),
    ("name", ".eleventy.cts", "static_site", "parse_eleventy"),
    ("name", ".eleventy.mts", "static_site", "parse_eleventy"),
    ("name", "eleventy.config.js", "static_site", "parse_eleventy"),
    ("name", "eleventy.config.cjs", "static_site", "parse_eleventy"),
    ("name", "eleventy.config.mjs", "static_site", "parse_eleventy"),
    ("name", "eleventy.config.ts", "static_site", "parse_eleventy"),
    ("name", "eleventy.config.cts", "static_site", "parse_eleventy"),
    ("name", "eleventy.config.mts", "static_site", "parse_eleventy"),
    ("name", "docusaurus.config.js", "static_site", "parse_docusaurus"),
    ("name", "docusaurus.config.cjs", "static_site", "parse_docusaurus"),
    ("name", "docusaurus.config.mjs", "static_site", "parse_docusaurus"),
    ("name", "docusaurus.config.ts", "static_site", "parse_docusaurus"),
    ("name", "docusaurus.config.cts", "static_site", "parse_docusaurus"),
    ("name", "docusaurus.config.mts", "static_site", "parse_docusaurus"),
    ("name", "gatsby-config.js", "static_site", "parse_gatsby"),
    ("name", "gatsby-config.cjs", "static_site", "parse_gatsby"),
    ("name", "gatsby-config.mjs", "static_site", "parse_gatsby"),
    ("name", "gatsby-config.ts", "static_site", "parse_gatsby"),
    ("name", "gatsby-config.cts", "static_site", "parse_gatsby"),
    ("name", "gatsby-config.mts", "static_site", "parse_gatsby"),
    ("name", "astro.config.js", "static_site", "parse_astro"),
    ("name", "astro.config.cjs", "static_site", "parse_astro"),
    ("name", "astro.config.mjs", "static_site", "parse_astro"),
    ("name", "astro.config.ts", "static_site", "parse_astro"),
    ("name", "astro.config.cts", "static_site", "parse_astro"),
    ("name", "astro.config.mts", "static_site", "parse_astro"),
    ("name", "next.config.js", "static_site", "parse_next"),
    ("name", "next.config.cjs", "static_site", "parse_next"),
    ("name", "next.config.mjs", "static_site", "parse_next"),
    ("name", "next.config.ts", "static_site", "parse_next"),
    ("name", "next.config.cts", "static_site", "parse_next"),
    ("name", "next.config.mts", "static_site", "parse_next"),
    ("name", "nuxt.config.js", "static_site", "parse_nuxt"),
    ("name", "nuxt.config.cjs", "static_site", "parse_nuxt"),
    ("name", "nuxt.config.mjs", "static_site", "parse_nuxt"),
    ("name", "nuxt.config.ts", "static_site", "parse_nuxt"),
    ("name", "nuxt.config.cts", "static_site", "parse_nuxt"),
    ("name", "nuxt.config.mts", "static_site", "parse_nuxt"),
    # VitePress and VuePress keep their config in a dot-folder beside the pages.
    ("path", "*.vitepress/config.js", "static_site", "parse_vitepress"),
    ("path", "*.vitepress/config.cjs", "static_site", "parse_vitepress"),
    ("path", "*.vitepress/config.mjs", "static_site", "parse_vitepress"),
    ("path", "*.vitepress/config.ts", "static_site", "parse_vitepress"),
    ("path", "*.vitepress/config.cts", "static_site", "parse_vitepress"),
    ("path", "*.vitepress/config.mts", "static_site", "parse_vitepress"),
    ("path", "*.vuepress/config.js", "static_site", "parse_vuepress"),
    ("path", "*.vuepress/config.cjs", "static_site", "parse_vuepress"),
    ("path", "*.vuepress/config.mjs", "static_site", "parse_vuepress"),
    ("path", "*.vuepress/config.ts", "static_site", "parse_vuepress"),
    ("path", "*.vuepress/config.cts", "static_site", "parse_vuepress"),
    ("path", "*.vuepress/config.mts", "static_site", "parse_vuepress"),
    # ecosystems/elixir.py
    ("name", "mix.exs", "ecosystems.elixir", "parse_mix_exs"),
    # ecosystems/ruby.py
    ("name", "Gemfile", "ecosystems.ruby", "parse_gemfile"),
    ("name", "gems.rb", "ecosystems.ruby", "parse_gemfile"),
    ("name", "Podfile", "ecosystems.ruby", "parse_podfile"),
    ("name", "Gemfile.lock", "ecosystems.ruby", "parse_gemfile_lock"),
    ("name", "gems.locked", "ecosystems.ruby", "parse_gemfile_lock"),
    ("glob", "*.gemspec", "ecosystems.ruby", "parse_gemspec"),
    # ecosystems/jvm.py
    ("name", "pom.xml", "ecosystems.jvm", "parse_pom_xml"),
    ("name", "build.gradle", "ecosystems.jvm", "parse_gradle"),
    ("name", "build.gradle.kts", "ecosystems.jvm", "parse_gradle"),
    ("name", "libs.versions.toml", "ecosystems.jvm", "parse_version_catalog"),
    ("name", "web.xml", "ecosystems.jvm", "parse_web_xml"),
    # ecosystems/dotnet.py
    ("glob", "*.csproj", "ecosystems.dotnet", "parse_msbuild_project"),
    ("glob", "*.fsproj", "ecosystems.dotnet", "parse_msbuild_project"),
    ("glob", "*.vbproj", "ecosystems.dotnet", "parse_msbuild_project"),
    ("name", "packages.config", "ecosystems.dotnet", "parse_packages_config"),
    # ecosystems/more.py
    ("path", "*conf/routes", "ecosystems.more", "parse_play_routes"),
    ("path", "*config/routes", "ecosystems.more", "parse_yesod_routes"),
    ("path", "*config/routes.yesodroutes", "ecosystems.more", "parse_yesod_routes"),
    ("path", "*.meteor/packages", "ecosystems.more", "parse_meteor_packages"),
    ("name", "main.wasp", "ecosystems.more", "parse_wasp"),
    ("name", "cpanfile", "ecosystems.more", "parse_cpanfile"),
    ("name", "rebar.config", "ecosystems.more", "parse_rebar_config"),
    # ecosystems/lesser.py
    ("name", "build.sbt", "ecosystems.lesser", "parse_build_sbt"),
    # sbt's meta-build keeps the dependencies in `project/Dependencies.scala` by convention.
    ("path", "project/*.scala", "ecosystems.lesser", "parse_build_sbt"),
    ("path", "*/project/*.scala", "ecosystems.lesser", "parse_build_sbt"),
    ("glob", "*.cabal", "ecosystems.lesser", "parse_cabal"),
    ("name", "package.yaml", "ecosystems.lesser", "parse_hpack"),
    ("name", "dune", "ecosystems.lesser", "parse_dune"),
    ("name", "dune-project", "ecosystems.lesser", "parse_dune"),
    ("glob", "*.opam", "ecosystems.lesser", "parse_opam"),
    ("name", "deps.edn", "ecosystems.lesser", "parse_clojure_deps"),
    ("name", "project.clj", "ecosystems.lesser", "parse_clojure_deps"),
    ("name", "shard.yml", "ecosystems.lesser", "parse_shard_yml"),
    ("glob", "*.nimble", "ecosystems.lesser", "parse_nimble"),
    ("glob", "*.rockspec", "ecosystems.lesser", "parse_rockspec"),
    ("name", "Package.swift", "ecosystems.lesser", "parse_package_swift"),
    ("name", "build.zig.zon", "ecosystems.lesser", "parse_build_zig_zon"),
    ("name", "paket.dependencies", "ecosystems.lesser", "parse_paket_dependencies"),
    ("name", "DESCRIPTION", "ecosystems.lesser", "parse_r_description"),
    ("name", "Project.toml", "ecosystems.lesser", "parse_julia_project"),
    # ecosystems/native.py
    ("name", "CMakeLists.txt", "ecosystems.native", "parse_cmakelists"),
    ("name", "conanfile.txt", "ecosystems.native", "parse_conanfile_txt"),
    ("name", "conanfile.py", "ecosystems.native", "parse_conanfile_py"),
    ("name", "vcpkg.json", "ecosystems.native", "parse_vcpkg_json"),
    ("name", "platformio.ini", "ecosystems.native", "parse_platformio_ini"),
    # ecosystems/mobile.py
    ("name", "AndroidManifest.xml", "ecosystems.mobile", "parse_android_manifest"),
    ("name", "pubspec.yaml", "ecosystems.mobile", "parse_pubspec"),
    ("path", "*.xcodeproj/project.pbxproj", "ecosystems.mobile", "parse_pbxproj"),
)

_NAMES = {pattern: ParserRef(m, f) for how, pattern, m, f in REGISTRY if how == "name"}


def _combined(how: str) -> tuple[re.Pattern[str] | None, list[ParserRef]]:
    rows = [(p, ParserRef(m, f)) for h, p, m, f in REGISTRY if h == how]
    if not rows:
        return None, []
    pattern = "|".join(f"(?P<p{i}>{fnmatch.translate(p)})" for i, (p, _) in enumerate(rows))
    return re.compile(pattern), [ref for _, ref in rows]


_GLOBS = _combined("glob")
_PATHS = _combined("path")
# The file names path patterns end with (`.vitepress/config.js`: config.js), and what the
# names of those ending in a glob end with after their last dot (`requirements/*.txt`: txt):
# any other file is not matched against them (every file of a large tree is asked).
_PATH_LASTS = [p.rpartition("/")[2] for h, p, _, _ in REGISTRY if h == "path"]
_PATH_NAMES = frozenset(last for last in _PATH_LASTS if not any(c in last for c in "*?["))
_PATH_ENDINGS = frozenset(
    last.rpartition(".")[2] for last in _PATH_LASTS if any(c in last for c in "*?[")
)


def _path_pattern_may_match(name: str) -> bool:
    return name in _PATH_NAMES or name.rpartition(".")[2] in _PATH_ENDINGS


@lru_cache(maxsize=8192)
def _by_name(name: str) -> ParserRef | None:
    found = _NAMES.get(name)
    if found is not None:
        return found
    regex, refs = _GLOBS
    match = regex.match(name) if regex is not None else None
    return refs[int(match.lastgroup[1:])] if match and match.lastgroup else None


def parser_ref(path: str) -> ParserRef | None:
    """Which parser reads this file, without importing it: by its name (what is asked of a
    name is kept), and by its path only for a name a path pattern can end with."""
    name = path.rpartition("/")[2]
    found = _by_name(name)
    if found is not None or not _path_pattern_may_match(name):
        return found
    regex, refs = _PATHS
    match = regex.match(path) if regex is not None else None
    return refs[int(match.lastgroup[1:])] if match and match.lastgroup else None


def parser_for(path: str) -> Parser | None:
    """The parser function for this file (importing its module), or None."""
    ref = parser_ref(path)
    return ref.load() if ref is not None else None
