"""Everything the exporters need, loaded once from the store: sites, runs, findings per run,
verdicts, diffs and counts by rule. Exporters (json, html, xlsx) only format this."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crawler.store import Store
from findings.history import RunDiff, diff_runs
from findings.ignore import counted, mark_of
from findings.records import finding_rows
from findings.verdict import Verdict, verdict_for_run
from rules.base import Severity

from .deadlines import DEFAULT_DEADLINES, deadline_for
from .plain import plain_advice, plain_basis

SEVERITY_ORDER = {s.value: i for i, s in enumerate(Severity)}  # 否决, 扣分, 提示
GENERIC_FIX = "请核实该问题, 按照依据条款整改后在下次检查时复核。"


@dataclass
class RuleInfo:
    id: str
    title: str
    severity: str
    basis: str
    basis_status: str
    fix: str

    @property
    def plain_fix(self) -> str:
        return plain_advice(self.fix) or GENERIC_FIX


@dataclass
class ReportOptions:
    """What the reports need beyond the store: 整改时限 and 责任单位 settings.

    ``deadlines``: working days to fix a finding, by severity. ``unit_prefixes``: per site name,
    URL prefix -> responsible unit (the longest matching prefix wins; else the site's ``unit``).
    """

    deadlines: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_DEADLINES))
    unit_prefixes: dict[str, dict[str, str]] = field(default_factory=dict)


def responsible_unit(url: str, site: dict[str, Any], prefixes: dict[str, str]) -> str:
    best = ""
    for prefix in prefixes:
        if url.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    if best:
        return prefixes[best]
    return site.get("unit") or site.get("name") or ""


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


def _rule_class(rule_id: str):
    try:
        from rules.registry import get_rule

        return get_rule(rule_id)
    except Exception:  # a third-party rule no longer installed
        return None


def disclosure_summary(store: Store, run_id: int, site: dict[str, Any], as_of: str) -> dict[str, Any]:
    """The site's 解读 coverage (interpreted / in scope, per column and year) and the 20-working-day
    timeliness counts, for the report (ratios, not pass marks: no national percentage exists)."""
    from rules.base import AuditContext
    from rules.doc_late import late_summary
    from rules.interpretation_missing import site_coverage

    day = _date(as_of) or date.today()
    ctx = AuditContext(store=store, run_id=run_id, site=site, as_of=day, settings={})
    out: dict[str, Any] = {}
    try:
        out["interpretation"] = site_coverage(ctx)
        out["timeliness"] = late_summary(ctx)
    except Exception:  # a summary never stops the report
        return {}
    return out


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
    dir_name: str = ""  # the site's folder in the audit directory (SITE/report.html)
    disclosure: dict[str, Any] = field(default_factory=dict)  # disclosure_summary()

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

    def by_duty(self) -> list[tuple[str, list[tuple[str, list[dict[str, Any]]]]]]:
        """(duty, [(rule id, findings)]) in the duties' order: findings grouped under the duty
        their rule enforces (rules.duties)."""
        from rules.duties import duty_of, duty_order

        groups: dict[str, list[tuple[str, list[dict[str, Any]]]]] = {}
        for rule_id, items in self.by_rule():
            groups.setdefault(duty_of(rule_id, _rule_class(rule_id)), []).append((rule_id, items))
        return sorted(groups.items(), key=lambda kv: duty_order(kv[0]))

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
    options: ReportOptions = field(default_factory=ReportOptions)

    def only(self, site: SiteReport) -> ReportModel:
        """The same model restricted to one county (its own report and 整改清单)."""
        return ReportModel(as_of=self.as_of, sites=[site], rules=self.rules, options=self.options)

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


def load_model(store: Store, run_ids: list[int], *, as_of: date | str | None = None,
               options: ReportOptions | None = None) -> ReportModel:
    as_of_text = as_of.isoformat() if isinstance(as_of, date) else (as_of or "")
    model = ReportModel(as_of=as_of_text, options=options or ReportOptions())
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
        columns = column_names(store, run_id, {f.get("url") or "" for f in findings})
        diff = diff_runs(store, run_id)
        still = {f["fingerprint"] for f in diff.still_open}
        deadline_texts = _deadline_texts(model.options.deadlines)
        for f in findings:
            f["site"] = site.get("name") or site.get("host") or ""
            f["site_code"] = site.get("site_code") or ""
            f["as_of"] = run.get("as_of") or as_of_text
            f["status"] = "仍未整改" if f["fingerprint"] in still else "新增"
            f["plain_basis"] = plain_basis(f.get("basis"))
            data = f.get("data") if isinstance(f.get("data"), dict) else {}
            f["column"] = data.get("column") or columns.get(f.get("url") or "", "")
            f["deadline"], f["deadline_text"] = deadline_texts(f["severity"], f["as_of"])
            f["unit"] = responsible_unit(f.get("url") or "", site,
                                         model.options.unit_prefixes.get(f["site"], {}))
            f["status"] = mark_of(f).get("status") or f["status"]  # 无需整改 / 复核未通过
        findings.sort(key=finding_sort_key)
        ignored = [f for f in findings if not counted(f)]
        findings = [f for f in findings if counted(f)]
        for n, f in enumerate(findings, 1):
            f["seq"] = n  # 序号: the same number in the report and in the 整改清单
        verdict = verdict_for_run(store, run_id, findings)
        counts = dict(sorted(Counter(f["rule"] for f in findings).items()))
        sev = Counter(f["severity"] for f in findings)
        model.sites.append(SiteReport(
            site=site, run=run, findings=findings, verdict=verdict, diff=diff, counts=counts,
            severity_counts={s: sev.get(s, 0) for s in SEVERITY_ORDER},
            dir_name=site_dir_name(site, {s.dir_name for s in model.sites}), ignored=ignored,
            disclosure=disclosure_summary(store, run_id, site, run.get("as_of") or as_of_text)))
        for rule_id in counts:
            model.rule(rule_id)
        for f in diff.fixed + ignored:
            model.rule(f["rule"])
    if not model.as_of and model.sites:
        model.as_of = max((s.run.get("as_of") or "") for s in model.sites)
    return model


def _deadline_texts(deadlines: dict[str, int] | None):
    """(severity, inspection date) -> (deadline ISO date, its text), the same two strings for
    every finding of that severity and date (not two new ones a finding)."""
    known: dict[tuple[str, str], tuple[str, str]] = {}

    def texts(severity: str, as_of: str) -> tuple[str, str]:
        key = (severity, as_of)
        if key not in known:
            inspected = _date(as_of)
            due = deadline_for(severity, inspected, deadlines) if inspected else None
            known[key] = (due.day.isoformat(), due.text()) if due else ("", "")
        return known[key]

    return texts


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


_UNSAFE_PATH = re.compile(r'[\x00-\x1f/\\:*?"<>|\s]+')


def site_dir_name(site: dict[str, Any], taken: set[str]) -> str:
    """The site's folder name: its name without characters a file system or a URL chokes on.

    Two sites of the same name get the site id appended (``name-7``).
    """
    base = _UNSAFE_PATH.sub("_", site.get("name") or site.get("host") or "").strip("._ ")[:60]
    base = base or f"site-{site['id']}"
    name = base if base not in taken and base.lower() not in {"index.html", "audit.db"} else f"{base}-{site['id']}"
    return name


def column_names(store: Store, run_id: int, urls: set[str] | None = None) -> dict[str, str]:
    """URL -> the name of the column it belongs to (a column's own URL included), for one run.

    ``urls``: only these (the findings' pages), not every page of the run (the pages are read
    one at a time and the others dropped).
    """
    conn = store.db.conn
    names = {url: name or "" for url, name in conn.execute("SELECT url, name FROM columns WHERE run_id = ?",
                                                           [run_id])}
    out = names if urls is None else {url: names[url] for url in urls if url in names}
    for url, column_url in conn.execute("SELECT url, column_url FROM pages WHERE run_id = ? "
                                        "AND column_url IS NOT NULL", [run_id]):
        if (urls is None or url in urls) and url not in names and column_url in names:
            out[url] = names[column_url]
    return out
