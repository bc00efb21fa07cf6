"""Models the other stacks declare in code or schema files (schemas.py)."""

from __future__ import annotations

import pytest

from stackcheck.facts import merge
from stackcheck.facts.signals import derived, schemas


def scan(path: str, text: str) -> dict[str, float]:
    facts = []
    for scanner in (s for s in schemas.FILE_SCANNERS if s.name.startswith("schemas-")):
        if scanner.wants(path) and any(n in text.encode() for n in scanner.needles):
            facts.extend(scanner.scan(path, text))
    return {k: f.value for k, f in merge(facts).items()}


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param(
            "prisma/schema.prisma",
            "model Employee {\n  id Int @id\n}\n\nmodel Invoice {\n  id Int @id\n}\n"
            "enum Role {\n  ADMIN\n}\n",
            {
                "web.schema_models": 2,
                "enterprise.models": 1,
                "enterprise.hr_models": 1,
                "fintech.money_models": 1,
                "fintech.ledger_models": 1,
            },
            id="prisma",
        ),
        pytest.param(
            "Data/AppDbContext.cs",
            "public class AppDbContext : DbContext {\n"
            "  public DbSet<Ticket> Tickets { get; set; }\n"
            "  public DbSet<Models.Department> Departments => Set<Department>();\n"
            "  public DbSet<Ticket> Again { get; set; }\n}\n",
            {"web.schema_models": 2, "enterprise.models": 2},
            id="ef-core-dbsets-once-each",
        ),
        pytest.param(
            "src/main/java/app/domain/Payment.java",
            '@Entity\n@Table(name = "payments")\npublic class Payment {\n}\n',
            {"web.schema_models": 1, "fintech.money_models": 1, "fintech.ledger_models": 1},
            id="jpa-entity",
        ),
        pytest.param(
            "src/db/schema.ts",
            'export const employees = pgTable("employees", {});\n'
            'export const leaveRequests = pgTable("leave_requests", {});\n',
            {"web.schema_models": 2, "enterprise.models": 2, "enterprise.hr_models": 2},
            id="drizzle-tables",
        ),
        pytest.param(
            "server/sensor.js",
            'module.exports = mongoose.model("Sensor", SensorSchema);\n',
            {"web.schema_models": 1, "iot.device_models": 1},
            id="mongoose-model",
        ),
        pytest.param(
            "lib/shop/catalog/product.ex",
            'defmodule Shop.Catalog.Product do\n  schema "products" do\n  end\nend\n',
            {"web.schema_models": 1},
            id="ecto-schema",
        ),
        pytest.param(
            "internal/store.go",
            "type Employee struct {\n\tgorm.Model\n\tName string\n}\n",
            {"web.schema_models": 1, "enterprise.models": 1, "enterprise.hr_models": 1},
            id="gorm-model",
        ),
        pytest.param(
            "database/hospital.sql",
            "CREATE TABLE IF NOT EXISTS `patients` (id int);\ncreate table payroll (id int);\n",
            {"web.schema_models": 2, "enterprise.models": 1, "enterprise.hr_models": 1},
            id="sql-dump",
        ),
        pytest.param(
            "server/database.py",
            'c.execute("""\n    CREATE TABLE IF NOT EXISTS sensor_data (\n'
            '        id INTEGER\n    )\n""")\n'
            "c.execute('create table devices (id integer)')\n"
            "# Create table of contents for the report page\n",
            {"web.schema_models": 2, "iot.device_models": 2},
            id="sqlite-tables-created-in-code",
        ),
        pytest.param(
            "includes/install.php",
            '$db->query("CREATE TABLE `invoices` (`id` INT)");\n',
            {"web.schema_models": 1, "fintech.money_models": 1, "fintech.ledger_models": 1},
            id="php-table-created-in-code",
        ),
        pytest.param(
            "report.py",
            "# create table rows from the results, then CREATE TABLE statements elsewhere\n",
            {},
            id="prose-about-tables",
        ),
        pytest.param(
            "grails-app/domain/org/pih/Shipment.groovy",
            "package org.pih\n\nclass Shipment {\n}\n",
            {"web.schema_models": 1},
            id="grails-domain-class",
        ),
        pytest.param(
            "helpdesk/helpdesk/doctype/hd_ticket/hd_ticket.json",
            '{\n "actions": [],\n "doctype": "DocType",\n "fields": [\n  {\n'
            '   "fieldname": "subject",\n   "name": "not-a-table"\n  }\n ],\n'
            ' "module": "Helpdesk",\n "name": "HD Ticket",\n "owner": "Administrator"\n}\n',
            {"web.schema_models": 1, "frappe.doctypes": 1, "enterprise.models": 1},
            id="frappe-doctype",
        ),
    ],
)
def test_declared_models(path: str, text: str, expected: dict[str, float]) -> None:
    assert scan(path, text) == expected


@pytest.mark.parametrize(
    "path",
    [
        "app/models/employee.js",  # a model file: layout.py counts it by its path
        "src/ticket.entity.ts",
        "prisma/migrations/20240101_init/migration.sql",  # repeats the schema's models
        "src/util.groovy",  # a Groovy class outside a Grails app's domain
        "types/index.d.ts",
        "database/schema/mysql-schema.sql",  # Laravel's dump of its migrations
        "db/structure.sql",  # Rails'
        "helpdesk/fixtures/hd_ticket.json",  # a DocType's export outside its own folder
    ],
)
def test_files_left_to_others_or_to_nobody(path: str) -> None:
    text = (
        "model Employee {}\nCREATE TABLE employees (id int);\n"
        'mongoose.model("Employee", s);\nclass Employee {}\n'
    )
    assert scan(path, text) == {}


def test_code_that_only_looks_like_a_declaration() -> None:
    text = (
        'customElements.define("my-card", class extends HTMLElement {});\n'
        "const model = load();\nconsole.log(model);\n"
    )
    assert scan("src/app.js", text) == {}


def test_a_framework_s_bookkeeping_tables_are_no_models() -> None:
    text = (
        "CREATE TABLE migrations (id int);\nCREATE TABLE failed_jobs (id int);\n"
        "CREATE TABLE sessions (id int);\nCREATE TABLE invoices (id int);\n"
    )
    assert scan("db/dump.sql", text) == {
        "web.schema_models": 1,
        "fintech.money_models": 1,
        "fintech.ledger_models": 1,
    }


@pytest.mark.parametrize(
    ("text", "rbac"),
    [
        pytest.param(
            "CREATE TABLE role (id int);\nCREATE TABLE permission (id int);\n"
            "CREATE TABLE role_permission (role_id int, permission_id int);\n",
            True,
            id="roles-and-permissions-as-tables",
        ),
        pytest.param(
            "CREATE TABLE users (id int);\nCREATE TABLE roles (id int, username text);\n",
            False,
            id="one-table-of-roles-for-the-security",
        ),
        pytest.param("CREATE TABLE role_permission (id int);\n", False, id="only-a-join-table"),
    ],
)
def test_role_based_access_kept_as_data(text: str, rbac: bool) -> None:
    found = [
        f
        for s in schemas.FILE_SCANNERS
        if s.name.startswith("schemas-") and s.wants("db/init.sql")
        for f in s.scan("db/init.sql", text)
    ]
    facts = merge(found)
    assert any(f.key == "enterprise.rbac" for f in derived.role_based_access(facts)) is rbac
