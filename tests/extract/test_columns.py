"""Column identity, redirect-only channel pages, empty columns and listing shapes (issue 10 items 2-4)."""

from __future__ import annotations

import pytest

from crawler.extract import analyse_page
from crawler.extract.dates import parse_date, row_date
from crawler.urls import canonical, same_page

from .conftest import BASE, HOSTS, page

MENU = ('<div class="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/xxgk/">信息公开</a></li>'
        '<li><a href="/hdjl/">互动交流</a></li><li><a href="/xxgk/xzdt/">乡镇动态</a></li></ul></div>')
CRUMB = '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a></div>'


def analyse(body: str, url: str = BASE + "/xxgk/xzdt/", title: str = "乡镇动态_示范县人民政府", as_of=None):
    return analyse_page(url, page(body, title=title), HOSTS, as_of=as_of)


# -- one page, one identity ---------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["/x/", "/x/index.html", "/x/index.shtml", "/x/default.htm", "/x/index.htm",
                                     "/x/./index.html", "/X/../x/index.jsp"])
def test_index_variants_are_one_page(variant):
    assert same_page(BASE + variant) == BASE + "/x/"


def test_same_page_keeps_other_files_and_queries_apart():
    assert same_page(BASE + "/x/list.html") == BASE + "/x/list.html"
    assert same_page(BASE + "/x/index.html?page=2") == BASE + "/x/?page=2"
    assert canonical(BASE + "/x/index.html") == BASE + "/x/index.html"  # fetched as written


@pytest.mark.parametrize("head, body", [
    ('<meta http-equiv="refresh" content="0; url=./b/">', ""),
    ("", '<script>window.location.href = "./b/";</script>'),
    ("", "<script>location.replace('./b/')</script><p>正在跳转</p>"),
])
def test_redirect_only_channel_page_is_not_a_column(head, body):
    a = analyse_page(BASE + "/a/", page(body, title="信息公开", head=head), HOSTS)
    assert a.redirect == BASE + "/a/b/"
    assert a.kind == "other"


def test_listing_with_a_mobile_redirect_script_stays_a_listing():
    rows = "".join(f'<li><a href="/a/{i}.html">动态{i}</a><span>2026-11-0{i + 1}</span></li>' for i in range(5))
    body = (
        f'<script>if (/Mobile/.test(navigator.userAgent)) location.href = "/m/";</script><ul class="list">{rows}</ul>'
    )
    a = analyse(body)
    assert a.kind == "listing" and len(a.listing.items) == 5


# -- empty columns ----------------------------------------------------------------------------------
@pytest.mark.parametrize("inner", [
    '<div class="list"><p>此栏目暂无任何新增信息</p></div>',
    '<div class="list"><ul><li>暂无信息</li></ul></div>',
    '<ul class="list"></ul>',
    '<div class="news_list"><a href="/"><img src="/logo.png" alt="示范县人民政府"></a></div>',
    '<ul class="list"><li><a href="/xxgk/">信息公开</a></li></ul>',
    '<ul><li><a href="/index.html"><img src="/logo.png"></a></li></ul>',
])
def test_empty_columns_are_listings_with_no_items(inner):
    a = analyse(MENU + CRUMB + inner)
    assert a.kind == "listing", inner
    assert a.listing.items == []


def test_navigation_logo_and_crumb_links_are_never_items():
    rows = "".join(
        f'<li><a href="/xxgk/xzdt/{i}.html">乡镇动态{i}</a><span>2026-11-0{i + 1}</span></li>' for i in range(4)
    )
    body = MENU + CRUMB + f'<ul class="list"><li><a href="/">示范县人民政府</a></li>{rows}</ul>'
    a = analyse(body)
    assert a.kind == "listing"
    assert [i.url for i in a.listing.items] == [f"{BASE}/xxgk/xzdt/{i}.html" for i in range(4)]


# -- listing shapes and dates -----------------------------------------------------------------------
def _urls(a):
    return [i.url.rsplit("/", 1)[-1] for i in a.listing.items]


def test_table_rows():
    rows = "".join(f'<tr><td>·</td><td><a href="/a/{i}.html">公告{i}</a></td><td>2018年7月{i + 20}日</td></tr>'
                   for i in range(4))
    a = analyse(f"<table>{rows}</table>")
    assert a.kind == "listing" and [i.date for i in a.listing.items] == [f"2018-07-{i + 20}" for i in range(4)]


def test_div_rows():
    rows = "".join(
        f'<div class="row"><a href="/a/{i}.html">动态{i}</a><span>[2018-07-2{i}]</span></div>' for i in range(4)
    )
    a = analyse(f'<div class="newslist">{rows}</div>')
    assert a.kind == "listing" and _urls(a) == [f"{i}.html" for i in range(4)]
    assert a.listing.items[0].date == "2018-07-20"


def test_siteserver_a_box_items():
    rows = "".join(f'<a class="box" href="/contents/4584/{i}.html"><h3>教育通知{i}</h3><span>2020-03-1{i}</span></a>'
                   for i in range(3))
    a = analyse(f'<div class="lists">{rows}</div>')
    assert a.kind == "listing"
    assert [(i.title, i.date) for i in a.listing.items] == [(f"教育通知{i}", f"2020-03-1{i}") for i in range(3)]


def test_siteserver_boxes_in_a_ul_with_the_date_in_the_heading():
    rows = "".join(f'<a class="box" href="/contents/18107/{i}.html"><h3>关于做好第{i}项工作的通知(2020-08-2{i})</h3>'
                   f"<p>关于做好第{i}项工作的通知</p></a>" for i in range(4))
    a = analyse(f"<ul>{rows}</ul>")
    assert a.kind == "listing"
    assert [(i.title, i.date) for i in a.listing.items] == [
        (f"关于做好第{i}项工作的通知", f"2020-08-2{i}") for i in range(4)
    ]


def test_a_short_list_of_dated_items_is_still_a_column():
    rows = "".join(f'<li><a href="/a/{i}.html">动态{i}</a><span>2026-11-0{i + 1}</span></li>' for i in range(2))
    a = analyse(MENU + f'<ul class="list">{rows}</ul>')
    assert a.kind == "listing" and len(a.listing.items) == 2


def test_yearless_dates_take_the_year_of_as_of():
    rows = ('<li><a href="/a/1.html">动态1</a>(01-03)</li><li><a href="/a/2.html">动态2</a>(12-31)</li>'
            '<li><a href="/a/3.html">动态3</a>(12-30)</li>')
    a = analyse(f'<ul class="list">{rows}</ul>', as_of="2027-01-05")
    assert [i.date for i in a.listing.items] == ["2027-01-03", "2026-12-31", "2026-12-30"]
    b = analyse(f'<ul class="list">{rows}</ul>', as_of="2027-12-31")
    assert [i.date for i in b.listing.items] == ["2027-01-03", "2027-12-31", "2027-12-30"]


def test_parse_date_reads_a_yearless_date_only_as_a_whole_value():
    assert parse_date("12-31", as_of="2027-01-05") == "2026-12-31"
    assert parse_date("[07-27]", as_of="2018-07-27") == "2018-07-27"
    assert parse_date("1-10月德清县投资", as_of="2018-07-27") is None
    assert row_date("通知 (07-27)", as_of="2018-08-01") == "2018-07-27"
    assert parse_date("2018年7月27日") == "2018-07-27"


def test_dates_written_by_script():
    rows = "".join(f"<li><a href=\"/a/{i}.html\">动态{i}</a><span><script>var pubdata='2018-07-2{i}';"
                   f"document.write(pubdata);</script></span></li>" for i in range(4))
    a = analyse(f'<ul class="list">{rows}</ul>')
    assert a.kind == "listing"
    assert [i.date for i in a.listing.items] == [f"2018-07-2{i}" for i in range(4)]


def test_stray_closing_html_loses_nothing_after_it():
    html = (
        '<html><head><title>决议_国务院公报_中国政府网</title></head><body><div class="header">网站头部</div>'
        '</html><!--end header--><div class="article"><h1>关于批准决议的决定</h1>'
        '<div id="UCAP-CONTENT"><p>'
        + "全国人民代表大会常务委员会第二十八次会议审议通过。" * 5
        + "</p></div></div></body></html>"
    )
    a = analyse_page(BASE + "/gongbao/content/2007/content_1.htm", html, HOSTS)
    assert a.kind == "article"
    assert "第二十八次会议" in a.text
    assert a.title == "决议"


def test_deep_nesting_keeps_every_row():
    rows = "".join(f'<font color="#333"><a href="/a/{i}.html">条目{i}</a> 2020-01-{i % 28 + 1:02d}<br>'
                   for i in range(300))
    a = analyse(f'<div class="list">{rows}</div>')
    assert a.kind == "listing" and len(a.listing.items) == 300
