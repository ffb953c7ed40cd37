from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import load_workbook

from reports import write_reports
from reports.html import is_http
from reports.xlsx import HEADER, sheet_title

FIELDS = {"rule", "site", "site_code", "url", "target", "title", "message", "evidence", "basis",
          "severity", "fingerprint", "run_id", "as_of", "status", "data"}


@pytest.fixture
def written(two_sites, tmp_path):
    out = tmp_path / "out"
    paths = write_reports(two_sites["store"], [two_sites["run_a2"], two_sites["run_b"]], out,
                          as_of=date(2026, 11, 20))
    return two_sites, out, paths


def test_write_reports_writes_the_combined_and_the_per_county_files(written):
    _, out, paths = written
    assert set(paths) == {"findings.json", "findings.csv", "report.html", "report.xlsx", "index.html",
                          "示范县人民政府/report.html", "示范县人民政府/整改清单.xlsx",
                          "邻县人民政府/report.html", "邻县人民政府/整改清单.xlsx"}
    for name, path in paths.items():
        assert path == out / name and path.stat().st_size > 0
    leftovers = [p for p in out.rglob(".*")]
    assert not leftovers  # no temp files left


def test_findings_json_fields_status_and_order(written):
    ts, out, _ = written
    items = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert len(items) == 5
    assert all(set(i) == FIELDS for i in items)
    by_rule = {(i["site"], i["rule"]): i for i in items}
    assert by_rule[("示范县人民政府", "column.blank")]["status"] == "仍未整改"
    assert by_rule[("示范县人民政府", "site.homepage_stale")]["status"] == "新增"
    assert by_rule[("邻县人民政府", "link.broken")]["data"] == {"on_home": True}
    assert by_rule[("示范县人民政府", "column.blank")]["site_code"] == "3599000001"
    assert by_rule[("示范县人民政府", "column.blank")]["run_id"] == ts["run_a2"]
    assert by_rule[("示范县人民政府", "column.blank")]["as_of"] == "2026-11-20"
    order = [(i["site"], i["severity"], i["rule"]) for i in items]
    sev = {"否决": 0, "扣分": 1, "提示": 2}
    assert order == sorted(order, key=lambda t: (t[0], sev[t[1]], t[2]))
    assert order[0] == ("示范县人民政府", "否决", "site.homepage_stale")
    raw = (out / "findings.json").read_text(encoding="utf-8")
    assert "示范县" in raw  # ensure_ascii=False


def test_html_comparison_sites_and_history(written):
    ts, out, _ = written
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<table class="comparison">' in html
    assert "<svg" in html and "各县问题数量" in html
    assert f'id="site-{ts["a"]}"' in html and f'id="site-{ts["b"]}"' in html
    assert "2026-11-20" in html
    assert "不合格" in html and "单项否决" in html and "首页不更新" in html
    assert "新增 <span class=\"n-new\">2</span> 项" in html
    assert "已整改 <span class=\"n-fixed\">1</span> 项" in html
    assert 'class="fixed-item" data-rule="link.broken"' in html
    assert html.count('<li class="finding') == 5
    assert 'href="http://a.example.gov.cn/doc1.html" rel="noopener noreferrer"' in html
    for bad in ("http://cdn", "https://cdn", "<link ", "src=\"http", "<script src"):
        assert bad not in html


def test_single_site_report_has_no_comparison(two_sites, tmp_path):
    paths = write_reports(two_sites["store"], [two_sites["run_b"]], tmp_path, as_of="2026-11-20")
    html = paths["report.html"].read_text(encoding="utf-8")
    assert 'class="comparison"' not in html
    assert "首次审计" in html
    assert "得分" in html and "99.0" in html  # one broken link on the home page: −1


def test_xlsx_sheets_headers_rows_hyperlinks_validation(written):
    ts, out, _ = written
    wb = load_workbook(out / "report.xlsx")
    assert wb.sheetnames == ["汇总", "示范县人民政府", "邻县人民政府"]
    summary = wb["汇总"]
    assert [c.value for c in summary[1]][:4] == ["网站", "网站标识码", "结论", "得分"]
    assert summary["A2"].value == "示范县人民政府" and summary["C2"].value == "不合格"
    assert summary["C3"].value == "合格" and summary["D3"].value == 99.0
    ws = wb["示范县人民政府"]
    assert tuple(c.value for c in ws[1]) == HEADER
    col = {name: i for i, name in enumerate(HEADER)}
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    assert [r[0] for r in rows] == [1, 2, 3]
    assert rows[0][col["问题类型"]].startswith("首页不更新") and rows[0][col["严重程度"]] == "否决"
    assert rows[0][col["状态"]] == "待整改"
    page = ws.cell(row=2, column=col["页面"] + 1)
    assert page.hyperlink is not None and page.hyperlink.target == "http://a.example.gov.cn/"
    assert all(r[col["整改建议"]] for r in rows)  # 整改建议 filled (rule Fix section or generic)
    assert all(r[col["指纹"]] for r in rows)
    assert rows[0][col["整改时限"]] == "2026-11-27"  # 否决: 5 working days after Friday 2026-11-20
    dvs = ws.data_validations.dataValidation
    status = "K"
    assert HEADER[10] == "状态"
    assert any('"待整改,已整改,无需整改"' == dv.formula1 and f"{status}2:{status}204" in str(dv.sqref) for dv in dvs)
    assert ws.column_dimensions["E"].width >= 40
    assert ws["E2"].alignment.wrap_text


def test_xlsx_formula_injection_and_control_chars(store, h, tmp_path):
    sid = store.upsert_site(name="县[1]:*?/\\" + "很长的名字" * 10, start_url="http://x.gov.cn/", host="x.gov.cn")
    f = h.make_finding("text.typo", "=HYPERLINK(\"http://evil\",\"x\")", evidence="=1+2\x00\x07",
                       title="@SUM(A1)")
    f.message = "+cmd|' /C calc'!A0"
    run = h.add_run(store, sid, [f])
    paths = write_reports(store, [run], tmp_path, as_of="2026-11-20")
    wb = load_workbook(paths["report.xlsx"])
    assert len(wb.sheetnames) == 2
    title = wb.sheetnames[1]
    assert len(title) <= 31 and not set("[]:*?/\\") & set(title)
    ws = wb[title]
    assert ws["D2"].data_type == "s" and ws["D2"].value.startswith("=HYPERLINK")
    assert ws["D2"].hyperlink is None  # not http(s)
    assert ws["E2"].data_type == "s" and ws["E2"].value.startswith("+cmd")
    assert ws["F2"].data_type == "s" and ws["F2"].value.startswith("=1+2")
    assert "\x00" not in ws["F2"].value
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f"
    html = paths["report.html"].read_text(encoding="utf-8")
    assert 'href="=HYPERLINK' not in html


def test_sheet_titles_unique_and_valid():
    taken = {"汇总"}
    names = [sheet_title("某县/人民政府", taken), sheet_title("某县人民政府", taken),
             sheet_title("汇总", taken), sheet_title("x" * 40, taken), sheet_title("x" * 40, taken)]
    assert names[0] == "某县人民政府" and names[1] == "某县人民政府(2)"
    assert names[2] == "汇总(2)"
    assert len(set(n.lower() for n in names)) == 5 and all(len(n) <= 31 for n in names)


@pytest.mark.parametrize("url,ok", [("http://a.gov.cn/x", True), ("https://a.gov.cn", True),
                                    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False),
                                    ("data:text/html,x", False), ("//evil.com/x", False), ("", False),
                                    (None, False), (" http://a.gov.cn", False)])
def test_is_http(url, ok):
    assert is_http(url) is ok


def test_xlsx_rows_are_tall_enough_for_their_wrapped_text_and_print_on_a4_landscape(store, h, tmp_path):
    sid = store.upsert_site(name="县", start_url="http://x.gov.cn/", host="x.gov.cn")
    short = h.make_finding("column.blank", "http://x.gov.cn/a/", evidence="短", key="a")
    long = h.make_finding("column.blank", "http://x.gov.cn/b/", evidence="很长的证据文本" * 60, key="b")
    run = h.add_run(store, sid, [short, long])
    paths = write_reports(store, [run], tmp_path, as_of="2026-11-20")
    ws = load_workbook(paths["县/整改清单.xlsx"])["县"]
    heights = {ws.cell(row=r, column=HEADER.index("证据") + 1).value[:2]: ws.row_dimensions[r].height
               for r in (2, 3)}
    assert heights["很长"] > 4 * heights["短"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    # fitToWidth absent = 1 (the ECMA-376 default, XlsxWriter omits it); 0 pages down = as many as it takes
    assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"


def test_summary_rows_link_to_the_county_sheets(written):
    _, out, _ = written
    wb = load_workbook(out / "report.xlsx")
    summary = wb["汇总"]
    assert summary["A2"].hyperlink.location == "'示范县人民政府'!A1"
    assert summary["A3"].hyperlink.location == "'邻县人民政府'!A1"


def test_deadlines_count_official_working_days_and_estimate_beyond_the_calendar():
    from datetime import date

    from reports.deadlines import add_working_days, deadline_for

    # 2026-09-30 (Wed) + 1 working day: the National Day holiday runs to 10-07 (calendar data)
    assert add_working_days(date(2026, 9, 30), 1).day > date(2026, 10, 7)
    assert not add_working_days(date(2026, 9, 30), 1).estimated
    # into a year the calendar does not cover: Monday to Friday, New Year's Day a rest day
    due = add_working_days(date(2026, 12, 30), 2)
    assert due.estimated and due.day == date(2027, 1, 4) and due.text() == "2027-01-04（估算）"
    assert deadline_for("否决", date(2026, 11, 20), {"否决": 1}).day == date(2026, 11, 23)
    assert deadline_for("未知", date(2026, 11, 20)) is None


def test_responsible_unit_by_url_prefix_and_deadlines_from_options(two_sites, tmp_path):
    from reports.model import ReportOptions

    options = ReportOptions(unit_prefixes={"示范县人民政府": {"http://a.example.gov.cn/col1/": "县教育局"}})
    options.deadlines["扣分"] = 1
    paths = write_reports(two_sites["store"], [two_sites["run_a2"]], tmp_path / "o", as_of="2026-11-20",
                          options=options)
    ws = load_workbook(paths["示范县人民政府/整改清单.xlsx"])["示范县人民政府"]
    col = {name: i for i, name in enumerate(HEADER)}
    rows = {r[col["页面"]]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["http://a.example.gov.cn/col1/"][col["责任单位"]] == "县教育局"
    assert rows["http://a.example.gov.cn/"][col["责任单位"]] == "示范县人民政府办公室"  # the site's unit
    assert rows["http://a.example.gov.cn/col1/"][col["整改时限"]] == "2026-11-23"  # 扣分: 1 working day


def test_config_report_deadlines_and_site_unit_prefixes_reach_the_options(tmp_path):
    from audits.audit import report_options
    from audits.config import load_config, load_sites

    (tmp_path / "duwang.toml").write_text("[report]\ndeadlines = { \"扣分\" = 7 }\n", encoding="utf-8")
    (tmp_path / "sites.toml").write_text(
        '[[sites]]\nname = "县"\nurl = "http://x.gov.cn/"\nunit_prefixes = { "http://x.gov.cn/jyj/" = "县教育局" }\n',
        encoding="utf-8")
    options = report_options(load_sites(tmp_path / "sites.toml"), load_config(tmp_path / "duwang.toml"))
    assert options.deadlines == {"否决": 5, "扣分": 7, "提示": 30}
    assert options.unit_prefixes == {"县": {"http://x.gov.cn/jyj/": "县教育局"}}
