"""The progress line a person watching a crawl (or reading the cron log) sees."""

from __future__ import annotations

import io
import logging
import sys
from types import SimpleNamespace

from scrapy.settings import Settings

from crawler.extensions import Board, Progress
from crawler.revalidate import Outcome
from crawler.revalidation_state import RevalidationState


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def _progress(prepass, counts=None, clock=None):
    counts = counts if counts is not None else {"fetched": 12}
    stats = SimpleNamespace(
        get_value=lambda key, default=0: counts["fetched"] if key == "response_received_count" else default)
    spider = SimpleNamespace(site={"name": "示范县人民政府"})
    crawler = SimpleNamespace(spider=spider, stats=stats, engine=None, settings=Settings())
    state = RevalidationState(crawler)  # the extension the crawler holds
    state.prepass = prepass
    crawler.get_extension = lambda cls: state if isinstance(state, cls) else None
    progress = Progress(crawler, "log", clock=clock or Clock())
    return progress


def test_progress_line_counts_the_revalidation_prepass_while_it_runs():
    clock = Clock()
    p = _progress(Outcome(confirmed={"http://a/1", "http://a/2"}, asked=40), clock=clock)
    clock.now += 4
    assert p.line() == "示范县人民政府: 已抓取 12 个请求, 队列中 0, 3.0 个/秒, 用时 0:04, 复核已存页面 40 个(未变 2)"


def test_progress_line_without_prepass():
    clock = Clock()
    p = _progress(None, clock=clock)
    clock.now += 125
    assert p.line() == "示范县人民政府: 已抓取 12 个请求, 队列中 0, 0.1 个/秒, 用时 2:05"


def test_the_eta_shows_only_once_the_frontier_stopped_growing():
    clock, counts = Clock(), {"fetched": 0}
    p = _progress(None, counts, clock)
    p.counts = lambda: (counts["fetched"], counts["queued"])
    for second in range(1, 31):  # the site keeps revealing pages: no ETA
        clock.now += 1
        counts.update(fetched=10 * second, queued=100 + 5 * second)
        assert "预计" not in p.line()
    for _second in range(1, 12):  # the frontier stays at its size: 10 pages/s, the rest is known
        clock.now += 1
        counts["fetched"] += 10
        counts["queued"] -= 10
        line = p.line()
    # 410 fetched in 41 s is 10/s; 140 queued left: 14 s.
    assert line.endswith("预计还需 0:14"), line


def test_on_a_terminal_log_lines_print_above_the_live_lines(monkeypatch):
    screen = io.StringIO()
    screen.isatty = lambda: True
    monkeypatch.setattr(sys, "stderr", screen)
    Board._shared = None
    handler = logging.StreamHandler(screen)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        board = Board.shared()
        a = board.add("甲县: 已抓取 1 个请求")
        b = board.add("乙县: 已抓取 2 个请求")
        logging.getLogger("duwang.test").warning("一条日志")
        assert handler.stream is not screen  # the handler writes through rich while lines are shown
        board.remove(a, "甲县: 完成")
        board.remove(b, "乙县: 完成")
        assert handler.stream is screen  # and back once the last site is done
    finally:
        root.removeHandler(handler)
        Board._shared = None
    out = screen.getvalue()
    assert "一条日志" in out and out.index("一条日志") < out.index("甲县: 完成") < out.index("乙县: 完成")
