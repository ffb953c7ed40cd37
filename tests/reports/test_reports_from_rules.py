"""Real rules over their bad fixtures → audits.engine.run_rules → reports (no crawl needed)."""

from __future__ import annotations

import json
import re
from datetime import date

from openpyxl import load_workbook

from audits.engine import run_rules
from findings.verdict import verdict_for_run
from reports import write_reports
from reports.plain import INTERNAL_MARKERS
from rules.registry import all_rules
from rules.testing import load_crawl


def test_reports_from_every_rules_bad_fixture(store, tmp_path):
    paths, items, run_ids = _reports_from_bad_fixtures(store, tmp_path)
    html = paths["report.html"].read_text(encoding="utf-8")
    assert html.count('<section class="site"') == len(run_ids)
    assert html.count('<li class="finding ') == len(items)
    wb = load_workbook(paths["report.xlsx"])
    assert len(wb.sheetnames) == len(run_ids) + 1 and wb.sheetnames[0] == "汇总"
    total_rows = sum(wb[t].max_row - 1 for t in wb.sheetnames[1:])
    assert total_rows == len(items)


def test_no_report_shows_maintainers_notes_to_the_clerk(store, tmp_path):
    """Basis and advice in every report are plain: no criteria.md, [P], 分值未找到, config keys."""
    paths, _, _ = _reports_from_bad_fixtures(store, tmp_path)
    for name, path in paths.items():
        if name.endswith(".html"):
            text = re.sub(r"<script>.*?</script>", "", path.read_text(encoding="utf-8"), flags=re.S)
            hits = INTERNAL_MARKERS.findall(text)
            assert not hits, (name, hits[:5])
        elif name.endswith(".xlsx"):
            wb = load_workbook(path)
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    for value in row:
                        if isinstance(value, str):
                            assert not INTERNAL_MARKERS.search(value), (name, ws.title, value[:200])


def _reports_from_bad_fixtures(store, tmp_path):
    rules = [r for r in all_rules() if r.fixture_paths()["bad"].exists()]
    assert rules
    run_ids, expected = [], {}
    for i, rule in enumerate(rules):
        data = json.loads(rule.fixture_paths()["bad"].read_text(encoding="utf-8"))
        site = dict(data.get("site") or {})
        site["name"] = f"{i:02d}县-{rule.id}"
        if rule.id != "site.homepage_stale":  # a distinct site row per fixture
            old_start = site.get("start_url", "http://127.0.0.1:8000/")
            site["start_url"] = old_start + f"?site={i}"
            if rule.id == "site.unreachable":  # its home page is the (renamed) start URL
                for row in data.get("pages", []):
                    if row["url"] == old_start:
                        row["url"] = site["start_url"]
        data["site"] = site
        ctx = load_crawl(store, data)
        config = {"disable": [r.id for r in all_rules() if r.id != rule.id]}
        if data.get("settings"):
            config[rule.id] = data["settings"]
        outcome = run_rules(store, ctx.run_id, as_of=date.fromisoformat(data.get("as_of", "2026-11-20")),
                            rule_config=config)
        assert not outcome.failed, outcome.failed
        assert outcome.findings, rule.id
        run_ids.append(ctx.run_id)
        expected[site["name"]] = (rule.id, len(outcome.findings))
        v = verdict_for_run(store, ctx.run_id)
        assert (v.result == "不合格") == any(f.severity == "否决" for f in outcome.findings) or \
            (v.score is not None and v.score < 60)

    paths = write_reports(store, run_ids, tmp_path / "out", as_of="2026-11-20")
    items = json.loads(paths["findings.json"].read_text(encoding="utf-8"))
    for name, (rule_id, n) in expected.items():
        mine = [i for i in items if i["site"] == name]
        assert len(mine) == n and {i["rule"] for i in mine} == {rule_id}
        assert all(i["status"] == "新增" and i["basis"] and i["fingerprint"] for i in mine)
    return paths, items, run_ids
