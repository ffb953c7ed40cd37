"""Links, iframes and redirects of a parsed page."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from ..urls import is_attachment as _is_attachment
from ..urls import netloc as _netloc
from .dom import text_of
from .model import Link

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "vbscript:", "sms:", "file:")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?\s*([^'\"\s>]+)", re.I)
_SCRIPT_REDIRECT = (
    re.compile(r"""(?:window\.|document\.|top\.|self\.|parent\.)?location(?:\.href)?\s*=\s*(['"])([^'"\n]+)\1"""),
    re.compile(r"""location\.(?:replace|assign)\s*\(\s*(['"])([^'"\n]+)\1"""),
)
_STYLED = etree.XPath("//*[@style or @hidden]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def collapse(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


netloc = lru_cache(maxsize=16384)(_netloc)
is_attachment = lru_cache(maxsize=16384)(_is_attachment)


def resolve(base: str, href: str | None) -> str | None:
    """Absolute http(s) URL for ``href`` against ``base`` without the fragment, or None."""
    if href is None:
        return None
    if href.startswith("/") and not href.startswith("//"):
        # Root-relative links (most of a portal's navigation) depend only on the origin, so
        # the cache below hits across pages instead of once per page.
        return _resolve(_origin(base), href)
    return _resolve(base, href)


@lru_cache(maxsize=1024)
def _origin(base: str) -> str:
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else base


@lru_cache(maxsize=32768)
def _resolve(base: str, href: str) -> str | None:
    href = href.strip().replace("\\", "/") if "\\" in href else href.strip()
    if not href or href.startswith("#"):
        return None
    low = href[:12].lower().lstrip()
    if low.startswith(_SKIP_SCHEMES):
        return None
    href = href.replace("\n", "").replace("\r", "").replace("\t", "")
    try:
        url = urljoin(base, href)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if parts.fragment:
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    return url


def link_kind(url: str, site_hosts: frozenset[str]) -> str:
    if is_attachment(url):
        return "attachment"
    return "internal" if netloc(url) in site_hosts else "external"


def base_url(doc, url: str) -> str:
    for b in doc.iter("base"):
        href = b.get("href")
        if href and href.strip():
            try:
                return urljoin(url, href.strip())
            except ValueError:
                return url
    return url


def hidden_elements(doc) -> set:
    """Elements (and all their descendants) hidden by style or the ``hidden`` attribute."""
    out: set = set()
    for el in _STYLED(doc):
        if el in out:
            continue
        style = el.get("style") or ""
        if el.get("hidden") is not None or (style and _HIDDEN_STYLE.search(style)):
            out.update(el.iter())
    return out


def _anchor(a) -> str:
    if len(a) == 0:
        text = collapse(a.text)
        return text or collapse(a.get("title"))
    if a.find(".//script") is not None or a.find(".//style") is not None:
        text = " ".join(t for t in a.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"))
    else:
        text = text_of(a)
    text = collapse(text)
    if not text:
        text = collapse(a.get("title"))
    if not text:
        for img in a.iter("img"):
            text = collapse(img.get("alt") or img.get("title"))
            if text:
                break
    return text


def extract_links(doc, base: str, site_hosts: frozenset[str], hidden: set) -> list[Link]:
    out: list[Link] = []
    for a in doc.iter("a", "area"):
        url = resolve(base, a.get("href"))
        if url is None:
            continue
        out.append(Link(url=url, anchor=_anchor(a), kind=link_kind(url, site_hosts), hidden=a in hidden))
    return out


def extract_iframes(doc, base: str) -> list[str]:
    out: list[str] = []
    for el in doc.iter("iframe", "frame"):
        url = resolve(base, el.get("src"))
        if url and url not in out:
            out.append(url)
    return out


def find_redirect(doc, base: str, scripts: list[str]) -> str | None:
    for meta in doc.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() == "refresh":
            m = _REFRESH_URL.search(meta.get("content") or "")
            if m:
                url = resolve(base, m.group(1))
                if url:
                    return url
    for script in scripts:
        if "location" not in script:
            continue
        for pattern in _SCRIPT_REDIRECT:
            for m in pattern.finditer(script):
                url = resolve(base, m.group(2))
                if url:
                    return url
    return None
