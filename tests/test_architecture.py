"""The house plan: stages import only earlier stages, no import cycles, the cache signature
covers the fact-making code only, and docs/architecture.md names what exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from stackcheck.cache import signed_sources

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "stackcheck"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# The stages a scan passes through, in order: a stage may import earlier stages only.
STAGES = ("source", "facts", "judge", "report")
# Outside the pipeline: what drives it, which no stage may import.
DRIVERS = (
    "stackcheck.cli",
    "stackcheck.console",
    "stackcheck.commands",
    "stackcheck.pipeline",
    "stackcheck.fleet",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(node: ast.Import | ast.ImportFrom, importer: str) -> set[str]:
    """The stackcheck modules an import statement loads (a name imported from a package
    counts as its submodule when there is one)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name.split(".")[0] == "stackcheck"}
    if node.level:
        base = importer.split(".")
        is_package = MODULES[importer].name == "__init__.py"
        base = base[: len(base) - node.level + (1 if is_package else 0)]
        module = ".".join([*base, node.module] if node.module else base)
    else:
        module = node.module or ""
    if module.split(".")[0] != "stackcheck":
        return set()
    found = set()
    for alias in node.names:
        sub = f"{module}.{alias.name}"
        found.add(sub if sub in MODULES else module)
    return found


def imports(module: str, top_level_only: bool) -> set[str]:
    """What a module imports: at module level only (what runs on import), or anywhere."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.update(_targets(node, module))
            elif isinstance(node, ast.If) and _is_type_checking(node):
                if not top_level_only:
                    visit(node.body)
            elif top_level_only and isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
            ):
                continue
            else:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.stmt):
                        visit([child])
                    elif not top_level_only:
                        visit([n for n in ast.walk(child) if isinstance(n, ast.stmt)])

    visit(tree.body)
    found.discard(module)
    return found


def stage_of(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_no_import_cycle_at_module_level() -> None:
    graph = {m: imports(m, top_level_only=True) & set(MODULES) for m in MODULES}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if stage_of(m) is not None))
def test_a_stage_imports_earlier_stages_only(module: str) -> None:
    stage = stage_of(module)
    assert stage is not None
    later = set()
    for target in imports(module, top_level_only=False):
        target_stage = stage_of(target)
        if (target_stage is not None and target_stage > stage) or target.startswith(DRIVERS):
            later.add(target)
    assert later == set(), f"{STAGES[stage]} must not import {sorted(later)}"


@pytest.mark.parametrize(
    "package", sorted(m for m, p in MODULES.items() if p.name == "__init__.py")
)
def test_every_package_says_what_it_is(package: str) -> None:
    docstring = ast.get_docstring(ast.parse(MODULES[package].read_text(encoding="utf-8")))
    assert docstring and len(docstring) > 40


def test_the_cache_signature_covers_the_fact_making_code_only() -> None:
    signed = set(signed_sources())
    every = {p.relative_to(PACKAGE).as_posix() for p in MODULES.values()}
    makes_facts = {f for f in every if f.startswith(("source/", "facts/", "judge/"))} | {
        "__init__.py",
        "cache.py",
    }
    renders_or_dispatches = {
        f for f in every if f.startswith(("commands/", "report/formats/", "fleet/"))
    }
    assert makes_facts <= signed
    assert not renders_or_dispatches & signed
    # Pinned by name, so that moving a module in or out is a decision someone sees.
    assert {"facts/collect.py", "source/git.py", "judge/rules.py"} <= signed
    assert {"report/formats/text.py", "report/formats/__init__.py", "commands/scan.py"}.isdisjoint(
        signed
    )


def test_the_cli_offers_the_registered_formats() -> None:
    from stackcheck.cli import FORMAT_CHOICES, HISTORY_FORMAT_CHOICES
    from stackcheck.report.formats import FORMATS, HISTORY_FORMATS

    assert tuple(FORMATS) == FORMAT_CHOICES
    assert sorted(HISTORY_FORMAT_CHOICES) == sorted(HISTORY_FORMATS)


def test_the_cli_offers_the_registered_fleet_report_formats() -> None:
    from stackcheck.cli import FLEET_REPORT_FORMATS
    from stackcheck.fleet.formats import FORMATS

    assert tuple(FORMATS) == FLEET_REPORT_FORMATS


@pytest.mark.parametrize(
    "name",
    [
        "text",
        "json",
        "sarif",
        "github",
        "gitlab",
        "junit",
        "markdown",
        "json-lines",
        "html",
        "badge",
        "badge-json",
    ],
)
def test_each_format_module_renders_every_kind_it_registers(name: str) -> None:
    import importlib

    from stackcheck.report.formats import FORMATS

    module = importlib.import_module(f"stackcheck.report.formats.{FORMATS[name].module}")
    assert callable(module.render)
    assert hasattr(module, "render_diff") is FORMATS[name].diff
    assert hasattr(module, "render_history") is FORMATS[name].history


def test_every_registered_format_is_checked_above() -> None:
    from stackcheck.report.formats import FORMATS

    assert len(FORMATS) == 11


def _named_paths(text: str) -> set[str]:
    """Every `src/stackcheck/...` path the document names (in code spans or the diagram)."""
    return set(re.findall(r"src/stackcheck/[\w/]+(?:\.py|/)", text))


def test_architecture_doc_names_existing_modules_and_every_package() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = _named_paths(text)
    assert named, "the document names no module"
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert missing == []
    packages = {
        p.parent.relative_to(ROOT).as_posix() + "/"
        for p in PACKAGE.rglob("__init__.py")
        if p.parent != PACKAGE
    }
    assert sorted(packages - named) == []
    assert "```mermaid" in text


def test_a_scan_loads_no_diff_or_history_code(tmp_path: Path) -> None:
    """Each format module renders every kind of report, but a scan imports only its part."""
    import subprocess
    import sys

    (tmp_path / "app.py").write_text("import django\n", encoding="utf-8")
    probe = (
        "import contextlib, io, sys\n"
        "from stackcheck.console import main\n"
        "for fmt in ('text', 'json', 'markdown', 'json-lines', 'sarif', 'github', 'gitlab', "
        "'junit'):\n"
        "    sys.argv = ['stackcheck', 'scan', '--no-cache', '--format', fmt, sys.argv[1]]\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            main()\n"
        "        except SystemExit:\n"
        "            pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('stackcheck.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True
    )
    loaded = set(ast.literal_eval(done.stdout.splitlines()[-1]))
    assert "stackcheck.report.formats.text" in loaded
    unused = {
        "stackcheck.report.changes",
        "stackcheck.report.history",
        "stackcheck.report.formats.diff_common",
        "stackcheck.commands.diff",
        "stackcheck.commands.history",
    }
    assert loaded & unused == set()
