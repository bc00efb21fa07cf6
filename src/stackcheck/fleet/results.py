"""The results file: one JSON line per repository, appended as each finishes.

It is what makes a fleet scan resumable. Each line is written whole with one `write` and
goes straight to the operating system, so a killed run loses only the repositories in
flight; at the start of the next run a half-written last line (the run was killed in the
middle of one) is cut off, and the lines already there say which sources need no new scan.
A lock keeps a second run from appending to the same file at the same time, and a file that
is not a results file is refused before anything in it is touched.

The latest line for a source is its result: a re-scan after a change appends a new line
rather than rewriting the file.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from stackcheck.errors import StackcheckError
from stackcheck.fleet.worker import SCHEMA, Known

Line = dict[str, Any]


def line_id(line: Line) -> str:
    """The source id a result line is for (sources.Source.id)."""
    return f"{line['source']}@{line['rev']}" if line.get("rev") else str(line["source"])


def known(line: Line) -> Known:
    return Known(
        line.get("commit"),
        line.get("state"),
        str(line.get("version")),
        str(line.get("rules")),
        str(line.get("settings")),
        line.get("error") is not None,
    )


def encode(line: Line) -> bytes:
    from stackcheck.report.formats.safe import json_text

    text = json_text(json.dumps(line, ensure_ascii=False, sort_keys=True))
    return (text + "\n").encode("utf-8")


class ResultsFile:
    """A results file opened for a run: repaired, read, locked, and appended to."""

    def __init__(self, path: Path, fd: int, lines: list[Line]) -> None:
        self.path = path
        self._fd = fd
        self.lines = lines
        self.by_id: dict[str, list[Line]] = {}
        for line in lines:
            self.by_id.setdefault(line_id(line), []).append(line)

    @classmethod
    def open(cls, path: Path) -> ResultsFile:
        flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise StackcheckError(
                    f"{path}: a symbolic link; give the results file itself"
                ) from exc
            raise StackcheckError(f"{path}: cannot open: {exc.strerror}") from exc
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise StackcheckError(f"{path}: not a regular file")
            _lock(fd, path)
            lines = _repair_and_read(fd, path)
        except BaseException:
            os.close(fd)
            raise
        return cls(path, fd, lines)

    def known_for(self, source_id: str) -> tuple[Known, ...]:
        return tuple(known(line) for line in self.by_id.get(source_id, ()))

    def latest(self, source_id: str) -> Line | None:
        found = self.by_id.get(source_id)
        return found[-1] if found else None

    def append(self, line: Line) -> None:
        """Write one line whole (one write call) and hand it to the operating system."""
        data = encode(line)
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        self.lines.append(line)
        self.by_id.setdefault(line_id(line), []).append(line)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)


def _lock(fd: int, path: Path) -> None:
    try:
        import fcntl
    except ImportError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        raise StackcheckError(
            f"{path}: another fleet scan is writing to this file; wait for it, or choose another -o"
        ) from exc


def _repair_and_read(fd: int, path: Path) -> list[Line]:
    """The lines of the file, after cutting off a half-written last line."""
    data = _read_all(fd)
    if not data:
        return []
    first = data.split(b"\n", 1)[0]
    if not (_is_result(first) or (b"\n" not in data and data.startswith(b'{"'))):
        raise StackcheckError(
            f"{path}: not a stackcheck fleet results file (its first line is not a "
            f"{SCHEMA} result); choose another -o"
        )
    end = data.rfind(b"\n") + 1
    if end < len(data):
        os.ftruncate(fd, end)  # the last line was cut short by a killed run
        data = data[:end]
    return list(_parse(data.splitlines(), path))


def _is_result(raw: bytes) -> bool:
    try:
        value = json.loads(raw)
    except ValueError:
        return False
    return isinstance(value, dict) and value.get("schema") == SCHEMA


def _parse(raw_lines: Iterable[bytes], path: Path | str) -> Iterator[Line]:
    for number, raw in enumerate(raw_lines, 1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise StackcheckError(f"{path}:{number}: not a JSON line ({exc})") from exc
        if not isinstance(value, dict) or value.get("schema") != SCHEMA:
            raise StackcheckError(f"{path}:{number}: not a {SCHEMA} result line")
        problem = _shape_problem(value)
        if problem:
            raise StackcheckError(f"{path}:{number}: not a valid result line: {problem}")
        yield value


def _shape_problem(line: Line) -> str | None:
    """What is wrong with a line's shape, for the keys a report reads; None when fine."""
    if not isinstance(line.get("source"), str):
        return "no source"
    if not isinstance(line.get("rev"), (str, type(None))):
        return "rev is not text"
    error = line.get("error")
    if error is not None and not (
        isinstance(error, dict) and isinstance(error.get("message"), str)
    ):
        return "error is not an object with a message"
    for key in ("cases", "use_cases"):
        items = line.get(key) or []
        if not isinstance(items, list) or not all(
            isinstance(i, dict) and isinstance(i.get("id"), str) and isinstance(i.get("slug"), str)
            for i in items
        ):
            return f"{key} is not a list of rules"
    stack = line.get("stack")
    if stack is not None and not (
        isinstance(stack, dict)
        and all(
            isinstance(f, dict) and isinstance(f.get("name"), str)
            for f in stack.get("frameworks") or []
        )
    ):
        return "stack is not a stack summary"
    if not isinstance(line.get("verdict"), (str, type(None))) or not isinstance(
        line.get("kind"), (str, type(None))
    ):
        return "verdict or kind is not text"
    return None


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


class Loaded(NamedTuple):
    lines: list[Line]  # every complete line, in file order, files in the order given
    notes: list[str]  # what was left out, and why


def read_results(paths: Iterable[Path]) -> Loaded:
    """Result lines from any number of files (shards, earlier runs), for a report. A last
    line without its newline (a run still writing, or killed) is left out with a note."""
    from stackcheck.source.worktree import read_regular

    lines: list[Line] = []
    notes: list[str] = []
    for path in paths:
        try:
            data = read_regular(path, 1 << 34)
        except OSError as exc:
            raise StackcheckError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        end = data.rfind(b"\n") + 1
        if data[end:].strip():
            notes.append(f"{path}: the last line is incomplete (a run still writing?); left out")
        lines.extend(_parse(data[:end].splitlines(), path))
    return Loaded(lines, notes)
