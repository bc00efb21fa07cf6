"""Every output of the real CLI on every fixture, to show a change alters none of them.

    python benchmarks/parity.py OUT_DIR [--jobs N] [--only NAME]
    python benchmarks/parity.py --compare DIR_A DIR_B

Each fixture under tests/fixtures/ is built into a real git repository in a temporary
folder (tests/conftest.py's make_repo; a fixture is never scanned in place), then:

  scan      in every format, plus `-v` for text
  diff      the fixture committed in two halves, `diff HEAD~1 HEAD` in every format, plus `-v`
  history   of that two-commit repository, text and json

Every output, its exit status and its standard error go to OUT_DIR/<fixture>/, with
timings masked (`in 0.12s`, `"seconds": 0.012`, JUnit's `time="0.012"`) and the temporary
folder written as <REPO>. Commit dates are fixed, so commit ids are the same in every run.
`--compare` prints the files that differ (with a unified diff) and exits 1 if any do.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import FIXTURES, git, make_repo  # noqa: E402

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "markdown", "json-lines")
HISTORY_FORMATS = ("text", "json")
FIXED_DATE = "2026-01-02T03:04:05+00:00"

MASKS = (
    (re.compile(r"\bin \d+\.\d+s\b"), "in <T>s"),
    (re.compile(r'"seconds": \d+(?:\.\d+)?(?:e-?\d+)?'), '"seconds": <T>'),
    (re.compile(r'\btime="\d+(?:\.\d+)?"'), 'time="<T>"'),
)


def stackcheck() -> list[str]:
    script = Path(sys.executable).parent / "stackcheck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "stackcheck"]


def mask(text: str, repo: Path) -> str:
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    for form in {str(repo), str(repo.resolve())}:
        text = text.replace(form, "<REPO>")
    return text


def run_cli(repo: Path, cache: Path, args: list[str]) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    env["STACKCHECK_CACHE_DIR"] = str(cache)
    done = subprocess.run(
        [*stackcheck(), *args], cwd=repo, env=env, capture_output=True, check=False
    )
    out = done.stdout.decode("utf-8", "surrogateescape")
    err = done.stderr.decode("utf-8", "surrogateescape")
    return done.returncode, mask(out, repo), mask(err, repo)


def two_commit_repo(dest: Path, fixture: str) -> Path:
    """The fixture committed as the first half of its files (by path), then the rest."""
    dest.mkdir(parents=True)
    shutil.copytree(FIXTURES / fixture, dest, dirs_exist_ok=True)
    git(dest, "init", "-q")
    files = sorted(
        p.relative_to(dest).as_posix()
        for p in dest.rglob("*")
        if (p.is_file() or p.is_symlink()) and ".git" not in p.relative_to(dest).parts
    )
    half = files[: len(files) // 2]
    if half:
        git(dest, "add", "--", *half)
    git(dest, "commit", "-q", "--allow-empty", "-m", "first half")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "--allow-empty", "-m", "the rest")
    return dest


def commands() -> Iterator[tuple[str, str, list[str]]]:
    """(name, which repository, arguments) for every run on one fixture."""
    for fmt in FORMATS:
        yield f"scan-{fmt}", "one", ["scan", "--format", fmt, "."]
        yield f"diff-{fmt}", "two", ["diff", "--format", fmt, "HEAD~1", "HEAD", "."]
    yield "scan-text-v", "one", ["scan", "--format", "text", "-v", "."]
    yield "diff-text-v", "two", ["diff", "--format", "text", "-v", "HEAD~1", "HEAD", "."]
    for fmt in HISTORY_FORMATS:
        yield f"history-{fmt}", "two", ["history", "--format", fmt, "HEAD", "."]


def one_fixture(fixture: str, out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="parity-") as tmp:
        folder = Path(tmp)
        repos = {
            "one": make_repo(folder / "one" / fixture, fixture),
            "two": two_commit_repo(folder / "two" / fixture, fixture),
        }
        target = out / fixture
        target.mkdir(parents=True, exist_ok=True)
        for name, which, args in commands():
            code, stdout, stderr = run_cli(repos[which], folder / "cache", args)
            (target / f"{name}.out").write_text(stdout, encoding="utf-8", errors="surrogateescape")
            (target / f"{name}.status").write_text(
                f"exit {code}\n{stderr}", encoding="utf-8", errors="surrogateescape"
            )


def produce(out: Path, jobs: int, only: str | None) -> int:
    os.environ.update(
        {
            "GIT_AUTHOR_DATE": FIXED_DATE,
            "GIT_COMMITTER_DATE": FIXED_DATE,
        }
    )
    fixtures = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
    if only:
        fixtures = [f for f in fixtures if only in f]
    out.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for fixture, _ in zip(
            fixtures, pool.map(lambda f: one_fixture(f, out), fixtures), strict=True
        ):
            print(f"  {fixture}", flush=True)
    count = sum(1 for _ in out.rglob("*.out"))
    print(f"{len(fixtures)} fixtures, {count} outputs in {out}")
    return 0


def compare(first: Path, second: Path) -> int:
    names_a = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    names_b = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    differ = 0
    for name in sorted(names_a ^ names_b):
        print(f"only in {'first' if name in names_a else 'second'}: {name}")
        differ += 1
    for name in sorted(names_a & names_b):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if a == b:
            continue
        differ += 1
        print(f"differs: {name}")
        lines = difflib.unified_diff(
            a.decode("utf-8", "replace").splitlines(),
            b.decode("utf-8", "replace").splitlines(),
            f"a/{name}",
            f"b/{name}",
            lineterm="",
            n=1,
        )
        for line in list(lines)[:40]:
            print(f"    {line}")
    total = len(names_a | names_b)
    print(f"{total} files compared, {differ} differ" if differ else f"{total} files identical")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="folder to write every output to")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("DIR_A", "DIR_B"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--only", help="only fixtures whose name contains this")
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        parser.error("give OUT_DIR, or --compare DIR_A DIR_B")
    return produce(args.out, args.jobs, args.only)


if __name__ == "__main__":
    sys.exit(main())
