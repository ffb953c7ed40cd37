"""Each rule, on each demo variant, scored against the variant's planted ground truth.

The variants (``crawler.demo.variants``) are portals built the way EmpireCMS and SiteServer
build theirs; the audit crawls the served variant through the real command line and every
scored rule must reach precision ≥ 0.95 and recall ≥ 0.90 on it (``crawler.demo.score``).
``benchmarks/demo_scores.py`` prints the whole table, the original demo included.
"""

from __future__ import annotations

import pytest

from crawler.demo.score import MIN_PRECISION, MIN_RECALL, SCORED_RULES, score


@pytest.fixture(scope="module")
def variant_scores(variant_audit):
    server, proc, findings = variant_audit
    assert findings is not None, proc.stderr[-3000:]
    portal = server.portal
    return server, score(findings, portal.expected(), portal.controls(), server.absolute)


def test_variant_audit_completes(variant_audit):
    server, proc, findings = variant_audit
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    assert findings is not None


@pytest.mark.parametrize("rule", SCORED_RULES)
def test_rule_precision(variant_scores, rule):
    server, scores = variant_scores
    s = scores[rule]
    wrong = [(f["url"], f.get("target"), f["message"][:80]) for f in s.false]
    assert s.precision >= MIN_PRECISION, (
        f"{server.variant} {rule}: precision {s.precision:.2f} ({s.true}/{s.findings}); false: {wrong}")


@pytest.mark.parametrize("rule", SCORED_RULES)
def test_rule_recall(variant_scores, rule):
    server, scores = variant_scores
    s = scores[rule]
    if s.recall is None:
        assert not any(e["rule"] == rule for e in server.portal.expected())
        return
    missed = [(e["url"], e["target"], e["note"]) for e in s.missed]
    assert s.recall >= MIN_RECALL, (
        f"{server.variant} {rule}: recall {s.recall:.2f} ({s.found}/{s.planted}); missed: {missed}")
