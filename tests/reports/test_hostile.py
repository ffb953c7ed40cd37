"""Crawled text is hostile: it must reach the report as text, never as markup or script."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reports import write_reports

CHROMIUM = "/usr/bin/chromium"
RAW = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "<img src=x",
       "<script>document.title='PWNED'</script>"]


@pytest.fixture
def hostile_report(store, h, tmp_path):
    sid = store.upsert_site(name=h.HOSTILE_SITE, start_url="http://evil.example.gov.cn/",
                            host="evil.example.gov.cn")
    other = store.upsert_site(name="平安县", start_url="http://ok.example.gov.cn/", host="ok.example.gov.cn")
    findings = [
        h.make_finding("column.blank", "http://evil.example.gov.cn/c/", title=h.HOSTILE_TITLE,
                       evidence=h.HOSTILE_TITLE + "\n</pre><script>alert(2)</script>"),
        h.make_finding("link.broken", "javascript:alert(1)", target="javascript:alert(3)",
                       title="链接" + h.HOSTILE_TITLE, key="js"),
        h.make_finding("site.homepage_stale", "http://evil.example.gov.cn/\"onmouseover=\"alert(1)",
                       severity="否决", title=h.HOSTILE_TITLE),
    ]
    findings[0].message = h.HOSTILE_TITLE
    findings[0].basis = h.HOSTILE_TITLE
    r1 = h.add_run(store, sid, findings)
    r2 = h.add_run(store, other, [])
    out = tmp_path / "report"
    paths = write_reports(store, [r1, r2], out, as_of="2026-11-20")
    return paths["report.html"]


def test_hostile_text_is_escaped(hostile_report):
    html = hostile_report.read_text(encoding="utf-8")
    for raw in RAW:
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    # the one script element is the report's own filter script (allowed by its hash in the CSP)
    from reports.html import filter_script

    own, _ = filter_script()
    assert html.lower().count("<script") == 1
    assert f"<script>{own}</script>" in html
    assert "<img" not in html.lower()
    assert 'href="javascript:' not in html.lower()
    # the URL with a quote is http(s) and may be a link, but the quote cannot break the attribute
    assert '"onmouseover="' not in html
    assert "&#34;onmouseover=&#34;alert(1)" in html


def _chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"),
                                    reason="Debian chromium not installed at /usr/bin/chromium "
                                           "(bash scripts/install-test-deps.sh installs it)")


@pytest.mark.chromium
@needs_chromium
def test_chromium_renders_hostile_text_as_text(hostile_report, tmp_path):
    proc = _chromium(["--dump-dom", hostile_report.as_uri()], tmp_path)
    dom = proc.stdout
    assert proc.returncode == 0 and "</html>" in dom, proc.stderr[-2000:]
    title = re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    assert "PWNED" not in title and title.startswith("读网检查报告")
    assert dom.lower().count("<script") == 1 and "<img" not in dom.lower()  # only the report's own
    assert "alert(" not in dom.split("<script>")[1].split("</script>")[0]
    assert "onerror=alert" in dom  # present, but only as escaped text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert dom.count('<li class="finding ') == 3
    assert 'class="comparison"' in dom


@pytest.mark.chromium
@needs_chromium
def test_chromium_screenshot(hostile_report, tmp_path):
    png = tmp_path / "report.png"
    proc = _chromium([f"--screenshot={png}", "--window-size=1280,2000", "--hide-scrollbars",
                      hostile_report.as_uri()], tmp_path)
    assert png.exists() and png.stat().st_size > 1000, proc.stderr[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
