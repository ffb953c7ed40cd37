import pytest

from crawler.extract import analyse_page

from .conftest import BASE, HOSTS, page


@pytest.mark.parametrize("html", [
    "", "   ", "<", "<html", "<<<>>>", "\x00\x01", "<?xml version='1.0' encoding='gbk'?><html><body>x</body></html>",
    "<html><body><div><div><p>未闭合", "<table><tr><td>索引号：<td>", "<a href='http://[::1'>坏链接</a>",
    "<a href='http://exa mple.com/'>空格</a>", "<base href='::'><a href='x'>x</a>",
    "<div>" * 3000 + "深层嵌套" + "</div>" * 3000, "<script>createPageHTML(</script>",
    "<script type='text/xml'><datastore><record><![CDATA[<a href='/x'>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
])
def test_never_raises(html):
    a = analyse_page(BASE + "/", html, HOSTS)
    assert isinstance(a.title, str) and isinstance(a.text, str) and a.content_hash


def test_script_in_title_kept_raw():
    a = analyse_page(BASE + "/", page("<p>x</p>", title="<script>alert('x')</script>首页"), HOSTS)
    assert a.title == "<script>alert('x')</script>首页"


def test_script_inside_anchor():
    a = analyse_page(BASE + "/", page('<a href="/x"><script>alert(1)</script></a>'), HOSTS)
    assert a.links[0].url == BASE + "/x" and "alert" not in a.links[0].anchor


def test_huge_page_text_capped():
    a = analyse_page(BASE + "/huge.html", "<html><body><p>" + "大" * (3 * 1024 * 1024) + "</p></body></html>", HOSTS)
    assert len(a.text) <= 20000


def test_text_drops_boilerplate():
    html = page('<div class="header"><a href="/">首页</a>导航</div><nav>菜单</nav>'
                '<div class="position">当前位置：首页 &gt; 工作动态</div>'
                '<div class="main"><p>正文第一段。</p><script>var a="脚本";</script><style>p{}</style>'
                '<p>第二段。</p></div>'
                '<div class="footer">版权所有</div>')
    a = analyse_page(BASE + "/a.html", html, HOSTS)
    assert a.text == "正文第一段。 第二段。"
    assert a.breadcrumb == ["工作动态"]


def test_soft404():
    a = analyse_page(BASE + "/soft.html", page("<h1>页面不存在</h1><p>您访问的页面不存在或已被删除</p>",
                                               title="404 页面不存在"), HOSTS)
    assert a.soft404
    a = analyse_page(BASE + "/soft.html", page("<p>对不起，您访问的页面不存在或已被删除。</p>", title="示范县"), HOSTS)
    assert a.soft404
    a = analyse_page(BASE + "/ok.html", page("<div class='TRS_Editor'><p>" + "正文" * 200 + "</p></div>",
                                             title="关于第404号议案的答复"), HOSTS)
    assert not a.soft404


def test_content_hash_changes_with_text():
    one = analyse_page(BASE + "/a.html", page("<p>甲</p>"), HOSTS).content_hash
    two = analyse_page(BASE + "/a.html", page("<p>乙</p>"), HOSTS).content_hash
    assert one != two and len(one) == 40


def test_links_mentioning_404_do_not_make_a_soft404():
    html = page('<a href="/missing.html">不存在的页面</a><a href="/soft.html">软404</a><a href="/waf.html">防火墙</a>')
    assert not analyse_page(BASE + "/", html, HOSTS).soft404
