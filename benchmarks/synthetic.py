"""Synthetic git repositories for the benchmark: deterministic, shaped like real ones."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

MODEL = """from django.db import models


class {name}(models.Model):
    title = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.title
"""
VIEW = """from django.shortcuts import get_object_or_404, render

from .models import {name}


def {lower}_list(request):
    return render(request, "{lower}/list.html", {{"items": {name}.objects.all()}})


def {lower}_detail(request, pk):
    item = get_object_or_404({name}, pk=pk)
    return render(request, "{lower}/detail.html", {{"item": item}})
"""
TS = """import {{ helper{j} }} from "./util{j}";
import express from "express";

export function handler{i}(input: string): string {{
  const parts = input.split(",").map((p) => p.trim());
  return helper{j}(parts.join("-")) + "{i}";
}}
"""
ADMIN = (
    "from django.contrib import admin\n\nfrom .models import {name}\n\n"
    "admin.site.register({name})\n"
)
FILLER = "// " + "lorem ipsum dolor sit amet " * 3 + "\n"


class TreeSpec(NamedTuple):
    size: str  # "medium" | "large" | "huge"
    files: Callable[[], Iterator[tuple[str, str]]]


def django_app() -> Iterator[tuple[str, str]]:
    yield "requirements.txt", "Django>=4.2\ndjangorestframework\ncelery\npsycopg[binary]\n"
    yield "manage.py", "import os\nfrom django.core.management import execute_from_command_line\n"
    yield "config/settings.py", 'INSTALLED_APPS = ["django.contrib.admin", "rest_framework"]\n'
    for a in range(60):
        app = f"app{a:02d}"
        name = f"Thing{a}"
        yield f"{app}/__init__.py", ""
        yield f"{app}/models.py", MODEL.format(name=name)
        yield f"{app}/views.py", VIEW.format(name=name, lower=name.lower())
        yield f"{app}/admin.py", ADMIN.format(name=name)
        yield f"{app}/urls.py", "from django.urls import path\n\nurlpatterns = []\n"
        for m in range(8):
            yield f"{app}/migrations/{m:04d}_auto.py", "from django.db import migrations\n"
        for t in range(6):
            yield f"{app}/templates/{name.lower()}/page{t}.html", "<div>{{ item }}</div>\n" * 20
        for s in range(10):
            yield f"{app}/static/{app}/part{s}.js", FILLER * 30
        for t in range(10):
            yield f"{app}/tests/test_{t}.py", f"def test_{t}():\n    assert {t} == {t}\n" * 10
    for d in range(200):
        yield f"docs/page{d}.md", "# Page\n\n" + "text " * 400 + "\n"


def js_monorepo() -> Iterator[tuple[str, str]]:
    yield "package.json", '{"private": true, "workspaces": ["packages/*"]}\n'
    for p in range(280):
        yield (
            f"packages/pkg{p}/package.json",
            (
                f'{{"name": "pkg{p}", '
                '"dependencies": {"express": "^4.18.0", "react": "^18.0.0"}}\n'
            ),
        )
        for i in range(99):
            yield f"packages/pkg{p}/src/mod{i}.ts", TS.format(i=i, j=i % 7) + FILLER * 20


def huge_tree() -> Iterator[tuple[str, str]]:
    yield "pyproject.toml", '[project]\nname = "huge"\ndependencies = ["flask"]\n'
    for d in range(2000):
        for f in range(100):
            ext = (".py", ".js", ".md", ".txt", ".css")[f % 5]
            yield f"d{d:04d}/f{f:03d}{ext}", f"x = {f}\n"


TREES = {
    "synthetic-django-3k": TreeSpec("medium", django_app),
    "synthetic-js-monorepo-28k": TreeSpec("large", js_monorepo),
    "synthetic-flat-200k": TreeSpec("huge", huge_tree),
}


def build(name: str, dest: Path) -> Path:
    """Write the tree and commit it; reuses an already built tree."""
    if (dest / ".git").exists():
        return dest
    for rel, text in TREES[name].files():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "synthetic"]):
        subprocess.run(["git", *args], cwd=dest, env=env, check=True)
    settle_index(dest)
    return dest


def settle_index(repo: Path) -> None:
    """Right after `git add`, every entry is racily clean (written in the same second as the
    index), and git reads each file's content again on every status until the index is
    refreshed later: a user's checkout is past that, so the benchmark waits and refreshes."""
    time.sleep(1.1)
    subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=repo, check=False)
