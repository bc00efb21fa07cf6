"""Code-signal scanners: one module per signal family, registered here.

A file scanner says which paths it wants (cheap, from the path alone), may name byte
strings of which at least one must occur for the file to be worth scanning, and turns the
file's text into facts. A tree scanner sees only the file list (paths and sizes). A
derivation turns the merged facts into ratios and summaries. None of them read files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from stackcheck.facts import Fact

if TYPE_CHECKING:
    from stackcheck.discover import RepoFile


class FileScanner(NamedTuple):
    name: str
    wants: Callable[[str], bool]
    scan: Callable[[str, str], Iterable[Fact]]
    needles: tuple[bytes, ...] = ()  # empty: always scan a wanted file


TreeScanner = Callable[[Sequence["RepoFile"]], Iterable[Fact]]
Derivation = Callable[[Mapping[str, Fact]], Iterable[Fact]]

FILE_SCANNERS: list[FileScanner] = []
TREE_SCANNERS: list[TreeScanner] = []
DERIVATIONS: list[Derivation] = []

# One line per signal family module.
MODULES: tuple[str, ...] = (
    "languages",
    "layout",
    "python_code",
    "realtime",
    "latency",
    "static_content",
)

_LOADED = False


def load_all() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    import importlib

    for module in MODULES:
        importlib.import_module(f"stackcheck.signals.{module}")
