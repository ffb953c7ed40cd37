"""Failed fetches are stored as crawler.linkstate's reasons, never as exception class names."""

from __future__ import annotations

import socket
import struct
import threading
import time

from crawler.linkstate import LinkState, Reason

from .conftest import html, ok, rows, run_crawl


class RawServer:
    """A TCP server on 127.0.0.1 that misbehaves: ``hang`` (reads, never answers), ``reset``
    (reads, then RST), ``cut`` (half the headers, then close)."""

    def __init__(self, mode: str):
        self.mode = mode
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/x.html"
        self.held: list[socket.socket] = []
        self.closed = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            try:
                conn.recv(65536)
                if self.mode == "hang":
                    self.held.append(conn)
                    continue
                if self.mode == "reset":
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                elif self.mode == "cut":
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: te")  # a HEAD is checked: cut the headers
                conn.close()
            except OSError:
                conn.close()

    def close(self) -> None:
        self.closed = True
        self.sock.close()
        for conn in self.held:
            conn.close()


def _closed_port_url() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}/x.html"


def test_timeouts_resets_and_refusals_are_stored_as_reasons(site_server, tmp_path):
    bad = {mode: RawServer(mode) for mode in ("hang", "reset", "cut")}
    refused = _closed_port_url()
    try:
        links = "".join(f'<a href="{s.url}">{mode}</a>' for mode, s in bad.items())
        server = site_server({"/": ok(html(links + f'<a href="{refused}">拒绝</a>'))})
        db = tmp_path / "audit.db"
        started = time.monotonic()
        code, _, err = run_crawl(server.url, db, "DOWNLOAD_TIMEOUT=2", "DUWANG_RETRY_TIMES=0", timeout=120)
        assert code == 0, err[-2000:]
        assert time.monotonic() - started < 100
    finally:
        for s in bad.values():
            s.close()
    targets = {r["url"]: (r["state"], r["error"]) for r in rows(db, "SELECT url, state, error FROM targets")}
    reasons = {r.value for r in Reason}
    stored = {e for (_, e) in targets.values() if e} | {
        r["error"] for r in rows(db, "SELECT error FROM pages WHERE error IS NOT NULL")}
    assert stored and stored <= reasons, stored - reasons
    assert {s for (s, _) in targets.values()} <= {s.value for s in LinkState}
    assert targets[bad["hang"].url] == ("unreachable", "timeout")
    assert targets[bad["reset"].url] == ("unreachable", "connection_lost")
    assert targets[bad["cut"].url] == ("unreachable", "connection_lost")
    assert targets[refused] == ("broken", "refused")
