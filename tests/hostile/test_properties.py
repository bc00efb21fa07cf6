"""Property-based tests: every parser and file scanner, fed what the fuzzer feeds them
(fuzz/targets.py) on a small budget, and whole trees of arbitrary bytes through collect and
the JSON report, which must always follow the contract.

The long runs live in fuzz/ (`python fuzz/run.py --examples 100000`, see fuzz/README.md).
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile._support import memory_repo, registry_rows
from stackcheck.facts.collect import collect
from stackcheck.judge.evaluate import evaluate
from stackcheck.judge.rules import builtin_rules_dir, load_rules
from stackcheck.judge.verdict import decide
from stackcheck.report import Report
from stackcheck.report.formats import RenderOptions, renderer

FUZZ_TARGETS = Path(__file__).resolve().parents[2] / "fuzz" / "targets.py"
QUICK = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def load_targets() -> ModuleType:
    """fuzz/targets.py, imported by path: the fuzzer is not a package."""
    spec = importlib.util.spec_from_file_location("fuzz_targets", FUZZ_TARGETS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


targets = load_targets()
TARGETS = targets.all_targets()


def test_every_registered_parser_and_scanner_is_a_target() -> None:
    from stackcheck.facts import signals

    parsers = {ref for _, ref in registry_rows()}
    names = {t.name for t in TARGETS}
    assert {f"{ref.module}.{ref.function}" for ref in parsers} <= names
    signals.load_all()
    assert {s.name for s in signals.FILE_SCANNERS} <= names


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
@QUICK
@given(data=st.data())
def test_no_input_makes_a_parser_or_scanner_crash(target: Any, data: st.DataObject) -> None:
    text = data.draw(targets.texts(target), label="text")
    crash = targets.outcome(target, text)
    assert crash is None or not crash.fatal, crash


# --- whole trees through collect and the report --------------------------------------------

RULES = load_rules([builtin_rules_dir()])
PATHS = sorted(
    {p for p, _ in registry_rows()[::3]}
    | {t.path for t in TARGETS if t.kind == "scanner"}
    | {"docs/index.md", "tests/test_app.py", "logo.png", "a/b/c/d.txt"}
)
contents = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\0", b""]).flatmap(
        lambda bom: st.text(max_size=100).map(lambda t: bom + t.encode("utf-16-le", "replace"))
    ),
)
trees = st.dictionaries(st.sampled_from(PATHS), contents, min_size=1, max_size=8)


def report_for(files: Mapping[str, bytes]) -> Report:
    facts = collect(memory_repo(files))
    verdict = decide(evaluate(RULES, facts.values))
    return Report("tree", None, verdict, facts, 0.01, RULES)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=trees)
def test_collect_survives_any_tree_and_reports_by_the_contract(files: dict[str, bytes]) -> None:
    report = report_for(files)
    facts = report.facts
    assert facts.files == len(files)
    assert facts.files_read <= facts.files
    assert facts.bytes_read <= sum(len(c) for c in files.values())
    for skipped in facts.skipped:
        assert skipped.path in files, skipped
        assert skipped.reason and "please report" not in skipped.reason, skipped
    check_contract(json.loads(renderer("json")(report, RenderOptions())))


CONFIDENCE_LISTS = ("use_cases", "avoid")


def check_contract(doc: dict[str, Any]) -> None:
    """The JSON report as CONTRACT.md describes it."""
    assert list(doc) == sorted(doc)  # keys sorted
    assert {"schema", "tool", "target", "verdict", "use_cases", "avoid", "warnings"} <= set(doc)
    assert {"skipped", "stats"} <= set(doc)
    assert doc["schema"] == "stackcheck.report/1"
    assert set(doc["tool"]) == {"name", "version"}
    assert set(doc["target"]) == {"path", "rev", "remote", "commit", "subdir"}
    remote = doc["target"]["remote"]
    assert remote is None or (isinstance(remote, str) and remote.startswith("https://"))
    assert doc["verdict"] in ("suits", "avoid", "not-applicable")
    assert (doc["verdict"] == "avoid") == bool(doc["avoid"])
    for name in CONFIDENCE_LISTS:
        confidences = [item["confidence"] for item in doc[name]]
        assert confidences == sorted(confidences, reverse=True), name  # best first
        for item in doc[name]:
            assert {"id", "slug", "title", "confidence", "evidence"} <= set(item)
            check_confidence(item["confidence"])
            check_evidence(item["evidence"])
    for item in doc["avoid"]:
        assert isinstance(item["alternative"], str) and item["alternative"]
    for item in doc["warnings"]:
        assert {"id", "slug", "message", "evidence"} <= set(item)
        check_evidence(item["evidence"])
    skipped = [(s["path"], s["reason"]) for s in doc["skipped"]]
    assert skipped == sorted(set(skipped))  # sorted, no duplicates
    assert all(isinstance(p, str) and isinstance(r, str) and r for p, r in skipped)
    stats = doc["stats"]
    assert set(stats) == {"files", "files_read", "bytes_read", "seconds", "complete", "from_cache"}
    assert isinstance(stats["complete"], bool)
    for key in ("files", "files_read", "bytes_read"):
        assert isinstance(stats[key], int) and stats[key] >= 0
    assert isinstance(stats["seconds"], (int, float)) and stats["seconds"] >= 0


def check_confidence(value: object) -> None:
    assert isinstance(value, (int, float)) and not isinstance(value, bool)
    assert math.isfinite(value) and 0 <= value <= 1


def check_evidence(items: list[dict[str, Any]]) -> None:
    for item in items:
        assert set(item) == {"path", "line", "detail"}
        assert isinstance(item["path"], str) and isinstance(item["detail"], str)
        assert item["line"] is None or (isinstance(item["line"], int) and item["line"] >= 1)


@pytest.mark.parametrize(
    "files",
    [
        pytest.param({}, id="empty-tree"),
        pytest.param(
            {"requirements.txt": b"Django\n", "shop/views.py": b"import django\n"}, id="app"
        ),
        pytest.param({"index.html": b"<h1>x</h1>", "about.html": b"<h1>y</h1>"}, id="site"),
        pytest.param({"package.json": b"\x89PNG\0", "pyproject.toml": b"[x"}, id="all-broken"),
    ],
)
def test_the_contract_checker_accepts_known_reports(files: dict[str, bytes]) -> None:
    check_contract(json.loads(renderer("json")(report_for(files), RenderOptions())))
