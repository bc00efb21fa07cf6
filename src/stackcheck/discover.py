"""Which files exist in the target, and which of them are vendored, generated or docs.

In a git work tree the list is what git tracks plus untracked files it does not ignore;
in a plain directory it is a walk that honours every .gitignore on the way. Vendored and
generated content is left out (defaults, `.gitattributes` linguist-* attributes, config
excludes); documentation stays in the list but is flagged, so a docs site inside an
application is not mistaken for the product.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from stackcheck.errors import StackcheckError
from stackcheck.facts import Skipped

# Directory and file patterns (gitignore syntax) that are never the project's own code.
VENDORED_PATTERNS = (
    "node_modules/",
    "bower_components/",
    "jspm_packages/",
    "vendor/",
    "third_party/",
    "third-party/",
    "3rdparty/",
    "external/",
    "site-packages/",
    ".venv/",
    "venv/",
    "env/",
    ".env/",
    "virtualenv/",
    ".tox/",
    ".nox/",
    "__pycache__/",
    ".mypy_cache/",
    ".pytest_cache/",
    ".ruff_cache/",
    ".git/",
    ".hg/",
    ".svn/",
    "*.egg-info/",
    ".eggs/",
    "build/",
    "dist/",
    "_build/",
    ".next/",
    ".nuxt/",
    ".svelte-kit/",
    ".cache/",
    ".parcel-cache/",
    "coverage/",
    "htmlcov/",
    "target/",
    "Pods/",
    "*.min.js",
    "*.min.css",
    "*.bundle.js",
    "*.map",
    "*.pyc",
    "*.pyo",
)

# Documentation trees (linguist's documentation.yml, trimmed to the common cases).
DOCUMENTATION_PATTERNS = (
    "docs/",
    "doc/",
    "Documentation/",
    "documentation/",
    "man/",
    "examples/",
    "example/",
    "samples/",
    "CHANGELOG*",
    "CHANGES*",
    "HISTORY*",
    "NEWS*",
    "CONTRIBUTING*",
    "LICENSE*",
    "COPYING*",
)

LINGUIST_ATTRIBUTES = ("linguist-vendored", "linguist-generated", "linguist-documentation")


class RepoFile(NamedTuple):
    path: str  # posix, relative to the scan root
    size: int
    documentation: bool = False


@dataclass(frozen=True)
class RepoFiles:
    """The discovered tree: where it is, which revision, which files, what was passed over."""

    root: Path
    rev: str | None
    files: tuple[RepoFile, ...]
    skipped: tuple[Skipped, ...]
    excluded: int
    read: Callable[[str, int], bytes]
    is_git: bool = False


@dataclass(frozen=True)
class Exclusions:
    """User-chosen extra patterns on top of the defaults."""

    exclude: Sequence[str] = ()
    include_vendored: bool = False


def discover(target: Path, exclusions: Exclusions = Exclusions()) -> RepoFiles:
    if not target.exists():
        raise StackcheckError(f"{target}: no such file or directory")
    if not target.is_dir():
        raise StackcheckError(f"{target}: not a directory; give the repository or a folder in it")
    root = target.resolve()
    listing = _git_listing(root)
    is_git = listing is not None
    paths = listing if listing is not None else _walk_listing(root)
    return _build(root, sorted(set(paths)), exclusions, is_git)


def _build(root: Path, paths: list[str], exclusions: Exclusions, is_git: bool) -> RepoFiles:
    import pathspec

    vendored = pathspec.GitIgnoreSpec.from_lines(
        [*([] if exclusions.include_vendored else VENDORED_PATTERNS), *exclusions.exclude]
    )
    documentation = pathspec.GitIgnoreSpec.from_lines(DOCUMENTATION_PATTERNS)
    attributes = _linguist_attributes(root, paths)
    files: list[RepoFile] = []
    skipped: list[Skipped] = []
    excluded = 0
    for path in paths:
        attrs = attributes.get(path, set())
        if "linguist-vendored" in attrs or "linguist-generated" in attrs:
            excluded += 1
            continue
        if vendored.match_file(path):
            excluded += 1
            continue
        entry = _stat_entry(root, path)
        if isinstance(entry, Skipped):
            if entry.reason:
                skipped.append(entry)
            continue
        is_doc = "linguist-documentation" in attrs or documentation.match_file(path)
        files.append(RepoFile(path, entry, is_doc))
    return RepoFiles(
        root=root,
        rev=None,
        files=tuple(files),
        skipped=tuple(skipped),
        excluded=excluded,
        read=_worktree_reader(root),
        is_git=is_git,
    )


def _stat_entry(root: Path, path: str) -> int | Skipped:
    """The file's size, or why it cannot be read (an empty reason: silently gone)."""
    full = root / path
    try:
        info = full.lstat()
    except FileNotFoundError:
        return Skipped(path, "")  # tracked but deleted in the work tree
    except OSError as exc:
        return Skipped(path, f"cannot stat: {exc.strerror or exc}")
    if stat.S_ISLNK(info.st_mode):
        return _symlink_entry(root, path)
    if not stat.S_ISREG(info.st_mode):
        return Skipped(path, "not a regular file")
    return info.st_size


def _symlink_entry(root: Path, path: str) -> int | Skipped:
    full = root / path
    try:
        resolved = full.resolve(strict=True)
    except (FileNotFoundError, RuntimeError, OSError):
        return Skipped(path, "broken or looping symbolic link")
    if not resolved.is_relative_to(root):
        return Skipped(path, "symbolic link points outside the repository (not followed)")
    if not resolved.is_file():
        return Skipped(path, "symbolic link to a directory (not followed)")
    return resolved.stat().st_size


def _worktree_reader(root: Path) -> Callable[[str, int], bytes]:
    def read(path: str, limit: int) -> bytes:
        full = root / path
        if full.is_symlink() and not full.resolve().is_relative_to(root):
            raise PermissionError("symbolic link points outside the repository")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(full, flags)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise IsADirectoryError("not a regular file")
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read(limit + 1)
        finally:
            os.close(fd)

    return read


def _git_listing(root: Path) -> list[str] | None:
    """Tracked plus untracked-not-ignored files under root, or None outside a work tree."""
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    try:
        import git
    except ImportError:
        return None
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    except git.GitError:
        return None
    try:
        if repo.bare or repo.working_tree_dir is None:
            return None
        out = _ls_files(root)
    except (git.GitCommandError, git.GitCommandNotFound, OSError):
        return None
    finally:
        repo.close()
    return out


def _ls_files(root: Path) -> list[str]:
    import git

    # Run from the scan root so paths come back relative to it and only its sub-tree is listed.
    output: str = git.Git(str(root)).ls_files("-z", "--cached", "--others", "--exclude-standard")
    return [p for p in output.split("\0") if p]


def _walk_listing(root: Path) -> list[str]:
    """Every regular file under root, honouring .gitignore files on the way down."""
    import pathspec

    found: list[str] = []
    specs: list[tuple[str, pathspec.GitIgnoreSpec]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        if ".gitignore" in filenames:
            specs.append((rel_dir, _read_spec(Path(dirpath) / ".gitignore")))
        dirnames[:] = sorted(
            d for d in dirnames if d != ".git" and not _ignored(specs, rel_dir + d + "/")
        )
        found.extend(
            rel_dir + name for name in filenames if not _ignored(specs, rel_dir + name)
        )
    return found


def _read_spec(path: Path) -> object:
    import pathspec

    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(specs: Iterable[tuple[str, object]], rel: str) -> bool:
    for base, spec in specs:
        if rel.startswith(base) and spec.match_file(rel[len(base) :]):  # type: ignore[attr-defined]
            return True
    return False


def _linguist_attributes(root: Path, paths: Sequence[str]) -> dict[str, set[str]]:
    """linguist-* attributes set in any .gitattributes in the tree (root and nested)."""
    import pathspec

    result: dict[str, set[str]] = {}
    for attr_file in (p for p in paths if p.rsplit("/", 1)[-1] == ".gitattributes"):
        base = attr_file[: -len(".gitattributes")]
        try:
            text = (root / attr_file).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for pattern, attrs in _parse_gitattributes(text):
            spec = pathspec.GitIgnoreSpec.from_lines([pattern])
            for path in paths:
                if path.startswith(base) and spec.match_file(path[len(base) :]):
                    current = result.setdefault(path, set())
                    current.difference_update(attrs[1])
                    current.update(attrs[0])
    return result


def _parse_gitattributes(text: str) -> list[tuple[str, tuple[set[str], set[str]]]]:
    rules = []
    for raw in text.splitlines():
        parts = raw.split()
        if not parts or parts[0].startswith("#"):
            continue
        on: set[str] = set()
        off: set[str] = set()
        for attr in parts[1:]:
            name, _, value = attr.lstrip("-!").partition("=")
            if name not in LINGUIST_ATTRIBUTES:
                continue
            if attr.startswith(("-", "!")) or value.lower() == "false":
                off.add(name)
            else:
                on.add(name)
        if on or off:
            rules.append((parts[0], (on, off)))
    return rules
