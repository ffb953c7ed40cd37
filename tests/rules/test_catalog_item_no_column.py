"""catalog.item_no_column: each domain the catalog lists has a live column."""

from rules.catalog_item_no_column import CatalogItemNoColumn

B = "http://127.0.0.1:8000"


def crawl(col, names, *extra):
    cat = col("/ml/", "基层政务公开事项标准目录", crumbs=["政府信息公开", "基层政务公开事项标准目录"])
    items = [{"column_url": cat["url"], "url": f"{B}/ml/{i}.html", "title": f"示范县{n}领域基层政务公开标准目录",
              "date": "2026-10-15", "source_url": cat["url"]} for i, n in enumerate(names)]
    return {"columns": [cat, *extra], "column_items": items}


def test_no_column_points_at_the_catalog(run_rule, col):
    findings = run_rule(CatalogItemNoColumn, crawl(col, ["财政预决算"]))
    assert [(f.url, f.data["state"], f.data["domain"]) for f in findings] == [(f"{B}/ml/", "none", "财政预决算")]


def test_blank_and_stale_columns_point_at_the_column(run_rule, col):
    blank = run_rule(CatalogItemNoColumn, crawl(col, ["社会救助"], col("/shjz/", "社会救助", items=0, newest=None)))
    assert [(f.url, f.data["state"]) for f in blank] == [(f"{B}/shjz/", "blank")]
    stale = run_rule(CatalogItemNoColumn, crawl(col, ["社会救助"], col("/shjz/", "社会救助", newest="2025-06-01")))
    assert [f.data["state"] for f in stale] == ["stale"]
    assert run_rule(CatalogItemNoColumn, crawl(col, ["社会救助"], col("/shjz/", "社会救助", newest="2025-06-01")),
                    {"stale_days": 730}) == []


def test_a_synonym_column_is_the_domain_column(run_rule, col):
    assert run_rule(CatalogItemNoColumn, crawl(col, ["社会救助"], col("/db/", "最低生活保障"))) == []


def test_one_live_column_is_enough(run_rule, col):
    data = crawl(col, ["养老服务"], col("/a/", "养老服务", items=0, newest=None), col("/b/", "养老服务信息"))
    assert run_rule(CatalogItemNoColumn, data) == []
