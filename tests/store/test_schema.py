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


def _v2_rows() -> dict[str, list[dict]]:
    a, b, gone = "http://a/1.html", "http://a/2.html", "http://a/gone"
    return {
        "sites": [{"id": 1, "name": "示范县", "start_url": "http://a/", "host": "a"}],
        "runs": [{"id": 1, "site_id": 1, "status": "finished", "as_of": "2026-11-20",
                  "started_at": "2026-11-01T00:00:00+00:00"},
                 {"id": 2, "site_id": 1, "status": "finished", "as_of": "2026-11-27", "previous_run_id": 1,
                  "started_at": "2026-11-08T00:00:00+00:00"}],
        "pages": [{"run_id": 1, "site_id": 1, "url": u, "status": 200, "kind": "article", "text": "正文"}
                  for u in (a, b)] + [{"run_id": 2, "site_id": 1, "url": b, "status": 200, "kind": "article",
                                       "text": "新正文"}],
        "links": [{"run_id": 1, "site_id": 1, "source_url": a, "target_url": gone, "anchor": "旧链接",
                   "kind": "internal", "hidden": 0},
                  {"run_id": 1, "site_id": 1, "source_url": a, "target_url": b, "anchor": "二",
                   "kind": "internal", "hidden": 1},
                  {"run_id": 1, "site_id": 1, "source_url": b, "target_url": gone, "anchor": "旧链接",
                   "kind": "internal", "hidden": 0},
                  {"run_id": 2, "site_id": 1, "source_url": b, "target_url": "http://x/", "anchor": "外",
                   "kind": "external", "hidden": 0}],
        "targets": [{"run_id": 1, "url": gone, "status": 404, "state": "broken", "error": None}],
    }


def _links(db) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT run_id, site_id, source_url, target_url, anchor, kind, hidden FROM links "
                            "ORDER BY run_id, source_url, target_url").fetchall()
    finally:
        conn.close()


def test_a_version_2_store_is_migrated_to_url_ids_and_shows_the_same_links(tmp_path):
    from tests.store.v2_store import build_v2_store

    db = tmp_path / "audit.db"
    # Run 2 reused page 1.html of run 1 (a 304): its links show under run 2 through `reused`.
    build_v2_store(db, _v2_rows(), reused=[(2, "http://a/1.html", 1)])
    before = _links(db)
    assert len(before) == 6  # 4 stored + 2 inherited by run 2
    with Store(db) as store:
        assert store._schema_version() == str(SCHEMA_VERSION)
        cols = [r["name"] for r in store.query("SELECT name FROM pragma_table_info('stored_links')")]
        assert "source_id" in cols and "target_url" not in cols
        # every URL once: 1.html, 2.html, gone, x
        assert next(store.query("SELECT count(*) AS n FROM urls"))["n"] == 4
    assert _links(db) == before
    with Store(db) as store:
        # The migrated store is written and read like a new one; a known URL keeps its id.
        gone_id = next(store.query("SELECT id FROM urls WHERE url = 'http://a/gone'"))["id"]
        store.insert_rows("links", [{"run_id": 3, "site_id": 1, "source_url": "http://a/3.html",
                                     "target_url": "http://a/gone", "anchor": "旧链接", "kind": "internal",
                                     "hidden": 0}])
        assert next(store.query("SELECT id FROM urls WHERE url = 'http://a/gone'"))["id"] == gone_id
        sources = [r["source_url"] for r in store.query(
            "SELECT source_url FROM links WHERE target_url = 'http://a/gone' ORDER BY run_id, source_url")]
        assert sources == ["http://a/1.html", "http://a/2.html", "http://a/1.html", "http://a/3.html"]
        assert not [r for r in store.query("SELECT name FROM sqlite_master WHERE name LIKE 'v2_%' "
                                           "OR name = 'idx_stored_links_target_url_run_id'")]


def test_a_failed_migration_leaves_the_version_2_store_as_it_was(tmp_path, monkeypatch):
    from crawler import schema
    from tests.store.v2_store import build_v2_store

    db = tmp_path / "audit.db"
    build_v2_store(db, _v2_rows())
    before = _links(db)

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(schema, "_migrate_2_to_3", broken)
    with pytest.raises(sqlite3.OperationalError):
        Store(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("2",)
    conn.close()
    assert _links(db) == before


def test_writing_a_link_again_with_insert_or_replace_keeps_the_url_ids(tmp_path):
    """The view's trigger runs under the outer conflict clause: REPLACE must not renumber a URL."""
    with Store(tmp_path / "audit.db") as store:
        row = {"run_id": 1, "site_id": 1, "source_url": "http://a/1.html", "target_url": "http://a/2.html",
               "anchor": "二", "kind": "internal", "hidden": 0}
        store.insert_rows("links", [row])
        ids = list(store.query("SELECT id, url FROM urls ORDER BY id"))
        store.db.execute("INSERT OR REPLACE INTO links (run_id, site_id, source_url, target_url, anchor, kind, "
                         "hidden) VALUES (1, 1, 'http://a/1.html', 'http://a/2.html', '新', 'internal', 0)")
        store.insert_rows("links", [{**row, "run_id": 2}])
        assert list(store.query("SELECT id, url FROM urls ORDER BY id")) == ids
        assert [(r["run_id"], r["anchor"]) for r in store.query("SELECT * FROM links ORDER BY run_id")] == [
            (1, "新"), (2, "二")]


def test_the_migration_turns_exception_class_names_into_link_reasons(tmp_path):
    from tests.store.v2_store import build_v2_store

    rows = _v2_rows()
    rows["targets"] += [{"run_id": 1, "url": u, "status": 0, "state": "unreachable", "error": e}
                        for u, e in (("http://b/", "TCPTimedOutError"), ("http://c/", "ConnectionLost"),
                                     ("http://d/", "SSLError"), ("http://e/", "refused"))]
    rows["pages"].append({"run_id": 1, "site_id": 1, "url": "http://a/3.html", "status": 0,
                          "error": "ResponseNeverReceived", "kind": "other"})
    db = tmp_path / "audit.db"
    build_v2_store(db, rows)
    with Store(db) as store:
        errors = {r["url"]: r["error"] for r in store.query("SELECT url, error FROM targets WHERE run_id = 1")}
        assert errors == {"http://a/gone": None, "http://b/": "timeout", "http://c/": "connection_lost",
                          "http://d/": "tls", "http://e/": "refused"}
        page = next(store.query("SELECT error FROM pages WHERE url = 'http://a/3.html'"))
        assert page["error"] == "connection_lost"


def test_a_store_without_the_tables_columns_gains_them_and_keeps_its_rows(tmp_path):
    from crawler import schema
    from crawler.store import INDEXES, INHERITED, INHERITED_OVERRIDES, INTERNED, REUSED_DDL, WITHOUT_ROWID

    db = tmp_path / "audit.db"
    older = {name: ([c for c in cols if c[0] != "tables"], pk) for name, (cols, pk) in TABLES.items()}
    conn = sqlite3.connect(db, isolation_level=None)
    schema.ensure(conn, older, INHERITED, INHERITED_OVERRIDES, WITHOUT_ROWID, REUSED_DDL, INDEXES, INTERNED)
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
        assert schema._complete(store.db.conn, TABLES, INHERITED, INHERITED_OVERRIDES, INDEXES, INTERNED)
