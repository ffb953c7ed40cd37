"""The verdict on one run: 合格 / 不合格 / 无法检查 / 未完成, the 扣分 score, and why.

Scheme (criteria.md §1.1, C): any single 单项否决 item makes the site 不合格 and nothing else is
scored (score None). Otherwise the 扣分 part starts at 100 points; deductions within one
indicator are capped at that indicator's total; a score below 60 is 不合格.

A verdict needs a reading and every rule: a run that read nothing beyond the home page is
无法检查 (:mod:`findings.coverage`), and a run in which a rule raised is 未完成 (the rule named),
never 合格. A 不合格 stands either way (more findings cannot make a site pass), but the verdict
is still marked incomplete.

The national 扣分 table itself was *not* reachable (criteria.md §1.3 and §10.1): only the
link-availability figure (首页 −1 / 其他页面 −0.1 per broken link) is known, and only as R.
Every other figure is a provisional value of this project (status "暂定"), so an inspector can
see what the score rests on. Each figure sits on its rule (``Rule.deduction``, a
:class:`rules.base.Deduction`), so a third-party rule is scored like a built-in one;
:data:`DEDUCTIONS` is read only for rules without the attribute.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from crawler.store import Store
from rules.base import Deduction, Severity

from .coverage import Coverage

_VETO, _DEDUCT = Severity.VETO.value, Severity.DEDUCT.value  # plain str: compared per finding
PASS, FAIL = "合格", "不合格"
UNCHECKABLE, INCOMPLETE = "无法检查", "未完成"
RESULTS = (PASS, FAIL, UNCHECKABLE, INCOMPLETE)
PASS_MARK = 60.0  # criteria.md §1.1 (C): 扣分 part < 60 → 不合格
FULL_SCORE = 100.0  # criteria.md §1.1 (C): 扣分 part = 100 points


# rule id -> deduction, for rules that do not carry their own ``deduction`` attribute (rules
# written before it existed). Every built-in rule carries its own; a row here is only read when
# the rule's attribute is None. 否决 findings never deduct (they veto); 提示 never counts.
DEDUCTIONS: dict[str, Deduction] = {}


def deduction_for(rule_id: str) -> Deduction | None:
    """The rule's own ``deduction``, else its row in :data:`DEDUCTIONS`, else None (unscored)."""
    try:
        from rules.registry import get_rule

        own = get_rule(rule_id).deduction
    except KeyError:  # a rule no longer (or not here) installed
        own = None
    return own if own is not None else DEDUCTIONS.get(rule_id)


@dataclass
class Verdict:
    run_id: int
    result: str  # 合格 | 不合格
    score: float | None  # None when a veto means nothing else is scored
    vetoes: list[tuple[str, str]] = field(default_factory=list)  # (rule id, basis)
    deductions: list[tuple[str, float, str]] = field(default_factory=list)  # (rule id, points, basis)
    counts: dict[str, int] = field(default_factory=dict)  # rule id -> findings
    unscored: list[str] = field(default_factory=list)  # 扣分 rule ids without a figure (third-party)
    notes: list[str] = field(default_factory=list)
    coverage: Coverage | None = None  # None when judged from findings alone
    failed_rules: dict[str, str] = field(default_factory=dict)  # rule id -> error

    @property
    def incomplete(self) -> bool:
        """The audit could not judge everything: nothing read, or a rule failed."""
        return self.result in (UNCHECKABLE, INCOMPLETE) or bool(self.failed_rules)

    @property
    def provisional(self) -> bool:
        return any((d := deduction_for(r)) is not None and d.status in ("暂定", "R")
                   for r, _, _ in self.deductions)


def verdict_for_findings(run_id: int, findings: list[dict[str, Any]], *,
                         coverage: Coverage | None = None,
                         failed_rules: dict[str, str] | None = None) -> Verdict:
    """The verdict from finding dicts (rule, severity, basis, data), the run's coverage (when
    known) and the rules that raised during the run; findings the inspector marked 无需整改
    (ignore.toml, see :mod:`findings.ignore`) are left out."""
    from .ignore import counted

    findings = [f for f in findings if counted(f)]  # 无需整改 marks (ignore.toml) are left out
    verdict = _scored(run_id, findings)
    verdict.coverage = coverage
    verdict.failed_rules = dict(sorted((failed_rules or {}).items()))
    for rule_id, error in verdict.failed_rules.items():
        verdict.notes.append(f"规则“{_rule_title(rule_id)}”（{rule_id}）运行出错，该项未检查"
                             f"（错误信息，请报告：{_short(error)}）")
    if verdict.result == FAIL:
        if verdict.failed_rules:
            verdict.notes.append("有规则运行出错，检查未完成；已发现的问题足以判定不合格")
        return verdict
    if coverage is not None and coverage.nothing_read:
        verdict.result, verdict.score = UNCHECKABLE, None  # the coverage warning says why
    elif verdict.failed_rules:
        verdict.result, verdict.score = INCOMPLETE, None
        verdict.notes.insert(0, "有规则运行出错，检查未完成，不能判定合格；请修复后重新检查")
    return verdict


def _rule_title(rule_id: str) -> str:
    try:
        from rules.registry import get_rule

        return get_rule(rule_id).title or rule_id
    except Exception:  # unknown or uninstalled rule
        return rule_id


def _short(error: str, limit: int = 300) -> str:
    line = " ".join((error or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _scored(run_id: int, findings: list[dict[str, Any]]) -> Verdict:
    """合格 / 不合格 and the score from the findings alone."""
    counts = Counter(f["rule"] for f in findings)
    vetoes: dict[str, str] = {}
    points: dict[str, float] = {}
    unscored: set[str] = set()
    table: dict[str, Deduction | None] = {}
    for f in findings:
        severity = f.get("severity")
        if severity == _VETO:
            vetoes.setdefault(f["rule"], f.get("basis") or "")
        elif severity == _DEDUCT:
            if f["rule"] not in table:
                table[f["rule"]] = deduction_for(f["rule"])
            rule = table[f["rule"]]
            if rule is None:
                unscored.add(f["rule"])
                continue
            points[f["rule"]] = points.get(f["rule"], 0.0) + rule.points_for(f)
    deductions = []
    for rule_id in sorted(points):
        d = table[rule_id]
        taken = round(min(points[rule_id], d.cap), 2)
        deductions.append((rule_id, taken, f"{d.clause} [{d.status}]"))
    verdict = Verdict(run_id=run_id, result=PASS, score=None,
                      vetoes=sorted(vetoes.items()), deductions=deductions,
                      counts=dict(sorted(counts.items())), unscored=sorted(unscored))
    if verdict.vetoes:
        verdict.result = FAIL
        verdict.notes.append("存在单项否决项, 判定不合格, 不再计算扣分 (国办秘函〔2019〕19号 评分规则)")
        return verdict
    verdict.score = round(max(FULL_SCORE - sum(p for _, p, _ in deductions), 0.0), 2)
    if verdict.score < PASS_MARK:
        verdict.result = FAIL
        verdict.notes.append(f"扣分指标得分低于 {PASS_MARK:g} 分, 判定不合格")
    if verdict.provisional:
        verdict.notes.append("部分扣分分值为暂定值 (国家扣分细则未查到), 得分仅供参考")
    if verdict.unscored:
        verdict.notes.append("以下扣分项无分值表, 未计入得分: " + ", ".join(verdict.unscored))
    return verdict


def verdict_for_run(store: Store, run_id: int,
                    findings: list[dict[str, Any]] | None = None) -> Verdict:
    """The verdict of a stored run: its findings (or ``findings``), coverage and rule failures."""
    from .coverage import coverage_for_run
    from .records import get_run, rule_failures

    get_run(store, run_id)  # LookupError for an unknown run
    if findings is None:
        findings = verdict_rows(store, run_id)
    return verdict_for_findings(run_id, findings, coverage=coverage_for_run(store, run_id),
                                failed_rules=rule_failures(store, run_id))


def verdict_rows(store: Store, run_id: int) -> list[dict[str, Any]]:
    """The run's findings as far as the verdict reads them, without parsing every ``data``.

    Each row has ``rule``, ``severity`` and ``basis``; its ``data`` is parsed only where the
    verdict can read it: a mark (``"mark"`` in the JSON, or an escape that could spell it) and
    a 扣分 finding whose rule's deduction looks at the finding (``home_points``, or a subclass
    of :class:`Deduction`: that one gets the whole row). Every other ``data`` is ``{}``: the
    verdict is the same as from :func:`findings.records.finding_rows`.
    """
    from .records import findings_cursor, parse_data

    cursor = findings_cursor(store, run_id)  # the order of finding_rows
    names = [d[0] for d in cursor.description]
    rule_i, severity_i, basis_i, data_i = (names.index(n) for n in ("rule", "severity", "basis", "data"))
    reads: dict[str, bool] = {}  # rule id -> whether its deduction reads the finding
    out = []
    for values in cursor:
        rule, severity, raw = values[rule_i], values[severity_i], values[data_i]
        if severity == _DEDUCT:
            if rule not in reads:
                d = deduction_for(rule)
                reads[rule] = d is not None and (type(d) is not Deduction or d.home_points is not None)
            if reads[rule]:
                out.append(parse_data(dict(zip(names, values))))
                continue
        row = {"rule": rule, "severity": severity, "basis": values[basis_i], "data": {}}
        if raw and (not isinstance(raw, str) or '"mark"' in raw or "\\u" in raw):
            row["data"] = raw
            parse_data(row)
        out.append(row)
    return out
