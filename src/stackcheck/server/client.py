"""The client side of the resident server: hand a scan to it, when one is up and may be
trusted, and return the exit code it gives; None means "scan here" (no server, another
version, a folder or peer that is not the caller's own)."""

from __future__ import annotations

import _socket
import os
import sys

from stackcheck.server import wire

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Seconds to wait for the server to take the connection; the scan itself has no limit here
# (its own --timeout bounds it).
CONNECT_TIMEOUT = 2.0


def ask(argv: list[str], start: bool = False) -> int | None:
    """The exit code of this scan as a server ran it; None when none runs for the caller's
    cache folder, or it declined, or this is not a scan a server may run. With `start`, a
    scan no server ran starts one in the background for the scans after it."""
    from stackcheck.invocation import cache_folder, holds, scan_target
    from stackcheck.userdirs import user_config_file

    found = scan_target(argv)
    if found is None:
        return None
    try:
        cache = cache_folder(user_config_file())
        if cache is None or holds(found[0], cache):
            return None  # (no cache, or one the scanned repository holds: no server there)
    except (OSError, ValueError, UnicodeError):
        return None
    code = ask_in(cache, argv)
    if code is None and start:
        start_server(cache)
    return code


def start_server(cache_folder: str) -> None:
    """Start a server for this cache folder in the background, and do not wait for it (this
    scan runs by itself). One that cannot start (another is starting, the folder is not
    private) ends at once, saying nothing."""
    import subprocess

    if not wire.supported() or len(os.fsencode(wire.socket_of(cache_folder))) > wire.MAX_ADDRESS:
        return
    try:
        subprocess.Popen(
            [sys.executable, "-m", "stackcheck", "server", "run", "--detached"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not ended with the hook that started it
        )
    except OSError:
        return


def ask_in(cache_folder: str, argv: list[str]) -> int | None:
    """`ask`, of the server for this cache folder."""
    streams = [sys.stdout, sys.stderr]
    shapes = [shape for shape in map(_shape, streams) if shape is not None]
    if len(shapes) != len(streams):
        return None
    sock = _connected(cache_folder)
    if sock is None:
        return None
    try:
        if not _send(sock, wire.encode(_fields(argv, shapes)), streams):
            return None  # the server never had the request: nothing was written
        try:
            code = wire.decode_answer(wire.read_exactly(sock, 4))
        except OSError:
            code = None
        except KeyboardInterrupt:  # as cli.main ends on ^C (the server finishes the scan)
            sys.stderr.write("stackcheck: interrupted\n")
            return 130
    finally:
        sock.close()
    if code is None:
        return _lost()
    return code if code >= 0 else None


def _connected(cache_folder: str) -> _socket.socket | None:
    """A connection to the server for this cache folder, when its folder is this user's
    and closed to others and the process at the other end runs as this user; None when
    there is none (or a socket left by a server that is gone)."""
    folder, path = wire.folder_of(cache_folder), wire.socket_of(cache_folder)
    if not wire.supported() or not wire.private_folder(folder) or not os.path.exists(path):
        return None
    if len(os.fsencode(path)) > wire.MAX_ADDRESS:
        return None  # (no server could have bound it)
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_TIMEOUT)
        sock.connect(path)
        if wire.peer_uid(sock) == os.geteuid():
            return sock
    except OSError:
        pass
    sock.close()
    return None


def _send(sock: _socket.socket, request: bytes, streams: list[Any]) -> bool:
    """Send the request with the output streams; False when that could not be done."""
    try:
        for stream in streams:
            stream.flush()
        fds = b"".join(s.fileno().to_bytes(4, sys.byteorder) for s in streams)
        sock.settimeout(None)
        sent = sock.sendmsg([request], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
        if sent < len(request):
            sock.sendall(request[sent:])
    except OSError:
        return False
    return True


def _fields(argv: list[str], shapes: list[list[bytes]]) -> list[bytes]:
    env = [os.fsencode(k) + b"=" + os.fsencode(v) for k, v in os.environ.items()]
    umask = os.umask(0)
    os.umask(umask)
    return [
        wire.identity(),
        os.fsencode(os.getcwd()),
        b"%d" % umask,
        *shapes[0],
        *shapes[1],
        b"%d" % len(argv),
        *(os.fsencode(a) for a in argv),
        *env,
    ]


def _shape(stream: Any) -> list[bytes] | None:
    """What the server needs to write to this stream as it would be written here: its
    encoding, how it escapes what it cannot encode, whether it flushes at each line."""
    try:
        stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None  # (not a real stream: a test's capture, say)
    encoding, errors = getattr(stream, "encoding", None), getattr(stream, "errors", None)
    if not isinstance(encoding, str) or not isinstance(errors, str):
        return None
    lines = b"1" if getattr(stream, "line_buffering", False) else b"0"
    return [encoding.encode(), errors.encode(), lines]


def _lost() -> int:
    """The server stopped in the middle of the scan: part of its output may already be
    written, so scanning again here would repeat it."""
    sys.stderr.write(
        "stackcheck: the resident server stopped during the scan; run it again "
        "(`stackcheck server stop` and the scan runs here)\n"
    )
    return 3


def control(cache_folder: str, word: bytes) -> bytes | None:
    """Send `stop` or `status` to this user's server; its answer (an exit code's four bytes,
    or status text after its length), or None when none answers."""
    sock = _connected(cache_folder)
    if sock is None:
        return None
    try:
        sock.sendall(wire.encode([word]))
        head = wire.read_exactly(sock, 4)
        if head is None or word != b"status":
            return head
        return wire.read_exactly(sock, max(0, min(wire.decode_answer(head) or 0, 65536)))
    except OSError:
        return None
    finally:
        sock.close()
