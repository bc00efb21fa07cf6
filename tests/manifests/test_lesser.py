"""Dependency manifests of the less common server languages (ecosystems/lesser.py)."""

from __future__ import annotations

import textwrap

import pytest

from stackcheck.facts.manifests import Parsed
from stackcheck.facts.manifests.ecosystems import lesser


def keys(parsed: Parsed) -> set[str]:
    return {f.key for f in parsed.facts if not f.key.startswith("manifest.")}


BUILD_SBT = """\
val Http4sVersion = "0.23.23"
lazy val root = (project in file("."))
  .settings(
    libraryDependencies ++= Seq(
      "org.http4s"      %% "http4s-ember-server" % Http4sVersion,
      "org.http4s"      %% "http4s-dsl"          % Http4sVersion,
      "org.tpolecat"    %% "doobie-core"         % "1.0.0-RC4",
      "org.scalameta"   %% "munit"               % "0.7.29" % Test,
      "com.h2database"  %  "h2"                  % "2.2.224"
    )
  )
"""

CABAL = """\
cabal-version: 2.2
name:          user-manager

library
  exposed-modules: Api
  build-depends:
      base >=4.7 && <5
    , servant-server
    , mongoDB >= 2.7
  -- a comment
    , warp

executable user-manager-exe
  main-is: Main.hs
  build-depends: base, user-manager

test-suite spec
  type: exitcode-stdio-1.0
  build-depends: base, hspec
"""

HPACK = """\
name: user-manager
dependencies:
- base >= 4.7 && < 5
- servant-server
library:
  source-dirs: src
  dependencies: [aeson]
executables:
  server:
    main: Main.hs
    dependencies:
    - warp
tests:
  spec:
    dependencies:
    - hspec
"""

PACKAGE_SWIFT = """\
// swift-tools-version:5.10
import PackageDescription

let package = Package(
    name: "quotes-api",
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.0.0"),
        .package(name: "Fluent", url: "https://github.com/vapor/fluent.git", from: "4.0.0"),
        .package(url: "https://github.com/vapor/apns", from: "3.0.0"),
        .package(path: "../Shared"),
    ],
    targets: [
        .target(name: "App", dependencies: [.product(name: "Vapor", package: "vapor")]),
        .executableTarget(name: "Run", dependencies: ["App"]),
    ]
)
"""

DUNE = """\
(executable
 (public_name proj)
 (name main)
 (preprocess (pps lwt_ppx))
 (libraries proj dream caqti-lwt.unix))
"""

DUNE_PROJECT = """\
(lang dune 3.4)
(package
 (name shop)
 (depends ocaml dune (dream (>= 1.0.0~alpha5)) (alcotest :with-test)))
"""

OPAM = """\
opam-version: "2.0"
depends: [
  "ocaml" {>= "4.14"}
  "dune" {>= "3.4"}
  "opium"
]
"""

DEPS_EDN = """\
{:paths ["src" "resources"]
 :deps {org.clojure/clojure {:mvn/version "1.11.1"}
        ring/ring-core {:mvn/version "1.10.0"}
        compojure/compojure {:mvn/version "1.7.0"}}
 :aliases {:test {:extra-deps {lambdaisland/kaocha {:mvn/version "1.87"}}}}}
"""

PROJECT_CLJ = """\
(defproject clobs "0.1.0"
  :dependencies [[org.clojure/clojure "1.10.0"]
                 [http-kit "2.5.3"]
                 [compojure "1.6.2"]
                 [ring/ring-json "0.5.1" :exclusions [cheshire]]]
  :profiles {:dev {:dependencies [[ring/ring-mock "0.4.0"]]}})
"""

SHARD = """\
name: shop
dependencies:
  kemal:
    github: kemalcr/kemal
  mysql:
    github: crystal-lang/crystal-mysql
development_dependencies:
  ameba:
    github: crystal-ameba/ameba
"""

NIMBLE = """\
version = "0.1.0"
requires "nim >= 2.0.0"
requires "prologue >= 0.6.4", "norm"
"""

ROCKSPEC = """\
package = "lua-api"
dependencies = {
   "lua >= 5.1",
   "lapis == 1.16.0",
   "luasql-mysql",
}
test_dependencies = { "busted" }
"""

ZON = """\
.{
    .name = "zig_crud",
    .version = "0.0.1",
    .dependencies = .{
        .zap = .{ .url = "https://github.com/zigzap/zap/archive/v0.8.0.tar.gz", .hash = "1220" },
        .@"pg.zig" = .{ .url = "https://github.com/karlseguin/pg.zig/archive/master.tar.gz" },
    },
    .paths = .{ "build.zig", "src" },
}
"""

DESCRIPTION = """\
Package: tidyfit
Title: Fit and Compare Classifiers
Version: 0.3.1
Depends: R (>= 3.5.0),
    stats
Imports: randomForest (>= 4.6),
    xgboost
LinkingTo: Rcpp
Suggests: testthat (>= 3.0.0)
"""

PAKET = """\
source https://api.nuget.org/v3/index.json
nuget FSharp.Core
nuget Saturn
nuget Npgsql

group Build
  nuget Fake.Core.Target
"""


@pytest.mark.parametrize(
    ("parse", "path", "text", "expected"),
    [
        pytest.param(
            lesser.parse_build_sbt,
            "build.sbt",
            BUILD_SBT,
            {
                "sbt.dep.http4s-ember-server",
                "sbt.dep.http4s-dsl",
                "sbt.dep.doobie-core",
                "sbt.devdep.munit",
                "sbt.dep.h2",
            },
            id="sbt",
        ),
        pytest.param(
            lesser.parse_build_sbt,
            "build.sbt",
            'lazy val root = (project in file(".")).enablePlugins(PlayScala)\n',
            {"sbt.dep.play"},
            id="sbt-play-plugin",
        ),
        pytest.param(
            lesser.parse_cabal,
            "user-manager.cabal",
            CABAL,
            {
                "cabal.dep.servant-server",
                "cabal.dep.mongodb",
                "cabal.dep.warp",
                "cabal.dep.user-manager",
                "cabal.devdep.hspec",
            },
            id="cabal",
        ),
        pytest.param(
            lesser.parse_hpack,
            "package.yaml",
            HPACK,
            {"cabal.dep.servant-server", "cabal.dep.aeson", "cabal.dep.warp", "cabal.devdep.hspec"},
            id="hpack",
        ),
        pytest.param(
            lesser.parse_cabal,
            "yesod-paginator.cabal",
            CABAL.replace("user-manager-exe", "paginator-example").replace(
                "  main-is: Main.hs", "  main-is: Main.hs\n  hs-source-dirs: example"
            ),
            {
                "cabal.library",
                "cabal.dep.servant-server",
                "cabal.dep.mongodb",
                "cabal.dep.warp",
                "cabal.devdep.user-manager",
                "cabal.devdep.hspec",
            },
            id="cabal-library-with-its-example-program",
        ),
        pytest.param(
            lesser.parse_hpack,
            "package.yaml",
            HPACK.replace(
                "  server:\n    main: Main.hs",
                "  demo:\n    main: Main.hs\n    source-dirs: example",
            ),
            {
                "cabal.library",
                "cabal.dep.servant-server",
                "cabal.dep.aeson",
                "cabal.devdep.warp",
                "cabal.devdep.hspec",
            },
            id="hpack-library-with-its-example-program",
        ),
        pytest.param(
            lesser.parse_package_swift,
            "Package.swift",
            PACKAGE_SWIFT,
            {"spm.dep.vapor", "spm.dep.fluent", "spm.dep.apns"},
            id="package-swift-server",
        ),
        pytest.param(
            lesser.parse_package_swift,
            "Package.swift",
            PACKAGE_SWIFT.replace(
                '.executableTarget(name: "Run", dependencies: ["App"]),', ""
            ).replace(
                "targets: [", 'products: [.library(name: "App", targets: ["App"])],\n    targets: ['
            ),
            {"spm.dep.vapor", "spm.dep.fluent", "spm.dep.apns", "spm.library"},
            id="package-swift-library",
        ),
        pytest.param(
            lesser.parse_dune,
            "src/dune",
            DUNE,
            {"opam.dep.proj", "opam.dep.dream", "opam.dep.caqti-lwt"},
            id="dune-libraries",
        ),
        pytest.param(
            lesser.parse_dune,
            "dune-project",
            DUNE_PROJECT,
            {"opam.dep.dream", "opam.dep.alcotest"},
            id="dune-project-depends",
        ),
        pytest.param(lesser.parse_opam, "shop.opam", OPAM, {"opam.dep.opium"}, id="opam"),
        pytest.param(
            lesser.parse_clojure_deps,
            "deps.edn",
            DEPS_EDN,
            {"clj.dep.ring-core", "clj.dep.compojure"},
            id="deps-edn",
        ),
        pytest.param(
            lesser.parse_clojure_deps,
            "deps.edn",
            '{:deps {app/core {:local/root "./shared"}\n'
            '        cheshire/cheshire {:mvn/version "5.13.0"} ; CVE (transitive from x/y\n'
            '        metosin/reitit {:mvn/version "0.7.1"}\n'
            '        ring/ring-core {:mvn/version "1.15.5"}}}\n',
            {"clj.dep.core", "clj.dep.cheshire", "clj.dep.reitit", "clj.dep.ring-core"},
            id="deps-edn-a-local-root-and-a-comment-with-a-bracket",
        ),
        pytest.param(
            lesser.parse_clojure_deps,
            "project.clj",
            PROJECT_CLJ,
            {"clj.dep.http-kit", "clj.dep.compojure", "clj.dep.ring-json", "clj.devdep.ring-mock"},
            id="project-clj",
        ),
        pytest.param(
            lesser.parse_shard_yml,
            "shard.yml",
            SHARD,
            {"shard.dep.kemal", "shard.dep.mysql", "shard.devdep.ameba"},
            id="shard",
        ),
        pytest.param(
            lesser.parse_nimble,
            "app.nimble",
            NIMBLE,
            {"nimble.dep.prologue", "nimble.dep.norm"},
            id="nimble",
        ),
        pytest.param(
            lesser.parse_rockspec,
            "lua-api-dev-1.rockspec",
            ROCKSPEC,
            {"rock.dep.lapis", "rock.dep.luasql-mysql", "rock.devdep.busted"},
            id="rockspec",
        ),
        pytest.param(
            lesser.parse_build_zig_zon,
            "build.zig.zon",
            ZON,
            {"zig.dep.zap", "zig.dep.pg.zig"},
            id="zig-zon",
        ),
        pytest.param(
            lesser.parse_paket_dependencies,
            "paket.dependencies",
            PAKET,
            {
                "nuget.dep.fsharp.core",
                "nuget.dep.saturn",
                "nuget.dep.npgsql",
                "nuget.devdep.fake.core.target",
            },
            id="paket",
        ),
        pytest.param(
            lesser.parse_r_description,
            "DESCRIPTION",
            DESCRIPTION,
            {
                "r.package",
                "r.dep.stats",
                "r.dep.randomforest",
                "r.dep.xgboost",
                "r.dep.rcpp",
                "r.devdep.testthat",
            },
            id="r-description",
        ),
    ],
)
def test_dependencies(parse, path: str, text: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    parsed = parse(path, textwrap.dedent(text))
    assert keys(parsed) == expected
    assert parsed.dependencies == sum(1 for k in expected if ".dep." in k)


def test_evidence_points_at_the_declaration() -> None:
    parsed = lesser.parse_nimble("app.nimble", NIMBLE)
    prologue = next(f for f in parsed.facts if f.key == "nimble.dep.prologue")
    assert prologue.evidence[0].line == 3
    assert prologue.evidence[0].detail == 'requires "prologue"'


@pytest.mark.parametrize(
    "parse",
    [
        lesser.parse_build_sbt,
        lesser.parse_cabal,
        lesser.parse_dune,
        lesser.parse_opam,
        lesser.parse_clojure_deps,
        lesser.parse_nimble,
        lesser.parse_rockspec,
        lesser.parse_build_zig_zon,
        lesser.parse_paket_dependencies,
        lesser.parse_r_description,
    ],
)
def test_unclosed_and_garbage_text_give_no_dependencies_and_no_error(parse) -> None:  # type: ignore[no-untyped-def]
    for text in ("", "(((((", "{:deps {", "\x00\xff" * 50):
        parsed = parse("x", text)
        assert parsed.dependencies == 0


def test_a_description_without_a_package_field_is_another_projects_prose() -> None:
    """Many projects keep a plain-text DESCRIPTION; only R's control format with a
    `Package:` field is an R package."""
    prose = "This tool converts invoices.\nAuthor: someone\nSee README for usage.\n"
    assert lesser.parse_r_description("DESCRIPTION", prose).facts == ()
    named = lesser.parse_r_description("DESCRIPTION", DESCRIPTION)
    package = next(f for f in named.facts if f.key == "r.package")
    assert package.evidence[0].line == 1
    assert package.evidence[0].detail == "Package: tidyfit"


JULIA_PROJECT = """\
name = "Watchtonight"
uuid = "76e474d3-256a-430c-84fe-de1bc90ade66"

[deps]
Genie = "c43c736e-a2d1-11e8-161f-af95117fbd1e"
SearchLight = "340e8cb6-72eb-11e8-37ce-c97ebeb32050"

[extras]
Test = "8dfed614-e22c-5e08-85e1-65c5234f0b40"
"""


def test_a_julia_project_s_dependencies() -> None:
    parsed = lesser.parse_julia_project("Project.toml", JULIA_PROJECT)
    assert keys(parsed) == {"julia.dep.genie", "julia.dep.searchlight", "julia.devdep.test"}
    assert parsed.dependencies == 2
    genie = next(f for f in parsed.facts if f.key == "julia.dep.genie")
    assert genie.evidence[0].line == 5


def test_another_tool_s_project_toml_is_passed_over() -> None:
    other = 'name = "site"\n[deps]\ntheme = "dark"\n'
    assert lesser.parse_julia_project("Project.toml", other).facts == ()
