"""Reports owed by an audit whose crawl and rules finished but whose reports were not written
(killed during the report phase): the next run of the same audit writes them instead of
starting a new re-inspection.

The audit store's ``meta`` table holds ``reports_pending`` (the JSON list of run ids) from the
end of the crawl until the reports are written.
"""

from __future__ import annotations

import json
from pathlib import Path

from crawler.runner import SiteRun
from crawler.runs import RunStatus
from crawler.store import Store

KEY = "reports_pending"


def mark(store: Store, run_ids: list[int]) -> None:
    with store.db.conn:
        store.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [KEY, json.dumps(run_ids)])


def clear(store: Store) -> None:
    with store.db.conn:
        store.db.execute("DELETE FROM meta WHERE key = ?", [KEY])


def owed_runs(store_path: Path, start_urls: list[str]) -> list[SiteRun] | None:
    """The finished runs whose reports are owed, when they are the runs of exactly these sites
    (same start URLs, same order); else None (crawl as usual)."""
    if not Path(store_path).exists():
        return None
    with Store(store_path) as store:
        row = store.db.execute("SELECT value FROM meta WHERE key = ?", [KEY]).fetchone()
        if not row:
            return None
        runs = []
        for run_id in json.loads(row[0]):
            found = list(store.query("SELECT r.id, r.site_id, r.status, s.start_url FROM runs r "
                                     "JOIN sites s ON s.id = r.site_id WHERE r.id = ?", [run_id]))
            if not found or found[0]["status"] != RunStatus.FINISHED:
                return None  # killed before the rules finished: the crawl resumes as usual
            runs.append(found[0])
    if [r["start_url"] for r in runs] != list(start_urls):
        return None
    return [SiteRun(r["site_id"], r["id"], resumed=True, status=RunStatus.FINISHED) for r in runs]
