"""Everything the exporters need, loaded once from the store: sites, runs, findings per run,
verdicts, diffs and counts by rule. Exporters (json, html, xlsx) only format this."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from audits.history import RunDiff, diff_runs, finding_rows
from audits.ignore import counted, mark_of
from audits.verdict import Verdict, verdict_for_findings
from crawler.store import Store

SEVERITY_ORDER = {"否决": 0, "扣分": 1, "提示": 2}
GENERIC_FIX = "请核实该问题, 按照依据条款整改后在下次检查时复核。"


@dataclass
class RuleInfo:
    id: str
    title: str
    severity: str
    basis: str
    basis_status: str
    fix: str


def rule_info(rule_id: str) -> RuleInfo:
    try:
        from rules.registry import get_rule

        cls = get_rule(rule_id)
    except Exception:  # unknown (third-party rule no longer installed) or registry failure
        return RuleInfo(rule_id, rule_id, "", "", "", GENERIC_FIX)
    try:
        fix = (cls.docs().get("Fix") or "").strip()
    except Exception:
        fix = ""
    return RuleInfo(cls.id, cls.title or cls.id, cls.severity, cls.basis,
                    getattr(cls, "basis_status", ""), fix or GENERIC_FIX)


def severity_key(severity: str) -> int:
    return SEVERITY_ORDER.get(severity, 9)


@dataclass
class SiteReport:
    site: dict[str, Any]
    run: dict[str, Any]
    findings: list[dict[str, Any]]  # with status, site, site_code, as_of, run_id
    verdict: Verdict
    diff: RunDiff
    counts: dict[str, int]  # rule id -> count
    severity_counts: dict[str, int]
    ignored: list[dict[str, Any]] = field(default_factory=list)  # marked 无需整改 (ignore.toml)

    @property
    def recheck_failed(self) -> list[dict[str, Any]]:
        """Findings marked 已整改 that this run still found (复核未通过)."""
        return [f for f in self.findings if f.get("status") == "复核未通过"]

    @property
    def name(self) -> str:
        return self.site.get("name") or self.site.get("host") or f"site {self.site['id']}"

    @property
    def run_id(self) -> int:
        return self.run["id"]

    def by_rule(self) -> list[tuple[str, list[dict[str, Any]]]]:
        groups: dict[str, list[dict[str, Any]]] = {}
        for f in self.findings:
            groups.setdefault(f["rule"], []).append(f)
        return sorted(groups.items(),
                      key=lambda kv: (min(severity_key(f["severity"]) for f in kv[1]), kv[0]))


@dataclass
class ReportModel:
    as_of: str
    sites: list[SiteReport] = field(default_factory=list)
    rules: dict[str, RuleInfo] = field(default_factory=dict)

    @property
    def rule_ids(self) -> list[str]:
        """Every rule with at least one finding in any site, sorted."""
        return sorted({r for s in self.sites for r in s.counts})

    def all_findings(self) -> list[dict[str, Any]]:
        out = [f for s in self.sites for f in s.findings + s.ignored]
        return sorted(out, key=finding_sort_key)

    def rule(self, rule_id: str) -> RuleInfo:
        if rule_id not in self.rules:
            self.rules[rule_id] = rule_info(rule_id)
        return self.rules[rule_id]


def finding_sort_key(f: dict[str, Any]) -> tuple:
    return (f.get("site") or "", severity_key(f.get("severity") or ""), f.get("rule") or "",
            f.get("url") or "", f.get("target") or "", f.get("fingerprint") or "",
            f.get("run_id") or 0)


def load_model(store: Store, run_ids: list[int], *, as_of: date | str | None = None) -> ReportModel:
    as_of_text = as_of.isoformat() if isinstance(as_of, date) else (as_of or "")
    model = ReportModel(as_of=as_of_text)
    seen: set[int] = set()
    for run_id in run_ids:
        if run_id in seen:
            continue
        seen.add(run_id)
        rows = list(store.query("SELECT * FROM runs WHERE id = ?", [run_id]))
        if not rows:
            raise LookupError(run_id)
        run = rows[0]
        site = store.site(run["site_id"])
        findings = finding_rows(store, run_id)
        diff = diff_runs(store, run_id)
        still = {f["fingerprint"] for f in diff.still_open}
        for f in findings:
            f["site"] = site.get("name") or site.get("host") or ""
            f["site_code"] = site.get("site_code") or ""
            f["as_of"] = run.get("as_of") or as_of_text
            f["status"] = "仍未整改" if f["fingerprint"] in still else "新增"
            f["status"] = mark_of(f).get("status") or f["status"]  # 无需整改 / 复核未通过
        findings.sort(key=finding_sort_key)
        ignored = [f for f in findings if not counted(f)]
        findings = [f for f in findings if counted(f)]
        verdict = verdict_for_findings(run_id, findings)
        counts = dict(sorted(Counter(f["rule"] for f in findings).items()))
        sev = Counter(f["severity"] for f in findings)
        model.sites.append(SiteReport(
            site=site, run=run, findings=findings, verdict=verdict, diff=diff, counts=counts,
            severity_counts={s: sev.get(s, 0) for s in SEVERITY_ORDER}, ignored=ignored))
        for rule_id in counts:
            model.rule(rule_id)
        for f in diff.fixed + ignored:
            model.rule(f["rule"])
    if not model.as_of and model.sites:
        model.as_of = max((s.run.get("as_of") or "") for s in model.sites)
    return model
