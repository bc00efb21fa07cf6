"""Code that writes HTML files: what a static-site generator of the project's own does.

A program that renders Markdown or templates and writes the result to `.html` files builds a
site that a static host serves (the rubric's static site generators, however small); a
program that renders the same templates per request is a server, which other signals find.

Facts:
    static.writes_html   one per source file whose code writes a file and names an `.html`
                         file (evidence: the write)
    static.renders_templates
                         such a Go file renders with the standard library's templates
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, FileScanner
from stackcheck.facts.signals.tokens import Lines, strip_path

# The arguments before a mode string, one level of calls in them (`os.path.join(out, name)`).
_ARGS = r"(?:[^()\n]|\([^()\n]*\)){0,200}?"
# A file written, per language: Python's `open(path, "w")` and `Path.write_text`, Node's
# `fs.writeFile`, Go's `os.WriteFile` and `os.Create`, Rust's `fs::write` and `File::create`,
# Ruby's `File.write` and `File.open(path, "w")`; with the plain substrings every such write
# contains, so that most files naming an `.html` file (a view that renders a template),
# which write none, are passed over before their comments are blanked.
_WRITES = {
    "python": (
        re.compile(rf"""\bopen\({_ARGS}['"][wax]b?\+?['"]|\.write_text\("""),
        ("open(", "write_text("),
    ),
    "javascript": (
        re.compile(r"\b(?:writeFile|writeFileSync|outputFile|outputFileSync)\s*\("),
        ("writeFile", "outputFile"),
    ),
    "go": (re.compile(r"\b(?:os|ioutil)\.(?:WriteFile|Create)\s*\("), ("WriteFile", "Create(")),
    "rust": (re.compile(r"\b(?:fs::write|File::create)\s*\("), ("fs::write", "File::create")),
    "ruby": (
        re.compile(rf"""\bFile\.(?:write\s*\(|open\({_ARGS}['"][wa]b?\+?['"])"""),
        ("File.",),
    ),
}
_LANGUAGE = {
    ".py": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".ts": "javascript",
    ".go": "go",
    ".rs": "rust",
    ".rb": "ruby",
}
ENDINGS = tuple(_LANGUAGE)
_GO_TEMPLATES = re.compile(r'"(?:html|text)/template"')
# An `.html` file named in a string: `"index.html"`, `'.html'`, `f"{slug}.html"`.
_HTML_NAME = re.compile(r"""\.html?['"`]""")
# How far from a write its `.html` name may be: the path is often made a few lines before.
_NEAR = 1200


def _names_html_near(code: str, offset: int) -> bool:
    return _HTML_NAME.search(code, max(0, offset - _NEAR), offset + _NEAR) is not None


def scan_writes_html(path: str, text: str) -> Iterator[Fact]:
    language = _LANGUAGE.get("." + path.rsplit(".", 1)[-1].lower())
    if language is None:
        return
    pattern, words = _WRITES[language]
    if not any(word in text for word in words):
        return
    if _HTML_NAME.search(text) is None:
        return
    code = strip_path(path, text, strings=False)  # (comments out; the mode string kept)
    found = next((m for m in pattern.finditer(code) if _names_html_near(code, m.start())), None)
    if found is None:
        return
    lines = Lines(text)
    line = lines.number(found.start())
    yield fact("static.writes_html", path, line, lines.text(line, 80))
    # Go renders with its standard library's templates, which no manifest names.
    template = _GO_TEMPLATES.search(text) if language == "go" else None
    if template is not None:
        line = lines.number(template.start())
        yield fact("static.renders_templates", path, line, lines.text(line, 80))


def _wants(path: str) -> bool:
    return path.lower().endswith(ENDINGS) and not path.lower().endswith(".d.ts")


FILE_SCANNERS.append(
    FileScanner("site-generator", _wants, scan_writes_html, (b".html",), endings=ENDINGS)
)
