"""stackcheck diff: the pure comparison, the exit code policy, real repositories, every format."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import RepoFactory, git
from stackcheck.cache import Cache, SharedCache
from stackcheck.cli import cli
from stackcheck.config import Settings
from stackcheck.facts import Evidence, Fact, Facts
from stackcheck.judge.evaluate import Finding
from stackcheck.judge.rules import Docs, Rule
from stackcheck.judge.verdict import Verdict
from stackcheck.pipeline import scan
from stackcheck.report import Report
from stackcheck.report.changes import ReportDiff, compare, new_findings, worse
from stackcheck.report.formats import FORMATS, RenderOptions, diff_renderer

SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json"

# --- hand-built reports for the pure comparison ------------------------------------------

DOCS = Docs("detects", "why", "example", "instead", ())


def rule(rule_id: str, slug: str, kind: str, **extra: Any) -> Rule:
    return Rule(rule_id, slug, f"Title of {slug}", kind, (), DOCS, (), f"{rule_id}.toml", **extra)


FULLSTACK = rule("DJ101", "fullstack", "use-case")
REST = rule("DJ102", "rest-api", "use-case")
STATIC = rule("DJ901", "static-site", "avoid", alternative="plain HTML")
REALTIME = rule("DJ903", "pure-realtime", "avoid", alternative="Node.js")
NOT_YET = rule("DJ201", "not-django-yet", "warning", message="Another framework")


def found(r: Rule, confidence: float, *paths: str) -> Finding:
    return Finding(
        r, confidence, ("a reason",), tuple(Evidence(p, 1, f"seen in {p}") for p in paths)
    )


def report(
    verdict: str,
    *,
    use_cases: Sequence[Finding] = (),
    avoid: Sequence[Finding] = (),
    warnings: Sequence[Finding] = (),
    weak: Sequence[Finding] = (),
    evidence: Sequence[str] = (),
    rev: str | None = None,
) -> Report:
    facts = {
        f"seen.{i}": Fact(f"seen.{i}", 1.0, (Evidence(p, 3, "a fact"),))
        for i, p in enumerate(evidence)
    }
    return Report(
        target=".",
        rev=rev,
        verdict=Verdict(verdict, tuple(use_cases), tuple(avoid), tuple(warnings), tuple(weak)),
        facts=Facts(facts, files=4),
        seconds=0.1,
        rules=(FULLSTACK, REST, NOT_YET, STATIC, REALTIME),
    )


def ids(found: Sequence[Finding]) -> list[str]:
    return [f.rule.id for f in found]


APP = report("suits", use_cases=[found(FULLSTACK, 0.8, "app/views.py")])
STATIC_SITE = report("avoid", avoid=[found(STATIC, 0.7, "index.html")])


@pytest.mark.parametrize(
    ("base", "head", "expected"),
    [
        pytest.param(APP, APP, {}, id="nothing-changed"),
        pytest.param(STATIC_SITE, STATIC_SITE, {}, id="known-avoid-state"),
        pytest.param(APP, STATIC_SITE, {"tripped": ["DJ901"], "lost": ["DJ101"]}, id="tripped"),
        pytest.param(STATIC_SITE, APP, {"cleared": ["DJ901"], "gained": ["DJ101"]}, id="cleared"),
        pytest.param(
            APP,
            report(
                "suits",
                use_cases=[found(FULLSTACK, 0.8), found(REST, 0.6)],
                warnings=[found(NOT_YET, 0.5)],
                weak=[found(REALTIME, 0.4)],
            ),
            {"gained": ["DJ102"], "new_warnings": ["DJ201", "DJ903"]},
            id="gained-and-new-warnings",
        ),
        pytest.param(
            report("suits", use_cases=[found(FULLSTACK, 0.8)], weak=[found(REALTIME, 0.4)]),
            report("avoid", avoid=[found(REALTIME, 0.4)]),
            {"tripped": ["DJ903"], "lost": ["DJ101"], "resolved_warnings": ["DJ903"]},
            id="weak-case-decides-once-use-cases-are-lost",
        ),
        pytest.param(
            report("avoid", avoid=[found(STATIC, 0.7), found(REALTIME, 0.9)]),
            STATIC_SITE,
            {"cleared": ["DJ903"], "moved": ["DJ903"]},
            id="one-of-two-cleared",
        ),
    ],
)
def test_compare_sorts_rules_by_what_happened(
    base: Report, head: Report, expected: dict[str, list[str]]
) -> None:
    diff = compare(base, head)
    for field in ("tripped", "cleared", "gained", "lost", "new_warnings", "resolved_warnings"):
        assert ids(getattr(diff, field)) == expected.get(field, []), field
    if "moved" not in expected:
        assert diff.moved == ()
    assert diff.unchanged == (not expected and base.verdict.verdict == head.verdict.verdict)


@pytest.mark.parametrize(
    ("before", "after", "threshold", "moved"),
    [
        pytest.param(0.8, 0.8, 0.1, False, id="same"),
        pytest.param(0.8, 0.85, 0.1, False, id="below-threshold"),
        pytest.param(0.6, 0.7, 0.1, True, id="exactly-the-threshold"),
        pytest.param(0.9, 0.5, 0.1, True, id="down"),
        pytest.param(0.8, 0.85, 0.05, True, id="lower-threshold"),
    ],
)
def test_confidence_moves_above_the_threshold(
    before: float, after: float, threshold: float, moved: bool
) -> None:
    base = report("avoid", avoid=[found(STATIC, before)])
    head = report("avoid", avoid=[found(STATIC, after)])
    diff = compare(base, head, threshold=threshold)
    assert [(m.rule_id, m.delta) for m in diff.moved] == (
        [("DJ901", round(after - before, 2))] if moved else []
    )


def test_files_added_and_removed_only_when_they_carry_evidence() -> None:
    base = report(
        "suits", use_cases=[found(FULLSTACK, 0.8, "app/views.py")], evidence=["manage.py"]
    )
    head = report("avoid", avoid=[found(STATIC, 0.7, "index.html")], evidence=["site.css"])
    diff = compare(
        base,
        head,
        base_files=["app/views.py", "manage.py", "README.md", "kept.txt"],
        head_files=["index.html", "site.css", "notes.txt", "kept.txt"],
    )
    assert [(c.path, [e.detail for e in c.evidence]) for c in diff.files_added] == [
        ("index.html", ["seen in index.html"]),
        ("site.css", ["a fact"]),
    ]
    assert [c.path for c in diff.files_removed] == ["app/views.py", "manage.py"]


@pytest.mark.parametrize(
    ("base", "head", "fail_on", "fails"),
    [
        pytest.param(APP, APP, "avoid", False, id="nothing-changed"),
        pytest.param(STATIC_SITE, STATIC_SITE, "avoid", False, id="old-known-state"),
        pytest.param(STATIC_SITE, APP, "avoid", False, id="cleared"),
        pytest.param(APP, STATIC_SITE, "never", False, id="never"),
        pytest.param(APP, STATIC_SITE, "avoid", True, id="tripped"),
        pytest.param(APP, STATIC_SITE, "warning", True, id="tripped-warning-policy"),
        pytest.param(
            APP,
            report("suits", use_cases=[found(FULLSTACK, 0.8)], warnings=[found(NOT_YET, 0.5)]),
            "avoid",
            False,
            id="new-warning-under-avoid",
        ),
        pytest.param(
            APP,
            report("suits", use_cases=[found(FULLSTACK, 0.8)], warnings=[found(NOT_YET, 0.5)]),
            "warning",
            True,
            id="new-warning-under-warning",
        ),
        pytest.param(
            report("avoid", avoid=[found(STATIC, 0.7)]),
            report("avoid", avoid=[found(STATIC, 0.7), found(REALTIME, 0.9)]),
            "avoid",
            True,
            id="second-case-tripped-on-an-avoid-base",
        ),
    ],
)
def test_worse_fails_only_on_what_the_change_made_worse(
    base: Report, head: Report, fail_on: str, fails: bool
) -> None:
    assert worse(compare(base, head), fail_on) is fails


def test_new_findings_keeps_only_what_is_new() -> None:
    base = report("suits", use_cases=[found(FULLSTACK, 0.8)], warnings=[found(NOT_YET, 0.5)])
    head = report(
        "suits",
        use_cases=[found(FULLSTACK, 0.8), found(REST, 0.6)],
        warnings=[found(NOT_YET, 0.5)],
        weak=[found(REALTIME, 0.4)],
    )
    cut = new_findings(compare(base, head)).verdict
    assert (ids(cut.use_cases), ids(cut.avoid), ids(cut.warnings)) == (["DJ102"], [], [])
    assert ids(cut.low_confidence_avoid) == ["DJ903"]
    assert cut.verdict == "suits"


# --- real repositories ---------------------------------------------------------------------

DJANGO_APP = {
    "requirements.txt": "Django>=4.2\n",
    "manage.py": "import os\nfrom django.core.management import execute_from_command_line\n",
    "config/settings.py": 'INSTALLED_APPS = ["django.contrib.admin", "blog"]\n',
    "config/urls.py": (
        "from django.urls import path\n\nfrom blog import views\n\n"
        'urlpatterns = [path("", views.index)]\n'
    ),
    "blog/views.py": (
        "from django.shortcuts import render\n\n\ndef index(request):\n"
        '    return render(request, "blog/index.html", {})\n'
    ),
    "blog/models.py": (
        "from django.db import models\n\n\nclass Post(models.Model):\n"
        "    title = models.CharField(max_length=200)\n"
    ),
    "blog/templates/blog/base.html": "<body>{% block content %}{% endblock %}</body>\n",
    "blog/templates/blog/index.html": "{% block content %}<h1>{{ title }}</h1>{% endblock %}\n",
    "blog/templates/blog/post.html": "{% block content %}<p>{{ post.body }}</p>{% endblock %}\n",
}
PAGES = {
    "index.html": "<html><body><h1>Home</h1></body></html>\n",
    "about.html": "<html><body><p>About us</p></body></html>\n",
}


def commit_tree(root: Path, files: dict[str, str], message: str) -> None:
    """Replace the whole tree with `files` and commit it."""
    git(root, "rm", "-rq", "--ignore-unmatch", ".")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


@pytest.fixture
def app_then_pages(repo: RepoFactory) -> Path:
    """A Django app, then a commit that deletes it and leaves only HTML pages."""
    root = repo(files=DJANGO_APP)
    commit_tree(root, PAGES, "replace the app with static pages")
    return root


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def diff_json(*args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli("diff", "--format", "json", *args)
    assert code in (0, 1), err
    data: dict[str, Any] = json.loads(out)
    return code, data


def test_deleting_the_app_for_static_pages_fails_the_diff(app_then_pages: Path) -> None:
    root = app_then_pages
    code, data = diff_json("HEAD~1", "HEAD", str(root))
    assert code == 1
    assert data["schema"] == "stackcheck.diff/1"
    assert data["base"] == {
        "label": "HEAD~1",
        "rev": git(root, "rev-parse", "HEAD~1").strip(),
        "verdict": "suits",
        "complete": True,
    }
    assert data["head"] == {
        "label": "HEAD",
        "rev": git(root, "rev-parse", "HEAD").strip(),
        "verdict": "avoid",
        "complete": True,
    }
    assert data["verdict_changed"] is True
    assert [t["id"] for t in data["tripped"]] == ["DJ901"]
    assert data["tripped"][0]["alternative"].startswith("a static site generator")
    assert {e["path"] for e in data["tripped"][0]["evidence"]} >= {"index.html", "about.html"}
    assert [u["id"] for u in data["lost"]] == ["DJ101"]
    assert data["cleared"] == data["gained"] == data["new_warnings"] == []
    assert [f["path"] for f in data["files_added"]] == ["about.html", "index.html"]
    assert data["files_added"][0]["evidence"][0]["detail"] == "HTML page"
    assert "manage.py" in [f["path"] for f in data["files_removed"]]
    assert data["threshold"] == 0.1


def test_a_base_that_already_tripped_the_case_passes(repo: RepoFactory) -> None:
    root = repo(files=PAGES)
    (root / "contact.html").write_text("<html><body>Write to us</body></html>\n")
    git(root, "add", "contact.html")
    git(root, "commit", "-qm", "a third page")
    code, data = diff_json("HEAD~1", "HEAD", str(root))
    assert code == 0
    assert (data["base"]["verdict"], data["head"]["verdict"]) == ("avoid", "avoid")
    assert data["tripped"] == []
    assert [(m["id"], m["before"], m["after"]) for m in data["moved"]] == [("DJ901", 0.7, 0.8)]
    assert [f["path"] for f in data["files_added"]] == ["contact.html"]


@pytest.mark.parametrize(
    ("options", "code"),
    [
        pytest.param(["--exit-zero"], 0, id="exit-zero"),
        pytest.param(["--fail-on", "never"], 0, id="never"),
        pytest.param(["--ignore", "DJ901"], 0, id="rule-ignored"),
        pytest.param([], 1, id="default-policy"),
        pytest.param(["--fail-on", "warning"], 1, id="warning-policy"),
    ],
)
def test_policy_options(app_then_pages: Path, options: list[str], code: int) -> None:
    assert run_cli("diff", "HEAD~1", "HEAD", str(app_then_pages), *options)[0] == code


def test_head_defaults_to_the_work_tree_and_staged_reads_the_index(repo: RepoFactory) -> None:
    root = repo(files=DJANGO_APP)
    git(root, "rm", "-rq", ".")
    for rel, text in PAGES.items():
        (root / rel).write_text(text)
    git(root, "add", "index.html")  # about.html stays untracked
    code, data = diff_json("HEAD", str(root))
    assert code == 1
    assert data["head"] == {"label": "work tree", "rev": None, "verdict": "avoid", "complete": True}
    assert [f["path"] for f in data["files_added"]] == ["about.html", "index.html"]
    code, data = diff_json("HEAD", "--staged", str(root))
    assert data["head"]["label"] == "index"
    assert [f["path"] for f in data["files_added"]] == ["index.html"]


def test_branches_detached_head_and_worktrees(app_then_pages: Path, tmp_path: Path) -> None:
    root = app_then_pages
    git(root, "branch", "feature")
    git(root, "checkout", "-q", "--detach", "HEAD~1")
    code, data = diff_json("HEAD", "feature", str(root))
    assert (code, [t["id"] for t in data["tripped"]]) == (1, ["DJ901"])
    worktree = tmp_path / "wt"
    git(root, "worktree", "add", "-q", str(worktree), "feature")
    code, data = diff_json("HEAD~1", str(worktree))
    assert code == 1
    assert data["head"]["label"] == "work tree"
    assert [t["id"] for t in data["tripped"]] == ["DJ901"]


def test_bare_repository_needs_both_revisions(app_then_pages: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(app_then_pages), str(bare)], check=True)
    code, data = diff_json("main~1", "main", str(bare))
    assert (code, [t["id"] for t in data["tripped"]]) == (1, ["DJ901"])
    code, _, err = run_cli("diff", "main~1", str(bare))
    assert code == 2
    assert err == (
        f"stackcheck: error: {bare}: a bare repository has no work tree; "
        "give HEAD too (stackcheck diff BASE HEAD)\n"
    )


def test_shallow_clone_has_no_older_base(app_then_pages: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{app_then_pages}", str(shallow)],
        check=True,
    )
    code, _, err = run_cli("diff", "HEAD~1", str(shallow))
    assert code == 2
    assert err.startswith("stackcheck: error: BASE HEAD~1: unknown revision")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["mian", "."],
            "BASE mian: unknown revision (did you mean 'main'?)",
            id="unknown-base",
        ),
        pytest.param(
            ["main", "featur", "."],
            "HEAD featur: unknown revision (did you mean 'feature'?)",
            id="unknown-head",
        ),
        pytest.param(["main", "main", ".", "extra"], "too many arguments", id="too-many"),
        pytest.param(
            ["main", "main", "--staged"],
            "--staged compares the index with BASE; drop HEAD (main)",
            id="staged-and-head",
        ),
        pytest.param(["main", "main", "missing"], "missing: no such file or directory", id="path"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    root = repo(files=DJANGO_APP)
    git(root, "branch", "feature")
    monkeypatch.chdir(root)
    code, _, err = run_cli("diff", *args)
    assert code == 2
    assert err.startswith(f"stackcheck: error: {message}")
    assert err.count("\n") == 1


def test_empty_repository_and_plain_folder(repo: RepoFactory, tmp_path: Path) -> None:
    empty = repo(commit=False)
    assert run_cli("diff", "HEAD", str(empty))[2] == (
        "stackcheck: error: empty repository: there are no commits yet\n"
    )
    plain = tmp_path / "plain"
    plain.mkdir()
    code, _, err = run_cli("diff", "HEAD", str(plain))
    assert (code, err) == (2, f"stackcheck: error: {plain}: not a git repository\n")


def test_a_folder_named_like_a_branch_is_ambiguous(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo(files={**DJANGO_APP, "docs/index.md": "# Docs\n"})
    git(root, "branch", "docs")
    monkeypatch.chdir(root)
    code, _, err = run_cli("diff", "main", "docs")
    assert code == 2
    assert "'docs' is both a revision and a folder: write ./docs for the folder" in err
    assert run_cli("diff", "main", "./docs")[0] == 0
    assert run_cli("diff", "main", "blog")[0] == 0  # a folder, and no such branch


def test_one_cache_reads_only_the_changed_blobs(repo: RepoFactory) -> None:
    root = repo(files=DJANGO_APP)
    (root / "blog" / "views.py").write_text(DJANGO_APP["blog/views.py"] + "# edited\n")
    git(root, "commit", "-qam", "edit a view")
    cache = SharedCache(None)  # memory only: what --no-cache uses
    base = scan(root, Settings(cache=False), rev="HEAD~1", cache=cache)
    head = scan(root, Settings(cache=False), rev="HEAD", cache=cache)
    assert base.facts.files_read == len(DJANGO_APP)
    assert head.facts.files_read == 1


def test_the_shared_cache_writes_its_folder_once_closed(tmp_path: Path) -> None:
    cache = SharedCache(tmp_path / "c")
    cache.put_many({"k": {"v": 1}})
    assert cache.get_many(["k", "other"]) == {"k": {"v": 1}}
    assert Cache(tmp_path / "c").get_many(["k"]) == {}
    cache.close()
    assert Cache(tmp_path / "c").get_many(["k"]) == {"k": {"v": 1}}


def test_no_cache_leaves_the_cache_folder_alone(app_then_pages: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache-here"
    run_cli("diff", "HEAD~1", "HEAD", str(app_then_pages), "--cache-dir", str(folder), "--no-cache")
    assert not folder.exists()
    run_cli("diff", "HEAD~1", "HEAD", str(app_then_pages), "--cache-dir", str(folder))
    assert folder.is_dir()


# --- every format renders a diff -----------------------------------------------------------


@pytest.fixture
def regression(app_then_pages: Path) -> ReportDiff:
    settings = Settings()
    base = scan(app_then_pages, settings, rev="HEAD~1")
    head = scan(app_then_pages, settings, rev="HEAD")
    return compare(
        base,
        head,
        base_label="main~1",
        head_label="main",
        base_files=list(DJANGO_APP),
        head_files=list(PAGES),
    )


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_has_a_diff_renderer(regression: ReportDiff, name: str) -> None:
    text = diff_renderer(name)(regression, RenderOptions())
    assert "DJ901" in text


def test_text_diff(regression: ReportDiff) -> None:
    text = diff_renderer("text")(regression, RenderOptions())
    lines = text.splitlines()
    assert (
        lines[0]
        == "stackcheck diff: suits → avoid: DJ901 static-site tripped; DJ101 fullstack lost"
    )
    assert lines[1].startswith("  base main~1 (") and lines[1].endswith("): suits")
    assert "Newly tripped (when not to use Django):" in lines
    assert "  + index.html  HTML page" in lines
    assert any(line.startswith("  - manage.py  ") for line in lines)


def test_markdown_diff_for_a_pull_request(regression: ReportDiff) -> None:
    text = diff_renderer("markdown")(regression, RenderOptions())
    first, *_ = text.splitlines()
    assert first == (
        '## stackcheck: ❌ This change trips a "when not to use Django" case '
        "\\(DJ901 static\\-site\\)"
    )
    assert "Verdict `suits` → `avoid`; base ` main~1 ` \\(" in text
    assert "| DJ901 | static\\-site | A site that is only static pages | 0.70 |" in text
    assert "| DJ101 | fullstack |" in text and "| lost |" in text
    assert "- [` index.html `](./index.html): ` HTML page `" in text
    assert "<summary>Files with evidence removed (" in text


def test_markdown_says_so_when_nothing_new_is_tripped() -> None:
    text = diff_renderer("markdown")(compare(STATIC_SITE, STATIC_SITE), RenderOptions())
    assert text.startswith('## stackcheck: ✅ No new "when not to use Django" case\n')
    assert "Nothing changed that the rules look at." in text


def test_github_annotates_only_newly_tripped_cases(regression: ReportDiff) -> None:
    lines = diff_renderer("github")(regression, RenderOptions()).splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:-1]] == ["::error"]
    assert lines[0].startswith("::error file=about.html,title=stackcheck DJ901 static-site::")
    assert lines[-1].startswith(
        "stackcheck diff: suits → avoid: DJ901 static-site tripped; DJ101 fullstack lost "
        "(1 newly tripped, 0 cleared, 0 new warnings, 0 use cases gained, 1 lost)"
    )
    old = diff_renderer("github")(compare(STATIC_SITE, STATIC_SITE), RenderOptions())
    assert "::" not in old


def test_findings_formats_carry_only_new_findings(regression: ReportDiff) -> None:
    options = RenderOptions()
    gitlab = json.loads(diff_renderer("gitlab")(regression, options))
    assert [i["check_name"] for i in gitlab] == ["DJ901-static-site"]
    lines = [
        json.loads(line) for line in diff_renderer("json-lines")(regression, options).splitlines()
    ]
    assert [(line["type"], line.get("id")) for line in lines] == [
        ("avoid", "DJ901"),
        ("summary", None),
    ]
    suite = ET.fromstring(diff_renderer("junit")(regression, options))
    assert suite.get("failures") == "1"
    sarif = json.loads(diff_renderer("sarif")(regression, options))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["DJ901"]
    unchanged = json.loads(diff_renderer("sarif")(compare(STATIC_SITE, STATIC_SITE), options))
    assert unchanged["runs"][0]["results"] == []


def test_sarif_diff_validates_against_the_schema(regression: ReportDiff) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF 2.1.0 schema not found at {SARIF_SCHEMA}")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    data = json.loads(diff_renderer("sarif")(regression, RenderOptions()))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(data))
    assert not errors, [e.message for e in errors]


def test_output_files_and_formats(app_then_pages: Path, tmp_path: Path) -> None:
    out, sarif = tmp_path / "diff.md", tmp_path / "diff.sarif"
    code, stdout, _ = run_cli(
        "diff",
        "HEAD~1",
        "HEAD",
        str(app_then_pages),
        "--format",
        "markdown",
        "-o",
        str(out),
        "--output-format",
        f"sarif={sarif}",
    )
    assert (code, stdout) == (1, "")
    assert out.read_text().startswith("## stackcheck: ❌")
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
