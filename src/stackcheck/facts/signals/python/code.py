"""Python code signals: every file's imports, and `ast.parse` and the analyzers of each
family for the files in which an analyzer may find something.

The scanner wants `.py` files outside the documentation folders, and only those in which
one of the needles occurs: nearly every signal needs an import, a settings or URL list or
a main guard, so files with none of these (empty `__init__.py`, data modules, plain
helpers) are not read. A parsed file that is not Python 3 (NUL bytes, absurd nesting,
broken code) yields no facts and is listed as skipped; Python 2 (legacy.py) and Python
newer than the running interpreter (newer.py) are read all the same.

When no analyzer's gate (gate.py) opens on a file's words, which is most files of a
project, its imports are all it gives: they are read without the parser (imports.py), and
such a file that is not valid Python is not reported as unreadable either. When every clue
its words open asks for an import or a class base (which words only approximate), the gates
are asked again knowing its imports and its classes' bases, both read without the parser
(classes.py reads more bases than there are, never fewer). Otherwise the file is parsed
whole, and only the analyzers whose gate the parsed file opens run, on a full index of the
tree. Both ways give the same facts for a valid file.

Analyzers (one module per family):
    code             py.import.<module>
    django           django.*, drf.*, ninja.api, api.openapi, channels.*
    web              flask.*, fastapi.*, py.ws_server, py.http_server, cli.parsers,
                     py.main_guard, py.app_factory, dash.callbacks, rt.* of standard-library
                     socket, socketserver and asyncio servers
    usecases         ml.*, fintech.*, iot.*, enterprise.*, cms.*, mvp.*, social.models,
                     py.orm_models
"""

from __future__ import annotations

import ast
import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, FileScanner
from stackcheck.facts.signals.python import django as python_django
from stackcheck.facts.signals.python import usecases as python_usecases
from stackcheck.facts.signals.python import web as python_web
from stackcheck.facts.signals.python.classes import class_bases
from stackcheck.facts.signals.python.gate import AnyGate, Source, open_ones
from stackcheck.facts.signals.python.imports import import_statements, top_level_imports
from stackcheck.facts.signals.python.syntax import (
    ALL_NODES_CHARS,
    MAX_NODES,
    MAX_SOURCE_CHARS,
    Module,
    Outline,
    first_imports,
    import_detail,
    import_table,
    index,
    outline,
    outline_is_exact,
    parse_tree,
)

DOC_FOLDERS = frozenset({"docs", "doc"})
# A name from a library needs an import (star imports included); settings, URL lists and
# main guards do not; the last three are attribute uses that work on any parameter.
NEEDLES = (
    b"import",
    b"INSTALLED_APPS",
    b"urlpatterns",
    b"DATABASES",
    b"__main__",
    b"group_send",
    b"request.FILES",
    b"has_perm",
)


def wants(path: str) -> bool:
    # `.pyw`: a Python program started without a console window (a Windows app's entry).
    if not path.endswith((".py", ".pyw")):
        return False
    first, slash, _ = path.partition("/")
    return not (slash and first.lower() in DOC_FOLDERS)


def scan(path: str, text: str) -> list[Fact]:
    with _without_cycle_collection():
        return _scan(path, text)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A parsed module is thousands of fresh AST nodes with no reference cycles among them:
    the cyclic collector's passes over them cost a tenth of a Python-heavy scan for nothing.
    Reference counting still frees them; the collector runs again after the file."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _scan(path: str, text: str) -> list[Fact]:
    words = Source(path, text)
    if not _needs_tree(path, words):
        read = _imports_unparsed(text)
        if read is not None:
            return list(import_facts(path, first_imports(read)))
    elif not is_migration(path) and not _ANY_GATE.opens(words, firmly=True):
        # Every clue open on the words alone asks for an import or a class base, which
        # the words only approximate: ask again knowing both, read without the parser.
        read = _imports_unparsed(text)
        if read is not None:
            aliases, imported = import_table(read)
            bases = class_bases(text, aliases)
            known = words.knowing(
                Outline(imported, bases or frozenset()), bases_known=bases is not None
            )
            if not _needs_tree(path, known):
                return list(import_facts(path, imported))
    tree = parse_tree(path, text)
    # A longer file has the outline's imports too when the index's capped walk meets them all.
    whole = outline(tree)
    statements = whole if outline_is_exact(tree, whole, len(text)) else None
    source = words if statements is None else words.knowing(statements)
    if is_migration(path):
        return scan_migration(path, tree, statements, source)
    django = open_ones(python_django.GATES, source)
    web = open_ones(python_web.GATES, source)
    usecases = open_ones(python_usecases.GATES, source)
    if statements is not None and not (django or web or usecases):
        return list(import_facts(path, statements.imported))
    module = index(path, tree, len(text))
    found = [
        *imports(module),
        *python_django.analyze(module, django),
        *python_web.analyze(module, web),
    ]
    seen = frozenset(item.key for item in found)
    found.extend(python_usecases.analyze(module, seen, usecases))
    return found


_ALL_GATES = tuple(
    g
    for gates in (python_django.GATES, python_web.GATES, python_usecases.GATES)
    for g in gates.values()
)
_ANY_GATE = AnyGate(_ALL_GATES)


def _imports_unparsed(text: str) -> list[ast.Import | ast.ImportFrom] | None:
    """The imports the capped index of the parsed file would have, read without the parser;
    None when that cannot be told without it. Up to ALL_NODES_CHARS the index has every
    import. A longer file's (a data module, a generated table) when each import is a
    statement of the module itself and the module has fewer than MAX_NODES statements: the
    index's walk meets those first."""
    if len(text) <= ALL_NODES_CHARS:
        return import_statements(text)
    if len(text) > MAX_SOURCE_CHARS or text.count("\n") + text.count(";") + 2 >= MAX_NODES:
        return None
    return top_level_imports(text)


def _needs_tree(path: str, source: Source) -> bool:
    """Whether an analyzer may find more than the imports in this file, judged on its words
    (and its imports, when known), which open gates wider than the parsed file does."""
    if is_migration(path):
        return source.opens(python_usecases.TIMESERIES_GATE)
    if source.outlined:
        return any(source.opens(g) for g in _ALL_GATES)
    return _ANY_GATE.opens(source)


def scan_migration(
    path: str, tree: ast.Module, statements: Outline | None, source: Source
) -> list[Fact]:
    """Generated copies of the models' fields: counting them again would double every
    field and CMS block. Raw SQL in them can still name a time-series extension."""
    if statements is not None and not source.opens(python_usecases.TIMESERIES_GATE):
        return list(import_facts(path, statements.imported))
    module = index(path, tree)
    return [*imports(module), *python_usecases.timeseries(module)]


def is_migration(path: str) -> bool:
    """A Django (or Alembic-style) numbered migration: `<app>/migrations/0003_x.py`."""
    parts = path.split("/")
    return len(parts) >= 2 and parts[-2] == "migrations" and parts[-1][:1].isdigit()


def imports(m: Module) -> Iterator[Fact]:
    """py.import.<top-level module>: one per file, at the first import of it."""
    return import_facts(m.path, m.imported)


def import_facts(path: str, imported: Mapping[str, ast.Import | ast.ImportFrom]) -> Iterator[Fact]:
    for module, node in sorted(imported.items()):
        yield fact(f"py.import.{module.lower()}", path, node.lineno, import_detail(node))


FILE_SCANNERS.append(FileScanner("python-code", wants, scan, NEEDLES))
