"""Sources: clone URLs normalised without credentials, local folders classified, lists read
line by line with one-line errors, and shards that cover the fleet exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import git, make_repo
from stackcheck.cli import cli
from stackcheck.errors import StackcheckError
from stackcheck.fleet.sources import (
    Source,
    in_shard,
    parse_arguments,
    parse_shard,
    parse_source,
    redact,
)


@pytest.mark.parametrize(
    ("text", "location", "rev"),
    [
        pytest.param(
            "https://github.com/Org/Repo", "https://github.com/Org/Repo", None, id="https"
        ),
        pytest.param(
            "https://GitHub.com/Org/Repo.git/", "https://github.com/Org/Repo", None, id="dot-git"
        ),
        pytest.param(
            "https://user:s3cret@github.com/org/repo.git",
            "https://github.com/org/repo",
            None,
            id="credentials-stripped",
        ),
        pytest.param(
            "https://user:s3cret@github.com/org/repo.git@release/2.1",
            "https://github.com/org/repo",
            "release/2.1",
            id="credentials-and-rev",
        ),
        pytest.param(
            "git@github.com:org/repo.git", "ssh://github.com/org/repo", None, id="scp-like"
        ),
        pytest.param(
            "git@github.com:org/repo.git@v1.0", "ssh://github.com/org/repo", "v1.0", id="scp-rev"
        ),
        pytest.param(
            "ssh://git@example.com:2222/org/repo",
            "ssh://example.com:2222/org/repo",
            None,
            id="port",
        ),
        pytest.param(
            "https://example.com:443/org/repo", "https://example.com/org/repo", None, id="port-443"
        ),
        pytest.param("file:///srv/git/app.git@main", "file:///srv/git/app", "main", id="file"),
    ],
)
def test_clone_urls_are_normalised(text: str, location: str, rev: str | None) -> None:
    (source,) = parse_source(text, Path("/nowhere"), "argument 1")
    assert (source.kind, source.location, source.rev) == ("url", location, rev)
    assert "s3cret" not in source.id and "s3cret" not in repr(source)


def test_the_fetch_keeps_the_url_as_given_without_the_rev() -> None:
    (source,) = parse_source("https://u:tok@host.example/o/r.git@v2", Path("/"), "argument 1")
    assert source.fetch_url == "https://u:tok@host.example/o/r.git"
    (scp,) = parse_source("git@host.example:o/r.git@v2", Path("/"), "argument 1")
    assert scp.fetch_url == "git@host.example:o/r.git"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("ext::sh -c touch% /tmp/x", "transports that run programs", id="ext"),
        pytest.param("ftp://example.com/repo", "unsupported URL scheme 'ftp'", id="ftp"),
        pytest.param("https:///repo", "needs a host", id="no-host"),
        pytest.param("https://example.com/", "needs a repository path", id="no-path"),
        pytest.param("https://example.com/r@a..b", "not a revision name", id="bad-rev"),
        pytest.param("https://example.com/r@", "not a revision name", id="empty-rev"),
        pytest.param("./missing-folder", "no such folder", id="missing"),
    ],
)
def test_malformed_sources_name_where_they_were_given(text: str, message: str) -> None:
    with pytest.raises(StackcheckError) as raised:
        parse_source(text, Path("/nowhere"), "fleet.txt:7")
    assert str(raised.value).startswith("fleet.txt:7: ")
    assert message in str(raised.value)


def test_redact_removes_logins_from_messages() -> None:
    said = "fatal: unable to access 'https://me:ghp_abc@github.com/o/r/': 403"
    assert redact(said) == "fatal: unable to access 'https://github.com/o/r/': 403"


def test_local_folders_are_classified_and_a_folder_of_repositories_expanded(
    tmp_path: Path,
) -> None:
    fleet = tmp_path / "org"
    make_repo(fleet / "app", files={"manage.py": ""})
    git(tmp_path, "clone", "-q", "--bare", str(fleet / "app"), str(fleet / "mirror.git"))
    (fleet / "notes").mkdir()  # neither: left out of the folder of repositories
    plain = tmp_path / "plain"
    plain.mkdir()
    found = parse_arguments(["org", "plain", "org/app@HEAD", "org/app"], tmp_path)
    assert [(s.kind, Path(s.location).name, s.rev) for s in found] == [
        ("worktree", "app", None),
        ("bare", "mirror.git", None),
        ("folder", "plain", None),
        ("worktree", "app", "HEAD"),
    ]


def test_a_list_file_with_comments_and_revs(tmp_path: Path) -> None:
    make_repo(tmp_path / "app", files={"manage.py": ""})
    listing = tmp_path / "fleet.txt"
    listing.write_text(
        "# our services\n"
        "\n"
        "app            # the shop\n"
        "app@HEAD\n"
        "https://example.com/org/site.git@main  # docs\n"
        "https://token@example.com/org/site.git@main\n",
        encoding="utf-8",
    )
    found = parse_arguments([str(listing)], Path("/elsewhere"))
    assert [s.id for s in found] == [
        str((tmp_path / "app").resolve()),
        f"{(tmp_path / 'app').resolve()}@HEAD",
        "https://example.com/org/site@main",
    ]
    assert found[0].origin == f"{listing}:3"


def test_a_malformed_line_is_one_line_naming_the_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = tmp_path / "fleet.txt"
    listing.write_text("# fine\nhttps://example.com/o/r\next::sh -c evil\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["fleet", "scan", "fleet.txt", "-o", "out.jsonl"])
    assert done.exit_code == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("stackcheck: error: fleet.txt:3: ")
    assert not (tmp_path / "out.jsonl").exists()


def test_a_line_with_two_sources_is_refused(tmp_path: Path) -> None:
    listing = tmp_path / "fleet.txt"
    listing.write_text("https://example.com/a https://example.com/b\n", encoding="utf-8")
    with pytest.raises(StackcheckError, match=r"fleet\.txt:1: .*one source a line"):
        parse_arguments([str(listing)], tmp_path)


def test_the_same_repository_given_twice_is_one_source(tmp_path: Path) -> None:
    found = parse_arguments(
        ["https://example.com/o/r", "https://example.com/o/r.git", "https://x:y@example.com/o/r/"],
        tmp_path,
    )
    assert len(found) == 1


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "a/b", "2"])
def test_a_bad_shard_is_the_users_error(text: str) -> None:
    with pytest.raises(StackcheckError, match="--shard"):
        parse_shard(text)


def test_shards_cover_the_fleet_exactly_once() -> None:
    sources = [
        Source("url", f"https://example.com/org/repo{i}", None, "argument 1") for i in range(300)
    ]
    shards = [parse_shard(f"{i}/3") for i in (1, 2, 3)]
    picked = [[s.id for s in sources if in_shard(s, shard)] for shard in shards]
    assert sorted(i for part in picked for i in part) == sorted(s.id for s in sources)
    assert all(60 < len(part) < 140 for part in picked)  # a hash spreads them
    # The same in every run: a second look gives the same parts.
    assert picked == [[s.id for s in sources if in_shard(s, shard)] for shard in shards]


def test_a_scheduler_without_dask_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(
        cli, ["fleet", "scan", "https://example.com/o/r", "-o", "out.jsonl", "--scheduler", "x:1"]
    )
    assert done.exit_code == 2
    assert done.stderr == "stackcheck: error: --scheduler is for --executor dask\n"
    assert not (tmp_path / "out.jsonl").exists()
