"""Typed crawl results: the store writer turns them into rows; they survive the trip through Redis."""

from __future__ import annotations

import json

import pytest

from crawler.items import CheckItem, FrontierItem, PageItem, ProxyItem, ReuseItem, from_dict, to_dict
from crawler.pipelines import StoreWriter
from crawler.store import Store


def _entry(url, kind="page"):
    return {"url": url, "depth": 1, "referer": "http://a.gov.cn/", "kind": kind, "method": "GET",
            "body": "", "meta": "{}"}


def test_items_round_trip_through_json():
    items = [PageItem(url="http://a.gov.cn/", page={"url": "http://a.gov.cn/", "status": 200},
                      links=[{"target_url": "http://a.gov.cn/x"}], entries=[_entry("http://a.gov.cn/x")]),
             ProxyItem(url="http://a.gov.cn/proxy", body="p=2", items=[{"url": "http://a.gov.cn/y"}]),
             CheckItem(url="http://b.cn/", target={"url": "http://b.cn/", "state": "ok"}),
             ReuseItem(urls=["http://a.gov.cn/"], previous_run_id=3),
             FrontierItem(entries=[_entry("http://a.gov.cn/")])]
    for item in items:
        data = json.loads(json.dumps(to_dict(item)))
        assert data["type"] == item.kind
        assert from_dict(data) == item
    with pytest.raises(ValueError):
        from_dict({"type": "nonsense"})


def test_store_writer_turns_items_into_rows(tmp_path):
    with Store(tmp_path / "audit.db") as store:
        site = store.upsert_site(name="示范县", start_url="http://a.gov.cn/", host="a.gov.cn")
        run = store.start_run(site, as_of="2026-11-20")
        writer = StoreWriter(store, run)
        writer.add(FrontierItem(entries=[{**_entry("http://a.gov.cn/"), "depth": 0, "referer": ""}]))
        writer.add(PageItem(url="http://a.gov.cn/",
                            page={"run_id": run, "site_id": site, "url": "http://a.gov.cn/", "status": 200,
                                  "kind": "home", "revalidated": 0, "depth": 0},
                            target={"run_id": run, "url": "http://a.gov.cn/", "status": 200, "state": "ok"},
                            entries=[_entry("http://a.gov.cn/x")]))
        with pytest.raises(TypeError):
            writer.add({"type": "page"})  # a plain dict is no result any more
        writer.flush()
        states = {r["url"]: r["state"] for r in store.query("SELECT url, state FROM requests WHERE run_id = ?", [run])}
        assert states == {"http://a.gov.cn/": "done", "http://a.gov.cn/x": "queued"}
        assert [r["kind"] for r in store.query("SELECT kind FROM pages WHERE run_id = ?", [run])] == ["home"]
        assert [r["state"] for r in store.query("SELECT state FROM targets WHERE run_id = ?", [run])] == ["ok"]
