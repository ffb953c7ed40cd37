"""Two demo audits give the same findings: the demo's portal, external site and dead port are fixed."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from crawler.demo import DemoServer, build_portal

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_external_site_and_dead_port_share_the_portals_port_number():
    with DemoServer(build_portal(pages=60), port=0) as server:
        port = server.port
        assert server.external_url == f"http://127.0.0.2:{port}/"
        assert server.dead_url == f"http://127.0.0.3:{port}/"
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.3", port), timeout=3)


def _demo(out, port):
    proc = subprocess.run([sys.executable, "-c", "from audits.cli import main; main()", "demo", "--out", str(out),
                           "--pages", "120", "--port", str(port), "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    return {(f["rule"], f["fingerprint"]) for f in json.loads((out / "findings.json").read_text(encoding="utf-8"))}


def test_two_demo_audits_on_the_same_port_give_the_same_findings(tmp_path):
    port = _free_port()
    first = _demo(tmp_path / "a", port)
    second = _demo(tmp_path / "b", port)
    assert first and first == second
    assert any(rule == "link.broken" for rule, _ in first)  # external and dead links are among them
