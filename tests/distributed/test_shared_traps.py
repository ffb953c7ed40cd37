"""The URL-trap guard is shared by all workers of a run (a real redis-server)."""

from __future__ import annotations

import redis

from crawler.distributed.keys import SharedAudit
from crawler.distributed.traps import SharedTrapGuard
from crawler.urls import TrapGuard


def test_two_workers_together_admit_the_single_process_number_of_variants(redis_url):
    shared = SharedAudit(redis.Redis.from_url(redis_url, decode_responses=True), "test-audit")
    shared.publish(7, {"site": {}})
    shared.publish(8, {"site": {}})
    one, two = SharedTrapGuard(shared, 7, max_query_variants=5), SharedTrapGuard(shared, 7, max_query_variants=5)
    alone = TrapGuard(max_query_variants=5)
    urls = [f"http://county.gov.cn/calendar?month={m}" for m in range(12)]

    admitted = [url for i, url in enumerate(urls) if (one, two)[i % 2].reason(url) is None]
    assert admitted == [url for url in urls if alone.reason(url) is None] == urls[:5]
    # An admitted variant stays admitted for any worker; a refused one stays refused.
    assert two.reason(urls[0]) is None and one.reason(urls[1]) is None
    assert one.reason(urls[7]) == two.reason(urls[8]) == "query_trap"
    # Other paths have their own count; other runs their own keys.
    assert one.reason("http://county.gov.cn/search?q=1") is None
    assert SharedTrapGuard(shared, 8, max_query_variants=5).reason(urls[9]) is None

    shared.retire()
    assert shared.server.keys("duwang:test-audit:*") == []
