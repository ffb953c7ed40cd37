"""`duwang probe`: one row per site per call, against real servers on 127.0.0.1 (up, down, slow)."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from audits.config import SiteSpec
from audits.probe import probe_sites

ROOT = Path(__file__).resolve().parents[2]
SLOW = 6.0  # the slow page answers after this; the probes give up long before (timeout 1 s)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path.startswith("/slow"):
            time.sleep(SLOW)
        code = 503 if self.path.startswith("/broken") else 200
        body = "<html><title>示范县人民政府</title></html>".encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens once it is closed


def _rows(db: Path) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM probes ORDER BY id")]
    finally:
        conn.close()


def test_up_down_slow_and_erroring_sites_each_get_one_row(tmp_path, server):
    sites = [SiteSpec("上线县", server + "/"), SiteSpec("停机县", f"http://127.0.0.1:{_closed_port()}/"),
             SiteSpec("缓慢县", server + "/slow"), SiteSpec("故障县", server + "/broken")]
    start = time.monotonic()
    probes = probe_sites(sites, tmp_path, timeout=1.0)
    # the slow one is given up at its timeout instead of waited for (a bound far from any load's noise)
    assert time.monotonic() - start < SLOW - 1
    rows = _rows(tmp_path / "audit.db")
    assert [(r["ok"], r["status"], r["error"]) for r in rows] == [
        (1, 200, None), (0, None, "refused"), (0, None, "timeout"), (0, 503, "http_503")]
    assert [r["site_id"] for r in rows] == [p.site_id for p in probes] == [1, 2, 3, 4]
    assert rows[0]["url"] == server + "/"
    assert datetime.fromisoformat(rows[0]["probed_at"]).utcoffset().total_seconds() == 0
    assert 0.9 <= rows[2]["elapsed"] < SLOW - 1 and 0 <= rows[0]["elapsed"] < SLOW - 1


def test_each_call_adds_a_row_per_site_under_the_audit_s_site_id(tmp_path, server):
    site = SiteSpec("上线县", server + "/")
    probe_sites([site], tmp_path, timeout=2.0)
    probe_sites([site], tmp_path, timeout=2.0)
    rows = _rows(tmp_path / "audit.db")
    assert len(rows) == 2 and {r["site_id"] for r in rows} == {1}
    conn = sqlite3.connect(tmp_path / "audit.db")
    assert conn.execute("SELECT start_url FROM sites WHERE id = 1").fetchone()[0] == server + "/"
    cols = [(r[1], r[2]) for r in conn.execute("PRAGMA table_info(probes)")]
    conn.close()
    assert cols == [("id", "INTEGER"), ("site_id", "INTEGER"), ("url", "TEXT"), ("probed_at", "TEXT"),
                    ("ok", "INTEGER"), ("status", "INTEGER"), ("error", "TEXT"), ("elapsed", "REAL")]


def test_the_command_is_silent_under_quiet_and_says_what_to_fix_on_bad_input(tmp_path, server):
    cmd = [sys.executable, "-m", "audits.cli", "probe", server + "/", "--out", str(tmp_path), "--quiet"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert len(_rows(tmp_path / "audit.db")) == 1
    loud = subprocess.run(cmd[:-1], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "可访问" in loud.stdout and "状态码 200" in loud.stdout
    bad = subprocess.run([sys.executable, "-m", "audits.cli", "probe", "--out", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "网址" in bad.stderr
