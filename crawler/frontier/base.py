"""What every frontier answers for the spider (see :mod:`crawler.frontier`).

A frontier entry is a dict with the columns of the store's ``requests`` table: url, depth,
referer, kind (page, proxy, check), method, body, meta (JSON). Admission is decided before a
request is queued, so the spider's requests carry ``dont_filter=True``.
"""

from __future__ import annotations

import json
from typing import Any

from ..urls import TrapGuard, canonical, same_page

Entry = dict[str, Any]


def entry(url: str, *, depth: int, referer: str, kind: str, method: str = "GET", body: str = "",
          meta: dict | None = None) -> Entry:
    return {"url": url, "depth": depth, "referer": referer, "kind": kind, "method": method,
            "body": body, "meta": json.dumps(meta or {}, ensure_ascii=False)}


def identity(url: str, *, kind: str, method: str) -> str:
    """The address a request is known by: a page GET by its same_page() identity (``/x/`` and
    ``/x/index.html`` are one page), anything else by its URL."""
    return same_page(url) if kind == "page" and method == "GET" else url


class Frontier:
    """The frontier of one run: admission, the page budget, the start, a 304's children.

    ``open(spider)`` is called once the spider knows its run (run_id, previous_run_id,
    resume, start_url); ``close()`` when it closes.
    """

    # True when every admitted entry must come back as one result of its own (the shared
    # frontier counts outstanding entries off one result at a time).
    one_result_per_entry = False

    def __init__(self, crawler):
        self.crawler = crawler
        self.max_pages = crawler.settings.getint("DUWANG_MAX_PAGES")
        self.traps: TrapGuard = TrapGuard()
        self.spider = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open(self, spider) -> None:
        self.spider = spider
        self.run_id = spider.run_id
        self.previous_run_id = spider.previous_run_id

    def close(self) -> None:
        pass

    # -- what the spider asks ------------------------------------------------------------
    def seeds(self, start: Entry) -> tuple[list[Entry], bool]:
        """The entries a run starts with, and whether they are new (to be stored as queued)."""
        raise NotImplementedError

    def admit(self, entries: list[Entry]) -> list[Entry]:
        """The entries not taken before, within DUWANG_MAX_PAGES; marks them taken."""
        raise NotImplementedError

    def known(self, method: str, url: str, body: str, kind: str) -> bool:
        """A cheap early answer: True when the entry was certainly taken before."""
        return False

    def claim_address(self, url: str) -> bool:
        """A redirected column page may be stored at ``url`` (not crawled there already)."""
        return True

    def address_of(self, url: str) -> str:
        """The URL a page is fetched at (``/x/`` and ``/x/index.html`` are one page)."""
        return canonical(url)

    def children(self, urls: list[str]) -> list[Entry]:
        """The previous run's entries discovered on ``urls`` (pages a 304 confirmed), admitted."""
        raise NotImplementedError

    def validators(self) -> dict[str, tuple[str, str]]:
        """url -> (ETag, Last-Modified) of the previous run's pages (empty on a first crawl)."""
        return {}

    def as_of(self) -> str | None:
        """The run's date, when the frontier knows it (list dates without a year)."""
        return None
