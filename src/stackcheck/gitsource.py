"""Listing files from git: the work tree, any revision, or the index.

The work tree is listed with plain `git` subprocesses (cheap to start, raw bytes for odd
file names); revisions and the index are read straight from git objects through GitPython,
so no checkout is needed and a bare repository works.
"""

from __future__ import annotations

import difflib
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stackcheck.discover import (
    Entry,
    Listing,
    Reader,
    stat_entry,
    walk_listing,
    worktree_reader,
)
from stackcheck.errors import StackcheckError
from stackcheck.facts import Skipped

SUBMODULE_MODE = "160000"
SYMLINK_MODE = "120000"


class GitUnavailable(Exception):
    """git is missing or refuses the repository; the message says which."""


def run_git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, env=env, check=False
        )
    except FileNotFoundError as exc:
        raise GitUnavailable("git is not installed") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise subprocess.CalledProcessError(
            done.returncode, ["git", *args], done.stdout, "\n".join(message)
        )
    return done.stdout


def _split_z(data: bytes) -> list[str]:
    return [os.fsdecode(p) for p in data.split(b"\0") if p]


def worktree_listing(target: Path) -> Listing | None:
    """Tracked plus untracked-not-ignored files under target; None outside a git work tree."""
    root = target.resolve()
    try:
        info = run_git(root, "rev-parse", "--is-bare-repository", "--is-inside-work-tree")
    except GitUnavailable:
        return walk_listing(
            root,
            [
                Skipped(
                    ".",
                    "git is not installed: scanned as a plain directory, .gitignore files honoured",
                )
            ],
        )
    except subprocess.CalledProcessError as exc:
        if "dubious ownership" in str(exc.stderr):
            return walk_listing(
                root,
                [
                    Skipped(
                        ".",
                        "git refused the repository (safe.directory): scanned as a plain directory",
                    )
                ],
            )
        return None
    bare, inside = info.decode().split()[:2]
    if bare == "true":
        raise StackcheckError(
            f"{target}: a bare repository has no work tree; scan a revision with --rev HEAD"
        )
    if inside != "true":
        raise StackcheckError(f"{target}: inside a .git folder; give the work tree instead")
    staged = run_git(root, "ls-files", "-z", "-s")
    untracked = _split_z(run_git(root, "ls-files", "-z", "--others", "--exclude-standard"))
    dirty = set(_split_z(run_git(root, "diff-files", "-z", "--name-only", "--relative")))
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for mode, blob, path in _index_lines(staged):
        if path in seen:
            continue  # an unmerged path has one line per stage
        seen.add(path)
        if mode == SUBMODULE_MODE:
            skipped.append(Skipped(path, "submodule (not entered)"))
            continue
        _add(entries, skipped, stat_entry(root, path, None if path in dirty else blob))
    for path in untracked:
        _add(entries, skipped, stat_entry(root, path))
    return Listing(root, entries, skipped, worktree_reader(root), is_git=True)


def _add(entries: list[Entry], skipped: list[Skipped], found: Entry | Skipped | None) -> None:
    if isinstance(found, Skipped):
        skipped.append(found)
    elif found is not None:
        entries.append(found)


def _index_lines(data: bytes) -> list[tuple[str, str, str]]:
    """`git ls-files -s -z` records: (mode, blob id, path)."""
    found = []
    for record in data.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, blob, _stage = meta.decode().split()
        found.append((mode, blob, os.fsdecode(raw_path)))
    return found


def open_repo(target: Path) -> Any:
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    try:
        import git
    except ImportError as exc:  # pragma: no cover - GitPython is a dependency
        raise StackcheckError("GitPython is not installed") from exc
    try:
        return git.Repo(target, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise StackcheckError(f"{target}: not a git repository") from exc
    except git.GitCommandNotFound as exc:
        raise StackcheckError("git is not installed; --rev and --staged need it") from exc


def resolve_commit(repo: Any, rev: str) -> str:
    import git
    from gitdb.exc import BadName, BadObject

    try:
        commit = repo.rev_parse(f"{rev}^{{commit}}")
    except (BadName, BadObject, ValueError, IndexError, git.GitCommandError) as exc:
        names = [h.name for h in getattr(repo, "heads", [])] + [t.name for t in repo.tags]
        close = difflib.get_close_matches(rev, names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        if not repo.head.is_valid():
            hint = " (the repository has no commits yet)"
        raise StackcheckError(f"--rev {rev}: unknown revision{hint}") from exc
    return str(commit.hexsha)


def _prefix(repo: Any, target: Path) -> str:
    if repo.bare or repo.working_tree_dir is None:
        return ""
    rel = target.resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    return "" if rel == "." else rel + "/"


def revision_listing(target: Path, rev: str) -> Listing:
    repo = open_repo(target)
    commit = resolve_commit(repo, rev)
    prefix = _prefix(repo, target)
    git_dir = Path(repo.git_dir)
    args = ["ls-tree", "-r", "-z", "--long", "--full-tree", commit]
    if prefix:
        args += ["--", prefix]
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    blobs: dict[str, str] = {}
    for record in run_git(git_dir, *args).split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, blob, size = meta.decode().split()
        path = os.fsdecode(raw_path)[len(prefix) :]
        if mode == SUBMODULE_MODE or kind == "commit":
            skipped.append(Skipped(path, "submodule (not entered)"))
        elif mode == SYMLINK_MODE:
            skipped.append(Skipped(path, "symbolic link (not followed in a revision)"))
        else:
            entries.append(Entry(path, int(size), blob))
            blobs[path] = blob
    if (git_dir / "shallow").exists():
        skipped.append(
            Skipped(".", "shallow clone: history before the shallow boundary is missing")
        )
    root = Path(repo.working_tree_dir or git_dir) / prefix
    return Listing(root, entries, skipped, object_reader(repo, blobs.__getitem__), commit, True)


def index_listing(target: Path) -> Listing:
    repo = open_repo(target)
    if repo.bare:
        raise StackcheckError(f"{target}: a bare repository has no index; use --rev")
    prefix = _prefix(repo, target)
    root = Path(repo.working_tree_dir)
    records = _index_lines(run_git(root / prefix if prefix else root, "ls-files", "-z", "-s"))
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    wanted = [(path, blob) for mode, blob, path in records if mode not in (SUBMODULE_MODE,)]
    skipped.extend(
        Skipped(p, "submodule (not entered)") for m, _, p in records if m == SUBMODULE_MODE
    )
    symlinks = {p for m, _, p in records if m == SYMLINK_MODE}
    skipped.extend(Skipped(p, "symbolic link (not followed in the index)") for p in symlinks)
    wanted = [(p, b) for p, b in wanted if p not in symlinks]
    sizes = _blob_sizes(Path(repo.git_dir), sorted({b for _, b in wanted}))
    blobs = {}
    for path, blob in dict(wanted).items():
        if blob in sizes:
            entries.append(Entry(path, sizes[blob], blob))
            blobs[path] = blob
        else:
            skipped.append(Skipped(path, "object missing from the repository"))
    return Listing(
        root / prefix if prefix else root,
        entries,
        skipped,
        object_reader(repo, blobs.__getitem__),
        None,
        True,
    )


def _blob_sizes(git_dir: Path, blobs: list[str]) -> dict[str, int]:
    if not blobs:
        return {}
    out = run_git(git_dir, "cat-file", "--batch-check", stdin="\n".join(blobs).encode() + b"\n")
    sizes = {}
    for line in out.decode().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            sizes[parts[0]] = int(parts[2])
    return sizes


def object_reader(repo: Any, blob_of: Callable[[str], str]) -> Reader:
    def read(path: str, limit: int) -> bytes:
        try:
            blob = blob_of(path)
        except KeyError as exc:
            raise FileNotFoundError(path) from exc
        try:
            data: bytes = repo.odb.stream(bytes.fromhex(blob)).read()
        except Exception as exc:  # GitPython raises several types for a missing object
            raise OSError(f"cannot read git object {blob[:12]}: {exc}") from exc
        return data[: limit + 1]

    return read
