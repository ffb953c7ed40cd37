"""Helpers for rule tests: load a JSON fixture (a tiny crawl) into a store and run a rule.

A fixture file looks like::

    {
      "as_of": "2026-11-20",
      "site": {"name": "示范县人民政府", "start_url": "http://127.0.0.1:8000/"},
      "settings": {"threshold_days": 14},          # optional: this rule's settings
      "pages": [{"url": "...", "kind": "article", "title": "...", "text": "..."}],
      "columns": [...], "column_items": [...], "documents": [...],
      "links": [...], "targets": [...]
    }

Rows need only the fields the rule reads; ``run_id`` and ``site_id`` are filled in.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.store import TABLES, Store

from .base import AuditContext, Finding, Rule

CRAWL_TABLES = ("pages", "columns", "column_items", "documents", "links", "targets", "attachments")


def load_crawl(store: Store, data: dict[str, Any]) -> AuditContext:
    """Write a fixture's crawl into ``store`` as one finished run and return its context."""
    site_data = dict(data.get("site") or {})
    start_url = site_data.get("start_url", "http://127.0.0.1:8000/")
    site_id = store.upsert_site(
        name=site_data.get("name", "示范县人民政府"),
        start_url=start_url,
        host=site_data.get("host") or urlsplit(start_url).netloc,
        site_code=site_data.get("site_code", ""),
        unit=site_data.get("unit", ""),
    )
    as_of = data.get("as_of", "2026-11-20")
    run_id = store.start_run(site_id, as_of=as_of)
    for table in CRAWL_TABLES:
        known = {name for name, _ in TABLES[table][0]}
        rows = []
        for row in data.get(table, []):
            unknown = set(row) - known
            if unknown:
                raise ValueError(f"fixture table {table}: unknown fields {sorted(unknown)}")
            full = {"run_id": run_id, **row}
            if "site_id" in known:
                full["site_id"] = site_id
            for key in ("breadcrumb", "meta", "fields", "attachments"):
                if key in full and not isinstance(full[key], str):
                    full[key] = json.dumps(full[key], ensure_ascii=False)
            rows.append(full)
        store.insert_rows(table, rows)
    store.finish_run(run_id)
    return AuditContext(store=store, run_id=run_id, site=store.site(site_id),
                        as_of=date.fromisoformat(as_of), settings={})


def run_fixture(rule_cls: type[Rule], path: str | Path, tmp_dir: str | Path) -> list[Finding]:
    """Load the fixture at ``path`` into a fresh store under ``tmp_dir`` and run the rule."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    store = Store(Path(tmp_dir) / f"{Path(path).stem}-{rule_cls.id}.db")
    try:
        ctx = load_crawl(store, data)
        rule = rule_cls(data.get("settings"))
        return list(rule.check(ctx))
    finally:
        store.close()
