"""Channel pages of CMSs that write their list as a block of ``<a class="box">`` links and their
location trail in a block that is neither classed as a crumb nor boilerplate (own markup)."""

import pytest

from crawler.extract import analyse_page
from crawler.extract.metadata import doc_number_in_text

from .conftest import BASE, HOSTS, page

URL = BASE + "/channels/2301.html"
SITE = "某某县人民政府门户网站"


def channel(inner: str, name: str = "财政资金") -> str:
    """A channel page: a header menu (not boilerplate by its class), a trail after 当前位置,
    a side menu of sibling channels, the channel's list block and a footer."""
    side = "".join(f'<li><a href="/channels/{2300 + i}.html">栏目{i}</a></li>' for i in range(8))
    return page(
        f'<div class="tb_head"><a class="logo" href="/"><img src="/img/logo.png" alt="{SITE}"></a>'
        '<ul><li><a href="/">网站首页</a></li><li><a href="/channels/10.html">政务公开</a></li>'
        '<li><a href="/channels/11.html">公开目录</a></li><li><a href="/hd/index.html">互动</a></li></ul></div>'
        '<div class="main_b"><div class="weizhi">当前位置：<a href="/">首页</a> &gt; '
        '<a href="/channels/10.html">政务公开</a> &gt; <a href="/channels/11.html">公开目录</a> &gt; '
        f'<a href="{URL}">{name}</a></div>'
        f'<div class="left_nav"><ul>{side}</ul></div>'
        f'<div class="r_list"><div class="lm_name">{name}</div><div class="list_con">\n{inner}\n</div></div></div>'
        '<div class="bottom">主办：某某县人民政府办公室</div>',
        title=f"{name}-{SITE}")


@pytest.mark.parametrize("inner", [
    f'<a href="/"><img src="/img/logo.png" alt="{SITE}"></a>',  # only the site logo
    "",  # an empty block
], ids=["logo-only", "empty"])
def test_empty_channel_is_a_listing_of_nothing(inner):
    a = analyse_page(URL, channel(inner), HOSTS, as_of="2026-12-01")
    assert a.kind == "listing"
    assert a.listing.items == []
    assert a.column_name == "财政资金"
    assert a.breadcrumb == ["政务公开", "公开目录", "财政资金"]


def test_channel_with_one_box_is_a_listing_of_one():
    box = ('<a class="box" href="/contents/2301/88.html" title="某某县2026年部门预算公开">'
           '<p class="tit">某某县2026年部门预算公开</p><span class="date">2024-06-03</span></a>')
    a = analyse_page(URL, channel(box), HOSTS, as_of="2026-12-01")
    assert a.kind == "listing"
    assert [(i.url, i.title, i.date) for i in a.listing.items] == [
        (BASE + "/contents/2301/88.html", "某某县2026年部门预算公开", "2024-06-03")]


def test_trail_links_are_not_items_of_a_list():
    """A column's real items are read; the trail's links beside them are not items."""
    boxes = "".join(f'<a class="box" href="/contents/2301/{n}.html"><p>通知{n}</p><span>2026-11-0{n}</span></a>'
                    for n in range(1, 4))
    a = analyse_page(URL, channel(boxes), HOSTS, as_of="2026-12-01")
    assert [i.url for i in a.listing.items] == [BASE + f"/contents/2301/{n}.html" for n in range(1, 4)]


def test_two_digit_year_number_standing_alone_is_the_pages_own():
    text = "某政〔26〕4号 各乡镇人民政府，县直有关单位：现将有关事项通知如下。"
    assert doc_number_in_text(text) == "某政〔26〕4号"
    html = page(f'<div class="content_text"><p>某政〔26〕4号</p><p>{text[8:]}</p></div>', title="关于某事的通知")
    a = analyse_page(BASE + "/a/1.html", html, HOSTS)
    assert a.metadata.get("doc_number_in_text") == "某政〔26〕4号"


@pytest.mark.parametrize("text", [
    "根据某政〔26〕4号文件精神，现通知如下。",  # cited, not the page's own
    "三年级（26）4号同学获奖，特此表扬。",  # plain parentheses: not a 文号
])
def test_two_digit_year_number_cited_or_in_parentheses_is_not(text):
    assert doc_number_in_text(text) is None
