"""Changes that real repositories accumulate beside their product, none of which changes what
the product is (../shared/corpus/LABELS.md, "First: what does the repository ship?").

Each transform mutates a copied fixture tree in place before it becomes a git repository. It
only adds files, except `move-into-*`, which moves the whole project one folder down. Files
that already exist are left alone (a README gets badges added above its text), so a transform
never rewrites the product. Choices inside a transform (a file name, a folder, a project name)
come from a `Draw`: the first option for the one-change grid (so each option list starts with
the most telling form), drawn by hypothesis for compositions.
"""

from __future__ import annotations

import functools
import json
import random
import shutil
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

T = TypeVar("T")


class Draw(Protocol):
    def choice(self, options: Sequence[T]) -> T: ...

    def integer(self, low: int, high: int) -> int: ...


class FirstDraw:
    """Always the first option: each transform's canonical form (the one written first)."""

    def choice(self, options: Sequence[T]) -> T:
        return options[0]

    def integer(self, low: int, high: int) -> int:
        return low


FIRST = FirstDraw()


@dataclass(frozen=True)
class Transform:
    name: str
    apply: Callable[[Path, Draw], None]
    doc: str

    def __repr__(self) -> str:
        return self.name


# --- helpers ----------------------------------------------------------------------------------


def add(folder: Path, rel: str, content: str | bytes) -> bool:
    """Write a new file; an existing one is kept as it is. Whether the file was written."""
    path = folder / rel
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return True


def add_beside(folder: Path, rel: str, content: str | bytes) -> str:
    """Write a new file at rel, or beside it under a numbered name when rel is taken."""
    stem, dot, suffix = rel.rpartition(".") if "." in Path(rel).name else (rel, "", "")
    candidate, n = rel, 2
    while (folder / candidate).exists():
        candidate = f"{stem}_{n}{dot}{suffix}"
        n += 1
    add(folder, candidate, content)
    return candidate


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts]


def flavour(folder: Path) -> str:
    """The tree's main toolchain, so that CI, Makefiles and tests look like the project's own."""
    names = {p.name for p in _files(folder)}
    suffixes = {p.suffix for p in _files(folder)}
    if "package.json" in names:
        return "node"
    if names & {"requirements.txt", "pyproject.toml", "manage.py", "setup.py"} or ".py" in suffixes:
        return "python"
    if "go.mod" in names:
        return "go"
    if "Cargo.toml" in names:
        return "rust"
    if "CMakeLists.txt" in names or "platformio.ini" in names or suffixes & {".cpp", ".hpp"}:
        return "cpp"
    if "Gemfile" in names:
        return "ruby"
    return "other"


# --- helper scripts -----------------------------------------------------------------------------

PY_SCRIPTS = {
    "bump_version.py": '''
        #!/usr/bin/env python3
        """Bump the version string in the files that carry it."""

        from __future__ import annotations

        import argparse
        import re
        import sys
        from pathlib import Path

        PATTERN = re.compile(r'(version\\s*[:=]\\s*["\\'])(\\d+)\\.(\\d+)\\.(\\d+)(["\\'])')


        def bump(text: str, part: str) -> str:
            def replace(match: re.Match[str]) -> str:
                major, minor, patch = (int(g) for g in match.group(2, 3, 4))
                if part == "major":
                    major, minor, patch = major + 1, 0, 0
                elif part == "minor":
                    minor, patch = minor + 1, 0
                else:
                    patch += 1
                return f"{match.group(1)}{major}.{minor}.{patch}{match.group(5)}"

            return PATTERN.sub(replace, text, count=1)


        def main(argv: list[str] | None = None) -> int:
            parser = argparse.ArgumentParser(description=__doc__)
            parser.add_argument("files", nargs="+", type=Path)
            parser.add_argument("--part", choices=("major", "minor", "patch"), default="patch")
            args = parser.parse_args(argv)
            for path in args.files:
                path.write_text(bump(path.read_text(encoding="utf-8"), args.part), encoding="utf-8")
                print(f"bumped {path}")
            return 0


        if __name__ == "__main__":
            sys.exit(main())
        ''',
    "check_links.py": '''
        #!/usr/bin/env python3
        """List Markdown files whose relative links point at files that do not exist."""

        import re
        import sys
        from pathlib import Path

        LINK = re.compile(r"\\]\\(([^)#:]+)(#[^)]*)?\\)")


        def broken(root: Path) -> list[str]:
            found = []
            for page in sorted(root.rglob("*.md")):
                for target, _ in LINK.findall(page.read_text(encoding="utf-8")):
                    if not (page.parent / target).exists():
                        found.append(f"{page}: {target}")
            return found


        if __name__ == "__main__":
            problems = broken(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
            print("\\n".join(problems))
            sys.exit(1 if problems else 0)
        ''',
    "count_todos.py": """
        import pathlib
        files = [p for p in pathlib.Path(".").rglob("*.md") if "TODO" in p.read_text()]
        print(len(files))
        """,
}

SH_SCRIPTS = {
    "release.sh": """
        #!/usr/bin/env sh
        # Tag a release and push the tag; CI builds the artefacts from it.
        set -eu
        cd "$(dirname "$0")/.."
        version="${1:?usage: release.sh VERSION}"
        if ! git diff --quiet; then
            echo "working tree has changes; commit them first" >&2
            exit 1
        fi
        git tag -a "v$version" -m "Release $version"
        git push origin "v$version"
        """,
    "bootstrap": """
        #!/usr/bin/env bash
        # Install the tools a fresh checkout needs.
        set -euo pipefail
        command -v pre-commit >/dev/null || python3 -m pip install --user pre-commit
        pre-commit install
        echo "ready"
        """,
    "lint.sh": """
        #!/usr/bin/env bash
        set -euo pipefail
        git ls-files -z '*.sh' | xargs -0 --no-run-if-empty shellcheck
        git ls-files -z '*.md' | xargs -0 --no-run-if-empty npx --yes markdownlint-cli2
        """,
}

NODE_SCRIPTS = {
    "check-links.js": """
        #!/usr/bin/env node
        // Lists Markdown files whose relative links point at files that do not exist.
        const fs = require("fs");
        const path = require("path");

        function* markdown(dir) {
          for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) yield* markdown(full);
            else if (entry.name.endsWith(".md")) yield full;
          }
        }

        let broken = 0;
        for (const file of markdown(process.argv[2] || ".")) {
          const text = fs.readFileSync(file, "utf8");
          for (const [, target] of text.matchAll(/\\]\\(([^)#:]+)\\)/g)) {
            if (!fs.existsSync(path.join(path.dirname(file), target))) {
              console.log(`${file}: ${target}`);
              broken += 1;
            }
          }
        }
        process.exit(broken ? 1 : 0);
        """,
    "changelog.mjs": """
        #!/usr/bin/env node
        // Prints the commit subjects since the last tag, grouped by their prefix.
        import { execFileSync } from "node:child_process";

        const last = execFileSync("git", ["describe", "--tags", "--abbrev=0"]).toString().trim();
        const log = execFileSync("git", ["log", "--format=%s", `${last}..HEAD`]).toString();
        const groups = {};
        for (const subject of log.split("\\n").filter(Boolean)) {
          const [kind] = subject.split(":", 1);
          (groups[kind] ??= []).push(subject);
        }
        for (const [kind, subjects] of Object.entries(groups)) {
          console.log(`## ${kind}`);
          for (const s of subjects) console.log(`- ${s}`);
        }
        """,
}

SCRIPT_FOLDERS = ("scripts", "tools", "bin")


def _helper_script(scripts: dict[str, str]) -> Callable[[Path, Draw], None]:
    def apply(folder: Path, draw: Draw) -> None:
        name = draw.choice(sorted(scripts))
        add_beside(folder, f"{draw.choice(SCRIPT_FOLDERS)}/{name}", scripts[name])

    return apply


# --- docs sites -------------------------------------------------------------------------------


def docs_mkdocs(folder: Path, draw: Draw) -> None:
    theme = draw.choice(("material", "readthedocs", "mkdocs"))
    add(
        folder,
        "mkdocs.yml",
        f"""
        site_name: Project documentation
        repo_url: https://example.org/acme/project
        theme:
          name: {theme}
        nav:
          - Home: index.md
          - Getting started: getting-started.md
          - Configuration: configuration.md
          - FAQ: faq.md
        markdown_extensions:
          - admonition
          - toc:
              permalink: true
        """,
    )
    add(folder, "docs/index.md", "# Project\n\nWhat it is, who it is for and where to start.\n")
    add(
        folder,
        "docs/getting-started.md",
        """
        # Getting started

        Clone the repository and follow the steps below.

        ```console
        $ git clone https://example.org/acme/project.git
        $ cd project
        ```

        !!! note
            The first build downloads a few dependencies.
        """,
    )
    add(folder, "docs/configuration.md", "# Configuration\n\n| key | default |\n| --- | --- |\n")
    add(folder, "docs/faq.md", "# FAQ\n\n## Where do I report a bug?\n\nOpen an issue.\n")
    add(folder, "docs/requirements.txt", "mkdocs>=1.5\nmkdocs-material>=9.5\n")


def docs_sphinx(folder: Path, draw: Draw) -> None:
    theme = draw.choice(("furo", "alabaster", "sphinx_rtd_theme"))
    add(
        folder,
        "docs/conf.py",
        f"""
        # Configuration file for the Sphinx documentation builder.
        project = "project"
        copyright = "2024, The project authors"
        author = "The project authors"

        extensions = [
            "sphinx.ext.autodoc",
            "sphinx.ext.intersphinx",
            "sphinx.ext.viewcode",
            "myst_parser",
        ]
        templates_path = ["_templates"]
        exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
        html_theme = "{theme}"
        html_static_path = ["_static"]
        intersphinx_mapping = {{"python": ("https://docs.python.org/3", None)}}
        """,
    )
    add(
        folder,
        "docs/index.rst",
        """
        Project documentation
        =====================

        .. toctree::
           :maxdepth: 2
           :caption: Contents:

           installation
           usage
           changelog

        Indices and tables
        ==================

        * :ref:`genindex`
        * :ref:`search`
        """,
    )
    add(
        folder,
        "docs/installation.rst",
        "Installation\n============\n\n.. code-block:: console\n\n   $ make install\n",
    )
    add(folder, "docs/usage.rst", "Usage\n=====\n\nStart with the defaults; change them later.\n")
    add(folder, "docs/changelog.md", "# Changelog\n\nSee the repository's CHANGELOG.\n")
    add(
        folder,
        "docs/Makefile",
        """
        SPHINXOPTS    ?=
        SPHINXBUILD   ?= sphinx-build
        SOURCEDIR     = .
        BUILDDIR      = _build

        help:
        \t@$(SPHINXBUILD) -M help "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS) $(O)

        .PHONY: help Makefile

        %: Makefile
        \t@$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS) $(O)
        """,
    )
    add(folder, "docs/requirements.txt", f"sphinx>=7.2\nmyst-parser>=2.0\n{theme}\n")
    add(
        folder,
        ".readthedocs.yaml",
        """
        version: 2
        build:
          os: ubuntu-22.04
          tools:
            python: "3.12"
        sphinx:
          configuration: docs/conf.py
        python:
          install:
            - requirements: docs/requirements.txt
        """,
    )


def docs_docusaurus(folder: Path, draw: Draw) -> None:
    base = draw.choice(("website", "docs-site"))
    add(
        folder,
        f"{base}/package.json",
        json.dumps(
            {
                "name": "project-website",
                "version": "0.0.0",
                "private": True,
                "scripts": {
                    "docusaurus": "docusaurus",
                    "start": "docusaurus start",
                    "build": "docusaurus build",
                    "swizzle": "docusaurus swizzle",
                    "deploy": "docusaurus deploy",
                    "serve": "docusaurus serve",
                },
                "dependencies": {
                    "@docusaurus/core": "3.4.0",
                    "@docusaurus/preset-classic": "3.4.0",
                    "@mdx-js/react": "^3.0.0",
                    "clsx": "^2.0.0",
                    "prism-react-renderer": "^2.3.0",
                    "react": "^18.0.0",
                    "react-dom": "^18.0.0",
                },
                "devDependencies": {"@docusaurus/module-type-aliases": "3.4.0"},
                "browserslist": {
                    "production": [">0.5%", "not dead", "not op_mini all"],
                    "development": ["last 1 chrome version", "last 1 firefox version"],
                },
                "engines": {"node": ">=18.0"},
            },
            indent=2,
        )
        + "\n",
    )
    add(
        folder,
        f"{base}/docusaurus.config.js",
        """
        // @ts-check
        /** @type {import('@docusaurus/types').Config} */
        const config = {
          title: 'Project',
          tagline: 'Documentation',
          url: 'https://acme.example.org',
          baseUrl: '/project/',
          onBrokenLinks: 'throw',
          organizationName: 'acme',
          projectName: 'project',
          presets: [
            [
              'classic',
              ({
                docs: { sidebarPath: require.resolve('./sidebars.js') },
                blog: false,
                theme: { customCss: require.resolve('./src/css/custom.css') },
              }),
            ],
          ],
          themeConfig: ({
            navbar: { title: 'Project', items: [{ type: 'doc', docId: 'intro', label: 'Docs' }] },
            footer: { style: 'dark', copyright: `Copyright © ${new Date().getFullYear()} Acme` },
          }),
        };

        module.exports = config;
        """,
    )
    add(
        folder,
        f"{base}/sidebars.js",
        "module.exports = { docs: [{ type: 'autogenerated', dirName: '.' }] };\n",
    )
    add(
        folder,
        f"{base}/docs/intro.md",
        "---\nsidebar_position: 1\n---\n\n# Introduction\n\nStart here.\n",
    )
    add(
        folder,
        f"{base}/docs/guides/setup.md",
        "---\nsidebar_position: 2\n---\n\n# Setup\n\nInstall the prerequisites, then clone.\n",
    )
    add(
        folder,
        f"{base}/src/pages/index.js",
        """
        import React from 'react';
        import Layout from '@theme/Layout';
        import Link from '@docusaurus/Link';

        export default function Home() {
          return (
            <Layout title="Home" description="Project documentation">
              <main className="hero">
                <h1>Project</h1>
                <Link className="button button--primary" to="/docs/intro">Get started</Link>
              </main>
            </Layout>
          );
        }
        """,
    )
    add(folder, f"{base}/src/css/custom.css", ":root { --ifm-color-primary: #2e8555; }\n")
    add(
        folder,
        f"{base}/static/img/logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><circle cx="16" cy="16" '
        'r="14"/></svg>\n',
    )


SPHINX_PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>{title} &#8212; project documentation</title>
    <link rel="stylesheet" type="text/css" href="_static/pygments.css" />
    <link rel="stylesheet" type="text/css" href="_static/alabaster.css" />
    <script src="_static/documentation_options.js"></script>
    <script src="_static/doctools.js"></script>
    <script src="_static/searchtools.js"></script>
    <link rel="index" title="Index" href="genindex.html" />
    <link rel="search" title="Search" href="search.html" />
  </head>
  <body>
    <div class="document">
      <div class="body" role="main">
        <section id="{slug}">
          <h1>{title}<a class="headerlink" href="#{slug}" title="Link to this heading">¶</a></h1>
          <p>{text}</p>
        </section>
      </div>
    </div>
    <div class="footer">&#169;2024, The project authors.</div>
  </body>
</html>
"""


def docs_html_build(folder: Path, draw: Draw) -> None:
    """A committed Sphinx build beside its sources (docs/_build/html)."""
    docs_sphinx(folder, draw)
    pages = {
        "index": ("Project documentation", "Contents: installation, usage, changelog."),
        "installation": ("Installation", "Run make install."),
        "usage": ("Usage", "Start with the defaults; change them later."),
        "genindex": ("Index", ""),
        "search": ("Search", "Please activate JavaScript to enable the search functionality."),
    }
    for slug, (title, text) in pages.items():
        add(
            folder,
            f"docs/_build/html/{slug}.html",
            SPHINX_PAGE.format(title=title, slug=slug, text=text),
        )
    add(
        folder,
        "docs/_build/html/_static/documentation_options.js",
        "const DOCUMENTATION_OPTIONS = { VERSION: '', LANGUAGE: 'en', BUILDER: 'html', "
        "FILE_SUFFIX: '.html', HAS_SOURCE: true };\n",
    )
    add(
        folder,
        "docs/_build/html/_static/doctools.js",
        "const Documentation = { init: () => { document.body.classList.add('js'); } };\n"
        "document.addEventListener('DOMContentLoaded', Documentation.init);\n",
    )
    add(
        folder,
        "docs/_build/html/_static/searchtools.js",
        "const Search = { query: (q) => fetch('searchindex.js').then((r) => r.text()) };\n",
    )
    add(folder, "docs/_build/html/_static/alabaster.css", "body { font-family: Georgia; }\n")
    add(folder, "docs/_build/html/_static/pygments.css", ".highlight .k { color: #008000; }\n")
    add(folder, "docs/_build/html/searchindex.js", 'Search.setIndex({"docnames": ["index"]});\n')
    add(folder, "docs/_build/html/objects.inv", b"# Sphinx inventory version 2\n")


_VOCABULARY = """
    the a an of to in for with on by from and or but when each every this that these those
    project option value setting file folder command build release version change update
    install configure run check test document page section example default path name list
    entry record step result error warning message output input format table field key
    environment variable cache log report user team review commit branch tag history
    network request response server client storage backup schedule task job queue limit
    should must may can will does is are was were has have keeps reads writes returns uses
"""
WORDS = tuple(_VOCABULARY.split())


@functools.cache
def _paragraphs() -> tuple[str, ...]:
    """A pool of filler paragraphs, made once: pages are drawn from it (fast, still varied)."""
    rng = random.Random(0)
    pool = []
    for _ in range(400):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
            sentences.append(" ".join(words).capitalize() + ".")
        pool.append(textwrap.fill(" ".join(sentences), 88))
    return tuple(pool)


def _long_page(rng: random.Random, title: str) -> str:
    """About 6 KB: sections of prose with a code block, a table, a list or a note."""
    pool = _paragraphs()
    parts = [f"# {title}\n"]
    for section in range(rng.randint(5, 8)):
        parts.append(f"## {section + 1}. {rng.choice(pool)[:40].strip()}\n")
        parts.extend(rng.choice(pool) + "\n" for _ in range(rng.randint(1, 3)))
        shape = rng.randrange(4)
        if shape == 0:
            parts.append("```console\n$ make install\n$ make check\n```\n")
        elif shape == 1:
            rows = "".join(f"| `opt{i}` | {i} | {rng.choice(WORDS)} |\n" for i in range(6))
            parts.append("| option | default | meaning |\n| --- | --- | --- |\n" + rows)
        elif shape == 2:
            parts.append("".join(f"- {rng.choice(pool)[:70]}\n" for _ in range(5)))
        else:
            parts.append("> **Note**\n> " + rng.choice(pool)[:200].replace("\n", " ") + "\n")
    return "\n".join(parts)


def docs_hundred_pages(folder: Path, draw: Draw) -> None:
    rng = random.Random(draw.integer(0, 2**32))
    base = draw.choice(("docs", "docs/guide", "docs/reference"))
    (folder / base).mkdir(parents=True, exist_ok=True)
    for n in range(100):
        page = folder / base / f"page-{n:03d}.md"
        if not page.exists():
            page.write_text(_long_page(rng, f"Topic {n}"), encoding="utf-8")


# --- CI -------------------------------------------------------------------------------------------

CI_STEPS = {
    "python": """
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m pip install --upgrade pip
      - run: if [ -f requirements.txt ]; then pip install -r requirements.txt; fi
      - run: pip install ruff pytest
      - run: ruff check .
      - run: python -m pytest -q || test $? -eq 5""",
    "node": """
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npm run lint --if-present
      - run: npm test --if-present""",
    "go": """
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
      - run: go vet ./...
      - run: go test ./...""",
    "rust": """
      - uses: dtolnay/rust-toolchain@stable
      - run: cargo fmt --check
      - run: cargo test --all""",
    "cpp": """
      - run: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
      - run: cmake --build build --parallel
      - run: ctest --test-dir build --output-on-failure""",
    "ruby": """
      - uses: ruby/setup-ruby@v1
        with:
          bundler-cache: true
      - run: bundle exec rake test""",
    "other": """
      - uses: actions/setup-python@v5
      - uses: pre-commit/action@v3.0.1""",
}

GITLAB_JOBS = {
    "python": ("python:3.12", ["pip install -r requirements.txt || true", "python -m pytest -q"]),
    "node": ("node:20", ["npm ci", "npm test"]),
    "go": ("golang:1.22", ["go vet ./...", "go test ./..."]),
    "rust": ("rust:1.78", ["cargo test --all"]),
    "cpp": ("gcc:13", ["cmake -S . -B build", "cmake --build build", "ctest --test-dir build"]),
    "ruby": ("ruby:3.3", ["bundle install", "bundle exec rake test"]),
    "other": ("alpine:3.20", ["apk add --no-cache git", "git ls-files | wc -l"]),
}


def ci_github(folder: Path, draw: Draw) -> None:
    name = draw.choice(("ci.yml", "test.yml", "lint.yml"))
    steps = CI_STEPS[flavour(folder)]
    add_beside(
        folder,
        f".github/workflows/{name}",
        "name: CI\n\non:\n  push:\n    branches: [main]\n  pull_request:\n\n"
        "permissions:\n  contents: read\n\njobs:\n  check:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4" + textwrap.indent(steps, "    ") + "\n",
    )


def ci_gitlab(folder: Path, draw: Draw) -> None:
    image, script = GITLAB_JOBS[flavour(folder)]
    lines = "".join(f"    - {line}\n" for line in script)
    add(
        folder,
        ".gitlab-ci.yml",
        f"stages:\n  - test\n\ntest:\n  stage: test\n  image: {image}\n  script:\n{lines}"
        "  rules:\n    - if: $CI_PIPELINE_SOURCE == 'merge_request_event'\n"
        "    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n",
    )


# --- housekeeping -------------------------------------------------------------------------------

MIT = """MIT License

Copyright (c) 2024 The project authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

HOUSEKEEPING = {
    "CONTRIBUTING.md": """
        # Contributing

        Thanks for taking the time to contribute!

        ## Reporting bugs

        Open an issue with the steps to reproduce, what you expected and what happened.

        ## Pull requests

        1. Fork the repository and create a branch from `main`.
        2. Add tests for what you change.
        3. Make sure the checks pass (`make lint test`).
        4. Describe the change in `CHANGELOG.md` under *Unreleased*.

        ## Commit messages

        Use the imperative mood ("Add option", not "Added option") and keep the first
        line under 72 characters.
        """,
    "CODE_OF_CONDUCT.md": """
        # Contributor Covenant Code of Conduct

        ## Our Pledge

        We as members, contributors, and leaders pledge to make participation in our
        community a harassment-free experience for everyone.

        ## Enforcement

        Instances of abusive, harassing, or otherwise unacceptable behavior may be
        reported to the community leaders responsible for enforcement at
        conduct@example.org. All complaints will be reviewed and investigated promptly
        and fairly.

        ## Attribution

        This Code of Conduct is adapted from the Contributor Covenant, version 2.1.
        """,
    "SECURITY.md": """
        # Security Policy

        ## Supported Versions

        | Version | Supported          |
        | ------- | ------------------ |
        | 1.x     | :white_check_mark: |
        | < 1.0   | :x:                |

        ## Reporting a Vulnerability

        Please email security@example.org instead of opening a public issue. We answer
        within three working days.
        """,
    "CHANGELOG.md": """
        # Changelog

        All notable changes to this project are documented in this file. The format is
        based on Keep a Changelog, and this project adheres to Semantic Versioning.

        ## [Unreleased]

        ## [1.2.0] - 2024-05-02
        ### Added
        - A configuration option for the output folder.
        ### Fixed
        - Paths with spaces.

        ## [1.1.0] - 2024-02-11
        ### Changed
        - Faster start-up.

        ## [1.0.0] - 2023-11-20
        - First release.
        """,
    ".editorconfig": """
        root = true

        [*]
        charset = utf-8
        end_of_line = lf
        indent_style = space
        indent_size = 4
        insert_final_newline = true
        trim_trailing_whitespace = true

        [*.{js,json,yml,yaml,html,css}]
        indent_size = 2

        [Makefile]
        indent_style = tab

        [*.md]
        trim_trailing_whitespace = false
        """,
}

# Patterns that match nothing a fixture commits: ignoring product files is not housekeeping.
GITIGNORE = """
# editors and OS
.DS_Store
.idea/
*.swp
# Python
__pycache__/
*.py[cod]
.venv/
.pytest_cache/
.mypy_cache/
*.egg-info/
.coverage
# Node
node_modules/
npm-debug.log*
# local settings
.env
.env.local
*.log
"""


def housekeeping(folder: Path, draw: Draw) -> None:
    add(folder, draw.choice(("LICENSE", "LICENSE.md", "LICENSE.txt")), MIT)
    for rel, text in HOUSEKEEPING.items():
        add(folder, rel, text)
    ignore = folder / ".gitignore"
    old = ignore.read_text(encoding="utf-8") if ignore.exists() else ""
    ignore.write_text(old + GITIGNORE.lstrip("\n"), encoding="utf-8")


def github_meta(folder: Path, draw: Draw) -> None:
    ecosystem = {"python": "pip", "node": "npm", "go": "gomod", "rust": "cargo"}.get(
        flavour(folder), "github-actions"
    )
    add(
        folder,
        ".github/dependabot.yml",
        f"""
        version: 2
        updates:
          - package-ecosystem: "{ecosystem}"
            directory: "/"
            schedule:
              interval: "weekly"
          - package-ecosystem: "github-actions"
            directory: "/"
            schedule:
              interval: "monthly"
        """,
    )
    add(
        folder,
        ".github/ISSUE_TEMPLATE/bug_report.md",
        """
        ---
        name: Bug report
        about: Something does not work as documented
        labels: bug
        ---

        **What happened**

        **What you expected**

        **Steps to reproduce**
        1.
        2.
        """,
    )
    add(folder, ".github/ISSUE_TEMPLATE/config.yml", "blank_issues_enabled: false\n")
    add(
        folder,
        ".github/PULL_REQUEST_TEMPLATE.md",
        "## What this changes\n\n## How it was tested\n\n- [ ] Tests added\n- [ ] Changelog\n",
    )
    add(folder, ".github/CODEOWNERS", f"* @{draw.choice(('acme/maintainers', 'jdoe'))}\n")
    add(folder, ".github/FUNDING.yml", "github: [jdoe]\n")


def lint_configs(folder: Path, draw: Draw) -> None:
    add(
        folder,
        ".pre-commit-config.yaml",
        """
        repos:
          - repo: https://github.com/pre-commit/pre-commit-hooks
            rev: v4.6.0
            hooks:
              - id: trailing-whitespace
              - id: end-of-file-fixer
              - id: check-yaml
              - id: check-added-large-files
          - repo: https://github.com/codespell-project/codespell
            rev: v2.3.0
            hooks:
              - id: codespell
        """,
    )
    add(folder, ".prettierrc.json", '{\n  "singleQuote": true,\n  "printWidth": 100\n}\n')
    add(folder, ".prettierignore", "dist/\ncoverage/\n")
    add(folder, ".markdownlint.yaml", "default: true\nMD013: false\nMD033: false\n")
    add(folder, ".yamllint.yml", "extends: default\nrules:\n  line-length: {max: 120}\n")
    add(folder, ".codespellrc", "[codespell]\nskip = *.lock,*.svg\n")


# --- developer environment ---------------------------------------------------------------------

DEVCONTAINER_IMAGES = {
    "python": "mcr.microsoft.com/devcontainers/python:3.12",
    "node": "mcr.microsoft.com/devcontainers/javascript-node:20",
    "go": "mcr.microsoft.com/devcontainers/go:1.22",
    "rust": "mcr.microsoft.com/devcontainers/rust:1",
    "cpp": "mcr.microsoft.com/devcontainers/cpp:debian",
}


def _devcontainer(folder: Path, build: dict[str, str] | None) -> None:
    image = DEVCONTAINER_IMAGES.get(flavour(folder), "mcr.microsoft.com/devcontainers/base:debian")
    config: dict[str, object] = {"name": "project"}
    config.update({"build": build} if build else {"image": image})
    config.update(
        {
            "features": {"ghcr.io/devcontainers/features/github-cli:1": {}},
            "postCreateCommand": "pre-commit install",
            "customizations": {
                "vscode": {
                    "extensions": ["editorconfig.editorconfig", "esbenp.prettier-vscode"],
                    "settings": {"editor.formatOnSave": True},
                }
            },
        }
    )
    add(folder, ".devcontainer/devcontainer.json", json.dumps(config, indent=2) + "\n")


def devcontainer(folder: Path, draw: Draw) -> None:
    _devcontainer(folder, None)


def devcontainer_dockerfile(folder: Path, draw: Draw) -> None:
    _devcontainer(folder, {"dockerfile": "Dockerfile", "context": ".."})
    add(
        folder,
        ".devcontainer/Dockerfile",
        """
        FROM mcr.microsoft.com/devcontainers/base:bookworm
        RUN apt-get update \\
            && apt-get install -y --no-install-recommends make shellcheck \\
            && rm -rf /var/lib/apt/lists/*
        """,
    )


def vscode_settings(folder: Path, draw: Draw) -> None:
    add(
        folder,
        ".vscode/settings.json",
        json.dumps(
            {
                "editor.formatOnSave": True,
                "editor.rulers": [100],
                "files.trimTrailingWhitespace": True,
                "files.exclude": {"**/__pycache__": True, "**/node_modules": True},
                "search.exclude": {"**/dist": True},
            },
            indent=2,
        )
        + "\n",
    )
    if draw.choice((True, False)):
        add(
            folder,
            ".vscode/extensions.json",
            '{\n  "recommendations": ["editorconfig.editorconfig"]\n}\n',
        )


AGENT_SCRIPTS = {
    "browse.mjs": """\
        // Drives a local browser over its debugging socket for the coding agent.
        import net from "node:net";
        import WebSocket from "ws";

        const target = process.argv[2] ?? "ws://127.0.0.1:9222/devtools/page/1";
        const page = new WebSocket(target);
        page.on("open", () => page.send(JSON.stringify({ id: 1, method: "Page.reload" })));
        page.on("message", (data) => console.log(String(data)));
        page.on("error", (err) => console.error(err.message));

        const probe = net.connect(9222, "127.0.0.1");
        probe.on("error", () => process.exit(1));
        probe.on("data", (chunk) => process.stdout.write(chunk));
        """,
    "check_commit.py": """\
        # Runs before the agent commits: refuses a staged file over 1 MB.
        import subprocess
        import sys

        staged = subprocess.run(
            ["git", "diff", "--cached", "--name-only"], capture_output=True, text=True
        ).stdout.split()
        sys.exit(1 if any(len(open(p, "rb").read()) > 1 << 20 for p in staged) else 0)
        """,
}


def agent_tooling(folder: Path, draw: Draw) -> None:
    """An AI coding agent's folder: instructions and the scripts its skills and hooks run."""
    where = draw.choice((".agents/skills/browser", ".claude/hooks", ".cursor/tools"))
    add(folder, f"{where}/README.md", "How the agent uses these scripts.\n")
    for name, text in AGENT_SCRIPTS.items():
        if draw.choice((True, False)) or name.endswith(".mjs"):
            add(folder, f"{where}/{name}", textwrap.dedent(text))


def yarn_berry(folder: Path, draw: Draw) -> None:
    """Yarn 2+'s folder: its release, and the editor SDKs `yarn dlx @yarnpkg/sdks` writes, each
    with a package.json of the tool it wraps (a `bin`, a `main`)."""
    add(folder, ".yarnrc.yml", "nodeLinker: pnp\nyarnPath: .yarn/releases/yarn-4.5.0.cjs\n")
    release = "#!/usr/bin/env node\n/* yarn */ module.exports = {};\n"
    add(folder, ".yarn/releases/yarn-4.5.0.cjs", release)
    add(folder, ".yarn/sdks/integrations.yml", "integrations:\n  - vscode\n")
    tools = {"typescript": ("tsc", "tsserver"), "eslint": ("eslint",), "prettier": ("prettier",)}
    for tool in draw.choice((("typescript",), ("typescript", "eslint"), tuple(tools))):
        manifest = {
            "name": tool,
            "version": "5.4.5-sdk",
            "main": f"./lib/{tool}.js",
            "type": "commonjs",
            "bin": {name: f"./bin/{name}" for name in tools[tool]},
        }
        add(folder, f".yarn/sdks/{tool}/package.json", json.dumps(manifest, indent=2) + "\n")
        wrapper = f"module.exports = require('{tool}');\n"
        add(folder, f".yarn/sdks/{tool}/lib/{tool}.js", wrapper)
    if draw.choice((True, False)):
        add(folder, ".pnp.cjs", "#!/usr/bin/env node\n/* eslint-disable */\nmodule.exports = {};\n")


MAKE_TARGETS = {
    "python": ("ruff check .", "python -m pytest -q", "ruff format ."),
    "node": ("npx eslint .", "npm test", "npx prettier --write ."),
    "go": ("go vet ./...", "go test ./...", "gofmt -w ."),
    "rust": ("cargo clippy -- -D warnings", "cargo test", "cargo fmt"),
    "cpp": (
        "clang-format --dry-run --Werror $$(git ls-files '*.cpp' '*.hpp')",
        "cmake -S . -B build && cmake --build build && ctest --test-dir build",
        "clang-format -i $$(git ls-files '*.cpp' '*.hpp')",
    ),
    "ruby": ("bundle exec rubocop", "bundle exec rake test", "bundle exec rubocop -a"),
    "other": ("pre-commit run --all-files", "git diff --check", "npx prettier --write ."),
}


def makefile(folder: Path, draw: Draw) -> None:
    lint, test, fmt = MAKE_TARGETS[flavour(folder)]
    add(
        folder,
        draw.choice(("Makefile", "makefile")) if not (folder / "Makefile").exists() else "dev.mk",
        f".PHONY: lint test format check\n\nlint:\n\t{lint}\n\ntest:\n\t{test}\n\n"
        f"format:\n\t{fmt}\n\ncheck: lint test\n",
    )


# --- examples and tests -------------------------------------------------------------------------

EXAMPLES = {
    "python": (
        "examples/quickstart.py",
        '''
        """Smallest useful example: read a settings file and print what it holds."""

        import json
        import sys
        from pathlib import Path


        def main() -> None:
            path = Path(sys.argv[1] if len(sys.argv) > 1 else "settings.json")
            settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            for key, value in sorted(settings.items()):
                print(f"{key} = {value}")


        if __name__ == "__main__":
            main()
        ''',
    ),
    "node": (
        "examples/basic.js",
        """
        // Smallest useful example: read a settings file and print what it holds.
        const fs = require("fs");

        const file = process.argv[2] || "settings.json";
        const settings = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
        for (const [key, value] of Object.entries(settings).sort()) {
          console.log(`${key} = ${value}`);
        }
        """,
    ),
    "go": (
        "examples/basic/main.go",
        """
        // Command basic prints the arguments it is given, one per line.
        package main

        import (
        \t"fmt"
        \t"os"
        )

        func main() {
        \tfor i, arg := range os.Args[1:] {
        \t\tfmt.Printf("%d: %s\\n", i, arg)
        \t}
        }
        """,
    ),
    "cpp": (
        "examples/basic.cpp",
        """
        // Prints the arguments it is given, one per line.
        #include <iostream>

        int main(int argc, char** argv) {
            for (int i = 1; i < argc; ++i) std::cout << i << ": " << argv[i] << '\\n';
            return 0;
        }
        """,
    ),
    "other": (
        "examples/basic.sh",
        """
        #!/usr/bin/env sh
        # Prints the arguments it is given, one per line.
        for arg in "$@"; do echo "$arg"; done
        """,
    ),
}

TESTS = {
    "python": (
        "tests/test_repository.py",
        '''
        """Checks that keep the repository tidy."""

        from pathlib import Path

        ROOT = Path(__file__).resolve().parents[1]


        def test_text_files_end_with_a_newline() -> None:
            for path in ROOT.rglob("*.md"):
                text = path.read_text(encoding="utf-8")
                assert not text or text.endswith("\\n"), path


        def test_no_merge_conflict_markers() -> None:
            for path in ROOT.rglob("*.py"):
                assert "<<<<<<< " not in path.read_text(encoding="utf-8"), path
        ''',
    ),
    "node": (
        "test/repository.test.js",
        """
        const test = require("node:test");
        const assert = require("node:assert");
        const fs = require("fs");

        test("the manifest names the package", () => {
          const manifest = JSON.parse(fs.readFileSync("package.json", "utf8"));
          assert.ok(manifest.name);
        });

        test("arithmetic still works", () => {
          assert.strictEqual(1 + 1, 2);
        });
        """,
    ),
    "go": (
        "internal/testutil/testutil_test.go",
        """
        package testutil

        import "testing"

        func TestAddition(t *testing.T) {
        \tif 1+1 != 2 {
        \t\tt.Fatal("arithmetic is broken")
        \t}
        }
        """,
    ),
    "cpp": (
        "tests/test_smoke.cpp",
        """
        #include <cassert>
        #include <string>

        int main() {
            std::string s = "abc";
            assert(s.size() == 3);
            return 0;
        }
        """,
    ),
    "other": (
        "tests/run.sh",
        """
        #!/usr/bin/env sh
        # Fails when a tracked file has trailing whitespace.
        set -eu
        ! git grep -nI ' $' -- . ':!*.md'
        """,
    ),
}


def examples_script(folder: Path, draw: Draw) -> None:
    rel, text = EXAMPLES.get(flavour(folder), EXAMPLES["other"])
    add_beside(folder, rel, text)


def tests_folder(folder: Path, draw: Draw) -> None:
    rel, text = TESTS.get(flavour(folder), TESTS["other"])
    add_beside(folder, rel, text)


# --- README, images -----------------------------------------------------------------------------

BADGES = (
    "[![CI](https://github.com/acme/project/actions/workflows/ci.yml/badge.svg)]"
    "(https://github.com/acme/project/actions/workflows/ci.yml)\n"
    "[![License: MIT](https://img.shields.io/badge/License-MIT-yellow.svg)]"
    "(https://opensource.org/licenses/MIT)\n"
    "[![codecov](https://codecov.io/gh/acme/project/branch/main/graph/badge.svg)]"
    "(https://codecov.io/gh/acme/project)\n"
    "[![pre-commit](https://img.shields.io/badge/pre-commit-enabled-brightgreen)]"
    "(https://github.com/pre-commit/pre-commit)\n"
)


def readme_badges(folder: Path, draw: Draw) -> None:
    existing = sorted(folder.glob("README*"))
    if existing:
        path = existing[0]
        path.write_text(BADGES + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        return
    add(
        folder,
        "README.md",
        f"# {draw.choice(('project', 'acme', 'atlas'))}\n\n{BADGES}\n"
        "## Development\n\n```console\n$ make lint test\n```\n\n"
        "See [CONTRIBUTING.md](CONTRIBUTING.md) before opening a pull request.\n\n"
        "## License\n\nMIT\n",
    )


# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def screenshots(folder: Path, draw: Draw) -> None:
    base = draw.choice(("docs/images", "docs/img", ".github/assets", "assets/screenshots"))
    for n in range(draw.integer(1, 4)):
        add(folder, f"{base}/screenshot-{n + 1}.png", PNG)
    add(folder, f"{base}/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>\n')


# --- one folder down ----------------------------------------------------------------------------

# Housekeeping documents by the name before their first dot (README.md, LICENSE …).
ROOT_NAMES = frozenset(
    {
        "readme",
        "license",
        "licence",
        "copying",
        "contributing",
        "code_of_conduct",
        "security",
        "changelog",
    }
)


def stays_at_root(name: str) -> bool:
    """Dotfiles (.github, .gitignore, .devcontainer …) and the housekeeping documents."""
    return name.startswith(".") or name.lower().split(".")[0] in ROOT_NAMES


def move_down(folder: Path, into: str) -> None:
    """Everything but the root's housekeeping moves into `into`/ (which may already exist)."""
    parking = folder / ".moving-down"
    parking.mkdir()
    for entry in sorted(folder.iterdir()):
        if entry != parking and not stays_at_root(entry.name):
            shutil.move(str(entry), parking / entry.name)
    parking.rename(folder / into)


def move_into_src(folder: Path, draw: Draw) -> None:
    move_down(folder, "src")


def move_into_named(folder: Path, draw: Draw) -> None:
    move_down(folder, draw.choice(("app", "acme", "atlas", "project", "service")))


TRANSFORMS: tuple[Transform, ...] = (
    Transform("helper-script-py", _helper_script(PY_SCRIPTS), "a Python helper in scripts/ …"),
    Transform("helper-script-sh", _helper_script(SH_SCRIPTS), "a shell helper in scripts/ …"),
    Transform("helper-script-node", _helper_script(NODE_SCRIPTS), "a Node helper in scripts/ …"),
    Transform("docs-mkdocs", docs_mkdocs, "mkdocs.yml and docs/*.md"),
    Transform("docs-sphinx", docs_sphinx, "docs/conf.py, docs/*.rst, .readthedocs.yaml"),
    Transform("docs-docusaurus", docs_docusaurus, "website/ with docusaurus.config.js"),
    Transform("docs-html-build", docs_html_build, "Sphinx sources and a committed _build/html"),
    Transform("docs-hundred-pages", docs_hundred_pages, "100 long Markdown pages in docs/"),
    Transform("ci-github", ci_github, ".github/workflows/*.yml for the project's toolchain"),
    Transform("ci-gitlab", ci_gitlab, ".gitlab-ci.yml"),
    Transform("housekeeping", housekeeping, "LICENSE, CONTRIBUTING, .editorconfig, .gitignore …"),
    Transform("github-meta", github_meta, "dependabot, issue templates, CODEOWNERS"),
    Transform("lint-configs", lint_configs, ".pre-commit-config.yaml, prettier, markdownlint"),
    Transform("devcontainer", devcontainer, ".devcontainer/devcontainer.json"),
    Transform("devcontainer-dockerfile", devcontainer_dockerfile, "… with its own Dockerfile"),
    Transform("vscode-settings", vscode_settings, ".vscode/settings.json"),
    Transform("agent-tooling", agent_tooling, "an agent's .agents/, .claude/ or .cursor/ scripts"),
    Transform("yarn-berry", yarn_berry, ".yarn/ with Yarn's release and its editor SDKs"),
    Transform("makefile", makefile, "a Makefile with lint/test targets"),
    Transform("examples-script", examples_script, "examples/ with one tiny script"),
    Transform("tests-folder", tests_folder, "a tests folder with a test or two"),
    Transform("readme-badges", readme_badges, "a README with CI/licence badges"),
    Transform("screenshots", screenshots, "a few images under docs/ or .github/"),
    Transform("move-into-src", move_into_src, "the whole project moved into src/"),
    Transform("move-into-named", move_into_named, "the whole project moved into app/, acme/ …"),
)
