"""The hardened git runner: what every command line and environment carries."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import RepoFactory, git
from stackcheck.source import safegit


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        pytest.param(b"", [], id="none"),
        pytest.param(b"core.editor\nvi\x00filter\x00", [], id="no-driver"),
        pytest.param(
            b"filter.lfs.clean\ngit-lfs clean -- %f\x00filter.lfs.required\ntrue\x00",
            [
                ("filter.lfs.clean", ""),
                ("filter.lfs.smudge", ""),
                ("filter.lfs.process", ""),
                ("filter.lfs.required", "false"),
            ],
            id="one-filter-once",
        ),
        pytest.param(
            b"filter.a.b=c d.process\nx\x00diff.Evil.textconv\ny\x00",
            [
                ("filter.a.b=c d.clean", ""),
                ("filter.a.b=c d.smudge", ""),
                ("filter.a.b=c d.process", ""),
                ("filter.a.b=c d.required", "false"),
                ("diff.Evil.textconv", ""),
                ("diff.Evil.command", ""),
            ],
            id="odd-names-kept-exactly",
        ),
        pytest.param(b"diff.external\nx\x00", [], id="diff-external-is-on-the-command-line"),
    ],
)
def test_every_driver_is_blanked(listing: bytes, expected: list[tuple[str, str]]) -> None:
    assert safegit.blanked(listing) == expected


def test_a_command_line_carries_the_overrides(tmp_path: Path) -> None:
    argv, env = safegit.command(tmp_path, ("--git-dir=x", "log", "--raw"))
    assert argv[:2] == ["git", "--no-pager"]
    pairs = [argv[i + 1] for i, arg in enumerate(argv) if arg == "-c"]
    assert pairs == [f"{k}={v}" for k, v in safegit.OVERRIDES]
    assert "core.fsmonitor=false" in pairs and "log.showSignature=false" in pairs
    rest = argv[argv.index("--git-dir=x") :]
    assert rest == ["--git-dir=x", "log", "--no-ext-diff", "--no-textconv", "--raw"]
    assert env["GIT_ALLOW_PROTOCOL"] == ""
    assert env["GIT_TERMINAL_PROMPT"] == "0"
    assert env["GIT_PAGER"] == "cat"


def test_only_diff_like_commands_get_the_diff_options(tmp_path: Path) -> None:
    argv, _ = safegit.command(tmp_path, ("ls-files", "-z"))
    assert argv[-2:] == ["ls-files", "-z"]


def test_the_repositorys_drivers_are_blanked_after_the_users_own_settings(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo(files={"a.txt": "x\n"})
    git(root, "config", "filter.evil.clean", "touch pwned")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "user.name")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "Me")
    _, env = safegit.command(root, ("status",))
    assert env["GIT_CONFIG_KEY_0"] == "user.name"  # kept, first
    keys = [env[f"GIT_CONFIG_KEY_{i}"] for i in range(1, int(env["GIT_CONFIG_COUNT"]))]
    assert keys == [
        "filter.evil.clean",
        "filter.evil.smudge",
        "filter.evil.process",
        "filter.evil.required",
    ]
    seen = safegit.run(root, "var", "-l").decode().splitlines()
    assert [line for line in seen if line.startswith("filter.evil.clean=")][-1] == (
        "filter.evil.clean="  # what git now sees: the last setting wins
    )
    assert os.environ["GIT_CONFIG_COUNT"] == "1"  # the process's own environment untouched


def test_commands_that_read_no_content_need_no_listing_of_drivers(repo: RepoFactory) -> None:
    root = repo(files={"a.txt": "x\n"})
    git(root, "config", "filter.evil.clean", "touch pwned")
    for args in (("rev-parse", "HEAD"), ("config", "--get", "remote.origin.url")):
        argv, env = safegit.command(root, args)
        assert "GIT_CONFIG_COUNT" not in env or env["GIT_CONFIG_COUNT"] == os.environ.get(
            "GIT_CONFIG_COUNT"
        )
        assert argv[2:4] == ["-c", "core.fsmonitor=false"]  # the overrides all the same
    _, env = safegit.command(root, ("diff-files",))
    assert env["GIT_CONFIG_KEY_0"] == "filter.evil.clean"
    # Listings named whole as reading no content need none either; the same subcommand with
    # an option that may compare a file's bytes (-m) gets the blanked drivers.
    for args in safegit.NO_CONTENT_LISTINGS:
        assert "GIT_CONFIG_KEY_0" not in safegit.command(root, args)[1]
    _, env = safegit.command(root, ("ls-files", "-z", "-m"))
    assert env["GIT_CONFIG_KEY_0"] == "filter.evil.clean"
    assert not (root / "pwned").exists()


def test_started_commands_are_waited_for_one_by_one_and_none_outlives_the_block(
    repo: RepoFactory,
) -> None:
    from stackcheck.source.safegit import start_many

    root = repo(files={"a.txt": "a\n"})
    commands = [("ls-files", "-z"), ("rev-parse", "--is-inside-work-tree"), ("ls-files", "-s")]
    with start_many(root, commands) as started:
        procs = list(started.procs)
        second = started.result(1)
        assert not isinstance(second, subprocess.CalledProcessError)
        assert second[0].strip() == b"true"
        assert started.result(1) is second  # asked twice, waited for once
    # The two never asked for were stopped and reaped when the block was left.
    assert all(proc is not None and proc.returncode is not None for proc in procs)
    with start_many(root, [("ls-files", "--no-such-option-here")]) as started:
        failed = started.result(0)
    assert isinstance(failed, subprocess.CalledProcessError)


def test_a_command_that_has_ended_is_let_go_with_what_it_read(repo: RepoFactory) -> None:
    """A Popen keeps the pieces communicate() read for as long as it lives: as many bytes
    again as the output, megabytes for a large tree's listing."""
    import gc
    import weakref

    from stackcheck.source.safegit import start_many

    root = repo(files={f"f{i}.txt": "x\n" for i in range(50)})
    with start_many(root, [("ls-files", "-z", "-s"), ("ls-files", "-z")]) as started:
        first = weakref.ref(started.procs[0])
        listed = started.result(0)
        gc.collect()
        assert first() is None
        assert started.procs[1] is not None  # not asked for yet: still running or waited on
    assert not isinstance(listed, subprocess.CalledProcessError)
    assert listed[0].count(b"\0") == 50


def test_a_command_held_back_starts_only_when_asked_for(repo: RepoFactory) -> None:
    from stackcheck.source.safegit import start_many

    root = repo(files={"a.txt": "a\n"})
    (root / "new.txt").write_text("untracked\n")
    commands = [("ls-files", "-z"), ("ls-files", "-z", "--others"), ("rev-parse", "HEAD")]
    with start_many(root, commands, later=(1, 2)) as started:
        assert started.procs[0] is not None
        assert started.procs[1] is None and started.procs[2] is None  # not started
        started.start(1)
        running = started.procs[1]
        assert running is not None
        started.start(1)  # started once
        assert started.procs[1] is running
        assert started.result(1) == (b"new.txt\0", b"")
        head = started.result(2)  # started by asking for its result
        assert not isinstance(head, subprocess.CalledProcessError)
        assert len(head[0].strip()) == 40
    with start_many(root, commands, later=(1,)) as started:
        pass  # one never started: nothing to stop
    assert 1 not in started.done


def test_a_command_held_back_that_cannot_start_is_a_failure_not_an_exception(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stackcheck.source import safegit
    from stackcheck.source.safegit import start_many

    root = repo(files={"a.txt": "a\n"})
    with start_many(root, [("rev-parse", "HEAD"), ("ls-files", "-z")], later=(1,)) as started:

        def missing(*args: object, **kwargs: object) -> None:
            raise FileNotFoundError(2, "No such file or directory: 'git'")

        monkeypatch.setattr(safegit.subprocess, "Popen", missing)
        failed = started.result(1)
    assert isinstance(failed, subprocess.CalledProcessError)
