"""catalog.domains: the 26 pilot domains, under their national or provincial names."""

from rules.catalog import domains
from rules.catalog_domains import CatalogDomains

B = "http://127.0.0.1:8000"


def crawl(col, names):
    cat = col("/ml/", "基层政务公开事项标准目录", crumbs=["政府信息公开", "基层政务公开事项标准目录"])
    items = [{"column_url": cat["url"], "url": f"{B}/ml/{i}.html", "title": f"示范县{n}领域基层政务公开标准目录",
              "date": "2026-10-15", "source_url": cat["url"]} for i, n in enumerate(names)]
    return {"columns": [cat], "column_items": items}


def test_the_data_file_has_the_26_domains_of_the_guidance():
    assert len(domains()) == 26
    assert all(name in names for name, names in domains().items())


def test_missing_domains_are_listed_in_one_finding(run_rule, col):
    findings = run_rule(CatalogDomains, crawl(col, ["社会救助", "义务教育"]))
    assert len(findings) == 1 and findings[0].url == f"{B}/ml/"
    assert len(findings[0].data["missing"]) == 24
    assert "社会救助" in findings[0].data["covered"] and "社会救助" not in findings[0].data["missing"]


def test_provincial_names_count_as_the_national_domain(run_rule, col):
    names = [n for n in domains() if n not in ("国土空间规划", "环境保护", "医疗卫生")] + [
        "城乡规划",
        "生态环境",
        "卫生健康",
    ]
    assert run_rule(CatalogDomains, crawl(col, names)) == []


def test_not_applicable_domains_are_skipped(run_rule, col):
    names = [n for n in domains() if n != "户籍管理"]
    assert len(run_rule(CatalogDomains, crawl(col, names))) == 1
    assert run_rule(CatalogDomains, crawl(col, names), {"not_applicable": ["户籍管理"]}) == []


def test_no_catalog_is_left_to_catalog_missing(run_rule, col):
    assert run_rule(CatalogDomains, {"columns": [col("/zcwj/", "政策文件")]}) == []
