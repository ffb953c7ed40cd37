"""SiteServer-like county portal (SiteServer CMS / stl templates): numbered channel pages,
``a.box`` list items, a ``<title>`` that names the column, metadata twice.

- Every column is a channel ``/channels/<id>.html``; its pages 2…N are ``/channels/<id>_2.html``
  …; the pager is HTML (首页/上一页/1 2 …/下一页/末页).
- List items are ``<a class="box" href="/contents/<id>/<n>.html"><p>title</p><span class="date">…</span></a>``.
- Breadcrumb ``您当前的位置是：首页 > … > <the column>`` (``>`` separated, no 当前位置 label).
- Article pages: ``<title>[column]-site</title>`` (the column, not the article: the article's
  title is only in ``<h1 id="Title">``); documents carry a mobile block of
  ``<label>发文字号</label><span>…</span>`` pairs without colons and a PC table
  (``<td class="xx1">文号</td><td class="xx2">…</td>``) inside a ``div.head``; one document
  has no block at all.
- ``/hdjl/`` (also linked as ``/hdjl/index.html``) only script-redirects to its channel.
- The home page has not been updated for 40 days (``site.homepage_stale`` is planted).
"""

from __future__ import annotations

from datetime import date
from html import escape

from ..model import Article, Column
from .base import ago
from .content import COLUMNS, ContentBuilder, date_html

SITE = "松岭县人民政府门户网站"
LOGO = "/images/logo.png"
FIXED = date(2026, 1, 5)
CHANNEL_IDS = {slug: 1700 + i for i, (_k, _n, slug, *_rest) in enumerate(COLUMNS)}
PARENTS = {"xxgk": 100, "mulu": 101}


class SiteServerBuilder(ContentBuilder):
    county = "松岭县"
    short = "松"

    # -- placement -------------------------------------------------------------------------
    def parent_path(self, parent: str) -> str:
        return "/hdjl/" if parent == "hdjl" else f"/channels/{PARENTS[parent]}.html"

    def column_path(self, slug: str, parent: str, k: int = 0) -> str:
        cid = CHANNEL_IDS[slug]
        return f"/channels/{cid}.html" if k == 0 else f"/channels/{cid}_{k + 1}.html"

    def article_path(self, col: Column, day: date, art_id: int) -> str:
        return f"/contents/{CHANNEL_IDS[col.unitid or col.key]}/{art_id}.html"

    def forbidden_paths(self) -> tuple[str, str]:
        return "/sjkf/index.html", "/zxft/index.html"

    def make_columns(self) -> None:
        super().make_columns()
        self.expect("site.homepage_stale", "/", "首页只显示 40 天以前的信息（a.box 条目，日期在 span 中）")

    # -- shell -----------------------------------------------------------------------------
    def shell(self, title: str, body: str, crumbs: list[tuple[str, str]], *, column: str = "",
              stray_html: bool = False) -> str:
        nav = [("网站首页", "/"), ("信息公开", self.parent_path("xxgk")), ("政府信息公开目录", self.parent_path("mulu")),
               ("政民互动", "/hdjl/index.html")]
        nav_html = "".join(f'<li><a href="{h}">{n}</a></li>' for n, h in nav)
        trail = " > ".join(f'<a href="{h}">{escape(n)}</a>' for n, h in crumbs)
        metas = (f'<meta name="SiteName" content="{SITE}">\n<meta name="SiteIDCode" content="3599000003">\n'
                 + (f'<meta name="ColumnName" content="{escape(column)}">\n' if column else ""))
        header = (f'<div id="top_bar"><div class="a-top">欢迎访问{SITE}！</div></div>\n'
                  f'<div class="top_tb"><a class="logo" href="/"><img src="{LOGO}" alt="{SITE}"></a><ul>{nav_html}</ul></div>\n')
        if stray_html:
            header += "</html>\n"
        return (
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"{metas}<title>{title}</title>\n"
            '<link rel="stylesheet" type="text/css" href="/images/style.css">\n</head>\n<body>\n<div id="all">\n'
            f"<!--头部开始-->\n{header}<!--头部结束 end-->\n"
            f'<div class="center_b"><div class="lujing">您当前的位置是：{trail}</div>\n{body}</div>\n'
            f'<div class="bottom">主办：{self.county}人民政府办公室　网站标识码：3599000003　'
            '<a href="/lxwm/index.html">联系我们</a></div>\n</div>\n</body>\n</html>\n')

    @staticmethod
    def box(art: Article, style: str) -> str:
        return (f'<a class="box" href="{art.path}" target="_blank" title="{escape(art.title)}">'
                f'<p class="tit">{escape(art.title)}</p><span class="date">{date_html(art.date, style)}</span></a>')

    @staticmethod
    def pager(cid: int, k: int, n: int) -> str:
        def name(j: int) -> str:
            return f"/channels/{cid}.html" if j == 0 else f"/channels/{cid}_{j + 1}.html"
        parts = [f'<a href="{name(0)}">首页</a>']
        if k > 0:
            parts.append(f'<a href="{name(k - 1)}">上一页</a>')
        parts += [f'<span class="current">{j + 1}</span>' if j == k else f'<a href="{name(j)}">{j + 1}</a>'
                  for j in range(n)]
        if k < n - 1:
            parts += [f'<a href="{name(k + 1)}">下一页</a>', f'<a href="{name(n - 1)}">末页</a>']
        return '<div class="pages">' + "".join(parts) + "</div>\n"

    def side(self) -> str:
        items = "".join(f'<li><a href="{c.index_path}">{escape(c.name)}</a></li>'
                        for k, c in self.plan.columns.items() if self.parent_of[k] == "mulu")
        return f'<div class="left_nav"><h3>政府信息公开目录</h3><ul>{items}</ul></div>\n'

    # -- pages -----------------------------------------------------------------------------
    def listing(self, key: str, k: int) -> str:
        col = self.plan.columns[key]
        style = self.style[key]
        pages = self.pages_of(key)
        rows = pages[k]
        if rows:
            inner = "\n".join(self.box(a, style.dates) for a in rows)
        elif style.blank == "logo":
            inner = f'<a href="/"><img src="{LOGO}" alt="{SITE}"></a>'
        elif style.blank == "notice":
            inner = '<p class="none">此栏目暂无任何新增信息</p>'
        else:
            inner = ""
        pager = self.pager(CHANNEL_IDS[col.unitid], k, len(pages)) if rows else ""
        body = (self.side() + f'<div class="right_list"><div class="lm_name">{escape(col.name)}</div>\n'
                f'<div class="list_box">\n{inner}\n</div>\n{pager}</div>\n')
        return self.shell(f"{escape(col.name)}-{SITE}", body, col.crumbs + [(col.name, col.index_path)],
                          column=col.name)

    def channel(self) -> str:
        keys = ("gzdt", "tzgg", "zfwj", "zcjd", "bmdt")
        latest = sorted((a for key in keys for a in self.plan.columns[key].articles),
                        key=lambda a: (a.date, a.path), reverse=True)[:12]
        boxes = "\n".join(self.box(a, "dash") for a in latest)
        body = self.side() + f'<div class="right_list"><div class="lm_name">信息公开</div>\n<div class="list_box">\n{boxes}\n</div></div>\n'
        return self.shell(f"信息公开-{SITE}", body, [("首页", "/"), ("信息公开", self.parent_path("xxgk"))],
                          column="信息公开")

    def directory(self) -> str:
        body = self.side() + '<div class="right_list"><div class="lm_name">政府信息公开目录</div></div>\n'
        return self.shell(f"政府信息公开目录-{SITE}", body,
                          [("首页", "/"), ("信息公开", self.parent_path("xxgk")), ("政府信息公开目录", self.parent_path("mulu"))],
                          column="政府信息公开目录")

    @staticmethod
    def mobile_block(meta: dict[str, str]) -> str:
        pairs = (("索引号", meta["索引号"]), ("主题分类", meta["主题分类"]), ("发文字号", meta["文号"]),
                 ("成文日期", meta["成文日期"]), ("发布日期", meta["发布日期"]))
        items = "".join(f'<div class="weui-form-preview__item"><label class="weui-form-preview__label">{k}</label>'
                        f'<span class="weui-form-preview__value">{escape(v)}</span></div>\n' for k, v in pairs)
        return f'<div class="m_page"><div class="weui-form-preview__bd m_gkcont">\n{items}</div></div>\n'

    @staticmethod
    def pc_table(meta: dict[str, str]) -> str:
        cells = (("文号", meta["文号"]), ("索引号", meta["索引号"]), ("发布机构", meta["发布机构"]),
                 ("主题分类", meta["主题分类"]), ("成文日期", meta["成文日期"]), ("发布日期", meta["发布日期"]))
        tds = [f'<td class="xx1">{k}</td><td class="xx2">{escape(v)}</td>' for k, v in cells]
        rows = "".join(f"<tr>{''.join(tds[i:i + 3])}</tr>\n" for i in (0, 3))
        return f'<div class="content_xxgk head"><table width="1080" border="1"><tbody>\n{rows}</tbody></table></div>\n'

    def article_page(self, art: Article) -> str:
        col = self.plan.columns[art.column]
        text = "".join(f"<p>{escape(p)}</p>\n" for p in self.prose(art)) + art.raw_body
        for href, name in art.attachments:
            text += f'<p><a href="{href}">{escape(name)}</a></p>\n'
        related = "".join(f'<li><a href="{p}">{escape(a)}</a></li>' for p, a, _h in art.related)
        if related:
            text += f'<div class="xgjd"><h4>相关解读</h4><ul>{related}</ul></div>\n'
        for path, anchor in art.back_links:
            text += f'<div class="xgwj">相关文件：<a href="{path}">{escape(anchor)}</a></div>\n'
        blocks = (self.mobile_block(art.meta) + self.pc_table(art.meta)) if art.meta else ""
        body = (blocks + f'<div class="meta"><h1 class="meta-tit" id="Title">{escape(art.title)}</h1>\n'
                f'<p class="meta-info"><span>发布时间：{art.date:%Y-%m-%d}</span><span>来源：{escape(art.source)}</span></p></div>\n'
                f'<div class="conTxt" id="zoom">\n{text}</div>\n')
        return self.shell(f"[{escape(col.name)}]-{SITE}", body, col.crumbs + [(col.name, col.index_path)],
                          column=col.name, stray_html=self.style[art.column].stray_html)

    def home(self) -> str:
        def block(title: str, key: str, n: int) -> str:
            boxes = "\n".join(self.box(a, "dash") for a in self.rows(key)[:n])
            return (f'<div class="sy_block"><div class="sy_hd"><h3>{title}</h3>'
                    f'<a class="more" href="{self.index(key)}">更多</a></div>\n<div class="list_box">\n{boxes}\n</div></div>\n')
        special = "".join(f'<li><a href="{h}" target="_blank">{n}</a></li>' for n, h in self.home_links)
        body = (block("乡镇动态", "xzdt", 6) + block("公示公告", "gsgg", 5) + block("领导活动", "ldhd", 5)
                + '<div class="sy_block"><h3>专题专栏</h3><ul><li><a href="/hdjl/">政民互动</a></li>'
                + f'<li><a href="{self.parent_path("xxgk")}">信息公开</a></li>{special}</ul></div>\n')
        return self.shell(SITE, body, [("首页", "/")])

    @staticmethod
    def redirect(target: str) -> str:
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{SITE}</title>'
                f'<script type="text/javascript">window.location.href="{target}";</script></head><body></body></html>\n')

    # -- the page table --------------------------------------------------------------------
    def render(self) -> None:
        home_day = ago(40)
        newest = max(a.date for c in self.plan.columns.values() for a in c.articles)
        self.page("/", lambda: (self.home(), home_day, "utf-8"))
        self.page("/index.html", lambda: (self.home(), home_day, "utf-8"))
        self.page(self.parent_path("xxgk"), lambda: (self.channel(), newest, "utf-8"))
        self.page(self.parent_path("mulu"), lambda: (self.directory(), FIXED, "utf-8"))
        target = f"../channels/{CHANNEL_IDS['yjzj']}.html"
        self.page("/hdjl/", lambda: (self.redirect(target), FIXED, "utf-8"))
        self.page("/hdjl/index.html", lambda: (self.redirect(target), FIXED, "utf-8"))
        self.page("/lxwm/index.html", lambda: (self.shell(f"联系我们-{SITE}", "<p>地址：松岭县府前街8号</p>",
                                                          [("首页", "/")]), FIXED, "utf-8"))
        for key, col in self.plan.columns.items():
            day = self.newest(key)
            for k in range(len(self.pages_of(key))):
                self.page(self.column_path(col.unitid, "", k),
                          lambda key=key, k=k, day=day: (self.listing(key, k), day, "utf-8"))
            for art in col.articles:
                self.page(art.path, lambda art=art: (self.article_page(art), art.date, "utf-8"))
        for path in self.plan.attachments:
            self.special(path, ("attachment",))
        for path in self.soft404:
            self.special(path, ("soft404",))
        forbidden, unavailable = self.forbidden_paths()
        self.special(forbidden, ("status", 403, "访问被拦截：网站防火墙检测到异常访问"))
        self.special(unavailable, ("status", 503, "服务暂不可用，系统维护中"))


def build_siteserver(seed: int = 7):
    builder = SiteServerBuilder(seed=seed)
    builder.build()
    return builder.portal(name="松岭县人民政府", site_code="3599000003", unit="松岭县人民政府办公室")
