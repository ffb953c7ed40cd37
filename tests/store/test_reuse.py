"""A re-inspection inherits the rows of unchanged pages instead of copying them."""

from __future__ import annotations

from crawler.store import INHERITED, Store

PAGE = "http://a/zwgk/1.html"
OTHER = "http://a/zwgk/2.html"


def _first_run(store: Store) -> None:
    store.insert_rows("pages", [
        {"run_id": 1, "site_id": 1, "url": u, "status": 200, "bytes": 900, "revalidated": 0,
         "fetched_at": "2026-11-01T00:00:00+00:00", "kind": "article", "title": u, "text": "正文" + u,
         "etag": '"e"'} for u in (PAGE, OTHER)])
    store.insert_rows("links", [{"run_id": 1, "site_id": 1, "source_url": u, "target_url": "http://a/x",
                                 "kind": "internal", "hidden": 0} for u in (PAGE, OTHER)])
    store.insert_rows("column_items", [{"run_id": 1, "column_url": "http://a/zwgk/", "url": "http://a/i",
                                        "source_url": PAGE, "date": "2026-10-01"}])
    store.insert_rows("documents", [{"run_id": 1, "site_id": 1, "url": PAGE, "doc_number": "示政发〔2026〕1号"}])
    store.insert_rows("targets", [{"run_id": 1, "url": u, "status": 200, "state": "ok",
                                   "checked_at": "2026-11-01T00:00:00+00:00"} for u in (PAGE, OTHER)])


def _stored(store: Store) -> dict[str, int]:
    return {t: next(store.query(f"SELECT count(*) AS n FROM stored_{t}"))["n"] for t in INHERITED}


def test_a_reused_page_shows_under_the_new_run_without_a_copy(tmp_path):
    with Store(tmp_path / "audit.db") as store:
        _first_run(store)
        before = _stored(store)
        store.db["runs"].insert({"id": 2, "site_id": 1, "started_at": "2026-11-08T00:00:00+00:00"})
        store.reuse_pages(2, 1, [PAGE, OTHER])
        assert _stored(store) == before  # nothing copied
        page = next(store.query("SELECT * FROM pages WHERE run_id = 2 AND url = ?", [PAGE]))
        assert (page["text"], page["bytes"], page["revalidated"], page["fetched_at"]) == (
            "正文" + PAGE, 0, 1, "2026-11-08T00:00:00+00:00")
        assert [r["source_url"] for r in store.query(
            "SELECT * FROM links WHERE run_id = 2 AND target_url = 'http://a/x' ORDER BY source_url")] == [PAGE, OTHER]
        row = next(store.query("SELECT doc_number FROM documents WHERE run_id = 2"))
        assert row["doc_number"] == "示政发〔2026〕1号"
        assert [r["url"] for r in store.query("SELECT url FROM column_items WHERE run_id = 2")] == ["http://a/i"]
        target = next(store.query("SELECT * FROM targets WHERE run_id = 2 AND url = ?", [PAGE]))
        assert target["checked_at"] == "2026-11-08T00:00:00+00:00"
        # The first run is untouched.
        assert next(store.query("SELECT bytes FROM pages WHERE run_id = 1 AND url = ?", [PAGE]))["bytes"] == 900


def test_a_chain_of_unchanged_runs_points_at_the_run_that_stored_the_rows(tmp_path):
    with Store(tmp_path / "audit.db") as store:
        _first_run(store)
        store.reuse_pages(2, 1, [PAGE])
        store.reuse_pages(3, 2, [PAGE])
        assert [r["origin_run_id"] for r in store.query("SELECT * FROM reused ORDER BY run_id")] == [1, 1]
        assert next(store.query("SELECT title FROM pages WHERE run_id = 3"))["title"] == PAGE


def test_a_run_s_own_row_hides_the_inherited_one(tmp_path):
    with Store(tmp_path / "audit.db") as store:
        _first_run(store)
        store.reuse_pages(2, 1, [PAGE, OTHER])
        store.insert_rows("pages", [{"run_id": 2, "site_id": 1, "url": OTHER, "status": 200, "text": "新"}])
        rows = list(store.query("SELECT url, text FROM pages WHERE run_id = 2 ORDER BY url"))
        assert [(r["url"], r["text"]) for r in rows] == [(PAGE, "正文" + PAGE), (OTHER, "新")]


def test_updating_an_inherited_row_gives_the_run_its_own_copy(tmp_path):
    with Store(tmp_path / "audit.db") as store:
        _first_run(store)
        store.reuse_pages(2, 1, [PAGE])
        with store.db.conn:
            store.db.execute("UPDATE pages SET title = '改' WHERE run_id = 2 AND url = ?", [PAGE])
        assert next(store.query("SELECT title FROM pages WHERE run_id = 2"))["title"] == "改"
        assert next(store.query("SELECT title FROM pages WHERE run_id = 1 AND url = ?", [PAGE]))["title"] == PAGE


def test_items_fetched_again_unchanged_are_shared_with_the_previous_run(tmp_path):
    from crawler.runner import share_unchanged_items

    proxy = "http://a/dataproxy.jsp?startrecord=1"
    changed = "http://a/dataproxy.jsp?startrecord=46"
    with Store(tmp_path / "audit.db") as store:
        store.upsert_site(name="示范县", start_url="http://a/", host="a")
        store.db["runs"].insert({"id": 1, "site_id": 1, "status": "finished"})
        store.db["runs"].insert({"id": 2, "site_id": 1, "status": "running", "previous_run_id": 1})

        def items(run, source, titles):
            return [{"run_id": run, "column_url": "http://a/col/", "url": f"http://a/{t}.html", "title": t,
                     "date": "2026-11-01", "source_url": source} for t in titles]

        store.insert_rows("column_items", items(1, proxy, ["甲", "乙"]) + items(1, changed, ["丙"]))
        store.insert_rows("column_items", items(2, proxy, ["甲", "乙"]) + items(2, changed, ["丙", "丁"]))
        assert share_unchanged_items(store, 2) == 1
        own = sorted(r["title"] for r in store.query("SELECT title FROM stored_column_items WHERE run_id = 2"))
        assert own == ["丁", "丙"]  # the changed source keeps its own rows, the unchanged one none
        shown = sorted(r["title"] for r in store.query("SELECT title FROM column_items WHERE run_id = 2"))
        assert shown == ["丁", "丙", "乙", "甲"]


def _plan(store: Store, sql: str, params=()) -> list[str]:
    return [row[3] for row in store.db.conn.execute("EXPLAIN QUERY PLAN " + sql, list(params))]


def test_inherited_column_items_are_found_through_their_page_not_by_reading_the_whole_run(tmp_path):
    # Without statistics SQLite took the primary key's run_id prefix for the inherited rows and
    # read every item of the origin run for each reused page: reused pages x items.
    with Store(tmp_path / "audit.db") as store:
        plan = _plan(store, "SELECT url, title, column_url FROM column_items WHERE run_id = ? "
                            "ORDER BY column_url, url", [2])
    assert any("idx_stored_column_items_run_id_source_url (run_id=? AND source_url=?)" in step
               for step in plan), plan


def test_a_view_an_older_duwang_wrote_is_written_again_and_shows_the_same_rows(tmp_path):
    from crawler import schema
    from crawler.store import TABLES

    db = tmp_path / "audit.db"
    with Store(db) as store:
        _first_run(store)
        store.db["runs"].insert({"id": 2, "site_id": 1, "started_at": "2026-11-08T00:00:00+00:00"})
        store.reuse_pages(2, 1, [PAGE, OTHER])
        columns, pk = TABLES["column_items"]
        names = [c for c, _ in columns]
        conn = store.db.conn
        conn.execute("DROP VIEW column_items")  # as the previous version wrote it: no index named
        conn.execute(schema.view_ddl("column_items", names, pk, "source_url", {}))
        for ddl in schema.trigger_ddl("column_items", names, pk):
            conn.execute(ddl)
        conn.commit()
    with Store(db) as store:
        sql = next(store.query("SELECT sql FROM sqlite_master WHERE name = 'column_items'"))["sql"]
        assert "INDEXED BY [idx_stored_column_items_run_id_source_url]" in sql
        assert [r["url"] for r in store.query("SELECT url FROM column_items WHERE run_id = 2")] == ["http://a/i"]
        store.insert_rows("column_items", [{"run_id": 2, "column_url": "http://a/zwgk/", "url": "http://a/j",
                                            "source_url": OTHER}])  # the view's triggers are back
        assert sorted(r["url"] for r in store.query("SELECT url FROM column_items WHERE run_id = 2")) == [
            "http://a/i", "http://a/j"]
