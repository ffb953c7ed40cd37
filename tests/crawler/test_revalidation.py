"""Re-inspection: conditional requests, 304 reuse, changed and vanished pages, outages shown."""

from __future__ import annotations

import pytest

from crawler.demo import DemoServer, build_portal

from .conftest import rows, run_crawl

pytestmark = pytest.mark.slow


def _by_path(db, run_id, base):
    return {r["url"].replace(base, "/"): r for r in rows(
        db, "SELECT * FROM pages WHERE run_id = ?", [run_id])}


def test_second_run_revalidates_and_notices_changes(tmp_path):
    portal = build_portal(pages=400)
    db = tmp_path / "audit.db"
    with DemoServer(portal) as server:
        code, info, err = run_crawl(server.url, db)
        assert code == 0, err[-2000:]
        first_bytes = server.bytes_sent
        server.set_revision(2)
        code, info2, err = run_crawl(server.url, db)
        assert code == 0, err[-2000:]
        second_bytes = server.bytes_sent - first_bytes
        base = server.url
    assert info2[0]["run_id"] == 2 and not info2[0]["resumed"]
    one, two = _by_path(db, 1, base), _by_path(db, 2, base)
    changes = {c["path"]: c["change"] for c in portal.changes()}

    reused = {p for p, r in two.items() if r["revalidated"] == 1}
    assert len(reused) > 0.6 * len(one)
    assert not reused & {p for p, c in changes.items() if c != "added"}  # changed pages refetched
    for path in reused:  # a reused page keeps the stored content and metadata of run 1
        assert two[path]["content_hash"] == one[path]["content_hash"]
        assert two[path]["title"] == one[path]["title"]
        assert two[path]["bytes"] == 0
    removed = [p for p, c in changes.items() if c == "removed" and p in one]
    assert removed and all(two.get(p, {}).get("status") == 404 for p in removed)
    added = [p for p, c in changes.items() if c == "added"]
    assert added and any(p in two and two[p]["status"] == 200 for p in added)
    # Reused pages carry their rows (links, column items, documents) into the new run.
    assert rows(db, "SELECT count(*) AS n FROM links WHERE run_id = 2")[0]["n"] >= \
        0.6 * rows(db, "SELECT count(*) AS n FROM links WHERE run_id = 1")[0]["n"]
    assert second_bytes < 0.5 * first_bytes


def test_conditional_headers_sent_and_outage_not_hidden(tmp_path, site_server):
    state = {"down": False}
    page = "<html><head><title>栏目</title></head><body><div class='content'>正文</div></body></html>"

    def home(handler):
        if state["down"]:
            return 503, {"Content-Type": "text/html"}, "<h1>Service Unavailable</h1>"
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"',
                     "Last-Modified": "Wed, 18 Nov 2026 08:00:00 GMT"}, page

    site = site_server({"/": home, "/robots.txt": (404, {}, b"")})
    db = tmp_path / "audit.db"
    assert run_crawl(site.url, db)[0] == 0
    assert run_crawl(site.url, db)[0] == 0
    second = [h for (m, p, h) in site.requests if p == "/"][1]
    assert second.get("If-None-Match") == '"v1"'
    assert second.get("If-Modified-Since") == "Wed, 18 Nov 2026 08:00:00 GMT"
    assert "max-age=0" in second.get("Cache-Control", "")
    assert rows(db, "SELECT revalidated, status FROM pages WHERE run_id = 2")[0]["revalidated"] == 1

    state["down"] = True
    run_crawl(site.url, db, "DUWANG_RETRY_TIMES=0")
    third = rows(db, "SELECT status, revalidated, title FROM pages WHERE run_id = 3")[0]
    assert third["status"] == 503 and third["revalidated"] == 0  # the outage shows
    assert third["title"] != "栏目"  # the stored copy is not served in its place
