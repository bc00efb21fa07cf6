"""Project layout visible from paths alone: Django's manage.py, migrations, templates and
static assets, other frameworks' server templates and migrations, shipped model files.

Files under test and fixture folders are not the product and are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from stackcheck.facts import Evidence, Fact
from stackcheck.facts.signals import TREE_SCANNERS
from stackcheck.source.listing import PER_PATH_CACHE, RepoFile

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
    """A template in a templates/ folder that renders a page: not an email's body (an API
    backend that sends mail keeps templates too, and renders no page with them)."""
    if "templates" not in parts[:-1] or not name.endswith(TEMPLATE_SUFFIXES):
        return False
    return not any(_is_mail(part) for part in (*parts[parts.index("templates") :],))


TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".jinja", ".j2", ".jinja2")
_MAIL_WORDS = ("email", "mail", "e-mail", "emails", "mails")


def _is_mail(part: str) -> bool:
    stem = part.lower().rsplit(".", 1)[0]
    return stem in _MAIL_WORDS or stem.startswith(("email", "mail_", "mail-")) or "_email" in stem


def _server_template(parts: list[str], name: str) -> bool:
    if name.endswith((".erb", ".haml", ".slim", ".blade.php", ".twig", ".heex", ".leex")):
        return True
    return "views" in parts[:-1] and name.endswith((".ejs", ".pug", ".hbs", ".njk", ".jsp"))


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


def _json_view(parts: list[str], name: str) -> bool:
    return name.endswith((".jbuilder", ".json.erb", ".rabl", ".json.php"))


def _api_routes(parts: list[str], name: str) -> bool:
    return name in ("api.php", "api.rb", "api.ts", "api.js") and parts[-2:-1] == ["routes"]


def _helm_chart(parts: list[str], name: str) -> bool:
    return name == "Chart.yaml"


def _ansible(parts: list[str], name: str) -> bool:
    return name == "ansible.cfg" or (
        name == "main.yml" and len(parts) >= 4 and parts[-4] == "roles" and parts[-2] == "tasks"
    )


def _kubernetes(parts: list[str], name: str) -> bool:
    return name.endswith((".yaml", ".yml")) and bool(
        {"k8s", "kubernetes", "kustomize", "manifests"} & set(parts[:-1])
    )


# (fact key, evidence detail, matcher); the first that matches a path wins.
ROLES: tuple[tuple[str, str, Matcher], ...] = (
    ("django.manage_py", "Django's manage.py", lambda parts, name: name == "manage.py"),
    ("django.migrations", "Django migration", _django_migration),
    ("web.migrations", "schema migration", _other_migration),
    (
        "django.templates",
        "template in a templates/ folder",
        _page_template,
    ),
    ("web.templates", "server-side template", _server_template),
    (
        "django.static_assets",
        "static asset in a static/ folder",
        _under("static", ".css", ".js", ".scss", ".png", ".svg"),
    ),
    ("api.json_views", "JSON view", _json_view),
    ("api.route_files", "API route file", _api_routes),
    ("infra.helm_chart", "Helm chart", _helm_chart),
    ("infra.ansible", "Ansible role or config", _ansible),
    ("infra.kubernetes", "Kubernetes manifest", _kubernetes),
    (
        "ml.model_files",
        "trained model file",
        lambda parts, name: name.endswith(
            (".pkl", ".joblib", ".h5", ".pt", ".pth", ".onnx", ".safetensors", ".keras", ".tflite")
        ),
    ),
)


# history and diff scan many trees that share most paths: each is judged once per run.
@lru_cache(maxsize=PER_PATH_CACHE)
def _role(path: str) -> str | None:
    """The ROLES key of a path outside test folders, or None."""
    parts = path.split("/")
    if NOT_PRODUCT.intersection(parts[:-1]):
        return None
    for key, _, matches in ROLES:
        if matches(parts, parts[-1]):
            return key
    return None


def project_layout(files: Sequence[RepoFile]) -> Iterable[Fact]:
    found: dict[str, list[str]] = {}
    details = {key: detail for key, detail, _ in ROLES}
    for file in files:
        if file.documentation:
            continue
        key = _role(file.path)
        if key is not None:
            found.setdefault(key, []).append(file.path)
    for key, paths in sorted(found.items()):
        evidence = tuple(Evidence(p, None, details[key]) for p in paths[:MAX_EVIDENCE])
        yield Fact(key, len(paths), evidence)


TREE_SCANNERS.append(project_layout)
