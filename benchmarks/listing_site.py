"""A generated site where every page is a listing (the worst case of the post-crawl work).

    python3 benchmarks/listing_site.py PAGES PORT

Page ``i`` (``/l/i/index.html``, the home page is listing 0) is the listing of its own column:
twenty dated rows linking to listings ``20 i + 1 .. 20 i + 20``, in the demo portal's listing markup
(without its navigation, so that every page fetched is one of the listings).
"""

from __future__ import annotations

import sys
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROWS = 20


def listing(i: int, pages: int) -> str:
    name = f"栏目{i}"
    rows = "\n".join(
        f'<li><a href="/l/{j}/index.html" title="栏目{j}">栏目{j}</a>'
        f'<span class="date">2026-{1 + j % 11:02d}-{1 + j % 28:02d}</span></li>'
        for j in range(ROWS * i + 1, min(ROWS * i + ROWS, pages - 1) + 1))
    body = (f'<div class="list-box"><div class="list-title"><h2>{escape(name)}</h2></div>\n'
            f'<ul class="news-list">\n{rows}\n</ul></div>\n')
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f'<title>{escape(name)}_示范县人民政府</title><meta name="ColumnName" content="{escape(name)}">'
            '</head><body>\n<div class="main wrap"><div class="position">当前位置：<a href="/">首页</a> &gt; '
            f'{escape(name)}</div>\n{body}</div></body></html>\n')


def serve(pages: int, port: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # http.server sends the headers and the body in two writes on a keep-alive socket: with
        # Nagle on, the body waits for the client's delayed ACK (~40 ms a response on loopback),
        # and the benchmark would measure that wait instead of the crawlers.
        disable_nagle_algorithm = True

        def do_HEAD(self):  # noqa: N802 - wget --spider asks HEAD first
            self.do_GET(head=True)

        def do_GET(self, head: bool = False):  # noqa: N802
            path = self.path.split("?", 1)[0]
            i = 0 if path in ("/", "/index.html") else None
            if path.startswith("/l/") and path.endswith("/index.html"):
                try:
                    i = int(path[3:-11])
                except ValueError:
                    i = None
            if i is None or not 0 <= i < pages:
                body, code = b"not found", 404
            else:
                body, code = listing(i, pages).encode(), 200
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", "Fri, 20 Nov 2026 01:00:00 GMT")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


if __name__ == "__main__":
    httpd = serve(int(sys.argv[1]), int(sys.argv[2]))
    print(sys.argv[1], flush=True)
    httpd.serve_forever()
