"""Data models the other stacks declare in code or schema files: the tables an application
keeps, and what their names say it is for (model_names.py), where no model file or
migration names them by its path (layout.py reads those).

- a Prisma schema's `model Employee {`;
- an EF Core context's `DbSet<Employee>`;
- a JPA or Hibernate `@Entity` class outside a model folder (a Grails domain class too);
- a Drizzle table (`pgTable("employees", ...)`), a Mongoose model (`model("Employee", ...)`),
  a Sequelize one (`sequelize.define("employee", {...})`), a TypeORM `@Entity()` class,
  outside a model folder and not named `*.entity.ts`;
- an Ecto schema (`schema "employees" do`), a GORM model (a struct embedding `gorm.Model`);
- a Frappe app's DocType (`helpdesk/helpdesk/doctype/hd_ticket/hd_ticket.json`, whose
  top-level `"name"` is the table's: `HD Ticket`), also counted as `frappe.doctypes`;
- a SQL file's `CREATE TABLE` (a PHP app's dump, Supabase's migrations), not a Prisma
  migration's (its schema names the same models); the same statement with its column list
  in an application's code (a sqlite3 app creating its tables at start-up).

A file that layout.py counts as a model file by its path is left to it, so a model is not
counted twice.

Facts:
    web.schema_models        one per model declared (evidence: the declaration)
    frappe.doctypes          one per Frappe DocType (the same models: a Frappe app's tables)
    fintech.money_models, fintech.ledger_models, enterprise.models, enterprise.hr_models,
    enterprise.access_models, enterprise.project_models, enterprise.task_models,
    iot.device_models,
    cms.content_models, social.models
                             what the declared models' names say (model_names.py)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from stackcheck.facts import Fact, fact
from stackcheck.facts.signals import FILE_SCANNERS, FileScanner
from stackcheck.facts.signals.layout import is_model_file, singular
from stackcheck.facts.signals.model_names import name_categories
from stackcheck.facts.signals.tokens import Lines

MAX_MODELS_PER_FILE = 500
# A framework's own bookkeeping tables, in a schema dump beside the application's.
BOOKKEEPING_TABLES = frozenset(
    {
        "migration",
        "schema_migration",
        "ar_internal_metadata",
        "job",
        "job_batche",
        "failed_job",
        "password_reset",
        "password_reset_token",
        "session",
        "cache",
        "cache_lock",
        "personal_access_token",
        "notification",
        "knex_migration",
        "knex_migrations_lock",
        "sequelizemeta",
        "flyway_schema_history",
        "databasechangelog",
        "databasechangeloglock",
        "__efmigrationshistory",
    }
)  # a generated schema names hundreds; more say nothing new

_PRISMA = re.compile(r"^[ \t]*model[ \t]+(\w+)[ \t]*\{", re.MULTILINE)
_DB_SET = re.compile(r"\bDbSet\s*<\s*(?:[\w.]+\.)?(\w+)\s*>")
_JVM_ENTITY = re.compile(
    r"@(?:javax\.persistence\.|jakarta\.persistence\.)?Entity\b(?:\s*\([^)\n]*\))?"
    r"(?:\s*@[\w.]+(?:\s*\([^)]*\))?)*\s*"
    r"(?:(?:public|protected|private|abstract|final|open|data|internal)\s+)*class\s+(\w+)"
)
_GRAILS_DOMAIN = re.compile(r"^[ \t]*class[ \t]+(\w+)", re.MULTILINE)
_JS_TABLE = re.compile(r"""\b(?:pg|mysql|sqlite)Table\s*\(\s*['"`](\w+)['"`]""")
_JS_MODEL = re.compile(
    r"""(?<![\w$])(?:mongoose\s*\.\s*)?model\s*(?:<[^>\n]*>)?\s*\(\s*['"`](\w+)['"`]\s*,"""
)
_JS_DEFINE = re.compile(r"""\.\s*define\s*\(\s*['"`](\w+)['"`]\s*,\s*\{""")
_TS_ENTITY = re.compile(r"@Entity\s*\([^)]*\)\s*(?:export\s+)?(?:default\s+)?class\s+(\w+)")
_ECTO = re.compile(r"""^[ \t]*schema[ \t]+"(\w+)"[ \t]*(?:,|do\b)""", re.MULTILINE)
_GORM = re.compile(r"\btype\s+(\w+)\s+struct\s*\{\s*gorm\.Model\b")
_SQL = re.compile(
    r"""\bCREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"""
    r"""(?:[`"\[]?\w+[`"\]]?\s*\.\s*)?[`"\[]?(\w+)""",
    re.IGNORECASE,
)

# The same statement in an application's code (a sqlite3 or mysqli app creating its tables
# at start-up): written in capitals or in lower case, with its column list after the name,
# so that prose ("create table of contents") is not one.
_SQL_IN_CODE = re.compile(
    r"""\b(?:CREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"""
    r"""|create\s+(?:temp(?:orary)?\s+)?table\s+(?:if\s+not\s+exists\s+)?)"""
    r"""(?:[`"\[]?\w+[`"\]]?\s*\.\s*)?[`"\[]?(\w+)[`"\]]?\s*\("""
)
# A DocType's export: the top-level keys are indented once (its fields' keys deeper), and the
# file sits in a folder named for it under a module's `doctype/`.
_FRAPPE_DOCTYPE = re.compile(r'^ ?"name"\s*:\s*"([^"\n]{1,140})"', re.MULTILINE)
CODE_ENDINGS = (".py", ".php", ".js", ".ts", ".mjs", ".cjs", ".go", ".rb", ".java", ".kt", ".cs")


def _not_a_model_file(parts: list[str], name: str) -> bool:
    return not is_model_file(parts, name)  # counted by layout.py already


def _a_frappe_doctype(parts: list[str], name: str) -> bool:
    return len(parts) >= 3 and parts[-3] == "doctype" and name == f"{parts[-2]}.json"


def _in_a_grails_domain(parts: list[str], name: str) -> bool:
    return "grails-app/domain" in "/".join(parts)


def _not_a_repeated_schema(parts: list[str], name: str) -> bool:
    """Prisma's migrations repeat its schema's models; Laravel's schema dump
    (`database/schema/mysql-schema.sql`) and Rails' `db/structure.sql` repeat the migrations
    and model files."""
    folders = "/".join(parts[:-1])
    return not (
        "prisma" in parts[:-1]
        or folders.endswith("database/schema")
        or (name == "structure.sql" and folders.endswith("db"))
    )


class Declarations(NamedTuple):
    name: str
    endings: tuple[str, ...]  # lower-case file-name endings
    patterns: tuple[re.Pattern[str], ...]
    what: str  # what one is called in the evidence
    needles: tuple[bytes, ...]  # one occurs in every file that declares one
    where: Callable[[list[str], str], bool] = _not_a_model_file  # (path parts, file name)
    also: str = ""  # a fact of the framework's own, one per model beside web.schema_models


DECLARATIONS = (
    Declarations("schemas-prisma", (".prisma",), (_PRISMA,), "Prisma model", (b"model",)),
    Declarations("schemas-ef", (".cs",), (_DB_SET,), "EF Core DbSet of", (b"DbSet",)),
    Declarations("schemas-jvm", (".java", ".kt"), (_JVM_ENTITY,), "entity class", (b"@Entity",)),
    Declarations(
        "schemas-grails",
        (".groovy",),
        (_GRAILS_DOMAIN,),
        "domain class",
        (b"class",),
        _in_a_grails_domain,
    ),
    Declarations(
        "schemas-js",
        (".ts", ".js", ".mts", ".mjs", ".cjs"),
        (_JS_TABLE, _JS_MODEL, _JS_DEFINE, _TS_ENTITY),
        "model",
        (b"Table(", b"model(", b"model<", b".define(", b"@Entity"),
    ),
    Declarations("schemas-ecto", (".ex", ".exs"), (_ECTO,), "Ecto schema", (b"schema ",)),
    Declarations("schemas-gorm", (".go",), (_GORM,), "GORM model", (b"gorm.Model",)),
    Declarations(
        "schemas-frappe",
        (".json",),
        (_FRAPPE_DOCTYPE,),
        "Frappe DocType",
        (b'"DocType"',),
        _a_frappe_doctype,
        "frappe.doctypes",
    ),
    Declarations(
        "schemas-sql",
        (".sql",),
        (_SQL,),
        "table",
        (b"CREATE TABLE", b"create table", b"Create Table"),
        _not_a_repeated_schema,
    ),
    Declarations(
        "schemas-sql-code",
        CODE_ENDINGS,
        (_SQL_IN_CODE,),
        "table",
        (b"CREATE TABLE", b"create table"),
    ),
)
ENDINGS = tuple(ending for d in DECLARATIONS for ending in d.endings)


def _wanted_by(declarations: Declarations) -> Callable[[str], bool]:
    def wants(path: str) -> bool:
        parts = path.split("/")
        name = parts[-1]
        if not name.lower().endswith(declarations.endings) or name.endswith((".d.ts", ".min.js")):
            return False
        return declarations.where(parts, name)

    return wants


def _scanner(declarations: Declarations) -> Callable[[str, str], Iterator[Fact]]:
    def scan_schema(path: str, text: str) -> Iterator[Fact]:
        found: dict[str, tuple[int, str]] = {}  # one per model, however often it is named
        for pattern in declarations.patterns:
            for match in pattern.finditer(text):
                model = match.group(1)
                key = singular(model.lower())
                if key in BOOKKEEPING_TABLES:
                    continue
                if key not in found and len(found) < MAX_MODELS_PER_FILE:
                    found[key] = (match.start(), model)
        if not found:
            return
        lines = Lines(text)
        for key, (offset, model) in found.items():
            line = lines.number(offset)
            detail = f"{declarations.what} {model}"
            yield fact("web.schema_models", path, line, detail)
            if declarations.also:
                yield fact(declarations.also, path, line, detail)
            # A table's name is plural and lower-case (`leave_requests`): its model's is not.
            for category in name_categories(key if model.islower() else model):
                yield fact(category, path, line, detail)

    return scan_schema


FILE_SCANNERS.extend(
    FileScanner(d.name, _wanted_by(d), _scanner(d), d.needles, endings=d.endings)
    for d in DECLARATIONS
)
