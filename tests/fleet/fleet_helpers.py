"""Fleets of tiny real repositories, a real git server (git daemon) to clone them from, and a
gate in front of it that can hold a connection for ever or hang up at once: the network's
own ways of hanging and failing, without timing thresholds."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import GIT_ENV, git, make_repo

# Small fixture repositories with known verdicts.
FLEET = {
    "blog": "verdict-dj101-blog",
    "hugo": "verdict-dj901-hugo",
    "orderbook": "verdict-dj902-orderbook",
    "chat": "verdict-dj903-chat",
    "library": "verdict-na-library",
}
VERDICTS = {
    "blog": "suits",
    "hugo": "avoid",
    "orderbook": "avoid",
    "chat": "avoid",
    "library": "not-applicable",
}


@pytest.fixture(autouse=True)
def own_git_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trusted fetch reads the person's git config: here, an empty one of the test's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    """A folder of five repositories (work trees)."""
    folder = tmp_path / "fleet"
    for name, fixture in FLEET.items():
        make_repo(folder / name, fixture)
    return folder


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(port: int, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


@pytest.fixture
def git_daemon(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """`git daemon` serving every repository under its folder: (folder, port)."""
    root = tmp_path / "served"
    root.mkdir()
    port = free_port()
    daemon = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            "--export-all",
            f"--base-path={root}",
            "--listen=127.0.0.1",
            f"--port={port}",
            str(root),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **GIT_ENV},
    )
    try:
        wait_for_port(port)
        yield root, port
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)


def serve(root: Path, name: str, fixture: str) -> Path:
    """A bare copy of a fixture repository in the daemon's folder."""
    work = make_repo(root.parent / "work" / name, fixture)
    bare = root / f"{name}.git"
    git(root, "clone", "-q", "--bare", str(work), str(bare))
    return bare


class Gate:
    """A TCP server in front of a git server. Connection n does plan[n] (the last entry for
    all later ones): "hold" accepts and never answers, "close" hangs up at once, "forward"
    passes bytes both ways to the upstream port."""

    def __init__(self, upstream: int, plan: list[str]) -> None:
        self.upstream = upstream
        self.plan = plan
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        self.connections = 0
        self.holding = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            turn = self.plan[min(self.connections, len(self.plan) - 1)]
            self.connections += 1
            if turn == "hold":
                self.held.append(conn)
                self.holding.set()
            elif turn == "close":
                conn.close()
            else:
                threading.Thread(target=self._forward, args=(conn,), daemon=True).start()

    def _forward(self, conn: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.upstream))

        def pump(src: socket.socket, dst: socket.socket) -> None:
            try:
                while data := src.recv(65536):
                    dst.sendall(data)
            except OSError:
                pass
            finally:
                for end in (src, dst):
                    with contextlib.suppress(OSError):
                        end.shutdown(socket.SHUT_RDWR)

        threading.Thread(target=pump, args=(upstream, conn), daemon=True).start()
        pump(conn, upstream)

    def hung_up(self, index: int, seconds: float = 30.0) -> bool:
        """Whether the client of held connection `index` went away (its process ended)."""
        conn = self.held[index]
        conn.settimeout(seconds)
        try:
            while conn.recv(65536):
                pass
        except OSError:
            return False
        return True

    def close(self) -> None:
        self.listener.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def gate(git_daemon: tuple[Path, int]) -> Iterator[Any]:
    made: list[Gate] = []

    def factory(plan: list[str]) -> Gate:
        made.append(Gate(git_daemon[1], plan))
        return made[-1]

    yield factory
    for one in made:
        one.close()
