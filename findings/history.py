"""What changed between two runs of the same site: new, fixed and still-open findings.

A finding keeps its identity across runs through its ``fingerprint`` (see
:func:`rules.base.fingerprint`), so a re-inspection can tell a clerk what was fixed.

History tells the truth: a finding of the previous run that this run did not report is
"fixed" only if this run examined its page again (its ``url`` answered: read, or gone with
404/410 or a soft 404). A run that saw less (a smaller page budget, an outage, robots.txt)
leaves the others "unchecked" (未复查), neither fixed nor still open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crawler.store import Store
from rules.base import normalize_url

from .records import FINDING_ORDER, StoredRows, finding_rows, get_run, parse_data, row_dicts


@dataclass
class RunDiff:
    run_id: int
    previous_run_id: int | None
    new: list[dict[str, Any]] = field(default_factory=list)  # in this run, not in the previous
    fixed: list[dict[str, Any]] = field(default_factory=list)  # in the previous run, not in this
    still_open: list[dict[str, Any]] = field(default_factory=list)  # in both (rows of this run)
    # in the previous run, not in this one, on a page this run did not examine again
    unchecked: list[dict[str, Any]] = field(default_factory=list)
    # ((id, len) of still_open, its fingerprints) once status_of was asked
    _open: tuple[tuple[int, int], set[str]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def first_run(self) -> bool:
        return self.previous_run_id is None

    def status_of(self, fingerprint: str) -> str:
        """新增 or 仍未整改 for a finding of this run (a set lookup: reports ask it per finding)."""
        if self.first_run:
            return "新增"
        key = (id(self.still_open), len(self.still_open))
        if self._open is None or self._open[0] != key:
            self._open = (key, {f["fingerprint"] for f in self.still_open})
        return "仍未整改" if fingerprint in self._open[1] else "新增"


def _previous_run_id(store: Store, run_id: int, against: int | None) -> int | None:
    """``against`` when given, else the newest earlier finished run of ``run_id``'s site (or None).

    Raises LookupError for an unknown ``run_id`` or ``against``."""
    run = get_run(store, run_id)
    if against is not None:
        get_run(store, against)
        return against
    prev = store.latest_run(run["site_id"], finished_only=True, before=run_id)
    return prev["id"] if prev else None


def diff_runs(store: Store, run_id: int, against: int | None = None) -> RunDiff:
    """Compare ``run_id`` with ``against`` (default: the newest earlier finished run of its site).

    Raises LookupError(run_id) for an unknown run (or LookupError(against)).
    """
    prev_id = _previous_run_id(store, run_id, against)
    current = finding_rows(store, run_id)
    diff = RunDiff(run_id=run_id, previous_run_id=prev_id)
    if prev_id is None:
        diff.new = current
        return diff
    # Set operations on fingerprints: the previous run's rows are read only for the findings
    # that are gone (the (run_id, fingerprint) key finds each in this run), never all of them.
    before = previous_fingerprints(store, prev_id)
    for f in current:
        (diff.still_open if f["fingerprint"] in before else diff.new).append(f)
    _gone(store, run_id, prev_id, diff)
    return diff


def diff_summary(store: Store, run_id: int, against: int | None = None) -> RunDiff:
    """:func:`diff_runs` without holding this run's findings: ``new`` and ``still_open`` are
    :class:`~findings.records.StoredRows` (their length is known; iterating reads the same rows
    as :func:`diff_runs` gives, in the same order); ``fixed`` and ``unchecked`` are lists, as
    there. For the reports and the audit's counts, which read the lengths and the gone rows."""
    prev_id = _previous_run_id(store, run_id, against)
    diff = RunDiff(run_id=run_id, previous_run_id=prev_id)
    if prev_id is None:
        diff.new = StoredRows(store, f"SELECT * FROM findings WHERE run_id = ? {FINDING_ORDER}", [run_id])
        return diff
    both = ("SELECT * FROM findings c WHERE c.run_id = ? AND {} EXISTS (SELECT 1 FROM findings p "
            f"WHERE p.run_id = ? AND p.fingerprint = c.fingerprint) {FINDING_ORDER}")
    diff.new = StoredRows(store, both.format("NOT"), [run_id, prev_id])
    diff.still_open = StoredRows(store, both.format(""), [run_id, prev_id])
    _gone(store, run_id, prev_id, diff)
    return diff


def _gone(store: Store, run_id: int, prev_id: int, diff: RunDiff) -> None:
    """Sort the previous run's findings that ``run_id`` did not report into fixed / unchecked."""
    gone = [parse_data(f) for f in gone_rows(store, prev_id, run_id)]
    if not gone:
        return
    examined = examined_urls(store, run_id)
    targets = checked_targets(store, run_id) if any(f.get("target") for f in gone) else set()
    for f in gone:
        (diff.fixed if _was_examined(f, examined, targets) else diff.unchecked).append(f)


def previous_fingerprints(store: Store, run_id: int) -> set[str]:
    """The fingerprints of a run's findings."""
    return {fp for (fp,) in store.db.conn.execute("SELECT fingerprint FROM findings WHERE run_id = ?", [run_id])}


def gone_rows(store: Store, prev_id: int, run_id: int) -> list[dict[str, Any]]:
    """The findings of ``prev_id`` that ``run_id`` did not report, as :func:`raw_finding_rows`
    gives them (``data`` as stored, same order)."""
    return row_dicts(store.db.conn.execute(
        "SELECT * FROM findings p WHERE p.run_id = ? AND NOT EXISTS (SELECT 1 FROM findings c "
        f"WHERE c.run_id = ? AND c.fingerprint = p.fingerprint) {FINDING_ORDER}", [prev_id, run_id]))


# A page was examined again when it answered: read (2xx/3xx, 304), or gone (404/410, soft 404).
# Not when it failed (timeout, refused, 5xx, 403/429), was refused by robots.txt or never asked.
_EXAMINED_SQL = ("SELECT url, final_url FROM pages WHERE run_id = ? AND ("
                 "(status BETWEEN 200 AND 399 AND COALESCE(error, '') IN ('', 'soft404'))"
                 " OR status IN (404, 410))")


def examined_urls(store: Store, run_id: int) -> set[str]:
    """URLs (normalised) of the pages the run examined: the only places a finding can be fixed."""
    rows = store.db.conn.execute(_EXAMINED_SQL, [run_id]).fetchall()
    out = set(map(normalize_url, [url for url, _ in rows if url]))
    out.update(map(normalize_url, [final for url, final in rows if final and final != url]))
    return out


def checked_targets(store: Store, run_id: int) -> set[str]:
    """Link targets (normalised) the run checked to a conclusion: answered (ok) or broken.

    A target left unchecked (beyond the check budget) or unreachable this time (timeout, 5xx,
    a firewall) was not seen fixed.
    """
    return set(map(normalize_url, [url for (url,) in store.db.conn.execute(
        "SELECT url FROM targets WHERE run_id = ? AND state IN ('ok', 'broken')", [run_id])]))


def _was_examined(finding: dict[str, Any], examined: set[str], targets: set[str] = frozenset()) -> bool:
    url = finding.get("url") or ""
    if not url:  # a site-wide finding without a page: any reading of the site examines it
        return bool(examined)
    if finding.get("target"):  # a link finding: its target must have been checked again too
        return normalize_url(url) in examined and normalize_url(finding["target"]) in targets
    return normalize_url(url) in examined


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
             + (f", 未复查 {len(diff.unchecked)} 项 (所在页面本次未能再次读取)" if diff.unchecked else "")
             + f" (对比运行 {diff.previous_run_id})"]
    lines += [_line("+", f) for f in diff.new]
    lines += [_line("-", f) for f in diff.fixed]
    lines += [_line("?", f) for f in diff.unchecked]
    return "\n".join(lines)
