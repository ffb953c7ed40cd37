"""Reading a run's findings back: the same rows as stored, each repeated string kept once."""

from __future__ import annotations

from findings.records import finding_rows


def test_a_run_s_findings_read_back_share_their_repeated_strings(store, h):
    site = store.upsert_site(name="示范县人民政府", start_url="http://a.example.gov.cn/", host="a.example.gov.cn")
    stored = [h.make_finding("column.blank", f"http://a.example.gov.cn/col{i}/", key=str(i),
                             data={"column": "工作动态", "items": 0, "reasons": ["栏目为空"]}) for i in range(50)]
    run = h.add_run(store, site, stored)
    rows = finding_rows(store, run)
    assert len(rows) == 50
    by_url = {r["url"]: r for r in rows}
    for f in stored:  # nothing lost or changed by the sharing
        row = by_url[f.url]
        assert (row["rule"], row["message"], row["basis"], row["fingerprint"], row["data"]) == (
            f.rule, f.message, f.basis, f.fingerprint, f.data)
    first, *rest = rows
    for row in rest:  # one object per distinct string, not one per row
        assert row["basis"] is first["basis"] and row["message"] is first["message"]
        assert row["data"]["column"] is first["data"]["column"]
        assert next(iter(row["data"])) is next(iter(first["data"]))
        assert row["data"]["reasons"][0] is first["data"]["reasons"][0]
    assert len({id(r["url"]) for r in rows}) == 50


def test_saving_keeps_the_first_of_duplicates_and_encodes_data_as_json_dumps_does(store, h):
    import json
    from datetime import date

    from findings.records import raw_finding_rows, save_findings

    site = store.upsert_site(name="示范县人民政府", start_url="http://a.example.gov.cn/", host="a.example.gov.cn")
    run = store.start_run(site, as_of="2026-11-20")
    data = {"日期": date(2026, 11, 20), "items": [1, "二"], "nested": {"k": None}}
    first = h.make_finding("column.blank", "http://a.example.gov.cn/c/", evidence="第一次", data=data)
    again = h.make_finding("column.blank", "http://a.example.gov.cn/c/", evidence="第二次")
    others = [h.make_finding("doc.late", f"http://a.example.gov.cn/d{i}.html") for i in (3, 1, 2)]
    save_findings(store, run, site, [first, *others, again])
    rows = {r["fingerprint"]: r for r in raw_finding_rows(store, run)}
    assert len(rows) == 4
    assert rows[first.fingerprint]["evidence"] == "第一次"  # the first of the two is kept
    assert rows[first.fingerprint]["data"] == json.dumps(data, ensure_ascii=False, default=str)
    save_findings(store, run, site, others)  # saving again replaces the run's findings
    assert sorted(r["fingerprint"] for r in raw_finding_rows(store, run)) == sorted(f.fingerprint for f in others)


def test_one_unstorable_value_is_replaced_and_the_clean_ones_are_stored_as_they_are(store, h):
    from findings.records import raw_finding_rows, save_findings

    site = store.upsert_site(name="示范县人民政府", start_url="http://a.example.gov.cn/", host="a.example.gov.cn")
    run = store.start_run(site, as_of="2026-11-20")
    clean = [h.make_finding("doc.late", f"http://a.example.gov.cn/d{i}.html", evidence="正常\t文字\r\n")
             for i in range(20)]
    hostile = h.make_finding("text.typo", "http://a.example.gov.cn/x.html", evidence="坏\ud800字\x00\ufffe尾",
                             data={"word": "错\udfff", "ctl": "a\x1fb"})
    save_findings(store, run, site, [*clean, hostile])
    rows = {r["fingerprint"]: r for r in raw_finding_rows(store, run)}
    assert rows[hostile.fingerprint]["evidence"] == "坏\ufffd字\ufffd尾"
    assert "\\ud" not in rows[hostile.fingerprint]["data"] and "\x1f" not in rows[hostile.fingerprint]["data"]
    assert all(rows[f.fingerprint]["evidence"] == "正常\t文字\r\n" for f in clean)


def test_diff_summary_counts_what_diff_runs_lists_without_reading_it(store, h):
    from findings.history import diff_runs, diff_summary

    site = store.upsert_site(name="示范县", start_url="http://s.example.gov.cn/", host="s.example.gov.cn")
    old = [h.make_finding("column.blank", f"http://s.example.gov.cn/c{i}/") for i in range(6)]
    first = h.add_run(store, site, old[:4])
    store.finish_run(first)
    second = h.add_run(store, site, old[2:])
    full, light = diff_runs(store, second), diff_summary(store, second)
    assert (len(light.new), len(light.still_open)) == (len(full.new), len(full.still_open)) == (2, 2)
    assert list(light.new) == full.new and list(light.still_open) == full.still_open
    assert light.fixed == full.fixed and light.unchecked == full.unchecked
    assert type(light.new).__name__ == "StoredRows"  # a view, not this run's rows in a list
