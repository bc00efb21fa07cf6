"""The HTML report in a real browser: Debian's chromium, driven by Playwright.

Over the pages of a suits, an avoid and a not-applicable scan, a diff and a history: each
loads with no console error and no request but the file itself; with JavaScript off the
verdict and every evidence path are on screen; dark mode changes the palette; axe-core (from
npm) finds no WCAG 2 A/AA violation in either colour scheme. Screenshots are saved where
the test prints (STACKCHECK_TEST_ARTIFACTS, or pytest's temporary folder).

Locally the module is skipped, saying why, when chromium, Playwright or axe-core is missing;
in CI (CI=true) that is a failure: .ci/run installs chromium and axe-core.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import git, make_repo, two_commits
from stackcheck.cli import cli

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("STACKCHECK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_DIR = Path(
    os.environ.get("STACKCHECK_AXE_DIR", Path.home() / ".cache" / "stackcheck-tests" / "axe-core")
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCANS = {
    "suits": "verdict-dj101-blog",
    "avoid": "verdict-dj901-plain-html",
    "not-applicable": "verdict-na-library",
}


def unavailable(reason: str) -> None:
    """A browser test that cannot run fails in CI and is skipped, with the reason, locally."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser test cannot run in CI: {reason}")
    pytest.skip(reason)


def invoke(*args: str) -> str:
    done = CliRunner().invoke(cli, list(args))
    assert done.exit_code in (0, 1), done.output
    return done.output


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML report of each kind, and its JSON beside it."""
    folder = tmp_path_factory.mktemp("html")
    found = {}
    for verdict, fixture in SCANS.items():
        root = make_repo(folder / fixture, fixture)
        git(root, "remote", "add", "origin", f"git@github.com:acme/{fixture}.git")
        for fmt in ("html", "json"):
            invoke("scan", str(root), "--format", fmt, "-o", str(folder / f"{verdict}.{fmt}"))
        found[verdict] = folder / f"{verdict}.html"
    root = two_commits(folder / "two", "verdict-dj108-shop-notifications")
    for fmt in ("html", "json"):
        invoke(
            "diff", "HEAD~1", "HEAD", str(root), "--format", fmt, "-o", str(folder / f"diff.{fmt}")
        )
        invoke("history", str(root), "--format", fmt, "-o", str(folder / f"history.{fmt}"))
    found["diff"] = folder / "diff.html"
    found["history"] = folder / "history.html"
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        unavailable(f"no browser at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000
            )
        except Error as exc:
            unavailable(f"{CHROMIUM} does not start: {str(exc).splitlines()[0]}")
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists() and shutil.which("npm"):
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR),
             "axe-core@4"],
            check=False, capture_output=True, timeout=300,
        )  # fmt: skip
    if not script.exists():
        unavailable(f"axe-core is not at {script} (npm install --prefix {AXE_DIR} axe-core@4)")
    return script.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("STACKCHECK_TEST_ARTIFACTS")
    folder = Path(given) if given else tmp_path_factory.mktemp("browser-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"browser screenshots in {folder}")
    return folder


def evidence_shown(data: dict[str, Any]) -> set[str]:
    """Every evidence place the page lists, as it writes them (path:line)."""
    reports = [data] if data["schema"] == "stackcheck.report/1" else []
    if data["schema"] == "stackcheck.diff/1":
        reports = [{k: data[k] for k in ("tripped", "gained", "new_warnings")}]
    places = set()
    for report in reports:
        findings = [{"evidence": report.get("stack", {}).get("reasons", [])}]
        for key in ("use_cases", "avoid", "warnings", "tripped", "gained", "new_warnings"):
            findings += report.get(key, [])
        for finding in findings:
            for item in finding["evidence"]:
                if item["path"] not in ("", "."):
                    line = f":{item['line']}" if item["line"] else ""
                    places.add(item["path"] + line)
    return places


KINDS = [*SCANS, "diff", "history"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_page_loads_with_no_error_and_no_request(
    browser: Any, pages: dict[str, Path], kind: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    url = pages[kind].as_uri()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert errors == []
    assert requests == [url]
    # The script made the tables sortable: a header is a button now.
    assert page.locator("th button").count() > 0
    context.close()


@pytest.mark.parametrize("kind", KINDS)
def test_without_javascript_the_verdict_and_every_evidence_path_show(
    browser: Any, pages: dict[str, Path], kind: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(pages[kind].as_uri())
    text = page.inner_text("body")
    data = json.loads(pages[kind].with_suffix(".json").read_text(encoding="utf-8"))
    verdict = {
        "stackcheck.report/1": lambda: data["verdict"],
        "stackcheck.diff/1": lambda: data["head"]["verdict"],
        "stackcheck.history/1": lambda: data["commits"][0]["verdict"],
    }[data["schema"]]()
    assert verdict.upper() in text.upper()
    places = evidence_shown(data)
    if kind != "history":
        assert places, "the fixture should show some evidence"
    missing = sorted(p for p in places if p not in text)
    assert missing == []
    assert page.locator("th button").count() == 0
    context.close()


def test_a_scan_page_links_its_evidence_to_the_forge(browser: Any, pages: dict[str, Path]) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(pages["suits"].as_uri())
    hrefs = page.eval_on_selector_all("td.path a", "links => links.map(a => a.href)")
    assert hrefs
    assert all(h.startswith("https://github.com/acme/verdict-dj101-blog/blob/") for h in hrefs)
    context.close()


def _palette(browser: Any, page_path: Path, scheme: str) -> tuple[str, str]:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(page_path.as_uri())
    colours = page.evaluate(
        "() => { const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]; }"
    )
    context.close()
    return colours[0], colours[1]


def test_dark_mode_changes_the_palette(browser: Any, pages: dict[str, Path]) -> None:
    light = _palette(browser, pages["avoid"], "light")
    dark = _palette(browser, pages["avoid"], "dark")
    assert light[0] == "rgb(255, 255, 255)"
    assert dark[0] != light[0]
    assert dark[1] != light[1]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_wcag_aa_violation(
    browser: Any, pages: dict[str, Path], axe_source: str, artifacts: Path, kind: str, scheme: str
) -> None:
    # The page's own policy allows its own script only; axe is injected past it.
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.goto(pages[kind].as_uri())
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    page.screenshot(path=str(artifacts / f"{kind}-{scheme}.png"), full_page=True)
    context.close()
    found = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
    ]
    assert found == []
    assert result["passes"], "axe ran no check"
