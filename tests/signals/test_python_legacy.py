"""Python 2 files are read for what the signals need (legacy.py): the few statements of
Python 2's own are rewritten on the same lines, and nothing inside strings or comments."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import RepoFactory
from tests.hostile._support import invoke

from stackcheck.facts.signals.python.legacy import python2_tree
from stackcheck.facts.signals.python.syntax import NotAnalysable, parse_tree

HANDLER = (
    "import tornado.web\n"
    "import tornado.websocket\n"
    "\n"
    "class Echo(tornado.websocket.WebSocketHandler):\n"
    "\tdef open(self):\n"
    "\t\tprint 'opened', self  # a comment with print 'x'\n"
    "\tdef on_message(self, message):\n"
    "\t\ttry:\n"
    "\t\t\tself.write_message(u'%s' % message)\n"
    "\t\texcept ValueError, exc:\n"
    "\t\t\tprint >>sys.stderr, `exc`\n"
    "\t\t\traise RuntimeError, 'bad message'\n"
    "\t\tif len(message) <> 0L: mode = 0755\n"
    "\t\tpattern = ur'\\d+'\n"
    "\t\texec 'x = 1'\n"
    "\t\tprint\n"
    "\n"
    "text = \"print 'not a statement' <> inside a string\"\n"
    "application = tornado.web.Application([(r'/ws', Echo)])\n"
)


def test_a_python2_handler_is_read_with_its_classes_imports_and_lines() -> None:
    tree = python2_tree(HANDLER, "chat.py")
    assert tree is not None
    classes = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    assert ast.unparse(classes["Echo"].bases[0]) == "tornado.websocket.WebSocketHandler"
    assert classes["Echo"].lineno == 4  # every line stays where it was
    imports = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert imports == ["tornado.web", "tornado.websocket"]
    calls = {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert {"print", "exec", "repr", "RuntimeError", "tornado.web.Application"} <= calls
    [assign] = [n for n in ast.walk(tree) if isinstance(n, ast.Assign) and _named(n, "text")]
    assert isinstance(assign.value, ast.Constant)
    assert assign.value.value == "print 'not a statement' <> inside a string"
    [mode] = [n for n in ast.walk(tree) if isinstance(n, ast.Assign) and _named(n, "mode")]
    assert isinstance(mode.value, ast.Constant) and mode.value.value == 0o755
    handlers = [n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)]
    assert [(ast.unparse(h.type), h.name) for h in handlers if h.type] == [("ValueError", "exc")]


def _named(node: ast.Assign, name: str) -> bool:
    return any(isinstance(t, ast.Name) and t.id == name for t in node.targets)


def test_the_parser_reads_python2_instead_of_skipping_it() -> None:
    tree = parse_tree("chat.py", HANDLER)
    assert any(isinstance(n, ast.ClassDef) for n in ast.walk(tree))


def test_indentation_mixing_tabs_and_spaces_is_read_as_python_2_read_it() -> None:
    # Python 3 refuses the mix (TabError) though no statement is Python 2's; Python 2 read a
    # tab as indentation to the next multiple of eight columns.
    text = (
        "@app.route('/predict', methods=['POST'])\n"
        "def predict():\n"
        "    if prediction > .5:\n"
        "\toutput = 'Hired'\n"
        "    else:\n"
        "\toutput = 'Not Hired'\n"
        "    return render_template('index.html', text=output)\n"
    )
    with pytest.raises(SyntaxError):
        ast.parse(text)
    tree = parse_tree("app.py", text)
    assert [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)] == ["predict"]


@pytest.mark.parametrize(
    "text",
    [
        "this is not python at all {\n",
        "def f(:\n    pass\n",
        "x = = 1\n",
        "<html><body>print 'x'</body></html>\n",
    ],
)
def test_what_is_not_python_2_either_is_still_not_read(text: str) -> None:
    assert python2_tree(text, "broken.py") is None or "html" not in text
    if python2_tree(text, "broken.py") is None:
        with pytest.raises(NotAnalysable, match="not Python 3"):
            parse_tree("broken.py", text)


@given(
    st.lists(
        st.sampled_from(
            [
                "print 'a', b",
                "print",
                "print >>out, 'x'",
                "x = 0777",
                "y = 10L",
                "exec 'z = 1'",
                "if a <> b: print a",
                "s = \"print 'q'\"  # print 'r'",
                "import os",
                "def f(a):\n    print a\n    return `a`",
            ]
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=60, deadline=None)
def test_any_mix_of_python2_statements_is_read_line_for_line(statements: list[str]) -> None:
    text = "\n".join(statements) + "\n"
    try:
        ast.parse(text)
        return  # plain Python 3 (the running parser reads it): nothing to rewrite
    except SyntaxError:
        pass
    tree = python2_tree(text, "mix.py")
    assert tree is not None, text
    lines = [n.lineno for n in tree.body]
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if line and line[0] != " "]
    assert lines == starts


def test_a_python2_chat_server_is_judged_by_what_it_is(repo: RepoFactory) -> None:
    """An old Tornado WebSocket server: its handlers decide the kind, not a parse error."""
    root = repo(
        files={
            "server.py": HANDLER + "\nif __name__ == '__main__':\n"
            "\tapplication.listen(8888)\n"
            "\ttornado.ioloop.IOLoop.instance().start()\n",
            "requirements.txt": "tornado==4.5\n",
        }
    )
    _, out, _ = invoke("scan", str(root), "--format", "json", "--no-cache")
    report = json.loads(out)
    assert not [s for s in report["skipped"] if "not Python 3" in s["reason"]]
    assert report["stack"]["kind"] == "realtime-server"
    assert [a["id"] for a in report["avoid"]] == ["DJ903"]


def test_the_fixture_files_are_not_python_3(tmp_path: Path) -> None:
    """The handler above really is refused by the running parser: the test is not vacuous."""
    with pytest.raises(SyntaxError):
        ast.parse(HANDLER)
