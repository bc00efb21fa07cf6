"""The per-path questions every file of a tree is asked (layout roles, the static tree's
places, which manifest parser reads a file) answer as they did before they were narrowed
by the file's ending and its folder: over every fixture path and random paths of the
words they look for."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from stackcheck.facts.manifests import _PATHS, REGISTRY, _by_name, parser_ref
from stackcheck.facts.signals import layout, static_tree
from stackcheck.facts.signals.tokens import is_documentation
from stackcheck.source.listing import RepoFile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_paths() -> list[str]:
    found = []
    for tree in sorted(FIXTURES.iterdir()):
        if tree.is_dir():
            found += [p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file()]
    return found


FOLDERS = [
    *("src", "pages", "app", "shop", "static", "public", "assets", "templates", "views"),
    *("layouts", "themes", "_layouts", "_posts", "archetypes", "docs", "Docs", "examples"),
    *("tests", "spec", "fixtures", "migrations", "versions", "alembic", "db", "migrate"),
    *("database", "routes", "roles", "tasks", "k8s", "prisma", "priv", "repo", "scripts"),
    *("bin", "tools", "requirements", "nginx", ".github", "workflows", "App.xcodeproj"),
    *("emails", "mail_templates", "Static"),
    *(".vitepress", "site.vuepress", ".meteor", "conf", "myconfig", "X.xcodeproj"),
]
NAMES = [
    *("manage.py", "0001_initial.py", "__init__.py", "wsgi.py", "asgi.py", "config.ru"),
    *("server.js", "index.ts", "app.mjs", "api.php", "api.rb", "api.ts", "api.js"),
    *("main.go", "Chart.yaml", "ansible.cfg", "main.yml", "deploy.yaml", "migration.sql"),
    *("x.rb", "x.php", "x.blade.php", "x.json.erb", "x.erb", "x.jbuilder", "x.exs", "x.html"),
    *("x.txt", "x.xml", "x.j2", "x.jinja2", "x.ejs", "x.pug", "x.njk", "x.css", "x.js"),
    *("x.scss", "x.png", "x.svg", "x.pkl", "x.onnx", "x.md", "x.astro", "x.markdown"),
    *("x.sh", "Rakefile", "gulpfile.js", "x.in", "x.conf", "x.conf.template"),
    *("project.pbxproj", "x.PY", "x.TXT", "Makefile", "py", ".py", "x.yml", "x.toml"),
    *("config.js", "config.mts", "config.yml", "routes", "routes.yesodroutes", "packages"),
]
paths = st.builds(
    lambda folders, name: "/".join([*folders, name]),
    st.lists(st.sampled_from(FOLDERS), max_size=4),
    st.sampled_from(NAMES),
)
files = st.builds(
    RepoFile,
    paths,
    st.sampled_from([0, 10, 8 * 1024, 9000]),
    st.booleans(),
    st.none(),
    st.booleans(),
)


# --- layout: every role asked, in order (as before the table by ending) ------------------


def role_asking_all(path: str) -> str | None:
    parts = path.split("/")
    if layout.NOT_PRODUCT.intersection(parts[:-1]):
        return None
    for role in layout.ROLES:
        if role.matches(parts, parts[-1]):
            return role.key
    return None


def test_roles_by_ending_over_the_fixtures() -> None:
    checked = [p for p in fixture_paths() if layout._role.__wrapped__(p) is not None]
    assert checked  # the fixtures hold files of several roles
    for path in fixture_paths():
        assert layout._role.__wrapped__(path) == role_asking_all(path), path


ONE_PATH_PER_ROLE = {
    "java.autoconfiguration": "starter/src/main/resources/META-INF/spring/"
    "org.springframework.boot.autoconfigure.AutoConfiguration.imports",
    "dist.os_packages": "packaging/rpm/tool.spec",
    "web.next_auth_route": "app/api/auth/[...nextauth]/route.ts",
    "django.migrations": "shop/migrations/0001_initial.py",
    "web.migrations": "prisma/migrations/1_init/migration.sql",
    "django.templates": "shop/templates/shop/list.txt",
    "web.templates": "resources/views/home.blade.php",
    "django.static_assets": "shop/static/app.scss",
    "web.models": "app/models/invoice.rb",
    "api.json_views": "app/views/posts/index.json.jbuilder",
    "api.route_files": "routes/api.ts",
    "infra.helm_chart": "deploy/Chart.yaml",
    "infra.ansible": "ansible.cfg",
    "infra.kubernetes": "k8s/web.yml",
    "ml.model_files": "models/net.safetensors",
    "web.cgi_bin_scripts": "www/cgi-bin/report.py",
    "firmware.arduino_sketch": "Blink/Blink.ino",
    "firmware.idf": "sdkconfig.defaults",
    "firmware.zephyr": "app/prj.conf",
    "firmware.board_design": "hardware/clock/clock.kicad_pro",
    "repo.lesson_files": "hw/week10.md",
    "web.server_modules": "src/routes/+page.server.ts",
}


def test_each_role_is_found_by_its_ending() -> None:
    assert set(ONE_PATH_PER_ROLE) == {role.key for role in layout.ROLES}
    for key, path in ONE_PATH_PER_ROLE.items():
        assert layout._role.__wrapped__(path) == key == role_asking_all(path)


@settings(max_examples=500, deadline=None)
@given(paths)
def test_roles_by_ending_on_any_path(path: str) -> None:
    assert layout._role.__wrapped__(path) == role_asking_all(path)


# --- the static tree: each file's folder asked once (as before, asked per file) ----------


def places_per_file(file: RepoFile) -> tuple[tuple[str, str], ...]:
    """static_tree._places as it was written before folders were remembered."""
    if not file.product or is_documentation(file.path):
        return ()
    parts = file.path.split("/")
    name, folders = parts[-1], [p.lower() for p in parts[:-1]]
    lowered = name.lower()
    found = []
    ssg = None
    if not {"views", "templates"} & set(folders):
        ssg = next(
            (static_tree.SSG_FOLDERS[f] for f in folders if f in static_tree.SSG_FOLDERS), None
        )
        if ssg is None:
            if not lowered.endswith(static_tree.SSG_TEMPLATE_EXTENSIONS):
                if "pages" in folders and lowered.endswith(".astro"):  # (or srcDir's pages/)
                    ssg = "Astro page"
            elif "layouts" in folders or "themes" in folders:
                ssg = "SSG layout" if "layouts" in folders else "SSG theme file"
            elif folders[:2] == ["src", "pages"] and lowered.endswith((".md", ".markdown")):
                ssg = "Astro page"
    if ssg is not None:
        found.append(("static.ssg_layout", ssg))
    if set(folders) & static_tree.PUBLIC_FOLDERS:
        found.append(("static.public_dir", "served as-is from a public/static folder"))
    if helper_per_file(file, name, folders):
        found.append(("static.helper_scripts", f"small script ({file.size} bytes)"))
    if name in static_tree.NAMED_ENTRIES and not set(folders) & static_tree.TEST_FOLDERS:
        found.append(("server.entry", static_tree.NAMED_ENTRIES[name]))
    return tuple(found)


def helper_per_file(file: RepoFile, name: str, folders: list[str]) -> bool:
    if not 0 < file.size <= static_tree.HELPER_MAX_BYTES or set(folders) & (
        static_tree.PUBLIC_FOLDERS | {"assets"}
    ):
        return False
    if (
        name in static_tree.NAMED_ENTRIES
        or name in static_tree.ENTRY_NAMES
        or name in ("__init__.py", "manage.py")
    ):
        return False
    if name in static_tree.SCRIPT_NAMES or name.lower().endswith(static_tree.SCRIPT_EXTENSIONS):
        return True
    return (
        bool(folders)
        and folders[-1] in static_tree.SCRIPT_FOLDERS
        and name.endswith(static_tree.JS_SCRIPT_EXTENSIONS)
    )


def places(file: RepoFile) -> tuple[tuple[str, str], ...]:
    return tuple((p.key, p.detail) for p in static_tree._places.__wrapped__(file))


def test_places_by_folder_over_the_fixtures() -> None:
    found = 0
    for path in fixture_paths():
        for size in (10, 9000):
            file = RepoFile(path, size)
            assert places(file) == places_per_file(file), path
            found += bool(places(file))
    assert found > 20


@settings(max_examples=500, deadline=None)
@given(files)
def test_places_by_folder_on_any_file(file: RepoFile) -> None:
    assert places(file) == places_per_file(file)


# --- which parser reads a file: path patterns only for the endings they can match --------


def parser_matching_every_pattern(path: str) -> object:
    found = _by_name(path.rsplit("/", 1)[-1])
    if found is not None:
        return found
    regex, refs = _PATHS
    match = regex.match(path) if regex is not None else None
    return refs[int(match.lastgroup[1:])] if match and match.lastgroup else None


def test_every_path_pattern_ends_in_a_fixed_extension() -> None:
    """What lets a file whose name (or, past a glob, ending) no pattern has skip them."""
    for how, pattern, _, _ in REGISTRY:
        if how == "path":
            ending = pattern.rpartition("/")[2].rpartition(".")[2]
            assert ending and not set("*?[") & set(ending), pattern


def test_parsers_by_ending_over_the_fixtures() -> None:
    matched = [p for p in fixture_paths() if parser_ref(p) is not None]
    assert matched
    for path in fixture_paths():
        assert parser_ref(path) == parser_matching_every_pattern(path), path


@settings(max_examples=500, deadline=None)
@given(paths)
def test_parsers_by_ending_on_any_path(path: str) -> None:
    assert parser_ref(path) == parser_matching_every_pattern(path)


def test_each_path_pattern_finds_its_parser() -> None:
    """Every path pattern, its globs filled in, reaches its parser through parser_ref."""
    for how, pattern, _, _ in REGISTRY:
        if how == "path":
            path = pattern.replace("*", "x")
            found = parser_ref(path)
            assert found is not None, pattern
            assert found == parser_matching_every_pattern(path), pattern
