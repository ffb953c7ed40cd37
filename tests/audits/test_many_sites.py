"""Many counties in one run: each its own politeness slot; slow, dead and firewalled portals
never stall the others, and a firewall is reported as blocked, not as broken links."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from crawler.store import Store
from tests.crawler.conftest import Site, html, ok

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _links(n, prefix):
    return "".join(f'<li><a href="/{prefix}{i}.html">文章{i}</a><span>2026-11-1{i % 9}</span></li>'
                   for i in range(n))


@pytest.fixture
def sites():
    good = Site({"/": ok(html(f"<ul>{_links(6, 'a')}</ul>", "好网站")),
                 **{f"/a{i}.html": ok(html(f"<div class='content'>正文{i}</div>", f"文章{i}"))
                    for i in range(6)}})

    def slow_page(handler):
        time.sleep(1.5)
        return ok(html("<div class='content'>慢</div>", "慢页面"))

    slow = Site({"/": ok(html(f"<ul>{_links(8, 's')}</ul>", "慢网站")),
                 **{f"/s{i}.html": slow_page for i in range(8)}})
    refuse = (403, {"Content-Type": "text/html; charset=utf-8"}, html("访问被拒绝", "403"))
    limited = (429, {"Content-Type": "text/html", "Retry-After": "1"}, "Too Many Requests")
    firewall = Site({"/": ok(html(f"<ul>{_links(9, 'f')}</ul>", "有防火墙的网站")),
                     **{f"/f{i}.html": refuse if i % 2 else limited for i in range(9)}})
    yield good, slow, firewall
    for s in (good, slow, firewall):
        s.close()


def test_slow_dead_and_firewalled_portals_do_not_stall_the_others(sites, tmp_path):
    good, slow, firewall = sites
    dead = f"http://127.0.0.1:{_closed_port()}/"
    config = tmp_path / "duwang.toml"
    config.write_text("[crawl]\nconcurrency = 1\nretry_times = 2\nretry_base_delay = 0.2\n"
                      "check_external = false\nDUWANG_BLOCKED_STOP_AFTER = 4\n", encoding="utf-8")
    out = tmp_path / "city"
    start = time.time()
    proc = subprocess.run([sys.executable, "-m", "audits.cli", "audit", good.url, slow.url, firewall.url,
                           dead, "--out", str(out), "--as-of", "2026-11-20", "--config", str(config),
                           "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    # The firewalled portal answered only its home page: 无法检查, so the audit is incomplete (4).
    assert proc.returncode == 4, proc.stderr[-3000:]
    assert time.time() - start < 120

    with Store(out / "audit.db", create=False) as store:
        site_ids = {s["start_url"]: s["id"] for s in store.sites()}
        assert len(site_ids) == 4
        runs = {url: store.latest_run(sid) for url, sid in site_ids.items()}
        assert all(r and r["status"] == "finished" for r in runs.values())

        def pages(url):
            return list(store.query("SELECT url, status, fetched_at FROM pages WHERE run_id = ?",
                                    [runs[url]["id"]]))

        good_pages, slow_pages = pages(good.url), pages(slow.url)
        assert len(good_pages) == 7 and all(p["status"] == 200 for p in good_pages)
        assert len(slow_pages) == 9
        last = lambda ps: max(datetime.fromisoformat(p["fetched_at"]) for p in ps)  # noqa: E731
        # The good portal was done long before the slow one (8 pages × 1.5 s, one at a time).
        assert (last(slow_pages) - last(good_pages)).total_seconds() >= 5

        dead_pages = list(store.query("SELECT status, error FROM pages WHERE run_id = ?", [runs[dead]["id"]]))
        assert [(p["status"], p["error"]) for p in dead_pages] == [(0, "refused")]

        fw_run = runs[firewall.url]["id"]
        states = {r["url"]: r["state"] for r in store.query(
            "SELECT url, state FROM targets WHERE run_id = ?", [fw_run])}
        blocked = {u for u, s in states.items() if s == "blocked"}
        assert len(blocked) >= 4
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    fw = [f for f in findings if f["url"].startswith(firewall.url) or (f["target"] or "").startswith(firewall.url)]
    assert not [f for f in fw if f["rule"] == "link.broken"]  # blocked is not broken
    assert any(f["rule"] == "link.unreachable" and "拦截" in f["title"] for f in fw)
    # The dead portal is 站点无法访问 (a veto), never 合格; the firewalled one could not be judged.
    assert [f["severity"] for f in findings if f["rule"] == "site.unreachable"] == ["否决"]
    assert [f["url"] for f in findings if f["rule"] == "site.unreachable"] == [dead]
    with Store(out / "audit.db", create=False) as store:
        from findings.verdict import verdict_for_run

        results = {url: verdict_for_run(store, runs[url]["id"]).result for url in runs}
    assert results == {good.url: "合格", slow.url: "合格", firewall.url: "无法检查", dead: "不合格"}
