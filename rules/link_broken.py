"""link.broken: link targets that are gone (链接不可用)."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Rule, Severity, normalize_url
from .linksources import KIND_LABELS, describe_sources, dominant_kind, link_sources, status_text

ERROR_TEXT = {
    "soft404": "页面返回正常状态码，但内容是“页面不存在”之类的提示（软404）",
    "dns": "域名无法解析",
    "refused": "服务器拒绝连接",
    "redirect_loop": "重定向循环",
}
FIX_TEXT = {
    "internal": "请修正链接地址、恢复被删除的页面，或删除该链接",
    "attachment": "请重新上传附件并更新链接，或删除失效的附件链接",
    "external": "请更换为有效的外部地址，或删除该链接",
}


class LinkBroken(Rule):
    """Broken link: a linked page or attachment cannot be opened.

    What:
        抓取时检查过的每个链接目标中，状态为 broken（HTTP 404/410、域名无法解析、连接被拒绝、软404）
        的，每个目标报告一条：列出所有引用它的页面和锚文本，以及状态码或错误类型。站内链接、附件链接和
        外部链接都计入。暂时无法访问或被防火墙拦截的目标不在此列（见 link.unreachable）。
    Why:
        失效链接（断链、错链）让公众找不到信息，是各级检查通报中的常见扣分项。
    Basis:
        国办秘函〔2019〕19号 扣分指标·链接可用性（criteria.md §1.3：断链/错链在检查通报中作为扣分依据，C；
        指标条文本身只部分读到，状态 P）。“首页每个失效链接扣 1 分、其他页面每个扣 0.1 分”是 2015 年
        普查时期的数字，仅凭记忆（R），本规则不据此计分。
    Bad:
        “政策文件”列表中的《关于印发…的通知》链接返回 404；正文附件“实施细则.doc”已被删除。
    Good:
        所有链接都能正常打开；某外部网站暂时返回 503（由 link.unreachable 提示复查，不算失效）。
    Fix:
        按证据中的来源页逐一修正或删除失效链接；附件失效的，重新上传附件。修正后复查该链接。
    """

    id = "link.broken"
    title = "链接不可用"
    severity = Severity.DEDUCT
    scope = "link"
    basis = "国办秘函〔2019〕19号 扣分指标·链接可用性"
    basis_status = "P"
    settings = {}
    deduction = Deduction(
        points=0.1, home_points=1.0, cap=10.0, status="R",
        clause="国办秘函〔2019〕19号 扣分指标·链接可用性: 首页每个不可用链接扣1分, 其他页面每个扣0.1分"
               " (criteria.md §1.3, 2015 普查口径, R; 封顶分值暂定)")

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        home = normalize_url(ctx.site.get("start_url") or "")
        for target in ctx.rows("targets", "state = 'broken'", order_by="url"):
            yield self._finding(ctx, target, link_sources(ctx, target["url"]), home)

    def _finding(self, ctx: AuditContext, target: dict, sources: list[dict],
                 home: str) -> Finding:
        kind = dominant_kind(sources)
        label = KIND_LABELS.get(kind, "链接")
        anchors = sorted({s["anchor"] for s in sources if s["anchor"]})
        named = f"“{anchors[0]}”" if anchors else ""
        reason = ERROR_TEXT.get(target.get("error") or "", status_text(target))
        pages = sorted({s["source_url"] for s in sources})
        on_home = home in {normalize_url(p) for p in pages}
        where = "（首页上的链接）" if on_home else ""
        return self.finding(
            ctx,
            url=pages[0] if pages else target["url"],
            target=target["url"],
            message=f"{label}{named}无法打开{where}：{reason}，共 {len(pages)} 个页面引用。"
                    f"{FIX_TEXT.get(kind, FIX_TEXT['internal'])}。",
            evidence=f"失效地址：{target['url']}；状态：{status_text(target)}；"
                     f"引用位置：{describe_sources(sources)}",
            key=[target["url"]],
            data={"kind": kind, "status": target.get("status") or 0,
                  "error": target.get("error") or "", "on_home": on_home,
                  "sources": sources},
        )
