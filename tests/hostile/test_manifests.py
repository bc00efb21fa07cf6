"""Manifests that are malformed, truncated, empty, enormous or binary: skipped with a reason.

Every row of the parser table gets a file at a path it matches, so a parser added to the
table is covered without touching this module.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RepoFactory, make_repo
from hostile._support import (
    exit_code_for,
    invoke,
    real_cli,
    reasons,
    registry_rows,
    scan,
    sparse_file,
)
from stackcheck.facts import Facts
from stackcheck.facts.collect import MAX_FILE_BYTES
from stackcheck.facts.manifests import ParserRef

# Bytes no parser accepts: control characters, unbalanced brackets of every kind.
GARBAGE = "\x7f\x01\x02{{{{ ]]] :::: @@@ <<< [[ (( '\"\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256))

# Parsers that look for a few patterns in a file and never judge it as a whole (JavaScript
# configs, Python configs read for names, Cloud Foundry's one-line Staticfile): to
# them no text is malformed, so garbage is read as a manifest that says nothing.
TOLERANT = frozenset(
    {
        ParserRef("deploy", "parse_staticfile"),
        ParserRef("static_site", "parse_sphinx"),
        ParserRef("static_site", "parse_pelican"),
        ParserRef("static_site", "parse_pelican_publish"),
        ParserRef("static_site", "parse_eleventy"),
        ParserRef("static_site", "parse_docusaurus"),
        ParserRef("static_site", "parse_gatsby"),
        ParserRef("static_site", "parse_vitepress"),
        ParserRef("static_site", "parse_book_summary"),
        ParserRef("ecosystems.more", "parse_play_routes"),
        ParserRef("ecosystems.more", "parse_yesod_routes"),
        ParserRef("ecosystems.more", "parse_meteor_packages"),
        ParserRef("ecosystems.more", "parse_cpanfile"),
        ParserRef("ecosystems.more", "parse_rebar_config"),
        ParserRef("static_site", "parse_vuepress"),
        ParserRef("static_site", "parse_astro"),
        ParserRef("static_site", "parse_next"),
        ParserRef("static_site", "parse_nuxt"),
        ParserRef("static_site", "parse_lektor"),
        ParserRef("static_site", "parse_jbake"),
        ParserRef("deploy", "parse_paste_ini"),
        ParserRef("deploy", "parse_wsgi_script"),
        ParserRef("ecosystems.more", "parse_wasp"),
        *(
            ParserRef("ecosystems.lesser", name)
            for name in (
                "parse_build_sbt",
                "parse_cabal",
                "parse_dune",
                "parse_opam",
                "parse_clojure_deps",
                "parse_nimble",
                "parse_rockspec",
                "parse_package_swift",
                "parse_build_zig_zon",
                "parse_paket_dependencies",
                "parse_r_description",
            )
        ),
    }
)
ROWS = registry_rows()
ROW_IDS = [path for path, _ in ROWS]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Facts]:
    """One repository per kind of bad content, each holding a file for every table row."""
    found = {}
    for variant, content in (("garbage", GARBAGE), ("empty", ""), ("binary", PNG)):
        root = tmp_path_factory.mktemp(variant)
        make_repo(root, files={path: content for path, _ in ROWS})
        found[variant] = scan(root)
    return found


def manifest_paths(facts: Facts) -> set[str]:
    return {m.path for m in facts.manifests}


@pytest.mark.parametrize(("path", "parser"), ROWS, ids=ROW_IDS)
def test_garbage_with_a_manifest_name_is_skipped_as_malformed(
    scanned: dict[str, Facts], path: str, parser: ParserRef
) -> None:
    facts = scanned["garbage"]
    if parser in TOLERANT:
        assert path in manifest_paths(facts)
        assert path not in reasons(facts)
    else:
        assert reasons(facts)[path].startswith("malformed: ")
        assert path not in manifest_paths(facts)


@pytest.mark.parametrize(("path", "parser"), ROWS, ids=ROW_IDS)
def test_an_empty_manifest_is_read_or_skipped_never_a_parser_error(
    scanned: dict[str, Facts], path: str, parser: ParserRef
) -> None:
    facts = scanned["empty"]
    reason = reasons(facts).get(path)
    if reason is None:
        assert path in manifest_paths(facts)
    else:
        assert reason.startswith("malformed: "), reason


@pytest.mark.parametrize(("path", "parser"), ROWS, ids=ROW_IDS)
def test_binary_content_with_a_manifest_name_is_skipped(
    scanned: dict[str, Facts], path: str, parser: ParserRef
) -> None:
    assert reasons(scanned["binary"])[path] == "binary file (NUL bytes)"


def test_no_bad_manifest_reaches_a_parser_bug(scanned: dict[str, Facts]) -> None:
    """ "please report" marks an exception other than MalformedManifest: a parser bug."""
    for facts in scanned.values():
        assert facts.skipped
        for skipped in facts.skipped:
            assert skipped.reason
            assert "please report" not in skipped.reason, skipped


@pytest.mark.parametrize(
    ("path", "text"),
    [
        pytest.param("pyproject.toml", '[project\nname = "x"\n', id="toml-table-header"),
        pytest.param("pyproject.toml", '[project]\nname = "x"\nname = "y"\n', id="toml-dup-key"),
        pytest.param("Cargo.toml", '[dependencies]\nserde = { version = "1"', id="toml-inline"),
        pytest.param("package.json", '{"dependencies": {"express": ', id="json-truncated"),
        pytest.param("package.json", '{"a": 1,}', id="json-trailing-comma"),
        pytest.param("composer.json", "{'require': {}}", id="json-single-quotes"),
        pytest.param("docker-compose.yml", "services:\n  web: [1\n", id="yaml-unclosed"),
        pytest.param("pnpm-lock.yaml", "a: b: c\n", id="yaml-mapping-in-scalar"),
        pytest.param("mkdocs.yml", "site_name: x\n\tnav: []\n", id="yaml-tab-indent"),
        pytest.param("pom.xml", "<project><dependencies><dependency>", id="xml-truncated"),
        pytest.param("AndroidManifest.xml", "<manifest><a></b></manifest>", id="xml-mismatch"),
        pytest.param("setup.cfg", "[metadata\nname = x\n", id="ini-section"),
        pytest.param("platformio.ini", "[env:x]\nlib_deps\n  = x\n[env:x]\n", id="ini-dup"),
        pytest.param("requirements.txt", "django[\n-r\n", id="requirements-no-valid-line"),
        pytest.param("setup.py", "from setuptools import setup\nsetup(\n", id="python-truncated"),
        pytest.param("Pipfile", "[packages]\ndjango = \n", id="pipfile-truncated"),
    ],
)
def test_malformed_documents_of_each_syntax_are_skipped_and_the_scan_goes_on(
    repo: RepoFactory, path: str, text: str
) -> None:
    root = repo(files={path: text, "requirements-base.txt": "Django>=4.2\n"})
    facts = scan(root)
    assert reasons(facts)[path].startswith("malformed: ")
    assert "py.dep.django" in facts.values  # the good manifest beside it is still read


TRUNCATABLE = {
    "pyproject.toml": '[project]\nname = "shop"\ndependencies = ["Django>=4.2", "stripe"]\n',
    "package.json": '{"name": "web", "dependencies": {"express": "^4.18.0", "ws": "^8"}}\n',
    "pom.xml": (
        "<project><dependencies><dependency><groupId>org.springframework.boot</groupId>"
        "<artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>"
        "</project>\n"
    ),
    "docker-compose.yml": "services:\n  web:\n    image: app\n    command: [gunicorn, app]\n",
    "Pipfile": '[packages]\ndjango = "*"\n\n[dev-packages]\npytest = "*"\n',
}


@pytest.mark.parametrize("name", sorted(TRUNCATABLE))
def test_a_manifest_cut_anywhere_never_breaks_the_scan(tmp_path: Path, name: str) -> None:
    text = TRUNCATABLE[name]
    cuts = sorted({len(text) * i // 12 for i in range(1, 12)})
    files = {f"cut{cut:04d}/{name}": text[:cut] for cut in cuts}
    root = make_repo(tmp_path / "cuts", files=files)
    facts = scan(root)
    for path in files:
        reason = reasons(facts).get(path)
        assert reason is None or reason.startswith("malformed: "), (path, reason)
    assert len(facts.manifests) + len(facts.skipped) >= len(files)


ENORMOUS = ("pyproject.toml", "package.json", "requirements.txt", "pom.xml", "compose.yml")


def test_enormous_files_are_skipped_by_size_before_reading(repo: RepoFactory) -> None:
    root = repo(files={"requirements-base.txt": "Django>=4.2\n"})
    for name in (*ENORMOUS, "app/views.py"):
        sparse_file(root / name, 100 * 1024 * 1024)  # untracked: git never hashes it
    facts = scan(root)
    for name in (*ENORMOUS, "app/views.py"):
        assert reasons(facts)[name] == f"larger than {MAX_FILE_BYTES} bytes"
    assert facts.bytes_read < 1024  # only the small requirements file was read
    assert "py.dep.django" in facts.values


def test_a_file_that_grows_past_the_cap_after_listing_is_cut_off(repo: RepoFactory) -> None:
    from stackcheck.facts.collect import collect
    from stackcheck.source.discover import discover

    root = repo(files={"package.json": '{"dependencies": {"express": "4"}}'})
    listed = discover(root)
    sparse_file(root / "package.json", 100 * 1024 * 1024)
    facts = collect(listed)
    assert reasons(facts)["package.json"] == f"larger than {MAX_FILE_BYTES} bytes"
    assert facts.bytes_read < 1024  # the size recorded at listing time, not 100 MB


def test_the_cli_exits_per_verdict_with_every_manifest_broken(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "broken", files={path: GARBAGE for path, _ in ROWS})
    code, out, err = invoke("scan", str(root), "--format", "json", "--no-cache")
    report = json.loads(out)
    assert code == exit_code_for(report["verdict"])
    assert "Traceback" not in err
    strict_rows = [path for path, parser in ROWS if parser not in TOLERANT]
    assert {s["path"] for s in report["skipped"]} >= set(strict_rows)
    assert all(s["reason"] for s in report["skipped"])


def test_the_real_cli_prints_skipped_files_not_tracebacks(repo: RepoFactory) -> None:
    root = repo(files={"pyproject.toml": "[project\n", "package.json": PNG, "app.py": "x = 1\n"})
    done = real_cli("scan", str(root), "--no-cache", "-v")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "pyproject.toml: malformed: invalid TOML" in done.stdout
    assert "package.json: binary file (NUL bytes)" in done.stdout


def test_the_cache_signature_covers_the_yaml_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    from stackcheck import cache

    read: list[str] = []
    original = Path.read_bytes

    def recording(self: Path) -> bytes:
        read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", recording)
    cache.signature.cache_clear()
    try:
        cache.signature()
    finally:
        cache.signature.cache_clear()
    assert "node.py" in read  # the parsers are covered ...
    assert "safeyaml.py" in read  # ... and so must the loader they share be


DUPLICATE_KEYS = {
    "render.yaml": "services:\n  a: b\nservices:\n  - type: web\n    name: x\n",
    "docker-compose.yml": "services:\n  - a\nservices:\n  web:\n    command: gunicorn a\n",
    "app.yaml": "handlers:\n  a: b\nhandlers:\n  - url: /\n    static_dir: s\n",
    ".github/workflows/x.yml": "jobs:\n  - a\njobs:\n  b:\n    steps:\n      - uses: x@v1\n",
    "pnpm-lock.yaml": "lockfileVersion: 6\npackages: [a]\npackages:\n  /a@1:\n    dev: false\n",
    "pubspec.yaml": "dependencies: [a]\ndependencies:\n  http: ^1\n",
    "environment.yml": "dependencies:\n  a: b\ndependencies:\n  - django\n",
}


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=p) for p in DUPLICATE_KEYS],
)
def test_a_yaml_key_given_twice_with_different_shapes_is_no_parser_error(
    repo: RepoFactory, path: str
) -> None:
    """PyYAML keeps the last of two equal keys; line lookups walk the node tree, which has
    both. A parser must not mix the two up (found by fuzz/run.py)."""
    facts = scan(repo(files={path: DUPLICATE_KEYS[path]}))
    reason = reasons(facts).get(path)
    assert reason is None or reason.startswith("malformed: "), reason
