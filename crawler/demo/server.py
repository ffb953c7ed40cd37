"""Real HTTP servers for the demo portal on loopback: the portal, an "external" site, a dead port."""

from __future__ import annotations

import asyncio
import collections
import socket
import threading
import time

from aiohttp import web

from . import pages
from .portal import Portal

EXTERNAL_HOST = "127.0.0.2"
DEAD_HOST = "127.0.0.3"  # a bound, never listening socket: connections are refused
CHUNK = 64 * 1024
LARGE_FILE = 1024 * 1024
LARGE_FILE_PACE = 0.005  # seconds per CHUNK of a large file


class ExternalSite:
    """Another site on 127.0.0.2: a few pages exist, everything else is 404."""

    def respond(self, method: str, path_qs: str, headers: dict, body: bytes) -> tuple[int, dict, bytes]:
        path = path_qs.split("?", 1)[0]
        if path == "/exposure/jiucuo.js":
            data, ctype, status = b"/* jiucuo widget */\n", "application/javascript", 200
        elif path in pages.EXTERNAL_PAGES:
            data, ctype, status = pages.external_page(pages.EXTERNAL_PAGES[path]).encode(), "text/html; charset=UTF-8", 200
        else:
            data, ctype, status = pages.not_found().encode(), "text/html; charset=UTF-8", 404
        out = {"Content-Type": ctype, "Content-Length": str(len(data))}
        if status == 200:
            out.update({"ETag": f'"ext-{len(data)}"', "Last-Modified": "Mon, 05 Jan 2026 09:30:00 GMT"})
        return status, out, b"" if method == "HEAD" else data


def _handler(app, owner: DemoServer | None):
    """An aiohttp handler answering every request from ``app.respond`` (one event loop, like
    the single-threaded worker of the nginx that serves a real portal's static pages)."""

    async def handle(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        path_qs = request.raw_path  # as sent, like http.server's self.path
        if owner is not None:
            owner.hits[(request.method, path_qs)] += 1
            wait = app.delay(path_qs) if hasattr(app, "delay") else 0.0
            if wait:
                await asyncio.sleep(wait)
        try:
            status, headers, payload = app.respond(request.method, path_qs, dict(request.headers.items()), body)
        except Exception:  # a bug in the demo must not kill the connection silently
            payload = pages.error_page(500, "Internal Server Error").encode()
            status, headers = 500, {"Content-Type": "text/html; charset=UTF-8"}
        length = next((v for k, v in headers.items() if k.lower() == "content-length"), None)
        headers = {k: v for k, v in headers.items() if k.lower() != "content-length"}
        headers["Server"] = "DemoCMS/1.0"
        if request.method == "HEAD":  # no body, but the length a GET would get
            response = web.StreamResponse(status=status, headers=headers)
            if length is not None:
                response.content_length = int(length)
            return response
        if len(payload) <= LARGE_FILE:
            if owner is not None:
                owner.bytes_sent += len(payload)
            return web.Response(status=status, headers=headers, body=payload)
        return await _send_large(request, status, headers, payload, owner)

    return handle


async def _send_large(request: web.Request, status: int, headers: dict, payload: bytes,
                      owner: DemoServer | None) -> web.StreamResponse:
    """A large file, in slices at about 12 MB/s as from a real county server, counting what
    the socket took: a download the client cancels (too large) counts only what went out
    before it hung up, not the whole file."""
    response = web.StreamResponse(status=status, headers=headers)
    response.content_length = len(payload)
    await response.prepare(request)
    try:
        for start in range(0, len(payload), CHUNK):
            chunk = payload[start:start + CHUNK]
            await response.write(chunk)
            if owner is not None:
                owner.bytes_sent += len(chunk)
            await asyncio.sleep(LARGE_FILE_PACE)
        await response.write_eof()
    except ConnectionError:
        pass  # the client hung up
    return response


def _bind_either(host: str, port: int, *, listen: bool) -> socket.socket:
    """A socket on ``host:port``, or on a free port of ``host`` when that one is taken."""
    try:
        return _bind(host, port, listen=listen)
    except OSError:
        return _bind(host, 0, listen=listen)


def _bind(host: str, port: int, *, listen: bool) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if listen:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        if listen:
            sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _listen(host: str, port: int) -> socket.socket:
    return _bind(host, port, listen=True)


class DemoServer:
    """The portal on ``host:port`` plus the external site on 127.0.0.2 and a refusing port."""

    def __init__(self, portal: Portal, host: str = "127.0.0.1", port: int = 0):
        self.portal = portal
        self.host = host
        self.port = port
        self.hits: collections.Counter = collections.Counter()
        self.bytes_sent = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runners: list[web.AppRunner] = []
        self._dead_socket: socket.socket | None = None
        self.url = self.external_url = self.dead_url = ""

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> DemoServer:
        if self._thread is not None:  # already serving (started before ``with``)
            return self
        main = _listen(self.host, self.port)
        # The external site and the refusing port take the portal's port number on other loopback
        # addresses when they can, so that a demo on a fixed port links to the same URLs every
        # time and two demo audits give the same findings.
        same = main.getsockname()[1]
        external = _bind_either(EXTERNAL_HOST, same, listen=True)
        # A bound socket that never listens: connecting to it is refused.
        dead = _bind_either(DEAD_HOST, same, listen=False)
        self._dead_socket = dead
        self.port = main.getsockname()[1]
        self.url = f"http://{self.host}:{self.port}/"
        self.external_url = f"http://{EXTERNAL_HOST}:{external.getsockname()[1]}/"
        self.dead_url = f"http://{DEAD_HOST}:{dead.getsockname()[1]}/"
        self.portal.set_link_bases(self.external_url, self.dead_url)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="demo-server", daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(
            self._serve([(main, _handler(self.portal, self)), (external, _handler(ExternalSite(), None))]),
            self._loop).result(timeout=30)
        return self

    async def _serve(self, sites: list[tuple[socket.socket, object]]) -> None:
        for sock, handler in sites:
            app = web.Application(client_max_size=16 * 1024 * 1024)
            app.router.add_route("*", "/{tail:.*}", handler)
            runner = web.AppRunner(app, access_log=None, handle_signals=False)
            await runner.setup()
            await web.SockSite(runner, sock).start()
            self._runners.append(runner)

    async def _shutdown(self) -> None:
        for runner in self._runners:
            await runner.cleanup()
        self._runners = []

    def stop(self) -> None:
        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(timeout=30)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            self._loop.close()
            self._loop, self._thread = None, None
        if self._dead_socket is not None:
            self._dead_socket.close()
            self._dead_socket = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- controls and counters ------------------------------------------------------------
    def set_revision(self, n: int) -> None:
        self.portal.set_revision(n)

    def absolute(self, target: str) -> str:
        """Absolute URL of a manifest ``url``/``target`` on this server."""
        return self.portal.absolute(target, self.url)


def serve_forever(portal: Portal, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``portal`` until interrupted (``python -m crawler.demo``)."""
    server = DemoServer(portal, host, port).start()
    print(f"示范县门户: {server.url}  外站: {server.external_url}  拒绝连接: {server.dead_url}", flush=True)
    print(f"页面数约 {portal.page_count()}；缺陷 {len(portal.expected())} 处，对照 {len(portal.controls())} 处", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
