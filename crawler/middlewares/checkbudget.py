"""Link checking bounded per host and in total.

A page with 20,000 dead external links must not hold a crawl for an hour. Of the link checks
(HEAD, then a one-byte GET) the spider asks for, the first ``DUWANG_MAX_CHECKS_PER_HOST`` of
each host and the first ``DUWANG_MAX_CHECKS`` of the run are sent; the others are not dropped
but answered here, without a request, as targets in state ``unchecked`` (未检查), and the run
counts them (stat ``duwang/links_unchecked``, noted on the run) so the report can say what was
not checked. A spider middleware, so that an unchecked link costs one stored row, not a trip
through Scrapy's scheduler and downloader.
"""

from __future__ import annotations

from collections import Counter

from scrapy import Request
from scrapy.exceptions import NotConfigured

from ..items import CheckItem, UncheckedItem
from ..store import utcnow
from ..urls import netloc


class LinkCheckBudgetMiddleware:
    def __init__(self, crawler):
        s = crawler.settings
        self.per_host = s.getint("DUWANG_MAX_CHECKS_PER_HOST", 0)
        self.total = s.getint("DUWANG_MAX_CHECKS", 0)
        if self.per_host <= 0 and self.total <= 0:
            raise NotConfigured
        self.crawler = crawler
        self.by_host: Counter[str] = Counter()
        self.sent = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_output(self, response, result):
        skipped: list[dict] = []
        for o in result:
            if self._within(o, skipped):
                yield o
        yield from self._unchecked(skipped)

    async def process_spider_output_async(self, response, result):
        skipped: list[dict] = []
        async for o in result:
            if self._within(o, skipped):
                yield o
        for item in self._unchecked(skipped):
            yield item

    async def process_start(self, start):
        async for o in start:
            skipped: list[dict] = []
            if self._within(o, skipped):
                yield o
            for item in self._unchecked(skipped):
                yield item

    def _within(self, o, skipped: list[dict]) -> bool:
        """True to pass ``o`` on; a link check beyond the budget goes to ``skipped`` instead."""
        if not isinstance(o, Request) or not o.meta.get("check") or o.meta.get("check_counted"):
            return True  # items, pages, and the GET that follows a refused HEAD of a counted check
        host = netloc(o.url)
        if (self.total > 0 and self.sent >= self.total) or (
                self.per_host > 0 and self.by_host[host] >= self.per_host):
            url = o.meta.get("frontier_url", o.url)
            skipped.append({"run_id": self.crawler.spider.run_id, "url": url, "status": 0,
                            "state": "unchecked", "error": "unchecked", "checked_at": utcnow()})
            return False
        self.sent += 1
        self.by_host[host] += 1
        o.meta["check_counted"] = True
        return True

    def _unchecked(self, skipped: list[dict]):
        """Result items for the skipped checks: one for all of them, or one each with a shared
        frontier (whose accounting counts one entry off per result)."""
        if not skipped:
            return
        self.crawler.stats.inc_value("duwang/links_unchecked", len(skipped))
        if self.crawler.spider.frontier.one_result_per_entry:
            for target in skipped:
                yield CheckItem(url=target["url"], target=target)
        else:
            yield UncheckedItem(urls=[t["url"] for t in skipped], targets=skipped)
