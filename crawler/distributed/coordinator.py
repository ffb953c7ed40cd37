"""The coordinator of a distributed audit: publishes jobs, drains results into SQLite."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import redis
from scrapy.settings import Settings

from ..frontier.sqlite import previous_run
from ..items import from_dict
from ..pipelines import StoreWriter
from ..runner import SiteRun, close_crawl, prepare_runs
from ..store import Store
from .keys import SharedAudit

logger = logging.getLogger(__name__)


def audit_key(store: Store) -> str:
    """A stable key for this audit store in Redis (kept in the store's meta table)."""
    row = store.db.execute("SELECT value FROM meta WHERE key = 'audit_key'").fetchone()
    if row:
        return row[0]
    key = uuid.uuid4().hex[:12]
    store.db["meta"].upsert({"key": "audit_key", "value": key}, pk="key")
    return key


def start_local_workers(redis_url: str, key: str, n: int) -> list[subprocess.Popen]:
    cmd = [sys.executable, "-m", "crawler.distributed.worker", "--redis", redis_url, "--audit", key]
    return [subprocess.Popen(cmd) for _ in range(n)]


def crawl_sites_shared(store_path: str | Path, sites: list[dict], *, as_of: str, redis_url: str,
                       settings: dict[str, Any] | None = None, resume: bool = True,
                       workers: int = 0, stall_timeout: float = 900.0) -> list[SiteRun]:
    """Crawl the sites with workers sharing a Redis frontier; results land in ``store_path``.

    ``workers`` local worker processes are started; more can join from other machines with
    ``duwang worker --redis URL``. Returns when every run has no outstanding work, or when no
    result arrived for ``stall_timeout`` seconds (the runs are then left resumable).
    """
    server = redis.Redis.from_url(redis_url)
    try:
        server.ping()
    except redis.RedisError as e:
        raise ConnectionError(f"cannot reach Redis at {redis_url}: {e}") from e
    store = Store(store_path)
    procs: list[subprocess.Popen] = []
    try:
        runs = prepare_runs(store, sites, as_of=as_of, resume=resume)
        shared = SharedAudit(server, audit_key(store))
        for site, run in zip(sites, runs):
            if run.resumed and shared.has_job(run.run_id):
                continue  # the queue and counters in Redis carry on
            crawl_settings = {**(settings or {}), **site.get("crawl", {})}
            prev = store.run(run.run_id)["previous_run_id"]
            job = {"site": {k: v for k, v in site.items() if k != "crawl"}, "settings": crawl_settings,
                   "previous_run_id": prev}
            shared.publish(run.run_id, job, _previous(store, prev, crawl_settings))
        writers = {run.run_id: StoreWriter(store, run.run_id) for run in runs}
        procs = start_local_workers(redis_url, shared.audit_key, workers)
        complete = _drain(shared, writers, procs, stall_timeout)
        for w in writers.values():
            w.flush()
        for run in runs:
            close_crawl(store, run, finished=complete)
        if complete:
            shared.retire()
    finally:
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.terminate()
        store.close()
    return runs


def _previous(store: Store, previous_run_id: int | None, settings: dict[str, Any]) -> dict | None:
    """The previous run, for the workers' frontier and revalidation (they cannot read SQLite)."""
    if not previous_run_id:
        return None
    revalidate = Settings(settings).getbool("DUWANG_REVALIDATE", True)
    return previous_run(store, previous_run_id, validators=revalidate)


def _drain(shared: SharedAudit, writers: dict[int, StoreWriter], procs: list[subprocess.Popen],
           stall_timeout: float) -> bool:
    last_result = time.monotonic()
    while True:
        batch = shared.pop_results(timeout=1.0)
        for run_id, item in batch:
            writer = writers.get(run_id)
            if writer is not None:
                writer.add(from_dict(item))
        if batch:
            last_result = time.monotonic()
            continue
        # pending is read before the results list: a worker pushes a result before counting
        # its entry off, so "nothing pending and nothing waiting" means every result is here.
        if all(shared.pending(r) <= 0 for r in writers) and shared.results_waiting() == 0:
            return True
        if procs and all(p.poll() is not None for p in procs) and shared.results_waiting() == 0:
            logger.warning("all local workers exited with work outstanding; waiting for others")
            procs.clear()
        if time.monotonic() - last_result > stall_timeout:
            logger.error("no results for %.0f s; leaving the runs resumable", stall_timeout)
            return False
