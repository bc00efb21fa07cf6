"""Folders that document or demonstrate something else rather than being the product.

Shared by the static-site and deployment parsers: a generator's config or a static host's
publish folder under docs/, website/, examples/ or a test-fixture folder belongs to the
documentation (or a sample) of the product, not to the product itself.
"""

from __future__ import annotations

NOT_PRODUCT_FOLDERS = frozenset(
    {
        "docs",
        "doc",
        "documentation",
        "website",
        "site-docs",
        "examples",
        "example",
        "samples",
        "sample",
        "demo",
        "demos",
        "tests",
        "test",
        "fixtures",
        "testdata",
    }
)
DOCS_WORDS = frozenset({"docs", "doc", "documentation", "manual", "handbook", "guide"})
# A demo's folder named for what it demonstrates too (`demo-web`, `react-demo`): the word
# only with another beside it; alone it is NOT_PRODUCT_FOLDERS's.
DEMO_WORDS = frozenset({"demo", "demos"})


def is_docs_path(path: str) -> bool:
    """True when the file sits in a docs-named (or examples / fixtures) folder."""
    return is_docs_folder(path.rpartition("/")[0])


def is_docs_folder(folder: str) -> bool:
    """True when the folder (a relative path) is, or lies in, a docs-named folder."""
    return any(_docs_folder(part) for part in folder.lower().split("/"))


def _docs_folder(folder: str) -> bool:
    if folder in NOT_PRODUCT_FOLDERS:
        return True
    words = folder.replace("-", " ").replace("_", " ").replace(".", " ").split()
    return any(word in DOCS_WORDS for word in words) or (
        len(words) > 1 and not DEMO_WORDS.isdisjoint(words)
    )
