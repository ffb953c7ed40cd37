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

import difflib
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
            for key in ("breadcrumb", "meta", "fields", "attachments", "tables"):
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


# What a snapshot pins of each finding: what a clerk reads and what keeps its identity.
SNAPSHOT_FIELDS = ("rule", "url", "target", "severity", "message", "fingerprint")


def snapshot_of(findings: list[Finding]) -> list[dict[str, str]]:
    """The findings as the snapshot keeps them: :data:`SNAPSHOT_FIELDS`, in a stable order."""
    rows = [{k: str(getattr(f, k)) for k in SNAPSHOT_FIELDS} for f in findings]
    return sorted(rows, key=lambda r: (r["rule"], r["url"], r["target"], r["fingerprint"], r["message"]))


def snapshot_text(findings: list[Finding]) -> str:
    return json.dumps(snapshot_of(findings), ensure_ascii=False, indent=2) + "\n"


def snapshot_diff(findings: list[Finding], path: str | Path) -> str:
    """A unified diff from the stored snapshot at ``path`` to ``findings``; empty when equal.

    Raises FileNotFoundError when there is no snapshot yet.
    """
    stored = Path(path).read_text(encoding="utf-8")
    now = snapshot_text(findings)
    if json.loads(stored) == json.loads(now):
        return ""
    return "".join(difflib.unified_diff(stored.splitlines(keepends=True), now.splitlines(keepends=True),
                                        fromfile=f"{path} (stored)", tofile="findings now"))


def write_snapshot(findings: list[Finding], path: str | Path) -> None:
    Path(path).write_text(snapshot_text(findings), encoding="utf-8")
