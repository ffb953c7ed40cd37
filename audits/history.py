"""What changed between two runs of the same site: new, fixed and still-open findings.

A finding keeps its identity across runs through its ``fingerprint`` (see
:func:`rules.base.fingerprint`), so a re-inspection can tell a clerk what was fixed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from crawler.store import Store


@dataclass
class RunDiff:
    run_id: int
    previous_run_id: int | None
    new: list[dict[str, Any]] = field(default_factory=list)  # in this run, not in the previous
    fixed: list[dict[str, Any]] = field(default_factory=list)  # in the previous run, not in this
    still_open: list[dict[str, Any]] = field(default_factory=list)  # in both (rows of this run)

    @property
    def first_run(self) -> bool:
        return self.previous_run_id is None

    def status_of(self, fingerprint: str) -> str:
        """新增 or 仍未整改 for a finding of this run."""
        if self.first_run:
            return "新增"
        return "仍未整改" if any(f["fingerprint"] == fingerprint for f in self.still_open) else "新增"


def _get_run(store: Store, run_id: Any) -> dict:
    rows = list(store.query("SELECT * FROM runs WHERE id = ?", [run_id]))
    if not rows:
        raise LookupError(run_id)
    return rows[0]


def finding_rows(store: Store, run_id: int) -> list[dict[str, Any]]:
    """The stored findings of a run, ``data`` parsed, in a stable order."""
    rows = []
    for row in store.query(
            "SELECT * FROM findings WHERE run_id = ? ORDER BY rule, url, target, fingerprint",
            [run_id]):
        row = dict(row)
        raw = row.get("data")
        try:
            row["data"] = json.loads(raw) if raw else {}
        except (TypeError, ValueError):
            row["data"] = {"raw": raw}
        rows.append(row)
    return rows


def previous_run_id(store: Store, run_id: int) -> int | None:
    run = _get_run(store, run_id)
    prev = store.latest_run(run["site_id"], finished_only=True, before=run_id)
    return prev["id"] if prev else None


def diff_runs(store: Store, run_id: int, against: int | None = None) -> RunDiff:
    """Compare ``run_id`` with ``against`` (default: the newest earlier finished run of its site).

    Raises LookupError(run_id) for an unknown run (or LookupError(against)).
    """
    run = _get_run(store, run_id)
    if against is not None:
        _get_run(store, against)
        prev_id: int | None = against
    else:
        prev = store.latest_run(run["site_id"], finished_only=True, before=run_id)
        prev_id = prev["id"] if prev else None
    current = finding_rows(store, run_id)
    diff = RunDiff(run_id=run_id, previous_run_id=prev_id)
    if prev_id is None:
        diff.new = current
        return diff
    previous = finding_rows(store, prev_id)
    before = {f["fingerprint"] for f in previous}
    now = {f["fingerprint"] for f in current}
    diff.new = [f for f in current if f["fingerprint"] not in before]
    diff.still_open = [f for f in current if f["fingerprint"] in before]
    diff.fixed = [f for f in previous if f["fingerprint"] not in now]
    return diff


def _line(sign: str, f: dict[str, Any]) -> str:
    parts = [f"{sign} [{f.get('rule', '')}] {f.get('title') or ''}", f.get("url") or ""]
    if f.get("target"):
        parts.append(f"-> {f['target']}")
    return " ".join(p for p in parts if p).replace("\n", " ")


def diff_text(diff: RunDiff) -> str:
    """Short Simplified Chinese summary, one line per new (+) and fixed (-) finding."""
    if diff.previous_run_id is None:
        return f"首次审计, 无可对比的上一次运行; 本次发现问题 {len(diff.new)} 项"
    lines = [f"新增 {len(diff.new)} 项, 已整改 {len(diff.fixed)} 项, 仍未整改 {len(diff.still_open)} 项"
             f" (对比运行 {diff.previous_run_id})"]
    lines += [_line("+", f) for f in diff.new]
    lines += [_line("-", f) for f in diff.fixed]
    return "\n".join(lines)
