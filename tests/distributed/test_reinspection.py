"""A distributed re-inspection revalidates: 2 workers send conditional requests with the
validators the coordinator published in Redis, and the 304s are reused."""

from __future__ import annotations

import pytest

from crawler.demo import DemoServer, build_portal
from crawler.store import Store

from .test_two_workers import _audit, _stored

pytestmark = [pytest.mark.redis, pytest.mark.slow]


def _findings(out, run_id: int) -> set[tuple]:
    with Store(out / "audit.db", create=False) as store:
        return {(r["rule"], r["url"], r["target"], r["message"]) for r in store.query(
            "SELECT rule, url, target, message FROM findings WHERE run_id = ?", [run_id])}


def _pages(out, run_id: int) -> dict[str, dict]:
    with Store(out / "audit.db", create=False) as store:
        return {r["url"]: r for r in store.query("SELECT * FROM pages WHERE run_id = ?", [run_id])}


def test_two_workers_reinspect_an_unchanged_portal_with_304s(tmp_path, redis_url):
    out = tmp_path / "shared"
    with DemoServer(build_portal(pages=400)) as server:
        first = _audit(server.url, out, "--redis", redis_url, "--workers", "2")
        assert first.returncode in (0, 1), first.stderr[-3000:]
        first_bytes = server.bytes_sent
        second = _audit(server.url, out, "--redis", redis_url, "--workers", "2")
        second_bytes = server.bytes_sent - first_bytes
    assert second.returncode == first.returncode, second.stderr[-3000:]
    assert second.stderr.count("worker serving audit") == 2, second.stderr[-3000:]

    one, two = _pages(out, 1), _pages(out, 2)
    reused = {u for u, r in two.items() if r["revalidated"] == 1}
    assert len(reused) > 0.6 * len(one)  # the server answered 304 and the stored rows were kept
    for url in reused:
        assert two[url]["content_hash"] == one[url]["content_hash"] and two[url]["bytes"] == 0
    assert set(two) == set(one)  # the children of reused pages were crawled again
    assert second_bytes < 0.5 * first_bytes
    _, queued = _stored(out)
    assert queued == 0
    assert _findings(out, 2) == _findings(out, 1) and _findings(out, 1)
