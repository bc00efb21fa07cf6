from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stackcheck.facts import Evidence, Fact, Manifest, manifests
from stackcheck.facts.collect import collect
from stackcheck.facts.manifests import MalformedManifest, Parsed, node
from stackcheck.source.discover import discover

Parser = Callable[[str, str], Parsed]
RepoFactory = Callable[..., Path]  # the `repo` fixture of tests/conftest.py


def values(parsed: Parsed) -> dict[str, float]:
    """Fact key -> value; keys are unique within one file's facts except repeated deps."""
    found: dict[str, float] = {}
    for item in parsed.facts:
        found[item.key] = found.get(item.key, 0.0) + item.value
    return found


def evidence(parsed: Parsed, key: str) -> list[Evidence]:
    return [e for f in parsed.facts if f.key == key for e in f.evidence]


# --- package.json -----------------------------------------------------------------------

PACKAGE_JSON_FULL = """\
{
  "name": "shop-api",
  "version": "2.1.0",
  "private": true,
  "type": "module",
  "main": "dist/index.js",
  "bin": {
    "shop": "bin/shop.js"
  },
  "scripts": {
    "start": "NODE_ENV=production node dist/index.js",
    "dev": "nodemon --watch src src/index.ts",
    "build": "tsc -p . && webpack --mode production",
    "test": "jest --coverage"
  },
  "dependencies": {
    "express": "^4.18.2",
    "@nestjs/core": "10.2.10",
    "socket.io": "~4.7.2"
  },
  "peerDependencies": {
    "react": ">=17"
  },
  "optionalDependencies": {
    "fsevents": "^2.3.3"
  },
  "devDependencies": {
    "jest": "^29.7.0",
    "typescript": "^5.3.2"
  }
}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("{}", {"manifest.package-json": 1.0}, id="empty-object"),
        pytest.param(
            '{"name": "lib", "version": "1.0.0", "description": "nothing else"}',
            {"manifest.package-json": 1.0},
            id="metadata-only",
        ),
        pytest.param(
            '{"dependencies": [], "scripts": "start", "bin": "", "workspaces": [],'
            ' "private": "yes", "type": "esm", "main": 3}',
            {"manifest.package-json": 1.0},
            id="wrong-types-ignored",
        ),
        pytest.param(
            '{"dependencies": {"": "1", "has space": "1", "ok": 2}}',
            {"manifest.package-json": 1.0, "npm.dep.ok": 1.0},
            id="impossible-names-skipped",
        ),
        pytest.param(
            PACKAGE_JSON_FULL,
            {
                "manifest.package-json": 1.0,
                "npm.dep.express": 1.0,
                "npm.dep.@nestjs/core": 1.0,
                "npm.dep.socket.io": 1.0,
                "npm.dep.react": 1.0,
                "npm.dep.fsevents": 1.0,
                "npm.devdep.jest": 1.0,
                "npm.devdep.typescript": 1.0,
                "npm.bin": 1.0,
                "npm.private": 1.0,
                "npm.type.module": 1.0,
                "npm.script.start": 1.0,
                "npm.script.dev": 1.0,
                "npm.script_runs.node": 1.0,
                "npm.script_runs.nodemon": 1.0,
                "npm.script_runs.webpack": 1.0,
                "npm.script_runs.jest": 1.0,
            },
            id="application",
        ),
        pytest.param(
            '{"name": "Left-Pad", "version": "1.3.0", "main": "index.js", "module": "index.mjs",'
            ' "bin": "cli.js", "type": "commonjs", "dependencies": {"JSONStream": "1.3.5"}}',
            {
                "manifest.package-json": 1.0,
                "npm.library_entry": 2.0,
                "npm.bin": 1.0,
                "npm.type.commonjs": 1.0,
                "npm.dep.jsonstream": 1.0,
            },
            id="library-names-lower-cased",
        ),
        pytest.param(
            '{"name": "chat", "version": "1.0.0", "main": "server.js",'
            ' "scripts": {"start": "node server.js"}}',
            {"manifest.package-json": 1.0, "npm.script.start": 1.0, "npm.script_runs.node": 1.0},
            id="npm-init-application-main-is-not-a-library",
        ),
        pytest.param(
            '{"name": "site", "private": true,'
            ' "scripts": {"build": "next build", "export": "next export"}}',
            {
                "manifest.package-json": 1.0,
                "npm.private": 1.0,
                "npm.script_runs.next": 2.0,
                "ssg.next_export": 1.0,
            },
            id="next-9-static-export-by-its-command",
        ),
        pytest.param(
            '{"name": "admin-ui",'
            ' "scripts": {"start": "webpack --config client/webpack.js --watch"}}',
            {
                "manifest.package-json": 1.0,
                "npm.script.start_builds": 1.0,
                "npm.script_runs.webpack": 1.0,
            },
            id="start-only-rebuilds-in-watch-mode",
        ),
        pytest.param(
            '{"name": "backend", "bin": {"backend": "cdk/bin/backend.js"},'
            ' "dependencies": {"aws-cdk-lib": "2.100.0"}}',
            {"manifest.package-json": 1.0, "npm.dep.aws-cdk-lib": 1.0},
            id="a-cdk-app-s-bin-is-no-command",
        ),
        pytest.param(
            '{"name": "spa", "scripts": {"start": "webpack serve --mode development"}}',
            {"manifest.package-json": 1.0, "npm.script.start": 1.0, "npm.script_runs.webpack": 1.0},
            id="start-serves-with-the-bundler",
        ),
        pytest.param(
            '{"name": "app", "scripts": {"start": "tsc -w & node dist/server.js"}}',
            {"manifest.package-json": 1.0, "npm.script.start": 1.0, "npm.script_runs.node": 1.0},
            id="start-builds-then-serves",
        ),
        pytest.param(
            '{"name": "ws", "version": "8.0.0", "main": "index.js", "files": ["lib"],'
            ' "exports": {".": "./index.js"}}',
            {"manifest.package-json": 1.0, "npm.library_entry": 1.0},
            id="published-library",
        ),
        pytest.param(
            '{"name": "hotpage", "version": "1.2.0", "bin": {"hotpage": "bin/hotpage.js"},'
            ' "exports": {".": "./src/index.js", "./client": null}, "files": ["bin", "src"]}',
            {"manifest.package-json": 1.0, "npm.library_entry": 1.0, "npm.bin": 1.0},
            id="published-through-exports-only",
        ),
        pytest.param(
            '{"name": "api", "version": "0.0.1", "module": "src/index.ts",'
            ' "dependencies": {"elysia": "latest"}}',
            {"manifest.package-json": 1.0, "npm.dep.elysia": 1.0},
            id="bun-init-s-module-names-the-source-it-runs",
        ),
        pytest.param(
            '{"name": "kit", "version": "2.0.0", "module": "dist/index.mjs", "main": "x.js"}',
            {"manifest.package-json": 1.0, "npm.library_entry": 2.0},
            id="a-built-module-is-published",
        ),
        pytest.param(
            '{"name": "cms-ui", "version": "1.0.0", "main": "lib/index.js",'
            ' "peerDependencies": {"react": "15.0.0"}}',
            {"manifest.package-json": 1.0, "npm.dep.react": 1.0, "npm.library_entry": 1.0},
            id="a-package-that-names-its-host-is-published",
        ),
        pytest.param(
            '{"name": "shop", "version": "1.0.0", "main": "server.js",'
            ' "dependencies": {"react": "18.0.0"}}',
            {"manifest.package-json": 1.0, "npm.dep.react": 1.0},
            id="npm-init-s-main-alone-is-no-library",
        ),
        pytest.param(
            '{"name": "tiny", "version": "0.1.0", "exports": "./tiny.js"}',
            {"manifest.package-json": 1.0, "npm.library_entry": 1.0},
            id="exports-string",
        ),
        pytest.param(
            '{"name": "@acme/server", "type": "module",'
            ' "exports": {"./rpc": {"import": "./dist/rpc.js"}}}',
            {"manifest.package-json": 1.0, "npm.type.module": 1.0},
            id="a-workspace-package-with-no-version-is-not-published",
        ),
        pytest.param(
            '{"name": "site", "private": true, "exports": {".": "./index.js"}}',
            {"manifest.package-json": 1.0, "npm.private": 1.0},
            id="private-package-exports-are-not-a-library",
        ),
        pytest.param(
            '{"private": true, "workspaces": ["packages/*", "apps/*"]}',
            {"manifest.package-json": 1.0, "npm.private": 1.0, "npm.workspaces": 2.0},
            id="workspaces-list",
        ),
        pytest.param(
            '{"workspaces": {"packages": ["packages/*"], "nohoist": ["**/react-native"]}}',
            {"manifest.package-json": 1.0, "npm.workspaces": 1.0},
            id="workspaces-object",
        ),
        pytest.param(
            '{"dependencies": {"react": "^18"}, "peerDependencies": {"react": ">=17"}}',
            {"manifest.package-json": 1.0, "npm.dep.react": 2.0},
            id="same-dep-twice-counts-twice",
        ),
        pytest.param(
            '{"name": "node-red-contrib-charger", "node-red": {"nodes": {"charger": "c.js"}}}',
            {"manifest.package-json": 1.0, "npm.addon": 1.0},
            id="node-red-nodes",
        ),
        pytest.param(
            '{"name": "node-red-contrib-x", "node-red": {"version": ">=3"}}',
            {"manifest.package-json": 1.0},
            id="node-red-section-naming-no-nodes",
        ),
        pytest.param(
            '{"name": "homebridge-lamp", "engines": {"node": ">=18", "homebridge": ">=1.6"}}',
            {"manifest.package-json": 1.0, "npm.addon": 1.0},
            id="homebridge-plugin",
        ),
        pytest.param(
            '{"name": "vitepress-blog-theme", "version": "0.3.0",'
            ' "exports": {".": "./src/index.js"},'
            ' "dependencies": {"vitepress": "2.0.0", "vue": "^3"}}',
            {
                "manifest.package-json": 1.0,
                "npm.dep.vitepress": 1.0,
                "npm.dep.vue": 1.0,
                "npm.library_entry": 1.0,
                "npm.site_theme": 1.0,
            },
            id="vitepress-theme-package",
        ),
        pytest.param(
            '{"name": "gatsby-theme-notes", "version": "1.0.0", "main": "index.js",'
            ' "files": ["src"], "peerDependencies": {"gatsby": "^5", "react": "^18"}}',
            {
                "manifest.package-json": 1.0,
                "npm.dep.gatsby": 1.0,
                "npm.dep.react": 1.0,
                "npm.library_entry": 1.0,
                "npm.site_theme": 1.0,
            },
            id="gatsby-theme-package",
        ),
        pytest.param(
            '{"name": "astro-icons", "version": "1.0.0", "exports": {".": "./index.ts"},'
            ' "peerDependencies": {"astro": "^4"}}',
            {"manifest.package-json": 1.0, "npm.dep.astro": 1.0, "npm.library_entry": 1.0},
            id="generator-plugin-that-is-no-theme",
        ),
        pytest.param(
            '{"name": "my-blog", "private": true, "description": "my blog with a dark theme",'
            ' "dependencies": {"vitepress": "1.0.0"}}',
            {"manifest.package-json": 1.0, "npm.dep.vitepress": 1.0, "npm.private": 1.0},
            id="a-site-using-a-theme-is-no-theme-package",
        ),
        pytest.param(
            '{"name": "mobile", "private": true, "dependencies": {"expo": "~52.0.0",'
            ' "react-native": "0.76.5"}}',
            {
                "manifest.package-json": 1.0,
                "npm.dep.expo": 1.0,
                "npm.dep.react-native": 1.0,
                "npm.private": 1.0,
                "mobile.react_native": 1.0,
            },
            id="an-expo-app-runs-on-phones",
        ),
        pytest.param(
            '{"name": "rn-toast", "version": "1.0.0", "main": "index.js",'
            ' "peerDependencies": {"react-native": ">=0.70"}}',
            {"manifest.package-json": 1.0, "npm.dep.react-native": 1.0, "npm.library_entry": 1.0},
            id="a-react-native-library-names-it-as-a-peer",
        ),
        pytest.param(
            '\ufeff{"dependencies": {"vue": "^3.3.0"}}',
            {"manifest.package-json": 1.0, "npm.dep.vue": 1.0},
            id="byte-order-mark",
        ),
    ],
)
def test_package_json_facts(text: str, expected: dict[str, float]) -> None:
    assert values(node.parse_package_json("package.json", text)) == expected


def test_package_json_evidence_lines_and_details() -> None:
    parsed = node.parse_package_json("app/package.json", PACKAGE_JSON_FULL)
    assert parsed.kind == "package-json"
    assert parsed.dependencies == 7
    assert evidence(parsed, "npm.dep.express") == [
        Evidence("app/package.json", 17, "express ^4.18.2 (runtime)")
    ]
    assert evidence(parsed, "npm.dep.react") == [
        Evidence("app/package.json", 22, "react >=17 (peer)")
    ]
    assert evidence(parsed, "npm.dep.fsevents") == [
        Evidence("app/package.json", 25, "fsevents ^2.3.3 (optional)")
    ]
    assert evidence(parsed, "npm.devdep.jest") == [
        Evidence("app/package.json", 28, "jest ^29.7.0 (dev)")
    ]
    assert evidence(parsed, "npm.script.start") == [
        Evidence("app/package.json", 11, '"start": NODE_ENV=production node dist/index.js')
    ]
    assert evidence(parsed, "npm.bin") == [Evidence("app/package.json", 7, "bin: shop")]
    assert evidence(parsed, "manifest.package-json") == [
        Evidence("app/package.json", None, "package.json of shop-api")
    ]


def test_dependency_line_is_found_in_its_own_section() -> None:
    # "express" occurs first as a script word and in devDependencies: the line must be the
    # key inside "dependencies", not the first occurrence of the text.
    text = (
        '{\n  "scripts": {"express": "express"},\n  "devDependencies": {\n'
        '    "express": "4"\n  },\n  "dependencies": {\n    "express": "^4.18.2"\n  }\n}\n'
    )
    parsed = node.parse_package_json("package.json", text)
    assert evidence(parsed, "npm.dep.express")[0].line == 7
    assert evidence(parsed, "npm.devdep.express")[0].line == 4


@pytest.mark.parametrize(
    ("command", "tools"),
    [
        pytest.param("echo done", set(), id="unknown-tool"),
        pytest.param("npm run build", set(), id="npm-run"),
        pytest.param("./scripts/deploy.sh", set(), id="local-script"),
        pytest.param("node server.js", {"node"}, id="node"),
        pytest.param("next start -p $PORT", {"next"}, id="next"),
        pytest.param("NODE_ENV=production PORT=80 node app.js", {"node"}, id="env-assignments"),
        pytest.param("cross-env NODE_ENV=test jest --runInBand", {"jest"}, id="cross-env"),
        pytest.param("npx --yes http-server ./public -p 8080", {"http-server"}, id="npx-options"),
        pytest.param("npx @11ty/eleventy --serve", {"eleventy"}, id="npx-scoped-package"),
        pytest.param("npx @nestjs/cli@10 start", {"nest"}, id="npx-versioned-package"),
        pytest.param("tsc && vite build", {"vite"}, id="and-chain"),
        pytest.param("vitest run; webpack|cat", {"vitest", "webpack"}, id="semicolon-and-pipe"),
        pytest.param("./node_modules/.bin/react-scripts start", {"react-scripts"}, id="bin-path"),
        pytest.param("yarn docusaurus start", {"docusaurus"}, id="yarn-bin"),
        pytest.param("pnpm exec astro dev", {"astro"}, id="pnpm-exec"),
        pytest.param("node -e 'console.log(\"unbalanced", {"node"}, id="unbalanced-quote"),
    ],
)
def test_script_tools(command: str, tools: set[str]) -> None:
    assert node.script_tools(command) == tools


# --- package-lock.json ------------------------------------------------------------------

PACKAGE_LOCK_V3 = """\
{
  "name": "chat-server",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "chat-server",
      "version": "1.0.0",
      "dependencies": {
        "socket.io": "^4.7.2"
      },
      "devDependencies": {
        "jest": "^29.7.0"
      }
    },
    "node_modules/@types/node": {
      "version": "20.8.10",
      "resolved": "https://registry.npmjs.org/@types/node/-/node-20.8.10.tgz",
      "integrity": "sha512-TlgT8JntpcbmKUFzjhsyhGfP2fsiz1Mv56im6enJ==",
      "dev": true
    },
    "node_modules/debug": {
      "version": "4.3.4",
      "resolved": "https://registry.npmjs.org/debug/-/debug-4.3.4.tgz",
      "dependencies": {
        "ms": "2.1.2"
      }
    },
    "node_modules/fsevents": {
      "version": "2.3.3",
      "dev": true,
      "optional": true,
      "os": [
        "darwin"
      ]
    },
    "node_modules/jest": {
      "version": "29.7.0",
      "dev": true,
      "bin": {
        "jest": "bin/jest.js"
      }
    },
    "node_modules/ms": {
      "version": "2.1.3",
      "dev": true
    },
    "node_modules/shared": {
      "resolved": "packages/shared",
      "link": true
    },
    "node_modules/socket.io": {
      "version": "4.7.2",
      "resolved": "https://registry.npmjs.org/socket.io/-/socket.io-4.7.2.tgz",
      "dependencies": {
        "debug": "~4.3.2"
      }
    },
    "node_modules/socket.io/node_modules/debug": {
      "version": "4.3.2"
    },
    "node_modules/socket.io/node_modules/ms": {
      "version": "2.1.2"
    },
    "packages/shared": {
      "name": "shared",
      "version": "0.1.0"
    }
  }
}
"""

PACKAGE_LOCK_V1 = """\
{
  "name": "legacy-app",
  "version": "0.1.0",
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "debug": {
      "version": "4.1.1",
      "resolved": "https://registry.npmjs.org/debug/-/debug-4.1.1.tgz"
    },
    "express": {
      "version": "4.17.1",
      "resolved": "https://registry.npmjs.org/express/-/express-4.17.1.tgz",
      "requires": {
        "debug": "2.6.9"
      },
      "dependencies": {
        "debug": {
          "version": "2.6.9",
          "resolved": "https://registry.npmjs.org/debug/-/debug-2.6.9.tgz"
        }
      }
    },
    "mocha": {
      "version": "8.0.1",
      "dev": true
    }
  }
}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '{"name": "empty", "lockfileVersion": 3, "requires": true,'
            ' "packages": {"": {"name": "empty"}}}',
            {"manifest.package-lock": 1.0},
            id="v3-no-packages",
        ),
        pytest.param(
            '{"name": "empty", "lockfileVersion": 1, "requires": true}',
            {"manifest.package-lock": 1.0},
            id="v1-no-dependencies",
        ),
        pytest.param(
            PACKAGE_LOCK_V3,
            {
                "manifest.package-lock": 1.0,
                "npm.lock.socket.io": 1.0,
                "npm.lock.debug": 1.0,
                "npm.lock.ms": 1.0,  # one copy is dev, the nested one is not
                "npm.lockdev.jest": 1.0,
                "npm.lockdev.@types/node": 1.0,
                "npm.lockdev.fsevents": 1.0,
            },
            id="v3-packages",
        ),
        pytest.param(
            PACKAGE_LOCK_V1,
            {
                "manifest.package-lock": 1.0,
                "npm.lock.debug": 1.0,
                "npm.lock.express": 1.0,
                "npm.lockdev.mocha": 1.0,
            },
            id="v1-tree",
        ),
    ],
)
def test_package_lock_facts(text: str, expected: dict[str, float]) -> None:
    assert values(node.parse_package_lock("package-lock.json", text)) == expected


def test_package_lock_details_name_every_locked_version() -> None:
    v3 = node.parse_package_lock("package-lock.json", PACKAGE_LOCK_V3)
    assert v3.dependencies == 6
    assert evidence(v3, "npm.lock.socket.io") == [
        Evidence("package-lock.json", 53, "locked: socket.io 4.7.2")
    ]
    assert evidence(v3, "npm.lock.debug") == [
        Evidence("package-lock.json", 23, "locked: debug 4.3.2, 4.3.4")
    ]
    assert evidence(v3, "npm.lockdev.jest") == [
        Evidence("package-lock.json", 38, "locked (dev): jest 29.7.0")
    ]
    v1 = node.parse_package_lock("package-lock.json", PACKAGE_LOCK_V1)
    assert evidence(v1, "npm.lock.debug") == [
        Evidence("package-lock.json", 7, "locked: debug 2.6.9, 4.1.1")
    ]


# --- yarn.lock --------------------------------------------------------------------------

YARN_CLASSIC = """\
# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.22.13":
  version "7.22.13"
  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.22.13.tgz#e3c1c0"
  integrity sha512-XktuhWlJ5g+3TJXc5upd9Ks1HutSArik6jY2eAjm==
  dependencies:
    "@babel/highlight" "^7.22.13"
    chalk "^2.4.2"

chalk@^2.4.2:
  version "2.4.2"
  resolved "https://registry.yarnpkg.com/chalk/-/chalk-2.4.2.tgz#cd42541677a54333cf541a49108c1432b44c9424"
  dependencies:
    version "^1.0.0"

react@^18.2.0:
  version "18.2.0"
  resolved "https://registry.yarnpkg.com/react/-/react-18.2.0.tgz#555bd98592883255fa00de14f1151a917b5d77d5"
  dependencies:
    loose-envify "^1.1.0"

"string-width-cjs@npm:string-width@^4.2.0":
  version "4.2.3"
  resolved "https://registry.yarnpkg.com/string-width/-/string-width-4.2.3.tgz#269c7117d27b05ad2e536830a8ec895ef9c6d010"
"""

YARN_BERRY = """\
# This file is generated by running "yarn install" inside your project.
# Manual changes might be lost - proceed with caution!

__metadata:
  version: 8
  cacheKey: 10c0

"@types/node@npm:*, @types/node@npm:^20.8.0":
  version: 20.8.10
  resolution: "@types/node@npm:20.8.10"
  dependencies:
    undici-types: "npm:~5.26.4"
  checksum: 10c0/a5b1c5a8f26ad1e4ac3e0ab7bd5b6b25f5d1b1d8d1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1
  languageName: node
  linkType: hard

"express@npm:^4.18.2":
  version: 4.18.2
  resolution: "express@npm:4.18.2"
  dependencies:
    accepts: "npm:~1.3.8"
  languageName: node
  linkType: hard

"shared@workspace:packages/shared":
  version: 0.0.0-use.local
  resolution: "shared@workspace:packages/shared"
  languageName: unknown
  linkType: soft

"shop@workspace:.":
  version: 0.0.0-use.local
  resolution: "shop@workspace:."
  dependencies:
    express: "npm:^4.18.2"
  languageName: unknown
  linkType: soft
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", {"manifest.yarn-lock": 1.0}, id="empty"),
        pytest.param(
            "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n"
            "# yarn lockfile v1\n\n\n",
            {"manifest.yarn-lock": 1.0},
            id="classic-header-only",
        ),
        pytest.param(
            "__metadata:\n  version: 6\n  cacheKey: 8\n",
            {"manifest.yarn-lock": 1.0},
            id="berry-metadata-only",
        ),
        pytest.param(
            YARN_CLASSIC,
            {
                "manifest.yarn-lock": 1.0,
                "npm.lock.@babel/code-frame": 1.0,
                "npm.lock.chalk": 1.0,
                "npm.lock.react": 1.0,
                "npm.lock.string-width-cjs": 1.0,
            },
            id="classic",
        ),
        pytest.param(
            YARN_CLASSIC.replace("\n", "\r\n"),
            {
                "manifest.yarn-lock": 1.0,
                "npm.lock.@babel/code-frame": 1.0,
                "npm.lock.chalk": 1.0,
                "npm.lock.react": 1.0,
                "npm.lock.string-width-cjs": 1.0,
            },
            id="classic-crlf",
        ),
        pytest.param(
            YARN_BERRY,
            {"manifest.yarn-lock": 1.0, "npm.lock.@types/node": 1.0, "npm.lock.express": 1.0},
            id="berry-workspaces-left-out",
        ),
    ],
)
def test_yarn_lock_facts(text: str, expected: dict[str, float]) -> None:
    assert values(node.parse_yarn_lock("yarn.lock", text)) == expected


def test_yarn_lock_details() -> None:
    classic = node.parse_yarn_lock("yarn.lock", YARN_CLASSIC)
    assert classic.dependencies == 4
    # chalk's dependency named "version" (indented deeper) must not replace its version.
    assert evidence(classic, "npm.lock.chalk") == [Evidence("yarn.lock", 13, "locked: chalk 2.4.2")]
    assert evidence(classic, "npm.lock.@babel/code-frame") == [
        Evidence("yarn.lock", 5, "locked: @babel/code-frame 7.22.13")
    ]
    berry = node.parse_yarn_lock("yarn.lock", YARN_BERRY)
    assert evidence(berry, "npm.lock.express") == [
        Evidence("yarn.lock", 17, "locked: express 4.18.2")
    ]
    assert evidence(berry, "manifest.yarn-lock")[0].detail == "yarn lock file (berry)"


# --- pnpm-lock.yaml ---------------------------------------------------------------------

PNPM_V5 = """\
lockfileVersion: 5.4

specifiers:
  express: ^4.18.2
  forked-lib: github:user/forked-lib#abc123
  jest: ^29.7.0

dependencies:
  express: 4.18.2
  forked-lib: github.com/user/forked-lib/abc123

devDependencies:
  jest: 29.7.0_@types+node@20.8.10

packages:

  /@babel/core/7.23.2:
    resolution: {integrity: sha512-n7s51eWdaWZ3vGT2tD4T7J6eJs3QoBXydv7vkUM0==}
    engines: {node: '>=6.9.0'}
    dev: true

  /express/4.18.2:
    resolution: {integrity: sha512-5/PsL6iGPdfQ/lKM1UuielYgv3BUoJfz1aUwU9vH==}
    engines: {node: '>= 0.10.0'}
    dependencies:
      accepts: 1.3.8
    dev: false

  /jest/29.7.0_@types+node@20.8.10:
    resolution: {integrity: sha512-NIy3oAFp9shda19hy4HK0HRTWKtPJmGdnvywu01n==}
    hasBin: true
    dev: true

  github.com/user/forked-lib/abc123:
    resolution: {tarball: https://codeload.github.com/user/forked-lib/tar.gz/abc123}
    name: forked-lib
    version: 1.0.0
    dev: false
"""

PNPM_V6 = """\
lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

dependencies:
  socket.io:
    specifier: ^4.7.2
    version: 4.7.2

devDependencies:
  vitest:
    specifier: ^0.34.6
    version: 0.34.6(jsdom@22.1.0)

packages:

  /@socket.io/component-emitter@3.1.0:
    resolution: {integrity: sha512-+9jVqKhRSpsc591z5vX+X5Yyw+he/HCB4iQ/RYxw==}
    dev: false

  /socket.io@4.7.2:
    resolution: {integrity: sha512-bvKVS29/I5fl2FGLNHuXlQaUH/BlzX1IN6S+NKLN==}
    engines: {node: '>=10.2.0'}
    dependencies:
      '@socket.io/component-emitter': 3.1.0
    dev: false

  /vitest@0.34.6(jsdom@22.1.0):
    resolution: {integrity: sha512-+5CALsOvbNKnS+ZHMXtuUC7nL8/7F1F2DnHGjSss==}
    engines: {node: '>=v14.18.0'}
    hasBin: true
    dev: true
"""

PNPM_V9 = """\
lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      next:
        specifier: 14.0.3
        version: 14.0.3(react-dom@18.2.0(react@18.2.0))(react@18.2.0)
    devDependencies:
      typescript:
        specifier: ^5
        version: 5.3.2

  packages/ui:
    dependencies:
      react:
        specifier: ^18.2.0
        version: 18.2.0

packages:

  '@next/env@14.0.3':
    resolution: {integrity: sha512-7xRqh9nMvP5xrW4/+L0jgRRX+HoNRGnfJpD+5Wq6==}

  next@14.0.3:
    resolution: {integrity: sha512-AbYdRNfImBr3XGtvnwOxq8ekVCwbFTv/UJoLwmaX==}
    engines: {node: '>=18.17.0'}
    hasBin: true

  react@18.2.0:
    resolution: {integrity: sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNl==}
    engines: {node: '>=0.10.0'}

  typescript@5.3.2:
    resolution: {integrity: sha512-6l+RyNy7oAHDfxC4FzSJcz9vnjTKxrLpDG5M2Vu4==}
    engines: {node: '>=14.17'}
    hasBin: true

snapshots:

  '@next/env@14.0.3': {}

  next@14.0.3(react-dom@18.2.0(react@18.2.0))(react@18.2.0):
    dependencies:
      '@next/env': 14.0.3
      react: 18.2.0

  react@18.2.0: {}

  typescript@5.3.2: {}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("lockfileVersion: '9.0'\n", {"manifest.pnpm-lock": 1.0}, id="v9-empty"),
        pytest.param(
            "lockfileVersion: '6.0'\n\npackages: {}\n", {"manifest.pnpm-lock": 1.0}, id="v6-empty"
        ),
        pytest.param(
            PNPM_V5,
            {
                "manifest.pnpm-lock": 1.0,
                "npm.lock.express": 1.0,
                "npm.lock.forked-lib": 1.0,
                "npm.lockdev.jest": 1.0,
                "npm.lockdev.@babel/core": 1.0,
            },
            id="v5",
        ),
        pytest.param(
            PNPM_V6,
            {
                "manifest.pnpm-lock": 1.0,
                "npm.lock.socket.io": 1.0,
                "npm.lock.@socket.io/component-emitter": 1.0,
                "npm.lockdev.vitest": 1.0,
            },
            id="v6",
        ),
        pytest.param(
            PNPM_V9,
            {
                "manifest.pnpm-lock": 1.0,
                "npm.lock.@next/env": 1.0,
                "npm.lock.next": 1.0,
                "npm.lock.react": 1.0,
                "npm.lock.typescript": 1.0,  # v9 no longer marks dev packages
            },
            id="v9",
        ),
    ],
)
def test_pnpm_lock_facts(text: str, expected: dict[str, float]) -> None:
    assert values(node.parse_pnpm_lock("pnpm-lock.yaml", text)) == expected


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        pytest.param(
            PNPM_V5,
            "npm.lockdev.jest",
            Evidence("pnpm-lock.yaml", 29, "locked (dev): jest 29.7.0"),
            id="v5-peer-suffix",
        ),
        pytest.param(
            PNPM_V5,
            "npm.lock.forked-lib",
            Evidence("pnpm-lock.yaml", 34, "locked: forked-lib 1.0.0"),
            id="v5-git-package",
        ),
        pytest.param(
            PNPM_V6,
            "npm.lockdev.vitest",
            Evidence("pnpm-lock.yaml", 30, "locked (dev): vitest 0.34.6"),
            id="v6-peer-suffix",
        ),
        pytest.param(
            PNPM_V9,
            "npm.lock.@next/env",
            Evidence("pnpm-lock.yaml", 27, "locked: @next/env 14.0.3"),
            id="v9-quoted-scope",
        ),
    ],
)
def test_pnpm_lock_details(text: str, key: str, expected: Evidence) -> None:
    assert evidence(node.parse_pnpm_lock("pnpm-lock.yaml", text), key) == [expected]


# --- deno.json --------------------------------------------------------------------------

DENO_JSONC = """\
{
  // Deno 2 configuration: comments and trailing commas are allowed here.
  "tasks": {
    "dev": "deno run --watch --allow-net main.ts",
    "start": { "command": "deno run --allow-net main.ts", "description": "serve" }
  },
  /* the import map
     lives inline */
  "imports": {
    "@std/http": "jsr:@std/http@^1.0.0",
    "express": "npm:express@4.18.2",
    "preact/": "npm:/preact@10.19.2/",
    "oak": "https://deno.land/x/oak@v12.6.1/mod.ts",
    "std/": "https://deno.land/std@0.208.0/",
    "react": "https://esm.sh/react@18.2.0",
    "lodash": "https://cdn.jsdelivr.net/npm/lodash-es@4.17.21/lodash.js",
    "~/": "./src/",
    "mylib": "https://example.com/lib/mod.ts", // pinned by URL
  },
}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("{}", {"manifest.deno-json": 1.0}, id="empty"),
        pytest.param(
            '{"imports": {"~/": "./src/", "@/": "/abs/"}, "compilerOptions": {"strict": true}}',
            {"manifest.deno-json": 1.0},
            id="local-paths-only",
        ),
        pytest.param(
            '{"fmt": {"lineWidth": 100}, "lint": {"rules": {"tags": ["recommended"]}}}',
            {"manifest.deno-json": 1.0},
            id="tooling-only",
        ),
        pytest.param(
            DENO_JSONC,
            {
                "manifest.deno-json": 1.0,
                "deno.task.dev": 1.0,
                "deno.task.start": 1.0,
                "deno.dep.@std/http": 1.0,
                "deno.dep.express": 1.0,
                "npm.dep.express": 1.0,
                "deno.dep.preact": 1.0,
                "npm.dep.preact": 1.0,
                "deno.dep.oak": 1.0,
                "deno.dep.std": 1.0,
                "deno.dep.react": 1.0,
                "deno.dep.lodash-es": 1.0,
                "deno.dep.mylib": 1.0,
            },
            id="jsonc",
        ),
        pytest.param(
            '{"imports": {"url": "https://example.com/a//b.ts", "x": "npm:x@1/* no comment */"}}',
            {"manifest.deno-json": 1.0, "deno.dep.url": 1.0, "deno.dep.x": 1.0, "npm.dep.x": 1.0},
            id="comment-markers-inside-strings",
        ),
    ],
)
def test_deno_json_facts(text: str, expected: dict[str, float]) -> None:
    assert values(node.parse_deno_json("deno.jsonc", text)) == expected


def test_deno_json_details() -> None:
    parsed = node.parse_deno_json("deno.jsonc", DENO_JSONC)
    assert parsed.dependencies == 8
    assert evidence(parsed, "npm.dep.express") == [
        Evidence("deno.jsonc", 11, "express: npm:express@4.18.2 (runtime)")
    ]
    assert evidence(parsed, "deno.task.start") == [
        Evidence("deno.jsonc", 5, '"start": deno run --allow-net main.ts')
    ]
    assert evidence(parsed, "deno.dep.mylib")[0].line == 18


def test_strip_jsonc_keeps_lines_and_strings() -> None:
    text = '{\n  // one\n  "a": "//x", /* two\n  three */ "b": [1,],\n}'
    stripped = node.strip_jsonc(text)
    assert stripped.count("\n") == text.count("\n")
    assert len(stripped) == len(text)
    assert '"//x"' in stripped
    assert "one" not in stripped and "three" not in stripped


# --- malformed input ----------------------------------------------------------------------

ALL_PARSERS = [
    pytest.param(node.parse_package_json, id="package-json"),
    pytest.param(node.parse_package_lock, id="package-lock"),
    pytest.param(node.parse_yarn_lock, id="yarn-lock"),
    pytest.param(node.parse_pnpm_lock, id="pnpm-lock"),
    pytest.param(node.parse_deno_json, id="deno-json"),
]


@pytest.mark.parametrize(
    ("parser", "text", "reason"),
    [
        pytest.param(node.parse_package_json, "", "invalid JSON", id="package-json-empty"),
        pytest.param(
            node.parse_package_json,
            '{"name": "x", "dependencies": {"express": "^4"',
            "invalid JSON",
            id="package-json-truncated",
        ),
        pytest.param(
            node.parse_package_json, '["express"]', "not a JSON object", id="package-json-list"
        ),
        pytest.param(
            node.parse_package_json,
            "\x00\x01\x02\x7fELF\x00",
            "invalid JSON",
            id="package-json-junk",
        ),
        pytest.param(
            node.parse_package_json, "[" * 100_000, "nested too deeply", id="package-json-deep"
        ),
        pytest.param(
            node.parse_package_lock, PACKAGE_LOCK_V3[:400], "invalid JSON", id="package-lock-cut"
        ),
        pytest.param(node.parse_package_lock, "null", "not a JSON object", id="package-lock-null"),
        pytest.param(
            node.parse_yarn_lock,
            YARN_CLASSIC.replace("chalk@^2.4.2:", "<<<<<<< HEAD\nchalk@^2.4.2:"),
            "line 13",
            id="yarn-classic-conflict-marker",
        ),
        pytest.param(node.parse_yarn_lock, "\x00\x01\x02junk", "line 1", id="yarn-classic-junk"),
        pytest.param(
            node.parse_yarn_lock,
            '__metadata:\n  version: 8\n"express@npm:^4": [\n',
            "invalid YAML",
            id="yarn-berry-broken",
        ),
        pytest.param(
            node.parse_yarn_lock,
            "__metadata:\n  version: 8\n---\n- a\n",
            "invalid YAML",
            id="yarn-berry-two-documents",
        ),
        pytest.param(node.parse_pnpm_lock, "", "not a YAML mapping", id="pnpm-empty"),
        pytest.param(node.parse_pnpm_lock, "- a\n- b\n", "not a YAML mapping", id="pnpm-list"),
        pytest.param(node.parse_pnpm_lock, "\x00\x01junk", "invalid YAML", id="pnpm-junk"),
        pytest.param(
            node.parse_pnpm_lock, PNPM_V6[:300] + "\n  [", "invalid YAML", id="pnpm-truncated"
        ),
        pytest.param(
            node.parse_pnpm_lock, "packages: {}\n", "lockfileVersion", id="pnpm-no-version"
        ),
        pytest.param(
            node.parse_pnpm_lock,
            "lockfileVersion: '6.0'\npackages: [a, b]\n",
            "packages is not a mapping",
            id="pnpm-packages-list",
        ),
        pytest.param(node.parse_pnpm_lock, "a: " + "[" * 5000, "nested more than", id="pnpm-deep"),
        pytest.param(
            node.parse_deno_json, '{"tasks": {} /* open', "invalid JSON", id="deno-open-comment"
        ),
        pytest.param(node.parse_deno_json, "// only\n", "invalid JSON", id="deno-comment-only"),
        pytest.param(node.parse_deno_json, '"text"', "not a JSON object", id="deno-string"),
    ],
)
def test_malformed_raises_malformed_manifest(parser: Parser, text: str, reason: str) -> None:
    with pytest.raises(MalformedManifest, match=reason):
        parser("some/path", text)


SAMPLES = {
    "package-json": PACKAGE_JSON_FULL,
    "package-lock": PACKAGE_LOCK_V3,
    "yarn-lock": YARN_CLASSIC + YARN_BERRY,
    "pnpm-lock": PNPM_V6,
    "deno-json": DENO_JSONC,
}


@pytest.mark.parametrize("parser", ALL_PARSERS)
def test_every_prefix_parses_or_is_malformed(
    parser: Parser, request: pytest.FixtureRequest
) -> None:
    sample = SAMPLES[request.node.callspec.id]
    outcomes = {"parsed": 0, "malformed": 0}
    for end in range(len(sample) + 1):
        try:
            result = parser("x", sample[:end])
        except MalformedManifest:
            outcomes["malformed"] += 1
        else:
            assert isinstance(result, Parsed)
            outcomes["parsed"] += 1
    assert outcomes["malformed"] > 0
    assert outcomes["parsed"] > 0


@pytest.mark.parametrize("parser", ALL_PARSERS)
@pytest.mark.parametrize(
    "junk",
    [
        pytest.param(bytes(range(256)).decode("latin-1"), id="all-bytes"),
        pytest.param("\ufffd" * 50 + "\x00" * 10, id="replacement-and-nul"),
        pytest.param("{" + '"a":{' * 2000, id="deep-open-objects"),
        pytest.param("- " * 3000 + "x", id="deep-yaml-sequence"),
    ],
)
def test_junk_is_malformed_or_harmless(parser: Parser, junk: str) -> None:
    try:
        result = parser("x", junk)
    except MalformedManifest as exc:
        assert str(exc)
    else:
        assert all(f.key.startswith("manifest.") for f in result.facts)


# --- registration and the whole pipeline ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parser"),
    [
        pytest.param("README.md", None, id="not-a-manifest"),
        pytest.param("package.json5", None, id="json5-not-claimed"),
        pytest.param("package.json", node.parse_package_json, id="package-json"),
        pytest.param("packages/api/package.json", node.parse_package_json, id="nested"),
        pytest.param("package-lock.json", node.parse_package_lock, id="package-lock"),
        pytest.param("npm-shrinkwrap.json", node.parse_package_lock, id="shrinkwrap"),
        pytest.param("web/yarn.lock", node.parse_yarn_lock, id="yarn-lock"),
        pytest.param("pnpm-lock.yaml", node.parse_pnpm_lock, id="pnpm-lock"),
        pytest.param("deno.json", node.parse_deno_json, id="deno-json"),
        pytest.param("deno.jsonc", node.parse_deno_json, id="deno-jsonc"),
    ],
)
def test_registered_by_file_name(path: str, parser: Parser | None) -> None:
    assert manifests.parser_for(path) is parser


def test_monorepo_through_collect(repo: RepoFactory) -> None:
    facts = collect(discover(repo("manifests-node-monorepo")))
    assert facts.manifests == (
        Manifest("package-lock.json", "package-lock", 3),
        Manifest("package.json", "package-json", 2),
        Manifest("packages/api/package.json", "package-json", 4),
        Manifest("packages/web/package.json", "package-json", 4),
    )
    assert not [s for s in facts.skipped if "json" in s.path]
    expected = {
        "manifest.package-json": 3.0,
        "manifest.package-lock": 1.0,
        "npm.workspaces": 1.0,
        "npm.private": 2.0,
        "npm.dep.express": 1.0,
        "npm.dep.react": 1.0,
        "npm.dep.react-dom": 1.0,
        "npm.devdep.typescript": 2.0,
        "npm.script.dev": 3.0,
        "npm.script.start": 1.0,
        "npm.script_runs.node": 1.0,
        "npm.script_runs.vite": 2.0,
        "npm.library_entry": 0.0,
        "npm.type.module": 1.0,
        "npm.lock.express": 1.0,
        "npm.lock.react": 1.0,
        "npm.lockdev.typescript": 1.0,
    }
    assert {k: facts.value(k) for k in expected} == expected
    assert "npm.lock.@acme/api" not in facts.values  # a workspace link, not a dependency
    assert facts.values["npm.dep.express"] == Fact(
        "npm.dep.express",
        1.0,
        (Evidence("packages/api/package.json", 11, "express ^4.18.2 (runtime)"),),
    )
    assert [e.path for e in facts.values["npm.script.dev"].evidence] == [
        "package.json",
        "packages/api/package.json",
        "packages/web/package.json",
    ]


def test_node_modules_package_json_never_reaches_the_parser(repo: RepoFactory) -> None:
    path = repo(
        files={
            "package.json": '{"dependencies": {"express": "^4.18.2"}}',
            "node_modules/express/package.json": '{"dependencies": {"body-parser": "1.20.1"}}',
        }
    )
    facts = collect(discover(path))
    assert facts.value("npm.dep.express") == 1.0
    assert facts.value("npm.dep.body-parser") == 0.0
    assert [m.path for m in facts.manifests] == ["package.json"]


def test_malformed_file_becomes_a_skipped_entry(repo: RepoFactory) -> None:
    path = repo(files={"package.json": '{"name": "broken",', "deno.json": "{}"})
    facts = collect(discover(path))
    assert [(s.path, s.reason.split(":")[0]) for s in facts.skipped] == [
        ("package.json", "malformed")
    ]
    assert [m.kind for m in facts.manifests] == ["deno-json"]


COPIED_PLUGIN = json.dumps(
    {
        "name": "chosen-js",
        "version": "1.8.7",
        "main": "chosen.jquery.js",
        "files": ["chosen.jquery.js", "chosen.css"],
        "dependencies": {"jquery": "^3.0"},
    }
)


@pytest.mark.parametrize(
    ("path", "copied"),
    [
        pytest.param("public/plugins/chosen/package.json", True, id="admin-template-plugin"),
        pytest.param("App.Web/wwwroot/lib/jquery/package.json", True, id="libman-folder"),
        pytest.param("site/static/bootstrap3/package.json", True, id="static-one-folder-down"),
        pytest.param("assets/package.json", False, id="the-app-s-own-asset-build"),
        pytest.param("packages/chosen/package.json", False, id="a-monorepo-package"),
        pytest.param("publicity/x/package.json", False, id="only-whole-folder-names"),
    ],
)
def test_a_package_copied_into_the_served_files_is_not_the_project_s(
    path: str, copied: bool
) -> None:
    """A library copied with its manifest into the files a site serves says nothing of the
    project: its dependencies and entry point are the library's."""
    facts = values(node.parse_package_json(path, COPIED_PLUGIN))
    if copied:
        assert facts == {"manifest.package-json": 1, "npm.copied_package": 1}
    else:
        assert facts["npm.library_entry"] == 1 and facts["npm.dep.jquery"] == 1


def test_a_private_demo_inside_the_served_files_is_the_project_s_own() -> None:
    demo = {"name": "demo", "private": True, "dependencies": {"pixi.js": "^8.0"}}
    facts = values(node.parse_package_json("public/demo/package.json", json.dumps(demo)))
    assert facts["npm.dep.pixi.js"] == 1 and "npm.copied_package" not in facts


@pytest.mark.parametrize(
    ("scripts", "key"),
    [
        pytest.param(
            {
                "start": "npm run build && chokidar 'src/**' --command 'npm run build:js'",
                "build": "npm run build:js && npm run build:css",
                "build:js": "babel src/index.js | uglifyjs - --output dist/lib.js",
                "build:css": "postcss --output dist/lib.css src/lib.css",
            },
            "npm.script.start_builds",
            id="a-watcher-over-the-package-s-build-scripts",
        ),
        pytest.param(
            {
                "start": "npm run build && npm run serve",
                "build": "tsc",
                "serve": "node dist/app.js",
            },
            "npm.script.start",
            id="a-build-then-a-server",
        ),
        pytest.param(
            {"start": "npm run start"}, "npm.script.start", id="a-script-that-runs-itself"
        ),
        pytest.param(
            {"start": "wp-scripts start NODE_ENV=develop", "build": "wp-scripts build"},
            "npm.script.start_builds",
            id="wordpress-scripts-watching-a-plugin-s-blocks",
        ),
        pytest.param(
            {
                "start": 'concurrently -n ts,css "npm run watch:ts" "node-sass src/a.scss -w"',
                "watch:ts": "webpack --config webpack.dev.js --watch",
            },
            "npm.script.start_builds",
            id="concurrently-watchers",
        ),
        pytest.param(
            {
                "start": "concurrently npm:watch:*",
                "watch:js": "rollup -c -w",
                "watch:css": "postcss src -d dist -w",
            },
            "npm.script.start_builds",
            id="concurrently-npm-shorthand-with-a-glob",
        ),
        pytest.param(
            {"start": "run-p watch:*", "watch:js": "esbuild src/a.ts --watch"},
            "npm.script.start_builds",
            id="run-p-over-watchers",
        ),
        pytest.param(
            {"start": 'concurrently "npm run watch" "node server.js"', "watch": "tsc -w"},
            "npm.script.start",
            id="concurrently-a-watcher-and-a-server",
        ),
        pytest.param(
            {"start": "npm-run-all -p watch serve", "watch": "tsc -w", "serve": "nodemon app.js"},
            "npm.script.start",
            id="npm-run-all-a-watcher-and-a-server",
        ),
        pytest.param(
            {"start": "run-p missing:*"}, "npm.script.start", id="run-p-of-no-known-script"
        ),
    ],
)
def test_a_start_script_is_followed_into_the_scripts_it_runs(
    scripts: dict[str, str], key: str
) -> None:
    facts = values(node.parse_package_json("package.json", json.dumps({"scripts": scripts})))
    assert key in facts
    assert ({"npm.script.start", "npm.script.start_builds"} - {key}).isdisjoint(facts)


def test_scripts_that_run_each_other_many_at_a_time_are_walked_within_a_budget() -> None:
    """Forty scripts that each run all forty in parallel: 40**4 paths, looked at 64 commands
    at most, and the start script read as one that may serve."""
    scripts = {f"s{i}": "run-p s*" for i in range(40)}
    scripts["start"] = "run-p s*"
    started = time.perf_counter()
    facts = values(node.parse_package_json("package.json", json.dumps({"scripts": scripts})))
    assert time.perf_counter() - started < 2.0
    assert "npm.script.start" in facts


# --- a berry lock's entries read without their other fields ---------------------------------

_BERRY_PROJECTED = ("version", "resolution", "linkType")


def _projected(data: dict[object, object]) -> dict[object, object]:
    return {
        key: {k: v for k, v in entry.items() if k in _BERRY_PROJECTED}
        for key, entry in data.items()
        if key != "__metadata" and isinstance(entry, dict)
    }


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["express", "@types/node", "accepts", "debug", "ms", "undici"]),
            st.sampled_from(["npm:^1.0.0", "npm:~2.3.4", "workspace:packages/x", "link:./x"]),
            st.lists(st.sampled_from(["ms", "debug", "undici"]), max_size=3),
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda item: item[0],
    )
)
def test_a_berry_lock_reads_the_same_without_the_fields_it_does_not_need(
    entries: list[tuple[str, str, list[str], bool]],
) -> None:
    lines = ["__metadata:", "  version: 8", "  cacheKey: 10c0", ""]
    for name, range_, deps, checksum in entries:
        soft = range_.startswith(("workspace:", "link:"))
        lines += [f'"{name}@{range_}":', "  version: 1.2.3", f'  resolution: "{name}@{range_}"']
        if deps:
            lines += ["  dependencies:", *(f'    {dep}: "npm:^1"' for dep in deps)]
            lines += ["  peerDependenciesMeta:", "    typescript:", "      optional: true"]
        if checksum:
            lines.append("  checksum: 10c0/abc123")
        lines += ["  languageName: node", f"  linkType: {'soft' if soft else 'hard'}", ""]
    text = "\n".join(lines)
    assert _projected(node._berry_entries(text)) == _projected(node._load_yaml(text, "lock"))


def test_a_berry_lock_whose_kept_lines_do_not_parse_is_read_whole() -> None:
    """A field written over two lines: the lines kept alone are no YAML, the whole text is."""
    text = '__metadata:\n  version: 8\n\n"ms@npm:^2":\n  version:\n    2.1.3\n  linkType: hard\n'
    assert node._berry_entries(text)["ms@npm:^2"]["version"] == "2.1.3"


# --- a v3 npm lock's package lines read from its indentation --------------------------------


@pytest.mark.parametrize("indent", [2, 4, "\t", None], ids=["two", "four", "tab", "minified"])
def test_a_package_lock_s_lines_are_the_token_walk_s_however_it_is_indented(
    indent: int | str | None,
) -> None:
    lock = {
        "name": "shop",
        "lockfileVersion": 3,
        "packages": {
            "": {"name": "shop", "dependencies": {"express": "^4"}},
            "node_modules/express": {"version": "4.18.2", "dependencies": {"packages": "1"}},
            "node_modules/@types/node": {"version": "20.8.10", "dev": True},
            'node_modules/we"ird': {"version": "1.0.0"},
            "packages/web": {"version": "0.1.0"},
        },
        "dependencies": {"express": {"version": "4.18.2"}},
    }
    text = json.dumps(lock, indent=indent)
    packages = lock["packages"]
    fast = node._packages_lines(text, packages)
    walked = node._json_key_lines(text, 2)
    assert fast == (
        {}
        if indent is None
        else {k: v for k, v in walked.items() if k[0] == "packages" and len(k) == 2}
    )
    assert list(node._lock_packages(packages, fast or walked)) == list(
        node._lock_packages(packages, walked)
    )


def test_a_package_lock_written_some_other_way_falls_back_to_the_token_walk() -> None:
    """Keys of the section on a line of their own two levels in must be all of them, in order."""
    text = (
        '{\n  "packages": {\n    "": {},\n'
        '    "node_modules/a": {"version": "1"}, "node_modules/b": {}\n  }\n}\n'
    )
    assert node._packages_lines(text, json.loads(text)["packages"]) == {}
    parsed = node.parse_package_lock("package-lock.json", text)
    assert {f.key for f in parsed.facts} >= {"npm.lock.a", "npm.lock.b"}


@pytest.mark.parametrize(
    ("path", "name", "entry"),
    [
        pytest.param("packages/eslint-config-custom/package.json", "eslint-config-custom", False),
        pytest.param("packages/tsconfig/package.json", "@acme/tsconfig", False),
        pytest.param("packages/ui/package.json", "@acme/ui", True, id="a-shared-ui-library"),
        pytest.param("package.json", "eslint-config-acme", True, id="the-repository-s-product"),
    ],
)
def test_a_monorepo_s_shared_tool_configs_are_no_library(path: str, name: str, entry: bool) -> None:
    """A workspace package of lint or compiler settings (`packages/eslint-config-custom`)
    is installed by the apps beside it for their tools: no entry point code imports."""
    text = json.dumps({"name": name, "version": "0.0.0", "main": "index.js", "files": ["index.js"]})
    keys = {f.key for f in node.parse_package_json(path, text).facts}
    assert ("npm.library_entry" in keys) is entry
