"""The Scrapy components a duwang crawl runs: no server of any kind, nothing per request that
duwang does not use, and every component a polite, correct crawler needs."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time

import psutil
from scrapy.utils.conf import build_component_list

from crawler.runner import base_settings

from .conftest import ROOT, html, ok, run_crawl

D = "scrapy.downloadermiddlewares."


def components(name: str) -> list[str]:
    return [c if isinstance(c, str) else f"{c.__module__}.{c.__name__}"
            for c in build_component_list(base_settings("x.db").getwithbase(name))]


def test_kept_components_a_correct_crawler_needs():
    mws = components("DOWNLOADER_MIDDLEWARES")
    for needed in (D + "downloadtimeout.DownloadTimeoutMiddleware", D + "useragent.UserAgentMiddleware",
                   D + "httpcompression.HttpCompressionMiddleware", D + "redirect.RedirectMiddleware",
                   "crawler.middlewares.metarefresh.MetaRefreshMiddleware", D + "cookies.CookiesMiddleware",
                   D + "httpproxy.HttpProxyMiddleware", "crawler.middlewares.robots.RobotsTxtMiddleware",
                   "crawler.middlewares.politeness.BackoffRetryMiddleware",
                   "crawler.middlewares.revalidation.RevalidationMiddleware"):
        assert needed in mws
    assert "scrapy.spidermiddlewares.referer.RefererMiddleware" in components("SPIDER_MIDDLEWARES")
    exts = components("EXTENSIONS")
    for needed in ("scrapy.extensions.corestats.CoreStats", "scrapy.extensions.closespider.CloseSpider",
                   "scrapy.extensions.throttle.AutoThrottle"):
        assert needed in exts


def test_unused_per_request_components_are_off():
    s = base_settings("x.db")
    mws = components("DOWNLOADER_MIDDLEWARES")
    assert D + "offsite.OffsiteMiddleware" not in mws
    assert D + "httpauth.HttpAuthMiddleware" not in mws
    assert not s.getbool("DOWNLOADER_STATS")  # the stats middleware raises NotConfigured
    assert "scrapy.spidermiddlewares.httperror.HttpErrorMiddleware" not in components("SPIDER_MIDDLEWARES")
    assert "scrapy.spidermiddlewares.start.StartSpiderMiddleware" not in components("SPIDER_MIDDLEWARES")
    # Scrapy's meta refresh decodes every page: duwang's subclass replaces it (not both)
    assert D + "redirect.MetaRefreshMiddleware" not in mws
    # one priority queue, not one per download slot
    assert s.get("SCHEDULER_PRIORITY_QUEUE") == "scrapy.pqueues.ScrapyPriorityQueue"
    exts = components("EXTENSIONS")
    for off in ("logcount.LogCount", "feedexport.FeedExporter", "spiderstate.SpiderState", "memusage.MemoryUsage",
                "logstats.LogStats", "telnet.TelnetConsole", "remote_control.RemoteControl"):
        assert "scrapy.extensions." + off not in exts


def test_a_crawl_listens_on_no_port(site_server):
    """Scrapy 2.19 starts a remote-control HTTP server by default and the telnet console listens
    too: a running duwang crawl must have no listening socket at all."""
    release = threading.Event()

    def slow(handler):  # keeps the crawl running while its sockets are looked at
        release.wait(20)
        return ok(html("<p>慢页面</p>"))

    site = site_server({"/": ok(html('<a href="/slow.html">慢</a>')), "/slow.html": slow})
    with tempfile.TemporaryDirectory() as d:
        cmd = [sys.executable, "-m", "crawler", site.url, "--store", f"{d}/audit.db", "--as-of", "2026-11-20",
               "--set", 'DUWANG_PROGRESS="off"', "--set", "ROBOTSTXT_OBEY=false"]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while "/slow.html" not in site.hits and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05)
            assert "/slow.html" in site.hits, proc.stderr.read() if proc.poll() is not None else "no request"
            listening = [c for c in psutil.Process(proc.pid).net_connections(kind="inet")
                         if c.status == psutil.CONN_LISTEN]
            assert listening == []
        finally:
            release.set()
            proc.wait(60)
    assert proc.returncode == 0


def test_the_crawl_keeps_its_connections_alive(site_server, tmp_path):
    """Pages are downloaded by crawler.handlers.AiohttpHandler, which keeps its connections to a
    host alive: 60 pages take at most CONCURRENT_REQUESTS_PER_DOMAIN (4) connections. Scrapy's
    Twisted handler opened a new connection for about every second request."""
    links = "".join(f'<a href="/p{i}.html">第{i}页</a>' for i in range(60))
    routes = {"/": ok(html(links, title="首页"))}
    routes.update({f"/p{i}.html": ok(html(f"<p>正文{i}</p>", title=f"页{i}")) for i in range(60)})
    site = site_server(routes)
    code, _info, err = run_crawl(site.url, tmp_path / "audit.db", "ROBOTSTXT_OBEY=false",
                                 "AUTOTHROTTLE_ENABLED=false", "DUWANG_CHECK_EXTERNAL=false")
    assert code == 0, err[-2000:]
    assert sum(site.hits.values()) == 61
    assert len(site.connections) <= 4, len(site.connections)


def test_the_crawl_writer_has_a_page_cache_beyond_sqlites_default(tmp_path):
    """SQLite's 2 MB page cache is outgrown by a run's indexes after a few thousand pages; the
    pipeline's connection gets DUWANG_STORE_CACHE_MB (0 leaves SQLite's default)."""
    from types import SimpleNamespace

    from crawler.pipelines import StorePipeline
    from crawler.store import Store

    db = tmp_path / "audit.db"
    Store(db).close()

    def cache_kib(settings: dict) -> int:
        s = base_settings(db)
        for k, v in settings.items():
            s.set(k, v, priority="cmdline")
        crawler = SimpleNamespace(settings=s, signals=SimpleNamespace(connect=lambda *a, **k: None),
                                  spider=SimpleNamespace(run_id=1))
        pipeline = StorePipeline.from_crawler(crawler)
        pipeline.open_spider()
        try:
            return -pipeline.store.db.conn.execute("PRAGMA cache_size").fetchone()[0]
        finally:
            pipeline.store.close()

    assert cache_kib({}) == 64 * 1024
    assert cache_kib({"DUWANG_STORE_CACHE_MB": 0}) == 2000  # SQLite's default: -2000 (KiB)
