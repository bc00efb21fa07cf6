"""records.NamedTuple builds what typing.NamedTuple builds, without importing typing."""

from __future__ import annotations

import os
import typing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stackcheck import records
from stackcheck.fastpath import _file_uri
from stackcheck.source.gitstate import folder_and_parents, is_within


class Ours(records.NamedTuple):
    """A record."""

    name: str
    size: int = 0
    data: bytes | None = None

    def twice(self) -> int:
        return self.size * 2

    @property
    def label(self) -> str:
        return f"{self.name}:{self.size}"


class Typing(typing.NamedTuple):
    """A record."""

    name: str
    size: int = 0
    data: bytes | None = None

    def twice(self) -> int:
        return self.size * 2

    @property
    def label(self) -> str:
        return f"{self.name}:{self.size}"


def test_a_record_is_the_named_tuple_typing_would_build() -> None:
    ours, theirs = Ours("a", 3), Typing("a", 3)
    assert ours == theirs == ("a", 3, None)
    assert isinstance(ours, tuple)
    assert Ours._fields == Typing._fields
    assert Ours._field_defaults == Typing._field_defaults
    assert Ours.__doc__ == Typing.__doc__
    assert (ours.twice(), ours.label) == (theirs.twice(), theirs.label) == (6, "a:3")
    assert ours._replace(size=4) == Ours("a", 4)
    assert ours._asdict() == theirs._asdict()
    assert repr(ours) == "Ours(name='a', size=3, data=None)"
    assert Ours.__module__ == __name__ and Ours.__qualname__ == "Ours"
    assert Ours("b") == ("b", 0, None)


def test_a_field_without_a_default_after_one_with_a_default_is_refused() -> None:
    with pytest.raises(TypeError):

        class Wrong(records.NamedTuple):
            first: int = 0
            second: int


def test_the_tuples_own_attributes_cannot_be_overwritten() -> None:
    with pytest.raises(AttributeError):

        class Wrong(records.NamedTuple):
            first: int

            def _replace(self) -> None:  # type: ignore[override]
                return None


# Folder names of resolved paths (realpath leaves no "." or ".." in them, as git's root and
# the scanned folder are given to these helpers).
NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\0/"),
    min_size=1,
    max_size=12,
).filter(lambda name: name not in (".", ".."))


@given(st.lists(NAMES, min_size=1, max_size=4))
def test_a_file_uri_is_the_one_pathlib_gives(parts: list[str]) -> None:
    path = os.path.join("/", *parts)
    assert _file_uri(path) == Path(path).as_uri()


@given(st.lists(NAMES, max_size=4), st.lists(NAMES, max_size=3))
def test_folders_and_their_parents_as_pathlib_has_them(top: list[str], below: list[str]) -> None:
    folder = os.path.join("/", *top)
    path = os.path.join(folder, *below)
    assert list(folder_and_parents(folder)) == [
        str(p) for p in (Path(folder), *Path(folder).parents)
    ]
    assert is_within(path, folder) is Path(path).is_relative_to(folder)
    sibling = folder.rstrip("/") + "x"
    assert is_within(sibling, folder) is Path(sibling).is_relative_to(folder)
