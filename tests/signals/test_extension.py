"""A browser extension's manifest.json, told from a web app's (a PWA's) manifest."""

from __future__ import annotations

import json

import pytest

from stackcheck.facts import merge
from stackcheck.facts.signals import extension


def manifest(**keys: object) -> str:
    return json.dumps({"name": "Tab Notes", "version": "1.0", **keys}, indent=2)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (manifest(manifest_version=3, action={"default_popup": "popup.html"}), True),
        (manifest(manifest_version=2, background={"scripts": ["bg.js"]}), True),
        (manifest(manifest_version=3), False),  # nothing an extension adds to the browser
        (manifest(start_url="/", display="standalone", icons=[]), False),  # a PWA's
        (manifest(manifest_version="3", permissions=[]), False),
        # a PWA's manifest copied from an extension's: its parts left empty
        (manifest(manifest_version=3, start_url="/", background={}, permissions=[]), False),
        (manifest(manifest_version=3, action={}, permissions=[]), True),  # a toolbar button
        (manifest(manifest_version=True, permissions=[]), False),
        ('["manifest_version"]', False),
    ],
)
def test_an_extension_s_manifest(text: str, found: bool) -> None:
    facts = merge(extension.scan_manifest("manifest.json", text))
    assert ("ext.browser" in facts) is found
    if found:
        line = text[: text.index('"manifest_version"')].count("\n") + 1
        assert facts["ext.browser"].evidence[0].line == line
        assert facts["ext.browser"].evidence[0].detail.endswith(": Tab Notes")


def test_a_broken_manifest_is_reported() -> None:
    with pytest.raises(extension.NotAnalysable):
        list(extension.scan_manifest("manifest.json", '{"manifest_version": 3,'))


@pytest.mark.parametrize(
    "name", ["manifest.json", "manifest.v3.json", "manifest.base.json", "manifest.firefox.json"]
)
def test_a_cross_browser_build_s_manifests_are_read(name: str) -> None:
    from stackcheck.facts.signals import extension, modules_for

    assert "extension" in modules_for(f"src/{name}")
    assert extension._wants(f"src/{name}")


def test_other_json_named_like_a_manifest_is_not_read() -> None:
    from stackcheck.facts.signals import modules_for

    assert "extension" not in modules_for("src/manifest.schema.json")
    assert "extension" not in modules_for("public/site.manifest.json")
