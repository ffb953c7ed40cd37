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
