"""Hanweb JCMS style pages: jpage lists hidden in <datastore> XML, the dataproxy, /art/ articles."""

from __future__ import annotations

from html import escape

from . import layout
from .model import Article, Column

PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
PER_PAGE = 15
GROUP_SIZE = 3
INLINE = PER_PAGE * GROUP_SIZE  # records carried by the column page itself
TITLE_CUT = 26


def record(art: Article, show_date: bool = True) -> str:
    """One <record> with its CDATA list row (truncated text, full title in title=)."""
    shown = art.title if len(art.title) <= TITLE_CUT else art.title[: TITLE_CUT - 3] + "..."
    date_html = f"<span>{art.date:%Y-%m-%d}</span>" if show_date else ""
    title = escape(art.title, quote=True).replace("'", "&#39;")
    return (f"<record><![CDATA[<li><a href='{art.path}' title='{title}' target='_blank'>"
            f"{escape(shown, quote=False)}</a>{date_html}</li>]]></record>")


def _ajax_param(col: Column) -> str:
    return (f"{{col:1,appid:1,webid:1,path:'/',columnid:{col.colid},unitid:'{col.unitid}',"
            f"webname:'{layout.SITE_NAME}',permissiontype:0}}")


def listing(col: Column, rows: list[Article], side: str) -> str:
    """The column page: the first INLINE records inline, the rest through the dataproxy."""
    inline = "\n".join(record(a, col.show_dates) for a in rows[:INLINE])
    nextgroup = (f"<nextgroup><![CDATA[<a href=\"{PROXY_PATH}?page=1&appid=1&webid=1&path=/&columnid={col.colid}"
                 f"&unitid={col.unitid}&webname={layout.SITE_NAME}&permissiontype=0\"></a>]]></nextgroup>")
    jpage = (f"$('#{col.unitid}').jpage({{themeName:'default',showMode:'full',dataStore:dataStore,"
             f"totalRecord:{len(rows)},groupSize:{GROUP_SIZE},perPage:{PER_PAGE},proxyUrl:'{PROXY_PATH}',"
             f"barPosition:'bottom',ajaxParam:{_ajax_param(col)}}});")
    body = (
        side
        + f'<div class="list-box"><div class="bt"><h2>{escape(col.name)}</h2></div>\n'
        + f'<div id="{col.unitid}"><script type="text/xml"><datastore>\n{nextgroup}\n<recordset>\n{inline}\n'
        + "</recordset></datastore></script></div>\n"
        + (f'<div class="no-data">{col.empty_text}</div>\n' if not rows else "")
        + '<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>\n'
        + f'<script type="text/javascript">var dataStore = [];{jpage}</script>\n'
        + "</div>\n")
    metas = {"ColumnName": col.name, "ColumnType": col.column_type}
    return layout.page(f"{escape(col.name)}_{layout.SITE_NAME}", body,
                       crumbs=col.crumbs + [(col.name, col.index_path)], metas=metas)


def proxy_reply(col: Column | None, rows: list[Article], start: int, end: int) -> str:
    """The dataproxy.jsp XML for records start..end (1-based, inclusive; never clamped)."""
    chosen = rows[max(start, 1) - 1: max(end, 0)] if col else []
    records = "\n".join(record(a, col.show_dates) for a in chosen) if col else ""
    total = len(rows) if col else 0
    pages = -(-total // PER_PAGE) if total else 0
    return (f"<datastore>\n<recordset>\n{records}\n</recordset>\n"
            f"<totalrecord>{total}</totalrecord>\n<totalpage>{pages}</totalpage>\n</datastore>\n")


def metadata_block(meta: dict[str, str]) -> str:
    """gov.cn "Template A" metadata: <td><b>label：</b></td><td>value</td>, two pairs per row."""
    pairs = [f"<td><b>{label}：</b></td><td>{escape(value)}</td>" for label, value in meta.items()]
    rows = ["<tr>" + "".join(pairs[i:i + 2]) + "</tr>" for i in range(0, len(pairs), 2)]
    return '<table class="xxgk_info" cellspacing="0">\n' + "\n".join(rows) + "\n</table>\n"


def related_block(art: Article) -> str:
    out = []
    for path, anchor, hidden in art.related:
        style = ' style="display:none"' if hidden else ""
        out.append(f'<dl class="tslb-list"{style}><dt>相关解读</dt><dd><a href="{path}">{escape(anchor)}</a></dd></dl>\n')
    for path, anchor in art.back_links:
        out.append(f'<div class="xgwj">相关文件：<a href="{path}">{escape(anchor)}</a></div>\n')
    return "".join(out)


def attachments_block(art: Article) -> str:
    items = "".join(f'<p><a href="{href}">{escape(name)}</a></p>' for href, name in art.attachments)
    return items


def article(col: Column, art: Article, art_id: int, paragraphs: list[str]) -> str:
    text = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    stamp = f"{art.date:%Y-%m-%d} 10:12:00"
    table = metadata_block(art.meta) if art.meta else ""
    body = (
        f'<meta name="i_columnid" content="{col.colid}"><meta name="i_articleid" content="{art_id}">'
        f'<meta name="Maketime" content="{stamp}">\n'
        + table
        + f'<div class="art-title"><h1>{escape(art.title)}</h1></div>\n'
        + f'<div class="art-info">发布日期：{art.date:%Y-%m-%d}　信息来源：<!--<$[信息来源]>begin-->'
        + f'{escape(art.source)}<!--<$[信息来源]>end-->　浏览次数：<span id="c">--</span></div>\n'
        + '<div id="zoom"><!--<$[信息内容]>begin--><!--ZJEG_RSS.content.begin--><meta name="ContentStart">\n'
        + text + art.raw_body + attachments_block(art)
        + '<meta name="ContentEnd"><!--ZJEG_RSS.content.end--><!--<$[信息内容]>end--></div>\n'
        + related_block(art)
        + '<div class="art-close"><a href="javascript:window.close()">关闭窗口</a></div>\n')
    metas = {"ColumnName": col.name, "ColumnType": col.column_type, "ArticleTitle": art.title,
             "PubDate": f"{art.date:%Y-%m-%d} 10:12", "ContentSource": art.source}
    return layout.page(f"{art.title}_{layout.SITE_NAME}", body,
                       crumbs=col.crumbs + [(col.name, col.index_path)], metas=metas)
