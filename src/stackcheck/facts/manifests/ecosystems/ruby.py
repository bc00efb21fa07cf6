"""Ruby-DSL manifests read at the token level: Gemfile (and gems.rb), Podfile, Gemfile.lock,
and a gem's `.gemspec`.

There is no Ruby parser to lean on, so a small lexer turns the file into tokens (strings,
symbols, labels, identifiers, newlines) and a walk over them follows `do ... end` blocks
far enough to know which `group` a `gem` call sits in. Nothing is evaluated.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from stackcheck.facts import Fact, fact
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.ecosystems.common import manifest_fact, skip_quoted

_RUBY_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r\f\v]+|\\\r?\n)
    | (?P<nl>\n)
    | (?P<comment>\#[^\n]*)
    | (?P<heredoc><<[~-]?(?:(?P<q>["'`])(?P<qid>\w+)(?P=q)|(?P<id>[A-Za-z_]\w*)))
    | (?P<percent>%[qQwWiI]?(?=[(\[{<|!/]))
    | (?P<string>["'`])
    | (?P<symbol>:(?:[A-Za-z_]\w*[?!]?|["']))
    | (?P<label>[A-Za-z_]\w*[?!]?:(?!:))
    | (?P<ident>[A-Za-z_]\w*[?!]?)
    | (?P<num>\d[\w.]*)
    | (?P<op>=>|<=>|===?|!=|=~|!~|<=|>=|&&|\|\||::|&\.|->|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CLOSING = {"(": ")", "[": "]", "{": "}", "<": ">"}


class Token(NamedTuple):
    kind: str  # nl, string, words, symbol, label, ident, num, op
    text: str
    line: int


def ruby_tokens(text: str) -> list[Token]:
    """Tokens of a Ruby file; MalformedManifest for an unclosed literal."""
    tokens: list[Token] = []
    heredocs: list[str] = []
    pos = 0
    line = 1
    while pos < len(text):
        if text.startswith("=begin", pos) and (pos == 0 or text[pos - 1] == "\n"):
            end = text.find("\n=end", pos)
            if end < 0:
                raise MalformedManifest(f"line {line}: =begin comment not closed")
            after = text.find("\n", end + 1)
            after = len(text) if after < 0 else after  # the newline stays a token
            line += text.count("\n", pos, after)
            pos = after
        match = _RUBY_TOKEN.match(text, pos)
        if match is None:  # only possible at the very end, after =begin/=end
            break
        kind = match.lastgroup or "op"
        start, pos = pos, match.end()
        if kind == "nl" and heredocs:
            pos = _skip_heredoc_bodies(text, pos, heredocs, line)
            heredocs.clear()
        elif kind == "heredoc":
            heredocs.append(match.group("qid") or match.group("id"))
        elif kind in ("string", "percent") or (kind == "symbol" and text[pos - 1] in "\"'"):
            kind, pos = _literal(text, match.group(), pos, line)
            tokens.append(Token(kind, _literal_body(text, start, pos, match.group()), line))
            line += text.count("\n", start, pos)
            continue
        if kind not in ("ws", "comment"):
            value = match.group()
            value = value[1:] if kind == "symbol" else value[:-1] if kind == "label" else value
            tokens.append(Token(kind, value, line))
        line += text.count("\n", start, pos)
    return tokens


def _literal(text: str, prefix: str, pos: int, line: int) -> tuple[str, int]:
    """Skip a quoted literal; return its token kind and the position after it."""
    if prefix.startswith("%"):
        opener = text[pos]
        close = _CLOSING.get(opener, opener)
        end = skip_quoted(
            text,
            pos + 1,
            close,
            line,
            opener=opener if opener != close else "",
            interpolation="" if prefix[1:2] in ("q", "w", "i") else "#{",
        )
        return ("words" if prefix[1:2] in ("w", "W", "i", "I") else "string"), end
    quote = prefix[-1]
    end = skip_quoted(text, pos, quote, line, interpolation="" if quote == "'" else "#{")
    return ("symbol" if prefix.startswith(":") else "string"), end


def _literal_body(text: str, start: int, end: int, prefix: str) -> str:
    body_start = start + len(prefix) + (1 if prefix.startswith("%") else 0)
    return text[body_start : end - 1]


def _skip_heredoc_bodies(text: str, pos: int, ids: list[str], line: int) -> int:
    for ident in ids:
        while True:
            newline = text.find("\n", pos)
            current = text[pos:] if newline < 0 else text[pos:newline]
            if newline < 0 and current.strip() != ident:
                raise MalformedManifest(f"line {line}: heredoc {ident} not closed")
            pos = len(text) if newline < 0 else newline + 1
            if current.strip() == ident:
                break
    return pos


# --- walking the token stream ---------------------------------------------------------------

# Keywords that open a block ended by `end` when they start an expression.
_OPENERS = frozenset(
    {"if", "unless", "while", "until", "case", "begin", "def", "class", "module", "for"}
)
_LOOPS = frozenset({"while", "until", "for"})  # their optional `do` opens nothing more
_STATEMENT_BEFORE = frozenset({";", "(", "[", "{", "=", ",", "||", "&&", "!", "|", "=>", "->"})
_KEYWORDS_BEFORE = frozenset(
    {
        "do",
        "then",
        "else",
        "elsif",
        "begin",
        "ensure",
        "rescue",
        "not",
        "and",
        "or",
        "return",
        "when",
        "in",
    }
)


class Call(NamedTuple):
    """A DSL call at the start of a statement, with the tokens of its arguments."""

    name: str
    line: int
    args: tuple[Token, ...]
    groups: tuple[str, ...]  # the `group` blocks it sits in, innermost last


def dsl_calls(tokens: Sequence[Token], names: frozenset[str]) -> Iterator[Call]:
    """Calls to the named methods, each with the groups of the blocks around it."""
    frames: list[tuple[str, tuple[str, ...]]] = []  # (closer, groups)
    swallow_do_on = -1  # line of a `while`/`until`/`for` whose `do` is part of the loop
    marks = _Marks(tokens)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        groups = frames[-1][1] if frames else ()
        starts = _starts_statement(tokens, index)
        if token.kind == "ident" and starts and token.text in names:
            end = _statement_end(tokens, index + 1)
            yield Call(token.text, token.line, tuple(tokens[index + 1 : end]), groups)
            index = end
            continue
        opener = marks.block_opener(index + 1) if starts and token.text == "group" else None
        if token.kind == "ident" and opener is not None:
            given = ",".join(_symbols(tokens[index + 1 : opener]))
            frames.append((_closer(tokens[opener]), (*groups, given)))
            index = opener + 1
            continue
        if token.kind == "op" and token.text in "{}":
            _brace(frames, token, groups)
        elif token.kind == "ident" and not _after_dot(tokens, index):
            if token.text == "do" and token.line != swallow_do_on:
                frames.append(("end", groups))
            elif token.text in _OPENERS and starts and not _endless_def(tokens, index, marks):
                frames.append(("end", groups))
                swallow_do_on = token.line if token.text in _LOOPS else swallow_do_on
            elif token.text == "end":
                _pop(frames, "end", token)
        index += 1
    if frames:
        raise MalformedManifest(f"{len(frames)} block(s) not closed at end of file")


def _brace(
    frames: list[tuple[str, tuple[str, ...]]], token: Token, groups: tuple[str, ...]
) -> None:
    if token.text == "{":
        frames.append(("}", groups))
    else:
        _pop(frames, "}", token)


def _starts_statement(tokens: Sequence[Token], index: int) -> bool:
    if index == 0:
        return True
    before = tokens[index - 1]
    if before.kind == "nl":
        return True
    if before.kind == "op":
        return before.text in _STATEMENT_BEFORE
    return before.kind == "ident" and before.text in _KEYWORDS_BEFORE


def _after_dot(tokens: Sequence[Token], index: int) -> bool:
    """`x.end`, `y&.class`, `Z::module` are method calls, not keywords."""
    return (
        index > 0 and tokens[index - 1].kind == "op" and tokens[index - 1].text in (".", "&.", "::")
    )


class _Marks:
    """What the walk asks of the tokens ahead, indexed once so that asking is a look-up: the
    `)` closing each `(`, and where a `group` line's block could open. Scanning ahead anew
    at every `def (` or `group(` would be quadratic on a line of them."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.size = len(tokens)
        self.closer: dict[int, int] = {}
        self.block_stops: list[int] = []  # newlines, `do`s and `{`s
        self.newlines: set[int] = set()
        stack: list[int] = []
        for index, token in enumerate(tokens):
            if token.kind == "op" and token.text == "(":
                stack.append(index)
            elif token.kind == "op" and token.text == ")" and stack:
                self.closer[stack.pop()] = index
            if token.kind == "nl":
                self.newlines.add(index)
            if (
                token.kind == "nl"
                or (token.kind == "ident" and token.text == "do")
                or (token.kind == "op" and token.text == "{")
            ):
                self.block_stops.append(index)

    def after_parentheses(self, index: int) -> int:
        """Index just past the `)` closing the `(` at index (the end when none does)."""
        close = self.closer.get(index)
        return self.size if close is None else close + 1

    def block_opener(self, index: int) -> int | None:
        """Index of the `do` or `{` that opens a `group ... do` block, if on this statement."""
        at = bisect_left(self.block_stops, index)
        if at == len(self.block_stops) or self.block_stops[at] in self.newlines:
            return None
        return self.block_stops[at]


def _endless_def(tokens: Sequence[Token], index: int, marks: _Marks) -> bool:
    """`def name(args) = expr` (Ruby 3) has no `end`."""
    if tokens[index].text != "def":
        return False
    at = index + 1
    if [t.text for t in tokens[at : at + 2]] == ["self", "."]:
        at += 2
    at += 1  # the method name
    if at < len(tokens) and tokens[at].text == "(":
        at = marks.after_parentheses(at) if tokens[at].kind == "op" else at + 1
    return at < len(tokens) and tokens[at].kind == "op" and tokens[at].text == "="


def _statement_end(tokens: Sequence[Token], index: int) -> int:
    """Index just past a call's arguments: the newline that ends it, outside brackets."""
    depth = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "op" and token.text in "([{":
            depth += 1
        elif token.kind == "op" and token.text in ")]}":
            if depth == 0:
                return index  # the closing brace of a block around this call
            depth -= 1
        elif depth == 0 and (token.kind == "nl" or token.text == ";"):
            previous = tokens[index - 1]
            if not (token.kind == "nl" and previous.kind == "op" and previous.text in (",", "=>")):
                return index
        elif depth == 0 and token.kind == "ident" and token.text in ("end", "do"):
            return index
        index += 1
    return index


def _closer(opener: Token) -> str:
    return "}" if opener.text == "{" else "end"


def _pop(frames: list[tuple[str, tuple[str, ...]]], closer: str, token: Token) -> None:
    if not frames or frames[-1][0] != closer:
        raise MalformedManifest(f"line {token.line}: unexpected '{token.text}'")
    frames.pop()


def _symbols(tokens: Sequence[Token]) -> tuple[str, ...]:
    """Group names given as :symbols, "strings" or %i[...] word lists."""
    names: list[str] = []
    for token in tokens:
        if token.kind in ("symbol", "string"):
            names.append(token.text)
        elif token.kind == "words":
            names.extend(token.text.split())
        elif token.kind == "label":
            break  # options such as `optional: true` follow the names
    return tuple(names)


def strings(args: Sequence[Token]) -> list[str]:
    """Leading positional string arguments: the name, then version requirements."""
    found: list[str] = []
    for token in args:
        if token.kind == "string":
            found.append(token.text)
        elif token.kind in ("label", "symbol") or (token.kind == "op" and token.text == "=>"):
            break
        elif token.kind == "op" and token.text in "(,":
            continue
        else:
            break
    return found


def option(args: Sequence[Token], *keys: str) -> tuple[str, ...]:
    """Values of `key: value`, `key: [...]` or `:key => value` among a call's options."""
    for index, token in enumerate(args):
        keyed = token.kind == "label" and token.text in keys
        hashed = (
            token.kind == "symbol"
            and token.text in keys
            and index + 1 < len(args)
            and args[index + 1].text == "=>"
        )
        if keyed or hashed:
            rest = args[index + (1 if keyed else 2) :]
            return _symbols(_one_value(rest))
    return ()


def _one_value(tokens: Sequence[Token]) -> Sequence[Token]:
    if tokens and tokens[0].text == "[":
        for index, token in enumerate(tokens):
            if token.text == "]":
                return [t for t in tokens[1:index] if t.kind != "op"]
    return tokens[:1]


# --- Gemfile / gems.rb ----------------------------------------------------------------------

_DEV_GROUPS = frozenset(
    {
        "development",
        "test",
        "ci",
        "lint",
        "linting",
        "rubocop",
        "doc",
        "docs",
        "documentation",
        "tools",
        "benchmark",
        "benchmarks",
    }
)


def parse_gemfile(path: str, text: str) -> Parsed:
    tokens = ruby_tokens(text)
    facts = [manifest_fact("gemfile", path)]
    deps = 0
    for call in dsl_calls(tokens, frozenset({"gem", "gemspec"})):
        if call.name == "gemspec":
            facts.append(fact("gem.gemspec", path, call.line, "gemspec (the Gemfile of a gem)"))
            continue
        found = _gem(path, call)
        if found is not None:
            facts.append(found)
            deps += 1
    return Parsed("gemfile", tuple(facts), deps)


def _gem(path: str, call: Call) -> Fact | None:
    args = strings(call.args)
    if not args or "#{" in args[0]:
        return None  # the name is computed; nothing to report
    name, *requirements = args
    inline = option(call.args, "group", "groups")
    blocks = [group for names in call.groups for group in names.split(",") if group]
    dev = any(_all_dev(names.split(",")) for names in call.groups) or _all_dev(inline)
    shown = ", ".join(f'"{value}"' for value in [name, *requirements])
    where = ", ".join(sorted({*blocks, *inline})) if dev else "runtime"
    role = "devdep" if dev else "dep"
    return fact(f"gem.{role}.{name.lower()}", path, call.line, f"gem {shown} ({where})")


def _all_dev(groups: Sequence[str]) -> bool:
    return bool(groups) and all(group in _DEV_GROUPS for group in groups)


# --- *.gemspec ------------------------------------------------------------------------------

# The gems of the Rails framework: a gem that needs one at run time extends Rails apps (a
# mountable engine, an Active Record extension), as a Django add-on extends Django projects.
_RAILS_GEMS = frozenset(
    {"rails", "railties", "actionpack", "actionview", "activerecord", "activemodel", "actioncable"}
)
_RUNTIME_DEPENDENCY = frozenset({"add_dependency", "add_runtime_dependency"})
# An add-on is the repository's own gem at its root or one folder down; an application's
# components (`engines/billing/billing.gemspec`) are parts of the application.
_ADDON_DEPTH = 1


# A Jekyll theme published as a gem: it needs Jekyll at run time and packs a site's layouts
# (`spec.files` selects `_layouts`, `_includes`, `_sass`). A plugin gem packs its `lib/`.
_SITE_GENERATOR_GEMS = frozenset({"jekyll"})
_THEME_FOLDERS = re.compile(r"\b_(?:layouts|includes|sass)\b")


def parse_gemspec(path: str, text: str) -> Parsed:
    tokens = ruby_tokens(text)
    facts = [manifest_fact("gemspec", path)]
    deps = 0
    themed = path.count("/") <= _ADDON_DEPTH and _THEME_FOLDERS.search(text) is not None
    for index, token in enumerate(tokens):
        if token.kind != "ident" or token.text not in _RUNTIME_DEPENDENCY:
            continue
        if not _after_dot(tokens, index):
            continue
        named = strings(tokens[index + 1 : index + 4])
        if not named:
            continue
        deps += 1
        name = named[0].lower()
        if name in _RAILS_GEMS and path.count("/") <= _ADDON_DEPTH and len(facts) == 1:
            detail = f'a Rails add-on: {token.text} "{named[0]}"'
            facts.append(fact("gem.addon", path, token.line, detail))
        elif themed and name in _SITE_GENERATOR_GEMS:
            detail = f'a {named[0]} theme: {token.text} "{named[0]}" and its layouts packed'
            facts.append(fact("gem.site_theme", path, token.line, detail))
            themed = False
    return Parsed("gemspec", tuple(facts), deps)


# --- Podfile --------------------------------------------------------------------------------

_IOS_PLATFORMS = frozenset({"ios"})


def parse_podfile(path: str, text: str) -> Parsed:
    tokens = ruby_tokens(text)
    facts = [manifest_fact("podfile", path)]
    platforms: list[str] = []
    platform_line: int | None = None
    deps = 0
    for call in dsl_calls(tokens, frozenset({"pod", "platform"})):
        if call.name == "platform":
            named = [t.text for t in call.args if t.kind == "symbol"][:1]
            platforms.extend(named)
            platform_line = platform_line or call.line
            facts.extend(
                fact(f"pod.platform.{p}", path, call.line, f"platform :{p}") for p in named
            )
            continue
        args = strings(call.args)
        if args:
            root = args[0].split("/", 1)[0]
            shown = ", ".join(f"'{value}'" for value in args)
            facts.append(fact(f"pod.dep.{root.lower()}", path, call.line, f"pod {shown}"))
            deps += 1
    # CocoaPods defaults to iOS when no platform is declared.
    if not platforms or _IOS_PLATFORMS & set(platforms):
        facts.append(fact("mobile.ios", path, platform_line, "CocoaPods Podfile for iOS"))
    return Parsed("podfile", tuple(facts), deps)


# --- Gemfile.lock ---------------------------------------------------------------------------

_SOURCE_SECTIONS = frozenset({"GEM", "GIT", "PATH", "PLUGIN SOURCE"})
_LOCK_HEADER = re.compile(r"[A-Z][A-Z ]*")
_LOCK_SPEC = re.compile(r"    (?P<name>[^\s(]+)(?: \((?P<version>[^)]*)\))?")


def parse_gemfile_lock(path: str, text: str) -> Parsed:
    facts = [manifest_fact("gemfile-lock", path)]
    section = ""
    sections = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if not line[0].isspace():
            if not _LOCK_HEADER.fullmatch(line.rstrip()):
                raise MalformedManifest(f"line {number}: not a Gemfile.lock section")
            section = line.rstrip()
            sections += 1
            continue
        if section in _SOURCE_SECTIONS and line.startswith("    ") and line[4] != " ":
            facts.append(_lock_spec(path, number, line.rstrip()))
    if not sections:
        raise MalformedManifest("no sections (not a Gemfile.lock)")
    return Parsed("gemfile-lock", tuple(facts), len(facts) - 1)


def _lock_spec(path: str, number: int, line: str) -> Fact:
    match = _LOCK_SPEC.fullmatch(line)
    if match is None:
        raise MalformedManifest(f"line {number}: not a spec line")
    name = match.group("name")
    version = match.group("version") or "?"
    return fact(f"gem.lock.{name.lower()}", path, number, f"{name} ({version})")
