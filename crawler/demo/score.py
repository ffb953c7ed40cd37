"""Score an audit's findings against a demo portal's manifest: precision and recall per rule.

A finding is *true* when it matches an ``expected()`` row of its rule (the same rule, the same
page or the same link target, as ``tests/test_demo_audit.py`` matches them), *false* otherwise
(a control reported, or anything the manifest does not plant). Pages are compared by
identity: ``/x/``, ``/x/index.html``, ``/x/index.shtml``, ``/x/default.htm`` are one page. A
second finding of the same rule that matches the same planted row from another address of
the same page (the column stored twice, as ``/x/`` and ``/x/index.html``) is false: the
inspector would read one defect twice. The "即将超期" reminders of ``column.stale`` are not
stale findings and are left out.

precision = true / findings (1.0 when the rule reported nothing); recall = planted rows found
/ planted rows (None when the demo plants none for that rule).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

SCORED_RULES = (
    "column.blank", "column.stale", "site.homepage_stale", "link.broken", "link.unreachable",
    "interpretation.unlinked", "doc.number_missing", "doc.number_malformed", "text.typo",
)
MIN_PRECISION = 0.95
MIN_RECALL = 0.90

_INDEX_RE = re.compile(r"/(?:index|default)\.(?:html?|shtml)$", re.I)


def canonical(url: str) -> str:
    """One spelling per page: a directory index is its directory."""
    url = (url or "").split("#", 1)[0]
    return _INDEX_RE.sub("/", url)


def matches(finding: dict, entry: dict, absolute: Callable[[str], str]) -> bool:
    """Does ``finding`` report the manifest row ``entry``? (``absolute`` maps manifest paths.)"""
    if finding.get("rule") != entry["rule"]:
        return False
    urls = {canonical(absolute(entry["url"]))}
    also = entry.get("also_on") or []
    for extra in [also] if isinstance(also, str) else also:
        urls.add(canonical(absolute(extra)))
    here = canonical(finding.get("url") or "")
    if entry.get("target"):
        target = canonical(absolute(entry["target"]))
        found = canonical(finding.get("target") or "")
        return found == target or (here in urls and not found)
    sources = {canonical(s.get("url") or "") for s in (finding.get("data") or {}).get("sources", [])
               if isinstance(s, dict)}
    return here in urls or bool(urls & sources)


def scored(finding: dict) -> bool:
    """Findings that count: no column.stale "即将超期" reminders."""
    return not (finding.get("rule") == "column.stale" and (finding.get("data") or {}).get("warning"))


@dataclass
class RuleScore:
    rule: str
    planted: int = 0
    findings: int = 0
    true: int = 0
    found: int = 0  # planted rows found
    missed: list[dict] = field(default_factory=list)
    false: list[dict] = field(default_factory=list)  # findings that match no planted row
    controls_hit: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float | None:
        return self.found / self.planted if self.planted else None

    @property
    def passed(self) -> bool:
        recall = self.recall
        return self.precision >= MIN_PRECISION and (recall is None or recall >= MIN_RECALL)


def score(findings: Iterable[dict], expected: list[dict], controls: list[dict],
          absolute: Callable[[str], str], rules: Iterable[str] = SCORED_RULES) -> dict[str, RuleScore]:
    """Per-rule scores of ``findings`` against the manifest (``expected`` / ``controls``)."""
    findings = [f for f in findings if scored(f)]
    out: dict[str, RuleScore] = {}
    for rule in rules:
        s = out[rule] = RuleScore(rule)
        planted = [e for e in expected if e["rule"] == rule]
        mine = [f for f in findings if f.get("rule") == rule]
        s.planted, s.findings = len(planted), len(mine)
        seen: dict[int, str] = {}  # planted row -> the address that first reported it
        for f in mine:
            hits = [i for i, e in enumerate(planted) if matches(f, e, absolute)]
            if not hits:
                s.false.append(f)
                s.controls_hit += [c for c in controls if matches(f, c, absolute)]
                continue
            key = hits[0]
            address = f.get("url") or ""
            if key in seen and seen[key] != address and canonical(seen[key]) == canonical(address):
                s.false.append(f)  # the same page reported again under another address
                continue
            seen.setdefault(key, address)
            s.true += 1
        found = {i for i, e in enumerate(planted) if any(matches(f, e, absolute) for f in mine)}
        s.found = len(found)
        s.missed = [e for i, e in enumerate(planted) if i not in found]
    return out


def table(rows: dict[str, dict[str, RuleScore]]) -> str:
    """A plain-text table: one line per (demo, rule)."""
    lines = [f"{'demo':<11} {'rule':<25} {'planted':>7} {'found':>5} {'findings':>8} {'false':>5} "
             f"{'precision':>9} {'recall':>6}  ok"]
    for demo, scores in rows.items():
        for rule, s in scores.items():
            recall = "n/a" if s.recall is None else f"{s.recall:.2f}"
            lines.append(f"{demo:<11} {rule:<25} {s.planted:>7} {s.found:>5} {s.findings:>8} "
                         f"{len(s.false):>5} {s.precision:>9.2f} {recall:>6}  {'yes' if s.passed else 'NO'}")
    return "\n".join(lines)
