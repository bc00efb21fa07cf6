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
        ("shop.cr", ("crystal", "server")),
        ("server.nim", ("nim", "server")),
        ("main.zig", ("zig", "server")),
        ("app.moon", ("moonscript", "server")),
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
