"""The baseline: a plain Scrapy CrawlSpider that follows every same-host link and stores nothing.

Used by ``benchmarks/crawl_bench.py`` (``scrapy runspider benchmarks/plain_spider.py -a url=...``).
It shows what Scrapy alone costs on the same site, so duwang's extraction and storage overhead
can be read off the difference.
"""

from __future__ import annotations

import json
import os
from urllib.parse import urlsplit

from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class PlainSpider(CrawlSpider):
    name = "plain"
    custom_settings = {
        "LOG_LEVEL": "WARNING",
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "TELNETCONSOLE_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True,
    }
    def __init__(self, url: str, out: str = "", deny: str = "", **kwargs):
        self.rules = (Rule(LinkExtractor(deny=[deny] if deny else ()), callback="parse_item", follow=True),)
        self.start_urls = [url]
        self.allowed_domains = [urlsplit(url).hostname]
        self.out = out
        self.pages = 0
        super().__init__(**kwargs)

    def parse_item(self, response):
        self.pages += 1
        return None

    def closed(self, reason):
        if self.out:
            with open(self.out, "w") as f:
                json.dump({"pages": self.pages + 1, "reason": reason, "pid": os.getpid()}, f)
