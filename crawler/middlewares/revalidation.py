"""Audit-grade revalidation against the previous run of the same site.

Scrapy's HttpCacheMiddleware does not fit an audit (anchors.md §C): its default DummyPolicy
replays forever, RFC2616Policy treats pages as fresh by heuristic (Date − Last-Modified)/10
and never asks the server, and on 5xx or network errors it serves the cached page, hiding an
outage. This middleware instead:

* sends every page request of a re-inspection as a conditional request with the validators
  the previous run stored (``If-None-Match``, ``If-Modified-Since``) and
  ``Cache-Control: max-age=0`` so no intermediary answers from its own cache;
* never assumes freshness: a page is reused only when the server itself answers 304;
* never serves a stored page when the server fails: a 5xx or an error is recorded as such;
* leaves link checks (HEAD requests) alone;
* gives the spider, as the download of a page, the answer the revalidation pre-pass
  (:mod:`crawler.revalidate`) already received for it in this run, so a changed page is not
  asked for twice.

Most conditional requests of a re-inspection are sent by that pre-pass; this middleware
covers the pages it left (it stopped early, or concluded nothing) and runs with
``DUWANG_REVALIDATE_PREPASS = False``. The validators and the pre-pass's answers are held
by the :class:`~crawler.revalidation_state.RevalidationState` extension. The reuse itself
(copying the stored rows of a page into the new run) is done by the spider, its frontier and
the store pipeline.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from ..revalidation_state import RevalidationState


class RevalidationMiddleware:
    def __init__(self, crawler):
        if not crawler.settings.getbool("DUWANG_REVALIDATE", True):
            raise NotConfigured
        self.crawler = crawler
        self._state = None

    @property
    def state(self):
        """The crawl's :class:`~crawler.revalidation_state.RevalidationState` (an extension)."""
        if self._state is None:
            self._state = RevalidationState.of(self.crawler)
        return self._state

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        if request.method != "GET" or request.meta.get("check") or request.meta.get("robots"):
            return None
        if request.url.endswith("/robots.txt"):
            return None
        key = request.meta.get("frontier_url", request.url)
        if request.meta.get("prefetched"):
            answer = self.state.take_answer(key)
            if answer is not None:
                headers = Headers()
                for name, value in answer.headers:
                    headers.appendlist(name, value)
                cls = responsetypes.from_args(headers=headers, url=answer.url, body=answer.body)
                return cls(url=answer.url, status=answer.status, headers=headers, body=answer.body,
                           request=request)
        # The previous run's validators, loaded once when the crawl starts (none on a first crawl).
        found = self.state.conditional(key)
        if not found:
            return None
        etag, last_modified = found
        if etag:
            request.headers[b"If-None-Match"] = etag
        if last_modified:
            request.headers[b"If-Modified-Since"] = last_modified
        request.headers[b"Cache-Control"] = b"max-age=0"
        request.meta["revalidating"] = True
        return None
