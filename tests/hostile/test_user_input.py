"""The user's own input gone wrong: broken config files and rule packs. Always exit 2 with
one line naming the file and the key, never a traceback, never exit 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RepoFactory
from hostile._support import assert_one_line_error, invoke, real_cli

RULE = """\
id = "XX101"
slug = "demo"
kind = "use-case"
title = "Demo rule"
{extra}
[[signals]]
when = {when}
weight = 0.6
because = "a demo signal"

[docs]
detects = "a"
why = "b"
example = "c"
instead = "d"
references = []

[[examples]]
name = "django"
expect = "match"
facts = {{"py.dep.django" = 1}}

[[examples]]
name = "nothing"
expect = "no-match"
facts = {{}}
"""
GOOD_WHEN = '{fact = "py.dep.django"}'


def rule(when: str = GOOD_WHEN, extra: str = "") -> str:
    return RULE.format(when=when, extra=extra)


@pytest.mark.parametrize(
    ("name", "text", "needles"),
    [
        pytest.param(".stackcheck.toml", "fail-on = [", ("invalid TOML",), id="invalid-toml"),
        pytest.param(".stackcheck.toml", "\ufeffcache = true\n", ("invalid TOML",), id="bom"),
        pytest.param(
            ".stackcheck.toml",
            'fial-on = "never"\n',
            ("fial-on", "unknown key", "did you mean 'fail-on'?"),
            id="unknown-key",
        ),
        pytest.param(
            "stackcheck.toml", 'select = "DJ1"\n', ("select", "list of strings"), id="select-str"
        ),
        pytest.param(
            ".stackcheck.toml", "min-confidence = 2\n", ("min-confidence",), id="confidence"
        ),
        pytest.param(
            ".stackcheck.toml", "min-confidence = nan\n", ("min-confidence",), id="confidence-nan"
        ),
        pytest.param(".stackcheck.toml", 'fail-on = "all"\n', ("fail-on",), id="fail-on"),
        pytest.param(
            ".stackcheck.toml",
            'ignore = [{rule = "DJ901"}]\n',
            ("ignore[0].reason",),
            id="suppression-without-reason",
        ),
        pytest.param(
            "pyproject.toml",
            '[tool.stackcheck]\ncolour = "red"\n',
            ("tool.stackcheck.colour", "unknown key"),
            id="pyproject-unknown-key",
        ),
        pytest.param(".stackcheck.toml", b"cache = \xff\n", ("invalid TOML",), id="not-utf8"),
    ],
)
def test_a_broken_config_is_one_line_naming_file_and_key(
    repo: RepoFactory, name: str, text: str | bytes, needles: tuple[str, ...]
) -> None:
    root = repo(files={name: text, "requirements.txt": "Django\n"})
    code, _, err = invoke("scan", str(root))
    assert code == 2
    assert_one_line_error(err, name, *needles)


CONFIG_CRASHES = [
    pytest.param(
        "a = " + "[" * 5000 + "\n",
        "config.load_settings catches TOMLDecodeError but not the RecursionError tomllib "
        "raises on deep nesting",
        id="deeply-nested",
    ),
    pytest.param(
        'exclude = ["[z-a]"]\n',
        "an exclude pattern that is not a valid gitignore pattern is compiled by pathspec in "
        "discover._user_excludes, unvalidated: re.error ends the run with exit 3",
        id="exclude-bad-range",
    ),
    pytest.param(
        'exclude = ["a/***/\\\\"]\n',
        "pathspec raises GitIgnorePatternError for this exclude pattern, unvalidated",
        id="exclude-bad-pattern",
    ),
    pytest.param(
        'severity = {DJ9 = "sometimes"}\n',
        "a severity level is one of error, warning, off",
        id="severity-level",
    ),
]


@pytest.mark.parametrize(
    ("text", "reason"),
    [pytest.param(*p.values, id=p.id) for p in CONFIG_CRASHES],
)
def test_config_that_crashes_today_is_one_line(repo: RepoFactory, text: str, reason: str) -> None:
    root = repo(files={".stackcheck.toml": text, "requirements.txt": "Django\n"})
    code, _, err = invoke("scan", str(root))
    assert code == 2, err
    assert_one_line_error(err, ".stackcheck.toml")


USER_SETTINGS = [
    pytest.param("max-file-bytes", 0, "max-file-bytes", id="cap"),
    pytest.param("max-file-bytes", 99999999999999999999999, "max-file-bytes", id="cap-overflow"),
    pytest.param("format", "xml", "unknown format 'xml'", id="format"),
    pytest.param("cache-dir", "", "must be a folder path", id="cache-dir"),
    pytest.param("rules-dirs", "rules", "must be a list of strings", id="rules-dirs"),
    pytest.param("cache", "sometimes", "must be true or false", id="cache"),
]


@pytest.mark.parametrize(("key", "value", "needle"), USER_SETTINGS)
def test_a_broken_user_setting_is_one_line(
    repo: RepoFactory, user_config: Path, key: str, value: object, needle: str
) -> None:
    """In the user-level config file (a repository's own would be ignored, not read)."""
    shown = f'"{value}"' if isinstance(value, str) else str(value)
    user_config.write_text(f"{key} = {shown}\n")
    root = repo(files={"requirements.txt": "Django\n"})
    code, _, err = invoke("scan", str(root))
    assert code == 2, err
    assert_one_line_error(err, str(user_config), key, needle)


@pytest.mark.parametrize(
    ("name", "value", "needle"),
    [
        pytest.param("STACKCHECK_MAX_FILE_BYTES", "lots", "must be a whole number", id="cap"),
        pytest.param("STACKCHECK_MAX_FILE_BYTES", "0", "max-file-bytes: must be", id="cap-0"),
        pytest.param("STACKCHECK_CACHE", "maybe", "must be true or false", id="cache"),
        pytest.param("STACKCHECK_FORMAT", "xml", "unknown format 'xml'", id="format"),
    ],
)
def test_a_broken_environment_variable_is_one_line(
    repo: RepoFactory, monkeypatch: pytest.MonkeyPatch, name: str, value: str, needle: str
) -> None:
    monkeypatch.setenv(name, value)
    root = repo(files={"requirements.txt": "Django\n"})
    code, _, err = invoke("scan", str(root))
    assert code == 2, err
    assert_one_line_error(err, f"${name}", needle)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A config that adds the rule pack in ./rules; the test writes the rule files."""
    (tmp_path / "rules").mkdir()
    config = tmp_path / "stackcheck.toml"
    config.write_text('rules-dirs = ["rules"]\n')
    return config


def write_rules(config: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (config.parent / "rules" / name).write_text(text)


@pytest.mark.parametrize(
    ("files", "needles"),
    [
        pytest.param(
            {"XX101-demo.toml": 'id = "XX101"\nslug = ['}, ("invalid TOML",), id="invalid-toml"
        ),
        pytest.param(
            {"XX101-demo.toml": rule(extra="colour = 1")},
            ("colour", "unknown key"),
            id="unknown-field",
        ),
        pytest.param(
            {"XX101-demo.toml": rule(extra="treshold = 0.5")},
            ("treshold", "did you mean 'threshold'?"),
            id="unknown-field-hint",
        ),
        pytest.param(
            {
                "XX101-demo.toml": rule(),
                "XX101-other.toml": rule().replace('slug = "demo"', 'slug = "other"'),
            },
            ("XX101-other.toml", "duplicate rule ID XX101"),
            id="duplicate-id",
        ),
        pytest.param(
            {"XX101-demo.toml": rule('{fact = "(a*)*b"}')},
            ("signals[0].when.fact", "'(a*)*b' is not a fact pattern"),
            id="catastrophic-backtracking-shape",
        ),
        pytest.param(
            {"XX101-demo.toml": rule('{fact = "py\\\\.dep\\\\..+"}')},
            ("signals[0].when.fact", "is not a fact pattern"),
            id="regex-syntax",
        ),
        pytest.param(
            {"XX101-demo.toml": rule('{fact = "py.dep.Django"}')},
            ("signals[0].when.fact",),
            id="upper-case",
        ),
        pytest.param(
            {"XX101-demo.toml": rule('{fact = "py.dep.django", min = "5"}')},
            ("signals[0].when.min", "must be a number"),
            id="string-bound",
        ),
        pytest.param(
            {"XX101-demo.toml": rule('{fact = "a", rule = "DJ101"}')},
            ("signals[0].when",),
            id="mixed-condition",
        ),
        pytest.param(
            {"XX101-demo.toml": rule('{rule = "DJ999"}')},
            ("refers to unknown rule DJ999",),
            id="unknown-rule",
        ),
        pytest.param(
            {"XX101-demo.toml": rule().replace('slug = "demo"', 'slug = "other"')},
            ("id: file name must be XX101-other.toml",),
            id="file-name",
        ),
        pytest.param(
            {"XX101-demo.toml": rule().replace("weight = 0.6", "weight = nan")},
            ("signals[0].weight",),
            id="nan-weight",
        ),
        pytest.param(
            {"XX101-demo.toml": rule(extra="threshold = inf")}, ("threshold",), id="inf-threshold"
        ),
    ],
)
def test_a_bad_rule_file_is_one_line_naming_file_and_key(
    repo: RepoFactory, pack: Path, files: dict[str, str], needles: tuple[str, ...]
) -> None:
    write_rules(pack, files)
    root = repo(files={"requirements.txt": "Django\n"})
    code, _, err = invoke("scan", str(root), "--config", str(pack))
    assert code == 2
    assert_one_line_error(err, str(pack.parent / "rules"), *needles)


def test_a_condition_nested_300_deep_is_one_line(repo: RepoFactory, pack: Path) -> None:
    when = "{any = [" * 300 + GOOD_WHEN + "]}" * 300
    write_rules(pack, {"XX101-demo.toml": rule(when)})
    root = repo(files={"requirements.txt": "Django\n"})
    code, _, err = invoke("scan", str(root), "--config", str(pack))
    assert code == 2, err
    assert_one_line_error(err, "XX101-demo.toml")


def test_a_long_star_pattern_matches_in_bounded_time(repo: RepoFactory, pack: Path) -> None:
    """The fact matcher is a plain wildcard walk, never a regex: no backtracking blow-up."""
    stars = "*" + "*a" * 2000 + "*"
    write_rules(pack, {"XX101-demo.toml": rule(f'{{fact = "{stars}"}}')})
    name = "a" * 1000 + "b"
    root = repo(files={"requirements.txt": f"Django\n{name}\n"})
    done = real_cli("scan", str(root), "--config", str(pack), "--no-cache")
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        pytest.param(("--config", "missing.toml"), ("missing.toml", "not found"), id="no-config"),
        pytest.param(("--rev", "HEAD", "--staged"), ("--rev", "--staged"), id="rev-and-staged"),
        pytest.param(("--output-format", "sarif"), ("--output-format", "FORMAT=FILE"), id="of"),
        pytest.param(
            ("--output-format", "pdf=x.pdf"), ("--output-format", "unknown format"), id="of-name"
        ),
        pytest.param(("--rev", "no-such-branch"), ("--rev no-such-branch",), id="unknown-rev"),
    ],
)
def test_bad_options_through_the_real_cli(
    repo: RepoFactory, args: tuple[str, ...], needles: tuple[str, ...]
) -> None:
    root = repo(files={"requirements.txt": "Django\n"})
    done = real_cli("scan", str(root), *args, cwd=root)
    assert done.returncode == 2, done.stderr
    assert_one_line_error(done.stderr, *needles)
    assert done.stdout == ""


def test_a_broken_config_through_the_real_cli(repo: RepoFactory) -> None:
    root = repo(files={".stackcheck.toml": "select = [\n", "requirements.txt": "Django\n"})
    done = real_cli("scan", str(root))
    assert done.returncode == 2
    assert_one_line_error(done.stderr, ".stackcheck.toml", "invalid TOML")
