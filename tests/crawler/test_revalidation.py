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


def _run_rows(db, run_id):
    """What a run stored, without the times of the fetch."""
    return {
        "pages": {r["url"]: (r["status"], r["error"], r["revalidated"], r["kind"], r["title"],
                             r["content_hash"], r["column_url"]) for r in rows(
            db, "SELECT * FROM pages WHERE run_id = ?", [run_id])},
        "targets": {(r["url"], r["status"], r["state"], r["error"]) for r in rows(
            db, "SELECT * FROM targets WHERE run_id = ?", [run_id])},
        **{table: {tuple(r.values()) for r in rows(db, sql, [run_id])} for table, sql in {
            "links": "SELECT source_url, target_url, anchor, kind, hidden FROM links WHERE run_id = ?",
            "column_items": "SELECT column_url, url, title, date, source_url FROM column_items WHERE run_id = ?",
            "columns": "SELECT url, name, kind, item_count, newest_date, pages FROM columns WHERE run_id = ?",
            "documents": "SELECT url, title, doc_number, publish_date, attachments FROM documents WHERE run_id = ?",
            "requests": "SELECT url, method, body, kind, state FROM requests WHERE run_id = ?",
        }.items()},
    }


def test_prepass_stores_what_scrapy_alone_stores_and_asks_once_per_page(tmp_path):
    """The lean pre-pass is an optimisation only: the re-inspection it produces is the one
    Scrapy's own conditional requests produce, and no page is asked for twice."""
    portal = build_portal(pages=400)
    first = tmp_path / "first.db"
    with DemoServer(portal) as server:
        assert run_crawl(server.url, first)[0] == 0
        server.set_revision(2)
        stores = {}
        for prepass in (False, True):
            db = tmp_path / f"prepass-{prepass}.db"
            db.write_bytes(first.read_bytes())
            before = dict(server.hits)
            code, _, err = run_crawl(server.url, db, f"DUWANG_REVALIDATE_PREPASS={str(prepass).lower()}")
            assert code == 0, err[-2000:]
            stores[prepass] = _run_rows(db, 2)
        asked = {key: n - before.get(key, 0) for key, n in server.hits.items() if n > before.get(key, 0)}
        base = server.url
    without, with_prepass = stores[False], stores[True]
    assert with_prepass == without
    pages = with_prepass["pages"]
    assert sum(1 for p in pages.values() if p[2] == 1) > 0.6 * len(pages)  # most pages reused
    # Every stored page answered once (200, 304 or 404): the pre-pass's answer for a changed
    # page was the spider's download, not a second request. Retried and redirected ones aside.
    once = [url for url, p in pages.items() if p[0] in (200, 404)]
    assert once and all(asked.get(("GET", url.replace(base, "/")), 0) == 1 for url in once)


def test_a_changed_compressed_page_handed_over_by_the_prepass_is_stored_decoded(tmp_path, site_server):
    import gzip

    state = {"version": 1}

    def page(handler):
        etag = f'"v{state["version"]}"'
        if handler.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        body = f"<html><head><title>第{state['version']}版</title></head><body><div class='content'>" \
               f"正文第{state['version']}版</div></body></html>".encode()
        if "gzip" in handler.headers.get("Accept-Encoding", ""):
            return 200, {"Content-Type": "text/html; charset=utf-8", "ETag": etag,
                         "Content-Encoding": "gzip"}, gzip.compress(body)
        return 200, {"Content-Type": "text/html; charset=utf-8", "ETag": etag}, body

    site = site_server({"/": page, "/robots.txt": (404, {}, b"")})
    db = tmp_path / "audit.db"
    assert run_crawl(site.url, db)[0] == 0
    state["version"] = 2
    assert run_crawl(site.url, db)[0] == 0
    assert [h for (m, p, h) in site.requests if p == "/"][1].get("If-None-Match") == '"v1"'
    assert site.hits["/"] == 2  # the pre-pass's answer was the spider's download
    second = rows(db, "SELECT title, text, status, revalidated FROM pages WHERE run_id = 2")[0]
    assert second["status"] == 200 and second["revalidated"] == 0
    assert second["title"] == "第2版" and "正文第2版" in second["text"]
