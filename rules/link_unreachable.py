"""link.unreachable: link targets that timed out, failed with 5xx, or were blocked."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Finding, Rule, Severity
from .linksources import KIND_LABELS, describe_sources, dominant_kind, link_sources, status_text

STATE_TEXT = {
    "unreachable": "多次重试后仍超时或返回服务器错误，可能是对方网站临时故障",
    "blocked": "访问被防火墙拦截（HTTP 403/429），可能是访问频率限制，链接本身未必失效",
}


class LinkUnreachable(Rule):
    """Unreachable link: a target timed out, returned 5xx or was blocked; re-check by hand.

    What:
        抓取时检查过的链接目标中，状态为 unreachable（5xx 或多次重试后超时）或 blocked（防火墙返回
        403/429）的，每个目标报告一条提示，列出引用页面和锚文本。这类链接可能只是暂时无法访问，
        因此与“链接不可用”分开报告，只作提示，从不否决。
    Why:
        把被拦截、临时故障的链接当成死链会产生大量误报；单独列出后由工作人员复查，
        长期打不开的再按失效链接处理。
    Basis:
        国办秘函〔2019〕19号 扣分指标·链接可用性（状态 P）。暂时无法访问不等于失效：403/429 多来自
        防火墙或限流（anchors.md §B3 第 1 条用户反馈），故仅作提示。
    Bad:
        “办事服务”页面链接到的外部系统连续三次超时；某链接返回 429（访问过于频繁）。
    Good:
        链接正常打开；或链接明确返回 404（由 link.broken 报告，不在本规则）。
    Fix:
        在浏览器中手工打开证据中的地址复查：能打开的无需处理；持续打不开的，联系对方网站或更换、删除链接。
    """

    id = "link.unreachable"
    title = "链接暂时无法访问或被拦截"
    severity = Severity.NOTICE
    scope = "link"
    basis = "国办秘函〔2019〕19号 扣分指标·链接可用性（暂时无法访问，需复查）"
    basis_status = "P"
    settings = {}  # 提示 only (needs a re-check): no deduction

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        for target in ctx.rows("targets", "state IN ('unreachable', 'blocked')", order_by="url"):
            yield self._finding(ctx, target, link_sources(ctx, target["url"]))

    def _finding(self, ctx: AuditContext, target: dict, sources: list[dict]) -> Finding:
        kind = dominant_kind(sources)
        pages = sorted({s["source_url"] for s in sources})
        state = target["state"]
        return self.finding(
            ctx,
            url=pages[0] if pages else target["url"],
            target=target["url"],
            message=f"{KIND_LABELS.get(kind, '链接')}暂时无法访问：{STATE_TEXT[state]}。"
                    f"请稍后在浏览器中复查该地址，持续打不开的再修正或删除链接。",
            evidence=f"地址：{target['url']}；状态：{status_text(target)}；"
                     f"引用位置：{describe_sources(sources)}",
            key=[target["url"]],
            title="链接被拦截" if state == "blocked" else self.title,
            data={"kind": kind, "state": state, "status": target.get("status") or 0,
                  "error": target.get("error") or "", "sources": sources},
        )
