"""Bytes to text the way editors save files: BOMs, UTF-16, Latin-1 fallback, no binaries.

Line endings come out as "\n" whatever the file used (CRLF, old Mac CR, or a mix of them),
as text-mode reading gives them to the tools that read these files; every parser and
scanner then sees one kind of line, and line numbers agree between them.
"""

from __future__ import annotations

import codecs

# UTF-8 is looked for first (see _decode). UTF-32 before UTF-16: FF FE 00 00 starts with FF FE.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class NotText(ValueError):
    """The bytes are not a text file (binary content)."""


def decode(data: bytes) -> str:
    """Decode a text file; raise NotText for binary content."""
    text = _decode(data)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _utf8_or_latin1(data[len(codecs.BOM_UTF8) :])
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise NotText(f"invalid {encoding} text") from exc
    if b"\0" in data[:8192]:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
        raise NotText("binary file (NUL bytes)")
    return _utf8_or_latin1(data)


def _utf8_or_latin1(data: bytes) -> str:
    """UTF-8, or Latin-1 for files saved by older editors: every byte decodes, and the ASCII
    that names packages and modules reads the same either way."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text with every other byte NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.9 * half and even_nuls == 0:
        encoding = "utf-16-le"
    elif even_nuls > 0.9 * half and odd_nuls == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None
