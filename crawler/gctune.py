"""GcThreshold: fewer young-generation garbage collections while a crawl runs.

Python collects its youngest generation every 700 net allocations, and every tenth of those the
middle one: a crawl allocates millions of short-lived objects (requests, responses, headers,
deferreds, lxml element proxies), so on the benchmark's listing site the collector took about
11 % of the crawl's CPU (0.6 ms a page), almost all of it finding nothing to free. While a spider
runs, the first threshold is ``DUWANG_GC_THRESHOLD`` (20,000: about 0.05 s of collection for
2,000 pages); the other two stay, and the previous thresholds come back when the spider closes
(a crawl run in the caller's process leaves it as it found it). Reference counting frees almost
everything a page allocates at once; only cycles wait a little longer. ``0`` turns it off.
"""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.exceptions import NotConfigured


class GcThreshold:
    def __init__(self, threshold: int):
        self.threshold = threshold
        self.saved: tuple[int, int, int] | None = None

    @classmethod
    def from_crawler(cls, crawler):
        threshold = crawler.settings.getint("DUWANG_GC_THRESHOLD", 0)
        if threshold <= 0:
            raise NotConfigured
        ext = cls(threshold)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider=None) -> None:
        self.saved = gc.get_threshold()
        gc.set_threshold(max(self.threshold, self.saved[0]), *self.saved[1:])

    def closed(self, spider=None) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None
