"""Column listings: TRS createPageHTML pages, Hanweb jpage datastores and the dataproxy,
script-filled (JSON) lists and generic dated lists."""

from __future__ import annotations

import html as htmllib
import json
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from .dates import parse_date, row_date
from .dom import class_id, text_of
from .links import collapse, resolve
from .model import Item, Listing, ProxyRequest

# -- TRS ------------------------------------------------------------------------------------
_CREATE_PAGE = re.compile(r"createPage(?:HTML)?\s*\(([^()]*)\)")
_COUNT_PAGE = re.compile(r"\b(?:countPage|pageCount|totalPage|PAGE_COUNT)\s*=\s*['\"]?(\d+)")
_CURRENT_PAGE = re.compile(r"\b(?:currentPage|curPage|PAGE_INDEX)\s*=\s*['\"]?(\d+)")
_PREFIX = re.compile(r"\b(?:prefix|pageName|PAGE_NAME)\s*=\s*['\"]([\w\-]+)['\"]")
_SUFFIX = re.compile(r"\b(?:suffix|pageExt|PAGE_EXT)\s*=\s*['\"]\.?(\w+)['\"]")
_EXTS = {"html", "htm", "shtml", "jhtml", "xhtml", "jsp", "php", "asp", "aspx"}
MAX_PAGES = 5000
_LIST_PREFIX = re.compile(r"^(?:index|default|list|more|page)\w*$", re.I)


def _args(raw: str) -> list[tuple[str, bool]]:
    out = []
    for part in raw.split(","):
        part = part.strip().strip("'\"").strip()
        out.append((part, part.isdigit()))
    return out


def trs_pager(scripts: list[str], url: str) -> tuple[list[str], int, int] | None:
    """(other page URLs, page count, current index) from the TRS pager script
    (``createPageHTML(count, current, prefix, ext)``, 0-based: page 1 is ``index.html``, page 2
    ``index_1.html``; or ``countPage``/``pageCount`` variables), or None. A pager of one page
    named after a document (``createPageHTML(1, 0, "t2019…", "shtml")`` in an article) is None."""
    for script in scripts:
        if "createPage" in script:
            for m in _CREATE_PAGE.finditer(script):
                args = _args(m.group(1))
                if not any(isnum for _, isnum in args):
                    continue  # the function definition, not a call
                ext_i = next((i for i in range(len(args) - 1, -1, -1)
                              if not args[i][1] and args[i][0].lower().lstrip(".") in _EXTS), None)
                if ext_i is not None:
                    ext = args[ext_i][0].lstrip(".")
                    if ext_i > 0 and not args[ext_i - 1][1]:
                        prefix, stop = args[ext_i - 1][0], ext_i - 1
                    else:
                        prefix, stop = "index", ext_i
                    nums = [int(a) for a, isnum in args[:stop] if isnum]
                else:
                    ext, prefix = "html", "index"
                    nums = [int(a) for a, isnum in args if isnum]
                if not nums:
                    continue
                if len(nums) >= 3:
                    count, cur = nums[-2], nums[-1]  # (totalRecords, totalPages, cur)
                elif len(nums) == 2:
                    count, cur = nums
                else:
                    count, cur = nums[0], 0
                cur = _zero_based(url, count, cur, prefix or "index", ext)
                if count <= 1 and not _LIST_PREFIX.match(prefix or "index"):
                    return None  # an article's own pager ("t20190918_693227"): one page, not a listing
                return _pages(url, count, cur, prefix or "index", ext), count, cur
        if "countPage" in script or "PAGE_COUNT" in script or "pageCount" in script:
            m = _COUNT_PAGE.search(script)
            if m:
                cur = _CURRENT_PAGE.search(script)
                pre = _PREFIX.search(script)
                suf = _SUFFIX.search(script)
                count = int(m.group(1))
                current = int(cur.group(1)) if cur else 0
                return (_pages(url, count, current, pre.group(1) if pre else "index",
                               suf.group(1) if suf else "html"), count, current)
    return None


def _zero_based(url: str, count: int, cur: int, prefix: str, ext: str) -> int:
    """The current index 0-based: TRS passes it 0-based (page 2 = index_1.html); some templates
    pass it 1-based, which shows when it reaches the count or the page's own name disagrees."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    own = 0 if name in ("", f"{prefix}.{ext}") else None
    m = re.fullmatch(rf"{re.escape(prefix)}_(\d+)\.{re.escape(ext)}", name)
    if m:
        own = int(m.group(1))
    if cur >= count > 0 or (own is not None and cur >= 1 and own == cur - 1):
        return cur - 1
    return cur


def _pages(url: str, count: int, cur: int, prefix: str, ext: str) -> list[str]:
    count = min(max(count, 0), MAX_PAGES)
    out = []
    for k in range(count):
        if k == cur:
            continue
        name = f"{prefix}.{ext}" if k == 0 else f"{prefix}_{k}.{ext}"
        out.append(urljoin(url, name))
    return out


# -- Hanweb ---------------------------------------------------------------------------------
_RECORD = re.compile(r"<record[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</nextgroup>", re.S | re.I)
_TOTAL_RECORD = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_A_TAG = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.S | re.I)
_ATTR = re.compile(r"""([\w:\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>'"]+))""")
_TAGS = re.compile(r"<[^>]*>")
_JP_TOTAL = re.compile(r"totalRecord\s*:\s*['\"]?(\d+)")
_JP_PER = re.compile(r"perPage\s*:\s*['\"]?(\d+)")
_JP_GROUP = re.compile(r"groupSize\s*:\s*['\"]?(\d+)")
_JP_PROXY = re.compile(r"proxyUrl\s*:\s*['\"]([^'\"]+)['\"]")
_JP_AJAX = re.compile(r"ajaxParam\s*:\s*\{([^{}]*)\}")
_KV = re.compile(r"""['"]?([\w\-]+)['"]?\s*:\s*(?:'([^']*)'|"([^"]*)"|([^,\s}]+))""")
DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1).lower(): htmllib.unescape(m.group(2) if m.group(2) is not None else
                                                 m.group(3) if m.group(3) is not None else m.group(4) or "")
            for m in _ATTR.finditer(raw)}


def _text(fragment: str) -> str:
    return collapse(htmllib.unescape(_TAGS.sub(" ", fragment)))


def best_title(anchor: str, title_attr: str | None) -> str:
    t = collapse(title_attr)
    if not t:
        return anchor
    if not anchor:
        return t
    stem = anchor.rstrip(".…").strip()
    if anchor.endswith(("...", "…", "..")) or t.startswith(stem) or len(t) >= len(anchor):
        return t
    return anchor


def record_item(fragment: str, base: str) -> Item | None:
    """An item from one record's HTML fragment (regex: records are small and regular)."""
    for m in _A_TAG.finditer(fragment):
        attrs = _attrs(m.group(1))
        url = resolve(base, attrs.get("href"))
        if not url:
            continue
        anchor = _text(m.group(2))
        rest = fragment[:m.start()] + " " + fragment[m.end():]
        date = parse_date(_text(rest)) or parse_date(anchor)
        return Item(url=url, title=best_title(anchor, attrs.get("title")), date=date)
    return None


def parse_datastore(xml: str, base: str) -> tuple[list[Item], str | None, int | None]:
    """(items, nextgroup href, totalrecord) of a <datastore> text."""
    items = []
    seen = set()
    for m in _RECORD.finditer(xml):
        frag = m.group(1) if m.group(1) is not None else htmllib.unescape(m.group(2) or "")
        item = record_item(frag, base)
        if item and item.url not in seen:
            seen.add(item.url)
            items.append(item)
    nxt = None
    m = _NEXTGROUP.search(xml)
    if m:
        frag = m.group(1) if m.group(1) is not None else htmllib.unescape(m.group(2) or "")
        a = re.search(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)')""", frag, re.I)
        if a:
            nxt = htmllib.unescape(a.group(1) if a.group(1) is not None else a.group(2))
    m = _TOTAL_RECORD.search(xml)
    total = int(m.group(1)) if m else None
    return items, nxt, total


def parse_proxy_response(text: str, url: str) -> Listing:
    """The dataproxy.jsp XML reply as a Listing (items only; never raises)."""
    try:
        items, _, total = parse_datastore(text or "", url)
    except Exception:  # noqa: BLE001 — hostile input must not stop the crawl
        return Listing(cms="hanweb")
    return Listing(items=items, cms="hanweb", total_records=total)


def hanweb_listing(xml_blocks: list[str], scripts: list[str], url: str) -> Listing | None:
    if not xml_blocks:
        return None
    items: list[Item] = []
    nextgroup = None
    total = None
    seen = set()
    inline = 0
    for xml in xml_blocks:
        its, nxt, tot = parse_datastore(xml, url)
        inline += len(_RECORD.findall(xml))
        for it in its:
            if it.url not in seen:
                seen.add(it.url)
                items.append(it)
        nextgroup = nextgroup or nxt
        total = total if total is not None else tot
    jp = next((s for s in scripts if "jpage" in s or "totalRecord" in s or "proxyUrl" in s), "")
    m = _JP_TOTAL.search(jp)
    if m and total is None:
        total = int(m.group(1))
    per = int(_JP_PER.search(jp).group(1)) if _JP_PER.search(jp) else 15
    group = int(_JP_GROUP.search(jp).group(1)) if _JP_GROUP.search(jp) else 3
    per = per or 15
    group = group or 3
    form: dict[str, str] = {}
    proxy_path = None
    if nextgroup:
        parts = urlsplit(nextgroup)
        proxy_path = parts.path or None
        form.update({k: v for k, v in parse_qsl(parts.query, keep_blank_values=True)
                     if k not in ("page", "startrecord", "endrecord", "perpage")})
    m = _JP_PROXY.search(jp)
    if m:
        proxy_path = m.group(1)
    m = _JP_AJAX.search(jp)
    if m:
        for kv in _KV.finditer(m.group(1)):
            val = next(v for v in (kv.group(2), kv.group(3), kv.group(4)) if v is not None)
            form[kv.group(1)] = val
    form.setdefault("col", "1")
    form.setdefault("appid", "1")
    listing = Listing(items=items, cms="hanweb", total_records=total)
    chunk = per * group
    if total and total > chunk and ("columnid" in form or nextgroup):
        proxy = urljoin(url, proxy_path or DEFAULT_PROXY)
        start = max(chunk, inline) + 1 if inline >= chunk else chunk + 1
        count = 0
        while start <= total and count < MAX_PAGES:
            end = start + chunk - 1
            q = urlencode([("startrecord", start), ("endrecord", end), ("perpage", per)])
            listing.proxy_requests.append(ProxyRequest(url=f"{proxy}?{q}", formdata=dict(form)))
            start = end + 1
            count += 1
    return listing


# -- generic lists (lxml rows) ----------------------------------------------------------------
ROW_TAGS = {"ul": ("li",), "ol": ("li",), "tbody": ("tr",), "table": ("tr",), "dl": ("dd", "dt"),
            "div": ("div", "p", "dl", "li")}


def row_item(row, base: str, hidden: set | None = None, as_of=None, skip: frozenset = frozenset()) -> Item | None:
    """The item of one list row: its first link (not one in ``skip``: the navigation's, the
    logo's, the breadcrumb's) and the date written beside it."""
    a = None
    url = None
    for cand in row.iter("a"):
        url = resolve(base, cand.get("href"))
        if url and url not in skip:
            a = cand
            break
    if a is None:
        return None
    raw_anchor = text_of(a)
    anchor = collapse(raw_anchor)
    full = text_of(row)
    rest = full.replace(raw_anchor, " ", 1) if anchor else full
    date = row_date(rest, as_of) or (row_date(a.get("title"), as_of) if a.get("title") else None)
    return Item(url=url, title=best_title(anchor, a.get("title")), date=date)


def _rows(el) -> list:
    """The rows of a container: its row children, or SiteServer-style ``<a class="box">`` items
    that are themselves the rows (a div of links, each holding title and date)."""
    tags = ROW_TAGS[el.tag]
    rows = [c for c in el if c.tag in tags]
    if len(rows) < 3:
        boxes = [c for c in el if c.tag == "a" and len(c)]
        if len(boxes) >= max(2, len(rows) + 1):
            return boxes
        if len(boxes) == 1 and not rows and "list" in class_id(el).lower():
            return boxes  # a young column: one box in its list block
    return rows


def containers(doc, base: str, boiler: set, as_of=None, skip: frozenset = frozenset()
               ) -> list[tuple[object, list[Item], int]]:
    """(container, items, dated count) of every list-like container outside boilerplate."""
    out = []
    for el in doc.iter("ul", "ol", "tbody", "table", "dl", "div"):
        if el in boiler:
            continue
        rows = _rows(el)
        if el.tag == "div" and len(rows) < 2 and not (rows and rows[0].tag == "a"):
            continue
        items = []
        dated = 0
        for row in rows:
            if row.tag == "a":
                item = _box_item(row, base, as_of, skip)
                if item is not None:
                    items.append(item)
                    dated += bool(item.date)
                continue
            if el.tag == "div":
                if len(row.findall(".//a")) > 3 or row.find(".//li") is not None or row.find(".//table") is not None:
                    continue
            item = row_item(row, base, as_of=as_of, skip=skip)
            if item is None:
                continue
            items.append(item)
            if item.date:
                dated += 1
        out.append((el, items, dated))
    if not any(d >= 3 for _, _, d in out):
        loose = _tail_dated(doc, base, boiler, as_of, skip)
        if loose:
            out.append((doc, loose, len(loose)))
    return out


def _tail_dated(doc, base: str, boiler: set, as_of, skip: frozenset) -> list[Item]:
    """Links each followed by its date with no row element around them (``<a>…</a> 2020-01-02<br>``,
    often inside unclosed ``<font>`` tags that nest every row in the one before)."""
    out: list[Item] = []
    seen = set()
    for a in doc.iter("a"):
        if a in boiler:
            continue
        tail = (a.tail or "").strip()
        if not tail or len(tail) > 30:
            continue
        date = row_date(tail, as_of)
        url = resolve(base, a.get("href"))
        if date and url and url not in skip and url not in seen:
            seen.add(url)
            out.append(Item(url=url, title=best_title(collapse(text_of(a)), a.get("title")), date=date))
    return out if len(out) >= 3 else []


_TRAILING_DATE = re.compile(r"\s*[\[(（【]?\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*[\])）】]?\s*$")


def _box_item(a, base: str, as_of, skip: frozenset) -> Item | None:
    """``<a class="box" href><h3>title</h3><span>2020-03-17</span></a>``: the link is the row."""
    url = resolve(base, a.get("href"))
    if not url or url in skip:
        return None
    parts = [collapse(text_of(c)) for c in a if isinstance(c.tag, str)]
    date = None
    title = ""
    for part in parts:
        d = row_date(part, as_of)
        if d and len(part) <= 24 and date is None:
            date = d
        elif part and not title:
            title = part
    if date is None:
        date = row_date(text_of(a), as_of)  # "标题(2020-08-20)" in the heading
        if date and title:
            title = _TRAILING_DATE.sub("", title) or title
    return Item(url=url, title=best_title(title or collapse(text_of(a)), a.get("title")), date=date)


def script_json_items(scripts: list[str], base: str) -> list[Item]:
    """Rows from inline JSON data (``var data = [{title, url, date}, …]``)."""
    decoder = json.JSONDecoder()
    found: list[Item] = []
    for script in scripts:
        if "title" not in script:
            continue
        for m in re.finditer(r"[=(:]\s*([\[{])", script):
            try:
                value, _ = decoder.raw_decode(script, m.start(1))
            except ValueError:
                continue
            _walk_json(value, base, found, 0)
            if found:
                return found
    return found


_TITLE_KEYS = ("title", "name", "doctitle", "articletitle", "vc_title", "bt")
_URL_KEYS = ("url", "link", "href", "docpuburl", "path", "post_url", "linkurl")
_DATE_KEYS = ("date", "pubdate", "publishdate", "time", "docreltime", "created_at", "fbrq", "pub_date")


def _walk_json(value, base: str, out: list[Item], depth: int) -> None:
    if depth > 6:
        return
    if isinstance(value, list):
        for v in value:
            if isinstance(v, dict):
                low = {str(k).lower(): v2 for k, v2 in v.items()}
                title = next((low[k] for k in _TITLE_KEYS if isinstance(low.get(k), str)), None)
                href = next((low[k] for k in _URL_KEYS if isinstance(low.get(k), str)), None)
                if title and href:
                    url = resolve(base, href)
                    if url:
                        date = next((parse_date(str(low[k])) for k in _DATE_KEYS if low.get(k)), None)
                        out.append(Item(url=url, title=collapse(title), date=date))
                        continue
            _walk_json(v, base, out, depth + 1)
    elif isinstance(value, dict):
        for v in value.values():
            if isinstance(v, (list, dict)):
                _walk_json(v, base, out, depth + 1)
