"""findings.csv: the findings as a table, UTF-8 with a BOM so that Excel and WPS open it as such.

The columns are findings.json's fields (``data`` as a JSON string) plus 整改时限 and 责任单位.
Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from .jsonout import item_of
from .model import ReportModel

COLUMNS = ("rule", "site", "site_code", "url", "target", "title", "message", "evidence", "basis",
           "severity", "fingerprint", "run_id", "as_of", "status", "deadline", "unit", "data")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(model: ReportModel) -> str:
    return "".join(generate_csv(model))


def generate_csv(model: ReportModel) -> Iterator[str]:
    """findings.csv line by line (written as it is made, never held whole)."""
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    yield "\ufeff" + line.take()
    for full in model.iter_findings():  # one finding at a time: its item, 整改时限 and 责任单位
        row = {**item_of(full), "deadline": full.get("deadline", ""), "unit": full.get("unit", "")}
        writer.writerow([_cell(row.get(c)) for c in COLUMNS])
        yield line.take()


class _Line:
    """What csv.writer wrote since the last :meth:`take`."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def write_csv(model: ReportModel, path: Path) -> Path:
    from .files import atomic_write_chunks

    atomic_write_chunks(path, generate_csv(model))
    return path
