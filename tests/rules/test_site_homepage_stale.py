"""site.homepage_stale: dated home items within 14 days, or a navigation hub's second level."""

import pytest

from rules.site_homepage_stale import HomepageStale

HOME = "http://127.0.0.1:8000/"


def home_crawl(col, dates, extra_columns=()):
    items = [{"column_url": HOME, "url": f"{HOME}n{i}.html", "title": f"新闻{i}", "date": d}
             for i, d in enumerate(dates)]
    newest = max((d for d in dates if d), default=None)
    return {"columns": [col("/", "首页", kind="home", items=len(dates), newest=newest,
                            crumbs=["首页"]), *extra_columns],
            "column_items": items}


@pytest.mark.parametrize("newest, fires", [("2026-11-06", False), ("2026-11-05", True)])
def test_fourteen_day_limit(run_rule, col, newest, fires):
    findings = run_rule(HomepageStale, home_crawl(col, [newest, "2026-09-01"]))
    assert bool(findings) is fires
    if fires:
        assert findings[0].severity == "否决"
        assert "15 天" in findings[0].message
        assert "新闻0" in findings[0].evidence and newest in findings[0].evidence


def test_days_setting(run_rule, col):
    assert run_rule(HomepageStale, home_crawl(col, ["2026-11-10"]), {"days": 7})


def test_hub_home_falls_back_to_second_level_columns(run_rule, col):
    fresh = col("/zwdt/gzdt/", "工作动态", newest="2026-11-12")
    old = col("/zwgk/tzgg/", "通知公告", newest="2026-08-01")
    assert run_rule(HomepageStale, home_crawl(col, [None, None], [fresh, old])) == []
    findings = run_rule(HomepageStale, home_crawl(col, [], [old]))
    assert len(findings) == 1
    assert findings[0].data["hub"] is True
    assert "通知公告" in findings[0].evidence and "2026-08-01" in findings[0].evidence


def test_only_second_level_columns_count_for_a_hub(run_rule, col):
    deep = col("/zwgk/bm/fgj/dt/", "部门动态", newest="2026-11-19",
               crumbs=["首页", "政府信息公开", "部门信息公开", "部门动态"])
    old = col("/zwgk/tzgg/", "通知公告", newest="2026-08-01")
    assert len(run_rule(HomepageStale, home_crawl(col, [], [deep, old]))) == 1
    assert run_rule(HomepageStale, home_crawl(col, [], [deep, old]), {"hub_depth": 4}) == []


def test_no_home_column_means_nothing_to_judge(run_rule, col):
    assert run_rule(HomepageStale, {"columns": [col("/a/", "工作动态", newest="2020-01-01")]}) == []
