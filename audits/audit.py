"""The audit as a library call: crawl → store → rules → findings → reports.

``duwang audit`` is a thin layer over :func:`run_audit`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from crawler.store import Store
from findings.verdict import Verdict, verdict_for_run
from rules.base import Severity

from .config import AuditConfig, SiteSpec, crawl_settings, merge_rules
from .engine import RuleOutcome, run_rules
from .lock import audit_lock

logger = logging.getLogger(__name__)

STORE_NAME = "audit.db"


@dataclass
class SiteResult:
    site: SiteSpec
    site_id: int
    run_id: int
    status: str  # finished | interrupted
    outcome: RuleOutcome | None = None
    verdict: Verdict | None = None
    new: int = 0
    fixed: int = 0


@dataclass
class AuditResult:
    out_dir: Path
    as_of: date
    sites: list[SiteResult] = field(default_factory=list)
    reports: dict[str, Path] = field(default_factory=dict)

    @property
    def interrupted(self) -> bool:
        return any(s.status != "finished" for s in self.sites)

    @property
    def has_veto(self) -> bool:
        return any(f.severity == Severity.VETO for s in self.sites if s.outcome for f in s.outcome.findings)

    @property
    def incomplete(self) -> bool:
        """A finished site could not be judged (无法检查) or a rule failed (未完成)."""
        return any(s.verdict is not None and s.verdict.incomplete for s in self.sites)

    @property
    def changed(self) -> bool:
        """Anything new or fixed since the previous run of any site (cron's quiet mode)."""
        return any(s.new or s.fixed for s in self.sites)

    @property
    def run_ids(self) -> list[int]:
        return [s.run_id for s in self.sites]


def site_dict(spec: SiteSpec, config: AuditConfig) -> dict[str, Any]:
    return {
        "name": spec.name, "start_url": spec.url, "host": spec.host, "site_code": spec.site_code,
        "unit": spec.unit, "hosts": spec.hosts,
        "crawl": crawl_settings(spec.crawl, f"{spec.name} "),
    }


def run_audit(sites: list[SiteSpec], out_dir: Path, *, as_of: date, config: AuditConfig | None = None,
              resume: bool = True, scrapy_settings: dict[str, Any] | None = None,
              write_reports: bool = True, redis_url: str | None = None, workers: int = 1) -> AuditResult:
    """Crawl the sites (resuming unfinished runs), run the rules, write the reports."""
    from crawler.runner import crawl_sites

    config = config or AuditConfig()
    out_dir = Path(out_dir)
    result = AuditResult(out_dir=out_dir, as_of=as_of)
    with audit_lock(out_dir):
        store_path = out_dir / STORE_NAME
        settings = {**crawl_settings(config.crawl, "config "), **(scrapy_settings or {})}
        site_dicts = [site_dict(s, config) for s in sites]
        if redis_url:
            from crawler.distributed.coordinator import crawl_sites_shared

            runs = crawl_sites_shared(store_path, site_dicts, as_of=as_of.isoformat(), settings=settings,
                                      resume=resume, redis_url=redis_url, workers=workers)
        else:
            runs = crawl_sites(store_path, site_dicts, as_of=as_of.isoformat(), settings=settings,
                               resume=resume)
        with Store(store_path) as store:
            for spec, run in zip(sites, runs):
                sr = SiteResult(site=spec, site_id=run.site_id, run_id=run.run_id, status=run.status)
                result.sites.append(sr)
                if run.status != "finished":
                    continue
                rule_config = merge_rules(config.rules, spec.rules)
                sr.outcome = run_rules(store, run.run_id, as_of=as_of, rule_config=rule_config)
                store.finish_run(run.run_id)
                sr.verdict = verdict_for_run(store, run.run_id)
                sr.new, sr.fixed = _changes(store, run.run_id)
            if write_reports and not result.interrupted:
                from reports import write_reports as write_all

                result.reports = write_all(store, result.run_ids, out_dir, as_of=as_of)
    return result


def _changes(store: Store, run_id: int) -> tuple[int, int]:
    from findings.history import diff_runs

    diff = diff_runs(store, run_id)
    return len(diff.new), len(diff.fixed)
