"""Run the registered rules over one stored run and keep their findings (:mod:`findings.records`).

Rules never fetch: they read the run from the store and judge it against ``as_of``.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crawler.store import Store
from findings.records import FindingsWriter, StoredFindings, save_failures
from rules.base import AuditContext, Finding, NotConfigured, Rule, TextRule
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


def in_order(rules: list[Rule]) -> tuple[list[Rule], list[TextRule], list[TextRule], list[Rule]]:
    """The rules in the order the engine runs them, each part in the registry's order:
    (rules that read what rules share, ``shared_reads``; the text rules that share reads too;
    the other text rules; the others). The shared reads of a large run (its articles, documents,
    title keys) are let go after the first two parts have started, before the texts are read
    and the rest start (text.typo's models); the order of the findings is the store's, whatever
    the rules' order."""
    def shares(r: Rule) -> bool:
        return getattr(r, "shared_reads", False)

    texts = [r for r in rules if isinstance(r, TextRule)]
    others = [r for r in rules if not isinstance(r, TextRule)]
    return ([r for r in others if shares(r)], [r for r in texts if shares(r)],
            [r for r in texts if not shares(r)], [r for r in others if not shares(r)])


def _timed(label: str, fn) -> None:
    fn()


class _Run:
    """One run's rules: each rule's findings written as they come, a rule that raises isolated."""

    def __init__(self, ctx: AuditContext, writer: FindingsWriter, outcome: RuleOutcome):
        self.ctx, self.writer, self.outcome = ctx, writer, outcome

    def failed(self, rule: Rule, e: Exception) -> None:
        logger.error("rule %s failed on run %s: %s", rule.id, self.ctx.run_id, e)
        self.outcome.failed[rule.id] = "".join(traceback.format_exception_only(type(e), e)).strip()

    def write(self, rule: Rule, found: Callable[[], Iterable[Finding]]) -> None:
        """Store what ``found()`` yields as ``rule``'s findings; all of them taken back if it raises."""
        writer = self.writer
        writer.start_rule()
        try:
            for f in found():  # saved in batches as they come, never all kept
                writer.add(f)
            writer.flush()
        except Exception as e:  # one broken rule must not lose the others' findings
            self.failed(rule, e)
            writer.rule_failed()

    def start(self, rules: list[TextRule]) -> list[TextRule]:
        """The text rules whose :meth:`~rules.base.TextRule.start_texts` did not raise."""
        live = []
        for rule in rules:
            try:
                rule.start_texts(self.ctx)
                live.append(rule)
            except Exception as e:
                self.failed(rule, e)
        return live

    def text_pass(self, rules: list[TextRule], seconds: dict[str, float] | None = None) -> list[TextRule]:
        """Every page's text read once and handed to each rule; a rule that raises on a page is
        dropped (failed) and the others go on. Returns the rules that read every page.
        ``seconds``: filled with each rule's CPU seconds in the pass (the benchmark's figures)."""
        live, ctx = list(rules), self.ctx
        if not live:
            return live
        clock = time.process_time if seconds is not None else None
        try:
            for page in ctx.texts():
                for rule in live:
                    start = clock() if clock else 0.0
                    try:
                        rule.read_text(ctx, page)
                    except Exception as e:
                        self.failed(rule, e)
                        live = [r for r in live if r is not rule]  # what it kept goes with it
                    if clock:
                        seconds[rule.id] = seconds.get(rule.id, 0.0) + clock() - start
        except Exception as e:  # the texts could not be read: no text rule saw them all
            for rule in live:
                self.failed(rule, e)
            return []
        return live


def run_rules(store: Store, run_id: int, *, as_of: date, rule_config: dict[str, Any] | None = None,
              step=_timed, writer: FindingsWriter | None = None,
              pass_seconds: dict[str, float] | None = None) -> RuleOutcome:
    """Every enabled rule over the run, findings stored as they come (:class:`FindingsWriter`).

    ``step(label, fn)`` runs each step (a rule, the text pass, a text rule's findings); the
    post-crawl benchmark passes a timer. ``writer``: where the findings go (default: the run's
    stored findings, replaced). ``pass_seconds``: each text rule's CPU seconds in the text pass."""
    run = store.run(run_id)
    site = store.site(run["site_id"])
    if not store.has_statistics():  # a store an older duwang crawled (Store.analyze)
        store.analyze()
    ctx = AuditContext(store=store, run_id=run_id, site=site, as_of=as_of, settings={})
    rules, skipped = enabled_rules(rule_config or {})
    outcome = RuleOutcome(skipped=skipped)
    writer = writer or FindingsWriter(store, run_id, site["id"])
    this = _Run(ctx, writer, outcome)
    sharing, sharing_texts, texts, others = in_order(rules)
    for rule in sharing:
        step(f"rule {rule.id}", lambda rule=rule: this.write(rule, lambda: rule.check(ctx)))
    live: list[TextRule] = []  # the text rules that have not failed

    def read_texts() -> None:
        live[:] = this.text_pass(live, pass_seconds)

    step("text rules: start (shared reads)", lambda: live.extend(this.start(sharing_texts)))
    ctx.release()  # the rules that share reads have read them: let them go
    step("text rules: start", lambda: live.extend(this.start(texts)))
    step("text pass (every page's text once)", read_texts)
    for rule in live:
        step(f"rule {rule.id} (findings)", lambda rule=rule: this.write(rule, lambda: rule.finish_texts(ctx)))
    live.clear()
    for rule in others:
        step(f"rule {rule.id}", lambda rule=rule: this.write(rule, lambda: rule.check(ctx)))
    writer.flush()
    ctx.release()
    save_failures(store, run_id, outcome.failed)
    outcome.findings = StoredFindings(store.path, run_id, count=writer.count)
    return outcome
