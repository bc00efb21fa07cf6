from __future__ import annotations


class StackcheckError(Exception):
    """A problem with the user's own input: options, config or rule files (exit 2)."""
