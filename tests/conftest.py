"""Shared fixtures: stores built by hand for the report, verdict and history tests (no crawl)."""

from __future__ import annotations

import pytest

from crawler.store import Store
from findings.records import save_findings
from rules.base import Finding, fingerprint

HOSTILE_TITLE = "<script>document.title='PWNED'</script><script>alert(1)</script>\"><img src=x onerror=alert(1)>"
HOSTILE_SITE = "恶意县<script>alert(1)</script>\"><img src=x onerror=alert(1)>"


def make_finding(rule: str, url: str, *, severity: str = "扣分", title: str = "", site: str = "示范县人民政府",
                 target: str = "", evidence: str = "证据文本", data: dict | None = None,
                 key: str | None = None) -> Finding:
    return Finding(rule=rule, site=site, url=url, title=title or rule, message=f"{rule} 的问题, 请整改",
                   evidence=evidence, basis=f"{rule} 的依据", severity=severity, target=target,
                   fingerprint=fingerprint(rule, key or url, target), data=data or {})


def add_pages(store: Store, run_id: int, site_id: int, urls: list[str], *, status: int = 200,
              error: str | None = None, kind: str = "article") -> None:
    """Page rows as the crawl stores them (the home page is the site's start URL)."""
    home = store.site(site_id)["start_url"]
    store.insert_rows("pages", [
        {"run_id": run_id, "site_id": site_id, "url": u, "final_url": u, "status": status,
         "error": error, "kind": "home" if u == home and status == 200 else kind, "depth": int(u != home)}
        for u in urls])


def add_run(store: Store, site_id: int, findings: list[Finding], *, as_of: str = "2026-11-20",
            status: str = "finished", pages: list[str] | int = 3) -> int:
    """A run with ``findings`` that read ``pages`` (URLs, or that many: the home page and
    articles), so that its verdict has a reading to rest on (no pages read: 无法检查)."""
    run_id = store.start_run(site_id, as_of=as_of)
    if isinstance(pages, int):
        home = store.site(site_id)["start_url"]
        pages = [home, *(f"{home.rstrip('/')}/p{i}.html" for i in range(1, pages))][:pages]
    add_pages(store, run_id, site_id, pages)
    save_findings(store, run_id, site_id, findings)
    if status == "finished":
        store.finish_run(run_id)
    else:
        store.interrupt_run(run_id)
    return run_id


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true", default=False,
                     help="rewrite rules/fixtures/<id>/snapshot.json from each rule's bad fixture "
                          "(then read the diff before committing)")


@pytest.fixture
def update_snapshots(request) -> bool:
    """True when pytest runs with --update-snapshots."""
    return bool(request.config.getoption("--update-snapshots"))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "audit.db") as s:
        yield s


@pytest.fixture
def two_sites(store):
    """Two counties; the first has two runs (one finding fixed, one still open, one new)."""
    a = store.upsert_site(name="示范县人民政府", start_url="http://a.example.gov.cn/", host="a.example.gov.cn",
                          site_code="3599000001", unit="示范县人民政府办公室")
    b = store.upsert_site(name="邻县人民政府", start_url="http://b.example.gov.cn/", host="b.example.gov.cn",
                          site_code="3599000002")
    old = [make_finding("link.broken", "http://a.example.gov.cn/x.html", target="http://a.example.gov.cn/gone"),
           make_finding("column.blank", "http://a.example.gov.cn/col1/")]
    run_a1 = add_run(store, a, old, as_of="2026-11-13")
    now = [make_finding("column.blank", "http://a.example.gov.cn/col1/"),
           make_finding("site.homepage_stale", "http://a.example.gov.cn/", severity="否决"),
           make_finding("interpretation.unlinked", "http://a.example.gov.cn/doc1.html")]
    # The re-inspection read x.html again: its broken link is fixed, not just unseen.
    run_a2 = add_run(store, a, now, pages=["http://a.example.gov.cn/", "http://a.example.gov.cn/x.html",
                                           "http://a.example.gov.cn/col1/", "http://a.example.gov.cn/doc1.html"])
    # ... and checked the link's target again: it answers now
    store.insert_rows("targets", [{"run_id": run_a2, "url": "http://a.example.gov.cn/gone", "status": 200,
                                   "state": "ok"}])
    run_b = add_run(store, b, [make_finding("link.broken", "http://b.example.gov.cn/p.html",
                                            target="http://b.example.gov.cn/dead", data={"on_home": True}),
                               make_finding("link.unreachable", "http://b.example.gov.cn/q.html",
                                            severity="提示")])
    return {"store": store, "a": a, "b": b, "run_a1": run_a1, "run_a2": run_a2, "run_b": run_b}


@pytest.fixture
def h():
    """Helpers: h.make_finding(...), h.add_run(store, site_id, findings), hostile strings."""
    from types import SimpleNamespace

    return SimpleNamespace(make_finding=make_finding, add_run=add_run, add_pages=add_pages,
                           HOSTILE_TITLE=HOSTILE_TITLE, HOSTILE_SITE=HOSTILE_SITE)
