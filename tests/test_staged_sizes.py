"""The index's blob sizes remembered between listings (source/staged_sizes.py): a size is
taken from the store only for the blob stored beside it, git is asked for the rest, and the
listing is the one git gives without the store."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RepoFactory, git
from stackcheck.cache import Cache
from stackcheck.source import git as gitsource
from stackcheck.source.staged_sizes import remembered_sizes


class Store:
    def __init__(self) -> None:
        self.items: dict[str, Any] = {}

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        return {k: json.loads(json.dumps(self.items[k])) for k in keys if k in self.items}

    def put_many(self, items: Mapping[str, Any]) -> None:
        self.items.update(items)


class Git:
    """What `cat-file --batch-check` would answer for a set of blobs, and what was asked."""

    def __init__(self, sizes: Mapping[str, int]) -> None:
        self.sizes, self.asked = dict(sizes), []

    def all_asked(self) -> list[str]:
        return [blob for asked in self.asked for blob in asked]

    def __call__(self, blobs: list[str]) -> dict[str, int]:
        self.asked.append(blobs)
        return {b: self.sizes[b] for b in blobs if b in self.sizes}


blob_ids = st.integers(min_value=0, max_value=30).map(lambda n: f"{n:040x}")
indexes = st.dictionaries(
    st.sampled_from([f"f{n}.py" for n in range(12)]), blob_ids, min_size=1, max_size=12
)


@settings(max_examples=200, deadline=None)
@given(before=indexes, after=st.data())
def test_sizes_are_gits_and_git_is_asked_only_for_blobs_not_stored_beside_their_path(
    before: dict[str, str], after: st.DataObject
) -> None:
    size = {f"{n:040x}": n * 7 for n in range(31)}
    store = Store()
    first = Git(size)
    assert remembered_sizes("repo", before, store, first) == {b: size[b] for b in before.values()}
    # Same paths (the key), some blobs changed: only those are asked for.
    now = {p: after.draw(st.sampled_from([b, *size])) for p, b in before.items()}
    second = Git(size)
    assert remembered_sizes("repo", now, store, second) == {b: size[b] for b in now.values()}
    changed = {b for p, b in now.items() if before[p] != b} - set(
        b for p, b in now.items() if before[p] == b
    )
    assert set(second.all_asked()) == changed
    # Another repository, or other paths: another key, everything asked again.
    third = Git(size)
    remembered_sizes("another repo", now, store, third)
    assert set(third.all_asked()) == set(now.values())


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda v: [v], id="not-an-object"),
        pytest.param(lambda v: {**v, "sizes": v["sizes"][:-1]}, id="too-few-sizes"),
        pytest.param(lambda v: {**v, "sizes": [True] * len(v["sizes"])}, id="bools"),
        pytest.param(lambda v: {**v, "sizes": [-1] * len(v["sizes"])}, id="negative"),
        pytest.param(lambda v: {**v, "blobs": v["blobs"][1:]}, id="blobs-misaligned"),
        pytest.param(lambda v: {**v, "blobs": 7}, id="blobs-not-text"),
    ],
)
def test_a_stored_entry_of_another_shape_is_a_miss(damage: Any) -> None:
    index = {"a.py": "1" * 40, "b.py": "2" * 40}
    store = Store()
    remembered_sizes("repo", index, store, Git({"1" * 40: 5, "2" * 40: 6}))
    (memo,) = store.items
    store.items[memo] = damage(store.items[memo])
    again = Git({"1" * 40: 5, "2" * 40: 6})
    assert remembered_sizes("repo", index, store, again) == {"1" * 40: 5, "2" * 40: 6}
    assert sorted(again.all_asked()) == sorted(index.values())


def test_nothing_is_kept_when_git_lacks_a_blob() -> None:
    store = Store()
    sizes = remembered_sizes(
        "repo", {"a.py": "1" * 40, "b.py": "2" * 40}, store, Git({"1" * 40: 5})
    )
    assert sizes == {"1" * 40: 5}
    assert store.items == {}


def test_the_index_listed_with_the_cache_is_the_one_listed_without(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo(files={"manage.py": "import django\n", "app/views.py": "x = 1\n", "a.txt": "a"})
    asked: list[list[str]] = []
    original = gitsource._blob_sizes
    monkeypatch.setattr(
        gitsource, "_blob_sizes", lambda where, blobs: asked.append(blobs) or original(where, blobs)
    )
    cache = Cache(tmp_path / "cache")
    gitsource.index_listing(root, cache)
    (root / "app/views.py").write_text("x = 2  # a longer line than before\n")
    git(root, "add", "app/views.py")
    asked.clear()
    remembered = gitsource.index_listing(root, cache)
    # One blob unknown: its size came with its content from the process that reads blobs.
    assert asked == []
    plain = gitsource.index_listing(root)
    assert sorted(remembered.entries) == sorted(plain.entries)
    assert {e.path: e.size for e in remembered.entries}["app/views.py"] == len(
        "x = 2  # a longer line than before\n"
    )
    assert remembered.read("app/views.py", 1000) == b"x = 2  # a longer line than before\n"
    assert remembered.read("app/views.py", 1000) == b"x = 2  # a longer line than before\n"


def _asking(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    asked: list[list[str]] = []
    original = gitsource._blob_sizes
    monkeypatch.setattr(
        gitsource, "_blob_sizes", lambda where, blobs: asked.append(blobs) or original(where, blobs)
    )
    return asked


def test_many_unknown_blobs_are_asked_of_batch_check_at_once(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = gitsource.FEW_BLOBS + 1
    root = repo(files={f"m{n}.py": f"x = {n}\n" for n in range(count)})
    asked = _asking(monkeypatch)
    listing = gitsource.index_listing(root, Store())
    assert [len(blobs) for blobs in asked] == [count]
    assert {e.path: e.size for e in listing.entries} == {
        f"m{n}.py": len(f"x = {n}\n") for n in range(count)
    }


def test_a_blob_too_large_to_send_is_asked_for_its_size_alone(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    big, small = "big.py", "small.py"
    root = repo(files={small: "x = 1\n", big: "y = 2\n" * 20})
    monkeypatch.setattr(gitsource, "KEPT_BYTES", 50)
    asked = _asking(monkeypatch)
    listing = gitsource.index_listing(root, Store())
    # Blobs are asked in id order; whichever comes after the large one is asked too.
    big_blob = git(root, "rev-parse", f":{big}").strip()
    assert big_blob in [b for blobs in asked for b in blobs]
    assert {e.path: e.size for e in listing.entries} == {small: 6, big: 120}
    assert listing.read(big, 1000) == b"y = 2\n" * 20
    assert listing.read(small, 1000) == b"x = 1\n"


def test_the_reading_process_leaves_out_blobs_git_lacks(repo: RepoFactory) -> None:
    root = repo(files={"a.py": "import os\n"})
    where = gitsource.locate(root)
    blob = git(root, "rev-parse", ":a.py").strip()
    batch = gitsource.BlobBatch(where)
    sizes = batch.sizes_reading(["0" * 40, blob, "f" * 40], 1000)
    assert sizes == {blob: len("import os\n")}
    assert batch.read(blob) == b"import os\n"
