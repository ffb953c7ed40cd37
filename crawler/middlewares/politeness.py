"""Back-off retries that respect slow and defensive government servers.

Scrapy's stock RetryMiddleware re-sends at once, and AutoThrottle ignores ``Retry-After``
(scrapy#3849, #4424). This middleware, which replaces the stock one:

* retries ``DUWANG_RETRY_CODES`` (429, 403, 5xx, …) and network errors up to
  ``DUWANG_RETRY_TIMES`` times, waiting ``Retry-After`` (seconds or an HTTP date) or an
  exponential back-off from ``DUWANG_RETRY_BASE_DELAY``, capped at ``DUWANG_RETRY_MAX_DELAY``;
* slows the whole site down while it answers 429/403 (the download slot's delay is raised,
  so one blocked portal never stalls the others, which keep their own slots);
* after ``DUWANG_BLOCKED_STOP_AFTER`` consecutive blocked answers, stops asking that site and
  lets the spider record the remaining targets as blocked, not broken.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import deferred_to_future
from twisted.internet.error import ConnectionLost, TCPTimedOutError, TimeoutError
from twisted.internet.task import deferLater
from twisted.web._newclient import ResponseFailed

from ..linkstate import reason_for

logger = logging.getLogger(__name__)

BLOCKING_CODES = frozenset({403, 429})
# Errors worth a retry: the server may come back. Refused connections and DNS failures are
# final answers (the link is broken) and are not retried.
RETRY_EXCEPTIONS = (TimeoutError, TCPTimedOutError, ConnectionLost, ResponseFailed)
RETRY_NAMES = frozenset({"DownloadTimeoutError", "ResponseDataLossError", "DownloadFailedError"})


def retry_after_seconds(value: bytes | str | None, *, now: datetime | None = None) -> float | None:
    """Parse a Retry-After header: delta-seconds or an HTTP date. None when absent or invalid."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def download_slot(crawler, request):
    """(key, Scrapy's download slot for ``request``); the slot is None until first used."""
    downloader = crawler.engine.downloader
    key = downloader.get_slot_key(request)
    return key, downloader.slots.get(key)


class SiteBlocked(IgnoreRequest):
    """Raised for requests to a site that kept answering 403/429."""


class BackoffRetryMiddleware:
    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.max_retries = settings.getint("DUWANG_RETRY_TIMES", 3)
        self.base_delay = settings.getfloat("DUWANG_RETRY_BASE_DELAY", 1.0)
        self.max_delay = settings.getfloat("DUWANG_RETRY_MAX_DELAY", 120.0)
        self.codes = frozenset(int(c) for c in settings.getlist("DUWANG_RETRY_CODES"))
        self.stop_after = settings.getint("DUWANG_BLOCKED_STOP_AFTER", 50)
        self.consecutive_blocked = 0
        self.site_blocked = False
        self.base_slot_delay = settings.getfloat("DOWNLOAD_DELAY", 0.0)
        self.slowed: set[str] = set()  # slots whose delay this middleware raised
        if self.max_retries < 0:
            raise NotConfigured

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        if self.site_blocked and not request.meta.get("robots"):
            raise SiteBlocked("site stopped answering (403/429)")
        return None

    async def process_response(self, request, response):
        status = response.status
        self.answered(request, status)
        if status not in self.codes or self.site_blocked:
            return response
        retry_after = retry_after_seconds(response.headers.get(b"Retry-After"))
        return await self._retry(request, f"http_{status}", retry_after, response,
                                 slow_site=status in BLOCKING_CODES or retry_after is not None)

    def answered(self, request, status: int) -> None:
        """Count an answer of the site: blocked ones towards stopping it, ordinary ones (any
        status the server gives when it is not defending itself) towards recovering its pace.
        Also told of the answers the revalidation pre-pass receives outside the downloader."""
        if status in BLOCKING_CODES:
            self.consecutive_blocked += 1
            if self.consecutive_blocked >= self.stop_after and not self.site_blocked:
                self.site_blocked = True
                self.crawler.stats.set_value("duwang/site_blocked", True)
                logger.warning("%s: %d consecutive 403/429 answers; stopping this site",
                               request.url, self.consecutive_blocked)
        elif status not in self.codes:
            self.consecutive_blocked = 0
            self._recover(request)

    async def process_exception(self, request, exception):
        if not (isinstance(exception, RETRY_EXCEPTIONS) or type(exception).__name__ in RETRY_NAMES):
            return None
        return await self._retry(request, type(exception).__name__, None, None, slow_site=False)

    async def _retry(self, request, reason, retry_after, response, *, slow_site):
        retries = request.meta.get("duwang_retries", 0)
        stats = self.crawler.stats
        if retries >= self.max_retries:
            stats.inc_value(f"duwang/retry/gave_up/{reason}")
            return response  # None for exceptions: the errback records the failure
        delay = retry_after if retry_after is not None else self.base_delay * (2 ** retries)
        delay = min(delay, self.max_delay)
        if slow_site:
            self._slow_down(request, delay)
        stats.inc_value(f"duwang/retry/{reason}")
        logger.debug("retrying %s (%s) in %.1fs", request.url, reason, delay)
        from twisted.internet import reactor  # the one Scrapy installed (never import it early)

        await deferred_to_future(deferLater(reactor, delay, lambda: None))
        retry = request.replace(dont_filter=True)
        retry.meta["duwang_retries"] = retries + 1
        retry.priority = request.priority + 1
        return retry

    def _slow_down(self, request, delay):
        """Raise the site's download-slot delay so the whole portal backs off."""
        key, slot = download_slot(self.crawler, request)
        if slot is not None:
            slot.delay = min(max(slot.delay, delay), self.max_delay)
            self.slowed.add(key)

    def _recover(self, request):
        """Each good answer halves the extra delay again (AutoThrottle does the same when on),
        so one 429 slows the site for a while, not for the rest of the crawl."""
        if not self.slowed:
            return
        key, slot = download_slot(self.crawler, request)
        if key not in self.slowed or slot is None:
            return
        extra = slot.delay - self.base_slot_delay
        if extra <= 0.05:
            slot.delay = self.base_slot_delay
            self.slowed.discard(key)
        else:
            slot.delay = self.base_slot_delay + extra / 2


class SharedPace:
    """The crawl's politeness towards a host, for requests sent outside Scrapy's downloader
    (the revalidation pre-pass, :mod:`crawler.revalidate`): the download slot's current delay
    (raised by the back-off after a 429/403), the requests the downloader has in flight there,
    and the back-off's accounting of every answer."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.backoff = next((m for m in crawler.engine.downloader.middleware.middlewares
                             if isinstance(m, BackoffRetryMiddleware)), None)

    def delay(self, url: str) -> float:
        _, slot = download_slot(self.crawler, Request(url))
        return slot.delay if slot is not None else 0.0

    def in_flight(self, url: str) -> int:
        _, slot = download_slot(self.crawler, Request(url))
        return len(slot.transferring) if slot is not None else 0

    def answered(self, url: str, status: int) -> None:
        if self.backoff is not None:
            self.backoff.answered(Request(url), status)


def failure_kind(exception: BaseException) -> str:
    """The stored reason (targets.error, pages.error) of a failed fetch: see crawler.linkstate."""
    return reason_for(exception).value
