"""stackcheck render: a saved JSON report renders byte for byte as its command printed it;
and every fixture's scan, diff and history JSON is valid against docs/report.schema.json.

Every fixture becomes a repository of two commits (every other file, then all of them), so
each gives a scan, a diff with something in it, and a history of two commits. One run of a
command writes its JSON and every other format from the same scan (`--output-format`); the
stdout format carries `--color`, and every other fixture is scanned with `-v`. Rendering the
JSON must give each of those outputs exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import FIXTURES, two_commits
from stackcheck.cli import cli
from stackcheck.report.formats import DIFF_FORMATS, FORMATS, HISTORY_FORMATS

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "report.schema.json"
ALL_FIXTURES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
EXTENSIONS = {"html": "html", "badge": "svg", "junit": "xml"}


def invoke(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, env={"NO_COLOR": None}, color=True)


def outputs(folder: Path, names: tuple[str, ...]) -> list[tuple[str, Path]]:
    return [(name, folder / f"out-{name}.{EXTENSIONS.get(name, 'txt')}") for name in names]


def assert_valid(saved: Path, kind: str) -> None:
    """The report is what docs/report.schema.json publishes."""
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = json.loads(saved.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    defs = schema["$defs"]
    jsonschema.Draft202012Validator({**defs[kind], "$defs": defs}).validate(data)


def assert_renders_each(saved: Path, written: list[tuple[str, Path]], options: list[str]) -> None:
    for name, path in written:
        again = path.with_name("again-" + path.name)
        done = invoke("render", str(saved), "--format", name, *options, "-o", str(again))
        assert done.exit_code == 0, (name, done.output)
        assert again.read_bytes() == path.read_bytes(), name


@pytest.mark.parametrize("fixture", ALL_FIXTURES)
def test_render_gives_what_each_command_printed(tmp_path: Path, fixture: str) -> None:
    root = two_commits(tmp_path, fixture)
    verbose = ["-v"] if ALL_FIXTURES.index(fixture) % 2 == 0 else []

    # A scan: text with colour on stdout, every other format written beside the JSON.
    scan_formats = tuple(n for n in FORMATS if n not in ("json", "text"))
    written = outputs(tmp_path, scan_formats)
    extra = [f"--output-format={name}={path}" for name, path in written]
    saved = tmp_path / "scan.json"
    done = invoke(
        "scan", str(root), "--format", "text", "--color", *verbose, "--exit-zero",
        f"--output-format=json={saved}", *extra,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    again = invoke("render", str(saved), "--format", "text", "--color", *verbose)
    assert again.exit_code == 0
    assert again.output == done.output
    assert "\x1b[" in again.output
    assert_valid(saved, "report")
    assert_renders_each(saved, [*written, ("json", saved)], verbose)

    # A diff of the two commits, the same way.
    diff_formats = tuple(n for n in DIFF_FORMATS if n not in ("json", "text"))
    written = outputs(tmp_path / "diff", diff_formats)
    (tmp_path / "diff").mkdir()
    extra = [f"--output-format={name}={path}" for name, path in written]
    saved = tmp_path / "diff.json"
    done = invoke(
        "diff", "HEAD~1", "HEAD", str(root), "--format", "text", "--color", *verbose,
        "--exit-zero", f"--output-format=json={saved}", *extra,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    again = invoke("render", str(saved), "--format", "text", "--color", *verbose)
    assert again.output == done.output
    assert_valid(saved, "diff")
    assert_renders_each(saved, [*written, ("json", saved)], verbose)

    # A history, the same way.
    history_formats = tuple(n for n in HISTORY_FORMATS if n not in ("json", "text"))
    written = outputs(tmp_path / "history", history_formats)
    (tmp_path / "history").mkdir()
    extra = [f"--output-format={name}={path}" for name, path in written]
    saved = tmp_path / "history.json"
    done = invoke(
        "history", "HEAD", str(root), "--format", "text", f"--output-format=json={saved}", *extra
    )
    assert done.exit_code == 0, done.output
    assert len(json.loads(saved.read_text(encoding="utf-8"))["commits"]) == 2
    assert_valid(saved, "history")
    again = invoke("render", str(saved), "--format", "text")
    assert again.output == done.output
    assert_renders_each(saved, [*written, ("json", saved)], [])


def test_render_reads_standard_input(repo) -> None:  # type: ignore[no-untyped-def]
    root = repo("verdict-dj901-plain-html")
    saved = invoke("scan", str(root), "--format", "json", "--exit-zero").output
    done = invoke("render", "-", "--format", "badge-json", stdin=saved)
    assert done.exit_code == 0
    assert json.loads(done.output) == {
        "schemaVersion": 1,
        "label": "django",
        "message": "avoid: static site",
        "color": "red",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("{", "not JSON", id="broken"),
        pytest.param("[]", "the JSON is not an object", id="a-list"),
        pytest.param('{"schema": "other/1"}', "unknown report kind 'other/1'", id="unknown-kind"),
        pytest.param('{"schema": "stackcheck.report/1"}', "target: missing", id="incomplete"),
        pytest.param("[" * 100 + "]" * 100, "nested deeper than 32 levels", id="too-deep"),
        pytest.param(
            '{"schema": "stackcheck.history/1", "target": {"path": ".", "rev": 1}, '
            '"rule_details": {}, "commits": []}',
            "target.rev: not the expected type",
            id="wrong-type",
        ),
    ],
)
def test_a_file_that_is_no_report_is_a_one_line_usage_error(
    tmp_path: Path, text: str, message: str
) -> None:
    saved = tmp_path / "report.json"
    saved.write_text(text, encoding="utf-8")
    done = invoke("render", str(saved), "--format", "text")
    assert done.exit_code == 2
    lines = done.output.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"stackcheck: error: {saved}: ")
    assert message in lines[0]


def test_a_format_the_report_kind_has_not_is_a_usage_error(repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = two_commits(tmp_path, "verdict-dj101-blog")
    saved = tmp_path / "history.json"
    invoke("history", "HEAD", str(root), "--format", "json", "-o", str(saved))
    done = invoke("render", str(saved), "--format", "sarif")
    assert done.exit_code == 2
    assert done.output == (
        "stackcheck: error: --format sarif: a history report renders as "
        "text, json, markdown, json-lines, html\n"
    )
    saved = tmp_path / "diff.json"
    invoke("diff", "HEAD~1", "HEAD", str(root), "--format", "json", "-o", str(saved))
    done = invoke("render", str(saved), "--format", "badge")
    assert done.exit_code == 2
    assert "a diff report renders as" in done.output


def test_diff_refuses_a_badge_in_one_line(tmp_path: Path) -> None:
    root = two_commits(tmp_path, "verdict-dj101-blog")
    for args in (["--format", "badge"], ["--output-format", "badge-json=b.json"]):
        done = invoke("diff", "HEAD~1", "HEAD", str(root), *args)
        assert done.exit_code == 2
        assert len(done.output.splitlines()) == 1
        assert "a badge shows one scan's verdict" in done.output


def test_an_oversized_report_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from stackcheck.report import load

    saved = tmp_path / "big.json"
    with saved.open("wb") as handle:
        handle.truncate(load.MAX_BYTES + 1)
    done = invoke("render", str(saved), "--format", "text")
    assert done.exit_code == 2
    assert "larger than 64 MiB" in done.output


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d.update(verdict="maybe"), id="unknown-verdict"),
        pytest.param(lambda d: d["use_cases"][0].update(confidence=1.5), id="confidence-over-1"),
        pytest.param(lambda d: d["target"].pop("rev"), id="no-rev"),
        pytest.param(lambda d: d["stack"].update(kind="spaceship"), id="unknown-kind"),
    ],
)
def test_the_schema_refuses_what_the_contract_does_not_allow(repo, change) -> None:  # type: ignore[no-untyped-def]
    import jsonschema

    root = repo("verdict-dj101-blog")
    data = json.loads(invoke("scan", str(root), "--format", "json").output)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    change(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)
