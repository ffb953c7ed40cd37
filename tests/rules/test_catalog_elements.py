"""catalog.elements: the 8 elements as table headers of HTML catalog tables."""

import json
from pathlib import Path

import pytest

from crawler.extract import analyse_page, decode_body
from rules import catalog
from rules.base import fingerprint
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


# -- rows with blank element cells (pages.tables, attachments.tables) ------------------------------
HEADER = ["序号", "公开事项/一级事项", "公开事项/二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
          "公开渠道和载体", "公开对象/全社会", "公开对象/特定群体", "公开方式"]


def row(n, second="招生政策", basis="义务教育法", limit="20个工作日内", body="县教育局", every="√", special=""):
    return [str(n), "招生入学", second, "范围", basis, limit, body, "政府网站", every, special, "主动"]


def crawl_with(col, rows, attachments=None, text=FULL):
    data = crawl(col, text)
    data["pages"][0]["tables"] = [{"header": HEADER, "rows": rows, "total_rows": len(rows)}]
    if attachments:
        data["attachments"] = attachments
    return data


def blank_findings(findings):
    return [f for f in findings if "rows" in f.data]


def test_a_filled_table_passes(run_rule, col):
    # 公开对象 ticked in one of its two columns; "/" and "无" are answers, not blanks
    rows = [row(1), row(2, basis="/"), row(3, limit="无", every="", special="√")]
    assert run_rule(CatalogElements, crawl_with(col, rows)) == []


def test_rows_with_blank_elements_are_reported_once_per_table(run_rule, col):
    rows = [row(1), row(2, second="划片范围", basis="", limit=""), row(3), row(4, every="", body="")]
    findings = run_rule(CatalogElements, crawl_with(col, rows))
    assert len(findings) == 1
    f = findings[0]
    assert f.url == f"{B}/ml/1.html" and f.target == "" and f.data["count"] == 2
    assert f.data["rows"] == [
        {"row": 2, "number": "2", "item": "划片范围", "missing": ["依据", "时限"]},
        {"row": 4, "number": "4", "item": "招生政策", "missing": ["主体", "公开对象"]}]
    assert "第 2 行（序号 2）“划片范围”空白：依据、时限" in f.evidence
    assert "2 行要素空白" in f.message


def test_evidence_is_capped_and_the_rest_counted(run_rule, col):
    rows = [row(n, basis="") for n in range(1, 9)]
    f = run_rule(CatalogElements, crawl_with(col, rows))[0]
    assert f.data["count"] == 8 and f.evidence.count("空白：依据") == 3 and "另有 5 行" in f.evidence


def test_a_section_heading_row_is_not_an_item(run_rule, col):
    rows = [["一、招生入学"] + [""] * 10, row(1)]
    assert run_rule(CatalogElements, crawl_with(col, rows)) == []


def test_the_header_finding_keeps_its_fingerprint_beside_the_rows_finding(run_rule, col):
    text = FULL.replace("公开依据 ", "")
    header_only = run_rule(CatalogElements, crawl(col, text))
    both = run_rule(CatalogElements, crawl_with(col, [row(1, limit="")], text=text))
    assert len(header_only) == 1 and len(both) == 2
    page = f"{B}/ml/1.html"
    assert header_only[0].fingerprint == fingerprint("catalog.elements", page, page)  # as before rows were read
    assert header_only[0].fingerprint in {f.fingerprint for f in both}
    assert len({f.fingerprint for f in both}) == 2


def test_a_table_that_is_no_catalog_is_ignored(run_rule, col):
    data = crawl(col, FULL)
    data["pages"][0]["tables"] = [{"header": ["科目", "公开数", "公开率"], "rows": [["教育", "", ""]]}]
    assert run_rule(CatalogElements, data) == []


def test_an_attached_workbook_is_checked_and_pointed_at(run_rule, col):
    xlsx = f"{B}/ml/P020261015000960.xlsx"
    attachments = [{"url": xlsx, "linked_from": f"{B}/ml/1.html", "content_type": "xlsx", "text": FULL,
                    "tables": [{"header": HEADER, "rows": [row(1), row(2, body="")], "total_rows": 2}]},
                   {"url": f"{B}/other/P1.xlsx", "linked_from": f"{B}/other/1.html", "content_type": "xlsx",
                    "text": FULL, "tables": [{"header": HEADER, "rows": [row(1, basis="")], "total_rows": 1}]}]
    findings = run_rule(CatalogElements, crawl_with(col, [row(1)], attachments))
    assert [(f.url, f.target) for f in findings] == [(f"{B}/ml/1.html", xlsx)]
    assert findings[0].data["rows"][0]["missing"] == ["主体"] and "附件中的" in findings[0].message


def test_stored_attachment_text_feeds_the_header_check(run_rule, col):
    xlsx = f"{B}/ml/P2.xlsx"
    attachments = [{"url": xlsx, "linked_from": f"{B}/ml/1.html", "content_type": "xlsx",
                    "text": "序号 公开事项 公开内容 公开时限 公开主体"}]
    data = crawl(col, "详见附件。")
    data["attachments"] = attachments
    findings = run_rule(CatalogElements, data)
    assert [f.target for f in findings] == [xlsx] and "依据" in findings[0].data["missing"]


def test_truncated_tables_say_so(run_rule, col):
    data = crawl_with(col, [row(1, basis="")])
    data["pages"][0]["tables"][0]["total_rows"] = 900
    assert "只检查了前 1 行" in run_rule(CatalogElements, data)[0].message


def test_rows_check_can_be_turned_off(run_rule, col):
    data = crawl_with(col, [row(1, basis="")])
    assert run_rule(CatalogElements, data, settings={"check_rows": False}) == []


REAL = Path(__file__).resolve().parents[2] / "../shared/real-pages"


@pytest.mark.skipif(not (REAL / "labels.json").exists(), reason="../shared/real-pages not present")
def test_real_pages_give_no_blank_rows_even_read_as_catalog_pages():
    # every real page's kept tables are judged as if the page were filed under the 标准目录
    labels = json.loads((REAL / "labels.json").read_text(encoding="utf-8"))
    blank = []
    for label in labels:
        text, _ = decode_body((REAL / "pages" / label["file"]).read_bytes(), "text/html")
        for table in analyse_page(label["url"], text).tables:
            if catalog.is_catalog_table(table["header"]):
                blank += catalog.empty_rows(table)
    assert blank == []
