"""The frontier of a crawl alone: the audit store's ``requests`` table, and a seen set in memory.

* **Admission**: an entry is taken once, a page by its ``same_page()`` identity; at most
  ``DUWANG_MAX_PAGES`` pages per run (link checks and proxy requests are not counted).
* **Resume**: an interrupted run reads back every entry it took and fetches those still queued.
* **Re-inspection**: a new run also asks for every page the previous run stored, reachable
  or not, so a page that vanished from the listings still shows (as a 404).
* **Reuse**: a page the server confirmed unchanged (304) is not parsed again; its children
  (the entries the previous run discovered on it) are queued from the store instead.
"""

from __future__ import annotations

import json

from ..store import Store
from ..urls import canonical, same_page
from .base import Entry, Frontier, identity


class SqliteFrontier(Frontier):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.store = Store(crawler.settings.get("DUWANG_STORE"))
        self.seen: set[tuple[str, str, str]] = set()
        self.pages_enqueued = 0
        # same_page() identity -> the URL it is fetched at (/x/ and /x/index.html are one page)
        self.fetched_as: dict[str, str] = {}

    def close(self) -> None:
        self.store.close()

    def as_of(self) -> str | None:
        try:
            return self.store.run(self.run_id)["as_of"]
        except Exception:  # noqa: BLE001 - no run row: list dates are read against today
            return None

    def key(self, method: str, url: str, body: str | None, kind: str) -> tuple[str, str, str]:
        """What makes a request the same as another: a page is known by its same_page() identity."""
        ident = identity(url, kind=kind, method=method)
        if kind == "page" and method == "GET":  # where the page is fetched (address_of)
            self.fetched_as.setdefault(ident, url)
        return method, ident, body or ""

    def admit(self, entries: list[Entry]) -> list[Entry]:
        admitted = []
        for e in entries:
            key = self.key(e["method"], e["url"], e["body"], e["kind"])
            if key in self.seen:
                continue
            self.seen.add(key)
            if e["kind"] == "page":
                if self.pages_enqueued >= self.max_pages:
                    continue
                self.pages_enqueued += 1
            admitted.append(e)
        return admitted

    def known(self, method: str, url: str, body: str, kind: str) -> bool:
        return self.key(method, url, body, kind) in self.seen

    def claim_address(self, url: str) -> bool:
        key = self.key("GET", url, "", "page")
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def address_of(self, url: str) -> str:
        return self.fetched_as.get(same_page(url), canonical(url))

    def seeds(self, start: Entry) -> tuple[list[Entry], bool]:
        taken = list(self.store.query("SELECT * FROM requests WHERE run_id = ?", [self.run_id])) \
            if self.spider.resume else []
        if not taken:  # a new run, or one killed before its start was stored: start afresh
            return self.admit([start] + self._previous_pages()), True
        for row in taken:
            self.seen.add(self.key(row["method"], row["url"], row["body"], row["kind"]))
            if row["kind"] == "page":
                self.pages_enqueued += 1
        pending = list(self.store.query(
            "SELECT * FROM requests WHERE run_id = ? AND state = 'queued'", [self.run_id]))
        self.spider.logger.info("resuming run %s: %d requests done, %d pending",
                                self.run_id, len(self.seen) - len(pending), len(pending))
        return pending, False

    def _previous_pages(self) -> list[Entry]:
        """A re-inspection revalidates every page the previous run stored, reachable or not,
        so a page that vanished from the listings is still asked for (and shows as 404)."""
        if not self.previous_run_id:
            return []
        return previous_pages(self.store, self.previous_run_id)

    def children(self, urls: list[str]) -> list[Entry]:
        return self.admit(list(self.store.query(
            "SELECT url, depth, referer, kind, method, body, meta FROM requests "
            "WHERE run_id = ? AND referer IN (SELECT value FROM json_each(?))",
            [self.previous_run_id, json.dumps(urls)])))

    def validators(self) -> dict[str, tuple[str, str]]:
        return self.store.validators(self.previous_run_id) if self.previous_run_id else {}


def previous_run(store: Store, previous_run_id: int, *, validators: bool = True) -> dict:
    """What a frontier elsewhere (a distributed worker) needs of the previous run: its pages,
    their validators and each page's children (see :meth:`crawler.distributed.keys.SharedAudit.publish`)."""
    pages = previous_pages(store, previous_run_id)
    found = store.validators(previous_run_id) if validators else {}
    children: dict[str, list[Entry]] = {}
    if found:  # only a page that can be confirmed unchanged needs its children again
        for row in store.query(
                "SELECT url, depth, referer, kind, method, body, meta FROM requests "
                "WHERE run_id = ? AND referer != ''", [previous_run_id]):
            if row["referer"] in found:
                children.setdefault(row["referer"], []).append(row)
    return {"pages": pages, "validators": found, "children": children}


def previous_pages(store: Store, previous_run_id: int) -> list[Entry]:
    """The frontier entries of every page the run stored (shallow first)."""
    return [{**row, "referer": ""} for row in store.query(
        "SELECT url, depth, kind, method, body, meta FROM requests WHERE run_id = ? "
        "AND kind = 'page' AND method = 'GET' ORDER BY depth", [previous_run_id])]
