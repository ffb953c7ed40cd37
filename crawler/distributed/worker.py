"""A distributed worker: ``duwang worker --redis redis://HOST:6379/0``.

Start as many as you like, on this machine or others that can reach Redis and the portals.
A worker takes the jobs of the newest active audit (or ``--audit KEY``), crawls with the
shared frontier until no run of that audit has work left, and exits.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

import redis
from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import Crawler

from ..runner import base_settings, crawler_process
from .components import worker_settings
from .keys import ACTIVE_AUDITS, SharedAudit

logger = logging.getLogger(__name__)


class NoWork(RuntimeError):
    pass


def find_audit(server, wait: float) -> str:
    """The key of an active audit, waiting up to ``wait`` seconds for one to be published."""
    deadline = time.monotonic() + wait
    while True:
        keys = sorted(k.decode() if isinstance(k, bytes) else k for k in server.smembers(ACTIVE_AUDITS))
        if keys:
            return keys[-1]
        if time.monotonic() >= deadline:
            raise NoWork(f"no audit published in Redis within {wait:.0f} s")
        time.sleep(0.5)


def run_worker(redis_url: str, *, audit_key: str | None = None, wait: float = 60.0) -> int:
    """Crawl the jobs of one audit with the shared frontier; returns the number of runs served."""
    from ..spiders.portal import PortalSpider

    server = redis.Redis.from_url(redis_url)
    try:
        server.ping()
    except redis.RedisError as e:
        raise ConnectionError(str(e)) from e
    audit_key = audit_key or find_audit(server, wait)
    shared = SharedAudit(server, audit_key)
    jobs = shared.jobs()
    if not jobs:
        raise NoWork(f"audit {audit_key} has no jobs")
    # An idle worker asks Redis for new work twice a second instead of Scrapy's 5 s heartbeat:
    # another worker's page may queue hundreds of requests at any moment.
    ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = 0.5
    shared_settings = worker_settings(redis_url, audit_key)
    process = crawler_process(base_settings("", shared_settings))
    for i, (run_id, job) in enumerate(sorted(jobs.items())):
        crawler = Crawler(PortalSpider, base_settings("", {**job.get("settings", {}), **shared_settings}),
                          init_reactor=i == 0)
        process.crawl(crawler, site=job["site"], run_id=run_id, previous_run_id=job.get("previous_run_id"),
                      resume=False,
                      name=shared.spider_name(run_id))
    print(f"worker serving audit {audit_key}: {len(jobs)} run(s)", file=sys.stderr, flush=True)
    process.start()
    return len(jobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.distributed.worker", description=__doc__)
    parser.add_argument("--redis", required=True, help="redis://HOST:PORT/DB shared by all workers")
    parser.add_argument("--audit", help="audit key (default: the newest active audit)")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for an audit")
    parser.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING (default), ERROR")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    try:
        run_worker(args.redis, audit_key=args.audit, wait=args.wait)
    except (NoWork, ConnectionError) as e:
        logger.error("%s", e)
        return 2  # bad input (as `duwang worker`): 3 means "lock held"
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
