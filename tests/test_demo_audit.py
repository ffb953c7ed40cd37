"""End to end: `duwang audit` on the demo portal finds the planted defects and spares the controls.

This is the whole data flow (crawl → SQLite → rules → findings → reports) through the real
command line, against the real demo server on 127.0.0.1.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo import DEMO_AS_OF, DemoServer, build_portal

ROOT = Path(__file__).resolve().parents[1]


def _matches(finding: dict, entry: dict, server: DemoServer) -> bool:
    if finding["rule"] != entry["rule"]:
        return False
    urls = {server.absolute(entry["url"])}
    also = entry.get("also_on") or []
    for extra in [also] if isinstance(also, str) else also:
        urls.add(server.absolute(extra))
    if entry.get("target"):
        target = server.absolute(entry["target"])
        return finding["target"] == target or (finding["url"] in urls and not finding["target"])
    sources = {s.get("url") for s in finding.get("data", {}).get("sources", [])
               if isinstance(s, dict)}
    return finding["url"] in urls or bool(urls & sources)


@pytest.fixture(scope="module")
def demo_audit(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    portal = build_portal(pages=400)
    with DemoServer(portal) as server:
        proc = subprocess.run(
            [sys.executable, "-m", "audits.cli", "audit", server.url, "--out", str(out),
             "--as-of", DEMO_AS_OF.isoformat(), "--quiet"],
            cwd=ROOT, capture_output=True, text=True, timeout=600)
        findings = json.loads((out / "findings.json").read_text(encoding="utf-8")) \
            if (out / "findings.json").exists() else None
        yield portal, server, proc, findings, out


def test_demo_audit_exit_code_and_outputs(demo_audit):
    portal, server, proc, findings, out = demo_audit
    assert proc.returncode == 1, proc.stderr[-3000:]  # the demo portal has veto-level defects
    for name in ("audit.db", "findings.json", "report.html", "report.xlsx"):
        assert (out / name).exists(), name
    assert findings


@pytest.mark.parametrize("rule", sorted({e["rule"] for e in build_portal().expected()}))
def test_demo_defects_are_found(demo_audit, rule):
    portal, server, proc, findings, out = demo_audit
    assert findings is not None, proc.stderr[-3000:]
    expected = [e for e in portal.expected() if e["rule"] == rule]
    missed = [e for e in expected if not any(_matches(f, e, server) for f in findings)]
    assert not missed, f"{rule}: missed {len(missed)}/{len(expected)}: {missed}"


@pytest.mark.parametrize("rule", sorted({c["rule"] for c in build_portal().controls()}))
def test_demo_controls_are_spared(demo_audit, rule):
    portal, server, proc, findings, out = demo_audit
    assert findings is not None, proc.stderr[-3000:]
    wrong = [(c, f["message"]) for c in portal.controls() if c["rule"] == rule
             for f in findings if _matches(f, c, server)]
    assert not wrong, f"{rule}: controls reported: {wrong}"


def test_demo_typos_are_exactly_the_planted_ones(demo_audit):
    """Precision first: on the demo every 错别字 finding is a planted one (no proper nouns)."""
    portal, server, proc, findings, out = demo_audit
    planted = [e for e in portal.expected() if e["rule"] == "text.typo"]
    extra = [(f["url"], f["data"]["evidence"]) for f in findings if f["rule"] == "text.typo"
             and not any(_matches(f, e, server) for e in planted)]
    assert not extra


DUTY_RULES = {"interpretation.missing", "interpretation.late", "interpretation.column_missing", "doc.late",
              "doc.disclosure_missing", "catalog.missing", "catalog.domains", "catalog.elements",
              "catalog.item_no_column", "unit.page_missing", "site.entrances", "platform.columns",
              "report.annual_late"}


def test_demo_duty_findings_are_exactly_the_planted_ones(demo_audit):
    """Precision of the disclosure-duty rules (issue 14): nothing beyond the plan's defects."""
    portal, server, proc, findings, out = demo_audit
    planted = [e for e in portal.expected() if e["rule"] in DUTY_RULES]
    extra = [(f["rule"], f["url"], f["message"]) for f in findings if f["rule"] in DUTY_RULES
             and not any(_matches(f, e, server) for e in planted)]
    assert not extra
    per_unit = [e for e in planted if e.get("unit")]
    assert all(any(f["data"].get("unit") == e["unit"] for f in findings if f["rule"] == e["rule"]) for e in per_unit)


def test_reports_never_republish_a_planted_personal_number(demo_audit):
    """privacy.exposed shows numbers masked: no planted number appears in any report file."""
    import zipfile

    from crawler.demo.plan import PRIVATE_NUMBERS

    portal, server, proc, findings, out = demo_audit
    assert any(f["rule"] == "privacy.exposed" for f in findings)
    with zipfile.ZipFile(out / "report.xlsx") as xlsx:
        sheets = "".join(xlsx.read(n).decode("utf-8") for n in xlsx.namelist() if n.endswith(".xml"))
    texts = {"findings.json": (out / "findings.json").read_text(encoding="utf-8"),
             "report.html": (out / "report.html").read_text(encoding="utf-8"), "report.xlsx": sheets}
    assert "350102********1234" in texts["findings.json"] and "350102********1234" in texts["report.html"]
    for name, text in texts.items():
        for number in PRIVATE_NUMBERS:
            assert number not in text, (name, number[:3])


def test_report_shows_the_disclosure_summary_and_groups_findings_by_duty(demo_audit):
    """解读 coverage (a ratio, per column and year) and timeliness in the report; findings under their duty."""
    import re

    portal, server, proc, findings, out = demo_audit
    html = (out / "report.html").read_text(encoding="utf-8")
    planted = [e for e in portal.expected() if e["rule"] == "interpretation.missing"]
    m = re.search(r"规章和行政规范性文件 (\d+) 件，已有解读 (\d+) 件（解读覆盖率 (\d+)%", html)
    assert m, "no 解读 coverage in the report"
    in_scope, done, pct = map(int, m.groups())
    assert in_scope - done == len(planted) and pct == round(100 * done / in_scope)
    assert "成文后 20 个工作日内公开" in html
    duties = re.findall(r'<h4 class="duty">(.*?)</h4>', html)
    assert duties[:2] == ["网站运行与标识", "栏目更新与空白栏目"] and "政策解读" in duties
    interp = html.index('<h4 class="duty">政策解读</h4>')
    assert html.index('data-rule="interpretation.missing" id=') > interp
