"""Everything the exporters need, loaded once from the store: sites, runs, findings per run,
verdicts, diffs and counts by rule. Exporters (json, html, xlsx) only format this."""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crawler.store import Store
from findings.history import RunDiff, diff_summary
from findings.ignore import counted, mark_of
from findings.records import parse_data
from findings.verdict import Verdict, verdict_for_run
from rules.base import Severity

from .deadlines import DEFAULT_DEADLINES, deadline_for
from .plain import plain_advice, plain_basis
from .rows import FindingView, RowTable

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
    finally:
        ctx.release()  # the run's articles and documents, and the run caches, before the exporters
    return out


def severity_key(severity: str) -> int:
    return SEVERITY_ORDER.get(severity, 9)


@dataclass
class SiteReport:
    """One run's part of the report. ``findings`` (counted, in the report's order, with 序号) and
    ``ignored`` (marked 无需整改) are :class:`~reports.rows.FindingView`: sequences read back
    from the model's temporary table when iterated (``len()`` is known), or plain lists."""

    site: dict[str, Any]
    run: dict[str, Any]
    findings: Sequence[dict[str, Any]]  # with status, site, site_code, as_of, run_id
    verdict: Verdict
    diff: RunDiff
    counts: dict[str, int]  # rule id -> count
    severity_counts: dict[str, int]
    ignored: Sequence[dict[str, Any]] = field(default_factory=list)  # marked 无需整改 (ignore.toml)
    dir_name: str = ""  # the site's folder in the audit directory (SITE/report.html)
    disclosure: dict[str, Any] = field(default_factory=dict)  # disclosure_summary()
    rule_order: list[str] | None = None  # the rules of by_rule(), when known without reading
    rows: tuple[int, int] | None = None  # the (first, last) rowid of the site's rows in the table

    @property
    def recheck_failed(self) -> list[dict[str, Any]]:
        """Findings marked 已整改 that this run still found (复核未通过)."""
        if isinstance(self.findings, FindingView) and self.rows is not None:
            return list(self.findings.table.rows("rowid BETWEEN ? AND ? AND counted = 1 AND status = ?",
                                                 [*self.rows, "复核未通过"]))
        return [f for f in self.findings if f.get("status") == "复核未通过"]

    @property
    def name(self) -> str:
        return self.site.get("name") or self.site.get("host") or f"site {self.site['id']}"

    @property
    def run_id(self) -> int:
        return self.run["id"]

    def by_duty(self) -> list[tuple[str, list[tuple[str, Sequence[dict[str, Any]]]]]]:
        """(duty, [(rule id, findings)]) in the duties' order: findings grouped under the duty
        their rule enforces (rules.duties)."""
        from rules.duties import duty_of, duty_order

        groups: dict[str, list[tuple[str, Sequence[dict[str, Any]]]]] = {}
        for rule_id, items in self.by_rule():
            groups.setdefault(duty_of(rule_id, _rule_class(rule_id)), []).append((rule_id, items))
        return sorted(groups.items(), key=lambda kv: duty_order(kv[0]))

    def by_rule(self) -> list[tuple[str, Sequence[dict[str, Any]]]]:
        """(rule id, its findings in the report's order), the rule with the most severe finding
        first, then by id. From the table: one view per rule, read when it is iterated."""
        view = self.findings
        if isinstance(view, FindingView) and self.rule_order is not None and self.rows is not None:
            return [(rule_id, FindingView(view.table, "run_id = ? AND counted = 1 AND rule = ? "
                                          "AND rowid BETWEEN ? AND ?", [self.run_id, rule_id, *self.rows],
                                          self.counts.get(rule_id, 0)))
                    for rule_id in self.rule_order]
        groups: dict[str, list[dict[str, Any]]] = {}
        for f in self.findings:
            groups.setdefault(f["rule"], []).append(f)
        return sorted(groups.items(),
                      key=lambda kv: (min(severity_key(f["severity"]) for f in kv[1]), kv[0]))

    def all_rows(self) -> Iterable[dict[str, Any]]:
        """Counted and ignored findings together, in the report's order."""
        if isinstance(self.findings, FindingView) and self.rows is not None:
            return self.findings.table.rows("rowid BETWEEN ? AND ?", list(self.rows))
        return sorted([*self.findings, *self.ignored], key=finding_sort_key)


@dataclass
class ReportModel:
    as_of: str
    sites: list[SiteReport] = field(default_factory=list)
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    options: ReportOptions = field(default_factory=ReportOptions)
    table: RowTable | None = field(default=None, repr=False)  # where the sites' rows are kept

    def only(self, site: SiteReport) -> ReportModel:
        """The same model restricted to one county (its own report and 整改清单)."""
        return ReportModel(as_of=self.as_of, sites=[site], rules=self.rules, options=self.options,
                           table=self.table)

    @property
    def rule_ids(self) -> list[str]:
        """Every rule with at least one finding in any site, sorted."""
        return sorted({r for s in self.sites for r in s.counts})

    def iter_findings(self) -> Iterator[dict[str, Any]]:
        """Every finding of every site (ignored ones too) in :func:`finding_sort_key` order, one
        at a time (the sites' rows merged; each site's are in that order already)."""
        if len(self.sites) == 1:
            return iter(self.sites[0].all_rows())
        return heapq.merge(*(s.all_rows() for s in self.sites), key=finding_sort_key)

    def all_findings(self) -> list[dict[str, Any]]:
        """:meth:`iter_findings` as one list (every finding in memory at once: the exporters
        iterate instead)."""
        return list(self.iter_findings())

    @property
    def has_findings(self) -> bool:
        return any(s.findings or s.ignored for s in self.sites)

    def distinct(self, column: str) -> list[str]:
        """The sorted distinct non-empty values of ``column`` (rule, severity, status, col) over
        every site's rows."""
        if self.table is not None and all(s.rows is not None for s in self.sites):
            out: set[str] = set()
            for s in self.sites:
                out.update(self.table.values(f"SELECT DISTINCT {column} FROM {{t}} WHERE rowid BETWEEN ? AND ?",
                                             list(s.rows)))
            return sorted(v for v in out if v)
        key = "column" if column == "col" else column
        return sorted({f.get(key) or "" for f in self.iter_findings()} - {""})

    def deadline_estimated(self, *, suffix_only: bool = False) -> bool:
        """Whether a finding's 整改时限 is an estimate (its text says 估算; ``suffix_only``: ends
        with （估算）, as the workbook asks)."""
        texts = self.distinct("deadline_text")
        if suffix_only:
            return any(t.endswith("（估算）") for t in texts)
        return any("估算" in t for t in texts)

    def rule(self, rule_id: str) -> RuleInfo:
        if rule_id not in self.rules:
            self.rules[rule_id] = rule_info(rule_id)
        return self.rules[rule_id]


def finding_sort_key(f: dict[str, Any]) -> tuple:
    return (f.get("site") or "", severity_key(f.get("severity") or ""), f.get("rule") or "",
            f.get("url") or "", f.get("target") or "", f.get("fingerprint") or "",
            f.get("run_id") or 0)


_SEVERITY_SQL = "CASE f.severity " + " ".join(
    f"WHEN '{s}' THEN {i}" for s, i in SEVERITY_ORDER.items()) + " ELSE 9 END"
# finding_sort_key within one run (site, run_id the same): SQLite's BINARY order of UTF-8 text is
# Python's code-point order of str, so the rows come out as sorted(key=finding_sort_key) puts them.
_ORDER = (f"ORDER BY {_SEVERITY_SQL}, COALESCE(f.rule, ''), COALESCE(f.url, ''), COALESCE(f.target, ''), "
          "COALESCE(f.fingerprint, '')")


def load_model(store: Store, run_ids: list[int], *, as_of: date | str | None = None,
               options: ReportOptions | None = None) -> ReportModel:
    """The model of ``run_ids``' reports. Each run's findings are read once, in the report's
    order, finished (status, 栏目, 整改时限, 责任单位, 序号) and kept in a temporary table
    (:mod:`reports.rows`), not in memory: ``SiteReport.findings`` and ``.ignored`` read them back."""
    as_of_text = as_of.isoformat() if isinstance(as_of, date) else (as_of or "")
    model = ReportModel(as_of=as_of_text, options=options or ReportOptions())
    table = model.table = RowTable(store.db.conn)
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
        diff = diff_summary(store, run_id)
        facts = _SiteFacts()
        first, last = table.append(facts.watch(run_id, _finished_rows(store, run, site, diff, model, as_of_text)))
        counted_where = "rowid BETWEEN ? AND ? AND counted = 1"
        findings = FindingView(table, counted_where, [first, last], facts.counted)
        ignored = FindingView(table, "rowid BETWEEN ? AND ? AND counted = 0", [first, last], facts.ignored)
        verdict = verdict_for_run(store, run_id)  # what the audit judged: the same rows, the same order
        counts = dict(sorted(facts.counts.items()))
        model.sites.append(SiteReport(
            site=site, run=run, findings=findings, verdict=verdict, diff=diff, counts=counts,
            severity_counts={s: facts.severities.get(s, 0) for s in SEVERITY_ORDER},
            dir_name=site_dir_name(site, {s.dir_name for s in model.sites}), ignored=ignored,
            disclosure=disclosure_summary(store, run_id, site, run.get("as_of") or as_of_text),
            rule_order=facts.rule_order(), rows=(first, last)))
        for rule_id in counts:
            model.rule(rule_id)
        for f in diff.fixed:
            model.rule(f["rule"])
        for rule_id in facts.ignored_rules:
            model.rule(rule_id)
    if not model.as_of and model.sites:
        model.as_of = max((s.run.get("as_of") or "") for s in model.sites)
    return model


class _SiteFacts:
    """What the report needs to know of a site's rows without reading them again: counts by
    rule and severity, each rule's most severe finding, the rules of the ignored ones."""

    def __init__(self):
        self.counted = self.ignored = 0
        self.counts: Counter = Counter()
        self.severities: Counter = Counter()
        self.worst: dict[str, int] = {}
        self.ignored_rules: set[str] = set()

    def watch(self, run_id: int, rows):
        for f in rows:
            is_counted = counted(f)
            if is_counted:
                self.counted += 1
                f["seq"] = self.counted  # 序号: the same number in the report and in the 整改清单
                rule = f["rule"]
                self.counts[rule] += 1
                self.severities[f["severity"]] += 1
                key = severity_key(f["severity"])
                if key < self.worst.get(rule, 99):
                    self.worst[rule] = key
            else:
                self.ignored += 1
                self.ignored_rules.add(f["rule"])
            yield run_id, f, is_counted

    def rule_order(self) -> list[str]:
        """The rules in by_rule()'s order: most severe finding first, then by id."""
        return sorted(self.worst, key=lambda r: (self.worst[r], r))


def _finished_rows(store: Store, run: dict[str, Any], site: dict[str, Any], diff: RunDiff,
                   model: ReportModel, as_of_text: str):
    """The run's findings in the report's order, each with what the exporters show."""
    run_id = run["id"]
    conn = store.db.conn
    urls = {url or "" for (url,) in conn.execute("SELECT DISTINCT url FROM findings WHERE run_id = ?", [run_id])}
    columns = column_names(store, run_id, urls)
    del urls
    deadline_texts = _deadline_texts(model.options.deadlines)
    site_name = site.get("name") or site.get("host") or ""
    site_code = site.get("site_code") or ""
    run_as_of = run.get("as_of") or as_of_text
    prefixes = model.options.unit_prefixes.get(site_name, {})
    units: dict[str, str] = {}
    shared: dict[str, str] = {}
    sd = shared.setdefault
    if diff.previous_run_id is None:
        sql, params = f"SELECT f.*, 0 AS _still FROM findings f WHERE f.run_id = ? {_ORDER}", [run_id]
    else:
        sql = ("SELECT f.*, EXISTS (SELECT 1 FROM findings p WHERE p.run_id = ? AND p.fingerprint = f.fingerprint) "
               f"AS _still FROM findings f WHERE f.run_id = ? {_ORDER}")
        params = [diff.previous_run_id, run_id]
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        f = dict(zip(names, values))
        still = f.pop("_still")
        for key in _REPEATED:
            value = f.get(key)
            if value.__class__ is str:
                f[key] = sd(value, value)
        parse_data(f)
        f["site"] = site_name
        f["site_code"] = site_code
        f["as_of"] = run_as_of
        f["status"] = "仍未整改" if still else "新增"
        f["plain_basis"] = plain_basis(f.get("basis"))
        data = f.get("data") if isinstance(f.get("data"), dict) else {}
        url = f.get("url") or ""
        f["column"] = data.get("column") or columns.get(url, "")
        f["deadline"], f["deadline_text"] = deadline_texts(f["severity"], f["as_of"])
        if url not in units:
            units[url] = responsible_unit(url, site, prefixes)
        f["unit"] = units[url]
        f["status"] = mark_of(f).get("status") or f["status"]  # 无需整改 / 复核未通过
        yield f
        if len(units) > 4096:
            units.clear()


_REPEATED = ("rule", "severity", "message", "basis", "title", "target", "evidence")


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
