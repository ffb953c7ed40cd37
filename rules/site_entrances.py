"""site.entrances: the home page links to a working 互动交流 entrance and 在线办事 entrance."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Rule, Setting
from .platform import home_url
from .taxonomy import normalize_name

ENTRANCES = {
    "互动交流": ["互动交流", "政民互动", "互动平台", "咨询投诉", "县长信箱", "区长信箱", "市长信箱",
             "领导信箱", "政务咨询", "留言", "12345"],
    "在线办事": ["在线办事", "网上办事", "办事服务", "政务服务", "一网通办", "网上办事大厅", "办事大厅",
             "便民服务", "我要办"],
}


def target_state(ctx: AuditContext, url: str) -> str:
    """ok / broken / unreachable / blocked as checked, or unknown when the run never checked it."""
    for row in ctx.rows("targets", "url = ?", [url]):
        return row.get("state") or "unknown"
    for row in ctx.rows("pages", "url = ?", [url]):
        status = row.get("status") or 0
        return "ok" if 200 <= status < 400 and not row.get("error") else "broken"
    return "unknown"


class SiteEntrances(Rule):
    """Entrances: the home page has a working 互动交流 entrance and a working 在线办事 entrance.

    What:
        读取首页的链接，按锚文本找互动交流入口（互动交流、政民互动、县长信箱、咨询投诉、留言 等）和
        在线办事入口（在线办事、网上办事、政务服务、办事服务、一网通办 等，见模块中的 ENTRANCES）。
        某类入口一个也没有，或所有入口链接都是断链（404、无法解析等），在首页报告。入口暂时无法访问
        （403/429/5xx）的不作判断（由链接规则提示复查）。
    Why:
        县级政府门户网站是政务公开第一平台，要开设统一的互动交流入口和在线办事入口，便利企业和群众。
    Basis:
        国办发〔2019〕54号（七）“县级政府门户网站作为政务公开第一平台……开设统一的互动交流入口和在线办事入口”
        （种子文件 003，C）；平政办发〔2020〕70号 二(三)7“同时开设统一的互动交流入口和在线办事入口”（C）。
    Bad:
        首页没有任何互动交流类链接；或“在线办事”链接指向的页面已 404。
    Good:
        首页导航有“互动交流”（县长信箱）和“政务服务”（网上办事大厅），两者都能打开。
    Fix:
        在首页显著位置设置统一的互动交流入口和在线办事入口，并确保链接可用。
    """

    id = "site.entrances"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "首页缺少互动交流或在线办事入口"
    severity = "扣分"
    scope = "site"
    basis = "国办发〔2019〕54号（七）“开设统一的互动交流入口和在线办事入口”；平政办发〔2020〕70号 二(三)7"
    basis_status = "C"
    deduction = Deduction(
        points=1.0, cap=2.0, status="暂定", clause="国办发〔2019〕54号（七）统一的互动交流入口和在线办事入口 (分值暂定)"
    )
    settings = {
        "entrances": Setting({k: list(v) for k, v in ENTRANCES.items()}, dict, "入口名称 -> 认作该入口的链接文字。")
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        home = home_url(ctx)
        links = list(ctx.rows("links", "source_url = ?", [home], order_by="target_url"))
        for kind, words in dict(self.config["entrances"]).items():
            keys = [normalize_name(w) for w in words]
            hits = [l for l in links if any(k and k in normalize_name(l.get("anchor")) for k in keys)]
            states = {l["target_url"]: target_state(ctx, l["target_url"]) for l in hits}
            if any(s != "broken" for s in states.values()):
                continue
            if hits:
                shown = "；".join(f"“{(l.get('anchor') or '').strip()}”→{l['target_url']}" for l in hits[:5])
                message = f"首页的{kind}入口链接都打不开，请修复入口链接。"
                evidence = f"首页：{home}；{kind}入口：{shown}（均为断链）"
            else:
                message = f"首页没有{kind}入口，请在首页设置统一的{kind}入口。"
                evidence = f"首页：{home}；首页 {len(links)} 个链接中没有锚文本为{'、'.join(words[:5])}等的链接"
            yield self.finding(
                ctx,
                url=home,
                key=[kind],
                message=message,
                evidence=evidence,
                data={"entrance": kind, "links": sorted(states), "state": "broken" if hits else "missing"},
            )
