"""Injected markup: a crawled page whose title and text carry script reaches the report inert, as text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.crawler.conftest import Site, ok
from tests.reports.test_hostile import _chromium, needs_chromium

ROOT = Path(__file__).resolve().parents[2]

HOME = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title><script>document.title='PWNED'</script>示范县</title></head><body>
<ul class="list">
<li><a href="/a1.html">关于按装监控设备的通知</a><span>2026-11-18</span></li>
<li><a href="/a2.html">通知二</a><span>2026-11-17</span></li>
<li><a href="/a3.html">通知三</a><span>2026-11-16</span></li>
</ul><a href="/gone.html"><b>&lt;img src=x onerror=alert(1)&gt;</b>失效链接</a>
</body></html>"""

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>关于按装监控设备的通知<script>alert(1)</script></title></head><body>
<div class="content"><p>各单位：为加强管理，现按装监控设备。&lt;script&gt;alert("text")&lt;/script&gt;
"><img src=x onerror=alert(2)></p></div></body></html>"""


@pytest.fixture(scope="module")
def hostile_audit(tmp_path_factory):
    plain = ok("<html><head><title>通知</title></head><body><div class='content'>正文内容。</div></body></html>")
    site = Site({"/": ok(HOME), "/a1.html": ok(ARTICLE), "/a2.html": plain, "/a3.html": plain})
    out = tmp_path_factory.mktemp("hostile")
    proc = subprocess.run([sys.executable, "-m", "audits.cli", "audit", site.url, "--out", str(out),
                           "--as-of", "2026-11-20", "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    site.close()
    return proc, out


def test_hostile_page_is_audited_and_its_text_is_kept(hostile_audit):
    proc, out = hostile_audit
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    typo = [f for f in findings if f["rule"] == "text.typo"]
    assert typo and any("<script>" in (f["title"] + f["message"] + f["evidence"]) for f in typo)
    assert any(f["rule"] == "link.broken" for f in findings)


def test_report_html_escapes_crawled_script(hostile_audit):
    proc, out = hostile_audit
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "<script>document.title='PWNED'</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.chromium
@needs_chromium
def test_chromium_shows_crawled_script_as_text(hostile_audit, tmp_path):
    proc, out = hostile_audit
    shown = _chromium(["--dump-dom", (out / "report.html").as_uri()], tmp_path)
    assert shown.returncode == 0 and "</html>" in shown.stdout, shown.stderr[-2000:]
    dom = shown.stdout
    assert "PWNED" not in re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    # the only script is the report's own filter script (allowed by its hash), never a crawled one
    assert dom.lower().count("<script") == 1 and "<img" not in dom.lower()
    assert "PWNED" not in dom.split("<script>")[1].split("</script>")[0]
    assert "按装" in dom  # the finding itself is there to read
    png = tmp_path / "hostile.png"
    _chromium([f"--screenshot={png}", "--window-size=1280,1600", (out / "report.html").as_uri()], tmp_path)
    assert png.exists() and png.stat().st_size > 1000
