"""The demo portal: routes, lazy rendering, HTTP validators and the defect manifest.

``Portal.respond`` is a pure request handler (method, path?query, headers, body) ->
(status, headers, body). Bodies are rendered on demand from the plan's records and kept
only in a small LRU cache, so a 20,000-page portal stays small in memory.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from datetime import date, datetime, time, timezone
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import parse_qs, unquote

from . import files, hanweb, layout, pages, prose, trs
from . import plan as P
from .model import Article, Column
from .plan import DEMO_AS_OF, Plan, build_plan

Response = tuple[int, dict[str, str], bytes]

CONTENT_TYPES = {
    "utf-8": "text/html; charset=UTF-8",
    "header": "text/html; charset=gb2312",
    "meta": "text/html",
    "mismatch": "text/html; charset=utf-8",  # but the bytes are GBK and the meta says gbk
}
CACHE_SIZE = 512
CACHE_MAX_BODY = 256 * 1024
SLOW_SECONDS = 3.0


def http_date(day: date, hour: int = 9) -> str:
    return format_datetime(datetime.combine(day, time(hour, 30), tzinfo=timezone.utc), usegmt=True)


class Portal:
    """A generated county portal. See :func:`build_portal`."""

    name = layout.SITE_NAME
    site_code = layout.SITE_CODE
    unit = layout.SITE_UNIT

    def __init__(self, plan: Plan, *, revision: int = 1, seed: int = 7):
        self.plan = plan
        self.seed = seed
        self.revision = revision
        self.external_base = "http://127.0.0.2"
        self.dead_base = "http://127.0.0.1:9"
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, Response] = OrderedDict()
        self._live: dict[tuple[str, int], list[Article]] = {}
        self.routes: dict[str, tuple] = {}
        self._build_routes()

    # -- setup -------------------------------------------------------------------------
    def _build_routes(self) -> None:
        r = self.routes
        r["/"] = r["/index.html"] = ("home",)
        for nav in self.plan.navs.values():
            r[nav.path] = ("nav", nav)
        for col in self.plan.columns.values():
            if col.cms == "jsonlist":
                r[col.index_path] = ("jsonlist", col)
            elif col.cms == "hanweb":
                r[col.index_path] = ("hanweb", col)
            else:
                for k in range(max(col.page_count(1), col.page_count(2))):
                    r[col.page_path(k)] = ("trs", col, k)
            for art in col.articles:
                r[art.path] = ("article", col, art)
        for path in self.plan.attachments:
            r[path] = ("attachment",)
        for path, html in pages.misc_pages().items():
            r[path] = ("static", html)
        r["/wzdt/index.html"] = ("sitemap",)
        r["/robots.txt"] = ("robots",)
        r[P.SOFT_404] = ("soft404",)
        r[P.FORBIDDEN] = ("status", 403, "访问被拦截：网站防火墙检测到异常访问")
        r[P.TOO_MANY] = ("status", 429, "访问过于频繁，请稍后再试")
        r[P.UNAVAILABLE] = ("status", 503, "服务暂不可用，系统维护中")
        r[P.LOOP_A] = ("redirect", 302, P.LOOP_B)
        r[P.LOOP_B] = ("redirect", 302, P.LOOP_A)
        r[P.MOVED] = ("redirect", 301, "/zwgk/zfxxgk/index.html")
        r[P.META_REFRESH] = ("static", pages.meta_refresh("/zwgk/tzgg/index.html"))
        r[P.SCRIPT_REDIRECT] = ("static", pages.script_redirect("/zwgk/zfxxgk/index.html"))
        r[P.IFRAME_PAGE] = ("static", pages.iframe_page())
        r[P.IFRAME_SRC] = ("static", pages.request_form())
        r[P.SLOW] = ("static", pages.slow_page())
        r[P.OVERSIZE] = ("oversize",)
        r[P.PRIVATE] = ("static", pages.private_page())
        r["/calendar"] = ("calendar",)
        r["/api/list"] = ("api",)
        r[hanweb.PROXY_PATH] = ("proxy",)
        for path in pages.ASSETS:
            r[path] = ("asset",)

    def set_link_bases(self, external: str, dead: str) -> None:
        """Where ``{EXTERNAL}`` and ``{DEAD}`` links point (set by DemoServer from its ports)."""
        self.external_base = external.rstrip("/")
        self.dead_base = dead.rstrip("/")
        with self._lock:
            self._cache.clear()

    def set_revision(self, n: int) -> None:
        self.revision = n

    # -- content queries -----------------------------------------------------------------
    def live(self, key: str, revision: int | None = None) -> list[Article]:
        """Articles of column ``key`` in ``revision``, newest first (memoized)."""
        rev = self.revision if revision is None else revision
        hit = self._live.get((key, rev))
        if hit is None:
            hit = self._live[(key, rev)] = self.plan.columns[key].live(rev)
        return hit

    def paragraphs(self, art: Article) -> list[str]:
        if art.body is not None:
            return art.body
        rnd = prose.rng_for(self.seed, art.seed_key)
        return prose.paragraphs(rnd, art.topic, art.unit)

    def _side(self, col: Column) -> str:
        parent = self.plan.navs.get("fdzd") if "法定主动公开内容" in [n for n, _ in col.crumbs] else None
        parent = parent or self.plan.navs["zwgk"]
        return trs.side_nav(parent.children, col.index_path)

    # -- manifest ------------------------------------------------------------------------
    def _for_revision(self, rows: list[dict]) -> list[dict]:
        return [{k: v for k, v in row.items() if k != "revs"} for row in rows if self.revision in row["revs"]]

    def expected(self) -> list[dict]:
        """Planted defects in the current revision: {"rule", "url", "target", "note"}.

        ``url``/``target`` are site-root paths; external targets start with ``{EXTERNAL}`` or
        ``{DEAD}`` (see :meth:`absolute` / ``DemoServer.absolute``)."""
        return self._for_revision(self.plan.expected)

    def controls(self) -> list[dict]:
        """Negative controls: pages/links a correct rule must NOT report (same shape + "why")."""
        return self._for_revision(self.plan.controls)

    def changes(self) -> list[dict]:
        """What revision 2 changes against revision 1: {"path", "change": added|removed|modified}."""
        out = []
        touched_columns = set()
        for col in self.plan.columns.values():
            for art in col.articles:
                if art.first_rev == 2:
                    out.append({"path": art.path, "change": "added"})
                    touched_columns.add(col.key)
                elif art.last_rev == 1:
                    out.append({"path": art.path, "change": "removed"})
                    touched_columns.add(col.key)
        for key in sorted(touched_columns):
            col = self.plan.columns[key]
            listing = [col.index_path] if col.cms != "trs" else [
                col.page_path(k) for k in range(max(col.page_count(1), col.page_count(2)))]
            out += [{"path": p, "change": "modified"} for p in listing]
        if "ywdt" in touched_columns:
            out += [{"path": "/", "change": "modified"}, {"path": "/index.html", "change": "modified"}]
        out += [{"path": p, "change": "modified"} for p in sorted(self.plan.rev2_modified)]
        return out

    def _rev2_changed(self) -> set[str]:
        cached = getattr(self, "_changed_paths", None)
        if cached is None:
            cached = self._changed_paths = {c["path"] for c in self.changes()}
        return cached

    def traps(self) -> list[dict]:
        """Crawler hazards that are neither defects nor controls of a rule."""
        return [
            {"path": "/calendar?month=202611", "what": "无限日历：每月链接到下一个月，永不结束"},
            {"path": P.OVERSIZE, "what": "6 MB 的超大页面"},
            {"path": P.SLOW, "what": f"{SLOW_SECONDS:.0f} 秒后才响应"},
            {"path": P.LOOP_A, "what": "/loop/a ↔ /loop/b 重定向循环"},
            {"path": P.PRIVATE, "what": "robots.txt 禁止抓取 /private/"},
        ]

    def absolute(self, target: str, base_url: str) -> str:
        """An absolute URL for a manifest path (or ``{EXTERNAL}``/``{DEAD}`` target)."""
        if target.startswith("{EXTERNAL}"):
            return self.external_base + target[len("{EXTERNAL}"):]
        if target.startswith("{DEAD}"):
            return self.dead_base + target[len("{DEAD}"):]
        return base_url.rstrip("/") + target

    # -- sizes ---------------------------------------------------------------------------
    def paths(self, revision: int | None = None) -> Iterator[str]:
        """Every path answered with 200 in ``revision`` (pages, attachments, assets; no queries)."""
        rev = self.revision if revision is None else revision
        skip = {"status", "redirect", "soft404", "calendar", "api", "proxy"}
        for path, route in self.routes.items():
            kind = route[0]
            if kind in skip:
                continue
            if kind == "article" and not route[2].exists(rev):
                continue
            if kind == "trs" and route[2] >= route[1].page_count(rev):
                continue
            yield path

    def page_count(self) -> int:
        html_kinds = {"home", "nav", "jsonlist", "hanweb", "trs", "article", "static", "sitemap", "oversize"}
        return sum(1 for p in self.paths() if self.routes[p][0] in html_kinds)

    def delay(self, path_qs: str) -> float:
        """Seconds the server waits before answering (the slow page)."""
        return SLOW_SECONDS if path_qs.split("?", 1)[0] == P.SLOW else 0.0

    # -- the handler ---------------------------------------------------------------------
    def respond(self, method: str, path_qs: str, headers: dict, body: bytes) -> Response:
        method = method.upper()
        hdrs = {k.lower(): v for k, v in (headers or {}).items()}
        path, _, query = path_qs.partition("?")
        path = unquote(path) or "/"
        route = self.routes.get(path)
        if method not in ("GET", "HEAD", "POST"):
            return self._finish(method, 405, {"Allow": "GET, HEAD, POST"}, pages.error_page(405, "Method Not Allowed"))
        if method == "POST" and (route is None or route[0] != "proxy"):
            return self._finish(method, 405, {"Allow": "GET, HEAD"}, pages.error_page(405, "Method Not Allowed"))
        if route is None:
            return self._finish(method, 404, {}, pages.not_found())
        key = (self.revision, path, query if route[0] in ("calendar", "api", "proxy") else "", body or b"")
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
        if hit is None:
            hit = self._render(route, path, query, body or b"")
            if len(hit[2]) <= CACHE_MAX_BODY:
                with self._lock:
                    self._cache[key] = hit
                    if len(self._cache) > CACHE_SIZE:
                        self._cache.popitem(last=False)
        status, out_headers, payload = hit
        if status == 200 and self._not_modified(hdrs, out_headers):
            keep = {k: out_headers[k] for k in ("ETag", "Last-Modified")}
            return 304, keep, b""
        return status, dict(out_headers), b"" if method == "HEAD" else payload

    @staticmethod
    def _not_modified(request: dict[str, str], response: dict[str, str]) -> bool:
        inm = request.get("if-none-match")
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or response["ETag"] in tags
        ims = request.get("if-modified-since")
        if ims:
            try:
                since = parsedate_to_datetime(ims)
                modified = parsedate_to_datetime(response["Last-Modified"])
                return modified <= since
            except (TypeError, ValueError):
                return False
        return False

    def _finish(self, method: str, status: int, headers: dict, html: str) -> Response:
        data = html.encode("utf-8")
        out = {"Content-Type": "text/html; charset=UTF-8", "Content-Length": str(len(data)), **headers}
        return status, out, b"" if method == "HEAD" else data

    def _html(self, html: str, modified: date, charset: str = "utf-8", path: str = "") -> Response:
        html = html.replace("{EXTERNAL}", self.external_base).replace("{DEAD}", self.dead_base)
        data = html.encode("utf-8" if charset == "utf-8" else "gbk")
        return self._ok(data, CONTENT_TYPES[charset], modified, path)

    def _ok(self, data: bytes, ctype: str, modified: date, path: str = "") -> Response:
        if self.revision >= 2 and path in self._rev2_changed():
            modified = max(modified, P.REV2_DATE)
        headers = {
            "Content-Type": ctype,
            "Content-Length": str(len(data)),
            "ETag": '"' + hashlib.sha1(data).hexdigest()[:20] + '"',
            "Last-Modified": http_date(modified),
            "Cache-Control": "max-age=600",
        }
        return 200, headers, data

    def _render(self, route: tuple, path: str, query: str, body: bytes) -> Response:
        kind = route[0]
        rev = self.revision
        if kind == "home":
            news, notices, docs = self.live("ywdt"), self.live("tzgg"), self.live("zcwj")
            html = pages.home(news, notices, docs, stale=self.plan.stale_home)
            newest = max((a.date for a in news[:1] + notices[:1]), default=DEMO_AS_OF)
            return self._html(html, min(newest, DEMO_AS_OF), path=path)
        if kind == "nav":
            return self._html(pages.nav(route[1]), pages.FIXED_DATE, route[1].charset, path)
        if kind == "trs":
            col, k = route[1], route[2]
            total = col.page_count(rev)
            if k >= total:
                return self._status(404, pages.not_found())
            rows = self.live(col.key)
            html = trs.listing(col, k, rows[k * col.per_page:(k + 1) * col.per_page], total, self._side(col))
            return self._html(html, rows[0].date if rows else date(2020, 1, 1), col.charset, path)
        if kind == "hanweb":
            col = route[1]
            rows = self.live(col.key)
            html = hanweb.listing(col, rows, "")
            return self._html(html, rows[0].date if rows else date(2020, 1, 1), path=path)
        if kind == "jsonlist":
            return self._html(pages.jsonlist(route[1]), pages.FIXED_DATE, path=path)
        if kind == "article":
            return self._article(route[1], route[2], path)
        if kind == "attachment":
            ctype, data = files.special(self.plan.attachment_kinds, path) or pages.attachment(path)
            return self._ok(data, ctype, pages.FIXED_DATE, path)
        if kind == "asset":
            ctype, data = pages.ASSETS[path]
            return self._ok(data, ctype, pages.FIXED_DATE, path)
        if kind == "static":
            return self._html(route[1], pages.FIXED_DATE, path=path)
        if kind == "sitemap":
            html = pages.sitemap(list(self.plan.columns.values()), list(self.plan.navs.values()))
            return self._html(html, pages.FIXED_DATE, path=path)
        if kind == "robots":
            return self._ok(pages.robots().encode(), "text/plain; charset=UTF-8", pages.FIXED_DATE, path)
        if kind == "soft404":
            return self._html(pages.not_found(soft=True), pages.FIXED_DATE, path=path)
        if kind == "status":
            extra = {"Retry-After": "1"} if route[1] == 429 else {}
            return self._status(route[1], pages.error_page(route[1], route[2]), extra)
        if kind == "redirect":
            return self._status(route[1], pages.error_page(route[1], "Moved"), {"Location": route[2]})
        if kind == "oversize":
            return self._html(pages.oversize(), pages.FIXED_DATE, path=path)
        if kind == "calendar":
            return self._calendar(query)
        if kind == "api":
            return self._api(query)
        if kind == "proxy":
            return self._proxy(query, body)
        return self._status(404, pages.not_found())

    def _status(self, status: int, html: str, extra: dict | None = None) -> Response:
        data = html.encode("utf-8")
        return status, {"Content-Type": "text/html; charset=UTF-8", "Content-Length": str(len(data)),
                        **(extra or {})}, data

    def _article(self, col: Column, art: Article, path: str) -> Response:
        if not art.exists(self.revision):
            return self._status(404, pages.not_found())
        art = art.view(self.revision)
        paras = self.paragraphs(art)
        if col.cms == "hanweb":
            art_id = int(art.path.rsplit("_", 1)[1].split(".")[0])
            html = hanweb.article(col, art, art_id, paras)
        else:
            html = trs.article(col, art, paras, self._side(col))
        return self._html(html, art.date, art.charset, path)

    def _calendar(self, query: str) -> Response:
        raw = parse_qs(query).get("month", ["202611"])[0]
        month = int(raw) if raw.lstrip("-").isdigit() and len(raw) < 12 else 202611
        return self._html(pages.calendar(month), pages.FIXED_DATE)

    def _api(self, query: str) -> Response:
        col = parse_qs(query).get("col", [""])[0]
        if col != "xzxx":
            return self._status(404, '{"error": "unknown column"}', {"Content-Type": "application/json"})
        return self._ok(pages.api_list().encode(), "application/json; charset=UTF-8", pages.FIXED_DATE)

    def _proxy(self, query: str, body: bytes) -> Response:
        args = {k: v[0] for k, v in parse_qs(query).items()}
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        colid = form.get("columnid") or args.get("columnid") or ""
        col = next((c for c in self.plan.columns.values() if c.cms == "hanweb" and str(c.colid) == colid), None)
        try:
            start = int(args.get("startrecord", "1"))
            end = int(args.get("endrecord", str(start + hanweb.INLINE - 1)))
        except ValueError:
            start, end = 1, 0
        rows = self.live(col.key) if col else []
        xml = hanweb.proxy_reply(col, rows, start, end)
        return self._ok(xml.encode("utf-8"), "text/xml; charset=UTF-8",
                        rows[0].date if rows else pages.FIXED_DATE)


def build_portal(*, pages: int = 400, revision: int = 1, seed: int = 7, stale_home: bool = False) -> Portal:
    """A deterministic demo county portal of about ``pages`` HTML pages (see module docs)."""
    return Portal(build_plan(pages=pages, seed=seed, stale_home=stale_home), revision=revision, seed=seed)
