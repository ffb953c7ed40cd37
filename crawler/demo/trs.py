"""TRS WCM style pages: createPageHTML-paginated column lists and t-date articles."""

from __future__ import annotations

from html import escape

from . import layout
from .model import Article, Column
from .paths import relative

TITLE_CUT = 30


def _row_title(title: str) -> str:
    return title if len(title) <= TITLE_CUT else title[: TITLE_CUT - 2] + "..."


def side_nav(links: list[tuple[str, str]], current: str) -> str:
    on = ' class="on"'
    items = "".join(
        f'<li{on if path == current else ""}><a href="{path}">{escape(name)}</a></li>'
        for name, path in links)
    return f'<div class="side"><h3>栏目导航</h3><ul>{items}</ul></div>\n'


def listing(col: Column, k: int, rows: list[Article], pages: int, side: str) -> str:
    """List page ``k`` of a TRS column; the pager is only the createPageHTML script."""
    here = col.page_path(k)
    lines = []
    for art in rows:
        date_html = f"<span>{art.date:%Y-%m-%d}</span>" if col.show_dates else ""
        lines.append(
            f'<li><a href="{relative(here, art.path)}" target="_blank" title="{escape(art.title)}">'
            f"{escape(_row_title(art.title))}</a>{date_html}</li>")
    empty = f'<div class="no-data">{col.empty_text}</div>\n' if not rows else ""
    body = (
        side
        + f'<div class="list-box"><div class="list-title"><h2>{escape(col.name)}</h2></div>\n'
        + '<ul class="list">\n' + "\n".join(lines) + "\n</ul>\n" + empty
        + f'<div class="page"><script type="text/javascript">createPageHTML({pages}, {k}, "index", "{col.ext}");</script></div>\n'
        + "</div>\n")
    metas = {"ColumnName": col.name, "ColumnType": col.column_type}
    extra = '<script type="text/javascript" src="/images/page.js"></script>\n'
    return layout.page(f"{escape(col.name)}_{layout.SITE_NAME}", body, crumbs=col.crumbs + [(col.name, col.index_path)],
                       charset=col.charset, metas=metas, extra_head=extra)


def metadata_table(meta: dict[str, str]) -> str:
    """The 4-column xxgk_table (label | value | label | value); 名称 spans a whole row."""
    padded = {"索引号": "索&emsp;引&emsp;号", "名称": "名&emsp;&emsp;称", "文号": "文&emsp;&emsp;号",
              "有效性": "有&nbsp;效&nbsp;性"}
    cells: list[str] = []
    rows: list[str] = []
    for label, value in meta.items():
        shown = padded.get(label, label)
        if label == "名称":
            rows.append(f'<tr><td class="lab">{shown}：</td><td colspan="3">{escape(value)}</td></tr>')
            continue
        cells.append(f'<td class="lab">{shown}：</td><td>{escape(value)}</td>')
        if len(cells) == 2:
            rows.append("<tr>" + "".join(cells) + "</tr>")
            cells = []
    if cells:
        rows.append("<tr>" + "".join(cells) + "<td></td><td></td></tr>")
    return '<table class="xxgk_table"><tbody>\n' + "\n".join(rows) + "\n</tbody></table>\n"


def related_block(art: Article) -> str:
    """相关解读 (document → interpretation) and 相关文件 (interpretation → document) blocks."""
    out = []
    visible = [(p, a) for p, a, hidden in art.related if not hidden]
    hidden = [(p, a) for p, a, h in art.related if h]
    for links, style in ((visible, ""), (hidden, ' style="display:none"')):
        if links:
            items = "".join(f'<li><a href="{relative(art.path, p)}">{escape(a)}</a></li>' for p, a in links)
            out.append(f'<div class="xgjd"{style}><h4>相关解读</h4><ul>{items}</ul></div>\n')
    for path, anchor in art.back_links:
        out.append(f'<div class="xgwj">原文链接：<a href="{relative(art.path, path)}">{escape(anchor)}</a></div>\n')
    return "".join(out)


def attachments_block(art: Article) -> str:
    if not art.attachments:
        return ""
    items = []
    for href, name in art.attachments:
        fname = href.rsplit("/", 1)[-1]
        oldsrc = f"/protect/P0{fname[4:8]}/P0{fname[4:10]}/{fname}"
        items.append(f'<li><a href="{href}" appendix="true" OLDSRC="{oldsrc}">{escape(name)}</a></li>')
    return f'<div class="appendix"><h4>附件：</h4><ul>{"".join(items)}</ul></div>\n'


def article(col: Column, art: Article, paragraphs: list[str], side: str) -> str:
    title = escape(art.title)
    stamp = f"{art.date:%Y-%m-%d} 09:30"
    table = metadata_table(art.meta) if art.meta else ""
    text = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    body = (
        side + '<div class="article">\n' + table
        + f'<h1 class="title">{title}</h1>\n'
        + f'<div class="info">发布时间：{stamp}　来源：{escape(art.source)}　'
        + '<span class="font">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> '
        + '<a href="javascript:doZoom(14)">小</a>】</span></div>\n'
        + f'<div class="TRS_Editor">\n{text}{art.raw_body}</div>\n'
        + attachments_block(art) + related_block(art)
        + f'<div class="back"><a href="{relative(art.path, col.index_path)}">返回列表</a>'
        + ' <a href="javascript:window.print()">打印本页</a></div>\n'
        + "</div>\n")
    metas = {"ColumnName": col.name, "ColumnType": col.column_type, "ArticleTitle": art.title,
             "PubDate": stamp, "ContentSource": art.source}
    # The <title> is written unescaped, as by a CMS template that does not sanitize (RCDATA: still text).
    return layout.page(f"{art.title}_{layout.SITE_NAME}", body, crumbs=col.crumbs + [(col.name, col.index_path)], charset=art.charset, metas=metas)
