"""analyse_page: one HTML page -> PageAnalysis (title, text, kind, metadata, links, listing)."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from lxml import etree

from ..urls import same_page
from . import dom
from .dates import parse_date
from .dom import text_of
from .footer import identity_block
from .links import base_url, collapse, extract_iframes, extract_links, find_redirect, hidden_elements, resolve
from .listing import containers, hanweb_listing, script_json_items, trs_pager
from .metadata import doc_number_in_text, extract_fields, has_labels, meta_tags, metadata_from_fields
from .model import Listing, PageAnalysis
from .naming import HOME_STEPS, breadcrumb_block, clean_title, column_name, headings, strip_site_suffix
from .pager import read_pager
from .tables import read_tables

TEXT_CAP = 20000
_SOFT404_TITLE = re.compile(
    r"页面不存在|(?:^|[\s\-_|:：])404(?:$|[\s\-_|:：])|找不到|not\s*found|页面已删除|已被删除|页面未找到|无法找到该页|"
    r"访问的页面不存在|页面已失效",
    re.I,
)
_SOFT404_TEXT = re.compile(r"页面不存在|不存在或已(?:被)?删除|找不到(?:您|你)?(?:要|所)?(?:访问|请求)?的(?:页面|网页)|"
                           r"404\s*(?:not\s*found|错误|error|页面)|not\s*found|页面已删除|页面未找到|页面已失效", re.I)
_NO_DATA_TEXT = etree.XPath(".//text()[contains(., '暂无') or contains(., '没有') or contains(., '无相关') "
                            "or contains(., '无记录') or contains(., '无信息')]")
_NO_DATA = re.compile(r"暂无(?:任何)?(?:相关|新增|最新|更新)?的?(?:信息|数据|内容|记录|文章|结果|公开信息|稿件)|"
                      r"没有(?:任何)?(?:相关|新增|找到)?的?(?:信息|数据|记录|内容|文章)|无相关(?:信息|内容|记录)|"
                      r"^\s*(?:无记录|无信息|无数据)\s*$")
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


def _raw_title(doc) -> str:
    t = doc.find(".//title")
    return clean_title(text_of(t)) if t is not None else ""


def page_title(raw: str, meta: dict[str, str], heads: list[str], kind: str, column_like: set) -> str:
    """The page's own title: the ``ArticleTitle`` meta; else the ``<title>`` without the site
    suffix, unless on an article it names the column (``[栏目]-网站群``, or the same as the
    ColumnName meta or the last crumb): then the article's heading."""
    art = clean_title(meta.get("ArticleTitle"))
    if art:
        return art
    own, bracketed = strip_site_suffix(raw)
    if kind == "article" and (bracketed or own in column_like):
        for h in heads:
            if h not in column_like and len(h) >= 4:
                return h
    return own or (heads[0] if heads else "")


_NAV_ROOT = re.compile(r"nav|menu|header|head|top|crumb|curmb|position|location|dqwz|wzdh|bread|logo|lujing", re.I)
_LOGO_HREF = {"/", "./", "../", "index.html", "index.htm", "index.shtml", "/index.html", "/index.htm", "/index.shtml",
              "default.htm", "default.html"}


def _nav_urls(doc, base: str, boiler_roots: list) -> frozenset:
    """URLs of navigation, logo and breadcrumb links (never list items): links inside
    nav/menu/header/breadcrumb blocks and links to the site's home page."""
    out = set()
    for root in boiler_roots:
        if root.tag in ("nav", "header") or _NAV_ROOT.search(dom.class_id(root)):
            for a in root.iter("a"):
                u = resolve(base, a.get("href"))
                if u:
                    out.add(u)
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if href in _LOGO_HREF or urlsplit(href).path in ("", "/") and href.startswith(("http", "/")):
            u = resolve(base, href)
            if u and urlsplit(u).path in _HOME_PATHS:
                out.add(u)
    return frozenset(out)


def _crumb_urls(el, crumbs: list[str], base: str) -> frozenset:
    """URLs of the location trail's links (首页 > 信息公开 > 本栏目): navigation wherever the
    trail sits, also when its block carries no crumb/position class and is not boilerplate.
    Only links whose words are a step of the trail: a block climbed too far keeps its items."""
    if el is None:
        return frozenset()
    steps = set(crumbs) | HOME_STEPS
    out = set()
    for a in el.iter("a"):
        u = resolve(base, a.get("href"))
        if u and collapse(text_of(a)) in steps:
            out.add(u)
    return frozenset(out)


def _empty_container(doc, boiler: set, nav_urls: frozenset = frozenset(), base: str = "") -> bool:
    """A list container that is empty, or holds only navigation, logo or breadcrumb links."""
    for el in doc.iter("ul", "ol", "tbody", "table", "div"):
        if el in boiler:
            continue
        ci = dom.class_id(el)
        if el.tag in ("div",) and not (ci and _LIST_CLASS.search(ci)):
            continue
        if nav_urls and el.tag in ("ul", "ol") and _only_nav_links(el, nav_urls, base):
            return True  # a bare list holding only the logo / a menu link
        if el.tag != "div" and not ci and el.tag != "tbody":
            continue
        if len(el) == 0 and not (el.text or "").strip():
            return True
        if nav_urls:
            links = [resolve(base, a.get("href")) for a in el.iter("a")]
            links = [u for u in links if u]
            if links and all(u in nav_urls for u in links) and len(collapse(text_of(el))) < 60:
                return True
    return False


_JS_VAR = re.compile(r"""(?:var|let|const)?\s*([A-Za-z_$][\w$]*)\s*=\s*(['"])([^'"\n]{0,200})\2""")
_JS_WRITE = re.compile(r"document\.write(?:ln)?\s*\(([^()]{0,300})\)")
_JS_TERM = re.compile(r"""\s*(?:(['"])([^'"]*)\1|([A-Za-z_$][\w$.]*))\s*(?:\+|$)""")


def script_written(script: str) -> str:
    """The text a small inline script writes: ``var pubdata='2018-07-27'; document.write(pubdata)``
    (string literals, variables assigned a literal in the same script, joined by ``+``)."""
    values = {m.group(1): m.group(3) for m in _JS_VAR.finditer(script)}
    out = []
    for w in _JS_WRITE.finditer(script):
        arg = w.group(1).strip()
        pos = 0
        while pos < len(arg):
            m = _JS_TERM.match(arg, pos)
            if not m or m.end() == pos:
                break
            out.append(m.group(2) if m.group(1) else values.get(m.group(3), ""))
            pos = m.end()
    return collapse(re.sub(r"<[^>]*>", " ", "".join(out)))


def _only_nav_links(el, nav_urls: frozenset, base: str) -> bool:
    links = [u for u in (resolve(base, a.get("href")) for a in el.iter("a")) if u]
    return bool(links) and all(u in nav_urls for u in links) and len(collapse(text_of(el))) < 60


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
        if el.tag == "script" and el.text and "document.write" in el.text:
            written = script_written(el.text)
            if written:
                tail = written + (tail or "")
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


def analyse_page(url: str, html: str, site_hosts: frozenset[str] = frozenset(), as_of=None) -> PageAnalysis:
    """Analyse one decoded HTML page. Never raises on hostile input. ``as_of`` (ISO date, default
    today) gives the year of list dates written without one (``12-31``)."""
    try:
        return _analyse(url, html, frozenset(h.lower() for h in (site_hosts or ())), as_of)
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


def _analyse(url: str, html: str, site_hosts: frozenset[str], as_of=None) -> PageAnalysis:
    doc = dom.parse(html)
    if doc is None:
        return PageAnalysis(content_hash=hashlib.sha1(b"\n").hexdigest())
    out = PageAnalysis()
    out.meta = meta = meta_tags(doc)
    raw_title = _raw_title(doc)
    base = base_url(doc, url)
    hidden = hidden_elements(doc)
    out.links = extract_links(doc, base, site_hosts, hidden)
    out.attachments = [l for l in out.links if l.kind == "attachment"]
    out.iframes = extract_iframes(doc, base)
    scripts, xml_blocks = _inline_scripts(doc)
    redirect = find_redirect(doc, base, scripts)
    boiler_roots, boiler = dom.boilerplate(doc)
    crumb_el, out.breadcrumb = breadcrumb_block(doc)
    heads = headings(doc, boiler)
    nav_urls = _nav_urls(doc, base, boiler_roots) | _crumb_urls(crumb_el, out.breadcrumb, base)
    html_pager = read_pager(doc, base, boiler, scripts, url=url)
    if url and urlsplit(url).path in _HOME_PATHS:  # the footer, for site.identity (home page only)
        meta.update(identity_block(doc, boiler_roots))

    body_el = doc.find("body")
    if body_el is None:
        body_el = doc
    # from here on the tree is the main area only: boilerplate, scripts and styles are cut out
    _strip(body_el, boiler_roots)
    boiler = set()
    container, strong_body = dom.body_container(doc, boiler)
    out.tables = read_tables(body_el)
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
    strong_article = bool(meta.get("ArticleTitle")) or len(md) >= 2
    if pager is not None and pager[1] <= 1 and strong_article:
        pager = None  # an article that carries a one-page pager
    if pager is not None:
        conts = containers(doc, base, boiler, as_of, nav_urls)
        best = _best_container(conts)
        listing = Listing(items=best, cms="trs", page_urls=pager[0], total_pages=pager[1],
                          first_page=url if pager[2] == 0 else _trs_first(base, pager[0]))
        kind = "listing"
    if kind is None and html_pager is not None and not strong_article:
        conts = containers(doc, base, boiler, as_of, nav_urls)
        best = _dated_items(conts, least=1)
        if not best and not (strong_body and text_chars >= 300):
            best = _best_container(conts)  # an undated list; not an article split over pages
        if best:
            kind = "listing"
            listing = Listing(items=best, cms="generic", page_urls=html_pager.page_urls,
                              total_pages=html_pager.total_pages, first_page=html_pager.first_page)
    if kind is None and strong_article:
        kind = "article"
    if kind is None:
        conts = conts if conts is not None else containers(doc, base, boiler, as_of, nav_urls)
        items = _dated_items(conts)
        if not items and text_chars < 200 and not strong_body:
            items = _short_list(conts)  # a column of one or two dated items
        if items:
            kind, listing = "listing", Listing(items=items, cms="generic")
    if kind is None and scripts and any(_FETCH.search(s) for s in scripts) and _empty_container(doc, boiler):
        items = script_json_items(scripts, base)
        if items:
            kind, listing = "listing", Listing(items=items, cms="generic")
        else:
            kind = "unverifiable"
            listing = Listing(cms=None, unverifiable="列表由脚本从 JSON 接口加载, 无法核实")
    own_links = sum(1 for a in body_el.iter("a") if resolve(base, a.get("href")) not in nav_urls)
    if kind is None:
        if _no_data(doc, boiler) or (_empty_container(doc, boiler, nav_urls, base) and own_links < 3
                                     and text_chars < 80):
            kind, listing = "listing", Listing(cms="generic")

    # -- text ------------------------------------------------------------------------------
    body_text = collapse("".join(container.itertext())) if container is not None else page_text
    body_text = body_text[:TEXT_CAP]
    out.text = body_text
    if kind is None:
        if redirect and text_chars < 60 and own_links <= 2:
            kind = "other"  # a channel page that only forwards to another: not a column
        elif strong_body and len(body_text) >= 10:
            kind = "article"
        elif main_links >= 3 and text_chars < 60 + 8 * main_links:
            kind = "nav"
        elif text_chars >= 20 or (container is not None and len(body_text) >= 10):
            kind = "article"
        else:
            kind = "other"
    out.redirect = redirect
    path = urlsplit(url).path if url else ""
    if (
        path in _HOME_PATHS
        and kind in ("listing", "nav", "other")
        and not (listing and listing.cms in ("trs", "hanweb"))
    ):
        kind = "home"
    out.kind = kind
    out.listing = listing

    if "doc_number" not in md and not _has_number_label(fields):
        number = doc_number_in_text(body_text)
        if number:
            md["doc_number_in_text"] = number
    out.metadata = md
    column_like = {x for x in (meta.get("ColumnName"), out.breadcrumb[-1] if out.breadcrumb else None) if x}
    out.title = page_title(raw_title, meta, heads, kind, column_like)
    own_name, bracketed = strip_site_suffix(raw_title)
    if kind in ("listing", "unverifiable", "nav"):
        here = same_page(url)
        anchors = [l.anchor for l in out.links if l.anchor and same_page(l.url) == here]
        out.column_name = column_name(title=own_name, title_is_column=bracketed, heading=heads,
                                      crumbs=out.breadcrumb, self_anchors=anchors,
                                      meta_column=clean_title(meta.get("ColumnName")) or None)
    else:  # the home page is named by the site; an article by the column it sits in
        out.column_name = clean_title(meta.get("ColumnName")) or (out.breadcrumb[-1] if out.breadcrumb else None)
    out.published = parse_date(meta.get("PubDate")) or _published(page_text) \
        or parse_date(meta.get("Maketime"))
    out.soft404 = _soft404(out.title, body_text, kind, main_links, listing)
    out.content_hash = hashlib.sha1((out.title + "\n" + out.text).encode("utf-8", "replace")).hexdigest()
    return out


def _has_number_label(fields: dict[str, str]) -> bool:
    """The block shows a 文号 label (possibly empty or 无): the page's number is what it says."""
    return any(k in fields for k in ("文号", "发文字号", "文件编号", "发文文号", "文件文号"))


def _trs_first(base: str, others: list[str]) -> str | None:
    """Page 1 of a TRS listing reached at a later page: the 0-based ``index.html``."""
    for u in others:
        if not re.search(r"_\d+\.\w+$", urlsplit(u).path):
            return u
    return None


def _short_list(conts) -> list:
    """Items of a list container whose every row is dated (one or two items: a young column)."""
    for el, items, dated in conts:
        ci = dom.class_id(el)
        if items and dated == len(items) and (el.tag in ("ul", "ol", "tbody", "table") or _LIST_CLASS.search(ci)):
            return list(items)
    return []


def _best_container(conts) -> list:
    best = None
    best_key = None
    for el, items, dated in conts:
        ci = dom.class_id(el)
        key = (dated, 1 if (ci and "list" in ci.lower()) else 0, len(items))
        if best_key is None or key > best_key:
            best, best_key = items, key
    return list(best or [])


def _dated_items(conts, least: int = 3) -> list:
    out = []
    seen = set()
    for _el, items, dated in conts:
        if dated >= least and dated * 2 >= len(items):
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
