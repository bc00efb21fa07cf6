"""How the command line is read, and how a mistake in it is told: in one line.

click's own report of a usage error is three lines (usage, a hint, the error) where one
that names the option, says what is wrong and suggests the likely fix does better; a
`--color` that takes an optional value the way git's does needs a little help too.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

USER_ERROR = "stackcheck: error: "


class Group(click.Group):
    """The command group, reporting usage errors in one line (exit 2)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # `stackcheck` alone: the help
                exc.show()
            else:
                click.echo(usage_line(exc), err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort as exc:
            # click turns ^C into Abort without standalone mode; cli.main reports it.
            raise KeyboardInterrupt from exc
        sys.exit(code if isinstance(code, int) else 0)


def usage_line(exc: click.UsageError) -> str:
    """`stackcheck: error: --format: 'jsn' is not one of 'text', 'json', ...; did you mean
    'json'? (see 'stackcheck scan --help')`. What the user typed is escaped as any text
    shown on a terminal is."""
    from stackcheck.report.formats.safe import message

    if isinstance(exc, click.NoSuchOption):
        text = f"{exc.option_name}: no such option"
        if exc.possibilities:
            text += f"; did you mean {' or '.join(sorted(exc.possibilities))}?"
    elif (
        isinstance(exc, click.BadParameter)
        and not isinstance(exc, click.MissingParameter)
        and exc.param is not None
    ):
        text = f"{_name(exc.param)}: {exc.message}"
    else:
        text = exc.format_message()
    text = " ".join(text.split()).rstrip(".")
    if exc.ctx is not None:
        # The program's own name, however it was started (python -m, a test's runner).
        command = " ".join(["stackcheck", *exc.ctx.command_path.split()[1:]])
        text += f" (see '{command} --help')"
    return USER_ERROR + message(text)


def _name(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    return param.human_readable_name


class Choice(click.Choice):  # type: ignore[type-arg]
    """click.Choice whose error suggests the closest choice: 'jsn' -> did you mean 'json'?"""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            import difflib

            choices = [str(c) for c in self.choices]
            close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
            if not close:
                raise
            hint = f"{exc.message.rstrip('.')}; did you mean {close[0]!r}?"
            raise click.BadParameter(hint, ctx=exc.ctx, param=exc.param) from None


COLOR_WORDS = {"--color": "--color=always", "--no-color": "--color=never"}


class ColorCommand(click.Command):
    """A command whose `--color` reads as git's `--color[=WHEN]`: a bare `--color` is
    --color=always and `--no-color` is --color=never, and only `--color=WHEN` (with the
    `=`) takes a value, so `stackcheck scan --color PATH` still scans PATH."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _color_words(self, args))


def _color_words(command: click.Command, args: list[str]) -> list[str]:
    takes_value = {
        name
        for param in command.params
        if isinstance(param, click.Option) and not param.is_flag and not param.count
        for name in param.opts
        if name not in COLOR_WORDS
    }
    found: list[str] = []
    rest = iter(args)
    for word in rest:
        if word == "--":
            found += [word, *rest]
            break
        found.append(COLOR_WORDS.get(word, word))
        if word in takes_value:  # its value, whatever it looks like: --exclude --color
            value = next(rest, None)
            if value is not None:
                found.append(value)
    return found


class ColorOption(click.Option):
    """The `--color` option, shown in --help as it is typed."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        return None if record is None else ("--color[=WHEN], --no-color", record[1])
