from __future__ import annotations

import pytest

from findings.history import diff_runs, diff_text


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
    latest = h.add_run(store, a, [h.make_finding("column.blank", "http://a.example.gov.cn/col1/")],
                       pages=["http://a.example.gov.cn/", "http://a.example.gov.cn/col1/",
                              "http://a.example.gov.cn/doc1.html"])
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


# -- a run that saw less never marks findings fixed on pages it did not examine again ------------
A = "http://a.example.gov.cn/"


def _two_runs(store, h, second_pages, *, failed=(), error=None, status=0, target_state="ok"):
    sid = store.upsert_site(name="示范县", start_url=A, host="a.example.gov.cn")
    old = [h.make_finding("link.broken", A + "x.html", target=A + "gone"),
           h.make_finding("column.stale", A + "col1/"),
           h.make_finding("text.typo", A + "deep/p9.html", key="p9-typo")]
    h.add_run(store, sid, old, pages=[A, A + "x.html", A + "col1/", A + "deep/p9.html"], as_of="2026-11-13")
    run_id = h.add_run(store, sid, [], pages=list(second_pages))
    h.add_pages(store, run_id, sid, list(failed), status=status, error=error, kind="other")
    if A + "x.html" in second_pages and target_state:  # the link on x.html was checked again
        store.insert_rows("targets", [{"run_id": run_id, "url": A + "gone", "state": target_state}])
    return diff_runs(store, run_id)


@pytest.mark.parametrize("state", ["unchecked", "unreachable", "blocked", None])
def test_a_broken_link_is_fixed_only_when_its_target_was_checked_again(store, h, state):
    # the page was read again, but its link was beyond the check budget, timed out, was
    # refused by a firewall, or not asked at all: the link is not known to be fixed
    d = _two_runs(store, h, [A, A + "x.html", A + "col1/", A + "deep/p9.html"], target_state=state)
    assert [f["rule"] for f in d.unchecked] == ["link.broken"]
    assert sorted(f["rule"] for f in d.fixed) == ["column.stale", "text.typo"]


def test_smaller_page_budget_fixes_only_what_it_read_again(store, h):
    # --max-pages 2: only the home page and x.html were read this time.
    d = _two_runs(store, h, [A, A + "x.html"])
    assert [f["rule"] for f in d.fixed] == ["link.broken"]
    assert sorted(f["rule"] for f in d.unchecked) == ["column.stale", "text.typo"]
    assert "未复查 2 项" in diff_text(d)


@pytest.mark.parametrize("error, status", [("timeout", 0), ("refused", 0), (None, 503), (None, 403),
                                           ("robots", 0)])
def test_an_outage_or_robots_fixes_nothing(store, h, error, status):
    d = _two_runs(store, h, [A], failed=[A + "x.html", A + "col1/", A + "deep/p9.html"],
                  error=error, status=status)
    assert d.fixed == [] and len(d.unchecked) == 3


def test_a_page_that_is_gone_was_examined(store, h):
    d = _two_runs(store, h, [A, A + "x.html", A + "col1/"], failed=[A + "deep/p9.html"], status=404)
    assert sorted(f["rule"] for f in d.fixed) == ["column.stale", "link.broken", "text.typo"]
    assert d.unchecked == []
