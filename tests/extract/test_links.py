from crawler.extract import analyse_page

from .conftest import BASE, HOSTS, page

URL = BASE + "/zwgk/a/b/page.html"


def test_links_resolved_and_classified():
    html = page('<div class="nav"><a href="/">首页</a></div>'
                '<a href="./x.html#top">相对</a><a href="../../up.html">上级</a>'
                '<a href="//www.example.gov.cn/pr.html">协议相对</a>'
                '<a href="http://other.gov.cn/">外站</a><a href="http://WWW.EXAMPLE.GOV.CN:80/y.html">大写</a>'
                '<a href="./P020261101123.pdf">附件一</a>'
                '<a href="/module/download/downfile.jsp?filename=a.doc">附件二</a>'
                '<a href="javascript:void(0)">JS</a><a href="mailto:a@b.c">邮件</a><a href="tel:123">电话</a>'
                '<a href="#">井号</a><a>无链接</a>'
                '<a href="/img.html" title="标题属性"></a><a href="/pic.html"><img src="a.png" alt="图片说明"></a>'
                '<a href="/ws.html">  多个\n  空白  </a>')
    a = analyse_page(URL, html, HOSTS)
    got = {(l.url, l.anchor, l.kind) for l in a.links}
    assert (BASE + "/", "首页", "internal") in got
    assert (BASE + "/zwgk/a/b/x.html", "相对", "internal") in got
    assert (BASE + "/zwgk/up.html", "上级", "internal") in got
    assert ("http://www.example.gov.cn/pr.html", "协议相对", "internal") in got
    assert ("http://other.gov.cn/", "外站", "external") in got
    assert ("http://WWW.EXAMPLE.GOV.CN:80/y.html", "大写", "internal") in got
    assert (BASE + "/zwgk/a/b/P020261101123.pdf", "附件一", "attachment") in got
    assert (BASE + "/module/download/downfile.jsp?filename=a.doc", "附件二", "attachment") in got
    assert (BASE + "/img.html", "标题属性", "internal") in got
    assert (BASE + "/pic.html", "图片说明", "internal") in got
    assert (BASE + "/ws.html", "多个 空白", "internal") in got
    assert len(a.links) == 11
    assert [l.anchor for l in a.attachments] == ["附件一", "附件二"]


def test_base_href():
    a = analyse_page(URL, page('<a href="c.html">c</a>', head='<base href="http://www.example.gov.cn/root/">'), HOSTS)
    assert a.links[0].url == BASE + "/root/c.html"


def test_port_is_part_of_the_host():
    hosts = frozenset({"127.0.0.1:8080"})
    a = analyse_page("http://127.0.0.1:8080/", page('<a href="/a">a</a><a href="http://127.0.0.1:9/b">b</a>'), hosts)
    assert [l.kind for l in a.links] == ["internal", "external"]


def test_hidden_links():
    html = page('<dl class="tslb-list" style="display: none"><dt>相关解读</dt>'
                '<dd><a href="/jd/1.html">解读</a></dd></dl>'
                '<div hidden><a href="/h2.html">隐藏2</a></div>'
                '<div style="visibility:hidden"><p><a href="/h3.html">隐藏3</a></p></div>'
                '<div class="xgjd"><a href="/jd/2.html">可见解读</a></div>')
    a = analyse_page(URL, html, HOSTS)
    hidden = {l.url.rsplit("/", 1)[-1]: l.hidden for l in a.links}
    assert hidden == {"1.html": True, "h2.html": True, "h3.html": True, "2.html": False}


def test_meta_refresh_redirect():
    a = analyse_page(BASE + "/sub/entry.html",
                     page("", head='<meta http-equiv="refresh" content="0;url=../target.shtml">'), HOSTS)
    assert a.redirect == BASE + "/target.shtml"
    a = analyse_page(BASE + "/x.html", page("", head='<meta http-equiv="Refresh" content="3; URL=\'/y.html\'">'), HOSTS)
    assert a.redirect == BASE + "/y.html"


def test_script_redirects():
    for script in ("window.location.href='/after-js.html';", 'location.href = "/after-js.html"',
                   "location.replace('/after-js.html')", 'window.location="/after-js.html";',
                   "top.location.href='/after-js.html'"):
        a = analyse_page(BASE + "/js.html", page(f"<script>{script}</script>"), HOSTS)
        assert a.redirect == BASE + "/after-js.html", script
    assert analyse_page(BASE + "/p.html", page("<script>var x = 1;</script>"), HOSTS).redirect is None


def test_iframes():
    a = analyse_page(BASE + "/z/p.html", page('<iframe src="/frame.html"></iframe><iframe src="form.html"></iframe>'
                                            '<iframe src="about:blank"></iframe>'), HOSTS)
    assert a.iframes == [BASE + "/frame.html", BASE + "/z/form.html"]
