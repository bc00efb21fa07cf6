"""Each fixture repository, built into a real git repo, gets the verdict a tech lead expects."""

from __future__ import annotations

import pytest

from conftest import RepoFactory
from stackcheck.config import Settings
from stackcheck.judge.stack import summarise
from stackcheck.pipeline import scan

CASES = [
    # (fixture, verdict, rule IDs that must be reported, rule IDs that must not be)
    pytest.param(
        "verdict-na-library",
        "not-applicable",
        set(),
        {"DJ901", "DJ101"},
        id="library-with-mkdocs-docs",
    ),
    pytest.param("verdict-na-firmware", "not-applicable", set(), {"DJ110", "DJ902"}, id="firmware"),
    pytest.param(
        "verdict-na-devserver-tool",
        "not-applicable",
        set(),
        {"DJ903", "DJ901", "DJ108"},
        id="dev-tool-with-reload-socket-and-docs-site",
    ),
    pytest.param("verdict-dj101-blog", "suits", {"DJ101"}, {"DJ901", "DJ102"}, id="DJ101"),
    pytest.param("verdict-dj102-api", "suits", {"DJ102"}, {"DJ101"}, id="DJ102"),
    pytest.param("verdict-dj103-inventory", "suits", {"DJ103"}, set(), id="DJ103"),
    pytest.param("verdict-dj104-mvp", "suits", {"DJ104"}, set(), id="DJ104"),
    pytest.param("verdict-dj105-wagtail", "suits", {"DJ105"}, set(), id="DJ105"),
    pytest.param("verdict-dj106-ml", "suits", {"DJ106"}, set(), id="DJ106"),
    pytest.param("verdict-dj107-payments", "suits", {"DJ107"}, {"DJ902"}, id="DJ107"),
    pytest.param(
        "verdict-dj108-shop-notifications", "suits", {"DJ108", "DJ101"}, {"DJ903"}, id="DJ108"
    ),
    pytest.param("verdict-dj109-helpdesk", "suits", {"DJ109"}, set(), id="DJ109"),
    pytest.param("verdict-dj110-iot", "suits", {"DJ110"}, set(), id="DJ110"),
    pytest.param("verdict-dj901-hugo", "avoid", {"DJ901"}, set(), id="DJ901-hugo"),
    pytest.param("verdict-dj901-plain-html", "avoid", {"DJ901"}, set(), id="DJ901-plain-html"),
    pytest.param("verdict-dj902-orderbook", "avoid", {"DJ902"}, {"DJ901"}, id="DJ902"),
    pytest.param("verdict-dj903-chat", "avoid", {"DJ903"}, {"DJ901"}, id="DJ903"),
    pytest.param(
        "verdict-flask-crud", "suits", {"DJ101", "DJ201"}, {"DJ901"}, id="flask-crud-not-django-yet"
    ),
    pytest.param(
        "verdict-django-with-mkdocs", "suits", {"DJ101"}, {"DJ901"}, id="decoy-docs-site-in-app"
    ),
    pytest.param(
        "verdict-express-notifications",
        "suits",
        {"DJ102"},
        {"DJ903", "DJ901"},
        id="decoy-express-api-with-socket-notifications",
    ),
    pytest.param(
        "verdict-django-trading-dashboard",
        "suits",
        {"DJ101"},
        {"DJ902"},
        id="decoy-trading-dashboard",
    ),
    pytest.param(
        "verdict-django-imports-only",
        "suits",
        {"DJ101"},
        set(),
        id="django-without-manifest-nested",
    ),
    pytest.param("verdict-php-guestbook", "suits", {"DJ101"}, {"DJ901"}, id="plain-php-app"),
    pytest.param("verdict-spring-rest", "suits", {"DJ102"}, {"DJ101"}, id="spring-rest-service"),
    pytest.param("verdict-rust-chat-server", "avoid", {"DJ903"}, set(), id="rust-chat-server"),
    pytest.param(
        "verdict-go-orderbook-lib", "avoid", {"DJ902"}, set(), id="order-book-library-in-go"
    ),
    pytest.param("verdict-mkdocs-only", "avoid", {"DJ901"}, set(), id="docs-only-mkdocs-site"),
    pytest.param("verdict-na-r-package", "not-applicable", set(), {"DJ901"}, id="r-package"),
    pytest.param("verdict-na-django-addon", "not-applicable", set(), {"DJ101"}, id="django-add-on"),
    pytest.param(
        "verdict-na-rust-cli-devserver",
        "not-applicable",
        set(),
        {"DJ903", "DJ901"},
        id="rust-cli-with-reload-socket",
    ),
    pytest.param(
        "verdict-na-django-addon-test-harness",
        "not-applicable",
        set(),
        {"DJ101"},
        id="django-add-on-whose-root-manage-py-runs-its-tests",
    ),
    pytest.param(
        "verdict-flask-packaged-forum",
        "suits",
        {"DJ101", "DJ201"},
        set(),
        id="packaged-flask-app-with-class-views-and-a-wsgi-module",
    ),
    pytest.param(
        "verdict-dj901-contact-mailer",
        "avoid",
        {"DJ901"},
        {"DJ202"},
        id="landing-page-whose-server-only-mails-its-form",
    ),
    pytest.param(
        "verdict-dj901-express-file-server",
        "avoid",
        {"DJ901"},
        {"DJ102"},
        id="pages-served-by-an-express-script-that-only-sends-files",
    ),
    pytest.param(
        "verdict-na-tauri-desktop",
        "not-applicable",
        set(),
        {"DJ202"},
        id="desktop-app-with-an-updater-route-and-a-local-server",
    ),
    pytest.param(
        "verdict-na-rails-engine",
        "not-applicable",
        set(),
        {"DJ101", "DJ901"},
        id="rails-engine-gem-whose-docs-site-pages-publishes",
    ),
    pytest.param(
        "verdict-na-monitoring-stack",
        "not-applicable",
        set(),
        {"DJ202", "DJ102"},
        id="compose-stack-of-published-images-with-a-one-route-relay",
    ),
    pytest.param(
        "verdict-dj901-php-contact-folder",
        "avoid",
        {"DJ901"},
        {"DJ202", "DJ101"},
        id="bakery-pages-whose-php-folder-only-mails-its-contact-form",
    ),
    pytest.param(
        "verdict-na-course-lessons",
        "not-applicable",
        set(),
        {"DJ106", "DJ202", "DJ901"},
        id="course-in-numbered-lessons-with-flask-prediction-services",
    ),
    pytest.param(
        "verdict-dj903-push-relay",
        "avoid",
        {"DJ903"},
        {"DJ102", "DJ101"},
        id="go-push-relay-one-publish-route-one-stream",
    ),
    pytest.param(
        "verdict-na-django-addon-dev-env",
        "not-applicable",
        set(),
        {"DJ101", "DJ202"},
        id="django-add-on-whose-dev-project-a-compose-file-starts",
    ),
    pytest.param(
        "verdict-dj901-jekyll-flask-file-server",
        "avoid",
        {"DJ901"},
        {"DJ202", "DJ102"},
        id="jekyll-site-whose-flask-script-only-sends-the-built-files",
    ),
    pytest.param(
        "verdict-flask-wsgi-packaged-portal",
        "suits",
        {"DJ101", "DJ201"},
        set(),
        id="packaged-flask-portal-served-by-a-mod-wsgi-script",
    ),
    pytest.param(
        "verdict-spring-shop-named-orderbook",
        "suits",
        {"DJ102"},
        {"DJ902"},
        id="spring-ordering-api-whose-java-package-is-named-orderbook",
    ),
    pytest.param(
        "verdict-na-electron-local-api",
        "not-applicable",
        set(),
        {"DJ102", "DJ202"},
        id="electron-till-whose-main-process-starts-its-express-api",
    ),
    pytest.param(
        "verdict-na-board-design",
        "not-applicable",
        set(),
        {"DJ901"},
        id="board-design-with-its-firmware-specification",
    ),
    pytest.param(
        "verdict-dj901-markdown-briefs",
        "avoid",
        {"DJ901"},
        {"DJ202"},
        id="markdown-briefs-and-nothing-else",
    ),
    pytest.param(
        "verdict-dj902-exchange-services",
        "avoid",
        {"DJ902"},
        {"DJ202", "DJ901"},
        id="stock-exchange-whose-matching-engine-is-a-service-of-its-own",
    ),
]

# The project kind each fixture is (the contract's stack.kind).
KINDS = {
    "verdict-na-library": "library",
    "verdict-na-firmware": "firmware",
    "verdict-na-devserver-tool": "library",
    "verdict-dj901-hugo": "static-site",
    "verdict-dj902-orderbook": "trading-system",
    "verdict-dj903-chat": "realtime-server",
    "verdict-php-guestbook": "web-app",
    "verdict-spring-rest": "web-app",
    "verdict-rust-chat-server": "realtime-server",
    "verdict-go-orderbook-lib": "trading-system",
    "verdict-mkdocs-only": "static-site",
    "verdict-na-django-addon": "library",
    "verdict-na-rust-cli-devserver": "cli",
    "verdict-flask-crud": "web-app",
    "verdict-django-trading-dashboard": "web-app",
    "verdict-na-django-addon-test-harness": "library",
    "verdict-flask-packaged-forum": "web-app",
    "verdict-na-tauri-desktop": "other",
    "verdict-dj901-contact-mailer": "static-site",
    "verdict-dj901-express-file-server": "static-site",
    "verdict-na-rails-engine": "library",
    "verdict-na-monitoring-stack": "infrastructure",
    "verdict-dj901-php-contact-folder": "static-site",
    "verdict-na-course-lessons": "notebooks",
    "verdict-dj903-push-relay": "realtime-server",
    "verdict-na-r-package": "library",
    "verdict-na-django-addon-dev-env": "library",
    "verdict-dj901-jekyll-flask-file-server": "static-site",
    "verdict-flask-wsgi-packaged-portal": "web-app",
    "verdict-spring-shop-named-orderbook": "web-app",
    "verdict-na-electron-local-api": "other",
    "verdict-na-board-design": "firmware",
    "verdict-dj901-markdown-briefs": "static-site",
    "verdict-dj902-exchange-services": "trading-system",
}


def test_a_django_add_on_tried_in_a_project_folder_of_any_name_is_a_library(
    repo: RepoFactory,
) -> None:
    """The add-on fixture with its demo project in `project/` (not `example/`) and an
    AppConfig: the project is the add-on's harness, so the add-on is still a library."""
    source = repo("verdict-na-django-addon")
    files = {
        path.relative_to(source).as_posix(): path.read_bytes()
        for path in source.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(source).parts
    }
    moved = {
        (f"project/{path[len('example/') :]}" if path.startswith("example/") else path): data
        for path, data in files.items()
    }
    moved["pagehits/apps.py"] = (
        b"from django.apps import AppConfig\n\n\nclass PagehitsConfig(AppConfig):\n"
        b'    name = "pagehits"\n'
    )
    report = scan(repo(files=moved), Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "library"
    # Its models alone say so too (an app written before app configs) ...
    del moved["pagehits/apps.py"]
    assert scan(repo(files=moved), Settings()).verdict.verdict == "not-applicable"
    # ... and so does the name it is published under (`django-pagehits` is `pagehits/`, its
    # templates inside) ...
    moved["pagehits/records.py"] = moved.pop("pagehits/models.py")
    assert scan(repo(files=moved), Settings()).verdict.verdict == "not-applicable"
    # ... but with none of these nothing says the top folder is a Django app: the project is
    # not set aside, and its manage.py reads as a deployed application.
    moved["pyproject.toml"] = moved["pyproject.toml"].replace(b"django-pagehits", b"pagehits-site")
    assert scan(repo(files=moved), Settings()).verdict.verdict == "suits"


def test_a_django_app_packaged_under_a_site_s_own_name_is_the_site(repo: RepoFactory) -> None:
    """The add-on is known by the name PyPI's Django add-ons go by (`django-bookings` is
    `django_bookings/`); the same tree published as `bookings` is a site that packages its
    app, and its compose file deploys it."""
    source = repo("verdict-na-django-addon-dev-env")
    files = {
        path.relative_to(source).as_posix(): path.read_bytes()
        for path in source.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(source).parts
    }
    assert scan(repo(files=files), Settings()).verdict.verdict == "not-applicable"
    renamed = {
        (f"bookings/{path[len('django_bookings/') :]}" if path.startswith("django_") else path): (
            data.replace(b"django_bookings", b"bookings").replace(b"django-bookings", b"bookings")
        )
        for path, data in files.items()
    }
    assert "bookings/migrations/0001_initial.py" in renamed
    assert scan(repo(files=renamed), Settings()).verdict.verdict == "suits"
    # Wagtail's add-ons are often published as one word (`wagtailbookings`): still an add-on.
    one_word = {
        path.replace("bookings/", "wagtailbookings/", 1)
        if path.startswith("bookings/")
        else path: (data.replace(b"bookings", b"wagtailbookings"))
        for path, data in renamed.items()
    }
    assert "wagtailbookings/migrations/0001_initial.py" in one_word
    assert scan(repo(files=one_word), Settings()).verdict.verdict == "not-applicable"


def test_markdown_handouts_numbered_by_week_are_a_course(repo: RepoFactory) -> None:
    """Markdown and nothing else is documentation (DJ901); the same Markdown kept as a
    course's weekly handouts (`hw/week1.md` ...) is a course."""
    notes = {f"notes/{topic}.md": f"# {topic}\n\nWhat we cover.\n" for topic in ("a", "b", "c")}
    report = scan(repo(files=notes), Settings())
    assert report.verdict.verdict == "avoid"
    weeks = {f"hw/week{n}.md": f"# Week {n}\n\nRead chapter {n}.\n" for n in range(1, 6)}
    report = scan(repo(files={**notes, **weeks}), Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "notebooks"


def test_a_hiring_test_s_brief_kept_as_one_readme_is_documentation(repo: RepoFactory) -> None:
    brief = "# Take-home test\n\nBuild a small app that lists restaurants and their reviews.\n"
    report = scan(repo(files={"README.md": brief}), Settings())
    assert report.verdict.verdict == "avoid"
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ901"]
    # Git's and an editor's settings beside it describe nothing: a plan kept as two pages,
    # its .gitignore ready for the code that was never committed, is still documentation.
    files = {
        "README.md": brief,
        "idea.md": "# Idea\n\nA server that keeps the games.\n",
        ".gitignore": "*.class\ntarget/\n",
        ".editorconfig": "root = true\n",
        "LICENSE": "MIT License\n",
    }
    report = scan(repo(files=files), Settings())
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ901"]
    # A README beside the submodules it lists describes their code, kept elsewhere.
    gitmodules = '[submodule "server"]\n\tpath = server\n\turl = https://example.org/s.git\n'
    report = scan(repo(files={**files, ".gitmodules": gitmodules}), Settings())
    assert report.verdict.verdict == "not-applicable"
    # A README beside dotfiles describes them: those are what the repository keeps.
    report = scan(repo(files={"README.md": brief, ".bashrc": "alias ll='ls -l'\n"}), Settings())
    assert report.verdict.verdict == "not-applicable"


def test_a_pelican_site_that_commits_only_its_publish_config_is_a_static_site(
    repo: RepoFactory,
) -> None:
    """pelicanconf.py kept out of git (an example copy committed instead): publishconf.py,
    which imports it, still says Pelican builds the site."""
    files = {
        "publishconf.py": "import os\nimport sys\nsys.path.append(os.curdir)\n"
        "from pelicanconf import *\n\nSITEURL = 'https://coins.example'\n",
        "pelicanconf.example.py": "AUTHOR = 'x'\nSITENAME = 'Coins'\n",
        "Makefile": "PELICAN?=pelican\nhtml:\n\t$(PELICAN) content\n",
        **{
            f"content/wallet-{n}.rst": f"Wallet {n}\n########\n\n:date: 2020-01-0{n}\n\nText.\n"
            for n in range(1, 7)
        },
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "avoid"
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ901"]


AXUM_SERVER = """\
use axum::{routing::get, routing::post, Router};

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/channels", get(list_channels).post(create_channel))
        .route("/channels/:id/messages", get(messages))
        .route("/users", post(register));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
"""


@pytest.mark.parametrize(("served", "verdict"), [(True, "suits"), (False, "not-applicable")])
def test_a_crate_linked_by_path_into_the_workspace_s_own_server_is_not_published(
    repo: RepoFactory, served: bool, verdict: str
) -> None:
    """A Cargo workspace whose only `[lib]` is a proc-macro crate its server links by path:
    the server is the product. The same crate linked into a command-line tool stays what
    the repository publishes."""
    files = {
        "Cargo.toml": '[workspace]\nmembers = ["server", "message_gen"]\n',
        "message_gen/Cargo.toml": '[package]\nname = "message_gen"\nversion = "0.1.0"\n\n'
        '[lib]\nproc-macro = true\n\n[dependencies]\nsyn = "2"\nquote = "1"\n',
        "message_gen/src/lib.rs": "use proc_macro::TokenStream;\n\n#[proc_macro_derive(Message)]\n"
        "pub fn derive(input: TokenStream) -> TokenStream { input }\n",
        "server/Cargo.toml": '[package]\nname = "chat-server"\nversion = "0.1.0"\n\n'
        '[dependencies]\nmessage_gen = { path = "../message_gen" }\n'
        + ('axum = "0.8"\ntokio = { version = "1", features = ["full"] }\n' if served else ""),
        "server/src/main.rs": AXUM_SERVER if served else 'fn main() {\n    println!("hi");\n}\n',
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == verdict


@pytest.mark.parametrize(
    "lib",
    [
        pytest.param("[lib]\nproc-macro = true\n", id="a-proc-macro-crate-no-one-links-by-path"),
        pytest.param('[lib]\ncrate-type = ["cdylib", "rlib"]\n', id="a-wasm-crate-for-the-page"),
    ],
)
def test_a_member_crate_built_for_the_server_s_parts_is_not_published(
    repo: RepoFactory, lib: str
) -> None:
    """A workspace member that builds macros or a C-ABI library (wasm-pack's, for the front
    end), beside a member crate that serves requests: the server is the product."""
    files = {
        "Cargo.toml": '[workspace]\nmembers = ["server", "web/game-wasm"]\n',
        "web/game-wasm/Cargo.toml": '[package]\nname = "game-wasm"\nversion = "0.1.0"\n\n' + lib,
        "web/game-wasm/src/lib.rs": "pub fn step() {}\n",
        "server/Cargo.toml": '[package]\nname = "game-server"\nversion = "0.1.0"\n\n'
        '[dependencies]\naxum = "0.8"\ntokio = { version = "1", features = ["full"] }\n',
        "server/src/main.rs": AXUM_SERVER,
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "suits"


def test_a_crate_at_the_root_that_serves_routes_with_its_macros_crate_is_a_library(
    repo: RepoFactory,
) -> None:
    """The root's crate is what the repository publishes (an admin panel other apps mount),
    its routes and its macros' crate with it."""
    files = {
        "Cargo.toml": '[package]\nname = "orm-admin"\nversion = "0.1.0"\n\n'
        '[workspace]\nmembers = ["admin_macro"]\n\n[dependencies]\n'
        'admin_macro = { path = "admin_macro" }\naxum = "0.8"\n',
        "admin_macro/Cargo.toml": '[package]\nname = "admin_macro"\nversion = "0.1.0"\n\n'
        "[lib]\nproc-macro = true\n",
        "admin_macro/src/lib.rs": "use proc_macro::TokenStream;\n",
        "src/lib.rs": AXUM_SERVER.replace("async fn main()", "pub async fn serve()"),
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "library"


@pytest.mark.parametrize(
    ("metadata", "kind"),
    [("", "web-app"), ('license = "MIT"\ndescription = "A server"\n', "library")],
)
def test_a_lib_crate_that_cannot_be_published_is_the_application_s_code(
    repo: RepoFactory, metadata: str, kind: str
) -> None:
    """`cargo publish` takes no crate with neither a description nor a licence: a `[lib]` of
    such a crate is an application's code split out for its binary and tests."""
    files = {
        "Cargo.toml": '[package]\nname = "game-server"\nversion = "0.1.0"\n'
        + metadata
        + '\n[lib]\ncrate-type = ["rlib"]\n\n'
        '[dependencies]\naxum = "0.8"\ntokio = { version = "1", features = ["full"] }\n',
        "src/lib.rs": AXUM_SERVER.replace("async fn main()", "pub async fn serve()"),
        "src/main.rs": "#[tokio::main]\nasync fn main() {\n    game_server::serve().await;\n}\n",
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.kind is not None and report.verdict.kind.name == kind


def test_a_jetbrains_academy_course_with_its_requirements_at_the_root_is_a_course(
    repo: RepoFactory,
) -> None:
    """The root's requirements.txt names Flask for the lessons; the lessons' code is the
    course's, so the dependency alone makes no web application."""
    files = {
        "course-info.yaml": "type: marketplace\ntitle: Flask services\n",
        "requirements.txt": "flask~=2.2\nflask-restful\n",
        **{f"Lesson {n}/lesson-info.yaml": "content:\n- task\n" for n in range(1, 4)},
        **{
            f"Lesson {n}/task/app.py": "from flask import Flask\napp = Flask(__name__)\n"
            for n in range(1, 4)
        },
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "notebooks"


@pytest.mark.parametrize(("fixture", "kind"), sorted(KINDS.items()))
def test_fixture_kind(repo: RepoFactory, fixture: str, kind: str) -> None:
    report = scan(repo(fixture), Settings())
    assert report.verdict.kind is not None
    assert report.verdict.kind.name == kind
    assert report.verdict.kind.reasons, "a kind always says why"


@pytest.mark.parametrize(("fixture", "verdict", "present", "absent"), CASES)
def test_fixture_verdict(
    repo: RepoFactory, fixture: str, verdict: str, present: set[str], absent: set[str]
) -> None:
    report = scan(repo(fixture), Settings())
    v = report.verdict
    reported = {f.rule.id for f in (*v.use_cases, *v.avoid, *v.warnings, *v.low_confidence_avoid)}
    assert v.verdict == verdict, reported
    assert present <= reported, reported
    assert not (absent & reported), reported
    for finding in (*v.use_cases, *v.avoid):
        assert 0 < finding.confidence <= 1
        assert finding.evidence, f"{finding.rule.id} reported without evidence"


def test_a_repository_that_is_only_its_documentation_site_in_website_is_a_static_site(
    repo: RepoFactory,
) -> None:
    """A Docusaurus site kept in website/ makes that folder documentation; its config is
    still read (as the docs of something, `ssg.docusaurus.docs`), so a repository with
    nothing else is known as the static site it is."""
    pages = {f"website/docs/guide-{n}.md": f"# Guide {n}\n\nStep {n}.\n" for n in range(6)}
    root = repo(
        files={
            "README.md": "# The handbook\n\nThe site at website/.\n",
            "website/docusaurus.config.js": (
                "module.exports = {\n  title: 'Handbook',\n  url: 'https://handbook.example',\n"
                "  baseUrl: '/',\n  presets: [['classic', {docs: {sidebarPath: "
                "'./sidebars.js'}}]],\n};\n"
            ),
            "website/package.json": (
                '{"name": "handbook", "private": true, "dependencies": '
                '{"@docusaurus/core": "3.0.0", "@docusaurus/preset-classic": "3.0.0"}}\n'
            ),
            **pages,
        }
    )
    report = scan(root, Settings())
    assert report.verdict.verdict == "avoid"
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ901"]


def test_a_repository_that_is_only_its_vuepress_docs_is_a_static_site(repo: RepoFactory) -> None:
    """VuePress keeps its config in the docs' dot-folder (`docs/.vuepress/config.js`), a name
    too common to know by itself: read there, it makes a docs-only repository a site."""
    root = repo(
        files={
            "package.json": '{"devDependencies": {"vuepress": "^1.9.9"}, "scripts": '
            '{"docs:build": "vuepress build docs"}}\n',
            "docs/.vuepress/config.js": "module.exports = {\n  base: '/documentation/',\n};\n",
            "docs/README.md": "# Service\n\nHow to run it.\n",
            "docs/getting-started/docker.md": "# Docker\n\nRun the image.\n",
        }
    )
    report = scan(root, Settings())
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ901"]


CHART = {
    "Chart.yaml": "apiVersion: v2\nname: {name}\nversion: 1.0.0\n",
    "values.yaml": "replicaCount: 1\nimage:\n  repository: {name}\n",
    "templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\n",
    "README.md": "# {name}\n\n" + "Install the chart and set the values you need.\n" * 20,
}


def test_a_repository_of_charts_is_infrastructure_not_a_static_site(repo: RepoFactory) -> None:
    files = {
        f"charts/{name}/{path}": text.replace("{name}", name)
        for name in ("exporter", "gateway", "collector")
        for path, text in CHART.items()
    }
    files["README.md"] = "# Charts\n\n" + "A collection of charts for monitoring.\n" * 30
    files["changelog/index.html"] = "<!DOCTYPE html><html><body><h1>Changes</h1></body></html>\n"
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "infrastructure"


def test_a_generated_site_with_the_terraform_that_hosts_it_is_a_static_site(
    repo: RepoFactory,
) -> None:
    files = {
        "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "Notes"\n',
        "layouts/_default/single.html": "<article>{{ .Content }}</article>\n",
        "layouts/_default/list.html": "<ul>{{ range .Pages }}<li>{{ .Title }}</li>{{ end }}</ul>\n",
        "infra/main.tf": 'resource "aws_s3_bucket" "site" {\n  bucket = "notes"\n}\n',
        "infra/cdn.tf": 'resource "aws_cloudfront_distribution" "site" {\n}\n',
        "infra/variables.tf": 'variable "region" {\n  default = "eu-west-1"\n}\n',
    }
    files.update({f"content/posts/{n}.md": f"---\ntitle: Post {n}\n---\nText.\n" for n in range(5)})
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "avoid"
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ901"]


TS_BOOK = """\
import { Order, Side } from "./order";

// Price levels on each side, best first; orders at a level in time priority.
export class OrderBook {
  private bids = new Map<number, Order[]>();
  private asks = new Map<number, Order[]>();

  limit(side: Side, id: string, price: number, quantity: number): Order[] {
    const fills: Order[] = [];
    const opposite = side === "buy" ? this.asks : this.bids;
    for (const level of this.levels(opposite, side)) {
      if (quantity === 0 || !this.crosses(side, price, level)) break;
      quantity = this.fill(opposite, level, quantity, fills);
    }
    const own = side === "buy" ? this.bids : this.asks;
    if (quantity > 0) this.rest(own, { id, side, price, quantity });
    return fills;
  }

  cancel(id: string): boolean {
    for (const book of [this.bids, this.asks]) {
      for (const [price, orders] of book) {
        const at = orders.findIndex((o) => o.id === id);
        if (at >= 0) { orders.splice(at, 1); if (!orders.length) book.delete(price); return true; }
      }
    }
    return false;
  }

  private levels(book: Map<number, Order[]>, side: Side): number[] {
    return [...book.keys()].sort((a, b) => (side === "buy" ? a - b : b - a));
  }

  private crosses(side: Side, price: number, level: number): boolean {
    return side === "buy" ? level <= price : level >= price;
  }

  private fill(book: Map<number, Order[]>, level: number, quantity: number, fills: Order[]) {
    const orders = book.get(level) ?? [];
    while (quantity > 0 && orders.length) {
      const maker = orders[0];
      const traded = Math.min(maker.quantity, quantity);
      maker.quantity -= traded;
      quantity -= traded;
      fills.push({ ...maker, quantity: traded });
      if (maker.quantity === 0) orders.shift();
    }
    if (!orders.length) book.delete(level);
    return quantity;
  }

  private rest(book: Map<number, Order[]>, order: Order): void {
    book.set(order.price, [...(book.get(order.price) ?? []), order]);
  }
}
"""
TS_ORDER = """\
export type Side = "buy" | "sell";

export interface Order {
  id: string;
  side: Side;
  price: number;
  quantity: number;
}
"""


def test_an_order_book_in_typescript_is_a_trading_system(repo: RepoFactory) -> None:
    """The trading domain is read in TypeScript as in Go or Python: a matching order book
    published as an npm package is a trading system, not a library with nothing to say."""
    files = {
        "package.json": '{"name": "ledger-book", "version": "1.0.0", "main": "dist/index.js", '
        '"devDependencies": {"typescript": "5.4.0"}}\n',
        "tsconfig.json": '{"compilerOptions": {"outDir": "dist", "strict": true}}\n',
        "README.md": "# ledger-book\n\nA limit order book with price-time priority.\n",
        "src/orderbook.ts": TS_BOOK,
        "src/order.ts": TS_ORDER,
        "src/index.ts": 'export { OrderBook } from "./orderbook";\nexport * from "./order";\n',
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "avoid"
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ902"]
    assert report.verdict.kind is not None and report.verdict.kind.name == "trading-system"


def test_a_browser_front_end_that_shows_an_order_book_does_not_run_one(
    repo: RepoFactory,
) -> None:
    """The same book's vocabulary in a React app's components and hooks presents a market:
    component files (.tsx) are not read for the domain, nor modules importing a UI framework."""
    hook = 'import { useEffect, useState } from "react";\n' + TS_BOOK
    files = {
        "package.json": '{"name": "book-view", "private": true, "dependencies": '
        '{"react": "18.3.1", "react-dom": "18.3.1"}, "devDependencies": {"vite": "5.0.0"}}\n',
        "index.html": '<!doctype html><html><body><div id="root"></div>'
        '<script type="module" src="/src/main.tsx"></script></body></html>\n',
        "src/main.tsx": 'import { createRoot } from "react-dom/client";\nimport { View } from'
        ' "./View";\ncreateRoot(document.getElementById("root")!).render(<View />);\n',
        "src/View.tsx": "import { OrderBook } from './useBook';\nexport function View() {\n"
        "  const book = new OrderBook();\n  return <table>{String(book)}</table>;\n}\n"
        + TS_BOOK.split("\n", 1)[1],
        "src/useBook.ts": hook,
        "src/order.ts": TS_ORDER,
    }
    report = scan(repo(files=files), Settings())
    assert "DJ902" not in {f.rule.id for f in (*report.verdict.avoid, *report.verdict.warnings)}
    # The same hook without its React import is the book itself, which the rubric asks
    # about first (a single-page app with no server is a static site too).
    files["src/useBook.ts"] = TS_BOOK
    report = scan(repo(files=files), Settings())
    assert [f.rule.id for f in report.verdict.avoid][:1] == ["DJ902"]
    assert report.verdict.kind is not None and report.verdict.kind.name == "trading-system"


def test_a_theme_whose_pages_are_pug_built_by_its_own_scripts_is_a_static_site(
    repo: RepoFactory,
) -> None:
    """Its committed build (dist/) is left out as build output, so its Pug page is the only
    page it has: the page written in a template language decides it."""
    files = {
        "package.json": '{"name": "one-page-resume", "scripts": {"build": "node scripts/build.js"},'
        ' "dependencies": {"bootstrap": "5.3.0"}, "devDependencies": {"pug": "3.0.2",'
        ' "sass": "1.69.0"}}\n',
        "scripts/build.js": 'const fs = require("fs");\nconst pug = require("pug");\n'
        'fs.writeFileSync("dist/index.html", pug.renderFile("src/pug/index.pug"));\n',
        "src/pug/index.pug": "doctype html\nhtml(lang='en')\n  head\n    title Resume\n"
        "  body\n    include includes/nav.pug\n    section#about\n      h1 Ada Lovelace\n"
        "      p Analyst of engines.\n",
        "src/pug/includes/nav.pug": "nav.navbar\n  a.navbar-brand(href='#about') About\n",
        "src/scss/styles.scss": "$primary: #bd5d38;\nbody { padding-top: 54px; }\n" * 20,
        "src/js/scripts.js": 'document.querySelector(".navbar").classList.add("ready");\n',
        "dist/index.html": "<!DOCTYPE html><html><body><h1>Ada Lovelace</h1></body></html>\n",
        "dist/css/styles.css": "body { padding-top: 54px; }\n" * 40,
        "README.md": "# One page resume\n\nA Bootstrap theme. `npm run build` writes dist/.\n",
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "avoid"
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ901"]
    del files["src/pug/index.pug"]
    assert scan(repo(files=files), Settings()).verdict.verdict == "not-applicable"


def test_a_base_images_repository_is_infrastructure_not_its_placeholder_app(
    repo: RepoFactory,
) -> None:
    """Dockerfiles for an image's variants and a one-route app to try the image with: the
    images are the product. The same app grown to a few routes is a web application."""
    variants = ("3.11", "3.11-slim", "3.12", "3.12-slim")
    files = {
        f"images/python{v}.dockerfile": f"FROM python:{v}\nCOPY app /app\n"
        'CMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "main:app"]\n'
        for v in variants
    }
    files.update(
        {
            "images/app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
            '@app.get("/")\ndef root():\n    return {"message": "Hello from the image"}\n',
            "images/requirements.txt": "fastapi==0.110.0\nuvicorn==0.29.0\ngunicorn==22.0.0\n",
            ".github/workflows/publish.yml": "on: push\njobs:\n  push:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v5\n"
            "        with:\n          push: true\n",
            "README.md": "# python-web-base\n\n"
            + "Images with Gunicorn managing Uvicorn workers, one per tag.\n" * 40,
        }
    )
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "infrastructure"
    routes = "".join(
        f'\n\n@app.get("/items/{n}")\ndef item_{n}():\n    return {{"item": {n}}}\n'
        for n in range(3)
    )
    files["images/app/main.py"] += routes
    assert scan(repo(files=files), Settings()).verdict.verdict == "suits"


def test_a_web_app_that_keeps_its_own_helm_chart_is_a_web_app(repo: RepoFactory) -> None:
    """A Laravel app with deploy/helm and an Ansible role: the deploy files serve the
    product. The same deploy files alone are infrastructure."""
    deploy = {
        "deploy/helm/Chart.yaml": "apiVersion: v2\nname: blog\nversion: 1.0.0\n",
        "deploy/helm/values.yaml": "replicaCount: 2\nimage:\n  repository: blog\n",
        "deploy/helm/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\n",
        "deploy/ansible/roles/blog/tasks/main.yml": "- name: pull the image\n"
        "  ansible.builtin.command: docker pull blog\n",
    }
    controller = (
        "<?php\n\nnamespace App\\Http\\Controllers;\n\nuse App\\Models\\Post;\n"
        "use Illuminate\\Http\\Request;\n\nclass PostController extends Controller\n{\n"
        "    public function index()\n    {\n        return view('posts.index', "
        "['posts' => Post::latest()->paginate(10)]);\n    }\n\n"
        "    public function store(Request $request)\n    {\n"
        "        $post = Post::create($request->validate(['title' => 'required']));\n"
        "        return redirect()->route('posts.show', $post);\n    }\n}\n"
    )
    app = {
        "composer.json": '{"name": "acme/blog", "require": {"php": "^8.1", '
        '"laravel/framework": "^10.0"}}\n',
        "routes/web.php": "<?php\n\nuse App\\Http\\Controllers\\PostController;\n"
        "use Illuminate\\Support\\Facades\\Route;\n\n"
        "Route::get('/', [PostController::class, 'index']);\n"
        "Route::post('/posts', [PostController::class, 'store']);\n",
        "app/Http/Controllers/PostController.php": controller,
        "app/Models/Post.php": "<?php\n\nnamespace App\\Models;\n\n"
        "use Illuminate\\Database\\Eloquent\\Model;\n\nclass Post extends Model\n{\n"
        "    protected $fillable = ['title', 'body'];\n}\n",
        "resources/views/posts/index.blade.php": "@extends('layouts.app')\n@section('content')\n"
        '<form method="POST" action="/posts">@csrf<input name="title"></form>\n@endsection\n',
    }
    report = scan(repo(files={**deploy, **app}), Settings())
    assert report.verdict.verdict == "suits"
    assert report.verdict.kind is not None and report.verdict.kind.name == "web-app"
    alone = scan(repo(files=deploy), Settings())
    assert alone.verdict.kind is not None and alone.verdict.kind.name == "infrastructure"


def test_a_repository_that_is_one_ansible_role_is_infrastructure(repo: RepoFactory) -> None:
    """A role published on its own (`tasks/main.yml` at the top, as Ansible Galaxy keeps
    them) that installs a chat server and copies its e-mail templates: the templates are the
    deployed server's, not a site of the repository's."""
    pages = {
        f"files/email_templates/{name}.html": (
            f"<!DOCTYPE html><html><body><h1>{name}</h1><p>{{{{ link }}}}</p></body></html>\n"
        )
        for name in ("password_reset", "account_renewed", "add_email", "notice", "welcome")
    }
    files = {
        "meta/main.yml": "galaxy_info:\n  role_name: chat_server\n  min_ansible_version: 2.9\n",
        "defaults/main.yml": "chat_port: 8008\n",
        "tasks/main.yml": "- name: install the server\n  ansible.builtin.pip:\n"
        "    name: chat-server\n- ansible.builtin.import_tasks: email.yml\n",
        "tasks/email.yml": "- name: copy the templates\n  ansible.builtin.copy:\n"
        "    src: email_templates/\n    dest: /etc/chat/templates/\n",
        "handlers/main.yml": "- name: restart chat\n  ansible.builtin.service:\n"
        "    name: chat\n    state: restarted\n",
        "templates/chat.yaml.j2": "port: {{ chat_port }}\n",
        "README.md": "# Ansible role: chat server\n",
        **pages,
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "infrastructure"


SPA = {
    "package.json": '{"name": "portfolio", "private": true, "type": "module", '
    '"scripts": {"dev": "vite", "build": "tsc && vite build"}, '
    '"dependencies": {"react": "18.3.1", "react-dom": "18.3.1", "react-router-dom": "6.26.2"}, '
    '"devDependencies": {"vite": "5.4.1", "typescript": "5.5.0"}}\n',
    "index.html": '<!doctype html><html><body><div id="root"></div>'
    '<script type="module" src="/src/main.tsx"></script></body></html>\n',
    "src/main.tsx": 'import { createRoot } from "react-dom/client";\nimport App from "./App";\n'
    'createRoot(document.getElementById("root")!).render(<App />);\n',
    "src/App.tsx": 'import { Projects } from "./Projects";\nexport default function App() {\n'
    "  return <main><h1>Ada</h1><Projects /></main>;\n}\n",
    "src/Projects.tsx": "const projects = [{ name: 'Engine', year: 1843 }];\n"
    "export function Projects() {\n  return <ul>{projects.map((p) => <li key={p.name}>"
    "{p.name}</li>)}</ul>;\n}\n",
    "src/index.css": "main { max-width: 40rem; margin: auto; }\n" * 10,
}


def test_a_single_page_app_with_no_server_of_its_own_is_a_static_site(repo: RepoFactory) -> None:
    """Only the files Vite writes run in production. The same front end beside its Express
    API is a web application, and one that publishes entry points is a library."""
    report = scan(repo(files=SPA), Settings())
    assert report.verdict.verdict == "avoid"
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ901"]
    server = {
        **SPA,
        "server/package.json": '{"name": "api", "dependencies": {"express": "4.19.2"}}\n',
        "server/index.js": 'const express = require("express");\nconst app = express();\n'
        'app.get("/api/projects", (req, res) => res.json([]));\n'
        'app.post("/api/contact", (req, res) => res.sendStatus(204));\napp.listen(3000);\n',
    }
    assert scan(repo(files=server), Settings()).verdict.verdict == "suits"
    library = {
        **SPA,
        "package.json": SPA["package.json"].replace(
            '"private": true, ',
            '"version": "1.0.0", "exports": "./dist/index.js", "files": ["dist"], ',
        ),
    }
    assert "DJ901" not in {f.rule.id for f in scan(repo(files=library), Settings()).verdict.avoid}


def test_documentation_kept_in_a_repository_of_its_own_is_a_static_site(repo: RepoFactory) -> None:
    """Pages and one helper script, and no generator config (another repository's site
    builds them): the documentation is the product. Beside a library's code it is not."""
    files = {
        f"docs/guides/topic-{n}.md": f"---\ntitle: Topic {n}\nsidebar_label: {n}\n---\n\n"
        + f"How to use feature {n}.\n" * 5
        for n in range(24)
    }
    files["scripts/check-images.js"] = (
        'const fs = require("fs");\nfor (const f of fs.readdirSync("docs")) console.log(f);\n'
    )
    files["package.json"] = '{"name": "product-docs", "dependencies": {"gray-matter": "4.0.3"}}\n'
    files["README.md"] = "# Product documentation\n\nPublished by the product's website.\n"
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "avoid"
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ901"]
    library = {
        **files,
        "pyproject.toml": '[project]\nname = "widgets"\nversion = "1.0"\n',
        **{f"src/widgets/part_{n}.py": f"def part_{n}(x):\n    return x + {n}\n" for n in range(5)},
    }
    assert "DJ901" not in {f.rule.id for f in scan(repo(files=library), Settings()).verdict.avoid}


def test_a_web_framework_in_a_frozen_environment_that_no_module_imports_is_not_a_web_app(
    repo: RepoFactory,
) -> None:
    """`pip freeze` wrote the frameworks a client library pulled in; the bot imports none."""
    files = {
        "requirements.txt": "aiohttp==3.8.1\nfastapi==0.75.1\npandas==1.4.2\n"
        "python-binance==1.0.15\nrequests==2.27.1\nstarlette==0.17.1\n",
        "main.py": "import time\n\nfrom signals import crossed\n\n\nwhile True:\n"
        "    if crossed():\n        print('buy')\n    time.sleep(60)\n",
        "signals.py": "import pandas\nimport requests\n\n\ndef crossed():\n"
        "    prices = requests.get('https://api.example.com/klines').json()\n"
        "    frame = pandas.DataFrame(prices)\n"
        "    return frame[4].rolling(7).mean().iloc[-1] > 0\n",
    }
    assert scan(repo(files=files), Settings()).verdict.verdict == "not-applicable"
    files["api.py"] = (
        "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/trades')\n"
        "def trades():\n    return []\n"
    )
    assert scan(repo(files=files), Settings()).verdict.verdict == "suits"


def test_a_contact_form_that_stores_its_messages_is_an_application(repo: RepoFactory) -> None:
    """The mailer fixture with a database: the server keeps what the form sends."""
    source = repo("verdict-dj901-contact-mailer")
    files = {
        path.relative_to(source).as_posix(): path.read_bytes()
        for path in source.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(source).parts
    }
    files["package.json"] = files["package.json"].replace(
        b'"nodemailer": "^6.9.14"', b'"nodemailer": "^6.9.14", "mongoose": "^8.4.0"'
    )
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "suits"


def test_a_framework_whose_command_line_is_named_manage_py_is_a_library(
    repo: RepoFactory,
) -> None:
    files = {
        "pyproject.toml": (
            '[build-system]\nrequires = ["setuptools"]\n\n'
            '[project]\nname = "tinyweb"\nversion = "1.0"\ndependencies = ["uvicorn"]\n\n'
            '[project.scripts]\ntinyweb = "tinyweb.manage:cli"\n'
        ),
        "tinyweb/__init__.py": "from tinyweb.app import Application\n",
        "tinyweb/app.py": (
            "class Application:\n    def route(self, path):\n"
            "        def register(view):\n            return view\n        return register\n"
        ),
        "tinyweb/manage.py": (
            "import argparse\n\n\ndef cli():\n"
            '    parser = argparse.ArgumentParser(prog="tinyweb")\n'
            '    parser.add_argument("app")\n    parser.parse_args()\n'
        ),
        "README.md": "# tinyweb\n\nA small ASGI framework.\n",
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "library"


def test_a_browser_extension_s_popup_is_not_a_site(repo: RepoFactory) -> None:
    files = {
        "manifest.json": (
            '{"manifest_version": 3, "name": "Tab Notes", "version": "1.0",\n'
            ' "action": {"default_popup": "popup/popup.html"}, "permissions": ["storage"]}\n'
        ),
        "popup/popup.html": "<!doctype html><html><body><textarea id=n></textarea>"
        '<script src="popup.js"></script></body></html>\n',
        "popup/popup.js": "chrome.storage.local.get('n').then((v) => { n.value = v.n || ''; });\n",
        "README.md": "# Tab Notes\n\nA note for every tab.\n",
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "other"


def test_a_next_app_whose_server_actions_keep_its_data_is_an_application(
    repo: RepoFactory,
) -> None:
    files = {
        "package.json": (
            '{"name": "shop", "private": true, "scripts": {"dev": "next dev", "build": '
            '"next build", "start": "next start"}, "dependencies": {"next": "14.2.1", '
            '"react": "18.2.0", "react-dom": "18.2.0", "@prisma/client": "5.12.1", '
            '"next-auth": "4.24.7"}}\n'
        ),
        "next.config.mjs": "export default {};\n",
        "prisma/schema.prisma": "model Product {\n  id Int @id\n  name String\n}\n",
        "src/app/page.tsx": "export default function Home() { return <main>Shop</main>; }\n",
        "src/app/actions.ts": (
            '"use server";\nimport { db } from "@/lib/db";\n'
            "export async function addProduct(form: FormData) {\n"
            '  await db.product.create({ data: { name: String(form.get("name")) } });\n}\n'
        ),
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "suits"


def test_an_arduino_sketch_with_its_configuration_pages_is_firmware(repo: RepoFactory) -> None:
    page = (
        "<!doctype html><html><body><form action='/save'><input name=ssid></form></body></html>\n"
    )
    files = {
        "Config/Config.ino": (
            "#include <WiFi.h>\n#include <WebServer.h>\nWebServer server(80);\n"
            'void setup() { SPIFFS.begin(); server.serveStatic("/", SPIFFS, "/main.html"); '
            "server.begin(); }\nvoid loop() { server.handleClient(); }\n"
        ),
        "Config/data/main.html": page,
        "Config/data/network.html": page,
        "Config/data/status.html": page,
        "README.md": "# ESP32 configuration pages\n",
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "firmware"


SKETCH_WITH_MQTT_SERVICE = {
    "ino/led.ino": (
        "#include <WiFi.h>\n#include <PubSubClient.h>\nPubSubClient mqtt(wifi);\n"
        'void setup() { mqtt.subscribe("esp32/led/set"); }\nvoid loop() { mqtt.loop(); }\n'
    ),
    "backend/package.json": (
        '{"name": "iot-backend", "scripts": {"start": "node src/server.js"},'
        ' "dependencies": {"express": "^4.19.2", "mqtt": "^5.3.0"}}\n'
    ),
    "backend/src/server.js": (
        'const express = require("express");\nconst led = require("./led");\n'
        "const app = express();\napp.use(express.json());\n"
        'app.post("/led/set", (req, res) => {\n  led.set(req.body.state);\n'
        "  res.json({ ok: true });\n});\n"
        'app.get("/led/status", (req, res) => res.json({ state: led.state() }));\n'
        "app.listen(3000);\n"
    ),
    "backend/src/led.js": (
        'const mqtt = require("mqtt");\nconst client = mqtt.connect("mqtt://broker.local");\n'
        'let current = "OFF";\nclient.on("connect", () => client.subscribe("esp32/led/status"));\n'
        'client.on("message", (topic, message) => { current = message.toString(); });\n'
        'exports.set = (state) => client.publish("esp32/led/set", state);\n'
        "exports.state = () => current;\n"
    ),
    "frontend/index.html": "<!doctype html><html><body><button id=on>On</button></body></html>\n",
}


def test_a_sketch_beside_the_service_that_talks_mqtt_to_it_is_an_iot_backend(
    repo: RepoFactory,
) -> None:
    """An IoT monorepo: the device's sketch, and the Express service that relays a control
    page's commands to it over MQTT and keeps the state it reports. Without the service's
    routes, the same tree is the device's firmware."""
    report = scan(repo(files=SKETCH_WITH_MQTT_SERVICE), Settings())
    assert report.verdict.verdict == "suits"
    assert {u.rule.id for u in report.verdict.use_cases} == {"DJ110"}
    firmware_only = {k: v for k, v in SKETCH_WITH_MQTT_SERVICE.items() if "server.js" not in k}
    report = scan(repo(files=firmware_only), Settings())
    assert report.verdict.verdict == "not-applicable"


BOT_ON_STARLETTE = {
    "requirements.txt": "python-telegram-bot==22.4\nstarlette==0.45.1\nuvicorn==0.34.0\n",
    "bot/app.py": (
        "from starlette.applications import Starlette\n"
        "from starlette.routing import Route\n\n"
        "app = Starlette(\n    routes=[\n"
        '        Route("/bot", telegram, methods=["POST"]),\n'
        '        Route("/healthcheck", health, methods=["GET"]),\n'
        '        Route("/submitpayload", custom_updates, methods=["POST"]),\n'
        "    ]\n)\n"
    ),
    "bot/handlers.py": "from telegram.ext import CommandHandler\n\nasync def start(u, c): ...\n",
}


def test_a_bot_s_webhook_and_health_routes_are_the_bot_s(repo: RepoFactory) -> None:
    """A Telegram bot served by Starlette: the webhook its updates arrive at and a health
    check are the bot's routes, and one route of its own more does not make a web
    application. The same bot beside an API of several routes is part of that application."""
    report = scan(repo(files=BOT_ON_STARLETTE), Settings())
    assert report.verdict.verdict == "not-applicable"
    api = "".join(f'    Route("/orders/{n}", order_{n}),\n' for n in range(4))
    with_api = {
        **BOT_ON_STARLETTE,
        "api/app.py": "from starlette.applications import Starlette\n"
        "from starlette.routing import Route\n\napi = Starlette(routes=[\n" + api + "])\n",
    }
    assert scan(repo(files=with_api), Settings()).verdict.verdict == "suits"


def test_an_exchange_service_built_on_its_own_is_the_exchange_s_core(repo: RepoFactory) -> None:
    """The exchange fixture with its engine's service named `exchange/` rather than
    `matching-engine/`: a service built on its own, named for the exchange, whose code
    matches orders is the system's core behind its gateway. A service of that name whose
    code matches no orders (a book-swapping app's) is no trading component."""
    from pathlib import Path

    source = Path(repo("verdict-dj902-exchange-services"))
    files = {
        str(p.relative_to(source)).replace("matching-engine/", "exchange/"): p.read_text()
        for p in source.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(source).parts
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "avoid"
    assert report.verdict.avoid[0].rule.id == "DJ902"
    swapping = {
        path: text for path, text in files.items() if not path.startswith("exchange/app/engine.py")
    }
    swapping["exchange/app/engine.py"] = "def swap(book, reader):\n    return book, reader\n"
    assert scan(repo(files=swapping), Settings()).verdict.verdict == "suits"


CHANNELS_TUTORIAL = {
    "requirements.txt": "django\nchannels\ndaphne\n",
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_a.settings')\n",
    "site_a/settings.py": (
        "INSTALLED_APPS = ['daphne', 'channels', 'chat', 'django.contrib.admin']\n"
        "ASGI_APPLICATION = 'site_a.asgi.application'\n"
    ),
    "site_a/asgi.py": (
        "from channels.routing import ProtocolTypeRouter, URLRouter\n"
        "from django.core.asgi import get_asgi_application\n"
        "import chat.routing\n\n"
        "application = ProtocolTypeRouter({\n"
        "    'http': get_asgi_application(),\n"
        "    'websocket': URLRouter(chat.routing.websocket_urlpatterns),\n"
        "})\n"
    ),
    "site_a/urls.py": (
        "from django.urls import include, path\n\n"
        "urlpatterns = [path('chat/', include('chat.urls'))]\n"
    ),
    "chat/urls.py": (
        "from django.urls import path\n\nfrom . import views\n\n"
        "urlpatterns = [path('', views.index), path('<str:room>/', views.room)]\n"
    ),
    "chat/views.py": (
        "from django.shortcuts import render\n\n"
        "def index(request):\n    return render(request, 'chat/index.html')\n\n"
        "def room(request, room):\n    return render(request, 'chat/room.html', {'room': room})\n"
    ),
    "chat/routing.py": (
        "from django.urls import re_path\n\nfrom . import consumers\n\n"
        "websocket_urlpatterns = [\n"
        "    re_path(r'ws/chat/(?P<room>\\w+)/$', consumers.ChatConsumer.as_asgi()),\n"
        "]\n"
    ),
    "chat/consumers.py": (
        "from channels.generic.websocket import WebsocketConsumer\n\n"
        "class ChatConsumer(WebsocketConsumer):\n"
        "    def receive(self, text_data):\n        self.send(text_data=text_data)\n"
    ),
    "chat/models.py": "from django.db import models\n",
    "chat/templates/chat/index.html": "<input id='room'>\n",
    "chat/templates/chat/room.html": "<textarea id='log'></textarea>\n",
}


def test_the_channels_tutorial_chat_routed_from_a_module_of_its_own_is_pure_realtime(
    repo: RepoFactory,
) -> None:
    """Its `routing.py` imports only `django.urls`; the consumer it routes is the product,
    and the two views only render the pages that open the socket."""
    report = scan(repo(files=CHANNELS_TUTORIAL), Settings())
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ903"]
    models = {
        "chat/models.py": (
            "from django.db import models\n\n"
            "class Room(models.Model):\n    name = models.CharField(max_length=50)\n\n"
            "class Message(models.Model):\n"
            "    room = models.ForeignKey(Room, on_delete=models.CASCADE)\n"
            "    text = models.TextField()\n"
        )
    }
    report = scan(repo(files={**CHANNELS_TUTORIAL, **models}), Settings())
    assert report.verdict.verdict == "suits"


def test_a_deno_server_on_oak_is_a_web_app(repo: RepoFactory) -> None:
    """Deno's import map names the server framework; its TypeScript runs on the server, the
    routers in modules of their own and the listening in a function a command calls."""
    files = {
        "backend/deno.json": (
            '{"imports": {"oak": "https://deno.land/x/oak@v12.6.2/mod.ts",'
            ' "std/": "https://deno.land/std@0.218.0/"},'
            ' "tasks": {"dev": "deno run --watch main.ts"}}\n'
        ),
        "backend/routes/items.ts": (
            'import { Router } from "oak";\n'
            "export const itemsRouter = new Router({ prefix: '/items' });\n"
            'itemsRouter.get("/", (ctx) => { ctx.response.body = listItems(); });\n'
            'itemsRouter.post("/", async (ctx) => { await addItem(ctx); });\n'
            'itemsRouter.delete("/:id", (ctx) => { removeItem(ctx.params.id); });\n'
        ),
        "backend/mod.ts": (
            'import { Application } from "oak";\n'
            'import { itemsRouter } from "./routes/items.ts";\n'
            "export async function serve(port: number) {\n"
            "  const app = new Application();\n"
            "  app.use(itemsRouter.routes());\n"
            "  await app.listen({ port });\n"
            "}\n"
        ),
        "backend/main.ts": 'import { serve } from "./mod.ts";\nawait serve(8000);\n',
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "suits"
    assert report.verdict.kind is None or report.verdict.kind.name == "web-app"


def test_a_generated_site_with_a_data_tool_that_listens_only_for_its_sign_in_is_static(
    repo: RepoFactory,
) -> None:
    """The Go tool fetches data into the site's `_data` folder; its one listener takes the
    sign-in provider's redirect. A route of the site's own work would make it a server."""
    auth = (
        'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\n'
        "func login() string {\n"
        '\tcodes := make(chan string, 1)\n\tserver := &http.Server{Addr: "127.0.0.1:8123"}\n'
        '\thttp.HandleFunc("/callback", func(w http.ResponseWriter, r *http.Request) {\n'
        '\t\tfmt.Fprintln(w, "Signed in, you can close this tab.")\n'
        '\t\tcodes <- r.URL.Query().Get("code")\n\t})\n'
        "\tgo server.ListenAndServe()\n\tdefer server.Close()\n\treturn <-codes\n}\n"
    )
    main = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("token", login())\n}\n'
    text = "A paragraph about a film seen this week, and what stayed with me after it. " * 8
    posts = {
        f"content/blog/post-{n}.md": f"---\ntitle: Post {n}\nlayout: post.njk\n---\n\n{text}\n"
        for n in range(20)
    }
    files = {
        "package.json": (
            '{"name": "blog", "private": true, "scripts": {"build": "npx @11ty/eleventy"},'
            ' "devDependencies": {"@11ty/eleventy": "^3.0.0"}}\n'
        ),
        "eleventy.config.js": (
            'export default function (config) { config.addPassthroughCopy("public"); }\n'
        ),
        "_includes/post.njk": "<article>{{ content | safe }}</article>\n",
        "public/css/site.css": "body { margin: 0 auto; max-width: 40rem; }\n" * 20,
        "fetch/playlists/go.mod": "module playlists\n\ngo 1.22\n",
        "fetch/playlists/auth.go": auth,
        "fetch/playlists/main.go": main,
        **posts,
    }
    report = scan(repo(files=files), Settings())
    assert [f.rule.id for f in report.verdict.avoid] == ["DJ901"]
    served = auth.replace(
        "func login() string {",
        'func serve() {\n\thttp.HandleFunc("/playlists",'
        ' func(w http.ResponseWriter, r *http.Request) {\n\t\tfmt.Fprintln(w, "[]")\n\t})\n}\n\n'
        "func login() string {",
    )
    report = scan(repo(files={**files, "fetch/playlists/auth.go": served}), Settings())
    assert not report.verdict.avoid


def sveltekit_blog(adapter: str) -> dict[str, str]:
    post = "---\ntitle: Hello\ndate: 2024-01-01\n---\n\nA post.\n"
    return {
        "package.json": (
            '{"name": "blog", "private": true, "type": "module",'
            ' "scripts": {"build": "vite build"},'
            f' "devDependencies": {{"@sveltejs/kit": "^2.5.0", "@sveltejs/{adapter}": "^3.0.0",'
            ' "svelte": "^5.0.0", "vite": "^5.0.0", "mdsvex": "^0.12.0"}}\n'
        ),
        "svelte.config.js": (
            f"import adapter from '@sveltejs/{adapter}'\n"
            "export default { extensions: ['.svelte', '.md'], kit: { adapter: adapter() } }\n"
        ),
        "src/routes/+page.svelte": "<h1>Posts</h1>\n",
        "src/routes/+layout.svelte": "<slot />\n",
        **{f"src/lib/posts/post-{n}.md": post for n in range(4)},
        "src/routes/rss.xml/+server.js": (
            "export const prerender = true\nexport const GET = async () => new Response('<rss/>')\n"
        ),
        "src/routes/api/posts/all/+server.js": (
            "import { json } from '@sveltejs/kit'\n"
            "export const GET = async () => json(await fetchPosts())\n"
        ),
        "src/routes/api/posts/count/+server.js": (
            "import { json } from '@sveltejs/kit'\nexport const GET = async () => json(4)\n"
        ),
    }


def test_a_sveltekit_site_built_by_adapter_static_is_a_static_site(repo: RepoFactory) -> None:
    """adapter-static runs every `+server.js` once at build time and writes its answer to a
    file: a blog's feeds and post lists are pages, not an API. The same endpoints served by
    adapter-node answer requests."""
    report = scan(repo(files=sveltekit_blog("adapter-static")), Settings())
    assert report.verdict.verdict == "avoid"
    assert [a.rule.id for a in report.verdict.avoid] == ["DJ901"]
    report = scan(repo(files=sveltekit_blog("adapter-node")), Settings())
    assert report.verdict.verdict == "suits"


def test_a_price_broadcaster_with_its_home_page_and_a_snapshot_is_pure_realtime(
    repo: RepoFactory,
) -> None:
    """A FastAPI service relaying an exchange's prices to its `/ws` clients; over HTTP it
    serves only the page that opens the socket and the latest price. The same service with
    a table of alerts and their routes is a web app."""
    main = (
        "from pathlib import Path\n"
        "from fastapi import FastAPI, WebSocket\n"
        "from fastapi.responses import FileResponse\n"
        "app = FastAPI()\n"
        "clients = set()\n"
        "latest = {}\n"
        '@app.get("/")\n'
        "async def serve_index():\n"
        '    page = Path(__file__).parent / "static" / "index.html"\n'
        "    if not page.exists():\n"
        '        return {"error": "index missing"}, 500\n'
        "    return FileResponse(str(page))\n"
        '@app.get("/price")\n'
        "async def get_latest_price():\n"
        "    return latest\n"
        '@app.websocket("/ws")\n'
        "async def websocket_endpoint(ws: WebSocket):\n"
        "    await ws.accept()\n"
        "    clients.add(ws)\n"
        "    while True:\n"
        "        await ws.receive_text()\n"
    )
    files = {
        "requirements.txt": "fastapi==0.119.0\nuvicorn==0.37.0\nwebsockets==15.0.1\n",
        "main.py": main,
        "static/index.html": "<script>new WebSocket('/ws')</script>\n",
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "avoid"
    assert [a.rule.id for a in report.verdict.avoid] == ["DJ903"]
    alerts = (
        "from sqlalchemy.orm import DeclarativeBase, Mapped\n"
        "class Base(DeclarativeBase): pass\n"
        "class Alert(Base):\n"
        "    __tablename__ = 'alerts'\n"
        "class Watchlist(Base):\n"
        "    __tablename__ = 'watchlists'\n"
    )
    routes = "".join(
        f'@app.{verb}("/alerts{path}")\nasync def alerts_{n}():\n    return []\n'
        for n, (verb, path) in enumerate(
            [("get", ""), ("post", ""), ("delete", "/{id}"), ("get", "/{id}"), ("put", "/{id}")]
        )
    )
    files = {
        **files,
        "requirements.txt": files["requirements.txt"] + "sqlalchemy==2.0.36\n",
        "models.py": alerts,
        "main.py": main + routes,
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "suits"
    assert not report.verdict.avoid


def test_a_crow_service_over_mysql_with_no_manifest_is_a_web_app(repo: RepoFactory) -> None:
    """C++ has no dependency file: Crow and the MySQL client are known by the headers the
    code includes, and its routes by `CROW_ROUTE`."""
    routes = "".join(
        f'    CROW_ROUTE(app, "/{name}")([](const crow::request& req) {{ return list(req); }});\n'
        for name in ("company", "member/login", "subscription/add", "subscription/list", "admin")
    )
    files = {
        "Makefile": "main: main.cpp data_management.cpp\n\tg++ -o main $^ -lmysqlcppconn\n",
        "main.cpp": (
            '#include "./Crow/include/crow.h"\n#include "data_management.hpp"\n'
            "int main() {\n    crow::SimpleApp app;\n"
            + routes
            + "    app.port(3000).multithreaded().run();\n}\n"
        ),
        "data_management.hpp": "#include <mysql_driver.h>\n#include <cppconn/statement.h>\n",
        "data_management.cpp": '#include "data_management.hpp"\nint save() { return 0; }\n',
        "README.md": "# Subscription service\n",
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "suits"
    assert "Crow" in {f.name for f in summarise(report.facts.values).frameworks}
    # The same routes with no framework's header and no database are not enough on their own.
    bare = {
        **files,
        "main.cpp": files["main.cpp"].replace('#include "./Crow/include/crow.h"\n', ""),
    }
    bare["data_management.hpp"] = "#include <string>\n"
    assert scan(repo(files=bare), Settings()).verdict.verdict == "not-applicable"


def test_a_ktor_plugin_released_to_maven_central_is_a_library(repo: RepoFactory) -> None:
    """Its `sample/` server shows the plugin; the plugin is what is released. The same code
    deployed as a server of its own, unpublished, is the application."""
    build = (
        'plugins {\n    kotlin("jvm") version "2.0.0"\n'
        '    id("com.vanniktech.maven.publish") version "0.33.0"\n}\n'
        "dependencies {\n"
        '    implementation("io.ktor:ktor-server-core:2.3.0")\n'
        '    implementation("io.ktor:ktor-server-auth:2.3.0")\n}\n'
    )
    plugin = (
        "package dev.kodex\n"
        "import io.ktor.server.application.*\n"
        'val Kodex = createApplicationPlugin(name = "Kodex", createConfiguration = ::Config) {\n'
        "    onCall { call -> call.authenticate() }\n}\n"
    )
    sample = (
        "fun main() {\n"
        "    embeddedServer(Netty, port = 8080) {\n"
        "        install(Kodex)\n"
        "        routing {\n"
        '            post("/login") { call.respond(login()) }\n'
        '            post("/register") { call.respond(register()) }\n'
        '            get("/me") { call.respond(me()) }\n'
        "        }\n    }.start(wait = true)\n}\n"
    )
    files = {
        "settings.gradle.kts": 'rootProject.name = "kodex"\ninclude("sample", "kodex")\n',
        "kodex/build.gradle.kts": build,
        "kodex/src/main/kotlin/dev/kodex/Kodex.kt": plugin,
        "sample/build.gradle.kts": build.replace(
            '    id("com.vanniktech.maven.publish") version "0.33.0"\n', ""
        ).replace("ktor-server-auth", "ktor-server-netty"),
        "sample/src/main/kotlin/Application.kt": sample,
        "README.md": "# Kodex\n",
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "library"
    app = {
        "settings.gradle.kts": 'rootProject.name = "accounts"\n',
        "build.gradle.kts": files["sample/build.gradle.kts"],
        "src/main/kotlin/Kodex.kt": plugin,
        "src/main/kotlin/Application.kt": sample,
    }
    assert scan(repo(files=app), Settings()).verdict.verdict == "suits"


def test_an_openresty_app_answering_in_lua_is_a_web_app(repo: RepoFactory) -> None:
    """nginx answers the API with the project's Lua and serves the built front end: a web
    app, though nginx's pages are all the HTML there is. The same pages with only an inline
    health answer in the config are a static site."""
    location = (
        "location /api { content_by_lua_file app/main.lua; }\n"
        "location / { root html; index index.html; }\n"
    )
    pages = {
        f"server/nginx/html/{name}.html": "<html><body>Todo</body></html>\n" for name in "abcd"
    }
    files = {
        "server/nginx/conf/location.conf": location,
        "server/nginx/app/main.lua": "local api = require('app.api')\napi.route(ngx.var.uri)\n",
        "server/nginx/app/api.lua": "local M = {}\nfunction M.route(uri) end\nreturn M\n",
        "server/nginx/app/dao.lua": "local M = {}\nfunction M.tasks(db) end\nreturn M\n",
        **pages,
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "suits"
    health = (
        "location /health { content_by_lua_block { ngx.say('ok') } }\nlocation / { root html; }\n"
    )
    static = {"server/nginx/conf/location.conf": health, **pages}
    report = scan(repo(files=static), Settings())
    assert report.verdict.verdict == "avoid"


@pytest.mark.parametrize(
    ("files", "verdict"),
    [
        pytest.param(
            {
                "Package.swift": (
                    "// swift-tools-version:5.10\nimport PackageDescription\n"
                    'let package = Package(name: "api", dependencies: [\n'
                    '    .package(url: "https://github.com/vapor/vapor.git", from: "4.0.0"),\n'
                    "], targets: [\n"
                    '    .target(name: "App"), .executableTarget(name: "Run"),\n])\n'
                ),
                "Sources/App/routes.swift": (
                    'func routes(_ app: Application) throws {\n    app.get("sounds") { req in'
                    " try await Sound.query(on: req.db).all() }\n}\n"
                ),
            },
            "suits",
            id="a-vapor-api",
        ),
        pytest.param(
            {
                "Package.swift": (
                    "// swift-tools-version:5.10\nimport PackageDescription\n"
                    'let package = Package(name: "vapor-rate-limit", products: [\n'
                    '    .library(name: "RateLimit", targets: ["RateLimit"]),\n'
                    "], dependencies: [\n"
                    '    .package(url: "https://github.com/vapor/vapor.git", from: "4.0.0"),\n'
                    '], targets: [.target(name: "RateLimit")])\n'
                ),
                "Sources/RateLimit/RateLimit.swift": "public struct RateLimit {}\n",
            },
            "not-applicable",
            id="a-vapor-middleware-library",
        ),
        pytest.param(
            {
                "mix.exs": (
                    "defmodule Rest.MixProject do\n  use Mix.Project\n"
                    '  def project, do: [app: :rest, version: "0.1.0", deps: deps()]\n'
                    "  def application, do: [mod: {Rest.Application, []}]\n"
                    '  defp deps, do: [{:plug_cowboy, "~> 2.6"}, {:jason, "~> 1.4"}]\nend\n'
                ),
                "lib/rest/router.ex": (
                    "defmodule Rest.Router do\n  use Plug.Router\n  plug :match\n  plug :dispatch\n"
                    '  get "/users" do\n    send_resp(conn, 200, Jason.encode!(Users.all()))\n'
                    "  end\nend\n"
                ),
            },
            "suits",
            id="an-elixir-plug-api-without-phoenix",
        ),
    ],
)
def test_servers_of_other_stacks_read_from_their_manifests(
    repo: RepoFactory, files: dict[str, str], verdict: str
) -> None:
    assert scan(repo(files=files), Settings()).verdict.verdict == verdict


def test_a_rails_app_whose_channels_outnumber_its_routes_is_realtime(repo: RepoFactory) -> None:
    """Scrum poker: rooms, tasks and votes in tables of its own, pages rendered from ERB, and
    Action Cable channels that push the votes live. The channels' handlers outnumber the
    routes; the sockets are still one feature of the web app (DJ108), not its product."""
    channel = (
        "class {name}Channel < ApplicationCable::Channel\n"
        '  def subscribed\n    stream_from "{stream}"\n  end\n'
        "  def follow(data)\n    stream_from \"{stream}_#{{data['id']}}\"\n  end\n"
        "  def unsubscribed\n    stop_all_streams\n  end\n"
        "end\n"
    )
    files = {
        "Gemfile": "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngem 'pg'\ngem 'devise'\n",
        "config/routes.rb": (
            "Rails.application.routes.draw do\n  devise_for :users\n  root 'rooms#index'\n"
            "  resources :rooms, only: [:index, :show, :create]\n"
            "  resources :tasks, only: [:create, :update]\nend\n"
        ),
        **{
            f"app/channels/{name.lower()}_channel.rb": channel.format(
                name=name, stream=name.lower()
            )
            for name in ("Votes", "Tasks", "Participants")
        },
        **{
            f"app/models/{name}.rb": f"class {name.title()} < ApplicationRecord\nend\n"
            for name in ("room", "task", "vote", "card")
        },
        **{
            f"db/migrate/2024010100000{n}_create_{name}s.rb": (
                f"class Create{name.title()}s < ActiveRecord::Migration[7.1]\n"
                f"  def change\n    create_table :{name}s do |t|\n      t.timestamps\n"
                "    end\n  end\nend\n"
            )
            for n, name in enumerate(("room", "task", "vote", "card"))
        },
        "app/controllers/rooms_controller.rb": (
            "class RoomsController < ApplicationController\n  def index\n    @rooms = Room.all\n"
            "  end\n  def show\n    @room = Room.find(params[:id])\n  end\nend\n"
        ),
        "app/views/rooms/index.html.erb": "<% @rooms.each do |room| %><%= room.name %><% end %>\n",
        "app/views/rooms/show.html.erb": "<%= form_with model: @room do |f| %><% end %>\n",
        "app/views/layouts/application.html.erb": "<html><body><%= yield %></body></html>\n",
        **{
            f"app/views/tasks/{name}.html.erb": "<%= form_with model: @task do |f| %><% end %>\n"
            for name in ("new", "edit", "_task")
        },
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "suits"
    assert "DJ108" in {f.rule.id for f in report.verdict.use_cases}
    assert report.facts.value("rt.share") > 0.5


# Each is a repository whose extra parts (a helper script, a preview server, a stub API, a
# deploy chart, a socket extension) once decided its verdict; the product decides it now.
HUGO_ISSUE_SCRIPT = (
    "import os\nimport subprocess\nimport sys\n\n\n"
    "def write_post(issue, folder):\n"
    "    with open(os.path.join(folder, f\"{issue['number']}.md\"), 'w') as md:\n"
    "        md.write('---\\n')\n        md.write(f\"title: {issue['title']}\\n\")\n"
    "        md.write('---\\n')\n        md.write(issue['body'])\n\n\n"
    "def main(hugo):\n    for issue in fetch_issues(sys.argv[1]):\n"
    "        write_post(issue, 'content/post')\n    subprocess.run([hugo])\n"
    "    subprocess.run(['git', 'push'])\n\n\n"
    "def fetch_issues(repo):\n    return []\n\n\n"
    "if __name__ == '__main__':\n    main(sys.argv[2])\n"
)
MKDOCS_PREVIEW = (
    "import tornado.web\nfrom livereload import Server\n"
    "from mkdocs.commands.build import build\nfrom mkdocs.config import load_config\n\n\n"
    "class Redirect(tornado.web.RequestHandler):\n"
    "    def get(self, path):\n        self.redirect('/en/' + path)\n\n\n"
    "def serve(languages):\n    for lang in languages:\n"
    "        build(load_config(f'{lang}/mkdocs.yml'))\n"
    "    server = Server()\n    server.serve(root='site')\n\n\n"
    "if __name__ == '__main__':\n    serve(['en', 'ru'])\n"
)
WS_CHAT_ROUTES = (
    "const express = require('express');\nconst router = express.Router();\n"
    "const c = require('../controllers/{name}');\n{routes}module.exports = router;\n"
)


@pytest.mark.parametrize(
    ("files", "verdict", "case"),
    [
        pytest.param(
            {
                "config.toml": 'baseURL = "https://example.org/"\ntheme = "maupassant"\n',
                "archetypes/default.md": "---\ntitle: x\ndate: 2020-01-01\n---\n",
                "content/about.md": "---\ntitle: About\n---\nAbout me.\n",
                "content/archives/index.md": "---\ntitle: Archives\n---\n",
                "generate_and_deploy.py": HUGO_ISSUE_SCRIPT,
            },
            "avoid",
            "DJ901",
            id="a-hugo-blog-whose-one-script-turns-issues-into-posts",
        ),
        pytest.param(
            {
                "astro.config.ts": (
                    "import { defineConfig } from 'astro/config';\n"
                    "import vercel from '@astrojs/vercel';\n"
                    "export default defineConfig({ output: 'server', adapter: vercel() });\n"
                ),
                "package.json": (
                    '{"name": "portfolio", "private": true, "dependencies": {"astro": "^5.0.0",'
                    ' "@astrojs/vercel": "^8.0.0", "nodemailer": "^6.9.0",'
                    ' "@vercel/node": "^3.0.0"}}\n'
                ),
                "src/pages/index.astro": "---\nconst title = 'Me';\n---\n<h1>{title}</h1>\n",
                "src/pages/blog.astro": "---\n---\n<h1>Blog</h1>\n",
                "src/content/blog/first.md": "---\ntitle: First\npublishedAt: 2024-01-01\n---\n",
                "api/email.ts": (
                    "import { Mailer } from '../src/libs/mailer'\n"
                    "import type { VercelRequest, VercelResponse } from '@vercel/node'\n"
                    "export default async function handler(request: VercelRequest,"
                    " response: VercelResponse) {\n"
                    "  await Mailer.sendContactEmail(await request.body)\n"
                    "  response.status(200).json('success')\n}\n"
                ),
                "src/libs/mailer.ts": (
                    "import nodemailer from 'nodemailer'\nexport const Mailer = {\n"
                    "  async sendContactEmail(data) {\n"
                    "    const t = nodemailer.createTransport({ host: 'smtp.example.org' })\n"
                    "    return t.sendMail({ to: 'me@example.org', text: data.message })\n  },\n}\n"
                ),
            },
            "avoid",
            "DJ901",
            id="an-astro-portfolio-whose-one-function-mails-its-contact-form",
        ),
        pytest.param(
            {
                "en/mkdocs.yml": "site_name: Device docs\ndocs_dir: content\n",
                "ru/mkdocs.yml": "site_name: Device docs (ru)\ndocs_dir: content\n",
                **{
                    f"{lang}/content/{page}.md": (
                        f"---\ntitle: {page}\n---\n# {page}\n\n"
                        + "Plug the device in, hold the button and follow the screen.\n" * 5
                    )
                    for lang in ("en", "ru")
                    for page in ("index", "setup", "usage", "faq")
                },
                "serve.py": MKDOCS_PREVIEW,
                "Dockerfile": (
                    "FROM squidfunk/mkdocs-material AS builder\nCOPY . /docs\n"
                    "RUN cd /docs/en && mkdocs build\n"
                    "FROM nginx:alpine\n"
                    "COPY --from=builder /docs/en/site /usr/share/nginx/html/en\n"
                ),
            },
            "avoid",
            "DJ901",
            id="docs-sites-in-two-languages-with-a-preview-server-that-builds-them",
        ),
        pytest.param(
            {
                "package.json": (
                    '{"name": "monorepo", "private": true, "workspaces": ["apps/*"],'
                    ' "devDependencies": {"turbo": "^2.0.0"}}\n'
                ),
                "apps/mobile/package.json": (
                    '{"name": "@repo/mobile", "main": "expo-router/entry", "private": true,'
                    ' "scripts": {"start": "expo start"}, "dependencies": {"expo": "~52.0.0",'
                    ' "expo-router": "~4.0.0", "react": "18.3.1", "react-native": "0.76.5"}}\n'
                ),
                "apps/mobile/app.json": '{"expo": {"name": "mobile", "slug": "mobile"}}\n',
                "apps/mobile/app/(tabs)/index.tsx": (
                    "import { Text, View } from 'react-native';\n"
                    "export default function Home() { return <View><Text>Tab</Text></View>; }\n"
                ),
                "apps/api/package.json": (
                    '{"name": "@repo/api", "scripts": {"start": "node dist/index.js"},'
                    ' "dependencies": {"express": "^4.21.0"}}\n'
                ),
                "apps/api/src/index.ts": (
                    'import express from "express";\nconst app = express();\n'
                    'app.get("/", (req, res) => {\n  res.send("Hello from Express");\n});\n'
                    "app.listen(process.env.PORT || 3001);\n"
                ),
            },
            "not-applicable",
            "",
            id="an-expo-app-beside-a-hello-world-api-stub",
        ),
        pytest.param(
            {
                "README.md": "# Python web development course\n",
                **{
                    f"W{week}/S{session}/exercise.py": f"print('week {week} session {session}')\n"
                    for week in range(2, 10)
                    for session in (1, 2)
                },
                **{f"W{week}/lecture-notes/notes.md": "# Notes\n" for week in range(2, 10)},
                "W7/S1/hello_flask/app.py": (
                    "from flask import Flask, render_template\napp = Flask(__name__)\n\n\n"
                    "@app.route('/')\ndef index():\n    return render_template('index.html')\n"
                ),
                "W7/S1/hello_flask/templates/index.html": "<h1>{{ title }}</h1>\n",
                "W7/S1/hello_flask/requirements.txt": "flask\n",
            },
            "not-applicable",
            "",
            id="a-course-kept-in-week-folders-named-W2-to-W9",
        ),
        pytest.param(
            {
                "go.mod": (
                    "module peopleapp\n\ngo 1.21\n\nrequire (\n"
                    "\tgithub.com/gorilla/mux v1.8.0\n\tgithub.com/lib/pq v1.10.9\n)\n"
                ),
                "main.go": (
                    'package main\n\nimport (\n\t"database/sql"\n\t"net/http"\n\n'
                    '\t"github.com/gorilla/mux"\n\t_ "github.com/lib/pq"\n)\n\n'
                    "var db *sql.DB\n\nfunc main() {\n\tr := mux.NewRouter()\n"
                    '\tr.HandleFunc("/person", getPeople).Methods("GET")\n'
                    '\tr.HandleFunc("/person", addPerson).Methods("POST")\n'
                    '\thttp.ListenAndServe(":8080", r)\n}\n\n'
                    "func getPeople(w http.ResponseWriter, r *http.Request) {}\n"
                    "func addPerson(w http.ResponseWriter, r *http.Request) {}\n"
                ),
                "migrations/1_create_tables.up.sql": "CREATE TABLE people (id serial);\n",
                "Dockerfile": 'FROM golang:alpine\nCOPY . .\nRUN go build -o app\nCMD ["./app"]\n',
                "charts/peopleapp/Chart.yaml": "apiVersion: v2\nname: peopleapp\nversion: 0.1.0\n",
                "charts/peopleapp/values.yaml": "replicaCount: 1\nimage:\n  repository: app\n",
                "charts/peopleapp/templates/deployment.yaml": (
                    "apiVersion: apps/v1\nkind: Deployment\n"
                    "metadata:\n  name: {{ .Release.Name }}\n"
                ),
            },
            "suits",
            "",
            id="a-go-api-on-gorilla-mux-with-its-own-helm-chart",
        ),
        pytest.param(
            {
                "setup.py": (
                    "from setuptools import setup\n\nENTRY_POINTS = '''\n[paste.app_factory]\n"
                    "main = tracker:main\n[console_scripts]\n"
                    "db_manager = tracker.scripts.seed:init\n"
                    "'''\n\nsetup(name='tracker', install_requires=['pyramid', 'sqlalchemy',"
                    " 'psycopg2'], entry_points=ENTRY_POINTS)\n"
                ),
                "development.ini": (
                    "[app:main]\nuse = egg:tracker\n\n[server:main]\nuse = egg:waitress#main\n"
                ),
                "tracker/__init__.py": (
                    "from pyramid.config import Configurator\n\n\n"
                    "def main(global_config, **settings):\n"
                    "    with Configurator(settings=settings) as config:\n"
                    "        config.add_route('assets', '/assets.json')\n"
                    "        config.scan()\n    return config.make_wsgi_app()\n"
                ),
                "tracker/views.py": (
                    "from pyramid.view import view_config\n\n\n"
                    "@view_config(route_name='assets', renderer='json', request_method='GET')\n"
                    "def see_assets(request):\n"
                    "    return [a.json for a in request.db.query(Asset)]\n\n\n"
                    "@view_config(route_name='assets', renderer='json', request_method='PATCH')\n"
                    "def change_assets(request):\n    return {}\n"
                ),
                "tracker/models.py": (
                    "from sqlalchemy import Column, Integer, String\n"
                    "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\n"
                    "class Asset(Base):\n    __tablename__ = 'asset'\n"
                    "    id = Column(Integer, primary_key=True)\n    name = Column(String)\n"
                ),
                "tests/test_views.py": (
                    "from tracker.views import change_assets\n\n\n"
                    "def test_change(request):\n    assert change_assets(request) == {}\n"
                ),
                "tracker/scripts/__init__.py": "",
                "tracker/scripts/seed.py": (
                    "import optparse\nimport sys\n\n\ndef init(argv=sys.argv):\n"
                    "    parser = optparse.OptionParser('usage: %prog config_uri')\n"
                    "    parser.add_option('-d', '--demo', action='store_true')\n"
                    "    options, args = parser.parse_args(argv[1:])\n    return options\n"
                ),
            },
            "suits",
            "",
            id="a-pyramid-app-pserve-starts-with-a-seeding-command",
        ),
        pytest.param(
            {
                "pub/requirements.txt": (
                    "flask\nredis\nFlask-uWSGI-WebSocket==0.6.1\ngevent\nuwsgi\n"
                ),
                "pub/app.py": (
                    "import redis\nfrom flask import Flask, request\n"
                    "from flask_uwsgi_websocket import GeventWebSocket\n\n"
                    "app = Flask(__name__)\nwebsocket = GeventWebSocket(app)\n"
                    "r = redis.Redis(host='redis')\n\n\n"
                    "@websocket.route('/echo/<client_id>')\ndef echo(ws, client_id):\n"
                    "    pubsub = r.pubsub()\n    pubsub.subscribe('notifications')\n"
                    "    for message in pubsub.listen():\n        ws.send(message['data'])\n\n\n"
                    "@app.route('/')\ndef hello():\n    return 'Hello'\n\n\n"
                    "@app.route('/push', methods=['POST'])\ndef push():\n"
                    "    r.publish('notifications', request.data)\n    return 'ok'\n"
                ),
                "docker-compose.yml": (
                    "services:\n  pub:\n    build: pub\n"
                    "    command: uwsgi --http :5000 --gevent 100"
                    " --module app:app\n  redis:\n    image: redis\n"
                ),
            },
            "avoid",
            "DJ903",
            id="a-flask-push-gateway-whose-socket-is-routed-by-an-extension",
        ),
        pytest.param(
            {
                "package.json": (
                    '{"name": "chat-api", "main": "index.js",'
                    ' "scripts": {"start": "node index.js"},'
                    ' "dependencies": {"express": "^4.18.2", "ws": "^8.13.0",'
                    ' "mongoose": "^7.4.0", "jsonwebtoken": "^9.0.0"}}\n'
                ),
                "index.js": (
                    "const express = require('express');\n"
                    "const createSocket = require('./socket');\n"
                    "const app = express();\napp.get('/', (req, res) => res.send('chat api'));\n"
                    "app.use('/auth', require('./routers/auth'));\n"
                    "app.use('/messages', require('./routers/message'));\n"
                    "app.use('/users', require('./routers/users'));\n"
                    "const server = app.listen(process.env.PORT || 4000);\ncreateSocket(server);\n"
                ),
                "routers/auth.js": WS_CHAT_ROUTES.format(
                    name="auth",
                    routes=(
                        "router.post('/register', c.register);\n"
                        "router.get('/profile', c.profile);\n"
                        "router.post('/login', c.login);\nrouter.get('/logout', c.logout);\n"
                    ),
                ),
                "routers/message.js": WS_CHAT_ROUTES.format(
                    name="message", routes="router.get('/:recipientId', c.history);\n"
                ),
                "routers/users.js": WS_CHAT_ROUTES.format(
                    name="users", routes="router.get('/', c.list);\n"
                ),
                "models/User.js": (
                    "const mongoose = require('mongoose');\nmodule.exports = mongoose.model('User',"
                    " new mongoose.Schema({ username: String, password: String }));\n"
                ),
                "models/Message.js": (
                    "const mongoose = require('mongoose');\nmodule.exports = mongoose.model("
                    "'Message', new mongoose.Schema({ sender: String, recipient: String,"
                    " text: String }));\n"
                ),
                "socket.js": (
                    "const ws = require('ws');\nconst Message = require('./models/Message');\n"
                    "module.exports = (server) => {\n"
                    "  const wss = new ws.WebSocketServer({ server });\n"
                    "  wss.on('connection', (connection) => {\n"
                    "    connection.on('pong', () => clearTimeout(connection.deathTimer));\n"
                    "    connection.on('message', async (raw) => {\n"
                    "      const { recipient, text } = JSON.parse(raw.toString());\n"
                    "      const doc = await Message.create({ recipient, text });\n"
                    "      [...wss.clients].forEach((c) => c.send(JSON.stringify(doc)));\n"
                    "    });\n  });\n};\n"
                ),
            },
            "suits",
            "",
            id="a-chat-api-whose-accounts-and-history-are-its-own-tables",
        ),
        pytest.param(
            {
                "package.json": (
                    '{"name": "broker", "main": "server.js",'
                    ' "scripts": {"start": "node server.js"},'
                    ' "dependencies": {"express": "^4.18.0", "cors": "^2.8.5"}}\n'
                ),
                "server.js": (
                    "const express = require('express');\nconst app = express();\n"
                    "app.use(express.json());\nlet clients = [];\n\n"
                    "function sendData(data) {\n"
                    "  clients.forEach((c) =>\n"
                    "    c.res.write(`data: ${JSON.stringify(data)}\\n\\n`));\n"
                    "}\n\n"
                    "app.get('/topic', (req, res) => {\n"
                    "  res.writeHead(200, {\n    'Content-Type': 'text/event-stream',\n"
                    "    'Connection': 'keep-alive',\n  });\n"
                    "  clients.push({ id: Date.now(), res });\n"
                    "  req.on('close', () => {\n"
                    "    clients = clients.filter((c) => c.res !== res);\n  });\n"
                    "});\n\n"
                    "app.post('/topic', (req, res) => {\n  res.json(req.body);\n"
                    "  sendData(req.body);\n});\n\n"
                    "app.get('/status', (req, res) => res.json({ clients: clients.length }));\n\n"
                    "app.listen(3000);\n"
                ),
            },
            "avoid",
            "DJ903",
            id="an-sse-broker-whose-stream-is-opened-by-a-route-of-its-own",
        ),
        pytest.param(
            {
                "pyproject.toml": (
                    '[build-system]\nrequires = ["setuptools"]\n'
                    'build-backend = "setuptools.build_meta"\n'
                    '[project]\nname = "shopkit-billing"\nversion = "1.2.0"\n'
                    'dependencies = ["shopkit>=1.0", "django>=4.2"]\n'
                ),
                "manage.py": (
                    "import os\nimport sys\n\nfrom django.core.management import"
                    " execute_from_command_line\n\nif __name__ == '__main__':\n"
                    "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'testsettings')\n"
                    "    execute_from_command_line(sys.argv)\n"
                ),
                "testsettings.py": (
                    "INSTALLED_APPS = ['django.contrib.admin', 'django.contrib.auth',"
                    " 'shopkit', 'shopkit_billing']\n"
                    "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3'}}\n"
                ),
                "shopkit_billing/models.py": (
                    "from django.db import models\n\n\nclass Bill(models.Model):\n"
                    "    amount = models.DecimalField(max_digits=8, decimal_places=2)\n\n\n"
                    "class Payment(models.Model):\n"
                    "    bill = models.ForeignKey(Bill, on_delete=models.CASCADE)\n"
                ),
                "shopkit_billing/admin.py": (
                    "from django.contrib import admin\n\nfrom .models import Bill\n\n"
                    "admin.site.register(Bill)\n"
                ),
                "shopkit_billing/urls.py": (
                    "from django.urls import path\n\nfrom . import views\n\n"
                    "urlpatterns = [path('bills/', views.bills)]\n"
                ),
                "shopkit_billing/views.py": (
                    "from django.shortcuts import render\n\n\ndef bills(request):\n"
                    "    return render(request, 'billing/bills.html')\n"
                ),
                "shopkit_billing/templates/billing/bills.html": "<table></table>\n",
                "shopkit_billing/migrations/0001_initial.py": (
                    "from django.db import migrations\n\n\n"
                    "class Migration(migrations.Migration):\n    operations = []\n"
                ),
            },
            "not-applicable",
            "",
            id="a-django-add-on-whose-manage-py-runs-its-test-settings",
        ),
        pytest.param(
            {
                "astro.config.mjs": (
                    "import { defineConfig } from 'astro/config';\n"
                    "import react from '@astrojs/react';\n"
                    "import vercel from '@astrojs/vercel/serverless';\n"
                    "export default defineConfig({ output: 'server', adapter: vercel(),"
                    " integrations: [react()] });\n"
                ),
                "package.json": (
                    '{"name": "landing", "private": true, "dependencies": {"astro": "^5.0.0",'
                    ' "@astrojs/react": "^4.0.0", "@astrojs/vercel": "^9.0.0",'
                    ' "react": "^18.3.1", "react-dom": "^18.3.1"}}\n'
                ),
                **{
                    f"pages/{page}.astro": (
                        "---\nimport Header from '../components/Header.tsx';\n---\n"
                        f"<Header client:load />\n<h1>{page}</h1>\n"
                    )
                    for page in ("index", "pricing", "terms", "knowledge-base")
                },
                **{
                    f"components/{name}.tsx": (
                        f"export default function {name}() {{\n"
                        f"  return <section className='{name.lower()}'>{name}</section>;\n}}\n"
                    )
                    * 4
                    for name in ("Header", "Footer", "Hero", "Pricing", "Faq")
                },
            },
            "avoid",
            "DJ901",
            id="an-astro-landing-page-rendered-on-request-with-react-islands",
        ),
        pytest.param(
            {
                "pyproject.toml": (
                    '[build-system]\nrequires = ["setuptools"]\n'
                    'build-backend = "setuptools.build_meta"\n'
                    '[project]\nname = "futures-backtest"\nversion = "0.1.0"\n'
                    'dependencies = ["fastapi", "uvicorn", "pandas"]\n'
                ),
                "src/futures_backtest/engine/matching_engine.py": (
                    "class MatchingEngine:\n    def __init__(self):\n        self.resting = []\n\n"
                    "    def process_tick(self, tick):\n        fills = []\n"
                    "        for order in self.resting:\n"
                    "            if order.limit >= tick.ask:\n"
                    "                fills.append((order, tick.ask))\n        return fills\n"
                ),
                "src/futures_backtest/engine/backtest_engine.py": (
                    "from .matching_engine import MatchingEngine\n\n\nclass BacktestEngine:\n"
                    "    def __init__(self, strategy):\n"
                    "        self.strategy = strategy\n"
                    "        self._matching_engine = MatchingEngine()\n\n"
                    "    def run(self, ticks):\n        for tick in ticks:\n"
                    "            self.strategy.on_tick(tick)\n"
                    "            fills = self._matching_engine.process_tick(tick)\n"
                ),
                "src/futures_backtest/data/feed.py": (
                    "import pandas as pd\n\n\ndef ticks(path):\n"
                    "    for row in pd.read_parquet(path).itertuples():\n        yield row\n"
                ),
                "src/futures_backtest/api/app.py": (
                    "from fastapi import FastAPI\n\nfrom .routers import backtest\n\n"
                    "app = FastAPI()\napp.include_router(backtest.router)\n"
                ),
                "src/futures_backtest/api/routers/backtest.py": (
                    "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
                    "@router.post('/backtest')\ndef run_backtest(params: dict):\n"
                    "    return {'id': start(params)}\n\n\n"
                    "@router.get('/backtest/{run_id}')\ndef result(run_id: str):\n"
                    "    return load(run_id)\n\n\n"
                    "@router.post('/grid-search')\ndef grid(params: dict):\n"
                    "    return {'id': start(params)}\n"
                ),
                **{
                    f"src/futures_backtest/analysis/{name}.py": (
                        f"def {name}(series):\n    return series.mean()\n"
                    )
                    for name in ("sharpe", "drawdown", "returns", "report", "plots", "stats")
                },
            },
            "avoid",
            "DJ902",
            id="a-tick-level-backtester-with-a-fastapi-dashboard-over-it",
        ),
        pytest.param(
            {
                "main.tf": (
                    'resource "aws_ecs_cluster" "app" {\n  name = "app"\n}\n'
                    'resource "aws_ecs_task_definition" "app" {\n  family = "app"\n}\n'
                ),
                "provider.tf": 'provider "aws" {\n  region = "us-east-1"\n}\n',
                "Dockerfile": 'FROM node:20\nCOPY . .\nRUN npm install\nCMD ["node", "index.js"]\n',
                "package.json": '{"name": "demo", "dependencies": {"express": "^4.18.0"}}\n',
                "index.js": (
                    "const express = require('express');\nconst app = express();\n"
                    "app.get('/', (req, res) => res.json({ message: 'Hello from ECS' }));\n"
                    "app.listen(8000);\n"
                ),
            },
            "not-applicable",
            "",
            id="terraform-that-deploys-a-one-route-express-app",
        ),
        pytest.param(
            {
                "django-demo/Chart.yaml": "apiVersion: v2\nname: django-demo\nversion: 0.1.0\n",
                "django-demo/values.yaml": "image:\n  repository: django-demo\n",
                "django-demo/templates/deployment.yaml": (
                    "apiVersion: apps/v1\nkind: Deployment\n"
                    "metadata:\n  name: {{ .Release.Name }}\n"
                ),
                "django-demo/templates/NOTES.txt": "Get the URL: {{ .Values.ingress.host }}\n",
                "django-demo/templates/_helpers.tpl": '{{- define "demo.name" -}}demo{{- end }}\n',
                "requirements.txt": "Django==4.2.5\npsycopg2-binary\n",
                "manage.py": (
                    "import os\nimport sys\n\nfrom django.core.management import"
                    " execute_from_command_line\n\nif __name__ == '__main__':\n"
                    "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"
                    "    execute_from_command_line(sys.argv)\n"
                ),
                "mysite/settings.py": (
                    "INSTALLED_APPS = ['django.contrib.admin', 'django.contrib.auth']\n"
                    "ROOT_URLCONF = 'mysite.urls'\n"
                ),
                "mysite/urls.py": (
                    "from django.contrib import admin\nfrom django.urls import path\n\n"
                    "urlpatterns = [path('admin/', admin.site.urls)]\n"
                ),
                "Dockerfile": "FROM python:3.12\nCOPY . .\nCMD gunicorn mysite.wsgi\n",
            },
            "not-applicable",
            "",
            id="helm-charts-beside-a-bare-startproject",
        ),
        pytest.param(
            {
                "package.json": (
                    '{"name": "city-reports", "private": true, "type": "module",'
                    ' "scripts": {"dev": "vite", "build": "vite build"},'
                    ' "dependencies": {"react": "^18.3.1", "react-dom": "^18.3.1",'
                    ' "@supabase/supabase-js": "^2.84.0", "@sendgrid/mail": "^8.1.0"},'
                    ' "devDependencies": {"vite": "^5.4.0", "@vitejs/plugin-react": "^4.3.0"}}\n'
                ),
                "index.html": (
                    '<!doctype html><html><body><div id="root"></div>'
                    '<script type="module" src="/src/main.tsx"></script></body></html>\n'
                ),
                "src/main.tsx": (
                    "import { createRoot } from 'react-dom/client';\nimport App from './App';\n\n"
                    "createRoot(document.getElementById('root')!).render(<App />);\n"
                ),
                "src/App.tsx": (
                    "import { createClient } from '@supabase/supabase-js';\n\n"
                    "const db = createClient(import.meta.env.VITE_URL,"
                    " import.meta.env.VITE_KEY);\n\n"
                    "export default function App() {\n"
                    "  return <button onClick={() => db.from('reports').insert({})}>"
                    "Report</button>;\n"
                    "}\n"
                ),
                "supabase/migrations/20250101000000_init.sql": "".join(
                    f"CREATE TABLE public.{t} (id uuid PRIMARY KEY, created_at timestamptz);\n"
                    f"ALTER TABLE public.{t} ENABLE ROW LEVEL SECURITY;\n"
                    for t in ("reports", "report_upvotes", "profiles", "user_roles")
                ),
                "api/contact.ts": (
                    "import type { VercelRequest, VercelResponse } from '@vercel/node';\n"
                    "import sgMail from '@sendgrid/mail';\n\n"
                    "export default async function handler(req: VercelRequest,"
                    " res: VercelResponse) {\n"
                    "  await sgMail.send({ to: 'city@example.org', text: req.body.message });\n"
                    "  res.status(200).json({ ok: true });\n}\n"
                ),
            },
            "suits",
            "",
            id="a-browser-app-over-the-supabase-schema-its-migrations-keep",
        ),
        pytest.param(
            {
                "package.json": (
                    '{"name": "quiet", "version": "1.0.0", "description": "A theme for Ghost",'
                    ' "keywords": ["ghost", "theme"], "engines": {"ghost": ">=5.0.0"},'
                    ' "devDependencies": {"gulp": "^4.0.2"}}\n'
                ),
                "default.hbs": (
                    "<!DOCTYPE html><html><body>{{{body}}}{{ghost_foot}}</body></html>\n"
                ),
                "index.hbs": '{{!< default}}\n{{#foreach posts}}<a href="{{url}}">{{title}}</a>'
                "{{/foreach}}\n",
                "post.hbs": "{{!< default}}\n{{#post}}<h1>{{title}}</h1>{{content}}{{/post}}\n",
                "page.hbs": "{{!< default}}\n{{#post}}{{content}}{{/post}}\n",
                "tag.hbs": "{{!< default}}\n{{#tag}}<h1>{{name}}</h1>{{/tag}}\n",
                "partials/header.hbs": (
                    '<header><a href="{{@site.url}}">{{@site.title}}</a></header>\n'
                ),
                "assets/css/screen.css": "body { font-family: serif; }\n" * 40,
                "assets/js/main.js": "document.querySelector('header').classList.add('on');\n",
                "gulpfile.js": "const { src, dest } = require('gulp');\n"
                "exports.default = () => src('assets/css/*.css').pipe(dest('assets/built'));\n",
            },
            "avoid",
            "DJ901",
            id="a-ghost-theme-s-templates",
        ),
    ],
)
def test_the_product_decides_not_its_helpers(
    repo: RepoFactory, files: dict[str, str], verdict: str, case: str
) -> None:
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == verdict
    if case:
        assert report.verdict.avoid[0].rule.id == case


def test_a_fix_engine_of_its_own_is_a_trading_system(repo: RepoFactory) -> None:
    """A FIX router between brokers and markets over TCP, its messages types of its own
    (`FIXMessage`, `FIXPrice`): the rubric's FIX engine, whatever socket server carries it."""
    field = "package fix.field;\n\npublic class FIX{name} extends Field<String> {{\n}}\n"
    files = {
        "pom.xml": (
            "<project><modelVersion>4.0.0</modelVersion><groupId>fix</groupId>"
            "<artifactId>fixme</artifactId><version>1.0</version><packaging>pom</packaging>"
            "<modules><module>router</module><module>common</module></modules></project>\n"
        ),
        **{
            f"common/src/main/java/fix/field/FIX{name}.java": field.format(name=name)
            for name in ("Price", "Quantity", "Instrument", "MsgType", "Checksum")
        },
        "common/src/main/java/fix/FIXMessage.java": (
            "package fix;\n\nimport fix.field.FIXPrice;\n\npublic class FIXMessage {\n"
            "    public static FIXMessage parse(java.nio.ByteBuffer buffer) { return null; }\n}\n"
        ),
        "router/src/main/java/fix/Router.java": (
            "package fix;\n\nimport java.nio.channels.ServerSocketChannel;\n\n"
            "public class Router {\n    public static void main(String[] args) throws Exception {\n"
            "        ServerSocketChannel server = ServerSocketChannel.open();\n"
            "        server.bind(new java.net.InetSocketAddress(5000));\n"
            "        FIXMessage message = FIXMessage.parse(null);\n    }\n}\n"
        ),
    }
    report = scan(repo(files=files), Settings())
    assert report.verdict.verdict == "avoid"
    assert report.verdict.avoid[0].rule.id == "DJ902"


SAPPER_APP = {
    "package.json": '{"scripts": {"dev": "sapper dev", "export": "sapper export"}, '
    '"dependencies": {"compression": "^1.7.1", "polka": "^0.5.0", "sirv": "^1.0.0"}, '
    '"devDependencies": {"sapper": "^0.28.0", "svelte": "^3.17.3", "rollup": "^2.3.4"}}\n',
    "src/server.js": "import sirv from 'sirv';\nimport polka from 'polka';\n"
    "import * as sapper from '@sapper/server';\n\nconst { PORT } = process.env;\n\n"
    "polka()\n  .use(sirv('static', { dev: false }), sapper.middleware())\n"
    "  .listen(PORT, (err) => { if (err) console.log('error', err); });\n",
    "src/client.js": "import * as sapper from '@sapper/app';\n\n"
    "sapper.start({ target: document.querySelector('#sapper') });\n",
    "src/template.html": "<!doctype html><html><head>%sapper.head%</head>"
    "<body><div id='sapper'>%sapper.html%</div></body></html>\n",
    "src/routes/index.svelte": "<h1>Planets</h1>\n",
    "src/routes/about.svelte": "<h1>About</h1>\n",
    # (a folder whose name starts with `_` is no route: Sapper serves nothing from it)
    "src/routes/_blog/index.json.js": "export function get(req, res) {\n  res.end('[]');\n}\n",
}


@pytest.mark.parametrize(
    ("extra", "verdict"),
    [
        pytest.param({}, "avoid", id="the-stock-server-renders-the-pages"),
        pytest.param(
            {
                "src/routes/api/planets.js": "import { db } from '../../db.js';\n\n"
                "export async function get(req, res) {\n"
                "  res.end(JSON.stringify(await db.planets(req.query.page)));\n}\n\n"
                "export async function post(req, res) {\n"
                "  await db.save(req.body);\n  res.end('{}');\n}\n",
            },
            "suits",
            id="endpoints-of-its-own",
        ),
    ],
)
def test_a_sapper_app_is_a_site_unless_its_routes_hold_endpoints(
    repo: RepoFactory, extra: dict[str, str], verdict: str
) -> None:
    """Sapper's stock server mounts the static folder (sirv) and the framework's renderer; the
    project's server code is the endpoints its routes folder exports methods from."""
    report = scan(repo(files={**SAPPER_APP, **extra}), Settings())
    assert report.verdict.verdict == verdict
    if verdict == "avoid":
        assert [f.rule.id for f in report.verdict.avoid] == ["DJ901"]


def test_a_desktop_till_whose_rust_side_serves_its_network_is_not_a_web_app(
    repo: RepoFactory,
) -> None:
    """A Tauri point-of-sale app whose Rust side starts a local API over its SQLite file: the
    server runs on the user's machine, in the app."""
    root = repo(
        files={
            "package.json": '{"name": "till", "private": true, "dependencies": '
            '{"@tauri-apps/api": "^2", "react": "^19", "react-dom": "^19"}, '
            '"devDependencies": {"@tauri-apps/cli": "^2", "vite": "^6"}}\n',
            "index.html": "<div id='root'></div><script type='module' src='/src/main.tsx'>"
            "</script>\n",
            "src/main.tsx": "import { createRoot } from 'react-dom/client';\n"
            "createRoot(document.getElementById('root')!).render(<h1>Till</h1>);\n",
            "src-tauri/Cargo.toml": '[package]\nname = "till"\nversion = "1.0.0"\n'
            'edition = "2021"\n\n[dependencies]\ntauri = "2"\naxum = "0.7"\n'
            'tokio = { version = "1", features = ["full"] }\n'
            'sqlx = { version = "0.8", features = ["sqlite"] }\n',
            "src-tauri/src/main.rs": "mod api;\n\nfn main() {\n"
            "    tauri::Builder::default().run(tauri::generate_context!()).unwrap();\n}\n",
            "src-tauri/src/api.rs": "use axum::{routing::{get, post}, Router};\n"
            "use tokio::net::TcpListener;\n\npub async fn serve() {\n"
            "    let app = Router::new()\n"
            '        .route("/api/product", get(products))\n'
            '        .route("/api/product", post(save_product))\n'
            '        .route("/api/session", get(session));\n'
            '    let listener = TcpListener::bind("0.0.0.0:3000").await.unwrap();\n'
            "    axum::serve(listener, app).await.unwrap();\n}\n",
        }
    )
    report = scan(root, Settings())
    assert report.verdict.verdict == "not-applicable"
    assert report.verdict.kind is not None and report.verdict.kind.name == "other"
