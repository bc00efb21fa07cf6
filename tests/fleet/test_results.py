"""The results file: a half-written last line is cut off, anything that is not a results file
is left alone, one run appends at a time, and every line is written whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackcheck.errors import StackcheckError
from stackcheck.fleet.results import ResultsFile, encode, read_results
from stackcheck.fleet.worker import SCHEMA


def line(source: str, **more: object) -> dict[str, object]:
    return {"schema": SCHEMA, "source": source, "rev": None, "error": None, **more}


def test_lines_are_appended_whole_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    results = ResultsFile.open(path)
    results.append(line("/a", verdict="suits"))
    results.append(line("/b", verdict="avoid"))
    # Each line is on disk as soon as append returns, before the file is closed.
    assert [json.loads(x)["source"] for x in path.read_text().splitlines()] == ["/a", "/b"]
    results.close()
    again = ResultsFile.open(path)
    assert again.latest("/b") == line("/b", verdict="avoid")
    assert again.latest("/c") is None
    again.close()


def test_a_half_written_last_line_is_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    whole = encode(line("/a", verdict="suits"))
    path.write_bytes(whole + encode(line("/b", verdict="avoid"))[:25])
    results = ResultsFile.open(path)
    assert [r["source"] for r in results.lines] == ["/a"]
    assert path.read_bytes() == whole
    results.append(line("/b", verdict="avoid"))
    results.close()
    assert [json.loads(x)["source"] for x in path.read_text().splitlines()] == ["/a", "/b"]


def test_a_first_line_cut_short_leaves_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    path.write_bytes(encode(line("/a"))[:30])
    ResultsFile.open(path).close()
    assert path.read_bytes() == b""


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"# my notes\nimportant\n", id="text"),
        pytest.param(b"no newline at all", id="one-line-text"),
        pytest.param(b'{"schema": "stackcheck.report/1"}\n', id="other-json"),
    ],
)
def test_a_file_that_is_not_a_results_file_is_not_touched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(StackcheckError, match="not a stackcheck fleet results file"):
        ResultsFile.open(path)
    assert path.read_bytes() == content


def test_a_damaged_line_in_the_middle_is_named(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    path.write_bytes(encode(line("/a")) + b"{oops\n" + encode(line("/b")))
    with pytest.raises(StackcheckError, match=r"results\.jsonl:2: not a JSON line"):
        ResultsFile.open(path)


def test_a_second_run_on_the_same_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    first = ResultsFile.open(path)
    try:
        with pytest.raises(StackcheckError, match="another fleet scan is writing"):
            ResultsFile.open(path)
    finally:
        first.close()
    ResultsFile.open(path).close()  # free again


def test_a_symbolic_link_is_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep\n")
    link = tmp_path / "results.jsonl"
    link.symlink_to(target)
    with pytest.raises(StackcheckError, match="symbolic link"):
        ResultsFile.open(link)
    assert target.read_text() == "keep\n"


def test_reading_for_a_report_leaves_out_an_unfinished_line_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    path.write_bytes(encode(line("/a")) + b'{"schema": "stackcheck.fl')
    loaded = read_results([path])
    assert [r["source"] for r in loaded.lines] == ["/a"]
    assert loaded.notes == [f"{path}: the last line is incomplete (a run still writing?); left out"]


def test_a_line_of_the_wrong_shape_is_named(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    path.write_bytes(encode(line("/a", cases="DJ901")))
    with pytest.raises(StackcheckError, match=r"results\.jsonl:1: .*cases is not a list"):
        read_results([path])
