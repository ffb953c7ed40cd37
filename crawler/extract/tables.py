"""Data tables as rows of cells: what catalog.elements needs to find rows with empty cells.

The stored page text is a run of words: a table's row and column structure is gone. This module
keeps it for the tables that look like a disclosure catalog (标准目录), as plain dicts that go
into a JSON column:

    {"header": ["序号", "公开事项/一级事项", ...], "rows": [["1", "招生入学", ...], ...],
     "total_rows": 12}

Decisions (documented because the rule's findings depend on them):

- **Merged cells are filled.** A ``rowspan``/``colspan`` cell is copied into every position it
  covers (HTML), as is a merged range of a workbook (xlsx) and python-docx's repeated cells
  (docx): a 一级事项 spanning five rows names the item of each of them.
- **Blank is empty.** A cell holding only whitespace, ``&nbsp;`` (U+00A0), U+3000 or zero-width
  characters is "" (empty).
- **"/", "—", "无" are filled by intent.** The publisher wrote that the element does not apply
  (the national template tables do so in 公开对象/公开方式 cells); that is an answer, not a gap,
  so such cells keep their text and count as filled.
- **Two header levels.** Leading all-``<th>`` rows (or ``<thead>`` rows) are the header; without
  them the first row is, plus the second when the first spans columns (公开事项 over 一级/二级)
  or rows. A column's label joins its distinct header texts: ``公开事项/一级事项``. A first row
  that is one cell across the whole table is a caption, not a header.
- **Layout tables are skipped.** A table that contains another table lays out the page; its
  inner tables are read on their own. Tables narrower than 3 columns or without a body row are
  no data tables.
- **Only catalog-like tables are kept** (:func:`catalog_like`: at least 3 header labels with a
  catalog word), and each is capped (:data:`MAX_ROWS` rows, :data:`CELL_CHARS` characters a
  cell, :data:`MAX_TABLES` tables a page) so that a 20,000-page crawl stores tables for its few
  catalog pages only (a budget of :data:`MAX_ROWS` rows is shared by a page's tables; a table
  left with no row is dropped). Rows that are wholly blank (spacers) are dropped.

Pure: HTML element (or grid of strings) in, dicts out; never raises on hostile markup.
"""

from __future__ import annotations

import re

from .dom import parse

MAX_TABLES = 4  # catalog tables kept per page or attachment
MAX_ROWS = 400  # body rows kept per page or attachment, all its tables together (total_rows counts all)
MAX_COLS = 40  # a table wider than this is not a catalog
CELL_CHARS = 24  # characters kept per cell (the rule needs emptiness and the item's name)
MAX_SPAN = 200  # a rowspan/colspan larger than this is clamped (hostile markup)
HEAD_ROWS = 4  # rows read to judge a table by its header (caption + two levels + one body row)
# header words of a 标准目录 table (公开事项, 公开依据, 公开时限, 公开主体, 渠道和载体, 公开对象, ...)
CATALOG_WORDS = ("公开", "事项", "依据", "时限", "主体", "渠道", "载体", "对象", "要素")

_BLANK = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff]+")


def cell_text(value) -> str:
    """A cell's text with whitespace collapsed; "" for blank (``&nbsp;``-only) cells."""
    if value is None:
        return ""
    return _BLANK.sub(" ", str(value)).strip()[:CELL_CHARS]


# -- HTML ----------------------------------------------------------------------------------------
def _owner(el):
    """The nearest enclosing <table> of ``el``."""
    p = el.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _span(el, name: str) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(el.get(name) or "1").strip() or 1)))
    except ValueError:
        return 1


def own_rows(table) -> list:
    """The <tr> of ``table`` itself (not of the tables nested in it)."""
    return [tr for tr in table.iter("tr") if _owner(tr) is table]


def _fill_pending(row: list[str], pending: dict[int, list]) -> None:
    """Copy the rowspans from above into ``row`` at its current end."""
    while len(row) in pending:
        left = pending[len(row)]
        row.append(left[1])
        left[0] -= 1
        if left[0] <= 0:
            del pending[len(row) - 1]


def html_grid(table, trs=None) -> tuple[list[list[str]], int, bool]:
    """(grid of cell texts with spans expanded, number of header rows from <th>/<thead>, whether
    the first row spans) of ``trs`` (default: all the table's own rows)."""
    grid: list[list[str]] = []
    pending: dict[int, list] = {}  # column -> [rows left, text]
    th_rows, leading_th, first_spans = 0, True, False
    for r, tr in enumerate(own_rows(table) if trs is None else trs):
        row: list[str] = []
        cells = [c for c in tr if c.tag in ("td", "th")]
        all_th = bool(cells) and (all(c.tag == "th" for c in cells) or tr.getparent().tag == "thead")

        for c in cells:
            _fill_pending(row, pending)
            text = cell_text("".join(c.itertext()))
            rs, cs = _span(c, "rowspan"), _span(c, "colspan")
            if r == 0 and (rs > 1 or cs > 1):
                first_spans = True
            for _ in range(cs):
                if len(row) >= MAX_COLS:
                    break
                if rs > 1:
                    pending[len(row)] = [rs - 1, text]
                row.append(text)
        _fill_pending(row, pending)
        for col in sorted(k for k in pending if k >= len(row)):  # spans past the row's own cells
            while len(row) < col:
                row.append("")
            _fill_pending(row, pending)
        if leading_th and all_th:
            th_rows += 1
        else:
            leading_th = False
        grid.append(row)
    return grid, th_rows, first_spans


def read_tables(root, keep=None) -> list[dict]:
    """The catalog-like data tables under ``root`` (an lxml element), in document order."""
    keep = catalog_like if keep is None else keep
    out = []
    if root is None:
        return out
    try:
        for table in root.iter("table"):
            if table.find(".//table") is not None:  # a layout table: its inner tables count
                continue
            trs = own_rows(table)
            grid, th_rows, first_spans = html_grid(table, trs[:HEAD_ROWS])  # the header decides first
            head = table_from_grid(grid, th_rows or None, first_spans)
            if head is None or not keep(head["header"]):
                continue
            read = trs[:MAX_ROWS + HEAD_ROWS]  # a 60,000-row statistics table is not read whole
            grid, th_rows, first_spans = html_grid(table, read)
            t = table_from_grid(grid, th_rows or None, first_spans)
            if t is not None and keep(t["header"]):
                t["total_rows"] += len(trs) - len(read)
                out.append(t)
                if len(out) >= MAX_TABLES:
                    break
    except (RecursionError, ValueError, TypeError):
        pass
    return _budget(out)


def _budget(tables: list[dict]) -> list[dict]:
    """At most MAX_ROWS body rows over all the tables (the first tables keep theirs)."""
    left = MAX_ROWS
    for t in tables:
        t["rows"] = t["rows"][:left]
        left -= len(t["rows"])
    return [t for t in tables if t["rows"] or not t["total_rows"]]


def tables_from_html(html: str, keep=None) -> list[dict]:
    """:func:`read_tables` of a whole HTML string (tests, benchmarks)."""
    doc = parse(html)
    return read_tables(doc, keep) if doc is not None else []


# -- any grid (HTML after spans, xlsx, docx) ------------------------------------------------------
def _spans_columns(row: list[str]) -> bool:
    """A header row with a merged cell over several columns (its text repeated side by side)."""
    return any(a and a == b for a, b in zip(row, row[1:]))


def table_from_grid(grid: list[list], header_rows: int | None = None,
                    first_spans: bool | None = None) -> dict | None:
    """Header labels and body rows of a grid of cell values; None when it is no data table.

    ``header_rows``: known header rows (<th>); else the first row, plus the second when the
    first spans columns or rows (``first_spans``; guessed from repeated texts when None)."""
    rows = [[cell_text(v) for v in row][:MAX_COLS] for row in grid]
    rows = [r for r in rows if any(r)]
    while rows and len(set(rows[0]) - {""}) == 1 and len(rows) > 2:  # a caption row across the table
        rows = rows[1:]
        first_spans = None  # the spans seen were the caption's
        header_rows = None if header_rows is None else max(0, header_rows - 1) or None
    width = max((len(r) for r in rows), default=0)
    if width < 3 or len(rows) < 2:
        return None
    rows = [r + [""] * (width - len(r)) for r in rows]
    if header_rows is None:
        spans = _spans_columns(rows[0]) if first_spans is None else first_spans
        header_rows = 2 if spans and len(rows) > 2 else 1
    header_rows = min(header_rows, 2, len(rows) - 1)
    labels = []
    for col in range(width):
        parts: list[str] = []
        for row in rows[:header_rows]:
            if row[col] and row[col] not in parts:
                parts.append(row[col])
        labels.append("/".join(parts))
    body = rows[header_rows:]
    return {"header": labels, "rows": body[:MAX_ROWS], "total_rows": len(body)}


def catalog_like(header: list[str]) -> bool:
    """At least 3 header labels carry a catalog word (公开事项, 公开依据, 公开时限, ...)."""
    return sum(1 for label in header if any(w in label for w in CATALOG_WORDS)) >= 3


def tables_from_grids(grids, keep=None) -> list[dict]:
    """The catalog-like tables of several grids (one per sheet or docx table)."""
    keep = catalog_like if keep is None else keep
    out = []
    for grid in grids:
        t = table_from_grid(grid)
        if t is not None and keep(t["header"]):
            out.append(t)
            if len(out) >= MAX_TABLES:
                break
    return _budget(out)
