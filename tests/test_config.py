from __future__ import annotations

import os
from pathlib import Path

import pytest

from stackcheck.config import (
    FIELDS,
    KEYS,
    USER_ONLY,
    Settings,
    find_config,
    layered,
    load_settings,
)
from stackcheck.errors import StackcheckError
from stackcheck.report import Suppression


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert find_config(tmp_path) is None
    assert load_settings(None) == Settings()


def test_pyproject_without_table_is_not_config(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path) is None


def test_dot_file_wins_over_pyproject(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.stackcheck]\n")
    found = write(tmp_path, ".stackcheck.toml", "")
    assert find_config(tmp_path) == found


def test_found_above_the_scanned_folder_but_not_past_the_repository(tmp_path: Path) -> None:
    write(tmp_path, ".stackcheck.toml", "")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "sub").mkdir()
    assert find_config(tmp_path / "repo" / "sub") is None
    write(tmp_path / "repo", "stackcheck.toml", "")
    assert find_config(tmp_path / "repo" / "sub") == tmp_path / "repo" / "stackcheck.toml"


def test_full_settings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "pyproject.toml",
        """
[tool.stackcheck]
select = ["DJ1", "DJ9"]
extend-select = ["ACME"]
ignore = ["DJ110", {rule = "DJ903", reason = "chat is a side feature"}]
exclude = ["legacy/"]
include-vendored = true
fail-on = "warning"
min-confidence = 0.4
rules-dirs = ["team-rules"]
format = "json"
max-file-bytes = 1000
""",
    )
    settings = load_settings(path)
    assert settings.select == ("DJ1", "DJ9")
    assert settings.extend_select == ("ACME",)
    assert settings.ignore == ("DJ110", "DJ903")
    assert settings.suppressions == (
        Suppression("DJ110", "no reason given"),
        Suppression("DJ903", "chat is a side feature"),
    )
    assert settings.exclude == ("legacy/",)
    assert settings.include_vendored is True
    assert settings.fail_on == "warning"
    assert settings.min_confidence == 0.4
    assert settings.rules_dirs == (tmp_path / "team-rules",)
    assert settings.format == "json"
    assert settings.max_file_bytes == 1000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param('selct = ["DJ1"]', "selct: unknown key (did you mean 'select'?)", id="typo"),
        pytest.param(
            'fail-on = "sometimes"', "fail-on: must be one of avoid, warning, never", id="fail-on"
        ),
        pytest.param(
            "min-confidence = 2",
            "min-confidence: must be a number in [0, 1]",
            id="confidence-range",
        ),
        pytest.param('select = "DJ1"', "select: must be a list of strings", id="select-type"),
        pytest.param(
            'ignore = [{rule = "DJ903"}]',
            "ignore[0].reason: a suppression must give",
            id="suppression-without-reason",
        ),
        pytest.param(
            'ignore = [{rule = "DJ903", reason = "x", why = "y"}]',
            "ignore[0].why: unknown key",
            id="suppression-key",
        ),
        pytest.param(
            "max-file-bytes = -1",
            "max-file-bytes: must be a whole number from 1 to",
            id="max-bytes",
        ),
        pytest.param("include-vendored = 1", "include-vendored: must be true or false", id="bool"),
        pytest.param("select = [", "invalid TOML", id="bad-toml"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, ".stackcheck.toml", text + "\n")
    with pytest.raises(StackcheckError) as info:
        load_settings(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_pyproject_keys_are_named_with_their_table(tmp_path: Path) -> None:
    path = write(tmp_path, "pyproject.toml", "[tool.stackcheck]\nformt = 'json'\n")
    with pytest.raises(StackcheckError, match=r"tool\.stackcheck\.formt: unknown key"):
        load_settings(path)


# --- two places hold settings: the person's own, then the repository's -----------------------


def test_every_key_is_either_repository_allowed_or_user_only() -> None:
    assert set(FIELDS) == set(KEYS)
    assert set(USER_ONLY) <= set(KEYS)
    assert sorted(USER_ONLY) == [
        "cache",
        "cache-dir",
        "format",
        "max-file-bytes",
        "recurse-submodules",
        "rules-dirs",
        "timeout",
    ]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    return tmp_path / "repo"


def test_the_users_file_gives_defaults_and_user_only_keys(tree: Path, user_config: Path) -> None:
    user_config.write_text('fail-on = "warning"\nmax-file-bytes = 1000\nrules-dirs = ["r"]\n')
    settings = layered(tree, None)
    assert (settings.fail_on, settings.max_file_bytes) == ("warning", 1000)
    assert settings.rules_dirs == (user_config.parent / "r",)
    assert settings.repository is None
    assert settings.tree == tree.resolve()


def test_the_repository_narrows_and_the_persons_own_settings_are_kept(
    tree: Path, user_config: Path
) -> None:
    user_config.write_text('ignore = ["DJ110"]\nseverity = {DJ9 = "warning"}\n')
    write(
        tree,
        ".stackcheck.toml",
        'ignore = ["DJ903"]\nseverity = {DJ901 = "off"}\nexclude = ["legacy/"]\n'
        'max-file-bytes = 1\ncache-dir = "c"\n',
    )
    (tree / "sub").mkdir()
    settings = layered(tree / "sub", None)
    assert settings.ignore == ("DJ110", "DJ903")
    assert settings.severity == (("DJ9", "warning"), ("DJ901", "off"))
    assert settings.exclude == ("legacy/",)
    assert settings.max_file_bytes == Settings().max_file_bytes
    assert settings.cache_dir == Path(os.environ["STACKCHECK_CACHE_DIR"])  # not the repo's
    assert settings.repository is not None
    own = settings.repository.own
    assert (own.ignore, own.severity, own.exclude) == (("DJ110",), (("DJ9", "warning"),), ())
    assert settings.repository.source == "../.stackcheck.toml"
    assert [g.shown for g in settings.repository.given] == [
        'exclude = ["legacy/"]',
        'ignore = ["DJ903"]',
        'severity.DJ901 = "off"',
    ]
    assert [i.setting for i in settings.repository.refused] == [
        'cache-dir = "c"',
        "max-file-bytes = 1",
    ]
    assert len(settings.warnings()) == 2
    assert all("$STACKCHECK_" in w and str(user_config) in w for w in settings.warnings())


@pytest.mark.parametrize(
    ("user", "repository", "command_line", "expected"),
    [
        pytest.param(None, "never", None, "avoid", id="never-laxer-than-the-default"),
        pytest.param("warning", "avoid", None, "warning", id="never-laxer-than-the-users"),
        pytest.param(None, "warning", None, "warning", id="stricter"),
        pytest.param("never", "avoid", None, "avoid", id="stricter-than-the-users"),
        pytest.param(None, "warning", "avoid", "avoid", id="the-command-line-is-final"),
        pytest.param(None, "avoid", "never", "never", id="exit-zero"),
    ],
)
def test_fail_on_from_the_repository_only_tightens(
    tree: Path,
    user_config: Path,
    user: str | None,
    repository: str,
    command_line: str | None,
    expected: str,
) -> None:
    if user is not None:
        user_config.write_text(f'fail-on = "{user}"\n')
    write(tree, ".stackcheck.toml", f'fail-on = "{repository}"\n')
    assert layered(tree, None).with_options(fail_on=command_line).fail_on == expected


def test_command_line_lists_add_to_both_views(tree: Path) -> None:
    write(tree, ".stackcheck.toml", 'ignore = ["DJ903"]\n')
    settings = layered(tree, None).with_options(ignore=("DJ1",), exclude=("x/",))
    assert settings.ignore == ("DJ903", "DJ1")
    assert settings.repository is not None
    assert settings.repository.own.ignore == ("DJ1",)
    assert settings.repository.own.exclude == ("x/",)


def test_environment_variables_set_user_only_keys(
    tree: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STACKCHECK_MAX_FILE_BYTES", "4096")
    monkeypatch.setenv("STACKCHECK_CACHE", "0")
    monkeypatch.setenv("STACKCHECK_RULES_DIRS", f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}")
    settings = layered(tree, None)
    assert (settings.max_file_bytes, settings.cache) == (4096, False)
    assert settings.rules_dirs == (tmp_path / "a", tmp_path / "b")


def test_a_config_file_is_trusted_by_where_it_lies(tree: Path, tmp_path: Path) -> None:
    outside = write(tmp_path, "ci.toml", 'max-file-bytes = 7\nfail-on = "never"\n')
    assert layered(tree, outside).max_file_bytes == 7
    assert layered(tree, outside).repository is None
    inside = write(tree, "ci.toml", 'max-file-bytes = 7\nfail-on = "never"\n')
    settings = layered(tree, inside)
    assert (settings.max_file_bytes, settings.fail_on) == (Settings().max_file_bytes, "avoid")
    assert settings.repository is not None
    with pytest.raises(StackcheckError, match="--isolated"):
        layered(tree, inside, isolated=True)
    assert layered(tree, outside, isolated=True).max_file_bytes == 7


def test_isolated_leaves_out_only_the_repositorys_config(tree: Path, user_config: Path) -> None:
    user_config.write_text("min-confidence = 0.5\n")
    write(tree, ".stackcheck.toml", "min-confidence = 0.9\n")
    settings = layered(tree, None, isolated=True)
    assert (settings.min_confidence, settings.repository) == (0.5, None)


@pytest.mark.parametrize(
    ("folder", "used"),
    [
        pytest.param("outside", True, id="outside"),
        pytest.param("repo/.cache", False, id="inside"),
        pytest.param("repo", False, id="the-tree-itself"),
        pytest.param("repo/sub/deeper", False, id="below-the-scanned-folder"),
        pytest.param("link-to-repo/c", False, id="through-a-link"),
    ],
)
def test_a_cache_folder_inside_the_scanned_tree_is_refused(
    tree: Path, tmp_path: Path, folder: str, used: bool
) -> None:
    (tmp_path / "link-to-repo").symlink_to(tree)
    (tree / "sub").mkdir()
    settings = layered(tree / "sub", None).with_options(cache_dir=tmp_path / folder)
    assert (settings.cache_folder() is not None) is used
    assert bool(settings.warnings()) is not used


@pytest.mark.parametrize(
    "environment",
    [
        pytest.param({}, id="defaults"),
        pytest.param({"XDG_CONFIG_HOME": "/x/conf", "XDG_CACHE_HOME": "/x/cache"}, id="xdg"),
        pytest.param({"XDG_CONFIG_HOME": "  ", "XDG_CACHE_HOME": ""}, id="blank-xdg"),
        pytest.param({"XDG_CONFIG_HOME": " /x/conf ", "XDG_CACHE_HOME": "/y "}, id="padded"),
        pytest.param({"XDG_CONFIG_HOME": "conf", "XDG_CACHE_HOME": "./c"}, id="relative"),
        pytest.param({"HOME": "home"}, id="relative-home"),
        pytest.param({"ANDROID_DATA": "/data", "ANDROID_ROOT": "/system"}, id="android"),
    ],
)
def test_the_user_folders_are_the_ones_platformdirs_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, environment: dict[str, str]
) -> None:
    import platformdirs

    from stackcheck import userdirs

    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "ANDROID_DATA", "ANDROID_ROOT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    app = "stackcheck"
    assert userdirs.config_dir() == Path(platformdirs.user_config_dir(app, appauthor=False))
    assert userdirs.cache_dir() == Path(platformdirs.user_cache_dir(app, appauthor=False))


def test_a_scan_in_the_usual_linux_setting_does_not_import_platformdirs(tree: Path) -> None:
    import subprocess
    import sys

    (tree / "requirements.txt").write_text("Django>=4.2\n")
    probe = (
        "import sys; sys.argv = ['stackcheck', 'scan', sys.argv[1], '--no-cache', '--exit-zero']\n"
        "from stackcheck.console import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('platformdirs' in sys.modules, file=sys.stderr)\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ANDROID"))}
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tree)],
        capture_output=True, text=True, check=True, env={**environment, "HOME": str(tree)},
    )  # fmt: skip
    assert "Django" in done.stdout
    assert done.stderr.splitlines()[-1] == str(not sys.platform.startswith("linux"))
