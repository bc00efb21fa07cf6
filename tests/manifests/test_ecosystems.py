"""Parsers for the other ecosystems: Go, Rust, PHP, Elixir, Ruby, JVM, native, mobile."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stackcheck.facts import Evidence, Manifest, manifests
from stackcheck.facts.collect import collect
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.ecosystems import dotnet as ecosystems_dotnet
from stackcheck.facts.manifests.ecosystems import elixir as ecosystems_elixir
from stackcheck.facts.manifests.ecosystems import jvm as ecosystems_jvm
from stackcheck.facts.manifests.ecosystems import mobile as ecosystems_mobile
from stackcheck.facts.manifests.ecosystems import more as ecosystems_more
from stackcheck.facts.manifests.ecosystems import native as ecosystems_native
from stackcheck.facts.manifests.ecosystems import ruby as ecosystems_ruby
from stackcheck.facts.manifests.ecosystems import server as ecosystems
from stackcheck.source.discover import discover
from stackcheck.source.textio import NotText, decode

Parser = Callable[[str, str], Parsed]
RepoFactory = Callable[..., Path]  # the `repo` fixture of tests/conftest.py


def values(parsed: Parsed) -> dict[str, float]:
    found: dict[str, float] = {}
    for item in parsed.facts:
        found[item.key] = found.get(item.key, 0.0) + item.value
    return found


def evidence(parsed: Parsed, key: str) -> list[Evidence]:
    return [e for f in parsed.facts if f.key == key for e in f.evidence]


# --- samples, true to each real format ------------------------------------------------------

GO_MOD = """\
module github.com/acme/OrderBook

go 1.22

toolchain go1.22.1

require github.com/gorilla/websocket v1.5.1

require (
\tgithub.com/gin-gonic/gin v1.9.1
\tgithub.com/nats-io/nats.go v1.31.0 // pinned for the feed handler
\tgolang.org/x/sys v0.15.0 // indirect
\t"github.com/Quoted/Thing" v1.0.0 // indirect; kept for tests
)

replace github.com/gorilla/websocket => ../websocket

exclude (
\tgolang.org/x/net v0.1.0
)

retract [v1.0.0, v1.0.5] // published by mistake
"""

CARGO_TOML = """\
[package]
name = "matching-engine"
version = "0.3.0"
license = "MIT"

[lib]
path = "src/lib.rs"

[[bin]]
name = "engine"
path = "src/main.rs"

[[bin]]
name = "replay"
path = "src/replay.rs"

[dependencies]
tokio = { version = "1.35", features = ["full"] }
serde = "1.0"
crossbeam = { workspace = true }
fast_json = { package = "simd-json", version = "0.13" }

[dependencies.axum]
version = "0.7"

[dev-dependencies]
criterion = "0.5"

[build-dependencies]
cc = "1.0"

[target.'cfg(target_os = "linux")'.dependencies]
io-uring = "0.6"

[target.'cfg(unix)'.dev-dependencies]
tempfile = "3"

[profile.release]
opt-level = 3
lto = "fat"
codegen-units = 1
"""

CARGO_WORKSPACE = """\
[workspace]
members = ["engine", "gateway", "feed"]
resolver = "2"

[workspace.dependencies]
tokio = "1.35"

[profile.release]
lto = false
opt-level = 2
"""

COMPOSER_JSON = """\
{
    "name": "laravel/laravel",
    "type": "project",
    "require": {
        "php": "^8.1",
        "ext-json": "*",
        "guzzlehttp/guzzle": "^7.2",
        "Laravel/Framework": "^10.10",
        "laravel/sanctum": "^3.3"
    },
    "require-dev": {
        "phpunit/phpunit": "^10.1"
    },
    "bin": ["bin/console"]
}
"""

COMPOSER_LOCK = """\
{
    "_readme": ["This file locks the dependencies of your project to a known state"],
    "content-hash": "9c491b8531eec05ba41a11d9276a5749",
    "packages": [
        {
            "name": "laravel/framework",
            "version": "v10.38.2",
            "type": "library"
        },
        {
            "name": "symfony/console",
            "version": "v6.4.1"
        }
    ],
    "packages-dev": [
        {
            "name": "phpunit/phpunit",
            "version": "10.5.3"
        }
    ]
}
"""

MIX_EXS = """\
defmodule Chat.MixProject do
  use Mix.Project

  def project do
    [
      app: :chat,
      version: "0.1.0",
      elixir: "~> 1.14",
      deps: deps()
    ]
  end

  @moduledoc ~S\"\"\"
  Chat "server" with {:fake, "tuple"} in its docs.
  \"\"\"

  # Run "mix help deps" to learn about dependencies.
  defp deps do
    [
      {:phoenix, "~> 1.7.10"},
      {:phoenix_live_view, "~> 0.20.1"},
      {:floki, ">= 0.30.0", only: :test},
      {:credo, "~> 1.7", only: [:dev, :test], runtime: false},
      {:telemetry_poller, "~> 1.0", only: [:dev, :prod]},
      {:heroicons, github: "tailwindlabs/heroicons", tag: "v2.1.1", app: false},
      {:ecto_sql, "#{System.get_env("ECTO_VERSION", "~> 3.10")}"},
      {:"quoted_atom", ~s(1.0)}
    ]
  end

  defp aliases do
    [setup: ["deps.get"], test: [{:not, "a dep"}]]
  end
end
"""

GEMFILE = """\
source "https://rubygems.org"
git_source(:github) { |repo| "https://github.com/#{repo}.git" }

ruby "3.2.2"

gem "rails", "~> 7.1.2"
gem 'pg', '~> 1.1'
gem "tzinfo-data", platforms: %i[ windows jruby ]
gem "bootsnap", require: false
gem "rubocop", group: :development
gem "rspec", :group => [:test]
gem "sidekiq" if ENV["JOBS"]

=begin
gem "commented_out"
=end

group :development, :test do
  gem "debug", platforms: %i[ mri windows ]
  if RUBY_VERSION >= "3.0"
    gem "byebug"
  end
end

group :production do
  gem "lograge"
end

group :test do
  # Use system testing
  gem "capybara"
end

def helper = 42
notes = <<~EOS
  gem "inside_heredoc"
EOS
gem "after_heredoc"
"""

# Ruby control flow around the gem calls: the block walk must stay balanced.
GEMFILE_CONTROL_FLOW = """\
# frozen_string_literal: true
source "https://rubygems.org"

def rails_master?; ENV["RAILS_MASTER"] == "1"; end
def self.helper(a, b = 2) = a + b

if rails_master?
  gem "rails", git: "https://github.com/rails/rails.git"
else
  gem "rails", "~> 7.1"
end

case RUBY_ENGINE
when "jruby"
  gem "activerecord-jdbc-adapter"
else
  gem "pg"
end

begin
  require "bundler/setup"
rescue LoadError => e
  warn e.message
end

%w{rspec-core rspec-mocks}.each do |lib|
  gem lib, github: "rspec/#{lib}"
end

group :test do
  gem "webmock", require: false unless ENV["CI"]
  helpers = { "a" => 1 }.map { |k, v| [k, v] }
  unless ENV["NO_SELENIUM"]
    gem "selenium-webdriver"
  end
  while false do
    break
  end
end

gem "redis", "~> 5.0" # comment with "quote
x = ENV["Y"] ? "a" : "b"
y = if x then 1 else 2 end
"""

GEMFILE_LOCK = """\
GIT
  remote: https://github.com/rails/rails.git
  revision: 1a2b3c
  specs:
    rails (7.2.0.alpha)
      actioncable (= 7.2.0.alpha)

GEM
  remote: https://rubygems.org/
  specs:
    actioncable (7.1.2)
      actionpack (= 7.1.2)
      nio4r (~> 2.0)
    nokogiri (1.15.5-x86_64-linux)
      racc (~> 1.4)

PLATFORMS
  x86_64-linux

DEPENDENCIES
  rails!

BUNDLED WITH
   2.4.22
"""

WEB_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<web-app xmlns="http://java.sun.com/xml/ns/javaee" version="3.1">
    <servlet>
        <servlet-name>Roster</servlet-name>
        <servlet-class>edu.roster.RosterServlet</servlet-class>
    </servlet>
    <servlet-mapping>
        <servlet-name>Roster</servlet-name>
        <url-pattern>/roster</url-pattern>
    </servlet-mapping>
    <welcome-file-list><welcome-file>index.jsp</welcome-file></welcome-file-list>
</web-app>
"""

GEMSPEC = """\
Gem::Specification.new do |spec|
  spec.name = "audit_trail"
  spec.version = AuditTrail::VERSION
  spec.files = Dir["{app,config,db,lib}/**/*"]
  spec.add_dependency "rails", ">= 7.0"
  spec.add_runtime_dependency("pagy", "~> 9.0")
  spec.add_development_dependency "rspec-rails"
end
"""

PODFILE = """\
platform :ios, '13.0'
use_frameworks!

target 'Shop' do
  pod 'Alamofire', '~> 5.8'
  pod 'Firebase/Analytics'

  target 'ShopTests' do
    inherit! :search_paths
    pod 'Quick'
  end
end

post_install do |installer|
  installer.pods_project.targets.each do |target|
    target.build_configurations.each do |config|
      config.build_settings['IPHONEOS_DEPLOYMENT_TARGET'] = '13.0'
    end
  end
end
"""

POM_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.1</version>
    <relativePath/> <!-- lookup parent from repository -->
  </parent>
  <groupId>com.example</groupId>
  <artifactId>orders</artifactId>
  <version>0.0.1-SNAPSHOT</version>
  <packaging>war</packaging>
  <properties>
    <java.version>17</java.version>
    <lombok.version>1.18.30</lombok.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>org.projectlombok</groupId>
      <artifactId>lombok</artifactId>
      <version>${lombok.version}</version>
      <optional>true</optional>
    </dependency>
    <dependency>
      <groupId>${project.groupId}</groupId>
      <artifactId>orders-core</artifactId>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-test</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.springframework.cloud</groupId>
        <artifactId>spring-cloud-dependencies</artifactId>
        <version>2023.0.0</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <build>
    <plugins>
      <plugin>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-maven-plugin</artifactId>
      </plugin>
      <plugin>
        <artifactId>maven-surefire-plugin</artifactId>
      </plugin>
    </plugins>
  </build>
</project>
"""

GRADLE_KTS = """\
plugins {
    id("org.springframework.boot") version "3.2.1"
    id("io.spring.dependency-management") version "1.1.4"
    kotlin("jvm") version "1.9.21"
    `java-library`
    application
    alias(libs.plugins.ktor)
}

group = "com.example"

/* Block comment with a "quote and } brace */
dependencies {
    implementation("org.springframework.boot:spring-boot-starter-webflux")
    implementation(platform("org.springframework.boot:spring-boot-dependencies:3.2.1"))
    implementation(kotlin("stdlib"))
    implementation(project(":core"))
    implementation(libs.ktor.server.core)
    runtimeOnly("org.postgresql:postgresql")
    testImplementation("org.springframework.boot:spring-boot-starter-test") {
        exclude(group = "org.junit.vintage", module = "junit-vintage-engine")
    }
    implementation("io.ktor:ktor-server-netty:${property("ktorVersion")}")
}

tasks.withType<Test> {
    useJUnitPlatform()
}

val notADependency = "com.example:outside:1.0"
"""

GRADLE_GROOVY_ANDROID = """\
buildscript {
    dependencies {
        classpath 'com.android.tools.build:gradle:8.2.0'
    }
}
apply plugin: 'com.android.application'
apply plugin: 'kotlin-android'

android {
    namespace 'com.example.shop'
    compileSdk 34
    defaultConfig {
        applicationId "com.example.shop"
        minSdk 24
    }
}

dependencies {
    implementation 'androidx.core:core-ktx:1.12.0'
    implementation group: 'com.squareup.retrofit2', name: 'retrofit', version: '2.9.0'
    androidTestImplementation "androidx.test.espresso:espresso-core:3.5.1"
    debugImplementation 'com.squareup.leakcanary:leakcanary-android:2.12'
    implementation fileTree(dir: 'libs', include: ['*.jar'])
}
"""

VERSION_CATALOG = """\
[versions]
ktor = "2.3.7"

[libraries]
ktor-server-core = { module = "io.ktor:ktor-server-core", version.ref = "ktor" }
logback = "ch.qos.logback:logback-classic:1.4.14"
junit = { group = "org.junit.jupiter", name = "junit-jupiter", version = "5.10.1" }

[plugins]
android-application = { id = "com.android.application", version = "8.2.0" }
ktor = "io.ktor.plugin:2.3.7"
"""

CMAKELISTS = """\
cmake_minimum_required(VERSION 3.20)
project(MatchingEngine VERSION 1.0 LANGUAGES CXX)

#[[ A bracket comment
    add_executable(ghost main.cpp) ]]
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_FLAGS_RELEASE "-O3 -march=native -ffast-math") # tuned for the colo box
set(CMAKE_INTERPROCEDURAL_OPTIMIZATION ON)
find_package(Boost 1.82 REQUIRED COMPONENTS system)
FIND_PACKAGE(Threads REQUIRED)
include(FetchContent)
FetchContent_Declare(
  googletest
  URL [=[https://github.com/google/googletest/archive/v1.14.0.zip]=]
)
add_library(book STATIC src/order_book.cpp)
add_library(Book::book ALIAS book)
add_executable(engine src/main.cpp)
target_compile_options(engine PRIVATE $<$<CONFIG:Release>:-flto=auto> -Wall)
if((UNIX AND NOT APPLE) OR MINGW)
  message(STATUS "a \\"quoted\\" (paren")
endif()
"""

CONANFILE_TXT = """\
[requires]
boost/1.83.0
zlib/1.3
openssl/[>=3 <4]

[tool_requires]
cmake/3.27.7

[generators]
CMakeDeps
CMakeToolchain

[options]
boost/*:shared=False
"""

CONANFILE_PY = """\
from conan import ConanFile


class EngineConan(ConanFile):
    settings = "os", "compiler", "build_type", "arch"
    requires = "fmt/10.1.1", "spdlog/1.12.0"
    tool_requires = "ninja/1.11.1"

    def requirements(self):
        self.requires("abseil/20230802.1")
        self.requires(f"protobuf/{self.version}")
        if self.options.with_tests:
            self.test_requires("gtest/1.14.0")
"""

VCPKG_JSON = """\
{
  "name": "engine",
  "version-string": "1.0",
  "dependencies": [
    "fmt",
    { "name": "boost-asio", "features": ["ssl"] },
    { "name": "vcpkg-cmake", "host": true }
  ]
}
"""

PLATFORMIO_INI = """\
; PlatformIO Project Configuration File
[platformio]
default_envs = esp32dev

[common]
lib_deps = bblanchon/ArduinoJson @ ^6.21.3

[env]
monitor_speed = 115200

[env:esp32dev]
platform = espressif32
board = esp32dev
framework = arduino, espidf
lib_deps =
    knolleary/PubSubClient@^2.8
    ${common.lib_deps}
    adafruit/Adafruit Unified Sensor @ ^1.1.9
    https://github.com/me/MyLib.git#v1.0

[env:uno]
platform = platformio/atmelavr@^4.2.0
board = uno
framework = arduino ; the inline comment is not part of the value
"""

ANDROID_MANIFEST = """\
<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    package="com.example.shop">
    <uses-permission android:name="android.permission.INTERNET" />
    <application android:label="Shop">
        <activity android:name=".MainActivity" android:exported="true" />
    </application>
</manifest>
"""

PBXPROJ = """\
// !$*UTF8*$!
{
\tarchiveVersion = 1;
\tclasses = {
\t};
\tobjectVersion = 56;
\tobjects = {

/* Begin PBXBuildFile section */
\t\t13B07FBC1A68108700A75B9A /* AppDelegate.swift in Sources */ = {isa = PBXBuildFile; \
fileRef = 13B07FB01A68108700A75B9A /* AppDelegate.swift */; };
/* End PBXBuildFile section */

/* Begin XCBuildConfiguration section */
\t\t83CBBA201A601CBA00E9B192 /* Debug */ = {
\t\t\tisa = XCBuildConfiguration;
\t\t\tbuildSettings = {
\t\t\t\tALWAYS_SEARCH_USER_PATHS = NO;
\t\t\t\tIPHONEOS_DEPLOYMENT_TARGET = 15.0;
\t\t\t\tLIBRARY_SEARCH_PATHS = (
\t\t\t\t\t"$(SDKROOT)/usr/lib/swift",
\t\t\t\t\t"\\"$(inherited)\\"",
\t\t\t\t);
\t\t\t\tSDKROOT = iphoneos;
\t\t\t};
\t\t\tname = Debug;
\t\t};
/* End XCBuildConfiguration section */
\t};
\trootObject = 83CBB9F71A601CBA00E9B192 /* Project object */;
}
"""

PUBSPEC = """\
name: shop_app
description: A new Flutter project.
homepage: "https://example.com/provider: not a key"
publish_to: 'none'
version: 1.0.0+1

environment:
  sdk: '>=3.2.0 <4.0.0'

dependencies:
  flutter:
    sdk: flutter
  cupertino_icons: ^1.0.2
  http: ^1.1.0
  provider:

dev_dependencies:
  flutter_test:
    sdk: flutter
  flutter_lints: ^2.0.0

flutter:
  uses-material-design: true
"""


# --- every fact each sample yields, "nothing found" cases first ------------------------------

CSPROJ_WEB = """\
<Project Sdk="Microsoft.NET.Sdk.Web">

  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="8.0.1" />
    <PackageReference Include="Stripe.net">
      <Version>43.0.0</Version>
    </PackageReference>
    <ProjectReference Include="..\\Shop.Core\\Shop.Core.csproj" />
    <FrameworkReference Include="Microsoft.AspNetCore.App" />
  </ItemGroup>

</Project>
"""

CSPROJ_TESTS = """\
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <UseWPF>true</UseWPF>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.8.0" />
    <PackageReference Include="xunit" Version="2.6.1" />
  </ItemGroup>
</Project>
"""

CSPROJ_LEGACY_WPF = """\
<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <OutputType>WinExe</OutputType>
    <UseWPF>true</UseWPF>
  </PropertyGroup>
</Project>
"""

PACKAGES_CONFIG = """\
<?xml version="1.0" encoding="utf-8"?>
<packages>
  <package id="EntityFramework" version="6.4.4" targetFramework="net48" />
  <package id="Microsoft.AspNet.Mvc" version="5.2.9" targetFramework="net48" />
</packages>
"""

FACT_CASES = [
    # go.mod
    pytest.param(ecosystems.parse_go_mod, "", {"manifest.go-mod": 1}, 0, id="go-empty"),
    pytest.param(
        ecosystems.parse_go_mod,
        "// a library with no requirements\nmodule example.com/lib\n\ngo 1.21\n",
        {"manifest.go-mod": 1, "go.module": 1},
        0,
        id="go-no-requires",
    ),
    pytest.param(
        ecosystems.parse_go_mod,
        GO_MOD,
        {
            "manifest.go-mod": 1,
            "go.module": 1,
            "go.dep.github.com/gorilla/websocket": 1,
            "go.dep.github.com/gin-gonic/gin": 1,
            "go.dep.github.com/nats-io/nats.go": 1,
            "go.indirect.golang.org/x/sys": 1,
            "go.indirect.github.com/quoted/thing": 1,
        },
        5,
        id="go-full",
    ),
    pytest.param(
        ecosystems.parse_go_mod,
        "module example.com/hub\n\nrequire (\n"
        "\tgithub.com/labstack/echo/v5 v5.0.0\n"
        "\tgithub.com/go-chi/chi v1.5.5\n"
        "\tgithub.com/jackc/pgx/v10 v10.1.0\n"
        "\tgopkg.in/yaml.v3 v3.0.1\n"
        "\tk8s.io/api/v1 v1.0.0\n"
        "\tgithub.com/acme/v2ray v1.0.0\n"
        "\tgithub.com/acme/tool/v2 v2.0.0 // indirect\n"
        ")\n",
        {
            "manifest.go-mod": 1,
            "go.module": 1,
            # Every major version is the project at its path without the /vN suffix.
            "go.dep.github.com/labstack/echo": 1,
            "go.dep.github.com/go-chi/chi": 1,
            "go.dep.github.com/jackc/pgx": 1,
            "go.dep.gopkg.in/yaml.v3": 1,
            "go.dep.k8s.io/api/v1": 1,
            "go.dep.github.com/acme/v2ray": 1,
            "go.indirect.github.com/acme/tool": 1,
        },
        7,
        id="go-major-versions",
    ),
    # Cargo.toml
    pytest.param(
        ecosystems.parse_cargo_toml,
        '[package]\nname = "tiny"\nversion = "0.1.0"\n',
        {"manifest.cargo-toml": 1, "cargo.package": 1},
        0,
        id="cargo-no-deps",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        '[package]\nname = "migration"\npublish = false\n\n[lib]\nname = "migration"\n',
        {"manifest.cargo-toml": 1, "cargo.package": 1},
        0,
        id="cargo-unpublished-lib-is-the-app-s-own",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        '[package]\nname = "game-server"\nversion = "0.1.0"\n\n[lib]\ncrate-type = ["rlib"]\n',
        {
            "manifest.cargo-toml": 1,
            "cargo.package": 1,
            "cargo.lib": 1,
            "cargo.unpublishable_lib": 1,
        },
        0,
        id="cargo-lib-with-neither-description-nor-licence-cannot-be-published",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        '[package]\nname = "parser"\npublish = ["internal"]\n\n[lib]\nname = "parser"\n',
        {"manifest.cargo-toml": 1, "cargo.package": 1, "cargo.lib": 1},
        0,
        id="cargo-lib-published-to-a-registry",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        '[package]\nname = "macros"\nlicense = "MIT"\n\n[lib]\nproc-macro = true\n',
        {"manifest.cargo-toml": 1, "cargo.package": 1, "cargo.lib": 1},
        0,
        id="cargo-proc-macro-lib",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        CARGO_TOML,
        {
            "manifest.cargo-toml": 1,
            "cargo.package": 1,
            "cargo.lib": 1,
            "cargo.bin": 2,
            "cargo.dep.tokio": 1,
            "cargo.dep.serde": 1,
            "cargo.dep.crossbeam": 1,
            "cargo.dep.simd-json": 1,
            "cargo.dep.axum": 1,
            "cargo.devdep.criterion": 1,
            "cargo.builddep.cc": 1,
            "cargo.dep.io-uring": 1,
            "cargo.devdep.tempfile": 1,
            "cargo.profile.opt3": 1,
            "cargo.profile.lto": 1,
        },
        9,
        id="cargo-full",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        CARGO_WORKSPACE,
        {"manifest.cargo-toml": 1, "cargo.workspace": 1, "cargo.dep.tokio": 1},
        1,
        id="cargo-workspace-untuned-profile",
    ),
    # composer.json / composer.lock
    pytest.param(
        ecosystems.parse_composer_json,
        '{"name": "acme/lib", "require": {"php": ">=8.1", "ext-mbstring": "*"}}',
        {"manifest.composer-json": 1},
        0,
        id="composer-platform-only",
    ),
    pytest.param(
        ecosystems.parse_composer_json,
        COMPOSER_JSON,
        {
            "manifest.composer-json": 1,
            "composer.dep.guzzlehttp/guzzle": 1,
            "composer.dep.laravel/framework": 1,
            "composer.dep.laravel/sanctum": 1,
            "composer.devdep.phpunit/phpunit": 1,
            "composer.type.project": 1,
            "composer.bin": 1,
        },
        4,
        id="composer-full",
    ),
    pytest.param(
        ecosystems.parse_composer_json,
        '{"name": "acme/slides", "type": "wordpress-plugin", "require": {"php": ">=8.1"}}',
        {"manifest.composer-json": 1, "composer.type.wordpress-plugin": 1, "composer.addon": 1},
        0,
        id="composer-wordpress-plugin-is-an-add-on",
    ),
    pytest.param(
        ecosystems.parse_composer_json,
        '{"name": "acme/shop", "type": "silverstripe-vendormodule", "require": {"php": ">=8.1"}}',
        {
            "manifest.composer-json": 1,
            "composer.type.silverstripe-vendormodule": 1,
            "composer.addon": 1,
        },
        0,
        id="composer-installer-kind-says-add-on-whatever-the-host",
    ),
    pytest.param(
        ecosystems.parse_composer_json,
        '{"name": "acme/tool", "type": "composer-installer-project"}',
        {"manifest.composer-json": 1, "composer.type.composer-installer-project": 1},
        0,
        id="composer-other-kinds-are-no-add-on",
    ),
    pytest.param(
        ecosystems.parse_composer_json,
        '{"name": "acme/forum", "type": "library", "require": {"laravel/framework": "^10.0"},'
        ' "extra": {"laravel": {"providers": ["Acme\\\\Forum\\\\ForumServiceProvider"]}}}',
        {
            "manifest.composer-json": 1,
            "composer.dep.laravel/framework": 1,
            "composer.type.library": 1,
            "composer.addon": 1,
        },
        1,
        id="composer-laravel-package-is-an-add-on",
    ),
    pytest.param(
        ecosystems.parse_composer_json,
        '{"name": "laravel/laravel", "type": "project", "require": {"laravel/framework": "^10.0"},'
        ' "extra": {"laravel": {"dont-discover": [], "providers": ["App\\\\X"]}}}',
        {
            "manifest.composer-json": 1,
            "composer.dep.laravel/framework": 1,
            "composer.type.project": 1,
        },
        1,
        id="composer-laravel-project-is-no-add-on",
    ),
    pytest.param(
        ecosystems.parse_composer_lock,
        '{"packages": [], "packages-dev": []}',
        {"manifest.composer-lock": 1},
        0,
        id="composer-lock-empty",
    ),
    pytest.param(
        ecosystems.parse_composer_lock,
        COMPOSER_LOCK,
        {
            "manifest.composer-lock": 1,
            "composer.lock.laravel/framework": 1,
            "composer.lock.symfony/console": 1,
            "composer.lock.phpunit/phpunit": 1,
        },
        3,
        id="composer-lock",
    ),
    # main.wasp
    pytest.param(
        ecosystems_more.parse_wasp,
        'app Shop {\n  wasp: { version: "^0.18.0" },\n  title: "Shop",\n}\n\n'
        'route RootRoute { path: "/", to: MainPage }\n'
        'action createOrder {\n  fn: import { createOrder } from "@src/orders",\n}\n'
        'query getOrders {\n  fn: import { getOrders } from "@src/orders",\n}\n',
        {"manifest.wasp": 1, "wasp.app": 1, "rt.http_handlers": 2},
        0,
        id="wasp-app-and-its-operations",
    ),
    # mix.exs
    pytest.param(
        ecosystems_elixir.parse_mix_exs,
        "defmodule Lib.MixProject do\n  use Mix.Project\n\n  defp deps, do: []\nend\n",
        {"manifest.mix-exs": 1},
        0,
        id="mix-no-deps",
    ),
    pytest.param(
        ecosystems_elixir.parse_mix_exs,
        MIX_EXS,
        {
            "manifest.mix-exs": 1,
            "mix.dep.phoenix": 1,
            "mix.dep.phoenix_live_view": 1,
            "mix.devdep.floki": 1,
            "mix.devdep.credo": 1,
            "mix.dep.telemetry_poller": 1,
            "mix.dep.heroicons": 1,
            "mix.dep.ecto_sql": 1,
            "mix.dep.quoted_atom": 1,
        },
        8,
        id="mix-full",
    ),
    pytest.param(
        ecosystems_elixir.parse_mix_exs,
        'defmodule Umbrella.MixProject do\n  def project do\n    [apps_path: "apps",'
        ' deps: [{:credo, "~> 1.7", only: :dev}]]\n  end\nend\n',
        {"manifest.mix-exs": 1, "mix.umbrella": 1, "mix.devdep.credo": 1},
        1,
        id="mix-umbrella-inline-deps",
    ),
    pytest.param(
        ecosystems_elixir.parse_mix_exs,
        "defmodule Kit.MixProject do\n  def project do\n    [app: :kit, package: package(),"
        ' deps: []]\n  end\n\n  defp package do\n    [licenses: ["MIT"]]\n  end\nend\n',
        {"manifest.mix-exs": 1, "mix.package": 1},
        0,
        id="mix-hex-package",
    ),
    # Gemfile / Gemfile.lock
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        'source "https://rubygems.org"\n',
        {"manifest.gemfile": 1},
        0,
        id="gemfile-no-gems",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        GEMFILE,
        {
            "manifest.gemfile": 1,
            "gem.dep.rails": 1,
            "gem.dep.pg": 1,
            "gem.dep.tzinfo-data": 1,
            "gem.dep.bootsnap": 1,
            "gem.devdep.rubocop": 1,
            "gem.devdep.rspec": 1,
            "gem.dep.sidekiq": 1,
            "gem.devdep.debug": 1,
            "gem.devdep.byebug": 1,
            "gem.dep.lograge": 1,
            "gem.devdep.capybara": 1,
            "gem.dep.after_heredoc": 1,
        },
        12,
        id="gemfile-full",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        'source "https://rubygems.org"\n\ngemspec\n\ngroup(:test) { gem "minitest" }\n',
        {"manifest.gemfile": 1, "gem.gemspec": 1, "gem.devdep.minitest": 1},
        1,
        id="gemfile-of-a-gem",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        GEMFILE_CONTROL_FLOW,
        {
            "manifest.gemfile": 1,
            "gem.dep.rails": 2,
            "gem.dep.activerecord-jdbc-adapter": 1,
            "gem.dep.pg": 1,
            "gem.devdep.webmock": 1,
            "gem.devdep.selenium-webdriver": 1,
            "gem.dep.redis": 1,
        },
        7,
        id="gemfile-control-flow",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile_lock,
        "PLATFORMS\n  ruby\n\nBUNDLED WITH\n   2.4.22\n",
        {"manifest.gemfile-lock": 1},
        0,
        id="gemfile-lock-no-specs",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile_lock,
        GEMFILE_LOCK,
        {
            "manifest.gemfile-lock": 1,
            "gem.lock.rails": 1,
            "gem.lock.actioncable": 1,
            "gem.lock.nokogiri": 1,
        },
        3,
        id="gemfile-lock",
    ),
    # WEB-INF/web.xml
    pytest.param(
        ecosystems_jvm.parse_web_xml,
        WEB_XML,
        {"manifest.web-xml": 1, "java.web_app": 1},
        0,
        id="servlet-deployment-descriptor",
    ),
    # *.gemspec
    pytest.param(
        ecosystems_ruby.parse_gemspec,
        GEMSPEC.replace('"rails"', '"faraday"'),
        {"manifest.gemspec": 1},
        2,
        id="gemspec-plain-gem",
    ),
    # Podfile
    pytest.param(
        ecosystems_ruby.parse_podfile,
        "platform :osx, '12.0'\n\ntarget 'MacApp' do\n  pod 'Sparkle'\nend\n",
        {"manifest.podfile": 1, "pod.platform.osx": 1, "pod.dep.sparkle": 1},
        1,
        id="podfile-macos-is-not-ios",
    ),
    pytest.param(
        ecosystems_ruby.parse_podfile,
        PODFILE,
        {
            "manifest.podfile": 1,
            "pod.platform.ios": 1,
            "pod.dep.alamofire": 1,
            "pod.dep.firebase": 1,
            "pod.dep.quick": 1,
            "mobile.ios": 1,
        },
        3,
        id="podfile-ios",
    ),
    # pom.xml
    pytest.param(
        ecosystems_jvm.parse_pom_xml,
        "<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId>"
        "<artifactId>b</artifactId><version>1</version></project>",
        {"manifest.pom-xml": 1, "maven.project": 1},
        0,
        id="pom-no-namespace-no-deps",
    ),
    pytest.param(
        ecosystems_jvm.parse_pom_xml,
        POM_XML,
        {
            "manifest.pom-xml": 1,
            "maven.project": 1,
            "maven.parent.org.springframework.boot:spring-boot-starter-parent": 1,
            "maven.packaging.war": 1,
            "maven.dep.org.springframework.boot:spring-boot-starter-web": 1,
            "maven.dep.org.projectlombok:lombok": 1,
            "maven.dep.com.example:orders-core": 1,
            "maven.devdep.org.springframework.boot:spring-boot-starter-test": 1,
            "maven.managed.org.springframework.cloud:spring-cloud-dependencies": 1,
            "maven.plugin.org.springframework.boot:spring-boot-maven-plugin": 1,
            "maven.plugin.org.apache.maven.plugins:maven-surefire-plugin": 1,
        },
        4,
        id="pom-spring-boot",
    ),
    # Gradle
    pytest.param(
        ecosystems_jvm.parse_gradle,
        "rootProject.name = 'shop'\n\nrepositories {\n    mavenCentral()\n}\n",
        {"manifest.gradle": 1},
        0,
        id="gradle-no-deps",
    ),
    pytest.param(
        ecosystems_jvm.parse_gradle,
        GRADLE_KTS,
        {
            "manifest.gradle": 1,
            "gradle.plugin.org.springframework.boot": 1,
            "gradle.plugin.io.spring.dependency-management": 1,
            "gradle.plugin.org.jetbrains.kotlin.jvm": 1,
            "gradle.plugin.java-library": 1,
            "gradle.plugin.application": 1,
            "gradle.dep.org.springframework.boot:spring-boot-starter-webflux": 1,
            "gradle.dep.org.springframework.boot:spring-boot-dependencies": 1,
            "gradle.dep.org.jetbrains.kotlin:kotlin-stdlib": 1,
            "gradle.dep.org.postgresql:postgresql": 1,
            "gradle.devdep.org.springframework.boot:spring-boot-starter-test": 1,
            "gradle.dep.io.ktor:ktor-server-netty": 1,
        },
        6,
        id="gradle-kotlin-dsl",
    ),
    pytest.param(
        ecosystems_jvm.parse_gradle,
        GRADLE_GROOVY_ANDROID,
        {
            "manifest.gradle": 1,
            "gradle.classpath.com.android.tools.build:gradle": 1,
            "gradle.plugin.com.android.application": 1,
            "gradle.plugin.kotlin-android": 1,
            "mobile.android": 1,
            "gradle.dep.androidx.core:core-ktx": 1,
            "gradle.dep.com.squareup.retrofit2:retrofit": 1,
            "gradle.devdep.androidx.test.espresso:espresso-core": 1,
            "gradle.devdep.com.squareup.leakcanary:leakcanary-android": 1,
        },
        4,
        id="gradle-groovy-android",
    ),
    pytest.param(
        ecosystems_jvm.parse_gradle,
        "plugins {\n    id 'com.android.library'\n}\n",
        {"manifest.gradle": 1, "gradle.plugin.com.android.library": 1, "mobile.android": 1},
        0,
        id="gradle-android-plugin-only",
    ),
    pytest.param(
        ecosystems_jvm.parse_version_catalog,
        '[versions]\nktor = "2.3.7"\n',
        {"manifest.gradle-catalog": 1},
        0,
        id="catalog-versions-only",
    ),
    pytest.param(
        ecosystems_jvm.parse_version_catalog,
        VERSION_CATALOG,
        {
            "manifest.gradle-catalog": 1,
            "gradle.dep.io.ktor:ktor-server-core": 1,
            "gradle.dep.ch.qos.logback:logback-classic": 1,
            "gradle.dep.org.junit.jupiter:junit-jupiter": 1,
            "gradle.plugin.com.android.application": 1,
            "gradle.plugin.io.ktor.plugin": 1,
            "mobile.android": 1,
        },
        3,
        id="catalog",
    ),
    # CMake
    pytest.param(
        ecosystems_native.parse_cmakelists,
        "cmake_minimum_required(VERSION 3.10)\n# nothing else yet\n",
        {"manifest.cmake": 1},
        0,
        id="cmake-nothing",
    ),
    pytest.param(
        ecosystems_native.parse_cmakelists,
        CMAKELISTS,
        {
            "manifest.cmake": 1,
            "cmake.project": 1,
            "cmake.flag.o3": 1,
            "cmake.flag.march_native": 1,
            "cmake.flag.fast_math": 1,
            "cmake.flag.lto": 2,
            "cmake.package.boost": 1,
            "cmake.package.threads": 1,
            "cmake.fetch.googletest": 1,
            "cmake.library": 1,
            "cmake.executable": 1,
        },
        2,
        id="cmake-tuned",
    ),
    pytest.param(
        ecosystems_native.parse_cmakelists,
        'add_compile_options(-Ofast)\nmessage(STATUS "-O2 is enough")\n',
        {"manifest.cmake": 1, "cmake.flag.o3": 1, "cmake.flag.fast_math": 1},
        0,
        id="cmake-ofast",
    ),
    # Conan / vcpkg
    pytest.param(
        ecosystems_native.parse_conanfile_txt,
        "[generators]\nCMakeDeps\n",
        {"manifest.conanfile": 1},
        0,
        id="conan-txt-no-requires",
    ),
    pytest.param(
        ecosystems_native.parse_conanfile_txt,
        CONANFILE_TXT,
        {
            "manifest.conanfile": 1,
            "conan.dep.boost": 1,
            "conan.dep.zlib": 1,
            "conan.dep.openssl": 1,
            "conan.devdep.cmake": 1,
        },
        4,
        id="conan-txt",
    ),
    pytest.param(
        ecosystems_native.parse_conanfile_py,
        "from conan import ConanFile\n\n\nclass Lib(ConanFile):\n    name = 'lib'\n",
        {"manifest.conanfile": 1},
        0,
        id="conan-py-no-requires",
    ),
    pytest.param(
        ecosystems_native.parse_conanfile_py,
        CONANFILE_PY,
        {
            "manifest.conanfile": 1,
            "conan.dep.fmt": 1,
            "conan.dep.spdlog": 1,
            "conan.devdep.ninja": 1,
            "conan.dep.abseil": 1,
            "conan.dep.protobuf": 1,
            "conan.devdep.gtest": 1,
        },
        6,
        id="conan-py",
    ),
    pytest.param(
        ecosystems_native.parse_vcpkg_json,
        '{"name": "tool", "version": "1.0"}',
        {"manifest.vcpkg-json": 1},
        0,
        id="vcpkg-no-deps",
    ),
    pytest.param(
        ecosystems_native.parse_vcpkg_json,
        VCPKG_JSON,
        {
            "manifest.vcpkg-json": 1,
            "vcpkg.dep.fmt": 1,
            "vcpkg.dep.boost-asio": 1,
            "vcpkg.devdep.vcpkg-cmake": 1,
        },
        3,
        id="vcpkg",
    ),
    # platformio.ini
    pytest.param(
        ecosystems_native.parse_platformio_ini,
        "[platformio]\ndefault_envs = uno\n",
        {"manifest.platformio": 1},
        0,
        id="platformio-no-env",
    ),
    pytest.param(
        ecosystems_native.parse_platformio_ini,
        PLATFORMIO_INI,
        {
            "manifest.platformio": 1,
            "firmware.platformio": 2,
            "firmware.platform.espressif32": 1,
            "firmware.platform.atmelavr": 1,
            "firmware.framework.arduino": 2,
            "firmware.framework.espidf": 1,
            "firmware.lib.pubsubclient": 1,
            "firmware.lib.adafruit-unified-sensor": 1,
            "firmware.lib.mylib": 1,
        },
        3,
        id="platformio",
    ),
    # Mobile
    pytest.param(
        ecosystems_mobile.parse_android_manifest,
        ANDROID_MANIFEST,
        {"manifest.android-manifest": 1, "mobile.android": 1},
        0,
        id="android-manifest",
    ),
    pytest.param(
        ecosystems_mobile.parse_pbxproj,
        PBXPROJ.replace(
            "IPHONEOS_DEPLOYMENT_TARGET = 15.0", "MACOSX_DEPLOYMENT_TARGET = 13.0"
        ).replace("SDKROOT = iphoneos", "SDKROOT = macosx"),
        {"manifest.xcodeproj": 1, "xcode.platform.macosx": 1},
        0,
        id="xcode-macos-is-not-ios",
    ),
    pytest.param(
        ecosystems_mobile.parse_pbxproj,
        PBXPROJ,
        {"manifest.xcodeproj": 1, "xcode.platform.iphoneos": 1, "mobile.ios": 1},
        0,
        id="xcode-ios",
    ),
    pytest.param(
        ecosystems_mobile.parse_pubspec,
        "name: tool\nenvironment:\n  sdk: '>=3.0.0 <4.0.0'\n",
        {"manifest.pubspec": 1},
        0,
        id="pubspec-nothing",
    ),
    pytest.param(
        ecosystems_mobile.parse_pubspec,
        "name: api\ndependencies:\n  shelf: ^1.4.0\n  shelf_router:\n    path: ../router\n",
        {"manifest.pubspec": 1, "pub.dep.shelf": 1, "pub.dep.shelf_router": 1},
        2,
        id="pubspec-dart-server-is-not-flutter",
    ),
    pytest.param(
        ecosystems_mobile.parse_pubspec,
        PUBSPEC,
        {
            "manifest.pubspec": 1,
            "pub.dep.cupertino_icons": 1,
            "pub.dep.http": 1,
            "pub.dep.provider": 1,
            "pub.devdep.flutter_lints": 1,
            "mobile.flutter": 1,
        },
        3,
        id="pubspec-flutter",
    ),
    pytest.param(
        ecosystems_dotnet.parse_msbuild_project,
        CSPROJ_WEB,
        {
            "manifest.msbuild-project": 1,
            "dotnet.sdk.microsoft.net.sdk.web": 1,
            "dotnet.framework.microsoft.aspnetcore.app": 1,
            "nuget.dep.microsoft.entityframeworkcore.sqlserver": 1,
            "nuget.dep.stripe.net": 1,
        },
        2,
        id="csproj-web",
    ),
    pytest.param(
        ecosystems_dotnet.parse_msbuild_project,
        CSPROJ_TESTS,
        {
            "manifest.msbuild-project": 1,
            "dotnet.sdk.microsoft.net.sdk": 1,
            "nuget.devdep.microsoft.net.test.sdk": 1,
            "nuget.devdep.xunit": 1,
        },
        2,
        id="csproj-test-project-is-no-app",
    ),
    pytest.param(
        ecosystems_dotnet.parse_msbuild_project,
        '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>WinExe</OutputType>'
        "<TargetFramework>net6.0-windows10.0.19041.0</TargetFramework>"
        "<UseWinUI>true</UseWinUI></PropertyGroup></Project>",
        {
            "manifest.msbuild-project": 1,
            "dotnet.sdk.microsoft.net.sdk": 1,
            "dotnet.output.winexe": 1,
            "desktop.winui": 1,
        },
        0,
        id="csproj-winui",
    ),
    pytest.param(
        ecosystems_dotnet.parse_msbuild_project,
        CSPROJ_LEGACY_WPF,
        {"manifest.msbuild-project": 1, "dotnet.output.winexe": 1, "desktop.wpf": 1},
        0,
        id="csproj-legacy-wpf",
    ),
    pytest.param(
        ecosystems_dotnet.parse_msbuild_project,
        '<Project Sdk="Godot.NET.Sdk/4.2.1;Extra.Sdk"><Sdk Name="Third.Sdk" /></Project>',
        {
            "manifest.msbuild-project": 1,
            "dotnet.sdk.godot.net.sdk": 1,
            "dotnet.sdk.extra.sdk": 1,
            "dotnet.sdk.third.sdk": 1,
        },
        0,
        id="csproj-sdks-without-versions",
    ),
    pytest.param(
        ecosystems_dotnet.parse_packages_config,
        PACKAGES_CONFIG,
        {
            "manifest.packages-config": 1,
            "nuget.dep.entityframework": 1,
            "nuget.dep.microsoft.aspnet.mvc": 1,
        },
        2,
        id="packages-config",
    ),
]


@pytest.mark.parametrize(("parser", "text", "expected", "deps"), FACT_CASES)
def test_facts(parser: Parser, text: str, expected: dict[str, float], deps: int) -> None:
    parsed = parser("some/dir/manifest", text)
    assert values(parsed) == expected
    assert parsed.dependencies == deps
    assert parsed.kind == next(k for k in expected if k.startswith("manifest."))[9:]


def test_a_file_named_main_wasp_that_declares_no_app_is_nobody_s() -> None:
    assert ecosystems_more.parse_wasp("main.wasp", "# notes\napp: the mobile one\n").kind == (
        "unrecognized"
    )


# --- evidence: the line and a specific detail ---------------------------------------------------

EVIDENCE_CASES = [
    pytest.param(
        ecosystems.parse_go_mod, GO_MOD, "go.module", 1, "github.com/acme/OrderBook", id="go-module"
    ),
    pytest.param(
        ecosystems.parse_go_mod,
        GO_MOD,
        "go.dep.github.com/gin-gonic/gin",
        10,
        "github.com/gin-gonic/gin v1.9.1",
        id="go-block-require",
    ),
    pytest.param(
        ecosystems.parse_go_mod,
        "module m\n\nrequire github.com/labstack/echo/v5 v5.0.0\n",
        "go.dep.github.com/labstack/echo",
        3,
        "github.com/labstack/echo/v5 v5.0.0",
        id="go-major-version-as-written",
    ),
    pytest.param(
        ecosystems.parse_go_mod,
        GO_MOD,
        "go.indirect.golang.org/x/sys",
        12,
        "golang.org/x/sys v0.15.0 // indirect",
        id="go-indirect",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        CARGO_TOML,
        "cargo.dep.simd-json",
        21,
        'fast_json "0.13" [dependencies]',
        id="cargo-renamed",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        CARGO_TOML,
        "cargo.dep.axum",
        23,
        'axum "0.7" [dependencies]',
        id="cargo-dotted-table",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        CARGO_TOML,
        "cargo.profile.lto",
        38,
        "[profile.release] lto = 'fat'",
        id="cargo-lto",
    ),
    pytest.param(
        ecosystems.parse_composer_json,
        COMPOSER_JSON,
        "composer.dep.laravel/framework",
        8,
        "Laravel/Framework ^10.10 (require)",
        id="composer-case",
    ),
    pytest.param(
        ecosystems.parse_composer_lock,
        COMPOSER_LOCK,
        "composer.lock.phpunit/phpunit",
        17,
        "phpunit/phpunit 10.5.3 (dev)",
        id="composer-lock-dev",
    ),
    pytest.param(
        ecosystems_elixir.parse_mix_exs,
        MIX_EXS,
        "mix.devdep.credo",
        23,
        ":credo ~> 1.7 (only: dev, test)",
        id="mix-only",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        GEMFILE,
        "gem.dep.rails",
        6,
        'gem "rails", "~> 7.1.2" (runtime)',
        id="gem-runtime",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        GEMFILE,
        "gem.devdep.byebug",
        21,
        'gem "byebug" (development, test)',
        id="gem-group-block",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        GEMFILE,
        "gem.dep.after_heredoc",
        38,
        'gem "after_heredoc" (runtime)',
        id="gem-after-heredoc",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile_lock,
        GEMFILE_LOCK,
        "gem.lock.nokogiri",
        14,
        "nokogiri (1.15.5-x86_64-linux)",
        id="gem-lock",
    ),
    pytest.param(
        ecosystems_ruby.parse_podfile,
        PODFILE,
        "pod.dep.firebase",
        6,
        "pod 'Firebase/Analytics'",
        id="pod-subspec",
    ),
    pytest.param(
        ecosystems_jvm.parse_pom_xml,
        POM_XML,
        "maven.devdep.org.springframework.boot:spring-boot-starter-test",
        37,
        "org.springframework.boot:spring-boot-starter-test (test)",
        id="maven-test",
    ),
    pytest.param(
        ecosystems_jvm.parse_pom_xml,
        POM_XML,
        "maven.dep.org.projectlombok:lombok",
        27,
        "org.projectlombok:lombok 1.18.30 (compile)",
        id="maven-property",
    ),
    pytest.param(
        ecosystems_jvm.parse_pom_xml,
        POM_XML,
        "maven.dep.com.example:orders-core",
        33,
        "com.example:orders-core (compile)",
        id="maven-project-group",
    ),
    pytest.param(
        ecosystems_jvm.parse_pom_xml,
        "<project><parent><groupId>org.acme</groupId><artifactId>p</artifactId>"
        "<version>2.0</version></parent><artifactId>child</artifactId><dependencies>"
        "<dependency><groupId>${project.parent.groupId}</groupId><artifactId>core</artifactId>"
        "<version>${project.version}</version></dependency></dependencies></project>",
        "maven.dep.org.acme:core",
        1,
        "org.acme:core 2.0 (compile)",
        id="maven-inherited-coordinates",
    ),
    pytest.param(
        ecosystems_jvm.parse_gradle,
        GRADLE_KTS,
        "gradle.devdep.org.springframework.boot:spring-boot-starter-test",
        20,
        'testImplementation "org.springframework.boot:spring-boot-starter-test"',
        id="gradle-test",
    ),
    pytest.param(
        ecosystems_jvm.parse_gradle,
        GRADLE_KTS,
        "gradle.dep.org.jetbrains.kotlin:kotlin-stdlib",
        16,
        'implementation kotlin("stdlib")',
        id="gradle-kotlin-shorthand",
    ),
    pytest.param(
        ecosystems_jvm.parse_gradle,
        GRADLE_GROOVY_ANDROID,
        "gradle.dep.com.squareup.retrofit2:retrofit",
        20,
        "implementation com.squareup.retrofit2:retrofit",
        id="gradle-map-notation",
    ),
    pytest.param(
        ecosystems_jvm.parse_gradle,
        GRADLE_GROOVY_ANDROID,
        "mobile.android",
        9,
        "android { } block",
        id="gradle-android-block",
    ),
    pytest.param(
        ecosystems_native.parse_cmakelists,
        CMAKELISTS,
        "cmake.flag.march_native",
        7,
        "-march=native in set()",
        id="cmake-flag",
    ),
    pytest.param(
        ecosystems_native.parse_cmakelists,
        CMAKELISTS,
        "cmake.package.threads",
        10,
        "find_package(Threads REQUIRED)",
        id="cmake-upper-case-command",
    ),
    pytest.param(
        ecosystems_native.parse_cmakelists,
        CMAKELISTS,
        "cmake.fetch.googletest",
        12,
        "fetchcontent_declare(googletest URL "
        "https://github.com/google/googletest/archive/v1.14.0.zip)",
        id="cmake-bracket-argument",
    ),
    pytest.param(
        ecosystems_native.parse_cmakelists,
        CMAKELISTS,
        "cmake.executable",
        18,
        "add_executable(engine src/main.cpp)",
        id="cmake-executable",
    ),
    pytest.param(
        ecosystems_native.parse_conanfile_txt,
        CONANFILE_TXT,
        "conan.dep.openssl",
        4,
        "openssl/[>=3 <4] (conan dep)",
        id="conan-range",
    ),
    pytest.param(
        ecosystems_native.parse_conanfile_py,
        CONANFILE_PY,
        "conan.devdep.gtest",
        13,
        "gtest/1.14.0 (conan devdep)",
        id="conan-test-requires",
    ),
    pytest.param(
        ecosystems_native.parse_conanfile_py,
        CONANFILE_PY,
        "conan.dep.protobuf",
        11,
        "protobuf/{...} (conan dep)",
        id="conan-fstring",
    ),
    pytest.param(
        ecosystems_native.parse_vcpkg_json,
        VCPKG_JSON,
        "vcpkg.devdep.vcpkg-cmake",
        7,
        "vcpkg-cmake (vcpkg host tool)",
        id="vcpkg-host",
    ),
    pytest.param(
        ecosystems_native.parse_platformio_ini,
        PLATFORMIO_INI,
        "firmware.lib.pubsubclient",
        16,
        "lib_deps = knolleary/PubSubClient@^2.8",
        id="platformio-lib",
    ),
    pytest.param(
        ecosystems_mobile.parse_android_manifest,
        ANDROID_MANIFEST,
        "mobile.android",
        2,
        '<manifest package="com.example.shop">',
        id="android-package",
    ),
    pytest.param(
        ecosystems_mobile.parse_pbxproj,
        PBXPROJ,
        "mobile.ios",
        23,
        "Xcode project: SDKROOT = iphoneos",
        id="xcode-sdkroot",
    ),
    pytest.param(
        ecosystems_mobile.parse_pubspec,
        PUBSPEC,
        "pub.dep.provider",
        15,
        "provider: any (dependencies)",
        id="pubspec-key-line",
    ),
    pytest.param(
        ecosystems_dotnet.parse_msbuild_project,
        CSPROJ_WEB,
        "nuget.dep.stripe.net",
        10,
        "Stripe.net 43.0.0",
        id="csproj-package-line",
    ),
    pytest.param(
        ecosystems_dotnet.parse_packages_config,
        PACKAGES_CONFIG,
        "nuget.dep.microsoft.aspnet.mvc",
        4,
        "Microsoft.AspNet.Mvc (packages.config)",
        id="packages-config-line",
    ),
]


@pytest.mark.parametrize(("parser", "text", "key", "line", "detail"), EVIDENCE_CASES)
def test_evidence(parser: Parser, text: str, key: str, line: int, detail: str) -> None:
    assert evidence(parser("m", text), key)[0] == Evidence("m", line, detail)


def test_cargo_bins_point_at_their_own_tables() -> None:
    parsed = ecosystems.parse_cargo_toml("Cargo.toml", CARGO_TOML)
    assert evidence(parsed, "cargo.bin") == [
        Evidence("Cargo.toml", 9, "[[bin]] engine"),
        Evidence("Cargo.toml", 13, "[[bin]] replay"),
    ]


def test_platformio_evidence_points_at_each_env() -> None:
    parsed = ecosystems_native.parse_platformio_ini("platformio.ini", PLATFORMIO_INI)
    lines = [e.line for e in evidence(parsed, "firmware.framework.arduino")]
    assert lines == [14, 24]


# --- malformed files: MalformedManifest with a short reason, nothing else --------------------

BILLION_LAUGHS = """\
<?xml version="1.0"?>
<!DOCTYPE project [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<project><artifactId>&lol9;</artifactId></project>
"""

EXTERNAL_ENTITY_POM = """\
<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<project>
  <dependencies>
    <dependency><groupId>&xxe;</groupId><artifactId>x</artifactId></dependency>
  </dependencies>
</project>
"""

EXTERNAL_DTD_MANIFEST = """\
<?xml version="1.0"?>
<!DOCTYPE manifest SYSTEM "http://example.invalid/evil.dtd">
<manifest package="com.example"/>
"""

MALFORMED_CASES = [
    pytest.param(
        ecosystems_dotnet.parse_msbuild_project,
        "<Solution></Solution>",
        "not <Project>",
        id="csproj-wrong-root",
    ),
    pytest.param(
        ecosystems_dotnet.parse_packages_config, "<packages><package", "invalid XML", id="nuget-cut"
    ),
    pytest.param(
        ecosystems.parse_go_mod,
        "require (\n\tgithub.com/a/b v1.0.0\n",
        "block not closed",
        id="go-unclosed-block",
    ),
    pytest.param(
        ecosystems.parse_go_mod,
        "require github.com/a/b\n",
        "require takes",
        id="go-require-no-version",
    ),
    pytest.param(
        ecosystems.parse_go_mod, 'module "github.com/a/b\n', "unexpected", id="go-unclosed-string"
    ),
    pytest.param(
        ecosystems.parse_go_mod,
        "require github.com/a/b v1 )\n",
        "unexpected parenthesis",
        id="go-stray-paren",
    ),
    pytest.param(
        ecosystems.parse_go_mod,
        "\x89PNG\r\n\x1a\n\xff\xd8IHDR\n",
        "unknown directive",
        id="go-binary-junk",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        "[dependencies\nserde = 1\n",
        "invalid TOML",
        id="cargo-bad-toml",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        'dependencies = "serde"\n',
        "not a table",
        id="cargo-deps-not-table",
    ),
    pytest.param(
        ecosystems.parse_cargo_toml,
        "[target]\n'cfg(unix)' = 3\n",
        "not a table",
        id="cargo-target-not-table",
    ),
    pytest.param(
        ecosystems.parse_composer_json, '{"require": {', "invalid JSON", id="composer-truncated"
    ),
    pytest.param(
        ecosystems.parse_composer_json,
        '["laravel/framework"]',
        "not a JSON object",
        id="composer-array",
    ),
    pytest.param(
        ecosystems.parse_composer_json,
        '{"require": ["a/b"]}',
        "not a table",
        id="composer-require-list",
    ),
    pytest.param(
        ecosystems.parse_composer_json, "[" * 100_000, "invalid JSON", id="composer-deep-nesting"
    ),
    pytest.param(
        ecosystems.parse_composer_lock,
        '{"packages": {}}',
        "not a list",
        id="composer-lock-packages-object",
    ),
    pytest.param(
        ecosystems_elixir.parse_mix_exs,
        'defp deps do\n  [{:phoenix, "~> 1.7}]\nend\n',
        "string not closed",
        id="mix-unclosed-string",
    ),
    pytest.param(
        ecosystems_elixir.parse_mix_exs,
        'defp deps do\n  [\n    {:a, "1"},\n',
        "deps list not closed",
        id="mix-unclosed-list",
    ),
    pytest.param(
        ecosystems_elixir.parse_mix_exs,
        '@moduledoc """\nNever closed\n',
        "heredoc not closed",
        id="mix-unclosed-heredoc",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        'gem "rails\n',
        "string not closed",
        id="gemfile-unclosed-string",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        'group :test do\n  gem "rspec"\n',
        "not closed",
        id="gemfile-unclosed-block",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        'gem "rails"\nend\n',
        "unexpected 'end'",
        id="gemfile-stray-end",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        "=begin\ngem 'x'\n",
        "=begin comment",
        id="gemfile-unclosed-begin",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        "x = <<~EOS\n  text\n",
        "heredoc EOS",
        id="gemfile-unclosed-heredoc",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile,
        "gem %w[rails\n",
        "string not closed",
        id="gemfile-unclosed-percent",
    ),
    pytest.param(ecosystems_ruby.parse_gemfile_lock, "", "no sections", id="lock-empty"),
    pytest.param(
        ecosystems_ruby.parse_gemfile_lock,
        "<<<<<<< HEAD\nGEM\n",
        "section",
        id="lock-merge-conflict",
    ),
    pytest.param(
        ecosystems_ruby.parse_gemfile_lock,
        "GEM\n  specs:\n    rails (7.1\n",
        "not a spec line",
        id="lock-bad-spec",
    ),
    pytest.param(
        ecosystems_ruby.parse_podfile,
        "pod 'Alamofire\n",
        "string not closed",
        id="podfile-unclosed-string",
    ),
    pytest.param(
        ecosystems_jvm.parse_pom_xml,
        "<project><dependencies></project>",
        "invalid XML",
        id="pom-mismatched-tag",
    ),
    pytest.param(ecosystems_jvm.parse_pom_xml, "<settings/>", "not <project>", id="pom-not-pom"),
    pytest.param(
        ecosystems_jvm.parse_pom_xml, BILLION_LAUGHS, "DTD not allowed", id="pom-billion-laughs"
    ),
    pytest.param(
        ecosystems_jvm.parse_pom_xml,
        EXTERNAL_ENTITY_POM,
        "DTD not allowed",
        id="pom-external-entity",
    ),
    pytest.param(
        ecosystems_jvm.parse_gradle,
        'dependencies {\n  implementation "a:b:1\n}\n',
        "string not closed",
        id="gradle-unclosed-string",
    ),
    pytest.param(
        ecosystems_jvm.parse_gradle, "dependencies {\n", "not closed", id="gradle-unclosed-block"
    ),
    pytest.param(ecosystems_jvm.parse_gradle, "}\n", "unexpected '}'", id="gradle-stray-brace"),
    pytest.param(
        ecosystems_jvm.parse_gradle, "/* never closed", "not closed", id="gradle-unclosed-comment"
    ),
    pytest.param(
        ecosystems_jvm.parse_version_catalog, "[libraries\n", "invalid TOML", id="catalog-bad-toml"
    ),
    pytest.param(
        ecosystems_jvm.parse_version_catalog,
        "libraries = 3\n",
        "must be tables",
        id="catalog-libraries-not-table",
    ),
    pytest.param(
        ecosystems_native.parse_cmakelists,
        "project(Engine",
        "command not closed",
        id="cmake-unclosed-command",
    ),
    pytest.param(
        ecosystems_native.parse_cmakelists,
        'set(X "abc)\n',
        "string not closed",
        id="cmake-unclosed-quote",
    ),
    pytest.param(
        ecosystems_native.parse_cmakelists,
        "if(X)\n  oops\nendif()\n",
        "expected a command",
        id="cmake-bare-word",
    ),
    pytest.param(
        ecosystems_native.parse_cmakelists,
        "message([=[abc]])\n",
        "not closed",
        id="cmake-unclosed-bracket",
    ),
    pytest.param(
        ecosystems_native.parse_conanfile_txt,
        "boost/1.83.0\n[requires]\n",
        "invalid INI",
        id="conan-txt-no-section",
    ),
    pytest.param(
        ecosystems_native.parse_conanfile_py,
        "class C(ConanFile):\n    requires = (\n",
        "not valid Python",
        id="conan-py-syntax",
    ),
    pytest.param(
        ecosystems_native.parse_conanfile_py,
        "requires = 'a/1'\x00\n",
        "not valid Python",
        id="conan-py-nul",
    ),
    pytest.param(
        ecosystems_native.parse_vcpkg_json,
        '{"dependencies": "fmt"}',
        "not a list",
        id="vcpkg-deps-string",
    ),
    pytest.param(ecosystems_native.parse_vcpkg_json, "{", "invalid JSON", id="vcpkg-truncated"),
    pytest.param(
        ecosystems_native.parse_platformio_ini,
        "platform = espressif32\n",
        "invalid INI",
        id="platformio-no-section",
    ),
    pytest.param(
        ecosystems_native.parse_platformio_ini,
        "[env:a]\nboard\n",
        "invalid INI",
        id="platformio-no-value",
    ),
    pytest.param(
        ecosystems_mobile.parse_android_manifest,
        "<resources/>",
        "not <manifest>",
        id="android-wrong-root",
    ),
    pytest.param(
        ecosystems_mobile.parse_android_manifest,
        BILLION_LAUGHS,
        "DTD not allowed",
        id="android-billion-laughs",
    ),
    pytest.param(
        ecosystems_mobile.parse_android_manifest,
        EXTERNAL_DTD_MANIFEST,
        "DTD not allowed",
        id="android-external-dtd",
    ),
    pytest.param(
        ecosystems_mobile.parse_pbxproj,
        "{ objects = { a = b; }",
        "ends early",
        id="xcode-truncated",
    ),
    pytest.param(
        ecosystems_mobile.parse_pbxproj, "{ a = ; }", "unexpected ';'", id="xcode-missing-value"
    ),
    pytest.param(
        ecosystems_mobile.parse_pbxproj, "( a, b )", "no objects table", id="xcode-not-a-project"
    ),
    pytest.param(
        ecosystems_mobile.parse_pbxproj,
        "{ objects = {}; } extra",
        "text after",
        id="xcode-trailing-text",
    ),
    pytest.param(
        ecosystems_mobile.parse_pbxproj,
        "{ /* never closed",
        "unexpected",
        id="xcode-unclosed-comment",
    ),
    pytest.param(
        ecosystems_mobile.parse_pbxproj, "(" * 10_000, "nested too deeply", id="xcode-deep-nesting"
    ),
    pytest.param(
        ecosystems_mobile.parse_pubspec,
        "dependencies: [http",
        "invalid YAML",
        id="pubspec-bad-yaml",
    ),
    pytest.param(
        ecosystems_mobile.parse_pubspec, "- flutter\n- http\n", "not a mapping", id="pubspec-list"
    ),
    pytest.param(
        ecosystems_mobile.parse_pubspec,
        "dependencies: [http]\n",
        "not a mapping",
        id="pubspec-deps-list",
    ),
]


@pytest.mark.parametrize(("parser", "text", "reason"), MALFORMED_CASES)
def test_malformed(parser: Parser, text: str, reason: str) -> None:
    with pytest.raises(MalformedManifest, match=reason.replace("(", r"\(")):
        parser("m", text)


@pytest.mark.parametrize(
    ("parser", "text"),
    [
        pytest.param(ecosystems_jvm.parse_pom_xml, BILLION_LAUGHS, id="pom-billion-laughs"),
        pytest.param(ecosystems_jvm.parse_pom_xml, EXTERNAL_ENTITY_POM, id="pom-xxe"),
        pytest.param(ecosystems_mobile.parse_android_manifest, BILLION_LAUGHS, id="android"),
        pytest.param(ecosystems_dotnet.parse_msbuild_project, BILLION_LAUGHS, id="csproj"),
    ],
)
def test_entity_bombs_are_refused_before_expansion(parser: Parser, text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(MalformedManifest):
        parser("m", text)
    assert time.perf_counter() - started < 0.5


# --- no input makes a parser raise anything but MalformedManifest ----------------------------

SAMPLES: dict[Parser, str] = {
    ecosystems.parse_go_mod: GO_MOD,
    ecosystems.parse_cargo_toml: CARGO_TOML,
    ecosystems.parse_composer_json: COMPOSER_JSON,
    ecosystems.parse_composer_lock: COMPOSER_LOCK,
    ecosystems_elixir.parse_mix_exs: MIX_EXS,
    ecosystems_ruby.parse_gemfile: GEMFILE,
    ecosystems_ruby.parse_gemfile_lock: GEMFILE_LOCK,
    ecosystems_ruby.parse_podfile: PODFILE,
    ecosystems_ruby.parse_gemspec: GEMSPEC,
    ecosystems_jvm.parse_web_xml: WEB_XML,
    ecosystems_jvm.parse_pom_xml: POM_XML,
    ecosystems_jvm.parse_gradle: GRADLE_KTS,
    ecosystems_jvm.parse_version_catalog: VERSION_CATALOG,
    ecosystems_native.parse_cmakelists: CMAKELISTS,
    ecosystems_native.parse_conanfile_txt: CONANFILE_TXT,
    ecosystems_native.parse_conanfile_py: CONANFILE_PY,
    ecosystems_native.parse_vcpkg_json: VCPKG_JSON,
    ecosystems_native.parse_platformio_ini: PLATFORMIO_INI,
    ecosystems_mobile.parse_android_manifest: ANDROID_MANIFEST,
    ecosystems_mobile.parse_pbxproj: PBXPROJ,
    ecosystems_mobile.parse_pubspec: PUBSPEC,
    ecosystems_dotnet.parse_msbuild_project: CSPROJ_WEB,
    ecosystems_dotnet.parse_packages_config: PACKAGES_CONFIG,
}
ALL_PARSERS = [pytest.param(p, id=p.__name__) for p in SAMPLES]


def parse_or_refuse(parser: Parser, text: str) -> None:
    """Either a result that names its manifest kind, or MalformedManifest with a reason."""
    try:
        parsed = parser("m", text)
    except MalformedManifest as exc:
        assert str(exc)
        return
    assert parsed.facts[0].key == f"manifest.{parsed.kind}"


@pytest.mark.parametrize("parser", ALL_PARSERS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=200))
def test_arbitrary_text(parser: Parser, text: str) -> None:
    parse_or_refuse(parser, text)


@pytest.mark.parametrize("parser", ALL_PARSERS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_samples(parser: Parser, data: st.DataObject) -> None:
    """Real files cut short or with junk spliced in reach the deeper parser paths."""
    sample = SAMPLES[parser]
    start = data.draw(st.integers(0, len(sample)))
    end = data.draw(st.integers(start, len(sample)))
    junk = data.draw(st.text(alphabet="{}[]()<>\"'`#;:=,\\/*\n -~%", max_size=8))
    parse_or_refuse(parser, sample[:start] + junk + sample[end:])


@pytest.mark.parametrize("parser", ALL_PARSERS)
def test_windows_line_endings(parser: Parser) -> None:
    """A manifest saved with CRLF line endings yields the same facts on the same lines."""
    sample = SAMPLES[parser]
    unix = parser("m", sample)
    windows = parser("m", sample.replace("\n", "\r\n"))
    assert values(windows) == values(unix)
    assert [f.evidence for f in windows.facts] == [f.evidence for f in unix.facts]


@pytest.mark.parametrize("parser", ALL_PARSERS)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_binary_junk(parser: Parser, seed: int) -> None:
    """Bytes that pass the collector's text check (no NULs) decode as Latin-1 garbage."""
    junk = bytes(b or 1 for b in random.Random(seed).randbytes(4096))
    try:
        text = decode(junk)
    except NotText:  # pragma: no cover - the collector skips these before any parser
        pytest.skip("not text")
    with pytest.raises(MalformedManifest):
        parser("m", text)


# --- registry -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parser"),
    [
        pytest.param("src/go.modules", None, id="no-near-miss"),
        pytest.param("Gemfile.local", None, id="gemfile-local-not-registered"),
        pytest.param("go.mod", ecosystems.parse_go_mod, id="go-mod"),
        pytest.param("engine/Cargo.toml", ecosystems.parse_cargo_toml, id="cargo"),
        pytest.param("web/composer.json", ecosystems.parse_composer_json, id="composer"),
        pytest.param("composer.lock", ecosystems.parse_composer_lock, id="composer-lock"),
        pytest.param("mix.exs", ecosystems_elixir.parse_mix_exs, id="mix"),
        pytest.param("Gemfile", ecosystems_ruby.parse_gemfile, id="gemfile"),
        pytest.param("gems.rb", ecosystems_ruby.parse_gemfile, id="gems-rb"),
        pytest.param("Gemfile.lock", ecosystems_ruby.parse_gemfile_lock, id="gemfile-lock"),
        pytest.param("ios/Podfile", ecosystems_ruby.parse_podfile, id="podfile"),
        pytest.param("audit_trail.gemspec", ecosystems_ruby.parse_gemspec, id="gemspec"),
        pytest.param("web/WEB-INF/web.xml", ecosystems_jvm.parse_web_xml, id="web-xml"),
        pytest.param("src/web.xml", ecosystems_jvm.parse_web_xml, id="a-web-xml-outside-web-inf"),
        pytest.param("pom.xml", ecosystems_jvm.parse_pom_xml, id="pom"),
        pytest.param("app/build.gradle", ecosystems_jvm.parse_gradle, id="gradle"),
        pytest.param("build.gradle.kts", ecosystems_jvm.parse_gradle, id="gradle-kts"),
        pytest.param(
            "gradle/libs.versions.toml", ecosystems_jvm.parse_version_catalog, id="catalog"
        ),
        pytest.param("CMakeLists.txt", ecosystems_native.parse_cmakelists, id="cmake"),
        pytest.param("conanfile.txt", ecosystems_native.parse_conanfile_txt, id="conan-txt"),
        pytest.param("conanfile.py", ecosystems_native.parse_conanfile_py, id="conan-py"),
        pytest.param("vcpkg.json", ecosystems_native.parse_vcpkg_json, id="vcpkg"),
        pytest.param("fw/platformio.ini", ecosystems_native.parse_platformio_ini, id="pio"),
        pytest.param(
            "app/src/main/AndroidManifest.xml",
            ecosystems_mobile.parse_android_manifest,
            id="android",
        ),
        pytest.param(
            "ios/Shop.xcodeproj/project.pbxproj", ecosystems_mobile.parse_pbxproj, id="xcode"
        ),
        pytest.param("pubspec.yaml", ecosystems_mobile.parse_pubspec, id="pubspec"),
        pytest.param(
            "src/Shop.Web/Shop.Web.csproj", ecosystems_dotnet.parse_msbuild_project, id="csproj"
        ),
        pytest.param("Lib/Lib.fsproj", ecosystems_dotnet.parse_msbuild_project, id="fsproj"),
        pytest.param("Web/packages.config", ecosystems_dotnet.parse_packages_config, id="nuget"),
        pytest.param("Web/Web.csproj.user", None, id="csproj-user-not-registered"),
    ],
)
def test_registry(path: str, parser: Parser | None) -> None:
    assert manifests.parser_for(path) is parser


# --- end to end: discover + collect over one fixture repository per family ---------------------

COLLECT_CASES = [
    pytest.param(
        "manifests-eco-server",
        {
            "go.module": 1,
            "go.dep.github.com/gin-gonic/gin": 1,
            "go.dep.github.com/gorilla/websocket": 1,
            "go.indirect.golang.org/x/net": 1,
            "cargo.package": 1,
            "cargo.dep.tokio": 1,
            "cargo.devdep.proptest": 1,
            "cargo.profile.lto": 1,
            "composer.dep.symfony/framework-bundle": 1,
            "composer.devdep.phpunit/phpunit": 1,
            "composer.lock.symfony/framework-bundle": 1,
            "composer.type.project": 1,
            "manifest.composer-json": 1,
        },
        [
            Manifest("engine/Cargo.toml", "cargo-toml", 2),
            Manifest("gateway/go.mod", "go-mod", 3),
            Manifest("web/composer.json", "composer-json", 2),
            Manifest("web/composer.lock", "composer-lock", 1),
        ],
        ["legacy/composer.json"],
        id="go-rust-php",
    ),
    pytest.param(
        "manifests-eco-elixir",
        {"mix.dep.phoenix": 1, "mix.dep.phoenix_pubsub": 1, "mix.devdep.ex_machina": 1},
        [Manifest("mix.exs", "mix-exs", 3)],
        [],
        id="elixir",
    ),
    pytest.param(
        "manifests-eco-ruby",
        {
            "gem.dep.rails": 1,
            "gem.dep.pg": 1,
            "gem.devdep.rspec-rails": 1,
            "gem.lock.rails": 1,
            "gem.lock.pg": 1,
            "gem.lock.rspec-rails": 1,
        },
        [Manifest("Gemfile", "gemfile", 3), Manifest("Gemfile.lock", "gemfile-lock", 3)],
        [],
        id="ruby",
    ),
    pytest.param(
        "manifests-eco-jvm",
        {
            "maven.parent.org.springframework.boot:spring-boot-starter-parent": 1,
            "maven.dep.org.springframework.boot:spring-boot-starter-data-jpa": 1,
            "maven.devdep.org.junit.jupiter:junit-jupiter": 1,
            "maven.module": 1,
            "gradle.plugin.java": 1,
            "gradle.plugin.org.springframework.boot": 1,
            "gradle.dep.org.springframework.boot:spring-boot-starter-web": 1,
            "gradle.dep.io.micrometer:micrometer-registry-prometheus": 1,
            "gradle.devdep.org.springframework.boot:spring-boot-starter-test": 1,
        },
        [
            Manifest("gradle/libs.versions.toml", "gradle-catalog", 1),
            Manifest("pom.xml", "pom-xml", 2),
            Manifest("service/build.gradle.kts", "gradle", 2),
        ],
        [],
        id="jvm",
    ),
    pytest.param(
        "manifests-eco-native",
        {
            "cmake.project": 1,
            "cmake.executable": 1,
            "cmake.package.fmt": 1,
            "cmake.flag.o3": 1,
            "cmake.flag.march_native": 1,
            "conan.dep.fmt": 1,
            "vcpkg.dep.fmt": 1,
            "vcpkg.dep.boost-lockfree": 1,
            "firmware.platformio": 1,
            "firmware.platform.espressif8266": 1,
            "firmware.framework.arduino": 1,
            "firmware.lib.pubsubclient": 1,
        },
        [
            Manifest("CMakeLists.txt", "cmake", 1),
            Manifest("conanfile.txt", "conanfile", 1),
            Manifest("firmware/platformio.ini", "platformio", 1),
            Manifest("vcpkg.json", "vcpkg-json", 2),
        ],
        [],
        id="native",
    ),
    pytest.param(
        "manifests-eco-mobile",
        {
            "mobile.android": 2,  # AndroidManifest.xml and the Android Gradle plugin
            "mobile.ios": 2,  # the Podfile and the Xcode project
            "mobile.flutter": 1,
            "pod.dep.firebase": 1,
            "pub.dep.dio": 1,
            "gradle.plugin.dev.flutter.flutter-gradle-plugin": 1,
            "xcode.platform.iphoneos": 1,
        },
        [
            Manifest("android/app/build.gradle", "gradle", 0),
            Manifest("android/app/src/main/AndroidManifest.xml", "android-manifest", 0),
            Manifest("ios/Podfile", "podfile", 1),
            Manifest("ios/Shop.xcodeproj/project.pbxproj", "xcodeproj", 0),
            Manifest("pubspec.yaml", "pubspec", 1),
        ],
        [],
        id="mobile",
    ),
]


@pytest.mark.parametrize(("fixture", "expected", "manifests_read", "skipped"), COLLECT_CASES)
def test_collect_fixture(
    repo: RepoFactory,
    fixture: str,
    expected: dict[str, float],
    manifests_read: list[Manifest],
    skipped: list[str],
) -> None:
    facts = collect(discover(repo(fixture)))
    assert {key: facts.value(key) for key in expected} == expected
    assert [m for m in facts.manifests if m in manifests_read or m.kind in KINDS] == manifests_read
    assert [s.path for s in facts.skipped] == skipped
    for manifest in manifests_read:
        assert facts.value(f"manifest.{manifest.kind}") >= 1


KINDS = frozenset(
    {
        "go-mod",
        "cargo-toml",
        "gemfile",
        "gemfile-lock",
        "composer-json",
        "composer-lock",
        "pom-xml",
        "gradle",
        "gradle-catalog",
        "mix-exs",
        "cmake",
        "conanfile",
        "vcpkg-json",
        "platformio",
        "android-manifest",
        "podfile",
        "xcodeproj",
        "pubspec",
    }
)


def test_collect_reports_the_malformed_manifest(repo: RepoFactory) -> None:
    facts = collect(discover(repo("manifests-eco-server")))
    (entry,) = facts.skipped
    assert entry.path == "legacy/composer.json"
    assert entry.reason.startswith("malformed: invalid JSON")


def test_a_pom_names_its_own_project_not_its_parent() -> None:
    parsed = ecosystems_jvm.parse_pom_xml("pom.xml", POM_XML)
    (project,) = [f for f in parsed.facts if f.key == "maven.project"]
    assert project.evidence[0].detail.startswith("artifact orders")
    assert POM_XML.splitlines()[project.evidence[0].line - 1].strip() == (
        "<artifactId>orders</artifactId>"
    )


def test_a_rails_gem_deep_in_an_application_is_one_of_its_components() -> None:
    """`engines/billing/billing.gemspec` is a part of the application around it; the
    repository's own gem sits at its root or one folder down."""
    nested = ecosystems_ruby.parse_gemspec("engines/billing/billing.gemspec", GEMSPEC)
    one_down = ecosystems_ruby.parse_gemspec("audit_trail/audit_trail.gemspec", GEMSPEC)
    at_root = ecosystems_ruby.parse_gemspec("audit_trail.gemspec", GEMSPEC)
    assert values(nested) == {"manifest.gemspec": 1}
    assert values(one_down) == values(at_root) == {"manifest.gemspec": 1, "gem.addon": 1}
    assert at_root.facts[1].evidence[0].line == 5


THEME_GEMSPEC = """Gem::Specification.new do |spec|
  spec.name          = "paper-theme"
  spec.version       = "0.2.0"
  spec.files         = `git ls-files -z`.split("\\x0").select { |f|
    f.match(%r{^(assets|_layouts|_includes|_sass|LICENSE)}i)
  }
  spec.add_runtime_dependency "jekyll", "~> 4.3"
  spec.add_runtime_dependency "jekyll-seo-tag", "~> 2.8"
end
"""


def test_a_gem_that_needs_jekyll_and_packs_layouts_is_a_theme() -> None:
    """A theme packs a site's layouts; a plugin that needs Jekyll packs its `lib/` code."""
    theme = ecosystems_ruby.parse_gemspec("paper-theme.gemspec", THEME_GEMSPEC)
    assert values(theme) == {"manifest.gemspec": 1, "gem.site_theme": 1}
    assert theme.facts[1].evidence[0].line == 7
    plugin = THEME_GEMSPEC.replace("assets|_layouts|_includes|_sass|", "lib|")
    assert values(ecosystems_ruby.parse_gemspec("paper.gemspec", plugin)) == {"manifest.gemspec": 1}
    nested = ecosystems_ruby.parse_gemspec("vendor/themes/paper/paper.gemspec", THEME_GEMSPEC)
    assert values(nested) == {"manifest.gemspec": 1}


def test_a_web_xml_of_another_schema_is_malformed() -> None:
    with pytest.raises(MalformedManifest):
        ecosystems_jvm.parse_web_xml("WEB-INF/web.xml", "<faces-config></faces-config>")


def test_a_web_xml_kept_beside_the_sources_is_a_servlet_app_and_another_tools_is_passed_over() -> (
    None
):
    """An Ant build copies web.xml into WEB-INF/ when it packages the app: the copy in the
    repository is the descriptor. Outside WEB-INF/, a web.xml of another schema is another
    tool's file, not a broken descriptor."""
    descriptor = (
        '<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="5.0">'
        "<servlet><servlet-name>login</servlet-name></servlet></web-app>"
    )
    assert values(ecosystems_jvm.parse_web_xml("web.xml", descriptor)) == {
        "manifest.web-xml": 1,
        "java.web_app": 1,
    }
    other = ecosystems_jvm.parse_web_xml("docs/web.xml", "<site><page/></site>")
    assert other.facts == ()


def test_a_net_framework_project_s_assembly_references_name_its_app_model() -> None:
    """A .NET Framework project says WinForms or WPF by referencing the assemblies, not with
    `<UseWindowsForms>`."""
    project = (
        '<Project ToolsVersion="12.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">'
        "<PropertyGroup><OutputType>WinExe</OutputType></PropertyGroup>"
        '<ItemGroup><Reference Include="System" /><Reference Include="System.Windows.Forms" />'
        '<Reference Include="PresentationFramework, Version=4.0.0.0" /></ItemGroup></Project>'
    )
    found = values(ecosystems_dotnet.parse_msbuild_project("App/App.csproj", project))
    assert found["desktop.winforms"] == 1 and found["desktop.wpf"] == 1
    library = project.replace("System.Windows.Forms", "System.Xml").replace(
        "PresentationFramework", "System.Data"
    )
    assert not [
        k
        for k in values(ecosystems_dotnet.parse_msbuild_project("L.csproj", library))
        if k.startswith("desktop.")
    ]


@pytest.mark.parametrize(
    ("guids", "web"),
    [
        pytest.param(
            "{349c5851-65df-11da-9384-00065b846f21};{fae04ec0-301f-11d3-bf4b-00c04f79efbc}",
            True,
            id="webforms",
        ),
        pytest.param(
            "{E3E379DF-F4C6-4180-9B81-6769533ABE47};{349C5851-65DF-11DA-9384-00065B846F21}",
            True,
            id="mvc4",
        ),
        pytest.param(
            "{60dc8134-eba5-43b8-bcc9-bb4bc16c2548};{fae04ec0-301f-11d3-bf4b-00c04f79efbc}",
            False,
            id="wpf",
        ),
    ],
)
def test_a_net_framework_project_s_type_guids_name_an_asp_net_web_application(
    guids: str, web: bool
) -> None:
    """A .NET Framework web project builds a class library the web server loads (its
    OutputType is Library): its project type GUIDs say it is a web application."""
    project = (
        '<Project ToolsVersion="12.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">'
        f"<PropertyGroup><ProjectTypeGuids>{guids}</ProjectTypeGuids>"
        "<OutputType>Library</OutputType></PropertyGroup></Project>"
    )
    found = values(ecosystems_dotnet.parse_msbuild_project("Shop/Shop.csproj", project))
    assert found.get("dotnet.web_application") == (1 if web else None)
    assert found["dotnet.output.library"] == 1


WEB_XML_23 = """\
<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE web-app
    PUBLIC "-//Sun Microsystems, Inc.//DTD Web Application 2.3//EN"
    "http://java.sun.com/dtd/web-app_2_3.dtd">
<web-app>
  <servlet><servlet-name>controller</servlet-name></servlet>
</web-app>
"""


def test_a_servlet_2_3_descriptor_s_public_doctype_declares_nothing_and_is_read() -> None:
    parsed = ecosystems_jvm.parse_web_xml("src/web/WEB-INF/web.xml", WEB_XML_23)
    found = {f.key: f for f in parsed.facts}
    assert found["java.web_app"].evidence[0].line == 5  # the lines are kept


def test_a_public_doctype_with_declarations_of_its_own_is_still_refused() -> None:
    bomb = WEB_XML_23.replace(
        '"http://java.sun.com/dtd/web-app_2_3.dtd">',
        '"http://java.sun.com/dtd/web-app_2_3.dtd" [<!ENTITY a "aaaa">]>',
    )
    with pytest.raises(MalformedManifest, match="DTD not allowed"):
        ecosystems_jvm.parse_web_xml("WEB-INF/web.xml", bomb)
