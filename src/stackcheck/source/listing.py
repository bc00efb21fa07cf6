"""The types that cross the source's seams: what a listing holds and what it hands on.

The git listings (git.py, revisions.py), the plain-folder walk (worktree.py) and the
filtering (discover.py) all build these; the collectors downstream (stackcheck.facts) read
`RepoFiles` and nothing else from this stage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper

_T = TypeVar("_T")


class Skipped(NamedTuple):
    path: str
    reason: str


Reader = Callable[[str, int], bytes]

# Per-path answers (routing, layout roles) remembered for history and diff, which ask again
# for every tree; bounded, so one scan of a huge tree does not keep one per file.
PER_PATH_CACHE = 8192


def per_path(memo: _lru_cache_wrapper[_T], files: int) -> Callable[..., _T]:
    """A per-path memo (an lru_cache of PER_PATH_CACHE answers) for a tree of `files` files:
    the memo itself, or for a larger tree, which would only churn it, the function it keeps
    answers of."""
    return memo if files <= PER_PATH_CACHE else memo.__wrapped__


class RepoFile(NamedTuple):
    path: str  # posix, relative to the scan root
    size: int
    documentation: bool = False
    blob: str | None = None  # git object id, when the content is known to be that blob
    test: bool = False  # tests, benchmarks, CI tooling: the project's code, not its product

    @property
    def product(self) -> bool:
        """Whether the file is part of what the project ships (not docs, not tests)."""
        return not (self.documentation or self.test)


class Entry(NamedTuple):
    """A file as a source lists it, before the vendored/docs filters."""

    path: str
    size: int
    blob: str | None = None


@dataclass(frozen=True)
class Listing:
    """What a source (work tree, revision, index, plain folder) holds."""

    root: Path
    entries: list[Entry]
    skipped: list[Skipped]
    read: Reader
    rev: str | None = None
    is_git: bool = False


@dataclass(frozen=True)
class RepoFiles:
    """The discovered tree: where it is, which revision, which files, what was passed over."""

    root: Path
    rev: str | None
    files: tuple[RepoFile, ...]
    skipped: tuple[Skipped, ...]
    excluded: int
    read: Reader
    is_git: bool = False
    # Roles the repository set itself in .gitattributes (linguist-*, stackcheck-role=...):
    # (attribute, how many files it applies to). They can change the verdict, so the report
    # lists them in repo_influence.
    role_attributes: tuple[tuple[str, int], ...] = ()


class Store(Protocol):
    """The content cache (cache.Cache) as far as what a scan learned about a tree's paths,
    blobs and runs of files is kept for the next scan of the same paths (filter_memo.py,
    staged_sizes.py, facts/runs.py)."""

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]: ...

    def put_many(self, items: dict[str, Any]) -> None: ...
