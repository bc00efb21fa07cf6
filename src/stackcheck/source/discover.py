"""Which files exist in the target, and which of them are vendored, generated or docs.

In a git work tree the list is what git tracks plus untracked files it does not ignore;
in a plain directory it is a walk that honours every .gitignore on the way. Vendored and
generated content is left out (defaults, `.gitattributes` linguist-* attributes, config
excludes); documentation stays in the list but is flagged, so a docs site inside an
application is not mistaken for the product.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

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

# Documentation trees (linguist's documentation.yml, trimmed to the common cases). Generic
# words are anchored at the root: `org/springframework/samples/` is a Java package.
DOCUMENTATION_PATTERNS = (
    "docs/",
    "doc/",
    "Documentation/",
    "documentation/",
    "/man/",
    "/examples/",
    "/example/",
    "/samples/",
    "CHANGELOG*",
    "CHANGES*",
    "HISTORY*",
    "NEWS*",
    "CONTRIBUTING*",
    "LICENSE*",
    "COPYING*",
)

# Code that is not the product: tests, benchmarks, CI tooling. Listed (it is the project's
# code and counts in the language breakdown) but neither parsed nor scanned for signals.
TEST_PATTERNS = (
    "tests/",
    "test/",
    "testing/",
    "spec/",
    "__tests__/",
    "__mocks__/",
    "e2e/",
    "cypress/",
    "fixtures/",
    "bench/",
    "benchmarks/",
    "benchmark/",
    ".github/actions/",
    "test_*.py",
    "*_test.py",
    "tests.py",
    "conftest.py",
    "*_test.go",
    "*.test.js",
    "*.test.ts",
    "*.test.tsx",
    "*.spec.js",
    "*.spec.ts",
    "*.spec.tsx",
    "*_spec.rb",
    "*Test.java",
    "*Tests.cs",
)

LINGUIST_ATTRIBUTES = ("linguist-vendored", "linguist-generated", "linguist-documentation")


Reader = Callable[[str, int], bytes]

# Per-path answers (routing, layout roles) remembered for history and diff, which ask again
# for every tree; bounded, so one scan of a huge tree does not keep one per file.
PER_PATH_CACHE = 8192


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


@dataclass(frozen=True)
class Exclusions:
    """User-chosen extra patterns on top of the defaults."""

    exclude: Sequence[str] = ()
    include_vendored: bool = False


def discover(
    target: Path,
    exclusions: Exclusions = Exclusions(),
    rev: str | None = None,
    staged: bool = False,
    recurse_submodules: bool = False,
    listing: Listing | None = None,
) -> RepoFiles:
    """The filtered tree; `listing` is the source's listing when the caller has it already."""
    from stackcheck.source import git as gitsource

    check_target(target)
    if listing is None:
        if rev is not None:
            listing = gitsource.revision_listing(target, rev)
        elif staged:
            listing = gitsource.index_listing(target)
        else:
            listing = gitsource.worktree_listing(target, recurse_submodules) or walk_listing(
                target.resolve()
            )
    return filter_listing(listing, exclusions)


def check_target(target: Path) -> None:
    """A scan needs a folder that exists."""
    if not target.exists():
        raise StackcheckError(f"{target}: no such file or directory")
    if not target.is_dir():
        raise StackcheckError(f"{target}: not a directory; give the repository or a folder in it")


class NamePatterns:
    """The built-in patterns, matched without a gitignore engine: they are only folder names
    ("node_modules/"), folder-name globs ("*.egg-info/") and file-name globs ("*.min.js").
    Matching a path is a set lookup per folder plus one regex on the name."""

    def __init__(self, patterns: Sequence[str]) -> None:
        import fnmatch
        import re

        folders = [p[:-1] for p in patterns if p.endswith("/")]
        self.folder_names = frozenset(f for f in folders if "*" not in f and "/" not in f)
        self.anchored = tuple(f[1:] + "/" for f in folders if f.startswith("/"))
        nested = [f for f in folders if "/" in f and not f.startswith("/")]
        self.nested = tuple(f + "/" for f in nested)
        globs = [fnmatch.translate(f) for f in folders if "*" in f]
        names = [fnmatch.translate(p) for p in patterns if not p.endswith("/")]
        self.folder_glob = re.compile("|".join(globs)) if globs else None
        self.name_glob = re.compile("|".join(names)) if names else None

    def match(self, path: str) -> bool:
        folder, _, name = path.rpartition("/")
        return self.folder_match(folder) or self.name_match(name)

    def folder_match(self, folder: str) -> bool:
        """Whether a pattern matches the folder a file is in ("" for the root)."""
        if not folder:
            return False
        folders = folder.split("/")
        if self.folder_names.intersection(folders):
            return True
        if self.nested and any(f"/{n}" in f"/{folder}/" for n in self.nested):
            return True
        if self.anchored and f"{folder}/".startswith(self.anchored):
            return True
        return self.folder_glob is not None and any(self.folder_glob.match(f) for f in folders)

    def name_match(self, name: str) -> bool:
        return self.name_glob is not None and self.name_glob.match(name) is not None


_DEFAULTS: dict[str, NamePatterns] = {}


def _defaults(name: str, patterns: Sequence[str]) -> NamePatterns:
    if name not in _DEFAULTS:
        _DEFAULTS[name] = NamePatterns(patterns)
    return _DEFAULTS[name]


def filter_listing(listing: Listing, exclusions: Exclusions) -> RepoFiles:
    """Drop vendored and generated files, flag documentation and tests."""
    vendored = _defaults("vendored", VENDORED_PATTERNS)
    documentation = _defaults("documentation", DOCUMENTATION_PATTERNS)
    tests = _defaults("tests", TEST_PATTERNS)
    user = _user_excludes(exclusions.exclude)
    entries = _sorted_unique(listing.entries)
    attributes = _linguist_attributes(listing.read, [e.path for e in entries])
    files: list[RepoFile] = []
    excluded = 0
    # Files share folders: judge each folder once, then only the file name per file.
    by_folder: dict[str, tuple[bool, bool, bool]] = {}
    for entry in entries:
        path = entry.path
        folder, _, name = path.rpartition("/")
        flags = by_folder.get(folder)
        if flags is None:
            flags = (
                vendored.folder_match(folder),
                documentation.folder_match(folder),
                tests.folder_match(folder),
            )
            by_folder[folder] = flags
        attrs = attributes.get(path) if attributes else None
        if (
            (attrs and ("linguist-vendored" in attrs or "linguist-generated" in attrs))
            or (not exclusions.include_vendored and (flags[0] or vendored.name_match(name)))
            or (user is not None and user.match_file(path))
        ):
            excluded += 1
            continue
        is_doc = bool(attrs and "linguist-documentation" in attrs) or (
            flags[1] or documentation.name_match(name)
        )
        is_test = not is_doc and (flags[2] or tests.name_match(name))
        files.append(RepoFile(path, entry.size, is_doc, entry.blob, is_test))
    return RepoFiles(
        root=listing.root,
        rev=listing.rev,
        files=tuple(files),
        skipped=tuple(sorted(set(listing.skipped))),
        excluded=excluded,
        read=listing.read,
        is_git=listing.is_git,
    )


def _sorted_unique(entries: list[Entry]) -> list[Entry]:
    """The entries sorted, each once (without building a set of a large tree's entries)."""
    ordered = sorted(entries)
    return [e for i, e in enumerate(ordered) if i == 0 or e != ordered[i - 1]]


def _user_excludes(patterns: Sequence[str]) -> Any:
    """The user's own patterns have full gitignore semantics (negation and all)."""
    if not patterns:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def stat_entry(root: Path, path: str, blob: str | None = None) -> Entry | Skipped | None:
    """A work-tree file's entry, why it cannot be read, or None when it is silently gone."""
    try:
        info = os.lstat(os.path.join(root, path))  # per file on every scan: no pathlib here
    except FileNotFoundError:
        return None  # tracked but deleted in the work tree
    except OSError as exc:
        return Skipped(path, f"cannot stat: {exc.strerror or exc}")
    if stat.S_ISLNK(info.st_mode):
        return _symlink_entry(root, path, blob)
    if stat.S_ISDIR(info.st_mode):
        return None  # a submodule or nested repository: listed by git as a folder
    if not stat.S_ISREG(info.st_mode):
        return Skipped(path, "not a regular file")
    return Entry(path, info.st_size, blob)


def _symlink_entry(root: Path, path: str, blob: str | None = None) -> Entry | Skipped:
    """A link followed to the file it names inside root; `blob` is that file's content id
    when the caller knows it."""
    full = root / path
    try:
        resolved = full.resolve(strict=True)
    except (OSError, RuntimeError):
        return Skipped(path, "broken or looping symbolic link")
    if not resolved.is_relative_to(root):
        return Skipped(path, "symbolic link points outside the repository (not followed)")
    if not resolved.is_file():
        return Skipped(path, "symbolic link to a directory (not followed)")
    return Entry(path, resolved.stat().st_size, blob)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# O_NONBLOCK: a FIFO swapped in after listing must not hang the scan.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)


def worktree_reader(root: Path) -> Reader:
    base = str(root)

    def read(path: str, limit: int) -> bytes:
        # Per file on every cold scan: plain os calls, and the link check only for links.
        full = os.path.join(base, path)
        try:
            if not _NOFOLLOW and os.path.islink(full):
                raise OSError(errno.ELOOP, "symbolic link")
            fd = os.open(full, _READ_FLAGS | _NOFOLLOW)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            if not Path(full).resolve().is_relative_to(root):
                raise PermissionError("symbolic link points outside the repository") from None
            fd = os.open(full, _READ_FLAGS)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise IsADirectoryError("not a regular file")
            return _read_fd(fd, limit + 1, info.st_size)
        finally:
            os.close(fd)

    return read


def _read_fd(fd: int, most: int, size: int) -> bytes:
    """Up to `most` bytes. Asking for one byte more than the file's size lets a single read
    say it reached the end (most files are small); a file growing meanwhile reads on."""
    chunks = []
    want = min(most, size + 1)
    while most > 0:
        chunk = os.read(fd, want)
        chunks.append(chunk)
        most -= len(chunk)
        if len(chunk) < want:
            break
        want = min(most, 1 << 20)
    return b"".join(chunks)


def walk_listing(root: Path, skipped: Iterable[Skipped] = ()) -> Listing:
    """Every regular file under root, honouring .gitignore files on the way down."""
    entries: list[Entry] = []
    problems: list[Skipped] = list(skipped)
    specs: list[tuple[str, Any]] = []

    def on_error(exc: OSError) -> None:
        rel = Path(exc.filename).relative_to(root).as_posix() if exc.filename else "."
        problems.append(Skipped(rel, f"unreadable folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=on_error):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        if ".gitignore" in filenames:
            specs.append((rel_dir, _read_spec(Path(dirpath) / ".gitignore")))
        kept = []
        for d in sorted(dirnames):
            if d == ".git" or _ignored(specs, rel_dir + d + "/"):
                continue
            if os.path.islink(os.path.join(dirpath, d)):  # os.walk lists it, never enters it
                problems.append(_symlink_entry(root, rel_dir + d))  # type: ignore[arg-type]
                continue
            kept.append(d)
        dirnames[:] = kept
        for name in filenames:
            rel = rel_dir + name
            if _ignored(specs, rel):
                continue
            entry = stat_entry(root, rel)
            if isinstance(entry, Skipped):
                problems.append(entry)
            elif entry is not None:
                entries.append(entry)
    return Listing(root, entries, problems, worktree_reader(root))


def _read_spec(path: Path) -> Any:
    import pathspec

    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(specs: Iterable[tuple[str, Any]], rel: str) -> bool:
    return any(rel.startswith(base) and spec.match_file(rel[len(base) :]) for base, spec in specs)


MAX_GITATTRIBUTES_BYTES = 256 * 1024


def _linguist_attributes(read: Reader, paths: Sequence[str]) -> dict[str, set[str]]:
    """linguist-* attributes set in any .gitattributes in the tree (root and nested)."""
    result: dict[str, set[str]] = {}
    for attr_file in (p for p in paths if p.rsplit("/", 1)[-1] == ".gitattributes"):
        import pathspec

        base = attr_file[: -len(".gitattributes")]
        try:
            text = read(attr_file, MAX_GITATTRIBUTES_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue
        under = [p for p in paths if p.startswith(base)]
        for pattern, (on, off) in _parse_gitattributes(text):
            # The pattern's own regex, tried directly: `match_file` per path and pattern
            # would normalise every path again (most of a large tree's listing time).
            regexes = [
                compiled.regex
                for compiled in pathspec.GitIgnoreSpec.from_lines([pattern]).patterns
                if compiled.include and compiled.regex is not None
            ]
            for path in under:
                relative = path[len(base) :]
                if any(regex.match(relative) for regex in regexes):
                    current = result.setdefault(path, set())
                    current.difference_update(off)
                    current.update(on)
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
