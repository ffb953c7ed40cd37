"""report.xlsx / SITE/整改清单.xlsx: a 汇总 sheet, then one 整改清单 sheet per site for the clerk.

Each 整改清单 sheet prints landscape on A4, fitted to the page width, with the header row
repeated on every page; its 状态 drop-down covers every finding row (and room for rows the
clerk adds); the 汇总 rows link to the county sheets.

Crawled text can start with = + - @ (formula injection in Excel / WPS): such cells are written
as strings with a quote prefix, never as formulas. Text a workbook cannot store (control
characters, lone surrogates, non-characters) is made storable first; cells are cut to Excel's 32767-character limit.

Written with XlsxWriter in its constant-memory mode: rows stream to the file as they are
written (memory stays flat however many findings a site has), about three times faster than
openpyxl, whose per-cell objects were most of a large audit's report time. (openpyxl still
reads the clerk's filled-in 整改清单 back in ``duwang accept``.)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import xlsxwriter

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
MAX_URL = 2000  # longer page addresses are shown as text (Excel's limit is 2079 characters)
_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WRAP = {"text_wrap": True, "valign": "top"}
FORMATS = {  # what every cell looks like: the clerk sees wrapped text aligned to the top
    "body": WRAP,
    "text": {**WRAP, "quote_prefix": True},  # Excel keeps it text when the clerk edits the cell
    "link": {**WRAP, "font_color": "#0563C1", "underline": 1},
    "header": {**WRAP, "bold": True, "pattern": 1, "bg_color": "#DDE3EA"},
}
PADDING = 5 / 7  # XlsxWriter adds Excel's cell padding to a width; the widths here are the stored ones


def _width(w: float) -> float:
    return w - PADDING


OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
           "strings_to_urls": False}


class Sheet:
    """One worksheet and the workbook's formats; rows are written in order (constant memory)."""

    def __init__(self, wb: xlsxwriter.Workbook, title: str, formats: dict):
        self.ws = wb.add_worksheet(title)
        self.formats = formats

    def put(self, row: int, col: int, value: Any, style: str | None = "body", *, cleaned: bool = False) -> None:
        """Write a cell (0-based); text that Excel would read as a formula stays text.
        ``cleaned``: ``value`` has been through :func:`clean` already."""
        if not cleaned:
            value = clean(value)
        if isinstance(value, str) and value.startswith(_FORMULA_START) and style == "body":
            style = "text"
        fmt = self.formats[style] if style else None
        if value is None:
            self.ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            self.ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, (int, float)):
            self.ws.write_number(row, col, value, fmt)
        else:
            self.ws.write_string(row, col, str(value), fmt)

    def link(self, row: int, col: int, url: str, text: str) -> None:
        """A hyperlink cell; past XlsxWriter's links-per-sheet limit the address is plain text."""
        text = clean(text)
        if self.ws.write_url(row, col, url, self.formats["link"], string=text) != 0:
            self.put(row, col, text)

    def header(self, labels) -> None:
        for i, label in enumerate(labels):
            self.put(0, i, label, "header")
        self.ws.freeze_panes(1, 0)


def clean(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    value = storable(value)
    if len(value) > MAX_CELL:
        value = value[: MAX_CELL - 1] + "…"
    return value


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


LINE_HEIGHT = 13.5  # points per wrapped line (11 pt text)
MAX_ROW_HEIGHT = 409.0  # Excel's limit


_WIDE = re.compile("[^\x00-\u2e7f]")


def text_width(text: str) -> int:
    """Display width in Excel's character units: CJK and full-width characters count two."""
    return len(text) + len(_WIDE.findall(text))


def row_height(values, widths) -> float:
    """A height that shows every wrapped cell of the row (Excel and LibreOffice do not grow
    rows of a generated file by themselves, and a printed 整改清单 must show all its text)."""
    lines = 1
    for value, width in zip(values, widths):
        lines = max(lines, wrapped_lines(value, width))
    return _height(lines)


def _height(lines: int) -> float:
    return min(LINE_HEIGHT * lines + 3, MAX_ROW_HEIGHT)


def wrapped_lines(value: Any, width: float) -> int:
    """The lines ``value`` wraps to in a column ``width`` wide (0 for no text)."""
    if not isinstance(value, str) or not value:
        return 0
    per_line = max(int(width * 1.15), 1)
    return sum(max(1, -(-text_width(part) // per_line)) for part in value.split("\n"))


# 整改清单 columns whose values recur from row to row (问题类型, 严重程度, 依据, 整改建议, 整改时限,
# 责任单位, 状态, 整改情况): each distinct value is cleaned and measured once a sheet.
_RECURRING = frozenset((1, 2, 6, 7, 8, 9, 10, 11))


def _print_setup(sheet: Sheet, *, landscape: bool = True) -> None:
    ws = sheet.ws
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)  # fitted to the page width, as many pages down as it takes
    ws.repeat_rows(0)
    ws.hide_gridlines(0)  # gridlines shown and printed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页 / 共 &N 页")


def _summary(wb: xlsxwriter.Workbook, formats: dict, model: ReportModel, sheet_of: dict[int, str]) -> None:
    sheet = Sheet(wb, SUMMARY_TITLE, formats)
    rule_ids = model.rule_ids
    labels = ["网站", "网站标识码", "结论", "得分", "否决项", "问题合计", "新增", "已整改",
              *[model.rule(r).title for r in rule_ids]]
    for i, label in enumerate(labels):
        sheet.ws.set_column(i, i, _width(30 if i == 0 else max(8, len(label) * 2 + 2)))
    _print_setup(sheet)
    sheet.header(labels)
    for r, s in enumerate(model.sites, 1):
        values = [s.name, s.site.get("site_code") or "", s.verdict.result,
                  s.verdict.score if s.verdict.score is not None else "—",
                  "、".join(model.rule(rid).title for rid, _ in s.verdict.vetoes),
                  len(s.findings), len(s.diff.new), len(s.diff.fixed),
                  *[s.counts.get(rid, 0) for rid in rule_ids]]
        target = sheet_of.get(s.site["id"])
        for c, v in enumerate(values):
            if c == 0 and target:
                sheet.link(r, c, f"internal:'{target}'!A1", v)
            else:
                sheet.put(r, c, v)
    sheet.put(len(model.sites) + 2, 0, f"检查日期: {model.as_of}。* {SCORE_NOTE}", None)
    if model.deadline_estimated(suffix_only=True):
        sheet.put(len(model.sites) + 3, 0, ESTIMATE_NOTE, None)


def _site_sheet(wb: xlsxwriter.Workbook, formats: dict, model: ReportModel, s: SiteReport, title: str) -> None:
    sheet = Sheet(wb, title, formats)
    for i, w in enumerate(WIDTHS):
        sheet.ws.set_column(i, i, _width(w))
    _print_setup(sheet)
    sheet.header(HEADER)
    page_col = HEADER.index("页面")
    seen: dict[tuple[int, Any], tuple[Any, int]] = {}  # (column, value) -> (cleaned, lines)
    for r, f in enumerate(s.findings, 1):
        info = model.rule(f["rule"])
        description = f.get("message") or ""
        if f.get("target"):
            description += f"\n目标: {f['target']}"
        if f.get("status") == "复核未通过":
            description += "\n复核未通过: 上次标记为已整改, 本次检查仍发现该问题"
        url = f.get("url") or ""
        values = (f.get("seq") or r, info.title or f["rule"], f["severity"], url, description, f.get("evidence") or "",
                  f.get("plain_basis") or "", info.plain_fix, f.get("deadline_text") or "待定",
                  f.get("unit") or "", DEFAULT_STATUS, "", f.get("fingerprint") or "")
        cells = []
        lines = 1
        for c, v in enumerate(values):
            if c in _RECURRING:
                known = seen.get((c, v))
                if known is None:
                    cv = clean(v)
                    known = seen[(c, v)] = (cv, wrapped_lines(cv, WIDTHS[c]))
                cv, n = known
            else:
                cv = clean(v)
                n = wrapped_lines(cv, WIDTHS[c])
            cells.append(cv)
            if n > lines:
                lines = n
        sheet.ws.set_row(r, _height(lines))  # before the row's cells (row_height of the cleaned values)
        for c, v in enumerate(cells):
            if c == page_col and is_http(url) and len(url) < MAX_URL:
                sheet.link(r, c, url, url)
            else:
                sheet.put(r, c, v, cleaned=True)
        if len(seen) > 4096:
            seen.clear()
    last = len(s.findings) + 1  # rows in use, the header included
    col = STATUS_COL - 1
    sheet.ws.data_validation(1, col, last + EXTRA_ROWS - 1, col, {
        "validate": "list", "source": list(STATUS_CHOICES), "ignore_blank": True, "show_error": True,
        "error_title": "状态", "error_message": "请选择: " + "、".join(STATUS_CHOICES)})
    sheet.ws.autofilter(0, 0, max(last, 1) - 1, len(HEADER) - 1)


def _write(model: ReportModel, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), OPTIONS)
    formats = {name: wb.add_format(props) for name, props in FORMATS.items()}
    taken = {SUMMARY_TITLE.lower()}
    sheet_of = {s.site["id"]: sheet_title(s.name, taken) for s in model.sites}
    _summary(wb, formats, model, sheet_of)
    for s in model.sites:
        _site_sheet(wb, formats, model, s, sheet_of[s.site["id"]])
    wb.close()


def write_xlsx(model: ReportModel, path: Path) -> Path:
    from .files import atomic_write_with

    atomic_write_with(path, lambda tmp: _write(model, tmp))
    return path
