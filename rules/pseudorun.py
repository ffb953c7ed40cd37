"""Saved HTML pages as one pseudo-run in a store, read by the crawler's own extraction.

For measuring rules on pages that were saved, not crawled (``../shared/real-pages``): each page
is decoded and analysed as the spider would, and its page, column, listing, document and link
rows are written as one finished run. Nothing is fetched. No Rule subclass here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from crawler.extract.encoding import decode_body
from crawler.extract.page import analyse_page
from crawler.store import Store

from .base import AuditContext

COLUMN_KINDS = ("listing", "nav", "unverifiable", "home")


def load_pages(store: Store, pages: Iterable[tuple[str, bytes]], *, as_of: date,
               name: str = "保存的页面", start_url: str = "http://saved-pages.invalid/") -> AuditContext:
    """Write ``(url, raw bytes)`` pages into ``store`` as one finished run; return its context."""
    site_id = store.upsert_site(name=name, start_url=start_url, host=start_url.split("/")[2])
    run_id = store.start_run(site_id, as_of=as_of.isoformat())
    base = {"run_id": run_id, "site_id": site_id}
    for url, raw in pages:
        text, encoding = decode_body(raw, "text/html")
        a = analyse_page(url, text)
        is_column = a.kind in COLUMN_KINDS
        store.insert_rows("pages", [{**base, "url": url, "status": 200, "kind": a.kind, "title": a.title,
                                     "text": a.text, "encoding": encoding, "depth": 1,
                                     "breadcrumb": json.dumps(a.breadcrumb, ensure_ascii=False),
                                     "column_url": url if is_column else None,
                                     "tables": json.dumps(a.tables, ensure_ascii=False) if a.tables else None}])
        if is_column:
            items = a.listing.items if a.listing else []
            dates = [it.date for it in items if it.date]
            store.insert_rows("columns", [{**base, "url": url, "name": a.column_name or a.title,
                                           "path": " > ".join(a.breadcrumb), "kind": a.kind,
                                           "item_count": len(items), "newest_date": max(dates) if dates else None}])
            store.insert_rows("column_items", [{"run_id": run_id, "column_url": url, "url": it.url, "title": it.title,
                                                "date": it.date, "source_url": url} for it in items])
        md = a.metadata
        if a.kind == "article" and md:
            store.insert_rows("documents", [{
                **base, "url": url, "title": md.get("title") or a.title,
                "doc_number": md.get("doc_number") or md.get("doc_number_in_text") or "",
                "written_date": md.get("written_date"), "publish_date": md.get("publish_date") or a.published,
                "disclosure": md.get("disclosure"), "fields": json.dumps(a.fields, ensure_ascii=False)}])
        store.insert_rows("links", [{**base, "source_url": url, "target_url": link.url, "anchor": link.anchor[:200],
                                     "kind": link.kind, "hidden": int(link.hidden)} for link in a.links])
    store.finish_run(run_id)
    return AuditContext(store=store, run_id=run_id, site=store.site(site_id), as_of=as_of, settings={})
