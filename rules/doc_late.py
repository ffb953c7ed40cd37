"""doc.late: a document put online more than 20 working days after its 成文日期."""

from __future__ import annotations

from collections.abc import Iterator

from .base import AuditContext, Deduction, Finding, Rule, Setting
from .policydocs import PolicyDoc, read_site
from .workdays import workdays_between

NOT_PROACTIVE = ("依申请公开", "不予公开", "不公开")


def late_summary(ctx: AuditContext, settings: dict | None = None) -> dict:
    """Counts a report can print: documents judged late, in time, and not judged (dates outside the calendar)."""
    late, timely, unknown = DocLate(settings).judge(ctx)
    return {"late": len(late), "in_time": len(timely), "unknown": len(unknown), "unknown_urls": unknown}


class DocLate(Rule):
    """Late publication: a document goes online more than 20 working days after it was made.

    What:
        政策文件类栏目中的文件，元数据同时有“成文日期”和“发布日期”时，按国务院办公厅公布的节假日与
        调休安排（chinesecalendar 数据）数成文日期之后到发布日期的工作日；超过 max_workdays（默认 20）
        的报告一条。任一日期超出节假日数据的年份时不作判断、不按周末推算，记为无法判断（unknown：
        列在每条发现的 data 中，并由 late_summary 汇总供报告显示）。公开方式写明依申请公开或不予公开的文件不检查。
    Why:
        主动公开的政府信息应在形成之日起 20 个工作日内公开；迟迟不上网的文件，公众无从及时知晓。
    Basis:
        平政办发〔2020〕70号 二(二)4“要严格执行‘主动公开文件印发实施后20个工作日内上网发布’的时限要求”
        （种子文件 002，C）；《政府信息公开条例》第二十六条（20 个工作日内，研究笔记 §4，C）。
    Bad:
        成文日期 2026-08-03，发布日期 2026-09-14：相隔 30 个工作日。
    Good:
        成文日期 2026-09-28，发布日期 2026-10-27：中间有国庆长假，只有 17 个工作日（只去掉周末会数成 21 个）。
    Fix:
        文件印发后 20 个工作日内在网站发布；建立主动公开文件台账，逐件核对上网时间。
    """

    id = "doc.late"
    shared_reads = True  # rules.policydocs / AuditContext.once
    title = "文件公开不及时"
    severity = "扣分"
    scope = "page"
    basis = "平政办发〔2020〕70号 二(二)4“主动公开文件印发实施后20个工作日内上网发布”；政府信息公开条例 第二十六条"
    basis_status = "C"
    deduction = Deduction(
        points=0.2,
        cap=2.0,
        status="暂定",
        clause="平政办发〔2020〕70号 二(二)4 / 政府信息公开条例 第二十六条 20个工作日 (分值暂定)",
    )
    settings = {"max_workdays": Setting(20, int, "成文日期到发布日期之间允许的工作日数（条例规定 20 个工作日）。")}

    def judge(self, ctx: AuditContext) -> tuple[list[tuple[PolicyDoc, int]], list[PolicyDoc], list[str]]:
        """(late documents with their working days, documents in time, urls not judged: outside the calendar)."""
        limit = int(self.config["max_workdays"])
        late, timely, unknown = [], [], []
        for doc in read_site(ctx)[0]:
            if not (doc.written and doc.published) or any(w in doc.disclosure for w in NOT_PROACTIVE):
                continue
            days = workdays_between(doc.written, doc.published)
            if days is None:
                unknown.append(doc.url)
            elif days > limit:
                late.append((doc, days))
            else:
                timely.append(doc)
        return late, timely, unknown

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        limit = int(self.config["max_workdays"])
        late, _, unknown = self.judge(ctx)
        for doc, days in late:
            yield self.finding(
                ctx, url=doc.url, key=[doc.url],
                message=(f"文件《{doc.title}》成文日期 {doc.written.isoformat()}，发布日期 "
                         f"{doc.published.isoformat()}，相隔 {days} 个工作日，超过 {limit} 个工作日的公开时限。"),
                evidence=(f"栏目：{doc.column or '未知'}；标题：{doc.title}；成文日期：{doc.written.isoformat()}；"
                          f"发布日期：{doc.published.isoformat()}；工作日：{days}"),
                data={"written_date": doc.written.isoformat(), "publish_date": doc.published.isoformat(),
                      "workdays": days, "max_workdays": limit, "unknown": unknown})
