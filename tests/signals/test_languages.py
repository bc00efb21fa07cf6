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
    ],
)
def test_language_and_group(name: str, expected: tuple[str, str]) -> None:
    assert classify(name) == expected
