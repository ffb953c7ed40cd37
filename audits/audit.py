"""The audit as a library call: crawl → store → rules → findings → reports.

``duwang audit`` is a thin layer over :func:`run_audit`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from crawler.attachments import read_for_site
from crawler.runs import RunStatus
from crawler.store import Store
from findings.ignore import MarksError, MarkSummary, apply_marks, counted, load_marks
from findings.verdict import Verdict, verdict_for_run
from rules.base import Severity

from . import pending
from .config import AuditConfig, ConfigError, SiteSpec, crawl_settings, merge_rules
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
    marks: MarkSummary | None = None  # what ignore.toml did to this run's findings
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
        return any(s.status != RunStatus.FINISHED for s in self.sites)

    @property
    def has_veto(self) -> bool:
        return any(f.severity == Severity.VETO and counted(f)
                   for s in self.sites if s.outcome for f in _vetoes(s.outcome.findings))

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


def _vetoes(findings):
    """The 否决 findings among ``findings`` (only those read, from a StoredFindings)."""
    of_severity = getattr(findings, "of_severity", None)
    return of_severity(Severity.VETO.value) if of_severity else findings


def site_dict(spec: SiteSpec, config: AuditConfig) -> dict[str, Any]:
    return {
        "name": spec.name, "start_url": spec.url, "host": spec.host, "site_code": spec.site_code,
        "unit": spec.unit, "hosts": spec.hosts,
        "crawl": crawl_settings(spec.crawl, f"{spec.name} "),
    }


def report_options(sites: list[SiteSpec], config: AuditConfig):
    """整改时限 ([report] deadlines) and 责任单位 (each site's unit_prefixes) for the reports."""
    from reports.model import ReportOptions

    options = ReportOptions(unit_prefixes={s.name: dict(s.unit_prefixes) for s in sites if s.unit_prefixes})
    options.deadlines.update(config.report.get("deadlines", {}))
    return options


def run_audit(sites: list[SiteSpec], out_dir: Path, *, as_of: date, config: AuditConfig | None = None,
              resume: bool = True, scrapy_settings: dict[str, Any] | None = None,
              write_reports: bool = True, redis_url: str | None = None, workers: int = 1) -> AuditResult:
    """Crawl the sites (resuming unfinished runs), run the rules, write the reports."""
    from crawler.runner import crawl_sites

    config = config or AuditConfig()
    out_dir = Path(out_dir)
    result = AuditResult(out_dir=out_dir, as_of=as_of)
    with audit_lock(out_dir):
        try:
            marks = load_marks(out_dir)  # a bad ignore.toml is bad input: say so before crawling
        except MarksError as e:
            raise ConfigError(str(e)) from e
        store_path = out_dir / STORE_NAME
        settings = {**crawl_settings(config.crawl, "config "), **(scrapy_settings or {})}
        site_dicts = [site_dict(s, config) for s in sites]
        owed = pending.owed_runs(store_path, [s.url for s in sites]) if resume and write_reports else None
        if owed is not None:  # killed while writing the reports: write them, crawl nothing
            runs = owed
        elif redis_url:
            from crawler.distributed.coordinator import crawl_sites_shared

            runs = crawl_sites_shared(store_path, site_dicts, as_of=as_of.isoformat(), settings=settings,
                                      resume=resume, redis_url=redis_url, workers=workers)
        else:
            runs = crawl_sites(store_path, site_dicts, as_of=as_of.isoformat(), settings=settings,
                               resume=resume)
        with Store(store_path) as store:
            if all(run.status == RunStatus.FINISHED for run in runs):
                pending.mark(store, [run.run_id for run in runs])
            for spec, site, run in zip(sites, site_dicts, runs):
                sr = SiteResult(site=spec, site_id=run.site_id, run_id=run.run_id, status=run.status)
                result.sites.append(sr)
                if run.status != RunStatus.FINISHED:
                    continue
                try:  # attachment text, for the text rules; a failure here never loses the run
                    read_for_site(store, run.run_id, site, settings)
                except Exception as e:  # noqa: BLE001
                    logger.error("reading attachments of run %s failed: %s", run.run_id, e)
                rule_config = merge_rules(config.rules, spec.rules)
                sr.outcome = run_rules(store, run.run_id, as_of=as_of, rule_config=rule_config)
                sr.marks = apply_marks(store, run.run_id, marks)  # outcome.findings reads them back
                store.finish_run(run.run_id)
                sr.verdict = verdict_for_run(store, run.run_id)
                sr.new, sr.fixed = _changes(store, run.run_id)
            if write_reports and not result.interrupted:
                from reports import write_reports as write_all

                result.reports = write_all(store, result.run_ids, out_dir, as_of=as_of,
                                           options=report_options(sites, config))
                pending.clear(store)
    return result


def _changes(store: Store, run_id: int) -> tuple[int, int]:
    from findings.history import diff_summary

    diff = diff_summary(store, run_id)  # counts: this run's findings are not read
    return len(diff.new), len(diff.fixed)
