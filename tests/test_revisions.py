"""Trees along first-parent history from one git walk: the same listings, commit by commit,
as gitsource.revision_listing gives, whatever kind of change each commit made."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import RepoFactory, git
from stackcheck.errors import StackcheckError
from stackcheck.source.git import revision_listing
from stackcheck.source.listing import Listing
from stackcheck.source.revisions import Change, Revision, listings, parse_log
from test_diff import DJANGO_APP

SHOP = {
    "shop/requirements.txt": "django\nstripe\n",
    "shop/views.py": "from django.http import JsonResponse\n",
    "docs/index.md": "# Docs\n",
    "vendor/lib.js": "// vendored\n",
    "tests/test_shop.py": "assert 1\n",
}
ODD_NAME = os.fsdecode(b"shop/caf\xe9.py")


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def link(root: Path, rel: str, target: str) -> None:
    path = root / rel
    if path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def commits(root: Path, *args: str) -> list[str]:
    return git(root, "rev-list", "--first-parent", *args, "HEAD").split()


def shaped_history(repo: RepoFactory) -> Path:
    """One commit for each kind of change git records, and a merge of a side branch."""
    root = repo(files={**DJANGO_APP, **SHOP})
    link(root, "reqs.txt", "requirements.txt")
    link(root, "outside.txt", "../outside.txt")
    link(root, "shop/up.txt", "../requirements.txt")  # in the repository, not in shop/
    link(root, "shop/deps.txt", "requirements.txt")
    link(root, "to-folder", "blog")
    commit(root, "links: inside, outside, to a folder")
    write(root, "blog/views.py", DJANGO_APP["blog/views.py"] + "# edited\n")
    write(root, "blog/forms.py", "from django import forms\n")
    write(root, "requirements.txt", "Django>=5\nchannels\n")  # reqs.txt follows it
    (root / "config/urls.py").unlink()
    commit(root, "modify, add, delete")
    link(root, "blog/models.py", "forms.py")
    (root / "reqs.txt").unlink()
    write(root, "reqs.txt", "flask\n")
    (root / "manage.py").chmod(0o755)
    commit(root, "type changes: a file becomes a link, a link a file; a mode change")
    git(root, "mv", "blog/forms.py", "blog/forms2.py")
    commit(root, "rename (the link to forms.py dangles)")
    gitlink = commits(root)[-1]
    write(root, ".gitmodules", '[submodule "lib"]\n\tpath = shop/lib\n\turl = ../lib\n')
    git(root, "update-index", "--add", "--cacheinfo", f"160000,{gitlink},shop/lib")
    (root / "shop/lib").mkdir()  # as a clone leaves a submodule it did not enter
    commit(root, "a submodule")
    write(root, "notes", "a file\n")
    commit(root, "notes is a file")
    (root / "notes").unlink()
    write(root, "notes/a.txt", "now a folder\n")
    attributes = ["blog/forms2.py linguist-generated", "docs/* -linguist-documentation"]
    attributes += ["config/*.py linguist-vendored", "shop/views.py linguist-documentation"]
    write(root, ".gitattributes", "\n".join(attributes) + "\n")
    write(root, ODD_NAME, "import stripe\n")
    commit(root, "a file becomes a folder; attributes; a name that is not UTF-8")
    git(root, "checkout", "-qb", "feature")
    write(root, "shop/payments.py", "import stripe\nfrom channels.generic.websocket import X\n")
    (root / "manage.py").unlink()
    commit(root, "side branch: payments, no manage.py")
    git(root, "checkout", "-q", "main")
    write(root, "README.md", "# Shop\n")
    commit(root, "readme on main")
    git(root, "merge", "-q", "--no-ff", "-m", "merge feature", "feature")
    write(root, "shop/views.py", SHOP["shop/views.py"] + "# after the merge\n")
    commit(root, "after the merge")
    write(root, "vendor/lib.js", "// vendored, v2\n")
    commit(root, "vendored code only: the same files once filtered")
    write(root, "tests/test_shop.py", "assert 2\n")
    commit(root, "a test, the same size: another blob, the same facts")
    return root


@pytest.fixture
def shaped(repo: RepoFactory) -> Path:
    return shaped_history(repo)


def comparable(listing: Listing) -> tuple[Any, ...]:
    """Everything a listing says, read contents included; order aside (filter_listing sorts)."""
    entries = sorted(listing.entries)
    contents = [listing.read(e.path, 1 << 20) for e in entries]
    return (listing.root, listing.rev, listing.is_git, entries, sorted(listing.skipped), contents)


def assert_same_listings(target: Path, revs: list[str]) -> None:
    walked = list(listings(target, revs))
    assert [w.rev for w in walked] == revs
    for rev, listing in zip(revs, walked, strict=True):
        assert comparable(listing) == comparable(revision_listing(target, rev)), rev


def clone(source: Path, dest: Path, *options: str) -> Path:
    subprocess.run(["git", "clone", "-q", *options, f"file://{source}", str(dest)], check=True)
    return dest


def test_the_history_has_every_kind_of_change(shaped: Path) -> None:
    raw = git(shaped, "log", "--first-parent", "--raw", "--no-renames", "--format=")
    statuses = {line.split()[4] for line in raw.splitlines() if line.startswith(":")}
    assert statuses == {"A", "D", "M", "T"}
    assert len(git(shaped, "rev-list", "--merges", "HEAD").split()) == 1


@pytest.mark.parametrize("folder", [".", "shop", "blog"])
def test_every_commit_lists_what_revision_listing_does(shaped: Path, folder: str) -> None:
    assert_same_listings(shaped / folder, commits(shaped))


def test_skipped_entries_are_the_same(shaped: Path) -> None:
    reasons = {s.reason for w in listings(shaped, commits(shaped)) for s in w.skipped}
    assert reasons == {
        "submodule (not entered)",
        "symbolic link points outside the repository (not followed)",
        "symbolic link to a folder or a missing file (not followed)",
    }


@pytest.mark.parametrize(
    "options",
    [
        pytest.param(("--bare",), id="bare"),
        pytest.param(("--depth", "4"), id="shallow"),
        pytest.param(("--depth", "1"), id="shallow-one"),
    ],
)
def test_clones(shaped: Path, tmp_path: Path, options: tuple[str, ...]) -> None:
    copy = clone(shaped, tmp_path / "copy", *options)
    assert_same_listings(copy, git(copy, "rev-list", "--first-parent", "HEAD").split())


@pytest.mark.parametrize(
    "pick",
    [
        pytest.param(lambda revs, side: revs[::-1], id="oldest-first"),
        pytest.param(lambda revs, side: [revs[0], revs[3], revs[4], revs[7]], id="gaps"),
        pytest.param(lambda revs, side: [revs[0], side, *revs[1:]], id="side-branch"),
        pytest.param(lambda revs, side: [revs[2], revs[2], revs[1]], id="repeated"),
    ],
)
def test_commits_off_the_first_parent_line(shaped: Path, pick: Any) -> None:
    revs = commits(shaped)
    side = git(shaped, "rev-parse", "feature").strip()
    assert_same_listings(shaped, pick(revs, side))


def test_a_missing_blob_is_skipped_as_revision_listing_skips_it(shaped: Path) -> None:
    first = commits(shaped)[-1]
    blob = git(shaped, "rev-parse", f"{first}:blog/views.py").strip()
    loose = shaped / ".git" / "objects" / blob[:2] / blob[2:]
    loose.chmod(0o644)
    loose.unlink()
    found = [w for w in listings(shaped, commits(shaped)) if w.rev == first]
    assert ("blog/views.py", "object missing from the repository (partial clone?)") in (
        found[0].skipped
    )
    assert_same_listings(shaped, commits(shaped))


def test_a_partial_clone_fails_as_revision_listing_does(shaped: Path, tmp_path: Path) -> None:
    git(shaped, "config", "uploadpack.allowFilter", "true")
    copy = clone(shaped, tmp_path / "partial", "--filter=blob:none", "--no-checkout")
    revs = git(copy, "rev-list", "--first-parent", "HEAD").split()
    with pytest.raises(StackcheckError) as plain:
        revision_listing(copy, revs[0])
    with pytest.raises(StackcheckError) as walked:
        list(listings(copy, revs))
    assert str(walked.value) == str(plain.value)


def test_parse_log_keeps_the_folder_and_the_first_parent_side() -> None:
    zero = "0" * 40
    out = (
        b"c2\0\n:100644 100644 " + b"a" * 40 + b" " + b"b" * 40 + b" M\0shop/x.py\0"
        b":000000 100644 " + zero.encode() + b" " + b"c" * 40 + b" A\0top.py\0"
        b"c1\0c0\0\n:120000 100644 " + b"d" * 40 + b" " + b"e" * 40 + b" T\0shop/l\0"
    )
    assert parse_log(out, "shop/") == [
        Revision("c2", (Change("x.py", "100644", "a" * 40),)),
        Revision("c1", ()),
        Revision("c0", (Change("l", "120000", "d" * 40),)),
    ]
