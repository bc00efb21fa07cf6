"""The fleet's exit code: the --fail-on policy over every result, and the failures allowed.

Each result line records the policy levels it fails (`fails_on`, from the same judgement a
single scan's exit code uses, the repository's own gate included) and the stricter
`fail-on` its repository asked for, if any. So the policy is applied here, to lines old and
new alike, and changing it needs no new scan. As in a single scan, a policy given on the
command line is final, and one from the person's config may be tightened by a repository.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from stackcheck.config import FAIL_ON, read_config, stricter
from stackcheck.errors import StackcheckError
from stackcheck.fleet.results import Line
from stackcheck.userdirs import user_config_path


class Policy(NamedTuple):
    fail_on: str  # avoid | warning | never
    final: bool  # given on the command line: a repository's config cannot tighten it


def own_policy(cli_fail_on: str | None, config_file: Path | None) -> Policy:
    """--fail-on when given; else the `fail-on` of --config or the user's config file."""
    if cli_fail_on is not None:
        return Policy(cli_fail_on, final=True)
    fail_on = "avoid"
    for path in (user_config_path(), config_file):
        if path is None or not path.is_file():
            continue
        data, prefix = read_config(path)
        if "fail-on" in data:
            if data["fail-on"] not in FAIL_ON:
                raise StackcheckError(
                    f"{path}: {prefix}fail-on: must be one of {', '.join(FAIL_ON)}"
                )
            fail_on = data["fail-on"]
    return Policy(fail_on, final=False)


def fails(line: Line, policy: Policy) -> bool:
    """Whether this result fails the policy (a failed scan is counted apart)."""
    if line.get("error") is not None:
        return False
    level = policy.fail_on
    asked = line.get("repo_fail_on")
    if not policy.final and asked in FAIL_ON:
        level = stricter(level, asked)
    return level != "never" and level in (line.get("fails_on") or ())


def exit_code(lines: Iterable[Line], policy: Policy, allowed_failures: int) -> int:
    """1 when a result fails the policy, or more repositories failed than allowed; else 0."""
    found = list(lines)
    failed = sum(1 for line in found if line.get("error") is not None)
    if failed > allowed_failures:
        return 1
    return 1 if any(fails(line, policy) for line in found) else 0
