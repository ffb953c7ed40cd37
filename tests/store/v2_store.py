"""Build an audit store the way duwang's schema version 2 wrote it (for the migration tests).

The DDL below is version 2's, written out here (not taken from :mod:`crawler.schema`, which
now writes version 3): every INHERITED crawl table is a physical ``stored_<name>`` with the
URLs as text, shown under its name by a view (own rows + rows inherited through ``reused``)
with INSTEAD OF triggers.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

V2_TABLES: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    "sites": ([("id", "INTEGER"), ("name", "TEXT"), ("start_url", "TEXT"), ("host", "TEXT"),
               ("site_code", "TEXT"), ("unit", "TEXT")], ["id"]),
    "runs": ([("id", "INTEGER"), ("site_id", "INTEGER"), ("started_at", "TEXT"), ("finished_at", "TEXT"),
              ("as_of", "TEXT"), ("status", "TEXT"), ("previous_run_id", "INTEGER"), ("settings", "TEXT")], ["id"]),
    "requests": ([("run_id", "INTEGER"), ("url", "TEXT"), ("state", "TEXT"), ("depth", "INTEGER"),
                  ("referer", "TEXT"), ("kind", "TEXT"), ("method", "TEXT"), ("body", "TEXT"), ("meta", "TEXT")],
                 ["run_id", "url", "method", "body"]),
    "pages": ([("run_id", "INTEGER"), ("site_id", "INTEGER"), ("url", "TEXT"), ("final_url", "TEXT"),
               ("status", "INTEGER"), ("error", "TEXT"), ("fetched_at", "TEXT"), ("content_hash", "TEXT"),
               ("encoding", "TEXT"), ("bytes", "INTEGER"), ("etag", "TEXT"), ("last_modified", "TEXT"),
               ("revalidated", "INTEGER"), ("kind", "TEXT"), ("title", "TEXT"), ("text", "TEXT"),
               ("breadcrumb", "TEXT"), ("column_url", "TEXT"), ("meta", "TEXT"), ("depth", "INTEGER")],
              ["run_id", "url"]),
    "columns": ([("run_id", "INTEGER"), ("site_id", "INTEGER"), ("url", "TEXT"), ("name", "TEXT"),
                 ("path", "TEXT"), ("kind", "TEXT"), ("item_count", "INTEGER"), ("newest_date", "TEXT"),
                 ("pages", "INTEGER"), ("cms", "TEXT"), ("note", "TEXT")], ["run_id", "url"]),
    "column_items": ([("run_id", "INTEGER"), ("column_url", "TEXT"), ("url", "TEXT"), ("title", "TEXT"),
                      ("date", "TEXT"), ("source_url", "TEXT")], ["run_id", "column_url", "url"]),
    "documents": ([("run_id", "INTEGER"), ("site_id", "INTEGER"), ("url", "TEXT"), ("title", "TEXT"),
                   ("index_no", "TEXT"), ("doc_number", "TEXT"), ("publisher", "TEXT"), ("written_date", "TEXT"),
                   ("publish_date", "TEXT"), ("disclosure", "TEXT"), ("topic", "TEXT"), ("fields", "TEXT"),
                   ("attachments", "TEXT")], ["run_id", "url"]),
    "links": ([("run_id", "INTEGER"), ("site_id", "INTEGER"), ("source_url", "TEXT"), ("target_url", "TEXT"),
               ("anchor", "TEXT"), ("kind", "TEXT"), ("hidden", "INTEGER")], ["run_id", "source_url", "target_url"]),
    "targets": ([("run_id", "INTEGER"), ("url", "TEXT"), ("status", "INTEGER"), ("state", "TEXT"),
                 ("error", "TEXT"), ("checked_at", "TEXT")], ["run_id", "url"]),
    "attachments": ([("run_id", "INTEGER"), ("url", "TEXT"), ("linked_from", "TEXT"), ("content_type", "TEXT"),
                     ("bytes", "INTEGER"), ("text", "TEXT"), ("error", "TEXT"), ("etag", "TEXT"),
                     ("last_modified", "TEXT"), ("fetched_at", "TEXT")], ["run_id", "url"]),
    "findings": ([("run_id", "INTEGER"), ("site_id", "INTEGER"), ("fingerprint", "TEXT"), ("rule", "TEXT"),
                  ("severity", "TEXT"), ("url", "TEXT"), ("target", "TEXT"), ("title", "TEXT"), ("message", "TEXT"),
                  ("evidence", "TEXT"), ("basis", "TEXT"), ("data", "TEXT")], ["run_id", "fingerprint"]),
    "meta": ([("key", "TEXT"), ("value", "TEXT")], ["key"]),
    "probes": ([("id", "INTEGER"), ("site_id", "INTEGER"), ("url", "TEXT"), ("probed_at", "TEXT"), ("ok", "INTEGER"),
                ("status", "INTEGER"), ("error", "TEXT"), ("elapsed", "REAL")], ["id"]),
}
V2_INHERITED = {"pages": "url", "columns": "url", "column_items": "source_url", "documents": "url",
                "links": "source_url", "targets": "url"}
V2_OVERRIDES = {
    "pages": {"bytes": "0", "revalidated": "1", "fetched_at": "(SELECT started_at FROM runs WHERE id = r.run_id)"},
    "targets": {"checked_at": "(SELECT started_at FROM runs WHERE id = r.run_id)"},
}
V2_WITHOUT_ROWID = {"links", "column_items"}
V2_INDEXES = [("requests", ["run_id", "state"]), ("requests", ["run_id", "referer"]),
              ("stored_column_items", ["run_id", "source_url"]), ("stored_column_items", ["run_id", "url"]),
              ("stored_pages", ["site_id", "url"]), ("stored_pages", ["run_id", "column_url"]),
              ("stored_links", ["target_url", "run_id"]), ("findings", ["site_id", "fingerprint"]),
              ("probes", ["site_id", "probed_at"])]


def _v2_ddl() -> list[str]:
    ddl = ["CREATE TABLE reused (run_id INTEGER NOT NULL, url TEXT NOT NULL, origin_run_id INTEGER NOT NULL, "
           "PRIMARY KEY (run_id, url)) WITHOUT ROWID"]
    for name, (columns, pk) in V2_TABLES.items():
        cols = ", ".join(f"[{c}] {t}" for c, t in columns)
        keys = ", ".join(f"[{c}]" for c in pk)
        table = f"stored_{name}" if name in V2_INHERITED else name
        ddl.append(f"CREATE TABLE [{table}] ({cols}, PRIMARY KEY ({keys}))"
                   + (" WITHOUT ROWID" if name in V2_WITHOUT_ROWID else ""))
    for name, key in V2_INHERITED.items():
        columns, pk = V2_TABLES[name]
        names = [c for c, _ in columns]
        over = V2_OVERRIDES.get(name, {})
        own = ", ".join(f"[{c}]" for c in names)
        inherited = ", ".join("r.run_id AS [run_id]" if c == "run_id" else f"{over[c]} AS [{c}]" if c in over
                              else f"s.[{c}] AS [{c}]" for c in names)
        shadow = " AND ".join(f"o.[{c}] = s.[{c}]" for c in pk if c != "run_id")
        ddl.append(f"CREATE VIEW [{name}] AS SELECT {own} FROM [stored_{name}] UNION ALL "
                   f"SELECT {inherited} FROM reused r JOIN [stored_{name}] s "
                   f"ON s.run_id = r.origin_run_id AND s.[{key}] = r.url "
                   f"WHERE NOT EXISTS (SELECT 1 FROM [stored_{name}] o WHERE o.run_id = r.run_id AND {shadow})")
        cols = ", ".join(f"[{c}]" for c in names)
        new = ", ".join(f"NEW.[{c}]" for c in names)
        old = ", ".join(f"OLD.[{c}]" for c in names)
        match = " AND ".join(f"[{c}] IS OLD.[{c}]" for c in pk)
        sets = ", ".join(f"[{c}] = NEW.[{c}]" for c in names)
        t = f"[stored_{name}]"
        ddl += [f"CREATE TRIGGER [{name}_insert] INSTEAD OF INSERT ON [{name}] "
                f"BEGIN INSERT INTO {t} ({cols}) VALUES ({new}); END",
                f"CREATE TRIGGER [{name}_update] INSTEAD OF UPDATE ON [{name}] "
                f"BEGIN INSERT OR IGNORE INTO {t} ({cols}) VALUES ({old}); UPDATE {t} SET {sets} WHERE {match}; END",
                f"CREATE TRIGGER [{name}_delete] INSTEAD OF DELETE ON [{name}] "
                f"BEGIN DELETE FROM {t} WHERE {match}; END"]
    for table, cols in V2_INDEXES:
        ddl.append(f"CREATE INDEX [idx_{table}_{'_'.join(cols)}] ON [{table}] ({', '.join(cols)})")
    ddl.append("INSERT INTO meta (key, value) VALUES ('schema_version', '2')")
    return ddl


def build_v2_store(path: Path, rows: dict[str, list[dict]], reused: list[tuple[int, str, int]] = ()) -> None:
    """A version 2 store at ``path`` holding ``rows`` (written through v2's views) and ``reused``."""
    conn = sqlite3.connect(path)
    for sql in _v2_ddl():
        conn.execute(sql)
    for table, table_rows in rows.items():
        for row in table_rows:
            cols = list(row)
            conn.execute(f"INSERT INTO [{table}] ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [row[c] for c in cols])
    conn.executemany("INSERT INTO reused (run_id, url, origin_run_id) VALUES (?, ?, ?)", list(reused))
    conn.commit()
    conn.close()
