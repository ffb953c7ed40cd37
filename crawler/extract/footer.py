"""The site-identity block of a home page: footer text and identity marks (pure, lxml).

The page text the crawl stores has the boilerplate (header, navigation, footer) cut out, yet the
footer is where a portal shows its 网站标识码, ICP备案号, 公安机关备案号, 主办单位 and 联系方式,
and where the 党政机关网站标识 and the 我为政府网站找错 badges sit (often as images or scripts).
:func:`identity_block` keeps just that, for the home page only (``pages.meta``, keys
:data:`FOOTER_KEY` and :data:`MARKS_KEY`), so the ``site.identity`` rule can read it.
"""

from __future__ import annotations

import re

from . import dom
from .links import collapse

FOOTER_KEY = "duwang:footer"
MARKS_KEY = "duwang:marks"
TAIL_CHARS = 800  # the end of the page's text, for footers without a footer-like class
ROOT_CHARS = 1000  # the end of each footer-like block
FOOTER_CAP = 3000
MARKS_CAP = 40
SHORT_TEXT = 10  # a badge's or footer link's text ("党政机关", "我为政府网站找错"), not a headline
_FOOTERISH = re.compile(r"foot|bottom|copyright|banquan|\bbq\b|\bdb\b|fot\b", re.I)
_MARK_URL = re.compile(r"conac|jiucuo|kaipuyun|beian|jiucuopage|exposure", re.I)
_MARK_TEXT = re.compile(r"党政机关|找错|纠错|公网安备|公安|备案")
_INLINE_MARK = re.compile(r"_ideConac|conac\.cn|jiucuo", re.I)


def _footerish(el) -> bool:
    return el.tag == "footer" or bool(_FOOTERISH.search(dom.class_id(el)))


def identity_block(doc, boiler_roots: list) -> dict[str, str]:
    """{FOOTER_KEY: footer text, MARKS_KEY: identity marks one a line} of a parsed page.

    Call it before the boilerplate is cut out of the tree. Never raises on odd markup.
    """
    body = doc.find("body")
    if body is None:
        body = doc
    texts = body.xpath(".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::select)]")
    parts = [collapse(" ".join(texts))[-TAIL_CHARS:]]
    # footer-like blocks, the last one first, each by its end (where the identity lines sit)
    for el in reversed(boiler_roots):
        text = collapse(dom.text_of(el))[-ROOT_CHARS:] if _footerish(el) else ""
        if text and not any(text in p for p in parts):
            parts.append(text)
    footer = " ".join(p for p in parts if p)[:FOOTER_CAP]
    return {FOOTER_KEY: footer, MARKS_KEY: "\n".join(_marks(doc)[:MARKS_CAP])}


def _marks(doc) -> list[str]:
    out: list[str] = []

    def add(mark: str) -> None:
        mark = collapse(mark)[:300]
        if mark and mark not in out:
            out.append(mark)

    for a in doc.iter("a"):
        href = a.get("href") or ""
        alts = " ".join(collapse(i.get("alt") or i.get("title")) for i in a.iter("img"))
        text = collapse(dom.text_of(a)) + " " + alts
        if _MARK_URL.search(href) or (len(text) <= SHORT_TEXT and _MARK_TEXT.search(text)):
            add(f"a {href} {text}")
    for img in doc.iter("img"):
        alt = collapse((img.get("alt") or "") + " " + (img.get("title") or ""))
        src = img.get("src") or ""
        if (len(alt) <= SHORT_TEXT and _MARK_TEXT.search(alt)) or _MARK_URL.search(src):
            add(f"img {src} {alt}")
    for s in doc.iter("script"):
        src = s.get("src") or ""
        if _MARK_URL.search(src):
            add(f"script {src} sitecode={s.get('sitecode') or ''}")
        elif s.text and _INLINE_MARK.search(s.text):
            add("script " + _INLINE_MARK.search(s.text).group(0))
    for el in doc.iter():
        if isinstance(el.tag, str) and (el.get("id") or "") == "_ideConac":
            add("_ideConac")
    return out
