from crawler.extract import analyse_page
from crawler.extract.metadata import doc_number_in_text

from .conftest import BASE, HOSTS, page

URL = BASE + "/zwgk/zcwj/202611/t20261118_1.html"


def analyse(body, head="", title="文件"):
    return analyse_page(URL, page(body, title=title, head=head), HOSTS)


def test_four_column_table_with_padded_labels():
    a = analyse("""<table class="xxgk_table"><tbody>
 <tr><td>索&emsp;引&emsp;号：</td><td>11xxxx0000/2024-00123</td><td>公开方式：</td><td>主动公开</td></tr>
 <tr><td>发布机构：</td><td>某县人民政府办公室</td><td>发布日期：</td><td>2024年6月5日</td></tr>
 <tr><td>名&emsp;&emsp;称：</td><td colspan="3">某县人民政府关于印发某办法的通知</td></tr>
 <tr><td>文&emsp;&emsp;号：</td><td>某政发〔2024〕7号</td><td>有&nbsp;效&nbsp;性：</td><td>有效</td></tr>
 <tr><td>成文日期：</td><td>2024/6/1</td><td>主题分类：</td><td>综合政务</td></tr>
</tbody></table><div class="TRS_Editor"><p>正文内容。</p></div>""")
    md = a.metadata
    assert md["index_no"] == "11xxxx0000/2024-00123"
    assert md["disclosure"] == "主动公开"
    assert md["publisher"] == "某县人民政府办公室"
    assert md["publish_date"] == "2024-06-05"
    assert md["written_date"] == "2024-06-01"
    assert md["title"] == "某县人民政府关于印发某办法的通知"
    assert md["doc_number"] == "某政发〔2024〕7号"
    assert md["topic"] == "综合政务"
    assert a.fields["有效性"] == "有效" and a.fields["索引号"] == "11xxxx0000/2024-00123"
    assert a.kind == "article"


def test_template_a_bold_labels():
    a = analyse('<table><tr><td><b>发文字号：</b></td><td>国办发〔2017〕47号</td>'
                '<td><b>发文机关：</b></td><td>国务院办公厅</td></tr>'
                '<tr><td><b>成文日期：</b></td><td>2017年05月31日</td><td><b>主题分类：</b></td><td>综合政务</td></tr></table>')
    assert a.metadata["doc_number"] == "国办发〔2017〕47号"
    assert a.metadata["publisher"] == "国务院办公厅"
    assert a.metadata["written_date"] == "2017-05-31"


def test_th_td_and_dt_dd():
    a = analyse("<table><tr><th>发文字号</th><td>京政发〔2026〕1号</td></tr></table>"
                "<dl><dt>索引号：</dt><dd>K28044908/2026-04277</dd><dt>生成日期：</dt><dd>2026.02.14</dd></dl>")
    assert a.metadata["doc_number"] == "京政发〔2026〕1号"
    assert a.metadata["index_no"] == "K28044908/2026-04277"
    assert a.metadata["written_date"] == "2026-02-14"


def test_li_label_span_and_b_span_shapes():
    a = analyse('<div class="sub"><ul><li><label>索引号：</label><span>6107280000/2024-001005</span></li>'
                "<li>发布机构:<span>某县政府办</span></li><li>主题分类：<span></span></li>"
                "<li>发文日期：2024年04月06日 16:40</li></ul></div>"
                "<div class='info'><b>文　　号：</b><span>某政办发〔2024〕3号</span></div>")
    md = a.metadata
    assert md["index_no"] == "6107280000/2024-001005"
    assert md["publisher"] == "某县政府办"
    assert md["written_date"] == "2024-04-06"
    assert md["doc_number"] == "某政办发〔2024〕3号"
    assert a.fields.get("主题分类") == ""


def test_p_strong_shape():
    a = analyse("<div><p><strong>索引号</strong>：000014348/2020-35147</p><p><strong>文号</strong>：无</p></div>")
    assert a.metadata["index_no"] == "000014348/2020-35147"
    assert a.metadata["doc_number"] == "无"


def test_meta_tags_case_insensitive_and_attribute_order():
    head = ('<meta content="县政府关于某事的通知" name="articletitle"><meta name="PubDate" content="2020年08月02日">'
            '<meta name="ColumnName" content="通知公告"><meta name="ContentSource" content="县政府办">'
            '<meta name="SiteIdcode" content="1304000009"><meta name="keywords" content="通知">')
    a = analyse("<div class='TRS_Editor'><p>正文</p></div>", head=head)
    assert a.meta["ArticleTitle"] == "县政府关于某事的通知"
    assert a.meta["SiteIDCode"] == "1304000009"
    assert a.meta["keywords"] == "通知"
    assert a.published == "2020-08-02"
    assert a.column_name == "通知公告"
    assert a.kind == "article"


def test_doc_number_in_text():
    a = analyse("<div class='TRS_Editor'><p>某政发〔2026〕3号</p><p>各乡镇人民政府：现将有关事项通知如下。</p></div>")
    assert a.metadata.get("doc_number_in_text") == "某政发〔2026〕3号"
    assert "doc_number" not in a.metadata


def test_cited_number_is_not_the_documents_own():
    assert doc_number_in_text("根据《某某办法》（示政〔2026〕9号）要求，现组织开展申报工作。") is None
    assert doc_number_in_text("示政办发〔2026〕12号\n各乡镇：") == "示政办发〔2026〕12号"


def test_info_line_is_not_disclosure_metadata():
    # the line's 发布日期 is the page's (and its pairs are shown fields), but it is no 索引号/文号 block
    a = analyse('<div class="art-info">发布日期：2026-11-18　信息来源：县发改局　浏览次数：<span>--</span></div>'
                '<div id="zoom"><p>正文。</p></div>')
    assert a.metadata == {"publish_date": "2026-11-18"}
    assert a.fields == {"发布日期": "2026-11-18", "信息来源": "县发改局"}
    assert a.published == "2026-11-18"


def test_commented_rows_ignored():
    a = analyse("<table><tr><td>索引号：</td><td>000014348/2020-1</td></tr>"
                "<!--<tr><td>成文日期：</td><td>2020-01-01</td></tr>--></table>")
    assert "written_date" not in a.metadata
