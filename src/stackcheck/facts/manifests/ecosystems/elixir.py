"""Elixir's mix.exs, read at the token level: the `{:name, "~> 1.0", only: :test}` tuples
of the `deps` list. The file is Elixir code and is never evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from stackcheck.facts import Fact, fact
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.ecosystems.common import manifest_fact, skip_quoted

_EX_TOKEN = re.compile(
    r"""(?P<ws>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<heredoc>\"\"\"|''')
    | (?P<sigil>~[a-zA-Z]+(?=[(\[{<|/"']))
    | (?P<string>["'])
    | (?P<char>\?(?:\\.|[^\s]))
    | (?P<atom>:(?:[A-Za-z_][\w@]*[?!]?|"))
    | (?P<label>[A-Za-z_][\w@]*[?!]?:(?!:))
    | (?P<ident>[A-Za-z_][\w@]*[?!]?)
    | (?P<num>\d[\w.]*)
    | (?P<op>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_SIGIL_CLOSE = {"(": ")", "[": "]", "{": "}", "<": ">", "|": "|", "/": "/", '"': '"', "'": "'"}


def _sigil_opener(delimiter: str) -> str:
    """Bracket delimiters nest inside the sigil; quote-like ones do not."""
    return delimiter if delimiter in "([{<" else ""


_MIX_DEV_ENVS = frozenset({"dev", "test", "docs", "bench"})


class _Tok(NamedTuple):
    kind: str
    text: str
    line: int


def _elixir_tokens(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    line = 1
    while pos < len(text):
        match = _EX_TOKEN.match(text, pos)
        assert match is not None  # the `op` alternative matches any character
        kind = match.lastgroup or "op"
        start = pos
        pos = match.end()
        if kind == "sigil" and text.startswith(('"""', "'''"), pos):  # ~S""" heredoc sigil
            kind, pos = "heredoc", pos + 3
        if kind == "heredoc":
            end = text.find(text[pos - 3 : pos], pos)
            if end < 0:
                raise MalformedManifest(f"line {line}: heredoc not closed")
            pos = end + 3
        elif kind == "sigil":
            pos = skip_quoted(
                text, pos + 1, _SIGIL_CLOSE[text[pos]], line, opener=_sigil_opener(text[pos])
            )
        elif kind == "string":
            body_end = skip_quoted(text, pos, match.group(), line)
            tokens.append(_Tok("string", text[pos : body_end - 1], line))
            pos = body_end
        elif kind == "atom" and match.group().endswith('"'):
            body_end = skip_quoted(text, pos, '"', line)
            tokens.append(_Tok("atom", text[pos : body_end - 1], line))
            pos = body_end
        elif kind not in ("ws", "comment"):
            value = match.group()
            value = value[1:] if kind == "atom" else value[:-1] if kind == "label" else value
            tokens.append(_Tok(kind, value, line))
        line += text.count("\n", start, pos)
    return tokens


def parse_mix_exs(path: str, text: str) -> Parsed:
    tokens = _elixir_tokens(text)
    facts = [manifest_fact("mix-exs", path)]
    read_to = -1
    for start in _mix_dep_lists(tokens):
        if start < read_to:
            continue  # a deps list inside one already read: reading it again is quadratic
        found, read_to = _mix_deps(path, tokens, start)
        facts.extend(found)
    deps = len(facts) - 1
    packaged = False
    for token in tokens:
        if token.kind == "label" and token.text == "apps_path":
            facts.append(fact("mix.umbrella", path, token.line, "umbrella project (apps_path)"))
        elif token.kind == "label" and token.text == "package" and not packaged:
            # The project's Hex package metadata (`package: package()`): what `mix hex.publish`
            # publishes. A Phoenix application has none.
            packaged = True
            facts.append(fact("mix.package", path, token.line, "Hex package metadata (package:)"))
    return Parsed("mix-exs", tuple(facts), deps)


def _mix_dep_lists(tokens: list[_Tok]) -> Iterator[int]:
    """Index of the `[` opening each deps list: `defp deps do [...]` or `deps: [...]`."""
    texts = [token.text for token in tokens]
    for index, token in enumerate(tokens):
        if token.kind == "label" and token.text == "deps":
            ahead = index + 1
        elif (
            token.kind == "ident"
            and token.text in ("def", "defp")
            and texts[index + 1 : index + 2] == ["deps"]
        ):
            ahead = index + 2
            if texts[ahead : ahead + 2] == ["(", ")"]:
                ahead += 2
            if texts[ahead : ahead + 1] == ["do"]:
                ahead += 1
            elif texts[ahead : ahead + 2] == [",", "do"]:  # `defp deps, do: [...]`
                ahead += 2
            else:
                continue
        else:
            continue
        if ahead < len(tokens) and tokens[ahead].kind == "op" and tokens[ahead].text == "[":
            yield ahead


def _mix_deps(path: str, tokens: list[_Tok], start: int) -> tuple[list[Fact], int]:
    """The dependencies of the list opening at `start`, and the index just past it."""
    found: list[Fact] = []
    depth = 0
    index = start
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "op" and token.text in "[{(":
            if depth == 1 and token.text == "{":
                end = _matching(tokens, index)
                dependency = _mix_tuple(path, tokens[index + 1 : end])
                if dependency is not None:
                    found.append(dependency)
                index = end + 1
                continue
            depth += 1
        elif token.kind == "op" and token.text in "]})":
            depth -= 1
            if depth == 0:
                return found, index + 1
        index += 1
    raise MalformedManifest("deps list not closed")


def _matching(tokens: list[_Tok], start: int) -> int:
    depth = 0
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.kind == "op" and token.text in "[{(":
            depth += 1
        elif token.kind == "op" and token.text in "]})":
            depth -= 1
            if depth == 0:
                return index
    raise MalformedManifest(f"line {tokens[start].line}: bracket not closed")


def _mix_tuple(path: str, inner: list[_Tok]) -> Fact | None:
    if not inner or inner[0].kind != "atom":
        return None
    name = inner[0].text.lower()
    version = inner[2].text if len(inner) > 2 and inner[2].kind == "string" else ""
    only = _mix_only(inner)
    role = "devdep" if only and only <= _MIX_DEV_ENVS else "dep"
    detail = f":{name} {version}".rstrip()
    if only:
        detail += f" (only: {', '.join(sorted(only))})"
    return fact(f"mix.{role}.{name}", path, inner[0].line, detail)


def _mix_only(inner: list[_Tok]) -> frozenset[str]:
    """The environments of `only: :test` or `only: [:dev, :test]`; empty when not limited."""
    for index, token in enumerate(inner):
        if token.kind != "label" or token.text != "only":
            continue
        rest = inner[index + 1 :]
        if rest and rest[0].kind == "atom":
            return frozenset({rest[0].text})
        envs: set[str] = set()
        if rest and rest[0].text == "[":
            for value in rest[1:]:
                if value.kind == "op" and value.text == "]":
                    break
                if value.kind == "atom":
                    envs.add(value.text)
        return frozenset(envs)
    return frozenset()
