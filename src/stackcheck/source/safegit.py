"""The one way stackcheck runs git: hardened against the repository it is pointed at.

A repository's own configuration (`.git/config`, the files it includes, and an archive's
`.git` folder is as much the attacker's as its work tree) can name programs for git to run:
an fsmonitor hook, hooks, clean/smudge/process filters, an external diff or textconv, gpg
for signatures, a transport for a lazy fetch. Every git command stackcheck runs goes
through here, which switches all of them off where git gives them the last word:

- settings given on the command line (`-c`), which beat every config file git reads:
  `core.fsmonitor=false`, `core.hooksPath` pointing at no folder, `log.showSignature=false`,
  an empty `diff.external` (a diff that still asked for it would fail, not run it), no
  pager, no transport, no automatic gc or maintenance;
- every filter and diff driver any config file defines, listed first with
  `git config --get-regexp` (itself run hardened; not needed before the commands that
  read no file's content, `rev-parse` and `config`) and blanked the same way: an empty
  clean/smudge/process command is no command, and `required=false` keeps git from
  failing over the missing filter. The user's own drivers (git-lfs) are blanked too: a scan
  reads files as they are on disk and blobs as stored, and needs neither;
- `--no-ext-diff --no-textconv` on every command that can show a diff;
- in the environment: no transport at all (`GIT_ALLOW_PROTOCOL` empty overrides any
  `protocol.<name>.allow` a repository sets; `GIT_NO_LAZY_FETCH` stops a partial clone
  from fetching), no prompt, no pager, no optional locks;
- a time limit on every command, and on every request to a long-lived batch process.

What stays is the user's own configuration for everything else (safe.directory,
credentials, identities): git still reads the user's global and system files.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
import weakref
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager

TIMEOUT_SECONDS = 120.0  # one git command, or one request to a batch process
PATROL_SECONDS = 0.5  # how often the watchdog looks at batch processes
TIMED_OUT = -9  # the return code of a command stopped for taking too long (SIGKILL)

# Given on every command line, after any `-c` of the user's own (the last one wins).
OVERRIDES: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", "false"),  # a program git asks which files changed
    ("core.hooksPath", os.devnull),  # not a folder: no hook is ever found
    ("core.pager", "cat"),
    ("log.showSignature", "false"),  # verifying a signature runs gpg.program
    ("diff.external", ""),  # run by a diff that allows external diffs: fail instead
    ("protocol.allow", "never"),
    ("gc.auto", "0"),  # a scan writes nothing into the repository
    ("maintenance.auto", "false"),
    # Whether a tracked file changed is told by all of its stat data: a repository that
    # trusts less of it could keep an edited file looking clean to a warm scan.
    ("core.checkStat", "default"),
    ("core.trustctime", "true"),
)
# Commands that can produce a diff; external diffs and textconv are off for them.
DIFF_LIKE = frozenset(
    {"diff", "diff-files", "diff-index", "diff-tree", "log", "show", "whatchanged"}
)
NO_PROGRAMS = ("--no-ext-diff", "--no-textconv")
# Driver settings that name programs, and what each becomes.
BLANKED = {
    "filter": (("clean", ""), ("smudge", ""), ("process", ""), ("required", "false")),
    "diff": (("textconv", ""), ("command", "")),
}
DRIVER_KEYS = r"^(filter|diff)\."
# Commands that read no file's content, so never run a filter or diff driver: they need
# no listing of the drivers first (one git process less for each call or batch).
NO_CONTENT = frozenset({"rev-parse", "config"})
# Listings that read the index and walk folders but never a file's content (unlike
# `ls-files -m`, which may compare a racily clean file's bytes), and object reads that give
# blobs as stored (no --filters, no --textconv): named whole, as run.
NO_CONTENT_LISTINGS = frozenset(
    {
        ("ls-files", "-z", "-s"),
        ("ls-files", "-z", "-s", "-v"),
        ("ls-files", "-z", "--debug"),
        ("ls-files", "-z", "--others", "--exclude-standard"),
        ("cat-file", "--batch-check"),
        ("cat-file", "--batch"),
    }
)

ENV = {
    "GIT_ALLOW_PROTOCOL": "",  # an empty allow-list: no transport, whatever the config says
    "GIT_NO_LAZY_FETCH": "1",  # a partial clone's missing objects stay missing
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_OPTIONAL_LOCKS": "0",  # not even the index's stat refresh is written back
    "LC_ALL": "C",
}


class GitUnavailable(Exception):
    """git is missing or refuses the repository; the message says which."""


def run(cwd: str | os.PathLike[str], *args: str, stdin: bytes | None = None) -> bytes:
    """git's standard output; a failure or a timeout raises CalledProcessError."""
    argv, env = command(cwd, args)
    try:
        done = subprocess.run(
            argv,
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=env,
            check=False,
            timeout=TIMEOUT_SECONDS,
        )
    except FileNotFoundError as exc:
        raise GitUnavailable("git is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise timed_out(args) from exc
    if done.returncode != 0:
        raise failure(args, done.returncode, done.stdout, done.stderr)
    return done.stdout


def run_many(
    cwd: str | os.PathLike[str], commands: Sequence[tuple[str, ...]]
) -> list[tuple[bytes, bytes] | subprocess.CalledProcessError]:
    """Independent git commands run at once, under one time limit; each gives (stdout,
    stderr) or its failure."""
    with start_many(cwd, commands) as started:
        return [started.result(i) for i in range(len(commands))]


class Started:
    """Independent git commands started together, under one time limit, each waited for on
    its own: the caller can work on what the quick ones printed while a slow one (listing
    a large tree's untracked files) still runs. Leaving the `with` block stops any command
    whose result was not asked for."""

    def __init__(
        self,
        commands: Sequence[tuple[str, ...]],
        procs: Sequence[subprocess.Popen[bytes] | None],
        failed: subprocess.CalledProcessError | None = None,
        cwd: str | os.PathLike[str] | None = None,
        envs: dict[tuple[str, ...], dict[str, str]] | None = None,
    ) -> None:
        self.commands = list(commands)
        # Each until it has ended: a Popen keeps what communicate() read in pieces (as many
        # megabytes again as the output on a large tree) for as long as it lives. None also
        # for a command held back (`later`), until `start` or `result`.
        self.procs: list[subprocess.Popen[bytes] | None] = list(procs)
        self.deadline = time.monotonic() + TIMEOUT_SECONDS
        self.done: dict[int, tuple[bytes, bytes] | subprocess.CalledProcessError] = {}
        self._cwd, self._envs = cwd, envs if envs is not None else {}
        self._waiting = {i for i, proc in enumerate(self.procs) if proc is None}
        if failed is not None:
            self.done = dict.fromkeys(range(len(commands)), failed)

    def start(self, index: int) -> None:
        """Start a command held back (start_many's `later`); one started already is left be."""
        if index not in self._waiting or index in self.done:
            return
        self._waiting.discard(index)
        assert self._cwd is not None
        try:
            argv, env = command(self._cwd, self.commands[index], self._envs)
            self.procs[index] = subprocess.Popen(
                argv, cwd=self._cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        except subprocess.CalledProcessError as exc:  # the driver listing failed
            self.done[index] = exc
        except (OSError, GitUnavailable) as exc:  # git went missing since the others started
            self.done[index] = failure(self.commands[index], 127, b"", str(exc).encode())

    def result(self, index: int) -> tuple[bytes, bytes] | subprocess.CalledProcessError:
        """Command `index`'s (stdout, stderr), or its failure, once it has ended."""
        self.start(index)
        found = self.done.get(index)
        if found is None:
            found = self.done[index] = self._wait(index)
            self.procs[index] = None
        return found

    def _wait(self, index: int) -> tuple[bytes, bytes] | subprocess.CalledProcessError:
        args, proc = self.commands[index], self.procs[index]
        assert proc is not None
        try:
            out, err = proc.communicate(timeout=max(0.0, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return timed_out(args)
        if proc.returncode != 0:
            return failure(args, proc.returncode, out, err)
        return out, err

    def __enter__(self) -> Started:
        return self

    def __exit__(self, *exc: object) -> None:
        for index, proc in enumerate(self.procs):
            if index not in self.done and proc is not None:
                proc.kill()
                proc.communicate()


def start_many(
    cwd: str | os.PathLike[str], commands: Sequence[tuple[str, ...]], later: Collection[int] = ()
) -> Started:
    """Start independent git commands at once (run_many without the waiting); use the
    result as a context manager, so no command outlives its caller. The commands whose
    indexes are in `later` start when `Started.start` or `Started.result` asks for them
    (each git listing of a large index holds all of it: they need not all run at once)."""
    envs: dict[tuple[str, ...], dict[str, str]] = {}  # one driver listing per repository
    procs: dict[int, subprocess.Popen[bytes]] = {}
    # Those that read no content start at once; the listing of drivers the others need
    # (`command`) runs while they do.
    order = sorted(
        (i for i in range(len(commands)) if i not in later),
        key=lambda i: not _reads_no_content(_split(commands[i])[1]),
    )
    try:
        for index in order:
            argv, env = command(cwd, commands[index], envs)
            procs[index] = subprocess.Popen(
                argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
    except BaseException as exc:
        for proc in procs.values():  # none is left running
            proc.kill()
            proc.communicate()
        if isinstance(exc, subprocess.CalledProcessError):  # the driver listing failed
            return Started(commands, (), failed=exc)
        if isinstance(exc, FileNotFoundError):
            raise GitUnavailable("git is not installed") from exc
        raise
    return Started(commands, [procs.get(i) for i in range(len(commands))], cwd=cwd, envs=envs)


def command(
    cwd: str | os.PathLike[str],
    args: Sequence[str],
    envs: dict[tuple[str, ...], dict[str, str]] | None = None,
) -> tuple[list[str], dict[str, str]]:
    """The hardened command line and environment for `git *args` run in cwd. Leading
    options of args (`--git-dir=...`) are git's own and stay in front of the subcommand.
    `envs` keeps environments already made for commands run together."""
    leading, rest = _split(args)
    if _reads_no_content(rest):
        return [*_argv(leading), *rest], {**os.environ, **ENV}
    key = tuple(leading)
    env = envs.get(key) if envs is not None else None
    if env is None:
        env = {**os.environ, **ENV}
        drivers = _drivers(cwd, leading, env)
        if drivers:
            env = _with_config(env, drivers)
        if envs is not None:
            envs[key] = env
    return [*_argv(leading), *_diff_safe(rest)], env


def _reads_no_content(rest: Sequence[str]) -> bool:
    return bool(rest) and (rest[0] in NO_CONTENT or tuple(rest) in NO_CONTENT_LISTINGS)


def _split(args: Sequence[str]) -> tuple[list[str], list[str]]:
    at = next((i for i, arg in enumerate(args) if not arg.startswith("-")), len(args))
    return list(args[:at]), list(args[at:])


def _argv(leading: Sequence[str]) -> list[str]:
    argv = ["git", "--no-pager"]
    for key, value in OVERRIDES:
        argv += ["-c", f"{key}={value}"]
    return argv + list(leading)


def _diff_safe(rest: list[str]) -> list[str]:
    if rest and rest[0] in DIFF_LIKE:
        return [rest[0], *NO_PROGRAMS, *rest[1:]]
    return rest


def _drivers(
    cwd: str | os.PathLike[str], leading: Sequence[str], env: dict[str, str]
) -> list[tuple[str, str]]:
    """Every filter and diff driver git's configuration defines here, blanked. A config git
    cannot read fails this command as it would fail the command itself."""
    argv = [*_argv(leading), "config", "-z", "--get-regexp", DRIVER_KEYS]
    try:
        done = subprocess.run(
            argv, cwd=cwd, env=env, capture_output=True, check=False, timeout=TIMEOUT_SECONDS
        )
    except FileNotFoundError as exc:
        raise GitUnavailable("git is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise timed_out(("config",)) from exc
    if done.returncode == 1 and not done.stdout:
        return []  # no such key anywhere
    if done.returncode != 0:
        raise failure(("config",), done.returncode, done.stdout, done.stderr)
    return blanked(done.stdout)


def blanked(listing: bytes) -> list[tuple[str, str]]:
    """`git config -z --get-regexp` records (`key\\nvalue\\0`) -> the settings that blank
    every driver they name. A name is kept byte for byte (it may hold dots, spaces, `=`)."""
    names: dict[tuple[str, str], None] = {}
    for record in listing.split(b"\0"):
        key = os.fsdecode(record.partition(b"\n")[0])
        section, dot, rest = key.partition(".")
        name, dot2, _variable = rest.rpartition(".")
        if dot and dot2 and section in BLANKED:
            names[(section, name)] = None
    return [
        (f"{section}.{name}.{variable}", value)
        for section, name in names
        for variable, value in BLANKED[section]
    ]


def _with_config(env: dict[str, str], settings: list[tuple[str, str]]) -> dict[str, str]:
    """Settings passed as GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n: like `-c`, they beat every
    config file, and they carry any name exactly. The user's own pairs are kept first."""
    try:
        start = max(0, int(env.get("GIT_CONFIG_COUNT", "0")))
    except ValueError:
        start = 0
    env = dict(env)
    for i, (key, value) in enumerate(settings, start):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    env["GIT_CONFIG_COUNT"] = str(start + len(settings))
    return env


def failure(
    args: Sequence[str], code: int, out: bytes, err: bytes
) -> subprocess.CalledProcessError:
    message = err.decode("utf-8", "replace").strip()
    return subprocess.CalledProcessError(code, ["git", *args], out, message)


def timed_out(args: Sequence[str]) -> subprocess.CalledProcessError:
    return subprocess.CalledProcessError(
        TIMED_OUT, ["git", *args], b"", f"git timed out after {TIMEOUT_SECONDS:g} s"
    )


class Batch:
    """A long-lived git process answering requests on stdin (`cat-file --batch`). A request
    that takes longer than TIMEOUT_SECONDS (a FIFO where an object file should be) has its
    process killed, so the reader sees the output end instead of waiting for ever."""

    def __init__(self, cwd: str | os.PathLike[str], *args: str) -> None:
        argv, env = command(cwd, args)
        try:
            self.proc = subprocess.Popen(
                argv,
                cwd=cwd,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError as exc:
            raise GitUnavailable("git is not installed") from exc
        self.since: float | None = None
        self.timeout = TIMEOUT_SECONDS
        weakref.finalize(self, _stop, self.proc)
        _watchdog.watch(self)

    @contextmanager
    def request(self) -> Iterator[subprocess.Popen[bytes]]:
        """One request and its answer, under the time limit."""
        self.since = time.monotonic()
        try:
            yield self.proc
        finally:
            self.since = None

    def overdue(self, now: float) -> bool:
        return self.since is not None and now - self.since > self.timeout

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.stdin:
        proc.stdin.close()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class _Watchdog:
    """One thread per process that kills batch processes whose request is overdue; it runs
    only while there are batch processes to watch."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.batches: weakref.WeakSet[Batch] = weakref.WeakSet()
        self.running_in: int | None = None  # the pid whose thread is patrolling

    def watch(self, batch: Batch) -> None:
        with self.lock:
            self.batches.add(batch)
            if self.running_in != os.getpid():  # none yet, or a forked child's copy
                self.running_in = os.getpid()
                threading.Thread(target=self._patrol, name="stackcheck-git", daemon=True).start()

    def _patrol(self) -> None:
        while True:
            time.sleep(PATROL_SECONDS)
            if not self._sweep():
                return

    def _sweep(self) -> bool:
        """Kill the overdue; False once nothing is left to watch. (The list of batches is
        local to this call, so it never keeps one alive past its last user.)"""
        with self.lock:
            batches = list(self.batches)
            if not batches:
                self.running_in = None
                return False
        now = time.monotonic()
        for batch in batches:
            if batch.overdue(now):
                batch.kill()
        return True


_watchdog = _Watchdog()
