"""Static-site generator configs: product root vs docs of something else."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stackcheck.facts import Evidence, Manifest, manifests
from stackcheck.facts.collect import collect
from stackcheck.facts.manifests import MalformedManifest, Parsed, ParserRef, static_site
from stackcheck.facts.manifests._docs import is_docs_path
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


# --- where the config sits --------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("hugo.toml", False, id="root"),
        pytest.param("site/hugo.toml", False, id="site-folder"),
        pytest.param("blog/_config.yml", False, id="app-folder"),
        pytest.param("docsify.json", False, id="docs-word-in-file-name-only"),
        pytest.param("docs/mkdocs.yml", True, id="docs"),
        pytest.param("doc/conf.py", True, id="doc"),
        pytest.param("Documentation/conf.py", True, id="documentation-capitalised"),
        pytest.param("website/docusaurus.config.js", True, id="website"),
        pytest.param("packages/api-docs/astro.config.mjs", True, id="docs-named-folder"),
        pytest.param("user_guide/conf.py", True, id="guide-folder"),
        pytest.param("examples/blog/gatsby-config.js", True, id="examples"),
        pytest.param("tests/fixtures/site/hugo.toml", True, id="test-fixtures"),
    ],
)
def test_is_docs_path(path: str, expected: bool) -> None:
    assert is_docs_path(path) is expected


# --- Jekyll, Hexo, Jupyter Book (_config.yml) -------------------------------------------

JEKYLL_CONFIG = """\
title: Garden notes
description: >-
  What grew and what did not.
baseurl: ""
url: "https://garden.example.org"
theme: minima
plugins:
  - jekyll-feed
  - jekyll-seo-tag
collections:
  recipes:
    output: true
"""

HEXO_CONFIG = """\
title: Travel log
url: http://travel.example.org
permalink: :year/:month/:day/:title/
source_dir: source
public_dir: public
new_post_name: :title.md
theme: landscape
deploy:
  type: git
"""

JUPYTER_BOOK_CONFIG = """\
title: Data course
author: The course team
execute:
  execute_notebooks: force
repository:
  url: https://github.com/example/course
sphinx:
  config:
    html_show_copyright: false
"""


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param("_config.yml", "database_url: postgres://x\n", {}, id="another-tools-config"),
        pytest.param("_config.yml", "", {"ssg.jekyll": 1}, id="empty-jekyll-config"),
        pytest.param("_config.yml", "# just comments\n", {"ssg.jekyll": 1}, id="comments-only"),
        pytest.param("_config.yml", JEKYLL_CONFIG, {"ssg.jekyll": 1}, id="jekyll-site"),
        pytest.param(
            "docs/_config.yml",
            "remote_theme: pages-themes/cayman@v0.2.0\n",
            {"ssg.jekyll.docs": 1},
            id="jekyll-docs",
        ),
        pytest.param(
            "_config.yml",
            "theme: jekyll-theme-minimal",
            {"ssg.jekyll.docs": 1},
            id="pages-theme-chooser-renders-the-readme",
        ),
        pytest.param(
            "_config.yml",
            "theme: jekyll-theme-cayman\ntitle: Charts\ndescription: Helm charts\n",
            {"ssg.jekyll.docs": 1},
            id="theme-chooser-with-a-title",
        ),
        pytest.param(
            "_config.yml",
            "theme: jekyll-theme-minimal\ntitle: Notes\nlogo: assets/cover.png\n"
            "show_downloads: true\n",
            {"ssg.jekyll.docs": 1},
            id="theme-chooser-with-a-logo-and-downloads",
        ),
        pytest.param(
            "_config.yml",
            "theme: jekyll-theme-cayman\nplugins: [jekyll-feed]\n",
            {"ssg.jekyll": 1},
            id="a-chosen-theme-and-more-is-a-site",
        ),
        pytest.param("_config.yml", "theme: minima\n", {"ssg.jekyll": 1}, id="a-gem-theme"),
        pytest.param("_config.yml", HEXO_CONFIG, {"ssg.hexo": 1}, id="hexo"),
        pytest.param(
            "_config.yml",
            "title: Notes\nurl: https://example.org\nroot: /blog\npermalink: /:year/:title/\n"
            "source: source\ndestination: public/blog\ncategory_dir: blog/categories\n"
            "tag_dir: blog/tags\n",
            {"ssg.jekyll": 1},
            id="octopress-category-and-tag-folders-are-jekyll-s",
        ),
        pytest.param(
            "_config.yml",
            "category_dir: categories\ntag_dir: tags\n",
            {"ssg.hexo": 1},
            id="hexo-s-folders-alone",
        ),
        pytest.param(
            "book/_config.yml", JUPYTER_BOOK_CONFIG, {"ssg.jupyter_book": 1}, id="jupyter-book"
        ),
    ],
)
def test_config_yml(path: str, text: str, expected: dict[str, float]) -> None:
    assert values(static_site.parse_jekyll(path, text)) == expected


def test_jekyll_evidence() -> None:
    parsed = static_site.parse_jekyll("_config.yml", JEKYLL_CONFIG)
    assert parsed.kind == "jekyll-config"
    assert evidence(parsed, "ssg.jekyll") == [
        Evidence("_config.yml", 1, "Jekyll config (title, baseurl, url)")
    ]


# --- Hugo and Zola ----------------------------------------------------------------------

HUGO_TOML = """\
baseURL = "https://example.org/"
languageCode = "en-us"
title = "My New Hugo Site"
theme = "ananke"

[params]
  description = "A site"
"""

HUGO_YAML = """\
baseURL: https://example.org/
title: Recipes
theme: PaperMod
taxonomies:
  tag: tags
  category: categories
"""

ZOLA_TOML = """\
base_url = "https://blog.example.org"
title = "A Zola blog"
compile_sass = true
build_search_index = true

[markdown]
highlight_code = true

[extra]
author = "me"
"""

APP_CONFIG_TOML = """\
[server]
host = "0.0.0.0"
port = 8080

[database]
url = "postgres://localhost/app"
"""


@pytest.mark.parametrize(
    ("parser", "path", "text", "expected"),
    [
        pytest.param(
            static_site.parse_generic_config,
            "config.toml",
            APP_CONFIG_TOML,
            {},
            id="app-config-toml",
        ),
        pytest.param(
            static_site.parse_generic_config, "config.yaml", "", {}, id="empty-config-yaml"
        ),
        pytest.param(
            static_site.parse_generic_config,
            "config.yaml",
            "title: Service\ntheme: dark\nlog_level: info\n",
            {},
            id="one-weak-hugo-key-is-not-enough",
        ),
        pytest.param(
            static_site.parse_theme_toml,
            "theme.toml",
            'name = "Shop"\nlicense = "MIT"\nlicenselink = "https://x.org/LICENSE"\ntags = []\n',
            {"ssg.hugo": 1},
            id="hugo-theme-descriptor",
        ),
        pytest.param(
            static_site.parse_theme_toml,
            "theme.toml",
            'name = "after-dark"\ndescription = "A dark theme"\ndemo = "https://x.org"\n'
            "[extra]\nshow_date = true\n",
            {"ssg.zola": 1},
            id="zola-theme-descriptor",
        ),
        pytest.param(
            static_site.parse_theme_toml,
            "theme.toml",
            '[colors]\nbackground = "#000000"\n',
            {},
            id="another-tool-s-theme-file",
        ),
        pytest.param(
            static_site.parse_hugo, "hugo.toml", "", {"ssg.hugo": 1}, id="empty-hugo-toml"
        ),
        pytest.param(
            static_site.parse_hugo, "hugo.toml", HUGO_TOML, {"ssg.hugo": 1}, id="hugo-toml"
        ),
        pytest.param(
            static_site.parse_hugo,
            "hugo.json",
            '{"baseURL": "https://x.org/", "title": "x"}',
            {"ssg.hugo": 1},
            id="hugo-json",
        ),
        pytest.param(
            static_site.parse_generic_config,
            "config.toml",
            HUGO_TOML,
            {"ssg.hugo": 1},
            id="hugo-config-toml",
        ),
        pytest.param(
            static_site.parse_generic_config,
            "config.yaml",
            HUGO_YAML,
            {"ssg.hugo": 1},
            id="hugo-config-yaml",
        ),
        pytest.param(
            static_site.parse_generic_config,
            "config/_default/config.toml",
            "theme = 'docsy'\n[params]\ncopyright = 'x'\n",
            {"ssg.hugo": 1},
            id="two-weak-keys",
        ),
        pytest.param(
            static_site.parse_generic_config,
            "docs/config.toml",
            HUGO_TOML,
            {"ssg.hugo.docs": 1},
            id="hugo-docs-site",
        ),
        pytest.param(
            static_site.parse_generic_config, "config.toml", ZOLA_TOML, {"ssg.zola": 1}, id="zola"
        ),
    ],
)
def test_hugo_and_zola(parser: Parser, path: str, text: str, expected: dict[str, float]) -> None:
    assert values(parser(path, text)) == expected


@pytest.mark.parametrize(
    ("path", "text", "kind", "key", "expected"),
    [
        pytest.param(
            "hugo.toml",
            HUGO_TOML,
            "hugo-config",
            "ssg.hugo",
            Evidence("hugo.toml", 1, "Hugo config (baseURL, languageCode, title)"),
            id="hugo",
        ),
        pytest.param(
            "config.toml",
            ZOLA_TOML,
            "zola-config",
            "ssg.zola",
            Evidence("config.toml", 1, "Zola config (base_url, compile_sass, build_search_index)"),
            id="zola",
        ),
    ],
)
def test_hugo_and_zola_evidence(
    path: str, text: str, kind: str, key: str, expected: Evidence
) -> None:
    parser = manifests.parser_for(path)
    assert parser is not None
    parsed = parser(path, text)
    assert parsed.kind == kind
    assert evidence(parsed, key) == [expected]


# --- MkDocs -----------------------------------------------------------------------------

MKDOCS_MATERIAL = """\
site_name: Acme API
site_url: https://docs.example.org/
theme:
  name: material
  palette:
    scheme: slate
extra:
  version: !ENV [DOCS_VERSION, "dev"]
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
nav:
  - Home: index.md
"""


@pytest.mark.parametrize(
    ("path", "text", "detail"),
    [
        pytest.param(
            "mkdocs.yml", "site_name: Tiny\n", "MkDocs config (site_name Tiny)", id="minimal"
        ),
        pytest.param(
            "mkdocs.yml",
            MKDOCS_MATERIAL,
            "MkDocs config (site_name Acme API, theme material)",
            id="material-with-python-tags",
        ),
        pytest.param(
            "docs/mkdocs.yaml",
            "site_name: Guide\ntheme: readthedocs\n",
            "MkDocs config (site_name Guide, theme readthedocs)",
            id="in-docs-folder",
        ),
    ],
)
def test_mkdocs_is_always_docs(path: str, text: str, detail: str) -> None:
    parsed = static_site.parse_mkdocs(path, text)
    assert parsed.kind == "mkdocs"
    assert values(parsed) == {"ssg.mkdocs.docs": 1}
    assert evidence(parsed, "ssg.mkdocs.docs") == [Evidence(path, 1, detail)]


def test_mkdocs_unknown_tags_do_not_leak_into_the_safe_loader() -> None:
    static_site.parse_mkdocs("mkdocs.yml", MKDOCS_MATERIAL)  # builds the tolerant loader
    with pytest.raises(MalformedManifest):
        static_site.parse_jekyll("_config.yml", "x: !!python/name:os.system\n")


# --- Sphinx and Pelican -----------------------------------------------------------------

SPHINX_CONF = """\
# Configuration file for the Sphinx documentation builder.
import os
import sys

sys.path.insert(0, os.path.abspath(".."))

project = "acme"
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
]
html_theme = "furo"
"""

PELICAN_CONF = """\
AUTHOR = "Sam"
SITENAME = "Notes"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Paris"
THEME: str = "themes/plain"
"""


@pytest.mark.parametrize(
    ("parser", "path", "text", "expected"),
    [
        pytest.param(
            static_site.parse_sphinx, "conf.py", "DEBUG = True\nPORT = 80\n", {}, id="other-conf-py"
        ),
        pytest.param(
            static_site.parse_sphinx,
            "conf.py",
            "extensions_enabled = ['gzip']\n",
            {},
            id="mentions-extensions-only",
        ),
        pytest.param(
            static_site.parse_sphinx,
            "docs/conf.py",
            SPHINX_CONF,
            {"ssg.sphinx.docs": 1},
            id="sphinx",
        ),
        pytest.param(
            static_site.parse_sphinx,
            "conf.py",
            SPHINX_CONF,
            {"ssg.sphinx.docs": 1},
            id="sphinx-at-root-is-still-docs",
        ),
        pytest.param(
            static_site.parse_sphinx,
            "doc/conf.py",
            "print 'py2'\nhtml_theme = 'default'\n",
            {"ssg.sphinx.docs": 1},
            id="python2-syntax-read-as-text",
        ),
        pytest.param(
            static_site.parse_sphinx,
            "conf.py",
            'BLOG_AUTHOR = "Ann"\nBLOG_TITLE = "Notes"\nSITE_URL = "https://x.org/"\n'
            'POSTS = (("posts/*.md", "posts", "post.tmpl"),)\n',
            {"ssg.nikola": 1},
            id="nikola-conf",
        ),
        pytest.param(
            static_site.parse_sphinx,
            "conf.py",
            'BLOG_TITLE = "A Sphinx blog theme option"\nextensions = ["sphinx.ext.autodoc"]\n',
            {"ssg.sphinx.docs": 1},
            id="a-sphinx-conf-naming-one-nikola-setting",
        ),
        pytest.param(
            static_site.parse_pelican, "pelicanconf.py", "", {"ssg.pelican": 1}, id="pelican-empty"
        ),
        pytest.param(
            static_site.parse_pelican,
            "pelicanconf.py",
            PELICAN_CONF,
            {"ssg.pelican": 1},
            id="pelican",
        ),
        pytest.param(
            static_site.parse_pelican,
            "docs/pelicanconf.py",
            PELICAN_CONF,
            {"ssg.pelican.docs": 1},
            id="pelican-docs",
        ),
        pytest.param(
            static_site.parse_pelican_publish,
            "publishconf.py",
            "import os\nimport sys\nsys.path.append(os.curdir)\nfrom pelicanconf import *\n",
            {"ssg.pelican": 1},
            id="pelican-publish-conf",
        ),
        pytest.param(
            static_site.parse_pelican_publish,
            "publishconf.py",
            "# a publishing script of another tool\nSITEURL = 'https://x'\n",
            {},
            id="a-publishconf-that-imports-no-pelicanconf",
        ),
    ],
)
def test_python_configs(parser: Parser, path: str, text: str, expected: dict[str, float]) -> None:
    assert values(parser(path, text)) == expected


@pytest.mark.parametrize(
    ("parser", "path", "text", "key", "expected"),
    [
        pytest.param(
            static_site.parse_sphinx,
            "docs/conf.py",
            SPHINX_CONF,
            "ssg.sphinx.docs",
            Evidence("docs/conf.py", 8, "Sphinx conf.py (extensions, html_theme)"),
            id="sphinx",
        ),
        pytest.param(
            static_site.parse_pelican,
            "pelicanconf.py",
            PELICAN_CONF,
            "ssg.pelican",
            Evidence("pelicanconf.py", 2, "Pelican config (SITENAME, SITEURL, PATH)"),
            id="pelican",
        ),
        pytest.param(
            static_site.parse_pelican_publish,
            "publishconf.py",
            "import os\n\nfrom pelicanconf import *\n",
            "ssg.pelican",
            Evidence("publishconf.py", 3, "Pelican publish config imports pelicanconf"),
            id="pelican-publish",
        ),
    ],
)
def test_python_config_evidence(
    parser: Parser, path: str, text: str, key: str, expected: Evidence
) -> None:
    assert evidence(parser(path, text), key) == [expected]


# --- JavaScript configs -----------------------------------------------------------------

ASTRO_STATIC = """\
// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';

// https://astro.build/config - output: 'server' would need an adapter
export default defineConfig({
  site: `https://${process.env.HOST}/`,
  integrations: [starlight({ title: 'Docs' })],
  /* adapter: node() is not used */
});
"""

ASTRO_SSR = """\
import { defineConfig } from "astro/config";
import node from "@astrojs/node";

export default defineConfig({
  output: "server",
  adapter: node({ mode: "standalone" }),
});
"""

# A static build with an adapter: only pages that opt out of prerendering are served.
ASTRO_STATIC_WITH_ADAPTER = """import vercel from "@astrojs/vercel";
export default defineConfig({
  output: "static",
  adapter: vercel(),
});
"""
ASTRO_ADAPTER_ONLY = """\
import { defineConfig } from 'astro/config';
import vercel from '@astrojs/vercel';
const pattern = /['"]/g;
export default defineConfig({ adapter: vercel() });
"""

NEXT_EXPORT = """\
/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  images: { unoptimized: true },
};

module.exports = nextConfig;
"""

NEXT_CONDITIONAL_EXPORT = """\
const isStatic = process.env.STATIC === '1';
export default {
  output: isStatic ? "export" : undefined,
  trailingSlash: true,
};
"""

NEXT_SERVER = """\
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // output: 'export',
  output: 'standalone',
  reactStrictMode: true,
};

export default nextConfig;
"""

ELEVENTY = """\
module.exports = function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy("css");
  return { dir: { input: "src", output: "_site" } };
};
"""


@pytest.mark.parametrize(
    ("parser", "path", "text", "expected"),
    [
        pytest.param(
            static_site.parse_eleventy, ".eleventy.js", "", {"ssg.eleventy": 1}, id="eleventy-empty"
        ),
        pytest.param(
            static_site.parse_eleventy,
            "eleventy.config.mjs",
            ELEVENTY,
            {"ssg.eleventy": 1},
            id="eleventy",
        ),
        pytest.param(
            static_site.parse_docusaurus,
            "docusaurus.config.ts",
            "export default {title: 'x'};",
            {"ssg.docusaurus": 1},
            id="docusaurus-product",
        ),
        pytest.param(
            static_site.parse_docusaurus,
            "website/docusaurus.config.js",
            "module.exports = {};",
            {"ssg.docusaurus.docs": 1},
            id="docusaurus-website-folder",
        ),
        pytest.param(
            static_site.parse_gatsby,
            "gatsby-config.js",
            "module.exports = { plugins: [] };",
            {"ssg.gatsby": 1},
            id="gatsby",
        ),
        pytest.param(
            static_site.parse_astro,
            "astro.config.mjs",
            ASTRO_STATIC,
            {"ssg.astro": 1},
            id="astro-static",
        ),
        pytest.param(
            static_site.parse_astro,
            "docs/astro.config.mjs",
            ASTRO_STATIC,
            {"ssg.astro.docs": 1},
            id="astro-starlight-docs",
        ),
        pytest.param(
            static_site.parse_astro,
            "astro.config.ts",
            ASTRO_SSR,
            {"ssg.astro.ssr": 1},
            id="astro-server",
        ),
        pytest.param(
            static_site.parse_astro,
            "astro.config.mjs",
            ASTRO_ADAPTER_ONLY,
            {"ssg.astro.ssr": 1},
            id="astro-adapter",
        ),
        pytest.param(
            static_site.parse_astro,
            "astro.config.mjs",
            ASTRO_STATIC_WITH_ADAPTER,
            {"ssg.astro": 1},
            id="astro-static-output-with-adapter",
        ),
        pytest.param(
            static_site.parse_next,
            "next.config.js",
            NEXT_EXPORT,
            {"ssg.next_export": 1},
            id="next-export",
        ),
        pytest.param(
            static_site.parse_next,
            "next.config.mjs",
            NEXT_CONDITIONAL_EXPORT,
            {"ssg.next_export": 1},
            id="next-conditional-export",
        ),
        pytest.param(
            static_site.parse_next, "next.config.ts", NEXT_SERVER, {"web.next": 1}, id="next-server"
        ),
        pytest.param(
            static_site.parse_nuxt,
            "site/nuxt.config.ts",
            "export default {\n  target: 'static',\n  generate: { fallback: true },\n}\n",
            {"ssg.nuxt_generate": 1},
            id="nuxt-2-static-target",
        ),
        pytest.param(
            static_site.parse_nuxt,
            "nuxt.config.ts",
            "export default defineNuxtConfig({\n  nitro: { preset: 'github-pages' },\n})\n",
            {"ssg.nuxt_generate": 1},
            id="nuxt-3-static-preset",
        ),
        pytest.param(
            static_site.parse_nuxt,
            "nuxt.config.ts",
            "export default defineNuxtConfig({\n  nitro: { preset: 'node-server' },\n"
            "  target: process.env.TARGET,\n})\n",
            {},
            id="nuxt-server",
        ),
        pytest.param(
            static_site.parse_nuxt,
            "nuxt.config.ts",
            "export default defineNuxtConfig({\n  ssr: false,\n  modules: ['@pinia/nuxt'],\n})\n",
            {"nuxt.client_only": 1},
            id="nuxt-rendering-in-the-browser",
        ),
        pytest.param(
            static_site.parse_nuxt,
            "nuxt.config.ts",
            "export default defineNuxtConfig({\n  ssr: true,\n  app: { ssr: 'false' },\n})\n",
            {},
            id="nuxt-server-rendering-on",
        ),
        pytest.param(
            static_site.parse_next,
            "docs/next.config.js",
            "module.exports = require('nextra')()",
            {"web.next.docs": 1},
            id="nextra-docs",
        ),
    ],
)
def test_js_configs(parser: Parser, path: str, text: str, expected: dict[str, float]) -> None:
    assert values(parser(path, text)) == expected


@pytest.mark.parametrize(
    ("parser", "path", "text", "key", "expected"),
    [
        pytest.param(
            static_site.parse_astro,
            "astro.config.ts",
            ASTRO_SSR,
            "ssg.astro.ssr",
            Evidence("astro.config.ts", 5, "Astro config (output: 'server')"),
            id="astro-output",
        ),
        pytest.param(
            static_site.parse_astro,
            "astro.config.mjs",
            ASTRO_ADAPTER_ONLY,
            "ssg.astro.ssr",
            Evidence("astro.config.mjs", 4, "Astro config (SSR adapter)"),
            id="astro-adapter",
        ),
        pytest.param(
            static_site.parse_next,
            "next.config.js",
            NEXT_EXPORT,
            "ssg.next_export",
            Evidence("next.config.js", 3, "Next.js config (output: 'export')"),
            id="next-export",
        ),
    ],
)
def test_js_config_evidence(
    parser: Parser, path: str, text: str, key: str, expected: Evidence
) -> None:
    assert evidence(parser(path, text), key) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", [], id="empty"),
        pytest.param("// 'a'\n/* 'b' */", [], id="comments"),
        pytest.param(
            "x = 'it\\'s'", [("name", "x"), ("punct", "="), ("string", "it's")], id="escape"
        ),
        pytest.param(
            "a / 2 / b",
            [("name", "a"), ("punct", "/"), ("number", "2"), ("punct", "/"), ("name", "b")],
            id="division",
        ),
        pytest.param(
            "f(/'/, 'y')",
            [("name", "f"), ("punct", "("), ("punct", ","), ("string", "y"), ("punct", ")")],
            id="regex",
        ),
        pytest.param(
            "`a ${ {b: '`'} } c`",
            [("string", "a ${ {b: '`'} } c")],
            id="template-with-nested-braces",
        ),
        pytest.param(
            "'unterminated\nnext", [("string", "unterminated"), ("name", "next")], id="unterminated"
        ),
    ],
)
def test_js_tokens(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.kind, t.value) for t in static_site.js_tokens(text)] == expected


# --- malformed input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parser", "path", "text", "reason"),
    [
        pytest.param(
            static_site.parse_jekyll,
            "_config.yml",
            "title: [unclosed\n",
            "invalid YAML",
            id="jekyll-bad-yaml",
        ),
        pytest.param(
            static_site.parse_jekyll,
            "_config.yml",
            "just words\n",
            "not a mapping",
            id="jekyll-scalar",
        ),
        pytest.param(
            static_site.parse_hugo,
            "hugo.toml",
            'baseURL = "x\n',
            "invalid TOML",
            id="hugo-bad-toml",
        ),
        pytest.param(
            static_site.parse_hugo, "hugo.json", "{baseURL: 1}", "invalid JSON", id="hugo-bad-json"
        ),
        pytest.param(
            static_site.parse_hugo, "hugo.yaml", "- a\n- b\n", "not a mapping", id="hugo-yaml-list"
        ),
        pytest.param(
            static_site.parse_generic_config,
            "config.toml",
            "[a]\n[a]\n",
            "invalid TOML",
            id="duplicate-table",
        ),
        pytest.param(
            static_site.parse_generic_config,
            "config.yaml",
            "7\n",
            "not a mapping",
            id="config-scalar",
        ),
        pytest.param(
            static_site.parse_mkdocs,
            "mkdocs.yml",
            "site_name: [\n",
            "invalid YAML",
            id="mkdocs-bad-yaml",
        ),
        pytest.param(
            static_site.parse_mkdocs, "mkdocs.yml", "", "not a mapping", id="mkdocs-empty"
        ),
        pytest.param(
            static_site.parse_mkdocs,
            "mkdocs.yml",
            "\x00\x01\x02",
            "invalid YAML",
            id="mkdocs-binary",
        ),
    ],
)
def test_malformed(parser: Parser, path: str, text: str, reason: str) -> None:
    with pytest.raises(MalformedManifest, match=reason):
        parser(path, text)


@pytest.mark.parametrize(
    ("parser", "path"),
    [
        pytest.param(static_site.parse_sphinx, "conf.py", id="sphinx"),
        pytest.param(static_site.parse_pelican, "pelicanconf.py", id="pelican"),
        pytest.param(static_site.parse_astro, "astro.config.mjs", id="astro"),
        pytest.param(static_site.parse_next, "next.config.js", id="next"),
    ],
)
def test_code_configs_read_junk_without_raising(parser: Parser, path: str) -> None:
    junk = "\x00\xff\xfe sphinx html_theme = ' ` /* { output: 'export"
    parsed = parser(path, junk)
    assert parsed.kind in (
        "unrecognized",
        "sphinx-conf",
        "pelican-conf",
        "astro-config",
        "next-config",
    )


SSG_PARSERS: Sequence[tuple[Parser, str]] = (
    (static_site.parse_jekyll, "_config.yml"),
    (static_site.parse_hugo, "hugo.yaml"),
    (static_site.parse_generic_config, "config.toml"),
    (static_site.parse_generic_config, "config.yaml"),
    (static_site.parse_mkdocs, "mkdocs.yml"),
    (static_site.parse_sphinx, "conf.py"),
    (static_site.parse_pelican, "pelicanconf.py"),
    (static_site.parse_astro, "astro.config.mjs"),
    (static_site.parse_next, "next.config.js"),
)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_no_input_raises_anything_but_malformed(text: str) -> None:
    for parser, path in SSG_PARSERS:
        try:
            parsed = parser(path, text)
        except MalformedManifest:
            continue
        assert all(f.key.startswith(("manifest.", "ssg.", "web.")) for f in parsed.facts)


# --- registry ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("src/config.py", None, id="config-py"),
        pytest.param("hugo.md", None, id="not-a-config"),
        pytest.param("_config.yml", static_site.parse_jekyll, id="jekyll"),
        pytest.param("hugo.toml", static_site.parse_hugo, id="hugo"),
        pytest.param("config.toml", static_site.parse_generic_config, id="config-toml"),
        pytest.param(".eleventy.js", static_site.parse_eleventy, id="eleventy-dotfile"),
        pytest.param("eleventy.config.cjs", static_site.parse_eleventy, id="eleventy-config"),
        pytest.param("mkdocs.yaml", static_site.parse_mkdocs, id="mkdocs"),
        pytest.param("docs/source/conf.py", static_site.parse_sphinx, id="sphinx"),
        pytest.param("website/docusaurus.config.ts", static_site.parse_docusaurus, id="docusaurus"),
        pytest.param("astro.config.mts", static_site.parse_astro, id="astro"),
        pytest.param("gatsby-config.ts", static_site.parse_gatsby, id="gatsby"),
        pytest.param("apps/web/next.config.mjs", static_site.parse_next, id="next"),
        pytest.param("pelicanconf.py", static_site.parse_pelican, id="pelican"),
    ],
)
def test_registered(path: str, expected: Parser | None) -> None:
    assert manifests.parser_for(path) is expected


# --- through the pipeline ---------------------------------------------------------------


def test_hugo_site(repo: RepoFactory) -> None:
    facts = collect(discover(repo("manifests-ssg-hugo")))
    assert Manifest("hugo.toml", "hugo-config", 0) in facts.manifests
    assert facts.value("ssg.hugo") == 1
    assert facts.value("ssg.hugo.docs") == 0
    assert facts.values["ssg.hugo"].evidence == (
        Evidence("hugo.toml", 1, "Hugo config (baseURL, languageCode, title)"),
    )


def test_django_app_with_docs_mkdocs(repo: RepoFactory) -> None:
    # Documentation is not the product: discovery flags docs/, and of it the collector reads
    # only the site's config, as the docs of something (`.docs`), so a docs site inside an
    # application never counts as a static site; its pages are not read.
    facts = collect(discover(repo("manifests-ssg-django-mkdocs")))
    assert [m.path for m in facts.manifests] == ["docs/mkdocs.yml", "requirements.txt"]
    assert facts.value("ssg.mkdocs") == 0
    assert facts.value("ssg.mkdocs.docs") == 1
    assert not [
        e for f in facts.values.values() for e in f.evidence if e.path.startswith("docs/pages")
    ]
    assert facts.value("django.manage_py") == 1
    assert not [s for s in facts.skipped if s.path == "docs/mkdocs.yml"]


def test_a_lektor_project_file_makes_a_lektor_site() -> None:
    jbake = static_site.parse_jbake("src/jbake/jbake.properties", "site.host=https://x.org\n")
    assert [f.key for f in jbake.facts] == ["manifest.jbake-properties", "ssg.jbake"]
    parsed = static_site.parse_lektor("site.lektorproject", "[project]\nname = Site\n")
    assert values(parsed) == {"ssg.lektor": 1}
    assert evidence(parsed, "ssg.lektor") == [Evidence("site.lektorproject", 1, "Lektor project")]
    docs = static_site.parse_lektor("docs/docs.lektorproject", "")
    assert values(docs) == {"ssg.lektor.docs": 1}


def test_a_bridgetown_config_makes_a_bridgetown_site() -> None:
    parsed = static_site.parse_bridgetown("bridgetown.config.yml", "url: https://x.org\n")
    assert values(parsed) == {"ssg.bridgetown": 1}


GITBOOK_SUMMARY = """# Table of contents

* [Introduction](README.md)
* [Order types](learn/order-types.md)
  * [Perpetual futures](learn/perpetual-futures.md#funding)
- [API](resources/api-documentation.md)
"""


def test_a_gitbook_summary_or_config_makes_a_gitbook_site() -> None:
    parsed = static_site.parse_book_summary("SUMMARY.md", GITBOOK_SUMMARY)
    assert values(parsed) == {"ssg.gitbook": 1}
    assert evidence(parsed, "ssg.gitbook")[0].detail == "GitBook table of contents (4 pages)"
    assert values(static_site.parse_book_summary("docs/SUMMARY.md", GITBOOK_SUMMARY)) == {
        "ssg.gitbook.docs": 1
    }
    # A summary in prose lists no pages; mdBook keeps its own in src/ beside book.toml.
    prose = static_site.parse_book_summary("SUMMARY.md", "We built a shop. See [the app](app/).\n")
    assert values(prose) == {}
    assert values(static_site.parse_book_summary("src/SUMMARY.md", GITBOOK_SUMMARY)) == {}
    config = static_site.parse_gitbook(
        ".gitbook.yaml", "root: ./docs/\nstructure:\n  readme: a.md\n"
    )
    assert values(config) == {"ssg.gitbook": 1}


def test_an_mdbook_config_makes_an_mdbook_site() -> None:
    parsed = static_site.parse_mdbook("book.toml", '[book]\ntitle = "Guide"\nsrc = "src"\n')
    assert values(parsed) == {"ssg.mdbook": 1}
    assert values(static_site.parse_mdbook("guide/book.toml", "[output.html]\n")) == {}


@pytest.mark.parametrize(
    "path", ["app/config/sculpin_kernel.yml", "app/config/sculpin_site.yml", "sculpin.json"]
)
def test_sculpin_s_files_make_a_sculpin_site(path: str) -> None:
    parsed = static_site.parse_sculpin(path, "{}" if path.endswith(".json") else "title: Site\n")
    assert [f.key for f in parsed.facts] == ["manifest.sculpin-config", "ssg.sculpin"]
    assert manifests.parser_ref(path) == ParserRef("static_site", "parse_sculpin")
