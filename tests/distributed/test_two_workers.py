"""Two workers share one Redis frontier: every page fetched exactly once, nothing lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import redis

from crawler.demo import DEMO_AS_OF, DemoServer, build_portal
from crawler.store import Store

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.redis, pytest.mark.slow]


def _audit(url: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "audits.cli", "audit", url, "--out", str(out),
         "--as-of", DEMO_AS_OF.isoformat(), "--quiet", *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=600)


def _stored(out: Path) -> tuple[set[str], int]:
    with Store(out / "audit.db", create=False) as store:
        pages = {r["url"] for r in store.query("SELECT url FROM pages")}
        queued = next(store.query("SELECT count(*) AS n FROM requests WHERE state != 'done'"))["n"]
    return pages, queued


def test_two_workers_fetch_every_page_exactly_once(tmp_path, redis_url):
    portal = build_portal(pages=400)
    with DemoServer(portal) as alone_server:
        alone = _audit(alone_server.url, tmp_path / "alone")
        alone_hits = dict(alone_server.hits)
    assert alone.returncode in (0, 1), alone.stderr[-2000:]
    alone_pages, _ = _stored(tmp_path / "alone")

    with DemoServer(portal) as server:
        proc = _audit(server.url, tmp_path / "shared", "--redis", redis_url, "--workers", "2")
        hits = dict(server.hits)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    assert proc.stderr.count("worker serving audit") == 2, proc.stderr[-3000:]

    shared_pages, queued = _stored(tmp_path / "shared")
    assert queued == 0  # nothing lost: every frontier entry has its result in the store
    # Same site, same pages, whichever worker fetched them (URLs differ only by port).
    strip = lambda urls, base: {u.replace(base, "/") for u in urls}  # noqa: E731
    assert strip(shared_pages, server.url) == strip(alone_pages, alone_server.url)

    # Exactly once: two workers send each request as often as one crawler alone does (once,
    # or the same retries and redirects for the planted 403/429/503 pages and the loop).
    # Each worker process reads robots.txt for itself.
    requests = {k for k in alone_hits if k[1] != "/robots.txt"} | {k for k in hits if k[1] != "/robots.txt"}
    differ = {k: (alone_hits.get(k, 0), hits.get(k, 0)) for k in requests if alone_hits.get(k, 0) != hits.get(k, 0)}
    assert not differ
    assert sum(1 for k, n in hits.items() if n == 1) > 300

    # The coordinator cleans up after a finished audit.
    server_keys = redis.Redis.from_url(redis_url).keys("duwang:*")
    assert server_keys == []
