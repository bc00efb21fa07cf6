"""The geometry of the history page's chart: each rule's confidence over commits, oldest on
the left, the verdict at each commit in a band above, and a marked line where it changed.

Pure numbers for the template (templates/history.html.j2) to draw as inline SVG. Lines are
told apart by dash pattern, point shape and a label with the rule ID, not by colour alone;
the table under the chart holds every value.
"""

from __future__ import annotations

from typing import Any

STYLES = 6  # line colours and dash patterns cycle through this many
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
SHAPES = ("circle", "square", "diamond", "triangle", "circle", "square")
VERDICT_SYMBOLS = {"suits": "✓", "avoid": "✗", "not-applicable": "–"}
LEFT, RIGHT, TOP, BOTTOM = 44, 100, 48, 34


def chart(
    commits: list[dict[str, Any]], details: dict[str, Any], width: int, height: int
) -> dict[str, Any]:
    oldest_first = list(reversed(commits))
    count = len(oldest_first)
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM

    def x(index: int) -> float:
        return round(LEFT + (plot_w * index / (count - 1) if count > 1 else plot_w / 2), 1)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - value), 1)

    shown = [
        rule_id
        for rule_id in sorted({r for c in commits for r in c["confidence"]})
        if details.get(rule_id, {}).get("kind") in ("use-case", "avoid")
    ]
    lines = []
    for n, rule_id in enumerate(shown):
        values = [c["confidence"].get(rule_id, 0.0) for c in oldest_first]
        points = [(x(i), y(v)) for i, v in enumerate(values)]
        lines.append(
            {
                "id": rule_id,
                "slug": details.get(rule_id, {}).get("slug", ""),
                "kind": details.get(rule_id, {}).get("kind", ""),
                "style": n % STYLES,
                "dash": DASHES[n % STYLES],
                "shape": SHAPES[n % STYLES],
                "points": " ".join(f"{px},{py}" for px, py in points),
                "marks": points,
                "label_x": x(count - 1) + 8,
                "label_y": points[-1][1] if points else 0,
            }
        )
    _spread_labels(lines, TOP, TOP + plot_h)
    return {
        "width": width,
        "height": height,
        "left": LEFT,
        "right": LEFT + plot_w,
        "top": TOP,
        "bottom": TOP + plot_h,
        "band_y": TOP - 18,
        "ticks": [{"value": v, "y": y(v)} for v in (0.0, 0.5, 1.0)],
        "lines": lines,
        "verdicts": [
            {
                "x": x(i),
                "verdict": c["verdict"],
                "symbol": VERDICT_SYMBOLS.get(c["verdict"], "?"),
                "changed": c["verdict_changed"],
                "short": c["commit"][:12],
            }
            for i, c in enumerate(oldest_first)
        ],
        "first": oldest_first[0]["date"] if oldest_first else "",
        "last": oldest_first[-1]["date"] if oldest_first else "",
        "summary": _summary(oldest_first),
    }


def _spread_labels(lines: list[dict[str, Any]], top: float, bottom: float) -> None:
    """Move the line labels apart so that two lines ending at one value stay readable."""
    gap = 13.0
    ordered = sorted(lines, key=lambda line: line["label_y"])
    last = top - gap
    for line in ordered:
        line["label_y"] = max(line["label_y"], last + gap)
        last = line["label_y"]
    overflow = last - (bottom + gap)
    if overflow > 0:
        for line in ordered:
            line["label_y"] -= overflow


def _summary(oldest_first: list[dict[str, Any]]) -> str:
    """What the chart shows, in words, for a screen reader."""
    if not oldest_first:
        return "No commits."
    changes = sum(1 for c in oldest_first if c["verdict_changed"])
    return (
        f"Verdict and rule confidences over {len(oldest_first)} commits, from "
        f"{oldest_first[0]['date']} to {oldest_first[-1]['date']}; the verdict changed "
        f"{changes} time{'s' if changes != 1 else ''}. The table below lists every value."
    )
