from crawler.extract import analyse_page

from .conftest import BASE, HOSTS, page

URL = BASE + "/zwgk/gsgg/index.html"


def test_dated_rows_make_a_listing():
    rows = "".join(f'<tr><td><a href="/a/{i}.html">公告{i}</a></td><td>[2026-11-{i + 1:02d}]</td></tr>'
                   for i in range(5))
    a = analyse_page(URL, page(f"<h2>公示公告</h2><table class='tb'>{rows}</table>"), HOSTS)
    assert a.kind == "listing" and a.listing.cms == "generic"
    assert [i.date for i in a.listing.items] == [f"2026-11-{i + 1:02d}" for i in range(5)]
    assert a.column_name == "公示公告"


def test_date_in_title_is_not_the_row_date():
    rows = "".join(f'<li><a href="/a/{i}.html">2025年1月{i + 1}日会议纪要</a><em>2026年11月{i + 1}日</em></li>'
                   for i in range(3))
    a = analyse_page(URL, page(f"<ul>{rows}</ul>"), HOSTS)
    assert [i.date for i in a.listing.items] == ["2026-11-01", "2026-11-02", "2026-11-03"]


def test_nav_page_links_without_dates():
    kids = "".join(f'<li><a href="/zwgk/{k}/index.html">{n}</a></li>' for k, n in
                   (("gkzn", "政府信息公开指南"), ("gkzd", "政府信息公开制度"), ("fdzd", "法定主动公开内容"),
                    ("ndbg", "政府信息公开年报")))
    html = page('<div class="nav"><ul><li><a href="/">首页</a></li></ul></div>'
                '<div class="position">当前位置：<a href="/">首页</a> &gt; '
                '<a href="/zwgk/">政务公开</a> &gt; 政府信息公开</div>'
                f'<div class="nav-list"><h2>政府信息公开</h2><ul class="sub-columns">{kids}</ul></div>')
    a = analyse_page(BASE + "/zwgk/zfxxgk/index.html", html, HOSTS)
    assert a.kind == "nav"
    assert a.breadcrumb == ["政务公开", "政府信息公开"]
    assert a.column_name == "政府信息公开"


def test_empty_listing_with_no_data_text():
    a = analyse_page(URL, page('<div class="list-box"><h2>重大建设项目</h2><ul class="list"></ul>'
                               '<div class="no-data">暂无信息</div></div>'), HOSTS)
    assert a.kind == "listing" and a.listing.items == []


def test_empty_list_container_alone():
    a = analyse_page(URL, page('<h2>重大建设项目</h2><ul class="list"></ul>'), HOSTS)
    assert a.kind == "listing" and a.listing.items == []


def test_script_filled_listing_is_unverifiable():
    html = page('<h2>政策文件</h2><ul id="list"></ul><script>'
                "fetch('/api/list?col=7').then(r => r.json()).then(d => render(d));</script>",
                head='<meta name="ColumnName" content="政策文件">')
    a = analyse_page(URL, html, HOSTS)
    assert a.kind == "unverifiable"
    assert a.listing.items == [] and "无法核实" in a.listing.unverifiable


def test_getjson_listing_is_unverifiable():
    html = page('<ul id="list"></ul><script>$.getJSON("/api/list?col=xzxx&page=1", function (data) {'
                "$('#list').html(data);});</script>")
    assert analyse_page(URL, html, HOSTS).kind == "unverifiable"


def test_script_with_inline_json_rows():
    html = page('<ul id="list"></ul><script>var data = [{"title": "关于停车难的建议", "url": "/hd/1.html", '
                '"date": "2026-11-01"}, {"title": "关于照明的建议", "url": "/hd/2.html", "date": "2026-10-01"}];'
                "$.ajax({url: '/api/list.json'});</script>")
    a = analyse_page(URL, html, HOSTS)
    assert a.kind == "listing"
    assert [(i.url, i.title, i.date) for i in a.listing.items] == [
        (BASE + "/hd/1.html", "关于停车难的建议", "2026-11-01"), (BASE + "/hd/2.html", "关于照明的建议", "2026-10-01")]


def test_article_is_not_a_listing():
    html = page('<div class="article"><h1>县政府召开常务会议</h1><div class="TRS_Editor"><p>'
                + "会议研究了有关事项。" * 20 + "</p></div></div>")
    a = analyse_page(BASE + "/zwgk/gzdt/202611/t20261101_1.html", html, HOSTS)
    assert a.kind == "article" and a.listing is None
    assert a.text.startswith("会议研究了有关事项")
