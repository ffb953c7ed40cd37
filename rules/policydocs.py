"""The site's policy documents and their interpretations, read from the stored crawl.

Shared by the rules on 解读 coverage and timing, on publication delays and on 公开属性
(``interpretation.missing``, ``interpretation.late``, ``doc.late``, ``doc.disclosure_missing``).
A policy document is a page in a policy column (by column name or breadcrumb, as
``doc.number_missing`` decides) that is not an interpretation. Interpretations are matched to
documents with :mod:`rules.docmatch`, or by a link from the document page to an interpretation
page. No Rule subclass here.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from .base import AuditContext, normalize_url
from .dates import parse_date
from .docmatch import DocumentIndex, Match, Page, match_document
from .platform import clean_title
from .runcache import run_cache
from .taxonomy import is_interpretation_column, is_policy_column
from .titles import looks_like_interpretation


@dataclass
class PolicyDoc:
    url: str
    title: str
    column: str  # the column's name ("" when unknown)
    column_url: str
    doc_number: str = ""
    written: date | None = None
    published: date | None = None
    disclosure: str = ""
    fields: dict = field(default_factory=dict)
    # No text: held for every document for the whole run, the texts were most of the rules'
    # memory on a large site. Read a page's text when it is needed (page_text, page_head).


@dataclass
class Interpretation:
    url: str
    title: str
    published: date | None


def page_crumbs(row: dict) -> list[str]:
    return list(_crumbs_of(row.get("breadcrumb") or "[]"))


@run_cache(4096)  # a site's pages share a few breadcrumbs
def _crumbs_of(raw: str) -> tuple[str, ...]:
    try:
        crumbs = json.loads(raw)
    except ValueError:
        return ()
    return tuple(c for c in crumbs if isinstance(c, str))


def _fields(raw: str | None) -> dict:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def item_dates(ctx: AuditContext) -> dict[str, date]:
    """url -> the date a listing row shows for it (the newest when listed twice)."""
    out: dict[str, date] = {}
    for url, raw in ctx.store.db.conn.execute(
            "SELECT url, date FROM column_items WHERE run_id = ? AND date IS NOT NULL", [ctx.run_id]):
        day = parse_date(raw)
        if day and (url not in out or day > out[url]):
            out[url] = day
    return out


def articles(ctx: AuditContext) -> list[dict]:
    """The run's article and other pages (url, title, column_url, breadcrumb), by URL; not
    their texts (read a text with :func:`page_text` or :func:`page_head`, or all of them one at
    a time with :func:`page_texts`).

    Sorted here, not by SQL: ORDER BY over the pages view sorts every row in a temporary
    B-tree, which took longer than reading them (Python's order of str is the code-point
    order, which SQLite's BINARY order of UTF-8 is too).
    Read once per run and shared by the rules that ask (a rule must not change the rows): what
    is shared lives as long as the run's rules, so it holds what placing and matching the pages
    needs and no page text (the texts of 20,000 pages were the rules' peak memory).
    """
    def read() -> list[dict]:
        rows = ctx.dicts("SELECT url, title, column_url, breadcrumb FROM pages "
                         "WHERE run_id = ? AND kind IN ('article', 'other')", [ctx.run_id],
                         repeated=("column_url", "breadcrumb"))
        rows.sort(key=lambda r: r["url"])
        return rows

    return ctx.once("policydocs.articles", read)


def page_texts(ctx: AuditContext) -> Iterator[dict]:
    """url, title and text of every page of the run with a text, one page at a time, in no set
    order (:meth:`AuditContext.texts`). For rules that sort what they report."""
    return ctx.texts()


def page_text(ctx: AuditContext, url: str) -> str:
    """The stored text of one page of the run ("" when none), by a keyed look-up."""
    row = ctx.store.db.conn.execute("SELECT text FROM pages WHERE run_id = ? AND url = ?",
                                    [ctx.run_id, url]).fetchone()
    return (row[0] or "") if row else ""


def page_head(ctx: AuditContext, url: str, chars: int) -> str:
    """``page_text(ctx, url)[:chars]``, without reading the rest of the text into Python."""
    if chars < 0:  # a slice from the end: SQLite's substr cannot say it
        return page_text(ctx, url)[:chars]
    row = ctx.store.db.conn.execute("SELECT substr(text, 1, ?) FROM pages WHERE run_id = ? AND url = ?",
                                    [chars, ctx.run_id, url]).fetchone()
    return (row[0] or "") if row else ""


def articles_by_url(ctx: AuditContext) -> dict[str, dict]:
    """url -> the row of :func:`articles` (shared likewise)."""
    return ctx.once("policydocs.articles_by_url", lambda: {r["url"]: r for r in articles(ctx)})


# What the rules read of a document row (a row's every column, for 20,000 documents kept the
# whole run, was 19 MiB); the dates and the publisher recur from row to row.
DOCUMENT_COLUMNS = ("url", "title", "doc_number", "publisher", "written_date", "publish_date", "disclosure",
                    "fields")
REPEATED_DOCUMENT_COLUMNS = ("publisher", "written_date", "publish_date", "disclosure", "fields")


def documents(ctx: AuditContext) -> dict[str, dict]:
    """url -> the run's ``documents`` row (the :data:`DOCUMENT_COLUMNS`), in storage order;
    read once per run and shared."""
    return ctx.once("policydocs.documents", lambda: {d["url"]: d for d in ctx.dicts(
        f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE run_id = ?", [ctx.run_id],
        repeated=REPEATED_DOCUMENT_COLUMNS)})


def read_site(ctx: AuditContext) -> tuple[list[PolicyDoc], list[Interpretation]]:
    """(policy documents, interpretation pages) of the run, each sorted by URL.

    Read once per context (four rules ask); each caller gets its own lists of the shared rows.
    """
    docs, interps = ctx.once("policydocs.read_site", lambda: _read_site(ctx))
    return list(docs), list(interps)


def _read_site(ctx: AuditContext) -> tuple[list[PolicyDoc], list[Interpretation]]:
    names = ctx.column_names()
    by_url = documents(ctx)
    pages = iter(articles(ctx))
    first = next(pages, None)
    listed = item_dates(ctx) if first is not None else {}  # no article: no listing date needed
    docs: list[PolicyDoc] = []
    interps: list[Interpretation] = []
    for row in itertools.chain([first] if first is not None else [], pages):
        interpretive, policy_column = page_place(ctx, row, names)
        meta = by_url.get(row["url"], {})
        title = meta.get("title") or clean_title(row.get("title"))
        published = parse_date(meta.get("publish_date")) or listed.get(row["url"])
        if interpretive or looks_like_interpretation(title):
            interps.append(Interpretation(row["url"], title, published))
        elif policy_column is not None:
            column = policy_column
            docs.append(PolicyDoc(
                url=row["url"], title=title, column=column, column_url=row.get("column_url") or "",
                doc_number=meta.get("doc_number") or "", written=parse_date(meta.get("written_date")),
                published=published, disclosure=meta.get("disclosure") or "",
                fields=_fields(meta.get("fields"))))
    return docs, interps


def page_place(ctx: AuditContext, row: dict, names: dict[str, str] | None = None) -> tuple[bool, str | None]:
    """(the page sits in an interpretation column, the policy column it belongs to or None), by
    its column and breadcrumb; remembered for the run (a site's pages share a few of them).
    ``names``: :meth:`AuditContext.column_names`, when the caller holds it already."""
    column = (names if names is not None else ctx.column_names()).get(row.get("column_url") or "", "")
    where = (column, row.get("breadcrumb") or "[]")
    placed = ctx.once("policydocs.page_place", dict)
    found = placed.get(where)
    if found is None:
        found = placed[where] = _place(column, [column, *page_crumbs(row)])
    return found


def _place(column: str, places: list[str]) -> tuple[bool, str | None]:
    """(the page sits in an interpretation column, the policy column it belongs to or None)."""
    if any(is_interpretation_column(p) for p in places):
        return True, None
    if not any(is_policy_column(p) for p in places):
        return False, None
    # the policy column the page belongs to (it may have been reached first from the home page)
    return False, column if is_policy_column(column) else [p for p in places if is_policy_column(p)][-1]


def _links_from(ctx: AuditContext, url: str) -> set[str]:
    """Visible link targets (normalised) of a page; remembered for the run (two rules ask)."""
    known = ctx.once("policydocs.links_from", dict)
    if url not in known:
        rows = ctx.store.db.conn.execute(
            "SELECT target_url FROM links WHERE run_id = ? AND source_url = ? AND COALESCE(hidden, 0) = 0",
            [ctx.run_id, url])
        known[url] = frozenset(normalize_url(target) for (target,) in rows)
    return known[url]


SHARED_INDEXES = 2  # interpretation.late's (all documents) and interpretation.missing's (in scope)


class SharedIndex:
    """A :class:`DocumentIndex` and the matches found in it, shared by the rules that index the
    same documents (interpretation.late and interpretation.unlinked on most sites)."""

    def __init__(self, documents: list[Page]):
        self.index = DocumentIndex(documents)
        self._matches: dict[tuple, Match | None] = {}

    def match(self, ctx: AuditContext, interp: Page, threshold: float, head_chars: int) -> Match | None:
        """:func:`match_document` of ``interp``, its text's head read when its titles match
        nothing; the same answer again when another rule asks with the same titles and settings."""
        key = (interp.url, tuple(interp.titles), threshold, head_chars)
        if key not in self._matches:
            self._matches[key] = match_document(
                interp, self.index, threshold, head_chars,
                head=lambda url=interp.url: page_head(ctx, url, head_chars))
        return self._matches[key]


def document_index(ctx: AuditContext, documents: list[Page]) -> SharedIndex:
    """The index of ``documents``, built once per run for the same documents (same URLs, titles,
    文号 and titles with the listings' ones, in the same order) and let go with the shared reads; the
    :data:`SHARED_INDEXES` last built are kept."""
    key = tuple((d.url, d.title, d.doc_number, tuple(d.titles)) for d in documents)
    kept: dict[tuple, SharedIndex] = ctx.once("policydocs.document_indexes", dict)
    if key not in kept:
        while len(kept) >= SHARED_INDEXES:
            del kept[next(iter(kept))]  # the oldest
        kept[key] = SharedIndex(documents)
    return kept[key]


def interpretations_of(ctx: AuditContext, docs: list[PolicyDoc], interps: list[Interpretation], *,
                       threshold: float, head_chars: int) -> dict[str, list[Interpretation]]:
    """document url -> the interpretations that explain it (by content, or linked from it)."""
    index = document_index(ctx, [Page(d.url, d.title, "", d.doc_number) for d in docs])
    out: dict[str, list[Interpretation]] = {d.url: [] for d in docs}
    for interp in interps:  # a text's head read when the titles match nothing, none kept
        match = index.match(ctx, Page(interp.url, interp.title), threshold, head_chars)
        if match:
            out[match.document.url].append(interp)
    by_url = {normalize_url(i.url): i for i in interps}
    for doc in docs:
        for target in sorted(_links_from(ctx, doc.url)):
            interp = by_url.get(target)
            if interp and interp not in out[doc.url]:
                out[doc.url].append(interp)
    return out
