"""Use-case signals in Python code: ML serving, payments, IoT, internal tools, CMS, MVP kits.

Most of these are either calls into a domain library (`stripe.PaymentIntent.create(...)`,
`joblib.load(...)`) or the names of the project's models: a `LedgerEntry` model says more
about what the application is for than any dependency list.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Collection, Iterator

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals.model_names import name_categories
from stackcheck.facts.signals.python import django as python_django
from stackcheck.facts.signals.python.gate import (
    Gate,
    based,
    calls_of,
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
    import_detail,
    last,
    string_entries,
    string_value,
    subclasses,
    under,
)
from stackcheck.facts.signals.tokens import word_set, words

# --- machine learning ------------------------------------------------------------------------

ML_MODULES = word_set(
    "sklearn torch tensorflow keras transformers onnxruntime joblib xgboost lightgbm spacy "
    "catboost sentence_transformers tflite_runtime mlflow"
)
INFERENCE_METHODS = word_set("predict predict_proba predict_log_proba decision_function generate")
MODEL_LOAD_CALLS = word_set(
    "joblib.load torch.load torch.jit.load spacy.load "
    "tensorflow.saved_model.load onnxruntime.InferenceSession "
    "sklearn.externals.joblib.load"
)
PICKLE_LOADS = frozenset({"pickle.load", "pickle.loads", "dill.load", "cloudpickle.load"})
MODEL_FILE_HINTS = ("model", ".pkl", ".pickle", ".joblib", ".sav", ".onnx", ".pt", ".h5")
VIEW_KEYS = word_set(
    "django.views flask.routes fastapi.routes py.routes drf.apiviews drf.viewsets ninja.api"
)


def ml(m: Module, seen: frozenset[str]) -> Iterator[Fact]:
    in_views = _is_viewish(m, seen)
    for key, call in _ml_calls(m):
        detail = call_detail(call)
        yield fact(key, m.path, call.lineno, detail)
        if in_views:
            yield fact("ml.in_views", m.path, call.lineno, detail)


def _is_viewish(m: Module, seen: frozenset[str]) -> bool:
    name = m.file_name
    folders = set(m.folders)
    return (
        name.startswith(("views", "api"))
        or bool(folders & {"views", "api"})
        or bool(seen & VIEW_KEYS)
    )


def _ml_calls(m: Module) -> Iterator[tuple[str, ast.Call]]:
    uses_ml = m.imports_any(*ML_MODULES)
    for call in m.calls:
        method = call.func.attr if isinstance(call.func, ast.Attribute) else callee(call) or ""
        name = callee(call) or method
        q = m.qualify_text(name)
        if uses_ml and _is_inference(call, name, q, method):
            yield "ml.inference", call
        elif _is_model_load(call, q, method, uses_ml):
            yield "ml.model_load", call


def _is_inference(call: ast.Call, name: str, q: str, method: str) -> bool:
    receiver = (
        (dotted(call.func.value) or "").lower() if isinstance(call.func, ast.Attribute) else ""
    )
    if method in INFERENCE_METHODS:
        return isinstance(call.func, ast.Attribute)
    if method == "pipeline":
        return under(q, "transformers") or name == "pipeline"
    if method == "forward":
        return "model" in receiver
    if method == "run":
        return "sess" in receiver
    return False


def _is_model_load(call: ast.Call, q: str, method: str, uses_ml: bool) -> bool:
    if q in MODEL_LOAD_CALLS or method == "from_pretrained":
        return True
    if method == "load_model":
        return uses_ml or under(q, "keras", "tensorflow", "mlflow", "xgboost")
    if q in PICKLE_LOADS:
        return uses_ml or _mentions_model_file(call)
    return False


def _mentions_model_file(call: ast.Call) -> bool:
    """`pickle.load(open("model.pkl", "rb"))`: a string argument that names a model file."""
    for node in itertools.islice(ast.walk(call), 200):
        text = string_value(node)
        if text is not None and any(hint in text.lower() for hint in MODEL_FILE_HINTS):
            return True
        if isinstance(node, ast.Name) and "model" in node.id.lower():
            return True
    return False


# --- payments ---------------------------------------------------------------------------------

PAYMENT_MODULES = word_set(
    "stripe djstripe paypalrestsdk paypalcheckoutsdk braintree Adyen adyen razorpay mollie"
)
MONEY_FIELD_CALLS = frozenset({"DecimalField", "MoneyField"})
MONEY_FIELD_MODULES = ("django", "rest_framework", "djmoney", "wtforms", "marshmallow")
COLUMN_CALLS = frozenset({"Column", "mapped_column"})
NUMERIC_TYPES = frozenset({"Numeric", "DECIMAL", "NUMERIC", "Decimal"})
MONEY_FIELD_WORDS = word_set(
    "amount price balance total fee fees cost tax subtotal discount credit "
    "debit salary wage payment paid refund charge budget"
)


def payments(m: Module) -> Iterator[Fact]:
    if not m.imports_any(*PAYMENT_MODULES):
        return
    for call in m.calls:
        q = m.qualify(call.func)
        if q is not None and under(q, *PAYMENT_MODULES):
            yield fact("fintech.payment_calls", m.path, call.lineno, call_detail(call))
    for attribute in m.attributes:
        if isinstance(attribute.ctx, ast.Store):
            q = m.qualify(attribute)
            if q is not None and under(q, *PAYMENT_MODULES):
                detail = f"{dotted(attribute)} = ..."
                yield fact("fintech.payment_calls", m.path, attribute.lineno, detail)


def decimal_amounts(m: Module) -> Iterator[Fact]:
    for cls in m.classes:
        for name, call in class_fields(cls):
            kind = last(callee(call) or "")
            if not set(words(name)) & MONEY_FIELD_WORDS:
                continue
            if _money_field(m, call, kind) or (kind in COLUMN_CALLS and _numeric_column(call)):
                detail = f"{kind} {cls.name}.{name}"
                yield fact("fintech.decimal_amounts", m.path, call.lineno, detail)


def _money_field(m: Module, call: ast.Call, kind: str) -> bool:
    if kind not in MONEY_FIELD_CALLS:
        return False
    q = m.qualify(call.func) or ""
    return under(q, *MONEY_FIELD_MODULES) or (q == kind and m.star_from("django"))


def _numeric_column(call: ast.Call) -> bool:
    for arg in call.args:
        target = arg.func if isinstance(arg, ast.Call) else arg
        if last(dotted(target) or "") in NUMERIC_TYPES:
            return True
    return False


# --- IoT ----------------------------------------------------------------------------------------

MQTT_MODULES = word_set("paho asyncio_mqtt aiomqtt gmqtt hbmqtt amqtt flask_mqtt fastapi_mqtt")
MQTT_METHODS = word_set(
    "subscribe publish connect connect_async loop_forever loop_start "
    "username_pw_set message_callback_add"
)
COAP_MODULES = ("aiocoap", "coapthon")
TIMESERIES_MODULES = ("influxdb_client", "influxdb", "timescale", "questdb")
TIMESERIES_TEXT = ("create_hypertable", "timescaledb", "hypertable")


def mqtt(m: Module) -> Iterator[Fact]:
    if not m.imports_any(*MQTT_MODULES):
        return
    for call in m.calls:
        q = m.qualify(call.func) or ""
        method = call.func.attr if isinstance(call.func, ast.Attribute) else ""
        if under(q, *MQTT_MODULES) or method in MQTT_METHODS:
            yield fact("iot.mqtt", m.path, call.lineno, call_detail(call))


def coap(m: Module) -> Iterator[Fact]:
    if not m.imports_any(*COAP_MODULES):
        return
    for call in m.calls:
        q = m.qualify(call.func)
        if q is not None and under(q, *COAP_MODULES):
            yield fact("iot.coap", m.path, call.lineno, call_detail(call))
    for cls in subclasses(m, lambda q: under(q, *COAP_MODULES)):
        yield fact("iot.coap", m.path, cls.lineno, class_detail(cls))


def timeseries(m: Module) -> Iterator[Fact]:
    if m.imports_any(*TIMESERIES_MODULES):
        for call in m.calls:
            q = m.qualify(call.func)
            if q is not None and under(q, *TIMESERIES_MODULES):
                yield fact("iot.timeseries", m.path, call.lineno, call_detail(call))
    for cls in subclasses(m, lambda q: last(q) == "TimescaleModel"):
        yield fact("iot.timeseries", m.path, cls.lineno, class_detail(cls))
    for text in m.strings:
        lowered = text.value.lower()
        if any(hint in lowered for hint in TIMESERIES_TEXT):
            yield fact("iot.timeseries", m.path, text.line, clip(f'"{text.value}"', 80))


# --- enterprise auth, CMS, MVP kits ------------------------------------------------------------

ENTERPRISE_AUTH = word_set(
    "ldap ldap3 django_auth_ldap django_python3_ldap onelogin saml2 djangosaml2 "
    "django_saml2_auth mozilla_django_oidc guardian rules"
)
SETTING_LISTS = ("INSTALLED_APPS", "AUTHENTICATION_BACKENDS", "MIDDLEWARE")


def enterprise_auth(m: Module) -> Iterator[Fact]:
    for module in sorted(ENTERPRISE_AUTH):
        node = m.imported.get(module)
        # `rules` is a common package name; only django-rules in a Django file counts.
        if node is not None and (module != "rules" or m.imports_any("django")):
            yield fact("enterprise.auth", m.path, node.lineno, import_detail(node))
    for setting in SETTING_LISTS:
        for entry, line in string_entries(m, setting):
            if under(entry, *ENTERPRISE_AUTH):
                yield fact("enterprise.auth", m.path, line, clip(f"{setting}: {entry}"))


CMS_CLASSES = {
    "wagtail": frozenset({"Page"}),
    "mezzanine": frozenset({"Page", "Displayable", "RichTextPage"}),
    "cms": frozenset({"CMSPlugin", "CMSPluginBase"}),
}
CMS_FIELDS = frozenset(
    {"StreamField", "RichTextField", "PlaceholderField", "PlaceholderRelationField"}
)


def cms(m: Module) -> Iterator[Fact]:
    if not m.imports_any(*CMS_CLASSES):
        return
    for cls in subclasses(m, lambda q: last(q) in CMS_CLASSES.get(q.partition(".")[0], ())):
        yield fact("cms.pages", m.path, cls.lineno, class_detail(cls))
    for call in m.calls:
        q = m.qualify(call.func) or ""
        if last(q) in CMS_FIELDS and under(q, *CMS_CLASSES):
            yield fact("cms.pages", m.path, call.lineno, call_detail(call))


KITS = (("mvp.allauth", "allauth"), ("mvp.crispy", "crispy_forms"))


def mvp_kits(m: Module) -> Iterator[Fact]:
    for key, module in KITS:
        node = m.imported.get(module)
        if node is not None:
            yield fact(key, m.path, node.lineno, import_detail(node))
    for text in m.strings:
        kit = _kit_setting(text.value)
        if kit is not None:
            yield fact(kit, m.path, text.line, clip(f'"{text.value}"', 80))
    for assign in m.assigns:
        if "CRISPY_TEMPLATE_PACK" in assigned_names(assign):
            yield fact("mvp.crispy", m.path, assign.lineno, "CRISPY_TEMPLATE_PACK set")


def _kit_setting(value: str) -> str | None:
    """ "allauth.account", "crispy_forms", "crispy_bootstrap5" (INSTALLED_APPS, URL includes)."""
    if not value.startswith(("allauth", "crispy_")):  # cheap test first: most strings fail it
        return None
    if under(value, "allauth"):
        return "mvp.allauth"
    if value.startswith("crispy_") and value.isidentifier():
        return "mvp.crispy"
    return None


# --- model names ---------------------------------------------------------------------------------


# A content model's field that holds whether, or since when, a piece is out: editors publish it.
PUBLISH_FIELDS = word_set(
    "published is_published published_at published_on published_date publish publish_date "
    "publish_at publish_on pub_date publication_date is_draft draft is_public is_visible visible"
)


def model_names(m: Module) -> Iterator[Fact]:
    for cls in [*python_django.model_classes(m), *orm_models(m)]:
        for key in name_categories(cls.name):
            yield fact(key, m.path, cls.lineno, class_detail(cls))
            if key == "cms.content_models":
                yield from _publish_state(m, cls)


def _publish_state(m: Module, cls: ast.ClassDef) -> Iterator[Fact]:
    """cms.publish_state: a content model that says when it is out (`is_published`,
    `pub_date`), the field that editors' drafts and publishing turn on."""
    for name, assign in class_attributes(cls):
        if name in PUBLISH_FIELDS:
            yield fact("cms.publish_state", m.path, assign.lineno, f"{cls.name}.{name}")
            return


ORM_MODULES = ("peewee", "tortoise", "mongoengine", "ormar", "piccolo", "pony", "sqlmodel")
ORM_BASES = frozenset({"Model", "Document", "DynamicDocument", "Table", "Entity"})


def orm_models(m: Module) -> list[ast.ClassDef]:
    """Model classes of the other Python ORMs (SQLAlchemy, peewee, Tortoise, SQLModel ...)."""
    if m.imports_any("django"):
        return []  # a Django file's models are Django's
    found = {id(cls): cls for cls in subclasses(m, _is_orm_base)}
    for cls in m.classes:
        if any(name == "__tablename__" for name, _ in class_attributes(cls)) or _sqlmodel_table(
            cls
        ):
            found[id(cls)] = cls
    return sorted(found.values(), key=lambda cls: cls.lineno)


def _is_orm_base(q: str) -> bool:
    return q.endswith("db.Model") or (under(q, *ORM_MODULES) and last(q) in ORM_BASES)


def _sqlmodel_table(cls: ast.ClassDef) -> bool:
    table = next((k.value for k in cls.keywords if k.arg == "table"), None)
    return isinstance(table, ast.Constant) and table.value is True


def orm(m: Module) -> Iterator[Fact]:
    for cls in orm_models(m):
        yield fact("py.orm_models", m.path, cls.lineno, class_detail(cls))


ANALYZERS = (
    payments,
    decimal_amounts,
    mqtt,
    coap,
    timeseries,
    enterprise_auth,
    cms,
    mvp_kits,
    model_names,
    orm,
)

# Where each analyzer can find anything (see gate.py): the last part of each call or
# base class it compares, and the modules it resolves names through, are words of the
# file; `imports_any` and `imported` ask for modules imported.
CMS_BASES = frozenset(base for bases in CMS_CLASSES.values() for base in bases)
ORM_GATE = gate(
    *(
        clue(*groups, unless=["django"])  # orm_models leaves a Django file's models to Django
        for groups in (
            (based("Model"), named("*db")),  # `q.endswith("db.Model")`
            (named(*ORM_MODULES), based(*sorted(ORM_BASES))),
            (named("__tablename__"),),
            (named("table"), named("True")),  # SQLModel's `class Hero(SQLModel, table=True)`
        )
    )
)
TIMESERIES_GATE = gate(
    modules(*TIMESERIES_MODULES), based("TimescaleModel"), folded(*TIMESERIES_TEXT)
)
GATES: dict[Callable[..., Iterator[Fact]], Gate] = {
    ml: gate(
        clue(
            modules(*sorted(ML_MODULES)),
            named(*sorted(INFERENCE_METHODS), "pipeline", "forward", "run", "load_model"),
        ),
        *calls_of(MODEL_LOAD_CALLS | PICKLE_LOADS, calls=True),
        named("from_pretrained"),
        clue(named("keras", "tensorflow", "mlflow", "xgboost"), named("load_model")),
    ),
    payments: gate(modules(*sorted(PAYMENT_MODULES))),
    decimal_amounts: gate(
        clue(
            named(*sorted(MONEY_FIELD_CALLS)),
            folded(*sorted(MONEY_FIELD_WORDS)),  # a word of the field's name
        ),
        # A column is money only with a numeric type among its arguments (`_numeric_column`):
        # a table's `Column` and a `total` alone (django-tables2, any SQLAlchemy model) is not.
        clue(
            named(*sorted(COLUMN_CALLS)),
            named(*sorted(NUMERIC_TYPES)),
            folded(*sorted(MONEY_FIELD_WORDS)),
        ),
    ),
    mqtt: gate(modules(*sorted(MQTT_MODULES))),
    coap: gate(modules(*COAP_MODULES)),
    timeseries: TIMESERIES_GATE,
    enterprise_auth: gate(
        modules(*sorted(ENTERPRISE_AUTH - {"rules"})),
        clue(modules("rules"), modules("django")),
        named(*SETTING_LISTS),
    ),
    cms: gate(
        clue(modules(*sorted(CMS_CLASSES)), based(*sorted(CMS_BASES)) | named(*sorted(CMS_FIELDS)))
    ),
    # Kits are imported, or named in strings: "allauth.account", "crispy_bootstrap5".
    mvp_kits: gate(named("allauth", "CRISPY_TEMPLATE_PACK"), part("crispy_")),
    model_names: python_django.GATES[python_django.models] + ORM_GATE,
    orm: ORM_GATE,
}


def analyze(
    m: Module, seen: frozenset[str], only: Collection[object] | None = None
) -> Iterator[Fact]:
    """Use-case facts, of every analyzer or of those in `only`; `seen` holds the keys the
    other analyzers found in this file."""
    if only is None or ml in only:
        yield from ml(m, seen)
    for analyzer in ANALYZERS:
        if only is None or analyzer in only:
            yield from analyzer(m)
