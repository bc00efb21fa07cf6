"""The resident server (server/): a scan handed to it writes what the same scan writes by
itself, to the caller's own streams, with the caller's folder and environment, and exits
with the same code; it is used only when it is the caller's own; it leaves when its code
changes on disk, when told, and when idle.

Every scan here is a real `stackcheck` process, and every server a real one started by
`stackcheck server start` (or `run`)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import RepoFactory, git, make_repo
from stackcheck.server import wire

pytestmark = pytest.mark.skipif(not wire.supported(), reason="needs SO_PEERCRED (Linux)")


def stackcheck(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stackcheck", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def by_itself(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return stackcheck(*args, cwd=cwd, env={**env, "STACKCHECK_SERVER": "0"})


def scans_served() -> int:
    done = stackcheck("server", "status")
    assert done.returncode == 0, done.stdout + done.stderr
    found = re.search(r"(\d+) scans", done.stdout)
    assert found is not None, done.stdout
    return int(found.group(1))


def same_output(text: str) -> str:
    """The report as two runs of one scan agree on it: not its time, nor how much of it the
    cache held (`from cache`, `files_read`), which depends on which of them ran first."""
    text = re.sub(r"in \d+\.\d+s", "in Xs", text)
    text = re.sub(r"\d+ read \([^)]*\)|from cache", "READ", text)
    return re.sub(r'"(seconds|files_read|bytes_read|from_cache)": [\d.a-z]+', r'"\1": X', text)


@pytest.fixture
def server(private_cache: Path) -> Iterator[Path]:
    """A running server for the tests' cache folder; stopped afterwards."""
    started = stackcheck("server", "start", "--idle-timeout", "300")
    assert started.returncode == 0, started.stderr
    assert "running (pid" in started.stdout
    try:
        yield private_cache
    finally:
        stackcheck("server", "stop")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("fixture", ["verdict-dj101-blog", "verdict-dj901-hugo"])
def test_a_served_scan_writes_and_exits_as_the_scan_by_itself(
    repo: RepoFactory, server: Path, fmt: str, fixture: str
) -> None:
    root = repo(fixture)
    before = scans_served()
    served = stackcheck("scan", str(root), "--staged", "--format", fmt)
    assert scans_served() == before + 1
    alone = by_itself("scan", str(root), "--staged", "--format", fmt)
    assert served.returncode == alone.returncode
    assert same_output(served.stdout) == same_output(alone.stdout)
    assert served.stderr == alone.stderr
    if fixture == "verdict-dj901-hugo":
        assert served.returncode == 1  # avoid: the default policy fails it


def test_the_scan_after_an_edit_sees_the_edit(repo: RepoFactory, server: Path) -> None:
    root = repo("verdict-dj901-plain-html")
    first = stackcheck("scan", ".", "--staged", cwd=root)
    assert first.stdout.startswith("stackcheck: avoid"), first.stdout
    (root / "manage.py").write_text("import django\n", encoding="utf-8")
    (root / "requirements.txt").write_text("Django==4.2\n", encoding="utf-8")
    (root / "shop").mkdir()
    (root / "shop" / "views.py").write_text(
        "from django.shortcuts import render\n\n\ndef home(request):\n"
        "    return render(request, 'home.html')\n",
        encoding="utf-8",
    )
    git(root, "add", "-A")
    served = stackcheck("scan", ".", "--staged", cwd=root)
    alone = by_itself("scan", ".", "--staged", cwd=root)
    assert not served.stdout.startswith("stackcheck: avoid")
    assert same_output(served.stdout) == same_output(alone.stdout)


def test_the_callers_environment_and_folder_reach_the_scan(repo: RepoFactory, server: Path) -> None:
    root = repo("verdict-dj101-blog")
    as_json = stackcheck("scan", ".", "--staged", cwd=root, env={"STACKCHECK_FORMAT": "json"})
    assert as_json.stdout.startswith("{"), as_json.stdout[:80]
    as_text = stackcheck("scan", ".", "--staged", cwd=root)
    assert as_text.stdout.startswith("stackcheck: suits")
    coloured = stackcheck("scan", ".", "--staged", cwd=root, env={"FORCE_COLOR": "1"})
    assert "\x1b[" in coloured.stdout
    assert same_output(coloured.stdout) == same_output(
        by_itself("scan", ".", "--staged", cwd=root, FORCE_COLOR="1").stdout
    )


def test_a_bad_path_is_the_same_error_through_the_server(tmp_path: Path, server: Path) -> None:
    served = stackcheck("scan", str(tmp_path / "missing"), "--staged")
    alone = by_itself("scan", str(tmp_path / "missing"), "--staged")
    assert (served.returncode, served.stdout, served.stderr) == (
        alone.returncode,
        alone.stdout,
        alone.stderr,
    )
    assert served.returncode == 2


def test_a_server_folder_others_may_enter_is_not_used(repo: RepoFactory, server: Path) -> None:
    root = repo("verdict-dj101-blog")
    folder = Path(wire.folder_of(str(server)))
    before = scans_served()
    folder.chmod(0o755)
    try:
        done = stackcheck("scan", str(root), "--staged")
    finally:
        folder.chmod(0o700)
    assert done.returncode == 0 and done.stdout.startswith("stackcheck: suits")
    assert scans_served() == before  # the scan ran by itself


def test_scans_it_may_not_run_run_by_themselves(repo: RepoFactory, server: Path) -> None:
    root = repo("verdict-dj101-blog")
    before = scans_served()
    for args in (["--no-cache"], ["--rev", "HEAD"], ["--output", str(root.parent / "out.txt")]):
        done = stackcheck("scan", str(root), *args)
        assert done.returncode == 0, done.stderr
    assert stackcheck("scan", str(root), env={"STACKCHECK_SERVER": "off"}).returncode == 0
    assert scans_served() == before


def send(cache_folder: Path, fields: list[bytes], fds: list[int]) -> int | None:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.connect(wire.socket_of(str(cache_folder)))
        socket.send_fds(sock, [wire.encode(fields)], fds)
        return wire.decode_answer(wire.read_exactly(sock, 4))
    finally:
        sock.close()


def test_a_client_of_another_install_is_declined_and_the_server_stays(
    repo: RepoFactory, server: Path
) -> None:
    root = repo("verdict-dj101-blog")
    fields = [b"another install", os.fsencode(root), b"18"]
    fields += [b"utf-8", b"strict", b"0", b"utf-8", b"strict", b"0", b"1", b"scan"]
    with open(os.devnull, "wb") as null:
        answer = send(server, fields, [null.fileno(), null.fileno()])
    assert answer == wire.DECLINED
    assert scans_served() == 0  # still running, and it ran nothing


def test_a_malformed_request_is_dropped_and_the_server_stays(server: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.connect(wire.socket_of(str(server)))
    sock.sendall(b"\x00\x00\x00\x05junk!")
    assert sock.recv(4) == b""  # closed without an answer
    sock.close()
    assert scans_served() == 0


def test_stop_status_and_the_idle_timeout(private_cache: Path) -> None:
    assert stackcheck("server", "status").returncode == 1
    assert "not running" in stackcheck("server", "stop").stdout
    started = stackcheck("server", "start", "--idle-timeout", "1")
    assert started.returncode == 0, started.stderr
    assert stackcheck("server", "start").stdout.strip() == "stackcheck server: already running"
    deadline = time.monotonic() + 20
    while stackcheck("server", "status").returncode == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert stackcheck("server", "status").returncode == 1
    assert not os.path.exists(wire.socket_of(str(private_cache)))


def test_a_server_whose_code_changed_on_disk_declines_and_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process: the server compares the files it loaded with the files on disk before
    each scan (an upgrade while it runs)."""
    from stackcheck import fastpath
    from stackcheck.server import daemon

    monkeypatch.setattr(fastpath, "_signature", [("a module as it was loaded", 1, 1)])
    state = daemon.State(started=0.0)
    ours, theirs = socket.socketpair(socket.AF_UNIX)
    fields = [wire.identity(), os.fsencode(tmp_path), b"18"]
    fields += [b"utf-8", b"strict", b"0", b"utf-8", b"strict", b"0", b"1", b"scan"]
    with open(os.devnull, "wb") as null:
        socket.send_fds(theirs, [wire.encode(fields)], [null.fileno(), null.fileno()])
    daemon._answer(ours, wire.identity(), state)
    assert wire.decode_answer(wire.read_exactly(theirs, 4)) == wire.DECLINED
    assert state.stop and state.scans == 0
    ours.close()
    theirs.close()


def test_a_server_will_not_start_in_a_folder_others_may_enter(private_cache: Path) -> None:
    folder = Path(wire.folder_of(str(private_cache)))
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    done = stackcheck("server", "run", "--idle-timeout", "1")
    assert done.returncode == 2
    assert "nobody else may enter" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_cache_folder_inside_the_scanned_tree_has_no_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A scanned repository could hold a folder that looks like a server's: a scan whose
    cache folder lies in the scanned tree never connects to one there."""
    from stackcheck.server import client

    short = Path(tempfile.mkdtemp(prefix="sc-", dir="/tmp"))  # (a socket's path is short)
    root = make_repo(short / "r", "verdict-dj101-blog")
    inside = root / "sub" / ".cache"
    monkeypatch.setenv("STACKCHECK_CACHE_DIR", str(inside))
    folder = Path(wire.folder_of(str(inside)))
    folder.mkdir(parents=True, mode=0o700)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(wire.socket_of(str(inside)))
    listener.listen(1)
    listener.setblocking(False)
    try:
        assert client.ask(["scan", str(root / "sub")]) is None
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
        monkeypatch.setenv("STACKCHECK_CACHE_DIR", str(short / "own-cache"))
        own = Path(wire.folder_of(str(short / "own-cache")))
        own.mkdir(parents=True, mode=0o700)
        os.rename(wire.socket_of(str(inside)), wire.socket_of(str(short / "own-cache")))
        # Outside the tree the same socket is asked: a peer that hangs up without an answer
        # is a server that stopped during the scan (exit 3, said on standard error).
        listener.setblocking(True)

        def hang_up_after_the_request() -> None:
            # Once the request has come: a hang-up before it would be a server that never
            # had the request, which the client reports differently (None).
            connection = listener.accept()[0]
            connection.recv(1)
            connection.close()

        hang_up = threading.Thread(target=hang_up_after_the_request)
        hang_up.start()
        assert client.ask(["scan", str(root / "sub")]) == 3
        hang_up.join(timeout=10)
    finally:
        listener.close()
        shutil.rmtree(short, ignore_errors=True)


def test_auto_starts_a_server_for_the_scans_after(repo: RepoFactory, private_cache: Path) -> None:
    root = repo("verdict-dj101-blog")
    try:
        first = stackcheck("scan", str(root), "--staged", env={"STACKCHECK_SERVER": "auto"})
        assert first.returncode == 0 and first.stdout.startswith("stackcheck: suits")
        deadline = time.monotonic() + 30
        while stackcheck("server", "status").returncode != 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert scans_served() == 0  # the first scan ran by itself
        again = stackcheck("scan", str(root), "--staged", env={"STACKCHECK_SERVER": "auto"})
        assert scans_served() == 1
        assert same_output(again.stdout) == same_output(first.stdout)
    finally:
        stackcheck("server", "stop")


def test_two_servers_for_one_cache_folder_cannot_both_listen(server: Path) -> None:
    second = stackcheck("server", "run", "--idle-timeout", "5")
    assert second.returncode == 2
    assert "already running" in second.stderr
    assert scans_served() == 0  # the first still answers


def test_the_folders_lock_is_held_by_one_server_only(tmp_path: Path) -> None:
    """Two servers started at once (two hooks with STACKCHECK_SERVER=auto): before either
    listens, only one can hold the lock beside the socket."""
    from stackcheck.server import daemon

    assert daemon._lock(str(tmp_path))
    try:
        assert not daemon._lock(str(tmp_path))
    finally:
        while daemon._held:
            os.close(daemon._held.pop())
    assert daemon._lock(str(tmp_path))  # free again once its holder let it go
    os.close(daemon._held.pop())


def test_sigterm_stops_a_server_cleanly(private_cache: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "stackcheck", "server", "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert "running (pid" in proc.stdout.readline()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert err == ""
    assert not os.path.exists(wire.socket_of(str(private_cache)))
