"""Run crawls: one Scrapy crawler per site, all sites in one (child) process.

Each site gets its own crawler (its own scheduler, download slots and politeness state), so
a slow or dead portal never stalls the others. Runs are resumable: a site whose newest run
did not finish (killed, interrupted) continues that run from its SQLite frontier.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from . import settings as default_settings
from .child import run_in_child
from .runs import RunStatus
from .store import TABLES, Store

logger = logging.getLogger(__name__)


@dataclass
class SiteRun:
    site_id: int
    run_id: int
    resumed: bool
    status: RunStatus = RunStatus.RUNNING  # the crawl's outcome: FINISHED | INTERRUPTED
    reason: str = ""  # why an interrupted crawl stopped (the spider's close reason)


def base_settings(store_path: str | Path, overrides: dict[str, Any] | None = None) -> Settings:
    s = Settings()
    s.setmodule(default_settings, priority="project")
    s.set("DUWANG_STORE", str(store_path), priority="project")
    for key, value in (overrides or {}).items():
        s.set(key, value, priority="cmdline")
    return s


def crawler_process(settings: Settings) -> CrawlerProcess:
    """A CrawlerProcess that leaves the root logger to duwang's command line.

    Scrapy sets the ``scrapy`` logger to DEBUG when the process starts (its default logging
    config); it is put back to ``LOG_LEVEL`` so that a quiet run stays quiet.
    """
    from scrapy.settings import default_settings as scrapy_defaults

    if hasattr(scrapy_defaults, "LOG_INSTALL_ROOT_HANDLER"):  # newer Scrapy: a setting
        settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
        process = CrawlerProcess(settings)
    else:
        process = CrawlerProcess(settings, install_root_handler=False)
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL") or "WARNING")
    return process


def prepare_runs(store: Store, sites: list[dict], *, as_of: str, resume: bool = True) -> list[SiteRun]:
    """Create (or pick up, when resuming) one run per site."""
    runs = []
    for site in sites:
        site_id = store.upsert_site(name=site["name"], start_url=site["start_url"],
                                    host=site["host"], site_code=site.get("site_code", ""),
                                    unit=site.get("unit", ""))
        site["id"] = site_id
        open_run = store.resumable_run(site_id) if resume else None
        if open_run:
            if open_run["as_of"] != as_of:
                logger.warning("resuming run %s of %s, started with as-of %s (now %s)",
                               open_run["id"], site["name"], open_run["as_of"], as_of)
            store.resume_run(open_run["id"], as_of=as_of)
            runs.append(SiteRun(site_id, open_run["id"], resumed=True))
        else:
            if not resume:
                store.abandon_open_runs(site_id)
            run_id = store.start_run(site_id, as_of=as_of, settings=site.get("crawl", {}))
            runs.append(SiteRun(site_id, run_id, resumed=False))
    return runs


def crawl_sites(store_path: str | Path, sites: list[dict], *, as_of: str,
                settings: dict[str, Any] | None = None, resume: bool = True) -> list[SiteRun]:
    """Crawl every site into the store; returns one SiteRun per site (same order).

    ``sites``: dicts with name, start_url, host, site_code, unit, hosts, and ``crawl`` (Scrapy
    settings overriding ``settings`` for that site). The crawl runs in a child process
    (``crawler.child``): its memory goes back to the system before the rules start, and this
    process can crawl again later (Twisted's reactor starts once per process).
    """
    return run_in_child(crawl_here, store_path, sites, as_of=as_of, settings=settings, resume=resume)


def crawl_here(store_path: str | Path, sites: list[dict], *, as_of: str,
               settings: dict[str, Any] | None = None, resume: bool = True) -> list[SiteRun]:
    """``crawl_sites`` in this process (once per process: Scrapy's reactor cannot restart)."""
    from .spiders.portal import PortalSpider

    store = Store(store_path)
    try:
        runs = prepare_runs(store, sites, as_of=as_of, resume=resume)
    finally:
        store.close()
    process = crawler_process(base_settings(store_path, settings))
    crawlers = []
    for i, (site, run) in enumerate(zip(sites, runs)):
        site_settings = base_settings(store_path, {**(settings or {}), **site.get("crawl", {})})
        # Per-site politeness and caps; the first crawler installs Scrapy's reactor.
        crawler = Crawler(PortalSpider, site_settings, init_reactor=i == 0)
        prev = None
        store = Store(store_path)
        try:
            prev = store.run(run.run_id)["previous_run_id"]
        finally:
            store.close()
        process.crawl(crawler, site={k: v for k, v in site.items() if k != "crawl"},
                      run_id=run.run_id, previous_run_id=prev, resume=run.resumed)
        crawlers.append(crawler)
    process.start()
    try:
        store = Store(store_path)
    except sqlite3.Error as e:  # the disk is still full: every run stays resumable
        for run in runs:
            run.status, run.reason = RunStatus.INTERRUPTED, _store_failed_message(str(e))
        return runs
    try:
        for crawler, run in zip(crawlers, runs):
            _record(store, crawler, run)
    finally:
        store.close()
    return runs


def _store_failed_message(error: str) -> str:
    return (f"写入审计库失败 ({error}); 已保存的内容不会丢失, "
            "释放磁盘空间后再次运行同一命令即可继续")


def _record(store: Store, crawler: Crawler, run: SiteRun) -> None:
    """Record how the site's crawl ended: finished only if everything it fetched is stored."""
    stats = crawler.stats
    reason = (stats.get_value("finish_reason") if stats else None) or "not_started"
    store_failed = stats.get_value("duwang/store_failed") if stats else None
    finished = reason in ("finished", "closespider_pagecount") and not store_failed
    run.reason = "" if finished else (_store_failed_message(store_failed) if store_failed else reason)
    try:
        close_crawl(store, run, finished=finished)
        for note in NOTES:
            if stats and stats.get_value(f"duwang/{note}"):
                store.note_run(run.run_id, note)
    except sqlite3.Error as e:  # the run stays running or interrupted: resumable
        run.status, run.reason = RunStatus.INTERRUPTED, _store_failed_message(str(e))
        logger.error("无法记录运行 %s 的结果 (%s); 再次运行同一命令即可继续", run.run_id, e)


# Stats the crawl sets that the report must explain (why little was crawled).
NOTES = ("site_blocked", "robots_unavailable", "links_unchecked", "offsite_redirect")


def close_crawl(store: Store, run: SiteRun, *, finished: bool) -> None:
    """Aggregate the run's columns and record whether its crawl finished (else: resumable)."""
    finalize_run(store, run.run_id)
    run.status = RunStatus.FINISHED if finished else RunStatus.INTERRUPTED
    if not finished:  # a finished crawl's run stays running until its rules ran (Store.finish_run)
        store.interrupt_run(run.run_id)


def share_unchanged_items(store: Store, run_id: int) -> int:
    """Column items fetched again (Hanweb proxy pages are never revalidated) that are the same as
    the previous run's: the run inherits the previous rows instead of keeping a second copy.

    Returns the number of item pages shared. Their space is reused by the next run.
    """
    row = store.db.execute("SELECT previous_run_id FROM runs WHERE id = ?", [run_id]).fetchone()
    prev = row[0] if row else None
    if not prev:
        return 0
    conn = store.db.conn
    for name in ("same_items", "cand", "prev_items"):
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    conn.execute("CREATE TEMP TABLE same_items (source_url TEXT PRIMARY KEY)")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # The run's own item pages, and the previous run's rows for them (own or inherited), in
        # keyed temporary tables: every step is a keyed lookup, never a scan of the other run.
        conn.execute("CREATE TEMP TABLE cand (source_url TEXT PRIMARY KEY, n INTEGER)")
        conn.execute("INSERT INTO temp.cand SELECT o.source_url, count(*) FROM stored_column_items o "
                     "WHERE o.run_id = ? AND o.source_url IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reused r "
                     "WHERE r.run_id = o.run_id AND r.url = o.source_url) GROUP BY o.source_url", [run_id])
        conn.execute("CREATE TEMP TABLE prev_items (source_url TEXT, column_url TEXT, url TEXT, title TEXT, "
                     "date TEXT, PRIMARY KEY (source_url, column_url, url))")
        conn.execute("INSERT OR IGNORE INTO temp.prev_items SELECT s.source_url, s.column_url, s.url, s.title, "
                     "s.date FROM temp.cand c JOIN stored_column_items s ON s.run_id = ? "
                     "AND s.source_url = c.source_url", [prev])
        conn.execute("INSERT OR IGNORE INTO temp.prev_items SELECT s.source_url, s.column_url, s.url, s.title, "
                     "s.date FROM temp.cand c JOIN reused r ON r.run_id = ? AND r.url = c.source_url "
                     "JOIN stored_column_items s ON s.run_id = r.origin_run_id AND s.source_url = c.source_url",
                     [prev])
        # A source page counts as unchanged when every row matches one of the previous run's
        # and both runs have as many rows for it.
        conn.execute(
            "INSERT INTO temp.same_items SELECT c.source_url FROM temp.cand c "
            "WHERE c.n = (SELECT count(*) FROM temp.prev_items p WHERE p.source_url = c.source_url) "
            "AND c.n = (SELECT count(*) FROM stored_column_items o JOIN temp.prev_items p "
            "ON p.source_url = o.source_url AND p.column_url = o.column_url AND p.url = o.url "
            "AND p.title IS o.title AND p.date IS o.date WHERE o.run_id = ? AND o.source_url = c.source_url)",
            [run_id])
        conn.execute(
            "INSERT OR REPLACE INTO reused (run_id, url, origin_run_id) "
            "SELECT ?, m.source_url, COALESCE(r.origin_run_id, ?) FROM temp.same_items m "
            "LEFT JOIN reused r ON r.run_id = ? AND r.url = m.source_url", [run_id, prev, prev])
        conn.execute("DELETE FROM stored_column_items WHERE run_id = ? AND source_url IN "
                     "(SELECT source_url FROM temp.same_items)", [run_id])
        shared = conn.execute("SELECT count(*) FROM temp.same_items").fetchone()[0]
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        for name in ("same_items", "cand", "prev_items"):
            conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    return shared


def finalize_run(store: Store, run_id: int) -> None:
    """Aggregate each column's items across all its pages (TRS pager, Hanweb proxy).

    One grouped pass over the run's column items and one over its pages (both served by an
    index on ``(run_id, column_url)``) into temporary tables keyed by column, then one keyed
    lookup per column: O(n log n), where correlated subqueries over ``pages`` were
    O(columns x pages).
    """
    conn = store.db.conn
    conn.execute("DROP TABLE IF EXISTS temp.agg_items")
    conn.execute("DROP TABLE IF EXISTS temp.agg_pages")
    conn.execute("CREATE TEMP TABLE agg_items (column_url TEXT PRIMARY KEY, n INTEGER, newest TEXT)")
    conn.execute("CREATE TEMP TABLE agg_pages (column_url TEXT PRIMARY KEY, n INTEGER)")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # (run_id, column_url, url) is the key of column_items (own and inherited rows alike):
        # count(*) is the count of distinct items. The view's two halves (crawler.schema.view_ddl)
        # are written out and grouped apart: the run's own rows are one range of the primary key,
        # already in column order (no temporary B-tree); the inherited ones, few on a first crawl,
        # are added to their column's figures.
        conn.execute(
            "INSERT INTO temp.agg_items SELECT column_url, count(*), max(date) FROM stored_column_items "
            "WHERE run_id = ? AND column_url IS NOT NULL GROUP BY column_url", [run_id])
        conn.execute(
            "INSERT INTO temp.agg_items SELECT s.column_url, count(*), max(s.date) FROM reused r "
            "JOIN stored_column_items s ON s.run_id = r.origin_run_id AND s.source_url = r.url "
            "WHERE r.run_id = ?1 AND s.column_url IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stored_column_items o "
            "WHERE o.run_id = r.run_id AND o.column_url = s.column_url AND o.url = s.url) "
            "GROUP BY s.column_url ON CONFLICT (column_url) DO UPDATE SET n = n + excluded.n, "
            "newest = CASE WHEN newest IS NULL THEN excluded.newest WHEN excluded.newest IS NULL THEN newest "
            "ELSE max(newest, excluded.newest) END", [run_id])
        # Pages likewise: the own half by the (run_id, column_url) index, then the inherited half.
        kinds = "('home', 'listing', 'nav', 'unverifiable')"
        conn.execute(
            "INSERT INTO temp.agg_pages SELECT column_url, count(*) FROM stored_pages WHERE run_id = ? "
            f"AND column_url IS NOT NULL AND kind IN {kinds} GROUP BY column_url", [run_id])
        conn.execute(
            "INSERT INTO temp.agg_pages SELECT s.column_url, count(*) FROM reused r "
            "JOIN stored_pages s ON s.run_id = r.origin_run_id AND s.url = r.url "
            f"WHERE r.run_id = ?1 AND s.column_url IS NOT NULL AND s.kind IN {kinds} AND NOT EXISTS "
            "(SELECT 1 FROM stored_pages o WHERE o.run_id = r.run_id AND o.url = s.url) "
            "GROUP BY s.column_url ON CONFLICT (column_url) DO UPDATE SET n = n + excluded.n", [run_id])
        # Columns the run inherited from an earlier run (unchanged first page) get a row of their
        # own only when their figures changed (another of their pages did); the others stay shared.
        cols = [c for c, _ in TABLES["columns"][0]]
        figures = {"run_id": "r.run_id", "item_count": "COALESCE(a.n, 0)", "newest_date": "a.newest",
                   "pages": "COALESCE(g.n, 0)"}
        conn.execute(
            f"INSERT INTO stored_columns ({', '.join(cols)}) "
            f"SELECT {', '.join(figures.get(c, 's.' + c) for c in cols)} FROM reused r "
            "JOIN stored_columns s ON s.run_id = r.origin_run_id AND s.url = r.url "
            "LEFT JOIN temp.agg_items a ON a.column_url = s.url "
            "LEFT JOIN temp.agg_pages g ON g.column_url = s.url "
            "WHERE r.run_id = ? AND NOT EXISTS (SELECT 1 FROM stored_columns o "
            "WHERE o.run_id = r.run_id AND o.url = s.url) AND (s.item_count IS NOT COALESCE(a.n, 0) "
            "OR s.newest_date IS NOT a.newest OR s.pages IS NOT COALESCE(g.n, 0))", [run_id])
        conn.execute(
            """
            UPDATE stored_columns SET
              item_count = COALESCE((SELECT n FROM temp.agg_items a WHERE a.column_url = stored_columns.url), 0),
              newest_date = (SELECT newest FROM temp.agg_items a WHERE a.column_url = stored_columns.url),
              pages = COALESCE((SELECT n FROM temp.agg_pages a WHERE a.column_url = stored_columns.url), 0)
            WHERE run_id = ?
            """, [run_id])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.agg_items")
        conn.execute("DROP TABLE IF EXISTS temp.agg_pages")
    share_unchanged_items(store, run_id)
    store.analyze()  # the rules' queries are planned on this run's figures (Store.analyze)
