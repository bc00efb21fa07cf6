"""Configuration: `[tool.stackcheck]` in pyproject.toml, or .stackcheck.toml / stackcheck.toml.

The nearest file at or above the scanned folder wins; command-line options override it.
Unknown keys are an error with a did-you-mean hint, because a typo in a policy silently
ignored is a policy not enforced.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from stackcheck.errors import StackcheckError
from stackcheck.report import Suppression

CONFIG_FILES = (".stackcheck.toml", "stackcheck.toml", "pyproject.toml")
FAIL_ON = ("avoid", "warning", "never")


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    exclude: tuple[str, ...] = ()
    include_vendored: bool = False
    fail_on: str = "avoid"
    min_confidence: float = 0.0
    rules_dirs: tuple[Path, ...] = ()
    format: str | None = None
    max_file_bytes: int = 2 * 1024 * 1024
    cache: bool = True
    cache_dir: Path | None = None
    severity: tuple[tuple[str, str], ...] = ()
    recurse_submodules: bool = False  # (rule ID or prefix, "error"|"warning"|"off")
    source: str | None = None  # the config file these came from
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def with_options(self, **options: Any) -> Settings:
        """Command-line options that were given (not None, not empty) override the file."""
        given = {k: v for k, v in options.items() if v is not None and v != ()}
        return replace(self, **given)


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
        if (folder / ".git").exists():
            return None
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "[tool.stackcheck" in text


def load_settings(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    from stackcheck.facts._toml import TOMLDecodeError, loads

    try:
        data = loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StackcheckError(f"{path}: cannot read config: {exc.strerror or exc}") from exc
    except (TOMLDecodeError, UnicodeDecodeError) as exc:
        raise StackcheckError(f"{path}: invalid TOML: {exc}") from exc
    except RecursionError as exc:
        raise StackcheckError(f"{path}: invalid TOML: nested too deeply") from exc
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("stackcheck", {})
        prefix = "tool.stackcheck."
    if not isinstance(data, dict):
        raise StackcheckError(f"{path}: {prefix.rstrip('.')}: must be a table")
    return parse_settings(data, str(path), prefix, path.parent)


KEYS = (
    "select",
    "ignore",
    "extend-select",
    "exclude",
    "include-vendored",
    "fail-on",
    "min-confidence",
    "rules-dirs",
    "format",
    "max-file-bytes",
    "cache",
    "cache-dir",
    "severity",
    "recurse-submodules",
)
SEVERITIES = ("error", "warning", "off")


def parse_settings(data: Mapping[str, Any], source: str, prefix: str, base: Path) -> Settings:
    for key in sorted(data):
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise StackcheckError(f"{source}: {prefix}{key}: unknown key{hint}")

    def where(key: str) -> str:
        return f"{source}: {prefix}{key}"

    ignore, suppressions = _ignore_list(data.get("ignore", []), where("ignore"))
    fail_on = data.get("fail-on", "avoid")
    if fail_on not in FAIL_ON:
        raise StackcheckError(f"{where('fail-on')}: must be one of {', '.join(FAIL_ON)}")
    min_conf = data.get("min-confidence", 0.0)
    if (
        isinstance(min_conf, bool)
        or not isinstance(min_conf, (int, float))
        or not (0 <= min_conf <= 1)
    ):
        raise StackcheckError(f"{where('min-confidence')}: must be a number in [0, 1]")
    max_bytes = data.get("max-file-bytes", Settings.max_file_bytes)
    if (
        isinstance(max_bytes, bool)
        or not isinstance(max_bytes, int)
        or not 1 <= max_bytes <= MAX_FILE_BYTES_LIMIT
    ):
        raise StackcheckError(
            f"{where('max-file-bytes')}: must be a whole number from 1 to {MAX_FILE_BYTES_LIMIT}"
        )
    include_vendored = data.get("include-vendored", False)
    if not isinstance(include_vendored, bool):
        raise StackcheckError(f"{where('include-vendored')}: must be true or false")
    use_cache = data.get("cache", True)
    if not isinstance(use_cache, bool):
        raise StackcheckError(f"{where('cache')}: must be true or false")
    cache_dir = data.get("cache-dir")
    if cache_dir is not None and (not isinstance(cache_dir, str) or not cache_dir):
        raise StackcheckError(f"{where('cache-dir')}: must be a folder path")
    severity = _severity(data.get("severity", {}), where("severity"))
    recurse = data.get("recurse-submodules", False)
    if not isinstance(recurse, bool):
        raise StackcheckError(f"{where('recurse-submodules')}: must be true or false")
    fmt = data.get("format")
    if fmt is not None and not isinstance(fmt, str):
        raise StackcheckError(f"{where('format')}: must be a string")
    return Settings(
        select=_str_list(data.get("select", []), where("select")),
        ignore=ignore,
        extend_select=_str_list(data.get("extend-select", []), where("extend-select")),
        suppressions=suppressions,
        exclude=check_excludes(
            _str_list(data.get("exclude", []), where("exclude")), where("exclude")
        ),
        include_vendored=include_vendored,
        fail_on=fail_on,
        min_confidence=float(min_conf),
        rules_dirs=tuple(
            base / d for d in _str_list(data.get("rules-dirs", []), where("rules-dirs"))
        ),
        format=fmt,
        max_file_bytes=max_bytes,
        cache=use_cache,
        cache_dir=base / cache_dir if cache_dir else None,
        severity=severity,
        recurse_submodules=recurse,
        source=source,
    )


MAX_FILE_BYTES_LIMIT = 1024**3


def check_excludes(patterns: tuple[str, ...], where: str) -> tuple[str, ...]:
    """Each pattern must compile as a gitignore pattern (pathspec), or it is the user's error."""
    if not patterns:
        return patterns
    import pathspec

    for i, pattern in enumerate(patterns):
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except Exception as exc:  # pathspec raises re.error and its own pattern errors
            raise StackcheckError(
                f"{where}[{i}]: {pattern!r} is not a valid gitignore pattern ({exc})"
            ) from exc
    return patterns


def _severity(value: object, where: str) -> tuple[tuple[str, str], ...]:
    """`severity = {DJ903 = "warning", DJ1 = "off"}`: per rule ID or prefix."""
    if not isinstance(value, dict):
        raise StackcheckError(f"{where}: must be a table of rule IDs or prefixes")
    found = []
    for rule, level in sorted(value.items()):
        if level not in SEVERITIES:
            raise StackcheckError(f"{where}.{rule}: must be one of {', '.join(SEVERITIES)}")
        found.append((str(rule).upper(), str(level)))
    return tuple(found)


def _str_list(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise StackcheckError(f"{where}: must be a list of strings")
    return tuple(value)


def _ignore_list(value: object, where: str) -> tuple[tuple[str, ...], tuple[Suppression, ...]]:
    """`ignore` takes rule IDs/prefixes, or {rule, reason} tables that are reported."""
    if not isinstance(value, list):
        raise StackcheckError(f"{where}: must be a list")
    ids: list[str] = []
    suppressions: list[Suppression] = []
    for i, item in enumerate(value):
        if isinstance(item, str) and item:
            ids.append(item)
            suppressions.append(Suppression(item, "no reason given"))
        elif isinstance(item, dict):
            unknown = set(item) - {"rule", "reason"}
            if unknown:
                raise StackcheckError(
                    f"{where}[{i}].{sorted(unknown)[0]}: unknown key (expected rule, reason)"
                )
            rule, reason = item.get("rule"), item.get("reason")
            if not isinstance(rule, str) or not rule:
                raise StackcheckError(f"{where}[{i}].rule: must be a rule ID or prefix")
            if not isinstance(reason, str) or not reason.strip():
                raise StackcheckError(f"{where}[{i}].reason: a suppression must give a reason")
            ids.append(rule)
            suppressions.append(Suppression(rule, reason.strip()))
        else:
            raise StackcheckError(f"{where}[{i}]: must be a rule ID or a {{rule, reason}} table")
    return tuple(ids), tuple(suppressions)
