"""findings.json: a JSON array of the findings of the given runs (fields: README contract)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .model import ReportModel

FIELDS = ("rule", "site", "site_code", "url", "target", "title", "message", "evidence", "basis",
          "severity", "fingerprint", "run_id", "as_of", "status", "data")


def findings_list(model: ReportModel) -> list[dict[str, Any]]:
    """Every item of findings.json (all at once: :func:`iter_items` gives them one at a time)."""
    return list(iter_items(model))


def iter_items(model: ReportModel) -> Iterator[dict[str, Any]]:
    """findings.json's items in order, each made when it is asked for."""
    for f in model.iter_findings():
        yield item_of(f)


def item_of(f: dict[str, Any]) -> dict[str, Any]:
    item = {k: f.get(k) for k in FIELDS}
    for k in ("site", "site_code", "url", "target", "title", "message", "evidence", "basis"):
        item[k] = item[k] or ""
    item["data"] = item["data"] if item["data"] is not None else {}
    return item


def render_json(model: ReportModel) -> str:
    return "".join(generate_json(model))


def generate_json(model: ReportModel) -> Iterator[str]:
    """findings.json piece by piece (written as it is encoded, never held whole): the text
    ``JSONEncoder(indent=2).iterencode(list)`` gives, one item at a time. An item's own
    newlines are all indentation (a newline inside a string is escaped), so indenting the item
    one level is putting two spaces after each."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, default=str)
    first = True
    for item in iter_items(model):
        yield ("[\n  " if first else ",\n  ") + encoder.encode(item).replace("\n", "\n  ")
        first = False
    yield "[]\n" if first else "\n]\n"


def write_json(model: ReportModel, path: Path) -> Path:
    from .files import atomic_write_chunks

    atomic_write_chunks(path, generate_json(model))
    return path
