"""The crawler on CMS quirks: encodings, TRS script pagination, Hanweb datastore + dataproxy,
script-filled listings, redirects and iframes — each against a real server on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import parse_qs

from ..samples import HANWEB_HEAD, hanweb_column_body
from .conftest import html, ok, rows, run_crawl

GBK_ONLY = "朱镕基"  # 镕 is in GBK but not in GB2312


def test_gb2312_labels_decode_as_gb18030_with_and_without_header(site_server, tmp_path):
    page_header = html(f"<div class='TRS_Editor'><p>国务院总理{GBK_ONLY}同志讲话精神学习材料。</p></div>",
                       title="头部声明gb2312", charset="gb2312").encode("gb18030")
    page_meta = html(f"<div class='TRS_Editor'><p>{GBK_ONLY}同志视察示范县。</p></div>",
                     title="只有meta声明", charset="gb2312").encode("gb18030")
    # The header claims UTF-8, the bytes and the <meta> are GBK: the meta must win.
    page_mismatch = html("<div class='TRS_Editor'><p>县人民政府召开常务会议。</p></div>",
                         title="头部与meta不一致", charset="gbk").encode("gbk")
    home = html('<a href="/a.html">甲</a> <a href="/b.html">乙</a> <a href="/c.html">丙</a>')
    server = site_server({
        "/": ok(home),
        "/a.html": ok(page_header, "text/html; charset=gb2312"),
        "/b.html": ok(page_meta, "text/html"),
        "/c.html": ok(page_mismatch, "text/html; charset=utf-8"),
    })
    db = tmp_path / "audit.db"
    code, info, err = run_crawl(server.url, db)
    assert code == 0, err
    pages = {r["url"].rsplit("/", 1)[-1]: r for r in rows(db, "SELECT * FROM pages")}
    assert pages["a.html"]["encoding"] == "gb18030"
    assert GBK_ONLY in pages["a.html"]["text"]
    assert pages["a.html"]["title"].startswith("头部声明")
    assert GBK_ONLY in pages["b.html"]["text"]
    assert "常务会议" in pages["c.html"]["text"]
    assert "\ufffd" not in pages["c.html"]["text"]


def _trs_list(page: int, total_pages: int, per: int = 10) -> str:
    rows_html = "".join(
        f'<li><a href="./202611/t20261101_{page * per + i}.html" title="通知{page * per + i}">通知{page * per + i}</a>'
        f"<span>2026-11-{(page * per + i) % 28 + 1:02d}</span></li>"
        for i in range(per))
    return html(f'<div class="list"><ul>{rows_html}</ul></div>'
                f'<script>createPageHTML({total_pages}, {page}, "index", "html");</script>',
                title="通知公告", head='<meta name="ColumnName" content="通知公告">')


def test_trs_script_pagination_is_followed_and_aggregated(site_server, tmp_path):
    routes = {"/": ok(html('<a href="/tzgg/index.html">通知公告</a>'))}
    routes["/tzgg/index.html"] = ok(_trs_list(0, 3))
    routes["/tzgg/index_1.html"] = ok(_trs_list(1, 3))
    routes["/tzgg/index_2.html"] = ok(_trs_list(2, 3))
    for n in range(30):
        routes[f"/tzgg/202611/t20261101_{n}.html"] = ok(html(
            f"<div class='TRS_Editor'><p>通知正文{n}</p></div>", title=f"通知{n}"))
    server = site_server(routes)
    db = tmp_path / "audit.db"
    code, _, err = run_crawl(server.url, db)
    assert code == 0, err
    assert server.hits.get("/tzgg/index_2.html") == 1
    assert "/tzgg/index_3.html" not in server.hits  # 0-based: N pages end at index_{N-1}
    col = rows(db, "SELECT * FROM columns WHERE url LIKE '%/tzgg/index.html'")
    assert len(col) == 1
    assert col[0]["kind"] == "listing"
    assert col[0]["item_count"] == 30
    assert col[0]["newest_date"] == "2026-11-28"
    # the pager pages are not columns of their own
    assert not rows(db, "SELECT * FROM columns WHERE url LIKE '%index_1.html'")


def _hanweb_column(total: int) -> str:
    return html(hanweb_column_body(total), title="工作动态", head=HANWEB_HEAD)


def test_hanweb_datastore_and_dataproxy_pages(site_server, tmp_path):
    total = 60

    def proxy(handler):
        query = parse_qs(handler.path.split("?", 1)[1])
        form = parse_qs(handler.body.decode())
        assert form.get("columnid") == ["33718"], form
        start, end = int(query["startrecord"][0]), int(query["endrecord"][0])
        recs = "".join(
            f"<record><![CDATA[<li><a href='/art/2026/11/1/art_33718_{i}.html' title='工作动态{i}完整标题'>"
            f"工作动态{i}</a><span>2026-11-01</span></li>]]></record>"
            for i in range(start - 1, min(end, total)))
        body = (f"<?xml version='1.0' encoding='UTF-8'?><datastore><totalrecord>{total}</totalrecord>"
                f"<recordset>{recs}</recordset></datastore>")
        return 200, {"Content-Type": "text/xml; charset=utf-8"}, body

    routes = {"/": ok(html('<a href="/col/col33718/index.html">工作动态</a>')),
              "/col/col33718/index.html": ok(_hanweb_column(total))}
    server = site_server(routes)
    server.routes.update({p: proxy for p in (
        "/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15",)})
    db = tmp_path / "audit.db"
    code, _, err = run_crawl(server.url, db, "DUWANG_CHECK_EXTERNAL=false")
    assert code == 0, err
    posts = [r for r in server.requests if r[0] == "POST"]
    assert len(posts) == 1, server.requests
    col = rows(db, "SELECT * FROM columns WHERE url LIKE '%col33718/index.html'")[0]
    assert col["item_count"] == total
    assert col["cms"] == "hanweb"
    titles = {r["title"] for r in rows(db, "SELECT title FROM column_items")}
    assert "工作动态3完整标题" in titles  # full title from title=, not the truncated anchor


def test_script_filled_listing_is_unverifiable_not_blank(site_server, tmp_path):
    listing = html('<h2>政策文件</h2><ul id="list"></ul><script>'
                   "fetch('/api/list?col=7').then(r => r.json()).then(d => render(d));</script>",
                   title="政策文件", head='<meta name="ColumnName" content="政策文件">')
    server = site_server({"/": ok(html('<a href="/zcwj/index.html">政策文件</a>')),
                          "/zcwj/index.html": ok(listing)})
    db = tmp_path / "audit.db"
    code, _, err = run_crawl(server.url, db)
    assert code == 0, err
    col = rows(db, "SELECT * FROM columns WHERE url LIKE '%zcwj/index.html'")[0]
    assert col["kind"] == "unverifiable"


def test_meta_and_script_redirects_relative_links_and_iframes(site_server, tmp_path):
    server = site_server({
        "/": ok(html('<a href="./sub/entry.html">入口</a><a href="/js.html">脚本跳转</a>'
                     '<iframe src="/frame.html"></iframe>')),
        "/sub/entry.html": ok(html("", head='<meta http-equiv="refresh" content="0;url=../target.shtml">')),
        "/target.shtml": ok(html('<p>目标页</p><a href="../deep/../up.html">上一级</a>')),
        "/js.html": ok(html("<script>window.location.href='/after-js.html';</script>")),
        "/after-js.html": ok(html("<p>脚本跳转后的页面</p>")),
        "/frame.html": ok(html("<p>框架内页</p>")),
        "/up.html": ok(html("<p>相对路径</p>")),
    })
    db = tmp_path / "audit.db"
    code, _, err = run_crawl(server.url, db)
    assert code == 0, err
    for path in ("/target.shtml", "/after-js.html", "/frame.html", "/up.html"):
        assert server.hits.get(path) == 1, (path, server.hits)
