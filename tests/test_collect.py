from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RepoFactory, git
from stackcheck.cache import Cache
from stackcheck.facts import Fact, Facts, Manifest, Skipped, fact
from stackcheck.facts.collect import FileResult, Limits, collect, decode_result
from stackcheck.source.discover import discover


def test_include_without_a_parser_of_its_own_is_read_as_its_includer(repo: RepoFactory) -> None:
    root = repo(
        files={
            "requirements.txt": "-r deps/common.pins\n-r gone.txt\nflask\n",
            "deps/common.pins": "Django>=4.2\n",
        }
    )
    facts = collect(discover(root))
    assert {"py.dep.django", "py.dep.flask"} <= set(facts.values)
    assert facts.manifests == (
        Manifest("deps/common.pins", "requirements", 1),
        Manifest("requirements.txt", "requirements", 1),
    )
    assert Skipped("gone.txt", "included from requirements.txt, not found") in facts.skipped


def test_problems_with_files_are_skipped_with_a_reason(repo: RepoFactory) -> None:
    root = repo(
        files={
            "pyproject.toml": "[project\nname = ",
            "package.json": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "requirements.txt": "Django\n" + "# padding\n" * 200,
            "setup.py": "from setuptools import setup\nsetup(install_requires=['flask'])\n",
        }
    )
    facts = collect(discover(root), Limits(max_file_bytes=1000))
    reasons = {s.path: s.reason for s in facts.skipped}
    assert reasons["pyproject.toml"].startswith("malformed: ")
    assert reasons["package.json"] == "binary file (NUL bytes)"
    assert reasons["requirements.txt"] == "larger than 1000 bytes"
    assert "py.dep.flask" in facts.values
    assert facts.files_read == 3


def test_utf16_requirements_are_read(repo: RepoFactory) -> None:
    root = repo(files={"requirements.txt": "Django>=4.2\r\nchannels\r\n".encode("utf-16")})
    facts = collect(discover(root))
    assert {"py.dep.django", "py.dep.channels"} <= set(facts.values)
    assert facts.skipped == ()


def test_files_no_collector_wants_are_not_read(repo: RepoFactory) -> None:
    root = repo(files={"logo.png": b"\x89PNG", "data.csv": "a,b\n", "requirements.txt": "x\n"})
    facts = collect(discover(root))
    assert facts.files == 3
    assert facts.files_read == 1


def test_a_collector_stuck_on_one_file_is_cut_off(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stackcheck.facts import signals

    def forever(path: str, text: str) -> list[object]:
        while True:
            pass

    stuck = signals.FileScanner("stuck", lambda path: path.endswith(".slow"), forever)
    monkeypatch.setitem(signals.ROUTES, "stuck_module", signals.Route((".slow",)))
    monkeypatch.setitem(signals._by_module, "stuck_module", (stuck,))
    signals._routed.cache_clear()
    root = repo(files={"a.slow": "x", "requirements.txt": "Django\n"})
    facts = collect(discover(root), Limits(time_budget=0.2))
    signals._routed.cache_clear()
    assert Skipped("a.slow", "stuck: took longer than 0.2 s to analyse") in facts.skipped
    assert "py.dep.django" in facts.values


@pytest.mark.parametrize("heavy", [None, 1, 400], ids=["none-heavy", "all-heavy", "some-heavy"])
@pytest.mark.parametrize("rev", [None, "HEAD"], ids=["work-tree", "revision"])
def test_parallel_analysis_gives_the_same_facts(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, rev: str | None, heavy: int | None
) -> None:
    """Workers take the heavy files first, out of path order; the facts merged from their
    results are those of one process analysing every file in path order."""
    from stackcheck.facts import collect as collect_module

    root = repo("verdict-dj108-shop-notifications")
    serial = collect(discover(root, rev=rev))
    monkeypatch.setattr(collect_module, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(collect_module, "PARALLEL_MIN_BYTES", 1)
    if heavy is not None:
        monkeypatch.setattr(collect_module, "HEAVY_BYTES", heavy)
        monkeypatch.setattr(collect_module, "CHUNK", 2)
    parallel = collect(discover(root, rev=rev))
    assert parallel.values == serial.values
    assert parallel.manifests == serial.manifests
    assert (parallel.files_read, parallel.bytes_read) == (serial.files_read, serial.bytes_read)


def test_heavy_files_are_handed_out_first_one_per_task(monkeypatch: pytest.MonkeyPatch) -> None:
    from stackcheck.facts import collect as collect_module
    from stackcheck.source.listing import RepoFile

    monkeypatch.setattr(collect_module, "CHUNK", 3)
    monkeypatch.setattr(collect_module, "HEAVY_BYTES", 100)
    sizes = [5, 300, 7, 100, 9, 11, 13, 2000, 1]
    jobs = [
        collect_module.Job(RepoFile(f"f{i}", size, False, None, False), None, ())
        for i, size in enumerate(sizes)
    ]
    tasks = list(collect_module._tasks(jobs))
    assert [[j.file.size for j in task] for task in tasks] == [
        [2000], [300], [100], [5, 7, 9], [11, 13, 1]
    ]  # fmt: skip
    assert sorted(j for task in tasks for j in task) == sorted(jobs)


def test_a_worker_gives_memory_back_after_a_heavy_file(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stackcheck.facts import collect as collect_module

    root = repo(files={"big.py": "import os\n" + "x = 1\n" * 30_000, "small.py": "import os\n"})
    listed = discover(root)
    jobs = {j.file.path: j for j in collect_module._jobs(listed.files)}
    assert jobs["big.py"].file.size >= collect_module.HEAVY_BYTES
    trims: list[int] = []
    monkeypatch.setattr(collect_module, "return_freed_memory", lambda: trims.append(1))
    monkeypatch.setattr(collect_module, "_WORK", (listed, Limits()))
    small = collect_module._analyse_jobs([jobs["small.py"]])
    assert trims == []
    big = collect_module._analyse_jobs([jobs["big.py"]])
    assert trims == [1]
    assert [path for path, _, _ in small + big] == ["small.py", "big.py"]


def _probed(
    repo: RepoFactory,
    monkeypatch: pytest.MonkeyPatch,
    scan: Callable[[str, str], list[Fact]],
    files: int,
    cores: int,
) -> Facts:
    """The facts of a tree of `.probe` files that `scan` alone reads, collected on `cores`
    cores in parallel however few the files."""
    from stackcheck.facts import collect as collect_module
    from stackcheck.facts import signals

    probe = signals.FileScanner("probe", lambda path: path.endswith(".probe"), scan)
    monkeypatch.setitem(signals.ROUTES, "probe_module", signals.Route((".probe",)))
    monkeypatch.setitem(signals._by_module, "probe_module", (probe,))
    monkeypatch.setattr(collect_module, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(collect_module.os, "cpu_count", lambda: cores)
    root = repo(files={f"p{i:03}.probe": "x" for i in range(files)})
    signals._routed.cache_clear()
    signals.scanners_for.cache_clear()
    signals.candidates.cache_clear()
    try:
        return collect(discover(root))
    finally:
        signals._routed.cache_clear()
        signals.scanners_for.cache_clear()
        signals.candidates.cache_clear()


def test_workers_leave_what_the_caller_made_to_be_shared_and_unfreeze_after(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the fork everything is frozen (a worker's collector never writes to those
    objects, so their pages stay shared); after the pool, nothing stays frozen: a long
    fleet or history run must still collect what it made before."""
    import gc

    from stackcheck.facts import collect as collect_module

    def frozen(path: str, text: str) -> list[Fact]:
        return [fact(f"test.frozen.{gc.get_freeze_count() > 0}".lower(), path, None, "")]

    monkeypatch.setattr(collect_module, "PARALLEL_MIN_BYTES", 1)
    facts = _probed(repo, monkeypatch, frozen, files=200, cores=2)
    assert "test.frozen.true" in facts.values
    assert "test.frozen.false" not in facts.values
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("cores", [2, 3])
def test_the_caller_analyses_beside_one_helper_per_further_core(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    """No process sits idle merging: on two cores, this one and a single helper analyse."""
    import os
    import time

    from stackcheck.facts import collect as collect_module

    def who(path: str, text: str) -> list[Fact]:
        time.sleep(0.003)  # every process gets to claim some
        return [fact(f"test.pid.{os.getpid()}", path, None, "")]

    monkeypatch.setattr(collect_module, "CHUNK", 8)
    facts = _probed(repo, monkeypatch, who, files=240, cores=cores)
    pids = {int(k.rsplit(".", 1)[1]) for k in facts.values if k.startswith("test.pid.")}
    assert os.getpid() in pids
    assert len(pids) == cores
    assert sum(facts.values[f"test.pid.{pid}"].value for pid in pids) == 240


def test_without_a_shared_lock_the_caller_analyses_alone(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where POSIX semaphores are missing (a container without /dev/shm) no helper is
    forked, and the scan still reads every file."""
    import multiprocessing.context
    import os

    def no_semaphores(self: object) -> None:
        raise OSError(38, "Function not implemented")

    def who(path: str, text: str) -> list[Fact]:
        return [fact(f"test.pid.{os.getpid()}", path, None, "")]

    monkeypatch.setattr(multiprocessing.context.BaseContext, "Lock", no_semaphores)
    facts = _probed(repo, monkeypatch, who, files=40, cores=2)
    assert facts.values[f"test.pid.{os.getpid()}"].value == 40
    assert [k for k in facts.values if k.startswith("test.pid.")] == [f"test.pid.{os.getpid()}"]


def test_a_memo_answers_as_the_cache_does_and_decodes_each_file_once(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo(files={"requirements.txt": "Django\n", "blog/views.py": "import django\n"})
    for name in ("blog/urls.py", "blog/models.py"):  # two more trees, each one file larger
        (root / name).write_text("from django.db import models\n")
        git(root, "add", name)
        git(root, "commit", "-qm", name)
    trees = [discover(root, rev=f"HEAD~{n}") for n in (2, 1, 0)]
    plain = Cache(tmp_path / "plain")
    expected = [collect(tree, cache=plain) for tree in trees]

    decoded: list[dict[str, Any]] = []

    def counting(raw: dict[str, Any]) -> FileResult:
        decoded.append(raw)
        return decode_result(raw)

    monkeypatch.setattr("stackcheck.facts.collect.decode_result", counting)
    cache, memo = Cache(tmp_path / "memo"), {}
    collect(trees[0], cache=cache)  # the oldest tree's files are in the cache, not the memo
    assert [collect(tree, cache=cache, memo=memo) for tree in trees[1:]] == expected[1:]
    assert len(decoded) == 2  # requirements.txt and views.py, once for both trees
    assert sorted(path for path, _ in memo) == [
        "blog/models.py",
        "blog/urls.py",
        "blog/views.py",
        "requirements.txt",
    ]


def test_minified_bundles_are_not_read_by_code_signals(repo: RepoFactory) -> None:
    server = "const io = require('socket.io')(server);io.on('connection', s => s.on('m', f));"
    bundle = ";".join([server] * 400)  # one long line: what a bundler writes
    root = repo(files={"assets/app-3f9a1c2b.js": bundle, "src/server.js": server + "\n"})
    facts = collect(discover(root))
    # (its name alone says it is a bundler's output: a fact about the tree, not its code)
    named = facts.values["static.bundle_output"].evidence
    assert [e.path for e in named] == ["assets/app-3f9a1c2b.js"]
    places = {
        e.path for k, f in facts.values.items() if k != "static.bundle_output" for e in f.evidence
    }
    assert "src/server.js" in places
    assert "assets/app-3f9a1c2b.js" not in places


@pytest.mark.parametrize(
    ("path", "data", "expected"),
    [
        pytest.param("a.js", b"x" * 100, False, id="small"),
        pytest.param("a.js", b"x = 1\n" * 10_000, False, id="long-but-lined"),
        pytest.param("a.js", b"x=1;" * 10_000, True, id="one-long-line"),
        pytest.param("a.py", b"x=1;" * 10_000, False, id="python-is-never-minified"),
    ],
)
def test_minified(path: str, data: bytes, expected: bool) -> None:
    from stackcheck.facts.collect import minified

    assert minified(path, data) is expected


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_freed_heap_memory_goes_back_to_the_system_before_the_fork() -> None:
    """What a large tree's git listings took is freed by the time the workers are forked;
    glibc would keep those pages (and every worker would share and copy them)."""
    from stackcheck.facts.collect import return_freed_memory

    def resident_kib() -> int:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError("no VmRSS")

    held = [bytes(60_000) for _ in range(600)]  # 36 MB in chunks below mmap's threshold
    later = [bytes(60_000)]  # allocated after them: the heap cannot simply shrink from its top
    before = resident_kib()
    del held
    return_freed_memory()
    assert resident_kib() < before - 20_000
    assert later


def _tree(*files: tuple[str, int, bool, str | None, bool], skipped: tuple[Skipped, ...] = ()):
    from stackcheck.source.listing import RepoFile, RepoFiles

    return RepoFiles(Path("/x"), None, tuple(RepoFile(*f) for f in files), skipped, 0, None)  # type: ignore[arg-type]


def test_the_tree_key_tells_apart_every_column_of_every_file() -> None:
    from stackcheck.facts.collect import _tree_key

    a, b = "a" * 40, "b" * 40
    base = (("src/a.py", 10, False, a, False), ("src/b.py", 20, False, b, False))
    limits = Limits()
    first = _tree_key(_tree(*base), limits)
    assert first is not None and first == _tree_key(_tree(*base), limits)
    changed = [
        (("src/a.py", 11, False, a, False), base[1]),  # a size
        (("src/a.py", 10, False, b, False), base[1]),  # a blob
        (("src/a.py", 10, True, a, False), base[1]),  # documentation
        (("src/a.py", 10, False, a, True), base[1]),  # a test
        (("src/a.pyx", 10, False, a, False), base[1]),  # a path
        (("src/a.py", 10, False, a, False), ("src/b.py", 20, False, b, True)),  # the last's role
        (base[0],),  # a file fewer
        (("src/a.py", 20, False, b, False), ("src/b.py", 10, False, a, False)),  # swapped content
    ]
    keys = {_tree_key(_tree(*files), limits) for files in changed}
    keys.add(_tree_key(_tree(*base, skipped=(Skipped("c.py", "too large"),)), limits))
    keys.add(_tree_key(_tree(*base), Limits(max_file_bytes=limits.max_file_bytes + 1)))
    assert first not in keys and len(keys) == len(changed) + 2
    # A path's end does not run into the next: "src/a" + "b" is not "src/ab" + "".
    joined = _tree_key(_tree(("x/ab", 1, False, a, False), ("y", 1, False, a, False)), limits)
    split = _tree_key(_tree(("x/a", 1, False, a, False), ("by", 1, False, a, False)), limits)
    assert joined != split
    assert _tree_key(_tree(base[0], ("src/b.py", 20, False, None, False)), limits) is None
    assert _tree_key(_tree(), limits) is None


def _fixture_files() -> list[tuple[str, bytes]]:
    root = Path(__file__).parent / "fixtures"
    found = [
        (str(path.relative_to(root)), path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.stat().st_size < 20_000
    ]
    return found


@given(
    st.sampled_from(_fixture_files()),
    st.integers(min_value=0, max_value=2_000),
    st.sampled_from([b"", b"order price", b"import django", b"\x00\xff", b"ws.on(", b"x = 1\n"]),
)
@settings(max_examples=300, deadline=None)
def test_the_scanners_chosen_for_a_file_are_those_that_want_it(
    fixture: tuple[str, bytes], cut: int, extra: bytes
) -> None:
    """Whatever order the tests are tried in (a short file's needles before the gates), the
    scanners are exactly those whose path test, gate and needles all pass."""
    from stackcheck.facts import signals
    from stackcheck.facts.collect import scanners_wanting

    signals.load_always()
    path, whole = fixture
    data = whole[:cut] + extra  # short and long files, with and without the needles
    modules = signals.modules_for(path)
    assert scanners_wanting(modules, path, data) == [
        s
        for s in signals.candidates(modules, signals.ending_of(path))
        if s.wants(path)
        and (s.gate is None or s.gate(data))
        and (not s.needles or any(needle in data for needle in s.needles))
    ]


def test_only_a_scan_with_a_cache_hashes_the_files_it_reads(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file's blob id keys the cache; a scan without one does not compute it, and finds
    the same facts."""
    import stackcheck.facts.collect as collect_module

    root = repo("verdict-dj102-api")
    hashed: list[int] = []
    real = collect_module.blob_id
    monkeypatch.setattr(collect_module, "blob_id", lambda data: hashed.append(1) or real(data))
    plain = collect(discover(root))
    assert plain.files_read > 0 and hashed == []
    cached = collect(discover(root), cache=Cache(tmp_path / "cache"))
    assert len(hashed) == cached.files_read == plain.files_read
    assert cached.values == plain.values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> topic\nd\n", "a\nb\nd\n", id="two-sides"
        ),
        pytest.param(
            "<<<<<<< ours\nb\n||||||| base\nx\n=======\nc\n>>>>>>> theirs\n", "b\n", id="diff3"
        ),
        pytest.param("a\n<<<<<<< HEAD\nb\n=======\nc\n", None, id="unclosed"),
        pytest.param('{"a": "<<<<<<<"}\n', None, id="a-marker-inside-a-value-is-none"),
        pytest.param("plain\n", None, id="no-conflict"),
    ],
)
def test_conflict_side(text: str, expected: str | None) -> None:
    from stackcheck.facts.collect import conflict_side

    assert conflict_side(text) == expected


def test_a_manifest_committed_with_a_merge_conflict_is_read_from_its_first_side(
    repo: RepoFactory,
) -> None:
    composer = (
        '{\n  "require": {\n    "php": ">=8.2",\n<<<<<<< HEAD\n'
        '    "symfony/framework-bundle": "7.1.*",\n=======\n'
        '    "symfony/framework-bundle": "6.4.*",\n>>>>>>> user\n'
        '    "doctrine/orm": "^3.0"\n  }\n}\n'
    )
    facts = collect(discover(repo(files={"composer.json": composer})))
    assert "composer.dep.symfony/framework-bundle" in facts.values
    assert "composer.dep.doctrine/orm" in facts.values
    (reason,) = [r for path, r in facts.skipped if path == "composer.json"]
    assert "merge conflict" in reason
