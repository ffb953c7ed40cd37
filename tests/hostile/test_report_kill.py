"""Class 4: a kill during the report phase. The next run writes the reports of the finished
run instead of starting a new re-inspection (no second run, no request to the portal)."""

from __future__ import annotations

import json

import pytest

from .conftest import cli, html, ok, rows

# SIGKILL the audit the moment it starts writing its reports (the crawl and rules are done).
KILL_IN_REPORTS = """
import os, signal
import reports
def write_reports(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
reports.write_reports = write_reports
"""

pytestmark = pytest.mark.slow


def test_kill_during_reports_then_the_next_run_writes_them_without_crawling(site_server, tmp_path):
    site = site_server({"/": ok(html("<a href='/a.html'>通知</a><a href='/gone.html'>失效</a>",
                                     title="示范县人民政府")),
                        "/a.html": ok(html("<div class='content'>现按装监控设备。</div>", title="通知"))})
    out = tmp_path / "out"
    args = ("audit", site.url, "--out", str(out), "--as-of", "2026-11-20", "--quiet")
    killed = cli(*args, prelude=KILL_IN_REPORTS)
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert not (out / "report.html").exists()
    assert [r["status"] for r in rows(out / "audit.db", "SELECT status FROM runs")] == ["finished"]
    hits = sum(site.hits.values())

    again = cli(*args)
    assert again.returncode in (0, 1), again.stderr[-3000:]
    assert sum(site.hits.values()) == hits  # nothing fetched again
    assert [r["id"] for r in rows(out / "audit.db", "SELECT id FROM runs")] == [1]  # no new run
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert {f["run_id"] for f in findings} == {1} and any(f["rule"] == "link.broken" for f in findings)
    assert (out / "report.html").exists() and (out / "report.xlsx").exists()

    # With the reports written, the next run is a new re-inspection as usual.
    third = cli(*args)
    assert third.returncode in (0, 1), third.stderr[-3000:]
    assert [r["id"] for r in rows(out / "audit.db", "SELECT id FROM runs")] == [1, 2]
