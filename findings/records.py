"""A run's findings and rule failures in the store: written once by the audit, read by everyone.

Findings are keyed by ``(run_id, fingerprint)``: the same problem reported twice in one run is
kept once. Rules that raised during a run are kept beside them (``rule_failures``) so that the
verdict and the reports, read later from the store, can say the audit is 未完成 and name the rule.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
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
    for f in findings:
        if f.fingerprint not in rows:  # the same problem reported twice in one run: the first is kept
            rows[f.fingerprint] = _finding_row(run_id, site_id, f)
    ordered = [rows[fp] for fp in sorted(rows)]
    if not _all_storable(ordered):
        ordered = [tuple(storable_value(v) for v in row) for row in ordered]
    # One transaction, one prepared statement (sqlite-utils' insert_all rebuilt it per batch).
    with store.db.conn:
        store.db.execute("DELETE FROM findings WHERE run_id = ?", [run_id])
        store.db.conn.executemany(_INSERT, ordered)


class FindingsWriter:
    """A run's findings saved as the rules yield them, :data:`WRITE_BATCH` at a time, instead of
    all of them kept until the last rule is done (:func:`save_findings` in pieces).

    The run's stored findings are replaced: the first :meth:`add` of a fingerprint wins, as in
    :func:`save_findings`. :meth:`rule_failed` takes back what the current rule (since the last
    :meth:`start_rule`) had added, so a rule that raises leaves nothing, as before.
    """

    def __init__(self, store: Store, run_id: int, site_id: int):
        self.store, self.run_id, self.site_id = store, run_id, site_id
        self.pending: dict[str, tuple] = {}
        self.added: list[str] = []  # fingerprints the current rule inserted
        self.count = 0  # findings stored
        self.batches = 0  # batches written (tests read it)
        with store.db.conn:
            store.db.execute("DELETE FROM findings WHERE run_id = ?", [run_id])

    def start_rule(self) -> None:
        self.flush()
        self.added = []

    def add(self, f: Finding) -> None:
        if f.fingerprint not in self.pending:
            self.pending[f.fingerprint] = _finding_row(self.run_id, self.site_id, f)
            if len(self.pending) >= WRITE_BATCH:
                self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        conn = self.store.db.conn
        fps = sorted(self.pending)
        taken = {fp for (fp,) in conn.execute(
            "SELECT fingerprint FROM findings WHERE run_id = ? AND fingerprint IN "
            f"({', '.join('?' * len(fps))})", [self.run_id, *fps])}
        ordered = [self.pending[fp] for fp in fps if fp not in taken]
        self.pending.clear()
        if not ordered:
            return
        if not _all_storable(ordered):
            ordered = [tuple(storable_value(v) for v in row) for row in ordered]
        conn.execute("BEGIN")
        try:
            conn.executemany(_INSERT, ordered)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        self.added.extend(row[2] for row in ordered)
        self.count += len(ordered)
        self.batches += 1

    def rule_failed(self) -> None:
        self.pending.clear()
        conn = self.store.db.conn
        for i in range(0, len(self.added), WRITE_BATCH):
            part = self.added[i:i + WRITE_BATCH]
            conn.execute(f"DELETE FROM findings WHERE run_id = ? AND fingerprint IN ({', '.join('?' * len(part))})",
                         [self.run_id, *part])
        self.count -= len(self.added)
        self.added = []


WRITE_BATCH = 500


class StoredFindings:
    """A run's stored findings as :class:`~rules.base.Finding` objects, read from ``audit.db``
    (by its path, so it outlives the audit's connection) each time it is iterated, in
    :data:`FINDING_ORDER`; ``len()`` is one count. What ``RuleOutcome.findings`` is after an
    audit: the findings of a large run are not kept in memory while the reports are written.
    ``data`` is as stored (JSON: a date a rule put there reads back as its ISO text)."""

    def __init__(self, path: Any, run_id: int, count: int | None = None, severity: str | None = None):
        self.path, self.run_id, self.severity = str(path), run_id, severity
        self._count = count

    def _connect(self) -> sqlite3.Connection:
        # read-write, not read-only: when a reader is the last connection to close, SQLite can then
        # checkpoint and delete audit.db-wal/-shm, so audit.db stays one file to copy
        uri = Path(self.path).resolve().as_uri() + "?mode=rw"  # a '?' or '#' in the path is quoted
        return sqlite3.connect(uri, uri=True, timeout=60)

    def __len__(self) -> int:
        if self._count is None:
            conn = self._connect()
            try:
                sql, params = self._where()
                self._count = conn.execute(f"SELECT count(*) FROM findings f WHERE {sql}", params).fetchone()[0]
            finally:
                conn.close()
        return self._count

    def __bool__(self) -> bool:
        return len(self) > 0

    def _where(self) -> tuple[str, list[Any]]:
        if self.severity is None:
            return "f.run_id = ?", [self.run_id]
        return "f.run_id = ? AND f.severity = ?", [self.run_id, self.severity]

    def of_severity(self, severity: str) -> StoredFindings:
        """The same run's findings of one severity."""
        return StoredFindings(self.path, self.run_id, severity=severity)

    def __iter__(self):
        return self._read()

    def _read(self, limit: str = "", extra: tuple = ()):
        conn = self._connect()
        sql, params = self._where()
        try:
            cursor = conn.execute(
                "SELECT f.rule, COALESCE(NULLIF(s.name, ''), s.host, ''), f.url, f.title, f.message, f.evidence, "
                "f.basis, f.severity, f.target, f.fingerprint, f.data FROM findings f "
                f"LEFT JOIN sites s ON s.id = f.site_id WHERE {sql} {FINDING_ORDER} {limit}", [*params, *extra])
            for row in cursor:
                values = [v if v is not None else "" for v in row[:10]]
                yield Finding(*values, data=parse_data({"data": row[10]})["data"])
        finally:
            conn.close()

    def __getitem__(self, index):
        """One finding by its place in the order (read alone, LIMIT/OFFSET), or a slice's list."""
        if isinstance(index, slice):
            return list(self)[index]
        i = index.__index__()
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("StoredFindings index out of range")
        rows = self._read("LIMIT 1 OFFSET ?", (i,))
        try:
            return next(rows)
        finally:
            rows.close()  # its connection closed now

    def __repr__(self) -> str:
        return f"<StoredFindings run {self.run_id}: {len(self)}>"


def _finding_row(run_id: int, site_id: int, f: Finding) -> tuple:
    """The values of :data:`_INSERT` for one finding (its ``data`` encoded once)."""
    return (run_id, site_id, f.fingerprint, f.rule, f.severity, f.url, f.target, f.title, f.message,
            f.evidence, f.basis, _DATA_ENCODER.encode(f.data))


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
