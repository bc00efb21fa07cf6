from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh|shell|console)?\n(.*?)```", text, re.S)
    return [line.strip() for b in blocks[:2] for line in b.splitlines() if line.strip()]


def test_readme_opens_with_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = text.index("```")
    assert text[:first_block].count("\n") <= 3, "the commands come first"
    commands = readme_commands()
    assert len(commands) == 2
    assert "stackcheck scan" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci.splitlines()


def test_the_scanned_example_exists() -> None:
    target = readme_commands()[0].rsplit(" ", 1)[-1]
    assert (ROOT / target).is_dir()
