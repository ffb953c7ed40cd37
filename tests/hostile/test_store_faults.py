"""Class 1: a store write that fails loses nothing and finishes nothing.

Unstorable text (lone surrogates, non-characters, control characters) is made storable before
it reaches SQLite or openpyxl; a write that fails all the same (a full disk) stops the crawl,
marks the run ``interrupted`` with a clear message, keeps every committed row, and the next run
resumes it to the end.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid

import pytest
from openpyxl import load_workbook

from .conftest import cli, crawl_cli, html, ok, rows

LISTING = """<ul class="news-list" id="list"></ul>
<script>var data = [{"title": "关于\\ud800开展检查的通知\\uffff", "url": "/a1.html", "date": "2026-11-18"},
{"title": "第二\\u0007条通知\\ufdd0", "url": "/a2.html", "date": "2026-11-17"},
{"title": "第三条通知", "url": "/a3.html", "date": "2026-11-16"}];
$.getJSON("/api/list.json", function(d){});</script>"""

pytestmark = pytest.mark.slow


def _article(n: int, size: int = 200) -> str:
    return html(f"<div class='content'><p>{'第' + str(n) + '篇正文。' * size}</p></div>", title=f"文章{n}")


def test_unstorable_text_is_stored_and_written_to_the_reports(site_server, tmp_path):
    home = html("<a href='/list/'>通知公告</a><a href='/a1.html'>一</a>", title="示范县人民政府")
    site = site_server({"/": ok(home), "/list/": ok(html(LISTING, title="通知公告")),
                        **{f"/a{i}.html": ok(_article(i, 3)) for i in (1, 2, 3)}})
    out = tmp_path / "out"
    proc = cli("audit", site.url, "--out", str(out), "--as-of", "2026-11-20", "--quiet")
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    db = out / "audit.db"
    assert [r["status"] for r in rows(db, "SELECT status FROM runs")] == ["finished"]
    titles = {r["title"] for r in rows(db, "SELECT title FROM column_items")}
    assert "关于\ufffd开展检查的通知\ufffd" in titles and "第二条通知\ufffd" in titles
    assert rows(db, "SELECT count(*) AS n FROM pages WHERE status = 200")[0]["n"] == 5
    assert load_workbook(out / "report.xlsx").sheetnames  # openpyxl wrote and reads it back


def _many_pages(n: int, size: int) -> dict:
    links = "".join(f"<a href='/p{i}.html'>文章{i}</a>" for i in range(n))
    return {"/": ok(html(links, title="示范县人民政府")),
            **{f"/p{i}.html": ok(_article(i, size)) for i in range(n)}}


# Fails every write after the first LIMIT batches, as SQLite does when the disk fills up.
FAULT = """
import sqlite3
from crawler import pipelines
_flush, _state = pipelines.StoreWriter.flush, {"n": 0}
def flush(self):
    if self.pending or self.done or self.reuse:
        _state["n"] += 1
        if _state["n"] > LIMIT:
            raise sqlite3.OperationalError("database or disk is full")
    return _flush(self)
pipelines.StoreWriter.flush = flush
"""

SMALL_BATCHES = ["DUWANG_FLUSH_EVERY=5", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "AUTOTHROTTLE_ENABLED=false"]


def _assert_interrupted_then_resumed(site, db, first, total):
    assert first.returncode == 130, first.stderr[-3000:]
    assert "Traceback" not in first.stderr
    assert "写入审计库" in first.stderr and "再次运行同一命令" in first.stderr
    run = rows(db, "SELECT status FROM runs")
    assert [r["status"] for r in run] == ["interrupted"]
    kept = rows(db, "SELECT count(*) AS n FROM pages")[0]["n"]
    assert 0 < kept < total
    # Every page marked done is stored; every page not stored is still queued.
    assert rows(db, "SELECT count(*) AS n FROM requests r WHERE state = 'done' AND kind = 'page' "
                    "AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.url = r.url)")[0]["n"] == 0
    second = crawl_cli(site.url, db, *SMALL_BATCHES)
    assert second.returncode == 0, second.stderr[-3000:]
    assert json.loads(second.stdout.splitlines()[-1])["resumed"] is True
    stored = rows(db, "SELECT url, count(*) AS n FROM pages GROUP BY url")
    assert len(stored) == total and all(r["n"] == 1 for r in stored)
    assert [r["status"] for r in rows(db, "SELECT status FROM runs")] == ["finished"]


def test_failed_write_interrupts_the_run_and_the_next_run_resumes_it(site_server, tmp_path):
    site = site_server(_many_pages(40, 20))
    db = tmp_path / "audit.db"
    first = crawl_cli(site.url, db, *SMALL_BATCHES, prelude=FAULT.replace("LIMIT", "3"))
    _assert_interrupted_then_resumed(site, db, first, 41)


def _mount_tmpfs(path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", f"duwang-{uuid.uuid4().hex[:6]}",
                           str(path)], capture_output=True).returncode == 0


def test_full_disk_interrupts_the_run_and_the_next_run_resumes_it(site_server, tmp_path):
    """A real full disk: the store lives on a 1 MiB tmpfs (needs root; skipped otherwise)."""
    mnt = tmp_path / "small"
    if not _mount_tmpfs(mnt, "1m"):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        site = site_server(_many_pages(60, 1500))  # ~60 × 30 KB of text: more than 1 MiB
        db = mnt / "audit.db"
        first = crawl_cli(site.url, db, *SMALL_BATCHES)
        assert "disk is full" in first.stderr or "磁盘" in first.stderr, first.stderr[-3000:]
        subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)
        _assert_interrupted_then_resumed(site, db, first, 61)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_storable_replaces_what_sqlite_and_openpyxl_refuse_and_keeps_the_rest():
    from crawler.textsafe import storable

    assert storable("通知\ud800\udfff\ufffe\uffff\ufdd0\U0001fffe\U0010ffff") == "通知" + "\ufffd" * 7
    assert storable("a\x00b\x07c\x1fd\te\nf\rg") == "abcd\te\nf\rg"
    kept = "政务公开 𠀀 😀 ﹏ \ufffd é"
    assert storable(kept) == kept
    assert storable("\ud800").encode("utf-8")  # encodable now
