"""What a fleet scan covers: repository folders, folders of repositories, bare repositories,
clone URLs, and text files listing any of these.

Every source is normalised, so the same repository given twice (or given as `https://` with
and without `.git`, or with credentials) is one source, has one line in the results, and
falls in one shard. The normalised form never holds credentials: it is what results,
messages and shard hashes use, while the URL as given is kept apart for the fetch only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from stackcheck.errors import StackcheckError

# Transports git may use for a clone URL. `ext::` and `fd::` run programs, and anything
# else is refused rather than guessed at.
SCHEMES = ("https", "http", "ssh", "git", "file")
DEFAULT_PORTS = {"https": 443, "http": 80, "ssh": 22, "git": 9418}
MAX_LIST_BYTES = 64 * 1024 * 1024
# A revision name as git accepts one (git check-ref-format), or a commit id.
_BAD_REV = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|^[-/.]|[/.]$|\.lock$|//")
_SCP_LIKE = re.compile(r"^(?:[^@/:\s]+@)?(?P<host>[^@/:\s]+):(?P<path>(?!//).*)$")
_USERINFO = re.compile(r"(?<=://)[^/@\s]*@")


@dataclass(frozen=True)
class Source:
    """One repository to scan, normalised."""

    kind: str  # "url" | "worktree" | "bare" | "folder"
    location: str  # an absolute path, or a URL without credentials, ports or .git
    rev: str | None  # the revision asked for (`@rev`), or None: HEAD, or the work tree
    origin: str  # where it was given, for messages: "sources.txt:3" or "argument 2"
    fetch_url: str = field(default="", repr=False, compare=False)  # as given: may hold a token

    @property
    def id(self) -> str:
        """The identity results, resume and shards use: location, and @rev when one was asked."""
        return f"{self.location}@{self.rev}" if self.rev else self.location


def parse_arguments(arguments: Sequence[str], cwd: Path) -> list[Source]:
    """The sources named on the command line, in order, each once. A regular file is a list
    of sources; a folder is a repository, or a folder of repositories."""
    found: list[Source] = []
    for number, text in enumerate(arguments, 1):
        origin = f"argument {number}"
        path = (cwd / Path(text).expanduser()) if not _looks_remote(text, cwd) else None
        if path is not None and path.is_file():
            found.extend(parse_list(path, shown=text))
        else:
            found.extend(parse_source(text, cwd, origin))
    return unique(found)


def parse_list(path: Path, shown: str | None = None) -> list[Source]:
    """A text file of sources: one a line, `#` starts a comment, blank lines are skipped;
    relative paths are relative to the file's folder. Messages name the file as `shown`."""
    from stackcheck.source.worktree import read_regular

    try:
        data = read_regular(path, MAX_LIST_BYTES)
    except OSError as exc:
        raise StackcheckError(
            f"{shown or path}: cannot read the list of sources: {exc.strerror}"
        ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StackcheckError(f"{shown or path}: the list of sources is not UTF-8 text") from exc
    found: list[Source] = []
    for number, line in enumerate(text.splitlines(), 1):
        entry = _strip_comment(line)
        if not entry:
            continue
        origin = f"{shown or path}:{number}"
        if len(entry.split()) > 1:
            raise StackcheckError(f"{origin}: {entry!r}: one source a line (a path or a URL)")
        if not _looks_remote(entry, path.parent) and (path.parent / entry).is_file():
            raise StackcheckError(
                f"{origin}: {entry!r} is a file; a list names repositories, not other lists"
            )
        found.extend(parse_source(entry, path.parent, origin))
    return found


def _strip_comment(line: str) -> str:
    """`# a comment`, and `path  # a comment` after whitespace; a `#` inside a URL stays."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return ""
    return re.split(r"\s#", stripped, maxsplit=1)[0].strip()


def parse_source(text: str, base: Path, origin: str) -> list[Source]:
    """One source as given: a clone URL (`scheme://…` or `host:path`), or a local path
    relative to base; either may end in `@rev`. A folder of repositories gives one source
    for each repository directly in it."""
    if not text:
        raise StackcheckError(f"{origin}: an empty source")
    if _looks_remote(text, base):
        return [_remote(text, origin)]
    return _local(text, base, origin)


def _looks_remote(text: str, base: Path) -> bool:
    if "://" in text or text.startswith(("ext::", "fd::")):
        return True
    return _SCP_LIKE.match(text) is not None and not (base / text).exists()


def _remote(text: str, origin: str) -> Source:
    shown = redact(text)
    if text.startswith("-"):
        raise StackcheckError(f"{origin}: {shown!r}: a source may not start with '-'")
    if "://" in text:
        scheme = text.split("://", 1)[0].lower()
        if scheme not in SCHEMES:
            raise StackcheckError(
                f"{origin}: {shown!r}: unsupported URL scheme {scheme!r} (use {', '.join(SCHEMES)})"
            )
        url, rev = _split_url_rev(text)
        location = _normal_url(url, origin, shown)
    elif text.startswith(("ext::", "fd::")):
        raise StackcheckError(
            f"{origin}: {shown!r}: git transports that run programs are not allowed "
            f"(use {', '.join(SCHEMES)})"
        )
    else:
        match = _SCP_LIKE.match(text)
        assert match is not None
        path, rev = _split_rev(match["path"])
        url = text[: len(text) - len(match["path"])] + path
        location = _normal_url(f"ssh://{match['host']}/{path.lstrip('/')}", origin, shown)
    _check_rev(rev, origin, shown)
    return Source("url", location, rev, origin, url)


def _split_url_rev(text: str) -> tuple[str, str | None]:
    """`https://user:token@host/org/repo.git@v1` -> (the URL, "v1"): an `@` in the path names
    a revision; one in the host part is the login."""
    scheme, rest = text.split("://", 1)
    authority, slash, path = rest.partition("/")
    path, rev = _split_rev(path)
    return f"{scheme}://{authority}{slash}{path}", rev


def _split_rev(path: str) -> tuple[str, str | None]:
    if "@" not in path:
        return path, None
    head, rev = path.rsplit("@", 1)
    return head, rev


def _normal_url(url: str, origin: str, shown: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise StackcheckError(f"{origin}: {shown!r}: not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme != "file" and not host:
        raise StackcheckError(f"{origin}: {shown!r}: a clone URL needs a host")
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    path = path.removesuffix(".git").rstrip("/")
    if not path:
        raise StackcheckError(f"{origin}: {shown!r}: a clone URL needs a repository path")
    return f"{scheme}://{host}{path}"


def _check_rev(rev: str | None, origin: str, shown: str) -> None:
    if rev is None:
        return
    if not rev or _BAD_REV.search(rev):
        raise StackcheckError(f"{origin}: {shown!r}: {rev!r} is not a revision name git accepts")


def redact(text: str) -> str:
    """A URL or a message quoting one, with the login part (`user:token@`) removed."""
    return _USERINFO.sub("", text)


def _local(text: str, base: Path, origin: str) -> list[Source]:
    path, rev = base / Path(text).expanduser(), None
    if not path.exists() and "@" in text:
        head, rev = text.rsplit("@", 1)
        path = base / Path(head).expanduser()
        _check_rev(rev, origin, text)
    if not path.exists():
        raise StackcheckError(f"{origin}: {text!r}: no such folder, and not a clone URL")
    if not path.is_dir():
        raise StackcheckError(f"{origin}: {text!r}: not a folder")
    folder = path.resolve()
    kind = folder_kind(folder)
    if kind == "folder" and rev is None:
        inside = list(_repositories_in(folder))
        if inside:
            return [Source(k, str(p), None, origin, str(p)) for p, k in inside]
    if kind == "folder" and rev is not None:
        raise StackcheckError(f"{origin}: {text!r}: @{rev} needs a git repository")
    return [Source(kind, str(folder), rev, origin, str(folder))]


def folder_kind(folder: Path) -> str:
    """ "bare" for a git directory, "worktree" for a folder with `.git`, else "folder"."""
    if (folder / "HEAD").is_file() and (folder / "objects").is_dir():
        return "bare"
    if (folder / ".git").exists():
        return "worktree"
    return "folder"


def _repositories_in(folder: Path) -> Iterator[tuple[Path, str]]:
    """The repositories directly in a folder that is not one itself; links are not followed,
    so a folder of repositories names only what lies in it."""
    for child in sorted(folder.iterdir()):
        if child.is_symlink() or not child.is_dir():
            continue
        kind = folder_kind(child)
        if kind != "folder":
            yield child, kind


def unique(sources: Iterable[Source]) -> list[Source]:
    """Each source once (by id), in the order first given."""
    seen: dict[str, Source] = {}
    for source in sources:
        seen.setdefault(source.id, source)
    return list(seen.values())


def parse_shard(text: str) -> tuple[int, int]:
    """`--shard 2/3` -> (2, 3)."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if match is None or not 1 <= int(match[1]) <= int(match[2]):
        raise StackcheckError(f"--shard {text}: expected I/N with 1 <= I <= N, e.g. 2/8")
    return int(match[1]), int(match[2])


def in_shard(source: Source, shard: tuple[int, int]) -> bool:
    """Whether the source belongs to shard I of N: a stable hash of its id, the same on every
    machine and in every run, so N jobs cover the fleet once with no coordinator."""
    index, count = shard
    digest = hashlib.sha256(source.id.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1
