"""Where the scanned repository lives on the web: its `origin` remote as a browsable URL.

The remote is read as data (`git config --get remote.origin.url`, run hardened through
safegit.py): nothing it names is fetched or run. The URL is the repository's own text, so
it is normalised strictly: only http(s), ssh, git and scp-style (`git@host:owner/repo.git`)
URLs of a plain host and path become `https://host/owner/repo`; a user name, token or
password is dropped; anything else (a local path, `file://`, an odd character) gives None.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from stackcheck.source.safegit import GitUnavailable, Started, run, start_many

# A host name or an IPv4 address; no user info, no brackets, nothing to escape.
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
# Path segments of a repository on a forge: owner/group/name, nothing to escape.
_PATH = re.compile(r"[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*")
_SCP = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>[^/].*)$")
_SCHEMES = frozenset({"https", "http", "ssh", "git", "git+ssh", "ssh+git"})
MAX_URL = 2048


class Origin(NamedTuple):
    """The scanned tree's place in its repository, for links to the forge's web view."""

    remote: str | None  # https://host/owner/repo, or None
    commit: str | None  # HEAD's commit when the tree was read (None: no commit yet)
    subdir: str  # the scanned folder inside the work tree, "" at its root


def web_url(url: str) -> str | None:
    """`git@github.com:owner/repo.git` -> `https://github.com/owner/repo`; None for a URL
    that is not a repository on a web host."""
    url = url.strip()
    if not url or len(url) > MAX_URL or any(c.isspace() or ord(c) < 0x20 for c in url):
        return None
    if "://" in url:
        try:
            parts = urlsplit(url)
            host, port = parts.hostname, parts.port
        except ValueError:
            return None
        if parts.scheme.lower() not in _SCHEMES or host is None:
            return None
        path = parts.path
        # A port matters for a web server's URL; an ssh or git port does not lead to one.
        keep_port = parts.scheme.lower() in ("https", "http") and port not in (None, 80, 443)
        netloc = f"{host}:{port}" if keep_port else host
    else:
        match = _SCP.match(url)
        if match is None:
            return None
        host, path = match.group("host"), match.group("path")
        netloc = host
    path = path.strip("/").removesuffix(".git").strip("/")
    if not _HOST.fullmatch(host) or not _PATH.fullmatch(path) or ".." in path.split("/"):
        return None
    return f"https://{netloc.lower()}/{path}"


def origin(target: Path) -> Origin | None:
    """The repository's web URL, HEAD's commit and the scanned folder's place in the work
    tree; None for a plain folder or one git will not read."""
    with looking_up(target) as lookup:
        return lookup.result()


class Lookup:
    """origin's git commands, started; `result` waits for them."""

    def __init__(self, folder: Path | None = None, started: Started | None = None) -> None:
        self.folder, self.started = folder, started

    def result(self) -> Origin | None:
        if self.folder is None or self.started is None:
            return None
        place, url = self.started.result(0), self.started.result(1)
        return _origin(self.folder, place, url)


@contextmanager
def looking_up(target: Path) -> Iterator[Lookup]:
    """origin's git commands started now, to run beside whatever the caller does meanwhile
    (a scan: two git processes on the other core); none outlives the block."""
    from stackcheck.source.gitstate import foreign_git_dir

    folder = target.resolve()
    if not folder.is_dir() or not _in_git(folder) or foreign_git_dir(folder) is not None:
        yield Lookup()
        return
    commands = [("rev-parse", "--show-prefix", "HEAD"), ("config", "--get", "remote.origin.url")]
    try:
        # At once, after one listing of drivers: the prefix then HEAD's commit, and the URL.
        started = start_many(folder, commands)
    except GitUnavailable:
        yield Lookup()
        return
    with started:
        yield Lookup(folder, started)


def _origin(
    folder: Path,
    place: tuple[bytes, bytes] | subprocess.CalledProcessError,
    url: tuple[bytes, bytes] | subprocess.CalledProcessError,
) -> Origin | None:
    if isinstance(place, subprocess.CalledProcessError):
        # No commit yet (HEAD names none), or a repository git will not read.
        lines = _prefix_only(folder)
        if lines is None:
            return None
    else:
        lines = place[0].decode("utf-8", "replace")
    prefix, _, rest = lines.partition("\n")
    head = rest.strip()
    commit = head if re.fullmatch(r"[0-9a-f]{40,64}", head) else None
    remote = (
        None
        if isinstance(url, subprocess.CalledProcessError)
        else web_url(url[0].decode("utf-8", "replace"))
    )
    return Origin(remote, commit, prefix.strip().strip("/"))


def _prefix_only(folder: Path) -> str | None:
    """The prefix line alone, in a repository with no commit yet."""
    try:
        return run(folder, "rev-parse", "--show-prefix").decode("utf-8", "replace")
    except (GitUnavailable, subprocess.CalledProcessError):
        return None


def _in_git(folder: Path) -> bool:
    """Whether a `.git` (or a bare repository) is at or above folder: a plain folder costs
    no git command."""
    if (folder / "HEAD").is_file() and (folder / "objects").is_dir():
        return True
    return any((where / ".git").exists() for where in (folder, *folder.parents))
