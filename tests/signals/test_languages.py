"""Which language a file is written in, and which group of the product's bytes it counts in."""

from __future__ import annotations

import pytest

from stackcheck.facts.signals.languages import classify


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("app.py", ("python", "server")),
        ("engine.ml", ("ocaml", "server")),
        ("engine.mli", ("ocaml", "server")),
        ("Main.hs", ("haskell", "server")),
        ("core.clj", ("clojure", "server")),
        ("Program.fs", ("fsharp", "server")),
        ("server.ts", ("typescript", "script")),
        ("index.html", ("html", "static")),
        ("deploy.sh", ("shell", "other")),
        ("Get-Mailbox.ps1", ("powershell", "other")),
        ("CASE NOTE - INTERVIEW.vbs", ("vbscript", "other")),
        ("shop.cr", ("crystal", "server")),
        ("server.nim", ("nim", "server")),
        ("main.zig", ("zig", "server")),
        ("app.moon", ("moonscript", "server")),
        ("widget.d", ("d", "server")),
        ("widget.di", ("d", "server")),
        ("Grails.groovy", ("groovy", "server")),
        ("filter.lua", ("lua", "other")),
        ("layout.ecr", ("template", "static")),
        ("fit.R", ("r", "server")),
        ("app.r", ("r", "server")),
        ("analysis.Rmd", ("rmarkdown", "other")),
    ],
)
def test_language_and_group(name: str, expected: tuple[str, str]) -> None:
    assert classify(name) == expected


@pytest.mark.parametrize(
    "name",
    [
        "vite.config.ts",
        "tailwind.config.js",
        "postcss.config.cjs",
        "eslint.config.mjs",
        ".eslintrc.js",
        "jest.config.ts",
        "webpack.config.js",
        "setup.py",
        "build.gradle",
        "settings.gradle",
        "dependencies.gradle",
        "Jenkinsfile",
    ],
)
def test_a_build_or_lint_tool_s_settings_are_not_the_product_s_code(name: str) -> None:
    assert classify(name) is None


@pytest.mark.parametrize("name", ["config.js", "app.config.ts", "vite.ts", "tailwind.js"])
def test_modules_named_like_settings_are_code(name: str) -> None:
    assert classify(name) == ("typescript" if name.endswith(".ts") else "javascript", "script")


@pytest.mark.parametrize(
    ("paths", "prose"),
    [
        (("README.md",), 1),
        (("README.md", "LICENSE", "docs/guide.rst"), 1),  # (a licence and docs are not product)
        (("README.md", "notes/week.rst"), 2),
        (("README.md", "install.sh"), 0),
        (("README.md", "sketch/sketch.ino"), 0),  # (a file of no known language is something)
        (("README.md", "docker-compose.yaml"), 0),
        ((), 0),
    ],
)
def test_a_product_of_prose_only(paths: tuple[str, ...], prose: int) -> None:
    from stackcheck.facts.signals.languages import language_breakdown
    from stackcheck.source.listing import RepoFile

    files = [RepoFile(p, 10, documentation=p.startswith(("LICENSE", "docs/"))) for p in paths]
    found = {f.key: f.value for f in language_breakdown(files)}
    assert found.get("repo.prose_only", 0) == prose


def test_the_content_shares_are_derived_first_whichever_module_is_imported_first() -> None:
    """Derivations run in the order their modules registered them. A scanner module that
    imports the derived facts' module before the tree is collected (the real-time scanner
    does) must not move the content shares, which many derivations read, after them."""
    import subprocess
    import sys

    check = (
        "import stackcheck.facts.signals.realtime\n"
        "from stackcheck.facts.signals import DERIVATIONS, load_always, languages\n"
        "load_always()\n"
        "assert DERIVATIONS[0] is languages.content_shares, DERIVATIONS[:2]\n"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
