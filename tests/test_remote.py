"""target.remote: the origin remote as a web URL, credentials stripped, read as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import RepoFactory, git
from stackcheck.cli import cli
from stackcheck.report.forge import file_url, forge
from stackcheck.source.remote import web_url

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("", id="empty"),
        pytest.param("/srv/git/repo.git", id="local-path"),
        pytest.param("file:///srv/git/repo.git", id="file-url"),
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("https://github.com/o/r\nx", id="newline"),
        pytest.param("https://github.com/o/<r>", id="markup"),
        pytest.param("https://github.com/o/../r", id="dot-dot"),
        pytest.param("ext::sh -c touch% /tmp/pwned", id="ext-transport"),
        pytest.param("https://", id="no-host"),
    ],
)
def test_what_is_no_web_repository_gives_none(url: str) -> None:
    assert web_url(url) is None


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("https://github.com/acme/shop.git", "https://github.com/acme/shop"),
        ("https://user:ghp_token@github.com/acme/shop", "https://github.com/acme/shop"),
        ("https://oauth2:glpat-x@gitlab.example.com:8443/g/sub/app.git", "https://gitlab.example.com:8443/g/sub/app"),
        ("git@github.com:acme/shop.git", "https://github.com/acme/shop"),
        ("deploy@bitbucket.org:team/app", "https://bitbucket.org/team/app"),
        ("ssh://git@codeberg.org:2222/me/site.git", "https://codeberg.org/me/site"),
        ("git://GitHub.com/acme/shop/", "https://github.com/acme/shop"),
    ],
)  # fmt: skip
def test_remote_urls_become_web_urls_without_credentials(url: str, web: str) -> None:
    assert web_url(url) == web


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://github.com/o/r", f"https://github.com/o/r/blob/{COMMIT}/web/a%20b.py#L3"),
        ("https://gitlab.com/o/r", f"https://gitlab.com/o/r/-/blob/{COMMIT}/web/a%20b.py#L3"),
        ("https://bitbucket.org/o/r", f"https://bitbucket.org/o/r/src/{COMMIT}/web/a%20b.py#lines-3"),
        ("https://codeberg.org/o/r", f"https://codeberg.org/o/r/src/commit/{COMMIT}/web/a%20b.py#L3"),
        ("https://gitea.example.org/o/r", f"https://gitea.example.org/o/r/src/commit/{COMMIT}/web/a%20b.py#L3"),
        ("https://git.example.org/o/r", None),
        (None, None),
    ],
)  # fmt: skip
def test_files_link_to_the_forge_at_the_commit(remote: str | None, expected: str | None) -> None:
    assert file_url(remote, COMMIT, "web", "a b.py", 3) == expected


def test_no_link_without_a_commit_or_for_the_whole_tree() -> None:
    assert forge("https://github.com/o/r") == "github"
    assert file_url("https://github.com/o/r", None, "", "a.py", None) is None
    assert file_url("https://github.com/o/r", COMMIT, "", ".", None) is None
    assert file_url("https://github.com/o/r", COMMIT, "", "../x", None) is None


def scan_json(path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    done = CliRunner().invoke(cli, ["scan", str(path), "--format", "json", "--exit-zero", *args])
    assert done.exit_code == 0, done.output
    return json.loads(done.output)  # type: ignore[no-any-return]


def test_a_scan_reports_the_origin_without_its_token(repo: RepoFactory) -> None:
    root = repo("verdict-dj101-blog")
    git(root, "remote", "add", "origin", "https://bob:s3cret@gitlab.com/acme/blog.git")
    data = scan_json(root)
    assert data["target"]["remote"] == "https://gitlab.com/acme/blog"
    assert data["target"]["commit"] == git(root, "rev-parse", "HEAD").strip()
    assert "s3cret" not in json.dumps(data)
    page = CliRunner().invoke(cli, ["scan", str(root), "--format", "html", "--exit-zero"]).output
    assert "s3cret" not in page
    assert f'href="https://gitlab.com/acme/blog/-/blob/{data["target"]["commit"]}/' in page


def test_a_sub_folder_scan_links_below_it(repo: RepoFactory) -> None:
    root = repo(files={"web/manage.py": "import django\n", "web/app/views.py": "x = 1\n"})
    git(root, "remote", "add", "origin", "git@github.com:acme/mono.git")
    data = scan_json(root / "web")
    assert data["target"]["subdir"] == "web"
    assert data["target"]["remote"] == "https://github.com/acme/mono"


def test_a_plain_folder_has_no_remote(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hi</p>\n", encoding="utf-8")
    target = scan_json(tmp_path)["target"]
    assert (target["remote"], target["commit"], target["subdir"]) == (None, None, None)


def test_history_carries_the_remote(repo: RepoFactory) -> None:
    root = repo("verdict-dj101-blog")
    git(root, "remote", "add", "origin", "git@github.com:acme/blog.git")
    done = CliRunner().invoke(cli, ["history", str(root), "--format", "json"])
    assert json.loads(done.output)["target"]["remote"] == "https://github.com/acme/blog"
