"""Progress: pages fetched and queued per site, the rate, the time spent and a rough ETA.

On a terminal every site has one live line, drawn by ``rich`` at the bottom of the screen
and redrawn every second; log lines print above the lines instead of through them (the log
handlers write through rich's console while the lines are shown). Under cron or a pipe (no
terminal) each site logs one plain summary line about every 60 seconds, so logs stay short
and greppable. The ETA appears once the frontier has stopped growing for a while (before
that nobody knows how big the site is).
"""

from __future__ import annotations

import logging
import sys
import time
from collections import deque

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from .revalidation_state import RevalidationState

logger = logging.getLogger("duwang.progress")

STABLE_SECONDS = 10.0  # the frontier has not grown for this long: the ETA is worth showing


def _clock(seconds: float) -> str:
    seconds = int(max(seconds, 0))
    h, rest = divmod(seconds, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    def __init__(self, crawler, mode: str, clock=time.monotonic):
        self.crawler = crawler
        self.tty = mode == "tty" or (mode == "auto" and sys.stderr.isatty())
        self.interval = 1.0 if self.tty else 60.0
        self.loop: task.LoopingCall | None = None
        self.clock = clock
        self.started = clock()
        self.totals: deque[tuple[float, int]] = deque()  # (time, fetched + queued)
        self.line_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        mode = crawler.settings.get("DUWANG_PROGRESS", "auto")
        if mode == "off":
            raise NotConfigured
        ext = cls(crawler, mode)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider):
        self.started = self.clock()
        if self.tty:
            self.line_id = Board.shared().add(self.line())
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def closed(self, spider, reason):
        if self.loop and self.loop.running:
            self.loop.stop()
        self.report(final=True)

    def counts(self) -> tuple[int, int]:
        fetched = self.crawler.stats.get_value("response_received_count", 0)
        queued = 0
        engine = self.crawler.engine
        try:
            queued = len(engine._slot.scheduler)  # noqa: SLF001 - Scrapy exposes no public length
        except Exception:  # pragma: no cover - the slot is gone once the spider closed
            pass
        return fetched, queued

    def eta(self, now: float, fetched: int, queued: int) -> float | None:
        """Seconds left, once the frontier (fetched + queued) stopped growing; else None."""
        total = fetched + queued
        self.totals.append((now, total))
        while self.totals and now - self.totals[0][0] > STABLE_SECONDS * 3:
            self.totals.popleft()
        window = [t for at, t in self.totals if now - at <= STABLE_SECONDS]
        grown = [t for at, t in self.totals if now - at >= STABLE_SECONDS]
        elapsed = now - self.started
        if not grown or max(window) > grown[-1] or fetched == 0 or elapsed <= 0:
            return None
        return queued / (fetched / elapsed)

    def line(self, final: bool = False) -> str:
        spider = self.crawler.spider
        now = self.clock()
        fetched, queued = self.counts()
        elapsed = now - self.started
        name = spider.site.get("name") or spider.site.get("start_url")
        line = f"{name}: 已抓取 {fetched} 个请求, 队列中 {queued}"
        if elapsed > 0:
            line += f", {fetched / elapsed:.1f} 个/秒, 用时 {_clock(elapsed)}"
        eta = None if final else self.eta(now, fetched, queued)
        if eta is not None:
            line += f", 预计还需 {_clock(eta)}"
        prepass = RevalidationState.of(self.crawler).prepass
        if prepass is not None:
            line += f", 复核已存页面 {prepass.asked} 个(未变 {len(prepass.confirmed)})"
        return line

    def report(self, final: bool = False):
        text = self.line(final=final)
        if self.line_id is not None:
            board = Board.shared()
            board.update(self.line_id, text)
            if final:
                board.remove(self.line_id, text)
                self.line_id = None
        elif not self.tty:
            logger.info(text)


class Board:
    """The live lines of all sites crawled in this process (one rich display, shared)."""

    _shared: Board | None = None

    def __init__(self):
        from rich.console import Console
        from rich.progress import Progress as RichProgress
        from rich.progress import TextColumn

        self.console = Console(file=sys.stderr)
        self.progress = RichProgress(TextColumn("{task.description}"), console=self.console,
                                     transient=True, redirect_stderr=True, redirect_stdout=True)
        self.streams: list[tuple[logging.StreamHandler, object]] = []
        self.started = False

    @classmethod
    def shared(cls) -> Board:
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    def add(self, text: str) -> int:
        if not self.started:
            self.progress.start()
            self.started = True
            # Log handlers opened on the terminal write through rich's proxy for sys.stderr
            # (set by start()): their lines print above ours.
            for handler in logging.getLogger().handlers:
                if isinstance(handler, logging.StreamHandler) and getattr(handler.stream, "isatty", lambda: False)():
                    self.streams.append((handler, handler.setStream(sys.stderr)))
        return self.progress.add_task(text, total=None)

    def update(self, line_id: int, text: str) -> None:
        self.progress.update(line_id, description=text)

    def remove(self, line_id: int, text: str) -> None:
        """The site is done: its last line stays on the screen above the live ones."""
        self.progress.remove_task(line_id)
        self.console.print(text, markup=False, highlight=False)
        if not self.progress.task_ids:
            self.progress.stop()
            for handler, stream in self.streams:
                handler.setStream(stream)
            self.streams.clear()
            self.started = False
