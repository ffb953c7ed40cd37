"""The portal spider: reads one county portal the way a 读网 inspector does.

It stays thin (Scrapy style): extraction lives in :mod:`crawler.extract`, storage in
:class:`crawler.pipelines.StorePipeline`. Each callback turns a response into one result
item (:mod:`crawler.items`: rows for the store plus the frontier entries it discovered) and the
requests to follow. What is fetched once, within the budget, is the frontier's to decide
(:mod:`crawler.frontier`); the revalidation state is an extension (:mod:`crawler.revalidation_state`).

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
from scrapy.utils.misc import load_object

from ..extract import analyse_page, decode_body, parse_proxy_response
from ..frontier import entry
from ..items import CheckItem, FrontierItem, PageItem, ProxyItem, ReuseItem
from ..linkstate import target_state
from ..middlewares.politeness import failure_kind
from ..revalidation_state import RevalidationState
from ..store import utcnow
from ..urls import canonical, is_attachment, netloc, same_page

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
        self.as_of = kwargs.get("as_of")  # the run's date (list dates without a year); see from_crawler

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.max_depth = s.getint("DUWANG_MAX_DEPTH")
        spider.check_external = s.getbool("DUWANG_CHECK_EXTERNAL")
        # What is fetched, once, within the budget: the run's frontier (crawler.frontier),
        # SQLite alone, Redis for the workers of a distributed audit.
        spider.frontier = load_object(s.get("DUWANG_FRONTIER_CLASS")).from_crawler(crawler)
        spider.frontier.open(spider)
        spider.as_of = spider.as_of or spider.frontier.as_of()
        return spider

    def closed(self, reason: str) -> None:
        self.frontier.close()

    # -- the frontier -----------------------------------------------------------------------
    async def start(self):
        start = entry(self.start_url, depth=0, referer="", kind="page")
        pending, new = self.frontier.seeds(start)
        if new:
            yield FrontierItem(pending)
        # The previous run's validators, for conditional requests (crawler.revalidation_state).
        revalidation = self.revalidation = RevalidationState.of(self.crawler)
        revalidation.load(self.frontier)
        # A re-inspection asks about the stored pages in a lean pre-pass; the downloader takes
        # everything else at once, beside it, and afterwards what the pass left unanswered.
        later = []
        for e in pending:
            if e["kind"] == "page" and e["method"] == "GET" and revalidation.to_prepass(e["url"]):
                later.append(e)
            else:
                yield self._request_from_row(e)
        confirmed = await revalidation.run_prepass([e["url"] for e in later])
        if confirmed:
            for out in self._reuse(sorted(confirmed)):
                yield out
        for e in later:
            if e["url"] not in confirmed:
                yield self._request_from_row(e)

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
        if self.revalidation.has_answer(row["url"]):
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
            if self.frontier.known(method, url, body, kind):
                return
            if kind == "page":
                if next_depth > self.max_depth:
                    return
                if self.frontier.traps.reason(url):
                    self.crawler.stats.inc_value("duwang/trap_refused")
                    return
            candidates.append(entry(url, depth=next_depth, referer=referer, kind=kind,
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
        return self.frontier.admit(candidates)

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
        result = PageItem(url=url, page=page)
        is_html = ctype.split(";")[0].strip() in HTML_TYPES or "html" in ctype
        if response.status >= 400 or not is_html:
            page["kind"] = "other"
            result.target = self._target_row(url, response.status, None)
            yield result
            yield from self._follow(result.entries)
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
            result.target = self._target_row(url, response.status, "soft404")
            yield result
            return
        result.target = self._target_row(url, response.status, None)

        listing = analysis.listing
        is_column_page = kind in COLUMN_KINDS
        here = self._column_address(url, response.url) if is_column_page else url
        if here is None:  # redirected to a page crawled under its own address: stored there
            is_column_page = False
            here = url
        first = listing.first_page if listing is not None and listing.first_page else None
        if is_column_page and not pager_of and first and same_page(first) != same_page(here):
            # page 2..N reached directly: it belongs to its first page's column
            pager_of = self.frontier.address_of(first)
        if is_column_page:
            own_column = pager_of or here
            page["column_url"] = own_column
            if same_page(own_column) == same_page(here):  # first page of the column (pager pages only add items)
                result.column = {
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
                result.items = [
                    {"run_id": self.run_id, "column_url": own_column, "url": canonical(it.url),
                     "title": it.title, "date": it.date, "source_url": url}
                    for it in listing.items]
        md = analysis.metadata
        # every article is a document: one with no block and no number is what doc.number_missing
        # looks for (the rules decide by column which documents need a number)
        if kind == "article":
            result.document = {
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
        result.links = [
            {"run_id": self.run_id, "site_id": self.site["id"], "source_url": url,
             "target_url": canonical(l.url), "anchor": l.anchor[:200], "kind": l.kind,
             "hidden": int(l.hidden)}
            for l in analysis.links]
        entries = self._discover(url, depth, analysis.links, listing if is_column_page else None,
                                 analysis, column_url=page["column_url"] if is_column_page else None)
        result.entries = entries
        yield result
        yield from self._follow(entries)

    def _column_address(self, url: str, final: str) -> str | None:
        """The address a column page is stored under: its own, or, when the request was
        redirected (HTTP or meta refresh: ``/a/`` -> ``/a/b/``), its target's; None when the target
        is crawled under its own address (stored once, there)."""
        final = canonical(final)
        if url == self.start_url or same_page(final) == same_page(url):
            return url
        return final if self.frontier.claim_address(final) else None

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
        yield ProxyItem(url=meta["frontier_url"], body=meta.get("frontier_body", ""), items=items,
                        entries=entries)
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
        yield CheckItem(url=url, target=self._target_row(url, response.status, None))

    def failed_page(self, failure) -> Iterator[Any]:
        request = failure.request
        url = request.meta.get("frontier_url", request.url)
        error = failure_kind(failure.value)
        if request.method == "POST":
            yield ProxyItem(url=url, body=request.meta.get("frontier_body", ""))
            return
        page = {"run_id": self.run_id, "site_id": self.site["id"], "url": url, "final_url": url,
                "status": 0, "error": error, "fetched_at": utcnow(), "bytes": 0, "kind": "other",
                "depth": request.meta.get("duwang_depth", 0), "revalidated": 0}
        yield PageItem(url=url, page=page, target=self._target_row(url, 0, error))

    def failed_check(self, failure) -> Iterator[Any]:
        request = failure.request
        url = request.meta.get("frontier_url", request.url)
        yield CheckItem(url=url, target=self._target_row(url, 0, failure_kind(failure.value)))

    # -- helpers ---------------------------------------------------------------------------------
    def _reuse(self, urls: list[str]) -> Iterator[Any]:
        """304: the server confirmed the stored copies. Reuse their rows and re-enqueue their
        children (those not queued already: proxy requests, link checks)."""
        entries = self.frontier.children(urls)
        # The target rows (ok, or broken for a soft 404) are copied from the previous run.
        yield ReuseItem(urls=urls, previous_run_id=self.previous_run_id, entries=entries)
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
