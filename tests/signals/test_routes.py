"""The routing table never hides a file from a scanner that wants it."""

from __future__ import annotations

import pytest

from stackcheck.facts import signals
from stackcheck.facts.signals import latency, static_tree

EXTENSIONS = (
    *(".py", ".pyi", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx", ".go", ".rs"),
    *(".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".ipp", ".inl", ".java", ".kt"),
    *(".cs", ".rb", ".ru", ".ex", ".exs", ".md", ".markdown", ".mdx", ".html", ".htm", ".css"),
    *(".cmake", ".mk", ".sh", ".bash", ".toml", ".json", ".yml", ".txt", ".vue", ".php"),
)
NAMES = sorted(
    {
        *latency.BUILD_NAMES,
        *static_tree.ENTRY_NAMES,
        *static_tree.NAMED_ENTRIES,
        "OrderApplication.java",
        "ServerApplication.kt",
        "Dockerfile",
        "README",
    }
)
PATHS = [
    f"{folder}{stem}{ext}"
    for folder in ("", "src/", "server/lib/", ".cargo/")
    for stem in ("main", "server", "index", "app")
    for ext in EXTENSIONS
] + [f"{folder}{name}" for folder in ("", "src/", "cmd/api/") for name in NAMES]


@pytest.mark.parametrize("module", sorted(signals.ROUTES))
def test_routes_cover_every_file_a_scanner_wants(module: str) -> None:
    missed = [
        (scanner.name, path)
        for scanner in signals.scanners_in(module)
        for path in PATHS
        if scanner.wants(path) and module not in signals.modules_for(path)
    ]
    assert missed == []


@pytest.mark.parametrize("module", sorted(signals.ROUTES))
def test_declared_endings_cover_every_file_a_scanner_wants(module: str) -> None:
    missed = [
        (scanner.name, path)
        for path in [*PATHS, "a/B.TSX", "lib/x.Java", "noext", ".hidden.rb"]
        for scanner in signals.scanners_in(module)
        if scanner.wants(path)
        and scanner not in signals.scanners_for(module, signals.ending_of(path))
    ]
    assert missed == []
    assert any(s.endings for m in signals.ROUTES for s in signals.scanners_in(m))


def test_every_file_scanner_belongs_to_a_routed_module() -> None:
    signals.load_all()
    routed = {s for module in signals.ROUTES for s in signals.scanners_in(module)}
    assert set(signals.FILE_SCANNERS) == routed


def test_derived_family_names_match_the_latency_families() -> None:
    from stackcheck.facts.signals import derived

    assert tuple(f.name for f in latency.FAMILIES) == derived.FAMILY_NAMES


def test_entry_names_match_the_entry_patterns() -> None:
    from stackcheck.facts.signals import static_content

    assert set(static_content.ENTRY_PATTERNS) == static_tree.ENTRY_NAMES


@pytest.mark.parametrize("path", ["main.py", "main.pyw", "app/views.py"])
def test_python_programs_are_read_whatever_their_console(path: str) -> None:
    """A `.pyw` program (a Windows app started without a console) is Python too."""
    assert "python.code" in signals.modules_for(path)
    assert any(s.wants(path) for s in signals.scanners_in("python.code"))
