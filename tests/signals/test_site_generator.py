"""A static-site generator of the project's own: code that writes HTML files from Markdown
or templates, and serves nothing."""

from __future__ import annotations

import textwrap

import pytest

from stackcheck.facts import Fact, merge
from stackcheck.facts.signals.derived import site_generator
from stackcheck.facts.signals.site_generator import scan_writes_html


def scan(path: str, source: str) -> dict[str, Fact]:
    return merge(scan_writes_html(path, textwrap.dedent(source)))


@pytest.mark.parametrize(
    ("path", "source"),
    [
        pytest.param(
            "gen/pages.py",
            """
            import os
            with open(os.path.join(out, slug + ".html"), "w") as f:
                f.write(template.render(page=page))
            """,
            id="python-open-for-writing",
        ),
        pytest.param(
            "build.py",
            'Path("site/index.html").write_text(html)\n',
            id="python-write-text",
        ),
        pytest.param(
            "md-to-html.js",
            "await fs.promises.writeFile(file.replace('.md', '.html'), marked(text));\n",
            id="node-write-file",
        ),
        pytest.param(
            "main.go",
            'f, err := os.Create(filepath.Join(dir, "index.html"))\n',
            id="go-create",
        ),
        pytest.param(
            "src/main.rs",
            'fs::write(out.join("index.html"), page)?;\n',
            id="rust-fs-write",
        ),
    ],
)
def test_code_that_writes_html_files(path: str, source: str) -> None:
    assert scan(path, source)["static.writes_html"].value == 1


@pytest.mark.parametrize(
    ("path", "source"),
    [
        pytest.param(
            "app.py",
            'def home():\n    return render_template("index.html")\n\n\n'
            + "".join(
                f"def view_{n}(request):\n    return jsonify(rows[{n}])\n\n\n" for n in range(40)
            )
            + 'def log(line):\n    open("log.txt", "a").write(line)\n',
            id="a-view-renders-a-template-and-a-helper-far-below-writes-a-log",
        ),
        pytest.param(
            "report.py",
            '# open("out.html", "w")\nprint(render("index.html"))\n',
            id="the-write-in-a-comment",
        ),
        pytest.param("server.js", "res.sendFile('index.html');\n", id="a-server-sends-a-page"),
    ],
)
def test_code_that_writes_no_html_file(path: str, source: str) -> None:
    assert "static.writes_html" not in scan(path, source)


def test_go_s_standard_templates_render_the_pages() -> None:
    found = scan(
        "internal/page.go",
        'import "html/template"\nf, _ := os.Create(filepath.Join(dir, "index.html"))\n',
    )
    assert set(found) == {"static.writes_html", "static.renders_templates"}


def _fact(key: str) -> Fact:
    return Fact(key, 1, (("x.py", f"evidence of {key}"),))


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        pytest.param({"static.writes_html", "py.import.jinja2"}, True, id="jinja2"),
        pytest.param({"static.writes_html", "npm.dep.marked"}, True, id="marked"),
        pytest.param({"static.writes_html", "static.renders_templates"}, True, id="go-templates"),
        pytest.param(
            {"static.writes_html", "py.import.jinja2", "py.import.http"},
            True,
            id="with-the-standard-library-s-preview",
        ),
        pytest.param({"static.writes_html"}, False, id="html-written-by-hand"),
        pytest.param({"py.import.jinja2"}, False, id="a-renderer-that-writes-nothing"),
        pytest.param(
            {"static.writes_html", "py.import.jinja2", "py.import.flask"},
            False,
            id="a-web-app-that-also-exports-pages",
        ),
        pytest.param(
            {"static.writes_html", "npm.dep.marked", "rt.http_handlers"},
            False,
            id="a-server-that-renders-markdown-per-request",
        ),
    ],
)
def test_a_site_generator(keys: set[str], expected: bool) -> None:
    facts = {k: _fact(k) for k in keys}
    assert bool(list(site_generator(facts))) is expected
