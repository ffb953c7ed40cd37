"""What a weekly cron job sees: quiet unless findings changed, a lock, resumable, as-of reproducible."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from audits.lock import audit_lock
from crawler.demo import DEMO_AS_OF, DemoServer, build_portal

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def audit(url: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audits.cli", "audit", url, "--out", str(out),
                           "--as-of", DEMO_AS_OF.isoformat(), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_weekly_runs_are_quiet_unless_findings_change(tmp_path):
    out = tmp_path / "audit"
    with DemoServer(build_portal(pages=400)) as server:
        first = audit(server.url, out, "--quiet")
        assert first.returncode == 1, first.stderr[-2000:]
        assert "首次审计" in first.stdout  # the first run of a site is news
        assert first.stderr == ""  # no log line from Scrapy or any library

        same = audit(server.url, out, "--quiet")
        assert same.returncode == 1, same.stderr[-2000:]
        # Nothing changed: cron sends no mail, so nothing at all on either stream.
        assert (same.stdout, same.stderr) == ("", "")

        server.set_revision(2)  # a week later the county fixed some things and broke others
        changed = audit(server.url, out, "--quiet")
        assert changed.returncode in (0, 1), changed.stderr[-2000:]
        assert "新增" in changed.stdout and "已整改" in changed.stdout
        assert changed.stderr == ""
        # Only the diff: the site's line, the counts, one +/- line per new or fixed finding.
        lines = changed.stdout.splitlines()
        assert lines[1].startswith("新增 ") and all(line[:2] in ("+ ", "- ") for line in lines[2:]), lines
        assert not any(line.startswith(("report.", "findings.json")) for line in lines)

    diff = subprocess.run([sys.executable, "-m", "audits.cli", "diff", "--out", str(out), "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert diff.returncode == 0, diff.stderr
    d = json.loads(diff.stdout)["sites"][0]
    assert d["run_id"] == 3 and d["previous_run_id"] == 2
    assert d["new"] or d["fixed"]


def test_second_run_of_the_same_audit_is_refused_while_one_holds_the_lock(tmp_path):
    out = tmp_path / "audit"
    out.mkdir()
    with audit_lock(out):
        proc = audit("http://127.0.0.1:9/", out)
    assert proc.returncode == 3
    assert "锁" in proc.stderr or "lock" in proc.stderr.lower()


def test_bad_input_exits_2_with_a_message_that_says_what_to_fix(tmp_path):
    bad_url = audit("not a url", tmp_path / "a")
    assert bad_url.returncode == 2 and "网址" in bad_url.stderr
    bad_date = subprocess.run([sys.executable, "-m", "audits.cli", "audit", "http://127.0.0.1:9/",
                               "--out", str(tmp_path / "b"), "--as-of", "2026-13-01"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    sites = tmp_path / "sites.toml"
    sites.write_text("[[sites]]\nname = 1\n", encoding="utf-8")
    bad_sites = subprocess.run([sys.executable, "-m", "audits.cli", "audit", "--sites", str(sites),
                                "--out", str(tmp_path / "c")],
                               cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad_sites.returncode == 2 and "sites.toml" in bad_sites.stderr
