"""Fleet throughput: the same fleet through `--jobs 1`, `--jobs N` and a Dask LocalCluster of
N workers, side by side.

    python benchmarks/fleet.py [--repos 200] [--jobs N] [--runs 3] [--dask-batch 8] [REPO ...]

builds a fleet of small synthetic git repositories (five shapes: a Django app, a Hugo site,
a Socket.IO chat server, a C++ order book, a Python library; each with files of its own),
adds any real repositories given as paths, and scans it with each executor from a cold
content cache. Each executor first scans one warm-up repository per worker: that start-up
(spawning workers, a LocalCluster, importing stackcheck in them) is printed apart and is
not in the throughput. Runs are interleaved, and the medians printed with the machine's
load average, since other work on the machine moves the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from stackcheck.fleet.driver import Limits, drive  # noqa: E402
from stackcheck.fleet.results import ResultsFile  # noqa: E402
from stackcheck.fleet.sources import Source, parse_source  # noqa: E402
from stackcheck.fleet.worker import ScanOptions, Task  # noqa: E402

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def django_app(i: int) -> Iterator[tuple[str, str]]:
    yield "requirements.txt", "Django>=4.2\ndjangorestframework\npsycopg[binary]\n"
    yield "manage.py", "import os\nfrom django.core.management import execute_from_command_line\n"
    yield "config/settings.py", 'INSTALLED_APPS = ["django.contrib.admin", "rest_framework"]\n'
    yield "config/urls.py", "from django.urls import path\nurlpatterns = []\n"
    for a in range(4):
        yield (
            f"app{a}/models.py",
            "from django.db import models\n\n"
            f"class Item{i}(models.Model):\n    n = models.IntegerField()\n",
        )
        yield (
            f"app{a}/views.py",
            "from django.shortcuts import render\n\n"
            "def index(request):\n    return render(request, 'index.html')\n",
        )
        yield (
            f"app{a}/templates/app{a}/index.html",
            "<html><body>{% block content %}{% endblock %}</body></html>\n",
        )
    yield "Procfile", "web: gunicorn config.wsgi\n"


def hugo_site(i: int) -> Iterator[tuple[str, str]]:
    yield "config.toml", f'baseURL = "https://site{i}.example/"\ntitle = "Site {i}"\n'
    for p in range(8):
        yield f"content/posts/post{p}.md", f"---\ntitle: Post {p} of {i}\n---\nText.\n"
    yield "layouts/_default/single.html", "<article>{{ .Content }}</article>\n"


def chat_server(i: int) -> Iterator[tuple[str, str]]:
    yield (
        "package.json",
        f'{{"name": "chat{i}", "dependencies": {{"express": "4.18.2", "socket.io": "4.7.2"}}}}\n',
    )
    yield (
        "server.js",
        (
            "const express = require('express');\nconst { Server } = require('socket.io');\n"
            "const app = express();\nconst io = new Server(app.listen(3000));\n"
            "io.on('connection', (socket) => {\n"
            "  socket.on('message', (m) => io.emit('message', m));\n});\n"
        ),
    )
    for p in range(5):
        yield (
            f"lib/room{p}.js",
            f"module.exports = function room{p}(io) {{ return io.to('r{p}'); }};\n",
        )


def order_book(i: int) -> Iterator[tuple[str, str]]:
    yield (
        "CMakeLists.txt",
        f"project(book{i} CXX)\nadd_executable(engine src/matching_engine.cpp)\n",
    )
    yield (
        "src/order_book.hpp",
        "#pragma once\nstruct OrderBook { void add_limit_order(); void match(); };\n",
    )
    yield (
        "src/matching_engine.cpp",
        '#include "order_book.hpp"\n'
        "// matching engine: price-time priority, market data feed handler\n"
        "int main() { return 0; }\n",
    )
    for p in range(5):
        yield f"src/feed{p}.cpp", f"// market data feed handler {p}\nvoid on_tick{p}() {{}}\n"


def library(i: int) -> Iterator[tuple[str, str]]:
    yield (
        "pyproject.toml",
        f'[project]\nname = "lib{i}"\nversion = "1.0"\ndependencies = ["attrs"]\n',
    )
    for p in range(8):
        yield f"src/lib{i}/part{p}.py", f"def part{p}(x):\n    return x * {p}\n"
    yield "tests/test_parts.py", "def test_nothing():\n    assert True\n"


SHAPES: tuple[Callable[[int], Iterator[tuple[str, str]]], ...] = (
    django_app,
    hugo_site,
    chat_server,
    order_book,
    library,
)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
    )


def build_fleet(folder: Path, count: int) -> list[Path]:
    made = []
    for i in range(count):
        root = folder / f"repo{i:04d}"
        for rel, text in SHAPES[i % len(SHAPES)](i):
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (root / "README.md").write_text(f"# Repository {i}\n", encoding="utf-8")
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "fleet benchmark")
        made.append(root)
    return made


def sources_for(paths: list[Path]) -> list[Source]:
    return [s for p in paths for s in parse_source(str(p), Path.cwd(), "benchmark")]


def run_once(
    make_runner: Callable[[], Any], sources: list[Source], warmup: list[Source], scratch: Path
) -> tuple[float, float, list[dict[str, Any]]]:
    """(start-up seconds, scan seconds, lines) for one executor, from a cold cache."""
    scratch.mkdir(parents=True)
    os.environ["STACKCHECK_CACHE_DIR"] = str(scratch / "cache")
    options = ScanOptions()
    started = time.perf_counter()
    runner = make_runner()
    try:
        warm = ResultsFile.open(scratch / "warmup.jsonl")
        drive(runner, [Task(s, options) for s in warmup], warm, Limits(timeout=None))
        warm.close()
        startup = time.perf_counter() - started
        results = ResultsFile.open(scratch / "results.jsonl")
        begun = time.perf_counter()
        outcomes = drive(runner, [Task(s, options) for s in sources], results, Limits(timeout=None))
        seconds = time.perf_counter() - begun
        results.close()
    finally:
        runner.close()
    return startup, seconds, [o.line for o in outcomes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument(
        "--dask-batch", type=int, default=8, help="repositories per Dask task (1: no batches)"
    )
    parser.add_argument("real", nargs="*", type=Path, help="real repositories to add")
    args = parser.parse_args(argv)

    from stackcheck.fleet.executors import DaskRunner, PoolRunner

    executors: dict[str, Callable[[], Any]] = {
        "pool --jobs 1": lambda: PoolRunner(1),
        f"pool --jobs {args.jobs}": lambda: PoolRunner(args.jobs),
    }
    if not args.no_dask:
        executors[f"dask LocalCluster({args.jobs})"] = lambda: DaskRunner(
            None, args.jobs, 0, batch=args.dask_batch
        )
    with tempfile.TemporaryDirectory(prefix="stackcheck-fleet-bench-") as tmp:
        base = Path(tmp)
        built = time.perf_counter()
        paths = build_fleet(base / "fleet", args.repos)
        warmup_paths = build_fleet(base / "warmup", args.jobs)
        print(f"built {args.repos} repositories in {time.perf_counter() - built:.1f} s")
        sources = sources_for([*paths, *(p.resolve() for p in args.real)])
        warmup = sources_for(warmup_paths)
        load_before = os.getloadavg()
        figures: dict[str, list[tuple[float, float]]] = {name: [] for name in executors}
        lines: dict[str, list[dict[str, Any]]] = {}
        for run in range(args.runs):
            for name, make in executors.items():
                scratch = base / f"run{run}-{name.split()[0]}{len(figures[name])}-{id(make)}"
                startup, seconds, found = run_once(make, sources, warmup, scratch)
                figures[name].append((startup, seconds))
                lines[name] = found
                print(f"  run {run + 1}: {name}: {seconds:.2f} s (start-up {startup:.2f} s)")
        load_after = os.getloadavg()
    report(args, sources, figures, lines, load_before, load_after)
    return 0


def report(
    args: argparse.Namespace,
    sources: list[Source],
    figures: dict[str, list[tuple[float, float]]],
    lines: dict[str, list[dict[str, Any]]],
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> None:
    print()
    print(
        f"fleet: {args.repos} synthetic + {len(args.real)} real repositories, "
        f"{os.cpu_count()} CPUs, {args.runs} runs each, medians; load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    print(f"{'executor':<26} {'start-up s':>10} {'scan s':>8} {'repos/s':>8} {'vs jobs 1':>10}")
    single = statistics.median(s for _, s in figures["pool --jobs 1"])
    for name, runs in figures.items():
        startup = statistics.median(u for u, _ in runs)
        seconds = statistics.median(s for _, s in runs)
        rate = len(sources) / seconds
        print(f"{name:<26} {startup:>10.2f} {seconds:>8.2f} {rate:>8.1f} {single / seconds:>9.2f}x")
    names = list(figures)
    if len(names) == 3:
        pool = statistics.median(s for _, s in figures[names[1]])
        dask = statistics.median(s for _, s in figures[names[2]])
        print(f"dask / pool throughput: {pool / dask:.2f}")
        # The two ran back to back in each run, so under a load that changes between runs
        # the ratio within a run says more than the ratio of the two medians.
        each = [p / d for (_, p), (_, d) in zip(figures[names[1]], figures[names[2]], strict=True)]
        print(
            "dask / pool throughput within each run: "
            + ", ".join(f"{r:.2f}" for r in each)
            + f" (median {statistics.median(each):.2f})"
        )
    one = lines["pool --jobs 1"]
    totals = [x["seconds"]["total"] for x in one]
    scans = [x["seconds"]["scan"] for x in one]
    failed = sum(1 for x in one if x["error"])
    print(
        f"per repository (pool --jobs 1): median {statistics.median(totals) * 1000:.0f} ms in the "
        f"worker ({statistics.median(scans) * 1000:.0f} ms of it in pipeline.scan), p90 "
        f"{statistics.quantiles(totals, n=10)[-1] * 1000:.0f} ms; {failed} failed"
    )
    verdicts: dict[str, int] = {}
    for x in one:
        verdicts[x["verdict"] or "failed"] = verdicts.get(x["verdict"] or "failed", 0) + 1
    print("verdicts: " + ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items())))


if __name__ == "__main__":
    raise SystemExit(main())
