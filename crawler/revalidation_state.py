"""The revalidation state of one crawl: the previous run's validators, the pre-pass, its answers.

A Scrapy extension (``EXTENSIONS``), built by ``from_crawler``; the spider, the
:class:`~crawler.middlewares.revalidation.RevalidationMiddleware` and the
:class:`~crawler.extensions.Progress` display get it from the crawler
(:meth:`RevalidationState.of`), not from attributes of the spider.

* ``validators``: url -> (ETag, Last-Modified) of the previous run's pages, loaded once when
  the crawl starts from its frontier (the audit store alone; what the coordinator published
  in Redis for the workers of a distributed audit). Empty on a first crawl or with
  ``DUWANG_REVALIDATE = False``.
* ``prepass``: the :class:`~crawler.revalidate.Outcome` of the pre-pass while it runs.
* ``answers``: what the pre-pass received for changed pages, taken by the middleware as
  their download (each once).
"""

from __future__ import annotations

import logging

from .middlewares.politeness import SharedPace
from .revalidate import Answer, Outcome, Pace, revalidate

logger = logging.getLogger(__name__)


class RevalidationState:
    def __init__(self, crawler):
        self.crawler = crawler
        s = crawler.settings
        self.enabled = s.getbool("DUWANG_REVALIDATE", True)
        self.use_prepass = self.enabled and s.getbool("DUWANG_REVALIDATE_PREPASS", True)
        self.validators: dict[str, tuple[str, str]] = {}
        self.prepass: Outcome | None = None  # while the pre-pass runs
        self.answers: dict[str, Answer] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @classmethod
    def of(cls, crawler) -> RevalidationState:
        """The crawl's state; a detached, disabled one when the extension is not enabled."""
        try:
            state = crawler.get_extension(cls)
        except RuntimeError:  # asked before the extensions were built
            state = None
        if state is None:
            state = cls(crawler)
            state.enabled = state.use_prepass = False
        return state

    def load(self, frontier) -> None:
        """The previous run's validators, from the crawl's frontier (when there is a previous run)."""
        if self.enabled and frontier.previous_run_id:
            self.validators = frontier.validators()

    def conditional(self, url: str) -> tuple[str, str] | None:
        """(ETag, Last-Modified) to ask for ``url`` with, or None."""
        return self.validators.get(url) if self.enabled else None

    def to_prepass(self, url: str) -> bool:
        return self.use_prepass and url in self.validators

    def has_answer(self, url: str) -> bool:
        return url in self.answers

    def take_answer(self, url: str) -> Answer | None:
        return self.answers.pop(url, None)

    async def run_prepass(self, urls: list[str]) -> set[str]:
        """Revalidate stored pages in one lean pass (:mod:`crawler.revalidate`); returns the
        URLs the server confirmed unchanged (304)."""
        if not urls:
            return set()
        self.prepass = outcome = Outcome()  # watched by the Progress extension
        await revalidate([(u, *self.validators[u]) for u in urls], Pace.from_settings(self.crawler.settings),
                         share=SharedPace(self.crawler), outcome=outcome)
        self.prepass = None
        self.answers = outcome.answers
        stats = self.crawler.stats
        stats.set_value("duwang/prepass/asked", outcome.asked)
        stats.set_value("duwang/prepass/unchanged", len(outcome.confirmed))
        stats.set_value("duwang/prepass/handed_over", len(outcome.answers))
        if outcome.stopped:
            stats.set_value("duwang/prepass/stopped", outcome.stopped)
        logger.info(outcome.summary())
        return outcome.confirmed
