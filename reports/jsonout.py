"""findings.json: a JSON array of the findings of the given runs (fields: README contract)."""

from __future__ import annotations

import json
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
    return json.dumps(findings_list(model), ensure_ascii=False, indent=2, default=str) + "\n"


def write_json(model: ReportModel, path: Path) -> Path:
    from .files import atomic_write_text

    atomic_write_text(path, render_json(model))
    return path
