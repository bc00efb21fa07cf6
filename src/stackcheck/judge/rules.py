"""Load and validate rule files: one TOML file per rule, `<ID>-<slug>.toml`.

The loader is strict because a rule pack is the user's own input: every problem is a
`StackcheckError` naming the file and the key, with a did-you-mean hint where it helps.
The schema is documented in rules/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stackcheck.errors import StackcheckError
from stackcheck.judge import conditions
from stackcheck.judge.conditions import Condition

KINDS = ("use-case", "avoid", "context", "warning")
# What a project is (the contract's `stack.kind`): a context or avoid rule may say which kind
# its match shows; judge/kind.py asks the rubric's questions over those rules in this order.
PROJECT_KINDS = (
    "trading-system",
    "realtime-server",
    "static-site",
    "web-app",
    "library",
    "cli",
    "notebooks",
    "infrastructure",
    "firmware",
    "other",
)
ID_RE = re.compile(r"[A-Z]{2,8}[0-9]{3,4}\Z")
SLUG_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")

TOP_KEYS = {
    "id": True,
    "slug": True,
    "title": True,
    "kind": True,
    "alternative": False,
    "message": False,
    "threshold": False,
    "require": False,
    "exclude": False,
    "project-kind": False,
    "already": False,
    "signals": True,
    "docs": True,
    "examples": True,
}
SIGNAL_KEYS = {"when": True, "weight": True, "because": True, "defines": False}
DOC_KEYS = {"detects": True, "why": True, "example": True, "instead": True, "references": True}
EXAMPLE_KEYS = {"name": True, "expect": True, "facts": True}


@dataclass(frozen=True)
class Signal:
    when: Condition
    weight: float
    because: str
    # A defining signal is the evidence the rule is about; when a rule has any, at least one
    # must hold for it to match: supporting signals alone never do.
    defines: bool = False


@dataclass(frozen=True)
class Docs:
    detects: str
    why: str
    example: str
    instead: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    name: str
    expect_match: bool
    facts: Mapping[str, float]


@dataclass(frozen=True)
class Rule:
    id: str
    slug: str
    title: str
    kind: str
    signals: tuple[Signal, ...]
    docs: Docs
    examples: tuple[Example, ...]
    source: str
    alternative: str = ""
    message: str = ""
    threshold: float = 0.5
    require: Condition | None = None
    exclude: Condition | None = None
    project_kind: str = ""  # the project kind a match shows (context and avoid rules)
    # Names (frameworks, languages) that are the alternative: a project already using one is
    # told its choice is right instead of being told to switch to it.
    already: tuple[str, ...] = ()

    def conditions(self) -> tuple[Condition, ...]:
        """Every condition of the rule: require, exclude and the signals'."""
        found = (self.require, self.exclude, *(s.when for s in self.signals))
        return tuple(cond for cond in found if cond is not None)

    def referenced(self) -> set[str]:
        return set().union(*(conditions.referenced_rules(c) for c in self.conditions()))


def builtin_rules_dir() -> Path:
    """The rules shipped in the wheel, or the repository's rules/ in a source checkout."""
    packaged = Path(__file__).resolve().parents[1] / "rules"  # (importlib.resources costs more)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


# Bounds on a rule pack (docs/security.md, "Bounds"); the built-in rules are a few KB each.
RULE_FILE_MAX_BYTES = 256 * 1024
RULE_MAX_ENTRIES = 10_000  # keys and array items in one rule file, in all
RULE_MAX_DEPTH = 32  # tables and arrays below a rule file's top (conditions nest)
RULES_MAX_FILES = 2_000  # rule files in all the folders together


def load_rules(dirs: Sequence[Path]) -> tuple[Rule, ...]:
    """Every rule in the given folders, validated, in dependency order."""
    rules: dict[str, Rule] = {}
    count = 0
    for folder in dirs:
        if not folder.is_dir():
            raise StackcheckError(f"{folder}: rules folder not found")
        files = sorted(folder.glob("*.toml"))
        if not files:
            raise StackcheckError(f"{folder}: no rule files (*.toml) in this folder")
        count += len(files)
        if count > RULES_MAX_FILES:
            raise StackcheckError(f"{folder}: more than {RULES_MAX_FILES} rule files in all")
        validated = _built_in_snapshot(folder, files)
        for rule in validated if validated is not None else map(load_rule_file, files):
            if rule.id in rules:
                raise StackcheckError(
                    f"{rule.source}: id: duplicate rule ID {rule.id} "
                    f"(also in {rules[rule.id].source})"
                )
            rules[rule.id] = rule
    return order_rules(rules)


def _built_in_snapshot(folder: Path, files: Sequence[Path]) -> tuple[Rule, ...] | None:
    """The built-in rules as validated when they were shipped (rule_snapshot.py), while
    that snapshot matches their files; None for any other folder."""
    if folder.resolve() != builtin_rules_dir().resolve():
        return None
    from stackcheck.judge import rule_snapshot

    return rule_snapshot.load(folder, files)


def order_rules(rules: Mapping[str, Rule]) -> tuple[Rule, ...]:
    """Rules sorted so that a rule comes after the rules its conditions refer to."""
    ordered: list[Rule] = []
    state: dict[str, str] = {}

    def visit(rule: Rule, chain: tuple[str, ...]) -> None:
        if state.get(rule.id) == "done":
            return
        if state.get(rule.id) == "visiting":
            cycle = " -> ".join((*chain, rule.id))
            raise StackcheckError(f"{rule.source}: rule: conditions refer in a cycle ({cycle})")
        state[rule.id] = "visiting"
        for ref in sorted(rule.referenced()):
            if ref not in rules:
                raise StackcheckError(
                    f"{rule.source}: rule: refers to unknown rule {_cut(ref)}{_hint(ref, rules)}"
                )
            visit(rules[ref], (*chain, rule.id))
        state[rule.id] = "done"
        ordered.append(rule)

    for rule_id in sorted(rules):
        visit(rules[rule_id], ())
    return tuple(ordered)


def load_rule_file(path: Path) -> Rule:
    from stackcheck.tomlfile import read_toml

    return rule_from_table(read_toml(path, "rule file", RULE_FILE_MAX_BYTES), path)


def rule_from_table(data: dict[str, Any], path: Path) -> Rule:
    """The rule a rule file's parsed TOML defines, checked within its bounds."""
    from stackcheck.tomlfile import check_shape

    check_shape(data, str(path), "", RULE_MAX_ENTRIES, RULE_MAX_DEPTH)
    try:
        rule = _build_rule(data, str(path))
    except conditions.ConditionError as exc:
        raise StackcheckError(f"{path}: {exc}") from exc
    except RecursionError as exc:
        raise StackcheckError(f"{path}: signals: conditions nested too deeply") from exc
    expected = f"{rule.id}-{rule.slug}.toml"
    if path.name != expected:
        raise StackcheckError(f"{path}: id: file name must be {expected} (id and slug)")
    return rule


def _build_rule(data: Mapping[str, Any], source: str) -> Rule:
    _check_keys(data, TOP_KEYS, source, "")
    rule_id = _str(data, "id", source)
    if not ID_RE.match(rule_id):
        raise StackcheckError(f"{source}: id: {_cut(rule_id)!r} is not a rule ID like DJ101")
    slug = _str(data, "slug", source)
    if not SLUG_RE.match(slug):
        raise StackcheckError(
            f"{source}: slug: {_cut(slug)!r} must be lower-case words joined by '-'"
        )
    kind = _str(data, "kind", source)
    if kind not in KINDS:
        raise StackcheckError(
            f"{source}: kind: {_cut(kind)!r} is not one of {', '.join(KINDS)}{_hint(kind, KINDS)}"
        )
    alternative = _str(data, "alternative", source, required=kind == "avoid")
    message = _str(data, "message", source, required=kind == "warning")
    threshold = _number(data.get("threshold", 0.5), source, "threshold")
    if not 0 < threshold <= 1:
        raise StackcheckError(f"{source}: threshold: must be in (0, 1]")
    project_kind = _project_kind(data, kind, source)
    return Rule(
        id=rule_id,
        slug=slug,
        title=_str(data, "title", source),
        kind=kind,
        signals=_signals(data["signals"], source),
        docs=_docs(data["docs"], source),
        examples=_examples(data["examples"], source),
        source=source,
        alternative=alternative,
        message=message,
        threshold=threshold,
        require=_optional_cond(data, "require"),
        exclude=_optional_cond(data, "exclude"),
        project_kind=project_kind,
        already=_already(data, kind, source),
    )


def _already(data: Mapping[str, Any], kind: str, source: str) -> tuple[str, ...]:
    value = data.get("already", [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise StackcheckError(f"{source}: already: must be an array of names")
    if value and kind != "avoid":
        raise StackcheckError(f"{source}: already: only avoid rules name an alternative")
    return tuple(v.strip() for v in value)


def _project_kind(data: Mapping[str, Any], kind: str, source: str) -> str:
    value = _str(data, "project-kind", source, required=False)
    if not value:
        return ""
    if kind not in ("context", "avoid"):
        raise StackcheckError(
            f"{source}: project-kind: only context and avoid rules say what a project is"
        )
    if value not in PROJECT_KINDS:
        raise StackcheckError(
            f"{source}: project-kind: {_cut(value)!r} is not one of {', '.join(PROJECT_KINDS)}"
            f"{_hint(value, PROJECT_KINDS)}"
        )
    return value


def _signals(raw: object, source: str) -> tuple[Signal, ...]:
    if not isinstance(raw, list) or not raw:
        raise StackcheckError(f"{source}: signals: must be a non-empty array of tables")
    found = []
    for i, item in enumerate(raw):
        where = f"signals[{i}]"
        if not isinstance(item, Mapping):
            raise StackcheckError(f"{source}: {where}: must be a table")
        _check_keys(item, SIGNAL_KEYS, source, where + ".")
        weight = _number(item["weight"], source, f"{where}.weight")
        if not -1 <= weight <= 1:
            raise StackcheckError(f"{source}: {where}.weight: must be in [-1, 1]")
        defines = item.get("defines", False)
        if not isinstance(defines, bool):
            raise StackcheckError(f"{source}: {where}.defines: must be true or false")
        if defines and weight <= 0:
            raise StackcheckError(f"{source}: {where}.defines: only a positive signal defines")
        found.append(
            Signal(
                when=conditions.parse(item["when"], f"{where}.when"),
                weight=weight,
                because=_str(item, "because", source, where=where + "."),
                defines=defines,
            )
        )
    return tuple(found)


def _docs(raw: object, source: str) -> Docs:
    if not isinstance(raw, Mapping):
        raise StackcheckError(f"{source}: docs: must be a table")
    _check_keys(raw, DOC_KEYS, source, "docs.")
    refs = raw["references"]
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise StackcheckError(f"{source}: docs.references: must be a list of strings")
    return Docs(
        detects=_str(raw, "detects", source, where="docs."),
        why=_str(raw, "why", source, where="docs."),
        example=_str(raw, "example", source, where="docs."),
        instead=_str(raw, "instead", source, where="docs."),
        references=tuple(refs),
    )


def _examples(raw: object, source: str) -> tuple[Example, ...]:
    if not isinstance(raw, list):
        raise StackcheckError(f"{source}: examples: must be an array of tables")
    found = []
    for i, item in enumerate(raw):
        where = f"examples[{i}]"
        if not isinstance(item, Mapping):
            raise StackcheckError(f"{source}: {where}: must be a table")
        _check_keys(item, EXAMPLE_KEYS, source, where + ".")
        expect = item["expect"]
        if expect not in ("match", "no-match"):
            raise StackcheckError(f"{source}: {where}.expect: must be 'match' or 'no-match'")
        facts = item["facts"]
        if not isinstance(facts, Mapping) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in facts.values()
        ):
            raise StackcheckError(f"{source}: {where}.facts: must map fact keys to numbers")
        found.append(
            Example(
                _str(item, "name", source, where=where + "."),
                expect == "match",
                {str(k): float(v) for k, v in facts.items()},
            )
        )
    kinds = {e.expect_match for e in found}
    if kinds != {True, False}:
        raise StackcheckError(
            f"{source}: examples: need at least one 'match' and one 'no-match' example"
        )
    return tuple(found)


def _optional_cond(data: Mapping[str, Any], key: str) -> Condition | None:
    return conditions.parse(data[key], key) if key in data else None


def _check_keys(
    data: Mapping[str, Any], schema: Mapping[str, bool], source: str, where: str
) -> None:
    from stackcheck.tomlfile import unknown_keys

    unknown_keys(data, schema, f"{source}: {where}")
    for key, required in schema.items():
        if required and key not in data:
            raise StackcheckError(f"{source}: {where}{key}: missing required key")


def _str(
    data: Mapping[str, Any], key: str, source: str, *, required: bool = True, where: str = ""
) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise StackcheckError(f"{source}: {where}{key}: must be a non-empty string")
    return value.strip()


def _number(value: object, source: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise StackcheckError(f"{source}: {key}: must be a number")
    return float(value)


def _cut(text: str) -> str:
    from stackcheck.tomlfile import shown_key

    return shown_key(text)


def _hint(word: str, choices: Iterable[str]) -> str:
    from stackcheck.tomlfile import did_you_mean

    return did_you_mean(word, choices)


def select_rules(rules: Sequence[Rule], select: Sequence[str], ignore: Sequence[str]) -> set[str]:
    """IDs of the rules to report: selected by ID or prefix, minus the ignored ones."""
    chosen = set()
    for rule in rules:
        if select and not any(rule.id.startswith(p) for p in select):
            continue
        if any(rule.id.startswith(p) for p in ignore):
            continue
        chosen.add(rule.id)
    return chosen
