"""Benchmark `stackcheck history` against scanning every commit on its own.

    python benchmarks/history.py [--commits 200] [--keep DIR]

Builds a synthetic repository of COMMITS first-parent commits, each changing a few files
of a ~300-file Django-like tree, then prints:

  history      `stackcheck history --max-count COMMITS` with a cold cache (one process),
               then again with the cache it filled
  history of 1 the same for the newest commit alone: process start plus one scan
  independent  COMMITS scans of `--rev <commit>` with no cache, in-process (pipeline.scan)
  one scan     one scan of the newest commit with no cache, in-process (median of 5)

The history should cost about one scan plus the blobs that changed, far below the
independent scans; the history of one commit shows what of it is the process itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from synthetic import ADMIN, MODEL, VIEW  # noqa: E402

from stackcheck.config import Settings  # noqa: E402
from stackcheck.pipeline import scan  # noqa: E402

APPS = 24
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def tree() -> Iterator[tuple[str, str]]:
    """About 300 files: settings, manifests, and APPS apps with models, views, templates."""
    yield "requirements.txt", "Django>=4.2\ndjangorestframework\npsycopg[binary]\n"
    yield "manage.py", "import os\nfrom django.core.management import execute_from_command_line\n"
    yield "config/settings.py", 'INSTALLED_APPS = ["django.contrib.admin", "rest_framework"]\n'
    yield "config/urls.py", "from django.urls import path\n\nurlpatterns = []\n"
    for a in range(APPS):
        app, name = f"app{a:02d}", f"Thing{a}"
        yield f"{app}/__init__.py", ""
        yield f"{app}/models.py", MODEL.format(name=name)
        yield f"{app}/views.py", VIEW.format(name=name, lower=name.lower())
        yield f"{app}/admin.py", ADMIN.format(name=name)
        yield f"{app}/urls.py", "from django.urls import path\n\nurlpatterns = []\n"
        for m in range(3):
            yield f"{app}/migrations/{m:04d}_auto.py", "from django.db import migrations\n"
        for t in range(3):
            yield f"{app}/templates/{name.lower()}/page{t}.html", "<div>{{ item }}</div>\n" * 20
        yield f"{app}/static/{app}/site.js", "// script\n" * 30


def change(step: int) -> Iterator[tuple[str, str]]:
    """A few files per commit: a model grows a field, a view and a template are touched."""
    app, name = f"app{step % APPS:02d}", f"Thing{step % APPS}"
    field = f"    field{step} = models.IntegerField(default={step})\n"
    yield f"{app}/models.py", MODEL.format(name=name) + field
    yield f"{app}/views.py", VIEW.format(name=name, lower=name.lower()) + f"# change {step}\n"
    yield f"{app}/templates/{name.lower()}/page{step % 3}.html", f"<p>{step}</p>\n" * 20


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(root)}
    return subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def write(root: Path, files: Iterator[tuple[str, str]]) -> None:
    for rel, text in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def build(root: Path, commits: int) -> list[str]:
    """The repository, built once; returns its first-parent commits, newest first."""
    if not (root / ".git").is_dir():
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q")
        write(root, tree())
        git(root, "add", "-A")
        git(root, "commit", "-qm", "initial tree")
        for step in range(1, commits):
            write(root, change(step))
            git(root, "commit", "-qam", f"change {step}")
    return git(root, "rev-list", "--first-parent", f"--max-count={commits}", "HEAD").split()


def timed_history(root: Path, commits: int, runs: int = 1) -> list[float]:
    """Seconds of `history` run `runs` times in a row on one fresh cache: the first run
    finds it empty, the others find every blob and tree in it."""
    with tempfile.TemporaryDirectory(prefix="stackcheck-bench-cache-") as cache:
        env = {**os.environ, "STACKCHECK_CACHE_DIR": cache}
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "stackcheck",
                    "history",
                    "--max-count",
                    str(commits),
                    str(root),
                ],
                env=env,
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - started)
        return times


def timed_scans(root: Path, revs: list[str]) -> float:
    settings = Settings(cache=False)
    started = time.perf_counter()
    for rev in revs:
        scan(root, settings, rev=rev)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the repository here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stackcheck-bench-history-") as scratch:
        root = args.keep or Path(scratch) / "repo"
        revs = build(root, args.commits)
        files = len(git(root, "ls-files").splitlines())
        print(f"{len(revs)} commits of a {files}-file tree at {root}")
        cold, warm = zip(*(timed_history(root, len(revs), runs=2) for _ in range(3)), strict=True)
        history, again = statistics.median(cold), statistics.median(warm)
        history_one = statistics.median(timed_history(root, 1)[0] for _ in range(3))
        independent = timed_scans(root, revs)
        one = statistics.median(timed_scans(root, revs[:1]) for _ in range(5))
    per_commit = (again - history_one) / max(len(revs) - 1, 1)
    print(f"  history --max-count {len(revs)} (cold cache)  {history:8.2f}s")
    print(f"  the same again (warm cache)          {again:8.2f}s")
    print(f"  history --max-count 1 (cold cache)   {history_one:8.2f}s")
    print(f"  {len(revs)} independent scans (no cache)   {independent:8.2f}s")
    print(f"  one scan (no cache)                  {one:8.2f}s")
    print(f"  history / one scan                   {history / one:8.1f}x")
    print(f"  independent / history                {independent / history:8.1f}x")
    print(
        f"  = one commit {history_one:.2f}s + blobs the older commits bring "
        f"{history - again:.2f}s + {per_commit * 1000:.1f} ms per further commit"
    )


if __name__ == "__main__":
    main()
