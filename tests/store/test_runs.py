"""The run lifecycle: every status change goes through the store's methods, in one vocabulary."""

from __future__ import annotations

import re
from pathlib import Path

from audits.prune import runs_to_drop
from crawler.runs import RunStatus
from crawler.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _status(store: Store, run_id: int) -> str:
    return store.run(run_id)["status"]


def test_a_run_goes_from_running_to_interrupted_to_running_to_finished(tmp_path):
    with Store(tmp_path / "audit.db") as store:
        site = store.upsert_site(name="示范县", start_url="http://a/", host="a")
        run = store.start_run(site, as_of="2026-11-20")
        assert _status(store, run) == RunStatus.RUNNING == "running"
        assert store.resumable_run(site)["id"] == run  # a killed run is resumed
        store.interrupt_run(run)
        assert _status(store, run) == "interrupted" and store.resumable_run(site)["id"] == run
        store.resume_run(run, as_of="2026-11-27")
        assert (_status(store, run), store.run(run)["as_of"]) == ("running", "2026-11-27")
        assert store.latest_run(site) is None
        store.finish_run(run)
        assert _status(store, run) == "finished" and store.run(run)["finished_at"]
        assert store.resumable_run(site) is None and store.latest_run(site)["id"] == run
        assert store.run(store.start_run(site, as_of="2026-12-04"))["previous_run_id"] == run


def test_abandoned_and_failed_runs_are_neither_resumed_nor_compared_against_and_are_pruned(tmp_path):
    with Store(tmp_path / "audit.db") as store:
        site = store.upsert_site(name="示范县", start_url="http://a/", host="a")
        done = store.start_run(site, as_of="2026-11-20")
        store.finish_run(done)
        open_runs = [store.start_run(site, as_of="2026-11-27") for _ in range(2)]
        store.interrupt_run(open_runs[0])
        assert store.abandon_open_runs(site) == open_runs
        assert {_status(store, r) for r in open_runs} == {"abandoned"}
        failed = store.start_run(site, as_of="2026-12-04")
        store.fail_run(failed)
        assert _status(store, failed) == "failed"
        assert store.resumable_run(site) is None
        assert store.latest_run(site)["id"] == done
        assert store.run(store.start_run(site, as_of="2026-12-11"))["previous_run_id"] == done
        dropped, _ = runs_to_drop(store, keep=1)
        assert set(open_runs + [failed]) <= set(dropped) and done not in dropped


def test_no_code_writes_a_run_status_but_the_store():
    """runs.status changes only through Store's lifecycle methods (no scattered updates)."""
    offenders = []
    for path in [*ROOT.glob("crawler/**/*.py"), *ROOT.glob("audits/**/*.py"), *ROOT.glob("findings/**/*.py"),
                 *ROOT.glob("reports/**/*.py"), *ROOT.glob("rules/**/*.py")]:
        if path == ROOT / "crawler" / "store.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"""\[["']runs["']\]\.update|UPDATE\s+runs\s+SET\s+status""", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_finishing_a_re_inspection_gives_the_old_frontier_s_pages_back(tmp_path):
    """Two frontiers coexist while a re-inspection runs; once it finished the file is one frontier again."""
    with Store(tmp_path / "audit.db") as store:
        site = store.upsert_site(name="示范县", start_url="http://a/", host="a")

        def crawl() -> int:
            run = store.start_run(site, as_of="2026-11-20")
            store.insert_rows("requests", [{"run_id": run, "url": f"http://a/zwgk/{i:05d}.html", "method": "GET",
                                            "body": "", "state": "done", "referer": "http://a/zwgk/"}
                                           for i in range(3000)])
            return run

        def pages() -> int:
            return store.db.execute("PRAGMA page_count").fetchone()[0]

        store.finish_run(crawl())
        one = pages()
        second = crawl()
        assert pages() > one * 1.5  # the previous frontier is still read by this run
        store.finish_run(second)
        assert store.db.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert pages() <= one * 1.1
