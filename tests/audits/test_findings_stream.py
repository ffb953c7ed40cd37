"""The rules' findings go to the store as they are yielded, in batches, and the audit's outcome
reads them back from it: a run of thousands of findings is never held as Finding objects."""

from __future__ import annotations

import gc
from datetime import date

from audits import engine
from findings import records
from findings.records import StoredFindings
from rules.base import Finding, Rule, fingerprint
from tests.audits.ruledoc import documented

HOME = "http://s1.example.gov.cn/"
N = 1200
seen_stored: list[tuple[int, int]] = []  # (findings yielded so far, rows in the store then)


def _stored(store, run_id: int) -> int:
    return store.db.conn.execute("SELECT count(*) FROM findings WHERE run_id = ?", [run_id]).fetchone()[0]


class _Many(Rule):
    __doc__ = documented('Many: one finding a column.')

    id = "column.blank"  # stands in for a real rule with many findings
    title = "栏目空白"
    severity = "扣分"
    scope = "column"
    basis = "b"
    fail_after: int | None = None

    def check(self, ctx):
        for i in range(N):
            if i % 300 == 0:
                seen_stored.append((i, _stored(ctx.store, ctx.run_id)))
            if self.fail_after is not None and i == self.fail_after:
                raise ValueError("broken after some findings")
            yield Finding(rule=self.id, site=ctx.site_name, url=f"{HOME}c{i}/", title=f"栏目{i}", message="空白",
                          evidence="", basis="b", severity="扣分", fingerprint=fingerprint(self.id, str(i)))


class _Failing(_Many):
    id = "column.stale"
    fail_after = 700


class _Again(_Many):
    """The same fingerprints as _Many (a second rule reporting them): the first rule's are kept."""

    id = "link.broken"

    def check(self, ctx):
        for f in super().check(ctx):
            key = f.url[len(HOME) + 1:-1]
            yield Finding(**{**f.__dict__, "rule": self.id, "fingerprint": fingerprint("column.blank", key)})


def _finding_objects() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Finding)


def _run(store, h, monkeypatch, rules):
    sid = store.upsert_site(name="示范县", start_url=HOME, host="s1.example.gov.cn")
    run_id = h.add_run(store, sid, [])
    monkeypatch.setattr(engine, "all_rules", lambda: rules)
    seen_stored.clear()
    return run_id, engine.run_rules(store, run_id, as_of=date(2026, 11, 20))


def test_findings_reach_the_store_while_the_rule_still_yields(store, h, monkeypatch):
    run_id, outcome = _run(store, h, monkeypatch, (_Many,))
    # by the 900th finding, all but the last batch of the first 900 are stored
    assert [stored for _, stored in seen_stored] == [0, 0, 500, 500]
    assert _stored(store, run_id) == N and len(outcome.findings) == N
    assert isinstance(outcome.findings, StoredFindings)
    assert _finding_objects() == 0  # the outcome keeps none of them in memory
    first = next(iter(outcome.findings))  # ... and reads them back, in the store's order
    assert (first.rule, first.url, first.site, first.data) == ("column.blank", f"{HOME}c0/", "示范县", {})
    assert [f.url for f in outcome.findings] == sorted(f"{HOME}c{i}/" for i in range(N))


def test_a_rule_that_raises_midway_leaves_none_of_its_findings(store, h, monkeypatch):
    run_id, outcome = _run(store, h, monkeypatch, (_Many, _Failing))
    assert set(outcome.failed) == {"column.stale"}
    rules = {r for (r,) in store.db.conn.execute("SELECT DISTINCT rule FROM findings WHERE run_id = ?", [run_id])}
    assert rules == {"column.blank"} and len(outcome.findings) == N


def test_the_first_rule_to_report_a_fingerprint_keeps_it(store, h, monkeypatch):
    monkeypatch.setattr(records, "WRITE_BATCH", 250)
    run_id, outcome = _run(store, h, monkeypatch, (_Many, _Again))
    assert len(outcome.findings) == N
    assert {f.rule for f in outcome.findings} == {"column.blank"}


def test_has_veto_reads_only_the_veto_rows(tmp_path):
    from audits.audit import _vetoes

    view = StoredFindings(tmp_path / "audit.db", 1)
    assert _vetoes(view).severity == "否决"
    plain = [object()]
    assert _vetoes(plain) is plain


def test_the_outcome_reads_a_store_whose_path_has_uri_characters(tmp_path, h, monkeypatch):
    from crawler.store import Store

    with Store(tmp_path / "a #1?x" / "audit.db") as store:
        run_id, outcome = _run(store, h, monkeypatch, (_Many,))
    assert len(outcome.findings) == N and sum(1 for _ in outcome.findings) == N  # after the store closed


def test_reading_the_outcome_after_the_store_closed_leaves_audit_db_alone(tmp_path, h, monkeypatch):
    """audit.db is one file a user can copy once duwang exits: a read of the outcome after the
    audit's connection closed must not leave -wal/-shm files holding part of it behind."""
    from crawler.store import Store

    with Store(tmp_path / "audit.db") as store:
        _, outcome = _run(store, h, monkeypatch, (_Many,))
    assert len(outcome.findings.of_severity("否决")) == 0 and sum(1 for _ in outcome.findings) == N
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.db"]


def test_one_stored_finding_by_its_place_is_read_alone(store, h, monkeypatch):
    """outcome.findings[i] is the i-th of the store's order, read by itself (not every finding)."""
    run_id, outcome = _run(store, h, monkeypatch, (_Many,))
    urls = [f.url for f in outcome.findings]
    made = []

    class Counted(Finding):
        def __init__(self, *args, **kwargs):
            made.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(records, "Finding", Counted)
    assert (outcome.findings[0].url, outcome.findings[700].url, outcome.findings[-1].url) == \
        (urls[0], urls[700], urls[-1])
    assert len(made) == 3  # one finding read per look-up
    assert [f.url for f in outcome.findings[5:8]] == urls[5:8]
    for bad in (N, -N - 1):
        try:
            outcome.findings[bad]
        except IndexError:
            pass
        else:
            raise AssertionError(f"index {bad} should be out of range")
