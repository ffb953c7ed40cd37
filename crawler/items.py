"""The results a crawl yields, as typed items (Scrapy accepts dataclass items).

The spider (and the link-check budget middleware) yield them; :class:`crawler.pipelines.StoreWriter`
turns them into rows of the audit store. In distributed mode a worker's
:class:`~crawler.distributed.components.ResultsPipeline` serialises them (:func:`to_dict`)
into Redis and the coordinator turns them back (:func:`from_dict`) for its StoreWriter.

Row-shaped values (``page``, ``column``, ``document``, ``target``, the lists of ``items``,
``links`` and ``entries``) are dicts keyed by the store's column names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

Row = dict[str, Any]


@dataclass
class PageItem:
    """A page fetched (or failed): its row and what was read from it."""

    kind: ClassVar[str] = "page"
    url: str
    page: Row
    column: Row | None = None
    items: list[Row] = field(default_factory=list)  # column items listed on the page
    document: Row | None = None
    links: list[Row] = field(default_factory=list)
    entries: list[Row] = field(default_factory=list)  # frontier entries it discovered
    target: Row | None = None


@dataclass
class ProxyItem:
    """A listing's proxy (POST) request: the column items it returned."""

    kind: ClassVar[str] = "proxy"
    url: str
    body: str = ""
    items: list[Row] = field(default_factory=list)
    entries: list[Row] = field(default_factory=list)
    method: str = "POST"
    target: Row | None = None


@dataclass
class CheckItem:
    """A link checked (HEAD, or a one-byte GET)."""

    kind: ClassVar[str] = "check"
    url: str
    target: Row | None = None


@dataclass
class UncheckedItem:
    """Link checks beyond the budget (:mod:`crawler.middlewares.checkbudget`): not sent."""

    kind: ClassVar[str] = "unchecked"
    urls: list[str]
    targets: list[Row]
    target: Row | None = None


@dataclass
class ReuseItem:
    """Pages the server confirmed unchanged (304): the run inherits the previous run's rows."""

    kind: ClassVar[str] = "reuse"
    urls: list[str]
    previous_run_id: int | None
    entries: list[Row] = field(default_factory=list)  # their children, queued again
    target: Row | None = None


@dataclass
class FrontierItem:
    """Entries queued at the start of a run (stored before anything is fetched)."""

    kind: ClassVar[str] = "frontier"
    entries: list[Row]


Result = PageItem | ProxyItem | CheckItem | UncheckedItem | ReuseItem | FrontierItem
KINDS: dict[str, type] = {cls.kind: cls for cls in (PageItem, ProxyItem, CheckItem, UncheckedItem,
                                                     ReuseItem, FrontierItem)}


def to_dict(item: Result) -> dict[str, Any]:
    """A JSON-ready dict of the item, its kind under ``type``."""
    return {"type": item.kind, **{f.name: getattr(item, f.name) for f in fields(item)}}


def from_dict(data: dict[str, Any]) -> Result:
    """The item :func:`to_dict` made (a ValueError for an unknown type)."""
    cls = KINDS.get(data.get("type"))
    if cls is None:
        raise ValueError(f"not a crawl result: type {data.get('type')!r}")
    return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})
