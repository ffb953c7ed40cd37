"""The audit store's schema: creation, version check and migration of older stores.

Version 2 (this one) keeps each crawl table that a re-inspection shares (``INHERITED`` in
:mod:`crawler.store`) in a physical ``stored_<table>`` and shows it under its old name as a
view: a run's own rows plus the rows it inherited, through ``reused``, from the run that
stored an unchanged page (304). Readers keep reading ``pages``, ``links``, ... as before;
writers keep inserting into them (``INSTEAD OF`` triggers). An unchanged page therefore costs
a re-inspection one ``reused`` row instead of a copy of its page, links, items and document.

Columns added to a table later (nullable: ``pages.tables``, ``attachments.tables``) are added
to an existing store by :func:`add_new_columns`, an additive step that needs no version of its
own.

Version 1 had the physical tables under the public names. :func:`ensure` migrates such a
store in place (one transaction, no row copied: the tables are renamed); a store written by
a newer duwang, or a file that is no duwang store, is refused with a message that says so.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 2


class SchemaError(ValueError):
    """The file is not a store this duwang can read (newer version, not a store)."""


def _sql_type(t: type) -> str:
    return "INTEGER" if t is int else "REAL" if t is float else "TEXT"


def _pk(pk: str | tuple[str, ...]) -> list[str]:
    return [pk] if isinstance(pk, str) else list(pk)


def _exists(conn: sqlite3.Connection, name: str, kind: str | None = None) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE name = ?" + (" AND type = ?" if kind else "")
    return conn.execute(sql, [name, kind] if kind else [name]).fetchone() is not None


def table_ddl(name: str, columns: list[tuple[str, type]], pk, *, without_rowid: bool = False) -> str:
    cols = ", ".join(f"[{c}] {_sql_type(t)}" for c, t in columns)
    keys = ", ".join(f"[{c}]" for c in _pk(pk))
    return (f"CREATE TABLE IF NOT EXISTS [{name}] ({cols}, PRIMARY KEY ({keys}))"
            + (" WITHOUT ROWID" if without_rowid else ""))


def view_ddl(name: str, columns: list[str], pk, key: str, overrides: dict[str, str]) -> str:
    """The public table: own rows, then inherited rows a run has no own copy of."""
    own = ", ".join(f"[{c}]" for c in columns)
    inherited = ", ".join(
        "r.run_id AS [run_id]" if c == "run_id" else f"{overrides[c]} AS [{c}]" if c in overrides
        else f"s.[{c}] AS [{c}]" for c in columns)
    shadow = " AND ".join(f"o.[{c}] = s.[{c}]" for c in _pk(pk) if c != "run_id")
    return (f"CREATE VIEW IF NOT EXISTS [{name}] AS SELECT {own} FROM [stored_{name}] UNION ALL "
            f"SELECT {inherited} FROM reused r JOIN [stored_{name}] s "
            f"ON s.run_id = r.origin_run_id AND s.[{key}] = r.url "
            f"WHERE NOT EXISTS (SELECT 1 FROM [stored_{name}] o WHERE o.run_id = r.run_id AND {shadow})")


def trigger_ddl(name: str, columns: list[str], pk) -> list[str]:
    cols = ", ".join(f"[{c}]" for c in columns)
    new = ", ".join(f"NEW.[{c}]" for c in columns)
    old = ", ".join(f"OLD.[{c}]" for c in columns)
    match = " AND ".join(f"[{c}] IS OLD.[{c}]" for c in _pk(pk))
    sets = ", ".join(f"[{c}] = NEW.[{c}]" for c in columns)
    t = f"[stored_{name}]"
    return [
        # The outer statement's conflict clause (INSERT OR REPLACE / OR IGNORE) applies here.
        f"CREATE TRIGGER IF NOT EXISTS [{name}_insert] INSTEAD OF INSERT ON [{name}] "
        f"BEGIN INSERT INTO {t} ({cols}) VALUES ({new}); END",
        # An update of an inherited row first gives the run its own copy of it.
        f"CREATE TRIGGER IF NOT EXISTS [{name}_update] INSTEAD OF UPDATE ON [{name}] "
        f"BEGIN INSERT OR IGNORE INTO {t} ({cols}) VALUES ({old}); "
        f"UPDATE {t} SET {sets} WHERE {match}; END",
        # Only own rows can be deleted (an inherited row belongs to the run that stored it).
        f"CREATE TRIGGER IF NOT EXISTS [{name}_delete] INSTEAD OF DELETE ON [{name}] "
        f"BEGIN DELETE FROM {t} WHERE {match}; END",
    ]


def version(conn: sqlite3.Connection) -> int | None:
    """The store's schema version; None for an empty file; SchemaError when unreadable."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if not names:
        return None
    if "meta" not in names:
        raise SchemaError("这个文件不是 duwang 的审计库 (audit.db), 或已损坏: 没有 meta 表; "
                          "请指定正确的 --out 目录")
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0])
    except (TypeError, ValueError):
        raise SchemaError("审计库 (audit.db) 没有可读的版本号 (schema_version), 无法判断如何读取; "
                          "请指定正确的 --out 目录") from None


def ensure(conn: sqlite3.Connection, tables: dict, inherited: dict[str, str],
           overrides: dict[str, dict[str, str]], without_rowid: set[str],
           reused_ddl: str, indexes: list[tuple[str, list[str]]]) -> None:
    """Create a new store, migrate an older one, or refuse a newer one (SchemaError)."""
    found = version(conn)
    if found is not None and found > SCHEMA_VERSION:
        raise SchemaError(f"审计库 (audit.db) 的版本 {found} 比这个 duwang 支持的版本 {SCHEMA_VERSION} 新; "
                          f"请升级 duwang 后再运行 (the store was written by a newer duwang)")
    if found == SCHEMA_VERSION and _complete(conn, tables, inherited, indexes):
        return  # nothing to write: opening a store on a full disk still works
    conn.execute("BEGIN IMMEDIATE")
    try:
        if found == 1:
            _migrate_1_to_2(conn, inherited)
        add_new_columns(conn, tables, inherited)
        conn.execute(reused_ddl)
        for name, (columns, pk) in tables.items():
            if name in inherited:
                conn.execute(table_ddl(f"stored_{name}", columns, pk, without_rowid=name in without_rowid))
            else:
                conn.execute(table_ddl(name, columns, pk))
        for name, key in inherited.items():
            columns, pk = tables[name]
            names = [c for c, _ in columns]
            conn.execute(view_ddl(name, names, pk, key, overrides.get(name, {})))
            for ddl in trigger_ddl(name, names, pk):
                conn.execute(ddl)
        for table, cols in indexes:
            conn.execute(f"CREATE INDEX IF NOT EXISTS [idx_{table}_{'_'.join(cols)}] ON [{table}] "
                         f"({', '.join(f'[{c}]' for c in cols)})")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                     [str(SCHEMA_VERSION)])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _complete(conn: sqlite3.Connection, tables: dict, inherited: dict[str, str],
              indexes: list[tuple[str, list[str]]]) -> bool:
    """Whether every table, view and index of this version is already there."""
    have = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    want = {"reused", "meta"} | {f"stored_{n}" if n in inherited else n for n in tables} | set(inherited)
    want |= {f"idx_{t}_{'_'.join(c)}" for t, c in indexes}
    return want <= have and not _missing_columns(conn, tables, inherited)


def _missing_columns(conn: sqlite3.Connection, tables: dict, inherited: dict[str, str]) -> dict[str, list]:
    """Physical table -> the columns of ``tables`` it lacks (tables not yet created are skipped)."""
    out = {}
    for name, (columns, _) in tables.items():
        physical = f"stored_{name}" if name in inherited else name
        have = {r[1] for r in conn.execute(f"PRAGMA table_info([{physical}])")}
        if have:
            lacking = [(c, t) for c, t in columns if c not in have]
            if lacking:
                out[name] = lacking
    return out


def add_new_columns(conn: sqlite3.Connection, tables: dict, inherited: dict[str, str]) -> None:
    """Additive step, whatever the version: a nullable column added to ``tables`` since the
    store was written (``pages.tables``, ``attachments.tables``) is added to its physical
    table, and the view of an inherited table is dropped so that it is recreated with the
    column (its triggers go with it and are recreated too). No row is rewritten; an older
    duwang still reads the store (it names the columns it selects)."""
    for name, lacking in _missing_columns(conn, tables, inherited).items():
        physical = f"stored_{name}" if name in inherited else name
        for column, kind in lacking:
            conn.execute(f"ALTER TABLE [{physical}] ADD COLUMN [{column}] {_sql_type(kind)}")
        if name in inherited:
            conn.execute(f"DROP VIEW IF EXISTS [{name}]")


# Indexes of version 1 on the tables that are renamed (superseded by version 2's own).
_V1_INDEXES = ["idx_column_items_run_id_source_url", "idx_pages_site_id_url", "idx_column_items_run_id_url",
               "idx_links_run_id_target_url"]


def _migrate_1_to_2(conn: sqlite3.Connection, inherited: dict[str, str]) -> None:
    """Version 1 -> 2: the crawl tables become stored_<name> (renamed: no row is copied)."""
    for name in _V1_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS [{name}]")
    for name in inherited:
        if _exists(conn, name, "table"):
            conn.execute(f"ALTER TABLE [{name}] RENAME TO [stored_{name}]")
