"""platform.columns: the 政府信息公开 platform's own columns, and what its 公开指南 must say."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Rule, Setting
from .platform import (
    PLATFORM_NAMES_SETTING,
    clean_title,
    column_pages,
    columns,
    find_columns,
    home_url,
    is_blank,
    under_platform,
)

# column -> names portals give it
REQUIRED = {
    "政府信息公开指南": ["政府信息公开指南", "信息公开指南", "公开指南"],
    "政府信息公开制度": ["政府信息公开制度", "信息公开制度", "公开制度"],
    "法定主动公开内容": ["法定主动公开内容", "法定主动公开", "主动公开内容"],
    "政府信息公开年报": ["政府信息公开年报", "信息公开年报", "年度报告", "年报"],
}
# what the 指南 must name (条例 第十二条) -> words that show it
GUIDE_ITEMS = {
    "工作机构名称": ["工作机构", "机构名称", "办公室", "名称"],
    "办公地址": ["办公地址", "地址"],
    "办公时间": ["办公时间", "工作时间", "受理时间"],
    "联系电话": ["联系电话", "电话"],
    "传真号码": ["传真"],
    "互联网联系方式": ["电子邮箱", "邮箱", "互联网联系方式", "网址", "网上申请", "@"],
}


class PlatformColumns(Rule):
    """Platform columns: 指南, 制度, 法定主动公开内容 and 年报 present and not blank; the 指南 complete.

    What:
        “政府信息公开”平台（栏目路径含 platform_names 之一）下应有 政府信息公开指南、政府信息公开制度、
        法定主动公开内容、政府信息公开年报 四个栏目（常见别名见模块中的 REQUIRED）。缺少的，在首页报告；
        列表为空的，在该栏目报告。另外读取公开指南栏目中的页面，检查是否写明政府信息公开工作机构的
        名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式，缺项的在指南页面报告。
    Why:
        公开指南告诉公众向谁、到哪、怎样申请公开；制度、法定主动公开内容和年报是平台的规定栏目，
        缺一个平台就不完整。
    Basis:
        国办公开办函〔2019〕61号《关于规范政府信息公开平台有关事项的通知》（标准子栏目列表只见转述，
        研究笔记 §3，P）；《政府信息公开条例》第十二条：指南包括政府信息公开工作机构的名称、办公地址、
        办公时间、联系电话、传真号码、互联网联系方式等（研究笔记 §4，C）。
    Bad:
        平台下没有“政府信息公开制度”栏目；或公开指南没有写传真号码。
    Good:
        四个栏目齐全且有内容，指南写明了机构名称、地址、办公时间、电话、传真和电子邮箱。
    Fix:
        补设缺少的栏目并发布内容；在公开指南中补齐工作机构的联系信息。
    """

    id = "platform.columns"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "政府信息公开平台栏目不全"
    severity = "扣分"
    scope = "site"
    basis = "国办公开办函〔2019〕61号 政府信息公开平台规范栏目；政府信息公开条例 第十二条"
    basis_status = "P"
    deduction = Deduction(
        points=0.5,
        cap=2.0,
        status="暂定",
        clause="国办公开办函〔2019〕61号 平台规范栏目 (P) / 条例 第十二条 公开指南 (分值暂定)",
    )
    settings = {
        "platform_names": PLATFORM_NAMES_SETTING,
        "check_guide": Setting(True, bool, "为真时还检查政府信息公开指南是否写明机构、地址、时间、电话、传真和网址。"),
    }

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        cols = columns(ctx)
        platform = [c for c in cols if under_platform(c, self.config["platform_names"])]
        home = home_url(ctx)
        for required, names in REQUIRED.items():
            found = find_columns(platform, names)
            if not found:
                yield self.finding(
                    ctx,
                    url=home,
                    key=["missing", required],
                    data={"column": required, "state": "missing"},
                    message=f"“政府信息公开”平台下没有“{required}”栏目，请补设并发布内容。",
                    evidence=(
                        f"首页：{home}；平台下的栏目："
                        f"{'、'.join(c.get('name') or '' for c in platform[:30]) or '无'}"
                    ),
                )
            elif all(is_blank(c) for c in found):
                col = found[0]
                yield self.finding(
                    ctx, url=col["url"], key=["blank", required], data={"column": required, "state": "blank"},
                    message=f"“政府信息公开”平台下的“{col.get('name')}”栏目没有任何信息，请发布内容。",
                    evidence=f"栏目：{col.get('name')}；位置：{col.get('path') or '未知'}；条目数：0")
            elif required == "政府信息公开指南" and self.config["check_guide"]:
                yield from self._guide(ctx, found)

    def _guide(self, ctx: AuditContext, found: list[dict]) -> Iterator[Finding]:
        pages = [p for col in found for p in column_pages(ctx, col)]
        if not pages:
            return
        text = "\n".join(p.get("text") or "" for p in pages)
        missing = [item for item, words in GUIDE_ITEMS.items() if not any(w in text for w in words)]
        if not missing:
            return
        page = pages[0]
        yield self.finding(
            ctx, url=page["url"], key=["guide", page["url"]], data={"state": "guide", "missing": missing},
            message=(f"政府信息公开指南“{clean_title(page.get('title'))}”没有写明：{'、'.join(missing)}。"
                     f"指南应写明公开工作机构的名称、办公地址、办公时间、联系电话、传真号码和互联网联系方式。"),
            evidence=f"指南页面：{', '.join(p['url'] for p in pages[:3])}；缺少：{'、'.join(missing)}")
