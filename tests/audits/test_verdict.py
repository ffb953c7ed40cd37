from __future__ import annotations

import pytest

import rules.registry
from findings.verdict import DEDUCTIONS, deduction_for, verdict_for_findings, verdict_for_run
from rules.base import Deduction, Rule, Severity
from rules.registry import all_rules


def _site(store, n=1):
    return store.upsert_site(name=f"县{n}", start_url=f"http://s{n}.example.gov.cn/", host=f"s{n}.example.gov.cn")


def test_veto_makes_site_fail_and_is_not_scored(two_sites):
    v = verdict_for_run(two_sites["store"], two_sites["run_a2"])
    assert v.result == "不合格"
    assert v.score is None
    assert [r for r, _ in v.vetoes] == ["site.homepage_stale"]
    assert v.vetoes[0][1] == "site.homepage_stale 的依据"
    assert v.counts == {"column.blank": 1, "interpretation.unlinked": 1, "site.homepage_stale": 1}


def test_deductions_home_and_other_broken_links(store, h):
    sid = _site(store)
    findings = [h.make_finding("link.broken", f"http://s1.example.gov.cn/{i}.html", target=f"http://x/{i}")
                for i in range(5)]
    findings.append(h.make_finding("link.broken", "http://s1.example.gov.cn/", target="http://x/home",
                                 data={"on_home": True}))
    findings.append(h.make_finding("link.unreachable", "http://s1.example.gov.cn/u", severity="提示"))
    v = verdict_for_run(store, h.add_run(store, sid, findings))
    assert v.result == "合格"
    assert v.vetoes == []
    assert v.deductions[0][0] == "link.broken"
    assert v.deductions[0][1] == pytest.approx(1.5)  # 1 on the home page + 5 × 0.1
    assert v.score == pytest.approx(98.5)
    assert v.counts["link.unreachable"] == 1
    assert "链接可用性" in v.deductions[0][2]


def test_deduction_is_capped_per_rule():
    cap = deduction_for("column.stale").cap
    findings = [{"rule": "column.stale", "severity": "扣分", "basis": "b", "data": {}} for _ in range(50)]
    v = verdict_for_findings(1, findings)
    assert v.deductions == [("column.stale", cap, v.deductions[0][2])]
    assert v.score == pytest.approx(100 - cap)


def test_column_stale_veto_severity_on_finding_vetoes():
    v = verdict_for_findings(1, [{"rule": "column.stale", "severity": "否决", "basis": "国办秘函", "data": {}}])
    assert v.result == "不合格" and v.vetoes == [("column.stale", "国办秘函")]


def test_score_below_60_fails():
    rules = ["link.broken", "column.stale", "column.blank", "interpretation.unlinked",
             "doc.number_missing", "doc.number_malformed", "text.typo"]
    findings = [{"rule": r, "severity": "扣分", "basis": "", "data": {"on_home": True}}
                for r in rules for _ in range(100)]
    v = verdict_for_findings(1, findings)
    total = sum(deduction_for(r).cap for r in rules)
    assert v.score == pytest.approx(100 - total)
    assert v.result == ("不合格" if 100 - total < 60 else "合格")


def test_unknown_rule_uses_severity_only():
    v = verdict_for_findings(1, [{"rule": "thirdparty.x", "severity": "扣分", "basis": "", "data": {}}])
    assert v.score == 100 and v.result == "合格" and v.unscored == ["thirdparty.x"]
    v = verdict_for_findings(1, [{"rule": "thirdparty.x", "severity": "否决", "basis": "某条款", "data": {}}])
    assert v.result == "不合格" and v.vetoes == [("thirdparty.x", "某条款")]


def test_no_findings_passes_with_full_score(store, h):
    v = verdict_for_run(store, h.add_run(store, _site(store), []))
    assert (v.result, v.score, v.counts) == ("合格", 100.0, {})


def test_unknown_run(store):
    with pytest.raises(LookupError):
        verdict_for_run(store, 4242)


def test_every_registered_deduction_rule_carries_its_figure():
    for rule in all_rules():
        if rule.severity == Severity.DEDUCT:
            assert rule.deduction is not None, rule.id
            assert deduction_for(rule.id) is rule.deduction
    for rule in all_rules():
        d = deduction_for(rule.id)
        if d is not None:
            assert d.clause and d.status in ("C", "P", "R", "暂定") and d.cap > 0


class ThirdParty(Rule):
    """A third-party 扣分 rule carrying its own deduction."""

    id = "thirdparty.scored"
    title = "第三方规则"
    severity = Severity.DEDUCT
    basis = "某条款"
    deduction = Deduction(points=2.0, cap=5.0, clause="某条款", status="暂定")


class OldStyle(Rule):
    """A rule written before ``deduction`` existed: plain strings, no attribute."""

    id = "thirdparty.old"
    title = "旧写法规则"
    severity = "扣分"
    basis = "某条款"


@pytest.fixture
def with_third_party(monkeypatch):
    real = rules.registry.all_rules
    monkeypatch.setattr(rules.registry, "all_rules", lambda *a: [*real(*a), ThirdParty, OldStyle])


def test_a_third_party_rule_is_scored_from_its_own_deduction(with_third_party):
    findings = [{"rule": "thirdparty.scored", "severity": "扣分", "basis": "", "data": {}} for _ in range(4)]
    v = verdict_for_findings(1, findings)
    assert v.deductions == [("thirdparty.scored", 5.0, "某条款 [暂定]")]  # 4 × 2, capped at 5
    assert v.score == 95 and v.unscored == [] and v.provisional


def test_a_rule_without_the_attribute_is_scored_from_the_old_table(with_third_party, monkeypatch):
    finding = {"rule": "thirdparty.old", "severity": "扣分", "basis": "", "data": {}}
    assert verdict_for_findings(1, [finding]).unscored == ["thirdparty.old"]
    monkeypatch.setitem(DEDUCTIONS, "thirdparty.old", Deduction(points=3.0, cap=9.0, clause="旧表", status="C"))
    v = verdict_for_findings(1, [finding])
    assert v.deductions == [("thirdparty.old", 3.0, "旧表 [C]")] and v.score == 97 and not v.provisional
    # a rule's own figure wins over a row left in the table
    monkeypatch.setitem(DEDUCTIONS, "thirdparty.scored", Deduction(points=0.1, cap=1.0, clause="表", status="C"))
    v = verdict_for_findings(1, [{**finding, "rule": "thirdparty.scored"}])
    assert v.deductions[0][1] == 2.0
