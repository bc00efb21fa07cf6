"""What the resident server and its client share: where the socket is, who may use it, and
how a request and its answer are written.

The client runs on every `stackcheck scan` while a server is up, before anything heavy is
loaded, so this module imports only what the interpreter has already loaded: the C socket
module, not `socket` (whose enums cost more than the rest of the request), and no `json`
(whose decoder loads `re`). A request is a list of byte strings joined by NUL bytes, which no
argument, folder name or environment entry can hold; its length comes first.
"""

from __future__ import annotations

import _socket
import os
import stat
import sys

FOLDER = "server"  # in the cache folder: the socket and the lock its server holds
SOCKET = "stackcheck.sock"
MAGIC = b"stackcheck-server-1"
# Answers besides an exit code (0-255): the server did not run the scan, the client should.
DECLINED = -1  # it runs other code than the client's (another install, or out of date)
STOPPING = -2  # the answer to a stop request
MAX_REQUEST = 4 * 1024 * 1024  # a larger request (a huge environment) is refused
MAX_ADDRESS = 107  # the bytes of a Unix socket's path (Linux's sun_path, less its NUL)


def folder_of(cache_folder: str) -> str:
    return os.path.join(cache_folder, FOLDER)


def socket_of(cache_folder: str) -> str:
    return os.path.join(folder_of(cache_folder), SOCKET)


def private_folder(folder: str) -> bool:
    """The folder is a real folder (not a link), owned by this user and closed to everyone
    else: only then may a socket in it be trusted or served from."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.geteuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def peer_uid(sock: _socket.socket) -> int | None:
    """The user id of the process at the other end of a Unix socket (Linux's SO_PEERCRED:
    pid, uid and gid as three native ints); None where the platform does not tell."""
    option = getattr(_socket, "SO_PEERCRED", None)
    if option is None:
        return None
    raw = sock.getsockopt(_socket.SOL_SOCKET, option, 12)
    return int.from_bytes(raw[4:8], sys.byteorder)


def supported() -> bool:
    return hasattr(_socket, "SO_PEERCRED") and hasattr(_socket, "AF_UNIX")


def identity() -> bytes:
    """What the client and the server must share to share a scan: the interpreter, the
    environment it runs in (a virtual environment's prefix, whatever name its `python` was
    called by) and the folder stackcheck is loaded from. (That the files in it are still
    the ones the server loaded, the server checks itself.)"""
    import stackcheck

    package = os.path.dirname(os.path.realpath(stackcheck.__file__))
    return os.fsencode(repr((sys.version, sys.prefix, package)))


def encode(fields: list[bytes]) -> bytes:
    body = b"\0".join([MAGIC, *fields])
    return len(body).to_bytes(4, "big") + body


def decode(body: bytes) -> list[bytes] | None:
    fields = body.split(b"\0")
    return fields[1:] if fields and fields[0] == MAGIC else None


def read_exactly(sock: _socket.socket, count: int) -> bytes | None:
    chunks, left = [], count
    while left > 0:
        chunk = sock.recv(min(left, 65536))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def encode_answer(code: int) -> bytes:
    return code.to_bytes(4, "big", signed=True)


def decode_answer(raw: bytes | None) -> int | None:
    return int.from_bytes(raw, "big", signed=True) if raw is not None and len(raw) == 4 else None
