"""One parsed Python module, indexed once, and the lookups the Python analyzers share.

The file is parsed with a single `ast.parse` and walked once, breadth-first and capped;
the nodes the analyzers care about are sorted into tuples so each analyzer looks only at
the few node kinds it needs. A file's outline (its imports and class bases) comes from its
statements alone, without that walk. Nothing here imports or runs the scanned code. Every
helper is iterative or works on small nodes only: the tree of a hostile file can be very
deep.
"""

from __future__ import annotations

import ast
import dataclasses
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import NotAnalysable

# Python files this large are generated (protobuf, vendored bundles); parsing them costs
# seconds and says nothing about the project.
MAX_SOURCE_CHARS = 1_000_000
MAX_NODES = 300_000
MAX_DETAIL = 120
# A file has at most about two nodes per character (`-` alone makes two: a unary operation
# and its operator). Up to this length the capped walk of `index` sees every node, so a
# walk over statements alone finds the same imports.
ALL_NODES_CHARS = MAX_NODES // 4

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
AssignNode = ast.Assign | ast.AugAssign | ast.AnnAssign
_N = TypeVar("_N", bound=ast.AST)


class Text(NamedTuple):
    """A string constant of the code (not a docstring) and its line."""

    value: str
    line: int


class Expressions(NamedTuple):
    """The nodes of a file below its statements, in walk order."""

    calls: tuple[ast.Call, ...]
    names: tuple[ast.Name, ...]
    attributes: tuple[ast.Attribute, ...]
    strings: tuple[Text, ...]  # string constants, docstrings left out
    ifs: tuple[ast.If, ...]


@dataclass(frozen=True, eq=False)
class Module:
    """What one Python file contains, sorted by node kind.

    Classes, functions and assignments are in file order; the other tuples in walk order.
    A file's expressions are walked when an analyzer first asks for one of their kinds:
    a third of the files parsed are judged on their statements alone (class bases, field
    assignments, decorated functions), and the walk over every expression node is most of
    the time indexing takes.
    """

    path: str
    imports: Mapping[str, str]  # local name -> qualified name ("models" -> "django.db.models")
    star_imports: tuple[str, ...]  # modules imported with `from x import *`
    imported: Mapping[str, ast.Import | ast.ImportFrom]  # top-level module -> first import of it
    classes: tuple[ast.ClassDef, ...]
    functions: tuple[FunctionNode, ...]
    assigns: tuple[AssignNode, ...]
    # The expressions, or the tree to walk for them on first use.
    found: Expressions | ast.Module = dataclasses.field(repr=False)

    @property
    def expressions(self) -> Expressions:
        found = self.found
        if isinstance(found, Expressions):
            return found
        walked = _expressions(_walked(found))
        object.__setattr__(self, "found", walked)
        return walked

    @property
    def calls(self) -> tuple[ast.Call, ...]:
        return self.expressions.calls

    @property
    def names(self) -> tuple[ast.Name, ...]:
        return self.expressions.names

    @property
    def attributes(self) -> tuple[ast.Attribute, ...]:
        return self.expressions.attributes

    @property
    def strings(self) -> tuple[Text, ...]:
        return self.expressions.strings

    @property
    def ifs(self) -> tuple[ast.If, ...]:
        return self.expressions.ifs

    @property
    def file_name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def folders(self) -> tuple[str, ...]:
        return tuple(self.path.split("/")[:-1])

    def imports_any(self, *modules: str) -> bool:
        """Whether the file imports any of these top-level modules (absolute imports)."""
        return any(module in self.imported for module in modules)

    def qualify(self, node: ast.expr) -> str | None:
        """The dotted name of a Name/Attribute chain with its first part resolved by imports."""
        text = dotted(node)
        return None if text is None else self.qualify_text(text)

    def qualify_text(self, text: str) -> str:
        return qualified_text(self.imports, text)

    def star_from(self, prefix: str) -> bool:
        """Whether a `from <prefix>... import *` may have brought in bare names."""
        return any(_under(module, prefix) for module in self.star_imports)


def parse(path: str, text: str) -> Module:
    """The indexed module; NotAnalysable when the file is not Python 3 we can read."""
    return index(path, parse_tree(path, text), len(text))


def parse_tree(path: str, text: str) -> ast.Module:
    """The syntax tree, not indexed yet; NotAnalysable as for `parse`."""
    if len(text) > MAX_SOURCE_CHARS:
        raise NotAnalysable(f"longer than {MAX_SOURCE_CHARS} characters to parse")
    try:
        with warnings.catch_warnings():
            # Invalid escapes in old code warn at parse time; they are not the user's concern.
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        # Python newer than the one running (3.12 generics and f-strings ...) is read all the
        # same, and such a file is not skipped; broken files are.
        from stackcheck.facts.signals.python.newer import newer_syntax

        newer = newer_syntax(text, path)
        if newer is None:
            # Python 2 is a product too (an old Tornado or Django 1.x project): its few
            # statements of its own are rewritten on the same lines (legacy.py).
            from stackcheck.facts.signals.python.legacy import python2_tree

            newer = python2_tree(text, path)
        if newer is None:
            where = f" (line {exc.lineno})" if exc.lineno else ""
            raise NotAnalysable(f"not Python 3: {exc.msg}{where}") from None
        tree = newer
    except ValueError:
        raise NotAnalysable("not Python source: NUL bytes") from None
    except (RecursionError, MemoryError):
        raise NotAnalysable("nested too deeply for the Python parser") from None
    return tree


def index(path: str, tree: ast.Module, chars: int | None = None) -> Module:
    """Sort the nodes of a parsed file by kind. A file of `chars` characters up to
    ALL_NODES_CHARS has its statements sorted now and its expressions when first asked for
    (the capped walk meets every node of such a file, so both find what one walk would);
    any other in one capped walk."""
    if chars is not None and chars <= ALL_NODES_CHARS:
        return _module(path, _statements(tree), tree)
    buckets = _walked(tree)
    return _module(path, buckets, _expressions(buckets))


def _module(
    path: str, buckets: Mapping[type[ast.AST], list[ast.AST]], found: Expressions | ast.Module
) -> Module:
    imports: list[ast.Import | ast.ImportFrom] = [
        *_typed(buckets[ast.Import], ast.Import),
        *_typed(buckets[ast.ImportFrom], ast.ImportFrom),
    ]
    imports.sort(key=_position)
    aliases, stars, imported = _imports(imports)
    functions: list[FunctionNode] = [
        *_typed(buckets[ast.FunctionDef], ast.FunctionDef),
        *_typed(buckets[ast.AsyncFunctionDef], ast.AsyncFunctionDef),
    ]
    assigns: list[AssignNode] = [
        *_typed(buckets[ast.Assign], ast.Assign),
        *_typed(buckets[ast.AugAssign], ast.AugAssign),
        *_typed(buckets[ast.AnnAssign], ast.AnnAssign),
    ]
    return Module(
        path=path,
        imports=aliases,
        star_imports=stars,
        imported=imported,
        # ast.walk is breadth-first; a base class must come before its subclasses.
        classes=tuple(sorted(_typed(buckets[ast.ClassDef], ast.ClassDef), key=_position)),
        functions=tuple(sorted(functions, key=_position)),
        assigns=tuple(sorted(assigns, key=_position)),
        found=found,
    )


def _walked(tree: ast.Module) -> dict[type[ast.AST], list[ast.AST]]:
    """The nodes of the capped walk, by kind (_KINDS)."""
    buckets: dict[type[ast.AST], list[ast.AST]] = {kind: [] for kind in _KINDS}
    bare_strings: set[int] = set()
    for node in breadth_first(tree, MAX_NODES):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            bare_strings.add(id(node.value))  # docstrings and string statements
        if isinstance(node, ast.Constant) and (
            not isinstance(node.value, str) or id(node) in bare_strings
        ):
            continue
        bucket = buckets.get(type(node))
        if bucket is not None:
            bucket.append(node)
    return buckets


def _expressions(buckets: Mapping[type[ast.AST], list[ast.AST]]) -> Expressions:
    return Expressions(
        calls=_typed(buckets[ast.Call], ast.Call),
        names=_typed(buckets[ast.Name], ast.Name),
        attributes=_typed(buckets[ast.Attribute], ast.Attribute),
        strings=tuple(
            Text(str(c.value), c.lineno) for c in _typed(buckets[ast.Constant], ast.Constant)
        ),
        ifs=_typed(buckets[ast.If], ast.If),
    )


# The statements a Module keeps; every other kind it sorts is an expression (or an `if`,
# kept in walk order with them).
_STATEMENT_KINDS = (
    ast.Import,
    ast.ImportFrom,
    ast.ClassDef,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Assign,
    ast.AugAssign,
    ast.AnnAssign,
)


def _statements(tree: ast.Module) -> dict[type[ast.AST], list[ast.AST]]:
    """The statements of every kind a Module keeps, found through the statement lists alone
    (statements hold statements only there), in no particular order: each is sorted."""
    buckets: dict[type[ast.AST], list[ast.AST]] = {kind: [] for kind in _STATEMENT_KINDS}
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        bucket = buckets.get(type(node))
        if bucket is not None:
            bucket.append(node)
        for name in _STATEMENT_LISTS.get(type(node), ()):
            todo.extend(getattr(node, name))
    return buckets


def breadth_first(tree: ast.AST, limit: int) -> list[ast.AST]:
    """The first `limit` nodes in `ast.walk`'s breadth-first order, the expression contexts
    (`Load`, `Store`, `Del`: no analyzer looks at them) counted but left out. The list is its
    own queue, and only the fields that can hold nodes are read: half the time of `ast.walk`
    on large files. The loop over a node's fields is `_children` written out: a call per
    node would make the walk a third slower."""
    found: list[ast.AST] = [tree]
    append = found.append
    met = 1  # nodes met so far in walk order, contexts included: each one's place
    done = 0
    while done < len(found) and met < limit:
        node = found[done]
        done += 1
        kind = type(node)
        fields = _CHILD_FIELDS.get(kind)
        if fields is None:
            fields = _child_fields(kind)
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        if met < limit:
                            append(item)
                        met += 1
            elif isinstance(value, ast.AST):
                if met < limit:
                    append(value)
                met += 1
        if kind in _WITH_CONTEXT:
            met += 1  # `ctx`, the last field of each
    return found


# Fields that never hold a node, whatever the node: names, levels, flags, a constant's value.
_NOT_NODES = frozenset(
    {"id", "attr", "arg", "name", "asname", "module", "level", "kind", "conversion",
     "is_async", "type_comment"}
)  # fmt: skip
_WITH_CONTEXT = frozenset(
    kind for kind in ast.expr.__subclasses__() if kind._fields and kind._fields[-1] == "ctx"
)
_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def _child_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    fields = tuple(
        field
        for field in kind._fields
        if field not in _NOT_NODES
        and field != "ctx"
        and not (kind is ast.Constant and field == "value")
    )
    _CHILD_FIELDS[kind] = fields
    return fields


class Outline(NamedTuple):
    """What a file's statements say without indexing its expressions: its imports and the
    bases of its classes, as `Module` has them. Exact for files up to ALL_NODES_CHARS."""

    imported: Mapping[str, ast.Import | ast.ImportFrom]  # as Module.imported
    bases: frozenset[str]  # last parts of the qualified bases of every class
    # The deepest level of the tree (the module's own statements are level 1) that holds an
    # import statement; 0 when none does.
    import_depth: int = 0


def first_imports(
    nodes: Iterable[ast.Import | ast.ImportFrom],
) -> Mapping[str, ast.Import | ast.ImportFrom]:
    """`Module.imported` of a file whose import statements, in order, are these."""
    return _imports(nodes)[2]


def outline(tree: ast.Module) -> Outline:
    """Imports and classes are statements: only the statement lists are walked."""
    imports: list[ast.Import | ast.ImportFrom] = []
    bases: list[str] = []
    deepest = 0
    # Each list with the level of its items: a handler or a match case is a level of its own.
    todo: list[tuple[list[ast.AST], int]] = [(list(tree.body), 1)]
    while todo:
        nodes, depth = todo.pop()
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                imports.append(node)
                deepest = max(deepest, depth)
                continue
            if isinstance(node, ast.ClassDef):
                bases.extend(filter(None, (dotted(base_node(b)) for b in node.bases)))
            for field in _STATEMENT_LISTS.get(type(node), ()):
                todo.append((getattr(node, field), depth + 1))
    imports.sort(key=_position)
    aliases, _, imported = _imports(imports)
    return Outline(imported, frozenset(last(qualified_text(aliases, b)) for b in bases), deepest)


def outline_is_exact(tree: ast.Module, statements: Outline, chars: int) -> bool:
    """Whether the capped walk of `index` meets every import statement of the file, so that
    the outline's imports are the index's. Up to ALL_NODES_CHARS it meets every node; past
    that, it does when the levels down to the deepest import hold fewer than MAX_NODES
    nodes (a breadth-first walk meets every node of a level before any below it). Long test
    and data modules import at the top: one level to count."""
    if chars <= ALL_NODES_CHARS:
        return True
    return nodes_down_to(tree, statements.import_depth, MAX_NODES) < MAX_NODES


def nodes_down_to(tree: ast.AST, depth: int, limit: int) -> int:
    """How many nodes `breadth_first` meets on the levels down to `depth` (the root is level
    0; expression contexts counted as it counts them), or `limit` once that many are met."""
    met = 1
    level: list[ast.AST] = [tree]
    for _ in range(depth):
        below = [child for node in level for child in _children(node)]
        met += len(below) + sum(type(node) in _WITH_CONTEXT for node in level)
        if met >= limit:
            return limit
        level = below
    return met


def _children(node: ast.AST) -> list[ast.AST]:
    """A node's child nodes as `breadth_first` meets them, contexts left out."""
    kind = type(node)
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = _child_fields(kind)
    found: list[ast.AST] = []
    for name in fields:
        value = getattr(node, name, None)
        if type(value) is list:
            found.extend(item for item in value if isinstance(item, ast.AST))
        elif isinstance(value, ast.AST):
            found.append(value)
    return found


def import_table(
    nodes: Iterable[ast.Import | ast.ImportFrom],
) -> tuple[Mapping[str, str], Mapping[str, ast.Import | ast.ImportFrom]]:
    """`Module.imports` and `Module.imported` of a file whose import statements, in order,
    are these."""
    aliases, _, imported = _imports(nodes)
    return aliases, imported


def qualified_text(aliases: Mapping[str, str], text: str) -> str:
    """`Module.qualify_text` with the aliases alone."""
    head, dot, rest = text.partition(".")
    target = aliases.get(head)
    return text if target is None else f"{target}{dot}{rest}"


# Statement kinds (and handlers, match cases) that hold statements, and in which fields.
_STATEMENT_LISTS: dict[type[ast.AST], tuple[str, ...]] = {
    kind: fields
    for kind in (*ast.stmt.__subclasses__(), ast.ExceptHandler, ast.match_case)
    if (
        fields := tuple(
            f
            for f in ("body", "orelse", "finalbody", "handlers", "cases")
            if f in getattr(kind, "_fields", ())
        )
    )
}


_KINDS: tuple[type[ast.AST], ...] = (
    ast.Import,
    ast.ImportFrom,
    ast.ClassDef,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Call,
    ast.Assign,
    ast.AugAssign,
    ast.AnnAssign,
    ast.Name,
    ast.Attribute,
    ast.Constant,
    ast.If,
)


def _typed(nodes: list[ast.AST], kind: type[_N]) -> tuple[_N, ...]:
    return tuple(n for n in nodes if isinstance(n, kind))


def _position(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _imports(
    nodes: Iterable[ast.Import | ast.ImportFrom],
) -> tuple[dict[str, str], tuple[str, ...], dict[str, ast.Import | ast.ImportFrom]]:
    aliases: dict[str, str] = {}
    stars: list[str] = []
    imported: dict[str, ast.Import | ast.ImportFrom] = {}
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.partition(".")[0]
                aliases.setdefault(alias.asname or top, alias.name if alias.asname else top)
                imported.setdefault(top, node)
            continue
        module = "." * node.level + (node.module or "")
        if node.level == 0 and node.module:
            imported.setdefault(node.module.partition(".")[0], node)
        for alias in node.names:
            if alias.name == "*":
                stars.append(module)
            else:
                joined = module + alias.name if module.endswith(".") else f"{module}.{alias.name}"
                aliases.setdefault(alias.asname or alias.name, joined)
    imported.pop("__future__", None)
    return aliases, tuple(stars), imported


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


# --- small helpers over nodes -------------------------------------------------------------


def dotted(node: ast.AST) -> str | None:
    """ "a.b.c" for a Name/Attribute chain (the callee of `a.b.c()`), else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def last(name: str) -> str:
    return name.rpartition(".")[2]


def under(name: str, *prefixes: str) -> bool:
    """Whether a qualified name is one of the modules or inside them."""
    return any(_under(name, prefix) for prefix in prefixes)


def callee(call: ast.Call) -> str | None:
    return dotted(call.func)


def base_node(node: ast.expr) -> ast.expr:
    """`Generic[T]`-style bases name their class in the subscript's value."""
    return node.value if isinstance(node, ast.Subscript) else node


def text_of(node: ast.AST, limit: int = 60) -> str:
    """A short source rendering of a small node; deep or odd nodes become '...'."""
    name = dotted(node)
    if name is not None:
        return clip(name, limit)
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float):
        return clip(_quote(node.value), limit)
    try:
        return clip(ast.unparse(node), limit)
    except (RecursionError, ValueError, AttributeError):
        return "..."


def clip(text: str, limit: int = MAX_DETAIL) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _quote(value: str | int | float) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def string_value(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def import_detail(node: ast.Import | ast.ImportFrom) -> str:
    if isinstance(node, ast.Import):
        return clip("import " + ", ".join(alias.name for alias in node.names))
    names = ", ".join(alias.name for alias in node.names)
    return clip(f"from {'.' * node.level}{node.module or ''} import {names}")


def class_detail(cls: ast.ClassDef) -> str:
    bases = ", ".join(text_of(base, 40) for base in cls.bases)
    return clip(f"class {cls.name}({bases})")


def call_detail(call: ast.Call, name: str | None = None) -> str:
    """`stripe.PaymentIntent.create(...)`, `path("orders/", name="orders")`, `register(Order)`.

    Shows the first argument when it is a string or a name, and the first string argument
    after it (`render(request, "shop/cart.html", ...)`), then a `name=` keyword if any.
    """
    shown = name or callee(call) or text_of(call.func, 50)
    args = [text_of(arg, 50) for arg in _shown_args(call.args)]
    url_name = string_value(keyword(call, "name"))
    if url_name is not None:
        args.append(f'name="{clip(url_name, 30)}"')
    more = len(call.args) + len(call.keywords) > len(args)
    inner = ", ".join(args) + (", ..." if more and args else "..." if more else "")
    return clip(f"{shown}({inner})")


def _shown_args(args: list[ast.expr]) -> list[ast.expr]:
    if not args or (string_value(args[0]) is None and dotted(args[0]) is None):
        return []
    if string_value(args[0]) is not None or len(args) < 2 or string_value(args[1]) is None:
        return [args[0]]
    return args[:2]


def decorator_detail(decorator: ast.expr, target: str) -> str:
    if isinstance(decorator, ast.Call):
        return clip(f"@{call_detail(decorator)} {target}")
    return clip(f"@{text_of(decorator, 60)} {target}")


def assigned_names(node: AssignNode) -> Iterator[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    for target in targets:
        if isinstance(target, ast.Name):
            yield target.id


def class_fields(cls: ast.ClassDef) -> Iterator[tuple[str, ast.Call]]:
    """`name = SomeField(...)` statements directly in a class body: (name, call)."""
    for statement in cls.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and isinstance(
            statement.value, ast.Call
        ):
            for name in assigned_names(statement):
                yield name, statement.value


def class_attributes(cls: ast.ClassDef) -> Iterator[tuple[str, AssignNode]]:
    """Names assigned directly in a class body, with the assignment."""
    for statement in cls.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
            for name in assigned_names(statement):
                yield name, statement


def subclasses(module: Module, is_root: Callable[[str], bool]) -> list[ast.ClassDef]:
    """Classes deriving from a root (by qualified base name) or from such a class in the file.

    Classes come in line order, so a base defined earlier in the file is already known.
    """
    found: list[ast.ClassDef] = []
    local: set[str] = set()
    for cls in module.classes:
        for base in cls.bases:
            text = dotted(base_node(base))
            if text is None:
                continue
            if text in local or is_root(module.qualify_text(text)):
                found.append(cls)
                local.add(cls.name)
                break
    return found


def string_entries(module: Module, setting: str) -> list[tuple[str, int]]:
    """String items of a list setting (INSTALLED_APPS ...) with their lines, in file order.

    Follows `A = B + C` concatenations and names assigned elsewhere in the same file, and
    `SETTING.append(...)` / `.extend(...)` / `.insert(...)` calls; one entry per distinct
    string.
    """
    env: dict[str, list[ast.expr]] = {}
    for node in module.assigns:
        if node.value is not None:
            for name in assigned_names(node):
                env.setdefault(name, []).append(node.value)
    roots = list(env.get(setting, []))
    for call in module.calls:
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in ("append", "extend", "insert")
            and isinstance(func.value, ast.Name)
            and func.value.id == setting
        ):
            roots.extend(call.args)
    seen: dict[str, int] = {}
    for value, line in _strings_in(roots, env, {setting}):
        seen.setdefault(value, line)
    return sorted(seen.items(), key=lambda item: item[1])


def _strings_in(
    roots: list[ast.expr], env: Mapping[str, list[ast.expr]], visited: set[str]
) -> Iterator[tuple[str, int]]:
    stack = list(reversed(roots))
    steps = 0
    while stack and steps < 10_000:  # bounded: a hostile file cannot make this loop long
        steps += 1
        node = stack.pop()
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value, node.lineno
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            stack.extend(reversed(node.elts))
        elif isinstance(node, ast.BinOp):
            stack.extend((node.right, node.left))
        elif isinstance(node, ast.Starred):
            stack.append(node.value)
        elif isinstance(node, ast.IfExp):
            stack.extend((node.orelse, node.body))
        elif isinstance(node, ast.Call) and dotted(node.func) in ("list", "tuple", "set"):
            stack.extend(reversed(node.args))
        elif isinstance(node, ast.Name) and node.id not in visited:
            visited.add(node.id)
            stack.extend(reversed(env.get(node.id, [])))


def facts_for(key: str, module: Module, nodes: Iterable[tuple[ast.AST, str]]) -> Iterator[Fact]:
    """One fact per (node, detail), evidence at the node's line."""
    for node, detail in nodes:
        yield fact(key, module.path, getattr(node, "lineno", None), clip(detail))
