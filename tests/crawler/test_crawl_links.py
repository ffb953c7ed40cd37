"""Link checking and politeness against a real server: broken vs blocked vs unreachable,
Retry-After, robots.txt, traps, redirect loops, oversize pages."""

from __future__ import annotations

import socket
import time

from .conftest import html, ok, rows, run_crawl


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_link_states(site_server, tmp_path):
    external = site_server({"/ok.html": ok(html("外部正常")),
                            "/gone.html": (410, {"Content-Type": "text/html"}, "gone")})
    attempts = {"n": 0}

    def flaky(handler):  # 429 with Retry-After once, then fine
        attempts["n"] += 1
        if attempts["n"] == 1:
            return 429, {"Retry-After": "1", "Content-Type": "text/html"}, "slow down"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, html("恢复")

    dead = f"http://127.0.0.1:{_closed_port()}/x.html"
    server = site_server({
        "/": ok(html(
            '<a href="/missing.html">不存在的页面</a>'
            '<a href="/soft.html">软404</a>'
            '<a href="/waf.html">防火墙</a>'
            '<a href="/down.html">服务器错误</a>'
            '<a href="/flaky.html">限流</a>'
            '<a href="/files/P020261101.pdf">附件</a>'
            f'<a href="{external.url}ok.html">外部</a>'
            f'<a href="{external.url}gone.html">外部失效</a>'
            f'<a href="{dead}">拒绝连接</a>')),
        "/soft.html": ok(html("<h1>页面不存在</h1><p>您访问的页面不存在或已被删除</p>", title="404 页面不存在")),
        "/waf.html": (403, {"Content-Type": "text/html"}, "blocked"),
        "/down.html": (503, {"Content-Type": "text/html"}, "down"),
        "/flaky.html": flaky,
    })
    db = tmp_path / "audit.db"
    started = time.monotonic()
    code, _, err = run_crawl(server.url, db, "DUWANG_RETRY_TIMES=2")
    assert code == 0, err
    state = {r["url"].replace(server.url, "/").replace(external.url, "EXT/"): (r["state"], r["error"])
             for r in rows(db, "SELECT * FROM targets")}
    assert state["/missing.html"][0] == "broken"
    assert state["/soft.html"] == ("broken", "soft404")
    assert state["/waf.html"][0] == "blocked"
    assert state["/down.html"][0] == "unreachable"
    assert state["/flaky.html"][0] == "ok"
    assert state["/files/P020261101.pdf"][0] == "broken"
    assert state["EXT/ok.html"][0] == "ok"
    assert state["EXT/gone.html"][0] == "broken"
    assert state[dead] == ("broken", "refused")
    assert attempts["n"] == 2 and time.monotonic() - started >= 1.0  # waited for Retry-After
    assert server.hits["/waf.html"] == 3  # first try + DUWANG_RETRY_TIMES retries
    # external links are checked, never crawled
    assert external.requests and all(m == "HEAD" for m, *_ in external.requests)
    kinds = {r["target_url"].rsplit("/", 1)[-1]: r["kind"] for r in rows(db, "SELECT * FROM links")}
    assert kinds["P020261101.pdf"] == "attachment" and kinds["ok.html"] == "external"


def test_robots_traps_loops_and_oversize_never_crash(site_server, tmp_path):
    def calendar(handler):
        month = int(handler.path.rsplit("=", 1)[1])
        return 200, {"Content-Type": "text/html; charset=utf-8"}, html(
            f'<a href="/calendar?month={month + 1}">下个月</a>')

    routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /private/\n"),
        "/": ok(html('<a href="/private/secret.html">内部</a><a href="/loop/a">循环</a>'
                     '<a href="/huge.html">超大页面</a><a href="/calendar?month=1">日历</a>'
                     '<a href="/x"><script>alert(1)</script></a>',
                     title="<script>alert('x')</script>首页")),
        "/private/secret.html": ok(html("不应抓取")),
        "/loop/a": (302, {"Location": "/loop/b"}, ""),
        "/loop/b": (302, {"Location": "/loop/a"}, ""),
        "/huge.html": ok("<html><body>" + "大" * (3 * 1024 * 1024) + "</body></html>"),
    }
    server = site_server(routes)
    server.routes.update({f"/calendar?month={m}": calendar for m in range(1, 500)})
    db = tmp_path / "audit.db"
    code, _, err = run_crawl(server.url, db, "DOWNLOAD_MAXSIZE=1000000", timeout=180)
    assert code == 0, err
    assert "/private/secret.html" not in server.hits
    months = [p for p in server.hits if p.startswith("/calendar")]
    assert 10 <= len(months) <= 60  # trap guard stops the endless calendar
    pages = {r["url"].replace(server.url, "/"): r for r in rows(db, "SELECT * FROM pages")}
    assert pages["/loop/a"]["error"] == "redirect_loop"
    assert pages["/huge.html"]["error"] == "too_large"
    run = rows(db, "SELECT status FROM runs")[0]
    assert run["status"] == "finished"


def test_robots_txt_holds_for_every_request_waiting_for_it(site_server, tmp_path):
    """A re-inspection starts every stored page at once; robots.txt, which now forbids one of
    them and answers slowly, must stop it (Scrapy 2.19 alone lets the waiters through)."""
    state = {"robots": "User-agent: *\nAllow: /\n"}

    def robots(handler):
        time.sleep(0.5)  # every start request is waiting for it
        return 200, {"Content-Type": "text/plain"}, state["robots"]

    links = "".join(f'<a href="/p{i}.html">第{i}页</a>' for i in range(8))
    routes = {"/robots.txt": robots, "/": ok(html(links + '<a href="/private/x.html">内部</a>')),
              "/private/x.html": ok(html("内部稿"))}
    routes.update({f"/p{i}.html": ok(html(f"<p>第{i}页</p>")) for i in range(8)})
    server = site_server(routes)
    for n, prepass in enumerate(("true", "false"), start=1):
        state["robots"] = "User-agent: *\nAllow: /\n"
        db = tmp_path / f"audit-{prepass}.db"
        assert run_crawl(server.url, db)[0] == 0
        assert server.hits["/private/x.html"] == n
        state["robots"] = "User-agent: *\nDisallow: /private/\n"
        assert run_crawl(server.url, db, f"DUWANG_REVALIDATE_PREPASS={prepass}")[0] == 0
        assert server.hits["/private/x.html"] == n  # not asked again
        stored = rows(db, "SELECT error FROM pages WHERE run_id = 2 AND url LIKE '%/private/x.html'")
        assert stored == [{"error": "robots"}]


def test_max_pages_cap(site_server, tmp_path):
    routes = {"/": ok(html("".join(f'<a href="/p{i}.html">第{i}页</a>' for i in range(50))))}
    routes.update({f"/p{i}.html": ok(html(f"<p>第{i}页</p>")) for i in range(50)})
    server = site_server(routes)
    db = tmp_path / "audit.db"
    code, _, err = run_crawl(server.url, db, "DUWANG_MAX_PAGES=10")
    assert code == 0, err
    assert len(rows(db, "SELECT url FROM pages")) == 10
