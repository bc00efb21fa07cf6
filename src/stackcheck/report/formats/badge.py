"""A README badge: a shields-style SVG, "django | suits" in green, "django | avoid: static
site" in red, "django | n/a" in grey ("django | scan incomplete" when the scan's time budget
ran out). Scan reports only: a diff or a history has no one
verdict to show.

The SVG is drawn here, with no request anywhere: text widths come from a table of
Verdana 11px advance widths (what shields.io measures with), so the two halves fit their words.
"""

from __future__ import annotations

from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from stackcheck.report import Report
from stackcheck.report.formats import RenderOptions

LABEL = "django"
COLORS = {"green": "#97ca00", "red": "#e05d44", "lightgrey": "#9f9f9f"}
MAX_MESSAGE = 40
PADDING = 10  # pixels around each half's text

# Advance widths (px) of Verdana at 11px, by character; anything else counts as WIDE.
_WIDTHS = {
    **dict.fromkeys("iljI.:;,'|!", 3.7),
    **dict.fromkeys(" ft()[]/-r", 4.6),
    **dict.fromkeys("acesvxyzkJ", 6.6),
    **dict.fromkeys("bdghnopqu0123456789_", 7.0),
    **dict.fromkeys("ABCEFKLPRSTVXYZ", 7.6),
    **dict.fromkeys("DGHNOQU&", 8.4),
    **dict.fromkeys("mwMW%", 10.8),
}
WIDE = 7.6


class Badge(NamedTuple):
    label: str
    message: str
    color: str  # a shields.io colour name, a key of COLORS


def badge(report: Report) -> Badge:
    verdict = report.verdict
    if not report.facts.complete:  # no verdict to show from a scan that did not finish
        return Badge(LABEL, "scan incomplete", "lightgrey")
    if verdict.verdict == "suits":
        return Badge(LABEL, "suits", "green")
    if verdict.verdict == "avoid":
        top = verdict.avoid[0].rule.slug.replace("-", " ") if verdict.avoid else ""
        message = f"avoid: {top}" if top else "avoid"
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        return Badge(LABEL, message, "red")
    return Badge(LABEL, "n/a", "lightgrey")


def text_width(text: str) -> int:
    return round(sum(_WIDTHS.get(c, WIDE) for c in text))


def render(report: Report, options: RenderOptions) -> str:
    found = badge(report)
    left = text_width(found.label) + PADDING
    right = text_width(found.message) + PADDING
    width = left + right
    title = f"{found.label}: {found.message}"
    color = COLORS[found.color]

    def text(content: str, middle: float) -> str:
        shown = escape(content)
        return (
            f'<text x="{middle}" y="15" fill="#010101" fill-opacity=".3">{shown}</text>'
            f'<text x="{middle}" y="14">{shown}</text>'
        )

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f"aria-label={quoteattr(title)}>"
        f"<title>{escape(title)}</title>"
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{color}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" '
        'font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">'
        f"{text(found.label, left / 2)}{text(found.message, left + right / 2)}</g></svg>\n"
    )
