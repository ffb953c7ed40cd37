from __future__ import annotations

import pytest

from audits.history import diff_runs, diff_text



def test_new_fixed_still_open_across_two_runs(two_sites):
    store = two_sites["store"]
    d = diff_runs(store, two_sites["run_a2"])
    assert d.previous_run_id == two_sites["run_a1"]
    assert sorted(f["rule"] for f in d.new) == ["interpretation.unlinked", "site.homepage_stale"]
    assert [f["rule"] for f in d.fixed] == ["link.broken"]
    assert [f["rule"] for f in d.still_open] == ["column.blank"]
    # still_open rows are the current run's rows, data parsed
    assert d.still_open[0]["run_id"] == two_sites["run_a2"]
    assert isinstance(d.still_open[0]["data"], dict)
    assert d.fixed[0]["target"] == "http://a.example.gov.cn/gone"


def test_first_run_has_no_previous(two_sites):
    store = two_sites["store"]
    d = diff_runs(store, two_sites["run_a1"])
    assert d.previous_run_id is None
    assert len(d.new) == 2 and not d.fixed and not d.still_open
    assert "首次审计, 无可对比的上一次运行" in diff_text(d)


def test_other_sites_runs_are_not_compared(two_sites):
    d = diff_runs(two_sites["store"], two_sites["run_b"])
    assert d.previous_run_id is None  # run_a2 is earlier but belongs to another site


def test_unfinished_runs_are_skipped_as_previous(two_sites, h):
    store = two_sites["store"]
    a = two_sites["a"]
    interrupted = h.add_run(store, a, [], status="interrupted")
    latest = h.add_run(store, a, [h.make_finding("column.blank", "http://a.example.gov.cn/col1/")])
    d = diff_runs(store, latest)
    assert d.previous_run_id == two_sites["run_a2"] != interrupted
    assert [f["rule"] for f in d.still_open] == ["column.blank"]
    assert {f["rule"] for f in d.fixed} == {"site.homepage_stale", "interpretation.unlinked"}


def test_against_explicit_run(two_sites):
    store = two_sites["store"]
    d = diff_runs(store, two_sites["run_a2"], against=two_sites["run_a2"])
    assert d.previous_run_id == two_sites["run_a2"]
    assert not d.new and not d.fixed and len(d.still_open) == 3


def test_unknown_run_raises_lookup_error(two_sites):
    with pytest.raises(LookupError):
        diff_runs(two_sites["store"], 9999)
    with pytest.raises(LookupError):
        diff_runs(two_sites["store"], two_sites["run_a2"], against=9999)


def test_diff_text_lines(two_sites):
    text = diff_text(diff_runs(two_sites["store"], two_sites["run_a2"]))
    first = text.splitlines()[0]
    assert "新增 2 项, 已整改 1 项, 仍未整改 1 项" in first
    lines = text.splitlines()[1:]
    assert sum(l.startswith("+ [") for l in lines) == 2
    assert any(l.startswith("- [link.broken]") and "http://a.example.gov.cn/x.html" in l for l in lines)
