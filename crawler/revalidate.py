"""The revalidation pre-pass: ask the server about every stored page before the crawl.

A re-inspection asks again for every page the previous run stored, with the validators that
run stored (see :mod:`crawler.middlewares.revalidation` for what audit-grade revalidation
means). Through Scrapy, a conditional request that comes back 304 costs nearly as much CPU
as a full page (about 2 ms of Scrapy's own per-request machinery against 3.4 ms), so a
re-inspection of an unchanged portal took half the time of the first crawl. This pre-pass
sends the same conditional requests with a lean asyncio client (aiohttp), in the crawl's own
event loop, while the spider fetches what the pass cannot answer, and sorts the answers:

* **304**: the server itself confirmed the stored copy; the spider reuses its rows in bulk.
* **200, 404, 410**: the page changed or vanished. The answer is handed to the spider as the
  download of that page, so it is not asked for twice (unless it is larger than
  ``DOWNLOAD_MAXSIZE`` or the hand-over buffer is full; then the spider asks again).
* **Anything else** (redirects, other 4xx, 5xx, timeouts, network errors): nothing is
  concluded. The spider asks again with its own retries, back-off and redirect handling, so
  an outage shows exactly as it did without the pre-pass.

Politeness is the crawl's, and shared with it (:class:`~crawler.middlewares.politeness.SharedPace`):
the same User-Agent and robots.txt; per host at most ``CONCURRENT_REQUESTS_PER_DOMAIN``
requests in flight, or ``AUTOTHROTTLE_TARGET_CONCURRENCY`` when AutoThrottle is on (the
average AutoThrottle steers towards), counting those the spider has in flight there; between
two requests ``DOWNLOAD_DELAY`` or the delay the crawl's back-off has raised after a 429 or
403, whichever is longer. The pass reports its answers to that back-off, so a blocked answer
counts towards stopping the site and ordinary ones let it recover its pace. A 403, 429, 5xx
or network error pauses the host (``Retry-After``, else an exponential back-off) and leaves
that page to the spider; a few of them in a row stop the pass.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from protego import Protego

from .middlewares.politeness import retry_after_seconds

if TYPE_CHECKING:  # imported when a pre-pass runs: aiohttp costs ~0.3 CPU s to import (it loads
    import aiohttp  # the CA store), and a first crawl has nothing to revalidate

logger = logging.getLogger(__name__)

# Statuses whose answer is final for an audit and handed to the spider as its download.
HANDED_OVER = frozenset({200, 404, 410})
# Bodies held for the spider at once; beyond this the spider asks again for changed pages.
HANDOVER_BUDGET = 64 * 1024 * 1024


@dataclass(frozen=True)
class Pace:
    """How hard the pre-pass may ask one site (from the crawl's Scrapy settings)."""

    per_host: int = 2
    delay: float = 0.0
    timeout: float = 20.0
    user_agent: str = "duwang"
    max_size: int = 5 * 1024 * 1024
    obey_robots: bool = True
    robots_agent: str = "duwang"  # the name robots.txt rules are matched against
    base_delay: float = 1.0  # back-off after trouble, doubled each time in a row
    max_delay: float = 120.0
    max_trouble: int = 3  # troubled answers in a row that stop the pass

    @classmethod
    def from_settings(cls, settings) -> Pace:
        per_host = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 8)
        if settings.getbool("AUTOTHROTTLE_ENABLED"):
            target = settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY", 1.0)
            per_host = min(per_host, max(1, math.ceil(target)))
        return cls(per_host=max(1, per_host),
                   delay=settings.getfloat("DOWNLOAD_DELAY", 0.0),
                   timeout=settings.getfloat("DOWNLOAD_TIMEOUT", 180.0),
                   user_agent=settings.get("USER_AGENT") or "duwang",
                   max_size=settings.getint("DOWNLOAD_MAXSIZE", 0) or 2**62,
                   obey_robots=settings.getbool("ROBOTSTXT_OBEY"),
                   # As Scrapy's RobotsTxtMiddleware: ROBOTSTXT_USER_AGENT, else the User-Agent.
                   robots_agent=settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or "duwang",
                   base_delay=settings.getfloat("DUWANG_RETRY_BASE_DELAY", 1.0),
                   max_delay=settings.getfloat("DUWANG_RETRY_MAX_DELAY", 120.0))


class Share(Protocol):
    """The crawl's politeness towards a host (see SharedPace); the pass without a crawl has none."""

    def delay(self, url: str) -> float: ...

    def in_flight(self, url: str) -> int: ...

    def answered(self, url: str, status: int) -> None: ...


@dataclass
class Answer:
    """A response the pre-pass received and the spider takes as its download."""

    url: str
    status: int
    headers: list[tuple[bytes, bytes]]  # as received (the body is not decompressed)
    body: bytes


@dataclass
class Outcome:
    confirmed: set[str] = field(default_factory=set)  # URLs the server answered 304 for
    answers: dict[str, Answer] = field(default_factory=dict)
    asked: int = 0
    stopped: str | None = None  # why the pass stopped before asking every page

    def summary(self) -> str:
        text = (f"revalidation pre-pass: {self.asked} asked, {len(self.confirmed)} unchanged (304), "
                f"{len(self.answers)} answers handed to the spider")
        return text + (f"; stopped: {self.stopped}" if self.stopped else "")


# A page to revalidate: (url, etag, last_modified); either validator may be empty.
Validated = tuple[str, str, str]


async def revalidate(pages: Iterable[Validated], pace: Pace, *, share: Share | None = None,
                     handover_budget: int = HANDOVER_BUDGET, outcome: Outcome | None = None) -> Outcome:
    """Ask for every page with its validators; sort the answers (see the module docstring).

    ``outcome`` (optional) is filled in as answers arrive, for progress reports."""
    by_host: dict[str, list[Validated]] = defaultdict(list)
    for page in pages:
        by_host[urlsplit(page[0]).hostname or ""].append(page)  # Scrapy's slots are per host name
    outcome = outcome if outcome is not None else Outcome()
    if not by_host:
        return outcome
    import aiohttp

    run = _Pass(pace, outcome, share, handover_budget)
    # Certificates are not verified, as Scrapy does not verify them: many county portals run
    # on expired or self-signed certificates, and the audit reads them all the same.
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=pace.per_host, ssl=False)
    async with aiohttp.ClientSession(
            connector=connector, auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=pace.timeout),
            headers={"User-Agent": pace.user_agent, "Accept-Encoding": "gzip, deflate"}) as session:
        await asyncio.gather(*(run.host(session, todo) for todo in by_host.values()))
    return outcome


class _Pass:
    """One pre-pass over one site: workers per host, one stop flag, one hand-over budget."""

    def __init__(self, pace: Pace, outcome: Outcome, share: Share | None, budget: int):
        self.pace = pace
        self.outcome = outcome
        self.share = share
        self.budget = budget
        self.trouble = 0  # troubled answers in a row
        import aiohttp

        # What a failed request raises: the page is left to the spider.
        self.errors = (aiohttp.ClientError, asyncio.TimeoutError, OSError, ValueError)

    async def host(self, session: aiohttp.ClientSession, todo: list[Validated]) -> None:
        allowed = None
        if self.pace.obey_robots:
            allowed = await self._robots(session, todo[0][0])
            if allowed is None:
                return  # robots.txt unreadable: leave this host to the spider, which handles it
        queue: Iterator[Validated] = iter(todo)  # shared by the workers: each page taken once
        gate = _Gate(self.pace, self.share)
        await asyncio.gather(*(self._worker(session, queue, gate, allowed)
                               for _ in range(min(self.pace.per_host, len(todo)))))

    async def _worker(self, session, queue: Iterator[Validated], gate: _Gate,
                      allowed: Callable[[str], bool] | None) -> None:
        for url, etag, last_modified in queue:
            if self.outcome.stopped:
                return
            if allowed is not None and not allowed(url):
                continue  # the spider drops it the way Scrapy drops any disallowed page
            await gate.enter(url)
            try:
                await self._ask(session, gate, url, etag, last_modified)
            except self.errors as exc:
                self._troubled(gate, f"{type(exc).__name__} on {url}", None)
            finally:
                gate.leave()

    async def _ask(self, session: aiohttp.ClientSession, gate: _Gate, url: str, etag: str,
                   last_modified: str) -> None:
        headers = {"Cache-Control": "max-age=0"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        async with session.get(url, headers=headers, allow_redirects=False) as resp:
            self.outcome.asked += 1
            status = resp.status
            if self.share is not None:
                self.share.answered(url, status)
            if status in (403, 429) or status >= 500:
                self._troubled(gate, f"HTTP {status} on {url}",
                               retry_after_seconds(resp.headers.get("Retry-After")))
                return
            self.trouble = 0
            if status == 304:
                self.outcome.confirmed.add(url)
            elif status in HANDED_OVER:
                body = await self._body(resp)
                if body is not None:
                    self.outcome.answers[url] = Answer(url, status, list(resp.raw_headers), body)

    async def _body(self, resp: aiohttp.ClientResponse) -> bytes | None:
        """The body when it fits DOWNLOAD_MAXSIZE and the budget, else None (the spider asks again)."""
        limit = min(self.pace.max_size, self.budget)
        if (resp.content_length or 0) > limit:
            return None
        chunks, size = [], 0
        async for chunk in resp.content.iter_chunked(65536):
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
        self.budget -= size
        return b"".join(chunks)

    def _troubled(self, gate: _Gate, what: str, retry_after: float | None) -> None:
        """The page is left to the spider; the host pauses; enough trouble in a row stops the pass."""
        self.trouble += 1
        if self.trouble >= self.pace.max_trouble:
            self.outcome.stopped = self.outcome.stopped or f"{self.trouble} troubled answers in a row, last: {what}"
            return
        wait = retry_after if retry_after is not None else self.pace.base_delay * 2 ** (self.trouble - 1)
        gate.pause(min(wait, self.pace.max_delay))

    async def _robots(self, session: aiohttp.ClientSession, any_url: str) -> Callable[[str], bool] | None:
        """can_fetch for the host (None when robots.txt could not be read: leave it to Scrapy)."""
        parts = urlsplit(any_url)
        try:
            async with session.get(f"{parts.scheme}://{parts.netloc}/robots.txt") as resp:
                if resp.status >= 500:
                    return None
                if resp.status != 200:
                    return lambda url: True  # no robots.txt: everything is allowed
                text = (await resp.read()).decode("utf-8", errors="replace")
        except self.errors:
            return None
        rules = Protego.parse(text)
        agent = self.pace.robots_agent
        return lambda url: rules.can_fetch(url, agent)


class _Gate:
    """Entry to one host: the request budget shared with the crawl, and the delay between starts."""

    def __init__(self, pace: Pace, share: Share | None):
        self.pace = pace
        self.share = share
        self.active = 0
        self.next_at = 0.0

    async def enter(self, url: str) -> None:
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            crawl_active = self.share.in_flight(url) if self.share is not None else 0
            if now >= self.next_at and self.active + crawl_active < self.pace.per_host:
                break
            await asyncio.sleep(max(self.next_at - now, 0.01))
        delay = max(self.pace.delay, self.share.delay(url) if self.share is not None else 0.0)
        self.next_at = now + delay
        self.active += 1

    def leave(self) -> None:
        self.active -= 1

    def pause(self, seconds: float) -> None:
        self.next_at = max(self.next_at, asyncio.get_running_loop().time() + seconds)
