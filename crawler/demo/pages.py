"""Pages that are not column lists or articles: home, nav hubs, the script-filled column,
redirects, error pages, the calendar trap, the oversize page, robots.txt, the external site."""

from __future__ import annotations

import json
from datetime import date, timedelta
from html import escape

from . import layout
from . import plan as P
from .model import Article, Column
from .plan import Nav

HOME_ROWS = 8


def _rows(items: list[Article], limit: int) -> str:
    return "\n".join(
        f'<li><a href="{a.path}" title="{escape(a.title)}" target="_blank">{escape(a.title)}</a>'
        f'<span class="date">{a.date:%Y-%m-%d}</span></li>' for a in items[:limit])


def _block(title: str, more: str, items: list[Article], limit: int = HOME_ROWS) -> str:
    return (f'<div class="block"><div class="hd"><h3>{title}</h3><a class="more" href="{more}">更多&gt;&gt;</a></div>\n'
            f'<ul class="news-list">\n{_rows(items, limit)}\n</ul></div>\n')


def home(news: list[Article], notices: list[Article], docs: list[Article], *, stale: bool) -> str:
    if stale:  # build_portal(stale_home=True): nothing newer than 20 days on the home page
        cut = P.DEMO_AS_OF - timedelta(days=20)
        news, notices, docs = ([a for a in rows if a.date <= cut] for rows in (news, notices, docs))
    special = [
        ("数据发布", P.FORBIDDEN), ("调查征集", P.TOO_MANY), ("在线访谈", P.UNAVAILABLE),
        ("2025年示范县国民经济和社会发展统计公报", P.SLOW), ("示范县统计年鉴2025", P.OVERSIZE),
        ("活动日历", "/calendar?month=202611"), ("政府信息公开目录（旧版）", P.SCRIPT_REDIRECT),
        ("县农业农村局", "/gbk/nyj/index.html"), ("县长信箱", "/hdjl/xzxx/index.html"),
    ]
    special_html = "".join(f'<li><a href="{href}">{name}</a></li>' for name, href in special)
    friends = [("示州市人民政府", P.EXT_OK), ("示州市政务服务网", P.EXT_GONE), ("示范县公共资源交易中心", P.DEAD_LINK)]
    friends_html = "".join(f'<option value="{href}">{name}</option>' for name, href in friends)
    friends_links = "".join(f'<a href="{href}" target="_blank">{name}</a> ' for name, href in friends)
    body = (
        '<div class="banner"><img src="/images/banner.jpg" alt="示范县"></div>\n'
        + _block("要闻动态", "/col/col1001/index.html", news)
        + _block("通知公告", "/zwgk/tzgg/index.html", notices)
        + _block("政策文件", "/zwgk/zcwj/index.html", docs, 5)
        + f'<div class="block zt"><h3>专题专栏</h3><ul>{special_html}</ul></div>\n'
        + f'<div class="links"><h3>友情链接</h3><select onchange="window.open(this.value)">{friends_html}</select>'
        + f'<p>{friends_links}</p></div>\n')
    metas = {"ColumnName": "首页", "ColumnType": "首页"}
    return layout.page(layout.SITE_NAME, body, metas=metas, identity_gaps=True)


def nav(page: Nav) -> str:
    items = "".join(f'<li><a href="{href}">{escape(name)}</a></li>' for name, href in page.children)
    body = (f'<div class="nav-list"><div class="list-title"><h2>{escape(page.name)}</h2></div>\n'
            f'<ul class="sub-columns">{items}</ul></div>\n')
    metas = {"ColumnName": page.name, "ColumnType": "信息公开目录"}
    return layout.page(f"{escape(page.name)}_{layout.SITE_NAME}", body, crumbs=page.crumbs + [(page.name, "")],
                       charset=page.charset, metas=metas)


def jsonlist(col: Column) -> str:
    """A column whose rows only arrive through $.getJSON: an empty <ul id="list"> in the HTML."""
    script = (
        "<script type=\"text/javascript\">\n"
        f"$.getJSON('/api/list?col={col.key}&page=1', function (data) {{\n"
        "  var html = '';\n"
        "  $.each(data.rows, function (i, row) {\n"
        "    html += '<li><span>' + row.title + '</span><em>' + row.date + '</em></li>';\n"
        "  });\n"
        "  $('#list').html(html);\n"
        "});\n</script>\n")
    body = (f'<div class="list-box"><div class="list-title"><h2>{escape(col.name)}</h2></div>\n'
            '<ul id="list"></ul>\n<script type="text/javascript" src="/images/jquery.min.js"></script>\n'
            + script + "</div>\n")
    metas = {"ColumnName": col.name, "ColumnType": col.column_type}
    return layout.page(f"{escape(col.name)}_{layout.SITE_NAME}", body, crumbs=col.crumbs + [(col.name, "")],
                       metas=metas)


def api_list() -> str:
    rows = [{"title": f"关于{topic}的建议", "date": f"{P.d(3 + 6 * i):%Y-%m-%d}", "state": "已回复"}
            for i, topic in enumerate(("城区停车难", "农村道路照明", "学校周边交通安全", "小区加装电梯", "乡镇卫生院就医"))]
    return json.dumps({"total": len(rows), "page": 1, "rows": rows}, ensure_ascii=False)


def sitemap(columns: list[Column], navs: list[Nav]) -> str:
    links = [(n.name, n.path) for n in navs] + [(c.name, c.index_path) for c in columns]
    items = "".join(f'<li><a href="{href}">{escape(name)}</a></li>' for name, href in links)
    return simple("网站地图", f'<ul class="sitemap">{items}</ul>')


def simple(title: str, inner: str, crumbs: list[tuple[str, str]] | None = None) -> str:
    body = f'<div class="article"><h1 class="title">{escape(title)}</h1>\n<div class="content">{inner}</div></div>\n'
    return layout.page(f"{escape(title)}_{layout.SITE_NAME}", body, crumbs=(crumbs or [P.HOME]) + [(title, "")],
                       metas={"ColumnName": title})


def meta_refresh(target: str) -> str:
    return layout.page("栏目调整", '<p>栏目已调整，正在跳转……</p>\n',
                       extra_head=f'<meta http-equiv="refresh" content="0;url={target}">\n')


def script_redirect(target: str) -> str:
    return layout.page("政府信息公开目录", "<p>页面已迁移，正在跳转……</p>\n",
                       extra_head=f"<script type=\"text/javascript\">location.href='{target}';</script>\n")


def iframe_page() -> str:
    inner = (f'<p>申请人可通过下方表单在线提交政府信息公开申请。</p>\n'
             f'<iframe src="{P.IFRAME_SRC}" width="100%" height="800" frameborder="0" scrolling="no"></iframe>\n')
    return simple("依申请公开", inner, [P.HOME, P.ZWGK, P.XXGK])


def request_form() -> str:
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开申请表</title></head><body>\n'
            '<form action="/ysqgk/submit.jsp" method="post"><p>申请人姓名：<input name="name"></p>'
            '<p>所需信息内容描述：<textarea name="content"></textarea></p><p><button type="submit">提交</button></p>'
            '</form>\n<p><a href="/" target="_top">返回首页</a></p></body></html>\n')


def not_found(soft: bool = False) -> str:
    title = "页面不存在" if soft else "404 页面不存在"
    inner = '<p>对不起，您访问的页面不存在或已被删除。</p><p><a href="/">返回首页</a></p>'
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>' + title + '</title></head><body>\n'
            f'<div class="error"><h1>{title}</h1>{inner}</div></body></html>\n')


def error_page(status: int, message: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{status} {message}</title></head>'
            f"<body><h1>{status}</h1><p>{message}</p></body></html>\n")


def calendar(month: int) -> str:
    """An endless calendar: month N always links to N+1 (and N-1)."""
    rows = "".join(f"<tr><td>第{w + 1}周</td><td>无活动安排</td></tr>" for w in range(4))
    inner = (f'<p><a href="/calendar?month={month - 1}">上个月</a> | <a href="/calendar?month={month + 1}">下个月</a></p>'
             f"<table class=\"cal\">{rows}</table>")
    return simple(f"活动日历（{month}）", inner)


def oversize(size: int = 6 * 1024 * 1024) -> str:
    """A 6 MB statistical yearbook page (one huge table)."""
    row = "<tr><td>农林牧渔业总产值</td><td>万元</td><td>358612</td><td>372015</td><td>3.7</td></tr>\n"
    rows = row * (size // len(row.encode()) + 1)
    return simple("示范县统计年鉴2025", f'<table class="tjnj">{rows}</table>', [P.HOME, P.ZWGK])


def slow_page() -> str:
    inner = ("<p>2025年，全县实现地区生产总值218.6亿元，比上年增长5.8%。</p>"
             "<p>全年一般公共预算收入12.3亿元，比上年增长4.1%。</p>")
    return simple("2025年示范县国民经济和社会发展统计公报", inner, [P.HOME, P.ZWGK])


def robots() -> str:
    return "User-agent: *\nDisallow: /private/\nDisallow: /module/xxgk/search.jsp\n"


def private_page() -> str:
    return simple("内部征求意见稿（请勿外传）", "<p>本页面仅供内部征求意见使用。</p>")


def service_page() -> str:
    inner = ('<ul><li><a href="{EXTERNAL}/zwfw/index.html" target="_blank">示州市网上办事大厅</a></li>'
             '<li><a href="/zwgk/zfxxgk/ysqgk/index.html">依申请公开</a></li>'
             '<li><a href="/hdjl/xzxx/index.html">县长信箱</a></li></ul>')
    return simple("政务服务", inner)


def misc_pages() -> dict[str, str]:
    """Plain pages linked from the shell (无障碍, 联系我们, 走进示范)."""
    return {
        "/wza/index.html": simple("无障碍浏览", "<p>本站支持无障碍浏览，请使用辅助工具条。</p>"),
        "/lxwm/index.html": simple("联系我们", "<p>地址：示范县人民路1号　邮编：359900　电话：0599-1234567</p>"),
        "/zjsf/index.html": simple("走进示范", "<p>示范县位于示州市东部，辖5镇2乡，总面积1368平方千米。</p>"),
        "/bsfw/index.html": service_page(),
    }


ASSETS = {
    "/images/style.css": ("text/css", b"body{font-family:sans-serif}.nav li{display:inline}\n"),
    "/images/page.js": ("application/javascript",
                        b"function createPageHTML(n,c,name,ext){/* renders the pager */}\n"),
    "/images/jquery.min.js": ("application/javascript", b"/*! jQuery stub for the demo */\n"),
    "/module/web/jpage/jpage.js": ("application/javascript", b"/* jpage plugin stub */\n"),
    "/images/logo.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    "/images/gongan.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16),
    "/images/banner.jpg": ("image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
}


def attachment(path: str) -> tuple[str, bytes]:
    ext = path.rsplit(".", 1)[-1].lower()
    kinds = {"pdf": ("application/pdf", b"%PDF-1.4\n% demo attachment\n%%EOF\n"),
             "xls": ("application/vnd.ms-excel", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1demo-xls"),
             "doc": ("application/msword", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1demo-doc")}
    ctype, data = kinds.get(ext, ("application/octet-stream", b"demo"))
    return ctype, data + path.encode()


EXTERNAL_PAGES = {
    "/": "示州市人民政府",
    "/index.html": "示州市人民政府",
    "/zwfw/index.html": "示州市网上办事大厅",
    "/beian/icp.html": "ICP/IP地址/域名信息备案管理系统",
    "/beian/gongan.html": "全国互联网安全管理服务平台",
}


def external_page(title: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><h1>{title}</h1><p>这是“另一个网站”。</p></body></html>\n')


FIXED_DATE = date(2026, 1, 5)
