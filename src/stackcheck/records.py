"""`typing.NamedTuple`'s class syntax without importing `typing`.

The modules a warm scan runs before it answers (fastpath.py and the git listing it checks
the tree with) are imported on every run of the pre-commit hook, whose whole budget is a
few milliseconds above git's own time; `typing` alone costs two of them. Their records are
declared as usual,

    if TYPE_CHECKING:
        from typing import NamedTuple
    else:
        from stackcheck.records import NamedTuple

    class Point(NamedTuple):
        x: int
        y: int = 0

so the type checker sees typing's class and the interpreter builds the same
`collections.namedtuple`, with the class body's defaults, methods and docstring, as
typing's does. `TYPE_CHECKING` is a module's own `TYPE_CHECKING = False`, which type
checkers read as True.
"""

from __future__ import annotations

import collections

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# What a class body holds besides its fields and methods; typing leaves these out too.
_CLASS_KEYS = frozenset({"__module__", "__qualname__", "__annotations__", "__orig_bases__"})
# What the tuple itself must keep (typing refuses these names in a class body, too).
_PROHIBITED = frozenset(
    {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults"}
    | {"_make", "_replace", "_asdict", "_source"}
)


class _NamedTupleMeta(type):
    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
        if namespace.get("_root", False):
            return super().__new__(mcls, name, bases, namespace)
        raw = namespace.get("__annotations__", {})
        fields = list(raw) if isinstance(raw, dict) else []
        defaults = [namespace[f] for f in fields if f in namespace]
        if defaults and any(f not in namespace for f in fields[len(fields) - len(defaults) :]):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        # (a namedtuple whose fields are known at run time only: a type, not checked)
        make: Any = collections.namedtuple
        record: Any = make(name, fields, defaults=defaults, module=str(namespace["__module__"]))
        record.__annotations__ = dict(raw) if isinstance(raw, dict) else {}
        for key, value in namespace.items():
            if key in fields or key in _CLASS_KEYS or key == "_root":
                continue
            if key in _PROHIBITED:
                raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
            setattr(record, key, value)
        record.__qualname__ = str(namespace.get("__qualname__", name))
        built: type = record
        return built


class NamedTuple(metaclass=_NamedTupleMeta):
    """Subclass it with annotated fields, as typing.NamedTuple."""

    _root = True
