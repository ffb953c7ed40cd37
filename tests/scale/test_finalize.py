"""Column aggregation at the end of a crawl: right figures, and work that grows like n log n."""

from __future__ import annotations

from crawler.runner import finalize_run
from crawler.store import Store


def _listing_store(path, columns: int, items: int = 5) -> Store:
    """Every page a listing of its own column, each listing ``items`` rows (the worst case)."""
    store = Store(path)
    pages, cols, rows = [], [], []
    for c in range(columns):
        url = f"http://a/c{c}/"
        pages.append({"run_id": 1, "site_id": 1, "url": url, "kind": "listing", "column_url": url})
        cols.append({"run_id": 1, "site_id": 1, "url": url, "kind": "listing", "item_count": 0, "pages": 1})
        rows += [{"run_id": 1, "column_url": url, "url": f"http://a/c{c}/{i}.html", "source_url": url,
                  "date": f"2026-0{1 + i % 9}-01"} for i in range(items)]
    store.insert_rows("pages", pages)
    store.insert_rows("columns", cols)
    store.insert_rows("column_items", rows)
    return store


def _vm_steps(store: Store, fn) -> int:
    """SQLite virtual-machine instructions executed by ``fn`` (in units of 100): machine-independent."""
    steps = [0]

    def tick():
        steps[0] += 1
        return 0

    store.db.conn.set_progress_handler(tick, 100)
    try:
        fn()
    finally:
        store.db.conn.set_progress_handler(None, 0)
    return steps[0]


def test_figures_count_items_across_pages_and_distinct_urls(tmp_path):
    with Store(tmp_path / "a.db") as store:
        col = "http://a/zwgk/"
        store.insert_rows("columns", [{"run_id": 1, "site_id": 1, "url": col, "kind": "listing",
                                       "item_count": 0, "pages": 1},
                                      {"run_id": 1, "site_id": 1, "url": "http://a/empty/", "kind": "listing",
                                       "item_count": 7, "pages": 1}])
        store.insert_rows("pages", [
            {"run_id": 1, "site_id": 1, "url": col, "kind": "listing", "column_url": col},
            {"run_id": 1, "site_id": 1, "url": col + "index_1.html", "kind": "listing", "column_url": col},
            {"run_id": 1, "site_id": 1, "url": col + "1.html", "kind": "article", "column_url": col}])
        store.insert_rows("column_items", [
            {"run_id": 1, "column_url": col, "url": col + "1.html", "date": "2026-10-01", "source_url": col},
            {"run_id": 1, "column_url": col, "url": col + "2.html", "date": "2026-11-02",
             "source_url": col + "index_1.html"},
            {"run_id": 2, "column_url": col, "url": col + "3.html", "date": "2026-12-01", "source_url": col}])
        finalize_run(store, 1)
        got = {r["url"]: (r["item_count"], r["newest_date"], r["pages"])
               for r in store.query("SELECT * FROM columns WHERE run_id = 1")}
        assert got == {col: (2, "2026-11-02", 2), "http://a/empty/": (0, None, 0)}


def test_an_inherited_column_gets_its_own_row_only_when_its_figures_changed(tmp_path):
    with Store(tmp_path / "a.db") as store:
        a, b = "http://a/a/", "http://a/b/"
        for col in (a, b):
            store.insert_rows("columns", [{"run_id": 1, "site_id": 1, "url": col, "kind": "listing", "pages": 1}])
            store.insert_rows("pages", [{"run_id": 1, "site_id": 1, "url": col, "kind": "listing", "column_url": col}])
            store.insert_rows("column_items", [{"run_id": 1, "column_url": col, "url": col + "1.html",
                                                "date": "2026-10-01", "source_url": col}])
        finalize_run(store, 1)
        # Run 2: both first pages unchanged (304); column b grew a second listing page with a new item.
        store.reuse_pages(2, 1, [a, b])
        store.insert_rows("pages", [{"run_id": 2, "site_id": 1, "url": b + "index_1.html", "kind": "listing",
                                     "column_url": b}])
        store.insert_rows("column_items", [{"run_id": 2, "column_url": b, "url": b + "2.html",
                                            "date": "2026-11-15", "source_url": b + "index_1.html"}])
        finalize_run(store, 2)
        got = {r["url"]: (r["item_count"], r["newest_date"], r["pages"])
               for r in store.query("SELECT * FROM columns WHERE run_id = 2")}
        assert got == {a: (1, "2026-10-01", 1), b: (2, "2026-11-15", 2)}
        own = [r["url"] for r in store.query("SELECT url FROM stored_columns WHERE run_id = 2")]
        assert own == [b]
        assert next(store.query("SELECT item_count FROM columns WHERE run_id = 1 AND url = ?", [b]))["item_count"] == 1


def test_aggregation_work_grows_about_linearly_with_the_columns(tmp_path):
    small = _listing_store(tmp_path / "small.db", 400)
    large = _listing_store(tmp_path / "large.db", 1600)
    try:
        s = _vm_steps(small, lambda: finalize_run(small, 1))
        n = _vm_steps(large, lambda: finalize_run(large, 1))
    finally:
        small.close()
        large.close()
    # Four times the columns: about four times the work (n log n); correlated scans took 16 times.
    assert n < 6 * s, (s, n)


def test_item_figures_equal_the_view_when_own_rows_shadow_inherited_ones(tmp_path):
    with Store(tmp_path / "a.db") as store:
        a = "http://a/a/"
        store.insert_rows("columns", [{"run_id": 1, "site_id": 1, "url": a, "kind": "listing", "pages": 1}])
        store.insert_rows("pages", [{"run_id": 1, "site_id": 1, "url": a, "kind": "listing", "column_url": a}])
        store.insert_rows("column_items", [{"run_id": 1, "column_url": a, "url": a + f"{i}.html",
                                            "date": f"2026-10-0{i}", "source_url": a} for i in (1, 2)])
        finalize_run(store, 1)
        store.reuse_pages(2, 1, [a])
        store.insert_rows("pages", [{"run_id": 2, "site_id": 1, "url": a + "index_1.html", "kind": "listing",
                                     "column_url": a}])
        # the second page lists 2.html again (shadowing the inherited row) and a new 3.html
        store.insert_rows("column_items", [{"run_id": 2, "column_url": a, "url": a + f"{i}.html",
                                            "date": f"2026-11-0{i}", "source_url": a + "index_1.html"}
                                           for i in (2, 3)])
        finalize_run(store, 2)
        view = next(store.query("SELECT count(*) AS n, max(date) AS newest FROM column_items "
                                "WHERE run_id = 2 AND column_url = ?", [a]))
        got = next(store.query("SELECT item_count, newest_date FROM columns WHERE run_id = 2 AND url = ?", [a]))
        assert (got["item_count"], got["newest_date"]) == (view["n"], view["newest"]) == (3, "2026-11-03")


def _view_figures(store: Store, run_id: int) -> dict[str, tuple]:
    """Each column's figures by their definition: correlated queries over the public views."""
    return {r["url"]: (r["n"], r["newest"], r["pages"]) for r in store.query(
        "SELECT c.url, (SELECT count(*) FROM column_items i WHERE i.run_id = c.run_id AND i.column_url = c.url) AS n, "
        "(SELECT max(date) FROM column_items i WHERE i.run_id = c.run_id AND i.column_url = c.url) AS newest, "
        "(SELECT count(*) FROM pages p WHERE p.run_id = c.run_id AND p.column_url = c.url "
        "AND p.kind IN ('home', 'listing', 'nav', 'unverifiable')) AS pages FROM columns c WHERE c.run_id = ?",
        [run_id])}


def test_figures_equal_the_views_on_a_random_re_inspection(tmp_path):
    """Own and inherited pages and items mixed at random (shadowed items, NULL dates, articles
    filed under a column, columns without pages): the grouped halves give what the views define."""
    import random

    rnd = random.Random(13)
    with Store(tmp_path / "a.db") as store:
        cols = [f"http://a/c{c}/" for c in range(40)]
        for run_id in (1, 2):
            store.insert_rows("columns", [{"run_id": run_id, "site_id": 1, "url": c, "kind": "listing", "pages": 1}
                                          for c in cols if run_id == 1 or rnd.random() < 0.5])
            if run_id == 2:  # half the first run's pages answered 304
                store.reuse_pages(2, 1, [r["url"] for r in store.query("SELECT url FROM pages WHERE run_id = 1")
                                         if rnd.random() < 0.5])
            pages, items = [], []
            for c in cols:
                for k in range(rnd.randrange(0, 4)):
                    page = c if k == 0 else f"{c}index_{k}.html"
                    kind = rnd.choice(["listing", "listing", "nav", "article"])
                    pages.append({"run_id": run_id, "site_id": 1, "url": page, "kind": kind, "column_url": c})
                    for i in rnd.sample(range(12), rnd.randrange(0, 6)):
                        date = None if rnd.random() < 0.2 else f"2026-{1 + rnd.randrange(11):02d}-0{1 + i % 9}"
                        items.append({"run_id": run_id, "column_url": c, "url": f"{c}{i}.html", "date": date,
                                      "source_url": page})
            reused = {r["url"] for r in store.query("SELECT url FROM reused WHERE run_id = ?", [run_id])}
            store.insert_rows("pages", [p for p in pages if p["url"] not in reused])
            store.insert_rows("column_items", [i for i in items if i["source_url"] not in reused])
            finalize_run(store, run_id)
            got = {r["url"]: (r["item_count"], r["newest_date"], r["pages"])
                   for r in store.query("SELECT * FROM columns WHERE run_id = ?", [run_id])}
            assert got == _view_figures(store, run_id)
            assert any(n for n, _, _ in got.values()) and any(d is None for _, d, _ in got.values())
        assert next(store.query("SELECT count(*) AS n FROM reused WHERE run_id = 2"))["n"] > 5


def _linked_store(path, pages: int) -> Store:
    """``pages`` pages, each linking the same 10 navigation URLs and one page of its own."""
    store = Store(path)
    store.insert_rows("pages", [{"run_id": 1, "site_id": 1, "url": f"http://a/{p}.html", "kind": "article"}
                                for p in range(pages)])
    store.insert_rows("links", [{"run_id": 1, "site_id": 1, "source_url": f"http://a/{p}.html",
                                 "target_url": t, "kind": "internal", "hidden": 0}
                                for p in range(pages)
                                for t in [f"http://a/nav{n}/" for n in range(10)] + [f"http://a/own{p}.html"]])
    return store


def test_a_finished_crawl_leaves_statistics_for_the_rules_queries(tmp_path):
    with _linked_store(tmp_path / "audit.db", 50) as store:
        assert not store.has_statistics()
        finalize_run(store, 1)
        assert store.has_statistics()
        indexes = {r["idx"] for r in store.query("SELECT idx FROM sqlite_stat1 WHERE tbl = 'stored_links'")}
        assert "idx_stored_links_target_id_run_id" in indexes


def test_the_pages_linking_a_target_are_found_without_reading_the_run_s_links(tmp_path):
    # link.broken and link.unreachable ask, for each target, which pages link to it. Planned
    # without statistics, each question read every link of the run: pages x targets.
    from rules.base import AuditContext
    from rules.linksources import link_sources

    def steps_per_lookup(pages: int) -> float:
        with _linked_store(tmp_path / f"audit{pages}.db", pages) as store:
            finalize_run(store, 1)
            ctx = AuditContext(store=store, run_id=1, site={}, as_of=None, settings={})
            targets = [f"http://a/own{p}.html" for p in range(0, pages, pages // 20)]
            steps = _vm_steps(store, lambda: [link_sources(ctx, t) for t in targets])
            assert all(len(link_sources(ctx, t)) == 1 for t in targets)
            return steps / len(targets)

    small, large = steps_per_lookup(200), steps_per_lookup(2000)
    assert large < 3 * small, (small, large)  # ten times the links, about the same work per lookup


def test_rules_over_a_store_without_statistics_gather_them_first(tmp_path):
    from datetime import date

    from audits.engine import run_rules

    with _linked_store(tmp_path / "audit.db", 20) as store:
        site_id = store.upsert_site(name="县", start_url="http://a/", host="a")
        store.db.conn.execute("UPDATE stored_pages SET site_id = ?", [site_id])
        store.db.conn.execute("INSERT INTO runs (id, site_id, status, as_of) VALUES (1, ?, 'finished', "
                              "'2026-11-20')", [site_id])
        assert not store.has_statistics()
        run_rules(store, 1, as_of=date(2026, 11, 20), rule_config={"disable": ["text.typo"]})
        assert store.has_statistics()
