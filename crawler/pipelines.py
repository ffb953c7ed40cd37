"""StorePipeline: writes crawl results into the SQLite audit store.

Results are written in batches of ``DUWANG_FLUSH_EVERY``, one transaction per batch. A page's
rows, the frontier entries it discovered and the mark that it is done land in the same
transaction, so a run killed at any moment (SIGKILL included) resumes from a frontier that
agrees with what was stored: nothing lost, nothing fetched twice into the store.

Every text value is made storable first (:mod:`crawler.textsafe`). A write that fails all the
same (a full disk, an I/O error) stops the crawl: the spider is closed with the reason
``store_failed``, the runner marks the run ``interrupted``, and the next run resumes from the
last committed batch (the failed batch's pages are still queued in the frontier).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import defaultdict

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro

from .items import CheckItem, FrontierItem, PageItem, ProxyItem, Result, ReuseItem, UncheckedItem
from .store import TABLES, Store, physical
from .textsafe import storable_value

logger = logging.getLogger(__name__)

# The time of the copy, in the same ISO form as store.utcnow().
NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"

STORE_FAILED = "store_failed"  # the spider's close reason after a failed write
# What a failed write raises: SQLite's errors (disk full, I/O, locked past the timeout) and
# the encoder's, should a value slip past textsafe.
WRITE_ERRORS = (sqlite3.Error, UnicodeError, OSError)

def _insert_sql(table: str, verb: str = "INSERT OR REPLACE") -> tuple[str, list[str]]:
    cols = [name for name, _ in TABLES[table][0] if not (table in ("sites", "runs") and name == "id")]
    sql = f"{verb} INTO [{physical(table)}] ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    return sql, cols


class StoreWriter:
    """Turns crawl results (the typed items of :mod:`crawler.items`) into store rows for one run,
    written in batches.

    Used by :class:`StorePipeline` inside a crawl and by the distributed-mode coordinator,
    which drains the results that workers on other machines push to Redis.
    """

    def __init__(self, store: Store, run_id: int, flush_every: int = 200):
        self.store = store
        self.run_id = run_id
        self.flush_every = flush_every
        self.pending: dict[str, list[tuple]] = defaultdict(list)
        self.done: list[tuple] = []
        self.reuse: list[tuple[int, list[str]]] = []
        self.count = 0
        self.last_flush = time.monotonic()
        self.sql = {t: _insert_sql(t) for t in ("pages", "columns", "column_items", "documents", "targets")}
        self.sql["links"] = _insert_sql("links", "INSERT OR IGNORE")
        self.sql["requests"] = _insert_sql("requests", "INSERT OR IGNORE")

    def add(self, item: Result) -> None:
        """Turn one result (:mod:`crawler.items`) into rows, written with the next batch."""
        run_id = self.run_id
        if isinstance(item, FrontierItem):
            self._entries(item.entries)
            self.flush()  # the start URL must be durable before anything is fetched
            return
        if isinstance(item, PageItem):
            self._row("pages", item.page)
            if item.column:
                self._row("columns", item.column)
            for row in item.items:
                self._row("column_items", row)
            if item.document:
                self._row("documents", item.document)
            for row in item.links:
                self._row("links", row)
            self.done.append((run_id, item.url, "GET", ""))
        elif isinstance(item, ReuseItem):
            self.reuse.append((item.previous_run_id, item.urls))
            self.done.extend((run_id, url, "GET", "") for url in item.urls)
        elif isinstance(item, ProxyItem):
            for row in item.items:
                self._row("column_items", row)
            self.done.append((run_id, item.url, "POST", item.body or ""))
        elif isinstance(item, CheckItem):
            self.done.append((run_id, item.url, "GET", ""))
        elif isinstance(item, UncheckedItem):  # link checks beyond the budget (middlewares/checkbudget.py)
            for row in item.targets:
                self._row("targets", row)
            self.done.extend((run_id, url, "GET", "") for url in item.urls)
        else:
            raise TypeError(f"not a crawl result: {type(item).__name__}")
        if item.target:
            self._row("targets", item.target)
        self._entries(getattr(item, "entries", None) or [])
        self.count += 1
        if self.count % self.flush_every == 0 or time.monotonic() - self.last_flush > 5:
            self.flush()

    def _row(self, table: str, row: dict) -> None:
        _, cols = self.sql[table]
        self.pending[table].append([storable_value(row.get(c)) for c in cols])

    def _entries(self, entries: list[dict]) -> None:
        for e in entries:
            self._row("requests", {**e, "run_id": self.run_id, "state": "queued"})

    def flush(self) -> None:
        if not (self.pending or self.done or self.reuse):
            return
        conn = self.store.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Frontier first: a page's children are queued in the same transaction as the page.
            for table in ("requests", "pages", "columns", "column_items", "documents", "links", "targets"):
                rows = self.pending.get(table)
                if rows:
                    conn.executemany(self.sql[table][0], rows)
            for prev, urls in self.reuse:  # 304s: the run inherits the stored rows (no copy)
                self.store.reuse_pages(self.run_id, prev, urls)
            if self.done:
                conn.executemany(
                    "UPDATE requests SET state = 'done' WHERE run_id = ? AND url = ? AND method = ? "
                    "AND body = ?", self.done)
            conn.execute("COMMIT")
        except BaseException:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:  # a full disk can fail the rollback too; nothing was committed
                pass
            raise
        self.pending.clear()
        self.done.clear()
        self.reuse.clear()
        self.last_flush = time.monotonic()


class StorePipeline:
    """Scrapy item pipeline around :class:`StoreWriter` (``DUWANG_STORE``, ``DUWANG_FLUSH_EVERY``)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.path = crawler.settings.get("DUWANG_STORE")
        self.flush_every = crawler.settings.getint("DUWANG_FLUSH_EVERY", 200)
        self.cache_mb = crawler.settings.getint("DUWANG_STORE_CACHE_MB", 0)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        self.store = Store(self.path)
        if self.cache_mb > 0:
            # SQLite's default page cache is 2 MB: once the run's indexes outgrow it, every batch
            # reads their pages back from the OS. Negative: KiB, not pages.
            self.store.db.conn.execute(f"PRAGMA cache_size = {-self.cache_mb * 1024}")
        self.writer = StoreWriter(self.store, self.crawler.spider.run_id, self.flush_every)
        self.failed: str | None = None

    def close_spider(self):
        if self.failed is None:
            self._guard(self.writer.flush)
        self.store.close()

    def spider_idle(self):
        if self.failed is None:
            self._guard(self.writer.flush)

    def process_item(self, item):
        if self.failed is None:  # after a failed write nothing more is kept: it is fetched again
            self._guard(self.writer.add, item)
        return None  # items are not passed on: nothing downstream needs them

    def _guard(self, write, *args) -> None:
        try:
            write(*args)
        except WRITE_ERRORS as e:
            self._stop(e)

    def _stop(self, error: BaseException) -> None:
        """A write failed: record why and close the spider (the run stays resumable)."""
        self.failed = f"{type(error).__name__}: {error}"
        self.writer.pending.clear()
        self.writer.done.clear()
        self.writer.reuse.clear()
        stats = self.crawler.stats
        stats.set_value("duwang/store_failed", self.failed)
        logger.error("写入审计库 %s 失败 (%s); 抓取已停止, 已保存的内容不会丢失。"
                     "请检查磁盘空间后再次运行同一命令继续 (the run is interrupted and resumable)",
                     self.path, self.failed)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=STORE_FAILED))
