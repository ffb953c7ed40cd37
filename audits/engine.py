"""Run the registered rules over one stored run and keep their findings (:mod:`findings.records`).

Rules never fetch: they read the run from the store and judge it against ``as_of``.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crawler.store import Store
from findings.records import FindingsWriter, StoredFindings, save_failures
from rules.base import AuditContext, Finding, NotConfigured, Rule
from rules.registry import all_rules

logger = logging.getLogger(__name__)


@dataclass
class RuleOutcome:
    """What the rules did to a run. ``findings``: after :func:`run_rules`, the run's stored
    findings (a :class:`~findings.records.StoredFindings`: read from audit.db when iterated,
    in the store's order, one per fingerprint; ``len()`` counts them), not a list held in memory."""

    findings: Sequence[Finding] = field(default_factory=list)
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


RELEASE = object()  # in in_order(): where the shared reads are let go


def in_order(rules: list[Rule]) -> list:
    """The rules that read what rules share (``shared_reads``) first, then :data:`RELEASE`, then
    the others, each part in the registry's order: the shared reads of a large run (its
    articles, documents, title keys) are gone before the rest start (the order of the findings
    is the store's, whatever the rules' order)."""
    first = [r for r in rules if getattr(r, "shared_reads", False)]
    return [*first, RELEASE, *[r for r in rules if not getattr(r, "shared_reads", False)]]


def run_rules(store: Store, run_id: int, *, as_of: date, rule_config: dict[str, Any] | None = None) -> RuleOutcome:
    run = store.run(run_id)
    site = store.site(run["site_id"])
    ctx = AuditContext(store=store, run_id=run_id, site=site, as_of=as_of, settings={})
    rules, skipped = enabled_rules(rule_config or {})
    outcome = RuleOutcome(skipped=skipped)
    writer = FindingsWriter(store, run_id, site["id"])
    for rule in in_order(rules):
        if rule is RELEASE:  # the rules that share reads are done: let them go
            ctx.release()
            continue
        writer.start_rule()
        try:
            for found in rule.check(ctx):  # saved in batches as they come, never all kept
                writer.add(found)
            writer.flush()
        except Exception as e:  # one broken rule must not lose the others' findings
            logger.error("rule %s failed on run %s: %s", rule.id, run_id, e)
            outcome.failed[rule.id] = "".join(traceback.format_exception_only(type(e), e)).strip()
            writer.rule_failed()
            continue
    writer.flush()
    ctx.release()
    save_failures(store, run_id, outcome.failed)
    outcome.findings = StoredFindings(store.path, run_id, count=writer.count)
    return outcome
