from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stackcheck.pipeline
from conftest import RepoFactory, git
from stackcheck.cache import Cache
from stackcheck.config import Settings
from stackcheck.errors import StackcheckError
from stackcheck.facts.collect import collect
from stackcheck.pipeline import scan
from stackcheck.source.discover import Exclusions, discover
from stackcheck.source.listing import RepoFiles


def paths(root: Path, exclusions: Exclusions | None = None) -> list[str]:
    return [f.path for f in discover(root, exclusions or Exclusions()).files]


def test_git_tree_lists_tracked_and_untracked_but_not_ignored(repo: RepoFactory) -> None:
    root = repo(files={"app.py": "x = 1\n", ".gitignore": "secret.txt\n"})
    (root / "new.py").write_text("y = 2\n")
    (root / "secret.txt").write_text("ignored\n")
    assert paths(root) == [".gitignore", "app.py", "new.py"]
    assert discover(root).is_git


def test_deleted_tracked_file_is_silently_gone(repo: RepoFactory) -> None:
    root = repo(files={"a.py": "", "b.py": ""})
    (root / "b.py").unlink()
    result = discover(root)
    assert [f.path for f in result.files] == ["a.py"]
    assert result.skipped == ()


def test_plain_directory_honours_nested_gitignores(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "build_out").mkdir(parents=True)
    (tmp_path / ".gitignore").write_text("*.log\n")
    (tmp_path / "pkg" / ".gitignore").write_text("build_out/\n!keep.log\n")
    (tmp_path / "pkg" / "mod.py").write_text("")
    (tmp_path / "pkg" / "debug.log").write_text("")
    (tmp_path / "pkg" / "build_out" / "gen.py").write_text("")
    result = discover(tmp_path)
    assert not result.is_git
    assert [f.path for f in result.files] == [".gitignore", "pkg/.gitignore", "pkg/mod.py"]


@pytest.mark.parametrize(
    "vendored",
    [
        pytest.param("node_modules/express/index.js", id="node_modules"),
        pytest.param("web_modules/vue.js", id="snowpack-web_modules"),
        pytest.param("src/generated/java/app/OrderEncoder.java", id="generated-sources"),
        pytest.param("engine/src/generated/java/app/OrderEncoder.java", id="nested-generated"),
        pytest.param("vendor/github.com/x/y.go", id="vendor"),
        pytest.param("server/thirdparty/hiredis/hiredis.c", id="thirdparty"),
        pytest.param(".venv/lib/site.py", id="venv"),
        pytest.param("static/js/app.min.js", id="minified"),
        pytest.param("frontend/dist/bundle.js", id="dist"),
        pytest.param("pkg/__pycache__/m.cpython-311.pyc", id="pycache"),
        pytest.param(".yarn/sdks/typescript/package.json", id="yarn-sdks"),
        pytest.param(".pnp.cjs", id="yarn-pnp-loader"),
        pytest.param("notebooks/mlruns/0/4f1c/artifacts/Results.html", id="mlflow-runs"),
        pytest.param("claude_coverage/run1/lcov-report/index.html", id="istanbul-report"),
        pytest.param(".stryker-tmp/sandbox-1/src/app.js", id="stryker-sandbox"),
        pytest.param("misc/strategies/Tool-master/pyproject.toml", id="github-zip-copy"),
        pytest.param("lib/chart-main/src/chart.js", id="github-zip-copy-of-main"),
        pytest.param("pkg/mod/github.com/gin-gonic/gin@v1.9.0/go.mod", id="go-module-cache"),
        pytest.param("api/pkg/mod/cache/download/golang.org/x/net/@v/list", id="go-download-cache"),
        pytest.param("pkg/sumdb/sum.golang.org/latest", id="go-sumdb"),
        pytest.param("Client/Assets/Plugins/Zenject/Source/DiContainer.cs", id="unity-plugins"),
        pytest.param("Library/PackageCache/com.unity.ugui@1.0.0/Runtime/UI.cs", id="unity-cache"),
        pytest.param(".vercel/output/functions/_render.func/package.json", id="vercel-build"),
        pytest.param(".netlify/functions-internal/server.js", id="netlify-build"),
    ],
)
def test_vendored_and_generated_content_is_left_out(repo: RepoFactory, vendored: str) -> None:
    root = repo(files={"app.py": "", vendored: "x"})
    result = discover(root)
    assert [f.path for f in result.files] == ["app.py"]
    assert result.excluded == 1


def test_a_go_package_named_mod_is_the_product(repo: RepoFactory) -> None:
    """Only the module cache's versioned folders are another project's: a package of the
    project's own under `pkg/mod/` is code."""
    root = repo(files={"pkg/mod/resolve.go": "", "pkg/mod/cache/x": ""})
    assert [f.path for f in discover(root).files] == ["pkg/mod/resolve.go"]


def test_a_top_folder_named_as_a_github_zip_is_the_product(repo: RepoFactory) -> None:
    """`Shop-master/` at the top is the repository's own code, uploaded as its zip unpacked;
    only such a folder inside the product is another project's copy."""
    root = repo(files={"Shop-master/app.py": "", "Shop-master/lib/ui-main/ui.js": ""})
    result = discover(root)
    assert [f.path for f in result.files] == ["Shop-master/app.py"]


def test_gitattributes_linguist_attributes(repo: RepoFactory) -> None:
    root = repo(
        files={
            ".gitattributes": "gen/** linguist-generated\nthird/** linguist-vendored=true\n"
            "guide/** linguist-documentation\nnode_modules/** -linguist-vendored\n",
            "gen/api_pb2.py": "",
            "third/lib.js": "",
            "guide/index.html": "",
            "app.py": "",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert sorted(files) == [".gitattributes", "app.py", "guide/index.html"]
    assert files["guide/index.html"].documentation
    assert not files["app.py"].documentation


def test_stackcheck_role_attribute_overrides_the_defaults(repo: RepoFactory) -> None:
    root = repo(
        files={
            ".gitattributes": "scripts/** stackcheck-role=product\nsite/** stackcheck-role=docs\n"
            "lab/** stackcheck-role=tooling\nlab/keep.py stackcheck-role=product\n"
            "vendor/** stackcheck-role=product\nold/** stackcheck-role=vendored\n"
            "x/** stackcheck-role=nonsense\n",
            "scripts/server.py": "",
            "site/index.html": "",
            "lab/try.py": "",
            "lab/keep.py": "",
            "vendor/ours.js": "",
            "old/legacy.py": "",
            "x/a.py": "",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert "old/legacy.py" not in files
    assert files["scripts/server.py"].product  # tooling by default, product by the attribute
    assert files["vendor/ours.js"].product  # vendored by default
    assert files["site/index.html"].documentation
    assert not files["lab/try.py"].product and files["lab/keep.py"].product  # last line wins
    assert files["x/a.py"].product  # an unknown role is ignored


def test_gitattributes_name_patterns_and_nested_files(repo: RepoFactory) -> None:
    root = repo(
        files={
            ".gitattributes": "*.lock linguist-generated\n*_auto_*.py linguist-generated\n",
            "api/.gitattributes": "schema/*.py linguist-generated\nkeep.lock -linguist-generated\n",
            "poetry.lock": "",
            "api/keep.lock": "",
            "api/schema/types.py": "",
            "schema/types.py": "",
            "app/migrations/0002_auto_2024.py": "",
            "app/models.py": "",
        }
    )
    files = sorted(f.path for f in discover(root).files)
    assert files == [
        ".gitattributes",
        "api/.gitattributes",
        "api/keep.lock",
        "app/models.py",
        "schema/types.py",
    ]


def test_docs_are_listed_but_flagged(repo: RepoFactory) -> None:
    root = repo(files={"docs/index.md": "# hi", "app.py": ""})
    files = {f.path: f.documentation for f in discover(root).files}
    assert files == {"app.py": False, "docs/index.md": True}


def test_capitalised_example_folders_are_documentation(repo: RepoFactory) -> None:
    """A Go framework's `Example/` app, a .NET library's `Samples/`, as linguist reads them;
    and giter8's scaffold templates (`.g8/`), which sbt copies out."""
    root = repo(
        files={
            "router.go": "",
            "Example/main.go": "",
            "Samples/Console/Program.cs": "",
            "src/Examples/Basic/app.js": "",
            ".g8/form/conf/routes": "",
        }
    )
    files = {f.path: f.documentation for f in discover(root).files}
    assert files == {
        "router.go": False,
        "Example/main.go": True,
        "Samples/Console/Program.cs": True,
        "src/Examples/Basic/app.js": True,
        ".g8/form/conf/routes": True,
    }


def test_config_excludes_and_include_vendored(repo: RepoFactory) -> None:
    root = repo(files={"app.py": "", "legacy/old.py": "", "vendor/lib.py": ""})
    assert paths(root, Exclusions(exclude=("legacy/",))) == ["app.py"]
    assert paths(root, Exclusions(include_vendored=True)) == [
        "app.py",
        "legacy/old.py",
        "vendor/lib.py",
    ]


def test_a_path_inside_a_repository_scans_that_sub_tree(repo: RepoFactory) -> None:
    root = repo(files={"backend/manage.py": "", "frontend/index.html": ""})
    result = discover(root / "backend")
    assert [f.path for f in result.files] == ["manage.py"]
    assert result.is_git


def test_symlinks_out_of_the_repository_are_not_followed(repo: RepoFactory, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    root = repo(files={"app.py": ""})
    os.symlink(outside, root / "leak.txt")
    os.symlink(root / "missing", root / "dangling.txt")
    os.symlink("app.py", root / "alias.py")
    git(root, "add", "-A")
    result = discover(root)
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons == {
        "dangling.txt": "broken or looping symbolic link",
        "leak.txt": "symbolic link points outside the repository (not followed)",
    }
    assert [f.path for f in result.files] == ["alias.py", "app.py"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda p: p / "nope", "no such file or directory", id="missing"),
        pytest.param(
            lambda p: (p / "f.txt", (p / "f.txt").write_text(""))[0], "not a directory", id="file"
        ),
    ],
)
def test_bad_targets_are_user_errors(tmp_path: Path, make: object, message: str) -> None:
    with pytest.raises(StackcheckError, match=message):
        discover(make(tmp_path))  # type: ignore[operator]


SAMPLE_PATHS = [
    "app.py",
    "node_modules/x/index.js",
    "web/node_modules/x/index.js",
    "pkg/foo.egg-info/PKG-INFO",
    "static/app.min.js",
    "static/app.js",
    "docs/index.md",
    "src/docs.py",
    "CHANGELOG.md",
    "lib/CHANGELOG",
    "CODE_OF_CONDUCT.md",
    "docs-site/SECURITY.md",
    "tests/test_x.py",
    "shop/tests.py",
    "shop/test_views.py",
    "src/contest.py",
    ".github/actions/x/Dockerfile",
    ".github/workflows/ci.yml",
    "server/handler_test.go",
    "ui/button.spec.tsx",
    "vendor.js",
    "myvendor/lib.js",
    "build.gradle",
    "build/out.js",
    "examples/app.py",
    "src/main/java/org/acme/samples/App.java",
    "web/examples/demo.js",
    "_examples/cached/main.go",
    "pkg/_example/main.go",
    "example_app/app.py",
    "contrib/example-project/manage.py",
    "man/stackcheck.1",
]


@pytest.mark.parametrize("path", SAMPLE_PATHS)
def test_built_in_patterns_match_like_gitignore(path: str) -> None:
    import pathspec

    from stackcheck.source.discover import (
        DOCUMENTATION_PATTERNS,
        TEST_PATTERNS,
        VENDORED_PATTERNS,
        NamePatterns,
    )

    for patterns in (VENDORED_PATTERNS, DOCUMENTATION_PATTERNS, TEST_PATTERNS):
        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        assert NamePatterns(patterns).match(path) == spec.match_file(path), patterns


# Folder names that the built-in patterns name (plain, anchored, nested and globbed), and
# some they do not, for paths made of them.
_FOLDER_WORDS = [
    "docs", "doc", "tests", "test", "scripts", "tools", "bin", "ci", "node_modules",
    "vendor", "third_party", "x.egg-info", "website", "examples", "src", "app", "pkg",
    "github", ".github", "workflows", "e2e", "fixtures", "site", "lib", "main", "java",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    folders=st.lists(
        st.lists(st.sampled_from(_FOLDER_WORDS), min_size=1, max_size=6), min_size=1, max_size=8
    ),
    root_count=st.integers(min_value=0, max_value=3),
)
def test_folders_judged_from_their_parent_match_as_judged_whole(
    folders: list[list[str]], root_count: int
) -> None:
    """folder_match_below, walking down from the root, gives folder_match's answer for every
    folder and every built-in pattern list, with or without project roots."""
    from stackcheck.source.discover import (
        DOCUMENTATION_PATTERNS,
        TEST_PATTERNS,
        VENDORED_PATTERNS,
        NamePatterns,
    )

    paths = ["/".join(parts) for parts in folders]
    roots = frozenset(p.rpartition("/")[0] + "/" for p in paths[:root_count] if "/" in p)
    for patterns in (VENDORED_PATTERNS, DOCUMENTATION_PATTERNS, TEST_PATTERNS):
        matcher = NamePatterns(patterns)
        for path in paths:
            parts = path.split("/")
            matched = False
            for depth in range(1, len(parts) + 1):
                folder = "/".join(parts[:depth])
                matched = matcher.folder_match_below(matched, folder, roots)
                assert matched == matcher.folder_match(folder, roots), (patterns, folder, roots)


def test_a_deeply_nested_tree_is_judged_without_recursion(repo: RepoFactory) -> None:
    """A path deeper than Python's recursion limit (committed with git's plumbing, so no
    folder of it is ever made on disk) is judged like any other."""
    root = repo(files={"setup.py": ""})
    deep = "/".join(["d"] * 1500) + "/tests/app.py"
    blob = git(root, "hash-object", "-w", "setup.py").strip()
    git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},{deep}")
    git(root, "commit", "-qm", "deep")
    files = {f.path: f for f in discover(root, rev="HEAD").files}
    assert files[deep].test and not files["setup.py"].test


@pytest.mark.parametrize(
    ("size", "limit", "expected"),
    [
        pytest.param(0, 10, 0, id="empty"),
        pytest.param(5, 10, 5, id="small"),
        pytest.param(10, 10, 10, id="exactly-the-limit"),
        pytest.param(50, 10, 11, id="over-the-limit-reads-one-more"),
        pytest.param(3 << 20, 4 << 20, 3 << 20, id="larger-than-one-chunk"),
    ],
)
def test_worktree_reader_reads_up_to_one_byte_past_the_limit(
    tmp_path: Path, size: int, limit: int, expected: int
) -> None:
    from stackcheck.source.worktree import worktree_reader

    (tmp_path / "f.bin").write_bytes(b"x" * size)
    assert len(worktree_reader(tmp_path)("f.bin", limit)) == expected


def test_worktree_reader_reads_a_file_that_grew_after_it_was_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stackcheck.source.worktree as worktree_module

    path = tmp_path / "f.txt"
    path.write_bytes(b"a" * 10)
    real_fstat = os.fstat

    def fstat_then_grow(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        path.write_bytes(b"a" * 30)  # the size was taken before the file grew
        return info

    monkeypatch.setattr(worktree_module.os, "fstat", fstat_then_grow)
    assert worktree_module.worktree_reader(tmp_path)("f.txt", 100) == b"a" * 30


def test_a_demo_project_is_documentation_at_any_depth(repo: RepoFactory) -> None:
    root = repo(
        files={
            "src/pkg/views.py": "",
            "src/example/manage.py": "",
            "src/example/demo/settings.py": "",
            "lib/demo/manage.py": "",
            "app/src/main/java/com/example/shop/Shop.java": "",
            "web/demo/views.py": "",
            "demos/dashboard/manage.py": "",
            "demos/dashboard/kitchen/views.py": "",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert files["demos/dashboard/manage.py"].documentation
    assert files["demos/dashboard/kitchen/views.py"].documentation
    assert files["src/example/manage.py"].documentation
    assert files["src/example/demo/settings.py"].documentation
    assert files["lib/demo/manage.py"].documentation
    assert files["app/src/main/java/com/example/shop/Shop.java"].product  # a Java package
    assert files["web/demo/views.py"].product  # an app called demo, no manage.py of its own
    assert files["src/pkg/views.py"].product


def test_a_package_s_sandbox_settings_run_by_the_manage_py_beside_it_are_its_demo(
    repo: RepoFactory,
) -> None:
    """A Django package's `sandbox/` (settings, URLs, ASGI entry) run by the manage.py at the
    package's root is where the package is tried, as a `sandbox/` with its own manage.py is;
    a settings module of the package itself is not."""
    package = {
        "pyproject.toml": "[project]\nname = 'django-badges'\n",
        "manage.py": "import os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'sandbox.settings'\n",
        "sandbox/settings.py": "INSTALLED_APPS = ['badges']\n",
        "sandbox/asgi.py": "application = get_asgi_application()\n",
        "badges/settings.py": "BADGE_SIZE = 3\n",
        "badges/apps.py": "",
    }
    # (kept one folder down, as a template of such packages keeps it)
    root = repo(files={f"package/{path}": text for path, text in package.items()})
    files = {f.path: f for f in discover(root).files}
    assert files["package/sandbox/asgi.py"].documentation
    assert files["package/badges/settings.py"].product


@pytest.mark.parametrize("folder", ["demo", "sample", "samples", "sandbox", "example"])
def test_a_demo_named_folder_holding_everything_is_the_product(
    repo: RepoFactory, folder: str
) -> None:
    """Spring Initializr names a new project `demo`: a repository whose only folder is it
    ships it, beside nothing it could be a demo of."""
    root = repo(
        files={
            "README.md": "# notes\n",
            ".github/workflows/ci.yml": "on: push\n",
            f"{folder}/{folder}/pom.xml": "<project/>\n",
            f"{folder}/{folder}/src/main/java/com/acme/App.java": "class App {}\n",
            f"{folder}/manage.py": "",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert files[f"{folder}/{folder}/src/main/java/com/acme/App.java"].product
    assert files[f"{folder}/manage.py"].product


@pytest.mark.parametrize("beside", ["src/lib.py", "pom.xml", "other/App.java"])
def test_a_demo_beside_anything_else_stays_documentation(repo: RepoFactory, beside: str) -> None:
    root = repo(files={beside: "", "demo/manage.py": "", "demo/app/views.py": ""})
    files = {f.path: f for f in discover(root).files}
    assert files["demo/manage.py"].documentation
    assert files["demo/app/views.py"].documentation


@pytest.mark.parametrize("demo", ["demo-web", "demo-server", "react-demo", "examples"])
def test_a_workspace_s_demo_package_is_documentation(repo: RepoFactory, demo: str) -> None:
    """A workspace of published packages shows them with a demo package of its own."""
    package = '{"name": "@acme/%s"}\n'
    root = repo(
        files={
            "package.json": '{"private": true, "workspaces": ["packages/*"]}\n',
            "packages/forms/package.json": package % "forms",
            "packages/forms/src/index.ts": "export {}\n",
            "packages/pointer/package.json": package % "pointer",
            f"packages/{demo}/package.json": package % demo,
            f"packages/{demo}/src/server.ts": "app.listen(8080)\n",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert files[f"packages/{demo}/src/server.ts"].documentation
    assert files["packages/forms/src/index.ts"].product


def test_a_demo_named_package_of_a_small_workspace_is_its_product(repo: RepoFactory) -> None:
    root = repo(
        files={
            "packages/api/package.json": "{}\n",
            "packages/demo-web/package.json": "{}\n",
            "packages/demo-web/src/app.ts": "export {}\n",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert files["packages/demo-web/src/app.ts"].product


def test_community_files_are_documentation(repo: RepoFactory) -> None:
    """A repository's code of conduct, security policy and the like are about the project: a
    web app with no code of its own yet is not made a pile of Markdown by them."""
    names = ["CODE_OF_CONDUCT.md", "SECURITY.md", "SUPPORT.md", "CITATION.cff", "AUTHORS"]
    root = repo(files={**{n: "# about\n" for n in names}, "README.md": "# app\n", "app.py": ""})
    files = {f.path: f for f in discover(root).files}
    assert all(files[n].documentation for n in names)
    assert files["README.md"].product and files["app.py"].product


def test_a_folder_of_examples_holding_everything_stays_documentation(repo: RepoFactory) -> None:
    root = repo(files={"examples/a/main.go": "package main\n", "examples/b/app.py": ""})
    assert all(f.documentation for f in discover(root).files)


def test_a_go_library_s_underscored_examples_are_documentation(repo: RepoFactory) -> None:
    root = repo(
        files={
            "go.mod": "module example.org/sse\n",
            "sse.go": "package sse\n",
            "_examples/cached/main.go": "package main\n",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert files["_examples/cached/main.go"].documentation
    assert not files["sse.go"].documentation


def test_a_package_s_example_app_is_documentation(repo: RepoFactory) -> None:
    root = repo(
        files={
            "setup.py": "from setuptools import setup\nsetup(name='charts')\n",
            "charts/__init__.py": "",
            "example_app/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert files["example_app/app.py"].documentation
    assert not files["charts/__init__.py"].documentation


def test_a_laravel_package_s_workbench_is_the_app_it_is_tried_in(repo: RepoFactory) -> None:
    root = repo(
        files={
            "composer.json": '{"name": "acme/tags", "type": "library"}\n',
            "src/TagsServiceProvider.php": "<?php\n",
            "testbench.yaml": "laravel: ./workbench\n",
            "workbench/routes/web.php": "<?php\nRoute::get('/', fn () => view('welcome'));\n",
            "packages/admin/testbench.yaml.dist": "laravel: ./workbench\n",
            "packages/admin/workbench/app/Models/User.php": "<?php\n",
            "packages/admin/src/Admin.php": "<?php\n",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert files["workbench/routes/web.php"].documentation
    assert files["packages/admin/workbench/app/Models/User.php"].documentation
    assert files["src/TagsServiceProvider.php"].product
    assert files["packages/admin/src/Admin.php"].product
    # Without Testbench's config a folder of that name is the product's.
    bare = repo(files={"workbench/routes/web.php": "<?php\n", "composer.json": "{}\n"})
    assert {f.path: f for f in discover(bare).files}["workbench/routes/web.php"].product


def test_a_generator_s_project_templates_are_documentation(repo: RepoFactory) -> None:
    """A `create-*` command's templates hold the projects it writes, each with its manifest;
    a site's `templates/` of pages, with no manifest below it, stays the product's."""
    root = repo(
        files={
            "package.json": '{"name": "create-ex-app", "bin": {"create-ex-app": "index.js"}}\n',
            "index.js": "#!/usr/bin/env node\n",
            "templates/javascript/mongo/package.json": '{"name": "app"}\n',
            "templates/javascript/mongo/src/server.js": "app.listen(3000);\n",
            "web/templates/page.html": "<html></html>\n",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert files["templates/javascript/mongo/src/server.js"].documentation
    assert files["index.js"].product
    assert files["web/templates/page.html"].product


def test_mkdocs_build_folder_is_documentation(repo: RepoFactory) -> None:
    root = repo(
        files={
            "mkdocs.yml": "site_name: Notes\n",
            "docs/index.md": "# Notes\n",
            "site/index.html": "<html></html>\n",
            "site/search/search_index.js": "var index = {};\n",
            "handbook/mkdocs.yaml": "site_name: Handbook\n",
            "handbook/site/assets/app.js": "console.log(1);\n",
            "web/site/app.js": "console.log(2);\n",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert files["site/search/search_index.js"].documentation
    assert files["handbook/site/assets/app.js"].documentation
    assert files["web/site/app.js"].product  # no MkDocs config beside it


def test_a_course_in_parts_of_numbered_lessons_is_documentation(repo: RepoFactory) -> None:
    """`basics/1..5/` beside `web/1..5/`: each part a folder of lessons numbered only."""
    parts = {
        **{f"Basics/{n}/ex.py": "print(1)\n" for n in range(1, 6)},
        **{f"Web/{n}/example_{n}.py": "from flask import Flask\n" for n in range(1, 6)},
        "Web/3/templates/search.html": "<form></form>\n",
    }
    root = repo(files={**parts, "README.md": "# Python courses\n"})
    assert all(f.documentation for f in discover(root).files if f.path in parts)
    assert collect(discover(root)).value("repo.course_lessons") == 10
    # A product beside one such folder is no course in parts.
    app = {"app/models.py": "x = 1\n", "app/views.py": "y = 2\n"}
    other = repo(files={**{p: t for p, t in parts.items() if p.startswith("Web/")}, **app})
    assert collect(discover(other)).value("repo.course_lessons") == 0
    # Nor are years' folders (`posts/2021/`) lessons.
    years = {
        f"{top}/{year}/a.md": "x\n" for top in ("posts", "talks") for year in range(2018, 2023)
    }
    assert collect(discover(repo(files=years))).value("repo.course_lessons") == 0


def test_a_course_in_numbered_lessons_is_documentation(repo: RepoFactory) -> None:
    lessons = {
        f"{name}/app.py": "from flask import Flask\n"
        for name in ("01-intro", "02-regression", "week-3", "lesson_4", "05 deployment")
    }
    root = repo(files={**lessons, "midterm/predict.py": "import flask\n", "README.md": "# ML\n"})
    files = {f.path: f for f in discover(root).files}
    assert all(files[path].documentation for path in lessons)
    assert files["midterm/predict.py"].documentation  # beside the lessons, course work too
    facts = collect(discover(root))
    assert facts.value("repo.course_lessons") == 5
    # The same course kept one folder down.
    down = repo(files={f"ml-zoomcamp/{path}": text for path, text in lessons.items()})
    assert all(f.documentation for f in discover(down).files)
    # ... and so with its notes site beside it.
    notes = {"mkdocs.yml": "site_name: Notes\n", "docs/index.md": "# Notes\n"}
    down = repo(files={**notes, **{f"src/{path}": text for path, text in lessons.items()}})
    assert collect(discover(down)).value("repo.course_lessons") == 5
    # ... and with the README's screenshots in a folder of their own beside it.
    pictures = {"assets/screenshots/lesson.png": "png", "assets/screenshots/app.webp": "webp"}
    down = repo(
        files={**notes, **pictures, **{f"src/{path}": text for path, text in lessons.items()}}
    )
    assert collect(discover(down)).value("repo.course_lessons") == 5
    # (a folder of code beside it is another folder of the course's, or of a product's)
    other = {**pictures, "assets/build.py": "print('x')\n"}
    down = repo(files={**other, **{f"src/{path}": text for path, text in lessons.items()}})
    assert collect(discover(down)).value("repo.course_lessons") == 0
    # ... and with both kept a folder further down (`app/mkdocs.yml`, `app/src/01-intro/`).
    deeper = repo(
        files={
            **{f"app/{path}": text for path, text in notes.items()},
            **{f"app/src/{path}": text for path, text in lessons.items()},
        }
    )
    assert collect(discover(deeper)).value("repo.course_lessons") == 5
    # A hundred days of exercises numbered with three digits, one folder down beside the
    # README's pictures.
    days = {
        f"work/{name}/app.py": "from flask import Flask\n"
        for name in ("001-flask", "003-flask-from-scratch", "023-flask2quart", "046-django-quotes")
    }
    down = repo(files={**days, "readme_resources/day1.png": "png", "README.md": "# 100 days\n"})
    assert collect(discover(down)).value("repo.course_lessons") == 4


STUDY_TOPICS = (
    *("dict", "Decorators", "enum", "asyncio", "socket", "class", "tuple", "json"),
    *("threads", "comprehension", "sap", "factoryMethod"),
)


def test_a_study_collection_kept_a_folder_per_language_feature_is_a_course(
    repo: RepoFactory,
) -> None:
    """`dict/`, `decorator/`, `asyncio/`, `socket/` ...: a learner's samples, one folder per
    feature or standard module. Its echo and chat sockets are exercises, not a product."""
    files = {f"{topic}/{topic.lower()}_taste.py": "print('x')\n" for topic in STUDY_TOPICS}
    files["socket/chat_server.py"] = (
        "import socket\nclients = []\ns = socket.socket()\ns.bind(('', 9))\n"
        "while True:\n    c, _ = s.accept()\n    clients.append(c)\n"
    )
    root = repo(files={**files, "README.md": "# python\n"})
    facts = collect(discover(root))
    assert facts.value("repo.course_lessons") == 10  # (12 folders, 2 not named for a topic)
    assert all(f.documentation for f in discover(root).files if f.path in files)
    assert facts.value("rt.ws_handlers") == 0


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda files: {
                p: t for p, t in files.items() if not p.startswith(("dict/", "enum/", "json/"))
            },
            id="nine-folders",
        ),
        pytest.param(
            lambda files: {
                **files,
                **{f"{a}/x.py": "x = 1\n" for a in ("orders", "billing", "accounts", "reports")},
            },
            id="a-third-named-for-what-they-do",
        ),
        pytest.param(
            lambda files: {
                **files,
                **{f"{t}/m{n}.py": "x = 1\n" for t in STUDY_TOPICS for n in range(9)},
            },
            id="folders-of-a-product-s-size",
        ),
        pytest.param(
            lambda files: {**files, "pyproject.toml": "[project]\nname = 'x'\n"},
            id="built-at-the-root",
        ),
    ],
)
def test_what_is_no_study_collection(
    repo: RepoFactory, change: Callable[[dict[str, str]], dict[str, str]]
) -> None:
    files = {f"{topic}/sample.py": "print('x')\n" for topic in STUDY_TOPICS}
    assert collect(discover(repo(files=files))).value("repo.course_lessons") == 10
    assert collect(discover(repo(files=change(files)))).value("repo.course_lessons") == 0


@pytest.mark.parametrize(
    "folders",
    [
        ("project_01", "project_02", "project_03", "project_04", "docs"),
        ("hw1", "hw2", "assignment-3", "exercise_4", "task5"),
        ("src/ex1", "src/ex2", "src/ex3", "src/ex4", "src/assets"),  # a folder down
    ],
)
def test_a_capstone_s_numbered_projects_and_assignments_are_a_course(
    repo: RepoFactory, folders: tuple[str, ...]
) -> None:
    root = repo(files={f"{folder}/app.py": "import flask\n" for folder in folders})
    assert collect(discover(root)).value("repo.course_lessons") >= 4


@pytest.mark.parametrize(
    "folders",
    [
        ("01-api", "02-web", "03-worker", "04-jobs", "src", "lib", "infra", "deploy", "cmd"),
        ("week-1", "week-2", "week-3", "app"),  # three lessons: not a course
        ("2d-engine", "3d-engine", "v1", "v2", "app"),  # no numbered lesson names
    ],
)
def test_a_few_numbered_folders_make_no_course(repo: RepoFactory, folders: tuple[str, ...]) -> None:
    root = repo(files={f"{folder}/main.py": "print(1)\n" for folder in folders})
    files = discover(root).files
    assert not any(f.documentation for f in files)


def test_a_frameworks_project_template_and_test_runner_are_not_its_product(
    repo: RepoFactory,
) -> None:
    root = repo(
        files={
            "pyproject.toml": '[project]\nname = "cms"\n',
            "cms/views.py": "",
            "cms/project_template/Dockerfile": "FROM python:3.12\n",
            "cms/project_template/manage.py-tpl": "",
            "cms/conf/app_template/models.py-tpl": "",
            "runtests.py": "import argparse\n",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert files["cms/project_template/Dockerfile"].documentation
    assert files["cms/conf/app_template/models.py-tpl"].documentation
    assert files["runtests.py"].test
    assert files["cms/views.py"].product


HARNESS = {
    "pyproject.toml": '[project]\nname = "django-tally"\n',
    "tally/apps.py": "",
    "tally/views.py": "",
    "project/manage.py": "",
    "project/project/settings.py": "",
    "project/shop/views.py": "",
}


@pytest.mark.parametrize(
    ("change", "harness"),
    [
        pytest.param({}, True, id="published-app-beside-its-project"),
        pytest.param({"pyproject.toml": None, "setup.py": ""}, True, id="setup-py"),
        pytest.param({"pyproject.toml": None}, False, id="nothing-published"),
        pytest.param({"tally/apps.py": None}, False, id="no-app-package-at-the-top"),
        pytest.param({"tally/apps.py": None, "src/tally/apps.py": ""}, True, id="src-layout"),
        # The app inside the project's own folder: a deployed project kept one folder down.
        pytest.param({"tally/apps.py": None, "project/tally/apps.py": ""}, False, id="app-inside"),
        pytest.param({"tally/apps.py": None, "project/apps.py": ""}, False, id="its-own-app"),
        # manage.py two folders down (netbox/netbox/...) is not a harness beside the app.
        pytest.param(
            {"project/manage.py": None, "src/project/manage.py": ""}, False, id="deeper-manage-py"
        ),
    ],
)
def test_a_django_project_beside_the_published_app_is_its_harness(
    repo: RepoFactory, change: dict[str, str | None], harness: bool
) -> None:
    layout = {**HARNESS, **change}
    root = repo(files={path: text for path, text in layout.items() if text is not None})
    files = {f.path: f for f in discover(root).files}
    manage = next(path for path in files if path.endswith("manage.py"))
    assert files[manage].documentation is harness
    assert files["project/shop/views.py"].documentation is harness
    assert not any(f.documentation for path, f in files.items() if path.startswith("tally/"))


def _roles(root: Path) -> dict[str, str]:
    return {
        f.path: "docs" if f.documentation else "not-product" if f.test else "product"
        for f in discover(root).files
    }


def test_a_projects_own_tooling_folder_is_tooling_one_folder_down(repo: RepoFactory) -> None:
    """A project's `scripts/` is tooling at the project's root, wherever that root is: at
    the repository's root, in the one folder that holds everything, or in a folder with a
    project marker (a package of a monorepo)."""
    helper = "import sys\nprint(sys.argv)\n"
    moved = repo(files={"site/index.html": "<p>hi</p>\n", "site/scripts/bump.py": helper})
    assert _roles(moved)["site/scripts/bump.py"] == "not-product"
    package = repo(
        files={
            "web/index.html": "<p>hi</p>\n",
            "api/pyproject.toml": "[project]\nname = 'api'\n",
            "api/scripts/seed.py": helper,
            "api/app.py": "import flask\n",
        }
    )
    roles = _roles(package)
    assert roles["api/scripts/seed.py"] == "not-product"
    assert roles["api/app.py"] == "product"


def test_the_one_folder_beside_a_root_manifest_is_its_package(repo: RepoFactory) -> None:
    """`setup.py` at the root builds the one folder beside it: that folder is the package,
    not a project kept one folder down, and its `scripts/` is a module of it (the one its
    console script runs)."""
    files = {
        "setup.py": "from setuptools import setup\nsetup(name='tracker')\n",
        "tracker/__init__.py": "",
        "tracker/scripts/__init__.py": "",
        "tracker/scripts/seed.py": "import optparse\n",
    }
    assert _roles(repo(files=files))["tracker/scripts/seed.py"] == "product"
    without = {path: text for path, text in files.items() if path != "setup.py"}
    assert _roles(repo(files=without))["tracker/scripts/seed.py"] == "not-product"


def test_a_docs_folder_beside_a_project_kept_one_folder_down(repo: RepoFactory) -> None:
    """`src/` holds the project and `docs/` its documentation site: `src/` is still the
    project kept one folder down, and its `scripts/` are its tooling."""
    files = {
        "mkdocs.yml": "site_name: Briefs\n",
        "docs/index.md": "# Briefs\n",
        "src/brief.md": "# A brief\n",
        "src/scripts/bump_version.py": "import sys\nprint(sys.argv)\n",
    }
    assert _roles(repo(files=files))["src/scripts/bump_version.py"] == "not-product"
    beside = {**files, "lib/util.md": "# Notes\n"}  # (two folders of material: no one root)
    assert _roles(repo(files=beside))["src/scripts/bump_version.py"] == "product"


def test_a_scripts_folder_deep_in_the_product_stays_product(repo: RepoFactory) -> None:
    """No project root above it: `lib/scripts/` is part of the product (say, a scripting
    engine's built-in scripts), as before."""
    root = repo(
        files={
            "lib/scripts/run.py": "import sys\n",
            "app/main.py": "import flask\n",
            "README.md": "x\n",
        }
    )
    assert _roles(root)["lib/scripts/run.py"] == "product"


@pytest.mark.parametrize(
    "untracked",
    [
        pytest.param({}, id="clean"),
        pytest.param({"notes.txt": "later\n"}, id="an-untracked-file"),
        pytest.param({"app/package.json": "{}\n"}, id="an-untracked-project-marker"),
        pytest.param({".gitattributes": "app/** linguist-vendored\n"}, id="untracked-attributes"),
    ],
)
def test_a_work_tree_filtered_while_git_lists_untracked_files_is_filtered_whole(
    repo: RepoFactory, untracked: dict[str, str]
) -> None:
    """The tracked files are filtered while git still walks for untracked ones; what it
    finds can change how the others are judged (a manifest makes `app/` a project root, so
    `app/scripts/` its tooling; an attribute file vendors them), and the answer is always
    that of filtering the whole listing."""
    from stackcheck.source import git as gitsource
    from stackcheck.source.discover import filter_listing

    files = {"app/scripts/build.py": "import os\n", "app/main.py": "", "lib/util.py": ""}
    root = repo(files=files)
    for path, text in untracked.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    found = discover(root)
    listing = gitsource.worktree_listing(root)
    assert listing is not None
    whole = filter_listing(listing, Exclusions())
    assert found.files == whole.files and found.skipped == whole.skipped
    assert found.excluded == whole.excluded and found.role_attributes == whole.role_attributes
    build = {f.path: f for f in found.files}.get("app/scripts/build.py")
    if "app/package.json" in untracked:
        assert build is not None and build.test
    elif ".gitattributes" in untracked:
        assert build is None  # vendored
    else:
        assert build is not None and not build.test


def test_without_content_ids_a_work_tree_is_listed_alike_but_keeps_no_blob_ids(
    repo: RepoFactory,
) -> None:
    root = repo("verdict-dj102-api")
    (root / "untracked.py").write_text("import django\n")
    edited = next(p for p in sorted(root.rglob("*.py")) if ".git" not in p.parts)
    edited.write_text(edited.read_text() + "\n# changed\n")
    with_ids = discover(root)
    without = discover(root, content_ids=False)
    assert any(f.blob is not None for f in with_ids.files)  # a clean tracked file has one
    assert all(f.blob is None for f in without.files)
    assert [f._replace(blob=None) for f in with_ids.files] == list(without.files)
    assert collect(without) == collect(with_ids)


def test_a_scan_without_the_cache_lists_no_blob_ids(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo("verdict-dj102-api")
    seen: list[RepoFiles] = []
    real_collect = stackcheck.pipeline.collect

    def recording(files: RepoFiles, *args: Any, **kwargs: Any) -> Any:
        seen.append(files)
        return real_collect(files, *args, **kwargs)

    monkeypatch.setattr(stackcheck.pipeline, "collect", recording)
    plain = scan(root, Settings(cache=False))
    assert seen and all(f.blob is None for f in seen[-1].files)
    cached = scan(root, Settings(cache=False), cache=Cache(root.parent / "cache"))
    assert all(f.blob is not None for f in seen[-1].files)
    assert plain.verdict == cached.verdict and plain.facts == cached.facts


def test_code_and_prose_in_hidden_folders_are_tooling_other_files_stay(repo: RepoFactory) -> None:
    root = repo(
        files={
            "hugo.toml": 'title = "blog"\n',
            "content/post.md": "# post\n",
            ".agents/skills/browse/run.js": "socket.on('data', print)\n",
            ".claude/hooks/check.py": "print(1)\n",
            ".agents/skills/browse/SKILL.md": "---\nname: browse\n---\nOpen pages.\n",
            ".github/ISSUE_TEMPLATE/bug.md": "---\nname: Bug\n---\nWhat happened?\n",
            ".github/scripts/release.sh": "echo\n",
            ".github/workflows/pages.yml": "on: push\n",
            ".platform/routes.yaml": "x: 1\n",
            ".vitepress/config.ts": "export default {}\n",
            ".vitepress/theme/index.ts": "export default {}\n",
            ".well-known/security.txt": "Contact: x\n",
            "src/app/.hidden-name.js": "x\n",  # a hidden file, not a hidden folder
        }
    )
    files = {f.path: f for f in discover(root).files}
    for tooling in (
        ".agents/skills/browse/run.js",
        ".claude/hooks/check.py",
        ".agents/skills/browse/SKILL.md",
        ".github/ISSUE_TEMPLATE/bug.md",
    ):
        assert files[tooling].test, tooling
    assert files[".github/scripts/release.sh"].test
    for product in (
        ".github/workflows/pages.yml",
        ".platform/routes.yaml",
        ".vitepress/config.ts",
        ".vitepress/theme/index.ts",
        ".well-known/security.txt",
        "src/app/.hidden-name.js",
        "content/post.md",
    ):
        assert files[product].product, product


def test_an_express_apps_bin_www_is_its_server_not_a_helper(repo: RepoFactory) -> None:
    """Express's generator starts the server from bin/www; the folder's other scripts stay
    tooling."""
    roles = _roles(
        repo(
            files={
                "package.json": '{"name": "app", "scripts": {"start": "node ./bin/www"}}\n',
                "bin/www": "#!/usr/bin/env node\nrequire('../app').listen(3000);\n",
                "bin/www.ts": "import app from '../src/app';\napp.listen(3000);\n",
                "bin/seed.js": "console.log('seeding');\n",
                "app.js": "module.exports = require('express')();\n",
            }
        )
    )
    assert roles["bin/www"] == roles["bin/www.ts"] == "product"
    assert roles["bin/seed.js"] == "not-product"


def test_a_front_ends_mock_backend_is_tooling(repo: RepoFactory) -> None:
    """A stand-in for the backend while developing (a dev or mock server, mock handlers)
    is never deployed."""
    server = "const app = require('express')();\napp.get('/api/x', (q, s) => s.json({}));\n"
    roles = _roles(
        repo(
            files={
                "src/App.jsx": "export default function App() { return null; }\n",
                "dev-server/server.js": server + "app.listen(3001);\n",
                "mock-server/index.js": server,
                "fake_server/app.py": "from flask import Flask\napp = Flask(__name__)\n",
                "stub-server/index.js": server,
                "src/mocks/handlers.js": "export const handlers = [];\n",
            }
        )
    )
    assert roles["src/App.jsx"] == "product"
    stand_ins = ("dev-server/server.js", "mock-server/index.js", "fake_server/app.py")
    assert {roles[p] for p in (*stand_ins, "stub-server/index.js")} == {"not-product"}
    assert roles["src/mocks/handlers.js"] == "not-product"


@pytest.mark.parametrize("marker", ["apps.py", "models.py", "admin.py", "templatetags/embed.py"])
def test_a_django_project_beside_an_app_known_by_any_of_its_files_is_its_harness(
    repo: RepoFactory, marker: str
) -> None:
    """An app written before app configs has no apps.py: its models, admin or template tags
    say it is one."""
    root = repo(
        files={
            "setup.py": "from setuptools import setup\nsetup(name='embed')\n",
            f"embed_video/{marker}": "",
            "example_project/manage.py": "",
            "example_project/posts/views.py": "",
        }
    )
    files = {f.path: f for f in discover(root).files}
    assert files["example_project/manage.py"].documentation
    assert files[f"embed_video/{marker}"].product


def test_the_packaging_folder_is_distribution_not_product(repo: RepoFactory) -> None:
    """An npm wrapper that downloads the built binary, kept in `packaging/`, is how others
    install the product; a package's own `src/packaging/` module stays product."""
    roles = _roles(
        repo(
            files={
                "cmd/server/main.go": "package main\n",
                "packaging/npm/package.json": '{"name": "x", "bin": {"x": "bin/x"}}\n',
                "packaging/npm/install.mjs": "export {}\n",
                "src/shop/packaging/__init__.py": "",
            }
        )
    )
    assert roles["cmd/server/main.go"] == "product"
    assert (
        roles["packaging/npm/package.json"] == roles["packaging/npm/install.mjs"] == "not-product"
    )
    assert roles["src/shop/packaging/__init__.py"] == "product"


def test_a_java_package_named_test_is_code_not_tests(repo: RepoFactory) -> None:
    """Below a JVM source root's reverse domain (`src/main/java/com/`, Eclipse's `src/com/`)
    a folder called `test` is a package; Maven's `src/test/` and Python's `tests/` are
    tests."""
    java = "package com.test.chat;\n\npublic class Server {}\n"
    roles = _roles(
        repo(
            files={
                "src/main/java/com/test/chat/Server.java": java,
                "src/com/test/chat/Handler.java": java,
                "src/test/java/com/acme/ServerTest.java": "class ServerTest {}\n",
                "src/test/java/org/test/Fixture.java": "class Fixture {}\n",
                "src/pkg/tests/test_x.py": "def test_x():\n    pass\n",
                "test/helpers.js": "module.exports = {};\n",
            }
        )
    )
    assert roles["src/main/java/com/test/chat/Server.java"] == "product"
    assert roles["src/com/test/chat/Handler.java"] == "product"
    assert roles["src/test/java/com/acme/ServerTest.java"] == "not-product"
    assert roles["src/test/java/org/test/Fixture.java"] == "not-product"
    assert roles["src/pkg/tests/test_x.py"] == "not-product"
    assert roles["test/helpers.js"] == "not-product"


def test_a_dart_package_s_programs_in_bin_are_the_product(repo: RepoFactory) -> None:
    """`dart run` starts a package's bin/*.dart: its entry points, not helper scripts."""
    roles = _roles(
        repo(
            files={
                "pubspec.yaml": "name: relay\ndependencies:\n  shelf: ^1.4.0\n",
                "bin/server.dart": "void main() {}\n",
                "bin/seed.sh": "echo seeding\n",
                "lib/relay.dart": "int answer() => 42;\n",
            }
        )
    )
    assert roles["bin/server.dart"] == roles["lib/relay.dart"] == "product"
    assert roles["bin/seed.sh"] == "not-product"


def test_a_course_kept_as_labs_and_lectures_is_documentation(repo: RepoFactory) -> None:
    course = {
        "course/01-rest.md": "# REST\n",
        "labs/rest-api/Program.cs": (
            'var app = WebApplication.Create();\napp.MapGet("/", () => 1);\n'
        ),
        "cheatsheets/http.md": "# HTTP\n",
        "demos/grpc/Program.cs": "var app = WebApplication.Create();\n",
        "README.md": "# Web services workshop\n",
    }
    root = repo(files=course)
    files = {f.path: f for f in discover(root).files}
    assert files["labs/rest-api/Program.cs"].documentation
    assert collect(discover(root)).value("repo.course_lessons") == 3
    # One such folder beside an application is the application's.
    app = {"labs/experiment.md": "# Ideas\n", "src/Program.cs": "var app = 1;\n", "api/x.cs": ""}
    files = {f.path: f for f in discover(repo(files=app)).files}
    assert files["src/Program.cs"].product


def test_a_jetbrains_academy_course_is_documentation(repo: RepoFactory) -> None:
    files = {
        "course-info.yaml": "type: marketplace\ntitle: Flask services\nlanguage: English\n",
        "requirements.txt": "flask\n",
        "Building the API/lesson-info.yaml": "content:\n- Define routes\n",
        "Building the API/Define routes/task-info.yaml": "type: edu\n",
        "Building the API/Define routes/app.py": (
            "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/devices')\n"
            "def devices():\n    return []\n"
        ),
        "Deploy on Docker/lesson-info.yaml": "content:\n- Dockerfile\n",
        "Deploy on Docker/Dockerfile/Dockerfile": "FROM python:3.12\n",
    }
    root = repo(files=files)
    found = {f.path: f for f in discover(root).files}
    assert found["Building the API/Define routes/app.py"].documentation
    assert collect(discover(root)).value("repo.course_lessons") == 2
    del files["course-info.yaml"]
    found = {f.path: f for f in discover(repo(files=files)).files}
    assert not found["Building the API/Define routes/app.py"].documentation


def _collection(count: int) -> dict[str, str]:
    """`count` small Spring projects, a third of them in each level's folder."""
    files = {"README.md": "# Spring exercises\n"}
    for n in range(count):
        level = ("basic", "intermediate", "advanced")[n % 3]
        # (named by topic, not numbered: numbered folders in parts are a course on their own)
        files[f"{level}/topic-{n:02d}/pom.xml"] = "<project><artifactId>x</artifactId></project>\n"
        files[f"{level}/topic-{n:02d}/src/main/java/App.java"] = (
            "@SpringBootApplication\npublic class App {}\n"
        )
    return files


@pytest.mark.parametrize(
    ("count", "at_root", "collection"),
    [(24, False, True), (40, False, True), (23, False, False), (30, True, False)],
)
def test_two_dozen_projects_built_each_on_its_own_are_a_collection(
    repo: RepoFactory, count: int, at_root: bool, collection: bool
) -> None:
    """A collection of exercise projects is a course's material; the same projects built
    together from a file at the root (a monorepo's modules) are one product."""
    files = _collection(count)
    if at_root:
        files["pom.xml"] = "<project><modules><module>basic</module></modules></project>\n"
    root = repo(files=files)
    found = {f.path: f for f in discover(root).files}
    assert found["basic/topic-00/src/main/java/App.java"].documentation is collection
    lessons = collect(discover(root)).value("repo.course_lessons")
    assert lessons == (count if collection else 0)


def test_a_project_inside_another_is_not_one_of_the_collection_s() -> None:
    """Each exercise's own `client/` is part of it, whatever sorts between them (`shop-1/`
    and `shop-1-b/` sort before `shop-1/client/`)."""
    from stackcheck.source.discover import MIN_COLLECTION_PROJECTS, course_lessons

    paths = ["README.md"]
    for n in range(MIN_COLLECTION_PROJECTS - 1):
        paths += [f"shop-{n}/package.json", f"shop-{n}/client/package.json"]
    paths += ["shop-1-b/package.json"]
    assert course_lessons(paths)[1] == sorted(
        [*(f"shop-{n}" for n in range(MIN_COLLECTION_PROJECTS - 1)), "shop-1-b"]
    )
    assert course_lessons([*paths, "Exercises.sln"])[1] == []  # (built together at the root)


def test_the_packages_of_a_committed_vendor_folder_are_no_collection(repo: RepoFactory) -> None:
    files = {
        f"interface/vendor/acme/lib{n}/composer.json": '{"name": "acme/lib"}\n' for n in range(30)
    }
    files["interface/controllers/SiteController.php"] = "<?php\nclass SiteController {}\n"
    files["web/index.html"] = "<html></html>\n"
    assert collect(discover(repo(files=files))).value("repo.course_lessons") == 0


def test_a_maven_archetype_s_template_project_is_documentation(repo: RepoFactory) -> None:
    root = repo(
        files={
            "archetypes/basic/pom.xml": (
                "<project><packaging>maven-archetype</packaging></project>\n"
            ),
            "archetypes/basic/src/main/resources/archetype-resources/src/main/java/App.java": (
                "@SpringBootApplication\npublic class App {}\n"
            ),
            "starter/src/main/java/Starter.java": "public class Starter {}\n",
        }
    )
    files = {f.path: f for f in discover(root).files}
    template = "archetypes/basic/src/main/resources/archetype-resources/src/main/java/App.java"
    assert files[template].documentation
    assert files["starter/src/main/java/Starter.java"].product


_ATTR_PATTERNS = st.sampled_from(
    [
        "/.yarn/**", "vendor/**", "docs/*.md", "/build", "src/gen*/**", "*.min.js", "**/dist/**",
        "a*/b", "/third_party/", "lib", "docs", "/docs/api/**", "s?c/**", "[ab]/x", "\\\\#x",
    ]
)  # fmt: skip
_ATTR_VALUES = st.sampled_from(
    ["linguist-vendored", "linguist-generated", "-linguist-vendored", "linguist-documentation"]
)
_PATHS = st.sampled_from(
    [
        ".yarn/releases/yarn.cjs", ".yarnrc.yml", "vendor/a.js", "src/vendor/b.js", "docs/x.md",
        "docs/api/y.md", "docs/z.txt", "build", "build/out.js", "src/generated/c.js", "app.min.js",
        "pkg/dist/d.js", "ab/b", "a/b", "lib/e.py", "src/lib/f.py", "third_party/g.c", "src/x.py",
        "b/x", "#x", "sub/docs/h.md",
    ]
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(_ATTR_PATTERNS, _ATTR_VALUES), min_size=1, max_size=5),
    st.lists(_PATHS, min_size=1, max_size=12, unique=True),
    st.sampled_from(["", "sub/"]),
)
def test_attributes_are_applied_alike_to_only_the_paths_their_patterns_can_reach(
    lines: list[tuple[str, str]], listed: list[str], folder: str
) -> None:
    """Anchored patterns are tried only on the paths under their literal beginning; the
    attributes each path gets are those of trying every pattern on every path."""
    from stackcheck.source import discover as module

    attributes = "".join(f"{pattern} {value}\n" for pattern, value in lines).encode()
    paths = sorted({f"{folder}{p}" for p in listed} | {f"{folder}.gitattributes"})

    def read(path: str, limit: int) -> bytes:
        return attributes if path.endswith(".gitattributes") else b""

    reached = module._linguist_attributes(read, paths)
    every = module._reachable
    try:
        module._reachable = lambda under, base, lines, matchers: under  # type: ignore[assignment]
        assert module._linguist_attributes(read, paths) == reached
    finally:
        module._reachable = every


_PATH_PART = st.sampled_from(["a", "a-b", "a.txt", "a0", "b", "lesson-1", "1", "z", "é"])


@given(st.lists(st.lists(_PATH_PART, min_size=1, max_size=4).map("/".join), max_size=40))
@settings(max_examples=200, deadline=None)
def test_a_folder_s_subfolders_are_found_by_bisection_as_a_walk_finds_them(
    paths: list[str],
) -> None:
    """Names that sort between a folder's paths (`a-b`, `a.txt` and `a0` beside `a/`) are
    neither taken for its subfolders nor make the bisection skip one."""
    from stackcheck.source.discover import _subfolders

    paths = sorted(set(paths))
    for folder in ("a", "a/a", "b", "é"):
        inside = [p[len(folder) + 1 :] for p in paths if p.startswith(f"{folder}/")]
        walked = {rest.partition("/")[0] for rest in inside if "/" in rest}
        assert _subfolders(paths, folder) == walked


@given(st.permutations([f"part{n}/{m}/lesson.md" for n in range(2) for m in range(1, 5)]))
@settings(max_examples=20, deadline=None)
def test_a_course_s_lessons_do_not_depend_on_the_order_of_its_paths(paths: list[str]) -> None:
    from stackcheck.source.discover import course_lessons

    assert course_lessons([*paths, "README.md"])[1] == sorted(
        f"part{n}/{m}" for n in range(2) for m in range(1, 5)
    )
