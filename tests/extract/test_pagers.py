"""HTML pagers of every common shape: one column however it is paginated (issue 10 item 1)."""

from __future__ import annotations

import pytest

from crawler.extract import analyse_page
from crawler.extract.listing import MAX_PAGES

from .conftest import BASE, HOSTS, page

COL = BASE + "/xxgk/zfwj/"


def rows(n: int = 8, start: int = 0) -> str:
    return "".join(f'<li><a href="/xxgk/zfwj/2026-11-{i % 28 + 1:02d}/{start + i}.html">县政府文件{start + i}</a>'
                   f"<span>2026-11-{i % 28 + 1:02d}</span></li>" for i in range(n))


def listing(pager: str, url: str = COL, extra_head: str = "", items: str | None = None):
    body = f'<div class="list"><ul>{items if items is not None else rows()}</ul></div><div class="page">{pager}</div>'
    return analyse_page(url, page(body, title="政府文件_示范县人民政府", head=extra_head), HOSTS)


def empire(current: int, last: int, shown: int = 10) -> str:
    """An EmpireCMS pager: page 1 is index.html, page k is index_k.html."""
    parts = ['<a title="Total record">&nbsp;<b>322</b></a>']
    if current > 1:
        parts += [f'<a href="{COL}index.html">首页</a>',
                  f'<a href="{"index.html" if current == 2 else f"index_{current - 1}.html"}">上一页</a>']
    for k in range(1, min(last, shown) + 1):
        href = "index.html" if k == 1 else f"index_{k}.html"
        parts.append(f"<b>{k}</b>" if k == current else f'<a href="{href}">{k}</a>')
    if current < last:
        parts += [f'<a href="index_{current + 1}.html">下一页</a>', f'<a href="index_{last}.html">尾页</a>']
    return "&nbsp;".join(parts)


def test_empire_first_page_knows_every_page_up_to_the_last():
    a = listing(empire(1, 13))
    assert a.kind == "listing" and len(a.listing.items) == 8
    assert a.listing.total_pages == 13
    assert a.listing.page_urls == [f"{COL}index_{k}.html" for k in range(2, 14)]
    assert a.listing.first_page == COL


def test_empire_page_two_reached_directly_knows_its_first_page():
    a = listing(empire(2, 23), url=COL + "index_2.html")
    assert a.kind == "listing"
    assert a.listing.total_pages == 23
    assert a.listing.first_page == COL + "index.html"
    assert COL + "index.html" in a.listing.page_urls
    assert COL + "index_2.html" not in a.listing.page_urls
    assert len(a.listing.page_urls) == 22


def test_page_two_without_a_first_page_link_derives_index_html():
    pager = '<a href="index_3.html">下一页</a> <a href="index_5.html">尾页</a> 当前第2页'
    a = listing(pager, url=COL + "index_2.html")
    assert a.listing.first_page == COL + "index.html"
    assert a.listing.total_pages == 5
    assert sorted(a.listing.page_urls) == sorted([COL + "index.html"] + [f"{COL}index_{k}.html" for k in (3, 4, 5)])


def test_zero_based_index_1_is_page_two():
    pager = ('<span>1</span> <a href="index_1.html">2</a> <a href="index_2.html">3</a> '
             '<a href="index_1.html">下一页</a> <a href="index_4.html">尾页</a>')
    a = listing(pager, url=COL + "index.html")
    assert a.listing.total_pages == 5
    assert a.listing.page_urls == [f"{COL}index_{k}.html" for k in range(1, 5)]


def test_query_page_parameter():
    pager = ('共9页 <span class="cur">1</span> <a href="?page=2">2</a> <a href="?page=3">3</a> '
             '<a href="?page=2">下一页</a> <a href="?page=9">尾页</a>')
    a = listing(pager, url=BASE + "/list.jsp?cat=5")
    assert a.listing.total_pages == 9
    assert a.listing.page_urls == [f"{BASE}/list.jsp?page={k}" for k in range(2, 10)]


def test_list_n_html_first_and_last_only_generates_the_middle():
    pager = '共20页 <a href="list_1.html">首页</a> <a href="list_2.html">下一页</a> <a href="list_20.html">尾页</a>'
    a = listing(pager, url=COL + "list_1.html")
    assert a.listing.total_pages == 20
    assert a.listing.page_urls == [f"{COL}list_{k}.html" for k in range(2, 21)]


def test_siteserver_channel_n_k_html():
    url = BASE + "/channels/4584.html"
    pager = ('<a href="/channels/4584.html">首页</a> <a href="/channels/4584_2.html">下一页</a> '
             '<a href="/channels/4584_7.html">末页</a>')
    a = listing(pager, url=url)
    assert a.listing.total_pages == 7
    assert a.listing.page_urls == [f"{BASE}/channels/4584_{k}.html" for k in range(2, 8)]
    b = listing(pager, url=BASE + "/channels/4584_3.html")
    assert b.listing.first_page == url


def test_javascript_gopage_with_the_url_pattern_in_the_script():
    pager = ('<script>function goPage(n){ window.location.href = "index_" + n + ".html"; }</script>'
             '共5页 <a href="javascript:goPage(1)">首页</a> <a href="javascript:goPage(2)">下一页</a> '
             '<a href="javascript:goPage(5)">尾页</a>')
    a = listing(pager)
    assert a.listing.total_pages == 5
    assert a.listing.page_urls == [f"{COL}index_{k}.html" for k in range(2, 6)]


def test_select_of_pages():
    options = "".join(f'<option value="index_{k}.html">{k}</option>' if k > 1 else
                      '<option value="index.html" selected>1</option>' for k in range(1, 7))
    pager = f'<a href="index_2.html">下一页</a> 跳转到 <select onchange="location=this.value">{options}</select>'
    a = listing(pager)
    assert a.listing.total_pages == 6
    assert a.listing.page_urls == [f"{COL}index_{k}.html" for k in range(2, 7)]


def test_total_records_and_page_size_give_the_pages():
    pager = '共45条 每页15条 <a href="index_2.html">下一页</a>'
    a = listing(pager)
    assert a.listing.total_pages == 3


def test_pager_pages_are_capped():
    a = listing('<a href="index_2.html">下一页</a> <a href="index_99999.html">尾页</a>')
    assert len(a.listing.page_urls) == MAX_PAGES - 1


def test_numbered_links_without_pager_words_are_not_a_pager():
    a = listing('<a href="/cal?d=1">1</a> <a href="/cal?d=2">2</a> <a href="/cal?d=3">3</a>')
    assert a.kind == "listing"
    assert a.listing.page_urls == [] and not a.listing.total_pages


@pytest.mark.parametrize("call, cur, others", [
    ('createPageHTML(4, 0, "index", "html");', 0, [1, 2, 3]),
    ('createPageHTML(4, 2, "index", "html");', 2, [0, 1, 3]),
])
def test_trs_create_page_html_zero_based(call, cur, others):
    a = listing(f"<script>{call}</script>", url=COL + ("index.html" if cur == 0 else f"index_{cur}.html"))
    want = [COL + ("index.html" if k == 0 else f"index_{k}.html") for k in others]
    assert a.listing.cms == "trs" and a.listing.page_urls == want and a.listing.total_pages == 4
    assert a.listing.first_page == COL + "index.html"


def test_trs_one_based_current_index():
    # some templates pass the current page 1-based: createPageHTML(4, 4, ...) on the last page
    a = listing('<script>createPageHTML(4, 4, "index", "html");</script>', url=COL + "index_3.html")
    assert a.listing.page_urls == [COL + "index.html", COL + "index_1.html", COL + "index_2.html"]


def test_article_with_a_one_page_in_article_pager_is_an_article():
    body = ('<div class="TRS_Editor"><p>' + "山西品牌丝路行活动在南美正式启动，推介山西优质产品。" * 8 + "</p></div>"
            '<script>createPageHTML(1, 0, "t20190918_693227", "shtml");</script>')
    a = analyse_page(
        BASE + "/yw/201909/t20190918_693227.shtml", page(body, title="丝路行启动 - 山西省人民政府门户网站"), HOSTS
    )
    assert a.kind == "article" and a.listing is None
    assert a.title == "丝路行启动"


def test_article_split_over_pages_is_an_article():
    body = (
        '<div class="TRS_Editor"><p>' + "本次会议审议通过了若干事项，要求各部门认真落实。" * 20 + "</p></div>"
        '<ul class="related"><li><a href="/a/1.html">相关文章一</a></li>'
        '<li><a href="/a/2.html">相关文章二</a></li></ul>'
        '<div class="page"><span>1</span> <a href="t2026_1.html">2</a> <a href="t2026_1.html">下一页</a></div>'
    )
    a = analyse_page(BASE + "/art/t2026.html", page(body, title="会议纪要_示范县人民政府"), HOSTS)
    assert a.kind == "article"


def test_slide_numbers_without_links_are_not_pages():
    slides = '<a href="javascript:;">1</a><a href="javascript:;">2</a><a href="javascript:;">3</a><a href="/">首页</a>'
    a = listing(slides)
    assert a.listing.page_urls == [] and not a.listing.total_pages


def test_base_href_does_not_move_the_first_page():
    a = listing(empire(1, 3), extra_head=f'<base href="{BASE}/">')
    assert a.listing.first_page == COL
    # the pager's relative links resolve against <base href>, as a browser does
    assert a.listing.page_urls == [f"{BASE}/index_2.html", f"{BASE}/index_3.html"]


def test_hostile_pager_hrefs_do_not_break_the_page():
    pager = '<a href="list_{0}_2.html">2</a> <a href="list_{0}_2.html">下一页</a> <a href="list_{x}_9.html">尾页</a>'
    a = listing(pager)
    assert a.kind == "listing" and len(a.listing.items) == 8
    assert a.listing.total_pages == 9


def test_last_page_counts_itself():
    a = listing(empire(13, 13), url=COL + "index_13.html")
    assert a.listing.total_pages == 13
    assert len(a.listing.page_urls) == 12 and COL + "index.html" in a.listing.page_urls
