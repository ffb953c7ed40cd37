"""The diff and the verdict read only what they need from the store (fingerprints, the gone
rows, the data a verdict can look at): their results must be those of reading every row."""

from __future__ import annotations

from dataclasses import replace

from findings.history import diff_runs
from findings.records import finding_rows, parse_data, raw_finding_rows
from findings.verdict import verdict_for_findings, verdict_for_run

HOST = "http://a.example.gov.cn"


def _naive_diff(store, run_id, prev_id):
    """The diff from every row of both runs (what diff_runs computed before it read less)."""
    from findings.history import _was_examined, checked_targets, examined_urls

    current = finding_rows(store, run_id)
    previous = raw_finding_rows(store, prev_id)
    before, now = {f["fingerprint"] for f in previous}, {f["fingerprint"] for f in current}
    gone = [parse_data(f) for f in previous if f["fingerprint"] not in now]
    examined, targets = examined_urls(store, run_id), checked_targets(store, run_id)
    return ([f for f in current if f["fingerprint"] not in before],
            [f for f in current if f["fingerprint"] in before],
            [f for f in gone if _was_examined(f, examined, targets)],
            [f for f in gone if not _was_examined(f, examined, targets)])


def test_the_diff_is_that_of_reading_every_row_of_both_runs(store, h):
    site = store.upsert_site(name="示范县人民政府", start_url=HOST + "/", host="a.example.gov.cn")
    pages = [f"{HOST}/p{i}.html" for i in range(40)]
    older = [h.make_finding("column.blank" if i % 3 else "doc.late", f"{HOST}/p{i}.html", data={"n": i})
             for i in range(60)]  # p40..p59 are not read again: unchecked
    older += [h.make_finding("link.broken", f"{HOST}/p{i}.html", target=f"{HOST}/gone{i}") for i in range(5)]
    prev = h.add_run(store, site, older, pages=[HOST + "/", *pages])
    current = [f for i, f in enumerate(older) if i % 4] + [
        h.make_finding("text.typo", f"{HOST}/p{i}.html", key=f"new{i}") for i in range(7)]
    run = h.add_run(store, site, current, pages=[HOST + "/", *pages])
    d = diff_runs(store, run)
    assert d.previous_run_id == prev
    new, still, fixed, unchecked = _naive_diff(store, run, prev)
    assert (d.new, d.still_open, d.fixed, d.unchecked) == (new, still, fixed, unchecked)
    assert len(d.new) == 7 and d.fixed and d.unchecked and len(d.still_open) == len(current) - 7
    assert all(f["run_id"] == prev for f in d.fixed + d.unchecked)  # the previous run's rows
    for f in d.still_open:
        assert d.status_of(f["fingerprint"]) == "仍未整改"
    assert all(d.status_of(f["fingerprint"]) == "新增" for f in d.new)
    d.still_open = d.still_open[:1]  # a changed list is seen (the lookup set is rebuilt)
    assert d.status_of(still[1]["fingerprint"]) == "新增"


def test_the_verdict_read_from_the_store_is_that_of_every_parsed_row(store, h):
    site = store.upsert_site(name="示范县人民政府", start_url=HOST + "/", host="a.example.gov.cn")
    found = [h.make_finding("link.broken", HOST + "/", target=f"{HOST}/gone{i}", data={"on_home": True})
             for i in range(3)]  # 1 point each on the home page, 0.1 elsewhere
    found += [h.make_finding("link.broken", f"{HOST}/p{i}.html", target=f"{HOST}/x{i}") for i in range(4)]
    found += [h.make_finding("column.blank", f"{HOST}/c{i}/", data={"column": "工作动态"}) for i in range(3)]
    veto = h.make_finding("site.homepage_stale", HOST + "/", severity="否决")
    found.append(replace(veto, data={"mark": {"status": "无需整改", "reason": "已核实"}}))
    found.append(h.make_finding("text.typo", f"{HOST}/t.html", severity="提示", data={"word": "\u0007"}))
    run = h.add_run(store, site, found, pages=[HOST + "/", *(f"{HOST}/p{i}.html" for i in range(4))])
    read = verdict_for_run(store, run)
    full = verdict_for_findings(run, finding_rows(store, run), coverage=read.coverage)
    assert read == full
    assert not read.vetoes  # the veto marked 无需整改 is left out: its data was read
    assert dict((r, p) for r, p, _ in read.deductions)["link.broken"] == 3.4  # on_home read too


def test_marks_are_read_and_written_for_the_marked_findings_only(store, h):
    import json

    from findings.ignore import Mark, apply_marks

    site = store.upsert_site(name="示范县人民政府", start_url=HOST + "/", host="a.example.gov.cn")
    older = [h.make_finding("column.blank", f"{HOST}/c{i}/") for i in range(30)]
    h.add_run(store, site, older)
    current = older[10:] + [h.make_finding("doc.late", f"{HOST}/d{i}.html") for i in range(30)]
    run = h.add_run(store, site, current)
    later = h.make_finding("text.typo", f"{HOST}/t.html")
    h.add_run(store, site, [later])  # only a later run reported it: not re-checked by this one
    marks = {f.fingerprint: Mark(f.fingerprint, "已整改", "已改") for f in older[:15]}  # 10 gone, 5 not
    marks |= {f.fingerprint: Mark(f.fingerprint, "无需整改", "误报") for f in current[-3:]}
    marks["0000never0seen00"] = Mark("0000never0seen00", "已整改", "?")  # no run ever reported it
    marks[later.fingerprint] = Mark(later.fingerprint, "已整改", "?")
    summary = apply_marks(store, run, marks, current)
    assert summary.recheck_passed == sorted(f.fingerprint for f in older[:10])
    assert summary.recheck_failed == sorted(f.fingerprint for f in older[10:15])
    assert summary.ignored == sorted(f.fingerprint for f in current[-3:])
    data = {fp: json.loads(d) for fp, d in store.db.conn.execute(
        "SELECT fingerprint, data FROM findings WHERE run_id = ?", [run])}
    marked = {fp for fp, d in data.items() if "mark" in d}
    assert marked == set(summary.recheck_failed) | set(summary.ignored)
    assert all(f.data.get("mark") for f in current if f.fingerprint in marked)
    assert not any(f.data.get("mark") for f in current if f.fingerprint not in marked)


def test_marked_findings_are_looked_up_by_the_key_not_scanned(store):
    from findings.ignore import MARKED_SQL

    plan = " | ".join(r[-1] for r in store.db.conn.execute("EXPLAIN QUERY PLAN " + MARKED_SQL, ['["a"]', 1]))
    assert plan.startswith("SCAN j") and "(run_id=? AND fingerprint=?)" in plan, plan


def test_a_rule_s_first_veto_in_report_order_gives_the_basis(store, h):
    site = store.upsert_site(name="示范县人民政府", start_url=HOST + "/", host="a.example.gov.cn")
    vetoes = [replace(h.make_finding("site.homepage_stale", f"{HOST}/{name}", severity="否决", key=key),
                      basis=f"依据{name}") for name, key in (("b", "0"), ("a", "1"), ("c", "2"))]
    run = h.add_run(store, site, vetoes)
    assert verdict_for_run(store, run).vetoes == [("site.homepage_stale", "依据a")]
