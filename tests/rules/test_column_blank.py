"""column.blank: blank listing columns, veto at five."""

import pytest

from rules.column_blank import ColumnBlank


@pytest.fixture
def blanks(col):
    return lambda n: [col(f"/zwgk/c{i}/", f"空栏目{i}", items=0, newest=None) for i in range(n)]


def test_four_blank_columns_are_deductions(run_rule, blanks):
    findings = run_rule(ColumnBlank, {"columns": blanks(4)})
    assert len(findings) == 4
    assert {f.severity for f in findings} == {"扣分"}
    assert "4 个空白栏目" in findings[0].message


def test_five_blank_columns_veto_each(run_rule, blanks):
    findings = run_rule(ColumnBlank, {"columns": blanks(5)})
    assert len(findings) == 5
    assert {f.severity for f in findings} == {"否决"}
    assert all(f.data["veto"] for f in findings)


def test_veto_count_setting(run_rule, blanks):
    findings = run_rule(ColumnBlank, {"columns": blanks(2)}, {"veto_count": 2})
    assert {f.severity for f in findings} == {"否决"}


def test_nav_unverifiable_home_and_filled_columns_are_not_blank(run_rule, col):
    crawl = {"columns": [
        col("/zwgk/", "政府信息公开", kind="nav", items=0, newest=None),
        col("/zwgk/ysqgk/", "依申请公开", kind="unverifiable", items=0, newest=None),
        col("/", "首页", kind="home", items=0, newest=None),
        col("/zwdt/gzdt/", "工作动态", items=1),
        col("/zwgk/zdxm/", "重大建设项目", items=0, newest=None),
    ]}
    findings = run_rule(ColumnBlank, crawl)
    assert [f.url for f in findings] == ["http://127.0.0.1:8000/zwgk/zdxm/"]
    assert "重大建设项目" in findings[0].message
    assert "http://127.0.0.1:8000/zwgk/zdxm/" in findings[0].evidence


def test_fingerprint_ignores_the_count(run_rule, blanks):
    one = run_rule(ColumnBlank, {"columns": blanks(1)})
    six = run_rule(ColumnBlank, {"columns": blanks(6)})
    assert one[0].fingerprint == six[0].fingerprint
    assert one[0].severity != six[0].severity
