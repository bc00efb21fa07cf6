"""The user's own folders for stackcheck: the user config file and the folder holding it,
and the default cache folder.

platformdirs knows every platform's rules. On Linux, in the usual case (HOME an absolute
path, the XDG variable unset, empty or an absolute path), every version of it gives the
XDG folder named here, and importing it (tempfile, bz2 and lzma come with it) costs more
than a warm scan spends on anything else, while every run needs the config folder. Any
other case (another platform, Android, a relative or padded path, on which versions of
platformdirs differ) is platformdirs' to answer.
"""

from __future__ import annotations

import os
import sys

# A warm scan reads these folders before it answers (fastpath.py), as strings: `pathlib`
# is not imported to run it. The Path forms are for the ordinary path.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

APP = "stackcheck"
USER_CONFIG_ENV = "STACKCHECK_USER_CONFIG"


def user_config_path() -> Path:
    """`stackcheck/config.toml` in the platform's user config folder, or the file that
    STACKCHECK_USER_CONFIG names."""
    from pathlib import Path

    return Path(user_config_file())


def config_dir() -> Path:
    from pathlib import Path

    return Path(config_folder())


def cache_dir() -> Path:
    from pathlib import Path

    return Path(cache_folder())


def user_config_file() -> str:
    """user_config_path as a string (the same file; Path would only tidy its spelling)."""
    named = os.environ.get(USER_CONFIG_ENV)
    if named:
        return named
    return os.path.join(config_folder(), "config.toml")


def config_folder() -> str:
    usual = _usual("XDG_CONFIG_HOME", ".config")
    if usual is not None:
        return os.path.join(usual, APP)
    import platformdirs

    return platformdirs.user_config_dir(APP, appauthor=False)


def cache_folder() -> str:
    usual = _usual("XDG_CACHE_HOME", ".cache")
    if usual is not None:
        return os.path.join(usual, APP)
    import platformdirs

    return platformdirs.user_cache_dir(APP, appauthor=False)


def _usual(variable: str, in_home: str) -> str | None:
    if not sys.platform.startswith("linux") or _android():
        return None
    value = os.environ.get(variable, "")
    if value:
        return value if os.path.isabs(value) and value == value.strip() else None
    home = os.environ.get("HOME", "")
    return os.path.join(home, in_home) if os.path.isabs(home) and home == home.strip() else None


def _android() -> bool:
    # platformdirs treats Android apart from other Linux systems.
    return os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system"
