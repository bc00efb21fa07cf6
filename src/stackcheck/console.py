"""The console entry point: answers what it can before anything heavy is imported.

`stackcheck --version` is what CI scripts and pre-commit run to check an install; importing
click and the command modules would cost more than the rest of the answer, so the one
argument is handled here. A scan repeated with nothing changed is answered from its stored
answer (fastpath.py) for the same reason; everything else goes to cli.main, which stores
such an answer when the scan allows it.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from stackcheck import __version__

        # The same line click's version option prints (`stackcheck --debug --version` still
        # goes through click and prints it too).
        sys.stdout.write(f"stackcheck, version {__version__}\n")
        return
    from stackcheck import fastpath

    pending = fastpath.prepare(sys.argv[1:])
    if pending is not None:
        code = pending.answer()
        if code is not None:
            fastpath.leave(code)
    from stackcheck.cli import main as cli_main

    if pending is None:
        cli_main()
        return
    with pending.recording():
        cli_main()
