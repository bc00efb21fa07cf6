"""`python -m stackcheck.facts.debug PATH [REV]`: print the facts a scan collects (rule authors)."""

from __future__ import annotations

import sys
from pathlib import Path

from stackcheck.facts.collect import collect
from stackcheck.source.discover import discover


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else ".")
    facts = collect(discover(target, rev=argv[1] if len(argv) > 1 else None))
    for key in sorted(facts.values):
        item = facts.values[key]
        first = item.evidence[0] if item.evidence else None
        where = f"  {first.path}:{first.line or ''} {first.detail}" if first else ""
        print(f"{key} = {item.value:g}{where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
