"""Scrapy's floor on this machine: what a crawl of the listing site costs when the spider does nothing.

    python3 benchmarks/scrapy_floor.py --pages 2000        # serves the listing site itself, prints a JSON line
    scrapy runspider benchmarks/scrapy_floor.py -a url=http://127.0.0.1:PORT -a pages=2000 -a out=F.json

The spider parses nothing: listing ``i`` of ``benchmarks/listing_site.py`` links to listings
``20 i + 1 .. 20 i + 20``, so it computes the next URLs from the page number and yields a bare
``Request`` for each (no link extraction, no items, no storage, no dedup filter). It runs with the same
politeness-off settings as duwang's benchmark (16 connections, no AutoThrottle, no robots.txt) and
``CONCURRENT_ITEMS=1`` (Scrapy 2.19 starts one asyncio task per CONCURRENT_ITEMS slot for every
callback's output; duwang sets 4). Whatever duwang spends per page above this figure is its own.
``crawl_cpu`` is the process's CPU seconds from the first request to the last response (start-up and
shutdown excluded), ``cpu`` the whole process's.

``--trimmed`` runs the same spider with everything Scrapy lets a crawl switch off (``TRIMMED`` below):
no downloader or spider middleware, no extension, a no-op stats collector, no cookies, compression,
redirects, retries, user agent or default headers, no download timeout/size checks, the plain
priority queue, log level ERROR, the aiohttp handler. ``--reactorless`` adds Scrapy's
``TWISTED_REACTOR_ENABLED=False`` (2.15+: the asyncio event loop without Twisted's reactor on top).
``benchmarks/aiohttp_floor.py`` is the bound below Scrapy: the same fetches from aiohttp alone.
"""

from __future__ import annotations

import json
import resource
import time

import scrapy

ROWS = 20  # as benchmarks/listing_site.py
# Everything optional off (-s FLOOR_TRIMMED=1): what is left is Scrapy's engine, scheduler, downloader
# slots, the scraper's output handling and the download handler.
TRIMMED = {
    "DOWNLOADER_MIDDLEWARES_BASE": {}, "DOWNLOADER_MIDDLEWARES": {},
    "SPIDER_MIDDLEWARES_BASE": {}, "SPIDER_MIDDLEWARES": {},
    "EXTENSIONS_BASE": {}, "EXTENSIONS": {}, "ITEM_PIPELINES": {}, "ADDONS": {},
    "STATS_CLASS": "scrapy.statscollectors.DummyStatsCollector", "STATS_DUMP": False,
    "LOG_LEVEL": "ERROR", "LOGSTATS_INTERVAL": 0, "DOWNLOADER_STATS": False,
    "COOKIES_ENABLED": False, "COMPRESSION_ENABLED": False, "REDIRECT_ENABLED": False,
    "METAREFRESH_ENABLED": False, "RETRY_ENABLED": False, "REFERER_ENABLED": False,
    "HTTPCACHE_ENABLED": False, "MEMUSAGE_ENABLED": False, "URLLENGTH_LIMIT": 0, "DEPTH_LIMIT": 0,
    "DOWNLOAD_TIMEOUT": 0, "DOWNLOAD_MAXSIZE": 0, "DOWNLOAD_WARNSIZE": 0, "DOWNLOAD_DELAY": 0,
    "RANDOMIZE_DOWNLOAD_DELAY": False, "DEFAULT_REQUEST_HEADERS": {}, "USER_AGENT": None,
    "WARN_ON_GENERATOR_RETURN_VALUE": False, "CONCURRENT_ITEMS": 1,
    "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue",
    "DOWNLOAD_HANDLERS_BASE": {}, "DOWNLOAD_HANDLERS": {
        "http": "scrapy.core.downloader.handlers._aiohttp.AiohttpDownloadHandler"},
}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def next_pages(i: int, pages: int) -> range:
    """The listings page ``i`` links to (listing_site.listing)."""
    return range(ROWS * i + 1, min(ROWS * i + ROWS, pages - 1) + 1)


def components(crawler) -> dict:
    """How many downloader/spider middlewares, extensions and which stats class the crawl ran with."""
    engine = crawler.engine
    return {"downloader_middlewares": len(engine.downloader.middleware.middlewares),
            "spider_middlewares": len(engine.scraper.spidermw.middlewares),
            "extensions": len(crawler.extensions.middlewares), "stats": type(crawler.stats).__name__,
            "reactor": not crawler.settings.getbool("TWISTED_REACTOR_ENABLED") and "none" or "asyncio"}


class FloorSpider(scrapy.Spider):
    name = "floor"
    custom_settings = {
        "LOG_LEVEL": "WARNING",
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS": 64,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "CONCURRENT_ITEMS": 1,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True,
        "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
    }

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        if settings.getbool("FLOOR_TRIMMED"):
            settings.setdict(TRIMMED, priority="spider")

    def __init__(self, url: str, pages: str | int = 2000, out: str = "", **kwargs):
        super().__init__(**kwargs)
        self.base = url.rstrip("/")
        self.pages = int(pages)
        self.out = out
        self.seen = 0
        self.first_cpu = self.last_cpu = None

    async def start(self):
        self.first_cpu = cpu_seconds()
        self.first_wall = time.perf_counter()
        yield scrapy.Request(f"{self.base}/l/0/index.html", cb_kwargs={"i": 0})

    def parse(self, response, i: int):
        self.seen += 1
        self.last_cpu, self.last_wall = cpu_seconds(), time.perf_counter()
        for j in next_pages(i, self.pages):
            yield scrapy.Request(f"{self.base}/l/{j}/index.html", cb_kwargs={"i": j}, dont_filter=True)

    def closed(self, reason: str) -> None:
        crawl_cpu = (self.last_cpu or 0) - (self.first_cpu or 0)
        result = {"pages": self.seen, "reason": reason, "cpu": cpu_seconds(), "crawl_cpu": crawl_cpu,
                  "crawl_seconds": (self.last_wall - self.first_wall) if self.last_cpu else 0.0,
                  "ms_per_page": 1000 * crawl_cpu / self.seen if self.seen else None,
                  "components": components(self.crawler)}
        if self.out:
            with open(self.out, "w") as f:
                json.dump(result, f)
        else:
            print(json.dumps(result), flush=True)


def main() -> None:
    import argparse
    import sys
    import tempfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "benchmarks"))
    from crawl_bench import ListingSite, measure, pin

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--handler", choices=("twisted", "aiohttp"), default="twisted",
                        help="Scrapy's default HTTP handler or the aiohttp one duwang uses")
    parser.add_argument("--trimmed", action="store_true", help="everything optional off (TRIMMED; aiohttp)")
    parser.add_argument("--reactorless", action="store_true", help="with --trimmed: no Twisted reactor")
    args = parser.parse_args()
    variant = ("reactorless" if args.reactorless else "trimmed") if args.trimmed else args.handler
    site = ListingSite(args.pages)
    try:
        with tempfile.TemporaryDirectory(prefix="duwang-floor-") as d:
            m = run_floor(site.url, args.pages, Path(d), measure, pin, variant)
            m.pop("measured")
            print(json.dumps(m))
    finally:
        site.close()


# duwang's download handler (crawler/settings.py DOWNLOAD_HANDLERS): Scrapy's aiohttp one.
AIOHTTP = '{"http": "scrapy.core.downloader.handlers._aiohttp.AiohttpDownloadHandler"}'


VARIANTS = {  # command-line settings of each variant (the reactor is chosen before any spider loads)
    "twisted": [],
    "aiohttp": ["-s", f"DOWNLOAD_HANDLERS={AIOHTTP}"],
    "trimmed": ["-s", "FLOOR_TRIMMED=1", "-s", "LOG_LEVEL=ERROR"],
    "reactorless": ["-s", "FLOOR_TRIMMED=1", "-s", "LOG_LEVEL=ERROR", "-s", "TWISTED_REACTOR_ENABLED=False"],
}


def run_floor(url: str, pages: int, tmp, measure, pin, handler: str = "twisted") -> dict:
    """Run the floor spider pinned to core 0, outside the project (Scrapy's defaults + custom_settings),
    with Scrapy's default HTTP handler (``twisted``), the aiohttp one duwang uses (``aiohttp``), or
    everything optional off (``trimmed``, ``reactorless``: see TRIMMED)."""
    import sys
    from pathlib import Path

    out = Path(tmp) / f"floor-{handler}.json"
    extra = VARIANTS[handler]
    m = measure(pin(0) + [sys.executable, "-m", "scrapy", "runspider", str(Path(__file__).resolve()),
                          "-a", f"url={url}", "-a", f"pages={pages}", "-a", f"out={out}", *extra], cwd=Path(tmp))
    info = json.loads(out.read_text()) if out.exists() else {"pages": 0, "error": m.result.stderr[-300:]}
    return {**info, "tree_cpu": m.cpu, "seconds": m.secs, "rss": m.rss, "measured": m}


if __name__ == "__main__":
    main()
