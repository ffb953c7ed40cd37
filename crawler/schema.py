"""The audit store's schema: creation, version check and migration of older stores.

Version 3 (this one) stores each URL of the links table once: ``urls(id, url)`` holds the
text, ``stored_links`` the ids (``INTERNED``: links were most of a store, two URLs a row and
again in the index). The ``links`` view still shows ``source_url`` and ``target_url``, and its
triggers intern the URLs of the rows written into it, so readers and writers are unchanged.

Version 2 keeps each crawl table that a re-inspection shares (``INHERITED`` in
:mod:`crawler.store`) in a physical ``stored_<table>`` and shows it under its old name as a
view: a run's own rows plus the rows it inherited, through ``reused``, from the run that
stored an unchanged page (304). Readers keep reading ``pages``, ``links``, ... as before;
writers keep inserting into them (``INSTEAD OF`` triggers). An unchanged page therefore costs
a re-inspection one ``reused`` row instead of a copy of its page, links, items and document.

Version 1 had the physical tables under the public names. :func:`ensure` migrates an older
store in place, in one transaction (1 -> 2 renames the tables; 2 -> 3 rewrites the links with
URL ids); a store written by a newer duwang, or a file that is no duwang store, is refused
with a message that says so. A store is never restamped without its migration.

Columns added to a table later (nullable: ``pages.tables``, ``attachments.tables``) are added
to an existing store by :func:`add_new_columns`, an additive step that needs no version of its
own.
"""

from __future__ import annotations

import sqlite3

from .linkstate import Reason, parse_reason

SCHEMA_VERSION = 3

URLS_DDL = """CREATE TABLE IF NOT EXISTS urls (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE)"""


class SchemaError(ValueError):
    """The file is not a store this duwang can read (newer version, not a store)."""


def _sql_type(t: type) -> str:
    return "INTEGER" if t is int else "REAL" if t is float else "TEXT"


def _pk(pk: str | tuple[str, ...]) -> list[str]:
    return [pk] if isinstance(pk, str) else list(pk)


def _exists(conn: sqlite3.Connection, name: str, kind: str | None = None) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE name = ?" + (" AND type = ?" if kind else "")
    return conn.execute(sql, [name, kind] if kind else [name]).fetchone() is not None


def table_ddl(name: str, columns: list[tuple[str, type]], pk, *, without_rowid: bool = False,
              interned: dict[str, str] | None = None) -> str:
    interned = interned or {}
    cols = ", ".join(f"[{interned[c]}] INTEGER" if c in interned else f"[{c}] {_sql_type(t)}"
                     for c, t in columns)
    keys = ", ".join(f"[{interned.get(c, c)}]" for c in _pk(pk))
    return (f"CREATE TABLE IF NOT EXISTS [{name}] ({cols}, PRIMARY KEY ({keys}))"
            + (" WITHOUT ROWID" if without_rowid else ""))


def _id_of(value: str) -> str:
    return f"(SELECT id FROM urls WHERE url = {value})"


def physical_columns(columns: list[str], interned: dict[str, str]) -> list[str]:
    """The columns of ``stored_<table>``: an interned URL column becomes its id column."""
    return [interned.get(c, c) for c in columns]


def _url_joins(interned: dict[str, str], pk) -> str:
    """Joins that turn the ids of ``s`` back into URLs (``u_<column>.url``).

    Joins, not scalar subqueries: a reader's ``WHERE target_url = ?`` then finds the id through
    urls' unique index and the rows through the index on the id. A key column is never NULL
    (a WITHOUT ROWID key); another interned column may be, hence its LEFT JOIN.
    """
    keys = set(_pk(pk))
    return "".join(f" {'' if c in keys else 'LEFT '}JOIN urls [u_{c}] ON [u_{c}].id = s.[{i}]"
                   for c, i in interned.items())


def view_ddl(name: str, columns: list[str], pk, key: str, overrides: dict[str, str],
             interned: dict[str, str] | None = None, key_index: str | None = None) -> str:
    """The public table: own rows, then inherited rows a run has no own copy of.

    ``key_index``: the index on (run_id, key) of ``stored_<name>`` when ``key`` is not what its
    primary key starts with after run_id. The inherited rows are then read through it
    (``INDEXED BY``): without statistics SQLite otherwise takes the primary key's run_id
    prefix and reads every row of the origin run for each reused page (column_items of a
    re-inspection: reused pages x the run's items)."""
    interned = interned or {}

    def shown(c: str) -> str:
        return f"[u_{c}].url" if c in interned else f"s.[{c}]"

    own = ", ".join(f"{shown(c)} AS [{c}]" for c in columns)
    inherited = ", ".join(
        "r.run_id AS [run_id]" if c == "run_id" else f"{overrides[c]} AS [{c}]" if c in overrides
        else f"{shown(c)} AS [{c}]" for c in columns)
    shadow = " AND ".join(f"o.[{interned.get(c, c)}] = s.[{interned.get(c, c)}]"
                          for c in _pk(pk) if c != "run_id")
    joins = _url_joins(interned, pk)
    if key in interned:
        page = f"JOIN urls k ON k.url = r.url JOIN [stored_{name}] s ON s.run_id = r.origin_run_id " \
               f"AND s.[{interned[key]}] = k.id"
    else:
        hint = f" INDEXED BY [{key_index}]" if key_index else ""
        page = f"JOIN [stored_{name}] s{hint} ON s.run_id = r.origin_run_id AND s.[{key}] = r.url"
    return (f"CREATE VIEW IF NOT EXISTS [{name}] AS SELECT {own} FROM [stored_{name}] s{joins} UNION ALL "
            f"SELECT {inherited} FROM reused r {page}{joins} "
            f"WHERE NOT EXISTS (SELECT 1 FROM [stored_{name}] o WHERE o.run_id = r.run_id AND {shadow})")


def trigger_ddl(name: str, columns: list[str], pk, interned: dict[str, str] | None = None) -> list[str]:
    interned = interned or {}
    cols = ", ".join(f"[{c}]" for c in physical_columns(columns, interned))

    def value(row: str, c: str) -> str:
        return _id_of(f"{row}.[{c}]") if c in interned else f"{row}.[{c}]"

    new = ", ".join(value("NEW", c) for c in columns)
    old = ", ".join(value("OLD", c) for c in columns)
    match = " AND ".join(f"[{interned.get(c, c)}] IS {value('OLD', c)}" for c in _pk(pk))
    sets = ", ".join(f"[{interned.get(c, c)}] = {value('NEW', c)}" for c in columns)
    # A URL is added to urls when first written. The guard (not OR IGNORE) keeps an outer
    # INSERT OR REPLACE, whose conflict clause applies inside the trigger, from giving an
    # existing URL a new id.
    intern = "".join(f"INSERT INTO urls (url) SELECT NEW.[{c}] WHERE NEW.[{c}] IS NOT NULL AND NOT EXISTS "
                     f"(SELECT 1 FROM urls WHERE url = NEW.[{c}]); " for c in columns if c in interned)
    t = f"[stored_{name}]"
    return [
        # The outer statement's conflict clause (INSERT OR REPLACE / OR IGNORE) applies here.
        f"CREATE TRIGGER IF NOT EXISTS [{name}_insert] INSTEAD OF INSERT ON [{name}] "
        f"BEGIN {intern}INSERT INTO {t} ({cols}) VALUES ({new}); END",
        # An update of an inherited row first gives the run its own copy of it.
        f"CREATE TRIGGER IF NOT EXISTS [{name}_update] INSTEAD OF UPDATE ON [{name}] "
        f"BEGIN {intern}INSERT OR IGNORE INTO {t} ({cols}) VALUES ({old}); "
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
           reused_ddl: str, indexes: list[tuple[str, list[str]]],
           interned: dict[str, dict[str, str]] | None = None) -> None:
    """Create a new store, migrate an older one, or refuse a newer one (SchemaError)."""
    interned = interned or {}
    found = version(conn)
    if found is not None and found > SCHEMA_VERSION:
        raise SchemaError(f"审计库 (audit.db) 的版本 {found} 比这个 duwang 支持的版本 {SCHEMA_VERSION} 新; "
                          f"请升级 duwang 后再运行 (the store was written by a newer duwang)")
    if found == SCHEMA_VERSION and _complete(conn, tables, inherited, overrides, indexes, interned):
        return  # nothing to write: opening a store on a full disk still works
    conn.execute("BEGIN IMMEDIATE")
    try:
        if found == 1:
            _migrate_1_to_2(conn, inherited)
        if found in (1, 2):
            _migrate_2_to_3(conn, tables, without_rowid, interned)
        add_new_columns(conn, tables, inherited, interned)
        conn.execute(reused_ddl)
        conn.execute(URLS_DDL)
        for name, (columns, pk) in tables.items():
            if name in inherited:
                conn.execute(table_ddl(f"stored_{name}", columns, pk, without_rowid=name in without_rowid,
                                       interned=interned.get(name)))
            else:
                conn.execute(table_ddl(name, columns, pk, without_rowid=name in without_rowid))
        for table, cols in indexes:  # before the views: a view may read through one (key_index)
            conn.execute(f"CREATE INDEX IF NOT EXISTS [idx_{table}_{'_'.join(cols)}] ON [{table}] "
                         f"({', '.join(f'[{c}]' for c in cols)})")
        for name in _stale_views(conn, tables, inherited, overrides, indexes, interned):
            conn.execute(f"DROP VIEW [{name}]")  # its triggers go with it and are made again below
        for name, key in inherited.items():
            columns, pk = tables[name]
            names = [c for c, _ in columns]
            conn.execute(_view(name, tables, key, overrides, indexes, interned))
            for ddl in trigger_ddl(name, names, pk, interned.get(name)):
                conn.execute(ddl)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                     [str(SCHEMA_VERSION)])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _complete(conn: sqlite3.Connection, tables: dict, inherited: dict[str, str],
              overrides: dict[str, dict[str, str]], indexes: list[tuple[str, list[str]]],
              interned: dict[str, dict[str, str]] | None = None) -> bool:
    """Whether every table, view and index of this version is already there, as this version
    writes it."""
    have = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    want = {"reused", "meta", "urls"} | {f"stored_{n}" if n in inherited else n for n in tables} | set(inherited)
    want |= {f"idx_{t}_{'_'.join(c)}" for t, c in indexes}
    return (want <= have and not _missing_columns(conn, tables, inherited, interned)
            and not _stale_views(conn, tables, inherited, overrides, indexes, interned))


def _view(name: str, tables: dict, key: str, overrides: dict[str, dict[str, str]],
          indexes: list[tuple[str, list[str]]], interned: dict[str, dict[str, str]] | None) -> str:
    """The CREATE VIEW of inherited table ``name`` as this version writes it."""
    columns, pk = tables[name]
    key_index = (f"idx_stored_{name}_run_id_{key}" if (f"stored_{name}", ["run_id", key]) in indexes
                 else None)
    return view_ddl(name, [c for c, _ in columns], pk, key, overrides.get(name, {}),
                    (interned or {}).get(name), key_index)


def _stale_views(conn: sqlite3.Connection, tables: dict, inherited: dict[str, str],
                 overrides: dict[str, dict[str, str]], indexes: list[tuple[str, list[str]]],
                 interned: dict[str, dict[str, str]] | None) -> list[str]:
    """The inherited tables' views that an older duwang wrote differently (made again: a
    view holds no rows)."""
    found = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'"))
    return [name for name, key in inherited.items() if name in found
            and found[name] != _view(name, tables, key, overrides, indexes, interned).replace(
                "CREATE VIEW IF NOT EXISTS", "CREATE VIEW", 1)]


def _missing_columns(conn: sqlite3.Connection, tables: dict, inherited: dict[str, str],
                     interned: dict[str, dict[str, str]] | None = None) -> dict[str, list]:
    """Physical table -> the columns of ``tables`` it lacks (tables not yet created are skipped;
    an interned URL column is looked for under its id column's name)."""
    out = {}
    for name, (columns, _) in tables.items():
        physical = f"stored_{name}" if name in inherited else name
        ids = (interned or {}).get(name, {})
        have = {r[1] for r in conn.execute(f"PRAGMA table_info([{physical}])")}
        if have:
            lacking = [(c, t) for c, t in columns if ids.get(c, c) not in have]
            if lacking:
                out[name] = lacking
    return out


def add_new_columns(conn: sqlite3.Connection, tables: dict, inherited: dict[str, str],
                    interned: dict[str, dict[str, str]] | None = None) -> None:
    """Additive step, whatever the version: a nullable column added to ``tables`` since the
    store was written (``pages.tables``, ``attachments.tables``) is added to its physical
    table, and the view of an inherited table is dropped so that it is recreated with the
    column (its triggers go with it and are recreated too). No row is rewritten; an older
    duwang still reads the store (it names the columns it selects)."""
    for name, lacking in _missing_columns(conn, tables, inherited, interned).items():
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


# Version 2's index on stored_links' URL text (version 3 indexes the ids).
_V2_INDEXES = ["idx_stored_links_target_url_run_id"]


def _migrate_2_to_3(conn: sqlite3.Connection, tables: dict, without_rowid: set[str],
                    interned: dict[str, dict[str, str]]) -> None:
    """Version 2 -> 3: the URL columns of ``interned`` tables become ids into ``urls``.

    Each such table is rebuilt (its view and triggers are dropped and created again by
    :func:`ensure`); the rows keep their values, shown through the view as before.
    """
    conn.execute(URLS_DDL)
    for name in _V2_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS [{name}]")
    for name, mapping in interned.items():
        if not _exists(conn, f"stored_{name}", "table"):
            continue
        conn.execute(f"DROP VIEW IF EXISTS [{name}]")  # its triggers go with it
        for col in mapping:
            conn.execute(f"INSERT INTO urls (url) SELECT DISTINCT [{col}] FROM [stored_{name}] s "
                         f"WHERE [{col}] IS NOT NULL AND NOT EXISTS (SELECT 1 FROM urls u WHERE u.url = s.[{col}])")
        conn.execute(f"ALTER TABLE [stored_{name}] RENAME TO [v2_{name}]")
        columns, pk = tables[name]
        names = [c for c, _ in columns]
        conn.execute(table_ddl(f"stored_{name}", columns, pk, without_rowid=name in without_rowid,
                               interned=mapping))
        values = ", ".join(f"(SELECT id FROM urls WHERE url = o.[{c}])" if c in mapping else f"o.[{c}]"
                           for c in names)
        conn.execute(f"INSERT OR IGNORE INTO [stored_{name}] ({', '.join(physical_columns(names, mapping))}) "
                     f"SELECT {values} FROM [v2_{name}] o")
        conn.execute(f"DROP TABLE [v2_{name}]")
    _migrate_reasons(conn)


# Tables whose ``error`` column holds a link reason (crawler.linkstate.Reason).
REASON_TABLES = ("stored_pages", "stored_targets")


def _migrate_reasons(conn: sqlite3.Connection) -> None:
    """Exception class names stored before version 3 (TCPTimedOutError, ConnectionLost, …) become reasons."""
    known = [r.value for r in Reason]
    for table in REASON_TABLES:
        if not _exists(conn, table, "table"):
            continue
        marks = ", ".join("?" * len(known))
        for (old,) in conn.execute(f"SELECT DISTINCT error FROM [{table}] WHERE error IS NOT NULL "
                                   f"AND error != '' AND error NOT IN ({marks})", known).fetchall():
            reason = parse_reason(old)
            if reason is not None:  # an unknown lowercase code stays as it was
                conn.execute(f"UPDATE [{table}] SET error = ? WHERE error = ?", [reason.value, old])
