"""report.xlsx: a 汇总 sheet, then one 整改清单 sheet per site for the county clerk.

Crawled text can start with = + - @ (formula injection in Excel / WPS): such cells are written
as strings with a quote prefix, never as formulas. Control characters openpyxl cannot store
are dropped; cells are cut to Excel's 32767-character limit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .html import is_http
from .model import ReportModel, SiteReport

# 说明 (the clerk's note) and 问题编号 (the fingerprint) are read back by `duwang accept`.
HEADER = ("序号", "问题类型", "页面", "问题描述", "依据", "整改建议", "状态", "说明", "问题编号")
WIDTHS = (6, 16, 48, 60, 40, 48, 12, 30, 18)
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
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
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


def _summary(wb: Workbook, model: ReportModel) -> None:
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
    for i, label in enumerate(labels, 1):
        ws.column_dimensions[get_column_letter(i)].width = 30 if i == 1 else max(8, len(label) * 2 + 2)
    ws.cell(row=len(model.sites) + 3, column=1,
            value=f"检查日期: {model.as_of}; 得分中标注“暂定”的分值为本工具暂定值, 仅供参考。")


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
        if f.get("evidence"):
            description += f"\n证据: {f['evidence']}"
        if f.get("status") == "复核未通过":
            description += "\n复核未通过: 上次标记为已整改, 本次检查仍发现该问题"
        put(ws, r, 1, n)
        put(ws, r, 2, f"{info.title}（{f['severity']}）" if info.title else f["rule"])
        url = f.get("url") or ""
        cell = put(ws, r, 3, url)
        if is_http(url) and len(url) < 2000:
            cell.hyperlink = url
            cell.font = Font(color="0563C1", underline="single")
        put(ws, r, 4, description)
        put(ws, r, 5, f.get("basis") or info.basis)
        put(ws, r, 6, info.fix)
        put(ws, r, 7, DEFAULT_STATUS)
        put(ws, r, 9, f.get("fingerprint") or "")
    last = len(s.findings) + 1
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="状态", error="请选择: " + "、".join(STATUS_CHOICES))
    ws.add_data_validation(dv)
    dv.add(f"G2:G{max(last, 2) + 200}")  # room for rows the clerk adds
    ws.auto_filter.ref = f"A1:I{max(last, 1)}"


def build_workbook(model: ReportModel) -> Workbook:
    wb = Workbook()
    _summary(wb, model)
    taken = {SUMMARY_TITLE.lower()}
    for s in model.sites:
        _site_sheet(wb, model, s, sheet_title(s.name, taken))
    return wb


def write_xlsx(model: ReportModel, path: Path) -> Path:
    from . import atomic_write_with

    wb = build_workbook(model)
    atomic_write_with(path, lambda tmp: wb.save(str(tmp)))
    return path
