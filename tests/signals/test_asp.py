"""Classic ASP pages: only the server code between `<%` and `%>` is read."""

from __future__ import annotations

import pytest

from stackcheck.facts import merge
from stackcheck.facts.signals.asp import scan_asp


def found(text: str) -> dict[str, float]:
    return {k: f.value for k, f in merge(scan_asp("Board/post.asp", text)).items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '<!-- #include file=../inc/setup.asp -->\n<%\nIf Request.QueryString = "" Then\n'
            '  Response.Redirect "index.asp"\nEnd If\n'
            'Set Rs = Server.CreateObject("ADODB.RecordSet")\n%>\n<p>Board</p>\n',
            {"asp.web_pages": 1, "asp.db": 1},
            id="a-page-that-reads-the-query-over-a-record-set",
        ),
        pytest.param(
            '<html><body><%= Session("user") %></body></html>\n',
            {"asp.web_pages": 1},
            id="the-session-in-an-expression",
        ),
        pytest.param(
            "<%@ Language=VBScript %>\n<p>Write Request.Form(name) to the page</p>\n",
            {},
            id="the-words-in-the-page-s-text",
        ),
        pytest.param(
            "<!-- #include file=inc/a.asp -->\n<!-- #include file=inc/b.asp -->\n",
            {},
            id="a-page-that-only-includes-others",
        ),
    ],
)
def test_classic_asp_pages(text: str, expected: dict[str, float]) -> None:
    assert found(text) == expected
