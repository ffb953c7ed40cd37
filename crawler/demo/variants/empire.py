"""EmpireCMS-like county portal (帝国CMS): HTML pagers, channel pages, parent-ending breadcrumbs,
文号 only in the body, GBK bytes with no charset anywhere.

- Columns live in directories: page 1 is ``/xxgk/xxgkml/gzdt/index.html`` (menus link the
  directory ``/xxgk/xxgkml/gzdt/``, the pager's 首页 links ``index.html``: both are served),
  pages 2…N are ``index_2.html`` … ``index_N.html``; the pager is plain HTML
  ``共64条 共5页 首页 上一页 1 2 … 下一页 尾页``.
- A column page's breadcrumb ends at its PARENT (``当前位置：首页 > 信息公开 > 政府信息公开目录``);
  its own name is only in the heading ``<h2 class="lm_name">``.
- ``/xxgk/`` is a channel page: a left menu of every sub-column plus a paginated latest list.
  ``/xxgk/xxgkml/`` is a directory of sub-columns only. ``/hdjl/`` only meta-refreshes to
  ``./yjzj/``.
- Articles: ``<dir>/YYYY-MM-DD/<id>.html``; documents have no metadata block, the 文号 is the
  first centred line of the body.
- Every page is GBK, served as bare ``text/html``, without ``<meta charset>``.
"""

from __future__ import annotations

from datetime import date
from html import escape

from ..model import Article, Column
from .content import ContentBuilder, date_html

SITE = "云溪县人民政府"
LOGO = "/images/logo.png"
CHARSET = "meta"  # the Portal's mode for a bare text/html header (and no meta is written here)
FIXED = date(2026, 1, 5)


class EmpireBuilder(ContentBuilder):
    county = "云溪县"
    short = "云"

    # -- placement -------------------------------------------------------------------------
    def parent_path(self, parent: str) -> str:
        return {"xxgk": "/xxgk/", "mulu": "/xxgk/xxgkml/", "hdjl": "/hdjl/"}[parent]

    def column_path(self, slug: str, parent: str, k: int = 0) -> str:
        base = "/xxgk/xxgkml/" if parent == "mulu" else "/hdjl/"
        return f"{base}{slug}/index{'' if k == 0 else f'_{k + 1}'}.html"

    def article_path(self, col: Column, day: date, art_id: int) -> str:
        return f"{col.base}{day:%Y-%m-%d}/{art_id}.html"

    def forbidden_paths(self) -> tuple[str, str]:
        return "/sjkf/index.html", "/zxft/index.html"

    def make_columns(self) -> None:
        super().make_columns()
        self.control("site.homepage_stale", "/", "首页要闻动态最新 [2026-11-19]，通知公告 2026年11月16日")

    # -- shell -----------------------------------------------------------------------------
    def shell(self, title: str, body: str, crumbs: list[tuple[str, str]], *, stray_html: bool = False,
              extra_head: str = "") -> str:
        nav = [("首页", "/"), ("信息公开", "/xxgk/"), ("政府信息公开目录", "/xxgk/xxgkml/"), ("互动交流", "/hdjl/")]
        nav_html = "".join(f'<li><a href="{h}">{n}</a></li>' for n, h in nav)
        trail = "&nbsp;>&nbsp;".join(f'<a href="{h}">{escape(n)}</a>' for n, h in crumbs)
        header = (f'<div class="header"><div class="logo"><a href="/"><img src="{LOGO}" alt="{SITE}"></a></div>\n'
                  f'<div class="mainnav"><ul>{nav_html}</ul></div></div>\n')
        if stray_html:  # the header include is a whole document of its own
            header += "</body>\n</html>\n"
        return (
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
            f"<title>{title}</title>\n"
            f'<meta name="keywords" content="{SITE}">\n'
            '<link href="/images/style.css" rel="stylesheet" type="text/css">\n'
            f"{extra_head}</head>\n<body class=\"body_bg\">\n<!--header Start-->\n{header}<!--header End-->\n"
            f'<div class="container curmb_box"><div class="curmb">当前位置：{trail}</div></div>\n'
            f'<div class="container">{body}</div>\n'
            '<div class="footer"><div class="copyright">主办单位：云溪县人民政府办公室　'
            '<a href="/lxwm/index.html">联系我们</a>　<a href="/xxgk/index.html">信息公开</a>　'
            '网站标识码：3599000002</div></div>\n</body>\n</html>\n')

    def menu(self) -> str:
        items = "".join(f'<li class="level_1"><a href="{c.base}">{escape(c.name)}</a></li>'
                        for k, c in self.plan.columns.items() if self.parent_of[k] == "mulu")
        return f'<div class="sideBar"><div class="parentName">政府信息公开目录</div><ul class="sideMenu">{items}</ul></div>\n'

    @staticmethod
    def row(art: Article, style: str) -> str:
        return (f'<li><a href="{art.path}" title="{escape(art.title)}" target="_blank">{escape(art.title)}</a>'
                f'<span>{date_html(art.date, style)}</span></li>')

    @staticmethod
    def pager(k: int, n: int, total: int) -> str:
        def name(j: int) -> str:
            return "index.html" if j == 0 else f"index_{j + 1}.html"
        parts = [f"共{total}条", f"共{n}页", '<a href="index.html">首页</a>']
        if k > 0:
            parts.append(f'<a href="{name(k - 1)}">上一页</a>')
        parts += [f"<b>{j + 1}</b>" if j == k else f'<a href="{name(j)}">{j + 1}</a>' for j in range(n)]
        if k < n - 1:
            parts += [f'<a href="{name(k + 1)}">下一页</a>', f'<a href="{name(n - 1)}">尾页</a>']
        return '<div class="pagelist">' + "&nbsp;".join(parts) + "</div>\n"

    # -- pages -----------------------------------------------------------------------------
    def listing(self, key: str, k: int) -> str:
        col = self.plan.columns[key]
        style = self.style[key]
        pages = self.pages_of(key)
        rows = pages[k]
        if rows:
            inner = "\n".join(self.row(a, style.dates) for a in rows)
        elif style.blank == "logo":
            inner = f'<li><a href="/"><img src="{LOGO}" alt="{SITE}"></a></li>'
        elif style.blank == "notice":
            inner = "<li>此栏目暂无任何新增信息</li>"
        else:
            inner = ""
        pager = self.pager(k, len(pages), len(self.rows(key))) if rows else ""
        body = (self.menu() + f'<div class="mainList"><div class="listTitle"><h2 class="lm_name">{escape(col.name)}</h2></div>\n'
                f'<ul class="list">\n{inner}\n</ul>\n{pager}</div>\n')
        return self.shell(f"{escape(col.name)} - {SITE}", body, col.crumbs)

    def channel(self, k: int, per: int = 15, pages: int = 3) -> str:
        keys = ("gzdt", "tzgg", "zfwj", "zcjd", "bmdt")
        latest = sorted((a for key in keys for a in self.plan.columns[key].articles),
                        key=lambda a: (a.date, a.path), reverse=True)[:per * pages]
        rows = latest[k * per:(k + 1) * per]
        lines = "\n".join(self.row(a, "dash") for a in rows)
        body = (self.menu() + '<div class="mainList"><div class="listTitle"><h2 class="lm_name">信息公开</h2></div>\n'
                f'<ul class="list">\n{lines}\n</ul>\n{self.pager(k, pages, len(latest))}</div>\n')
        return self.shell(f"信息公开 - {SITE}", body, [("首页", "/")])

    def directory(self) -> str:
        items = "".join(f'<li><a href="{c.base}">{escape(c.name)}</a></li>'
                        for k, c in self.plan.columns.items() if self.parent_of[k] == "mulu")
        body = (self.menu() + '<div class="mainList"><div class="listTitle"><h2 class="lm_name">政府信息公开目录</h2></div>\n'
                f'<ul class="mulu">{items}</ul></div>\n')
        return self.shell(f"政府信息公开目录 - {SITE}", body, [("首页", "/"), ("信息公开", "/xxgk/")])

    def article_page(self, art: Article) -> str:
        col = self.plan.columns[art.column]
        paras = self.prose(art)
        number = self.numbers.get(art.path, "")
        text = f'<p style="text-align: center;">{escape(number)}</p>\n' if number else ""
        text += "".join(f'<p style="text-indent: 2em;">{escape(p)}</p>\n' for p in paras)
        if art.column == "zfwj":
            text += (f'<p style="text-align: right;">{self.county}人民政府</p>\n'
                     f'<p style="text-align: right;">{art.date.year}年{art.date.month}月{art.date.day}日</p>\n')
        text += art.raw_body
        for href, name in art.attachments:
            text += f'<p>附件：<a href="{href}">{escape(name)}</a></p>\n'
        for path, anchor, _hidden in art.related:
            text += f'<p class="xgjd">相关解读：<a href="{path}">{escape(anchor)}</a></p>\n'
        for path, anchor in art.back_links:
            text += f'<p class="ywlj">政策原文：<a href="{path}">{escape(anchor)}</a></p>\n'
        body = (f'<div class="content clearfix"><h1 class="content_title">{escape(art.title)}</h1>\n'
                f'<div class="content_info">发布日期：{art.date:%Y-%m-%d} 17:40:20&nbsp;&nbsp;来源：{escape(art.source)}'
                f'&nbsp;&nbsp;点击数：<script src="/e/public/ViewClick/?classid=2&amp;id={art.path.rsplit("/", 1)[1][:-5]}&amp;addclick=1"></script></div>\n'
                f'<div class="content_text">\n{text}</div></div>\n')
        crumbs = col.crumbs + [(col.name, col.base)]
        return self.shell(f"{escape(art.title)} - {SITE}", body, crumbs, stray_html=self.style[art.column].stray_html)

    def home(self) -> str:
        def block(title: str, key: str, style: str, n: int) -> str:
            rows = "\n".join(self.row(a, style) for a in self.rows(key)[:n])
            return (f'<div class="block"><div class="hd"><h3>{title}</h3><a class="more" href="{self.plan.columns[key].base}">更多</a></div>'
                    f'<ul class="news">\n{rows}\n</ul></div>\n')
        special = "".join(f'<li><a href="{h}" target="_blank">{n}</a></li>' for n, h in self.home_links)
        body = (block("要闻动态", "gzdt", "bracket", 8) + block("通知公告", "tzgg", "cn", 6)
                + '<div class="block"><h3>专题专栏</h3><ul>'
                + '<li><a href="/xxgk/">信息公开</a></li><li><a href="/hdjl/">互动交流</a></li>'
                + f'<li><a href="/xxgk/xxgkml/">政府信息公开目录</a></li>{special}</ul></div>\n')
        return self.shell(SITE, body, [("首页", "/")])

    @staticmethod
    def refresh(target: str) -> str:
        return (f'<html><head><meta http-equiv="refresh" content="0;url={target}"><title>{SITE}</title></head>'
                "<body></body></html>\n")

    # -- the page table --------------------------------------------------------------------
    def render(self) -> None:
        gbk = CHARSET
        newest = max(a.date for c in self.plan.columns.values() for a in c.articles)
        self.page("/", lambda: (self.home(), newest, gbk))
        self.page("/index.html", lambda: (self.home(), newest, gbk))
        for k in range(3):
            path = "/xxgk/" if k == 0 else f"/xxgk/index_{k + 1}.html"
            self.page(path, lambda k=k: (self.channel(k), newest, gbk))
        self.page("/xxgk/index.html", lambda: (self.channel(0), newest, gbk))
        self.page("/xxgk/xxgkml/", lambda: (self.directory(), FIXED, gbk))
        self.page("/xxgk/xxgkml/index.html", lambda: (self.directory(), FIXED, gbk))
        self.page("/hdjl/", lambda: (self.refresh("./yjzj/"), FIXED, gbk))
        self.page("/hdjl/index.html", lambda: (self.refresh("./yjzj/"), FIXED, gbk))
        self.page("/lxwm/index.html", lambda: (self.shell(f"联系我们 - {SITE}", "<p>地址：云溪县府前路1号</p>",
                                                          [("首页", "/")]), FIXED, gbk))
        for key, col in self.plan.columns.items():
            day = self.newest(key)
            for k in range(len(self.pages_of(key))):
                self.page(self.column_path(col.unitid, self.parent_of[key], k),
                          lambda key=key, k=k, day=day: (self.listing(key, k), day, gbk))
            self.page(col.base, lambda key=key, day=day: (self.listing(key, 0), day, gbk))
            for art in col.articles:
                self.page(art.path, lambda art=art: (self.article_page(art), art.date, gbk))
        for path in self.plan.attachments:
            self.special(path, ("attachment",))
        for path in self.soft404:
            self.special(path, ("soft404",))
        forbidden, unavailable = self.forbidden_paths()
        self.special(forbidden, ("status", 403, "访问被拦截：网站防火墙检测到异常访问"))
        self.special(unavailable, ("status", 503, "服务暂不可用，系统维护中"))


def build_empire(seed: int = 7):
    builder = EmpireBuilder(seed=seed)
    builder.build()
    return builder.portal(name=SITE, site_code="3599000002", unit="云溪县人民政府办公室")
