"""How much of a site one run actually read: the coverage every report shows.

A verdict needs a reading: a run that read nothing beyond the home page (robots.txt
``Disallow: /``, 403 on every page but the home, a page budget of 0, a dead site) cannot be
judged 合格, whatever its findings say. :func:`coverage_for_run` counts what was read;
:attr:`Coverage.nothing_read` is what the verdict turns into 无法检查.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from crawler.store import Store
from crawler.urls import canonical

# Fewer pages read than this (or more failed than read) and the report warns that the crawl
# reached little; the verdict is 无法检查 only when nothing beyond the home page was read.
FEW_PAGES = 10
READ_SQL = "status BETWEEN 200 AND 399 AND COALESCE(error, '') = ''"


@dataclass(frozen=True)
class Coverage:
    pages_read: int  # pages fetched and read (2xx/3xx, or a 304 reusing the stored copy)
    pages_failed: int  # fetched with an error, 4xx/5xx, a soft 404, or refused by robots.txt
    robots: int  # of pages_failed: not fetched because robots.txt forbids them
    home_read: bool
    columns: int  # listing and navigation columns (the home page not counted)
    unverifiable: int  # columns filled by script that could not be read
    links_unchecked: int = 0  # link targets beyond the check budget (targets state 'unchecked')
    notes: tuple[str, ...] = field(default=())  # what the crawl recorded on the run (runs.settings notes)

    @property
    def pages_beyond_home(self) -> int:
        return self.pages_read - (1 if self.home_read else 0)

    @property
    def nothing_read(self) -> bool:
        """True when the run read no page beyond the home page: it cannot be judged."""
        return self.pages_beyond_home <= 0

    @property
    def little_read(self) -> bool:
        return self.nothing_read or self.pages_read < FEW_PAGES or self.pages_failed > self.pages_read

    def summary(self) -> str:
        """One line of plain Chinese: 抓取页面 N 个, 失败 M 个, 栏目 K 个 (无法核实 J 个)."""
        text = (f"读取页面 {self.pages_read} 个，失败 {self.pages_failed} 个，"
                f"栏目 {self.columns} 个（其中无法核实 {self.unverifiable} 个）")
        if self.robots:
            text += f"；robots.txt 禁止抓取 {self.robots} 个"
        if self.links_unchecked:
            text += f"；链接未检查 {self.links_unchecked} 个（超出每站或每次的检查上限）"
        return text

    def explanations(self) -> list[str]:
        """Plain sentences for what the crawl met that limits the reading (from the run's notes)."""
        return [NOTE_TEXT[n] for n in dict.fromkeys(self.notes) if n in NOTE_TEXT]

    def warning(self) -> str:
        """A plain warning when the crawl reached (almost) nothing; empty otherwise."""
        if self.nothing_read:
            why = self._why()
            return (f"本次检查除首页外没有读取到任何页面{why}，无法对网站作出判断；"
                    f"请排除原因后重新检查。")
        if self.little_read:
            return (f"本次检查只读取到 {self.pages_read} 个页面（失败 {self.pages_failed} 个），"
                    f"覆盖范围很小，结论可能不完整。")
        return ""

    def _why(self) -> str:
        if self.pages_read == 0 and self.pages_failed == 0:
            return "（没有抓取任何页面，可能是页数上限为 0）"
        if self.robots and self.robots >= self.pages_failed:
            return "（网站的 robots.txt 禁止抓取）"
        if not self.home_read:
            return "（首页也无法打开）"
        if self.pages_failed:
            return f"（{self.pages_failed} 个页面访问失败或被拒绝）"
        return "（首页上没有可以继续访问的本站链接）"


NOTE_TEXT = {
    "site_blocked": "网站持续拒绝访问（403/429），抓取提前停止，未读取的页面记为“被拦截”而非断链。",
    "robots_unavailable": "网站的 robots.txt 返回服务器错误，按 RFC 9309 视为禁止抓取，因此读取的页面很少；"
                          "请网站修复 robots.txt 后重新检查。",
    "links_unchecked": "链接数量超出检查上限，部分链接未检查（不计为断链）。",
    "offsite_redirect": "部分页面跳转到其他网站，这些页面只作为外部链接检查，不作为本站栏目评判。",
}


def coverage_for_run(store: Store, run_id: int) -> Coverage:
    run = store.run(run_id)
    site = store.site(run["site_id"])
    home = canonical(site.get("start_url") or "")
    counts = next(store.query(
        f"SELECT SUM(CASE WHEN {READ_SQL} THEN 1 ELSE 0 END) AS read, "
        f"SUM(CASE WHEN {READ_SQL} THEN 0 ELSE 1 END) AS failed, "
        "SUM(CASE WHEN error = 'robots' THEN 1 ELSE 0 END) AS robots, "
        f"SUM(CASE WHEN ({READ_SQL}) AND (url = ? OR kind = 'home') THEN 1 ELSE 0 END) AS home "
        "FROM pages WHERE run_id = ?", [home, run_id]))
    cols = next(store.query(
        "SELECT SUM(CASE WHEN kind != 'home' THEN 1 ELSE 0 END) AS columns, "
        "SUM(CASE WHEN kind = 'unverifiable' THEN 1 ELSE 0 END) AS unverifiable "
        "FROM columns WHERE run_id = ?", [run_id]))
    unchecked = next(store.query("SELECT count(*) AS n FROM targets WHERE run_id = ? AND state = 'unchecked'",
                                 [run_id]))["n"]
    try:
        notes = tuple(json.loads(run.get("settings") or "{}").get("notes") or ())
    except (ValueError, AttributeError):
        notes = ()
    return Coverage(pages_read=counts["read"] or 0, pages_failed=counts["failed"] or 0,
                    robots=counts["robots"] or 0, home_read=bool(counts["home"]),
                    columns=cols["columns"] or 0, unverifiable=cols["unverifiable"] or 0,
                    links_unchecked=unchecked or 0, notes=notes)
