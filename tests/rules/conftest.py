"""Helpers for the rule tests: run one rule over an in-memory crawl description."""

from __future__ import annotations

import json
from itertools import count

import pytest

from rules.testing import run_fixture

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def run_rule(tmp_path):
    """run_rule(RuleClass, crawl_dict, settings=None) -> findings, via a real temporary store."""
    serial = count()

    def run(rule_cls, crawl: dict, settings: dict | None = None):
        data = {"as_of": "2026-11-20",
                "site": {"name": "示范县人民政府", "start_url": f"{BASE}/"}, **crawl}
        if settings is not None:
            data["settings"] = settings
        path = tmp_path / f"crawl{next(serial)}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return run_fixture(rule_cls, path, tmp_path)

    return run


def _column(path: str, name: str, *, kind: str = "listing", items: int = 3,
            newest: str | None = "2026-11-18", crumbs: list[str] | None = None) -> dict:
    return {"url": f"{BASE}{path}", "name": name, "kind": kind, "item_count": items,
            "newest_date": newest, "pages": 1,
            "path": " > ".join(crumbs if crumbs is not None else ["首页", name])}


@pytest.fixture
def col():
    """col(path, name, kind=, items=, newest=, crumbs=) -> a columns row."""
    return _column
