"""Scan real repositories and print the docs/field-tests.md table.

    python benchmarks/field_tests.py docs/field-tests.toml --mirrors DIR

The TOML file lists public repositories with the verdict a reviewer expects and why:

    [[repo]]
    name = "wagtail/bakerydemo"
    expect = "suits"
    note = "Wagtail demo site"

Each is looked up under DIR as a clone (DIR/wagtail/bakerydemo), a bare mirror
(DIR/wagtail+bakerydemo/repo, scanned at HEAD from git objects) or a plain tree
(DIR/wagtail+bakerydemo, as the corpus's materialize.sh builds them). An entry labelled
blind may name the "when not" case it expects (`case = "DJ901"`): an `avoid` verdict is
then right only when that case decides it. An entry whose tree is not under DIR is counted
and left out (a machine holds the trees of some rounds only).

Each is scanned without a cache; the table gives verdict, matched rules, top evidence and time,
and marks the rows where the verdict differs from the expectation.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from stackcheck.config import Settings  # noqa: E402
from stackcheck.facts._toml import loads  # noqa: E402
from stackcheck.pipeline import scan  # noqa: E402


def locate(mirrors: Path, name: str) -> tuple[Path, str | None]:
    owner, repo = name.split("/")
    bare = mirrors / f"{owner}+{repo}" / "repo"
    # (a fetched mirror's git folder; a plain tree may hold a folder called `repo` of its own)
    if (bare / "HEAD").is_file() or (bare / ".git").exists():
        return bare, "HEAD"
    tree = mirrors / f"{owner}+{repo}"
    if tree.is_dir():
        return tree, None
    return mirrors / owner / repo, None


def row(entry: dict[str, str], mirrors: Path) -> tuple[str, bool]:
    path, rev = locate(mirrors, entry["name"])
    started = time.perf_counter()
    report = scan(path, Settings(cache=False), rev=rev)
    seconds = time.perf_counter() - started
    v = report.verdict
    findings = [*v.avoid, *v.use_cases]
    rules = ", ".join(f"{f.rule.id} {f.confidence:.2f}" for f in findings) or "—"
    warnings = ", ".join(f.rule.id for f in (*v.warnings, *v.low_confidence_avoid))
    top = findings[0].evidence[0] if findings and findings[0].evidence else None
    evidence = f"`{top.path}{':' + str(top.line) if top.line else ''}` {top.detail}" if top else ""
    kinds = sorted({m.kind for m in report.facts.manifests})
    manifests = f"{len(report.facts.manifests)}: {', '.join(kinds[:6])}" + (
        ", …" if len(kinds) > 6 else ""
    )
    ok = v.verdict == entry["expect"]
    case = entry.get("case", "")
    if ok and v.verdict == "avoid" and case.startswith("DJ9"):
        ok = bool(v.avoid) and v.avoid[0].rule.id == case
    mark = "" if ok else " ✗"
    line = (
        f"| {entry['name']} | {entry.get('note', '')} | {entry['expect']} | "
        f"**{v.verdict}**{mark} | {rules}{' (+' + warnings + ')' if warnings else ''} | "
        f"{evidence.replace('|', '/')} | {manifests} | {report.facts.files} | {seconds:.2f} s |"
    )
    return line, ok


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("expectations", type=Path)
    parser.add_argument("--mirrors", type=Path, required=True)
    args = parser.parse_args(argv)
    entries = loads(args.expectations.read_text(encoding="utf-8"))["repo"]
    print(
        "| repository | what it is | expected | verdict | rules (confidence) | top evidence "
        "| manifests read | files | time |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | ---: | ---: |")
    right = clear_right = clear = 0
    absent: list[str] = []
    at_hand = []
    for entry in entries:
        path, _ = locate(args.mirrors, entry["name"])
        if path.is_dir():
            at_hand.append(entry)
        else:
            absent.append(entry["name"])
    for entry in at_hand:
        line, ok = row(entry, args.mirrors)
        right += ok
        if not entry.get("ambiguous", False):
            clear += 1
            clear_right += ok
        print(line, flush=True)
    print(f"\n{right} of {len(at_hand)} verdicts as expected.")
    if absent:
        # (a machine holds the trees of some rounds only; the rest are listed, not guessed)
        print(f"{len(absent)} of the {len(entries)} entries have no tree under {args.mirrors}.")
    if clear < len(at_hand):
        # (a labeller who found the rubric reading either way marked the entry ambiguous)
        print(f"{clear_right} of the {clear} not marked ambiguous.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
