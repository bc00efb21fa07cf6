"""Configuration: `[tool.stackcheck]` in pyproject.toml, or .stackcheck.toml / stackcheck.toml.

The nearest file at or above the scanned folder wins; command-line options override it.
Unknown keys are an error with a did-you-mean hint, because a typo in a policy silently
ignored is a policy not enforced.

Settings come from two places, trusted differently (docs/security.md). The person running
the scan speaks through the command line, `STACKCHECK_*` environment variables and a
user-level config file; the scanned repository through its own config file, which may
only narrow what is reported and make the gate stricter: the USER_ONLY keys found there
are ignored with a warning, and the settings without the repository's (`own`) are kept
beside the merged ones, so the gate can judge the scan without them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from stackcheck.errors import StackcheckError
from stackcheck.report import Influence, Suppression
from stackcheck.userdirs import user_config_path

CONFIG_FILES = (".stackcheck.toml", "stackcheck.toml", "pyproject.toml")
FAIL_ON = ("avoid", "warning", "never")
STRICTNESS = {"never": 0, "avoid": 1, "warning": 2}  # how much fails the gate

# Keys only the person running the scan may set, and why; in a repository's config they
# are ignored with a warning. Each also has an environment variable (env_name).
USER_ONLY = {
    "cache": "it decides whether the user's cache folder is used",
    "cache-dir": "it decides where stackcheck reads and writes its cache",
    "format": "it decides how the report reaches its reader (annotations, SARIF)",
    "max-file-bytes": "it is a resource limit",
    "recurse-submodules": "it reads other repositories' work trees",
    "rules-dirs": "it loads rule files from wherever it points",
    "timeout": "it is a resource limit",
}
DEFAULT_TIMEOUT = 60.0  # seconds for a whole scan; docs/security.md
MAX_TIMEOUT = 86_400.0


class RepoSetting(NamedTuple):
    """One setting a repository's config gave itself, as the file gives it."""

    key: str  # the config key: "severity", "ignore", "fail-on", ...
    item: str  # for tables and lists of rules, the rule ID or prefix; else ""
    shown: str  # 'severity.DJ9 = "off"'
    level: str = ""  # for `severity`, the level given


@dataclass(frozen=True)
class FromRepository:
    """What the scanned repository's own config set, and what it tried to set."""

    source: str  # the file, relative to the scanned folder
    own: Settings  # the settings without the repository's: the person's own
    given: tuple[RepoSetting, ...]  # the settings it may give, applied
    refused: tuple[Influence, ...]  # the settings it may not give, ignored, with why
    fail_on: str | None  # the policy it asked for


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
    timeout: float = DEFAULT_TIMEOUT  # the whole scan's budget in seconds; 0: none
    source: str | None = None  # the config file these came from
    overrides: Mapping[str, Any] = field(default_factory=dict)
    tree: Path | None = None  # the scanned tree: no cache is read or written inside it
    repository: FromRepository | None = None  # what the scanned repository's config set
    notices: tuple[str, ...] = ()  # warnings for the person running the scan

    def with_options(self, **options: Any) -> Settings:
        """Command-line options that were given (not None, not empty) override the files;
        `ignore` and `exclude` add to theirs. A policy given here is final: the
        repository's stricter `fail-on` only tightens the user's default and file."""
        given = {k: v for k, v in options.items() if v is not None and v != ()}
        for name in ("ignore", "exclude"):
            if name in given:
                given[name] = (*getattr(self, name), *given[name])
        updated = replace(self, **given)
        if self.repository is not None:
            own = self.repository.own.with_options(**options)
            updated = replace(updated, repository=replace(self.repository, own=own))
        return updated

    def cache_folder(self) -> Path | None:
        """Where the caches are read and written: None without a cache, or when the folder
        chosen is inside the scanned tree (a scanned repository could plant entries there)."""
        if not self.cache:
            return None
        from stackcheck.cache import default_dir

        folder = self.cache_dir or default_dir()
        if self.tree is not None and inside(folder, self.tree):
            return None
        return folder

    def warnings(self) -> tuple[str, ...]:
        """What the person running the scan should know about these settings."""
        found = list(self.notices)
        if self.cache and self.cache_folder() is None:
            from stackcheck.cache import default_dir

            found.append(
                f"the cache folder {self.cache_dir or default_dir()} is inside the scanned "
                "tree; scanning without a cache (choose another with --cache-dir or "
                "STACKCHECK_CACHE_DIR)"
            )
        return tuple(found)


def inside(path: Path, folder: Path) -> bool:
    """Whether path is folder or lies under it, links resolved."""
    return path.resolve().is_relative_to(folder.resolve())


def tree_root(start: Path) -> Path:
    """The scanned tree start belongs to: the work tree holding it (a folder with `.git`
    at or above it), else start itself (a plain folder, a bare repository)."""
    folder = (start if start.is_dir() else start.parent).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def stricter(policy: str, other: str) -> str:
    return max(policy, other, key=STRICTNESS.__getitem__)


def env_name(key: str) -> str:
    """`max-file-bytes` -> `STACKCHECK_MAX_FILE_BYTES`."""
    return "STACKCHECK_" + key.upper().replace("-", "_")


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
    from stackcheck.source.worktree import read_regular

    try:
        text = read_regular(path).decode("utf-8", errors="replace")
    except OSError:
        return False
    return "[tool.stackcheck" in text


def load_settings(path: Path | None) -> Settings:
    """Every setting of one config file, trusted (the caller decides whose file it is)."""
    if path is None:
        return Settings()
    data, prefix = read_config(path)
    return parse_settings(data, str(path), prefix, path.parent)


# Bounds on a config file, whoever wrote it (docs/security.md, "Bounds"): far beyond any
# real config, far below what costs noticeable time or memory to read and validate.
CONFIG_MAX_BYTES = 1024 * 1024
CONFIG_MAX_ENTRIES = 10_000  # keys and array items in the settings table, in all
CONFIG_MAX_DEPTH = 8  # tables and arrays below the settings table (`ignore` uses 2)
ENV_MAX_CHARS = 64 * 1024  # a STACKCHECK_* value


def read_config(path: Path) -> tuple[dict[str, Any], str]:
    """A config file's table of settings, and the prefix its keys are named with."""
    from stackcheck.tomlfile import read_toml

    return settings_table(read_toml(path, "config", CONFIG_MAX_BYTES), path)


def settings_table(data: dict[str, Any], path: Path) -> tuple[dict[str, Any], str]:
    """The settings in a config file's parsed TOML, within their bounds, and their prefix."""
    from stackcheck.tomlfile import check_shape

    prefix = ""
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("stackcheck", {}) if isinstance(tool, dict) else {}
        prefix = "tool.stackcheck."
    if not isinstance(data, dict):
        raise StackcheckError(f"{path}: {prefix.rstrip('.')}: must be a table")
    check_shape(data, str(path), prefix, CONFIG_MAX_ENTRIES, CONFIG_MAX_DEPTH)
    return data, prefix


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
    "timeout",
)
SEVERITIES = ("error", "warning", "off")


def parse_settings(data: Mapping[str, Any], source: str, prefix: str, base: Path) -> Settings:
    from stackcheck.tomlfile import unknown_keys

    unknown_keys(data, KEYS, f"{source}: {prefix}")

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
    timeout = data.get("timeout", Settings.timeout)
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not 0 <= timeout <= MAX_TIMEOUT
    ):
        raise StackcheckError(
            f"{where('timeout')}: must be a number of seconds from 0 (no limit) to {MAX_TIMEOUT:g}"
        )
    fmt = data.get("format")
    if fmt is not None and not isinstance(fmt, str):
        raise StackcheckError(f"{where('format')}: must be a string")
    if fmt is not None:
        from stackcheck.report.formats import FORMATS

        if fmt not in FORMATS:
            raise StackcheckError(f"{where('format')}: unknown format {fmt!r}")
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
        timeout=float(timeout),
        source=source,
    )


MAX_FILE_BYTES_LIMIT = 1024**3


def check_excludes(patterns: tuple[str, ...], where: str) -> tuple[str, ...]:
    """Each pattern must compile as a gitignore pattern (pathspec), or it is the user's error.
    All are compiled together, once; only when that fails is each tried alone, to name it."""
    if not patterns:
        return patterns
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines(patterns)
    except Exception:  # pathspec raises re.error and its own pattern errors
        for i, pattern in enumerate(patterns):
            try:
                pathspec.GitIgnoreSpec.from_lines([pattern])
            except Exception as exc:
                from stackcheck.tomlfile import shown_key

                raise StackcheckError(
                    f"{where}[{i}]: {shown_key(repr(pattern))} is not a valid gitignore "
                    f"pattern ({exc})"
                ) from exc
        raise
    return patterns


def _severity(value: object, where: str) -> tuple[tuple[str, str], ...]:
    """`severity = {DJ903 = "warning", DJ1 = "off"}`: per rule ID or prefix."""
    if not isinstance(value, dict):
        raise StackcheckError(f"{where}: must be a table of rule IDs or prefixes")
    found = []
    for rule, level in sorted(value.items()):
        if level not in SEVERITIES:
            from stackcheck.tomlfile import shown_key

            raise StackcheckError(
                f"{where}.{shown_key(rule)}: must be one of {', '.join(SEVERITIES)}"
            )
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


# --- layers: the person's own settings, then the repository's --------------------------------

FIELDS = {
    "select": "select",
    "ignore": "ignore",
    "extend-select": "extend_select",
    "exclude": "exclude",
    "include-vendored": "include_vendored",
    "fail-on": "fail_on",
    "min-confidence": "min_confidence",
    "rules-dirs": "rules_dirs",
    "format": "format",
    "max-file-bytes": "max_file_bytes",
    "cache": "cache",
    "cache-dir": "cache_dir",
    "severity": "severity",
    "recurse-submodules": "recurse_submodules",
    "timeout": "timeout",
}
SHOWN_CHARS = 200  # a setting's value in the report is cut to this length


def layered(start: Path, config_file: Path | None, isolated: bool = False) -> Settings:
    """The settings for a scan of start. The person's own come first: the user-level config
    file, a --config file outside the scanned tree, the STACKCHECK_* variables. Then the
    repository's: the config file found at or above start, or a --config file inside the
    tree (none with --isolated)."""
    folder = (start if start.is_dir() else start.parent).resolve()
    tree = tree_root(folder)
    own = Settings(tree=tree)
    user_file = user_config_path()
    if user_file.is_file():
        own = _own_file(own, user_file)
    repo_file = None
    if config_file is not None:
        if not config_file.is_file():
            raise StackcheckError(f"{config_file}: config file not found")
        if _links_out(config_file, tree):
            raise StackcheckError(
                f"{config_file}: a symbolic link from inside the scanned tree to a file "
                "outside it; pass the file it points to instead"
            )
        if not inside(config_file, tree):
            own = _own_file(own, config_file)
        elif isolated:
            raise StackcheckError(
                f"{config_file}: --isolated leaves out the scanned repository's config, "
                "and this file is inside it"
            )
        else:
            repo_file = config_file
    elif not isolated:
        repo_file = find_config(folder)
        if repo_file is not None and _links_out(repo_file, tree):
            notice = (
                f"{repo_file}: the repository's config is a symbolic link to a file outside "
                "the scanned tree; not read"
            )
            own, repo_file = replace(own, notices=(*own.notices, notice)), None
    own = _from_environment(own)
    if repo_file is None:
        return own
    return _with_repository(own, repo_file, folder)


def _links_out(path: Path, tree: Path) -> bool:
    """Whether a config file that lies in the scanned tree (its folder does) is a link to a
    file outside it."""
    return path.absolute().parent.resolve().is_relative_to(tree) and not inside(path, tree)


def _own_file(own: Settings, path: Path) -> Settings:
    data, prefix = read_config(path)
    return _merge(own, parse_settings(data, str(path), prefix, path.parent), data)


def _merge(base: Settings, layer: Settings, keys: Mapping[str, Any]) -> Settings:
    """base with the settings a layer gave: lists of suppressions and excludes add up,
    severities are merged per rule, anything else is replaced."""
    changes: dict[str, Any] = {"source": layer.source or base.source}
    for key in keys:
        name = FIELDS[key]
        if key == "ignore":
            changes["ignore"] = (*base.ignore, *layer.ignore)
            changes["suppressions"] = (*base.suppressions, *layer.suppressions)
        elif key == "exclude":
            changes["exclude"] = (*base.exclude, *layer.exclude)
        elif key == "severity":
            changes["severity"] = tuple(
                sorted({**dict(base.severity), **dict(layer.severity)}.items())
            )
        else:
            changes[name] = getattr(layer, name)
    return replace(base, **changes)


def _from_environment(settings: Settings) -> Settings:
    """The user-only keys given as STACKCHECK_* variables."""
    for key in sorted(USER_ONLY):
        name = env_name(key)
        raw = os.environ.get(name, "")
        if not raw:
            continue
        if len(raw) > ENV_MAX_CHARS:
            raise StackcheckError(f"${name}: longer than {ENV_MAX_CHARS} characters")
        value = _env_value(key, raw, name)
        parsed = parse_settings({key: value}, f"${name}", "", Path.cwd())
        settings = _merge(settings, parsed, {key: value})
    return settings


def _env_value(key: str, raw: str, name: str) -> object:
    default = getattr(Settings(), FIELDS[key])
    if isinstance(default, bool):
        words = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
        if raw.strip().lower() not in words:
            raise StackcheckError(f"${name}: must be true or false (1 or 0)")
        return words[raw.strip().lower()]
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError:
            raise StackcheckError(f"${name}: must be a number") from None
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise StackcheckError(f"${name}: must be a whole number") from None
    if key == "rules-dirs":
        return [part for part in raw.split(os.pathsep) if part]
    return raw


def _with_repository(own: Settings, path: Path, folder: Path) -> Settings:
    """own, narrowed by what the repository's config may set; what it may not set is
    ignored, with a warning for the person and an entry for the report."""
    data, prefix = read_config(path)
    source = Path(os.path.relpath(path.resolve(), folder)).as_posix()
    allowed = {k: v for k, v in data.items() if k not in USER_ONLY}
    given = parse_settings(allowed, str(path), prefix, path.parent)  # unknown keys: an error
    refused = tuple(
        Influence(
            source,
            f"{prefix}{key} = {_shown(data[key])}",
            f"ignored: only the person running the scan may set this, as {USER_ONLY[key]} "
            f"(use ${env_name(key)}, or {_display(user_config_path())})",
            "refused",
            (key,),
        )
        for key in sorted(data)
        if key in USER_ONLY
    )
    notices = tuple(f"{path}: {i.setting.partition(' = ')[0]}: {i.effect}" for i in refused)
    merged = _merge(own, given, allowed)
    if "fail-on" in allowed:
        merged = replace(merged, fail_on=stricter(own.fail_on, given.fail_on))
    repository = FromRepository(
        source=source,
        own=own,
        given=_given(allowed, prefix),
        refused=refused,
        fail_on=given.fail_on if "fail-on" in allowed else None,
    )
    return replace(merged, repository=repository, notices=(*own.notices, *notices))


def _given(data: Mapping[str, Any], prefix: str) -> tuple[RepoSetting, ...]:
    """Each setting as the file gives it: one per rule for `ignore` and `severity` (each
    hides its own findings), one per key otherwise."""
    found = []
    for key in sorted(data):
        value = data[key]
        if key == "ignore" and isinstance(value, list):
            for item in value:
                rule = item.get("rule", "") if isinstance(item, dict) else str(item)
                found.append(RepoSetting(key, rule, f"{prefix}{key} = [{_shown(item)}]"))
        elif key == "severity" and isinstance(value, dict):
            for rule, level in sorted(value.items()):
                shown = f"{prefix}{key}.{rule} = {_shown(level)}"
                found.append(RepoSetting(key, str(rule).upper(), shown, str(level)))
        else:
            found.append(RepoSetting(key, "", f"{prefix}{key} = {_shown(value)}"))
    return tuple(found)


def _display(path: Path) -> str:
    """A path as a person reads it: the home folder as ~."""
    home = Path.home()
    return "~/" + path.relative_to(home).as_posix() if path.is_relative_to(home) else str(path)


def _shown(value: object) -> str:
    """A value as TOML would write it (near enough), cut to SHOWN_CHARS."""
    import json

    if isinstance(value, dict):
        text = "{" + ", ".join(f"{k} = {_shown(v)}" for k, v in value.items()) + "}"
    elif isinstance(value, list):
        text = "[" + ", ".join(_shown(v) for v in value) + "]"
    else:
        text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
