"""The trusted step: fetch a clone URL into the clone cache, as the person running the scan.

This is the one place a fleet scan uses the network and the person's own git configuration
(credential helpers, `url.<base>.insteadOf`, proxies, SSH keys), through GitPython: they
asked for these repositories, so git runs as they would run it. What the fetched repository
brings is still never run:

- the clone is bare and made with an empty template, and nothing is checked out, so no
  filter, attribute or work-tree file of the repository is ever acted on;
- `core.hooksPath` points at no folder, so no hook runs (not even one the person's own
  config names), and transports that run programs (`ext::`, `fd::`) are refused;
- `--no-recurse-submodules --no-tags`: only the one revision is fetched, and
  `--no-write-fetch-head` writes the URL (it may hold a token) nowhere;
- `--depth 1` with every blob of that commit: the scan then reads it offline through the
  hardened `--rev` path, which refuses lazy fetches, so a blobless clone would not do.

Each URL has one bare repository in the cache, reused by later runs (a fetch of an unchanged
revision transfers almost nothing); a lock file keeps two fetches into it apart.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from stackcheck.fleet.sources import Source, redact

# Given on every trusted git command line; `-c` beats every config file.
TRUSTED_OVERRIDES = (
    ("core.hooksPath", os.devnull),
    ("fetch.recurseSubmodules", "false"),
    ("protocol.ext.allow", "never"),
    ("protocol.fd.allow", "never"),
    ("gc.auto", "0"),
    ("maintenance.auto", "false"),
)
# A fleet runs unattended: a credential helper may answer, a terminal prompt may not.
TRUSTED_ENV = {"GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never", "LC_ALL": "C"}
COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
MAX_MESSAGE = 300

# What git says when trying again may help (the network, the server), and when it cannot
# (no such repository, no access, no such revision). Permanent wins when both appear.
PERMANENT = (
    "not found",
    "does not exist",
    "does not appear to be a git repository",
    "access denied",
    "authentication failed",
    "could not read username",
    "could not read password",
    "permission denied",
    "couldn't find remote ref",
    "not our ref",
    "no such remote ref",
    "invalid",
    "not exported",
    "unsupported",
)
TRANSIENT = (
    "could not resolve host",
    "couldn't connect to server",
    "failed to connect",
    "unable to connect",
    "connection refused",
    "broken pipe",
    "connection reset",
    "connection timed out",
    "operation timed out",
    "timed out",
    "network is unreachable",
    "temporary failure",
    "early eof",
    "the remote end hung up unexpectedly",
    "unexpected disconnect",
    "rpc failed",
    "returned error: 5",
    "returned error: 429",
    "http/2 stream",
    "tls",
    "ssl",
)


class FetchFailed(Exception):
    """git could not fetch the source; `transient` when trying again later may succeed."""

    def __init__(self, message: str, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


class Fetched(NamedTuple):
    path: Path  # the bare repository in the clone cache
    commit: str


def clone_root(cache_dir: Path | None) -> Path:
    """Where clones live: `clones/` in the cache folder (--cache-dir, $STACKCHECK_CACHE_DIR,
    or the platform's user cache folder)."""
    from stackcheck.cache import default_dir

    return (cache_dir or default_dir()) / "clones"


def clone_path(root: Path, source: Source) -> Path:
    digest = hashlib.sha256(source.location.encode("utf-8", "surrogateescape")).hexdigest()
    return root / digest[:2] / f"{digest[2:34]}.git"


def remote_commit(source: Source) -> str | None:
    """The commit the source's revision names on the server now (`git ls-remote`, no objects
    fetched), or None when that cannot be told without a fetch."""
    rev = source.rev or "HEAD"
    if COMMIT_ID.fullmatch(rev):
        return rev
    try:
        out = _git(None, "ls-remote", "--", source.fetch_url, rev)
    except FetchFailed:
        return None
    refs: dict[str, str] = {}
    for line in out.splitlines():
        commit, _, name = line.partition("\t")
        refs[name] = commit
    # The order git itself resolves a name in (git rev-parse, "SPECIFYING REVISIONS").
    for name in (rev, f"refs/{rev}", f"refs/tags/{rev}^{{}}", f"refs/tags/{rev}"):
        if COMMIT_ID.fullmatch(refs.get(name, "")):
            return refs[name]
    found = refs.get(f"refs/heads/{rev}", "")
    return found if COMMIT_ID.fullmatch(found) else None


def fetch(source: Source, root: Path) -> Fetched:
    """Fetch the source's revision (default: the server's HEAD) with every blob of its commit
    into the clone cache; raises FetchFailed."""
    path = clone_path(root, source)
    path.parent.mkdir(parents=True, exist_ok=True)
    ref = (
        "refs/stackcheck/"
        + hashlib.sha1((source.rev or "HEAD").encode(), usedforsecurity=False).hexdigest()
    )
    with _locked(path.with_name(path.name + ".lock")):
        if not ((path / "HEAD").is_file() and (path / "objects").is_dir()):
            _create(path)
        _git(
            path,
            "fetch",
            "--quiet",
            "--depth=1",
            "--no-tags",
            "--no-recurse-submodules",
            "--no-write-fetch-head",
            "--",
            source.fetch_url,
            f"+{source.rev or 'HEAD'}:{ref}",
        )
        commit = _git(path, "rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}")
    return Fetched(path, commit.strip())


def _create(path: Path) -> None:
    """A fresh bare repository, replacing whatever an interrupted run left at path."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    # An empty template: none of the sample hooks or the person's own template files.
    _git(None, "init", "--quiet", "--bare", "--template=", "--", str(path))


def _git(cwd: Path | None, *args: str) -> str:
    """A trusted git command, with the person's own configuration and the overrides above."""
    import git

    argv = ["git"]
    for key, value in TRUSTED_OVERRIDES:
        argv += ["-c", f"{key}={value}"]
    try:
        out = git.Git(str(cwd) if cwd is not None else None).execute(
            [*argv, *args], env=TRUSTED_ENV, stdout_as_string=True
        )
    except git.GitCommandNotFound as exc:
        raise FetchFailed("git is not installed", transient=False) from exc
    except git.GitCommandError as exc:
        message = _message(exc.stderr)
        raise FetchFailed(f"git {args[0]}: {message}", transient(message)) from exc
    return str(out)


def transient(message: str) -> bool:
    lowered = message.lower()
    if any(marker in lowered for marker in PERMANENT):
        return False
    return any(marker in lowered for marker in TRANSIENT)


def _message(stderr: object) -> str:
    """git's complaint on one line, without credentials, cut to MAX_MESSAGE characters."""
    text = str(stderr or "").strip()
    text = text.removeprefix("stderr:").strip().strip("'").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined = redact("; ".join(lines)) or "git failed"
    return joined if len(joined) <= MAX_MESSAGE else joined[: MAX_MESSAGE - 1] + "…"


@contextlib.contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on lock_file (POSIX; elsewhere fetches are not serialised)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
