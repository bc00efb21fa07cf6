"""The console entry point: answers what it can before anything heavy is imported.

`stackcheck --version` is what CI scripts and pre-commit run to check an install; importing
click and the command modules would cost more than the rest of the answer, so the one
argument is handled here. A scan repeated with nothing changed is answered from its stored
answer (fastpath.py) for the same reason, or handed to a resident server when one runs
(server/); everything else goes to cli.main, which stores such an answer when the scan
allows it.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from stackcheck import __version__

        # The same line click's version option prints (`stackcheck --debug --version` still
        # goes through click and prints it too).
        sys.stdout.write(f"stackcheck, version {__version__}\n")
        return
    code = _served()
    if code is None:
        code = answer_or_run(sys.argv[1:])
    if code is not None:
        leave(code)


def answer_or_run(argv: list[str]) -> int | None:
    """The stored answer's exit code, once it is written (fastpath.py), or None after the
    command line ran (cli.main, which ends with SystemExit). The resident server runs each
    scan it is handed through here too, with the caller's sys.argv."""
    from stackcheck import fastpath

    pending = fastpath.prepare(argv)
    if pending is not None:
        code = pending.answer()
        if code is not None:
            return code
    from stackcheck.cli import main as cli_main

    if pending is None:
        cli_main()
        return None
    with pending.recording():
        cli_main()
    return None


def _served() -> int | None:
    """The exit code of this scan as a resident server ran it (server/), when one runs for
    the caller's cache folder and STACKCHECK_SERVER does not say to scan here (`0`, `off`);
    with STACKCHECK_SERVER=auto, a scan no server ran starts one for the next. Asked before
    the fast path is loaded: the server gives its answers too."""
    wanted = os.environ.get("STACKCHECK_SERVER", "").strip().lower()
    if wanted in ("0", "false", "no", "off"):
        return None
    from stackcheck.server.client import ask

    return ask(sys.argv[1:], start=wanted == "auto")


def leave(code: int) -> None:
    """End the process after a replayed or served answer: the streams are flushed, and the
    interpreter is not torn down module by module (a tenth of a warm answer's time). Nothing
    on this path leaves work for exit: no thread, no open database, no child left running."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            continue  # closed after a broken pipe, as the ordinary path leaves it
    os._exit(code)
