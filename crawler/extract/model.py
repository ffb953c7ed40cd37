"""Result dataclasses of the extraction layer (plain data, no behaviour)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Link:
    url: str
    anchor: str = ""
    kind: str = "internal"  # internal | attachment | external
    hidden: bool = False


@dataclass(slots=True)
class Item:
    url: str
    title: str = ""
    date: str | None = None


@dataclass(slots=True)
class ProxyRequest:
    url: str
    formdata: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Listing:
    items: list[Item] = field(default_factory=list)
    cms: str | None = None  # trs | hanweb | generic | None
    page_urls: list[str] = field(default_factory=list)
    proxy_requests: list[ProxyRequest] = field(default_factory=list)
    total_records: int | None = None
    unverifiable: str | None = None
    total_pages: int | None = None  # pages of the listing its pager implies (None: no pager seen)
    first_page: str | None = None  # URL of the listing's page 1 (the column's own address)


@dataclass(slots=True)
class PageAnalysis:
    title: str = ""
    text: str = ""
    kind: str = "other"  # home | listing | nav | article | unverifiable | other
    breadcrumb: list[str] = field(default_factory=list)
    column_name: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    attachments: list[Link] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    listing: Listing | None = None
    redirect: str | None = None
    iframes: list[str] = field(default_factory=list)
    content_hash: str = ""
    soft404: bool = False
    published: str | None = None
    # catalog-like data tables of the main area as rows of cells (extract/tables.py)
    tables: list[dict] = field(default_factory=list)
