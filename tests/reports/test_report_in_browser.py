"""report.html as a person uses it in Chromium: the filters, and the print to A4 PDF."""

from __future__ import annotations

import io
import re

import pytest

from reports import write_reports

pytestmark = pytest.mark.chromium

RULES = [("column.stale", "扣分"), ("link.broken", "扣分"), ("text.typo", "扣分"), ("column.blank", "扣分"),
         ("site.homepage_stale", "否决"), ("link.unreachable", "提示")]


@pytest.fixture
def county(store, h, tmp_path):
    """One county with 36 findings of six rules, some with long evidence, in two runs."""
    sid = store.upsert_site(name="示范县人民政府", start_url="http://a.example.gov.cn/", host="a.example.gov.cn",
                            site_code="3599000001", unit="示范县人民政府办公室")
    first = [h.make_finding("column.stale", "http://a.example.gov.cn/c0/", key="old")]
    h.add_run(store, sid, first, as_of="2026-11-13")
    findings = []
    for i in range(36):
        rule, severity = RULES[i % len(RULES)]
        evidence = f"证据第{i}条：" + "栏目最新信息发布于二〇二五年，" * (3 + (i % 5) * 6)
        findings.append(h.make_finding(rule, f"http://a.example.gov.cn/c{i}/", severity=severity,
                                       title=f"问题标题{i}", evidence=evidence, key=f"k{i}"))
    findings.append(h.make_finding("column.stale", "http://a.example.gov.cn/c0/", key="old"))
    h.add_run(store, sid, findings)
    run_id = max(r["id"] for r in store.query("SELECT id FROM runs"))
    paths = write_reports(store, [run_id], tmp_path / "out", as_of="2026-11-20")
    return paths


def _shown(page) -> int:
    return page.locator("li.finding:visible").count()


def test_filters_narrow_the_findings_shown(county, page):
    page.goto(county["示范县人民政府/report.html"].as_uri())
    assert page.locator("#filters").is_visible()  # the script ran under the report's own CSP
    total = page.locator("li.finding").count()
    assert total == 37 and _shown(page) == 37
    page.select_option("select[name=rule]", "link.broken")
    assert _shown(page) == 6
    assert page.locator("#filter-count").inner_text() == "显示 6 / 37 项"
    assert not page.locator("div.rule-group[data-rule='column.stale']").is_visible()
    page.select_option("select[name=severity]", "否决")
    assert _shown(page) == 0  # no broken link is a veto
    page.select_option("select[name=rule]", "")
    assert _shown(page) == 6  # the six homepage_stale findings
    page.select_option("select[name=severity]", "")
    page.select_option("select[name=status]", "仍未整改")
    assert _shown(page) == 1 and page.locator("li.finding:visible .title").inner_text() == "column.stale"
    page.click("button[type=reset]")
    page.wait_for_function("document.querySelectorAll('li.finding:not([hidden])').length === 37")
    assert not page.console_errors  # no CSP violation, no script error


def test_filter_by_column_uses_the_column_the_finding_is_in(store, h, tmp_path, page):
    sid = store.upsert_site(name="县", start_url="http://x.gov.cn/", host="x.gov.cn")
    run = store.start_run(sid, as_of="2026-11-20")
    store.insert_rows("columns", [{"run_id": run, "site_id": sid, "url": "http://x.gov.cn/tzgg/", "name": "通知公告"}])
    store.insert_rows("pages", [{"run_id": run, "site_id": sid, "url": "http://x.gov.cn/tzgg/1.html",
                                 "column_url": "http://x.gov.cn/tzgg/"}])
    from findings.records import save_findings

    save_findings(store, run, sid, [h.make_finding("text.typo", "http://x.gov.cn/tzgg/1.html", site="县"),
                                    h.make_finding("text.typo", "http://x.gov.cn/other.html", site="县")])
    store.finish_run(run)
    paths = write_reports(store, [run], tmp_path / "o", as_of="2026-11-20")
    page.goto(paths["report.html"].as_uri())
    page.select_option("select[name=column]", "通知公告")
    assert _shown(page) == 1
    assert "tzgg/1.html" in page.locator("li.finding:visible dd.url").inner_text()


def test_print_is_a4_and_no_finding_card_is_split(county, page):
    pypdf = pytest.importorskip("pypdf")
    page.goto(county["示范县人民政府/report.html"].as_uri())
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 4
    for p in reader.pages:
        w, h = float(p.mediabox.width), float(p.mediabox.height)
        assert abs(w - 595.3) < 2 and abs(h - 841.9) < 2, (w, h)  # A4 portrait, in points
    texts = [p.extract_text() or "" for p in reader.pages]
    assert "目录" in texts[0] and "示范县人民政府" in texts[0]
    fingerprints = {f["seq"]: f["fingerprint"] for f in _findings(county)}
    for seq, fp in fingerprints.items():
        head = [i for i, t in enumerate(texts) if re.search(rf"序号\s*{seq}(?!\d)", t)]
        tail = [i for i, t in enumerate(texts) if fp in t.replace(" ", "")]
        assert len(head) == 1 and head == tail, (seq, head, tail)  # the card starts and ends on one page
    # the running header names the site and the date on every page
    assert all("示范县人民政府" in t and "2026-11-20" in t for t in texts)


def _findings(paths):
    import json

    items = json.loads(paths["findings.json"].read_text(encoding="utf-8"))
    return [{"seq": i + 1, **f} for i, f in enumerate(items)]
