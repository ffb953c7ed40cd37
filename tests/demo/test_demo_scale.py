"""A 20,000-page demo portal builds lazily (no page rendered until asked for), answers sampled
paths and stays small in memory."""

from __future__ import annotations

import random
import tracemalloc

from crawler.demo import build_portal
from crawler.demo.portal import Portal


def test_twenty_thousand_pages_lazily(monkeypatch):
    rendered = []
    render = Portal._render
    monkeypatch.setattr(Portal, "_render", lambda self, *a: rendered.append(a[1]) or render(self, *a))
    tracemalloc.start()
    portal = build_portal(pages=20000)
    assert rendered == []  # building renders nothing: each page is rendered when it is asked for
    assert portal.page_count() >= 20000
    paths = list(portal.paths())
    sample = random.Random(1).sample(paths, 300)
    for path in sample:
        status, headers, body = portal.respond("GET", path, {}, b"")
        assert status == 200, path
        assert int(headers["Content-Length"]) == len(body)
    assert len(rendered) == len(sample)  # one rendering per request, none for the pages not asked for
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 150 * 1024 * 1024, peak
    # The defects do not move with the scale.
    small = build_portal()
    assert [r["url"] for r in small.expected()] == [r["url"] for r in portal.expected()]
    status, _, body = portal.respond("GET", "/col/col1001/index.html", {}, b"")
    assert status == 200 and body.count(b"<record>") == 45
