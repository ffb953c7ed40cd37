"""A 20,000-page demo portal builds quickly, answers sampled paths and stays small in memory."""

from __future__ import annotations

import random
import time
import tracemalloc

from crawler.demo import build_portal


def test_twenty_thousand_pages_lazily():
    tracemalloc.start()
    started = time.perf_counter()
    portal = build_portal(pages=20000)
    built = time.perf_counter() - started
    assert built < 10
    assert portal.page_count() >= 20000
    paths = list(portal.paths())
    sample = random.Random(1).sample(paths, 300)
    for path in sample:
        status, headers, body = portal.respond("GET", path, {}, b"")
        assert status == 200, path
        assert int(headers["Content-Length"]) == len(body)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 150 * 1024 * 1024, peak
    # The defects do not move with the scale.
    small = build_portal()
    assert [r["url"] for r in small.expected()] == [r["url"] for r in portal.expected()]
    status, _, body = portal.respond("GET", "/col/col1001/index.html", {}, b"")
    assert status == 200 and body.count(b"<record>") == 45
