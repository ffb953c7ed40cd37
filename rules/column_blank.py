"""column.blank: listing columns that carry no item at all (空白栏目)."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Rule, Setting, Severity


class ColumnBlank(Rule):
    """Blank column: a listing column with no item.

    What:
        栏目列表页可以打开，但没有任何一条信息（条目数为 0）。导航栏目、无法核验的栏目和首页不在此列。
        空白栏目达到 veto_count（默认 5）个时，每个空白栏目都按单项否决报告，否则按扣分报告。
    Why:
        国办秘函〔2019〕19号把空白栏目达到 5 个列为栏目不更新的单项否决情形之一；
        平政办发〔2020〕70号要求在“读网”核查中不出现“僵尸”栏目。
    Basis:
        国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决·栏目不更新第(3)项：
        空白栏目 ≥ 5 个（criteria.md §1.2 转述，状态 C）；空白栏目指自开设以来从未发布过信息的栏目
        （国办发〔2015〕15号普查评分表注释，C）。平政办发〔2020〕70号 二(三)7“确保在国家和省上‘读网’
        核查过程中不出现‘僵尸’栏目”（种子文件 002，C）。
    Bad:
        “重大建设项目”栏目列表页显示“暂无相关信息”，抓取到 0 条信息。
    Good:
        栏目列表中至少有一条信息；或该栏目只是导航页（下设子栏目），本身不承载信息。
    Fix:
        在该栏目补充发布应公开的信息；确无内容的栏目应合并或撤销，并同步调整导航。
    """

    id = "column.blank"
    title = "空白栏目"
    severity = Severity.DEDUCT
    scope = "column"
    basis = "国办秘函〔2019〕19号 单项否决·栏目不更新（空白栏目数量≥5个）"
    basis_status = "C"
    settings = {
        "veto_count": Setting(5, int, "空白栏目达到这个数量时，每个空白栏目都按单项否决报告，否则按扣分报告。"),
    }
    deduction = Deduction(
        points=1.0, cap=4.0, status="暂定",
        clause="国办秘函〔2019〕19号 单项否决·空白栏目≥5个 (C); 未达否决线时每个扣分 (分值暂定)")

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        blank = list(ctx.rows(
            "columns", "kind = 'listing' AND COALESCE(item_count, 0) = 0", order_by="url"))
        veto = len(blank) >= int(self.config["veto_count"])
        for column in blank:
            yield self._finding(ctx, column, len(blank), veto)

    def _finding(self, ctx: AuditContext, column: dict, total: int, veto: bool) -> Finding:
        name = column.get("name") or "（未命名栏目）"
        where = column.get("path") or name
        summary = (f"全站共有 {total} 个空白栏目，达到单项否决标准（≥{self.config['veto_count']} 个）"
                   if veto else f"全站共有 {total} 个空白栏目")
        return self.finding(
            ctx,
            url=column["url"],
            message=f"栏目“{name}”没有任何信息，请补充发布内容或撤销该栏目。{summary}。",
            evidence=f"栏目：{where}；地址：{column['url']}；抓取到的信息条数：0；"
                     f"列表页数：{column.get('pages') or 0}",
            key=[column["url"]],
            severity=Severity.VETO if veto else Severity.DEDUCT,
            data={"column": name, "path": column.get("path") or "", "blank_columns": total,
                  "veto": veto},
        )
