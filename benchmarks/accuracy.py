"""Verdict and use-case accuracy of stackcheck against the labelled training corpus.

    python benchmarks/accuracy.py [--trees /tmp/training-trees]
        [--corpus ../shared/corpus/training.toml] [--part train|holdout|all]
        [--json OUT] [--timeout 120]

The corpus (`training.toml`, see ../shared/corpus/README.md) labels public repositories with
the verdict a careful reviewer gives them; `materialize.sh` beside it builds one plain tree
per repository at TREES/OWNER+NAME. Each tree is scanned by the installed stackcheck in its own
process (`python -m stackcheck scan TREE --format json --no-cache --exit-zero`), so a crash
or a hang (the per-repository --timeout) is recorded as an error for that repository and the
run goes on. A repository whose tree is absent is listed as "not built" and not counted.

A label is right when the report says:

    fits            verdict `suits`
    not-static      verdict `avoid`, strongest tripped case DJ901 (static-site)
    not-hft         verdict `avoid`, strongest tripped case DJ902 (high-frequency-trading)
    not-realtime    verdict `avoid`, strongest tripped case DJ903 (pure-realtime)
    not-applicable  verdict `not-applicable`

The strongest case is the first entry of the report's `avoid` list (ordered best first), or
a later one only if its confidence is higher. A scan that errs is wrong.

The printout gives every scanned repository with its time, verdict accuracy per category
(`CATEGORY  right/total  pct`) and overall, use-case precision, recall and F1 micro-averaged
over the repositories labelled `fits` (the report's `use_cases[].slug` against
`expected_use_cases`; a repository whose scan erred counts with no use cases), then every
miss with what the report gave as its reasons (tripped cases, use cases, warnings, and
`stack.kind` / `stack.reasons` when the report has them).

A holdout of about a third is kept aside, stratified by category and stable: within each
category the repositories are ordered by sha256 of their name and the first (n + 1) // 3 of
them are the holdout. `--part` picks which repositories are scanned (default: all); train
and holdout sub-totals are printed every time. The exit code is 0 whenever the run
completes, whatever the accuracy, and 2 when the corpus or the trees cannot be read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TREES = Path("/tmp/training-trees")
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "training.toml"
DEFAULT_TIMEOUT = 120.0

CATEGORIES = ("FIT", "EDGE", "NOT-STATIC", "NOT-HFT", "NOT-REALTIME", "OTHER")
PARTS = ("train", "holdout")

# label -> (verdict, the "when not to use" case that must be the strongest, as (id, slug))
EXPECTATIONS: dict[str, tuple[str, tuple[str, str] | None]] = {
    "fits": ("suits", None),
    "not-static": ("avoid", ("DJ901", "static-site")),
    "not-hft": ("avoid", ("DJ902", "high-frequency-trading")),
    "not-realtime": ("avoid", ("DJ903", "pure-realtime")),
    "not-applicable": ("not-applicable", None),
}
VERDICT_LABELS = {"suits": "fits", "not-applicable": "not-applicable"}
CASE_LABELS = {
    key: label for label, (_, case) in EXPECTATIONS.items() if case for key in case
}  # "DJ901" and "static-site" -> "not-static", ...


class HarnessError(Exception):
    """The corpus or the trees cannot be used: a message for the user, exit code 2."""


# --- the corpus -------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    name: str
    category: str
    expected: str
    use_cases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The folder name materialize.sh gives the tree: OWNER+NAME."""
        return self.name.replace("/", "+", 1)


def parse_labels(data: Mapping[str, Any]) -> list[Label]:
    labels = []
    for index, entry in enumerate(data.get("repo", [])):
        where = f"[[repo]] #{index + 1} ({entry.get('name', '?')})"
        try:
            label = Label(
                name=str(entry["name"]),
                category=str(entry["category"]),
                expected=str(entry["expected_verdict"]),
                use_cases=tuple(entry.get("expected_use_cases", ())),
            )
        except KeyError as exc:
            raise HarnessError(f"{where}: missing key {exc.args[0]!r}") from exc
        if label.expected not in EXPECTATIONS:
            raise HarnessError(f"{where}: unknown expected_verdict {label.expected!r}")
        labels.append(label)
    if not labels:
        raise HarnessError("no [[repo]] entries in the corpus")
    return labels


def load_labels(path: Path) -> list[Label]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise HarnessError(f"{path}: cannot read the corpus: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise HarnessError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return parse_labels(data)
    except HarnessError as exc:
        raise HarnessError(f"{path}: {exc}") from exc


# --- the holdout split ------------------------------------------------------------------


def name_hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def split(labels: Iterable[Label]) -> dict[str, str]:
    """repo name -> "train" or "holdout": per category, the (n + 1) // 3 names with the
    lowest sha256 are the holdout. Independent of the order of the corpus."""
    by_category: dict[str, list[str]] = {}
    for label in labels:
        by_category.setdefault(label.category, []).append(label.name)
    parts = {}
    for names in by_category.values():
        ordered = sorted(set(names), key=lambda name: (name_hash(name), name))
        held = (len(ordered) + 1) // 3
        for rank, name in enumerate(ordered):
            parts[name] = "holdout" if rank < held else "train"
    return parts


def select(labels: Sequence[Label], parts: Mapping[str, str], part: str) -> list[Label]:
    return [label for label in labels if part == "all" or parts[label.name] == part]


# --- scanning ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Scan:
    """One scan's outcome: the JSON report, or why there is none."""

    report: Mapping[str, Any] | None
    seconds: float
    error: str | None = None


def scan_command(tree: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "stackcheck",
        "scan",
        str(tree),
        "--format",
        "json",
        "--no-cache",
        "--exit-zero",
    ]


def run_scan(tree: Path, timeout: float) -> Scan:
    """Scan one tree in a child process (its own process group, so a timeout ends any
    workers it started too). It runs in an empty folder so nothing there shadows the
    installed package."""
    with tempfile.TemporaryDirectory(prefix="stackcheck-accuracy-") as cwd:
        start = time.perf_counter()
        child = subprocess.Popen(
            scan_command(tree),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            out, err = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _end_group(child)
            return Scan(None, time.perf_counter() - start, f"timed out after {timeout:g} s")
        seconds = time.perf_counter() - start
    return parse_scan_output(child.returncode, out, err, seconds)


def _end_group(child: subprocess.Popen[str]) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        child.kill()
    child.communicate()


def parse_scan_output(code: int, out: str, err: str, seconds: float) -> Scan:
    if code != 0:
        lines = [line for line in err.strip().splitlines() if line.strip()]
        message = lines[-1] if lines else "no message"
        return Scan(None, seconds, f"exit code {code}: {message}")
    try:
        report = json.loads(out)
    except json.JSONDecodeError as exc:
        return Scan(None, seconds, f"output is not JSON: {exc}")
    if not isinstance(report, dict) or "verdict" not in report:
        return Scan(None, seconds, "output is not a stackcheck report (no verdict)")
    return Scan(report, seconds)


# --- scoring (pure functions of labels and reports) -------------------------------------


def strongest_case(report: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The first tripped case, unless a later one has a strictly higher confidence."""
    best: Mapping[str, Any] | None = None
    for case in report.get("avoid") or ():
        if best is None or _confidence(case) > _confidence(best):
            best = case
    return best


def _confidence(item: Mapping[str, Any]) -> float:
    value = item.get("confidence")
    return float(value) if isinstance(value, (int, float)) else 0.0


def report_label(report: Mapping[str, Any]) -> str:
    """The report in the corpus' vocabulary: fits, not-static, ..., or e.g. `avoid:DJ904`."""
    verdict = str(report.get("verdict"))
    if verdict in VERDICT_LABELS:
        return VERDICT_LABELS[verdict]
    if verdict != "avoid":
        return f"verdict:{verdict}"
    case = strongest_case(report)
    if case is None:
        return "avoid:(no case)"
    for key in (case.get("id"), case.get("slug")):
        if key in CASE_LABELS:
            return CASE_LABELS[key]
    return f"avoid:{case.get('id') or case.get('slug')}"


def got(scan: Scan) -> str:
    if scan.report is None:
        return "error"
    return report_label(scan.report)


def is_right(label: Label, scan: Scan) -> bool:
    return scan.report is not None and report_label(scan.report) == label.expected


def reported_use_cases(report: Mapping[str, Any] | None) -> set[str]:
    if report is None:
        return set()
    return {str(case.get("slug")) for case in report.get("use_cases") or ()}


@dataclass(frozen=True)
class Outcome:
    label: Label
    part: str
    scan: Scan

    @property
    def right(self) -> bool:
        return is_right(self.label, self.scan)


@dataclass(frozen=True)
class Tally:
    right: int = 0
    total: int = 0

    def add(self, right: bool) -> Tally:
        return Tally(self.right + int(right), self.total + 1)


def accuracy_by_category(outcomes: Iterable[Outcome]) -> dict[str, Tally]:
    """Every known category (empty ones too), then any other category in the corpus."""
    tallies = {category: Tally() for category in CATEGORIES}
    for outcome in outcomes:
        category = outcome.label.category
        tallies[category] = tallies.get(category, Tally()).add(outcome.right)
    return tallies


def overall_accuracy(outcomes: Iterable[Outcome]) -> Tally:
    tally = Tally()
    for outcome in outcomes:
        tally = tally.add(outcome.right)
    return tally


@dataclass(frozen=True)
class UseCaseScore:
    repos: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0  # repositories whose reported set equals the labelled set

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def fits_outcomes(outcomes: Iterable[Outcome]) -> list[Outcome]:
    return [outcome for outcome in outcomes if outcome.label.expected == "fits"]


def use_case_score(outcomes: Iterable[Outcome]) -> UseCaseScore:
    """Micro-averaged over the repositories labelled `fits`, whatever their verdict."""
    repos = tp = fp = fn = exact = 0
    for outcome in fits_outcomes(outcomes):
        expected = set(outcome.label.use_cases)
        found = reported_use_cases(outcome.scan.report)
        repos += 1
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
        exact += int(found == expected)
    return UseCaseScore(repos, tp, fp, fn, exact)


def use_case_score_by_slug(outcomes: Iterable[Outcome]) -> dict[str, UseCaseScore]:
    """Per use case over the repositories labelled `fits` (repos = those labelled with it)."""
    counts: dict[str, list[int]] = {}
    for outcome in fits_outcomes(outcomes):
        expected = set(outcome.label.use_cases)
        found = reported_use_cases(outcome.scan.report)
        for slug in expected | found:
            row = counts.setdefault(slug, [0, 0, 0, 0])
            row[0] += int(slug in expected)
            row[1] += int(slug in expected and slug in found)
            row[2] += int(slug in found and slug not in expected)
            row[3] += int(slug in expected and slug not in found)
    return {slug: UseCaseScore(*row) for slug, row in sorted(counts.items())}


@dataclass(frozen=True)
class Miss:
    """A wrong verdict and everything the report said about why it gave it."""

    name: str
    category: str
    part: str
    expected: str
    got: str
    verdict: str | None
    cases: list[str] = field(default_factory=list)
    use_cases: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stack_kind: str | None = None
    stack_reasons: list[str] = field(default_factory=list)
    error: str | None = None


def find_misses(outcomes: Iterable[Outcome]) -> list[Miss]:
    return [miss_of(outcome) for outcome in outcomes if not outcome.right]


def miss_of(outcome: Outcome) -> Miss:
    label, report = outcome.label, outcome.scan.report or {}
    stack = report.get("stack") if isinstance(report.get("stack"), Mapping) else {}
    return Miss(
        name=label.name,
        category=label.category,
        part=outcome.part,
        expected=label.expected,
        got=got(outcome.scan),
        verdict=report.get("verdict"),
        cases=[describe_case(case) for case in report.get("avoid") or ()],
        use_cases=[describe_use_case(case) for case in report.get("use_cases") or ()],
        warnings=[describe_warning(warning) for warning in report.get("warnings") or ()],
        stack_kind=stack.get("kind"),
        stack_reasons=[describe_evidence(item) for item in stack.get("reasons") or ()],
        error=outcome.scan.error,
    )


def describe_case(case: Mapping[str, Any]) -> str:
    text = f"{case.get('id')} {case.get('slug')} {_confidence(case):.2f}"
    reasons = case.get("reasons") or []
    return f"{text} ({'; '.join(map(str, reasons))})" if reasons else text


def describe_use_case(case: Mapping[str, Any]) -> str:
    return f"{case.get('slug')} {_confidence(case):.2f}"


def describe_warning(warning: Mapping[str, Any]) -> str:
    return f"{warning.get('id')} {warning.get('slug')}: {warning.get('message')}"


def describe_evidence(item: Any) -> str:
    if not isinstance(item, Mapping):
        return str(item)
    where = item.get("path") or ""
    if where and item.get("line") is not None:
        where = f"{where}:{item['line']}"
    detail = str(item.get("detail") or "")
    return f"{detail} ({where})" if where and detail else detail or where


def use_case_differences(outcomes: Iterable[Outcome]) -> list[tuple[str, list[str], list[str]]]:
    """(repo, labelled but not reported, reported but not labelled) for `fits` repos."""
    rows = []
    for outcome in fits_outcomes(outcomes):
        expected = set(outcome.label.use_cases)
        found = reported_use_cases(outcome.scan.report)
        if found != expected:
            rows.append((outcome.label.name, sorted(expected - found), sorted(found - expected)))
    return rows


# --- the printout -----------------------------------------------------------------------


def fmt_tally(tally: Tally) -> str:
    """`right/total  pct`, or a dash for an empty group."""
    if not tally.total:
        return f"{'-':>7}  {'':>6}"
    return f"{tally.right:>3}/{tally.total:<3}  {100 * tally.right / tally.total:5.1f}%"


def in_part(outcomes: Iterable[Outcome], part: str) -> list[Outcome]:
    return [outcome for outcome in outcomes if part == "all" or outcome.part == part]


def render_header(
    labels: Sequence[Label], parts: Mapping[str, str], part: str, corpus: Path, trees: Path
) -> list[str]:
    sizes = {name: sum(1 for label in labels if parts[label.name] == name) for name in PARTS}
    by_category = []
    for category in _categories(labels):
        held = sum(1 for x in labels if x.category == category and parts[x.name] == "holdout")
        total = sum(1 for x in labels if x.category == category)
        by_category.append(f"{category} {held}/{total}")
    return [
        f"stackcheck accuracy: {len(labels)} labelled repositories",
        f"  corpus  {corpus}",
        f"  trees   {trees}",
        f"split: train {sizes['train']}, holdout {sizes['holdout']} "
        "(per category, the lowest sha256(name) (n + 1) // 3 are the holdout)",
        f"  holdout per category: {', '.join(by_category)}",
        f"part scanned: {part}",
    ]


def _categories(labels: Iterable[Label]) -> list[str]:
    extra = sorted({label.category for label in labels} - set(CATEGORIES))
    return [*CATEGORIES, *extra]


def render_repos(outcomes: Sequence[Outcome], not_built: Sequence[Label]) -> list[str]:
    lines = ["", "Per repository (seconds = wall time of the scan process)"]
    lines.append(f"  {'part':<8} {'category':<13} {'seconds':>8}  ok    {'expected':<15} got")
    for outcome in outcomes:
        mark = "ok" if outcome.right else "MISS"
        lines.append(
            f"  {outcome.part:<8} {outcome.label.category:<13} {outcome.scan.seconds:8.2f}"
            f"  {mark:<4}  {outcome.label.expected:<15} {got(outcome.scan):<15} "
            f"{outcome.label.name}"
        )
    total = sum(outcome.scan.seconds for outcome in outcomes)
    errors = sum(1 for outcome in outcomes if outcome.scan.error)
    lines.append(f"  total scan time {total:.2f} s ({len(outcomes)} scans, {errors} errors)")
    if not_built:
        lines.append(f"  not built (not counted): {len(not_built)}")
        lines.extend(f"    {label.name}" for label in not_built)
    return lines


def render_accuracy(outcomes: Sequence[Outcome], labels: Sequence[Label]) -> list[str]:
    columns = [("all", outcomes), *((part, in_part(outcomes, part)) for part in PARTS)]
    tables = [accuracy_by_category(rows) for _, rows in columns]
    head = "".join(f"{name:<18}" for name, _ in columns)
    lines = ["", "Verdict accuracy by category", f"  {'CATEGORY':<14}{head}"]
    for category in _categories(labels):
        cells = "".join(f"{fmt_tally(table.get(category, Tally())):<18}" for table in tables)
        lines.append(f"  {category:<14}{cells}")
    cells = "".join(f"{fmt_tally(overall_accuracy(rows)):<18}" for _, rows in columns)
    lines.append(f"  {'OVERALL':<14}{cells}")
    return lines


def render_use_cases(outcomes: Sequence[Outcome]) -> list[str]:
    lines = ["", "Use cases on the repositories labelled fits (micro-averaged)"]
    for part in ("all", *PARTS):
        score = use_case_score(in_part(outcomes, part))
        lines.append(f"  {part:<8} {_fmt_score(score)}  exact sets {score.exact}/{score.repos}")
    lines.append("  per use case (all):")
    for slug, score in use_case_score_by_slug(outcomes).items():
        lines.append(f"    {slug:<12} labelled {score.repos:>2}  {_fmt_score(score, repos=False)}")
    return lines


def _fmt_score(score: UseCaseScore, repos: bool = True) -> str:
    text = (
        f"tp {score.tp:>2} fp {score.fp:>2} fn {score.fn:>2}  precision {score.precision:.3f}"
        f"  recall {score.recall:.3f}  F1 {score.f1:.3f}"
    )
    return f"repos {score.repos:>2}  {text}" if repos else text


def render_misses(misses: Sequence[Miss]) -> list[str]:
    lines = ["", f"Misses ({len(misses)})"]
    for miss in misses:
        lines.append(f"  {miss.name}  [{miss.category}, {miss.part}]")
        lines.append(f"    expected  {miss.expected}")
        verdict = f" (verdict {miss.verdict})" if miss.verdict not in (None, miss.got) else ""
        lines.append(f"    got       {miss.got}{verdict}")
        if miss.error:
            lines.append(f"    error     {miss.error}")
            continue
        lines.append(f"    tripped   {'; '.join(miss.cases) if miss.cases else 'none'}")
        lines.append(f"    use cases {', '.join(miss.use_cases) if miss.use_cases else 'none'}")
        lines.append(f"    stack     {_describe_stack(miss)}")
        lines.extend(f"    warning   {warning}" for warning in miss.warnings or ["none"])
    return lines


def _describe_stack(miss: Miss) -> str:
    if miss.stack_kind is None and not miss.stack_reasons:
        return "(not in the report)"
    reasons = "; ".join(miss.stack_reasons) if miss.stack_reasons else "no reasons given"
    return f"kind {miss.stack_kind}: {reasons}"


def render_differences(outcomes: Sequence[Outcome]) -> list[str]:
    rows = use_case_differences(outcomes)
    lines = ["", f"Use-case differences on fits repositories ({len(rows)})"]
    for name, missing, extra in rows:
        lines.append(
            f"  {name}: missing {', '.join(missing) or '-'}; extra {', '.join(extra) or '-'}"
        )
    return lines


def render(
    outcomes: Sequence[Outcome],
    labels: Sequence[Label],
    parts: Mapping[str, str],
    *,
    part: str = "all",
    not_built: Sequence[Label] = (),
    corpus: Path = DEFAULT_CORPUS,
    trees: Path = DEFAULT_TREES,
) -> str:
    lines = [
        *render_header(labels, parts, part, corpus, trees),
        *render_repos(outcomes, not_built),
        *render_accuracy(outcomes, labels),
        *render_use_cases(outcomes),
        *render_misses(find_misses(outcomes)),
        *render_differences(outcomes),
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def summary(outcomes: Sequence[Outcome], not_built: Sequence[Label]) -> dict[str, Any]:
    """The --json file: every figure of the printout, per part, and one record per repo."""
    by_part = {}
    for part in ("all", *PARTS):
        rows = in_part(outcomes, part)
        score = use_case_score(rows)
        by_part[part] = {
            "categories": {
                name: {"right": tally.right, "total": tally.total}
                for name, tally in accuracy_by_category(rows).items()
            },
            "overall": vars(overall_accuracy(rows)),
            "use_cases": {
                **vars(score),
                "precision": score.precision,
                "recall": score.recall,
                "f1": score.f1,
            },
        }
    return {
        "parts": by_part,
        "repos": [_repo_record(outcome) for outcome in outcomes],
        "misses": [vars(miss) for miss in find_misses(outcomes)],
        "not_built": [label.name for label in not_built],
        "seconds": sum(outcome.scan.seconds for outcome in outcomes),
    }


def _repo_record(outcome: Outcome) -> dict[str, Any]:
    report = outcome.scan.report or {}
    return {
        "name": outcome.label.name,
        "category": outcome.label.category,
        "part": outcome.part,
        "expected": outcome.label.expected,
        "got": got(outcome.scan),
        "right": outcome.right,
        "verdict": report.get("verdict"),
        "avoid": [case.get("id") for case in report.get("avoid") or ()],
        "expected_use_cases": list(outcome.label.use_cases),
        "use_cases": sorted(reported_use_cases(outcome.scan.report)),
        "seconds": round(outcome.scan.seconds, 3),
        "error": outcome.scan.error,
    }


# --- the command ------------------------------------------------------------------------


def scan_all(
    labels: Sequence[Label], parts: Mapping[str, str], trees: Path, timeout: float
) -> tuple[list[Outcome], list[Label]]:
    outcomes, not_built = [], []
    for index, label in enumerate(labels, 1):
        tree = trees / label.key
        if not tree.is_dir():
            not_built.append(label)
            continue
        result = run_scan(tree, timeout)
        outcome = Outcome(label, parts[label.name], result)
        outcomes.append(outcome)
        mark = "ok" if outcome.right else "MISS"
        print(
            f"[{index}/{len(labels)}] {mark:<4} {result.seconds:6.2f}s {label.name}",
            file=sys.stderr,
            flush=True,
        )
    return outcomes, not_built


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--trees", type=Path, default=DEFAULT_TREES, help="built trees")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="training.toml")
    parser.add_argument("--part", choices=("all", *PARTS), default="all")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write figures as JSON")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per repository"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        labels = load_labels(args.corpus)
        if not args.trees.is_dir():
            raise HarnessError(
                f"{args.trees}: no such folder (build the trees with materialize.sh)"
            )
    except HarnessError as exc:
        print(f"accuracy: {exc}", file=sys.stderr)
        return 2
    parts = split(labels)
    chosen = select(labels, parts, args.part)
    outcomes, not_built = scan_all(chosen, parts, args.trees, args.timeout)
    sys.stdout.write(
        render(
            outcomes,
            labels,
            parts,
            part=args.part,
            not_built=not_built,
            corpus=args.corpus,
            trees=args.trees,
        )
    )
    if args.json is not None:
        text = json.dumps(summary(outcomes, not_built), indent=2, sort_keys=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
