from __future__ import annotations

import pytest

from stackcheck.facts.signals.layout import project_layout
from stackcheck.source.listing import RepoFile


def keys(*paths: str, docs: bool = False) -> dict[str, float]:
    return {f.key: f.value for f in project_layout([RepoFile(p, 10, docs) for p in paths])}


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("shop/tests/templates/t.html", id="test-templates"),
        pytest.param("spec/fixtures/db/migrate/001_x.rb", id="spec-fixture-migration"),
        pytest.param("shop/migrations/__init__.py", id="migrations-init"),
        pytest.param("shop/templatetags/tags.py", id="templatetags"),
        pytest.param("README.md", id="readme"),
        pytest.param("static/app.ts", id="ts-not-static-asset"),
        pytest.param("config/control", id="a-control-file-outside-debian"),
        pytest.param("docs/chapter.1", id="numbered-file-outside-man"),
        pytest.param("project.spec", id="a-spec-file-outside-packaging"),
        pytest.param("app/views/user_mailer/welcome.html.erb", id="a-mailer-s-view"),
        pytest.param("templates/emails/reset.html.tera", id="an-email-s-template"),
        pytest.param("template/email/welcome.html", id="an-email-s-template-in-template"),
        pytest.param("templated/page.html", id="only-whole-folder-names"),
        pytest.param("charts/app/templates/NOTES.txt", id="a-helm-chart-s-install-notes"),
        pytest.param("codegen/model.tmpl", id="a-generator-s-template-outside-views"),
        pytest.param(
            "modules/storage/templates/bucket_policy.json.tmpl", id="a-terraform-policy-template"
        ),
        pytest.param("Client/Shared/NavMenu.razor", id="a-blazor-component-outside-pages"),
        pytest.param(
            "starter/src/test/resources/META-INF/spring/"
            "org.springframework.boot.autoconfigure.AutoConfiguration.imports",
            id="a-test-s-auto-configuration",
        ),
    ],
)
def test_nothing_found(path: str) -> None:
    assert keys(path) == {}


@pytest.mark.parametrize(
    ("path", "key"),
    [
        pytest.param("shop/migrations/0001_initial.py", "django.migrations", id="dj-migration"),
        pytest.param("db/migrate/20240101_create_users.rb", "web.migrations", id="rails"),
        pytest.param("database/migrations/2024_create_users.php", "web.migrations", id="laravel"),
        pytest.param("alembic/versions/abc123_init.py", "web.migrations", id="alembic"),
        pytest.param("prisma/migrations/2024_init/migration.sql", "web.migrations", id="prisma"),
        pytest.param("shop/templates/shop/list.html", "django.templates", id="templates"),
        pytest.param("template/content.html", "django.templates", id="a-template-folder"),
        pytest.param("app/views/users/show.html.erb", "web.templates", id="erb"),
        pytest.param("resources/views/welcome.blade.php", "web.templates", id="blade"),
        pytest.param("src/views/index.ejs", "web.templates", id="ejs"),
        pytest.param("web/templates/index.html.tmpl", "web.templates", id="go-page-tmpl"),
        pytest.param("Web/Views/Home/Index.cshtml", "web.templates", id="razor-view"),
        pytest.param("Components/Pages/Tickets.razor", "web.templates", id="blazor-page"),
        pytest.param("grails-app/views/product/list.gsp", "web.templates", id="gsp"),
        pytest.param("web/list-students.jsp", "web.templates", id="jsp-anywhere"),
        pytest.param("templates/post.html.tera", "web.templates", id="tera"),
        pytest.param("lib/app_web/templates/page/index.html.eex", "web.templates", id="eex"),
        pytest.param("web/templates/list.gohtml", "web.templates", id="go-html-template"),
        pytest.param("internal/templates/search.templ", "web.templates", id="go-templ-component"),
        pytest.param("app/views/episode.scala.html", "web.templates", id="play-twirl-view"),
        pytest.param("views/layout.tmpl", "web.templates", id="go-template-in-views"),
        pytest.param("src/main/resources/templates/home.ftlh", "web.templates", id="freemarker"),
        pytest.param("shop/static/shop/site.css", "django.static_assets", id="static"),
        pytest.param("models/classifier.joblib", "ml.model_files", id="model-file"),
        pytest.param("snap/snapcraft.yaml", "dist.os_packages", id="snap"),
        pytest.param("packaging/deb/debian/control", "dist.os_packages", id="debian"),
        pytest.param("packaging/rpm/pom.spec", "dist.os_packages", id="rpm"),
        pytest.param("packaging/chocolatey/pom.nuspec", "dist.os_packages", id="chocolatey"),
        pytest.param("Formula/pom.rb", "dist.os_packages", id="homebrew"),
        pytest.param("packaging/man/pom.1", "dist.os_packages", id="man-page"),
        pytest.param(".goreleaser.yaml", "dist.os_packages", id="goreleaser"),
        pytest.param("aur/PKGBUILD", "dist.os_packages", id="aur"),
        pytest.param(
            "app/api/auth/[...nextauth]/route.ts", "web.next_auth_route", id="nextauth-app-router"
        ),
        pytest.param(
            "src/pages/api/auth/[...nextauth].js", "web.next_auth_route", id="nextauth-pages"
        ),
        pytest.param("src/routes/+page.server.ts", "web.server_modules", id="sveltekit-load"),
        pytest.param("src/hooks.server.js", "web.server_modules", id="sveltekit-hooks"),
        pytest.param("src/lib/server/db.ts", "web.server_modules", id="sveltekit-lib-server"),
        pytest.param("server/middleware/auth.ts", "web.server_modules", id="nuxt-middleware"),
        pytest.param(
            "starter/src/main/resources/META-INF/spring/"
            "org.springframework.boot.autoconfigure.AutoConfiguration.imports",
            "java.autoconfiguration",
            id="spring-boot-auto-configuration",
        ),
    ],
)
def test_found(path: str, key: str) -> None:
    assert keys(path) == {key: 1}


def test_a_laravel_package_s_own_service_provider() -> None:
    """A provider in the package's source (`src/`, or `app/` autoloaded as an app's would
    be), with no Laravel app (artisan) in the tree to run it."""
    assert keys("src/LaserpointsServiceProvider.php") == {"php.package_provider": 1}
    assert keys("app/Providers/AppServiceProvider.php") == {"php.package_provider": 1}
    assert "php.package_provider" not in keys("src/AppServiceProvider.php", "artisan")
    assert "php.package_provider" not in keys("app/Providers/AppServiceProvider.php", "artisan")
    assert keys("docs/Providers/DemoServiceProvider.php", docs=True) == {}


@pytest.mark.parametrize(
    ("paths", "count"),
    [
        pytest.param(("resources/views/admin/news/edit.blade.php",), 1, id="laravel-admin-views"),
        pytest.param(("app/Http/Controllers/Admin/NewsController.php",), 1, id="admin-controllers"),
        pytest.param(("Web/Areas/Admin/Views/Post/Edit.cshtml",), 1, id="aspnet-admin-area"),
        pytest.param(("admin/auth_check.php", "admin/posts.php"), 2, id="plain-php-admin-folder"),
        pytest.param(("static/admin/js/SelectBox.js",), 0, id="the-admin-s-static-assets"),
        pytest.param(("tests/admin/test_posts.py",), 0, id="tests-of-the-admin"),
        pytest.param(("app/models/admin.rb",), 0, id="a-model-named-admin"),
        pytest.param(("admin/README.md",), 0, id="no-page-or-code"),
    ],
)
def test_the_back_office_s_pages_and_controllers(paths: tuple[str, ...], count: int) -> None:
    assert keys(*paths).get("web.admin_area", 0) == count


def test_a_unity_project_is_known_by_its_editor_s_version_file() -> None:
    assert keys("VR_CLIENT/ProjectSettings/ProjectVersion.txt") == {"desktop.unity": 1}
    assert keys("ProjectSettings/ProjectVersion.txt") == {"desktop.unity": 1}
    assert keys("docs/MyProjectSettings/ProjectVersion.txt") == {}


def test_documentation_is_left_out() -> None:
    assert keys("docs/templates/page.html", docs=True) == {}


def test_counts_add_up_and_evidence_is_capped() -> None:
    facts = list(project_layout([RepoFile(f"a/migrations/{i:04d}_x.py", 1) for i in range(30)]))
    assert len(facts) == 1
    assert facts[0].value == 30
    assert len(facts[0].evidence) == 10


def test_the_tables_migrations_create_are_named_models() -> None:
    """Laravel's and Rails' migrations name the tables they create; a table a model file
    names too is counted once."""
    found = keys(
        "database/migrations/2019_11_09_000007_create_tickets_table.php",
        "database/migrations/2019_11_09_000002_create_roles_table.php",
        "database/migrations/2019_11_09_000009_create_permission_role_pivot_table.php",
        "db/migrate/20240101120000_create_leave_requests.rb",
        "db/migrate/20240101120001_add_status_to_tickets.rb",
        "app/Models/Ticket.php",
    )
    assert found["enterprise.models"] == 2  # tickets (once), leave_requests
    assert found["enterprise.access_models"] == 2  # roles, permission_role


@pytest.mark.parametrize(
    ("path", "table"),
    [
        ("database/migrations/2014_10_12_000000_create_users_table.php", "users"),
        ("db/migrate/20240101_create_line_items.rb", "line_items"),
        ("priv/repo/migrations/20240101_create_posts.exs", "posts"),
        ("db/migrate/20240101_add_index_to_users.rb", None),
    ],
)
def test_created_table(path: str, table: str | None) -> None:
    from stackcheck.facts.signals.layout import created_table

    assert created_table(path) == table


def _laravel(*paths: str) -> dict[str, float]:
    return {f.key: f.value for f in project_layout([RepoFile(p, 1) for p in paths])}


def test_an_old_laravel_app_keeps_its_models_at_the_top_of_app() -> None:
    """Before Laravel 8 the Eloquent models sit in `app/` itself, beside the framework's
    folders; a root with `artisan` and no `app/Models/` is such an app."""
    old = _laravel(
        "backend/artisan",
        "backend/app/User.php",
        "backend/app/Invoice.php",
        "backend/app/Http/Kernel.php",
        "backend/app/helpers.php",
    )
    assert old["web.models"] == 2
    assert old["fintech.money_models"] == 1
    modern = _laravel("artisan", "app/Models/User.php", "app/Support.php")
    assert modern["web.models"] == 1  # app/Models/User.php alone
    assert "web.models" not in _laravel("app/Router.php", "app/Database.php")  # no artisan


@pytest.mark.parametrize(
    ("files", "crates"),
    [
        pytest.param(
            {
                "Cargo.toml": False,
                "crates/core/Cargo.toml": False,
                "crates/core/src/lib.rs": False,
                "crates/redis/Cargo.toml": False,
                "crates/redis/src/lib.rs": False,
                "examples/chat/Cargo.toml": True,
                "examples/chat/src/main.rs": True,
            },
            2,
            id="a-workspace-of-libraries-with-example-servers",
        ),
        pytest.param(
            {"Cargo.toml": False, "src/lib.rs": False, "src/main.rs": False},
            None,
            id="an-application-with-a-library-of-its-own",
        ),
        pytest.param(
            {
                "Cargo.toml": False,
                "shared/Cargo.toml": False,
                "shared/src/lib.rs": False,
                "server/Cargo.toml": False,
                "server/src/bin/api.rs": False,
            },
            None,
            id="a-workspace-whose-server-crate-has-programs-in-src-bin",
        ),
        pytest.param({"Cargo.toml": False, "src/lib.rs": False}, 1, id="one-library-crate"),
    ],
)
def test_a_workspace_of_library_crates(files: dict[str, bool], crates: int | None) -> None:
    found = keys_of([RepoFile(path, 10, documentation) for path, documentation in files.items()])
    assert found.get("cargo.lib_crates") == crates


def keys_of(files: list[RepoFile]) -> dict[str, float]:
    return {f.key: f.value for f in project_layout(files)}
