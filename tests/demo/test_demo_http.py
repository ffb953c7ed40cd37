"""The demo portal over real HTTP on loopback: encodings, paging, proxy, validators, traps."""

from __future__ import annotations

import http.client
import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from crawler.demo import DemoServer, build_portal


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
    """(status, headers, body) without following redirects; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with OPENER.open(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_gbk_pages_declare_charset_three_ways(demo_server):
    portal = demo_server.portal
    seen = {}
    for path in portal.paths():
        if path.startswith("/gbk/") and path.endswith(".htm"):
            status, headers, body = fetch(demo_server.url.rstrip("/") + path)
            assert status == 200
            seen.setdefault(headers["Content-Type"], []).append(body)
    assert set(seen) == {"text/html; charset=gb2312", "text/html", "text/html; charset=utf-8"}
    for _ctype, bodies in seen.items():
        for body in bodies:
            text = body.decode("gbk")  # always GBK bytes, whatever the header says
            assert "农业" in text
    header_only = seen["text/html"]
    assert all(b'charset=gb2312"' in b for b in header_only)
    mismatch = seen["text/html; charset=utf-8"]
    assert len(mismatch) == 1
    with pytest.raises(UnicodeDecodeError):
        mismatch[0].decode("utf-8")
    assert b"charset=gbk" in mismatch[0]
    # A GBK-only character (not in GB2312) is present: decoding as strict gb2312 must fail.
    assert "镕" in mismatch[0].decode("gbk")
    with pytest.raises(UnicodeEncodeError):
        "镕".encode("gb2312")
    with pytest.raises(UnicodeDecodeError):
        mismatch[0].decode("gb2312")


def test_trs_pages_follow_create_page_html(demo_server):
    status, _, body = fetch(demo_server.url + "zwgk/gzdt/index.html")
    assert status == 200
    m = re.search(rb'createPageHTML\((\d+), 0, "index", "html"\)', body)
    assert m, "TRS pager script missing"
    count = int(m.group(1))
    assert count >= 2
    assert b"index_1.html" not in body  # paging only through the script, no <a>
    for k in range(1, count):
        status, _, page = fetch(demo_server.url + f"zwgk/gzdt/index_{k}.html")
        assert status == 200
        assert f'createPageHTML({count}, {k}, "index", "html")'.encode() in page
    status, _, _ = fetch(demo_server.url + f"zwgk/gzdt/index_{count}.html")
    assert status == 404


def test_shtml_column_pages_use_shtml(demo_server):
    status, _, body = fetch(demo_server.url + "zwgk/gfxwj/index.shtml")
    assert status == 200
    assert b'"index", "shtml")' in body
    hrefs = re.findall(rb'href="(\./[^"]+\.shtml)"', body)
    assert hrefs
    target = "zwgk/gfxwj/" + hrefs[0].decode()[2:]
    assert fetch(demo_server.url + target)[0] == 200


def test_hanweb_dataproxy_returns_remaining_records(demo_server):
    status, _, body = fetch(demo_server.url + "col/col1001/index.html")
    assert status == 200
    text = body.decode("utf-8")
    total = int(re.search(r"totalRecord:(\d+)", text).group(1))
    assert total > 45
    inline = re.findall(r"<record><!\[CDATA\[<li><a href='([^']+)'", text)
    assert len(inline) == 45
    form = (b"col=1&appid=1&webid=1&path=/&columnid=1001&sourceContentType=1&unitid=4562"
            b"&webname=%E7%A4%BA%E8%8C%83&permissiontype=0")
    proxied = []
    start = 46
    while start <= total:
        url = demo_server.url + f"module/web/jpage/dataproxy.jsp?startrecord={start}&endrecord={start + 44}&perpage=15"
        status, headers, xml = fetch(url, method="POST", data=form,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200
        xml_text = xml.decode("utf-8")
        assert f"<totalrecord>{total}</totalrecord>" in xml_text
        proxied += re.findall(r"<record><!\[CDATA\[<li><a href='([^']+)'", xml_text)
        start += 45
    assert len(proxied) == total - 45
    assert not set(proxied) & set(inline)
    assert fetch(demo_server.url + proxied[-1].lstrip("/"))[0] == 200


def test_hanweb_article_url_shape(demo_server):
    _, _, body = fetch(demo_server.url + "col/col1001/index.html")
    paths = re.findall(r"/art/(\d{4})/(\d{1,2})/(\d{1,2})/art_1001_\d+\.html", body.decode())
    assert paths
    assert any(len(m) == 1 or len(d) == 1 for _, m, d in paths)  # not zero-padded
    assert not any(m.startswith("0") or d.startswith("0") for _, m, d in paths)


def test_revalidation_answers_304(demo_server):
    url = demo_server.url + "zwgk/tzgg/index.html"
    status, headers, body = fetch(url)
    assert status == 200 and headers["ETag"] and headers["Last-Modified"]
    assert int(headers["Content-Length"]) == len(body)
    status, h304, body304 = fetch(url, headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body304 == b"" and h304["ETag"] == headers["ETag"]
    status, _, _ = fetch(url, headers={"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304
    status, _, again = fetch(url, headers={"If-None-Match": '"something-else"'})
    assert status == 200 and again == body
    status, _, _ = fetch(url, headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert status == 200


def test_status_traps(demo_server):
    status, headers, _ = fetch(demo_server.url + "hdjl/dczj/index.html")
    assert status == 429 and headers["Retry-After"] == "1"
    assert fetch(demo_server.url + "xxgk/sjfb/index.html")[0] == 403
    assert fetch(demo_server.url + "zxft/index.html")[0] == 503
    status, headers, _ = fetch(demo_server.url + "loop/a")
    assert status == 302 and headers["Location"] == "/loop/b"
    status, headers, _ = fetch(demo_server.url + "loop/b")
    assert status == 302 and headers["Location"] == "/loop/a"
    status, headers, _ = fetch(demo_server.url + "zwgk/gkml/index.html")
    assert status == 301 and headers["Location"] == "/zwgk/zfxxgk/index.html"
    status, _, body = fetch(demo_server.url + "zwgk/tzgg/202607/t20260701_1088888.html")
    assert status == 200 and "页面不存在" in body.decode()
    assert fetch(demo_server.url + "no/such/page.html")[0] == 404


def test_calendar_trap_never_ends(demo_server):
    month = 202611
    for _ in range(5):
        _, _, body = fetch(demo_server.url + f"calendar?month={month}")
        nxt = re.search(rb'href="/calendar\?month=(\d+)">', body.split(b"\xe4\xb8\x8a\xe4\xb8\xaa\xe6\x9c\x88")[-1])
        assert nxt and int(nxt.group(1)) == month + 1
        month += 1


def test_robots_and_private_page(demo_server):
    status, _, body = fetch(demo_server.url + "robots.txt")
    assert status == 200 and b"Disallow: /private/" in body
    assert fetch(demo_server.url + "private/draft.html")[0] == 200


def test_external_and_dead_links(demo_server):
    _, _, home = fetch(demo_server.url)
    text = home.decode()
    assert demo_server.external_url + "old/index.html" in text
    assert demo_server.dead_url in text
    assert "127.0.0.1:" + str(demo_server.port) not in text  # own links stay relative
    assert fetch(demo_server.external_url)[0] == 200
    assert fetch(demo_server.external_url + "old/index.html")[0] == 404
    with pytest.raises(urllib.error.URLError) as err:
        urllib.request.urlopen(demo_server.dead_url, timeout=5)
    assert isinstance(err.value.reason, ConnectionRefusedError)


def test_keep_alive_head_and_hit_counter(demo_server):
    parts = urlsplit(demo_server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    before = demo_server.hits[("GET", "/zwgk/zfxxgk/index.html")]
    for _ in range(3):  # three requests on one connection
        conn.request("GET", "/zwgk/zfxxgk/index.html")
        resp = conn.getresponse()
        assert resp.status == 200 and resp.getheader("Connection") != "close"
        assert len(resp.read()) == int(resp.getheader("Content-Length"))
    conn.request("HEAD", "/zwgk/zfxxgk/index.html")
    resp = conn.getresponse()
    assert resp.status == 200 and int(resp.getheader("Content-Length")) > 0 and resp.read() == b""
    conn.close()
    assert demo_server.hits[("GET", "/zwgk/zfxxgk/index.html")] == before + 3
    assert demo_server.bytes_sent > 0


def test_json_column_has_empty_list_and_endpoint(demo_server):
    _, _, page = fetch(demo_server.url + "hdjl/xzxx/index.html")
    assert b'<ul id="list"></ul>' in page and b"$.getJSON('/api/list?col=xzxx" in page
    status, headers, data = fetch(demo_server.url + "api/list?col=xzxx&page=1")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert b'"rows"' in data


def test_every_200_has_validators(demo_server):
    portal = demo_server.portal
    for path in list(portal.paths())[:150]:
        status, headers, _ = fetch(demo_server.url.rstrip("/") + path, method="HEAD")
        assert status == 200, path
        assert headers["ETag"] and headers["Last-Modified"], path


def test_revision_switch_on_same_port():
    with DemoServer(build_portal()) as server:
        portal = server.portal
        changed = {c["path"]: c["change"] for c in portal.changes()}
        modified = next(p for p, c in changed.items() if c == "modified" and p.endswith(".html") and p != "/index.html")
        removed = next(p for p, c in changed.items() if c == "removed")
        added = next(p for p, c in changed.items() if c == "added")
        same = "/zwgk/zfxxgk/index.html"
        assert same not in changed
        tags = {p: fetch(server.url.rstrip("/") + p)[1]["ETag"] for p in (modified, removed, same)}
        assert fetch(server.url.rstrip("/") + added)[0] == 404
        server.set_revision(2)
        status, _, _ = fetch(server.url.rstrip("/") + same, headers={"If-None-Match": tags[same]})
        assert status == 304
        status, headers, _ = fetch(server.url.rstrip("/") + modified, headers={"If-None-Match": tags[modified]})
        assert status == 200 and headers["ETag"] != tags[modified]
        assert fetch(server.url.rstrip("/") + removed)[0] == 404
        assert fetch(server.url.rstrip("/") + added)[0] == 200
