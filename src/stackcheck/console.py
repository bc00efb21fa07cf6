"""The console entry point: answers `--version` before anything heavy is imported.

`stackcheck --version` is what CI scripts and pre-commit run to check an install; importing
click and the command modules would cost more than the rest of the answer, so the one
argument is handled here and everything else goes to cli.main.
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
    from stackcheck.cli import main as cli_main

    cli_main()
