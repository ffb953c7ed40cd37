"""Real HTTP servers on 127.0.0.1 and a crawl runner for crawler tests.

Crawls run in a subprocess (``python -m crawler``): Scrapy's reactor starts once per process,
and a subprocess is what a user runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.store import Store

ROOT = Path(__file__).resolve().parents[2]


class Site:
    """A tiny scripted site: path -> (status, headers, body) or a callable(handler) -> same."""

    def __init__(self, routes: dict):
        self.routes = routes
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, str, dict]] = []
        self.connections: set[tuple[str, int]] = set()  # client (host, port) of every request
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.body = self.rfile.read(length) if length else b""
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                site.connections.add(self.client_address)
                site.requests.append((self.command, self.path, dict(self.headers)))
                route = site.routes.get(self.path)
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/html; charset=utf-8"}, \
                        b"<html><body>Not Found</body></html>"
                elif callable(route):
                    status, headers, body = route(self)
                else:
                    status, headers, body = route
                if isinstance(body, str):
                    body = body.encode("utf-8")
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site_server():
    made = []

    def make(routes):
        s = Site(routes)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def html(body: str, title: str = "测试页", head: str = "", charset: str = "utf-8") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>{title}</title>{head}</head>"
            f"<body>{body}</body></html>")


def ok(body, ctype="text/html; charset=utf-8", **headers):
    return (200, {"Content-Type": ctype, **headers}, body)


def run_crawl(url: str, store_path: Path, *settings: str, timeout: float = 120, resume: bool = True):
    """Crawl ``url`` into ``store_path`` in a subprocess; returns (exit code, run info, stderr)."""
    cmd = [sys.executable, "-m", "crawler", url, "--store", str(store_path), "--as-of", "2026-11-20",
           "--set", "DUWANG_PROGRESS=\"off\"", "--set", "AUTOTHROTTLE_START_DELAY=0",
           "--set", "DUWANG_RETRY_BASE_DELAY=0.1", "--set", "LOG_LEVEL=\"WARNING\""]
    for s in settings:
        cmd += ["--set", s]
    if not resume:
        cmd.append("--no-resume")
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    info = [json.loads(l) for l in proc.stdout.splitlines() if l.startswith("{")]
    return proc.returncode, info, proc.stderr


def rows(store_path: Path, sql: str, params=()):
    with Store(store_path) as store:
        return list(store.query(sql, params))
