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


@dataclass
class ColumnScore:
    """How the crawl stored a demo's columns: one row per planted column, plus what else it made."""

    planted: int = 0
    stored: int = 0  # planted columns stored (under any address of their first page)
    listing: int = 0  # ... as a listing (not nav / other)
    name: int = 0  # ... with the column's own name
    items: int = 0  # ... with every item of every page counted
    newest: int = 0  # ... with the right newest date
    duplicates: list[str] = field(default_factory=list)  # a second address of a planted column
    pager_pages: list[str] = field(default_factory=list)  # pages 2…N stored as columns of their own
    wrong: list[str] = field(default_factory=list)  # "url: field stored ≠ truth"


def columns_score(columns, stored: list[dict], absolute: Callable[[str], str]) -> ColumnScore:
    """Compare the store's ``columns`` rows with the demo plan's columns (``Column`` records)."""
    s = ColumnScore(planted=len(columns))
    by_url: dict[str, list[dict]] = {}
    for row in stored:
        by_url.setdefault(canonical(row["url"]), []).append(row)
    first_pages = {canonical(absolute(c.index_path)) for c in columns}
    for col in columns:
        rows = by_url.get(canonical(absolute(col.index_path)), [])
        if not rows:
            s.wrong.append(f"{col.index_path}: 未保存")
            continue
        s.stored += 1
        s.duplicates += [r["url"] for r in rows[1:]]
        row = rows[0]
        live = col.live(1)
        truth = {"kind": "listing", "name": col.name, "items": len(live),
                 "newest": max((a.date for a in live), default=None) if col.show_dates else None}
        got = {"kind": row.get("kind"), "name": row.get("name"), "items": row.get("item_count") or 0,
               "newest": row.get("newest_date") or None}
        truth["newest"] = truth["newest"].isoformat() if truth["newest"] else None
        for key, counter in (("kind", "listing"), ("name", "name"), ("items", "items"), ("newest", "newest")):
            if got[key] == truth[key]:
                setattr(s, counter, getattr(s, counter) + 1)
            else:
                s.wrong.append(f"{col.index_path}: {key} {got[key]!r} ≠ {truth[key]!r}")
    pager = re.compile(r"(?:index_\d+|_\d+|index\d+)\.(?:html?|shtml)$")
    for url, rows in by_url.items():
        if url not in first_pages and pager.search(url):
            s.pager_pages += [r["url"] for r in rows]
    return s


def columns_table(rows: dict[str, ColumnScore]) -> str:
    lines = [f"{'demo':<11} {'planted':>7} {'stored':>6} {'listing':>7} {'name':>4} {'items':>5} {'newest':>6} "
             f"{'dup':>3} {'pager':>5}"]
    for demo, s in rows.items():
        lines.append(f"{demo:<11} {s.planted:>7} {s.stored:>6} {s.listing:>7} {s.name:>4} {s.items:>5} "
                     f"{s.newest:>6} {len(s.duplicates):>3} {len(s.pager_pages):>5}")
    return "\n".join(lines)
