"""The store's schema version: older stores are migrated in place, newer ones refused."""

from __future__ import annotations

import sqlite3

import pytest

from crawler.schema import SCHEMA_VERSION, SchemaError
from crawler.store import TABLES, Store


def _v1_store(path):
    """A store as version 1 wrote it: the crawl tables are plain tables under their names."""
    conn = sqlite3.connect(path)
    for name, (columns, pk) in TABLES.items():
        keys = [pk] if isinstance(pk, str) else list(pk)
        cols = ", ".join(f"[{c}] {'INTEGER' if t is int else 'TEXT'}" for c, t in columns)
        conn.execute(f"CREATE TABLE [{name}] ({cols}, PRIMARY KEY ({', '.join(keys)}))")
    conn.execute("CREATE INDEX idx_links_run_id_target_url ON links (run_id, target_url)")
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.execute("INSERT INTO sites (id, name, start_url, host) VALUES (1, '示范县', 'http://a/', 'a')")
    conn.execute("INSERT INTO runs (id, site_id, status, as_of) VALUES (1, 1, 'finished', '2026-11-20')")
    conn.execute("INSERT INTO pages (run_id, site_id, url, status, kind, title, text) "
                 "VALUES (1, 1, 'http://a/1.html', 200, 'article', '通知', '正文')")
    conn.execute("INSERT INTO links (run_id, site_id, source_url, target_url, kind, hidden) "
                 "VALUES (1, 1, 'http://a/1.html', 'http://a/gone', 'internal', 0)")
    conn.commit()
    conn.close()


def test_a_version_1_store_is_migrated_in_place_and_keeps_its_rows(tmp_path):
    db = tmp_path / "audit.db"
    _v1_store(db)
    with Store(db) as store:
        assert next(store.query("SELECT value FROM meta WHERE key = 'schema_version'"))["value"] == str(SCHEMA_VERSION)
        kinds = {r["name"]: r["type"] for r in store.query("SELECT name, type FROM sqlite_master")}
        assert kinds["pages"] == "view" and kinds["stored_pages"] == "table"
        page = next(store.query("SELECT * FROM pages WHERE run_id = 1"))
        assert (page["url"], page["text"]) == ("http://a/1.html", "正文")
        assert [r["source_url"] for r in store.query(
            "SELECT source_url FROM links WHERE run_id = 1 AND target_url = 'http://a/gone'")] == ["http://a/1.html"]
        # The migrated store takes new runs like a new one.
        store.insert_rows("pages", [{"run_id": 2, "site_id": 1, "url": "http://a/2.html", "status": 200}])
        assert next(store.query("SELECT count(*) AS n FROM pages"))["n"] == 2
    with Store(db) as again:  # opening it again is a no-op
        assert next(again.query("SELECT count(*) AS n FROM stored_pages"))["n"] == 2


def test_a_store_from_a_newer_duwang_is_refused_and_left_as_it_was(tmp_path):
    db = tmp_path / "audit.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION + 1)])
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="升级 duwang"):
        Store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta").fetchall() == [(str(SCHEMA_VERSION + 1),)]
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 2  # meta + its index
    conn.close()


def test_a_file_that_is_no_store_is_refused(tmp_path):
    db = tmp_path / "audit.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="不是 duwang 的审计库"):
        Store(db)


def test_a_store_without_the_tables_columns_gains_them_and_keeps_its_rows(tmp_path):
    from crawler import schema
    from crawler.store import INDEXES, INHERITED, INHERITED_OVERRIDES, REUSED_DDL, WITHOUT_ROWID

    db = tmp_path / "audit.db"
    older = {name: ([c for c in cols if c[0] != "tables"], pk) for name, (cols, pk) in TABLES.items()}
    conn = sqlite3.connect(db, isolation_level=None)
    schema.ensure(conn, older, INHERITED, INHERITED_OVERRIDES, WITHOUT_ROWID, REUSED_DDL, INDEXES)
    conn.execute("INSERT INTO pages (run_id, site_id, url, status, kind, text) VALUES (1, 1, 'http://a/1', 200, "
                 "'article', '正文')")
    conn.close()
    with Store(db) as store:
        assert "tables" in {c.name for c in store.db["stored_pages"].columns}
        assert "tables" in {c.name for c in store.db["attachments"].columns}
        old = next(store.query("SELECT * FROM pages WHERE url = 'http://a/1'"))
        assert old["text"] == "正文" and old["tables"] is None
        store.insert_rows("pages", [{"run_id": 2, "site_id": 1, "url": "http://a/2", "tables": "[]"}])
        store.db.execute("INSERT INTO pages (run_id, site_id, url, tables) VALUES (3, 1, 'http://a/3', '[1]')")
        got = {r["url"]: r["tables"] for r in store.query("SELECT url, tables FROM pages")}
        assert got == {"http://a/1": None, "http://a/2": "[]", "http://a/3": "[1]"}  # the view's trigger too
    with Store(db) as store:  # opened again: nothing left to add
        assert schema._complete(store.db.conn, TABLES, INHERITED, INDEXES)
