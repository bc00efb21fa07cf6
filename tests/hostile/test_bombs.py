"""Documents built to exhaust a parser: YAML alias bombs, XML entities (external and
expanding), JSON nested 100,000 deep, TOML with a million keys. Each is skipped after a
bounded time and a bounded amount of memory; nothing from outside the tree is read."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import make_repo
from hostile._support import hang_guard, reasons, registry_rows, scan
from hostile.test_safeyaml import laughs, merge_laughs
from stackcheck.facts import Facts
from stackcheck.facts.collect import MAX_FILE_BYTES, Limits
from stackcheck.facts.manifests import ParserRef

HANG_GUARD_SECONDS = 20  # generous: each bomb is refused in milliseconds
PEAK_BYTES = 64 * 1024 * 1024


def one_per_parser(wanted: Callable[[str], bool]) -> list[str]:
    """A path for each parser that reads some of the wanted paths (the first one it reads)."""
    chosen: dict[ParserRef, str] = {}
    for path, parser in registry_rows():
        if wanted(path):
            chosen.setdefault(parser, path)
    return sorted(chosen.values())


YAML_ROWS = one_per_parser(lambda p: p.endswith((".yml", ".yaml")))
JSON_LOCKS = ("Pipfile.lock", "composer.lock")
JSON_ROWS = one_per_parser(lambda p: p.endswith((".json", ".jsonc")) or p in JSON_LOCKS)
XML_ROWS = one_per_parser(lambda p: p.endswith(".xml"))


def peak_rss() -> int:
    """The process's resident-set high-water mark, in bytes (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@contextmanager
def bounded() -> Iterator[None]:
    """Fail if the body runs past the hang guard or raises the process's memory high-water
    mark by more than PEAK_BYTES (a bomb that expands would raise it by gigabytes)."""
    started, before = time.perf_counter(), peak_rss()
    with hang_guard(HANG_GUARD_SECONDS * 3):
        yield
    assert time.perf_counter() - started < HANG_GUARD_SECONDS
    assert peak_rss() - before < PEAK_BYTES


def scan_bombs(tmp_path: Path, files: dict[str, str], limits: Limits | None = None) -> Facts:
    root = make_repo(tmp_path / "bombs", files={**files, "requirements-base.txt": "Django\n"})
    with bounded():
        facts = scan(root, limits)
    assert "py.dep.django" in facts.values  # the scan went on past every bomb
    return facts


YAML_BOMBS = {
    "billion-laughs": laughs(9),
    "merge-key-laughs": merge_laughs(9),
    "recursive-alias": "a: &a [1, *a]\n",
    "deep-flow": "a: " + "[" * 100_000 + "\n",
    "deep-block": "a:\n" + "".join("  " * i + "- \n" for i in range(1, 500)),
}


@pytest.mark.parametrize("bomb", sorted(YAML_BOMBS))
def test_yaml_bombs_are_refused_by_every_yaml_manifest(tmp_path: Path, bomb: str) -> None:
    text = YAML_BOMBS[bomb]
    files = {path: text for path in YAML_ROWS}
    files["yarn.lock"] = "__metadata:\n  version: 8\n" + text  # yarn berry locks are YAML
    facts = scan_bombs(tmp_path, files)
    for path in files:
        if path == "yarn.lock" and path not in reasons(facts):
            # A berry lock is composed from its entries' keys and one-line fields only: a
            # bomb in the lines indented below them is never read (nor found as a package).
            assert bomb == "deep-block", bomb
            assert not any(key.startswith("npm.lock") for key in facts.values)
            continue
        assert reasons(facts)[path].startswith("malformed: "), (path, reasons(facts).get(path))


def test_a_front_matter_bomb_does_not_cost_the_time_budget(tmp_path: Path) -> None:
    page = "---\n" + merge_laughs(9) + "title: x\n---\n# Hello\n"
    root = make_repo(tmp_path / "site", files={"index.md": page, "about.md": "# About\n"})
    with hang_guard(HANG_GUARD_SECONDS * 3):
        facts = scan(root, Limits(time_budget=2))
    assert not any("took longer" in s.reason for s in facts.skipped), facts.skipped


XXE_FILE = "xxe-secret.txt"


def xml_bombs(secret: Path) -> dict[str, str]:
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    return {
        "external-entity": (
            f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]>'
            "<project><groupId>&x;</groupId></project>"
        ),
        "external-dtd": (f'<?xml version="1.0"?><!DOCTYPE p SYSTEM "file://{secret}"><project/>'),
        "parameter-entity": (
            f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY % x SYSTEM "file://{secret}">%x;]>'
            "<project/>"
        ),
        "billion-laughs": f'<?xml version="1.0"?><!DOCTYPE p [{lol}]><project>&lol9;</project>',
        "quadratic-blowup": (
            f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "{"x" * 50_000}">]>'
            f"<project>{'&a;' * 20_000}</project>"
        ),
        "deep-elements": "<project>" + "<a>" * 100_000 + "</a>" * 100_000 + "</project>",
    }


@pytest.mark.parametrize(
    "bomb",
    [
        "external-entity",
        "external-dtd",
        "parameter-entity",
        "billion-laughs",
        "quadratic-blowup",
        "deep-elements",
    ],
)
def test_xml_entities_are_never_expanded_nor_fetched(tmp_path: Path, bomb: str) -> None:
    secret = tmp_path / XXE_FILE
    secret.write_text("org.secret.leaked")
    text = xml_bombs(secret)[bomb]
    facts = scan_bombs(tmp_path, {path: text for path in XML_ROWS})
    for path in XML_ROWS:
        reason = reasons(facts).get(path)
        if bomb == "deep-elements":  # expat nests without recursion: deep is merely odd
            assert reason is None or reason.startswith("malformed: "), (path, reason)
        else:
            assert reason is not None and reason.startswith("malformed: "), (path, reason)
    assert not any("secret" in key for key in facts.values)


JSON_BOMBS = {
    "deep-arrays": "[" * 100_000 + "]" * 100_000,
    "deep-objects": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "open-arrays": '{"dependencies": ' + "[" * 100_000,
    "huge-integer": '{"version": ' + "9" * 100_000 + "}",
    "huge-exponent": '{"version": 1e999999999}',
}


@pytest.mark.parametrize(
    "bomb",
    [pytest.param(b, id=b) for b in sorted(JSON_BOMBS)],
)
def test_json_nested_100_000_deep_is_refused_by_every_json_manifest(
    tmp_path: Path, bomb: str
) -> None:
    files = {path: JSON_BOMBS[bomb] for path in JSON_ROWS}
    facts = scan_bombs(tmp_path, files)
    for path in files:
        reason = reasons(facts).get(path)
        # A number too big to mean anything may be read as "not a version": never a crash.
        assert reason is None or reason.startswith("malformed: "), (path, reason)
    if bomb.startswith(("deep", "open")):
        assert set(files) <= set(reasons(facts))


def million_keys() -> str:
    return '[project]\nname = "x"\n[tool.bomb]\n' + "".join(f"k{i} = {i}\n" for i in range(10**6))


def test_toml_with_a_million_keys_is_skipped_by_size_unread(tmp_path: Path) -> None:
    facts = scan_bombs(tmp_path, {"pyproject.toml": million_keys(), "Cargo.toml": million_keys()})
    assert reasons(facts)["pyproject.toml"] == f"larger than {MAX_FILE_BYTES} bytes"
    assert reasons(facts)["Cargo.toml"] == f"larger than {MAX_FILE_BYTES} bytes"
    assert facts.bytes_read < 1024


def test_toml_with_a_million_keys_under_a_raised_cap_meets_the_time_budget(
    tmp_path: Path,
) -> None:
    root = make_repo(tmp_path / "keys", files={"pyproject.toml": million_keys()})
    with hang_guard(HANG_GUARD_SECONDS * 3):
        facts = scan(root, Limits(max_file_bytes=32 * 1024 * 1024, time_budget=1))
    reason = reasons(facts).get("pyproject.toml")
    assert reason is None or reason == "took longer than 1 s to parse", reason


TOML_ROWS = one_per_parser(lambda p: p.endswith(".toml") or p == "Pipfile")


def test_a_dotted_key_bomb_is_skipped_unparsed_by_every_toml_manifest(tmp_path: Path) -> None:
    """One key of 30,001 parts, 60 KB: 20 s and 3.5 GB in tomllib, which records every
    prefix of a dotted key; refused before parsing, by counting dots."""
    bomb = "a." * 30_000 + "a = 1\n"
    facts = scan_bombs(tmp_path, dict.fromkeys(TOML_ROWS, bomb))
    for path in TOML_ROWS:
        assert reasons(facts)[path].startswith(
            "malformed: invalid TOML: keys with too many dotted parts"
        ), path


@pytest.mark.parametrize(
    ("path", "text"),
    [
        pytest.param("pyproject.toml", "a = " + "[" * 100_000 + "\n", id="deep-arrays"),
        pytest.param("Cargo.toml", "a = " + "{b = " * 100_000 + "\n", id="deep-tables"),
        pytest.param("Pipfile", "[" + "a." * 50_000 + "b]\n", id="long-dotted-key"),
        pytest.param("uv.lock", "a = '''" + "x" * 1_000_000, id="unterminated-string"),
    ],
)
def test_deep_and_unterminated_toml_is_refused(tmp_path: Path, path: str, text: str) -> None:
    facts = scan_bombs(tmp_path, {path: text})
    reason = reasons(facts).get(path)
    assert reason is None or reason.startswith("malformed: "), reason
