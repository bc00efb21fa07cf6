"""The same fleet on a real Dask LocalCluster (two single-threaded worker processes): the
same results as the process pool, a worker killed mid-run and its task run again, a task
past its timeout ended with its worker, alone or in a batch of several."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fleet_helpers import (  # noqa: F401  (fixtures)
    FLEET,
    VERDICTS,
    fleet,
    gate,
    git_daemon,
    own_git_config,
    read_lines,
    serve,
)

from conftest import make_repo
from stackcheck.cli import cli

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.dask

# What differs between two scans of the same tree: when and how fast, not what was found.
VOLATILE = ("finished", "seconds", "attempts")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def fleet_scan(*args: str) -> Result:
    return CliRunner().invoke(cli, ["fleet", "scan", "--no-progress", "--exit-zero", *args])


def stable(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = [{k: v for k, v in line.items() if k not in VOLATILE} for line in lines]
    return sorted(kept, key=lambda line: line["source"])


def test_dask_gives_the_same_results_as_the_pool(fleet: Path, cluster: Any, tmp_path: Path) -> None:
    pool = fleet_scan(str(fleet), "-o", str(tmp_path / "pool.jsonl"), "--jobs", "2")
    assert pool.exit_code == 0, pool.stderr
    on_dask = fleet_scan(
        str(fleet),
        "-o",
        str(tmp_path / "dask.jsonl"),
        "--executor",
        "dask",
        "--scheduler",
        cluster.scheduler_address,
    )
    assert on_dask.exit_code == 0, on_dask.stderr
    from_pool, from_dask = read_lines(tmp_path / "pool.jsonl"), read_lines(tmp_path / "dask.jsonl")
    assert stable(from_dask) == stable(from_pool)
    assert {Path(x["source"]).name: x["verdict"] for x in from_dask} == VERDICTS


def _worker_running(client: Any, prefix: str) -> str:
    for address, keys in client.processing().items():
        if any(str(key).startswith(prefix) for key in keys):
            return str(address)
    raise AssertionError("no worker is running a scan")


def test_a_dask_worker_killed_mid_run_has_its_task_run_again(
    git_daemon: tuple[Path, int], gate: Any, cluster: Any, tmp_path: Path
) -> None:
    serve(git_daemon[0], "app", "verdict-dj101-blog")
    held = gate(["hold", "forward"])  # the first fetch hangs until its worker is killed
    out = tmp_path / "results.jsonl"
    found: list[Result] = []
    args = [f"git://127.0.0.1:{held.port}/app.git", "-o", str(out)]
    args += ["--executor", "dask", "--scheduler", cluster.scheduler_address]
    runner = threading.Thread(target=lambda: found.append(fleet_scan(*args)))
    runner.start()
    assert held.holding.wait(120)
    with distributed.Client(cluster.scheduler_address) as client:
        address = _worker_running(client, "stackcheck-scan-")
        pid = client.run(os.getpid, workers=[address])[address]
        os.kill(pid, signal.SIGKILL)
    runner.join(180)
    assert found and found[0].exit_code == 0, found and found[0].stderr
    (result,) = read_lines(out)
    assert (result["verdict"], result["error"]) == ("suits", None)
    assert held.connections == 2


def test_a_dask_task_past_its_timeout_is_ended_with_its_worker(
    fleet: Path, gate: Any, cluster: Any, tmp_path: Path
) -> None:
    hanging = gate(["hold"])
    out = tmp_path / "results.jsonl"
    done = fleet_scan(
        f"git://127.0.0.1:{hanging.port}/stuck.git",
        str(fleet / "blog"),
        str(fleet / "chat"),
        "-o",
        str(out),
        "--executor",
        "dask",
        "--scheduler",
        cluster.scheduler_address,
        "--timeout",
        "8",
    )
    assert done.exit_code == 1  # a failure fails the run, whatever the verdicts
    lines = {x["source"]: x for x in read_lines(out)}
    assert lines[f"git://127.0.0.1:{hanging.port}/stuck"]["error"]["kind"] == "timeout"
    assert sorted(Path(s).name for s, x in lines.items() if x["verdict"]) == ["blog", "chat"]
    assert hanging.hung_up(0)  # its git ended with the worker


def test_a_batch_with_a_hanging_repository_gives_every_other_result(
    gate: Any, cluster: Any, tmp_path: Path
) -> None:
    """Nine sources on two workers travel at least two to a Dask task; the hanging one
    comes first, so it shares a batch."""
    hanging = gate(["hold"])
    names = [f"{name}{i}" for i, name in enumerate([*FLEET, *FLEET][:8])]
    for name in names:
        make_repo(tmp_path / "fleet" / name, FLEET[name[:-1]])
    out = tmp_path / "results.jsonl"
    done = fleet_scan(
        f"git://127.0.0.1:{hanging.port}/stuck.git",
        *(str(tmp_path / "fleet" / name) for name in names),
        "-o",
        str(out),
        "--executor",
        "dask",
        "--scheduler",
        cluster.scheduler_address,
        "--timeout",
        "8",
    )
    assert done.exit_code == 1, done.stderr  # the timeout fails the run
    lines = read_lines(out)
    assert len(lines) == 9  # one line a source: none lost, none written twice
    by_source = {x["source"]: x for x in lines}
    assert by_source[f"git://127.0.0.1:{hanging.port}/stuck"]["error"]["kind"] == "timeout"
    verdicts = {Path(s).name: x["verdict"] for s, x in by_source.items() if x["verdict"]}
    assert verdicts == {name: VERDICTS[name[:-1]] for name in names}
    assert hanging.hung_up(0)  # its git ended with the worker
