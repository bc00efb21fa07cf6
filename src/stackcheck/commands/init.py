"""stackcheck init: a starter configuration, and the snippets that run stackcheck in CI.

The configuration is appended to pyproject.toml as a [tool.stackcheck] table (or written
to .stackcheck.toml with --file). Nothing is ever overwritten: a folder that already has a
stackcheck configuration is refused, because a second one would silently lose to the first.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from stackcheck import __version__
from stackcheck.config import CONFIG_FILES
from stackcheck.errors import StackcheckError

REPO_URL = "https://github.com/stackcheck/stackcheck"

SETTINGS = """\
# What fails the run (exit 1): "avoid" (the default) or "warning". The repository's own
# config may make the gate stricter than the policy of whoever runs the scan, never laxer.
fail-on = "avoid"
# Findings below this confidence (0 to 1) are not reported.
min-confidence = 0.0
# Extra gitignore-style patterns to leave out of the scan.
exclude = []
# Rules that do not apply here, each with its reason (the reason is shown in every report):
# ignore = [{rule = "DJ903", reason = "the WebSocket hub is a separate service"}]
"""


def starter(table: bool) -> str:
    """The starter settings, as a [tool.stackcheck] table or as a whole .stackcheck.toml."""
    head = "[tool.stackcheck]\n" if table else ""
    return f"# stackcheck: does Django suit this project? {REPO_URL}\n{head}{SETTINGS}"


def precommit_snippet() -> str:
    return f"""\
repos:
  - repo: {REPO_URL}  # placeholder: where you install stackcheck from
    rev: v{__version__}
    hooks:
      - id: stackcheck
"""


def github_actions_snippet() -> str:
    return f"""\
name: stackcheck
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  security-events: write  # lets the action upload its SARIF report to code scanning
jobs:
  stackcheck:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: stackcheck/stackcheck@v{__version__}  # placeholder, as in the repo URL above
        with:
          path: .
          fail-on: avoid
"""


def run(folder: Path, separate_file: bool) -> int:
    if not folder.is_dir():
        raise StackcheckError(f"{folder}: no such folder")
    written = folder / (".stackcheck.toml" if separate_file else "pyproject.toml")
    if written.is_symlink():
        # Writing through it would change a file elsewhere, perhaps outside the folder.
        raise StackcheckError(
            f"{written}: a symbolic link; stackcheck init does not write through it "
            "(edit the file it points to)"
        )
    _refuse_existing(folder)
    if separate_file:
        _create(written, starter(table=False))
    else:
        _append_table(written)
    from stackcheck.report.formats.safe import message

    click.echo(message(f"Wrote a starter stackcheck configuration to {written}."))
    click.echo("\nTo run stackcheck before each commit, add to .pre-commit-config.yaml:\n")
    click.echo(precommit_snippet())
    click.echo("To run it in GitHub Actions, add .github/workflows/stackcheck.yml:\n")
    click.echo(github_actions_snippet(), nl=False)
    return 0


def _refuse_existing(folder: Path) -> None:
    for name in CONFIG_FILES:
        path = folder / name
        if not path.is_file():
            continue
        if name != "pyproject.toml":
            raise StackcheckError(f"{path}: stackcheck is already configured here; edit it")
        tool = _load(path).get("tool")
        if isinstance(tool, dict) and "stackcheck" in tool:
            raise StackcheckError(
                f"{path}: tool.stackcheck: stackcheck is already configured here; edit it"
            )


def _load(path: Path) -> dict[str, object]:
    from stackcheck.facts._toml import TOMLDecodeError, loads
    from stackcheck.source.worktree import read_regular

    try:
        data: dict[str, object] = loads(read_regular(path).decode("utf-8"))
    except OSError as exc:
        raise StackcheckError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (TOMLDecodeError, UnicodeDecodeError) as exc:
        raise StackcheckError(f"{path}: invalid TOML, fix it first: {exc}") from exc
    return data


def _create(path: Path, text: str) -> None:
    try:
        with path.open("x", encoding="utf-8") as out:  # "x": never replace a file
            out.write(text)
    except OSError as exc:
        raise StackcheckError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def _append_table(path: Path) -> None:
    from stackcheck.facts._toml import TOMLDecodeError, loads

    if not path.exists():
        _create(path, starter(table=True))
        return
    from stackcheck.source.worktree import read_regular

    try:
        existing = read_regular(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StackcheckError(f"{path}: cannot read: {exc}") from exc
    addition = ("\n" if existing and not existing.endswith("\n") else "") + "\n"
    addition += starter(table=True)
    try:
        # e.g. an inline `tool = {...}` cannot take a [tool.stackcheck] table after it.
        loads(existing + addition)
    except TOMLDecodeError as exc:
        raise StackcheckError(
            f"{path}: a [tool.stackcheck] table cannot be appended here ({exc}); "
            "use `stackcheck init --file` for a separate .stackcheck.toml"
        ) from exc
    try:
        # O_NOFOLLOW: a link swapped in since it was checked is not written through.
        flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(path, flags), "a", encoding="utf-8") as out:
            out.write(addition)
    except OSError as exc:
        raise StackcheckError(f"{path}: cannot write: {exc.strerror or exc}") from exc
