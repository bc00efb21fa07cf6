"""Which Python analyzers can find anything in a file, judged without indexing its tree.

Indexing every node of a parsed file costs more than parsing it, and most files of a
project give nothing but their imports. So each analyzer declares a gate next to its code:
clues, one of which holds in every file in which the analyzer can yield a fact. A clue
holds when a needle of each of its groups occurs (and its path and import conditions hold).

The needles follow from what the analyzer compares. Most are looked up among the words
of the text, the maximal runs of letters, digits, underscores and non-ASCII characters:

- `named`: a name written in the source as a whole word. A qualified name such as
  `django.db.models.Model` is built from the file's own import statements and dotted
  expressions, so each of its parts is a word of the file whatever the aliases; so is an
  assigned setting, an attribute, a decorator, a keyword argument. A leading `*` stands
  for any word ending so (`*View`: ListView, LoginView ...).
- `part`: letters inside a word ("backend" in "django.db.backends.postgresql").
- `folded`: letters inside a lower-cased word, for analyzers that lower-case first.
- `modules`: a module the file imports (`Module.imports_any`, `star_from`);
- `based`: the last part of a class's qualified base (`subclasses`), `*` as for names.

Two more are looked for in the text itself, for analyzers that compare calls:

- `called`: a call of something whose last name is one of these (`render(...)`,
  `shortcuts.render (...)`), not the `def` or `class` line of that name. Between the name
  and the call's `(` may stand what the tokenizer skips (spaces, line joins, comments) and
  the parentheses closing around the callee: `(render)(request)`.
- `method_called`: `receiver.method(...)` with the receiver a plain name (`app.run()`).

The `modules` and `based` needles come from the file's outline (its statements alone, see
syntax.py), which is exact unless the file is so long that the index's capped walk may miss
an import (`outline_is_exact`); then they fall back to the words.

Python reads identifiers in NFKC form, so text with non-ASCII characters contributes the
words of its NFKC form too. Known limit: a string constant written in pieces (implicit
concatenation `"__ma" "in__"`, escapes `"\\x5f_main__"`) hides a needle that its value
holds; analyzers that look at string values accept that, as the scanner's own needles do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple, TypeVar

from stackcheck.facts.signals.python.syntax import Outline


class Group(NamedTuple):
    """Needles of which one must occur; `named(...) | folded(...)` joins two groups.

    Word needles are bytes, as the words are: a file's text is split on its UTF-8 form.
    """

    names: frozenset[bytes] = frozenset()  # whole words
    ends: tuple[bytes, ...] = ()  # word endings, each with the space that follows a word
    parts: tuple[bytes, ...] = ()  # inside a word
    folded: tuple[bytes, ...] = ()  # inside a lower-cased word
    modules: frozenset[str] = frozenset()  # top-level modules imported
    bases: frozenset[str] = frozenset()  # last parts of qualified base classes
    base_ends: tuple[str, ...] = ()  # endings of those
    calls: tuple[CallNeedle, ...] = ()  # calls written in the text

    def __or__(self, other: object) -> Group:
        if not isinstance(other, Group):
            return NotImplemented
        return Group(
            self.names | other.names,
            self.ends + other.ends,
            self.parts + other.parts,
            self.folded + other.folded,
            self.modules | other.modules,
            self.bases | other.bases,
            self.base_ends + other.base_ends,
            self.calls + other.calls,
        )

    def as_words(self, modules: bool = True) -> Group:
        """Bases (and modules, unless known otherwise) looked for among the words: each is a
        word of the file."""
        more = named(
            *(self.modules if modules else ()),
            *self.bases,
            *("*" + end for end in self.base_ends),
        )
        return Group(self.names, self.ends, self.parts, self.folded, calls=self.calls) | more


class Clue(NamedTuple):
    groups: tuple[Group, ...]  # a needle of every group
    where: Callable[[str], bool] | None = None  # and the file's path passes this test
    unless: frozenset[str] = frozenset()  # and it imports none of these modules


Gate = tuple[Clue, ...]  # any one of them

_A = TypeVar("_A")


def named(*words: str) -> Group:
    return Group(
        names=frozenset(_bytes(w) for w in words if not w.startswith("*")),
        ends=tuple(_bytes(w[1:] + " ") for w in words if w.startswith("*")),
    )


def part(*parts: str) -> Group:
    return Group(parts=tuple(map(_bytes, parts)))


def folded(*parts: str) -> Group:
    return Group(folded=tuple(_bytes(p.lower()) for p in parts))


def modules(*names: str) -> Group:
    return Group(modules=frozenset(names))


def based(*names: str) -> Group:
    return Group(
        bases=frozenset(name for name in names if not name.startswith("*")),
        base_ends=tuple(name[1:] for name in names if name.startswith("*")),
    )


# What may stand between a callee's last name and the `(` of its call: what the tokenizer
# skips (spaces, form feeds, newlines inside brackets, line joins, comments) and the
# parentheses that close around a parenthesized callee. A comment runs to the end of its
# line: no second way to read `##`, so no backtracking over the ways to split it.
_SKIPPED = r"(?:[ \t\f\r\n\\]|#[^\r\n]*(?![^\r\n]))"
_TO_CALL = rf"(?:{_SKIPPED}|\))*\("


class CallNeedle(NamedTuple):
    """A call written in the text: one of `starts` (the callee's last name, or for a method
    the plain name it is called on), not inside a longer name, then what `rest` matches."""

    starts: tuple[str, ...]
    rest: re.Pattern[str]
    after_dot: bool  # whether a `.` before the start makes it part of a longer name

    def found(self, text: str) -> bool:
        # Each start is found with str.find; a pattern beginning with a look-behind would
        # be tried at every character of the file.
        for start in self.starts:
            at = text.find(start)
            while at >= 0:
                before = text[at - 1] if at else " "
                if (
                    not (before.isalnum() or before == "_" or (self.after_dot and before == "."))
                    and self.rest.match(text, at + len(start))
                    and not _DEFINES.fullmatch(text, text.rfind("\n", 0, at) + 1, at)
                ):
                    return True
                at = text.find(start, at + 1)
        return False


def called(*names: str) -> Group:
    """A call of a name, or of an attribute, that is one of these."""
    return Group(calls=(CallNeedle(tuple(sorted(names)), re.compile(_TO_CALL), False),))


def method_called(receivers: Iterable[str], methods: Iterable[str]) -> Group:
    """A call of one of these methods on one of these plain names."""
    rest = re.compile(rf"(?:{_SKIPPED}|\))*\.{_SKIPPED}*(?:{_either(methods)}){_TO_CALL}")
    return Group(calls=(CallNeedle(tuple(sorted(receivers)), rest, True),))


def _either(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))


# A `def` or `class` line up to the name it defines: `def render(self)` is no call of it.
_DEFINES = re.compile(r"[ \t\f]*(?:async[ \t\f]+)?(?:def|class)[ \t\f]+")


def _calls_in(text: str, needles: tuple[CallNeedle, ...]) -> bool:
    return any(needle.found(text) for needle in needles)


def _bytes(needle: str) -> bytes:
    return needle.encode("utf-8")


def clue(
    *groups: Group,
    where: Callable[[str], bool] | None = None,
    unless: Iterable[str] = (),
) -> Clue:
    """All of these groups: `clue(named("django"), named("render"))`."""
    return Clue(groups, where, frozenset(unless))


def gate(*clues: Clue | Group) -> Gate:
    """Any of these clues; a bare group is a clue of its own."""
    return tuple(c if isinstance(c, Clue) else Clue((c,)) for c in clues)


def calls_of(qualified: Iterable[str], *, calls: bool = False) -> tuple[Clue, ...]:
    """One clue per qualified name an analyzer compares whole (`uvicorn.run`): its first
    and its last part are words of the file. A name whose clue another implies is left out
    (`sklearn.externals.joblib.load` has the words of `joblib.load`).

    With `calls`, the names are compared on calls, and the file also imports the first
    part (of the name or of one the clue stands for: an alias took the name's place) or
    calls something of the last part's name (the callee written out, its first part no
    alias of anything)."""
    pairs = {(q.partition(".")[0], q.rpartition(".")[2]): q.split(".") for q in qualified}
    kept = [
        (top, end)
        for (top, end), parts in pairs.items()
        if not any(other != top and other in parts and e == end for other, e in pairs)
    ]
    found = []
    for top, end in sorted(kept):
        groups = [named(top), named(end)]
        if calls:
            tops = {t for (t, e), parts in pairs.items() if e == end and top in parts}
            groups.append(modules(*tops) | called(end))
        found.append(clue(*groups))
    return tuple(found)


def lasts(qualified: Iterable[str]) -> Group:
    """The last parts of qualified names: `flask.Flask` -> Flask."""
    return named(*sorted({q.rpartition(".")[2] for q in qualified}))


# Bytes that end a word: ASCII other than letters, digits and the underscore. Bytes of
# non-ASCII characters stay in words, as such characters may be in identifiers.
_SEPARATORS = bytes(
    code if code >= 128 or chr(code).isalnum() or chr(code) == "_" else ord(" ")
    for code in range(256)
)


class Source:
    """One file as the gates see it: its path, its words (split on first need), and its
    outline when it is known. Without one, modules and bases are looked for among the
    words and no `unless` excludes: the gates open wider, never narrower."""

    def __init__(self, path: str, text: str, outline: Outline | None = None) -> None:
        self._path = path
        self._text = text
        self._outline = outline is not None
        self._imported = frozenset(outline.imported) if outline is not None else frozenset()
        self._bases = outline.bases if outline is not None else frozenset()
        self._bases_known = outline is not None
        self._words: frozenset[bytes] | None = None
        self._joined = b""
        self._lowered: bytes | None = None

    def knowing(self, outline: Outline, bases_known: bool = True) -> Source:
        """The same file with a fuller outline; the words already split are kept. Without
        `bases_known` only the outline's imports are known (read without the parser), and
        bases are looked for among the words."""
        source = Source(self._path, self._text, outline)
        source._bases_known = bases_known
        source._words, source._joined, source._lowered = self._words, self._joined, self._lowered
        return source

    @property
    def outlined(self) -> bool:
        return self._outline

    def words(self) -> frozenset[bytes]:
        return self._words_()

    def opens(self, gate: Gate) -> bool:
        return any(self._holds(c) for c in gate)

    def holds(self, c: Clue) -> bool:
        return self._holds(c)

    def _holds(self, c: Clue) -> bool:
        if c.where is not None and not c.where(self._path):
            return False
        if c.unless and not self._imported.isdisjoint(c.unless):
            return False
        return all(map(self._occurs, c.groups))

    def _occurs(self, g: Group) -> bool:
        if not self._outline:
            g = _as_words(g)
        elif not self._imported.isdisjoint(g.modules):
            return True
        elif not self._bases_known:
            g = _as_words(g, modules=False)
        elif not self._bases.isdisjoint(g.bases) or (
            g.base_ends and any(base.endswith(g.base_ends) for base in self._bases)
        ):
            return True
        if g.names and not self._words_().isdisjoint(g.names):
            return True
        if g.ends or g.parts:
            self._words_()
            if any(needle in self._joined for needle in g.ends + g.parts):
                return True
        if g.folded and any(needle in self._lowered_() for needle in g.folded):
            return True
        return bool(g.calls) and any(_calls_in(text, g.calls) for text in self._readable())

    def _readable(self) -> tuple[str, ...]:
        """The text, and its NFKC form (the names Python reads) when that differs."""
        if self._text.isascii():
            return (self._text,)
        return (self._text, unicodedata.normalize("NFKC", self._text))

    def _words_(self) -> frozenset[bytes]:
        if self._words is None:
            texts = [self._text]
            if not self._text.isascii():
                # Python reads identifiers in NFKC form; analyzers lower-case with str.lower.
                texts += [unicodedata.normalize("NFKC", self._text), self._text.lower()]
            found: set[bytes] = set()
            for text in texts:
                data = text.encode("utf-8", "surrogatepass")
                found.update(data.translate(_SEPARATORS).split())
            self._words = frozenset(found)
            # Each word followed by a space: b"Model " finds a word that ends in Model.
            self._joined = b" ".join(found) + b" "
        return self._words

    def _lowered_(self) -> bytes:
        if self._lowered is None:
            self._words_()
            self._lowered = self._joined.lower()
        return self._lowered


# Gates are built once, at import, and every file is first judged on its words alone: each
# group's word form is made once too (keyed by identity, the group kept to check it).
_AS_WORDS: dict[tuple[int, bool], tuple[Group, Group]] = {}


def _as_words(g: Group, modules: bool = True) -> Group:
    known = _AS_WORDS.get((id(g), modules))
    if known is None or known[0] is not g:
        known = _AS_WORDS[id(g), modules] = (g, g.as_words(modules))
    return known[1]


class AnyGate:
    """Whether any of many gates opens on a file's words alone (no outline), trying only the
    clues that can hold: a clue with a group of whole words alone holds only when the file
    has one of them, so the file's words met with all such words (one set intersection)
    pick the clues worth trying; a clue with no such group is always tried. The same
    answer as asking each gate, for a fraction of the work on the many files that open
    none."""

    def __init__(self, gates: Iterable[Gate]) -> None:
        self._always: list[Clue] = []
        self._by_word: dict[bytes, list[Clue]] = {}
        self._firm: set[int] = set()  # clues no outline can close: no modules, bases, unless
        for g in gates:
            for c in g:
                # Without an outline, modules and bases are words and no `unless` excludes.
                as_words = Clue(tuple(map(_as_words, c.groups)), c.where)
                if not c.unless and not any(
                    group.modules or group.bases or group.base_ends for group in c.groups
                ):
                    self._firm.add(id(as_words))
                keys = [group.names for group in as_words.groups if _words_only(group)]
                if not keys:
                    self._always.append(as_words)
                    continue
                for word in min(keys, key=len):
                    self._by_word.setdefault(word, []).append(as_words)
        self._words = frozenset(self._by_word)

    def opens(self, source: Source, firmly: bool = False) -> bool:
        """Whether a clue holds on the file's words; with `firmly`, a clue that knowing the
        file's imports and classes could not close."""
        if source.outlined:
            raise ValueError("AnyGate judges words alone; ask each gate of an outlined file")
        if any(source.holds(c) for c in self._always if not firmly or id(c) in self._firm):
            return True
        tried: set[int] = set()
        for word in self._words.intersection(source.words()):
            for c in self._by_word[word]:
                if id(c) not in tried and (not firmly or id(c) in self._firm):
                    tried.add(id(c))
                    if source.holds(c):
                        return True
        return False


def _words_only(group: Group) -> bool:
    """A group that occurs exactly when the file has one of its whole-word needles."""
    return bool(group.names) and not (
        group.ends or group.parts or group.folded or group.calls or group.modules or group.bases
    )


def open_ones(gates: Mapping[_A, Gate], source: Source) -> tuple[_A, ...]:
    """The analyzers, in their order, whose gate this source opens."""
    return tuple(analyzer for analyzer, g in gates.items() if source.opens(g))
