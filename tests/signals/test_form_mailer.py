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


@pytest.mark.parametrize(
    ("path", "detail", "form"),
    [
        ("api/email.ts", "Vercel function (default export of api/)", True),
        ("netlify/functions/subscribe.js", "serverless function handler", True),
        ("app/api/waitlist/route.ts", "route handler export POST", True),
        ("app/api/orders/route.ts", "route handler export POST", False),
        ("src/email.ts", "app.post", False),  # (a route its framework names elsewhere)
    ],
)
def test_a_function_routed_by_its_file_is_named_for_its_form(
    path: str, detail: str, form: bool
) -> None:
    """The function's file is its route (`api/email.ts` answers `/api/email`); its mailer may
    be a module of its own the function imports."""
    handler = Fact("rt.http_handlers", 1, (Evidence(path, 4, detail),))
    assert judged(mailers("src/libs/mailer.ts"), handler) is form


def test_a_function_that_only_checks_the_platform_beside_the_form_s() -> None:
    """`functions/api/test.js` (or `hello-world.js`, `health.ts`) answers that functions run at
    all: beside the contact form's function it adds nothing; alone it is no form."""
    contact = Evidence("functions/api/contact.js", 4, "serverless function handler")
    for check in ("functions/api/test.js", "netlify/functions/hello-world.js", "api/health.ts"):
        both = (contact, Evidence(check, 2, "serverless function handler"))
        assert judged(mailers(), Fact("rt.http_handlers", 2, both))
        alone = (Evidence(check, 2, "serverless function handler"),)
        assert not judged(Fact("rt.http_handlers", 1, alone))
    orders = Evidence("functions/api/orders.js", 2, "serverless function handler")
    assert not judged(mailers(), Fact("rt.http_handlers", 2, (contact, orders)))


def test_a_waitlist_kept_in_its_one_table_is_a_form() -> None:
    handler = Fact(
        "rt.http_handlers",
        1,
        (Evidence("src/app/api/waitlist/route.ts", 7, "route handler export POST"),),
    )
    entries = Fact(
        "web.schema_models",
        1,
        (Evidence("prisma/schema.prisma", 16, "Prisma model WaitlistEntry"),),
    )
    assert judged(handler, Fact("npm.dep.@prisma/client", 1), entries)


@pytest.mark.parametrize("key", ["npm.dep.mongoose", "npm.dep.@prisma/client", "rt.ws_handlers"])
def test_a_database_or_a_socket_is_an_application(key: str) -> None:
    assert not judged(mailers("server.js"), routes("server.js"), Fact(key, 1))


def test_a_php_page_that_only_mails_its_form() -> None:
    from stackcheck.facts.signals.php import scan_php

    mailer = merge(
        scan_php(
            "forms/contact.php",
            "<?php\n$contact = new PHP_Email_Form;\n$contact->from_email = $_POST['email'];\n"
            "echo $contact->send();\n",
        )
    )
    assert "php.web_pages" not in mailer
    assert mailer["php.mail_forms"].evidence[0].line == 3
    assert "web.mailer_file" in mailer
    stores = merge(
        scan_php(
            "contact.php",
            "<?php\n$db = new mysqli('h', 'u', 'p');\n$db->query('INSERT ...');\n"
            "mail('me@example.com', 'New message', $_POST['message']);\n",
        )
    )
    assert "php.web_pages" in stores and "php.mail_forms" not in stores


SENDS_PAGES = """
const express = require("express");
const app = express();
app.use(express.static("public"));
app.get("/", function (req, res) {
  res.sendFile(__dirname + "/home.html");
});
app.get("/contact", (req, res) => res.sendFile(path.join(__dirname, "contact.html")));
app.listen(process.env.PORT || 4000);
"""


def test_routes_that_only_send_files() -> None:
    found = merge(realtime.scan_js("router.js", SENDS_PAGES))
    assert found["rt.file_routes"].value == 2
    assert "rt.http_handlers" not in found
    served = merge(
        realtime.scan_js(
            "server.js",
            SENDS_PAGES.replace(
                "app.listen",
                'app.get("/api/items", async (req, res) => res.json(await all()));\napp.listen',
            ),
        )
    )
    assert served["rt.file_routes"].value == 2 and served["rt.http_handlers"].value == 1
    sent = merge(
        realtime.scan_js(
            "server.js",
            'app.get("/report", (req, res) => {\n'
            "  res.status(200);\n  res.sendFile(build());\n});\n",
        )
    )
    assert "rt.file_routes" not in sent and sent["rt.http_handlers"].value == 1
    awaited = merge(
        realtime.scan_js(
            "server.js",
            'app.get("/report", async (req, res) => {\n'
            "  const file = await render(req.query.id);\n  res.sendFile(file);\n});\n",
        )
    )
    assert "rt.file_routes" not in awaited and awaited["rt.http_handlers"].value == 1


def test_a_server_that_only_sends_files() -> None:
    routes = Fact("rt.file_routes", 4, (Evidence("router.js", 5, 'app.get("/", ...)'),))
    facts = {"rt.file_routes": routes, "rt.listen": Fact("rt.listen", 1)}
    assert [f.key for f in derived.file_server(facts)] == ["web.file_server"]
    for key in ("rt.http_handlers", "rt.ws_handlers", "npm.dep.pg"):
        assert not list(derived.file_server({**facts, key: Fact(key, 1)}))


def flask_routes(*details: str) -> Fact:
    return Fact(
        "flask.routes", len(details), tuple(Evidence("server/app.py", 7, d) for d in details)
    )


def test_a_flask_route_a_contact_form_posts_to() -> None:
    assert judged(flask_routes('@app.post("/api/contact") def contact'))
    assert judged(flask_routes("@app.route('/newsletter', ...) def join"))
    assert not judged(flask_routes('@app.get("/items") def items'))
    assert not judged(flask_routes('@app.post("/contact") def c', '@app.get("/") def i', "x"))
    stored = Fact("py.dep.flask-sqlalchemy", 1)
    assert not judged(flask_routes('@app.post("/api/contact") def contact'), stored)


def php_files(files: dict[str, str]) -> dict[str, Fact]:
    """The merged facts of PHP files, then the derivations that read them."""
    from stackcheck.facts.signals.php import scan_php

    found = merge(fact for path, text in files.items() for fact in scan_php(path, text))
    for key_fact in derived.php_mail_folders(found):
        found[key_fact.key] = key_fact
    return found


SPLIT_FORM = {
    "php/contact/index.php": (
        "<?php\nsession_start();\n$error = $_SESSION['flash'] ?? null;\n?>\n"
        "<form method=post action=submit.php></form>\n"
    ),
    "php/contact/submit.php": (
        "<?php\nsession_start();\n$mail = new PHPMailer\\PHPMailer\\PHPMailer();\n"
        "$mail->Body = $_POST['message'];\n$mail->send();\n"
    ),
    "php/contact/functions.php": (
        "<?php\nfunction back($e) {\n  $_SESSION['flash'] = $e;\n"
        "  header('Location: ' . $_SERVER['HTTP_REFERER']);\n}\n"
    ),
}


def test_a_form_split_over_one_folder_is_a_mailer() -> None:
    found = php_files(SPLIT_FORM)
    assert found["php.mails"].evidence[0].path == "php/contact/submit.php"
    assert found["php.web_pages"].value == 0
    assert {e.path for e in found["php.mail_forms"].evidence} == set(SPLIT_FORM)
    assert [e.path for e in found["web.mailer_file"].evidence] == ["php/contact/submit.php"]
    assert any(f.key == "web.form_mailer" for f in derived.form_mailer(found))


def test_pages_in_other_folders_stay_pages() -> None:
    shop = "<?php\nsession_start();\n$cart = $_SESSION['cart'];\n"
    found = php_files({**SPLIT_FORM, "shop/cart.php": shop})
    assert [e.path for e in found["php.web_pages"].evidence] == ["shop/cart.php"]


@pytest.mark.parametrize(
    "extra",
    [
        # a database in the folder: its pages keep data
        {"php/contact/save.php": "<?php\n$db = new PDO($dsn);\n$db->prepare('INSERT');\n"},
        # a sign-in in the folder
        {"php/contact/login.php": "<?php\nif (password_verify($_POST['p'], $h)) {}\n"},
        # more request-handling files than a form has
        {f"php/contact/page{i}.php": "<?php\necho $_GET['q'];\n" for i in range(3)},
    ],
)
def test_a_folder_that_keeps_data_or_has_many_pages_is_an_application(
    extra: dict[str, str],
) -> None:
    found = php_files({**SPLIT_FORM, **extra})
    assert "php/contact/submit.php" in {e.path for e in found["php.web_pages"].evidence}
    assert "php.mail_forms" not in found


def test_a_mailer_that_handles_no_request_makes_no_form() -> None:
    files = {
        "admin/report.php": "<?php\nmail('me@example.com', 'Daily', build());\n",
        "admin/index.php": "<?php\nsession_start();\necho $_GET['page'];\n",
    }
    found = php_files(files)
    assert found["php.mails"].evidence[0].path == "admin/report.php"
    assert found["php.web_pages"].value == 1 and "php.mail_forms" not in found


def test_capped_evidence_leaves_the_pages_as_they_are() -> None:
    pages = Fact(
        "php.web_pages", 40, tuple(Evidence(f"a/{i}.php", 1, "handles") for i in range(25))
    )
    mails = Fact("php.mails", 1, (Evidence("a/0.php", 2, "sends mail: mail("),))
    assert list(derived.php_mail_folders({"php.web_pages": pages, "php.mails": mails})) == []


def test_mail_in_comments_or_other_words_sends_nothing() -> None:
    from stackcheck.facts.signals.php import scan_php

    text = "<?php\n// mail($to, $s, $b);\n$email = $_POST['email'];\nsendmail_path();\n"
    assert "php.mails" not in merge(scan_php("form.php", text))


def model(path: str, detail: str = "data model file", key: str = "web.models") -> Fact:
    return Fact(key, 1, (Evidence(path, None, detail),))


def test_a_form_that_stores_its_submissions_is_still_a_form() -> None:
    """An Express contact route that mails each message and keeps it in MongoDB (one
    `Contact` model): the rubric's contact form, whatever it keeps. A second model, or one
    named for something else, is an application's data."""
    route = Evidence("backend/routes/contact.route.js", 8, 'router.post( "/contact", ...)')
    form = (mailers("backend/utils/sendEmail.js"), Fact("rt.http_handlers", 1, (route,)))
    mongoose = Fact("npm.dep.mongoose", 1)
    assert judged(*form, mongoose, model("backend/models/contact.model.js"))
    assert judged(*form, mongoose, model("db/schema.sql", "table messages", "web.schema_models"))
    assert not judged(*form, mongoose, model("backend/models/order.model.js"))
    two = Fact(
        "web.models",
        2,
        (
            Evidence("backend/models/contact.model.js", None, "data model file"),
            Evidence("backend/models/user.model.js", None, "data model file"),
        ),
    )
    assert not judged(*form, mongoose, two)
    assert not judged(*form, mongoose)  # (a database and no model: what it keeps is unknown)


def test_variants_of_one_form_s_function_are_one_form() -> None:
    """`contact.ts` beside `contact.discord.ts` and `contact.email-routing.ts` (the same form
    sent another way) is one contact form; three forms of different names are not."""
    detail = "serverless function handler"
    variants = ("functions/api/contact.ts", "functions/api/contact.discord.ts")
    variants += ("functions/api/contact.email-routing.ts",)
    found = tuple(Evidence(p, 9, detail) for p in variants)
    assert judged(mailers(), Fact("rt.http_handlers", 3, found))
    others = ("functions/api/contact.ts", "functions/api/quote.ts", "functions/api/subscribe.ts")
    found = tuple(Evidence(p, 9, detail) for p in others)
    assert not judged(mailers(), Fact("rt.http_handlers", 3, found))
