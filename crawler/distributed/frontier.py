"""The frontier shared by the workers of a distributed audit (Redis).

Every worker of a run admits against the same Redis state, so a request is fetched once by
all of them together:

* **Admission**: scrapy-redis's dupefilter set (a page by its ``same_page()`` identity), and
  a shared page counter for ``DUWANG_MAX_PAGES`` (two pipelined round trips per page parsed).
* **Start**: exactly one worker claims the seed and queues the start URL (and, on a
  re-inspection, the previous run's pages the coordinator published); the others take work
  from the shared queue.
* **Pending count**: admitted entries are counted as outstanding before they are queued, so
  the run never looks finished while they wait (each result pushed counts one off).
* **Traps**: one trap guard for the run (:class:`~crawler.distributed.traps.SharedTrapGuard`).
* **Re-inspection**: the previous run's validators and each stored page's children come from
  what the coordinator published in Redis before the workers started (it owns the SQLite store).
"""

from __future__ import annotations

from scrapy.http import Request
from scrapy_redis.connection import get_redis_from_settings

from ..frontier.base import Entry, Frontier, identity
from .keys import SharedAudit
from .traps import SharedTrapGuard


class RedisFrontier(Frontier):
    one_result_per_entry = True

    def __init__(self, crawler):
        super().__init__(crawler)
        s = crawler.settings
        self.shared = SharedAudit(get_redis_from_settings(s), s.get("DUWANG_AUDIT_KEY"))

    def open(self, spider) -> None:
        from scrapy_redis.dupefilter import RFPDupeFilter

        super().open(spider)
        self.seen = RFPDupeFilter.from_spider(spider)
        self.traps = SharedTrapGuard(self.shared, self.run_id)

    def seeds(self, start: Entry) -> tuple[list[Entry], bool]:
        if not self.shared.claim_seed(self.run_id):
            return [], False
        entries = self._claim([start] + self.shared.previous_pages(self.run_id))
        # The start URL was counted when the job was published.
        self.shared.add_pending(self.run_id, len(entries) - 1)
        return entries, True

    def admit(self, entries: list[Entry]) -> list[Entry]:
        out = self._claim(entries)
        # Counted before they are queued, so the run never looks finished while they wait.
        self.shared.add_pending(self.run_id, len(out))
        return out

    def _claim(self, entries: list[Entry]) -> list[Entry]:
        """The entries no worker took before, within the page budget (two pipelined round trips)."""
        if not entries:
            return []
        df = self.seen
        pipe = df.server.pipeline(transaction=False)
        for e in entries:
            ident = identity(e["url"], kind=e["kind"], method=e["method"])
            pipe.sadd(df.key, df.request_fingerprint(Request(ident, method=e["method"], body=e["body"])))
        claimed = [e for e, added in zip(entries, pipe.execute()) if added]
        pages = [e for e in claimed if e["kind"] == "page"]
        if pages:
            total = self.shared.count_pages(self.run_id, len(pages))
            over = max(0, total - self.max_pages)
            if over:
                refused = {id(e) for e in pages[len(pages) - over:]}
                claimed = [e for e in claimed if id(e) not in refused]
        return claimed

    def children(self, urls: list[str]) -> list[Entry]:
        return self.admit(self.shared.children(self.run_id, urls))

    def validators(self) -> dict[str, tuple[str, str]]:
        return self.shared.validators(self.run_id)
