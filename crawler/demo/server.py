"""Real HTTP servers for the demo portal on loopback: the portal, an "external" site, a dead port."""

from __future__ import annotations

import collections
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import pages
from .portal import Portal

EXTERNAL_HOST = "127.0.0.2"


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


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def _handler_class(app, owner: DemoServer | None):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive; Content-Length is always set
        disable_nagle_algorithm = True  # headers and body go out as separate writes
        server_version = "DemoCMS/1.0"
        sys_version = ""

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if owner is not None:
                owner._count(self.command, self.path)
                wait = app.delay(self.path) if hasattr(app, "delay") else 0.0
                if wait:
                    time.sleep(wait)
            try:
                status, headers, payload = app.respond(self.command, self.path, dict(self.headers.items()), body)
            except Exception:  # a bug in the demo must not kill the connection silently
                payload = pages.error_page(500, "Internal Server Error").encode()
                status, headers = 500, {"Content-Type": "text/html; charset=UTF-8",
                                        "Content-Length": str(len(payload))}
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if payload:
                self.wfile.write(payload)
            if owner is not None:
                owner._sent(len(payload))

        do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet
            pass

    return Handler


class DemoServer:
    """The portal on ``host:port`` plus the external site on 127.0.0.2 and a refusing port."""

    def __init__(self, portal: Portal, host: str = "127.0.0.1", port: int = 0):
        self.portal = portal
        self.host = host
        self.port = port
        self.hits: collections.Counter = collections.Counter()
        self.bytes_sent = 0
        self._lock = threading.Lock()
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self._dead_socket: socket.socket | None = None
        self.url = self.external_url = self.dead_url = ""

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> DemoServer:
        main = _Server((self.host, self.port), _handler_class(self.portal, self))
        external = _Server((EXTERNAL_HOST, 0), _handler_class(ExternalSite(), None))
        self._servers = [main, external]
        # A bound socket that never listens: connecting to it is refused.
        dead = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        dead.bind((self.host, 0))
        self._dead_socket = dead
        self.port = main.server_address[1]
        self.url = f"http://{self.host}:{self.port}/"
        self.external_url = f"http://{EXTERNAL_HOST}:{external.server_address[1]}/"
        self.dead_url = f"http://{self.host}:{dead.getsockname()[1]}/"
        self.portal.set_link_bases(self.external_url, self.dead_url)
        for srv in self._servers:
            thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        if self._dead_socket is not None:
            self._dead_socket.close()
        self._servers, self._threads, self._dead_socket = [], [], None

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

    def _count(self, method: str, path_qs: str) -> None:
        with self._lock:
            self.hits[(method, path_qs)] += 1

    def _sent(self, n: int) -> None:
        with self._lock:
            self.bytes_sent += n


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
