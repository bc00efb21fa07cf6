"""A site whose server side only mails a form's submissions (web.mailer_file, web.form_mailer)."""

from __future__ import annotations

import pytest

from stackcheck.facts import Evidence, Fact, merge
from stackcheck.facts.signals import derived, realtime


def mailers(*paths: str) -> Fact:
    return Fact(
        "web.mailer_file", len(paths), tuple(Evidence(p, None, "sends mail") for p in paths)
    )


def routes(*paths: str) -> Fact:
    return Fact("rt.http_handlers", len(paths), tuple(Evidence(p, 3, "app.post") for p in paths))


def judged(*found: Fact) -> bool:
    facts = {f.key: f for f in found}
    return any(f.key == "web.form_mailer" for f in derived.form_mailer(facts))


@pytest.mark.parametrize(
    "source",
    [
        'const nodemailer = require("nodemailer");\n',
        "import sgMail from '@sendgrid/mail';\n",
        'import { Resend } from "resend";\n',
    ],
)
def test_a_script_that_loads_a_mail_library(source: str) -> None:
    found = merge(realtime.scan_js("netlify/functions/contact.js", source))
    assert found["web.mailer_file"].evidence[0].path == "netlify/functions/contact.js"


def test_mail_in_other_words_is_not_a_mailer() -> None:
    source = 'const email = require("./email-validator");\n// nodemailer later\n'
    assert "web.mailer_file" not in merge(realtime.scan_js("src/form.js", source))


def test_the_mailer_holds_every_handler() -> None:
    assert judged(mailers("server.js", "netlify/functions/quote.js"), routes("server.js"))
    assert judged(mailers("netlify/functions/quote.js"))  # a function, no server at all


def test_handlers_elsewhere_or_many_are_an_application() -> None:
    assert not judged(mailers("server.js"), routes("server.js", "routes/orders.js"))
    assert not judged(mailers("server.js"), routes("server.js", "server.js", "server.js"))


@pytest.mark.parametrize("key", ["npm.dep.mongoose", "npm.dep.@prisma/client", "rt.ws_handlers"])
def test_a_database_or_a_socket_is_an_application(key: str) -> None:
    assert not judged(mailers("server.js"), routes("server.js"), Fact(key, 1))
