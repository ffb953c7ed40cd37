"""Make crawled text storable: SQLite (UTF-8), JSON and openpyxl accept every string it returns.

Pages are hostile input. A listing filled from JSON can carry ``"\\ud800"`` (a lone surrogate:
SQLite's UTF-8 encoder raises ``UnicodeEncodeError``), U+FFFE/U+FFFF and the other Unicode
non-characters, and C0 control characters that openpyxl refuses to write (``IllegalCharacterError``).
:func:`storable` replaces surrogates and non-characters with U+FFFD (so the reader sees that
something was there) and drops the control characters, keeping tab, newline and carriage return.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# Lone surrogates and non-characters (U+FDD0..U+FDEF, U+nFFFE/U+nFFFF of every plane).
_UNSTORABLE = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17))
    + "]")
# C0 controls other than \t \n \r (what openpyxl's ILLEGAL_CHARACTERS_RE rejects).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def storable(text: str) -> str:
    """``text`` with lone surrogates and non-characters replaced and illegal controls dropped."""
    if text.isascii():
        return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text
    if _UNSTORABLE.search(text):
        text = _UNSTORABLE.sub(REPLACEMENT, text)
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


# What the UTF-8 form of a string holds when :func:`storable` could change it (a superset: a hit
# only means "look closer"): U+FDD0..U+FDEF start EF B7; U+FFFE/U+FFFF (EF BF BE/BF) and the
# non-characters of the other planes (F0..F4 xx BF BE/BF) hold BF BE or BF BF; a C0 control is
# its own byte. Lone surrogates do not encode at all.
_SUSPECT_BYTES = (b"\xef\xb7", b"\xbf\xbe", b"\xbf\xbf")
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not _CONTROLS.match(chr(b)))


def is_storable(text: str) -> bool:
    """Whether :func:`storable` would return ``text`` unchanged, several times faster than
    running it (bytes searches instead of the two patterns, char by char): for checking a whole
    batch of values joined together before storing them."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    if any(s in data for s in _SUSPECT_BYTES) or data.translate(None, _NOT_CONTROL_BYTES):
        return storable(text) is text  # something close: decide exactly
    return True


def storable_value(value):
    """:func:`storable` for strings; any other value unchanged."""
    return storable(value) if isinstance(value, str) else value
