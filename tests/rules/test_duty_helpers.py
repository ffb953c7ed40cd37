"""Shared helpers of the duty rules: platform columns and titles without the site suffix."""

from rules.platform import clean_title, descendants, is_blank, under_platform


def test_clean_title_drops_the_site_name_only():
    assert clean_title("关于《X办法》的政策解读_示范县人民政府") == "关于《X办法》的政策解读"
    assert clean_title("2025年年度报告 - 示范县政府网") == "2025年年度报告"
    assert clean_title("示范县人民政府关于印发A-B办法的通知") == "示范县人民政府关于印发A-B办法的通知"


def test_under_platform_looks_at_ancestors_not_the_column_itself():
    assert under_platform({"path": "政务公开 > 政府信息公开 > 政策解读"})
    assert not under_platform({"path": "新闻中心 > 政策解读"})
    assert not under_platform({"path": "政府信息公开"})  # the platform itself


def test_blank_and_descendants():
    assert is_blank({"kind": "listing", "item_count": 0})
    assert not is_blank({"kind": "nav", "item_count": 0})
    cols = [
        {"url": "a", "path": "X > 目录"},
        {"url": "b", "path": "X > 目录 > 社会救助"},
        {"url": "c", "path": "X > 目录外"},
    ]
    assert [c["url"] for c in descendants(cols, cols[0])] == ["b"]
