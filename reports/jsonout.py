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
    out = []
    for f in model.all_findings():
        item = {k: f.get(k) for k in FIELDS}
        for k in ("site", "site_code", "url", "target", "title", "message", "evidence", "basis"):
            item[k] = item[k] or ""
        item["data"] = item["data"] if item["data"] is not None else {}
        out.append(item)
    return out


def render_json(model: ReportModel) -> str:
    return "".join(generate_json(model))


def generate_json(model: ReportModel) -> Iterator[str]:
    """findings.json piece by piece (written as it is encoded, never held whole)."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, default=str)
    yield from encoder.iterencode(findings_list(model))
    yield "\n"


def write_json(model: ReportModel, path: Path) -> Path:
    from .files import atomic_write_chunks

    atomic_write_chunks(path, generate_json(model))
    return path
