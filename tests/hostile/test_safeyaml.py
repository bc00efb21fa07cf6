"""The bounded YAML loader: plain data as before, and a refusal for every hostile shape."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stackcheck.facts import safeyaml
from stackcheck.facts.manifests import MalformedManifest
from stackcheck.facts.safeyaml import BadYAML, TooDeep, TooLarge, TooManyNodes, YAMLLimits


def laughs(levels: int, width: int = 9) -> str:
    """The classic billion-laughs document: each level names the one below `width` times."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def merge_laughs(levels: int) -> str:
    """The same bomb through merge keys, which PyYAML expands while constructing."""
    keys = ", ".join(f"k{i}: {i}" for i in range(10))
    lines = [f"m0: &m0 {{{keys}}}"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*m{level - 1}"] * 10)
        lines.append(f"m{level}: &m{level}\n  <<: [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", None, id="empty"),
        pytest.param("# only a comment\n", None, id="comment-only"),
        pytest.param("a: 1\nb: [x, y]\n", {"a": 1, "b": ["x", "y"]}, id="plain"),
        pytest.param(
            "base: &b {image: app}\nweb:\n  <<: *b\n  port: 80\n",
            {"base": {"image": "app"}, "web": {"image": "app", "port": 80}},
            id="anchor-and-merge-key",
        ),
        pytest.param("\ufeffa: 1\n", {"a": 1}, id="byte-order-mark"),
    ],
)
def test_ordinary_yaml_loads_as_plain_data(text: str, expected: object) -> None:
    assert safeyaml.load(text) == expected


def test_a_modest_alias_fan_out_is_fine() -> None:
    data = safeyaml.load(laughs(3))  # 9 ** 4 = 6,561 strings once expanded
    assert isinstance(data, dict)
    assert data["l3"][0][0][0] == ["lol"] * 9


def test_nodes_keep_their_lines() -> None:
    data, node = safeyaml.load_with_node("a: 1\n\nb:\n  c: 2\n")
    assert data == {"a": 1, "b": {"c": 2}}
    assert node is not None
    assert [k.start_mark.line + 1 for k, _ in node.value] == [1, 3]
    # Where nodes end is not kept (nothing reads it): most of a lock file's node tree.
    assert node.end_mark is None and all(v.end_mark is None for _, v in node.value)


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        pytest.param("a: [1\n", BadYAML, r"^invalid YAML: .*\(line 2\)$", id="unclosed-flow"),
        pytest.param("a: 1\n---\nb: 2\n", BadYAML, "invalid YAML", id="two-documents"),
        pytest.param("? [a]\n: b\n", BadYAML, "unhashable key", id="list-as-key"),
        pytest.param("a: *nowhere\n", BadYAML, "undefined alias", id="unknown-alias"),
        pytest.param("a: \x00\x01\n", BadYAML, "invalid YAML", id="control-characters"),
        pytest.param("a: \ud800\n", BadYAML, "invalid YAML", id="lone-surrogate"),
        pytest.param("a: 2001-13-45\n", BadYAML, "month must be", id="impossible-date"),
        pytest.param("a: " + "9" * 5000 + "\n", BadYAML, "invalid YAML value", id="huge-int"),
        pytest.param("a: !!python/object:os.system x\n", BadYAML, "constructor", id="python-tag"),
        pytest.param("a: !ENV HOME\n", BadYAML, "constructor", id="unknown-tag"),
        pytest.param("a: " + "[" * 100_000, TooDeep, "more than 100 levels", id="deep-flow"),
        pytest.param("- " * 3000 + "x\n", TooDeep, "more than 100 levels", id="deep-block"),
        pytest.param(laughs(9), TooManyNodes, "more than 1000000 nodes", id="billion-laughs"),
        pytest.param(merge_laughs(9), TooManyNodes, "YAML bomb", id="merge-key-laughs"),
        pytest.param("a: &a [1, *a]\n", TooManyNodes, "contains it", id="recursive-alias"),
        pytest.param("a: &a {b: *a}\n", TooManyNodes, "contains it", id="recursive-mapping"),
    ],
)
def test_hostile_yaml_is_refused_quickly(text: str, error: type[BadYAML], message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(error, match=message) as caught:
        safeyaml.load(text)
    assert time.perf_counter() - started < 20  # a hang guard, not a benchmark
    assert isinstance(caught.value, MalformedManifest)
    assert "\n" not in str(caught.value)


def test_aliases_of_a_scalar_count_once_per_use() -> None:
    """Scalars are not recorded while composing (most nodes are), yet each alias of one
    still counts as a node, and an alias of a scalar is never taken for a recursive one."""
    text = "a: &a x\nb: [*a, *a, *a, *a, *a, *a]\n"
    assert safeyaml.load(text) == {"a": "x", "b": ["x"] * 6}
    assert safeyaml.load(text, limits=YAMLLimits(max_nodes=11))  # the whole document
    with pytest.raises(TooManyNodes):
        safeyaml.load(text, limits=YAMLLimits(max_nodes=10))


def test_depth_through_aliases_counts() -> None:
    lines = ["d0: &d0 [x]"] + [f"d{i}: &d{i} [*d{i - 1}]" for i in range(1, 12)]
    text = "\n".join(lines) + "\n"
    assert safeyaml.load(text, limits=YAMLLimits(max_depth=20))
    with pytest.raises(TooDeep):
        safeyaml.load(text, limits=YAMLLimits(max_depth=10))


@pytest.mark.parametrize(
    ("limits", "error"),
    [
        pytest.param(YAMLLimits(max_chars=10), TooLarge, id="size"),
        pytest.param(YAMLLimits(max_nodes=5), TooManyNodes, id="nodes"),
        pytest.param(YAMLLimits(max_depth=1), TooDeep, id="depth"),
    ],
)
def test_each_limit_can_be_set(limits: YAMLLimits, error: type[BadYAML]) -> None:
    text = "a:\n  b: [1, 2, 3, 4, 5]\n"
    assert safeyaml.load(text) == {"a": {"b": [1, 2, 3, 4, 5]}}
    with pytest.raises(error):
        safeyaml.load(text, limits=limits)


def test_tolerant_loading_reads_unknown_tags_as_data() -> None:
    text = "a: !ENV HOME\nb: !!python/name:pkg.fn\nc: !custom [1, 2]\nd: !m {k: v}\n"
    expected = {"a": "HOME", "b": "", "c": [1, 2], "d": {"k": "v"}}
    assert safeyaml.load(text, tolerant=True) == expected
    with pytest.raises(TooManyNodes):
        safeyaml.load(laughs(9), tolerant=True)  # tolerant of tags, not of bombs


def test_compose_builds_no_values() -> None:
    node = safeyaml.compose("a: !!python/object/apply:os.system [echo]\n")
    assert node is not None  # composing never constructs, so the tag is only a label
    with pytest.raises(TooManyNodes):
        safeyaml.compose(laughs(9))


def test_composing_stays_in_python() -> None:
    """libyaml's C composer overflows the C stack on deep nesting; it must never be used.
    Its parser (iterative) may supply the events."""
    import yaml
    from yaml.composer import Composer

    loader = safeyaml._loader_class(False)
    assert issubclass(loader, Composer)
    assert loader.get_single_node is Composer.get_single_node
    assert loader.compose_document is Composer.compose_document
    mro = loader.__mro__
    if any(base.__name__ == "CParser" for base in mro):
        assert mro.index(Composer) < next(i for i, b in enumerate(mro) if b.__name__ == "CParser")
    assert yaml.constructor.SafeConstructor in mro


PARITY_DOCS = [
    "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      vite:\n"
    "        specifier: workspace:*\n        version: link:packages/vite\n",
    "services:\n  web:\n    image: python:3.12\n    ports: ['8000:8000']\n    command: >\n"
    "      gunicorn app.wsgi\n",
    "base: &b {a: 1, b: [1, 2, 3]}\nderived:\n  <<: *b\n  c: !!str 3\n",
    "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
    "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
    "just a scalar\n",
    "",
]


@pytest.mark.parametrize("text", PARITY_DOCS)
def test_both_event_sources_load_the_same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With or without libyaml, the same data and the same line numbers."""
    import yaml

    def loaded() -> tuple[object, list[int]]:
        safeyaml._loader_class.cache_clear()
        data, node = safeyaml.load_with_node(text, tolerant=True)
        lines = []
        pending = [node] if node is not None else []
        while pending:
            current = pending.pop()
            lines.append(current.start_mark.line)
            if isinstance(current.value, list):
                for child in current.value:
                    pending.extend(child if isinstance(child, tuple) else (child,))
        return data, lines

    native = loaded()
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    pure = loaded()
    safeyaml._loader_class.cache_clear()
    assert native == pure


# --- a root mapping built entry by entry (load) --------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.text(alphabet="abcxyz -:#@*&!'\"{}[],.0123", max_size=8),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(alphabet="abcxyz@-:", min_size=1, max_size=6), inner, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    root=st.dictionaries(
        st.one_of(st.text(alphabet="abcxyz@-: ", min_size=1, max_size=8), st.integers()),
        _values,
        max_size=8,
    ),
    flow=st.sampled_from([False, None, True]),
    anchored=st.booleans(),
)
def test_a_root_built_entry_by_entry_is_the_document_loaded_whole(
    root: dict[object, object], flow: bool | None, anchored: bool
) -> None:
    """load builds a plain root mapping entry by entry; the data is what composing the whole
    node tree and constructing it gives, for any mapping, any style, and with anchors that
    later entries name."""
    import yaml

    text = yaml.safe_dump(root, default_flow_style=flow, sort_keys=False)
    if anchored:  # block style, so that entries can be written around the dumped ones
        block = yaml.safe_dump(root, default_flow_style=False, sort_keys=False) if root else ""
        text = f"shared: &shared {{k: [1, 2]}}\n{block}again: *shared\nmore: [*shared]\n"
    whole, _ = safeyaml.load_with_node(text)
    assert safeyaml.load(text) == whole
    if isinstance(whole, dict):
        assert list(safeyaml.load(text)) == list(whole)  # (in the same order)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "a: &a {x: 1}\n<<: *a\nb: 2\n", {"a": {"x": 1}, "x": 1, "b": 2}, id="root-merge-key"
        ),
        pytest.param("a: 1\na: 2\n", {"a": 2}, id="duplicate-key-last-wins"),
        pytest.param("--- !!map\na: 1\n", {"a": 1}, id="explicit-map-tag"),
        pytest.param("&root\na: 1\n", {"a": 1}, id="anchored-root"),
        pytest.param("[1, 2]\n", [1, 2], id="sequence-root"),
        pytest.param("!!omap\n- a: 1\n", [("a", 1)], id="other-root-tag"),
    ],
)
def test_roots_that_are_not_built_entry_by_entry_load_as_before(
    text: str, expected: object
) -> None:
    assert safeyaml.load(text) == expected == safeyaml.load_with_node(text)[0]


def test_an_unhashable_root_key_is_refused_with_its_line() -> None:
    with pytest.raises(BadYAML, match=r"unhashable key \(line 2\)"):
        safeyaml.load("a: 1\n? [x]\n: 2\n")


def test_bombs_at_the_root_are_refused_while_built_entry_by_entry() -> None:
    """Aliases of an anchor from an earlier entry are counted expanded, as in a whole
    tree: the bound is on the document, not on one entry."""
    entries = "".join(f"e{i}: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" for i in range(50))
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n" + entries
    assert safeyaml.load(text, limits=YAMLLimits(max_nodes=20_000))
    with pytest.raises(TooManyNodes):
        safeyaml.load(text, limits=YAMLLimits(max_nodes=5_000))  # 50 × 111 nodes and more


def test_a_large_lock_file_never_holds_its_whole_node_tree() -> None:
    """The peak while loading a lock-file-shaped document entry by entry is a fraction of
    the peak of composing its whole node tree (marks, nodes and sizes for every scalar)."""
    import tracemalloc

    entries = "".join(
        f'"pkg{i}@npm:^1.{i}.0, pkg{i}@npm:^1.0.0":\n  version: 1.{i}.3\n'
        f'  resolution: "pkg{i}@npm:1.{i}.3"\n  dependencies:\n    dep{i}: "npm:^2.0.0"\n'
        f"  checksum: {i:064x}\n  languageName: node\n  linkType: hard\n\n"
        for i in range(3000)
    )
    text = "__metadata:\n  version: 8\n  cacheKey: 10\n\n" + entries

    def peak(load: Callable[[], object]) -> int:
        tracemalloc.start()
        try:
            load()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    by_entry = peak(lambda: safeyaml.load(text))
    whole = peak(lambda: safeyaml.load_with_node(text))
    assert by_entry < whole / 2, (by_entry, whole)
