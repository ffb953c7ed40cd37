"""site.unreachable: one fetch of the home page, or a week of probes when the store has enough."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from crawler.store import Store
from rules.site_unreachable import SiteUnreachable
from rules.testing import load_crawl

HOME = "http://127.0.0.1:8000/"
PROBES_DDL = ("CREATE TABLE IF NOT EXISTS probes (id INTEGER PRIMARY KEY, site_id INTEGER, url TEXT, "
              "probed_at TEXT, ok INTEGER, status INTEGER, error TEXT, elapsed REAL)")


def home_page(status=200, error=None, kind="home"):
    return {"pages": [{"url": HOME, "final_url": HOME, "status": status, "error": error,
                       "kind": kind, "fetched_at": "2026-11-20T02:30:00+00:00", "depth": 0}]}


@pytest.mark.parametrize("status, error, why", [
    (0, "refused", "连接被拒绝"),
    (0, "dns", "域名解析失败"),
    (0, "timeout", "访问超时"),
    (0, "ResponseNeverReceived", "网络连接失败"),
    (0, "SSLError", "网络连接失败"),
    (404, None, "HTTP 404"),
    (503, None, "HTTP 503"),
    (403, None, "HTTP 403"),
    (200, "soft404", "软404"),
])
def test_a_home_page_that_cannot_be_opened_is_a_veto(run_rule, status, error, why):
    findings = run_rule(SiteUnreachable, home_page(status, error, "other"))
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "否决" and f.url == HOME
    assert why in f.message
    # One audit is one probe of the week the veto is judged over: the finding says so.
    assert "一次监测" in f.message and "每天至少监测 20 次" in f.message and "5%" in f.message
    assert f.data["judged_by"] == "one_fetch"


@pytest.mark.parametrize("status, error", [(200, None), (304, None), (0, "robots"), (0, "too_large"),
                                           (0, "some_new_code")])
def test_opened_or_never_asked_is_silent(run_rule, status, error):
    assert run_rule(SiteUnreachable, home_page(status, error)) == []


def test_no_home_row_is_silent(run_rule):
    # --max-pages 0: nothing was asked; the verdict says 无法检查, this rule has nothing to judge.
    assert run_rule(SiteUnreachable, {"pages": []}) == []


# -- a week of probes ----------------------------------------------------------------------------
@pytest.fixture
def probe_store(tmp_path):
    stores = []

    def make(home: dict, probes: list[tuple[datetime, bool, float]], as_of="2026-11-20"):
        store = Store(tmp_path / f"p{len(stores)}.db")
        stores.append(store)
        ctx = load_crawl(store, {"as_of": as_of, "site": {"name": "示范县人民政府", "start_url": HOME},
                                 **home})
        store.db.execute(PROBES_DDL)
        store.insert_rows("probes", [
            {"site_id": ctx.site["id"], "url": HOME, "probed_at": at.isoformat(), "ok": int(ok),
             "status": 200 if ok else 0, "error": None if ok else "timeout", "elapsed": elapsed}
            for at, ok, elapsed in probes])
        return ctx

    yield make
    for s in stores:
        s.close()


def week(n_per_day: int, failed_at: set[int], *, end=date(2026, 11, 20), slow_at=frozenset()):
    """n_per_day probes a day on the 7 days ending on ``end``; probe numbers in failed_at fail."""
    out, k = [], 0
    for day in range(7):
        for i in range(n_per_day):
            at = datetime(end.year, end.month, end.day, tzinfo=timezone.utc) - timedelta(days=day) \
                + timedelta(hours=i * 24 / n_per_day)
            out.append((at, k not in failed_at, 20.0 if k in slow_at else 0.8))
            k += 1
    return out


def test_week_of_probes_at_five_percent_is_a_veto_with_the_failed_times(probe_store):
    probes = week(20, set(range(7)))  # 7 of 140 = 5.0 %
    ctx = probe_store(home_page(), probes)
    [f] = list(SiteUnreachable().check(ctx))
    assert f.severity == "否决" and f.data["judged_by"] == "probes"
    assert (f.data["probes"], f.data["failed"]) == (140, 7)
    assert f.data["rate"] == pytest.approx(0.05)
    failed_times = sorted(at.isoformat() for at, ok, _ in probes if not ok)
    assert sorted(f.data["failed_times"]) == failed_times
    assert "共监测首页 140 次，失败 7 次" in f.message and "5.0%" in f.message
    assert failed_times[0] in f.evidence


def test_below_five_percent_is_silent_when_this_audit_opened_the_home_page(probe_store):
    ctx = probe_store(home_page(), week(20, set(range(6))))  # 6 of 140 = 4.3 %
    assert list(SiteUnreachable().check(ctx)) == []


def test_below_five_percent_but_down_now_is_a_notice_not_a_veto(probe_store):
    ctx = probe_store(home_page(0, "refused", "other"), week(20, {3}))
    [f] = list(SiteUnreachable().check(ctx))
    assert f.severity == "提示" and "连接被拒绝" in f.message and "未达到" in f.message


def test_slow_probes_fail_and_the_threshold_is_a_setting(probe_store):
    ctx = probe_store(home_page(), week(20, set(), slow_at={0, 1, 2}))  # 3 slow ones = 2.1 %
    assert list(SiteUnreachable().check(ctx)) == []
    [f] = list(SiteUnreachable({"veto_rate": 0.02}).check(ctx))
    assert f.data["failed"] == 3 and "耗时 20.0 秒" in f.evidence
    assert list(SiteUnreachable({"probe_timeout": 30, "veto_rate": 0.02}).check(ctx)) == []


def test_probes_outside_the_week_or_of_other_sites_do_not_count(probe_store):
    old = week(20, set(range(140)), end=date(2026, 11, 10))  # a bad week, but not this one
    ctx = probe_store(home_page(0, "refused", "other"), old + week(20, set()))
    [f] = list(SiteUnreachable().check(ctx))
    assert f.severity == "提示" and f.data["probes"] == 140 and f.data["failed"] == 0


def test_too_few_probes_fall_back_to_one_fetch_and_say_so(probe_store):
    ctx = probe_store(home_page(503, None, "other"), week(5, set(range(35))))  # 35 < 140, all failed
    [f] = list(SiteUnreachable().check(ctx))
    assert f.data["judged_by"] == "one_fetch" and f.severity == "否决"
    assert "只有 35 次监测记录" in f.message and "至少需要 140 次" in f.message
    ctx2 = probe_store(home_page(), week(5, set(range(35))))
    assert list(SiteUnreachable().check(ctx2)) == []
    # "enough" is a setting
    [f] = list(SiteUnreachable({"min_probes": 35}).check(ctx2))
    assert f.data["judged_by"] == "probes" and f.severity == "否决"
