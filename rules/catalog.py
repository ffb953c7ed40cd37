"""The 基层政务公开事项标准目录 as the crawl saw it: its columns, pages, domains and tables.

Shared by ``catalog.missing``, ``catalog.domains``, ``catalog.elements`` and
``catalog.item_no_column``. The domain and element names (with their synonyms) live in
``catalog_data.toml`` beside this module. Catalog table headers are read from the stored page
text and from the text of attached xls/xlsx/docx/pdf files (:data:`ATTACHMENT_TEXT_SOURCES`,
by default the run's ``attachments`` rows); the rows of cells from ``pages.tables`` and
``attachments.tables`` (crawler/extract/tables.py). No Rule subclass here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .base import AuditContext, Setting
from .platform import column_pages, columns, descendants, find_columns

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CATALOG_NAMES = ("标准目录", "政务公开事项目录", "公开事项标准目录", "公开事项目录")
# the catalog rules' shared setting: which column names are the 标准目录
CATALOG_NAMES_SETTING = Setting(list(CATALOG_NAMES), list, "认作标准目录栏目的名称。")
DATA_FILE = Path(__file__).with_name("catalog_data.toml")


def stored_attachment_texts(ctx: AuditContext, page_url: str) -> list[tuple[str, str]]:
    """(url, text) of the run's readable attachments linked from ``page_url``."""
    return [(row["url"], row.get("text") or "") for row in linked_attachments(ctx, page_url)
            if row.get("text")]


# Callables (ctx, page_url) -> iterable of (attachment url, extracted text); catalog.elements
# reads whatever they return.
ATTACHMENT_TEXT_SOURCES: list[Callable[[AuditContext, str], Iterable[tuple[str, str]]]] = [
    stored_attachment_texts]


@lru_cache(maxsize=1)
def catalog_data() -> dict:
    with DATA_FILE.open("rb") as fh:
        return tomllib.load(fh)


def domains() -> dict[str, list[str]]:
    return {k: list(v) for k, v in catalog_data()["domains"].items()}


def elements() -> dict[str, list[str]]:
    return {k: list(v) for k, v in catalog_data()["elements"].items()}


@dataclass
class Catalog:
    columns: list[dict]  # the catalog columns and their sub-columns
    pages: list[dict]  # article-like pages filed under them
    titles: list[str]  # listing rows' titles

    @property
    def url(self) -> str:
        return self.columns[0]["url"]

    @property
    def name(self) -> str:
        return self.columns[0].get("name") or ""

    def corpus(self) -> str:
        parts = [c.get("name") or "" for c in self.columns] + self.titles
        parts += [(p.get("title") or "") + " " + (p.get("text") or "") for p in self.pages]
        return "\n".join(parts)


def catalog_columns(cols: list[dict], names: Iterable[str] = CATALOG_NAMES) -> list[dict]:
    return find_columns(cols, names)


def read_catalog(ctx: AuditContext, names: Iterable[str] = CATALOG_NAMES) -> Catalog | None:
    """The site's catalog (every catalog column with its sub-columns), None when there is none.

    Read once per run and set of names (the catalog.* rules share it; do not change it).
    """
    names = tuple(names)
    return ctx.once(f"catalog.read_catalog:{names!r}", lambda: _read_catalog(ctx, names))


def _read_catalog(ctx: AuditContext, names: tuple[str, ...]) -> Catalog | None:
    cols = columns(ctx)
    roots = catalog_columns(cols, names)
    if not roots:
        return None
    chosen: dict[str, dict] = {}
    for root in roots:
        chosen.setdefault(root["url"], root)
        for sub in descendants(cols, root):
            chosen.setdefault(sub["url"], sub)
    members = list(chosen.values())
    pages, titles = [], []
    for col in members:
        pages += column_pages(ctx, col)
        titles += [r.get("title") or "" for r in ctx.rows("column_items", "column_url = ?", [col["url"]])]
    return Catalog(members, pages, titles)


def covered_domains(text: str) -> dict[str, str]:
    """domain -> the name under which ``text`` mentions it."""
    found = {}
    for domain, names in domains().items():
        for name in names:
            if name in text:
                found[domain] = name
                break
    return found


def _header_hit(text: str, word: str) -> bool:
    """``word`` used as a table header, not as a metadata label ("公开方式：主动公开")."""
    for m in re.finditer(re.escape(word), text):
        after = text[m.end():m.end() + 1]
        if after not in (":", "："):
            return True
    return False


# "公开方式：主动公开" in a page's metadata block is a label and its value, not table headers
_METADATA_PAIR = re.compile(r"(?:公开方式|公开属性|公开形式|公开范围|名称|发布机构|主题分类|索引号)\s*[:：]\s*\S*")


def table_elements(text: str) -> tuple[dict[str, str], list[str]]:
    """(element -> header seen, elements missing) for the catalog table(s) in ``text``."""
    text = _METADATA_PAIR.sub(" ", text or "")
    seen, missing = {}, []
    for element, names in elements().items():
        hit = next((n for n in names if _header_hit(text, n)), None)
        if hit:
            seen[element] = hit
        else:
            missing.append(element)
    return seen, missing


def looks_like_table(text: str) -> bool:
    """A catalog table: 序号 and at least 3 element headers, or at least 5 element headers."""
    seen, _ = table_elements(text)
    return len(seen) >= 5 or ("序号" in text and len(seen) >= 3)


def attachment_texts(ctx: AuditContext, page_url: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for source in ATTACHMENT_TEXT_SOURCES:
        out += list(source(ctx, page_url))
    return out


def linked_attachments(ctx: AuditContext, page_url: str) -> list[dict]:
    """The run's attachment rows linked from ``page_url`` (none when the store has no such table)."""
    if "attachments" not in ctx.store.db.table_names():
        return []
    rows = ctx.rows("attachments", "instr(linked_from, ?) > 0", [page_url], order_by="url")
    return [r for r in rows if page_url in (r.get("linked_from") or "").split("\n")]


# -- rows of cells (pages.tables, attachments.tables) ------------------------------------------------
def stored_tables(value) -> list[dict]:
    """The tables of a ``tables`` column (JSON), [] when NULL or unreadable."""
    if not value:
        return []
    try:
        tables = json.loads(value)
    except (TypeError, ValueError):
        return []
    return [t for t in tables if isinstance(t, dict) and isinstance(t.get("header"), list)
            and isinstance(t.get("rows"), list)] if isinstance(tables, list) else []


def element_of(label: str) -> str | None:
    """The element a header label names (the longest synonym found in it wins), or None."""
    best, size = None, 0
    for element, names in elements().items():
        for name in names:
            if name in label and len(name) > size:
                best, size = element, len(name)
    return best


def element_columns(header: list[str]) -> dict[str, list[int]]:
    """element -> the columns of ``header`` that hold it (公开对象 may have 全社会 and 特定群体)."""
    out: dict[str, list[int]] = {}
    for i, label in enumerate(header):
        element = element_of(str(label or ""))
        if element:
            out.setdefault(element, []).append(i)
    return out


def is_catalog_table(header: list[str]) -> bool:
    """The same test as :func:`looks_like_table`, on a table's own header labels."""
    found = element_columns(header)
    return len(found) >= 5 or (any("序号" in str(h) for h in header) and len(found) >= 3)


@dataclass
class EmptyRow:
    row: int  # 1-based, among the table's body rows
    number: str  # the 序号 cell, "" when none
    item: str  # the item's name (二级 before 一级), else the first filled cell
    missing: list[str]  # the elements whose every cell in the row is blank


def empty_rows(table: dict) -> list[EmptyRow]:
    """Body rows of a catalog table with a blank element. A row with a single filled value is a
    section heading (一、社会救助) and is skipped; "/" and "无" are answers (filled)."""
    header = [str(h or "") for h in table["header"]]
    cols = element_columns(header)
    number_col = next((i for i, h in enumerate(header) if "序号" in h), None)
    out = []
    for n, row in enumerate(table["rows"], 1):
        cells = [str(c or "") for c in row] + [""] * (len(header) - len(row))
        if len({c for c in cells if c}) <= 1:
            continue
        missing = [e for e, idx in cols.items() if all(not cells[i] for i in idx)]
        if not missing:
            continue
        names = [cells[i] for i in cols.get("名称", []) if cells[i]]
        item = names[-1] if names else next((c for i, c in enumerate(cells) if c and i != number_col), "")
        out.append(EmptyRow(n, cells[number_col] if number_col is not None else "", item, missing))
    return out
