"""catalog.missing: a 基层政务公开事项标准目录 column on the platform."""

from rules.catalog_missing import CatalogMissing

B = "http://127.0.0.1:8000"
XX = ["政务公开", "政府信息公开", "基层政务公开事项标准目录"]


def test_no_catalog_points_at_home(run_rule, col):
    findings = run_rule(CatalogMissing, {"columns": [col("/zcwj/", "政策文件")]})
    assert [(f.url, f.data["state"]) for f in findings] == [(f"{B}/", "missing")]


def test_blank_or_outside_catalog_points_at_the_column(run_rule, col):
    blank = run_rule(CatalogMissing, {"columns": [col("/ml/", "基层政务公开事项标准目录", items=0, crumbs=XX)]})
    assert [(f.url, f.data["state"]) for f in blank] == [(f"{B}/ml/", "blank")]
    outside = run_rule(
        CatalogMissing, {"columns": [col("/ml/", "政务公开标准目录", crumbs=["专题专栏", "政务公开标准目录"])]}
    )
    assert [f.data["state"] for f in outside] == ["outside"]


def test_catalog_under_the_platform_passes(run_rule, col):
    assert run_rule(CatalogMissing, {"columns": [col("/ml/", "基层政务公开事项标准目录", crumbs=XX)]}) == []


def test_government_information_catalog_is_not_the_standard_catalog(run_rule, col):
    findings = run_rule(
        CatalogMissing, {"columns": [col("/ml/", "政府信息公开目录", crumbs=["政务公开", "政府信息公开目录"])]}
    )
    assert [f.data["state"] for f in findings] == ["missing"]
