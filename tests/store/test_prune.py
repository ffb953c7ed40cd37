"""`duwang prune`: old runs go, what the kept runs show (inherited rows, findings, diffs) stays."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from audits.prune import prune
from crawler.store import Store
from findings.history import diff_runs

ROOT = Path(__file__).resolve().parents[2]
A, B = "http://a/1.html", "http://a/2.html"


def _page(run_id: int, url: str, text: str) -> dict:
    return {"run_id": run_id, "site_id": 1, "url": url, "status": 200, "kind": "article", "text": text}


def _store(path: Path) -> Store:
    """Four finished runs: A is stored by run 1 and reused ever after; B changes in run 2."""
    store = Store(path)
    store.upsert_site(name="示范县", start_url="http://a/", host="a")
    for run in (1, 2, 3, 4):
        store.db["runs"].insert({"id": run, "site_id": 1, "status": "finished", "previous_run_id": run - 1 or None,
                                 "started_at": f"2026-11-0{run}T00:00:00+00:00"})
        store.insert_rows("findings", [{"run_id": run, "site_id": 1, "fingerprint": f"f{min(run, 3)}",
                                        "rule": "link.broken", "severity": "扣分"}])
        store.insert_rows("requests", [{"run_id": run, "url": A, "method": "GET", "body": "", "state": "done"}])
    store.insert_rows("pages", [_page(1, A, "甲"), _page(1, B, "乙一"), _page(2, B, "乙二")])
    store.insert_rows("links", [{"run_id": 1, "site_id": 1, "source_url": A, "target_url": B, "kind": "internal"},
                                {"run_id": 1, "site_id": 1, "source_url": B, "target_url": A, "kind": "internal"}])
    store.reuse_pages(2, 1, [A])
    store.reuse_pages(3, 2, [A, B])
    store.reuse_pages(4, 3, [A, B])
    return store


def _shown(store: Store, run_id: int) -> dict[str, str]:
    return {r["url"]: r["text"] for r in store.query("SELECT url, text FROM pages WHERE run_id = ?", [run_id])}


def test_prune_keeps_the_newest_runs_and_the_rows_they_inherited(tmp_path):
    with _store(tmp_path / "audit.db") as store:
        before = {run: _shown(store, run) for run in (3, 4)}
        result = prune(store, keep=2)
        assert (result.dropped, result.kept) == ([1, 2], [3, 4])
        assert [r["id"] for r in store.query("SELECT id FROM runs ORDER BY id")] == [3, 4]
        expected = {3: {A: "甲", B: "乙二"}, 4: {A: "甲", B: "乙二"}}
        assert {run: _shown(store, run) for run in (3, 4)} == before == expected
        assert [r["source_url"] for r in store.query("SELECT * FROM links WHERE run_id = 4")] == [A]
        # Run 1's copy of B (replaced in run 2) and everything of run 2 but B are gone.
        assert sorted((r["run_id"], r["url"]) for r in store.query("SELECT run_id, url FROM stored_pages")) == [
            (1, A), (2, B)]
        assert {r["run_id"] for r in store.query("SELECT run_id FROM findings")} == {3, 4}
        assert {r["run_id"] for r in store.query("SELECT run_id FROM requests")} == {3, 4}
        d = diff_runs(store, 4)
        assert d.previous_run_id == 3 and not d.new and not d.fixed


def test_an_unfinished_run_is_never_pruned(tmp_path):
    with _store(tmp_path / "audit.db") as store:
        store.db["runs"].insert({"id": 5, "site_id": 1, "status": "interrupted"})
        result = prune(store, keep=1)
        assert result.kept == [4, 5] and result.dropped == [1, 2, 3]


def test_the_command_refuses_keep_0_and_prunes_otherwise(tmp_path):
    _store(tmp_path / "audit.db").close()
    cli = [sys.executable, "-m", "audits.cli", "prune", "--out", str(tmp_path)]
    bad = subprocess.run(cli + ["--keep", "0"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--keep" in bad.stderr
    ok = subprocess.run(cli + ["--keep", "3"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "删除了 1 次" in ok.stdout, ok.stderr


def test_prune_drops_the_old_runs_attachment_text_and_rule_failures_too(tmp_path):
    with _store(tmp_path / "audit.db") as store:
        store.insert_rows("attachments", [{"run_id": run, "url": "http://a/f.pdf", "text": "附件文字"}
                                          for run in (1, 2, 3, 4)])
        store.db.execute("CREATE TABLE IF NOT EXISTS rule_failures (run_id INTEGER, rule TEXT, error TEXT)")
        store.db.execute("INSERT INTO rule_failures VALUES (1, 'text.typo', 'boom')")
        prune(store, keep=2)
        left = [r["run_id"] for r in store.query("SELECT run_id FROM attachments ORDER BY run_id")]
        assert left == [3, 4]
        assert list(store.query("SELECT * FROM rule_failures")) == []


def test_prune_keeps_the_inherited_links_and_drops_urls_nothing_refers_to(tmp_path):
    with _store(tmp_path / "audit.db") as store:
        store.insert_rows("links", [{"run_id": 1, "site_id": 1, "source_url": B, "target_url": "http://a/old",
                                     "kind": "internal"}])
        prune(store, keep=2)
        # A's links were stored by run 1 and are still shown by runs 3 and 4; B's (run 1) are not.
        assert [(r["source_url"], r["target_url"]) for r in store.query(
            "SELECT * FROM links WHERE run_id = 4 ORDER BY source_url")] == [(A, B)]
        urls = {r["url"] for r in store.query("SELECT url FROM urls")}
        assert urls == {A, B}  # http://a/old was linked only from run 1's copy of B
