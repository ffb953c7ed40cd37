"""doc.disclosure_missing: 公开方式 in the metadata block or a (此件主动公开) line."""

import pytest

from rules.doc_disclosure_missing import DocDisclosureMissing

B = "http://127.0.0.1:8000"


def crawl(col, *, disclosure="", fields=None, text="各乡镇人民政府：现通知如下。", column="政策文件"):
    fields = {"索引号": "003599000/2026-00002", "文号": "示政〔2026〕16号"} if fields is None else fields
    return {"columns": [col("/zcwj/", column)],
            "pages": [{"url": f"{B}/zcwj/1.html", "kind": "article", "column_url": f"{B}/zcwj/",
                       "title": "示范县人民政府关于公布重点项目名单的通知", "text": text}],
            "documents": [{"url": f"{B}/zcwj/1.html", "title": "示范县人民政府关于公布重点项目名单的通知",
                           "doc_number": "示政〔2026〕16号", "disclosure": disclosure, "fields": fields}]}


def test_no_attribute_anywhere_fires(run_rule, col):
    findings = run_rule(DocDisclosureMissing, crawl(col))
    assert [f.url for f in findings] == [f"{B}/zcwj/1.html"]
    assert "公开属性" in findings[0].message


@pytest.mark.parametrize("value", ["主动公开", "依申请公开", "不予公开"])
def test_any_attribute_in_the_metadata_passes(run_rule, col, value):
    assert run_rule(DocDisclosureMissing, crawl(col, disclosure=value)) == []


def test_other_labels_count(run_rule, col):
    fields = {"索引号": "1", "公开属性": "主动公开"}
    assert run_rule(DocDisclosureMissing, crawl(col, fields=fields)) == []


@pytest.mark.parametrize("line", ["（此件主动公开）", "(此件公开发布)", "此件不予公开"])
def test_the_foot_line_counts(run_rule, col, line):
    assert run_rule(DocDisclosureMissing, crawl(col, text="现通知如下。示范县人民政府 2026年10月9日 " + line)) == []


def test_news_without_metadata_block_is_not_a_document(run_rule, col):
    data = crawl(col, fields={})
    data["documents"][0]["doc_number"] = ""
    assert run_rule(DocDisclosureMissing, data) == []
    assert len(run_rule(DocDisclosureMissing, data, {"require_metadata_block": False})) == 1


def test_only_policy_columns(run_rule, col):
    assert run_rule(DocDisclosureMissing, crawl(col, column="工作动态")) == []


def test_the_policy_column_is_named_even_when_reached_from_the_home_page(run_rule, col):
    data = crawl(col)
    data["columns"].append({"url": f"{B}/", "name": "首页", "kind": "home", "item_count": 5, "path": ""})
    data["pages"][0].update(column_url=f"{B}/", breadcrumb=["政务公开", "政府信息公开", "政策文件"])
    findings = run_rule(DocDisclosureMissing, data)
    assert findings[0].data["column"] == "政策文件" and "栏目：政策文件" in findings[0].evidence
