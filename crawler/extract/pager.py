"""HTML pagers of column listings, in every common shape, read into one :class:`Pager`.

Shapes: links 首页/上一页/下一页/尾页 and numbered links (``index_2.html`` … with page 1 =
``index.html`` as EmpireCMS writes them, ``index_1.html`` for page 2 as TRS does, ``?page=N``,
``list_N.html``, SiteServer ``123_2.html``), ``javascript:goPage(n)`` links, a ``<select>`` of
pages, and the totals a pager prints (共N页, 1/N, 共N条 with the page size). A pager that only
shows the first and the last page has its middle pages generated (at most MAX_PAGES).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .dom import text_of
from .links import collapse, resolve
from .listing import MAX_PAGES

_FIRST = re.compile(r"^(?:首页|首\s*页|第一页|\|<|«|first)$", re.I)
_PREV = re.compile(r"^(?:上一页|上页|前一页|上一頁|<|<<|‹|prev(?:ious)?)$", re.I)
_NEXT = re.compile(r"^(?:下一页|下页|后一页|下一頁|>|>>|›|next)$", re.I)
_LAST = re.compile(r"^(?:尾页|尾\s*页|末页|最后一页|最后页|>\||»|last)$", re.I)
_NUM = re.compile(r"^\[?\s*(\d{1,5})\s*\]?$")
_TOTAL_PAGES = re.compile(
    r"共\s*(\d{1,5})\s*页|(?<![\d/])\d{1,5}\s*/\s*(\d{1,5})\s*页|页次\s*[:：]?\s*\d+\s*/\s*(\d{1,5})|"
    r"总页数\s*[:：]?\s*(\d{1,5})|(?<!\d)\d{1,5}\s*/\s*(\d{1,5})(?=\s*(?:首页|上一页|下一页|尾页))"
)
_TOTAL_RECORDS = re.compile(
    r"共\s*(\d{1,7})\s*(?:条|篇|个|项|则)|(?:总|共有)\s*(?:记录|信息|条数)?\s*[:：]?\s*(\d{1,7})\s*条"
)
_PER_PAGE = re.compile(r"每页\s*[:：]?\s*(\d{1,4})\s*条")
_CURRENT = re.compile(r"(?:当前|第)\s*(\d{1,5})\s*(?:/\s*\d{1,5}\s*)?页")
_JS_CALL = re.compile(r"^javascript:\s*[\w.$]+\s*\(\s*['\"]?(\d{1,5})['\"]?\s*\)", re.I)
_DIGITS = re.compile(r"\d+")
SLOT = "\x00"  # where the page number goes in a URL template (never in a real href)


@dataclass(slots=True)
class Pager:
    page_urls: list[str] = field(default_factory=list)  # the other pages, in order
    total_pages: int | None = None
    current: int = 1
    first_page: str | None = None  # URL of page 1 (the column's own address)


def _role(text: str) -> tuple[str, int | None] | None:
    t = collapse(text).replace("\xa0", "")
    if not t or len(t) > 8:
        return None
    m = _NUM.match(t)
    if m:
        return "num", int(m.group(1))
    for name, pattern in (("first", _FIRST), ("prev", _PREV), ("next", _NEXT), ("last", _LAST)):
        if pattern.match(t):
            return name, None
    return None


def _pager_block(doc, boiler: set):
    """The element holding the most pager links (with at least a 下一页/尾页 word, a 共N页 text
    or two numbered links next to each other), or None."""
    best, best_score = None, 0
    seen = set()
    for a in doc.iter("a", "option"):
        if a in boiler or not _is_link(a) or _role(text_of(a)) is None:
            continue
        el = a.getparent()
        for _ in range(3):
            if el is None or el.tag in ("body", "html"):
                break
            if el in seen:
                el = el.getparent()
                continue
            seen.add(el)
            words, nums = 0, 0
            for b in el.iter("a", "option"):
                r = _role(text_of(b)) if _is_link(b) else None
                if r is None:
                    continue
                if r[0] == "num":
                    nums += 1
                else:
                    words += 1
            text = collapse(text_of(el))
            if len(text) > 400:
                break
            has_total = bool(_TOTAL_PAGES.search(text))
            score = words * 3 + nums + (5 if has_total else 0)
            # numbered links alone (a calendar, a slide show) are no pager: a pager word, a total
            # or a <select> of pages says it is one
            if (words or has_total or el.tag == "select" and nums >= 2) and score > best_score:
                best, best_score = el, score
            el = el.getparent()
    return best


def _is_link(el) -> bool:
    return el.tag == "option" or bool(el.get("href") or el.get("onclick"))


def _href(el) -> str | None:
    if el.tag == "option":
        return el.get("value")
    return el.get("href")


def _template(href: str, n: int) -> tuple[str, int] | None:
    """(href with the page number as SLOT, offset of the number from the page) or None; the last
    number equal to n (or n - 1: 0-based paging) is the page number."""
    nums = list(_DIGITS.finditer(href))
    for want, offset in ((n, 0), (n - 1, -1)):
        for m in reversed(nums):
            if int(m.group()) == want:
                return href[:m.start()] + SLOT + href[m.end():], offset
    return None


def _script_template(scripts: list[str], func: str) -> str | None:
    """A URL pattern a goPage-like function builds: ``'index_' + n + '.html'``."""
    for s in scripts:
        i = s.find(func)
        if i < 0:
            continue
        m = re.search(r"['\"]([^'\"\s]*)['\"]\s*\+\s*\w+\s*\+\s*['\"]([^'\"\s]*)['\"]", s[i:i + 800])
        if m:
            return m.group(1) + SLOT + m.group(2)
    return None


def read_pager(doc, base: str, boiler: set, scripts: list[str], items: int = 0, url: str | None = None
               ) -> Pager | None:
    """The listing pager of a page, or None when the page has none (or only one page). ``base``
    resolves the pager's links (a ``<base href>``); ``url`` is the page's own address."""
    here = url or base
    block = _pager_block(doc, boiler)
    if block is None:
        return None
    text = collapse(text_of(block))
    known: dict[int, str] = {}  # page number -> URL
    templates: dict[tuple[str, int], int] = {}
    first_url = last_href = None
    highest = 0
    js_funcs: list[str] = []
    for a in block.iter("a", "option"):
        if not _is_link(a):
            continue
        role = _role(text_of(a))
        href = (_href(a) or "").strip()
        if not href.lower().startswith("javascript") and (a.get("onclick") or "") and _JS_CALL.match(
                "javascript:" + a.get("onclick")):
            href = "javascript:" + a.get("onclick")
        js = _JS_CALL.match(href)
        if role is None and not js:
            continue
        n = role[1] if role and role[0] == "num" else None
        if js:
            func = href.split(":", 1)[1].split("(", 1)[0].strip()
            js_funcs.append(func)
            if n is None and role and role[0] == "last":
                n = int(js.group(1))
            if n is not None:
                highest = max(highest, n)
            continue
        link = resolve(base, href) if href else None
        if role and role[0] == "first" and link:
            first_url = link
        if role and role[0] == "last" and link:
            last_href = href
        if n is not None and link:  # a number that links nowhere (a slide show's "1 2 3") counts for nothing
            highest = max(highest, n)
            known[n] = link
            t = _template(href, n)
            if t:
                templates[t] = templates.get(t, 0) + 1
    template = max(templates, key=lambda k: (templates[k], -k[1])) if templates else None
    if last_href:
        number = None
        if template:
            m = re.fullmatch(re.escape(template[0]).replace(re.escape(SLOT), r"(\d+)"), last_href)
            if m:
                number = int(m.group(1)) - template[1]
        nums = _DIGITS.findall(last_href)
        if number is None and nums:
            number = int(nums[-1]) - (template[1] if template else 0)
            if template is None:
                t = _template(last_href, int(nums[-1]))
                template = (t[0], 0) if t else None
        if number:
            highest = max(highest, number)
    if js_funcs and template is None:
        pattern = _script_template(scripts, js_funcs[0])
        if pattern:
            template = (pattern, 0)
    m = _TOTAL_PAGES.search(text)
    total = next((int(g) for g in m.groups() if g), 0) if m else 0
    if not total:
        rec = _TOTAL_RECORDS.search(text)
        per = _PER_PAGE.search(text)
        if rec and (per or items):
            size = int(per.group(1)) if per else items
            total = math.ceil(int(next(g for g in rec.groups() if g)) / size) if size else 0
    current = _current(block, base, here, template, known, text)
    total = max(total, highest, current)  # on the last page the highest number is the page itself
    if total <= 1:
        return None
    pager = Pager(total_pages=total, current=current)
    if first_url is None:
        first_url = known.get(1)
    if current == 1:
        first_url = here
    elif first_url is None and template:
        first_url = _page_one(base, template)
    pager.first_page = first_url
    for k in range(1, min(total, MAX_PAGES) + 1):
        if k == current:
            continue
        link = known.get(k)
        if link is None and k == 1:
            link = first_url
        if link is None and template and k > 1:
            link = resolve(base, _fill(template[0], k + template[1]))
        if link and link not in pager.page_urls and link != here:
            pager.page_urls.append(link)
    return pager


def _current(block, base: str, here: str, template, known: dict[int, str], text: str) -> int:
    m = _CURRENT.search(text)
    if m:
        return int(m.group(1))
    for sel in block.iter("option"):
        if sel.get("selected") is not None:
            r = _role(text_of(sel))
            if r and r[1]:
                return r[1]
    # the number shown without a link (<b>2</b>, <span class="current">2</span>)
    for el in block.iter():
        if el.tag in ("a", "option") or not isinstance(el.tag, str):
            continue
        if el.getparent() is not None and el.getparent().tag == "a":
            continue
        own = collapse(el.text)
        mm = _NUM.match(own) if own else None
        if mm and int(mm.group(1)) not in known and el.find(".//a") is None:
            return int(mm.group(1))
    if template:
        pat = re.escape(resolve(base, _fill(template[0], "0000")) or "").replace("0000", r"(\d+)")
        mm = re.fullmatch(pat, here) if pat else None
        if mm:
            return int(mm.group(1)) - template[1]
    return 1


def _fill(template: str, n) -> str:
    return template.replace(SLOT, str(n))


def _page_one(base: str, template: tuple[str, int]) -> str | None:
    """Page 1 of a listing reached at a later page: ``index_N.html`` -> ``index.html``,
    ``?page=N`` -> page 1 of the same query."""
    t, offset = template
    if re.search(r"[?&]\w*page\w*=" + SLOT, t, re.I):
        return resolve(base, _fill(t, 1 + offset))
    stripped = re.sub(r"[_-]" + SLOT + r"(?=\.\w+$|$)", "", t)
    if stripped != t:
        return resolve(base, stripped)
    return resolve(base, _fill(t, 1 + offset))
