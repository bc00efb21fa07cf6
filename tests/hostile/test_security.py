"""Security: the scanned repository is data. Nothing in it is executed or imported, a scan
opens no network connection, writes nowhere but its cache and the outputs asked for, and
its report cannot be turned against the person or CI system reading it."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import RepoFactory, git
from hostile._support import SRC, invoke, real_cli
from stackcheck.config import Settings
from stackcheck.facts import Evidence, Facts, Skipped
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.rules import builtin_rules_dir, load_rules
from stackcheck.judge.verdict import Verdict
from stackcheck.pipeline import scan
from stackcheck.report import Hidden, Influence, Report
from stackcheck.report.formats import FORMATS, RenderOptions, renderer
from stackcheck.report.formats.safe import encodable, json_text, printable

# --- nothing from the repository runs --------------------------------------------------------


def planted(marker: Path) -> dict[str, str]:
    """Files that leave `marker` behind if anything executes or imports them."""
    write_py = f"import pathlib\npathlib.Path({str(marker)!r}).write_text(__file__)\n"
    write_js = f"require('fs').writeFileSync({json.dumps(str(marker))}, __filename);\n"
    return {
        "setup.py": write_py + "from setuptools import setup\nsetup(install_requires=['Django'])\n",
        "conftest.py": write_py,
        "manage.py": write_py + "import django\n",
        "config/settings.py": "import evil_module\n" + write_py + "INSTALLED_APPS = []\n",
        "config/evil_module.py": write_py,
        "evil_module.py": write_py,
        "conf.py": write_py + "extensions = ['sphinx.ext.autodoc']\n",
        "pelicanconf.py": write_py + "SITENAME = 'x'\n",
        "conanfile.py": write_py + "class App:\n    requires = 'boost/1.83.0'\n",
        "noxfile.py": write_py,
        "app/__init__.py": write_py,
        "app/views.py": "from . import models\n" + write_py,
        "app/models.py": write_py + "from django.db import models\n",
        "gatsby-config.js": write_js + "module.exports = {plugins: []};\n",
        "next.config.js": write_js + "module.exports = {};\n",
        ".eleventy.js": write_js + "module.exports = function () {};\n",
        "package.json": json.dumps(
            {"scripts": {"preinstall": f"touch {marker}", "postinstall": f"touch {marker}"}}
        ),
        "Gemfile": f"File.write({json.dumps(str(marker))}, 'x')\ngem 'rails'\n",
        "build.gradle": f"new File({json.dumps(str(marker))}).text = 'x'\n",
        "mix.exs": f'File.write!({json.dumps(str(marker))}, "x")\n',
        "Makefile": f"all:\n\ttouch {marker}\n",
        # Modules named like ones stackcheck imports lazily: shadowing bait.
        "tomllib.py": write_py,
        "yaml.py": write_py,
        "sqlite3.py": write_py,
        "platformdirs.py": write_py,
        "packaging/__init__.py": write_py,
        "defusedxml/__init__.py": write_py,
    }


@pytest.fixture
def booby_trapped(repo: RepoFactory, tmp_path: Path) -> tuple[Path, Path]:
    marker = tmp_path / "executed-marker"
    return repo(files=planted(marker)), marker


def test_nothing_is_executed_or_imported_in_process(
    booby_trapped: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, marker = booby_trapped
    monkeypatch.chdir(root)
    modules = set(sys.modules)
    for where in ({}, {"rev": "HEAD"}, {"staged": True}):
        report = scan(root, Settings(cache=False), **where)  # type: ignore[arg-type]
        assert report.facts.files_read > 10
    assert not marker.exists(), marker.read_text()
    assert not {m for m in set(sys.modules) - modules if m.split(".")[0] in ("evil_module", "app")}


def console_script(tmp_path: Path) -> Path:
    """A stand-in for the installed `stackcheck` script: its folder, not the current one,
    is first on sys.path, as for every console-script entry point."""
    script = tmp_path / "bin" / "stackcheck_entry.py"
    script.parent.mkdir()
    script.write_text("from stackcheck.cli import main\nmain()\n")
    return script


def test_nothing_is_executed_by_the_command_run_inside_the_repo(
    booby_trapped: tuple[Path, Path], tmp_path: Path
) -> None:
    root, marker = booby_trapped
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, str(console_script(tmp_path)), "scan", ".", "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert not marker.exists(), marker.read_text()


def test_nothing_is_executed_by_python_m_inside_the_repo(booby_trapped: tuple[Path, Path]) -> None:
    root, marker = booby_trapped
    done = real_cli("scan", ".", "--no-cache", cwd=root)
    assert not marker.exists(), (marker.read_text(), done.stderr)


# --- no network -----------------------------------------------------------------------------

NETWORK_BAIT = {
    "requirements.txt": (
        "--index-url https://pypi.example.invalid/simple\n"
        "-e git+https://github.com/example/repo.git#egg=repo\n"
        "Django @ https://files.example.invalid/Django-5.0.tar.gz\n"
        "-r https://example.invalid/remote-requirements.txt\n"
    ),
    "package.json": json.dumps(
        {"dependencies": {"a": "github:user/repo", "b": "https://example.invalid/b.tgz"}}
    ),
    "pom.xml": (
        '<?xml version="1.0"?><!DOCTYPE project SYSTEM "http://example.invalid/p.dtd">'
        "<project><repositories><repository><url>https://repo.example.invalid</url>"
        "</repository></repositories></project>"
    ),
    "AndroidManifest.xml": (
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY e SYSTEM "http://example.invalid/e">]>'
        "<manifest>&e;</manifest>"
    ),
    "go.mod": "module example.invalid/app\n\nrequire github.com/gorilla/websocket v1.5.0\n",
    "Dockerfile": "FROM registry.example.invalid/python:3.12\nADD https://example.invalid/x /x\n",
    "docker-compose.yml": "services:\n  web:\n    image: registry.example.invalid/app\n",
    ".gitmodules": '[submodule "x"]\n\tpath = x\n\turl = https://example.invalid/x.git\n',
    "pyproject.toml": (
        '[project]\nname = "x"\ndependencies = ["pkg @ git+https://example.invalid/pkg"]\n'
    ),
    "index.html": '<script src="https://cdn.example.invalid/x.js"></script>\n',
}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every way a Python process starts network traffic raises and is recorded; every
    subprocess is recorded too (git must stay local)."""
    attempts: list[str] = []

    def refuse(name: str) -> object:
        def guard(*args: object, **kwargs: object) -> object:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(f"network access attempted during a scan: {name}")

        return guard

    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))
    real_popen = subprocess.Popen.__init__

    def record_popen(
        self: subprocess.Popen[bytes], args: object, *rest: object, **kw: object
    ) -> None:
        command = [str(a) for a in args] if isinstance(args, (list, tuple)) else [str(args)]
        attempts.append("subprocess " + " ".join(command))
        real_popen(self, args, *rest, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(subprocess.Popen, "__init__", record_popen)
    yield attempts


LOCAL_GIT = {"rev-parse", "ls-files", "diff-files", "ls-tree", "cat-file", "for-each-ref", "config"}


@pytest.mark.parametrize(
    "where", [{}, {"rev": "HEAD"}, {"staged": True}], ids=["worktree", "rev", "index"]
)
def test_a_scan_opens_no_connection(
    repo: RepoFactory, tmp_path: Path, no_network: list[str], where: dict[str, object]
) -> None:
    root = repo(files=NETWORK_BAIT)
    no_network.clear()  # making the fixture repository ran git too
    settings = Settings(cache=True, cache_dir=tmp_path / "cache")
    report = scan(root, settings, **where)  # type: ignore[arg-type]
    assert report.facts.files_read >= len(NETWORK_BAIT) - 1
    sockets = [a for a in no_network if not a.startswith("subprocess ")]
    assert sockets == []
    for attempt in no_network:
        words = attempt.split()
        assert words[1] == "git", attempt
        assert git_subcommand(words[2:]) in LOCAL_GIT, attempt


def git_subcommand(words: list[str]) -> str:
    """`-c protocol.allow=never --git-dir=x ls-tree -r` -> "ls-tree"."""
    rest = iter(words)
    for word in rest:
        if word == "-c":
            next(rest, None)  # the option's value
        elif not word.startswith("-"):
            return word
    return ""


# --- writes only where asked ---------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every entry under folder (git's own files included): size, mtime and link target."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        target = os.readlink(path) if path.is_symlink() else ""
        found[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns, target)
    return found


@pytest.mark.parametrize("where", [(), ("--rev", "HEAD"), ("--staged",)], ids=["wt", "rev", "idx"])
def test_a_scan_writes_only_its_cache_and_the_outputs_asked_for(
    repo: RepoFactory, tmp_path: Path, where: tuple[str, ...]
) -> None:
    root = repo(files={**planted(tmp_path / "marker"), "index.html": "<h1>x</h1>\n"})
    (root / "untracked.py").write_text("import django\n")
    home, out, cache = tmp_path / "home", tmp_path / "out", tmp_path / "cache"
    home.mkdir()
    out.mkdir()
    before = snapshot(root)
    env = {
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "STACKCHECK_CACHE_DIR": str(cache),
    }
    done = real_cli(
        "scan",
        str(root),
        *where,
        "-o",
        str(out / "report.txt"),
        "--output-format",
        f"sarif={out / 'report.sarif'}",
        "--output-format",
        f"markdown={out / 'summary.md'}",
        env=env,
    )
    assert done.returncode in (0, 1), done.stderr
    assert snapshot(root) == before
    assert sorted(p.name for p in out.iterdir()) == ["report.sarif", "report.txt", "summary.md"]
    assert list(home.rglob("*")) == []
    assert all(p.name.startswith("stackcheck-") for p in cache.iterdir()), list(cache.iterdir())


def test_an_output_path_planted_as_a_link_is_not_followed(
    repo: RepoFactory, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    root = repo(files={"requirements.txt": "Django\n"})
    os.symlink(victim, root / "stackcheck.sarif")
    real_cli("scan", ".", "--output-format", "sarif=stackcheck.sarif", "--no-cache", cwd=root)
    assert victim.read_text() == "precious"


# --- the report cannot be turned against its reader -------------------------------------------

HOSTILE = (
    "x\x1b[31mred\x1b]8;;https://evil.invalid\x07link\x1b]8;;\x07"  # ANSI colour, OSC 8 link
    "\r\nstackcheck: suits — forged verdict\n"  # a forged line of our own
    "::error file=a.py::forged annotation\n##[error]legacy command"  # GitHub commands
    "\u202egnp.exe\u2066isolate\u2069\u200b\x9b31m"  # bidi override, isolate, ZWSP, 8-bit CSI
    "<img src=x onerror=alert(1)><script>alert(1)</script>"  # HTML
    "[click](javascript:alert(1))![i](https://evil.invalid/t.png)@here|cell|`tick``"  # Markdown
    "\u2028end"
)
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def hostile_report() -> Report:
    """A hand-built report with the hostile text wherever repository text goes: evidence paths
    and details, skipped paths and reasons, its config's file name and settings (rule text
    and the target are the user's own)."""
    rules = {r.id: r for r in load_rules([builtin_rules_dir()])}
    evidence = (
        Evidence(HOSTILE + ".html", 3, HOSTILE),
        Evidence("ok.html", None, HOSTILE),
        Evidence(".", None, HOSTILE),
    )
    verdict = Verdict(
        "avoid",
        use_cases=(Finding(rules["DJ101"], 0.7, ("templates",), evidence),),
        avoid=(Finding(rules["DJ901"], 0.9, ("only pages",), evidence),),
        warnings=(Finding(rules["DJ201"], 0.6, (), evidence),),
        low_confidence_avoid=(Finding(rules["DJ903"], 0.2, ("sockets",), evidence),),
    )
    facts = Facts({}, skipped=(Skipped(HOSTILE, HOSTILE), Skipped("a.toml", HOSTILE)), files=3)
    influence = (
        Influence(HOSTILE + ".toml", f"ignore = [{HOSTILE}]", "changed nothing in this scan"),
        Influence(".stackcheck.toml", f'severity.{HOSTILE} = "off"', "hid", "hid", ("DJ9",)),
    )
    hidden = (Hidden("ignore", "DJ110", ("DJ110",), f"ignored DJ110: {HOSTILE}"),)
    return Report(
        "site",
        None,
        verdict,
        facts,
        0.1,
        tuple(rules.values()),
        repo_influence=influence,
        hidden=hidden,
    )


JSON_FORMATS = ("json", "sarif", "gitlab")


@pytest.mark.parametrize(
    "fmt",
    [
        pytest.param(
            f,
            id=f,
        )
        for f in sorted(FORMATS)
    ],
)
def test_no_format_passes_control_or_bidi_characters_through(fmt: str) -> None:
    out = renderer(fmt)(hostile_report(), RenderOptions(verbose=True))
    if fmt not in BADGES:
        assert "red" in out or "\\u001b" in out  # the hostile text is there, defused
    assert UNSAFE.findall(out) == []


def test_text_output_cannot_forge_a_line() -> None:
    out = renderer("text")(hostile_report(), RenderOptions(verbose=True, color=False))
    lines = out.split("\n")
    assert lines[0].startswith("stackcheck: avoid")
    assert not any(line.startswith("stackcheck: suits") for line in lines)
    assert "\\x1b[31m" in out and "\\u202e" in out  # shown escaped, not dropped


def strings(data: object) -> Iterator[str]:
    """Every string in a decoded JSON document."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from strings(item)


@pytest.mark.parametrize("fmt", (*JSON_FORMATS, "json-lines"))
def test_json_formats_carry_hostile_text_exactly(fmt: str) -> None:
    out = renderer(fmt)(hostile_report(), RenderOptions(verbose=True))
    documents = (
        [json.loads(line) for line in out.splitlines()]
        if fmt == "json-lines"
        else [json.loads(out)]
    )
    assert any(HOSTILE in text for text in strings(documents))  # the data survives unchanged


def test_github_commands_cannot_be_forged() -> None:
    out = renderer("github")(hostile_report(), RenderOptions(verbose=True))
    for line in out.split("\n")[:-1]:  # the runner splits on newlines only
        assert line.startswith(("::error ", "::warning ", "::notice ", "stackcheck: ")), line
        assert "\r" not in line
        if not line.startswith("::"):  # only a line that is no `::` command is read for the
            assert "##[" not in line  # legacy `##[command]`, wherever it is in the line
    assert "\n::error file=a.py" not in out


def test_markdown_shows_repository_text_only_inside_code_spans() -> None:
    out = renderer("markdown")(hostile_report(), RenderOptions(verbose=True))
    outside_code = re.sub(r"(`+) .*? \1", "", out)
    for injected in ("<img", "<script", "](javascript:", "![i]", "@here", "\\x1b"):
        assert injected not in outside_code, injected
    assert "<img" in out  # it is there: inside code spans, shown as text
    for target in re.findall(r"\]\(([^)]*)\)", outside_code):
        assert target.startswith("./"), target  # only our own relative links


# A badge shows the verdict alone: no file names, no settings.
BADGES = {"badge", "badge-json"}
NOT_UTF8 = os.fsdecode(b"page-\xff\xfe.html")


@pytest.mark.parametrize(
    "fmt",
    [pytest.param(f, id=f) for f in sorted(set(FORMATS) - BADGES)],
)
def test_file_names_that_are_not_utf8_render_in_every_format(fmt: str) -> None:
    base = hostile_report()
    evidence = (Evidence(NOT_UTF8, 1, NOT_UTF8),)
    finding = Finding(base.verdict.avoid[0].rule, 0.9, (), evidence)
    verdict = Verdict("avoid", (), (finding,), (), ())
    facts = Facts({}, skipped=(Skipped(NOT_UTF8, "malformed: x"),), files=1)
    report = Report(".", None, verdict, facts, 0.1, base.rules)
    out = renderer(fmt)(report, RenderOptions(verbose=True))
    out.encode("utf-8")  # writable as UTF-8: no lone surrogate left
    # The undecodable bytes show as \xNN (JSON formats escape that backslash once more).
    assert "page-\\xff\\xfe.html" in out or "page-\\\\xff\\\\xfe.html" in out


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param("plain", "plain", id="plain"),
        pytest.param("tab\there", "tab\\x09here", id="tab"),
        pytest.param("\x1b[2J", "\\x1b[2J", id="ansi"),
        pytest.param("a\rb", "a\\x0db", id="carriage-return"),
        pytest.param("\x9b31m", "\\x9b31m", id="c1-csi"),
        pytest.param("\u202eevil", "\\u202eevil", id="bidi-override"),
        pytest.param("a\u200bb", "a\\u200bb", id="zero-width-space"),
        pytest.param("a\u2028b", "a\\u2028b", id="line-separator"),
        pytest.param(os.fsdecode(b"caf\xe9"), "caf\\xe9", id="undecodable-byte"),
        pytest.param("\ud800", "\\ud800", id="lone-high-surrogate"),
        pytest.param("café ü 日本", "café ü 日本", id="ordinary-unicode"),
    ],
)
def test_printable_escapes_what_a_terminal_would_obey(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert UNSAFE.findall(printable(text)) == []


def test_encodable_and_json_text_keep_data_exact() -> None:
    name = os.fsdecode(b"caf\xe9\x1b.py")
    assert encodable(name) == "caf\\xe9\x1b.py"  # only the undecodable byte changes
    encodable(name).encode("utf-8")
    data = {"path": "a\u202eb\x85c\u2028d\x1be", "n": [1, 2]}
    serialized = json_text(json.dumps(data, indent=2, ensure_ascii=False))
    assert json.loads(serialized) == data
    assert UNSAFE.findall(serialized.replace("\n", "")) == []


def test_an_end_to_end_scan_of_hostile_names_stays_inert(repo: RepoFactory, tmp_path: Path) -> None:
    """The same defences on a real scan: hostile names become evidence and skipped entries."""
    names = ["x\x1b[31mred.html", "a\rb.html", "c\u202egnp.html", "::error::x.html", "<b>.html"]
    pages = {name: "<html><body>x</body></html>\n" for name in names}
    root = repo(files={**pages, "\x1b[2J\u202e/pyproject.toml": "[project\n"})
    for fmt in ("text", "markdown", "junit", "json-lines"):
        code, out, err = invoke("scan", str(root), "--format", fmt, "--no-cache", "-v")
        assert code in (0, 1), err
        assert UNSAFE.findall(out.replace("\n", "")) == [], fmt


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("conanfile.py"),
        "setup.py",
        "conf.py",
        "pelicanconf.py",
        "app/views.py",
    ],
)
def test_a_scanned_files_warnings_never_reach_stderr(repo: RepoFactory, path: str) -> None:
    """Odd literals make CPython warn while parsing; the warning quotes the source line."""
    source = 'x = 1if True else 2  # \x1b[31mRED \x1b]0;pwned\x07\ny = "\\d"\nimport django\n'
    root = repo(files={path: source})
    done = real_cli("scan", ".", "--no-cache", cwd=root)
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr == ""


# --- the repository's own config: it may narrow the report, never the gate -----------------

STATIC_SITE = {
    "index.html": "<html><body><h1>Hi</h1></body></html>\n",
    "about.html": "<html><body><h1>About</h1></body></html>\n",
    "style.css": "h1 { color: red; }\n",
}
FORGED = 'severity = {DJ9 = "off"}\nfail-on = "never"\n'


def scan_report(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[int, dict[str, Any], str]:
    done = real_cli("scan", str(root), "--format", "json", *args, env=env)
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout) if done.stdout else {}, done.stderr


def influence(report: dict[str, Any]) -> dict[str, str]:
    return {i["setting"]: i["effect"] for i in report["repo_influence"]}


def test_a_forged_config_cannot_pass_the_gate(repo: RepoFactory) -> None:
    """Issue 14, item 3: `severity = {DJ9 = "off"}` plus `fail-on = "never"` on a static site.
    The report shows what the repository asked for, says so, and the gate still fails."""
    root = repo(files={**STATIC_SITE, ".stackcheck.toml": FORGED})
    code, report, _ = scan_report(root)
    assert code == 1
    assert report["verdict"] == "not-applicable"  # narrowed, as the repository asked
    shown = ("source", "setting", "effect")
    assert [{k: i[k] for k in shown} for i in report["repo_influence"]] == [
        {
            "source": ".stackcheck.toml",
            "setting": 'fail-on = "never"',
            "effect": "ignored: a repository may make the gate stricter, never laxer "
            "(the policy stays fail-on avoid)",
        },
        {
            "source": ".stackcheck.toml",
            "setting": 'severity.DJ9 = "off"',
            "effect": "hid DJ901 static-site from the report (the gate still counts it)",
        },
    ]
    code, report, _ = scan_report(root, "--isolated")
    assert (code, report["verdict"], report["repo_influence"]) == (1, "avoid", [])


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - BADGES))
def test_every_format_shows_what_the_repository_config_did(repo: RepoFactory, fmt: str) -> None:
    root = repo(files={**STATIC_SITE, ".stackcheck.toml": FORGED})
    done = real_cli("scan", str(root), "--format", fmt)
    assert done.returncode == 1, done.stderr
    for needle in ("severity.DJ9", "fail-on", "DJ901", "never laxer"):
        assert needle in done.stdout, (fmt, needle)


def test_the_text_report_says_it_in_one_line(repo: RepoFactory) -> None:
    root = repo(files={**STATIC_SITE, ".stackcheck.toml": FORGED})
    out = real_cli("scan", str(root)).stdout
    assert (
        "the repository's config hid 1 finding: DJ901 (off), still counted by the gate; "
        "ignored 1 setting it may not give: fail-on"
    ) in out.splitlines()


@pytest.mark.parametrize(
    ("config", "setting", "effect"),
    [
        pytest.param(
            'ignore = ["DJ901"]\n',
            'ignore = ["DJ901"]',
            "hid DJ901 static-site from the report (the gate still counts it)",
            id="ignore",
        ),
        pytest.param(
            '[[ignore]]\nrule = "DJ9"\nreason = "a landing page"\n',
            'ignore = [{rule = "DJ9", reason = "a landing page"}]',
            "hid DJ901 static-site from the report (the gate still counts it)",
            id="suppression",
        ),
        pytest.param(
            'select = ["DJ1"]\n',
            'select = ["DJ1"]',
            "hid DJ901 static-site from the report (the gate still counts it)",
            id="select",
        ),
        pytest.param(
            "min-confidence = 0.99\n",
            "min-confidence = 0.99",
            "hid DJ901 static-site from the report (the gate still counts it)",
            id="min-confidence",
        ),
        pytest.param(
            'severity = {DJ901 = "warning"}\n',
            'severity.DJ901 = "warning"',
            "turned DJ901 static-site into a warning (the gate still counts it)",
            id="severity-warning",
        ),
        pytest.param(
            'exclude = ["*.html", "*.css"]\n',
            'exclude = ["*.html", "*.css"]',
            "left out 3 files; hid DJ901 static-site from the report (the gate still counts it)",
            id="exclude",
        ),
    ],
)
def test_each_narrowing_setting_is_shown_and_the_gate_still_fails(
    repo: RepoFactory, config: str, setting: str, effect: str
) -> None:
    root = repo(files={**STATIC_SITE, ".stackcheck.toml": config})
    code, report, _ = scan_report(root)
    assert code == 1
    assert report["verdict"] != "avoid"
    assert influence(report) == {setting: effect}


@pytest.mark.parametrize(
    ("args", "code", "effect"),
    [
        pytest.param((), 1, "made the gate stricter: fail-on warning instead of avoid", id="file"),
        pytest.param(
            ("--fail-on", "avoid"),
            0,
            "ignored: the command line sets the policy (fail-on avoid)",
            id="command-line-is-final",
        ),
    ],
)
def test_a_repository_may_make_the_gate_stricter(
    repo: RepoFactory, args: tuple[str, ...], code: int, effect: str
) -> None:
    """A Flask app suits Django, with a warning: fail-on = "warning" fails it."""
    root = repo("verdict-flask-crud")
    assert scan_report(root)[0] == 0
    (root / ".stackcheck.toml").write_text('fail-on = "warning"\n')
    exit_code, report, _ = scan_report(root, *args)
    assert exit_code == code
    assert report["warnings"]
    assert influence(report) == {'fail-on = "warning"': effect}


def test_a_user_config_and_an_outside_config_file_are_the_persons_own(
    repo: RepoFactory, user_config: Path, tmp_path: Path
) -> None:
    root = repo(files=STATIC_SITE)
    user_config.write_text(FORGED)
    code, report, _ = scan_report(root)
    assert (code, report["verdict"], report["repo_influence"]) == (0, "not-applicable", [])
    user_config.unlink()
    outside = tmp_path / "ci.toml"
    outside.write_text(FORGED)
    assert scan_report(root, "--config", str(outside))[0] == 0
    (root / "ci.toml").write_text(FORGED)  # the same file inside the tree: the repository's
    code, report, _ = scan_report(root, "--config", str(root / "ci.toml"))
    assert code == 1
    assert {i["source"] for i in report["repo_influence"]} == {"ci.toml"}
    done = real_cli("scan", str(root), "--isolated", "--config", str(root / "ci.toml"))
    assert done.returncode == 2
    assert "--isolated" in done.stderr


USER_ONLY_IN_REPOSITORY = {
    "cache": "false",
    "cache-dir": '".cache"',
    "format": '"markdown"',
    "max-file-bytes": "1",
    "recurse-submodules": "true",
    "rules-dirs": '["pack"]',
}


def test_user_only_keys_in_a_repository_config_are_ignored_with_a_warning(
    repo: RepoFactory,
) -> None:
    config = "".join(f"{key} = {value}\n" for key, value in USER_ONLY_IN_REPOSITORY.items())
    root = repo(files={**STATIC_SITE, ".stackcheck.toml": config, "pack/README": "not rules"})
    done = real_cli("scan", str(root))
    assert done.returncode == 1
    assert done.stdout.startswith("stackcheck: avoid")  # text, not the markdown it asked for
    warnings = done.stderr.splitlines()
    assert len(warnings) == len(USER_ONLY_IN_REPOSITORY)
    for line, key in zip(warnings, sorted(USER_ONLY_IN_REPOSITORY), strict=True):
        assert line.startswith(f"stackcheck: warning: {root / '.stackcheck.toml'}: {key}: ignored")
        assert f"${'STACKCHECK_' + key.upper().replace('-', '_')}" in line
        assert "stackcheck/config.toml" in line or "user-config" in line
    _, report, _ = scan_report(root, "--no-cache")
    assert report["stats"]["files_read"] > 0  # max-file-bytes = 1 was not obeyed
    assert report["skipped"] == []
    assert {i["setting"].partition(" = ")[0] for i in report["repo_influence"]} == set(
        USER_ONLY_IN_REPOSITORY
    )
    assert all(i["effect"].startswith("ignored: only the person") for i in report["repo_influence"])
    assert not (root / ".cache").exists()


def test_a_change_that_adds_a_suppression_still_fails_diff(repo: RepoFactory) -> None:
    """A pull request turns a library into a static site and hides DJ901 in the same change."""
    root = repo(
        files={"pyproject.toml": '[project]\nname = "lib"\nversion = "1"\n', "lib/__init__.py": ""}
    )
    for name, text in {**STATIC_SITE, ".stackcheck.toml": 'ignore = ["DJ9"]\n'}.items():
        (root / name).write_text(text)
    (root / "lib" / "__init__.py").unlink()
    (root / "pyproject.toml").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "now a site, with its verdict hidden")
    done = real_cli("diff", "HEAD~1", "HEAD", str(root), "--no-cache")
    assert done.returncode == 1, done.stdout + done.stderr
    assert real_cli("diff", "HEAD~1", "HEAD", str(root), "--isolated").returncode == 1


# --- caches are data, in the person's cache folder only --------------------------------------

IN_TREE_CACHE = ".stackcheck-cache"


class Unpickled:
    """A pickle whose loading writes a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.write_text, (self.marker, "a committed pickle was loaded"))


def plant_rule_caches(folder: Path, marker: Path) -> None:
    """Where the rules cache of the built-in rules would be: a pickle that runs code when
    loaded (the file name older versions read), and a well-formed JSON entry, keyed right,
    whose DJ901 can never trip."""
    import hashlib
    import pickle
    from dataclasses import replace

    from stackcheck.judge import rule_cache
    from stackcheck.judge.conditions import FactCond

    builtin = [builtin_rules_dir()]
    folder.mkdir(parents=True)
    old_name = hashlib.sha1(str(builtin[0].resolve()).encode(), usedforsecurity=False)
    payload = pickle.dumps(Unpickled(marker))
    (folder / f"stackcheck-rules-{old_name.hexdigest()[:16]}.pickle").write_bytes(payload)
    rules = [
        replace(r, require=FactCond("never.seen")) if r.id == "DJ901" else r
        for r in load_rules(builtin)
    ]
    document = {
        "schema": rule_cache.SCHEMA,
        "digest": rule_cache._digest(builtin),
        "rules": [rule_cache.encode_rule(r) for r in rules],
    }
    entry = folder / f"stackcheck-rules-{rule_cache._name(builtin)}.json"
    entry.write_text(json.dumps(document))


def test_the_planted_rule_caches_are_armed(tmp_path: Path) -> None:
    """Loaded as a cache folder the person chose, each would change the outcome."""
    import pickle

    from stackcheck.judge.rule_cache import load_rules_cached

    folder, marker = tmp_path / "planted", tmp_path / "marker"
    plant_rule_caches(folder, marker)
    (pickled,) = folder.glob("*.pickle")
    pickle.loads(pickled.read_bytes())
    assert marker.exists()
    forged = {r.id: r for r in load_rules_cached([builtin_rules_dir()], folder)}
    assert "never.seen" in repr(forged["DJ901"].require)


@pytest.mark.parametrize(
    "how",
    ["repository-config", "command-line", "environment"],
)
def test_a_cache_folder_inside_the_scanned_tree_is_never_used(
    repo: RepoFactory, tmp_path: Path, how: str
) -> None:
    """Issue 14, item 1: a committed cache in the repository never loads, nothing is
    written there, and the static site is still a static site."""
    marker = tmp_path / "marker"
    config = f'cache-dir = "{IN_TREE_CACHE}"\n' if how == "repository-config" else ""
    root = repo(files={**STATIC_SITE, ".stackcheck.toml": config})
    plant_rule_caches(root / IN_TREE_CACHE, marker)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "a prepared cache")
    before = snapshot(root / IN_TREE_CACHE)
    folder = str(root / IN_TREE_CACHE)
    args = ("--cache-dir", folder) if how == "command-line" else ()
    env = {"STACKCHECK_CACHE_DIR": folder} if how == "environment" else None
    for where in ((), ("--staged",), ("--rev", "HEAD")):
        code, report, err = scan_report(root, *where, *args, env=env)
        assert (code, report["verdict"]) == (1, "avoid"), err
        if how == "repository-config":
            assert "cache-dir: ignored" in err
        else:
            assert "is inside the scanned tree; scanning without a cache" in err
    assert not marker.exists()
    assert snapshot(root / IN_TREE_CACHE) == before


def test_a_planted_sqlite_cache_does_not_change_the_verdict(
    repo: RepoFactory, tmp_path: Path
) -> None:
    """Issue 14, item 2: a prepared content cache that answers a static site with a Django
    app's facts. Used as the person's own cache it would forge the verdict; shipped in the
    repository (ignored by git, as an archive may carry it), it is never opened."""
    import shutil
    import sqlite3

    from stackcheck.cache import FILE_NAME

    app = repo("verdict-dj101-blog")
    config = f'cache-dir = "{IN_TREE_CACHE}"\n'
    site = repo(
        files={**STATIC_SITE, ".stackcheck.toml": config, ".gitignore": f"{IN_TREE_CACHE}/\n"}
    )
    app_cache, forged = tmp_path / "app-cache", tmp_path / "forged"
    assert real_cli("scan", str(app), "--cache-dir", str(app_cache)).returncode == 0
    assert real_cli("scan", str(site), "--cache-dir", str(forged)).returncode == 1
    with sqlite3.connect(app_cache / FILE_NAME) as db:
        rows = [v for (v,) in db.execute("SELECT value FROM facts") if v.startswith('{"f":')]
    app_tree = max(rows, key=len)  # the whole tree's facts, beside single files'
    with sqlite3.connect(forged / FILE_NAME) as db:
        db.execute("UPDATE facts SET value = ? WHERE value LIKE '{\"f\":%'", (app_tree,))
    code, report, _ = scan_report(site, "--cache-dir", str(forged))
    assert (code, report["verdict"]) == (0, "suits")  # armed: the forged cache would work
    planted = site / IN_TREE_CACHE
    shutil.copytree(forged, planted)
    before = snapshot(planted)
    code, report, err = scan_report(site)
    assert (code, report["verdict"]) == (1, "avoid"), err
    assert any(setting.startswith("cache-dir") for setting in influence(report))
    assert snapshot(planted) == before  # not opened: SQLite would have touched it


def test_a_repository_that_shows_more_than_the_person_asked_makes_the_gate_stricter(
    repo: RepoFactory, user_config: Path
) -> None:
    user_config.write_text("min-confidence = 0.99\n")
    root = repo(files=STATIC_SITE)
    code, report, _ = scan_report(root)
    assert (code, report["verdict"]) == (0, "not-applicable")  # the person's floor hides it
    (root / ".stackcheck.toml").write_text("min-confidence = 0.1\n")
    code, report, _ = scan_report(root)
    assert (code, report["verdict"]) == (1, "avoid")
    assert influence(report) == {"min-confidence = 0.1": "added DJ901 static-site to the report"}
