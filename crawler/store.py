"""The audit store: one SQLite file per audit directory (``audit.db``).

Data flows one way: the crawler writes runs, pages, columns, column items, documents
and links; rules read them and write findings; reports read findings. Every row that
belongs to a crawl carries ``run_id`` so that a weekly re-inspection adds a new run next
to the old ones and ``duwang diff`` can compare them.

The schema is documented in the README ("The audit store"); keep the two in step.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from . import schema
from .runs import OPEN, RunStatus, sql_list
from .schema import SCHEMA_VERSION, SchemaError  # noqa: F401 - re-exported
from .textsafe import storable_value

# Table name -> (columns, primary key). Columns are (name, type). Types are SQLite affinities.
TABLES: dict[str, tuple[list[tuple[str, type]], str | tuple[str, ...]]] = {
    "sites": (
        [
            ("id", int),
            ("name", str),  # county / portal name, e.g. 示范县人民政府
            ("start_url", str),
            ("host", str),
            ("site_code", str),  # 网站标识码 (10 chars) when known
            ("unit", str),  # responsible unit (主办单位)
        ],
        "id",
    ),
    "runs": (
        [
            ("id", int),
            ("site_id", int),
            ("started_at", str),  # ISO datetime, UTC
            ("finished_at", str),  # NULL while running or after a kill
            ("as_of", str),  # ISO date the rules judge against
            ("status", str),  # a RunStatus (crawler/runs.py): running | finished | interrupted | abandoned | failed
            ("previous_run_id", int),  # the run this one revalidates against
            ("settings", str),  # JSON of the effective crawl settings
        ],
        "id",
    ),
    # The frontier, kept in SQLite so a killed run resumes without losing or duplicating pages.
    "requests": (
        [
            ("run_id", int),
            ("url", str),  # canonical URL (fragment dropped)
            ("state", str),  # queued | done | failed
            ("depth", int),
            ("referer", str),
            ("kind", str),  # page | check (a link target only checked, never parsed)
            ("method", str),  # GET | POST (Hanweb dataproxy)
            ("body", str),  # form body for POST
            ("meta", str),  # JSON: column context (column url for proxy pages, etc.)
        ],
        ("run_id", "url", "method", "body"),
    ),
    "pages": (
        [
            ("run_id", int),
            ("site_id", int),
            ("url", str),
            ("final_url", str),  # after redirects
            ("status", int),  # HTTP status; 0 when no response
            ("error", str),  # network error class, soft404, too_large, ...
            ("fetched_at", str),
            ("content_hash", str),  # sha1 of the decoded text region
            ("encoding", str),  # as decoded (gb18030 for any gb2312/gbk label)
            ("bytes", int),  # bytes received on the wire (0 when a 304 reused the stored body)
            ("etag", str),
            ("last_modified", str),
            ("revalidated", int),  # 1 when a 304 confirmed the stored copy
            ("kind", str),  # home | listing | nav | article | unverifiable | other
            ("title", str),
            ("text", str),  # body text without navigation/boilerplate
            ("breadcrumb", str),  # JSON list of names
            ("column_url", str),  # listing this page belongs to (for listings: itself)
            ("meta", str),  # JSON of <meta name=...> tags worth keeping
            ("depth", int),
            # JSON list of the page's catalog-like tables as rows of cells (extract/tables.py);
            # NULL on every other page
            ("tables", str),
        ],
        ("run_id", "url"),
    ),
    "columns": (
        [
            ("run_id", int),
            ("site_id", int),
            ("url", str),  # first listing page
            ("name", str),
            ("path", str),  # breadcrumb joined with " > "
            ("kind", str),  # listing | nav | unverifiable
            ("item_count", int),
            ("newest_date", str),  # ISO date of the newest item, NULL if none has a date
            ("pages", int),  # listing pages seen
            ("cms", str),  # trs | hanweb | jsonlist | plain
            ("note", str),  # why unverifiable, etc.
        ],
        ("run_id", "url"),
    ),
    "column_items": (
        [
            ("run_id", int),
            ("column_url", str),
            ("url", str),
            ("title", str),
            ("date", str),  # ISO date or NULL
            ("source_url", str),  # the listing page the row was read from
        ],
        ("run_id", "column_url", "url"),
    ),
    "documents": (
        [
            ("run_id", int),
            ("site_id", int),
            ("url", str),
            ("title", str),
            ("index_no", str),  # 索引号
            ("doc_number", str),  # 发文字号 / 文号, as written
            ("publisher", str),  # 发布机构
            ("written_date", str),  # 成文日期 (ISO)
            ("publish_date", str),  # 发布日期 (ISO)
            ("disclosure", str),  # 公开方式
            ("topic", str),  # 主题分类
            ("fields", str),  # JSON of every label -> value seen in the metadata block
            ("attachments", str),  # JSON list of {url, name}
        ],
        ("run_id", "url"),
    ),
    "links": (
        [
            ("run_id", int),
            ("site_id", int),
            ("source_url", str),
            ("target_url", str),
            ("anchor", str),
            ("kind", str),  # internal | external | attachment
            ("hidden", int),  # 1 when inside a display:none block
        ],
        ("run_id", "source_url", "target_url"),
    ),
    # The outcome of checking each distinct link target (internal pages reuse their fetch).
    "targets": (
        [
            ("run_id", int),
            ("url", str),
            ("status", int),
            ("state", str),  # ok | broken | unreachable | blocked (403/429) | unchecked (over the budget)
            ("error", str),
            ("checked_at", str),
        ],
        ("run_id", "url"),
    ),
    # Text of the portal's pdf / doc(x) / xls(x) attachments (crawler/attachments.py), for the text rules.
    "attachments": (
        [
            ("run_id", int),
            ("url", str),
            ("linked_from", str),  # the pages linking it, one URL a line
            ("content_type", str),  # sniffed from the bytes, not the header
            ("bytes", int),
            ("text", str),  # extracted text ("" when unreadable)
            ("error", str),  # Chinese: 无法读取文字 (a scan), 已加密, 文件损坏, 文件过大, ...
            ("etag", str),
            ("last_modified", str),
            ("fetched_at", str),
            ("tables", str),  # JSON: catalog-like tables of an xlsx/docx as rows (NULL: none)
        ],
        ("run_id", "url"),
    ),
    "findings": (
        [
            ("run_id", int),
            ("site_id", int),
            ("fingerprint", str),
            ("rule", str),
            ("severity", str),  # 否决 | 扣分 | 提示
            ("url", str),
            ("target", str),
            ("title", str),
            ("message", str),
            ("evidence", str),
            ("basis", str),
            ("data", str),  # JSON with rule-specific detail (sources of a broken link, ...)
        ],
        ("run_id", "fingerprint"),
    ),
    "meta": ([("key", str), ("value", str)], "key"),
    # Reachability probes of each site's home page (``duwang probe``, run by cron every hour):
    # the site.unreachable rule judges a week of them.
    "probes": (
        [
            ("id", int),
            ("site_id", int),
            ("url", str),  # the home page asked for
            ("probed_at", str),  # ISO datetime, UTC
            ("ok", int),  # 1 when the home page was open (2xx/3xx, body read) within the timeout
            ("status", int),  # HTTP status of the last response; NULL when none came
            ("error", str),  # timeout | refused | dns | connection | http_<status>; NULL when ok
            ("elapsed", float),  # seconds until the body was read (or the probe gave up)
        ],
        "id",
    ),
    # text.typo's checker result per distinct page text (rules/typo/resultcache.py), so that a
    # re-inspection of unchanged pages does not check them again. One row per site and key (a
    # digest of the checked texts, the detectors, the site's words and the checker's version);
    # after each run only the rows it used are kept.
    "typo_results": (
        [
            ("site_id", int),
            ("key", str),  # 16-byte BLAKE2b digest (a BLOB)
            ("run_id", int),  # the run that stored or last used it
            ("hits", str),  # JSON: the hits of each checked part; NULL when none (most pages)
        ],
        ("site_id", "key"),
    ),
}

# Crawl tables whose rows a re-inspection inherits instead of copying: when a conditional
# request confirms a stored page (304), the run gets one ``reused`` row naming the run that
# holds the page's rows, and the table of the same name (a view) shows them as the new run's.
# Table -> the column that ties a row to its page. The rows themselves live in ``stored_<table>``.
INHERITED: dict[str, str] = {
    "pages": "url",
    "columns": "url",
    "column_items": "source_url",
    "documents": "url",
    "links": "source_url",
    "targets": "url",
}
# What an inherited row shows instead of the stored value (the rows of a 304: nothing received).
INHERITED_OVERRIDES: dict[str, dict[str, str]] = {
    "pages": {"bytes": "0", "revalidated": "1", "fetched_at": "(SELECT started_at FROM runs WHERE id = r.run_id)"},
    "targets": {"checked_at": "(SELECT started_at FROM runs WHERE id = r.run_id)"},
}
# URL columns stored once, in ``urls(id, url)``: the physical table holds the id (column name on
# the right), the view shows the URL. Links are most of a store and repeat the same few
# thousand URLs (every page links the same navigation).
INTERNED: dict[str, dict[str, str]] = {
    "links": {"source_url": "source_id", "target_url": "target_id"},
}
# Physical tables without a rowid: the primary key is the table (links are most of a store).
WITHOUT_ROWID = {"links", "column_items", "typo_results"}

REUSED_DDL = """CREATE TABLE IF NOT EXISTS reused (
    run_id INTEGER NOT NULL,        -- the run that reused the page
    url TEXT NOT NULL,              -- the page (key of its rows in every INHERITED table)
    origin_run_id INTEGER NOT NULL, -- the run whose stored_* rows hold it
    PRIMARY KEY (run_id, url)) WITHOUT ROWID"""

INDEXES = [
    ("requests", ["run_id", "state"]),
    ("requests", ["run_id", "referer"]),  # a 304 re-enqueues the children of the stored page
    ("stored_column_items", ["run_id", "source_url"]),  # inherited rows are found by their page
    ("stored_column_items", ["run_id", "url"]),
    ("stored_pages", ["site_id", "url"]),
    ("stored_pages", ["run_id", "column_url"]),  # finalize_run groups a run's pages by column
    # Who links to a target (link.broken's sources), in this run's own rows and inherited ones.
    ("stored_links", ["target_id", "run_id"]),
    ("findings", ["site_id", "fingerprint"]),
    ("probes", ["site_id", "probed_at"]),
]


def physical(table: str) -> str:
    """Where a writer inserts rows of ``table`` with its public columns.

    The table that holds them (skipping the view's trigger), except for a table with
    ``INTERNED`` URLs: its view's trigger turns the URLs into ids.
    """
    return f"stored_{table}" if table in INHERITED and table not in INTERNED else table


def utcnow() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Store:
    """Thin wrapper over a sqlite-utils Database holding one audit."""

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise FileNotFoundError(f"audit store not found: {self.path}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():  # SQLite would create it 0644 whatever the umask says
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o666))
        new = self.path.stat().st_size == 0
        conn = sqlite3.connect(str(self.path), timeout=60, isolation_level=None)
        if new:  # only before the first table: lets release_free_pages() give freed pages back
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=60000")
        self.db = sqlite_utils.Database(conn)
        try:
            self.ensure_schema()
        except BaseException:
            conn.close()
            raise

    # -- schema ---------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create, migrate (an older version) or refuse (a newer one: SchemaError)."""
        schema.ensure(self.db.conn, TABLES, INHERITED, INHERITED_OVERRIDES, WITHOUT_ROWID,
                      REUSED_DDL, INDEXES, INTERNED)

    def _schema_version(self) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self.db.conn.close()

    # -- query planning -------------------------------------------------------------
    def analyze(self) -> None:
        """Give SQLite's planner statistics of the store's tables and indexes (sqlite_stat1).

        Without them it guesses, and on the crawl tables it guesses wrong: link.broken's
        lookup of the pages linking to a target read every link of the run for each target
        (19 s instead of 0.1 s at 20,000 pages). A full ANALYZE (0.15 s at 20,000 pages): a
        sampled one (``PRAGMA analysis_limit = 1000``) misjudged the links' target index and
        the plan stayed as bad. Run when a crawl is aggregated and before rules read a store
        that has none."""
        self.db.conn.execute("PRAGMA analysis_limit = 0")
        self.db.conn.execute("ANALYZE")

    def has_statistics(self) -> bool:
        return bool(self.db.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()) and bool(
            self.db.conn.execute("SELECT 1 FROM sqlite_stat1 LIMIT 1").fetchone())

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- sites and runs -------------------------------------------------------------
    def upsert_site(self, *, name: str, start_url: str, host: str, site_code: str = "",
                    unit: str = "") -> int:
        row = self.db.execute("SELECT id FROM sites WHERE start_url = ?", [start_url]).fetchone()
        record = {"name": name, "start_url": start_url, "host": host,
                  "site_code": site_code, "unit": unit}
        if row:
            self.db["sites"].update(row[0], record)
            return row[0]
        return self.db["sites"].insert(record).last_pk

    def site(self, site_id: int) -> dict:
        return self.db["sites"].get(site_id)

    def sites(self) -> list[dict]:
        return list(self.db["sites"].rows_where(order_by="id"))

    # The run lifecycle (crawler/runs.py): every change of runs.status goes through these.
    def start_run(self, site_id: int, *, as_of: str, settings: dict | None = None) -> int:
        """A new running run, revalidating against the site's newest finished run."""
        prev = self.latest_run(site_id, finished_only=True)
        return self.db["runs"].insert({
            "site_id": site_id,
            "started_at": utcnow(),
            "finished_at": None,
            "as_of": as_of,
            "status": RunStatus.RUNNING.value,
            "previous_run_id": prev["id"] if prev else None,
            "settings": json.dumps(settings or {}, ensure_ascii=False, default=str),
        }).last_pk

    def resumable_run(self, site_id: int) -> dict | None:
        """The newest run of the site that did not finish (killed or interrupted)."""
        rows = list(self.db["runs"].rows_where(
            f"site_id = ? AND status IN ({sql_list(OPEN)})", [site_id],
            order_by="id desc", limit=1))
        return rows[0] if rows else None

    def resume_run(self, run_id: int, *, as_of: str) -> None:
        """An open run continues (running again), judged against ``as_of`` now."""
        self._set_status(run_id, RunStatus.RUNNING, as_of=as_of)

    def finish_run(self, run_id: int) -> None:
        """Everything fetched is stored and the rules ran: the run is the site's newest finished one."""
        self._set_status(run_id, RunStatus.FINISHED, finished_at=utcnow())
        self.drop_old_frontiers(self.run(run_id)["site_id"], run_id)

    def interrupt_run(self, run_id: int) -> None:
        """The run stopped before the end; the next crawl of the site resumes it."""
        self._set_status(run_id, RunStatus.INTERRUPTED)

    def abandon_open_runs(self, site_id: int) -> list[int]:
        """The site's open runs are given up (not resumed, never compared against); their ids."""
        ids = [r["id"] for r in self.query(
            f"SELECT id FROM runs WHERE site_id = ? AND status IN ({sql_list(OPEN)})", [site_id])]
        for run_id in ids:
            self._set_status(run_id, RunStatus.ABANDONED)
        return ids

    def fail_run(self, run_id: int) -> None:
        """The run can neither be resumed nor compared against (kept for the record)."""
        self._set_status(run_id, RunStatus.FAILED, finished_at=utcnow())

    def note_run(self, run_id: int, note: str) -> None:
        """Add a note the report explains (why little was crawled) to the run's settings."""
        data = json.loads(self.run(run_id)["settings"] or "{}")
        data.setdefault("notes", []).append(note)
        self.db["runs"].update(run_id, {"settings": json.dumps(data, ensure_ascii=False)})

    def _set_status(self, run_id: int, status: RunStatus, **fields: Any) -> None:
        self.db["runs"].update(run_id, {"status": RunStatus(status).value, **fields})

    def drop_old_frontiers(self, site_id: int, run_id: int) -> None:
        """Forget the frontier of the site's runs before ``run_id`` once it finished.

        The next re-inspection reads only the newest finished run's frontier (which pages
        to revalidate, whose children to re-enqueue); older ones would only grow the file.
        Their pages, links and findings stay. The file gives the freed pages back.
        """
        with self.db.conn:
            self.db.execute("DELETE FROM requests WHERE run_id IN (SELECT id FROM runs WHERE "
                            f"site_id = ? AND id < ? AND status NOT IN ({sql_list(OPEN)}))",
                            [site_id, run_id])
        self.release_free_pages()

    def release_free_pages(self) -> None:
        """Truncate the file by its free pages (a dropped frontier, pruned runs).

        Without it a re-inspection would keep the high-water mark of two frontiers (the
        previous run's, read while crawling, and its own) for good. Only a store created with
        ``auto_vacuum = INCREMENTAL`` (every store this version creates) gives pages back; an
        older one reuses them for the next run, as before. Not a VACUUM: only free pages move.
        """
        # executescript steps the pragma to the end (execute() would free one page per call).
        self.db.conn.executescript("PRAGMA incremental_vacuum;")

    def latest_run(self, site_id: int, *, finished_only: bool = True,
                   before: int | None = None) -> dict | None:
        where = "site_id = ?"
        params: list[Any] = [site_id]
        if finished_only:
            where += f" AND status = '{RunStatus.FINISHED.value}'"
        if before is not None:
            where += " AND id < ?"
            params.append(before)
        rows = list(self.db["runs"].rows_where(where, params, order_by="id desc", limit=1))
        return rows[0] if rows else None

    def run(self, run_id: int) -> dict:
        return self.db["runs"].get(run_id)

    def validators(self, run_id: int) -> dict[str, tuple[str, str]]:
        """url -> (ETag, Last-Modified) of every page the run received whole or reused (304)."""
        return {row["url"]: (row["etag"] or "", row["last_modified"] or "") for row in self.query(
            "SELECT url, etag, last_modified FROM pages WHERE run_id = ? AND status IN (200, 304) "
            "AND (etag IS NOT NULL OR last_modified IS NOT NULL)", [run_id])}

    # -- bulk writes ----------------------------------------------------------------
    def insert_rows(self, table: str, rows: Iterable[dict], *, replace: bool = True) -> None:
        rows = [{k: storable_value(v) for k, v in row.items()} for row in rows]
        if not rows:
            return
        if table not in INHERITED:
            self.db[table].insert_all(rows, replace=replace, batch_size=500)
            return
        cols = [c for c, _ in TABLES[table][0] if any(c in r for r in rows)]
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        with self.db.conn:
            self.db.conn.executemany(
                f"{verb} INTO [{physical(table)}] ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [[r.get(c) for c in cols] for r in rows])

    def reuse_pages(self, run_id: int, previous_run_id: int, urls: list[str]) -> None:
        """A 304 confirmed the previous run's copies of ``urls``: the run inherits their rows.

        Call inside the writer's transaction. The rows stay where they were stored first
        (a chain of unchanged re-inspections points at the run that stored them); they show
        the run's start as the time they were fetched (checked).
        """
        self.db.conn.execute(
            "INSERT OR REPLACE INTO reused (run_id, url, origin_run_id) "
            "SELECT ?, j.value, COALESCE(p.origin_run_id, ?) FROM json_each(?) j "
            "LEFT JOIN reused p ON p.run_id = ? AND p.url = j.value",
            [run_id, previous_run_id, json.dumps(urls), previous_run_id])

    # -- reads used by rules and reports ----------------------------------------------
    def query(self, sql: str, params: Iterable[Any] = ()) -> Iterator[dict]:
        return self.db.query(sql, list(params))
