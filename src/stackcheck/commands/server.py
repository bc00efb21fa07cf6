"""stackcheck server start | stop | status | run: the resident server (server/)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import click

from stackcheck.errors import StackcheckError
from stackcheck.report.formats.safe import message

START_WAIT = 20.0  # seconds for a new server to load and listen


def cache_folder() -> str:
    """The cache folder scans look for a server in (as fastpath.py finds it)."""
    from stackcheck.invocation import cache_folder as person_cache_folder
    from stackcheck.userdirs import user_config_file

    folder = person_cache_folder(user_config_file())
    if folder is None:
        raise StackcheckError(
            "the resident server answers from the cache folder, and the cache is off "
            "(or the user config file cannot be read: `stackcheck scan` says why)"
        )
    return os.path.realpath(folder)


def status() -> int:
    from stackcheck.server.client import control

    folder = cache_folder()
    answer = control(folder, b"status")
    if answer is None:
        click.echo("stackcheck server: not running")
        return 1
    text = answer.decode("utf-8", "replace").split("\n")
    fields = dict(line.partition(" ")[::2] for line in text if line)
    click.echo(
        message(
            f"stackcheck server: running (pid {fields.get('pid', '?')}, "
            f"{fields.get('scans', '?')} scans, "
            f"memory {fields.get('memory', '?')}) on {folder}"
        )
    )
    return 0


def stop() -> int:
    from stackcheck.server import wire
    from stackcheck.server.client import control

    folder = cache_folder()
    if control(folder, b"stop") is None:
        click.echo("stackcheck server: not running")
        return 0
    deadline = time.monotonic() + 10
    while os.path.exists(wire.socket_of(folder)) and time.monotonic() < deadline:
        time.sleep(0.02)
    click.echo("stackcheck server: stopped")
    return 0


def start(idle_seconds: float) -> int:
    from stackcheck.server.client import control

    folder = cache_folder()
    if control(folder, b"status") is not None:
        click.echo("stackcheck server: already running")
        return 0
    command = [sys.executable, "-m", "stackcheck", "server", "run", "--detached"]
    command += ["--idle-timeout", str(idle_seconds)]
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # not stopped with the terminal or the hook that started it
    )
    assert child.stdout is not None and child.stderr is not None
    ready = child.stdout.readline()  # written once it listens; empty if it ended instead
    child.stdout.close()
    if not ready:
        error = child.stderr.read().decode("utf-8", "replace").strip()
        child.wait(timeout=START_WAIT)
        raise StackcheckError(error.removeprefix("stackcheck: error: ") or "the server ended")
    child.stderr.close()
    click.echo(message(ready.decode("utf-8", "replace").rstrip("\n")))
    return 0


def run(idle_seconds: float, detached: bool) -> int:
    from stackcheck.server import daemon

    folder = cache_folder()

    def ready() -> None:
        click.echo(f"stackcheck server: running (pid {os.getpid()}) on {folder}")
        sys.stdout.flush()
        if detached:  # the starting command has its line: nobody reads these any more
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 1)
            os.dup2(null, 2)
            os.close(null)

    return daemon.serve(folder, idle_seconds, ready)
