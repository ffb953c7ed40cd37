"""The demo portal's data model: columns and articles (records, never rendered bodies)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

# How a GBK page declares its charset.
#   header:   Content-Type header says gb2312 (and so does the meta)
#   meta:     bare ``text/html`` header, only <meta charset="gb2312">
#   mismatch: header says utf-8, meta says gbk, the bytes are GBK
CHARSET_MODES = ("utf-8", "header", "meta", "mismatch")


@dataclass(slots=True)
class Article:
    """One article page. ``body`` None means: generate prose from ``seed_key``."""

    path: str
    column: str  # Column.key
    title: str
    date: date
    seed_key: str = ""
    topic: str = ""
    unit: str = ""
    body: list[str] | None = None  # paragraphs (plain text, escaped at render time)
    raw_body: str = ""  # extra HTML appended after the paragraphs (links, blocks)
    meta: dict[str, str] | None = None  # disclosure metadata (documents): label -> value
    related: list[tuple[str, str, bool]] = field(default_factory=list)  # (path, anchor, hidden) 相关解读
    back_links: list[tuple[str, str]] = field(default_factory=list)  # (path, anchor) 相关文件/原文
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (href, name)
    charset: str = "utf-8"
    source: str = "县融媒体中心"
    first_rev: int = 1  # exists from this revision on
    last_rev: int = 99  # ... up to this one
    rev2: dict[str, Any] | None = None  # field overrides from revision 2 on

    def exists(self, revision: int) -> bool:
        return self.first_rev <= revision <= self.last_rev

    def view(self, revision: int) -> Article:
        """The article as it is in ``revision``."""
        if revision >= 2 and self.rev2:
            return replace(self, **self.rev2)
        return self


@dataclass(slots=True)
class Column:
    """A listing column (or a nav / script-filled page standing in a column's place)."""

    key: str
    name: str
    cms: str  # trs | hanweb | jsonlist | nav
    index_path: str  # first listing page, e.g. /zwgk/gzdt/index.html or /col/col1001/index.html
    crumbs: list[tuple[str, str]]  # ancestors: (name, path), home first
    column_type: str = "工作动态"  # ColumnType meta (网页设计规范 fixed list)
    per_page: int = 20
    ext: str = "html"  # TRS page extension (html | shtml)
    colid: int = 0  # Hanweb column id
    unitid: str = ""  # Hanweb jpage unit id
    show_dates: bool = True
    charset: str = "utf-8"
    articles: list[Article] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # nav pages: child column keys
    empty_text: str = "暂无信息"

    @property
    def base(self) -> str:
        """The column directory, ending with '/'."""
        return self.index_path.rsplit("/", 1)[0] + "/"

    def live(self, revision: int) -> list[Article]:
        """Articles present in ``revision``, newest first."""
        items = [a.view(revision) for a in self.articles if a.exists(revision)]
        items.sort(key=lambda a: (a.date, a.path), reverse=True)
        return items

    def page_path(self, k: int) -> str:
        """TRS listing page k (0-based: index.html, index_1.html, ...)."""
        suffix = "" if k == 0 else f"_{k}"
        return f"{self.base}index{suffix}.{self.ext}"

    def page_count(self, revision: int) -> int:
        n = len([a for a in self.articles if a.exists(revision)])
        return max(1, -(-n // self.per_page))
