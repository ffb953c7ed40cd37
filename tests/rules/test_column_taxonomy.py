"""Column classification by name (rules.taxonomy)."""

import json
from pathlib import Path

import pytest

from rules.taxonomy import classify_column, is_interpretation_column, is_policy_column, validate_overrides


@pytest.mark.parametrize("name, expected", [
    ("工作动态", "dynamic"),
    ("乡镇动态", "dynamic"),
    ("部门动态", "dynamic"),
    ("今日要闻", "dynamic"),
    ("通知公告", "notice"),
    ("公告通知", "notice"),
    ("政策文件", "notice"),
    ("行政规范性文件", "notice"),
    ("县政府文件", "notice"),
    ("人事信息", "slow"),
    ("人事任免动态", "slow"),  # the longer keyword wins over 动态
    ("规划计划", "slow"),
    ("机构职能", "static"),
    ("政府信息公开指南", "static"),
    ("政府信息公开制度", "static"),
    ("政府信息公开年报", "static"),
    ("领导信息", "static"),
    (" 工作 动态 ", "dynamic"),  # spacing is ignored
    ("通知公吿", "notice"),  # a typo is caught by the fuzzy match
    ("县长信箱", "static"),  # an interaction channel, not a column that must publish
    ("抗战胜利80周年专题", "static"),  # historical 专题 columns are excluded from the check
    ("文化旅游", None),  # the inspector decides (listed as 未分类栏目 by column.stale)
    ("", None),
])
def test_default_classes(name, expected):
    assert classify_column(name) == expected


@pytest.mark.parametrize("name, expected", [
    # names of real county, city and department portals
    ("领导活动", "dynamic"), ("公务员管理", "slow"), ("录用调配", "slow"), ("业务工作", "slow"),
    ("党建信息", "slow"), ("人事信息", "slow"), ("乡镇动态", "dynamic"), ("部门动态", "dynamic"),
    ("山西要闻", "dynamic"), ("意见征集", "notice"), ("公示公告", "notice"), ("国务院公报", "notice"),
    ("工作机构", "static"), ("政府信息公开目录", "static"), ("政府信息公开年度报告", "static"),
    ("义务教育", "slow"), ("招生及录取工作", "slow"), ("投资管理和项目推进", "slow"),
    ("业务管理", "slow"), ("社会救助", "slow"), ("乡村振兴", "slow"), ("在线访谈", "slow"),
    ("党建动态", "dynamic"), ("统计公报", "slow"),
])
def test_real_portal_column_names_have_a_class(name, expected):
    assert classify_column(name) == expected


def test_overrides_by_name_and_url():
    overrides = {"县长信箱": "static", "工作动态": "ignore",
                 "http://127.0.0.1:8000/zt/": "dynamic"}
    assert classify_column("县长信箱", overrides=overrides) == "static"
    assert classify_column("工作动态", overrides=overrides) is None
    assert classify_column("专题", "http://127.0.0.1:8000/zt/", overrides) == "dynamic"
    assert classify_column("通知公告", overrides=overrides) == "notice"


def test_invalid_override_values_are_listed():
    assert validate_overrides({"a": "static", "b": "weekly"}) == ["b → weekly"]


def test_policy_and_interpretation_columns():
    assert is_policy_column("县政府文件")
    assert is_policy_column("规范性文件")
    assert not is_policy_column("政策解读")
    assert not is_policy_column("工作动态")
    assert is_interpretation_column("政策解读")
    assert not is_interpretation_column("政策文件")


REAL_LABELS = Path(__file__).resolve().parents[2] / "../shared/real-pages/labels.json"


@pytest.mark.skipif(not REAL_LABELS.exists(), reason="../shared/real-pages is absent")
def test_the_column_names_of_the_real_pages_all_get_a_class():
    labels = json.loads(REAL_LABELS.read_text(encoding="utf-8"))
    names = sorted({e["column_name"] for e in labels if e.get("column_name")})
    assert names
    assert [n for n in names if classify_column(n) is None] == []


def test_keyword_pass_picks_the_keyword_the_table_scan_picks():
    import random

    from rules.taxonomy import _TABLE, classify_by_keyword, normalize_name

    def scan(name):
        clean = normalize_name(name)
        return next((cls for keyword, cls in _TABLE if keyword in clean), None)

    rnd = random.Random(3)
    keywords = [k for k, _ in _TABLE]
    names = ["".join(rnd.choice(keywords + ["县", "工作", "·", " ", "专栏"]) for _ in range(rnd.randint(1, 4)))
             for _ in range(3000)]
    assert [classify_by_keyword(n) for n in names] == [scan(n) for n in names]
    assert len({scan(n) for n in names}) > 3
