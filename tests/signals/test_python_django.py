"""Django, DRF, django-ninja and Channels signals, one source snippet per case."""

from __future__ import annotations

import textwrap

import pytest

from stackcheck.facts import Fact, merge
from stackcheck.facts.signals.python.code import scan

FAMILIES = ("django.", "drf.", "channels.", "ninja.", "api.")


def facts(source: str, path: str) -> dict[str, Fact]:
    return merge(scan(path, textwrap.dedent(source)))


def family_counts(source: str, path: str) -> dict[str, float]:
    return {k: f.value for k, f in facts(source, path).items() if k.startswith(FAMILIES)}


NOTHING = [
    pytest.param(
        "app/models.py", "# class Order(models.Model)\nimport os\n", id="model-in-comment"
    ),
    pytest.param(
        "app/models.py", 'import os\nDOC = "class Order(models.Model)"\n', id="model-in-string"
    ),
    pytest.param(
        "app/models.py",
        """
        import os

        class Model:
            pass

        class Order(Model):
            pass
        """,
        id="local-class-named-model",
    ),
    pytest.param(
        "net/models.py",
        """
        from keras.models import Model

        class Net(Model):
            pass
        """,
        id="keras-model",
    ),
    pytest.param(
        "app/schemas.py",
        """
        from django.db import models
        from pydantic import BaseModel

        class OrderIn(BaseModel):
            total: float
        """,
        id="pydantic-model-in-django-file",
    ),
    pytest.param(
        "app/views.py",
        """
        from pyramid.view import view_config

        @view_config(route_name="home")
        def home(request):
            return {}
        """,
        id="pyramid-view-function",
    ),
    pytest.param(
        "app/helpers.py",
        """
        from django.http import HttpResponse

        def index(request):
            return HttpResponse("ok")
        """,
        id="request-function-outside-views-files",
    ),
    pytest.param(
        "app/views.py",
        """
        from django.http import HttpResponse

        class Helper:
            def render(self, request):
                return self.render(request)
        """,
        id="method-named-render",
    ),
    pytest.param(
        "app/routes.py",
        """
        import flask
        routes = [url("/a"), path("/b")]
        """,
        id="path-calls-outside-urlpatterns",
    ),
    pytest.param(
        "app/consumers.py",
        """
        from myproject.sockets import WebsocketConsumer

        class Chat(WebsocketConsumer):
            pass
        """,
        id="consumer-not-from-channels",
    ),
    pytest.param(
        "app/api.py",
        """
        from marshmallow import Serializer

        class OrderSchema(Serializer):
            pass
        """,
        id="serializer-not-from-drf",
    ),
    pytest.param(
        "app/registry.py",
        """
        from django.conf import settings
        import plugins

        plugins.registry.register(Thing)
        router.register("x", View)
        """,
        id="register-calls-that-are-not-admin",
    ),
]


@pytest.mark.parametrize(("path", "source"), NOTHING)
def test_nothing_found(path: str, source: str) -> None:
    assert family_counts(source, path) == {}


SETTINGS = """
    import os

    DJANGO_APPS = ["django.contrib.admin", "django.contrib.auth"]
    THIRD_PARTY = ("rest_framework", "wagtail.admin", "allauth")
    INSTALLED_APPS = DJANGO_APPS + list(THIRD_PARTY) + ["shop.apps.ShopConfig"]
    INSTALLED_APPS += ["debug_toolbar"]
    INSTALLED_APPS.append("channels")
    INSTALLED_APPS += [os.environ.get("EXTRA_APP", "")]

    DATABASES = {
        "default": {
            "ENGINE": os.environ.get("DB_ENGINE", "django.db.backends.postgresql_psycopg2"),
        },
        "legacy": {"ENGINE": "django.db.backends.mysql"},
        "gis": {"ENGINE": "django.contrib.gis.db.backends.postgis"},
    }
"""

FOUND = [
    pytest.param(
        "shop/settings.py",
        SETTINGS,
        {
            "django.settings": 1,
            "django.app.django.contrib.admin": 1,
            "django.app.django.contrib.auth": 1,
            "django.app.rest_framework": 1,
            "django.app.wagtail.admin": 1,
            "django.app.allauth": 1,
            "django.app.shop.apps.shopconfig": 1,
            "django.app.debug_toolbar": 1,
            "django.app.channels": 1,
            "django.db_engine.postgresql": 1,
            "django.db_engine.mysql": 1,
        },
        id="settings-apps-and-engines",
    ),
    pytest.param(
        "config/settings/base.py",
        """
        import dj_database_url
        INSTALLED_APPS = ["blog"]
        DATABASES = {"default": dj_database_url.config(default="sqlite:///db.sqlite3")}
        """,
        {"django.settings": 1, "django.app.blog": 1, "django.db_engine.sqlite3": 1},
        id="database-url-in-settings",
    ),
    pytest.param(
        "app/models.py",
        """
        from django.db import models
        from django.contrib.auth.models import AbstractUser
        from core.models import TimeStampedModel

        class User(AbstractUser):
            pass

        class Base(models.Model):
            class Meta:
                abstract = True
                permissions = [("close", "Can close")]

        class Ticket(Base):
            title = models.CharField(max_length=80)
            owner = models.ForeignKey(User, on_delete=models.CASCADE)
            tags = models.ManyToManyField("Tag")
            data = models.JSONField(default=dict)
            objects = models.Manager()

        class Tag(TimeStampedModel):
            name = models.SlugField()

        class NotAModel:
            name = models.CharField(max_length=3)
        """,
        {
            "django.models": 4,
            "django.model_name.user": 1,
            "django.model_name.base": 1,
            "django.model_name.ticket": 1,
            "django.model_name.tag": 1,
            "django.model_name.notamodel": 0,
            "django.field.charfield": 1,
            "django.field.foreignkey": 1,
            "django.field.manytomanyfield": 1,
            "django.field.jsonfield": 1,
            "django.field.slugfield": 1,
            "django.field.manager": 0,
            "django.permissions": 1,
        },
        id="models-fields-and-inherited-bases",
    ),
    pytest.param(
        "app/models.py",
        """
        from django.db.models import *

        class Order(Model):
            total = DecimalField(max_digits=8, decimal_places=2)
        """,
        {"django.models": 1, "django.field.decimalfield": 1},
        id="star-import-models",
    ),
    pytest.param(
        "app/admin.py",
        """
        from django.contrib import admin
        from .models import Order, Line

        class LineInline(admin.TabularInline):
            model = Line

        @admin.register(Order)
        class OrderAdmin(admin.ModelAdmin):
            inlines = [LineInline]

        admin.site.register(Line)
        """,
        {"django.admin": 4},
        id="admin",
    ),
    pytest.param(
        "app/urls.py",
        """
        from django.urls import include, path, re_path
        from django.conf.urls import url
        from . import views

        urlpatterns = [
            path("", views.home, name="home"),
            path("accounts/signup/", views.signup, name="signup"),
            re_path(r"^old/$", views.old),
            path("api/", include([path("orders/", views.orders)])),
        ]
        urlpatterns += [url(r"^legacy/$", views.legacy)]
        urlpatterns.append(path("register/", views.register_user, name="register"))
        other = [path("not-counted/", views.other)]
        """,
        {"django.urlconf": 1, "django.routes": 7, "django.signup": 2},
        id="urlconf",
    ),
    pytest.param(
        "app/views.py",
        """
        from django.contrib.auth.decorators import login_required, permission_required
        from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
        from django.shortcuts import render
        from django.template.response import TemplateResponse
        from django.views import generic

        @login_required
        def dashboard(request):
            return render(request, "dash.html")

        @permission_required("shop.change_order")
        async def signup(request):
            if request.user.has_perm("shop.view_order"):
                return TemplateResponse(request, "signup.html")

        def helper(value):
            return value

        class OrderList(LoginRequiredMixin, generic.ListView):
            template_name = "orders.html"

        class ArchiveList(OrderList):
            permission_required = "shop.view_archive"

        class Upload(PermissionRequiredMixin, generic.FormView):
            def post(self, request):
                return request.FILES["file"]
        """,
        {
            "django.views": 5,
            "django.render": 3,
            "django.auth_views": 4,
            "django.signup": 1,
            "django.permissions": 4,
            "django.uploads": 1,
        },
        id="views-function-and-class-based",
    ),
    pytest.param(
        "app/forms.py",
        """
        from django import forms
        from django.contrib.auth.forms import UserCreationForm

        class ContactForm(forms.Form):
            message = forms.CharField()
            attachment = forms.FileField()

        class OrderForm(forms.ModelForm):
            pass

        class SignupForm(UserCreationForm):
            pass

        class FancyContact(ContactForm):
            pass
        """,
        {"django.forms": 4, "django.signup": 1},
        id="forms",
    ),
    pytest.param(
        "app/urls.py",
        """
        from django.contrib.auth import views as auth_views
        from django.urls import include, path

        urlpatterns = [
            path("login/", auth_views.LoginView.as_view()),
            path("accounts/", include("django.contrib.auth.urls")),
        ]
        """,
        {"django.auth_views": 2, "django.routes": 2},
        id="auth-urls",
    ),
    pytest.param(
        "app/models.py",
        """
        from django.contrib.auth.models import Group, Permission
        from django.db import models

        class Document(models.Model):
            scan = models.ImageField(upload_to="scans/")
            raw = models.FileField()

        def grant(user):
            user.groups.add(Group.objects.get(name="editors"))
            Permission.objects.all()
        """,
        {"django.uploads": 2, "django.permissions": 2, "django.field.imagefield": 1},
        id="uploads-and-permissions",
    ),
]

DRF = [
    pytest.param(
        "api/serializers.py",
        """
        from rest_framework import serializers

        class OrderSerializer(serializers.ModelSerializer):
            pass

        class LinkSerializer(serializers.HyperlinkedModelSerializer):
            pass

        class Plain(serializers.Serializer):
            pass

        class Nested(OrderSerializer):
            pass
        """,
        {"drf.serializers": 4},
        id="serializers",
    ),
    pytest.param(
        "api/views.py",
        """
        from rest_framework import generics, permissions, viewsets
        from rest_framework.decorators import api_view
        from rest_framework.permissions import BasePermission
        from rest_framework.views import APIView

        class IsOwner(BasePermission):
            pass

        class OrderViewSet(viewsets.ModelViewSet):
            permission_classes = [permissions.IsAuthenticated]

        class ReadOnly(viewsets.ReadOnlyModelViewSet):
            pass

        class Health(APIView):
            pass

        class OrderList(generics.ListCreateAPIView):
            pass

        @api_view(["GET"])
        def ping(request):
            pass
        """,
        {"drf.viewsets": 2, "drf.apiviews": 3, "drf.permissions": 2, "django.views": 1},
        id="viewsets-and-api-views",
    ),
    pytest.param(
        "api/urls.py",
        """
        from rest_framework import routers
        from rest_framework.routers import SimpleRouter
        from drf_spectacular.views import SpectacularAPIView
        from django.urls import path

        router = routers.DefaultRouter()
        simple = SimpleRouter()
        urlpatterns = [path("schema/", SpectacularAPIView.as_view())]
        """,
        {"drf.routers": 2, "api.openapi": 1, "django.routes": 1},
        id="routers-and-openapi",
    ),
    pytest.param(
        "shop/settings.py",
        """
        INSTALLED_APPS = ["drf_yasg"]
        REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
        """,
        {"api.openapi": 2, "django.settings": 1, "django.app.drf_yasg": 1},
        id="openapi-settings",
    ),
    pytest.param(
        "api/api.py",
        """
        from ninja import NinjaAPI, Router

        api = NinjaAPI()
        router = Router()
        """,
        {"ninja.api": 2},
        id="ninja",
    ),
]

CHANNELS = [
    pytest.param(
        "chat/consumers.py",
        """
        from channels.generic.websocket import AsyncWebsocketConsumer, WebsocketConsumer
        from channels.generic import websocket

        class Chat(AsyncWebsocketConsumer):
            async def receive(self, text_data=None, bytes_data=None):
                await self.channel_layer.group_send("room", {"type": "chat.message"})

        class Sync(WebsocketConsumer):
            pass

        class Json(websocket.AsyncJsonWebsocketConsumer):
            pass

        class Special(Chat):
            pass
        """,
        {"channels.consumers": 4, "channels.group_send": 1},
        id="consumers",
    ),
    pytest.param(
        "project/asgi.py",
        """
        from channels.routing import ProtocolTypeRouter, URLRouter
        from django.urls import path, re_path
        from chat import consumers

        ws_urlpatterns = [re_path(r"ws/chat/(?P<room>\\w+)/$", consumers.Chat.as_asgi())]

        application = ProtocolTypeRouter({
            "websocket": URLRouter(ws_urlpatterns + [path("ws/feed/", consumers.Feed.as_asgi())]),
        })
        """,
        {"channels.routing": 2, "channels.ws_routes": 2, "django.routes": 0},
        id="routing",
    ),
    pytest.param(
        "chat/routing.py",
        """
        from django.urls import re_path

        from . import consumers

        websocket_urlpatterns = [
            re_path(r"ws/chat/(?P<room_name>\\w+)/$", consumers.ChatConsumer.as_asgi()),
        ]
        """,
        {"channels.ws_routes": 1, "django.routes": 0},
        id="routing-module-without-channels-import",
    ),
    pytest.param(
        "shop/urls.py",
        """
        from django.urls import path

        from . import views

        urlpatterns = [path("ws/", views.index)]
        """,
        {"channels.ws_routes": 0},
        id="http-urls-are-no-websocket-routes",
    ),
]


@pytest.mark.parametrize(("path", "source", "expected"), [*FOUND, *DRF, *CHANNELS])
def test_found(path: str, source: str, expected: dict[str, float]) -> None:
    got = family_counts(source, path)
    assert {key: got.get(key, 0) for key in expected} == expected


def test_model_evidence_reads_like_the_code() -> None:
    source = """
        from django.db import models

        class LedgerEntry(models.Model):
            amount = models.DecimalField(max_digits=12, decimal_places=2)
        """
    found = facts(source, "ledger/models.py")
    assert [(e.line, e.detail) for e in found["django.models"].evidence] == [
        (4, "class LedgerEntry(models.Model)")
    ]
    assert [(e.line, e.detail) for e in found["django.field.decimalfield"].evidence] == [
        (5, "DecimalField LedgerEntry.amount")
    ]


def test_route_evidence_names_the_route() -> None:
    source = """
        from django.urls import path
        from . import views
        urlpatterns = [path("orders/<int:pk>/", views.detail, name="order-detail")]
        """
    found = facts(source, "shop/urls.py")
    assert [e.detail for e in found["django.routes"].evidence] == [
        'path("orders/<int:pk>/", name="order-detail", ...)'
    ]


def test_settings_evidence() -> None:
    found = facts('INSTALLED_APPS = ["channels"]\n', "settings.py")
    assert [e.detail for e in found["django.app.channels"].evidence] == ["INSTALLED_APPS: channels"]
    assert [e.detail for e in found["django.settings"].evidence] == [
        "INSTALLED_APPS assigned (1 apps)"
    ]


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        pytest.param(
            "manage.py",
            """
            import os, sys
            if __name__ == "__main__":
                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.app.settings")
                from django.core.management import execute_from_command_line
                execute_from_command_line(sys.argv)
            """,
            1,
            id="root-manage-py-runs-the-test-project",
        ),
        pytest.param(
            "manage.py",
            """
            import os
            os.environ["DJANGO_SETTINGS_MODULE"] = "testproject.settings"
            from django.core import management
            """,
            1,
            id="assigned-to-the-environment",
        ),
        pytest.param(
            "manage.py",
            """
            import os, sys
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")
            from django.core.management import execute_from_command_line
            """,
            1,
            id="root-manage-py-runs-the-demo-project",
        ),
        pytest.param(
            "manage.py",
            """
            import os, sys
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
            from django.core.management import execute_from_command_line
            """,
            0,
            id="a-site-s-own-settings",
        ),
        pytest.param(
            "scripts/run.py",
            'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")\n',
            0,
            id="not-a-manage-py",
        ),
        pytest.param(
            "manage.py",
            'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "latest.settings")\n',
            0,
            id="test-inside-a-longer-name",
        ),
    ],
)
def test_manage_py_of_a_test_project(path: str, source: str, expected: int) -> None:
    found = facts(source, path)
    assert found.get("django.test_manage_py", Fact("", 0, ())).value == expected


@pytest.mark.parametrize(
    ("source", "django"),
    [
        pytest.param(
            """
            import os, sys
            def main():
                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
                from django.core.management import execute_from_command_line
                execute_from_command_line(sys.argv)
            """,
            True,
            id="django",
        ),
        pytest.param(
            """
            from flask_script import Manager
            from app import create_app
            manager = Manager(create_app)
            if __name__ == "__main__":
                manager.run()
            """,
            False,
            id="flask-script",
        ),
        pytest.param(
            """
            import argparse
            def cli():
                parser = argparse.ArgumentParser(prog="framework")
                parser.parse_args()
            """,
            False,
            id="a-framework-s-own-command-line",
        ),
    ],
)
def test_manage_py_is_django_s_only_when_it_says_so(source: str, django: bool) -> None:
    assert ("django.manage_py" in facts(source, "manage.py")) is django
