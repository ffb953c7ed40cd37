"""Column identity in a crawl: one column however it is paginated, reached or addressed (issue 10
items 1-2), against a real server on 127.0.0.1."""

from __future__ import annotations

from .conftest import html, ok, rows, run_crawl


def _col_page(k: int, last: int = 3) -> str:
    items = "".join(f'<li><a href="/col/2026-11-{k:02d}/{k * 10 + i}.html">县政府文件{k * 10 + i}</a>'
                    f"<span>2026-11-{k:02d}</span></li>" for i in range(5))
    pager = []
    if k > 1:
        pager.append('<a href="/col/index.html">首页</a>')
    for n in range(1, last + 1):
        href = "index.html" if n == 1 else f"index_{n}.html"
        pager.append(f"<b>{n}</b>" if n == k else f'<a href="{href}">{n}</a>')
    if k < last:
        pager += [f'<a href="index_{k + 1}.html">下一页</a>', f'<a href="index_{last}.html">尾页</a>']
    crumb = '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col/">政府文件</a></div>'
    return html(f'{crumb}<div class="list"><ul>{items}</ul></div><div class="pager">{" ".join(pager)}</div>',
                title="政府文件_示范县人民政府")


def test_pages_of_every_address_make_one_column(site_server, tmp_path):
    routes = {
        "/": ok(
            html(
                '<a href="/col/">政府文件</a> <a href="/col/index.html">政府文件</a> '
                '<a href="/col/index_3.html">第三页</a> <a href="/a/">乡镇动态</a>',
                title="示范县人民政府",
            )
        )
    }
    routes["/col/"] = routes["/col/index.html"] = ok(_col_page(1))
    routes["/col/index_2.html"] = ok(_col_page(2))
    routes["/col/index_3.html"] = ok(_col_page(3))
    for k in (1, 2, 3):
        for i in range(5):
            routes[f"/col/2026-11-{k:02d}/{k * 10 + i}.html"] = ok(
                html(
                    f"<div id='zoom'><p>县政府文件{k * 10 + i}的正文，没有元数据，也没有文号。</p></div>",
                    title=f"县政府文件{k * 10 + i}",
                )
            )
    routes["/a/"] = ok(html("", head='<meta http-equiv="refresh" content="0; url=./b/">'))
    xz = "".join(f'<li><a href="/a/b/{i}.html">乡镇动态{i}</a><span>(11-0{i + 1})</span></li>' for i in range(2))
    routes["/a/b/"] = ok(html(f'<ul class="list">{xz}</ul>', title="乡镇动态_示范县人民政府"))
    server = site_server(routes)
    db = tmp_path / "audit.db"
    code, info, err = run_crawl(server.url, db)
    assert code == 0, err
    base = server.url.rstrip("/")
    cols = {r["url"].replace(base, ""): r for r in rows(db, "SELECT * FROM columns")}
    assert set(cols) == {"/", "/col/", "/a/b/"}, cols.keys()
    col = cols["/col/"]
    assert col["name"] == "政府文件"
    assert col["item_count"] == 15 and col["pages"] == 3
    assert col["newest_date"] == "2026-11-03"
    fetched = [r["url"].replace(base, "") for r in rows(db, "SELECT url FROM pages")]
    assert "/col/index.html" not in fetched and fetched.count("/col/") == 1
    # the yearless dates of the young column are read against the run's --as-of (2026-11-20)
    assert cols["/a/b/"]["item_count"] == 2 and cols["/a/b/"]["newest_date"] == "2026-11-02"
    # an article with no block and no number is still a document (doc.number_missing reads them)
    docs = rows(db, "SELECT url, doc_number FROM documents")
    assert len([d for d in docs if "/col/2026-11-" in d["url"]]) == 15
    assert all(d["doc_number"] == "" for d in docs)
