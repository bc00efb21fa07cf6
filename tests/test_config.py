from __future__ import annotations

from pathlib import Path

import pytest

from stackcheck.config import Settings, find_config, load_settings
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
