"""Distributed mode: N worker processes share one frontier and dupefilter in Redis.

The design keeps SQLite as the one audit store (crawl → SQLite → rules → reports):

* the **coordinator** (``duwang audit ... --redis URL``) prepares the runs in the audit store,
  publishes one job per site in Redis, optionally starts local workers, and drains the
  results that workers push to Redis into the store (:class:`crawler.pipelines.StoreWriter`);
* **workers** (``duwang worker --redis URL``, on this machine or others) run the ordinary
  :class:`~crawler.spiders.portal.PortalSpider` with scrapy-redis's scheduler and dupefilter,
  so every request is fetched once across all workers, and push results instead of writing
  SQLite (a remote machine cannot write the coordinator's file).

A shared counter of outstanding frontier entries per run tells workers when to keep waiting
for work and the coordinator when a crawl is complete: a page's children are counted before
they are queued, and the page itself is counted off only after its result was pushed.
"""
