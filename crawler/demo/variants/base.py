"""What every demo variant shares: the portal subclass that serves it and the plan builder.

A variant is a second demo county portal built the way another CMS builds its pages. It
reuses the original demo's data model (:class:`~crawler.demo.model.Column`,
:class:`~crawler.demo.model.Article`, :class:`~crawler.demo.plan.Plan`), its manifest form
(``expected()`` / ``controls()`` rows ``{"rule", "url", "target", "note"}``, controls with
``"why"``), its HTTP machinery (:class:`~crawler.demo.portal.Portal`: validators, 304s, the
special status/redirect/soft-404 routes) and :class:`~crawler.demo.server.DemoServer`.

Only the markup differs: a variant module renders each page to a string and registers it
with :meth:`VariantBuilder.page`. Variants have one revision.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from .. import pages, prose
from ..model import Article, Column
from ..plan import DEMO_AS_OF, Plan, PlanBuilder
from ..portal import Portal

Render = Callable[[], tuple[str, date, str]]  # -> (html, last-modified day, charset mode)
REVS = (1,)


def ago(days: int) -> date:
    return DEMO_AS_OF - timedelta(days=days)


class VariantPortal(Portal):
    """A :class:`Portal` whose routes come from a variant's page table instead of the TRS /
    Hanweb renderers. ``routes[path] = ("page", render)`` pages are rendered on demand; every
    other route kind ("status", "redirect", "soft404", "asset", "robots", "attachment") is
    answered by :class:`Portal` itself."""

    def __init__(self, plan: Plan, routes: dict[str, tuple], *, name: str, site_code: str, unit: str,
                 seed: int = 7):
        self._variant_routes = routes
        self.name, self.site_code, self.unit = name, site_code, unit
        super().__init__(plan, revision=1, seed=seed)

    def _build_routes(self) -> None:
        self.routes.update(self._variant_routes)
        self.routes.setdefault("/robots.txt", ("robots",))
        for path in pages.ASSETS:
            self.routes.setdefault(path, ("asset",))

    def set_revision(self, n: int) -> None:
        if n != 1:
            raise ValueError("demo variants have a single revision")

    def changes(self) -> list[dict]:
        return []

    def traps(self) -> list[dict]:
        return []

    def delay(self, path_qs: str) -> float:
        return 0.0

    def page_count(self) -> int:
        return sum(1 for route in self.routes.values() if route[0] == "page")

    def _render(self, route: tuple, path: str, query: str, body: bytes):
        if route[0] == "page":
            html, modified, charset = route[1]()
            return self._html(html, modified, charset, path)
        return super()._render(route, path, query, body)


class VariantBuilder(PlanBuilder):
    """:class:`PlanBuilder`'s bookkeeping (``expect``, ``control``, ``column``) plus a page table."""

    county = "示范县"

    def __init__(self, *, seed: int = 7):
        super().__init__(pages=0, seed=seed)
        self.routes: dict[str, tuple] = {}
        self.next_id = 300

    # -- bookkeeping with one revision ----------------------------------------------------
    def expect(self, rule: str, url: str, note: str, target: str = "", revs=REVS, **extra) -> None:
        super().expect(rule, url, note, target, revs, **extra)

    def control(self, rule: str, url: str, why: str, target: str = "", note: str = "", revs=REVS) -> None:
        super().control(rule, url, why, target, note, revs)

    def page(self, path: str, render: Render) -> None:
        if path in self.routes:
            raise ValueError(f"two pages at {path}")
        self.routes[path] = ("page", render)

    def special(self, path: str, route: tuple) -> None:
        self.routes[path] = route

    def article(self, col: Column, path: str, title: str, day: date, **kw) -> Article:
        art = Article(path=path, column=col.key, title=title, date=day, seed_key=path, **kw)
        if not art.topic:
            art.topic, art.unit = "政务公开", f"{self.county[-1]}政府办公室"
        col.articles.append(art)
        return art

    def prose(self, art: Article, count: int = 3) -> list[str]:
        """The article's paragraphs: its own body, or seeded filler about its topic."""
        if art.body is not None:
            return art.body
        rnd = prose.rng_for(self.seed, art.seed_key)
        return [p.replace(prose.COUNTY, self.county) for p in prose.paragraphs(rnd, art.topic, art.unit, count)]

    def filler_titles(self, key: str, count: int, kind: str = "news") -> list[tuple[str, str, str]]:
        out = []
        for i in range(count):
            rnd = prose.rng_for(self.seed, "variant", self.county, key, i)
            title, topic, unit = (prose.news_title if kind == "news" else prose.notice_title)(rnd)
            out.append((title.replace(prose.COUNTY, self.county), topic, unit))
        return out

    def portal(self, **identity) -> VariantPortal:
        return VariantPortal(self.plan, self.routes, seed=self.seed, **identity)
