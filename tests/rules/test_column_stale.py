"""column.stale: per-class limits against as_of, no-date columns, veto aggregation, warnings."""

import pytest

from rules.base import NotConfigured
from rules.column_stale import ColumnStale


def stale_only(findings):
    return [f for f in findings if f.severity != "提示"]


@pytest.mark.parametrize("name, newest, stale", [
    ("工作动态", "2026-11-06", False),  # exactly 14 days before as_of 2026-11-20
    ("工作动态", "2026-11-05", True),   # 15 days
    ("通知公告", "2026-05-20", False),  # exactly six calendar months
    ("通知公告", "2026-05-19", True),
    ("人事信息", "2025-11-20", False),  # exactly one year
    ("人事信息", "2025-11-19", True),
    ("机构职能", "2019-01-01", False),  # static: never stale
    ("抗战胜利80周年专题", "2019-01-01", False),  # unclassified: not judged
])
def test_limits_per_class(run_rule, col, name, newest, stale):
    findings = stale_only(run_rule(ColumnStale, {"columns": [col("/c/", name, newest=newest)]}))
    assert bool(findings) is stale


def test_message_says_how_many_days_overdue(run_rule, col):
    findings = run_rule(ColumnStale, {"columns": [col("/gzdt/", "工作动态", newest="2026-10-01")]})
    assert len(findings) == 1
    assert "2026-10-01" in findings[0].message
    assert "36 天" in findings[0].message  # 50 days old, limit 14
    assert findings[0].data["days_overdue"] == 36
    assert "http://127.0.0.1:8000/gzdt/" in findings[0].evidence


def test_month_end_dates_use_calendar_months(run_rule, col):
    crawl = {"as_of": "2026-02-28",
             "columns": [col("/tzgg/", "通知公告", newest="2025-08-31")]}
    assert stale_only(run_rule(ColumnStale, crawl)) == []  # deadline clamps to 2026-02-28
    crawl["as_of"] = "2026-03-01"
    assert len(stale_only(run_rule(ColumnStale, crawl))) == 1


def test_column_without_dates_counts_as_not_updated(run_rule, col):
    findings = run_rule(ColumnStale, {"columns": [col("/tzgg/", "通知公告", newest=None)]})
    assert len(findings) == 1
    assert "未显示发布日期" in findings[0].message
    assert findings[0].data["days_overdue"] is None


def test_blank_and_non_listing_columns_are_left_to_other_rules(run_rule, col):
    crawl = {"columns": [col("/a/", "工作动态", items=0, newest=None),
                         col("/b/", "工作动态", kind="nav", newest="2020-01-01"),
                         col("/", "首页", kind="home", newest="2020-01-01")]}
    assert run_rule(ColumnStale, crawl) == []


def old(col, kind_name, n):
    return [col(f"/{kind_name}{i}/", kind_name, newest="2024-01-01") for i in range(n)]


def test_five_dynamic_or_notice_columns_veto(run_rule, col):
    columns = old(col, "工作动态", 3) + old(col, "通知公告", 2)
    findings = run_rule(ColumnStale, {"columns": columns})
    assert len(findings) == 5 and {f.severity for f in findings} == {"否决"}


def test_four_core_and_five_slow_columns_are_deductions(run_rule, col):
    columns = old(col, "工作动态", 4) + old(col, "人事信息", 5)
    findings = run_rule(ColumnStale, {"columns": columns})
    assert len(findings) == 9 and {f.severity for f in findings} == {"扣分"}


def test_ten_stale_columns_of_any_class_veto(run_rule, col):
    columns = old(col, "工作动态", 4) + old(col, "人事信息", 6)
    findings = run_rule(ColumnStale, {"columns": columns})
    assert len(findings) == 10 and {f.severity for f in findings} == {"否决"}


def test_veto_counts_are_settings(run_rule, col):
    findings = run_rule(ColumnStale, {"columns": old(col, "工作动态", 2)},
                        {"veto_core_count": 2})
    assert {f.severity for f in findings} == {"否决"}


def test_early_warning_near_the_limit(run_rule, col):
    # 12 days old: 2 days left of 14 -> 提示; 10 days old: 4 days left -> nothing
    crawl = {"columns": [col("/a/", "工作动态", newest="2026-11-08"),
                         col("/b/", "乡镇动态", newest="2026-11-10")]}
    findings = run_rule(ColumnStale, crawl)
    assert [(f.url, f.severity) for f in findings] == [("http://127.0.0.1:8000/a/", "提示")]
    assert "即将超期" in findings[0].message and "2 天" in findings[0].message
    assert run_rule(ColumnStale, crawl, {"warn_days": 0}) == []


def test_warning_and_stale_fingerprints_differ(run_rule, col):
    warn = run_rule(ColumnStale, {"columns": [col("/a/", "工作动态", newest="2026-11-08")]})
    stale = run_rule(ColumnStale, {"columns": [col("/a/", "工作动态", newest="2026-10-08")]})
    assert warn[0].fingerprint != stale[0].fingerprint


def test_fingerprint_does_not_depend_on_dates(run_rule, col):
    a = run_rule(ColumnStale, {"columns": [col("/a/", "工作动态", newest="2026-10-08")]})
    b = run_rule(ColumnStale, {"columns": [col("/a/", "工作动态", newest="2026-09-01")]})
    assert a[0].fingerprint == b[0].fingerprint


def test_class_overrides(run_rule, col):
    crawl = {"columns": [col("/xx/", "县长信箱", newest="2026-01-01"),
                         col("/gzdt/", "工作动态", newest="2026-01-01")]}
    default = run_rule(ColumnStale, crawl)  # 县长信箱 is unclassified, 工作动态 is stale
    assert [f.url for f in default] == ["http://127.0.0.1:8000/gzdt/"]
    findings = run_rule(ColumnStale, crawl, {"classes": {"县长信箱": "dynamic",
                                                         "工作动态": "static"}})
    assert [f.url for f in findings] == ["http://127.0.0.1:8000/xx/"]


def test_unknown_override_class_is_refused():
    with pytest.raises(NotConfigured):
        ColumnStale({"classes": {"县长信箱": "weekly"}})


def test_unclassified_columns_are_listed_not_skipped(run_rule, col):
    crawl = {"columns": [col("/a/", "文化旅游", newest="2025-01-02"), col("/b/", "本地风光", newest=None),
                         col("/c/", "工作动态", newest="2026-11-18"), col("/d/", "县长信箱"),
                         col("/e/", "图说", items=0)]}  # blank: column.blank's business
    findings = run_rule(ColumnStale, crawl)
    [notice] = [f for f in findings if f.title == "未分类栏目"]
    assert notice.severity == "提示"
    assert [c["name"] for c in notice.data["unclassified"]] == ["文化旅游", "本地风光"]
    assert "文化旅游（最新信息 2025-01-02" in notice.evidence and "本地风光（最新信息 无日期" in notice.evidence
    # Once the inspector classifies them (or switches them off) they are judged, not listed.
    findings = run_rule(ColumnStale, crawl, {"classes": {"文化旅游": "dynamic", "本地风光": "ignore"}})
    assert not [f for f in findings if f.title == "未分类栏目"]
    assert [f.data["column"] for f in findings if f.severity != "提示"] == ["文化旅游"]
