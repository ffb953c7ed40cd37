"""Redirects judged before Scrapy follows them: bad targets are broken links, and a page that
redirects to another host is not the county's page.

Runs before Scrapy's RedirectMiddleware sees the response (a higher number in
``DOWNLOADER_MIDDLEWARES``), for the spider's own requests only (robots.txt is left alone):

* a redirect whose ``Location`` is malformed (a bad IPv6 literal, a port out of range) or leads
  to something other than http(s) (``javascript:``, ``file:``, ``ftp:``, ``data:``) raises
  :class:`BadRedirect`; the spider's errback records the link as broken (``bad_redirect``).
  Scrapy would hand such a 302 to the spider as a page (judged ``ok``) or fetch a ``file:``
  or ``data:`` URL;
* a page request redirected to a host outside the portal (its start host, ``hosts`` in
  sites.toml, and the same names with or without ``www.``) becomes a link check of the target:
  a HEAD whose outcome is stored as the target of the county's link, never a page of the
  county, so nothing there is crawled, stored as a column or judged. The start URL itself
  may redirect anywhere (a portal that moved). A page request for another host that reaches
  the downloader some other way (a meta-refresh or script redirect found in a page) is
  checked the same way.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from w3lib.url import safe_url_string

from ..urls import netloc

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class BadRedirect(IgnoreRequest):
    """A redirect to a malformed or non-http(s) Location."""


def redirect_target(request_url: str, location: bytes) -> str | None:
    """The absolute http(s) URL a ``Location`` header leads to; None when malformed or when it
    leads to another scheme."""
    try:
        loc = safe_url_string(location.decode("latin-1").strip())
        if loc.startswith("//"):
            loc = f"{urlsplit(request_url).scheme}:{loc}"
        target = urljoin(request_url, loc)
        parts = urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError on a port out of range or not a number
    except (ValueError, UnicodeError):
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return target


def on_site(host: str, site_hosts: frozenset[str]) -> bool:
    bare = host[4:] if host.startswith("www.") else host
    return host in site_hosts or bare in site_hosts or f"www.{bare}" in site_hosts


class RedirectGuardMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        if (response.status not in REDIRECT_STATUSES or b"Location" not in response.headers
                or "frontier_url" not in request.meta):
            return response
        location = response.headers[b"Location"]
        target = redirect_target(request.url, location)
        if target is None:
            self.crawler.stats.inc_value("duwang/bad_redirect")
            raise BadRedirect(f"redirect to a malformed or non-http(s) Location: {location[:200]!r}")
        spider = self.crawler.spider
        if (request.meta.get("check") or on_site(netloc(target), spider.site_hosts)
                or request.meta["frontier_url"] == spider.start_url):
            return response
        return check_instead(self.crawler, request, target)


def check_instead(crawler, request, target: str) -> Request:
    """A HEAD check of the off-site ``target``, recorded as the outcome of the county's link."""
    spider = crawler.spider
    crawler.stats.inc_value("duwang/offsite_redirect")
    meta = {**request.meta, "check": True, "dont_obey_robotstxt": True, "offsite_redirect": target}
    return Request(target, method="HEAD", callback=spider.parse_check, errback=spider.failed_check,
                   meta=meta, dont_filter=True, priority=request.priority)


class OffsiteRequestMiddleware:
    """Before robots.txt (so the other host's robots.txt is not fetched either): a page request
    for another host (a meta-refresh or script redirect found in a page) is checked instead."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        meta = request.meta
        if "frontier_url" not in meta or meta.get("check") or request.method != "GET":
            return None
        spider = self.crawler.spider
        if on_site(netloc(request.url), spider.site_hosts) or meta["frontier_url"] == spider.start_url:
            return None
        return check_instead(self.crawler, request, request.url)
