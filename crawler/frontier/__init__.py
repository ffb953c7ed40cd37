"""The crawl frontier: what a run fetches, once, within its budget (Scrapy-style component).

Chosen by the ``DUWANG_FRONTIER_CLASS`` setting and built by ``from_crawler``, like Scrapy's
scheduler and dupefilter: :class:`~crawler.frontier.sqlite.SqliteFrontier` for a crawl alone
(the audit store is the frontier), :class:`~crawler.distributed.frontier.RedisFrontier` for the
workers of a distributed audit (set by :func:`crawler.distributed.components.worker_settings`).
The spider only asks the frontier (:class:`~crawler.frontier.base.Frontier`).
"""

from .base import Entry, Frontier, entry

__all__ = ["Entry", "Frontier", "entry"]
