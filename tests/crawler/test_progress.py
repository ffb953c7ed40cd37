"""The progress line a person watching a crawl (or reading the cron log) sees."""

from __future__ import annotations

from types import SimpleNamespace

from crawler.extensions import Progress
from crawler.revalidate import Outcome


def _progress(prepass):
    stats = SimpleNamespace(get_value=lambda key, default=0: 12 if key == "response_received_count" else default)
    spider = SimpleNamespace(site={"name": "示范县人民政府"}, prepass=prepass)
    return Progress(SimpleNamespace(spider=spider, stats=stats, engine=None), "log")


def test_progress_line_counts_the_revalidation_prepass_while_it_runs():
    line = _progress(Outcome(confirmed={"http://a/1", "http://a/2"}, asked=40)).line()
    assert line == "示范县人民政府: 已抓取 12 个请求, 队列中 0, 复核已存页面 40 个(未变 2)"


def test_progress_line_without_prepass():
    assert _progress(None).line() == "示范县人民政府: 已抓取 12 个请求, 队列中 0"
