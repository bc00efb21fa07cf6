"""The filtering's answer remembered by a tree's paths (source/filter_memo.py): a tree with
the same paths gets exactly what filtering it afresh gives, and nothing that decides the
answer can change without changing the key."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RepoFactory, git
from stackcheck.cache import Cache
from stackcheck.config import Settings
from stackcheck.pipeline import scan
from stackcheck.report import to_dict
from stackcheck.source import discover, filter_memo
from stackcheck.source.discover import Exclusions, filter_listing
from stackcheck.source.listing import Entry, Listing, RepoFiles, Skipped


class Store:
    """The content cache's two calls over a dict, counting what is stored."""

    def __init__(self) -> None:
        self.items: dict[str, Any] = {}
        self.puts = 0

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        return {k: json.loads(json.dumps(self.items[k])) for k in keys if k in self.items}

    def put_many(self, items: Mapping[str, Any]) -> None:
        self.puts += 1
        self.items.update(items)


def blob(content: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def listing(files: Mapping[str, bytes], skipped: Sequence[Skipped] = ()) -> Listing:
    data = dict(files)

    def read(path: str, limit: int) -> bytes:
        return data[path][: limit + 1]

    entries = [Entry(p, len(c), blob(c)) for p, c in data.items()]
    return Listing(Path("/tree"), entries, list(skipped), read, None, True)


def comparable(repo: RepoFiles) -> RepoFiles:
    return replace(repo, read=None)


WORDS = ["app", "docs", "website", "scripts", "tests", "vendor", "src", "pkg", "example"]
NAMES = ["views.py", "mkdocs.yml", "pyproject.toml", "index.md", "test_x.py", "run.sh", "a.js"]
ATTRIBUTE_LINES = [
    "*.js linguist-vendored",
    "docs/** -linguist-documentation",
    "src/* linguist-generated",
    "*.py stackcheck-role=tests",
    "scripts/** stackcheck-role=product",
    "app/** linguist-documentation",
]

paths = st.builds(
    lambda folders, name: "/".join([*folders, name]),
    st.lists(st.sampled_from(WORDS), max_size=3),
    st.sampled_from(NAMES),
)
trees = st.dictionaries(paths, st.binary(max_size=8), min_size=1, max_size=25)
attributes = st.dictionaries(
    st.sampled_from([".gitattributes", "pkg/.gitattributes", "docs/.gitattributes"]),
    st.lists(st.sampled_from(ATTRIBUTE_LINES), max_size=3).map(lambda x: "\n".join(x).encode()),
    max_size=2,
)
exclusions = st.builds(
    Exclusions,
    st.lists(st.sampled_from(["docs/", "*.sh", "!docs/index.md", "pkg/**"]), max_size=2).map(tuple),
    st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(tree=trees, attrs=attributes, exclude=exclusions, edits=st.data())
def test_a_tree_with_the_same_paths_gets_what_filtering_it_afresh_gives(
    tree: dict[str, bytes], attrs: dict[str, bytes], exclude: Exclusions, edits: st.DataObject
) -> None:
    store = Store()
    first = listing({**tree, **attrs}, [Skipped("lib", "submodule")])
    assert filter_listing(first, exclude, store=store) == filter_listing(first, exclude)
    assert store.puts == 1
    # The same paths, other contents (but the attribute files'): the stored answer is used
    # (nothing new is stored) and is what filtering the new listing gives.
    edited = {p: edits.draw(st.binary(max_size=8)) for p in tree}
    second = listing({**edited, **attrs}, [Skipped("lib", "submodule")])
    remembered = filter_listing(second, exclude, store=store)
    assert store.puts == 1
    assert comparable(remembered) == comparable(filter_listing(second, exclude))
    assert [f.size for f in remembered.files] == [
        len(edited.get(f.path, attrs.get(f.path, b""))) for f in remembered.files
    ]


@settings(max_examples=100, deadline=None)
@given(tree=trees, attrs=attributes, exclude=exclusions, change=st.data())
def test_what_decides_the_answer_changes_the_key(
    tree: dict[str, bytes], attrs: dict[str, bytes], exclude: Exclusions, change: st.DataObject
) -> None:
    base = listing({**tree, **attrs})
    entries = sorted(base.entries)
    key = filter_memo.memo_key(entries, (exclude.exclude, exclude.include_vendored))
    assert key is not None
    # another path, another attribute file's content, other exclusions: another key
    moved = listing({**tree, **attrs, "extra/" + change.draw(st.sampled_from(NAMES)): b""})
    assert filter_memo.memo_key(sorted(moved.entries), (exclude.exclude, False)) != key
    other = Exclusions((*exclude.exclude, "*.md"), not exclude.include_vendored)
    assert filter_memo.memo_key(entries, (other.exclude, exclude.include_vendored)) != key
    assert filter_memo.memo_key(entries, (exclude.exclude, other.include_vendored)) != key
    attr_path = change.draw(st.sampled_from([".gitattributes", "docs/.gitattributes"]))
    rewritten = listing({**tree, **attrs, attr_path: attrs.get(attr_path, b"") + b"\n# x"})
    if attr_path in attrs:
        assert filter_memo.memo_key(sorted(rewritten.entries), (exclude.exclude, False)) != (
            filter_memo.memo_key(entries, (exclude.exclude, False))
        )


def test_an_attribute_file_without_a_blob_id_or_a_path_listed_twice_has_no_key() -> None:
    tree = listing({"app/views.py": b"x", ".gitattributes": b"*.py linguist-vendored\n"})
    unknown = [e._replace(blob=None) if e.path == ".gitattributes" else e for e in tree.entries]
    assert filter_memo.memo_key(sorted(unknown), ((), False)) is None
    twice = sorted([*tree.entries, Entry("app/views.py", 2, "0" * 40)])
    assert filter_memo.memo_key(twice, ((), False)) is None
    # ... so such a tree is filtered afresh and nothing is stored
    store = Store()
    filter_listing(replace(tree, entries=unknown), Exclusions(), store=store)
    assert store.puts == 0


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda v: None, id="not-an-object"),
        pytest.param(lambda v: {**v, "roles": v["roles"][:-1]}, id="too-few-letters"),
        pytest.param(lambda v: {**v, "roles": "?" * len(v["roles"])}, id="unknown-letter"),
        pytest.param(lambda v: {**v, "skipped": [["a"]]}, id="skip-not-a-pair"),
        pytest.param(lambda v: {**v, "skipped": [["a", 1]]}, id="skip-reason-not-text"),
        pytest.param(lambda v: {**v, "role_attributes": [["x", True]]}, id="count-a-bool"),
        pytest.param(lambda v: {**v, "role_attributes": {"x": 1}}, id="counts-not-a-list"),
    ],
)
def test_a_stored_answer_of_another_shape_is_a_miss(damage: Any) -> None:
    tree = listing({"app/views.py": b"x", "docs/index.md": b"y", "vendor/a.js": b"z"})
    store = Store()
    expected = filter_listing(tree, Exclusions(), store=store)
    (memo,) = store.items
    store.items[memo] = damage(store.items[memo])
    assert filter_listing(tree, Exclusions(), store=store) == expected
    assert store.puts == 2  # filtered afresh, and the answer stored again


def test_the_hook_after_an_edit_reports_what_a_scan_without_the_cache_does(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real cache, a real index: the second --staged scan builds its files from the
    stored answer, and its report is the uncached scan's."""
    root = repo(
        files={
            "manage.py": "import django\n",
            "shop/views.py": "from django.http import HttpResponse\n",
            "website/mkdocs.yml": "site_name: x\n",
            "website/page.py": "import flask\n",
            "scripts/deploy.py": "import subprocess\n",
            "vendor/lib.js": "x\n",
            ".gitattributes": "shop/generated.py linguist-generated\n",
            "shop/generated.py": "import requests\n",
        }
    )
    filtered: list[int] = []
    original = discover._filter
    monkeypatch.setattr(
        discover,
        "_filter",
        lambda *a: filtered.append(1) or original(*a),  # type: ignore[func-returns-value]
    )
    cache = Cache(tmp_path / "cache")
    scan(root, Settings(), staged=True, cache=cache)
    assert filtered == [1]
    (root / "shop/views.py").write_text("from django.http import HttpResponse, JsonResponse\n")
    git(root, "add", "shop/views.py")
    again = to_dict(scan(root, Settings(), staged=True, cache=cache))
    assert filtered == [1]  # the stored answer was used
    alone = to_dict(scan(root, Settings(), staged=True))
    assert filtered == [1, 1]
    for report in (again, alone):
        for read in ("seconds", "from_cache", "files_read", "bytes_read"):
            report["stats"].pop(read)  # (the cache answered for the unchanged files)
    assert again == alone
