"""The Python code scanner: which files it reads, what it survives, py.import.*, and one
Django project scanned end to end through discover and collect."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RepoFactory
from stackcheck.facts import Fact, merge
from stackcheck.facts.collect import collect
from stackcheck.facts.signals import FILE_SCANNERS, NotAnalysable, load_all
from stackcheck.facts.signals.python.code import NEEDLES, scan, wants
from stackcheck.source.discover import discover


def facts(source: str | bytes, path: str = "app/module.py") -> dict[str, Fact]:
    text = source if isinstance(source, str) else source.decode("latin-1")
    return merge(scan(path, textwrap.dedent(text)))


def counts(source: str, path: str = "app/module.py") -> dict[str, float]:
    return {key: found.value for key, found in facts(source, path).items()}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("README.md", False, id="not-python"),
        pytest.param("app/types.pyi", False, id="stub"),
        pytest.param("docs/conf.py", False, id="docs-folder"),
        pytest.param("doc/source/conf.py", False, id="doc-folder"),
        pytest.param("Docs/conf.py", False, id="docs-folder-capitalised"),
        pytest.param("setup.py", True, id="root-file"),
        pytest.param("app/views.py", True, id="app-file"),
        pytest.param("app/docs/views.py", True, id="docs-not-first-folder"),
        pytest.param("docs.py", True, id="file-named-docs"),
    ],
)
def test_wants(path: str, expected: bool) -> None:
    assert wants(path) is expected


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("", id="empty"),
        pytest.param("VALUE = 3\n", id="constant-module"),
        pytest.param("def f(x):\n    return x + 1\n", id="plain-function"),
        pytest.param("class Point:\n    x: int = 0\n", id="plain-class"),
    ],
)
def test_needles_pass_over_files_without_signals(source: str) -> None:
    assert not any(needle in source.encode() for needle in NEEDLES)
    assert counts(source) == {}


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import os\n", id="import"),
        pytest.param("def push(layer):\n    layer.group_send('g', {})\n", id="group-send"),
        pytest.param("def save(request):\n    return request.FILES\n", id="request-files"),
        pytest.param("INSTALLED_APPS = ['blog']\n", id="settings-without-imports"),
        pytest.param("urlpatterns = []\n", id="urlconf-without-imports"),
        pytest.param('if __name__ == "__main__":\n    pass\n', id="main-guard"),
    ],
)
def test_needles_let_signal_files_through(source: str) -> None:
    assert any(needle in source.encode() for needle in NEEDLES)
    assert counts(source) != {}


def test_scanner_is_registered() -> None:
    load_all()
    assert [s.name for s in FILE_SCANNERS].count("python-code") == 1


# Files the scanner must survive without an exception and without facts. Each holds a
# settings list, so an analyzer needs the parsed file.
SETTINGS = "import os\nINSTALLED_APPS = []\n"
HOSTILE = [
    pytest.param(SETTINGS + 'print "hello" <<< 3\n', id="python2-print-broken"),
    pytest.param(SETTINGS + "class (:\n", id="syntax-error"),
    pytest.param(SETTINGS + "x = 1\0\n", id="nul-byte"),
    pytest.param(SETTINGS + "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n", id="5000-parentheses"),
    pytest.param(SETTINGS + "x = " + "-" * 100_000 + "1\n", id="100000-unary-minus"),
    pytest.param(SETTINGS + "x = 1" + " + 1" * 100_000 + "\n", id="100000-additions"),
    pytest.param(SETTINGS + "x = a" + ".b" * 100_000 + "\n", id="100000-attributes"),
    pytest.param(SETTINGS + "x = 1\n" * 200_000, id="over-size-limit"),
]


@pytest.mark.parametrize("source", HOSTILE)
def test_unreadable_python_is_not_analysable(source: str) -> None:
    # The collector lists such a file as skipped with the reason (tests/hostile/test_code.py).
    with pytest.raises(NotAnalysable):
        scan("app/module.py", source)


@pytest.mark.parametrize(
    "broken",
    ['print "hello" <<< 3\n', "class (:\n", "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n"],
)
def test_a_file_no_analyzer_needs_gives_its_imports_unparsed(broken: str) -> None:
    """Only its imports can come out of such a file, and they are read without the parser:
    that it is not valid Python goes unnoticed, and costs nothing."""
    source = "import os\nfrom django.db import models\n" + broken
    assert counts(source) == {"py.import.os": 1, "py.import.django": 1}
    with pytest.raises(NotAnalysable):
        scan("app/module.py", SETTINGS + broken)


def test_a_long_file_no_analyzer_needs_is_not_indexed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ALL_NODES_CHARS the file is parsed (its imports are those the capped walk
    meets), but when that walk meets all of them and no gate opens, nothing more is done."""
    from stackcheck.facts.signals.python import code
    from stackcheck.facts.signals.python.syntax import ALL_NODES_CHARS

    body = "def test_{0}(request):\n    assert run({0}) == {0}\n"
    source = "import os\nimport pytest\n" + "".join(body.format(i) for i in range(3000))
    assert len(source) > ALL_NODES_CHARS
    expected = scan("app/module.py", source)

    def refused(path: str, tree: object) -> None:
        raise AssertionError("indexed")

    monkeypatch.setattr(code, "index", refused)
    assert scan("app/module.py", source) == expected
    assert [f.key for f in expected] == ["py.import.os", "py.import.pytest"]


LONG_TABLE = "NAMES = [\n" + "    ('Django Model', 'run the app'),\n" * 3000 + "]\n"


@pytest.mark.parametrize(
    ("head", "parsed"),
    [
        # Its words open the models gate (django, Model), its imports close it.
        pytest.param("import os\n", False, id="imports-close-every-gate"),
        pytest.param("", False, id="no-imports"),
        # Django imported, but no class with a model base: the models gate stays shut.
        pytest.param("from django.db import models\n", False, id="imports-without-a-base"),
        pytest.param(
            "from django.db import models\nclass A(models.Model): pass\n", True, id="a-base"
        ),
        pytest.param("from django.shortcuts import render\nrender(r)\n", True, id="a-call"),
        pytest.param("def f():\n    import os\n", True, id="an-import-in-a-block"),
        pytest.param("x = 1; import os\n", True, id="an-import-after-a-statement"),
    ],
)
def test_a_long_data_module_is_parsed_only_when_its_imports_may_need_it(
    monkeypatch: pytest.MonkeyPatch, head: str, parsed: bool
) -> None:
    from stackcheck.facts.signals.python import code
    from stackcheck.facts.signals.python.syntax import ALL_NODES_CHARS

    source = head + LONG_TABLE
    assert len(source) > ALL_NODES_CHARS
    expected = scan("app/data.py", source)
    calls: list[str] = []
    real = code.parse_tree

    def counted(path: str, text: str) -> object:
        calls.append(path)
        return real(path, text)

    monkeypatch.setattr(code, "parse_tree", counted)
    assert scan("app/data.py", source) == expected
    assert bool(calls) is parsed


def test_a_broken_long_data_module_no_analyzer_needs_gives_its_imports() -> None:
    """As for a short file: only its imports can come out, and they are read unparsed."""
    source = "import os\n" + LONG_TABLE + "print 'not Python 3'\n"
    assert counts(source) == {"py.import.os": 1}


# Fragments that make the analyzers' lookups meet odd shapes when glued together at random.
FRAGMENTS = st.sampled_from(
    [
        "import django\n",
        "from django.db import models\n",
        "from rest_framework import *\n",
        "class A(models.Model):\n    x = models.CharField()\n",
        "class B(A, metaclass=M): pass\n",
        "class C(Generic[T]): pass\n",
        "class D((lambda: object)()): pass\n",
        "INSTALLED_APPS = A + B\n",
        "A = INSTALLED_APPS\n",
        "INSTALLED_APPS += [f'{x}']\n",
        "urlpatterns = urlpatterns + [path()]\n",
        "urlpatterns.append()\n",
        "x = path(*a, **k)\n",
        "@app.route\ndef f(): pass\n",
        "@x.get()()\ndef g(request): pass\n",
        "if __name__ == __name__: pass\n",
        "f()()()\n",
        "a.b.c().d.e()\n",
        "x[0].predict()\n",
        "stripe.api_key = 1\n",
        "(a, b) = c = d\n",
        "del INSTALLED_APPS\n",
        "x: int\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(FRAGMENTS, max_size=12), st.sampled_from(["views.py", "app/models.py", "x.py"]))
def test_any_mix_of_fragments_scans(parts: list[str], path: str) -> None:
    found = scan(path, "".join(parts))
    assert all(f.key == f.key.lower() and f.value > 0 for f in found)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_scans(text: str) -> None:
    try:
        assert isinstance(scan("app/views.py", "import os\n" + text), list)
    except NotAnalysable as exc:
        assert str(exc)  # a reason for the skipped list, never an empty one


def test_invalid_escape_does_not_warn(recwarn: pytest.WarningsRecorder) -> None:
    assert counts('import re\nPATTERN = "\\d+"\n') == {"py.import.re": 1.0}
    assert len(recwarn) == 0


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("from . import views\nfrom .models import Order\n", {}, id="relative-only"),
        pytest.param("from __future__ import annotations\n", {}, id="future"),
        pytest.param(
            '"""import django"""\n# import flask\nx = "import fastapi"\n',
            {},
            id="import-in-strings-and-comments",
        ),
        pytest.param(
            "import os\nimport os.path\nfrom os import sep\n",
            {"py.import.os": 1},
            id="one-per-file",
        ),
        pytest.param(
            "import django.db, flask as f\n",
            {"py.import.django": 1, "py.import.flask": 1},
            id="two-in-one",
        ),
        pytest.param(
            "from rest_framework.views import APIView\n",
            {"py.import.rest_framework": 1},
            id="from-import",
        ),
        pytest.param("def f():\n    import torch\n", {"py.import.torch": 1}, id="local-import"),
        pytest.param("import PIL.Image\n", {"py.import.pil": 1}, id="lower-cased"),
    ],
)
def test_imports(source: str, expected: dict[str, float]) -> None:
    found = {k: v for k, v in counts(source).items() if k.startswith("py.import.")}
    assert found == expected


MIGRATION = """
    from django.db import migrations, models
    import wagtail.fields

    class Migration(migrations.Migration):
        operations = [
            migrations.CreateModel(
                name="Payment",
                fields=[
                    ("amount", models.DecimalField(max_digits=8, decimal_places=2)),
                    ("body", wagtail.fields.StreamField([])),
                ],
            ),
            migrations.RunSQL("SELECT create_hypertable('payment', 'created')"),
        ]
    """


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(
            "shop/migrations/0002_payment.py",
            {"py.import.django": 1, "py.import.wagtail": 1, "iot.timeseries": 1},
            id="migration-imports-and-sql-only",
        ),
        pytest.param(
            "shop/migrations/helpers.py",
            {"py.import.django": 1, "py.import.wagtail": 1, "iot.timeseries": 1, "cms.pages": 1},
            id="not-a-numbered-migration",
        ),
    ],
)
def test_migrations_are_not_counted_twice(path: str, expected: dict[str, float]) -> None:
    assert counts(MIGRATION, path) == expected


def test_import_evidence_names_the_statement() -> None:
    found = facts("import os\n\nfrom django.db import models, transaction\n")
    evidence = found["py.import.django"].evidence
    assert [(e.path, e.line, e.detail) for e in evidence] == [
        ("app/module.py", 3, "from django.db import models, transaction")
    ]


# --- a whole Django project through discover -> collect ------------------------------------

EXPECTED_PROJECT = {
    "django.settings": 1,
    "django.app.rest_framework": 1,
    "django.app.channels": 1,
    "django.app.django.contrib.admin": 1,
    "django.app.orders": 1,
    "django.db_engine.postgresql": 1,
    "django.models": 3,
    "django.model_name.order": 1,
    "django.model_name.orderline": 1,
    "django.model_name.timestamped": 1,
    "django.field.decimalfield": 2,
    "django.field.foreignkey": 2,
    "django.field.datetimefield": 1,
    "django.admin": 3,
    "django.urlconf": 2,
    "django.routes": 6,
    "django.views": 2,
    "django.render": 2,
    "django.auth_views": 1,
    "drf.serializers": 1,
    "drf.viewsets": 1,
    "drf.routers": 1,
    "channels.consumers": 1,
    "channels.routing": 2,
    "channels.ws_routes": 1,
    "channels.group_send": 1,
    "fintech.money_models": 1,
    "fintech.decimal_amounts": 2,
    "py.import.django": 7,
    "py.import.rest_framework": 3,
    "py.import.channels": 2,
    "py.main_guard": 1,
}


# Kept inline: a Python 2 file in tests/fixtures would break the repository's own ruff run.
PYTHON2_SCRIPT = 'import urllib2\n\nprint "fetching", urllib2.urlopen("http://localhost/").read()\n'


def test_django_project_end_to_end(repo: RepoFactory) -> None:
    root: Path = repo(
        "signals-py-django",
        files={"legacy.py": PYTHON2_SCRIPT, "scripts/tool2.py": PYTHON2_SCRIPT},
    )
    collected = collect(discover(root))
    found = collected.values
    got = {key: found[key].value if key in found else 0 for key in EXPECTED_PROJECT}
    assert got == EXPECTED_PROJECT
    # docs/ and the scripts/ tooling are read by nobody; the Python 2 module is read like any
    # other (legacy.py) and is not listed as skipped.
    assert not any(e.path.startswith("docs/") for f in found.values() for e in f.evidence)
    assert [e.path for e in found["py.import.urllib2"].evidence] == ["legacy.py"]
    assert not [s for s in collected.skipped if s.path.startswith("scripts/")]
    assert not [s for s in collected.skipped if s.path == "legacy.py"]
    assert found["channels.consumers"].evidence[0].detail == (
        "class OrderConsumer(AsyncJsonWebsocketConsumer)"
    )
