"""Class 3 (crawl): bounded work on hostile sites, and failures named right.

URL traps beyond query strings (path calendars, ASP.NET cookieless sessions), link checking
bounded per host and in total (the rest recorded as unchecked), oversize pages named
``too_large``, redirects to javascript:/file:/ftp:/data: or a malformed Location are broken
links, a page that redirects off-site is only checked, and a robots.txt answering 5xx
disallows the crawl (RFC 9309) unless relaxed.
"""

from __future__ import annotations

import json
import socket
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import crawl_cli, html, ok, rows

PAGE = "text/html; charset=utf-8"

pytestmark = pytest.mark.slow


class Dynamic(dict):
    """Routes computed from the path (Site looks a route up with ``routes.get(path)``)."""

    def __init__(self, route):
        super().__init__()
        self.route = route

    def get(self, path, default=None):
        return self.route(path)


def _run(site, db, *settings, timeout=180):
    """Crawl ``site`` into ``db``; a hang fails at ``timeout`` (the subprocess is killed)."""
    proc = crawl_cli(site.url, db, *settings, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]


# -- URL traps -----------------------------------------------------------------------------------
def _calendar(path):
    if path == "/":
        return ok(html("<a href='/cal/2026/11/'>日历</a><a href='/a.html'>通知</a>", title="示范县"))
    if path == "/a.html":
        return ok(html("<div class='content'>正文内容。</div>"))
    parts = [p for p in path.split("/") if p]
    if parts[:1] != ["cal"] or len(parts) < 3:
        return None
    y, m = int(parts[1]), int(parts[2])
    months = [(y + (m + d - 1) // 12, (m + d - 1) % 12 + 1) for d in (-1, 1)]
    links = [f"/cal/{yy}/{mm}/" for yy, mm in months] + [f"/cal/{y}/{m}/{d}/" for d in range(1, 29)]
    return ok(html("".join(f"<a href='{u}'>{u}</a>" for u in links), title=f"{y}年{m}月"))


def test_path_calendar_is_capped_like_query_variants(site_server, tmp_path):
    site = site_server(Dynamic(_calendar))
    db = tmp_path / "audit.db"
    _run(site, db, "DUWANG_MAX_PAGES=3000")
    cal = rows(db, "SELECT count(*) AS n FROM pages WHERE url LIKE '%/cal/%'")[0]["n"]
    assert 0 < cal <= 50  # TrapGuard's max_query_variants distinct dates under /cal
    assert rows(db, "SELECT count(*) AS n FROM pages WHERE url LIKE '%/a.html'")[0]["n"] == 1


def _aspnet(path):
    """A cookieless ASP.NET site: every request without a session id is sent to a fresh one,
    and every page links to its neighbours under yet another fresh session id."""
    name = path.rsplit("/", 1)[-1] or "default.aspx"
    if not path.startswith("/(S("):
        if path not in ("/", "/default.aspx", "/page.aspx", "/news.aspx"):
            return None
        return (302, {"Location": f"/(S({uuid.uuid4().hex[:12]}))/{name}"}, b"")
    links = "".join(f"<a href='/(S({uuid.uuid4().hex[:12]}))/{p}'>{p}</a>"
                    for p in ("default.aspx", "page.aspx", "news.aspx"))
    return ok(html(links + "<div class='content'>正文内容很长很长很长。</div>", title=name))


def test_aspnet_cookieless_session_ids_are_one_page(site_server, tmp_path):
    site = site_server(Dynamic(_aspnet))
    db = tmp_path / "audit.db"
    _run(site, db, "DUWANG_MAX_PAGES=500")
    urls = {r["url"].replace(site.url, "/") for r in rows(db, "SELECT url FROM pages")}
    assert urls <= {"/", "/default.aspx", "/page.aspx", "/news.aspx"}, sorted(urls)[:10]
    assert sum(site.hits.values()) < 20


# -- link checking budget ----------------------------------------------------------------------
def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there: a dead link answers "connection refused" at once
    return port


def test_link_checks_are_bounded_and_the_rest_recorded_as_unchecked(site_server, tmp_path):
    port = _closed_port()
    links = "".join(f"<a href='http://127.0.0.{2 + i % 20}:{port}/dead/{i}.html'>失效{i}</a>"
                    for i in range(20_000))
    site = site_server({"/": ok(html(links, title="示范县"))})
    db = tmp_path / "audit.db"
    _run(site, db, "DUWANG_MAX_CHECKS_PER_HOST=5", "DUWANG_MAX_CHECKS=60", timeout=300)
    states = {r["state"]: r["n"] for r in rows(
        db, "SELECT state, count(*) AS n FROM targets WHERE url LIKE 'http://127.0.0.%' "
            "AND url NOT LIKE ? GROUP BY state", [site.url + "%"])}
    assert states.get("broken") == 60  # 5 per host would be 100; the total cap of 60 holds
    assert states.get("unchecked") == 20_000 - 60  # recorded, not dropped
    per_host = rows(db, "SELECT substr(url, 1, instr(substr(url, 8), ':') + 7) AS host, count(*) AS n "
                        "FROM targets WHERE state = 'broken' GROUP BY host")
    assert max(r["n"] for r in per_host) <= 5
    [run] = rows(db, "SELECT status, settings FROM runs")
    assert run["status"] == "finished" and "links_unchecked" in json.loads(run["settings"])["notes"]


# -- failure kinds ------------------------------------------------------------------------------
REDIRECTS = {"/js.html": "javascript:alert(1)", "/file.html": "file:///etc/passwd",
             "/ftp.html": "ftp://127.0.0.1/x.txt", "/data.html": "data:text/html,<b>hi</b>",
             "/ipv6.html": "http://[::1/x", "/port.html": "http://127.0.0.1:99999/x"}


class Streaming(BaseHTTPRequestHandler):
    """An oversize page sent without Content-Length (chunked), so only its bytes tell."""
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", PAGE)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b"2710\r\n" + b"y" * 10000 + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass


def test_oversize_pages_are_too_large_and_bad_redirects_are_broken(site_server, tmp_path):
    links = "".join(f"<a href='{p}'>{p}</a>" for p in (*REDIRECTS, "/big.html"))
    routes = {"/": ok(html(links, title="示范县")), "/big.html": ok("x" * 200_000),
              **{p: (302, {"Location": loc}, b"") for p, loc in REDIRECTS.items()}}
    site = site_server(routes)
    db = tmp_path / "audit.db"
    _run(site, db, "DOWNLOAD_MAXSIZE=100000")
    got = {r["url"].replace(site.url, "/"): r for r in rows(db, "SELECT * FROM targets")}
    for path in REDIRECTS:
        assert (got[path]["state"], got[path]["error"]) == ("broken", "bad_redirect"), (path, got[path])
    assert got["/big.html"]["error"] == "too_large" and got["/big.html"]["state"] == "ok"
    assert not rows(db, "SELECT url FROM pages WHERE text LIKE '%root:%'")  # file: never read


def test_oversize_page_without_content_length_is_too_large(site_server, tmp_path):
    stream = ThreadingHTTPServer(("127.0.0.1", 0), Streaming)
    stream.daemon_threads = True
    threading.Thread(target=stream.serve_forever, daemon=True).start()
    try:
        big = f"http://127.0.0.1:{stream.server_address[1]}/big.html"
        site = site_server({"/": ok(html("x")), "/big.html": (302, {"Location": big}, b"")})
        db = tmp_path / "audit.db"
        # The start URL may redirect anywhere (a portal that moved): the oversize body is its own.
        proc = crawl_cli(site.url + "big.html", db, "DOWNLOAD_MAXSIZE=100000", timeout=120)
        assert proc.returncode == 0, proc.stderr[-3000:]
        [page] = rows(db, "SELECT status, error FROM pages")
        assert page["error"] == "too_large"
        [target] = rows(db, "SELECT state, error FROM targets")
        assert (target["state"], target["error"]) == ("ok", "too_large")
    finally:
        stream.shutdown()
        stream.server_close()


# -- off-site redirects --------------------------------------------------------------------------
STALE_LISTING = "".join(f"<li><a href='/old{i}.html'>旧通知{i}</a><span>2019-01-0{i}</span></li>"
                        for i in range(1, 6)) + "<li><a href='/gone.html'>失效</a><span>2019-01-01</span></li>"


def test_offsite_redirect_is_checked_as_an_external_link_never_crawled(site_server, tmp_path):
    other = site_server({"/elsewhere/": ok(html(f"<ul class='list'>{STALE_LISTING}</ul>", title="别处栏目"))})
    target = other.url + "elsewhere/"
    site = site_server({"/": ok(html("<a href='/moved/'>栏目</a><a href='/a.html'>通知</a>", title="示范县")),
                        "/a.html": ok(html("<div class='content'>正文内容。</div>")),
                        "/moved/": (302, {"Location": target}, b"")})
    db = tmp_path / "audit.db"
    _run(site, db)
    assert [m for m, _, _ in other.requests] == ["HEAD"]  # checked once, never fetched
    assert not rows(db, "SELECT url FROM pages WHERE url LIKE ? OR final_url LIKE ? OR url LIKE '%/moved/'",
                    [other.url + "%", other.url + "%"])
    assert not rows(db, "SELECT url FROM columns WHERE url LIKE '%/moved/' OR url LIKE ?", [other.url + "%"])
    [moved] = rows(db, "SELECT state FROM targets WHERE url = ?", [site.url + "moved/"])
    assert moved["state"] == "ok"
    assert "offsite_redirect" in json.loads(rows(db, "SELECT settings FROM runs")[0]["settings"])["notes"]


def test_offsite_meta_refresh_is_checked_never_crawled(site_server, tmp_path):
    other = site_server({"/elsewhere/": ok(html(f"<ul class='list'>{STALE_LISTING}</ul>", title="别处栏目"))})
    refresh = f"<meta http-equiv='refresh' content='0; url={other.url}elsewhere/'>"
    site = site_server({"/": ok(html("<a href='/moved/'>栏目</a>", title="示范县")),
                        "/moved/": ok(html("", title="跳转", head=refresh))})
    db = tmp_path / "audit.db"
    _run(site, db)
    assert [m for m, _, _ in other.requests] == ["HEAD"]  # not even its robots.txt
    assert [r["url"] for r in rows(db, "SELECT url FROM pages")] == [site.url]  # /moved/ is no column
    [target] = rows(db, "SELECT state FROM targets WHERE url = ?", [site.url + "moved/"])
    assert target["state"] == "ok"


# -- robots.txt answering 5xx -------------------------------------------------------------------
def test_robots_txt_answering_5xx_disallows_the_crawl_unless_relaxed(site_server, tmp_path):
    routes = {"/robots.txt": (503, {"Content-Type": "text/html"}, b"<html>Service Unavailable</html>"),
              "/": ok(html("<a href='/a.html'>通知</a>", title="示范县")),
              "/a.html": ok(html("<div class='content'>正文内容。</div>"))}
    site = site_server(routes)
    db = tmp_path / "strict.db"
    _run(site, db)
    assert set(site.hits) == {"/robots.txt"}  # RFC 9309: assume complete disallow
    [run] = rows(db, "SELECT settings FROM runs")
    assert "robots_unavailable" in json.loads(run["settings"])["notes"]
    assert rows(db, "SELECT error FROM pages") == [{"error": "robots"}]

    relaxed = site_server(routes)
    _run(relaxed, tmp_path / "relaxed.db", 'DUWANG_ROBOTS_5XX="allow"')
    assert relaxed.hits.get("/a.html") == 1
    [run] = rows(tmp_path / "relaxed.db", "SELECT settings FROM runs")
    assert "robots_unavailable" in json.loads(run["settings"])["notes"]
