"""The one YAML loader every parser uses: safe tags only, and bounded in size, depth and aliases.

PyYAML's safe loaders build plain data, but that alone does not make hostile YAML harmless:

- libyaml's composer (CSafeLoader) recurses in C, so a document nested some ten thousand
  levels deep overflows the C stack and kills the whole process. Composing stays in Python
  (libyaml's iterative parser only supplies the events, where it is installed); it raises
  RecursionError, and long before that our depth limit stops it.
- Aliases share nodes, so "billion laughs" (`b: [*a, *a, ...]` nine levels up) loads
  quickly, into a value that explodes as soon as anything walks, prints or merges it
  (`<<: [*a, *a]` merge keys even expand during loading). Each node's size with every alias
  expanded is counted while the document is composed, and a document that would expand past
  the limit is refused after reading only the few lines that define it.
- A recursive alias (`&a [*a]`) would make any walk loop forever; it is refused.

Every refusal is a `BadYAML`, a `MalformedManifest`, which the collector turns into a
skipped entry with the message as its reason.
"""

from __future__ import annotations

import collections.abc
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from stackcheck.facts.manifests import MalformedManifest

if TYPE_CHECKING:
    import yaml

MAX_DEPTH = 100  # machine-written files nest about 5 levels, hand-written ones 10
MAX_NODES = 1_000_000  # with aliases expanded; a 2 MiB pnpm lock file has some 150,000
MAX_CHARS = 16 * 1024 * 1024
MAX_MESSAGE = 80
T = TypeVar("T")


class YAMLLimits(NamedTuple):
    max_depth: int = MAX_DEPTH
    max_nodes: int = MAX_NODES
    max_chars: int = MAX_CHARS


DEFAULT_LIMITS = YAMLLimits()


class BadYAML(MalformedManifest):
    """Not YAML, or YAML this loader refuses to load; the message says which."""


class TooDeep(BadYAML):
    """Collections nested deeper than the limit (counting through aliases)."""


class TooManyNodes(BadYAML):
    """Aliases expand the document past the node limit (a YAML bomb), or refer to themselves."""


class TooLarge(BadYAML):
    """The text is longer than the size limit."""


def load(text: str, *, tolerant: bool = False, limits: YAMLLimits = DEFAULT_LIMITS) -> object:
    """One YAML document as plain data (None for an empty document).

    A document whose root is a plain mapping (a lock file's thousands of entries) is built
    entry by entry: each key and value is constructed as soon as it is composed, and its
    nodes are let go, so the whole node tree (several times the data's size) never exists
    at once. The bounds are counted as for the whole tree; a merge key (`<<`) at the root,
    which merges into the root itself, has the document loaded whole instead."""
    loader = _open(text, tolerant, limits)
    loader.streaming = True
    try:
        node = _guarded(loader.get_single_node, limits.max_depth)
        if loader.streamed is not None:
            return loader.streamed
        return _guarded(lambda: loader.construct_document(node)) if node is not None else None
    except _RootMerge:
        pass
    finally:
        loader.dispose()
    data, _ = load_with_node(text, tolerant=tolerant, limits=limits)
    return data


class _RootMerge(Exception):
    """A merge key at the root of a document being built entry by entry."""


def load_with_node(
    text: str, *, tolerant: bool = False, limits: YAMLLimits = DEFAULT_LIMITS
) -> tuple[object, yaml.Node | None]:
    """One YAML document as plain data and as its node tree (nodes keep their line numbers).

    tolerant: read unknown tags (`!ENV x`, `!!python/name:mod.fn`) as the plain scalar,
    list or mapping they are attached to, instead of refusing the document.
    """
    loader = _open(text, tolerant, limits)
    try:
        node = _guarded(loader.get_single_node, limits.max_depth)
        data = _guarded(lambda: loader.construct_document(node)) if node is not None else None
    finally:
        loader.dispose()
    return data, node


def compose(text: str, *, limits: YAMLLimits = DEFAULT_LIMITS) -> yaml.Node | None:
    """One YAML document as its node tree only; nothing is constructed."""
    loader = _open(text, False, limits)
    try:
        node: yaml.Node | None = _guarded(loader.get_single_node, limits.max_depth)
        return node
    finally:
        loader.dispose()


def _open(text: str, tolerant: bool, limits: YAMLLimits) -> Any:
    if len(text) > limits.max_chars:
        raise TooLarge(f"YAML longer than {limits.max_chars} characters")
    return _guarded(lambda: _loader_class(tolerant)(text, limits))


def _guarded(step: Callable[[], T], max_depth: int = MAX_DEPTH) -> T:
    """Run one loading step, turning every way it can fail into a BadYAML."""
    import yaml

    try:
        return step()
    except BadYAML:
        raise
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):
            # libyaml's own limit (deeper than ours): looking ahead for keys, its scanner
            # can reach it before the composer has counted past ours.
            raise TooDeep(f"nested more than {max_depth} levels deep") from exc
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise BadYAML(f"invalid YAML: {_short(exc.problem or exc.context)}{where}") from exc
    except yaml.YAMLError as exc:
        raise BadYAML(f"invalid YAML: {_short(str(exc))}") from exc
    except RecursionError as exc:
        raise TooDeep("nested too deeply") from exc
    # int("9" * 5000) and datetime(2001, 13, 45) fail inside the safe constructor itself.
    except (ValueError, TypeError, OverflowError) as exc:
        raise BadYAML(f"invalid YAML value: {_short(str(exc))}") from exc


def _short(text: str | None) -> str:
    lines = (text or "").strip().splitlines()
    first = lines[0] if lines else "unknown problem"
    return first if len(first) <= MAX_MESSAGE else first[: MAX_MESSAGE - 1] + "…"


def _event_source() -> type[Any]:
    """The safe loader to build on. With libyaml, its parser (iterative C: no recursion a
    deep document could overflow) turns the text into events, and composing stays in Python
    where the bounds are counted: scanning and parsing are most of the cost of a large lock
    file, and pure-Python scanning takes seconds on one."""
    import yaml

    if not getattr(yaml, "__with_libyaml__", False):
        return yaml.SafeLoader
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.cyaml import CParser  # type: ignore[attr-defined]
    from yaml.resolver import Resolver

    class CEventLoader(Composer, CParser, SafeConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)

    return CEventLoader


_SCALAR = (1, 1)  # a scalar's size and depth, as _measure counts them
_MAP_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"


@functools.cache
def _loader_class(tolerant: bool) -> type[Any]:
    import yaml

    class BoundedLoader(_event_source()):  # type: ignore[misc]
        """The pure-Python safe loader, counting depth and expanded size while composing."""

        def __init__(self, stream: str, limits: YAMLLimits) -> None:
            super().__init__(stream)
            self.limits = limits
            self.depth = 0
            self.streaming = False  # build a plain root mapping entry by entry (load)
            self.streamed: dict[Any, Any] | None = None
            # id(node) -> (nodes with aliases expanded, depth): a node composed once and
            # used by many aliases is counted once per use, without walking it again.
            self.measured: dict[int, tuple[int, int]] = {}

        def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
            node: yaml.Node | None
            if self.check_event(yaml.AliasEvent):
                node = super().compose_node(parent, index)
                if not isinstance(node, yaml.ScalarNode) and id(node) not in self.measured:
                    # its anchor is a collection still being composed
                    raise TooManyNodes("an alias refers to a collection that contains it")
                return node
            self.depth += 1
            try:
                if self.depth > self.limits.max_depth:
                    raise TooDeep(f"nested more than {self.limits.max_depth} levels deep")
                node = super().compose_node(parent, index)
            finally:
                self.depth -= 1
            if node is not None:
                # Where a node ends is read by nothing (errors and line numbers use where it
                # starts): two marks per node are most of a large lock file's node tree.
                node.end_mark = None
                self._measure(node)
            return node

        def compose_mapping_node(self, anchor: str | None) -> yaml.MappingNode:
            if not (self.streaming and self.depth == 1 and anchor is None):
                return super().compose_mapping_node(anchor)  # type: ignore[no-any-return]
            event = self.peek_event()
            tag = event.tag
            if tag is None or tag == "!":
                tag = self.resolve(yaml.MappingNode, None, event.implicit)
            if tag != _MAP_TAG:
                return super().compose_mapping_node(anchor)  # type: ignore[no-any-return]
            return self._stream_root(tag)

        def _stream_root(self, tag: str) -> yaml.MappingNode:
            """The root mapping, its entries constructed into `streamed` one by one; the
            node returned holds none of them (their sizes with aliases expanded are counted
            here, for the whole document; no alias can name an unanchored root)."""
            start = self.get_event()
            node = yaml.MappingNode(tag, [], start.start_mark, None, flow_style=start.flow_style)
            data: dict[Any, Any] = {}
            total, deepest = 1, 0
            while not self.check_event(yaml.MappingEndEvent):
                key_node = self.compose_node(node, None)
                value_node = self.compose_node(node, key_node)
                assert key_node is not None and value_node is not None  # (an event each)
                for child in (key_node, value_node):
                    size, depth = self.measured.get(id(child), _SCALAR)
                    total += size
                    deepest = max(deepest, depth)
                self._check(total, deepest)
                if key_node.tag == _MERGE_TAG:
                    raise _RootMerge
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, collections.abc.Hashable):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        "found unhashable key",
                        key_node.start_mark,
                    )
                data[key] = self.construct_object(value_node, deep=True)
                self._forget_entry()
            self.get_event()
            self.streamed = data
            return node

        def _forget_entry(self) -> None:
            """Let an entry's nodes go, but the anchored ones a later alias may name."""
            anchored = {id(n) for n in self.anchors.values()}
            self.measured = {k: v for k, v in self.measured.items() if k in anchored}
            built: dict[yaml.Node, Any] = getattr(self, "constructed_objects")  # noqa: B009 (PyYAML sets it untyped)
            self.constructed_objects = {n: v for n, v in built.items() if id(n) in anchored}

        def _check(self, total: int, deepest: int) -> None:
            if total > self.limits.max_nodes:
                raise TooManyNodes(
                    f"aliases expand to more than {self.limits.max_nodes} nodes (a YAML bomb?)"
                )
            if deepest + 1 > self.limits.max_depth:
                raise TooDeep(f"nested more than {self.limits.max_depth} levels deep")

        def _measure(self, node: yaml.Node) -> None:
            """Record a collection's size with aliases expanded and its depth; a scalar is
            one node one level deep, and is not recorded (most nodes are scalars)."""
            if isinstance(node, yaml.ScalarNode):
                return
            if isinstance(node, yaml.MappingNode):
                children = [child for pair in node.value for child in pair]
            else:
                children = list(node.value)
            total, deepest = 1, 0
            for child in children:
                size, depth = self.measured.get(id(child), _SCALAR)
                total += size
                deepest = max(deepest, depth)
            self._check(total, deepest)
            self.measured[id(node)] = (total, deepest + 1)

        def dispose(self) -> None:
            super().dispose()
            self.measured = {}

    if not tolerant:
        return BoundedLoader

    class TolerantLoader(BoundedLoader):
        """Unknown tags are read as the plain data they are attached to."""

    def construct_any(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> object:
        if isinstance(node, yaml.MappingNode):
            return loader.construct_mapping(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return loader.construct_scalar(node)  # type: ignore[arg-type]

    TolerantLoader.add_multi_constructor("", construct_any)
    return TolerantLoader
