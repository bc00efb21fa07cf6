"""Use-case signals: ML serving, payments, IoT, internal tools, CMS, MVP kits, model names."""

from __future__ import annotations

import textwrap

import pytest

from stackcheck.facts import Fact, merge
from stackcheck.facts.signals.python.code import scan

FAMILIES = ("ml.", "fintech.", "iot.", "enterprise.", "cms.", "mvp.", "social.", "py.orm_models")


def facts(source: str, path: str) -> dict[str, Fact]:
    return merge(scan(path, textwrap.dedent(source)))


def family_counts(source: str, path: str) -> dict[str, float]:
    return {k: f.value for k, f in facts(source, path).items() if k.startswith(FAMILIES)}


NOTHING = [
    pytest.param(
        "app/predict.py",
        """
        import weather
        weather.predict(tomorrow)
        model.generate()
        """,
        id="predict-without-ml-library",
    ),
    pytest.param(
        "app/cache.py",
        """
        import pickle
        def restore(path):
            with open(path, "rb") as fh:
                return pickle.load(fh)
        """,
        id="pickle-of-anything",
    ),
    pytest.param(
        "app/billing.py",
        """
        import decimal
        # stripe.PaymentIntent.create(amount=100)
        price = decimal.Decimal("1.00")
        """,
        id="payment-call-in-comment",
    ),
    pytest.param(
        "app/models.py",
        """
        import dataclasses

        class Payment:
            amount = DecimalField()
        """,
        id="payment-class-that-is-no-model",
    ),
    pytest.param(
        "app/net.py",
        """
        import socket
        client = socket.socket()
        client.connect(("localhost", 1883))
        """,
        id="connect-without-mqtt",
    ),
    pytest.param(
        "tools/rules.py",
        """
        import rules
        rules.check()
        """,
        id="rules-package-outside-django",
    ),
]


@pytest.mark.parametrize(("path", "source"), NOTHING)
def test_nothing_found(path: str, source: str) -> None:
    assert family_counts(source, path) == {}


FOUND = [
    pytest.param(
        "app/views.py",
        """
        import joblib
        from django.http import JsonResponse
        from transformers import AutoModel, pipeline

        MODEL = joblib.load("model.joblib")
        encoder = AutoModel.from_pretrained("bert-base-uncased")
        summarize = pipeline("summarization")

        def predict(request):
            return JsonResponse({"y": MODEL.predict_proba([[1, 2]]).tolist()})
        """,
        {"ml.model_load": 2, "ml.inference": 2, "ml.in_views": 4},
        id="ml-in-django-views",
    ),
    pytest.param(
        "ml/serve.py",
        """
        import onnxruntime
        import pickle
        import torch

        session = onnxruntime.InferenceSession("model.onnx")
        net = torch.load("net.pt")
        scaler = pickle.load(open("scaler.pkl", "rb"))

        def infer(x):
            session.run(None, {"x": x})
            return net.model.forward(x)
        """,
        {"ml.model_load": 3, "ml.inference": 2, "ml.in_views": 0},
        id="ml-outside-views",
    ),
    pytest.param(
        "api/main.py",
        """
        import tensorflow as tf
        from fastapi import FastAPI

        app = FastAPI()
        model = tf.keras.models.load_model("model.h5")

        @app.post("/predict")
        def predict(x: list[float]):
            return model.predict([x]).tolist()
        """,
        {"ml.model_load": 1, "ml.inference": 1, "ml.in_views": 2},
        id="ml-behind-fastapi",
    ),
    pytest.param(
        "billing/views.py",
        """
        import stripe
        import braintree

        stripe.api_key = "sk_test"

        def pay(request):
            intent = stripe.PaymentIntent.create(amount=1000, currency="eur")
            stripe.checkout.Session.create(mode="payment")
            gateway = braintree.BraintreeGateway(None)
            return intent
        """,
        {"fintech.payment_calls": 4},
        id="payment-calls",
    ),
    pytest.param(
        "ledger/models.py",
        """
        from django.db import models
        from djmoney.models.fields import MoneyField

        class Wallet(models.Model):
            balance = models.DecimalField(max_digits=12, decimal_places=2)

        class LedgerEntry(models.Model):
            amount = MoneyField(max_digits=12, decimal_places=2)
            rate = models.DecimalField(max_digits=5, decimal_places=4)

        class Order(models.Model):
            unit_price = models.DecimalField(max_digits=8, decimal_places=2)

        class CustomerPayment(models.Model):
            note = models.TextField()

        class SortOrderItem(models.Model):
            pass
        """,
        {"fintech.money_models": 4, "fintech.decimal_amounts": 3},
        id="money-models",
    ),
    pytest.param(
        "billing/tables.py",
        """
        from sqlalchemy import Column, Integer, Numeric
        from app.db import Base

        class Invoice(Base):
            __tablename__ = "invoices"
            id = Column(Integer, primary_key=True)
            total = Column(Numeric(10, 2))
        """,
        {"py.orm_models": 1, "fintech.money_models": 1, "fintech.decimal_amounts": 1},
        id="sqlalchemy-money-model",
    ),
    pytest.param(
        "devices/mqtt.py",
        """
        import paho.mqtt.client as mqtt
        import aiocoap
        from influxdb_client import InfluxDBClient

        client = mqtt.Client()
        client.connect("broker", 1883)
        client.subscribe("sensors/#")
        influx = InfluxDBClient(url="http://influx:8086")

        async def observe():
            ctx = await aiocoap.Context.create_client_context()
            return ctx
        """,
        {"iot.mqtt": 3, "iot.coap": 1, "iot.timeseries": 1},
        id="iot-protocols",
    ),
    pytest.param(
        "devices/models.py",
        """
        from django.db import migrations, models
        from timescale.db.models.models import TimescaleModel

        class Device(models.Model):
            pass

        class SensorReading(TimescaleModel):
            pass

        class ReadingList(models.Model):
            pass

        SQL = "SELECT create_hypertable('devices_sensorreading', 'time')"
        """,
        {"iot.device_models": 2, "iot.timeseries": 2},
        id="iot-models-and-timeseries",
    ),
    pytest.param(
        "hr/models.py",
        """
        from django.db import models

        class Employee(models.Model):
            pass

        class Department(models.Model):
            pass

        class LeaveRequest(models.Model):
            pass

        class SupportTicket(models.Model):
            pass

        class Role(models.Model):
            pass
        """,
        {"enterprise.models": 4, "enterprise.hr_models": 2, "enterprise.access_models": 1},
        id="enterprise-models",
    ),
    pytest.param(
        "blog/models.py",
        """
        from django.db import models

        class Post(models.Model):
            title = models.CharField(max_length=200)
            is_published = models.BooleanField(default=False)

        class Comment(models.Model):
            body = models.TextField()

        class Article(models.Model):
            is_public = models.BooleanField(default=True, help_text="Check to publish")

        class Product(models.Model):
            published = models.BooleanField(default=False)
        """,
        {"cms.content_models": 3, "cms.publish_state": 2},
        id="cms-publish-state",
    ),
    pytest.param(
        "config/settings.py",
        """
        import ldap
        from django_auth_ldap.config import LDAPSearch

        INSTALLED_APPS = ["guardian", "shop"]
        AUTHENTICATION_BACKENDS = [
            "django.contrib.auth.backends.ModelBackend",
            "django_auth_ldap.backend.LDAPBackend",
            "guardian.backends.ObjectPermissionBackend",
        ]
        """,
        {"enterprise.auth": 5},
        id="enterprise-auth",
    ),
    pytest.param(
        "site/models.py",
        """
        from wagtail.models import Page
        from wagtail.fields import RichTextField, StreamField

        class HomePage(Page):
            intro = RichTextField()

        class BlogPost(HomePage):
            body = StreamField([])

        class Category(Page):
            pass
        """,
        {"cms.pages": 5, "cms.content_models": 2},
        id="wagtail",
    ),
    pytest.param(
        "plugins/cms_plugins.py",
        """
        from cms.plugin_base import CMSPluginBase
        from cms.models import CMSPlugin

        class Hero(CMSPlugin):
            pass

        class HeroPlugin(CMSPluginBase):
            model = Hero
        """,
        {"cms.pages": 2},
        id="django-cms",
    ),
    pytest.param(
        "config/settings.py",
        """
        from allauth.account.forms import SignupForm

        INSTALLED_APPS = ["allauth", "allauth.account", "crispy_forms", "crispy_bootstrap5"]
        CRISPY_TEMPLATE_PACK = "bootstrap5"
        """,
        {"mvp.allauth": 3, "mvp.crispy": 3},
        id="mvp-kits",
    ),
    pytest.param(
        "social/models.py",
        """
        from django.db import models

        class UserProfile(models.Model):
            pass

        class Follow(models.Model):
            pass

        class PostLike(models.Model):
            pass

        class ChatMessage(models.Model):
            pass

        class Article(models.Model):
            pass
        """,
        {"social.models": 4, "cms.content_models": 2},
        id="social-models",
    ),
    pytest.param(
        "shop/models.py",
        """
        import peewee
        from sqlmodel import SQLModel

        class Product(peewee.Model):
            pass

        class Row(SQLModel, table=True):
            pass

        class RowIn(SQLModel):
            pass
        """,
        {"py.orm_models": 2},
        id="other-orms",
    ),
]


@pytest.mark.parametrize(("path", "source", "expected"), FOUND)
def test_found(path: str, source: str, expected: dict[str, float]) -> None:
    got = family_counts(source, path)
    assert {key: got.get(key, 0) for key in expected} == expected


def test_payment_evidence_names_the_call() -> None:
    source = """
        import stripe
        stripe.PaymentIntent.create(amount=1000)
        """
    found = facts(source, "pay.py")
    assert [(e.line, e.detail) for e in found["fintech.payment_calls"].evidence] == [
        (3, "stripe.PaymentIntent.create(...)")
    ]


def test_decimal_amount_evidence() -> None:
    source = """
        from django.db import models
        class Payment(models.Model):
            amount = models.DecimalField(max_digits=8, decimal_places=2)
        """
    found = facts(source, "pay/models.py")
    assert [e.detail for e in found["fintech.decimal_amounts"].evidence] == [
        "DecimalField Payment.amount"
    ]
    assert [e.detail for e in found["fintech.money_models"].evidence] == [
        "class Payment(models.Model)"
    ]
