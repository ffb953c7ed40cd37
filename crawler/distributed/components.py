"""Scrapy components of a distributed worker, wired by settings (see :func:`worker_settings`)."""

from __future__ import annotations

from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.scheduler import Scheduler

from ..items import to_dict
from .keys import SharedAudit


def shared_audit(settings) -> SharedAudit:
    return SharedAudit(get_redis_from_settings(settings), settings.get("DUWANG_AUDIT_KEY"))


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler that stays open while any worker still holds work for the run.

    The queue can be empty for a moment while another worker parses a page whose links are
    about to be queued; closing then would leave all the work to the last worker.
    """

    def open(self, spider):
        super().open(spider)
        self.shared = shared_audit(spider.settings)
        self.run_id = spider.run_id

    def has_pending_requests(self):
        return len(self) > 0 or self.shared.pending(self.run_id) > 0


class ResultsPipeline:
    """Pushes each result, serialised (:func:`crawler.items.to_dict`), to the coordinator's
    Redis list instead of writing SQLite."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.shared = shared_audit(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        self.shared.push_result(self.crawler.spider.run_id, to_dict(item))
        return None


def worker_settings(redis_url: str, audit_key: str) -> dict:
    """The Scrapy settings that turn a crawl into a worker of a shared audit."""
    return {
        "REDIS_URL": redis_url,
        "SCHEDULER": "crawler.distributed.components.SharedScheduler",
        "SCHEDULER_PERSIST": True,  # a restarted worker (or coordinator) picks up the queue
        "SCHEDULER_QUEUE_KEY": "duwang:%(spider)s:requests",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.FifoQueue",
        "SCHEDULER_DUPEFILTER_KEY": "duwang:%(spider)s:dupefilter",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "DUWANG_FRONTIER_CLASS": "crawler.distributed.frontier.RedisFrontier",
        "DUWANG_AUDIT_KEY": audit_key,
        # A re-inspection revalidates with the validators the coordinator published in Redis
        # (RedisFrontier.validators). The lean pre-pass would run in the one worker that
        # claims the seed while the others idle: conditional requests go through the shared
        # queue instead, so every worker revalidates what it takes.
        "DUWANG_REVALIDATE_PREPASS": False,
        "ITEM_PIPELINES": {"crawler.distributed.components.ResultsPipeline": 300},
    }
