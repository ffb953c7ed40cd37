"""interpretation.column_missing: a 政策解读 column on the platform, with content."""

from rules.interpretation_column_missing import InterpretationColumnMissing

B = "http://127.0.0.1:8000"
XX = ["政务公开", "政府信息公开", "政策解读"]


def test_no_interpretation_column_points_at_home(run_rule, col):
    findings = run_rule(InterpretationColumnMissing, {"columns": [col("/zcwj/", "政策文件")]})
    assert [f.url for f in findings] == [f"{B}/"]
    assert findings[0].data["state"] == "missing"


def test_blank_column_points_at_the_column(run_rule, col):
    findings = run_rule(InterpretationColumnMissing, {"columns": [col("/zcjd/", "政策解读", items=0, crumbs=XX)]})
    assert [(f.url, f.data["state"]) for f in findings] == [(f"{B}/zcjd/", "blank")]


def test_column_outside_the_platform(run_rule, col):
    findings = run_rule(
        InterpretationColumnMissing, {"columns": [col("/jd/", "政策解读", crumbs=["新闻中心", "政策解读"])]}
    )
    assert [f.data["state"] for f in findings] == ["outside"]


def test_a_filled_column_under_the_platform_passes(run_rule, col):
    assert run_rule(InterpretationColumnMissing, {"columns": [col("/zcjd/", "文件解读", crumbs=XX)]}) == []
