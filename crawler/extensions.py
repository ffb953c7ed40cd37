"""Progress: pages fetched and queued per site.

On a terminal it redraws one status line per site on stderr every second; under cron (no
terminal) it logs a plain line every 60 seconds, so logs stay short and greppable.
"""

from __future__ import annotations

import logging
import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger("duwang.progress")


class Progress:
    def __init__(self, crawler, mode: str):
        self.crawler = crawler
        self.tty = mode == "tty" or (mode == "auto" and sys.stderr.isatty())
        self.interval = 1.0 if self.tty else 60.0
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        mode = crawler.settings.get("DUWANG_PROGRESS", "auto")
        if mode == "off":
            raise NotConfigured
        ext = cls(crawler, mode)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider):
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def closed(self, spider, reason):
        if self.loop and self.loop.running:
            self.loop.stop()
        self.report(final=True)

    def line(self) -> str:
        spider = self.crawler.spider
        stats = self.crawler.stats
        fetched = stats.get_value("response_received_count", 0)
        queued = 0
        engine = self.crawler.engine
        try:
            queued = len(engine._slot.scheduler)  # noqa: SLF001 - Scrapy exposes no public length
        except Exception:  # pragma: no cover - the slot is gone once the spider closed
            pass
        name = spider.site.get("name") or spider.site.get("start_url")
        line = f"{name}: 已抓取 {fetched} 个请求, 队列中 {queued}"
        prepass = getattr(spider, "prepass", None)
        if prepass is not None:
            line += f", 复核已存页面 {prepass.asked} 个(未变 {len(prepass.confirmed)})"
        return line

    def report(self, final: bool = False):
        text = self.line()
        if self.tty:
            sys.stderr.write(f"\r{text}\x1b[K" + ("\n" if final else ""))
            sys.stderr.flush()
        else:
            logger.info(text)
