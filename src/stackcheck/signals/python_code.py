"""Python code signals: one `ast.parse` per file, then the analyzers of each family.

The scanner wants `.py` files outside the documentation folders, and only those in which
one of the needles occurs: nearly every signal needs an import, a settings or URL list or
a main guard, so files with none of these (empty `__init__.py`, data modules, plain
helpers) are not parsed. Files that are not Python 3 (Python 2 code, NUL bytes, absurd
nesting) yield no facts and no error: old code is common and is not the user's mistake.

Analyzers (one module per family):
    python_code      py.import.<module>
    python_django    django.*, drf.*, ninja.api, api.openapi, channels.*
    python_web       flask.*, fastapi.*, py.ws_server, py.http_server, cli.parsers,
                     py.main_guard
    python_usecases  ml.*, fintech.*, iot.*, enterprise.*, cms.*, mvp.*, social.models,
                     py.orm_models
"""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.facts import Fact, fact
from stackcheck.signals import (
    FILE_SCANNERS,
    FileScanner,
    python_django,
    python_usecases,
    python_web,
)
from stackcheck.signals.python_ast import Module, import_detail, parse

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
    if not path.endswith(".py"):
        return False
    first, slash, _ = path.partition("/")
    return not (slash and first.lower() in DOC_FOLDERS)


def scan(path: str, text: str) -> list[Fact]:
    module = parse(path, text)
    if is_migration(path):
        # Generated copies of the models' fields: counting them again would double every
        # field and CMS block. Raw SQL in them can still name a time-series extension.
        return [*imports(module), *python_usecases.timeseries(module)]
    found = [*imports(module), *python_django.analyze(module), *python_web.analyze(module)]
    seen = frozenset(item.key for item in found)
    found.extend(python_usecases.analyze(module, seen))
    return found


def is_migration(path: str) -> bool:
    """A Django (or Alembic-style) numbered migration: `<app>/migrations/0003_x.py`."""
    parts = path.split("/")
    return len(parts) >= 2 and parts[-2] == "migrations" and parts[-1][:1].isdigit()


def imports(m: Module) -> Iterator[Fact]:
    """py.import.<top-level module>: one per file, at the first import of it."""
    for module, node in sorted(m.imported.items()):
        yield fact(f"py.import.{module.lower()}", m.path, node.lineno, import_detail(node))


FILE_SCANNERS.append(FileScanner("python-code", wants, scan, NEEDLES))
