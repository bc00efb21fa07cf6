"""Django layout visible from paths alone: manage.py, migrations, templates, static assets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from stackcheck.discover import RepoFile
from stackcheck.facts import Evidence, Fact
from stackcheck.signals import TREE_SCANNERS

MAX_EVIDENCE = 10


def django_layout(files: Sequence[RepoFile]) -> Iterable[Fact]:
    found: dict[str, list[str]] = {}
    for file in files:
        if file.documentation:
            continue
        key = _classify(file.path)
        if key:
            found.setdefault(key, []).append(file.path)
    for key, paths in sorted(found.items()):
        detail = DETAILS[key]
        yield Fact(key, len(paths), tuple(Evidence(p, None, detail) for p in paths[:MAX_EVIDENCE]))


DETAILS = {
    "django.manage_py": "Django's manage.py",
    "django.migrations": "Django migration",
    "django.templates": "template in a templates/ folder",
    "django.static_assets": "static asset in a static/ folder",
}


def _classify(path: str) -> str | None:
    parts = path.split("/")
    name = parts[-1]
    if name == "manage.py":
        return "django.manage_py"
    if (
        len(parts) >= 2
        and parts[-2] == "migrations"
        and name.endswith(".py")
        and name[:4].isdigit()
    ):
        return "django.migrations"
    if "templates" in parts[:-1] and name.endswith((".html", ".txt", ".xml", ".jinja", ".j2")):
        return "django.templates"
    if "static" in parts[:-1] and name.endswith((".css", ".js", ".scss", ".png", ".svg")):
        return "django.static_assets"
    return None


TREE_SCANNERS.append(django_layout)
