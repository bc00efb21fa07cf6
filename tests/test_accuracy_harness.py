"""The scoring of benchmarks/accuracy.py, on hand-made reports: no scanning."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

HARNESS = Path(__file__).resolve().parents[1] / "benchmarks" / "accuracy.py"


def load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("accuracy_harness", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


acc = load_harness()


def report(
    verdict: str,
    use_cases: tuple[str, ...] = (),
    avoid: tuple[tuple[str, str, float], ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    return {
        "verdict": verdict,
        "use_cases": [{"id": "DJ1xx", "slug": slug, "confidence": 0.9} for slug in use_cases],
        "avoid": [{"id": i, "slug": slug, "confidence": c, "reasons": []} for i, slug, c in avoid],
        "warnings": [],
        **extra,
    }


CORPUS = {
    "repo": [
        {
            "name": "a/shop",
            "category": "FIT",
            "expected_verdict": "fits",
            "expected_use_cases": ["fullstack", "fintech"],
        },
        {
            "name": "b/api",
            "category": "EDGE",
            "expected_verdict": "fits",
            "expected_use_cases": ["rest-api", "realtime"],
        },
        {"name": "c/blog", "category": "NOT-STATIC", "expected_verdict": "not-static"},
        {"name": "d/book", "category": "NOT-HFT", "expected_verdict": "not-hft"},
        {"name": "e/lib", "category": "OTHER", "expected_verdict": "not-applicable"},
    ]
}

REPORTS: dict[str, dict[str, Any] | None] = {
    # right, one use case right, one missing, one extra
    "a/shop": report("suits", ("fullstack", "data-heavy")),
    # wrong: the realtime part was read as the whole product
    "b/api": report(
        "avoid",
        ("rest-api", "realtime"),
        (("DJ903", "pure-realtime", 0.8),),
        warnings=[{"id": "DJ201", "slug": "not-django-yet", "message": "Django is not used yet"}],
        stack={
            "kind": "realtime-server",
            "reasons": [{"path": "socket.js", "line": 3, "detail": "socket.io server"}],
        },
    ),
    # right: DJ901 is the strongest case even though another one tripped too
    "c/blog": report(
        "avoid", avoid=(("DJ901", "static-site", 0.9), ("DJ903", "pure-realtime", 0.4))
    ),
    # wrong: avoid, but the strongest case is not the labelled one
    "d/book": report(
        "avoid", avoid=(("DJ903", "pure-realtime", 0.7), ("DJ902", "high-frequency-trading", 0.6))
    ),
    # the scan crashed
    "e/lib": None,
}


def outcomes() -> list[Any]:
    labels = acc.parse_labels(CORPUS)
    parts = acc.split(labels)
    result = []
    for label in labels:
        found = REPORTS[label.name]
        scan = acc.Scan(found, 1.0, None if found else "exit code 3: internal error")
        result.append(acc.Outcome(label, parts[label.name], scan))
    return result


def test_report_labels_follow_the_strongest_case() -> None:
    assert acc.report_label(report("suits")) == "fits"
    assert acc.report_label(report("not-applicable")) == "not-applicable"
    assert acc.report_label(report("avoid", avoid=(("DJ902", "x", 0.5),))) == "not-hft"
    # a later case wins only with a strictly higher confidence
    tied = report("avoid", avoid=(("DJ901", "static-site", 0.5), ("DJ903", "pure-realtime", 0.5)))
    assert acc.report_label(tied) == "not-static"
    later = report("avoid", avoid=(("DJ901", "static-site", 0.5), ("DJ902", "hft", 0.9)))
    assert acc.report_label(later) == "not-hft"
    assert acc.report_label(report("avoid", avoid=(("DJ999", "new", 1.0),))) == "avoid:DJ999"


def test_accuracy_per_category_and_overall() -> None:
    table = acc.accuracy_by_category(outcomes())
    assert table["FIT"] == acc.Tally(1, 1)
    assert table["EDGE"] == acc.Tally(0, 1)
    assert table["NOT-STATIC"] == acc.Tally(1, 1)
    assert table["NOT-HFT"] == acc.Tally(0, 1)
    assert table["NOT-REALTIME"] == acc.Tally(0, 0)
    assert table["OTHER"] == acc.Tally(0, 1)
    assert acc.overall_accuracy(outcomes()) == acc.Tally(2, 5)
    assert acc.fmt_tally(acc.Tally(2, 5)).split() == ["2/5", "40.0%"]


def test_use_case_micro_f1_counts_only_fits_repos() -> None:
    score = acc.use_case_score(outcomes())
    # a/shop: fullstack tp, fintech fn, data-heavy fp; b/api: rest-api and realtime tp
    assert (score.repos, score.tp, score.fp, score.fn, score.exact) == (2, 3, 1, 1, 1)
    assert score.precision == pytest.approx(0.75)
    assert score.recall == pytest.approx(0.75)
    assert score.f1 == pytest.approx(0.75)
    by_slug = acc.use_case_score_by_slug(outcomes())
    assert (by_slug["fintech"].tp, by_slug["fintech"].fn) == (0, 1)
    assert (by_slug["data-heavy"].repos, by_slug["data-heavy"].fp) == (0, 1)
    assert acc.use_case_score([]).f1 == 0.0


def test_misses_carry_the_reports_reasons() -> None:
    misses = {miss.name: miss for miss in acc.find_misses(outcomes())}
    assert sorted(misses) == ["b/api", "d/book", "e/lib"]
    api = misses["b/api"]
    assert (api.expected, api.got, api.verdict) == ("fits", "not-realtime", "avoid")
    assert api.cases == ["DJ903 pure-realtime 0.80"]
    assert api.use_cases == ["rest-api 0.90", "realtime 0.90"]
    assert api.warnings == ["DJ201 not-django-yet: Django is not used yet"]
    assert api.stack_kind == "realtime-server"
    assert api.stack_reasons == ["socket.io server (socket.js:3)"]
    assert misses["d/book"].got == "not-realtime"
    assert misses["d/book"].stack_kind is None  # no `stack` in the report: handled
    crashed = misses["e/lib"]
    assert (crashed.got, crashed.error) == ("error", "exit code 3: internal error")
    text = acc.render(outcomes(), acc.parse_labels(CORPUS), acc.split(acc.parse_labels(CORPUS)))
    assert "Misses (3)" in text
    assert "(not in the report)" in text


def test_holdout_split_is_deterministic_and_stratified() -> None:
    labels = [
        acc.Label(f"owner{i}/repo{i}", category, "fits")
        for category in ("FIT", "OTHER")
        for i in range(9 if category == "FIT" else 4)
    ]
    parts = acc.split(labels)
    assert parts == acc.split(list(reversed(labels)))
    assert parts == acc.split(labels)
    held = [label for label in labels if parts[label.name] == "holdout"]
    assert sum(label.category == "FIT" for label in held) == 3
    assert sum(label.category == "OTHER" for label in held) == 1
    assert len(acc.select(labels, parts, "train")) == len(labels) - len(held)
    assert len(acc.select(labels, parts, "all")) == len(labels)


def test_scan_output_errors_are_recorded() -> None:
    crashed = acc.parse_scan_output(3, "", "stackcheck: internal error\n", 0.1)
    assert crashed.error == "exit code 3: stackcheck: internal error"
    assert acc.parse_scan_output(0, "not json", "", 0.1).error.startswith("output is not JSON")
    good = acc.parse_scan_output(0, '{"verdict": "suits"}', "", 0.1)
    assert good.error is None and good.report == {"verdict": "suits"}


def test_bad_labels_are_refused() -> None:
    with pytest.raises(acc.HarnessError, match="unknown expected_verdict"):
        acc.parse_labels({"repo": [{"name": "x/y", "category": "FIT", "expected_verdict": "ok"}]})
    with pytest.raises(acc.HarnessError, match="missing key"):
        acc.parse_labels({"repo": [{"name": "x/y"}]})


def test_missing_trees_are_not_built_and_not_counted(tmp_path: Path) -> None:
    labels = acc.parse_labels(CORPUS)
    done, not_built = acc.scan_all(labels, acc.split(labels), tmp_path, timeout=1)
    assert done == []
    assert [label.name for label in not_built] == [label.name for label in labels]
    text = acc.render(done, labels, acc.split(labels), not_built=not_built)
    assert "not built (not counted): 5" in text
    assert "OVERALL" in text
