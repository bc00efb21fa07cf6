"""What a `scan` command line asks for, read before anything heavy is loaded: whether it is
one a stored answer (fastpath.py) or a resident server (server/) may give, and where the
person's cache folder is. Every run of the pre-commit hook reads these; they import only
what the interpreter has loaded already (no `typing`, `pathlib` or `collections`)."""

from __future__ import annotations

import errno
import os
import stat
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from typing import Any

CONFIG_MAX_BYTES = 1024 * 1024  # config.CONFIG_MAX_BYTES: a larger file is an error anyway
FALSE_WORDS = ("0", "false", "no")

# The options a stored answer may be given for: they only shape the settings or the output,
# and the full argument list is part of the key. Any other option takes the ordinary path.
FLAGS = frozenset(
    {
        "--staged",
        "-q",
        "--quiet",
        "-v",
        "--verbose",
        "--exit-zero",
        "--color",
        "--no-color",
        "--isolated",
        "--recurse-submodules",
    }
)
VALUED = frozenset(
    {
        "--format",
        "--fail-on",
        "--select",
        "--ignore",
        "--extend-select",
        "--exclude",
        "--min-confidence",
        "--timeout",
        "--color",  # only as --color=WHEN; a bare --color is a flag (usage.ColorCommand)
    }
)


def scan_target(argv: Sequence[str]) -> tuple[str, bool] | None:
    """The scanned path and --staged of a `scan` fastpath.py may answer (and a resident
    server may run), or None."""
    if not argv or argv[0] != "scan":
        return None
    target: str | None = None
    staged = False
    words = iter(argv[1:])
    for word in words:
        if word.startswith("-"):
            name, equals, _ = word.partition("=")
            if word in FLAGS:
                staged = staged or word == "--staged"
            elif equals and name in VALUED:
                continue
            elif word in VALUED and word != "--color":
                if next(words, None) is None:
                    return None
            else:
                return None
        elif target is None and word:
            target = word
        else:
            return None  # a second path, or an empty one: click says what is wrong
    return target or ".", staged


def cache_folder(user_config: str) -> str | None:
    """Where the caches are, as the settings would put them (Settings.cache_folder): the
    STACKCHECK_* variables over the user config file over the default; None when the cache
    is off. Options that move or switch off the cache never reach here (scan_target)."""
    use = os.environ.get("STACKCHECK_CACHE", "")
    named = os.environ.get("STACKCHECK_CACHE_DIR", "")
    settings = user_cache_settings(user_config)
    if settings is None:
        return None  # a config file this cannot read: the ordinary path says why
    if use:
        if use.strip().lower() in FALSE_WORDS:
            return None
    elif settings[0] is False:
        return None
    if named:
        return os.path.join(os.getcwd(), named)
    if settings[1] is not None:
        return os.path.join(os.path.dirname(user_config), settings[1])
    from stackcheck import userdirs

    return userdirs.cache_folder()


def user_cache_settings(path: str) -> tuple[bool | None, str | None] | None:
    """The `cache` and `cache-dir` keys of the user config file, or None when it cannot be
    read as the ordinary path would read it."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return None, None
    except OSError:
        return None
    try:
        raw = read_small(path)
        if len(raw) > CONFIG_MAX_BYTES:
            return None
        data = raw.decode("utf-8")
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        table: Any = tomllib.loads(data)
    except (OSError, ValueError):
        return None
    if os.path.basename(path) == "pyproject.toml":
        tool = table.get("tool")
        table = tool.get("stackcheck", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        return None
    use, folder = table.get("cache"), table.get("cache-dir")
    if use is not None and not isinstance(use, bool):
        return None
    if folder is not None and not isinstance(folder, str):
        return None
    return use, folder or None


def read_small(path: str) -> bytes:
    """A settings file's bytes, read as worktree.read_regular reads one (without loading
    the listing code): opened without waiting, a regular file only, and no more than
    CONFIG_MAX_BYTES + 1 bytes (a larger file is an error the ordinary path reports)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
        chunks, left = [], CONFIG_MAX_BYTES + 1
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def holds(target: str, folder: str) -> bool:
    """Whether folder lies in the work tree target belongs to (or in target itself, outside
    git): a cache folder there is the scanned repository's to plant things in. The work
    tree's root is the first folder up from target with a `.git`, as fastpath.py and
    config.tree_root find it."""
    target = os.path.realpath(target)
    roots = (w for w in folder_and_parents(target) if os.path.exists(os.path.join(w, ".git")))
    return is_within(os.path.realpath(folder), next(roots, target))


def folder_and_parents(folder: str) -> Iterator[str]:
    """A resolved folder and each folder above it, up to the root (Path.parents)."""
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def is_within(path: str, folder: str) -> bool:
    """Whether path is folder or lies under it, both resolved (Path.is_relative_to)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
