"""The workers' frontier reads the previous run the coordinator published in Redis."""

from __future__ import annotations

import pytest
import redis
from scrapy.settings import Settings

from crawler.distributed.frontier import RedisFrontier
from crawler.distributed.keys import SharedAudit
from crawler.frontier.sqlite import previous_run
from crawler.store import Store

pytestmark = pytest.mark.redis


def _frontier(redis_url, run_id, previous_run_id, max_pages=100):
    settings = Settings({"REDIS_URL": redis_url, "DUWANG_AUDIT_KEY": "k1", "DUWANG_MAX_PAGES": max_pages,
                         "SCHEDULER_DUPEFILTER_KEY": "duwang:%(spider)s:dupefilter"})
    crawler = type("C", (), {"settings": settings})()
    spider = type("S", (), {"run_id": run_id, "previous_run_id": previous_run_id, "resume": False,
                            "name": f"portal-k1-{run_id}", "settings": settings})()
    frontier = RedisFrontier.from_crawler(crawler)
    frontier.open(spider)
    return frontier


def _row(url, referer="", kind="page", depth=1):
    return {"url": url, "depth": depth, "referer": referer, "kind": kind, "method": "GET", "body": "",
            "meta": "{}", "state": "done"}


def test_published_previous_run_gives_seeds_validators_and_children(tmp_path, redis_url):
    home, col, art, ext = ("http://a.gov.cn/", "http://a.gov.cn/col/", "http://a.gov.cn/col/1.html",
                           "http://b.cn/")
    with Store(tmp_path / "audit.db") as store:
        site = store.upsert_site(name="示范县", start_url=home, host="a.gov.cn")
        prev = store.start_run(site, as_of="2026-11-13")
        store.insert_rows("requests", [{**_row(home, depth=0), "run_id": prev},
                                       {**_row(col, home), "run_id": prev},
                                       {**_row(art, col), "run_id": prev},
                                       {**_row(ext, col, kind="check"), "run_id": prev}])
        store.insert_rows("pages", [{"run_id": prev, "site_id": site, "url": u, "status": 200,
                                     "etag": f'"{n}"', "last_modified": ""} for n, u in enumerate((home, col))])
        published = previous_run(store, prev)
    shared = SharedAudit(redis.Redis.from_url(redis_url), "k1")
    shared.publish(9, {"site": {}}, published)

    frontier = _frontier(redis_url, 9, prev)
    assert frontier.validators() == {home: ('"0"', ""), col: ('"1"', "")}
    seeds, new = frontier.seeds({**_row(home, depth=0), "referer": ""})
    assert new and [e["url"] for e in seeds] == [home, col, art]
    assert shared.pending(9) == 3  # the start URL (published) and the two previous pages
    # a 304 for the column page: its children come back, the pages already taken are not queued twice
    assert [e["url"] for e in frontier.children([col])] == [ext]
    assert shared.pending(9) == 4
    assert _frontier(redis_url, 9, prev).seeds({**_row(home, depth=0), "referer": ""}) == ([], False)
    shared.retire()
    assert redis.Redis.from_url(redis_url).keys("duwang:*") == []
