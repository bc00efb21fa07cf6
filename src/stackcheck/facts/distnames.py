"""Distribution names to top-level import names, for the packages that matter to a verdict.

A manifest says `Pillow`, the code says `import PIL`: this one table lets the manifest
facts (py.dep.*, py.module.*) meet the import facts (py.import.*). Names not listed fall
back to the usual convention (the canonical name with '-' turned into '_'), which is right
for most distributions; the table lists the exceptions plus the well-known packages whose
reverse lookup (import name -> distribution) a rule or a report may want.
"""

from __future__ import annotations

from packaging.utils import canonicalize_name

# canonical distribution name -> top-level import name. Where several distributions
# provide one module (psycopg2 / psycopg2-binary), the first listed wins the reverse lookup.
IMPORT_NAMES: dict[str, str] = {
    # Django and its ecosystem
    "django": "django",
    "djangorestframework": "rest_framework",
    "djangorestframework-simplejwt": "rest_framework_simplejwt",
    "django-rest-knox": "knox",
    "dj-rest-auth": "dj_rest_auth",
    "drf-spectacular": "drf_spectacular",
    "drf-yasg": "drf_yasg",
    "django-ninja": "ninja",
    "graphene-django": "graphene_django",
    "strawberry-graphql-django": "strawberry_django",
    "channels": "channels",
    "channels-redis": "channels_redis",
    "daphne": "daphne",
    "django-allauth": "allauth",
    "social-auth-app-django": "social_django",
    "django-oauth-toolkit": "oauth2_provider",
    "django-guardian": "guardian",
    "wagtail": "wagtail",
    "django-cms": "cms",
    "mezzanine": "mezzanine",
    "django-oscar": "oscar",
    "dj-stripe": "djstripe",
    "django-money": "djmoney",
    "django-filter": "django_filters",
    "django-cors-headers": "corsheaders",
    "django-environ": "environ",
    "django-debug-toolbar": "debug_toolbar",
    "django-crispy-forms": "crispy_forms",
    "django-storages": "storages",
    "django-import-export": "import_export",
    "django-mptt": "mptt",
    "django-taggit": "taggit",
    "django-polymorphic": "polymorphic",
    "django-simple-history": "simple_history",
    "django-model-utils": "model_utils",
    "django-ckeditor": "ckeditor",
    "django-tinymce": "tinymce",
    "django-haystack": "haystack",
    "django-compressor": "compressor",
    "django-webpack-loader": "webpack_loader",
    "django-phonenumber-field": "phonenumber_field",
    "django-anymail": "anymail",
    "django-q": "django_q",
    "django-celery-beat": "django_celery_beat",
    "django-celery-results": "django_celery_results",
    "dj-database-url": "dj_database_url",
    "python-decouple": "decouple",
    "python-dotenv": "dotenv",
    "whitenoise": "whitenoise",
    "celery": "celery",
    "pytest-django": "pytest_django",
    "factory-boy": "factory",
    # Databases and servers
    "psycopg2": "psycopg2",
    "psycopg2-binary": "psycopg2",
    "psycopg": "psycopg",
    "mysqlclient": "MySQLdb",
    "pymysql": "pymysql",
    "redis": "redis",
    "pymongo": "pymongo",
    "gunicorn": "gunicorn",
    "uvicorn": "uvicorn",
    # Other web frameworks (a competing stack already in use)
    "flask": "flask",
    "fastapi": "fastapi",
    "starlette": "starlette",
    "tornado": "tornado",
    "aiohttp": "aiohttp",
    "sanic": "sanic",
    "pyramid": "pyramid",
    "falcon": "falcon",
    "bottle": "bottle",
    "twisted": "twisted",
    # Real-time
    "python-socketio": "socketio",
    "python-engineio": "engineio",
    "flask-socketio": "flask_socketio",
    "websockets": "websockets",
    "websocket-client": "websocket",
    "autobahn": "autobahn",
    "pyzmq": "zmq",
    "grpcio": "grpc",
    # Machine learning and data
    "scikit-learn": "sklearn",
    "scikit-image": "skimage",
    "opencv-python": "cv2",
    "opencv-python-headless": "cv2",
    "opencv-contrib-python": "cv2",
    "tensorflow": "tensorflow",
    "tensorflow-cpu": "tensorflow",
    "torch": "torch",
    "torchvision": "torchvision",
    "transformers": "transformers",
    "keras": "keras",
    "spacy": "spacy",
    "nltk": "nltk",
    "xgboost": "xgboost",
    "numpy": "numpy",
    "pandas": "pandas",
    "openai": "openai",
    # Payments and trading
    "stripe": "stripe",
    "paypalrestsdk": "paypalrestsdk",
    "braintree": "braintree",
    "ccxt": "ccxt",
    "python-binance": "binance",
    # IoT
    "paho-mqtt": "paho",
    "aiomqtt": "aiomqtt",
    "asyncio-mqtt": "asyncio_mqtt",
    "influxdb-client": "influxdb_client",
    "pyserial": "serial",
    "pymodbus": "pymodbus",
    # Static sites and documentation
    "mkdocs": "mkdocs",
    "mkdocs-material": "material",
    "sphinx": "sphinx",
    "pelican": "pelican",
    # General libraries whose import name differs
    "pillow": "PIL",
    "pyyaml": "yaml",
    "python-dateutil": "dateutil",
    "beautifulsoup4": "bs4",
    "attrs": "attr",
    "pyjwt": "jwt",
    "python-jose": "jose",
    "sentry-sdk": "sentry_sdk",
    "python-telegram-bot": "telegram",
    "discord-py": "discord",
}

# Lower-cased import name -> distribution; reversed so that the first listed wins.
_DIST_NAMES: dict[str, str] = {
    module.lower(): dist for dist, module in reversed(IMPORT_NAMES.items())
}


def import_name(dist: str) -> str:
    """The top-level module a distribution installs (`Pillow` -> `PIL`)."""
    canonical = canonicalize_name(dist)
    return IMPORT_NAMES.get(canonical, canonical.replace("-", "_"))


def dist_name(module: str) -> str | None:
    """The canonical distribution providing a top-level module, when the table knows it."""
    top = module.split(".", 1)[0].lower()
    return _DIST_NAMES.get(top)
