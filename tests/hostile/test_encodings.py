"""Encodings as editors save them: BOMs, UTF-16 with and without BOM, Latin-1, mixed line
endings, NUL bytes. A manifest is read whatever its encoding, or skipped with a reason."""

from __future__ import annotations

import codecs
import re

import pytest

from conftest import RepoFactory
from hostile._support import reasons, scan
from stackcheck.source.textio import NotText, decode

REQUIREMENTS = "# pinned for café deployments\nDjango>=4.2\nchannels\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"", "", id="empty"),
        pytest.param(b"plain\n", "plain\n", id="ascii"),
        pytest.param(codecs.BOM_UTF8 + b"a\n", "a\n", id="utf8-bom"),
        pytest.param(codecs.BOM_UTF8 + b"caf\xe9\n", "caf\xe9\n", id="utf8-bom-then-latin1"),
        pytest.param("a\n".encode("utf-16"), "a\n", id="utf16-native-bom"),
        pytest.param(codecs.BOM_UTF16_LE + "é\n".encode("utf-16-le"), "é\n", id="utf16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + "é\n".encode("utf-16-be"), "é\n", id="utf16-be-bom"),
        pytest.param("abc\n".encode("utf-16-le"), "abc\n", id="utf16-le-no-bom"),
        pytest.param("abc\n".encode("utf-16-be"), "abc\n", id="utf16-be-no-bom"),
        pytest.param("a€\n".encode("utf-32"), "a€\n", id="utf32-bom"),
        pytest.param("café\n".encode("latin-1"), "café\n", id="latin-1"),
        pytest.param("café\n".encode(), "café\n", id="utf-8"),
        pytest.param(b"a\r\nb\rc\nd", "a\nb\nc\nd", id="mixed-line-endings"),
        pytest.param(b"a\r\r\nb", "a\n\nb", id="cr-then-crlf"),
        pytest.param(b"x" * 9000 + b"\0", "x" * 9000 + "\0", id="nul-after-the-sample"),
    ],
)
def test_text_decodes(data: bytes, expected: str) -> None:
    assert decode(data) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file (NUL bytes)", id="png"),
        pytest.param(b"a\0b\0c\xffd\0", "binary file (NUL bytes)", id="nul-inside"),
        pytest.param(codecs.BOM_UTF16_LE + b"a\0b", "invalid utf-16 text", id="odd-utf16"),
        pytest.param(codecs.BOM_UTF16_LE + b"\x00\xd8a\0", "invalid utf-16 text", id="lone-half"),
        pytest.param(codecs.BOM_UTF32_BE + b"\0\0\0", "invalid utf-32 text", id="short-utf32"),
    ],
)
def test_binary_and_broken_unicode_are_not_text(data: bytes, reason: str) -> None:
    with pytest.raises(NotText, match=re.escape(reason)):
        decode(data)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(REQUIREMENTS.encode(), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + REQUIREMENTS.encode(), id="utf-8-bom"),
        pytest.param(REQUIREMENTS.encode("utf-16"), id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF16_LE + REQUIREMENTS.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + REQUIREMENTS.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(REQUIREMENTS.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(REQUIREMENTS.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(REQUIREMENTS.encode("utf-32"), id="utf-32-bom"),
        pytest.param(REQUIREMENTS.encode("latin-1"), id="latin-1"),
        pytest.param(REQUIREMENTS.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(REQUIREMENTS.replace("\n", "\r").encode(), id="cr-only"),
        pytest.param(b"# a\r\nDjango>=4.2\rchannels\n", id="mixed-line-endings"),
    ],
)
def test_requirements_are_read_in_any_encoding(repo: RepoFactory, data: bytes) -> None:
    root = repo(files={"requirements.txt": data})
    facts = scan(root)
    assert facts.skipped == ()
    django, channels = facts.values["py.dep.django"], facts.values["py.dep.channels"]
    assert [e.line for e in django.evidence] == [2]
    assert [e.line for e in channels.evidence] == [3]


@pytest.mark.parametrize(
    ("path", "data", "key"),
    [
        pytest.param(
            "pyproject.toml",
            '[project]\r\nname = "x"\rdependencies = ["Django"]\n'.encode("utf-16"),
            "py.dep.django",
            id="pyproject-utf16-mixed-endings",
        ),
        pytest.param(
            "package.json",
            codecs.BOM_UTF8 + b'{"dependencies": {"express": "4"}}\r\n',
            "npm.dep.express",
            id="package-json-bom",
        ),
        pytest.param(
            "docker-compose.yml",
            "services:\r\n  web:\r\n    command: gunicorn app:app\r\n".encode("utf-16-be"),
            "deploy.cmd.gunicorn",
            id="compose-utf16-be-no-bom",
        ),
        pytest.param(
            "app/views.py",
            "# -*- coding: latin-1 -*-\n# café\nimport django\n".encode("latin-1"),
            "py.import.django",
            id="python-latin-1-cookie",
        ),
        pytest.param(
            "app/views.py",
            codecs.BOM_UTF8 + b"import django\r\nfrom django import forms\r",
            "py.import.django",
            id="python-utf8-bom-mixed-endings",
        ),
    ],
)
def test_manifests_and_code_are_read_in_any_encoding(
    repo: RepoFactory, path: str, data: bytes, key: str
) -> None:
    root = repo(files={path: data})
    facts = scan(root)
    assert path not in reasons(facts)
    assert key in facts.values
    assert {e.path for e in facts.values[key].evidence} == {path}


@pytest.mark.parametrize(
    ("path", "data", "reason"),
    [
        pytest.param(
            "requirements.txt", b"Django\n\0\0\0binary", "binary file (NUL bytes)", id="nul-early"
        ),
        pytest.param(
            "pyproject.toml",
            b'[project]\nname = "x"\n' + b"#" * 9000 + b"\n\0\n",
            "malformed: invalid TOML",
            id="nul-late-in-toml",
        ),
        pytest.param(
            "pnpm-lock.yaml",
            b"lockfileVersion: '6.0'\n" + b"#" * 9000 + b"\n\0",
            "malformed: ",
            id="nul-late-in-yaml",
        ),
        pytest.param(
            "package.json",
            codecs.BOM_UTF16_LE + b'{\0"\0a\0"',
            "invalid utf-16 text",
            id="truncated-utf16",
        ),
    ],
)
def test_nul_bytes_and_broken_unicode_are_skipped_with_a_reason(
    repo: RepoFactory, path: str, data: bytes, reason: str
) -> None:
    root = repo(files={path: data, "requirements-base.txt": "flask\n"})
    facts = scan(root)
    assert reasons(facts)[path].startswith(reason)
    assert "py.dep.flask" in facts.values
