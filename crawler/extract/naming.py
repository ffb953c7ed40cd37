"""Names of a page: its title without the site suffix, its breadcrumb, its column's own name."""

from __future__ import annotations

import re

from lxml import etree

from .dom import text_of
from .links import collapse

# -- titles -------------------------------------------------------------------------------------
# separators between a page's own title and the site's name: "标题_县政府", "标题 | 县政府",
# "标题 - 县政府", "标题——县政府"
_HARD_SEP = re.compile(r"\s*(?:_+|\|+|｜|\s-{1,2}\s|——|—\s|\s–\s)\s*")
_SITE_TAIL = re.compile(r"-\s*([^-]{2,40}?(?:网|网站|网站群|门户|政府|官网|平台|中心|局|委|委员会|办|办公室|厅|院|署|"
                        r"县|市|区|镇|乡|街道)[!！]?)\s*$")
_BRACKET_HEAD = re.compile(r"^\s*([\[【][^\]】]{1,30}[\]】])\s*-")
_BRACKETED = re.compile(r"^\s*[\[【]([^\]】]{1,30})[\]】]\s*$")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff\d])[\s\u3000]+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[\s\u3000]+(?=\d)")


def clean_title(text: str | None) -> str:
    """Collapse white space; a space between two Chinese characters (or a digit and one) is
    typesetting, not part of the title."""
    return _CJK_GAP.sub("", collapse((text or "").replace("\u3000", " ")))


def strip_site_suffix(title: str) -> tuple[str, bool]:
    """(the page's own part of a ``<title>``, whether it is a bracketed column label).

    ``标题_栏目_县政府`` and ``标题 | 县政府`` keep the first part; a bare ``-`` splits only when
    what follows it is a site name (``1-10月投资…`` keeps its hyphen); ``[栏目]-门户网站群``
    (SiteServer) yields ``栏目`` and True."""
    t = clean_title(title)
    if not t:
        return "", False
    first = _HARD_SEP.split(t, 1)[0].strip() or t
    head = _BRACKET_HEAD.match(first)
    if head:
        first = head.group(1)
    m = _SITE_TAIL.search(first)
    if m and m.start() > 0:
        first = first[:m.start()].strip()
    b = _BRACKETED.match(first)
    if b:
        return b.group(1).strip(), True
    return first, False


# -- breadcrumbs --------------------------------------------------------------------------------
_CRUMB_TEXT = etree.XPath("//body//text()[contains(., '位置') or contains(., '导航')]")
_CRUMB_CLASS = etree.XPath(
    "//*[contains(@class,'crumb') or contains(@id,'crumb') or contains(@class,'Crumb') or contains(@id,'Crumb')"
    " or contains(@class,'curmb') or contains(@class,'position') or contains(@class,'location')"
    " or contains(@class,'lujing') or contains(@class,'dqwz') or contains(@id,'dqwz')]")
CRUMB_LABEL = re.compile(
    r"(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|您当前的位置|您当前位置|所在位置|当前的位置|现在位置|"
    r"当前栏目|位置导航)\s*(?:是|为)?\s*[:：]?")
CRUMB_SPLIT = re.compile(r"\s*(?:-+>|>>|>|＞|»|›|→|/|\\|\u2192|\u00bb|\u203a|\u300b|\|)\s*|\s+[-—]\s+")
_HOME = {"首页", "网站首页", "主页", "首 页", "返回首页", "门户首页"}
HOME_STEPS = frozenset(_HOME)  # the trail's first step, which breadcrumb() leaves out
_NON_CRUMB = re.compile(r"[:：【]|字号|字体|打印|关闭|分享|默认|收藏|浏览|背景色|视力")


def _pieces(text: str) -> list[str]:
    out: list[str] = []
    for raw in CRUMB_SPLIT.split(text):
        piece = collapse(raw)
        if not piece:
            continue
        if _NON_CRUMB.search(piece) or len(piece) > 40:
            # the tools after the trail ("2007年第23号 字号：默认 大 | 打印"): keep what comes before them
            m = _NON_CRUMB.search(piece)
            head = piece[:m.start()].strip() if m else ""
            if m and m.group() in ":：":
                head = head.rsplit(" ", 1)[0] if " " in head else ""  # the label word before the colon
            if head and len(head) <= 40 and head not in _HOME and (not out or out[-1] != head):
                out.append(head)
            if out:
                break
            continue
        if piece in _HOME:
            continue
        if not out or out[-1] != piece:
            out.append(piece)
    return out


def breadcrumb(doc) -> list[str]:
    """The location trail without 首页: after a 当前位置-style label (您当前的位置是：, 当前位置:)
    or in a crumb/position/location block; separators ``>``, ``>>``, ``->``, ``»``, ``/``."""
    return breadcrumb_block(doc)[1]


def breadcrumb_block(doc) -> tuple[object | None, list[str]]:
    """(the element holding the location trail, the trail) as :func:`breadcrumb` reads it;
    (None, []) when the page shows none. Its links are navigation, never list items."""
    for node in _CRUMB_TEXT(doc):
        if not CRUMB_LABEL.search(node):
            continue
        el = node.getparent()
        if el is None or el.tag in ("script", "style", "title", "option"):
            continue
        # climb until the block holds more than the label
        for _ in range(4):
            after = CRUMB_LABEL.split(text_of(el), 1)[-1]
            if collapse(after) or el.getparent() is None:
                break
            el = el.getparent()
        crumbs = _trail_of(el)
        if crumbs:
            return el, crumbs
    for el in _CRUMB_CLASS(doc):
        if el.tag in ("body", "html"):
            continue
        crumbs = _trail_of(el)
        if crumbs:
            return el, crumbs
    return None, []


def _trail_of(el) -> list[str]:
    """The trail's steps in ``el`` after any 当前位置 label; none when the block is too big to be one."""
    text = text_of(el)
    if len(text) > 600:
        return []
    return _pieces(CRUMB_LABEL.split(text, 1)[-1])


# -- headings -----------------------------------------------------------------------------------
_HEADING_CLASS = re.compile(r"(?:^|[\s_-])(?:lm_?name|lmmc|lm_?title|column_?name|lanmu|channel_?name|"
                            r"list_?title|cur_?title|(?:meta-)?tit(?:le)?|bt)(?:$|[\s_-])", re.I)
_SITEY = re.compile(r"(?:人民政府|门户网站|网站群|政府网)$")


_INLINE = {"span", "a", "b", "strong", "em", "font", "i", "h1", "h2", "h3", "h4", "label", "small", "u"}


def _heading_text(el) -> str:
    """The heading's own words: its text and inline children, not a menu of tabs nested in it."""
    if all(c.tag in _INLINE for c in el if isinstance(c.tag, str)):
        return text_of(el)
    parts = [el.text or ""]
    for c in el:
        if isinstance(c.tag, str) and c.tag in _INLINE:
            parts.append(text_of(c))
        parts.append(c.tail or "")
    return "".join(parts)


def headings(doc, boiler: set, limit: int = 40) -> list[str]:
    """Visible headings outside boilerplate, strongest first: elements named like a column or
    page title (``lm_name``, ``.title``, ``#Title``), then h1, h2, h3. A heading that is only a
    link to the home page (the site logo) or names the site is left out."""
    named: list[str] = []
    plain: dict[str, list[str]] = {"h1": [], "h2": [], "h3": []}
    for el in doc.iter("h1", "h2", "h3", "div", "span", "p", "td", "strong", "em"):
        if el in boiler:
            continue
        ci = (el.get("class") or "") + " " + (el.get("id") or "")
        is_h = el.tag in plain
        if not is_h and not _HEADING_CLASS.search(ci):
            continue
        if not is_h and len(el) > 3:
            continue
        text = clean_title(_heading_text(el))
        if not text or len(text) > limit or _SITEY.search(text):
            continue
        a = el.find(".//a")
        if a is not None and (a.get("href") or "").strip() in ("/", "./", "index.html", "../"):
            continue
        (plain[el.tag] if is_h else named).append(text)
    return named + plain["h1"] + plain["h2"] + plain["h3"]


# -- the column's own name ---------------------------------------------------------------------
_GENERIC_ANCHOR = re.compile(r"^(?:更多|more|>+|»|首页|网站首页|返回|上一页|下一页|尾页|\d+|详细|查看)$", re.I)


def column_name(*, title: str, title_is_column: bool, heading: list[str], crumbs: list[str],
                self_anchors: list[str], meta_column: str | None) -> str | None:
    """The name of this column, reconciled from five kinds of evidence.

    Evidence: ``T`` the ``<title>`` without its site suffix; ``H`` the page's headings
    (``lm_name``/``.title``/h1/h2); ``A`` the anchor texts of links on the page that point to
    the page itself (the menu entry, or a breadcrumb that ends at the page); ``C`` the
    breadcrumb's last crumb (on many portals the *parent*: the trail stops before the page);
    ``M`` the ``ColumnName`` meta (on many portals the whole section).

    Order (the first that applies):
      1. ``T`` when another source agrees with it (H, A, C or M);
      2. a heading that another source (A, C or M) agrees with;
      3. ``M`` when A or C agrees with it;
      4. ``A``: a link pointing at the page names the page (generic anchors like 更多 aside);
      5. the first heading (named ones before h1, h2, h3);
      6. ``M``;
      7. ``T`` on its own (when it is not just the site's name);
      8. ``C``: it may name the parent, so it comes last.
    """
    anchors = [a for a in self_anchors if a and not _GENERIC_ANCHOR.match(a) and len(a) <= 30]
    last = crumbs[-1] if crumbs else None
    others = set(heading) | set(anchors) | ({last} if last else set()) | ({meta_column} if meta_column else set())
    if title and title in others:
        return title
    confirm = set(anchors) | ({last} if last else set()) | ({meta_column} if meta_column else set())
    for h in heading:
        if h in confirm:
            return h
    if meta_column and meta_column in set(anchors) | {last}:
        return meta_column
    if anchors:
        return anchors[0]
    if heading:
        return heading[0]
    if meta_column:
        return meta_column
    if title and not _SITEY.search(title) and (title_is_column or len(title) <= 30):
        return title
    return last or meta_column or None
