"""analyse_page over every page the demo portal generator produces (no HTTP server)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from crawler.demo import build_portal
from crawler.extract import analyse_page, decode_body, parse_proxy_response
from crawler.urls import canonical

BASE = "http://www.shifan.gov.cn"
HOSTS = frozenset({"www.shifan.gov.cn"})
HTML_ROUTES = {"home", "nav", "jsonlist", "hanweb", "trs", "article", "static", "sitemap"}


@pytest.fixture(scope="module")
def demo():
    portal = build_portal(pages=400)
    out = {}
    for path in portal.paths():
        route = portal.routes[path]
        if route[0] not in HTML_ROUTES:
            continue
        status, headers, body = portal.respond("GET", path, {}, b"")
        assert status == 200
        text, enc = decode_body(body, headers["Content-Type"])
        out[path] = (route, analyse_page(BASE + path, text, HOSTS), enc, text)
    return portal, out


def _path(url: str) -> str:
    return urlsplit(canonical(url)).path


def test_every_page_analysed_without_replacement_chars(demo):
    portal, pages = demo
    for path, (_route, a, _enc, text) in pages.items():
        assert "\ufffd" not in text, path
        assert a.title, path


def test_trs_listings_read_every_row_and_pager(demo):
    portal, pages = demo
    for col in portal.plan.columns.values():
        if col.cms != "trs":
            continue
        rows = portal.live(col.key)
        count = col.page_count(portal.revision)
        for k in range(count):
            route, a, enc, _ = pages[col.page_path(k)]
            assert a.kind == "listing", col.page_path(k)
            assert a.listing.cms == "trs"
            want = rows[k * col.per_page:(k + 1) * col.per_page]
            assert [_path(i.url) for i in a.listing.items] == [r.path for r in want], col.page_path(k)
            assert [i.title for i in a.listing.items] == [r.title for r in want]
            dates = [i.date for i in a.listing.items]
            assert dates == ([f"{r.date:%Y-%m-%d}" for r in want] if col.show_dates else [None] * len(want))
            others = {col.page_path(j) for j in range(count) if j != k}
            assert {_path(u) for u in a.listing.page_urls} == others
            assert a.column_name == col.name


def test_hanweb_listings_inline_plus_proxy_cover_every_row(demo):
    portal, pages = demo
    seen_proxy = False
    for col in portal.plan.columns.values():
        if col.cms != "hanweb":
            continue
        rows = portal.live(col.key)
        route, a, enc, _ = pages[col.index_path]
        assert a.kind == "listing" and a.listing.cms == "hanweb", col.index_path
        assert a.listing.total_records == len(rows)
        items = list(a.listing.items)
        for proxy in a.listing.proxy_requests:
            seen_proxy = True
            parts = urlsplit(proxy.url)
            body = "&".join(f"{k}={v}" for k, v in sorted(proxy.formdata.items())).encode()
            status, headers, xml = portal.respond("POST", parts.path + "?" + parts.query, {}, body)
            assert status == 200
            text, _ = decode_body(xml, headers["Content-Type"])
            items += parse_proxy_response(text, proxy.url).items
        assert [_path(i.url) for i in items] == [r.path for r in rows], col.index_path
        assert [i.title for i in items] == [r.title for r in rows]
        if col.show_dates:
            assert [i.date for i in items] == [f"{r.date:%Y-%m-%d}" for r in rows]
    assert seen_proxy


def test_script_filled_column_is_unverifiable(demo):
    portal, pages = demo
    for col in portal.plan.columns.values():
        if col.cms == "jsonlist":
            a = pages[col.index_path][1]
            assert a.kind == "unverifiable" and a.listing.unverifiable


def test_nav_pages(demo):
    portal, pages = demo
    for nav in portal.plan.navs.values():
        a = pages[nav.path][1]
        assert a.kind == "nav", nav.path
        assert a.column_name == nav.name
        assert not a.breadcrumb or a.breadcrumb[-1] == nav.name


def test_articles_yield_their_metadata_and_attachments(demo):
    portal, pages = demo
    checked = 0
    for col in portal.plan.columns.values():
        for art in col.articles:
            if not art.exists(portal.revision):
                continue
            art = art.view(portal.revision)
            route, a, enc, _ = pages[art.path]
            assert a.kind == "article", art.path
            assert a.meta.get("ArticleTitle") == art.title
            assert a.published == f"{art.date:%Y-%m-%d}"
            assert a.breadcrumb[-1] == col.name and a.column_name == col.name
            assert len(a.attachments) == len(art.attachments), art.path
            if not art.meta:
                assert "index_no" not in a.metadata
                continue
            checked += 1
            md, m = a.metadata, art.meta
            assert md.get("index_no") == m.get("索引号"), art.path
            assert md.get("title") == m.get("名称")
            assert md.get("publisher") == m.get("发布机构")
            assert md.get("disclosure") == m.get("公开方式")
            if m.get("文号"):
                assert md.get("doc_number") == " ".join(m["文号"].split()), art.path
            else:
                assert "doc_number" not in md
            for label, key in (("成文日期", "written_date"), ("发布日期", "publish_date")):
                if m.get(label):
                    assert md.get(key) == m[label]
            for label, value in m.items():
                assert a.fields.get(label) == " ".join(value.split()), (art.path, label)
    assert checked > 20


def test_special_pages(demo):
    portal, pages = demo
    kinds = {path: a.kind for path, (route, a, enc, _) in pages.items()}
    assert kinds["/"] == "home"
    home = pages["/"][1]
    assert home.listing and len(home.listing.items) >= 10
    redirects = {path: a.redirect for path, (route, a, enc, _) in pages.items() if a.redirect}
    assert len(redirects) == 2
    assert any(a.iframes for _, a, _, _ in pages.values())
    assert sum(1 for _, a, _, _ in pages.values() if a.soft404) == 0
    soft = portal.respond("GET", "/zwgk/notfound.html", {}, b"")
    assert analyse_page(BASE + "/x", soft[2].decode(), HOSTS).soft404


def test_hidden_interpretation_links_flagged(demo):
    portal, pages = demo
    hidden = [l for _, a, _, _ in pages.values() for l in a.links if l.hidden]
    assert hidden and all("解读" in l.anchor or l.anchor for l in hidden)


def test_gbk_pages_decoded(demo):
    portal, pages = demo
    gbk = [(p, enc) for p, (route, a, enc, _) in pages.items() if p.startswith("/gbk/")]
    assert gbk and all(enc == "gb18030" for _, enc in gbk)
    assert any("镕" in a.text for p, (route, a, enc, _) in pages.items() if p.startswith("/gbk/"))
