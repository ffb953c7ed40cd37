"""The demo scorer: what counts as a true, a false and a missed finding."""

from __future__ import annotations

import pytest

from crawler.demo.score import canonical, score

BASE = "http://127.0.0.1:9000"


def absolute(path: str) -> str:
    return BASE + path


def finding(rule: str, url: str, target: str = "", **data) -> dict:
    return {"rule": rule, "url": BASE + url, "target": BASE + target if target else "", "message": "…",
            "data": data}


def row(rule: str, url: str, target: str = "", **extra) -> dict:
    return {"rule": rule, "url": url, "target": target, "note": "", **extra}


@pytest.mark.parametrize("url, same", [
    ("/x/index.html", "/x/"), ("/x/index.shtml", "/x/"), ("/x/default.htm", "/x/"), ("/x/index.htm", "/x/"),
])
def test_directory_index_is_the_directory(url, same):
    assert canonical(BASE + url) == canonical(BASE + same)


def test_pager_pages_are_not_the_column():
    assert canonical(BASE + "/x/index_2.html") != canonical(BASE + "/x/")
    assert canonical(BASE + "/channels/12_2.html") != canonical(BASE + "/channels/12.html")


def test_precision_and_recall():
    expected = [row("column.blank", "/a/index.html"), row("column.blank", "/b/index.html")]
    controls = [row("column.blank", "/nav/", why="导航页")]
    s = score([finding("column.blank", "/a/"), finding("column.blank", "/nav/")], expected, controls,
              absolute)["column.blank"]
    assert (s.true, s.findings, s.found, s.planted) == (1, 2, 1, 2)
    assert s.precision == 0.5 and s.recall == 0.5 and not s.passed
    assert [c["url"] for c in s.controls_hit] == ["/nav/"]
    assert [e["url"] for e in s.missed] == ["/b/index.html"]


def test_the_same_column_under_two_addresses_is_one_true_and_one_false():
    expected = [row("column.stale", "/a/index.html")]
    s = score([finding("column.stale", "/a/"), finding("column.stale", "/a/index.html")], expected, [],
              absolute)["column.stale"]
    assert (s.true, len(s.false), s.found) == (1, 1, 1)


def test_a_title_typo_on_its_list_page_is_true():
    expected = [row("text.typo", "/a/1.html", also_on=["/a/index.html"])]
    s = score([finding("text.typo", "/a/1.html"), finding("text.typo", "/a/index.html")], expected, [],
              absolute)["text.typo"]
    assert s.true == 2 and s.precision == 1.0 and s.recall == 1.0


def test_targets_decide_link_findings():
    expected = [row("link.broken", "/", "/gone.html")]
    s = score([finding("link.broken", "/other.html", "/gone.html"), finding("link.broken", "/", "/fine.html")],
              expected, [], absolute)["link.broken"]
    assert (s.true, len(s.false)) == (1, 1)


def test_stale_reminders_are_not_scored_and_silence_is_precise():
    scores = score([finding("column.stale", "/a/", warning=True)], [], [], absolute)
    s = scores["column.stale"]
    assert s.findings == 0 and s.precision == 1.0 and s.recall is None and s.passed


def test_columns_score_counts_aliases_pager_pages_and_wrong_fields():
    from datetime import date

    from crawler.demo.model import Article, Column
    from crawler.demo.score import columns_score

    col = Column(key="gzdt", name="工作动态", cms="variant", index_path="/gzdt/index.html", crumbs=[])
    col.articles = [Article(path=f"/gzdt/{i}.html", column="gzdt", title="t", date=date(2026, 11, 19 - i))
                    for i in range(3)]
    stored = [
        {"url": BASE + "/gzdt/", "kind": "listing", "name": "政府信息公开目录", "item_count": 3,
         "newest_date": "2026-11-19"},
        {"url": BASE + "/gzdt/index.html", "kind": "listing", "name": "工作动态", "item_count": 2,
         "newest_date": "2026-11-19"},
        {"url": BASE + "/gzdt/index_2.html", "kind": "listing", "name": "工作动态", "item_count": 1,
         "newest_date": "2026-11-17"},
    ]
    s = columns_score([col], stored, absolute)
    assert (s.stored, s.listing, s.name, s.items, s.newest) == (1, 1, 0, 1, 1)
    assert s.duplicates == [BASE + "/gzdt/index.html"]
    assert s.pager_pages == [BASE + "/gzdt/index_2.html"]
    assert any("name" in w for w in s.wrong)
