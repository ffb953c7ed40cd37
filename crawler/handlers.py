"""The HTTP download handler of a crawl: Scrapy's aiohttp handler, built when first used.

Scrapy 2.19 ships two HTTP/1.1 handlers for the asyncio reactor: its Twisted one (``http11``, the
default) and an aiohttp one (``_aiohttp``, marked experimental). On the benchmark's listing site
the aiohttp one costs about a quarter less CPU per page with Scrapy doing nothing else
(``benchmarks/scrapy_floor.py``): Twisted's connection pool opens a new connection for about every
second request, aiohttp's keeps them alive. Errors come back as Scrapy's own exceptions
(``DownloadTimeoutError``, ``CannotResolveHostError``, ``DownloadConnectionRefusedError``, ...), which
``crawler.linkstate.reason_for`` names like Twisted's.

Two differences from Scrapy's class:

- ``lazy = True``: aiohttp's connector needs a running event loop, which ``CrawlerProcess`` has only
  once the reactor runs; Scrapy's class is built at crawler start (``lazy = False``) and would fail.
- ``experimental = False``: Scrapy's class logs "experimental" at WARNING on every start, which a
  quiet cron run must not print; the choice is made here, on purpose, once.

Setting ``DOWNLOAD_HANDLERS`` back to Scrapy's (``{"http": None, "https": None}`` in a config's
``[crawl]`` table) goes back to the Twisted handler.
"""

from __future__ import annotations

from typing import ClassVar

from scrapy.core.downloader.handlers._aiohttp import AiohttpDownloadHandler


class AiohttpHandler(AiohttpDownloadHandler):
    lazy: ClassVar[bool] = True
    experimental: ClassVar[bool] = False
