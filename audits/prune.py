"""Drop old runs from an audit store, keeping what history, diffs and re-inspections need.

``duwang prune --out DIR --keep N`` keeps, for every site, its newest ``N`` finished runs and
any run that has not finished (it may be resumed). Of an older run it deletes the run, its
findings, its frontier and its crawl rows, except the rows a kept run still shows: a
re-inspection inherits the rows of unchanged pages from the run that stored them
(:mod:`crawler.schema`), so those stay, under that run's id. A store created by this version gives
the freed pages back to the file system (``Store.release_free_pages``); an older one reuses them
for the next runs (``sqlite3 audit.db VACUUM`` shrinks it if wanted).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.runs import OPEN, RunStatus
from crawler.store import INHERITED, INTERNED, Store


@dataclass
class PruneResult:
    dropped: list[int] = field(default_factory=list)  # run ids
    kept: list[int] = field(default_factory=list)
    rows_deleted: int = 0
    rows_kept_for_newer_runs: int = 0


def runs_to_drop(store: Store, keep: int) -> tuple[list[int], list[int]]:
    """(dropped, kept) run ids: per site the newest ``keep`` finished runs and every open run stay."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    dropped, kept = [], []
    for site in store.sites():
        finished = 0
        for run in store.query("SELECT id, status FROM runs WHERE site_id = ? ORDER BY id DESC", [site["id"]]):
            if run["status"] in OPEN:
                kept.append(run["id"])
            elif run["status"] == RunStatus.FINISHED and finished < keep:
                finished += 1
                kept.append(run["id"])
            else:  # older than the kept finished runs, abandoned or failed: nothing needs it
                dropped.append(run["id"])
    return sorted(dropped), sorted(kept)


# Tables keyed by run that are not crawl tables: attachment text (re-downloaded or copied by
# each run) and the rule engine's failures.
PER_RUN_TABLES = ("attachments", "rule_failures")


def prune(store: Store, keep: int) -> PruneResult:
    dropped, kept = runs_to_drop(store, keep)
    result = PruneResult(dropped=dropped, kept=kept)
    conn = store.db.conn
    existing = set(store.db.table_names())
    # Newest first: a dropped run's inherited rows then no longer count as still shown.
    for run_id in sorted(dropped, reverse=True):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Pages of this run that a kept run inherited (reused) keep their rows.
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS still_shown (url TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM temp.still_shown")
            conn.execute("INSERT OR IGNORE INTO temp.still_shown SELECT url FROM reused "
                         "WHERE origin_run_id = ? AND run_id != ?", [run_id, run_id])
            for table, key in INHERITED.items():
                cur = conn.execute(f"DELETE FROM [stored_{table}] WHERE run_id = ? AND {_kept_pages(table, key)}",
                                   [run_id])
                result.rows_deleted += cur.rowcount
                result.rows_kept_for_newer_runs += conn.execute(
                    f"SELECT count(*) FROM [stored_{table}] WHERE run_id = ?", [run_id]).fetchone()[0]
            for sql in ("DELETE FROM reused WHERE run_id = ?", "DELETE FROM findings WHERE run_id = ?",
                        "DELETE FROM requests WHERE run_id = ?", "DELETE FROM runs WHERE id = ?"):
                result.rows_deleted += conn.execute(sql, [run_id]).rowcount
            for table in PER_RUN_TABLES:  # a run's own rows in tables other layers add
                if table in existing:
                    result.rows_deleted += conn.execute(f"DELETE FROM [{table}] WHERE run_id = ?", [run_id]).rowcount
            conn.execute("UPDATE runs SET previous_run_id = NULL WHERE previous_run_id = ?", [run_id])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    if dropped:
        drop_unused_urls(store)
        store.release_free_pages()
    return result


def _kept_pages(table: str, key: str) -> str:
    """SQL: the row's page is not one a kept run still shows (temp.still_shown)."""
    if key in INTERNED.get(table, {}):
        return (f"[{INTERNED[table][key]}] NOT IN (SELECT u.id FROM urls u "
                "JOIN temp.still_shown k ON k.url = u.url)")
    return f"[{key}] NOT IN (SELECT url FROM temp.still_shown)"


def drop_unused_urls(store: Store) -> int:
    """Delete the URLs (``urls``) no stored row refers to any more; returns how many."""
    refs = " UNION ".join(f"SELECT [{col}] FROM [stored_{table}]"
                          for table, cols in INTERNED.items() for col in cols.values())
    with store.db.conn:
        return store.db.conn.execute(f"DELETE FROM urls WHERE id NOT IN ({refs})").rowcount
