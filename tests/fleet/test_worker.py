"""The per-repository task: it runs where it cannot fork and off the main thread, and a
repository that breaks its scan gives an error line instead of ending the fleet."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path
from typing import Any

from fleet_helpers import gate, git_daemon, own_git_config  # noqa: F401  (fixtures)

from conftest import make_repo
from stackcheck.facts import collect as collect_module
from stackcheck.fleet.sources import parse_source
from stackcheck.fleet.worker import ScanOptions, Task, run_batch, run_task


def _task(path: Path) -> Task:
    (source,) = parse_source(str(path), Path("/"), "argument 1")
    return Task(source, ScanOptions())


def test_a_large_tree_is_scanned_in_a_daemonic_process(tmp_path: Path) -> None:
    """Enough files for the scan's own process pool, which a daemonic process (a Dask
    worker, a multiprocessing pool worker) may not start: analysed in-process instead."""
    count = collect_module.PARALLEL_MIN_FILES + 10
    files = {f"app/module{i}.py": f"import django\nVALUE = {i}\n" for i in range(count)}
    root = make_repo(tmp_path / "big", files={**files, "manage.py": "import django\n"})
    with multiprocessing.get_context("spawn").Pool(1) as pool:  # its workers are daemonic
        outcome = pool.apply(run_task, (_task(root),))
    line = outcome["line"]
    assert line["error"] is None, line["error"]
    assert line["files"] == count + 1
    assert line["verdict"] in ("suits", "not-applicable")


def test_the_task_runs_off_the_main_thread(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "chat", "verdict-dj903-chat")
    found: list[dict[str, Any]] = []
    worker = threading.Thread(target=lambda: found.append(run_task(_task(root))))
    worker.start()
    worker.join(120)
    assert found[0]["line"]["verdict"] == "avoid"
    assert [c["id"] for c in found[0]["line"]["cases"]] == ["DJ903"]


def test_a_broken_repository_config_is_that_repositorys_error(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "broken", files={".stackcheck.toml": "select = 3\n"})
    outcome = run_task(_task(root))
    assert outcome["status"] == "done"
    error = outcome["line"]["error"]
    assert error["kind"] == "scan"
    assert "select: must be a list of strings" in error["message"]
    assert error["transient"] is False


def test_an_unchanged_result_is_not_scanned_again(tmp_path: Path) -> None:
    from stackcheck.fleet.results import known

    root = make_repo(tmp_path / "lib", "verdict-na-library")
    first = run_task(_task(root))["line"]
    assert run_task(_task(root)._replace(known=(known(first),))) == {"status": "unchanged"}
    other_rules = known(first)._replace(rules="0" * 16)
    assert run_task(_task(root)._replace(known=(other_rules,)))["status"] == "done"


def test_a_batch_stops_at_a_hanging_repository_and_says_which(gate: Any, tmp_path: Path) -> None:
    """The repository before it has its result, the hanging one its timeout, and the one
    after it is left for the driver to hand out again (this worker must be ended first)."""
    hanging = gate(["hold"])
    blog = make_repo(tmp_path / "blog", "verdict-dj101-blog")
    chat = make_repo(tmp_path / "chat", "verdict-dj903-chat")
    (stuck,) = parse_source(f"git://127.0.0.1:{hanging.port}/stuck.git", Path("/"), "argument 2")
    options = ScanOptions(cache_dir=str(tmp_path / "cache"))
    batch = (_task(blog), Task(stuck, options), _task(chat))
    found = run_batch(batch, timeout=3)
    first, second = found["outcomes"]  # chat was not run
    assert (first["line"]["verdict"], first["line"]["error"]) == ("suits", None)
    assert second["line"]["source"] == stuck.location
    assert second["line"]["error"]["kind"] == "timeout"
    assert second["line"]["verdict"] is None
    assert found["stuck"] is None  # not on a Dask worker: no worker to name
