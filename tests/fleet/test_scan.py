"""stackcheck fleet scan end to end: real repositories, a real git server, the real process
pool; resume, faults and exit codes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
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

from conftest import git
from stackcheck.cli import cli


def fleet_scan(*args: str) -> Result:
    return CliRunner().invoke(cli, ["fleet", "scan", "--no-progress", *args])


def by_source(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {Path(x["source"]).name if x["type"] != "url" else x["source"]: x for x in lines}


def test_every_kind_of_source_gives_one_line(
    fleet: Path, git_daemon: tuple[Path, int], tmp_path: Path
) -> None:
    root, port = git_daemon
    served = serve(root, "site", "verdict-dj901-hugo")
    git(tmp_path, "clone", "-q", "--bare", str(fleet / "blog"), str(tmp_path / "blog.git"))
    out = tmp_path / "results.jsonl"
    done = fleet_scan(
        str(fleet),
        str(tmp_path / "blog.git"),
        f"git://127.0.0.1:{port}/site.git",
        f"file://{served}",
        "-o",
        str(out),
        "--jobs",
        "2",
    )
    assert done.exit_code == 1, done.stderr  # avoid verdicts fail the default policy
    lines = by_source(read_lines(out))
    assert {name: lines[name]["verdict"] for name in FLEET} == VERDICTS
    assert lines["blog.git"]["type"] == "bare"
    assert lines["blog.git"]["commit"] == git(fleet / "blog", "rev-parse", "HEAD").strip()
    head = git(served, "rev-parse", "HEAD").strip()
    for url in (f"git://127.0.0.1:{port}/site", f"file://{served.with_suffix('')}"):
        assert lines[url]["type"] == "url"
        assert lines[url]["commit"] == head
        assert lines[url]["cases"] == [{"confidence": 1.0, "id": "DJ901", "slug": "static-site"}]
        assert lines[url]["kind"] == "static-site"
        assert lines[url]["stack"]["frameworks"][0]["name"] == "Hugo"
    assert len(lines) == 8
    assert "8 repositories: 2 suits, 5 avoid, 1 not-applicable (8 scanned" in done.stderr


def test_a_second_run_scans_only_what_changed(fleet: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    assert fleet_scan(str(fleet), "-o", str(out), "--exit-zero").exit_code == 0
    first = out.read_bytes()
    again = fleet_scan(str(fleet), "-o", str(out), "--exit-zero")
    assert "(0 scanned, 5 unchanged)" in again.stderr
    assert out.read_bytes() == first
    # An edit in one work tree, not even committed: that repository alone is scanned again.
    (fleet / "library" / "server.py").write_text("import django\n", encoding="utf-8")
    third = fleet_scan(str(fleet), "-o", str(out), "--exit-zero")
    assert "(1 scanned, 4 unchanged)" in third.stderr
    lines = read_lines(out)
    assert len(lines) == 6
    assert Path(lines[-1]["source"]).name == "library"
    assert (
        lines[-1]["state"]
        != lines[[Path(x["source"]).name for x in lines].index("library")]["state"]
    )


def test_other_settings_scan_again(fleet: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    fleet_scan(str(fleet / "hugo"), "-o", str(out))
    done = fleet_scan(str(fleet / "hugo"), "-o", str(out), "--ignore", "DJ901")
    assert "(1 scanned, 0 unchanged)" in done.stderr
    first, second = read_lines(out)
    assert first["settings"] != second["settings"]
    assert first["verdict"] == "avoid"
    assert second["verdict"] == "not-applicable"  # a static site, once DJ901 is ignored
    assert done.exit_code == 0  # the latest result is the one judged


@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param([], 1, id="default-avoid-fails"),
        pytest.param(["--fail-on", "never"], 0, id="never"),
        pytest.param(["--exit-zero"], 0, id="exit-zero"),
    ],
)
def test_the_policy_is_judged_over_all_results(
    fleet: Path, tmp_path: Path, args: list[str], code: int
) -> None:
    out = tmp_path / "results.jsonl"
    done = fleet_scan(str(fleet / "blog"), str(fleet / "chat"), "-o", str(out), *args)
    assert done.exit_code == code, done.stderr


def test_only_suiting_repositories_pass(fleet: Path, tmp_path: Path) -> None:
    done = fleet_scan(str(fleet / "blog"), "-o", str(tmp_path / "r.jsonl"), "--fail-on", "warning")
    assert done.exit_code == 0, done.stderr


def test_failures_fail_the_run_unless_allowed(
    fleet: Path, git_daemon: tuple[Path, int], gate: Any, tmp_path: Path
) -> None:
    counting = gate(["forward"])
    missing = f"git://127.0.0.1:{counting.port}/no-such-repository.git"
    out = tmp_path / "results.jsonl"
    done = fleet_scan(str(fleet / "blog"), missing, "-o", str(out), "--retry-delay", "0")
    assert done.exit_code == 1
    failed = by_source(read_lines(out))[f"git://127.0.0.1:{counting.port}/no-such-repository"]
    assert failed["verdict"] is None
    assert failed["error"]["kind"] == "fetch"
    assert failed["error"]["transient"] is False
    assert counting.connections == 1  # a permanent failure is tried once
    assert f"stackcheck: failed: {failed['source']}: fetch: git fetch: " in done.stderr
    allowed = fleet_scan(str(fleet / "blog"), missing, "-o", str(out), "--allow-failures", "1")
    assert allowed.exit_code == 0, allowed.stderr
    assert "(0 scanned, 2 unchanged)" in allowed.stderr  # and it is recorded once
    assert counting.connections == 1


def test_a_transient_failure_is_tried_again(
    git_daemon: tuple[Path, int], gate: Any, tmp_path: Path
) -> None:
    serve(git_daemon[0], "app", "verdict-dj101-blog")
    flaky = gate(["close", "close", "forward"])  # the server hangs up twice, then answers
    out = tmp_path / "results.jsonl"
    done = fleet_scan(
        f"git://127.0.0.1:{flaky.port}/app.git", "-o", str(out), "--retry-delay", "0.1"
    )
    assert done.exit_code == 0, done.stderr
    (result,) = read_lines(out)
    assert (result["verdict"], result["attempts"], result["error"]) == ("suits", 3, None)
    assert flaky.connections == 3


def test_credentials_never_reach_the_results_or_the_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with __import__("socket").socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    out = tmp_path / "results.jsonl"
    url = f"http://robot:ghp_SECRETTOKEN@127.0.0.1:{port}/org/repo.git"
    done = fleet_scan(url, "-o", str(out), "--retries", "1", "--retry-delay", "0")
    assert done.exit_code == 1
    (failed,) = read_lines(out)
    assert failed["source"] == f"http://127.0.0.1:{port}/org/repo"
    assert failed["error"]["transient"] is True
    assert failed["attempts"] == 2  # connection refused: tried again, then recorded once
    assert "SECRETTOKEN" not in out.read_text()
    assert "SECRETTOKEN" not in done.stderr
    # (os.walk passes over what it cannot open: other tests leave folders too deep to list)
    assert not [d for d, _, names in os.walk(tmp_path.parent) if "FETCH_HEAD" in names]


def test_a_hanging_repository_times_out_while_the_others_finish(
    fleet: Path, gate: Any, tmp_path: Path
) -> None:
    hanging = gate(["hold"])  # accepts the connection and never answers
    out = tmp_path / "results.jsonl"
    done = fleet_scan(
        f"git://127.0.0.1:{hanging.port}/stuck.git",
        str(fleet),
        "-o",
        str(out),
        "--jobs",
        "2",
        "--timeout",
        "8",
    )
    lines = by_source(read_lines(out))
    stuck = lines[f"git://127.0.0.1:{hanging.port}/stuck"]
    assert stuck["error"]["kind"] == "timeout"
    assert {name: lines[name]["verdict"] for name in FLEET} == VERDICTS
    assert len(read_lines(out)) == 6  # the others in flight were run again, once each
    assert hanging.hung_up(0)  # the git process ended with its worker
    assert done.exit_code == 1


def _pool_workers() -> list[int]:
    """This process's spawned pool workers (each leads its own process group)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        pid, ppid, pgid = int(entry.name), int(stat[1]), int(stat[2])
        if ppid == os.getpid() and pgid == pid and b"spawn_main" in cmdline:
            found.append(pid)
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_pool_worker_killed_mid_run_is_retried(
    git_daemon: tuple[Path, int], gate: Any, tmp_path: Path
) -> None:
    serve(git_daemon[0], "app", "verdict-dj101-blog")
    held = gate(["hold", "forward"])
    out = tmp_path / "results.jsonl"
    outcome: list[Result] = []
    runner = threading.Thread(
        target=lambda: outcome.append(
            fleet_scan(f"git://127.0.0.1:{held.port}/app.git", "-o", str(out), "--jobs", "1")
        )
    )
    runner.start()
    assert held.holding.wait(60)
    (worker,) = _pool_workers()
    os.kill(worker, signal.SIGKILL)
    runner.join(120)
    assert outcome and outcome[0].exit_code == 0, outcome and outcome[0].stderr
    (result,) = read_lines(out)
    assert result["verdict"] == "suits"
    assert held.connections == 2


def test_a_killed_driver_resumes_with_no_loss_and_no_duplicate(
    fleet: Path, gate: Any, git_daemon: tuple[Path, int], tmp_path: Path
) -> None:
    serve(git_daemon[0], "app", "verdict-dj101-blog")
    held = gate(["hold", "forward"])
    names = list(FLEET)
    listing = tmp_path / "fleet.txt"
    listing.write_text(
        "\n".join([*(str(fleet / n) for n in names[:3]), f"git://127.0.0.1:{held.port}/app.git"])
        + "\n"
        + "\n".join(str(fleet / n) for n in names[3:])
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "results.jsonl"
    argv = [sys.executable, "-m", "stackcheck", "fleet", "scan", str(listing), "-o", str(out)]
    argv += ["--jobs", "1", "--no-progress", "--exit-zero"]
    driver = subprocess.Popen(argv, start_new_session=True, stderr=subprocess.PIPE)
    try:
        assert held.holding.wait(120)  # three lines written, the fourth source in flight
        os.killpg(driver.pid, signal.SIGKILL)
    finally:
        driver.wait(30)
        assert driver.stderr is not None
        driver.stderr.close()
    before = out.read_bytes()
    assert len(before.splitlines()) == 3
    # As if the kill had come in the middle of a write.
    with out.open("ab") as damaged:
        damaged.write(b'{"attempts": 1, "cases": [], "com')
    again = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert "(3 scanned, 3 unchanged)" in again.stderr
    after = out.read_bytes()
    assert after.startswith(before)
    ids = [x["source"] for x in read_lines(out)]
    assert len(ids) == len(set(ids)) == 6


def test_shards_cover_the_fleet_exactly_once(fleet: Path, tmp_path: Path) -> None:
    parts = []
    for index in (1, 2, 3):
        out = tmp_path / f"shard{index}.jsonl"
        done = fleet_scan(str(fleet), "-o", str(out), "--shard", f"{index}/3", "--exit-zero")
        assert done.exit_code == 0, done.stderr
        parts.append([Path(x["source"]).name for x in read_lines(out)])
    assert sorted(name for part in parts for name in part) == sorted(FLEET)
    report = CliRunner().invoke(
        cli, ["fleet", "report", *(str(tmp_path / f"shard{i}.jsonl") for i in (1, 2, 3))]
    )
    assert report.exit_code == 0
    assert report.stdout.splitlines()[:2] == [
        "stackcheck fleet: 5 repositories from 3 result files",
        "  1 suits, 3 avoid, 1 not-applicable, 0 failed",
    ]
