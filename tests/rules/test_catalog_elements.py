"""catalog.elements: the 8 elements as table headers of HTML catalog tables."""

from rules import catalog
from rules.catalog_elements import CatalogElements

B = "http://127.0.0.1:8000"
FULL = ("序号 公开事项 一级事项 二级事项 公开内容（要素） 公开依据 公开时限 公开主体 公开渠道和载体 "
        "公开对象 全社会 特定群体 公开方式 主动 依申请 1 招生入学 招生政策 义务教育法 20个工作日内 县教育局 政府网站")


def crawl(col, text):
    cat = col("/ml/", "基层政务公开事项标准目录", crumbs=["政府信息公开", "基层政务公开事项标准目录"])
    return {"columns": [cat], "pages": [{"url": f"{B}/ml/1.html", "kind": "article", "column_url": cat["url"],
                                         "title": "义务教育领域标准目录", "text": text}]}


def test_a_complete_table_passes(run_rule, col):
    assert run_rule(CatalogElements, crawl(col, FULL)) == []


def test_missing_headers_are_named(run_rule, col):
    text = FULL.replace("公开依据 ", "").replace("公开对象 全社会 特定群体 ", "")
    findings = run_rule(CatalogElements, crawl(col, text))
    assert len(findings) == 1 and findings[0].url == f"{B}/ml/1.html"
    assert findings[0].data["missing"] == ["依据", "公开对象"]


def test_a_metadata_label_is_not_a_header(run_rule, col):
    text = FULL.replace("公开方式 主动 依申请 ", "") + " 公开方式：主动公开"
    assert run_rule(CatalogElements, crawl(col, text))[0].data["missing"] == ["方式"]


def test_prose_pages_are_not_tables(run_rule, col):
    assert run_rule(CatalogElements, crawl(col, "现发布本县各领域标准目录，请查阅附件。")) == []


def test_attachment_text_hook(run_rule, col, monkeypatch):
    def source(ctx, url):
        return [(f"{B}/ml/P1.xlsx", "序号 公开事项 公开内容 公开时限 公开主体")]

    monkeypatch.setattr(catalog, "ATTACHMENT_TEXT_SOURCES", [source])
    findings = run_rule(CatalogElements, crawl(col, "详见附件。"))
    assert [f.target for f in findings] == [f"{B}/ml/P1.xlsx"]
    assert "依据" in findings[0].data["missing"]
