"""Markup samples shared by the extraction and the crawl tests."""

from __future__ import annotations

HANWEB_HEAD = '<meta name="ColumnName" content="工作动态">'


def hanweb_record(i: int) -> str:
    return (f"<record><![CDATA[<li><a href='/art/2026/11/{i % 28 + 1}/art_33718_{i}.html' "
            f"title='工作动态{i}完整标题'>工作动态{i}...</a><span>2026-10-{i % 28 + 1:02d}</span></li>]]></record>")


def hanweb_column_body(total: int, inline: int = 45) -> str:
    """A Hanweb column: ``inline`` records in the page's datastore, the rest via dataproxy.jsp."""
    records = "\n".join(hanweb_record(i) for i in range(min(total, inline)))
    return (
        '<div id="212860"><script type="text/xml"><datastore>'
        "<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/"
        "&columnid=33718&unitid=212860&webname=示范县&permissiontype=0\"></a>]]></nextgroup>"
        f"<recordset>{records}</recordset></datastore></script></div>"
        "<script>$('#212860').jpage({themeName:'default',showMode:'full',"
        f"totalRecord:{total},groupSize:3,perPage:15,proxyUrl:'/module/web/jpage/dataproxy.jsp',"
        "barPosition:'bottom',ajaxParam:{col:1,appid:1,webid:1,path:'/',columnid:33718,"
        "unitid:'212860',webname:'示范县',permissiontype:0}});</script>")
