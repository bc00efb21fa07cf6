"""What a hostile repository can do to the person's terminal and CI log, and to the scan's
reach beyond its own tree: every message escaped, every link and pointer kept inside."""

from __future__ import annotations

import re

import pytest

from conftest import RepoFactory
from hostile._support import invoke

# An ANSI escape, a C1 CSI, a bidi override, or a line GitHub Actions reads as a command.
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_log_safe(text: str) -> None:
    assert TERMINAL_UNSAFE.findall(text) == [], text
    for line in text.split("\n"):
        assert not line.strip().startswith("::"), line
        assert "##[" not in line, line


@pytest.mark.parametrize(
    ("files", "needle"),
    [
        pytest.param(
            {".stackcheck.toml": '"\\u001b[31mred\\n::error file=app.py::forged" = 1\n'},
            "unknown key",
            id="config-key-in-error",
        ),
        pytest.param(
            {".stackcheck.toml": '[severity]\n"::warning::x\\u202e" = "loud"\n'},
            "severity",
            id="severity-key-in-error",
        ),
        pytest.param(
            {"pyproject.toml": '[tool.stackcheck]\n"##[error]x\\u009b2J" = 1\n'},
            "unknown key",
            id="pyproject-key-in-error",
        ),
        pytest.param(
            {".stackcheck.toml": 'cache-dir = "/tmp"\n"\\u001b]0;t\\u0007\\n::notice::x" = 1\n'},
            "unknown key",
            id="key-after-user-only",
        ),
    ],
)
def test_repository_text_in_messages_reaches_stderr_escaped(
    repo: RepoFactory, files: dict[str, str], needle: str
) -> None:
    root = repo(files={"index.html": "<html></html>\n", **files})
    code, out, err = invoke("scan", str(root), "--no-cache")
    assert code == 2, err
    assert needle in err
    assert_log_safe(err)
    assert_log_safe(out)


def test_an_indented_path_in_a_text_report_is_no_workflow_command(repo: RepoFactory) -> None:
    root = repo(files={"::error file=a.py::forged/package.json": "{not json", "a.html": "x\n"})
    for fmt in ("text", "markdown"):
        code, out, err = invoke("scan", str(root), "--no-cache", "-v", "--format", fmt)
        assert code in (0, 1), err
        assert "forged" in out  # shown, defused
        assert_log_safe(out)
