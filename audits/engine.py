"""Run the registered rules over one stored run and keep their findings.

Rules never fetch: they read the run from the store and judge it against ``as_of``.
"""

from __future__ import annotations

import json
import logging
import traceback
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crawler.store import Store
from rules.base import AuditContext, Finding, NotConfigured, Rule
from rules.registry import all_rules

logger = logging.getLogger(__name__)


@dataclass
class RuleOutcome:
    findings: list[Finding] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # rule id -> why (disabled, not configured)
    failed: dict[str, str] = field(default_factory=dict)  # rule id -> error


def enabled_rules(rule_config: dict[str, Any]) -> tuple[list[Rule], dict[str, str]]:
    """Instantiate every registered rule the config does not disable, with its settings."""
    disabled = set(rule_config.get("disable", []))
    known = {r.id for r in all_rules()}
    unknown = (disabled | {k for k, v in rule_config.items() if isinstance(v, dict)}) - known
    if unknown:
        from .config import ConfigError

        raise ConfigError(f"配置中提到未知的规则: {', '.join(sorted(unknown))}; "
                          f"运行 `duwang rules` 查看可用的规则 id")
    rules, skipped = [], {}
    for cls in all_rules():
        if cls.id in disabled:
            skipped[cls.id] = "disabled"
            continue
        try:
            rules.append(cls(rule_config.get(cls.id)))
        except NotConfigured as e:
            skipped[cls.id] = str(e)
    return rules, skipped


def run_rules(store: Store, run_id: int, *, as_of: date, rule_config: dict[str, Any] | None = None) -> RuleOutcome:
    run = store.run(run_id)
    site = store.site(run["site_id"])
    ctx = AuditContext(store=store, run_id=run_id, site=site, as_of=as_of, settings={})
    rules, skipped = enabled_rules(rule_config or {})
    outcome = RuleOutcome(skipped=skipped)
    for rule in rules:
        try:
            found = list(rule.check(ctx))
        except Exception as e:  # one broken rule must not lose the others' findings
            logger.error("rule %s failed on run %s: %s", rule.id, run_id, e)
            outcome.failed[rule.id] = "".join(traceback.format_exception_only(type(e), e)).strip()
            continue
        outcome.findings.extend(found)
    save_findings(store, run_id, site["id"], outcome.findings)
    save_failures(store, run_id, outcome.failed)
    return outcome


# Rules that raised during a run (rule id, error), kept beside the findings so that the verdict
# and the reports, read later from the store, can say the audit is 未完成 and name the rule.
FAILURES_TABLE = "rule_failures"
_FAILURES_DDL = (f"CREATE TABLE IF NOT EXISTS [{FAILURES_TABLE}] (run_id INTEGER, rule TEXT, "
                 f"error TEXT, PRIMARY KEY (run_id, rule))")


def save_failures(store: Store, run_id: int, failed: dict[str, str]) -> None:
    """Replace the run's recorded rule failures with ``failed`` (rule id -> error)."""
    with store.db.conn:
        store.db.execute(_FAILURES_DDL)
        store.db.execute(f"DELETE FROM [{FAILURES_TABLE}] WHERE run_id = ?", [run_id])
        for rule_id, error in sorted(failed.items()):
            store.db.execute(f"INSERT INTO [{FAILURES_TABLE}] (run_id, rule, error) VALUES (?, ?, ?)",
                             [run_id, rule_id, error])


def rule_failures(store: Store, run_id: int) -> dict[str, str]:
    """The rules that raised during the run (rule id -> error); empty for a store without any."""
    if FAILURES_TABLE not in store.db.table_names():
        return {}
    return {r["rule"]: r["error"] or "" for r in store.query(
        f"SELECT rule, error FROM [{FAILURES_TABLE}] WHERE run_id = ? ORDER BY rule", [run_id])}


def save_findings(store: Store, run_id: int, site_id: int, findings: list[Finding]) -> None:
    rows, seen = [], set()
    for f in findings:
        if f.fingerprint in seen:  # the same problem reported twice in one run
            continue
        seen.add(f.fingerprint)
        rows.append({"run_id": run_id, "site_id": site_id, "fingerprint": f.fingerprint,
                     "rule": f.rule, "severity": f.severity, "url": f.url, "target": f.target,
                     "title": f.title, "message": f.message, "evidence": f.evidence,
                     "basis": f.basis, "data": json.dumps(f.data, ensure_ascii=False, default=str)})
    with store.db.conn:
        store.db.execute("DELETE FROM findings WHERE run_id = ?", [run_id])
    store.insert_rows("findings", rows)
