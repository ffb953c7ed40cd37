"""site.homepage_stale: the home page shows nothing new within two weeks (首页不更新)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .base import AuditContext, Finding, Rule, Setting, Severity
from .dates import parse_date
from .platform import columns

MAX_LISTED = 8  # columns named in the evidence of a navigation-hub home page


class HomepageStale(Rule):
    """Home page not updated: nothing dated on the home page within the limit.

    What:
        首页（columns 表中 kind 为 home 的栏目）上带日期的信息，最新一条距检查基准日 as_of 超过
        days（默认 14）天，即为首页不更新，按单项否决报告。首页只是导航页、没有任何带日期的信息时，
        改为检查二级栏目（栏目路径不超过两级的列表栏目；路径缺失时取全部列表栏目）：
        没有一个二级栏目在 days 天内更新，即为首页不更新。
    Why:
        首页是网站的门面，长期不更新说明网站疏于维护，是国办检查的单项否决项。
    Basis:
        国办秘函〔2019〕19号 单项否决·首页不更新：首页 2 周内没有新信息；首页仅为导航页的，
        二级页面 2 周内均无更新（criteria.md §1.2 转述，状态 C）。
    Bad:
        首页最新一条新闻是 20 天前发布的；或首页只有导航，所有二级栏目的最新信息都在 14 天以前。
    Good:
        首页要闻区 5 天前有新信息；或首页是导航页，但“工作动态”二级栏目 3 天前更新过。
    Fix:
        在首页要闻、动态等区块及时发布新信息，并显示发布日期；首页为导航页的，保证至少有二级栏目持续更新。
    """

    id = "site.homepage_stale"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "首页不更新"
    severity = Severity.VETO
    scope = "site"
    basis = "国办秘函〔2019〕19号 单项否决·首页不更新（2周内无更新）"
    basis_status = "C"
    settings = {
        "days": Setting(14, int, "首页（或首页为导航页时的二级栏目）最新信息距检查基准日超过这个天数即为不更新。"),
        "hub_depth": Setting(2, int, "首页为导航页时，检查栏目路径不超过这个层数的列表栏目。"),
    }  # 否决 only: no deduction

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        homes = [c for c in columns(ctx) if c.get("kind") == "home"]
        if not homes:
            return
        home = homes[0]
        newest = self._home_newest(ctx, home)
        if newest is not None:
            if self._days(ctx.as_of, newest) > int(self.config["days"]):
                yield self._home_finding(ctx, home, newest)
            return
        yield from self._hub_findings(ctx, home)

    @staticmethod
    def _days(as_of: date, newest: date) -> int:
        return (as_of - newest).days

    def _home_newest(self, ctx: AuditContext, home: dict) -> date | None:
        dates = [parse_date(home.get("newest_date"))]
        for row in ctx.query(
                "SELECT MAX(date) AS newest FROM column_items WHERE run_id = ? AND column_url = ?",
                [ctx.run_id, home["url"]]):
            dates.append(parse_date(row["newest"]))
        known = [d for d in dates if d is not None]
        return max(known) if known else None

    def _home_finding(self, ctx: AuditContext, home: dict, newest: date) -> Finding:
        days = self._days(ctx.as_of, newest)
        items = list(ctx.rows("column_items", "column_url = ? AND date = ?",
                              [home["url"], newest.isoformat()], order_by="url"))
        shown = "；".join(f"{i.get('title') or '（无标题）'}（{i['date']}，{i['url']}）"
                         for i in items[:3]) or newest.isoformat()
        return self.finding(
            ctx,
            url=home["url"],
            message=f"首页最新信息日期为 {newest.isoformat()}，已有 {days} 天没有更新"
                    f"（时限 {self.config['days']} 天），请尽快在首页发布新信息。",
            evidence=f"首页：{home['url']}；最新信息：{shown}；检查基准日：{ctx.as_of.isoformat()}",
            key=[home["url"]],
            data={"newest_date": newest.isoformat(), "days_since": days, "hub": False},
        )

    def _second_level(self, ctx: AuditContext) -> list[dict]:
        listings = [c for c in columns(ctx) if c.get("kind") == "listing"]
        depth = int(self.config["hub_depth"])
        shallow = [c for c in listings
                   if c.get("path") and len(c["path"].split(" > ")) <= depth]
        return shallow or listings

    def _hub_findings(self, ctx: AuditContext, home: dict) -> Iterator[Finding]:
        columns = self._second_level(ctx)
        limit = int(self.config["days"])
        dated = [(parse_date(c.get("newest_date")), c) for c in columns]
        fresh = [c for d, c in dated if d is not None and self._days(ctx.as_of, d) <= limit]
        if fresh:
            return
        known = sorted(((d, c) for d, c in dated if d is not None),
                       key=lambda pair: pair[0], reverse=True)
        newest = known[0][0].isoformat() if known else None
        listed = [f"{c.get('name') or c['url']}（{d.isoformat() if d else '无日期'}，{c['url']}）"
                  for d, c in (known + [(None, c) for d, c in dated if d is None])[:MAX_LISTED]]
        yield self.finding(
            ctx,
            url=home["url"],
            message=f"首页没有带日期的信息（仅为导航页），且 {len(columns)} 个二级栏目在 {limit} 天内"
                    f"均无更新（最新为 {newest or '无'}），请在首页或二级栏目及时发布新信息。",
            evidence=f"首页：{home['url']}；二级栏目及最新日期：{'；'.join(listed) or '无'}；"
                     f"检查基准日：{ctx.as_of.isoformat()}",
            key=[home["url"]],
            data={"newest_date": newest, "hub": True, "columns": len(columns)},
        )
