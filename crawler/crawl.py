"""Crawl only (no rules, no reports): the library function behind ``duwang crawl``.

Useful for debugging extraction and for tests that check what the crawler stored.
``python -m crawler`` is a thin alias over the same function (:mod:`crawler.__main__`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .runs import RunStatus
from .store import Store

EXIT_DONE, EXIT_INTERRUPTED = 0, 130


@dataclass(frozen=True)
class CrawledRun:
    site_id: int
    run_id: int
    status: RunStatus
    resumed: bool
    reason: str = ""  # why an unfinished run stopped (e.g. a failed store write), for stderr

    def to_json(self) -> str:
        return json.dumps({"site_id": self.site_id, "run_id": self.run_id, "status": self.status,
                           "resumed": self.resumed})


def parse_settings(items: list[str]) -> dict[str, Any]:
    """``NAME=JSON`` pairs (``--set``) as a settings dict; a value that is not JSON stays a string."""
    settings: dict[str, Any] = {}
    for item in items:
        name, _, value = item.partition("=")
        try:
            settings[name] = json.loads(value)
        except json.JSONDecodeError:
            settings[name] = value
    return settings


def crawl_only(store_path: str, urls: list[str], *, as_of: str, settings: dict[str, Any] | None = None,
               resume: bool = True, redis_url: str | None = None, workers: int = 1) -> list[CrawledRun]:
    """Crawl ``urls`` into the store at ``store_path``; finished runs are closed (no rules to wait for)."""
    from .runner import crawl_sites

    sites = [{"name": urlsplit(u).netloc, "start_url": u, "host": urlsplit(u).netloc, "hosts": []}
             for u in urls]
    if redis_url:
        from .distributed.coordinator import crawl_sites_shared

        runs = crawl_sites_shared(store_path, sites, as_of=as_of, settings=settings or {},
                                  resume=resume, redis_url=redis_url, workers=workers)
    else:
        runs = crawl_sites(store_path, sites, as_of=as_of, settings=settings or {}, resume=resume)
    with Store(store_path) as store:
        for run in runs:
            if run.status == RunStatus.FINISHED:  # crawl-only: no rules to wait for
                store.finish_run(run.run_id)
    return [CrawledRun(r.site_id, r.run_id, r.status, r.resumed, getattr(r, "reason", "") or "") for r in runs]


def exit_code(runs: list[CrawledRun]) -> int:
    """0 when every run finished, else 130 (interrupted: the same command resumes)."""
    return EXIT_DONE if all(r.status == RunStatus.FINISHED for r in runs) else EXIT_INTERRUPTED
