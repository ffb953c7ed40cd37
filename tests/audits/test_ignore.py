"""ignore.toml and `duwang accept`: findings judged 无需整改 leave the verdict, 已整改 ones are re-checked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from audits.cli import main
from findings.ignore import (
    MARKS_FILE,
    Mark,
    MarksError,
    apply_marks,
    counted,
    load_marks,
    marks_from_workbook,
    write_marks,
)
from findings.verdict import verdict_for_run
from reports import write_reports

ROOT = Path(__file__).resolve().parents[2]


def _site(store):
    return store.upsert_site(name="示范县人民政府", start_url="http://a.example.gov.cn/", host="a.example.gov.cn")


def _runs(store, h):
    """Run 1: a veto, a deduction, a typo. Run 2: the same, except the typo was fixed."""
    sid = _site(store)
    veto = h.make_finding("site.homepage_stale", "http://a.example.gov.cn/", severity="否决")
    blank = h.make_finding("column.blank", "http://a.example.gov.cn/col1/")
    typo = h.make_finding("text.typo", "http://a.example.gov.cn/t1.html")
    first = h.add_run(store, sid, [veto, blank, typo])
    second = h.add_run(store, sid, [veto, blank])
    return sid, first, second, veto, blank, typo


def test_marks_file_errors_say_what_to_fix(tmp_path):
    assert load_marks(tmp_path) == {}
    bad = {"不是 toml [[": "TOML", '[[finding]]\nstatus = "无需整改"\nreason = "x"\n': "fingerprint",
           '[[finding]]\nfingerprint = "ab"\nstatus = "忽略"\n': "status",
           '[[finding]]\nfingerprint = "ab"\nstatus = "无需整改"\n': "reason"}
    for text, word in bad.items():
        (tmp_path / MARKS_FILE).write_text(text, encoding="utf-8")
        with pytest.raises(MarksError, match=word):
            load_marks(tmp_path)


def test_write_and_load_round_trip_with_odd_reasons(tmp_path):
    marks = {"a1": Mark("a1", "无需整改", '历史专题 "停更"\n第二行 \\ 反斜杠'), "b2": Mark("b2", "已整改", "")}
    write_marks(tmp_path, marks)
    assert load_marks(tmp_path) == marks


def test_not_needed_leaves_the_verdict_and_fixed_is_rechecked(store, h):
    sid, first, second, veto, blank, typo = _runs(store, h)
    assert verdict_for_run(store, second).result == "不合格"
    marks = {veto.fingerprint: Mark(veto.fingerprint, "无需整改", "首页为导航页，已报备"),
             blank.fingerprint: Mark(blank.fingerprint, "已整改", "已补充内容"),
             typo.fingerprint: Mark(typo.fingerprint, "已整改", "已改正")}
    summary = apply_marks(store, second, marks)
    assert summary.ignored == [veto.fingerprint]
    assert summary.recheck_failed == [blank.fingerprint]
    assert summary.recheck_passed == [typo.fingerprint]
    v = verdict_for_run(store, second)
    assert v.result == "合格" and v.vetoes == [] and "site.homepage_stale" not in v.counts
    rows = {r["fingerprint"]: json.loads(r["data"]) for r in store.query(
        "SELECT fingerprint, data FROM findings WHERE run_id = ?", [second])}
    assert rows[veto.fingerprint]["mark"] == {"status": "无需整改", "reason": "首页为导航页，已报备"}
    assert rows[blank.fingerprint]["mark"]["status"] == "复核未通过"
    assert counted({"data": rows[blank.fingerprint]}) and not counted({"data": rows[veto.fingerprint]})


def test_reports_list_ignored_and_failed_rechecks_apart(store, h, tmp_path):
    sid, first, second, veto, blank, typo = _runs(store, h)
    apply_marks(store, second, {veto.fingerprint: Mark(veto.fingerprint, "无需整改", "首页为导航页，已报备"),
                                blank.fingerprint: Mark(blank.fingerprint, "已整改", "已补充内容")})
    out = tmp_path / "out"
    write_reports(store, [second], out, as_of="2026-11-20")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "已确认无需整改（1）" in html and "首页为导航页，已报备" in html
    assert "复核未通过（1）" in html
    findings = {f["fingerprint"]: f for f in json.loads((out / "findings.json").read_text(encoding="utf-8"))}
    assert findings[veto.fingerprint]["status"] == "无需整改"
    assert findings[blank.fingerprint]["status"] == "复核未通过"
    ws = load_workbook(out / "report.xlsx")["示范县人民政府"]
    header = [c.value for c in ws[1]]
    ids = [row[header.index("指纹")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert ids == [blank.fingerprint]  # the ignored veto is not on the clerk's list


def test_accept_reads_the_status_column_back(store, h, tmp_path):
    sid = _site(store)
    findings = [h.make_finding("column.blank", f"http://a.example.gov.cn/col{i}/") for i in range(3)]
    run = h.add_run(store, sid, findings)
    out = tmp_path / "audit"
    write_reports(store, [run], out, as_of="2026-11-20")
    wb = load_workbook(out / "report.xlsx")
    ws = wb["示范县人民政府"]
    header = [c.value for c in ws[1]]
    status, note = header.index("状态") + 1, header.index("整改情况") + 1
    ws.cell(row=2, column=status, value="无需整改")
    ws.cell(row=2, column=note, value="历史专题栏目")
    ws.cell(row=3, column=status, value="已整改")
    wb.save(out / "report.xlsx")
    write_marks(out, {findings[2].fingerprint: Mark(findings[2].fingerprint, "无需整改", "旧标记")})

    result = CliRunner().invoke(main, ["accept", str(out / "report.xlsx")])
    assert result.exit_code == 0, result.output
    assert "无需整改 1 条" in result.output and "已整改 1 条" in result.output
    marks = load_marks(out)
    by_row = {ws.cell(row=r, column=header.index("指纹") + 1).value: r for r in range(2, 5)}
    fps = sorted(by_row, key=by_row.get)
    assert marks[fps[0]] == Mark(fps[0], "无需整改", "历史专题栏目")
    assert marks[fps[1]].status == "已整改"
    assert fps[2] not in marks  # back at 待整改 on the list: its old mark is dropped


def test_accept_bad_workbook_exits_2(tmp_path):
    bad = tmp_path / "report.xlsx"
    bad.write_bytes(b"not a workbook")
    result = CliRunner().invoke(main, ["accept", str(bad)])
    assert result.exit_code == 2 and "report.xlsx" in result.output
    with pytest.raises(MarksError):
        marks_from_workbook(bad)
    assert CliRunner().invoke(main, ["accept", str(tmp_path / "missing.xlsx")]).exit_code == 2


@pytest.mark.slow
def test_audit_twice_with_marks(tmp_path):
    """The whole flow: audit, mark every veto 无需整改 and a privacy finding 已整改, audit again."""
    from crawler.demo import DEMO_AS_OF, DemoServer, build_portal

    out = tmp_path / "audit"

    def audit(url):
        return subprocess.run([sys.executable, "-m", "audits.cli", "audit", url, "--out", str(out),
                               "--as-of", DEMO_AS_OF.isoformat()],
                              cwd=ROOT, capture_output=True, text=True, timeout=600)

    with DemoServer(build_portal(pages=400)) as server:
        first = audit(server.url)
        assert first.returncode == 1, first.stderr[-2000:]
        found = json.loads((out / "findings.json").read_text(encoding="utf-8"))
        vetoes = [f for f in found if f["severity"] == "否决"]
        privacy = [f for f in found if f["rule"] == "privacy.exposed"][0]
        marks = {f["fingerprint"]: Mark(f["fingerprint"], "无需整改", "检查组认定") for f in vetoes}
        marks[privacy["fingerprint"]] = Mark(privacy["fingerprint"], "已整改", "已打码")
        write_marks(out, marks)
        (out / MARKS_FILE).write_text((out / MARKS_FILE).read_text(encoding="utf-8") + "[[", encoding="utf-8")
        broken = audit(server.url)
        assert broken.returncode == 2 and MARKS_FILE in broken.stderr
        write_marks(out, marks)
        second = audit(server.url)
    assert second.returncode == 0, second.stderr[-2000:]  # every veto judged 无需整改
    again = {f["fingerprint"]: f for f in json.loads((out / "findings.json").read_text(encoding="utf-8"))}
    assert all(again[f["fingerprint"]]["status"] == "无需整改" for f in vetoes)
    assert again[privacy["fingerprint"]]["status"] == "复核未通过"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"已确认无需整改（{len(vetoes)}）" in html and "复核未通过（1）" in html
    assert f"无需整改 {len(vetoes)} 项不计入结论" in second.stdout and "复核未通过 1 项" in second.stdout
