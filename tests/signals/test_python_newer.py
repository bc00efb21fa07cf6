"""Python newer than the interpreter running the scan (python_newer): read, with the facts
the newer parser would give, while broken files, garbage and Python 2 mixed with newer syntax
stay skipped as "not Python 3" with the running parser's own message (plain Python 2 is read
by legacy.py: tests/signals/test_python_legacy.py)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import stackcheck
from conftest import RepoFactory
from stackcheck.facts import Evidence, merge
from stackcheck.facts.manifests.python.project import parse_setup_py
from stackcheck.facts.signals import NotAnalysable
from stackcheck.facts.signals.python.code import scan
from stackcheck.facts.signals.python.newer import (
    RUNNING,
    Version,
    Work,
    newer_syntax,
    restore,
    rewrite,
)


def outcome(source: str, path: str = "app/module.py") -> list[tuple[str, Evidence]] | str:
    """Facts as (key, evidence) in a stable order, or the reason the file is skipped."""
    try:
        merged = merge(scan(path, textwrap.dedent(source)))
    except NotAnalysable as exc:
        return f"skipped: {exc}"
    return sorted((key, item) for key, found in merged.items() for item in found.evidence)


def counts(source: str, path: str = "app/module.py") -> dict[str, float]:
    return {key: found.value for key, found in merge(scan(path, textwrap.dedent(source))).items()}


def running_error(source: str) -> str:
    """What the collector says of a file the running parser refuses, as before."""
    try:
        ast.parse(textwrap.dedent(source))
    except SyntaxError as exc:
        return f"skipped: not Python 3: {exc.msg} (line {exc.lineno})"
    raise AssertionError("the running parser reads it")


# --- newer files give the facts of the same code written for older parsers ----------------

# (newer source, the same code for older parsers on the same lines, facts that must be found)
SAME_AS_OLDER = [
    pytest.param(
        """
        from django.db import models

        type Money = models.DecimalField


        class Priced[T](models.Model):
            price = models.DecimalField(max_digits=10, decimal_places=2)

            class Meta:
                abstract = True


        class Product[K: Base, *Ts, **P](Priced["Product"]):
            name = models.CharField(max_length=200)
            sku = models.CharField(max_length=20, unique=True)


        def cheapest[P](items: list[P]) -> P:
            return min(items)
        """,
        """
        from django.db import models

        (Money := models.DecimalField)


        class Priced(models.Model):
            price = models.DecimalField(max_digits=10, decimal_places=2)

            class Meta:
                abstract = True


        class Product(Priced["Product"]):
            name = models.CharField(max_length=200)
            sku = models.CharField(max_length=20, unique=True)


        def cheapest(items: list[P]) -> P:
            return min(items)
        """,
        {
            "py.import.django",
            "django.models",
            "django.model_name.product",
            "django.field.charfield",
        },
        id="django-models-pep695-generics-and-type-alias",
    ),
    pytest.param(
        """
        from fastapi import FastAPI

        app = FastAPI()
        prefix = {"api": "/api"}


        @app.get(f"{prefix["api"]}/items/{{item_id}}")
        async def read_item(item_id: int):
            return {"item": f"{item_id!r:>{8}} of {prefix["api"]}"}


        @app.post("/items")
        async def create_item(body: dict):
            return {"created": f"{body.get("name", "?")=}"}
        """,
        """
        from fastapi import FastAPI

        app = FastAPI()
        prefix = {"api": "/api"}


        @app.get(f"{prefix['api']}/items/{{item_id}}")
        async def read_item(item_id: int):
            return {"item": f"{item_id!r:>{8}} of {prefix['api']}"}


        @app.post("/items")
        async def create_item(body: dict):
            return {"created": f"{body.get('name', '?')=}"}
        """,
        {"py.import.fastapi", "fastapi.routes"},
        id="fastapi-pep701-nested-quotes",
    ),
    pytest.param(
        r"""
        from flask import Flask, render_template

        app = Flask(__name__)


        @app.route("/")
        def index():
            names = ["a", "b"]
            return render_template(
                "index.html",
                title=f"{'\n'.join(names)}",
                count=f"{
                    len(names)  # how many
                }",
            )
        """,
        None,
        {"py.import.flask", "flask.routes", "flask.render_template"},
        id="flask-pep701-backslash-comment-and-lines-in-braces",
    ),
    pytest.param(
        """
        from flask import Flask

        app = Flask(__name__)


        @app.route("/hello/<name>")
        def hello(name):
            page = t"<p>Hello {name!r}</p>" t"<p>{name:>{10}}</p>"
            return str(page)
        """,
        """
        from flask import Flask

        app = Flask(__name__)


        @app.route("/hello/<name>")
        def hello(name):
            page = f"<p>Hello {name!r}</p>" f"<p>{name:>{10}}</p>"
            return str(page)
        """,
        {"py.import.flask", "flask.routes"},
        id="flask-pep750-t-strings",
    ),
    pytest.param(
        """
        import json

        from django.http import JsonResponse


        def view(request):
            try:
                data = json.loads(request.body)
            except ValueError, TypeError:
                data = {}
            return JsonResponse({"keys": t"{", ".join(data)}"})
        """,
        """
        import json

        from django.http import JsonResponse


        def view(request):
            try:
                data = json.loads(request.body)
            except (ValueError, TypeError):
                data = {}
            return JsonResponse({"keys": f"{', '.join(data)}"})
        """,
        {"py.import.django", "py.import.json"},
        id="pep758-except-list-beside-a-t-string",
    ),
    pytest.param(
        """
        from django.db import models


        class Order[T = int](models.Model):
            if True: type Total[N = int] = models.IntegerField
            total = models.IntegerField()
        """,
        """
        from django.db import models


        class Order(models.Model):
            if True: (Total := models.IntegerField)
            total = models.IntegerField()
        """,
        {"django.models", "django.model_name.order"},
        id="pep696-defaults-and-an-alias-after-a-colon",
    ),
]


@pytest.mark.parametrize(("newer", "older", "keys"), SAME_AS_OLDER)
def test_newer_syntax_gives_the_facts_of_the_same_code_for_older_parsers(
    newer: str, older: str | None, keys: set[str]
) -> None:
    found = outcome(newer, "shop/models.py")
    assert not isinstance(found, str), found
    if older is not None:  # no twin when older parsers cannot write it on the same lines
        assert found == outcome(older, "shop/models.py")
    assert keys <= {key for key, _ in found}


def test_line_numbers_are_those_of_the_file() -> None:
    source = """
    from django.db import models

    class Base[
        T,  # the row type
        *Ts,
    ](models.Model):
        label = f"{
            "multi-line"
        }"
        when = models.DateTimeField()

    type Row[
        K,
    ] = dict[K, Base]

    class Order(Base):
        total = models.DecimalField()
    """
    lines = {
        key: [item.line for item in found.evidence]
        for key, found in merge(scan("shop/models.py", textwrap.dedent(source))).items()
    }
    assert lines["py.import.django"] == [2]
    assert lines["django.model_name.base"] == [4]
    assert lines["django.field.datetimefield"] == [11]
    assert lines["django.model_name.order"] == [17]
    assert lines["django.field.decimalfield"] == [18]


# --- the rewrite for each older parser ------------------------------------------------------


def assert_same_tree(tree: ast.AST, expected: ast.AST) -> None:
    """The same nodes, each on the same line (columns move where a construct was rewritten,
    and older parsers give the pieces of an f-string the f-string's own position)."""
    assert ast.dump(tree) == ast.dump(expected)
    lines = [getattr(node, "lineno", 0) for node in ast.walk(tree)]
    assert lines == [getattr(node, "lineno", 0) for node in ast.walk(expected)]


@pytest.mark.parametrize(
    ("version", "newer", "older"),
    [
        pytest.param(
            (3, 10),
            "try:\n    f()\nexcept* ValueError as group:\n    g(group)\n",
            "try:\n    f()\nexcept  ValueError as group:\n    g(group)\n",
            id="except-star-for-3.10",
        ),
        pytest.param(
            (3, 10),
            "def f(*args: *Ts) -> tuple[*Ts, int]:\n    return x[*a, b][*c,]\n",
            "def f(*args: Ts) -> tuple[(*Ts, int)]:\n    return x[(*a, b)][(*c,)]\n",
            id="pep646-stars-for-3.10",
        ),
        pytest.param(
            (3, 10),
            "xs = [*a, *b]\nmatch xs:\n    case [*rest]:\n        pass\n",
            "xs = [*a, *b]\nmatch xs:\n    case [*rest]:\n        pass\n",
            id="lists-and-patterns-keep-their-stars",
        ),
        pytest.param(
            (3, 11),
            "type Pair[K: str, V = int] = tuple[K, V]  # note\nx = 1; type Y = int\n",
            "(Pair := tuple[K, V])  # note\nx = 1; (Y := int)\n",
            id="type-aliases",
        ),
        pytest.param(
            (3, 11),
            "class C[\n    T,\n](Base):\n    async def m[U](self) -> U: ...\n",
            "class C(\n\n    Base):\n    async def m(self) -> U: ...\n",
            id="generics-over-several-lines",
        ),
        pytest.param(
            (3, 12),
            "class Box[T = int]:\n    def get(self) -> T: ...\n",
            "class Box:\n    def get(self) -> T: ...\n",
            id="pep696-defaults-for-3.12",
        ),
        pytest.param(
            (3, 13),
            'x = t"{a!r:>{w}}" t"b"\n',
            'x = f"{a!r:>{w}}" f"b"\n',
            id="t-strings-for-3.13",
        ),
    ],
)
def test_rewrite_for_an_older_parser(version: Version, newer: str, older: str) -> None:
    tree = ast.parse(rewrite(newer, version))
    restore(tree)
    assert_same_tree(tree, ast.parse(older))


def test_a_312_parser_keeps_generics_without_defaults() -> None:
    source = "type Pair[K = str] = tuple[K, K]\ndef f[T](x: T) -> T: ...\n"
    assert rewrite(source, (3, 12)) == (
        "type Pair          = tuple[K, K]\ndef f[T](x: T) -> T: ...\n"
    )


# f-strings the running parser reads: rewritten anyway, they must come back exactly.
_OTHER = {'"': "'", "'": '"', '"""': "'", "'''": '"'}


@st.composite
def fstrings(draw: st.DrawFn, depth: int = 2) -> str:
    quote = draw(st.sampled_from(['"', "'", '"""', "'''"] if depth == 2 else ['"', "'"]))
    other = _OTHER[quote]
    prefix = draw(st.sampled_from(["f", "F", "rf", "fR"] if depth == 2 else ["f"]))
    literal = st.sampled_from(
        ["a", " ", "{{", "}}", "\\n", "\\x41", "\\N{BULLET}", "é", "%", ":", "!", "=", "#"]
        + (["\n", other, "\\\n"] if len(quote) == 3 else [])
    )
    expression = st.sampled_from(
        [
            *("x", "x.y", f"d[{other}k{other}]", "a + 1", "(a, b)", "[i for i in y]"),
            *("f(1, k=2)", f"{other}{{{other}", "x!=y", "(x:=1)", "x == y", "a[1:2]", " {1: 2}"),
        ]
    )
    spec = st.sampled_from(["", ">10", "{w}", ".{p}f", "%H:%M", "{w}{p}", "=^9"])
    pieces = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            pieces.append(draw(literal))
            continue
        inner = draw(expression)
        if depth > 1 and quote == '"' and draw(st.booleans()):
            inner = draw(fstrings(depth=1)).replace('"', "'")
        field = inner + draw(st.sampled_from(["", "=", " = "]))
        field += draw(st.sampled_from(["", "!r", "!s", "!a"]))
        if draw(st.booleans()):
            field += ":" + draw(spec)
        pieces.append("{" + field + "}")
    return prefix + quote + "".join(pieces) + quote


@settings(max_examples=300, deadline=None)
@given(st.lists(fstrings(), min_size=1, max_size=3), st.sampled_from(["", "u'u' ", "'p' "]))
def test_fstrings_the_running_parser_reads_come_back_exactly(parts: list[str], before: str) -> None:
    source = "value = " + before + " ".join(parts) + "\nafter = 1\n"
    try:
        expected = ast.parse(source)
    except SyntaxError:
        assume(False)
        raise
    tree = ast.parse(rewrite(source))
    restore(tree)
    assert_same_tree(tree, expected)


def test_stackchecks_own_sources_come_back_exactly() -> None:
    """Every f-string of the package, rewritten as for an older parser and restored."""
    for path in sorted(Path(stackcheck.__file__).parent.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(rewrite(source))
        restore(tree)
        assert_same_tree(tree, ast.parse(source))


# --- what is not newer Python stays skipped --------------------------------------------------

NOT_NEWER = [
    pytest.param(
        'import os\nprint "hello"\nname = f"{os.environ["HOME"]}"\n', id="python2-print-and-pep701"
    ),
    pytest.param('import os\ntype Alias = int\nexec "x = 1"\n', id="python2-exec-and-alias"),
    pytest.param("import os\nx = `os`\ndef f[T](y: T): pass\n", id="python2-backticks-and-generic"),
    pytest.param("import os\nMODE = 0777\nclass A[T]: pass\n", id="python2-octal-and-generic"),
    pytest.param('import os\nx = ur"abc"\ny = f"{d["k"]}"\n', id="python2-ur-prefix-and-pep701"),
    pytest.param("import os\nif 1 <> 2:\n    z = f'{a['b']}'\n", id="python2-not-equal-and-pep701"),
    pytest.param(
        'import os\nraise ValueError, "bad"\ntype X = int\n', id="python2-raise-and-alias"
    ),
    pytest.param(
        'import os\ntry:\n    pass\nexcept Exception, e:\n    print "x"\ntype X = int\n',
        id="python2-except-and-alias",
    ),
    pytest.param('import os\nasdf qwer {{ ]] f"{x["y"]}"\n', id="garbage-around-pep701"),
    pytest.param('import os\nclass (:\nx = f"{a["b"]}"\n', id="syntax-error-and-pep701"),
    pytest.param("import os\ndef f[T](x: T):\n    return x +\n", id="typo-in-a-generic"),
    pytest.param(
        "from {{ cookiecutter.app }} import models\ntype X = int\n", id="template-and-alias"
    ),
    pytest.param('import os\nx = f"{a b}" f"{c["d"]}"\n', id="broken-field-beside-pep701"),
    pytest.param("import os\nx = f'{a!z}' f'{b['c']}'\n", id="bad-conversion-beside-pep701"),
    pytest.param("import os\nx = [1, 2,\ntype Y = int\n", id="unclosed-bracket-and-alias"),
    pytest.param("import os\n  type Y = int\n", id="unexpected-indent"),
    pytest.param(
        "import os\n" + 'x = f"{' * 20 + "1" + '}"' * 20 + "\n",
        id="f-strings-20-deep",
        marks=pytest.mark.skipif(RUNNING >= (3, 12), reason="the running parser reads them"),
    ),
]


# A settings list opens an analyzer's gate: without one, a file gives only its imports and
# is not parsed at all (tests/signals/test_python_code.py).
NEEDS_PARSER = "INSTALLED_APPS = []\n"


@pytest.mark.parametrize("source", NOT_NEWER)
def test_python2_broken_files_and_garbage_stay_not_python3(source: str) -> None:
    assert outcome(NEEDS_PARSER + source) == running_error(NEEDS_PARSER + source)


@pytest.mark.parametrize(
    "source",
    [
        'import os\nprint "hello", os.name\n',
        "import os\ntry:\n    pass\nexcept Exception, e:\n    pass\n",
    ],
)
def test_plain_python2_is_read_not_skipped(source: str) -> None:
    found = outcome(source)
    assert isinstance(found, list)
    assert ("py.import.os", Evidence("app/module.py", 1, "import os")) in found


def test_the_python2_message_is_unchanged() -> None:
    assert outcome(NEEDS_PARSER + 'import os\nprint "hello"\nx = f"{a["b"]}"\n') == (
        "skipped: not Python 3: Missing parentheses in call to 'print'. "
        "Did you mean print(...)? (line 3)"
    )


def test_a_file_with_nothing_newer_is_not_read_again() -> None:
    work = Work()
    assert newer_syntax("import os\nprint 'x'\n", work=work) is None
    assert work.chars == 0  # the first look found no sign of newer syntax


# --- bounded, linear, never raising ----------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "import django\n",
        "from django.db import models\n",
        "class A[T](models.Model):\n    x = models.CharField()\n",
        "def f[T, *Ts, **P](x: T) -> T:\n    return x\n",
        "type Alias[K] = dict[K, int]\n",
        'x = f"{d["k"]!r:>{w}}"\n',
        "y = f'{\n  a  # c\n}'\n",
        't"{x}"\n',
        "try:\n    pass\nexcept* E:\n    pass\n",
        "z = a[*b]\n",
        'print "py2"\n',
        "except X, e:\n",
        "class (:\n",
        "    indented = 1\n",
        "@app.get(f'/{x}')\n",
        "((((\n",
        "))))\n",
        '"""\n',
        'f"{',
        "}\n",
        "\\\n",
        "# comment\n",
        "if x: type Y = int\n",
    ]
)


def assert_bounded(text: str) -> None:
    work = Work()
    result = newer_syntax(text, work=work)
    assert result is None or isinstance(result, ast.Module)
    assert not work.stopped
    assert work.chars <= 64 * (len(text) + 64), (work.chars, len(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_or_refused_within_bounds(text: str) -> None:
    assert_bounded(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=16))
def test_any_mix_of_newer_old_and_broken_code_is_read_or_refused_within_bounds(
    parts: list[str],
) -> None:
    assert_bounded("".join(parts))


# Pairs of the same code for newer and older parsers, on the same number of lines.
PAIRS = st.sampled_from(
    [
        ("from django.db import models\n", "from django.db import models\n"),
        (
            "class A[T](models.Model):\n    name = models.CharField(max_length=9)\n",
            "class A(models.Model):\n    name = models.CharField(max_length=9)\n",
        ),
        ("def f[T, **P](x: T) -> T:\n    return x\n", "def f(x: T) -> T:\n    return x\n"),
        ("type Alias[K] = dict[K, A]\n", "(Alias := dict[K, A])\n"),
        ('label = f"{d["k"]!r:>{w}}"\n', "label = f\"{d['k']!r:>{w}}\"\n"),
        ("note = f'{\n  a  # c\n}'\n", "note = f'''{\n  a\n}'''\n"),
        (
            'urlpatterns = [path(f"{p["x"]}", view)]\n',
            "urlpatterns = [path(f\"{p['x']}\", view)]\n",
        ),
        ("@app.get(f'/{x}')\ndef g(): pass\n", "@app.get(f'/{x}')\ndef g(): pass\n"),
        ("INSTALLED_APPS = ['shop']\n", "INSTALLED_APPS = ['shop']\n"),
        ("from flask import Flask\n", "from flask import Flask\n"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PAIRS, min_size=1, max_size=10), st.sampled_from(["views.py", "shop/models.py"]))
def test_any_mix_of_newer_code_gives_the_facts_of_its_older_twin(
    pairs: list[tuple[str, str]], path: str
) -> None:
    newer = "".join(n for n, _ in pairs)
    older = "".join(o for _, o in pairs)
    assert outcome(newer, path) == outcome(older, path)


SHAPES = {
    "tiny-fstrings": lambda n: 'x = f"{a}{b["c"]}"\n' * n,
    "nested-fstrings": lambda n: 'x = f"{f"{f"{f"{f"{a}"}"}"}"}"\n' * n,
    "generics": lambda n: "class A[T](B):\n    def f[U](self, x: U) -> T: ...\n" * n,
    "emptied-fstrings": lambda n: 'x = f"{c["d"] e}"\ny = f"{g["h"]}"\n' * n,
    "one-long-line": lambda n: "x = [" + 'f"{a["b"]}", ' * n + "]\n",
    "unclosed-strings": lambda n: 'x = f"{a["b"\n' * n,
    "deep-blocks": lambda n: "".join(" " * i + "if x:\n" for i in range(n)) + 'y = f"{a["b"]}"\n',
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_work_grows_linearly_with_the_file(shape: str) -> None:
    sizes = (200, 800)
    work = []
    for size in sizes:
        text = SHAPES[shape](size)
        done = Work()
        newer_syntax(text, work=done)
        assert not done.stopped
        work.append(done.chars / len(text))
    assert work[1] <= 1.25 * work[0] + 1, work  # per character: no worse on a 4x larger file


# --- manifests, and the whole scan from the command line -------------------------------------


def test_setup_py_with_newer_fstrings_is_read() -> None:
    source = textwrap.dedent(
        """
        from setuptools import setup

        about = {"version": "1.0"}
        setup(
            name="shop",
            version=f"{about["version"]}",
            install_requires=["Django>=5.0", "psycopg"],
        )
        """
    )
    parsed = parse_setup_py("setup.py", source)
    assert {f.key for f in parsed.facts} >= {"py.dep.django", "py.dep.psycopg"}


PROJECT = {
    "manage.py": textwrap.dedent(
        """
        import os
        import sys

        if __name__ == "__main__":
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")
            from django.core.management import execute_from_command_line

            execute_from_command_line(sys.argv)
        """
    ),
    "site_conf/settings.py": textwrap.dedent(
        """
        INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "shop"]
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}}
        ROOT_URLCONF = "site_conf.urls"
        """
    ),
    "site_conf/urls.py": (
        'from django.urls import include, path\n\nurlpatterns = [path("", include("shop.urls"))]\n'
    ),
    "shop/models.py": textwrap.dedent(
        """
        from django.db import models

        type Money = models.DecimalField


        class Priced[T: models.Model](models.Model):
            price = models.DecimalField(max_digits=10, decimal_places=2)

            class Meta:
                abstract = True


        class Product(Priced["Product"]):
            name = models.CharField(max_length=200)

            def __str__(self) -> str:
                return f"{self.name} ({self.__dict__["price"]})"
        """
    ),
    "shop/views.py": textwrap.dedent(
        """
        from django.shortcuts import get_object_or_404, render

        from shop.models import Product


        def product_detail[R](request: R, pk: int):
            product = get_object_or_404(Product, pk=pk)
            return render(request, "shop/product.html", {"title": f"{product.name!r:>{20}}"})
        """
    ),
    "shop/urls.py": textwrap.dedent(
        """
        from django.urls import path

        from shop import views

        urlpatterns = [path("products/<int:pk>/", views.product_detail, name="product-detail")]
        """
    ),
    "shop/templates/shop/base.html": "<main>{% block content %}{% endblock %}</main>\n",
    "shop/templates/shop/product.html": "{% block content %}{{ title }}{% endblock %}\n",
    "shop/templates/shop/list.html": "{% block content %}<ul></ul>{% endblock %}\n",
    "legacy.py": 'import urllib2\n\nprint "fetching", urllib2.urlopen("http://x/").read()\n',
}


def test_the_cli_reads_a_project_written_for_a_newer_python(repo: RepoFactory) -> None:
    root = repo(files=PROJECT)
    done = subprocess.run(
        [sys.executable, "-m", "stackcheck", "scan", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    report = json.loads(done.stdout)
    assert report["verdict"] == "suits", done.stdout
    assert done.returncode == 0
    evidence = {e["path"] for item in report["use_cases"] for e in item["evidence"]}
    assert evidence & {"shop/models.py", "shop/views.py"}
    # The newer files are read and not listed, and so is the Python 2 script (legacy.py).
    assert report["skipped"] == []
