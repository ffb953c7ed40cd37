"""robots.txt, obeyed by every request, including those that wait for it to download.

Scrapy rewrote ``RobotsTxtMiddleware.robot_parser`` to ``await`` the Deferred of the
robots.txt download (scrapy#6802; 2.19, installed here, has it). Awaiting a Deferred that
way consumes its result, so of the requests waiting for the same host's robots.txt only
the first gets the parser; the others get ``None``, which means "allow everything", and are
sent even when robots.txt forbids them. A re-inspection or a resumed run starts many
requests at once, so this happens on every portal. This subclass answers those waiters
with the parser that was stored for the host; a robots.txt that failed to download still
allows everything, as in Scrapy.

A robots.txt answered with a server error (5xx, after the back-off's retries) means, by
RFC 9309 §2.3.1.4, "assume complete disallow"; Scrapy parses the error page instead (and so
allows everything). Here it disallows, unless ``DUWANG_ROBOTS_5XX = "allow"`` (``robots_5xx`` in
the config's ``[crawl]``); either way the stat ``duwang/robots_unavailable`` records the status,
and the run notes it, so the report can say why little was crawled.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    async def _parse_robots(self, response, netloc, request):
        if response.status >= 500:
            self._stats.set_value("duwang/robots_unavailable", response.status)
            if self.crawler.settings.get("DUWANG_ROBOTS_5XX", "disallow") != "allow":
                response = response.replace(body=DISALLOW_ALL)
        return await super()._parse_robots(response, netloc, request)

    async def robot_parser(self, request):
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if not isinstance(stored, Deferred):
                parser = stored
        return parser
