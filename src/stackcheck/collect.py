"""Run the manifest parsers and code-signal scanners over a discovered tree.

Each file is read at most once, and only when a parser or a scanner wants it; a scanner
with needles sees the file only if one of them occurs in the bytes. Every problem with a
file becomes a `Skipped` entry and the scan goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stackcheck import manifests, signals
from stackcheck.discover import RepoFile, RepoFiles
from stackcheck.facts import Fact, Facts, Manifest, Skipped, merge
from stackcheck.manifests import MalformedManifest, Parsed
from stackcheck.textio import NotText, decode

MAX_FILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = MAX_FILE_BYTES


def collect(repo: RepoFiles, limits: Limits = Limits()) -> Facts:
    signals.load_all()
    found: list[Fact] = []
    manifests_read: list[Manifest] = []
    skipped: list[Skipped] = list(repo.skipped)
    files_read = 0
    bytes_read = 0
    by_path = {f.path: f for f in repo.files}

    for scanner in signals.TREE_SCANNERS:
        found.extend(scanner(repo.files))

    for job in _jobs(repo.files):
        text = _read_text(repo, job.file, limits, skipped)
        if text is None:
            continue
        files_read += 1
        bytes_read += job.file.size
        if job.parser is not None:
            parsed = _parse(job.parser, job.file.path, text, skipped)
            if parsed is not None:
                found.extend(parsed.facts)
                manifests_read.append(Manifest(job.file.path, parsed.kind, parsed.dependencies))
                for include in parsed.includes:
                    if include not in by_path:
                        skipped.append(Skipped(include, f"included from {job.file.path}, not found"))
        for scanner in job.scanners:
            if scanner.needles and not any(n in text.encode("utf-8", "ignore")
                                           for n in scanner.needles):
                continue
            found.extend(_scan(scanner, job.file.path, text, skipped))

    merged = merge(found)
    for derive in signals.DERIVATIONS:
        merged.update({f.key: f for f in derive(merged)})
    return Facts(
        values=merged,
        manifests=tuple(sorted(manifests_read)),
        skipped=tuple(sorted(set(skipped))),
        files=len(repo.files),
        files_read=files_read,
        bytes_read=bytes_read,
    )


@dataclass(frozen=True)
class _Job:
    file: RepoFile
    parser: manifests.Parser | None
    scanners: tuple[signals.FileScanner, ...]


def _jobs(files: tuple[RepoFile, ...]) -> Iterator[_Job]:
    for file in files:
        parser = manifests.parser_for(file.path)
        scanners = tuple(s for s in signals.FILE_SCANNERS if s.wants(file.path))
        if parser is not None or scanners:
            yield _Job(file, parser, scanners)


def _read_text(
    repo: RepoFiles, file: RepoFile, limits: Limits, skipped: list[Skipped]
) -> str | None:
    if file.size > limits.max_file_bytes:
        skipped.append(Skipped(file.path, f"larger than {limits.max_file_bytes} bytes"))
        return None
    try:
        data = repo.read(file.path, limits.max_file_bytes)
    except FileNotFoundError:
        skipped.append(Skipped(file.path, "deleted while scanning"))
        return None
    except OSError as exc:
        skipped.append(Skipped(file.path, f"unreadable: {exc.strerror or exc}"))
        return None
    if len(data) > limits.max_file_bytes:
        skipped.append(Skipped(file.path, f"larger than {limits.max_file_bytes} bytes"))
        return None
    try:
        return decode(data)
    except NotText as exc:
        skipped.append(Skipped(file.path, str(exc)))
        return None


def _parse(parser: manifests.Parser, path: str, text: str, skipped: list[Skipped]
           ) -> Parsed | None:
    try:
        return parser(path, text)
    except MalformedManifest as exc:
        skipped.append(Skipped(path, f"malformed: {exc}"))
    except RecursionError:
        skipped.append(Skipped(path, "malformed: nested too deeply"))
    except Exception as exc:  # a parser bug must not cost the user the whole scan
        skipped.append(Skipped(path, f"parser error ({type(exc).__name__}: {exc}); please report"))
    return None


def _scan(scanner: signals.FileScanner, path: str, text: str, skipped: list[Skipped]
          ) -> list[Fact]:
    try:
        return list(scanner.scan(path, text))
    except (RecursionError, MemoryError):
        skipped.append(Skipped(path, f"{scanner.name}: too deeply nested to analyse"))
    except Exception as exc:  # a scanner bug must not cost the user the whole scan
        skipped.append(
            Skipped(path, f"{scanner.name} error ({type(exc).__name__}: {exc}); please report")
        )
    return []
