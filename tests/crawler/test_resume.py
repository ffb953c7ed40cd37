"""A crawl killed with SIGKILL resumes from its SQLite frontier: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from crawler.demo import DemoServer, build_portal

from .conftest import ROOT, rows, run_crawl

pytestmark = pytest.mark.slow

# Slow enough that the kill lands mid-crawl, small batches so little is in flight.
SLOW = ["DOWNLOAD_DELAY=0.02", "AUTOTHROTTLE_ENABLED=false", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
        "DUWANG_FLUSH_EVERY=10"]


def _pages_stored(db) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_sigkill_mid_crawl_then_resume_finishes_without_loss_or_duplicates(tmp_path):
    portal = build_portal(pages=400)
    with DemoServer(portal) as reference_server:
        code, _, err = run_crawl(reference_server.url, tmp_path / "ref.db", *SLOW[3:])
        assert code == 0, err[-2000:]
    reference = {r["url"].replace(reference_server.url, "/")
                 for r in rows(tmp_path / "ref.db", "SELECT url FROM pages")}

    db = tmp_path / "audit.db"
    with DemoServer(portal) as server:
        cmd = [sys.executable, "-m", "crawler", server.url, "--store", str(db), "--as-of", "2026-11-20",
               "--set", 'DUWANG_PROGRESS="off"', "--set", 'LOG_LEVEL="WARNING"']
        for s in SLOW:
            cmd += ["--set", s]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while _pages_stored(db) < 80 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert proc.poll() is None, "the crawl finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_at = _pages_stored(db)
        assert 80 <= killed_at < len(reference)
        state = rows(db, "SELECT status FROM runs")
        assert [r["status"] for r in state] == ["running"]  # the kill left no chance to tidy up

        hits_before = sum(server.hits.values())
        code, info, err = run_crawl(server.url, db, *SLOW)
        assert code == 0, err[-2000:]
        assert info[0]["resumed"] is True and info[0]["run_id"] == 1
        refetched = sum(server.hits.values()) - hits_before

    stored = rows(db, "SELECT url, count(*) AS n FROM pages GROUP BY url")
    assert all(r["n"] == 1 for r in stored)
    assert {r["url"].replace(server.url, "/") for r in stored} == reference  # nothing lost
    assert rows(db, "SELECT count(*) AS n FROM requests WHERE state != 'done'")[0]["n"] == 0
    assert len(rows(db, "SELECT id FROM runs")) == 1  # resumed the same run, no second run
    # The second process fetched only what the first had not stored (plus what was in flight
    # in the last uncommitted batch), never the whole site again.
    assert refetched < len(reference) - killed_at + 60


def test_sigkill_mid_reinspection_then_resume_stores_what_an_uninterrupted_one_stores(tmp_path):
    """Killed during the revalidation pre-pass (nothing of the new run stored yet) or after it,
    a re-inspection resumes the same run and ends with the pages an uninterrupted one has."""
    portal = build_portal(pages=400)
    first, reference_db, db = tmp_path / "first.db", tmp_path / "ref.db", tmp_path / "audit.db"
    with DemoServer(portal) as server:
        assert run_crawl(server.url, first)[0] == 0
        server.set_revision(2)
        reference_db.write_bytes(first.read_bytes())
        assert run_crawl(server.url, reference_db, *SLOW[1:])[0] == 0
        db.write_bytes(first.read_bytes())
        cmd = [sys.executable, "-m", "crawler", server.url, "--store", str(db), "--as-of", "2026-11-20",
               "--set", 'DUWANG_PROGRESS="off"', "--set", 'LOG_LEVEL="WARNING"']
        for s in SLOW:
            cmd += ["--set", s]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # the pre-pass asks one page per DOWNLOAD_DELAY (about 8 s for this portal): wait until the
        # re-inspection's run row exists (a loaded machine may take seconds to start Python), then kill
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if len(rows(db, "SELECT id FROM runs")) >= 2:
                    break
            except sqlite3.Error:  # the store is being written: ask again
                pass
            time.sleep(0.2)
        time.sleep(0.5)
        assert proc.poll() is None, "the re-inspection finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert [r["status"] for r in rows(db, "SELECT status FROM runs ORDER BY id")] == ["finished", "running"]
        code, info, err = run_crawl(server.url, db, *SLOW)
        assert code == 0, err[-2000:]
        assert info[0]["resumed"] is True and info[0]["run_id"] == 2
        base = server.url

    def run2(path):
        return {r["url"].replace(base, "/"): (r["status"], r["revalidated"], r["content_hash"])
                for r in rows(path, "SELECT * FROM pages WHERE run_id = 2")}

    stored = rows(db, "SELECT url, count(*) AS n FROM pages WHERE run_id = 2 GROUP BY url")
    assert stored and all(r["n"] == 1 for r in stored)
    assert run2(db) == run2(reference_db)
    assert rows(db, "SELECT count(*) AS n FROM requests WHERE state != 'done'")[0]["n"] == 0
