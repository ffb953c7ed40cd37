"""Link checking bounded per host and in total.

A page with 20,000 dead external links must not hold a crawl for an hour. The first
``DUWANG_MAX_CHECKS_PER_HOST`` link checks (HEAD, then a one-byte GET) of each host and the
first ``DUWANG_MAX_CHECKS`` of the run are sent; the others are not dropped but recorded
without a request, as targets in state ``unchecked`` (未检查), and the run counts them
(stat ``duwang/links_unchecked``, noted on the run) so the report can say what was not checked.
"""

from __future__ import annotations

from collections import Counter

from scrapy.exceptions import IgnoreRequest, NotConfigured

from ..urls import netloc


class CheckSkipped(IgnoreRequest):
    """A link check beyond the budget: recorded as unchecked, never sent."""


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

    def process_request(self, request):
        meta = request.meta
        if not meta.get("check") or meta.get("check_counted"):
            return None  # pages, and the GET that follows a refused HEAD of a counted check
        host = netloc(request.url)
        if (self.total > 0 and self.sent >= self.total) or (
                self.per_host > 0 and self.by_host[host] >= self.per_host):
            self.crawler.stats.inc_value("duwang/links_unchecked")
            raise CheckSkipped(f"link check budget spent ({host})")
        self.sent += 1
        self.by_host[host] += 1
        meta["check_counted"] = True
        return None
