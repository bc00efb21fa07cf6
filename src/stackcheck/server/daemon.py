"""The resident server's loop: one scan at a time, each in the caller's folder, environment
and umask, written to the caller's own output streams (see the package's docstring)."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from stackcheck import fastpath, memory
from stackcheck.facts.collect import return_freed_memory
from stackcheck.server import wire

IDLE_SECONDS = 3600.0
STOP_WITHIN = 1.0  # seconds a server waits for a connection before it looks at its state
LOCK = "server.lock"  # beside the socket: held by the server that listens on it


@dataclass
class Request:
    tool: bytes
    cwd: bytes
    umask: int
    streams: list[tuple[str, str, bool]]  # standard output's, then standard error's
    argv: list[str]
    env: dict[bytes, bytes]


@dataclass
class State:
    started: float
    scans: int = 0
    stop: bool = False
    last_scan: float = field(default_factory=time.monotonic)


def parse(fields: list[bytes]) -> Request | None:
    """A request as client._fields writes it; None for anything else."""
    try:
        tool, cwd, umask = fields[0], fields[1], int(fields[2])
        streams = [
            (fields[i].decode("ascii"), fields[i + 1].decode("ascii"), fields[i + 2] == b"1")
            for i in (3, 6)
        ]
        count = int(fields[9])
        argv = [os.fsdecode(a) for a in fields[10 : 10 + count]]
        if len(argv) != count:
            return None
        env = dict(e.partition(b"=")[::2] for e in fields[10 + count :])
    except (IndexError, ValueError, UnicodeDecodeError):
        return None
    return Request(tool, cwd, umask, streams, argv, env)


def serve(
    cache_folder: str, idle_seconds: float = IDLE_SECONDS, ready: Callable[[], None] = print
) -> int:
    """Serve scans until stopped or idle; the exit code of `server run`. `ready` is called
    once the socket listens."""
    folder = wire.folder_of(cache_folder)
    path = wire.socket_of(cache_folder)
    tool = wire.identity()
    fastpath.tool_signature()  # the files as loaded, to tell when they change on disk
    memory.keep()
    _load_everything()
    listener = _listen(folder, path)
    os.chdir("/")  # (a server holds no folder of the caller's open between scans)
    state = State(started=time.time())
    signal.signal(signal.SIGTERM, lambda *_: _stop(state))
    ready()
    try:
        while not state.stop:
            # Idle is the time since the last scan (or the start): a `server status` that
            # asks now and then does not keep it running.
            left = idle_seconds - (time.monotonic() - state.last_scan)
            if left <= 0:
                break  # idle: the next scan runs by itself
            # (a second at most: SIGTERM only sets `stop`, and accept() resumes after it)
            listener.settimeout(min(left, STOP_WITHIN))
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                _answer(conn, tool, state)
    finally:
        memory.write_pending()
        listener.close()
        with contextlib.suppress(OSError):
            os.unlink(path)
        while _held:
            os.close(_held.pop())
    return 0


def _stop(state: State) -> None:
    """SIGTERM: stop within STOP_WITHIN seconds when idle, after its scan otherwise."""
    state.stop = True


def _listen(folder: str, path: str) -> socket.socket:
    from stackcheck.errors import StackcheckError

    if not wire.supported():
        raise StackcheckError("the resident server needs Unix sockets with SO_PEERCRED (Linux)")
    if len(os.fsencode(path)) > wire.MAX_ADDRESS:
        raise StackcheckError(f"{path}: too long for a Unix socket; choose a shorter cache folder")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if not wire.private_folder(folder):
        raise StackcheckError(
            f"{folder}: must be a folder of this user's that nobody else may enter (mode 0700)"
        )
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        if _answering(path) or not _lock(folder):
            raise StackcheckError(f"a resident server is already running ({path})")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # a socket left by a server that is gone
        sock.bind(path)
        os.chmod(path, 0o600)
        sock.listen(16)
    except OSError as exc:
        sock.close()
        raise StackcheckError(f"{path}: cannot listen ({exc.strerror or exc})") from exc
    except StackcheckError:
        sock.close()
        raise
    return sock


_held: list[int] = []  # the lock's descriptor, held for the server's life


def _lock(folder: str) -> bool:
    """Whether this process now holds the folder's lock: two servers started at once (two
    hooks asking for one, say) cannot both unlink and bind the socket."""
    import fcntl

    fd = os.open(
        os.path.join(folder, LOCK),
        os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
        0o600,
    )
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False
    _held.append(fd)
    return True


def _answering(path: str) -> bool:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
    except OSError:
        return False
    finally:
        probe.close()
    return True


def _load_everything() -> None:
    """Import what a scan imports, so the first scan after a start pays nothing for it."""
    import stackcheck.cli
    import stackcheck.commands.scan
    import stackcheck.pipeline
    import stackcheck.report.formats  # noqa: F401


def _answer(conn: socket.socket, tool: bytes, state: State) -> None:
    """One connection: a request from this user, answered with an exit code."""
    fds: list[int] = []
    try:
        if wire.peer_uid(conn) != os.geteuid():
            return
        conn.settimeout(10)  # the request is written at once; a client that stalls is dropped
        head, fds, _, _ = socket.recv_fds(conn, 4, 2)
        if len(head) < 4:
            head += wire.read_exactly(conn, 4 - len(head)) or b""
        size = int.from_bytes(head, "big")
        if len(head) != 4 or size > wire.MAX_REQUEST:
            return
        body = wire.read_exactly(conn, size)
        fields = wire.decode(body) if body is not None else None
        request = parse(fields) if fields is not None else None
        if fields == [b"stop"]:
            state.stop = True
            conn.sendall(wire.encode_answer(wire.STOPPING))
            return
        if fields == [b"status"]:
            conn.sendall(_status(state))
            return
        if request is None or len(fds) != 2:
            return
        if request.tool != tool or fastpath.files_on_disk() != fastpath.tool_signature():
            # Another install's client, or this code changed on disk since it was loaded
            # (an upgrade): out of date, the server leaves.
            state.stop = request.tool == tool
            conn.sendall(wire.encode_answer(wire.DECLINED))
            return
        conn.settimeout(None)
        code = run(request, fds)
        fds = []  # (run closed them)
        state.scans += 1
        state.last_scan = time.monotonic()
        try:
            conn.sendall(wire.encode_answer(code))
        finally:
            memory.write_pending()
            # What a scan freed goes back to the system (a cold scan's parse trees, say):
            # a server that once scanned a large tree does not keep its peak for life.
            return_freed_memory()
    except OSError:
        return  # the client went away: nothing to answer
    finally:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)


def _status(state: State) -> bytes:
    text = f"pid {os.getpid()}\nscans {state.scans}\nsince {state.started:.0f}\n"
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    text += f"memory {' '.join(line.split()[1:])}\n"
    except OSError:
        pass
    data = text.encode()
    return wire.encode_answer(len(data)) + data


def run(request: Request, fds: list[int]) -> int:
    """The scan the request asks for, as console.main would run it in the caller's own
    process; the two streams' descriptors are closed when it ends."""
    try:
        with _as_caller(request, fds):
            try:
                return _scan(request.argv)
            except Exception as exc:  # the server outlives any one scan
                sys.stderr.write(f"stackcheck: internal error in the resident server: {exc!r}\n")
                return 3
    except _CallerGone:
        return 2


class _CallerGone(Exception):
    """The caller's current folder could not be entered (it was removed, say)."""


def _scan(argv: list[str]) -> int:
    from stackcheck.console import answer_or_run

    fastpath.forget_reads()
    sys.argv = ["stackcheck", *argv]
    try:
        code = answer_or_run(argv)
    except SystemExit as exc:
        return _exit_code(exc.code)
    finally:
        fastpath.forget_reads()
    return code if code is not None else 0


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    sys.stderr.write(f"{code}\n")  # as the interpreter prints sys.exit("message")
    return 1


@contextlib.contextmanager
def _as_caller(request: Request, fds: list[int]) -> Iterator[None]:
    """The caller's folder, environment, umask, argument list and output streams for the
    time of one scan; the server's own restored after it, whatever the scan did."""
    saved_env = dict(os.environb)
    saved_cwd = os.open(".", os.O_RDONLY)
    saved_argv, saved_streams = sys.argv, (sys.stdout, sys.stderr)
    saved_umask = os.umask(request.umask & 0o777)
    streams = [_stream(fd, shape) for fd, shape in zip(fds, request.streams, strict=True)]
    try:
        sys.stdout, sys.stderr = streams
        try:
            os.chdir(request.cwd)
        except OSError as exc:
            sys.stderr.write(f"stackcheck: error: the current folder: {exc.strerror}\n")
            raise _CallerGone from exc
        os.environb.clear()
        os.environb.update(request.env)
        yield
    finally:
        for stream in streams:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
            with contextlib.suppress(OSError, ValueError):
                stream.close()
        sys.stdout, sys.stderr = saved_streams
        sys.argv = saved_argv
        os.environb.clear()
        os.environb.update(saved_env)
        os.umask(saved_umask)
        os.fchdir(saved_cwd)
        os.close(saved_cwd)


def _stream(fd: int, shape: tuple[str, str, bool]) -> io.TextIOWrapper:
    encoding, errors, lines = shape
    raw = io.FileIO(fd, "w", closefd=True)
    return io.TextIOWrapper(
        io.BufferedWriter(raw), encoding=encoding, errors=errors, line_buffering=lines
    )
