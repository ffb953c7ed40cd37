"""report.annual_late: last year's report by 31 March (government) or 31 January (department)."""

import json

from rules.report_annual_late import ReportAnnualLate

B = "http://127.0.0.1:8000"


def crawl(col, day, *, year=2025, as_of=None):
    data = {
        "columns": [col("/nb/", "政府信息公开年报")],
        "column_items": [
            {
                "column_url": f"{B}/nb/",
                "url": f"{B}/nb/{year}.html",
                "date": day,
                "source_url": f"{B}/nb/",
                "title": f"示范县人民政府{year}年政府信息公开工作年度报告",
            }
        ]
        if day
        else [],
    }
    if as_of:
        data["as_of"] = as_of
    return data


def test_late_report_points_at_the_report(run_rule, col):
    findings = run_rule(ReportAnnualLate, crawl(col, "2026-04-08"))
    assert [(f.url, f.data["state"]) for f in findings] == [(f"{B}/nb/2025.html", "late")]
    assert "2026-03-31" in findings[0].message


def test_on_time_report_passes(run_rule, col):
    assert run_rule(ReportAnnualLate, crawl(col, "2026-03-31")) == []


def test_department_deadline_is_31_january(run_rule, col):
    assert len(run_rule(ReportAnnualLate, crawl(col, "2026-02-10"), {"unit_kind": "department"})) == 1
    assert run_rule(ReportAnnualLate, crawl(col, "2026-02-10")) == []


def test_missing_report_after_the_deadline(run_rule, col):
    findings = run_rule(ReportAnnualLate, crawl(col, "2025-01-20", year=2024))
    assert [(f.url, f.data["state"], f.data["year"]) for f in findings] == [(f"{B}/nb/", "missing", 2025)]


def test_missing_report_before_the_deadline_is_not_due(run_rule, col, tmp_path):
    from rules.testing import run_fixture

    data = {"site": {"name": "示范县人民政府", "start_url": f"{B}/"}, **crawl(col, None, as_of="2026-02-15")}
    path = tmp_path / "early.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run_fixture(ReportAnnualLate, path, tmp_path) == []
    data["as_of"] = "2026-04-01"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert len(run_fixture(ReportAnnualLate, path, tmp_path)) == 1


def test_title_variants_of_the_report():
    from rules.report_annual_late import is_report_of

    assert is_report_of("示范县人民政府2025年政府信息公开工作年度报告", 2025)
    assert is_report_of("2025年度政府信息公开工作报告", 2025)
    assert is_report_of("示范县2025年政府信息公开年报", 2025)
    assert not is_report_of("示范县人民政府2024年政府信息公开工作年度报告", 2025)
    assert not is_report_of("2025年度政府工作报告", 2025)  # not the 信息公开 report
