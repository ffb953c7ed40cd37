"""analyse_page: one HTML page -> PageAnalysis (title, text, kind, metadata, links, listing)."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from lxml import etree

from . import dom
from .dates import parse_date
from .dom import text_of
from .links import base_url, collapse, extract_iframes, extract_links, find_redirect, hidden_elements
from .listing import containers, hanweb_listing, script_json_items, trs_pager
from .metadata import doc_number_in_text, extract_fields, has_labels, meta_tags, metadata_from_fields
from .model import Listing, PageAnalysis

TEXT_CAP = 20000
_SOFT404_TITLE = re.compile(r"页面不存在|(?:^|[\s\-_|:：])404(?:$|[\s\-_|:：])|找不到|not\s*found|"
                            r"页面已删除|已被删除|页面未找到|无法找到该页|访问的页面不存在|页面已失效", re.I)
_SOFT404_TEXT = re.compile(r"页面不存在|不存在或已(?:被)?删除|找不到(?:您|你)?(?:要|所)?(?:访问|请求)?的(?:页面|网页)|"
                           r"404\s*(?:not\s*found|错误|error|页面)|not\s*found|页面已删除|页面未找到|页面已失效", re.I)
_CRUMB_TEXT = etree.XPath("//body//text()[contains(., '位置')]")
_CRUMB_CLASS = etree.XPath("//*[contains(@class,'crumb') or contains(@id,'crumb')]")
_NO_DATA_TEXT = etree.XPath(".//text()[contains(., '暂无') or contains(., '没有相关') or contains(., '无相关信息')]")
_NO_DATA = re.compile(r"暂无(?:相关)?(?:信息|数据|内容|记录|文章|结果)|没有(?:相关)?(?:信息|数据|记录)|无相关信息")
_CRUMB_LABEL = re.compile(r"(?:当前位置|您的位置|你的位置|您现在的位置|您当前的位置|所在位置|当前的位置|"
                          r"现在位置)\s*[:：]?")
_CRUMB_SPLIT = re.compile(r"\s*(?:>|＞|»|›|→|/|\\|>>|\u2192|\u00bb|\u203a|\u300b)\s*")
_FETCH = re.compile(r"\$\.(?:ajax|getJSON|get|post)\s*\(|\bfetch\s*\(|XMLHttpRequest|axios\.|\.json\b|getJSON|"
                    r"jsonp|\$\.load\b|\.load\s*\(", re.I)
_PUBLISHED = re.compile(r"发布(?:时间|日期)\s*[:：]?\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
_HOME_PATHS = {"", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/index.php", "/default.html",
               "/default.htm", "/index.aspx", "/default.aspx"}
_LIST_CLASS = re.compile(r"list|lb\b|news|result|data", re.I)


def _inline_scripts(doc) -> tuple[list[str], list[str]]:
    """(inline JavaScript texts, <script type=text/xml> datastore texts)."""
    scripts, xml = [], []
    for s in doc.iter("script"):
        text = s.text or ""
        if not text:
            continue
        stype = (s.get("type") or "").lower()
        if "xml" in stype or "<datastore" in text[:400].lower():
            xml.append(text)
        elif not s.get("src"):
            scripts.append(text)
    return scripts, xml


def _title(doc, meta: dict[str, str]) -> str:
    t = doc.find(".//title")
    text = collapse(text_of(t)) if t is not None else ""
    return text or collapse(meta.get("ArticleTitle", ""))


def _breadcrumb(doc) -> list[str]:
    for node in _CRUMB_TEXT(doc):
        if not _CRUMB_LABEL.search(node):
            continue
        el = node.getparent()
        if el is None:
            continue
        if el.tag in ("script", "style", "title"):
            continue
        # climb until the block holds more than the label
        for _ in range(4):
            text = text_of(el)
            after = _CRUMB_LABEL.split(text, 1)[-1]
            if collapse(after) or el.getparent() is None:
                break
            el = el.getparent()
        text = text_of(el)
        if len(text) > 400:
            continue
        after = _CRUMB_LABEL.split(text, 1)[-1]
        parts = [collapse(p) for p in _CRUMB_SPLIT.split(after)]
        crumbs = [p for p in parts if p and p not in ("首页", "网站首页", "主页", "首 页")]
        return crumbs
    for el in _CRUMB_CLASS(doc):
        names = [collapse(text_of(a)) for a in el.iter("a")]
        tail = collapse(el.xpath("string(.)") or "")
        crumbs = [n for n in names if n and n not in ("首页", "网站首页")]
        last = collapse(_CRUMB_SPLIT.split(tail)[-1]) if tail else ""
        if last and last not in crumbs and last not in ("首页",):
            crumbs.append(last)
        return crumbs
    return []


def _listing_heading(doc, boiler: set) -> str | None:
    for el in doc.iter("h2", "h3", "h1"):
        if el in boiler:
            continue
        t = collapse(text_of(el))
        if t and len(t) <= 30:
            return t
    return None


def _empty_container(doc, boiler: set) -> bool:
    for el in doc.iter("ul", "ol", "tbody", "table", "div"):
        if el in boiler:
            continue
        ci = dom.class_id(el)
        if el.tag in ("div",) and not (ci and _LIST_CLASS.search(ci)):
            continue
        if el.tag != "div" and not ci and el.tag != "tbody":
            continue
        if len(el) == 0 and not (el.text or "").strip():
            return True
    return False


def _strip(body, boiler_roots: list) -> None:
    """Cut boilerplate, scripts and styles out of the tree (keeping tails) and put a space
    after block elements so that their texts do not run together."""
    doomed = list(boiler_roots)
    doomed += [el for el in body.iter(*dom.DROP_TAGS)]
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        if tail:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)
    for el in body.iter(*_BLOCKS):
        el.tail = " " + el.tail if el.tail else " "


_BLOCKS = frozenset({"p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "td", "th", "dd", "dt", "table",
                     "ul", "ol", "section", "article"})


def analyse_page(url: str, html: str, site_hosts: frozenset[str] = frozenset()) -> PageAnalysis:
    """Analyse one decoded HTML page. Never raises on hostile input."""
    try:
        return _analyse(url, html, frozenset(h.lower() for h in (site_hosts or ())))
    except RecursionError:
        return PageAnalysis(content_hash=hashlib.sha1(b"").hexdigest())
    except Exception:  # noqa: BLE001 - a crawl never dies on one page
        return _fallback(url, html)


def _fallback(url: str, html: str) -> PageAnalysis:
    text = collapse(re.sub(r"<[^>]*>", " ", html or ""))[:TEXT_CAP]
    m = re.search(r"<title[^>]*>(.*?)</title>", html or "", re.S | re.I)
    title = collapse(m.group(1)) if m else ""
    return PageAnalysis(title=title, text=text, kind="other",
                        content_hash=hashlib.sha1((title + "\n" + text).encode("utf-8", "replace")).hexdigest())


def _analyse(url: str, html: str, site_hosts: frozenset[str]) -> PageAnalysis:
    doc = dom.parse(html)
    if doc is None:
        return PageAnalysis(content_hash=hashlib.sha1(b"\n").hexdigest())
    out = PageAnalysis()
    out.meta = meta = meta_tags(doc)
    out.title = _title(doc, meta)
    base = base_url(doc, url)
    hidden = hidden_elements(doc)
    out.links = extract_links(doc, base, site_hosts, hidden)
    out.attachments = [l for l in out.links if l.kind == "attachment"]
    out.iframes = extract_iframes(doc, base)
    scripts, xml_blocks = _inline_scripts(doc)
    out.redirect = find_redirect(doc, base, scripts)
    boiler_roots, boiler = dom.boilerplate(doc)
    out.breadcrumb = _breadcrumb(doc)

    body_el = doc.find("body")
    if body_el is None:
        body_el = doc
    # from here on the tree is the main area only: boilerplate, scripts and styles are cut out
    _strip(body_el, boiler_roots)
    boiler = set()
    container, strong_body = dom.body_container(doc, boiler)
    page_text = collapse("".join(body_el.itertext()))
    main_links = 0
    link_chars = 0
    for a in body_el.iter("a"):
        if a.get("href"):
            main_links += 1
            link_chars += len(collapse(text_of(a)))
    text_chars = max(0, len(page_text) - page_text.count(" ") - link_chars)
    fields = extract_fields(doc, boiler) if has_labels(page_text) else {}
    out.fields = fields
    md = metadata_from_fields(fields)

    # -- kind and listing --------------------------------------------------------------
    kind = None
    listing: Listing | None = None
    han = hanweb_listing(xml_blocks, scripts, base) if xml_blocks else None
    if han is not None:
        kind, listing = "listing", han
    pager = trs_pager(scripts, base) if kind is None else None
    conts = None
    if pager is not None:
        conts = containers(doc, base, boiler)
        best = _best_container(conts)
        listing = Listing(items=best, cms="trs", page_urls=pager[0])
        kind = "listing"
    strong_article = bool(meta.get("ArticleTitle")) or len(md) >= 2
    if kind is None and strong_article:
        kind = "article"
    if kind is None:
        conts = conts if conts is not None else containers(doc, base, boiler)
        items = _dated_items(conts)
        if items:
            kind, listing = "listing", Listing(items=items, cms="generic")
    if kind is None and scripts and any(_FETCH.search(s) for s in scripts) and _empty_container(doc, boiler):
        items = script_json_items(scripts, base)
        if items:
            kind, listing = "listing", Listing(items=items, cms="generic")
        else:
            kind = "unverifiable"
            listing = Listing(cms=None, unverifiable="列表由脚本从 JSON 接口加载, 无法核实")
    if kind is None:
        if _no_data(doc, boiler) or (_empty_container(doc, boiler) and main_links < 3 and text_chars < 80):
            kind, listing = "listing", Listing(cms="generic")

    # -- text ------------------------------------------------------------------------------
    body_text = collapse("".join(container.itertext())) if container is not None else page_text
    body_text = body_text[:TEXT_CAP]
    out.text = body_text
    if kind is None:
        if strong_body and len(body_text) >= 10:
            kind = "article"
        elif main_links >= 3 and text_chars < 60 + 8 * main_links:
            kind = "nav"
        elif text_chars >= 20 or (container is not None and len(body_text) >= 10):
            kind = "article"
        else:
            kind = "other"
    path = urlsplit(url).path if url else ""
    if (path in _HOME_PATHS and kind in ("listing", "nav", "other")
            and not (listing and listing.cms in ("trs", "hanweb"))):
        kind = "home"
    out.kind = kind
    out.listing = listing

    if "doc_number" not in md:
        number = doc_number_in_text(body_text)
        if number:
            md["doc_number_in_text"] = number
    out.metadata = md
    out.column_name = (meta.get("ColumnName") or (out.breadcrumb[-1] if out.breadcrumb else None)
                       or (_listing_heading(doc, boiler) if kind in ("listing", "unverifiable", "nav") else None))
    out.published = parse_date(meta.get("PubDate")) or _published(page_text) \
        or parse_date(meta.get("Maketime"))
    out.soft404 = _soft404(out.title, body_text, kind, main_links, listing)
    out.content_hash = hashlib.sha1((out.title + "\n" + out.text).encode("utf-8", "replace")).hexdigest()
    return out


def _best_container(conts) -> list:
    best = None
    best_key = None
    for el, items, dated in conts:
        ci = dom.class_id(el)
        key = (dated, 1 if (ci and "list" in ci.lower()) else 0, len(items))
        if best_key is None or key > best_key:
            best, best_key = items, key
    return list(best or [])


def _dated_items(conts) -> list:
    out = []
    seen = set()
    for _el, items, dated in conts:
        if dated >= 3 and dated * 2 >= len(items):
            for it in items:
                if it.url not in seen:
                    seen.add(it.url)
                    out.append(it)
    return out


def _no_data(doc, boiler: set) -> bool:
    body = doc.find("body")
    if body is None:
        return False
    for node in _NO_DATA_TEXT(body):
        el = node.getparent()
        if el is None or el in boiler or el.tag in dom.DROP_TAGS:
            continue
        if len(collapse(node)) <= 30 and _NO_DATA.search(node):
            return True
    return False


def _published(page_text: str) -> str | None:
    m = _PUBLISHED.search(page_text[:20000])
    return parse_date(m.group(1)) if m else None


def _soft404(title: str, text: str, kind: str, links: int, listing) -> bool:
    if listing is not None and listing.items:
        return False
    if title and len(title) <= 40 and _SOFT404_TITLE.search(title) and len(text) < 1000:
        return True
    if len(text) <= 200 and links < 5 and _SOFT404_TEXT.search(text):
        return True
    return False
