"""The revalidation pre-pass (crawler.revalidate) against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import threading
import time

from crawler.revalidate import Pace, revalidate

ETAG = '"v1"'
STAMP = "Wed, 18 Nov 2026 08:00:00 GMT"
PAGE = "<html><head><title>栏目</title></head><body>新的正文</body></html>"


def unchanged_unless_changed(handler):
    """304 for the right ETag, else the page."""
    if handler.headers.get("If-None-Match") == ETAG:
        return 304, {"ETag": ETAG}, b""
    return 200, {"Content-Type": "text/html; charset=utf-8", "ETag": '"v2"'}, PAGE


def ask(pages, **pace):
    return asyncio.run(revalidate(pages, Pace(obey_robots=False, base_delay=0.01, **pace)))


def test_answers_sorted_304_reused_final_answers_handed_over_the_rest_left(site_server):
    site = site_server({
        "/same.html": unchanged_unless_changed,
        "/changed.html": (200, {"Content-Type": "text/html; charset=utf-8", "ETag": '"v2"'}, PAGE),
        "/gone.html": (404, {"Content-Type": "text/html"}, "<h1>404</h1>"),
        "/moved.html": (301, {"Location": "/same.html"}, b""),
        "/error.html": (500, {"Content-Type": "text/html"}, "<h1>500</h1>"),
    })
    urls = {p: site.url + p.lstrip("/") for p in
            ("/same.html", "/changed.html", "/gone.html", "/moved.html", "/error.html")}
    outcome = ask([(u, ETAG, STAMP) for u in urls.values()], per_host=1, user_agent="duwang-test")

    assert outcome.confirmed == {urls["/same.html"]}
    assert set(outcome.answers) == {urls["/changed.html"], urls["/gone.html"]}
    changed = outcome.answers[urls["/changed.html"]]
    assert changed.status == 200 and changed.body.decode() == PAGE
    assert (b"ETag", b'"v2"') in changed.headers
    assert outcome.answers[urls["/gone.html"]].status == 404
    assert outcome.asked == 5 and outcome.stopped is None  # one 500 is not enough to stop
    # Conditional, never from an intermediary's cache, as the crawl's User-Agent, no redirects.
    for method, _path, headers in site.requests:
        assert method == "GET"
        assert headers["If-None-Match"] == ETAG and headers["If-Modified-Since"] == STAMP
        assert headers["Cache-Control"] == "max-age=0"
        assert headers["User-Agent"] == "duwang-test"
    assert site.hits.get("/same.html") == 1  # the redirect was not followed


def test_an_outage_concludes_nothing_and_stops_the_pass(site_server):
    site = site_server({f"/p{i}.html": (503, {"Content-Type": "text/html"}, "维护中") for i in range(10)})
    outcome = ask([(f"{site.url}p{i}.html", ETAG, "") for i in range(10)], per_host=1, max_trouble=3)
    assert not outcome.confirmed and not outcome.answers  # the spider asks again and shows the outage
    assert outcome.stopped and "503" in outcome.stopped
    assert outcome.asked == 3 == sum(site.hits.values())


def test_retry_after_pauses_the_host_then_it_goes_on(site_server):
    sent: list[float] = []
    state = {"limited": True}

    def limited(handler):
        sent.append(time.monotonic())
        if state.pop("limited", False):
            return 429, {"Retry-After": "1", "Content-Type": "text/html"}, "访问过于频繁"
        return unchanged_unless_changed(handler)

    site = site_server({"/a.html": limited, "/b.html": limited, "/c.html": limited})
    urls = [site.url + p for p in ("a.html", "b.html", "c.html")]
    outcome = ask([(u, ETAG, "") for u in urls], per_host=1)
    assert outcome.confirmed == set(urls[1:])  # the 429 page is left to the spider
    assert urls[0] not in outcome.answers
    assert sent[1] - sent[0] >= 0.95  # Retry-After: 1 was honoured


def test_robots_txt_is_obeyed(site_server):
    site = site_server({
        "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /private/\n"),
        "/open.html": unchanged_unless_changed,
        "/private/x.html": unchanged_unless_changed,
    })
    outcome = asyncio.run(revalidate(
        [(site.url + "open.html", ETAG, ""), (site.url + "private/x.html", ETAG, "")], Pace(per_host=1)))
    assert outcome.confirmed == {site.url + "open.html"}
    assert "/private/x.html" not in site.hits  # never asked: the spider drops it as Scrapy does


def test_requests_in_flight_per_host_stay_within_the_budget_shared_with_the_crawl(site_server):
    lock = threading.Lock()
    state = {"now": 0, "most": 0}

    def slow(handler):
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.03)
        with lock:
            state["now"] -= 1
        return unchanged_unless_changed(handler)

    site = site_server({f"/p{i}.html": slow for i in range(24)})
    pages = [(f"{site.url}p{i}.html", ETAG, "") for i in range(24)]
    assert len(ask(pages, per_host=3).confirmed) == 24
    assert state["most"] == 3

    class BusyCrawl:
        """The crawl has 2 requests in flight to this host; its back-off hears every answer."""

        def __init__(self):
            self.heard = []

        def delay(self, url):
            return 0.0

        def in_flight(self, url):
            return 2

        def answered(self, url, status):
            self.heard.append(status)

    state["most"] = 0
    crawl = BusyCrawl()
    outcome = asyncio.run(revalidate(pages, Pace(per_host=3, obey_robots=False), share=crawl))
    assert len(outcome.confirmed) == 24
    assert state["most"] == 1  # 3 allowed, 2 taken by the crawl
    assert crawl.heard == [304] * 24


def test_download_delay_spaces_the_requests(site_server):
    sent: list[float] = []

    def stamp(handler):
        sent.append(time.monotonic())
        return unchanged_unless_changed(handler)

    site = site_server({f"/p{i}.html": stamp for i in range(4)})
    ask([(f"{site.url}p{i}.html", ETAG, "") for i in range(4)], per_host=4, delay=0.2)
    gaps = [b - a for a, b in zip(sent, sent[1:])]
    assert len(sent) == 4 and min(gaps) >= 0.18


def test_an_answer_over_the_size_limit_is_not_held(site_server):
    big = "大" * 50_000  # 150 KB
    site = site_server({"/big.html": (200, {"Content-Type": "text/html; charset=utf-8"}, big),
                        "/small.html": (200, {"Content-Type": "text/html; charset=utf-8"}, "小")})
    outcome = ask([(site.url + "big.html", ETAG, ""), (site.url + "small.html", ETAG, "")],
                  per_host=1, max_size=100_000)
    assert set(outcome.answers) == {site.url + "small.html"}  # the spider asks for the big one itself
    assert not outcome.confirmed


def test_a_self_signed_certificate_is_read_as_scrapy_reads_it(tmp_path):
    """Many county portals serve HTTPS with expired or self-signed certificates; Scrapy reads
    them without verifying, and so does the pre-pass."""
    import http.server
    import ssl
    import subprocess

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            same = self.headers.get("If-None-Match") == ETAG
            self.send_response(304 if same else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/index.html"
        outcome = ask([(url, ETAG, "")], per_host=1)
    finally:
        server.shutdown()
        server.server_close()
    assert outcome.confirmed == {url} and outcome.stopped is None


def test_robots_rules_are_matched_against_the_agent_scrapy_uses(site_server):
    from scrapy.settings import Settings

    assert Pace.from_settings(Settings({"USER_AGENT": "duwang-ua", "ROBOTSTXT_USER_AGENT": "duwangbot"})) \
        .robots_agent == "duwangbot"
    assert Pace.from_settings(Settings({"USER_AGENT": "duwang-ua"})).robots_agent == "duwang-ua"
    site = site_server({
        "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: duwangbot\nDisallow: /\n"),
        "/open.html": unchanged_unless_changed,
    })
    pace = Pace(per_host=1, user_agent="Mozilla/5.0 duwang-ua", robots_agent="duwangbot")
    outcome = asyncio.run(revalidate([(site.url + "open.html", ETAG, "")], pace))
    assert not outcome.confirmed and "/open.html" not in site.hits
