"""The gated scan gives exactly the facts of the full one: every analyzer on a full index.

The full scan is written out here as it was before the gates; both run over a table of
import shapes, the analyzers' own test snippets, the fixtures, and random mixes.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signals.test_python_code import FRAGMENTS
from signals.test_python_gate import corpus
from stackcheck.facts import Fact
from stackcheck.facts.signals import NotAnalysable
from stackcheck.facts.signals.python import django as python_django
from stackcheck.facts.signals.python import usecases as python_usecases
from stackcheck.facts.signals.python import web as python_web
from stackcheck.facts.signals.python.code import imports, is_migration, scan
from stackcheck.facts.signals.python.syntax import (
    ALL_NODES_CHARS,
    MAX_NODES,
    index,
    parse,
    parse_tree,
)


def full_scan(path: str, text: str) -> list[Fact]:
    module = parse(path, text)
    if is_migration(path):
        return [*imports(module), *python_usecases.timeseries(module)]
    found = [*imports(module), *python_django.analyze(module), *python_web.analyze(module)]
    found.extend(python_usecases.analyze(module, frozenset(item.key for item in found)))
    return found


def outcome(run: object, path: str, text: str) -> list[Fact] | str:
    """The facts, or the reason the file is skipped."""
    assert callable(run)
    try:
        return list(run(path, text))
    except NotAnalysable as exc:
        return f"not analysable: {exc}"


def assert_same(path: str, text: str) -> list[Fact] | str:
    gated = outcome(scan, path, text)
    full = outcome(full_scan, path, text)
    if isinstance(full, str) and isinstance(gated, list):
        # Not Python the parser reads, and no analyzer needs more than the imports: the
        # file is not parsed, so its imports are all it gives (python/code.py).
        assert all(item.key.startswith("py.import.") for item in gated)
    else:
        assert gated == full
    return gated


SHAPES = [
    pytest.param("", id="empty"),
    pytest.param("import os\n", id="plain"),
    pytest.param("import os.path as p, sys as s\n", id="aliased"),
    pytest.param("from django.db.models import *\n", id="star"),
    pytest.param("from __future__ import annotations\nimport os\n", id="future"),
    pytest.param("from . import views\nfrom ..models import Order\n", id="relative"),
    pytest.param(
        """
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from django.http import HttpRequest
        else:
            import json
        """,
        id="type-checking",
    ),
    pytest.param(
        """
        try:
            import ujson as json
        except ImportError:
            import json
        else:
            import simplejson
        finally:
            import atexit
        """,
        id="try",
    ),
    pytest.param(
        """
        try:
            pass
        except* ValueError:
            import traceback
        """,
        id="try-star",
    ),
    pytest.param(
        """
        def handler():
            import torch
            class Inner:
                def method(self):
                    from sklearn import svm
            return Inner
        """,
        id="nested-functions-and-classes",
    ),
    pytest.param(
        """
        class Settings:
            import os
            for x in []:
                import csv
            while False:
                import abc
            with open("f") as fh:
                import io
        """,
        id="class-body-loops-with",
    ),
    pytest.param(
        """
        match command:
            case "serve":
                import uvicorn
            case _:
                import argparse
        """,
        id="match",
    ),
    pytest.param(
        """
        async def main():
            async with session:
                import aiohttp
            async for item in stream:
                import asyncio
        """,
        id="async",
    ),
    pytest.param(
        """
        from django.db.models import (
            CharField,
            Model,  # the base
            ForeignKey as FK,
        )
        """,
        id="parenthesised",
    ),
    pytest.param(
        "from django.db import \\\n    models, \\\n    transaction\nimport os, \\\n    sys\n",
        id="backslash-continuations",
    ),
    pytest.param(
        '''
        """A module.

        import flask
        from fastapi import FastAPI
        """
        x = """
        import tornado
        """
        import os
        ''',
        id="docstrings-with-imports",
    ),
    pytest.param(
        """
        import functools

        @functools.lru_cache
        @app.route("/")
        def index():
            import jinja2
        """,
        id="decorators",
    ),
    pytest.param(
        """
        import sys
        if sys.version_info >= (3, 11):
            import tomllib
        elif sys.platform == "win32":
            import winreg
        else:
            import tomli as tomllib
        """,
        id="conditional",
    ),
    pytest.param("import os; import sys\nx = 1; from json import dumps\n", id="semicolons"),
    pytest.param("import django\nimport django.db\nfrom django import forms\n", id="repeated"),
    pytest.param("import PIL.Image\nfrom Crypto import Random\n", id="capitals"),
    pytest.param("import ｄｊａｎｇｏ\nclass Ｏｒｄｅｒ(models.Ｍｏｄｅｌ): pass\n", id="nfkc"),
    pytest.param("# café\nimport os\nnom = 'crème'\n", id="non-ascii"),
    pytest.param("import os\nprint 'hello'\n", id="python2"),
    pytest.param("import os\ndef f[T](x: T) -> T: return x\n", id="newer-syntax"),
    pytest.param("import os\nx = 1\0\n", id="nul"),
    pytest.param("import os\nx = (\n", id="unclosed"),
    pytest.param('import re\nPATTERN = "\\d+"\n', id="invalid-escape"),
]


@pytest.mark.parametrize("source", SHAPES)
@pytest.mark.parametrize("path", ["app/module.py", "app/views.py", "app/migrations/0001_x.py"])
def test_import_shapes(path: str, source: str) -> None:
    assert_same(path, textwrap.dedent(source))


def test_import_evidence_is_the_statement() -> None:
    found = assert_same("app/module.py", "from django.db import (\n    models,\n)\n")
    assert isinstance(found, list)
    assert [(f.key, e.line, e.detail) for f in found for e in f.evidence] == [
        ("py.import.django", 1, "from django.db import models")
    ]


def test_corpus() -> None:
    checked = 0
    for path, source in corpus():
        assert_same(path, source)
        assert_same("app/migrations/0002_x.py", source)
        checked += 1
    assert checked > 200


def test_long_file_past_the_node_cap() -> None:
    # The index stops after MAX_NODES nodes, breadth first: the import in the function
    # comes too late for it, and so for the gated scan, which indexes files this long.
    body = "a;" * (MAX_NODES // 2)
    source = f"import os\n{body}\ndef f():\n    import json\n"
    assert len(source) > ALL_NODES_CHARS
    found = assert_same("app/module.py", source)
    assert isinstance(found, list)
    assert [f.key for f in found] == ["py.import.os"]


def test_long_file_below_the_node_cap() -> None:
    source = "import os\n" + "x = 1\n" * (ALL_NODES_CHARS // 6 + 10) + "import json\n"
    assert len(source) > ALL_NODES_CHARS
    assert_same("app/module.py", source)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        FRAGMENTS
        | st.sampled_from(
            [
                "import os\n",
                "from . import x\n",
                "def g():\n    import json\n",
                "if x:\n    from flask import Flask\n",
                "class M(Model): pass\n",
                "@app.route('/')\ndef h(): pass\n",
                "app.run()\n",
                "urlpatterns = [path('signup/', v)]\n",
                "class S(serializers.ModelSerializer): pass\n",
                "websocket_urlpatterns = [path('ws/', c)]\n",
                "SQL = 'create_hypertable'\n",
                "import channels\n",
                "import wagtail\n",
                "import stripe\n",
                "import sklearn\n",
            ]
        ),
        max_size=12,
    ),
    st.sampled_from(["app/views.py", "app/models.py", "x.py", "app/migrations/0001_x.py"]),
)
def test_any_mix_of_fragments(parts: list[str], path: str) -> None:
    assert_same(path, "".join(parts))


def _same_index(path: str, source: str) -> None:
    """A module indexed as the scan indexes it (its expressions walked when first asked
    for) holds the very nodes, in the same order, of one indexed in a single walk."""
    try:
        tree = parse_tree(path, source)
    except NotAnalysable:
        return
    lazy, whole = index(path, tree, len(source)), index(path, tree)
    for kind in ("classes", "functions", "assigns", "calls", "names", "attributes", "ifs"):
        assert [id(n) for n in getattr(lazy, kind)] == [id(n) for n in getattr(whole, kind)], kind
    assert lazy.strings == whole.strings
    assert (lazy.imports, lazy.star_imports) == (whole.imports, whole.star_imports)
    assert [(k, id(n)) for k, n in lazy.imported.items()] == [
        (k, id(n)) for k, n in whole.imported.items()
    ]


def test_a_module_walked_when_asked_holds_what_one_walk_finds() -> None:
    checked = 0
    for path, source in corpus():
        _same_index(path, source)
        checked += 1
    for param in SHAPES:
        _same_index("app/module.py", textwrap.dedent(param.values[0]))  # type: ignore[attr-defined]
    nested = textwrap.dedent(
        """
        class A(Base):
            x: int = 1
            def f(self):
                try:
                    import json
                except ValueError:
                    class B(A): y = 2
                else:
                    z += 1
                finally:
                    async def g(): pass
                match x:
                    case 1:
                        from os import path
                with open(p) as f:
                    for i in r:
                        while i:
                            if i: w = lambda: [c for c in call(i)]
        """
    )
    _same_index("app/module.py", nested)
    module = index("app/module.py", parse_tree("app/module.py", nested), len(nested))
    assert [c.name for c in module.classes] == ["A", "B"]
    assert sorted(module.imported) == ["json", "os"]
    assert checked > 200


@settings(max_examples=200, deadline=None)
@given(st.lists(FRAGMENTS, max_size=12))
def test_any_mix_walked_when_asked_holds_what_one_walk_finds(parts: list[str]) -> None:
    _same_index("app/views.py", "".join(parts))
