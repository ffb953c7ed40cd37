"""Run crawls: one Scrapy crawler per site, all sites in one process.

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
from .store import Store

logger = logging.getLogger(__name__)


@dataclass
class SiteRun:
    site_id: int
    run_id: int
    resumed: bool
    status: str = "running"  # finished | interrupted after the crawl
    reason: str = ""  # why an interrupted crawl stopped (the spider's close reason)


def base_settings(store_path: str | Path, overrides: dict[str, Any] | None = None) -> Settings:
    s = Settings()
    s.setmodule(default_settings, priority="project")
    s.set("DUWANG_STORE", str(store_path), priority="project")
    for key, value in (overrides or {}).items():
        s.set(key, value, priority="cmdline")
    return s


def crawler_process(settings: Settings) -> CrawlerProcess:
    """A CrawlerProcess that leaves the root logger to duwang's command line."""
    from scrapy.settings import default_settings as scrapy_defaults

    if hasattr(scrapy_defaults, "LOG_INSTALL_ROOT_HANDLER"):  # newer Scrapy: a setting
        settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
        return CrawlerProcess(settings)
    return CrawlerProcess(settings, install_root_handler=False)


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
            store.db["runs"].update(open_run["id"], {"status": "running", "as_of": as_of})
            runs.append(SiteRun(site_id, open_run["id"], resumed=True))
        else:
            if not resume:
                for stale in store.query("SELECT id FROM runs WHERE site_id = ? AND status IN "
                                         "('running', 'interrupted')", [site_id]):
                    store.db["runs"].update(stale["id"], {"status": "abandoned"})
            run_id = store.start_run(site_id, as_of=as_of, settings=site.get("crawl", {}))
            runs.append(SiteRun(site_id, run_id, resumed=False))
    return runs


def crawl_sites(store_path: str | Path, sites: list[dict], *, as_of: str,
                settings: dict[str, Any] | None = None, resume: bool = True) -> list[SiteRun]:
    """Crawl every site into the store; returns one SiteRun per site (same order).

    ``sites``: dicts with name, start_url, host, site_code, unit, hosts, and ``crawl`` (Scrapy
    settings overriding ``settings`` for that site).
    """
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
            run.status, run.reason = "interrupted", _store_failed_message(str(e))
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
                store.db["runs"].update(run.run_id, {"settings": _note(store, run.run_id, note)})
    except sqlite3.Error as e:  # the run stays 'running' or 'interrupted': resumable
        run.status, run.reason = "interrupted", _store_failed_message(str(e))
        logger.error("无法记录运行 %s 的结果 (%s); 再次运行同一命令即可继续", run.run_id, e)


# Stats the crawl sets that the report must explain (why little was crawled).
NOTES = ("site_blocked", "robots_unavailable", "links_unchecked", "offsite_redirect")


def _note(store: Store, run_id: int, note: str) -> str:
    import json

    data = json.loads(store.run(run_id)["settings"] or "{}")
    data.setdefault("notes", []).append(note)
    return json.dumps(data, ensure_ascii=False)


def close_crawl(store: Store, run: SiteRun, *, finished: bool) -> None:
    """Aggregate the run's columns and record whether its crawl finished (else: resumable)."""
    finalize_run(store, run.run_id)
    run.status = "finished" if finished else "interrupted"
    if not finished:
        store.db["runs"].update(run.run_id, {"status": "interrupted"})


def finalize_run(store: Store, run_id: int) -> None:
    """Aggregate each column's items across all its pages (TRS pager, Hanweb proxy)."""
    store.db.execute(
        """
        UPDATE columns SET
          item_count = (SELECT count(DISTINCT ci.url) FROM column_items ci
                        WHERE ci.run_id = columns.run_id AND ci.column_url = columns.url),
          newest_date = (SELECT max(ci.date) FROM column_items ci
                         WHERE ci.run_id = columns.run_id AND ci.column_url = columns.url),
          pages = (SELECT count(*) FROM pages p
                   WHERE p.run_id = columns.run_id AND p.column_url = columns.url
                     AND p.kind IN ('home', 'listing', 'nav', 'unverifiable'))
        WHERE run_id = ?
        """, [run_id])
