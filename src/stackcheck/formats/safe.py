"""Text from scanned repositories made safe to show: no control characters reach a terminal.

Three kinds of character are never passed through as they are:

- control characters (C0, DEL, C1: ESC starts ANSI sequences, CR rewrites a line, U+009B is
  an 8-bit CSI) and the Unicode line and paragraph separators;
- bidirectional overrides, isolates and marks, and zero-width characters, which make text
  read differently from what it is ("Trojan Source") or hide in a file name;
- lone surrogates: a file name that is not valid UTF-8 reaches us with its bad bytes as
  U+DC80..U+DCFF (os.fsdecode's surrogateescape), which no UTF-8 output can encode.
"""

from __future__ import annotations

import re

_C0 = "\x00-\x1f"  # json.dumps escapes these itself, and writes its own newlines raw
_UNSAFE_BEYOND_C0 = (
    "\x7f-\x9f"  # DEL, C1
    "\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"  # bidi marks, zero-width, BOM
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff"  # lone surrogates
)
_CONTROL = re.compile(f"[{_C0}{_UNSAFE_BEYOND_C0}]")
_JSON_UNSAFE = re.compile(f"[{_UNSAFE_BEYOND_C0}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """Escape control, line-breaking, bidi, zero-width and surrogate characters: \\xNN / \\uNNNN.

    An undecodable byte of a file name shows as the byte it was (\\xff), as git shows it."""
    return _CONTROL.sub(_escape, text)


def encodable(text: str) -> str:
    """Only the lone surrogates escaped (as printable does): for formats that must carry every
    other character exactly (JSON, SARIF), and so can be written as UTF-8."""
    return _SURROGATE.sub(_escape, text)


def json_text(serialized: str) -> str:
    """JSON (from json.dumps with ensure_ascii=False) with every unsafe character json.dumps
    leaves raw written as a \\uNNNN escape. They only occur inside strings, so the data is
    unchanged, and a terminal or log viewer showing the raw JSON sees no controls and no bidi
    overrides. Lone surrogates should be made `encodable` before serializing: their escape is
    valid JSON, but strict decoders reject it."""
    return _JSON_UNSAFE.sub(_json_escape, serialized)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte surrogateescape stood in for
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
