"""The Redis layout of one distributed audit (names in one place)."""

from __future__ import annotations

import json
from typing import Any

ACTIVE_AUDITS = "duwang:audits"  # set of audit keys that have published jobs


class SharedAudit:
    """One audit's state in Redis: jobs, results, and per-run counters."""

    def __init__(self, server, audit_key: str):
        self.server = server
        self.audit_key = audit_key
        self.prefix = f"duwang:{audit_key}"

    # -- names -------------------------------------------------------------------------------
    @property
    def jobs_key(self) -> str:
        return f"{self.prefix}:jobs"

    @property
    def results_key(self) -> str:
        return f"{self.prefix}:results"

    def _run_key(self, run_id: int, name: str) -> str:
        return f"{self.prefix}:run:{run_id}:{name}"

    def pending_key(self, run_id: int) -> str:
        return self._run_key(run_id, "pending")

    def pages_key(self, run_id: int) -> str:
        return self._run_key(run_id, "pages")

    def seeded_key(self, run_id: int) -> str:
        return self._run_key(run_id, "seeded")

    def trap_variants_key(self, run_id: int) -> str:
        return self._run_key(run_id, "trap_variants")

    def trap_counts_key(self, run_id: int) -> str:
        return self._run_key(run_id, "trap_counts")

    def previous_key(self, run_id: int) -> str:
        return self._run_key(run_id, "previous")

    def validators_key(self, run_id: int) -> str:
        return self._run_key(run_id, "validators")

    def children_key(self, run_id: int) -> str:
        return self._run_key(run_id, "children")

    def run_keys(self, run_id: int) -> list[str]:
        """Every key of a run: queue, dupefilter, counters, trap guard, the previous run."""
        name = self.spider_name(run_id)
        return [f"duwang:{name}:requests", f"duwang:{name}:dupefilter", self.pending_key(run_id),
                self.pages_key(run_id), self.seeded_key(run_id), self.trap_variants_key(run_id),
                self.trap_counts_key(run_id), self.previous_key(run_id), self.validators_key(run_id),
                self.children_key(run_id)]

    def spider_name(self, run_id: int) -> str:
        """Spider name of a run; scrapy-redis derives the queue and dupefilter keys from it."""
        return f"portal-{self.audit_key}-{run_id}"

    # -- jobs --------------------------------------------------------------------------------
    def publish(self, run_id: int, job: dict[str, Any], previous: dict[str, Any] | None = None) -> None:
        """Publish a fresh job: one start URL outstanding, empty queue and dupefilter.

        ``previous`` (a re-inspection): what the workers need of the previous run, which only
        the coordinator can read (its SQLite store): ``pages`` (frontier entries to ask for
        again), ``validators`` (url -> (ETag, Last-Modified)) and ``children`` (url -> the
        entries discovered on that page, queued again when it is confirmed unchanged). Written
        once, before the job is visible to workers.
        """
        pipe = self.server.pipeline()
        pipe.delete(*self.run_keys(run_id))
        pipe.set(self.pending_key(run_id), 1)  # the start URL, queued by the first worker
        pipe.execute()
        if previous:
            self._publish_previous(run_id, previous)
        pipe = self.server.pipeline()
        pipe.hset(self.jobs_key, str(run_id), json.dumps(job, ensure_ascii=False))
        pipe.sadd(ACTIVE_AUDITS, self.audit_key)
        pipe.execute()

    def _publish_previous(self, run_id: int, previous: dict[str, Any], chunk: int = 1000) -> None:
        def dump(value) -> str:
            return json.dumps(value, ensure_ascii=False)

        pages = [dump(e) for e in previous.get("pages", [])]
        for i in range(0, len(pages), chunk):
            self.server.rpush(self.previous_key(run_id), *pages[i:i + chunk])
        for key, mapping in ((self.validators_key(run_id), previous.get("validators", {})),
                             (self.children_key(run_id), previous.get("children", {}))):
            items = [(k, dump(list(v))) for k, v in mapping.items()]
            for i in range(0, len(items), chunk):
                self.server.hset(key, mapping=dict(items[i:i + chunk]))

    def has_job(self, run_id: int) -> bool:
        return bool(self.server.hexists(self.jobs_key, str(run_id)))

    def jobs(self) -> dict[int, dict]:
        return {int(k): json.loads(v) for k, v in self.server.hgetall(self.jobs_key).items()}

    def retire(self) -> None:
        """Forget the audit's jobs and counters (the coordinator calls this when it is done)."""
        keys = [self.jobs_key, self.results_key]
        for run_id in self.jobs():
            keys += self.run_keys(run_id)
        self.server.delete(*keys)
        self.server.srem(ACTIVE_AUDITS, self.audit_key)

    # -- the previous run (a re-inspection) ------------------------------------------------
    def previous_pages(self, run_id: int) -> list[dict]:
        """The frontier entries of the previous run's pages (published by the coordinator)."""
        return [json.loads(raw) for raw in self.server.lrange(self.previous_key(run_id), 0, -1)]

    def validators(self, run_id: int) -> dict[str, tuple[str, str]]:
        """url -> (ETag, Last-Modified) of the previous run's pages."""
        return {_text(url): tuple(json.loads(v))
                for url, v in self.server.hgetall(self.validators_key(run_id)).items()}

    def children(self, run_id: int, urls: list[str]) -> list[dict]:
        """The previous run's frontier entries discovered on ``urls``."""
        if not urls:
            return []
        found = self.server.hmget(self.children_key(run_id), urls)
        return [e for raw in found if raw for e in json.loads(raw)]

    # -- counters ----------------------------------------------------------------------------
    def pending(self, run_id: int) -> int:
        return int(self.server.get(self.pending_key(run_id)) or 0)

    def add_pending(self, run_id: int, n: int) -> None:
        if n:
            self.server.incrby(self.pending_key(run_id), n)

    def claim_seed(self, run_id: int) -> bool:
        """True for exactly one worker: the one that queues the start URL."""
        return bool(self.server.set(self.seeded_key(run_id), 1, nx=True))

    def count_pages(self, run_id: int, n: int) -> int:
        """Add ``n`` pages to the run's page budget; returns the new total."""
        return int(self.server.incrby(self.pages_key(run_id), n))

    # -- results -----------------------------------------------------------------------------
    def push_result(self, run_id: int, item: dict) -> None:
        """Push a result, then count its frontier entry off (in that order, atomically)."""
        pipe = self.server.pipeline(transaction=True)
        pipe.rpush(self.results_key, json.dumps({"run_id": run_id, "item": item}, ensure_ascii=False))
        if item["type"] != "frontier":  # the start entry was counted when the job was published
            pipe.decr(self.pending_key(run_id))
        pipe.execute()

    def pop_results(self, limit: int = 500, timeout: float = 1.0) -> list[tuple[int, dict]]:
        first = self.server.blpop([self.results_key], timeout=timeout)
        if first is None:
            return []
        raw = [first[1]]
        pipe = self.server.pipeline()
        pipe.lrange(self.results_key, 0, limit - 1)
        pipe.ltrim(self.results_key, limit, -1)
        more, _ = pipe.execute()
        raw += more
        out = []
        for r in raw:
            data = json.loads(r)
            out.append((int(data["run_id"]), data["item"]))
        return out

    def results_waiting(self) -> int:
        return int(self.server.llen(self.results_key))


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value
