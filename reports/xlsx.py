"""report.xlsx / SITE/整改清单.xlsx: a 汇总 sheet, then one 整改清单 sheet per site for the clerk.

Each 整改清单 sheet prints landscape on A4, fitted to the page width, with the header row
repeated on every page; its 状态 drop-down covers every finding row (and room for rows the
clerk adds); the 汇总 rows link to the county sheets.

Crawled text can start with = + - @ (formula injection in Excel / WPS): such cells are written
as strings with a quote prefix, never as formulas. Text openpyxl cannot store (control
characters, lone surrogates, non-characters) is made storable first; cells are cut to Excel's 32767-character limit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink

from crawler.textsafe import storable

from .deadlines import ESTIMATE_NOTE
from .html import is_http
from .model import ReportModel, SiteReport
from .plain import SCORE_NOTE

# 整改情况 (the clerk's note) and 指纹 are read back by `duwang accept` with 状态.
HEADER = ("序号", "问题类型", "严重程度", "页面", "问题描述", "证据", "依据", "整改建议", "整改时限",
          "责任单位", "状态", "整改情况", "指纹")
WIDTHS = (5, 14, 8, 34, 40, 30, 28, 34, 11, 14, 9, 20, 17)
STATUS_COL = HEADER.index("状态") + 1
EXTRA_ROWS = 200  # rows the clerk may add below the findings keep the drop-down
STATUS_CHOICES = ("待整改", "已整改", "无需整改")
DEFAULT_STATUS = "待整改"
SUMMARY_TITLE = "汇总"
MAX_CELL = 32767
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
WRAP = Alignment(wrap_text=True, vertical="top")


def clean(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = storable(value)
    if len(value) > MAX_CELL:
        value = value[: MAX_CELL - 1] + "…"
    return value


def put(ws, row: int, col: int, value: Any):
    """Write a cell; text that Excel would read as a formula stays text."""
    value = clean(value)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        cell.quotePrefix = True  # and Excel keeps it text when the clerk edits the cell
    cell.alignment = WRAP
    return cell


def sheet_title(name: str, taken: set[str]) -> str:
    base = _INVALID_SHEET_CHARS.sub("", name or "").strip().strip("'") or "网站"
    base = base[:31]
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


def _header(ws, labels) -> None:
    for i, label in enumerate(labels, 1):
        c = ws.cell(row=1, column=i, value=label)
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        c.alignment = WRAP
    ws.freeze_panes = "A2"


LINE_HEIGHT = 13.5  # points per wrapped line (11 pt text)
MAX_ROW_HEIGHT = 409.0  # Excel's limit


def text_width(text: str) -> int:
    """Display width in Excel's character units: CJK and full-width characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def row_height(values, widths) -> float:
    """A height that shows every wrapped cell of the row (Excel and LibreOffice do not grow
    rows of a generated file by themselves, and a printed 整改清单 must show all its text)."""
    lines = 1
    for value, width in zip(values, widths):
        if not isinstance(value, str) or not value:
            continue
        per_line = max(int(width * 1.15), 1)
        n = sum(max(1, -(-text_width(part) // per_line)) for part in value.split("\n"))
        lines = max(lines, n)
    return min(LINE_HEIGHT * lines + 3, MAX_ROW_HEIGHT)


def _print_setup(ws, columns: int, *, landscape: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"


def _summary(wb: Workbook, model: ReportModel, sheet_of: dict[int, str]) -> None:
    ws = wb.active
    ws.title = SUMMARY_TITLE
    rule_ids = model.rule_ids
    labels = ["网站", "网站标识码", "结论", "得分", "否决项", "问题合计", "新增", "已整改",
              *[model.rule(r).title for r in rule_ids]]
    _header(ws, labels)
    for r, s in enumerate(model.sites, 2):
        values = [s.name, s.site.get("site_code") or "", s.verdict.result,
                  s.verdict.score if s.verdict.score is not None else "—",
                  "、".join(model.rule(rid).title for rid, _ in s.verdict.vetoes),
                  len(s.findings), len(s.diff.new), len(s.diff.fixed),
                  *[s.counts.get(rid, 0) for rid in rule_ids]]
        for c, v in enumerate(values, 1):
            put(ws, r, c, v)
        target = sheet_of.get(s.site["id"])
        if target:
            link = ws.cell(row=r, column=1)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{target}'!A1")
            link.font = Font(color="0563C1", underline="single")
    for i, label in enumerate(labels, 1):
        ws.column_dimensions[get_column_letter(i)].width = 30 if i == 1 else max(8, len(label) * 2 + 2)
    ws.cell(row=len(model.sites) + 3, column=1, value=f"检查日期: {model.as_of}。* {SCORE_NOTE}")
    if any(f.get("deadline_text", "").endswith("（估算）") for f in model.all_findings()):
        ws.cell(row=len(model.sites) + 4, column=1, value=ESTIMATE_NOTE)
    _print_setup(ws, len(labels))


def _site_sheet(wb: Workbook, model: ReportModel, s: SiteReport, title: str) -> None:
    ws = wb.create_sheet(title)
    _header(ws, HEADER)
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for n, f in enumerate(s.findings, 1):
        r = n + 1
        info = model.rule(f["rule"])
        description = f.get("message") or ""
        if f.get("target"):
            description += f"\n目标: {f['target']}"
        if f.get("status") == "复核未通过":
            description += "\n复核未通过: 上次标记为已整改, 本次检查仍发现该问题"
        url = f.get("url") or ""
        values = (f.get("seq") or n, info.title or f["rule"], f["severity"], url, description, f.get("evidence") or "",
                  f.get("plain_basis") or "", info.plain_fix, f.get("deadline_text") or "待定",
                  f.get("unit") or "", DEFAULT_STATUS, "", f.get("fingerprint") or "")
        for c, v in enumerate(values, 1):
            put(ws, r, c, v)
        ws.row_dimensions[r].height = row_height([clean(v) for v in values], WIDTHS)
        link = ws.cell(row=r, column=HEADER.index("页面") + 1)
        if is_http(url) and len(url) < 2000:
            link.hyperlink = url
            link.font = Font(color="0563C1", underline="single")
    last = len(s.findings) + 1
    status = get_column_letter(STATUS_COL)
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="状态", error="请选择: " + "、".join(STATUS_CHOICES))
    ws.add_data_validation(dv)
    dv.add(f"{status}2:{status}{last + EXTRA_ROWS}")
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{max(last, 1)}"
    _print_setup(ws, len(HEADER))


def build_workbook(model: ReportModel) -> Workbook:
    wb = Workbook()
    taken = {SUMMARY_TITLE.lower()}
    sheet_of = {s.site["id"]: sheet_title(s.name, taken) for s in model.sites}
    _summary(wb, model, sheet_of)
    for s in model.sites:
        _site_sheet(wb, model, s, sheet_of[s.site["id"]])
    return wb


def write_xlsx(model: ReportModel, path: Path) -> Path:
    from .files import atomic_write_with

    wb = build_workbook(model)
    atomic_write_with(path, lambda tmp: wb.save(str(tmp)))
    return path
