"""The 政府信息公开 block in every shape, and whose 文号 is the page's own (issue 10 items 7-8)."""

from __future__ import annotations

import pytest

from crawler.extract import analyse_page
from crawler.extract.metadata import doc_number_in_text

from .conftest import BASE, HOSTS, page

BODY = '<div id="zoom"><p>' + "现将有关事项通知如下，请认真贯彻执行。" * 4 + "</p></div>"


def analyse(html: str, url: str = BASE + "/zwgk/zcwj/202611/t20261101_1.html"):
    return analyse_page(url, page(html, title="关于印发实施方案的通知_示范县人民政府"), HOSTS)


@pytest.mark.parametrize("cls", ["top", "header", "head", "xxgk-header", "nav_top"])
def test_block_in_a_header_classed_element_is_content(cls):
    block = (f'<div class="{cls}"><table><tr><th>索引号</th><td>003599000/2026-00012</td><th>发文字号</th>'
             '<td>示政办〔2026〕12号</td></tr><tr><th>发布机构</th><td>示范县人民政府办公室</td><th>成文日期</th>'
             '<td>2026-11-01</td></tr></table></div>')
    a = analyse(block + BODY)
    assert a.metadata["index_no"] == "003599000/2026-00012"
    assert a.metadata["doc_number"] == "示政办〔2026〕12号"
    assert a.metadata["publisher"] == "示范县人民政府办公室"
    assert a.metadata["written_date"] == "2026-11-01"
    assert a.kind == "article"


def test_label_and_value_without_a_colon_and_empty_values():
    mobile = "".join(f'<div class="item"><label class="lab">{k}</label><span class="val">{v}</span></div>'
                     for k, v in (("索引号", "005452487/2020-00001"), ("主题分类", "教育指导工作"), ("发文字号", ""),
                                  ("成文日期", "2020-03-17"), ("发布日期", "2020-03-17")))
    a = analyse(f'<div class="m_gkcont">{mobile}</div>' + BODY)
    assert a.fields["索引号"] == "005452487/2020-00001"
    assert a.fields["发文字号"] == ""
    assert a.metadata["written_date"] == "2020-03-17" and a.metadata["publish_date"] == "2020-03-17"
    assert "doc_number" not in a.metadata


def test_pc_table_and_mobile_duplicate_read_once():
    pc = ('<table class="pc"><tr><td>文号：</td><td></td><td>索引号：</td><td>005452487/2020-00001</td></tr>'
          '<tr><td>主题分类：</td><td>教育指导工作</td><td>关键词：</td><td></td></tr></table>')
    mobile = ('<div class="mobile"><div><label>索引号</label><span>005452487/2020-00001</span></div>'
              '<div><label>成文日期</label><span>2020-03-17</span></div></div>')
    a = analyse(pc + mobile + BODY)
    assert a.fields == {"文号": "", "索引号": "005452487/2020-00001", "主题分类": "教育指导工作", "关键词": "",
                        "成文日期": "2020-03-17"}


def test_number_shown_as_none_is_no_number():
    a = analyse('<ul class="xxgk"><li>索引号：003599000/2026-1</li><li>文号：无</li><li>发布机构：县政府</li></ul>'
                '<div id="zoom"><p>示政〔2026〕3号</p><p>正文。</p></div>')
    assert a.metadata["doc_number"] == "无"  # as shown; the rules read 无 as absent
    assert "doc_number_in_text" not in a.metadata  # the block said: no number


def test_info_line_with_source_and_author():
    a = analyse('<div class="attr"><span class="time">发布日期：<b>2018-07-06 17:40:20</b></span> '
                '<span>来源：<b> 政府办秘书科</b></span> <span>作者：<b>张三</b></span> '
                '<span>浏览次数：<b>12</b></span></div>' + BODY)
    assert a.fields["发布日期"] == "2018-07-06 17:40:20"
    assert a.fields["来源"] == "政府办秘书科" and a.fields["作者"] == "张三"
    assert "浏览次数" not in a.fields
    assert a.published == "2018-07-06"


def test_table_header_row_is_not_a_block():
    table = ('<table><tr><th>序号</th><th>文号</th><th>日期</th></tr>'
             '<tr><td>1</td><td>示政〔2026〕1号</td><td>2026-01-02</td></tr></table>')
    a = analyse('<div id="zoom"><p>附表：</p>' + table + "</div>")
    assert "文号" not in a.fields


@pytest.mark.parametrize("text", [
    "根据示政〔2014〕374号文件精神，现就有关事项通知如下。",
    "根据《示范县专项资金管理办法》（示政办〔2014〕374号）要求，现组织申报。",
    "采购编号：示财采〔2020〕12号 项目名称：办公设备采购",
    "县教育局：你局《关于申请专项资金的请示》（示教〔2020〕5号）收悉。现批复如下。",
    "县教育局：你局示教〔2020〕5号文收悉。现批复如下。",
    "按照市政府示政发〔2019〕8号要求，全面开展自查。",
])
def test_a_cited_number_is_not_the_pages_own(text):
    assert doc_number_in_text(text) is None


@pytest.mark.parametrize("text, number", [
    ("柘政办〔2018〕47号 各乡镇人民政府，县直各单位：", "柘政办〔2018〕47号"),
    ("示范县人民政府文件 示政〔2026〕3号 示范县人民政府关于……的通知", "示政〔2026〕3号"),
])
def test_the_pages_own_number_at_the_top(text, number):
    assert doc_number_in_text(text) == number


def test_body_number_read_when_there_is_no_block():
    a = analyse('<div class="content_attr"><span>发布日期：2018-07-06</span></div>'
                '<div id="zoom"><p style="text-align:center">柘政办〔2018〕47号</p><p>各乡镇人民政府：</p>'
                "<p>根据豫政〔2014〕374号文件精神，现将方案印发给你们。</p></div>")
    assert a.metadata["doc_number_in_text"] == "柘政办〔2018〕47号"
