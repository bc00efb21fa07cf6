"""A go.mod requirement marked `// indirect` that the code imports is a direct dependency."""

from __future__ import annotations

from stackcheck.facts import Evidence, Fact, merge
from stackcheck.facts.signals import derived, realtime

ROUTES = """package routes

import (
\t"net/http"
\t"github.com/RasoulZamani/blog/internal/middlewares"
\t"github.com/gin-gonic/gin"
\techo "github.com/labstack/echo/v4/middleware"
)
"""


def test_go_files_name_the_packages_they_import() -> None:
    found = merge(realtime.scan_go("internal/routes/routes.go", ROUTES))
    imported = sorted(k for k in found if k.startswith("go.import."))
    assert imported == [
        "go.import.github.com/gin-gonic/gin",
        "go.import.github.com/labstack/echo/v4/middleware",
        "go.import.github.com/rasoulzamani/blog/internal/middlewares",
    ]


def requirement(module: str) -> Fact:
    return Fact(f"go.indirect.{module}", 1, (Evidence("go.mod", 9, f"{module} v1 // indirect"),))


def test_an_imported_indirect_requirement_is_a_dependency() -> None:
    facts = merge(realtime.scan_go("internal/routes/routes.go", ROUTES))
    for module in ("github.com/gin-gonic/gin", "github.com/labstack/echo", "github.com/x/unused"):
        facts[f"go.indirect.{module}"] = requirement(module)
    facts["go.dep.github.com/labstack/echo"] = Fact("go.dep.github.com/labstack/echo", 1)
    facts["go.module"] = Fact("go.module", 1, (Evidence("go.mod", 1, "example.com/blog"),))
    made = {f.key: f for f in derived.go_imported_requirements(facts)}
    assert sorted(made) == ["go.dep.github.com/gin-gonic/gin"]  # echo is listed already
    assert (
        made["go.dep.github.com/gin-gonic/gin"].evidence[0].detail.endswith("imported by the code")
    )


def test_code_written_before_modules_declares_its_dependencies_by_importing_them() -> None:
    """With no go.mod in the tree (GOPATH), an import is the dependency: the module a
    package belongs to, for the hosts whose repositories are `host/owner/name`."""
    facts = merge(
        realtime.scan_go(
            "backend/back.go",
            'package main\n\nimport (\n\t"net/http"\n\t"github.com/gorilla/mux"\n'
            '\t"github.com/influxdata/influxdb/client/v2"\n\t"golang.org/x/net/websocket"\n'
            '\t"gopkg.in/yaml.v2"\n)\n',
        )
    )
    made = sorted(f.key for f in derived.go_imported_requirements(facts))
    assert made == [
        "go.dep.github.com/gorilla/mux",
        "go.dep.github.com/influxdata/influxdb",
        "go.dep.golang.org/x/net",
    ]
    facts["go.module"] = Fact("go.module", 1)
    assert list(derived.go_imported_requirements(facts)) == []
