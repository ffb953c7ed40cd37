"""A generated site where every page is a listing (the worst case of the post-crawl work).

    python3 benchmarks/listing_site.py PAGES PORT

Page ``i`` (``/l/i/index.html``, the home page is listing 0) is the listing of its own column:
twenty dated rows linking to listings ``20 i + 1 .. 20 i + 20``, in the demo portal's listing markup
(without its navigation, so that every page fetched is one of the listings).
"""

from __future__ import annotations

import sys
from html import escape

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


def answer(path: str, pages: int) -> tuple[int, bytes]:
    path = path.split("?", 1)[0]
    i = 0 if path in ("/", "/index.html") else None
    if path.startswith("/l/") and path.endswith("/index.html"):
        try:
            i = int(path[3:-11])
        except ValueError:
            i = None
    if i is None or not 0 <= i < pages:
        return 404, b"not found"
    return 200, listing(i, pages).encode()


def serve(pages: int, port: int) -> None:
    """Serve until killed: one asyncio event loop (aiohttp, like the demo portal's server, which
    sets TCP_NODELAY). http.server with a thread per keep-alive connection, its first server,
    answered Scrapy's 16 connections at ~45 pages/s while the crawler sat idle (and, before
    Nagle was turned off, wget at ~21 pages/s): the benchmark measured the server."""
    from aiohttp import web

    async def handle(request: web.Request) -> web.StreamResponse:
        status, body = answer(request.raw_path, pages)
        headers = {"Content-Type": "text/html; charset=utf-8", "Last-Modified": "Fri, 20 Nov 2026 01:00:00 GMT"}
        if request.method == "HEAD":  # wget --spider asks HEAD first: no body, the GET's length
            response = web.StreamResponse(status=status, headers=headers)
            response.content_length = len(body)
            return response
        return web.Response(status=status, body=body, headers=headers)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    print(pages, flush=True)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None, handle_signals=True)


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
