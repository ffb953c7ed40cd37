"""A run's findings and rule failures in the store: written once by the audit, read by everyone.

Findings are keyed by ``(run_id, fingerprint)``: the same problem reported twice in one run is
kept once. Rules that raised during a run are kept beside them (``rule_failures``) so that the
verdict and the reports, read later from the store, can say the audit is 未完成 and name the rule.
"""

from __future__ import annotations

import json
from typing import Any

from crawler.store import Store
from rules.base import Finding

FAILURES_TABLE = "rule_failures"
_FAILURES_DDL = (f"CREATE TABLE IF NOT EXISTS [{FAILURES_TABLE}] (run_id INTEGER, rule TEXT, "
                 f"error TEXT, PRIMARY KEY (run_id, rule))")


def get_run(store: Store, run_id: Any) -> dict:
    """The run's row; LookupError(run_id) for an unknown run."""
    rows = list(store.query("SELECT * FROM runs WHERE id = ?", [run_id]))
    if not rows:
        raise LookupError(run_id)
    return rows[0]


def save_findings(store: Store, run_id: int, site_id: int, findings: list[Finding]) -> None:
    """Replace the run's stored findings with ``findings`` (duplicates by fingerprint dropped)."""
    rows, seen = [], set()
    for f in findings:
        if f.fingerprint in seen:  # the same problem reported twice in one run
            continue
        seen.add(f.fingerprint)
        rows.append({"run_id": run_id, "site_id": site_id, "fingerprint": f.fingerprint,
                     "rule": f.rule, "severity": f.severity, "url": f.url, "target": f.target,
                     "title": f.title, "message": f.message, "evidence": f.evidence,
                     "basis": f.basis, "data": json.dumps(f.data, ensure_ascii=False, default=str)})
    with store.db.conn:
        store.db.execute("DELETE FROM findings WHERE run_id = ?", [run_id])
    store.insert_rows("findings", rows)


def finding_rows(store: Store, run_id: int) -> list[dict[str, Any]]:
    """The stored findings of a run, ``data`` parsed, in a stable order."""
    rows = []
    for row in store.query(
            "SELECT * FROM findings WHERE run_id = ? ORDER BY rule, url, target, fingerprint",
            [run_id]):
        row = dict(row)
        raw = row.get("data")
        try:
            row["data"] = json.loads(raw) if raw else {}
        except (TypeError, ValueError):
            row["data"] = {"raw": raw}
        rows.append(row)
    return rows


def save_failures(store: Store, run_id: int, failed: dict[str, str]) -> None:
    """Replace the run's recorded rule failures with ``failed`` (rule id -> error)."""
    with store.db.conn:
        store.db.execute(_FAILURES_DDL)
        store.db.execute(f"DELETE FROM [{FAILURES_TABLE}] WHERE run_id = ?", [run_id])
        for rule_id, error in sorted(failed.items()):
            store.db.execute(f"INSERT INTO [{FAILURES_TABLE}] (run_id, rule, error) VALUES (?, ?, ?)",
                             [run_id, rule_id, error])


def rule_failures(store: Store, run_id: int) -> dict[str, str]:
    """The rules that raised during the run (rule id -> error); empty for a store without any."""
    if FAILURES_TABLE not in store.db.table_names():
        return {}
    return {r["rule"]: r["error"] or "" for r in store.query(
        f"SELECT rule, error FROM [{FAILURES_TABLE}] WHERE run_id = ? ORDER BY rule", [run_id])}
