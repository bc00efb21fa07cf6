"""Runs of files whose merged facts the cache keeps (facts/runs.py): a scan that takes most
runs whole from the cache gives exactly the facts of a scan without the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RepoFactory, git
from stackcheck import memory
from stackcheck.cache import Cache, blob_id
from stackcheck.facts import Facts, Manifest, Skipped, fact, runs
from stackcheck.facts import collect as collect_module
from stackcheck.facts.collect import collect
from stackcheck.source.discover import Exclusions, discover, filter_listing
from stackcheck.source.listing import Entry, Listing, RepoFiles

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_NAMES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def tree(files: dict[str, bytes]) -> RepoFiles:
    """A tree held in memory whose blob ids are known, as git's listings give them."""

    def read(path: str, limit: int) -> bytes:
        return files[path][: limit + 1]

    entries = [Entry(p, len(c), blob_id(c)) for p, c in sorted(files.items())]
    return filter_listing(Listing(Path("/tree"), entries, [], read, None, True), Exclusions())


def fixture_files(name: str) -> dict[str, bytes]:
    root = FIXTURES / name
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def comparable(facts: Facts) -> tuple[object, ...]:
    return (facts.values, facts.manifests, facts.skipped, facts.files)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(FIXTURE_NAMES), run_files=st.sampled_from([1, 2, 3, 64]), data=st.data()
)
def test_facts_from_kept_runs_are_the_facts_of_a_scan_without_the_cache(
    name: str, run_files: int, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    files = fixture_files(name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runs, "RUN_FILES", run_files)
        cache = Cache(tmp_path_factory.mktemp("cache"))
        collect(tree(files), cache=cache)
        # An edit (the hook's case), a file added and one removed: every other run is whole.
        edited = data.draw(st.sampled_from(sorted(files)))
        files[edited] = files[edited] + b"\n# edited\n"
        files["extra/added.py"] = b"import requests\n"
        removed = data.draw(st.sampled_from(sorted(files)))
        if removed != edited:
            del files[removed]
        after = tree(files)
        assert comparable(collect(after, cache=cache)) == comparable(collect(after))


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(FIXTURE_NAMES),
    run_files=st.sampled_from([4, 64, 10**6]),
    chunk_files=st.sampled_from([1, 2, 3]),
    data=st.data(),
)
def test_a_servers_kept_chunks_give_the_facts_of_a_scan_without_the_cache(
    name: str,
    run_files: int,
    chunk_files: int,
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A resident server merges the runs it builds again from the chunks it kept (memory.py):
    edit after edit, the same facts as a scan that reads every file."""
    files = fixture_files(name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runs, "RUN_FILES", run_files)
        patch.setattr(runs, "CHUNK_FILES", chunk_files)
        memory.keep()
        try:
            cache = Cache(tmp_path_factory.mktemp("cache"))
            collect(tree(files), cache=cache)
            for count in range(3):  # the same file edited again and again, then another
                edited = data.draw(st.sampled_from(sorted(files)))
                files[edited] = files[edited] + f"\n# edit {count}\n".encode()
                after = tree(files)
                assert comparable(collect(after, cache=cache)) == comparable(collect(after))
                memory.write_pending()
        finally:
            memory.forget()


def files_asked_of_the_cache(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many files each collect asks the cache for one by one (the rest come in runs)."""
    asked: list[int] = []
    original = collect_module._cached_results
    monkeypatch.setattr(
        collect_module,
        "_cached_results",
        lambda jobs, *rest: asked.append(len(jobs)) or original(jobs, *rest),
    )
    return asked


def test_a_long_run_is_merged_from_its_kept_chunks_after_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"app/m{n:02}.py": f"import django\nX = {n}\n".encode() for n in range(60)}
    monkeypatch.setattr(runs, "RUN_FILES", 10**6)  # one run of every file
    monkeypatch.setattr(runs, "CHUNK_FILES", 4)
    asked = files_asked_of_the_cache(monkeypatch)
    memory.keep()
    try:
        cache = Cache(tmp_path)
        collect(tree(files), cache=cache)
        for edit in range(3):
            files["app/m07.py"] += f"Y = {edit}\n".encode()
            assert comparable(collect(tree(files), cache=cache)) == comparable(collect(tree(files)))
    finally:
        memory.forget()
    # The first scan keeps the run's chunks as it builds them; each scan after an edit
    # (every other entry: the scans without a cache come between) fetches the edited
    # file's chunk file by file and takes every other chunk whole.
    assert asked[0] == 60
    assert all(0 < count < 60 // 4 for count in asked[1::2])


def test_most_files_come_from_kept_runs_after_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"app/m{n:02}.py": f"import django\nX = {n}\n".encode() for n in range(40)}
    files["requirements.txt"] = b"Django>=5\n"
    monkeypatch.setattr(runs, "RUN_FILES", 4)
    asked = files_asked_of_the_cache(monkeypatch)
    cache = Cache(tmp_path)
    collect(tree(files), cache=cache)
    files["app/m07.py"] += b"Y = 1\n"
    collect(tree(files), cache=cache)
    assert asked[0] == 41
    assert 0 < asked[1] < 41 // 2  # only the edited file's run is fetched file by file


def test_a_run_with_a_fractional_value_or_an_unkept_file_is_not_kept() -> None:
    whole = runs.RunBuilder()
    whole.add((fact("a", "x.py", 1, "d", 2.0),), Manifest("x.py", "k", 1), None, True)
    done = whole.done()
    assert done is not None and done.values["a"].value == 2.0 and done.files == 1
    fractional = runs.RunBuilder()
    fractional.add((fact("a", "x.py", 1, "d", 0.1),), None, None, True)
    assert fractional.done() is None
    unkept = runs.RunBuilder()
    unkept.add((), None, Skipped("y.py", "why"), False)
    unkept.add((fact("a", "x.py", 1, "d"),), None, None, True)
    assert unkept.done() is None


def test_an_including_file_keeps_its_run_out_of_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The included file's job is added after the listed ones: a run taken whole would
    leave it out."""
    monkeypatch.setattr(runs, "RUN_FILES", 1)  # a run per file
    files = {
        "requirements.txt": b"-r base.txt\nflask\n",
        "base.txt": b"Django\n",
        "app.py": b"import flask\n",
    }
    cache = Cache(tmp_path)
    collect(tree(files), cache=cache)
    including = runs.run_key([("requirements.txt", blob_id(files["requirements.txt"]))])
    alone = runs.run_key([("app.py", blob_id(files["app.py"]))])
    assert including is not None and alone is not None
    assert cache.get_many([including]) == {} and len(cache.get_many([alone])) == 1
    files["app.py"] += b"import requests\n"
    again = collect(tree(files), cache=cache)
    assert "py.dep.django" in again.values
    assert comparable(again) == comparable(collect(tree(files)))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda v: {**v, "f": [["a", "not a number", []]]}, id="value-not-a-number"),
        pytest.param(lambda v: {**v, "n": v["n"] + 1}, id="another-file-count"),
        pytest.param(lambda v: {**v, "m": [["x", "k"]]}, id="manifest-not-a-triple"),
        pytest.param(lambda v: "text", id="not-an-object"),
    ],
)
def test_a_damaged_run_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    monkeypatch.setattr(runs, "RUN_FILES", 10**6)
    files = {f"m{n}.py": f"import django\nX = {n}\n".encode() for n in range(5)}
    cache = Cache(tmp_path)
    expected = collect(tree(files))
    collect(tree(files), cache=cache)
    run = runs.run_key([(p, blob_id(c)) for p, c in sorted(files.items())])
    assert run is not None
    (entry,) = cache.get_many([run]).values()
    cache.put_many({run: damage(entry)})  # type: ignore[operator]
    files["m0.py"] += b"\n"  # (so the whole tree's own entry does not answer)
    expected = collect(tree(files))
    assert comparable(collect(tree(files), cache=cache)) == comparable(expected)


PATHS = st.text("abcdef/._", min_size=1, max_size=12)


@settings(max_examples=100)
@given(
    paths=st.lists(
        st.text("abcdef/._", min_size=1, max_size=12), min_size=1, max_size=200, unique=True
    ),
    inserted=st.text("abcdef/._", min_size=1, max_size=12),
)
def test_a_path_added_changes_only_the_run_it_falls_in(paths: list[str], inserted: str) -> None:
    paths = sorted(paths)
    if inserted in paths:
        return
    before = [tuple(paths[s:e]) for s, e in runs.bounds(paths)]
    grown = sorted([*paths, inserted])
    after = [tuple(grown[s:e]) for s, e in runs.bounds(grown)]
    assert sum(len(r) for r in after) == len(grown)
    changed = [r for r in after if r not in before]
    assert len([r for r in changed if inserted in r]) == 1
    assert len(changed) <= 2  # (a path that ends a run splits the run it falls in)
    assert len(set(before) - set(after)) <= 1  # (none when it starts a run at the end)


def test_helpers_analyse_the_runs_the_cache_does_not_hold(
    repo: RepoFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked helpers take the files of the runs that must be analysed again; the caller
    merges the kept runs whole between their results, in the files' order."""
    root = repo("verdict-dj108-shop-notifications")
    monkeypatch.setattr(runs, "RUN_FILES", 2)
    cache = Cache(tmp_path / "cache")
    collect(discover(root), cache=cache)
    for path in sorted(p for p in root.rglob("*.py") if ".git" not in p.parts)[::3]:
        path.write_text(path.read_text() + "\nimport requests\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "every third Python file changed")
    monkeypatch.setattr(collect_module, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(collect_module, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(collect_module, "CHUNK", 1)
    whole: list[int] = []
    known_at = runs.Runs.known_at
    monkeypatch.setattr(
        runs.Runs,
        "known_at",
        lambda self, i: ((found := known_at(self, i)) and whole.append(i)) or found,
    )
    again = collect(discover(root), cache=cache)
    assert whole  # some runs were taken whole, others analysed
    assert comparable(again) == comparable(collect(discover(root)))
    assert again.files_read > 0
