"""The report's finding rows, kept in a temporary SQLite table instead of in Python lists.

:func:`reports.model.load_model` reads each run's findings once, in the report's order, works
out what the exporters show (status, 栏目, 整改时限, 责任单位, 序号) and writes each finished row
to a TEMP table of the store's connection (SQLite's temporary database: not ``audit.db``; its
pages spill to a temporary file beyond a small cache). Each exporter then reads the rows back
in order, one at a time: however many findings a site has, the report holds the few it is
writing (a site of 20,000 blank listings held its 19,000 findings twice, as the audit's
``Finding`` objects and as the model's dicts, while every report was written).

A row is stored as :mod:`marshal` bytes of its dict (str, int, float, None, dict, list: what
``json.loads`` and the model put in it), which read back equal and in the same key order.
"""

from __future__ import annotations

import itertools
import marshal
import sqlite3
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

_names = itertools.count(1)
BATCH = 500


class RowTable:
    """One model's TEMP table of finished rows; dropped when the model is garbage-collected."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.name = f"duwang_report_rows_{next(_names)}"
        conn.execute(f"CREATE TEMP TABLE {self.name} (run_id INTEGER, rule TEXT, severity TEXT, counted INTEGER, "
                     "status TEXT, col TEXT, deadline_text TEXT, row BLOB)")
        conn.execute(f"CREATE INDEX temp.{self.name}_group ON {self.name} (run_id, counted, rule)")
        weakref.finalize(self, _drop, conn, self.name)
        self.writes = 0  # rows written (tests count the rows read back against it)
        self.reads = 0  # rows read back by the exporters

    def append(self, rows: Iterable[tuple[int, dict[str, Any], bool]]) -> tuple[int, int]:
        """Write ``(run_id, row, counted)`` in order; returns the (first, last) rowid written
        ((0, -1) for none)."""
        first = last = None
        batch: list[tuple] = []
        for run_id, row, is_counted in rows:
            batch.append((run_id, row.get("rule"), row.get("severity"), int(is_counted), row.get("status"),
                          row.get("column") or "", row.get("deadline_text"), marshal.dumps(row)))
            if len(batch) >= BATCH:
                first, last = self._flush(batch, first)
        if batch:
            first, last = self._flush(batch, first)
        return (first, last) if first is not None else (0, -1)

    def _flush(self, batch: list[tuple], first: int | None) -> tuple[int, int]:
        cursor = self.conn.cursor()
        cursor.executemany(f"INSERT INTO {self.name} (run_id, rule, severity, counted, status, col, "
                           "deadline_text, row) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
        last = self.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
        self.writes += len(batch)
        if first is None:
            first = last - len(batch) + 1
        batch.clear()
        return first, last

    def rows(self, where: str, params: list[Any]) -> Iterator[dict[str, Any]]:
        """The rows matching ``where`` (over the table's columns and ``rowid``), in rowid order."""
        loads = marshal.loads
        cursor = self.conn.execute(f"SELECT row FROM {self.name} WHERE {where} ORDER BY rowid", params)
        while True:
            chunk = cursor.fetchmany(BATCH)
            if not chunk:
                return
            self.reads += len(chunk)
            for (blob,) in chunk:
                yield loads(blob)

    def values(self, sql: str, params: list[Any]) -> list[Any]:
        """The first column of ``sql`` (``{t}`` stands for the table)."""
        return [v for (v,) in self.conn.execute(sql.format(t=self.name), params)]


def _drop(conn: sqlite3.Connection, name: str) -> None:
    try:
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    except sqlite3.Error:  # the store is closed already: its temporary tables went with it
        pass


class FindingView:
    """A site's report rows (its counted findings, or those marked 无需整改, or one rule's), read
    from the :class:`RowTable` each time it is iterated. ``len()`` and truth need no reading."""

    def __init__(self, table: RowTable, where: str, params: list[Any], count: int):
        self.table, self.where, self.params, self.count = table, where, params, count

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self.table.rows(self.where, self.params)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError(index)
        return next(itertools.islice(iter(self), index, None))

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, (list, FindingView)) else NotImplemented

    def __repr__(self) -> str:
        return f"<FindingView {self.count} rows>"
