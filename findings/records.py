"""A run's findings and rule failures in the store: written once by the audit, read by everyone.

Findings are keyed by ``(run_id, fingerprint)``: the same problem reported twice in one run is
kept once. Rules that raised during a run are kept beside them (``rule_failures``) so that the
verdict and the reports, read later from the store, can say the audit is 未完成 and name the rule.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from crawler.store import Store
from crawler.textsafe import is_storable, storable_value
from rules.base import Finding

_COLUMNS = ("run_id", "site_id", "fingerprint", "rule", "severity", "url", "target", "title", "message",
            "evidence", "basis", "data")
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
    """Replace the run's stored findings with ``findings`` (duplicates by fingerprint dropped).

    One tuple per finding (its ``data`` encoded once), one check that the run's text is
    storable (each value is made storable only when that check finds something), and one
    prepared statement in one transaction. The rows go in in fingerprint order: the primary
    key and the (site_id, fingerprint) index are then filled front to back instead of at a
    random place per row, which on a large store spilled SQLite's page cache on every few rows.
    """
    rows: dict[str, tuple] = {}
    encode = _DATA_ENCODER.encode
    for f in findings:
        fp = f.fingerprint
        if fp in rows:  # the same problem reported twice in one run: the first is kept
            continue
        rows[fp] = (run_id, site_id, fp, f.rule, f.severity, f.url, f.target, f.title, f.message,
                    f.evidence, f.basis, encode(f.data))
    ordered = [rows[fp] for fp in sorted(rows)]
    if not _all_storable(ordered):
        ordered = [tuple(storable_value(v) for v in row) for row in ordered]
    # One transaction, one prepared statement (sqlite-utils' insert_all rebuilt it per batch).
    with store.db.conn:
        store.db.execute("DELETE FROM findings WHERE run_id = ?", [run_id])
        store.db.conn.executemany(_INSERT, ordered)


_INSERT = f"INSERT OR REPLACE INTO findings ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
# json.dumps(data, ensure_ascii=False, default=str) without building an encoder per finding
_DATA_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)


def _all_storable(rows: list[tuple]) -> bool:
    """Whether every string of ``rows`` is already storable (:func:`crawler.textsafe.storable`
    would return it unchanged): one scan of their text joined by newlines (a character it keeps)."""
    return is_storable("\n".join([v for row in rows for v in row if isinstance(v, str)]))


def finding_rows(store: Store, run_id: int) -> list[dict[str, Any]]:
    """The stored findings of a run, ``data`` parsed, in a stable order.

    A run of tens of thousands of findings repeats the same strings in every row (a rule's
    message and basis, the keys and many values of ``data``): each distinct string is kept once.
    """
    shared: dict[str, str] = {}
    sd = shared.setdefault
    rows = raw_finding_rows(store, run_id)
    for row in rows:
        for key in _REPEATED:
            value = row.get(key)
            if value.__class__ is str:  # TEXT columns: exact str or None
                row[key] = sd(value, value)
        parse_data(row)
        if row["data"]:
            row["data"] = _share(row["data"], shared)
    return rows


# columns whose values recur across a run's findings (one rule's message, basis, severity)
_REPEATED = ("rule", "severity", "message", "basis", "title", "target", "evidence")


def _share(value: Any, shared: dict[str, str]) -> Any:
    """``value`` with every string (dict keys included) replaced by its first equal copy.

    ``value`` comes from ``json.loads`` (exact str, dict and list); strings and numbers inside a
    dict or list are handled in place, without a call each."""
    sd = shared.setdefault
    kind = value.__class__
    if kind is str:
        return sd(value, value)
    if kind is dict:
        return {(sd(k, k) if k.__class__ is str else k):
                (sd(v, v) if v.__class__ is str else _share(v, shared) if v.__class__ in _NESTED else v)
                for k, v in value.items()}
    if kind is list:
        return [sd(v, v) if v.__class__ is str else _share(v, shared) if v.__class__ in _NESTED else v
                for v in value]
    return value


_NESTED = (dict, list)


def raw_finding_rows(store: Store, run_id: int) -> list[dict[str, Any]]:
    """:func:`finding_rows` with ``data`` left as stored (JSON text): for callers that need only
    some rows' data (:func:`parse_data` them)."""
    return row_dicts(findings_cursor(store, run_id))


# The order findings are read in (reports, the diff, the verdict: a rule's first 否决 finding
# gives the verdict its basis).
FINDING_ORDER = "ORDER BY rule, url, target, fingerprint"


def findings_cursor(store: Store, run_id: int) -> sqlite3.Cursor:
    """Every stored column of the run's findings, in :data:`FINDING_ORDER`."""
    return store.db.conn.execute(f"SELECT * FROM findings WHERE run_id = ? {FINDING_ORDER}", [run_id])


def row_dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """The cursor's rows as dicts by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values)) for values in cursor]


class StoredRows:
    """The rows of one ordered ``SELECT`` over ``findings``, read from the store each time they
    are iterated (``data`` parsed, one row at a time) instead of held in a list: for the reports
    and the audit's summary of a run of tens of thousands of findings. ``len()`` is one count."""

    def __init__(self, store: Store, sql: str, params: list[Any]):
        self.conn, self.sql, self.params = store.db.conn, sql, list(params)
        self.count = self.conn.execute(f"SELECT count(*) FROM ({sql})", self.params).fetchone()[0]

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self):
        cursor = self.conn.execute(self.sql, self.params)
        names = [d[0] for d in cursor.description]
        return (parse_data(dict(zip(names, values))) for values in cursor)

    def __repr__(self) -> str:
        return f"<StoredRows {self.count} rows>"


def parse_data(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its ``data`` JSON parsed ({} when empty, {"raw": text} when unreadable)."""
    raw = row.get("data")
    if not raw or raw == "{}":
        row["data"] = {}
    else:
        try:
            row["data"] = json.loads(raw)
        except (TypeError, ValueError):
            row["data"] = {"raw": raw}
    return row


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
