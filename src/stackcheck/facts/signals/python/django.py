"""Django, Django REST framework, django-ninja and Channels signals in one parsed module.

Names are resolved through the file's imports, so `class Net(Model)` only counts as a model
when `Model` came from Django; a base class defined earlier in the same file passes its kind
on (`class Base(models.Model)` then `class Order(Base)`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Iterator

from stackcheck.facts import Fact, fact
from stackcheck.facts.harness import is_harness_settings
from stackcheck.facts.signals.python.gate import (
    Gate,
    based,
    called,
    clue,
    folded,
    gate,
    modules,
    named,
    part,
)
from stackcheck.facts.signals.python.syntax import (
    Module,
    assigned_names,
    call_detail,
    callee,
    class_attributes,
    class_detail,
    class_fields,
    clip,
    dotted,
    facts_for,
    last,
    string_entries,
    string_value,
    subclasses,
    text_of,
    under,
)
from stackcheck.facts.signals.tokens import word_set

# --- settings ----------------------------------------------------------------------------

ENGINES = {
    "postgresql": "postgresql",
    "postgresql_psycopg2": "postgresql",
    "postgis": "postgresql",
    "postgresql_backend": "postgresql",
    "mysql": "mysql",
    "sqlite3": "sqlite3",
    "spatialite": "sqlite3",
    "oracle": "oracle",
    "mssql": "mssql",
}
ENGINE_MODULES = {"mysql.connector.django": "mysql", "sql_server.pyodbc": "mssql"}
URL_ENGINES = {
    "postgres": "postgresql",
    "postgresql": "postgresql",
    "postgis": "postgresql",
    "pgsql": "postgresql",
    "mysql": "mysql",
    "mysql2": "mysql",
    "sqlite": "sqlite3",
    "spatialite": "sqlite3",
    "oracle": "oracle",
    "mssql": "mssql",
}


def settings(m: Module) -> Iterator[Fact]:
    installed = [n for n in m.assigns if "INSTALLED_APPS" in assigned_names(n)]
    apps = [
        (entry, line)
        for entry, line in string_entries(m, "INSTALLED_APPS")
        if is_dotted_identifier(entry)
    ]
    if installed:
        detail = f"INSTALLED_APPS assigned ({len(apps)} apps)"
        yield fact("django.settings", m.path, installed[0].lineno, detail)
    for entry, line in apps:
        yield fact(f"django.app.{entry.lower()}", m.path, line, f"INSTALLED_APPS: {entry}")
    is_settings = bool(installed) or any("DATABASES" in assigned_names(n) for n in m.assigns)
    yield from _engines(m, is_settings)


SETTINGS_VARIABLE = "DJANGO_SETTINGS_MODULE"


def manage_py(m: Module) -> Iterator[Fact]:
    """django.manage_py: a manage.py that is Django's (it imports Django or names its
    settings; Flask-Script and other tools name their command line so too), and
    django.test_manage_py when it runs a test project's settings (`tests.app.settings`):
    a package's harness for its test suite, not a deployed site."""
    if m.file_name != "manage.py" or not (
        m.imports_any("django", "configurations")
        or any("django" in text.value.lower() for text in m.strings)
    ):
        return
    yield fact("django.manage_py", m.path, None, "Django's manage.py")
    for line, module in _settings_modules(m):
        if is_harness_settings(module):
            detail = f"manage.py runs the settings of a test or demo project, {module}"
            yield fact("django.test_manage_py", m.path, line, detail)
            return


def _settings_modules(m: Module) -> Iterator[tuple[int, str]]:
    """`os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x")` and
    `os.environ["DJANGO_SETTINGS_MODULE"] = "x"`: (line, "x")."""
    for call in m.calls:
        if len(call.args) == 2 and string_value(call.args[0]) == SETTINGS_VARIABLE:
            value = string_value(call.args[1])
            if value is not None and is_dotted_identifier(value):
                yield call.lineno, value
    for node in m.assigns:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = string_value(node.value) if node.value is not None else None
        if value is None or not is_dotted_identifier(value):
            continue
        for target in targets:
            if (
                isinstance(target, ast.Subscript)
                and string_value(target.slice) == SETTINGS_VARIABLE
            ):
                yield node.lineno, value


def is_dotted_identifier(text: str) -> bool:
    return bool(text) and all(part.isidentifier() for part in text.split("."))


def _engines(m: Module, is_settings: bool) -> Iterator[Fact]:
    seen: set[str] = set()
    for node in m.strings:
        text = node.value
        if "backend" not in text and "://" not in text and text not in ENGINE_MODULES:
            continue  # cheap test first: most strings fail it
        engine = _engine_module(text) or (_engine_url(text) if is_settings else None)
        if engine is not None and engine not in seen:
            seen.add(engine)
            detail = clip(
                f"database ENGINE {text}"
                if "://" not in text
                else f"database URL {text.partition('://')[0]}://..."
            )
            yield fact(f"django.db_engine.{engine}", m.path, node.line, detail)


def _engine_module(text: str) -> str | None:
    if text in ENGINE_MODULES:
        return ENGINE_MODULES[text]
    parts = text.split(".")
    if len(parts) < 2 or not is_dotted_identifier(text):
        return None
    if not any("backend" in part for part in parts):
        return None
    return ENGINES.get(parts[-1])


def _engine_url(text: str) -> str | None:
    scheme, sep, _ = text.partition("://")
    if not sep:
        return None
    return URL_ENGINES.get(scheme.lower().partition("+")[0])


# --- models ------------------------------------------------------------------------------

# Libraries whose `...Model` classes are not Django models.
NOT_DJANGO_MODELS = word_set(
    "pydantic keras tensorflow torch transformers sklearn sqlalchemy sqlmodel peewee tortoise "
    "mongoengine odmantic beanie pynamodb ormar piccolo flask_sqlalchemy marshmallow msgspec "
    "ninja strawberry xgboost lightgbm gensim spacy statsmodels onnx jax flax langchain"
)
# Model base classes of Django CMS and tree libraries that do not end in "Model".
MODEL_BASES = {
    "wagtail": {"Page"},
    "mezzanine": {"Page", "Displayable", "RichTextPage"},
    "cms": {"CMSPlugin"},
    "treebeard": {"MP_Node", "NS_Node", "AL_Node"},
}
RELATION_FIELDS = frozenset({"ForeignKey", "GenericForeignKey", "GenericRelation"})


def model_classes(m: Module) -> list[ast.ClassDef]:
    """Django model classes defined in the module (abstract ones included)."""
    if not m.imports_any("django", "wagtail", "mezzanine", "cms", "treebeard") and not m.star_from(
        "django"
    ):
        return []
    return subclasses(m, lambda q: _is_model_base(m, q))


def _is_model_base(m: Module, q: str) -> bool:
    name = last(q)
    top = q.partition(".")[0]
    if under(q, "django"):
        return name.endswith("Model") or name in ("AbstractUser", "AbstractBaseUser")
    if q in ("models.Model", "Model"):  # unresolved: only a star import can explain it
        return m.star_from("django")
    if name in MODEL_BASES.get(top, ()):
        return True
    # A project's own abstract base (`from core.models import TimeStampedModel`).
    return (
        name.endswith("Model")
        and name != "Model"
        and top not in NOT_DJANGO_MODELS
        and m.imports_any("django")
    )


def model_fields(cls: ast.ClassDef) -> Iterator[tuple[str, str, ast.Call]]:
    """(field class, attribute name, call) for each field declared in a model body."""
    for name, call in class_fields(cls):
        kind = last(callee(call) or "")
        if kind.endswith("Field") or kind in RELATION_FIELDS:
            yield kind, name, call


def models(m: Module) -> Iterator[Fact]:
    for cls in model_classes(m):
        detail = class_detail(cls)
        yield fact("django.models", m.path, cls.lineno, detail)
        yield fact(f"django.model_name.{cls.name.lower()}", m.path, cls.lineno, detail)
        for kind, name, call in model_fields(cls):
            yield fact(
                f"django.field.{kind.lower()}", m.path, call.lineno, f"{kind} {cls.name}.{name}"
            )
        yield from _meta_permissions(m, cls)


def _meta_permissions(m: Module, cls: ast.ClassDef) -> Iterator[Fact]:
    for inner in cls.body:
        if isinstance(inner, ast.ClassDef) and inner.name == "Meta":
            for name, node in class_attributes(inner):
                if name == "permissions":
                    yield fact(
                        "django.permissions", m.path, node.lineno, f"{cls.name}.Meta.permissions"
                    )


# --- admin, URLs, views, templates, forms --------------------------------------------------

ADMIN_CLASSES = frozenset({"TabularInline", "StackedInline"})


def admin(m: Module) -> Iterator[Fact]:
    if not m.imports_any("django") and not m.star_from("django"):
        return
    for call in m.calls:
        name = callee(call) or ""
        parts = name.split(".")
        if len(parts) >= 2 and parts[-1] == "register" and "site" in parts[-2]:
            yield fact("django.admin", m.path, call.lineno, call_detail(call))
    for cls in m.classes:
        for decorator in cls.decorator_list:
            if isinstance(decorator, ast.Call) and _is_admin_register(m, decorator):
                yield fact(
                    "django.admin",
                    m.path,
                    decorator.lineno,
                    f"@{call_detail(decorator)} class {cls.name}",
                )
    for cls in subclasses(m, _is_admin_base):
        yield fact("django.admin", m.path, cls.lineno, class_detail(cls))


def _is_admin_register(m: Module, decorator: ast.Call) -> bool:
    q = m.qualify(decorator.func) or ""
    return q in ("django.contrib.admin.register", "django.contrib.admin.decorators.register")


def _is_admin_base(q: str) -> bool:
    name = last(q)
    return name.endswith("ModelAdmin") or (name in ADMIN_CLASSES and under(q, "django"))


ROUTE_CALLS = frozenset({"path", "re_path", "url"})
SIGNUP_WORDS = ("signup", "sign_up", "sign-up", "register", "registration")


def urls(m: Module) -> Iterator[Fact]:
    assigned = [n for n in m.assigns if "urlpatterns" in assigned_names(n)]
    if assigned:
        yield fact("django.urlconf", m.path, assigned[0].lineno, "urlpatterns assigned")
    for call in route_calls(m, _named_urlpatterns):
        detail = call_detail(call)
        yield fact("django.routes", m.path, call.lineno, detail)
        if _route_is_signup(call):
            yield fact("django.signup", m.path, call.lineno, detail)


def _named_urlpatterns(name: str) -> bool:
    return name == "urlpatterns"


def route_calls(m: Module, wanted: Callable[[str], bool]) -> list[ast.Call]:
    """path()/re_path()/url() calls inside lists assigned to (or appended to) wanted names."""
    roots: list[ast.expr] = []
    for node in m.assigns:
        if node.value is not None and any(wanted(n) for n in assigned_names(node)):
            roots.append(node.value)
    for call in m.calls:
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in ("append", "extend", "insert")
            and isinstance(func.value, ast.Name)
            and wanted(func.value.id)
        ):
            roots.extend(call.args)
    return _calls_within(roots, ROUTE_CALLS)


def _calls_within(roots: list[ast.expr], names: frozenset[str]) -> list[ast.Call]:
    found: dict[int, ast.Call] = {}
    for root in roots:
        for node in ast.walk(root):
            if isinstance(node, ast.Call) and last(callee(node) or "") in names:
                found[id(node)] = node
    return sorted(found.values(), key=lambda c: (c.lineno, c.col_offset))


def _route_is_signup(call: ast.Call) -> bool:
    texts = [string_value(call.args[0]) if call.args else None]
    texts.append(string_value(next((k.value for k in call.keywords if k.arg == "name"), None)))
    return any(_says_signup(text) for text in texts if text)


def _says_signup(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in SIGNUP_WORDS)


VIEW_CLASSES = word_set(
    "View TemplateView ListView DetailView CreateView UpdateView DeleteView "
    "FormView RedirectView ArchiveIndexView YearArchiveView MonthArchiveView "
    "WeekArchiveView DayArchiveView TodayArchiveView DateDetailView"
)


def view_classes(m: Module) -> list[ast.ClassDef]:
    return subclasses(m, _is_view_base)


def _is_view_base(q: str) -> bool:
    name = last(q)
    if under(q, "django.views", "django.contrib.auth.views"):
        return name in VIEW_CLASSES or name.endswith("View")
    return False


def is_views_file(m: Module) -> bool:
    return is_views_path(m.path)


def is_views_path(path: str) -> bool:
    *folders, name = path.split("/")
    return name.startswith("views") or "views" in folders


def view_functions(m: Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    # Pyramid views also take `request`; the file's imports tell them apart.
    if not is_views_file(m) or not (
        m.imports_any("django", "rest_framework") or m.star_from("django")
    ):
        return []
    found = []
    for function in m.functions:
        positional = [*function.args.posonlyargs, *function.args.args]
        if positional and positional[0].arg == "request":
            found.append(function)
    return found


def views(m: Module) -> Iterator[Fact]:
    for function in view_functions(m):
        detail = f"def {function.name}(request)"
        yield fact("django.views", m.path, function.lineno, detail)
        if _says_signup(function.name):
            yield fact("django.signup", m.path, function.lineno, detail)
    for cls in view_classes(m):
        detail = class_detail(cls)
        yield fact("django.views", m.path, cls.lineno, detail)
        if _says_signup(cls.name):
            yield fact("django.signup", m.path, cls.lineno, detail)
        for name, node in class_attributes(cls):
            if name == "template_name" and string_value(node.value) is not None:
                yield fact(
                    "django.render",
                    m.path,
                    node.lineno,
                    clip(f'{cls.name}.template_name = "{string_value(node.value)}"'),
                )


RENDER_CALLS = frozenset({"render", "render_to_response", "TemplateResponse"})


def render(m: Module) -> Iterator[Fact]:
    for call in m.calls:
        name = callee(call)
        if name is None or last(name) not in RENDER_CALLS:
            continue
        q = m.qualify_text(name)
        if under(q, "django") or (q == name and "." not in name and m.star_from("django")):
            yield fact("django.render", m.path, call.lineno, call_detail(call))


FORM_CLASSES = word_set(
    "Form ModelForm BaseForm BaseModelForm UserCreationForm UserChangeForm "
    "AuthenticationForm PasswordChangeForm SetPasswordForm PasswordResetForm"
)
SIGNUP_FORMS = frozenset({"UserCreationForm", "SignupForm", "SocialSignupForm"})


def forms(m: Module) -> Iterator[Fact]:
    for cls in subclasses(m, lambda q: under(q, "django") and last(q) in FORM_CLASSES):
        yield fact("django.forms", m.path, cls.lineno, class_detail(cls))
    for cls in subclasses(m, _is_signup_form):
        yield fact("django.signup", m.path, cls.lineno, class_detail(cls))


def _is_signup_form(q: str) -> bool:
    return under(q, "django.contrib.auth", "allauth") and last(q) in SIGNUP_FORMS


# --- auth, uploads, permissions ------------------------------------------------------------

AUTH_NAMES = word_set(
    "LoginView LogoutView PasswordResetView PasswordResetDoneView "
    "PasswordResetConfirmView PasswordResetCompleteView PasswordChangeView "
    "PasswordChangeDoneView login_required LoginRequiredMixin "
    "PermissionRequiredMixin UserPassesTestMixin permission_required "
    "user_passes_test staff_member_required"
)
PERMISSION_NAMES = frozenset(
    {
        "Permission",
        "Group",
        "permission_required",
        "PermissionRequiredMixin",
    }
)


def references(m: Module, names: frozenset[str], *prefixes: str) -> Iterator[tuple[ast.AST, str]]:
    """Uses (not imports) of names that come from the given modules: (node, shown text)."""
    for node in m.names:
        if node.id in names and isinstance(node.ctx, ast.Load):
            q = m.imports.get(node.id)
            if (q is not None and under(q, *prefixes)) or (
                q is None and any(m.star_from(p) for p in prefixes)
            ):
                yield node, node.id
    for attribute in m.attributes:
        if attribute.attr in names and isinstance(attribute.ctx, ast.Load):
            q = m.qualify(attribute)
            if q is not None and under(q, *prefixes):
                yield attribute, dotted(attribute) or attribute.attr


def auth(m: Module) -> Iterator[Fact]:
    yield from facts_for("django.auth_views", m, references(m, AUTH_NAMES, "django"))
    for node in m.strings:
        if node.value == "django.contrib.auth.urls":
            yield fact(
                "django.auth_views", m.path, node.line, 'include("django.contrib.auth.urls")'
            )


def uploads(m: Module) -> Iterator[Fact]:
    if m.imports_any("django", "rest_framework"):
        for cls in m.classes:
            for name, call in class_fields(cls):
                kind = last(callee(call) or "")
                if kind in ("FileField", "ImageField"):
                    yield fact("django.uploads", m.path, call.lineno, f"{kind} {cls.name}.{name}")
    for attribute in m.attributes:
        if attribute.attr == "FILES" and (dotted(attribute.value) or "").endswith("request"):
            yield fact(
                "django.uploads",
                m.path,
                attribute.lineno,
                f"{dotted(attribute) or 'request.FILES'}",
            )


def permissions(m: Module) -> Iterator[Fact]:
    found = references(m, PERMISSION_NAMES, "django.contrib.auth")
    yield from facts_for("django.permissions", m, found)
    for attribute in m.attributes:
        if attribute.attr in ("has_perm", "has_perms") and isinstance(attribute.ctx, ast.Load):
            yield fact(
                "django.permissions", m.path, attribute.lineno, f"{text_of(attribute, 60)}(...)"
            )
    for cls in m.classes:
        for name, node in class_attributes(cls):
            if name == "permission_required":
                yield fact(
                    "django.permissions", m.path, node.lineno, f"{cls.name}.permission_required"
                )


# --- Django REST framework, django-ninja, OpenAPI --------------------------------------------

SERIALIZERS = word_set(
    "Serializer ModelSerializer HyperlinkedModelSerializer ListSerializer "
    "BaseSerializer GeoFeatureModelSerializer"
)
VIEWSETS = frozenset(
    {
        "ViewSet",
        "ModelViewSet",
        "GenericViewSet",
        "ReadOnlyModelViewSet",
        "ViewSetMixin",
    }
)
API_VIEWS = frozenset({"APIView", "GenericAPIView"})
ROUTERS = frozenset({"DefaultRouter", "SimpleRouter", "NestedDefaultRouter", "NestedSimpleRouter"})


def drf(m: Module) -> Iterator[Fact]:
    if not m.imports_any("rest_framework", "rest_framework_gis", "rest_framework_nested"):
        return
    for key, names in (("drf.serializers", SERIALIZERS), ("drf.viewsets", VIEWSETS)):
        for cls in subclasses(m, _drf_base(names)):
            yield fact(key, m.path, cls.lineno, class_detail(cls))
    for cls in subclasses(m, _is_api_view):
        yield fact("drf.apiviews", m.path, cls.lineno, class_detail(cls))
    for function in m.functions:
        for decorator in function.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if last(m.qualify(target) or "") == "api_view":
                yield fact(
                    "drf.apiviews", m.path, decorator.lineno, f"@api_view def {function.name}"
                )
    for call in m.calls:
        q = m.qualify(call.func) or ""
        if last(q) in ROUTERS and _is_drf(q):
            yield fact("drf.routers", m.path, call.lineno, call_detail(call))
    yield from _drf_permissions(m)


def _drf_base(names: frozenset[str]) -> Callable[[str], bool]:
    return lambda q: _is_drf(q) and last(q) in names


def _is_drf(q: str) -> bool:
    return q.startswith("rest_framework")


def _is_api_view(q: str) -> bool:
    return _is_drf(q) and (last(q) in API_VIEWS or under(q, "rest_framework.generics"))


def _drf_permissions(m: Module) -> Iterator[Fact]:
    for cls in m.classes:
        for name, node in class_attributes(cls):
            if name == "permission_classes":
                yield fact(
                    "drf.permissions",
                    m.path,
                    node.lineno,
                    clip(
                        f"{cls.name}.permission_classes = {text_of(node.value, 60)}"
                        if node.value is not None
                        else f"{cls.name}.permission_classes"
                    ),
                )
    for cls in subclasses(m, lambda q: _is_drf(q) and last(q) == "BasePermission"):
        yield fact("drf.permissions", m.path, cls.lineno, class_detail(cls))


def ninja(m: Module) -> Iterator[Fact]:
    if not m.imports_any("ninja", "ninja_extra"):
        return
    for call in m.calls:
        q = m.qualify(call.func) or ""
        if under(q, "ninja", "ninja_extra") and last(q) in ("NinjaAPI", "Router", "NinjaExtraAPI"):
            yield fact("ninja.api", m.path, call.lineno, call_detail(call))


OPENAPI_MODULES = ("drf_spectacular", "drf_yasg")


def openapi(m: Module) -> Iterator[Fact]:
    for call in m.calls:
        q = m.qualify(call.func)
        if q is not None and under(q, *OPENAPI_MODULES):
            yield fact("api.openapi", m.path, call.lineno, call_detail(call))
    for node in m.strings:
        if node.value.startswith(OPENAPI_MODULES) and under(node.value, *OPENAPI_MODULES):
            yield fact("api.openapi", m.path, node.line, clip(f'"{node.value}"'))


# --- Channels --------------------------------------------------------------------------------

CONSUMERS = word_set(
    "WebsocketConsumer AsyncWebsocketConsumer JsonWebsocketConsumer "
    "AsyncJsonWebsocketConsumer AsyncConsumer SyncConsumer"
)
CHANNEL_ROUTERS = frozenset({"ProtocolTypeRouter", "URLRouter", "ChannelNameRouter"})


def channels(m: Module) -> Iterator[Fact]:
    if m.imports_any("channels"):
        for cls in subclasses(m, lambda q: under(q, "channels") and last(q) in CONSUMERS):
            yield fact("channels.consumers", m.path, cls.lineno, class_detail(cls))
        for call in m.calls:
            q = m.qualify(call.func) or ""
            if under(q, "channels") and last(q) in CHANNEL_ROUTERS:
                yield fact("channels.routing", m.path, call.lineno, call_detail(call))
        routes = _websocket_routes(m)
    elif m.imports_any("django"):
        # The tutorial's `routing.py` imports only `django.urls`: its `websocket_urlpatterns`
        # route consumers of another module (`consumers.ChatConsumer.as_asgi()`).
        routes = route_calls(m, _is_websocket_list)
    else:
        routes = []
    for call in routes:
        yield fact("channels.ws_routes", m.path, call.lineno, call_detail(call))
    for attribute in m.attributes:
        if attribute.attr == "group_send" and isinstance(attribute.ctx, ast.Load):
            yield fact(
                "channels.group_send", m.path, attribute.lineno, f"{text_of(attribute, 60)}(...)"
            )


def _is_websocket_list(name: str) -> bool:
    lowered = name.lower()
    return ("websocket" in lowered or lowered.startswith("ws_")) and (
        "pattern" in lowered or "route" in lowered
    )


def _websocket_routes(m: Module) -> list[ast.Call]:
    found = {id(c): c for c in route_calls(m, _is_websocket_list)}
    routers = [c for c in m.calls if last(callee(c) or "") == "URLRouter"]
    found.update(
        {id(c): c for c in _calls_within([a for r in routers for a in r.args], ROUTE_CALLS)}
    )
    return sorted(found.values(), key=lambda c: (c.lineno, c.col_offset))


ANALYZERS = (
    settings,
    manage_py,
    models,
    admin,
    urls,
    views,
    render,
    forms,
    auth,
    uploads,
    permissions,
    drf,
    ninja,
    openapi,
    channels,
)


# Where each analyzer can find anything (see gate.py). A name the analyzer resolves
# through imports is a word of the file, and so is the last part of a callee it compares;
# `imports_any` and `star_from` ask for modules imported, `subclasses` for class bases.
MODEL_ROOTS = ("django", *sorted(MODEL_BASES))
MODEL_BASE_NAMES = frozenset(name for bases in MODEL_BASES.values() for name in bases)
GATES: dict[Callable[[Module], Iterator[Fact]], Gate] = {
    settings: gate(
        named("INSTALLED_APPS", "DATABASES"),
        # Engine modules are strings: "django.db.backends.postgresql", "sql_server.pyodbc".
        clue(part("backend"), named(*sorted(ENGINES))),
        # "mysql.connector.django", "sql_server.pyodbc": whole strings, so whole words.
        clue(named("mysql"), named("connector")),
        named("pyodbc"),
    ),
    # `from django.core.management import ...`, "DJANGO_SETTINGS_MODULE": a word holds it.
    manage_py: gate(clue(folded("django"), where=lambda path: path.endswith("manage.py"))),
    models: gate(
        clue(
            modules(*MODEL_ROOTS),
            based("*Model", "AbstractUser", "AbstractBaseUser", *sorted(MODEL_BASE_NAMES)),
        )
    ),
    admin: gate(
        # `admin.site.register(...)`: "site" is in the part before the last.
        clue(modules("django"), named("register"), part("site")),
        # `@admin.register(...)`, qualified under django.contrib.admin.
        clue(modules("django"), named("register"), named("contrib"), named("admin")),
        clue(modules("django"), based("*ModelAdmin", *sorted(ADMIN_CLASSES))),
    ),
    urls: gate(named("urlpatterns")),
    views: gate(
        clue(modules("django", "rest_framework"), named("request"), where=is_views_path),
        clue(named("views"), based("*View")),  # django.views...: every VIEW_CLASSES ends so
    ),
    # The words first: a word is looked up, a call searched for.
    render: gate(clue(named("django"), named(*RENDER_CALLS), called(*RENDER_CALLS))),
    forms: gate(clue(named("django", "allauth"), based(*sorted(FORM_CLASSES | SIGNUP_FORMS)))),
    auth: gate(
        clue(named("django"), named(*sorted(AUTH_NAMES))),
        # The string "django.contrib.auth.urls" holds each of its parts as a word.
        clue(named("django"), named("contrib"), named("auth"), named("urls")),
    ),
    uploads: gate(
        clue(modules("django", "rest_framework"), named("FileField", "ImageField")),
        named("FILES"),
    ),
    permissions: gate(
        # Names qualified under django.contrib.auth: each part is a word of the file.
        clue(named("contrib"), named("auth"), named(*sorted(PERMISSION_NAMES))),
        named("has_perm", "has_perms", "permission_required"),
    ),
    drf: gate(
        clue(
            modules("rest_framework", "rest_framework_gis", "rest_framework_nested"),
            based(*sorted(SERIALIZERS | VIEWSETS | API_VIEWS), "BasePermission")
            # Views under rest_framework.generics, decorators, routers, class attributes.
            | named("generics", "api_view", *sorted(ROUTERS), "permission_classes"),
        )
    ),
    ninja: gate(
        clue(modules("ninja", "ninja_extra"), named("NinjaAPI", "Router", "NinjaExtraAPI"))
    ),
    openapi: gate(named(*OPENAPI_MODULES)),
    channels: gate(
        clue(
            modules("channels"),
            based(*sorted(CONSUMERS))
            | named(*sorted(CHANNEL_ROUTERS))
            | folded("websocket", "ws_"),  # websocket_urlpatterns, ws_routes ...
        ),
        # (not "ws_" here: without `channels` imported it is in too many words, `views_`)
        clue(modules("django"), folded("websocket")),
        named("group_send"),
    ),
}


def analyze(m: Module, only: Collection[object] | None = None) -> Iterator[Fact]:
    """The facts of every analyzer, or of those in `only`."""
    for analyzer in ANALYZERS:
        if only is None or analyzer in only:
            yield from analyzer(m)
