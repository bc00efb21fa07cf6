"""A Go module's programs: files of the `main` package (go_packages.py)."""

from __future__ import annotations

import pytest

from stackcheck.facts.signals.go_packages import scan_go


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("package main\n\nfunc main() {}\n", 1),
        ('// Command serve starts the API.\npackage main // import "x"\n', 2),
        ("package main\r\nfunc main() {}\r\n", 1),
    ],
)
def test_a_main_package_is_a_program(source: str, line: int) -> None:
    (found,) = scan_go("cmd/serve/main.go", source)
    assert found.key == "go.main_package"
    assert found.evidence[0].line == line


@pytest.mark.parametrize(
    "source",
    [
        "package sockjsclient\n\nfunc New() {}\n",
        "package mainframe\n",
        "package lib\n// run it from package main\n",
    ],
)
def test_other_packages_are_none(source: str) -> None:
    assert list(scan_go("client.go", source)) == []
