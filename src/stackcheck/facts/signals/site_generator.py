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

# A file written, per language: Python's `open(path, "w")` and `Path.write_text`, Node's
# `fs.writeFile`, Go's `os.WriteFile` and `os.Create`, Rust's `fs::write` and `File::create`,
# Ruby's `File.write` and `File.open(path, "w")`.
# The arguments before a mode string, one level of calls in them (`os.path.join(out, name)`).
_ARGS = r"(?:[^()\n]|\([^()\n]*\)){0,200}?"
_WRITES = {
    ".py": re.compile(rf"""\bopen\({_ARGS}['"][wax]b?\+?['"]|\.write_text\("""),
    ".js": re.compile(r"\b(?:writeFile|writeFileSync|outputFile|outputFileSync)\s*\("),
    ".go": re.compile(r"\b(?:os|ioutil)\.(?:WriteFile|Create)\s*\("),
    ".rs": re.compile(r"\b(?:fs::write|File::create)\s*\("),
    ".rb": re.compile(rf"""\bFile\.(?:write\s*\(|open\({_ARGS}['"][wa]b?\+?['"])"""),
}
_BY_ENDING = {
    ".py": _WRITES[".py"],
    ".js": _WRITES[".js"],
    ".mjs": _WRITES[".js"],
    ".cjs": _WRITES[".js"],
    ".ts": _WRITES[".js"],
    ".go": _WRITES[".go"],
    ".rs": _WRITES[".rs"],
    ".rb": _WRITES[".rb"],
}
ENDINGS = tuple(_BY_ENDING)
_GO_TEMPLATES = re.compile(r'"(?:html|text)/template"')
# An `.html` file named in a string: `"index.html"`, `'.html'`, `f"{slug}.html"`.
_HTML_NAME = re.compile(r"""\.html?['"`]""")


# How far from a write its `.html` name may be: the path is often made a few lines before.
_NEAR = 1200


def _names_html_near(code: str, offset: int) -> bool:
    return _HTML_NAME.search(code, max(0, offset - _NEAR), offset + _NEAR) is not None


# Plain substrings every write the patterns find contains, per language: most files that
# name an `.html` file (a view that renders a template) write none, and are passed over
# before their comments are blanked.
_WRITE_WORDS = {
    ".py": ("open(", "write_text("),
    ".js": ("writeFile", "outputFile"),
    ".go": ("WriteFile", "Create("),
    ".rs": ("fs::write", "File::create"),
    ".rb": ("File.",),
}
_WORDS_BY_ENDING = {
    ending: _WRITE_WORDS[next(k for k, v in _WRITES.items() if v is pattern)]
    for ending, pattern in _BY_ENDING.items()
}


def scan_writes_html(path: str, text: str) -> Iterator[Fact]:
    ending = "." + path.rsplit(".", 1)[-1].lower()
    pattern = _BY_ENDING.get(ending)
    if pattern is None or not any(word in text for word in _WORDS_BY_ENDING[ending]):
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
    template = _GO_TEMPLATES.search(text) if path.endswith(".go") else None
    if template is not None:
        line = lines.number(template.start())
        yield fact("static.renders_templates", path, line, lines.text(line, 80))


def _wants(path: str) -> bool:
    return path.lower().endswith(ENDINGS) and not path.lower().endswith(".d.ts")


FILE_SCANNERS.append(
    FileScanner("site-generator", _wants, scan_writes_html, (b".html",), endings=ENDINGS)
)
