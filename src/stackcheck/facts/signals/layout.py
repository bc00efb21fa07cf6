"""Project layout visible from paths alone: Django's migrations, templates and
static assets, other frameworks' server templates and migrations, shipped model files.

Files under test and fixture folders are not the product and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from stackcheck.facts import Evidence, Fact
from stackcheck.facts.signals import SIZE_BLIND, TREE_SCANNERS
from stackcheck.source.listing import PER_PATH_CACHE, RepoFile, per_path

MAX_EVIDENCE = 10
NOT_PRODUCT = frozenset({"tests", "test", "testing", "fixtures", "__tests__", "spec", "e2e"})

Matcher = Callable[[list[str], str], bool]


def _django_migration(parts: list[str], name: str) -> bool:
    return (
        len(parts) >= 2
        and parts[-2] == "migrations"
        and name.endswith(".py")
        and (name[:4].isdigit())
    )


def _under(folder: str, *suffixes: str) -> Matcher:
    return lambda parts, name: folder in parts[:-1] and name.endswith(suffixes)


def _page_template(parts: list[str], name: str) -> bool:
    """A template in a templates/ (or template/) folder that renders a page: not an email's
    body (an API backend that sends mail keeps templates too, and renders no page with them)."""
    folder = next((p for p in _PAGE_TEMPLATE_FOLDERS if p in parts[:-1]), None)
    if folder is None or not name.endswith(TEMPLATE_SUFFIXES) or name == HELM_NOTES:
        return False
    return not any(_is_mail(part) for part in (*parts[parts.index(folder) :],))


_PAGE_TEMPLATE_FOLDERS = ("templates", "template")
# What a Helm chart's `templates/` prints after an install: the chart's, no page.
HELM_NOTES = "NOTES.txt"


TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".jinja", ".j2", ".jinja2")
_MAIL_WORDS = ("email", "mail", "e-mail", "emails", "mails")


def _is_mail(part: str) -> bool:
    stem = part.lower().rsplit(".", 1)[0]
    return (
        stem in _MAIL_WORDS
        or stem.startswith(("email", "mail_", "mail-"))
        or "_email" in stem
        or stem.endswith("mailer")  # Rails' mailers' views: app/views/user_mailer/
    )


# Template languages only a server renders: Ruby's, PHP's (Blade, Twig, Latte, Volt), Phoenix's
# (EEx, HEEx), ASP.NET's Razor views, Grails' GSP, Rust's Tera, Java's FreeMarker and JTE, Go's
# html/template files named for it and templ's components (compiled to Go), Play's Twirl
# views, Crystal's ECR, Mojolicious' embedded Perl, Lapis's etlua.
_SERVER_TEMPLATES = (
    ".erb", ".haml", ".slim", ".blade.php", ".twig", ".heex", ".leex", ".eex", ".cshtml",
    ".gsp", ".tera", ".ftl", ".ftlh", ".jte", ".latte", ".volt", ".gohtml", ".ecr", ".html.ep",
    ".jsp", ".jspx", ".etlua", ".templ", ".scala.html",
)  # fmt: skip
# Languages a browser app or a generator uses as well: a server's only in its views folder
# (Blazor's routable components in its Pages; Template Toolkit's `.tt`, Dancer's views).
_VIEW_TEMPLATES = (".ejs", ".pug", ".hbs", ".njk", ".tmpl", ".tt")


# A template that renders a document or a config, not a page: Terraform's `templatefile`
# policies (`templates/bucket_policy.json.tmpl`), a chart's or an installer's configs.
_DATA_FORMATS = frozenset({"json", "yaml", "yml", "toml", "ini", "conf", "cfg", "env", "sh", "tf"})


def _data_template(name: str) -> bool:
    inner = name.rsplit(".", 2)
    return len(inner) == 3 and inner[1].lower() in _DATA_FORMATS


def _server_template(parts: list[str], name: str) -> bool:
    """A server-side view, not an email's body (see _page_template)."""
    folders = parts[:-1]
    if name.endswith(_SERVER_TEMPLATES):
        found = True
    elif name.endswith(_VIEW_TEMPLATES):
        found = ("views" in folders or "templates" in folders) and not _data_template(name)
    else:
        found = name.endswith(".razor") and "Pages" in folders
    return found and not any(_is_mail(part) for part in parts)


def _other_migration(parts: list[str], name: str) -> bool:
    joined = "/".join(parts[:-1])
    return (
        (joined.endswith("db/migrate") and name.endswith(".rb"))
        or (joined.endswith("database/migrations") and name.endswith(".php"))
        or (parts[-2:-1] == ["versions"] and name.endswith(".py") and "alembic" in joined)
        or (joined.endswith("migrations/versions") and name.endswith(".py"))
        or (name == "migration.sql" and "prisma" in parts)
        or (joined.endswith("priv/repo/migrations") and name.endswith(".exs"))
    )


# Folders that hold an application's data models by its framework's convention (Rails'
# app/models, Laravel's app/Models, Spring's model and entity packages, ASP.NET's Models,
# Go's and Express's models), and the suffixes NestJS, TypeORM and Mongoose code names
# them with. Python's are read from the code (Django's and the other ORMs' classes).
_MODEL_FOLDERS = frozenset({"models", "model", "entities", "entity"})
_MODEL_SUFFIXES = (".entity.ts", ".entity.js", ".model.ts", ".model.js", ".schema.ts")
_MODEL_CODE = (".rb", ".php", ".js", ".ts", ".go", ".java", ".kt", ".cs", ".ex")
# Not a model: the base class every Rails model derives from, a folder's barrel file, a
# type declaration, a test.
_NOT_MODELS = frozenset({"application_record.rb", "index.js", "index.ts", "mod.rs"})
# A browser app's `models` folder holds the shapes of what an API returns, not tables.
_CLIENT_FOLDERS = frozenset({"client", "frontend", "front-end", "web-client", "ui", "components"})


def is_model_file(parts: list[str], name: str) -> bool:
    if name in _NOT_MODELS or name.endswith((".d.ts", ".test.ts", ".spec.ts", ".test.js")):
        return False
    if name.endswith(_MODEL_SUFFIXES):
        return not _CLIENT_FOLDERS.intersection(parts[:-1])
    if len(parts) < 2 or parts[-2].lower() not in _MODEL_FOLDERS or not name.endswith(_MODEL_CODE):
        return False
    return not (name.endswith((".js", ".ts")) and _CLIENT_FOLDERS.intersection(parts[:-1]))


def model_name(path: str) -> str:
    """The model a model file is named for: `app/models/leave_request.rb` -> leave_request,
    `src/ticket.entity.ts` -> ticket, `Models/InvoiceEntity.cs` -> Invoice,
    `app/Model/TaskModel.php` -> Task."""
    stem = path.rpartition("/")[2].partition(".")[0]
    for suffix in ("Entity", "Model"):
        if stem.endswith(suffix) and stem != suffix:
            return stem[: -len(suffix)]
    return stem


def _json_view(parts: list[str], name: str) -> bool:
    return name.endswith((".jbuilder", ".json.erb", ".rabl", ".json.php"))


def _api_routes(parts: list[str], name: str) -> bool:
    return name in ("api.php", "api.rb", "api.ts", "api.js") and parts[-2:-1] == ["routes"]


def _helm_chart(parts: list[str], name: str) -> bool:
    return name == "Chart.yaml"


def _ansible(parts: list[str], name: str) -> bool:
    """ansible.cfg, or a role's tasks: `roles/<role>/tasks/main.yml`, or `tasks/main.yml` at
    the top of a repository that is one role (as Ansible Galaxy publishes roles)."""
    if name == "ansible.cfg":
        return True
    if name not in ("main.yml", "main.yaml") or parts[-2:-1] != ["tasks"]:
        return False
    return len(parts) == 2 or (len(parts) >= 4 and parts[-4] == "roles")


# Recipes that package a program for an operating system's package manager, and its manual
# page: a program installed on a machine. A service is deployed, not packaged so.
_PACKAGING_FOLDERS = frozenset({"rpm", "packaging", "pkg", "dist", "contrib"})


def _os_package(parts: list[str], name: str) -> bool:
    folders = parts[:-1]
    if name in ("snapcraft.yaml", "PKGBUILD", ".goreleaser.yml", ".goreleaser.yaml"):
        return True
    if name.endswith(".nuspec"):  # Chocolatey
        return True
    if name == "control":  # a Debian package's
        return folders[-1:] == ["debian"]
    if name.endswith(".spec"):  # an RPM's, where a package's recipes are kept
        return not _PACKAGING_FOLDERS.isdisjoint(folders)
    if name.endswith(".rb"):  # a Homebrew formula
        return folders[-1:] == ["Formula"]
    return name.endswith((".1", ".8")) and "man" in folders  # a manual page


def _kubernetes(parts: list[str], name: str) -> bool:
    return name.endswith((".yaml", ".yml")) and bool(
        {"k8s", "kubernetes", "kustomize", "manifests"} & set(parts[:-1])
    )


def _lesson_handout(parts: list[str], name: str) -> bool:
    from stackcheck.source.discover import LESSON_FOLDER

    return LESSON_FOLDER.match(name.partition(".")[0]) is not None


class Role(NamedTuple):
    key: str  # the fact
    detail: str  # its evidence's
    matches: Matcher
    # The last extensions (what follows a file name's last dot) of every name it matches.
    endings: tuple[str, ...]


# What runs only on a meta-framework's server: SvelteKit's `+page.server.ts`, `+server.ts`,
# `hooks.server.ts` and `$lib/server/` modules, Nuxt's (Nitro's) `server/api/`, `server/
# routes/`, `server/middleware/` and `server/utils/` handlers. A database library a front end's
# package.json names is used where these are.
_NUXT_SERVER_FOLDERS = frozenset({"api", "routes", "middleware", "utils", "plugins"})


def _meta_server_module(parts: list[str], name: str) -> bool:
    # (asked of every script's path: plain substring and membership tests first)
    if name.startswith("+server.") or (".server." in name and name.count(".") == 2):
        return True
    folders = parts[:-1]
    if "server" not in folders:
        return False
    if len(folders) >= 2 and folders[-2:] == ["lib", "server"]:
        return True
    at = folders.index("server")
    return at + 1 < len(folders) and folders[at + 1] in _NUXT_SERVER_FOLDERS


# The first that matches a path wins.
ROLES: tuple[Role, ...] = (
    Role("django.migrations", "Django migration", _django_migration, ("py",)),
    Role("web.migrations", "schema migration", _other_migration, ("rb", "php", "py", "sql", "exs")),
    Role(
        "django.templates",
        "template in a templates/ folder",
        _page_template,
        tuple(suffix[1:] for suffix in TEMPLATE_SUFFIXES),
    ),
    Role(
        "web.templates",
        "server-side template",
        _server_template,
        (
            *(suffix.rpartition(".")[2] for suffix in _SERVER_TEMPLATES + _VIEW_TEMPLATES),
            "razor",
        ),
    ),
    Role(
        "django.static_assets",
        "static asset in a static/ folder",
        _under("static", ".css", ".js", ".scss", ".png", ".svg"),
        ("css", "js", "scss", "png", "svg"),
    ),
    Role(
        "web.models",
        "data model file",
        is_model_file,
        ("rb", "php", "js", "ts", "go", "java", "kt", "cs", "ex"),
    ),
    Role("api.json_views", "JSON view", _json_view, ("jbuilder", "erb", "rabl", "php")),
    Role("api.route_files", "API route file", _api_routes, ("php", "rb", "ts", "js")),
    Role("infra.helm_chart", "Helm chart", _helm_chart, ("yaml",)),
    Role("infra.ansible", "Ansible role or config", _ansible, ("cfg", "yml", "yaml")),
    Role("infra.kubernetes", "Kubernetes manifest", _kubernetes, ("yaml", "yml")),
    # Firmware projects DJ007 reads without a PlatformIO file: an Arduino sketch, ESP-IDF's
    # and Zephyr's project files.
    Role(
        "firmware.arduino_sketch",
        "Arduino sketch",
        lambda parts, name: name.endswith(".ino"),
        ("ino",),
    ),
    Role(
        "firmware.idf",
        "ESP-IDF project configuration",
        lambda parts, name: name in ("sdkconfig.defaults", "idf_component.yml"),
        ("defaults", "yml"),
    ),
    Role(
        "firmware.zephyr",
        "Zephyr project configuration",
        lambda parts, name: name == "prj.conf",
        ("conf",),
    ),
    # A circuit board's design (a KiCad project or board): a device's hardware, which its
    # firmware, if the repository has any yet, runs on.
    Role(
        "firmware.board_design",
        "KiCad board design",
        lambda parts, name: name.endswith((".kicad_pro", ".kicad_pcb")),
        ("kicad_pro", "kicad_pcb"),
    ),
    # Spring Boot's auto-configuration of a starter: a library other applications load
    # (`spring.factories` is where Spring Boot 2 looked for it).
    Role(
        "java.autoconfiguration",
        "Spring Boot auto-configuration",
        lambda parts, name: (
            "META-INF" in parts
            and (name.endswith(".AutoConfiguration.imports") or name == "spring.factories")
        ),
        ("imports", "factories"),
    ),
    # NextAuth's catch-all route (`pages/api/auth/[...nextauth].js`, the app router's
    # `app/api/auth/[...nextauth]/route.ts`): the sign-in a Next.js app serves itself.
    Role(
        "web.next_auth_route",
        "NextAuth's sign-in route",
        lambda parts, name: any("[...nextauth]" in part for part in parts),
        ("ts", "js", "tsx", "jsx", "mjs"),
    ),
    Role(
        "web.server_modules",
        "a meta-framework's server-only module",
        _meta_server_module,
        ("ts", "js", "mjs", "mts"),
    ),
    # A course's handouts named by lesson or week (`hw/week1.md`, `labs/lab-3.pdf`): rules
    # read them only where the repository has no code (a project's weekly reports are named
    # so too).
    Role(
        "repo.lesson_files",
        "a numbered lesson's handout",
        _lesson_handout,
        ("md", "pdf", "ipynb", "docx", "pptx", "tex"),
    ),
    Role(
        "dist.os_packages",
        "packaged for an operating system",
        _os_package,
        ("yaml", "yml", "PKGBUILD", "nuspec", "control", "spec", "rb", "1", "8"),
    ),
    # A program in a web server's `cgi-bin/` folder: the server runs it per request (a page
    # or an endpoint each), whatever library, or a framework of the project's own, it uses.
    Role(
        "web.cgi_bin_scripts",
        "a program in a cgi-bin/ folder",
        lambda parts, name: "cgi-bin" in parts,
        ("py", "pl", "cgi", "rb", "sh"),
    ),
    Role(
        "ml.model_files",
        "trained model file",
        lambda parts, name: name.endswith(
            (".pkl", ".joblib", ".h5", ".pt", ".pth", ".onnx", ".safetensors", ".keras", ".tflite")
        ),
        ("pkl", "joblib", "h5", "pt", "pth", "onnx", "safetensors", "keras", "tflite"),
    ),
)
# The roles a name may have, by its last extension, in ROLES' order: a tree's files are
# asked only the few questions their kind of file can answer yes to.
_BY_ENDING: dict[str, tuple[Role, ...]] = {
    ending: tuple(role for role in ROLES if ending in role.endings)
    for ending in {ending for role in ROLES for ending in role.endings}
}


# history and diff scan many trees that share most paths: each is judged once per run.
@lru_cache(maxsize=PER_PATH_CACHE)
def _role(path: str) -> str | None:
    """The ROLES key of a path outside test folders, or None."""
    name = path.rpartition("/")[2]
    candidates = _BY_ENDING.get(name.rpartition(".")[2])
    if candidates is None:
        return None
    parts = path.split("/")
    if NOT_PRODUCT.intersection(parts[:-1]):
        return None
    for role in candidates:
        if role.matches(parts, name):
            return role.key
    return None


# An application's back office: its pages, views and controllers kept in a folder of their
# own (`resources/views/admin/`, `app/controllers/admin/`, `Areas/Admin/`, `admin/*.php`).
_ADMIN_FOLDERS = frozenset(
    {
        "admin",
        "backoffice",
        "back-office",
        "back_office",
        "adminpanel",
        "admin-panel",
        "admin_panel",
    }
)
_ADMIN_ENDINGS = (
    *(".php", ".rb", ".py", ".cs", ".java", ".kt", ".go", ".ex", ".js", ".ts", ".jsx", ".tsx"),
    *(".vue", ".svelte", ".html", ".cshtml", ".razor"),
    *_SERVER_TEMPLATES,
    *_VIEW_TEMPLATES,
)


# A Unity project keeps its editor's version beside its `Assets/`: what it builds is a game
# or an app installed on players' machines and phones (DJ008).
_UNITY_VERSION = "ProjectSettings/ProjectVersion.txt"


# (a static folder's `admin/` holds the admin's scripts and styles, Django's collected too)
_ASSET_FOLDERS = frozenset(
    {"static", "staticfiles", "public", "assets", "wwwroot", "dist", "build"}
)


def _in_admin_area(path: str) -> bool:
    if not path.endswith(_ADMIN_ENDINGS):
        return False
    folders = path.lower().split("/")[:-1]
    return (
        not _ADMIN_FOLDERS.isdisjoint(folders)
        and NOT_PRODUCT.isdisjoint(folders)
        and _ASSET_FOLDERS.isdisjoint(folders)
    )


def project_layout(files: Sequence[RepoFile]) -> Iterable[Fact]:
    role_of = per_path(_role, len(files))
    found: dict[str, list[str]] = {}
    details = {role.key: role.detail for role in ROLES}
    laravel_roots: set[str] = set()
    providers: list[str] = []  # a package's own Laravel service providers (`src/...`)
    rust: list[str] = []  # a Cargo project's product files (one C-level test per path)
    admin: list[str] = []  # the back office's pages, views and controllers
    unity: list[str] = []  # Unity projects' version files
    for file in files:
        if file.path.endswith("artisan") and file.path.rpartition("/")[2] == "artisan":
            laravel_roots.add(file.path[: -len("artisan")])
        if file.path.endswith("ServiceProvider.php") and not (file.documentation or file.test):
            # (a package's source, in `src/` or, autoloaded as an app's would be, in `app/`)
            providers.append(file.path)
        if file.documentation:
            continue
        if file.path.endswith(_RUST_FILES) and not file.test:
            rust.append(file.path)
        if not file.test and _in_admin_area(file.path):
            admin.append(file.path)
        if file.path == _UNITY_VERSION or file.path.endswith("/" + _UNITY_VERSION):
            unity.append(file.path)
        key = role_of(file.path)
        if key is not None:
            found.setdefault(key, []).append(file.path)
    if providers and not laravel_roots:
        # (a Laravel package's service provider in its `src/`, and no app of Laravel's in the
        # tree to run it: what the host app that requires the package registers)
        detail = "a Laravel package's service provider, and no Laravel app in the tree"
        evidence = tuple(Evidence(p, None, detail) for p in providers[:MAX_EVIDENCE])
        yield Fact("php.package_provider", len(providers), evidence)
    if laravel_roots:
        old_laravel = _old_laravel_models(files, laravel_roots)
        if old_laravel:
            found.setdefault("web.models", []).extend(old_laravel)
    for key, paths in sorted(found.items()):
        evidence = tuple(Evidence(p, None, details[key]) for p in paths[:MAX_EVIDENCE])
        yield Fact(key, len(paths), evidence)
    if unity:
        detail = "a Unity project (its editor's version file): a game or app built for players"
        evidence = tuple(Evidence(p, None, detail) for p in unity[:MAX_EVIDENCE])
        yield Fact("desktop.unity", len(unity), evidence)
    if admin:
        detail = "a page, view or controller of the back office"
        evidence = tuple(Evidence(p, None, detail) for p in admin[:MAX_EVIDENCE])
        yield Fact("web.admin_area", len(admin), evidence)
    yield from _named_models(found.get("web.models", ()), found.get("web.migrations", ()))
    yield from _course(files)
    if rust:
        yield from _rust_library_crates(rust)


_RUST_FILES = (".rs", "Cargo.toml")


def _rust_library_crates(paths: Sequence[str]) -> Iterator[Fact]:
    """cargo.lib_crates (from the product's `.rs` and `Cargo.toml` paths): a Cargo
    workspace (or one crate) whose product crates build only libraries: each has a
    `src/lib.rs`, Cargo's library target by convention, and none a binary (`src/main.rs`,
    `src/bin/`). Its example and test programs are documentation and tests; what it
    publishes is the crates."""
    crates: list[str] = []
    sources: set[str] = set()
    binaries: set[str] = set()  # the folders whose src/bin/ holds programs
    for path in paths:
        if path.endswith(".rs"):
            sources.add(path)
            folder, bin_folder, _ = path.partition("src/bin/")
            if bin_folder and (not folder or folder.endswith("/")):
                binaries.add(folder)
        elif path.rpartition("/")[2] == "Cargo.toml":
            crates.append(path[: -len("Cargo.toml")])
    if not crates:
        return
    libraries = []
    for folder in crates:
        if folder in binaries or f"{folder}src/main.rs" in sources:
            return  # a binary: a program the workspace builds and runs
        if f"{folder}src/lib.rs" in sources:
            libraries.append(f"{folder}Cargo.toml")
    if libraries:
        detail = "a library crate (src/lib.rs), and no crate of the product builds a binary"
        evidence = tuple(Evidence(p, None, detail) for p in libraries[:MAX_EVIDENCE])
        yield Fact("cargo.lib_crates", len(libraries), evidence)


def _course(files: Sequence[RepoFile]) -> Iterator[Fact]:
    """repo.course_lessons: a course kept as numbered lessons (discovery reads its folders
    as documentation: the course's exercises, whatever code they hold)."""
    from stackcheck.source.discover import course_lessons

    _, lessons = course_lessons(file.path for file in files)
    if lessons:
        evidence = tuple(
            Evidence(f"{lesson}/", None, "a course's lesson or project") for lesson in lessons
        )
        yield Fact("repo.course_lessons", len(lessons), evidence[:MAX_EVIDENCE])


def _old_laravel_models(files: Sequence[RepoFile], roots: set[str]) -> list[str]:
    """A Laravel app before version 8 keeps its Eloquent models at the top of `app/`
    (`app/User.php`, `app/Leave.php`), beside its `artisan`; from 8 on, in `app/Models/`
    (a model folder, found by its path). Only for a root with an `artisan` (`roots`) and no
    `app/Models/`: elsewhere a class at the top of `app/` may be anything."""
    tops: list[tuple[str, str]] = []  # (root, path) of each class at the top of a root's app/
    modern: set[str] = set()
    for file in files:
        folder, _, name = file.path.rpartition("/")
        if folder == "app" or folder.endswith("/app"):
            root = folder[: -len("app")]
            if root in roots and name[:1].isupper() and name.endswith(".php"):
                tops.append((root, file.path))
        elif "app/Models/" in file.path:
            modern.update(r for r in roots if file.path.startswith(f"{r}app/Models/"))
    return [path for root, path in tops if root not in modern]


def _named_models(paths: Iterable[str], migrations: Iterable[str] = ()) -> Iterator[Fact]:
    """What the model files' names, and the tables the migrations create, say the
    application is for (the keys the Python analyzers give model classes of the same
    names). A table is counted once, whether a model file or a migration names it."""
    from stackcheck.facts.signals.model_names import name_categories

    found: dict[str, list[Evidence]] = {}
    seen: set[str] = set()
    named = [(model_name(p), p, "model file") for p in paths]
    named += [
        (singular(t), p, "migration creates table") for p in migrations if (t := created_table(p))
    ]
    for name, path, what in named:
        # (`LeaveRequest.php` and `create_leave_requests_table` name one table)
        table = singular(name.lower().replace("-", "_")).replace("_", "")
        if table in seen:
            continue
        seen.add(table)
        for key in name_categories(name):
            found.setdefault(key, []).append(Evidence(path, None, f"{what} {name}"))
    for key, evidence in sorted(found.items()):
        yield Fact(key, len(evidence), tuple(evidence[:MAX_EVIDENCE]))


# A migration named for the table it creates: Laravel's `..._create_tickets_table.php`,
# Rails' and Phoenix's `..._create_tickets.rb` / `.exs`.
_CREATES = re.compile(r"(?:^|_)create_([a-z][a-z0-9_]*?)(?:_table)?$")


def created_table(path: str) -> str | None:
    found = _CREATES.search(path.rpartition("/")[2].partition(".")[0].lower())
    return found.group(1) if found else None


def singular(name: str) -> str:
    """A table's name as its model's (tickets: ticket, leave_requests: leave_request,
    categories: category)."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


TREE_SCANNERS.append(project_layout)
SIZE_BLIND.add(project_layout)  # (paths and roles only)
