import pytest

from crawler.extract import analyse_page
from crawler.extract.listing import trs_pager

from .conftest import BASE, HOSTS, page

URL = BASE + "/zwgk/tzgg/index.html"


def rows(n, dates=True):
    return "".join(f'<li><a href="./202611/t20261101_{i}.html" title="通知{i}完整标题">通知{i}...</a>'
                   + (f"<span>2026-11-{i % 28 + 1:02d}</span>" if dates else "") + "</li>" for i in range(n))


def test_create_page_html_first_page():
    html = page(f'<div class="side"><ul><li><a href="/a/">甲</a></li><li><a href="/b/">乙</a></li>'
                f'<li><a href="/c/">丙</a></li></ul></div><ul class="list">{rows(10)}</ul>'
                '<div class="page"><script>createPageHTML(3, 0, "index", "html");</script></div>',
                head='<meta name="ColumnName" content="通知公告">')
    a = analyse_page(URL, html, HOSTS)
    assert a.kind == "listing"
    l = a.listing
    assert l.cms == "trs"
    assert l.page_urls == [BASE + "/zwgk/tzgg/index_1.html", BASE + "/zwgk/tzgg/index_2.html"]
    assert len(l.items) == 10
    assert l.items[0].url == BASE + "/zwgk/tzgg/202611/t20261101_0.html"
    assert l.items[0].title == "通知0完整标题"
    assert l.items[0].date == "2026-11-01"
    assert a.column_name == "通知公告"


def test_pager_pages_and_shtml():
    a = analyse_page(BASE + "/x/index_2.shtml", page(
        f'<ul class="list">{rows(3)}</ul><script>createPageHTML(4, 2, "index", "shtml")</script>'), HOSTS)
    assert a.listing.page_urls == [BASE + f"/x/{n}.shtml" for n in ("index", "index_1", "index_3")]


def test_rows_without_dates_still_listing():
    a = analyse_page(URL, page(f'<ul class="list">{rows(4, dates=False)}</ul>'
                               '<script>createPageHTML(1, 0, "index", "html");</script>'), HOSTS)
    assert a.kind == "listing" and len(a.listing.items) == 4 and a.listing.items[0].date is None
    assert a.listing.page_urls == []


def test_empty_trs_column():
    a = analyse_page(URL, page('<ul class="list">\n</ul><div class="no-data">暂无信息</div>'
                               '<script>createPageHTML(1, 0, "index", "html");</script>'), HOSTS)
    assert a.kind == "listing" and a.listing.items == [] and a.listing.cms == "trs"


@pytest.mark.parametrize("script, pages", [
    ("createPageHTML('page_div', 3, 0, 'index', 'html', 45);", ["index_1.html", "index_2.html"]),
    ("createPageHTML(120, 3, 0, 'index', 'htm');", ["index_1.htm", "index_2.htm"]),
    ("var countPage = 3; var currentPage = 0; var prefix = 'index'; var suffix = 'html';",
     ["index_1.html", "index_2.html"]),
    ("var countPage=56//共多少页\nvar currentPage=0;", [f"index_{k}.html" for k in range(1, 56)]),
    ("function createPageHTML(n, c, name, ext) {}", None),
])
def test_pager_variants(script, pages):
    got = trs_pager([script], BASE + "/col/index.html")
    if pages is None:
        assert got is None
    else:
        assert got[0] == [BASE + "/col/" + p for p in pages]
