"""Body decoding: HTTP charset, BOM, <meta> declaration, strict UTF-8, then GB18030."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.I)
_GB_ALIASES = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "gb-2312", "csgb2312", "cp936",
               "ms936", "windows-936", "euc-cn", "x-euc-cn", "gb18030", "chinese", "iso-ir-58"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def normalise_charset(label: str | bytes | None) -> str | None:
    """A Python codec name for a charset label (GB family -> gb18030), or None if unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    if label in _GB_ALIASES or label.startswith("gb"):
        return "gb18030"
    if label in ("utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8"):
        return "utf-8"
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    if name in ("gbk", "gb2312", "gb18030", "cp936"):
        return "gb18030"
    if name in ("ascii", "latin-1", "iso8859-1", "cp1252"):
        # pages "declared" ASCII/latin-1 are almost always UTF-8 or GBK in disguise
        return "windows-1252" if name == "cp1252" else name
    return name


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_body(body: bytes, content_type: str | bytes | None = "") -> tuple[str, str]:
    """Decode an HTML body; returns (text, codec name used). Never raises."""
    if body is None:
        return "", "utf-8"
    if isinstance(body, str):
        return body, "utf-8"
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1", "ignore")
    header = None
    m = _HEADER_CHARSET.search(content_type or "")
    if m:
        header = normalise_charset(m.group(1))
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text = _strict(body[len(bom):], codec)
            if text is not None:
                return text, codec
    meta = None
    m = _META_CHARSET.search(body[:2048])
    if m:
        meta = normalise_charset(m.group(1))
    single_byte = {"ascii", "latin-1", "iso8859-1", "windows-1252"}
    order = [c for c in (header, meta) if c and c not in single_byte]
    order += ["utf-8", "gb18030"] + [c for c in (header, meta) if c in single_byte]
    if order and order[0] == "gb18030" and any(b > 127 for b in body[:65536]):
        # GB18030 decodes almost any byte string; UTF-8 bytes that decode strictly are UTF-8
        # (a GBK page is practically never valid UTF-8) even when a stale label says GBK.
        text = _strict(body, "utf-8")
        if text is not None:
            return text, "utf-8"
    tried: list[str] = []
    for codec in order:
        if codec in tried:
            continue
        tried.append(codec)
        text = _strict(body, codec)
        if text is not None:
            return text, codec
    first = header or meta or "utf-8"
    try:
        return body.decode(first, errors="replace"), first
    except LookupError:
        return body.decode("utf-8", errors="replace"), "utf-8"
