"""audit.db for browsing: views with names instead of ids, and `duwang browse` serving Datasette."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from reports import write_reports


def test_reports_add_views_with_site_names_and_rule_titles(two_sites, tmp_path):
    store = two_sites["store"]
    write_reports(store, [two_sites["run_a2"], two_sites["run_b"]], tmp_path / "out", as_of="2026-11-20")
    rows = list(store.query("SELECT * FROM findings_view WHERE run_id = ? ORDER BY 规则编号",
                            [two_sites["run_a2"]]))
    assert {r["网站"] for r in rows} == {"示范县人民政府"}
    titles = {r["规则编号"]: r["问题类型"] for r in rows}
    assert titles["site.homepage_stale"] == "首页不更新" and titles["column.blank"] == "空白栏目"
    assert rows[0]["检查日期"] == "2026-11-20"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("datasette") is None, reason="datasette not installed (pip install 'duwang[browse]')")
def test_duwang_browse_serves_the_store_with_labels(two_sites, tmp_path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from audits.cli import main; main()", "browse", str(tmp_path),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        body = None
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/audit/findings_view.json?_shape=array",
                                            timeout=5) as r:
                    body = json.loads(r.read())
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        assert body is not None, proc.stderr.read().decode()[-2000:] if proc.poll() is not None else "no answer"
        assert {row["网站"] for row in body} == {"示范县人民政府", "邻县人民政府"}
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/audit/findings_view?_facet=问题类型".replace(
                "问题类型", "%E9%97%AE%E9%A2%98%E7%B1%BB%E5%9E%8B"), timeout=10) as r:
            page = r.read().decode("utf-8")
        assert "首页不更新" in page and "问题明细（含网站名称与问题类型）" in page  # metadata applied
        servers = _children(proc.pid)
        assert servers, "datasette runs as duwang's child"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.returncode == 0
    deadline = time.monotonic() + 20  # a SIGTERM to duwang stops Datasette too: nothing is left serving
    while time.monotonic() < deadline and any(_alive(pid) for pid in servers):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in servers)


def _children(pid: int) -> list[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    with open(path) as f:
        return [int(p) for p in f.read().split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"  # a zombie has stopped
    except FileNotFoundError:
        return False


def test_duwang_browse_without_a_store_says_what_to_do(tmp_path):
    from click.testing import CliRunner

    from audits.cli import main

    res = CliRunner().invoke(main, ["browse", str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and "audit.db" in res.output
