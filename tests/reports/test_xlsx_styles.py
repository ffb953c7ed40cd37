"""What a clerk sees in the 整改清单 (cells, styles, links, the 状态 column `duwang accept` reads),
and that a one-county audit writes its workbook once."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from findings.ignore import marks_from_workbook
from reports import write_reports
from reports.xlsx import HEADER, WIDTHS

COL = {name: i + 1 for i, name in enumerate(HEADER)}
LINK_RGB = "0563C1"


def rgb(color) -> str:
    return (color.rgb or "")[-6:] if color is not None and isinstance(color.rgb, str) else ""


def test_county_sheet_cells_styles_links_and_status_column(two_sites, tmp_path):
    paths = write_reports(two_sites["store"], [two_sites["run_a2"], two_sites["run_b"]], tmp_path,
                          as_of=date(2026, 11, 20))
    ws = load_workbook(paths["report.xlsx"])["示范县人民政府"]
    for c in range(1, len(HEADER) + 1):  # the header: bold on a grey-blue fill, wrapped
        head = ws.cell(row=1, column=c)
        assert head.value == HEADER[c - 1]
        assert head.font.b and head.fill.fill_type == "solid" and rgb(head.fill.fgColor) == "DDE3EA"
        assert head.alignment.wrap_text and head.alignment.vertical == "top"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:M{ws.max_row}"
    for i, width in enumerate(WIDTHS):  # the widths the file held before (Excel's stored unit)
        letter = chr(ord("A") + i)
        assert ws.column_dimensions[letter].width == width
    rows = range(2, ws.max_row + 1)
    assert len(rows) == 3
    for r in rows:
        for c in range(1, len(HEADER) + 1):  # every body cell wraps and aligns to the top
            cell = ws.cell(row=r, column=c)
            assert cell.alignment.wrap_text and cell.alignment.vertical == "top", cell.coordinate
            assert not cell.font.b
        page = ws.cell(row=r, column=COL["页面"])
        assert page.hyperlink is not None and page.hyperlink.target == page.value
        assert rgb(page.font.color) == LINK_RGB and page.font.u == "single"
        description = ws.cell(row=r, column=COL["问题描述"])
        assert description.hyperlink is None and rgb(description.font.color) != LINK_RGB
        assert ws.cell(row=r, column=COL["状态"]).value == "待整改"
        assert ws.row_dimensions[r].height >= 13.5
    assert ws.cell(row=2, column=COL["序号"]).value == 1 and ws.cell(row=2, column=COL["序号"]).data_type == "n"
    summary = load_workbook(paths["report.xlsx"])["汇总"]
    assert summary["A2"].hyperlink.location == "'示范县人民政府'!A1"
    assert rgb(summary["A2"].font.color) == LINK_RGB and summary["A1"].font.b


def test_status_column_is_read_back_by_accept(two_sites, tmp_path):
    paths = write_reports(two_sites["store"], [two_sites["run_a2"]], tmp_path, as_of=date(2026, 11, 20))
    wb = load_workbook(paths["report.xlsx"])
    ws = wb["示范县人民政府"]
    ws.cell(row=2, column=COL["状态"]).value = "无需整改"
    ws.cell(row=2, column=COL["整改情况"]).value = "历史栏目"
    fingerprint = ws.cell(row=2, column=COL["指纹"]).value
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    marks, still_open = marks_from_workbook(filled)
    assert marks[fingerprint].status == "无需整改" and marks[fingerprint].reason == "历史栏目"
    assert len(still_open) == ws.max_row - 2  # the other rows, left at 待整改
    _, untouched = marks_from_workbook(paths["report.xlsx"])
    assert fingerprint in untouched  # the written workbook itself reads as all 待整改


def test_one_county_writes_its_workbook_once_and_many_counties_each_their_own(two_sites, tmp_path, monkeypatch):
    import reports.xlsx

    built = []
    write = reports.xlsx.write_xlsx
    monkeypatch.setattr(reports.xlsx, "write_xlsx", lambda model, path: built.append(path) or write(model, path))
    one = write_reports(two_sites["store"], [two_sites["run_b"]], tmp_path / "one", as_of="2026-11-20")
    assert [p.name for p in built] == ["report.xlsx"]
    assert one["邻县人民政府/整改清单.xlsx"].read_bytes() == one["report.xlsx"].read_bytes()
    many = write_reports(two_sites["store"], [two_sites["run_a2"], two_sites["run_b"]], tmp_path / "many",
                         as_of="2026-11-20")
    own = load_workbook(many["邻县人民政府/整改清单.xlsx"])
    assert own.sheetnames == ["汇总", "邻县人民政府"]
    assert own["汇总"].max_row < load_workbook(many["report.xlsx"])["汇总"].max_row
    assert len(built) == 1 + 3  # the city's workbook and each county's own
