"""Parsing and the boilerplate / main-content map of a page (lxml)."""

from __future__ import annotations

import re

from lxml import etree

# huge_tree: libxml2 otherwise stops at a nesting depth of 256 (300 rows each with an unclosed
# <font> lose every row after the limit)
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, recover=True,
                           no_network=True, huge_tree=True)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
# libxml2 drops everything after a stray </html> (a header include that closes the document);
# the parser closes <body> and <html> at the end of the text by itself
_DOC_CLOSERS = re.compile(r"</\s*(?:html|body)\s*>", re.I)
_BOILER_TOKEN = re.compile(
    r"(?:^|[-_])(?:nav|navbar|navigation|menu|header|footer|breadcrumbs?|crumbs?|share|sidebar|copyright)(?:$|[-_\d])"
    r"|^(?:side|position|location|top|topbar|head|foot|bottom|dqwz|wzdh|bread)$", re.I)
BOILER_TAGS = frozenset({"nav", "header", "footer", "aside"})
DROP_TAGS = ("script", "style", "noscript", "template", "textarea", "select")
# body containers, most specific first
_BODY_STRONG = re.compile(r"trs_editor|trs_ueditor|trs_editor_view|\bzoom\b|ucap-content|bt_content|article_?con|"
                          r"art_?con|\bcontent_?text\b|\bxxgk_?content\b|\bview\b|\bwzcon\b|\bcontentbox\b", re.I)
_BODY_WEAK = re.compile(r"content|article|\bmain\b|detail|\btext\b|zhengwen|\bconcon\b", re.I)


def parse(text: str):
    """An lxml document for ``text`` or None (empty / unparseable)."""
    if not text or not text.strip():
        return None
    if text.lstrip()[:5].lower() == "<?xml":
        text = _XML_DECL.sub("", text, count=1)
    text = _DOC_CLOSERS.sub("", text)
    try:
        doc = etree.fromstring(text.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, TypeError):
        return None
    if doc is None:
        return None
    return doc


def text_of(el) -> str:
    """All text inside ``el`` (like lxml.html's text_content)."""
    return "".join(el.itertext())


def class_id(el) -> str:
    c = el.get("class")
    i = el.get("id")
    if c and i:
        return c + " " + i
    return c or i or ""


def is_boiler_el(el) -> bool:
    if el.tag in BOILER_TAGS:
        return True
    ci = class_id(el)
    if not ci:
        return False
    for token in ci.split():
        if "list" in token.lower() or "content" in token.lower():
            continue
        if _BOILER_TOKEN.search(token):
            return True
    return False


_DISCLOSURE = re.compile(
    r"索\s*引\s*号|发\s*文\s*字\s*号|文\s*号|成\s*文\s*日\s*期|发\s*布\s*机\s*构|主\s*题\s*分\s*类"
)


def holds_disclosure(el) -> bool:
    """True when ``el`` holds a 政府信息公开 block (two or more of its labels): content, never
    boilerplate, whatever its class (``top``, ``header``, ``head``)."""
    found = set()
    for t in el.itertext():
        for m in _DISCLOSURE.finditer(t):
            found.add(re.sub(r"\s", "", m.group()))
            if len(found) >= 2:
                return True
    return False


def boilerplate(doc) -> tuple[list, set]:
    """(boilerplate root elements, set of every element inside boilerplate). An element that
    holds the 政府信息公开 block is not boilerplate (its menus inside may be)."""
    roots = []
    inside: set = set()
    body = doc.find("body")
    if body is None:
        body = doc
    for el in body.iter():
        if not isinstance(el.tag, str) or el in inside:
            continue
        if is_boiler_el(el) and not holds_disclosure(el):
            roots.append(el)
            inside.update(el.iter())
    return roots, inside


def body_container(doc, boiler: set):
    """The most specific main-content container, or None."""
    weak = None
    for el in doc.iter("div", "td", "article", "section", "main", "ucapcontent", "span"):
        if el in boiler:
            continue
        ci = class_id(el)
        if el.tag in ("article", "main", "ucapcontent") and not ci:
            ci = el.tag
        if not ci:
            continue
        if _BODY_STRONG.search(ci):
            return el, True
        if weak is None and el.tag != "span" and _BODY_WEAK.search(ci):
            weak = el
    return weak, False
