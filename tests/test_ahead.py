"""Helpers forked before a very large work tree is listed (facts/ahead.py): the message that
carries their tasks decodes to exactly those tasks, the facts are those of one process
analysing every file, the helpers really do part of the work, and they are let go
unused when there is nothing for them."""

from __future__ import annotations

import itertools
import os
import string
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stackcheck.facts.ahead as ahead
import stackcheck.facts.collect as collect_module
import stackcheck.facts.parallel as parallel
import stackcheck.source.gitstate as gitstate
from conftest import RepoFactory, process_alive
from stackcheck.cache import Cache
from stackcheck.config import Settings
from stackcheck.facts.collect import Job, Limits, collect
from stackcheck.facts.manifests import ParserRef
from stackcheck.pipeline import scan
from stackcheck.source.discover import discover
from stackcheck.source.listing import RepoFile

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="helpers are forked")

# Paths as git lists them: folders shared with the neighbours, any bytes a file system
# allows (undecodable ones as surrogate escapes; any lone surrogate), some very long.
_PART = st.text(string.ascii_letters + "é-_.漢", min_size=1, max_size=12) | st.sampled_from(
    ["a", "src", "x\udcff", "\ud800y", "b" * 70_000]
)
_PATHS = st.lists(st.lists(_PART, min_size=1, max_size=4).map("/".join), max_size=30).map(sorted)
_PARSERS = st.sampled_from([None, ParserRef("python", "parse_requirements"), ParserRef("n", "f")])
_MODULES = st.sampled_from([(), ("python",), ("python", "latency"), ("js",)])


def _jobs(draw: Any, paths: list[str]) -> list[Job]:
    return [
        Job(RepoFile(p, draw(st.integers(0, 2**40))), draw(_PARSERS), draw(_MODULES)) for p in paths
    ]


@st.composite
def _tasks(draw: Any) -> list[list[Job]]:
    jobs = _jobs(draw, draw(_PATHS))
    cuts = sorted(draw(st.lists(st.integers(0, len(jobs)), max_size=6)))
    bounds = [0, *cuts, len(jobs)]
    return [jobs[a:b] for a, b in itertools.pairwise(bounds)]


def _as_tuples(task: list[Job]) -> list[tuple[Any, ...]]:
    return [(j.file.path, j.file.size, j.parser, j.modules) for j in task]


@settings(max_examples=150, deadline=None)
@given(
    tasks=_tasks(), root=st.sampled_from(["/tmp/tree", "/tmp/tré\udcfe"]), content_ids=st.booleans()
)
def test_the_message_decodes_to_exactly_the_tasks(
    tasks: list[list[Job]], root: str, content_ids: bool
) -> None:
    limits = Limits(1234, 2.5, 99.0, content_ids)
    parts = ahead.encode(Path(root), limits, tasks)
    message = bytearray(b"".join(memoryview(p).cast("B").tobytes() for p in parts))
    sent = ahead.SentTasks(message)
    assert sent.root == Path(root)
    assert sent.limits == limits
    assert len(sent) == len(tasks)
    for index, task in enumerate(tasks):
        decoded = sent[index]
        assert _as_tuples(decoded) == _as_tuples(task)
        assert all(not j.file.documentation and not j.file.test for j in decoded)


def _helpers_ahead_everywhere(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    """Helpers forked ahead for any index, the analysis shared for any tree; the returned
    file fills with the pid of each process that analysed a task (forked helpers share no
    memory with this process)."""
    monkeypatch.setattr(gitstate, "LARGE_INDEX_BYTES", -1)
    monkeypatch.setattr(collect_module, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(collect_module, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(collect_module, "CHUNK", 1)
    monkeypatch.setattr(collect_module, "helper_count", lambda: 1)
    log = folder / "analysed-by"
    real = collect_module.analyse_in_helper
    caller = os.getpid()

    def noted(repo: Any, limits: Any, jobs: Any) -> Any:
        with log.open("a") as f:
            f.write(f"{os.getpid()}\n")
        if os.getpid() == caller:
            # On a busy machine the caller could claim every task of a small tree before a
            # helper has started: it lets a helper's turn come.
            time.sleep(0.02)
        return real(repo, limits, jobs)

    monkeypatch.setattr(collect_module, "analyse_in_helper", noted)
    return log


def _pids(log: Path) -> set[int]:
    return {int(line) for line in log.read_text().split()} if log.exists() else set()


@pytest.mark.parametrize("fixture", ["verdict-dj108-shop-notifications", "signals-go-game"])
def test_helpers_forked_ahead_give_the_facts_of_one_process_and_do_part_of_the_work(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture: str
) -> None:
    root = repo(fixture)
    (root / "untracked_app.py").write_text("import django\n")
    serial = collect(discover(root))
    log = _helpers_ahead_everywhere(monkeypatch, tmp_path)
    with ahead.helpers_ahead(root) as share:
        assert share is not None
        pids = [h.pid for h in share._helpers]
        shared = collect(discover(root), ahead=share)
    assert shared == serial
    assert _pids(log) & set(pids)  # a helper forked ahead analysed some of the files
    assert not any(process_alive(pid) for pid in pids)


def test_a_scan_with_helpers_ahead_reports_what_a_scan_without_them_does(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = repo("verdict-dj102-api")
    plain = scan(root, Settings(cache=False))
    log = _helpers_ahead_everywhere(monkeypatch, tmp_path)
    ahead_scan = scan(root, Settings(cache=False))
    assert ahead_scan.verdict == plain.verdict and ahead_scan.facts == plain.facts
    assert _pids(log) - {os.getpid()}
    # With the cache: the first scan hands them their tasks; the second, answered from the
    # cache, lets them go unused.
    cache = Cache(root.parent / "cache")
    first = scan(root, Settings(cache=False), cache=cache)
    log.unlink()
    second = scan(root, Settings(cache=False), cache=cache)
    assert first.facts.values == second.facts.values == plain.facts.values
    assert second.facts.extra.get("from_cache") and second.facts.files_read == 0
    assert _pids(log) == set()


def test_helpers_ahead_have_their_tasks_before_the_tree_wide_scanners_run(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Forked before the listing, they share none of its pages: the caller hands them their
    tasks, then walks the tree with the tree-wide scanners while they work. (Forked after
    it, the scanners run first: their walk would have the pages copied.)"""
    from stackcheck.facts import signals

    root = repo("verdict-dj102-api")
    signals.load_always()
    order: list[str] = []
    real_hand_over = ahead.hand_over

    def noted_hand_over(*args: Any) -> bool:
        order.append("tasks handed over")
        return real_hand_over(*args)

    def noted(scanner: Any) -> Any:
        def scan_tree(files: Any) -> Any:
            order.append("tree scanned")
            return scanner(files)

        return scan_tree

    monkeypatch.setattr(signals, "TREE_SCANNERS", [noted(s) for s in signals.TREE_SCANNERS])
    plain = scan(root, Settings(cache=False))
    assert order and set(order) == {"tree scanned"}
    order.clear()
    _helpers_ahead_everywhere(monkeypatch, tmp_path)
    monkeypatch.setattr(ahead, "hand_over", noted_hand_over)
    ahead_scan = scan(root, Settings(cache=False))
    assert order[0] == "tasks handed over" and order.count("tree scanned") == len(
        signals.TREE_SCANNERS
    )
    assert ahead_scan.facts == plain.facts


def test_helpers_are_not_forked_ahead_for_a_small_index_nor_outside_git(
    repo: RepoFactory, tmp_path: Path
) -> None:
    root = repo(files={"app.py": "import flask\n"})
    with ahead.helpers_ahead(root) as share:
        assert share is None  # (the index is far below LARGE_INDEX_BYTES)
    plain = tmp_path / "plain"
    plain.mkdir()
    with ahead.helpers_ahead(plain) as share:
        assert share is None


def test_helpers_ahead_are_released_when_the_tree_is_not_a_work_trees(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A listing read through git's objects (a revision) cannot be read by a helper as
    the caller reads it: the helpers are let go and the facts are the same."""
    root = repo("verdict-dj108-shop-notifications")
    serial = collect(discover(root, rev="HEAD"))
    log = _helpers_ahead_everywhere(monkeypatch, tmp_path)
    with ahead.helpers_ahead(root) as share:
        assert share is not None
        pids = [h.pid for h in share._helpers]
        facts = collect(discover(root, rev="HEAD"), ahead=share)
        assert all(h.inbox < 0 for h in share._helpers)  # released
    assert facts == serial
    assert not _pids(log) & set(pids)


def test_a_share_forked_ahead_is_given_the_collectors_tasks_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The caller's task i and the helper's task i are the same jobs (hand_over)."""
    sent: list[Any] = []
    monkeypatch.setattr(
        parallel.TaskShare,
        "hand_over",
        lambda self, message, tasks, work, give_up_at=None: sent.append((message, tasks)),
    )
    jobs = [Job(RepoFile(f"d/f{i}.py", 10 + i), None, ("python",)) for i in range(9)]
    tasks = [jobs[:4], jobs[4:]]
    share = parallel.TaskShare.ahead(ahead._prepare, 0)
    repo = discover(Path(__file__).parent.parent / "examples" / "django-shop")
    assert ahead.hand_over(share, repo, tasks, lambda t: t, Limits(), None)
    message, given_tasks = sent[0]
    decoded = ahead.SentTasks(bytearray(b"".join(memoryview(p).cast("B") for p in message)))
    assert given_tasks is tasks
    assert [_as_tuples(decoded[i]) for i in range(2)] == [_as_tuples(t) for t in tasks]


def test_helpers_ahead_read_the_tree_as_the_caller_does_links_included(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A link out of the tree is refused by a helper as by the caller; one inside it is
    read through."""
    root = repo("verdict-dj102-api")
    outside = tmp_path / "secret.py"
    outside.write_text("import django\nSECRET = 1\n")
    (root / "leak.py").symlink_to(outside)
    (root / "inside.py").symlink_to(root / "manage.py")
    serial = collect(discover(root))
    assert any("outside the repository" in s.reason for s in serial.skipped)
    _helpers_ahead_everywhere(monkeypatch, tmp_path)
    with ahead.helpers_ahead(root) as share:
        assert collect(discover(root), ahead=share) == serial


def test_helpers_ahead_keep_the_scans_deadline(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The deadline travels with the tasks: past it, no process reads a file, and the scan
    ends, incomplete, instead of waiting for the helpers."""
    import time

    root = repo("verdict-dj108-shop-notifications")
    log = _helpers_ahead_everywhere(monkeypatch, tmp_path)
    with ahead.helpers_ahead(root) as share:
        started = time.monotonic()
        facts = collect(discover(root), Limits(deadline=time.monotonic() - 1), ahead=share)
    assert time.monotonic() - started < 10
    assert facts.files_read == 0
    assert any("not analysed" in s.reason for s in facts.skipped)
    assert _pids(log)  # (each process was given tasks, and read none of their files)


def test_no_helper_forked_ahead_outlives_a_scan_that_fails(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = repo("verdict-dj102-api")
    _helpers_ahead_everywhere(monkeypatch, tmp_path)
    with pytest.raises(KeyboardInterrupt), ahead.helpers_ahead(root) as share:
        assert share is not None
        pids = [h.pid for h in share._helpers]
        raise KeyboardInterrupt  # while the tree is listed, before any task was sent
    assert pids and not any(process_alive(pid) for pid in pids)
