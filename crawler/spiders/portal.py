"""The portal spider: reads one county portal the way a 读网 inspector does.

It stays thin (Scrapy style): extraction lives in :mod:`crawler.extract`, storage in
:class:`crawler.pipelines.StorePipeline`. Each callback turns a response into one result
item (rows for the store plus the frontier entries it discovered) and the requests to follow.

Arguments (``scrapy crawl portal -a ...`` or :mod:`crawler.runner`): ``site`` (dict or JSON
with name, start_url, hosts), ``run_id``, ``previous_run_id``, ``resume``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Request, Response

from ..extract import analyse_page, decode_body, parse_proxy_response
from ..linkstate import target_state
from ..middlewares.politeness import SharedPace, failure_kind
from ..revalidate import Answer, Outcome, Pace, revalidate
from ..store import Store, utcnow
from ..urls import TrapGuard, canonical, is_attachment, netloc, same_page

HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "")
COLUMN_KINDS = frozenset({"home", "listing", "nav", "unverifiable"})


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, site: dict | str, run_id: int | str, previous_run_id: int | str | None = None,
                 resume: bool | str = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.site = json.loads(site) if isinstance(site, str) else dict(site)
        self.run_id = int(run_id)
        self.previous_run_id = int(previous_run_id) if previous_run_id not in (None, "", "None") else None
        self.resume = resume in (True, "1", "true", "True")
        self.start_url = canonical(self.site["start_url"])
        hosts = {netloc(self.start_url)} | {h.lower() for h in self.site.get("hosts", [])}
        self.site_hosts = frozenset(hosts)
        self.seen: set[tuple[str, str, str]] = set()
        self.pages_enqueued = 0
        self.traps = TrapGuard()
        # Answers the revalidation pre-pass received, taken by RevalidationMiddleware as the
        # download of their page.
        self.answers: dict[str, Answer] = {}
        # url -> (ETag, Last-Modified) of the previous run's pages, for conditional requests
        # (the pre-pass's and RevalidationMiddleware's); loaded in start().
        self.validators: dict[str, tuple[str, str]] = {}
        self.prepass: Outcome | None = None  # while the pre-pass runs
        self.as_of = kwargs.get("as_of")  # the run's date (list dates without a year); see from_crawler
        # same_page() identity -> the URL it is fetched at (/x/ and /x/index.html are one page)
        self.fetched_as: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.max_pages = s.getint("DUWANG_MAX_PAGES")
        spider.max_depth = s.getint("DUWANG_MAX_DEPTH")
        spider.check_external = s.getbool("DUWANG_CHECK_EXTERNAL")
        # With a shared frontier (scrapy-redis) the shared dupefilter decides what is fetched
        # once across workers; alone, the spider's own ``seen`` set (from SQLite) does. Either
        # way it is decided in _admit, before queueing, so requests carry dont_filter=True.
        spider.shared = None
        spider.store = None
        if s.getbool("DUWANG_SHARED_FRONTIER"):
            from scrapy_redis.dupefilter import RFPDupeFilter

            from ..distributed.components import shared_audit
            from ..distributed.traps import SharedTrapGuard

            spider.shared = shared_audit(s)
            spider.shared_seen = RFPDupeFilter.from_spider(spider)
            spider.traps = SharedTrapGuard(spider.shared, spider.run_id)
        else:
            spider.store = Store(s.get("DUWANG_STORE"))
            if not spider.as_of:
                try:
                    spider.as_of = spider.store.run(spider.run_id)["as_of"]
                except Exception:  # noqa: BLE001 - no run row: list dates are read against today
                    spider.as_of = None
        return spider

    def closed(self, reason: str) -> None:
        if self.store is not None:
            self.store.close()

    def _admit(self, entries: list[dict]) -> list[dict]:
        """The entries not taken before (by any worker), within DUWANG_MAX_PAGES; marks them taken."""
        if self.shared is not None:
            return self._admit_shared(entries)
        admitted = []
        for e in entries:
            key = self._key(e["method"], e["url"], e["body"], e["kind"])
            if key in self.seen:
                continue
            self.seen.add(key)
            if e["kind"] == "page":
                if self.pages_enqueued >= self.max_pages:
                    continue
                self.pages_enqueued += 1
            admitted.append(e)
        return admitted

    def _key(self, method: str, url: str, body: str | None, kind: str) -> tuple[str, str, str]:
        """What makes a request the same as another: a page is known by its same_page() identity."""
        if kind == "page" and method == "GET":
            ident = same_page(url)
            self.fetched_as.setdefault(ident, url)
            return method, ident, body or ""
        return method, url, body or ""

    def _admit_shared(self, entries: list[dict]) -> list[dict]:
        """_admit against the shared dupefilter and page budget (two pipelined round trips)."""
        if not entries:
            return []
        df = self.shared_seen
        pipe = df.server.pipeline(transaction=False)
        for e in entries:
            ident = same_page(e["url"]) if e["kind"] == "page" and e["method"] == "GET" else e["url"]
            request = Request(ident, method=e["method"], body=e["body"])
            pipe.sadd(df.key, df.request_fingerprint(request))
        claimed = [e for e, added in zip(entries, pipe.execute()) if added]
        pages = [e for e in claimed if e["kind"] == "page"]
        if pages:
            total = self.shared.count_pages(self.run_id, len(pages))
            over = max(0, total - self.max_pages)
            if over:
                refused = {id(e) for e in pages[len(pages) - over:]}
                claimed = [e for e in claimed if id(e) not in refused]
        return claimed

    # -- the frontier -----------------------------------------------------------------------
    async def start(self):
        if self.shared is not None:
            # One worker queues the start URL; the others take work from the shared queue.
            entry = self._entry(self.start_url, depth=0, referer="", kind="page")
            if self.shared.claim_seed(self.run_id) and self._admit([entry]):
                yield {"type": "frontier", "entries": [entry]}
                yield self._request_from_row(entry)
            return
        if self.resume:
            for row in self.store.query("SELECT * FROM requests WHERE run_id = ?", [self.run_id]):
                self.seen.add(self._key(row["method"], row["url"], row["body"], row["kind"]))
                if row["kind"] == "page":
                    self.pages_enqueued += 1
            pending = list(self.store.query(
                "SELECT * FROM requests WHERE run_id = ? AND state = 'queued'", [self.run_id]))
            self.logger.info("resuming run %s: %d requests done, %d pending",
                             self.run_id, len(self.seen) - len(pending), len(pending))
        else:
            entry = self._entry(self.start_url, depth=0, referer="", kind="page")
            pending = self._admit([entry] + self._previous_pages())
            yield {"type": "frontier", "entries": pending}
        s = self.crawler.settings
        if self.previous_run_id and s.getbool("DUWANG_REVALIDATE"):
            self.validators = self.store.validators(self.previous_run_id)
        # A re-inspection asks about the stored pages in a lean pre-pass; the downloader takes
        # everything else at once, beside it, and afterwards what the pass left unanswered.
        validators = self.validators if s.getbool("DUWANG_REVALIDATE_PREPASS") else {}
        later = []
        for e in pending:
            if e["kind"] == "page" and e["method"] == "GET" and e["url"] in validators:
                later.append(e)
            else:
                yield self._request_from_row(e)
        confirmed = await self._prepass([(e["url"], *validators[e["url"]]) for e in later])
        if confirmed:
            for out in self._reuse(sorted(confirmed)):
                yield out
        for e in later:
            if e["url"] not in confirmed:
                yield self._request_from_row(e)

    async def _prepass(self, pages: list[tuple[str, str, str]]) -> set[str]:
        """Revalidate stored pages in one lean pass (:mod:`crawler.revalidate`); returns the
        URLs the server confirmed unchanged (304)."""
        if not pages:
            return set()
        self.prepass = outcome = Outcome()  # watched by the Progress extension
        await revalidate(pages, Pace.from_settings(self.crawler.settings),
                         share=SharedPace(self.crawler), outcome=outcome)
        self.prepass = None
        self.answers = outcome.answers
        stats = self.crawler.stats
        stats.set_value("duwang/prepass/asked", outcome.asked)
        stats.set_value("duwang/prepass/unchanged", len(outcome.confirmed))
        stats.set_value("duwang/prepass/handed_over", len(outcome.answers))
        if outcome.stopped:
            stats.set_value("duwang/prepass/stopped", outcome.stopped)
        self.logger.info(outcome.summary())
        return outcome.confirmed

    def _previous_pages(self) -> list[dict]:
        """A re-inspection revalidates every page the previous run stored, reachable or not,
        so a page that vanished from the listings is still asked for (and shows as 404)."""
        if not self.previous_run_id:
            return []
        return [{**row, "referer": ""} for row in self.store.query(
            "SELECT url, depth, kind, method, body, meta FROM requests WHERE run_id = ? "
            "AND kind = 'page' AND method = 'GET' ORDER BY depth", [self.previous_run_id])]

    def _entry(self, url: str, *, depth: int, referer: str, kind: str, method: str = "GET",
               body: str = "", meta: dict | None = None) -> dict:
        return {"url": url, "depth": depth, "referer": referer, "kind": kind, "method": method,
                "body": body, "meta": json.dumps(meta or {}, ensure_ascii=False)}

    def _request_from_row(self, row: dict) -> Request:
        meta = json.loads(row.get("meta") or "{}")
        base_meta = {"frontier_url": row["url"], "frontier_method": row["method"],
                     "frontier_body": row["body"] or "", "duwang_depth": row["depth"],
                     "duwang_kind": row["kind"], **meta}
        if row["kind"] == "check":
            base_meta["check"] = True
            # Checking a link is one HEAD, not crawling: no robots.txt fetch on other hosts.
            base_meta["dont_obey_robotstxt"] = True
            return Request(row["url"], method="HEAD", callback=self.parse_check,
                           errback=self.failed_check, meta=base_meta, dont_filter=True)
        if row["method"] == "POST":
            return Request(row["url"], method="POST", body=row["body"] or "",
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Referer": meta.get("pager_of", self.start_url)},
                           callback=self.parse_proxy, errback=self.failed_page,
                           meta=base_meta, dont_filter=True)
        if row["url"] in self.answers:
            base_meta["prefetched"] = True
        # Breadth-first: shallow pages (columns) before deep ones, so page caps keep the columns.
        return Request(row["url"], callback=self.parse_page, errback=self.failed_page,
                       meta=base_meta, dont_filter=True, priority=-int(row["depth"] or 0))

    def _discover(self, response_url: str, depth: int, links, listing, analysis,
                  column_url: str | None = None) -> list[dict]:
        """New frontier entries from a parsed page (deduplicated, capped, trap-guarded).

        ``column_url`` is the column a listing page belongs to; pager pages, proxy requests and
        the items found carry it so that their rows are attributed to the column.
        """
        candidates: list[dict] = []
        referer = response_url

        def add(url: str, kind: str, *, method: str = "GET", body: str = "", meta: dict | None = None,
                next_depth: int = depth + 1) -> None:
            if self.shared is None and self._key(method, url, body, kind) in self.seen:
                return
            if kind == "page":
                if next_depth > self.max_depth:
                    return
                if self.traps.reason(url):
                    self.crawler.stats.inc_value("duwang/trap_refused")
                    return
            candidates.append(self._entry(url, depth=next_depth, referer=referer, kind=kind,
                                          method=method, body=body, meta=meta))

        if listing is not None:
            if listing.first_page and column_url and same_page(listing.first_page) == same_page(column_url):
                add(canonical(column_url), "page", next_depth=depth)  # a page 2 reached first: fetch page 1
            for page_url in listing.page_urls:
                add(canonical(page_url), "page", meta={"pager_of": column_url}, next_depth=depth)
            for proxy in listing.proxy_requests:
                body = _form_body(proxy.formdata)
                add(canonical(proxy.url), "proxy", method="POST", body=body,
                    meta={"pager_of": column_url}, next_depth=depth)
            for item in listing.items:
                url = canonical(item.url)
                if netloc(url) in self.site_hosts and not is_attachment(item.url):
                    add(url, "page", meta={"column_url": column_url})
        for link in links:
            url = canonical(link.url)
            if link.kind == "internal":
                add(url, "page", meta={"column_url": column_url} if column_url else None)
            elif self.check_external:
                add(url, "check")
        if analysis is not None:
            if analysis.redirect:
                add(canonical(analysis.redirect), "page", next_depth=depth)
            for src in analysis.iframes:
                url = canonical(src)
                if netloc(url) in self.site_hosts:
                    add(url, "page", next_depth=depth)
        out = self._admit(candidates)
        if self.shared is not None:
            # Counted before they are queued, so the run never looks finished while they wait.
            self.shared.add_pending(self.run_id, len(out))
        return out

    # -- callbacks ----------------------------------------------------------------------------
    def parse_page(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        url = meta["frontier_url"]
        depth = meta.get("duwang_depth", 0)
        if response.status == 304:
            yield from self._reuse([url])
            return
        page = self._page_row(response, url, depth)
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        result: dict[str, Any] = {"type": "page", "url": url, "page": page, "column": None,
                                  "items": [], "document": None, "links": [], "entries": [],
                                  "target": None}
        is_html = ctype.split(";")[0].strip() in HTML_TYPES or "html" in ctype
        if response.status >= 400 or not is_html:
            page["kind"] = "other"
            result["target"] = self._target_row(url, response.status, None)
            yield result
            yield from self._follow(result["entries"])
            return
        text, encoding = decode_body(response.body, ctype)
        analysis = analyse_page(response.url, text, site_hosts=self.site_hosts, as_of=self.as_of)
        page["encoding"] = encoding
        kind = analysis.kind
        column_url = meta.get("column_url")  # the column this page was reached from
        pager_of = meta.get("pager_of")  # set only for the 2nd.. pages of a listing
        if url == self.start_url:
            kind = "home"
        page.update({
            "kind": kind,
            "title": analysis.title,
            "text": analysis.text,
            "content_hash": analysis.content_hash,
            "breadcrumb": json.dumps(analysis.breadcrumb, ensure_ascii=False),
            "meta": json.dumps(analysis.meta, ensure_ascii=False),
            "column_url": column_url,
            "tables": json.dumps(analysis.tables, ensure_ascii=False) if analysis.tables else None,
        })
        if analysis.soft404:
            page["error"] = "soft404"
            result["target"] = self._target_row(url, response.status, "soft404")
            yield result
            return
        result["target"] = self._target_row(url, response.status, None)

        listing = analysis.listing
        is_column_page = kind in COLUMN_KINDS
        here = self._column_address(url, response.url) if is_column_page else url
        if here is None:  # redirected to a page crawled under its own address: stored there
            is_column_page = False
            here = url
        first = listing.first_page if listing is not None and listing.first_page else None
        if is_column_page and not pager_of and first and same_page(first) != same_page(here):
            # page 2..N reached directly: it belongs to its first page's column
            pager_of = self.fetched_as.get(same_page(first), canonical(first))
        if is_column_page:
            own_column = pager_of or here
            page["column_url"] = own_column
            if same_page(own_column) == same_page(here):  # first page of the column (pager pages only add items)
                result["column"] = {
                    "run_id": self.run_id, "site_id": self.site["id"], "url": here,
                    "name": analysis.column_name or analysis.title,
                    "path": " > ".join(analysis.breadcrumb),
                    "kind": "home" if kind == "home" else (
                        "listing" if kind == "listing" else kind),
                    "item_count": 0, "newest_date": None, "pages": 1,
                    "cms": listing.cms if listing else None,
                    "note": listing.unverifiable if listing else None,
                }
            if listing is not None:
                result["items"] = [
                    {"run_id": self.run_id, "column_url": own_column, "url": canonical(it.url),
                     "title": it.title, "date": it.date, "source_url": url}
                    for it in listing.items]
        md = analysis.metadata
        # every article is a document: one with no block and no number is what doc.number_missing
        # looks for (the rules decide by column which documents need a number)
        if kind == "article":
            result["document"] = {
                "run_id": self.run_id, "site_id": self.site["id"], "url": url,
                "title": md.get("title") or analysis.title,
                "index_no": md.get("index_no"),
                "doc_number": md.get("doc_number") or md.get("doc_number_in_text") or "",
                "publisher": md.get("publisher"),
                "written_date": md.get("written_date"),
                "publish_date": md.get("publish_date") or analysis.published,
                "disclosure": md.get("disclosure"),
                "topic": md.get("topic"),
                "fields": json.dumps(analysis.fields, ensure_ascii=False),
                "attachments": json.dumps([{"url": a.url, "name": a.anchor} for a in analysis.attachments],
                                          ensure_ascii=False),
            }
        result["links"] = [
            {"run_id": self.run_id, "site_id": self.site["id"], "source_url": url,
             "target_url": canonical(l.url), "anchor": l.anchor[:200], "kind": l.kind,
             "hidden": int(l.hidden)}
            for l in analysis.links]
        entries = self._discover(url, depth, analysis.links, listing if is_column_page else None,
                                 analysis, column_url=page["column_url"] if is_column_page else None)
        result["entries"] = entries
        yield result
        yield from self._follow(entries)

    def _column_address(self, url: str, final: str) -> str | None:
        """The address a column page is stored under: its own, or, when the request was
        redirected (HTTP or meta refresh: ``/a/`` -> ``/a/b/``), its target's; None when the target
        is crawled under its own address (stored once, there)."""
        final = canonical(final)
        if url == self.start_url or same_page(final) == same_page(url):
            return url
        if self.shared is None:
            key = self._key("GET", final, "", "page")
            if key in self.seen:
                return None
            self.seen.add(key)
        return final

    def parse_proxy(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        column_url = meta.get("pager_of")
        text, _ = decode_body(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"))
        listing = parse_proxy_response(text, response.url)
        items = [{"run_id": self.run_id, "column_url": column_url, "url": canonical(it.url),
                  "title": it.title, "date": it.date, "source_url": meta["frontier_url"]}
                 for it in listing.items]
        entries = self._discover(meta["frontier_url"], meta.get("duwang_depth", 0), [],
                                 listing, None, column_url=column_url)
        for e in entries:
            e["referer"] = meta["frontier_url"]
        yield {"type": "proxy", "url": meta["frontier_url"], "method": "POST",
               "body": meta.get("frontier_body", ""), "items": items, "entries": entries}
        yield from self._follow(entries)

    def parse_check(self, response: Response) -> Iterator[Any]:
        url = response.meta["frontier_url"]
        if response.request.method == "HEAD" and response.status in (400, 403, 405, 406, 500, 501):
            # Many servers refuse HEAD; ask again with a one-byte GET before judging.
            meta = dict(response.meta)
            meta["head_failed"] = True
            yield Request(url, headers={"Range": "bytes=0-0"}, callback=self.parse_check,
                          errback=self.failed_check, meta=meta, dont_filter=True)
            return
        yield {"type": "check", "url": url, "target": self._target_row(url, response.status, None)}

    def failed_page(self, failure) -> Iterator[Any]:
        request = failure.request
        url = request.meta.get("frontier_url", request.url)
        error = failure_kind(failure.value)
        if request.method == "POST":
            yield {"type": "proxy", "url": url, "method": "POST",
                   "body": request.meta.get("frontier_body", ""), "items": [], "entries": []}
            return
        page = {"run_id": self.run_id, "site_id": self.site["id"], "url": url, "final_url": url,
                "status": 0, "error": error, "fetched_at": utcnow(), "bytes": 0, "kind": "other",
                "depth": request.meta.get("duwang_depth", 0), "revalidated": 0}
        yield {"type": "page", "url": url, "page": page, "column": None, "items": [],
               "document": None, "links": [], "entries": [],
               "target": self._target_row(url, 0, error)}

    def failed_check(self, failure) -> Iterator[Any]:
        request = failure.request
        url = request.meta.get("frontier_url", request.url)
        yield {"type": "check", "url": url,
               "target": self._target_row(url, 0, failure_kind(failure.value))}

    # -- helpers ---------------------------------------------------------------------------------
    def _reuse(self, urls: list[str]) -> Iterator[Any]:
        """304: the server confirmed the stored copies. Reuse their rows and re-enqueue their
        children (those not queued already: proxy requests, link checks)."""
        entries = self._admit(list(self.store.query(
            "SELECT url, depth, referer, kind, method, body, meta FROM requests "
            "WHERE run_id = ? AND referer IN (SELECT value FROM json_each(?))",
            [self.previous_run_id, json.dumps(urls)])))
        # The target rows (ok, or broken for a soft 404) are copied from the previous run.
        yield {"type": "reuse", "urls": urls, "previous_run_id": self.previous_run_id,
               "entries": entries, "target": None}
        yield from self._follow(entries)

    def _follow(self, entries: list[dict]) -> Iterator[Request]:
        for e in entries:
            yield self._request_from_row(e)

    def _page_row(self, response: Response, url: str, depth: int) -> dict:
        headers = response.headers
        return {
            "run_id": self.run_id, "site_id": self.site["id"], "url": url,
            "final_url": response.url, "status": response.status, "error": None,
            "fetched_at": utcnow(), "bytes": len(response.body),
            "etag": _header(headers, b"ETag"), "last_modified": _header(headers, b"Last-Modified"),
            "revalidated": 0, "depth": depth, "encoding": None,
        }

    def _target_row(self, url: str, status: int, error: str | None) -> dict:
        state = "ok" if status == 304 else target_state(status, error)
        return {"run_id": self.run_id, "url": url, "status": status, "state": state,
                "error": error, "checked_at": utcnow()}


def _header(headers, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None


def _form_body(formdata: dict[str, str]) -> str:
    return urlencode(sorted(formdata.items()))
