"""robots.txt, obeyed by every request, including those that wait for it to download.

Scrapy rewrote ``RobotsTxtMiddleware.robot_parser`` to ``await`` the Deferred of the
robots.txt download (scrapy#6802; 2.19, installed here, has it). Awaiting a Deferred that
way consumes its result, so of the requests waiting for the same host's robots.txt only
the first gets the parser; the others get ``None``, which means "allow everything", and are
sent even when robots.txt forbids them. A re-inspection or a resumed run starts many
requests at once, so this happens on every portal. This subclass answers those waiters
with the parser that was stored for the host; a robots.txt that failed to download still
allows everything, as in Scrapy.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    async def robot_parser(self, request):
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if not isinstance(stored, Deferred):
                parser = stored
        return parser
